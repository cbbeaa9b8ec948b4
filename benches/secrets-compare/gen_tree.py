#!/usr/bin/env python3
"""Deterministic synthetic repository for the secret-scanner comparison.

Writes OUT/tree (the files to scan) and OUT/manifest.json (what was planted
where; kept OUTSIDE the tree so no scanner reads it). The tree looks like a
large monorepo: source in several languages, configs, .env examples, docs,
lockfiles, minified bundles and a few multi-megabyte files. Into it go about
200 synthetic credentials in the real shapes of their providers (all random,
none valid anywhere) and a few hundred hard negatives (placeholders,
documented example keys, environment references, template expressions,
hashes, UUIDs, public keys, base64 images, GitHub-shaped tokens whose CRC32
suffix is wrong).

Usage: gen_tree.py OUT [--files 100000] [--mb 1000] [--seed 42] [--secrets 200]
"""

import argparse
import base64
import json
import os
import random
import shutil
import string
import sys
import zlib

ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = string.ascii_letters + string.digits + "+/"
HEX = "0123456789abcdef"

WORDS = (
    "account address admin agent alert amount analytics api app archive asset audit auth backup "
    "balance batch billing blob bucket buffer build cache cart catalog channel checkout client "
    "cluster config connection consumer context counter customer dashboard data database delivery "
    "device digest discount document domain draft email endpoint entry event export feature feed "
    "file filter flag gateway graph group handler header health history host image import index "
    "inventory invoice item job key label ledger limit list locale lock log manager message metric "
    "model module monitor node notification offer order owner package page parser partner payload "
    "payment pipeline plan policy pool post price product profile project queue quota rate record "
    "refund region registry release report request resource response result retry role route rule "
    "schedule schema scope search segment server service session setting shard shipment snapshot "
    "source stage state status storage store stream subscription summary task team template tenant "
    "ticket timer topic tracker transaction transfer upload usage user value vendor version webhook "
    "widget worker workspace zone"
).split()


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def word(self):
        return self.r.choice(WORDS)

    def ident(self, style="snake"):
        parts = [self.word() for _ in range(self.r.randint(1, 3))]
        if style == "camel":
            return parts[0] + "".join(p.title() for p in parts[1:])
        if style == "pascal":
            return "".join(p.title() for p in parts)
        return "_".join(parts)

    def chars(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def sentence(self):
        n = self.r.randint(6, 18)
        s = " ".join(self.word() for _ in range(n))
        return s[0].upper() + s[1:] + "."

    # ---- background snippets per language -------------------------------------------
    def py(self):
        f, a, b = self.ident(), self.ident(), self.ident()
        c = self.ident("pascal")
        t = self.r.randrange(8)
        if t == 0:
            return (f"def {f}({a}, {b}=None):\n    \"\"\"{self.sentence()}\"\"\"\n    if {b} is None:\n"
                    f"        {b} = {{}}\n    result = [{a}.get(k) for k in {b}]\n    return result\n\n")
        if t == 1:
            return (f"class {c}:\n    def __init__(self, {a}):\n        self.{a} = {a}\n        self._cache = {{}}\n\n"
                    f"    def {f}(self):\n        return self.{a}.{b}()\n\n")
        if t == 2:
            return (f"def {f}(request):\n    token = request.headers.get(\"Authorization\", \"\")\n"
                    f"    if not token.startswith(\"Bearer \"):\n        raise PermissionError(\"missing token\")\n"
                    f"    return verify_token(token[7:])\n\n")
        if t == 3:
            return (f"{a.upper()} = os.environ.get(\"{a.upper()}\", \"{self.word()}\")\n"
                    f"DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\nlogger = logging.getLogger(__name__)\n\n")
        if t == 4:
            return (f"@app.route(\"/{self.word()}/<int:{a}>\")\ndef {f}({a}):\n    {b} = db.session.query({c}).get({a})\n"
                    f"    return jsonify({b}.to_dict()), 200\n\n")
        if t == 5:
            return (f"async def {f}(self, {a}: str) -> dict:\n    async with self.session.get(f\"{{self.base_url}}/{self.word()}/{{{a}}}\") as resp:\n"
                    f"        resp.raise_for_status()\n        return await resp.json()\n\n")
        if t == 6:
            return (f"def test_{f}():\n    {a} = make_{self.word()}()\n    assert {a}.{b} == {self.r.randint(0, 999)}\n"
                    f"    assert {a}.password_hash != \"{self.word()}\"\n\n")
        return f"# {self.sentence()}\n{a} = {self.r.randint(0, 10**6)}\n{b} = \"{self.word()}-{self.word()}\"\n\n"

    def js(self):
        f, a, b = self.ident("camel"), self.ident("camel"), self.ident("camel")
        c = self.ident("pascal")
        t = self.r.randrange(7)
        if t == 0:
            return (f"export function {f}({a}, {b} = {{}}) {{\n  const result = Object.keys({b}).map((k) => {a}[k]);\n"
                    f"  return result.filter(Boolean);\n}}\n\n")
        if t == 1:
            return (f"export class {c} {{\n  constructor({a}) {{\n    this.{a} = {a};\n  }}\n\n  async {f}() {{\n"
                    f"    const res = await fetch(`${{this.baseUrl}}/{self.word()}`, {{ headers: {{ Authorization: `Bearer ${{this.token}}` }} }});\n"
                    f"    return res.json();\n  }}\n}}\n\n")
        if t == 2:
            return (f"const {a} = process.env.{a.upper()} || '{self.word()}';\nconst apiKey = process.env.API_KEY;\n"
                    f"const password = config.get('db.password');\n\n")
        if t == 3:
            return (f"describe('{c}', () => {{\n  it('{self.sentence()}', async () => {{\n    const {a} = await {f}({self.r.randint(1, 99)});\n"
                    f"    expect({a}).toEqual({{ id: '{self.word()}' }});\n  }});\n}});\n\n")
        if t == 4:
            return (f"router.post('/{self.word()}', async (req, res) => {{\n  const {{ {a}, {b} }} = req.body;\n"
                    f"  if (!{a}) return res.status(400).json({{ error: '{a} required' }});\n  res.json(await {f}({a}, {b}));\n}});\n\n")
        if t == 5:
            return (f"interface {c} {{\n  {a}: string;\n  {b}?: number;\n  createdAt: Date;\n}}\n\n")
        return f"// {self.sentence()}\nlet {a} = {self.r.randint(0, 10**6)};\n\n"

    def go(self):
        f, a = self.ident("pascal"), self.ident("camel")
        c = self.ident("pascal")
        t = self.r.randrange(5)
        if t == 0:
            return (f"func {f}(ctx context.Context, {a} string) (*{c}, error) {{\n\tvar out {c}\n"
                    f"\tif err := db.QueryRowContext(ctx, \"SELECT * FROM {self.word()} WHERE id = $1\", {a}).Scan(&out); err != nil {{\n"
                    f"\t\treturn nil, fmt.Errorf(\"{self.word()}: %w\", err)\n\t}}\n\treturn &out, nil\n}}\n\n")
        if t == 1:
            return (f"type {c} struct {{\n\tID        string `json:\"id\"`\n\t{f} int    `json:\"{a}\"`\n"
                    f"\tPassword  string `json:\"-\"`\n}}\n\n")
        if t == 2:
            return (f"func {f}() string {{\n\treturn os.Getenv(\"{a.upper()}_TOKEN\")\n}}\n\n")
        if t == 3:
            return (f"func Test{f}(t *testing.T) {{\n\tgot := {f}()\n\tif got != \"{self.word()}\" {{\n"
                    f"\t\tt.Fatalf(\"unexpected %q\", got)\n\t}}\n}}\n\n")
        return f"// {self.sentence()}\nvar {a} = {self.r.randint(0, 10**6)}\n\n"

    def java(self):
        f, a = self.ident("camel"), self.ident("camel")
        c = self.ident("pascal")
        t = self.r.randrange(4)
        if t == 0:
            return (f"    public {c} {f}(String {a}) {{\n        if ({a} == null) {{\n            throw new IllegalArgumentException(\"{a}\");\n"
                    f"        }}\n        return repository.findById({a}).orElseThrow();\n    }}\n\n")
        if t == 1:
            return (f"    @Value(\"${{app.{self.word()}.password}}\")\n    private String {a}Password;\n\n")
        if t == 2:
            return f"    private final Map<String, {c}> {a} = new ConcurrentHashMap<>();\n\n"
        return f"    // {self.sentence()}\n    private static final int {a.upper()} = {self.r.randint(0, 9999)};\n\n"

    def rs(self):
        f, a = self.ident(), self.ident()
        c = self.ident("pascal")
        t = self.r.randrange(4)
        if t == 0:
            return (f"pub fn {f}({a}: &str) -> Result<{c}, Error> {{\n    let v = {a}.parse::<u64>()?;\n"
                    f"    Ok({c} {{ id: v, ..Default::default() }})\n}}\n\n")
        if t == 1:
            return f"#[derive(Debug, Clone)]\npub struct {c} {{\n    pub {a}: String,\n    token: Option<String>,\n}}\n\n"
        if t == 2:
            return f"fn {f}() -> String {{\n    std::env::var(\"API_TOKEN\").unwrap_or_default()\n}}\n\n"
        return f"// {self.sentence()}\nconst {a.upper()}: usize = {self.r.randint(0, 9999)};\n\n"

    def rb(self):
        f, a = self.ident(), self.ident()
        return (f"  def {f}({a})\n    return nil if {a}.blank?\n    @{a} ||= {self.ident('pascal')}.find_by(id: {a})\n  end\n\n")

    def c(self):
        f, a = self.ident(), self.ident()
        return (f"static int {f}(const char *{a}, size_t len)\n{{\n    if ({a} == NULL || len == 0)\n        return -1;\n"
                f"    return (int)strnlen({a}, len);\n}}\n\n")

    def sh(self):
        a = self.ident().upper()
        return (f"{a}=\"${{{a}:-{self.word()}}}\"\nif [ -z \"${{DB_PASSWORD:-}}\" ]; then\n  echo \"DB_PASSWORD not set\" >&2\n  exit 1\nfi\n"
                f"curl -fsS -H \"Authorization: Bearer $API_TOKEN\" \"$BASE_URL/{self.word()}\" >/dev/null\n\n")

    def yaml(self):
        a, b = self.ident(), self.ident()
        t = self.r.randrange(4)
        if t == 0:
            return (f"{a}:\n  enabled: true\n  replicas: {self.r.randint(1, 9)}\n  image: registry.example.com/{self.word()}:{self.r.randint(1, 9)}.{self.r.randint(0, 30)}\n"
                    f"  {b}: \"{self.word()}\"\n")
        if t == 1:
            return (f"- name: {a}\n  valueFrom:\n    secretKeyRef:\n      name: {self.word()}-secrets\n      key: password\n")
        if t == 2:
            return f"{a}:\n  password: ${{{a.upper()}_PASSWORD}}\n  timeout: {self.r.randint(1, 120)}s\n"
        return f"# {self.sentence()}\n{a}: {self.r.randint(0, 10**5)}\n"

    def md(self):
        t = self.r.randrange(4)
        if t == 0:
            return f"## {self.ident('pascal')}\n\n{self.sentence()} {self.sentence()} {self.sentence()}\n\n"
        if t == 1:
            return (f"```bash\nexport API_TOKEN=<your token>\n{self.word()} --{self.word()} {self.word()}\n```\n\n")
        if t == 2:
            return f"- {self.sentence()}\n- {self.sentence()}\n- `{self.ident()}`: {self.sentence()}\n\n"
        return f"{self.sentence()} {self.sentence()}\n\n"

    def sql(self):
        t = self.ident()
        return (f"CREATE TABLE IF NOT EXISTS {t} (\n  id BIGSERIAL PRIMARY KEY,\n  {self.ident()} TEXT NOT NULL,\n"
                f"  password_hash TEXT,\n  created_at TIMESTAMPTZ DEFAULT now()\n);\n"
                f"INSERT INTO {t} VALUES ({self.r.randint(1, 10**6)}, '{self.word()}', '{self.chars(HEX, 64)}', now());\n\n")

    def tf(self):
        a = self.ident()
        return (f"resource \"aws_s3_bucket\" \"{a}\" {{\n  bucket = \"{a.replace('_', '-')}-${{var.env}}\"\n  tags = {{\n    Team = \"{self.word()}\"\n  }}\n}}\n\n"
                f"variable \"{a}_password\" {{\n  type      = string\n  sensitive = true\n}}\n\n")

    def html(self):
        return (f"<div class=\"{self.word()}-{self.word()}\">\n  <h2>{self.sentence()}</h2>\n  <p>{self.sentence()} {self.sentence()}</p>\n"
                f"  <input type=\"password\" name=\"password\" autocomplete=\"current-password\">\n</div>\n")

    def css(self):
        return (f".{self.word()}-{self.word()} {{\n  display: flex;\n  margin: {self.r.randint(0, 32)}px;\n  color: #{self.chars(HEX, 6)};\n}}\n\n")

    def csv(self):
        return ",".join([str(self.r.randint(1, 10**6)), self.word(), self.chars(HEX, 12), str(self.r.random())]) + "\n"

    def log(self):
        return (f"2024-0{self.r.randint(1, 9)}-{self.r.randint(10, 28)}T{self.r.randint(10, 23)}:{self.r.randint(10, 59)}:{self.r.randint(10, 59)}Z INFO "
                f"{self.word()} request_id={self.chars(HEX, 32)} user={self.word()} status={self.r.choice([200, 201, 204, 400, 404, 500])} "
                f"took={self.r.randint(1, 900)}ms\n")


# extension -> (snippet method, header, footer, line comment)
LANGS = {
    "py": ("py", "import os\nimport logging\nfrom flask import jsonify\n\n", "", "#"),
    "js": ("js", "'use strict';\nimport fetch from 'node-fetch';\n\n", "", "//"),
    "ts": ("js", "import { Router } from 'express';\n\nconst router = Router();\n\n", "export default router;\n", "//"),
    "go": ("go", "package {pkg}\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"os\"\n)\n\n", "", "//"),
    "java": ("java", "package com.example.{pkg};\n\nimport java.util.*;\n\npublic class {cls} {{\n\n", "}\n", "//"),
    "rs": ("rs", "use std::collections::HashMap;\n\n", "", "//"),
    "rb": ("rb", "class {cls}\n", "end\n", "#"),
    "c": ("c", "#include <stdio.h>\n#include <string.h>\n\n", "", "//"),
    "sh": ("sh", "#!/usr/bin/env bash\nset -euo pipefail\n\n", "", "#"),
    "yaml": ("yaml", "---\n", "", "#"),
    "md": ("md", "# {cls}\n\n", "", None),
    "sql": ("sql", "-- schema\n", "", "--"),
    "tf": ("tf", "terraform {\n  required_version = \">= 1.5\"\n}\n\n", "", "#"),
    "html": ("html", "<!doctype html>\n<html>\n<body>\n", "</body>\n</html>\n", None),
    "css": ("css", "", "", None),
    "csv": ("csv", "id,name,ref,score\n", "", None),
    "log": ("log", "", "", None),
}

# (kind, weight by file count, median size in bytes)
KINDS = [
    ("py", 13, 7000), ("js", 10, 7000), ("ts", 9, 6000), ("go", 9, 8000), ("java", 7, 9000),
    ("rs", 5, 8000), ("rb", 3, 5000), ("c", 3, 9000), ("sh", 2, 2500), ("yaml", 8, 2500),
    ("json", 6, 5000), ("toml", 2, 1500), ("env", 1, 600), ("md", 8, 6000), ("sql", 2, 6000),
    ("tf", 2, 4000), ("html", 3, 6000), ("css", 2, 5000), ("csv", 1, 20000), ("log", 1, 20000),
    ("lock", 1, 120000), ("min.js", 1, 60000),
]

AREAS = ["services", "packages", "apps", "libs", "tools", "infra", "web", "workers"]
SUBDIRS = {
    "py": ["src", "src/api", "src/core", "tests"], "js": ["src", "src/lib", "test"],
    "ts": ["src", "src/routes", "src/components", "test"], "go": ["cmd", "internal", "pkg"],
    "java": ["src/main/java", "src/test/java"], "rs": ["src", "tests"], "rb": ["app/models", "lib", "spec"],
    "c": ["src", "include"], "sh": ["scripts"], "yaml": ["config", "deploy", "k8s", ".github/workflows"],
    "json": ["config", "fixtures"], "toml": ["config", "."], "env": ["."], "md": ["docs", "."],
    "sql": ["db/migrations"], "tf": ["terraform"], "html": ["templates", "public"], "css": ["static/css"],
    "csv": ["data"], "log": ["logs"], "lock": ["."], "min.js": ["static/js", "dist"],
}


def github_token(g, prefix="ghp", valid=True):
    body = g.chars(ALNUM, 30)
    n = zlib.crc32(body.encode())
    chk = ""
    for _ in range(6):
        chk = B62[n % 62] + chk
        n //= 62
    if not valid:
        chk = chk[:-1] + ("A" if chk[-1] != "A" else "B")
    return f"{prefix}_{body}{chk}"


def pem_block(g, kind, escaped=False):
    label = {"rsa": "RSA PRIVATE KEY", "pkcs8": "PRIVATE KEY", "ec": "EC PRIVATE KEY",
             "openssh": "OPENSSH PRIVATE KEY"}[kind]
    if kind == "openssh":
        der = b"openssh-key-v1\x00" + bytes(g.r.getrandbits(8) for _ in range(380))
    else:
        n = {"rsa": 1190, "pkcs8": 1216, "ec": 118}[kind]
        der = bytes([0x30, 0x82, (n >> 8) & 0xFF, n & 0xFF, 0x02, 0x01, 0x00]) + bytes(g.r.getrandbits(8) for _ in range(n))
        if kind == "ec":
            der = bytes([0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]) + bytes(g.r.getrandbits(8) for _ in range(112))
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + (70 if kind == "openssh" else 64)] for i in range(0, len(b64), 70 if kind == "openssh" else 64)]
    parts = [f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"]
    return ("\\n".join(parts) + "\\n") if escaped else "\n".join(parts)


def password(g, n=None):
    n = n or g.r.randint(16, 28)
    while True:
        p = g.chars(ALNUM + "!#%^*-_", n)
        if any(c.isdigit() for c in p) and any(c.isupper() for c in p) and any(c.islower() for c in p):
            return p


def planted(g, kind, ext):
    """Returns (lines, kind label) of one synthetic secret in a context fitting ext."""
    r = g.r
    if kind == "aws":
        kid = "AKIA" + g.chars(string.ascii_uppercase + "234567", 16)
        sec = g.chars(B64, 40)
        if ext in ("env", "sh"):
            return [f"AWS_ACCESS_KEY_ID={kid}", f"AWS_SECRET_ACCESS_KEY={sec}"]
        if ext == "py":
            return [f"    aws_access_key_id=\"{kid}\",", f"    aws_secret_access_key=\"{sec}\","]
        if ext == "yaml":
            return [f"aws_access_key_id: {kid}", f"aws_secret_access_key: {sec}"]
        if ext == "tf":
            return ["provider \"aws\" {", f"  access_key = \"{kid}\"", f"  secret_key = \"{sec}\"", "}"]
        if ext == "json":
            return [f"  \"accessKeyId\": \"{kid}\",", f"  \"secretAccessKey\": \"{sec}\","]
        return [f"const accessKeyId = '{kid}';", f"const secretAccessKey = '{sec}';"]
    if kind == "github":
        t = github_token(g, r.choice(["ghp", "ghp", "ghp", "gho", "ghs"]))
        return {
            "env": [f"GITHUB_TOKEN={t}"], "sh": [f"curl -H \"Authorization: token {t}\" https://api.github.com/user"],
            "yaml": [f"github_token: {t}"], "py": [f"GH_TOKEN = \"{t}\""], "json": [f"  \"githubToken\": \"{t}\","],
            "go": [f"\tclient := github.NewTokenClient(ctx, \"{t}\")"],
        }.get(ext, [f"const githubToken = \"{t}\";"])
    if kind == "stripe":
        t = "sk_live_" + g.chars(ALNUM, r.choice([24, 24, 99]))
        return {
            "env": [f"STRIPE_SECRET_KEY={t}"], "py": [f"stripe.api_key = \"{t}\""], "yaml": [f"  stripe_key: \"{t}\""],
            "rb": [f"  Stripe.api_key = '{t}'"], "json": [f"  \"stripeSecretKey\": \"{t}\","],
        }.get(ext, [f"const stripe = require('stripe')('{t}');"])
    if kind == "slack":
        t = f"xoxb-{g.chars(string.digits, r.randint(10, 13))}-{g.chars(string.digits, r.randint(10, 13))}-{g.chars(ALNUM, 24)}"
        return {
            "env": [f"SLACK_BOT_TOKEN={t}"], "yaml": [f"  slack_token: {t}"], "py": [f"slack = WebClient(token=\"{t}\")"],
            "json": [f"  \"slackToken\": \"{t}\","],
        }.get(ext, [f"const slack = new WebClient('{t}');"])
    if kind == "pem":
        k = r.choice(["rsa", "pkcs8", "ec", "openssh"])
        if ext == "json":
            return [f"  \"private_key\": \"{pem_block(g, 'pkcs8', escaped=True)}\","]
        if ext == "yaml":
            return ["  tls.key: |"] + ["    " + line for line in pem_block(g, k).split("\n")]
        if ext == "py":
            return ["SIGNING_KEY = \"\"\""] + pem_block(g, k).split("\n") + ["\"\"\""]
        return pem_block(g, k).split("\n")
    if kind == "dburl":
        user = r.choice(["app", "svc_orders", "admin", "reporting", "billing_rw"])
        host = f"{g.word()}-db.{r.choice(['internal', 'prod.corp', 'eu-west-1.rds.amazonaws.com'])}"
        pw = password(g, r.randint(14, 24)).replace("#", "x").replace("%", "y")
        scheme, port = r.choice([("postgres", 5432), ("postgresql", 5432), ("mysql", 3306),
                                 ("mongodb+srv", None), ("redis", 6379), ("amqp", 5672)])
        url = f"{scheme}://{user}:{pw}@{host}" + (f":{port}" if port else "") + f"/{g.word()}"
        return {
            "env": [f"DATABASE_URL={url}"], "yaml": [f"  url: \"{url}\""], "py": [f"SQLALCHEMY_DATABASE_URI = \"{url}\""],
            "json": [f"  \"databaseUrl\": \"{url}\","], "go": [f"\tdsn := \"{url}\""], "toml": [f"url = \"{url}\""],
        }.get(ext, [f"const dbUrl = '{url}';"])
    if kind == "generic":
        pw = password(g)
        key = r.choice(["password", "db_password", "client_secret", "api_secret", "secret_key", "auth_token"])
        return {
            "py": [f"{key.upper()} = \"{pw}\""], "yaml": [f"  {key}: \"{pw}\""], "json": [f"  \"{key}\": \"{pw}\","],
            "env": [f"{key.upper()}={pw}"], "go": [f"\t{key} := \"{pw}\""], "toml": [f"{key} = \"{pw}\""],
            "java": [f"    private static final String {key.upper()} = \"{pw}\";"],
            "rb": [f"  {key} = '{pw}'"], "tf": [f"  {key} = \"{pw}\""],
        }.get(ext, [f"const {key} = \"{pw}\";"])
    raise ValueError(kind)


PLANT_EXTS = {
    "aws": ["env", "py", "yaml", "tf", "json", "js", "sh"],
    "github": ["env", "sh", "yaml", "py", "json", "go", "js"],
    "stripe": ["env", "py", "yaml", "rb", "json", "js"],
    "slack": ["env", "yaml", "py", "json", "ts"],
    "pem": ["pem", "yaml", "json", "py"],
    "dburl": ["env", "yaml", "py", "json", "go", "toml", "js"],
    "generic": ["py", "yaml", "json", "env", "go", "toml", "java", "rb", "tf", "js"],
}
PLANT_COUNTS = {"aws": 30, "github": 30, "stripe": 25, "slack": 25, "pem": 25, "dburl": 30, "generic": 35}


def hard_negative(g, ext):
    """One hard negative: looks like a secret, is not. Returns (lines, label)."""
    r = g.r
    choice = r.randrange(16)
    if choice == 0:
        return ["AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"], "aws-doc-example"
    if choice == 1:
        return [f"password = \"{r.choice(['changeme', '<your-password>', 'xxxxxxxxxxxx', 'REPLACE_ME', 'your_password_here'])}\""], "placeholder"
    if choice == 2:
        return [f"db_password: \"{r.choice(['${DB_PASSWORD}', '{{ .Values.db.password }}', '{{ vault_db_password }}', '%(db_password)s'])}\""], "template-or-env"
    if choice == 3:
        return [f"api_key = os.environ[\"{g.ident().upper()}_API_KEY\"]"], "env-reference"
    if choice == 4:
        return [f"sha256 = \"{g.chars(HEX, 64)}\"", f"commit = \"{g.chars(HEX, 40)}\""], "hash"
    if choice == 5:
        u = g.chars(HEX, 32)
        return [f"request_id = \"{u[:8]}-{u[8:12]}-4{u[13:16]}-a{u[17:20]}-{u[20:]}\"", f"client_id: \"{u[:8]}-{u[8:12]}-4{u[13:16]}-8{u[17:20]}-{u[20:]}\""], "uuid"
    if choice == 6:
        b = base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(270))).decode()
        return ["-----BEGIN PUBLIC KEY-----"] + [b[i:i + 64] for i in range(0, len(b), 64)] + ["-----END PUBLIC KEY-----"], "public-key"
    if choice == 7:
        b = base64.b64encode(bytes([0x30, 0x82, 0x03, 0x10]) + bytes(g.r.getrandbits(8) for _ in range(780))).decode()
        return ["-----BEGIN CERTIFICATE-----"] + [b[i:i + 64] for i in range(0, len(b), 64)] + ["-----END CERTIFICATE-----"], "certificate"
    if choice == 8:
        b = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(g.r.getrandbits(8) for _ in range(600))).decode()
        return [f"  background-image: url(\"data:image/png;base64,{b}\");"], "base64-image"
    if choice == 9:
        return [f"GITHUB_TOKEN={github_token(g, 'ghp', valid=False)}"], "github-bad-checksum"
    if choice == 10:
        return ["SLACK_BOT_TOKEN=xoxb-your-slack-bot-token", "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"], "provider-placeholder"
    if choice == 11:
        return ["DATABASE_URL=postgres://user:password@localhost:5432/mydb", "REDIS_URL=redis://localhost:6379/0"], "doc-url-placeholder"
    if choice == 12:
        return [f"\"integrity\": \"sha512-{base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(64))).decode()}\","], "lockfile-integrity"
    if choice == 13:
        return [f"token = secrets.token_urlsafe(32)  # generated at runtime", "password = getpass.getpass()"], "runtime-generated"
    if choice == 14:
        return ["-----BEGIN RSA PRIVATE KEY-----", "...", "-----END RSA PRIVATE KEY-----"], "elided-private-key"
    return [f"aws_secret_access_key = \"{{{{ lookup('aws_ssm', '/{g.word()}/secret') }}}}\""], "secret-manager-ref"


def build_text(g, ext, size):
    meth, header, footer, _ = LANGS[ext]
    fn = getattr(g, meth)
    out = [header.replace("{pkg}", g.word()).replace("{cls}", g.ident("pascal")).replace("{{", "{")]
    n = len(out[0])
    while n < size:
        s = fn()
        out.append(s)
        n += len(s)
    out.append(footer)
    return "".join(out)


def build_json(g, size):
    items = []
    n = 0
    while n < size:
        item = {"id": g.r.randint(1, 10**7), "name": g.ident(), "enabled": g.r.random() < 0.5,
                "tags": [g.word() for _ in range(3)], "ref": g.chars(HEX, 12),
                "description": g.sentence()}
        s = json.dumps(item)
        items.append(s)
        n += len(s) + 4
    return "[\n  " + ",\n  ".join(items) + "\n]\n"


def build_toml(g, size):
    out = ["[package]\nname = \"%s\"\nversion = \"0.%d.0\"\n\n" % (g.ident().replace("_", "-"), g.r.randint(1, 30))]
    n = 0
    while n < size:
        s = f"[{g.ident()}]\nenabled = true\ntimeout = {g.r.randint(1, 99)}\nname = \"{g.word()}\"\n\n"
        out.append(s)
        n += len(s)
    return "".join(out)


def build_env(g, size):
    out = ["# Copy to .env and fill in\n"]
    n = 0
    while n < size:
        k = g.ident().upper()
        s = r_choice_env(g, k)
        out.append(s)
        n += len(s)
    return "".join(out)


def r_choice_env(g, k):
    return g.r.choice([f"{k}={g.word()}\n", f"{k}_PORT={g.r.randint(1000, 9999)}\n", f"{k}_PASSWORD=\n",
                       f"{k}_TOKEN=<{g.word()}-token>\n", f"{k}_URL=http://localhost:{g.r.randint(1000, 9999)}\n"])


def build_lock(g, size):
    kind = g.r.randrange(3)
    out = []
    n = 0
    if kind == 0:  # package-lock.json
        out.append("{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n")
        while n < size:
            p = g.ident().replace("_", "-")
            integ = base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(64))).decode()
            s = (f"    \"node_modules/{p}\": {{\n      \"version\": \"{g.r.randint(0, 9)}.{g.r.randint(0, 20)}.{g.r.randint(0, 9)}\",\n"
                 f"      \"resolved\": \"https://registry.npmjs.org/{p}/-/{p}-1.0.0.tgz\",\n      \"integrity\": \"sha512-{integ}\"\n    }},\n")
            out.append(s)
            n += len(s)
        out.append("    \"\": {}\n  }\n}\n")
        return "package-lock.json", "".join(out)
    if kind == 1:  # Cargo.lock
        out.append("# This file is automatically @generated by Cargo.\nversion = 3\n\n")
        while n < size:
            s = (f"[[package]]\nname = \"{g.ident().replace('_', '-')}\"\nversion = \"0.{g.r.randint(0, 20)}.{g.r.randint(0, 9)}\"\n"
                 f"source = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{g.chars(HEX, 64)}\"\n\n")
            out.append(s)
            n += len(s)
        return "Cargo.lock", "".join(out)
    while n < size:  # go.sum
        m = f"github.com/{g.word()}/{g.ident().replace('_', '-')}"
        h = base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(32))).decode()
        s = f"{m} v1.{g.r.randint(0, 20)}.{g.r.randint(0, 9)} h1:{h}\n{m} v1.{g.r.randint(0, 20)}.0/go.mod h1:{h[::-1]}\n"
        out.append(s)
        n += len(s)
    return "go.sum", "".join(out)


def build_min_js(g, size):
    parts = []
    n = 0
    while n < size:
        s = (f"function {g.chars(string.ascii_letters, 2)}({g.chars(string.ascii_lowercase, 1)},{g.chars(string.ascii_lowercase, 1)})"
             f"{{return {g.chars(string.ascii_lowercase, 1)}.{g.ident('camel')}(\"{g.chars(ALNUM, g.r.randint(4, 40))}\")||{g.r.randint(0, 999)}}};")
        parts.append(s)
        n += len(s)
    return "!function(){\"use strict\";" + "".join(parts) + "}();\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--mb", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--secrets", type=int, default=200)
    ap.add_argument("--negatives", type=int, default=400)
    args = ap.parse_args()

    g = Gen(args.seed)
    out = os.path.abspath(args.out)
    tree = os.path.join(out, "tree")
    if os.path.exists(tree):
        shutil.rmtree(tree)
    os.makedirs(tree)

    n_large = 12
    large_bytes = int(args.mb * 1e6 * 0.10)  # ~10% of the bytes in a dozen multi-MB files
    n_files = args.files - n_large - 1  # one .gitignore
    # Per-file target sizes from a lognormal per kind, then scaled to the byte budget.
    kinds = [k for k, _, _ in KINDS]
    weights = [w for _, w, _ in KINDS]
    med = {k: m for k, _, m in KINDS}
    plan = []
    for i in range(n_files):
        k = g.r.choices(kinds, weights)[0]
        plan.append([k, med[k] * g.r.lognormvariate(0, 0.8)])
    scale = (args.mb * 1e6 - large_bytes) / sum(s for _, s in plan)
    # Paths: area/project/subdir/name.ext
    used = set()
    files = []
    for k, s in plan:
        area = g.r.choice(AREAS)
        proj = f"{g.word()}-{g.r.randrange(150):03d}"
        sub = g.r.choice(SUBDIRS[k])
        if k == "lock":
            name = None  # decided by builder
        elif k == "env":
            name = g.r.choice([".env.example", ".env.sample", f".env.{g.r.choice(['dev', 'staging', 'test'])}", ".env"])
        elif k == "min.js":
            name = f"{g.word()}.{g.chars(HEX, 8)}.min.js"
        else:
            name = f"{g.ident()}.{ {'yaml': g.r.choice(['yaml', 'yml'])}.get(k, k) }"
        files.append({"kind": k, "dir": f"{area}/{proj}/{sub}".replace("/./", "/").rstrip("/."), "name": name,
                      "size": max(200, int(s * scale))})

    # Choose planted and negative hosts (normal-sized text files of a fitting kind).
    by_kind = {}
    for idx, f in enumerate(files):
        by_kind.setdefault(f["kind"], []).append(idx)
    plants = {}  # file index -> list of (kind, ext)
    manifest = {"seed": args.seed, "planted": [], "negatives": []}
    for kind, count in PLANT_COUNTS.items():
        count = round(count * args.secrets / 200)
        for _ in range(count):
            ext = g.r.choice(PLANT_EXTS[kind])
            if ext == "pem":
                # a dedicated key file, converted from a config-file slot so the count stays exact
                idx = g.r.choice([i for i in by_kind["yaml"] if i not in plants])
                by_kind["yaml"].remove(idx)
                files[idx] = {"kind": "pemfile", "dir": f"{g.r.choice(AREAS)}/{g.word()}-{g.r.randrange(150):03d}/"
                              f"{g.r.choice(['certs', 'deploy/keys', 'config/ssl'])}",
                              "name": f"{g.word()}{g.r.choice(['.pem', '.key', '_rsa'])}", "size": 0}
                plants[idx] = [(kind, "pem")]
                continue
            free = [i for i in by_kind[ext] if i not in plants]
            if not free:  # tiny trees: fall back to any free file of a kind this secret fits
                ext = g.r.choice([e for e in PLANT_EXTS[kind] if e != "pem" and any(i not in plants for i in by_kind.get(e, []))])
                free = [i for i in by_kind[ext] if i not in plants]
            idx = g.r.choice(free)
            plants[idx] = [(kind, ext)]
    negs = {}
    for _ in range(args.negatives):
        ext = g.r.choice(["py", "yaml", "json", "env", "md", "js", "go", "toml", "sh"])
        free = [i for i in by_kind[ext] if i not in plants and i not in negs]
        if free:
            negs[g.r.choice(free)] = ext

    def write(rel, text):
        path = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return len(text.encode())

    total = 0
    count = 0
    for idx, f in enumerate(files):
        k = f["kind"]
        if k == "lock":
            name, text = build_lock(g, f["size"])
        elif k == "json":
            name, text = f["name"], build_json(g, f["size"])
        elif k == "toml":
            name, text = f["name"], build_toml(g, f["size"])
        elif k == "env":
            name, text = f["name"], build_env(g, f["size"])
        elif k == "min.js":
            name, text = f["name"], build_min_js(g, f["size"])
        elif k == "pemfile":
            name, text = f["name"], ""
        else:
            name, text = f["name"], build_text(g, k, f["size"])
        rel = f"{f['dir']}/{name}"
        if rel in used:
            rel = f"{f['dir']}/{idx}-{name}"
        used.add(rel)
        lines = text.split("\n")
        if idx in plants:
            for kind, ext in plants[idx]:
                snippet = planted(g, kind, ext)
                at = g.r.randint(0, max(0, len(lines) - 1)) if lines != [""] else 0
                if ext == "pem":
                    at = 0
                    lines = snippet + [""]
                else:
                    lines[at:at] = snippet
                manifest["planted"].append({"kind": kind, "path": rel, "line": at + 1,
                                            "end_line": at + len(snippet), "large_file": False})
        elif idx in negs:
            snippet, label = hard_negative(g, negs[idx])
            at = g.r.randint(0, max(0, len(lines) - 1))
            lines[at:at] = snippet
            manifest["negatives"].append({"label": label, "path": rel, "line": at + 1, "end_line": at + len(snippet)})
        total += write(rel, "\n".join(lines))
        count += 1

    # A few multi-megabyte files: a SQL dump, logs, a JS bundle, a JSON export.
    # Two of them carry one planted secret each, to show size limits.
    per = large_bytes // n_large
    for i in range(n_large):
        kind = ["sql", "log", "js", "json"][i % 4]
        size = int(per * (0.6 + 0.8 * g.r.random()))
        if kind == "json":
            text = build_json(g, size)
        elif kind == "js":
            text = build_text(g, "js", size)
        else:
            text = build_text(g, kind, size)
        rel = {"sql": f"db/dumps/{g.word()}-{i}.sql", "log": f"logs/archive/{g.word()}-{i}.log",
               "js": f"web/bundle/{g.word()}-{i}.bundle.js", "json": f"data/exports/{g.word()}-{i}.json"}[kind]
        lines = text.split("\n")
        if i in (1, 2):
            kind_s, ext = [("github", "sh"), ("aws", "js")][i - 1]
            snippet = planted(g, kind_s, ext)
            at = len(lines) // 2
            lines[at:at] = snippet
            manifest["planted"].append({"kind": kind_s, "path": rel, "line": at + 1,
                                        "end_line": at + len(snippet), "large_file": True})
        total += write(rel, "\n".join(lines))
        count += 1

    # .gitignore with rules matching nothing in the tree, so ignore-aware and
    # ignore-blind tools see the same files.
    total += write(".gitignore", "/target/\nnode_modules/\n__pycache__/\n*.pyc\n")
    count += 1
    manifest["files"] = count
    manifest["bytes"] = total
    manifest["planted"].sort(key=lambda p: (p["path"], p["line"]))
    manifest["negatives"].sort(key=lambda p: (p["path"], p["line"]))
    with open(os.path.join(out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    print(f"{count} files, {total / 1e6:.0f} MB, {len(manifest['planted'])} planted, "
          f"{len(manifest['negatives'])} hard negatives -> {tree}", file=sys.stderr)


if __name__ == "__main__":
    main()
