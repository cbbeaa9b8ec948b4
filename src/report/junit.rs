//! JUnit XML, so CI systems that show test reports (GitLab, Jenkins,
//! Azure DevOps, GitHub test-report actions) show readiness: a
//! `readiness` suite whose one test case fails when a gate fails, then a
//! suite per category with a test case per check (classname the
//! category, name the check id).
//!
//! How statuses map (docs/formats.md):
//!
//! | status | JUnit |
//! | --- | --- |
//! | pass | passed |
//! | attested | passed, the attestation in `system-out` |
//! | fail, partial (high confidence) | `failure`, the evidence and findings in its body |
//! | partial (medium confidence) | passed, the warning in `system-out`: it does not gate |
//! | error | `error`: the check could not run |
//! | unknown | `skipped`: only an attestation can settle it |
//! | not_applicable | `skipped`, with the reason |
//! | waived | `skipped`, with the waiver's reason and expiry |

use std::fmt::Write;

use super::encode::cap;
use super::{fmt_num, CheckResult, Report};
use crate::model::{Category, Confidence, Finding, Status, Suppression};

/// Findings listed in one failure body.
const MAX_FINDINGS: usize = 100;

/// A message, evidence line or finding longer than this is cut.
const MAX_TEXT: usize = 1_000;

pub fn render(r: &Report) -> String {
    let mut suites = String::new();
    let mut totals = Counts::default();

    let gates = r.gate_failures();
    let mut counts = Counts {
        tests: 1,
        ..Counts::default()
    };
    let mut case = String::from("    <testcase classname=\"readiness\" name=\"gates\"");
    if gates.is_empty() {
        case.push_str("/>\n");
    } else {
        counts.failures = 1;
        let body: String = gates.iter().map(|g| format!("{g}\n")).collect();
        let _ = write!(
            case,
            ">\n      <failure type=\"gate\" message=\"{}\">{}</failure>\n    </testcase>\n",
            attr(&cap(&gates[0], MAX_TEXT)),
            text(&body)
        );
    }
    let s = &r.summary;
    let mut props = vec![
        ("verdict", s.verdict.as_str().to_string()),
        ("level", s.level.clone()),
        ("target", s.target.clone()),
        ("score", fmt_num(s.score)),
    ];
    if !s.capped_by.is_empty() {
        props.push(("raw_score", fmt_num(s.raw_score)));
        props.push(("capped_by", s.capped_by.join(", ")));
    }
    props.push(("coverage", fmt_num(s.coverage)));
    props.push(("profile", r.profile.profile.as_str().to_string()));
    props.push(("scoring_model", r.scoring_model.to_string()));
    props.push(("tool", format!("{} {}", r.tool.name, r.tool.version)));
    suite(&mut suites, "readiness", &counts, &props, &case);
    totals.add(&counts);

    for cat in Category::ALL {
        let checks: Vec<&CheckResult> = r.checks.iter().filter(|c| c.category == cat).collect();
        if checks.is_empty() {
            continue;
        }
        let mut counts = Counts::default();
        let mut cases = String::new();
        for c in checks {
            testcase(&mut cases, c, &mut counts);
        }
        let mut props = Vec::new();
        if let Some(cr) = r.categories.iter().find(|x| x.category == cat) {
            if let Some(score) = cr.score {
                props.push(("score", fmt_num(score)));
                props.push(("level", cr.level.clone()));
                props.push(("coverage", fmt_num(cr.coverage)));
            }
        }
        suite(&mut suites, cat.as_str(), &counts, &props, &cases);
        totals.add(&counts);
    }

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        attr(r.tool.name),
        totals.tests,
        totals.failures,
        totals.errors,
        totals.skipped
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.tests += o.tests;
        self.failures += o.failures;
        self.errors += o.errors;
        self.skipped += o.skipped;
    }
}

fn suite(out: &mut String, name: &str, n: &Counts, props: &[(&str, String)], cases: &str) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        attr(name),
        n.tests,
        n.failures,
        n.errors,
        n.skipped
    );
    if !props.is_empty() {
        out.push_str("    <properties>\n");
        for (k, v) in props {
            let _ = writeln!(
                out,
                "      <property name=\"{}\" value=\"{}\"/>",
                attr(k),
                attr(v)
            );
        }
        out.push_str("    </properties>\n");
    }
    out.push_str(cases);
    out.push_str("  </testsuite>\n");
}

fn testcase(out: &mut String, c: &CheckResult, n: &mut Counts) {
    n.tests += 1;
    let open = format!(
        "    <testcase classname=\"{}\" name=\"{}\"",
        attr(c.category.as_str()),
        attr(&c.id)
    );
    let mut inner = String::new();
    outcome(&mut inner, c, n);
    if inner.is_empty() {
        let _ = writeln!(out, "{open}/>");
    } else {
        let _ = write!(out, "{open}>\n{inner}    </testcase>\n");
    }
}

/// The child element that says how a check ended; nothing for a pass.
fn outcome(out: &mut String, c: &CheckResult, n: &mut Counts) {
    let summary = cap(&c.outcome.summary, MAX_TEXT);
    match c.outcome.status {
        Status::Pass => {}
        Status::Attested => {
            if let Some(a) = &c.attestation {
                let _ = writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    text(&format!(
                        "attested by {} until {}: {}",
                        a.author, a.expires, a.evidence
                    ))
                );
            }
        }
        Status::Fail | Status::Partial if c.outcome.confidence == Confidence::High => {
            n.failures += 1;
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                c.severity.as_str(),
                attr(&summary),
                text(&evidence(c))
            );
        }
        Status::Fail | Status::Partial => {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                text(&format!("warning: {}", evidence(c)))
            );
        }
        Status::Error => {
            n.errors += 1;
            let _ = writeln!(
                out,
                "      <error type=\"error\" message=\"{}\">{}</error>",
                attr(&format!("the check could not run: {summary}")),
                text(&evidence(c))
            );
        }
        Status::Unknown => {
            n.skipped += 1;
            let _ = writeln!(
                out,
                "      <skipped message=\"{}\"/>",
                attr(&format!(
                    "{summary}: cannot be verified statically; `shipready attest {}` records a person's word for it",
                    c.id
                ))
            );
        }
        Status::NotApplicable => {
            n.skipped += 1;
            let _ = writeln!(
                out,
                "      <skipped message=\"{}\"/>",
                attr(&format!("not applicable: {summary}"))
            );
        }
        Status::Waived => {
            n.skipped += 1;
            let why = match &c.waiver {
                Some(w) => format!("waived until {}: {}", w.expires, w.reason),
                None => "waived".to_string(),
            };
            let _ = writeln!(
                out,
                "      <skipped message=\"{}\"/>",
                attr(&cap(&why, MAX_TEXT))
            );
        }
    }
}

/// A failure's body: what the check saw and where, then how to fix it.
fn evidence(c: &CheckResult) -> String {
    let mut b = format!("{}\n{}\n", c.title, cap(&c.outcome.summary, MAX_TEXT));
    for e in &c.outcome.evidence {
        let _ = writeln!(b, "  {}", cap(e, MAX_TEXT));
    }
    let open: Vec<&Finding> = c.open_findings().collect();
    for f in open.iter().take(MAX_FINDINGS) {
        let _ = writeln!(b, "{}", cap(&finding_line(f), MAX_TEXT));
    }
    if open.len() > MAX_FINDINGS {
        let _ = writeln!(b, "… and {} more", open.len() - MAX_FINDINGS);
    }
    let suppressed: Vec<&Finding> = c
        .outcome
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .collect();
    if !suppressed.is_empty() {
        let baselined = suppressed
            .iter()
            .filter(|f| f.suppressed == Some(Suppression::Baseline))
            .count();
        let _ = writeln!(
            b,
            "{} suppressed ({baselined} by the baseline)",
            suppressed.len()
        );
    }
    let _ = write!(b, "fix: shipready explain {}", c.id);
    if let Some(u) = c.doc_url() {
        let _ = write!(b, " ({u})");
    }
    b.push('\n');
    b
}

/// `path:line: rule: message  snippet`; the snippet is already redacted.
fn finding_line(f: &Finding) -> String {
    let loc = f.location();
    let body = super::finding_body(f, &|s| s.to_string());
    if loc.is_empty() {
        body
    } else {
        format!("{loc}: {body}")
    }
}

/// A character XML 1.0 allows in a document: tab, newline, carriage
/// return and everything from space on, except the surrogates (which a
/// Rust string cannot hold) and U+FFFE and U+FFFF.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Escapes element text. A character XML forbids becomes U+FFFD, the
/// replacement character, so the document stays well-formed and shows
/// where something was.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value in double quotes. Tab, newline and carriage
/// return are written as references, or a parser would turn them into
/// spaces.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        // (input, as element text, as attribute value)
        let table = [
            ("plain", "plain", "plain"),
            ("a<b>&c", "a&lt;b&gt;&amp;c", "a&lt;b&gt;&amp;c"),
            ("\"q\" 'a'", "\"q\" 'a'", "&quot;q&quot; &apos;a&apos;"),
            ("]]>", "]]&gt;", "]]&gt;"),
            ("l1\nl2\tx\r", "l1\nl2\tx&#13;", "l1&#10;l2&#9;x&#13;"),
            (
                "nul\0bell\u{7}esc\u{1b}",
                "nul\u{FFFD}bell\u{FFFD}esc\u{FFFD}",
                "nul\u{FFFD}bell\u{FFFD}esc\u{FFFD}",
            ),
            ("\u{FFFE}\u{FFFF}", "\u{FFFD}\u{FFFD}", "\u{FFFD}\u{FFFD}"),
            ("é 日本 🚀", "é 日本 🚀", "é 日本 🚀"),
        ];
        for (input, t, a) in table {
            assert_eq!(text(input), t, "text {input:?}");
            assert_eq!(attr(input), a, "attr {input:?}");
        }
    }
}
