//! `reliability.health-endpoint`: the service routes a health path that a
//! load balancer or an orchestrator can probe.
//!
//! Detection reads product source (tests, examples, scripts and vendored
//! trees excluded) with comments blanked, for route definitions whose path
//! is a health path (`/health`, `/healthz`, `/livez`, `/readyz`, `/ready`,
//! `/ping`, `/status`, `/up`, `/heartbeat`, under up to three prefix
//! segments such as `/api/v1/` or `/-/`):
//!
//! - calls that register routes: axum/actix `.route("/health", ...)`,
//!   net/http `HandleFunc("GET /healthz", ...)`, gin/echo/chi/fiber
//!   `r.GET("/health", ...)`, Express/Fastify `app.get('/health', ...)`,
//!   Flask `add_url_rule`, ASP.NET `MapGet`/`MapHealthChecks`, Django
//!   `path("health/", ...)`/`re_path`;
//! - decorators and attributes: `@app.get("/health")`, `@app.route`,
//!   `#[get("/health")]`, `@GetMapping("/health")`, `@Controller('health')`,
//!   `[HttpGet("health")]`, JAX-RS `@Path`;
//! - routing DSLs: Rails and Phoenix `get "/health", ...`, Rails 7.1
//!   `get "up" => "rails/health#show"`, Laravel 11 `health: '/up'`,
//!   Fastify `url: '/health'`;
//! - a route path in a named constant (`const ROUTE_PATH = '/health'`,
//!   `static final String HEALTH_PATH`), registered elsewhere: medium
//!   confidence;
//! - health libraries wired in code: gRPC health servers, ASP.NET
//!   `AddHealthChecks`, django-health-check's URLs, Nest Terminus;
//! - Spring Boot Actuator: the dependency alone (health is on by default,
//!   medium confidence), or with `management.*health*` configuration.
//!
//! A `get(...)` on an HTTP client (`requests.get("/health")`,
//! `axios.get`, `client.get`) is a call, not a route, and a `/healthcheck`
//! string elsewhere is not a route. Routes found are parsed evidence
//! (high); a dependency alone is presence (medium). No route found is a
//! medium-confidence finding: routing styles this reader does not know
//! exist.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::signals::{is_product_source, is_project_manifest, manifest_of};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::manifests::{package_matches, Ecosystem};
use crate::formats::needles::Needles;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{line_of, Content, FileEntry};

pub struct HealthEndpoint;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("reliability.health-endpoint"),
    title: Cow::Borrowed("The service routes a health endpoint"),
    category: Category::Reliability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[Profile::Service]),
    applies_when: Cow::Borrowed("the repository is a service with source code"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A health route (/healthz, /ready...) load balancers can probe"),
    rationale: Cow::Borrowed(
        "Orchestrators and load balancers decide whether to send traffic to an instance, or to \
         restart it, by probing an endpoint. Without one they probe a port or the home page: a \
         process that accepts connections but cannot reach its database keeps receiving traffic, \
         and a slow home page gets healthy instances killed.",
    ),
    remediation: Cow::Borrowed(
        "Route a cheap health endpoint, and a readiness endpoint that checks critical \
         dependencies:\n\n\
         ```go\nmux.HandleFunc(\"GET /healthz\", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) })\n```\n\n\
         Framework helpers: Spring Boot Actuator (`/actuator/health`), ASP.NET \
         `app.MapHealthChecks(\"/healthz\")`, Rails 7.1 `get \"up\" => \"rails/health#show\"`, \
         Laravel `health: '/up'`, django-health-check, @nestjs/terminus, the gRPC health service. \
         Point the container's probes at it.",
    ),
    passes_when: Cow::Borrowed(
        "product source defines a route for a health path, wires a health library (gRPC health, \
         MapHealthChecks, django-health-check, Terminus), or depends on Spring Boot Actuator",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"),
        Cow::Borrowed("https://microservices.io/patterns/observability/health-check-api.html"),
    ]),
};

/// One piece of health evidence in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub line: u32,
    pub what: String,
    pub sure: Confidence,
}

struct Hits(Vec<Hit>);

/// Leaves that only a health endpoint uses, under up to three static
/// prefix segments (`/api/v1/healthz`, `/-/readiness`).
static STRONG_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:[\w.-]+/){0,3}(?:_{0,2}health(?:z|check|-check|_check|y|s)?|livez|readyz|livenessz?|readiness|liveness|heartbeat|__heartbeat__|__lbheartbeat__)$",
    )
    .expect("health path regex")
});

/// Words other routes use too (`/:token/status`, `/users/ping`): a health
/// path only at the top or under an API, version, ops or health prefix
/// (`/healthcheck/live`, Quarkus' `/q/health/ready`).
static WEAK_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:api|v\d+|-|_|internal|sys|system|monitoring|ops|management|admin|private|public|q|health|healthz|healthcheck|health-check|health_check)/){0,2}(?:ready|alive|live|ping|_?status|up|ht|started)$",
    )
    .expect("weak health path regex")
});

/// What every health path holds (STRONG_PATH and WEAK_PATH accept nothing
/// without one of these; `up` and `ht` only as the last segment, before
/// the closing quote): a file without any has no health route, and the
/// four route regexes below are skipped.
/// The health words as code writes them: lower case, capitalised inside
/// camelCase (`getHealth`, `isReady`) or upper case. A case-insensitive
/// regex could use no literal prefilter and walked every byte of every
/// source file; these run on a vectorised one.
static HEALTH_WORD: LazyLock<Needles> = LazyLock::new(|| {
    let words = [
        "health",
        "ready",
        "readiness",
        "live",
        "ping",
        "status",
        "heartbeat",
    ];
    let mut all: Vec<String> = Vec::new();
    for w in words {
        let mut cap = w.to_string();
        cap[..1].make_ascii_uppercase();
        all.extend([w.to_string(), cap, w.to_ascii_uppercase()]);
    }
    Needles::new(&all.iter().map(String::as_str).collect::<Vec<_>>())
});

/// Short health paths (`/up`, django-health-check's `ht/`) ending a string.
static HEALTH_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?:up|ht)[/$?]*["'`]"#).expect("health tail regex"));

/// Route registration calls: `recv.fn("path"` (recv optional).
// It starts at the function's name, whose literals let the regex engine
// skip ahead; the receiver (`app.get`) is read backwards by `receiver`.
// A leading `([\w$]+)\s*\.\s*` group made every byte a possible start.
static ROUTE_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b(get|GET|Get|head|HEAD|Head|route|Route|HandleFunc|Handle|Any|ANY|all|use|api_route|add_api_route|add_url_rule|add_route|MapGet|MapMethods|MapHealthChecks|UseHealthChecks|Heartbeat|match|resource|forward|endpoint|path|re_path|url)\s*(?:::<[^>]*>)?\(\s*((?:[\w$.]+\s*\+\s*)?)(?:r|f|rb|br|@)?["'`]([^"'`\n]{0,100})["'`]"#,
    )
    .expect("route call regex")
});

/// Decorators, attributes and annotations.
static ROUTE_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:@|#\[|\[)(?:[\w:]+\.)*(get|Get|GET|head|route|Route|api_route|GetMapping|RequestMapping|Controller|Path|HttpGet|HttpHead)\s*\(\s*(?:(?:value|path|template)\s*=\s*)?\{?\s*["']([^"'\n]{0,100})["']"#,
    )
    .expect("route attribute regex")
});

/// Routing DSLs without parentheses (Rails, Phoenix, Sinatra).
static ROUTE_DSL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*(get|match|forward|head)\s+["']([^"'\n]{0,100})["']"#)
        .expect("route DSL regex")
});

/// Object-style routes: Fastify `url: '/health'`, Laravel 11 `health: '/up'`.
static ROUTE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(url|health)\s*:\s*["']([^"'\n]{0,100})["']"#).expect("route key regex")
});

/// A route path kept in a named constant and registered elsewhere:
/// Mezzio's `public const string ROUTE_PATH = '/health';`, Java's
/// `static final String HEALTH_PATH = "/health"`, Go's
/// `const healthPath = "/healthz"`. The name must say route, path or
/// endpoint, and the value be absolute.
static ROUTE_CONST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b(?:const|final)\b[^=\n;]{0,60}?\b(\w*(?i:route|path|endpoint)\w*)\s*(?::\s*[\w.]+\s*)?=\s*["'](/[^"'\n]{0,100})["']"#,
    )
    .expect("route constant regex")
});

/// A route-named constant in a Go `const ( ... )` block, where the keyword
/// stands on the block's first line, not the constant's.
static GO_CONST_BLOCK_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)^[ \t]+(\w*(?i:route|path|endpoint)\w*)[ \t]*(?:[\w.]+[ \t]*)?=[ \t]*"(/[^"\n]{0,100})""#,
    )
    .expect("Go const block regex")
});

/// Health libraries wired in code, whatever their path.
const WIRED: &[(&str, &str, Confidence)] = &[
    (
        "grpc_health_v1",
        "the gRPC health service",
        Confidence::High,
    ),
    (
        "RegisterHealthServer",
        "the gRPC health service",
        Confidence::High,
    ),
    (
        "tonic_health",
        "the gRPC health service (tonic-health)",
        Confidence::High,
    ),
    (
        "grpc_health.v1",
        "the gRPC health service",
        Confidence::High,
    ),
    (
        "MapHealthChecks(",
        "ASP.NET MapHealthChecks",
        Confidence::High,
    ),
    (
        "UseHealthChecks(",
        "ASP.NET UseHealthChecks",
        Confidence::High,
    ),
    (
        "AddHealthChecks(",
        "ASP.NET AddHealthChecks (no mapped path seen)",
        Confidence::Medium,
    ),
    (
        "health_check.urls",
        "django-health-check URLs",
        Confidence::High,
    ),
    (
        "rails/health#show",
        "the Rails health controller",
        Confidence::High,
    ),
    ("HealthCheckService", "@nestjs/terminus", Confidence::High),
    ("TerminusModule", "@nestjs/terminus", Confidence::High),
    ("createTerminus(", "@godaddy/terminus", Confidence::High),
    ("PlugCheckup", "plug_checkup", Confidence::High),
    // go-pkgz/rest's Ping middleware answers /ping.
    (
        "rest.Ping",
        "go-pkgz/rest Ping middleware (/ping)",
        Confidence::High,
    ),
    (
        "R.Ping)",
        "go-pkgz/rest Ping middleware (/ping)",
        Confidence::High,
    ),
];

static WIRED_NEEDLES: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&WIRED.iter().map(|w| w.0).collect::<Vec<_>>()));

/// Whether a text names one of the wired health mechanisms.
pub fn names_wired_health(text: &str) -> bool {
    WIRED_NEEDLES.any(text)
}

/// Probes that call a health path: the route exists somewhere, even if
/// this reader did not recognise how it is defined.
static PROBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*HEALTHCHECK\b.*?https?://[^/\s"']+(/[^\s"'|]*)|^\s*-?\s*test:.*?https?://[^/\s"']+(/[^\s"',\]]*)|^\s*path:\s*["']?(/[^\s"']*)"#)
        .expect("probe regex")
});

/// Where probes are declared: Dockerfiles, compose files, Kubernetes and
/// Helm YAML.
fn is_probe_file(f: &FileEntry) -> bool {
    (f.is(crate::workspace::FileKind::Dockerfile) || f.is(crate::workspace::FileKind::Yaml))
        && !f.vendored()
        && !f.fixture()
        && !f.test_code()
        && !f.example()
        && !f.path.starts_with(".github/")
}

fn probes(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for c in PROBE.captures_iter(text) {
        let Some(path) = c.get(1).or(c.get(2)).or(c.get(3)) else {
            continue;
        };
        // `path:` is a probe's only where an httpGet sits just above.
        if c.get(3).is_some() {
            let before = &text[..path.start()];
            let window = &before[before.len().saturating_sub(120)..];
            if !window.contains("httpGet") {
                continue;
            }
        }
        if is_health_path(path.as_str()) {
            out.push(Hit {
                line: line_of(text, path.start()),
                what: format!("a probe calls {}", path.as_str()),
                sure: Confidence::Medium,
            });
        }
    }
    out
}

/// HTTP clients: `requests.get("/health")` calls a health endpoint.
const CLIENTS: &[&str] = &[
    "requests",
    "httpx",
    "axios",
    "client",
    "Client",
    "session",
    "Session",
    "http",
    "https",
    "got",
    "superagent",
    "request",
    "fetch",
    "api",
    "$http",
    "HttpClient",
    "httpClient",
    "restTemplate",
    "webClient",
    "urllib",
    "aiohttp",
    "ky",
    "req",
    "agent",
    "supertest",
    "conn",
    "resp",
    "response",
    "res",
    "self",
    "this",
    "cache",
    "redis",
    "dict",
    "data",
    "os",
    "env",
    "config",
    "settings",
    "params",
    "headers",
    "json",
    "result",
    "r2",
    "mock",
    "page",
    "cy",
    "browser",
];

/// Health dependencies declared in manifests.
const LIBRARIES: &[(Ecosystem, &str, &str)] = &[
    (
        Ecosystem::Maven,
        "spring-boot-starter-actuator",
        "Spring Boot Actuator (/actuator/health)",
    ),
    (
        Ecosystem::Gradle,
        "spring-boot-starter-actuator",
        "Spring Boot Actuator (/actuator/health)",
    ),
    (
        Ecosystem::Gradle,
        "spring-boot-actuator",
        "Spring Boot Actuator (/actuator/health)",
    ),
    (
        Ecosystem::Maven,
        "quarkus-smallrye-health",
        "SmallRye Health (/q/health)",
    ),
    (
        Ecosystem::Gradle,
        "quarkus-smallrye-health",
        "SmallRye Health (/q/health)",
    ),
    (
        Ecosystem::Maven,
        "micronaut-management",
        "Micronaut management (/health)",
    ),
    (Ecosystem::Npm, "@nestjs/terminus", "@nestjs/terminus"),
    (Ecosystem::Npm, "@godaddy/terminus", "@godaddy/terminus"),
    (Ecosystem::Npm, "express-healthcheck", "express-healthcheck"),
    (Ecosystem::Npm, "fastify-healthcheck", "fastify-healthcheck"),
    (Ecosystem::Npm, "@hapi/hapi-healthcheck", "hapi healthcheck"),
    (
        Ecosystem::Python,
        "django-health-check",
        "django-health-check",
    ),
    (Ecosystem::Python, "fastapi-health", "fastapi-health"),
    (Ecosystem::Python, "flask-healthz", "flask-healthz"),
    (Ecosystem::Python, "healthcheck", "healthcheck"),
    (Ecosystem::Ruby, "okcomputer", "OkComputer"),
    (Ecosystem::Ruby, "health_check", "health_check"),
    (Ecosystem::Ruby, "rails-healthcheck", "rails-healthcheck"),
    (
        Ecosystem::Composer,
        "spatie/laravel-health",
        "spatie/laravel-health",
    ),
    (
        Ecosystem::Composer,
        "ukfast/laravel-health-check",
        "laravel-health-check",
    ),
    (
        Ecosystem::Nuget,
        "AspNetCore.HealthChecks*",
        "AspNetCore.HealthChecks",
    ),
    (
        Ecosystem::Nuget,
        "Microsoft.Extensions.Diagnostics.HealthChecks*",
        "ASP.NET health checks",
    ),
    (
        Ecosystem::Go,
        "github.com/heptiolabs/healthcheck",
        "heptiolabs/healthcheck",
    ),
    (
        Ecosystem::Go,
        "github.com/hellofresh/health-go",
        "hellofresh/health-go",
    ),
    (
        Ecosystem::Go,
        "github.com/alexliesenfeld/health",
        "alexliesenfeld/health",
    ),
    (
        Ecosystem::Go,
        "github.com/InVisionApp/go-health",
        "InVisionApp/go-health",
    ),
    (Ecosystem::Hex, "plug_checkup", "plug_checkup"),
    (Ecosystem::Cargo, "tonic-health", "tonic-health"),
];

/// The health libraries a manifest depends on (they serve their own
/// paths, so a probe may name a path no source route declares).
pub fn health_libraries(m: &crate::formats::manifests::Manifest) -> Vec<Hit> {
    m.product_deps()
        .filter_map(|d| {
            LIBRARIES
                .iter()
                .find(|(e, name, _)| *e == m.ecosystem && package_matches(*e, &d.name, name))
                .map(|(_, _, what)| Hit {
                    line: d.line.unwrap_or(1),
                    what: format!("{what} dependency"),
                    sure: Confidence::Medium,
                })
        })
        .collect()
}

/// Whether a route path is a health path.
pub fn is_health_path(raw: &str) -> bool {
    let mut p = raw.trim();
    // Go 1.22 patterns carry a method: "GET /healthz".
    if let Some((method, rest)) = p.split_once(' ') {
        if method.chars().all(|c| c.is_ascii_uppercase()) {
            p = rest.trim();
        }
    }
    let p = p
        .trim_start_matches('^')
        .trim_end_matches('$')
        .trim_end_matches('?')
        .trim_matches('/');
    // A parameter segment (`:id`, `{id}`, `<id>`) makes it a resource route.
    let param = p.split('/').any(|s| s.starts_with([':', '{', '<', '*']));
    !p.is_empty()
        && !p.contains("://")
        && !param
        && (STRONG_PATH.is_match(p) || WEAK_PATH.is_match(p))
}

/// One route definition found in code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteCandidate {
    pub offset: usize,
    /// The path as written (its literal part when built by concatenation
    /// or interpolation).
    pub path: String,
    /// What registered it (`HandleFunc`, `GetMapping`...).
    pub kind: String,
    /// Built at run time from a prefix (`baseUrl + "/_healthz"`,
    /// `` `${base}/health` ``): the literal is the path's tail.
    pub built: bool,
}

/// Whether a file's code can hold a health route at all: every health
/// path holds one of the health words, so a file without any is not
/// searched (the route regexes are most of a scan's cost here).
pub fn names_health_word(code: &str) -> bool {
    HEALTH_WORD.any(code) || HEALTH_TAIL.is_match(code)
}

/// The identifier a method call is made on (`app` in `app.get(`, also
/// across lines and spaces: `router\n  .get(`), and where it starts.
fn receiver(code: &str, name_at: usize) -> Option<(&str, usize)> {
    let b = code.as_bytes();
    let mut i = name_at;
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    if i == 0 || b[i - 1] != b'.' {
        return None;
    }
    i -= 1;
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    let end = i;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'$') {
        i -= 1;
    }
    (i < end).then(|| (&code[i..end], i))
}

/// Every route definition the patterns recognise in one source file's
/// code (comments blanked). Client calls (`requests.get("/x")`) and
/// lookups (`config.get("status")`) are left out; the paths are as
/// written, health or not.
pub fn route_candidates(code: &str) -> Vec<RouteCandidate> {
    let mut out = Vec::new();
    let mut push = |offset: usize, path: &str, kind: &str, built: bool| {
        out.push(RouteCandidate {
            offset,
            path: path.to_string(),
            kind: kind.to_string(),
            built,
        })
    };
    for c in ROUTE_CALL.captures_iter(code) {
        let (Some(all), Some(func), Some(path)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let concat = c.get(2).is_some_and(|m| !m.as_str().is_empty());
        let recv = receiver(code, all.start());
        let all_start = recv.map_or(all.start(), |(_, at)| at);
        let recv = recv.map(|(r, _)| r);
        let f = func.as_str();
        let bare_ok = matches!(f, "path" | "re_path" | "url");
        if bare_ok && recv.is_some() {
            continue; // `os.path(`, `x.url(`: not Django's URL functions
        }
        let getter = matches!(
            f,
            "get" | "GET" | "Get" | "head" | "HEAD" | "Head" | "use" | "all" | "match"
        );
        if getter && recv.is_some_and(|r| CLIENTS.contains(&r)) {
            continue;
        }
        // `f"{prefix}/health"`, `${base}/health`: the tail after the
        // interpolation is the literal part.
        let (p, interpolated) = match strip_interpolation(path.as_str()) {
            Some(tail) => (tail, true),
            None => (path.as_str(), false),
        };
        if !bare_ok
            && !p
                .trim_start_matches(|ch: char| ch.is_ascii_uppercase() || ch == ' ')
                .starts_with('/')
            && !matches!(f, "MapHealthChecks" | "UseHealthChecks")
        {
            continue; // `config.get("status")` is a lookup, not a route
        }
        push(all_start, p, f, concat || interpolated);
    }
    for c in ROUTE_ATTR.captures_iter(code) {
        let (Some(all), Some(kind), Some(path)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        push(all.start(), path.as_str(), kind.as_str(), false);
    }
    for c in ROUTE_DSL
        .captures_iter(code)
        .chain(ROUTE_KEY.captures_iter(code))
    {
        let (Some(all), Some(kind), Some(path)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let p = path.as_str();
        if kind.as_str() == "url" && !p.starts_with('/') {
            continue;
        }
        push(all.start(), p, kind.as_str(), false);
    }
    for c in ROUTE_CONST.captures_iter(code) {
        let (Some(all), Some(path)) = (c.get(0), c.get(2)) else {
            continue;
        };
        push(all.start(), path.as_str(), ROUTE_CONSTANT, false);
    }
    let mut from = 0;
    while let Some(at) = code[from..].find("const (") {
        let start = from + at;
        let end = code[start..].find("\n)").map_or(code.len(), |e| start + e);
        for c in GO_CONST_BLOCK_ROUTE.captures_iter(&code[start..end]) {
            let (Some(all), Some(path)) = (c.get(0), c.get(2)) else {
                continue;
            };
            push(start + all.start(), path.as_str(), ROUTE_CONSTANT, false);
        }
        from = end;
    }
    out
}

/// The `kind` of a route found as a named constant: registered somewhere
/// this reader does not follow, so it is medium-confidence evidence.
pub const ROUTE_CONSTANT: &str = "route constant";

/// Health evidence in one source file's code (comments blanked).
pub fn scan_code(code: &str) -> Vec<Hit> {
    let routes = if names_health_word(code) {
        route_candidates(code)
    } else {
        Vec::new()
    };
    health_hits(code, &routes)
}

/// Health evidence from a file's route candidates and wired libraries.
pub fn health_hits(code: &str, routes: &[RouteCandidate]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut push = |offset: usize, what: String, sure: Confidence| {
        hits.push(Hit {
            line: line_of(code, offset),
            what,
            sure,
        })
    };
    // Routes built from a prefix are left to the probe comparison: a
    // concatenated `store.get(key + "/status")` is too often a lookup.
    for r in routes.iter().filter(|r| !r.built) {
        if is_health_path(&r.path) {
            let sure = if r.kind == ROUTE_CONSTANT {
                Confidence::Medium
            } else {
                Confidence::High
            };
            push(r.offset, format!("route {:?} ({})", r.path, r.kind), sure);
        }
    }
    for ((_, what, sure), at) in WIRED.iter().zip(WIRED_NEEDLES.first(code)) {
        if let Some(i) = at {
            push(i, what.to_string(), *sure);
        }
    }
    hits.sort_by_key(|h| h.line);
    hits.dedup_by(|a, b| a.line == b.line);
    hits
}

/// The rest of a path that starts with an interpolation (`{prefix}/x`,
/// `${base}/x`), when it does.
fn strip_interpolation(p: &str) -> Option<&str> {
    let rest = p.strip_prefix('$').unwrap_or(p).strip_prefix('{')?;
    let end = rest.find('}')?;
    Some(&rest[end + 1..]).filter(|t| t.starts_with('/'))
}

/// Spring configuration that exposes or tunes the health endpoint.
fn is_spring_config(f: &FileEntry) -> bool {
    let n = f.name().to_ascii_lowercase();
    n.starts_with("application")
        && (n.ends_with(".yml") || n.ends_with(".yaml") || n.ends_with(".properties"))
        && !f.vendored()
        && !f.test_code()
}

impl Check for HealthEndpoint {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_product_source(file)
            || is_project_manifest(file)
            || is_spring_config(file)
            || is_probe_file(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if is_spring_config(file) {
            let t = content.text();
            let hit = t.lines().position(|l| {
                let l = l.trim();
                (l.contains("management")
                    || l.starts_with("health")
                    || l.starts_with("probes")
                    || l.starts_with("endpoint"))
                    && (l.contains("health") || l.contains("probes"))
            });
            return hit.map(|i| {
                Box::new(Hits(vec![Hit {
                    line: i as u32 + 1,
                    what: "Spring Boot health endpoint configuration".into(),
                    sure: Confidence::High,
                }])) as FileData
            });
        }
        if is_probe_file(file) && !is_product_source(file) {
            let hits = probes(content.text());
            return (!hits.is_empty()).then(|| Box::new(Hits(hits)) as FileData);
        }
        if let Some(m) = manifest_of(content) {
            return Some(Box::new(Hits(health_libraries(&m))));
        }
        // Parsed once, shared with the checks that compare probe paths
        // with routes.
        let routes = content.model::<super::routes::SourceRoutes>();
        Some(Box::new(Hits(routes.health.clone())))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Hits)> = ctx.data::<Hits>().collect();
        let sources: Vec<&FileEntry> = kept
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| is_product_source(f))
            .collect();
        let mut all: Vec<(&FileEntry, &Hit)> = kept
            .iter()
            .flat_map(|(f, h)| h.0.iter().map(move |h| (*f, h)))
            .collect();
        all.sort_by_key(|(f, h)| (h.sure != Confidence::High, f.path.as_str(), h.line));
        let spring_config = all
            .iter()
            .any(|(f, h)| is_spring_config(f) && h.sure == Confidence::High);
        let actuator = all
            .iter()
            .any(|(_, h)| h.what.starts_with("Spring Boot Actuator"));
        // Actuator configuration without the dependency proves nothing.
        all.retain(|(f, _)| !is_spring_config(f) || actuator);
        let evidence: Vec<String> = all
            .iter()
            .take(10)
            .map(|(f, h)| format!("{} at {}:{}", h.what, f.path, h.line))
            .collect();
        if let Some((f, h)) = all.first() {
            let sure = if h.sure == Confidence::High || (actuator && spring_config) {
                Basis::Parsed
            } else {
                Basis::Present
            };
            return Ok(
                Outcome::pass(format!("{} at {}:{}", h.what, f.path, h.line))
                    .basis(sure)
                    .evidences(evidence),
            );
        }
        let Some(first) = sources.first() else {
            return Ok(Outcome::not_applicable("no product source code"));
        };
        Ok(Outcome::fail(format!("no health route in {} source files", sources.len()))
            .basis(Basis::Pattern)
            .evidence("looked for routes to /health, /healthz, /livez, /readyz, /ready, /ping, /status, /up, /heartbeat; gRPC health; MapHealthChecks; Actuator, Terminus, django-health-check and similar libraries")
            .findings(vec![Finding::new(&META.id, format!("no health endpoint route found in {} product source files", sources.len()))
                    .rule("no-health-route")
                    .at(first.path.clone(), None)
.confidence(Confidence::Medium)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_words_in_the_casings_code_uses() {
        for (code, want) in [
            ("app.get('/healthz')", true),
            ("func getHealth() {}", true),
            ("isReady := true", true),
            ("READINESS_PATH = 1", true),
            ("keepAlive: true", true),
            ("StatusOK", true),
            ("HEARTBEAT_INTERVAL", true),
            ("get '/up'", true),
            ("path('ht/', include(x))", true),
            ("return a + b", false),
            ("const items = []", false),
            ("update(x)", false),
        ] {
            assert_eq!(names_health_word(code), want, "{code}");
        }
    }
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn paths() {
        for (p, want) in [
            ("/health", true),
            ("/healthz", true),
            ("GET /healthz", true),
            ("/api/v1/health", true),
            ("/-/readiness", true),
            ("^healthz/?$", true),
            ("health/", true),
            ("/up", true),
            ("/:webauthn_token/status", false),
            ("/users/ping", false),
            ("/api/ping", true),
            ("/users", false),
            ("/health/reports/weekly", false),
            ("/healthcheck/live", true),
            ("/healthcheck/ready", true),
            ("/q/health/started", true),
            ("/health/live", true),
            ("/users/live", false),
            ("/healthcheck/reports", false),
            ("http://svc/health", false),
            ("", false),
        ] {
            assert_eq!(is_health_path(p), want, "{p}");
        }
    }

    #[test]
    fn routes_per_framework() {
        let cases: &[(&str, &str, bool)] = &[
            ("main.go", "mux.HandleFunc(\"GET /healthz\", h)", true),
            ("main.go", "r.GET(\"/health\", func(c *gin.Context) {})", true),
            ("main.go", "resp, err := http.Get(\"http://x/health\")", false),
            ("main.rs", ".route(\"/health\", get(health))", true),
            ("main.rs", "#[get(\"/healthz\")]\nasync fn h() {}", true),
            ("app.py", "@app.get(\"/health\")\ndef h(): ...", true),
            ("app.py", "r = requests.get(\"/health\")", false),
            ("app.py", "# @app.get(\"/health\")", false),
            ("urls.py", "urlpatterns = [path(\"healthz/\", views.h)]", true),
            ("urls.py", "status = data.get(\"status\")", false),
            ("server.ts", "app.get('/health', (req, res) => res.send('ok'))", true),
            ("server.ts", "const r = await axios.get('/health')", false),
            ("server.ts", "fastify.route({ method: 'GET', url: '/healthz', handler })", true),
            ("health.controller.ts", "@Controller('health')\nexport class H {}", true),
            ("H.java", "@GetMapping(\"/health\")\npublic String h() {}", true),
            ("routes.rb", "Rails.application.routes.draw do\n  get \"up\" => \"rails/health#show\", as: :rails_health_check\nend", true),
            ("router.ex", "get \"/health\", HealthController, :index", true),
            ("app.php", "->withRouting(web: __DIR__.'/../routes/web.php', health: '/up')", true),
            ("web.php", "Route::get('/healthz', fn () => 'ok');", true),
            ("HealthAction.php", "class HealthAction {\n    public const string ROUTE_PATH = '/health';\n}", true),
            ("Paths.java", "public static final String HEALTH_PATH = \"/actuator/health\";", true),
            ("main.go", "const healthPath = \"/healthz\"\n", true),
            ("HealthAction.php", "public const string CONTENT_TYPE = '/health';", false),
            ("client.ts", "const healthPath = 'health';", false),
            ("api.go", "const statusPath = \"/v1/status/report\"\n", false),
            ("server.go", "const (\n\tRootPath    = \"/\"\n\tHealthzPath = \"/healthz\"\n)\n", true),
            ("server.go", "const (\n\tHealthzPath string = \"/healthz\"\n)\n", true),
            // Near misses: a var block, a const block of other routes, a
            // health route named after something else.
            ("server.go", "var (\n\tHealthzPath = \"/healthz\"\n)\n", false),
            ("server.go", "const (\n\tVarzPath = \"/varz\"\n)\nx := \"health\"\n", false),
            ("server.go", "const (\n\tHealthzName = \"/healthz\"\n)\n", false),
            ("Program.cs", "app.MapHealthChecks(\"/healthz\");", true),
            ("server.go", "healthpb.RegisterHealthServer(s, health.NewServer())", true),
            ("main.go", "const probe = \"/healthcheck\"\nlog.Printf(\"see %s\", probe)", false),
        ];
        for (path, code, want) in cases {
            let blanked = crate::formats::source::blank_comments(path, code);
            assert_eq!(!scan_code(&blanked).is_empty(), *want, "{path}: {code}");
        }
    }

    #[test]
    fn outcomes() {
        expect(
            &HealthEndpoint,
            "route",
            &[("src/main.go", "mux.HandleFunc(\"/healthz\", h)")],
            Status::Pass,
        );
        expect(
            &HealthEndpoint,
            "none",
            &[("src/main.go", "mux.HandleFunc(\"/users\", h)")],
            Status::Partial,
        );
        expect(
            &HealthEndpoint,
            "route only in a test",
            &[
                ("src/main.go", "package main"),
                ("src/main_test.go", "mux.HandleFunc(\"/healthz\", h)"),
            ],
            Status::Partial,
        );
        expect(&HealthEndpoint, "actuator", &[("pom.xml", "<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency></dependencies></project>"), ("src/main/java/A.java", "class A {}")], Status::Pass);
        expect(
            &HealthEndpoint,
            "no source",
            &[("README.md", "# x")],
            Status::NotApplicable,
        );
        expect(
            &HealthEndpoint,
            "middleware ping",
            &[("app/rest/server.go", "router.Use(R.Ping)")],
            Status::Pass,
        );
        expect(
            &HealthEndpoint,
            "chi heartbeat",
            &[("app/server.go", "r.Use(middleware.Heartbeat(\"/ping\"))")],
            Status::Pass,
        );
        expect(
            &HealthEndpoint,
            "a Dockerfile probe",
            &[
                ("app/main.go", "package main"),
                (
                    "Dockerfile",
                    "FROM x\nHEALTHCHECK CMD curl --fail http://localhost:8080/ping || exit 1\n",
                ),
            ],
            Status::Pass,
        );
        expect(
            &HealthEndpoint,
            "a k8s probe",
            &[
                ("app/main.go", "package main"),
                (
                    "k8s/deploy.yaml",
                    "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 80\n",
                ),
            ],
            Status::Pass,
        );
        expect(
            &HealthEndpoint,
            "an ingress path is not a probe",
            &[
                ("app/main.go", "package main"),
                (
                    "k8s/ing.yaml",
                    "rules:\n- http:\n    paths:\n    - path: /status\n",
                ),
            ],
            Status::Partial,
        );
    }
}
