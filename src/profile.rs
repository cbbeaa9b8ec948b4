//! Detects what kind of software a repository is (service, worker, library,
//! cli), so a library is not punished for having no runbook. The file list
//! gives most signals; manifests and Go sources, read during the single pass,
//! add the rest. `profile:` in config overrides it all.
//!
//! Manifests are parsed, not grepped: only runtime dependencies count
//! (`devDependencies`, optional extras, test scopes and `// indirect` Go
//! requirements describe the toolchain, not the product). A package that is
//! published for others to import (PyPI classifiers, an npm package with
//! `exports`/`types`, a Go module with no `package main`, a Rust crate with
//! only a lib target, a gemspec) is a library even when it depends on a web
//! framework: Flask extensions depend on Flask, HTTP clients on hyper.
//! Known limits: a service that also publishes its client package may read
//! as a library; set `profile:`.

pub use crate::model::Detected;

use crate::checks::Profile;
use crate::formats::dockerfile::Dockerfile;
use crate::formats::manifests::{self, DepKind};
pub use crate::workspace::paths::is_fixture;
use crate::workspace::{Content, FileEntry, FileKind, Workspace};

/// What the pass learned from one manifest or source file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    pub web: Vec<String>,
    pub worker: Vec<String>,
    pub cli: Vec<String>,
    /// Marks of a package published for others to import.
    pub published: Vec<String>,
    /// The package says it is a console program (PyPI "Environment :: Console").
    pub console: bool,
    /// Go: a `package main` file (an executable).
    pub go_main: Vec<String>,
    /// Generators of shell completions or man pages: what a command a
    /// person types ships, not a server an operator deploys.
    pub completions: Vec<String>,
    /// A Dockerfile whose command runs the test suite: a CI harness, not a
    /// deployment (its path).
    pub test_image: Option<String>,
    /// A Dockerfile whose final stage EXPOSEs a port: the image serves on
    /// the network (its path).
    pub serves: Option<String>,
}

/// The manifests (lowercased names) whose dependencies tell what the
/// software is.
pub const MANIFESTS: &[&str] = &[
    "cargo.toml",
    "package.json",
    "pyproject.toml",
    "requirements.txt",
    "go.mod",
    "gemfile",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
    "mix.exs",
];

/// Go sources larger than this are generated code, not a `main`.
const MAX_GO_SOURCE: u64 = 256 * 1024;

/// Root and one-level-down manifests (two levels in a monorepo's `apps/`
/// and `services/`), and Go sources near the top (where
/// `main.go` and `cmd/<name>/main.go` live), are worth reading for signals.
pub fn wants(f: &FileEntry) -> bool {
    if f.vendored() || f.fixture() {
        return false;
    }
    let name = f.name().to_ascii_lowercase();
    // A monorepo keeps its deployables one level further down
    // (`apps/web/package.json`, `services/api/go.mod`).
    let app_dir =
        f.depth() == 2 && (f.path.starts_with("apps/") || f.path.starts_with("services/"));
    if (f.depth() <= 1 || app_dir) && MANIFESTS.contains(&name.as_str()) {
        return true;
    }
    if f.is(FileKind::Dockerfile) {
        return true;
    }
    // .NET keeps one project per directory (`src/Catalog.API/Catalog.API.csproj`).
    if name.ends_with(".csproj") && f.depth() <= 2 && !is_test_harness(&f.path) {
        return true;
    }
    name.ends_with(".go")
        && !name.ends_with("_test.go")
        && f.depth() <= 3
        && f.size <= MAX_GO_SOURCE
        && !in_go_tooling(&f.path)
        && !is_test_harness(&f.path)
        && !in_go_test_support(&f.path)
}

/// Go packages that support tests (`pkg/integration/components`,
/// `internal/testutil`): a server they start is a test fixture's.
fn in_go_test_support(path: &str) -> bool {
    let mut dirs = path.split('/').rev().skip(1);
    dirs.any(|d| {
        matches!(
            d,
            "integration"
                | "integrationtest"
                | "integration_test"
                | "testutil"
                | "testutils"
                | "testing"
                | "testhelpers"
                | "mocks"
                | "mock"
                | "fakes"
        )
    })
}

/// Go's conventions for development programs beside the product:
/// `tools/` (a metrics exporter for a queue library, code generators),
/// `hack/` (Kubernetes' scripts), `scripts/`. A `package main` there does
/// not make the module a program.
fn in_go_tooling(path: &str) -> bool {
    let mut dirs = path.split('/').rev().skip(1);
    dirs.any(|d| matches!(d, "tools" | "hack" | "scripts"))
}

const WEB: &[&str] = &[
    "actix-web",
    "axum",
    "rocket",
    "warp",
    "poem",
    "tide",
    "hyper",
    "tonic",
    "express",
    "fastify",
    "koa",
    "@nestjs/core",
    "next",
    "@hapi/hapi",
    "hapi",
    "flask",
    "django",
    "fastapi",
    "starlette",
    "aiohttp",
    "tornado",
    "sanic",
    "falcon",
    "pyramid",
    "uvicorn",
    "gunicorn",
    "github.com/gin-gonic/gin",
    "github.com/labstack/echo",
    "github.com/labstack/echo/v4",
    "github.com/gofiber/fiber",
    "github.com/gofiber/fiber/v2",
    "github.com/go-chi/chi",
    "github.com/go-chi/chi/v5",
    "github.com/gorilla/mux",
    "rails",
    "sinatra",
    "puma",
    "spring-boot-starter-web",
    "spring-boot-starter-webmvc",
    "spring-boot-starter-webflux",
    "io.ktor",
    "quarkus",
    "micronaut",
    "laravel/framework",
    "symfony/http-kernel",
    "phoenix",
    "plug_cowboy",
];
const WORKER: &[&str] = &[
    "celery",
    "rq",
    "dramatiq",
    "huey",
    "sidekiq",
    "resque",
    "bullmq",
    "bull",
    "bee-queue",
    "agenda",
    "github.com/hibiken/asynq",
    "github.com/riverqueue/river",
    "oban",
    "lapin",
    "apalis",
    "faktory",
];
const CLI: &[&str] = &[
    "clap",
    "structopt",
    "argh",
    "commander",
    "yargs",
    "oclif",
    "click",
    "typer",
    "argparse",
    "github.com/spf13/cobra",
    "github.com/urfave/cli",
    "github.com/urfave/cli/v2",
    "github.com/urfave/cli/v3",
    "github.com/alecthomas/kong",
    "github.com/alecthomas/kingpin/v2",
    "gopkg.in/alecthomas/kingpin.v2",
    "github.com/integrii/flaggy",
    "github.com/jessevdk/go-flags",
    "github.com/peterbourgon/ff/v3",
    "picocli",
    "thor",
];

const COMPLETIONS: &[&str] = &["clap_complete", "clap_mangen", "clap_complete_command"];

/// Calls that start a long-running network server in Go.
const GO_SERVERS: &[&str] = &[
    "ListenAndServe(",
    "ListenAndServeTLS(",
    "grpc.NewServer(",
    ".Serve(lis",
    "http.Server{",
];

/// Signals in one manifest or Go source.
pub fn inspect(f: &FileEntry, content: &Content<'_>) -> Signals {
    let text = content.text();
    if f.is(FileKind::Dockerfile) {
        let df = content.model::<Dockerfile>();
        let serves = df
            .final_stage()
            .is_some_and(|last| df.stage_instructions(last).iter().any(|i| i.is("EXPOSE")));
        return Signals {
            test_image: crate::checks::docker::is_test_image(&df).then(|| f.path.clone()),
            serves: (serves && !f.example()).then(|| f.path.clone()),
            ..Signals::default()
        };
    }
    let name = f.name().to_ascii_lowercase();
    if name.ends_with(".go") {
        return inspect_go(f, text);
    }
    // Only the manifests `wants` names are read; a lockfile says nothing.
    // The manifest model is the one the dependency checks parse too.
    let parsed = content
        .model::<manifests::Parsed>()
        .0
        .clone()
        .filter(|m| m.role == manifests::Role::Manifest)
        .filter(|m| m.problems.is_empty() || !m.deps.is_empty())
        .map(Manifest::from);
    // An unparseable manifest still says something; fall back to words.
    let m = parsed.unwrap_or_else(|| Manifest {
        deps: vec![text.to_ascii_lowercase()],
        ..Manifest::default()
    });
    let own = m.own_name.as_deref();
    let has = |n: &str| own != Some(n) && m.deps.iter().any(|d| contains_word(d, n));
    let pick = |list: &[&str]| -> Vec<String> {
        list.iter()
            .filter(|n| has(n))
            .map(|n| format!("{n} in {}", f.path))
            .collect()
    };
    let mut s = Signals {
        web: pick(WEB),
        worker: pick(WORKER),
        cli: pick(CLI),
        published: m
            .published
            .iter()
            .map(|p| format!("{p} in {}", f.path))
            .collect(),
        console: m.console,
        go_main: Vec::new(),
        completions: pick(COMPLETIONS),
        test_image: None,
        serves: None,
    };
    s.cli
        .extend(m.entry_points.iter().map(|e| format!("{e} in {}", f.path)));
    // A .NET project says what it builds in its SDK, not in a dependency.
    // A solution holds many packable class libraries beside its server,
    // so a packable project says nothing about what the repository is.
    if name.ends_with(".csproj") {
        s.published.clear();
        let sdk = text
            .find("Sdk=\"")
            .map(|i| &text[i + 5..])
            .and_then(|r| r.split('"').next())
            .unwrap_or("")
            .to_ascii_lowercase();
        if sdk == "microsoft.net.sdk.web" {
            s.web.push(format!(
                "ASP.NET Core (Microsoft.NET.Sdk.Web) in {}",
                f.path
            ));
        } else if sdk == "microsoft.net.sdk.worker" {
            s.worker.push(format!(
                "a .NET worker (Microsoft.NET.Sdk.Worker) in {}",
                f.path
            ));
        }
    }
    s
}

fn inspect_go(f: &FileEntry, text: &str) -> Signals {
    let mut s = Signals::default();
    let is_main = text
        .lines()
        .take(200)
        .any(|l| l.trim() == "package main" || l.trim_start().starts_with("package main "));
    if is_main {
        s.go_main.push(f.path.clone());
    }
    // A library package serving pprof is a diagnostics side port, not a
    // product; in `package main` the server is the program, unless the
    // file only serves pprof (`cmd/telegraf/pprof.go`: no handler of its
    // own). `doc.go` holds the package's documentation, whose examples
    // start servers in comments.
    if !GO_SERVERS.iter().any(|c| text.contains(c)) {
        return s;
    }
    // Found in the raw text: look for it in the code, not a comment.
    let code = crate::formats::source::blank_comments(&f.path, text);
    let Some(call) = GO_SERVERS.iter().find(|c| code.contains(**c)) else {
        return s;
    };
    let stem = f.name().trim_end_matches(".go").to_ascii_lowercase();
    let pprof = text.contains("net/http/pprof");
    let own_handlers = [
        "HandleFunc(",
        ".Handle(",
        "Handler:",
        "mux.",
        "router",
        "Router",
    ]
    .iter()
    .any(|h| text.contains(h));
    let side_port = pprof && (!is_main || !own_handlers || stem.contains("pprof"));
    if stem != "doc" && !side_port {
        s.web.push(format!(
            "Go server ({}) in {}",
            call.trim_end_matches('('),
            f.path
        ));
    }
    s
}

/// A manifest reduced to what decides a profile: runtime dependencies
/// only, lowercased, from the shared manifest model.
#[derive(Default)]
struct Manifest {
    own_name: Option<String>,
    deps: Vec<String>,
    entry_points: Vec<String>,
    published: Vec<String>,
    console: bool,
}

impl From<manifests::Manifest> for Manifest {
    fn from(m: manifests::Manifest) -> Self {
        let eco = m.ecosystem;
        Manifest {
            own_name: m.name.as_deref().map(|n| eco.normalize(n)),
            deps: m
                .deps
                .iter()
                .filter(|d| d.kind == DepKind::Runtime)
                .map(|d| d.name.to_ascii_lowercase())
                .collect(),
            entry_points: m.entry_points,
            published: m.published,
            console: m.console,
        }
    }
}

/// Whether two signals ("express in web/package.json") come from one file.
fn same_manifest(a: &str, b: &str) -> bool {
    let file = |s: &str| s.rsplit_once(" in ").map(|(_, f)| f.to_string());
    file(a).is_some() && file(a) == file(b)
}

fn contains_word(hay: &str, needle: &str) -> bool {
    let boundary = |c: Option<char>| {
        c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '/'))
    };
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        if boundary(hay[..start].chars().next_back()) && boundary(hay[end..].chars().next()) {
            return true;
        }
        from = start + 1;
    }
    false
}

/// Directory names that hold Kubernetes or Helm deployment manifests.
const K8S_DIRS: &[&str] = &["k8s", "kubernetes", "kube", "helm", "charts", "manifests"];

/// Decides the profile from the file list and the pass's signals.
pub fn decide(ws: &Workspace, signals: &[Signals]) -> Detected {
    // Descriptors that only exist to run something long-lived.
    let mut deploy = Vec::new();
    // Whether something beyond a Procfile deploys it: a Procfile beside a
    // published package runs its demo app (good_job's).
    let mut deployed_beyond_procfile = false;
    // Container files alone: CLIs ship images too.
    let mut container = Vec::new();
    for f in ws.files() {
        if f.vendored() || f.fixture() || is_test_harness(&f.path) {
            continue;
        }
        let deployed_before = deploy.len();
        let name = f.name().to_ascii_lowercase();
        let in_k8s_dir = f.dir().split('/').any(|d| K8S_DIRS.contains(&d))
            && (name.ends_with(".yaml") || name.ends_with(".yml"));
        if f.is(FileKind::Dockerfile) {
            let mine = |p: &Option<String>| p.as_deref() == Some(f.path.as_str());
            let harness = signals.iter().any(|s| mine(&s.test_image));
            // Dev containers and workspaces, CI and example images: the
            // container checks' own judgement of what ships.
            if !crate::checks::docker::is_example(&f.path) && !harness {
                // An image that EXPOSEs a port serves on the network: CLIs
                // ship images too, but not ones that listen (ntfy and
                // Jaeger parse their flags with cobra).
                if signals.iter().any(|s| mine(&s.serves)) {
                    deploy.push(format!("a Dockerfile that exposes a port ({})", f.path));
                }
                container.push(format!("a Dockerfile ({})", f.path));
            }
        } else if f.is(FileKind::Compose) && !crate::checks::docker::is_example(&f.path) {
            // A dev container's or an example's stack runs the repository
            // for its developers, not for users (a gem's `.devcontainer/`).
            container.push(format!("a compose file ({})", f.path));
        } else if name == "chart.yaml" {
            deploy.push(format!("a Helm chart ({})", f.path));
        } else if in_k8s_dir {
            deploy.push(format!("Kubernetes manifests ({})", f.path));
        } else if matches!(
            name.as_str(),
            "procfile"
                | "fly.toml"
                | "app.yaml"
                | "render.yaml"
                | "serverless.yml"
                | "serverless.yaml"
                | "kustomization.yaml"
        ) {
            deploy.push(format!("a deployment descriptor ({})", f.path));
        }
        deployed_beyond_procfile |= deploy.len() > deployed_before && name != "procfile";
    }
    let all = |get: fn(&Signals) -> &Vec<String>| -> Vec<String> {
        signals
            .iter()
            .flat_map(|s| get(s).iter().cloned())
            .collect()
    };
    let web = all(|s| &s.web);
    let worker = all(|s| &s.worker);
    let cli = all(|s| &s.cli);
    let go_main = all(|s| &s.go_main);
    let completions = all(|s| &s.completions);
    let mut published = all(|s| &s.published);
    let console = signals.iter().any(|s| s.console);
    let root_go = ws.get("go.mod").is_some();
    // Only a judgement if the Go sources were read (see `wants`).
    let go_read = ws
        .files()
        .iter()
        .any(|f| wants(f) && f.name().ends_with(".go"));
    if root_go && go_read && go_main.is_empty() {
        published.push("a Go module with no `package main`".into());
    }
    // Cargo builds a binary from `src/main.rs`, each `src/bin/*.rs`, each
    // `src/bin/<name>/main.rs` and each `[[bin]]` target: any of them makes
    // the crate a program, whatever library it also exports.
    let rust_bin = ws.get("Cargo.toml").is_some()
        && (ws.get("src/main.rs").is_some()
            || ws.files().iter().any(|f| is_cargo_bin(&f.path))
            || cli.iter().any(|c| c.starts_with("[[bin]]")));
    let rust_lib_only =
        ws.get("Cargo.toml").is_some() && ws.get("src/lib.rs").is_some() && !rust_bin;
    if rust_lib_only {
        published.push("a Rust crate with only src/lib.rs".into());
    }
    if ws
        .files()
        .iter()
        .any(|f| f.depth() == 0 && f.name().ends_with(".gemspec"))
    {
        published.push("a gemspec".into());
    }
    if ws.get("jsonnetfile.json").is_some() && ws.get("mixin.libsonnet").is_some() {
        published.push("a jsonnet mixin (mixin.libsonnet)".into());
    }
    // Infrastructure code others include: a Terraform module (inputs and
    // outputs at the root, no backend of its own is visible from names) and
    // an Ansible role (meta/ and tasks/ at the root).
    if ws.get("variables.tf").is_some() && ws.get("outputs.tf").is_some() {
        published.push("a Terraform module (variables.tf and outputs.tf at the root)".into());
    }
    if ws.get("meta/main.yml").is_some() && ws.get("tasks/main.yml").is_some() {
        published.push("an Ansible role (meta/main.yml and tasks/main.yml)".into());
    }
    let first = |v: &[String]| v.first().cloned().unwrap_or_default();

    // A Django project's `manage.py`: an application, whatever its
    // packaging says.
    let app_entry = ws.files().iter().find(|f| {
        f.name() == "manage.py" && f.depth() <= 2 && !f.fixture() && !is_test_harness(&f.path)
    });
    // A server in a crate that also ships its own shell completions or man
    // page is a command people run (miniserve), unless a chart, manifests
    // or a platform descriptor deploy it: an image that listens is what
    // such a command ships too.
    let command_server = web.iter().find_map(|w| {
        completions
            .iter()
            .find(|c| same_manifest(w, c))
            .map(|c| (w, c))
    });
    let (profile, reason) = if let Some((w, c)) = command_server
        .filter(|_| app_entry.is_none() && deploy.iter().all(|d| d.starts_with("a Dockerfile")))
    {
        (
            Profile::Cli,
            format!(
                "web framework: {w}, in a command that ships shell completions or a man page ({c})"
            ),
        )
    } else if !web.is_empty() && published.is_empty() {
        (Profile::Service, format!("web framework: {}", first(&web)))
    } else if !web.is_empty() && (app_entry.is_some() || !container.is_empty()) {
        // Published client packages or PyPI classifiers beside a server
        // that is containerised or run as an application: the server is
        // what the repository ships (netbox, svix).
        let how = app_entry
            .map(|f| format!("an application entry point ({})", f.path))
            .unwrap_or_else(|| container[0].clone());
        (
            Profile::Service,
            format!("web framework: {}, run as {how}", first(&web)),
        )
    } else if let Some(bin) = cli
        .iter()
        .find(|c| c.starts_with("\"bin\" in") && web.iter().any(|w| same_manifest(w, c)))
    {
        // An npm package whose command starts the server it depends on
        // (`npm i -g thelounge`): a self-hosted service delivered through a
        // package registry.
        (
            Profile::Service,
            format!(
                "web framework: {}, installed as a command ({bin})",
                first(&web)
            ),
        )
    } else if !worker.is_empty() && published.is_empty() {
        (Profile::Worker, format!("job queue: {}", first(&worker)))
    } else if !deploy.is_empty() && (published.is_empty() || deployed_beyond_procfile) {
        // A Helm chart or manifests outrank a PyPI page: Airflow and
        // Superset publish packages but are run as services.
        (Profile::Service, format!("deployed with {}", deploy[0]))
    } else if !published.is_empty() {
        if console && !cli.is_empty() {
            (
                Profile::Cli,
                format!("published console program: {}", first(&cli)),
            )
        } else {
            (
                Profile::Library,
                format!("published package: {}", first(&published)),
            )
        }
    } else if !cli.is_empty() {
        (Profile::Cli, format!("command-line entry: {}", first(&cli)))
    } else if !container.is_empty() {
        (Profile::Service, format!("deployed as {}", container[0]))
    } else if rust_bin {
        (
            Profile::Cli,
            "Rust binary target (src/main.rs, src/bin/ or [[bin]]) with no deployment files".into(),
        )
    } else if root_go && !go_main.is_empty() {
        (
            Profile::Cli,
            format!(
                "Go program ({}) with no server and no deployment files",
                first(&go_main)
            ),
        )
    } else if [
        "setup.py",
        "pyproject.toml",
        "package.json",
        "go.mod",
        "Cargo.toml",
        "pom.xml",
        "build.gradle",
    ]
    .iter()
    .any(|m| ws.get(m).is_some())
    {
        (
            Profile::Library,
            "a package manifest and no deployment files or server framework".into(),
        )
    } else {
        (
            Profile::Service,
            "no signals; assuming the strictest profile, set `profile:` to change it".into(),
        )
    };
    Detected { profile, reason }
}

/// A binary target Cargo discovers by its place: `src/bin/<name>.rs` or
/// `src/bin/<name>/main.rs` (the other files of that directory are its
/// modules).
fn is_cargo_bin(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("src/bin/") else {
        return false;
    };
    match rest.split_once('/') {
        None => rest.ends_with(".rs"),
        Some((_, file)) => file == "main.rs",
    }
}

/// Test harness trees (`_integration-test/`, `tests/`) run the software,
/// they do not deploy it.
pub fn is_test_harness(path: &str) -> bool {
    let dirs: Vec<&str> = path.split('/').collect();
    dirs[..dirs.len().saturating_sub(1)].iter().any(|d| {
        let d = d.trim_start_matches(['_', '.']);
        matches!(d, "test" | "tests" | "e2e" | "spec")
            || d.ends_with("-test")
            || d.ends_with("-tests")
            || d.ends_with("_test")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(files: &[(&str, &str)]) -> Profile {
        let ws = Workspace::in_memory(
            files
                .iter()
                .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())),
        );
        let signals: Vec<Signals> = ws
            .files()
            .iter()
            .filter(|f| wants(f))
            .map(|f| {
                let text = files.iter().find(|(p, _)| *p == f.path).unwrap().1;
                inspect(f, &Content::new(&f.path, text.as_bytes()))
            })
            .collect();
        decide(&ws, &signals).profile
    }

    #[test]
    fn profiles() {
        let cases: &[(&[(&str, &str)], Profile)] = &[
            (
                &[
                    ("Cargo.toml", "[dependencies]\naxum = \"0.7\"\n"),
                    ("src/main.rs", ""),
                ],
                Profile::Service,
            ),
            (
                &[
                    ("Cargo.toml", "[dependencies]\nclap = \"4\"\n"),
                    ("src/main.rs", ""),
                ],
                Profile::Cli,
            ),
            (
                &[("Cargo.toml", "[package]\n"), ("src/lib.rs", "")],
                Profile::Library,
            ),
            (&[("requirements.txt", "celery==5\n")], Profile::Worker),
            // A gem whose Procfile and dev container run its demo app.
            (
                &[
                    ("good_job.gemspec", "Gem::Specification.new\n"),
                    ("Gemfile", "gem \"rails\"\n"),
                    ("Procfile", "web: bin/rails server\n"),
                    (".devcontainer/docker-compose.yml", "services:\n  app:\n    build: .\n"),
                ],
                Profile::Library,
            ),
            // Without the gemspec, the same files are an application.
            (
                &[
                    ("Gemfile", "gem \"rails\"\n"),
                    ("Procfile", "web: bin/rails server\n"),
                ],
                Profile::Service,
            ),
            // A dev container's compose file does not make a service of a
            // published package; a compose file at the root does.
            (
                &[
                    ("good_job.gemspec", "Gem::Specification.new\n"),
                    ("Gemfile", "gem \"rails\"\n"),
                    ("docker-compose.yml", "services:\n  app:\n    build: .\n"),
                ],
                Profile::Service,
            ),
            (
                &[("package.json", "{\"dependencies\":{\"express\":\"4\"}}")],
                Profile::Service,
            ),
            (&[("package.json", "{\"name\":\"x\"}")], Profile::Library),
            (
                &[(
                    "pyproject.toml",
                    "[project]\nname = \"flask\"\ndependencies = [\"werkzeug\"]\n",
                )],
                Profile::Library,
            ),
            (
                &[(
                    "package.json",
                    "{\n  \"name\": \"express\",\n  \"version\": \"5.0.0\"\n}",
                )],
                Profile::Library,
            ),
            (
                &[("Dockerfile", "FROM x"), ("go.mod", "module x")],
                Profile::Service,
            ),
            (
                &[("fixtures/Dockerfile", "FROM x"), ("go.mod", "module x")],
                Profile::Library,
            ),
            (&[("README.md", "hi")], Profile::Service),
            // .NET: the project SDK says what it builds (eShop's
            // `src/Catalog.API/Catalog.API.csproj`), beside a root
            // package.json that only holds test tooling.
            (
                &[
                    (
                        "package.json",
                        "{\"name\":\"eshop\",\"devDependencies\":{\"@playwright/test\":\"1\"}}",
                    ),
                    (
                        "src/Catalog.API/Catalog.API.csproj",
                        "\u{feff}<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n",
                    ),
                ],
                Profile::Service,
            ),
            (
                &[(
                    "src/Jobs/Jobs.csproj",
                    "<Project Sdk=\"Microsoft.NET.Sdk.Worker\">\n</Project>\n",
                )],
                Profile::Worker,
            ),
            // A packable class library beside the server (Jellyfin).
            (
                &[
                    ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENTRYPOINT [\"dotnet\", \"jellyfin.dll\"]\n"),
                    ("Jellyfin.Server/Jellyfin.Server.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n<PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n</Project>\n"),
                    ("MediaBrowser.Common/MediaBrowser.Common.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n<PropertyGroup><IsPackable>true</IsPackable><PackageId>Jellyfin.Common</PackageId></PropertyGroup>\n</Project>\n"),
                ],
                Profile::Service,
            ),
            // A Go library whose only `package main` is a tool beside it
            // (asynq's `tools/metrics_exporter`).
            (
                &[
                    ("go.mod", "module github.com/acme/queue\n"),
                    ("client.go", "package queue\n"),
                    ("tools/metrics_exporter/main.go", "package main\nfunc main() { http.ListenAndServe(\":9090\", nil) }\n"),
                ],
                Profile::Library,
            ),
            // Near miss: the same program under cmd/ is the product.
            (
                &[
                    ("go.mod", "module github.com/acme/queue\n"),
                    ("client.go", "package queue\n"),
                    ("cmd/server/main.go", "package main\nfunc main() { http.ListenAndServe(\":9090\", nil) }\n"),
                ],
                Profile::Service,
            ),
            // Near misses: a class library's SDK; a web project in tests/.
            (
                &[
                    ("package.json", "{\"name\":\"x\"}"),
                    (
                        "src/Core/Core.csproj",
                        "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n",
                    ),
                    (
                        "tests/Api.Tests/Api.Tests.csproj",
                        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n",
                    ),
                ],
                Profile::Library,
            ),
            // A command-line parser beside an image that listens: a server
            // that parses its flags (ntfy, Jaeger).
            (
                &[
                    (
                        "go.mod",
                        "module x\n\nrequire github.com/spf13/cobra v1.8.0\n",
                    ),
                    ("cmd/x/main.go", "package main\n"),
                    (
                        "Dockerfile",
                        "FROM alpine:3\nCOPY x /x\nEXPOSE 8080\nENTRYPOINT [\"/x\"]\n",
                    ),
                ],
                Profile::Service,
            ),
            // Near misses: an image that does not listen, a listening image
            // among the examples.
            (
                &[
                    (
                        "go.mod",
                        "module x\n\nrequire github.com/spf13/cobra v1.8.0\n",
                    ),
                    ("cmd/x/main.go", "package main\n"),
                    (
                        "Dockerfile",
                        "FROM alpine:3\nCOPY x /x\nENTRYPOINT [\"/x\"]\n",
                    ),
                ],
                Profile::Cli,
            ),
            (
                &[
                    (
                        "go.mod",
                        "module x\n\nrequire github.com/spf13/cobra v1.8.0\n",
                    ),
                    ("cmd/x/main.go", "package main\n"),
                    ("examples/demo/Dockerfile", "FROM alpine:3\nEXPOSE 8080\n"),
                ],
                Profile::Cli,
            ),
            // A monorepo's apps: the deployable is one level further down.
            (
                &[
                    ("package.json", "{\"name\":\"x\",\"private\":true}"),
                    (
                        "apps/web/package.json",
                        "{\"dependencies\":{\"next\":\"15\"}}",
                    ),
                ],
                Profile::Service,
            ),
            // Near misses: a package two levels down elsewhere.
            (
                &[
                    ("package.json", "{\"name\":\"x\",\"private\":true}"),
                    (
                        "examples/web/package.json",
                        "{\"dependencies\":{\"next\":\"15\"}}",
                    ),
                ],
                Profile::Library,
            ),
        ];
        for (files, want) in cases {
            assert_eq!(detect(files), *want, "{files:?}");
        }
    }

    #[test]
    fn only_runtime_dependencies_and_entry_points_decide() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Profile);
        let cases: &[Case] = &[
            (
                "a Terraform module is a library",
                &[("main.tf", "resource \"aws_db_instance\" \"this\" {}"), ("variables.tf", ""), ("outputs.tf", "")],
                Profile::Library,
            ),
            (
                "an Ansible role is a library",
                &[("meta/main.yml", "galaxy_info: {}"), ("tasks/main.yml", "- name: x")],
                Profile::Library,
            ),
            (
                "a root Terraform configuration with a Helm chart is still a service",
                &[("variables.tf", ""), ("outputs.tf", ""), ("chart/Chart.yaml", "name: x")],
                Profile::Service,
            ),
            (
                "a web framework in devDependencies is the test server of a published library",
                &[(
                    "package.json",
                    r#"{"name":"ky","exports":"./index.js","devDependencies":{"express":"4"}}"#,
                )],
                Profile::Library,
            ),
            (
                "a Go program whose only Dockerfile runs its test suite is a CLI",
                &[
                    ("go.mod", "module github.com/x/finder\n"),
                    ("main.go", "package main\n\nfunc main() {}\n"),
                    ("Dockerfile", "FROM ruby:3.4\nCOPY . /src\nCMD [\"bash\", \"-c\", \"ruby /src/test/runner.rb\"]\n"),
                ],
                Profile::Cli,
            ),
            (
                "a Go program with a Dockerfile that runs it is a service",
                &[
                    ("go.mod", "module github.com/x/daemon\n"),
                    ("main.go", "package main\n\nfunc main() {}\n"),
                    ("Dockerfile", "FROM golang:1.23\nCOPY . /src\nRUN go build -o /app .\nCMD [\"/app\"]\n"),
                ],
                Profile::Service,
            ),
            (
                "a test-named command in an image that serves is still a service",
                &[
                    ("go.mod", "module github.com/x/daemon\n"),
                    ("main.go", "package main\n\nfunc main() {}\n"),
                    ("Dockerfile", "FROM golang:1.23\nEXPOSE 8080\nCMD [\"/app\", \"--config\", \"/etc/test/app.yaml\"]\n"),
                ],
                Profile::Service,
            ),
            (
                "an npm package whose command starts its own web server is a service",
                &[(
                    "package.json",
                    r#"{"name":"thelounge","bin":{"thelounge":"index.js"},"files":["dist"],"dependencies":{"express":"4","socket.io":"4"}}"#,
                )],
                Profile::Service,
            ),
            (
                "an npm command-line package without a server dependency stays a CLI or library",
                &[(
                    "package.json",
                    r#"{"name":"prettier-ish","bin":{"p":"bin.js"},"files":["dist"],"dependencies":{"chalk":"5"}}"#,
                )],
                Profile::Library,
            ),
            (
                "an npm library with a web framework but no command is a library",
                &[(
                    "package.json",
                    r#"{"name":"express-mw","main":"index.js","files":["lib"],"dependencies":{"express":"4"}}"#,
                )],
                Profile::Library,
            ),
            (
                "a PyPI package whose CLI is an optional extra is a library",
                &[(
                    "pyproject.toml",
                    "[project]\nname = \"httpx\"\nclassifiers = [\"Topic :: Internet :: WWW/HTTP\"]\ndependencies = [\"certifi\"]\n[project.optional-dependencies]\ncli = [\"click==8.*\"]\n[project.scripts]\nhttpx = \"httpx:main\"\n",
                )],
                Profile::Library,
            ),
            (
                "a published framework that bundles a click command is still a library",
                &[(
                    "pyproject.toml",
                    "[project]\nname = \"flask\"\nclassifiers = [\"Framework :: Flask\"]\ndependencies = [\"click>=8\", \"werkzeug\"]\n[project.scripts]\nflask = \"flask.cli:main\"\n",
                )],
                Profile::Library,
            ),
            (
                "a PyPI package that says Environment :: Console is a CLI",
                &[(
                    "pyproject.toml",
                    "[project]\nname = \"black\"\nclassifiers = [\"Environment :: Console\"]\ndependencies = [\"click>=8\"]\n[project.scripts]\nblack = \"black:main\"\n",
                )],
                Profile::Cli,
            ),
            (
                "words in comments are not dependencies",
                &[(
                    "pyproject.toml",
                    "[project]\nname = \"x\"\n# next release drops flask support\ndependencies = []\n",
                )],
                Profile::Library,
            ),
            (
                "a Go library's _examples/ servers do not make it a service",
                &[
                    ("go.mod", "module example.com/router\n"),
                    ("router.go", "package router\n"),
                    ("_examples/hello/main.go", "package main\n\nfunc main() { http.ListenAndServe(\":3000\", r) }\n"),
                ],
                Profile::Library,
            ),
            (
                "a gRPC dependency alone (a client) does not make a CLI a service",
                &[
                    ("go.mod", "module example.com/gh\nrequire (\n\tgithub.com/spf13/cobra v1.9.1\n\tgoogle.golang.org/grpc v1.70.0\n)\n"),
                    ("cmd/gh/main.go", "package main\n\nfunc main() { root.Execute() }\n"),
                ],
                Profile::Cli,
            ),
            (
                "a Django application with PyPI classifiers is run, not imported",
                &[
                    ("pyproject.toml", "[project]\nname = \"netbox\"\nclassifiers = [\"Framework :: Django\"]\n"),
                    ("requirements.txt", "Django==5.1\n"),
                    ("netbox/manage.py", "import django\n"),
                ],
                Profile::Service,
            ),
            (
                "a Go CLI built with cobra ships a Dockerfile but is not a service",
                &[
                    ("go.mod", "module example.com/tool\nrequire (\n\tgithub.com/spf13/cobra v1.9.1\n\tgoogle.golang.org/grpc v1.7.0 // indirect\n)\n"),
                    ("main.go", "package main\n\nfunc main() { cmd.Execute() }\n"),
                    ("Dockerfile", "FROM scratch\n"),
                ],
                Profile::Cli,
            ),
            (
                "a Go main that listens on HTTP is a service, cobra or not",
                &[
                    ("go.mod", "module example.com/gw\nrequire github.com/spf13/cobra v1.9.1\n"),
                    ("cmd/gw/main.go", "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"),
                ],
                Profile::Service,
            ),
            (
                "a pprof side port in a library package does not make a service",
                &[
                    ("go.mod", "module example.com/scan\nrequire github.com/spf13/cobra v1.9.1\n"),
                    ("main.go", "package main\n"),
                    ("cmd/diag.go", "package cmd\n\nimport _ \"net/http/pprof\"\n\nfunc d() { http.ListenAndServe(\"localhost:6060\", nil) }\n"),
                ],
                Profile::Cli,
            ),
            (
                "a Go module with no package main is a library even if it serves HTTP",
                &[
                    ("go.mod", "module example.com/web\n"),
                    ("server.go", "package web\n\nfunc Run() { http.ListenAndServe(\":80\", nil) }\n"),
                ],
                Profile::Library,
            ),
            (
                "Kubernetes manifests make a service",
                &[
                    ("pom.xml", "<project></project>"),
                    ("k8s/db.yml", "kind: Deployment\n"),
                ],
                Profile::Service,
            ),
            (
                "test-scoped Maven dependencies are not the product",
                &[(
                    "pom.xml",
                    "<dependencies><dependency><artifactId>spring-boot-starter-webmvc-test</artifactId><scope>test</scope></dependency></dependencies>",
                )],
                Profile::Library,
            ),
            (
                "a Spring Boot MVC application is a service",
                &[(
                    "pom.xml",
                    "<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-webmvc</artifactId></dependency></dependencies>",
                )],
                Profile::Service,
            ),
            (
                "a compose file used only by integration tests deploys nothing",
                &[
                    ("_integration-test/docker-compose.test.yml", "services: {}\n"),
                    ("package.json", "{\"name\":\"x\"}"),
                ],
                Profile::Library,
            ),
            (
                "a Go terminal program with a flag library and a convenience image is a CLI",
                &[
                    ("go.mod", "module github.com/x/tui\n\nrequire github.com/integrii/flaggy v1.4.0\n"),
                    ("main.go", "package main\n\nfunc main() {}\n"),
                    ("Dockerfile", "FROM alpine:3\nCOPY tui /bin/\nENTRYPOINT [\"tui\"]\n"),
                ],
                Profile::Cli,
            ),
            (
                "a server in a doc comment, a pprof side port and a mock are not the product",
                &[
                    ("go.mod", "module github.com/x/lib\n"),
                    ("metrics/doc.go", "// Example:\n//\thttp.ListenAndServe(\":8080\", nil)\npackage metrics\n"),
                    ("server/example.go", "package server\n\n// Run with http.ListenAndServe(addr, h).\nfunc Run() {}\n"),
                    ("cmd/agent/pprof.go", "package main\n\nimport _ \"net/http/pprof\"\n\nfunc pprof() { http.ListenAndServe(\"localhost:6060\", nil) }\n"),
                    ("cmd/agent/main.go", "package main\n\nfunc main() {}\n"),
                    ("internal/mocks/oidc.go", "package mocks\n\nfunc Serve() { http.ListenAndServe(\":0\", nil) }\n"),
                ],
                Profile::Cli,
            ),
            (
                "a main package that serves its own handlers and pprof is a service",
                &[
                    ("go.mod", "module github.com/x/svc\n"),
                    ("main.go", "package main\n\nimport _ \"net/http/pprof\"\n\nfunc main() { http.HandleFunc(\"/\", h); http.ListenAndServe(\":8080\", nil) }\n"),
                ],
                Profile::Service,
            ),
            (
                "a server in a Go integration-test harness is a fixture",
                &[
                    ("go.mod", "module github.com/x/tui\nrequire github.com/spf13/cobra v1.8.0\n"),
                    ("main.go", "package main\n\nfunc main() {}\n"),
                    ("pkg/integration/components/random.go", "package components\n\nfunc Serve() { http.ListenAndServe(\":8080\", nil) }\n"),
                ],
                Profile::Cli,
            ),
            (
                "a file server that ships shell completions is a command",
                &[
                    ("Cargo.toml", "[package]\nname = \"miniserve\"\n[dependencies]\nactix-web = \"4\"\nclap = \"4\"\nclap_complete = \"4\"\n"),
                    ("src/main.rs", "fn main() {}"),
                    ("Containerfile", "FROM scratch\nEXPOSE 8080\n"),
                ],
                Profile::Cli,
            ),
            (
                "the same server with a Helm chart is deployed: a service",
                &[
                    ("Cargo.toml", "[package]\nname = \"srv\"\n[dependencies]\nactix-web = \"4\"\nclap_mangen = \"0.2\"\n"),
                    ("src/main.rs", "fn main() {}"),
                    ("chart/Chart.yaml", "name: srv\n"),
                ],
                Profile::Service,
            ),
            (
                "completions in a sibling CLI crate leave the server a service",
                &[
                    ("server/Cargo.toml", "[package]\nname = \"srv\"\n[dependencies]\naxum = \"0.7\"\n"),
                    ("server/src/main.rs", "fn main() {}"),
                    ("cli/Cargo.toml", "[package]\nname = \"srv-cli\"\n[dependencies]\nclap = \"4\"\nclap_complete = \"4\"\n"),
                    ("cli/src/main.rs", "fn main() {}"),
                ],
                Profile::Service,
            ),
            (
                "a Rust crate with a library and src/bin/<name>/main.rs is a program",
                &[
                    ("Cargo.toml", "[package]\nname = \"bat\"\n[dependencies]\nclap = \"4\"\n"),
                    ("src/lib.rs", ""),
                    ("src/bin/bat/main.rs", "fn main() {}"),
                    ("src/bin/bat/app.rs", ""),
                ],
                Profile::Cli,
            ),
            (
                "a Rust binary target with no argument parser is still a program",
                &[
                    ("Cargo.toml", "[package]\nname = \"t\"\n"),
                    ("src/lib.rs", ""),
                    ("src/bin/tool.rs", "fn main() {}"),
                ],
                Profile::Cli,
            ),
            (
                "a [[bin]] target at a custom path is a program",
                &[
                    ("Cargo.toml", "[package]\nname = \"t\"\n[[bin]]\nname = \"t\"\npath = \"cli/main.rs\"\n"),
                    ("src/lib.rs", ""),
                ],
                Profile::Cli,
            ),
            (
                "examples, benches and a src/binary module do not make a library a program",
                &[
                    ("Cargo.toml", "[package]\nname = \"l\"\n"),
                    ("src/lib.rs", ""),
                    ("examples/demo/main.rs", "fn main() {}"),
                    ("benches/b.rs", ""),
                    ("src/binary/mod.rs", ""),
                    ("src/bin/README.md", ""),
                ],
                Profile::Library,
            ),
            (
                "a Rust server in src/bin/<name>/main.rs is a service",
                &[
                    ("Cargo.toml", "[package]\nname = \"s\"\n[dependencies]\naxum = \"0.7\"\n"),
                    ("src/lib.rs", ""),
                    ("src/bin/server/main.rs", "fn main() {}"),
                ],
                Profile::Service,
            ),
            (
                "an npm package with a bin field is a CLI",
                &[("package.json", r#"{"name":"tool","bin":{"tool":"cli.js"}}"#)],
                Profile::Cli,
            ),
            (
                "a Python project with [project.scripts] and no PyPI page is a CLI",
                &[(
                    "pyproject.toml",
                    "[project]\nname = \"tool\"\ndependencies = []\n[project.scripts]\ntool = \"tool:main\"\n",
                )],
                Profile::Cli,
            ),
            (
                "a Go program in cmd/<name>/main.go with no server is a CLI",
                &[
                    ("go.mod", "module example.com/tool\n"),
                    ("cmd/tool/main.go", "package main\n\nfunc main() {}\n"),
                    ("internal/run/run.go", "package run\n"),
                ],
                Profile::Cli,
            ),
            (
                "Rails outside the test group is a service; rspec inside it is not",
                &[(
                    "Gemfile",
                    "gem 'rails', '~> 7.1'\ngroup :development, :test do\n  gem 'sidekiq'\nend\n",
                )],
                Profile::Service,
            ),
        ];
        for (name, files, want) in cases {
            assert_eq!(detect(files), *want, "{name}");
        }
    }

    #[test]
    fn fixture_paths() {
        for (path, want) in [
            ("fixtures/repo/Dockerfile", true),
            ("pkg/parser/testdata/a.go", true),
            ("examples/demo/main.go", true),
            ("docs/examples/app.py", true),
            (
                "src/main/java/org/springframework/samples/petclinic/App.java",
                false,
            ),
            ("src/example/handler.rs", false),
            ("examples", false),
        ] {
            assert_eq!(is_fixture(path), want, "{path}");
        }
    }

    #[test]
    fn words_not_substrings() {
        assert!(contains_word("flask==2.0", "flask"));
        assert!(!contains_word("flask-login", "flask"));
        assert!(!contains_word("rqlite", "rq"));
    }
}
