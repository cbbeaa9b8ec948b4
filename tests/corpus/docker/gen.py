# Writes the labelled corpus: each case a Dockerfile (or compose file) and its
# expected problems as check/rule ids in labels.toml. Kept in the repository
# so cases can be reviewed and regenerated; the files it writes are committed.
D = "@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1"
TAIL = 'USER 10001\nHEALTHCHECK CMD ["/app", "healthcheck"]\nCMD ["/app"]\n'
cases = []
def case(name, text, problems):
    cases.append((name, text, sorted(problems)))

P, N, H, S, K, A, E, C, F, M = ("docker.pinned-base-image", "docker.non-root-user", "docker.healthcheck",
    "docker.no-secrets-in-image", "docker.package-hygiene", "docker.copy-not-add", "docker.exec-form",
    "docker.no-curl-pipe-shell", "docker.pipefail", "docker.multistage")

case("01-clean-digest", f"FROM alpine:3.19{D}\nCOPY app /app\n" + TAIL, [])
case("02-latest", "FROM alpine:latest\nCOPY app /app\n" + TAIL, [f"{P}/latest-tag"])
case("03-no-tag", "FROM alpine\nCOPY app /app\n" + TAIL, [f"{P}/no-tag"])
case("04-version-tag", "FROM alpine:3.19\nCOPY app /app\n" + TAIL, [f"{P}/tag-not-digest"])
case("05-arg-default-latest", "ARG BASE=node:latest\nFROM ${BASE}\nCOPY app /app\n" + TAIL, [f"{P}/latest-tag"])
case("06-arg-default-digest", f"ARG BASE=node:20-slim{D}\nFROM ${{BASE}}\nCOPY app /app\n" + TAIL, [])
case("07-multistage-clean", f"FROM golang:1.22{D} AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot{D}\nCOPY --from=build /app /app\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nENTRYPOINT [\"/app\"]\n", [])
case("08-scratch-final", f"FROM golang:1.22{D} AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n" + TAIL, [])
case("09-root-at-end", f"FROM debian:12-slim{D}\nRUN useradd app\nUSER app\nRUN echo hi\nUSER root\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nCMD [\"/app\"]\n", [f"{N}/root-user"])
case("10-no-user", f"FROM python:3.12-slim{D}\nCOPY . /app\nHEALTHCHECK CMD [\"python\", \"/app/health.py\"]\nCMD [\"python\", \"/app/main.py\"]\n", [f"{N}/no-user"])
case("11-user-only-build-stage", f"FROM node:20{D} AS build\nUSER node\nRUN npm ci && npm run build\nFROM node:20-slim{D}\nCOPY --from=build /app/dist /app\nHEALTHCHECK CMD [\"node\", \"/app/health.js\"]\nCMD [\"node\", \"/app/server.js\"]\n", [f"{N}/no-user"])
case("12-numeric-uid-gid", f"FROM debian:12-slim{D}\nCOPY app /app\nUSER 65532:65532\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nCMD [\"/app\"]\n", [])
case("13-no-healthcheck", f"FROM alpine:3.19{D}\nCOPY app /app\nUSER 10001\nCMD [\"/app\"]\n", [f"{H}/no-healthcheck"])
case("14-healthcheck-none", f"FROM alpine:3.19{D}\nCOPY app /app\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n", [f"{H}/no-healthcheck"])
case("15-secret-env", f"FROM node:20-slim{D}\nENV STRIPE_SECRET_KEY=Hx93kLmQ0pZr7sVtYw\nCOPY app /app\n" + TAIL, [f"{S}/secret-env"])
case("16-secret-arg", f"FROM node:20-slim{D}\nARG NPM_TOKEN=npm_Zx81kQmL0pVt7sRrWq2\nRUN echo \"//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}\" > .npmrc && npm ci\n" + TAIL, [f"{S}/secret-env"])
case("17-secret-env-reference", f"FROM node:20-slim{D}\nARG NPM_TOKEN\nENV API_TOKEN=${{API_TOKEN}} DB_PASSWORD=\"\"\nENV DB_PASSWORD_FILE=/run/secrets/db\n" + TAIL, [])
case("18-copy-dotenv", f"FROM node:20-slim{D}\nCOPY .env /app/.env\nCOPY app /app\n" + TAIL, [f"{S}/secret-file"])
case("19-copy-ssh-key", f"FROM alpine:3.19{D}\nCOPY id_rsa /root/.ssh/id_rsa\nCOPY app /app\n" + TAIL, [f"{S}/secret-file"])
case("20-url-credentials", f"FROM python:3.12-slim{D}\nENV PIP_INDEX_URL=https://deploy:Qm7zXc2vLp9tRw@pypi.internal.test/simple\nCOPY app /app\n" + TAIL, [f"{S}/url-credentials"])
case("21-apt-all-wrong", f"FROM debian:12-slim{D}\nRUN apt-get update && apt-get install -y curl\n" + TAIL,
     [f"{K}/apt-no-install-recommends", f"{K}/apt-lists-not-cleaned", f"{K}/apt-unpinned"])
case("22-apt-clean-unpinned", f"FROM debian:12-slim{D}\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n" + TAIL, [f"{K}/apt-unpinned"])
case("23-apt-perfect", f"FROM debian:12-slim{D}\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n && rm -rf /var/lib/apt/lists/*\n" + TAIL, [])
case("24-apt-upgrade", f"FROM ubuntu:22.04{D}\nRUN apt-get update && apt-get -y upgrade && apt-get install -y --no-install-recommends curl=7.81.0-1 && rm -rf /var/lib/apt/lists/*\n" + TAIL, [f"{K}/upgrade"])
case("25-apt-cache-mount", f"# syntax=docker/dockerfile:1\nFROM debian:12-slim{D}\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1\n" + TAIL, [])
case("26-apk-cache", f"FROM alpine:3.19{D}\nRUN apk add curl\n" + TAIL, [f"{K}/apk-no-cache", f"{K}/apk-unpinned"])
case("27-apk-good", f"FROM alpine:3.19{D}\nRUN apk add --no-cache curl=8.5.0-r0 tini=0.19.0-r2\n" + TAIL, [])
case("28-yum", f"FROM centos:7{D}\nRUN yum install -y httpd\n" + TAIL, [f"{K}/yum-no-clean", f"{K}/yum-unpinned"])
case("29-dnf-good", f"FROM fedora:40{D}\nRUN dnf install -y nginx-1.24.0 && dnf clean all\n" + TAIL, [])
case("30-add-local", f"FROM alpine:3.19{D}\nADD app /app\n" + TAIL, [f"{A}/add-local-file"])
case("31-add-tar-and-url", f"FROM alpine:3.19{D}\nADD rootfs.tar.gz /opt/\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.test/tool /usr/local/bin/tool\n" + TAIL, [])
case("32-shell-cmd", f"FROM node:20-slim{D}\nCOPY . /app\nUSER node\nHEALTHCHECK CMD [\"node\", \"/app/health.js\"]\nCMD node /app/server.js\n", [f"{E}/shell-form"])
case("33-shell-entrypoint", f"FROM alpine:3.19{D}\nCOPY entry.sh /entry.sh\nUSER 10001\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nENTRYPOINT /entry.sh\n", [f"{E}/shell-form"])
case("34-curl-bash", f"FROM debian:12-slim{D}\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://deb.nodesource.test/setup_20.x | bash -\n" + TAIL, [f"{C}/curl-pipe-shell"])
case("35-curl-verified", f"FROM debian:12-slim{D}\nRUN curl -fsSLo /tmp/i.sh https://example.test/i.sh \\\n && echo \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  /tmp/i.sh\" | sha256sum -c - \\\n && sh /tmp/i.sh\n" + TAIL, [f"{F}/no-pipefail"])
case("36-pipe-no-pipefail", f"FROM alpine:3.19{D}\nRUN wget -qO- https://example.test/tool.tgz | tar -xz -C /usr/local/bin\n" + TAIL, [f"{F}/no-pipefail"])
case("37-pipe-inline-pipefail", f"FROM alpine:3.19{D}\nRUN set -o pipefail && wget -qO- https://example.test/tool.tgz | tar -xz -C /usr/local/bin\n" + TAIL, [])
case("38-single-stage-go", f"FROM golang:1.22{D}\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n" + TAIL, [f"{M}/toolchain-in-final-stage"])
case("39-single-stage-maven", f"FROM maven:3.9-eclipse-temurin-21{D}\nCOPY . /src\nRUN mvn -f /src/pom.xml package\nUSER 10001\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:8080/actuator/health\"]\nCMD [\"java\", \"-jar\", \"/src/target/app.jar\"]\n", [f"{M}/toolchain-in-final-stage"])
case("40-java-multistage", f"FROM maven:3.9-eclipse-temurin-21{D} AS build\nCOPY . /src\nRUN mvn -f /src/pom.xml package\nFROM eclipse-temurin:21-jre{D}\nCOPY --from=build /src/target/app.jar /app.jar\nUSER 10001\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:8080/actuator/health\"]\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n", [])
case("41-commented-bad-lines", f"# FROM node:latest\nFROM node:20-slim{D}\n# USER root\n# RUN curl https://x.test | sh\n# ADD app /app\nCOPY app /app\n" + TAIL, [])
case("42-typical-node", "FROM node:18\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nEXPOSE 8080\nCMD [ \"node\", \"server.js\" ]\n",
     [f"{P}/tag-not-digest", f"{N}/no-user", f"{H}/no-healthcheck"])
case("43-typical-python", "FROM python:3.11\nRUN apt-get update && apt-get install -y libpq-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD python app.py\n",
     [f"{P}/tag-not-digest", f"{N}/no-user", f"{H}/no-healthcheck", f"{K}/apt-no-install-recommends", f"{K}/apt-lists-not-cleaned", f"{K}/apt-unpinned", f"{E}/shell-form"])
case("44-heredoc-run", f"# syntax=docker/dockerfile:1\nFROM debian:12-slim{D}\nRUN <<EOF\nset -e\napt-get update\napt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\nrm -rf /var/lib/apt/lists/*\nEOF\n" + TAIL, [])
case("45-heredoc-curl-sh", f"# syntax=docker/dockerfile:1\nFROM debian:12-slim{D}\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\ncurl -fsSL https://get.example.test | sh\nEOF\n" + TAIL, [f"{C}/curl-pipe-shell"])
case("46-escape-backtick", f"# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022{D}\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-ChildItem C:\\ | Out-Null\nUSER ContainerUser\nHEALTHCHECK CMD [\"powershell\", \"-Command\", \"exit 0\"]\nCMD [\"C:\\\\app\\\\app.exe\"]\n", [])
case("47-no-from", "RUN echo hello\nCMD [\"sh\"]\n", [f"{P}/no-from"])
case("48-unknown-instruction", f"FROM alpine:3.19{D}\nCOPPY app /app\n" + TAIL, [f"{P}/unknown-instruction"])
case("49-unterminated-heredoc", f"FROM alpine:3.19{D}\nRUN <<EOF\necho never closed\n", [f"{P}/unterminated-heredoc"])
case("50-gosu-entrypoint", f"FROM debian:12-slim{D}\nRUN apt-get update && apt-get install -y --no-install-recommends gosu=1.14-1+b10 && rm -rf /var/lib/apt/lists/*\nCOPY entrypoint.sh /entrypoint.sh\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nENTRYPOINT [\"/entrypoint.sh\"]\n", [f"{N}/no-user"])
case("51-distroless-nonroot-nouser", f"FROM gcr.io/distroless/base-debian12:nonroot{D}\nCOPY app /app\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nENTRYPOINT [\"/app\"]\n", [])
case("52-inherited-user-and-healthcheck", f"FROM alpine:3.19{D} AS base\nRUN adduser -D app\nUSER app\nHEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nFROM base\nCOPY app /app\nCMD [\"/app\"]\n", [])
case("53-everything-wrong", "FROM ubuntu\nENV AWS_SECRET_ACCESS_KEY=q7Rm2XvT9pLk4ZsW8nYbC3dF6gHj1KuN0aE5iOo\nRUN apt-get update && apt-get upgrade -y && apt-get install -y curl\nRUN curl -sL https://install.example.test | bash\nADD . /app\nCMD /app/start.sh\n",
     [f"{P}/no-tag", f"{N}/no-user", f"{H}/no-healthcheck", f"{S}/secret-env", f"{K}/upgrade", f"{K}/apt-no-install-recommends", f"{K}/apt-lists-not-cleaned", f"{K}/apt-unpinned", f"{C}/curl-pipe-shell", f"{F}/no-pipefail", f"{A}/add-local-file", f"{E}/shell-form"])
case("54-copy-from-stage-named-like-image", f"FROM node:20{D} AS node\nRUN npm ci\nFROM node\nUSER node\nHEALTHCHECK CMD [\"node\", \"h.js\"]\nCMD [\"node\", \"s.js\"]\n", [])
case("55-placeholder-secrets", f"FROM postgres:16{D}\nENV POSTGRES_PASSWORD=changeme POSTGRES_USER=app\n" + TAIL, [])
case("56-dnf-upgrade", f"FROM fedora:40{D}\nRUN dnf -y upgrade && dnf clean all\n" + TAIL, [f"{K}/upgrade"])
# Tags that name a variant or channel but no version float like latest;
# near misses: a version before the variant, a distribution codename, a
# versioned image name, and a version-less tag held by a digest.
case("57-variant-only-tag", "FROM node:alpine\nCOPY app /app\n" + TAIL, [f"{P}/floating-tag"])
case("58-slim-only-tag", "FROM python:slim\nCOPY app /app\n" + TAIL, [f"{P}/floating-tag"])
case("59-lts-channel-tag", "FROM node:lts-alpine3.19\nCOPY app /app\n" + TAIL, [f"{P}/floating-tag"])
case("60-version-and-variant", "FROM node:20-alpine\nCOPY app /app\n" + TAIL, [f"{P}/tag-not-digest"])
case("61-distro-codename", "FROM debian:bookworm-slim\nCOPY app /app\n" + TAIL, [f"{P}/tag-not-digest"])
case("62-variant-tag-with-digest", f"FROM ruby:alpine{D}\nCOPY app /app\n" + TAIL, [])

import json, os
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "labels.toml"), "w") as out:
    out.write("# Expected problems per case, as check/rule ids. Written by gen.py.\n")
    for name, text, problems in cases:
        fn = f"{name}.Dockerfile"
        with open(os.path.join(here, fn), "w") as f:
            f.write(text)
        out.write(f"\n[\"{fn}\"]\nproblems = {json.dumps(problems)}\n")

# Compose cases: each is one compose file in a repository of its own (named
# `compose.yaml` unless the case gives a path: the name says whether it is a
# development or a deployment file), judged by reliability.health-checks and
# the compose checks (service profile). Medium-confidence findings count as
# problems; low-confidence ones (development files) do not.
R = "reliability.health-checks/no-health-check"
S = "docker.compose-no-literal-secrets/literal-env"
L = "docker.compose-resource-limits/no-limits"
HC = "    healthcheck:\n      test: [\"CMD\", \"/app\", \"-healthcheck\"]\n"
LIM = "    deploy:\n      resources:\n        limits: {memory: 512M, cpus: \"1\"}\n"
compose = [
    ("c01-healthcheck", "services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/healthz\"]\n      interval: 10s\n", [L]),
    ("c02-none", "services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    restart: unless-stopped\n", [R, L]),
    ("c03-disabled", "services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      disable: true\n", [R, L]),
    ("c04-test-none", "services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      test: [\"NONE\"]\n", [R, L]),
    # The database's pg_isready orders startup; the service built here has
    # no health check of its own.
    ("c05-only-the-database", "services:\n  api:\n    build: .\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U app\"]\n", [R, L]),
    ("c06-anchor-merge", "x-health: &health\n  healthcheck:\n    test: [\"CMD\", \"true\"]\nservices:\n  api:\n    <<: *health\n    image: a:1\n", [L]),
    ("c07-env-list-and-map", "services:\n  api:\n    image: a:1\n    environment:\n      - LOG_LEVEL=info\n  worker:\n    image: b:1\n    environment:\n      QUEUE: jobs\n", [R, L]),
    ("c08-commented-healthcheck", "services:\n  api:\n    image: a:1\n    # healthcheck:\n    #   test: [\"CMD\", \"true\"]\n", [R, L]),
    ("c09-string-test", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: curl -f http://localhost/ || exit 1\n", [L]),
    ("c10-broken-yaml", "services:\n  api:\n    image: a:1\n   healthcheck: [\n", []),
    ("c11-deploy-resources-only", "services:\n  api:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n", [R, L]),
    ("c12-app-checked-db-not", "services:\n  api:\n    build: .\n" + HC + LIM + "  db:\n    image: postgres:16\n" + LIM, []),
    ("c13-prod-generated-secret", "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n" + HC + LIM + "    environment:\n      - LOG_LEVEL=info\n      - JWT_SECRET=Q7vLk29XmPz4RtW8nB3c\n", [S], "docker-compose.prod.yml"),
    ("c14-prod-interpolated", "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n" + HC + LIM + "    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?required}\n      JWT_SECRET: ${JWT_SECRET}\n", [], "docker-compose.prod.yml"),
    ("c15-weak-literal", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      ADMIN_PASSWORD: Winter2024\n", [S]),
    # A development stack: a throwaway password is a low note, limits are
    # not asked for.
    ("c16-dev-literal", "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: kq8Lm2Zx\n  api:\n    build: .\n" + HC, [], "docker-compose.dev.yml"),
    ("c17-placeholders", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      SMTP_PASSWORD: changeme\n      API_TOKEN: <your-api-token>\n      SECRET_KEY: ${SECRET_KEY:-insecure-dev-key}\n", []),
    ("c18-config-names", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      DB_USER: app\n      PASSWORD_FILE: /run/secrets/db_password\n      OIDC_CLIENT_ID: web-portal\n", []),
    ("c19-from-the-shell", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      - DB_PASSWORD\n      - STRIPE_API_KEY\n", []),
    ("c20-legacy-limits", "services:\n  app:\n    image: acme/app:1\n" + HC + "    mem_limit: 768m\n    cpus: 0.75\n", []),
    ("c21-reservations-only", "services:\n  app:\n    image: acme/app:1\n" + HC + "    deploy:\n      resources:\n        reservations:\n          memory: 1G\n", [L], "deploy/compose.yaml"),
    ("c22-debug-profile", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "  adminer:\n    image: adminer:4\n    profiles: [debug]\n", []),
    ("c23-prod-memory-only", "services:\n  app:\n    image: acme/app:1\n" + HC + "    mem_limit: 1g\n", [L], "docker-compose.production.yml"),
    ("c24-secret-in-map-and-list", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      API_KEY: \"Zx81KqP0vLm2Tr9Wd4Hs\"\n  worker:\n    image: acme/worker:1\n" + HC + LIM + "    environment:\n      - WORKER_TOKEN=${WORKER_TOKEN}\n", [S]),
    # Well-known default passwords are the secret scanner's placeholders.
    ("c25-default-password", "services:\n  db:\n    image: postgres:16\n" + LIM + "    environment:\n      POSTGRES_PASSWORD: postgres\n  app:\n    image: acme/app:1\n" + HC + LIM, []),
    # A URL is not a credential-named variable (the secret scanner reads
    # credentials inside URLs).
    ("c26-url-variable", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n", []),
    ("c27-stack-file-no-limits", "services:\n  app:\n    image: acme/app:1\n" + HC, [L], "deploy/compose.stack.yaml"),
    ("c29-root-password-high", "services:\n  db:\n    image: mysql:8.4\n" + LIM + "    environment:\n      MYSQL_ROOT_PASSWORD: \"Tr0ub4dor3xQ9\"\n  app:\n    image: acme/app:1\n" + HC + LIM, [S]),
    # The documented AWS example key says EXAMPLE: a sample, not a secret.
    ("c30-documented-example-key", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      - AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", []),
    ("c31-provider-token", "services:\n  bot:\n    image: acme/bot:1\n" + HC + LIM + "    environment:\n      GITHUB_TOKEN: ghp_R7kLm2Xv9TqPz4WsN8bY3cD6fGh1JkU0aE5i\n", [S], "deploy/docker-compose.yml"),
    ("c32-empty-value", "services:\n  cache:\n    image: acme/cache:1\n" + HC + LIM + "    environment:\n      REDIS_PASSWORD: \"\"\n", []),
    ("c33-required-interpolation", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    environment:\n      - API_KEY=${API_KEY?API_KEY is required}\n", []),
    ("c34-rails-secret-key-base", "services:\n  web:\n    image: acme/web:1\n" + HC + LIM + "    environment:\n      SECRET_KEY_BASE: 4f9c2b7e81d04a6f93c5e2b8d7a1f6c03e9b5d2a8f7c4e1b6d3a9f0c2e5b8d7a\n", [S]),
    ("c35-env-file-and-secrets", "services:\n  app:\n    image: acme/app:1\n" + HC + LIM + "    env_file: .env\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n", [], "docker-compose.prod.yml"),
    ("c28-override-file", "services:\n  app:\n    build: .\n    environment:\n      SESSION_SECRET: kq8Lm2ZxPw4\n" + HC, [], "compose.override.yaml"),
]
with open(os.path.join(here, "compose-labels.toml"), "w") as out:
    out.write("# Expected problems per compose case (each alone in a repository, at `path`). Written by gen.py.\n")
    for name, text, problems, *path in compose:
        fn = f"{name}.compose.yaml"
        with open(os.path.join(here, fn), "w") as f:
            f.write(text)
        out.write(f"\n[\"{fn}\"]\nproblems = {json.dumps(problems)}\n")
        out.write(f"path = {json.dumps(path[0] if path else 'compose.yaml')}\n")
