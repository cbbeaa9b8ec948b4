//! `k8s.no-literal-secrets`: credentials are not written into manifests.
//!
//! Two places hold literal credentials: container `env` entries with a
//! `value:` whose name says credential (`DB_PASSWORD`, `API_KEY`; the
//! secret scanner's key-name rules), and Secret objects committed with
//! `stringData` or `data`. Each is one unit. Values that are placeholders
//! (`changeme`, `<password>`, `${VAR}`, empty, short) are not credentials.
//! Secret keys are judged by name and value: an issuer URL, a client id,
//! an audience or a username is configuration, not a credential. Helm
//! values.yaml defaults are judged the same way, with medium confidence.
//!
//! Confidence: a credential-named key with a value that looks generated
//! (letters and digits, 12+ characters) is high; a shorter or wordy value
//! is medium, since a reviewer could call it a sample.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::k8s::Spec;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::secrets;
use crate::workspace::{Content, FileEntry};

use super::{helm, Inventory, Tally};

pub struct NoLiteralSecrets;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.no-literal-secrets"),
    title: Cow::Borrowed("No credentials as literal values in manifests"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Kubernetes manifests or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("credential env vars use secretKeyRef; no committed Secret literals"),
    rationale: Cow::Borrowed(
        "A password in a manifest's `env` or a committed Secret lives in git history forever, is \
         readable by everyone with repository access, and shows in `kubectl describe`. Secrets \
         belong in a store (Vault, a cloud secret manager, Sealed Secrets, External Secrets) and \
         reach the pod by reference.",
    ),
    remediation: Cow::Borrowed(
        "Replace `value: <password>` with `valueFrom: {secretKeyRef: {name: db, key: password}}`, \
         and create the Secret outside the repository (External Secrets, Sealed Secrets, SOPS, or \
         the deploy pipeline). Rotate any credential that was committed.",
    ),
    passes_when: Cow::Borrowed(
        "no credential-named env var has a literal value and no committed Secret or values.yaml \
         default holds a credential that is not a placeholder; one unit per credential-named entry",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/concepts/configuration/secret/#good-practices-for-kubernetes-secrets",
    )]),
};

/// Names that read like credentials but name configuration: an issuer, a
/// client id, a user, a URL; or a reference to where the credential lives
/// (`passwordKey`, `tokenKey`: the key inside a Secret; `certSecret`,
/// `existingSecret`, `secretName`: the Secret's name; a field selector).
fn config_name(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace(['-', '.'], "_");
    let words = split_words(key);
    let last = words.last().map(String::as_str).unwrap_or("");
    let before = &words[..words.len().saturating_sub(1)];
    let has = |w: &[&str]| before.iter().any(|b| w.contains(&b.as_str()));
    [
        "issuer",
        "audience",
        "client_id",
        "clientid",
        "username",
        "user",
        "url",
        "uri",
        "endpoint",
        "host",
        "name",
        "path",
        "file",
        "region",
        "realm",
        "scope",
        "type",
        "_id",
        "selector",
        "ref",
        "keyref",
        "enabled",
        "length",
        "size",
        "ttl",
        "expiry",
        "version",
    ]
    .iter()
    .any(|w| k.ends_with(w))
        || (last == "key" && has(&["password", "passwd", "token", "user", "username"]))
        || (last == "secret" && has(&["cert", "tls", "existing", "ca", "name"]))
        || words.first().is_some_and(|w| w == "existing")
}

/// Whether a variable or key name reads like a credential (and not like
/// configuration about one: `DB_USER`, `passwordKey`, `existingSecret`).
pub fn credential_name(key: &str) -> bool {
    secrets::is_secret_key_name(key.as_bytes()) && !config_name(key)
}

/// camelCase, snake_case and kebab-case words, lowercased.
fn split_words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A value written to be replaced or read: `GOOGLE_API_KEY_VAL`,
/// `YourPingdomApiToken`, `secret_pw`, `my-password`.
fn sample_value(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let upper_ident = v.contains('_')
        && v.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let wordy = v.contains(['_', '-', ' '])
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || matches!(c, '_' | '-' | ' '));
    upper_ident
        || wordy
        || [
            "your",
            "example",
            "sample",
            "dummy",
            "fake",
            "placeholder",
            "xxx",
            "replace",
            "insert",
            "todo",
        ]
        .iter()
        .any(|m| lower.contains(m))
}

/// Whether `value` under `key` is a credential; `Some(high)` if so.
pub fn credential(key: &str, value: &str) -> Option<bool> {
    let v = value.trim();
    if config_name(key) || !secrets::is_secret_key_name(key.as_bytes()) {
        return None;
    }
    if v.contains("://")
        || v.starts_with('<')
        || v.contains("$(")
        || v.contains("${")
        || v.contains("{{")
    {
        return None;
    }
    if !secrets::plain_value_ok(v.as_bytes()) || sample_value(v) {
        return None;
    }
    let generated = v.len() >= 12
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_ascii_alphabetic())
        && !v.contains(' ');
    Some(generated)
}

fn graded(f: Finding, high: bool) -> Finding {
    f.confidence(if high {
        Confidence::High
    } else {
        Confidence::Medium
    })
}

impl Check for NoLiteralSecrets {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a literal may be a placeholder).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::wants(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        super::inspect(content)
    }

    fn per_file(&self) -> bool {
        true
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let inv = Inventory::collect(ctx);
        let mut t = Tally::new(&META);
        for (m, o) in inv.objects() {
            match &o.spec {
                Spec::Workload(w) => {
                    for c in w.pod.init_containers.iter().chain(&w.pod.containers) {
                        for e in &c.env {
                            if !secrets::is_secret_key_name(e.name.as_bytes())
                                || config_name(&e.name)
                            {
                                continue;
                            }
                            let judged = e
                                .value
                                .as_deref()
                                .and_then(|v| credential(&e.name, v).map(|h| (v, h)));
                            match judged {
                                Some((v, high)) => {
                                    let f = graded(
                                        t.finding(
                                            "literal-env",
                                            format!(
                                                "{} container `{}` sets {} to a literal ({})",
                                                o.display(),
                                                c.name,
                                                e.name,
                                                secrets::redact(v.as_bytes())
                                            ),
                                            m.path,
                                            e.line,
                                        ),
                                        high,
                                    );
                                    t.unit(0.0, vec![f], m.markers, e.line);
                                }
                                None => t.unit(1.0, Vec::new(), m.markers, e.line),
                            }
                        }
                    }
                }
                Spec::Secret(entries) => {
                    for s in entries {
                        let plain = if s.encoded {
                            secrets::base64_decode(s.value.trim().as_bytes())
                                .and_then(|b| String::from_utf8(b).ok())
                        } else {
                            Some(s.value.clone())
                        };
                        let judged = plain
                            .as_deref()
                            .and_then(|v| credential(&s.key, v).map(|h| (v.to_string(), h)));
                        match judged {
                            Some((v, high)) => {
                                let f = graded(
                                    t.finding(
                                        "literal-secret",
                                        format!(
                                            "{} commits `{}` under {} ({})",
                                            o.display(),
                                            s.key,
                                            if s.encoded {
                                                "data (base64 is not encryption)"
                                            } else {
                                                "stringData"
                                            },
                                            secrets::redact(v.as_bytes())
                                        ),
                                        m.path,
                                        s.line,
                                    ),
                                    high,
                                );
                                t.unit(0.0, vec![f], m.markers, s.line);
                            }
                            None if secrets::is_secret_key_name(s.key.as_bytes()) => {
                                t.unit(1.0, Vec::new(), m.markers, s.line)
                            }
                            None => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for chart in &inv.charts {
            let Some((vpath, values)) = chart.values else {
                continue;
            };
            let mut stack = vec![(String::new(), values)];
            while let Some((prefix, node)) = stack.pop() {
                for (k, v) in node.entries() {
                    let path = if prefix.is_empty() {
                        k.name.clone()
                    } else {
                        format!("{prefix}.{}", k.name)
                    };
                    if !v.entries().is_empty() && path.matches('.').count() < 8 {
                        stack.push((path.clone(), v));
                        continue;
                    }
                    let Some(val) = v.scalar() else { continue };
                    // Chart defaults are samples by custom; only a value that
                    // looks generated is taken for a committed credential.
                    if credential(&k.name, &val) == Some(true) {
                        let f = graded(
                            t.finding(
                                "helm-default",
                                format!(
                                    "chart {}: values default {path} is a literal credential ({})",
                                    chart.name,
                                    secrets::redact(val.as_bytes())
                                ),
                                vpath,
                                k.line,
                            ),
                            false,
                        );
                        t.chart_unit(0.0, vec![f]);
                    }
                }
            }
        }
        let values_read = inv.charts.iter().filter(|c| c.values.is_some()).count();
        if t.count() == 0 && (!inv.manifests.is_empty() || values_read > 0) {
            t.evidence.push(format!(
                "no credential-named env var or Secret key with a literal value in {} manifest file(s) and {values_read} chart values file(s)",
                inv.manifests.len()
            ));
            return Ok(Outcome::pass("no literal credentials in manifests")
                .basis(Basis::Parsed)
                .evidences(t.evidence)
                .evidences(inv.context_evidence()));
        }
        let _ = helm::enabled;
        Ok(t.outcome(
            "credential-named entries without a literal value",
            &inv,
            "no Kubernetes manifest",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::k8s::test_util::deployment;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn judging_values() {
        let cases = [
            ("DB_PASSWORD", "s3cr3tPassw0rd2024", Some(true)),
            ("API_KEY", "Tr0ub4dor&3", Some(false)),
            ("API_KEY", "correct horse battery", None),
            ("DB_PASSWORD", "changeme", None),
            ("DB_PASSWORD", "", None),
            ("DB_PASSWORD", "${DB_PASSWORD}", None),
            ("DB_PASSWORD", "<your-password>", None),
            ("OIDC_ISSUER", "https://auth.example.test", None),
            ("CLIENT_ID", "a1b2c3d4e5f6g7h8", None),
            ("LOG_LEVEL", "debug1234567", None),
            ("TOKEN_URL", "https://x.test/token", None),
            ("GOOGLE_API_KEY", "GOOGLE_API_KEY_VAL", None),
            ("apiToken", "YourPingdomApiToken", None),
            ("pass", "secret_pw", None),
            ("passwordKey", "admin-password", None),
            ("certSecret", "keda-tls-certs", None),
            (
                "secretFieldSelector",
                "type!=kubernetes.io/dockercfg,type!=x",
                None,
            ),
            ("existingSecret", "db-credentials-2024", None),
            ("secretKey", "Qm9Xz27LpT4vN8rKs1Wd", Some(true)),
        ];
        for (k, v, want) in cases {
            assert_eq!(credential(k, v), want, "{k}={v}");
        }
    }

    #[test]
    fn cases() {
        let env = |e: &str| deployment("web", "", &format!("env:\n{e}"));
        let literal = env("  - name: DB_PASSWORD\n    value: s3cr3tPassw0rd2024\n");
        let from_ref = env("  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n");
        let placeholder = env("  - name: DB_PASSWORD\n    value: changeme\n");
        let no_creds = env("  - name: LOG_LEVEL\n    value: debug\n");
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  issuer: https://auth.example.test\n  client_id: my-app\n  client_secret: Zx81kLq0Pw7vTn3R\n";
        let secret_ok = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  issuer: https://auth.example.test\n  audience: api\n";
        let data = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: czNjcjN0UGFzc3cwcmQyMDI0\n";
        let table: Vec<(&str, &str, Status)> = vec![
            ("literal env", &literal, Status::Fail),
            ("secretKeyRef", &from_ref, Status::Pass),
            ("placeholder", &placeholder, Status::Pass),
            ("no credential names", &no_creds, Status::Pass),
            ("secret stringData", secret, Status::Fail),
            ("secret config only", secret_ok, Status::Pass),
            ("secret base64 data", data, Status::Fail),
        ];
        for (name, text, want) in table {
            let o = expect(&NoLiteralSecrets, name, &[("k/d.yaml", text)], want);
            for f in &o.findings {
                assert!(
                    !f.message.contains("s3cr3tPassw0rd2024")
                        && !f.message.contains("Zx81kLq0Pw7vTn3R"),
                    "{}",
                    f.message
                );
            }
        }
    }
}
