//! The HTML report: one self-contained page for a tech lead. Inline CSS,
//! a little inline JavaScript, no network (a Content-Security-Policy
//! forbids every fetch), light and dark themes.
//!
//! Every string that comes from the report (paths, messages, snippets,
//! titles from a user's config) goes through `esc`; the script embeds no
//! report data and reads what it needs from `data-*` attributes, so no
//! string can close it. The CSP admits only the script whose hash it names,
//! so markup that did slip through could not run code either.
//!
//! The page reads fully without JavaScript: everything is visible by
//! default; the script adds the theme toggle and the filters, which start
//! `hidden` and only ever hide checks the reader chose to hide.

use std::collections::BTreeMap;
use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::table::human_bytes;
use super::{fmt_num, plural, CategoryState, CheckResult, Report, NOT_READY};
use crate::model::{Category, Finding, Level, Mode, Status, Suppression, Verdict};

/// Findings listed per check; the JSON report has every one.
pub const MAX_FINDINGS: usize = 25;
/// Evidence lines listed per check.
const MAX_EVIDENCE: usize = 25;
/// Characters of one message or evidence line; a minified file can make
/// a line megabytes long.
const MAX_TEXT: usize = 1000;
const MAX_SNIPPET: usize = 300;

/// Problems first, so the top of the list is what needs doing.
const STATUS_ORDER: [Status; 8] = [
    Status::Fail,
    Status::Error,
    Status::Partial,
    Status::Unknown,
    Status::Waived,
    Status::Attested,
    Status::Pass,
    Status::NotApplicable,
];

pub fn render(r: &Report) -> String {
    let mut o = String::with_capacity(128 * 1024);
    head(&mut o, r);
    o.push_str("<body>\n");
    top(&mut o, r);
    o.push_str("<main>\n<div class=\"grid\">\n");
    overview(&mut o, r);
    ladder(&mut o, r);
    o.push_str("</div>\n");
    categories(&mut o, r);
    next_steps(&mut o, r);
    checks(&mut o, r);
    o.push_str("</main>\n");
    footer(&mut o, r);
    let _ = writeln!(o, "<script>{SCRIPT}</script>\n</body>\n</html>");
    o
}

/// Escapes text for HTML element content and quoted attribute values.
/// Control characters (other than tab and newline) become U+FFFD: they
/// are parse errors in HTML and carry nothing a reader needs.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `esc`, cut after `max` characters with a note of how much was left out.
fn clip(s: &str, max: usize) -> String {
    clip_with(s, max, esc)
}

/// `clip` for prose from checks, which quote names in backticks: those
/// become code spans.
fn prose(s: &str, max: usize) -> String {
    clip_with(s, max, inline)
}

fn clip_with(s: &str, max: usize, render: fn(&str) -> String) -> String {
    match s.char_indices().nth(max) {
        None => render(s),
        Some((i, _)) => format!(
            "{}… <span class=\"muted\">({} more characters)</span>",
            render(&s[..i]),
            s[i..].chars().count()
        ),
    }
}

/// The fragment id of a check. Ids are `area.slug` when validated; any
/// other character is replaced, so the id is always a safe token.
fn anchor(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("check-{safe}")
}

fn check_link(id: &str) -> String {
    format!("<a href=\"#{}\"><code>{}</code></a>", anchor(id), esc(id))
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::NotApplicable => "n/a",
        Status::Unknown => "unknown",
        Status::Attested => "attested",
        Status::Error => "error",
        Status::Waived => "waived",
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "v-ready",
        Verdict::ReadyWithWarnings => "v-warn",
        Verdict::NotReady => "v-not-ready",
        Verdict::InsufficientEvidence => "v-insufficient",
    }
}

/// Colour band of a score out of 100.
fn band(score: f64) -> &'static str {
    if score >= 80.0 {
        "band-good"
    } else if score >= 50.0 {
        "band-fair"
    } else {
        "band-poor"
    }
}

fn head(o: &mut String, r: &Report) {
    let s = &r.summary;
    let title = format!(
        "{} · {} · {} · {}",
        s.verdict.as_str(),
        fmt_num(s.score),
        r.root,
        r.tool.name
    );
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>{}</title>\n<style>\n",
        csp(),
        esc(r.tool.name),
        esc(r.tool.version),
        esc(&title)
    );
    o.push_str(&css());
    o.push_str("</style>\n</head>\n");
}

/// No fetch of any kind; only our own script (by hash) runs.
fn csp() -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'unsafe-inline'; img-src data:; \
         base-uri 'none'; form-action 'none'",
        base64(&Sha256::digest(SCRIPT.as_bytes()))
    )
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn top(o: &mut String, r: &Report) {
    let staged = if r.mode == Mode::Staged {
        " · <strong>staged content only</strong>"
    } else {
        ""
    };
    let _ = write!(
        o,
        "<header class=\"top\">\n<h1>Production readiness</h1>\n\
         <p class=\"where\"><code>{}</code> · profile <strong>{}</strong> ({}) · checklist {}{staged}</p>\n\
         <nav aria-label=\"Sections\"><a href=\"#overview\">Overview</a> <a href=\"#categories\">Categories</a> \
         <a href=\"#levels\">Levels</a> <a href=\"#next-steps\">Next steps</a> <a href=\"#checks\">Checks</a> \
         <button type=\"button\" id=\"theme\" hidden>Theme: auto</button></nav>\n</header>\n",
        esc(&r.root),
        esc(r.profile.profile.as_str()),
        esc(&r.profile.reason),
        esc(&r.checklist),
    );
}

fn overview(o: &mut String, r: &Report) {
    let s = &r.summary;
    let capped = !s.capped_by.is_empty();
    o.push_str("<section id=\"overview\" class=\"card overview\">\n");
    o.push_str(&gauge(s.score, capped.then_some(s.raw_score)));
    let _ = write!(
        o,
        "<div class=\"verdict-box\">\n<p class=\"verdict {}\">{}</p>\n\
         <p class=\"headline\">Score <strong class=\"score\">{}</strong> · level <strong>{}</strong> \
         (target {}) · coverage <strong>{}%</strong></p>\n",
        verdict_class(s.verdict),
        esc(s.verdict.as_str()),
        fmt_num(s.score),
        esc(&s.level),
        esc(&s.target),
        fmt_num(s.coverage)
    );
    if capped {
        let by: Vec<String> = s.capped_by.iter().map(|c| check_link(c)).collect();
        let _ = writeln!(
            o,
            "<p class=\"cap\">Capped by {} (a failing critical check caps the score at 49, a high one at 79); \
             raw score <strong>{}</strong>.</p>",
            by.join(", "),
            fmt_num(s.raw_score)
        );
    }
    o.push_str("<p class=\"counts\">");
    for st in STATUS_ORDER {
        if let Some(n) = s.counts.get(&st) {
            let _ = write!(
                o,
                "<span class=\"pill s-{}\">{} {}</span> ",
                st.as_str(),
                n,
                status_label(st)
            );
        }
    }
    let _ = writeln!(
        o,
        "</p>\n<p class=\"muted\">{} finding{} that count{}, {} suppressed.</p>",
        s.findings,
        plural(s.findings),
        if s.findings == 1 { "s" } else { "" },
        s.suppressed
    );
    let gates = r.gate_failures();
    if gates.is_empty() {
        o.push_str("<p class=\"gates ok\">CI gates held (exit 0).</p>\n");
    } else {
        o.push_str("<div class=\"gates failed\"><strong>CI gate failed (exit 1)</strong>\n<ul>\n");
        for g in &gates {
            let _ = writeln!(o, "<li>{}</li>", clip(g, MAX_TEXT));
        }
        o.push_str("</ul></div>\n");
    }
    if !r.expired.is_empty() {
        o.push_str("<div class=\"expired\"><strong>Expired</strong> (no longer counted)\n<ul>\n");
        for e in &r.expired {
            let _ = writeln!(o, "<li>{}</li>", clip(e, MAX_TEXT));
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("</div>\n</section>\n");
}

/// A ring filled to `score` percent; when a cap binds, the raw score shows
/// faintly behind it.
fn gauge(score: f64, raw: Option<f64>) -> String {
    const R: f64 = 52.0;
    let circumference = 2.0 * std::f64::consts::PI * R;
    let len = |v: f64| {
        let v = if v.is_finite() {
            v.clamp(0.0, 100.0)
        } else {
            0.0
        };
        format!("{:.2}", v / 100.0 * circumference)
    };
    let label = match raw {
        Some(raw) => format!(
            "Score {} of 100, capped; raw score {}",
            fmt_num(score),
            fmt_num(raw)
        ),
        None => format!("Score {} of 100", fmt_num(score)),
    };
    let mut g = format!(
        "<svg class=\"gauge\" viewBox=\"0 0 120 120\" width=\"176\" height=\"176\" role=\"img\" \
         aria-label=\"{label}\">\n<title>{label}</title>\n\
         <circle class=\"g-track\" cx=\"60\" cy=\"60\" r=\"52\"/>\n"
    );
    if let Some(raw) = raw {
        let _ = writeln!(
            g,
            "<circle class=\"g-raw\" cx=\"60\" cy=\"60\" r=\"52\" stroke-dasharray=\"{} 400\" \
             transform=\"rotate(-90 60 60)\"/>",
            len(raw)
        );
    }
    let _ = write!(
        g,
        "<circle class=\"g-arc {}\" cx=\"60\" cy=\"60\" r=\"52\" stroke-dasharray=\"{} 400\" \
         transform=\"rotate(-90 60 60)\"/>\n\
         <text class=\"g-score\" x=\"60\" y=\"64\" text-anchor=\"middle\">{}</text>\n\
         <text class=\"g-sub\" x=\"60\" y=\"82\" text-anchor=\"middle\">{}</text>\n</svg>\n",
        band(score),
        len(score),
        fmt_num(score),
        raw.map_or("of 100".to_string(), |r| format!("raw {}", fmt_num(r)))
    );
    g
}

/// The checklist's levels in order, as the checks name them, with what
/// the summary and next level add (a level no check is tagged with).
fn levels(r: &Report) -> Vec<String> {
    let mut by_index: BTreeMap<usize, &str> = BTreeMap::new();
    for c in &r.checks {
        by_index.entry(c.level_index).or_insert(&c.level);
    }
    let mut out: Vec<String> = by_index.values().map(|s| s.to_string()).collect();
    let extra = [
        Some(r.summary.level.as_str()),
        r.next_level.as_ref().map(|n| n.level.as_str()),
        Some(r.summary.target.as_str()),
    ];
    for l in extra.into_iter().flatten() {
        if l != NOT_READY && !out.iter().any(|o| o == l) {
            out.push(l.to_string());
        }
    }
    out
}

fn ladder(o: &mut String, r: &Report) {
    let s = &r.summary;
    let rungs = levels(r);
    let reached = rungs.iter().position(|l| *l == s.level);
    o.push_str(
        "<section id=\"levels\" class=\"card\">\n<h2>Levels</h2>\n\
         <p class=\"muted\">Cumulative: a level is reached when every critical and high check at or below it \
         passes and the others earn its share of their weight.</p>\n<ol class=\"ladder\">\n",
    );
    for (i, name) in rungs.iter().enumerate().rev() {
        let is_next = r.next_level.as_ref().is_some_and(|n| n.level == *name);
        let (class, state) = if reached.is_some_and(|rc| i <= rc) {
            ("reached", "reached")
        } else if is_next {
            ("next", "next")
        } else {
            ("ahead", "not reached")
        };
        let at: Vec<&CheckResult> = r
            .checks
            .iter()
            .filter(|c| c.level == *name && c.outcome.status != Status::NotApplicable)
            .collect();
        let passing = at
            .iter()
            .filter(|c| matches!(c.outcome.status, Status::Pass | Status::Attested))
            .count();
        let target = if *name == s.target {
            "<span class=\"tag\">target</span>"
        } else {
            ""
        };
        let _ = write!(
            o,
            "<li class=\"rung {class}\"><span class=\"rung-name\">{}</span> \
             <span class=\"rung-state\">{state}</span>{target}\
             <div class=\"muted\">{} of {} check{} tagged at this level pass</div>",
            esc(name),
            passing,
            at.len(),
            plural(at.len())
        );
        if let Some(n) = r.next_level.as_ref().filter(|n| n.level == *name) {
            if !n.checks.is_empty() {
                let links: Vec<String> = n.checks.iter().map(|c| check_link(c)).collect();
                let _ = write!(
                    o,
                    "<div class=\"needs\">To reach it, fix: {}</div>",
                    links.join(", ")
                );
            }
        }
        o.push_str("</li>\n");
    }
    let base = if s.level == NOT_READY {
        "<li class=\"rung base current\"><span class=\"rung-name\">not-ready</span> \
         <span class=\"rung-state\">no level reached yet</span></li>\n"
    } else {
        "<li class=\"rung base reached\"><span class=\"rung-name\">not-ready</span></li>\n"
    };
    o.push_str(base);
    o.push_str("</ol>\n");
    if r.next_level.is_none() {
        o.push_str("<p class=\"muted\">The highest level is reached.</p>\n");
    }
    o.push_str("</section>\n");
}

fn categories(o: &mut String, r: &Report) {
    o.push_str(
        "<section id=\"categories\" class=\"card\">\n<h2>Categories</h2>\n<div class=\"cats\">\n",
    );
    for c in &r.categories {
        let name = c.category.as_str();
        let state = match c.state {
            CategoryState::Scored => "scored",
            CategoryState::NotExamined => "not_examined",
            CategoryState::NotApplicable => "not_applicable",
        };
        let (bar, value, label, meta) = match (c.state, c.score) {
            (CategoryState::Scored, Some(score)) => {
                let capped = if c.capped_by.is_empty() {
                    String::new()
                } else {
                    " <span class=\"tag\">capped</span>".to_string()
                };
                (
                    format!(
                        "<div class=\"cat-fill {}\" style=\"width:{}%\"></div>",
                        band(score),
                        fmt_num(score.clamp(0.0, 100.0))
                    ),
                    format!("{}{capped}", fmt_num(score)),
                    format!("{name}: {} of 100", fmt_num(score)),
                    format!(
                        "level {} · {} of {} passing · coverage {}%{}",
                        esc(&c.level),
                        c.passing,
                        c.checks,
                        fmt_num(c.coverage),
                        if c.capped_by.is_empty() {
                            String::new()
                        } else {
                            let by: Vec<String> =
                                c.capped_by.iter().map(|x| check_link(x)).collect();
                            format!(
                                " · capped by {} (raw {})",
                                by.join(", "),
                                fmt_num(c.raw_score.unwrap_or(score))
                            )
                        }
                    ),
                )
            }
            (CategoryState::NotApplicable, _) => (
                String::new(),
                format!("n/a ({})", esc(r.profile.profile.as_str())),
                format!("{name}: not applicable"),
                format!("does not apply to a {}", esc(r.profile.profile.as_str())),
            ),
            _ => (
                String::new(),
                "not examined".to_string(),
                format!("{name}: not examined"),
                "applies, but no check in it could be examined: counts as 0 coverage".to_string(),
            ),
        };
        let _ = writeln!(
            o,
            "<div class=\"cat state-{state}\" data-state=\"{state}\">\
             <div class=\"cat-name\">{name}</div>\
             <div class=\"cat-bar\" role=\"img\" aria-label=\"{label}\">{bar}</div>\
             <div class=\"cat-value\">{value}</div>\
             <div class=\"cat-meta\">weight {} · {meta}</div></div>",
            fmt_num(c.weight)
        );
    }
    o.push_str("</div>\n</section>\n");
}

fn next_steps(o: &mut String, r: &Report) {
    o.push_str("<section id=\"next-steps\" class=\"card\">\n<h2>Next steps</h2>\n");
    if r.next_steps.is_empty() {
        o.push_str("<p>Nothing to fix: no scored check is failing.</p>\n</section>\n");
        return;
    }
    let capped = !r.summary.capped_by.is_empty();
    let _ = writeln!(
        o,
        "<p class=\"muted\">Ranked by what the fix is worth{}.</p>",
        if capped {
            ": the capping checks first; in brackets, the points before the cap"
        } else {
            ": points the fix adds to the score"
        }
    );
    o.push_str(
        "<table class=\"steps\">\n<thead><tr><th class=\"num\">Points</th><th>Check</th>\
         <th>Passing condition</th><th>Now</th></tr></thead>\n<tbody>\n",
    );
    for step in &r.next_steps {
        let points = if capped {
            format!("+{} (+{})", fmt_num(step.points), fmt_num(step.raw_points))
        } else {
            format!("+{}", fmt_num(step.points))
        };
        let why = step.why.as_deref().map_or(String::new(), |w| {
            format!(" <span class=\"tag\">{}</span>", esc(w))
        });
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{points}</td><td>{}{why}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
            check_link(&step.id),
            clip(&step.title, MAX_TEXT),
            prose(&step.summary, MAX_TEXT)
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

fn checks(o: &mut String, r: &Report) {
    let mut sorted: Vec<&CheckResult> = r.checks.iter().collect();
    let rank = |s: Status| STATUS_ORDER.iter().position(|x| *x == s).unwrap_or(0);
    sorted.sort_by(|a, b| {
        rank(a.outcome.status)
            .cmp(&rank(b.outcome.status))
            .then(b.severity.cmp(&a.severity))
            .then(a.id.cmp(&b.id))
    });
    let _ = writeln!(
        o,
        "<section id=\"checks\" class=\"card\">\n<h2>Checks ({})</h2>",
        r.checks.len()
    );
    if r.checks.is_empty() {
        o.push_str("<p>No check ran.</p>\n</section>\n");
        return;
    }
    filters(o, r);
    for c in sorted {
        check(o, c);
    }
    o.push_str("</section>\n");
}

fn filters(o: &mut String, r: &Report) {
    let mut statuses: BTreeMap<usize, (Status, usize)> = BTreeMap::new();
    let mut cats: BTreeMap<Category, usize> = BTreeMap::new();
    for c in &r.checks {
        let i = STATUS_ORDER
            .iter()
            .position(|x| *x == c.outcome.status)
            .unwrap_or(0);
        statuses.entry(i).or_insert((c.outcome.status, 0)).1 += 1;
        *cats.entry(c.category).or_default() += 1;
    }
    o.push_str(
        "<form id=\"filters\" class=\"filters\" hidden>\n<fieldset><legend>Status</legend>\n",
    );
    for (st, n) in statuses.values() {
        let _ = writeln!(
            o,
            "<label><input type=\"checkbox\" name=\"status\" value=\"{}\" checked> {} ({n})</label>",
            st.as_str(),
            status_label(*st)
        );
    }
    o.push_str("</fieldset>\n<fieldset><legend>Category</legend>\n");
    for (cat, n) in &cats {
        let _ = writeln!(
            o,
            "<label><input type=\"checkbox\" name=\"category\" value=\"{0}\" checked> {0} ({n})</label>",
            cat.as_str()
        );
    }
    o.push_str(
        "</fieldset>\n<div class=\"presets\"><button type=\"button\" data-preset=\"problems\">Not passing</button> \
         <button type=\"button\" data-preset=\"all\">Show all</button> \
         <span id=\"shown\" aria-live=\"polite\"></span></div>\n</form>\n",
    );
}

fn check(o: &mut String, c: &CheckResult) {
    let st = c.outcome.status;
    let _ = write!(
        o,
        "<article class=\"check\" id=\"{}\" data-status=\"{}\" data-category=\"{}\" data-severity=\"{}\">\n\
         <details open>\n<summary><span class=\"pill s-{}\">{}</span> \
         <span class=\"sev sev-{}\">{}</span> <code class=\"cid\">{}</code> <span class=\"ctitle\">{}</span></summary>\n\
         <div class=\"cbody\">\n<p class=\"csum\">{}</p>\n",
        anchor(&c.id),
        st.as_str(),
        c.category.as_str(),
        c.severity.as_str(),
        st.as_str(),
        status_label(st),
        c.severity.as_str(),
        c.severity.as_str(),
        esc(&c.id),
        clip(&c.title, MAX_TEXT),
        prose(&c.outcome.summary, MAX_TEXT)
    );
    let credit = if st == Status::Partial {
        format!(
            "<span>credit <b>{}%</b></span>",
            fmt_num(c.outcome.score * 100.0)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "<p class=\"meta\"><span>category <b>{}</b></span><span>level <b>{}</b></span>\
         <span>confidence <b>{}</b> ({})</span><span>weight <b>{}</b></span>{credit}</p>",
        c.category.as_str(),
        esc(&c.level),
        c.outcome.confidence.as_str(),
        basis(c),
        fmt_num(c.weight)
    );
    if let Some(w) = &c.waiver {
        let by = w
            .author
            .as_deref()
            .map_or(String::new(), |a| format!(" by {}", esc(a)));
        let _ = writeln!(
            o,
            "<p class=\"note\">Waived{by} until {}: {}</p>",
            esc(&w.expires),
            clip(&w.reason, MAX_TEXT)
        );
    }
    if let Some(a) = &c.attestation {
        let _ = writeln!(
            o,
            "<p class=\"note\">Attested by {} until {}: {}</p>",
            esc(&a.author),
            esc(&a.expires),
            clip(&a.evidence, MAX_TEXT)
        );
    }
    evidence(o, &c.outcome.evidence);
    findings(o, &c.outcome.findings);
    if !c.rationale.trim().is_empty() {
        let _ = write!(
            o,
            "<h4>Why it matters</h4>\n<div class=\"md\">{}</div>\n",
            markdown(&c.rationale)
        );
    }
    if !c.remediation.trim().is_empty() {
        let _ = write!(
            o,
            "<h4>How to fix</h4>\n<div class=\"md\">{}</div>\n",
            markdown(&c.remediation)
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"muted\">More: <code>shipready explain {}</code></p>\n</div>\n</details>\n</article>",
        esc(&c.id)
    );
}

fn basis(c: &CheckResult) -> &'static str {
    use crate::model::Basis;
    match c.outcome.basis {
        Basis::Heuristic => "heuristic",
        Basis::Pattern => "pattern",
        Basis::Present => "file present",
        Basis::Parsed => "parsed",
    }
}

fn evidence(o: &mut String, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    o.push_str("<h4>Evidence</h4>\n<ul class=\"evidence\">\n");
    for e in lines.iter().take(MAX_EVIDENCE) {
        let _ = writeln!(o, "<li>{}</li>", prose(e, MAX_TEXT));
    }
    if lines.len() > MAX_EVIDENCE {
        let _ = writeln!(
            o,
            "<li class=\"more\">… and {} more evidence lines (the JSON report lists them all)</li>",
            lines.len() - MAX_EVIDENCE
        );
    }
    o.push_str("</ul>\n");
}

fn findings(o: &mut String, all: &[Finding]) {
    if all.is_empty() {
        return;
    }
    // Blocking findings first, so they never hide behind "and N more";
    // then the rest of the open ones, then the suppressed. The sort is
    // stable, so the report's path order holds within each group.
    let mut list: Vec<&Finding> = all.iter().collect();
    list.sort_by_key(|f| (f.suppressed.is_some(), std::cmp::Reverse(f.level)));
    let open = all.iter().filter(|f| f.suppressed.is_none()).count();
    let suppressed = all.len() - open;
    let _ = writeln!(
        o,
        "<h4>Findings ({open}{})</h4>\n<ul class=\"findings\">",
        if suppressed > 0 {
            format!(", {suppressed} suppressed")
        } else {
            String::new()
        }
    );
    for f in list.iter().take(MAX_FINDINGS) {
        finding(o, f);
    }
    if list.len() > MAX_FINDINGS {
        let hidden = &list[MAX_FINDINGS..];
        let hidden_open = hidden.iter().filter(|f| f.suppressed.is_none()).count();
        let _ = writeln!(
            o,
            "<li class=\"more\">… and {} more ({} open, {} suppressed) not shown here; \
             <code>shipready scan -f json</code> lists every one</li>",
            hidden.len(),
            hidden_open,
            hidden.len() - hidden_open
        );
    }
    o.push_str("</ul>\n");
}

fn finding(o: &mut String, f: &Finding) {
    let level = match f.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    };
    let _ = write!(o, "<li class=\"lvl-{level}\">");
    if f.level == Level::Error && f.suppressed.is_none() {
        o.push_str("<span class=\"lmark\" title=\"blocking\">✖</span> ");
    }
    let loc = f.location();
    if !loc.is_empty() {
        let _ = write!(o, "<code class=\"loc\">{}</code> ", clip(&loc, MAX_TEXT));
    }
    if let Some(rule) = &f.rule {
        let _ = write!(o, "<span class=\"rule\">{}</span> ", clip(rule, MAX_TEXT));
    }
    let _ = write!(
        o,
        "<span class=\"msg\">{}</span>",
        prose(&f.message, MAX_TEXT)
    );
    if f.confidence != crate::model::Confidence::High {
        let _ = write!(
            o,
            " <span class=\"tag\">{} confidence</span>",
            f.confidence.as_str()
        );
    }
    if let Some(s) = &f.suppressed {
        let why = match s {
            Suppression::Inline { marker, reason } => {
                format!("suppressed inline ({}): {}", marker, reason)
            }
            Suppression::Config { reason } => format!("ignored by config: {reason}"),
            Suppression::Baseline => "baselined".to_string(),
        };
        let _ = write!(
            o,
            " <span class=\"tag supp\">{}</span>",
            clip(&why, MAX_TEXT)
        );
    }
    if let Some(snippet) = &f.snippet {
        let _ = write!(
            o,
            "<pre class=\"snippet\">{}</pre>",
            clip(snippet, MAX_SNIPPET)
        );
    }
    o.push_str("</li>\n");
}

fn footer(o: &mut String, r: &Report) {
    let st = &r.stats;
    let _ = write!(
        o,
        "<footer>\n<p>{} files listed, {} read ({}), {} checks",
        st.files_listed,
        st.files_read,
        human_bytes(st.bytes_read),
        r.checks.len()
    );
    if !st.skipped.is_empty() {
        let parts: Vec<String> = st
            .skipped
            .iter()
            .map(|(k, n)| {
                let ex = st.skipped_examples.get(k).filter(|e| !e.is_empty()).map_or(
                    String::new(),
                    |e| {
                        let paths: Vec<String> = e
                            .iter()
                            .map(|p| format!("<code>{}</code>", clip(p, MAX_TEXT)))
                            .collect();
                        format!(" (e.g. {})", paths.join(", "))
                    },
                );
                format!("{n} {}{ex}", k.as_str().replace('_', " "))
            })
            .collect();
        let _ = write!(o, "; not read: {}", parts.join("; "));
    }
    o.push_str(".</p>\n");
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            o,
            "<p>Baseline <code>{}</code>: {} finding{} baselined, {} entr{}, {} stale.</p>",
            esc(&b.path),
            b.baselined,
            plural(b.baselined),
            b.entries,
            if b.entries == 1 { "y" } else { "ies" },
            b.stale.len()
        );
    }
    if let Some(f) = r.fail_under {
        let _ = writeln!(o, "<p>Fails under a score of {}.</p>", fmt_num(f));
    }
    let _ = writeln!(
        o,
        "<p>{} {} · scoring model {} · report schema {} · the same tree gives the same page.</p>\n</footer>",
        esc(r.tool.name),
        esc(r.tool.version),
        esc(r.scoring_model),
        r.schema_version
    );
}

/// The small Markdown our check docs use: paragraphs, fenced code, `-`
/// and numbered lists, inline code. Everything else is text; nothing in
/// it is trusted as markup.
fn markdown(text: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut ordered = false;
    let mut fence: Option<Vec<&str>> = None;

    fn flush_para(out: &mut String, para: &mut Vec<&str>) {
        if !para.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", inline(&para.join(" ")));
            para.clear();
        }
    }
    fn flush_list(out: &mut String, items: &mut Vec<String>, ordered: bool) {
        if !items.is_empty() {
            let tag = if ordered { "ol" } else { "ul" };
            let _ = write!(out, "<{tag}>");
            for i in items.iter() {
                let _ = write!(out, "<li>{}</li>", inline(i));
            }
            let _ = writeln!(out, "</{tag}>");
            items.clear();
        }
    }

    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(code) = fence.as_mut() {
            if trimmed.starts_with("```") {
                let _ = writeln!(out, "<pre><code>{}</code></pre>", esc(&code.join("\n")));
                fence = None;
            } else {
                code.push(line);
            }
            continue;
        }
        if trimmed.starts_with("```") {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            fence = Some(Vec::new());
            continue;
        }
        if trimmed.is_empty() {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            continue;
        }
        let bullet = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .map(|rest| (false, rest));
        let numbered = trimmed.split_once(". ").and_then(|(n, rest)| {
            (!n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
                .then_some((true, rest))
        });
        if let Some((is_ordered, rest)) = bullet.or(numbered) {
            flush_para(&mut out, &mut para);
            if !items.is_empty() && ordered != is_ordered {
                flush_list(&mut out, &mut items, ordered);
            }
            ordered = is_ordered;
            items.push(rest.to_string());
        } else if let Some(last) = items.last_mut().filter(|_| line.starts_with(' ')) {
            last.push(' ');
            last.push_str(trimmed);
        } else {
            flush_list(&mut out, &mut items, ordered);
            para.push(trimmed);
        }
    }
    if let Some(code) = fence {
        // An unclosed fence still shows its code.
        let _ = writeln!(out, "<pre><code>{}</code></pre>", esc(&code.join("\n")));
    }
    flush_para(&mut out, &mut para);
    flush_list(&mut out, &mut items, ordered);
    out
}

/// Inline code spans between backticks; an unpaired backtick stays text.
fn inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let closed = i + 1 < parts.len();
        if i % 2 == 1 && closed {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else if i % 2 == 1 {
            let _ = write!(out, "`{}", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

const LIGHT: &str = "--bg:#f5f6f8;--fg:#1f2328;--muted:#59636e;--card:#fff;--border:#d5dae0;\
--track:#e6e9ed;--code:#eff1f3;--accent:#0969da;--pass:#1a7f37;--partial:#9a6700;--fail:#cf222e;\
--unknown:#6e7781;--waived:#8250df;--na:#a2aab3;--on:#fff;";
const DARK: &str = "--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#161b22;--border:#30363d;\
--track:#262c36;--code:#1f242c;--accent:#4493f8;--pass:#3fb950;--partial:#d29922;--fail:#f85149;\
--unknown:#8b949e;--waived:#ab7df8;--na:#545d68;--on:#0d1117;";

const STYLE: &str = r#"*{box-sizing:border-box}
[hidden]{display:none!important}
html{background:var(--bg);color:var(--fg)}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
code{background:var(--code);padding:0 4px;border-radius:4px;overflow-wrap:anywhere}
pre{background:var(--code);padding:8px 10px;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
pre code{padding:0;background:none}
.muted{color:var(--muted)}
.top{display:flex;align-items:center;gap:6px 20px;flex-wrap:wrap;padding:12px 24px;border-bottom:1px solid var(--border);background:var(--card)}
.top h1{font-size:18px;margin:0}
.top .where{margin:0;color:var(--muted);overflow-wrap:anywhere;flex:1 1 420px}
.top nav{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
button{font:inherit;font-size:13px;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:6px;padding:2px 10px;cursor:pointer}
main{max-width:1180px;margin:0 auto;padding:20px 24px 8px}
.card{background:var(--card);border:1px solid var(--border);border-radius:10px;padding:16px 20px;margin-bottom:18px}
h2{font-size:16px;margin:0 0 10px}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:0 18px}
@media (max-width:860px){.grid{grid-template-columns:minmax(0,1fr)}}
.overview{display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.gauge{flex:none}
.g-track{fill:none;stroke:var(--track);stroke-width:11}
.g-arc,.g-raw{fill:none;stroke-width:11}
.g-raw{stroke:var(--muted);opacity:.35}
.g-score{font-size:27px;font-weight:700;fill:var(--fg)}
.g-sub{font-size:10px;fill:var(--muted)}
.verdict-box{flex:1 1 300px;min-width:0}
.verdict-box p{margin:0 0 8px}
.verdict{display:inline-block;font-weight:700;letter-spacing:.04em;padding:3px 12px;border-radius:6px;color:var(--on);font-size:15px}
.v-ready{background:var(--pass)}.v-warn{background:var(--partial)}.v-not-ready{background:var(--fail)}.v-insufficient{background:var(--unknown)}
.headline{font-size:15px}
.band-good{stroke:var(--pass);background:var(--pass)}
.band-fair{stroke:var(--partial);background:var(--partial)}
.band-poor{stroke:var(--fail);background:var(--fail)}
.pill{display:inline-block;min-width:58px;text-align:center;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:1px 8px;border-radius:999px;color:var(--on);white-space:nowrap}
.counts .pill{margin:0 4px 4px 0}
.s-pass,.s-attested{background:var(--pass)}.s-partial{background:var(--partial)}.s-fail,.s-error{background:var(--fail)}
.s-unknown{background:var(--unknown)}.s-waived{background:var(--waived)}.s-not_applicable{background:var(--na)}
.gates.ok{color:var(--pass);font-weight:600}
.gates.failed,.expired{border-left:3px solid var(--fail);padding:2px 10px;margin:6px 0}
.expired{border-left-color:var(--partial)}
.gates ul,.expired ul{margin:4px 0;padding-left:18px}
.tag{display:inline-block;font-size:11px;line-height:16px;padding:0 6px;border-radius:4px;border:1px solid var(--border);color:var(--muted);margin-left:6px;white-space:nowrap}
.ladder{list-style:none;margin:0;padding:0 0 0 10px}
.rung{position:relative;padding:4px 0 12px 22px;border-left:3px solid var(--border)}
.rung:last-child{padding-bottom:0;border-left-color:transparent}
.rung::before{content:"";position:absolute;left:-10px;top:6px;width:11px;height:11px;border-radius:50%;background:var(--card);border:3px solid var(--border)}
.rung.reached{border-left-color:var(--pass)}.rung.reached::before{background:var(--pass);border-color:var(--pass)}
.rung.next::before{border-color:var(--partial)}.rung.current::before{border-color:var(--fail)}
.rung-name{font-weight:700}
.rung-state{font-size:12px;color:var(--muted);margin-left:6px}
.reached>.rung-state{color:var(--pass);font-weight:600}.next>.rung-state{color:var(--partial);font-weight:600}
.needs{margin-top:2px}
.cats{display:grid;gap:12px}
.cat{display:grid;grid-template-columns:150px minmax(0,1fr) 130px;gap:2px 14px;align-items:center}
.cat-name{font-weight:600}
.cat-bar{height:14px;border-radius:7px;background:var(--track);overflow:hidden}
.cat-fill{height:100%;border-radius:7px}
.cat-value{text-align:right;font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}
.cat-meta{grid-column:2/4;color:var(--muted);font-size:12px}
.state-not_examined .cat-bar{background:repeating-linear-gradient(135deg,var(--track) 0 6px,transparent 6px 12px);box-shadow:inset 0 0 0 1px var(--border)}
.state-not_examined .cat-value{color:var(--partial)}
.state-not_applicable{color:var(--muted)}
.state-not_applicable .cat-bar{background:transparent;box-shadow:inset 0 0 0 1px var(--border)}
.state-not_applicable .cat-name,.state-not_applicable .cat-value{font-weight:400}
@media (max-width:700px){.cat{grid-template-columns:minmax(0,1fr) 110px}.cat-bar{grid-column:1/3;grid-row:2}.cat-meta{grid-column:1/3}}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--border);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-start;margin-bottom:10px}
.filters fieldset{border:1px solid var(--border);border-radius:8px;padding:4px 10px 6px;margin:0;display:flex;flex-wrap:wrap;gap:2px 12px}
.filters legend{font-size:12px;color:var(--muted);padding:0 4px}
.filters label{white-space:nowrap;font-size:13px}
.presets{display:flex;gap:8px;align-items:center;align-self:center}
#shown{color:var(--muted);font-size:13px}
.check{border:1px solid var(--border);border-left:4px solid var(--na);border-radius:8px;margin:8px 0}
.check[data-status=fail],.check[data-status=error]{border-left-color:var(--fail)}
.check[data-status=partial]{border-left-color:var(--partial)}
.check[data-status=pass],.check[data-status=attested]{border-left-color:var(--pass)}
.check[data-status=unknown]{border-left-color:var(--unknown)}.check[data-status=waived]{border-left-color:var(--waived)}
.check summary{cursor:pointer;padding:8px 12px}
.check summary>*{vertical-align:middle}
.cid{font-weight:600}
.ctitle{margin-left:4px}
.sev{display:inline-block;min-width:58px;text-align:center;font-size:11px;border:1px solid var(--border);border-radius:4px;padding:0 6px;color:var(--muted)}
.sev-critical{color:var(--fail);border-color:var(--fail);font-weight:700}.sev-high{color:var(--partial);border-color:var(--partial);font-weight:700}
.cbody{padding:0 14px 10px 14px}
.cbody>p{margin:4px 0}
.csum{font-weight:500}
.meta{display:flex;flex-wrap:wrap;gap:2px 16px;color:var(--muted);font-size:12px}
.meta b{color:var(--fg);font-weight:600}
.note{border-left:3px solid var(--waived);padding-left:8px}
h4{margin:10px 0 2px;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.evidence{margin:0;padding-left:18px}
.findings{list-style:none;padding:0;margin:0}
.findings li{padding:3px 0;border-top:1px dashed var(--border);overflow-wrap:anywhere}
.findings li:first-child{border-top:none}
.loc{font-weight:600}
.rule{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.lmark{color:var(--fail);font-weight:700}
.lvl-info .msg{color:var(--muted)}
.supp{border-style:dashed}
.snippet{margin:3px 0 0}
.more{color:var(--muted);font-style:italic}
.md p{margin:4px 0}
.md ul,.md ol{margin:4px 0;padding-left:20px}
footer{max-width:1180px;margin:0 auto;padding:0 24px 28px;color:var(--muted);font-size:12px}
footer p{margin:4px 0}
@media print{#theme,.filters,.top nav{display:none}.card,.check{break-inside:avoid}}
"#;

fn css() -> String {
    format!(
        ":root{{{LIGHT}}}\n\
         @media (prefers-color-scheme:dark){{:root:not([data-theme=light]){{{DARK}}}}}\n\
         :root[data-theme=dark]{{{DARK}}}\n:root[data-theme=light]{{{LIGHT}}}\n{STYLE}"
    )
}

/// The page's only script. It embeds no report data: it reads statuses and
/// categories from `data-*` attributes. Its hash is in the CSP.
const SCRIPT: &str = r#"
(function () {
  var root = document.documentElement;
  root.setAttribute("data-js", "on");
  var KEY = "shipready-theme";
  var btn = document.getElementById("theme");
  function apply(t) {
    if (t === "light" || t === "dark") { root.setAttribute("data-theme", t); }
    else { root.removeAttribute("data-theme"); t = "auto"; }
    btn.textContent = "Theme: " + t;
    return t;
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) {}
  var theme = apply(saved);
  btn.hidden = false;
  btn.addEventListener("click", function () {
    theme = apply(theme === "auto" ? "dark" : theme === "dark" ? "light" : "auto");
    try { window.localStorage.setItem(KEY, theme); } catch (e) {}
  });
  var form = document.getElementById("filters");
  if (!form) { return; }
  var checks = Array.prototype.slice.call(document.querySelectorAll("article.check"));
  var shown = document.getElementById("shown");
  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]"));
  }
  function chosen(name) {
    var set = {};
    boxes(name).forEach(function (b) { if (b.checked) { set[b.value] = true; } });
    return set;
  }
  function update() {
    var st = chosen("status"), cat = chosen("category"), n = 0;
    checks.forEach(function (c) {
      var show = !!(st[c.getAttribute("data-status")] && cat[c.getAttribute("data-category")]);
      c.hidden = !show;
      if (show) { n += 1; }
    });
    shown.textContent = "Showing " + n + " of " + checks.length + " checks";
  }
  var passing = ["pass", "attested", "not_applicable"];
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("click", function (e) {
    var preset = e.target.getAttribute && e.target.getAttribute("data-preset");
    if (!preset) { return; }
    boxes("status").forEach(function (b) {
      b.checked = preset === "all" || passing.indexOf(b.value) < 0;
    });
    boxes("category").forEach(function (b) { b.checked = true; });
    update();
  });
  form.hidden = false;
  update();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attestation, Detected, Outcome, Profile, Severity, Stats, Waiver};
    use crate::report::{CategoryReport, NextLevel, NextStep, Summary, Tool};

    const HOSTILE: &[&str] = &[
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "' onmouseover='alert(1)",
        "<!-- comment --><style>body{display:none}</style>",
        "&amp; &lt;already escaped&gt;",
    ];

    fn result(id: &str, status: Status, severity: Severity, findings: Vec<Finding>) -> CheckResult {
        let mut outcome = match status {
            Status::Pass => Outcome::pass("all good"),
            Status::Partial => Outcome::fraction(0.5, "half"),
            _ => Outcome::fail("nothing found"),
        };
        outcome.status = status;
        CheckResult {
            id: id.to_string(),
            title: format!("{id} title"),
            category: Category::Security,
            severity,
            weight: severity.weight(),
            level: "essential".into(),
            level_index: 0,
            cap_below: 1.0,
            summary: String::new(),
            rationale: "Why: `it` matters.".into(),
            remediation: "Fix:\n\n```sh\nmake it <so>\n```".into(),
            builtin: true,
            outcome: outcome.findings(findings),
            waiver: None,
            attestation: None,
        }
    }

    fn report(checks: Vec<CheckResult>) -> Report {
        let categories = Category::ALL
            .iter()
            .enumerate()
            .map(|(i, c)| CategoryReport {
                category: *c,
                state: match i % 3 {
                    0 => CategoryState::Scored,
                    1 => CategoryState::NotExamined,
                    _ => CategoryState::NotApplicable,
                },
                weight: 10.0,
                score: (i % 3 == 0).then_some(40.0 + i as f64),
                raw_score: (i % 3 == 0).then_some(60.0),
                capped_by: if i == 0 {
                    vec!["secrets.x".into()]
                } else {
                    vec![]
                },
                coverage: 100.0,
                level: "essential".into(),
                checks: 2,
                passing: 1,
            })
            .collect();
        Report {
            schema_version: 2,
            tool: Tool {
                name: "shipready",
                version: "0.0.0",
            },
            mode: Mode::Full,
            scoring_model: "2",
            root: "repo".into(),
            checklist: "production-readiness".into(),
            profile: Detected {
                profile: Profile::Service,
                reason: "configured".into(),
            },
            summary: Summary {
                verdict: Verdict::NotReady,
                level: NOT_READY.into(),
                target: "production".into(),
                score: 49.0,
                raw_score: 86.4,
                capped_by: vec!["secrets.x".into()],
                coverage: 90.0,
                counts: BTreeMap::from([(Status::Fail, 1)]),
                findings: 1,
                suppressed: 0,
            },
            categories,
            checks,
            next_steps: vec![NextStep {
                id: "secrets.x".into(),
                title: "t".into(),
                points: 30.0,
                raw_points: 5.0,
                why: Some("caps the score at 49".into()),
                summary: "s".into(),
            }],
            next_level: Some(NextLevel {
                level: "essential".into(),
                checks: vec!["secrets.x".into()],
            }),
            stats: Stats::default(),
            expired: vec![],
            fail_under: None,
            baseline: None,
        }
    }

    fn hostile_report() -> Report {
        let id = crate::model::CheckId::from_static("secrets.x");
        let findings = HOSTILE
            .iter()
            .map(|h| {
                Finding::new(&id, *h)
                    .rule(*h)
                    .at(format!("dir/{h}"), Some(3))
                    .snippet(*h)
            })
            .collect();
        let mut c = result("secrets.x", Status::Fail, Severity::Critical, findings);
        c.title = HOSTILE.join(" ");
        c.rationale = HOSTILE.join("\n\n");
        c.remediation = format!("```\n{}\n```\n- {}", HOSTILE.join("\n"), HOSTILE[0]);
        c.outcome.summary = HOSTILE[0].into();
        c.outcome.evidence = HOSTILE.iter().map(|h| h.to_string()).collect();
        c.waiver = Some(Waiver {
            check: "secrets.x".into(),
            reason: HOSTILE[1].into(),
            expires: HOSTILE[2].into(),
            author: Some(HOSTILE[3].into()),
        });
        c.attestation = Some(Attestation {
            check: "secrets.x".into(),
            evidence: HOSTILE[0].into(),
            author: HOSTILE[1].into(),
            expires: HOSTILE[2].into(),
        });
        // A custom check id is validated, but the renderer must not rely on it.
        let mut odd = result(HOSTILE[2], Status::Partial, Severity::Low, vec![]);
        odd.level = HOSTILE[0].into();
        let mut r = report(vec![c, odd]);
        r.root = HOSTILE[0].into();
        r.profile.reason = HOSTILE[1].into();
        r.checklist = HOSTILE[4].into();
        r.summary.level = HOSTILE[1].into();
        r.summary.target = HOSTILE[2].into();
        r.summary.capped_by = vec![HOSTILE[0].into()];
        r.expired = vec![HOSTILE[0].into()];
        r.next_steps[0].title = HOSTILE[0].into();
        r.next_steps[0].why = Some(HOSTILE[1].into());
        r.next_level = Some(NextLevel {
            level: HOSTILE[3].into(),
            checks: vec![HOSTILE[0].into()],
        });
        r.categories[0].level = HOSTILE[0].into();
        r.stats.skip(crate::model::SkipReason::Binary, HOSTILE[1]);
        r
    }

    #[test]
    fn hostile_strings_cannot_inject_markup() {
        let html = render(&hostile_report());
        for h in HOSTILE {
            // Raw, it would open or close an element or an attribute.
            assert!(!html.contains(h), "{h} appears unescaped");
        }
        // The page's own elements, and no others.
        assert_eq!(html.matches("<script").count(), 1);
        assert_eq!(html.matches("</script>").count(), 1);
        assert_eq!(html.matches("<style").count(), 1);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<svg onload"));
        assert!(!html.contains("<!-- comment"));
        assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&amp;amp; &amp;lt;already escaped&amp;gt;"));
        // Every attribute value is quoted and closed: no quote survives raw
        // inside text, so counting quotes per tag finds them paired.
        let markup = &html[..html.find("<script>").unwrap()];
        for tag in markup.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{tag}>"
            );
        }
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(
            esc("a\u{0}b\u{1b}[31mc\td\n"),
            "a\u{fffd}b\u{fffd}[31mc\td\n"
        );
    }

    #[test]
    fn findings_are_capped_per_check_blocking_first() {
        let id = crate::model::CheckId::from_static("secrets.x");
        let mut findings: Vec<Finding> = (0..10_000)
            .map(|n| Finding::new(&id, "fixture").at(format!("a/{n:05}.txt"), Some(1)))
            .collect();
        findings.push(
            Finding::new(&id, "live key")
                .level(Level::Error)
                .at("z/prod.env", Some(3)),
        );
        let mut long = Finding::new(&id, "x".repeat(100_000)).at("long.js", Some(1));
        long.snippet = Some("y".repeat(100_000));
        findings.insert(0, long);
        let html = render(&report(vec![result(
            "secrets.x",
            Status::Fail,
            Severity::Critical,
            findings,
        )]));
        let first = html.find("<li class=\"lvl-").unwrap();
        assert!(
            html[first..].starts_with("<li class=\"lvl-error\">"),
            "blocking first"
        );
        assert!(
            html.contains("and 9977 more (9977 open, 0 suppressed)"),
            "{}",
            html.len()
        );
        assert!(html.contains("(99000 more characters)"));
        assert!(html.contains("(99700 more characters)"));
        assert!(html.len() < 200_000, "{} bytes", html.len());
    }

    #[test]
    fn output_is_deterministic() {
        let r = hostile_report();
        assert_eq!(render(&r), render(&r));
    }

    #[test]
    fn an_empty_report_renders() {
        let mut r = report(vec![]);
        r.next_steps.clear();
        r.next_level = None;
        let html = render(&r);
        assert!(html.contains("No check ran."));
        assert!(html.contains("Nothing to fix"));
        assert!(html.ends_with("</html>\n"));
    }

    #[test]
    fn category_states_are_distinct() {
        let html = render(&report(vec![]));
        for (state, text) in [
            ("scored", "40"),
            ("not_examined", "not examined"),
            ("not_applicable", "n/a (service)"),
        ] {
            let at = html
                .find(&format!("data-state=\"{state}\""))
                .unwrap_or_else(|| panic!("no {state} category"));
            let row = &html[at..at + html[at..].find("</div></div>").unwrap()];
            assert!(row.contains(text), "{state}: {row}");
        }
        assert!(html.contains("class=\"cat-fill band-poor\" style=\"width:40%\""));
    }

    #[test]
    fn gauge_shows_raw_score_when_capped() {
        let html = render(&report(vec![]));
        assert!(html.contains("aria-label=\"Score 49 of 100, capped; raw score 86.4\""));
        assert!(html.contains(">raw 86.4</text>"));
        assert!(html.contains("class=\"g-raw\""));
        assert!(!gauge(80.0, None).contains("g-raw"));
    }

    #[test]
    fn the_csp_names_the_script_hash() {
        // RFC 4648 test vectors.
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
        let html = render(&report(vec![]));
        let hash = base64(&Sha256::digest(SCRIPT.as_bytes()));
        assert!(html.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
    }

    #[test]
    fn markdown_subset() {
        for (input, want) in [
            ("one line", "<p>one line</p>\n"),
            ("a\nb\n\nc", "<p>a b</p>\n<p>c</p>\n"),
            ("use `x<y>` now", "<p>use <code>x&lt;y&gt;</code> now</p>\n"),
            ("odd ` tick", "<p>odd ` tick</p>\n"),
            (
                "```yaml\nkey: <v>\n  nested\n```\nafter",
                "<pre><code>key: &lt;v&gt;\n  nested</code></pre>\n<p>after</p>\n",
            ),
            ("```\nunclosed", "<pre><code>unclosed</code></pre>\n"),
            (
                "intro:\n- one\n  more\n- `two`\n\n1. first\n2. second",
                "<p>intro:</p>\n<ul><li>one more</li><li><code>two</code></li></ul>\n<ol><li>first</li><li>second</li></ol>\n",
            ),
            ("<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"),
        ] {
            assert_eq!(markdown(input), want, "{input:?}");
        }
    }

    #[test]
    fn ladder_marks_reached_next_and_target() {
        let mut a = result("a.one", Status::Pass, Severity::High, vec![]);
        a.level = "essential".into();
        let mut b = result("a.two", Status::Fail, Severity::High, vec![]);
        b.level = "production".into();
        b.level_index = 1;
        let mut c = result("a.three", Status::Pass, Severity::Low, vec![]);
        c.level = "hardened".into();
        c.level_index = 2;
        let mut r = report(vec![c, b, a]);
        r.summary.level = "essential".into();
        r.next_level = Some(NextLevel {
            level: "production".into(),
            checks: vec!["a.two".into()],
        });
        let html = render(&r);
        let ladder = &html[html.find("class=\"ladder\"").unwrap()..html.find("</ol>").unwrap()];
        let order: Vec<&str> = ["hardened", "production", "essential", "not-ready"]
            .iter()
            .map(|l| {
                let at = ladder.find(&format!(">{l}</span>")).unwrap();
                let li = ladder[..at].rfind("<li class=\"").unwrap();
                &ladder[li + 11..li + 11 + ladder[li + 11..].find('"').unwrap()]
            })
            .collect();
        assert_eq!(
            order,
            [
                "rung ahead",
                "rung next",
                "rung reached",
                "rung base reached"
            ]
        );
        assert!(ladder.contains("To reach it, fix: <a href=\"#check-a.two\">"));
        assert!(ladder.contains("production</span> <span class=\"rung-state\">next</span><span class=\"tag\">target</span>"));
    }
}
