//! .dockerignore for `docker.dockerignore`: one per build context that has
//! none, excluding version control, local env files (keeping
//! `.env.example`), editor files and the build output and caches of the
//! languages present. An entry a Dockerfile copies by name (`COPY
//! target/app.jar`) is left out, so the file never breaks a build.
//!
//! The context of a Dockerfile without a `.dockerignore` (the check's
//! `no-dockerignore` finding) is its own directory, except for directories
//! that by convention only hold Dockerfiles built from the directory above
//! (`docker/`, `build/`, `deploy/`...), whose context is that parent.

use std::collections::BTreeMap;

use super::{propose, Inputs, Plan, Skipped, Starter};
use crate::workspace::{FileKind, Lang};

/// Directories whose Dockerfiles are, by convention, built from the
/// directory above.
const BUILT_FROM_ROOT: &[&str] = &[
    "docker",
    ".docker",
    "dockerfiles",
    "build",
    "deploy",
    "deployment",
    "deployments",
    "ci",
    ".ci",
    "containers",
];

const BASE: &[(&str, &[&str])] = &[
    (
        "Version control: its history never belongs in an image.",
        &[".git", ".hg", ".svn"],
    ),
    (
        "Local environment files hold real credentials; the example stays.",
        &[".env", ".env.*", "*.env", "!.env.example"],
    ),
    (
        "Editors and operating systems.",
        &[".idea", ".vscode", "*.swp", ".DS_Store"],
    ),
];

/// Build output and caches, by language.
fn entries(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Rust => &["target"],
        Lang::Python => &[
            "__pycache__",
            "*.py[cod]",
            ".venv",
            "venv",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            ".tox",
            "*.egg-info",
        ],
        Lang::JavaScript | Lang::TypeScript => &[
            "node_modules",
            "npm-debug.log*",
            "yarn-error.log*",
            "coverage",
        ],
        Lang::Go => &["*.test", "coverage.out"],
        Lang::Java | Lang::Kotlin | Lang::Scala | Lang::Groovy => &["target", "build", ".gradle"],
        Lang::Ruby => &[".bundle", "log", "tmp"],
        Lang::CSharp | Lang::FSharp => &["bin", "obj"],
        Lang::Elixir | Lang::Erlang => &["_build", "deps"],
        Lang::Dart => &[".dart_tool"],
        Lang::Haskell => &["dist-newstyle", ".stack-work"],
        Lang::Swift => &[".build"],
        Lang::Zig => &["zig-cache", "zig-out", ".zig-cache"],
        _ => &[],
    }
}

/// Whether a Dockerfile names `entry` as a source (its first path
/// component, without glob characters).
fn copied(entry: &str, dockerfiles: &[String]) -> bool {
    let name = entry.trim_start_matches('!');
    if name.contains('*') || name.starts_with(".env") {
        return false;
    }
    dockerfiles.iter().flat_map(|t| t.lines()).any(|line| {
        let mut words = line.split_whitespace();
        let instruction = words.next().unwrap_or("").to_ascii_uppercase();
        matches!(instruction.as_str(), "COPY" | "ADD")
            && words.filter(|w| !w.starts_with("--")).any(|word| {
                let w = word
                    .trim_matches(['"', '[', ']', ','])
                    .trim_start_matches("./");
                w == name || w.starts_with(&format!("{name}/"))
            })
    })
}

/// The file's text for the languages present.
pub fn render(langs: &[Lang], dockerfiles: &[String]) -> String {
    let mut out = String::from(
        "# What `docker build` leaves out of the build context.\n\
         # Written by `shipready init --templates`; add what else your images do not need.\n",
    );
    for (why, lines) in BASE {
        out.push_str(&format!("\n# {why}\n"));
        for l in *lines {
            out.push_str(l);
            out.push('\n');
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for lang in langs {
        let fresh: Vec<&str> = entries(*lang)
            .iter()
            .copied()
            .filter(|e| !seen.contains(e))
            .collect();
        if fresh.is_empty() {
            continue;
        }
        let (kept, left): (Vec<&str>, Vec<&str>) =
            fresh.iter().partition(|e| !copied(e, dockerfiles));
        out.push_str(&format!("\n# {} build output and caches.\n", lang.name()));
        for e in &kept {
            out.push_str(e);
            out.push('\n');
        }
        for e in &left {
            out.push_str(&format!(
                "# {e} is copied by a Dockerfile, so it stays in.\n"
            ));
        }
        seen.extend(fresh);
    }
    out
}

/// The build context of a Dockerfile at `path` with no `.dockerignore`.
fn context_of(path: &str) -> String {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let (parent, last) = dir.rsplit_once('/').unwrap_or(("", dir));
    if BUILT_FROM_ROOT.contains(&last.to_ascii_lowercase().as_str()) {
        parent.to_string()
    } else {
        dir.to_string()
    }
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    let Some(result) = inp.failing("docker.dockerignore") else {
        return;
    };
    // Context -> the Dockerfiles built in it that have no .dockerignore.
    let mut contexts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &result.outcome.findings {
        let Some(path) = &f.path else { continue };
        match f.rule.as_deref() {
            Some("no-dockerignore") => contexts
                .entry(context_of(path))
                .or_default()
                .push(path.clone()),
            // An existing file that misses .git or .env: the team's to fix.
            Some(rule) => plan.skipped.push(Skipped {
                path: Some(path.clone()),
                check: "docker.dockerignore".into(),
                reason: format!("exists; not overwriting it: {} [{rule}]", f.message),
            }),
            None => {}
        }
    }
    if contexts.is_empty() {
        return;
    }
    let langs: Vec<Lang> = inp.ws.languages().into_keys().collect();
    let dockerfiles: Vec<String> = inp
        .ws
        .of_kind(FileKind::Dockerfile)
        .filter(|f| !f.vendored())
        .filter_map(|f| inp.ws.source().read(&f.path, 256 * 1024).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    for (ctx, built) in contexts {
        let path = if ctx.is_empty() {
            ".dockerignore".to_string()
        } else {
            format!("{ctx}/.dockerignore")
        };
        propose(
            inp,
            plan,
            Starter {
                path,
                text: render(&langs, &dockerfiles),
                checks: vec!["docker.dockerignore".into()],
                note: format!(
                    "build context of {}: leaves out .git, env files{}; it counts at once",
                    built.join(", "),
                    if langs.is_empty() {
                        " and editor files".to_string()
                    } else {
                        format!(
                            " and {} build output",
                            langs.iter().map(|l| l.name()).collect::<Vec<_>>().join("/")
                        )
                    }
                ),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::docker::dockerignore::judge_ignore;

    #[test]
    fn excludes_git_env_and_build_output_but_not_what_is_copied() {
        let dockerfiles =
            vec!["FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\n".to_string()];
        let text = render(&[Lang::Java, Lang::Python], &dockerfiles);
        assert_eq!(judge_ignore(&text), (true, true), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        for want in ["build", ".gradle", "__pycache__", "!.env.example"] {
            assert!(lines.contains(&want), "{want} missing:\n{text}");
        }
        assert!(!lines.contains(&"target"), "{text}");
        assert!(lines.contains(&"# target is copied by a Dockerfile, so it stays in."));
    }

    #[test]
    fn contexts() {
        for (path, ctx) in [
            ("Dockerfile", ""),
            ("docker/Dockerfile", ""),
            ("services/api/Dockerfile", "services/api"),
            ("services/api/docker/Dockerfile", "services/api"),
        ] {
            assert_eq!(context_of(path), ctx, "{path}");
        }
    }
}
