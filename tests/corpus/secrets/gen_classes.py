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
