//! CI pipelines: one model for every provider, so the readiness checks
//! (tests, lint, scanning, deploys) read GitHub Actions, GitLab CI and the
//! rest alike, while the GitHub Actions safety checks read the parts only
//! that provider has (triggers, permissions, `uses:`).
//!
//! Parsers know no checks. Line numbers come from the YAML spans; a file
//! that is not YAML, or not a pipeline, keeps its problems with locations.

pub mod commands;
pub mod github;
pub mod gitlab;
pub mod other;
pub mod scripts;
pub mod updates;
pub mod yaml;

/// Who runs the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    GithubActions,
    GitlabCi,
    CircleCi,
    AzurePipelines,
    Bitbucket,
    Buildkite,
    Drone,
    Travis,
    Woodpecker,
    Jenkins,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::GithubActions => "GitHub Actions",
            Provider::GitlabCi => "GitLab CI",
            Provider::CircleCi => "CircleCI",
            Provider::AzurePipelines => "Azure Pipelines",
            Provider::Bitbucket => "Bitbucket Pipelines",
            Provider::Buildkite => "Buildkite",
            Provider::Drone => "Drone",
            Provider::Travis => "Travis CI",
            Provider::Woodpecker => "Woodpecker",
            Provider::Jenkins => "Jenkins",
        }
    }
}

/// What a CI file is, from its path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiFile {
    /// A workflow under `.github/workflows/`.
    Workflow,
    /// A composite (or other) action's `action.yml`, anywhere in the tree.
    Action,
    /// `.gitlab-ci.yml` or a file it may include from `.gitlab/ci/`.
    Gitlab,
    /// Another provider's pipeline file.
    Other(Provider),
}

impl CiFile {
    pub fn provider(self) -> Provider {
        match self {
            CiFile::Workflow | CiFile::Action => Provider::GithubActions,
            CiFile::Gitlab => Provider::GitlabCi,
            CiFile::Other(p) => p,
        }
    }
}

/// Classifies a repo-relative path. Vendored and fixture trees are left to
/// the caller.
pub fn classify(path: &str) -> Option<CiFile> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    if let Some(rest) = lower.strip_prefix(".github/workflows/") {
        return (yaml && !rest.contains('/')).then_some(CiFile::Workflow);
    }
    if name == "action.yml" || name == "action.yaml" {
        return Some(CiFile::Action);
    }
    if (lower == ".gitlab-ci.yml" || lower == ".gitlab-ci.yaml")
        || (lower.starts_with(".gitlab/ci/") && yaml)
        || (yaml && name.ends_with(".gitlab-ci.yml"))
    {
        return Some(CiFile::Gitlab);
    }
    let other = match lower.as_str() {
        ".circleci/config.yml" | ".circleci/config.yaml" => Provider::CircleCi,
        "azure-pipelines.yml" | "azure-pipelines.yaml" | ".azure-pipelines.yml" => {
            Provider::AzurePipelines
        }
        "bitbucket-pipelines.yml" | "bitbucket-pipelines.yaml" => Provider::Bitbucket,
        ".buildkite/pipeline.yml" | ".buildkite/pipeline.yaml" | "buildkite.yml" => {
            Provider::Buildkite
        }
        ".drone.yml" | ".drone.yaml" => Provider::Drone,
        ".travis.yml" | ".travis.yaml" => Provider::Travis,
        ".woodpecker.yml" | ".woodpecker.yaml" => Provider::Woodpecker,
        "jenkinsfile" => Provider::Jenkins,
        _ if lower.starts_with(".azure-pipelines/") && yaml => Provider::AzurePipelines,
        _ if lower.starts_with(".buildkite/") && yaml && name.starts_with("pipeline") => {
            Provider::Buildkite
        }
        _ if lower.starts_with(".woodpecker/") && yaml => Provider::Woodpecker,
        _ if !lower.contains('/') && name.starts_with("jenkinsfile") => Provider::Jenkins,
        _ if lower.starts_with("jenkins/") && name.starts_with("jenkinsfile") => Provider::Jenkins,
        _ => return None,
    };
    Some(CiFile::Other(other))
}

/// A key and its scalar value (`env`, `with`, `variables`), with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Kv {
    pub key: String,
    /// The value as text; empty for null. Collections are not kept.
    pub value: String,
    pub line: u32,
}

impl Kv {
    pub fn is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }
}

pub fn kv_get<'a>(kvs: &'a [Kv], key: &str) -> Option<&'a Kv> {
    kvs.iter().find(|k| k.is(key))
}

/// A shell script (`run:`, `script:`), with the line of its first line of
/// text, so line `i` of the script is at `line + i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub text: String,
    pub line: u32,
}

impl Script {
    /// Each line of the script with its file line.
    pub fn lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, l)| (self.line + i as u32, l))
    }
}

/// `permissions:` as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Permissions {
    WriteAll,
    ReadAll,
    /// `{}` or a map of scopes to `read`, `write` or `none`.
    Scopes(Vec<Kv>),
    /// Something else (an expression, a typo).
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Declared<T> {
    pub value: T,
    pub line: u32,
}

/// A container image a job runs in or beside.
#[derive(Debug, Clone, PartialEq)]
pub struct Container {
    /// The service name (`postgres`), or "container" for the job's own.
    pub name: String,
    pub image: Option<String>,
    pub line: u32,
    pub env: Vec<Kv>,
    /// `credentials:` (GitHub) or registry auth values.
    pub credentials: Vec<Kv>,
    /// A `services:` sidecar rather than the job's own container.
    pub is_service: bool,
}

/// One step of a job: an action, a script, or both (GitLab scripts are one
/// step per line).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step {
    pub line: u32,
    pub name: Option<String>,
    /// `uses:` (GitHub Actions), `task:` (Azure), `orb/command` (CircleCI).
    pub uses: Option<Declared<String>>,
    pub run: Option<Script>,
    pub with: Vec<Kv>,
    pub env: Vec<Kv>,
    /// `if:` as written.
    pub condition: Option<String>,
    /// Never runs: `if: false` and the like.
    pub disabled: bool,
    pub has_timeout: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Job {
    pub id: String,
    pub line: u32,
    pub name: Option<String>,
    /// Never runs: `if: false`, a hidden GitLab job (`.name`), `when: never`.
    pub disabled: bool,
    /// A template only others extend (GitLab hidden job): its steps run in
    /// the jobs that extend it.
    pub template: bool,
    pub extends: Vec<String>,
    pub stage: Option<String>,
    pub condition: Option<String>,
    pub permissions: Option<Declared<Permissions>>,
    pub timeout: Option<Declared<String>>,
    pub environment: Option<Declared<String>>,
    /// `concurrency:` (GitHub) or `resource_group:` (GitLab).
    pub concurrency: Option<Declared<String>>,
    /// A reusable workflow this job calls (`uses:` at job level).
    pub calls: Option<Declared<String>>,
    pub with: Vec<Kv>,
    pub env: Vec<Kv>,
    pub containers: Vec<Container>,
    pub steps: Vec<Step>,
    /// `runs-on:` / `image:`, as written.
    pub runner: Option<String>,
}

impl Job {
    /// Steps that can run.
    pub fn live_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| !s.disabled)
    }
}

/// A trigger (`on:` event) with its line and, for push, its filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub event: String,
    pub line: u32,
    /// `tags:` filters of a push trigger.
    pub tags: Vec<String>,
    /// `branches:` filters.
    pub branches: Vec<String>,
}

/// Where a file stopped making sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

/// Whether the file is a workflow, an action, or another provider's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipelineKind {
    Workflow,
    /// `on: workflow_call` only: runs when another workflow calls it.
    ReusableWorkflow,
    Action,
    Pipeline,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub provider: Provider,
    pub kind: PipelineKind,
    pub name: Option<String>,
    pub triggers: Vec<Trigger>,
    pub permissions: Option<Declared<Permissions>>,
    pub env: Vec<Kv>,
    pub concurrency: Option<Declared<String>>,
    pub jobs: Vec<Job>,
    /// Files or templates the pipeline includes (GitLab `include:`), as
    /// written; recognised, never fetched.
    pub includes: Vec<Declared<String>>,
    pub problems: Vec<Problem>,
    /// Line of the `on:` key (or 1).
    pub line: u32,
}

impl Pipeline {
    pub fn empty(provider: Provider, kind: PipelineKind) -> Self {
        Pipeline {
            provider,
            kind,
            name: None,
            triggers: Vec::new(),
            permissions: None,
            env: Vec::new(),
            concurrency: None,
            jobs: Vec::new(),
            includes: Vec::new(),
            problems: Vec::new(),
            line: 1,
        }
    }

    pub fn broken(provider: Provider, kind: PipelineKind, line: u32, message: String) -> Self {
        let mut p = Self::empty(provider, kind);
        p.problems.push(Problem { line, message });
        p
    }

    /// Parsed well enough to read jobs from.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn has_trigger(&self, event: &str) -> bool {
        self.triggers.iter().any(|t| t.event == event)
    }

    /// Jobs that can run, with templates merged into the jobs extending them
    /// (a GitLab job without its own script runs its template's).
    pub fn live_jobs(&self) -> impl Iterator<Item = &Job> {
        self.jobs.iter().filter(|j| !j.disabled && !j.template)
    }

    /// The steps a job runs, including those of the templates it extends
    /// when it has none of its own.
    pub fn steps_of<'a>(&'a self, job: &'a Job) -> Vec<&'a Step> {
        let mut seen = Vec::new();
        self.collect_steps(job, &mut seen, 0)
    }

    fn collect_steps<'a>(
        &'a self,
        job: &'a Job,
        seen: &mut Vec<&'a str>,
        depth: u32,
    ) -> Vec<&'a Step> {
        let mut out: Vec<&Step> = job.live_steps().collect();
        if depth > 10 || seen.contains(&job.id.as_str()) {
            return out;
        }
        seen.push(&job.id);
        for parent in &job.extends {
            if let Some(p) = self.jobs.iter().find(|j| &j.id == parent) {
                for s in self.collect_steps(p, seen, depth + 1) {
                    if !out.iter().any(|o| std::ptr::eq(*o, s)) {
                        out.push(s);
                    }
                }
            }
        }
        out
    }

    /// A job's field, inherited from what it extends when it has none.
    pub fn inherited<'a, T>(&'a self, job: &'a Job, f: impl Fn(&'a Job) -> Option<T>) -> Option<T> {
        let mut cur = job;
        for _ in 0..10 {
            if let Some(v) = f(cur) {
                return Some(v);
            }
            let next = cur
                .extends
                .iter()
                .find_map(|e| self.jobs.iter().find(|j| &j.id == e));
            match next {
                Some(n) => cur = n,
                None => return None,
            }
        }
        None
    }
}

/// The model every CI check asks `Content::model` for: a file's pipeline,
/// or None when the path is no CI file.
#[derive(Debug, Clone, PartialEq)]
pub struct CiModel(pub Option<Pipeline>);

/// Parses `text` as the CI file `path` names.
pub fn parse(path: &str, text: &str) -> Option<Pipeline> {
    Some(match classify(path)? {
        CiFile::Workflow => github::parse_workflow(text),
        CiFile::Action => github::parse_action(text),
        CiFile::Gitlab => gitlab::parse(text),
        CiFile::Other(p) => other::parse(p, text),
    })
}

/// For a block scalar (`run: |`), the text starts on the line after the
/// key; for a plain or quoted one, on the key's line.
pub(crate) fn script_start(lines: &[&str], node_line: u32) -> u32 {
    let Some(src) = lines.get(node_line.saturating_sub(1) as usize) else {
        return node_line;
    };
    let src = src.split(" #").next().unwrap_or(src).trim_end();
    let mut tokens = src.split_whitespace().rev();
    let (tail, before) = (tokens.next().unwrap_or(""), tokens.next().unwrap_or(""));
    let indicator = tail.starts_with(['|', '>'])
        && tail[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == '-');
    let block = indicator && (before.ends_with(':') || before == "-" || before.is_empty());
    if block {
        node_line + 1
    } else {
        node_line
    }
}

/// Key/value pairs of a mapping node, scalars only.
pub(crate) fn kvs(node: Option<&yaml::Node>) -> Vec<Kv> {
    let Some(node) = node else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in node.entries() {
        let Some(key) = k.text() else { continue };
        let value = match &v.value {
            yaml::Value::Map(_) => {
                // GitLab `variables: NAME: {value: x, description: y}`.
                v.get("value")
                    .and_then(yaml::Node::text)
                    .unwrap_or_default()
            }
            yaml::Value::Seq(_) => continue,
            _ => v.text().unwrap_or_default(),
        };
        out.push(Kv {
            key,
            value,
            line: if v.line > 0 { v.line } else { k.line },
        });
    }
    // Azure and Drone also write `- name: X\n  value: Y` lists.
    for item in node.items() {
        if let (Some(k), Some(v)) = (
            item.get("name").and_then(yaml::Node::text),
            item.get("value"),
        ) {
            out.push(Kv {
                key: k,
                value: v.text().unwrap_or_default(),
                line: v.line,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_ci_files() {
        let cases = [
            (".github/workflows/ci.yml", Some(CiFile::Workflow)),
            (".github/workflows/sub/ci.yml", None),
            (".github/workflows/README.md", None),
            ("action.yml", Some(CiFile::Action)),
            (".github/actions/setup/action.yaml", Some(CiFile::Action)),
            (".gitlab-ci.yml", Some(CiFile::Gitlab)),
            (".gitlab/ci/test.yml", Some(CiFile::Gitlab)),
            (
                ".circleci/config.yml",
                Some(CiFile::Other(Provider::CircleCi)),
            ),
            (
                "azure-pipelines.yml",
                Some(CiFile::Other(Provider::AzurePipelines)),
            ),
            (
                "bitbucket-pipelines.yml",
                Some(CiFile::Other(Provider::Bitbucket)),
            ),
            (
                ".buildkite/pipeline.yml",
                Some(CiFile::Other(Provider::Buildkite)),
            ),
            (".drone.yml", Some(CiFile::Other(Provider::Drone))),
            (".travis.yml", Some(CiFile::Other(Provider::Travis))),
            (".woodpecker.yml", Some(CiFile::Other(Provider::Woodpecker))),
            (
                ".woodpecker/test.yaml",
                Some(CiFile::Other(Provider::Woodpecker)),
            ),
            ("Jenkinsfile", Some(CiFile::Other(Provider::Jenkins))),
            ("docs/Jenkinsfile", None),
            ("src/config.yml", None),
        ];
        for (path, want) in cases {
            assert_eq!(classify(path), want, "{path}");
        }
    }

    #[test]
    fn hostile_input_never_panics() {
        let paths = [
            ".github/workflows/a.yml",
            "action.yml",
            ".gitlab-ci.yml",
            ".circleci/config.yml",
            "azure-pipelines.yml",
            "bitbucket-pipelines.yml",
            ".buildkite/pipeline.yml",
            ".drone.yml",
            ".travis.yml",
            ".woodpecker.yml",
            "Jenkinsfile",
        ];
        let long = format!(
            "on: push\njobs:\n  a:\n    steps:\n      - run: {}\n",
            "x".repeat(200_000)
        );
        let deep = format!("a: {}{}", "[".repeat(5_000), "]".repeat(5_000));
        let hostile = [
            "",
            "\u{0}\u{1}\u{2}",
            "on: [",
            "jobs:\n  a: |\n",
            "- - - -",
            ":",
            "on:\n  push:\n    tags: 3\njobs: 7\n",
            "/* unterminated",
            "a: &a [*a]",
            "\u{feff}on: push",
            long.as_str(),
            deep.as_str(),
            "on: push\njobs:\n  a:\n    steps:\n      - uses: ''\n      - run: ''\n      - 3\n",
        ];
        for p in paths {
            for h in hostile {
                let _ = parse(p, h);
            }
        }
    }

    #[test]
    fn block_scalars_start_on_the_next_line() {
        let lines = [
            "      run: |",
            "      run: echo hi",
            "      - run: >-",
            "    script: |2 # c",
        ];
        assert_eq!(script_start(&lines, 1), 2);
        assert_eq!(script_start(&lines, 2), 2);
        assert_eq!(script_start(&lines, 3), 4);
        assert_eq!(script_start(&lines, 4), 5);
    }
}
