//! `ci.no-hardcoded-credentials`: no literal credential in a pipeline's
//! variables, `env:`, `with:`, container credentials or services.
//!
//! Values are checked under secret-named keys (`*PASSWORD*`, `*TOKEN*`,
//! `*SECRET*`, `*API_KEY*`, `*PRIVATE_KEY*`, `*CREDENTIAL*`...), and any
//! value in those maps that has a provider token's shape (`ghp_...`,
//! `AKIA...`, the secrets rules of `secrets.no-committed-secrets`).
//! References are not credentials: `${{ secrets.X }}`, `$VAR`, `${VAR}`,
//! `$(VAR)`, `%VAR%`, empty values, placeholders. A throwaway password of
//! an ephemeral test database is not one either: values in a `services:`
//! container's environment, and the same value reused by the job to reach
//! that service, are skipped; other common weak values (`postgres`,
//! `password`, `test`...) are graded low, as most are test fixtures.
//! Grading: a provider token or a literal in `credentials:` is high, a
//! random-looking literal of 12+ characters high, other literals of 8+
//! characters medium. Values are shown redacted.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{graded, is_ci_file, keep_pipeline, parsed, runnable, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::{Kv, Pipeline};
use crate::model::Outcome;
use crate::secrets::redact;
use crate::secrets::SecretScanner;
use crate::workspace::{Content, FileEntry};

pub struct NoHardcodedCredentials;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.no-hardcoded-credentials"),
    title: Cow::Borrowed("Pipelines take credentials from the secret store, not literals"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a CI configuration exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("No literal password, token or key in CI variables, env or containers"),
    rationale: Cow::Borrowed(
        "A credential written into a pipeline file is readable by everyone who can read the \
         repository, forever (git history keeps it), and is printed into logs and forks. The CI \
         provider's secret store masks values in logs, scopes them to protected branches and can be \
         rotated without a commit.",
    ),
    remediation: Cow::Borrowed(
        "Move the value to the provider's secret store and reference it: `${{ secrets.DB_PASSWORD }}` \
         (GitHub), a masked and protected CI/CD variable read as `$DB_PASSWORD` (GitLab). Rotate the \
         exposed credential: it is in the history. A throwaway password for a test database belongs \
         in the `services:` container's own environment.",
    ),
    passes_when: Cow::Borrowed(
        "no CI `env`, `variables`, `with`, container `credentials` or service definition holds a \
         literal credential (references, placeholders and ephemeral test-database passwords aside)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#hardcoded-container-credentials"),
    ]),
};

static SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(passw(or)?d|passwd|\bpwd\b|_pwd$|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credential|auth[_-]?key|signing[_-]?key|^password$)")
        .expect("static regex")
});
static NOT_SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([_-](id|ids|names?|title|label|description|summary|count|limit|size|file|path|url|uri|endpoint|host|port|type|header|length|enabled|required|expiry|ttl|scope|env|var|key[_-]id|format|mode|audience|issuer|version|dir|algorithm|prefix|suffix|field|source|provider|region)|user(name)?)$|^(persist-credentials|token-format|create_credentials_file|id-token|use-token|skip-token)$")
        .expect("static regex")
});
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\{\{|\$\{?[A-Za-z_]|\$\([A-Za-z_.]+\)|%[A-Za-z_]+%|^<.*>$|^\*+$|^x{3,}$|(?i)^(changeme|change_me|replace[_-]?me|your[_-].*|placeholder|redacted|dummy|example|none|null|nil|true|false|yes|no|on|off|required|optional)$")
        .expect("static regex")
});
static URL_CREDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:([^@\s/]+)@([^/\s:?]+)").expect("static regex")
});
const WEAK: &[&str] = &[
    "postgres",
    "password",
    "pass",
    "secret",
    "test",
    "testing",
    "root",
    "admin",
    "mysql",
    "redis",
    "guest",
    "dev",
    "local",
    "ci",
    "fake",
    "sample",
    "123456",
    "12345678",
    "passw0rd",
    "p@ssw0rd",
    "postgrespassword",
    "rootpassword",
    "mysecretpassword",
    "testpassword",
    "testpass",
    "example",
    "minioadmin",
    "sa",
    "user",
    "rabbitmq",
    "elastic",
    "changeit",
    "foobar",
    "supersecret",
];

fn scanner() -> Option<&'static SecretScanner> {
    static S: LazyLock<Option<SecretScanner>> = LazyLock::new(|| SecretScanner::builtin().ok());
    S.as_ref()
}

/// Mixed character classes and length: not a word someone typed.
fn random_looking(v: &str) -> bool {
    let classes = [
        v.chars().any(|c| c.is_ascii_lowercase()),
        v.chars().any(|c| c.is_ascii_uppercase()),
        v.chars().any(|c| c.is_ascii_digit()),
        v.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    v.len() >= 12 && classes >= 3 && !v.contains(' ')
}

/// Where a key/value sits, for the message.
struct Place<'a> {
    what: String,
    kv: &'a Kv,
    credentials: bool,
    /// Set in a job that runs tests and deploys nowhere.
    test_job: bool,
}

/// Words that name a test run in a job id, job name, stage or workflow
/// file name (`test`, `e2e`, `api-spec`, `integration-test.yml`).
const TEST_WORDS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "e2e",
    "integration",
    "spec",
    "specs",
    "unit",
    "coverage",
    "lint",
];

fn names_a_test_run(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| TEST_WORDS.iter().any(|t| w.eq_ignore_ascii_case(t)))
}

/// A job whose literals configure the app under test: named for a test run
/// (or in a workflow file that is), with no deployment environment.
fn is_test_job(path: &str, job: &crate::formats::ci::Job) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    job.environment.is_none()
        && (names_a_test_run(file)
            || names_a_test_run(&job.id)
            || job.name.as_deref().is_some_and(names_a_test_run)
            || job.stage.as_deref().is_some_and(names_a_test_run))
}

/// Passwords of `services:` containers, reused by jobs to reach them.
fn service_values(p: &Pipeline) -> BTreeSet<&str> {
    p.jobs
        .iter()
        .flat_map(|j| j.containers.iter().filter(|c| c.is_service))
        .flat_map(|c| c.env.iter())
        .filter(|kv| SECRET_KEY.is_match(&kv.key))
        .map(|kv| kv.value.as_str())
        .collect()
}

/// Variables that database images read at start-up: with a service beside
/// the job, they configure that throwaway database (GitLab passes job and
/// global variables to services).
static SERVICE_INIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(POSTGRES|PG|MYSQL|MARIADB|MONGO_INITDB|MONGO|REDIS|RABBITMQ_DEFAULT|MSSQL|SA|ELASTIC|MINIO|CLICKHOUSE|NEO4J|COUCHDB|KEYCLOAK|DB)_")
        .expect("static regex")
});

fn grade(
    place: &Place<'_>,
    services: &BTreeSet<&str>,
    has_services: bool,
) -> Option<(Sureness, String)> {
    let v = place.kv.value.trim();
    if v.is_empty() || REFERENCE.is_match(v) {
        return None;
    }
    if let Some(s) = scanner() {
        // Only what the scanner is sure of (a provider's token in its
        // issued shape, a strong password for a remote host) keeps its
        // grade here; a medium match (a password for `localhost`, a weak
        // value) is judged below with the job's context.
        if let Some(m) = s
            .scan("ci-value", v.as_bytes())
            .into_iter()
            .find(|m| m.confidence >= crate::secrets::Confidence::High)
        {
            return Some((
                Sureness::High,
                format!("a {} ({})", m.description, m.rule_id),
            ));
        }
    }
    if let Some(c) = URL_CREDS.captures(v) {
        let (pw, host) = (&c[1], c[2].to_ascii_lowercase());
        if pw.starts_with('$')
            || services.contains(pw)
            || matches!(host.as_str(), "localhost" | "127.0.0.1" | "0.0.0.0" | "::1")
            || WEAK.contains(&pw.to_ascii_lowercase().as_str())
        {
            return None;
        }
        let sure = if random_looking(pw) {
            Sureness::High
        } else {
            Sureness::Medium
        };
        return Some((in_context(place, sure), "a password inside a URL".into()));
    }
    let key = &place.kv.key;
    if !(place.credentials || SECRET_KEY.is_match(key)) || NOT_SECRET_KEY.is_match(key) {
        return None;
    }
    if services.contains(v) || (has_services && SERVICE_INIT.is_match(key)) {
        return None;
    }
    let lower = v.to_ascii_lowercase();
    let sure = if place.credentials && v.len() >= 4 && !WEAK.contains(&lower.as_str()) {
        Sureness::High
    } else if WEAK.contains(&lower.as_str()) || v.len() < 8 {
        Sureness::Low
    } else if random_looking(v) {
        Sureness::High
    } else {
        Sureness::Medium
    };
    Some((
        in_context(place, sure),
        "a literal value under a secret-named key".into(),
    ))
}

/// Actions that read secrets from a store into the job (Vault, cloud secret
/// managers, password managers), by the words in their name.
fn fetches_secrets(uses: &str) -> bool {
    let action = uses.split('@').next().unwrap_or(uses).to_ascii_lowercase();
    let names = |w: &&str| action.contains(*w);
    // hashicorp/vault-action, bitwarden/sm-action: named for what they are.
    const FETCHERS: &[&str] = &["vault-action", "sm-action"];
    // get-vault-secrets, aws-secretsmanager-get-secrets, load-secrets-action,
    // get-keyvault-secrets: a store and a verb.
    const STORES: &[&str] = &["secret", "vault"];
    const VERBS: &[&str] = &["get", "load", "fetch", "read", "import"];
    FETCHERS.iter().any(names) || (STORES.iter().any(names) && VERBS.iter().any(names))
}

/// A literal that only a test job reads configures the app under test
/// (`SECRET_KEY: test-only-key`): one grade lower, so it warns or makes
/// the check partial but never gates on its own. Provider-shaped tokens
/// are graded before this and keep their grade.
fn in_context(place: &Place<'_>, sure: Sureness) -> Sureness {
    match sure {
        Sureness::High if place.test_job && !place.credentials => Sureness::Medium,
        Sureness::Medium if place.test_job => Sureness::Low,
        s => s,
    }
}

impl Check for NoHardcodedCredentials {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a literal may be a throwaway test value).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_ci_file(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        keep_pipeline(content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let ci = Ci::of(ctx);
        if runnable(&ci).is_empty() && ci.github().next().is_none() {
            return Ok(Outcome::not_applicable("no CI configuration"));
        }
        let mut findings = Vec::new();
        let mut checked = 0usize;
        for (path, p) in &ci.pipelines {
            let services = service_values(p);
            let file_test = names_a_test_run(path.rsplit('/').next().unwrap_or(path))
                && p.jobs.iter().all(|j| j.environment.is_none());
            let has_services = p
                .jobs
                .iter()
                .any(|j| j.containers.iter().any(|c| c.is_service));
            let mut places: Vec<Place<'_>> = p
                .env
                .iter()
                .map(|kv| Place {
                    what: "pipeline env".into(),
                    kv,
                    credentials: false,
                    test_job: file_test,
                })
                .collect();
            for job in &p.jobs {
                let jid = &job.id;
                let test_job = is_test_job(path, job);
                places.extend(job.env.iter().map(|kv| Place {
                    what: format!("job `{jid}` env"),
                    kv,
                    credentials: false,
                    test_job,
                }));
                places.extend(job.with.iter().map(|kv| Place {
                    what: format!("job `{jid}` with"),
                    kv,
                    credentials: false,
                    test_job,
                }));
                for c in job.containers.iter().filter(|c| !c.is_service) {
                    places.extend(c.env.iter().map(|kv| Place {
                        what: format!("job `{jid}` container env"),
                        kv,
                        credentials: false,
                        test_job,
                    }));
                }
                for c in &job.containers {
                    places.extend(c.credentials.iter().map(|kv| Place {
                        what: format!("job `{jid}` {} credentials", c.name),
                        kv,
                        credentials: kv.is("password"),
                        test_job,
                    }));
                }
                for s in &job.steps {
                    places.extend(s.env.iter().map(|kv| Place {
                        what: format!("job `{jid}` step env"),
                        kv,
                        credentials: false,
                        test_job,
                    }));
                    // A secret-fetching action's inputs name where secrets
                    // are kept (`repo_secrets: TOKEN=vault_path:key`); they
                    // hold none.
                    let fetches_secrets =
                        s.uses.as_ref().is_some_and(|u| fetches_secrets(&u.value));
                    places.extend(
                        s.with
                            .iter()
                            .filter(|kv| kv.key != "script" && !fetches_secrets)
                            .map(|kv| Place {
                                what: format!("job `{jid}` step with"),
                                kv,
                                credentials: false,
                                test_job,
                            }),
                    );
                }
            }
            checked += places.len();
            for place in &places {
                let Some((sure, kind)) = grade(place, &services, has_services) else {
                    continue;
                };
                let shown = redact(place.kv.value.trim().as_bytes());
                findings.push(graded(
                    finding(
                        &META,
                        format!(
                            "`{}` in {} is {kind}: {shown}; use the secret store",
                            place.kv.key, place.what
                        ),
                    )
                    .rule("hardcoded-credential")
                    .at(path.to_string(), Some(place.kv.line))
                    .snippet(format!("{}: {shown}", place.kv.key))
                    .matched(&format!("{}:{}", place.what, place.kv.key)),
                    sure,
                ));
            }
        }
        let o = if findings.is_empty() {
            Outcome::pass(format!(
                "{checked} CI variable(s) and input(s), no literal credential"
            ))
        } else {
            Outcome::fail(format!(
                "{} literal credential(s) in CI files",
                findings.len()
            ))
        };
        Ok(parsed(o).findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let wf = |env: &str| {
            format!(
                "on: push\njobs:\n  t:\n    runs-on: x\n{env}    steps:\n      - run: make test\n"
            )
        };
        let cases: Vec<(&str, String, Status)> = vec![
            ("secret ref", wf("    env:\n      API_TOKEN: ${{ secrets.API_TOKEN }}\n"), Status::Pass),
            ("literal token", wf("    env:\n      API_TOKEN: Zx8vQ2pL9mKw4RtY7\n"), Status::Fail),
            ("service password", wf("    services:\n      db:\n        image: postgres:16\n        env:\n          POSTGRES_PASSWORD: postgres\n    env:\n      DATABASE_URL: postgres://postgres:postgres@localhost:5432/t\n"), Status::Pass),
            ("shell var", wf("    env:\n      DB_PASSWORD: $CI_DB_PASSWORD\n"), Status::Pass),
            ("id not secret", wf("    env:\n      AWS_ACCESS_KEY_ID_NAME: prod\n      TOKEN_URL: https://x\n"), Status::Pass),
            ("container creds", wf("    container:\n      image: ghcr.io/o/i\n      credentials:\n        username: bot\n        password: hunter22hunter\n"), Status::Fail),
            // Assembled at run time, so the secrets scan of this file sees no token.
            ("github token shape", wf(&format!("    env:\n      SOMETHING: {}_{}\n", "ghp", "u5JkLngYS7fDBD7WsRGNbXCQKc4vxB0ruJfk")), Status::Fail),
        ];
        for (name, text, want) in cases {
            expect(
                &NoHardcodedCredentials,
                name,
                &[(".github/workflows/a.yml", &text)],
                want,
            );
        }
        let gl = "variables:\n  POSTGRES_PASSWORD: runner\ntest:\n  services:\n    - postgres:16\n  script: [make test]\n";
        expect(
            &NoHardcodedCredentials,
            "gitlab service variables",
            &[(".gitlab-ci.yml", gl)],
            Status::Pass,
        );
        let o = expect(
            &NoHardcodedCredentials,
            "redacted",
            &[(
                ".github/workflows/a.yml",
                &wf("    env:\n      API_TOKEN: Zx8vQ2pL9mKw4RtY7\n"),
            )],
            Status::Fail,
        );
        assert!(!o.findings[0].message.contains("Zx8vQ2pL9mKw4RtY7"));
        assert_eq!(o.findings[0].confidence, crate::model::Confidence::High);
    }

    #[test]
    fn secret_fetching_actions_take_paths_not_secrets() {
        let step = |uses: &str| {
            format!("on: push\njobs:\n  release:\n    runs-on: x\n    steps:\n      - uses: {uses}\n        with:\n          repo_secrets: |\n            API_TOKEN=cloud_api_token:value\n            SA_JSON=github_actions:publisher-key-2\n")
        };
        for (uses, want) in [
            (
                "grafana/shared-workflows/actions/get-vault-secrets@b7d33d6a",
                Status::Pass,
            ),
            ("hashicorp/vault-action@v3", Status::Pass),
            (
                "aws-actions/aws-secretsmanager-get-secrets@v2",
                Status::Pass,
            ),
            ("1password/load-secrets-action@v2", Status::Pass),
            ("bitwarden/sm-action@v2", Status::Pass),
            // Near miss: any other action's input holding the same text.
            ("acme/deploy-action@v1", Status::Fail),
        ] {
            expect(
                &NoHardcodedCredentials,
                uses,
                &[(".github/workflows/r.yml", &step(uses))],
                want,
            );
        }
        assert!(!fetches_secrets("actions/checkout@v4"));
        assert!(!fetches_secrets("acme/secret-santa@v1"));
    }

    /// A literal read only by a test job is graded one step lower; a deploy
    /// job, a job with an environment and provider-shaped tokens are not.
    #[test]
    fn test_jobs_grade_one_step_lower() {
        use crate::model::Confidence::{High, Low, Medium};
        let job = |file: &str, id: &str, extra: &str, value: &str| {
            (
                format!(".github/workflows/{file}"),
                format!("on: push\njobs:\n  {id}:\n    runs-on: x\n{extra}    env:\n      SECRET_KEY: {value}\n    steps:\n      - run: make\n"),
            )
        };
        let token = format!("{}_{}", "ghp", "u5JkLngYS7fDBD7WsRGNbXCQKc4vxB0ruJfk");
        let cases = [
            (
                "random, test job",
                job("ci.yml", "tests-web", "", "Zx8vQ2pL9mKw4RtY7"),
                Medium,
            ),
            (
                "random, test workflow",
                job("integration-test.yml", "run-app", "", "Zx8vQ2pL9mKw4RtY7"),
                Medium,
            ),
            (
                "plain, test job",
                job("ci.yml", "api-spec", "", "not-so-secret-key"),
                Low,
            ),
            (
                "random, build job",
                job("ci.yml", "build", "", "Zx8vQ2pL9mKw4RtY7"),
                High,
            ),
            (
                "random, test job with environment",
                job(
                    "ci.yml",
                    "e2e",
                    "    environment: staging\n",
                    "Zx8vQ2pL9mKw4RtY7",
                ),
                High,
            ),
            (
                "plain, release job",
                job("release.yml", "publish", "", "not-so-secret-key"),
                Medium,
            ),
            ("token, test job", job("ci.yml", "test", "", &token), High),
        ];
        for (name, (path, text), want) in cases {
            let o = crate::checks::test_support::run_check(
                &NoHardcodedCredentials,
                &[(path.as_str(), text.as_str())],
            );
            let got = o.findings.iter().map(|f| f.confidence).max();
            assert_eq!(got, Some(want), "{name}");
        }
    }

    /// Keys that name a secret without holding one, and database URLs that
    /// reach the job's own throwaway database, are not credentials; a
    /// strong password for a remote host is.
    #[test]
    fn names_titles_and_local_databases() {
        let env = |key: &str, value: &str| {
            format!("on: push\njobs:\n  migrate:\n    runs-on: x\n    steps:\n      - run: make\n        env:\n          {key}: {value}\n")
        };
        let cases = [
            ("GH_AW_SECRET_NAMES", "GITHUB_TOKEN,COPILOT_TOKEN", None),
            (
                "GH_AW_TOKEN_USAGE_SUMMARY_TITLE",
                "Token usage of this run",
                None,
            ),
            ("docker-password-secret-name", "quay-robot-password", None),
            (
                "DATABASE_URL",
                "postgres://postgres:postgres@localhost:5432/app",
                None,
            ),
            (
                "DATABASE_URL",
                // shipready: ignore[secrets.no-committed-secrets/connection-string-password] synthetic value for a test, never issued
                "postgres://app:Zq8mR2vT9xLp4WcN7bY1@db.prod.acme.io/app",
                Some(crate::model::Confidence::High),
            ),
        ];
        for (key, value, want) in cases {
            let text = env(key, value);
            let o = crate::checks::test_support::run_check(
                &NoHardcodedCredentials,
                &[(".github/workflows/ci.yml", text.as_str())],
            );
            let got = o.findings.iter().map(|f| f.confidence).max();
            assert_eq!(got, want, "{key}: {value}");
        }
    }
}
