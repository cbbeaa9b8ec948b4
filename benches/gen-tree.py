#!/usr/bin/env python3
"""Generate a large synthetic repository for benchmarking `shipready scan`.

Deterministic: the same arguments and seed produce the same tree, byte for
byte. The mix imitates a monorepo: many small source files, configs and
docs, a few large lockfiles, binary assets, and a handful of files over the
scanner's 2 MiB size cap.

    benches/gen-tree.py OUT_DIR [--files 100000] [--size 1G] [--seed 42]

Sizes follow a log-normal distribution per kind, then are scaled so the
total is close to --size. Content is cut from per-kind pools of plausible
text, so the scanner's regexes see realistic input without the generator
spending minutes on randomness.
"""

import argparse
import os
import random
import sys

KINDS = [
    # (share of files, extension or name, median bytes, sigma, binary)
    (0.16, ".py", 3500, 1.0, False),
    (0.12, ".go", 4000, 1.0, False),
    (0.10, ".rs", 5000, 1.0, False),
    (0.14, ".ts", 3000, 1.0, False),
    (0.06, ".js", 3000, 1.2, False),
    (0.06, ".java", 5000, 0.9, False),
    (0.06, ".md", 2500, 1.1, False),
    (0.07, ".yaml", 1200, 1.0, False),
    (0.05, ".json", 2000, 1.4, False),
    (0.03, ".toml", 600, 0.7, False),
    (0.03, ".sql", 1500, 0.9, False),
    (0.03, ".sh", 1200, 0.8, False),
    (0.04, ".png", 30000, 1.3, True),
    (0.02, ".jar", 200000, 1.0, True),
    (0.015, "Dockerfile", 900, 0.5, False),
    (0.005, "package-lock.json", 400000, 0.8, False),
    (0.004, "Cargo.lock", 90000, 0.8, False),
    (0.004, "go.sum", 40000, 0.8, False),
    (0.002, ".min.js", 2500000, 0.5, False),
    (0.008, ".txt", 5000, 1.5, False),
]

SNIPPETS = {
    ".py": 'import os\nfrom typing import Any\n\n\ndef handler(event: dict[str, Any]) -> dict:\n    """Process one event."""\n    url = os.environ.get("SERVICE_URL", "http://localhost:8080")\n    if not event:\n        raise ValueError("empty event")\n    return {"ok": True, "url": url, "n": len(event)}\n\n\nclass Repo:\n    def __init__(self, conn):\n        self.conn = conn\n\n    def get(self, key: str):\n        return self.conn.execute("SELECT v FROM kv WHERE k = %s", (key,)).fetchone()\n\n',
    ".go": 'package service\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n\n// Client talks to the upstream API.\ntype Client struct {\n\thttp *http.Client\n\tbase string\n}\n\nfunc New(base string) *Client {\n\treturn &Client{http: &http.Client{Timeout: 5 * time.Second}, base: base}\n}\n\nfunc (c *Client) Get(ctx context.Context, id string) (*http.Response, error) {\n\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/items/"+id, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn c.http.Do(req)\n}\n\n',
    ".rs": 'use std::collections::BTreeMap;\n\n/// An in-memory index of items by key.\n#[derive(Debug, Default)]\npub struct Index {\n    items: BTreeMap<String, u64>,\n}\n\nimpl Index {\n    pub fn insert(&mut self, key: &str, value: u64) -> Option<u64> {\n        self.items.insert(key.to_string(), value)\n    }\n\n    pub fn get(&self, key: &str) -> Option<u64> {\n        self.items.get(key).copied()\n    }\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn roundtrip() {\n        let mut i = super::Index::default();\n        i.insert("a", 1);\n        assert_eq!(i.get("a"), Some(1));\n    }\n}\n\n',
    ".ts": 'import { Request, Response } from "express";\n\nexport interface Item {\n  id: string;\n  name: string;\n  createdAt: Date;\n}\n\nexport async function listItems(req: Request, res: Response): Promise<void> {\n  const limit = Number(req.query.limit ?? 50);\n  const items: Item[] = await db.items.findMany({ take: limit });\n  res.json({ items, next: items.length === limit ? items[items.length - 1].id : null });\n}\n\n',
    ".js": 'const express = require("express");\nconst router = express.Router();\n\nrouter.get("/health", (req, res) => res.json({ status: "ok" }));\n\nrouter.post("/items", async (req, res, next) => {\n  try {\n    const item = await store.create(req.body);\n    res.status(201).json(item);\n  } catch (err) {\n    next(err);\n  }\n});\n\nmodule.exports = router;\n\n',
    ".java": 'package com.example.orders;\n\nimport java.util.List;\nimport java.util.Optional;\n\npublic final class OrderService {\n    private final OrderRepository repository;\n\n    public OrderService(OrderRepository repository) {\n        this.repository = repository;\n    }\n\n    public Optional<Order> find(long id) {\n        return repository.findById(id);\n    }\n\n    public List<Order> recent(int limit) {\n        return repository.findRecent(limit);\n    }\n}\n\n',
    ".md": '# Component\n\nThis component handles incoming orders and forwards them to billing.\n\n## Usage\n\nRun `make dev` and open http://localhost:8080.\n\n## Configuration\n\n| variable | meaning |\n| --- | --- |\n| `ORDERS_DB_URL` | database connection |\n| `BILLING_URL` | billing API base URL |\n\n',
    ".yaml": 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\n  labels:\n    app: orders\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: orders\n  template:\n    metadata:\n      labels:\n        app: orders\n    spec:\n      containers:\n        - name: orders\n          image: registry.example.com/orders:1.8.2\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {cpu: 500m, memory: 256Mi}\n---\n',
    ".json": '{"name": "orders-web", "version": "2.3.1", "private": true, "scripts": {"build": "tsc -p .", "test": "vitest run"}, "dependencies": {"express": "^4.21.1", "zod": "^3.23.8"}},\n',
    ".toml": '[package]\nname = "orders"\nversion = "0.4.0"\nedition = "2021"\n\n[dependencies]\nserde = { version = "1", features = ["derive"] }\ntokio = { version = "1", features = ["full"] }\n\n',
    ".sql": 'CREATE TABLE IF NOT EXISTS orders (\n  id BIGSERIAL PRIMARY KEY,\n  customer_id BIGINT NOT NULL REFERENCES customers(id),\n  total_cents BIGINT NOT NULL DEFAULT 0,\n  created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);\n\n',
    ".sh": '#!/usr/bin/env bash\nset -euo pipefail\n\nfor svc in orders billing users; do\n  echo "deploying ${svc}"\n  kubectl -n prod rollout status "deploy/${svc}" --timeout=300s\ndone\n\n',
    "Dockerfile": 'FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=build /out/app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n',
    "package-lock.json": '    "node_modules/express": {\n      "version": "4.21.1",\n      "resolved": "https://registry.npmjs.org/express/-/express-4.21.1.tgz",\n      "integrity": "sha512-YSFlK1Ee0/GC8QaO91tHcDxJiE/X4FbpAyQWkxAvG6AXCuR4HU7B8v0ptwFr5sXLk+WGm7oekM0Wv6b3U6NgKtg==",\n      "dependencies": {"accepts": "~1.3.8", "body-parser": "1.20.3"}\n    },\n',
    "Cargo.lock": '[[package]]\nname = "serde"\nversion = "1.0.215"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "6513c1ad0b11a9376da888e3e0baa0077f1aed55c17f50e7b2397136129fb88f"\ndependencies = [\n "serde_derive",\n]\n\n',
    "go.sum": 'github.com/gin-gonic/gin v1.10.0 h1:nTuyha1TYqgedzytsKYqna+DfLos46nTv2ygFy86HFU=\ngithub.com/gin-gonic/gin v1.10.0/go.mod h1:4PMNQiOhvDRa013RKVbsiNwoyezlm2rm0uX/T7kzp5Y=\n',
    ".min.js": '!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?module.exports=t():"function"==typeof define&&define.amd?define(t):(e=e||self).lib=t()}(this,function(){"use strict";var e=function(e,t){return e+t};return{add:e}});',
    ".txt": 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer nec odio. Praesent libero. Sed cursus ante dapibus diam. Sed nisi. Nulla quis sem at nibh elementum imperdiet.\n',
}

POOL_BYTES = 4 * 1024 * 1024


def parse_size(s: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = s.strip().upper().rstrip("B").rstrip("I")
    if s and s[-1] in units:
        return int(float(s[:-1]) * units[s[-1]])
    return int(s)


def pools(rng: random.Random) -> dict:
    out = {}
    for key, snippet in SNIPPETS.items():
        # Vary identifiers so the pool is not one string repeated verbatim.
        parts = []
        n = 0
        while n < POOL_BYTES:
            piece = snippet.replace("orders", f"orders{rng.randrange(1000)}").replace(
                "item", f"item{rng.randrange(100)}"
            )
            parts.append(piece)
            n += len(piece)
        out[key] = "".join(parts).encode()
    out["binary"] = rng.randbytes(POOL_BYTES)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="directory to create (must not exist)")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--size", default="1G", help="total size, e.g. 1G, 300M")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    total = parse_size(args.size)
    if os.path.exists(args.out):
        print(f"{args.out} exists; remove it first", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    pool = pools(rng)

    weights = [k[0] for k in KINDS]
    plan = []
    for i in range(args.files):
        kind = rng.choices(KINDS, weights)[0]
        size = max(16, int(rng.lognormvariate(0, kind[3]) * kind[2]))
        plan.append((kind, size))
    scale = total / max(1, sum(s for _, s in plan))
    plan = [(k, max(16, int(s * scale))) for k, s in plan]

    # services/<svc>/<area>/<pkg>/file: about 40 files per directory.
    written = 0
    for i, (kind, size) in enumerate(plan):
        svc, area, pkg = i // 4000, (i // 400) % 10, (i // 40) % 10
        d = os.path.join(args.out, f"services/svc{svc:03}/{['src', 'lib', 'cmd', 'internal', 'docs', 'deploy', 'web', 'tests', 'scripts', 'assets'][area]}/pkg{pkg}")
        os.makedirs(d, exist_ok=True)
        ext = kind[1]
        name = ext if not ext.startswith(".") else f"f{i:06}{ext}"
        if not ext.startswith("."):
            # Lockfiles and Dockerfiles keep their real names: one per directory.
            d = os.path.join(d, f"m{i:06}")
            os.makedirs(d, exist_ok=True)
        src = pool["binary"] if kind[4] else pool[ext]
        size = min(size, len(src))
        start = rng.randrange(0, len(src) - size + 1)
        with open(os.path.join(d, name), "wb") as f:
            f.write(src[start:start + size])
        written += size
    for name, text in [
        ("README.md", "# synthetic monorepo\n\nGenerated by benches/gen-tree.py.\n"),
        ("LICENSE", "MIT License\n"),
        (".gitignore", "*.log\n"),
    ]:
        with open(os.path.join(args.out, name), "w") as f:
            f.write(text)
    print(f"{args.out}: {len(plan)} files, {written / (1 << 20):.0f} MiB (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
