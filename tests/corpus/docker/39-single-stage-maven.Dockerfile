FROM maven:3.9-eclipse-temurin-21@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
COPY . /src
RUN mvn -f /src/pom.xml package
USER 10001
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/actuator/health"]
CMD ["java", "-jar", "/src/target/app.jar"]
