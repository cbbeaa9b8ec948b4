//! Precision filters: placeholders, documented example keys, references to secret
//! stores and environment variables, hashes, and the key-name / value heuristics
//! used by the generic (keyword + entropy) rules.
//!
//! Everything here works on the candidate value (and a little context) only, so the
//! cost is proportional to the number of candidates, not the file size.

use super::entropy::{self, Classes};

/// Substrings (lowercase) that mark a value as documentation or filler, for every
/// rule. Random tokens contain a given 4+ letter word with negligible probability.
const MARKERS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "fake",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yourpass",
    "yoursecret",
    "redacted",
    "xxxx",
    "****",
    "...",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "%(",
    "#{",
    "lorem",
    "notreal",
    "not_real",
    "not-real",
    "not_a_real",
    "insert_",
    "insert-",
    "replace_me",
    "replaceme",
    "todo",
    "secret_here",
    "key_here",
    "token_here",
    "here>",
    "test",
    "mock",
    "sandbox",
];

/// Documented provider example keys that do not contain a marker word.
const KNOWN_EXAMPLES: &[&str] = &[
    "4eC39HqLyjWDarjtT1zdp7dc",             // Stripe API docs
    "BdYS7nn2jRRXvfsOfzSFdhDk",             // Stripe docs (older)
    "16C7e42F292c6912E7710c838347Ae178B4a", // GitHub docs sample token
    // Azurite / Azure Storage Emulator well-known account key.
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    // Grafana's shipped default `secret_key` (grafana.ini / defaults.ini).
    "SW2YcwTIb9zpOOhoPsMm",
];

pub fn has_marker(value: &[u8]) -> bool {
    let lower_owned;
    let lower: &[u8] = if value.iter().any(u8::is_ascii_uppercase) {
        lower_owned = value.to_ascii_lowercase();
        &lower_owned
    } else {
        value
    };
    MARKERS
        .iter()
        .any(|m| memchr::memmem::find(lower, m.as_bytes()).is_some())
        || KNOWN_EXAMPLES
            .iter()
            .any(|k| memchr::memmem::find(value, k.as_bytes()).is_some())
}

/// Values that are a reference to a secret kept elsewhere, or template syntax.
pub fn is_reference(value: &[u8], quoted: bool) -> bool {
    let lower = value.to_ascii_lowercase();
    // YAML anchors/aliases/tags and home paths, only meaningful unquoted.
    if !quoted && matches!(value.first(), Some(b'&' | b'*' | b'!' | b'~')) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "$",
        "%",
        "@",
        "vault:",
        "arn:",
        "secretkeyref",
        "ref+",
        "sm://",
        "gcp:",
        "azure:",
        "aws:",
        "ssm:",
        "op://",
        "kms:",
        "keyvault:",
        "file:",
        "env:",
        "process.env",
        "os.environ",
        "os.getenv",
        "getenv",
        "env(",
        "env[",
        "env.",
        "secrets.",
        "settings.",
        "config.",
        "self.",
        "this.",
        "params.",
        "args.",
        "props.",
        "vars.",
        "http://",
        "https://",
        "\\",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "undefined",
        "required",
        "optional",
        "data:",
    ];
    if PREFIXES.iter().any(|p| lower.starts_with(p.as_bytes())) {
        return true;
    }
    // Dotted identifier paths: settings.SECRET_KEY, cfg.db.password, Foo.Bar().
    let is_ident = |part: &[u8]| {
        !part.is_empty()
            && (part[0].is_ascii_alphabetic() || part[0] == b'_')
            && part.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let parts: Vec<&[u8]> = value.split(|&b| b == b'.').collect();
    if parts.len() >= 2 && parts.iter().all(|p| is_ident(p)) {
        return true;
    }
    // Filesystem paths: lowercase segments after a path-like start. Random base64
    // secrets may start with '/' but practically always contain uppercase.
    if (value.starts_with(b"/")
        || value.starts_with(b"./")
        || value.starts_with(b"../")
        || value.starts_with(b"~/"))
        && value.iter().all(|&b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'/' | b'.' | b'_' | b'-')
        })
    {
        return true;
    }
    // File names: key files are referenced, not inlined.
    const FILE_EXTS: &[&str] = &[
        ".pem",
        ".key",
        ".json",
        ".txt",
        ".p12",
        ".pfx",
        ".crt",
        ".cer",
        ".jks",
        ".yaml",
        ".yml",
        ".env",
        ".gpg",
        ".asc",
        ".keystore",
        ".der",
        ".js",
        ".css",
        ".svg",
        ".png",
        ".jpg",
        ".gif",
        ".html",
        ".map",
        ".woff",
        ".woff2",
        ".xml",
        ".md",
        ".py",
        ".rb",
        ".sh",
    ];
    FILE_EXTS.iter().any(|e| lower.ends_with(e.as_bytes()))
}

pub fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Split an identifier into lowercase words on `_ - .` and camelCase boundaries.
fn key_words(key: &[u8]) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for &b in key {
        if !b.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if b.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
        cur.push(b.to_ascii_lowercase() as char);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Does this key name say its value is a secret? `db_password`, `apiKey`,
/// `CLIENT_SECRET`, `auth_token` yes; `password_file`, `token_url`, `author`,
/// `secret_name`, `key_id`, `public_key` no.
pub fn is_secret_key_name(key: &[u8]) -> bool {
    let words = key_words(key);
    if words.is_empty() {
        return false;
    }
    let w = |s: &str| words.iter().any(|x| x == s);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    let joined: String = words.concat();
    let secretish = w("password")
        || w("passwd")
        || w("pwd")
        || w("pass")
        || w("passphrase")
        || w("secret")
        || w("secrets")
        || w("token")
        || w("apikey")
        || w("apitoken")
        || w("accesskey")
        || w("secretkey")
        || w("privatekey")
        || w("clientsecret")
        || w("auth")
        || w("authtoken")
        || w("credential")
        || w("credentials")
        || w("creds")
        || pair("api", "key")
        || pair("access", "key")
        || pair("private", "key")
        || pair("signing", "key")
        || pair("encryption", "key")
        || pair("master", "key")
        || pair("app", "key")
        || pair("account", "key")
        || joined.ends_with("password")
        || joined.ends_with("passwd")
        || joined.ends_with("secret")
        || joined.ends_with("apikey")
        || joined.ends_with("token");
    if !secretish {
        return false;
    }
    // The last word says what the value is about; these are never the secret itself.
    const NOT_VALUE: &[&str] = &[
        "name",
        "names",
        "file",
        "files",
        "path",
        "paths",
        "dir",
        "url",
        "uri",
        "urls",
        "endpoint",
        "host",
        "type",
        "types",
        "length",
        "len",
        "min",
        "max",
        "size",
        "count",
        "field",
        "fields",
        "label",
        "prompt",
        "placeholder",
        "policy",
        "method",
        "methods",
        "mode",
        "header",
        "param",
        "enabled",
        "enable",
        "disabled",
        "required",
        "regex",
        "pattern",
        "format",
        "version",
        "id",
        "ids",
        "ref",
        "arn",
        "env",
        "var",
        "hash",
        "hashed",
        "digest",
        "sha",
        "sha1",
        "sha256",
        "md5",
        "checksum",
        "fingerprint",
        "expiry",
        "expires",
        "expiration",
        "ttl",
        "timeout",
        "lifetime",
        "provider",
        "manager",
        "store",
        "class",
        "service",
        "input",
        "template",
        "key_id",
        "public",
        "validator",
        "validation",
        "reset",
        "rotation",
        "generator",
        "strength",
        "hint",
        "location",
        "source",
        "kind",
        "limit",
        "scope",
        "scopes",
        "audience",
        "issuer",
        "prefix",
        "suffix",
        "error",
        "message",
        "mask",
        "char",
        "chars",
        "option",
        "options",
        "helper",
        "hook",
        "callback",
        "handler",
        "cache",
        "storage",
        "mount",
        "volume",
        "secret_ref",
        "key_ref",
        "user",
        "username",
        "login",
        "email",
        "account_id",
        "region",
        "bucket",
        "index",
        "uuid",
    ];
    let last = words.last().map(String::as_str).unwrap_or("");
    if NOT_VALUE.contains(&last) {
        return false;
    }
    // Public halves and hash outputs of secrets.
    !(w("public")
        || w("pub")
        || w("hash")
        || w("hashed")
        || w("digest")
        || w("encrypted")
        || w("author")
        || w("authority")
        || w("oauth2") && w("url"))
}

/// Everything the generic keyword + entropy rule asks of a candidate value.
pub fn generic_value_ok(value: &[u8], quoted: bool, min_entropy: f64) -> bool {
    // Hex values are not filtered as digests here: the key is secret-named (and not
    // *_hash/*_sha/*_checksum), and `secrets.token_hex()`-style keys are common.
    if value.len() < 8
        || value.len() > 200
        || has_marker(value)
        || is_reference(value, quoted)
        || is_uuid(value)
    {
        return false;
    }
    if entropy::is_sequential_or_repetitive(value) {
        return false;
    }
    let c = Classes::of(value);
    let e = entropy::shannon(value);
    if e < min_entropy {
        return false;
    }
    if !c.lower && !c.upper {
        // Numbers, dates, IPs: not credentials.
        return false;
    }
    // A random credential nearly always has a digit; letter-only values are words
    // or identifiers unless long, mixed-case and dense.
    c.digit
        || (c.count() >= 3 && value.len() >= 12)
        || (value.len() >= 20 && c.lower && c.upper && e >= 3.8)
}

/// Default credentials shipped by images and tutorials: not a leak of anything.
const DEFAULT_PASSWORDS: &[&str] = &[
    "password",
    "pass",
    "passwd",
    "pwd",
    "secret",
    "changeme",
    "postgres",
    "root",
    "admin",
    "guest",
    "mysql",
    "redis",
    "rabbitmq",
    "default",
    "user",
    "test",
    "example",
    "sa",
    "letmein",
    "qwerty",
    "mongo",
    "mongodb",
    "oracle",
    "public",
    "demo",
    "dev",
    "local",
    "p@ssw0rd",
    "passw0rd",
    "password1",
    "password123",
    "admin123",
    "123456",
    "12345678",
    "token",
    "apikey",
    "api_key",
    "yourpassword",
    "mypassword",
    "pa55word",
];

/// Password part of `scheme://user:pass@host`.
pub fn url_password_ok(user: &[u8], password: &[u8]) -> bool {
    if password.len() < 4 || password == user {
        return false;
    }
    if has_marker(password) || password.starts_with(b"$") || password.starts_with(b"%") {
        return false;
    }
    if password
        .iter()
        .all(|&b| b == b'*' || b == b'x' || b == b'X')
    {
        return false;
    }
    let lower = password.to_ascii_lowercase();
    if DEFAULT_PASSWORDS
        .iter()
        .any(|d| d.as_bytes() == lower.as_slice())
    {
        return false;
    }
    // "{password}", "[PASSWORD]", ":pass@" style templates.
    if matches!(password.first(), Some(b'{' | b'[' | b'(' | b'<')) {
        return false;
    }
    !entropy::is_sequential_or_repetitive(password)
}

/// Value used in simple "key = value" formats (.npmrc, .pypirc, .netrc, k8s
/// stringData): anything that is not a placeholder or a reference.
pub fn plain_value_ok(value: &[u8]) -> bool {
    value.len() >= 6
        && !has_marker(value)
        && !value.starts_with(b"$")
        && !value.starts_with(b"%")
        && !entropy::is_sequential_or_repetitive(value)
        && !DEFAULT_PASSWORDS
            .iter()
            .any(|d| d.as_bytes().eq_ignore_ascii_case(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names() {
        let yes = [
            "password",
            "DB_PASSWORD",
            "dbPassword",
            "api_key",
            "apiKey",
            "API-KEY",
            "client_secret",
            "clientSecret",
            "SECRET_KEY",
            "auth_token",
            "GITHUB_TOKEN",
            "aws_secret_access_key",
            "private_key",
            "passwd",
            "x-api-key",
            "secret",
            "AccessToken",
            "slackToken",
            "credentials",
            "jwtSecret",
            "MASTER_KEY",
        ];
        let no = [
            "password_file",
            "token_url",
            "author",
            "secret_name",
            "key_id",
            "public_key",
            "password_hash",
            "tokenType",
            "PASSWORD_MIN_LENGTH",
            "username",
            "monkey",
            "keyboard",
            "api_url",
            "passwordField",
            "token_endpoint",
            "auth_method",
            "secretKeyRef",
            "authority",
            "secret_arn",
        ];
        for k in yes {
            assert!(is_secret_key_name(k.as_bytes()), "should be secret: {k}");
        }
        for k in no {
            assert!(
                !is_secret_key_name(k.as_bytes()),
                "should not be secret: {k}"
            );
        }
    }

    #[test]
    fn generic_values() {
        let yes = [
            "s3cR3t-P4ssw0rd!",
            "Zq8mR2vT9xLp4WcN7bY1",
            "a94f8c2e1b7d3f60",
            "K9#mPz2$vLq8",
        ];
        let no = [
            "changeme",
            "your_api_key_here",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "<password>",
            "xxxxxxxxxxxx",
            "********",
            "settings.SECRET_KEY",
            "os.environ",
            "process.env.TOKEN",
            "123456789012",
            "550e8400-e29b-41d4-a716-446655440000",
            "abcdefgh1",
            "EXAMPLEKEY123",
            "/etc/ssl/private/key.pem",
            "vault:secret/data/db#password",
            "true",
            "password",
            "https://auth.internal/token",
            "TestPassword1",
            "mypassword",
        ];
        for v in yes {
            assert!(
                generic_value_ok(v.as_bytes(), false, 3.0),
                "should pass: {v}"
            );
        }
        for v in no {
            assert!(
                !generic_value_ok(v.as_bytes(), false, 3.0),
                "should fail: {v}"
            );
        }
    }

    #[test]
    fn url_passwords() {
        assert!(url_password_ok(b"app", b"Vd8x2LqP9z"));
        for p in [
            "password",
            "postgres",
            "${PASS}",
            "****",
            "app",
            "<pass>",
            "{password}",
        ] {
            assert!(!url_password_ok(b"app", p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid(b"550e8400-e29b-41d4-a716-446655440000"));
        assert!(!is_uuid(b"550e8400e29b41d4a716446655440000"));
        assert!(!is_uuid(b"Zq8mR2vT9xLp4WcN7bY1"));
    }
}
