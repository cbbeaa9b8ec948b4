//! Gemfile, composer.json and mix.exs.

use super::{json_problem, line_of_key, DepKind, Ecosystem, Manifest, Role};

/// `gem` lines; those in development/test groups (a `group ... do` block
/// or a `group:` option) are tooling. A `gemspec` line means the Gemfile
/// serves a gem being developed.
pub(super) fn gemfile(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Ruby, Role::Manifest);
    // One entry per open `do` block: whether it is a dev group.
    let mut blocks: Vec<bool> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = Some(i as u32 + 1);
        let t = line.split(" #").next().unwrap_or("").trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        if t.ends_with(" do") || t.contains(" do |") {
            let dev = t.starts_with("group ")
                && !t.contains(":production")
                && (t.contains(":development") || t.contains(":test") || t.contains(":ci"));
            blocks.push(dev);
            continue;
        }
        if t == "end" {
            if blocks.pop().is_none() {
                m.problem(n, "`end` without an open block");
            }
            continue;
        }
        if t == "gemspec" || t.starts_with("gemspec ") || t.starts_with("gemspec(") {
            m.published.push("a gemspec".into());
            continue;
        }
        let Some(rest) = t.strip_prefix("gem ").or_else(|| t.strip_prefix("gem(")) else {
            continue;
        };
        let quote = rest.trim_start().chars().next();
        if !matches!(quote, Some('\'') | Some('"')) {
            continue;
        }
        let name = rest
            .trim_start()
            .trim_start_matches(['\'', '"'])
            .split(['\'', '"'])
            .next()
            .unwrap_or("");
        let option_dev = rest.contains("group:") || rest.contains(":group =>");
        let option_dev = option_dev
            && (rest.contains(":development") || rest.contains(":test"))
            && !rest.contains(":production");
        let kind = if blocks.iter().any(|d| *d) || option_dev {
            DepKind::Dev
        } else {
            DepKind::Runtime
        };
        m.dep(name, kind, n);
    }
    if !blocks.is_empty() {
        m.problem(
            None,
            format!("{} `do` block(s) never closed with `end`", blocks.len()),
        );
    }
    m
}

pub(super) fn composer(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Composer, Role::Manifest);
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            json_problem(&mut m, &e);
            return m;
        }
    };
    m.name = v.get("name").and_then(|n| n.as_str()).map(str::to_string);
    for (section, kind) in [("require", DepKind::Runtime), ("require-dev", DepKind::Dev)] {
        let from = line_of_key(text, section, 0).unwrap_or(1);
        for name in v
            .get(section)
            .and_then(|r| r.as_object())
            .into_iter()
            .flat_map(|o| o.keys())
        {
            // The PHP version and extensions are platform, not packages.
            if name == "php" || name.starts_with("ext-") || name.starts_with("lib-") {
                continue;
            }
            m.dep(name, kind, line_of_key(text, name, from));
        }
    }
    match v.get("type").and_then(|t| t.as_str()) {
        Some("library") | Some("symfony-bundle") | Some("wordpress-plugin") => {
            m.published.push("composer type library".into())
        }
        Some("project") => m.application.push("composer type project".into()),
        _ => {}
    }
    if v.get("bin").is_some() {
        m.entry_points.push("\"bin\"".into());
    }
    m
}

/// mix.exs: `{:dep, "~> 1.0"}` tuples in `deps`; `only: :test` or
/// `only: [:dev, :test]` marks tooling. A `package:` entry means a Hex
/// package.
pub(super) fn mix(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Hex, Role::Manifest);
    let body = text.find("defp deps").or_else(|| text.find("def deps"));
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') {
            continue;
        }
        if t.starts_with("app:") && m.name.is_none() {
            m.name = t
                .trim_start_matches("app:")
                .trim()
                .trim_start_matches(':')
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .map(str::to_string);
        }
        if t.starts_with("package:") {
            m.published.push("a Hex package".into());
        }
        if t.starts_with("mod:") {
            m.application
                .push("an OTP application callback (mod:)".into());
        }
    }
    let Some(start) = body else { return m };
    let offset_line = crate::formats::source::line_of(text, start);
    let mut depth = 0i32;
    for (i, line) in text[start..].lines().enumerate() {
        let t = line.split('#').next().unwrap_or("").trim();
        // One tuple a line is the convention, `[{:a, "1"}, {:b, "2"}]` is legal.
        for tuple in t.split("{:").skip(1) {
            let name: String = tuple
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let body = tuple.split('}').next().unwrap_or("");
            let only = body.split("only:").nth(1).unwrap_or("");
            let dev = !only.is_empty() && !only.contains(":prod");
            let kind = if dev { DepKind::Dev } else { DepKind::Runtime };
            m.dep(&name, kind, Some(offset_line + i as u32));
        }
        depth += t.matches(" do").count() as i32 + t.matches("fn ").count() as i32;
        depth -= t.split_whitespace().filter(|w| *w == "end").count() as i32;
        if i > 0 && depth <= 0 && t == "end" {
            break;
        }
    }
    m
}
