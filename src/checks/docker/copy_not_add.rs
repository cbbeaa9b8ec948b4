//! `docker.copy-not-add`: `ADD` only where `COPY` cannot do the job.
//!
//! `ADD` fetches URLs, clones git repositories and extracts local tar
//! archives; for anything else it is a `COPY` with surprises (a local
//! `.tar.gz` that should have been copied gets unpacked). An `ADD` is a
//! finding `[add-local-file]` (hadolint DL3020) when none of its sources is a
//! URL (`http(s)://`, `git@`, `git://`) or a tar archive (`.tar`, `.tar.gz`,
//! `.tgz`, `.tar.bz2`, `.tbz2`, `.tar.xz`, `.txz`, `.tar.zst`...). A zip is
//! not extracted by `ADD`, so it is a finding too. Sources written with a
//! variable cannot be judged and are left alone. Each Dockerfile is a unit.

use std::borrow::Cow;

use super::{DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::Dockerfile;

pub struct CopyNotAdd;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.copy-not-add"),
    title: Cow::Borrowed("ADD is used only for what COPY cannot do"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("ADD only for URLs, git sources and tar archives to extract"),
    rationale: Cow::Borrowed(
        "ADD silently extracts local tar archives and fetches remote sources; used for plain files it \
         hides intent and can unpack what was meant to be copied. COPY does one predictable thing.",
    ),
    remediation: Cow::Borrowed(
        "Use COPY for local files and directories:\n\n\
         ```dockerfile\n\
         # before\n\
         ADD app.py /app/\n\
         # after\n\
         COPY app.py /app/\n\
         ```\n\n\
         Keep ADD for a tar archive you want extracted, or a URL with `--checksum=sha256:...`.",
    ),
    passes_when: Cow::Borrowed("every ADD has a URL, git or tar-archive source"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/#add-or-copy"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3020"),
    ]),
};

const ARCHIVES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".tar.xz",
    ".txz",
    ".tar.lz",
    ".tlz",
    ".tar.lzma",
    ".tar.zst",
    ".tzst",
    ".tar.z",
    ".taz",
    ".gz",
    ".bz2",
    ".xz",
];

/// Whether ADD does something COPY cannot with this source.
pub fn needs_add(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.contains("://")
        || l.starts_with("git@")
        || ARCHIVES.iter().any(|a| l.ends_with(a))
        || l.contains('$')
}

impl DockerfileRule for CopyNotAdd {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let mut j = Judged::file(true);
        for i in df.instructions.iter().filter(|i| i.is("ADD")) {
            let mut words = i.words();
            words.pop();
            let heredoc = words.iter().any(|w| w.starts_with("<<"));
            if heredoc || !words.iter().any(|w| needs_add(w)) {
                j.credit = 0.0;
                j.findings.push(
                    finding(
                        &META,
                        format!("ADD of `{}`: use COPY for local files", words.join(" ")),
                    )
                    .rule("add-local-file")
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
        let c = PerDockerfile(CopyNotAdd);
        let table: &[(&str, &str, Status)] = &[
            ("copy", "FROM a:1\nCOPY . /app\n", Status::Pass),
            (
                "add url",
                "FROM a:1\nADD --checksum=sha256:abc https://x.test/a.bin /a\n",
                Status::Pass,
            ),
            (
                "add tarball",
                "FROM a:1\nADD rootfs.tar.xz /\n",
                Status::Pass,
            ),
            (
                "add git",
                "FROM a:1\nADD git@github.com:o/r.git /src\n",
                Status::Pass,
            ),
            (
                "add local",
                "FROM a:1\nADD app.py requirements.txt /app/\n",
                Status::Fail,
            ),
            ("add zip", "FROM a:1\nADD site.zip /srv/\n", Status::Fail),
            (
                "add exec form",
                "FROM a:1\nADD [\"conf\", \"/etc/conf\"]\n",
                Status::Fail,
            ),
            (
                "commented add",
                "FROM a:1\n# ADD app.py /app/\n",
                Status::Pass,
            ),
            ("add variable", "FROM a:1\nADD ${PKG} /tmp/\n", Status::Pass),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
    }
}
