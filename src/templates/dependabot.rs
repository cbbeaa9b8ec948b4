//! Dependency update automation for `deps.update-automation`:
//! `.github/dependabot.yml` with one entry per ecosystem present (named and
//! detected as the check does: cargo, npm, pip, gomod, maven, gradle,
//! docker, github-actions, terraform...), weekly, minor and patch updates
//! grouped into one pull request.
//!
//! A package ecosystem is listed in its top-most manifest directories only
//! (a workspace's root `Cargo.toml` or `package.json` updates its members);
//! Dockerfiles and Terraform are listed in every directory that has them.
//!
//! Renovate's `renovate.json` instead when the repository already uses
//! Renovate (a file named for it, such as a workflow running it) or lives
//! on GitLab (a `.gitlab-ci.yml` and no `.github/`), where Dependabot does
//! not run.

use std::collections::{BTreeMap, BTreeSet};

use super::{propose, Inputs, Plan, Skipped, Starter};
use crate::formats::ci::updates::{ecosystem, is_package_ecosystem};
use crate::workspace::FileKind;

/// Ecosystem -> the directories ('/'-rooted) to list for it.
pub fn ecosystems(inp: &Inputs<'_>) -> BTreeMap<&'static str, Vec<String>> {
    let mut found: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for f in inp.ws.files() {
        if f.vendored() || f.fixture() {
            continue;
        }
        // The same reading as the check's: the workspace says whether a
        // file is a Dockerfile, names decide the rest.
        let eco = match ecosystem(&f.path) {
            Some("docker") | None if f.is(FileKind::Dockerfile) => Some("docker"),
            Some("docker") => None,
            other => other,
        };
        if let Some(eco) = eco {
            let dir = if eco == "github-actions" { "" } else { f.dir() };
            found.entry(eco).or_default().insert(dir.to_string());
        }
    }
    found
        .into_iter()
        .map(|(eco, dirs)| {
            let top: Vec<String> = dirs
                .iter()
                .filter(|d| {
                    !is_package_ecosystem(eco) || !dirs.iter().any(|p| *p != **d && contains(p, d))
                })
                .map(|d| format!("/{d}"))
                .collect();
            (eco, top)
        })
        .collect()
}

/// Whether directory `outer` holds `inner` ("" is the root).
fn contains(outer: &str, inner: &str) -> bool {
    outer.is_empty() || inner.starts_with(&format!("{outer}/"))
}

fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

pub fn render_dependabot(ecos: &BTreeMap<&'static str, Vec<String>>) -> String {
    let mut out = String::from(
        "# Dependency update pull requests for each ecosystem in this repository.\n\
         # Written by `shipready init --templates`. Options:\n\
         # https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference\n\
         version: 2\n\
         updates:\n",
    );
    for (eco, dirs) in ecos {
        out.push_str(&format!("  - package-ecosystem: {}\n", quoted(eco)));
        match dirs.as_slice() {
            [one] => out.push_str(&format!("    directory: {}\n", quoted(one))),
            many => {
                out.push_str("    directories:\n");
                for d in many {
                    out.push_str(&format!("      - {}\n", quoted(d)));
                }
            }
        }
        out.push_str(
            "    schedule:\n      interval: \"weekly\"\n    groups:\n      minor-and-patch:\n        update-types: [\"minor\", \"patch\"]\n",
        );
    }
    out
}

pub const RENOVATE: &str = "{\n  \"$schema\": \"https://docs.renovatebot.com/renovate-schema.json\",\n  \"extends\": [\"config:recommended\"]\n}\n";

/// Whether the project already runs Renovate, or cannot run Dependabot.
fn wants_renovate(inp: &Inputs<'_>) -> bool {
    let named = inp
        .ws
        .files()
        .iter()
        .any(|f| f.path.to_ascii_lowercase().contains("renovate") && !f.vendored());
    let gitlab_only = inp.ws.has_kind(FileKind::GitlabCi) && !inp.has_dir(".github");
    named || gitlab_only
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    let Some(result) = inp.failing("deps.update-automation") else {
        return;
    };
    // A config that exists and misses ecosystems is the one to extend.
    if result.outcome.summary != "no Dependabot or Renovate configuration" {
        plan.skipped.push(Skipped {
            path: None,
            check: "deps.update-automation".into(),
            reason: format!(
                "a configuration exists; extend it (the scan says: {})",
                result.outcome.summary
            ),
        });
        return;
    }
    let ecos = ecosystems(inp);
    if wants_renovate(inp) {
        propose(
            inp,
            plan,
            Starter {
                path: "renovate.json".into(),
                text: RENOVATE.into(),
                checks: vec!["deps.update-automation".into()],
                note: "Renovate's recommended preset, which covers every ecosystem it knows; it counts at once".into(),
            },
        );
        return;
    }
    propose(
        inp,
        plan,
        Starter {
            path: ".github/dependabot.yml".into(),
            text: render_dependabot(&ecos),
            checks: vec!["deps.update-automation".into()],
            note: format!(
                "Dependabot, weekly, for {}; it counts at once",
                ecos.keys().copied().collect::<Vec<_>>().join(", ")
            ),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::ci::updates::UpdateConfig;

    #[test]
    fn one_entry_per_ecosystem_that_the_check_reads_as_covering_it() {
        let mut ecos = BTreeMap::new();
        ecos.insert("cargo", vec!["/".to_string()]);
        ecos.insert("docker", vec!["/".to_string(), "/services/api".to_string()]);
        ecos.insert("github-actions", vec!["/".to_string()]);
        let text = render_dependabot(&ecos);
        let c = UpdateConfig::parse(".github/dependabot.yml", &text);
        assert_eq!(c.problem(), None, "{text}");
        assert!(c.covers("cargo", &["".into()]), "{text}");
        assert!(c.covers("docker", &["services/api".into()]), "{text}");
        assert!(c.covers("github-actions", &[".github/workflows".into()]));
        assert!(!c.covers("npm", &["".into()]));
    }
}
