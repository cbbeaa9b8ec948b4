//! `docker.non-root-user`: the image runs as a non-root user.
//!
//! Only the final stage matters (build stages may run as root). Its
//! effective user is the last `USER` in it, or, when it has none, the last
//! `USER` of the stage it builds on (`FROM build AS final`), and so on.
//! `root`, `0`, `0:0`, `root:<group>` and Windows' `ContainerAdministrator`
//! are root; any other name or numeric uid counts, and so does a `USER`
//! written with a build argument or variable (`USER ${UID}`), resolved from
//! `ARG`/`ENV` defaults where it can be.
//!
//! With no `USER` at all, a few base images are known to run as non-root by
//! default and count, at medium confidence, with the evidence saying so:
//! distroless `:nonroot` tags (and `-nonroot` variants), Chainguard images
//! (`cgr.dev/chainguard/*`, except `wolfi-base` and `-dev` tags, which run as
//! root). Everything else inherits root from its base image. A few official
//! images start as root and hand the work to an unprivileged user
//! themselves: the databases' entrypoints (postgres, mysql...), nginx and
//! Apache httpd workers, PHP-FPM's pool in the `-fpm` tags, LinuxServer.io's
//! s6 init: half credit, at medium confidence.
//!
//! Dockerfiles named for another role (`Dockerfile.base`, `Dockerfile.dev`,
//! `build.Dockerfile`, `Dockerfile.ci`...) are not judged: a base image is
//! made non-root by the image built on it, and build, CI and development
//! images do not ship.
//!
//! Package-build images (the final stage installs `rpm-build`,
//! `debhelper`, `devscripts` or `fpm`) are not deployed and not judged.
//!
//! Published base images (one Dockerfile per version directory, no
//! application copied in: the official images' layout, see
//! [`super::base_image`]) that stay root are left out for the same reason
//! and named in the evidence.
//!
//! A final stage that stays root but installs or copies `gosu`, `su-exec` or
//! `setpriv` most likely drops privileges in its entrypoint (the pattern of
//! the official database images): half credit, at medium confidence, since
//! the entrypoint script cannot be read from the Dockerfile. The same when
//! the script the image starts (its ENTRYPOINT or CMD, found in the
//! repository by name, preferring one a COPY brings in) switches user with
//! gosu, su-exec, setpriv, s6-setuidgid, chpst, runuser or `os.setuid`:
//! Synapse's `start.py`, Gogs' `start.sh`. Whether every path through the
//! script drops root is not proven, so it never passes outright.
//!
//! For a command-line tool or a library (the repository's profile), the
//! image runs a user's command once, often interactively, not a network
//! service: a root image is still reported and costs its share, at medium
//! confidence, so it does not gate.
//!
//! A final stage with no USER, no CMD, no ENTRYPOINT and no EXPOSE on a
//! bare OS base (`debian`, `alpine`, `scratch`...) runs nothing of its own:
//! an artifact image other builds copy from. Failing, at medium confidence.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{medium, stage_chain, DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{key_values, substitute, Dockerfile, ImageRef, Stage};
use crate::model::Level;
use crate::workspace::FileEntry;

pub struct NonRootUser;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.non-root-user"),
    title: Cow::Borrowed("The final image runs as a non-root user"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("The final stage switches to a non-root USER"),
    rationale: Cow::Borrowed(
        "A process running as root inside a container is root on the container's filesystem and one \
         kernel or runtime bug away from root on the host; it can also write anywhere in the image, \
         so a compromised process can persist. Orchestrators with restricted pod security reject \
         root images outright.",
    ),
    remediation: Cow::Borrowed(
        "Create an unprivileged user and switch to it at the end of the final stage:\n\n\
         ```dockerfile\n\
         RUN addgroup --system app && adduser --system --ingroup app app\n\
         USER app\n\
         # or, with no user database (distroless, scratch):\n\
         USER 65532:65532\n\
         ```\n\n\
         Build stages may stay root; only the last USER of the final stage matters. A base image that \
         already runs as non-root (distroless `:nonroot`, Chainguard) also passes.",
    ),
    passes_when: Cow::Borrowed(
        "the final stage's effective USER (its last USER, or the one inherited from the stage it \
         builds on) is neither root nor uid 0; a base image known to run as non-root (distroless \
         :nonroot, Chainguard) passes at medium confidence; installing gosu/su-exec to drop \
         privileges in the entrypoint earns half credit",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/#user"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3002"),
        Cow::Borrowed("https://kubernetes.io/docs/concepts/security/pod-security-standards/"),
    ]),
};

/// Whether a USER value names root.
pub fn is_root(user: &str) -> bool {
    let u = user.trim().trim_matches(['"', '\'']);
    let name = u.split(':').next().unwrap_or(u).trim();
    name.is_empty()
        || name == "0"
        || name.eq_ignore_ascii_case("root")
        || name.eq_ignore_ascii_case("containeradministrator")
}

/// Base images documented to run as a non-root user by default.
pub fn nonroot_base(image: &str) -> Option<&'static str> {
    let r = ImageRef::parse(image);
    let tag = r.tag.as_deref().unwrap_or("latest");
    if r.name.starts_with("gcr.io/distroless/") && tag.contains("nonroot") {
        return Some("distroless :nonroot images run as uid 65532");
    }
    if r.name.starts_with("cgr.dev/chainguard/")
        && r.short_name() != "wolfi-base"
        && !tag.ends_with("-dev")
        && tag != "dev"
    {
        return Some("Chainguard images run as a non-root user by default");
    }
    // Official images whose Dockerfile ends with a non-root USER.
    const NONROOT_IMAGES: &[(&str, &str)] = &[
        ("grafana/grafana", "Grafana's image runs as uid 472"),
        ("grafana/grafana-oss", "Grafana's image runs as uid 472"),
        (
            "grafana/grafana-enterprise",
            "Grafana's image runs as uid 472",
        ),
        ("prom/prometheus", "Prometheus' image runs as nobody"),
        ("prom/alertmanager", "Alertmanager's image runs as nobody"),
        ("prom/node-exporter", "node-exporter's image runs as nobody"),
        (
            "nginxinc/nginx-unprivileged",
            "nginx-unprivileged runs as uid 101",
        ),
    ];
    let name = r.hub_name();
    if let Some((_, why)) = NONROOT_IMAGES.iter().find(|(n, _)| *n == name) {
        return Some(why);
    }
    if name.starts_with("bitnami/") {
        return Some("Bitnami images run as uid 1001");
    }
    None
}

/// The effective USER of a stage and the line that set it.
fn effective_user<'a>(df: &'a Dockerfile, stage: &'a Stage) -> Option<(String, u32, &'a Stage)> {
    for s in stage_chain(df, stage) {
        let mut vars: BTreeMap<String, String> = df.global_args();
        let mut found = None;
        for i in df.stage_instructions(s) {
            if i.is("ARG") || i.is("ENV") {
                for (k, v) in key_values(&i.args) {
                    if let Some(v) = v {
                        vars.insert(k, v);
                    }
                }
            }
            if i.is("USER") {
                found = Some((substitute(i.args.trim(), &vars), i.line));
            }
        }
        if let Some((u, l)) = found {
            return Some((u, l, s));
        }
    }
    None
}

/// Official images whose entrypoint starts the server as its own user
/// (`postgres`, `mysql`...): a Dockerfile built on one inherits that.
const DROPPING_BASES: &[&str] = &[
    "postgres", "mysql", "mariadb", "mongo", "redis", "rabbitmq", "percona",
];

/// Whether `image` is a Docker official image whose entrypoint drops root.
fn drops_by_entrypoint(image: &str) -> bool {
    let r = ImageRef::parse(image);
    let name = r.hub_name();
    // LinuxServer.io images start as root and their s6 init runs the
    // service as the `abc` user (PUID/PGID).
    // nginx and Apache httpd start their master as root to bind the port
    // and run the workers that serve requests as an unprivileged user; so
    // does PHP-FPM's `www` pool in the official `-fpm` images.
    let workers_drop = matches!(name, "nginx" | "httpd")
        || (name == "php" && r.tag.as_deref().is_some_and(|t| t.contains("fpm")));
    DROPPING_BASES.contains(&name)
        || workers_drop
        || r.name.starts_with("lscr.io/linuxserver/")
        || r.name.starts_with("ghcr.io/linuxserver/")
        || r.name.starts_with("linuxserver/")
}

/// Windows base images: their default account depends on the image
/// (ContainerAdministrator on Server Core, ContainerUser on Nano Server).
fn windows_base(image: &str) -> bool {
    let l = image.to_ascii_lowercase();
    l.starts_with("mcr.microsoft.com/windows")
        || l.contains("/dotnet/framework/")
        || l.contains("servercore")
        || l.contains("nanoserver")
}

/// Operating-system bases whose own command is a shell: an image built on
/// one runs nothing unless it sets a command.
const BARE_OS: &[&str] = &[
    "scratch",
    "debian",
    "ubuntu",
    "alpine",
    "busybox",
    "centos",
    "fedora",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "opensuse/leap",
];

/// Whether the final stage only holds files: no CMD, ENTRYPOINT or EXPOSE
/// anywhere in its chain, on a bare OS base. Such an image is copied from
/// by other builds (`COPY --from=org/deps`) or run with an explicit command,
/// so whether it runs as root is disputable from the Dockerfile alone.
fn artifact_only(df: &Dockerfile, chain: &[&Stage], base: &str) -> bool {
    BARE_OS.contains(&ImageRef::parse(base).hub_name())
        && !chain.iter().any(|s| {
            df.stage_instructions(s)
                .iter()
                .any(|i| i.is("CMD") || i.is("ENTRYPOINT") || i.is("EXPOSE"))
        })
}

const PRIV_DROP: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "chroot --userspec",
    "s6-setuidgid",
];

/// The file names of the scripts an image starts: the program of its
/// ENTRYPOINT and CMD (the last of each in the final stage's chain) when it
/// is a path or a script, and the script an interpreter runs
/// (`python /start.py`).
fn runs_scripts(df: &Dockerfile, chain: &[&Stage]) -> Vec<String> {
    let mut out = Vec::new();
    for kw in ["ENTRYPOINT", "CMD"] {
        // The chain runs from the final stage back to its bases: the first
        // stage that sets one sets the effective one, its last setting.
        let Some(i) = chain
            .iter()
            .find_map(|s| df.stage_instructions(s).iter().rev().find(|i| i.is(kw)))
        else {
            continue;
        };
        let words = i.words();
        let mut words = words.iter().map(String::as_str);
        let mut prog = words.next().unwrap_or("");
        if matches!(
            prog,
            "exec"
                | "/bin/sh"
                | "sh"
                | "bash"
                | "/bin/bash"
                | "python"
                | "python3"
                | "/usr/bin/env"
                | "tini"
                | "/sbin/tini"
                | "dumb-init"
                | "--"
                | "-c"
        ) {
            prog = words
                .find(|w| {
                    !w.starts_with('-')
                        && !matches!(*w, "sh" | "bash" | "python" | "python3" | "--")
                })
                .unwrap_or("");
        }
        let base = prog.rsplit('/').next().unwrap_or(prog);
        let scriptish = base.ends_with(".sh")
            || base.ends_with(".py")
            || base.ends_with(".bash")
            || prog.starts_with('/')
            || prog.starts_with("./");
        if !base.is_empty() && scriptish && !out.iter().any(|o| o == base) {
            out.push(base.to_string());
        }
    }
    out
}

/// The sources of the chain's COPY and ADD instructions from the build
/// context (not `--from` another stage or image).
fn copy_sources(df: &Dockerfile, chain: &[&Stage]) -> Vec<String> {
    chain
        .iter()
        .flat_map(|s| df.stage_instructions(s))
        .filter(|i| (i.is("COPY") || i.is("ADD")) && i.flag("from").is_none())
        .flat_map(super::no_secrets_in_image::sources)
        .collect()
}

/// Commands that switch a process to another user, as entrypoint scripts
/// write them.
const SCRIPT_DROPS: &[&str] = &[
    "gosu ",
    "\"gosu\"",
    "/gosu",
    "su-exec ",
    "setpriv ",
    "s6-setuidgid ",
    "chpst -u",
    "runuser ",
    "setuidgid ",
    // `exec su app -c "..."` (opengist) and `exec sudo -u app ...`: the
    // process that stays is the user's.
    "exec su ",
    "exec sudo -u ",
    "os.setuid(",
    "os.setgid(",
];

/// Whether the image's name (its last path segment, before tag and
/// digest) is a build argument: `${RUNTIME_IMAGE}`, not
/// `python:${PY}-slim` or `${REGISTRY}/python:3.12`, whose user is the
/// named image's.
fn name_is_build_arg(written: &str) -> bool {
    let no_digest = written.split('@').next().unwrap_or(written);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    // A `:` inside `${VAR:-default}` is not a tag separator.
    let name = if last.starts_with("${") {
        last
    } else {
        last.split(':').next().unwrap_or(last)
    };
    name.contains('$')
}

impl DockerfileRule for NonRootUser {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (an entrypoint may drop privileges in ways not read).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    /// A non-root final stage is a hardening control a team chose, graded
    /// like other evidence; only its medium verdicts (an entrypoint that
    /// may drop privileges) carry a hazard's doubt.
    fn weight_share(&self) -> f64 {
        1.0
    }

    /// A root variant nothing builds or documents is most likely not the
    /// image that ships (netmaker's stale client Dockerfiles).
    fn doubts_unnamed(&self) -> bool {
        true
    }

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn gates_tool_images(&self) -> bool {
        false
    }

    /// Entrypoint scripts, which may switch user after root's set-up.
    fn companion(&self, file: &FileEntry) -> bool {
        // Asked of every file: the extension first, without allocating.
        // Bytes, not str slices: a name may hold multi-byte characters.
        let name = file.name().as_bytes();
        let ext_ok = [".sh", ".py", ".bash"].iter().any(|e| {
            name.len() > e.len() && name[name.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
        }) || !name.contains(&b'.');
        let starts =
            |p: &str| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        ext_ok
            && file.size <= 256 * 1024
            && (name
                .windows(10)
                .any(|w| w.eq_ignore_ascii_case(b"entrypoint"))
                || ["start", "run", "docker", "init", "boot"]
                    .iter()
                    .any(|p| starts(p)))
            && !file.vendored()
            && !file.fixture()
    }

    fn companion_says(&self, text: &str) -> Option<String> {
        SCRIPT_DROPS
            .iter()
            .find(|d| text.contains(**d))
            .map(|d| d.trim_matches([' ', '"', '/', '(']).to_string())
    }

    fn settle(
        &self,
        dockerfile: &str,
        judged: &Judged,
        script: &str,
        says: &str,
    ) -> Option<Judged> {
        let f = judged.findings.first()?;
        let line = f.line;
        Some(Judged::scored(0.5).with(medium(
            finding(
                &META,
                format!("{}; its entrypoint {script} switches user with `{says}`, so the service probably runs unprivileged, which cannot be verified here", f.message),
            )
            .rule(f.rule.as_deref().unwrap_or("no-user"))
            .at(dockerfile, line),
        )))
    }

    fn nothing_to_judge(&self) -> crate::model::Outcome {
        crate::model::Outcome::not_applicable("only base, build or development images")
    }

    fn judges_base_images(&self) -> bool {
        false
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let Some(last) = df.final_stage() else {
            return Judged::default();
        };
        if let Some(r) = super::dockerfile_role(path, df) {
            // A base, build or dev image: the image that ships sets its own USER.
            return Judged::default().note(format!("a {r} image by its name, not judged"));
        }
        if let Some(t) = super::base_image::package_builder(df, last) {
            // Run to produce a .deb or .rpm, never deployed.
            return Judged::default()
                .note(format!("installs `{t}`: a package-build image, not judged"));
        }
        if super::is_test_image(df) {
            return Judged::default()
                .note("its command runs the test suite: a CI image, not judged");
        }
        let chain = stage_chain(df, last);
        let base = chain.last().map_or("", |s| s.resolved.as_str());
        let drops = drops_by_entrypoint(base)
            || chain.iter().any(|s| {
                df.stage_instructions(s).iter().any(|i| {
                    (i.is("RUN") || i.is("COPY") || i.is("ENTRYPOINT") || i.is("CMD"))
                        && PRIV_DROP.iter().any(|p| i.script().contains(p))
                })
            });
        let runs = runs_scripts(df, &chain);
        let copies = copy_sources(df, &chain);
        let root_verdict = |msg: String, rule: &str, line: u32| {
            if drops {
                Judged::scored(0.5).with(medium(
                    finding(&META, format!("{msg}; it installs a privilege-dropping tool (gosu/su-exec), so the entrypoint probably switches user, which cannot be verified here"))
                        .rule(rule)
                        .at(path, Some(line)),
                ))
            } else {
                let mut j = Judged::file(false).with(
                    finding(&META, msg)
                        .rule(rule)
                        .level(Level::Error)
                        .at(path, Some(line)),
                );
                j.runs_scripts = runs.clone();
                j.copies = copies.clone();
                j
            }
        };
        match effective_user(df, last) {
            Some((user, line, _)) if is_root(&user) => root_verdict(
                format!("the final stage runs as `{user}`; switch to a non-root USER at the end"),
                "root-user",
                line,
            ),
            Some((user, line, s)) => Judged::file(true).note(format!(
                "runs as `{user}` (USER at line {line}{})",
                if s.index == last.index {
                    String::new()
                } else {
                    format!(
                        ", inherited from stage {}",
                        s.name.as_deref().unwrap_or("?")
                    )
                }
            )),
            None => {
                if let Some(why) = nonroot_base(base) {
                    return Judged::file(true).note(format!("no USER, but `{base}`: {why}"));
                }
                if windows_base(base) {
                    return Judged::file(false).with(medium(
                        finding(&META, format!("the final stage sets no USER on the Windows base `{base}`, whose default account may be ContainerAdministrator; set USER ContainerUser"))
                            .rule("no-user")
                            .at(path, Some(last.line)),
                    ));
                }
                if artifact_only(df, &chain, base) {
                    return Judged::file(false).with(medium(
                        finding(&META, format!("the final stage sets no USER on `{base}`, but it has no command and exposes no port: an artifact image others copy from, or one run with a command given elsewhere; if it runs a service, set a non-root USER"))
                            .rule("no-user")
                            .at(path, Some(last.line)),
                    ));
                }
                let written = chain.last().map_or("", |s| s.image.as_str());
                // A build argument whose default names no tagged image
                // is a stand-in the build replaces (oauth2-proxy's
                // `RUNTIME_IMAGE=placeholder`, which its Makefile sets to
                // `distroless/static:nonroot`); a tagged default is what
                // builds use unless told otherwise.
                let stand_in = name_is_build_arg(written) && !base.contains([':', '@']);
                if base.contains('$') || stand_in {
                    // The base image is a build argument: its user is unknown.
                    return Judged::file(false).with(medium(
                        finding(&META, format!("the final stage sets no USER and its base image `{base}` comes from a build argument, so its user cannot be read here"))
                            .rule("no-user")
                            .at(path, Some(last.line)),
                    ));
                }
                root_verdict(
                    format!("the final stage sets no USER, so it runs as the base image's user (root for `{base}`)"),
                    "no-user",
                    last.line,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::docker::PerDockerfile;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    #[test]
    fn companion_names() {
        for (path, want) in [
            ("docker/entrypoint.sh", true),
            ("docker/Docker-Entrypoint.SH", true),
            ("start.py", true),
            ("scripts/run", true),
            ("src/server.py", false),
            ("README.md", false),
            ("docker/démarrer.sh", false),
            ("ñ.x", false),
            ("ñ", false),
        ] {
            let f = FileEntry::new(path.to_string(), 10);
            assert_eq!(NonRootUser.companion(&f), want, "{path}");
        }
    }

    #[test]
    fn tools_images_do_not_gate() {
        use crate::checks::test_support::run_with;
        use crate::checks::{Params, Profile};
        let c = PerDockerfile(NonRootUser);
        let files = [(
            "Dockerfile",
            "FROM alpine:3\nCOPY lazygit /usr/bin/\nENTRYPOINT [\"lazygit\"]\n",
        )];
        for (profile, want) in [
            (Profile::Cli, Status::Partial),
            (Profile::Library, Status::Partial),
            (Profile::Service, Status::Fail),
            (Profile::Worker, Status::Fail),
        ] {
            let o = run_with(&c, &files, &Params::default(), profile);
            assert_eq!(o.status, want, "{}: {}", profile.as_str(), o.summary);
        }
    }

    #[test]
    fn variants_nothing_names_are_medium() {
        use crate::model::Confidence;
        let c = PerDockerfile(NonRootUser);
        let root = "FROM alpine:3\nCOPY app /app\nENTRYPOINT [\"/app\"]\n";
        const CI: &str = "jobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f Dockerfile .\n";
        // (files beside the two Dockerfiles, confidence of the variant's finding)
        type Row = (
            &'static str,
            &'static [(&'static str, &'static str)],
            Confidence,
        );
        let table: &[Row] = &[
            ("nothing names the variant", &[(".github/workflows/ci.yml", CI)], Confidence::Medium),
            ("CI builds it", &[(".github/workflows/ci.yml", "jobs:\n  a:\n    steps:\n      - run: docker build -f docker/Dockerfile-quick .\n")], Confidence::High),
            ("a templated name covers it", &[("Makefile", "image:\n\tdocker build -f docker/Dockerfile-$(FLAVOUR) .\n")], Confidence::High),
            ("a document names it", &[(".github/workflows/ci.yml", CI), ("docs/build.md", "Build the quick image from `docker/Dockerfile-quick`.\n")], Confidence::High),
            // Nothing names any Dockerfile: no ground to doubt either.
            ("no mentions at all", &[], Confidence::High),
        ];
        for (name, extra, want) in table {
            let mut files = vec![("Dockerfile", root), ("docker/Dockerfile-quick", root)];
            files.extend_from_slice(extra);
            let o = run_check(&c, &files);
            let variant = o
                .findings
                .iter()
                .find(|f| f.path.as_deref() == Some("docker/Dockerfile-quick"))
                .expect(name);
            assert_eq!(variant.confidence, *want, "{name}");
            let main = o
                .findings
                .iter()
                .find(|f| f.path.as_deref() == Some("Dockerfile"))
                .expect(name);
            assert_eq!(
                main.confidence,
                Confidence::High,
                "{name}: the default name"
            );
        }
    }

    #[test]
    fn entrypoint_scripts_that_switch_user() {
        let c = PerDockerfile(NonRootUser);
        let df =
            "FROM python:3.13-slim\nCOPY docker/start.py /start.py\nENTRYPOINT [\"/start.py\"]\n";
        let drops = "#!/usr/bin/env python\nimport os\nargs = [\"gosu\", \"991:991\"] + args\nos.execve(\"/usr/sbin/gosu\", args, os.environ)\n";
        let o = expect(
            &c,
            "the copied entrypoint execs gosu",
            &[("docker/Dockerfile", df), ("docker/start.py", drops)],
            Status::Partial,
        );
        assert!(
            o.findings[0]
                .message
                .contains("docker/start.py switches user with `gosu`"),
            "{:?}",
            o.findings
        );
        // Near misses: a script that stays root, and a same-named script
        // the image does not run.
        expect(
            &c,
            "the entrypoint stays root",
            &[
                ("docker/Dockerfile", df),
                (
                    "docker/start.py",
                    "#!/usr/bin/env python\nos.execv(\"/app\", [])\n",
                ),
            ],
            Status::Fail,
        );
        expect(
            &c,
            "a dropping script the image does not run",
            &[
                (
                    "Dockerfile",
                    "FROM alpine:3\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
                ),
                ("scripts/start.sh", "exec su-exec app \"$@\"\n"),
            ],
            Status::Fail,
        );
        // The final stage's own ENTRYPOINT overrides its base's.
        expect(
            &c,
            "a base stage's dropping entrypoint, overridden",
            &[
                ("Dockerfile", "FROM alpine:3 AS base\nCOPY start.sh /start.sh\nENTRYPOINT [\"/start.sh\"]\nFROM base\nCOPY app /app\nENTRYPOINT [\"/app\"]\n"),
                ("start.sh", "exec su-exec app \"$@\"\n"),
            ],
            Status::Fail,
        );
        // Shell form through an interpreter, with the script copied in a
        // directory.
        expect(
            &c,
            "sh -c a copied directory's script",
            &[
                (
                    "Dockerfile",
                    "FROM alpine:3\nCOPY docker ./docker\nCMD sh /app/docker/entrypoint.sh\n",
                ),
                (
                    "docker/entrypoint.sh",
                    "#!/bin/sh\nexec su-exec app:app /app/server\n",
                ),
            ],
            Status::Partial,
        );
        // `su` to a user with the command to keep; a `su` that is not
        // the exec'd process drops nothing (near miss).
        for (script, want) in [
            (
                "#!/bin/sh\nchown -R app /data\nexec su app -c \"/app/server\"\n",
                Status::Partial,
            ),
            ("#!/bin/sh\nexec sudo -u app /app/server\n", Status::Partial),
            (
                "#!/bin/sh\nsu app -c \"touch /data/x\"\nexec /app/server\n",
                Status::Fail,
            ),
        ] {
            expect(
                &c,
                script,
                &[
                    ("Dockerfile", "FROM alpine:3\nCOPY docker/entrypoint.sh /entrypoint.sh\nCOPY app /app\nENTRYPOINT [\"/entrypoint.sh\"]\n"),
                    ("docker/entrypoint.sh", script),
                ],
                want,
            );
        }
    }

    #[test]
    fn cases() {
        let c = PerDockerfile(NonRootUser);
        let table: &[(&str, &str, Status)] = &[
            ("named user", "FROM alpine:3\nRUN adduser -D app\nUSER app\n", Status::Pass),
            ("numeric uid", "FROM alpine:3\nUSER 10001:10001\n", Status::Pass),
            ("arg uid", "FROM alpine:3\nARG UID=1000\nUSER ${UID}\n", Status::Pass),
            ("root at end", "FROM alpine:3\nUSER app\nRUN x\nUSER root\n", Status::Fail),
            ("uid 0", "FROM alpine:3\nUSER 0:0\n", Status::Fail),
            ("no user", "FROM python:3.12\nCMD [\"python\"]\n", Status::Fail),
            ("only build stage non-root", "FROM golang:1 AS b\nUSER app\nFROM alpine:3\nCOPY --from=b /a /a\nENTRYPOINT [\"/a\"]\n", Status::Fail),
            // An artifact image: no command, no port, on a bare OS base.
            ("artifact image", "FROM debian:trixie-slim AS prep\nRUN make\nFROM debian:trixie-slim AS release\nCOPY --from=prep /artifacts.tar.gz /\n", Status::Partial),
            // Near misses: the same with a command or a port runs a service.
            ("artifact-like with entrypoint", "FROM debian:12\nCOPY app /app\nENTRYPOINT [\"/app\"]\n", Status::Fail),
            ("artifact-like with port", "FROM alpine:3\nCOPY app /app\nEXPOSE 8080\n", Status::Fail),
            ("command in an earlier stage of the chain", "FROM alpine:3 AS run\nCMD [\"/app\"]\nFROM run\nCOPY app /app\n", Status::Fail),
            ("final non-root, build root", "FROM golang:1 AS b\nUSER root\nFROM alpine:3\nUSER nobody\n", Status::Pass),
            ("inherits from stage", "FROM alpine:3 AS base\nUSER app\nFROM base\nCMD [\"x\"]\n", Status::Pass),
            ("distroless nonroot", "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY a /a\n", Status::Pass),
            ("grafana base", "FROM grafana/grafana:10.4.2\nCOPY dashboards /etc/grafana/dashboards\n", Status::Pass),
            ("bitnami base", "FROM docker.io/bitnami/redis:7.2\n", Status::Pass),
            ("grafana base that switches to root", "FROM grafana/grafana:10.4.2\nUSER root\n", Status::Fail),
            ("a lookalike name", "FROM acme/grafana:1\nCOPY x /x\n", Status::Fail),
            // The base image is a build argument with a stand-in default.
            ("base from a build argument", "ARG RUNTIME_IMAGE=placeholder\nFROM golang:1 AS b\nRUN make\nFROM ${RUNTIME_IMAGE}\nCOPY --from=b /app /app\nENTRYPOINT [\"/app\"]\n", Status::Partial),
            // Near misses: a tagged default is what builds use; only the
            // tag or the registry is an argument.
            ("base from a build argument with a tagged default", "ARG BASE=python:3.12-slim\nFROM ${BASE}\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n", Status::Fail),
            ("tag from a build argument", "ARG PY=3.12\nFROM python:${PY}-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n", Status::Fail),
            ("registry from a build argument", "ARG REGISTRY=docker.io\nFROM ${REGISTRY}/library/python:3.12\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n", Status::Fail),
            ("test-runner image", "FROM ruby:3.4\nCOPY . /src\nCMD [\"ruby\", \"/src/test/runner.rb\"]\n", Status::NotApplicable),
            ("serving image whose config path says test", "FROM ruby:3.4\nEXPOSE 80\nCMD [\"ruby\", \"/src/test/runner.rb\"]\n", Status::Fail),
            ("distroless root", "FROM gcr.io/distroless/static-debian12\nCOPY a /a\n", Status::Fail),
            ("chainguard", "FROM cgr.dev/chainguard/python:latest\n", Status::Pass),
            ("gosu", "FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT [\"docker-entrypoint.sh\"]\n", Status::Partial),
            // The official database images start the server as their own user.
            ("postgres base", "FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n", Status::Partial),
            ("mysql base", "FROM docker.io/library/mysql:8\nCOPY my.cnf /etc/mysql/conf.d/\n", Status::Partial),
            ("nginx base", "FROM nginx:alpine\nCOPY dist /usr/share/nginx/html\n", Status::Partial),
            ("php-fpm base", "FROM php:8.2-fpm-alpine\nCOPY . /var/www\n", Status::Partial),
            // Near miss: the PHP CLI image runs the script as root.
            ("php cli base", "FROM php:8.2-cli\nCOPY . /app\nCMD [\"php\", \"/app/worker.php\"]\n", Status::Fail),
            ("linuxserver base", "FROM ghcr.io/linuxserver/baseimage-alpine:3.23\nCOPY root/ /\n", Status::Partial),
            ("windows no user", "FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\nCOPY app/ /inetpub/wwwroot\n", Status::Partial),
            // Near misses: a look-alike name, an explicit root user.
            ("postgres-like", "FROM acme/postgres-tools:1\nCOPY x /x\n", Status::Fail),
            // A leading comment that says development only: not judged.
            ("dev by its header", "# This Dockerfile is intended for development purposes only.\nFROM golang:1.23\nCOPY . .\n", Status::NotApplicable),
            // Near miss: the words come after the first instruction.
            ("dev words later", "FROM golang:1.23\n# development tools\nCOPY . .\n", Status::Fail),
            ("postgres as root", "FROM postgres:16\nUSER root\n", Status::Partial),
            ("commented user", "FROM alpine:3\n# USER app\nCMD [\"sh\"]\n", Status::Fail),
            ("windows admin", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n", Status::Fail),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
        expect(
            &c,
            "base image by name",
            &[("Dockerfile.base", "FROM debian:12\n")],
            Status::NotApplicable,
        );
        expect(
            &c,
            "base and real",
            &[
                ("Dockerfile.base", "FROM debian:12\n"),
                ("Dockerfile", "FROM base:1\nUSER app\n"),
            ],
            Status::Pass,
        );
        let o = expect(
            &c,
            "line",
            &[("Dockerfile", "FROM a:1\nUSER app\nUSER root\n")],
            Status::Fail,
        );
        assert_eq!(o.findings[0].line, Some(3));
        assert_eq!(o.findings[0].rule.as_deref(), Some("root-user"));
    }
}
