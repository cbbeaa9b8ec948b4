//! Headings and prose of lightweight markup (Markdown, reStructuredText,
//! AsciiDoc), for checks that judge a document by its sections (README,
//! runbooks).
//!
//! This is a line scanner, not a full parser: it finds ATX and setext
//! headings (and `<h1>`-style HTML and whole-line bold pseudo-headings) in
//! Markdown, over/underlined titles in reStructuredText, `=`-titles and
//! `.Block titles` in AsciiDoc, and skips code (fences, AsciiDoc listing
//! blocks, YAML front matter) so a `# comment` in a shell snippet is not a
//! heading. Plain files (`README`, `README.txt`) accept both Markdown and
//! reStructuredText forms. Prose is counted in words, without badges,
//! images, link targets, HTML tags and URLs, so a README of badges reads as
//! the stub it is.

use std::sync::LazyLock;

use regex::Regex;

/// One heading: where, how deep (1 = top), and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: u32,
    pub level: u8,
    pub text: String,
    /// The start of the section's text (up to the next heading, at most
    /// `BODY_CHARS` characters), lowercased: enough to tell what a section
    /// is about when its heading alone is ambiguous.
    pub body: String,
}

/// How much of each section's text an outline keeps.
pub const BODY_CHARS: usize = 600;

/// The headings and prose of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
    /// Words of prose in the whole document (not headings, code, badges).
    pub words: usize,
    /// Words of prose before the first section: before the first heading,
    /// or between a leading title and the next heading.
    pub lead_words: usize,
    /// The first line of that lead prose.
    pub lead_line: Option<u32>,
}

/// Which syntaxes a file is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Markdown,
    Rst,
    Asciidoc,
    /// No telling extension: Markdown and reStructuredText forms both count.
    Plain,
}

impl Markup {
    pub fn of(path: &str) -> Markup {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" | "mdx" => Markup::Markdown,
            "rst" | "rest" => Markup::Rst,
            "adoc" | "asciidoc" | "asc" => Markup::Asciidoc,
            _ => Markup::Plain,
        }
    }
}

/// Keeps the heading list bounded on hostile input.
const MAX_HEADINGS: usize = 2000;

/// Characters reStructuredText accepts for title adornment.
fn is_adornment(line: &str) -> Option<char> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    if t.len() < 3 || !"=-~^\"'`:+*#_<>.".contains(c) || !t.chars().all(|x| x == c) {
        return None;
    }
    Some(c)
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// An ATX heading (`## Title ##`), with its level and text.
fn atx(line: &str) -> Option<(u8, String)> {
    if leading_spaces(line) > 3 {
        return None;
    }
    let t = line.trim_start();
    let hashes = t.len() - t.trim_start_matches('#').len();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim().to_string();
    Some((hashes as u8, text))
}

static HTML_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<h([1-6])[^>]*>(.*?)</h[1-6]\s*>").expect("static regex"));
static BOLD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\*\*([^*]{2,60})\*\*|__([^_]{2,60})__)\s*:?\s*$").expect("static regex")
});
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("static regex"));
static IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])").expect("static regex"));
static LINK_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\([^)]*\)").expect("static regex"));
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?|ftp)://\S+").expect("static regex"));
static REF_DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\[[^\]]+\]:\s*\S").expect("static regex"));
static RST_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*:[A-Za-z-]+:").expect("static regex"));

/// Words of prose on one line, without markup that is not prose.
fn prose_words(line: &str) -> usize {
    let t = line.trim();
    if t.is_empty()
        || REF_DEF.is_match(t)
        || t.starts_with("..")
        || t.starts_with('|')
        || RST_FIELD.is_match(t)
        || t.starts_with("<!--")
    {
        return 0;
    }
    let t = TAG.replace_all(t, " ");
    let t = IMAGE.replace_all(&t, " ");
    let t = LINK_TARGET.replace_all(&t, "]");
    let t = URL.replace_all(&t, " ");
    t.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// Heading text as a reader sees it: no link targets, images, URLs, tags
/// or emphasis markers.
fn clean_heading(s: &str) -> String {
    let t = TAG.replace_all(s, " ");
    let t = IMAGE.replace_all(&t, " ");
    let t = LINK_TARGET.replace_all(&t, "]");
    let t = URL.replace_all(&t, " ");
    t.chars()
        .filter(|c| !matches!(c, '[' | ']' | '*' | '`'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_tags(s: &str) -> String {
    TAG.replace_all(s, "").trim().to_string()
}

/// Reads the outline of `text`, choosing the syntax from `path`.
pub fn outline(path: &str, text: &str) -> Outline {
    let markup = Markup::of(path);
    let md = matches!(markup, Markup::Markdown | Markup::Plain);
    let rst = matches!(markup, Markup::Rst | Markup::Plain);
    let adoc = markup == Markup::Asciidoc;

    let lines: Vec<&str> = text.lines().collect();
    let mut out = Outline::default();
    // (line index, words) of prose, to find the lead afterwards.
    let mut prose: Vec<(usize, usize)> = Vec::new();
    // Heading line indexes; a setext/rst underline is `consumed`.
    let mut heading_at: Vec<usize> = Vec::new();
    let mut rst_styles: Vec<(char, bool)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut adoc_block: Option<String> = None;
    let mut skip_next = 0usize;

    let mut i = 0usize;
    // YAML front matter, as static-site generators write it.
    if lines.first().is_some_and(|l| l.trim_end() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim_end() == "---") {
            i = end + 2;
        }
    }
    let push = |out: &mut Outline, idx: usize, level: u8, text: String| {
        let text = clean_heading(&text);
        if out.headings.len() < MAX_HEADINGS && !text.is_empty() {
            out.headings.push(Heading {
                line: idx as u32 + 1,
                level,
                text,
                body: String::new(),
            });
        }
    };

    while i < lines.len() {
        let line = lines[i];
        let idx = i;
        i += 1;
        if skip_next > 0 {
            skip_next -= 1;
            continue;
        }
        let trimmed = line.trim();

        // Code: Markdown fences, AsciiDoc delimited blocks.
        if md || adoc {
            if let Some((c, n)) = fence {
                let t = line.trim_start();
                let run = t.len() - t.trim_start_matches(c).len();
                if run >= n && t[run..].trim().is_empty() {
                    fence = None;
                }
                continue;
            }
            let t = line.trim_start();
            if leading_spaces(line) <= 3 {
                for c in ['`', '~'] {
                    let run = t.len() - t.trim_start_matches(c).len();
                    if run >= 3 {
                        fence = Some((c, run));
                    }
                }
                if fence.is_some() {
                    continue;
                }
            }
        }
        if adoc {
            if let Some(delim) = &adoc_block {
                if trimmed == delim {
                    adoc_block = None;
                }
                continue;
            }
            // Listing, literal, comment and passthrough blocks hold no prose.
            if trimmed.len() >= 4
                && ['-', '.', '/', '+']
                    .iter()
                    .any(|&c| trimmed.chars().all(|x| x == c))
            {
                adoc_block = Some(trimmed.to_string());
                continue;
            }
        }

        if md || adoc {
            if let Some((level, text)) = atx(line) {
                push(&mut out, idx, level, text);
                heading_at.push(idx);
                continue;
            }
        }
        if adoc {
            let eqs = trimmed.len() - trimmed.trim_start_matches('=').len();
            if (1..=6).contains(&eqs)
                && line.starts_with('=')
                && trimmed[eqs..].starts_with(' ')
                && !trimmed[eqs..].trim().is_empty()
            {
                push(&mut out, idx, eqs as u8, trimmed[eqs..].trim().to_string());
                heading_at.push(idx);
                continue;
            }
            // `.Title` block titles name the block that follows.
            if let Some(rest) = line.strip_prefix('.') {
                if rest.starts_with(|c: char| c.is_alphabetic()) && rest.len() <= 80 {
                    push(&mut out, idx, 6, rest.trim().to_string());
                    heading_at.push(idx);
                    continue;
                }
            }
        }
        if md {
            if let Some(c) = HTML_HEADING.captures(line) {
                let level = c[1].parse::<u8>().unwrap_or(1);
                push(&mut out, idx, level, strip_tags(&c[2]));
                heading_at.push(idx);
                continue;
            }
            if let Some(c) = BOLD_LINE.captures(line) {
                let text = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
                push(&mut out, idx, 6, text.trim().to_string());
                heading_at.push(idx);
                continue;
            }
        }
        // Underlined titles: setext (`===`/`---`) and reStructuredText,
        // with an optional rst overline.
        if (md || rst) && !trimmed.is_empty() && !line.starts_with([' ', '\t']) {
            let next = lines.get(i).copied().unwrap_or("");
            let under = is_adornment(next);
            let over = if rst { is_adornment(line) } else { None };
            if let (Some(c), Some(title)) = (over, lines.get(i)) {
                // Overline, title, underline.
                let title = title.trim();
                if lines.get(i + 1).and_then(|l| is_adornment(l)) == Some(c) && !title.is_empty() {
                    let level = rst_level(&mut rst_styles, c, true);
                    push(&mut out, idx + 1, level, title.to_string());
                    heading_at.push(idx + 1);
                    skip_next = 2;
                    continue;
                }
            }
            if let Some(c) = under {
                let setext = md && (c == '=' || c == '-');
                let paragraphish = !trimmed.starts_with(['-', '*', '+', '>', '|', '<'])
                    && is_adornment(line).is_none();
                if paragraphish && (setext || rst) {
                    let level = if rst {
                        rst_level(&mut rst_styles, c, false)
                    } else if c == '=' {
                        1
                    } else {
                        2
                    };
                    push(&mut out, idx, level, trimmed.to_string());
                    heading_at.push(idx);
                    skip_next = 1;
                    continue;
                }
            }
        }
        if is_adornment(line).is_some() {
            continue;
        }
        let w = prose_words(line);
        if w > 0 && !line.starts_with("    ") && !line.starts_with('\t') {
            out.words += w;
            prose.push((idx, w));
        }
    }

    // The lead: prose before the first heading, or, when the document opens
    // with a title, between it and the next heading.
    let first = heading_at.first().copied();
    let (from, to) = match first {
        Some(h) if !prose.iter().any(|(l, _)| *l < h) => {
            (h + 1, heading_at.get(1).copied().unwrap_or(usize::MAX))
        }
        Some(h) => (0, h),
        None => (0, usize::MAX),
    };
    for (l, w) in prose.iter().filter(|(l, _)| *l >= from && *l < to) {
        out.lead_words += w;
        out.lead_line.get_or_insert(*l as u32 + 1);
    }
    // Each section's body: the lines after its heading (and an underline)
    // up to the next heading.
    let starts: Vec<usize> = out.headings.iter().map(|h| h.line as usize).collect();
    for (n, h) in out.headings.iter_mut().enumerate() {
        let end = starts
            .get(n + 1)
            .map_or(lines.len(), |s| s.saturating_sub(1));
        let mut body = String::new();
        for l in lines.iter().take(end).skip(h.line as usize) {
            if body.len() >= BODY_CHARS {
                break;
            }
            if is_adornment(l).is_some() && body.is_empty() {
                continue;
            }
            body.push_str(l.trim());
            body.push('\n');
        }
        let cut: String = body.chars().take(BODY_CHARS).collect();
        h.body = cut.to_lowercase();
    }
    out
}

/// reStructuredText levels follow the order adornment styles first appear.
fn rst_level(styles: &mut Vec<(char, bool)>, c: char, over: bool) -> u8 {
    let pos = styles
        .iter()
        .position(|s| *s == (c, over))
        .unwrap_or_else(|| {
            styles.push((c, over));
            styles.len() - 1
        });
    (pos + 1).min(6) as u8
}

/// Lowercase words of a heading: letters and digits, split on everything else.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How a keyword's words may differ from the heading's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stem {
    /// Equal, or with a plural `s`/`es`.
    Plural,
    /// The heading word starts with the keyword word (`escalat` -> `escalation`).
    Prefix,
}

/// The number of words of `phrase` when it occurs in `heading` (consecutive
/// words, case-insensitive), or 0. Longer matches are more specific.
pub fn phrase_match(heading: &[String], phrase: &str, stem: Stem) -> usize {
    phrase_words_match(heading, &words(phrase), stem)
}

/// `phrase_match` with the phrase already split into `words`, for callers
/// that try the same phrases on many headings.
pub fn phrase_words_match(heading: &[String], kw: &[String], stem: Stem) -> usize {
    if kw.is_empty() || kw.len() > heading.len() {
        return 0;
    }
    let word_ok = |h: &str, k: &str| match stem {
        Stem::Plural => h == k || h.strip_suffix('s') == Some(k) || h.strip_suffix("es") == Some(k),
        Stem::Prefix => h.starts_with(k),
    };
    let hit = heading
        .windows(kw.len())
        .any(|w| w.iter().zip(kw).all(|(h, k)| word_ok(h, k)));
    if hit {
        kw.len()
    } else {
        0
    }
}

/// The longest keyword of `keywords` that `heading` contains, in words.
pub fn best_match(heading: &[String], keywords: &[&str], stem: Stem) -> usize {
    keywords
        .iter()
        .map(|k| phrase_match(heading, k, stem))
        .max()
        .unwrap_or(0)
}

/// What starter files from `shipready init --templates` put where a person
/// still has to write: a section holding it is unfinished, and text on its
/// line is guidance, not content (docs/templates.md).
pub const TEMPLATE_MARKER: &str = "TODO(shipready)";

fn has_marker(line: &str) -> bool {
    // Case-insensitive without allocating (the marker is ASCII), and only
    // where a `(` stands four bytes in: every line of every document is
    // asked.
    let m = TEMPLATE_MARKER.as_bytes();
    let b = line.as_bytes();
    memchr::memchr_iter(b'(', b).any(|i| {
        i >= 4
            && b.get(i - 4..i - 4 + m.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(m))
    })
}

/// The first line (1-based) holding the template marker, if any.
pub fn marker_line(text: &str) -> Option<u32> {
    text.lines().position(has_marker).map(|i| i as u32 + 1)
}

/// `text` without what a starter template left unwritten: every section
/// (heading to next heading) that still holds the template marker, and any
/// other line holding it, become empty lines, so line numbers stay right.
/// A document never given a template comes back borrowed, unchanged.
///
/// Checks that judge documents by their headings and prose read this, so a
/// template's placeholder headings and guidance earn nothing until a person
/// replaces them.
pub fn finished<'a>(path: &str, text: &'a str) -> std::borrow::Cow<'a, str> {
    if marker_line(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut drop: Vec<bool> = lines.iter().map(|l| has_marker(l)).collect();
    let starts: Vec<usize> = outline(path, text)
        .headings
        .iter()
        .map(|h| h.line as usize - 1)
        .collect();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        if lines[start..end].iter().any(|l| has_marker(l)) {
            drop[start..end].iter_mut().for_each(|d| *d = true);
        }
    }
    let mut out = String::with_capacity(text.len());
    for (l, d) in lines.iter().zip(&drop) {
        if !d {
            out.push_str(l);
        }
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_marker_in_any_case_and_position() {
        for (line, want) in [
            ("TODO(shipready) fill in", true),
            ("- todo(Shipready): who is on call", true),
            ("text TODO(shipready)", true),
            ("(shipready)", false),
            ("TODO (shipready)", false),
            ("TODO(shipread", false),
            ("", false),
        ] {
            assert_eq!(has_marker(line), want, "{line:?}");
        }
    }

    fn heads(path: &str, text: &str) -> Vec<(u32, u8, String)> {
        outline(path, text)
            .headings
            .into_iter()
            .map(|h| (h.line, h.level, h.text))
            .collect()
    }

    #[test]
    fn markdown_atx_setext_and_fences() {
        let text = "# Title\n\nSome words here.\n\nInstall\n-------\n\n```sh\n# not a heading\n```\n## Usage ##\n#hashtag\n<h2 align=\"center\">Config</h2>\n**FAQ**\n";
        assert_eq!(
            heads("README.md", text),
            vec![
                (1, 1, "Title".into()),
                (5, 2, "Install".into()),
                (11, 2, "Usage".into()),
                (13, 2, "Config".into()),
                (14, 6, "FAQ".into()),
            ]
        );
        let o = outline("README.md", text);
        assert_eq!(o.lead_words, 3);
        assert_eq!(o.lead_line, Some(3));
    }

    #[test]
    fn heading_text_is_cleaned() {
        let text = "## See [**the docs**](https://x.example/run) ![i](a.png) `now`\n";
        assert_eq!(
            heads("README.md", text),
            vec![(1, 2, "See the docs now".into())]
        );
    }

    #[test]
    fn list_items_and_rules_are_not_setext() {
        let text = "Intro text\n\n- item\n---\n\n---\n";
        assert!(heads("README.md", text).is_empty());
    }

    #[test]
    fn rst_titles_with_overlines_and_underlines() {
        let text = "=====\nProj\n=====\n\nIntro words.\n\nInstallation\n------------\n\n.. code-block:: sh\n\n    pip install x\n\nUsage\n~~~~~\n\nMore\n----\n";
        assert_eq!(
            heads("README.rst", text),
            vec![
                (2, 1, "Proj".into()),
                (7, 2, "Installation".into()),
                (14, 3, "Usage".into()),
                (17, 2, "More".into()),
            ]
        );
    }

    #[test]
    fn asciidoc_titles_and_blocks() {
        let text = "= Proj\n\nWords.\n\n== Install\n\n----\n== not a heading\n----\n\n.Configuration\n|===\n";
        assert_eq!(
            heads("README.adoc", text),
            vec![
                (1, 1, "Proj".into()),
                (5, 2, "Install".into()),
                (11, 6, "Configuration".into()),
            ]
        );
    }

    #[test]
    fn badges_links_and_urls_are_not_prose() {
        let text = "# x\n[![CI](https://ci/badge.svg)](https://ci) ![cov](https://c.svg)\n[ci]: https://x\nSee https://example.com/docs now\n";
        let o = outline("README.md", text);
        assert_eq!(o.words, 2);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for t in [
            "",
            "#",
            "=\n=",
            "===\n",
            "```",
            "\u{0}\u{fffd}#",
            "a\n===\n===",
            "- \n--",
        ] {
            let _ = outline("README", t);
            let _ = outline("x.adoc", t);
            let _ = outline("x.rst", t);
        }
    }

    #[test]
    fn phrases_match_word_sequences() {
        let h = words("Running the Tests locally");
        assert_eq!(phrase_match(&h, "tests", Stem::Plural), 1);
        assert_eq!(phrase_match(&h, "test", Stem::Plural), 1);
        assert_eq!(phrase_match(&h, "running tests", Stem::Plural), 0);
        assert_eq!(
            phrase_match(&words("Running tests"), "running tests", Stem::Plural),
            2
        );
        assert_eq!(phrase_match(&words("Contestants"), "test", Stem::Plural), 0);
        assert_eq!(
            phrase_match(&words("Escalation policy"), "escalat", Stem::Prefix),
            1
        );
        assert_eq!(
            best_match(&words("On-call"), &["on call", "oncall"], Stem::Plural),
            2
        );
    }

    #[test]
    fn finished_drops_unfinished_sections_and_keeps_line_numbers() {
        let text = "# Runbook\n\nWritten intro.\n\n## Rolling back\n\n\
            TODO(shipready): say how to roll back.\n\n## Restoring a backup\n\n\
            pg_restore the nightly dump.\n\n## Alerts\n\ntodo(SHIPREADY) list them\n";
        let done = finished("docs/runbooks/x.md", text);
        let o = outline("docs/runbooks/x.md", &done);
        let kept: Vec<(u32, &str)> = o
            .headings
            .iter()
            .map(|h| (h.line, h.text.as_str()))
            .collect();
        assert_eq!(kept, vec![(1, "Runbook"), (9, "Restoring a backup")]);
        assert_eq!(done.lines().count(), text.lines().count());
        assert!(!done.to_lowercase().contains("shipready"), "{done}");
        assert_eq!(marker_line(text), Some(7));
        // Untouched documents are borrowed, not copied.
        assert!(matches!(
            finished("README.md", "# x\n\nTODO: later\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        // A marker before any heading blanks only its own line.
        let lead = finished("a.md", "TODO(shipready): fill in\nreal words\n");
        assert_eq!(lead, "\nreal words\n");
    }
}
