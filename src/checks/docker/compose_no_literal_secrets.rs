//! `docker.compose-no-literal-secrets`: compose files do not write credentials
//! into `environment:`.
//!
//! One unit per credential-named variable (`DB_PASSWORD`, `API_KEY`,
//! `JWT_SECRET`: the secret scanner's key-name rules; `DB_USER`,
//! `passwordKey`, `existingSecret` are configuration) in the services of
//! every compose file outside test and example trees. It passes when the
//! value comes from elsewhere: a bare `- DB_PASSWORD` (the shell), a
//! `${DB_PASSWORD}` interpolation (with or without a default), a
//! placeholder (`changeme`, `<password>`, `your-token`), or an empty value.
//! `env_file:` and `secrets:` are the remedies, not findings.
//!
//! Confidence, since compose files are as often local recipes as deployment
//! files: a value that looks generated (12+ characters, letters and digits)
//! is high; a short or wordy one (`postgres`, `test123`) is medium, a
//! sample a reviewer could wave through; anything in a development, local,
//! test or CI compose file (`docker-compose.dev.yml`, `compose.override.yaml`)
//! is low. Values are never printed whole.

use std::borrow::Cow;

use super::{compose_role_of, is_example, ComposeRole};
use crate::checks::k8s::no_literal_secrets::{credential, credential_name};
use crate::checks::secrets::no_env_files::is_env_template;
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::compose::Compose;
use crate::model::{Basis, Confidence, Finding, Level, Outcome};
use crate::secrets;
use crate::workspace::{Content, FileEntry, FileKind};

pub struct ComposeNoLiteralSecrets;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.compose-no-literal-secrets"),
    title: Cow::Borrowed("No credentials as literal values in compose files"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a compose file sets credential-named environment variables"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("credential-named variables come from the shell, env_file or secrets"),
    rationale: Cow::Borrowed(
        "A password written into a compose file's `environment:` is in git history for good, \
         readable by everyone with access to the repository, and usually copied unchanged into \
         the first real deployment. It also shows in `docker inspect` of every container.",
    ),
    remediation: Cow::Borrowed(
        "Interpolate the value and keep it out of the repository:\n\n\
         ```yaml\n\
         services:\n  api:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}\n    \
         # or\n    env_file: .env          # ignored by git\n    secrets: [db_password]  # mounted at /run/secrets/db_password\n\
         secrets:\n  db_password:\n    environment: DB_PASSWORD\n\
         ```\n\n\
         Rotate any credential that was committed.",
    ),
    passes_when: Cow::Borrowed(
        "no credential-named environment variable of a compose service has a literal value other \
         than a placeholder; one unit per credential-named variable; high confidence only for \
         generated-looking values the env template does not also give, low in \
         development/test compose files",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/compose/how-tos/use-secrets/"),
        Cow::Borrowed("https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/"),
    ]),
};

/// What one compose file holds: (variable, value, line, service) of its
/// credential-named variables, and what the file is for.
struct Kept {
    /// (name, value, line, service, the service disables its own security).
    vars: Vec<(String, Option<String>, u32, String, bool)>,
    role: ComposeRole,
}

/// The non-empty values of an env template (`.env.example`), unquoted.
struct TemplateValues(Vec<String>);

fn template_values(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("export ").unwrap_or(l);
            let (_, v) = l.split_once('=')?;
            if l.starts_with('#') {
                return None;
            }
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            (!v.is_empty()).then(|| v.to_string())
        })
        .collect()
}

/// Whether a compose file is judged by the compose checks.
/// Settings by which a search or database image switches its own
/// authentication off (`plugins.security.disabled=true`,
/// `xpack.security.enabled=false`, `DISABLE_SECURITY_PLUGIN=true`).
fn security_disabled(s: &crate::formats::compose::Service) -> bool {
    s.environment.iter().any(|e| {
        let name = e.name.to_ascii_lowercase();
        let value = e.value.as_deref().unwrap_or("").trim().to_ascii_lowercase();
        match name.as_str() {
            "plugins.security.disabled" | "disable_security_plugin" => value == "true",
            "xpack.security.enabled" => value == "false",
            _ => false,
        }
    })
}

pub fn wanted(file: &FileEntry) -> bool {
    file.is(FileKind::Compose) && !file.vendored()
}

impl Check for ComposeNoLiteralSecrets {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a literal may be a local default).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wanted(file) || (!file.vendored() && is_env_template(file))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if !file.is(FileKind::Compose) {
            return Some(Box::new(TemplateValues(template_values(content.text()))));
        }
        let c = content.model::<Compose>();
        let vars = c
            .services
            .iter()
            .flat_map(|s| {
                let open = security_disabled(s);
                s.environment
                    .iter()
                    .filter(|e| credential_name(&e.name))
                    .map(move |e| {
                        (
                            e.name.clone(),
                            e.value.clone(),
                            e.line,
                            s.name.clone(),
                            open,
                        )
                    })
            })
            .collect();
        Some(Box::new(Kept {
            vars,
            role: compose_role_of(&file.path, content.text()),
        }))
    }

    fn per_file(&self) -> bool {
        true
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let files: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        if files.is_empty() {
            return Ok(Outcome::not_applicable("no compose file"));
        }
        let real: Vec<_> = files.iter().filter(|(f, _)| !is_example(&f.path)).collect();
        if real.is_empty() {
            return Ok(Outcome::not_applicable(
                "only test or example compose files",
            ));
        }
        // A literal the env template also gives is the documented default
        // a setup guide says to copy: the same in every installation that
        // keeps it, but the project's stated local default, not a leaked
        // credential: medium at most.
        let documented: std::collections::HashSet<&str> = ctx
            .data::<TemplateValues>()
            .flat_map(|(_, t)| t.0.iter().map(String::as_str))
            .collect();
        let mut units = 0usize;
        let mut findings: Vec<Finding> = Vec::new();
        for (f, k) in &real {
            // One literal set by several services (merged from a YAML
            // anchor, or repeated) is one value to move out: one unit,
            // reported at its first service, naming the others.
            // (index of the first var, the services that set it)
            let mut units_of: Vec<(usize, Vec<&str>)> = Vec::new();
            for (i, (name, value, _, svc, _)) in k.vars.iter().enumerate() {
                let same = value.as_deref().and_then(|v| {
                    units_of.iter_mut().find(|(j, _)| {
                        let (n, w, ..) = &k.vars[*j];
                        n == name && w.as_deref() == Some(v)
                    })
                });
                match same {
                    Some((_, svcs)) => svcs.push(svc.as_str()),
                    None => units_of.push((i, vec![svc.as_str()])),
                }
            }
            for (i, svcs) in &units_of {
                let (name, value, line, _, open) = &k.vars[*i];
                units += 1;
                let named: Vec<String> = svcs.iter().map(|s| format!("`{s}`")).collect();
                let svc = match named.split_first() {
                    Some((first, [])) => first.clone(),
                    Some((first, rest)) => format!("{first} (and {})", rest.join(", ")),
                    None => String::new(),
                };
                let Some((v, high)) = value
                    .as_deref()
                    .and_then(|v| credential(name, v).map(|h| (v, h)))
                else {
                    continue;
                };
                let confidence = match (k.role, high) {
                    (ComposeRole::Dev, _) => Confidence::Low,
                    // The service switches its own authentication off: the
                    // password guards nothing, and the file is a local setup.
                    _ if *open => Confidence::Low,
                    (_, true) if !documented.contains(v) => Confidence::High,
                    _ => Confidence::Medium,
                };
                let dev = if k.role == ComposeRole::Dev {
                    " (a development/test compose file)"
                } else if *open {
                    " (the service disables its own security plugin: a local setup)"
                } else if documented.contains(v) {
                    " (the same value as the env template's: a documented default)"
                } else {
                    ""
                };
                findings.push(
                    finding(
                        &META,
                        format!(
                            "service {svc} sets {name} to a literal ({}){dev}; interpolate it (${{{name}}}) or use env_file/secrets",
                            secrets::redact(v.as_bytes())
                        ),
                    )
                    .rule("literal-env")
                    .level(Level::Error)
                    .confidence(confidence)
                    .at(f.path.clone(), Some(*line)),
                );
            }
        }
        if units == 0 {
            return Ok(Outcome::pass(format!(
                "no credential-named environment variable in {} compose file{}",
                real.len(),
                if real.len() == 1 { "" } else { "s" }
            ))
            .basis(Basis::Parsed));
        }
        let ok = units - findings.len();
        Ok(Outcome::fraction(
            ok as f64 / units as f64,
            format!("{ok} of {units} credential-named variables are not literals"),
        )
        .basis(Basis::Parsed)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    #[test]
    fn cases() {
        let env = |body: &str| {
            format!("services:\n  api:\n    image: acme/api:1\n    environment:\n{body}")
        };
        let table: Vec<(&str, String, &str, Status)> = vec![
            (
                "interpolated",
                env("      DB_PASSWORD: ${DB_PASSWORD}\n"),
                "compose.yaml",
                Status::Pass,
            ),
            (
                "interpolated with default",
                env("      - DB_PASSWORD=${DB_PASSWORD:-changeme}\n"),
                "compose.yaml",
                Status::Pass,
            ),
            (
                "from the shell",
                env("      - DB_PASSWORD\n"),
                "compose.yaml",
                Status::Pass,
            ),
            (
                "placeholder",
                env("      API_TOKEN: <your-token>\n"),
                "compose.yaml",
                Status::Pass,
            ),
            (
                "configuration names",
                env("      DB_USER: app\n      PASSWORD_FILE: /run/secrets/db\n"),
                "compose.yaml",
                Status::Pass,
            ),
            (
                "no credentials",
                env("      LOG_LEVEL: info\n"),
                "compose.yaml",
                Status::Pass,
            ),
            (
                "generated literal",
                env("      JWT_SECRET: 9fQ2xLr7Tz41kPw8Vb3n\n"),
                "docker-compose.prod.yml",
                Status::Fail,
            ),
            (
                "weak literal: medium",
                env("      - ADMIN_PASSWORD=Winter2024\n"),
                "compose.yaml",
                Status::Partial,
            ),
            (
                "one of two",
                env("      DB_PASSWORD: ${DB_PASSWORD}\n      API_KEY: 9fQ2xLr7Tz41kPw8Vb3n\n"),
                "compose.yaml",
                Status::Partial,
            ),
            (
                "dev file: low, a warning",
                env("      POSTGRES_PASSWORD: kq8Lm2Zx\n"),
                "docker-compose.dev.yml",
                Status::Pass,
            ),
            (
                "example only",
                env("      POSTGRES_PASSWORD: 9fQ2xLr7Tz41kPw8Vb3n\n"),
                "examples/compose.yaml",
                Status::NotApplicable,
            ),
        ];
        for (name, text, path, want) in &table {
            expect(
                &ComposeNoLiteralSecrets,
                name,
                &[(path, text.as_str())],
                *want,
            );
        }
        let o = run_check(
            &ComposeNoLiteralSecrets,
            &[(
                "docker-compose.dev.yml",
                &env("      POSTGRES_PASSWORD: 9fQ2xLr7Tz41kPw8Vb3n\n"),
            )],
        );
        assert_eq!(o.findings[0].confidence, Confidence::Low);
        assert!(!o.findings[0].message.contains("9fQ2xLr7Tz41kPw8Vb3n"));
        // A search engine with its security plugin switched off: the
        // password guards nothing; the same service with security on is high.
        for (extra, want) in [
            ("      - plugins.security.disabled=true\n", Confidence::Low),
            ("      - xpack.security.enabled=false\n", Confidence::Low),
            (
                "      - plugins.security.disabled=false\n",
                Confidence::High,
            ),
        ] {
            let text = env(&format!(
                "{extra}      - OPENSEARCH_INITIAL_ADMIN_PASSWORD=9fQ2xLr7Tz41kPw8Vb3n\n"
            ));
            let o = run_check(&ComposeNoLiteralSecrets, &[("compose.yaml", &text)]);
            assert_eq!(o.findings[0].confidence, want, "{extra}");
        }
        // One literal merged from an anchor into three services is one
        // value to move out: one finding naming them all. A different
        // value under the same name is another finding (near miss).
        let anchored = "x-env: &env\n  JWT_SECRET: 9fQ2xLr7Tz41kPw8Vb3n\nservices:\n  a:\n    image: acme/api:1\n    environment:\n      <<: *env\n  b:\n    image: acme/api:1\n    environment:\n      <<: *env\n  c:\n    image: acme/api:1\n    environment:\n      <<: *env\n  d:\n    image: acme/api:1\n    environment:\n      JWT_SECRET: Qm7Tz41kPw8Vb3n9fQ2xLr\n";
        let o = run_check(&ComposeNoLiteralSecrets, &[("compose.yaml", anchored)]);
        assert_eq!(o.findings.len(), 2, "{:?}", o.findings);
        assert!(
            o.findings[0].message.contains("`a` (and `b`, `c`)"),
            "{}",
            o.findings[0].message
        );
        assert!(o.summary.starts_with("0 of 2 "), "{}", o.summary);
        let o = run_check(
            &ComposeNoLiteralSecrets,
            &[("compose.yaml", &env("      - ADMIN_PASSWORD=Winter2024\n"))],
        );
        assert_eq!(o.findings[0].confidence, Confidence::Medium);
        let o = run_check(
            &ComposeNoLiteralSecrets,
            &[(
                "compose.yaml",
                &env("      JWT_SECRET: 9fQ2xLr7Tz41kPw8Vb3n\n"),
            )],
        );
        assert_eq!(o.findings[0].confidence, Confidence::High);
        // The same value in the env template: a documented default, medium;
        // a template with other values leaves it high.
        for (template, want) in [
            ("JWT_SECRET=9fQ2xLr7Tz41kPw8Vb3n\n", Confidence::Medium),
            (
                "export JWT_SECRET=\"9fQ2xLr7Tz41kPw8Vb3n\"\n",
                Confidence::Medium,
            ),
            (
                "JWT_SECRET=change-me\n# JWT_SECRET=9fQ2xLr7Tz41kPw8Vb3n\n",
                Confidence::High,
            ),
        ] {
            let o = run_check(
                &ComposeNoLiteralSecrets,
                &[
                    (
                        "compose.yaml",
                        &env("      JWT_SECRET: 9fQ2xLr7Tz41kPw8Vb3n\n"),
                    ),
                    (".env.sample", template),
                ],
            );
            assert_eq!(o.findings[0].confidence, want, "{template}");
        }
    }
}
