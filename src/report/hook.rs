//! The hook's report: short enough to read in a failed `git commit`. One
//! line when nothing blocks; otherwise each blocking finding with its
//! place, rule and redacted snippet (secrets first), a line of what else
//! was seen, stale baseline entries, and how to suppress or baseline.

use std::fmt::Write;

use super::{plural, secrets_first, CheckResult, Report};
use crate::model::{Finding, Level, Status, Suppression};

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// List the non-blocking findings too, with their suppression reasons.
    pub verbose: bool,
}

/// Non-blocking findings listed without `verbose`.
const MAX_WARNINGS: usize = 5;

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

pub fn render(r: &Report, style: Style) -> String {
    let c = style.color;
    let red = |s: &str| paint(c, "1;31", s);
    let bold = |s: &str| paint(c, "1", s);
    let dim = |s: &str| paint(c, "2", s);
    let mut out = String::new();

    let blocking = r.blocking();
    let mut checks: Vec<&CheckResult> = r.checks.iter().collect();
    checks.sort_by_key(|c| secrets_first(c));
    let all = || checks.iter().flat_map(|c| c.outcome.findings.iter());
    let is_blocking = |f: &Finding| blocking.iter().any(|(_, b)| std::ptr::eq(*b, f));
    let warnings: Vec<(&CheckResult, &Finding)> = checks
        .iter()
        .flat_map(|c| c.open_findings().map(move |f| (*c, f)))
        .filter(|(_, f)| f.level > Level::Info && !is_blocking(f))
        .collect();
    let baselined = all()
        .filter(|f| f.suppressed == Some(Suppression::Baseline))
        .count();
    let suppressed = all()
        .filter(|f| matches!(f.suppressed, Some(ref s) if *s != Suppression::Baseline))
        .count();
    let errors: Vec<&CheckResult> = checks
        .iter()
        .copied()
        .filter(|c| c.outcome.status == Status::Error)
        .collect();

    let files = r.stats.files_listed;
    let scanned = if files == 0 {
        "no staged files to scan".to_string()
    } else {
        format!("{files} staged file{} scanned", plural(files as usize))
    };
    let verdict = if blocking.is_empty() {
        "no blocking findings".to_string()
    } else {
        red(&format!(
            "{} blocking finding{}",
            blocking.len(),
            plural(blocking.len())
        ))
    };
    let mut extras = Vec::new();
    if !warnings.is_empty() {
        extras.push(format!(
            "{} warning{}",
            warnings.len(),
            plural(warnings.len())
        ));
    }
    if baselined > 0 {
        extras.push(format!("{baselined} baselined"));
    }
    if suppressed > 0 {
        extras.push(format!("{suppressed} suppressed"));
    }
    let extras = if extras.is_empty() {
        String::new()
    } else {
        format!(" ({})", extras.join(", "))
    };
    let _ = writeln!(out, "shipready hook: {scanned}, {verdict}{extras}");

    let mut current: Option<&str> = None;
    for (c, f) in &blocking {
        if current != Some(c.id.as_str()) {
            let _ = writeln!(
                out,
                "  {} [{}] {}",
                bold(&c.id),
                c.severity.as_str(),
                dim(&c.title)
            );
            current = Some(&c.id);
        }
        finding_line(&mut out, f, c, &dim);
    }

    for c in &errors {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            red("error"),
            bold(&c.id),
            c.outcome.summary
        );
    }

    let limit = if style.verbose {
        usize::MAX
    } else {
        MAX_WARNINGS
    };
    if !warnings.is_empty() && (!blocking.is_empty() || style.verbose) {
        let _ = writeln!(out, "  {}", bold("not blocking:"));
        for (c, f) in warnings.iter().take(limit) {
            finding_line(&mut out, f, c, &dim);
        }
        if warnings.len() > limit {
            let _ = writeln!(
                out,
                "    … and {} more (-v lists all)",
                warnings.len() - limit
            );
        }
    }
    if style.verbose {
        for c in &checks {
            for f in c.outcome.findings.iter().filter(|f| f.suppressed.is_some()) {
                let why = match &f.suppressed {
                    Some(Suppression::Baseline) => "baselined".to_string(),
                    Some(Suppression::Inline { marker, reason }) => {
                        format!("suppressed by `{marker}`: {reason}")
                    }
                    Some(Suppression::Config { reason }) => reason.clone(),
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    "    {} {}{} {}",
                    f.location(),
                    c.id,
                    f.rule
                        .as_deref()
                        .map(|r| format!("/{r}"))
                        .unwrap_or_default(),
                    dim(&format!("({why})"))
                );
            }
        }
    }

    if let Some(b) = r.baseline.as_ref().filter(|b| !b.stale.is_empty()) {
        let _ = writeln!(
            out,
            "  {} in {} (they match nothing staged any more):",
            bold(&format!(
                "{} stale baseline entr{}",
                b.stale.len(),
                if b.stale.len() == 1 { "y" } else { "ies" }
            )),
            b.path
        );
        for s in b.stale.iter().take(limit) {
            let replaced = if s.replaced_by.is_empty() {
                String::new()
            } else {
                format!(", replaced by a new value at {}", s.replaced_by.join(", "))
            };
            let _ = writeln!(out, "    - {}{replaced}", s.entry.describe());
        }
        if b.stale.len() > limit {
            let _ = writeln!(out, "    … and {} more", b.stale.len() - limit);
        }
    }

    if let Some((c, f)) = blocking.first() {
        let target = match &f.rule {
            Some(rule) => format!("{}/{rule}", c.id),
            None => c.id.clone(),
        };
        let _ = writeln!(
            out,
            "Commit refused. Remove the finding from the staged content{}; if it is a false positive:\n  \
             - mark it on its line or the line above: shipready: ignore[{target}] <reason>\n  \
             - shipready explain {} says why it matters and how to fix it",
            if c.id.starts_with("secrets.") {
                " (a credential that reached a commit must be rotated)"
            } else {
                ""
            },
            c.id
        );
    }
    out
}

fn finding_line(out: &mut String, f: &Finding, c: &CheckResult, dim: &dyn Fn(&str) -> String) {
    let loc = f.location();
    let loc = if loc.is_empty() { c.id.clone() } else { loc };
    let _ = writeln!(out, "    {loc}  {}", super::finding_body(f, dim));
}
