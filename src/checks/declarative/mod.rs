//! Declarative checks from YAML: `file_exists`, `file_absent`, `content` and
//! `dependency`.
//! They implement the same `Check` trait as built-ins and score exactly
//! like them, so a team extends the checklist without writing Rust.
//!
//! ```yaml
//! custom_checks:
//!   - id: team.makefile
//!     title: A Makefile drives build and test
//!     category: deployment
//!     severity: low
//!     kind: file_exists
//!     any: [Makefile, justfile]
//!   - id: team.feature-flags
//!     title: Releases are gated by our flag service
//!     category: deployment
//!     kind: dependency
//!     packages:
//!       js: ["@acme/flags"]
//!       go: [github.com/acme/flags]
//! ```
//!
//! A `dependency` check may add `signals` (`what`, `files` globs, a
//! `pattern`): what shows the capability with no package of its own, such
//! as an import of Go's standard `log/slog`, read from product files.
//!
//! The shipped knowledge tables (`checks/dependencies.yaml`) are
//! `dependency` checks too; a repository extends one through its params:
//! `checks: {observability.metrics: {params: {packages: {go: [acme/metrics]}}}}`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::checks::signals::{is_project_manifest, manifest_of, package_table};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::globs::expand_glob;
use crate::formats::manifests::{package_matches, Ecosystem};
use crate::model::{Basis, Confidence, Finding, Level, Outcome};
use crate::workspace::{Content, FileEntry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Passes when files matching the globs exist (`any` or `all`).
    FileExists,
    /// Fails for each file matching `files`.
    FileAbsent,
    /// Each file matching `files` must match `must_match` and must not
    /// match `must_not_match` (findings at the matching lines).
    Content,
    /// Passes when any package of `packages` is a runtime dependency of a
    /// manifest of its ecosystem.
    Dependency,
}

/// One declarative check as written in YAML.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeclSpec {
    pub id: String,
    pub title: String,
    pub category: Category,
    #[serde(default)]
    pub severity: Severity,
    /// The lowest level that requires it (default: the target level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_match: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_not_match: Option<String>,
    /// `dependency`: ecosystem (or language) name -> package names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub packages: BTreeMap<String, Vec<String>>,
    /// `dependency`: what shows the capability without a package (a
    /// standard-library import, a framework setting), read from files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<SignalSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes_when: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

/// A pattern in files that counts like a listed package: Go's standard
/// `log/slog`, Spring Boot's `logging.structured.format.console`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignalSpec {
    /// What a match shows, for the evidence ("Go's standard log/slog").
    pub what: String,
    /// Globs of the files to read (vendored, test and fixture paths never).
    pub files: Vec<String>,
    /// A regex (multi-line mode) a file must match.
    pub pattern: String,
}

/// A compiled signal.
struct Signal {
    what: String,
    globs: GlobSet,
    pattern: Regex,
}

impl DeclSpec {
    pub fn id_text(&self) -> &str {
        &self.id
    }

    /// Validates the spec and compiles its globs and regexes.
    pub fn build(&self) -> Result<DeclarativeCheck, String> {
        let id = CheckId::parse(&self.id)?;
        let need = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!("custom check '{}': {what}", self.id))
            }
        };
        match self.kind {
            Kind::FileExists => need(
                self.any.is_empty() != self.all.is_empty() && self.files.is_empty(),
                "kind file_exists takes exactly one of `any` or `all` (a list of globs)",
            )?,
            Kind::FileAbsent => need(
                !self.files.is_empty() && self.any.is_empty() && self.all.is_empty(),
                "kind file_absent takes `files` (a list of globs)",
            )?,
            Kind::Content => need(
                !self.files.is_empty()
                    && (self.must_match.is_some() || self.must_not_match.is_some()),
                "kind content takes `files` and at least one of `must_match` or `must_not_match`",
            )?,
            Kind::Dependency => need(
                !self.packages.is_empty()
                    && self.files.is_empty()
                    && self.any.is_empty()
                    && self.all.is_empty(),
                "kind dependency takes `packages` (ecosystem: [package names]) and no globs",
            )?,
        }
        if self.kind != Kind::Dependency {
            need(
                self.packages.is_empty() && self.signals.is_empty(),
                "`packages` and `signals` belong to kind dependency",
            )?;
        }
        let packages =
            package_list(&self.packages).map_err(|e| format!("custom check '{}': {e}", self.id))?;
        let compile = |globs: &[String]| -> Result<Vec<(String, GlobSet)>, String> {
            globs
                .iter()
                .map(|g| {
                    let mut b = GlobSetBuilder::new();
                    for p in expand_glob(g) {
                        b.add(
                            GlobBuilder::new(&p)
                                .literal_separator(true)
                                .build()
                                .map_err(|e| {
                                    format!("custom check '{}': glob '{g}': {e}", self.id)
                                })?,
                        );
                    }
                    Ok((g.clone(), b.build().map_err(|e| e.to_string())?))
                })
                .collect()
        };
        let regex = |r: &Option<String>| -> Result<Option<Regex>, String> {
            r.as_ref()
                .map(|r| {
                    regex::RegexBuilder::new(r)
                        .multi_line(true)
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|e| format!("custom check '{}': regex: {e}", self.id))
                })
                .transpose()
        };
        // Every signal's globs in one set too: `wants` asks it of every
        // file, and one set matches a path in one pass.
        let mut any_signal = GlobSetBuilder::new();
        let signals = self
            .signals
            .iter()
            .map(|sig| {
                let mut b = GlobSetBuilder::new();
                for g in &sig.files {
                    for p in expand_glob(g) {
                        let glob = GlobBuilder::new(&p)
                            .literal_separator(true)
                            .build()
                            .map_err(|e| {
                                format!("custom check '{}': signal glob '{g}': {e}", self.id)
                            })?;
                        any_signal.add(glob.clone());
                        b.add(glob);
                    }
                }
                Ok(Signal {
                    what: sig.what.clone(),
                    globs: b.build().map_err(|e| e.to_string())?,
                    pattern: regex(&Some(sig.pattern.clone()))?.expect("a pattern was given"),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let signal_globs = any_signal.build().map_err(|e| e.to_string())?;
        let (globs, all) = if !self.all.is_empty() {
            (compile(&self.all)?, true)
        } else if !self.any.is_empty() {
            (compile(&self.any)?, false)
        } else {
            (compile(&self.files)?, false)
        };
        let default_summary = match self.kind {
            Kind::FileExists => format!(
                "{} {}",
                if all { "all of" } else { "one of" },
                self.all
                    .iter()
                    .chain(&self.any)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Kind::FileAbsent => format!("no file matches {}", self.files.join(", ")),
            Kind::Content => format!(
                "files matching {} follow the content rule",
                self.files.join(", ")
            ),
            Kind::Dependency => format!("one of {} known packages is a dependency", packages.len()),
        };
        let passes_when = match self.kind {
            Kind::FileExists if all => format!(
                "every one of these globs matches a file: {}",
                self.all.join(", ")
            ),
            Kind::FileExists => format!(
                "at least one of these globs matches a file: {}",
                self.any.join(", ")
            ),
            Kind::FileAbsent => format!("no file matches: {}", self.files.join(", ")),
            Kind::Content => {
                let mut s = format!("every file matching {}", self.files.join(", "));
                if let Some(m) = &self.must_match {
                    s.push_str(&format!(" matches `{m}`"));
                }
                if let Some(m) = &self.must_not_match {
                    s.push_str(&format!(" and no line matches `{m}`"));
                }
                s
            }
            Kind::Dependency => format!(
                "a manifest of {} lists one of: {}",
                self.packages.keys().cloned().collect::<Vec<_>>().join(", "),
                self.packages
                    .iter()
                    .map(|(eco, names)| format!("{eco}: {}", names.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        let passes_when = if self.signals.is_empty() {
            passes_when
        } else {
            let mut whats: Vec<&str> = self.signals.iter().map(|s| s.what.as_str()).collect();
            whats.dedup();
            format!(
                "{passes_when}; or a product file shows {}",
                whats.join(", ")
            )
        };
        let passes_when = self.passes_when.clone().unwrap_or(passes_when);
        Ok(DeclarativeCheck {
            meta: CheckMeta {
                id,
                title: Cow::Owned(self.title.clone()),
                category: self.category,
                severity: self.severity,
                profiles: Cow::Owned(self.profiles.clone()),
                applies_when: Cow::Borrowed(match self.kind {
                    Kind::Content => "files match its `files` globs",
                    Kind::Dependency => "a manifest of one of its ecosystems exists",
                    _ => "always",
                }),
                stability: Stability::Stable,
                summary: Cow::Owned(self.summary.clone().unwrap_or(default_summary)),
                rationale: Cow::Owned(
                    self.rationale
                        .clone()
                        .unwrap_or_else(|| "Defined by this repository's configuration.".into()),
                ),
                remediation: Cow::Owned(
                    self.remediation
                        .clone()
                        .unwrap_or_else(|| format!("Make it true that {passes_when}.")),
                ),
                passes_when: Cow::Owned(passes_when),
                params: if self.kind == Kind::Dependency {
                    Cow::Borrowed(DEPENDENCY_PARAMS)
                } else {
                    Cow::Borrowed(&[])
                },
                references: Cow::Owned(
                    self.references
                        .iter()
                        .map(|r| Cow::Owned(r.clone()))
                        .collect(),
                ),
            },
            kind: self.kind,
            packages,
            signals,
            signal_globs,
            globs,
            all,
            must_match: regex(&self.must_match)?,
            must_not_match: regex(&self.must_not_match)?,
        })
    }
}

const DEPENDENCY_PARAMS: &[(Cow<'static, str>, Cow<'static, str>)] = &[(
    Cow::Borrowed("packages"),
    Cow::Borrowed(
        "more packages that count, added to the shipped list: a map from ecosystem or language \
         (rust, go, python, js, java, ruby, php, dotnet, elixir) to package names; a trailing `*` \
         matches a prefix, a Go module its sub-packages, a bare Maven artifact any group",
    ),
)];

/// `packages:` as (ecosystem, name) pairs; a language names all its ecosystems.
fn package_list(table: &BTreeMap<String, Vec<String>>) -> Result<Vec<(Ecosystem, String)>, String> {
    let value = serde_json::to_value(table).map_err(|e| e.to_string())?;
    if table.is_empty() {
        return Ok(Vec::new());
    }
    package_table(&value)
}

pub struct DeclarativeCheck {
    meta: CheckMeta,
    kind: Kind,
    packages: Vec<(Ecosystem, String)>,
    signals: Vec<Signal>,
    /// The union of the signals' globs.
    signal_globs: GlobSet,
    globs: Vec<(String, GlobSet)>,
    all: bool,
    must_match: Option<Regex>,
    must_not_match: Option<Regex>,
}

/// What a dependency check keeps per manifest.
struct ManifestDeps {
    ecosystem: Ecosystem,
    deps: Vec<(String, Option<u32>)>,
}

/// What a dependency check's signals found in one file: (what, line).
struct SignalHits(Vec<(String, u32)>);

/// What a content check keeps per file.
struct ContentResult {
    matched: bool,
    violations: Vec<(u32, String)>,
}

impl DeclarativeCheck {
    fn matches(&self, path: &str) -> bool {
        self.globs.iter().any(|(_, g)| g.is_match(path))
    }

    /// Whether a file is one a signal reads: its globs match, and it is
    /// not vendored, a fixture or a test.
    fn signal_file(&self, file: &FileEntry) -> bool {
        !self.signals.is_empty()
            && !file.vendored()
            && !file.fixture()
            && !file.test_code()
            && !file.example()
            && self.signal_globs.is_match(&file.path)
    }

    /// Passes on the first listed package found among the manifests'
    /// runtime dependencies; not applicable when no manifest of a listed
    /// ecosystem exists. Presence is all a manifest proves (the library may
    /// be declared and unused), so a pass rests on a present file and a
    /// miss is a medium-confidence finding: another library may do the job.
    fn run_dependency(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut wanted = self.packages.clone();
        if let Some(extra) = ctx.params.get("packages") {
            wanted.extend(package_table(extra).map_err(CheckError::new)?);
        }
        let listed: BTreeSet<Ecosystem> = wanted.iter().map(|(e, _)| *e).collect();
        let manifests: Vec<(&FileEntry, &ManifestDeps)> = ctx
            .data::<ManifestDeps>()
            .filter(|(_, m)| listed.contains(&m.ecosystem))
            .collect();
        let signals: Vec<String> = ctx
            .data::<SignalHits>()
            .flat_map(|(f, h)| {
                h.0.iter()
                    .map(move |(w, l)| format!("{w} at {}:{l}", f.path))
            })
            .collect();
        if manifests.is_empty() && signals.is_empty() {
            return Ok(Outcome::not_applicable(format!(
                "no manifest of {}",
                listed
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let mut hits = Vec::new();
        for (f, m) in &manifests {
            for (dep, line) in &m.deps {
                if wanted
                    .iter()
                    .any(|(e, w)| *e == m.ecosystem && package_matches(*e, dep, w))
                {
                    hits.push(match line {
                        Some(l) => format!("{dep} in {}:{l}", f.path),
                        None => format!("{dep} in {}", f.path),
                    });
                }
            }
        }
        let present: BTreeSet<Ecosystem> = manifests.iter().map(|(_, m)| m.ecosystem).collect();
        let looked: Vec<String> = present
            .iter()
            .map(|e| {
                let names: Vec<&str> = wanted
                    .iter()
                    .filter(|(w, _)| w == e)
                    .map(|(_, n)| n.as_str())
                    .collect();
                let shown = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
                let more = names.len().saturating_sub(8);
                if more > 0 {
                    format!("{}: {shown} and {more} more", e.as_str())
                } else {
                    format!("{}: {shown}", e.as_str())
                }
            })
            .collect();
        if !hits.is_empty() {
            let n = hits.len();
            return Ok(Outcome::pass(hits[0].clone())
                .basis(Basis::Present)
                .evidences(hits.into_iter().take(10))
                .evidence(format!("{n} matching dependencies"))
                .evidences(signals.into_iter().take(5)));
        }
        // No package, but the capability shows in code or configuration.
        if let Some(first) = signals.first() {
            return Ok(Outcome::pass(first.clone())
                .basis(Basis::Pattern)
                .evidences(signals.iter().take(10).cloned()));
        }
        let (first, _) = manifests[0];
        Ok(Outcome::fail(format!(
            "none of the known packages in {} manifest(s)",
            manifests.len()
        ))
        .basis(Basis::Present)
        .evidences(looked.iter().map(|l| format!("looked for {l}")))
        .findings(vec![Finding::new(
                &self.meta.id,
                format!(
                    "no known package for this among the dependencies of {} manifest(s); if another library does it, add it to this check's `packages` param",
                    manifests.len()
                ),
            )
            .rule("no-known-package")
            .at(first.path.clone(), None)
.confidence(Confidence::Medium)]))
    }
}

impl Check for DeclarativeCheck {
    /// A forbidden pattern's matches are hazards; a missing file or
    /// package is an absence.
    fn doubt(&self) -> crate::model::Doubt {
        if self.must_not_match.is_some() {
            crate::model::Doubt::Hazard
        } else {
            crate::model::Doubt::Absence
        }
    }

    fn meta(&self) -> &CheckMeta {
        &self.meta
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        match self.kind {
            Kind::Content => self.matches(&file.path),
            Kind::Dependency => is_project_manifest(file) || self.signal_file(file),
            _ => false,
        }
    }

    /// `content` and `file_absent` judge each matching file on its own;
    /// `file_exists` needs the whole tree.
    fn per_file(&self) -> bool {
        matches!(self.kind, Kind::Content | Kind::FileAbsent)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if self.kind == Kind::Dependency && !is_project_manifest(file) {
            let text = content.text();
            let hits: Vec<(String, u32)> = self
                .signals
                .iter()
                .filter(|s| s.globs.is_match(&file.path))
                .filter_map(|s| {
                    let m = s.pattern.find(text)?;
                    Some((s.what.clone(), crate::workspace::line_of(text, m.start())))
                })
                .collect();
            return (!hits.is_empty()).then(|| Box::new(SignalHits(hits)) as FileData);
        }
        if self.kind == Kind::Dependency {
            let m = manifest_of(content)?;
            return Some(Box::new(ManifestDeps {
                ecosystem: m.ecosystem,
                deps: m.product_deps().map(|d| (d.name.clone(), d.line)).collect(),
            }));
        }
        let text = content.text();
        let matched = self.must_match.as_ref().is_none_or(|r| r.is_match(text));
        let mut violations = Vec::new();
        if let Some(r) = &self.must_not_match {
            for m in r.find_iter(text).take(100) {
                let line = crate::workspace::line_of(text, m.start());
                let shown: String = m.as_str().chars().take(80).collect();
                violations.push((line, shown));
            }
        }
        Some(Box::new(ContentResult {
            matched,
            violations,
        }))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let m = &self.meta;
        Ok(match self.kind {
            Kind::Dependency => return self.run_dependency(ctx),
            Kind::FileExists => {
                let found: Vec<(&str, Vec<&str>)> = self
                    .globs
                    .iter()
                    .map(|(g, set)| {
                        (
                            g.as_str(),
                            ctx.ws
                                .matching(set)
                                .map(|f| f.path.as_str())
                                .take(5)
                                .collect(),
                        )
                    })
                    .collect();
                let hits = found.iter().filter(|(_, f)| !f.is_empty()).count();
                let evidence = found.iter().map(|(g, f)| {
                    if f.is_empty() {
                        format!("no file matches {g}")
                    } else {
                        format!("{g}: {}", f.join(", "))
                    }
                });
                let o = if self.all {
                    Outcome::fraction(
                        hits as f64 / found.len().max(1) as f64,
                        format!("{hits} of {} required files present", found.len()),
                    )
                } else if hits > 0 {
                    Outcome::pass("found")
                } else {
                    Outcome::fail("none of the files exist")
                };
                o.evidences(evidence)
            }
            Kind::FileAbsent => {
                let bad: Vec<&FileEntry> = ctx
                    .ws
                    .files()
                    .iter()
                    .filter(|f| self.matches(&f.path))
                    .collect();
                if bad.is_empty() {
                    Outcome::pass("no forbidden file present")
                } else {
                    Outcome::fail(format!("{} forbidden file(s) present", bad.len())).findings(
                        bad.iter()
                            .map(|f| {
                                Finding::new(&m.id, "this file should not be in the repository")
                                    .at(f.path.clone(), None)
                            })
                            .collect(),
                    )
                }
            }
            Kind::Content => {
                let results: Vec<(&FileEntry, &ContentResult)> =
                    ctx.data::<ContentResult>().collect();
                if results.is_empty() {
                    return Ok(Outcome::not_applicable("no file matches its globs"));
                }
                let mut findings = Vec::new();
                let mut good = 0;
                for (f, r) in &results {
                    if !r.matched {
                        findings.push(
                            Finding::new(
                                &m.id,
                                format!(
                                    "does not match `{}`",
                                    self.must_match.as_ref().map_or("", |r| r.as_str())
                                ),
                            )
                            .rule("must-match")
                            .at(f.path.clone(), None),
                        );
                    }
                    for (line, text) in &r.violations {
                        findings.push(
                            Finding::new(&m.id, format!("matches forbidden pattern: {text}"))
                                .rule("must-not-match")
                                .level(Level::Warning)
                                .at(f.path.clone(), Some(*line))
                                .matched(text),
                        );
                    }
                    if r.matched && r.violations.is_empty() {
                        good += 1;
                    }
                }
                Outcome::fraction(
                    good as f64 / results.len() as f64,
                    format!("{good} of {} files comply", results.len()),
                )
                .basis(Basis::Pattern)
                .findings(findings)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_check;
    use crate::model::Status;

    fn spec(yaml: &str) -> DeclarativeCheck {
        let s: DeclSpec = crate::config::yaml::parse("t.yaml", yaml).unwrap();
        s.build().unwrap()
    }

    #[test]
    fn kinds_decide_as_documented() {
        let exists_any = "id: t.make\ntitle: t\ncategory: deployment\nkind: file_exists\nany: [Makefile, justfile]\n";
        let exists_all = "id: t.both\ntitle: t\ncategory: deployment\nkind: file_exists\nall: [Makefile, justfile]\n";
        let absent =
            "id: t.noenv\ntitle: t\ncategory: security\nkind: file_absent\nfiles: ['*.pem']\n";
        let content = "id: t.strict\ntitle: t\ncategory: reliability\nkind: content\nfiles: ['*.py']\nmust_not_match: 'except:\\s*$'\n";
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let cases: &[Case] = &[
            (exists_any, &[("sub/justfile", "")], Status::Pass),
            (exists_any, &[("README", "")], Status::Fail),
            (exists_all, &[("Makefile", "")], Status::Partial),
            (
                exists_all,
                &[("Makefile", ""), ("justfile", "")],
                Status::Pass,
            ),
            (absent, &[("certs/key.pem", "")], Status::Fail),
            (absent, &[("a.txt", "")], Status::Pass),
            (
                content,
                &[("a.py", "try:\n  x()\nexcept:\n  pass\n"), ("b.py", "ok\n")],
                Status::Partial,
            ),
            (content, &[("b.py", "ok\n")], Status::Pass),
            (content, &[("b.rs", "ok\n")], Status::NotApplicable),
        ];
        for (yaml, files, want) in cases {
            let check = spec(yaml);
            let o = run_check(&check, files);
            assert_eq!(o.status, *want, "{yaml} on {files:?}: {o:?}");
        }
        let o = run_check(
            &spec(content),
            &[("a.py", "try:\n  x()\nexcept:\n  pass\n")],
        );
        assert_eq!(o.findings[0].location(), "a.py:3");
    }

    #[test]
    fn per_file_kinds_run_in_the_hook() {
        let base = "id: t.x\ntitle: t\ncategory: security\n";
        for (kind, want) in [
            ("kind: content\nfiles: [a]\nmust_match: x\n", true),
            ("kind: file_absent\nfiles: [a]\n", true),
            ("kind: file_exists\nany: [a]\n", false),
        ] {
            assert_eq!(spec(&format!("{base}{kind}")).per_file(), want, "{kind}");
        }
    }

    #[test]
    fn invalid_specs_are_refused() {
        for (yaml, want) in [
            ("id: t.x\ntitle: t\ncategory: security\nkind: file_exists\n", "exactly one of"),
            ("id: bad\ntitle: t\ncategory: security\nkind: file_exists\nany: [a]\n", "area.slug"),
            ("id: t.x\ntitle: t\ncategory: security\nkind: content\nfiles: [a]\nmust_match: '('\n", "regex"),
        ] {
            let s: DeclSpec = crate::config::yaml::parse("t.yaml", yaml).unwrap();
            let err = s.build().err().unwrap();
            assert!(err.contains(want), "{err}");
        }
    }
}

/// The knowledge tables shipped in the binary (`checks/dependencies.yaml`).
pub const SHIPPED_PATH: &str = "checks/dependencies.yaml";
const SHIPPED_TEXT: &str = include_str!("../../../checks/dependencies.yaml");

/// The shipped declarative checks. The file is part of the binary and a
/// test builds every entry, so a broken entry is a bug caught before
/// release; at run time one that fails to build is left out rather than
/// taking every other check down with it.
pub fn shipped() -> Vec<crate::checks::CheckRef> {
    shipped_specs()
        .iter()
        .filter_map(|s| s.build().ok())
        .map(|c| std::sync::Arc::new(c) as crate::checks::CheckRef)
        .collect()
}

fn shipped_specs() -> Vec<DeclSpec> {
    crate::config::yaml::parse::<Vec<DeclSpec>>(SHIPPED_PATH, SHIPPED_TEXT).unwrap_or_default()
}

/// Whether `id` is one of the shipped declarative checks (they have no
/// source file of their own).
pub fn is_shipped(id: &str) -> bool {
    shipped_specs().iter().any(|s| s.id == id)
}

#[cfg(test)]
mod dependency_tests {
    use super::*;
    use crate::checks::test_support::{run_check, run_with};
    use crate::checks::Profile;
    use crate::model::Status;

    #[test]
    fn every_shipped_table_builds() {
        let specs: Vec<DeclSpec> =
            crate::config::yaml::parse(SHIPPED_PATH, SHIPPED_TEXT).expect("shipped YAML parses");
        assert_eq!(specs.len(), shipped().len());
        for s in &specs {
            assert_eq!(s.kind, Kind::Dependency, "{}", s.id);
            for lang in [
                "rust", "go", "python", "js", "java", "ruby", "php", "dotnet", "elixir",
            ] {
                assert!(
                    s.packages.contains_key(lang),
                    "{} has no {lang} packages",
                    s.id
                );
            }
        }
    }

    fn check(id: &str) -> crate::checks::CheckRef {
        shipped()
            .into_iter()
            .find(|c| c.meta().id.as_str() == id)
            .unwrap()
    }

    #[test]
    fn dependency_checks_decide_from_runtime_dependencies() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let cases: &[Case] = &[
            ("observability.metrics", &[("go.mod", "module x\nrequire github.com/prometheus/client_golang v1.19.0\n")], Status::Pass),
            ("observability.metrics", &[("pom.xml", "<project><dependencies><dependency><groupId>io.micrometer</groupId><artifactId>micrometer-registry-prometheus</artifactId></dependency></dependencies></project>")], Status::Pass),
            ("observability.error-tracking", &[("package.json", r#"{"dependencies":{"@sentry/node":"8"}}"#)], Status::Pass),
            ("observability.error-tracking", &[("package.json", r#"{"devDependencies":{"@sentry/node":"8"}}"#)], Status::Partial),
            ("observability.structured-logging", &[("requirements.txt", "Django==5\nstructlog==24.1\n")], Status::Pass),
            ("observability.structured-logging", &[("requirements.txt", "Django==5\n# structlog\n")], Status::Partial),
            ("reliability.retries", &[("Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Polly.Core\" Version=\"8\" /></ItemGroup></Project>")], Status::Pass),
            ("deploy.feature-flags", &[("mix.exs", "defp deps do\n  [{:fun_with_flags, \"~> 1.11\"}]\nend\n")], Status::Pass),
            ("observability.tracing", &[("README.md", "# x")], Status::NotApplicable),
            ("observability.tracing", &[("examples/package.json", r#"{"dependencies":{"dd-trace":"5"}}"#)], Status::NotApplicable),
        ];
        for (id, files, want) in cases {
            let o = run_check(check(id).as_ref(), files);
            assert_eq!(o.status, *want, "{id} on {files:?}: {o:?}");
        }
    }

    #[test]
    fn structured_logging_without_a_package() {
        const GOMOD: &str = "module x\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n";
        const POM: &str = "<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>";
        const CSPROJ: &str = "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Dapper\" Version=\"2\" /></ItemGroup></Project>";
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let cases: &[Case] = &[
            ("slog import block", &[("go.mod", GOMOD), ("main.go", "package main\n\nimport (\n\t\"log/slog\"\n\t\"os\"\n)\n\nfunc main() { slog.New(slog.NewJSONHandler(os.Stdout, nil)) }\n")], Status::Pass),
            ("slog single import", &[("go.mod", GOMOD), ("cmd/api/main.go", "package main\n\nimport \"log/slog\"\n")], Status::Pass),
            ("slog commented out", &[("go.mod", GOMOD), ("main.go", "package main\n\n// import \"log/slog\"\nimport \"log\"\n")], Status::Partial),
            ("slog in a test only", &[("go.mod", GOMOD), ("main.go", "package main\n"), ("main_test.go", "package main\n\nimport \"log/slog\"\n")], Status::Partial),
            ("slog in vendor", &[("go.mod", GOMOD), ("vendor/x/y.go", "package y\n\nimport \"log/slog\"\n")], Status::Partial),
            ("zerolog still a package", &[("go.mod", "module x\nrequire github.com/rs/zerolog v1.33.0\n")], Status::Pass),
            ("spring properties", &[("pom.xml", POM), ("src/main/resources/application.properties", "server.port=8080\nlogging.structured.format.console=ecs\n")], Status::Pass),
            ("spring properties commented", &[("pom.xml", POM), ("src/main/resources/application.properties", "#logging.structured.format.console=ecs\n")], Status::Partial),
            ("spring yaml nested", &[("pom.xml", POM), ("src/main/resources/application.yml", "logging:\n  structured:\n    format:\n      console: logstash\n")], Status::Pass),
            ("spring yaml other keys", &[("pom.xml", POM), ("src/main/resources/application.yml", "logging:\n  level:\n    root: info\n")], Status::Partial),
            ("spring env in compose", &[("pom.xml", POM), ("compose.yaml", "services:\n  app:\n    build: .\n    environment:\n      LOGGING_STRUCTURED_FORMAT_CONSOLE: ecs\n")], Status::Pass),
            ("logback logstash encoder", &[("pom.xml", POM), ("src/main/resources/logback-spring.xml", "<configuration><appender name=\"json\" class=\"ch.qos.logback.core.ConsoleAppender\"><encoder class=\"net.logstash.logback.encoder.LogstashEncoder\"/></appender></configuration>")], Status::Pass),
            ("logback pattern encoder", &[("pom.xml", POM), ("src/main/resources/logback.xml", "<configuration><appender name=\"c\" class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%msg%n</pattern></encoder></appender></configuration>")], Status::Partial),
            ("log4j2 json template", &[("pom.xml", POM), ("src/main/resources/log4j2.xml", "<Configuration><Appenders><Console name=\"c\"><JsonTemplateLayout eventTemplateUri=\"classpath:EcsLayout.json\"/></Console></Appenders></Configuration>")], Status::Pass),
            ("aspnet json console", &[("Api.csproj", CSPROJ), ("Program.cs", "var builder = WebApplication.CreateBuilder(args);\nbuilder.Logging.AddJsonConsole();\n")], Status::Pass),
            ("aspnet appsettings", &[("Api.csproj", CSPROJ), ("appsettings.json", "{\"Logging\": {\"Console\": {\"FormatterName\": \"json\"}}}")], Status::Pass),
        ];
        let c = check("observability.structured-logging");
        for (name, files, want) in cases {
            let o = run_check(c.as_ref(), files);
            assert_eq!(o.status, *want, "{name}: {o:?}");
        }
    }

    #[test]
    fn params_extend_the_table() {
        let files = [(
            "go.mod",
            "module x\nrequire github.com/acme/telemetry v1.0.0\n",
        )];
        let c = check("observability.metrics");
        // A miss is a medium-confidence finding: partial, never a gate.
        assert_eq!(run_check(c.as_ref(), &files).status, Status::Partial);
        let params: Params =
            serde_json::from_str(r#"{"packages": {"go": ["github.com/acme/telemetry"]}}"#).unwrap();
        let o = run_with(c.as_ref(), &files, &params, Profile::Service);
        assert_eq!(o.status, Status::Pass, "{o:?}");
        let bad: Params = serde_json::from_str(r#"{"packages": {"cobol": ["x"]}}"#).unwrap();
        assert_eq!(
            run_with(c.as_ref(), &files, &bad, Profile::Service).status,
            Status::Error
        );
    }

    #[test]
    fn custom_dependency_specs_are_validated() {
        for (yaml, ok) in [
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: dependency\npackages:\n  js: [a]\n", true),
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: dependency\n", false),
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: dependency\npackages:\n  cobol: [a]\n", false),
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: file_exists\nany: [a]\npackages:\n  js: [a]\n", false),
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: dependency\npackages:\n  js: [a]\nsignals:\n  - {what: w, files: ['*.js'], pattern: 'x('}\n", false),
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: dependency\npackages:\n  js: [a]\nsignals:\n  - {what: w, files: ['*.js'], pattern: 'x'}\n", true),
            ("id: t.x\ntitle: t\ncategory: deployment\nkind: file_exists\nany: [a]\nsignals:\n  - {what: w, files: ['*.js'], pattern: 'x'}\n", false),
        ] {
            let s: DeclSpec = crate::config::yaml::parse("t.yaml", yaml).unwrap();
            assert_eq!(s.build().is_ok(), ok, "{yaml}");
        }
    }
}
