//! Renders check documentation from the registry: `explain`, `checks list`,
//! the generated catalog (docs/checks.md) and the `init` template. One
//! source, `CheckMeta`, so docs cannot drift from code.

use std::fmt::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use crate::checks::CheckMeta;
use crate::report::{fmt_num, Report};
use crate::settings::{Planned, Settings};

/// Renders the small Markdown subset check docs use for a terminal:
/// paragraphs are wrapped, list items wrap with a hanging indent, fenced
/// code keeps its lines.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            let joined = para.join(" ");
            let (first, rest) = match list_marker(&joined) {
                Some(m) => (
                    format!("{indent}{m}"),
                    format!("{indent}{}", " ".repeat(m.len())),
                ),
                None => (indent.to_string(), indent.to_string()),
            };
            let body = list_marker(&joined).map_or(joined.as_str(), |m| &joined[m.len()..]);
            fill(out, body, width, &first, &rest);
            para.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            let _ = writeln!(out, "{indent}    {line}");
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut out);
            out.push('\n');
        } else if list_marker(t).is_some() {
            flush(&mut para, &mut out);
            para.push(t);
        } else {
            para.push(t);
        }
    }
    flush(&mut para, &mut out);
    let mut s = out.trim_end().to_string();
    while s.contains("\n\n\n") {
        s = s.replace("\n\n\n", "\n\n");
    }
    s + "\n"
}

/// "1. ", "- " or "* " at the start of a list item.
fn list_marker(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(&line[..digits + 2]);
    }
    (line.starts_with("- ") || line.starts_with("* ")).then(|| &line[..2])
}

/// Greedy word wrap of `text` into `out`.
fn fill(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    let mut line = String::new();
    let mut prefix = first;
    for word in text.split_whitespace() {
        if !line.is_empty() && prefix.len() + line.len() + 1 + word.len() > width {
            let _ = writeln!(out, "{prefix}{line}");
            line.clear();
            prefix = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{prefix}{line}");
    }
}

fn effective(p: Option<&Planned>, s: &Settings) -> String {
    match p {
        Some(p) => format!(
            "severity {}, weight {}, level {}{}",
            p.severity.as_str(),
            fmt_num(p.weight),
            s.checklist.levels[p.level].id,
            if p.cap_below < 1.0 {
                format!(
                    ", counts as failing below {}%",
                    fmt_num(p.cap_below * 100.0)
                )
            } else {
                String::new()
            }
        ),
        None => "not in the checklist in force (not run)".into(),
    }
}

pub fn explain_text(m: &CheckMeta, p: Option<&Planned>, s: &Settings, width: usize) -> String {
    let width = width.clamp(40, 100);
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", m.id, m.title);
    let _ = writeln!(
        out,
        "  category {} · default severity {} · applies {}",
        m.category.as_str(),
        m.severity.as_str(),
        applies(m)
    );
    let _ = writeln!(out, "  in force: {}\n", effective(p, s));
    for (head, body) in [
        ("Why it matters", &m.rationale),
        ("Passes when", &m.passes_when),
        ("How to fix", &m.remediation),
    ] {
        let _ = writeln!(out, "{head}\n{}", wrap(body, width, "  "));
    }
    if !m.params.is_empty() {
        let _ = writeln!(out, "Parameters");
        for (k, v) in m.params.iter() {
            let _ = writeln!(out, "  {k}: {v}");
        }
        if let Some(p) = p.filter(|p| !p.params.is_empty()) {
            let _ = writeln!(
                out,
                "  in force: {}",
                serde_json::to_string(&p.params).unwrap_or_default()
            );
        }
        out.push('\n');
    }
    if !m.references.is_empty() {
        let _ = writeln!(out, "References");
        for r in m.references.iter() {
            let _ = writeln!(out, "  {r}");
        }
    }
    out
}

fn applies(m: &CheckMeta) -> String {
    let profiles = if m.profiles.is_empty() {
        String::new()
    } else {
        format!(
            " (profiles: {})",
            m.profiles
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!("when {}{profiles}", m.applies_when)
}

fn section_markdown(out: &mut String, m: &CheckMeta, heading: &str) {
    let _ = writeln!(out, "{heading} `{}`\n\n**{}**\n", m.id, m.title);
    let _ = writeln!(
        out,
        "| category | severity | applies | stability |\n| --- | --- | --- | --- |\n| {} | {} | {} | {} |\n",
        m.category.as_str(),
        m.severity.as_str(),
        applies(m),
        match m.stability {
            crate::checks::Stability::Stable => "stable",
            crate::checks::Stability::Preview => "preview",
        }
    );
    let _ = writeln!(out, "{}\n", m.summary);
    let _ = writeln!(out, "*Why it matters.* {}\n", m.rationale.trim());
    let _ = writeln!(
        out,
        "*Passes when* {}.\n",
        m.passes_when.trim_end_matches('.')
    );
    // Remediation is Markdown already (lists, fenced code): kept as written.
    let _ = writeln!(out, "*How to fix.*\n\n{}\n", m.remediation.trim());
    if !m.params.is_empty() {
        let _ = writeln!(out, "*Parameters:*\n");
        for (k, v) in m.params.iter() {
            let _ = writeln!(out, "- `{k}`: {v}");
        }
        out.push('\n');
    }
    if !m.references.is_empty() {
        let refs: Vec<String> = m.references.iter().map(|r| format!("<{r}>")).collect();
        let _ = writeln!(out, "*References:* {}\n", refs.join(", "));
    }
}

pub fn explain_markdown(m: &CheckMeta, p: Option<&Planned>, s: &Settings) -> String {
    let mut out = String::new();
    section_markdown(&mut out, m, "#");
    let _ = writeln!(out, "*In force:* {}", effective(p, s));
    out
}

fn meta_json(m: &CheckMeta) -> serde_json::Value {
    serde_json::to_value(m).unwrap_or_default()
}

pub fn explain_json(m: &CheckMeta, p: Option<&Planned>, s: &Settings) -> String {
    let mut v = meta_json(m);
    if let (Some(obj), Some(p)) = (v.as_object_mut(), p) {
        obj.insert(
            "in_force".into(),
            json!({"severity": p.severity, "weight": p.weight, "level": s.checklist.levels[p.level].id, "cap_below": p.cap_below, "params": p.params}),
        );
    }
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

pub fn list_table(s: &Settings, width: u16) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    t.set_header(vec![
        "Check", "Category", "Severity", "Weight", "Level", "Applies",
    ]);
    for c in s.registry.iter() {
        let m = c.meta();
        let p = s.plan.iter().find(|p| p.check.meta().id == m.id);
        t.add_row(vec![
            m.id.to_string(),
            m.category.as_str().to_string(),
            p.map_or(m.severity, |p| p.severity).as_str().to_string(),
            p.map_or("-".into(), |p| fmt_num(p.weight)),
            p.map_or("(off)".into(), |p| s.checklist.levels[p.level].id.clone()),
            applies(m).trim_start_matches("when ").to_string(),
        ]);
    }
    format!("{t}\n")
}

pub fn list_json(s: &Settings) -> String {
    let items: Vec<serde_json::Value> = s
        .registry
        .iter()
        .map(|c| {
            let m = c.meta();
            let p = s.plan.iter().find(|p| p.check.meta().id == m.id);
            json!({
                "id": m.id, "title": m.title, "category": m.category, "severity": p.map_or(m.severity, |p| p.severity),
                "weight": p.map(|p| p.weight), "level": p.map(|p| s.checklist.levels[p.level].id.clone()),
                "enabled": p.is_some(), "applies_when": m.applies_when, "profiles": m.profiles,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}

/// docs/checks.md, generated; a test fails when the committed copy is stale.
pub fn catalog(s: &Settings) -> String {
    let mut out = String::from(
        "# Check catalog\n\n<!-- GENERATED by `shipready checks docs -o docs/checks.md`; do not edit by hand. -->\n\n\
         Every built-in check, with why it matters, what passes and how to fix it. \
         Weights and levels are those of the embedded default checklist.\n\n",
    );
    let _ = writeln!(
        out,
        "| check | category | severity | weight | level |\n| --- | --- | --- | --- | --- |"
    );
    for c in s.registry.iter() {
        let m = c.meta();
        let p = s.plan.iter().find(|p| p.check.meta().id == m.id);
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} | {} |",
            m.id,
            m.id.as_str().replace('.', ""),
            m.category.as_str(),
            p.map_or(m.severity, |p| p.severity).as_str(),
            p.map_or("-".into(), |p| fmt_num(p.weight)),
            p.map_or("(off)".into(), |p| s.checklist.levels[p.level].id.clone())
        );
    }
    out.push('\n');
    for c in s.registry.iter() {
        section_markdown(&mut out, c.meta(), "##");
    }
    out.trim_end().to_string() + "\n"
}

/// The commented starter `.shipready.yaml` that `init` writes.
pub fn init_template(r: &Report) -> String {
    let failing: Vec<&str> = r
        .checks
        .iter()
        .filter(|c| {
            matches!(
                c.outcome.status,
                crate::model::Status::Fail | crate::model::Status::Partial
            )
        })
        .map(|c| c.id.as_str())
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# shipready configuration. Reference: README.md, \"Configuration\"."
    );
    let _ = writeln!(out, "# Every key is optional; unknown keys are errors.\n");
    let _ = writeln!(
        out,
        "# What kind of software this is: service, worker, library or cli."
    );
    let _ = writeln!(
        out,
        "# Detected: {} ({}).",
        r.profile.profile.as_str(),
        r.profile.reason
    );
    let _ = writeln!(out, "profile: {}\n", r.profile.profile.as_str());
    let _ = writeln!(
        out,
        "# The level the verdict is measured against: baseline, production or hardened."
    );
    let _ = writeln!(out, "target: {}\n", r.summary.target);
    let _ = writeln!(
        out,
        "# Exit 1 in CI when the score drops below this (today: {}).",
        fmt_num(r.summary.score)
    );
    let _ = writeln!(out, "# fail_under: 70\n");
    let _ = writeln!(
        out,
        "# Paths to leave out of the scan (gitignore-like globs)."
    );
    let _ = writeln!(out, "exclude: []\n");
    let _ = writeln!(
        out,
        "# Per-check settings: disable, severity, weight, level, cap_below, ignore, params."
    );
    let _ = writeln!(out, "checks: {{}}");
    let _ = writeln!(out, "#  docs.adr:\n#    disable: true");
    let _ = writeln!(
        out,
        "#  docs.readme:\n#    weight: 8\n#    ignore: [\"examples/**\"]\n"
    );
    let _ = writeln!(
        out,
        "# Checks that do not apply here, each with the reason."
    );
    let _ = writeln!(out, "not_applicable: []");
    let _ = writeln!(
        out,
        "#  - check: recovery.restore-tested\n#    reason: stateless service, no datastore\n"
    );
    let _ = writeln!(
        out,
        "# Accepted failures: a reason and the last day they hold."
    );
    let _ = writeln!(out, "waivers: []");
    if let Some(first) = failing.first() {
        let _ = writeln!(
            out,
            "#  - check: {first}\n#    reason: tracked in TICKET-123\n#    expires: 2026-12-31"
        );
    }
    let _ = writeln!(
        out,
        "\n# Checks of your own: kinds file_exists, file_absent and content."
    );
    let _ = writeln!(out, "custom_checks: []");
    let _ = writeln!(out, "#  - id: team.makefile\n#    title: A Makefile drives build and test\n#    category: deployment\n#    severity: low\n#    kind: file_exists\n#    any: [Makefile, justfile]");
    out
}
