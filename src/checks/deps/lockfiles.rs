//! `deps.lockfiles`: applications commit the lockfile of every ecosystem
//! they use, so a build tomorrow installs what was tested today.
//!
//! Manifests of one ecosystem in one directory form a unit (a pyproject.toml
//! and its requirements files; a build.gradle and its version catalog). A
//! unit with no dependencies needs no lockfile. A library unit need not
//! commit one: its users resolve their own. A unit is a library when it
//! carries a publishing mark and no application mark (see
//! formats/manifests), or by layout: a Rust crate with only src/lib.rs, a
//! Go module with no main.go and no cmd/, a Gemfile beside a gemspec.
//! A lockfile counts in the unit's directory or any directory above it,
//! where workspace roots keep theirs (Cargo, npm, pnpm, yarn, uv, Poetry).
//! Python counts a requirements file whose runtime lines all pin `==` as
//! a lock (pip-compile and pip freeze output).
//!
//! Maven has no lockfile convention, and Gradle dependency locking and
//! NuGet lock files are opt-in: Maven is never counted; Gradle and NuGet
//! units are counted only when the repository opts in (a
//! `dependencyLocking` block, `RestorePackagesWithLockFile`, or any
//! committed lockfile of theirs). Each appears in the evidence.
//!
//! A manifest or lockfile that does not parse is a finding at its line.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::manifests::{self, Ecosystem, Manifest, Role};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Lockfiles;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("deps.lockfiles"),
    title: Cow::Borrowed("Applications commit their dependency lockfiles"),
    category: Category::Dependencies,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a dependency manifest exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Every application manifest has its lockfile committed"),
    rationale: Cow::Borrowed(
        "Without a lockfile, every install resolves version ranges afresh: the build that ships is \
         not the one that was tested, a compromised or broken release of a transitive dependency \
         walks straight into production, and rolling back the code does not roll back the \
         dependencies.",
    ),
    remediation: Cow::Borrowed(
        "Commit the lockfile your package manager writes, beside the manifest or at the workspace \
         root: Cargo.lock, package-lock.json / yarn.lock / pnpm-lock.yaml / bun.lock, go.sum, \
         poetry.lock / uv.lock / pdm.lock / Pipfile.lock (or requirements pinned with `==` by \
         pip-compile), Gemfile.lock, composer.lock, mix.lock; packages.lock.json with \
         `RestorePackagesWithLockFile` for .NET, gradle.lockfile with `dependencyLocking` for \
         Gradle. Install from it in CI (`npm ci`, `cargo build --locked`, `uv sync --locked`, \
         `bundle install --frozen`).",
    ),
    passes_when: Cow::Borrowed(
        "every application manifest with dependencies has a lockfile of its ecosystem in its \
         directory or a workspace root above it; libraries are exempt; partial credit per manifest",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://doc.rust-lang.org/cargo/faq.html#why-have-cargolock-in-version-control"),
        Cow::Borrowed("https://docs.npmjs.com/cli/configuring-npm/package-lock-json"),
        Cow::Borrowed("https://docs.gradle.org/current/userguide/dependency_locking.html"),
    ]),
};

fn in_scope(f: &FileEntry) -> bool {
    f.manifest().is_some()
        && !f.vendored()
        && !f.fixture()
        && !f.test_code()
        && !f.example()
        // The tools a CI pipeline installs for itself
        // (`.github/requirements/ci-requirements.txt`) are not the product.
        && !crate::workspace::paths::in_ci_dir(&f.path)
}

/// One directory's manifests of one ecosystem.
struct Unit<'a> {
    dir: &'a str,
    ecosystem: Ecosystem,
    files: Vec<(&'a FileEntry, &'a Manifest)>,
}

impl Unit<'_> {
    fn deps(&self) -> usize {
        self.files.iter().map(|(_, m)| m.deps.len()).sum()
    }

    fn first(&self) -> &FileEntry {
        self.files[0].0
    }

    fn marks(&self, get: fn(&Manifest) -> &Vec<String>) -> Vec<String> {
        self.files
            .iter()
            .flat_map(|(_, m)| get(m).iter().cloned())
            .collect()
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// `dir` and every directory above it, nearest first.
fn ancestors(dir: &str) -> Vec<&str> {
    let mut out = vec![dir];
    let mut d = dir;
    while let Some((up, _)) = d.rsplit_once('/') {
        out.push(up);
        d = up;
    }
    if !dir.is_empty() {
        out.push("");
    }
    out
}

/// Why a unit is a library, by layout, when its manifest does not say.
fn library_by_layout(ctx: &CheckContext<'_>, u: &Unit<'_>) -> Option<String> {
    let has = |name: &str| ctx.ws.get(&join(u.dir, name)).is_some();
    let under = |prefix: &str| {
        let p = join(u.dir, prefix);
        ctx.ws.files().iter().any(|f| f.path.starts_with(&p))
    };
    match u.ecosystem {
        Ecosystem::Cargo => {
            let bins = u.files.iter().any(|(_, m)| !m.entry_points.is_empty());
            (has("src/lib.rs") && !has("src/main.rs") && !under("src/bin/") && !bins)
                .then(|| "a Rust crate with only src/lib.rs".to_string())
        }
        Ecosystem::Go => {
            let main = ctx.ws.files().iter().any(|f| {
                f.path.starts_with(&join(u.dir, "")) && f.name() == "main.go"
                    || f.path.starts_with(&join(u.dir, "cmd/"))
            });
            (!main).then(|| "a Go module with no main.go and no cmd/".to_string())
        }
        Ecosystem::Ruby => ctx
            .ws
            .files()
            .iter()
            .any(|f| f.dir() == u.dir && f.name().ends_with(".gemspec"))
            .then(|| "a gemspec beside the Gemfile".to_string()),
        _ => None,
    }
}

impl Check for Lockfiles {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        in_scope(file)
    }

    fn inspect(&self, _f: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let m = content.model::<manifests::Parsed>().0.clone()?;
        Some(Box::new(m))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let all: Vec<(&FileEntry, &Manifest)> = ctx.data::<Manifest>().collect();
        let mut findings = Vec::new();
        for (f, m) in &all {
            for p in &m.problems {
                findings.push(
                    Finding::new(
                        &META.id,
                        format!("{} does not parse: {}", f.name(), p.message),
                    )
                    .rule("unparsable-manifest")
                    .at(f.path.clone(), p.line)
                    .matched(&p.message)
                    .confidence(Confidence::High),
                );
            }
        }
        // Lockfiles by (ecosystem, directory); listed from the file list, so
        // one too large to read still counts as committed.
        let mut locks: BTreeMap<(Ecosystem, &str), Vec<&FileEntry>> = BTreeMap::new();
        for f in ctx.ws.files().iter().filter(|f| in_scope(f)) {
            if let Some((eco, Role::Lockfile)) = f.manifest() {
                locks.entry((eco, f.dir())).or_default().push(f);
            }
        }
        let opted: BTreeSet<Ecosystem> = all
            .iter()
            .filter(|(_, m)| m.opts_into_lock)
            .map(|(_, m)| m.ecosystem)
            .chain(locks.keys().map(|(e, _)| *e))
            .collect();

        let mut units: BTreeMap<(&str, Ecosystem), Unit> = BTreeMap::new();
        for (f, m) in &all {
            if m.role != Role::Manifest || m.test_project {
                continue;
            }
            units
                .entry((f.dir(), m.ecosystem))
                .or_insert_with(|| Unit {
                    dir: f.dir(),
                    ecosystem: m.ecosystem,
                    files: Vec::new(),
                })
                .files
                .push((f, m));
        }
        if units.is_empty() {
            return Ok(Outcome::not_applicable("no dependency manifest").findings(findings));
        }

        let mut evidence = Vec::new();
        let mut counted = 0usize;
        let mut locked = 0usize;
        for u in units.values() {
            let path = &u.first().path;
            if u.deps() == 0 {
                continue;
            }
            match u.ecosystem {
                Ecosystem::Maven => {
                    evidence.push(format!(
                        "{path}: Maven has no lockfile convention; not counted"
                    ));
                    continue;
                }
                Ecosystem::Gradle | Ecosystem::Nuget if !opted.contains(&u.ecosystem) => {
                    evidence.push(format!(
                        "{path}: {} lockfiles are opt-in and this repository does not opt in; not counted",
                        u.ecosystem.as_str()
                    ));
                    continue;
                }
                _ => {}
            }
            let published = u.marks(|m| &m.published);
            let app = u.marks(|m| &m.application);
            let entries = u.marks(|m| &m.entry_points);
            // The root manifest of a service or worker is that running
            // application, whatever PyPI classifiers it carries.
            let running_root = u.dir.is_empty() && Profile::RUNNING.contains(&ctx.profile);
            let library = if app.is_empty() && entries.is_empty() && !running_root {
                published
                    .first()
                    .cloned()
                    .or_else(|| library_by_layout(ctx, u))
            } else {
                None
            };
            if let Some(why) = library {
                evidence.push(format!("{path}: a library ({why}); a lockfile is optional"));
                continue;
            }
            counted += 1;
            let found: Option<String> = ancestors(u.dir)
                .into_iter()
                .find_map(|d| locks.get(&(u.ecosystem, d)).map(|l| l[0].path.clone()))
                .or_else(|| pinned_requirements(u));
            match found {
                Some(lock) => {
                    locked += 1;
                    evidence.push(format!("{path}: locked by {lock}"));
                }
                None => {
                    let sure = if !app.is_empty()
                        || !entries.is_empty()
                        || ctx.profile != Profile::Library
                    {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    };
                    let why = app
                        .first()
                        .or(entries.first())
                        .map_or(String::new(), |w| format!(" ({w})"));
                    findings.push(Finding::new(
                            &META.id,
                            format!(
                                "application manifest{why} with {} dependencies and no {} lockfile here or in a workspace root above",
                                u.deps(),
                                u.ecosystem.as_str()
                            ),
                        )
                        .rule("missing-lockfile")
                        .at(path.clone(), None)
                        .matched(u.ecosystem.as_str())
.confidence(sure));
                }
            }
        }
        if counted == 0 {
            return Ok(Outcome::not_applicable(
                "no application manifest with dependencies needs a lockfile",
            )
            .evidences(evidence)
            .findings(findings));
        }
        Ok(Outcome::fraction(
            locked as f64 / counted as f64,
            format!("{locked} of {counted} application manifests have a lockfile"),
        )
        .basis(Basis::Parsed)
        .evidences(evidence)
        .findings(findings))
    }
}

/// A requirements file of the unit whose runtime requirements all pin
/// `==`: pip-compile or pip freeze output, which is a lock.
fn pinned_requirements(u: &Unit<'_>) -> Option<String> {
    if u.ecosystem != Ecosystem::Python {
        return None;
    }
    u.files
        .iter()
        .find(|(f, m)| {
            f.name().starts_with("requirements")
                && !m.deps.is_empty()
                && m.deps.iter().all(|d| d.pinned)
        })
        .map(|(f, _)| format!("{} (every requirement pinned with ==)", f.path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_with};
    use crate::model::Status;

    #[test]
    fn cases() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let npm_app = r#"{"name":"svc","private":true,"dependencies":{"express":"4"}}"#;
        let cases: &[Case] = &[
            ("npm app with lockfile", &[("package.json", npm_app), ("package-lock.json", "{}")], Status::Pass),
            ("npm app without", &[("package.json", npm_app)], Status::Fail),
            ("workspace member locked at the root", &[("package.json", r#"{"private":true,"workspaces":["apps/*"],"devDependencies":{"turbo":"2"}}"#), ("pnpm-lock.yaml", ""), ("apps/web/package.json", npm_app)], Status::Pass),
            ("published npm library needs none", &[("packages/lib/package.json", r#"{"name":"lib","exports":"./i.js","dependencies":{"debug":"4"}}"#)], Status::NotApplicable),
            ("rust binary without Cargo.lock", &[("Cargo.toml", "[package]\nname=\"x\"\n[dependencies]\nclap=\"4\"\n"), ("src/main.rs", "")], Status::Fail),
            ("rust library", &[("crates/x/Cargo.toml", "[package]\nname=\"x\"\n[dependencies]\nserde=\"1\"\n"), ("crates/x/src/lib.rs", "")], Status::NotApplicable),
            ("cargo workspace locked at root", &[("Cargo.toml", "[workspace]\nmembers=[\"cli\"]\n"), ("Cargo.lock", "version = 3\n"), ("cli/Cargo.toml", "[package]\nname=\"c\"\n[dependencies]\nclap=\"4\"\n"), ("cli/src/main.rs", "")], Status::Pass),
            ("go service with go.sum", &[("go.mod", "module x\nrequire github.com/gin-gonic/gin v1\n"), ("go.sum", ""), ("main.go", "package main")], Status::Pass),
            ("go service without", &[("go.mod", "module x\nrequire github.com/gin-gonic/gin v1\n"), ("cmd/x/main.go", "package main")], Status::Fail),
            ("pinned requirements are a lock", &[("requirements.txt", "django==5.0.1\ngunicorn==21.2\n")], Status::Pass),
            ("ranged requirements are not", &[("requirements.txt", "django>=5\n")], Status::Fail),
            ("poetry app locked", &[("pyproject.toml", "[tool.poetry]\nname=\"a\"\n[tool.poetry.dependencies]\nfastapi=\"*\"\n"), ("poetry.lock", "")], Status::Pass),
            ("maven is not counted", &[("pom.xml", "<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies></project>")], Status::NotApplicable),
            ("gradle opted in without lockfile", &[("build.gradle", "dependencyLocking { lockAllConfigurations() }\ndependencies {\n implementation 'a:b:1'\n}\n")], Status::Fail),
            ("two apps, one locked", &[("api/package.json", npm_app), ("api/package-lock.json", "{}"), ("worker/Gemfile", "gem 'sidekiq'\n")], Status::Partial),
            ("manifest without dependencies", &[("package.json", r#"{"name":"x","private":true}"#)], Status::NotApplicable),
            ("no manifests", &[("README.md", "# x")], Status::NotApplicable),
            ("vendored manifests do not count", &[("vendor/x/package.json", npm_app)], Status::NotApplicable),
            ("CI tooling requirements do not count", &[(".github/requirements/ci-requirements.txt", "ruff>=0.5
")], Status::NotApplicable),
            // Near miss: a `github` directory that is not the CI's.
            ("an app in a github/ directory does", &[("github/app/requirements.txt", "django>=5
")], Status::Fail),
        ];
        for (name, files, want) in cases {
            expect(&Lockfiles, name, files, *want);
        }
    }

    #[test]
    fn broken_manifests_are_findings_with_lines() {
        let o = expect(
            &Lockfiles,
            "broken",
            &[
                (
                    "package.json",
                    "{\n  \"private\": true,\n  \"dependencies\": {\n",
                ),
                ("yarn.lock", "a:\n<<<<<<< HEAD\n"),
            ],
            Status::NotApplicable,
        );
        let locs: Vec<String> = o.findings.iter().map(|f| f.location()).collect();
        assert_eq!(locs, ["package.json:4", "yarn.lock:2"], "{:?}", o.findings);
    }

    #[test]
    fn a_services_root_manifest_is_its_application() {
        let files = [(
            "pyproject.toml",
            "[project]\nname = \"app\"\nclassifiers = [\"X\"]\ndependencies = [\"django\"]\n",
        )];
        let o = run_with(&Lockfiles, &files, &Params::default(), Profile::Service);
        assert_eq!(o.status, Status::Fail, "{o:?}");
        let o = run_with(&Lockfiles, &files, &Params::default(), Profile::Library);
        assert_eq!(o.status, Status::NotApplicable, "{o:?}");
    }

    #[test]
    fn a_missing_lock_is_certain_only_with_an_application_mark_or_profile() {
        let files = [("package.json", r#"{"name":"x","dependencies":{"a":"1"}}"#)];
        let o = run_with(&Lockfiles, &files, &Params::default(), Profile::Library);
        assert_eq!(o.findings[0].confidence, Confidence::Medium);
        let o = run_with(&Lockfiles, &files, &Params::default(), Profile::Service);
        assert_eq!(o.findings[0].confidence, Confidence::High);
    }
}
