//! Structural verification of candidates, all offline: checksums, decodable
//! headers, key bodies. A candidate that fails verification is either dropped or
//! downgraded, as the rule says.

use super::entropy;

/// What a rule's `verify` field asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    None,
    /// GitHub/npm token checksum; failure drops the candidate.
    GithubCrc32,
    /// Same checksum, but failure only downgrades to Low (formats where we are less
    /// sure every token in the wild carries the checksum).
    GithubCrc32Soft,
    /// JWT: header must decode to a JSON object with "alg"; payload must decode too.
    Jwt,
    /// PEM/OpenSSH/PGP private key: the body must be a real base64 payload.
    PemBody,
    /// Kubernetes Secret: value must sit under `data:` / `stringData:`.
    K8sSecretData,
    /// AWS secret key shape: 40 base64 chars, mixed classes, not a hex digest.
    AwsSecretShape,
    /// The `key` group names key material (`SIGNING_KEY`, `hmacKey`, `salt`),
    /// not a public key, an id or a digest.
    KeyName,
    /// A committed default: the `key` group names a secret (`SECRET_KEY`,
    /// `db_password`) and the value is a literal, not a reference, a
    /// placeholder or a shipped default password.
    SecretName,
    /// [`Verify::SecretName`] for values the generic rules leave out (a
    /// phrase, a short word-and-digits value); a random value there is the
    /// generic rules' finding, reported under their id.
    WeakSecretName,
}

impl Verify {
    pub fn parse(s: Option<&str>) -> Result<Self, String> {
        Ok(match s {
            None | Some("") | Some("none") => Verify::None,
            Some("github-crc32") => Verify::GithubCrc32,
            Some("github-crc32-soft") => Verify::GithubCrc32Soft,
            Some("jwt") => Verify::Jwt,
            Some("pem-body") => Verify::PemBody,
            Some("k8s-secret-data") => Verify::K8sSecretData,
            Some("aws-secret-shape") => Verify::AwsSecretShape,
            Some("key-name") => Verify::KeyName,
            Some("secret-name") => Verify::SecretName,
            Some("weak-secret-name") => Verify::WeakSecretName,
            Some(other) => return Err(format!("unknown verify method {other:?}")),
        })
    }
}

/// Outcome of verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Structurally proven (e.g. checksum matched): may raise confidence.
    Verified,
    /// Nothing to prove or nothing disproved.
    Unverified,
    /// Failed, but the rule only wants a downgrade.
    Downgrade,
    /// Failed: drop.
    Reject,
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Base62 of a CRC32, left-padded with '0' to six characters (62^6 > 2^32).
pub fn base62_crc32(data: &[u8]) -> [u8; 6] {
    let mut n = crc32fast::hash(data);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// GitHub's 2021 token format (also used by npm): `<prefix>_` + 30 random base62
/// characters + 6-character base62 CRC32 of those 30 characters.
pub fn github_checksum_ok(token: &[u8]) -> bool {
    let Some(us) = token.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    let body = &token[us + 1..];
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62_crc32(random) == check
}

/// Decode standard or URL-safe base64, padded or not. Whitespace and literal `\n`
/// escapes are the caller's business. Returns None on any invalid character.
pub fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    fn val(b: u8) -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => u32::from(b - b'A'),
            b'a'..=b'z' => u32::from(b - b'a') + 26,
            b'0'..=b'9' => u32::from(b - b'0') + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        })
    }
    let trimmed = match input.iter().position(|&b| b == b'=') {
        Some(p) if input[p..].iter().all(|&b| b == b'=') => &input[..p],
        Some(_) => return None,
        None => input,
    };
    if trimmed.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &b in trimmed {
        acc = (acc << 6) | val(b)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The claims of a JWT whose header really is a JOSE header with a
/// signing algorithm ("alg":"none" tokens are unsigned: not a credential).
pub fn jwt_claims(token: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut parts = token.split(|&b| b == b'.');
    let (h, p) = (parts.next()?, parts.next()?);
    let serde_json::Value::Object(header) =
        serde_json::from_slice::<serde_json::Value>(&base64_decode(h)?).ok()?
    else {
        return None;
    };
    match header.get("alg") {
        None => return None,
        Some(alg) if alg.as_str() == Some("none") => return None,
        Some(_) => {}
    }
    match serde_json::from_slice::<serde_json::Value>(&base64_decode(p)?).ok()? {
        serde_json::Value::Object(claims) => Some(claims),
        _ => None,
    }
}

/// A JWT is only a credential if its claims are not those of a
/// Supabase/PostgREST "anon" key, public by design (shipped to browsers).
pub fn claims_usable(claims: &serde_json::Map<String, serde_json::Value>) -> bool {
    claims.get("role").and_then(|v| v.as_str()) != Some("anon")
}

/// Whether a JWT's issuer and audience are local addresses only
/// (`http://localhost:8888`): minted for a development server, where it
/// opens nothing reachable. Weaker evidence, never a dismissal.
pub fn claims_local(claims: &serde_json::Map<String, serde_json::Value>) -> bool {
    let mut urls = ["iss", "aud"]
        .iter()
        .filter_map(|k| claims.get(*k))
        .flat_map(|v| match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        })
        .peekable();
    urls.peek().is_some()
        && urls.all(|u| {
            let host = u
                .split_once("://")
                .map_or(u.as_str(), |(_, rest)| rest)
                .split(['/', ':'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            host == "localhost" || host == "127.0.0.1" || host.ends_with(".localhost")
        })
}

/// The body of a private key block must be a real key: enough base64 payload with
/// high entropy, and no "..." elision or `<placeholder>`.
/// Whether a PEM block's key is encrypted under a passphrase: the armour
/// says so (`ENCRYPTED PRIVATE KEY`, `ENCRYPTED SIGSTORE PRIVATE KEY`) or
/// a legacy header does (`Proc-Type: 4,ENCRYPTED`).
pub fn pem_encrypted(block: &[u8]) -> bool {
    let head = &block[..block.len().min(200)];
    let armour_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
    memchr::memmem::find(&head[..armour_end], b"ENCRYPTED").is_some()
        || memchr::memmem::find(head, b"Proc-Type: 4,ENCRYPTED").is_some()
}

pub fn pem_body_ok(block: &[u8]) -> bool {
    // Skip past "-----BEGIN ... -----".
    let Some(rest) = block.get(10..) else {
        return false;
    };
    let Some(first_end) = memchr::memmem::find(rest, b"-----").map(|p| p + 15) else {
        return false;
    };
    let body_end = memchr::memmem::rfind(block, b"-----END").unwrap_or(block.len());
    if first_end >= body_end {
        return false;
    }
    let body = &block[first_end..body_end];
    // An inner armour line means the lazy match ran past a block that was not a
    // key (`-----BEGIN PRIVATE KEY-----\n${b64}\n-----END...` built in code) into
    // a later one; interpolation means the body is filled in at run time.
    if memchr::memmem::find(body, b"...").is_some()
        || body.contains(&b'<')
        || memchr::memmem::find(body, b"-----").is_some()
        || memchr::memmem::find(body, b"${").is_some()
        || memchr::memmem::find(body, b"{{").is_some()
    {
        return false;
    }
    let mut payload = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b == b'\\' && body.get(i + 1) == Some(&b'n') {
            i += 2;
            continue;
        }
        if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' {
            payload.push(b);
        }
        i += 1;
    }
    payload.len() >= 64
        && entropy::shannon(&payload) >= 4.5
        && !entropy::is_sequential_or_repetitive(&payload[..64])
}

/// The value at `pos` must belong to a `data:` or `stringData:` mapping: walk back
/// to the nearest less-indented, non-blank, non-comment line.
pub fn k8s_data_ok(file: &[u8], pos: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &file[..pos]).map_or(0, |p| p + 1);
    let indent = |line: &[u8]| line.iter().take_while(|&&b| b == b' ').count();
    let my_indent = indent(&file[line_start..]);
    if my_indent == 0 {
        return false;
    }
    let mut end = line_start;
    // Bounded walk: Secrets with thousands of keys are not a realistic input.
    for _ in 0..2000 {
        if end == 0 {
            return false;
        }
        let prev_end = end - 1;
        let start = memchr::memrchr(b'\n', &file[..prev_end]).map_or(0, |p| p + 1);
        let line = &file[start..prev_end];
        end = start;
        let content_start = indent(line);
        let content = &line[content_start..];
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() || content.starts_with(b"#") {
            continue;
        }
        if content_start < my_indent {
            let trimmed = content.trim_ascii_end();
            return trimmed == b"data:" || trimmed == b"stringData:";
        }
    }
    false
}

/// AWS secret access keys are 40 chars of base64 alphabet with mixed classes; a 40-hex
/// git SHA or a lowercase-only word run is not one.
pub fn aws_secret_shape_ok(secret: &[u8]) -> bool {
    let c = entropy::Classes::of(secret);
    secret.len() == 40 && c.lower && c.upper && c.digit && entropy::shannon(secret) >= 4.2
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn make_github(prefix: &str, random30: &str) -> String {
        let check = base62_crc32(random30.as_bytes());
        format!(
            "{prefix}_{random30}{}",
            std::str::from_utf8(&check).unwrap()
        )
    }

    #[test]
    fn github_checksum_roundtrip() {
        let t = make_github("ghp", "R8kq2ZLmT4vXw9PbN3cYdH7sFj1Ga6");
        assert_eq!(t.len(), 40);
        assert!(github_checksum_ok(t.as_bytes()));
        let mut bad = t.into_bytes();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'A' { b'B' } else { b'A' };
        assert!(!github_checksum_ok(&bad));
        assert!(!github_checksum_ok(b"ghp_short"));
        assert!(!github_checksum_ok(b"no-underscore"));
    }

    #[test]
    fn encrypted_pem_blocks() {
        for (block, want) in [
            ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF...\n", true),
            ("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJr\n", true),
            ("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n", true),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n", false),
            // The word in the body is base64, not the armour.
            ("-----BEGIN PRIVATE KEY-----\nENCRYPTEDMIIEow\n", false),
        ] {
            assert_eq!(pem_encrypted(block.as_bytes()), want, "{block}");
        }
    }

    #[test]
    fn base62_known_values() {
        // crc32("") == 0 -> all zeros; crc32("a") == 0xe8b7be43 == 3904355907.
        assert_eq!(&base62_crc32(b""), b"000000");
        let mut n: u64 = 3_904_355_907;
        let mut want = [b'0'; 6];
        for slot in want.iter_mut().rev() {
            *slot = BASE62[(n % 62) as usize];
            n /= 62;
        }
        assert_eq!(base62_crc32(b"a"), want);
    }

    #[test]
    fn base64_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("aGVsbG8=", Some("hello")),
            ("aGVsbG8", Some("hello")),
            ("eyJhbGciOiJIUzI1NiJ9", Some("{\"alg\":\"HS256\"}")),
            ("a", None),
            ("a$bc", None),
            ("ab=c", None),
        ];
        for &(input, want) in cases {
            let got = base64_decode(input.as_bytes());
            assert_eq!(got.as_deref(), want.map(str::as_bytes), "{input}");
        }
    }

    #[test]
    fn jwt_table() {
        let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}
        let payload = "eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ";
        let good = format!("{header}.{payload}.c2lnbmF0dXJlLWJ5dGVzLWhlcmU");
        let jwt_ok = |t: &[u8]| jwt_claims(t).is_some_and(|c| claims_usable(&c));
        let jwt_local = |t: &[u8]| jwt_claims(t).is_some_and(|c| claims_local(&c));
        assert!(jwt_ok(good.as_bytes()));
        let no_alg = format!("eyJ0eXAiOiJKV1QifQ.{payload}.c2ln");
        assert!(!jwt_ok(no_alg.as_bytes()));
        let alg_none = format!("eyJhbGciOiJub25lIn0.{payload}.");
        assert!(!jwt_ok(alg_none.as_bytes()));
        assert!(!jwt_ok(b"eyJnotbase64!!.eyJx.sig"));
        let b64 = |s: &str| -> String {
            const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let b = s.as_bytes();
            let mut out = String::new();
            for c in b.chunks(3) {
                let n = (c[0] as u32) << 16
                    | (*c.get(1).unwrap_or(&0) as u32) << 8
                    | *c.get(2).unwrap_or(&0) as u32;
                for i in 0..=c.len() {
                    out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                }
            }
            out
        };
        let token = |claims: &str| format!("{}.{}.c2ln", b64(r#"{"alg":"ES256"}"#), b64(claims));
        for (claims, local) in [
            (
                r#"{"iss":"http://localhost:8888","aud":"http://localhost:8888","sub":"1"}"#,
                true,
            ),
            (
                r#"{"iss":"http://127.0.0.1","aud":["http://localhost"]}"#,
                true,
            ),
            // Near misses: a real host among them, or no issuer at all.
            (
                r#"{"iss":"http://localhost:8888","aud":"https://api.acme.io"}"#,
                false,
            ),
            (r#"{"sub":"1","name":"x"}"#, false),
            (r#"{"iss":"https://localhost.acme.io"}"#, false),
        ] {
            assert_eq!(jwt_local(token(claims).as_bytes()), local, "{claims}");
        }
    }

    #[test]
    fn k8s_data_table() {
        let doc = b"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ndata:\n  # comment\n  password: czNjcjN0\nstringData:\n  token: abc\n";
        let pos_ns = memchr::memmem::find(doc, b"prod").unwrap();
        let pos_pw = memchr::memmem::find(doc, b"czNj").unwrap();
        let pos_tok = memchr::memmem::find(doc, b"abc").unwrap();
        assert!(!k8s_data_ok(doc, pos_ns));
        assert!(k8s_data_ok(doc, pos_pw));
        assert!(k8s_data_ok(doc, pos_tok));
    }
}
