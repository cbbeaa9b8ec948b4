//! The comparison as Markdown for a pull-request comment: the headline,
//! a table per kind of change, the findings in collapsed sections. GitHub
//! refuses comments over 65,536 characters, so the finding lists shrink
//! until the whole comment fits, and say how many they left out.

use std::fmt::Write;

use super::{signed, status_text, verdict_text, Diff, FindingRef, Transition};
use crate::report::fmt_num;
use crate::report::rollup::escape::{md_code, md_text};

/// GitHub's limit for a comment body, in characters.
pub const LIMIT: usize = 65_536;

/// Findings listed per direction at first; halved until the text fits.
const FIRST_FINDINGS: usize = 100;

pub fn render(d: &Diff) -> String {
    let mut n = FIRST_FINDINGS;
    loop {
        let text = render_with(d, n);
        if text.chars().count() < LIMIT || n == 0 {
            return text;
        }
        n /= 2;
    }
}

fn render_with(d: &Diff, max_findings: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### shipready diff: score {} → {} ({})\n",
        fmt_num(d.old.score),
        fmt_num(d.new.score),
        signed(Some(d.change.score))
    );
    let _ = writeln!(out, "| | old | new | change |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    let _ = writeln!(
        out,
        "| report | {} | {} | |",
        md_code(&d.old.file, 120),
        md_code(&d.new.file, 120)
    );
    let _ = writeln!(
        out,
        "| verdict | {} | {} | |",
        verdict_text(&d.old.verdict),
        verdict_text(&d.new.verdict)
    );
    let _ = writeln!(
        out,
        "| level | {} | {} | |",
        md_text(&d.old.level, 60),
        md_text(&d.new.level, 60)
    );
    let _ = writeln!(
        out,
        "| score | {} | {} | {} |",
        fmt_num(d.old.score),
        fmt_num(d.new.score),
        signed(Some(d.change.score))
    );
    let _ = writeln!(
        out,
        "| raw score | {} | {} | {} |",
        fmt_num(d.old.raw_score),
        fmt_num(d.new.raw_score),
        signed(Some(d.change.raw_score))
    );
    let _ = writeln!(
        out,
        "| coverage | {}% | {}% | {} |",
        fmt_num(d.old.coverage),
        fmt_num(d.new.coverage),
        signed(Some(d.change.coverage))
    );
    let _ = writeln!(
        out,
        "| open findings | {} | {} | {} |",
        d.old.findings,
        d.new.findings,
        signed(Some(d.new.findings as f64 - d.old.findings as f64))
    );
    out.push('\n');
    for n in &d.not_like_for_like {
        let _ = writeln!(out, "> **Not like for like:** {}\n", md_text(n, 300));
    }
    if let Some(r) = d.regression_summary() {
        let _ = writeln!(out, "> :warning: **Regression:** {}\n", md_text(&r, 300));
    }

    let points = d.attribution.computed;
    for t in Transition::ALL {
        let group: Vec<_> = d.of(t).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "**{} ({})**: {}\n",
            t.heading(),
            group.len(),
            t.meaning()
        );
        if points {
            let _ = writeln!(out, "| points | check | severity | was | now | summary |");
            let _ = writeln!(out, "| ---: | --- | --- | --- | --- | --- |");
        } else {
            let _ = writeln!(out, "| check | severity | was | now | summary |");
            let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        }
        for c in group {
            let lead = if points {
                format!("| {} ", signed(c.points))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{lead}| {} | {} | {} | {} | {} |",
                md_code(&c.id, 80),
                md_text(&c.severity, 20),
                md_text(&status_text(c.old_status.as_deref(), c.old_score), 30),
                md_text(&status_text(c.new_status.as_deref(), c.new_score), 30),
                md_text(&c.summary, 200)
            );
        }
        out.push('\n');
    }
    let a = &d.attribution;
    for (label, points, why) in a.notes() {
        let mut label = label.to_string();
        label[..1].make_ascii_uppercase();
        let _ = writeln!(out, "{label} {}: {why}.\n", signed(Some(points)));
    }
    if !a.computed {
        let _ = writeln!(
            out,
            "No points per check: {}.\n",
            md_text(a.reason.as_deref().unwrap_or("not computed"), 300)
        );
    }

    if !d.categories.is_empty() {
        let _ = writeln!(out, "| category | was | now | change |");
        let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
        for c in &d.categories {
            let show = |s: Option<f64>| s.map_or("-".to_string(), fmt_num);
            let delta = match (c.old, c.new) {
                (Some(o), Some(n)) => signed(Some(n - o)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {delta} |",
                md_text(&c.category, 40),
                show(c.old),
                show(c.new)
            );
        }
        out.push('\n');
    }

    for (title, list) in [
        ("New findings", &d.findings.new),
        ("Gone findings", &d.findings.gone),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<details><summary>{title} ({})</summary>\n",
            list.len()
        );
        for f in list.iter().take(max_findings) {
            let _ = writeln!(out, "- {}", finding(f));
        }
        if list.len() > max_findings {
            let _ = writeln!(
                out,
                "- … and {} more (`shipready diff -f json` lists all)",
                list.len() - max_findings
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    let _ = writeln!(
        out,
        "<sub>{} check{} unchanged{}</sub>",
        d.unchanged,
        crate::report::plural(d.unchanged),
        if points {
            " · points: a check's share of the raw score in the new report minus in the old"
        } else {
            ""
        }
    );
    out
}

fn finding(f: &FindingRef) -> String {
    let loc = f.location();
    let at = if loc.is_empty() {
        String::new()
    } else {
        format!("{} ", md_code(&loc, 160))
    };
    let rule = f
        .rule
        .as_deref()
        .map(|r| format!("{}: ", md_text(r, 80)))
        .unwrap_or_default();
    format!(
        "{at}{} {rule}{}",
        md_code(&f.check, 80),
        md_text(&f.message, 200)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diff::{Attribution, Change, FindingChanges, Side, KIND, SCHEMA_VERSION};
    use crate::report::Tool;

    fn side(file: &str) -> Side {
        Side {
            file: file.into(),
            root: ".".into(),
            tool: crate::report::diff::ToolOf {
                name: "shipready".into(),
                version: "0".into(),
            },
            scoring_model: "2".into(),
            checklist: "c".into(),
            profile: "service".into(),
            target: "production".into(),
            verdict: "NOT_READY".into(),
            level: "not-ready".into(),
            score: 10.0,
            raw_score: 10.0,
            capped_by: vec![],
            coverage: 100.0,
            findings: 0,
        }
    }

    #[test]
    fn a_huge_diff_still_fits_a_comment() {
        let many: Vec<FindingRef> = (0..20_000)
            .map(|i| FindingRef {
                check: "secrets.x".into(),
                rule: Some("r|`<b>".into()),
                level: "error".into(),
                message: "m".repeat(500),
                path: Some(format!("a|b/{i}.txt")),
                line: Some(i),
                fingerprint: format!("{i:016x}"),
            })
            .collect();
        let d = Diff {
            kind: KIND,
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "shipready",
                version: "0",
            },
            old: side("o.json"),
            new: side("n.json"),
            not_like_for_like: vec![],
            change: Change {
                score: 0.0,
                raw_score: 0.0,
                coverage: 0.0,
            },
            attribution: Attribution {
                computed: true,
                method: String::new(),
                reason: None,
                reweighting: Some(0.0),
                caps: 0.0,
            },
            checks: vec![],
            unchanged: 3,
            categories: vec![],
            findings: FindingChanges {
                new: many.clone(),
                gone: many,
            },
            regressions: vec![],
        };
        let text = render(&d);
        assert!(text.chars().count() < LIMIT, "{}", text.len());
        assert!(text.contains("more (`shipready diff -f json` lists all)"));
        assert!(!text.contains("<b>"), "unescaped tag");
    }
}
