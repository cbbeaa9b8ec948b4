//! `ci.security-scanning`: CI runs a dependency audit or static security
//! analysis (cargo audit/deny, npm audit, pip-audit, osv-scanner, trivy,
//! grype, snyk, CodeQL, semgrep, gosec, govulncheck, bandit, brakeman,
//! zizmor, gitleaks, trufflehog...), as a command, an action, a GitLab
//! security template include, or through a repository script; or a
//! dependency bot is configured (`.github/dependabot.yml`, Renovate's
//! `renovate.json`...), whose pull requests answer known-vulnerable
//! dependencies without any CI.
//!
//! Without any CI configuration and without a dependency bot the check
//! fails: nothing in the repository scans anything, which is the absence
//! of the control, not a reason to leave it out of the score (a repository
//! with no CI used to score on security only by what it did not do wrong).
//!
//! Limits: scanners enabled outside the repository (GitHub's default
//! CodeQL setup, a Snyk app) are invisible here; a fail says "not in CI".

use std::borrow::Cow;

use super::{
    keep_with_scripts, outcome_of_search, parsed, runnable, search, wants_with_scripts, Ci,
};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::ci::commands::Purpose;
use crate::model::{Outcome, Status};
use crate::workspace::{Content, FileEntry};

pub struct SecurityScanning;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.security-scanning"),
    title: Cow::Borrowed("CI scans dependencies or code for vulnerabilities"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A dependency audit or SAST runs in CI, or a dependency bot is configured"),
    rationale: Cow::Borrowed(
        "Most exploited vulnerabilities are in dependencies with a published advisory and a fixed \
         version. An audit in CI (or Dependabot's security updates) turns an advisory into a failing \
         build or a pull request the day it is published, instead of an incident months later.",
    ),
    remediation: Cow::Borrowed(
        "Add a scanner for your ecosystem: `cargo deny check` or `cargo audit`, `npm audit \
         --audit-level=high`, `pip-audit`, `govulncheck ./...`, `osv-scanner`, `trivy fs .`, or the \
         CodeQL workflow (`github/codeql-action`). On GitLab, include `Security/SAST.gitlab-ci.yml` \
         and `Security/Dependency-Scanning.gitlab-ci.yml`. Or enable Dependabot with \
         `.github/dependabot.yml` (or Renovate), which needs no CI at all.",
    ),
    passes_when: Cow::Borrowed(
        "a step that can run invokes a known dependency audit or SAST tool or action, a GitLab \
         security template is included, or a Dependabot or Renovate configuration exists; a \
         repository with neither CI nor a dependency bot fails",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://owasp.org/www-project-top-ten/2017/A9_2017-Using_Components_with_Known_Vulnerabilities"),
        Cow::Borrowed("https://docs.github.com/en/code-security/dependabot/dependabot-security-updates/about-dependabot-security-updates"),
    ]),
};

/// Dependency bots whose pull requests answer advisories: Dependabot's
/// security updates, Renovate's vulnerability alerts (on by default).
const BOT_CONFIGS: &[&str] = &[
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
];

impl Check for SecurityScanning {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wants_with_scripts(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        keep_with_scripts(file, content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let ci = Ci::of(ctx);
        let roots = runnable(&ci);
        let dependabot = BOT_CONFIGS
            .iter()
            .copied()
            .find(|p| ctx.ws.get(p).is_some());
        if roots.is_empty() {
            return Ok(match dependabot {
                Some(path) => parsed(Outcome::pass(format!(
                    "a dependency bot is configured ({path}), with no CI"
                )))
                .evidence(format!(
                    "{path}: the bot raises pull requests for vulnerable dependencies"
                )),
                None => parsed(Outcome::fail(
                    "no CI configuration and no dependency bot: nothing scans dependencies or code",
                ))
                .evidence(
                    "looked for a CI configuration (see ci.present) and a Dependabot or Renovate configuration",
                ),
            });
        }
        let s = search(&ci, Purpose::Security);
        let o = outcome_of_search(
            ctx,
            &s,
            &roots,
            Purpose::Security,
            "cargo audit/deny, npm audit, pip-audit, osv-scanner, trivy, grype, snyk, CodeQL, semgrep, gosec, govulncheck, bandit, brakeman, GitLab security templates",
        );
        Ok(match (o.status, dependabot) {
            (Status::Pass, _) | (_, None) => o,
            (_, Some(path)) => parsed(Outcome::pass(format!(
                "a dependency bot is configured ({path})"
            )))
            .evidence(format!(
                "{path}: the bot raises pull requests for vulnerable dependencies"
            ))
            .evidences(o.evidence),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;

    type Case<'a> = (&'a str, Vec<(&'a str, String)>, Status);

    #[test]
    fn cases() {
        let wf =
            |s: &str| format!("on: push\njobs:\n  s:\n    runs-on: x\n    steps:\n      - {s}\n");
        let cases: Vec<Case> = vec![
            (
                "cargo deny",
                vec![(".github/workflows/ci.yml", wf("run: cargo deny check"))],
                Status::Pass,
            ),
            (
                "codeql",
                vec![(
                    ".github/workflows/codeql.yml",
                    wf("uses: github/codeql-action/analyze@v3"),
                )],
                Status::Pass,
            ),
            (
                "gitlab template",
                vec![(
                    ".gitlab-ci.yml",
                    "include:\n  - template: Jobs/SAST.gitlab-ci.yml\nt:\n  script: [make]\n"
                        .into(),
                )],
                Status::Pass,
            ),
            (
                "dependabot",
                vec![
                    (".github/workflows/ci.yml", wf("run: make")),
                    (".github/dependabot.yml", "version: 2\nupdates: []\n".into()),
                ],
                Status::Pass,
            ),
            (
                "installed not run",
                vec![(
                    ".github/workflows/ci.yml",
                    wf("run: cargo install cargo-audit"),
                )],
                Status::Fail,
            ),
            (
                "none",
                vec![(".github/workflows/ci.yml", wf("run: cargo test"))],
                Status::Fail,
            ),
            // No CI at all is the absence of the control, not its
            // irrelevance; a dependency bot needs no CI.
            (
                "no ci, no bot",
                vec![("app.py", "print('hi')\n".into())],
                Status::Fail,
            ),
            (
                "no ci, dependabot",
                vec![
                    ("app.py", "print('hi')\n".into()),
                    (".github/dependabot.yml", "version: 2\nupdates: []\n".into()),
                ],
                Status::Pass,
            ),
            (
                "no ci, renovate",
                vec![
                    ("app.py", "print('hi')\n".into()),
                    (
                        "renovate.json",
                        "{\"extends\": [\"config:recommended\"]}".into(),
                    ),
                ],
                Status::Pass,
            ),
            (
                "ci without scanner, renovate",
                vec![
                    (".github/workflows/ci.yml", wf("run: make")),
                    (".github/renovate.json", "{}".into()),
                ],
                Status::Pass,
            ),
        ];
        for (name, files, want) in cases {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (*p, c.as_str())).collect();
            expect(&SecurityScanning, name, &files, want);
        }
    }

    /// No cliffs: each step adds evidence of a control, and the check's
    /// credit never falls along the way (no CI, CI without a scanner, a
    /// dependency bot, a scanner in CI).
    #[test]
    fn more_controls_never_score_lower() {
        let wf =
            |s: &str| format!("on: push\njobs:\n  s:\n    runs-on: x\n    steps:\n      - {s}\n");
        let bot = (
            ".github/dependabot.yml",
            "version: 2\nupdates: []\n".to_string(),
        );
        let chains: Vec<Vec<Vec<(&str, String)>>> = vec![
            vec![
                vec![("app.py", "x = 1\n".into())],
                vec![("app.py", "x = 1\n".into()), bot.clone()],
                vec![
                    ("app.py", "x = 1\n".into()),
                    bot.clone(),
                    (".github/workflows/ci.yml", wf("run: make")),
                ],
            ],
            vec![
                vec![("app.py", "x = 1\n".into())],
                vec![
                    ("app.py", "x = 1\n".into()),
                    (".github/workflows/ci.yml", wf("run: make")),
                ],
                vec![
                    ("app.py", "x = 1\n".into()),
                    (".github/workflows/ci.yml", wf("run: make")),
                    (".github/workflows/audit.yml", wf("run: pip-audit")),
                ],
            ],
        ];
        for chain in chains {
            let mut last = -1.0;
            for files in chain {
                let files: Vec<(&str, &str)> =
                    files.iter().map(|(p, c)| (*p, c.as_str())).collect();
                let o = crate::checks::test_support::run_check(&SecurityScanning, &files);
                assert!(o.credit() >= last, "{files:?}: {} < {last}", o.credit());
                last = o.credit();
            }
        }
    }
}
