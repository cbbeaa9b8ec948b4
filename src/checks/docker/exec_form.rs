//! `docker.exec-form`: the image's `CMD` and `ENTRYPOINT` use the exec
//! (JSON array) form.
//!
//! In shell form Docker runs `/bin/sh -c "<command>"`: the shell is PID 1,
//! and it does not forward SIGTERM, so `docker stop` and Kubernetes wait out
//! the grace period and kill the process without a graceful shutdown. Only
//! the effective `CMD` and `ENTRYPOINT` of the final stage (the last of
//! each, inherited from the stage it builds on) are judged: build stages
//! never run them. `CMD ["sh", "-c", "..."]` is exec form (the author chose
//! the shell; `exec` inside it is the fix there). A shell-form `CMD` is
//! also a finding when an exec-form `ENTRYPOINT` would receive it as
//! `/bin/sh -c ...` arguments. Rule `[shell-form]` matches hadolint DL3025,
//! which, unlike this check, also flags build stages. Each Dockerfile is a unit.

use std::borrow::Cow;

use super::{stage_chain, DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::Dockerfile;

pub struct ExecForm;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.exec-form"),
    title: Cow::Borrowed("CMD and ENTRYPOINT use the exec (JSON) form"),
    category: Category::Reliability,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("The final stage's CMD/ENTRYPOINT are JSON arrays, so signals reach the app"),
    rationale: Cow::Borrowed(
        "A shell-form CMD or ENTRYPOINT runs under `/bin/sh -c`, which becomes PID 1 and does not pass \
         SIGTERM on: every stop or rolling deploy waits out the grace period and then kills the \
         process mid-request, with no graceful shutdown.",
    ),
    remediation: Cow::Borrowed(
        "Write the command as a JSON array:\n\n\
         ```dockerfile\n\
         # before\n\
         CMD node server.js\n\
         # after\n\
         CMD [\"node\", \"server.js\"]\n\
         ```\n\n\
         When a shell is needed (variable expansion), end it with `exec`: \
         `ENTRYPOINT [\"sh\", \"-c\", \"exec node server.js --port=$PORT\"]`.",
    ),
    passes_when: Cow::Borrowed("the final stage's effective CMD and ENTRYPOINT (when present) are in exec form"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/reference/dockerfile/#shell-and-exec-form"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3025"),
    ]),
};

impl DockerfileRule for ExecForm {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let Some(last) = df.final_stage() else {
            return Judged::default();
        };
        let mut j = Judged::file(true);
        for kw in ["ENTRYPOINT", "CMD"] {
            let found = stage_chain(df, last)
                .into_iter()
                .find_map(|s| df.stage_instructions(s).iter().rev().find(|i| i.is(kw)));
            if let Some(i) = found {
                if i.exec.is_none() && !i.args.trim().is_empty() {
                    j.credit = 0.0;
                    j.findings.push(
                        finding(&META, format!("{kw} in shell form runs under /bin/sh -c, which does not forward signals; use a JSON array"))
                            .rule("shell-form")
                            .at(path, Some(i.line)),
                    );
                }
            }
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::docker::PerDockerfile;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let c = PerDockerfile(ExecForm);
        let table: &[(&str, &str, Status)] = &[
            (
                "exec",
                "FROM a:1\nENTRYPOINT [\"/app\"]\nCMD [\"--port\", \"80\"]\n",
                Status::Pass,
            ),
            ("no cmd", "FROM a:1\nRUN x\n", Status::Pass),
            ("shell cmd", "FROM a:1\nCMD node server.js\n", Status::Fail),
            (
                "shell entrypoint",
                "FROM a:1\nENTRYPOINT /entry.sh\n",
                Status::Fail,
            ),
            (
                "sh -c in exec",
                "FROM a:1\nCMD [\"sh\", \"-c\", \"exec app\"]\n",
                Status::Pass,
            ),
            (
                "shell only in build stage",
                "FROM a:1 AS b\nCMD make\nFROM c:1\nCMD [\"/app\"]\n",
                Status::Pass,
            ),
            ("last wins", "FROM a:1\nCMD x\nCMD [\"y\"]\n", Status::Pass),
            (
                "inherited shell",
                "FROM a:1 AS base\nCMD x y\nFROM base\n",
                Status::Fail,
            ),
            ("broken json", "FROM a:1\nCMD [\"a\", 'b']\n", Status::Fail),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
    }
}
