//! The roll-up as one self-contained HTML page: inline CSS, no script, no
//! font, image or anything else fetched, so it opens from a CI artifact
//! or a mail attachment as it is. Light and dark follow the reader's
//! system setting. Every text from a report is escaped.

use std::fmt::Write;

use super::escape::html;
use super::{short, Rollup};
use crate::report::fmt_num;

const STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0;
  --head: #f6f8fa; --bad: #cf222e; --warn: #9a6700; --good: #1a7f37;
  --bad-bg: #ffebe9; --warn-bg: #fff8c5; --good-bg: #dafbe1; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --head: #151b23;
    --bad: #ff7b72; --warn: #d29922; --good: #3fb950;
    --bad-bg: #3c1618; --warn-bg: #3a2d0b; --good-bg: #12361f; }
}
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 2rem auto; max-width: 80rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
p.lead { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.v { font-weight: 600; white-space: nowrap; }
.bad { color: var(--bad); } .warn { color: var(--warn); } .good { color: var(--good); }
td.s-lo { background: var(--bad-bg); } td.s-mid { background: var(--warn-bg); } td.s-hi { background: var(--good-bg); }
.muted { color: var(--muted); }
ul { padding-left: 1.2rem; margin: .25rem 0; }
ul.ids { list-style: none; padding: 0; }
td.nw { white-space: nowrap; }
.scroll { overflow-x: auto; }
summary { cursor: pointer; }
footer { margin-top: 2rem; color: var(--muted); font-size: 12px; }
"#;

pub fn render(r: &Rollup) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let noun = if s.rows == 1 {
        r.source.noun()
    } else {
        r.source.nouns()
    };
    let of = r
        .repository_shown()
        .map(|repo| format!(" of {}", html(repo)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>shipready roll-up: {} {noun}{of}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        s.rows
    );
    let _ = writeln!(out, "<h1>shipready roll-up: {} {noun}{of}</h1>", s.rows);
    let mut lead = vec![html(&r.verdicts_text())];
    if s.errors > 0 {
        lead.push(format!(
            "<span class=\"bad\">{} could not be scanned</span>",
            s.errors
        ));
    }
    if s.gates_failed > 0 {
        lead.push(format!("gates failed in {}", s.gates_failed));
    }
    lead.retain(|l| !l.is_empty());
    let _ = writeln!(
        out,
        "<p class=\"lead\">{} · worst first</p>",
        lead.join(" · ")
    );
    if !r.shared_checks.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\" title=\"{}\">Shared from the repository root: {}</p>",
            html(&r.shared_checks.join(", ")),
            html(&r.shared_text())
        );
    }

    let mut heading = r.source.noun().to_string();
    heading[..1].make_ascii_uppercase();
    let _ = writeln!(out, "<div class=\"scroll\">\n<table>\n<thead><tr><th>{heading}</th><th>Verdict</th><th>Level</th><th class=\"num\">Score</th><th class=\"num\">Coverage</th>");
    for c in &r.categories {
        let _ = write!(
            out,
            "<th class=\"num\" title=\"{}\">{}</th>",
            html(c),
            html(short(c))
        );
    }
    let _ = writeln!(out, "<th>Blockers</th><th>Gates</th></tr></thead>\n<tbody>");
    for row in &r.rows {
        let _ = write!(
            out,
            "<tr><td><code title=\"{}\">{}</code></td>",
            html(&row.input),
            html(&row.name)
        );
        match &row.result {
            Some(res) => {
                let class = match res.verdict.as_str() {
                    "READY" => "good",
                    "NOT_READY" => "bad",
                    _ => "warn",
                };
                let _ = write!(
                    out,
                    "<td class=\"v {class}\">{}</td><td class=\"nw\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}%</td>",
                    html(&res.verdict.replace('_', " ")),
                    html(&res.level),
                    html(&res.score_text()),
                    fmt_num(res.coverage)
                );
                for c in &r.categories {
                    let cell = res.categories.iter().find(|x| &x.category == c);
                    let class = match cell.and_then(|x| x.score) {
                        Some(v) if v >= 80.0 => " s-hi",
                        Some(v) if v >= 50.0 => " s-mid",
                        Some(_) => " s-lo",
                        None => "",
                    };
                    let _ = write!(
                        out,
                        "<td class=\"num{class}\">{}</td>",
                        html(&res.category_text(c))
                    );
                }
                let blockers: Vec<String> = res
                    .blockers
                    .iter()
                    .map(|b| {
                        format!(
                            "<li><code title=\"{} ({}, {})\">{}</code></li>",
                            html(&b.title),
                            html(&b.severity),
                            html(&b.status),
                            html(&b.check)
                        )
                    })
                    .collect();
                // A count that opens to the ids: no script, and the table
                // keeps its width.
                let blockers = if blockers.is_empty() {
                    "0".to_string()
                } else {
                    format!(
                        "<details><summary>{}</summary><ul class=\"ids\">{}</ul></details>",
                        blockers.len(),
                        blockers.join("")
                    )
                };
                let gates = if res.gates.is_empty() {
                    "<span class=\"good\">held</span>".to_string()
                } else {
                    let items: Vec<String> = res
                        .gates
                        .iter()
                        .map(|g| format!("<li>{}</li>", html(g)))
                        .collect();
                    format!(
                        "<span class=\"bad\">failed</span><ul>{}</ul>",
                        items.join("")
                    )
                };
                let _ = writeln!(out, "<td class=\"nw\">{blockers}</td><td>{gates}</td></tr>");
            }
            None => {
                let _ = write!(
                    out,
                    "<td class=\"v bad\">ERROR</td><td colspan=\"{}\">{}</td>",
                    3 + r.categories.len() + 1,
                    html(row.error.as_deref().unwrap_or(""))
                );
                let _ = writeln!(out, "<td class=\"bad\">exit {}</td></tr>", row.exit_code);
            }
        }
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
    if !r.categories.is_empty() {
        let legend: Vec<String> = r
            .categories
            .iter()
            .map(|c| format!("{} {}", html(short(c)), html(c)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}; n/a: not applicable to the profile, -: not examined.</p>",
            legend.join(", ")
        );
    }

    if !r.blockers.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Most common blockers</h2>\n<p class=\"muted\">Critical and high checks not passing, by how many {} have them.</p>",
            r.source.nouns()
        );
        let _ = writeln!(out, "<table>\n<thead><tr><th class=\"num\">{}</th><th>Check</th><th>Severity</th><th>Title</th><th>Where</th></tr></thead>\n<tbody>", r.source.nouns());
        for b in &r.blockers {
            let names: Vec<String> = b.rows.iter().map(|n| html(n)).collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{} of {}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
                b.count,
                s.scanned,
                html(&b.check),
                html(&b.severity),
                html(&b.title),
                names.join(", ")
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    for n in &r.notes {
        let _ = writeln!(out, "<p class=\"warn\">Note: {}</p>", html(n));
    }
    let _ = writeln!(
        out,
        "<footer>{} {} · roll-up schema {} · {}</footer>\n</body>\n</html>",
        html(r.tool.name),
        html(r.tool.version),
        r.schema_version,
        html(r.kind)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{error_row, row};
    use super::super::{assemble, Source};
    use super::*;

    #[test]
    fn escapes_everything_and_fetches_nothing() {
        let r = assemble(
            Source::Scan,
            None,
            vec![],
            vec![
                row("<script>alert(1)</script>", "NOT_READY", 10.0, &["a\"b"]),
                error_row("x&y", 3),
            ],
        );
        let page = render(&r);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("a&quot;b"));
        assert!(page.contains("x&amp;y"));
        for net in ["http://", "https://", "src=", "<link", "@import", "url("] {
            assert!(!page.contains(net), "{net} in the page");
        }
        assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    }
}
