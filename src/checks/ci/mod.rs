//! CI/CD pipelines: what the pipeline proves about readiness (tests, lint,
//! security scans, deploys, timeouts) and whether it is safe (pinned
//! actions, least privilege, no dangerous triggers, no template injection,
//! no persisted or hard-coded credentials, no unsecure commands, no cache
//! poisoning of releases).
//!
//! Every check here keeps the parsed pipeline of each CI file from the
//! single pass (`formats::ci`, parsed once per file whatever the number of
//! checks); the readiness checks also keep what the repository's scripts,
//! Makefiles and package.json scripts run, so a step that calls
//! `make ci` or `bash .ci/run` is followed into the repository.

use std::collections::BTreeMap;

use crate::checks::{CheckContext, CheckRef, FileData};
use crate::formats::ci::commands::{
    classify_action, classify_line, references, Purpose, Reference, Sure,
};
use crate::formats::ci::scripts::{is_candidate, ScriptFacts};
use crate::formats::ci::{classify, CiModel, Job, Pipeline, PipelineKind, Provider, Step};
use crate::model::{Finding, Outcome};
use crate::workspace::{Content, FileEntry, Model};

pub mod automated_deploy;
pub mod deploy_concurrency;
pub mod least_privilege;
pub mod no_cache_poisoning;
pub mod no_dangerous_triggers;
pub mod no_hardcoded_credentials;
pub mod no_persisted_credentials;
pub mod no_template_injection;
pub mod no_unsecure_commands;
pub mod pinned_actions;
pub mod present;
pub mod runs_lint;
pub mod runs_tests;
pub mod security_scanning;
pub mod signed_releases;
pub mod timeouts;

pub fn all() -> Vec<CheckRef> {
    vec![
        std::sync::Arc::new(present::Present),
        std::sync::Arc::new(runs_tests::RunsTests),
        std::sync::Arc::new(runs_lint::RunsLint),
        std::sync::Arc::new(security_scanning::SecurityScanning),
        std::sync::Arc::new(automated_deploy::AutomatedDeploy),
        std::sync::Arc::new(timeouts::Timeouts),
        std::sync::Arc::new(pinned_actions::PinnedActions),
        std::sync::Arc::new(least_privilege::LeastPrivilege),
        std::sync::Arc::new(no_dangerous_triggers::NoDangerousTriggers),
        std::sync::Arc::new(no_template_injection::NoTemplateInjection),
        std::sync::Arc::new(no_persisted_credentials::NoPersistedCredentials),
        std::sync::Arc::new(deploy_concurrency::DeployConcurrency),
        std::sync::Arc::new(no_hardcoded_credentials::NoHardcodedCredentials),
        std::sync::Arc::new(no_unsecure_commands::NoUnsecureCommands),
        std::sync::Arc::new(no_cache_poisoning::NoCachePoisoning),
        std::sync::Arc::new(signed_releases::SignedReleases),
    ]
}

/// How sure a finding is (the model's confidence, named for what it
/// grades here).
pub(crate) use crate::model::Confidence as Sureness;

/// Grades a finding.
pub(crate) fn graded(f: Finding, s: Sureness) -> Finding {
    f.confidence(s)
}

/// Marks an outcome as read from parsed pipelines.
pub(crate) fn parsed(o: Outcome) -> Outcome {
    o.basis(crate::model::Basis::Parsed)
}

// Parsed at most once per file during the pass, whichever checks ask.
impl Model for CiModel {
    fn parse(path: &str, text: &str) -> Self {
        CiModel(crate::formats::ci::parse(path, text))
    }
}

impl Model for ScriptFacts {
    fn parse(path: &str, text: &str) -> Self {
        ScriptFacts::parse(path, text)
    }
}

impl Model for crate::formats::ci::updates::UpdateConfig {
    fn parse(path: &str, text: &str) -> Self {
        crate::formats::ci::updates::UpdateConfig::parse(path, text)
    }
}

/// A CI file outside vendored and fixture trees.
pub(crate) fn is_ci_file(f: &FileEntry) -> bool {
    ci_roles(f).0
}

/// (a CI file, a script steps may run), decided once per file.
fn ci_roles(f: &FileEntry) -> (bool, bool) {
    *f.ci.get_or_init(|| {
        let kept = !f.vendored() && !f.fixture();
        (
            kept && classify(&f.path).is_some(),
            kept && is_candidate(&f.path, f.size),
        )
    })
}

/// What the CI checks keep from one file.
pub(crate) enum Kept {
    Pipeline(Pipeline),
    Script(ScriptFacts),
}

pub(crate) fn keep_pipeline(content: &Content<'_>) -> Option<FileData> {
    let m = content.model::<CiModel>();
    m.0.clone().map(|p| Box::new(Kept::Pipeline(p)) as FileData)
}

/// For the checks that follow steps into the repository's scripts.
pub(crate) fn wants_with_scripts(f: &FileEntry) -> bool {
    let (ci, script) = ci_roles(f);
    ci || script
}

pub(crate) fn keep_with_scripts(f: &FileEntry, content: &Content<'_>) -> Option<FileData> {
    if is_ci_file(f) {
        return keep_pipeline(content);
    }
    let facts = content.model::<ScriptFacts>();
    Some(Box::new(Kept::Script((*facts).clone())))
}

/// The pipelines and scripts kept by one check, by path.
pub(crate) struct Ci<'a> {
    pub pipelines: Vec<(&'a str, &'a Pipeline)>,
    pub scripts: BTreeMap<&'a str, &'a ScriptFacts>,
}

impl<'a> Ci<'a> {
    pub fn of(ctx: &'a CheckContext<'a>) -> Self {
        let mut pipelines = Vec::new();
        let mut scripts = BTreeMap::new();
        for (f, k) in ctx.data::<Kept>() {
            match k {
                Kept::Pipeline(p) => pipelines.push((f.path.as_str(), p)),
                Kept::Script(s) => {
                    scripts.insert(f.path.as_str(), s);
                }
            }
        }
        Ci { pipelines, scripts }
    }

    pub fn pipeline(&self, path: &str) -> Option<&'a Pipeline> {
        self.pipelines
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, p)| *p)
    }

    /// GitHub Actions workflows and actions that parsed.
    pub fn github(&self) -> impl Iterator<Item = (&'a str, &'a Pipeline)> + '_ {
        self.pipelines
            .iter()
            .copied()
            .filter(|(_, p)| p.provider == Provider::GithubActions && p.is_valid())
    }

    /// Workflows only (not actions).
    pub fn workflows(&self) -> impl Iterator<Item = (&'a str, &'a Pipeline)> + '_ {
        self.github()
            .filter(|(_, p)| p.kind != PipelineKind::Action)
    }

    /// A local action (`./.github/actions/x`) or reusable workflow
    /// (`./.github/workflows/x.yml`) a `uses:` names.
    pub fn local_target(&self, uses: &str) -> Option<(&'a str, &'a Pipeline)> {
        let rel = uses
            .strip_prefix("./")?
            .split('@')
            .next()?
            .trim_end_matches('/');
        if let Some(p) = self.pipeline(rel) {
            return self
                .pipelines
                .iter()
                .copied()
                .find(|(path, _)| *path == rel)
                .filter(|_| p.is_valid());
        }
        for name in ["action.yml", "action.yaml"] {
            let path = format!("{rel}/{name}");
            if let Some(found) = self.pipelines.iter().copied().find(|(p, _)| *p == path) {
                return Some(found);
            }
        }
        None
    }
}

/// One piece of evidence that a pipeline does something.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Found {
    pub sure: Sure,
    pub path: String,
    pub line: u32,
    pub what: String,
    /// The step that led there, when it is another file ("via .github/workflows/ci.yml:12").
    pub via: Option<String>,
}

impl Found {
    pub fn describe(&self) -> String {
        match &self.via {
            Some(v) => format!("{} at {}:{} (via {v})", self.what, self.path, self.line),
            None => format!("{} at {}:{}", self.what, self.path, self.line),
        }
    }
}

/// What a search for a purpose found, and what it could not follow.
#[derive(Debug, Default)]
pub(crate) struct Search {
    pub found: Vec<Found>,
    /// (path, line, what): scripts not in the repository, remote reusable
    /// workflows, unread includes.
    pub unresolved: Vec<(String, u32, String)>,
    /// Jobs that ran at all (for the evidence of a fail).
    pub jobs: usize,
}

impl Search {
    pub fn best(&self) -> Option<Sure> {
        self.found.iter().map(|f| f.sure).max()
    }
}

const MAX_DEPTH: u32 = 5;

static NPM_TEST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(npm|yarn|pnpm|bun)\s+(run\s+)?(test|t)(\s|$)").expect("static regex")
});

/// Finds the jobs, steps, scripts and actions that serve `purpose` in
/// every pipeline that runs on its own (workflows, GitLab and other
/// providers' files), following local reusable workflows, local actions,
/// scripts, make targets and package scripts.
pub(crate) fn search(ci: &Ci<'_>, purpose: Purpose) -> Search {
    let mut s = Search::default();
    for (path, p) in &ci.pipelines {
        if !p.is_valid()
            || matches!(
                p.kind,
                PipelineKind::Action | PipelineKind::ReusableWorkflow
            )
        {
            continue;
        }
        if purpose == Purpose::Security {
            for inc in &p.includes {
                let v = inc.value.to_ascii_lowercase();
                if [
                    "sast",
                    "dependency-scanning",
                    "secret-detection",
                    "container-scanning",
                    "security/",
                    "dast",
                ]
                .iter()
                .any(|k| v.contains(k))
                {
                    s.found.push(Found {
                        sure: Sure::Named,
                        path: path.to_string(),
                        line: inc.line,
                        what: format!("GitLab include {}", inc.value),
                        via: None,
                    });
                }
            }
        }
        search_pipeline(ci, path, p, purpose, None, 0, &mut s);
    }
    s.found.sort();
    s.found.dedup();
    s
}

fn search_pipeline(
    ci: &Ci<'_>,
    path: &str,
    p: &Pipeline,
    purpose: Purpose,
    via: Option<&str>,
    depth: u32,
    s: &mut Search,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for job in p.live_jobs() {
        s.jobs += 1;
        search_job(ci, path, p, job, purpose, via, depth, s);
    }
}

#[allow(clippy::too_many_arguments)]
fn search_job(
    ci: &Ci<'_>,
    path: &str,
    p: &Pipeline,
    job: &Job,
    purpose: Purpose,
    via: Option<&str>,
    depth: u32,
    s: &mut Search,
) {
    let found = |sure, line, what: String| Found {
        sure,
        path: path.to_string(),
        line,
        what,
        via: via.map(str::to_string),
    };
    if purpose == Purpose::Deploy {
        if let Some(env) = p.inherited(job, |j| j.environment.as_ref()) {
            let name = env.value.to_ascii_lowercase();
            // Review apps and test environments are not production deploys,
            // but they are automated deploys all the same.
            let sure = if name.is_empty() {
                Sure::Guess
            } else {
                Sure::Named
            };
            s.found.push(found(
                sure,
                env.line,
                format!("job `{}` deploys to environment `{}`", job.id, env.value),
            ));
        }
    }
    if let Some(call) = &job.calls {
        let here = format!("{path}:{}", call.line);
        match ci.local_target(&call.value) {
            Some((tpath, target)) => {
                search_pipeline(ci, tpath, target, purpose, Some(&here), depth + 1, s)
            }
            None if call.value.starts_with("./") || p.provider == Provider::GitlabCi => {
                let target = call
                    .value
                    .trim_start_matches("./")
                    .split('@')
                    .next()
                    .unwrap_or("");
                match ci.pipelines.iter().find(|(pp, _)| *pp == target) {
                    Some((tpath, t)) => {
                        search_pipeline(ci, tpath, t, purpose, Some(&here), depth + 1, s)
                    }
                    None => s.unresolved.push((
                        path.to_string(),
                        call.line,
                        format!("calls {}", call.value),
                    )),
                }
            }
            None => {
                let file = call
                    .value
                    .split('@')
                    .next()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let hint = match purpose {
                    Purpose::Test => file.contains("test") || file.contains("ci"),
                    Purpose::Lint => file.contains("lint"),
                    Purpose::Security => ["codeql", "scan", "audit", "security", "sast"]
                        .iter()
                        .any(|k| file.contains(k)),
                    Purpose::Deploy => ["deploy", "release", "publish"]
                        .iter()
                        .any(|k| file.contains(k)),
                    Purpose::Migrate => file.contains("migrat"),
                };
                if hint {
                    s.found.push(found(
                        Sure::Guess,
                        call.line,
                        format!("calls the remote workflow {}", call.value),
                    ));
                } else {
                    s.unresolved.push((
                        path.to_string(),
                        call.line,
                        format!("calls {}", call.value),
                    ));
                }
            }
        }
    }
    for step in p.steps_of(job) {
        search_step(ci, path, step, purpose, via, depth, s);
    }
}

fn search_step(
    ci: &Ci<'_>,
    path: &str,
    step: &Step,
    purpose: Purpose,
    via: Option<&str>,
    depth: u32,
    s: &mut Search,
) {
    if let Some(uses) = &step.uses {
        if let Some(h) = classify_action(&uses.value, &step.with).filter(|h| h.purpose == purpose) {
            s.found.push(Found {
                sure: h.sure,
                path: path.to_string(),
                line: uses.line,
                what: h.what.to_string(),
                via: via.map(str::to_string),
            });
        } else if uses.value.starts_with("./") {
            if let Some((apath, action)) = ci.local_target(&uses.value) {
                let here = format!("{path}:{}", uses.line);
                search_pipeline(ci, apath, action, purpose, Some(&here), depth + 1, s);
            }
        } else if purpose == Purpose::Test {
            // Build-tool actions run what `with:` tells them.
            for kv in &step.with {
                if matches!(
                    kv.key.as_str(),
                    "arguments" | "command" | "args" | "run" | "script" | "cmd"
                ) {
                    for h in classify_line(&kv.value).into_iter().chain(
                        classify_line(&format!("cargo {}", kv.value))
                            .into_iter()
                            .filter(|_| uses.value.contains("cargo")),
                    ) {
                        if h.purpose == purpose {
                            s.found.push(Found {
                                sure: h.sure,
                                path: path.to_string(),
                                line: kv.line,
                                what: format!("{} ({})", h.what, uses.value),
                                via: via.map(str::to_string),
                            });
                        }
                    }
                }
            }
        }
    }
    if let Some(run) = &step.run {
        let before = s.found.len();
        for (line, text) in run.lines() {
            scan_line(ci, path, line, text, purpose, via, depth, s);
        }
        if purpose == Purpose::Test && s.found.len() == before {
            if let Some((line, what)) = variable_test_command(step) {
                s.found.push(Found {
                    sure: Sure::Guess,
                    path: path.to_string(),
                    line,
                    what,
                    via: via.map(str::to_string),
                });
            }
        }
    }
}

/// A step named for tests whose command is the project's runner with its
/// arguments in a variable (`name: Tests ${{ matrix.suite }}`, `run:
/// bin/rails $TEST_COMMAND`): the suite comes from the matrix, which this
/// reader does not expand, so it is a guess.
fn variable_test_command(step: &Step) -> Option<(u32, String)> {
    const RUNNERS: &[&str] = &[
        "bin/rails",
        "bundle exec",
        "rake",
        "make",
        "npm run",
        "yarn",
        "pnpm",
        "./gradlew",
        "gradle",
        "mvn",
        "./mvnw",
        "go ",
        "cargo",
        "python -m",
        "tox",
        "nox",
        "poetry run",
        "uv run",
        "php artisan",
        "vendor/bin/",
        "dotnet",
        "mix",
    ];
    let name = step.name.as_deref()?.to_ascii_lowercase();
    let named = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "test" | "tests" | "spec" | "specs"));
    if !named {
        return None;
    }
    let run = step.run.as_ref()?;
    run.lines().find_map(|(line, text)| {
        let t = text.trim();
        let runner = RUNNERS.iter().find(|r| t.starts_with(*r))?;
        t.contains('$').then(|| {
            (
                line,
                format!(
                    "`{}` in a step named for tests, its command in a variable",
                    runner.trim()
                ),
            )
        })
    })
}

#[allow(clippy::too_many_arguments)]
fn scan_line(
    ci: &Ci<'_>,
    path: &str,
    line: u32,
    text: &str,
    purpose: Purpose,
    via: Option<&str>,
    depth: u32,
    s: &mut Search,
) {
    let mut hits: Vec<_> = classify_line(text)
        .into_iter()
        .filter(|h| h.purpose == purpose)
        .collect();
    // `npm test` runs package.json's `test` script; npm's placeholder runs nothing.
    if matches!(
        ci.scripts.get("package.json"),
        Some(ScriptFacts::PackagePlaceholder(_))
    ) {
        hits.retain(|h| h.what != "npm test" || !text.contains("test") || !NPM_TEST.is_match(text));
    }
    for h in &hits {
        s.found.push(Found {
            sure: h.sure,
            path: path.to_string(),
            line,
            what: h.what.to_string(),
            via: via.map(str::to_string),
        });
    }
    if hits.iter().any(|h| h.sure == Sure::Named) || depth >= MAX_DEPTH {
        return;
    }
    let here = format!("{path}:{line}");
    for r in references(text) {
        follow(ci, path, line, &r, purpose, &here, depth + 1, s);
    }
}

#[allow(clippy::too_many_arguments)]
fn follow(
    ci: &Ci<'_>,
    path: &str,
    line: u32,
    r: &Reference,
    purpose: Purpose,
    here: &str,
    depth: u32,
    s: &mut Search,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let lines_hits = |file: &str, l: &crate::formats::ci::scripts::Lines, s: &mut Search| {
        for (h, n) in l.hits.iter().filter(|(h, _)| h.purpose == purpose) {
            s.found.push(Found {
                sure: h.sure,
                path: file.to_string(),
                line: *n,
                what: h.what.to_string(),
                via: Some(here.to_string()),
            });
        }
    };
    match r {
        Reference::Script(p) => match ci.scripts.get(p.as_str()) {
            Some(ScriptFacts::Script(l)) => {
                lines_hits(p, l, s);
                for (r2, n) in &l.refs {
                    follow(ci, p, *n, r2, purpose, &format!("{p}:{n}"), depth + 1, s);
                }
            }
            Some(_) => {}
            None if !p.contains('/') && !p.contains('.') => {}
            None => s.unresolved.push((
                path.to_string(),
                line,
                format!("runs {p}, which is not among the scripts read (missing, generated, or not a shell, Make or package script)"),
            )),
        },
        Reference::Make { dir, target } => {
            let make = ["Makefile", "GNUmakefile", "makefile", "justfile"]
                .iter()
                .find_map(|n| {
                    let full = if dir.is_empty() {
                        n.to_string()
                    } else {
                        format!("{dir}/{n}")
                    };
                    ci.scripts
                        .get_key_value(full.as_str())
                        .map(|(k, v)| (*k, *v))
                });
            let Some((mpath, facts)) = make else {
                s.unresolved.push((
                    path.to_string(),
                    line,
                    format!("runs make {target}, and no Makefile was found"),
                ));
                return;
            };
            follow_target(ci, mpath, facts, target, purpose, depth, s, &mut Vec::new());
        }
        Reference::PackageScript(name) => {
            if let Some(facts) = ci.scripts.get("package.json") {
                if let Some((_, n, l)) = facts.package_script(name) {
                    lines_hits("package.json", l, s);
                    for (r2, _) in &l.refs {
                        follow(
                            ci,
                            "package.json",
                            *n,
                            r2,
                            purpose,
                            &format!("package.json:{n}"),
                            depth + 1,
                            s,
                        );
                    }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn follow_target(
    ci: &Ci<'_>,
    mpath: &str,
    facts: &ScriptFacts,
    target: &str,
    purpose: Purpose,
    depth: u32,
    s: &mut Search,
    seen: &mut Vec<String>,
) {
    if depth > MAX_DEPTH + 3 || seen.iter().any(|t| t == target) {
        return;
    }
    seen.push(target.to_string());
    let Some(t) = facts.target(target) else {
        return;
    };
    for (h, n) in t.body.hits.iter().filter(|(h, _)| h.purpose == purpose) {
        s.found.push(Found {
            sure: h.sure,
            path: mpath.to_string(),
            line: *n,
            what: h.what.to_string(),
            via: Some(format!("{mpath}:{} ({})", t.line, t.name)),
        });
    }
    for pre in &t.prereqs {
        follow_target(ci, mpath, facts, pre, purpose, depth + 1, s, seen);
    }
    for (r, n) in &t.body.refs {
        if let Reference::Make { dir, target } = r {
            if dir.is_empty() {
                follow_target(ci, mpath, facts, target, purpose, depth + 1, s, seen);
                continue;
            }
        }
        follow(
            ci,
            mpath,
            *n,
            r,
            purpose,
            &format!("{mpath}:{n}"),
            depth + 1,
            s,
        );
    }
}

/// The `owner/repo` of a `uses:` (lowercase), or None for local and docker ones.
pub(crate) fn action_repo(uses: &str) -> Option<String> {
    if uses.starts_with("./") || uses.starts_with("docker://") {
        return None;
    }
    let name = uses.split('@').next()?;
    let mut parts = name.split('/');
    let owner = parts.next()?;
    let repo = parts.next()?;
    Some(format!("{owner}/{repo}").to_ascii_lowercase())
}

/// Whether a step is `actions/checkout`.
pub(crate) fn is_checkout(step: &Step) -> bool {
    step.uses
        .as_ref()
        .and_then(|u| action_repo(&u.value))
        .is_some_and(|r| r == "actions/checkout")
}

/// A job-level report of "n of m" with names, for evidence lines.
pub(crate) fn list(items: &[String], max: usize) -> String {
    let mut out = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        out.push_str(&format!(" and {} more", items.len() - max));
    }
    out
}

/// Whether any pipeline that runs on its own exists (actions alone are not CI).
pub(crate) fn runnable<'a>(ci: &Ci<'a>) -> Vec<(&'a str, &'a Pipeline)> {
    ci.pipelines
        .iter()
        .copied()
        .filter(|(_, p)| p.kind != PipelineKind::Action)
        .collect()
}

/// The outcome of "does CI do X": pass on a named tool, partial on a
/// guess from names, fail when nothing was found (graded high when every
/// step could be read, medium when some script or remote workflow could
/// not be followed).
pub(crate) fn purpose_outcome(
    ctx: &CheckContext<'_>,
    purpose: Purpose,
    looked_for: &str,
) -> Outcome {
    let ci = Ci::of(ctx);
    let roots = runnable(&ci);
    if roots.is_empty() {
        return Outcome::not_applicable("no CI configuration");
    }
    if roots.iter().all(|(_, p)| !p.is_valid()) {
        return Outcome::unknown("no CI file could be parsed").evidences(
            roots.iter().map(|(path, p)| {
                format!("{path}:{}: {}", p.problems[0].line, p.problems[0].message)
            }),
        );
    }
    let s = search(&ci, purpose);
    outcome_of_search(ctx, &s, &roots, purpose, looked_for)
}

pub(crate) fn outcome_of_search(
    ctx: &CheckContext<'_>,
    s: &Search,
    roots: &[(&str, &Pipeline)],
    purpose: Purpose,
    looked_for: &str,
) -> Outcome {
    let evidence: Vec<String> = s.found.iter().take(5).map(Found::describe).collect();
    match s.best() {
        Some(Sure::Named) => {
            let n = s.found.iter().filter(|f| f.sure == Sure::Named).count();
            let first = s
                .found
                .iter()
                .find(|f| f.sure == Sure::Named)
                .map(Found::describe)
                .unwrap_or_default();
            parsed(
                Outcome::pass(if n == 1 {
                    first
                } else {
                    format!("{first} and {} more", n - 1)
                })
                .evidences(evidence),
            )
        }
        Some(Sure::Guess) => {
            let findings = s
                .found
                .iter()
                .map(|f| {
                    graded(
                        crate::checks::finding(
                            ctx.meta,
                            if f.what.starts_with("an upload to a server")
                                || f.what.starts_with("commands run on a server")
                            {
                                format!(
                                    "{} deploys something, but nothing shows it is the service (files copied, no restart)",
                                    f.what
                                )
                            } else {
                                format!(
                                    "{} looks like {} by its name only",
                                    f.what,
                                    purpose.as_str()
                                )
                            },
                        )
                        .rule("inferred-from-name")
                        .at(f.path.clone(), Some(f.line)),
                        Sureness::Medium,
                    )
                })
                .collect();
            Outcome::fraction(
                0.5,
                format!("only a guess from names: {}", s.found[0].describe()),
            )
            .evidences(evidence)
            .findings(findings)
        }
        None => {
            let (path, p) = roots
                .iter()
                .find(|(_, p)| p.is_valid())
                .copied()
                .unwrap_or(roots[0]);
            let sure = if s.unresolved.is_empty() {
                Sureness::High
            } else {
                Sureness::Medium
            };
            let mut msg = format!(
                "no CI job runs {} (looked for {looked_for})",
                purpose.as_str()
            );
            if !s.unresolved.is_empty() {
                msg.push_str(&format!(
                    "; {} step(s) could not be followed",
                    s.unresolved.len()
                ));
            }
            let f = graded(
                crate::checks::finding(ctx.meta, msg.clone())
                    .rule("missing")
                    .at(path.to_string(), Some(p.line)),
                sure,
            );
            parsed(Outcome::fail(format!(
                "no {} in {} CI file(s), {} job(s)",
                purpose.noun(),
                roots.len(),
                s.jobs
            )))
            .evidence(msg)
            .evidences(
                s.unresolved
                    .iter()
                    .take(5)
                    .map(|(p, l, w)| format!("{p}:{l}: {w}")),
            )
            .findings(vec![f])
        }
    }
}

/// Whether a job deploys or publishes, from its own steps and environment
/// (not followed into scripts): (line, what).
pub(crate) fn job_deploys(p: &Pipeline, job: &Job) -> Option<(u32, String)> {
    if let Some(env) = p.inherited(job, |j| j.environment.as_ref()) {
        return Some((env.line, format!("environment `{}`", env.value)));
    }
    for step in p.steps_of(job) {
        if let Some(u) = &step.uses {
            if let Some(h) = classify_action(&u.value, &step.with)
                .filter(|h| h.purpose == Purpose::Deploy && h.sure == Sure::Named)
            {
                return Some((u.line, h.what.to_string()));
            }
        }
        if let Some(run) = &step.run {
            for (n, l) in run.lines() {
                if let Some(h) = classify_line(l)
                    .into_iter()
                    .find(|h| h.purpose == Purpose::Deploy && h.sure == Sure::Named)
                {
                    return Some((n, h.what.to_string()));
                }
            }
        }
    }
    None
}
