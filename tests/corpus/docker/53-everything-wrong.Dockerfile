FROM ubuntu
ENV AWS_SECRET_ACCESS_KEY=q7Rm2XvT9pLk4ZsW8nYbC3dF6gHj1KuN0aE5iOo
RUN apt-get update && apt-get upgrade -y && apt-get install -y curl
RUN curl -sL https://install.example.test | bash
ADD . /app
CMD /app/start.sh
