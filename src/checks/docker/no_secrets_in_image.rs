//! `docker.no-secrets-in-image`: no credential is baked into an image.
//!
//! What is a finding (rule in brackets):
//! - `[secret-env]` an `ENV` or `ARG` whose name says secret
//!   (`DB_PASSWORD`, `API_KEY`, `AUTH_TOKEN`...; not `PASSWORD_FILE` or
//!   `TOKEN_URL`) with a literal value. Empty values, references (`$X`,
//!   `${X}`) and placeholders (`changeme`, `<token>`, `xxx`) are not; a
//!   well-known default password (`postgres`, `admin`) is an informational
//!   note. `ENV` values live in the image config; `ARG` values in its
//!   history: both are readable by anyone who can pull the image.
//! - `[url-credentials]` a `scheme://user:password@host` in an `ENV`/`ARG`
//!   value, with a real-looking password.
//! - `[secret-file]` `COPY`/`ADD` of a key or credentials file: `.env`
//!   (not `.env.example`), `id_rsa` and friends, `*.key`, `*.p12`, `*.pfx`,
//!   `*.jks`, `credentials.json`, `.npmrc`, `.pypirc`, `.netrc`,
//!   `.git-credentials`, `.aws/`, `.ssh/`. A `*.pem` may be a public
//!   certificate, and an `.npmrc` may only reference `${NPM_TOKEN}`: those
//!   are medium confidence.
//!
//! In a stage the final image does not build on, a finding is medium
//! confidence: the value stays in the build cache and intermediate layers,
//! not in the shipped image. Values are never shown whole.
//!
//! Each Dockerfile is one unit; any warning fails it.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{low, medium, stage_chain, DockerfileRule, Judged};
use crate::checks::{finding, Category, CheckId, CheckMeta, Severity, Stability};
use crate::formats::dockerfile::{key_values, Dockerfile, Instruction};
use crate::model::{Finding, Level};
use crate::secrets::filters;
use crate::secrets::redact::redact;

pub struct NoSecretsInImage;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.no-secrets-in-image"),
    title: Cow::Borrowed("No secret is baked into an image"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("No secret-named ENV/ARG with a literal value, no COPY of keys or .env"),
    rationale: Cow::Borrowed(
        "Everything in an image ships with it: ENV values sit in its config, ARG values in its \
         history (`docker history`), copied files in its layers, even when a later layer deletes \
         them. Anyone who can pull the image, from any registry or cache it reaches, can read them.",
    ),
    remediation: Cow::Borrowed(
        "Pass secrets at run time (environment from the orchestrator's secret store, mounted \
         files), and use BuildKit secret mounts for build-time credentials:\n\n\
         ```dockerfile\n\
         # before\n\
         ARG NPM_TOKEN=npm_abc...\n\
         COPY .npmrc .\n\
         # after\n\
         RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n\
         ```\n\n\
         Keep `.env` and key files out of the build context with `.dockerignore`, and rotate any \
         secret that was ever in a pushed image.",
    ),
    passes_when: Cow::Borrowed(
        "no ENV/ARG with a secret-like name holds a literal value (empty, ${REF} and placeholders \
         are fine), no ENV/ARG value embeds user:password@ credentials, and no COPY/ADD brings in \
         .env, private keys or credential files",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/build/building/secrets/"),
        Cow::Borrowed("https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/"),
    ]),
};

static URL_CREDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z][A-Za-z0-9+.-]*://([^:/@\s]+):([^@/\s]+)@[^\s/]").expect("static regex")
});

/// (file-name test, medium confidence, what it is)
fn secret_file(src: &str) -> Option<(bool, &'static str)> {
    let s = src.trim_end_matches('/');
    let name = s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase();
    let template = [
        "example", "sample", "template", "dist", "defaults", "schema",
    ]
    .iter()
    .any(|t| name.contains(t));
    if template || name.ends_with(".pub") {
        return None;
    }
    if name == ".env"
        || (name.starts_with(".env.")
            && !name.ends_with(".development")
            && !name.ends_with(".test"))
    {
        return Some((false, "an environment file"));
    }
    if matches!(
        name.as_str(),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519"
    ) {
        return Some((false, "an SSH private key"));
    }
    if name.ends_with(".key")
        || name.ends_with(".p12")
        || name.ends_with(".pfx")
        || name.ends_with(".jks")
    {
        return Some((false, "a private key or keystore"));
    }
    if name == "credentials.json" || name.starts_with("service-account") && name.ends_with(".json")
    {
        return Some((false, "a credentials file"));
    }
    if matches!(name.as_str(), ".git-credentials" | ".netrc" | ".pypirc") {
        return Some((false, "a credentials file"));
    }
    if s.split('/').any(|c| c == ".aws" || c == ".ssh") {
        return Some((false, "a credentials directory"));
    }
    if name.ends_with(".pem") {
        return Some((true, "a PEM file (a private key, or a public certificate)"));
    }
    if name == ".npmrc" {
        return Some((true, "an .npmrc (it may hold a registry token)"));
    }
    None
}

/// What a COPY or ADD copies: its words but the destination and heredocs.
pub(super) fn sources(i: &Instruction) -> Vec<String> {
    let mut words = i.words();
    words.retain(|w| !w.starts_with("<<"));
    words.pop();
    words
}

impl NoSecretsInImage {
    fn check_instruction(
        &self,
        path: &str,
        i: &Instruction,
        shipped: bool,
        out: &mut Vec<Finding>,
    ) {
        let grade = |f: Finding| {
            if shipped {
                f.level(Level::Error)
            } else {
                medium(f)
            }
        };
        if i.is("ENV") || i.is("ARG") {
            for (k, v) in key_values(&i.args) {
                let Some(v) = v else { continue };
                let value = v.trim();
                if let Some(c) = URL_CREDS.captures(value) {
                    let (u, p) = (
                        c.get(1).map_or("", |m| m.as_str()),
                        c.get(2).map_or("", |m| m.as_str()),
                    );
                    if filters::url_password_ok(u.as_bytes(), p.as_bytes()) {
                        out.push(grade(
                            finding(
                                &META,
                                format!(
                                    "{} `{k}` embeds credentials in a URL (password {})",
                                    i.keyword,
                                    redact(p.as_bytes())
                                ),
                            )
                            .rule("url-credentials")
                            .at(path, Some(i.line)),
                        ));
                        continue;
                    }
                }
                if value.is_empty()
                    || !filters::is_secret_key_name(k.as_bytes())
                    || filters::is_reference(value.as_bytes(), false)
                    || value.starts_with('$')
                {
                    continue;
                }
                if filters::plain_value_ok(value.as_bytes()) {
                    out.push(grade(
                        finding(
                            &META,
                            format!(
                                "{} `{k}` holds a literal secret ({}); it ships in the image",
                                i.keyword,
                                redact(value.as_bytes())
                            ),
                        )
                        .rule("secret-env")
                        .at(path, Some(i.line)),
                    ));
                } else if !filters::has_marker(value.as_bytes()) && value.len() >= 3 {
                    out.push(low(finding(
                        &META,
                        format!(
                            "{} `{k}` has a default value ({}); make sure production overrides it",
                            i.keyword,
                            redact(value.as_bytes())
                        ),
                    )
                    .rule("secret-env-default")
                    .level(Level::Info)
                    .at(path, Some(i.line))));
                }
            }
        }
        if i.is("COPY") || i.is("ADD") {
            for src in sources(i) {
                if let Some((is_medium, what)) = secret_file(&src) {
                    let f = finding(
                        &META,
                        format!("{} `{src}` puts {what} into the image", i.keyword),
                    )
                    .rule("secret-file")
                    .at(path, Some(i.line));
                    out.push(if is_medium { medium(f) } else { grade(f) });
                }
            }
        }
    }
}

impl DockerfileRule for NoSecretsInImage {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a value may be a build-time placeholder).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn judge(&self, path: &str, df: &Dockerfile) -> Judged {
        let shipped: Vec<usize> = df
            .final_stage()
            .map(|s| stage_chain(df, s).iter().map(|s| s.index).collect())
            .unwrap_or_default();
        let mut findings = Vec::new();
        for i in &df.instructions {
            // Global ARGs only reach the image when a stage redeclares them.
            let in_shipped = i.stage.is_some_and(|s| shipped.contains(&s));
            self.check_instruction(path, i, in_shipped || i.stage.is_none(), &mut findings);
        }
        // A test, CI or debug image (`docker/dummy/webdav/`,
        // `Dockerfile.test`) carries throwaway fixture credentials: reported,
        // but a reviewer would dispute them as leaks.
        if let Some(r) = super::dockerfile_role(path, df).filter(|r| {
            matches!(
                *r,
                "test"
                    | "tests"
                    | "ci"
                    | "e2e"
                    | "debug"
                    | "dev"
                    | "devel"
                    | "develop"
                    | "development"
            )
        }) {
            for f in &mut findings {
                if f.confidence == crate::model::Confidence::High {
                    f.confidence = crate::model::Confidence::Medium;
                    f.message.push_str(&format!(" (a {r} image)"));
                }
            }
        }
        let bad = findings.iter().any(|f| f.level > Level::Info);
        let mut j = Judged::file(!bad);
        j.findings = findings;
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
    fn test_images_carry_fixture_credentials() {
        let c = PerDockerfile(NoSecretsInImage);
        let text = "FROM a:1\nENV WEBDAV_PASSWORD=Xq8#kLm2pZ7w\nCMD [\"serve\"]\n";
        let o = expect(
            &c,
            "dummy image",
            &[("docker/dummy/webdav/Dockerfile", text)],
            Status::Partial,
        );
        assert_eq!(o.findings[0].confidence, crate::model::Confidence::Medium);
        expect(
            &c,
            "the shipped image",
            &[("docker/webdav/Dockerfile", text)],
            Status::Fail,
        );
    }

    #[test]
    fn cases() {
        let c = PerDockerfile(NoSecretsInImage);
        let table: &[(&str, &str, Status)] = &[
            (
                "clean",
                "FROM a:1\nENV PORT=8080 LOG_LEVEL=info\nCOPY . /app\n",
                Status::Pass,
            ),
            (
                "literal password",
                "FROM a:1\nENV DB_PASSWORD=Xq8#kLm2pZ7w\n",
                Status::Fail,
            ),
            (
                "legacy env form",
                "FROM a:1\nENV API_KEY sk9f8Gh2Lq0pWz\n",
                Status::Fail,
            ),
            (
                "arg with literal",
                "FROM a:1\nARG NPM_TOKEN=npm_8fJk2LmQp0Zx\n",
                Status::Fail,
            ),
            (
                "arg without default",
                "FROM a:1\nARG NPM_TOKEN\n",
                Status::Pass,
            ),
            (
                "reference",
                "FROM a:1\nARG TOKEN\nENV API_TOKEN=${TOKEN}\n",
                Status::Pass,
            ),
            ("empty", "FROM a:1\nENV SECRET_KEY=\"\"\n", Status::Pass),
            (
                "placeholder",
                "FROM a:1\nENV DB_PASSWORD=changeme\n",
                Status::Pass,
            ),
            (
                "default password is a note",
                "FROM a:1\nENV POSTGRES_PASSWORD=postgres\n",
                Status::Pass,
            ),
            (
                "not a secret name",
                "FROM a:1\nENV PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://x/token\n",
                Status::Pass,
            ),
            (
                "url creds",
                // shipready: ignore[secrets.no-committed-secrets] a test's made-up password
                "FROM a:1\nENV DATABASE_URL=postgres://app:Zk3vQ9xLm2@db:5432/app\n",
                Status::Fail,
            ),
            (
                "url placeholder",
                "FROM a:1\nENV DATABASE_URL=postgres://user:password@db/app\n",
                Status::Pass,
            ),
            ("copy env", "FROM a:1\nCOPY .env /app/.env\n", Status::Fail),
            (
                "copy env example",
                "FROM a:1\nCOPY .env.example /app/.env\n",
                Status::Pass,
            ),
            (
                "copy ssh key",
                "FROM a:1\nCOPY id_rsa /root/.ssh/id_rsa\n",
                Status::Fail,
            ),
            (
                "copy public key",
                "FROM a:1\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n",
                Status::Pass,
            ),
            (
                "exec form add key",
                "FROM a:1\nADD [\"certs/server.key\", \"/etc/ssl/\"]\n",
                Status::Fail,
            ),
            (
                "pem is medium",
                "FROM a:1\nCOPY ca.pem /etc/ssl/\n",
                Status::Partial,
            ),
            (
                "commented",
                "FROM a:1\n# ENV DB_PASSWORD=Xq8#kLm2pZ7w\n",
                Status::Pass,
            ),
        ];
        for (name, text, want) in table {
            expect(&c, name, &[("Dockerfile", text)], *want);
        }
        let o = expect(
            &c,
            "build stage only",
            &[(
                "Dockerfile",
                "FROM a:1 AS b\nCOPY id_rsa /root/.ssh/\nFROM c:1\n",
            )],
            Status::Partial,
        );
        assert_eq!(o.findings[0].confidence, crate::model::Confidence::Medium);
        assert!(!o.findings[0].message.contains("Xq8"));
    }
}
