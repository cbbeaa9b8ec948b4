//! `ci.no-cache-poisoning`: release workflows do not restore caches.
//!
//! GitHub Actions caches are shared across a repository's workflows: a
//! cache written by a pull request or a less-trusted workflow on the
//! default branch can be restored by the release workflow, and a poisoned
//! dependency or compiler cache then ends up in the published artifact. A
//! release workflow is one triggered by `release`, or by a `push` of tags.
//! Cache restores are `actions/cache` (and `actions/cache/restore`),
//! `setup-*` actions with a `cache:` input, `ruby/setup-ruby` with
//! `bundler-cache`, `Swatinem/rust-cache`, `astral-sh/setup-uv` with
//! `enable-cache`, and `actions/setup-go` (which caches by default unless
//! `cache: false`). A restore in a job that publishes is graded high;
//! elsewhere in a release workflow, medium.

use std::borrow::Cow;

use super::{action_repo, graded, is_ci_file, job_deploys, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::{kv_get, Pipeline, Step};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct NoCachePoisoning;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.no-cache-poisoning"),
    title: Cow::Borrowed("Release workflows do not restore shared caches"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a GitHub Actions workflow runs on releases or tags"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Tag- and release-triggered workflows build without restoring caches"),
    rationale: Cow::Borrowed(
        "Caches are shared between a repository's workflows, including ones that run code from pull \
         requests. A release built from a restored cache can ship whatever a less-trusted run put in \
         it: a tampered dependency or a poisoned compiler cache ends up signed and published.",
    ),
    remediation: Cow::Borrowed(
        "Build releases from a clean state: drop `actions/cache` and the `cache:` input of `setup-*` \
         actions in release workflows (set `cache: false` for `actions/setup-go`), or use \
         `actions/cache/save` only, never restore.",
    ),
    passes_when: Cow::Borrowed("no workflow triggered by `release` or by pushed tags restores a cache"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#cache-poisoning"),
    ]),
};

fn is_release(p: &Pipeline) -> bool {
    p.has_trigger("release")
        || p.triggers
            .iter()
            .any(|t| t.event == "push" && !t.tags.is_empty())
}

/// The cache a step restores, if it restores one.
fn restores_cache(step: &Step) -> Option<String> {
    let u = step.uses.as_ref()?;
    let name = u.value.split('@').next().unwrap_or("").to_ascii_lowercase();
    let repo = action_repo(&u.value)?;
    let input_on = |key: &str| {
        kv_get(&step.with, key).is_some_and(|k| {
            let v = k.value.trim().to_ascii_lowercase();
            !v.is_empty() && v != "false"
        })
    };
    let hit = match repo.as_str() {
        "actions/cache" => name != "actions/cache/save",
        "actions/setup-go" => kv_get(&step.with, "cache").is_none_or(|k| k.value.trim() != "false"),
        "ruby/setup-ruby" => input_on("bundler-cache"),
        "swatinem/rust-cache" | "mozilla-actions/sccache-action" => true,
        "astral-sh/setup-uv" => input_on("enable-cache"),
        r if r.starts_with("actions/setup-") => input_on("cache"),
        _ => false,
    };
    hit.then(|| u.value.clone())
}

impl Check for NoCachePoisoning {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a cache may not reach a release).
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
        let mut releases = Vec::new();
        let mut findings = Vec::new();
        for (path, p) in ci.workflows().filter(|(_, p)| is_release(p)) {
            releases.push(path.to_string());
            for job in p.live_jobs() {
                let publishes = job_deploys(p, job);
                for step in job.live_steps() {
                    let Some(action) = restores_cache(step) else {
                        continue;
                    };
                    let line = step.uses.as_ref().map_or(step.line, |u| u.line);
                    let (sure, tail) = match &publishes {
                        Some((l, what)) => (
                            Sureness::High,
                            format!(", and the job publishes ({what}, line {l})"),
                        ),
                        None => (Sureness::Medium, String::new()),
                    };
                    findings.push(graded(
                        finding(&META, format!("release workflow restores a shared cache with `{action}` in job `{}`{tail}", job.id))
                            .rule("cache-poisoning")
                            .at(path.to_string(), Some(line)),
                        sure,
                    ));
                }
            }
        }
        if releases.is_empty() {
            return Ok(Outcome::not_applicable(
                "no workflow runs on releases or tags",
            ));
        }
        let o = if findings.is_empty() {
            Outcome::pass(format!(
                "{} release workflow(s) restore no cache",
                releases.len()
            ))
        } else {
            Outcome::fail(format!(
                "{} cache restore(s) in release workflows",
                findings.len()
            ))
        };
        Ok(parsed(o)
            .evidences(
                releases
                    .into_iter()
                    .take(10)
                    .map(|r| format!("release workflow: {r}")),
            )
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
        let rel = |steps: &str| {
            format!("on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    runs-on: x\n    steps:\n{steps}      - run: cargo publish\n")
        };
        let cases: Vec<(&str, String, Status)> = vec![
            (
                "actions/cache",
                rel("      - uses: actions/cache@v4\n        with:\n          path: ~/.cargo\n"),
                Status::Fail,
            ),
            (
                "setup-node cache",
                rel("      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n"),
                Status::Fail,
            ),
            (
                "setup-node no cache",
                rel("      - uses: actions/setup-node@v4\n"),
                Status::Pass,
            ),
            (
                "setup-go off",
                rel("      - uses: actions/setup-go@v5\n        with:\n          cache: false\n"),
                Status::Pass,
            ),
            (
                "cache save only",
                rel("      - uses: actions/cache/save@v4\n"),
                Status::Pass,
            ),
            (
                "not a release",
                "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/cache@v4\n".to_string(),
                Status::NotApplicable,
            ),
        ];
        for (name, text, want) in cases {
            expect(
                &NoCachePoisoning,
                name,
                &[(".github/workflows/release.yml", &text)],
                want,
            );
        }
    }
}
