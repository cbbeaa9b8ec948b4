//! `docs.config-documented`: every environment variable the product reads
//! is named where an operator would look.
//!
//! Reads are found in product source (tests, examples, scripts, build
//! configs and vendored code excluded; comments blanked) by literal name:
//! `os.getenv("X")`, `os.environ["X"]`, `os.environ.get("X")`,
//! django-environ/Laravel `env("X")`, `process.env.X`,
//! `process.env["X"]`, `const { X } = process.env`, `std::env::var("X")`,
//! `os.Getenv("X")`, `os.LookupEnv("X")`, Go struct tags `env:"X"`,
//! `System.getenv("X")`, `ENV["X"]`, `ENV.fetch("X")`, `getenv('X')`,
//! `$_ENV['X']`, `Environment.GetEnvironmentVariable("X")`,
//! `System.get_env("X")`, and Spring `${X}` placeholders without a default (upper-case
//! names) in application*.yml/properties. Names built at run time are not
//! seen. Variables every platform sets (PATH, HOME, NODE_ENV, proxies,
//! CI, Kubernetes service discovery) are not the project's to document.
//!
//! A name is documented when it appears as a word in an env example
//! (`.env.example`, `.env.sample`, `*.env`...), a prose document (README,
//! docs/), a compose file, Helm values or Kubernetes manifests (any YAML
//! outside CI configuration), a Dockerfile, Terraform, `app.json` or
//! `fly.toml`. The score is the share of names documented; each
//! undocumented name is a medium-confidence finding at its first read.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::signals::{env_like_words, is_doc, is_product_source};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::source::Code;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry, FileKind, Lang};

pub struct ConfigDocumented;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.config-documented"),
    title: Cow::Borrowed("Every environment variable the code reads is documented"),
    category: Category::Documentation,
    // Low: a count of reads by pattern, diluted by variables that mock
    // servers, release scripts and test harnesses read, and by projects
    // configured from a file whose env reads are internal. Over 183 rated
    // repositories its credit did not follow the documentation rating
    // (Spearman 0.09), while at medium it moved the score by up to 5 points.
    severity: Severity::Low,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("a service or worker whose source reads environment variables"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Env vars read in the source are named in .env.example or the docs"),
    rationale: Cow::Borrowed(
        "Configuration that exists only in the code is discovered in production: a new deployment \
         starts with a variable unset, falls back to a default meant for a laptop, or crashes at \
         the first request that needs it. An example env file or a configuration table is the \
         contract between the code and whoever deploys it.",
    ),
    remediation: Cow::Borrowed(
        "List every variable in a committed `.env.example` (names and safe sample values, never \
         real secrets) or a configuration section of the README or docs, with what it does and \
         its default; or declare it in the Helm values, compose file or manifests that deploy the \
         service. Remove reads of variables nobody sets.",
    ),
    passes_when: Cow::Borrowed(
        "every environment variable name read in product source appears in an env example, a \
         prose document, a compose/Helm/Kubernetes YAML, a Dockerfile, Terraform, app.json or \
         fly.toml; partial credit per variable",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://12factor.net/config")]),
};

/// Names the platform sets, not the project.
const PLATFORM: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "USERNAME",
    "PWD",
    "SHELL",
    "TERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "TZ",
    "TMPDIR",
    "TEMP",
    "TMP",
    "HOSTNAME",
    "NODE_ENV",
    "CI",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "KUBERNETES_SERVICE_HOST",
    "KUBERNETES_SERVICE_PORT",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "JAVA_HOME",
    "GOPATH",
    "GOOS",
    "GOARCH",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "DJANGO_SETTINGS_MODULE",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
    "XDG_STATE_HOME",
    "PROGRAMFILES",
    "SYSTEMROOT",
    "WINDIR",
    "COMPUTERNAME",
    "LOGNAME",
    "MAIL",
    "DISPLAY",
];

fn platform(name: &str) -> bool {
    PLATFORM.contains(&name)
        || name.starts_with("CARGO_")
        || (name.starts_with("GITHUB_")
            && [
                "ACTIONS", "REF", "REF_NAME", "SHA", "WORKSPACE", "RUN_ID", "RUN_NUMBER",
                "REPOSITORY", "EVENT_NAME", "EVENT_PATH", "ENV", "OUTPUT", "STEP_SUMMARY",
                "SERVER_URL", "API_URL", "HEAD_REF", "BASE_REF", "ACTOR", "JOB", "WORKFLOW",
            ]
            .contains(&&name["GITHUB_".len()..]))
        || name.starts_with("RUNNER_")
        || name.starts_with("npm_")
        // Defined and documented by the framework or its tooling.
        || ["RAILS_", "RACK_", "BUNDLE_", "PUMA_", "FLASK_", "UVICORN_", "GUNICORN_", "ASPNETCORE_", "DOTNET_"]
            .iter()
            .any(|p| name.starts_with(p))
        || ["WEB_CONCURRENCY", "MIX_ENV", "GIN_MODE"].contains(&name)
        || name.starts_with("XDG_")
        || name.starts_with("LC_")
        // Set by the hosting platform, not by whoever deploys.
        || ["HEROKU_", "DYNO", "FLY_", "RENDER_", "RAILWAY_", "VERCEL_", "K_SERVICE", "K_REVISION", "AWS_LAMBDA_", "AWS_EXECUTION_ENV", "ECS_CONTAINER_METADATA_URI", "KUBERNETES_", "WEBSITE_", "GAE_", "GOOGLE_CLOUD_PROJECT", "FUNCTION_"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// The read regex whose names may carry a prefix the code adds at run
/// time: Go struct tags under `env-namespace`/`envPrefix` (`env:"TTL"`
/// inside a group read as `AUTH_TTL`).
const PREFIXABLE: usize = 8;

/// A read pattern and the languages it applies to (None: config files).
type ReadRule = (Option<&'static [Lang]>, Regex);

static READS: LazyLock<Vec<ReadRule>> = LazyLock::new(|| {
    const NAME: &str = r"([A-Za-z_][A-Za-z0-9_]*)";
    let q = r#"["']"#;
    let py: &'static [Lang] = &[Lang::Python];
    let js: &'static [Lang] = &[Lang::JavaScript, Lang::TypeScript];
    let rs: &'static [Lang] = &[Lang::Rust];
    let go: &'static [Lang] = &[Lang::Go];
    let jvm: &'static [Lang] = &[Lang::Java, Lang::Kotlin, Lang::Scala, Lang::Groovy];
    let rb: &'static [Lang] = &[Lang::Ruby];
    let php: &'static [Lang] = &[Lang::Php];
    let cs: &'static [Lang] = &[Lang::CSharp, Lang::FSharp];
    let ex: &'static [Lang] = &[Lang::Elixir];
    let r = |p: String| Regex::new(&p).expect("env read regex");
    vec![
        (
            Some(py),
            r(format!(
                r"\b(?:getenv|environ\.get|environ\.pop)\(\s*{q}{NAME}{q}"
            )),
        ),
        (Some(py), r(format!(r"\benviron\s*\[\s*{q}{NAME}{q}\s*\]"))),
        (
            Some(py),
            r(format!(r"\benv(?:\.\w+)?\(\s*{q}([A-Z][A-Z0-9_]*){q}")),
        ),
        (Some(js), r(format!(r"\bprocess\.env\.{NAME}"))),
        (
            Some(js),
            r(format!(r"\bprocess\.env\[\s*{q}{NAME}{q}\s*\]")),
        ),
        (Some(rs), r(format!(r#"\benv::var(?:_os)?\(\s*"{NAME}""#))),
        (
            Some(rs),
            r(format!(r#"\b(?:option_env|env)!\(\s*"{NAME}""#)),
        ),
        (
            Some(go),
            r(format!(r#"\bos\.(?:Getenv|LookupEnv)\(\s*"{NAME}""#)),
        ),
        (
            Some(go),
            r(r#"\b(?:env|envconfig)\s*:\s*"([A-Z][A-Z0-9_]*)"#.to_string()),
        ),
        (Some(jvm), r(format!(r#"\bSystem\.getenv\(\s*"{NAME}""#))),
        (Some(rb), r(format!(r"\bENV\s*\[\s*{q}{NAME}{q}\s*\]"))),
        (Some(rb), r(format!(r"\bENV\.fetch\s*\(?\s*{q}{NAME}{q}"))),
        (Some(php), r(format!(r"\b(?:getenv|env)\(\s*{q}{NAME}{q}"))),
        (Some(php), r(format!(r"\$_ENV\s*\[\s*{q}{NAME}{q}\s*\]"))),
        (
            Some(cs),
            r(format!(
                r#"\bEnvironment\.GetEnvironmentVariable\(\s*"{NAME}""#
            )),
        ),
        (
            Some(ex),
            r(format!(r#"\bSystem\.(?:get_env|fetch_env!?)\(\s*"{NAME}""#)),
        ),
        // `${X:default}` documents itself where Spring operators look; only
        // placeholders without a default must be named elsewhere.
        (None, r(r"\$\{([A-Z][A-Z0-9_]*)\}".to_string())),
    ]
});

static JS_DESTRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{([^{}]{1,400})\}\s*=\s*process\.env\b").expect("destructuring regex")
});

/// Build tool configs read variables of the build, not of the service.
fn is_build_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == "build.rs"
        || name == "setup.py"
        || name == "noxfile.py"
        || name == "fabfile.py"
        || name == "manage.py"
        || name == "gulpfile.js"
        || name == "gruntfile.js"
        || name.contains(".config.")
        || name.starts_with(".eslintrc")
        || name.starts_with("jest.")
}

fn is_spring_config(f: &FileEntry) -> bool {
    let n = f.name().to_ascii_lowercase();
    n.starts_with("application")
        && (n.ends_with(".yml") || n.ends_with(".yaml") || n.ends_with(".properties"))
        && !f.vendored()
        && !f.test_code()
}

fn is_ci(path: &str) -> bool {
    path.starts_with(".github/")
        || path.starts_with(".gitlab")
        || path.starts_with(".circleci/")
        || path.starts_with(".buildkite/")
        || path == "azure-pipelines.yml"
        || path == ".travis.yml"
}

/// A file whose words document configuration.
fn is_doc_source(f: &FileEntry) -> bool {
    if f.vendored() || f.fixture() || is_ci(&f.path) || is_spring_config(f) {
        return false;
    }
    let name = f.name().to_ascii_lowercase();
    is_doc(f)
        || f.is(FileKind::EnvFile)
        || name.contains("env.example")
        || name.contains("env.sample")
        || name.contains("env.template")
        || f.is(FileKind::Compose)
        || f.is(FileKind::Yaml)
        || f.is(FileKind::Dockerfile)
        || f.is(FileKind::Terraform)
        || matches!(name.as_str(), "app.json" | "fly.toml" | "procfile")
}

/// Variable reads in one file's code: (name, line, prefixable), first read
/// per name.
pub fn reads(lang: Option<Lang>, code: &str) -> Vec<(String, u32, bool)> {
    let mut seen = BTreeMap::new();
    let lines = crate::workspace::Lines::new(code);
    for (i, (langs, re)) in READS.iter().enumerate() {
        let applies = match (langs, lang) {
            (Some(ls), Some(l)) => ls.contains(&l),
            // Spring placeholders: in config files, and in Java `@Value`
            // strings (in Kotlin, `"${X}"` is string interpolation).
            (None, None | Some(Lang::Java)) => true,
            _ => false,
        };
        if !applies {
            continue;
        }
        for c in re.captures_iter(code) {
            if let (Some(all), Some(name)) = (c.get(0), c.get(1)) {
                // `os.environ["X"] = "1"` sets a variable for a library;
                // nobody has to document it.
                let after = code[all.end()..].trim_start();
                if after.starts_with('=') && !after.starts_with("==") {
                    continue;
                }
                seen.entry(name.as_str().to_string())
                    .or_insert_with(|| (lines.of(all.start()), i == PREFIXABLE));
            }
        }
    }
    // The destructuring regex starts at every `{`; only a file that
    // names `process.env` can hold one.
    let assigns_env = code.contains("process.env");
    if matches!(lang, Some(Lang::JavaScript | Lang::TypeScript)) && assigns_env {
        for c in JS_DESTRUCTURE.captures_iter(code) {
            let (Some(all), Some(list)) = (c.get(0), c.get(1)) else {
                continue;
            };
            for item in list.as_str().split(',') {
                let name = item.split([':', '=']).next().unwrap_or("").trim();
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                    && !name.starts_with("...")
                {
                    seen.entry(name.to_string())
                        .or_insert_with(|| (lines.of(all.start()), false));
                }
            }
        }
    }
    let mut out: Vec<(String, u32, bool)> = seen
        .into_iter()
        .filter(|(n, _)| !platform(n))
        .map(|(n, (l, p))| (n, l, p))
        .collect();
    out.sort_by_key(|(_, l, _)| *l);
    out
}

enum Kept {
    Reads(Vec<(String, u32, bool)>),
    Names(BTreeSet<String>),
}

impl Check for ConfigDocumented {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        (is_product_source(file) && !is_build_config(&file.path))
            || is_spring_config(file)
            || is_doc_source(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if is_product_source(file) || is_spring_config(file) {
            let r = if file.lang.is_some() {
                reads(file.lang, &content.model::<Code>().text)
            } else {
                reads(None, content.text())
            };
            return (!r.is_empty()).then(|| Box::new(Kept::Reads(r)) as FileData);
        }
        let names: BTreeSet<String> = env_like_words(content.text()).map(str::to_string).collect();
        (!names.is_empty()).then(|| Box::new(Kept::Names(names)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut read: BTreeMap<&str, (&FileEntry, u32, bool)> = BTreeMap::new();
        let mut documented: BTreeMap<&str, &FileEntry> = BTreeMap::new();
        for (f, k) in ctx.data::<Kept>() {
            match k {
                Kept::Reads(r) => {
                    for (name, line, prefixable) in r {
                        read.entry(name.as_str()).or_insert((f, *line, *prefixable));
                    }
                }
                Kept::Names(n) => {
                    for name in n {
                        documented.entry(name.as_str()).or_insert(f);
                    }
                }
            }
        }
        if read.is_empty() {
            return Ok(Outcome::not_applicable(
                "the source reads no environment variable by a literal name",
            ));
        }
        let mut evidence = Vec::new();
        let mut findings = Vec::new();
        let mut ok = 0usize;
        for (name, (f, line, prefixable)) in &read {
            let suffix = format!("_{name}");
            let doc = documented.get(name).copied().or_else(|| {
                prefixable
                    .then(|| {
                        documented
                            .iter()
                            .find(|(d, _)| d.ends_with(&suffix))
                            .map(|(_, f)| *f)
                    })
                    .flatten()
            });
            match doc {
                Some(doc) => {
                    ok += 1;
                    if evidence.len() < 8 {
                        evidence.push(format!("{name} (read at {}:{line}) named in {}", f.path, doc.path));
                    }
                }
                None => findings.push(Finding::new(
                        &META.id,
                        format!("{name} is read here but named in no env example, doc, compose, Helm or manifest"),
                    )
                    .rule("undocumented-env-var")
                    .at(f.path.clone(), Some(*line))
                    .matched(name)
.confidence(Confidence::Medium)),
            }
        }
        Ok(Outcome::fraction(
            ok as f64 / read.len() as f64,
            format!("{ok} of {} environment variables documented", read.len()),
        )
        .basis(Basis::Pattern)
        .evidences(evidence)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn reads_per_language() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("a.py", "import os\nDB = os.getenv(\"DATABASE_URL\")\nK = os.environ[\"SECRET_KEY\"]\nX = os.environ.get('REDIS_URL', 'x')", &["DATABASE_URL", "SECRET_KEY", "REDIS_URL"]),
            ("a.py", "# os.getenv(\"COMMENTED\")\nname = os.getenv(var)\nos.environ[\"OMP_THREAD_LIMIT\"] = \"1\"", &[]),
            ("a.ts", "process.env.TZ_OVERRIDE = 'UTC'; if (process.env.MODE == 'x') {}", &["MODE"]),
            ("settings.py", "DEBUG = env.bool(\"DJANGO_DEBUG\", False)", &["DJANGO_DEBUG"]),
            ("a.ts", "const p = process.env.PORT ?? 3000; const k = process.env['API_KEY'];\nconst { DB_HOST, DB_USER: user } = process.env;", &["PORT", "API_KEY", "DB_HOST", "DB_USER"]),
            ("a.ts", "if (process.env.NODE_ENV === 'production') {}", &[]),
            ("a.rs", "let u = std::env::var(\"DATABASE_URL\")?; let v = env!(\"CARGO_PKG_VERSION\");", &["DATABASE_URL"]),
            ("a.go", "addr := os.Getenv(\"LISTEN_ADDR\")\ntype C struct { Token string `envconfig:\"API_TOKEN\"` }", &["LISTEN_ADDR", "API_TOKEN"]),
            ("A.java", "String u = System.getenv(\"JDBC_URL\");", &["JDBC_URL"]),
            ("a.rb", "ENV[\"SMTP_HOST\"]\nENV.fetch('SMTP_PORT', 25)", &["SMTP_HOST", "SMTP_PORT"]),
            ("a.php", "'key' => env('APP_KEY'), getenv(\"MAIL_HOST\")", &["APP_KEY", "MAIL_HOST"]),
            ("A.cs", "var c = Environment.GetEnvironmentVariable(\"CONN\");", &["CONN"]),
            ("a.ex", "System.get_env(\"PHX_HOST\")", &["PHX_HOST"]),
        ];
        for (path, text, want) in cases {
            let lang = crate::workspace::language(path);
            let code = crate::formats::source::blank_comments(path, text);
            let got: Vec<String> = reads(lang, &code).into_iter().map(|(n, _, _)| n).collect();
            let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            let mut got_sorted = got.clone();
            got_sorted.sort();
            want.sort();
            assert_eq!(got_sorted, want, "{path}: {text}");
        }
        let spring: Vec<String> = reads(
            None,
            "url: ${DB_URL}\nuser: ${DB_USER:app}\nname: ${spring.app}",
        )
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
        assert_eq!(spring, ["DB_URL"]);
    }

    #[test]
    fn outcomes() {
        let src = (
            "app/main.py",
            "import os\nA = os.getenv(\"DATABASE_URL\")\nB = os.getenv(\"SENTRY_DSN\")\n",
        );
        expect(
            &ConfigDocumented,
            "all in .env.example",
            &[
                src,
                (".env.example", "DATABASE_URL=postgres://\nSENTRY_DSN=\n"),
            ],
            Status::Pass,
        );
        expect(
            &ConfigDocumented,
            "one in README",
            &[src, ("README.md", "Set `DATABASE_URL`.")],
            Status::Partial,
        );
        expect(
            &ConfigDocumented,
            "compose and helm count",
            &[
                src,
                ("docker-compose.yml", "environment:\n  - DATABASE_URL=x\n"),
                ("chart/values.yaml", "env:\n  SENTRY_DSN: ''\n"),
            ],
            Status::Pass,
        );
        expect(&ConfigDocumented, "none", &[src], Status::Partial);
        expect(
            &ConfigDocumented,
            "CI env does not document",
            &[
                src,
                (
                    ".github/workflows/ci.yml",
                    "env:\n  DATABASE_URL: x\n  SENTRY_DSN: y\n",
                ),
            ],
            Status::Partial,
        );
        expect(
            &ConfigDocumented,
            "reads only in tests",
            &[("tests/test_a.py", "os.getenv(\"X_Y\")")],
            Status::NotApplicable,
        );
        expect(&ConfigDocumented, "a namespaced struct tag is documented under its full name", &[("app/cmd/server.go", "type O struct {\n\tTTL struct {\n\t\tCookie string `env:\"COOKIE\"`\n\t} `env-namespace:\"TTL\"`\n}\n"), ("docs/config.md", "| AUTH_TTL_COOKIE | cookie TTL |")], Status::Pass);
        expect(
            &ConfigDocumented,
            "platform variables are not the project's",
            &[(
                "server/m.ts",
                "const d = process.env.HEROKU_DYNO_ID ?? process.env.FLY_ALLOC_ID;",
            )],
            Status::NotApplicable,
        );
        // Framework variables are the framework's to document; a project
        // variable beside them still counts (near miss).
        expect(
            &ConfigDocumented,
            "framework variables are not the project's",
            &[("config/environments/production.rb", "config.log_level = ENV.fetch(\"RAILS_LOG_LEVEL\", \"info\")\nENV[\"BUNDLE_GEMFILE\"]\nthreads = ENV.fetch(\"WEB_CONCURRENCY\") { 2 }\n")],
            Status::NotApplicable,
        );
        expect(
            &ConfigDocumented,
            "a project variable beside framework ones",
            &[(
                "config/initializers/email.rb",
                "host = ENV[\"SMTP_HOST\"]\nlevel = ENV[\"RAILS_LOG_LEVEL\"]\n",
            )],
            Status::Partial,
        );
        expect(
            &ConfigDocumented,
            "spring placeholders",
            &[
                (
                    "src/main/resources/application.yml",
                    "spring:\n  datasource:\n    url: ${JDBC_URL}\n",
                ),
                ("README.md", "JDBC_URL"),
            ],
            Status::Pass,
        );
    }
}
