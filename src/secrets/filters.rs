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
    "#{",
    "lorem",
    // The metasyntactic placeholder (`foobar_new`), as a whole; `foo` and
    // `bar` alone are too short to tell from random text.
    "foobar",
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
    // Slack's API documentation (oauth.v2.access response example).
    "pdFZKVeTuE8sk7oOcBrzbqgy",
    // Grafana's shipped default `secret_key` (grafana.ini / defaults.ini).
    "SW2YcwTIb9zpOOhoPsMm",
    // OAuth 2.0 / OIDC specification examples (RFC 6749, 6750, 7662, OIDC Core),
    // copied verbatim into the docs and tests of every OAuth library.
    "2YotnFZFEjr1zCsicMWpAA",
    "tGzv3JOkF0XG5Qx2TlKWIA",
    "SplxlOBeZQQYbYS6WxSbIA",
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
    "gX1fBat3bV",
    "SlAV32hkKG",
    "mF_9.B5f-4.1JqM",
    "23410913-abewfq.123483",
    // The sample JWT on jwt.io's front page (payload `"sub":"1234567890",
    // "name":"John Doe"`, with or without `"admin":true`) and its signature.
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
];

/// A documented example value (no marker word needed): for values whose
/// structure was verified, where marker words could occur by chance.
pub fn is_known_example(value: &[u8]) -> bool {
    KNOWN_EXAMPLES
        .iter()
        .any(|k| memchr::memmem::find(value, k.as_bytes()).is_some())
}

/// `%(name)s`: a Python format placeholder. Only the whole form counts, so
/// a random key with `%(` in it (Django's alphabet has both) is not one.
fn has_format_placeholder(value: &[u8]) -> bool {
    memchr::memmem::find_iter(value, b"%(").any(|i| {
        let rest = &value[i + 2..];
        let n = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        n > 0 && rest.get(n) == Some(&b')')
    })
}

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
        || has_format_placeholder(value)
        || is_known_example(value)
}

/// An HTTP header name held in a constant (`"X-Api-Key"`,
/// `"x-ms-authorization-auxiliary"`): dash-separated words that start with
/// `X-` or end in a credential word. Header *values* are random; names are
/// words.
pub fn is_header_name(value: &[u8]) -> bool {
    if value.len() > 64 || !value.contains(&b'-') {
        return false;
    }
    let parts: Vec<&[u8]> = value.split(|&b| b == b'-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.iter().all(u8::is_ascii_alphabetic))
    {
        return false;
    }
    let first = parts[0].to_ascii_lowercase();
    let last = parts[parts.len() - 1].to_ascii_lowercase();
    const CRED_WORDS: &[&str] = &[
        "key",
        "token",
        "secret",
        "auth",
        "authorization",
        "signature",
        "password",
        "credential",
        "credentials",
        "auxiliary",
    ];
    first == b"x" || CRED_WORDS.iter().any(|w| w.as_bytes() == last.as_slice())
}

/// Does a key name key material (`SIGNING_KEY`, `hmacKey`, `master_salt`)?
/// Looser than [`is_secret_key_name`], for values whose form (a hex string
/// decoded to bytes) already says they are key material; it only has to rule
/// out public halves, ids and digests.
pub fn is_key_material_name(key: &[u8]) -> bool {
    let key = match key.iter().rposition(|&b| b == b'.') {
        Some(p) if p + 1 < key.len() => &key[p + 1..],
        _ => key,
    };
    let words = key_words(key);
    const HOLDS: &[&str] = &[
        "key",
        "secret",
        "salt",
        "pepper",
        "token",
        "hmackey",
        "signingkey",
    ];
    const NOT: &[&str] = &[
        "public",
        "pub",
        "id",
        "digest",
        "hash",
        "checksum",
        "fingerprint",
        "iv",
        "nonce",
        "expected",
        "test",
        "example",
        "name",
        "file",
        "path",
    ];
    words
        .iter()
        .any(|w| HOLDS.contains(&w.as_str()) || w.ends_with("key"))
        && !words.iter().any(|w| NOT.contains(&w.as_str()))
}

/// Keys of a Kubernetes Secret that hold where and who, not a credential:
/// an issuer URL, a client id, an audience, a username, a claim name.
pub fn is_k8s_metadata_key(key: &[u8]) -> bool {
    if is_secret_key_name(key) {
        return false;
    }
    let words = key_words(key);
    const META: &[&str] = &[
        "url",
        "uri",
        "urls",
        "issuer",
        "id",
        "audience",
        "aud",
        "user",
        "username",
        "login",
        "email",
        "claim",
        "host",
        "hostname",
        "port",
        "endpoint",
        "domain",
        "realm",
        "tenant",
        "scope",
        "scopes",
        "region",
        "namespace",
        "database",
        "db",
        "dbname",
        "bucket",
        "name",
        "server",
        "address",
        "addr",
        "path",
        "mode",
        "type",
        "provider",
        "driver",
        "sslmode",
        "crt",
        "cert",
        "certificate",
        "ca",
        "version",
        "project",
        "account",
        "zone",
        "cluster",
    ];
    words.last().is_some_and(|w| META.contains(&w.as_str()))
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
        "store:",
        "secret:",
        "secrets:",
        "secretsmanager:",
        "ssm-secure:",
        "{{resolve:",
        "sops:",
        "enc[",
        "gsm:",
        "akv:",
        "doppler:",
        "infisical:",
        "@microsoft.keyvault",
        "projects/",
    ];
    if PREFIXES.iter().any(|p| lower.starts_with(p.as_bytes())) {
        return true;
    }
    // Any URL-shaped value (`ref+awssecrets://prod/jwt`, `sm://...`): a
    // password inside a URL is the URL rules' business.
    if memchr::memmem::find(value, b"://").is_some() {
        return true;
    }
    // `scheme:NAME` (`store:API_KEY`, `env:DB_PASSWORD`): a lowercase word
    // naming where the secret is kept, then the name it is kept under.
    if let Some(colon) = value.iter().position(|&b| b == b':') {
        let (scheme, name) = (&value[..colon], &value[colon + 1..]);
        if (2..=20).contains(&scheme.len())
            && scheme
                .iter()
                .all(|b| b.is_ascii_lowercase() || matches!(b, b'+' | b'-' | b'.'))
            && name.len() >= 2
            && name.iter().all(|b| {
                b.is_ascii_uppercase()
                    || b.is_ascii_digit()
                    || matches!(b, b'_' | b'/' | b'-' | b'.')
            })
        {
            return true;
        }
    }
    // Dotted identifier paths: settings.SECRET_KEY, cfg.db.password, Foo.Bar().
    let is_ident = |part: &[u8]| {
        !part.is_empty()
            && (part[0].is_ascii_alphabetic() || part[0] == b'_')
            && part.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    // Go/Helm templates address values from the root: `.Values.auth.password`.
    // Their roots are capitalised words (Values, Release, Chart, Files), which
    // keeps a random value that happens to start with '.' out.
    let (dotted, template_root) = match value.strip_prefix(b".") {
        Some(rest) => {
            let root = rest.split(|&b| b == b'.').next().unwrap_or(b"");
            let ok = root.len() >= 4
                && root[0].is_ascii_uppercase()
                && root[1..].iter().all(u8::is_ascii_lowercase);
            (rest, ok)
        }
        None => (value, true),
    };
    let parts: Vec<&[u8]> = dotted.split(|&b| b == b'.').collect();
    if template_root && parts.len() >= 2 && parts.iter().all(|p| is_ident(p)) {
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
pub(crate) fn key_words(key: &[u8]) -> Vec<String> {
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
    // `helper.auth_tkt.user_data`, `spring.datasource.password`: the attribute
    // named last is what the value is, the path before it only says where.
    let key = match key.iter().rposition(|&b| b == b'.') {
        Some(p) if p + 1 < key.len() => &key[p + 1..],
        _ => key,
    };
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
        "alg",
        "algorithm",
        "at",
        "time",
        "date",
        "timestamp",
        "since",
        "until",
    ];
    let last = words.last().map(String::as_str).unwrap_or("");
    if NOT_VALUE.contains(&last) {
        return false;
    }
    // Words that, anywhere in the key, make it describe a secret rather than hold
    // one: Helm's `existingSecret` names a Kubernetes Secret, `*_endpoint_*` and
    // `*_alg*` configure the protocol, CSRF tokens are per-session anti-forgery
    // nonces, not credentials.
    const DESCRIBES: &[&str] = &[
        "existing",
        "endpoint",
        "url",
        "uri",
        "alg",
        "algorithm",
        "csrf",
        "xsrf",
    ];
    if words.iter().any(|x| DESCRIBES.contains(&x.as_str())) {
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
    // A credential is ASCII: a value with letters of another script is a
    // word in a human language (`Contraseña`, `API-Schlüssel`).
    if value.len() < 8
        || value.len() > 200
        || !value.is_ascii()
        || has_marker(value)
        || is_reference(value, quoted)
        || is_uuid(value)
        || is_header_name(value)
    {
        return false;
    }
    if entropy::is_sequential_or_repetitive(value)
        || is_timestamp(value)
        || is_version(value)
        || is_wordy(value)
    {
        return false;
    }
    // A base64 value whose plain text is a placeholder (`ZXhhbXBsZS1hcHAtc2VjcmV0`
    // = "example-app-secret") is that placeholder, encoded for a Secret manifest.
    if let Some(plain) = printable_base64(value) {
        if has_marker(&plain) || is_wordy(&plain) || is_default_password(&plain) {
            return false;
        }
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

/// A literal a person committed as a secret's value, judged without
/// asking it to look random (a default is a risk whatever it looks like):
/// not a reference to a secret kept elsewhere, not a placeholder or a
/// shipped default password, not a number, date, version, UUID or `X-`
/// header name. (Dashed words ending in `key` or `token` are a phrase
/// here, `super-long-and-secret-random-key`, not a header's name.)
pub fn default_value_ok(value: &[u8]) -> bool {
    value.is_ascii()
        && plain_value_ok(value)
        && !is_reference(value, true)
        && !is_uuid(value)
        && !(value.len() > 2 && value[..2].eq_ignore_ascii_case(b"x-") && is_header_name(value))
        && !is_timestamp(value)
        && !is_version(value)
        && value.iter().any(u8::is_ascii_alphabetic)
        && !value.iter().any(u8::is_ascii_whitespace)
        // One lowercase word (`disabled`, `strict`, `bearer`) is a setting's
        // value far more often than a secret, and a weak one if it is.
        && !value.iter().all(u8::is_ascii_lowercase)
}

/// ISO 8601 dates and timestamps (`2022-08-25T09:26:05Z`): `auth_time`, `*_token`
/// expiry columns in fixtures.
pub fn is_timestamp(value: &[u8]) -> bool {
    value.len() >= 10
        && value[..4].iter().all(u8::is_ascii_digit)
        && value[4] == b'-'
        && value[5..7].iter().all(u8::is_ascii_digit)
        && value[7] == b'-'
        && value[8..10].iter().all(u8::is_ascii_digit)
}

/// Release versions and image tags (`1.0.8-debian-12-r0`, `0.31.0`).
fn is_version(value: &[u8]) -> bool {
    let v = value.strip_prefix(b"v").unwrap_or(value);
    let major = v.iter().take_while(|b| b.is_ascii_digit()).count();
    major > 0 && v.get(major) == Some(&b'.') && v.get(major + 1).is_some_and(u8::is_ascii_digit)
}

/// Words that name a credential: a value that spells one out is describing itself
/// (`newRootPassword123`, `OAuth2RefreshTokenSignature`, `secret-0012`). A random
/// token contains a given 5+ letter word with negligible probability.
const SELF_NAMING: &[&str] = &[
    "password",
    "passwd",
    "passw0rd",
    "secret",
    "token",
    "credential",
    "signature",
    "apikey",
];

/// Values spelled from words rather than drawn at random: identifiers, resource
/// names and self-describing placeholders (`more-custom-CAs`, `etcd-cluster-k8s`,
/// `youReallyNeedToChangeThis`, `OAuth2RefreshTokenSignature`). A value is wordy
/// when it names a credential, or when every chunk between `-_./:` longer than
/// three characters is camelCase words (two letters or more each, pronounceable
/// from four) with at most four trailing digits, at least two such words exist,
/// and they carry most of the characters. Random tokens fail on a one-letter part,
/// a mixed-case part (`AVzz`) or an inner digit. A single word plus digits
/// (`Summer2024`) is not wordy: people do use those as passwords.
pub fn is_wordy(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    if SELF_NAMING
        .iter()
        .any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some())
    {
        return true;
    }
    if !value
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b':'))
    {
        return false;
    }
    let mut alnum = 0;
    let mut word_chars = 0;
    let mut words = 0;
    for chunk in value
        .split(|b| !b.is_ascii_alphanumeric())
        .filter(|c| !c.is_empty())
    {
        alnum += chunk.len();
        // Short chunks (`k8s`, `crt`, `v2`, `00`) and ticket numbers
        // (`pm-37165-rotate-user-api-key`) are neutral; short words still
        // count as wording.
        if chunk.len() <= 3 || (chunk.len() <= 8 && chunk.iter().all(u8::is_ascii_digit)) {
            if chunk.len() >= 2 && chunk.iter().all(u8::is_ascii_alphabetic) {
                word_chars += chunk.len();
            }
            continue;
        }
        // Only trailing digits: `Password123`, not `Z6INKO0`.
        let letters = chunk.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = &chunk[letters..];
        if letters == 0 || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
            return false;
        }
        // camelCase parts: each two letters or more, lowercase, Capitalized or
        // UPPERCASE, and pronounceable when four letters or longer.
        let mut start = 0;
        let part_words = &chunk[..letters];
        for i in 1..=letters {
            if i < letters
                && !(part_words[i - 1].is_ascii_lowercase() && part_words[i].is_ascii_uppercase())
            {
                continue;
            }
            let part = &part_words[start..i];
            start = i;
            if part.len() < 2 || !is_cased_word(part) {
                return false;
            }
            if part.len() >= 4 {
                if !is_pronounceable(part) {
                    return false;
                }
                words += 1;
                word_chars += part.len();
            }
        }
    }
    words >= 2 && word_chars * 10 >= alnum * 6
}

/// lowercase, Capitalized or UPPERCASE (an acronym plural like `CAs` too).
fn is_cased_word(seg: &[u8]) -> bool {
    let body = &seg[1..];
    body.iter().all(u8::is_ascii_lowercase)
        || body.iter().all(u8::is_ascii_uppercase)
        || (body.len() >= 2
            && body[..body.len() - 1].iter().all(u8::is_ascii_uppercase)
            && body[body.len() - 1] == b's')
}

/// A word has a vowel and no run of four consonants.
fn is_pronounceable(seg: &[u8]) -> bool {
    let vowel = |b: &u8| {
        matches!(
            b.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        )
    };
    let mut run = 0;
    for b in seg {
        run = if vowel(b) { 0 } else { run + 1 };
        if run >= 4 {
            return false;
        }
    }
    seg.iter().any(vowel)
}

/// The text under a base64 value, when it is printable ASCII (an encoded word or
/// phrase, not key material).
fn printable_base64(value: &[u8]) -> Option<Vec<u8>> {
    if value.len() < 8 || !value.len().is_multiple_of(4) {
        return None;
    }
    let plain = super::verify::base64_decode(value)?;
    let trimmed = plain.trim_ascii_end();
    (!trimmed.is_empty() && trimmed.iter().all(|b| b.is_ascii_graphic() || *b == b' '))
        .then(|| trimmed.to_vec())
}

pub fn is_default_password(value: &[u8]) -> bool {
    DEFAULT_PASSWORDS
        .iter()
        .any(|d| d.as_bytes().eq_ignore_ascii_case(value))
}

/// `Authorization: Basic <base64>` whose `user:password` is a placeholder pair
/// (`username:password`, `user:pass`, `Aladdin:open sesame`).
pub fn basic_credentials_placeholder(value: &[u8]) -> bool {
    let Some(plain) = printable_base64(value) else {
        return false;
    };
    let Some(colon) = plain.iter().position(|&b| b == b':') else {
        return false;
    };
    let (user, pass) = (&plain[..colon], &plain[colon + 1..]);
    has_marker(&plain)
        || is_default_password(pass)
        || pass.contains(&b' ')
        || pass.len() < 4
        || (is_default_password(user) && pass.len() < 8)
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
    // `saleor_read_only:saleor@`: a password spelled from the user name is
    // a development default.
    if password.len() < 4
        || password == user
        || (user.len() >= password.len()
            && memchr::memmem::find(&user.to_ascii_lowercase(), &password.to_ascii_lowercase())
                .is_some())
    {
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
    // `USERNAME:PERSONAL_ACCESS_TOKEN@`, `DB_USER:DB_PASSWORD@`: upper-case
    // identifiers stand for a value to fill in.
    if password.contains(&b'_')
        && password
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
    {
        return false;
    }
    // `a%20secret`: an encoded space makes it a phrase from the docs.
    if memchr::memmem::find(password, b"%20").is_some() {
        return false;
    }
    // "{password}", "[PASSWORD]", ":pass@" style templates.
    if matches!(password.first(), Some(b'{' | b'[' | b'(' | b'<')) {
        return false;
    }
    // `redis://[[[user]:password]@]host`: the optional parts of a URL
    // grammar, written in brackets in a doc comment.
    if user.first() == Some(&b'[') && password.last() == Some(&b']') {
        return false;
    }
    // `https://foo.com:123,foo:bar@bar.com`: a multi-host URL, where what
    // follows the first colon is a port and the next host, not a password.
    let port = password.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=5).contains(&port) && password.get(port) == Some(&b',') {
        return false;
    }
    !entropy::is_sequential_or_repetitive(password)
}

/// A value a reviewer would not take for a placeholder: long enough, of two
/// character classes or more, spread out, and no shipped default.
pub fn is_strong_value(value: &[u8]) -> bool {
    value.len() >= 10
        && Classes::of(value).count() >= 2
        && entropy::shannon(value) >= 3.0
        && !is_default_password(value)
        && !entropy::is_sequential_or_repetitive(value)
        && !is_wordy(value)
        && !is_memorable(value)
}

/// A word and a few digits (`sCaleio123`, `Summer2024!`): the password a
/// person makes up for an example or a demo. It may be real, but a reviewer
/// would not call it live on sight.
fn is_memorable(value: &[u8]) -> bool {
    let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let rest = &value[letters..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let tail = &rest[digits..];
    (3..=12).contains(&letters)
        && digits <= 4
        && tail.len() <= 1
        && tail.iter().all(|b| b.is_ascii_punctuation())
}

/// Configuration keys whose value is, by the framework's definition, a
/// production credential: a strong value under one is graded high.
pub fn is_well_known_secret_key(key: &[u8]) -> bool {
    let key = key.to_ascii_lowercase();
    const EXACT: &[&str] = &[
        "spring.datasource.password",
        "spring.r2dbc.password",
        "spring.mail.password",
        "spring.rabbitmq.password",
        "spring.redis.password",
        "spring.data.redis.password",
        "spring.data.mongodb.password",
        "spring.flyway.password",
        "spring.liquibase.password",
        "spring.kafka.properties.sasl.jaas.config",
        "quarkus.datasource.password",
        "micronaut.datasources.default.password",
    ];
    EXACT.iter().any(|k| k.as_bytes() == key.as_slice())
        || (key.starts_with(b"spring.security.oauth2.client.registration.")
            && key.ends_with(b".client-secret"))
}

/// A host reached over a network (`db.prod.acme.internal`, `pypi.acme.io`),
/// not this machine, a compose service name or a documentation domain.
pub fn is_remote_host(host: &[u8]) -> bool {
    let h = host.to_ascii_lowercase();
    let h = h.rsplit(|&b| b == b'@').next().unwrap_or(&h);
    if !h.contains(&b'.') || h.starts_with(b"127.") || h.starts_with(b"0.0.0.0") {
        return false;
    }
    const LOCAL: &[&str] = &[
        "localhost",
        ".local",
        ".localhost",
        ".test",
        ".invalid",
        ".example",
        "example.com",
        "example.org",
        "example.net",
        "host.docker.internal",
    ];
    // A Kubernetes service address is in-cluster, not local: `.cluster.local`.
    h.ends_with(b".cluster.local")
        || (!LOCAL.iter().any(|l| h.ends_with(l.as_bytes())) && !h.starts_with(b"localhost"))
}

/// `scheme://user:pass@host`: does a URL carry a password?
pub fn url_has_password(url: &[u8]) -> bool {
    let Some(p) = memchr::memmem::find(url, b"://") else {
        return false;
    };
    let rest = &url[p + 3..];
    let auth_end = rest.iter().position(|&b| b == b'/').unwrap_or(rest.len());
    rest[..auth_end]
        .iter()
        .position(|&b| b == b'@')
        .is_some_and(|at| rest[..at].contains(&b':'))
}

/// Value used in simple "key = value" formats (.npmrc, .pypirc, .netrc, k8s
/// stringData): anything that is not a placeholder or a reference.
pub fn plain_value_ok(value: &[u8]) -> bool {
    value.len() >= 6
        && !has_marker(value)
        && !value.starts_with(b"$")
        && !value.starts_with(b"%")
        && !entropy::is_sequential_or_repetitive(value)
        && !is_default_password(value)
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
            "existingSecret",
            "tsigSecretAlg",
            "csrf_token",
            "auth_time",
            "client_secret_expires_at",
            "credentials_endpoint_draft_00",
            "helper.auth_tkt.user_data",
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
    fn wordy_values() {
        let wordy = [
            "more-custom-CAs",
            "etcd-cluster-k8s",
            "youReallyNeedToChangeThis",
            "RELEASENAME-search-coordinating-crt",
            "OAuth2RefreshTokenSignature",
            "newRootPassword123",
            "secret-0012",
            "acme/pagination_v2/page_token",
            "pm-37165-rotate-user-api-key-command",
            "authorization_success_already_exists",
        ];
        let random = [
            "UEZcQJFmGD3xBsOuOKYjaBfznipiIhGxPVRPkEzT",
            "4c7c7e8b3a77ad0c3ec846a21653c48b45dbfa31",
            "dxLmhnE0pRY2+vUlu+i5Pxh8LTxLBTgBWdp82W74mMs=",
            "N!Oi9cr-k370H-IF",
            "Summer2024",
            "pAVzzMOKJY1q76Zi8yoVVuAu6w91v6I0",
            "hEibpZ6INKO0",
            "QmVybGluZ2VyS2V5",
        ];
        for v in wordy {
            assert!(is_wordy(v.as_bytes()), "should be wordy: {v}");
        }
        for v in random {
            assert!(!is_wordy(v.as_bytes()), "should not be wordy: {v}");
        }
        assert!(is_reference(b".Values.auth.rootPassword", false));
        assert!(!is_reference(b".qQIIRZ0V.Ew", true));
        assert!(is_timestamp(b"2022-08-25T09:26:05Z"));
        assert!(!is_timestamp(b"20220825abcdefgh"));
        assert!(is_version(b"0.31.0-debian-12-r0"));
        assert!(!is_version(b"9CY+MFunosoVAMkzDqYQ"));
        // "username:password" and "user:pass", but not a random pair.
        assert!(basic_credentials_placeholder(b"dXNlcm5hbWU6cGFzc3dvcmQ="));
        assert!(!basic_credentials_placeholder(
            b"c3ZjLXByb2JlOlRxOHZSMm1YejRMcFc5Y04="
        ));
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
        assert!(!url_password_ok(b"saleor_read_only", b"saleor"));
        for p in [
            "password",
            "postgres",
            "${PASS}",
            "****",
            "app",
            "<pass>",
            "{password}",
            "123,foo:bar",
            "5432,db2:Vd8x2LqP9z",
        ] {
            assert!(!url_password_ok(b"app", p.as_bytes()), "{p}");
        }
        // Digits then a comma further in are part of a password.
        assert!(url_password_ok(b"app", b"Vd8x2L,qP9z"));
        assert!(url_password_ok(b"app", b"739215,Vd8x2LqP9z"));
    }

    #[test]
    fn uuids() {
        assert!(is_uuid(b"550e8400-e29b-41d4-a716-446655440000"));
        assert!(!is_uuid(b"550e8400e29b41d4a716446655440000"));
        assert!(!is_uuid(b"Zq8mR2vT9xLp4WcN7bY1"));
    }

    #[test]
    fn references_to_secrets_kept_elsewhere() {
        let refs = [
            "store:API_KEY",
            "env:DB_PASSWORD",
            "vault:secret/data/prod/db#password",
            "ref+awssecrets://prod/jwt",
            "op://Engineering/OpenAI/credential",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/x-AbCdEf",
            "sm://acme-prod/slack",
            "{{resolve:secretsmanager:prod/mq:SecretString:password}}",
            "secretKeyRef:api-token",
            "ENC[AES256_GCM,data:abc,iv:def]",
            "projects/acme/secrets/db/versions/latest",
        ];
        for r in refs {
            assert!(
                is_reference(r.as_bytes(), true),
                "should be a reference: {r}"
            );
        }
        // Near misses: random values with a colon are not references.
        for v in ["Zq8m:R2vT9xLp4W", "ab:Zq8mR2vT9xLp4W", "K9#mPz2$vLq8"] {
            assert!(!is_reference(v.as_bytes(), true), "not a reference: {v}");
        }
    }

    #[test]
    fn header_names() {
        for h in [
            "X-Api-Key",
            "x-ms-authorization-auxiliary",
            "X-Auth-Token",
            "X-Goog-Api-Key",
            "X-Amz-Security-Token",
            "Proxy-Authorization",
        ] {
            assert!(is_header_name(h.as_bytes()), "{h}");
        }
        for v in [
            "Authorization",
            "k9-Zq8m-R2vT",
            "pk-live-abc",
            "eyJ-abc",
            "Zq8mR2vT9xLp",
        ] {
            assert!(!is_header_name(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn non_ascii_values_are_words() {
        for v in ["Contraseña_segura", "API-Schlüssel", "Пароль_пользователя"] {
            assert!(!generic_value_ok(v.as_bytes(), true, 3.0), "{v}");
        }
    }

    #[test]
    fn key_material_and_metadata_names() {
        for k in [
            "SIGNING_KEY",
            "hmacKey",
            "master_salt",
            "secret",
            "encryptionKey",
        ] {
            assert!(is_key_material_name(k.as_bytes()), "{k}");
        }
        for k in [
            "PUBLIC_KEY",
            "key_id",
            "EXPECTED_DIGEST",
            "nonce",
            "test_key",
        ] {
            assert!(!is_key_material_name(k.as_bytes()), "{k}");
        }
        for k in [
            "issuer-url",
            "client-id",
            "OIDC_CLIENT_ID",
            "audience",
            "username",
            "OIDC_USERNAME_CLAIM",
            "tenant",
        ] {
            assert!(is_k8s_metadata_key(k.as_bytes()), "{k}");
        }
        for k in [
            "client-secret",
            "password",
            "OIDC_CLIENT_SECRET",
            "api-token",
            "tls.key",
        ] {
            assert!(!is_k8s_metadata_key(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn strength_hosts_and_well_known_keys() {
        for v in [
            "Xk9#pL2!vQ7$zRw4&m",
            "Zq8mR2vT9xLp4WcN",
            "s3cR3t-P4ssw0rd!x",
        ] {
            assert!(is_strong_value(v.as_bytes()), "{v}");
        }
        for v in [
            "hunter2",
            "password",
            "abcdefghijkl",
            "1234123412341234",
            "secret-token-value",
            "sCaleio123",
            "Summer2024!",
        ] {
            assert!(!is_strong_value(v.as_bytes()), "{v}");
        }
        for h in [
            "prod-db.acme.internal",
            "pypi.acme-corp.io",
            "db.svc.cluster.local",
        ] {
            assert!(is_remote_host(h.as_bytes()), "{h}");
        }
        for h in [
            "db",
            "localhost",
            "127.0.0.1",
            "pypi.example.com",
            "host.docker.internal",
            "api.test",
        ] {
            assert!(!is_remote_host(h.as_bytes()), "{h}");
        }
        assert!(is_well_known_secret_key(b"spring.datasource.password"));
        assert!(is_well_known_secret_key(
            b"spring.security.oauth2.client.registration.github.client-secret"
        ));
        assert!(!is_well_known_secret_key(b"app.datasource.password"));
        assert!(url_has_password(b"postgres://app:pw@db/x"));
        assert!(!url_has_password(b"https://login.acme.io/realms/prod"));
    }

    #[test]
    fn documented_samples_and_format_placeholders() {
        assert!(is_known_example(
            b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.x"
        ));
        assert!(has_marker(b"api_key=%(key)s"));
        // Django's alphabet puts `%(` in random keys: not a placeholder.
        assert!(!has_marker(b"q8#z!mw2(k_9v-h$e4^rj%(-+b@y0x"));
    }
}
