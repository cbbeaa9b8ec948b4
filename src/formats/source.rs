//! Source code with its comments blanked out, for the checks that read code
//! by pattern (health routes, HTTP timeouts, environment variables).
//!
//! Blanking replaces every comment byte with a space and keeps newlines, so
//! offsets and line numbers in the blanked text are those of the file, and
//! a `timeout=5` in a comment or a route in commented-out code is not read
//! as code. String literals are kept (routes and variable names live in
//! them) and are skipped while looking for comment starts, so the `//` of
//! `"https://..."` opens no comment. This is a lexer for comments and
//! strings only, not a parser; it never fails and never panics.

/// Comment syntax of a language family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// `//`, `/* */`; strings in `"`, `'` and `` ` ``.
    CLike,
    /// `#`; strings in `"` and `'` (Python, Ruby, Elixir, shell, YAML).
    Hash,
    /// Both `#` and C-like comments (PHP).
    Php,
    /// Rust: C-like, but `'` opens a lifetime as often as a char.
    Rust,
    /// No comment syntax known: the text as is.
    None,
}

/// The comment syntax of a file, by its extension.
fn syntax(path: &str) -> Syntax {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "rs" => Syntax::Rust,
        "go" | "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "mts" | "cts" | "java" | "kt"
        | "kts" | "scala" | "sc" | "cs" | "fs" | "fsx" | "c" | "h" | "cc" | "cpp" | "cxx"
        | "hpp" | "swift" | "dart" | "groovy" | "gradle" | "m" | "mm" => Syntax::CLike,
        "py" | "pyi" | "rb" | "rake" | "ex" | "exs" | "sh" | "bash" | "zsh" | "pl" | "pm" | "r"
        | "jl" | "nim" => Syntax::Hash,
        "php" => Syntax::Php,
        _ => Syntax::None,
    }
}

/// One file's code with comments blanked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub text: String,
}

impl Code {
    pub fn parse(path: &str, text: &str) -> Self {
        Code {
            text: blank_comments(path, text),
        }
    }
}

/// Line numbers of many offsets in one text: the newlines are found once
/// and each lookup is a binary search. `line_of` per match counts from the
/// start each time, quadratic in files with many matches.
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// What `line_of(text, offset)` returns.
    pub fn line(&self, offset: usize) -> u32 {
        (self.newlines.partition_point(|&n| n < offset) + 1) as u32
    }
}

/// `line_of` for many offsets of one text, the index built on the first
/// lookup: most files a check reads hold no match at all.
pub struct Lines<'a> {
    text: &'a str,
    index: std::cell::OnceCell<LineIndex>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    pub fn of(&self, offset: usize) -> u32 {
        self.index
            .get_or_init(|| LineIndex::new(self.text))
            .line(offset)
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    (text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1) as u32
}

/// `text` of the file at `path` with every comment byte replaced by a
/// space (newlines kept); the syntax comes from the extension.
pub fn blank_comments(path: &str, text: &str) -> String {
    let syn = syntax(path);
    if syn == Syntax::None {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let hash = matches!(syn, Syntax::Hash | Syntax::Php);
    let slashes = matches!(syn, Syntax::CLike | Syntax::Php | Syntax::Rust);
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    // Most bytes open neither a comment nor a string: skip runs of them
    // with a table lookup instead of the branches below (this loop ran
    // over every byte of every source file).
    let mut opens = [false; 256];
    for c in [b'"', b'`'] {
        opens[c as usize] = true;
    }
    opens[b'\'' as usize] = syn != Syntax::Rust;
    opens[b'/' as usize] = slashes;
    opens[b'#' as usize] = hash;
    while i < b.len() {
        if !opens[b[i] as usize] {
            i += 1;
            while i < b.len() && !opens[b[i] as usize] {
                i += 1;
            }
            continue;
        }
        let c = b[i];
        let next = b.get(i + 1).copied();
        if slashes && c == b'/' && next == Some(b'/') {
            let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
            blank(&mut out, i, end);
            i = end;
        } else if slashes && c == b'/' && next == Some(b'*') {
            let end = find(b, i + 2, b"*/").map_or(b.len(), |j| j + 2);
            blank(&mut out, i, end);
            i = end;
        } else if hash && c == b'#' && !(syn == Syntax::Php && next == Some(b'[')) {
            // Ruby `#{...}` interpolation only occurs inside strings,
            // which are skipped below.
            let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
            blank(&mut out, i, end);
            i = end;
        } else if c == b'"' || c == b'`' || (c == b'\'' && syn != Syntax::Rust) {
            // Python triple quotes close on the same triple.
            let triple = syn == Syntax::Hash && b.get(i..i + 3) == Some(&[c, c, c][..]);
            i = if triple {
                find(b, i + 3, &[c, c, c]).map_or(b.len(), |j| j + 3)
            } else {
                skip_string(b, i, c)
            };
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, outside multi-byte
    // sequences, so the bytes are still UTF-8; fall back to the original
    // rather than panic if that ever fails.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The index after a string literal opened by `quote` at `start`; a
/// single-line string (not a backtick) ends at the line's end if unclosed.
fn skip_string(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            b'\n' if quote != b'`' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|j| from + j)
}

/// The argument text of the call whose `(` is at `open`: up to the
/// matching `)`, at most `max` bytes, strings skipped while balancing.
/// None when `open` is not `(` or the call does not close within `max`.
pub fn call_args(text: &str, open: usize, max: usize) -> Option<&str> {
    balanced(text, open, b'(', b')', max)
}

/// Like `call_args` for a `{ ... }` block.
pub fn braces(text: &str, open: usize, max: usize) -> Option<&str> {
    balanced(text, open, b'{', b'}', max)
}

fn balanced(text: &str, open: usize, o: u8, c: u8, max: usize) -> Option<&str> {
    let b = text.as_bytes();
    if b.get(open) != Some(&o) {
        return None;
    }
    let limit = b.len().min(open.saturating_add(max));
    let mut depth = 0usize;
    let mut i = open;
    while i < limit {
        let ch = b[i];
        if ch == b'"' || ch == b'\'' || ch == b'`' {
            i = skip_string(b, i, ch);
            continue;
        }
        if ch == o {
            depth += 1;
        } else if ch == c {
            depth -= 1;
            if depth == 0 {
                return text.get(open + 1..i);
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_and_strings_kept() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "a.py",
                "x = 1  # timeout=5\nurl = \"a#b\"\n",
                "x = 1             \nurl = \"a#b\"\n",
            ),
            (
                "a.go",
                "a // b\nc := \"http://x\" /* y\nz */ d",
                "a     \nc := \"http://x\"     \n     d",
            ),
            (
                "a.rs",
                "fn f<'a>() { g(\"//\") } // c",
                "fn f<'a>() { g(\"//\") }     ",
            ),
            (
                "a.php",
                "#[Attr]\n$a = 1; # c\n// d",
                "#[Attr]\n$a = 1;    \n    ",
            ),
            (
                "a.py",
                "'''doc # not a comment'''\n# c",
                "'''doc # not a comment'''\n   ",
            ),
            (
                "a.js",
                "const u = `a\n// b`; // c",
                "const u = `a\n// b`;     ",
            ),
        ];
        for (path, input, want) in cases {
            assert_eq!(blank_comments(path, input), *want, "{path}: {input:?}");
        }
    }

    #[test]
    fn calls_balance_across_nesting_and_strings() {
        let t = "get(a(b), \")\", c) tail";
        assert_eq!(call_args(t, 3, 100), Some("a(b), \")\", c"));
        assert_eq!(call_args("f(unclosed", 1, 100), None);
        assert_eq!(call_args("x", 0, 100), None);
        assert_eq!(braces("Client{Timeout: 5}", 6, 100), Some("Timeout: 5"));
    }

    #[test]
    fn hostile_input_never_panics() {
        for path in ["a.py", "a.go", "a.rs", "a.php", "a.rb"] {
            for t in ["\"", "/*", "'''", "é\"é", "\\", "#", "`", "/"] {
                let _ = blank_comments(path, t);
                let _ = call_args(t, 0, 10);
            }
        }
    }
}
