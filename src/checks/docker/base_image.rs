//! Dockerfiles that build images for others to build on, recognised by
//! what they contain rather than by their name (`Dockerfile.base` is
//! [`super::role`]).
//!
//! Two shapes:
//!
//! - **A published base image**: an image-publishing repository (the
//!   official images' `3.12/bookworm/Dockerfile`, `17/alpine3.22/Dockerfile`)
//!   lays out one Dockerfile per version in directories named for the
//!   version, and its Dockerfiles copy no application from the build
//!   context: no `COPY .`, no source directory, manifest or build artefact,
//!   only entrypoint scripts and configuration. A Dockerfile counts when it
//!   has that shape *and* the repository has such Dockerfiles under at least
//!   two different version directories. An application Dockerfile in a
//!   versioned directory (`deploy/v2/Dockerfile` with `COPY . /app`) does
//!   not count.
//! - **A runtime image**: the final command is a bare shell or interpreter
//!   (`CMD ["python3"]`, `CMD ["php", "-a"]`, `CMD bash`), with no script to
//!   run. It serves nothing; the image built FROM it names the program.
//!
//! - **A package-build image**: the final stage installs tools that build
//!   distribution packages (`rpm-build`, `debhelper`, `devscripts`, `fpm`):
//!   it is run to produce a `.deb` or `.rpm`, not to serve.
//!
//! None is a service: the health check, like the non-root user, belongs
//! to the image built FROM them (the official images deliberately ship no
//! HEALTHCHECK for that reason).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::stage_chain;
use crate::formats::dockerfile::{split_commands, Dockerfile, Stage};

/// A directory named for a version or a release channel: `3.12`, `17`,
/// `7.4-rc`, `v2`, `alpine3.23`, `php8.2`, `3.12-slim`, `tip`, `latest`.
static VERSION_DIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:v?\d+(?:\.\d+)*(?:[-_.][a-z0-9]+)*|[a-z][a-z-]*\d+\.\d+[a-z0-9.-]*|tip|latest|edge|nightly|beta|stable|lts|mainline|rc)$")
        .expect("version dir regex")
});

/// Directories that hold an application's source or build output.
const SOURCE_DIRS: &[&str] = &[
    "src", "app", "apps", "lib", "cmd", "pkg", "internal", "server", "web", "api", "target",
    "dist", "build", "out", "bin", "public", "static", "services", "packages",
];

/// Manifests and lockfiles: copying one means building the application.
const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "requirements.txt",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "pipfile",
    "pipfile.lock",
    "setup.py",
    "go.mod",
    "go.sum",
    "cargo.toml",
    "cargo.lock",
    "gemfile",
    "gemfile.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
    "composer.lock",
    "mix.exs",
    "mix.lock",
];

/// Extensions of application code and build artefacts.
const APP_EXTS: &[&str] = &[
    "py", "js", "mjs", "cjs", "ts", "go", "rb", "php", "java", "kt", "rs", "cs", "ex", "exs",
    "jar", "war", "ear", "whl", "gem", "dll", "nupkg", "csproj", "sln",
];

/// Programs that, run with nothing but flags, are an interactive shell or
/// interpreter.
const INTERPRETERS: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "dash",
    "zsh",
    "fish",
    "python",
    "python2",
    "python3",
    "pypy",
    "pypy3",
    "node",
    "nodejs",
    "bun",
    "deno",
    "php",
    "ruby",
    "irb",
    "perl",
    "jshell",
    "julia",
    "r",
    "ghci",
    "erl",
    "iex",
    "pwsh",
    "powershell",
    "cmd",
    "lua",
    "tclsh",
    "scala",
    "groovysh",
];

/// Entrypoints that only wrap the command (`docker-entrypoint.sh "$@"`,
/// init shims): the command that matters is still CMD.
fn is_wrapper(program: &str) -> bool {
    let p = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let p = p.to_ascii_lowercase();
    p.contains("entrypoint") || ["tini", "dumb-init", "gosu", "su-exec"].contains(&p.as_str())
}

/// The path prefix up to the last directory named for a version
/// (`3.12/bookworm/Dockerfile` -> `3.12`, `8.2/alpine3.23/cli/Dockerfile`
/// -> `8.2/alpine3.23`), if there is one.
pub fn version_dir(path: &str) -> Option<String> {
    let comps: Vec<&str> = path.split('/').collect();
    let dirs = &comps[..comps.len().saturating_sub(1)];
    let i = dirs.iter().rposition(|c| VERSION_DIR.is_match(c))?;
    Some(dirs[..=i].join("/"))
}

/// Whether a COPY/ADD source is application code from the build context.
fn is_app_source(src: &str) -> bool {
    let s = src.trim().trim_start_matches("./");
    if s.is_empty() || s == "." || s == "*" || s.starts_with("${") || s.starts_with('$') {
        // The whole context, or a path from a build argument: assume an app.
        return true;
    }
    if s.contains("://") || s.starts_with("<<") {
        return false; // a download or a heredoc
    }
    let first = s.split('/').next().unwrap_or(s).to_ascii_lowercase();
    if SOURCE_DIRS.contains(&first.as_str()) {
        return true;
    }
    let name = s
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(s)
        .to_ascii_lowercase();
    if MANIFESTS.contains(&name.as_str()) || name.starts_with("requirements") {
        return true;
    }
    // Entrypoints and configuration set an image up; they are not the app.
    if name.contains("entrypoint") || name.contains("config") || name.starts_with("docker-") {
        return false;
    }
    name.rsplit_once('.')
        .is_some_and(|(_, e)| APP_EXTS.contains(&e))
}

/// Whether any stage copies application code from the build context (a
/// multi-stage build copies the source into its build stage). `COPY
/// --from` copies from another image or stage, not from the context.
pub fn copies_app_source(df: &Dockerfile) -> bool {
    df.instructions.iter().any(|i| {
        if !(i.is("COPY") || i.is("ADD")) || i.flag("from").is_some() {
            return false;
        }
        let mut words = i.words();
        words.pop(); // the destination
        words.iter().any(|w| is_app_source(w))
    })
}

/// The version directory of a Dockerfile shaped like a published base
/// image (versioned directory, no application copied in), if it is one.
/// Whether the repository publishes images is decided over all of them by
/// [`published`].
pub fn candidate(path: &str, df: &Dockerfile) -> Option<String> {
    let dir = version_dir(path)?;
    (!copies_app_source(df)).then_some(dir)
}

/// Whether the candidates' version directories make an image-publishing
/// layout: at least two different versions.
pub fn published<'a>(dirs: impl IntoIterator<Item = &'a str>) -> bool {
    dirs.into_iter().collect::<BTreeSet<_>>().len() >= 2
}

/// The command, when the final stage's effective command is a bare shell or
/// interpreter with only flags (`python3`, `php -a`, `/bin/bash`).
pub fn bare_interpreter(df: &Dockerfile, stage: &Stage) -> Option<String> {
    let chain = stage_chain(df, stage);
    let last = |kw: &str| {
        chain.iter().find_map(|s| {
            df.stage_instructions(s)
                .iter()
                .rev()
                .find(|i| i.is(kw))
                .map(|i| i.words())
        })
    };
    if let Some(ep) = last("ENTRYPOINT") {
        if ep.first().is_some_and(|p| !is_wrapper(p)) {
            return None;
        }
    }
    let cmd = last("CMD")?;
    let (program, args) = cmd.split_first()?;
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .to_ascii_lowercase();
    let base = base.trim_end_matches(".exe");
    // `python3.12`: the versioned binary is the same interpreter.
    let bare = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let known = INTERPRETERS.contains(&base) || INTERPRETERS.contains(&bare);
    (known
        && args
            .iter()
            .all(|a| a.starts_with('-') && a != "-c" && a != "-m"))
    .then(|| cmd.join(" "))
}

/// Packages that build distribution packages (`.deb`, `.rpm`): an image
/// that installs them is a package-build container.
const PACKAGING_TOOLS: &[&str] = &[
    "rpm-build",
    "rpmdevtools",
    "debhelper",
    "devscripts",
    "dh-make",
    "dpkg-dev",
    "fpm",
    "nfpm",
];

/// The packaging tool, when the final stage (or one it builds on) installs
/// one with a package manager or gem: a package-build container, run to
/// produce `.deb`/`.rpm` files, not a service.
pub fn package_builder(df: &Dockerfile, stage: &Stage) -> Option<&'static str> {
    stage_chain(df, stage).iter().find_map(|s| {
        df.stage_instructions(s)
            .iter()
            .filter(|i| i.is("RUN"))
            .flat_map(|i| split_commands(&i.script()))
            .find_map(|c| {
                let words = c.args_from_program();
                let installs = matches!(
                    c.program(),
                    Some("apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "apk" | "zypper" | "gem")
                ) && words.iter().any(|w| w == "install" || w == "add");
                if !installs {
                    return None;
                }
                PACKAGING_TOOLS
                    .iter()
                    .find(|t| words.iter().any(|w| w == *t))
                    .copied()
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::dockerfile::parse;

    #[test]
    fn version_dirs() {
        for (p, want) in [
            ("3.12/bookworm/Dockerfile", Some("3.12")),
            ("17/alpine3.22/Dockerfile", Some("17/alpine3.22")),
            ("7.4-rc/debian/Dockerfile", Some("7.4-rc")),
            ("latest/php8.2/apache/Dockerfile", Some("latest/php8.2")),
            ("images/redis/7.2/Dockerfile", Some("images/redis/7.2")),
            ("deploy/v2/Dockerfile", Some("deploy/v2")),
            ("tip/bookworm/Dockerfile", Some("tip")),
            ("Dockerfile", None),
            ("services/api/Dockerfile", None),
            ("docker/Dockerfile", None),
        ] {
            assert_eq!(version_dir(p).as_deref(), want, "{p}");
        }
    }

    #[test]
    fn app_sources() {
        for (src, want) in [
            (".", true),
            ("./", true),
            ("src/", true),
            ("./cmd/server", true),
            ("package.json", true),
            ("requirements-prod.txt", true),
            ("target/app.jar", true),
            ("app.py", true),
            ("${APP_DIR}", true),
            ("docker-entrypoint.sh", false),
            ("docker-php-ext-*", false),
            ("wp-config-docker.php", false),
            ("apache2-foreground", false),
            ("rootfs", false),
            ("nginx.conf", false),
            ("https://example.com/x.tar.gz", false),
        ] {
            assert_eq!(is_app_source(src), want, "{src}");
        }
    }

    #[test]
    fn interpreters() {
        for (text, want) in [
            ("FROM a\nCMD [\"python3\"]\n", Some("python3")),
            ("FROM a\nCMD [\"php\", \"-a\"]\n", Some("php -a")),
            ("FROM a\nCMD bash\n", Some("bash")),
            (
                "FROM a\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"node\"]\n",
                Some("node"),
            ),
            ("FROM a\nCMD [\"python3.12\"]\n", Some("python3.12")),
            ("FROM a\nCMD [\"python3\", \"app.py\"]\n", None),
            ("FROM a\nCMD [\"python3\", \"-m\", \"http.server\"]\n", None),
            ("FROM a\nCMD [\"sh\", \"-c\", \"exec app\"]\n", None),
            ("FROM a\nENTRYPOINT [\"/app\"]\nCMD [\"bash\"]\n", None),
            ("FROM a\nCMD [\"redis-server\"]\n", None),
            ("FROM a\n", None),
            ("FROM a AS b\nCMD [\"node\"]\nFROM b\n", Some("node")),
        ] {
            let df = parse(text);
            let st = df.final_stage().expect("stage");
            assert_eq!(bare_interpreter(&df, st).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn package_builders() {
        for (text, want) in [
            ("FROM golang:1\nRUN apt-get update && apt-get install -y build-essential devscripts debhelper\n", Some("debhelper")),
            ("FROM rockylinux:9\nRUN dnf install -y rpm-build systemd-rpm-macros\n", Some("rpm-build")),
            ("FROM ruby:3\nRUN gem install fpm\n", Some("fpm")),
            ("FROM debian:12\nRUN apt-get install -y curl\n", None),
            ("FROM debian:12\nRUN echo devscripts\n", None),
        ] {
            let df = parse(text);
            let st = df.final_stage().expect("stage");
            assert_eq!(package_builder(&df, st), want, "{text}");
        }
    }

    #[test]
    fn candidates() {
        let scaffold = "FROM debian:12\nRUN curl -fsSL https://x/redis.tar.gz | tar xz\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"redis-server\"]\n";
        let app = "FROM python:3.12\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
        for (path, text, want) in [
            ("7.2/debian/Dockerfile", scaffold, true),
            ("Dockerfile", scaffold, false),
            ("deploy/v2/Dockerfile", app, false),
            (
                "3.12/Dockerfile",
                "FROM a\nCOPY --from=build /src /src\n",
                true,
            ),
        ] {
            let df = parse(text);
            assert_eq!(candidate(path, &df).is_some(), want, "{path}");
        }
        assert!(published(["3.12", "3.13", "3.12"]));
        assert!(!published(["3.12", "3.12"]));
    }
}
