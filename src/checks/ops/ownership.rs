//! `ops.ownership`: every file has an owner, through CODEOWNERS or service
//! catalog metadata.
//!
//! CODEOWNERS is read where code hosts read it (`.github/`, the root,
//! `docs/`, `.gitlab/`, `.bitbucket/`; the first one found is the one in
//! force, as on GitHub). Each rule is a pattern and owners; comments and
//! blank lines are skipped, GitLab `[Section]`, `^[Section][2] @owner`
//! headers are understood (their owners are the default for the section's
//! rules). Owners must be `@user`, `@org/team` (GitLab: `@group/sub/...`,
//! `@@role`) or an email address; a line with an invalid owner is skipped,
//! as GitHub skips it, and reported with its line. A rule with no owners
//! removes ownership of what it matches, and is reported too.
//!
//! Coverage is computed over the repository's files with the last matching
//! rule winning (per section on GitLab), patterns read with gitignore-style
//! semantics: a leading or inner `/` anchors to the root, a trailing `/`
//! matches a directory, `*` stays within one directory, `**` crosses them,
//! and `docs/*` matches the files directly in docs/ only (GitHub's reading).
//! A catch-all rule (`*`, `/`, `/*`, `/**`, `**`) with owners and no later
//! unassignment passes; otherwise the score is the share of files owned.
//!
//! Alternatively, service catalog metadata naming an owner passes:
//! Backstage `catalog-info.yaml` (`spec.owner`), `opslevel.yml` (`owner`),
//! `service.yaml`/`.service.yml` (`owner`), `cortex.yaml`
//! (`x-cortex-owners`), or a root Kubernetes-style `OWNERS` file with
//! `approvers`. These are read line by line, not parsed as YAML.
//!
//! A MAINTAINERS file (root, `docs/` or `.github/`) that names a person by
//! handle, profile link or email earns half: it says who answers for the
//! repository, but routes no review to anyone. It never lowers what
//! CODEOWNERS earns.
//!
//! Limits: whether an owner exists and has write access is not checked
//! (that needs the code host's API).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::formats::codeowners::{self, globs_for, Codeowners, CATCH_ALL};
use globset::{GlobBuilder, GlobSetBuilder};
use regex::Regex;

use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::model::{Basis, Finding, Level, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct Ownership;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ops.ownership"),
    title: Cow::Borrowed("Every file has a named owner"),
    category: Category::Operations,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("CODEOWNERS or catalog metadata names who owns the code"),
    rationale: Cow::Borrowed(
        "When an alert fires or a vulnerability lands, someone has to know whose code it is. Without \
         declared owners, reviews go to whoever is around, incidents bounce between teams, and code \
         outlives the people who understood it. CODEOWNERS also makes the code host request the right \
         reviewers automatically, and lets branch protection require their approval.",
    ),
    remediation: Cow::Borrowed(
        "Add `.github/CODEOWNERS` (or `CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS`) starting \
         with a catch-all rule, then narrower rules; the last matching rule wins:\n\n\
         ```text\n\
         # Before: only some paths owned, and the root owned by nobody\n\
         /src/billing/  @acme/billing\n\n\
         # After\n\
         *              @acme/payments\n\
         /src/billing/  @acme/billing\n\
         /docs/         @acme/payments @acme/tech-writers\n\
         ```\n\n\
         Owners are `@user`, `@org/team` or an email address. Do not leave a rule without owners \
         unless you mean to remove ownership. Teams using a service catalog can instead declare \
         `spec.owner` in Backstage's `catalog-info.yaml` (or `owner` in opslevel.yml / cortex.yaml).",
    ),
    passes_when: Cow::Borrowed(
        "CODEOWNERS has a catch-all rule with valid owners and no rule leaves files unowned, or \
         service catalog metadata names an owner; otherwise the share of files that CODEOWNERS \
         assigns an owner, and at least half when a MAINTAINERS file names people",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners"),
        Cow::Borrowed("https://docs.gitlab.com/user/project/codeowners/"),
        Cow::Borrowed("https://backstage.io/docs/features/software-catalog/descriptor-format/"),
    ]),
};

/// Where CODEOWNERS may live, in the order the first one found wins.
const PLACES: &[&str] = &[".github", "", "docs", ".gitlab", ".bitbucket"];

fn place_rank(file: &FileEntry) -> Option<usize> {
    if !file.is(FileKind::Codeowners) {
        return None;
    }
    let dir = file.dir().to_ascii_lowercase();
    PLACES.iter().position(|p| *p == dir)
}

/// Owner metadata from a service catalog file.
struct CatalogOwner {
    /// (line, what it says), or None when the file names no owner.
    owner: Option<(u32, String)>,
    what: &'static str,
}

/// Owner values that say nobody.
fn placeholder(v: &str) -> bool {
    let v = v.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    v.is_empty()
        || matches!(
            v.as_str(),
            "~" | "null" | "none" | "todo" | "tbd" | "unknown" | "changeme" | "[]"
        )
        || (v.starts_with('<') && v.ends_with('>'))
}

static OWNER_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([ \t]*)owner:[ \t]*([^#\n]*)").expect("static regex"));

/// The kind of catalog file, if `file` is one.
fn catalog_kind(file: &FileEntry) -> Option<&'static str> {
    if file.vendored() || file.fixture() {
        return None;
    }
    let name = file.name().to_ascii_lowercase();
    let root = file.depth() == 0;
    match name.as_str() {
        "catalog-info.yaml" | "catalog-info.yml" if file.depth() <= 2 => {
            Some("Backstage catalog-info")
        }
        "opslevel.yml" | "opslevel.yaml" if root => Some("OpsLevel"),
        "service.yaml" | "service.yml" | ".service.yml" | ".service.yaml" if root => {
            Some("service descriptor")
        }
        "cortex.yaml" | "cortex.yml" if root => Some("Cortex"),
        "owners" if root => Some("OWNERS"),
        "maintainers" | "maintainers.md" | "maintainers.txt" | "maintainers.rst"
            if root || matches!(file.dir(), "docs" | ".github") =>
        {
            Some(MAINTAINERS)
        }
        _ => None,
    }
}

/// A MAINTAINERS file names the people answerable for the repository as a
/// whole, but routes no review to them: half the credit of CODEOWNERS.
const MAINTAINERS: &str = "MAINTAINERS";

/// A person named in a MAINTAINERS file: a code host handle, a profile
/// link or an email address.
static MAINTAINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[<|,])(@[A-Za-z0-9][A-Za-z0-9-]{0,38}\b|github\.com/[A-Za-z0-9][A-Za-z0-9-]{0,38}\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
        .expect("static regex")
});

fn catalog_owner(kind: &str, text: &str) -> Option<(u32, String)> {
    let line_of = |off: usize| crate::workspace::line_of(text, off);
    match kind {
        MAINTAINERS => MAINTAINER.captures(text).and_then(|c| {
            let m = c.get(1)?;
            Some((line_of(m.start()), format!("names {}", m.as_str())))
        }),
        "Cortex" => {
            list_after(text, "x-cortex-owners:").map(|(l, v)| (l, format!("x-cortex-owners: {v}")))
        }
        "OWNERS" => list_after(text, "approvers:").map(|(l, v)| (l, format!("approvers: {v}"))),
        _ => OWNER_KEY.captures_iter(text).find_map(|c| {
            let indent = c[1].len();
            let value = c[2].trim();
            // Backstage's owner sits under `spec:`, so it is indented.
            let ok = !placeholder(value) && (kind != "Backstage catalog-info" || indent > 0);
            ok.then(|| {
                (
                    line_of(c.get(0).map_or(0, |m| m.start()) + indent),
                    format!("owner: {value}"),
                )
            })
        }),
    }
}

/// The first item of the YAML list under `key` (block or flow style).
fn list_after(text: &str, key: &str) -> Option<(u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let i = lines.iter().position(|l| l.trim_start().starts_with(key))?;
    let inline = lines[i].trim_start()[key.len()..].trim();
    if inline.starts_with('[') {
        let first = inline.trim_matches(['[', ']']).split(',').next()?.trim();
        return (!placeholder(first)).then(|| (i as u32 + 1, first.to_string()));
    }
    let item = lines[i + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let v = item.strip_prefix('-')?.trim();
    // `- name: payments` (a mapping item): the value decides.
    let value = v.split_once(':').map_or(v, |(_, rest)| rest);
    (!placeholder(value)).then(|| (i as u32 + 1, v.to_string()))
}

impl Check for Ownership {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        place_rank(file).is_some() || catalog_kind(file).is_some()
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if place_rank(file).is_some() {
            return Some(Box::new(codeowners::parse(content.text())));
        }
        let what = catalog_kind(file)?;
        Some(Box::new(CatalogOwner {
            owner: catalog_owner(what, content.text()),
            what,
        }))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let meta = ctx.meta;
        let catalogs: Vec<(&FileEntry, &CatalogOwner)> = ctx.data::<CatalogOwner>().collect();
        let owned_by_catalog = catalogs
            .iter()
            .filter(|(_, c)| c.what != MAINTAINERS)
            .find_map(|(f, c)| c.owner.as_ref().map(|o| (f, c.what, o)));
        let maintainers = catalogs
            .iter()
            .filter(|(_, c)| c.what == MAINTAINERS)
            .find_map(|(f, c)| c.owner.as_ref().map(|(line, text)| (f, *line, text)));
        let mut files: Vec<(&FileEntry, &Codeowners)> = ctx.data::<Codeowners>().collect();
        files.sort_by_key(|(f, _)| place_rank(f));

        let codeowners = files.first().map(|(f, co)| judge(meta, ctx, f, co));
        let mut evidence = Vec::new();
        if files.len() > 1 {
            evidence.push(format!(
                "{} is the CODEOWNERS in force; {} {} ignored",
                files[0].0.path,
                files[1..]
                    .iter()
                    .map(|(f, _)| f.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                if files.len() > 2 { "are" } else { "is" }
            ));
        }

        if let Some((f, what, (line, text))) = owned_by_catalog {
            let mut o = Outcome::pass(format!("{what} names an owner ({}:{line})", f.path))
                .basis(Basis::Parsed)
                .evidence(format!("{}:{line} ({what}): {text}", f.path));
            if let Some(c) = codeowners {
                // Ownership is declared; CODEOWNERS problems stay visible as notes.
                o = o.evidence(format!("also: {}", c.summary)).findings(
                    c.findings
                        .into_iter()
                        .map(|f| f.level(Level::Info))
                        .collect(),
                );
            }
            return Ok(o.evidences(evidence));
        }
        let without_owner: Vec<String> = catalogs
            .iter()
            .filter(|(_, c)| c.owner.is_none())
            .map(|(f, c)| format!("{} ({}) names no owner", f.path, c.what))
            .collect();
        let named = maintainers.map(|(f, line, text)| {
            format!(
                "{}:{line} {text}: maintainers are named, but no CODEOWNERS routes files to them",
                f.path
            )
        });
        match (codeowners, named) {
            // More evidence never scores lower: named maintainers are worth
            // half, however little of the tree CODEOWNERS covers.
            (Some(c), named) => {
                let floor = if named.is_some() { 0.5 } else { 0.0 };
                Ok(Outcome::fraction(c.score.max(floor), c.summary)
                    .basis(Basis::Parsed)
                    .evidences(evidence)
                    .evidences(c.evidence)
                    .evidences(named)
                    .evidences(without_owner)
                    .findings(c.findings))
            }
            (None, Some(named)) => Ok(Outcome::fraction(
                0.5,
                "a MAINTAINERS file names the owners; add CODEOWNERS to route reviews",
            )
            .basis(Basis::Parsed)
            .evidence(named)),
            (None, None) => Ok(Outcome::fail("no CODEOWNERS or catalog owner")
                .evidence(
                    "looked for CODEOWNERS in the root, .github/, docs/, .gitlab/, .bitbucket/, and for \
                     catalog-info.yaml (spec.owner), opslevel.yml, service.yaml, cortex.yaml, OWNERS (approvers), MAINTAINERS",
                )
                .evidences(without_owner)),
        }
    }
}

struct Judged {
    score: f64,
    summary: String,
    evidence: Vec<String>,
    findings: Vec<Finding>,
}

fn judge(meta: &CheckMeta, ctx: &CheckContext<'_>, file: &FileEntry, co: &Codeowners) -> Judged {
    let path = &file.path;
    let findings: Vec<Finding> = co
        .problems
        .iter()
        .map(|(line, rule, msg)| {
            finding(meta, msg.clone())
                .rule(*rule)
                .at(path.clone(), Some(*line))
                .level(if *rule == "no-owners" {
                    Level::Info
                } else {
                    Level::Error
                })
        })
        .collect();
    if co.rules.is_empty() {
        return Judged {
            score: 0.0,
            summary: format!("{path} has no rules"),
            evidence: vec![format!(
                "{path} is empty or holds only comments and invalid lines"
            )],
            findings,
        };
    }

    // One glob set over all rules; the last matching rule of each section wins.
    let mut b = GlobSetBuilder::new();
    let mut owner_of_glob = Vec::new();
    for (ri, r) in co.rules.iter().enumerate() {
        for g in globs_for(&r.pattern) {
            if let Ok(glob) = GlobBuilder::new(&g).literal_separator(true).build() {
                b.add(glob);
                owner_of_glob.push(ri);
            }
        }
    }
    let set = b.build().ok();
    let listed: Vec<&FileEntry> = ctx.ws.files().iter().collect();
    let mut all: Vec<&FileEntry> = Vec::new();
    let mut unowned: Vec<&str> = Vec::new();
    let mut unassigned = 0usize;
    for f in &listed {
        let mut last: BTreeMap<usize, usize> = BTreeMap::new();
        if let Some(set) = &set {
            for gi in set.matches(&f.path) {
                let ri = owner_of_glob[gi];
                let e = last.entry(co.rules[ri].section).or_insert(ri);
                *e = (*e).max(ri);
            }
        }
        let owned = last.values().any(|ri| !co.rules[*ri].owners.is_empty());
        // A rule with no owners is how CODEOWNERS says "nobody reviews
        // these on purpose" (generated files, lockfiles): a choice, not a
        // gap, so those files leave the count.
        if !owned && !last.is_empty() {
            unassigned += 1;
            continue;
        }
        all.push(f);
        if !owned {
            unowned.push(&f.path);
        }
    }
    let total = all.len().max(1);
    let owned = all.len() - unowned.len();
    let coverage = owned as f64 / total as f64;
    let catch_all = co
        .rules
        .iter()
        .find(|r| CATCH_ALL.contains(&r.pattern.as_str()) && !r.owners.is_empty());

    let mut evidence = Vec::new();
    match catch_all {
        Some(r) => evidence.push(format!(
            "catch-all rule at {path}:{} (`{} {}`)",
            r.line,
            r.pattern,
            r.owners.join(" ")
        )),
        None => evidence.push(format!(
            "{path}: no catch-all rule (`*`), so files outside the listed paths have no owner"
        )),
    }
    evidence.push(format!(
        "{owned} of {} files have an owner ({} rules)",
        all.len(),
        co.rules.len()
    ));
    if unassigned > 0 {
        evidence.push(format!(
            "{unassigned} file(s) deliberately left without owners by rules that name none"
        ));
    }
    if !unowned.is_empty() {
        evidence.push(format!(
            "unowned: {}{}",
            unowned
                .iter()
                .take(8)
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            if unowned.len() > 8 { ", ..." } else { "" }
        ));
    }
    let (score, summary) = match (catch_all, unowned.is_empty()) {
        (Some(_), true) => (1.0, format!("{path} owns every file")),
        (Some(_), false) => (
            coverage,
            format!(
                "{path}: {} of {} files left without owners by later rules",
                unowned.len(),
                all.len()
            ),
        ),
        // Explicit rules that happen to cover today's files leave tomorrow's unowned.
        (None, _) => (
            coverage.min(0.9),
            format!(
                "{path}: {owned} of {} files owned, no catch-all rule",
                all.len()
            ),
        ),
    };
    Judged {
        score,
        summary,
        evidence,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn pattern_semantics() {
        let matches = |pat: &str, path: &str| {
            let mut b = GlobSetBuilder::new();
            for g in globs_for(pat) {
                b.add(
                    GlobBuilder::new(&g)
                        .literal_separator(true)
                        .build()
                        .unwrap(),
                );
            }
            b.build().unwrap().is_match(path)
        };
        let cases = [
            ("*", "a/b/c.rs", true),
            ("/*", "a/b/c.rs", true),
            ("*.js", "web/src/app.js", true),
            ("*.js", "web/src/app.ts", false),
            ("/build/logs/", "build/logs/x/y.log", true),
            ("/build/logs/", "src/build/logs/y.log", false),
            ("apps/", "src/apps/x.go", true),
            ("docs/*", "docs/a.md", true),
            ("docs/*", "docs/sub/a.md", false),
            ("/docs/", "docs/sub/a.md", true),
            ("src/api", "src/api/handler.go", true),
            ("src/api", "lib/src/api/handler.go", false),
            ("**/logs", "a/b/logs/x", true),
            ("README.md", "sub/README.md", true),
        ];
        for (pat, path, want) in cases {
            assert_eq!(matches(pat, path), want, "{pat} vs {path}");
        }
    }

    #[test]
    fn codeowners_cases() {
        let files = |co: &'static str| -> Vec<(&'static str, &'static str)> {
            vec![
                (".github/CODEOWNERS", co),
                ("src/main.go", "x"),
                ("docs/a.md", "x"),
                ("README.md", "x"),
            ]
        };
        let o = expect(
            &Ownership,
            "catch-all",
            &files("# owners\n\n* @acme/payments\n/docs/ @acme/writers\n"),
            Status::Pass,
        );
        assert!(
            o.evidence[0].contains(".github/CODEOWNERS:3"),
            "{:?}",
            o.evidence
        );
        expect(
            &Ownership,
            "email owner",
            &files("/** dev@acme.example\n"),
            Status::Pass,
        );
        let o = expect(
            &Ownership,
            "no root",
            &files("/src/ @acme/backend\n"),
            Status::Partial,
        );
        assert!(
            o.summary.contains("1 of 4 files owned, no catch-all"),
            "{}",
            o.summary
        );
        assert!(
            o.evidence
                .iter()
                .any(|e| e.contains("unowned:") && e.contains("README.md")),
            "{:?}",
            o.evidence
        );
        let o = expect(
            &Ownership,
            "deliberately unassigned by a later rule",
            &files("* @acme/payments\n/docs/\n"),
            Status::Pass,
        );
        assert_eq!(o.findings[0].rule.as_deref(), Some("no-owners"));
        assert_eq!(o.findings[0].line, Some(2));
        let o = expect(
            &Ownership,
            "invalid owner skips the line",
            &files("* payments-team\n"),
            Status::Fail,
        );
        assert_eq!(o.findings[0].rule.as_deref(), Some("invalid-owner"));
        expect(&Ownership, "empty", &files("# nothing yet\n"), Status::Fail);
        expect(
            &Ownership,
            "rules match nothing",
            &files("/nonexistent/ @a\n"),
            Status::Fail,
        );
        expect(&Ownership, "missing", &[("README.md", "x")], Status::Fail);
        expect(
            &Ownership,
            "gitlab sections",
            &files("[Backend][2] @acme/backend\n*\n^[Docs] @acme/writers\n/docs/\n"),
            Status::Pass,
        );
        expect(
            &Ownership,
            "inline comment",
            &files("* @acme/payments # the default\n"),
            Status::Pass,
        );
        let o = expect(
            &Ownership,
            "first place wins",
            &[
                (".github/CODEOWNERS", "/src/ @a\n"),
                ("CODEOWNERS", "* @b\n"),
                ("src/x", ""),
            ],
            Status::Partial,
        );
        assert!(
            o.evidence[0].contains("CODEOWNERS is ignored"),
            "{:?}",
            o.evidence
        );
    }

    #[test]
    fn catalog_cases() {
        let o = expect(
            &Ownership,
            "backstage",
            &[("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  owner: team-payments\n")],
            Status::Pass,
        );
        assert!(
            o.evidence[0]
                .contains("catalog-info.yaml:7 (Backstage catalog-info): owner: team-payments"),
            "{:?}",
            o.evidence
        );
        expect(
            &Ownership,
            "backstage placeholder",
            &[("catalog-info.yaml", "spec:\n  owner: <team>\n")],
            Status::Fail,
        );
        expect(
            &Ownership,
            "opslevel",
            &[(
                "opslevel.yml",
                "version: 1\nservice:\n  name: x\n  owner: payments\n",
            )],
            Status::Pass,
        );
        expect(
            &Ownership,
            "service yaml",
            &[(".service.yml", "owner: payments\n")],
            Status::Pass,
        );
        expect(
            &Ownership,
            "cortex",
            &[(
                "cortex.yaml",
                "info:\n  x-cortex-owners:\n    - type: group\n      name: payments\n",
            )],
            Status::Pass,
        );
        expect(
            &Ownership,
            "k8s owners",
            &[("OWNERS", "approvers:\n  - alice\n  - bob\n")],
            Status::Pass,
        );
        let o = expect(
            &Ownership,
            "a MAINTAINERS file names people: half",
            &[(
                "MAINTAINERS.md",
                "# Maintainers\n\n* Alice <alice@example.org>\n",
            )],
            Status::Partial,
        );
        assert!(
            o.evidence[0].starts_with("MAINTAINERS.md:3 names alice@example.org"),
            "{:?}",
            o.evidence
        );
        expect(
            &Ownership,
            "a MAINTAINERS file naming nobody",
            &[("MAINTAINERS", "Looking for maintainers!\n")],
            Status::Fail,
        );
        expect(
            &Ownership,
            "a MAINTAINERS file deep in the tree is a component's",
            &[("vendor/lib/MAINTAINERS", "@alice\n")],
            Status::Fail,
        );
        let o = expect(
            &Ownership,
            "named maintainers lift a CODEOWNERS that covers little",
            &[
                ("MAINTAINERS", "@alice\n"),
                ("CODEOWNERS", "/docs/ @bob\n"),
                ("src/a.go", "package a\n"),
                ("src/b.go", "package b\n"),
                ("src/c.go", "package c\n"),
            ],
            Status::Partial,
        );
        assert!((o.score - 0.5).abs() < 1e-9, "{}", o.score);
        expect(
            &Ownership,
            "k8s owners empty",
            &[("OWNERS", "approvers: []\n")],
            Status::Fail,
        );
        expect(
            &Ownership,
            "nested service.yaml is a k8s manifest",
            &[("k8s/service.yaml", "metadata:\n  owner: x\n")],
            Status::Fail,
        );
        let o = expect(
            &Ownership,
            "catalog beats a partial CODEOWNERS",
            &[
                ("catalog-info.yaml", "spec:\n  owner: payments\n"),
                ("CODEOWNERS", "/src/\n"),
            ],
            Status::Pass,
        );
        assert!(
            o.findings.iter().all(|f| f.level == Level::Info),
            "{:?}",
            o.findings
        );
    }
}
