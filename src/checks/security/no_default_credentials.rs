//! `security.no-default-credentials`: the product does not ship default
//! credentials, secrets with a literal fallback, or debug mode switched on.
//!
//! These are not leaks (`secrets.no-committed-secrets` looks for those and
//! deliberately leaves `admin`/`changeme` alone): they are insecure
//! defaults. A deployment that forgets to set `JWT_SECRET` runs with the
//! fallback printed in the repository; an admin password of `123456` is the
//! first one an attacker tries. Reviewers rate a repository that ships them
//! below one that reads its secrets from the environment and fails without
//! them (CWE-1188, CWE-1392, OWASP A05).
//!
//! What is looked for, in product code and configuration only. Left out:
//! tests, docs, examples (`example_configs/` too), fixtures, seeds, model
//! factories, migrations, generated code, CI and test-runner configuration,
//! local-development configuration, translation catalogues, package
//! manifests, API descriptions (`openapi.yaml`), and container or
//! Kubernetes definitions (compose files and YAML that defines services or
//! objects, judged by the container and Kubernetes checks).
//!
//! - **A secret read from the environment with a weak literal fallback**:
//!   `process.env.JWT_SECRET || "secret"`, `os.getenv("SECRET_KEY", "dev")`,
//!   `os.environ.get(...)`, `env("APP_KEY", "...")`, `ENV.fetch("X", "...")`,
//!   `ENV["X"] || "..."`, `getenv("X") ?: "..."`, `getEnv("X", "...")`,
//!   `System.get_env("X", "...")`, `Environment.GetEnvironmentVariable("X")
//!   ?? "..."`, Spring's `${JWT_SECRET:fallback}` and shell's
//!   `${X:-fallback}`. The variable must name a secret (`*_SECRET`,
//!   `*_PASSWORD`, `API_KEY`...); an empty fallback, a path or a plain URL is
//!   not one. Only fallbacks the secrets scanner leaves alone count here: a
//!   well-known password, a placeholder, a phrase or a short word
//!   (`filters::default_value_ok` is the line between them). A fallback
//!   that looks like a real key is `secrets.no-committed-secrets`'
//!   `env-fallback-secret` finding, so no line is reported twice. High
//!   confidence: the code says it, whatever the value.
//! - **A well-known default password under a secret-named key**:
//!   `password: '123456'`, `spring.datasource.password=admin`. High in
//!   configuration files, medium in code, where the same shape can be a
//!   form's data. A value capitalised like a label (`password: "Password"`)
//!   is a label; so is one that spells the key's end under a naming word
//!   (`FieldSecret = "secret"`, `cmdFlagNamePassword`). In code any value
//!   spelling the key's end reads as an identifier (`PK_TOKEN = "token"`),
//!   so `ClientSecret = "secret"` is missed there, for precision.
//! - **Debug mode on in shipped settings**: Django's `DEBUG = True` in a
//!   settings module (high), Flask's `app.run(debug=True)` (medium: usually
//!   the development entry point, but the one that ships).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::secrets::filters;
use crate::workspace::{Content, FileEntry, FileKind};

pub struct NoDefaultCredentials;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("security.no-default-credentials"),
    title: Cow::Borrowed("No default credentials or secret fallbacks"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("product source or configuration files exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed(
        "No weak secret fallbacks, default passwords or debug mode in shipped code",
    ),
    rationale: Cow::Borrowed(
        "A secret with a fallback (`process.env.JWT_SECRET || 'secret'`) makes every deployment \
         that forgets the variable run with a key anyone can read in the repository: tokens can \
         be forged, sessions hijacked. Default passwords (`admin`, `123456`, `changeme`) are the \
         first ones attackers try, and debug mode leaks stack traces, settings and sometimes a \
         console. None of them is a leaked secret; all of them are insecure defaults that ship \
         unless someone remembers to change them.",
    ),
    remediation: Cow::Borrowed(
        "Read secrets from the environment or a secret store and refuse to start without them:\n\n\
         ```js\n\
         const secret = process.env.JWT_SECRET;\n\
         if (!secret) throw new Error(\"JWT_SECRET is not set\");\n\
         ```\n\n\
         ```python\n\
         SECRET_KEY = os.environ[\"SECRET_KEY\"]  # KeyError at start-up, not a known key\n\
         DEBUG = os.environ.get(\"DEBUG\") == \"1\"\n\
         ```\n\n\
         Generate initial passwords at first start (or require one), and keep development \
         defaults in files named for development (`config/development.yml`, `.env.example`).",
    ),
    passes_when: Cow::Borrowed(
        "no product source or configuration reads a secret-named variable with a literal \
         fallback, sets a well-known default password under a secret-named key, or switches \
         Django or Flask debug mode on",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://cwe.mitre.org/data/definitions/1188.html"),
        Cow::Borrowed("https://cwe.mitre.org/data/definitions/1392.html"),
        Cow::Borrowed("https://owasp.org/Top10/A05_2021-Security_Misconfiguration/"),
        Cow::Borrowed("https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug"),
    ]),
};

const CODE_EXTS: &[&str] = &[
    "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "py", "rb", "php", "go", "java", "kt",
    "cs", "ex", "exs",
];
const CONFIG_EXTS: &[&str] = &["yaml", "yml", "properties", "toml", "ini", "cfg", "conf"];

/// Files larger than this are generated or data, not settings.
const MAX_SIZE: u64 = 512 * 1024;

/// `process.env.X || "..."` and `?? "..."`.
static JS_FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"process\.env\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\||\?\?)\s*["'`]([^"'`\n]*)["'`]"#)
        .expect("JS fallback regex")
});

/// A getter called with the variable and a default: `os.getenv("X", "d")`,
/// `os.environ.get`, `env("X", default="d")`, `ENV.fetch`, `getEnv`,
/// `System.get_env`.
static CALL_FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:\bos\.getenv|\bos\.environ\.get|\benviron\.get|\bgetenv|\benv(?:\.str)?|\bENV\.fetch|\bSystem\.get_env|\b[gG]et[eE]nv\w*|\bconfig)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*(?:default\s*=\s*)?["']([^"'\n]*)["']"#,
    )
    .expect("call fallback regex")
});

/// `ENV["X"] || "d"`, `getenv('X') ?: 'd'`, `os.getenv("X") or "d"`,
/// `Environment.GetEnvironmentVariable("X") ?? "d"`.
static OR_FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:\bENV\[\s*["']|\bgetenv\(\s*["']|\bGetEnvironmentVariable\(\s*")([A-Za-z_][A-Za-z0-9_]*)["']\s*[\])]\s*(?:\|\||\?\?|\?:|\bor\b)\s*["']([^"'\n]*)["']"#,
    )
    .expect("or fallback regex")
});

/// `${X:fallback}` (Spring) and `${X:-fallback}` (shell, compose-style
/// interpolation in configuration).
static PLACEHOLDER_FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\$\{([A-Za-z_][A-Za-z0-9_.\-]*):-?([^}\s]*)\}"#)
        .expect("placeholder fallback regex")
});

/// A secret word ending a key, an assignment, and a short value. The key's
/// other words are read backwards by `key_before`: a leading
/// `[A-Za-z0-9_.-]*` would make every byte a possible start and hide the
/// words' literals from the regex engine's prefilter. The casings code
/// uses are spelled out rather than `(?i)`, whose hundreds of case
/// variants make the prefilter slow and loose.
static WEAK_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:[pP]ass(?:word|wd)?|PASS(?:WORD|WD)?|[pP]wd|PWD|[sS]ecret|SECRET|[tT]oken|TOKEN|[aA]pi_?[kK]ey|API_?KEY)["']?\s*(?:=>|=|:)\s*(?:["']([^"'\n]{1,64})["']|([^\s"'#,;}\]\)]{1,64}))"#,
    )
    .expect("weak literal regex")
});

/// The whole key whose last word starts at `word_at` (`admin_password`,
/// `spring.datasource.password`, `secretToken`).
fn key_before(text: &str, word_at: usize, word_end: usize) -> &str {
    let b = text.as_bytes();
    let mut i = word_at;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'.' | b'-')) {
        i -= 1;
    }
    &text[i..word_end]
}

/// Django's `DEBUG = True` at the top of a settings module.
static DJANGO_DEBUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^DEBUG\s*=\s*True\b").expect("django debug regex"));

/// Flask's development server started in debug mode.
static FLASK_DEBUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.run\([^)\n]*\bdebug\s*=\s*True").expect("flask debug regex"));

/// Literal fallbacks that mean "unset".
const NOT_VALUES: &[&str] = &["null", "none", "nil", "undefined", "false", "true"];

/// Whether a fallback is a weak value someone could run with: not empty,
/// not another reference, not a path or a plain address, and not one the
/// secrets scanner reports as a possible key.
fn usable_fallback(value: &str) -> bool {
    let v = value.trim();
    // A value the secrets scanner grades as a possible key is its finding.
    let scanners = v.len() >= 6 && filters::default_value_ok(v.as_bytes());
    !v.is_empty()
        && !scanners
        && !NOT_VALUES.iter().any(|n| v.eq_ignore_ascii_case(n))
        && !v.starts_with(['$', '%', '{', '/', '~'])
        && !v.starts_with("./")
        && (!v.contains("://") || filters::url_has_password(v.as_bytes()))
}

/// Words of an identifier, lowercased (`SIDEKIQ_WEB_PASSWORD`,
/// `jwtSecret`, `spring.datasource.password`): the secrets scanner's split.
fn words(key: &str) -> Vec<String> {
    filters::key_words(key.as_bytes())
}

/// Whether a variable or key names a credential by its last word
/// (`DB_PASSWORD`, `JWT_SECRET`, `API_KEY`, `secret_key_base`), not a
/// setting about one (`PAPERLESS_TOKEN_THROTTLE_RATE`, `AUTH_GUARD`,
/// `PRIVATE_KEY_ROTATION_GRACE_PERIOD`).
fn names_secret(key: &str) -> bool {
    let w = words(key);
    let n = w.len();
    let Some(last) = w.last().map(String::as_str) else {
        return false;
    };
    let before = |i: usize| {
        n > i
            && w.get(n - 1 - i)
                .is_some_and(|p| KEY_OWNERS.contains(&p.as_str()))
    };
    match last {
        "password" | "passwd" | "pwd" | "pass" | "passphrase" | "secret" | "token" | "apikey"
        | "credentials" | "credential" => filters::is_secret_key_name(key.as_bytes()),
        "key" => before(1),
        // Rails' `secret_key_base`.
        "base" => n >= 3 && w[n - 2] == "key" && w[n - 3] == "secret",
        _ => false,
    }
}

/// Words that make a `*_KEY` a secret one.
const KEY_OWNERS: &[&str] = &[
    "api",
    "secret",
    "private",
    "signing",
    "encryption",
    "app",
    "master",
    "access",
    "session",
    "jwt",
    "hmac",
    "client",
    "license",
    "auth",
];

/// Words by which a constant names a field, flag or kind rather than
/// holding a value (`FieldSecret`, `GrantTypePassword`, `columnSecret`).
const NAMING_WORDS: &[&str] = &[
    "field", "flag", "name", "column", "col", "type", "param", "header", "label", "action",
    "grant", "kind", "mode", "scope", "claim", "method", "form", "input", "attr", "prop",
];

/// The credential words themselves: in code, a value that is another
/// credential word than its key's is an identifier (a ternary's `"token" :
/// "password"`), not a password.
const SECRET_WORDS: &[&str] = &[
    "password", "pass", "passwd", "pwd", "secret", "token", "apikey", "api_key",
];

/// A value that spells the end of its key (`FieldSecret = "secret"`,
/// `ApiKey = "api_key"`) or is capitalised like a label (`password: "Password"`):
/// UI text or an identifier. In code, a value that is a credential word.
fn is_label(key: &str, value: &str, code: bool) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (k, v) = (squash(key), squash(value));
    let mut chars = value.chars();
    let capitalised = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase());
    // The whole key spelled (`ApiKey = "api_key"`), or its last word under
    // a naming word (`FieldSecret = "secret"`, `cmdFlagNamePassword`).
    let named = words(key)
        .iter()
        .any(|w| NAMING_WORDS.contains(&w.as_str()));
    // In code a value spelling the key's end is an identifier far more
    // often (`PK_TOKEN = "token"`, `MFAMethodPassword = "password"`) than a
    // weak secret, which is missed there (eShop's `ClientSecret =
    // "secret"`); in configuration only a naming word makes it a label.
    (!v.is_empty() && (k == v || ((code || named) && k.ends_with(&v))))
        || capitalised
        || (code && SECRET_WORDS.iter().any(|w| value.eq_ignore_ascii_case(w)) && !k.ends_with(&v))
}

/// One insecure default found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub line: u32,
    pub rule: &'static str,
    pub message: String,
    pub confidence: Confidence,
}

/// The insecure defaults in one file's text. `config` says whether the file
/// is configuration (unquoted values count there).
pub fn scan(path: &str, text: &str, config: bool) -> Vec<Hit> {
    // (offset, rule, message, confidence); lines are found once, at the end.
    let mut found: Vec<(usize, &'static str, String, Confidence)> = Vec::new();
    let name = path.rsplit('/').next().unwrap_or(path);
    let fallback = |found: &mut Vec<_>, at: usize, var: &str, value: &str| {
        if names_secret(var) && usable_fallback(value) {
            found.push((
                at,
                "weak-secret-fallback",
                format!(
                    "`{var}` falls back to a weak literal when the variable is unset; a deployment that forgets it runs with a value anyone can guess"
                ),
                Confidence::High,
            ));
        }
    };
    let has = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    let mut fallback_regexes = Vec::new();
    if has("process.env") {
        fallback_regexes.push(&*JS_FALLBACK);
    }
    if has("env") || has("ENV") || has("Env") || has("config(") {
        fallback_regexes.extend([&*CALL_FALLBACK, &*OR_FALLBACK]);
    }
    for re in fallback_regexes {
        for c in re.captures_iter(text) {
            let at = c.get(0).map_or(0, |m| m.start());
            fallback(&mut found, at, &c[1], &c[2]);
        }
    }
    if has("${") {
        for c in PLACEHOLDER_FALLBACK.captures_iter(text) {
            let at = c.get(0).map_or(0, |m| m.start());
            // `jwt.secret=${JWT:abc}`: the variable or the key it fills may
            // name the secret.
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let key = text[start..at]
                .trim()
                .trim_end_matches(['=', ':', '"', '\''])
                .trim()
                .trim_start_matches('-')
                .trim();
            let var = &c[1];
            let named = names_secret(var) || (!key.is_empty() && names_secret(key));
            if named && usable_fallback(&c[2]) {
                found.push((
                    at,
                    "weak-secret-fallback",
                    format!(
                        "`${{{var}:...}}` falls back to a weak literal when the variable is unset; a deployment that forgets it runs with a value anyone can guess"
                    ),
                    Confidence::High,
                ));
            }
        }
    }
    for c in WEAK_LITERAL.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let word_end = all
            .as_str()
            .find(['"', '\'', ' ', '\t', '=', ':'])
            .map_or(all.end(), |n| all.start() + n);
        let key = key_before(text, all.start(), word_end);
        let (quoted, value) = match (c.get(1), c.get(2)) {
            (Some(v), _) => (true, v.as_str()),
            (None, Some(v)) if config => (false, v.as_str()),
            _ => continue,
        };
        if !names_secret(key)
            || !filters::is_default_password(value.as_bytes())
            || is_label(key, value, !config)
        {
            continue;
        }
        found.push((
            word_end - key.len(),
            "default-password",
            format!(
                "`{key}` is set to a well-known default password; an installation that keeps it can be logged into by anyone"
            ),
            if config || !quoted {
                Confidence::High
            } else {
                Confidence::Medium
            },
        ));
    }
    let settings_module = name.ends_with(".py")
        && (name == "settings.py" || path.contains("/settings/") || path.starts_with("settings/"));
    if settings_module {
        if let Some(m) = DJANGO_DEBUG.find(text) {
            found.push((
                m.start(),
                "debug-on",
                "the settings module ships with `DEBUG = True`: error pages show settings and stack traces to anyone".into(),
                Confidence::High,
            ));
        }
    }
    if name.ends_with(".py") && has("debug") {
        for m in FLASK_DEBUG.find_iter(text) {
            found.push((
                m.start(),
                "debug-on",
                "the server is started with `debug=True`: the debugger runs code for anyone who reaches an error page".into(),
                Confidence::Medium,
            ));
        }
    }
    // The secrets scanner's own judgements: a commented-out line sets
    // nothing, and a value under a top-level `development:` or `test:`
    // section (Rails' `database.yml`) is for a throwaway environment.
    let bytes = text.as_bytes();
    found.retain(|(at, ..)| {
        !crate::secrets::line_is_comment(bytes, *at)
            && !crate::secrets::under_local_section(bytes, *at)
    });
    if found.is_empty() {
        return Vec::new();
    }
    let lines = crate::workspace::LineIndex::new(text);
    let mut hits: Vec<Hit> = found
        .into_iter()
        .map(|(at, rule, message, confidence)| Hit {
            line: lines.line(at),
            rule,
            message,
            confidence,
        })
        .collect();
    // One finding per line: `api-key: ${OPENAI_API_KEY:demo}` is a weak
    // fallback and, read as `KEY: value`, a default password.
    hits.sort_by_key(|h| h.line);
    hits.dedup_by_key(|h| h.line);
    hits
}

/// Directories whose files are test data, schema history or generated
/// code, whatever their extension: model factories, migrations, codegen.
const NOT_PRODUCT_DIRS: &[&str] = &["factories", "factory", "migrate", "migrations", "generated"];

/// Configuration of test runners and CI services that sit at the root
/// rather than in a CI directory.
const TOOL_CONFIG_PREFIXES: &[&str] = &[
    "pytest.",
    "tox.",
    "cypress.",
    "playwright.",
    "jest.",
    "vitest.",
    "karma.",
    ".woodpecker",
    ".drone",
    ".travis",
    ".gitlab-ci",
    "azure-pipelines",
    "bitbucket-pipelines",
    "cloudbuild",
    "appveyor",
    "codecov",
];

/// Whether a file is configuration (unquoted values count there).
fn is_config(file: &FileEntry) -> bool {
    let name = file.name();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    CONFIG_EXTS.iter().any(|c| c.eq_ignore_ascii_case(ext))
}

/// Whether a file is product code or configuration worth reading, and if
/// so whether it is configuration.
fn product_file(file: &FileEntry) -> Option<bool> {
    if file.size > MAX_SIZE
        || file.vendored()
        || file.fixture()
        || file.test_code()
        || file.example()
        || file.manifest().is_some()
        || file.is(FileKind::Compose)
        || file.is(FileKind::EnvFile)
        || crate::workspace::paths::in_ci_dir(&file.path)
    {
        return None;
    }
    let name = file.name().to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let config = is_config(file);
    if !config && !CODE_EXTS.contains(&ext) {
        return None;
    }
    // API descriptions show example requests; tool configuration is not
    // the product's.
    if name.contains("openapi")
        || name.contains("swagger")
        || TOOL_CONFIG_PREFIXES.iter().any(|p| name.starts_with(p))
    {
        return None;
    }
    let lower = file.path.to_ascii_lowercase();
    let mut dirs = lower.split('/').rev().skip(1);
    // `example_configs/`, `sample-config/`: shown to copy from;
    // `caldavtests/`: a kind of test glued to its name.
    if dirs.any(|d| {
        NOT_PRODUCT_DIRS.contains(&d)
            || d.starts_with("example")
            || d.starts_with("sample")
            || d.ends_with("tests")
    }) {
        return None;
    }
    // `smoketest_configuration.py`, `automationForm.clienttest.tsx`.
    let stem = name.split('.').collect::<Vec<_>>();
    if stem[..stem.len().saturating_sub(1)]
        .iter()
        .flat_map(|part| part.split(['_', '-']))
        .any(crate::formats::test_dirs::is_glued_test_dir)
    {
        return None;
    }
    // Container setup (`src/main/docker/monitoring.yml`, Grafana
    // provisioning) is the container checks' to judge.
    if config && lower.split('/').any(|d| d == "docker") {
        return None;
    }
    Some(config)
}

/// What only the scanner's path classification says: docs trees, local
/// development configuration, seeds, translation catalogues. Read in
/// `inspect` from the per-file model the secrets check shares.
fn scanner_excludes(info: &crate::secrets::PathInfo) -> bool {
    info.test_or_docs || info.local_dev || info.seed || info.locale
}

/// A YAML document that defines containers or Kubernetes objects (named
/// `quickstart.yml`, `docker-stack.yml`, `k8s/db.yml`...): its literal
/// credentials are `docker.compose-no-literal-secrets`' and
/// `k8s.no-literal-secrets`' findings.
fn is_deployment_yaml(path: &str, text: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".yml") || lower.ends_with(".yaml")) {
        return false;
    }
    let compose =
        (text.starts_with("services:") || text.contains("\nservices:")) && text.contains("image:");
    let k8s = text.contains("apiVersion:") && text.contains("kind:");
    compose || k8s
}

struct Found(Vec<Hit>);

impl Check for NoDefaultCredentials {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a default may never reach production).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        product_file(file).is_some()
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        // `wants` has judged the path; only its kind is needed here.
        if scanner_excludes(&content.model::<crate::secrets::PathInfo>()) {
            return None;
        }
        let config = is_config(file);
        let text = content.text();
        if is_deployment_yaml(&file.path, text) {
            return None;
        }
        Some(Box::new(Found(scan(&file.path, text, config))))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let files: Vec<(&FileEntry, &Found)> = ctx.data::<Found>().collect();
        if files.is_empty() {
            return Ok(Outcome::not_applicable(
                "no product source or configuration file",
            ));
        }
        let mut findings = Vec::new();
        for (f, found) in &files {
            for h in &found.0 {
                findings.push(
                    Finding::new(&META.id, h.message.clone())
                        .rule(h.rule)
                        .at(f.path.clone(), Some(h.line))
                        .confidence(h.confidence),
                );
            }
        }
        if findings.is_empty() {
            return Ok(Outcome::pass(format!(
                "no secret fallback, default password or debug mode in {} product file(s)",
                files.len()
            ))
            .basis(Basis::Pattern));
        }
        let n = findings.len();
        let where_ = findings
            .iter()
            .take(3)
            .map(|f| f.location())
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Outcome::fail(format!(
            "{n} insecure default(s) in product code or configuration ({where_}{})",
            if n > 3 { ", ..." } else { "" }
        ))
        .basis(Basis::Pattern)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn scan_table() {
        // (path, text, rules found)
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "src/config.ts",
                "export const jwt = process.env.JWT_SECRET || 'secret';\n",
                &["weak-secret-fallback"],
            ),
            (
                "src/config.ts",
                "const k = process.env.SESSION_SECRET ?? `keyboard cat`;\n",
                &["weak-secret-fallback"],
            ),
            (
                "app/settings.py",
                "SECRET_KEY = os.getenv(\"SECRET_KEY\", \"not secret\")\n",
                &["weak-secret-fallback"],
            ),
            // A fallback that looks like a real key is the secrets scanner's.
            (
                "app/settings.py",
                "SECRET_KEY = os.getenv(\"SECRET_KEY\", \"Hq7v2Tz9kLw4RmX8\")\n",
                &[],
            ),
            (
                "app/config.py",
                "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')\n",
                &["weak-secret-fallback"],
            ),
            (
                "app/config.py",
                "API_KEY = config('API_KEY', default='changeme')\n",
                &["weak-secret-fallback"],
            ),
            (
                "config/app.php",
                "'key' => env('APP_KEY', 'SomeRandomString'),\n",
                &[],
            ),
            (
                "config/app.php",
                "'secret' => env('JWT_SECRET', 'secret'),\n",
                &["weak-secret-fallback"],
            ),
            (
                "config/initializers/a.rb",
                "KEY = ENV.fetch(\"SECRET_KEY_BASE\", \"dev\")\n",
                &["weak-secret-fallback"],
            ),
            (
                "config/initializers/a.rb",
                "KEY = ENV[\"API_TOKEN\"] || \"changeme\"\n",
                &["weak-secret-fallback"],
            ),
            (
                "lib/db.php",
                "$p = getenv('DB_PASSWORD') ?: 'root';\n",
                &["weak-secret-fallback"],
            ),
            (
                "main.go",
                "secret := getEnv(\"JWT_SECRET\", \"secret\")\n",
                &["weak-secret-fallback"],
            ),
            (
                "src/main/resources/application.properties",
                "jwt.secret=${JWT_SECRET:secret}\n",
                &["weak-secret-fallback"],
            ),
            (
                "src/main/resources/application.yml",
                "app:\n  jwtSecret: ${APP_SIGNING:abcdef}\n",
                &["weak-secret-fallback"],
            ),
            (
                "src/main/resources/application.yml",
                "app:\n  jwtSecret: ${APP_SIGNING:Hq7v2Tz9kLw4RmX8}\n",
                &[],
            ),
            (
                "src/config/index.ts",
                "agenda: {\n  user: 'agendash',\n  password: '123456'\n}\n",
                &["default-password"],
            ),
            (
                "config/app.yml",
                "admin_password: admin\n",
                &["default-password"],
            ),
            (
                "src/main/resources/application.properties",
                "spring.datasource.password=root\n",
                &["default-password"],
            ),
            ("mysite/settings.py", "DEBUG = True\n", &["debug-on"]),
            (
                "app.py",
                "if __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n",
                &["debug-on"],
            ),
            (
                "src/main/resources/application.yml",
                "ai:\n  api-key: ${OPENAI_API_KEY:demo}\n",
                &["weak-secret-fallback"],
            ),
            // Rails' `database.yml`: the development and test sections.
            (
                "config/database.yml",
                "development:\n  password: changeme\ntest:\n  password: <%= ENV.fetch('DB_PASSWORD', 'default') %>\nproduction:\n  password: changeme\n",
                &["default-password"],
            ),
            // Near misses.
            ("storage/const.go", "const columnSecret = \"secret\"\n", &[]),
            // Known miss, for precision: in code a key set to its own last
            // word reads as an identifier, even `ClientSecret = "secret"`.
            (
                "src/Extensions.cs",
                "options.ClientSecret = \"secret\";\n",
                &[],
            ),
            // In configuration the same is a weak password.
            (
                "config/ldap.yml",
                "bind_password: password\n",
                &["default-password"],
            ),
            ("cmd/flags.go", "const flagClientSecret = \"secret\"\n", &[]),
            (
                "oauth2/oauth2.go",
                "const GrantTypePassword = \"password\"\n",
                &[],
            ),
            (
                "src/login.tsx",
                "setMethod(method === \"password\" ? \"token\" : \"password\")\n",
                &[],
            ),
            (
                "src/api.ts",
                "export enum Auth { ApiKey = \"api_key\" }\n",
                &[],
            ),
            (
                "config/auth.php",
                "'guard' => env('AUTH_GUARD', 'web'),\n",
                &[],
            ),
            (
                "settings.py",
                "RATE = os.getenv(\"APP_TOKEN_THROTTLE_RATE\", \"5/min\")\n",
                &[],
            ),
            (
                "env.ts",
                "getEnv('PRIVATE_KEY_ROTATION_GRACE_PERIOD', '0')\n",
                &[],
            ),
            (
                "cache.py",
                "CACHE_KEY = os.getenv(\"CACHE_KEY\", \"x\")\n",
                &[],
            ),
            (
                "src/config.ts",
                "const jwt = process.env.JWT_SECRET || '';\n",
                &[],
            ),
            (
                "src/config.ts",
                "const port = process.env.PORT || '3000';\n",
                &[],
            ),
            (
                "src/config.ts",
                "const f = process.env.SECRET_FILE || '/run/secrets/key';\n",
                &[],
            ),
            (
                "src/config.ts",
                "// const jwt = process.env.JWT_SECRET || 'secret';\n",
                &[],
            ),
            (
                "app/config.py",
                "SECRET_KEY = os.environ['SECRET_KEY']\n",
                &[],
            ),
            (
                "app/config.py",
                "TOKEN_URL = os.getenv('TOKEN_URL', 'https://auth.acme.io/token')\n",
                &[],
            ),
            (
                "app/config.py",
                "DB = os.getenv('DATABASE_PASSWORD', None)\n",
                &[],
            ),
            (
                "src/main/resources/application.properties",
                "jwt.secret=${JWT_SECRET}\nserver.port=${PORT:8080}\n",
                &[],
            ),
            (
                "src/form.ts",
                "const fields = { password: 'Password', type: 'password' };\n",
                &[],
            ),
            (
                "src/form.ts",
                "input({ name: 'password', password: 'password' })\n",
                &[],
            ),
            ("config/app.yml", "admin_password: Zq8mR2vT9xLp4WcN\n", &[]),
            (
                "mysite/settings.py",
                "DEBUG = os.environ.get('DEBUG') == '1'\n",
                &[],
            ),
            ("app.py", "app.run(host='0.0.0.0')\n", &[]),
            (
                "src/app.ts",
                "const password = 'admin';\n",
                &["default-password"],
            ),
        ];
        for (path, text, want) in cases {
            let config = CONFIG_EXTS.iter().any(|e| path.ends_with(&format!(".{e}")));
            let got: Vec<&str> = scan(path, text, config).iter().map(|h| h.rule).collect();
            assert_eq!(&got, want, "{path}: {text}");
        }
    }

    #[test]
    fn outcomes() {
        let c = NoDefaultCredentials;
        expect(
            &c,
            "fallback fails",
            &[(
                "src/config.js",
                "module.exports = { secret: process.env.JWT_SECRET || 'secret' };\n",
            )],
            Status::Fail,
        );
        expect(
            &c,
            "clean passes",
            &[(
                "src/config.js",
                "module.exports = { secret: process.env.JWT_SECRET };\n",
            )],
            Status::Pass,
        );
        // A default password in code, where the same shape can be a form's
        // data, is medium: partial, never a gate.
        expect(
            &c,
            "code default is partial",
            &[(
                "src/app.js",
                "login({ user: 'admin', password: 'admin123' });\n",
            )],
            Status::Partial,
        );
        // Tests, docs, examples and development configuration are left out.
        expect(
            &c,
            "test and dev files",
            &[
                ("src/config.js", "module.exports = {};\n"),
                ("test/setup.js", "process.env.JWT_SECRET || 'secret'\n"),
                ("config/development.yml", "password: admin\n"),
                ("examples/app.py", "app.run(debug=True)\n"),
                ("docker-compose.yml", "services:\n  db:\n    environment:\n      PASSWORD: ${DB_PASSWORD:-postgres}\n"),
            ],
            Status::Pass,
        );
        // Files that hold examples, container setups, tool settings or test
        // data rather than the product's settings.
        expect(
            &c,
            "not the product's settings",
            &[
                ("src/config.js", "module.exports = {};\n"),
                ("openapi.yaml", "components:\n  examples:\n    login:\n      password: admin\n"),
                ("quickstart-mysql.yml", "services:\n  db:\n    image: mysql:8\n    environment:\n      password: secret\n"),
                ("k8s/db.yml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  password: postgres\n"),
                ("tools/pytest.ini", "[pytest]\nenv =\n    password=admin\n"),
                (".woodpecker.yml", "steps:\n  test:\n    password: postgres\n"),
                ("database/factories/UserFactory.php", "'password' => 'secret',\n"),
                ("db/migrate/20260101_create_user.rb", "User.create!(password: \"test1\")\n"),
                ("pkg/caldavtests/integrations.go", "password := \"admin\"\n"),
                ("example_configs/synapse.yml", "bind_password: password\n"),
                ("scripts/smoketest_configuration.py", "SECRET_KEY = os.getenv('SECRET_KEY', 'dev')\n"),
                ("src/main/docker/grafana/datasource.yml", "password: admin\n"),
                ("pyproject.toml", "[tool.x]\nhelp = \"\"\"\n- password: admin\n\"\"\"\n"),
            ],
            Status::Pass,
        );
        expect(
            &c,
            "nothing to read",
            &[("README.md", "# hi\n")],
            Status::NotApplicable,
        );
    }
}
