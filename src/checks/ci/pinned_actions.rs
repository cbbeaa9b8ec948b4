//! `ci.pinned-actions`: third-party actions are pinned to a full commit SHA.
//!
//! A tag or branch can be moved by whoever controls the action's
//! repository (or steals its credentials), and the next run executes the
//! new code with the workflow's secrets, as happened to tj-actions/changed-files
//! in 2025. A 40-hex commit cannot move. Counted: every `uses:` of a step
//! or a job (remote reusable workflows) in workflows and composite actions.
//! Local actions (`./...`) are in the repository and not counted;
//! `docker://` images count as pinned only with an `@sha256:` digest.
//! First-party actions (`actions/*`, `github/*`) pinned to a version tag
//! count at a lower weight (`first_party_weight`, default 0.25): GitHub
//! controls them, and tags there are immutable in practice. A SHA with a
//! version comment (`@<sha> # v4.2.2`) is pinned.

use std::borrow::Cow;

use super::{action_repo, graded, is_ci_file, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct PinnedActions;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.pinned-actions"),
    title: Cow::Borrowed("Third-party actions are pinned to a commit SHA"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows or actions use other actions"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Every `uses:` of a third-party action names a 40-character commit SHA"),
    rationale: Cow::Borrowed(
        "`uses: owner/action@v3` runs whatever the tag points to today. Tags and branches move: a \
         compromised maintainer account can repoint them, and every pipeline using the action then \
         runs the attacker's code with its secrets and token. A full commit SHA cannot be repointed.",
    ),
    remediation: Cow::Borrowed(
        "Pin to the commit and keep the version as a comment, so update tools can still bump it:\n\n\
         ```yaml\n- uses: owner/action@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v3.1.0\n```\n\n\
         `pinact`, `ratchet` or Dependabot/Renovate (with `pinDigests`) automate this. Pin \
         `docker://` images by digest (`docker://alpine@sha256:...`).",
    ),
    passes_when: Cow::Borrowed(
        "every remote `uses:` is pinned to a 40-hex SHA (docker:// by digest); first-party actions \
         pinned to a version tag count at `first_party_weight`; the score is the weighted share pinned",
    ),
    params: Cow::Borrowed(&[(
        Cow::Borrowed("first_party_weight"),
        Cow::Borrowed("weight of a tag-pinned actions/* or github/* reference, from 0 (ignored) to 1 (as strict as third-party); default 0.25"),
    )]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#unpinned-uses"),
    ]),
};

/// How a `uses:` is pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pin {
    Local,
    Sha,
    /// A first-party action on a version tag.
    FirstPartyTag,
    Unpinned,
}

pub(crate) fn pin_of(uses: &str) -> Pin {
    if uses.starts_with("./") || uses.starts_with(".\\") {
        return Pin::Local;
    }
    if let Some(image) = uses.strip_prefix("docker://") {
        return if image.contains("@sha256:") {
            Pin::Sha
        } else {
            Pin::Unpinned
        };
    }
    let Some((_, r)) = uses.split_once('@') else {
        return Pin::Unpinned;
    };
    if r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit()) {
        return Pin::Sha;
    }
    let first_party = action_repo(uses)
        .is_some_and(|repo| repo.starts_with("actions/") || repo.starts_with("github/"));
    let version_tag = r
        .strip_prefix('v')
        .unwrap_or(r)
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if first_party && version_tag {
        Pin::FirstPartyTag
    } else {
        Pin::Unpinned
    }
}

impl Check for PinnedActions {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_ci_file(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        keep_pipeline(content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let fp_weight = ctx
            .params
            .f64_or("first_party_weight", 0.25)
            .clamp(0.0, 1.0);
        let ci = Ci::of(ctx);
        let (mut total, mut pinned, mut n, mut n_pinned) = (0.0f64, 0.0f64, 0usize, 0usize);
        let mut findings = Vec::new();
        for (path, p) in ci.github() {
            let uses = p.jobs.iter().filter(|j| !j.disabled).flat_map(|j| {
                j.calls.iter().chain(
                    j.steps
                        .iter()
                        .filter(|s| !s.disabled)
                        .filter_map(|s| s.uses.as_ref()),
                )
            });
            for u in uses {
                let (weight, ok) = match pin_of(&u.value) {
                    Pin::Local => continue,
                    Pin::Sha => (1.0, true),
                    Pin::FirstPartyTag => (fp_weight, false),
                    Pin::Unpinned => (1.0, false),
                };
                n += 1;
                total += weight;
                if ok {
                    pinned += weight;
                    n_pinned += 1;
                    continue;
                }
                if weight == 0.0 {
                    continue;
                }
                let (rule, msg) = if weight < 1.0 {
                    (
                        "first-party-tag",
                        format!(
                            "`{}` is a first-party action pinned to a tag, not a commit SHA",
                            u.value
                        ),
                    )
                } else {
                    (
                        "unpinned-uses",
                        format!(
                            "`{}` is not pinned to a commit SHA; its tag or branch can be moved",
                            u.value
                        ),
                    )
                };
                findings.push(graded(
                    finding(&META, msg)
                        .rule(rule)
                        .at(path.to_string(), Some(u.line))
                        .matched(&u.value),
                    Sureness::High,
                ));
            }
        }
        if n == 0 {
            return Ok(Outcome::not_applicable(
                "no remote `uses:` in GitHub Actions files",
            ));
        }
        let score = if total > 0.0 { pinned / total } else { 1.0 };
        Ok(parsed(Outcome::fraction(
            score,
            format!("{n_pinned} of {n} action references pinned to a commit SHA"),
        ))
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn pins() {
        let sha = "8f4b7f84864484a7bf31766abe9204da3cbe65b3";
        for (uses, want) in [
            (format!("actions/checkout@{sha}"), Pin::Sha),
            ("actions/checkout@v4".into(), Pin::FirstPartyTag),
            ("actions/checkout@main".into(), Pin::Unpinned),
            (
                "github/codeql-action/init@v3.26.0".into(),
                Pin::FirstPartyTag,
            ),
            ("tj-actions/changed-files@v45".into(), Pin::Unpinned),
            (format!("o/r/.github/workflows/x.yml@{sha}"), Pin::Sha),
            ("./.github/actions/setup".into(), Pin::Local),
            ("docker://alpine:3.20".into(), Pin::Unpinned),
            (format!("docker://alpine@sha256:{sha}{sha}"), Pin::Sha),
            ("owner/repo".into(), Pin::Unpinned),
            (format!("o/r@{}", &sha[..7]), Pin::Unpinned),
        ] {
            assert_eq!(pin_of(&uses), want, "{uses}");
        }
    }

    #[test]
    fn cases() {
        let sha = "8f4b7f84864484a7bf31766abe9204da3cbe65b3";
        let wf = |u: &str| {
            format!("on: push\njobs:\n  a:\n    steps:\n      - uses: {u}\n      - run: x\n")
        };
        let cases: Vec<(&str, String, Status)> = vec![
            ("sha with comment", wf(&format!("some/action@{sha} # v1.2.3")), Status::Pass),
            ("third party tag", wf("some/action@v1"), Status::Fail),
            ("first party tag", format!("on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: o/a@{sha}\n"), Status::Partial),
            ("local only", wf("./.github/actions/x"), Status::NotApplicable),
        ];
        for (name, text, want) in cases {
            expect(
                &PinnedActions,
                name,
                &[(".github/workflows/ci.yml", &text)],
                want,
            );
        }
        let o = expect(
            &PinnedActions,
            "line",
            &[(".github/workflows/ci.yml", &wf("some/action@v1"))],
            Status::Fail,
        );
        assert_eq!(o.findings[0].line, Some(5));
    }
}
