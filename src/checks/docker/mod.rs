//! Dockerfile checks. Most judge each Dockerfile on its own through
//! [`DockerfileRule`]: the rule sees one parsed file and returns the units it
//! counted (base images, files) and the credit they earned, with findings;
//! [`PerDockerfile`] turns that into a `Check` whose score is the credit over
//! all counted units ("5 of 6 Dockerfiles").
//!
//! Which Dockerfiles count: vendored trees never do. Dockerfiles under test,
//! fixture and example paths (`test/`, `tests/`, `testdata/`, `fixtures/`,
//! `examples/`, `samples/`, `e2e/`...), and CI, dev-container and
//! browser-test trees (`.github/`, `.devcontainer/`, `playwright/`...), are
//! left out of the score whenever
//! the repository has any other Dockerfile, and named in the evidence; when
//! they are all there is, the check is not applicable: an example image says
//! little about how the project itself ships. A Dockerfile `docker build`
//! would reject (no `FROM`, an unknown instruction, an unterminated heredoc,
//! an instruction before `FROM`) is reported by `docker.pinned-base-image`,
//! where it counts as a unit with no credit; the other checks leave it out
//! with a note, since what they would say follows from the breakage.

use std::sync::Arc;

use super::CheckRef;
use crate::checks::{Check, CheckContext, CheckError, CheckMeta, FileData, Params};
use crate::formats::dockerfile::Dockerfile;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub mod base_image;
pub mod compose_no_literal_secrets;
pub mod compose_resource_limits;
pub mod copy_not_add;
pub mod dockerignore;
pub mod exec_form;
pub mod healthcheck;
pub mod image;
pub mod multistage;
pub mod no_curl_pipe_shell;
pub mod no_secrets_in_image;
pub mod non_root_user;
pub mod package_hygiene;
pub mod pinned_base_image;
pub mod pipefail;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(PerDockerfile(pinned_base_image::PinnedBaseImage)),
        Arc::new(PerDockerfile(non_root_user::NonRootUser)),
        Arc::new(healthcheck::Healthcheck),
        Arc::new(PerDockerfile(no_secrets_in_image::NoSecretsInImage)),
        Arc::new(PerDockerfile(package_hygiene::PackageHygiene)),
        Arc::new(PerDockerfile(copy_not_add::CopyNotAdd)),
        Arc::new(PerDockerfile(exec_form::ExecForm)),
        Arc::new(PerDockerfile(no_curl_pipe_shell::NoCurlPipeShell)),
        Arc::new(PerDockerfile(pipefail::Pipefail)),
        Arc::new(dockerignore::Dockerignore),
        Arc::new(PerDockerfile(multistage::Multistage)),
        Arc::new(compose_no_literal_secrets::ComposeNoLiteralSecrets),
        Arc::new(compose_resource_limits::ComposeResourceLimits),
        Arc::new(image::Image),
    ]
}

// The parsers know nothing of the workspace; this is where they become
// per-file models, parsed at most once however many checks read them.
impl crate::workspace::Model for Dockerfile {
    fn parse(_path: &str, text: &str) -> Self {
        crate::formats::dockerfile::parse(text)
    }
}

impl crate::workspace::Model for crate::formats::compose::Compose {
    fn parse(_path: &str, text: &str) -> Self {
        crate::formats::compose::parse(text)
    }
}

/// Path components that mark test, fixture, example, CI and dev-container
/// trees.
const EXAMPLE_DIRS: &[&str] = &[
    "test",
    "tests",
    "testdata",
    "test-data",
    "testing",
    "__tests__",
    "fixtures",
    "fixture",
    "examples",
    "example",
    "samples",
    "sample",
    "e2e",
    "demo",
    "demos",
    // CI jobs, dev containers and browser-test rigs: not what ships.
    ".github",
    ".gitlab",
    ".circleci",
    ".devcontainer",
    "playwright",
    "cypress",
];

/// Load-test and benchmark rigs: their images drive the service, they are
/// not the service.
const LOAD_TEST_DIRS: &[&str] = &[
    "loadtest",
    "loadtests",
    "loadtesting",
    "load-testing",
    "locust",
    "benchmark",
    "benchmarks",
    "benches",
    "perf-tests",
    "performance-tests",
];

/// Whether a path lies in a test, fixture or example tree, or is a cloud
/// development workspace's image.
pub fn is_example(path: &str) -> bool {
    let mut comps: Vec<&str> = path.split('/').collect();
    // `.gitpod.Dockerfile`: a cloud development workspace, like
    // `.devcontainer/`.
    if comps
        .pop()
        .is_some_and(|n| n.to_ascii_lowercase().starts_with(".gitpod"))
    {
        return true;
    }
    comps.iter().any(|c| {
        let l = c.to_ascii_lowercase();
        let bare = l.trim_start_matches('_');
        EXAMPLE_DIRS.contains(&l.as_str())
            || EXAMPLE_DIRS.contains(&bare)
            // Local development set-ups (`.dev/dockerfile`, `dev/Dockerfile.dev`).
            || DEV_DIRS.contains(&l.as_str())
            || crate::formats::test_dirs::is_glued_test_dir(bare)
            || ["-test", "-tests", "_test", "_tests"]
                .iter()
                .any(|s| bare.ends_with(s))
            // `tests_nightly_performance/`, `test-harness/`: a test rig's image.
            || ["test-", "tests-", "test_", "tests_"]
                .iter()
                .any(|p| bare.starts_with(p))
            || LOAD_TEST_DIRS.contains(&bare)
    })
}

/// What a compose file is for, by its name and directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposeRole {
    /// Development, local, test or CI stacks (`docker-compose.dev.yml`,
    /// `compose.override.yaml`, `local/compose.yaml`).
    Dev,
    /// Named for deployment (`docker-compose.prod.yml`, `deploy/compose.yaml`,
    /// `stack.yml`).
    Deploy,
    /// A plain `compose.yaml`: a self-hosting recipe as often as a dev stack.
    Plain,
}

const COMPOSE_DEV: &[&str] = &[
    "dev",
    "devel",
    "develop",
    "development",
    "local",
    "test",
    "tests",
    "testing",
    "ci",
    "e2e",
    "debug",
    "override",
    "sandbox",
    "hack",
    "integration",
];
const COMPOSE_DEPLOY: &[&str] = &[
    "prod",
    "production",
    "deploy",
    "deployment",
    "deployments",
    "release",
    "stack",
    "swarm",
    "staging",
    "live",
];

/// The role of a compose file: its name's words first, then its
/// directories' (nearest first).
pub fn compose_role(path: &str) -> ComposeRole {
    let lower = path.to_ascii_lowercase();
    let mut comps: Vec<&str> = lower.split('/').collect();
    let name = comps.pop().unwrap_or("");
    let words = |s: &str| -> Option<ComposeRole> {
        let ws: Vec<&str> = s.split(['.', '-', '_']).collect();
        if ws.iter().any(|w| COMPOSE_DEV.contains(w)) {
            Some(ComposeRole::Dev)
        } else if ws.iter().any(|w| COMPOSE_DEPLOY.contains(w)) {
            Some(ComposeRole::Deploy)
        } else {
            None
        }
    };
    words(name)
        .or_else(|| comps.iter().rev().find_map(|c| words(c)))
        .unwrap_or(ComposeRole::Plain)
}

/// The role of a compose file by its name and directory, then, for a plain
/// one, by what its leading comment says (`# Local development only`).
pub fn compose_role_of(path: &str, text: &str) -> ComposeRole {
    let role = compose_role(path);
    if role != ComposeRole::Plain {
        return role;
    }
    let header: String = text
        .lines()
        .map(str::trim)
        .take_while(|l| l.is_empty() || l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ");
    if header_says_dev(&header) {
        ComposeRole::Dev
    } else {
        role
    }
}

/// Whether a file's leading comment says it is for development or tests
/// only (`# Local development only`, `# not for production`).
fn header_says_dev(header: &str) -> bool {
    let header = header.to_ascii_lowercase();
    [
        "development",
        "local dev",
        "locally",
        "local only",
        "dev only",
        "not for production",
        "testing only",
    ]
    .iter()
    .any(|w| header.contains(w))
}

/// [`role`], or `development` when the Dockerfile's leading comment (before
/// its first instruction) says it is for development or tests only, as
/// `# This Dockerfile is intended for development purposes only` does.
pub fn dockerfile_role(path: &str, df: &Dockerfile) -> Option<&'static str> {
    let emulator = df.final_stage().is_some_and(|last| {
        EMULATORS.contains(&crate::formats::dockerfile::ImageRef::parse(&last.resolved).hub_name())
    });
    if emulator {
        return Some("local emulator");
    }
    role(path).or_else(|| {
        let first = df.instructions.first().map_or(u32::MAX, |i| i.line);
        let header: String = df
            .comments
            .iter()
            .take_while(|(line, _)| *line < first)
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        header_says_dev(&header).then_some("development")
    })
}

/// Name parts that say a Dockerfile builds something other than the image
/// that runs in production: a base for other images (`Dockerfile.base`), a
/// build or CI container, a development or debug image.
const ROLES: &[&str] = &[
    "base",
    "build",
    "builder",
    "dev",
    "devel",
    "develop",
    "development",
    "ci",
    "test",
    "tests",
    "debug",
    "e2e",
    // `Dockerfile.integration`: the image an integration-test run builds.
    "integration",
    // `Dockerfile.make`: the toolchain a Makefile runs in; `.local`: a
    // developer's machine.
    "make",
    "local",
    // `Dockerfile.docs`: builds or serves the documentation.
    "docs",
    // Development mail catchers (`maildev.Dockerfile`): they stand in for
    // a mail server on a developer's machine.
    "maildev",
    "mailhog",
    "mailpit",
    "mailcatcher",
];

/// Directories that hold a development setup (`dev/app.Dockerfile`,
/// `development/Dockerfile`).
const DEV_DIRS: &[&str] = &[
    "dev",
    "devel",
    "develop",
    "development",
    ".dev",
    ".dockerdev",
];

/// Local stand-ins for cloud services, run on a developer's machine or in
/// tests: an image built on one is not the product.
const EMULATORS: &[&str] = &[
    "amazon/dynamodb-local",
    "localstack/localstack",
    "mcr.microsoft.com/azure-storage/azurite",
    "mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator",
    "fsouza/fake-gcs-server",
    "motoserver/moto",
];

/// The role a Dockerfile's name gives it (`Dockerfile.base` -> `base`,
/// `dev.Dockerfile` -> `dev`), or its directory (`dev/app.Dockerfile` ->
/// `dev`), when it is not the production image.
fn role(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let mut comps: Vec<&str> = lower.split('/').collect();
    comps.pop();
    // Words of the name, camel case split too (`BuildHealthCheck.Dockerfile`).
    let original = path.rsplit('/').next().unwrap_or(path);
    let mut words = Vec::new();
    for part in original.split(['.', '-', '_']) {
        let mut word = String::new();
        for c in part.chars() {
            if c.is_ascii_uppercase() && word.chars().last().is_some_and(|p| p.is_ascii_lowercase())
            {
                words.push(std::mem::take(&mut word));
            }
            word.push(c.to_ascii_lowercase());
        }
        words.push(word);
    }
    words
        .iter()
        .filter(|t| *t != "dockerfile" && *t != "containerfile")
        .find_map(|t| ROLES.iter().find(|r| **r == t.as_str()).copied())
        .or_else(|| {
            comps
                .iter()
                .find_map(|c| DEV_DIRS.iter().find(|d| *d == c).copied())
        })
        .or_else(|| {
            // One of the two directories above names the image's role
            // (`docker/base/Dockerfile`, `.ci/Dockerfile.cypress`,
            // `docker/dummy/oidc/Dockerfile`).
            comps.iter().rev().take(2).find_map(|c| {
                PARENT_ROLES
                    .iter()
                    .find(|(dir, _)| dir == c)
                    .map(|(_, role)| *role)
            })
        })
}

/// Directories whose Dockerfiles are not the production image: (name, role).
const PARENT_ROLES: &[(&str, &str)] = &[
    ("base", "base"),
    ("ci", "ci"),
    (".ci", "ci"),
    ("debug", "debug"),
    // `docker/docs/Dockerfile`: the documentation's build image.
    ("docs", "docs"),
    ("doc", "docs"),
    ("dummy", "test"),
    ("mock", "test"),
    ("mocks", "test"),
];

/// Whether a Dockerfile's final command runs a test suite (`ruby
/// test/runner.rb`, `pytest`, `go test`, `npm test`, `make test`): such an
/// image is a CI harness. An image that serves (EXPOSE) is never one.
pub fn is_test_image(d: &Dockerfile) -> bool {
    let Some(last) = d.stages.last() else {
        return false;
    };
    let mut command = None;
    for i in &d.instructions[last.start..last.end.min(d.instructions.len())] {
        match i.keyword.as_str() {
            "EXPOSE" => return false,
            "CMD" | "ENTRYPOINT" => command = Some(i.args.to_ascii_lowercase()),
            _ => {}
        }
    }
    let Some(c) = command else {
        return false;
    };
    const RUNNERS: &[&str] = &[
        "pytest",
        "go test",
        "npm test",
        "npm run test",
        "yarn test",
        "make test",
        "cargo test",
        "rspec",
        "mvn test",
        "gradle test",
        "test/runner",
        "run_tests",
        "run-tests",
    ];
    RUNNERS.iter().any(|r| c.contains(r))
}

/// Whether a stage is a tool image: it runs on a compiler/SDK image and
/// neither it nor the stages it builds on declare a `CMD`, `ENTRYPOINT` or
/// `EXPOSE` (code generators, build containers run with an explicit
/// command). A service on `nginx` or `postgres` inherits its base's CMD and
/// is not one.
pub fn is_tool_image(df: &Dockerfile, stage: &crate::formats::dockerfile::Stage) -> bool {
    let chain = stage_chain(df, stage);
    let base = chain.last().map_or("", |s| s.resolved.as_str());
    multistage::toolchain(base)
        && !chain.iter().any(|s| {
            df.stage_instructions(s)
                .iter()
                .any(|i| i.is("CMD") || i.is("ENTRYPOINT") || i.is("EXPOSE"))
        })
}

/// Marks a finding as a heuristic match (medium confidence).
pub fn medium(f: Finding) -> Finding {
    f.confidence(Confidence::Medium)
}

/// Marks a finding as a weak signal (low confidence).
pub fn low(f: Finding) -> Finding {
    f.confidence(Confidence::Low)
}

/// Marks an outcome as read from parsed structure.
pub fn parsed(o: Outcome) -> Outcome {
    o.basis(Basis::Parsed)
}

/// What a rule made of one Dockerfile.
#[derive(Debug, Default)]
pub struct Judged {
    /// Units counted in this file (base images, RUN lines, or 1 for the file).
    pub units: f64,
    /// Credit earned, in [0, units].
    pub credit: f64,
    pub findings: Vec<Finding>,
    /// A line for the outcome's evidence, when the file says something notable.
    pub note: Option<String>,
    /// Something this rule should judge could not be read statically (an
    /// image from a build argument with no default).
    pub unknown: bool,
    /// How many things could not be judged (images from unset arguments).
    pub unresolved: usize,
    /// Scripts the image runs (basenames of its ENTRYPOINT and CMD), with
    /// the repository paths its COPY instructions bring in: a rule with
    /// companion scripts may settle its verdict on what they say.
    pub runs_scripts: Vec<String>,
    pub copies: Vec<String>,
}

impl Judged {
    /// One unit, passed or not.
    pub fn file(ok: bool) -> Self {
        Judged {
            units: 1.0,
            credit: if ok { 1.0 } else { 0.0 },
            ..Default::default()
        }
    }

    /// One unit with partial credit.
    pub fn scored(credit: f64) -> Self {
        Judged {
            units: 1.0,
            credit: credit.clamp(0.0, 1.0),
            ..Default::default()
        }
    }

    pub fn with(mut self, f: Finding) -> Self {
        self.findings.push(f);
        self
    }

    pub fn note(mut self, n: impl Into<String>) -> Self {
        self.note = Some(n.into());
        self
    }
}

/// A check that judges each Dockerfile on its own.
pub trait DockerfileRule: Send + Sync + 'static {
    fn meta(&self) -> &'static CheckMeta;
    /// What a medium verdict doubts (`Check::doubt`).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Absence
    }
    /// Its default share of its severity's weight (`Check::weight_share`).
    fn weight_share(&self) -> f64 {
        self.doubt().weight_share()
    }
    fn judge(&self, path: &str, df: &Dockerfile) -> Judged;
    /// What a unit is, for the summary: "Dockerfiles", "base images".
    fn unit(&self) -> &'static str {
        "Dockerfiles"
    }
    /// Whether a file `docker build` would reject is judged (and reported) too.
    fn judges_broken(&self) -> bool {
        false
    }
    /// A summary of its own, from the counted units and the findings.
    fn summary(&self, _units: f64, _findings: &[Finding]) -> Option<String> {
        None
    }
    /// Whether published base images (see [`base_image`]) are judged. A
    /// rule that returns false leaves out the ones that would not pass: the
    /// image built FROM them settles it.
    fn judges_base_images(&self) -> bool {
        true
    }
    /// The outcome when no file had anything to judge (no RUN with a pipe,
    /// no ADD): a pass unless the rule says otherwise.
    fn nothing_to_judge(&self) -> Outcome {
        parsed(Outcome::pass("nothing to judge in the Dockerfiles"))
    }
    /// Whether the rule's failures gate for command-line tools and
    /// libraries too, whose images run a user's command once rather than a
    /// network service; when not, they are reported at medium confidence.
    fn gates_tool_images(&self) -> bool {
        true
    }
    /// Repository scripts this rule reads beside the Dockerfiles (an
    /// entrypoint that drops privileges), and what one says: `Some(why)`
    /// when it settles a verdict.
    fn companion(&self, _file: &FileEntry) -> bool {
        false
    }
    fn companion_says(&self, _text: &str) -> Option<String> {
        None
    }
    /// Whether this rule's findings in a Dockerfile nothing in the
    /// repository names (no CI job, build file, compose file, script or
    /// document) drop to medium: such a variant (`Dockerfile-quick`) is
    /// most likely not what ships.
    fn doubts_unnamed(&self) -> bool {
        false
    }
    /// A verdict reconsidered in the light of a script the image runs.
    fn settle(
        &self,
        _dockerfile: &str,
        _judged: &Judged,
        _script: &str,
        _says: &str,
    ) -> Option<Judged> {
        None
    }
}

/// What a rule kept of a companion script.
struct Companion(String);

/// The Dockerfile names a build, CI, compose file, script or document
/// mentions (`docker build -f docker/Dockerfile-netclient`,
/// `dockerfile: Dockerfile.prod`), lower-cased file names.
struct Mentions(Vec<String>);

/// Whether a Dockerfile's (lower-cased) file name is among the mentions,
/// or matches a templated one (`Dockerfile-$(ARCH)`, `Dockerfile.*`) by
/// the part before the variable.
fn is_named(name: &str, mentioned: &std::collections::HashSet<&str>) -> bool {
    mentioned.iter().any(|m| {
        *m == name
            || m.find(['$', '*', '{', '<', '%'])
                .is_some_and(|i| name.starts_with(&m[..i]))
    })
}

/// Files that name the Dockerfiles a project builds. Asked of every file
/// in the tree: kinds first, then names compared without allocating.
fn names_dockerfiles(file: &FileEntry) -> bool {
    const NAMES: &[&str] = &[
        "makefile",
        "gnumakefile",
        "justfile",
        "taskfile.yml",
        "taskfile.yaml",
        ".goreleaser.yml",
        ".goreleaser.yaml",
        "skaffold.yaml",
        "cloudbuild.yaml",
        "jenkinsfile",
        "earthfile",
        ".drone.yml",
        ".travis.yml",
        ".woodpecker.yml",
        ".woodpecker.yaml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
    ];
    // CI of every kind, and GitHub's composite actions and configs.
    const DIRS: &[&str] = &[
        ".circleci/",
        ".buildkite/",
        ".woodpecker/",
        ".github/",
        ".gitlab/",
        ".tekton/",
    ];
    if file.vendored() || file.fixture() {
        return false;
    }
    let name = file.name();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    [
        FileKind::GithubWorkflow,
        FileKind::GitlabCi,
        FileKind::Compose,
        FileKind::Markdown,
        FileKind::Shell,
    ]
    .iter()
    .any(|k| file.is(*k))
        || ext.eq_ignore_ascii_case("mk")
        || ext.eq_ignore_ascii_case("hcl")
        || NAMES.iter().any(|n| name.eq_ignore_ascii_case(n))
        || DIRS.iter().any(|d| file.path.starts_with(d))
}

/// The Dockerfile file names a text mentions, lower-cased.
fn dockerfile_mentions(text: &str) -> Vec<String> {
    // Most of these files (every Markdown page and shell script) name no
    // Dockerfile: skip them before copying the text to lower case.
    if memchr::memmem::find(text.as_bytes(), b"ockerfile").is_none()
        && memchr::memmem::find(text.as_bytes(), b"OCKERFILE").is_none()
    {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let mut out: Vec<String> = memchr::memmem::find_iter(lower.as_bytes(), b"dockerfile")
        .filter_map(|at| {
            let token_end = |c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '\''
                            | '`'
                            | '='
                            | ','
                            | '('
                            | ')'
                            | '['
                            | ']'
                            | '{'
                            | '}'
                            | ':'
                            | ';'
                            | '|'
                    )
            };
            let start = lower[..at].rfind(token_end).map_or(0, |p| p + 1);
            let end = lower[at..].find(token_end).map_or(lower.len(), |p| at + p);
            let token = &lower[start..end];
            let name = token.rsplit('/').next().unwrap_or(token);
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The script among the companions that an image runs: same file name as
/// its ENTRYPOINT or CMD, preferring one its COPY instructions bring in.
fn script_run<'a>(
    judged: &Judged,
    dockerfile: &str,
    companions: &[(&'a str, &'a str)],
) -> Option<(&'a str, &'a str)> {
    let named: Vec<(&str, &str)> = companions
        .iter()
        .copied()
        .filter(|(p, _)| {
            let base = p.rsplit('/').next().unwrap_or(p);
            judged.runs_scripts.iter().any(|s| s == base)
        })
        .collect();
    let dir = dockerfile.rsplit_once('/').map_or("", |(d, _)| d);
    let copied = |p: &str| {
        judged.copies.iter().any(|c| {
            let c = c.trim_start_matches("./").trim_end_matches('/');
            let in_ctx = |root: &str| {
                let full = if root.is_empty() || c.is_empty() {
                    format!("{root}{c}")
                } else {
                    format!("{root}/{c}")
                };
                let full = full.trim_matches('/');
                full == "." || full.is_empty() || p == full || p.starts_with(&format!("{full}/"))
            };
            in_ctx("") || in_ctx(dir)
        })
    };
    named
        .iter()
        .copied()
        .find(|(p, _)| copied(p))
        .or_else(|| named.first().copied())
}

/// Adapts a [`DockerfileRule`] into a `Check`.
pub struct PerDockerfile<R>(pub R);

struct Kept {
    judged: Judged,
    example: bool,
    broken: bool,
    /// Its version directory, when shaped like a published base image.
    base_dir: Option<String>,
}

/// Extensions of templates that render a Dockerfile (`Dockerfile.j2`):
/// their `{{ }}` and `{% %}` are not Dockerfile syntax.
const TEMPLATE_EXTS: &[&str] = &[
    ".j2",
    ".jinja",
    ".jinja2",
    ".tmpl",
    ".tpl",
    ".template",
    ".in",
    ".erb",
    ".mustache",
    ".hbs",
    ".gotmpl",
];

/// Extensions that make a `dockerfile.*` name something else: source code
/// (a parser module `dockerfile.rs`), docs, data.
const NOT_DOCKERFILE_EXTS: &[&str] = &[
    ".md", ".rst", ".txt", ".json", ".yml", ".yaml", ".toml", ".sh", ".snap", ".html", ".png",
    ".svg",
];

/// Whether a file is a Dockerfile the checks read (not a template for one,
/// nor a source file that happens to be called `dockerfile.rs`).
pub fn wanted(file: &FileEntry) -> bool {
    // A dozen checks ask this of every file: the kind first, then the name.
    if !file.is(FileKind::Dockerfile) {
        return false;
    }
    let lower = file.name().to_ascii_lowercase();
    file.is(FileKind::Dockerfile)
        && !file.is(FileKind::Dockerignore)
        && file.lang.is_none()
        && !file.vendored()
        && !TEMPLATE_EXTS.iter().any(|e| lower.ends_with(e))
        && !NOT_DOCKERFILE_EXTS.iter().any(|e| lower.ends_with(e))
}

impl<R: DockerfileRule> Check for PerDockerfile<R> {
    fn meta(&self) -> &CheckMeta {
        self.0.meta()
    }

    fn doubt(&self) -> crate::model::Doubt {
        self.0.doubt()
    }

    fn weight_share(&self) -> f64 {
        self.0.weight_share()
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wanted(file)
            || self.0.companion(file)
            || (self.0.doubts_unnamed() && names_dockerfiles(file))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if !wanted(file) {
            // A script can be both: what an image runs, and where the
            // project names its Dockerfiles. The companion verdict wins;
            // scripts mention Dockerfiles far less often than CI does.
            if self.0.companion(file) {
                if let Some(says) = self.0.companion_says(content.text()) {
                    return Some(Box::new(Companion(says)));
                }
            }
            if self.0.doubts_unnamed() && names_dockerfiles(file) {
                let mentions = dockerfile_mentions(content.text());
                return (!mentions.is_empty()).then(|| Box::new(Mentions(mentions)) as FileData);
            }
            return None;
        }
        let df = content.model::<Dockerfile>();
        let broken = df.is_broken();
        let judged = if broken && !self.0.judges_broken() {
            Judged::default()
        } else {
            self.0.judge(&file.path, &df)
        };
        let base_dir = if broken || self.0.judges_base_images() {
            None
        } else {
            df.final_stage()
                .and_then(|_| base_image::candidate(&file.path, &df))
        };
        Some(Box::new(Kept {
            judged,
            example: is_example(&file.path),
            broken,
            base_dir,
        }))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let companions: Vec<(&str, &str)> = ctx
            .data::<Companion>()
            .filter(|(f, _)| !f.fixture() && !f.vendored())
            .map(|(f, c)| (f.path.as_str(), c.0.as_str()))
            .collect();
        let files: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        // Dockerfile variants nothing names, when the repository names
        // some: their findings are medium (see `doubts_unnamed`).
        let mentioned: std::collections::HashSet<&str> = ctx
            .data::<Mentions>()
            .flat_map(|(_, m)| m.0.iter().map(String::as_str))
            .collect();
        let unnamed: Vec<&str> = if mentioned.is_empty() {
            Vec::new()
        } else {
            files
                .iter()
                .map(|(f, _)| f.path.as_str())
                .filter(|p| {
                    let name = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
                    name != "dockerfile" && !is_named(&name, &mentioned)
                })
                .collect()
        };
        let unnamed_medium = |mut o: Outcome| {
            if unnamed.is_empty() {
                return o;
            }
            let mut doubted: Vec<String> = Vec::new();
            o.findings = std::mem::take(&mut o.findings)
                .into_iter()
                .map(|f| match f.path.as_deref() {
                    Some(p) if unnamed.contains(&p) => {
                        if !doubted.iter().any(|d| d == p) {
                            doubted.push(p.to_string());
                        }
                        medium(f)
                    }
                    _ => f,
                })
                .collect();
            if !doubted.is_empty() {
                o = o.evidence(format!(
                    "no CI job, build file, compose file, script or document names {}: medium confidence",
                    doubted.join(", ")
                ));
            }
            o
        };
        let tool = !self.0.gates_tool_images()
            && matches!(
                ctx.profile,
                crate::checks::Profile::Cli | crate::checks::Profile::Library
            );
        let graded = |mut o: Outcome| {
            if tool && !o.findings.is_empty() {
                o.findings = std::mem::take(&mut o.findings)
                    .into_iter()
                    .map(medium)
                    .collect();
                o = o.evidence(format!(
                    "profile {}: its images run a user's command, not a network service, so this does not gate",
                    ctx.profile.as_str()
                ));
            }
            o
        };
        if companions.is_empty() {
            return Ok(graded(unnamed_medium(aggregate(&self.0, &files))));
        }
        // Verdicts a script the image runs settles, in place of the file's.
        let settled: Vec<Option<Kept>> = files
            .iter()
            .map(|(f, k)| {
                let (script, says) = script_run(&k.judged, &f.path, &companions)?;
                self.0
                    .settle(&f.path, &k.judged, script, says)
                    .map(|judged| Kept {
                        judged,
                        example: k.example,
                        broken: k.broken,
                        base_dir: k.base_dir.clone(),
                    })
            })
            .collect();
        let files: Vec<(&FileEntry, &Kept)> = files
            .iter()
            .zip(&settled)
            .map(|((f, k), s)| (*f, s.as_ref().unwrap_or(k)))
            .collect();
        Ok(graded(unnamed_medium(aggregate(&self.0, &files))))
    }

    fn per_file(&self) -> bool {
        true
    }
}

fn aggregate<R: DockerfileRule>(rule: &R, files: &[(&FileEntry, &Kept)]) -> Outcome {
    if files.is_empty() {
        return Outcome::not_applicable("no Dockerfile");
    }
    let real: Vec<&(&FileEntry, &Kept)> = files.iter().filter(|(_, k)| !k.example).collect();
    let examples: Vec<&str> = files
        .iter()
        .filter(|(_, k)| k.example)
        .map(|(f, _)| f.path.as_str())
        .collect();
    let mut evidence = Vec::new();
    if !examples.is_empty() {
        evidence.push(format!(
            "left out as test/example Dockerfiles: {}{}",
            examples
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            if examples.len() > 5 {
                format!(" and {} more", examples.len() - 5)
            } else {
                String::new()
            }
        ));
    }
    if real.is_empty() {
        return Outcome::not_applicable("only test or example Dockerfiles").evidences(evidence);
    }
    let publishing = base_image::published(real.iter().filter_map(|(_, k)| k.base_dir.as_deref()));
    let mut units = 0.0;
    let mut credit = 0.0;
    let mut findings = Vec::new();
    let mut failing = Vec::new();
    let mut judged_files = 0;
    let mut base_images = Vec::new();
    for (f, k) in &real {
        if k.broken && !rule.judges_broken() {
            evidence.push(format!(
                "{}: does not build, left out (see docker.pinned-base-image)",
                f.path
            ));
            continue;
        }
        if publishing && k.base_dir.is_some() && k.judged.credit < k.judged.units {
            base_images.push(f.path.as_str());
            continue;
        }
        if k.judged.units > 0.0 {
            judged_files += 1;
            if k.judged.credit < k.judged.units {
                failing.push(f.path.as_str());
            }
        }
        units += k.judged.units;
        credit += k.judged.credit;
        findings.extend(k.judged.findings.iter().cloned());
        if let Some(n) = &k.judged.note {
            evidence.push(format!("{}: {n}", f.path));
        }
    }
    if !base_images.is_empty() {
        evidence.push(format!(
            "left out as published base images (version directories, no application copied in; the image built FROM them settles this): {}{}",
            base_images.iter().take(5).copied().collect::<Vec<_>>().join(", "),
            if base_images.len() > 5 {
                format!(" and {} more", base_images.len() - 5)
            } else {
                String::new()
            }
        ));
    }
    if units <= 0.0 {
        if !base_images.is_empty() && judged_files == 0 {
            return Outcome::not_applicable("only published base images").evidences(evidence);
        }
        if real.iter().all(|(_, k)| k.broken) {
            return Outcome::not_applicable("no buildable Dockerfile").evidences(evidence);
        }
        if real.iter().any(|(_, k)| k.judged.unknown) {
            return Outcome::unknown("cannot be judged statically")
                .evidences(evidence)
                .findings(findings);
        }
        return rule.nothing_to_judge().evidences(evidence);
    }
    let unit = rule.unit();
    let summary = if let Some(s) = rule.summary(units, &findings) {
        s
    } else if unit == "Dockerfiles" {
        format!(
            "{} of {} Dockerfiles",
            judged_files - failing.len(),
            judged_files
        )
    } else {
        format!("{:.1} of {} {unit} earn credit", credit, units).replace(".0 of", " of")
    };
    let o = Outcome::fraction(credit / units, summary);
    parsed(o).evidences(evidence).findings(findings)
}

/// The effective stage chain of a stage: itself, then the stage it builds
/// on, and so on (`FROM build AS final`).
pub fn stage_chain<'a>(
    df: &'a Dockerfile,
    stage: &'a crate::formats::dockerfile::Stage,
) -> Vec<&'a crate::formats::dockerfile::Stage> {
    let mut out = vec![stage];
    let mut cur = stage;
    while let Some(parent) = df.stage_named(&cur.resolved, cur.index) {
        if out.iter().any(|s| s.index == parent.index) {
            break;
        }
        out.push(parent);
        cur = parent;
    }
    out
}

/// A table-driven test case: name, files (path, content), expected status.
#[cfg(test)]
pub type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], crate::model::Status);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for (p, want) in [
            ("Dockerfile", true),
            ("Dockerfile.prod", true),
            ("api.Dockerfile", true),
            ("Containerfile", true),
            (".docker/Dockerfile-alpine", true),
            (".docker/Dockerfile-distroless-static", true),
            ("scripts/dockerfile-lint.sh", false),
            ("src/formats/dockerfile.rs", false),
            ("docs/dockerfile.md", false),
            ("Dockerfile.j2", false),
            ("vendor/x/Dockerfile", false),
        ] {
            assert_eq!(wanted(&FileEntry::new(p.into(), 1)), want, "{p}");
        }
    }

    #[test]
    fn roles_from_names() {
        for (p, want) in [
            ("Dockerfile", None),
            ("Dockerfile.base", Some("base")),
            (
                "cmd/enterprise/Dockerfile.with-web.integration",
                Some("integration"),
            ),
            ("docker/dev.Dockerfile", Some("dev")),
            ("Dockerfile-build", Some("build")),
            ("Dockerfile.release", None),
            ("Dockerfile.e2e", Some("e2e")),
            ("database/Dockerfile", None),
            ("dev/app.Dockerfile", Some("dev")),
            ("devtools/Dockerfile", None),
            ("extras/docker/base/Dockerfile", Some("base")),
            (".ci/Dockerfile.cypress", Some("ci")),
            ("docker/dummy/oidc/Dockerfile", Some("test")),
            ("build/package/Dockerfile", None),
            ("cmd/ci-runner/Dockerfile", None),
            ("database/base-images/Dockerfile", None),
            ("docker/BuildHealthCheck.Dockerfile", Some("build")),
            ("Dockerfile.make", Some("make")),
            ("docker/docs/Dockerfile", Some("docs")),
            ("Dockerfile.docs", Some("docs")),
            ("maildev.Dockerfile", Some("maildev")),
            (".dockerdev/Dockerfile", Some(".dockerdev")),
            // Near misses: a capital inside a word that is no role, a name
            // that only starts with a role's letters.
            ("docker/Buildkite.Dockerfile", None),
            ("Dockerfile.baseline", None),
            ("docsearch/Dockerfile", None),
            ("Dockerfile.documentation-server", None),
        ] {
            assert_eq!(role(p), want, "{p}");
        }
    }

    #[test]
    fn compose_roles() {
        for (p, want) in [
            ("docker-compose.yml", ComposeRole::Plain),
            ("compose.yaml", ComposeRole::Plain),
            ("docker-compose.dev.yml", ComposeRole::Dev),
            ("compose.override.yaml", ComposeRole::Dev),
            ("docker-compose-local.yml", ComposeRole::Dev),
            ("docker-compose.prod.yml", ComposeRole::Deploy),
            ("deploy/compose.yaml", ComposeRole::Deploy),
            ("deploy/docker-compose.test.yml", ComposeRole::Dev),
            ("dev/deploy.compose.yml", ComposeRole::Deploy),
            ("contrib/docker-compose/basic.yml", ComposeRole::Plain),
            ("stack.yml", ComposeRole::Deploy),
        ] {
            assert_eq!(compose_role(p), want, "{p}");
        }
    }

    #[test]
    fn compose_roles_from_header_comments() {
        for (text, want) in [
            (
                "# Local development only: the service and its database.\nservices: {}\n",
                ComposeRole::Dev,
            ),
            ("# Not for production use\nservices: {}\n", ComposeRole::Dev),
            ("# Production stack\nservices: {}\n", ComposeRole::Plain),
            (
                "services:\n  a:\n    image: x # for local development\n",
                ComposeRole::Plain,
            ),
        ] {
            assert_eq!(compose_role_of("docker-compose.yml", text), want, "{text}");
        }
        assert_eq!(
            compose_role_of("docker-compose.prod.yml", "# local development\n"),
            ComposeRole::Deploy
        );
    }

    #[test]
    fn emulator_images_are_local_tooling() {
        let role_of = |text: &str| {
            dockerfile_role(
                "dynamodb/Dockerfile",
                &crate::formats::dockerfile::parse(text),
            )
        };
        assert_eq!(
            role_of("FROM amazon/dynamodb-local:1.18.0\nCMD [\"-jar\", \"DynamoDBLocal.jar\"]\n"),
            Some("local emulator")
        );
        assert_eq!(
            role_of("FROM localstack/localstack:3\n"),
            Some("local emulator")
        );
        // Near miss: the service that talks to an emulator is the product.
        assert_eq!(
            role_of("FROM python:3.12-slim\nENV DYNAMODB_ENDPOINT=http://dynamodb-local:8000\n"),
            None
        );
    }

    #[test]
    fn example_paths() {
        for (p, want) in [
            ("Dockerfile", false),
            ("deploy/Dockerfile", false),
            ("test/Dockerfile", true),
            ("examples/hello/Dockerfile", true),
            ("src/testdata/x.Dockerfile", true),
            ("tests/corpus/docker/a.Dockerfile", true),
            ("latest/Dockerfile", false),
            (".github/actions/x/Dockerfile", true),
            (".devcontainer/Dockerfile", true),
            ("_integration-test/ca/compose.yml", true),
            ("contest/Dockerfile", false),
            (".gitpod.Dockerfile", true),
            ("tools/.gitpod.dockerfile", true),
            ("gitpod/Dockerfile", false),
            ("tests_nightly_performance/Dockerfile", true),
            (".dev/dockerfile", true),
            ("dev/Dockerfile.dev", true),
            ("devops/Dockerfile", false),
            ("deploy/dev-tools/Dockerfile", false),
            ("test-harness/Dockerfile", true),
            ("loadtest/Dockerfile", true),
            ("benchmarks/Dockerfile", true),
            ("benchmark/Dockerfile", true),
            ("testament/Dockerfile", false),
            ("latest-release/Dockerfile", false),
            ("perf/Dockerfile", false),
            // `ci/` holds release images as often as CI ones.
            ("ci/release-image/Dockerfile", false),
            // So does `scripts/` (nomad's `scripts/release/Dockerfile`).
            ("scripts/release/Dockerfile", false),
        ] {
            assert_eq!(is_example(p), want, "{p}");
        }
    }
}
