FROM alpine:3.19@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
ADD rootfs.tar.gz /opt/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.test/tool /usr/local/bin/tool
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
