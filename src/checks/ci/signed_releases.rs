//! `ci.signed-releases`: what the project releases can be verified: a
//! signature, a provenance attestation or an SBOM is produced where the
//! release is built.
//!
//! Read from CI files (workflows, GitLab CI, composite actions and the
//! other pipelines `ci` knows) and GoReleaser configuration, comment lines
//! left out:
//! - signing: `sigstore/cosign-installer` with `cosign sign|attest`,
//!   `cosign sign-blob`, a detached `gpg` signature, `minisign -S`, a
//!   cosign key or password handed to a release step (the signing then
//!   lives in a shared action or an included GoReleaser template),
//!   GoReleaser `signs:`, `docker_signs:` or `binary_signs:`;
//! - provenance: `actions/attest-build-provenance`, `actions/attest`,
//!   the SLSA GitHub generator, `npm publish --provenance`, an explicit
//!   `provenance:` on an image build, PyPI trusted publishing through
//!   `pypa/gh-action-pypi-publish` (it attests by default);
//! - an SBOM: `anchore/sbom-action`, syft, CycloneDX, `sbom: true` on an
//!   image build, GoReleaser `sboms:`, `actions/attest-sbom`.
//!
//! This is the static counterpart of OpenSSF Scorecard's Signed-Releases,
//! which looks at the assets of published releases; here, a release built
//! outside the repository (another repository's pipeline, a maintainer's
//! laptop) is invisible, so a fail says "not where the release is built
//! here". On validity sets 1-16 it passes 1 of the 80 repositories rated
//! below 3 (a gpg-signed release), 13 % of those rated 3 and 52 % of those
//! rated 5.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::is_ci_file;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct SignedReleases;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.signed-releases"),
    title: Cow::Borrowed("Releases are signed, attested or carry an SBOM"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("The release pipeline signs, attests provenance or produces an SBOM"),
    rationale: Cow::Borrowed(
        "Whoever deploys a release has to trust that the image or binary is the one the project \
         built from its source. A signature or a provenance attestation lets them verify it (and \
         an admission controller enforce it); an SBOM lets them answer \"are we affected?\" the day \
         a dependency's vulnerability is published. Without them, a compromised registry account \
         or build machine ships unnoticed.",
    ),
    remediation: Cow::Borrowed(
        "Sign and attest where the release is built, e.g. in GitHub Actions:\n\n\
         ```yaml\n\
         permissions: {id-token: write, attestations: write, contents: read}\n\
         steps:\n\
         \x20 - uses: actions/attest-build-provenance@v2\n\
         \x20   with: {subject-path: dist/*}\n\
         \x20 - uses: sigstore/cosign-installer@v3\n\
         \x20 - run: cosign sign --yes ghcr.io/acme/api@${DIGEST}\n\
         ```\n\n\
         GoReleaser: `signs:` and `sboms:` in `.goreleaser.yaml`; npm: `npm publish --provenance`; \
         PyPI: trusted publishing with `pypa/gh-action-pypi-publish`; images: \
         `docker/build-push-action` with `provenance: mode=max` and `sbom: true`.",
    ),
    passes_when: Cow::Borrowed(
        "a CI file or GoReleaser configuration signs (cosign, or a cosign key handed to the release \
         step; gpg, minisign, GoReleaser signs), \
         attests provenance (GitHub attestations, SLSA generator, npm --provenance, PyPI trusted \
         publishing, image provenance) or produces an SBOM (syft, CycloneDX, sbom: true)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://github.com/ossf/scorecard/blob/main/docs/checks.md#signed-releases"),
        Cow::Borrowed("https://docs.github.com/en/actions/security-for-github-actions/using-artifact-attestations"),
        Cow::Borrowed("https://docs.sigstore.dev/cosign/signing/overview/"),
    ]),
};

/// (what it is, the pattern), tried on each non-comment line.
static EVIDENCE: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("static regex");
    vec![
        (
            "cosign signing",
            r(r"(?i)sigstore/cosign-installer|\bcosign\s+(sign|sign-blob|attest)\b"),
        ),
        // A cosign key or its password handed to a release step whose
        // signing lives in a shared action or an included template (Ory's
        // `ory/ci/releaser` with `cosign_pwd`; a `.goreleaser.yml` that
        // fetches `cosign.key`).
        (
            "a cosign key handed to the release",
            r(r"(?i)\bcosign[_-](pwd|password|private[_-]key|key)\b|\bcosign\.key\b"),
        ),
        (
            "a detached signature",
            r(r"(?i)\bgpg\b.*--detach-sign|\bminisign\s+-S\b"),
        ),
        (
            "a GitHub artifact attestation",
            r(r"(?i)actions/attest(-build-provenance|-sbom)?@"),
        ),
        (
            "SLSA provenance",
            r(r"(?i)slsa-framework/slsa-github-generator"),
        ),
        (
            "npm provenance",
            r(r"(?i)\bnpm\s+publish\b.*--provenance|NPM_CONFIG_PROVENANCE:\s*['\x22]?true"),
        ),
        (
            "PyPI trusted publishing (attested)",
            r(r"(?i)pypa/gh-action-pypi-publish@"),
        ),
        (
            "image provenance",
            r(r"(?i)^\s*provenance:\s*['\x22]?(true|mode=max)"),
        ),
        (
            "an SBOM",
            r(
                r"(?i)anchore/sbom-action|\bsyft\s+\S|cyclonedx|^\s*sbom:\s*['\x22]?true|--sbom(=true)?(\s|$)",
            ),
        ),
    ]
});

/// GoReleaser's signing and SBOM sections.
static GORELEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(signs|docker_signs|binary_signs|sboms):").expect("static regex")
});

/// A GoReleaser configuration, at the root or beside a subproject
/// (`cmd/cli/.goreleaser.yml`).
fn is_goreleaser(path: &str) -> bool {
    // Asked of every file: the extension first, the table only for YAML.
    if !(path.ends_with(".yml") || path.ends_with(".yaml")) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    crate::checks::deploy::versioning::release_tool(name) == Some("goreleaser")
}

/// What one file shows: (line, what).
struct Seen(Vec<(u32, &'static str)>);

fn evidence_in(path: &str, text: &str) -> Vec<(u32, &'static str)> {
    let goreleaser = is_goreleaser(path);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if goreleaser && GORELEASER.is_match(line) {
            out.push((n, "GoReleaser signing or SBOM"));
            continue;
        }
        if let Some((what, _)) = EVIDENCE.iter().find(|(_, re)| re.is_match(line)) {
            out.push((n, *what));
        }
    }
    out
}

impl Check for SignedReleases {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_ci_file(file) || is_goreleaser(&file.path)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        Some(Box::new(Seen(evidence_in(&file.path, content.text()))))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut read = 0usize;
        let mut found: Vec<String> = Vec::new();
        for (f, seen) in ctx.data::<Seen>() {
            read += 1;
            found.extend(
                seen.0
                    .iter()
                    .map(|(l, what)| format!("{what} at {}:{l}", f.path)),
            );
        }
        if !found.is_empty() {
            let n = found.len();
            return Ok(Outcome::pass(format!(
                "{n} signing, provenance or SBOM step{} found",
                if n == 1 { "" } else { "s" }
            ))
            .basis(Basis::Parsed)
            .evidences(found.into_iter().take(10)));
        }
        let looked = "looked for cosign, gpg or minisign signatures, GitHub attestations, SLSA provenance, npm --provenance, PyPI trusted publishing, image provenance and SBOMs (syft, CycloneDX) in CI files and GoReleaser configuration";
        let summary = if read == 0 {
            "no CI or release configuration: nothing signs or attests a release".to_string()
        } else {
            format!(
                "no signing, provenance or SBOM in {read} CI or release file{}",
                if read == 1 { "" } else { "s" }
            )
        };
        // An absence has no line to point at: the summary and the
        // evidence say what was read, as for the other CI absences.
        Ok(Outcome::fail(summary).basis(Basis::Parsed).evidence(looked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let wf =
            |s: &str| format!("on: push\njobs:\n  r:\n    runs-on: x\n    steps:\n      - {s}\n");
        type Files<'a> = Vec<(&'a str, String)>;
        let table: Vec<(&str, Files, Status)> = vec![
            ("cosign", vec![(".github/workflows/release.yml", wf("uses: sigstore/cosign-installer@v3"))], Status::Pass),
            ("cosign sign", vec![(".gitlab-ci.yml", "release:\n  script:\n    - cosign sign --yes $IMAGE@$DIGEST\n".into())], Status::Pass),
            ("attestation", vec![(".github/workflows/release.yml", wf("uses: actions/attest-build-provenance@v2"))], Status::Pass),
            ("cosign password to a release action", vec![(".github/workflows/ci.yml", wf("uses: ory/ci/releaser@master\n        with:\n          cosign_pwd: ${{ secrets.COSIGN_PWD }}"))], Status::Pass),
            ("slsa", vec![(".github/workflows/release.yml", wf("uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.0.0"))], Status::Pass),
            ("npm provenance", vec![(".github/workflows/release.yml", wf("run: npm publish --provenance --access public"))], Status::Pass),
            ("pypi trusted publishing", vec![(".github/workflows/release.yml", wf("uses: pypa/gh-action-pypi-publish@release/v1"))], Status::Pass),
            ("sbom action", vec![(".github/workflows/release.yml", wf("uses: anchore/sbom-action@v0"))], Status::Pass),
            ("image sbom", vec![(".github/workflows/release.yml", wf("uses: docker/build-push-action@v6\n        with:\n          push: true\n          sbom: true"))], Status::Pass),
            ("gpg", vec![(".github/workflows/release.yml", wf("run: gpg --batch --armor --detach-sign dist/app.tar.gz"))], Status::Pass),
            ("goreleaser signs", vec![(".github/workflows/release.yml", wf("uses: goreleaser/goreleaser-action@v6")), (".goreleaser.yaml", "builds:\n  - main: ./cmd/app\nsigns:\n  - artifacts: checksum\n".into())], Status::Pass),
            // Near misses: a release without signing, signing commented
            // out, a scanner that is not an SBOM, a nested key named `signs`.
            ("unsigned release", vec![(".github/workflows/release.yml", wf("uses: goreleaser/goreleaser-action@v6")), (".goreleaser.yaml", "builds:\n  - main: ./cmd/app\n".into())], Status::Fail),
            ("commented out", vec![(".github/workflows/release.yml", wf("run: make release\n      # - uses: sigstore/cosign-installer@v3"))], Status::Fail),
            ("image without provenance", vec![(".github/workflows/release.yml", wf("uses: docker/build-push-action@v6\n        with:\n          push: true\n          provenance: false"))], Status::Fail),
            ("cosign to verify a base image only", vec![(".github/workflows/ci.yml", wf("run: cosign verify --certificate-identity-regexp x ghcr.io/acme/base:1"))], Status::Fail),
            ("scanner only", vec![(".github/workflows/ci.yml", wf("uses: aquasecurity/trivy-action@0.28.0"))], Status::Fail),
            ("nested signs key", vec![(".goreleaser.yaml", "builds:\n  - main: ./cmd/app\n    signs: []\n".into())], Status::Fail),
            ("no ci", vec![("README.md", "# app\n".into())], Status::Fail),
        ];
        for (name, files, want) in table {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
            expect(&SignedReleases, name, &files, want);
        }
    }
}
