//! CODEOWNERS, as GitHub, GitLab and Bitbucket read it: rules of a pattern
//! and owners, GitLab `[Section]` headers whose owners are the default for
//! their rules, `\ ` escapes and trailing comments. Lines the code host
//! would skip are kept as problems with their line numbers.

use std::sync::LazyLock;

use regex::Regex;

use crate::formats::globs::anchored_glob;

/// One CODEOWNERS rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub line: u32,
    pub pattern: String,
    pub owners: Vec<String>,
    pub section: usize,
}

/// A parsed CODEOWNERS file.
#[derive(Debug, Default)]
pub struct Codeowners {
    pub rules: Vec<Rule>,
    /// (line, rule id, message) for lines that are wrong.
    pub problems: Vec<(u32, &'static str, String)>,
}

static USER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^@[A-Za-z0-9][A-Za-z0-9._-]*$").expect("static regex"));
static TEAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^@[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)+$")
        .expect("static regex")
});
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^@@(?:developer|developers|maintainer|maintainers|owner|owners)$")
        .expect("static regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$").expect("static regex")
});
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\^?\[([^\]]+)\](?:\[\d+\])?(.*)$").expect("static regex"));

pub fn valid_owner(o: &str) -> bool {
    USER.is_match(o) || TEAM.is_match(o) || ROLE.is_match(o) || EMAIL.is_match(o)
}

/// Splits a line into tokens, honouring `\ ` escapes and dropping a
/// trailing ` # comment`.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ' ' | '\t' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            '#' if cur.is_empty() => break,
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn parse(text: &str) -> Codeowners {
    let mut co = Codeowners::default();
    // Per section: its default owners.
    let mut defaults: Vec<Vec<String>> = vec![Vec::new()];
    for (i, raw) in text.lines().enumerate().take(100_000) {
        let line_no = i as u32 + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(c) = SECTION.captures(line) {
            let owners = tokens(&c[2]);
            if let Some(bad) = owners.iter().find(|o| !valid_owner(o)) {
                co.problems.push((
                    line_no,
                    "invalid-owner",
                    format!("section [{}] has an invalid owner `{bad}`", &c[1]),
                ));
            }
            defaults.push(owners.into_iter().filter(|o| valid_owner(o)).collect());
            continue;
        }
        let toks = tokens(line);
        let Some((pattern, owners)) = toks.split_first() else {
            continue;
        };
        if pattern.starts_with('!') {
            co.problems.push((
                line_no,
                "negation",
                format!(
                    "`{pattern}`: negation is not supported in CODEOWNERS; the line is ignored"
                ),
            ));
            continue;
        }
        if let Some(bad) = owners.iter().find(|o| !valid_owner(o)) {
            co.problems.push((
                line_no,
                "invalid-owner",
                format!(
                    "`{bad}` is not an owner (expected @user, @org/team or an email); the code host skips this line"
                ),
            ));
            continue;
        }
        let section = defaults.len() - 1;
        let owners = if owners.is_empty() {
            defaults[section].clone()
        } else {
            owners.to_vec()
        };
        if owners.is_empty() {
            co.problems.push((
                line_no,
                "no-owners",
                format!("`{pattern}` names no owners: the files it matches are deliberately left unowned"),
            ));
        }
        co.rules.push(Rule {
            line: line_no,
            pattern: pattern.clone(),
            owners,
            section,
        });
    }
    co
}

pub const CATCH_ALL: &[&str] = &["*", "/", "/*", "/**", "**", "/**/*", "**/*"];

/// Gitignore-style globs for one CODEOWNERS pattern.
pub fn globs_for(pattern: &str) -> Vec<String> {
    if CATCH_ALL.contains(&pattern) {
        return vec!["**".into()];
    }
    let dir_only = pattern.ends_with('/');
    let p = pattern.trim_end_matches('/');
    let base = anchored_glob(p);
    let p = p.trim_start_matches('/');
    let last = p.rsplit('/').next().unwrap_or(p);
    if dir_only {
        vec![format!("{base}/**")]
    } else if last.contains('*') && !last.contains("**") && p.contains('/') {
        // GitHub: `docs/*` owns docs/x.md but not docs/a/x.md.
        vec![base]
    } else {
        vec![base.clone(), format!("{base}/**")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_syntax() {
        for ok in [
            "@octocat",
            "@acme/payments",
            "@group/sub/team",
            "dev@acme.example",
            "@@maintainer",
            "@a.b_c-d",
        ] {
            assert!(valid_owner(ok), "{ok}");
        }
        for bad in [
            "octocat",
            "@",
            "@acme/",
            "@-x",
            "team payments",
            "dev@acme",
            "@@boss",
        ] {
            assert!(!valid_owner(bad), "{bad}");
        }
    }
}
