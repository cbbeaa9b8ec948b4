//! `docker.multistage`: compiled code ships without its toolchain.
//!
//! A Dockerfile is judged when it compiles: a stage starts from a toolchain
//! image (`golang`, `rust`, `maven`, `gradle`, `*-jdk`, `dotnet/sdk`, `gcc`,
//! `swift`, `haskell`...) or a RUN invokes a compiler or build tool (`go
//! build`, `cargo build`, `mvn package`, `gradle build`, `dotnet publish`,
//! `javac`). It passes when the final stage does not run on a toolchain
//! image (following `FROM <stage>` chains to the image underneath). A final
//! stage on a toolchain image is a finding `[toolchain-in-final-stage]`: the
//! image is read from the file, not guessed. A development or CI image may
//! carry the toolchain on purpose; those usually live in `Dockerfile.dev`,
//! `.devcontainer/` or `ci/`, which are not judged.
//! Interpreted stacks (node, python, ruby) are not judged: their runtime is
//! their toolchain. Nor is a final stage with no `CMD`, `ENTRYPOINT` or
//! `EXPOSE`: that is a tool image (a code generator, a build container) run
//! with an explicit command. Each judged Dockerfile is a unit.

use std::borrow::Cow;

use super::{stage_chain, DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{split_commands, Dockerfile, ImageRef};

pub struct Multistage;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.multistage"),
    title: Cow::Borrowed("Compiled images leave the toolchain in a build stage"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile that compiles code"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Compilers and SDKs stay in a build stage, out of the runtime image"),
    rationale: Cow::Borrowed(
        "A runtime image built on `golang` or `maven` carries a compiler, package caches and source: \
         hundreds of megabytes to pull on every deploy and scale-up, and hundreds of packages of \
         attack surface the service never uses.",
    ),
    remediation: Cow::Borrowed(
        "Build in one stage and copy the artefact into a slim runtime:\n\n\
         ```dockerfile\n\
         FROM golang:1.22 AS build\n\
         WORKDIR /src\n\
         COPY . .\n\
         RUN CGO_ENABLED=0 go build -o /app ./cmd/server\n\n\
         FROM gcr.io/distroless/static-debian12:nonroot\n\
         COPY --from=build /app /app\n\
         ENTRYPOINT [\"/app\"]\n\
         ```",
    ),
    passes_when: Cow::Borrowed(
        "in every Dockerfile that compiles code, the final stage runs on an image other than a \
         compiler/SDK image; Dockerfiles that compile nothing are not judged",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://docs.docker.com/build/building/multi-stage/")]),
};

/// Whether an image is a compiler or SDK image.
pub fn toolchain(image: &str) -> bool {
    let r = ImageRef::parse(image);
    let name = r.short_name();
    let tag = r.tag.as_deref().unwrap_or("");
    if matches!(
        name,
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "ibmjava" | "sapmachine"
    ) {
        // Their untagged and plain version tags are JDKs.
        return !tag.contains("jre");
    }
    if name == "sdk" {
        return r.name.contains("dotnet");
    }
    matches!(
        name,
        "golang"
            | "rust"
            | "maven"
            | "gradle"
            | "gcc"
            | "swift"
            | "haskell"
            | "sbt"
            | "clojure"
            | "kotlin"
            | "mono"
            | "crystal"
            | "nim"
            | "zig"
            | "dart"
            | "buildpack-deps"
    )
}

fn compiles(script: &str) -> bool {
    split_commands(script).iter().any(|c| {
        let a = c.args_from_program();
        let sub = a.get(1).map(String::as_str).unwrap_or("");
        match c.program().unwrap_or("") {
            "go" => matches!(sub, "build" | "install"),
            "cargo" => matches!(sub, "build" | "install"),
            "mvn" | "mvnw" => true,
            "gradle" | "gradlew" => true,
            "dotnet" => matches!(sub, "publish" | "build"),
            "javac" | "rustc" | "swiftc" | "ghc" => true,
            _ => false,
        }
    })
}

/// Paths of images meant to carry a toolchain.
fn dev_image(path: &str) -> bool {
    let l = path.to_ascii_lowercase();
    let name = l.rsplit('/').next().unwrap_or(&l);
    l.contains(".devcontainer/")
        || l.split('/')
            .any(|c| c == "ci" || c == ".ci" || c == "dev" || c == "tools")
        || name.contains(".dev")
        || name.contains("-dev")
        || name.starts_with("dev.")
        || name.contains("builder")
        || name.contains(".ci")
        || name.contains(".test")
}

impl DockerfileRule for Multistage {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let Some(last) = df.final_stage() else {
            return Judged::default();
        };
        let compiles_any = df.stages.iter().any(|s| toolchain(&s.resolved))
            || df
                .instructions
                .iter()
                .any(|i| i.is("RUN") && compiles(&i.script()));
        if !compiles_any || dev_image(path) {
            return Judged::default();
        }
        let base = stage_chain(df, last)
            .last()
            .map_or(last.resolved.clone(), |s| s.resolved.clone());
        if toolchain(&base) {
            // A tool image (no CMD, ENTRYPOINT or EXPOSE) carries the
            // toolchain on purpose.
            let runs = !super::is_tool_image(df, last);
            if !runs {
                return Judged::default().note("compiles, but the final stage has no CMD, ENTRYPOINT or EXPOSE: a tool image, not judged");
            }
            return Judged::file(false).with(
                finding(&META, format!("the final stage runs on the toolchain image `{base}`; build in a stage and copy the artefact into a slim runtime image"))
                    .rule("toolchain-in-final-stage")
                    .at(path, Some(last.line)),
            );
        }
        Judged::file(true)
    }

    fn nothing_to_judge(&self) -> crate::model::Outcome {
        crate::model::Outcome::not_applicable("no Dockerfile compiles code")
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
        let c = PerDockerfile(Multistage);
        let table: &[(&str, &str, &str, Status)] = &[
            ("go multistage", "Dockerfile", "FROM golang:1.22 AS b\nRUN go build -o /app\nFROM gcr.io/distroless/static\nCOPY --from=b /app /app\n", Status::Pass),
            ("go single", "Dockerfile", "FROM golang:1.22\nCOPY . .\nRUN go build -o /app\nCMD [\"/app\"]\n", Status::Fail),
            ("codegen tool image", "Dockerfile", "FROM golang:1.22\nRUN go install tool\n", Status::NotApplicable),
            ("maven single", "Dockerfile", "FROM maven:3-eclipse-temurin-21\nRUN mvn package\nCMD [\"java\", \"-jar\", \"a.jar\"]\n", Status::Fail),
            ("jre runtime", "Dockerfile", "FROM maven:3 AS b\nRUN mvn package\nFROM eclipse-temurin:21-jre\nCOPY --from=b /a.jar /a.jar\n", Status::Pass),
            ("final from build stage", "Dockerfile", "FROM rust:1 AS b\nRUN cargo build --release\nFROM b\nEXPOSE 80\n", Status::Fail),
            ("node is not judged", "Dockerfile", "FROM node:20\nRUN npm ci\n", Status::NotApplicable),
            ("dev image", "Dockerfile.dev", "FROM golang:1.22\nRUN go build\n", Status::NotApplicable),
            ("dotnet", "Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS b\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=b /out /app\n", Status::Pass),
            ("dotnet single", "Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -o /out\nENTRYPOINT [\"dotnet\", \"/out/app.dll\"]\n", Status::Fail),
            ("go build on alpine", "Dockerfile", "FROM alpine:3\nRUN apk add go && go build -o /app\n", Status::Pass),
        ];
        for (name, path, text, want) in table {
            expect(&c, name, &[(path, text)], *want);
        }
    }
}
