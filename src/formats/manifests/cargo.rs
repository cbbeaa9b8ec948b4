//! Cargo.toml and Cargo.lock.

use super::{line_of_key, toml_problem, DepKind, Ecosystem, Manifest, Role};

pub(super) fn manifest(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Cargo, Role::Manifest);
    let v: toml::Table = match text.parse() {
        Ok(v) => v,
        Err(e) => {
            toml_problem(&mut m, text, &e);
            return m;
        }
    };
    let package = v.get("package").and_then(|p| p.as_table());
    m.name = package
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string);
    let tables = |t: &toml::Table, kind_of: &dyn Fn(&str) -> Option<DepKind>| {
        let mut out = Vec::new();
        for (key, kind) in [
            ("dependencies", kind_of("dependencies")),
            ("dev-dependencies", kind_of("dev-dependencies")),
            ("build-dependencies", kind_of("build-dependencies")),
        ] {
            if let (Some(deps), Some(kind)) = (t.get(key).and_then(|d| d.as_table()), kind) {
                for (name, spec) in deps {
                    // `foo = { package = "bar" }` renames; the crate is bar.
                    let real = spec.get("package").and_then(|p| p.as_str()).unwrap_or(name);
                    let optional = spec.get("optional").and_then(|o| o.as_bool()) == Some(true);
                    let kind = if optional && kind == DepKind::Runtime {
                        DepKind::Optional
                    } else {
                        kind
                    };
                    out.push((name.clone(), real.to_string(), kind));
                }
            }
        }
        out
    };
    let kinds = |k: &str| {
        Some(match k {
            "dependencies" => DepKind::Runtime,
            _ => DepKind::Dev,
        })
    };
    let mut found = tables(&v, &kinds);
    if let Some(targets) = v.get("target").and_then(|t| t.as_table()) {
        for t in targets.values().filter_map(|t| t.as_table()) {
            found.extend(tables(t, &kinds));
        }
    }
    if let Some(ws) = v.get("workspace").and_then(|w| w.as_table()) {
        if let Some(members) = ws.get("members").and_then(|m| m.as_array()) {
            m.members = members
                .iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect();
        }
        // Shared versions for members: only what members use is needed,
        // but the list names the stack all the same.
        if package.is_none() {
            found.extend(tables(ws, &|k| {
                (k == "dependencies").then_some(DepKind::Runtime)
            }));
        }
    }
    for (key, real, kind) in found {
        let line = line_of_key(text, &key, 0);
        m.dep(&real, kind, line);
    }
    if v.get("bin")
        .and_then(|b| b.as_array())
        .is_some_and(|b| !b.is_empty())
    {
        m.entry_points.push("[[bin]]".into());
    }
    if package
        .and_then(|p| p.get("publish"))
        .and_then(|p| p.as_bool())
        == Some(false)
    {
        m.application.push("publish = false".into());
    }
    m
}

pub(super) fn lock(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Cargo, Role::Lockfile);
    if let Err(e) = text.parse::<toml::Table>() {
        toml_problem(&mut m, text, &e);
    }
    m
}
