#!/usr/bin/env python3
"""Generate tests/corpus/secrets/cases.jsonl: the labelled secret-detection corpus.

Each case is a file as it would appear in a repository (path + content) and the
rule ids that must be reported for it (empty = nothing may be reported). Contexts
are modelled on how credentials really show up in repos: .env files, CI configs,
Terraform, Kubernetes manifests, application code, READMEs, lockfiles. Tokens are
synthetic random strings in the right shape (tokens.py), generated deterministically,
so re-running this script reproduces the committed file byte for byte.

    python3 tests/corpus/secrets/gen_corpus.py
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokens  # noqa: E402

P = []  # positives
N = []  # negatives


def pos(name, path, content, *expect):
    P.append((name, path, content, list(expect)))


def neg(name, path, content):
    N.append((name, path, content, []))


# =============================================================== positives
pos("dotenv-aws", "services/billing/.env", """# billing service
NODE_ENV=production
PORT=8080
AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID={{awsid:AKIA}}
AWS_SECRET_ACCESS_KEY={{awssecret}}
""", "aws-access-key-id", "aws-secret-access-key")

pos("aws-credentials-file", "deploy/aws/credentials", """[default]
aws_access_key_id = {{awsid:AKIA}}
aws_secret_access_key = {{awssecret}}

[ci]
aws_access_key_id = {{awsid:AKIA}}
aws_secret_access_key = {{awssecret}}
""", "aws-access-key-id", "aws-secret-access-key")

pos("aws-csv-export", "ops/new_user_credentials.csv", """User name,Password,Access key ID,Secret access key,Console login link
deploy-bot,,{{awsid:AKIA}},{{awssecret}},https://123456789012.signin.aws.amazon.com/console
""", "aws-access-key-id", "aws-secret-access-key-paired")

pos("aws-sts-json", "scripts/session.json", """{
    "Credentials": {
        "AccessKeyId": "{{awsid:ASIA}}",
        "SecretAccessKey": "{{awssecret}}",
        "SessionToken": "IQoJb3JpZ2luX2VjE{{b64:120}}",
        "Expiration": "2024-06-11T12:00:00Z"
    }
}
""", "aws-access-key-id", "aws-secret-access-key", "aws-session-token")

pos("aws-python-boto", "etl/loader.py", """import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="{{awsid:AKIA}}",
    aws_secret_access_key="{{awssecret}}",
    region_name="us-east-1",
)
""", "aws-access-key-id", "aws-secret-access-key")

pos("aws-terraform-provider", "infra/main.tf", """provider "aws" {
  region     = "us-west-2"
  access_key = "{{awsid:AKIA}}"
  secret_key = "{{awssecret}}"
}
""", "aws-access-key-id", "aws-secret-access-key-paired")

pos("github-actions-env", ".github/workflows/release.yml", """name: release
on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      GITHUB_TOKEN: {{gh:ghp}}
      NPM_TOKEN: {{gh:npm}}
    steps:
      - uses: actions/checkout@v4
      - run: npm publish
""", "github-pat", "npm-access-token")

pos("github-pat-in-script", "scripts/sync_repos.sh", """#!/usr/bin/env bash
set -euo pipefail
TOKEN="{{gh:ghp}}"
curl -s -H "Authorization: token $TOKEN" https://api.github.com/user/repos
""", "github-pat")

pos("github-oauth-python", "app/integrations/github.py", """from github import Github

# temporary, remove before release
gh = Github("{{gh:gho}}")
for repo in gh.get_user().get_repos():
    print(repo.name)
""", "github-oauth-token")

pos("github-oauth-json", "data/session_cache.json", """{"provider":"github","access_token":"{{gh:gho}}","token_type":"bearer","scope":"repo,user"}
""", "github-oauth-token")

pos("github-app-tokens", "tools/bot/config.toml", """[github]
installation_token = "{{gh:ghs}}"
user_token = "{{gh:ghu}}"
refresh_token = "{{gh:ghr}}"
""", "github-app-token", "github-refresh-token")

pos("github-app-installation-log", "scripts/debug/install_token.json", """{"token": "{{gh:ghs}}", "expires_at": "2024-06-11T13:00:00Z", "permissions": {"contents": "read"}}
""", "github-app-token")

pos("github-refresh-yaml", "config/oauth.yml", """github:
  client_id: Iv1.{{hex:16}}
  refresh_token: ghr_{{b62:76}}
""", "github-refresh-token")

pos("github-fine-grained", "Makefile", """release:
\tGH_TOKEN=github_pat_{{b62:22}}_{{b62:59}} gh release create $(VERSION)
""", "github-fine-grained-pat")

pos("github-fine-grained-go", "internal/client/github.go", """package client

const defaultToken = "github_pat_{{b62:22}}_{{b62:59}}"
""", "github-fine-grained-pat")

pos("gitlab-ci-vars", ".gitlab-ci.yml", """variables:
  GITLAB_API_TOKEN: glpat-{{url:20}}
  DEPLOY_TOKEN_PASSWORD: gldt-{{url:20}}
deploy:
  script:
    - curl --request POST --form token=glptt-{{hex:40}} --form ref=main https://gitlab.acme.io/api/v4/projects/42/trigger/pipeline
""", "gitlab-pat", "gitlab-deploy-token", "gitlab-pipeline-trigger-token")

pos("gitlab-pat-python", "scripts/mirror.py", """import gitlab
gl = gitlab.Gitlab("https://gitlab.acme.io", private_token="glpat-{{url:20}}")
""", "gitlab-pat")

pos("gitlab-trigger-sh", "ci/trigger.sh", """#!/bin/sh
curl -X POST -F "token=glptt-{{hex:40}}" -F "ref=$1" "$GITLAB_URL/api/v4/projects/17/trigger/pipeline"
""", "gitlab-pipeline-trigger-token")

pos("gitlab-deploy-docker", "deploy/login.sh", """docker login registry.gitlab.acme.io -u gitlab+deploy-token-12 -p gldt-{{url:20}}
""", "gitlab-deploy-token")

pos("gitlab-runner-config", "runner/config.toml", """concurrent = 4
[[runners]]
  name = "build-01"
  url = "https://gitlab.acme.io/"
  token = "glrt-{{url:20}}"
  executor = "docker"
""", "gitlab-runner-token")

pos("gitlab-runner-register", "runner/register.sh", """gitlab-runner register --non-interactive --url https://gitlab.acme.io/ \\
  --registration-token GR1348941{{url:20}} --executor shell
""", "gitlab-runner-token")

pos("gitlab-misc-tokens", "ops/gitlab.env", """GITLAB_FEED_TOKEN=glft-{{url:20}}
GITLAB_INCOMING_MAIL=glimt-{{url:25}}
""", "gitlab-token")

pos("gitlab-agent", "k8s/agent-values.yaml", """config:
  kasAddress: wss://kas.gitlab.acme.io
  token: glagent-{{url:50}}
""", "gitlab-token")

pos("bitbucket-pipelines", "bitbucket-pipelines.yml", """pipelines:
  default:
    - step:
        script:
          - git push https://x-token-auth:ATBB{{b62:32}}@bitbucket.org/acme/app.git
""", "bitbucket-app-password")

pos("bitbucket-app-password-env", ".env.production", """BITBUCKET_USERNAME=acme-ci
BITBUCKET_APP_PASSWORD=ATBB{{b62:28}}{{HEX:8}}
""", "bitbucket-app-password")

pos("bitbucket-oauth", "config/integrations.yaml", """bitbucket:
  client_key: {{b62:18}}
  client_secret: {{b62:32}}
""", "bitbucket-client-secret")

pos("bitbucket-oauth-js", "server/auth/bitbucket.js", """module.exports = {
  bitbucketKey: '{{b62:18}}',
  bitbucketSecret: '{{b62:32}}',
};
""", "bitbucket-client-secret")

pos("atlassian-jira", "scripts/jira_sync.py", """JIRA_URL = "https://acme.atlassian.net"
JIRA_USER = "ops@acme.io"
JIRA_API_TOKEN = "ATATT3{{url:178}}={{HEX:7}}"
""", "atlassian-api-token")

pos("atlassian-env", ".env", """CONFLUENCE_TOKEN=ATATT3{{url:186}}
""", "atlassian-api-token")

pos("slack-bot-env", "bots/standup/.env", """SLACK_BOT_TOKEN=xoxb-{{digits:12}}-{{digits:13}}-{{b62:24}}
SLACK_APP_TOKEN=xapp-1-A{{upnum:10}}-{{digits:13}}-{{hex:64}}
SLACK_SIGNING_SECRET={{hex:32}}
""", "slack-bot-token", "slack-app-token", "generic-secret")

pos("slack-bot-python", "bots/notify.py", """from slack_sdk import WebClient
client = WebClient(token="xoxb-{{digits:11}}-{{digits:12}}-{{b62:24}}")
""", "slack-bot-token")

pos("slack-user-token-json", "exports/slack.json", """{"ok": true, "access_token": "xoxp-{{digits:12}}-{{digits:12}}-{{digits:13}}-{{hex:32}}", "scope": "chat:write"}
""", "slack-user-token")

pos("slack-user-token-yaml", "config/notifier.yml", """slack:
  user_token: xoxp-{{digits:11}}-{{digits:12}}-{{digits:13}}-{{hex:32}}
""", "slack-user-token")

pos("slack-app-token-ts", "src/slack.ts", """const app = new App({ appToken: "xapp-1-A{{upnum:9}}-{{digits:12}}-{{hex:64}}", socketMode: true });
""", "slack-app-token")

pos("slack-legacy", "legacy/settings.ini", """[slack]
token = xoxs-{{digits:10}}-{{digits:10}}-{{digits:12}}-{{hex:64}}
workspace = xoxa-2-{{b62:40}}
""", "slack-legacy-token")

pos("slack-legacy-refresh", "config/slack.json", """{"refresh_token": "xoxr-{{b62:32}}"}
""", "slack-legacy-token")

pos("slack-webhook-env", "alerts/.env", """ALERT_WEBHOOK=https://hooks.slack.com/services/T{{upnum:8}}/B{{upnum:10}}/{{b62:24}}
""", "slack-webhook-url")

pos("slack-webhook-alertmanager", "monitoring/alertmanager.yml", """receivers:
  - name: ops
    slack_configs:
      - api_url: https://hooks.slack.com/services/T{{upnum:10}}/B{{upnum:10}}/{{b62:24}}
        channel: '#ops'
""", "slack-webhook-url")

pos("discord-bot-js", "bot/index.js", """const { Client, GatewayIntentBits } = require('discord.js');
const client = new Client({ intents: [GatewayIntentBits.Guilds] });
client.login('MT{{b62:24}}.{{url:6}}.{{url:38}}');
""", "discord-bot-token")

pos("discord-bot-env", "bot/.env", """DISCORD_TOKEN=Nz{{b62:22}}.{{url:6}}.{{url:27}}
DISCORD_GUILD=1187{{digits:14}}
""", "discord-bot-token")

pos("discord-webhook-py", "notify/discord.py", """import requests
WEBHOOK = "https://discord.com/api/webhooks/{{digits:19}}/{{url:68}}"
requests.post(WEBHOOK, json={"content": "deploy done"})
""", "discord-webhook-url")

pos("discord-webhook-yaml", "config/alerts.yaml", """discord:
  webhook: https://discordapp.com/api/webhooks/{{digits:18}}/{{url:68}}
""", "discord-webhook-url")

pos("telegram-python", "bot/main.py", """from telegram.ext import Application
app = Application.builder().token("{{digits:10}}:AA{{url:33}}").build()
""", "telegram-bot-token")

pos("telegram-env", "bot/.env.prod", """TELEGRAM_BOT_TOKEN={{digits:9}}:AA{{url:33}}
TELEGRAM_CHAT_ID=-100{{digits:10}}
""", "telegram-bot-token")

pos("stripe-env", "web/.env.local", """NEXT_PUBLIC_STRIPE_KEY=pk_live_{{b62:24}}
STRIPE_SECRET_KEY=sk_live_{{b62:24}}
STRIPE_WEBHOOK_SECRET=whsec_{{b62:32}}
""", "stripe-secret-key", "stripe-webhook-secret")

pos("stripe-ruby", "config/initializers/stripe.rb", """Stripe.api_key = "sk_live_{{b62:99}}"
""", "stripe-secret-key")

pos("stripe-restricted", "services/payouts/config.py", """STRIPE_KEY = "rk_live_{{b62:24}}"
""", "stripe-restricted-key")

pos("stripe-restricted-yaml", "helm/payments/values-prod.yaml", """stripe:
  restrictedKey: rk_live_{{b62:99}}
  webhookSecret: whsec_{{b62:32}}
""", "stripe-restricted-key", "stripe-webhook-secret")

pos("square-config", "pos/config.json", """{"square": {"environment": "production", "access_token": "EAAA{{url:60}}", "application_secret": "sq0csp-{{url:43}}"}}
""", "square-access-token", "square-oauth-secret")

pos("square-legacy", "pos/legacy.py", """SQUARE_TOKEN = 'sq0atp-{{url:22}}'
SQUARE_SECRET = 'sq0csp-{{url:43}}'
""", "square-access-token", "square-oauth-secret")

pos("braintree-env", "checkout/.env", """BRAINTREE_ACCESS_TOKEN=access_token$production${{lownum:16}}${{hex:32}}
""", "braintree-access-token")

pos("braintree-node", "checkout/gateway.js", """const gateway = new braintree.BraintreeGateway({
  accessToken: "access_token$production${{lownum:16}}${{hex:32}}"
});
""", "braintree-access-token")

pos("twilio-env", "sms/.env", """TWILIO_ACCOUNT_SID=AC{{hex:32}}
TWILIO_AUTH_TOKEN={{hex:32}}
TWILIO_API_KEY=SK{{hex:32}}
""", "twilio-auth-token", "twilio-api-key")

pos("twilio-python", "sms/send.py", """from twilio.rest import Client
account_sid = "AC{{hex:32}}"
twilio_auth_token = "{{hex:32}}"
client = Client("SK{{hex:32}}", "{{b62:32}}", account_sid)
""", "twilio-auth-token", "twilio-api-key")

pos("sendgrid-python", "mailer/send.py", """from sendgrid import SendGridAPIClient
sg = SendGridAPIClient("SG.{{url:22}}.{{url:43}}")
""", "sendgrid-api-key")

pos("sendgrid-yaml", "config/mail.yml", """smtp:
  host: smtp.sendgrid.net
  user: apikey
  pass: SG.{{url:22}}.{{url:43}}
""", "sendgrid-api-key")

pos("mailgun-env", "mailer/.env", """MAILGUN_DOMAIN=mg.acme.io
MAILGUN_API_KEY=key-{{hex:32}}
""", "mailgun-api-key")

pos("mailgun-new", "config/mailgun.yaml", """mailgun:
  domain: mg.acme.io
  api_key: {{hex:32}}-{{hex:8}}-{{hex:8}}
""", "mailgun-api-key")

pos("mailchimp-php", "newsletter/config.php", """<?php
$mailchimp->setConfig(['apiKey' => '{{hex:32}}-us14', 'server' => 'us14']);
""", "mailchimp-api-key")

pos("mailchimp-env", "newsletter/.env", """MAILCHIMP_KEY={{hex:32}}-us6
""", "mailchimp-api-key")

pos("brevo-env", "crm/.env", """BREVO_API_KEY=xkeysib-{{hex:64}}-{{b62:16}}
""", "sendinblue-api-key")

pos("brevo-js", "crm/client.js", """defaultClient.authentications['api-key'].apiKey = 'xkeysib-{{hex:64}}-{{b62:16}}';
""", "sendinblue-api-key")

pos("google-firebase", "web/src/firebase.js", """const firebaseConfig = {
  apiKey: "AIza{{url:35}}",
  authDomain: "acme-prod.firebaseapp.com",
  projectId: "acme-prod",
};
""", "google-api-key")

pos("google-maps-android", "android/app/src/main/res/values/keys.xml", """<resources>
    <string name="google_maps_key">AIza{{url:35}}</string>
</resources>
""", "google-api-key")

pos("gcp-sa-json", "deploy/gcp-sa.json", """{
  "type": "service_account",
  "project_id": "acme-prod-293811",
  "private_key_id": "{{hex:40}}",
  "private_key": "{{pemesc:pkcs8}}",
  "client_email": "deployer@acme-prod-293811.iam.gserviceaccount.com",
  "client_id": "1{{digits:20}}",
  "token_uri": "https://oauth2.googleapis.com/token"
}
""", "gcp-service-account-key")

pos("gcp-sa-embedded", "config/credentials/bigquery.json", """{"type": "service_account", "project_id": "analytics-7731", "private_key_id": "{{hex:40}}", "private_key": "{{pemesc:pkcs8}}", "client_email": "bq-reader@analytics-7731.iam.gserviceaccount.com"}
""", "gcp-service-account-key")

pos("azure-conn-string", "src/Api/appsettings.Production.json", """{
  "ConnectionStrings": {
    "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprodstore;AccountKey={{b64:86}}==;EndpointSuffix=core.windows.net"
  }
}
""", "azure-storage-account-key")

pos("azure-storage-tf", "infra/storage.tf", """resource "kubernetes_secret" "storage" {
  data = {
    azure_storage_key = "{{b64:86}}=="
  }
}
""", "azure-storage-account-key")

pos("azure-ad-secret-env", "api/.env", """AZURE_TENANT_ID={{uuid}}
AZURE_CLIENT_ID={{uuid}}
AZURE_CLIENT_SECRET={{b62:3}}8Q~{{url:34}}
""", "azure-ad-client-secret")

pos("azure-ad-secret-json", "src/Web/appsettings.json", """{
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "ClientSecret": "{{b62:3}}7Q~{{url:31}}"
  }
}
""", "azure-ad-client-secret")

pos("digitalocean-tf", "infra/do/provider.tf", """provider "digitalocean" {
  token = "dop_v1_{{hex:64}}"
}
""", "digitalocean-token")

pos("digitalocean-env", "scripts/.env", """DIGITALOCEAN_ACCESS_TOKEN=doo_v1_{{hex:64}}
""", "digitalocean-token")

pos("heroku-new", "deploy/heroku.sh", """export HEROKU_API_KEY=HRKU-AA{{url:58}}
heroku container:release web -a acme-api
""", "heroku-api-key")

pos("heroku-new-json", "config/deploy.json", """{"heroku": {"token": "HRKU-AA{{url:58}}"}}
""", "heroku-api-key")

pos("heroku-legacy-env", ".env.deploy", """HEROKU_API_KEY={{uuid}}
""", "heroku-api-key-legacy")

pos("heroku-legacy-yaml", ".travis.yml", """deploy:
  provider: heroku
  heroku_api_key: {{uuid}}
""", "heroku-api-key-legacy")

pos("cloudflare-env", "edge/.env", """CLOUDFLARE_ACCOUNT_ID={{hex:32}}
CLOUDFLARE_API_TOKEN={{url:40}}
""", "cloudflare-api-token")

pos("cloudflare-tf-global", "infra/cloudflare.tfvars", """cloudflare_email   = "ops@acme.io"
cloudflare_api_key = "{{hex:37}}"
""", "cloudflare-api-token")

pos("cloudflare-origin-ca", "infra/cf/origin.env", """CF_ORIGIN_CA_KEY=v1.0-{{hex:24}}-{{hex:146}}
""", "cloudflare-origin-ca-key")

pos("cloudflare-origin-yaml", "k8s/origin-issuer.yaml", """spec:
  requestType: OriginECC
  auth:
    serviceKey: v1.0-{{hex:24}}-{{hex:146}}
""", "cloudflare-origin-ca-key")

pos("fastly-env", "cdn/.env", """FASTLY_API_TOKEN={{url:32}}
FASTLY_SERVICE_ID={{b62:22}}
""", "fastly-api-token")

pos("fastly-tf", "infra/fastly.tf", """provider "fastly" {
  fastly_api_key = "{{url:32}}"
}
""", "fastly-api-token")

pos("datadog-agent", "monitoring/datadog.yaml", """api_key: {{hex:32}}
site: datadoghq.eu
""", "generic-secret")

pos("datadog-env", "docker-compose.prod.yml", """services:
  agent:
    image: gcr.io/datadoghq/agent:7
    environment:
      - DD_API_KEY={{hex:32}}
      - DD_APP_KEY={{hex:40}}
""", "datadog-api-key")

pos("datadog-tf", "infra/monitoring.tf", """provider "datadog" {
  datadog_api_key = "{{hex:32}}"
}
""", "datadog-api-key")

pos("newrelic-yml", "newrelic.yml", """common: &default_settings
  license_key: {{hex:36}}NRAL
  app_name: acme-api
""", "newrelic-api-key")

pos("newrelic-env", "ops/.env", """NEW_RELIC_API_KEY=NRAK-{{upnum:27}}
""", "newrelic-api-key")

pos("sentry-auth-rc", ".sentryclirc", """[auth]
token=sntryu_{{hex:64}}
""", "sentry-auth-token")

pos("sentry-org-token-ci", ".github/workflows/sourcemaps.yml", """env:
  SENTRY_AUTH_TOKEN: sntrys_eyJ{{b64:120}}_{{b62:43}}
""", "sentry-auth-token")

pos("sentry-dsn-legacy", "app/settings/production.py", """RAVEN_CONFIG = {
    'dsn': 'https://{{hex:32}}:{{hex:32}}@sentry.io/{{digits:6}}',
}
""", "sentry-dsn-secret")

pos("sentry-dsn-env", "api/.env", """SENTRY_DSN=https://{{hex:32}}:{{hex:32}}@o{{digits:6}}.ingest.sentry.io/{{digits:7}}
""", "sentry-dsn-secret")

pos("npmrc-token", ".npmrc", """registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={{gh:npm}}
""", "npm-access-token")

pos("npmrc-github-packages", "frontend/.npmrc", """@acme:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken={{b62:40}}
always-auth=true
""", "npmrc-auth-token")

pos("npmrc-basic-auth", ".npmrc", """registry=https://nexus.acme.io/repository/npm/
_auth={{b64pw:24}}
email=ci@acme.io
""", "npmrc-auth-token")

pos("pypi-pypirc", ".pypirc", """[distutils]
index-servers = pypi

[pypi]
username = __token__
password = pypi-AgEIcHlwaS5vcmc{{url:140}}
""", "pypi-upload-token")

pos("pypi-twine-ci", ".github/workflows/publish.yml", """      - run: twine upload dist/*
        env:
          TWINE_USERNAME: __token__
          TWINE_PASSWORD: pypi-AgEIcHlwaS5vcmc{{url:70}}
""", "pypi-upload-token")

pos("pypirc-internal", ".pypirc", """[distutils]
index-servers = internal

[internal]
repository = https://nexus.acme.io/repository/pypi-internal/
username = deploy
password = {{pw:18}}
""", "pypirc-password")

pos("pypirc-home", "home/ci/.pypirc", """[artifactory]
repository: https://acme.jfrog.io/artifactory/api/pypi/pypi-local
username: ci-publisher
password: {{b62:24}}
""", "pypirc-password")

pos("rubygems-credentials", ".gem/credentials", """---
:rubygems_api_key: rubygems_{{hex:48}}
""", "rubygems-api-key")

pos("rubygems-env", ".github/workflows/gem.yml", """        env:
          GEM_HOST_API_KEY: rubygems_{{hex:48}}
""", "rubygems-api-key")

pos("nuget-push", "build/publish.ps1", """dotnet nuget push "bin/Release/*.nupkg" --api-key oy2{{lownum:43}} --source https://api.nuget.org/v3/index.json
""", "nuget-api-key")

pos("nuget-env", "build/.env", """NUGET_API_KEY=oy2{{lownum:43}}
""", "nuget-api-key")

pos("dockerhub-ci", ".circleci/config.yml", """      - run: echo "dckr_pat_{{url:27}}" | docker login -u acmebot --password-stdin
""", "dockerhub-token")

pos("dockerhub-env", "build/.env", """DOCKERHUB_USERNAME=acmebot
DOCKERHUB_TOKEN=dckr_pat_{{url:27}}
""", "dockerhub-token")

pos("vault-token-env", "ops/vault.env", """VAULT_ADDR=https://vault.acme.io:8200
VAULT_TOKEN=hvs.{{url:95}}
""", "vault-token")

pos("vault-batch", "ci/vault.sh", """export VAULT_TOKEN="hvb.{{url:140}}"
vault kv get secret/app
""", "vault-token")

pos("terraformrc", ".terraformrc", """credentials "app.terraform.io" {
  token = "{{b62:14}}.atlasv1.{{url:67}}"
}
""", "terraform-cloud-token")

pos("tfe-token-env", "infra/.env", """TFE_TOKEN={{b62:14}}.atlasv1.{{url:67}}
""", "terraform-cloud-token")

pos("shopify-env", "shop/.env", """SHOPIFY_API_KEY={{hex:32}}
SHOPIFY_API_SECRET=shpss_{{hex:32}}
SHOPIFY_ACCESS_TOKEN=shpat_{{hex:32}}
""", "shopify-token", "generic-secret")

pos("shopify-ruby", "app/services/shopify_sync.rb", """session = ShopifyAPI::Auth::Session.new(shop: "acme.myshopify.com", access_token: "shpca_{{hex:32}}")
""", "shopify-token")

pos("linear-env", "tools/.env", """LINEAR_API_KEY=lin_api_{{b62:40}}
""", "linear-api-key")

pos("linear-ts", "tools/linear.ts", """const linear = new LinearClient({ apiKey: "lin_api_{{b62:40}}" });
""", "linear-api-key")

pos("notion-py", "scripts/notion_export.py", """from notion_client import Client
notion = Client(auth="secret_{{b62:43}}")
""", "notion-token")

pos("notion-env", "scripts/.env", """NOTION_TOKEN=ntn_{{digits:11}}{{b62:35}}
""", "notion-token")

pos("openai-env", "ml/.env", """OPENAI_API_KEY=sk-proj-{{url:74}}T3BlbkFJ{{url:74}}
""", "openai-api-key")

pos("openai-legacy-py", "ml/summarize.py", """import openai
openai.api_key = "sk-{{b62:20}}T3BlbkFJ{{b62:20}}"
""", "openai-api-key")

pos("anthropic-env", "agents/.env", """ANTHROPIC_API_KEY=sk-ant-api03-{{url:93}}AA
""", "anthropic-api-key")

pos("anthropic-py", "agents/run.py", """client = anthropic.Anthropic(api_key="sk-ant-api03-{{url:93}}AA")
""", "anthropic-api-key")

pos("anthropic-admin-env", "ops/.env.admin", """ANTHROPIC_ADMIN_KEY=sk-ant-admin01-{{url:93}}AA
""", "anthropic-admin-key")

pos("anthropic-admin-json", "ops/usage-report.json", """{"admin_key": "sk-ant-admin01-{{url:93}}AA", "org": "acme"}
""", "anthropic-admin-key")

pos("hf-env", "ml/train.env", """HF_TOKEN=hf_{{b62:34}}
""", "huggingface-token")

pos("hf-notebook-py", "ml/upload.py", """from huggingface_hub import login
login(token="hf_{{b62:34}}")
""", "huggingface-token")

pos("postman-env", "api-tests/.env", """POSTMAN_API_KEY=PMAK-{{hex:24}}-{{hex:34}}
""", "postman-api-key")

pos("postman-newman", "api-tests/run.sh", """newman run "https://api.getpostman.com/collections/123?apikey=PMAK-{{hex:24}}-{{hex:34}}"
""", "postman-api-key")

pos("pulumi-ci", ".github/workflows/infra.yml", """env:
  PULUMI_ACCESS_TOKEN: pul-{{hex:40}}
""", "pulumi-access-token")

pos("pulumi-sh", "infra/login.sh", """pulumi login --non-interactive --token pul-{{hex:40}}
""", "pulumi-access-token")

pos("grafana-sa", "monitoring/provision.sh", """curl -H "Authorization: Bearer glsa_{{b62:32}}_{{hex:8}}" https://grafana.acme.io/api/dashboards/db
""", "grafana-token")

pos("grafana-cloud", "monitoring/agent.yaml", """remote_write:
  - url: https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push
    basic_auth:
      username: 123456
      password: glc_{{b64:120}}==
""", "grafana-token")

pos("doppler-ci", ".github/workflows/deploy.yml", """env:
  DOPPLER_TOKEN: dp.st.prd.{{b62:43}}
""", "doppler-token")

pos("doppler-env", "ops/.env", """DOPPLER_TOKEN=dp.pt.{{b62:43}}
""", "doppler-token")

pos("databricks-cfg", ".databrickscfg", """[DEFAULT]
host = https://adb-1234567890123456.7.azuredatabricks.net
token = dapi{{hex:32}}
""", "databricks-token")

pos("databricks-py", "notebooks/jobs.py", """DATABRICKS_TOKEN = "dapi{{hex:32}}-2"
""", "databricks-token")

pos("supabase-ci", ".github/workflows/db.yml", """env:
  SUPABASE_ACCESS_TOKEN: sbp_{{hex:40}}
""", "supabase-service-key")

pos("supabase-sh", "scripts/migrate.sh", """supabase login --token sbp_{{hex:40}}
""", "supabase-service-key")

pos("planetscale-env", "db/.env", """PLANETSCALE_SERVICE_TOKEN_ID={{lownum:12}}
PLANETSCALE_SERVICE_TOKEN=pscale_tkn_{{url:43}}
""", "planetscale-token")

pos("planetscale-url", "db/prisma.env", """DATABASE_URL=mysql://{{lownum:12}}:pscale_pw_{{url:43}}@aws.connect.psdb.cloud/acme?sslaccept=strict
""", "planetscale-token")

pos("alibaba-env", "cloud/.env", """ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI{{b62:20}}
ALIBABA_CLOUD_ACCESS_KEY_SECRET={{b62:30}}
""", "alibaba-access-key-id", "generic-secret")

pos("alibaba-java", "src/main/java/com/acme/oss/OssConfig.java", """public class OssConfig {
    private static final String ACCESS_KEY_ID = "LTAI{{b62:20}}";
}
""", "alibaba-access-key-id")

pos("age-key-file", "secrets/keys.txt", """# created: 2024-03-01T10:00:00Z
# public key: age1{{lownum:58}}
AGE-SECRET-KEY-1{{bech32up:58}}
""", "age-secret-key")

pos("age-sops-env", ".envrc", """export SOPS_AGE_KEY=AGE-SECRET-KEY-1{{bech32up:58}}
""", "age-secret-key")

pos("jwt-in-http-file", "api/requests.http", """GET https://api.acme.io/v1/me
Authorization: Bearer {{jwt}}
""", "jwt")

pos("jwt-service-token", "config/service.yaml", """upstream:
  service_token: {{jwt:service_role}}
""", "jwt")

pos("pem-rsa", "deploy/id_rsa", """{{pem:rsa}}
""", "private-key")

pos("pem-openssh-yaml", "ansible/group_vars/all.yml", """deploy_user: deploy
deploy_ssh_key: |
  {{pem:openssh}}
""", "private-key")

pos("pem-ec-in-js", "server/jwt.js", """const privateKey = `{{pem:ec}}`;
""", "private-key")

pos("pgp-private", "keys/release-signing.asc", """{{pem:pgp}}
""", "private-key")

pos("pem-escaped-env", ".env", """JWT_PRIVATE_KEY="{{pemesc:pkcs8}}"
""", "private-key")

pos("postgres-url-env", "api/.env", """DATABASE_URL=postgres://api:{{pw:20}}@db.prod.acme.internal:5432/api
""", "connection-string-password")

pos("mongo-srv-js", "server/db.js", """mongoose.connect('mongodb+srv://app:{{b62:16}}@cluster0.x7k2p.mongodb.net/prod?retryWrites=true');
""", "connection-string-password")

pos("redis-url-yaml", "config/cache.yml", """production:
  url: rediss://default:{{b62:32}}@redis-12345.c1.eu-west-1-2.ec2.cloud.redislabs.com:12345
""", "connection-string-password")

pos("amqp-url-py", "worker/settings.py", """BROKER_URL = "amqps://worker:{{pw:18}}@rabbit.acme.io:5671/prod"
""", "connection-string-password")

pos("mysql-jdbc", "src/main/resources/application-prod.properties", """spring.datasource.url=jdbc:mysql://db.acme.io:3306/shop
spring.datasource.username=shop
spring.datasource.password={{pw:16}}
""", "properties-secret")

pos("url-password-pip", "docker/Dockerfile", """RUN pip install --extra-index-url https://deploy:{{pw:16}}@pypi.acme.io/simple acme-core==2.3.1
""", "url-password")

pos("url-password-git", "scripts/clone.sh", """git clone https://ci-bot:{{b62:24}}@git.acme.io/platform/api.git
""", "url-password")

pos("netrc", ".netrc", """machine api.heroku.com
  login ops@acme.io
  password {{b62:24}}
machine git.heroku.com
  login ops@acme.io
  password {{b62:24}}
""", "netrc-password")

pos("netrc-oneline", "home/ci/.netrc", """machine artifactory.acme.io login ci password {{pw:16}}
""", "netrc-password")

pos("k8s-secret-data", "k8s/prod/db-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: production
type: Opaque
data:
  username: {{b64of:app_user}}
  password: {{b64pw:18}}
""", "k8s-secret-data")

pos("k8s-secret-stringdata", "k8s/prod/api-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: api-keys
  labels:
    app: api
stringData:
  PAYMENT_PROVIDER_KEY: {{b62:32}}
""", "k8s-secret-data")

pos("auth-header-curl", "docs/internal/runbook.sh", """curl -X POST https://api.acme.io/v1/reindex \\
  -H "Authorization: Bearer {{b62:40}}" \\
  -H "Content-Type: application/json"
""", "http-auth-header")

pos("auth-header-python", "scripts/report.py", """HEADERS = {"X-API-Key": "{{hex:40}}", "Accept": "application/json"}
""", "http-auth-header")

# Generic assignments in the formats the brief lists.
pos("generic-env", "services/api/.env", """DB_HOST=db.internal
DB_USER=api
DB_PASSWORD={{pw:16}}
SESSION_SECRET={{b62:48}}
""", "generic-secret")

pos("generic-yaml", "config/production.yaml", """database:
  host: db.prod.internal
  username: app
  password: "{{pw:20}}"
""", "generic-secret")

pos("generic-json", "config/secrets.json", """{
  "apiKey": "{{b62:32}}",
  "apiUrl": "https://api.partner.io/v2"
}
""", "generic-secret")

pos("generic-python", "app/settings.py", """DEBUG = False
SECRET_KEY = '{{pw:50}}'
ALLOWED_HOSTS = ['acme.io']
""", "django-secret-key")

pos("generic-go", "internal/config/defaults.go", """package config

var signingKey := "{{b62:32}}"
""", "generic-secret")

pos("generic-js", "src/config.js", """export default {
  clientSecret: "{{b62:40}}",
  redirectUri: "https://acme.io/callback",
};
""", "generic-secret")

pos("generic-php", "config/services.php", """<?php
return [
    'partner' => [
        'api_key' => '{{b62:32}}',
    ],
];
""", "generic-secret")

pos("generic-tf", "infra/rds.tf", """resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "admin"
  password = "{{pw:20}}"
}
""", "generic-secret")

pos("generic-shell", "deploy/run.sh", """#!/bin/bash
export API_TOKEN={{b62:32}}
./bin/server --port 8080
""", "generic-secret")

pos("generic-ruby", "config/initializers/partner.rb", """Partner.configure do |c|
  c.api_secret = "{{b62:40}}"
end
""", "generic-secret")

pos("generic-csharp", "src/Api/Startup.cs", """var options = new PartnerOptions { ClientSecret = "{{b62:40}}" };
""", "generic-secret")

pos("generic-java-props", "src/main/resources/application.properties", """app.jwt.secret={{b62:64}}
app.jwt.expiration=86400
""", "properties-secret")

pos("generic-compose", "docker-compose.yml", """services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: {{pw:18}}
""", "generic-secret")

pos("generic-ini", "setup.cfg.local", """[smtp]
host = smtp.acme.io
password = {{pw:14}}
""", "generic-secret")

pos("generic-xml-connstr", "web.config", """<connectionStrings>
  <add name="Main" connectionString="Server=sql.acme.io;Database=shop;User Id=shop;Password={{pw:16}};" />
</connectionStrings>
""", "generic-secret")

pos("mixed-minified-token", "web/dist/app.min.js", "!function(){var e={};" + "e.a=function(t){return t*2};" * 300 + "var k=\"sk_live_{{b62:24}}\";" + "e.b=function(t){return t+1};" * 300 + "}();\n", "stripe-secret-key")

pos("test-path-still-reported", "tests/integration/test_payments.py", """STRIPE_KEY = "sk_live_{{b62:24}}"  # TODO rotate, copied from prod
""", "stripe-secret-key")

pos("maven-settings", ".m2/settings.xml", """<settings>
  <servers>
    <server>
      <id>acme-releases</id>
      <username>deployer</username>
      <password>{{pw:18}}</password>
    </server>
  </servers>
</settings>
""", "xml-secret-element")

pos("nuget-config-xml", "NuGet.Config", """<configuration>
  <packageSourceCredentials>
    <AcmeFeed>
      <add key="Username" value="ci" />
    </AcmeFeed>
  </packageSourceCredentials>
  <apikeys><ApiToken>{{b62:32}}</ApiToken></apikeys>
</configuration>
""", "xml-secret-element")

pos("curl-user-readme-ops", "ops/backup.sh", """#!/bin/sh
curl -fsS -u backup:{{pw:16}} -T dump.sql.gz https://nexus.acme.io/repository/backups/
""", "curl-basic-auth")

pos("curl-user-jenkins", "ci/trigger-jenkins.sh", """curl -s --user "admin:{{b62:20}}" -X POST https://jenkins.acme.io/job/deploy/buildWithParameters?ENV=prod
""", "curl-basic-auth")

pos("docker-config-auth", "deploy/docker-config.json", """{
  "auths": {
    "registry.acme.io": {
      "auth": "{{b64pw:24}}"
    }
  }
}
""", "generic-secret")

pos("git-credentials", ".git-credentials", """https://ci-bot:{{b62:32}}@git.acme.io
""", "url-password")

pos("dockerfile-env", "Dockerfile", """FROM python:3.12-slim
ENV API_SECRET={{b62:40}}
COPY . /app
""", "generic-secret")

pos("tfvars", "infra/prod.tfvars", """environment = "prod"
db_password = "{{pw:24}}"
instance_type = "t3.large"
""", "generic-secret")

pos("kotlin-const", "app/src/main/kotlin/com/acme/Keys.kt", """object Keys {
    const val PAYMENTS_API_KEY = "{{b62:40}}"
}
""", "generic-secret")

pos("swift-plist-like", "ios/Acme/Config.swift", """struct Config {
    static let analyticsToken = "{{hex:40}}"
}
""", "generic-secret")

pos("helm-values-secret", "charts/api/values-prod.yaml", """api:
  replicas: 3
  env:
    JWT_SIGNING_KEY: "{{b62:64}}"
""", "generic-secret")

pos("rust-const", "src/client.rs", """const API_TOKEN: &str = "{{b62:40}}";
""", "generic-secret")

pos("ini-section", "config/app.ini", """[database]
user = app
passwd = {{pw:16}}
""", "generic-secret")

pos("github-pat-in-url", "scripts/push.sh", """git push https://x-access-token:{{gh:ghp}}@github.com/acme/site.git HEAD:gh-pages
""", "github-pat")

pos("slack-webhook-in-json", "config/notifications.json", """{"channels": [{"name": "deploys", "webhook": "https://hooks.slack.com/services/T{{upnum:8}}/B{{upnum:10}}/{{b62:24}}"}]}
""", "slack-webhook-url")

pos("aws-keys-in-js", "scripts/upload.js", """const s3 = new AWS.S3({
  accessKeyId: '{{awsid:AKIA}}',
  secretAccessKey: '{{awssecret}}',
});
""", "aws-access-key-id", "aws-secret-access-key")

# =============================================================== negatives
neg("aws-docs-example", "docs/aws.md", """Configure credentials:

```
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
```
""")

neg("aws-env-refs", "deploy/.env.example", """AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}
AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}
""")

neg("aws-placeholder-tf", "infra/variables.tf", """variable "aws_secret_key" {
  description = "AWS secret key"
  type        = string
  sensitive   = true
}

provider "aws" {
  access_key = var.aws_access_key
  secret_key = var.aws_secret_key
}
""")

neg("aws-secretsmanager-ref", "serverless.yml", """provider:
  environment:
    DB_PASSWORD: ${ssm:/acme/prod/db_password}
    API_KEY: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-key-AbCdEf
""")

neg("aws-asia-words", "src/regions.py", """REGIONS = {"ASIAPACIFIC": ["ap-south-1", "ap-northeast-1"], "EUROPE": ["eu-west-1"]}
""")

neg("git-shas-near-akia", "docs/CHANGELOG.md", """## 2.3.1
- rotate AKIA-prefixed key detection (commit da39a3ee5e6b4b0d3255bfef95601890afd80709)
- fix 4b825dc642cb6eb9a060e54bf8d69288fbee4904
""")

neg("github-bad-checksum", "scripts/release.sh", """GITHUB_TOKEN={{ghbad:ghp}}
""")

neg("github-placeholder", ".github/workflows/ci.yml", """env:
  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
""")

neg("github-xxx", "docs/setup.md", """Set `GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` in your shell.
""")

neg("github-oauth-bad-checksum", "test_data/session.json", """{"access_token":"{{ghbad:gho}}"}
""")

neg("gitlab-placeholder", "README.md", """export GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx
""")

neg("gitlab-ci-masked", ".gitlab-ci.yml", """deploy:
  script:
    - curl --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "$CI_API_V4_URL/projects"
    - echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY
""")

neg("slack-docs-webhook", "docs/alerts.md", """SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
""")

neg("slack-env-template", ".env.template", """SLACK_BOT_TOKEN=xoxb-your-bot-token
SLACK_SIGNING_SECRET=your-signing-secret
""")

neg("stripe-test-keys", "web/.env.development", """STRIPE_PUBLISHABLE_KEY=pk_test_{{b62:24}}
STRIPE_SECRET_KEY=sk_test_{{b62:24}}
""")

neg("stripe-docs-key", "docs/payments.md", """stripe.api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
""")

neg("stripe-publishable-live", "web/src/stripe.ts", """export const stripe = loadStripe("pk_live_{{b62:24}}");
""")

neg("braintree-sandbox", "checkout/.env.sandbox", """BRAINTREE_ACCESS_TOKEN=access_token$sandbox${{lownum:16}}${{hex:32}}
""")

neg("twilio-sid-only", "sms/config.py", """TWILIO_ACCOUNT_SID = "AC{{hex:32}}"
TWILIO_AUTH_TOKEN = os.environ["TWILIO_AUTH_TOKEN"]
""")

neg("sendgrid-placeholder", "docs/email.md", """SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
""")

neg("mailchimp-locale", "web/i18n/config.json", """{"default": "en-us", "fallback": "en-gb", "hash": "{{hex:32}}"}
""")

neg("google-placeholder", "web/.env.example", """GOOGLE_MAPS_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
""")

neg("gcp-sa-redacted", "docs/gcp.md", """```json
{
  "type": "service_account",
  "project_id": "my-project",
  "private_key_id": "KEY_ID",
  "private_key": "-----BEGIN PRIVATE KEY-----\\nPRIVATE_KEY\\n-----END PRIVATE KEY-----\\n",
  "client_email": "SERVICE_ACCOUNT_EMAIL"
}
```
""")

neg("azurite-dev", "docker-compose.dev.yml", """services:
  api:
    environment:
      Storage__ConnectionString: "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://azurite:10000/devstoreaccount1;"
""")

neg("azure-placeholder", "src/Api/appsettings.json", """{
  "Storage": "DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net",
  "AzureAd": { "ClientSecret": "" }
}
""")

neg("heroku-app-uuid", "app.json", """{"name": "acme", "heroku_app_id": "{{uuid}}", "stack": "heroku-22"}
""")

neg("cloudflare-ids", "infra/cloudflare.tf", """resource "cloudflare_record" "www" {
  zone_id = "{{hex:32}}"
  name    = "www"
  value   = "192.0.2.1"
}
""")

neg("datadog-site", "monitoring/datadog.env", """DD_SITE=datadoghq.eu
DD_API_KEY=<DATADOG_API_KEY>
DD_ENV=prod
""")

neg("sentry-public-dsn", "web/src/sentry.ts", """Sentry.init({ dsn: "https://{{hex:32}}@o{{digits:6}}.ingest.sentry.io/{{digits:7}}" });
""")

neg("npmrc-env-ref", ".npmrc", """//registry.npmjs.org/:_authToken=${NPM_TOKEN}
@acme:registry=https://npm.pkg.github.com
""")

neg("pypirc-token-placeholder", ".pypirc", """[pypi]
username = __token__
password = <your-pypi-token>
""")

neg("netrc-placeholder", ".netrc", """machine api.example.com
  login USERNAME
  password PASSWORD
""")

neg("k8s-configmap", "k8s/prod/config.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: {{b62:32}}
""")

neg("k8s-secret-helm-template", "charts/api/templates/secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}
  namespace: {{ .Release.Namespace }}
type: Opaque
data:
  password: {{ .Values.db.password | b64enc | quote }}
  apiKey: {{ required "apiKey" .Values.apiKey | b64enc }}
""")

neg("k8s-secret-ref", "k8s/prod/deployment.yaml", """apiVersion: apps/v1
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
                  name: db-credentials
                  key: password
""")

neg("k8s-sealed-metadata", "k8s/prod/secret-meta.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: registry-credentials
  namespace: production-workloads
  annotations:
    owner: platform-team
type: kubernetes.io/dockerconfigjson
""")

neg("jwt-unsigned", "tests/fixtures/tokens.txt", """{{jwt:none}}
""")

neg("jwt-supabase-anon", "web/.env", """NEXT_PUBLIC_SUPABASE_URL=https://abcdefghijklmnop.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY={{jwt:anon}}
""")

neg("public-key-pem", "keys/signing.pub", """-----BEGIN PUBLIC KEY-----
{{b64:64}}
{{b64:64}}
{{b64:64}}
{{b64:20}}==
-----END PUBLIC KEY-----
""")

neg("certificate-pem", "certs/ca.crt", """-----BEGIN CERTIFICATE-----
{{b64:64}}
{{b64:64}}
{{b64:64}}
{{b64:64}}
-----END CERTIFICATE-----
""")

neg("ssh-public-key", "deploy/authorized_keys", """ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{{b64:43}} deploy@ci
ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{{b64:300}} ops@laptop
""")

neg("private-key-elided", "docs/tls.md", """```
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA...
...
-----END RSA PRIVATE KEY-----
```
""")

neg("private-key-placeholder", "config/tls.yaml", """tls:
  key: |
    -----BEGIN PRIVATE KEY-----
    <paste your private key here>
    -----END PRIVATE KEY-----
""")

neg("private-key-code-check", "src/keys.rs", """if pem.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
    return Err(KeyError::Unsupported);
}
""")

neg("db-url-local-defaults", "docker-compose.yml", """services:
  api:
    environment:
      DATABASE_URL: postgres://postgres:postgres@db:5432/app
      REDIS_URL: redis://localhost:6379/0
""")

neg("db-url-placeholder", "README.md", """Set `DATABASE_URL=postgresql://user:password@localhost:5432/mydb` and
`MONGO_URL=mongodb://admin:<password>@cluster0.example.mongodb.net/test`.
""")

neg("db-url-env-interp", "config/database.yml", """production:
  url: postgres://<%= ENV['DB_USER'] %>:<%= ENV['DB_PASSWORD'] %>@db/app
  other: mysql://app:${MYSQL_PASSWORD}@mysql:3306/app
""")

neg("url-no-password", "docs/api.md", """See https://api.acme.io/v1/users and ftp://mirror.acme.io/pub/ and https://user@git.acme.io/repo.git
""")

neg("url-template", "src/client.py", """url = f"https://{user}:{password}@{host}/api"
""")

# Generic negatives: placeholders, references, hashes, UUIDs, config metadata.
neg("generic-env-refs-python", "app/settings.py", """SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DB_PASSWORD = os.getenv("DB_PASSWORD")
API_TOKEN = settings.API_TOKEN
STRIPE_KEY = env("STRIPE_KEY")
""")

neg("generic-env-refs-js", "src/config.ts", """export const config = {
  apiKey: process.env.API_KEY,
  clientSecret: process.env.CLIENT_SECRET ?? "",
  password: getSecret("db/password"),
};
""")

neg("generic-env-example", ".env.example", """DB_PASSWORD=changeme
API_KEY=your_api_key_here
SESSION_SECRET=<generate with openssl rand -hex 32>
JWT_SECRET=xxxxxxxxxxxxxxxxxxxxxxxx
""")

neg("generic-compose-interp", "docker-compose.yml", """services:
  db:
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?required}
      API_TOKEN: $API_TOKEN
""")

neg("generic-ansible-jinja", "ansible/roles/db/defaults/main.yml", """db_password: "{{ vault_db_password }}"
api_token: "{{ lookup('env', 'API_TOKEN') }}"
""")

neg("generic-python-format", "app/db.py", """DSN = "host=%s user=%s password=%s" % (host, user, password)
conn_str = "password=%(password)s" % params
""")

neg("generic-hashes", "config/integrity.yaml", """password_hash: "$2b$12${{b64:53}}"
token_sha256: {{hex:64}}
secret_checksum: {{hex:40}}
""")

neg("generic-uuids", "config/app.json", """{"api_key_id": "{{uuid}}", "token": "{{uuid}}", "tenant": "{{uuid}}"}
""")

neg("generic-metadata", "config/auth.yaml", """auth:
  token_url: https://login.acme.io/oauth2/token
  password_min_length: 12
  secret_name: prod/db-credentials
  token_type: Bearer
  auth_method: client_secret_post
  api_key_header: X-Api-Key
""")

neg("generic-vault-refs", "config/secrets.yaml", """database:
  password: vault:secret/data/prod/db#password
  api_key: ref+awsssm://prod/api_key
  token: !Ref ApiToken
""")

neg("generic-terraform-vars", "infra/db.tf", """resource "aws_db_instance" "main" {
  username = var.db_username
  password = var.db_password
  master_password = random_password.db.result
}
""")

neg("generic-shell-refs", "deploy/run.sh", """export API_TOKEN="$(vault kv get -field=token secret/api)"
export DB_PASSWORD=${DB_PASSWORD:-}
PASSWORD=$(cat /run/secrets/db_password)
""")

neg("generic-func-calls", "src/auth/service.go", """token := generateToken(user)
secret := os.Getenv("JWT_SECRET")
password, err := bcrypt.GenerateFromPassword([]byte(raw), 12)
""")

neg("generic-identifiers-java", "src/main/java/com/acme/AuthService.java", """String token = jwtProvider.createToken(user.getId());
this.apiKey = config.getApiKey();
final String password = request.getParameter("password");
""")

neg("generic-masked", "docs/config.md", """| key | example |
|-----|---------|
| `password` | `********` |
| `api_key` | `<API_KEY>` |
""")

neg("generic-sequential", "tests/fixtures/users.yaml", """users:
  - name: alice
    password: abcdefgh12345678
  - name: bob
    password: 1234567890abcdef
""")

neg("generic-file-paths", "config/tls.yaml", """tls:
  private_key: /etc/ssl/private/server.key
  secret_file: ./secrets/app.json
  token_path: /var/run/secrets/kubernetes.io/serviceaccount/token
""")

neg("generic-words", "config/features.yaml", """auth:
  token: disabled
  password_policy: strong
  secret: none
  credentials: required
""")

neg("generic-i18n", "web/locales/en.json", """{"password": "Password", "forgot_password": "Forgot your password?", "api_key_label": "API key", "token_expired": "Your session expired, please sign in again"}
""")

# Lockfiles, digests, data URIs, minified code.
neg("package-lock", "package-lock.json", """{
  "name": "acme-web",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/secret-handshake": {
      "version": "1.1.20",
      "resolved": "https://registry.npmjs.org/secret-handshake/-/secret-handshake-1.1.20.tgz",
      "integrity": "sha512-{{b64:86}}=="
    },
    "node_modules/token-types": {
      "version": "5.0.1",
      "integrity": "sha512-{{b64:86}}=="
    }
  }
}
""")

neg("yarn-lock", "yarn.lock", """"@auth0/auth0-spa-js@^2.1.0":
  version "2.1.3"
  resolved "https://registry.yarnpkg.com/@auth0/auth0-spa-js/-/auth0-spa-js-2.1.3.tgz#{{hex:40}}"
  integrity sha512-{{b64:86}}==
""")

neg("cargo-lock", "Cargo.lock", """[[package]]
name = "secrecy"
version = "0.8.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "{{hex:64}}"
""")

neg("go-sum", "go.sum", """golang.org/x/oauth2 v0.15.0 h1:{{b64:43}}=
golang.org/x/oauth2 v0.15.0/go.mod h1:{{b64:43}}=
""")

neg("poetry-lock", "poetry.lock", """[[package]]
name = "keyring"
version = "24.3.0"
files = [
    {file = "keyring-24.3.0-py3-none-any.whl", hash = "sha256:{{hex:64}}"},
]
""")

neg("docker-digest", "deploy/compose.yml", """services:
  api:
    image: ghcr.io/acme/api@sha256:{{hex:64}}
  auth:
    image: ghcr.io/acme/auth:1.4.2
""")

neg("sri-integrity", "web/index.html", """<script src="https://cdn.acme.io/app.js" integrity="sha384-{{b64:64}}" crossorigin="anonymous"></script>
""")

neg("data-uri", "web/src/logo.css", """.logo { background: url("data:image/png;base64,{{b64:400}}"); }
""")

neg("minified-bundle", "web/dist/vendor.min.js", "!function(){" + "var token=t.token||\"{{b62:32}}\",password=n.password;" * 200 + "}();\n")

neg("git-shas", "docs/RELEASES.md", """- v2.0.0: {{hex:40}}
- v1.9.0: {{hex:40}}
""")

neg("uuid-config", "config/tenants.yaml", """tenants:
  - id: {{uuid}}
    name: acme
""")

neg("near-miss-shapes", "src/constants.ts", """export const PREFIXES = ["ghp_", "gho_", "xoxb-", "sk_live_", "AKIA", "glpat-"];
const sample = "sk-ant-api03-...";
""")

neg("test-fixture-fake-token", "tests/fixtures/github.json", """{"token": "ghp_FAKE0TOKEN0FOR0TESTS0ONLY0000000000"}
""")

neg("secret-scanner-rules-docs", "docs/secret-scanning.md", """We block tokens that look like `ghp_[A-Za-z0-9]{36}`, `AKIA[0-9A-Z]{16}`
and `xox[baprs]-[0-9a-zA-Z-]+`.
""")

neg("password-field-html", "web/templates/login.html", """<input type="password" name="password" placeholder="Password" autocomplete="current-password">
""")

neg("random-ids-no-context", "data/fixtures.csv", """id,name,external_ref
1,alpha,{{b62:32}}
2,beta,{{b62:32}}
""")

neg("openapi-spec", "api/openapi.yaml", """components:
  securitySchemes:
    ApiKeyAuth:
      type: apiKey
      in: header
      name: X-API-Key
    BearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
""")

neg("github-actions-secrets-refs", ".github/workflows/deploy.yml", """env:
  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
  SLACK_WEBHOOK: ${{ secrets.SLACK_WEBHOOK }}
  DATABASE_URL: postgres://app:${{ secrets.DB_PASSWORD }}@db:5432/app
""")

neg("binary-ish", "assets/font.woff", "wOFF\x00\x01\x00\x00" + "{{b64:200}}" + "\x00\x00token=abc\x00")


neg("maven-settings-env", ".m2/settings.xml", """<settings><servers><server>
  <id>acme</id><username>${env.NEXUS_USER}</username><password>${env.NEXUS_PASSWORD}</password>
</server></servers></settings>
""")

neg("curl-env-user", "ci/publish.sh", """curl -fsS -u "$NEXUS_USER:$NEXUS_PASSWORD" -T app.tgz https://nexus.acme.io/repository/raw/
curl -u admin:admin http://localhost:9200/_cluster/health
""")

neg("dockerfile-arg", "Dockerfile", """ARG NPM_TOKEN
ENV API_SECRET=${API_SECRET}
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
""")

neg("kotlin-buildconfig", "app/build.gradle.kts", """buildConfigField("String", "API_KEY", "\\"${project.findProperty("apiKey")}\\"")
val signingPassword: String? by project
""")

neg("password-validation-code", "src/validators.py", """def validate(password: str) -> bool:
    if password == "":
        return False
    return len(password) >= MIN_PASSWORD_LENGTH
""")

neg("token-type-enum", "src/auth/types.ts", """export enum TokenType { Access = "access_token", Refresh = "refresh_token", Id = "id_token" }
const AUTH_HEADER = "Authorization";
""")

neg("sql-migration", "db/migrations/001_users.sql", """CREATE TABLE users (
  id uuid PRIMARY KEY,
  password_hash text NOT NULL,
  api_token_digest char(64),
  reset_token_expires_at timestamptz
);
""")

neg("changelog-mentions", "CHANGELOG.md", """- Rotate the `STRIPE_SECRET_KEY` and `GITHUB_TOKEN` secrets after the incident.
- The `password` field is now required on sign-up.
""")

neg("css-hashes", "web/dist/assets/manifest.json", """{"main.js": "main.3f9a2c1b7d4e8f60.js", "styles.css": "styles.{{hex:20}}.css", "token-icons.svg": "token-icons.{{hex:8}}.svg"}
""")

# Per-provider hard negatives in the forms they take in real repos: committed
# `.env.example` templates, docs with truncated/redacted values, CI files that
# reference the CI secret store, log excerpts with masked values, and code that
# only checks a prefix.
PROVIDERS = [
    ("GITHUB_TOKEN", "ghp_", 36), ("GITLAB_TOKEN", "glpat-", 20), ("SLACK_BOT_TOKEN", "xoxb-", 50),
    ("STRIPE_SECRET_KEY", "sk_live_", 24), ("SENDGRID_API_KEY", "SG.", 66), ("OPENAI_API_KEY", "sk-proj-", 120),
    ("ANTHROPIC_API_KEY", "sk-ant-api03-", 95), ("HF_TOKEN", "hf_", 34), ("NPM_TOKEN", "npm_", 36),
    ("DOCKERHUB_TOKEN", "dckr_pat_", 27), ("VAULT_TOKEN", "hvs.", 90), ("SHOPIFY_ACCESS_TOKEN", "shpat_", 32),
    ("LINEAR_API_KEY", "lin_api_", 40), ("NOTION_TOKEN", "ntn_", 46), ("DIGITALOCEAN_TOKEN", "dop_v1_", 64),
    ("GOOGLE_API_KEY", "AIza", 35), ("AWS_ACCESS_KEY_ID", "AKIA", 16), ("TWILIO_API_KEY", "SK", 32),
    ("DATABRICKS_TOKEN", "dapi", 32), ("PULUMI_ACCESS_TOKEN", "pul-", 40), ("POSTMAN_API_KEY", "PMAK-", 59),
    ("RUBYGEMS_API_KEY", "rubygems_", 48), ("SENTRY_AUTH_TOKEN", "sntryu_", 64), ("NEW_RELIC_API_KEY", "NRAK-", 27),
    ("HEROKU_API_KEY", "HRKU-AA", 58), ("DOPPLER_TOKEN", "dp.st.", 43),
]

for var, prefix, n in PROVIDERS:
    low = var.lower()
    neg(f"envexample-{low}", f"services/{low}/.env.example", f"""# copy to .env and fill in
{var}={prefix}{'x' * n}
LOG_LEVEL=info
""")
    neg(f"docs-truncated-{low}", f"docs/integrations/{low}.md", f"""## Configuration

Create a token in the provider console; it starts with `{prefix}`. Then:

```sh
export {var}="{prefix}..."   # paste your token here
```
""")
    neg(f"ci-ref-{low}", f".github/workflows/{low}.yml", f"""jobs:
  deploy:
    steps:
      - run: ./deploy.sh
        env:
          {var}: ${{{{ secrets.{var} }}}}
""")
    neg(f"log-masked-{low}", f"logs/{low}-debug.log", f"""2024-06-11T10:00:00Z INFO using {var}={prefix}****************{'{{b62:4}}'} (masked)
""")


# ------------------------------------------- hard negatives from real repositories
# Shapes seen while triaging scans of public repositories (Helm charts, OAuth
# servers, HTTP clients, web frameworks); values are synthetic.
neg("helm-template-assignments", "charts/db/templates/update-password/new-secret.yaml", """{{- if .Values.passwordUpdateJob.enabled }}
{{- $rootPassword := .Values.auth.rootPassword }}
{{- $replicationPassword := .Values.passwordUpdateJob.previousPasswords.replicationPassword }}
{{- range $idx, $userSecret := .Values.provisioning.usersExistingSecrets }}
  - {{ $userSecret }}
{{- end }}
{{- end }}
""")
neg("helm-values-resource-names", "charts/search/values.yaml", """auth:
  existingSecret: RELEASENAME-search-coordinating-crt
initialClusterToken: "etcd-cluster-k8s"
rfc2136:
  tsigSecretAlg: hmac-sha256
customCertificates:
  ## - secret: more-custom-CAs
  ##   destination: /etc/ssl/certs
""")
neg("chart-image-annotations", "charts/operator/Chart.yaml", """annotations:
  images: |
    - name: controller
      image: docker.io/acme/sealed-secrets-controller:0.31.0-debian-12-r0
    - name: updater
      image: docker.io/acme/default-credential-updater:1.0.8-debian-12-r0
""")
neg("go-const-identifiers", "x/events/events.go", """const (
	attributeKeyOAuth2RefreshTokenSignature = "OAuth2RefreshTokenSignature" //nolint:gosec
	attributeKeyOAuth2AccessTokenSignature  = "OAuth2AccessTokenSignature"  //nolint:gosec
)

const pageTokenContext = "acme/pagination_v2/page_token"
""")
neg("openapi-self-named-values", "internal/httpclient/api/openapi.yaml", """    credentialSupportedDraft00:
      example:
        credentials_endpoint_draft_00: credentials_endpoint_draft_00
        credential_draft_00: credential_draft_00
""")
neg("session-timestamps", "store/session_v1.json", """{
  "session": {
    "auth_time": "2022-08-25T09:21:01Z",
    "expires_at": {
      "access_token": "2022-08-25T09:26:05Z",
      "refresh_token": "2022-08-26T09:21:05Z"
    }
  }
}
""")
neg("rfc-oauth-examples", "pkg/oauth/introspect.go", """// Example request (RFC 7662):
//
//	POST /introspect HTTP/1.1
//	Authorization: Bearer 23410913-abewfq.123483
//
// or with client credentials (RFC 6749 section 2.3.1):
//
//	Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW
//
// Response: {"access_token":"2YotnFZFEjr1zCsicMWpAA","refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}
func Introspect() {}
""")
neg("basic-auth-placeholder-pair", "src/client/defaults.py", """DEFAULT_HEADERS = {
    "authorization": "Basic {{b64of:username:password}}",
}
PROXY_AUTH = "Proxy-Authorization: Basic {{b64of:user:pass}}"
""")
neg("zoom-meeting-link", "README.md", """## Community

* SIG meeting: [Thursdays 9:30 PT](https://zoom.us/j/5342565819?pwd={{b62:32}}) (biweekly).
""")
neg("url-credential-placeholders", "docs/dags.md", """Clone with a token in the URL: `https://USERNAME:PERSONAL_ACCESS_TOKEN@github.com/USERNAME/REPOSITORY`

    quarkus.mongodb.connection-string: mongodb://DB_USER:DB_PASSWORD@mongodb:27017
""")
neg("url-docstring-phrase", "src/httpkit/urls.py", """class URL:
    '''
    url = URL("HTTPS://jo%40email.com:a%20secret@muller.de:1234/pa%20th?search=ab")
    '''
""")
neg("k8s-secret-default-with-newline", "deploy/airflow-secrets.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: airflow-externaldb
type: Opaque
data:
  postgresql-password: "cG9zdGdyZXMK"
  redis-password: "cmVkaXMK"
""")
neg("base64-placeholder-secret", "charts/identity/templates/dex/secret.yaml", """staticClients:
  - id: example-app
    secret: {{b64of:example-app-secret}}
    name: 'Example App'
""")
neg("csrf-token-cookie", "app/middleware/csrf.py", """def fake_request():
    request.cookies = {'csrf_token': '{{hex:32}}'}
    request.headers = {'X-CSRF-Token': request.cookies['csrf_token']}
""")
neg("pem-built-in-code", "src/keys/export.js", """const exported = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64")
const privatePem = `-----BEGIN PRIVATE KEY-----\\n${exported}\\n-----END PRIVATE KEY-----`

// a second key, to sign with the wrong key
const other = Buffer.from(await crypto.subtle.exportKey("pkcs8", bad.privateKey)).toString("base64")
const otherPem = `-----BEGIN PRIVATE KEY-----\\n${other}\\n-----END PRIVATE KEY-----`
""")
neg("dotted-attribute-path", "src/auth/policy.py", """def remember(helper, userid):
    helper.auth_tkt.user_data = 'userid_type:b64str'
    helper.auth_tkt.user_data = 'userid_type:b64unicode'
""")
neg("self-describing-passwords", "charts/db/values-upgrade.yaml", """auth:
  rootPassword: "newRootPassword123"
  password: "MySuperStrongPassword!"
  replicationPassword: "newReplicationPassword123"
refresh:
  newToken: 'refreshed-token-123'
""")
pos("dev-only-key-in-chart-template", "charts/signer/templates/_helpers.tpl", """{{/*
DEVELOPMENT ONLY PRIVATE KEY
*/}}
{{- define "signer.private_key.devel" -}}
{{pem:ec}}
{{- end }}
""", "private-key")
pos("basic-auth-real-pair", "deploy/probe.yaml", """livenessProbe:
  httpGet:
    path: /healthz
    httpHeaders:
      - name: Authorization
        value: "Basic {{b64of:svc-probe:Tq8vR2mXz4LpW9cN}}"
""", "http-auth-header")
pos("phoenix-secret-key-base", "config/prod.exs", """config :acme, AcmeWeb.Endpoint,
  secret_key_base: "{{b64:64}}",
  server: true
""", "generic-secret")
pos("slack-webhook-unusual-hook-id", "ops/notify.sh", """#!/bin/sh
curl -X POST -d "{\"text\": \"$1\"}" https://hooks.slack.com/services/T{{upnum:9}}/C{{upnum:10}}/{{b62:24}}
""", "slack-webhook-url-loose")
pos("slack-webhook-enterprise-workspace", "config/alerts.json", """{"slack": {"url": "https://hooks.slack.com/services/E{{upnum:9}}/B{{upnum:10}}/{{b62:24}}"}}
""", "slack-webhook-url-loose")
neg("npm-password-name-in-python-model", "app/models.py", """class User(db.Model):
    _password = db.Column(db.String, index=False, unique=False, nullable=False)
""")
neg("multi-host-url-in-docstring", "pkg/networks.py", """def hosts(self):
    \"\"\"
    mhu = MultiHostUrl('https://foo.com:123,foo:bar@bar.com/path')
    \"\"\"
""")


def main():
    rng = random.Random(1337)
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "cases.jsonl")
    with open(out, "w") as f:
        for name, path, content, expect in P + N:
            case = {"name": name, "path": path, "content": tokens.fill(content, rng), "expect": expect}
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(P)} positive cases, {len(N)} negative cases -> {out}")


if __name__ == "__main__":
    main()
