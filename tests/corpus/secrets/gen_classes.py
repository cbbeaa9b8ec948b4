#!/usr/bin/env python3
"""Generate tests/corpus/secrets/classes.jsonl: cases for the classes of
disagreement found on the second validity set (benches/validity/set2,
analysis-2026-11-29.md), written as general rules with near misses both
ways, never as copies of the repositories that showed them.

1. Credentials in test, fixture and mock locations named in other ways
   than `tests/` (`test_resources/`, `testresources/`, `suites/`,
   `test-environments/`, `mock.ts`): reported, never blocking, unless a
   checksum proves a token live. The same key beside deployment code
   stays high.
2. Committed default secrets: a literal fallback of an environment lookup
   for a secret-named setting, and a literal secret in committed
   application configuration (YAML, TOML): medium; a trivial local value
   (`password: password`) low; references and placeholders nothing.

Same format as blind.jsonl (`confidence`: rule id -> the grade a reviewer
gives). Synthetic values only (tokens.py).

    python3 tests/corpus/secrets/gen_classes.py
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokens  # noqa: E402

CASES = []
# Cases whose multi-line values sit in a YAML block: name -> indentation.
INDENT = {}


def pos(name, path, content, **expect):
    """expect: rule id (dashes as underscores) -> confidence."""
    conf = {k.replace("_", "-"): v for k, v in expect.items()}
    CASES.append((name, path, content, list(conf), conf))


def neg(name, path, content):
    CASES.append((name, path, content, [], {}))


# ------------------------------------------- 1. test and fixture locations
for name, path in [
    ("pem-test-resources", "internal/configuration/test_resources/crypto/rsa.2048.pem"),
    ("pem-testresources", "internal/testresources/client-cert-key.pem"),
    ("pem-suites-pki", "internal/suites/common/pki/private.pem"),
    ("pem-integration-tests", "integration-tests/certs/server.key"),
    ("pem-test-named-file", "certs/test-client-key.pem"),
    ("pem-testenv", "testenv/tls/server.key"),
]:
    pos(name, path, "{{pem:rsa}}\n", private_key="low")

pos("pem-test-environment-config", "scripts/test-environments/oidc/idp/configuration.yml", """identity_providers:
  oidc:
    jwks:
      - key_id: 'example'
        use: 'sig'
        key: |
          {{pem:pkcs8}}
""", private_key="low")
INDENT["pem-test-environment-config"] = 10

pos("pem-in-mock-module", "packages/connectors/connector-pay/src/mock.ts", """export const mockedConfig = {
  appId: '2021000000000000',
  privateKey: '{{pemesc:rsa}}',
  signType: 'RSA2',
};
""", private_key="low")

pos("pem-in-go-mock", "pkg/signer/signer_mock.go", """package signer

const rsaKey = `{{pem:rsa}}`
""", private_key="low")

pos("generic-in-mock-data", "src/api/mockData.js", """export const session = {
  user: "ada",
  apiToken: "{{b62:36}}",
};
""", generic_secret="low")

# A provider token in its issued shape stays reported in a test tree:
# medium (the hook refuses it; only a checksum would prove it live).
pos("stripe-in-testresources", "internal/testresources/billing.env",
    "STRIPE_SECRET_KEY=sk_live_{{b62:24}}\n", stripe_secret_key="medium")

# Near misses: the same key beside code that deploys, or under a name that
# only contains a test word.
for name, path in [
    ("pem-config-prod", "config/prod.pem"),
    ("pem-deploy", "deploy/keys/server.key"),
    ("pem-internal-pki", "internal/pki/ca.key"),
    ("pem-latest", "release/latest/signing.pem"),
    ("pem-attestation", "pkg/attestation/signer.pem"),
]:
    pos(name, path, "{{pem:rsa}}\n", private_key="high")

pos("pem-in-app-config-module", "src/payments/alipay.ts", """export const alipayConfig = {
  appId: '2021000000000000',
  privateKey: '{{pemesc:rsa}}',
};
""", private_key="high")

neg("cert-in-testresources", "internal/testresources/ca.pem", """-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ
{{b64:64}}
-----END CERTIFICATE-----
""")

neg("placeholder-key-in-mock", "src/connectors/pay/src/mock.ts", """export const mockedConfig = {
  privateKey: '<your private key>',
  publicKey: '{{b64:64}}',
};
""")


# ------------------------------------------------ 2. committed defaults
# A literal fallback for a secret read from the environment: what runs
# when the variable is unset. Medium (a default is a risk, not proof that
# it runs in production); low in tests and development configuration.
pos("flask-config-fallback", "app/config.py", """import os

class Config:
    SECRET_KEY = os.environ.get('SECRET_KEY') or 'a-hard-to-guess-string'
    SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL') or 'sqlite:///app.db'
""", env_fallback_secret="medium")

pos("node-config-fallback", "src/config/index.js", """module.exports = {
  port: process.env.PORT || 3000,
  jwtSecret: process.env.JWT_SECRET || 'kq3-signing-phrase',
};
""", env_fallback_secret="medium")

pos("ruby-fetch-fallback", "config/initializers/partner.rb", """PARTNER_API_TOKEN = ENV.fetch("PARTNER_API_TOKEN", "pt-{{lownum:12}}")
""", env_fallback_secret="medium")

pos("laravel-env-default", "config/app.php", """return [
    'name' => env('APP_NAME', 'Shop'),
    'key' => env('APP_KEY', 'SomeRandomString{{digits:4}}'),
];
""", env_fallback_secret="medium")

pos("go-helper-fallback", "internal/config/config.go", """func Load() Config {
	return Config{
		Addr:          getEnv("ADDR", ":8080"),
		SessionSecret: getEnv("SESSION_SECRET", "s3ss10n-{{lownum:10}}"),
	}
}
""", env_fallback_secret="medium")

pos("fallback-in-test-settings", "tests/settings.py", """SECRET_KEY = os.getenv("SECRET_KEY", "not-so-{{lownum:10}}")
""", env_fallback_secret="low")

pos("fallback-in-dev-config", "src/config/development.js", """export default { sessionSecret: process.env.SESSION_SECRET || 'dev-{{lownum:12}}' };
""", env_fallback_secret="low")

neg("env-no-fallback", "app/config.py", """SECRET_KEY = os.environ.get('SECRET_KEY')
API_TOKEN = os.environ["API_TOKEN"]
""")
neg("env-fallback-neutral-names", "src/config.js", """const port = process.env.PORT || '3000';
const db = process.env.DATABASE_URL || 'postgres://localhost/app';
const authUrl = process.env.AUTH_URL || 'http://localhost:4000/auth';
""")
neg("env-fallback-shipped-defaults", "app/settings.py", """DB_PASSWORD = os.getenv("DB_PASSWORD", "postgres")
JWT_SECRET = os.getenv("JWT_SECRET", "")
API_TOKEN = os.getenv("API_TOKEN", "changeme")
SECRET_KEY = os.getenv("SECRET_KEY", "secret")
""")
neg("env-fallback-to-another-variable", "src/auth.ts", """const secret = process.env.JWT_SECRET ?? process.env.APP_SECRET;
const token = process.env.API_TOKEN || config.apiToken;
""")

# `${NAME:default}` placeholders (Spring, Micronaut): the default is what
# runs when the variable is unset. Shell's `${VAR:-default}` is not this.
pos("spring-yaml-placeholder-default", "src/main/resources/application.yml", """jwt:
  secret: ${JWT_SECRET:{{b62:64}}}
  expiration: 86400
""", placeholder_default_secret="medium")

pos("spring-value-placeholder-default", "src/main/java/acme/api/PartnerClient.java", """@Component
public class PartnerClient {
    @Value("${partner.api.token:{{b62:24}}}")
    private String token;
}
""", placeholder_default_secret="medium")

neg("placeholder-no-default", "src/main/resources/application.yml", """jwt:
  secret: ${JWT_SECRET}
server:
  port: ${SERVER_PORT:8080}
spring:
  datasource:
    password: ${DB_PASSWORD:}
""")
neg("compose-shell-defaults", "docker-compose.yml", """services:
  db:
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}
      API_TOKEN: ${API_TOKEN:?set it}
""")

# A literal secret in committed application configuration: what the
# application reads unless something overrides it. Medium; in a
# development section or file low; shipped defaults nothing.
pos("app-config-hmac-phrase", "configuration/base.yaml", """application:
  port: 8000
  host: 0.0.0.0
  hmac_secret: "long-random-phrase-to-sign-cookies"
database:
  host: "127.0.0.1"
  password: "password"
""", config_literal_secret="medium")

pos("app-config-toml-session", "config/production.toml", """[session]
cookie_name = "sid"
secret = "correct-horse-battery-staple"
""", config_literal_secret="medium")

pos("rails-database-dev-section", "config/database.yml", """default: &default
  adapter: postgresql

development:
  <<: *default
  password: shop_dev_pw
""", config_literal_secret="low")

neg("app-config-references", "config/settings.yaml", """auth:
  secret: ${AUTH_SECRET}
  token: disabled
  password_min_length: 12
  api_key: <%= ENV["API_KEY"] %>
smtp:
  password: ""
""")
neg("helm-values-not-app-config", "deploy/chart/values.yaml", """auth:
  password: shop-prod-pw
""")
neg("ci-config-not-app-config", ".circleci/config.yml", """jobs:
  test:
    environment:
      DB_PASSWORD: ci-only-pw
""")

# ------------------------------------- signing keys handed to key constructors
pos("signing-key-csharp-next-line", "src/Conduit/ServicesExtensions.cs", """var signingKey = new SymmetricSecurityKey(
    "somethinglongerforthisdumbalgorithmisrequired"u8.ToArray()
);
""", hardcoded_signing_key="medium")
pos("signing-key-go-signedstring", "internal/auth/token.go", """func sign(t *jwt.Token) (string, error) {
	return t.SignedString([]byte("conduit-signing-phrase-2024"))
}
""", hardcoded_signing_key="medium")
pos("signing-key-node-jwt-sign", "src/routes/auth.js", """const token = jwt.sign({ id: user.id }, "realworld-jwt-k3y-phrase", { expiresIn: 86400 });
""", hardcoded_signing_key="medium")
neg("signing-key-from-config", "src/routes/auth.js", """const token = jwt.sign({ id: user.id }, config.secret, { expiresIn: 86400 });
var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]));
""")


def main():
    rng = random.Random(2029)
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "classes.jsonl")
    with open(out, "w") as f:
        for name, path, content, expect, conf in CASES:
            text = tokens.fill(content, rng)
            if name in INDENT:
                pad = " " * INDENT[name]
                lines = text.split("\n")
                inside = False
                for i, line in enumerate(lines):
                    if inside:
                        lines[i] = pad + line
                    if "-----BEGIN" in line:
                        inside = True
                    if "-----END" in line:
                        inside = False
                text = "\n".join(lines)
            case = {"name": name, "path": path, "content": text, "expect": expect}
            if conf:
                case["confidence"] = conf
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    npos = sum(1 for c in CASES if c[3])
    print(f"{npos} positive cases, {len(CASES) - npos} negative cases -> {out}")


if __name__ == "__main__":
    main()
