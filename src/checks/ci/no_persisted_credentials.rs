//! `ci.no-persisted-credentials`: `actions/checkout` does not leave the
//! token in `.git/config` of jobs that upload artifacts or run untrusted
//! code.
//!
//! By default checkout writes the job's GITHUB_TOKEN into `.git/config`,
//! where every later step can read it. Two cases turn that into a leak: an
//! artifact uploaded from the workspace root (`path: .`, `*`, `**` or
//! `${{ github.workspace }}`) ships `.git/config` to anyone who can
//! download artifacts, and code from a pull request run in a privileged
//! job (`pull_request_target`, `workflow_run`) reads the token directly.
//! Uploading a build directory (`dist/`) does not include `.git` and is
//! not flagged.

use std::borrow::Cow;

use super::{action_repo, graded, is_checkout, is_ci_file, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::{kv_get, Step};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct NoPersistedCredentials;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.no-persisted-credentials"),
    title: Cow::Borrowed("Checkout does not persist the token where it can leak"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows check out code"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("persist-credentials: false where a job uploads the tree or runs PR code"),
    rationale: Cow::Borrowed(
        "actions/checkout stores the job's token in `.git/config` unless told not to. A workspace \
         uploaded as an artifact then carries the token to anyone who can download it, and pull \
         request code run in a privileged job can read it and push to the repository.",
    ),
    remediation: Cow::Borrowed(
        "Set `persist-credentials: false` on the checkout, and pass a token explicitly to the one \
         step that pushes:\n\n```yaml\n- uses: actions/checkout@<sha>\n  with:\n    persist-credentials: false\n```\n\n\
         Upload only the build output directory, never the workspace root.",
    ),
    passes_when: Cow::Borrowed(
        "every checkout in a job that uploads the workspace root as an artifact, or runs on \
         `pull_request_target`/`workflow_run`, sets `persist-credentials: false`",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://github.com/actions/checkout#usage"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#artipacked"),
    ]),
};

fn persists(step: &Step) -> bool {
    kv_get(&step.with, "persist-credentials")
        .is_none_or(|k| !k.value.trim().eq_ignore_ascii_case("false"))
}

/// An upload whose path can include `.git/`.
fn uploads_root(step: &Step) -> Option<u32> {
    let u = step.uses.as_ref()?;
    if action_repo(&u.value).as_deref() != Some("actions/upload-artifact") {
        return None;
    }
    let path = kv_get(&step.with, "path")
        .map(|k| k.value.clone())
        .unwrap_or_default();
    let root = path.is_empty()
        || path.lines().any(|p| {
            let p = p.trim().trim_start_matches('!');
            matches!(
                p,
                "." | "./"
                    | "*"
                    | "**"
                    | "./*"
                    | "./**"
                    | "**/*"
                    | "${{ github.workspace }}"
                    | "${{github.workspace}}"
            ) || p.starts_with("${{ github.workspace }}/*")
                || p == "$GITHUB_WORKSPACE"
        });
    root.then_some(u.line)
}

impl Check for NoPersistedCredentials {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a checkout may never expose its token).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

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
        let ci = Ci::of(ctx);
        let (mut checkouts, mut risky, mut safe) = (0usize, 0usize, 0usize);
        let mut findings = Vec::new();
        for (path, p) in ci.workflows() {
            let privileged = p.has_trigger("pull_request_target") || p.has_trigger("workflow_run");
            for job in p.live_jobs() {
                let steps: Vec<&Step> = job.live_steps().collect();
                for (i, step) in steps.iter().enumerate().filter(|(_, s)| is_checkout(s)) {
                    checkouts += 1;
                    let later = &steps[i + 1..];
                    let upload = later.iter().find_map(|s| uploads_root(s));
                    let reason = match (upload, privileged) {
                        (Some(line), _) => Some(format!(
                            "the workspace root is uploaded as an artifact at line {line}"
                        )),
                        (None, true) => Some(format!(
                            "the workflow runs on {} with the base repository's token",
                            if p.has_trigger("pull_request_target") {
                                "pull_request_target"
                            } else {
                                "workflow_run"
                            }
                        )),
                        _ => None,
                    };
                    let Some(reason) = reason else { continue };
                    risky += 1;
                    if !persists(step) {
                        safe += 1;
                        continue;
                    }
                    let line = step.uses.as_ref().map_or(step.line, |u| u.line);
                    findings.push(graded(
                        finding(&META, format!("checkout in job `{}` keeps the token in .git/config, and {reason}; set `persist-credentials: false`", job.id))
                            .rule("artipacked")
                            .at(path.to_string(), Some(line)),
                        Sureness::High,
                    ));
                }
            }
        }
        if checkouts == 0 {
            return Ok(Outcome::not_applicable(
                "no actions/checkout in GitHub Actions workflows",
            ));
        }
        if risky == 0 {
            return Ok(parsed(Outcome::pass(format!(
                "{checkouts} checkout(s); no job uploads the workspace root or runs pull request code"
            ))));
        }
        Ok(parsed(Outcome::fraction(
            safe as f64 / risky as f64,
            format!("{safe} of {risky} exposed checkouts drop the token"),
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
    fn cases() {
        let wf = |on: &str, co_with: &str, upload: &str| {
            format!("on: {on}\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n{co_with}      - run: make\n      - uses: actions/upload-artifact@v4\n        with:\n          path: {upload}\n")
        };
        let off = "        with:\n          persist-credentials: false\n";
        let cases: Vec<(&str, String, Status)> = vec![
            ("uploads root", wf("push", "", "."), Status::Fail),
            (
                "uploads root, no persist",
                wf("push", off, "."),
                Status::Pass,
            ),
            ("uploads dist", wf("push", "", "dist/"), Status::Pass),
            (
                "privileged trigger",
                wf("pull_request_target", "", "dist/"),
                Status::Fail,
            ),
            (
                "no checkout",
                "on: push\njobs:\n  a:\n    steps: [{run: x}]\n".to_string(),
                Status::NotApplicable,
            ),
        ];
        for (name, text, want) in cases {
            expect(
                &NoPersistedCredentials,
                name,
                &[(".github/workflows/a.yml", &text)],
                want,
            );
        }
    }
}
