//! go.mod and go.work.

use super::{DepKind, Ecosystem, Manifest, Role};

/// Direct requirements only: `// indirect` ones are other modules' needs.
pub(super) fn module(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Go, Role::Manifest);
    let mut block: Option<&str> = None;
    let mut saw_module = false;
    for (i, line) in text.lines().enumerate() {
        let n = Some(i as u32 + 1);
        let t = line.split("//").next().unwrap_or("").trim();
        let indirect = line.contains("// indirect");
        if let Some(b) = block {
            if t == ")" {
                block = None;
            } else if b == "require" && !t.is_empty() && !indirect {
                if let Some(path) = t.split_whitespace().next() {
                    m.dep(path, DepKind::Runtime, n);
                }
            }
            continue;
        }
        let mut words = t.split_whitespace();
        match words.next() {
            Some("module") => {
                saw_module = true;
                m.name = words.next().map(|w| w.trim_matches('"').to_string());
            }
            Some(kw @ ("require" | "replace" | "exclude" | "retract" | "tool" | "godebug")) => {
                match words.next() {
                    Some("(") => block = Some(kw),
                    Some(path) if kw == "require" && !indirect => m.dep(path, DepKind::Runtime, n),
                    _ => {}
                }
            }
            Some("go" | "toolchain") | None => {}
            Some(other) => m.problem(n, format!("unknown go.mod directive `{other}`")),
        }
    }
    if block.is_some() {
        m.problem(None, "unterminated `(` block");
    }
    if !saw_module && !text.trim().is_empty() {
        m.problem(Some(1), "no `module` directive");
    }
    m
}

pub(super) fn work(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Go, Role::Workspace);
    let mut in_use = false;
    for line in text.lines() {
        let t = line.split("//").next().unwrap_or("").trim();
        if in_use {
            if t == ")" {
                in_use = false;
            } else if !t.is_empty() {
                m.members.push(t.to_string());
            }
        } else if let Some(rest) = t.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                in_use = true;
            } else if !rest.is_empty() {
                m.members.push(rest.to_string());
            }
        }
    }
    m
}
