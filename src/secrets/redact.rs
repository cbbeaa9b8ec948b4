//! Redaction and keyed hashing of secret values.
//!
//! Fingerprints are HMAC-SHA-256 under a fixed, public domain-separation key. The key
//! is not a secret: its job is to make these hashes useless as a lookup oracle for
//! plain SHA-256 tables of leaked tokens, and to keep them distinct from any other
//! hash the tool computes. Fields are length-prefixed so ("ab","c") != ("a","bc").

use sha2::{Digest, Sha256};

const HMAC_KEY: &[u8] = b"shipready/secrets/fingerprint/v1";

fn hmac_sha256(parts: &[&[u8]]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut key = [0u8; BLOCK];
    // HMAC_KEY is shorter than a block, so it is used as-is (zero-padded).
    key[..HMAC_KEY.len()].copy_from_slice(HMAC_KEY);
    let mut ipad = [0x36u8; BLOCK];
    let mut opad = [0x5cu8; BLOCK];
    for i in 0..BLOCK {
        ipad[i] ^= key[i];
        opad[i] ^= key[i];
    }
    let mut inner = Sha256::new();
    inner.update(ipad);
    for p in parts {
        inner.update((p.len() as u64).to_be_bytes());
        inner.update(p);
    }
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(opad);
    outer.update(inner);
    outer.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Location-specific fingerprint: rule id + path + secret.
pub fn fingerprint(rule_id: &str, path: &str, secret: &[u8]) -> String {
    hex(&hmac_sha256(&[
        b"fp",
        rule_id.as_bytes(),
        path.as_bytes(),
        secret,
    ]))
}

/// Path-independent hash: rule id + secret (for baselines that survive file moves).
pub fn secret_hash(rule_id: &str, secret: &[u8]) -> String {
    hex(&hmac_sha256(&[b"secret", rule_id.as_bytes(), secret]))
}

/// "AKIA…(20 chars)". Short secrets reveal less: a 4-char prefix of an 8-char
/// password is half of it, so below 16 chars only 2 are shown, below 8 none.
pub fn redact(secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    let n = text.chars().count();
    let show = match n {
        0..=7 => 0,
        8..=15 => 2,
        _ => 4,
    };
    let prefix: String = text
        .chars()
        .take(show)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{prefix}…({n} chars)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_table() {
        let cases = [
            // shipready: ignore[secrets.no-committed-secrets/aws-access-key-id] synthetic value for a test, never issued
            ("AKIAZ3MRT6XB7QK2LP4D", "AKIA…(20 chars)"),
            ("hunter22", "hu…(8 chars)"),
            ("abc", "…(3 chars)"),
            ("", "…(0 chars)"),
        ];
        for (input, want) in cases {
            assert_eq!(redact(input.as_bytes()), want);
        }
        // Invalid UTF-8 must not panic.
        assert_eq!(
            redact(&[0xff, 0xfe, b'a', b'b', b'c', b'd', b'e', b'f']),
            "\u{fffd}\u{fffd}…(8 chars)"
        );
    }

    #[test]
    fn hashes_are_keyed_and_separated() {
        let a = fingerprint("r", "p", b"s");
        assert_eq!(a.len(), 64);
        assert_ne!(a, fingerprint("r", "p2", b"s"));
        assert_eq!(secret_hash("r", b"s"), secret_hash("r", b"s"));
        assert_ne!(secret_hash("r", b"s"), secret_hash("r2", b"s"));
        // Length prefixing: moving a byte between fields changes the hash.
        assert_ne!(fingerprint("ab", "c", b"x"), fingerprint("a", "bc", b"x"));
        // Not plain SHA-256 of the secret.
        let plain = hex(&Sha256::digest(b"s"));
        assert_ne!(secret_hash("r", b"s"), plain);
    }
}
