//! `docker.package-hygiene`: OS package installs keep images small and
//! reproducible.
//!
//! Every `RUN` is split into shell commands (`&&`, `;`, `|`, newlines,
//! heredoc bodies included). Each package install is judged on these
//! sub-criteria, weighted (rule ids in brackets, with the hadolint rule each
//! matches):
//!
//! | manager | criterion | weight |
//! | --- | --- | --- |
//! | apt-get/apt | `--no-install-recommends` (or `APT::Install-Recommends=false`) `[apt-no-install-recommends]` DL3015 | 1 |
//! | apt-get/apt | `rm -rf /var/lib/apt/lists/*` in the same RUN, or a cache mount on /var/lib/apt `[apt-lists-not-cleaned]` DL3009 | 1 |
//! | apk | `--no-cache`, `rm -rf /var/cache/apk/*`, or a cache mount `[apk-no-cache]` DL3019 | 1 |
//! | yum/dnf/microdnf | `<tool> clean all`, `rm -rf /var/cache/<tool>`, or a cache mount `[yum-no-clean]` DL3032, `[dnf-no-clean]` DL3040 | 1 |
//! | all | versions pinned (`pkg=1.2`, `pkg~=1.2`, `pkg-1.2`) `[apt-unpinned]` DL3008, `[apk-unpinned]` DL3018, `[yum-unpinned]` DL3033, `[dnf-unpinned]` DL3041 | 0.25 |
//!
//! A whole-system upgrade (`apt-get upgrade`/`dist-upgrade`, `apk upgrade`,
//! `yum/dnf update|upgrade` without package names) is a failed criterion of
//! weight 1 `[upgrade]` (hadolint's retired DL3005): it makes the image
//! depend on the day it was built; rebuild on a newer base instead.
//!
//! Each Dockerfile's credit is its passed weight over its total; a
//! Dockerfile without package installs passes. The score is the mean over
//! Dockerfiles.

use std::borrow::Cow;

use super::{DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{split_commands, Command, Dockerfile, Instruction};
use crate::model::Level;

pub struct PackageHygiene;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.package-hygiene"),
    title: Cow::Borrowed("OS package installs are lean and reproducible"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("apt/apk/yum/dnf: no recommends, caches cleaned, no upgrade, pinned"),
    rationale: Cow::Borrowed(
        "Recommended packages and package caches add tens to hundreds of megabytes and attack \
         surface to every image; an in-image `upgrade` makes the result depend on the build date \
         and hides base-image drift; unpinned versions make two builds of one commit differ.",
    ),
    remediation: Cow::Borrowed(
        "Install in one RUN, without recommends, and drop the cache in the same layer (or use a \
         cache mount):\n\n\
         ```dockerfile\n\
         RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=8.5.* ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n\
         RUN apk add --no-cache curl=8.5.0-r0\n\
         RUN dnf install -y nginx-1.24.0 && dnf clean all\n\
         ```\n\n\
         Instead of `apt-get upgrade`, rebuild on a newer base image.",
    ),
    passes_when: Cow::Borrowed(
        "every apt/apk/yum/dnf install skips recommends (apt), cleans its cache in the same RUN or uses \
         a cache mount, and pins versions (a low-weight sub-criterion); no RUN upgrades the whole \
         system; partial credit per criterion",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/#apt-get"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3008"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3009"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3015"),
    ]),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mgr {
    Apt,
    Apk,
    Yum,
    Dnf,
}

impl Mgr {
    fn of(c: &Command) -> Option<(Mgr, &'static str)> {
        let p = c.program()?;
        Some(match p {
            "apt-get" | "apt" => (Mgr::Apt, "apt"),
            "apk" => (Mgr::Apk, "apk"),
            "yum" => (Mgr::Yum, "yum"),
            "dnf" | "microdnf" | "tdnf" => (Mgr::Dnf, "dnf"),
            _ => return None,
        })
    }

    fn cache_dirs(self) -> &'static [&'static str] {
        match self {
            Mgr::Apt => &["/var/lib/apt", "/var/cache/apt"],
            Mgr::Apk => &["/var/cache/apk", "/etc/apk/cache"],
            Mgr::Yum => &["/var/cache/yum"],
            Mgr::Dnf => &["/var/cache/dnf", "/var/cache/yum", "/var/cache/microdnf"],
        }
    }
}

/// The positional arguments after the subcommand (at `sub`): package names.
fn packages(args: &[String], sub: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut skip_next = false;
    for w in args.iter().skip(sub + 1) {
        if skip_next {
            skip_next = false;
            continue;
        }
        if w.starts_with('-') {
            // Options that take a separate value.
            skip_next = matches!(
                w.as_str(),
                "-o" | "-t"
                    | "--target-release"
                    | "--repository"
                    | "-X"
                    | "--virtual"
                    | "-t="
                    | "--setopt"
                    | "--enablerepo"
                    | "--disablerepo"
            );
            continue;
        }
        if w.contains('>') || w.contains('<') || w == "\\" {
            continue;
        }
        out.push(w.as_str());
    }
    out
}

fn pinned(mgr: Mgr, pkg: &str) -> bool {
    // Local files and URLs name an exact artefact.
    if pkg.ends_with(".deb")
        || pkg.ends_with(".rpm")
        || pkg.ends_with(".apk")
        || pkg.contains("://")
        || pkg.starts_with('/')
        || pkg.starts_with('.')
        || pkg.contains('$')
    {
        return true;
    }
    match mgr {
        Mgr::Apt => pkg.contains('=') || pkg.contains('/'),
        Mgr::Apk => {
            pkg.contains('=') || pkg.contains('~') || pkg.contains('<') || pkg.contains('>')
        }
        Mgr::Yum | Mgr::Dnf => {
            // name-1.2.3 or name-1.2.3-1.el9: a hyphen followed by a digit.
            pkg.match_indices('-')
                .any(|(i, _)| pkg[i + 1..].starts_with(|c: char| c.is_ascii_digit()))
                || pkg.contains('=')
        }
    }
}

struct Tally {
    passed: f64,
    total: f64,
}

impl PackageHygiene {
    fn judge_run(&self, path: &str, i: &Instruction, t: &mut Tally, j: &mut Judged) {
        let script = i.script();
        let cmds = split_commands(&script);
        let mount = i
            .flags
            .iter()
            .filter(|(n, _)| n == "mount")
            .filter_map(|(_, v)| v.as_deref())
            .collect::<Vec<_>>()
            .join(" ");
        let mut report = |rule: &str, msg: String, weight: f64, ok: bool| {
            t.total += weight;
            if ok {
                t.passed += weight;
            } else {
                let level = if weight < 1.0 {
                    Level::Info
                } else {
                    Level::Warning
                };
                j.findings.push(
                    finding(&META, msg)
                        .rule(rule)
                        .level(level)
                        .at(path, Some(i.line)),
                );
            }
        };
        for c in &cmds {
            let Some((mgr, name)) = Mgr::of(c) else {
                continue;
            };
            let args = c.args_from_program();
            let Some((sub_at, sub)) = args
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, w)| !w.starts_with('-'))
            else {
                continue;
            };
            let prog = c.program().unwrap_or(name);
            let is_install = matches!(sub.as_str(), "install" | "add" | "reinstall");
            let pkgs = packages(args, sub_at);
            let upgrade = match mgr {
                Mgr::Apt => matches!(sub.as_str(), "upgrade" | "dist-upgrade" | "full-upgrade"),
                Mgr::Apk => sub == "upgrade",
                Mgr::Yum | Mgr::Dnf => {
                    matches!(sub.as_str(), "upgrade" | "update" | "distro-sync") && pkgs.is_empty()
                }
            };
            if upgrade {
                report("upgrade", format!("`{prog} {sub}` upgrades the whole system at build time; rebuild on a newer base image instead"), 1.0, false);
                continue;
            }
            if !is_install || (mgr == Mgr::Apk && sub != "add") || (mgr != Mgr::Apk && sub == "add")
            {
                continue;
            }
            if mgr == Mgr::Apt {
                let ok = c.has_word("--no-install-recommends")
                    || args.iter().any(|w| {
                        w.contains("Install-Recommends=false") || w.contains("Install-Recommends=0")
                    })
                    || script.contains("Install-Recommends \"false\"")
                    || script.contains("Install-Recommends \"0\"");
                report("apt-no-install-recommends", format!("`{prog} install` without --no-install-recommends pulls in recommended packages"), 1.0, ok);
            }
            let cache_mount = mgr.cache_dirs().iter().any(|d| mount.contains(d));
            let cleaned = cache_mount
                || match mgr {
                    Mgr::Apt => script.contains("/var/lib/apt/lists"),
                    // `--no-network` installs from what is already local.
                    Mgr::Apk => {
                        c.has_word("--no-cache")
                            || c.has_word("--no-network")
                            || script.contains("/var/cache/apk")
                    }
                    Mgr::Yum | Mgr::Dnf => {
                        cmds.iter().any(|o| {
                            Mgr::of(o).is_some_and(|(m, _)| m == mgr) && o.has_word("clean")
                        }) || mgr.cache_dirs().iter().any(|d| script.contains(d))
                    }
                };
            let (rule, msg) = match mgr {
                Mgr::Apt => ("apt-lists-not-cleaned", "apt lists are left in the layer; `rm -rf /var/lib/apt/lists/*` in the same RUN or use a cache mount"),
                Mgr::Apk => ("apk-no-cache", "`apk add` keeps its cache; use --no-cache or a cache mount"),
                Mgr::Yum => ("yum-no-clean", "the yum cache is left in the layer; `yum clean all` in the same RUN"),
                Mgr::Dnf => ("dnf-no-clean", "the dnf cache is left in the layer; `dnf clean all` in the same RUN"),
            };
            report(rule, msg.to_string(), 1.0, cleaned);
            let unpinned: Vec<&str> = pkgs.iter().copied().filter(|p| !pinned(mgr, p)).collect();
            if !pkgs.is_empty() {
                report(
                    &format!("{name}-unpinned"),
                    format!(
                        "{} package{} not version-pinned: {}",
                        unpinned.len(),
                        if unpinned.len() == 1 { "" } else { "s" },
                        unpinned
                            .iter()
                            .take(6)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    0.25,
                    unpinned.is_empty(),
                );
            }
        }
    }
}

impl DockerfileRule for PackageHygiene {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let mut j = Judged::default();
        let mut t = Tally {
            passed: 0.0,
            total: 0.0,
        };
        for i in df
            .instructions
            .iter()
            .filter(|i| i.is("RUN") && i.exec.is_none())
        {
            self.judge_run(path, i, &mut t, &mut j);
        }
        j.units = 1.0;
        j.credit = if t.total > 0.0 {
            t.passed / t.total
        } else {
            1.0
        };
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
        let c = PerDockerfile(PackageHygiene);
        let table: &[(&str, &str, Status)] = &[
            ("no installs", "FROM a:1\nRUN echo hi\n", Status::Pass),
            ("apt clean pinned", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 \\\n && rm -rf /var/lib/apt/lists/*\n", Status::Pass),
            ("apt unpinned only", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n", Status::Partial),
            ("apt no recommends flag", "FROM debian:12\nRUN apt-get update && apt-get install -y curl=1 && rm -rf /var/lib/apt/lists/*\n", Status::Partial),
            ("apt nothing right", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", Status::Fail),
            ("apt cache mount", "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl=1\n", Status::Pass),
            ("apk no-cache", "FROM alpine:3\nRUN apk add --no-cache curl=8.5.0-r0\n", Status::Pass),
            ("apk cache kept", "FROM alpine:3\nRUN apk add curl=8.5.0-r0\n", Status::Partial),
            ("apk upgrade", "FROM alpine:3\nRUN apk upgrade --no-cache\n", Status::Fail),
            ("dnf clean", "FROM fedora:40\nRUN dnf install -y nginx-1.24.0 && dnf clean all\n", Status::Pass),
            ("yum no clean", "FROM centos:7\nRUN yum install -y httpd-2.4.6\n", Status::Partial),
            ("yum update pkg is fine", "FROM centos:7\nRUN yum update -y openssl-1.0 && yum clean all\n", Status::Pass),
            ("heredoc", "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl=1\nrm -rf /var/lib/apt/lists/*\nEOF\n", Status::Pass),
            ("apt-get upgrade", "FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*\n", Status::Fail),
            ("commented install", "FROM debian:12\n# RUN apt-get install curl\n", Status::Pass),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
        let o = expect(&c, "score", &[("Dockerfile", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n")], Status::Partial);
        assert!((o.score - 2.0 / 2.25).abs() < 1e-9, "{}", o.score);
        assert_eq!(o.findings[0].rule.as_deref(), Some("apt-unpinned"));
    }
}
