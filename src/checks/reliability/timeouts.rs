//! `reliability.timeouts`: outbound HTTP calls set explicit timeouts.
//!
//! A heuristic per language over product source (tests, examples, scripts
//! and vendored code excluded; comments blanked). Each call site is either
//! bounded (a timeout is set, or the client's default is finite) or not:
//!
//! - Python: `requests.get/post/...(...)` and `urlopen(...)` without
//!   `timeout=` (requests and urllib wait forever by default). httpx
//!   defaults to 5 seconds, so httpx is flagged only for `timeout=None`;
//!   a `**kwargs` call cannot be judged and is not counted.
//! - Go: `http.Get/Post/PostForm/Head` and `http.DefaultClient` use a client
//!   with no timeout; an `http.Client{...}` literal without `Timeout:`.
//! - JavaScript/TypeScript: `fetch(...)` without a `signal`
//!   (`AbortSignal.timeout(ms)`), axios calls and `axios.create` without
//!   `timeout` (unless the file sets `axios.defaults.timeout`). Browser code
//!   (`.jsx`/`.tsx`, client/frontend trees, files that touch `window`,
//!   `document`, `FileReader`...) is not counted: a page's request hanging
//!   does not hang the server.
//! - Rust: `reqwest::get`, `Client::new()`, and a `Client::builder()` chain
//!   with no `.timeout`/`.connect_timeout` before `.build()`. The blocking
//!   client defaults to 30 seconds.
//! - Java/Kotlin: `HttpClient.newHttpClient()`, `HttpClient.newBuilder()`
//!   without `.connectTimeout`, `new RestTemplate()`, unless the file sets a
//!   per-request `.timeout(Duration...)` or the template's timeouts.
//! - PHP: Guzzle `new Client([...])` without `timeout`.
//!
//! Clients configured elsewhere (a shared instance, a dependency-injected
//! bean, a transport with deadlines) are invisible to a per-file reading:
//! findings are medium confidence (low for browser code), never enough to
//! fail the check alone, and the score is the share of bounded call sites.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::signals::is_product_source;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::source::{braces, call_args, Code};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry, Lang};

pub struct Timeouts;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("reliability.timeouts"),
    title: Cow::Borrowed("Outbound HTTP calls set timeouts"),
    category: Category::Reliability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("a service or worker whose source makes outbound HTTP calls"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("HTTP clients in the source are bounded by explicit timeouts"),
    rationale: Cow::Borrowed(
        "Several popular HTTP clients wait forever by default (Python requests and urllib, Go's \
         http.Get and zero-value http.Client, fetch, axios, reqwest, Java's HttpClient). One slow \
         dependency then holds every worker thread or connection until the service stops \
         answering: a partial outage becomes a total one.",
    ),
    remediation: Cow::Borrowed(
        "Give every outbound call a deadline shorter than your own callers' patience:\n\n\
         ```text\n\
         Python   requests.get(url, timeout=(3.05, 10))\n\
         Go       client := &http.Client{Timeout: 10 * time.Second}\n\
         JS       fetch(url, { signal: AbortSignal.timeout(10_000) })\n\
         axios    axios.create({ timeout: 10_000 })\n\
         Rust     reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?\n\
         Java     HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()\n\
         ```\n\n\
         A client configured once elsewhere is fine: mark the call site with \
         `shipready: ignore[reliability.timeouts] <where the timeout is set>`.",
    ),
    passes_when: Cow::Borrowed(
        "every recognised outbound HTTP call site in product source sets a timeout or uses a \
         client whose default is finite; the score is the share that do",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://requests.readthedocs.io/en/latest/user/advanced/#timeouts"),
        Cow::Borrowed(
            "https://blog.cloudflare.com/the-complete-guide-to-golang-net-http-timeouts/",
        ),
        Cow::Borrowed(
            "https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/",
        ),
    ]),
};

/// One outbound call site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub line: u32,
    pub call: String,
    pub bounded: bool,
    pub sure: Confidence,
}

struct Sites(Vec<Site>);

fn re(p: &str) -> Regex {
    Regex::new(p).expect("timeout regex")
}

static PY_REQUESTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\brequests\.(get|post|put|patch|delete|head|options|request)\s*\("));
static PY_HTTPX: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bhttpx\.(get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient)\s*\(")
});
static PY_URLOPEN: LazyLock<Regex> = LazyLock::new(|| re(r"\burlopen\s*\("));
static GO_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bhttp\.(Get|Post|PostForm|Head)\s*\(|\bhttp\.DefaultClient\.(Do|Get|Post|PostForm|Head)\s*\(",
    )
});
static GO_CLIENT: LazyLock<Regex> = LazyLock::new(|| re(r"\bhttp\.Client\s*\{"));
static JS_FETCH: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\w.$]|\bwindow\.|\bglobalThis\.)fetch\s*\("));
static JS_AXIOS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\baxios(?:\.(get|post|put|patch|delete|head|options|request|create))?\s*\(")
});
static RS_REQWEST: LazyLock<Regex> =
    LazyLock::new(|| re(r"\breqwest::get\s*\(|\b(?:reqwest::)?Client::(new|builder)\s*\(\s*\)"));
static JAVA_HTTP: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bHttpClient\.(newHttpClient|newBuilder)\s*\(\s*\)|\bnew\s+RestTemplate\s*\(\s*\)")
});
/// Browser-only APIs: a file that touches them runs in a page.
static BROWSER_API: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:window|document|navigator|localStorage|sessionStorage)\.|\bnew\s+(?:FileReader|XMLHttpRequest)\b",
    )
});

static FETCH_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?:import\s+fetch\b[^;'"]*?\s+from|import\s+\{[^}]*\bfetch\b[^}]*\}\s+from|(?:const|let|var)\s+fetch\s*=\s*require\()\s*\(?\s*["']([^"']+)["']"#,
    )
});

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

static PHP_GUZZLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bnew\s+(?:\\?GuzzleHttp\\)?Client\s*\("));

/// Browser code: its fetch calls hang a tab, not a server.
fn browser_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".jsx")
        || lower.ends_with(".tsx")
        || lower.split('/').any(|d| {
            matches!(
                d,
                "client"
                    | "frontend"
                    | "web"
                    | "ui"
                    | "public"
                    | "static"
                    | "components"
                    | "pages"
                    | "views"
                    | "app"
                    | "src-ui"
                    | "www"
                    | "browser"
                    | "webapp"
            )
        })
}

/// What a call's arguments hold when it bounds its wait, compiled once
/// (they were compiled at every call site).
static TIMEOUT_ARG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\btimeout\s*=").expect("static regex"));
static TIMEOUT_NONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\btimeout\s*=\s*None\b").expect("static regex"));
static SIGNAL_OR_TIMEOUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bsignal\b|\btimeout\b").expect("static regex"));
static TIMEOUT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"['\x22](?:timeout|connect_timeout)['\x22]").expect("static regex")
});

/// Call sites in one file's code (comments blanked).
pub fn scan(path: &str, lang: Lang, code: &str) -> Vec<Site> {
    let mut out = Vec::new();
    let lines = crate::workspace::Lines::new(code);
    let mut site = |offset: usize, call: &str, bounded: bool, sure: Confidence| {
        out.push(Site {
            line: lines.of(offset),
            call: call.to_string(),
            bounded,
            sure,
        })
    };
    let args_at = |m: regex::Match<'_>| call_args(code, m.end() - 1, 4000);
    let has = |args: Option<&str>, re: &Regex| args.is_some_and(|a| re.is_match(a));
    match lang {
        Lang::Python => {
            for m in PY_REQUESTS.find_iter(code) {
                let args = args_at(m);
                if args.is_some_and(|a| a.contains("**")) {
                    continue;
                }
                let call = m.as_str().trim_end_matches(['(', ' ']);
                site(m.start(), call, has(args, &TIMEOUT_ARG), Confidence::Medium);
            }
            for m in PY_HTTPX.find_iter(code) {
                let args = args_at(m);
                let call = m.as_str().trim_end_matches(['(', ' ']);
                site(
                    m.start(),
                    call,
                    !has(args, &TIMEOUT_NONE),
                    Confidence::Medium,
                );
            }
            if code.contains("urllib") {
                for m in PY_URLOPEN.find_iter(code) {
                    let args = args_at(m);
                    site(
                        m.start(),
                        "urlopen",
                        has(args, &TIMEOUT_ARG) || args.is_some_and(|a| a.split(',').count() >= 3),
                        Confidence::Medium,
                    );
                }
            }
        }
        Lang::Go => {
            for m in GO_DEFAULT.find_iter(code) {
                let call = m.as_str().trim_end_matches(['(', ' ']);
                site(m.start(), call, false, Confidence::Medium);
            }
            for m in GO_CLIENT.find_iter(code) {
                let body = braces(code, m.end() - 1, 4000);
                // A request bound to a context deadline near the client is
                // bounded too (`context.WithTimeout` then `client.Do(req)`).
                let start = floor(code, m.start().saturating_sub(1500));
                let end = floor(code, (m.end() + 1500).min(code.len()));
                let near = &code[start..end];
                let deadline = near.contains("WithTimeout(") || near.contains("WithDeadline(");
                let bounded = deadline || body.is_some_and(|b| b.contains("Timeout:"));
                let sure = if body.is_some_and(|b| b.contains("Transport")) {
                    Confidence::Low
                } else {
                    Confidence::Medium
                };
                site(m.start(), "http.Client{}", bounded, sure);
            }
        }
        Lang::JavaScript | Lang::TypeScript => {
            // A page's request hanging does not hang the server: browser
            // code is not counted.
            if browser_path(path) || BROWSER_API.is_match(code) {
                return out;
            }
            let sure = Confidence::Medium;
            // `fetch` imported from a project wrapper is not the global one.
            let wrapped = FETCH_IMPORT.captures_iter(code).any(|c| {
                c.get(1).is_some_and(|m| {
                    !matches!(
                        m.as_str(),
                        "node-fetch" | "cross-fetch" | "isomorphic-fetch" | "undici"
                    )
                })
            });
            for m in JS_FETCH.find_iter(code) {
                if wrapped {
                    break;
                }
                let args = args_at(m);
                if args.is_some_and(|a| a.contains("...")) {
                    continue; // spread options: the signal may be in them
                }
                let bounded = has(args, &SIGNAL_OR_TIMEOUT);
                site(m.start(), "fetch", bounded, sure);
            }
            let defaults = code.contains("defaults.timeout");
            for m in JS_AXIOS.find_iter(code) {
                let args = args_at(m);
                // `axios(...)` and `axios.x(...)` take config objects; a
                // bare `axios` identifier followed by `(` in an import is not a call.
                if args.is_none() || args.is_some_and(|a| a.contains("...")) {
                    continue;
                }
                let bounded = defaults || has(args, &SIGNAL_OR_TIMEOUT);
                let call = m.as_str().trim_end_matches(['(', ' ']);
                site(m.start(), call, bounded, sure);
            }
        }
        Lang::Rust => {
            if !code.contains("reqwest") {
                return out;
            }
            for m in RS_REQWEST.find_iter(code) {
                let s = m.as_str();
                if s.contains("builder") {
                    let rest = &code[m.end()..];
                    let end = rest
                        .find(".build()")
                        .map_or(rest.len().min(1500), |e| e.min(1500));
                    let chain = &rest[..end];
                    let bounded = chain.contains(".timeout(")
                        || chain.contains(".connect_timeout(")
                        || chain.contains(".read_timeout(");
                    site(
                        m.start(),
                        "reqwest::Client::builder()",
                        bounded,
                        Confidence::Medium,
                    );
                } else if s.contains("new") {
                    site(
                        m.start(),
                        "reqwest::Client::new()",
                        false,
                        Confidence::Medium,
                    );
                } else {
                    site(m.start(), "reqwest::get", false, Confidence::Medium);
                }
            }
        }
        Lang::Java | Lang::Kotlin => {
            let per_request =
                code.contains(".timeout(Duration") || code.contains(".timeout(java.time.Duration");
            let template_set = [
                "setConnectTimeout",
                "setReadTimeout",
                "connectTimeout(",
                "readTimeout(",
                "setConnectionRequestTimeout",
            ]
            .iter()
            .any(|n| code.contains(n));
            for m in JAVA_HTTP.find_iter(code) {
                let s = m.as_str();
                let (call, bounded) = if s.contains("RestTemplate") {
                    ("new RestTemplate()", template_set)
                } else if s.contains("newBuilder") {
                    let rest = &code[m.end()..];
                    let end = rest
                        .find(".build()")
                        .map_or(rest.len().min(1500), |e| e.min(1500));
                    (
                        "HttpClient.newBuilder()",
                        rest[..end].contains(".connectTimeout(") || per_request,
                    )
                } else {
                    ("HttpClient.newHttpClient()", per_request)
                };
                site(m.start(), call, bounded, Confidence::Medium);
            }
        }
        Lang::Php => {
            if !code.contains("GuzzleHttp") {
                return out;
            }
            for m in PHP_GUZZLE.find_iter(code) {
                let args = args_at(m);
                site(
                    m.start(),
                    "new GuzzleHttp\\Client()",
                    has(args, &TIMEOUT_KEY),
                    Confidence::Medium,
                );
            }
        }
        _ => {}
    }
    out
}

impl Check for Timeouts {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a client may get its timeout from configuration).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_product_source(file)
            && matches!(
                file.lang,
                Some(
                    Lang::Python
                        | Lang::Go
                        | Lang::JavaScript
                        | Lang::TypeScript
                        | Lang::Rust
                        | Lang::Java
                        | Lang::Kotlin
                        | Lang::Php
                )
            )
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let lang = file.lang?;
        let code = content.model::<Code>();
        let sites = scan(&file.path, lang, &code.text);
        (!sites.is_empty()).then(|| Box::new(Sites(sites)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let sites: Vec<(&FileEntry, &Site)> = ctx
            .data::<Sites>()
            .flat_map(|(f, s)| s.0.iter().map(move |s| (f, s)))
            .collect();
        if sites.is_empty() {
            return Ok(Outcome::not_applicable(
                "no outbound HTTP call sites recognised in product source",
            ));
        }
        let bounded: Vec<&(&FileEntry, &Site)> = sites.iter().filter(|(_, s)| s.bounded).collect();
        let findings: Vec<Finding> = sites
            .iter()
            .filter(|(_, s)| !s.bounded)
            .map(|(f, s)| {
                Finding::new(&META.id, format!("{} without an explicit timeout", s.call))
                    .rule("no-timeout")
                    .at(f.path.clone(), Some(s.line))
                    .matched(&s.call)
                    .confidence(s.sure)
            })
            .collect();
        Ok(Outcome::fraction(
            bounded.len() as f64 / sites.len() as f64,
            format!(
                "{} of {} outbound HTTP call sites set a timeout",
                bounded.len(),
                sites.len()
            ),
        )
        .basis(Basis::Heuristic)
        .evidences(
            bounded
                .iter()
                .take(5)
                .map(|(f, s)| format!("{} with a timeout at {}:{}", s.call, f.path, s.line)),
        )
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn call_sites() {
        // (path, code, sites, bounded)
        let cases: &[(&str, &str, usize, usize)] = &[
            ("a.py", "requests.get(url)", 1, 0),
            ("a.py", "requests.post(url, json=x, timeout=5)", 1, 1),
            ("a.py", "requests.get(url,\n    timeout=(3, 10))", 1, 1),
            ("a.py", "requests.get(url)  # timeout=5", 1, 0),
            ("a.py", "requests.get(**kw)", 0, 0),
            ("a.py", "httpx.get(url)", 1, 1),
            ("a.py", "httpx.Client(timeout=None)", 1, 0),
            ("a.py", "from urllib.request import urlopen\nurlopen(url)", 1, 0),
            ("a.go", "resp, err := http.Get(u)", 1, 0),
            ("a.go", "c := &http.Client{Timeout: 5 * time.Second}", 1, 1),
            ("a.go", "c := &http.Client{}", 1, 0),
            ("a.go", "// c := &http.Client{}", 0, 0),
            ("a.ts", "await fetch(u, { signal: AbortSignal.timeout(5000) })", 1, 1),
            ("a.ts", "await fetch(u)", 1, 0),
            ("a.ts", "cache.fetch(u)", 0, 0),
            ("a.ts", "import fetch from \"@server/utils/fetch\";\nawait fetch(u)", 0, 0),
            ("a.ts", "import fetch from \"node-fetch\";\nawait fetch(u)", 1, 0),
            ("a.ts", "import fetch, { type Response } from \"./fetch\";\nawait fetch(u)", 0, 0),
            ("a.ts", "await fetch(u, { ...params, headers })", 0, 0),
            ("app/components/List.tsx", "await fetch(u)", 0, 0),
            ("shared/editor/upload.ts", "const r = new FileReader();\nawait fetch(u)", 0, 0),
            ("a.go", "client := http.Client{}\nctx, cancel := context.WithTimeout(ctx, d)\nclient.Do(req.WithContext(ctx))", 1, 1),
            ("a.ts", "const c = axios.create({ baseURL: u, timeout: 3000 })", 1, 1),
            ("a.ts", "await axios.get(u)", 1, 0),
            ("a.ts", "axios.defaults.timeout = 5000;\nawait axios.get(u)", 1, 1),
            ("a.rs", "let c = reqwest::Client::builder().timeout(d).build()?;", 1, 1),
            ("a.rs", "let c = reqwest::Client::new();", 1, 0),
            ("a.rs", "let b = reqwest::blocking::get(u)?;", 0, 0),
            ("A.java", "HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();", 1, 1),
            ("A.java", "HttpClient c = HttpClient.newHttpClient();", 1, 0),
            ("A.java", "RestTemplate t = new RestTemplate();", 1, 0),
            ("a.php", "use GuzzleHttp\\Client;\n$c = new Client(['timeout' => 2.0]);", 1, 1),
            ("a.php", "use GuzzleHttp\\Client;\n$c = new Client();", 1, 0),
        ];
        for (path, text, n, ok) in cases {
            let lang = crate::workspace::language(path).unwrap();
            let code = crate::formats::source::blank_comments(path, text);
            let sites = scan(path, lang, &code);
            assert_eq!(sites.len(), *n, "{path}: {text}: {sites:?}");
            assert_eq!(
                sites.iter().filter(|s| s.bounded).count(),
                *ok,
                "{path}: {text}"
            );
        }
    }

    #[test]
    fn outcomes() {
        expect(
            &Timeouts,
            "all bounded",
            &[("svc/a.py", "requests.get(u, timeout=3)")],
            Status::Pass,
        );
        expect(
            &Timeouts,
            "half",
            &[("svc/a.py", "requests.get(u, timeout=3)\nrequests.get(u)")],
            Status::Partial,
        );
        expect(
            &Timeouts,
            "none",
            &[("svc/a.go", "http.Get(u)")],
            Status::Partial,
        );
        expect(
            &Timeouts,
            "only tests",
            &[("svc/a_test.go", "http.Get(u)")],
            Status::NotApplicable,
        );
    }
}
