//! The roll-up as Markdown, for a pull-request comment or a CI step
//! summary: the rows worst first, category scores, the shared blockers.
//! Under GitHub's 65,536-character comment limit: with thousands of
//! repositories the tables keep the worst rows and say how many they left
//! out (the JSON and HTML forms hold them all).

use std::fmt::Write;

use super::escape::{md_code, md_text};
use super::{short, Rollup};
use crate::report::fmt_num;

/// GitHub's limit for a comment body, in characters.
pub const LIMIT: usize = 65_536;

/// Shared blockers listed.
const TOP_BLOCKERS: usize = 15;

pub fn render(r: &Rollup) -> String {
    let mut rows = r.rows.len();
    loop {
        let text = render_with(r, rows);
        if text.chars().count() < LIMIT || rows == 0 {
            return text;
        }
        rows /= 2;
    }
}

fn render_with(r: &Rollup, max_rows: usize) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let of = match r.repository_shown() {
        Some(repo) => format!(" of {}", md_code(repo, 120)),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "### shipready roll-up: {} {}{of}\n",
        s.rows,
        if s.rows == 1 {
            r.source.noun()
        } else {
            r.source.nouns()
        }
    );
    let mut line = vec![r.verdicts_text()];
    if s.errors > 0 {
        line.push(format!("**{} could not be scanned**", s.errors));
    }
    if s.gates_failed > 0 {
        line.push(format!("gates failed in {}", s.gates_failed));
    }
    line.retain(|l| !l.is_empty());
    if !line.is_empty() {
        let _ = writeln!(out, "{}\n", line.join(" · "));
    }
    if !r.shared_checks.is_empty() {
        let _ = writeln!(
            out,
            "Shared from the repository root: {}\n",
            md_text(&r.shared_text(), 1000)
        );
    }

    let mut heading = r.source.noun().to_string();
    heading[..1].make_ascii_uppercase();
    let cats: Vec<&str> = r.categories.iter().map(String::as_str).collect();
    let _ = write!(
        out,
        "| {heading} | Verdict | Level | Score | Coverage | Blockers | Gates |"
    );
    for c in &cats {
        let _ = write!(out, " {} |", short(c));
    }
    out.push('\n');
    let _ = write!(out, "| --- | --- | --- | ---: | ---: | ---: | --- |");
    for _ in &cats {
        out.push_str(" ---: |");
    }
    out.push('\n');
    for row in r.rows.iter().take(max_rows) {
        match &row.result {
            Some(res) => {
                let _ = write!(
                    out,
                    "| {} | {} | {} | {} | {}% | {} | {} |",
                    md_code(&row.name, 120),
                    verdict(&res.verdict),
                    md_text(&res.level, 40),
                    md_text(&res.score_text(), 60),
                    fmt_num(res.coverage),
                    res.blockers.len(),
                    if res.gates.is_empty() {
                        "held"
                    } else {
                        "**failed**"
                    }
                );
                for c in &cats {
                    let _ = write!(out, " {} |", res.category_text(c));
                }
            }
            None => {
                let _ = write!(
                    out,
                    "| {} | :x: error | - | - | - | - | exit {} |",
                    md_code(&row.name, 120),
                    row.exit_code
                );
                for _ in &cats {
                    out.push_str(" |");
                }
            }
        }
        out.push('\n');
    }
    if r.rows.len() > max_rows {
        let _ = writeln!(
            out,
            "\n… and {} more {} (the JSON and HTML roll-ups list all)",
            r.rows.len() - max_rows,
            r.source.nouns()
        );
    }
    if !cats.is_empty() {
        let legend: Vec<String> = cats.iter().map(|c| format!("{} {c}", short(c))).collect();
        let _ = writeln!(
            out,
            "\n<sub>{}; n/a: not applicable to the profile, -: not examined</sub>",
            legend.join(", ")
        );
    }

    if !r.blockers.is_empty() {
        let _ = writeln!(
            out,
            "\n**Most common blockers** (critical and high checks not passing)\n"
        );
        let _ = writeln!(out, "| {} | check | severity | title |", r.source.nouns());
        let _ = writeln!(out, "| ---: | --- | --- | --- |");
        for b in r.blockers.iter().take(TOP_BLOCKERS) {
            let _ = writeln!(
                out,
                "| {} of {} | {} | {} | {} |",
                b.count,
                s.scanned,
                md_code(&b.check, 80),
                md_text(&b.severity, 20),
                md_text(&b.title, 160)
            );
        }
        if r.blockers.len() > TOP_BLOCKERS {
            let _ = writeln!(
                out,
                "\n… and {} more blockers",
                r.blockers.len() - TOP_BLOCKERS
            );
        }
    }

    let errors: Vec<_> = r
        .rows
        .iter()
        .filter(|r| r.result.is_none())
        .take(max_rows.max(1))
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\n<details><summary>Could not be scanned</summary>\n");
        for row in errors {
            let _ = writeln!(
                out,
                "- {} (exit {}): {}",
                md_code(&row.name, 120),
                row.exit_code,
                md_text(row.error.as_deref().unwrap_or(""), 300)
            );
        }
        let _ = writeln!(out, "\n</details>");
    }
    for n in &r.notes {
        let _ = writeln!(out, "\n> **Note:** {}", md_text(n, 300));
    }
    out
}

fn verdict(v: &str) -> String {
    let icon = match v {
        "READY" => ":white_check_mark:",
        "NOT_READY" => ":x:",
        _ => ":warning:",
    };
    format!("{icon} {}", md_text(&v.replace('_', " "), 40))
}

#[cfg(test)]
mod tests {
    use super::super::tests::row;
    use super::super::{assemble, Source};
    use super::*;

    #[test]
    fn thousands_of_repositories_fit_a_comment() {
        let rows = (0..5000)
            .map(|i| {
                row(
                    &format!("org/repo-{i:05}|x"),
                    "NOT_READY",
                    40.0,
                    &["docs.readme"],
                )
            })
            .collect();
        let r = assemble(Source::Merge, None, vec![], rows);
        let text = render(&r);
        assert!(text.chars().count() < LIMIT, "{}", text.len());
        assert!(text.contains("more repositories (the JSON and HTML roll-ups list all)"));
        assert!(text.contains("`org/repo-00000\\|x`"), "pipes escaped");
    }
}
