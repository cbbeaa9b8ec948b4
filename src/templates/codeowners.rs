//! CODEOWNERS for `ops.ownership`, derived from the git history: a
//! catch-all rule naming the repository's most frequent commit authors,
//! then one rule per top-level directory naming that directory's. Read
//! locally with one `git log` (the last `MAX_COMMITS` commits, merges left
//! out); nothing touches the network.
//!
//! An owner is one of the three most frequent authors of a path, leaving
//! out anyone with less than a quarter of the top author's commits, and
//! bots. GitHub's no-reply addresses become @handles; other addresses stay
//! addresses, which GitHub accepts for users with write access. Without a
//! history (not a git repository, no commits, git missing) the file is a
//! commented example with no rule: it passes nothing until a person writes
//! the rules.
//!
//! Placed in `.github/` (or `.gitlab/`) when the project has that
//! directory, else at the root.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use super::{propose, Inputs, Plan, Skipped, Starter};

/// How far back the history is read: recent authors are the ones to ask.
pub const MAX_COMMITS: usize = 5000;
/// At most this many owners per rule.
const MAX_OWNERS: usize = 3;

/// Who committed where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum History {
    /// Commits per author: for the whole tree (key "") and per top-level
    /// directory.
    Authors(BTreeMap<String, BTreeMap<String, usize>>),
    /// Why there is none to read.
    Unavailable(String),
}

impl History {
    /// Reads the history of the git repository whose top is `root`.
    pub fn read(root: &Path) -> History {
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .env("GIT_TERMINAL_PROMPT", "0")
                .output()
        };
        match git(&["rev-parse", "--show-prefix"]) {
            Err(e) => return History::Unavailable(format!("git could not be run: {e}")),
            Ok(o) if !o.status.success() => {
                return History::Unavailable("not a git repository".into())
            }
            Ok(o) if !String::from_utf8_lossy(&o.stdout).trim().is_empty() => {
                return History::Unavailable(format!(
                    "{} is inside a git repository, not at its top, where a CODEOWNERS file would apply",
                    root.display()
                ))
            }
            Ok(_) => {}
        }
        let max = format!("--max-count={MAX_COMMITS}");
        // One record per commit: a separator, the author's address, then
        // the paths it touched.
        let out = match git(&[
            "log",
            &max,
            "--no-merges",
            "--no-renames",
            "--format=%x1e%ae",
            "--name-only",
        ]) {
            Ok(o) if o.status.success() => o.stdout,
            // A repository without commits yet.
            Ok(_) => return History::Unavailable("no commits yet".into()),
            Err(e) => return History::Unavailable(format!("git could not be run: {e}")),
        };
        History::parse(&String::from_utf8_lossy(&out))
    }

    /// Parses `git log --format=%x1e%ae --name-only`.
    pub fn parse(log: &str) -> History {
        let mut by: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for record in log.split('\x1e').filter(|r| !r.trim().is_empty()) {
            let mut lines = record.lines();
            let email = lines.next().unwrap_or("").trim().to_string();
            if !is_person(&email) {
                continue;
            }
            let dirs: BTreeSet<&str> = lines
                .filter_map(|p| p.trim().split_once('/').map(|(d, _)| d))
                .collect();
            *by.entry(String::new())
                .or_default()
                .entry(email.clone())
                .or_default() += 1;
            for d in dirs {
                *by.entry(d.to_string())
                    .or_default()
                    .entry(email.clone())
                    .or_default() += 1;
            }
        }
        if by.is_empty() {
            return History::Unavailable("no commits by a person yet".into());
        }
        History::Authors(by)
    }
}

/// A person's address: bots and the code host's own commits are not
/// owners, and an owner needs an '@'.
fn is_person(email: &str) -> bool {
    let e = email.to_ascii_lowercase();
    e.contains('@')
        && !e.chars().any(char::is_whitespace)
        && !e.contains("[bot]")
        && !e.starts_with("noreply@")
        && !e.contains("dependabot")
        && !e.contains("renovate")
}

/// GitHub's no-reply addresses (`123+login@users.noreply.github.com`) as
/// the @handle they stand for.
fn owner(email: &str) -> String {
    match email
        .to_ascii_lowercase()
        .strip_suffix("@users.noreply.github.com")
    {
        Some(local) => format!("@{}", local.rsplit('+').next().unwrap_or(local)),
        None => email.to_string(),
    }
}

/// The owners of one path, most commits first (ties by address), and the
/// comment line that says where they come from.
fn owners(counts: &BTreeMap<String, usize>) -> (Vec<String>, String) {
    let mut ranked: Vec<(&String, &usize)> = counts.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top = ranked.first().map_or(0, |(_, n)| **n);
    let total: usize = counts.values().sum();
    let picked: Vec<(&String, &usize)> = ranked
        .into_iter()
        .filter(|(_, n)| **n * 4 >= top)
        .take(MAX_OWNERS)
        .collect();
    let why = picked
        .iter()
        .map(|(e, n)| format!("{e} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut names: Vec<String> = picked.iter().map(|(e, _)| owner(e)).collect();
    names.dedup();
    (
        names,
        format!(
            "commits by author{}: {why}",
            if total > 0 {
                format!(" (of {total} touching it)")
            } else {
                String::new()
            }
        ),
    )
}

const HEADER: &str = "\
# Code owners: who reviews changes to which paths. Later rules win.
";

/// The file for `dirs` (top-level directories in the tree today).
pub fn render(history: &History, dirs: &[String]) -> String {
    let mut out = HEADER.to_string();
    let by = match history {
        History::Authors(by) => by,
        History::Unavailable(why) => {
            out.push_str(&format!(
                "# Written by `shipready init --templates`, which derives the rules from the\n\
                 # git history; here it could not ({why}). Uncomment and\n\
                 # edit, for example:\n#\n\
                 # *        @your-org/your-team\n\
                 # /docs/   @your-org/writers\n"
            ));
            return out;
        }
    };
    out.push_str(
        "# Written by `shipready init --templates` from this repository's git history\n\
         # (the most frequent commit authors of each path, bots left out). Review it\n\
         # before merging: each owner needs write access to the repository, and a\n\
         # team (@org/team) outlasts a person.\n",
    );
    if let Some(all) = by.get("") {
        let (names, why) = owners(all);
        out.push_str(&format!("\n# {why}\n* {}\n", names.join(" ")));
    }
    for d in dirs {
        if let Some(counts) = by.get(d) {
            let (names, why) = owners(counts);
            out.push_str(&format!("\n# {why}\n/{d}/ {}\n", names.join(" ")));
        }
    }
    out
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    let Some(result) = inp.failing("ops.ownership") else {
        return;
    };
    // A CODEOWNERS or catalog that exists is the one to fix: a second file
    // in another place would be ignored or would compete.
    if result.outcome.summary != "no CODEOWNERS or catalog owner" {
        plan.skipped.push(Skipped {
            path: None,
            check: "ops.ownership".into(),
            reason: format!(
                "ownership is declared already; fix that file (the scan says: {})",
                result.outcome.summary
            ),
        });
        return;
    }
    let dirs: Vec<String> = inp
        .ws
        .files()
        .iter()
        .filter(|f| !f.vendored() && !f.fixture())
        .filter_map(|f| f.path.split_once('/').map(|(d, _)| d.to_string()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let path = match inp.host_dir() {
        Some(d) => format!("{d}/CODEOWNERS"),
        None => "CODEOWNERS".to_string(),
    };
    let note = match inp.history {
        History::Authors(_) => {
            "owners from the git history: review them; it counts at once".to_string()
        }
        History::Unavailable(why) => {
            format!("a commented example ({why}): write the rules; it counts once it has one")
        }
    };
    propose(
        inp,
        plan,
        Starter {
            path,
            text: render(inp.history, &dirs),
            checks: vec!["ops.ownership".into()],
            note,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ops::ownership::Ownership;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn owners_from_a_log() {
        let log = "\x1ealice@acme.test\nsrc/a.rs\nsrc/b.rs\nREADME.md\n\
            \x1ealice@acme.test\nsrc/a.rs\n\
            \x1e12345+bob@users.noreply.github.com\ndocs/x.md\nsrc/c.rs\n\
            \x1e49699333+dependabot[bot]@users.noreply.github.com\nCargo.lock\n\
            \x1ecarol@acme.test\ndocs/y.md\n\
            \x1ecarol@acme.test\ndocs/z.md\n\
            \x1ealice@acme.test\nsrc/d.rs\n\
            \x1ealice@acme.test\nsrc/e.rs\n\
            \x1ealice@acme.test\nsrc/f.rs\n\
            \x1ealice@acme.test\nsrc/g.rs\n\
            \x1ealice@acme.test\nsrc/h.rs\n\
            \x1ealice@acme.test\nsrc/i.rs\n\
            \x1ealice@acme.test\nsrc/j.rs\n";
        let h = History::parse(log);
        let text = render(&h, &["docs".into(), "src".into(), "tests".into()]);
        let rules: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        // Whole tree: alice 9, carol 2, bob 1; a quarter of 9 leaves out
        // everyone else. docs: carol 2, bob 1. src: alice 9, bob 1.
        assert_eq!(
            rules,
            vec![
                "* alice@acme.test",
                "/docs/ carol@acme.test @bob",
                "/src/ alice@acme.test"
            ]
        );
        assert!(text.contains("# commits by author (of 3 touching it): carol@acme.test 2, 12345+bob@users.noreply.github.com 1"), "{text}");
        // The derived file passes the ownership check.
        expect(
            &Ownership,
            "derived",
            &[
                (".github/CODEOWNERS", &text),
                ("src/a.rs", ""),
                ("docs/x.md", ""),
            ],
            Status::Pass,
        );
    }

    #[test]
    fn without_history_the_example_has_no_rule() {
        for h in [
            History::Unavailable("not a git repository".into()),
            History::parse("\x1edependabot[bot]@users.noreply.github.com\nx/y\n"),
        ] {
            let text = render(&h, &["src".into()]);
            assert!(
                text.lines().all(|l| l.is_empty() || l.starts_with('#')),
                "{text}"
            );
            expect(
                &Ownership,
                "example",
                &[("CODEOWNERS", &text), ("src/a.rs", "")],
                Status::Fail,
            );
        }
    }
}
