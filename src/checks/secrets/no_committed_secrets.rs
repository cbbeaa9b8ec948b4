//! `secrets.no-committed-secrets`: no live credential in any scanned file.
//!
//! Detection lives in `crate::secrets` (keyword prefilter, per-rule regexes,
//! entropy, checksums, placeholder and hash filters). This file turns its
//! matches into findings and an outcome:
//!
//! Every match carries a confidence graded by its evidence, and the spine
//! turns that into what gates: only high confidence fails this critical
//! check and caps the score; medium makes it partial; low is a warning.
//!
//! - **High**: evidence a reviewer would not dispute. A provider token in
//!   its issued shape (`AKIA...`, `sk_live_...`, `xoxb-...`), a token whose
//!   checksum proves the provider minted it, a private key whose body
//!   parses, a provider secret under its own configuration key
//!   (`AWS_SECRET_ACCESS_KEY`, `TWILIO_AUTH_TOKEN`), a strong value under a
//!   well-known key (`spring.datasource.password`, Django's `SECRET_KEY`),
//!   a strong password in a URL to a network host (`DATABASE_URL`, a
//!   private package index), a strong credential-named value in a
//!   Kubernetes Secret or in `.npmrc`/`.pypirc`/`.netrc`.
//! - **Medium**: a credential by every sign, but one a reviewer could
//!   question: a random value under a secret-named key, a JWT, a password in
//!   SQL or on a command line, an AWS session token (expires in hours), a
//!   URL password to `localhost` or a compose service, a token passed
//!   positionally (`Client(SID, "<hex>")`), a hex key (`bytes.fromhex`).
//! - **Low**: a weak value (short, one character class, a word), Django's
//!   `django-insecure-` development key, development seed data, and
//!   anything recognised only by context in test, fixture, example and docs
//!   paths (those are warnings when `test_paths_as_warnings` is on, the
//!   default, so a documented dummy key stays visible but does not gate).
//!
//! Not reported at all: placeholders and typed filler (`xxxx`, `0123456789`,
//! repeated units), documented examples (AWS's, Stripe's, jwt.io's sample
//! JWT), references to secrets kept elsewhere (`${{ secrets.X }}`,
//! `vault:`, `op://`, `ref+`, `store:NAME`, secret-manager ARNs,
//! `{{resolve:...}}`, `secretKeyRef`), HTTP header names held in constants,
//! the entries of translation catalogues (`locales/`, `i18n/`, `*.po`,
//! `messages_de.properties`...), the metadata keys of a Kubernetes Secret
//! (issuer URL, client id, audience, username) and commented-out lines of
//! development seed files;
//! - inline markers (`shipready: ignore[...]`, `gitleaks:allow`, `pragma:
//!   allowlist secret`...) and baselines are applied by the engine.
//!
//! The secret itself never leaves the engine: findings carry the rule, the
//! location, the first four characters and the length.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Finding, Level, Outcome};
use crate::secrets::{self, key_refs, RuleWarning, SecretMatch, SecretScanner};
use crate::workspace::{Content, FileEntry};

pub const ID: &str = "secrets.no-committed-secrets";

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static(ID),
    title: Cow::Borrowed("No live credential is committed to the repository"),
    category: Category::Security,
    severity: Severity::Critical,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Finds committed API keys, tokens, private keys and passwords"),
    rationale: Cow::Borrowed(
        "A credential in a repository is readable by everyone who can clone it, forever: it survives \
         in history, forks, caches and CI logs after the line is deleted. Leaked cloud, payment and \
         VCS tokens are exploited within minutes of reaching a public host. No other readiness work \
         matters while a live key is exposed, so this check caps the score at 49.",
    ),
    remediation: Cow::Borrowed(
        "1. Revoke or rotate the credential at its provider first: deleting the line does not \
         un-leak it. 2. Remove it from the code and load it at run time from the environment or a \
         secret manager (`os.environ[\"STRIPE_KEY\"]`, a Kubernetes secretKeyRef, Vault). 3. If it is \
         in history, rewrite history (git filter-repo) or accept it as rotated. 4. For a deliberate \
         test value, mark the line: `# shipready: ignore[secrets.no-committed-secrets/<rule>] test \
         fixture`, or record existing findings with `shipready baseline` so only new ones block.",
    ),
    passes_when: Cow::Borrowed(
        "no live credential in any scanned file: 67 provider token formats (cloud, VCS, chat, payment, \
         package registries, AI APIs...), private key blocks, credentials in URLs and connection \
         strings, passwords in SQL and on command lines, Django and .properties secrets, \
         high-entropy values assigned to secret-named keys; placeholders, documented example keys, \
         hashes, public keys, secret-manager and environment references, translation catalogues and \
         header names are not secrets. Only high-confidence findings fail the check",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure"),
        Cow::Borrowed("https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning"),
    ]),
};

/// The check, with its scanner. The default instance compiles the
/// embedded rules on first use; a configured one is built by settings.
pub struct NoCommittedSecrets {
    scanner: OnceLock<Result<Arc<SecretScanner>, String>>,
    test_paths_as_warnings: bool,
    /// Custom or gitleaks rules that could not be compiled, reported so none
    /// is dropped silently.
    warnings: Vec<RuleWarning>,
    rules_origin: Option<String>,
}

impl Default for NoCommittedSecrets {
    fn default() -> Self {
        NoCommittedSecrets {
            scanner: OnceLock::new(),
            test_paths_as_warnings: true,
            warnings: Vec::new(),
            rules_origin: None,
        }
    }
}

impl NoCommittedSecrets {
    /// A check with a scanner built from configuration.
    pub fn configured(
        scanner: SecretScanner,
        test_paths_as_warnings: bool,
        warnings: Vec<RuleWarning>,
        rules_origin: Option<String>,
    ) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(Arc::new(scanner)));
        NoCommittedSecrets {
            scanner: cell,
            test_paths_as_warnings,
            warnings,
            rules_origin,
        }
    }

    fn scanner(&self) -> Result<&Arc<SecretScanner>, &String> {
        self.scanner
            .get_or_init(|| {
                SecretScanner::builtin()
                    .map(Arc::new)
                    .map_err(|e| format!("built-in secret rules: {e}"))
            })
            .as_ref()
    }
}

/// The matches in one file, and the key files it names when it is test code.
struct Matches {
    found: Vec<SecretMatch>,
    key_refs: Vec<String>,
}

impl Check for NoCommittedSecrets {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a likely credential may be a fixture or a label).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        // Our own baseline holds keyed hashes, never values.
        file.path != ".shipready/baseline.json"
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let scanner = self.scanner().ok()?;
        let info = *content.model::<crate::secrets::PathInfo>();
        let found = scanner.scan_classified(&file.path, info, content.bytes());
        let key_refs = if key_refs::is_test_source(file) {
            content.model::<key_refs::KeyRefs>().0.clone()
        } else {
            Vec::new()
        };
        (!found.is_empty() || !key_refs.is_empty())
            .then(|| Box::new(Matches { found, key_refs }) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let scanner = self.scanner().map_err(|e| CheckError::new(e.clone()))?;
        let id = &ctx.meta.id;
        let mut findings = Vec::new();
        let test_keys: BTreeSet<String> = ctx
            .data::<Matches>()
            .flat_map(|(_, m)| m.key_refs.iter().cloned())
            .collect();
        for (file, Matches { found, .. }) in ctx.data::<Matches>() {
            // A private key the tests load is a test key, most likely:
            // medium, so it shows without capping the score.
            let test_key = !test_keys.is_empty()
                && found.iter().any(|m| m.rule_id == "private-key")
                && key_refs::loaded_by_tests(&file.path, &test_keys);
            for m in found {
                let loaded = test_key
                    && m.rule_id == "private-key"
                    && m.confidence > secrets::Confidence::Medium;
                let confidence = if loaded {
                    secrets::Confidence::Medium
                } else {
                    m.confidence
                };
                let warning = self.test_paths_as_warnings
                    && m.in_test_path
                    && m.confidence == secrets::Confidence::Low;
                let mut f = Finding::new(
                    id,
                    format!(
                        "{} ({} confidence{})",
                        m.description,
                        confidence,
                        if m.in_test_path {
                            ", test or docs path"
                        } else if loaded {
                            ", a file the tests load"
                        } else {
                            ""
                        }
                    ),
                )
                .rule(m.rule_id.clone())
                .level(if warning {
                    Level::Warning
                } else {
                    Level::Error
                })
                .at(file.path.clone(), Some(m.line))
                .column(m.column)
                .snippet(m.redacted.clone())
                // Keyed on the value, not the path: a baselined secret stays
                // baselined when its file moves.
                .baseline_key(m.secret_hash.clone());
                f.end_line = (m.end_line != m.line).then_some(m.end_line);
                f.fingerprint = m.fingerprint.clone();
                f.confidence = confidence;
                findings.push(f);
            }
        }
        let origin = self.rules_origin.as_deref().unwrap_or("config");
        for w in &self.warnings {
            findings.push(
                Finding::new(id, format!("rule skipped or changed: {}", w.message))
                    .rule(w.rule_id.clone())
                    .level(Level::Info)
                    .at(origin.to_string(), None),
            );
        }
        let blocking = findings.iter().filter(|f| f.level == Level::Error).count();
        let warnings = findings
            .iter()
            .filter(|f| f.level == Level::Warning)
            .count();
        let files: std::collections::BTreeSet<&str> = findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .filter_map(|f| f.path.as_deref())
            .collect();
        let rules = scanner.rules().len();
        let outcome = if blocking > 0 {
            Outcome::fail(format!(
                "{blocking} likely credential(s) in {} file(s)",
                files.len()
            ))
        } else if warnings > 0 {
            Outcome::pass(format!(
                "no live credential; {warnings} low-confidence match(es) in test or docs paths"
            ))
        } else {
            Outcome::pass(format!("no credential found by {rules} rules"))
        };
        Ok(outcome
            .basis(Basis::Pattern)
            .evidence(format!("{rules} rules (keyword prefilter, regex, entropy, checksums) over every text file read"))
            .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    // Synthetic, never-issued values in real shapes.
    // shipready: ignore[secrets.no-committed-secrets/stripe-secret-key] synthetic value for a test, never issued
    const STRIPE: &str = "sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h";

    #[test]
    fn cases() {
        let check = NoCommittedSecrets::default();
        let leak = format!("STRIPE_SECRET_KEY={STRIPE}\n");
        let o = expect(
            &check,
            "stripe key in config",
            &[("config/prod.env", &leak)],
            Status::Fail,
        );
        let f = &o.findings[0];
        assert_eq!(f.location(), "config/prod.env:1");
        assert_eq!(f.rule.as_deref(), Some("stripe-secret-key"));
        assert_eq!(f.confidence, crate::model::Confidence::High);
        let shown = serde_json::to_string(&o).unwrap();
        assert!(!shown.contains(&STRIPE[8..]), "secret leaked: {shown}");

        // A provider key in its issued shape is reported in tests/ too, as
        // an error the hook refuses; but only a checksum would prove it live
        // there, so it is medium: partial, never a score cap. A fixture
        // private key there is a warning that stays visible.
        let o = expect(
            &check,
            "stripe key in a test",
            &[("tests/conftest.py", &leak)],
            Status::Partial,
        );
        assert_eq!(o.findings[0].level, Level::Error);
        assert_eq!(o.findings[0].confidence, crate::model::Confidence::Medium);
        // shipready: ignore[secrets.no-committed-secrets/private-key] synthetic test value, never issued
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq8mR2vT9xLp4WcN7bY1dF6hZq8mR2vT9xLp4WcN7bY1dF6hQ3EGRT5UZX7\nYNB4MkE9zq2Lw8Rv3Tx7Pm4Ns6Qj1Hc5Ud2Fa8Kb0Xe7Yg3Wi9Zo4Vr6Ts1Mp8Nq2Lc5Jx7Hb3\nGd0Fe4Sa9Kw6Ry1Uv8Tn2Pq5Mz3Lx7Jc0Hb4Gd9Fe1Sa6Kw3Ry8Uv5Tn0Pq7Mz2Lx4Jc9Hb1Gd6\n-----END RSA PRIVATE KEY-----\n";
        let o = expect(
            &check,
            "fixture key in tests",
            &[("tests/fixtures/key.pem", pem)],
            Status::Pass,
        );
        assert!(
            !o.findings.is_empty() && o.findings.iter().all(|f| f.level == Level::Warning),
            "{:?}",
            o.findings
        );

        expect(
            &check,
            "env reference",
            &[("app.py", "key = os.environ['STRIPE_SECRET_KEY']\n")],
            Status::Pass,
        );
        expect(
            &check,
            "placeholder",
            &[("README.md", "export STRIPE_SECRET_KEY=<your-key>\n")],
            Status::Pass,
        );
        expect(
            &check,
            "aws docs example",
            &[("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")],
            Status::Pass,
        );
        expect(&check, "empty repo", &[], Status::Pass);
    }

    #[test]
    fn inline_marker_suppresses_through_the_engine() {
        use crate::settings::{Overrides, Settings};
        use crate::workspace::MemorySource;
        let text = format!("STRIPE_SECRET_KEY={STRIPE} # shipready: ignore[{ID}/stripe-secret-key] rotated test key\n");
        let list = crate::checklist::Checklist::default_embedded().unwrap();
        let settings = Settings::resolve(
            (
                crate::checklist::DEFAULT_PATH.into(),
                crate::checklist::DEFAULT_TEXT.into(),
                list,
            ),
            None,
            None,
            &Overrides {
                only: vec![ID.into()],
                respect_ignores: true,
                ..Default::default()
            },
        )
        .unwrap();
        let src = Arc::new(MemorySource::new([(
            "app.env".to_string(),
            text.into_bytes(),
        )]));
        let report = crate::engine::scan(&settings, src).unwrap();
        let r = &report.checks[0];
        assert_eq!(r.outcome.status, Status::Pass, "{:?}", r.outcome);
        assert_eq!(r.outcome.findings.len(), 1);
        assert!(r.outcome.findings[0].suppressed.is_some());
    }
}
