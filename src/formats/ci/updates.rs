//! Dependency update automation: Dependabot (`.github/dependabot.yml`) and
//! Renovate (`renovate.json(5)`, `.renovaterc*`, package.json `renovate`),
//! and the package ecosystems a repository's files belong to, in
//! Dependabot's names.

use super::yaml::{self, Node};

/// The ecosystem a file is a manifest of (Dependabot's names).
pub fn ecosystem(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if lower.starts_with(".github/workflows/")
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
    {
        return Some("github-actions");
    }
    Some(match name {
        "cargo.toml" => "cargo",
        "package.json" => "npm",
        "go.mod" => "gomod",
        "pyproject.toml" | "pipfile" | "setup.py" | "setup.cfg" => "pip",
        "gemfile" => "bundler",
        "pom.xml" => "maven",
        "build.gradle" | "build.gradle.kts" | "settings.gradle" | "settings.gradle.kts" => "gradle",
        "composer.json" => "composer",
        "packages.config" | "directory.packages.props" => "nuget",
        "mix.exs" => "mix",
        "pubspec.yaml" => "pub",
        "package.swift" => "swift",
        "dockerfile" | "containerfile" => "docker",
        _ if name.starts_with("requirements") && name.ends_with(".txt") => "pip",
        _ if name.ends_with(".csproj")
            || name.ends_with(".fsproj")
            || name.ends_with(".vbproj") =>
        {
            "nuget"
        }
        _ if name.ends_with(".dockerfile") || name.starts_with("dockerfile.") => "docker",
        _ if name.ends_with(".tf") => "terraform",
        _ => return None,
    })
}

/// Whether `eco` is a package manager's (rather than images, workflows or
/// infrastructure, which need a package manifest elsewhere to apply).
pub fn is_package_ecosystem(eco: &str) -> bool {
    !matches!(eco, "docker" | "github-actions" | "terraform")
}

/// Renovate manager names for one Dependabot ecosystem.
fn renovate_managers(eco: &str) -> &'static [&'static str] {
    match eco {
        "cargo" => &["cargo"],
        "npm" => &["npm"],
        "gomod" => &["gomod"],
        "pip" => &[
            "pip_requirements",
            "pip_setup",
            "pipenv",
            "poetry",
            "pep621",
            "setup-cfg",
            "pep723",
        ],
        "bundler" => &["bundler"],
        "maven" => &["maven", "maven-wrapper"],
        "gradle" => &["gradle", "gradle-wrapper"],
        "composer" => &["composer"],
        "nuget" => &["nuget"],
        "mix" => &["mix"],
        "pub" => &["pub"],
        "swift" => &["swift"],
        "docker" => &["dockerfile", "docker-compose"],
        "github-actions" => &["github-actions"],
        "terraform" => &["terraform", "terragrunt"],
        _ => &[],
    }
}

/// One update configuration.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateConfig {
    Dependabot {
        /// (ecosystem, directories, line).
        updates: Vec<(String, Vec<String>, u32)>,
        problem: Option<(u32, String)>,
    },
    Renovate {
        /// `enabledManagers`, when it restricts them.
        enabled: Option<Vec<String>>,
        problem: Option<(u32, String)>,
    },
    /// A package.json without a `renovate` key.
    None,
}

impl UpdateConfig {
    /// Whether this config keeps `eco` up to date (in `dir` for Dependabot,
    /// which looks only where it is told).
    pub fn covers(&self, eco: &str, dirs: &[String]) -> bool {
        match self {
            UpdateConfig::Dependabot { updates, .. } => updates.iter().any(|(e, ds, _)| {
                let same = e == eco
                    || (eco == "pip" && matches!(e.as_str(), "uv" | "pipenv" | "poetry"))
                    || (eco == "npm" && matches!(e.as_str(), "bun" | "yarn" | "pnpm"))
                    || (eco == "docker" && e == "docker-compose");
                same && (eco == "github-actions"
                    || dirs.iter().any(|d| ds.iter().any(|p| dir_matches(p, d))))
            }),
            UpdateConfig::Renovate { enabled, .. } => match enabled {
                None => true,
                Some(list) => renovate_managers(eco)
                    .iter()
                    .any(|m| list.iter().any(|l| l == m)),
            },
            UpdateConfig::None => false,
        }
    }

    pub fn problem(&self) -> Option<&(u32, String)> {
        match self {
            UpdateConfig::Dependabot { problem, .. } | UpdateConfig::Renovate { problem, .. } => {
                problem.as_ref()
            }
            UpdateConfig::None => None,
        }
    }
}

/// A Dependabot `directory` (or `directories` glob) against a manifest's
/// directory ("" for the root).
fn dir_matches(pattern: &str, dir: &str) -> bool {
    let p = pattern.trim().trim_matches('/');
    if p == "**" || p == "*" && !dir.contains('/') {
        return true;
    }
    if let Some(prefix) = p.strip_suffix("/**") {
        return dir == prefix || dir.starts_with(&format!("{prefix}/"));
    }
    if let Some(prefix) = p.strip_suffix("/*") {
        return dir
            .strip_prefix(&format!("{prefix}/"))
            .is_some_and(|r| !r.contains('/'));
    }
    p == dir
}

pub fn is_update_config(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        ".github/dependabot.yml"
            | ".github/dependabot.yaml"
            | "renovate.json"
            | "renovate.json5"
            | ".github/renovate.json"
            | ".github/renovate.json5"
            | ".gitlab/renovate.json"
            | ".gitlab/renovate.json5"
            | ".renovaterc"
            | ".renovaterc.json"
            | ".renovaterc.json5"
            | "package.json"
    )
}

impl UpdateConfig {
    pub fn parse(path: &str, text: &str) -> Self {
        let lower = path.to_ascii_lowercase();
        if lower.contains("dependabot") {
            return dependabot(text);
        }
        if lower == "package.json" {
            return match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) => match v.get("renovate") {
                    Some(r) => UpdateConfig::Renovate {
                        enabled: managers(r),
                        problem: None,
                    },
                    None => UpdateConfig::None,
                },
                Err(_) => UpdateConfig::None,
            };
        }
        // JSON5 allows comments and trailing commas; read what plain JSON
        // can, and otherwise assume Renovate's default (every manager).
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => UpdateConfig::Renovate {
                enabled: managers(&v),
                problem: None,
            },
            Err(e) if !lower.ends_with(".json5") && lower != ".renovaterc" => {
                UpdateConfig::Renovate {
                    enabled: None,
                    problem: Some((e.line() as u32, format!("not valid JSON: {e}"))),
                }
            }
            Err(_) => UpdateConfig::Renovate {
                enabled: None,
                problem: None,
            },
        }
    }
}

fn managers(v: &serde_json::Value) -> Option<Vec<String>> {
    v.get("enabledManagers")?.as_array().map(|a| {
        a.iter()
            .filter_map(|m| m.as_str().map(str::to_string))
            .collect()
    })
}

fn dependabot(text: &str) -> UpdateConfig {
    let root = match yaml::parse(text) {
        Ok(n) => n,
        Err(e) => {
            return UpdateConfig::Dependabot {
                updates: Vec::new(),
                problem: Some((e.line, format!("not valid YAML: {}", e.message))),
            }
        }
    };
    let Some(updates) = root.get("updates").filter(|u| u.is_seq()) else {
        return UpdateConfig::Dependabot {
            updates: Vec::new(),
            problem: Some((1, "not a Dependabot config: no `updates:` list".into())),
        };
    };
    let mut out = Vec::new();
    for u in updates.items() {
        let Some(eco) = u.get("package-ecosystem").and_then(Node::text) else {
            continue;
        };
        let mut dirs: Vec<String> = u
            .get("directory")
            .and_then(Node::text)
            .into_iter()
            .collect();
        dirs.extend(
            u.get("directories")
                .map(|d| d.strings().into_iter().map(|(s, _)| s))
                .into_iter()
                .flatten(),
        );
        out.push((eco, dirs, u.line));
    }
    UpdateConfig::Dependabot {
        updates: out,
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependabot_covers_by_ecosystem_and_directory() {
        let c = UpdateConfig::parse(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: /\n  - package-ecosystem: npm\n    directories: ['/web/*']\n  - package-ecosystem: github-actions\n    directory: /\n");
        assert!(c.covers("cargo", &["".into()]));
        assert!(!c.covers("cargo", &["sub".into()]));
        assert!(c.covers("npm", &["web/app".into()]));
        assert!(!c.covers("npm", &["".into()]));
        assert!(c.covers("github-actions", &[".github/workflows".into()]));
        assert!(!c.covers("gomod", &["".into()]));
        assert!(UpdateConfig::parse(".github/dependabot.yml", "updates: [")
            .problem()
            .is_some());
    }

    #[test]
    fn renovate_covers_everything_unless_restricted() {
        assert!(
            UpdateConfig::parse("renovate.json", "{\"extends\": [\"config:recommended\"]}")
                .covers("gomod", &[])
        );
        let r = UpdateConfig::parse("renovate.json", "{\"enabledManagers\": [\"npm\"]}");
        assert!(r.covers("npm", &[]) && !r.covers("cargo", &[]));
        assert!(
            UpdateConfig::parse("renovate.json5", "{ // c\n extends: ['x'], }")
                .covers("cargo", &[])
        );
        assert!(UpdateConfig::parse("package.json", "{\"renovate\": {}}").covers("npm", &[]));
        assert_eq!(
            UpdateConfig::parse("package.json", "{}"),
            UpdateConfig::None
        );
    }

    #[test]
    fn ecosystems_of_files() {
        assert_eq!(ecosystem("svc/Cargo.toml"), Some("cargo"));
        assert_eq!(ecosystem("requirements-dev.txt"), Some("pip"));
        assert_eq!(
            ecosystem(".github/workflows/ci.yml"),
            Some("github-actions")
        );
        assert_eq!(ecosystem("api/App.csproj"), Some("nuget"));
        assert_eq!(ecosystem("README.md"), None);
    }
}
