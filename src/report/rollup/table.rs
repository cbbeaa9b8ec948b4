//! The roll-up for the terminal: one row per repository worst first, their
//! category scores, the blockers they share, and what could not be scanned.

use std::fmt::Write;

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::{short, Rollup};

/// Shared blockers listed without `-v`.
const TOP_BLOCKERS: usize = 10;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Every blocker, and each row's own blockers and failed gates.
    pub verbose: bool,
    pub width: u16,
}

pub fn render(r: &Rollup, style: Style) -> String {
    let paint = |code: &str, s: &str| {
        if style.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let verdict = |v: &str| {
        let text = v.replace('_', " ");
        match v {
            "READY" => paint("1;32", &text),
            "NOT_READY" => paint("1;31", &text),
            _ => paint("1;33", &text),
        }
    };
    let mut out = String::new();
    let s = &r.summary;
    let of = match r.repository_shown() {
        Some(repo) => format!(" of {repo}"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "{} {} · roll-up of {} {}{of} · worst first",
        r.tool.name,
        r.tool.version,
        s.rows,
        if s.rows == 1 {
            r.source.noun()
        } else {
            r.source.nouns()
        }
    );
    let mut line = vec![r.verdicts_text()];
    if s.errors > 0 {
        line.push(paint("1;31", &format!("{} could not be scanned", s.errors)));
    }
    if s.gates_failed > 0 {
        line.push(format!("gates failed in {}", s.gates_failed));
    }
    line.retain(|l| !l.is_empty());
    if !line.is_empty() {
        let _ = writeln!(out, "\n{}", line.join(" · "));
    }
    if !r.shared_checks.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint(
                "2",
                &format!("shared from the repository root: {}", r.shared_text())
            )
        );
    }

    let mut t = table(style);
    let noun = r.source.noun();
    let mut heading = noun.to_string();
    heading[..1].make_ascii_uppercase();
    t.set_header(vec![
        heading.as_str(),
        "Verdict",
        "Level",
        "Score",
        "Coverage",
        "Blockers",
        "Gates",
    ]);
    for row in &r.rows {
        match &row.result {
            Some(res) => {
                t.add_row(vec![
                    Cell::new(&row.name),
                    Cell::new(verdict(&res.verdict)),
                    Cell::new(&res.level),
                    Cell::new(res.score_text()).set_alignment(CellAlignment::Right),
                    Cell::new(format!("{}%", crate::report::fmt_num(res.coverage)))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(res.blockers.len()).set_alignment(CellAlignment::Right),
                    Cell::new(if res.gates.is_empty() {
                        "held".to_string()
                    } else {
                        paint("1;31", "failed")
                    }),
                ]);
            }
            None => {
                t.add_row(vec![
                    Cell::new(&row.name),
                    Cell::new(paint("1;31", "ERROR")),
                    Cell::new("-"),
                    Cell::new("-").set_alignment(CellAlignment::Right),
                    Cell::new("-").set_alignment(CellAlignment::Right),
                    Cell::new("-").set_alignment(CellAlignment::Right),
                    Cell::new(format!("exit {}", row.exit_code)),
                ]);
            }
        }
    }
    let _ = writeln!(out, "\n{t}");

    if !r.categories.is_empty() && s.scanned > 0 {
        let mut t = table(style);
        let mut header = vec![heading.clone()];
        header.extend(r.categories.iter().map(|c| short(c).to_string()));
        t.set_header(header);
        for row in &r.rows {
            let Some(res) = &row.result else { continue };
            let mut cells = vec![Cell::new(&row.name)];
            cells.extend(
                r.categories
                    .iter()
                    .map(|c| Cell::new(res.category_text(c)).set_alignment(CellAlignment::Right)),
            );
            t.add_row(cells);
        }
        let legend: Vec<String> = r
            .categories
            .iter()
            .map(|c| format!("{} {c}", short(c)))
            .collect();
        let legend = format!(
            "{}; n/a: not applicable to the profile, -: not examined",
            legend.join(", ")
        );
        let _ = writeln!(out, "\n{}\n{t}", paint("1", "Category scores"));
        for line in wrap(&legend, usize::from(style.width).saturating_sub(2)) {
            let _ = writeln!(out, "{}", paint("2", &line));
        }
    }

    if !r.blockers.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                "1",
                &format!(
                    "Most common blockers (critical and high checks not passing, by {})",
                    r.source.nouns()
                )
            )
        );
        let limit = if style.verbose {
            usize::MAX
        } else {
            TOP_BLOCKERS
        };
        for b in r.blockers.iter().take(limit) {
            let _ = writeln!(
                out,
                "  {:>3} of {}  {} [{}]  {}",
                b.count,
                s.scanned,
                b.check,
                b.severity,
                paint("2", &b.title)
            );
        }
        if r.blockers.len() > limit {
            let _ = writeln!(
                out,
                "  … and {} more (-v shows all)",
                r.blockers.len() - limit
            );
        }
    }

    if style.verbose {
        for row in &r.rows {
            let Some(res) = &row.result else { continue };
            if res.blockers.is_empty() && res.gates.is_empty() && row.detected_by.is_none() {
                continue;
            }
            let _ = writeln!(out, "\n{}", paint("1", &row.name));
            if let Some(d) = &row.detected_by {
                let _ = writeln!(out, "  {}", paint("2", &format!("service root: {d}")));
            }
            for b in &res.blockers {
                let _ = writeln!(out, "  {} {} [{}]", b.status, b.check, b.severity);
            }
            for g in &res.gates {
                let _ = writeln!(out, "  gate failed: {g}");
            }
        }
    }

    let errors: Vec<_> = r.rows.iter().filter(|r| r.result.is_none()).collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\n{}", paint("1", "Could not be scanned"));
        for row in errors {
            let _ = writeln!(
                out,
                "  {} (exit {}): {}",
                row.name,
                row.exit_code,
                row.error.as_deref().unwrap_or("")
            );
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "\n{} {n}", paint("1;33", "note:"));
    }
    out
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    t
}
