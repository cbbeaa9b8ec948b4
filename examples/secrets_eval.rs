//! Measure the secret scanner.
//!
//! `cargo run --release --example secrets_eval` prints corpus recall/precision with
//! counts, then scan throughput over a generated ~100 MB tree of text files (held in
//! memory so disk speed does not blur the number): single-threaded and with rayon.
//! `--corpus-only` skips the throughput run; `--mb N` changes its size.

use std::time::Instant;

use rayon::prelude::*;
use shipready::secrets::eval::{evaluate, load_cases};
use shipready::secrets::SecretScanner;

const CORPUS: &str = include_str!("../tests/corpus/secrets/cases.jsonl");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus_only = args.iter().any(|a| a == "--corpus-only");
    let mb: usize = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);

    let t = Instant::now();
    let scanner = SecretScanner::builtin().expect("builtin rules");
    println!(
        "{} rules, built in {:.1} ms",
        scanner.rules().len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let cases = load_cases(CORPUS).expect("corpus");
    let report = evaluate(&scanner, &cases);
    for e in &report.errors {
        println!("  {e}");
    }
    println!("{}", report.summary());
    if corpus_only {
        return;
    }

    let files = generate_tree(mb << 20);
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "generated {} files, {:.1} MB",
        files.len(),
        total as f64 / 1e6
    );

    let t = Instant::now();
    let mut found = 0usize;
    for (p, b) in &files {
        found += scanner.scan(p, b).len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "single thread: {:.1} MB/s ({:.2} s, {found} findings)",
        total as f64 / 1e6 / secs,
        secs
    );

    let t = Instant::now();
    let found: usize = files
        .par_iter()
        .map(|(p, b)| scanner.scan(p, b).len())
        .sum();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "rayon ({} threads): {:.1} MB/s ({:.2} s, {found} findings)",
        rayon::current_num_threads(),
        total as f64 / 1e6 / secs,
        secs
    );
}

/// Deterministic pseudo-random text tree: source code, configs, docs, lockfiles and
/// minified bundles, with keyword-rich lines (password/token/key assignments that
/// are mostly references) and a secret every ~200 KB.
fn generate_tree(target: usize) -> Vec<(String, Vec<u8>)> {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let lines: &[&str] = &[
        "    let result = compute_total(items.iter().map(|i| i.price * i.qty).sum());\n",
        "def handle_request(request, user_id, *, timeout=30):\n",
        "        return self.session.get(url, headers={'Accept': 'application/json'})\n",
        "  password: ${DB_PASSWORD}\n",
        "const token = process.env.API_TOKEN;\n",
        "import { useState, useEffect } from 'react';\n",
        "// TODO: handle the error path and retry with exponential backoff\n",
        "  \"integrity\": \"sha512-Qm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4==\",\n",
        "SELECT id, name, created_at FROM users WHERE org_id = $1 ORDER BY created_at DESC;\n",
        "    secret_name: app-credentials\n",
        "The authentication token is refreshed every hour by the auth middleware.\n",
        "      - uses: actions/checkout@v4\n",
        "resource \"aws_s3_bucket\" \"logs\" { bucket = \"acme-logs-prod\" }\n",
        "    if api_key is None: raise ValueError('api_key is required')\n",
        "<div class=\"container\"><a href=\"https://docs.acme.io/auth\">Docs</a></div>\n",
        "\n",
    ];
    let exts = [
        "rs", "py", "ts", "go", "yaml", "json", "md", "tf", "env", "java",
    ];
    let mut files = Vec::new();
    let mut total = 0;
    let mut i = 0u64;
    while total < target {
        let size = 2_000 + (next() % 40_000) as usize;
        let mut buf = Vec::with_capacity(size + 200);
        if i % 50 == 49 {
            // Minified bundle: one long line.
            while buf.len() < size {
                buf.extend_from_slice(
                    b"function(e,t){var n=t.token||e.auth;return n&&n.key?n:null},",
                );
            }
            buf.push(b'\n');
        } else {
            while buf.len() < size {
                let l = lines[(next() % lines.len() as u64) as usize];
                buf.extend_from_slice(l.as_bytes());
                if next() % 400 == 0 {
                    let tok: String = (0..24)
                        .map(|_| B62[(next() % 62) as usize] as char)
                        .collect();
                    buf.extend_from_slice(format!("STRIPE_SECRET_KEY=sk_live_{tok}\n").as_bytes());
                }
            }
        }
        let ext = if i % 50 == 49 {
            "min.js"
        } else {
            exts[(i % exts.len() as u64) as usize]
        };
        let path = format!("pkg{}/mod{}/file{i}.{ext}", i % 37, i % 11);
        total += buf.len();
        files.push((path, buf));
        i += 1;
    }
    files
}
