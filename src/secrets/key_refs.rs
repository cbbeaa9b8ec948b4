//! Key files the tests load.
//!
//! Go and Java projects keep the keys their TLS tests need beside the code
//! (`server/configs/certs/key.pem`), outside any directory named for tests.
//! A reviewer who finds such a key asks who loads it; when the test code
//! does, it is a test key. That is good evidence, not proof (production
//! could load the same file), so it lowers a finding's confidence to
//! medium, where it no longer caps the score, and never dismisses it.

use std::collections::BTreeSet;

/// The extensions of key files a test names in a string literal.
const KEY_EXTENSIONS: &[&str] = &[".pem", ".key"];

/// The files whose key references count: test source code.
pub fn is_test_source(file: &crate::workspace::FileEntry) -> bool {
    file.test_code() && file.lang.is_some()
}

/// The key files one file's text names, parsed once per file through the
/// workspace's model cache: both secrets checks ask it of every test file.
pub struct KeyRefs(pub Vec<String>);

impl crate::workspace::Model for KeyRefs {
    fn parse(_path: &str, text: &str) -> Self {
        KeyRefs(key_file_refs(text))
    }
}

/// The key-file paths named in quoted strings of one test file's text,
/// normalised by [`normalise`]. Only the literal is seen: a path built with
/// `filepath.Join("certs", "key.pem")` gives its last part, which
/// [`loaded_by_tests`] matches as a file name.
pub fn key_file_refs(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for ext in KEY_EXTENSIONS {
        let finder = memchr::memmem::Finder::new(ext.as_bytes());
        for at in finder.find_iter(bytes) {
            let end = at + ext.len();
            // The literal must close right after the extension.
            if !matches!(bytes.get(end), Some(b'"' | b'\'' | b'`')) {
                continue;
            }
            let start = bytes[..at]
                .iter()
                .rposition(|b| matches!(b, b'"' | b'\'' | b'`' | b' ' | b'\n' | b'\t' | b'='))
                .map_or(0, |i| i + 1);
            if at - start > 200 {
                continue;
            }
            let found = normalise(&text[start..end]);
            if found.len() > ext.len() {
                out.push(found);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `./a/../certs\\key.pem` → `certs/key.pem`: separators unified (an
/// escaped backslash in a literal is one separator), leading `./` and
/// `../` dropped (a test's working directory is its package).
fn normalise(path: &str) -> String {
    let unified = path.replace("\\\\", "/").replace('\\', "/");
    let mut rest = unified.as_str();
    loop {
        if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("../") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('/') {
            rest = r;
        } else {
            break;
        }
    }
    rest.to_ascii_lowercase()
}

/// Whether a test names the key file at `path`: the tests' reference is the
/// whole path or a tail of it that starts at a directory boundary.
pub fn loaded_by_tests(path: &str, refs: &BTreeSet<String>) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut tail = lower.as_str();
    loop {
        if refs.contains(tail) {
            return true;
        }
        match tail.split_once('/') {
            Some((_, rest)) => tail = rest,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_in_test_code() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"opts := &Options{TLSKey: "./configs/certs/key.pem"}"#,
                &["configs/certs/key.pem"],
            ),
            (
                "conf := `\n  key_file: \"../test/configs/certs/server-key.pem\"\n`",
                &["test/configs/certs/server-key.pem"],
            ),
            (r#"filepath.Join("certs", "client.key")"#, &["client.key"]),
            (r#"load('tls\\srv.pem')"#, &["tls/srv.pem"]),
            // Near misses: not a literal, or a longer extension.
            ("// see key.pem for details\n", &[]),
            (r#"name := "key.pem.bak""#, &[]),
            (r#"x := ".pem""#, &[]),
        ];
        for (text, want) in cases {
            assert_eq!(key_file_refs(text), *want, "{text}");
        }
    }

    #[test]
    fn matching_by_tail() {
        let refs: BTreeSet<String> = ["configs/certs/key.pem", "client.key"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cases = [
            ("server/configs/certs/key.pem", true),
            ("configs/certs/key.pem", true),
            ("deploy/tls/client.key", true),
            // Near misses: another directory, or a name that only ends alike.
            ("server/prod/certs/key.pem", false),
            ("deploy/tls/myclient.key", false),
            ("server/configs/certs/key.pem.bak", false),
        ];
        for (path, want) in cases {
            assert_eq!(loaded_by_tests(path, &refs), want, "{path}");
        }
    }
}
