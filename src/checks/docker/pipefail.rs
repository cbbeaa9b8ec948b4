//! `docker.pipefail`: a failing command in a pipe fails the build.
//!
//! Under `/bin/sh -c`, `RUN curl -fsSL URL | tar -xz` succeeds when curl
//! fails, as long as `tar` exits 0: the image builds without what it was
//! meant to contain. A shell-form `RUN` whose commands include a pipe is a
//! finding `[no-pipefail]` (hadolint DL4006) unless `pipefail` is on: a
//! `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` earlier in the stage (or
//! in the stage it builds on), or `set -o pipefail` (also `set -euxo
//! pipefail`) before the pipe in the same RUN or heredoc.
//!
//! Not applicable to a stage whose `SHELL` is PowerShell or cmd (Windows
//! images; PowerShell stops on errors its own way) and to exec-form RUNs.
//! Note that Debian's `/bin/sh` (dash) only learnt `pipefail` recently: on
//! Debian-based images set a bash SHELL rather than `set -o pipefail`.
//! Each Dockerfile's credit is its RUNs with a pipe that have pipefail over
//! all its RUNs with a pipe; a Dockerfile without pipes passes.

use std::borrow::Cow;

use super::{stage_chain, DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{split_commands, Dockerfile, Instruction, Sep};

pub struct Pipefail;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.pipefail"),
    title: Cow::Borrowed("RUN pipes fail when any command in them fails"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("RUN lines with a pipe run under `set -o pipefail` (SHELL or inline)"),
    rationale: Cow::Borrowed(
        "A pipe's status is its last command's: `curl URL | tar -x` passes when the download fails, \
         and the build ships an image missing what it was meant to contain, found only at run time.",
    ),
    remediation: Cow::Borrowed(
        "Switch the stage's shell once, before the RUNs with pipes:\n\n\
         ```dockerfile\n\
         SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n\
         RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin\n\
         ```\n\n\
         On Alpine (ash), `RUN set -o pipefail && curl ... | tar ...` works too.",
    ),
    passes_when: Cow::Borrowed(
        "every shell-form RUN with a pipe runs under a SHELL with -o pipefail or sets it inline; \
         PowerShell/cmd stages are not judged",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/#using-pipes"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL4006"),
    ]),
};

/// The SHELL in force for an instruction: the last SHELL before it in its
/// stage, else the one its parent stages end with.
fn shell_for<'a>(df: &'a Dockerfile, i: &Instruction, idx: usize) -> Option<&'a [String]> {
    let stage = df.stages.get(i.stage?)?;
    let mut chain = stage_chain(df, stage).into_iter();
    let own = chain.next()?;
    let before = &df.instructions[own.start.min(idx)..idx];
    if let Some(s) = before.iter().rev().find(|s| s.is("SHELL")) {
        return s.exec.as_deref();
    }
    for s in chain {
        if let Some(sh) = df
            .stage_instructions(s)
            .iter()
            .rev()
            .find(|x| x.is("SHELL"))
        {
            return sh.exec.as_deref();
        }
    }
    None
}

fn sets_pipefail_words(words: &[String]) -> bool {
    words.windows(2).any(|w| {
        w[0].starts_with('-')
            && !w[0].starts_with("--")
            && w[0].ends_with('o')
            && w[1] == "pipefail"
    }) || words.iter().any(|w| w == "-opipefail")
}

impl DockerfileRule for Pipefail {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let mut j = Judged::default();
        for (idx, i) in df.instructions.iter().enumerate() {
            if !i.is("RUN") || i.exec.is_some() {
                continue;
            }
            let shell = shell_for(df, i, idx);
            if let Some(sh) = shell {
                let prog = sh
                    .first()
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                if prog.contains("powershell")
                    || prog.contains("pwsh")
                    || prog.ends_with("cmd")
                    || prog.ends_with("cmd.exe")
                {
                    continue;
                }
            }
            let cmds = split_commands(&i.script());
            let Some(pipe_at) = cmds.iter().position(|c| c.sep == Sep::Pipe) else {
                continue;
            };
            j.units += 1.0;
            let by_shell = shell.is_some_and(sets_pipefail_words);
            let inline = cmds[..=pipe_at]
                .iter()
                .any(|c| c.program() == Some("set") && sets_pipefail_words(&c.words));
            if by_shell || inline {
                j.credit += 1.0;
            } else {
                j.findings.push(
                    finding(&META, "RUN uses a pipe without pipefail: a failure before the last command is ignored")
                        .rule("no-pipefail")
                        .at(path, Some(i.line)),
                );
            }
        }
        if j.units > 0.0 {
            // One unit per Dockerfile: its share of RUNs with pipefail.
            j.credit /= j.units;
            j.units = 1.0;
        }
        j
    }

    fn nothing_to_judge(&self) -> crate::model::Outcome {
        super::parsed(crate::model::Outcome::pass("no RUN uses a pipe"))
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
        let c = PerDockerfile(Pipefail);
        let table: &[(&str, &str, Status)] = &[
            ("no pipe", "FROM a:1\nRUN make && make install\n", Status::Pass),
            ("pipe", "FROM a:1\nRUN curl -fsSL x | tar -xz\n", Status::Fail),
            ("shell pipefail", "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar -xz\n", Status::Pass),
            ("shell -eo", "FROM a:1\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN curl x | tar -xz\n", Status::Pass),
            ("inline set", "FROM a:1\nRUN set -euxo pipefail; curl x | tar -xz\n", Status::Pass),
            ("set after pipe", "FROM a:1\nRUN curl x | tar -xz; set -o pipefail\n", Status::Fail),
            ("shell in other stage", "FROM a:1 AS b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM c:1\nRUN a | b\n", Status::Fail),
            ("shell inherited", "FROM a:1 AS b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM b\nRUN a | b\n", Status::Pass),
            ("shell after run", "FROM a:1\nRUN a | b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n", Status::Fail),
            ("powershell", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n", Status::Pass),
            ("or is not a pipe", "FROM a:1\nRUN a || b\n", Status::Pass),
            ("quoted pipe", "FROM a:1\nRUN echo 'a | b'\n", Status::Pass),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
        let o = expect(
            &c,
            "half",
            &[(
                "Dockerfile",
                "FROM a:1\nRUN set -o pipefail && a | b\nRUN c | d\n",
            )],
            Status::Partial,
        );
        assert_eq!(o.findings[0].line, Some(3));
    }
}
