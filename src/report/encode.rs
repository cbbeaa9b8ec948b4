//! Text helpers the file renderers share: a repository path as a URI
//! reference, and length caps that never split a character.

use std::borrow::Cow;

/// `path` as a relative URI reference (RFC 3986): every byte outside the
/// unreserved set and `/` is percent-encoded, so a space, `#`, `?`, `%`
/// or a non-ASCII name cannot change what the URI points at. A `:` is
/// encoded too, or `a:b.txt` would read as a URI with scheme `a`.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// At most `max` characters of `s`, the last of them `…` when cut.
pub fn cap(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some(_) if max == 0 => Cow::Borrowed(""),
        Some(_) => {
            let keep: String = s.chars().take(max.saturating_sub(1)).collect();
            Cow::Owned(keep + "…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        let table = [
            ("src/main.rs", "src/main.rs"),
            ("docs/a b.md", "docs/a%20b.md"),
            ("x#y?z%", "x%23y%3Fz%25"),
            ("a:b.txt", "a%3Ab.txt"),
            ("café/ü", "caf%C3%A9/%C3%BC"),
            ("back\\slash", "back%5Cslash"),
            ("", ""),
        ];
        for (path, uri) in table {
            assert_eq!(uri_path(path), uri, "{path}");
        }
    }

    #[test]
    fn caps_on_character_boundaries() {
        let table = [
            ("short", 10, "short"),
            ("exactly", 7, "exactly"),
            ("one more", 7, "one mo…"),
            ("ééééé", 3, "éé…"),
            ("abc", 1, "…"),
            ("abc", 0, ""),
        ];
        for (s, max, want) in table {
            assert_eq!(cap(s, max), want, "{s} {max}");
        }
    }
}
