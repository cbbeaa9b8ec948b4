#!/usr/bin/env python3
"""Generate tests/corpus/secrets/blind.jsonl: the blind batch for issue 6.

Written before the engine was changed for it, and scored once as it stood
(first-run numbers in docs/benchmarks-secrets.md); the engine was then fixed,
never the cases. Same format as cases.jsonl, plus an optional `confidence`
map (rule id -> "high" | "medium" | "low"): the confidence a reviewer would
give that finding. It covers the kinds issue 6 names: false-positive classes
(translation catalogues, references to secrets kept elsewhere, HTTP header
names, Kubernetes Secret keys that hold no credential, commented seed lines,
documentation samples and dummy values) and recall gaps (Django SECRET_KEY,
Java .properties passwords, SQL, command lines, AWS session tokens, URLs in
Dockerfile ENV/ARG, positional Twilio tokens, hex-encoded keys).

    python3 tests/corpus/secrets/gen_blind.py
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokens  # noqa: E402

CASES = []


def pos(name, path, content, **expect):
    """expect: rule id (dashes as underscores) -> confidence."""
    conf = {k.replace("_", "-"): v for k, v in expect.items()}
    CASES.append((name, path, content, list(conf), conf))


def neg(name, path, content):
    CASES.append((name, path, content, [], {}))


# ----------------------------------------------------------- recall gaps
pos("django-settings-prod", "shop/settings/production.py", """from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["shop.acme.io"]
SECRET_KEY = '{{dj:50}}'
SESSION_COOKIE_SECURE = True
""", django_secret_key="high")

pos("django-settings-insecure-dev", "mysite/settings.py", """# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "django-insecure-{{dj:50}}"

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = True
""", django_secret_key="low")

neg("django-settings-env", "mysite/settings.py", """import os
from django.core.management.utils import get_random_secret_key

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECRET_KEY_FALLBACKS = []
if DEBUG:
    SECRET_KEY = get_random_secret_key()
""")

pos("spring-properties-prod", "src/main/resources/application-prod.properties", """server.port=8080
spring.datasource.url=jdbc:postgresql://orders-db.prod.acme.internal:5432/orders
spring.datasource.username=orders_app
spring.datasource.password=Xk9#pL2!vQ7$zRw4&m
spring.jpa.hibernate.ddl-auto=validate
""", properties_secret="high")

pos("properties-mail-password", "config/app.properties", """mail.smtp.host=smtp.acme.io
mail.smtp.user=notifier
mail.smtp.password={{pw:14}}#;x
""", properties_secret="medium")

neg("spring-properties-env", "src/main/resources/application.properties", """spring.datasource.url=${JDBC_URL}
spring.datasource.username=${DB_USER}
spring.datasource.password=${DB_PASSWORD}
spring.mail.password=
app.jwt.secret=${JWT_SECRET:}
""")

pos("sql-create-user", "db/init/01-users.sql", """CREATE DATABASE orders;
CREATE USER orders_rw WITH PASSWORD 'Vq8!zK2pR7mW{{b62:6}}';
GRANT ALL PRIVILEGES ON DATABASE orders TO orders_rw;
""", sql_password="medium")

pos("sql-alter-role", "migrations/0042_reporting_role.sql", """-- read-only role for the BI tool
ALTER ROLE reporting WITH LOGIN PASSWORD '{{pw:18}}';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;
""", sql_password="medium")

pos("sql-identified-by", "docker/mysql/init.sql", """CREATE USER 'shop'@'%' IDENTIFIED BY '{{pw:16}}';
GRANT ALL ON shop.* TO 'shop'@'%';
""", sql_password="medium")

pos("sql-test-user", "tests/sql/setup.sql", """CREATE USER tester WITH PASSWORD '{{pw:12}}';
""", sql_password="low")

neg("sql-no-literal", "db/roles.sql", """-- CREATE USER app WITH PASSWORD 'changeme';
CREATE USER app WITH PASSWORD :'app_password';
ALTER USER legacy PASSWORD NULL;
CREATE USER 'svc'@'%' IDENTIFIED BY '${SVC_DB_PASSWORD}';
ALTER USER ops IDENTIFIED WITH caching_sha2_password BY 'password';
""")

pos("cli-mysqldump", "scripts/backup.sh", """#!/bin/sh
set -e
mysqldump -h db.acme.internal -u backup -p{{pw:14}} shop | gzip > /backups/shop.sql.gz
""", cli_password="medium")

pos("cli-pgpassword", "deploy/migrate.sh", """#!/usr/bin/env bash
PGPASSWORD={{pw:16}} psql -h orders-db.acme.internal -U orders -d orders -f migrate.sql
""", cli_password="medium")

pos("cli-sshpass", "ops/push_config.sh", """#!/bin/bash
sshpass -p '{{pw:14}}' scp nginx.conf deploy@10.20.0.5:/etc/nginx/
""", cli_password="medium")

neg("cli-no-literal", "scripts/db.sh", """#!/bin/sh
mysql -u root -p"$MYSQL_ROOT_PASSWORD" -e 'select 1'
mysql -u root -p shop
mysql -h db -P 3306 -u app -p${DB_PASS} shop
PGPASSWORD=$DB_PASS psql -h db -U app
export PGPASSWORD="${POSTGRES_PASSWORD}"
sshpass -p "$SSHPASS" ssh deploy@host
mysql -uroot -proot
""")

pos("aws-session-token-env", "deploy/.env", """AWS_REGION=eu-central-1
AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjE{{b64:180}}
""", aws_session_token="medium")

neg("aws-session-token-ref", ".github/workflows/deploy.yml", """jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_SESSION_TOKEN: ${{ secrets.AWS_SESSION_TOKEN }}
      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - run: aws s3 sync dist s3://acme-site
""")

pos("dockerfile-pip-index", "Dockerfile", """FROM python:3.12-slim
ENV PIP_EXTRA_INDEX_URL=https://deploy:{{url:24}}@pypi.acme-corp.io/simple
COPY requirements.txt .
RUN pip install -r requirements.txt
""", url_password="high")

pos("dockerfile-npm-arg", "web/Dockerfile", """FROM node:20
ARG NPM_REGISTRY=https://ci-reader:{{b62:20}}@npm.internal.acme.net/
RUN npm config set registry $NPM_REGISTRY && npm ci
""", url_password="high")

neg("dockerfile-index-refs", "Dockerfile", """FROM python:3.12-slim
ARG PYPI_USER
ARG PYPI_TOKEN
ENV PIP_INDEX_URL=https://${PYPI_USER}:${PYPI_TOKEN}@pypi.acme-corp.io/simple
# ENV PIP_INDEX_URL=https://user:pass@pypi.example.com/simple
RUN pip install -r requirements.txt
""")

pos("twilio-positional", "notify/sms.py", """from twilio.rest import Client

ACCOUNT_SID = "AC{{hex:32}}"
client = Client(ACCOUNT_SID, "{{hex:32}}")
""", twilio_auth_token="medium")

pos("twilio-positional-literal", "app/services/sms.rb", """require "twilio-ruby"

@client = Twilio::REST::Client.new("AC{{hex:32}}", "{{hex:32}}")
""", twilio_auth_token="medium")

neg("twilio-positional-vars", "notify/sms.py", """from twilio.rest import Client
import os

client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
other = Client(account_sid, auth_token)
""")

pos("hex-signing-key-python", "app/crypto.py", """import hmac

SIGNING_KEY = bytes.fromhex("{{hex:64}}")


def sign(body: bytes) -> str:
    return hmac.new(SIGNING_KEY, body, "sha256").hexdigest()
""", hex_encoded_key="medium")

pos("hex-signing-key-go", "internal/auth/hmac.go", """package auth

import "encoding/hex"

var hmacKey, _ = hex.DecodeString("{{hex:64}}")
""", hex_encoded_key="medium")

neg("hex-not-a-key", "app/verify.py", """EXPECTED_DIGEST = bytes.fromhex("{{hex:64}}")
PUBLIC_KEY = bytes.fromhex("{{hex:64}}")
SIGNING_KEY = bytes.fromhex(os.environ["SIGNING_KEY"])
""")

pos("generic-yaml-config", "config/production.yml", """payments:
  provider: acme-pay
  api_key: "{{b62:32}}"
""", generic_secret="medium")

pos("aws-secret-well-known", "deploy/prod.env", """AWS_DEFAULT_REGION=us-east-1
AWS_SECRET_ACCESS_KEY={{awssecret}}
""", aws_secret_access_key="high")

pos("database-url-remote", ".env.production", """NODE_ENV=production
DATABASE_URL=postgres://app:{{b62:22}}@prod-db.acme.internal:5432/app
""", connection_string_password="high")

pos("database-url-local", "docker-compose.yml", """services:
  api:
    environment:
      DATABASE_URL: postgres://app:{{b62:16}}@db:5432/app
""", connection_string_password="medium")

pos("k8s-secret-client-secret", "deploy/k8s/oidc-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: grafana-oidc
type: Opaque
stringData:
  OIDC_CLIENT_ID: grafana
  OIDC_CLIENT_SECRET: {{b62:32}}
""", k8s_secret_data="high")

pos("seed-uncommented", "db/seeds.rb", """User.create!(email: "admin@acme.io", password: "{{pw:14}}", admin: true)
""", generic_secret="low")

# ------------------------------------------------- false-positive classes
neg("locale-json-fr", "src/locales/fr/translation.json", """{
  "form.integration.x_api_key": "Clé_d'API_X",
  "password": "Mot_de_passe",
  "apiToken": "Jeton_d'API",
  "settings.secretKey": "Clé_secrète_générée",
  "auth.tokenExpired": "Votre_jeton_a_expiré",
  "integrations.webhookSecret": "Secret_du_webhook"
}
""")

neg("locale-yaml-de", "config/locales/de.yml", """de:
  devise:
    passwords:
      password: Passwörter
      reset_password_token: Passwort-Zurücksetzungsschlüssel
  integrations:
    api_key: API-Schlüssel
    auth_token: Authentifizierungstoken
""")

neg("locale-po-es", "locale/es/LC_MESSAGES/django.po", """#: accounts/forms.py:42
msgid "password"
msgstr "contraseña"

#: integrations/forms.py:17
msgid "api_key=%(key)s"
msgstr "clave_API=%(key)s"

msgid "Secret token:"
msgstr "Token_secreto:Configuración"
""")

neg("locale-arb-de", "lib/l10n/app_de.arb", """{
  "@@locale": "de",
  "passwordLabel": "Passwort",
  "apiKey": "API-Schlüssel",
  "@apiKey": {"description": "Label of the API key field"},
  "authToken": "Zugangs-Token_für_Geräte"
}
""")

neg("locale-xliff-fr", "src/locale/messages.fr.xlf", """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="fr" datatype="plaintext">
    <body>
      <trans-unit id="auth.password" datatype="html">
        <source>Password</source>
        <target>Mot_de_passe_oublié</target>
      </trans-unit>
      <trans-unit id="apiToken"><source>apiToken</source><target>Jeton_d'accès_personnel</target></trans-unit>
    </body>
  </file>
</xliff>
""")

neg("locale-properties-bundle", "src/main/resources/messages_de.properties", """login.password=Passwort
settings.api_key=API-Schlüssel
form.integration.x_api_key=X-API-Schlüssel_für_Integrationen
auth.secret=Geheimnis:Übersicht
""")

neg("locale-i18n-ts", "src/i18n/pt-BR.ts", """export default {
  password: 'Senha_de_acesso',
  apiKey: 'Chave_de_API_gerada',
  accessToken: 'Token_de_acesso_pessoal',
};
""")

neg("refs-dotenv", ".env.production", """STRIPE_API_KEY=store:STRIPE_API_KEY
DATABASE_PASSWORD=vault:secret/data/prod/db#password
JWT_SECRET=ref+awssecrets://prod/jwt-signing
OPENAI_API_KEY=op://Engineering/OpenAI/credential
SENDGRID_API_KEY=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/sendgrid-AbCdEf
SLACK_TOKEN=sm://acme-prod/slack-bot-token
""")

neg("refs-cloudformation", "infra/database.yaml", """Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: !Ref DBPassword
      ApiKeyParam: !Sub '{{resolve:ssm-secure:/prod/api-key:1}}'
  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      Password: '{{resolve:secretsmanager:prod/mq:SecretString:password}}'
""")

neg("refs-k8s-env", "deploy/k8s/api.yaml", """apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: api-db
                  key: password
            - name: API_TOKEN
              value: secretKeyRef:api-token
""")

neg("header-names-ts", "src/http/constants.ts", """export const AUTH_HEADER = "X-Api-Key";
export const AUXILIARY_AUTHORIZATION = "x-ms-authorization-auxiliary";
const TOKEN_HEADER_NAME = 'X-Auth-Token';
export const apiKeyHeader = "X-Goog-Api-Key";
export const authorization = "Authorization";
""")

neg("header-names-py", "client/headers.py", """AUTHORIZATION_AUXILIARY = "x-ms-authorization-auxiliary"
API_KEY = "X-Api-Key"
SESSION_TOKEN = "X-Amz-Security-Token"
headers = {"x-ms-authorization-auxiliary": aux_token}
""")

neg("k8s-secret-metadata-keys", "deploy/k8s/oidc-config.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: oidc-config
type: Opaque
stringData:
  issuer-url: https://login.acme.io/realms/production
  client-id: {{hex:32}}
  audience: api-acme-platform-prod
  username: svc-grafana-reader
  OIDC_USERNAME_CLAIM: preferred_username
""")

neg("seed-commented", "db/seeds.rb", """# Development seed data. Uncomment to create a local admin.
# User.create!(email: "ops@acme.io", password: "{{pw:14}}", admin: true)
Organization.find_or_create_by!(name: "Acme")
""")

neg("seed-commented-ts", "prisma/seed.ts", """async function main() {
  // const adminPassword = "{{pw:16}}";
  // await prisma.user.create({ data: { email: "a@acme.io", password: "{{pw:16}}" } });
  await prisma.org.upsert({ where: { slug: "acme" }, update: {}, create: { slug: "acme" } });
}
""")

neg("jwt-io-sample", "src/auth/decode.ts", """// The sample token from jwt.io, to show the decoder works.
const SAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
export const decoded = decode(SAMPLE);
""")

neg("dummy-provider-values", "config/defaults.env", """STRIPE_SECRET_KEY=sk_live_0123456789abcdefghijklmn
SENDGRID_API_KEY=SG.aaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
SLACK_BOT_TOKEN=xoxb-1234567890-1234567890-abcdefghijklmnopqrstuvwx
OPENAI_API_KEY=sk-proj-1234567890abcdefghijklmnopqrstuvwxyz1234567890AB
API_TOKEN=1234123412341234
""")


def main():
    rng = random.Random(6006)
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "blind.jsonl")
    with open(out, "w") as f:
        for name, path, content, expect, conf in CASES:
            # CloudFormation's `{{resolve:...}}` is content, not a generator.
            text = tokens.fill(content.replace("{{resolve:", "\0R:"), rng).replace("\0R:", "{{resolve:")
            case = {"name": name, "path": path, "content": text, "expect": expect}
            if conf:
                case["confidence"] = conf
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    npos = sum(1 for c in CASES if c[3])
    print(f"{npos} positive cases, {len(CASES) - npos} negative cases -> {out}")


if __name__ == "__main__":
    main()
