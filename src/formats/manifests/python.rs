//! pyproject.toml (PEP 621, PEP 735, Poetry, PDM, uv), requirements files,
//! Pipfile, setup.cfg and setup.py.

use super::{line_of_key, toml_problem, DepKind, Ecosystem, Manifest, Role};
use crate::formats::source::line_of;

/// A PEP 508 requirement's distribution name: `flask[async]>=2; python_version>"3"` is flask.
pub fn requirement_name(req: &str) -> String {
    let req = req.trim();
    let end = req
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(req.len());
    req[..end].to_ascii_lowercase().replace('_', "-")
}

/// Whether an extras or group name is tooling rather than product.
fn dev_group(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "dev", "test", "lint", "doc", "typing", "type", "mypy", "ci", "check", "format", "style",
        "bench", "coverage", "release", "build",
    ]
    .iter()
    .any(|w| n.contains(w))
}

fn requirement_line(text: &str, req: &str) -> Option<u32> {
    let needle = format!("\"{}", req.trim());
    super::line_containing(text, &needle).or_else(|| super::line_containing(text, req.trim()))
}

fn add_reqs(m: &mut Manifest, text: &str, list: Option<&toml::Value>, kind: DepKind) {
    for r in list
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str())
    {
        let name = requirement_name(r);
        let line = requirement_line(text, r);
        m.dep(&name, kind, line);
    }
}

pub(super) fn pyproject(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Python, Role::Manifest);
    let v: toml::Table = match text.parse() {
        Ok(v) => v,
        Err(e) => {
            toml_problem(&mut m, text, &e);
            return m;
        }
    };
    let project = v.get("project").and_then(|p| p.as_table());
    let tool = v.get("tool").and_then(|t| t.as_table());
    let poetry = tool
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.as_table());
    m.name = project
        .or(poetry)
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(|n| n.to_ascii_lowercase().replace('_', "-"));
    if let Some(p) = project {
        add_reqs(&mut m, text, p.get("dependencies"), DepKind::Runtime);
        if let Some(extras) = p.get("optional-dependencies").and_then(|o| o.as_table()) {
            for (group, list) in extras {
                let kind = if dev_group(group) {
                    DepKind::Dev
                } else {
                    DepKind::Optional
                };
                add_reqs(&mut m, text, Some(list), kind);
            }
        }
    }
    // PEP 735 dependency groups, PDM and uv development dependencies.
    for groups in [
        v.get("dependency-groups"),
        tool.and_then(|t| t.get("pdm"))
            .and_then(|p| p.get("dev-dependencies")),
    ]
    .into_iter()
    .flatten()
    .filter_map(|g| g.as_table())
    {
        for list in groups.values() {
            add_reqs(&mut m, text, Some(list), DepKind::Dev);
        }
    }
    add_reqs(
        &mut m,
        text,
        tool.and_then(|t| t.get("uv"))
            .and_then(|u| u.get("dev-dependencies")),
        DepKind::Dev,
    );
    if let Some(p) = poetry {
        let poetry_deps = |table: Option<&toml::Value>, kind: DepKind, m: &mut Manifest| {
            for (name, spec) in table.and_then(|t| t.as_table()).into_iter().flatten() {
                if name.eq_ignore_ascii_case("python") {
                    continue;
                }
                let optional = spec.get("optional").and_then(|o| o.as_bool()) == Some(true);
                let kind = if optional && kind == DepKind::Runtime {
                    DepKind::Optional
                } else {
                    kind
                };
                let line = line_of_key(text, name, 0);
                m.dep(&requirement_name(name), kind, line);
            }
        };
        poetry_deps(p.get("dependencies"), DepKind::Runtime, &mut m);
        poetry_deps(p.get("dev-dependencies"), DepKind::Dev, &mut m);
        if let Some(groups) = p.get("group").and_then(|g| g.as_table()) {
            for (name, g) in groups {
                let kind = if name == "main" {
                    DepKind::Runtime
                } else {
                    DepKind::Dev
                };
                poetry_deps(g.get("dependencies"), kind, &mut m);
            }
        }
        if p.get("package-mode").and_then(|b| b.as_bool()) == Some(false) {
            m.application.push("Poetry package-mode = false".into());
        }
    }
    let scripts = [project, poetry]
        .iter()
        .flatten()
        .filter_map(|t| t.get("scripts").and_then(|s| s.as_table()))
        .any(|s| !s.is_empty());
    if scripts {
        m.entry_points.push("console scripts".into());
    }
    let classifiers: Vec<&str> = [project, poetry]
        .iter()
        .flatten()
        .filter_map(|t| t.get("classifiers").and_then(|c| c.as_array()))
        .flatten()
        .filter_map(|c| c.as_str())
        .collect();
    // Trove classifiers only matter on PyPI: a deployed app has no use for them.
    if !classifiers.is_empty() {
        m.published.push("PyPI classifiers".into());
    }
    m.console = classifiers
        .iter()
        .any(|c| c.starts_with("Environment :: Console"));
    if let Some(ws) = tool
        .and_then(|t| t.get("uv"))
        .and_then(|u| u.get("workspace"))
        .and_then(|w| w.get("members"))
        .and_then(|w| w.as_array())
    {
        m.members = ws
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect();
    }
    m
}

/// A requirements file: one requirement a line, `-r`/`-c` includes and
/// options skipped. Development files are named so (`requirements-dev.txt`,
/// `requirements/test.txt`).
pub(super) fn requirements(name: &str, role: Role, text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Python, role);
    let kind = if dev_group(name.trim_start_matches("requirements"))
        || name.starts_with("dev")
        || name.starts_with("test")
    {
        DepKind::Dev
    } else {
        DepKind::Runtime
    };
    let mut continued = false;
    for (i, line) in text.lines().enumerate() {
        let was_continued = continued;
        continued = line.trim_end().ends_with('\\');
        if was_continued {
            continue; // `--hash=...` lines of a pip-compile lock
        }
        let t = line.split(" #").next().unwrap_or("").trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('-') {
            continue;
        }
        // A URL or path requirement names its package after `#egg=` or `@`.
        let req = if let Some((n, _)) = t.split_once(" @ ") {
            n
        } else if let Some(egg) = t.split("#egg=").nth(1) {
            egg
        } else if t.contains("://") || t.starts_with('.') || t.starts_with('/') {
            continue;
        } else {
            t
        };
        let dep_name = requirement_name(req);
        let pinned = req.contains("==") || req.contains("===");
        m.dep(&dep_name, kind, Some(i as u32 + 1));
        if let Some(d) = m.deps.last_mut() {
            d.pinned = pinned;
        }
    }
    m
}

pub(super) fn pipfile(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Python, Role::Manifest);
    let v: toml::Table = match text.parse() {
        Ok(v) => v,
        Err(e) => {
            toml_problem(&mut m, text, &e);
            return m;
        }
    };
    for (section, kind) in [
        ("packages", DepKind::Runtime),
        ("dev-packages", DepKind::Dev),
    ] {
        let from = line_of_key(text, &format!("[{section}]"), 0).unwrap_or(0);
        for name in v
            .get(section)
            .and_then(|s| s.as_table())
            .into_iter()
            .flat_map(|t| t.keys())
        {
            let line = line_of_key(text, name, from.saturating_sub(1));
            m.dep(&requirement_name(name), kind, line);
        }
    }
    m.application.push("a Pipfile".into());
    m
}

/// setup.cfg, read as INI: `[metadata] name`/`classifiers` and `[options]
/// install_requires`, `[options.extras_require]`.
pub(super) fn setup_cfg(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Python, Role::Manifest);
    let mut section = String::new();
    let mut key = String::new();
    for (i, line) in text.lines().enumerate() {
        let n = Some(i as u32 + 1);
        if line.trim().is_empty() || line.trim_start().starts_with(['#', ';']) {
            continue;
        }
        let t = line.trim();
        if t.starts_with('[') {
            if !t.ends_with(']') {
                m.problem(n, "unterminated section header");
            }
            section = t.trim_matches(['[', ']']).to_ascii_lowercase();
            key.clear();
            continue;
        }
        let (value, is_cont) = if line.starts_with([' ', '\t']) {
            (t, true)
        } else if let Some((k, v)) = t.split_once(['=', ':']) {
            key = k.trim().to_ascii_lowercase();
            (v.trim(), false)
        } else {
            m.problem(
                n,
                format!(
                    "expected `key = value`, found `{}`",
                    t.chars().take(40).collect::<String>()
                ),
            );
            continue;
        };
        match (section.as_str(), key.as_str()) {
            ("metadata", "name") if !is_cont => m.name = Some(value.to_ascii_lowercase()),
            ("metadata", "classifiers") => {
                if !value.is_empty() && !m.published.iter().any(|p| p == "PyPI classifiers") {
                    m.published.push("PyPI classifiers".into());
                }
                if value.starts_with("Environment :: Console") {
                    m.console = true;
                }
            }
            ("options", "install_requires") if !value.is_empty() => {
                m.dep(&requirement_name(value), DepKind::Runtime, n)
            }
            ("options.extras_require", group) if !value.is_empty() => {
                let kind = if dev_group(group) {
                    DepKind::Dev
                } else {
                    DepKind::Optional
                };
                m.dep(&requirement_name(value), kind, n)
            }
            ("options.entry_points", "console_scripts")
                if !value.is_empty() && m.entry_points.is_empty() =>
            {
                m.entry_points.push("console scripts".into());
            }
            _ => {}
        }
    }
    m
}

/// setup.py is code; only the literal strings of `install_requires=[...]`
/// are read, and `classifiers=` marks a published package.
pub(super) fn setup_py(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Python, Role::Manifest);
    if let Some(start) = text.find("install_requires") {
        let rest = &text[start..];
        if let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) {
            if open < close {
                let list = &rest[open + 1..close];
                let mut offset = start + open + 1;
                for part in list.split(',') {
                    let item = part.trim().trim_matches(['"', '\'']);
                    if !item.is_empty() && !item.contains('(') {
                        m.dep(
                            &requirement_name(item),
                            DepKind::Runtime,
                            Some(line_of(text, offset)),
                        );
                    }
                    offset += part.len() + 1;
                }
            }
        }
    }
    if text.contains("classifiers") {
        m.published.push("PyPI classifiers".into());
    }
    m
}
