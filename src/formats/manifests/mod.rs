//! Dependency manifests and lockfiles of every ecosystem shipready knows,
//! reduced to one model: the ecosystem, the direct dependencies (runtime,
//! optional or development, each with its line), the marks that say
//! "published library" or "application", workspace members, and the
//! problems met while parsing.
//!
//! Formats: Cargo.toml/Cargo.lock, package.json (+ package-lock.json,
//! npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock), pnpm-workspace
//! .yaml, go.mod/go.sum/go.work, pyproject.toml (PEP 621, PEP 735 groups,
//! Poetry, uv, PDM), requirements*.txt, Pipfile/Pipfile.lock, setup.cfg,
//! poetry.lock/uv.lock/pdm.lock/pylock.toml, Gemfile/gems.rb(.lock),
//! pom.xml (a tag scan, not an XML parser), build.gradle(.kts) and
//! gradle/libs.versions.toml (regexes over dependency declarations),
//! composer.json/lock, *.csproj/*.fsproj/*.vbproj and packages.lock.json,
//! mix.exs/mix.lock.
//!
//! Every parser takes any text and never panics: broken input becomes a
//! `Problem` with a line, and whatever could be read is kept.

use std::collections::BTreeSet;

use serde::Serialize;

mod cargo;
mod dotnet;
mod go;
mod jvm;
mod npm;
mod other;
mod python;

/// A package ecosystem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Cargo,
    Npm,
    Go,
    Python,
    Ruby,
    Maven,
    Gradle,
    Composer,
    Nuget,
    Hex,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 10] = [
        Ecosystem::Cargo,
        Ecosystem::Npm,
        Ecosystem::Go,
        Ecosystem::Python,
        Ecosystem::Ruby,
        Ecosystem::Maven,
        Ecosystem::Gradle,
        Ecosystem::Composer,
        Ecosystem::Nuget,
        Ecosystem::Hex,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "cargo",
            Ecosystem::Npm => "npm",
            Ecosystem::Go => "go",
            Ecosystem::Python => "python",
            Ecosystem::Ruby => "ruby",
            Ecosystem::Maven => "maven",
            Ecosystem::Gradle => "gradle",
            Ecosystem::Composer => "composer",
            Ecosystem::Nuget => "nuget",
            Ecosystem::Hex => "hex",
        }
    }

    /// The ecosystems a name in a knowledge table or config means: a
    /// registry name (`cargo`, `pypi`) or a language (`rust`, `java`, which
    /// covers Maven and Gradle). Empty when the name is unknown.
    pub fn from_name(name: &str) -> Vec<Ecosystem> {
        use Ecosystem::*;
        match name.to_ascii_lowercase().as_str() {
            "cargo" | "rust" | "crates" | "crates.io" => vec![Cargo],
            "npm" | "node" | "js" | "javascript" | "typescript" | "ts" | "yarn" | "pnpm" => {
                vec![Npm]
            }
            "go" | "golang" => vec![Go],
            "python" | "pypi" | "pip" => vec![Python],
            "ruby" | "rubygems" | "gem" | "bundler" => vec![Ruby],
            "maven" => vec![Maven],
            "gradle" => vec![Gradle],
            "java" | "jvm" | "kotlin" | "scala" => vec![Maven, Gradle],
            "php" | "composer" | "packagist" => vec![Composer],
            "nuget" | "dotnet" | ".net" | "csharp" | "c#" | "fsharp" => vec![Nuget],
            "hex" | "elixir" | "erlang" | "mix" => vec![Hex],
            _ => Vec::new(),
        }
    }

    /// How package names compare in this ecosystem: PyPI folds `_`, `.`
    /// and `-` (PEP 503); the others are case-insensitive here.
    pub fn normalize(self, name: &str) -> String {
        let lower = name.trim().to_ascii_lowercase();
        match self {
            Ecosystem::Python => lower.replace(['_', '.'], "-"),
            _ => lower,
        }
    }
}

/// What a file is to its ecosystem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Declares dependencies (package.json, pyproject.toml...).
    Manifest,
    /// Records resolved versions (Cargo.lock, yarn.lock, go.sum...).
    Lockfile,
    /// Declares a workspace only (pnpm-workspace.yaml, go.work,
    /// settings.gradle).
    Workspace,
}

/// How a dependency is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    /// Needed to run the product.
    Runtime,
    /// An optional extra, a peer or an optional dependency.
    Optional,
    /// Build, test, lint or documentation tooling.
    Dev,
}

/// One direct dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dep {
    /// As written (Maven and Gradle: `group:artifact`).
    pub name: String,
    pub kind: DepKind,
    /// 1-based line of its declaration, when found.
    pub line: Option<u32>,
    /// An exact version pin (`==1.2.3`), where the format tells.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
}

/// Something wrong in the file, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: Option<u32>,
    pub message: String,
}

/// One manifest, lockfile or workspace file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub ecosystem: Ecosystem,
    pub role: Role,
    /// The package's own name, when it declares one.
    pub name: Option<String>,
    pub deps: Vec<Dep>,
    /// Marks of a package published for others to import ("npm package with
    /// \"exports\"", "PyPI classifiers", "a gemspec"...).
    pub published: Vec<String>,
    /// Marks of something that runs ("private": true, an executable
    /// OutputType, a Spring Boot plugin, a Web SDK...).
    pub application: Vec<String>,
    /// Executable entry points (`[[bin]]`, `"bin"`, console scripts).
    pub entry_points: Vec<String>,
    /// A PyPI package that says "Environment :: Console".
    pub console: bool,
    /// Workspace members or member globs this file declares.
    pub members: Vec<String>,
    /// The file opts into a lockfile in an ecosystem where locking is
    /// optional (Gradle `dependencyLocking`, NuGet
    /// `RestorePackagesWithLockFile`).
    pub opts_into_lock: bool,
    /// A test project (.NET): all its packages are tooling.
    pub test_project: bool,
    pub problems: Vec<Problem>,
}

impl Manifest {
    pub fn new(ecosystem: Ecosystem, role: Role) -> Self {
        Manifest {
            ecosystem,
            role,
            name: None,
            deps: Vec::new(),
            published: Vec::new(),
            application: Vec::new(),
            entry_points: Vec::new(),
            console: false,
            members: Vec::new(),
            opts_into_lock: false,
            test_project: false,
            problems: Vec::new(),
        }
    }

    /// Dependencies needed at run time (optional extras included).
    pub fn product_deps(&self) -> impl Iterator<Item = &Dep> {
        self.deps.iter().filter(|d| d.kind != DepKind::Dev)
    }

    pub(crate) fn dep(&mut self, name: &str, kind: DepKind, line: Option<u32>) {
        let name = name.trim();
        if name.is_empty() || name.len() > 214 {
            return;
        }
        self.deps.push(Dep {
            name: name.to_string(),
            kind,
            line,
            pinned: false,
        });
    }

    pub(crate) fn problem(&mut self, line: Option<u32>, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
        });
    }
}

/// A file's manifest model, or None when the path is no manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed(pub Option<Manifest>);

impl Parsed {
    pub fn parse(path: &str, text: &str) -> Self {
        Parsed(parse(path, text))
    }
}

/// What a path is, from its name alone.
pub fn identify(path: &str) -> Option<(Ecosystem, Role)> {
    use Ecosystem::*;
    use Role::*;
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let dir_is_requirements = path
        .rsplit('/')
        .nth(1)
        .is_some_and(|d| d.eq_ignore_ascii_case("requirements"));
    Some(match lower.as_str() {
        "cargo.toml" => (Cargo, Manifest),
        "cargo.lock" => (Cargo, Lockfile),
        "package.json" => (Npm, Manifest),
        "package-lock.json"
        | "npm-shrinkwrap.json"
        | "yarn.lock"
        | "pnpm-lock.yaml"
        | "bun.lockb"
        | "bun.lock" => (Npm, Lockfile),
        "pnpm-workspace.yaml" | "lerna.json" => (Npm, Workspace),
        "go.mod" => (Go, Manifest),
        "go.sum" => (Go, Lockfile),
        "go.work" => (Go, Workspace),
        "pyproject.toml" | "pipfile" | "setup.cfg" | "setup.py" => (Python, Manifest),
        "poetry.lock" | "uv.lock" | "pdm.lock" | "pipfile.lock" => (Python, Lockfile),
        "gemfile" | "gems.rb" => (Ruby, Manifest),
        "gemfile.lock" | "gems.locked" => (Ruby, Lockfile),
        "pom.xml" => (Maven, Manifest),
        "build.gradle" | "build.gradle.kts" | "libs.versions.toml" => (Gradle, Manifest),
        "gradle.lockfile" => (Gradle, Lockfile),
        "settings.gradle" | "settings.gradle.kts" => (Gradle, Workspace),
        "composer.json" => (Composer, Manifest),
        "composer.lock" => (Composer, Lockfile),
        "packages.lock.json" => (Nuget, Lockfile),
        "mix.exs" => (Hex, Manifest),
        "mix.lock" => (Hex, Lockfile),
        _ if lower.starts_with("pylock.") && lower.ends_with(".toml") => (Python, Lockfile),
        _ if lower.ends_with(".csproj")
            || lower.ends_with(".fsproj")
            || lower.ends_with(".vbproj") =>
        {
            (Nuget, Manifest)
        }
        _ if is_requirements_name(&lower, dir_is_requirements) => {
            if lower.ends_with(".lock") {
                (Python, Lockfile)
            } else {
                (Python, Manifest)
            }
        }
        _ => return None,
    })
}

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.in`,
/// `requirements/base.txt`, `requirements.lock`.
fn is_requirements_name(lower: &str, in_requirements_dir: bool) -> bool {
    let Some((stem, ext)) = lower.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "txt" | "in" | "lock")
        && (stem.starts_with("requirements")
            || stem.ends_with("requirements")
            || in_requirements_dir)
}

/// Parses `text` as the manifest `path` names, or None when `path` is no
/// manifest.
pub fn parse(path: &str, text: &str) -> Option<Manifest> {
    let (eco, role) = identify(path)?;
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let mut m = match (eco, name.as_str()) {
        (Ecosystem::Cargo, "cargo.toml") => cargo::manifest(text),
        (Ecosystem::Cargo, _) => cargo::lock(text),
        (Ecosystem::Npm, "package.json") => npm::manifest(text),
        (Ecosystem::Npm, "pnpm-workspace.yaml") => npm::pnpm_workspace(text),
        (Ecosystem::Npm, "package-lock.json" | "npm-shrinkwrap.json" | "lerna.json") => {
            json_only(eco, role, text)
        }
        (Ecosystem::Go, "go.mod") => go::module(text),
        (Ecosystem::Go, "go.work") => go::work(text),
        (Ecosystem::Python, "pyproject.toml") => python::pyproject(text),
        (Ecosystem::Python, "pipfile") => python::pipfile(text),
        (Ecosystem::Python, "setup.cfg") => python::setup_cfg(text),
        (Ecosystem::Python, "setup.py") => python::setup_py(text),
        (Ecosystem::Python, "pipfile.lock") => json_only(eco, role, text),
        (Ecosystem::Python, "poetry.lock" | "uv.lock" | "pdm.lock") => toml_only(eco, role, text),
        (Ecosystem::Python, n) if n.starts_with("pylock.") => toml_only(eco, role, text),
        (Ecosystem::Python, n) => python::requirements(n, role, text),
        (Ecosystem::Ruby, "gemfile" | "gems.rb") => other::gemfile(text),
        (Ecosystem::Maven, _) => jvm::pom(text),
        (Ecosystem::Gradle, "libs.versions.toml") => jvm::version_catalog(text),
        (Ecosystem::Gradle, n) if n.starts_with("build.gradle") => jvm::gradle(text),
        (Ecosystem::Composer, "composer.json") => other::composer(text),
        (Ecosystem::Composer, _) => json_only(eco, role, text),
        (Ecosystem::Nuget, "packages.lock.json") => json_only(eco, role, text),
        (Ecosystem::Nuget, _) => dotnet::project(path, text),
        (Ecosystem::Hex, "mix.exs") => other::mix(text),
        _ => Manifest::new(eco, role),
    };
    m.ecosystem = eco;
    m.role = role;
    if role == Role::Lockfile {
        conflict_markers(&mut m, text);
    }
    Some(m)
}

/// A lockfile is valid JSON, or a problem.
fn json_only(eco: Ecosystem, role: Role, text: &str) -> Manifest {
    let mut m = Manifest::new(eco, role);
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        m.problem(Some(e.line() as u32), format!("not valid JSON: {e}"));
    }
    m
}

/// A lockfile is valid TOML, or a problem.
fn toml_only(eco: Ecosystem, role: Role, text: &str) -> Manifest {
    let mut m = Manifest::new(eco, role);
    if let Err(e) = text.parse::<toml::Table>() {
        toml_problem(&mut m, text, &e);
    }
    m
}

/// Merge conflict markers left in a lockfile break every install.
fn conflict_markers(m: &mut Manifest, text: &str) {
    // Searched for, not walked line by line: lockfiles run to megabytes.
    let at_line_start = |marker: &str| {
        let b = text.as_bytes();
        memchr::memmem::find_iter(b, marker.as_bytes()).find(|&i| i == 0 || b[i - 1] == b'\n')
    };
    let first = [at_line_start("<<<<<<< "), at_line_start(">>>>>>> ")]
        .into_iter()
        .flatten()
        .min();
    if let Some(i) = first {
        m.problem(
            Some(crate::formats::source::line_of(text, i)),
            "unresolved merge conflict marker",
        );
    }
}

pub(crate) fn toml_problem(m: &mut Manifest, text: &str, e: &toml::de::Error) {
    let line = e
        .span()
        .map(|s| crate::formats::source::line_of(text, s.start));
    let msg = e.message().lines().next().unwrap_or("").to_string();
    m.problem(line, format!("not valid TOML: {msg}"));
}

pub(crate) fn json_problem(m: &mut Manifest, e: &serde_json::Error) {
    m.problem(Some(e.line().max(1) as u32), format!("not valid JSON: {e}"));
}

/// The first line declaring `key` as a TOML key or a JSON member, after
/// line `from`: how dependencies get their lines without a span-keeping
/// parser. None when the key is not at the start of any line.
pub(crate) fn line_of_key(text: &str, key: &str, from: u32) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(from as usize)
        .find(|(_, l)| {
            let t = l.trim_start();
            let rest = t
                .strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
                .or_else(|| {
                    t.strip_prefix('\'')
                        .and_then(|r| r.strip_prefix(key))
                        .and_then(|r| r.strip_prefix('\''))
                })
                .or_else(|| t.strip_prefix(key));
            rest.is_some_and(|r| {
                let r = r.trim_start();
                r.starts_with('=') || r.starts_with(':') || r.starts_with('.')
            })
        })
        .map(|(i, _)| i as u32 + 1)
}

/// The first line containing `needle`, 1-based.
pub(crate) fn line_containing(text: &str, needle: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u32 + 1)
}

/// Whether a dependency of `eco` named `dep` is the package `want` from a
/// knowledge table. `want` may end in `*` (a prefix: `@opentelemetry/*`);
/// a Go module matches its sub-packages and major-version paths; a JVM
/// `want` without a group matches the artifact of any group, and
/// `group:*` any artifact of the group.
pub fn package_matches(eco: Ecosystem, dep: &str, want: &str) -> bool {
    let dep = eco.normalize(dep);
    let want = eco.normalize(want);
    if let Some(prefix) = want.strip_suffix('*') {
        return dep.starts_with(prefix);
    }
    if dep == want {
        return true;
    }
    match eco {
        Ecosystem::Go => dep
            .strip_prefix(want.as_str())
            .is_some_and(|rest| rest.starts_with('/')),
        Ecosystem::Maven | Ecosystem::Gradle => {
            !want.contains(':') && dep.rsplit(':').next() == Some(want.as_str())
        }
        _ => false,
    }
}

/// Which names of `wanted` the manifests' product dependencies include.
pub fn find_packages<'a>(
    manifests: impl Iterator<Item = &'a Manifest>,
    wanted: &[(Ecosystem, String)],
) -> BTreeSet<(Ecosystem, String)> {
    let mut out = BTreeSet::new();
    for m in manifests {
        for d in m.product_deps() {
            for (eco, w) in wanted {
                if *eco == m.ecosystem && package_matches(*eco, &d.name, w) {
                    out.insert((*eco, w.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
