//! `docker.pinned-base-image`: every `FROM` names its image by digest.
//!
//! Each `FROM` of an external image is one unit: an `@sha256:` digest earns
//! full credit; a version tag earns half, with a finding (tags move: the same
//! `python:3.12-slim` is a different image next week); `latest`, no tag,
//! or a tag naming only a variant or a channel (`node:alpine`,
//! `python:slim`, `node:lts`, `node:alpine3.19`: the image's own version
//! floats as with latest) earns nothing. A distribution's codename
//! (`debian:bookworm`) and an image whose name carries its version
//! (`distroless/static-debian12:nonroot`) are pinned by tag. `scratch`, and `FROM` of an earlier stage (`FROM build`),
//! are not counted. Images written with build arguments are resolved from
//! the defaults of the `ARG`s declared before the first `FROM`; an argument
//! with no default cannot be judged and is reported at low confidence.
//!
//! This check also reports what makes a Dockerfile unbuildable (no `FROM`,
//! an unknown instruction, an unterminated heredoc, an instruction before
//! `FROM`): such a file counts as one unit with no credit.

use std::borrow::Cow;

use super::{low, DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{Dockerfile, ImageRef};
use crate::model::Level;

pub struct PinnedBaseImage;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.pinned-base-image"),
    title: Cow::Borrowed("Base images are pinned by digest"),
    category: Category::Deployment,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Every FROM pins its image by @sha256 digest; never latest or no tag"),
    rationale: Cow::Borrowed(
        "A tag is a moving pointer: `node:20` today and next week are different images, so the same \
         commit builds a different artefact, a rollback does not restore what ran before, and a \
         compromised or broken upstream push reaches production unreviewed. `latest` (or no tag) \
         moves across major versions. A digest names exactly one image.",
    ),
    remediation: Cow::Borrowed(
        "Pin each base image by digest, keeping the tag for readers, and let Dependabot or Renovate \
         propose digest updates:\n\n\
         ```dockerfile\n\
         # before\n\
         FROM python:3.12-slim\n\
         # after\n\
         FROM python:3.12-slim@sha256:<digest from `docker buildx imagetools inspect python:3.12-slim`>\n\
         ```\n\n\
         A version tag alone earns partial credit; `latest`, no tag, or a tag naming only a variant \
         or channel (`node:alpine`, `python:slim`, `node:lts`) earns none.",
    ),
    passes_when: Cow::Borrowed(
        "every FROM of an external image carries an @sha256 digest (a version tag alone earns half \
         credit; latest, no tag, or a tag with no version such as `node:alpine` none); scratch and FROM of an earlier stage are not counted; build \
         arguments are resolved from their ARG defaults",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"),
        Cow::Borrowed("https://github.com/hadolint/hadolint/wiki/DL3007"),
    ]),
};

/// Channels that move by design, whatever follows them (`lts-alpine3.19`).
const CHANNELS: &[&str] = &[
    "latest", "lts", "current", "stable", "mainline", "edge", "rolling", "nightly", "dev", "devel",
    "testing", "unstable", "sid", "beta", "rc", "canary", "main", "master",
];

/// Variants an official image is built in: a tag that starts with one
/// (`alpine3.19`, `slim-bookworm`, `bookworm`) names the variant's version,
/// not the image's.
const VARIANTS: &[&str] = &[
    "alpine",
    "slim",
    "bookworm",
    "bullseye",
    "buster",
    "stretch",
    "trixie",
    "jammy",
    "focal",
    "noble",
    "bionic",
    "windowsservercore",
    "nanoserver",
    "jdk",
    "jre",
    "onbuild",
    "musl",
    "glibc",
];

/// Distribution images whose digit-less tags are release codenames
/// (`debian:bookworm` is Debian 12), apart from the channels above.
const DISTROS: &[&str] = &["debian", "ubuntu", "buildpack-deps"];

/// Whether a tag floats like `latest`: it names a variant or a channel
/// (`alpine`, `slim`, `lts`, `slim-bookworm`, `lts-alpine3.19`) but no
/// version of the image. A distribution's codename (`debian:bookworm-slim`)
/// names its release, and an image whose name carries the version
/// (`distroless/static-debian12:nonroot`) is pinned by its name.
fn floats(name: &str, tag: &str) -> bool {
    let t = tag.to_ascii_lowercase();
    let first = t.split(['-', '_', '.']).next().unwrap_or("");
    let word = |seg: &str| -> String {
        seg.chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect()
    };
    if CHANNELS.contains(&first) {
        // `latest-rust-1.80.1` still pins a version of what it carries;
        // `lts-alpine3.19` only pins its variant.
        return !t.split('-').skip(1).any(|seg| {
            seg.chars().any(|c| c.is_ascii_digit()) && !VARIANTS.contains(&word(seg).as_str())
        });
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    if base.chars().any(|c| c.is_ascii_digit()) || DISTROS.contains(&base) {
        return false;
    }
    !t.chars().any(|c| c.is_ascii_digit()) || VARIANTS.contains(&word(&t).as_str())
}

impl DockerfileRule for PinnedBaseImage {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn unit(&self) -> &'static str {
        "base images"
    }

    fn summary(&self, units: f64, findings: &[crate::model::Finding]) -> Option<String> {
        let count = |rules: &[&str]| {
            findings
                .iter()
                .filter(|f| f.rule.as_deref().is_some_and(|r| rules.contains(&r)))
                .count()
        };
        let tags = count(&["tag-not-digest"]);
        let bad = count(&["latest-tag", "no-tag", "floating-tag"]);
        let broken = findings
            .iter()
            .filter(|f| {
                f.level == Level::Error
                    && f.rule
                        .as_deref()
                        .is_some_and(|r| !["latest-tag", "no-tag", "floating-tag"].contains(&r))
            })
            .filter_map(|f| f.path.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let images = units as usize - broken;
        let mut s = format!(
            "{} of {images} base images pinned by digest",
            images.saturating_sub(tags + bad)
        );
        if tags > 0 {
            s.push_str(&format!(", {tags} by tag only"));
        }
        if bad > 0 {
            s.push_str(&format!(", {bad} latest, untagged or version-less"));
        }
        if broken > 0 {
            s.push_str(&format!(
                "; {broken} Dockerfile{} would not build",
                if broken == 1 { "" } else { "s" }
            ));
        }
        Some(s)
    }

    fn judges_broken(&self) -> bool {
        true
    }

    fn nothing_to_judge(&self) -> crate::model::Outcome {
        super::parsed(crate::model::Outcome::pass(
            "no external base image (scratch or earlier stages only)",
        ))
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let mut j = Judged::default();
        for p in &df.problems {
            let level = if p.is_fatal() {
                Level::Error
            } else {
                Level::Warning
            };
            j.findings.push(
                finding(&META, format!("{path}:{}: {}", p.line, p.message))
                    .rule(p.rule)
                    .level(level)
                    .at(path, Some(p.line)),
            );
        }
        if df.is_broken() {
            // Unbuildable: one unit without credit, whatever its FROMs say.
            j.units = 1.0;
            return j;
        }
        for s in &df.stages {
            let image = s.resolved.trim();
            if image.eq_ignore_ascii_case("scratch") || df.from_stage(s) {
                continue;
            }
            if image.contains('$') {
                j.findings.push(low(finding(
                    &META,
                    format!("base image `{}` depends on a build argument with no default; cannot tell what it pins", s.image),
                )
                .rule("unresolved-arg")
                .level(Level::Info)
                .at(path, Some(s.line))));
                j.unresolved += 1;
                continue;
            }
            let r = ImageRef::parse(image);
            j.units += 1.0;
            let f = |rule: &str, msg: String| {
                finding(&META, msg)
                    .rule(rule)
                    .at(path, Some(s.line))
                    .snippet(format!("FROM {}", s.image))
            };
            match (&r.digest, r.tag.as_deref()) {
                (Some(_), _) => j.credit += 1.0,
                (None, Some("latest")) => j.findings.push(f(
                    "latest-tag",
                    format!("`{image}` uses the latest tag, which moves across major versions; pin a version and a digest"),
                )),
                (None, None) => j.findings.push(f(
                    "no-tag",
                    format!("`{image}` has no tag (it means latest); pin a version and a digest"),
                )),
                (None, Some(tag)) if floats(&r.name, tag) => j.findings.push(f(
                    "floating-tag",
                    format!("`{image}`: the tag `{tag}` names a variant or a channel but no version, so it moves across major versions like latest; pin a version and a digest"),
                )),
                (None, Some(tag)) => {
                    j.credit += 0.5;
                    j.findings.push(f(
                        "tag-not-digest",
                        format!("`{image}` is pinned to tag `{tag}` only; tags move, add an @sha256 digest"),
                    ));
                }
            }
        }
        if j.unresolved > 0 {
            j.note = Some(format!(
                "{} base image{} from build arguments without defaults not judged",
                j.unresolved,
                if j.unresolved == 1 { "" } else { "s" }
            ));
            // Only when nothing else could be judged is the verdict unknown.
            j.unknown = j.units == 0.0;
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
    fn version_less_tags_float() {
        // (image, tag, floats like latest)
        let table = [
            ("node", "alpine", true),
            ("python", "slim", true),
            ("ruby", "alpine", true),
            ("node", "lts", true),
            ("node", "lts-alpine3.19", true),
            ("python", "slim-bookworm", true),
            ("nginx", "stable-alpine", true),
            ("nginx", "mainline", true),
            ("golang", "alpine", true),
            ("registry.example.com/team/app", "main", true),
            ("ubuntu", "rolling", true),
            ("debian", "sid", true),
            ("node", "alpine3.19", true),
            ("python", "bookworm", true),
            ("ubuntu", "latest", true),
            ("debian", "stable-slim", true),
            ("debian", "sid-slim", true),
            ("golang", "trixie", true),
            // Versions, release codenames of a distribution, versioned names.
            ("node", "20-alpine", false),
            ("python", "3.12-slim", false),
            ("node", "v20", false),
            ("golang", "1.22-alpine", false),
            ("debian", "bookworm-slim", false),
            ("ubuntu", "jammy", false),
            ("gcr.io/distroless/static-debian12", "nonroot", false),
            ("mcr.microsoft.com/windows/servercore", "ltsc2022", false),
            ("alpine", "3.19", false),
            ("ubuntu", "22.04", false),
            ("debian", "12-slim", false),
            ("lukemathwalker/cargo-chef", "latest-rust-1.80.1", false),
            ("eclipse-temurin", "21-jre", false),
        ];
        for (name, tag, want) in table {
            assert_eq!(floats(name, tag), want, "{name}:{tag}");
        }
    }

    #[test]
    fn cases() {
        let c = PerDockerfile(PinnedBaseImage);
        let d = "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let digest = format!("FROM alpine:3.19{d}\nUSER 1\n");
        let stage_ref = format!("FROM golang:1.22{d} AS build\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a\n");
        let arg = format!("ARG BASE=debian:12{d}\nFROM $BASE\n");
        let table: &[crate::checks::docker::Case] = &[
            ("digest", &[("Dockerfile", &digest)], Status::Pass),
            (
                "stage refs and scratch",
                &[("Dockerfile", &stage_ref)],
                Status::Pass,
            ),
            (
                "arg default with digest",
                &[("Dockerfile", &arg)],
                Status::Pass,
            ),
            (
                "version tag",
                &[("Dockerfile", "FROM node:20-slim\n")],
                Status::Partial,
            ),
            (
                "latest",
                &[("Dockerfile", "FROM node:latest\n")],
                Status::Fail,
            ),
            ("no tag", &[("Dockerfile", "FROM ubuntu\n")], Status::Fail),
            (
                "variant-only tag",
                &[("Dockerfile", "FROM node:alpine\n")],
                Status::Fail,
            ),
            (
                "variant-only tag with a digest",
                &[("Dockerfile", &format!("FROM node:alpine{d}\n"))],
                Status::Pass,
            ),
            (
                "arg default latest",
                &[("Dockerfile", "ARG IMG=node\nFROM ${IMG}\n")],
                Status::Fail,
            ),
            ("no from", &[("Dockerfile", "RUN echo\n")], Status::Fail),
            (
                "commented latest",
                &[("Dockerfile", &format!("# FROM node:latest\n{digest}"))],
                Status::Pass,
            ),
            (
                "example only",
                &[("examples/Dockerfile", "FROM node\n")],
                Status::NotApplicable,
            ),
            (
                "example left out",
                &[
                    ("examples/Dockerfile", "FROM node\n"),
                    ("Dockerfile", &digest),
                ],
                Status::Pass,
            ),
            (
                "no dockerfile",
                &[("README.md", "x")],
                Status::NotApplicable,
            ),
        ];
        for (name, files, want) in table {
            expect(&c, name, files, *want);
        }
        let o = expect(
            &c,
            "mixed",
            &[("Dockerfile", &format!("FROM node:20 AS b\n{digest}"))],
            Status::Partial,
        );
        assert!((o.score - 0.75).abs() < 1e-9, "{}", o.score);
        assert_eq!(o.findings[0].line, Some(1));
        let unknown = expect(
            &c,
            "unresolved arg",
            &[("Dockerfile", "ARG BASE\nFROM $BASE\n")],
            Status::Unknown,
        );
        assert_eq!(unknown.findings[0].rule.as_deref(), Some("unresolved-arg"));
    }
}
