//! `docker.no-curl-pipe-shell`: no script is downloaded and run unverified.
//!
//! A `RUN` (heredoc bodies included) is a finding `[curl-pipe-shell]` when
//! `curl` or `wget` pipes straight into a shell or interpreter (`sh`, `bash`,
//! `zsh`, `ash`, `dash`, `ksh`, `python`, `perl`, `ruby`, `node`, also via
//! `sudo`), or a shell runs a process substitution or command substitution
//! of a download (`bash <(curl ...)`, `sh -c "$(curl ...)"`). Nothing in a
//! pipe can be verified before it runs: download to a file, check its
//! checksum or signature, then run it. Piping into `tar`, `gpg --dearmor`,
//! `apt-key` or `tee` is not a finding. Each Dockerfile is a unit.

use std::borrow::Cow;

use super::{DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{split_commands, Dockerfile};

pub struct NoCurlPipeShell;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.no-curl-pipe-shell"),
    title: Cow::Borrowed("No downloaded script is piped into a shell"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("No `curl ... | sh` (or wget, bash, python) without verification"),
    rationale: Cow::Borrowed(
        "`curl | sh` runs whatever the server returns at build time: a compromised host, a hijacked \
         domain or a truncated download becomes code in your image, and nothing records what ran. \
         The build is not reproducible either.",
    ),
    remediation: Cow::Borrowed(
        "Download to a file, verify it, then run it:\n\n\
         ```dockerfile\n\
         RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n \
         && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n \
         && sh /tmp/install.sh && rm /tmp/install.sh\n\
         ```\n\n\
         Better still, install from a package manager or `COPY --from=` an official image.",
    ),
    passes_when: Cow::Borrowed("no RUN pipes curl/wget output into a shell or interpreter, or runs it via <(...) or $(...)"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/#run"),
        Cow::Borrowed("https://owasp.org/www-project-top-10-ci-cd-security-risks/CICD-SEC-03-Dependency-Chain-Abuse"),
    ]),
};

const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python2", "python3", "perl", "ruby",
    "node", "php", "pwsh", "iex",
];

fn is_shell(p: &str) -> bool {
    SHELLS.contains(&p) || p.starts_with("python3.")
}

fn is_download(p: &str) -> bool {
    matches!(p, "curl" | "wget" | "fetch" | "iwr" | "invoke-webrequest")
}

impl DockerfileRule for NoCurlPipeShell {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let mut j = Judged::file(true);
        for i in df.instructions.iter().filter(|i| i.is("RUN")) {
            let script = match &i.exec {
                Some(v) => v.join(" "),
                None => i.script(),
            };
            let cmds = split_commands(&script);
            let mut hit = None;
            for (k, c) in cmds.iter().enumerate() {
                let Some(p) = c.program() else { continue };
                if c.piped && is_shell(p) {
                    // Walk back through the pipe to its first command.
                    let mut s = k;
                    while s > 0 && cmds[s].piped {
                        s -= 1;
                    }
                    if cmds[s..k]
                        .iter()
                        .any(|d| d.program().is_some_and(is_download))
                    {
                        hit = Some(format!(
                            "{} output is piped into `{p}`",
                            cmds[s..k]
                                .iter()
                                .filter_map(|d| d.program())
                                .find(|p| is_download(p))
                                .unwrap_or("download")
                        ));
                        break;
                    }
                }
                if is_shell(p)
                    && c.words.iter().any(|w| {
                        (w.starts_with("<(") || w.contains("$("))
                            && (w.contains("curl") || w.contains("wget"))
                    })
                {
                    hit = Some(format!(
                        "`{p}` runs a downloaded script through a substitution"
                    ));
                    break;
                }
            }
            if let Some(msg) = hit {
                j.credit = 0.0;
                j.findings.push(
                    finding(
                        &META,
                        format!(
                            "{msg}; download to a file and verify its checksum before running it"
                        ),
                    )
                    .rule("curl-pipe-shell")
                    .at(path, Some(i.line)),
                );
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
        let c = PerDockerfile(NoCurlPipeShell);
        let table: &[(&str, &str, Status)] = &[
            ("curl sh", "FROM a:1\nRUN curl -fsSL https://x.test/i.sh | sh\n", Status::Fail),
            ("wget bash -s", "FROM a:1\nRUN wget -qO- https://x.test/i | sudo bash -s -- --yes\n", Status::Fail),
            ("curl python", "FROM a:1\nRUN curl -sSL https://install.python-poetry.org | python3 -\n", Status::Fail),
            ("process substitution", "FROM a:1\nRUN bash <(curl -s https://x.test/i.sh)\n", Status::Fail),
            ("command substitution", "FROM a:1\nRUN sh -c \"$(wget -qO- https://x.test/i.sh)\"\n", Status::Fail),
            ("verified file", "FROM a:1\nRUN curl -fsSLo /tmp/i.sh https://x.test/i.sh && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh\n", Status::Pass),
            ("curl into tar", "FROM a:1\nRUN curl -fsSL https://x.test/a.tgz | tar -xz -C /opt\n", Status::Pass),
            ("curl into gpg", "FROM a:1\nRUN curl -fsSL https://x.test/key | gpg --dearmor -o /usr/share/keyrings/x.gpg\n", Status::Pass),
            ("heredoc", "FROM a:1\nRUN <<EOF\nset -e\ncurl -fsSL https://x.test/i.sh | bash\nEOF\n", Status::Fail),
            ("commented", "FROM a:1\n# RUN curl https://x.test | sh\nRUN echo ok\n", Status::Pass),
            ("echo with pipe word", "FROM a:1\nRUN echo 'curl x | sh' > /README\n", Status::Pass),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
    }
}
