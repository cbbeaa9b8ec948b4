//! `docker.image`: a service's container image is defined in its repository.
//!
//! A service or worker passes when the repository says how its image is
//! built: a Dockerfile or Containerfile outside test, example, CI and
//! dev-container trees, or an image builder's configuration (Jib or Spring
//! Boot's `build-image` in a Maven or Gradle build, ko, GoReleaser
//! `dockers`/`kos`, Nix `dockerTools`, an Earthfile `SAVE IMAGE`, a
//! Cloud Native Buildpacks `project.toml`, or a CI step running one of these
//! builders). It is not applicable to a project deployed without containers
//! (Serverless Framework, AWS SAM, Vercel, Netlify, Cloudflare Workers, App
//! Engine). Otherwise it fails, naming the dev-only or example Dockerfiles
//! it saw: an image built in another repository cannot be reviewed, pinned
//! or rebuilt from this one.

use std::borrow::Cow;

use super::is_example;
use crate::checks::ci::is_ci_file;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::needles::Needles;
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};
use std::sync::LazyLock;

pub struct Image;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.image"),
    title: Cow::Borrowed("The service's container image is defined in the repository"),
    category: Category::Deployment,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[Profile::Service, Profile::Worker]),
    applies_when: Cow::Borrowed("a service or worker not deployed as serverless functions"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A Dockerfile or image builder (Jib, ko, buildpacks) ships with the code"),
    rationale: Cow::Borrowed(
        "A deploy is repeatable when the artefact it runs is built from the same commit as the \
         code. An image assembled by hand, or in another repository, drifts from the source: its \
         base, user and health check cannot be reviewed with the change that needs them, and a \
         rollback has to trust that the other repository kept step.",
    ),
    remediation: Cow::Borrowed(
        "Add a Dockerfile beside the code (multi-stage, pinned base, non-root user):\n\n\
         ```dockerfile\n\
         FROM python:3.12-slim AS runtime\n\
         WORKDIR /app\n\
         COPY requirements.txt .\n\
         RUN pip install --no-cache-dir -r requirements.txt\n\
         COPY . .\n\
         USER 10001\n\
         CMD [\"gunicorn\", \"app:app\", \"-b\", \"0.0.0.0:8000\"]\n\
         ```\n\n\
         or configure a builder that needs none: Jib (`jib-maven-plugin`), ko (`.ko.yaml`), \
         buildpacks (`project.toml`, `spring-boot:build-image`). When the image lives in another \
         repository on purpose, record it: `checks: {docker.image: {not_applicable: \"image built in \
         org/app-docker\"}}` in `.shipready.yaml`.",
    ),
    passes_when: Cow::Borrowed(
        "a Dockerfile or Containerfile outside test, example, CI and dev-container trees, or an \
         image builder's configuration (Jib, Spring Boot build-image, ko, GoReleaser dockers/kos, \
         Nix dockerTools, Earthfile SAVE IMAGE, buildpacks project.toml, or a CI step running one); \
         not applicable to serverless deployments",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/"),
        Cow::Borrowed("https://buildpacks.io/docs/"),
    ]),
};

/// What one file says about the image.
enum Seen {
    /// A Dockerfile; `true` when it is in a test, example, CI or
    /// dev-container tree.
    Dockerfile(bool),
    /// An image builder, described.
    Builder(String),
    /// A deployment without containers, described.
    Serverless(String),
}

/// Build-file literals that configure an image builder, with its name.
const BUILD_FILE_BUILDERS: &[(&str, &str)] = &[
    ("jib-maven-plugin", "Jib"),
    ("com.google.cloud.tools.jib", "Jib"),
    ("<goal>build-image</goal>", "Spring Boot build-image"),
    ("bootBuildImage", "Spring Boot bootBuildImage"),
];

/// CI-script literals that run an image builder.
const CI_BUILDERS: &[(&str, &str)] = &[
    ("spring-boot:build-image", "Spring Boot build-image"),
    ("bootBuildImage", "Spring Boot bootBuildImage"),
    ("jib:build", "Jib"),
    ("jib:dockerBuild", "Jib"),
    ("gradle jib", "Jib"),
    ("ko build", "ko"),
    ("ko publish", "ko"),
    ("pack build", "Cloud Native Buildpacks"),
    ("nix build .#docker", "Nix"),
];

static CI_NEEDLES: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&CI_BUILDERS.iter().map(|b| b.0).collect::<Vec<_>>()));
static BUILD_NEEDLES: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&BUILD_FILE_BUILDERS.iter().map(|b| b.0).collect::<Vec<_>>()));

fn is_build_file(name: &str) -> bool {
    matches!(name, "pom.xml" | "build.gradle" | "build.gradle.kts")
}

fn is_goreleaser(name: &str) -> bool {
    matches!(
        name,
        ".goreleaser.yml" | ".goreleaser.yaml" | "goreleaser.yml" | "goreleaser.yaml"
    )
}

/// Files that say the project is deployed without containers.
fn serverless_kind(name: &str) -> Option<&'static str> {
    match name {
        "serverless.yml" | "serverless.yaml" | "serverless.ts" => Some("Serverless Framework"),
        "vercel.json" => Some("Vercel"),
        "netlify.toml" => Some("Netlify"),
        "wrangler.toml" | "wrangler.jsonc" => Some("Cloudflare Workers"),
        "template.yaml" | "template.yml" => Some("AWS SAM"),
        "app.yaml" => Some("App Engine"),
        _ => None,
    }
}

fn wanted(file: &FileEntry) -> bool {
    if file.vendored() || file.fixture() {
        return false;
    }
    let name = file.name();
    file.is(FileKind::Dockerfile)
        || is_build_file(name)
        || is_goreleaser(name)
        || matches!(
            name,
            ".ko.yaml" | "project.toml" | "Earthfile" | "flake.nix"
        )
        || name.ends_with(".nix")
        || serverless_kind(name).is_some()
        || is_ci_file(file)
}

fn seen(file: &FileEntry, text: &str) -> Option<Seen> {
    let name = file.name();
    if file.is(FileKind::Dockerfile) {
        return Some(Seen::Dockerfile(is_example(&file.path)));
    }
    let at = |what: &str| format!("{what} in {}", file.path);
    if let Some(kind) = serverless_kind(name) {
        // SAM templates and App Engine files share common names: only their
        // own keys make them one.
        let own = match name {
            "template.yaml" | "template.yml" => text.contains("AWS::Serverless"),
            "app.yaml" => text.lines().any(|l| l.starts_with("runtime:")),
            _ => true,
        };
        return own.then(|| Seen::Serverless(at(kind)));
    }
    if is_build_file(name) {
        let i = BUILD_NEEDLES.first(text).iter().position(Option::is_some)?;
        return Some(Seen::Builder(at(BUILD_FILE_BUILDERS[i].1)));
    }
    if is_goreleaser(name) {
        let images = text
            .lines()
            .any(|l| matches!(l.trim_end(), "dockers:" | "dockers_v2:" | "kos:"));
        return images.then(|| Seen::Builder(at("GoReleaser images")));
    }
    match name {
        ".ko.yaml" => return Some(Seen::Builder(at("ko"))),
        "project.toml" if text.contains("io.buildpacks") || text.contains("[_]") => {
            return Some(Seen::Builder(at("Cloud Native Buildpacks")))
        }
        "Earthfile" if text.contains("SAVE IMAGE") => return Some(Seen::Builder(at("Earthly"))),
        _ => {}
    }
    if name.ends_with(".nix") {
        return text
            .contains("dockerTools.build")
            .then(|| Seen::Builder(at("Nix dockerTools")));
    }
    if is_ci_file(file) {
        let i = CI_NEEDLES.first(text).iter().position(Option::is_some)?;
        return Some(Seen::Builder(at(CI_BUILDERS[i].1)));
    }
    None
}

impl Check for Image {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wanted(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        seen(file, content.text()).map(|s| Box::new(s) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Seen)> = ctx.data::<Seen>().collect();
        // A pass names the first piece of evidence and lists up to ten.
        let pass = |summary: String, evidence: Vec<String>| {
            Ok(Outcome::pass(summary)
                .basis(Basis::Present)
                .evidences(evidence.into_iter().take(10)))
        };
        let dockerfiles: Vec<&str> = kept
            .iter()
            .filter(|(_, s)| matches!(s, Seen::Dockerfile(false)))
            .map(|(f, _)| f.path.as_str())
            .collect();
        if let Some(first) = dockerfiles.first() {
            let more = match dockerfiles.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let evidence = dockerfiles.iter().map(|p| format!("Dockerfile {p}"));
            return pass(format!("Dockerfile at {first}{more}"), evidence.collect());
        }
        let builders: Vec<String> = kept
            .iter()
            .filter_map(|(_, s)| match s {
                Seen::Builder(b) => Some(format!("image built by {b}")),
                _ => None,
            })
            .collect();
        if let Some(first) = builders.first() {
            return pass(first.clone(), builders);
        }
        if let Some(kind) = kept.iter().find_map(|(_, s)| match s {
            Seen::Serverless(k) => Some(k),
            _ => None,
        }) {
            return Ok(Outcome::not_applicable(format!(
                "deployed without containers ({kind})"
            )));
        }
        let aside: Vec<&str> = kept
            .iter()
            .filter(|(_, s)| matches!(s, Seen::Dockerfile(true)))
            .map(|(f, _)| f.path.as_str())
            .collect();
        let summary = if aside.is_empty() {
            "no Dockerfile or image build configuration".to_string()
        } else {
            format!(
                "only test, example or dev-container Dockerfiles: {}",
                aside.iter().take(3).copied().collect::<Vec<_>>().join(", ")
            )
        };
        // An absence has no location: the summary and evidence say it.
        Ok(Outcome::fail(summary)
            .basis(Basis::Present)
            .evidence("looked for Dockerfile/Containerfile, Jib, Spring Boot build-image, ko, GoReleaser dockers/kos, Nix dockerTools, Earthly, buildpacks"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);

    #[test]
    fn cases() {
        let app = ("app.py", "from flask import Flask\n");
        let table: &[Case<'_>] = &[
            ("Dockerfile", &[app, ("Dockerfile", "FROM python:3.12\n")], Status::Pass),
            ("Containerfile in deploy/", &[app, ("deploy/Containerfile", "FROM python:3.12\n")], Status::Pass),
            ("Jib", &[("pom.xml", "<plugin><artifactId>jib-maven-plugin</artifactId></plugin>")], Status::Pass),
            ("Spring Boot build-image in CI", &[("pom.xml", "<project/>"), (".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: ./mvnw spring-boot:build-image\n")], Status::Pass),
            ("ko", &[("main.go", "package main\n"), (".ko.yaml", "defaultBaseImage: cgr.dev/chainguard/static\n")], Status::Pass),
            ("GoReleaser dockers", &[(".goreleaser.yaml", "builds:\n  - main: .\ndockers:\n  - image_templates: [x]\n")], Status::Pass),
            ("Nix dockerTools", &[("flake.nix", "pkgs.dockerTools.buildLayeredImage { name = \"x\"; }")], Status::Pass),
            // Near misses.
            ("only a dev container", &[app, (".devcontainer/Dockerfile", "FROM python:3.12\n")], Status::Fail),
            ("only a test image", &[app, ("tests/e2e/Dockerfile", "FROM python:3.12\n")], Status::Fail),
            ("GoReleaser without images", &[(".goreleaser.yaml", "builds:\n  - main: .\narchives:\n  - format: tar.gz\n")], Status::Fail),
            ("Spring Boot plugin without build-image", &[("pom.xml", "<plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin>")], Status::Fail),
            ("nothing", &[app], Status::Fail),
            ("Serverless Framework", &[app, ("serverless.yml", "service: x\nprovider:\n  name: aws\n")], Status::NotApplicable),
            ("SAM template", &[app, ("template.yaml", "Transform: AWS::Serverless-2016-10-31\n")], Status::NotApplicable),
            ("a template.yaml that is not SAM", &[app, ("template.yaml", "kind: Template\n")], Status::Fail),
        ];
        for (name, files, want) in table {
            expect(&Image, name, files, *want);
        }
    }
}
