//! `secrets.no-env-files`: no environment, key or credential files are
//! committed.
//!
//! The walker honours .gitignore, so a gitignored `.env` is rightly never
//! seen. What is seen, and why it is a finding (rule id in brackets):
//!
//! - `[env-file]` `.env`, `.env.local`, `.env.production`, `*.env`...
//!   Templates are fine: any name part `example`, `sample`, `template`,
//!   `dist`, `defaults`, `schema`..., and encrypted forms (`.env.vault`,
//!   dotenvx `encrypted:` values, sops `ENC[...]`). The content decides
//!   the level: literal values under secret-like names (`*_PASSWORD`,
//!   `*_TOKEN`, `*_SECRET`, `*_KEY`, URLs with a password) are errors;
//!   other literal values are warnings (a committed `.env` is where secrets
//!   end up): low confidence (not gating) when no key is secret-named, not
//!   even an empty one, and no value looks like a credential (random by the
//!   scanner's strength test, or matched by a secret rule), medium
//!   otherwise; except in `.env.development`/`.env.test`/`.env.ci`, which
//!   frameworks expect to be committed with non-secret defaults (notes), and
//!   browser-public variables (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`...),
//!   which are notes. A file of comments, empty values and placeholders
//!   (`changeme`, `<token>`, `${VAR}`) is a note: rename it `.env.example`.
//!   A file whose opening comments call it a template (`# Copy this file to
//!   .env and change the values`) holds defaults to change: secret-named
//!   values that fail the scanner's strength test (`password`,
//!   `minioadmin`) are a warning, not a leak; a strong one is an error.
//! - `[private-key-file]` `*.pem`, `*.key`, `*.p8`, `*.ppk`, `*.asc` holding
//!   a PRIVATE KEY block (a certificate-only `.pem` is fine), and `id_rsa`,
//!   `id_dsa`, `id_ecdsa`, `id_ed25519` (not `.pub`).
//! - `[keystore-file]` `*.p12`, `*.pfx`, `*.jks`, `*.keystore`, `*.bks`,
//!   `*.jceks` (Android's `debug.keystore` and truststores are notes).
//! - `[credentials-json]` `credentials.json`, `service-account*.json`,
//!   `client_secret*.json`... with a `private_key` block or a
//!   `client_secret` value.
//! - `[npmrc-token]`, `[pypirc-password]`, `[netrc-password]`,
//!   `[git-credentials]`, `[docker-config-auth]`, `[aws-credentials-file]`,
//!   `[pgpass-file]`: those files with a literal credential (not
//!   `${NPM_TOKEN}`).
//! - `[htpasswd-file]`, `[keepass-db]` (`*.kdbx`), `[terraform-state]`
//!   (`*.tfstate`, which holds resource secrets in plain text): by name.
//!
//! Vendored trees are ignored. Under test, fixture, mock, example and docs
//! paths (the secret scanner's classification) every finding is a note that says where it is: throwaway test keys are common
//! and harmless there. The check fails on any warning or error; notes
//! alone pass. Secret values are never copied into findings.
//!
//! Limits: binary key formats (DER) are judged by name only; secrets inside
//! ordinary source and config files are `secrets.no-committed-secrets`'
//! job.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::model::{Basis, Confidence, Finding, Level, Outcome};
use crate::secrets::key_refs;
use crate::workspace::{line_of, Content, FileEntry, FileKind};

pub struct NoEnvFiles;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("secrets.no-env-files"),
    title: Cow::Borrowed("No environment, key or credential files are committed"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("No .env, private key, keystore or credential file in the repository"),
    rationale: Cow::Borrowed(
        "A committed .env, private key or credentials file hands production access to everyone who can \
         read the repository, every fork and clone, every CI log and every backup, for as long as the \
         history exists. Deleting the file later does not remove it from history: the secret must be \
         rotated. These files are the most common way credentials leak from code.",
    ),
    remediation: Cow::Borrowed(
        "1. Rotate whatever the file contains: assume it is compromised.\n\
         2. Remove it from the repository and keep it out:\n\n\
         ```sh\n\
         git rm --cached .env\n\
         echo '.env' >> .gitignore\n\
         ```\n\n\
         3. Commit a template with placeholders instead, and load real values from the environment \
         or a secret store (Vault, AWS Secrets Manager, Kubernetes secrets, the CI's secret store):\n\n\
         ```sh\n\
         # .env.example\n\
         DATABASE_URL=postgres://user:<password>@localhost:5432/payments\n\
         STRIPE_API_KEY=<your test key>\n\
         ```\n\n\
         For `.npmrc`, use `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`. To purge history, use \
         git filter-repo, then force-push and have every clone re-cloned. A throwaway value that must \
         stay can be suppressed with `# shipready: ignore[secrets.no-env-files] <reason>`.",
    ),
    passes_when: Cow::Borrowed(
        "no committed .env (templates such as .env.example are fine), private key, keystore, \
         credentials JSON, tokened .npmrc/.pypirc/.netrc, .git-credentials, docker auth config, AWS \
         credentials, .pgpass, .htpasswd, KeePass database or Terraform state outside vendored trees; \
         placeholder-only env files and test fixtures are reported as notes, env files of non-secret \
         settings only (no secret-named key, no credential-shaped value) as low warnings",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://owasp.org/Top10/A05_2021-Security_Misconfiguration/"),
        Cow::Borrowed("https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository"),
        Cow::Borrowed("https://12factor.net/config"),
    ]),
};

/// Files whose content decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Env,
    Key,
    CredentialsJson,
    Npmrc,
    Pypirc,
    Netrc,
    GitCredentials,
    DockerConfig,
    AwsCredentials,
    Pgpass,
}

const TEMPLATE_PARTS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "samples",
    "template",
    "templates",
    "tmpl",
    "tpl",
    "dist",
    "defaults",
    "default",
    "schema",
    "skeleton",
    "vault",
    "enc",
    "encrypted",
    "gpg",
    "age",
    "sops",
    "asc",
    "md",
    "txt",
];

/// Env files frameworks expect to be committed with non-secret defaults.
const SHARED_ENVS: &[&str] = &["development", "dev", "test", "testing", "ci", "e2e"];

const PUBLIC_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "NUXT_PUBLIC_",
    "EXPO_PUBLIC_",
    "GATSBY_",
    "VUE_APP_",
    "PUBLIC_",
];

/// How sure a committed env file is a leak: an env file of placeholders is
/// a risk, not a leak; one named for development or tests (`dev.env`,
/// `.env.test`, `hack/test.env`) usually holds throwaway local values that
/// a reviewer would dispute as production secrets. Both are reported but
/// do not cap the score; the secrets check still judges every value.
fn env_confidence(file: &FileEntry, level: Level) -> Confidence {
    if level < Level::Error {
        return Confidence::Medium;
    }
    let name = lower_name(file);
    // Environments for development and tests, and the CI services that
    // run them (`.env.travis`, `.env.github`).
    let local = [
        "dev",
        "development",
        "test",
        "tests",
        "testing",
        "local",
        "ci",
        "e2e",
        "travis",
        "circleci",
        "github",
        "gitlab",
        "jenkins",
        "buildkite",
        "drone",
    ];
    let named_local = is_env_name(&name) && env_parts(&name).iter().any(|p| local.contains(p));
    // Cloud dev workspaces (`.devcontainer/`, `.gitpod`) by the scanner's
    // own rule for local environments.
    let in_local_dir = file
        .dir()
        .split('/')
        .any(|d| matches!(d, "hack" | "dev" | "devenv" | "local" | "test" | "tests"))
        || crate::secrets::is_local_dev_path(&file.path);
    if named_local || in_local_dir {
        Confidence::Medium
    } else {
        Confidence::High
    }
}

/// An env template (`.env.example`, `.env.sample`, `app.env.template`):
/// the values a setup guide tells people to copy.
pub(crate) fn is_env_template(file: &FileEntry) -> bool {
    // Asked of every file: the kind first, the lower-cased name only then.
    if !file.is(FileKind::EnvFile) {
        return false;
    }
    let name = lower_name(file);
    is_env_name(&name)
        && env_parts(&name)
            .iter()
            .any(|p| matches!(*p, "example" | "sample" | "template" | "dist" | "defaults"))
}

fn lower_name(file: &FileEntry) -> String {
    file.name().to_ascii_lowercase()
}

fn is_env_name(name: &str) -> bool {
    // `.env.patch` is a diff and `.env.ts` is code that reads the
    // environment: neither holds the values.
    const NOT_ENV: &[&str] = &[
        "patch", "diff", "md", "rst", "adoc", "js", "mjs", "cjs", "ts", "py", "go", "rb", "java",
        "rs", "kt", "php", "cs", "swift", "dart",
    ];
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if name.starts_with(".env.") && NOT_ENV.contains(&ext) {
        return false;
    }
    name == ".env" || name.starts_with(".env.") || (name.ends_with(".env") && name.len() > 4)
}

/// The name parts of an env file (`.env.production.local` -> production,
/// local), to tell templates and shared defaults.
fn env_parts(name: &str) -> Vec<&str> {
    name.split(['.', '-', '_'])
        .filter(|p| !p.is_empty() && *p != "env")
        .collect()
}

fn content_kind(file: &FileEntry) -> Option<Kind> {
    if file.vendored() {
        return None;
    }
    let name = lower_name(file);
    let path = file.path.to_ascii_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if is_env_name(&name) {
        let parts = env_parts(&name);
        if name == ".env.keys" || !parts.iter().any(|p| TEMPLATE_PARTS.contains(p)) {
            return Some(Kind::Env);
        }
        return None;
    }
    if matches!(ext, "pem" | "key" | "p8" | "ppk" | "asc")
        || (["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]
            .iter()
            .any(|k| name.starts_with(k))
            && !name.ends_with(".pub"))
    {
        return Some(Kind::Key);
    }
    if ext == "json"
        && (name == "credentials.json"
            || [
                "service-account",
                "service_account",
                "serviceaccount",
                "client_secret",
                "gcp-key",
            ]
            .iter()
            .any(|k| name.starts_with(k))
            || name.ends_with("-credentials.json")
            || name.ends_with("_credentials.json"))
    {
        return Some(Kind::CredentialsJson);
    }
    if path.ends_with(".docker/config.json") {
        return Some(Kind::DockerConfig);
    }
    if path.ends_with(".aws/credentials") {
        return Some(Kind::AwsCredentials);
    }
    match name.as_str() {
        ".npmrc" => Some(Kind::Npmrc),
        ".pypirc" => Some(Kind::Pypirc),
        ".netrc" | "_netrc" => Some(Kind::Netrc),
        ".git-credentials" => Some(Kind::GitCredentials),
        ".pgpass" => Some(Kind::Pgpass),
        _ => None,
    }
}

/// Under a test, fixture, mock, example or docs location (the secret
/// scanner's classification: `tests/`, `test_resources/`, `testdata/`,
/// `mock.ts`, `examples/`...).
/// An env file is judged by its directory only: its name (`test.env`,
/// `.env.test`) says which environment it configures, and
/// [`env_confidence`] grades those.
fn in_test_path(file: &FileEntry) -> bool {
    if is_env_name(&lower_name(file)) {
        crate::secrets::is_test_or_docs_dir(file.dir())
    } else {
        crate::secrets::is_test_or_docs_path(&file.path)
    }
}

/// One finding from a file's content, without the file's path yet.
struct Hit {
    rule: &'static str,
    level: Level,
    line: Option<u32>,
    message: String,
    /// Stable text for the fingerprint (never a secret value).
    key: String,
    /// Set where the content alone decides how sure the finding is.
    confidence: Option<Confidence>,
}

struct Hits(Vec<Hit>);

/// The key files one test source file names (`secrets::key_refs`).
struct TestKeyRefs(Vec<String>);

fn placeholder(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    let l = v.to_ascii_lowercase();
    v.is_empty()
        || v.starts_with('$')
        || v.starts_with("%(")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("{{") && v.ends_with("}}"))
        || l.starts_with("encrypted:")
        || l.starts_with("enc[")
        || l.chars()
            .all(|c| matches!(c, 'x' | '*' | '.' | '-' | '_' | '#'))
        || l.starts_with("your")
        || l.starts_with("replace")
        || l.starts_with("change")
        || l.starts_with("insert")
        || l.starts_with("put_")
        || l.starts_with("example")
        || l.starts_with("dummy")
        || l.starts_with("fake")
        || l.starts_with("placeholder")
        || matches!(
            l.as_str(),
            "todo" | "tbd" | "null" | "none" | "nil" | "redacted" | "secret_here" | "insecure"
        )
}

/// Whether a variable name says it holds a secret.
fn secret_name(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    let tokens: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|t| !t.is_empty())
        .collect();
    let has = |t: &str| tokens.contains(&t);
    if has("PUBLIC") || has("PUBLISHABLE") {
        return false;
    }
    // A setting about a secret, not a secret: `AUTH_MODE=password`,
    // `PASSWORD_MIN_LENGTH`, `TOKEN_TTL`, `SECRET_BACKEND`.
    const SETTING: &[&str] = &[
        "MODE",
        "TYPE",
        "METHOD",
        "BACKEND",
        "PROVIDER",
        "ENABLED",
        "DISABLED",
        "ENABLE",
        "DISABLE",
        "TTL",
        "EXPIRY",
        "EXPIRES",
        "LENGTH",
        "LEN",
        "TIMEOUT",
        "URL",
        "URI",
        "ENDPOINT",
        "FILE",
        "PATH",
        "HEADER",
        "NAME",
        "ALGORITHM",
        "ALG",
    ];
    if tokens.last().is_some_and(|t| SETTING.contains(t)) {
        return false;
    }
    tokens.iter().any(|t| {
        matches!(
            *t,
            "SECRET"
                | "SECRETS"
                | "PASSWORD"
                | "PASSWD"
                | "PASS"
                | "PWD"
                | "TOKEN"
                | "TOKENS"
                | "APIKEY"
                | "CREDENTIALS"
                | "CREDENTIAL"
                | "DSN"
                | "SALT"
                | "PRIVATE"
                | "AUTH"
                | "COOKIE"
        )
    }) || (tokens.last() == Some(&"KEY") && !has("ID"))
}

static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]+:([^@\s]+)@").expect("static regex")
});
static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$")
        .expect("static regex")
});

fn env_value(raw: &str) -> &str {
    let v = raw.trim();
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        return v[1..].split(q).next().unwrap_or("");
    }
    // An unquoted value ends at ` #`.
    v.split(" #").next().unwrap_or(v).trim()
}

/// Whether the file says, in its opening comments, that it is a template
/// to copy (`# Copy this file to .env and change the values`).
fn declares_template(text: &str) -> bool {
    text.lines()
        .take(15)
        .map(str::trim_start)
        .filter(|l| l.starts_with('#'))
        .any(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("template")
                || l.contains("copy this file")
                || l.contains("example configuration")
        })
}

fn inspect_env(name: &str, text: &str) -> Vec<Hit> {
    if name == ".env.keys" {
        let has_value = text
            .lines()
            .filter_map(|l| ENV_LINE.captures(l))
            .any(|c| !placeholder(env_value(&c[2])));
        return if has_value {
            vec![Hit {
                rule: "env-file",
                level: Level::Error,
                line: None,
                message: "`.env.keys` holds the private keys that decrypt the encrypted .env files: rotate them, remove the file and keep it in a secret store".into(),
                key: "env-keys".into(),
                confidence: None,
            }]
        } else {
            Vec::new()
        };
    }
    let mut secrets: Vec<(u32, String)> = Vec::new();
    let mut literals: Vec<(u32, String)> = Vec::new();
    let mut public = 0usize;
    // A literal under a neutral name whose value looks like a credential.
    let mut suspect: Option<(u32, String)> = None;
    let mut secret_slot = false;
    // A declared template's secret-named values are defaults to change,
    // unless one is strong enough to be a real credential.
    let template = declares_template(text);
    let mut defaults: Vec<(u32, String)> = Vec::new();
    for (i, line) in text.lines().enumerate().take(50_000) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some(c) = ENV_LINE.captures(line) else {
            continue;
        };
        let key = c[1].to_string();
        let value = env_value(&c[2]);
        // `STRIPE_API_KEY=stripe_api_key`: the name spelled again.
        let names_itself = value
            .trim()
            .trim_matches(['"', '\''])
            .eq_ignore_ascii_case(&key);
        if placeholder(value) || names_itself {
            // `SECRET_KEY=` waits for a secret: the file is where it goes.
            secret_slot |= secret_name(&key);
            continue;
        }
        let url_secret = URL_PASSWORD
            .captures(value)
            .is_some_and(|m| !placeholder(&m[1]));
        let upper = key.to_ascii_uppercase();
        // dotenvx publishes the key that encrypts; the private one is in .env.keys.
        let is_public = PUBLIC_PREFIXES.iter().any(|p| upper.starts_with(p))
            || upper.starts_with("DOTENV_PUBLIC_KEY");
        let strong = || {
            crate::secrets::filters::is_strong_value(value.as_bytes())
                || URL_PASSWORD
                    .captures(value)
                    .is_some_and(|m| crate::secrets::filters::is_strong_value(m[1].as_bytes()))
        };
        if (url_secret || (!is_public && secret_name(&key))) && template && !strong() {
            defaults.push((i as u32 + 1, key));
        } else if url_secret || (!is_public && secret_name(&key)) {
            secrets.push((i as u32 + 1, key));
        } else if is_public {
            public += 1;
        } else {
            if suspect.is_none() && looks_random(value) {
                suspect = Some((i as u32 + 1, key.clone()));
            }
            literals.push((i as u32 + 1, key));
        }
    }
    let names = |v: &[(u32, String)]| {
        let mut s = v
            .iter()
            .take(4)
            .map(|(l, k)| format!("{k} (line {l})"))
            .collect::<Vec<_>>()
            .join(", ");
        if v.len() > 4 {
            s.push_str(&format!(" and {} more", v.len() - 4));
        }
        s
    };
    let shared = env_parts(name).iter().any(|p| SHARED_ENVS.contains(p));
    if !secrets.is_empty() {
        return vec![Hit {
            rule: "env-file",
            level: Level::Error,
            line: Some(secrets[0].0),
            message: format!(
                "committed env file with what look like secrets: {}. Rotate them, remove the file from git (`git rm --cached`), gitignore it and commit a .env.example with placeholders",
                names(&secrets)
            ),
            key: secrets.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>().join(","),
            confidence: None,
        }];
    }
    if !defaults.is_empty() {
        return vec![Hit {
            rule: "env-file",
            level: Level::Warning,
            line: Some(defaults[0].0),
            message: format!(
                "an env template (its opening comment says so) whose secret-named variables hold weak defaults: {}. Nothing here looks like a live credential, but an installation that keeps these values is open: name the file .env.example and leave secrets empty",
                names(&defaults)
            ),
            key: "template-defaults".into(),
            confidence: None,
        }];
    }
    if !literals.is_empty() {
        // Names alone do not say a value is harmless: a token under
        // `SESSION` or a webhook URL under `NOTIFY` is a secret all the
        // same. Only when no value looks like one is the file judged by
        // its names, and then it is a risk (where secrets end up), not a
        // leak: a low finding, visible but not gating.
        let suspect = suspect.or_else(|| {
            scanner_line(name, text).and_then(|l| literals.iter().find(|(at, _)| *at == l).cloned())
        });
        let (level, why, confidence) = if shared {
            (Level::Info, "none look secret, and frameworks commit this environment's defaults; keep secrets out of it".to_string(), None)
        } else if let Some((line, key)) = &suspect {
            (Level::Warning, format!("{key} (line {line}) looks like a credential under a neutral name: rotate it if it is one, rename the file .env.example and gitignore the real one"), None)
        } else if secret_slot {
            (Level::Warning, "none look secret yet, but it has secret-named variables left empty, waiting for a value: rename it .env.example, gitignore the real one".to_string(), None)
        } else {
            (Level::Warning, "none look secret (no secret-named key, no value a secret rule or an entropy test flags), but a committed env file is where secrets end up: rename it .env.example, gitignore the real one".to_string(), Some(Confidence::Low))
        };
        return vec![Hit {
            rule: "env-file",
            level,
            line: Some(literals[0].0),
            message: format!(
                "committed env file with {} values ({}); {why}",
                literals.len(),
                names(&literals)
            ),
            key: "literal-values".into(),
            confidence,
        }];
    }
    let message = if public > 0 {
        format!("env file with {public} browser-public values only (NEXT_PUBLIC_, VITE_...); fine as long as it never gets a secret")
    } else {
        "env file with only comments, empty values or placeholders: rename it .env.example so real values are never filled in and committed".into()
    };
    vec![Hit {
        rule: "env-file",
        level: Level::Info,
        line: None,
        message,
        key: "placeholders".into(),
        confidence: None,
    }]
}

/// A value drawn at random rather than written by a person: long, of
/// several character classes, spread out, and not an address, a path or a
/// version (the secret scanner's own strength test).
fn looks_random(value: &str) -> bool {
    value.len() >= 16
        && !value.contains("://")
        && !value.starts_with('/')
        && !value.contains(char::is_whitespace)
        && crate::secrets::is_strong_value(value.as_bytes())
}

/// The first line of an env file on which a secret rule matches with
/// medium confidence or more (a provider token, a webhook URL, a password
/// in a URL), whatever its variable is called.
fn scanner_line(name: &str, text: &str) -> Option<u32> {
    static SCANNER: LazyLock<Option<crate::secrets::SecretScanner>> =
        LazyLock::new(|| crate::secrets::SecretScanner::builtin().ok());
    SCANNER
        .as_ref()?
        .scan(name, text.as_bytes())
        .into_iter()
        .find(|m| m.confidence >= Confidence::Medium)
        .map(|m| m.line)
}

static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 )?PRIVATE KEY(?: BLOCK)?)-----").expect("static regex")
});

fn inspect_key(name: &str, text: &str) -> Vec<Hit> {
    if let Some(m) = PRIVATE_KEY.captures(text) {
        let start = m.get(0).map_or(0, |x| x.start());
        let body: usize = text[m.get(0).map_or(0, |x| x.end())..]
            .lines()
            .take_while(|l| !l.starts_with("-----END"))
            .map(|l| {
                l.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
                    .count()
            })
            .sum();
        let what = &m[1];
        if body < 40 {
            return vec![Hit {
                rule: "private-key-file",
                level: Level::Info,
                line: Some(line_of(text, start)),
                message: format!(
                    "{what} block with almost no key material: a placeholder, not a key"
                ),
                key: what.to_string(),
                confidence: None,
            }];
        }
        return vec![Hit {
            rule: "private-key-file",
            level: Level::Error,
            line: Some(line_of(text, start)),
            message: format!(
                "committed {what}{}: revoke and rotate it, remove the file (and purge history), and load the key from a secret store at deploy time",
                if what.contains("ENCRYPTED") { " (encrypted, but its passphrase is one guess away)" } else { "" }
            ),
            key: what.to_string(),
            confidence: None,
        }];
    }
    if text.contains("PuTTY-User-Key-File-") && text.contains("Private-Lines") {
        return vec![Hit {
            rule: "private-key-file",
            level: Level::Error,
            line: Some(1),
            message: "committed PuTTY private key: revoke it and remove the file".into(),
            key: "putty".into(),
            confidence: None,
        }];
    }
    if name.starts_with("id_") {
        return vec![Hit {
            rule: "private-key-file",
            level: Level::Info,
            line: None,
            message: "named like an SSH private key but holds no key block".into(),
            key: "no-block".into(),
            confidence: None,
        }];
    }
    Vec::new()
}

fn line_hits(text: &str, re: &Regex, rule: &'static str, what: &str, fix: &str) -> Vec<Hit> {
    re.captures_iter(text)
        .filter(|c| !placeholder(c.get(2).map_or("", |m| m.as_str())))
        .take(20)
        .map(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            let key = c.get(1).map_or("", |m| m.as_str()).to_string();
            Hit {
                rule,
                level: Level::Error,
                line: Some(line_of(text, at)),
                message: format!("{what} `{key}`: {fix}"),
                key,
                confidence: None,
            }
        })
        .collect()
}

static NPMRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[^#;\n]*?(_authToken|_auth|_password)\s*=\s*([^\n]*)$").expect("static regex")
});
static PYPIRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(password)\s*[=:]\s*([^\n]*)$").expect("static regex"));
static NETRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)\b(password|passwd)\s+(\S+)").expect("static regex"));
static GIT_CREDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*([a-z][a-z0-9+.-]*://[^:/@\s]+):([^@\s]+)@").expect("static regex")
});
static DOCKER_AUTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"("auth"|"identitytoken")\s*:\s*"([A-Za-z0-9+/=_.-]{4,})""#).expect("static regex")
});
static AWS_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?mi)^\s*(aws_secret_access_key|aws_session_token)\s*=\s*([^\n]*)$")
        .expect("static regex")
});
static PRIVATE_KEY_JSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(private_key|client_secret)"\s*:\s*"([^"]*)""#).expect("static regex")
});

fn inspect_content(kind: Kind, name: &str, text: &str) -> Vec<Hit> {
    match kind {
        Kind::Env => inspect_env(name, text),
        Kind::Key => inspect_key(name, text),
        Kind::CredentialsJson => line_hits(
            text,
            &PRIVATE_KEY_JSON,
            "credentials-json",
            "credentials file with a literal",
            "revoke the key or client secret in the provider's console, remove the file, and use workload identity or a secret store",
        ),
        Kind::Npmrc => line_hits(
            text,
            &NPMRC,
            "npmrc-token",
            ".npmrc with a literal",
            "revoke the token, then write `_authToken=${NPM_TOKEN}` and set NPM_TOKEN in the environment",
        ),
        Kind::Pypirc => line_hits(
            text,
            &PYPIRC,
            "pypirc-password",
            ".pypirc with a literal",
            "revoke the PyPI token, remove the file, and pass TWINE_PASSWORD from the environment or use trusted publishing",
        ),
        Kind::Netrc => line_hits(
            text,
            &NETRC,
            "netrc-password",
            "netrc with a literal",
            "rotate the password and remove the file; credentials belong in the user's home, not the repository",
        ),
        Kind::GitCredentials => line_hits(
            text,
            &GIT_CREDS,
            "git-credentials",
            "git credential store with a password for",
            "revoke the token and remove the file; use a credential helper outside the repository",
        ),
        Kind::DockerConfig => {
            if !text.contains("\"auths\"") {
                return Vec::new();
            }
            line_hits(
                text,
                &DOCKER_AUTH,
                "docker-config-auth",
                "docker config with a registry credential in",
                "log out, rotate the registry password or token, remove the file, and use a credential helper",
            )
        }
        Kind::AwsCredentials => line_hits(
            text,
            &AWS_SECRET,
            "aws-credentials-file",
            "AWS credentials file with",
            "deactivate the access key in IAM, remove the file, and use roles or SSO instead of static keys",
        ),
        Kind::Pgpass => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim_start().starts_with('#'))
            .find(|(_, l)| {
                let f: Vec<&str> = l.splitn(5, ':').collect();
                f.len() == 5 && !placeholder(f[4])
            })
            .map(|(i, _)| Hit {
                rule: "pgpass-file",
                level: Level::Error,
                line: Some(i as u32 + 1),
                message: "`.pgpass` with a database password: rotate it and remove the file".into(),
                key: "pgpass".into(),
                confidence: None,
            })
            .into_iter()
            .collect(),
    }
}

/// Findings from the file name alone (binary or always-sensitive files).
fn by_name(file: &FileEntry) -> Option<(&'static str, Level, String)> {
    if file.vendored() || file.size == 0 {
        return None;
    }
    let name = lower_name(file);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if matches!(ext, "p12" | "pfx" | "jks" | "keystore" | "bks" | "jceks") {
        if name == "debug.keystore" {
            return Some(("keystore-file", Level::Info, "Android debug keystore: its password is public, fine for debug builds, never sign releases with it".into()));
        }
        if name.contains("truststore") || name.starts_with("cacerts") {
            return Some((
                "keystore-file",
                Level::Info,
                "truststore: holds certificates, not keys, if it is what its name says".into(),
            ));
        }
        return Some(("keystore-file", Level::Error, "committed keystore (private keys and certificates): rotate the keys it holds, remove it, and provide it from a secret store at build or deploy time".into()));
    }
    if ext == "kdbx" {
        return Some(("keepass-db", Level::Error, "committed KeePass database: its encryption is all that protects every password in it; move it out of the repository".into()));
    }
    if name.ends_with(".tfstate") || name.ends_with(".tfstate.backup") {
        return Some(("terraform-state", Level::Error, "committed Terraform state: it holds resource secrets (database passwords, keys) in plain text; rotate them, remove the file and use a remote backend with encryption".into()));
    }
    if name == ".htpasswd" {
        return Some(("htpasswd-file", Level::Error, "committed .htpasswd: password hashes can be cracked offline; rotate the passwords and provide the file at deploy time".into()));
    }
    None
}

impl Check for NoEnvFiles {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a committed env file may hold only local values).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        content_kind(file).is_some() || key_refs::is_test_source(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let Some(kind) = content_kind(file) else {
            let refs = content.model::<key_refs::KeyRefs>().0.clone();
            return (!refs.is_empty()).then(|| Box::new(TestKeyRefs(refs)) as FileData);
        };
        let hits = inspect_content(kind, &lower_name(file), content.text());
        (!hits.is_empty()).then(|| Box::new(Hits(hits)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let meta = ctx.meta;
        let test_keys: BTreeSet<String> = ctx
            .data::<TestKeyRefs>()
            .flat_map(|(_, r)| r.0.iter().cloned())
            .collect();
        let mut findings: Vec<Finding> = Vec::new();
        let mut push = |f: &FileEntry,
                        rule: &'static str,
                        level: Level,
                        line: Option<u32>,
                        message: String,
                        key: &str,
                        confidence: Option<Confidence>| {
            let test = in_test_path(f);
            // A key the tests load is a test key, most likely: medium, so
            // it shows without capping the score.
            let loaded = !test
                && rule == "private-key-file"
                && level == Level::Error
                && key_refs::loaded_by_tests(&f.path, &test_keys);
            let (level, message) = if test && level > Level::Info {
                (Level::Info, format!("{message} (in a test/fixture path: fine for a throwaway test value, never for a real one)"))
            } else if loaded {
                (level, format!("{message} (the tests load this file: a test key, unless production loads it too)"))
            } else {
                (level, message)
            };
            let confidence = if loaded {
                Some(
                    confidence
                        .unwrap_or(Confidence::Medium)
                        .min(Confidence::Medium),
                )
            } else {
                confidence
            };
            findings.push(
                finding(meta, message)
                    .rule(rule)
                    .level(level)
                    .confidence(
                        confidence
                            .unwrap_or_else(|| env_confidence(f, level))
                            .min(env_confidence(f, level)),
                    )
                    .at(f.path.clone(), line)
                    .matched(key),
            );
        };
        for (f, hits) in ctx.data::<Hits>() {
            for h in &hits.0 {
                push(
                    f,
                    h.rule,
                    h.level,
                    h.line,
                    h.message.clone(),
                    &h.key,
                    h.confidence,
                );
            }
        }
        let mut candidates = 0usize;
        for f in ctx.ws.files() {
            if content_kind(f).is_some() {
                candidates += 1;
            }
            if let Some((rule, level, message)) = by_name(f) {
                candidates += 1;
                push(f, rule, level, None, message, rule, None);
            }
        }
        let blocking: Vec<&Finding> = findings.iter().filter(|f| f.level > Level::Info).collect();
        let notes = findings.len() - blocking.len();
        if blocking.is_empty() {
            let summary = if notes > 0 {
                format!(
                    "no committed secret files ({notes} note{})",
                    if notes == 1 { "" } else { "s" }
                )
            } else {
                "no committed env, key or credential files".to_string()
            };
            return Ok(Outcome::pass(summary)
                .basis(Basis::Parsed)
                .evidence(format!(
                    "looked at {candidates} candidate file{} (.env*, *.pem, *.key, keystores, .npmrc, .pypirc, .netrc, credential JSON, tfstate...); .gitignored files are not committed and not seen",
                    if candidates == 1 { "" } else { "s" }
                ))
                .findings(findings));
        }
        let mut paths: Vec<&str> = blocking.iter().filter_map(|f| f.path.as_deref()).collect();
        paths.dedup();
        let shown = paths.iter().take(3).copied().collect::<Vec<_>>().join(", ");
        let more = if paths.len() > 3 {
            format!(" and {} more", paths.len() - 3)
        } else {
            String::new()
        };
        let evidence: Vec<String> = blocking
            .iter()
            .map(|f| format!("{} [{}]", f.location(), f.rule.as_deref().unwrap_or("")))
            .collect();
        // Say "secret" only when a value looks like one; an env file of
        // placeholders is a risk, not a leak.
        let what = if blocking.iter().any(|f| f.level >= Level::Error) {
            "secret file"
        } else {
            "env file (no secret values seen)"
        };
        let what = if paths.len() == 1 {
            what.to_string()
        } else {
            what.replacen("file", "files", 1)
        };
        Ok(
            Outcome::fail(format!("{} committed {what}: {shown}{more}", paths.len()))
                .basis(Basis::Parsed)
                .evidences(evidence)
                .findings(findings),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    const KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfakefakefakefakefakefakefakefakefakefakefakefake\nZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZha2VmYWtl\n-----END RSA PRIVATE KEY-----\n";
    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n";

    fn rules(o: &Outcome) -> Vec<(String, Level)> {
        o.findings
            .iter()
            .map(|f| (f.rule.clone().unwrap_or_default(), f.level))
            .collect()
    }

    #[test]
    fn env_files() {
        let o = expect(&NoEnvFiles, "dotenv with secrets", &[(".env", "# db\nDB_HOST=localhost\nDB_PASSWORD=hunter2hunter2\nSTRIPE_SECRET_KEY=sk_live_abc\n")], Status::Fail);
        assert_eq!(o.findings[0].line, Some(3));
        assert!(
            o.findings[0]
                .message
                .contains("DB_PASSWORD (line 3), STRIPE_SECRET_KEY (line 4)"),
            "{}",
            o.findings[0].message
        );
        assert!(
            !o.findings[0].message.contains("hunter2"),
            "a finding never holds the value"
        );
        expect(
            &NoEnvFiles,
            "url with password",
            &[(
                ".env.production",
                // shipready: ignore[secrets.no-committed-secrets/connection-string-password] synthetic value for a test, never issued
                "DATABASE_URL=postgres://app:s3cr3t@db:5432/app\n",
            )],
            Status::Fail,
        );
        let o = expect(
            &NoEnvFiles,
            "non-secret literals",
            &[(".env", "PORT=8080\nLOG_LEVEL=debug\n")],
            // A risk, not a leak: a low warning, visible, not gating.
            Status::Pass,
        );
        assert_eq!(rules(&o), [("env-file".to_string(), Level::Warning)]);
        assert_eq!(o.findings[0].confidence, Confidence::Low);
        // The headline must not call placeholders and ports a secret.
        assert!(
            o.summary
                .starts_with("1 committed env file (no secret values seen): .env"),
            "{}",
            o.summary
        );
        expect(
            &NoEnvFiles,
            "docker env file",
            &[("deploy/db.env", "POSTGRES_PASSWORD=supersecretpassword\n")],
            Status::Fail,
        );
        let o = expect(&NoEnvFiles, "placeholders only", &[(".env", "# fill in\nAPI_KEY=\nDB_PASSWORD=changeme\nTOKEN=<your token>\nURL=${BASE_URL}/x\nSECRET=\"\"\nSTRIPE_API_KEY=stripe_api_key\n")], Status::Pass);
        assert_eq!(rules(&o), [("env-file".to_string(), Level::Info)]);
        expect(
            &NoEnvFiles,
            "dev defaults",
            &[(".env.development", "API_URL=http://localhost:3000\n")],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "public only",
            &[(
                ".env.production",
                "NEXT_PUBLIC_API_URL=https://api.acme.example\nNEXT_PUBLIC_STRIPE_KEY=pk_live_x\n",
            )],
            Status::Pass,
        );
        expect(&NoEnvFiles, "dotenvx encrypted", &[(".env", "DOTENV_PUBLIC_KEY=\"03abc\"\nDB_PASSWORD=\"encrypted:BDqDBibm4wsYqMpCjTQ6BsDHmMadg9K3dAt+Z9HPMfLEIRVz50hmLXPXRuDBXaJi\"\n")], Status::Pass);
        for name in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            ".env.defaults",
            "app.env.example",
            ".env.local.example",
            ".env.vault",
        ] {
            let o = expect(
                &NoEnvFiles,
                name,
                &[(name, "DB_PASSWORD=hunter2hunter2\n")],
                Status::Pass,
            );
            assert!(o.findings.is_empty(), "{name}: {:?}", o.findings);
        }
        let o = expect(
            &NoEnvFiles,
            "test path",
            &[("tests/fixtures/.env", "API_TOKEN=abcdef123456\n")],
            Status::Pass,
        );
        assert!(
            o.findings[0].message.contains("test/fixture path"),
            "{:?}",
            o.findings
        );
        expect(
            &NoEnvFiles,
            "vendored",
            &[("node_modules/x/.env", "API_TOKEN=abcdef123456\n")],
            Status::Pass,
        );
        expect(&NoEnvFiles, "env keys", &[(".env.keys", "DOTENV_PRIVATE_KEY=\"81dac4d2c42e67a2c6542d3b943a4674a05c4be5e7e5a40a689be7a3bd49a07e\"\n")], Status::Fail);
    }

    #[test]
    fn keys_for_localhost_are_fixtures() {
        let o = run_check(&NoEnvFiles, &[("caddytest/caddy.localhost.key", KEY)]);
        assert_ne!(o.status, Status::Fail, "{}", o.summary);
        let o = run_check(&NoEnvFiles, &[("deploy/api.acme.io.key", KEY)]);
        assert_eq!(o.status, Status::Fail, "{}", o.summary);
    }

    #[test]
    fn secret_names_and_settings_about_secrets() {
        for (key, want) in [
            ("DB_PASSWORD", true),
            ("STRIPE_SECRET_KEY", true),
            ("AUTH_TOKEN", true),
            ("PHOTOPRISM_AUTH_MODE", false),
            ("PASSWORD_MIN_LENGTH", false),
            ("TOKEN_TTL", false),
            ("DB_PASSWORD_FILE", false),
            ("SECRET_BACKEND", false),
            ("AWS_ACCESS_KEY_ID", false),
            ("NEXT_PUBLIC_API_KEY", false),
        ] {
            assert_eq!(secret_name(key), want, "{key}");
        }
    }

    #[test]
    fn local_and_placeholder_env_files_are_reported_without_capping() {
        // (path, content, status): a leak fails; a development, test or CI
        // env file is partial (medium confidence); one of placeholders only
        // (`insecure` says it must be replaced) passes with a note.
        let cases: &[(&str, &str, Status)] = &[
            (".env", "DB_PASSWORD=hunter2hunter2\n", Status::Fail),
            (
                "config/prod.env",
                "DB_PASSWORD=hunter2hunter2\n",
                Status::Fail,
            ),
            (
                "server/development.env",
                "DB_PASSWORD=hunter2hunter2\n",
                Status::Partial,
            ),
            (
                "hack/test.env",
                "JWT_SECRET=hunter2hunter2\n",
                Status::Partial,
            ),
            (".env.test", "DB_PASSWORD=hunter2hunter2\n", Status::Partial),
            (
                ".devcontainer/backend.env",
                "DB_PASSWORD=hunter2hunter2\n",
                Status::Partial,
            ),
            (
                ".env.travis",
                "APP_KEY=randomkeyreplacethis2\n",
                Status::Partial,
            ),
            (
                ".env.unit-tests",
                "APP_KEY=randomkeyreplacethis2\n",
                Status::Partial,
            ),
            (
                ".env.production",
                "APP_KEY=randomkeyreplacethis2\n",
                Status::Fail,
            ),
            (
                "setup/docker/stack.env",
                "MARIADB_PASSWORD=insecure\nMARIADB_ROOT_PASSWORD=insecure\n",
                Status::Pass,
            ),
            (
                "contrib/netbox.env",
                "SECRET_KEY=\nDB_HOST=localhost\n",
                Status::Partial,
            ),
        ];
        for (path, text, want) in cases {
            expect(&NoEnvFiles, path, &[(path, text)], *want);
        }
    }

    #[test]
    fn env_files_of_non_secret_settings_are_low() {
        // (path, content, status, confidence of the finding): names that
        // hold no secret and values no secret rule or entropy test flags
        // are a low warning; a credential-shaped value under any name is
        // not.
        let webhook = format!(
            "NOTIFY=https://hooks.slack.com/services/T{}/B{}/{}\n",
            "0A1B2C3D4", "5E6F7G8H9", "q8mR2vT9xLp4WcN7bY1dF6hZ"
        );
        let cases: &[(&str, &str, Status, Confidence)] = &[
            (
                ".healthcheck.env",
                "# Default Template\nX_HEALTHCHECK_SCHEME=http\nX_HEALTHCHECK_HOST=localhost\nX_HEALTHCHECK_PORT=9091\nX_HEALTHCHECK_PATH=\n",
                Status::Pass,
                Confidence::Low,
            ),
            (
                ".env",
                "PORT=8080\nLOG_LEVEL=info\nFEATURE_SIGNUP=true\nAPI_URL=https://api.acme.io/v1\nREDIS_URL=redis://cache:6379/0\nTZ=Europe/Paris\n",
                Status::Pass,
                Confidence::Low,
            ),
            (
                "contrib/app.env",
                "SECRET_KEY=\nDB_HOST=localhost\n",
                Status::Partial,
                Confidence::Medium,
            ),
            (
                ".env",
                "PORT=8080\nSESSION=Zq8mR2vT9xLp4WcN7bY1dF6h\n",
                Status::Partial,
                Confidence::Medium,
            ),
            (".env", &webhook, Status::Partial, Confidence::Medium),
            (
                ".env",
                // shipready: ignore[secrets.no-committed-secrets/connection-string-password] synthetic value for a test, never issued
                "PORT=8080\nDATABASE_URL=postgres://app:Vd8x2LqP9z@db.acme.internal/app\n",
                Status::Fail,
                Confidence::High,
            ),
            (
                ".env",
                "PORT=8080\nDB_PASSWORD=hunter2hunter2\n",
                Status::Fail,
                Confidence::High,
            ),
            // A file that calls itself a template: weak defaults are to be
            // changed, not leaked; a strong value in it is a leak all the
            // same, and the same defaults without the header are judged as
            // any env file's.
            (
                "deploy.env",
                "# This file is a template for docker compose deployment\n# Copy this file to .env and change the values as needed\nPOSTGRES_PASSWORD=password\nGOTRUE_JWT_SECRET=hello456\nAWS_SECRET=minioadmin\n",
                Status::Partial,
                Confidence::Medium,
            ),
            (
                "deploy.env",
                "# Copy this file to .env and change the values as needed\nPOSTGRES_PASSWORD=password\nGOTRUE_JWT_SECRET=Zq8mR2vT9xLp4WcN7bY1dF6h\n",
                Status::Fail,
                Confidence::High,
            ),
            (
                "deploy.env",
                "# Production deployment\nPOSTGRES_PASSWORD=password\nGOTRUE_JWT_SECRET=hello456\n",
                Status::Fail,
                Confidence::High,
            ),
        ];
        for (path, text, want, conf) in cases {
            let o = expect(&NoEnvFiles, text, &[(path, text)], *want);
            assert_eq!(o.findings[0].confidence, *conf, "{text}: {:?}", o.findings);
        }
    }

    #[test]
    fn env_file_names() {
        for (name, is_env) in [
            (".env", true),
            (".env.production", true),
            (".env.local", true),
            ("prod.env", true),
            (".env.json", true),
            // Diffs of env files and code that reads the environment.
            (".env.patch", false),
            (".env.diff", false),
            (".env.ts", false),
            (".env.py", false),
            ("env", false),
        ] {
            assert_eq!(is_env_name(name), is_env, "{name}");
        }
        expect(
            &NoEnvFiles,
            "a patch of an env file is a diff",
            &[(
                ".env.patch",
                "--- a/.env\n+++ b/.env\n+DB_PASSWORD=hunter2hunter2\n",
            )],
            Status::Pass,
        );
    }

    #[test]
    fn secret_names() {
        for yes in [
            "DB_PASSWORD",
            "API_TOKEN",
            "stripe_secret_key",
            "SENDGRID_KEY",
            "SENTRY_DSN",
            "AUTH_SECRET",
            "REDIS_PASS",
        ] {
            assert!(secret_name(yes), "{yes}");
        }
        for no in [
            "PORT",
            "PUBLIC_KEY",
            "STRIPE_PUBLISHABLE_KEY",
            "KEY_ID",
            "AUTHOR",
            "PASSENGER_COUNT",
            "LOG_LEVEL",
        ] {
            assert!(!secret_name(no), "{no}");
        }
    }

    #[test]
    fn keys_and_credentials() {
        let o = expect(
            &NoEnvFiles,
            "pem key",
            &[("certs/server.pem", KEY)],
            Status::Fail,
        );
        assert_eq!(rules(&o), [("private-key-file".to_string(), Level::Error)]);
        expect(
            &NoEnvFiles,
            "cert only",
            &[("certs/ca.pem", CERT)],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "cert plus key",
            &[("tls.pem", format!("{CERT}{KEY}").as_str())],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "ssh key",
            &[("deploy/id_ed25519", KEY)],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "ssh public key",
            &[("deploy/id_ed25519.pub", "ssh-ed25519 AAAA x")],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "placeholder key in docs",
            &[(
                "docs/example.key",
                "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
            )],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "test key",
            &[("tests/data/server.key", KEY)],
            Status::Pass,
        );
        // Test trees by any of their names are notes; a key beside the
        // code that deploys is not.
        for (path, want) in [
            ("internal/testresources/client-cert-key.pem", Status::Pass),
            (
                "internal/configuration/test_resources/crypto/rsa.pem",
                Status::Pass,
            ),
            ("internal/suites/common/pki/private.pem", Status::Pass),
            ("scripts/test-environments/oidc/server.key", Status::Pass),
            ("certs/test-key.pem", Status::Pass),
            ("config/prod.pem", Status::Fail),
            ("deploy/keys/server.key", Status::Fail),
            ("internal/pki/ca.key", Status::Fail),
            ("src/latest/server.pem", Status::Fail),
        ] {
            expect(&NoEnvFiles, path, &[(path, KEY)], want);
        }
        expect(
            &NoEnvFiles,
            "keystore",
            &[("android/app/release.jks", "bin")],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "debug keystore",
            &[("android/app/debug.keystore", "bin")],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "p12",
            &[("certs/client.p12", "bin")],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "tfstate",
            &[("infra/terraform.tfstate", "{\"version\": 4}")],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "kdbx",
            &[("secrets.kdbx", "bin")],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "htpasswd",
            &[("nginx/.htpasswd", "admin:$apr1$x$y\n")],
            Status::Fail,
        );
        expect(&NoEnvFiles, "gcp service account", &[("service-account.json", "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}")], Status::Fail);
        expect(
            &NoEnvFiles,
            "credentials placeholder",
            &[("credentials.json", "{\"private_key\": \"<paste here>\"}")],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "oauth client secret",
            &[(
                "client_secret_123.json",
                "{\"installed\": {\"client_secret\": \"GOCSPX-abcdefghijkl\"}}",
            )],
            Status::Fail,
        );
        let o = expect(&NoEnvFiles, "npmrc literal", &[(".npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abcdefghijklmnop\n")], Status::Fail);
        assert_eq!(o.findings[0].line, Some(2));
        expect(
            &NoEnvFiles,
            "npmrc env ref",
            &[(
                ".npmrc",
                "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true\n",
            )],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "pypirc",
            &[(
                ".pypirc",
                "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n",
            )],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "pypirc env",
            &[(
                ".pypirc",
                "[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n",
            )],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "netrc",
            &[(
                ".netrc",
                "machine api.acme.example login bot password hunter2hunter2\n",
            )],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "git credentials",
            &[(
                ".git-credentials",
                "https://bot:ghp_abcdefghijklmnop@github.com\n",
            )],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "docker auth",
            &[(
                ".docker/config.json",
                "{\"auths\": {\"registry.acme.example\": {\"auth\": \"Ym90Omh1bnRlcjI=\"}}}",
            )],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "docker helper only",
            &[(
                ".docker/config.json",
                "{\"auths\": {\"ghcr.io\": {}}, \"credsStore\": \"desktop\"}",
            )],
            Status::Pass,
        );
        expect(&NoEnvFiles, "aws credentials", &[(".aws/credentials", "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = wJalrXUtnFEMIbPxRfiCYEXAMPLEKEY\n")], Status::Fail);
        expect(
            &NoEnvFiles,
            "pgpass",
            &[(".pgpass", "db.acme.example:5432:app:app:hunter2hunter2\n")],
            Status::Fail,
        );
        expect(
            &NoEnvFiles,
            "clean repo",
            &[("README.md", "# x"), ("src/config.py", "import os\n")],
            Status::Pass,
        );
        expect(
            &NoEnvFiles,
            "binary env does not panic",
            &[(".env", "\u{0}\u{fffd}PASSWORD")],
            Status::Pass,
        );
    }
}
