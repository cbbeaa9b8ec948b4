//! package.json and pnpm-workspace.yaml.

use super::{json_problem, line_of_key, DepKind, Ecosystem, Manifest, Role};

pub(super) fn manifest(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Npm, Role::Manifest);
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            json_problem(&mut m, &e);
            return m;
        }
    };
    let Some(o) = v.as_object() else {
        m.problem(Some(1), "package.json is not a JSON object");
        return m;
    };
    m.name = o.get("name").and_then(|n| n.as_str()).map(str::to_string);
    // Lines: each section's keys are searched after the section's own line,
    // so a name in both `dependencies` and `devDependencies` gets each line.
    for (section, kind) in [
        ("dependencies", DepKind::Runtime),
        ("optionalDependencies", DepKind::Optional),
        ("peerDependencies", DepKind::Optional),
        ("devDependencies", DepKind::Dev),
    ] {
        let Some(deps) = o.get(section).and_then(|d| d.as_object()) else {
            continue;
        };
        let from = line_of_key(text, section, 0).unwrap_or(1);
        for name in deps.keys() {
            let line = line_of_key(text, name, from);
            m.dep(name, kind, line);
        }
    }
    let private = o.get("private").and_then(|p| p.as_bool()) == Some(true);
    if private {
        m.application.push("\"private\": true".into());
    }
    if o.contains_key("bin") {
        m.entry_points.push("\"bin\"".into());
    }
    if !private {
        if let Some(k) = [
            "exports",
            "types",
            "typings",
            "module",
            "publishConfig",
            "files",
        ]
        .iter()
        .find(|k| o.contains_key(**k))
        {
            m.published.push(format!("npm package with \"{k}\""));
        }
    }
    match o.get("workspaces") {
        Some(serde_json::Value::Array(a)) => {
            m.members = a
                .iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        }
        Some(serde_json::Value::Object(w)) => {
            if let Some(a) = w.get("packages").and_then(|p| p.as_array()) {
                m.members = a
                    .iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            }
        }
        _ => {}
    }
    m
}

/// `packages:` globs of a pnpm workspace (a YAML list read line by line).
pub(super) fn pnpm_workspace(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Npm, Role::Workspace);
    let mut in_packages = false;
    for line in text.lines() {
        if line.starts_with("packages:") {
            in_packages = true;
            continue;
        }
        if in_packages {
            let t = line.trim();
            if let Some(item) = t.strip_prefix("- ") {
                m.members
                    .push(item.trim().trim_matches(['\'', '"']).to_string());
            } else if !t.is_empty() && !t.starts_with('#') && !line.starts_with(' ') {
                in_packages = false;
            }
        }
    }
    m
}
