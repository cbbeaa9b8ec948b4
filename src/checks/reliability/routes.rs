//! The HTTP routes a repository's source declares, and whether a probe's
//! path is one of them.
//!
//! A health check that calls a path the service does not serve never turns
//! healthy: the container is restarted in a loop, or the rollout stalls.
//! `reliability.health-checks` (Dockerfile HEALTHCHECK and compose
//! healthcheck URLs) and `k8s.probes` (`httpGet.path`) ask this index about
//! the paths their probes name.
//!
//! Routes come from the same patterns `reliability.health-endpoint` reads
//! (registration calls, decorators and attributes, routing DSLs), every
//! path rather than health paths only, plus file-based routes (Next.js
//! `pages/api/` and `app/**/route.ts`, SvelteKit `routes/**/+server.ts`) and
//! nginx `location` blocks (an image built on nginx serves what its
//! configuration declares).
//! A declared route matches a probe when its segments end the probe's path
//! (`r.Get("/health")` inside a `/api` group serves `/api/health`), with
//! parameter segments (`:id`, `{id}`, `<id>`, `*`) matching any segment.
//!
//! Only probes of health paths (`/healthz`, `/api/v1/ready`, `/status`)
//! are compared, since routes are only looked for in files that name a
//! health word (the route patterns are most of a scan's cost).
//!
//! It stays silent, rather than guess, when: no route was found at all (a
//! language or framework the patterns do not read); a health library that
//! serves its own paths is a dependency or wired in code (Spring Boot
//! Actuator, SmallRye Health, Terminus...); the probe path is `/`, a file
//! (`/index.html`), a framework path (`/actuator/...`, `/q/health/...`) or
//! templated (`{{ .Values.path }}`, `$PATH`). Routes built at run time
//! exist, so an unmatched probe is a medium-confidence finding, never a
//! failure on its own.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::health_endpoint::{
    health_hits, health_libraries, is_health_path, names_health_word, names_wired_health,
    route_candidates, Hit,
};
use crate::formats::needles::Needles;
use crate::formats::source::{blank_comments, Code};
use crate::workspace::{line_of, Content, FileEntry, LineIndex};

/// What one source file says about routes.
#[derive(Debug, Clone, Default)]
pub struct SourceRoutes {
    /// (line, path as written) of every route it declares.
    pub routes: Vec<(u32, String)>,
    /// Health evidence for `reliability.health-endpoint`.
    pub health: Vec<Hit>,
    /// A mechanism that serves paths the patterns cannot read.
    pub opaque: Option<String>,
}

/// Code that serves health paths set elsewhere (options objects, config).
const OPAQUE: &[(&str, &str)] = &[
    ("createTerminus(", "@godaddy/terminus"),
    ("TerminusModule", "@nestjs/terminus"),
    ("health_check.urls", "django-health-check"),
    ("PlugCheckup", "plug_checkup"),
    (
        "AddHealthChecks(",
        "a health-check registry (`AddHealthChecks`: ASP.NET, Kubernetes apiserver)",
    ),
];

/// Literals `parse` looks for besides routes: the opaque mechanisms, then
/// go-pkgz/rest's Ping middleware.
static LITERALS: LazyLock<Needles> = LazyLock::new(|| {
    let mut all: Vec<&str> = OPAQUE.iter().map(|o| o.0).collect();
    all.extend(["rest.Ping", "R.Ping)"]);
    Needles::new(&all)
});

impl crate::workspace::Model for SourceRoutes {
    fn parse(path: &str, text: &str) -> Self {
        Self::from_code(path, &blank_comments(path, text))
    }

    /// From the file's comment-blanked code, which other checks of source
    /// files use too: blanked once per file.
    fn from_content(content: &Content<'_>) -> Self {
        Self::from_code(content.path(), &content.model::<Code>().text)
    }
}

impl SourceRoutes {
    fn from_code(path: &str, code: &str) -> Self {
        let mut routes: Vec<(u32, String)> = Vec::new();
        // Only files that name a health word are searched (as
        // `reliability.health-endpoint` does), so only probes of health
        // paths are compared: a route that serves one names the word.
        let found = if names_health_word(code) {
            route_candidates(code)
        } else {
            Vec::new()
        };
        // A file with neither a health word nor a health mechanism's name
        // holds nothing more below.
        if found.is_empty() && !names_wired_health(code) && !LITERALS.any(code) {
            routes.extend(file_route(path).map(|r| (1, r)));
            return SourceRoutes {
                routes,
                ..SourceRoutes::default()
            };
        }
        let health = health_hits(code, &found);
        let lines = LineIndex::new(code);
        routes.extend(found.into_iter().map(|r| (lines.line(r.offset), r.path)));
        routes.extend(file_route(path).map(|r| (1, r)));
        let first = LITERALS.first(code);
        let (opaque_at, ping_at) = first.split_at(OPAQUE.len());
        // go-pkgz/rest's Ping middleware answers /ping.
        if let Some(i) = ping_at[0].or(ping_at[1]) {
            routes.push((line_of(code, i), "/ping".into()));
        }
        let opaque = OPAQUE
            .iter()
            .zip(opaque_at)
            .find(|(_, at)| at.is_some())
            .map(|((_, what), _)| what.to_string());
        SourceRoutes {
            routes,
            health,
            opaque,
        }
    }
}

/// The route a file-based router gives a file, if any.
pub fn file_route(path: &str) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    if !matches!(ext, "ts" | "js" | "tsx" | "jsx" | "mjs") {
        return None;
    }
    let keep = |segs: &[&str]| {
        let kept: Vec<&str> = segs
            .iter()
            .copied()
            .filter(|s| !(s.starts_with('(') && s.ends_with(')')) && *s != "index")
            .collect();
        format!("/{}", kept.join("/"))
    };
    let segs: Vec<&str> = stem.split('/').collect();
    // Next.js pages router: pages/api/health.ts -> /api/health.
    if let Some(i) = segs.windows(2).position(|w| w == ["pages", "api"]) {
        return Some(keep(&segs[i + 1..]));
    }
    let (last, dirs) = segs.split_last()?;
    // Next.js app router: app/api/health/route.ts -> /api/health.
    if *last == "route" {
        if let Some(i) = dirs.iter().rposition(|s| *s == "app") {
            return Some(keep(&dirs[i + 1..]));
        }
    }
    // SvelteKit: src/routes/health/+server.ts -> /health.
    if *last == "+server" {
        if let Some(i) = dirs.iter().rposition(|s| *s == "routes") {
            return Some(keep(&dirs[i + 1..]));
        }
    }
    None
}

/// What a check keeps of a file for the route index.
#[derive(Debug, Clone)]
pub enum RouteData {
    Source(SourceRoutes),
    /// Health libraries a manifest depends on.
    Libraries(Vec<String>),
}

/// Whether a file feeds the route index.
pub fn wants_file(file: &FileEntry) -> bool {
    crate::checks::signals::is_product_source(file)
        || crate::checks::signals::is_project_manifest(file)
        || is_nginx_config(file)
}

/// An nginx configuration (`nginx.conf`, `default.conf.template`,
/// `conf.d/*.conf`): its `location` blocks are routes the image serves.
fn is_nginx_config(file: &FileEntry) -> bool {
    let n = file.name().to_ascii_lowercase();
    !file.vendored()
        && (n.ends_with(".conf") || n.ends_with(".conf.template") || n.ends_with(".conf.tmpl"))
        && (n.contains("nginx") || file.path.contains("nginx") || file.dir().ends_with("conf.d"))
}

/// Prefix and exact `location` paths of an nginx configuration (regex
/// locations are left out).
fn nginx_locations(text: &str) -> Vec<(u32, String)> {
    static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^[ \t]*location[ \t]+(?:=[ \t]*|\^~[ \t]*)?(/[^\s{;]*)")
            .expect("nginx location regex")
    });
    LOCATION
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| (line_of(text, m.start()), m.as_str().to_string()))
        .collect()
}

/// Reads a file for the route index (`None` when it says nothing).
pub fn inspect_file(file: &FileEntry, content: &Content<'_>) -> Option<RouteData> {
    if is_nginx_config(file) {
        let routes = nginx_locations(content.text());
        return (!routes.is_empty()).then(|| {
            RouteData::Source(SourceRoutes {
                routes,
                ..SourceRoutes::default()
            })
        });
    }
    if crate::checks::signals::is_project_manifest(file) {
        let m = crate::checks::signals::manifest_of(content)?;
        let libs: Vec<String> = health_libraries(&m).into_iter().map(|h| h.what).collect();
        return (!libs.is_empty()).then_some(RouteData::Libraries(libs));
    }
    if !crate::checks::signals::is_product_source(file) {
        return None;
    }
    let r = content.model::<SourceRoutes>();
    (!r.routes.is_empty() || r.opaque.is_some()).then(|| {
        RouteData::Source(SourceRoutes {
            routes: r.routes.clone(),
            health: Vec::new(),
            opaque: r.opaque.clone(),
        })
    })
}

/// Every declared route of the repository.
#[derive(Debug, Default)]
pub struct RouteIndex {
    /// (file, line, path as written, its segments).
    routes: Vec<(String, u32, String, Vec<String>)>,
    /// Health mechanisms that serve paths of their own.
    opaque: Vec<String>,
    files: usize,
}

/// A probe path no declared route serves.
#[derive(Debug, Clone, PartialEq)]
pub struct Unrouted {
    pub path: String,
    /// How many routes were found, in how many files.
    pub routes: usize,
    pub files: usize,
    /// A declared health route, to suggest (`"/health" at src/main.go:40`).
    pub nearest: Option<String>,
}

static FRAMEWORK_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^/(?:actuator|q/health|manage(?:ment)?/health)(?:/|$)").expect("framework path")
});

/// Splits a route or probe path into segments: method prefix, regex
/// anchors, query string and empty segments dropped.
fn segments(raw: &str) -> Vec<String> {
    let mut p = raw.trim();
    if let Some((method, rest)) = p.split_once(' ') {
        if method.chars().all(|c| c.is_ascii_uppercase()) {
            p = rest.trim();
        }
    }
    let p = p.split(['?', '#']).next().unwrap_or(p);
    p.trim_start_matches('^')
        .trim_end_matches('$')
        .split('/')
        .map(|s| s.trim_end_matches('?').trim_end_matches('$'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a route segment matches any probe segment.
fn is_param(seg: &str) -> bool {
    seg.starts_with([':', '{', '<', '*', '(', '['])
}

impl RouteIndex {
    pub fn collect<'a>(items: impl IntoIterator<Item = (&'a FileEntry, &'a RouteData)>) -> Self {
        let mut idx = RouteIndex::default();
        for (f, d) in items {
            match d {
                RouteData::Libraries(l) => idx.opaque.extend(l.iter().cloned()),
                RouteData::Source(s) => {
                    if let Some(o) = &s.opaque {
                        idx.opaque.push(o.clone());
                    }
                    if !s.routes.is_empty() {
                        idx.files += 1;
                    }
                    for (line, p) in &s.routes {
                        idx.routes
                            .push((f.path.clone(), *line, p.clone(), segments(p)));
                    }
                }
            }
        }
        idx
    }

    /// Whether probes can be judged against the routes at all.
    pub fn judgeable(&self) -> bool {
        !self.routes.is_empty() && self.opaque.is_empty()
    }

    /// How many routes were found, in how many files.
    pub fn size(&self) -> (usize, usize) {
        (self.routes.len(), self.files)
    }

    /// Why probes are not judged against routes, for the evidence.
    pub fn silence(&self) -> Option<String> {
        if self.routes.is_empty() {
            Some("no route declarations found in the source, so probe paths were not compared with routes".into())
        } else {
            self.opaque.first().map(|o| {
                format!("{o} serves health paths of its own, so probe paths were not compared with source routes")
            })
        }
    }

    fn declares(&self, probe: &[String]) -> bool {
        self.routes.iter().any(|(_, _, _, segs)| {
            if segs.iter().any(|s| s == "*" || s == "**") && segs.len() == 1 {
                return true; // a catch-all
            }
            !segs.is_empty()
                && segs.len() <= probe.len()
                && segs
                    .iter()
                    .zip(&probe[probe.len() - segs.len()..])
                    .all(|(r, p)| is_param(r) || r.eq_ignore_ascii_case(p))
        })
    }

    /// The verdict on one probe path: `None` when it is declared or cannot
    /// be judged.
    pub fn unrouted(&self, probe: &str) -> Option<Unrouted> {
        if !self.judgeable() || !judgeable_path(probe) {
            return None;
        }
        let segs = segments(probe);
        if segs.is_empty() || self.declares(&segs) {
            return None;
        }
        let nearest = self
            .routes
            .iter()
            .find(|(_, _, p, _)| is_health_path(p))
            .map(|(f, l, p, _)| format!("{p:?} at {f}:{l}"));
        Some(Unrouted {
            path: probe.to_string(),
            routes: self.routes.len(),
            files: self.files,
            nearest,
        })
    }
}

/// Whether a probe path can be compared with routes: a literal absolute
/// health path (`/healthz`, `/api/v1/ready`: routes are only looked for in
/// files that name a health word), not a framework's own path.
pub fn judgeable_path(p: &str) -> bool {
    let p = p.trim();
    let last = p
        .split(['?', '#'])
        .next()
        .unwrap_or(p)
        .rsplit('/')
        .next()
        .unwrap_or("");
    p.starts_with('/')
        && p != "/"
        && !p.contains("{{")
        && !p.contains('$')
        && !p.contains('%')
        && !last.contains('.')
        && !FRAMEWORK_PATH.is_match(p)
        && is_health_path(p.split(['?', '#']).next().unwrap_or(p))
}

impl Unrouted {
    /// The finding's message, for a probe described as `what`.
    pub fn message(&self, what: &str) -> String {
        format!(
            "{what} calls {}, but no route in the source declares it ({} route{} found in {} file{}{}); check the path, or suppress if the route is built at run time",
            self.path,
            self.routes,
            if self.routes == 1 { "" } else { "s" },
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.nearest
                .as_ref()
                .map(|n| format!("; the health route declared is {n}"))
                .unwrap_or_default()
        )
    }
}

/// The path of the first `http(s)://host[:port]/path` or
/// `localhost[:port]/path` URL in a health-check command.
pub fn url_path(cmd: &str) -> Option<String> {
    static URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:https?://[^/\s"'`]+|\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::[\w${}:-]+)?)(/[^\s"'`|;&)\\,\]]*)"#)
            .expect("url regex")
    });
    URL.captures(cmd)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// Names the project's own images go by: the repository directory's name
/// (and its words), and the directory and name suffix of each Dockerfile
/// outside test and example trees (`cmd/api/Dockerfile`,
/// `Dockerfile.worker`).
pub fn project_names(ws: &crate::workspace::Workspace) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let root = ws.label().trim_end_matches('/');
    let base = root
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(root)
        .to_ascii_lowercase();
    names.extend(
        base.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_string),
    );
    names.insert(base);
    for f in ws.files() {
        if !crate::checks::docker::wanted(f) || crate::checks::docker::is_example(&f.path) {
            continue;
        }
        let file = f.name().to_ascii_lowercase();
        names.extend(
            file.split('.')
                .filter(|t| !t.is_empty() && *t != "dockerfile" && *t != "containerfile")
                .map(str::to_string),
        );
        if let Some(d) = f.dir().rsplit('/').next().filter(|d| !d.is_empty()) {
            names.insert(d.to_ascii_lowercase());
        }
    }
    names
}

/// Whether a container image is, by name, one of the project's own.
pub fn is_own_image(image: &str, names: &BTreeSet<String>) -> bool {
    let r = crate::formats::dockerfile::ImageRef::parse(image);
    let short = r.short_name().to_ascii_lowercase();
    !short.is_empty() && !short.contains(['$', '{']) && names.contains(&short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Model;

    #[test]
    fn routes_from_content_match_routes_from_text() {
        let cases = [
            (
                "server.js",
                "// app.get('/old')\napp.get('/healthz', h);\nrouter.get('/items', x)\n",
            ),
            (
                "main.go",
                "r.Use(rest.Ping)\nhttp.HandleFunc(\"/ready\", ok)\n",
            ),
            ("app.module.ts", "imports: [TerminusModule]\n"),
            ("lib.rs", "fn main() {}\n"),
        ];
        for (path, text) in cases {
            let c = Content::new(path, text.as_bytes());
            let a = c.model::<SourceRoutes>();
            let b = SourceRoutes::parse(path, text);
            assert_eq!((&a.routes, &a.opaque), (&b.routes, &b.opaque), "{path}");
            assert_eq!(a.health.len(), b.health.len(), "{path}");
        }
    }

    fn index(files: &[(&str, &str)]) -> RouteIndex {
        let data: Vec<(FileEntry, RouteData)> = files
            .iter()
            .map(|(p, t)| {
                (
                    FileEntry::new(p.to_string(), t.len() as u64),
                    RouteData::Source(SourceRoutes::parse(p, t)),
                )
            })
            .collect();
        RouteIndex::collect(data.iter().map(|(f, d)| (f, d)))
    }

    #[test]
    fn probes_against_routes() {
        let go = "package main\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Route(\"/api\", func(r chi.Router) {\n\t\tr.Get(\"/health\", h)\n\t\tr.Get(\"/users/{id}\", u)\n\t})\n\tr.HandleFunc(baseUrl + \"/_healthz\", hz)\n}\n";
        let js = "router.get(`${prefix}/livez`, live);\n";
        let idx = index(&[("main.go", go), ("server.js", js)]);
        for (probe, unrouted) in [
            ("/api/health", false),
            ("/health", false),
            ("/api/users/42", false),
            ("/api/users", false),
            ("/healthz", true),
            ("/api/ready", true),
            ("/", false),
            ("/index.html", false),
            ("/actuator/health/liveness", false),
            ("{{ .Values.probe.path }}", false),
            ("/health?full=1", false),
            ("/_healthz", false),
            ("/shop/livez", false),
        ] {
            assert_eq!(idx.unrouted(probe).is_some(), unrouted, "{probe}");
        }
        let msg = idx
            .unrouted("/healthz")
            .expect("unrouted")
            .message("the probe");
        assert!(msg.contains("\"/health\" at main.go:5"), "{msg}");
    }

    #[test]
    fn silent_without_routes_or_with_libraries() {
        assert!(index(&[("main.go", "package main\n")])
            .unrouted("/healthz")
            .is_none());
        // A route only in a comment is no route.
        assert!(index(&[("main.go", "// r.Get(\"/x\", h)\n")])
            .unrouted("/healthz")
            .is_none());
        let nest = "import { TerminusModule } from '@nestjs/terminus';\napp.get('/users', h);\n";
        assert!(index(&[("src/app.ts", nest)])
            .unrouted("/healthz")
            .is_none());
        let catch_all = "app.get('*', spa);\n";
        assert!(index(&[("server.js", catch_all)])
            .unrouted("/healthz")
            .is_none());
    }

    #[test]
    fn nginx_locations_are_routes() {
        let conf = "server {\n    location / { root /srv; }\n    location = /status {\n        stub_status on;\n    }\n    location ~ \\.php$ { }\n    # location /old { }\n}\n";
        let got: Vec<String> = nginx_locations(conf).into_iter().map(|(_, p)| p).collect();
        assert_eq!(got, ["/", "/status"]);
        for (p, want) in [
            ("src/image-provider/nginx.conf.template", true),
            ("deploy/nginx/default.conf", true),
            ("etc/conf.d/site.conf", true),
            ("config/app.conf", false),
        ] {
            assert_eq!(is_nginx_config(&FileEntry::new(p.into(), 1)), want, "{p}");
        }
    }

    #[test]
    fn file_routes() {
        for (p, want) in [
            ("pages/api/health.ts", Some("/api/health")),
            ("src/pages/api/status/index.js", Some("/api/status")),
            ("app/api/healthz/route.ts", Some("/api/healthz")),
            ("src/app/(ops)/ready/route.js", Some("/ready")),
            ("src/routes/health/+server.ts", Some("/health")),
            ("src/app/page.tsx", None),
            ("pages/about.tsx", None),
        ] {
            assert_eq!(file_route(p).as_deref(), want, "{p}");
        }
    }

    #[test]
    fn urls_in_commands() {
        for (cmd, want) in [
            (
                "curl -f http://localhost:8080/healthz || exit 1",
                Some("/healthz"),
            ),
            ("wget -qO- localhost:3000/api/health", Some("/api/health")),
            (
                "[\"CMD\", \"curl\", \"-f\", \"http://127.0.0.1/ping\"]",
                Some("/ping"),
            ),
            (
                "curl -f http://localhost:${PORT:-9090}/${CTX}health",
                Some("/${CTX}health"),
            ),
            ("pg_isready -U app", None),
            ("/app healthcheck", None),
        ] {
            assert_eq!(url_path(cmd).as_deref(), want, "{cmd}");
        }
    }
}
