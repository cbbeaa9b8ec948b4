//! What the repository's own scripts run, for pipelines that call them:
//! shell and other scripts, Makefile targets, package.json scripts.
//!
//! Each is reduced to the command hits (tests, lint, scans, deploys) and the
//! further references of each line, with line numbers, so a check can follow
//! `make ci` -> `cargo test` or `bash .ci/run` -> `cargo test` without
//! reading the file again.

use super::commands::{classify_line, references, Hit, Reference};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lines {
    pub hits: Vec<(Hit, u32)>,
    pub refs: Vec<(Reference, u32)>,
}

impl Lines {
    fn add(&mut self, line: &str, lineno: u32) {
        for h in classify_line(line) {
            self.hits.push((h, lineno));
        }
        for r in references(line) {
            self.refs.push((r, lineno));
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: String,
    pub line: u32,
    pub prereqs: Vec<String>,
    pub body: Lines,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScriptFacts {
    Script(Lines),
    Makefile {
        targets: Vec<Target>,
    },
    /// package.json `scripts`: (name, line, what the command does).
    Package(Vec<(String, u32, Lines)>),
    /// A package.json whose `test` script is npm's placeholder, which
    /// fails without running anything.
    PackagePlaceholder(Vec<(String, u32, Lines)>),
    None,
}

/// Which files can hold commands a pipeline calls.
pub fn is_candidate(path: &str, size: u64) -> bool {
    if size > 512 * 1024 {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if matches!(
        name,
        "makefile" | "gnumakefile" | "justfile" | "package.json"
    ) || name.ends_with(".mk")
    {
        return true;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e);
    if matches!(ext, Some("sh" | "bash")) {
        return true;
    }
    let dir = lower.rsplit_once('/').map_or("", |(d, _)| d);
    let script_dir = dir.split('/').any(|c| {
        matches!(
            c,
            "scripts"
                | "script"
                | ".ci"
                | "ci"
                | "bin"
                | "hack"
                | "tools"
                | "dev"
                | "build-support"
        )
    }) || dir == ".github/scripts";
    script_dir
        && matches!(
            ext,
            None | Some("py" | "ps1" | "rb" | "pl" | "js" | "mjs" | "ts" | "cmd" | "bat")
        )
}

impl ScriptFacts {
    pub fn parse(path: &str, text: &str) -> Self {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        if name == "package.json" {
            return package(text);
        }
        if matches!(name, "makefile" | "gnumakefile" | "justfile") || name.ends_with(".mk") {
            return makefile(text);
        }
        let mut l = Lines::default();
        for (i, line) in text.lines().enumerate() {
            l.add(line, i as u32 + 1);
        }
        ScriptFacts::Script(l)
    }
}

fn package(text: &str) -> ScriptFacts {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return ScriptFacts::None;
    };
    let Some(scripts) = v.get("scripts").and_then(|s| s.as_object()) else {
        return ScriptFacts::Package(Vec::new());
    };
    let mut out = Vec::new();
    let mut placeholder = false;
    for (name, cmd) in scripts {
        let Some(cmd) = cmd.as_str() else { continue };
        let needle = format!("\"{name}\"");
        let line = text
            .lines()
            .position(|l| l.contains(&needle))
            .map_or(1, |i| i as u32 + 1);
        let mut l = Lines::default();
        // `npm init`'s placeholder fails on purpose; it runs no tests.
        if name == "test" && cmd.contains("no test specified") {
            placeholder = true;
        } else {
            for part in cmd.split("&&") {
                l.add(part.trim(), line);
            }
        }
        out.push((name.clone(), line, l));
    }
    if placeholder {
        ScriptFacts::PackagePlaceholder(out)
    } else {
        ScriptFacts::Package(out)
    }
}

/// Rule lines (`target: prereqs`) and their recipes (tab-indented, or any
/// indentation for a justfile).
fn makefile(text: &str) -> ScriptFacts {
    let mut targets: Vec<Target> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let lineno = i as u32 + 1;
        if line.starts_with('\t') || (line.starts_with("    ") && !targets.is_empty()) {
            if let Some(t) = targets.last_mut() {
                let cmd = line.trim().trim_start_matches(['@', '-', '+']);
                t.body.add(cmd, lineno);
            }
            continue;
        }
        let trimmed = line.trim_end();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let Some((head, tail)) = trimmed.split_once(':') else {
            continue;
        };
        if tail.starts_with('=') || head.contains('=') || head.contains('$') {
            continue;
        }
        let prereqs: Vec<String> = tail
            .split(|c: char| c.is_whitespace() || c == ';')
            .filter(|p| !p.is_empty() && !p.contains('$'))
            .map(str::to_string)
            .collect();
        for name in head.split_whitespace() {
            // justfile recipes take parameters after the name.
            let name = name.trim_start_matches('@');
            if name.starts_with('.') {
                continue;
            }
            targets.push(Target {
                name: name.to_string(),
                line: lineno,
                prereqs: prereqs.clone(),
                body: Lines::default(),
            });
            break;
        }
    }
    ScriptFacts::Makefile { targets }
}

impl ScriptFacts {
    pub fn target(&self, name: &str) -> Option<&Target> {
        match self {
            ScriptFacts::Makefile { targets } if name.is_empty() => targets.first(),
            ScriptFacts::Makefile { targets } => targets.iter().find(|t| t.name == name),
            _ => None,
        }
    }

    pub fn package_script(&self, name: &str) -> Option<&(String, u32, Lines)> {
        match self {
            ScriptFacts::Package(s) | ScriptFacts::PackagePlaceholder(s) => {
                s.iter().find(|(n, _, _)| n == name)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::ci::commands::Purpose;

    #[test]
    fn makefile_targets_and_recipes() {
        let f = ScriptFacts::parse("Makefile", "VAR := 1\n.PHONY: test\nci: lint test\n\ntest:\n\tcargo test\nlint:\n\t@cargo clippy\n");
        let t = f.target("test").unwrap();
        assert_eq!(t.body.hits[0].0.purpose, Purpose::Test);
        assert_eq!(t.body.hits[0].1, 6);
        assert_eq!(f.target("ci").unwrap().prereqs, ["lint", "test"]);
        assert_eq!(f.target("").unwrap().name, "ci");
    }

    #[test]
    fn package_scripts_and_the_npm_placeholder() {
        let f = ScriptFacts::parse("package.json", "{\n \"scripts\": {\n  \"test\": \"echo \\\"Error: no test specified\\\" && exit 1\",\n  \"verify\": \"vitest run && eslint .\"\n }\n}");
        assert!(matches!(f, ScriptFacts::PackagePlaceholder(_)));
        let v = f.package_script("verify").unwrap();
        assert_eq!(v.1, 4);
        assert_eq!(v.2.hits.len(), 2);
        assert_eq!(ScriptFacts::parse("package.json", "{"), ScriptFacts::None);
    }

    #[test]
    fn candidates() {
        assert!(is_candidate(".ci/run", 10));
        assert!(is_candidate("scripts/test.py", 10));
        assert!(is_candidate("Makefile", 10));
        assert!(!is_candidate("src/main.py", 10));
        assert!(!is_candidate("scripts/big.sh", 10_000_000));
    }
}
