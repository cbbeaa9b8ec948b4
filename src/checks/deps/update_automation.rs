//! `deps.update-automation`: Dependabot or Renovate keeps every ecosystem
//! of the repository up to date.
//!
//! Ecosystems come from manifest names (Cargo.toml, package.json, go.mod,
//! requirements*.txt, pyproject.toml, Gemfile, pom.xml, build.gradle,
//! composer.json, *.csproj, mix.exs, pubspec.yaml, Package.swift), plus
//! Dockerfiles, GitHub Actions workflows and Terraform, outside vendored
//! and fixture trees. Dependabot covers an ecosystem when an `updates:`
//! entry names it with a directory holding one of its manifests (any
//! directory for github-actions); Renovate covers every ecosystem unless
//! `enabledManagers` restricts it. Config: `.github/dependabot.yml`,
//! `renovate.json(5)`, `.github/renovate.json(5)`, `.renovaterc*`, the
//! `renovate` key of the root package.json.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::checks::ci::{graded, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::updates::{
    ecosystem, is_package_ecosystem, is_update_config, UpdateConfig,
};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct UpdateAutomation;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("deps.update-automation"),
    title: Cow::Borrowed("Dependency updates are automated for every ecosystem"),
    // A security control first: it is how vulnerability fixes arrive.
    // OpenSSF Scorecard rates a missing update tool a high risk.
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a package manifest exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Dependabot or Renovate covers each ecosystem present"),
    rationale: Cow::Borrowed(
        "Dependencies left alone fall years behind; the upgrade then becomes a project, and security \
         fixes wait for it (OpenSSF Scorecard rates a missing update tool a high risk). A bot that proposes small, tested updates every week keeps the gap small \
         and makes patching a vulnerable dependency a one-click merge.",
    ),
    remediation: Cow::Borrowed(
        "Add `.github/dependabot.yml` with one `updates:` entry per ecosystem and directory:\n\n```yaml\n\
         version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: /\n    schedule: { interval: weekly }\n\
         \x20 - package-ecosystem: github-actions\n    directory: /\n    schedule: { interval: weekly }\n```\n\n\
         or a `renovate.json` (`{\"extends\": [\"config:recommended\"]}`), which covers every ecosystem it knows.",
    ),
    passes_when: Cow::Borrowed(
        "a Dependabot or Renovate configuration covers every ecosystem present (package managers, \
         Dockerfiles, GitHub Actions, Terraform); the score is the share covered",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference"),
        Cow::Borrowed("https://docs.renovatebot.com/configuration-options/"),
    ]),
};

impl Check for UpdateAutomation {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_update_config(&file.path)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let c = content.model::<UpdateConfig>();
        (*c != UpdateConfig::None).then(|| Box::new((*c).clone()) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut present: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for f in ctx.ws.files() {
            if f.vendored() || f.fixture() {
                continue;
            }
            // Whether a file is a Dockerfile is the workspace's one call
            // (`dockerfile.rs` is source); names decide the rest.
            let eco = match ecosystem(&f.path) {
                Some("docker") | None if f.is(FileKind::Dockerfile) => Some("docker"),
                Some("docker") => None,
                other => other,
            };
            if let Some(eco) = eco {
                present.entry(eco).or_default().push(f.dir().to_string());
            }
        }
        if !present.keys().any(|e| is_package_ecosystem(e)) {
            return Ok(Outcome::not_applicable("no package manifest"));
        }
        let configs: Vec<(&FileEntry, &UpdateConfig)> = ctx.data::<UpdateConfig>().collect();
        let names: Vec<&str> = present.keys().copied().collect();
        if configs.is_empty() {
            return Ok(Outcome::fail("no Dependabot or Renovate configuration")
                .basis(Basis::Present)
                .evidence(format!("ecosystems present: {}", names.join(", ")))
                .evidence("looked for .github/dependabot.yml, renovate.json(5), .github/renovate.json(5), .renovaterc*, package.json `renovate`"));
        }
        let mut findings = Vec::new();
        for (f, c) in &configs {
            if let Some((line, msg)) = c.problem() {
                findings.push(graded(
                    finding(&META, msg.clone())
                        .rule("invalid")
                        .at(f.path.clone(), Some(*line)),
                    Sureness::High,
                ));
            }
        }
        let (first, _) = configs[0];
        let mut covered = Vec::new();
        for (eco, dirs) in &present {
            if configs.iter().any(|(_, c)| c.covers(eco, dirs)) {
                covered.push(*eco);
                continue;
            }
            let mut where_: Vec<String> = dirs
                .iter()
                .map(|d| {
                    if d.is_empty() {
                        "/".to_string()
                    } else {
                        format!("/{d}")
                    }
                })
                .collect();
            where_.sort();
            where_.dedup();
            findings.push(graded(
                finding(
                    &META,
                    format!(
                        "ecosystem `{eco}` ({}) is not covered by {}",
                        where_.into_iter().take(3).collect::<Vec<_>>().join(", "),
                        first.path
                    ),
                )
                .rule("uncovered-ecosystem")
                .at(first.path.clone(), Some(1)),
                Sureness::High,
            ));
        }
        let uncovered: Vec<&str> = names
            .iter()
            .copied()
            .filter(|e| !covered.contains(e))
            .collect();
        let mut o = Outcome::fraction(
            covered.len() as f64 / names.len() as f64,
            format!("{} of {} ecosystems covered", covered.len(), names.len()),
        )
        .basis(Basis::Parsed)
        .evidence(format!(
            "configs: {}",
            configs
                .iter()
                .map(|(f, _)| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !uncovered.is_empty() {
            o = o.evidence(format!("not covered: {}", uncovered.join(", ")));
        }
        Ok(o.findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);

    #[test]
    fn cases() {
        let dep = |ecos: &[&str]| {
            let mut s = "version: 2\nupdates:\n".to_string();
            for e in ecos {
                s.push_str(&format!("  - package-ecosystem: {e}\n    directory: /\n    schedule:\n      interval: weekly\n"));
            }
            s
        };
        let cargo_gha = dep(&["cargo", "github-actions"]);
        let cargo_only = dep(&["cargo"]);
        let cases: Vec<Case> = vec![
            (
                "all covered",
                vec![
                    ("Cargo.toml", "[package]"),
                    (".github/workflows/ci.yml", "on: push"),
                    (".github/dependabot.yml", &cargo_gha),
                ],
                Status::Pass,
            ),
            (
                "partial",
                vec![
                    ("Cargo.toml", "[package]"),
                    (".github/workflows/ci.yml", "on: push"),
                    (".github/dependabot.yml", &cargo_only),
                ],
                Status::Partial,
            ),
            (
                "renovate",
                vec![
                    ("go.mod", "module x"),
                    ("Dockerfile", "FROM x"),
                    ("renovate.json", "{\"extends\": [\"config:recommended\"]}"),
                ],
                Status::Pass,
            ),
            (
                "package.json key",
                vec![(
                    "package.json",
                    "{\"renovate\": {\"extends\": [\"config:base\"]}}",
                )],
                Status::Pass,
            ),
            ("none", vec![("go.mod", "module x")], Status::Fail),
            (
                "no manifest",
                vec![("Dockerfile", "FROM x")],
                Status::NotApplicable,
            ),
            (
                "fixture manifests",
                vec![("fixtures/a/Cargo.toml", "[package]")],
                Status::NotApplicable,
            ),
        ];
        for (name, files, want) in cases {
            expect(&UpdateAutomation, name, &files, want);
        }
        let o = expect(
            &UpdateAutomation,
            "names uncovered",
            &[
                ("Cargo.toml", ""),
                ("web/package.json", "{}"),
                (".github/dependabot.yml", &cargo_only),
            ],
            Status::Partial,
        );
        assert!(
            o.findings
                .iter()
                .any(|f| f.message.contains("`npm` (/web)")),
            "{:?}",
            o.findings
        );
    }
}
