//! Declarative checks from YAML: `file_exists`, `file_absent` and `content`.
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
//! ```

use std::borrow::Cow;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::globs::expand_glob;
use crate::model::{Basis, Finding, Level, Outcome};
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
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
        }
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
        };
        Ok(DeclarativeCheck {
            meta: CheckMeta {
                id,
                title: Cow::Owned(self.title.clone()),
                category: self.category,
                severity: self.severity,
                profiles: Cow::Owned(self.profiles.clone()),
                applies_when: Cow::Borrowed(match self.kind {
                    Kind::Content => "files match its `files` globs",
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
                params: Cow::Borrowed(&[]),
                references: Cow::Borrowed(&[]),
            },
            kind: self.kind,
            globs,
            all,
            must_match: regex(&self.must_match)?,
            must_not_match: regex(&self.must_not_match)?,
        })
    }
}

pub struct DeclarativeCheck {
    meta: CheckMeta,
    kind: Kind,
    globs: Vec<(String, GlobSet)>,
    all: bool,
    must_match: Option<Regex>,
    must_not_match: Option<Regex>,
}

/// What a content check keeps per file.
struct ContentResult {
    matched: bool,
    violations: Vec<(u32, String)>,
}

impl DeclarativeCheck {
    fn matches(&self, path: &str) -> bool {
        self.globs.iter().any(|(_, g)| g.is_match(path))
    }
}

impl Check for DeclarativeCheck {
    fn meta(&self) -> &CheckMeta {
        &self.meta
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        self.kind == Kind::Content && self.matches(&file.path)
    }

    /// `content` and `file_absent` judge each matching file on its own;
    /// `file_exists` needs the whole tree.
    fn per_file(&self) -> bool {
        matches!(self.kind, Kind::Content | Kind::FileAbsent)
    }

    fn inspect(&self, _file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
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
