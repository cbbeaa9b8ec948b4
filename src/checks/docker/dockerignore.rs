//! `docker.dockerignore`: the build context leaves out `.git` and secrets.
//!
//! Each Dockerfile (outside test/example trees) is one unit. Its build
//! context is where a compose service that builds it says, else its own
//! directory; since many projects build from the root (`docker build -f
//! docker/Dockerfile .`), the nearest `.dockerignore` in its directory or
//! any parent up to the root is taken, and BuildKit's per-Dockerfile
//! `<name>.dockerignore` beside the Dockerfile wins over both.
//!
//! Credit: a `.dockerignore` earns half; excluding `.git` a quarter;
//! excluding `.env` files a quarter (`.env`, `.env*`, `*.env`, `**/.env`...,
//! not re-included by a later `!` pattern). An allow-list file that starts
//! with `*` and re-includes what it needs excludes both. Missing parts are
//! findings (`[no-dockerignore]`, `[git-not-excluded]`, `[env-not-excluded]`)
//! at the `.dockerignore` or the Dockerfile.

use std::borrow::Cow;

use globset::{GlobBuilder, GlobMatcher};

use super::{is_example, parsed};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::compose::Compose;
use crate::model::{Finding, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct Dockerignore;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.dockerignore"),
    title: Cow::Borrowed("A .dockerignore keeps .git and secrets out of the build context"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a Dockerfile exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A .dockerignore beside the build context excludes .git and .env files"),
    rationale: Cow::Borrowed(
        "Without a .dockerignore, `COPY . .` sends and bakes in everything: the whole .git history, \
         local .env files with real credentials, build output and caches. Images grow, builds slow \
         down, and secrets ship inside layers.",
    ),
    remediation: Cow::Borrowed(
        "Add a .dockerignore at the build context root:\n\n\
         ```\n\
         .git\n\
         .env\n\
         .env.*\n\
         !.env.example\n\
         node_modules\n\
         target\n\
         ```\n\n\
         Or allow-list: start with `*` and re-include what the build needs (`!src`, `!package.json`).",
    ),
    passes_when: Cow::Borrowed(
        "every Dockerfile's build context has a .dockerignore (half credit) that excludes .git (a \
         quarter) and .env files (a quarter)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://docs.docker.com/build/concepts/context/#dockerignore-files")]),
};

enum Kept {
    Dockerfile,
    Ignore {
        git: bool,
        env: bool,
    },
    /// (compose dir, build context, dockerfile)
    Compose(Vec<(String, Option<String>)>),
}

fn matcher(pattern: &str) -> Option<GlobMatcher> {
    let p = pattern.trim_start_matches('/').trim_end_matches('/');
    let p = p.strip_prefix("./").unwrap_or(p);
    GlobBuilder::new(p)
        .literal_separator(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher())
}

/// Whether the patterns exclude `path` (or a parent of it), last match wins.
fn excludes(patterns: &[String], path: &str) -> bool {
    let mut excluded = false;
    for raw in patterns {
        let (neg, pat) = match raw.strip_prefix('!') {
            Some(p) => (true, p.trim()),
            None => (false, raw.as_str()),
        };
        let Some(m) = matcher(pat) else { continue };
        let mut prefixes = vec![path.to_string()];
        let mut acc = String::new();
        for c in path.split('/') {
            if !acc.is_empty() {
                prefixes.push(acc.clone());
            }
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(c);
        }
        if prefixes.iter().any(|p| m.is_match(p)) {
            excluded = !neg;
        }
    }
    excluded
}

pub fn judge_ignore(text: &str) -> (bool, bool) {
    let patterns: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let git = excludes(&patterns, ".git") || excludes(&patterns, ".git/config");
    let env = excludes(&patterns, ".env")
        || (excludes(&patterns, ".env.local") && excludes(&patterns, ".env.production"));
    (git, env)
}

impl Check for Dockerignore {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        !file.vendored()
            && (super::wanted(file)
                || file.is(FileKind::Dockerignore)
                || file.is(FileKind::Compose))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if file.is(FileKind::Dockerignore) {
            let (git, env) = judge_ignore(content.text());
            return Some(Box::new(Kept::Ignore { git, env }));
        }
        if file.is(FileKind::Compose) {
            let c = content.model::<Compose>();
            let dir = file.dir();
            let builds = c
                .services
                .iter()
                .filter_map(|s| s.build.as_ref())
                .map(|b| (join(dir, &b.context), b.dockerfile.clone()))
                .collect();
            return Some(Box::new(Kept::Compose(builds)));
        }
        Some(Box::new(Kept::Dockerfile))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        let dockerfiles: Vec<&FileEntry> = kept
            .iter()
            .filter(|(f, k)| matches!(k, Kept::Dockerfile) && !is_example(&f.path))
            .map(|(f, _)| *f)
            .collect();
        if dockerfiles.is_empty() {
            return Ok(Outcome::not_applicable(
                if kept.iter().any(|(_, k)| matches!(k, Kept::Dockerfile)) {
                    "only test or example Dockerfiles"
                } else {
                    "no Dockerfile"
                },
            ));
        }
        let ignore_at = |p: &str| {
            kept.iter().find_map(|(f, k)| match k {
                Kept::Ignore { git, env } if f.path == p => Some((f.path.as_str(), *git, *env)),
                _ => None,
            })
        };
        let mut credit = 0.0;
        let mut findings: Vec<Finding> = Vec::new();
        let mut evidence = Vec::new();
        for df in &dockerfiles {
            let dir = df.dir();
            // BuildKit's per-Dockerfile ignore file, then the compose context, then ancestors.
            let own = ignore_at(&format!("{}.dockerignore", df.path));
            let compose_ctx = kept.iter().find_map(|(_, k)| match k {
                Kept::Compose(b) => b
                    .iter()
                    .find(|(ctxdir, file)| {
                        normalize(&join(ctxdir, file.as_deref().unwrap_or("Dockerfile"))) == df.path
                    })
                    .map(|(c, _)| normalize(c)),
                _ => None,
            });
            let mut candidates = Vec::new();
            if let Some(c) = &compose_ctx {
                candidates.push(c.clone());
            }
            let mut d = dir.to_string();
            loop {
                candidates.push(d.clone());
                match d.rsplit_once('/') {
                    Some((parent, _)) => d = parent.to_string(),
                    None if !d.is_empty() => d = String::new(),
                    None => break,
                }
            }
            let found = own.or_else(|| {
                candidates.iter().find_map(|c| {
                    ignore_at(&if c.is_empty() {
                        ".dockerignore".to_string()
                    } else {
                        format!("{c}/.dockerignore")
                    })
                })
            });
            match found {
                None => findings.push(
                    finding(&META, "no .dockerignore for this build context: .git and local secrets are sent to the builder")
                        .rule("no-dockerignore")
                        .at(df.path.clone(), Some(1)),
                ),
                Some((ip, git, env)) => {
                    credit += 0.5;
                    if git {
                        credit += 0.25;
                    } else {
                        findings.push(finding(&META, format!("{ip} does not exclude .git")).rule("git-not-excluded").at(ip, Some(1)));
                    }
                    if env {
                        credit += 0.25;
                    } else {
                        findings.push(finding(&META, format!("{ip} does not exclude .env files")).rule("env-not-excluded").at(ip, Some(1)));
                    }
                    evidence.push(format!("{}: context ignore file {ip}", df.path));
                }
            }
        }
        findings.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        findings.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        let n = dockerfiles.len();
        Ok(parsed(Outcome::fraction(
            credit / n as f64,
            format!("{:.2} of {n} Dockerfile contexts covered", credit).replace(".00 of", " of"),
        ))
        .evidences(evidence)
        .findings(findings))
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() || b.starts_with('/') {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

fn normalize(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn patterns() {
        for (text, git, env) in [
            (".git\n.env\n", true, true),
            ("/.git/\n**/.env*\n", true, true),
            ("*\n!src\n", true, true),
            (".git\n.env\n!.env\n", true, false),
            ("node_modules\n", false, false),
            ("# .git\n*.env\n.env.*\n", false, true),
            (".git*\n.env*\n!.env.example\n", true, true),
        ] {
            assert_eq!(judge_ignore(text), (git, env), "{text:?}");
        }
    }

    #[test]
    fn cases() {
        let df = "FROM a:1\n";
        let table: &[crate::checks::docker::Case] = &[
            ("complete", &[("Dockerfile", df), (".dockerignore", ".git\n.env\n")], Status::Pass),
            ("missing", &[("Dockerfile", df)], Status::Fail),
            ("misses env", &[("Dockerfile", df), (".dockerignore", ".git\nnode_modules\n")], Status::Partial),
            ("root context for subdir", &[("docker/Dockerfile", df), (".dockerignore", ".git\n.env*\n")], Status::Pass),
            ("per-dockerfile ignore", &[("docker/api.Dockerfile", df), ("docker/api.Dockerfile.dockerignore", ".git\n.env\n")], Status::Pass),
            ("compose context", &[("docker/Dockerfile", df), ("app/.dockerignore", ".git\n.env\n"), ("compose.yaml", "services:\n  a:\n    build:\n      context: ./app\n      dockerfile: ../docker/Dockerfile\n")], Status::Pass),
            ("example only", &[("examples/Dockerfile", df)], Status::NotApplicable),
        ];
        for (name, files, want) in table {
            expect(&Dockerignore, name, files, *want);
        }
    }
}
