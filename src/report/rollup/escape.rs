//! Escaping for the Markdown and HTML of the roll-up and the diff. Paths,
//! messages and ids come from the audited repository, so any of them may
//! hold a pipe, a backtick, a tag or a newline.

/// At most `max` characters of `s` on one line, with "…" when cut.
pub fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Text for a Markdown paragraph or table cell: one line, every character
/// Markdown or HTML could read as syntax escaped.
pub fn md_text(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in one_line(s, max).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// An inline code span for ids and paths, safe in a table cell: pipes are
/// escaped (GitHub reads `\|` as a pipe even in code), and a span holding
/// backticks gets a longer fence.
pub fn md_code(s: &str, max: usize) -> String {
    let text = one_line(s, max).replace('|', "\\|");
    let run = text
        .as_bytes()
        .split(|b| *b != b'`')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    if run == 0 {
        format!("`{text}`")
    } else {
        let fence = "`".repeat(run + 1);
        format!("{fence} {text} {fence}")
    }
}

/// Text for HTML element content and quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let cases: &[(&str, String, String)] = &[
            ("plain", md_text("a b", 80), "a b".into()),
            ("pipe", md_text("a|b", 80), "a\\|b".into()),
            ("tag", md_text("<script>", 80), "\\<script\\>".into()),
            ("newline", md_text("a\nb", 80), "a b".into()),
            ("cut", md_text("abcdef", 4), "abc…".into()),
            ("code", md_code("src/a.py", 80), "`src/a.py`".into()),
            ("code pipe", md_code("a|b", 80), "`a\\|b`".into()),
            ("code tick", md_code("a`b", 80), "`` a`b ``".into()),
            ("code ticks", md_code("a``b", 80), "``` a``b ```".into()),
            (
                "html",
                html("<a href=\"x\">&'"),
                "&lt;a href=&quot;x&quot;&gt;&amp;&#39;".into(),
            ),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, want, "{name}");
        }
    }
}
