//! The terminal report: a verdict line, category scores, blockers first
//! with file:line evidence, then the next steps. `verbose` adds passing
//! checks and every finding.

use std::fmt::Write;

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::CategoryState;
use super::{fmt_num, CheckResult, Report};
use crate::model::{Level, Status, Suppression};
use crate::model::{Severity, Verdict};

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub verbose: bool,
    /// Terminal width for wrapping tables.
    pub width: u16,
}

struct Paint(bool);

impl Paint {
    fn code(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn red(&self, s: &str) -> String {
        self.code("1;31", s)
    }
    fn green(&self, s: &str) -> String {
        self.code("1;32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.code("1;33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.code("2", s)
    }
    fn bold(&self, s: &str) -> String {
        self.code("1", s)
    }
}

const MAX_FINDINGS: usize = 5;

pub fn render(r: &Report, style: Style) -> String {
    let p = Paint(style.color);
    let mut out = String::new();
    let s = &r.summary;
    let _ = writeln!(
        out,
        "{} {} · {} · profile {} ({})",
        r.tool.name,
        r.tool.version,
        r.root,
        r.profile.profile.as_str(),
        r.profile.reason
    );
    let verdict = match s.verdict {
        Verdict::Ready => p.green(s.verdict.as_str()),
        Verdict::ReadyWithWarnings | Verdict::InsufficientEvidence => p.yellow(s.verdict.as_str()),
        Verdict::NotReady => p.red(s.verdict.as_str()),
    };
    let score = if s.capped_by.is_empty() {
        format!("score {}", fmt_num(s.score))
    } else {
        format!(
            "score {} (capped by {}; raw {})",
            fmt_num(s.score),
            s.capped_by.join(", "),
            fmt_num(s.raw_score)
        )
    };
    let _ = writeln!(
        out,
        "\n{verdict} · level {} (target {}) · {} · coverage {}%",
        p.bold(&s.level),
        s.target,
        p.bold(&score),
        fmt_num(s.coverage)
    );

    let mut t = table(style);
    t.set_header(vec!["Category", "Score", "Level", "Passing", "Coverage"]);
    for c in &r.categories {
        let score = match (c.state, c.score) {
            (CategoryState::NotApplicable, _) => format!("n/a ({})", r.profile.profile.as_str()),
            (CategoryState::NotExamined, _) | (_, None) => "not examined".to_string(),
            (_, Some(s)) if c.capped_by.is_empty() => fmt_num(s),
            (_, Some(s)) => format!("{} (capped)", fmt_num(s)),
        };
        let examined = c.state == CategoryState::Scored;
        t.add_row(vec![
            Cell::new(c.category.as_str()),
            Cell::new(score).set_alignment(CellAlignment::Right),
            Cell::new(if examined { c.level.as_str() } else { "-" }),
            Cell::new(format!("{}/{}", c.passing, c.checks)).set_alignment(CellAlignment::Right),
            Cell::new(if examined {
                format!("{}%", fmt_num(c.coverage))
            } else {
                "-".to_string()
            })
            .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "\n{t}");

    let failing = |c: &&CheckResult| {
        matches!(
            c.outcome.status,
            Status::Fail | Status::Partial | Status::Error
        )
    };
    let blockers: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(failing)
        .filter(|c| matches!(c.severity, Severity::Critical | Severity::High))
        .collect();
    let others: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(failing)
        .filter(|c| !matches!(c.severity, Severity::Critical | Severity::High))
        .collect();
    if !blockers.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold("Blockers (critical and high checks not passing)")
        );
        for c in &blockers {
            check_block(&mut out, c, &p, style.verbose);
        }
    }
    if !others.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Other checks not passing"));
        for c in &others {
            check_block(&mut out, c, &p, style.verbose);
        }
    }
    let undetermined: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(|c| c.outcome.status == Status::Unknown)
        .collect();
    if !undetermined.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold("Cannot be verified statically (attest in .shipready/attestations.yaml)")
        );
        for c in &undetermined {
            check_block(&mut out, c, &p, style.verbose);
        }
    }
    let waived: Vec<&CheckResult> = r
        .checks
        .iter()
        .filter(|c| c.outcome.status == Status::Waived)
        .collect();
    if !waived.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Waived"));
        for c in waived {
            let w = c.waiver.as_ref();
            let _ = writeln!(
                out,
                "  {} {} until {}: {}",
                p.dim("~"),
                c.id,
                w.map_or("?", |w| w.expires.as_str()),
                w.map_or("", |w| w.reason.as_str())
            );
        }
    }
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            out,
            "\n{} {}: {} finding{} baselined, {} entr{}",
            p.bold("Baseline"),
            b.path,
            b.baselined,
            super::plural(b.baselined),
            b.entries,
            if b.entries == 1 { "y" } else { "ies" }
        );
        if !b.stale.is_empty() {
            let _ = writeln!(
                out,
                "  {} stale (they match nothing now; `shipready baseline` rewrites the file):",
                b.stale.len()
            );
            let limit = if style.verbose { usize::MAX } else { 5 };
            for s in b.stale.iter().take(limit) {
                let replaced = if s.replaced_by.is_empty() {
                    String::new()
                } else {
                    format!(", replaced by a new value at {}", s.replaced_by.join(", "))
                };
                let _ = writeln!(out, "  {} {}{replaced}", p.dim("-"), s.entry.describe());
            }
            if b.stale.len() > limit {
                let _ = writeln!(out, "  … and {} more (-v shows all)", b.stale.len() - limit);
            }
        }
    }
    if style.verbose {
        let _ = writeln!(out, "\n{}", p.bold("Passing and not applicable"));
        for c in r.checks.iter().filter(|c| {
            matches!(
                c.outcome.status,
                Status::Pass | Status::Attested | Status::NotApplicable
            )
        }) {
            check_block(&mut out, c, &p, true);
        }
    }

    if !r.next_steps.is_empty() {
        let capped = !s.capped_by.is_empty();
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(if capped {
                "Next steps (the capping checks first; points the fix adds, before the cap in brackets)"
            } else {
                "Next steps (points the fix adds to the score)"
            })
        );
        for step in r
            .next_steps
            .iter()
            .take(if style.verbose { usize::MAX } else { 5 })
        {
            let points = if capped {
                format!("+{} (+{})", fmt_num(step.points), fmt_num(step.raw_points))
            } else {
                format!("+{}", fmt_num(step.points))
            };
            let why = step
                .why
                .as_deref()
                .map_or(String::new(), |w| format!(" · {w}"));
            let _ = writeln!(
                out,
                "  {:>6}  {}  {}{}",
                points,
                step.id,
                p.dim(&step.title),
                p.dim(&why)
            );
        }
    }
    if let Some(n) = &r.next_level {
        if !n.checks.is_empty() {
            let _ = writeln!(
                out,
                "\nTo reach {}: {}",
                p.bold(&n.level),
                n.checks.join(", ")
            );
        }
    }
    for e in &r.expired {
        let _ = writeln!(out, "{} {e}", p.yellow("expired:"));
    }
    if let Some(g) = r.gate_failures().first() {
        let _ = writeln!(out, "\n{} {g}", p.red("gate failed:"));
    }
    let _ = writeln!(out, "\n{}", p.dim(&stats_line(r)));
    out
}

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    t
}

fn check_block(out: &mut String, c: &CheckResult, p: &Paint, verbose: bool) {
    let mark = match c.outcome.status {
        Status::Fail | Status::Error => p.red(c.outcome.status.label()),
        Status::Partial | Status::Unknown => p.yellow(c.outcome.status.label()),
        Status::Pass | Status::Attested => p.green(c.outcome.status.label()),
        _ => p.dim(c.outcome.status.label()),
    };
    let score = if c.outcome.status == Status::Partial {
        format!(" {}%", fmt_num(c.outcome.score * 100.0))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {mark}{score} {} [{}] {}",
        p.bold(&c.id),
        c.severity.as_str(),
        c.outcome.summary
    );
    let evidence_limit = if verbose { usize::MAX } else { 3 };
    for e in c.outcome.evidence.iter().take(evidence_limit) {
        let _ = writeln!(out, "      {}", p.dim(e));
    }
    let mut open: Vec<_> = c
        .open_findings()
        .filter(|f| verbose || f.level > Level::Info)
        .collect();
    // Blocking findings first, so they never hide behind "... and N more"
    // among warnings; the sort is stable, so path order holds within each.
    open.sort_by_key(|f| std::cmp::Reverse(f.level));
    let limit = if verbose { usize::MAX } else { MAX_FINDINGS };
    for f in open.iter().take(limit) {
        let loc = f.location();
        let body = super::finding_body(f, &|s| p.dim(s));
        let mark = if f.level == Level::Error {
            p.red("✖ ")
        } else {
            String::new()
        };
        if loc.is_empty() {
            let _ = writeln!(out, "      - {mark}{body}");
        } else {
            let _ = writeln!(out, "      - {mark}{loc}: {body}");
        }
    }
    if open.len() > limit {
        let _ = writeln!(
            out,
            "      … and {} more (-v shows all)",
            open.len() - limit
        );
    }
    let suppressed: Vec<_> = c
        .outcome
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .collect();
    if !suppressed.is_empty() && !verbose {
        let _ = writeln!(
            out,
            "      {}",
            p.dim(&format!("{} suppressed (-v lists them)", suppressed.len()))
        );
    }
    if verbose {
        for f in suppressed {
            let why = match &f.suppressed {
                Some(Suppression::Inline { marker, reason }) => format!("{marker}: {reason}"),
                Some(Suppression::Config { reason }) => reason.clone(),
                Some(Suppression::Baseline) => "in the baseline".to_string(),
                None => String::new(),
            };
            let what = f.rule.as_deref().unwrap_or(&f.message);
            let _ = writeln!(
                out,
                "      {} {}: {what} ({why})",
                p.dim("suppressed"),
                f.location()
            );
        }
    }
    if !verbose && c.outcome.status != Status::Pass {
        let _ = writeln!(
            out,
            "      {}",
            p.dim(&format!("fix: shipready explain {}", c.id))
        );
    }
}

fn stats_line(r: &Report) -> String {
    let st = &r.stats;
    let mut s = format!(
        "{} files listed, {} read ({}), {} checks",
        st.files_listed,
        st.files_read,
        human_bytes(st.bytes_read),
        r.checks.len()
    );
    if !st.skipped.is_empty() {
        let parts: Vec<String> = st
            .skipped
            .iter()
            .map(|(k, n)| format!("{n} {}", k.as_str().replace('_', " ")))
            .collect();
        let _ = write!(s, "; not read: {}", parts.join(", "));
    }
    if r.summary.suppressed > 0 {
        let _ = write!(s, "; {} findings suppressed", r.summary.suppressed);
    }
    s
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, CheckId, Finding, Outcome};

    #[test]
    fn blocking_findings_come_first_and_are_marked() {
        let id = CheckId::from_static("secrets.x");
        let mut findings: Vec<Finding> = (0..8)
            .map(|n| {
                Finding::new(&id, "a test fixture")
                    .level(Level::Warning)
                    .at(format!("a/{n}.txt"), Some(1))
            })
            .collect();
        findings.push(
            Finding::new(&id, "live key")
                .level(Level::Error)
                .at("z/prod.env", Some(3)),
        );
        let c = CheckResult {
            id: id.to_string(),
            title: "t".into(),
            category: Category::Security,
            severity: Severity::Critical,
            weight: 10.0,
            level: "essential".into(),
            level_index: 0,
            cap_below: 1.0,
            summary: String::new(),
            rationale: String::new(),
            remediation: String::new(),
            builtin: true,
            outcome: Outcome::fail("1 key").findings(findings),
            waiver: None,
            attestation: None,
        };
        let mut out = String::new();
        check_block(&mut out, &c, &Paint(false), false);
        let first = out
            .lines()
            .find(|l| l.trim_start().starts_with("- "))
            .unwrap();
        assert!(first.contains("✖ z/prod.env:3"), "{out}");
        assert!(out.contains("and 4 more"), "{out}");
    }
}
