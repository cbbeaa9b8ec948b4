//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the
//! verdict, level, score and coverage, the category table, blockers with
//! links to `file:line`, the next steps, and the rest folded in
//! `<details>`. It stays under GitHub's comment limit ([`MAX_CHARS`]) by
//! leaving out whole checks, last sections first, and saying so.
//!
//! Everything that comes from the scanned repository (paths, messages,
//! evidence) goes through [`esc`], so a file name cannot inject markup,
//! HTML or an `@mention` into the comment.

use std::fmt::Write;

use super::encode::{cap, uri_path};
use super::{fmt_num, plural, CategoryState, CheckResult, Report};
use crate::model::{Finding, Level, Mode, Severity, Status, Verdict};

/// GitHub refuses a comment (and an issue or PR body) longer than this
/// many characters.
pub const MAX_CHARS: usize = 65_536;

/// Room kept, beyond the parts written after the checks, for the note on
/// what was left out and the tags that close a `<details>`.
const RESERVE: usize = 1_000;

/// Findings shown under one check.
const MAX_FINDINGS: usize = 5;

/// Evidence lines shown under a check with no finding.
const MAX_EVIDENCE: usize = 3;

/// Next steps listed.
const MAX_STEPS: usize = 5;

/// A message or evidence line longer than this is cut.
const MAX_TEXT: usize = 500;

/// Gate failures and check ids listed in one place.
const MAX_LIST: usize = 20;

/// The baseline and expiry notes at the end are cut to this.
const MAX_TAIL: usize = 4_000;

#[derive(Debug, Clone, Default)]
pub struct Style {
    /// Makes `file:line` links absolute: `{base}/{path}#L{line}`, e.g.
    /// `https://github.com/OWNER/REPO/blob/SHA`. Without it links are
    /// relative to the repository root.
    pub link_base: Option<String>,
}

pub fn render(r: &Report, style: &Style) -> String {
    let s = &r.summary;
    // What follows the checks is written first, so the budget for the
    // checks knows how much room it must leave.
    let steps = next_steps(r);
    let tail = cap(&tail(r), MAX_TAIL).into_owned();
    let footer = footer(r);
    let mut doc = Doc::new(
        RESERVE
            + [&steps, &tail, &footer]
                .iter()
                .map(|t| t.chars().count())
                .sum::<usize>(),
    );

    let staged = if r.mode == Mode::Staged {
        " (staged changes)"
    } else {
        ""
    };
    doc.push(&format!(
        "## {} {}{staged}\n\n",
        verdict_icon(s.verdict),
        s.verdict.as_str()
    ));
    let score = if s.capped_by.is_empty() {
        fmt_num(s.score)
    } else {
        format!(
            "{} (capped by {}; raw {})",
            fmt_num(s.score),
            ids(&s.capped_by),
            fmt_num(s.raw_score)
        )
    };
    doc.push(&format!(
        "**Level** {} (target {}) · **Score** {score} · **Coverage** {}%\n\n",
        esc(&s.level),
        esc(&s.target),
        fmt_num(s.coverage)
    ));
    doc.push(&format!(
        "Profile {} ({}) · {} checks · scoring model {}\n\n",
        r.profile.profile.as_str(),
        esc(&cap(&r.profile.reason, MAX_TEXT)),
        r.checks.len(),
        esc(r.scoring_model)
    ));
    let gates = r.gate_failures();
    if !gates.is_empty() {
        let mut block = String::from("**Gate failed**\n\n");
        for g in gates.iter().take(MAX_LIST) {
            let _ = writeln!(block, "- {}", esc(&cap(g, MAX_TEXT)));
        }
        if gates.len() > MAX_LIST {
            let _ = writeln!(block, "- … and {} more", gates.len() - MAX_LIST);
        }
        block.push('\n');
        doc.push(&block);
    }

    doc.push(&categories(r));

    let failing = |c: &&CheckResult| {
        matches!(
            c.outcome.status,
            Status::Fail | Status::Partial | Status::Error
        )
    };
    let blocker = |c: &&CheckResult| matches!(c.severity, Severity::Critical | Severity::High);
    let blockers: Vec<&CheckResult> = r.checks.iter().filter(failing).filter(blocker).collect();
    let others: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(failing)
        .filter(|c| !blocker(c))
        .collect();

    if !blockers.is_empty() {
        doc.push("### Blockers\n\nCritical and high checks not passing.\n\n");
        for c in &blockers {
            doc.item(&check_item(c, style));
        }
        doc.push("\n");
    }

    doc.push(&steps);

    let undetermined: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(|c| c.outcome.status == Status::Unknown)
        .collect();
    let waived: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(|c| c.outcome.status == Status::Waived)
        .collect();
    doc.details("Other checks not passing", &others, |c| {
        check_item(c, style)
    });
    doc.details(
        "Cannot be verified statically (attest them in .shipready/attestations.yaml)",
        &undetermined,
        |c| check_item(c, style),
    );
    doc.details("Waived", &waived, |c| {
        let (until, why) = c
            .waiver
            .as_ref()
            .map_or(("?", ""), |w| (w.expires.as_str(), w.reason.as_str()));
        format!(
            "- {} until {}: {}\n",
            check_ref(c),
            esc(until),
            esc(&cap(why, MAX_TEXT))
        )
    });
    doc.finish(&tail, &footer)
}

/// The baseline in use and expired waivers and attestations.
fn tail(r: &Report) -> String {
    let mut tail = String::new();
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            tail,
            "Baseline `{}`: {} finding{} baselined, {} stale entr{}.\n",
            code_text(&b.path),
            b.baselined,
            plural(b.baselined),
            b.stale.len(),
            if b.stale.len() == 1 { "y" } else { "ies" }
        );
    }
    for e in &r.expired {
        let _ = writeln!(tail, "- Expired: {}", esc(e));
    }
    if !r.expired.is_empty() {
        tail.push('\n');
    }
    tail
}

/// The document under construction, with what the size budget left out.
struct Doc {
    out: String,
    chars: usize,
    /// Room the checks must leave for what is written after them.
    reserve: usize,
    /// Checks left out for size.
    omitted: usize,
}

impl Doc {
    fn new(reserve: usize) -> Self {
        Doc {
            out: String::new(),
            chars: 0,
            reserve,
            omitted: 0,
        }
    }

    /// Appends a part that is always shown (bounded by construction).
    fn push(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.out.push_str(s);
    }

    /// Appends one check's block if the budget allows; once one is left
    /// out, every later one is too, so what is shown is a prefix of the
    /// order the reader expects.
    fn item(&mut self, s: &str) {
        let n = s.chars().count();
        if self.omitted > 0 || self.chars + n + self.reserve > MAX_CHARS {
            self.omitted += 1;
            return;
        }
        self.chars += n;
        self.out.push_str(s);
    }

    /// A folded section of checks, left out whole when the budget is spent
    /// before it starts.
    fn details(
        &mut self,
        title: &str,
        checks: &[&CheckResult],
        item: impl Fn(&CheckResult) -> String,
    ) {
        if checks.is_empty() {
            return;
        }
        if self.omitted > 0 {
            self.omitted += checks.len();
            return;
        }
        self.push(&format!(
            "<details><summary>{} ({})</summary>\n\n",
            esc(title),
            checks.len()
        ));
        for c in checks {
            self.item(&item(c));
        }
        self.push("\n</details>\n\n");
    }

    fn finish(mut self, tail: &str, footer: &str) -> String {
        if self.omitted > 0 {
            let note = format!(
                "> **Note:** {} more check{} not shown: this summary stays under GitHub's {}-character comment limit. `shipready -f json` and `-f sarif` report everything.\n\n",
                self.omitted,
                plural(self.omitted),
                MAX_CHARS
            );
            self.push(&note);
        }
        self.push(tail);
        self.push(footer);
        self.out
    }
}

fn verdict_icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "✅",
        Verdict::ReadyWithWarnings => "⚠️",
        Verdict::NotReady => "❌",
        Verdict::InsufficientEvidence => "❔",
    }
}

fn categories(r: &Report) -> String {
    let mut out = String::from(
        "| Category | Score | Level | Passing | Coverage |\n| --- | ---: | --- | ---: | ---: |\n",
    );
    for c in &r.categories {
        let examined = c.state == CategoryState::Scored;
        let score = match (c.state, c.score) {
            (CategoryState::NotApplicable, _) => format!("n/a ({})", r.profile.profile.as_str()),
            (CategoryState::NotExamined, _) | (_, None) => "not examined".to_string(),
            (_, Some(s)) if c.capped_by.is_empty() => fmt_num(s),
            (_, Some(s)) => format!("{} (capped)", fmt_num(s)),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}/{} | {} |",
            c.category.as_str(),
            score,
            if examined { esc(&c.level) } else { "-".into() },
            c.passing,
            c.checks,
            if examined {
                format!("{}%", fmt_num(c.coverage))
            } else {
                "-".into()
            }
        );
    }
    out.push('\n');
    out
}

fn next_steps(r: &Report) -> String {
    let mut out = String::new();
    if !r.next_steps.is_empty() {
        let capped = !r.summary.capped_by.is_empty();
        out.push_str("### Next steps\n\n");
        if capped {
            out.push_str(
                "The capping checks first; the points a fix adds, and before the cap in brackets.\n\n",
            );
        }
        out.push_str("| Points | Check | What passes |\n| ---: | --- | --- |\n");
        for step in r.next_steps.iter().take(MAX_STEPS) {
            let points = if capped {
                format!("+{} (+{})", fmt_num(step.points), fmt_num(step.raw_points))
            } else {
                format!("+{}", fmt_num(step.points))
            };
            let why = step
                .why
                .as_deref()
                .map_or(String::new(), |w| format!(" · {}", esc(w)));
            let id = r
                .checks
                .iter()
                .find(|c| c.id == step.id)
                .map_or_else(|| format!("`{}`", code_text(&step.id)), check_ref);
            let _ = writeln!(
                out,
                "| {points} | {id} | {}{why} |",
                esc(&cap(&step.title, MAX_TEXT))
            );
        }
        out.push('\n');
    }
    if let Some(n) = &r.next_level {
        if !n.checks.is_empty() {
            let _ = writeln!(out, "To reach **{}**: {}\n", esc(&n.level), ids(&n.checks));
        }
    }
    out
}

fn footer(r: &Report) -> String {
    let st = &r.stats;
    let mut s = format!(
        "<sub>{} {} · {} files listed, {} read",
        esc(r.tool.name),
        esc(r.tool.version),
        st.files_listed,
        st.files_read
    );
    let skipped: u64 = st.skipped.values().sum();
    if skipped > 0 {
        let _ = write!(s, ", {skipped} not read");
    }
    if r.summary.suppressed > 0 {
        let _ = write!(s, " · {} findings suppressed", r.summary.suppressed);
    }
    s.push_str(" · `shipready explain ID` tells why a check matters and how to fix it</sub>\n");
    s
}

/// One check: status, id (linked to its docs), severity, summary, then
/// its findings with links, or its evidence when it has none.
fn check_item(c: &CheckResult, style: &Style) -> String {
    let mut out = String::new();
    let partial = if c.outcome.status == Status::Partial {
        format!(" {}%", fmt_num(c.outcome.score * 100.0))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "- **{}**{partial} {} ({}): {}",
        c.outcome.status.label(),
        check_ref(c),
        c.severity.as_str(),
        esc(&cap(&c.outcome.summary, MAX_TEXT))
    );
    let mut open: Vec<&Finding> = c
        .open_findings()
        .filter(|f| f.level > Level::Info)
        .collect();
    // Blocking findings first, as the table does; the sort is stable.
    open.sort_by_key(|f| std::cmp::Reverse(f.level));
    if open.is_empty() {
        for e in c.outcome.evidence.iter().take(MAX_EVIDENCE) {
            let _ = writeln!(out, "  - {}", esc(&cap(e, MAX_TEXT)));
        }
    }
    for f in open.iter().take(MAX_FINDINGS) {
        let rule = f
            .rule
            .as_deref()
            .map_or(String::new(), |r| format!("`{}` ", code_text(r)));
        let what = format!("{rule}{}", esc(&cap(&f.message, MAX_TEXT)));
        match location_link(f, style) {
            Some(link) => {
                let _ = writeln!(out, "  - {link}: {what}");
            }
            None => {
                let _ = writeln!(out, "  - {what}");
            }
        }
    }
    if open.len() > MAX_FINDINGS {
        let _ = writeln!(out, "  - … and {} more", open.len() - MAX_FINDINGS);
    }
    let suppressed = c
        .outcome
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .count();
    if suppressed > 0 {
        let _ = writeln!(out, "  - {suppressed} suppressed or baselined");
    }
    out
}

/// The check id as code, linked to its section of the catalog when it has
/// one.
fn check_ref(c: &CheckResult) -> String {
    let id = format!("`{}`", code_text(&c.id));
    match c.doc_url() {
        Some(u) => format!("[{id}]({u})"),
        None => id,
    }
}

/// Ids as a list of code spans.
fn ids(ids: &[String]) -> String {
    let mut s = ids
        .iter()
        .take(MAX_LIST)
        .map(|i| format!("`{}`", code_text(i)))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MAX_LIST {
        let _ = write!(s, " and {} more", ids.len() - MAX_LIST);
    }
    s
}

/// `[path:line](link)` for a finding with a path.
fn location_link(f: &Finding, style: &Style) -> Option<String> {
    let path = f.path.as_deref()?;
    let text = esc(&f.location());
    // Only a path inside the repository has a page to link to.
    let inside = !path.starts_with(['/', '\\']) && !path.split(['/', '\\']).any(|s| s == "..");
    if !inside {
        return Some(text);
    }
    let anchor = f
        .line
        .filter(|l| *l > 0)
        .map_or(String::new(), |l| format!("#L{l}"));
    let url = match &style.link_base {
        Some(base) => format!("{}/{}{anchor}", base.trim_end_matches('/'), uri_path(path)),
        None => format!("{}{anchor}", uri_path(path)),
    };
    Some(format!("[{text}]({url})"))
}

/// Text for inside a code span: backticks cannot be escaped there, and a
/// line break or `|` would end the span, the list item or the table cell.
fn code_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' => '\'',
            '|' => '/',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Escapes text from the repository for Markdown inline context (a list
/// item, a table cell, link text; never the start of a line, where `#`,
/// `-` or `1.` would matter): markup characters are backslashed (with `[`
/// and `]` escaped, `(` and `!` cannot form a link or an image),
/// HTML is entity-encoded, line breaks and control characters become
/// spaces, `$` cannot start math, and an `@name` is set as code so the
/// comment mentions nobody.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mention = c == '@'
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
        if mention {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '-' | '_' | '/' | '.'))
            {
                i += 1;
            }
            out.push('`');
            out.extend(&chars[start..i]);
            out.push('`');
            continue;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_markdown_and_html_would_interpret() {
        let table = [
            ("plain text", "plain text"),
            ("a*b*_c_", "a\\*b\\*\\_c\\_"),
            ("[x](javascript:y)", "\\[x\\](javascript:y)"),
            ("![img](u)", "!\\[img\\](u)"),
            ("<script>&</script>", "&lt;script&gt;&amp;&lt;/script&gt;"),
            ("a | b", "a \\| b"),
            ("line\nbreak\r\tx\u{7}", "line break  x "),
            ("cost $5 $x$", "cost \\$5 \\$x\\$"),
            ("`code`", "\\`code\\`"),
            (
                "owners @acme/platform-team, @bob",
                "owners `@acme/platform-team`, `@bob`",
            ),
            ("ops@example.com", "ops@example.com"),
            ("@", "@"),
            ("#1 ~~no~~ (x)", "#1 \\~\\~no\\~\\~ (x)"),
        ];
        for (input, want) in table {
            assert_eq!(esc(input), want, "{input:?}");
        }
    }

    #[test]
    fn code_text_cannot_close_its_span() {
        assert_eq!(code_text("a`b|c\nd"), "a'b/c d");
    }
}
