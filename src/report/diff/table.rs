//! The comparison for the terminal: the headline numbers, the checks that
//! changed grouped by kind with the points each moved, the category scores
//! that changed, and the findings that appeared or went away.

use std::fmt::Write;

use super::{signed, status_text, verdict_text, Diff, Transition};
use crate::report::fmt_num;

/// Findings listed per direction; JSON lists them all.
const MAX_FINDINGS: usize = 20;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

pub fn render(d: &Diff, style: Style) -> String {
    let paint = |code: &str, s: &str| {
        if style.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} diff · {} -> {}",
        d.tool.name, d.old.file, d.new.file
    );
    let _ = writeln!(
        out,
        "\n{} · raw {} -> {} ({}) · coverage {}% -> {}% ({})",
        paint(
            "1",
            &format!(
                "score {} -> {} ({})",
                fmt_num(d.old.score),
                fmt_num(d.new.score),
                signed(Some(d.change.score))
            )
        ),
        fmt_num(d.old.raw_score),
        fmt_num(d.new.raw_score),
        signed(Some(d.change.raw_score)),
        fmt_num(d.old.coverage),
        fmt_num(d.new.coverage),
        signed(Some(d.change.coverage))
    );
    let _ = writeln!(
        out,
        "level {} -> {} · verdict {} -> {}",
        d.old.level,
        d.new.level,
        verdict_text(&d.old.verdict),
        verdict_text(&d.new.verdict)
    );
    for side in [&d.old, &d.new] {
        if !side.capped_by.is_empty() {
            let _ = writeln!(out, "{} capped by {}", side.file, side.capped_by.join(", "));
        }
    }
    for n in &d.not_like_for_like {
        let _ = writeln!(out, "{} {n}", paint("1;33", "not like for like:"));
    }

    for t in Transition::ALL {
        let group: Vec<_> = d.of(t).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} {}",
            paint("1", &format!("{} ({})", t.heading(), group.len())),
            paint("2", t.meaning())
        );
        for c in group {
            let mark = match t {
                Transition::Regressed | Transition::Worsened => paint("1;31", "▼"),
                Transition::Fixed | Transition::Improved => paint("1;32", "▲"),
                _ => " ".to_string(),
            };
            let _ = writeln!(
                out,
                "  {mark} {:>6}  {} [{}]  {} -> {}  {}",
                signed(c.points),
                c.id,
                c.severity,
                status_text(c.old_status.as_deref(), c.old_score),
                status_text(c.new_status.as_deref(), c.new_score),
                paint("2", &c.summary)
            );
        }
    }
    let a = &d.attribution;
    for (label, points, why) in a.notes() {
        // Reweighting is set off from the check list by a blank line.
        let gap = if label == "reweighting" { "\n" } else { "" };
        let _ = writeln!(out, "{gap}  {:>8}  {label}: {why}", signed(Some(points)));
    }
    if !a.computed {
        let _ = writeln!(
            out,
            "\nNo points per check: {}.",
            a.reason.as_deref().unwrap_or("not computed")
        );
    }

    if !d.categories.is_empty() {
        let _ = writeln!(out, "\n{}", paint("1", "Category scores"));
        for c in &d.categories {
            let show = |s: Option<f64>| s.map_or("-".to_string(), fmt_num);
            let delta = match (c.old, c.new) {
                (Some(o), Some(n)) => format!(" ({})", signed(Some(n - o))),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:<14} {} -> {}{delta}",
                c.category,
                show(c.old),
                show(c.new)
            );
        }
    }

    for (title, mark, list) in [
        ("New findings", "+", &d.findings.new),
        ("Gone findings", "-", &d.findings.gone),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", paint("1", title), list.len());
        for f in list.iter().take(MAX_FINDINGS) {
            let loc = f.location();
            let rule = f
                .rule
                .as_deref()
                .map(|r| format!("{r}: "))
                .unwrap_or_default();
            let at = if loc.is_empty() {
                String::new()
            } else {
                format!("{loc}  ")
            };
            let _ = writeln!(out, "  {mark} {at}{}  {rule}{}", f.check, f.message);
        }
        if list.len() > MAX_FINDINGS {
            let _ = writeln!(
                out,
                "  … and {} more (-f json lists all)",
                list.len() - MAX_FINDINGS
            );
        }
    }

    let _ = writeln!(
        out,
        "\n{}",
        paint(
            "2",
            &format!(
                "{} check{} unchanged; {} open finding{} -> {}",
                d.unchanged,
                crate::report::plural(d.unchanged),
                d.old.findings,
                crate::report::plural(d.old.findings),
                d.new.findings
            )
        )
    );
    if a.computed {
        let _ = writeln!(
            out,
            "{}",
            paint(
                "2",
                "points: a check's share of the raw score in NEW minus in OLD (docs/fleet.md)"
            )
        );
    }
    if let Some(r) = d.regression_summary() {
        let _ = writeln!(out, "{} {r}", paint("1;31", "regression:"));
    }
    out
}
