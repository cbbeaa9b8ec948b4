//! Detects what kind of software a repository is (service, worker, library,
//! cli), so a library is not punished for having no runbook. The file list
//! gives most signals; root manifests, read during the single pass, add the
//! frameworks that make a service. `profile:` in config overrides it all.

use serde::Serialize;

use crate::checks::Profile;
use crate::workspace::{is_vendored, FileEntry, FileKind, Workspace};

/// What the pass learned from one manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    pub web: Vec<String>,
    pub worker: Vec<String>,
    pub cli: Vec<String>,
}

/// Why the profile is what it is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Detected {
    pub profile: Profile,
    /// "configured", or the evidence that decided it.
    pub reason: String,
}

const MANIFESTS: &[&str] = &[
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

/// Root and one-level-down manifests are worth reading for signals.
pub fn wants(f: &FileEntry) -> bool {
    f.depth() <= 1
        && MANIFESTS.contains(&f.name().to_ascii_lowercase().as_str())
        && !is_vendored(&f.path)
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
    "github.com/gofiber/fiber",
    "github.com/go-chi/chi",
    "github.com/gorilla/mux",
    "google.golang.org/grpc",
    "net/http",
    "rails",
    "sinatra",
    "puma",
    "spring-boot-starter-web",
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
    "picocli",
    "thor",
];

/// Signals in one manifest. Word-boundary matching on dependency names is
/// enough here: a false hit moves a profile, not a score, and the report
/// prints the evidence.
pub fn inspect(f: &FileEntry, text: &str) -> Signals {
    let lower = text.to_ascii_lowercase();
    // The framework's own repository names itself in its manifest: Flask's
    // pyproject says `name = "flask"`. That is a library, not a service.
    let own = own_name(&lower);
    let has = |name: &str| own.as_deref() != Some(name) && contains_word(&lower, name);
    let mut s = Signals {
        web: WEB
            .iter()
            .filter(|n| has(n))
            .map(|n| format!("{n} in {}", f.path))
            .collect(),
        worker: WORKER
            .iter()
            .filter(|n| has(n))
            .map(|n| format!("{n} in {}", f.path))
            .collect(),
        cli: CLI
            .iter()
            .filter(|n| has(n))
            .map(|n| format!("{n} in {}", f.path))
            .collect(),
    };
    let name = f.name().to_ascii_lowercase();
    if name == "package.json" && lower.contains("\"bin\"") {
        s.cli.push(format!("\"bin\" in {}", f.path));
    }
    if name == "pyproject.toml"
        && (lower.contains("[project.scripts]") || lower.contains("[tool.poetry.scripts]"))
    {
        s.cli.push(format!("console scripts in {}", f.path));
    }
    if name == "cargo.toml" && lower.contains("[[bin]]") {
        s.cli.push(format!("[[bin]] in {}", f.path));
    }
    // "net/http" is in Go's standard library and appears in no go.mod; it
    // only lands here from other manifests by accident.
    s.web.retain(|w| !w.starts_with("net/http"));
    s
}

/// The package's own name from a TOML (`name = "x"`) or JSON
/// (`"name": "x"`) manifest: the first such line.
fn own_name(lower: &str) -> Option<String> {
    for line in lower.lines().take(200) {
        let t = line.trim();
        let rest = t
            .strip_prefix("name")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
            .or_else(|| {
                t.strip_prefix("\"name\"")
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix(':'))
            });
        if let Some(rest) = rest {
            let v = rest
                .trim()
                .trim_end_matches(',')
                .trim_matches(|c| c == '"' || c == '\'');
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
    }
    None
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

/// Decides the profile from the file list and manifest signals.
pub fn decide(ws: &Workspace, signals: &[Signals]) -> Detected {
    let mut deploy = Vec::new();
    for f in ws.files() {
        if is_vendored(&f.path) || is_fixture(&f.path) {
            continue;
        }
        let name = f.name().to_ascii_lowercase();
        let ev = if f.is(FileKind::Dockerfile) {
            Some("a Dockerfile")
        } else if f.is(FileKind::Compose) {
            Some("a compose file")
        } else if name == "chart.yaml" {
            Some("a Helm chart")
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
            Some("a deployment descriptor")
        } else {
            None
        };
        if let Some(ev) = ev {
            deploy.push(format!("{ev} ({})", f.path));
        }
    }
    let web: Vec<&String> = signals.iter().flat_map(|s| &s.web).collect();
    let worker: Vec<&String> = signals.iter().flat_map(|s| &s.worker).collect();
    let cli: Vec<&String> = signals.iter().flat_map(|s| &s.cli).collect();
    let first = |v: &[&String]| v.first().map(|s| s.to_string()).unwrap_or_default();

    let (profile, reason) = if !web.is_empty() {
        (Profile::Service, format!("web framework: {}", first(&web)))
    } else if !worker.is_empty() {
        (Profile::Worker, format!("job queue: {}", first(&worker)))
    } else if !deploy.is_empty() {
        (Profile::Service, format!("deployed as {}", deploy[0]))
    } else if !cli.is_empty() {
        (Profile::Cli, format!("command-line entry: {}", first(&cli)))
    } else if ws.get("Cargo.toml").is_some()
        && ws.get("src/lib.rs").is_some()
        && ws.get("src/main.rs").is_none()
    {
        (
            Profile::Library,
            "Rust crate with src/lib.rs and no binary".into(),
        )
    } else if ws.get("src/main.rs").is_some() {
        (
            Profile::Cli,
            "Rust binary (src/main.rs) with no deployment files".into(),
        )
    } else if [
        "setup.py",
        "pyproject.toml",
        "package.json",
        "go.mod",
        "Cargo.toml",
        "pom.xml",
        "build.gradle",
        "gemspec",
    ]
    .iter()
    .any(|m| ws.get(m).is_some())
        || ws
            .files()
            .iter()
            .any(|f| f.depth() == 0 && f.name().ends_with(".gemspec"))
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

/// Fixture and example trees describe other software, not this one.
///
/// Fixture directories count at any depth. Example and sample directories
/// count only near the top (`examples/`, `docs/examples/`): deeper down the
/// same words are package names (`org/springframework/samples/petclinic`
/// is the application itself).
pub fn is_fixture(path: &str) -> bool {
    let dirs: Vec<&str> = path.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    dirs.iter().enumerate().any(|(i, c)| match *c {
        "fixtures" | "fixture" | "testdata" | "test-data" | "__fixtures__" => true,
        "examples" | "example" | "samples" | "sample" => {
            i == 0 || (i == 1 && matches!(dirs[0], "docs" | "doc"))
        }
        _ => false,
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
            .map(|f| inspect(f, files.iter().find(|(p, _)| *p == f.path).unwrap().1))
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
        ];
        for (files, want) in cases {
            assert_eq!(detect(files), *want, "{files:?}");
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
