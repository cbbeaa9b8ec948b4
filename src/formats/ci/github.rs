//! GitHub Actions workflows (`.github/workflows/*.yml`) and actions
//! (`action.yml`; composite actions carry steps).
//!
//! `on:` comes as a string, a list or a map; `permissions:` as `read-all`,
//! `write-all` or a map; `environment:` and `concurrency:` as a string or a
//! map. Steps keep their `uses:`, `run:`, `with:`, `env:` and `if:`, so the
//! safety checks can read exactly what runs where.

use super::yaml::{self, Node, Value};
use super::{
    kvs, script_start, Container, Declared, Job, Permissions, Pipeline, PipelineKind, Problem,
    Provider, Script, Step, Trigger,
};

/// Whether an `if:` can never be true (`false`, `${{ false }}`, `0`).
pub fn never_true(cond: &Node) -> bool {
    match &cond.value {
        Value::Bool(false) => true,
        Value::Number(n) => n == "0",
        Value::Str(s) => {
            let t = s.trim();
            let t = t
                .strip_prefix("${{")
                .and_then(|r| r.strip_suffix("}}"))
                .unwrap_or(t)
                .trim();
            matches!(t, "false" | "0" | "''" | "\"\"")
        }
        _ => false,
    }
}

pub fn parse_workflow(text: &str) -> Pipeline {
    let root = match yaml::parse(text) {
        Ok(n) => n,
        Err(e) => {
            return Pipeline::broken(
                Provider::GithubActions,
                PipelineKind::Workflow,
                e.line,
                format!("not valid YAML: {}", e.message),
            )
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut p = Pipeline::empty(Provider::GithubActions, PipelineKind::Workflow);
    if !root.is_map() {
        p.problems.push(Problem {
            line: root.line.max(1),
            message: "not a workflow: the file is not a mapping with `on:` and `jobs:`".into(),
        });
        return p;
    }
    p.name = root.get("name").and_then(Node::text);
    match root.get("on") {
        Some(on) => {
            p.line = root.key("on").map_or(1, |k| k.line);
            p.triggers = triggers(on);
            if p.triggers.is_empty() {
                p.problems.push(Problem {
                    line: p.line,
                    message: "not a valid workflow: `on:` names no event".into(),
                });
            }
        }
        None => p.problems.push(Problem {
            line: 1,
            message: "not a valid workflow: no `on:` triggers".into(),
        }),
    }
    if !p.triggers.is_empty() && p.triggers.iter().all(|t| t.event == "workflow_call") {
        p.kind = PipelineKind::ReusableWorkflow;
    }
    p.permissions = root.get("permissions").map(|n| Declared {
        value: permissions(n),
        line: n.line.max(key_line(&root, "permissions")),
    });
    p.env = kvs(root.get("env"));
    p.concurrency = root.get("concurrency").map(|n| Declared {
        value: n
            .text()
            .or_else(|| n.get("group").and_then(Node::text))
            .unwrap_or_default(),
        line: key_line(&root, "concurrency"),
    });
    match root.get("jobs") {
        Some(jobs) if jobs.is_map() => {
            for (k, v) in jobs.entries() {
                let id = k.text().unwrap_or_default();
                match job(&id, k.line, v, &lines) {
                    Ok(j) => p.jobs.push(j),
                    Err(problem) => p.problems.push(problem),
                }
            }
            if p.jobs.is_empty() && p.problems.is_empty() {
                p.problems.push(Problem {
                    line: jobs.line.max(key_line(&root, "jobs")),
                    message: "not a valid workflow: `jobs:` is empty".into(),
                });
            }
        }
        Some(jobs) => p.problems.push(Problem {
            line: key_line(&root, "jobs").max(jobs.line),
            message: "not a valid workflow: `jobs:` must map job ids to jobs".into(),
        }),
        None => p.problems.push(Problem {
            line: 1,
            message: "not a valid workflow: no `jobs:`".into(),
        }),
    }
    p
}

fn key_line(n: &Node, key: &str) -> u32 {
    n.key(key).map_or(0, |k| k.line)
}

fn triggers(on: &Node) -> Vec<Trigger> {
    let plain = |event: String, line: u32| Trigger {
        event,
        line,
        tags: Vec::new(),
        branches: Vec::new(),
    };
    match &on.value {
        Value::Str(s) => vec![plain(s.clone(), on.line)],
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| i.text().map(|t| plain(t, i.line)))
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| {
                let event = k.text()?;
                let list = |key: &str| -> Vec<String> {
                    v.get(key)
                        .map(|n| n.strings().into_iter().map(|(s, _)| s).collect())
                        .unwrap_or_default()
                };
                Some(Trigger {
                    tags: list("tags"),
                    branches: list("branches"),
                    event,
                    line: k.line,
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub fn permissions(n: &Node) -> Permissions {
    match &n.value {
        Value::Str(s) if s == "write-all" => Permissions::WriteAll,
        Value::Str(s) if s == "read-all" => Permissions::ReadAll,
        Value::Map(_) => Permissions::Scopes(kvs(Some(n))),
        _ => Permissions::Other(n.text().unwrap_or_default()),
    }
}

fn job(id: &str, line: u32, n: &Node, lines: &[&str]) -> Result<Job, Problem> {
    if !n.is_map() {
        return Err(Problem {
            line,
            message: format!("not a valid workflow: job `{id}` is not a mapping"),
        });
    }
    let mut j = Job {
        id: id.to_string(),
        line,
        name: n.get("name").and_then(Node::text),
        ..Job::default()
    };
    if let Some(c) = n.get("if") {
        j.condition = c.text();
        j.disabled = never_true(c);
    }
    j.permissions = n.get("permissions").map(|p| Declared {
        value: permissions(p),
        line: key_line(n, "permissions"),
    });
    j.timeout = n.get("timeout-minutes").map(|t| Declared {
        value: t.text().unwrap_or_default(),
        line: key_line(n, "timeout-minutes"),
    });
    j.environment = n.get("environment").map(|e| Declared {
        value: e
            .text()
            .or_else(|| e.get("name").and_then(Node::text))
            .unwrap_or_default(),
        line: key_line(n, "environment"),
    });
    j.concurrency = n.get("concurrency").map(|c| Declared {
        value: c
            .text()
            .or_else(|| c.get("group").and_then(Node::text))
            .unwrap_or_default(),
        line: key_line(n, "concurrency"),
    });
    j.calls = n.get("uses").and_then(|u| {
        Some(Declared {
            value: u.text()?,
            line: u.line,
        })
    });
    j.with = kvs(n.get("with"));
    j.env = kvs(n.get("env"));
    j.runner = n
        .get("runs-on")
        .and_then(|r| r.text().or_else(|| r.items().first().and_then(Node::text)));
    if let Some(c) = n.get("container") {
        j.containers.push(container("container", c, false));
    }
    if let Some(services) = n.get("services") {
        for (k, v) in services.entries() {
            j.containers
                .push(container(&k.text().unwrap_or_default(), v, true));
        }
    }
    match n.get("steps") {
        Some(steps) => {
            for s in steps.items() {
                j.steps.push(step(s, lines));
            }
        }
        None if j.calls.is_none() => {
            return Err(Problem {
                line,
                message: format!(
                    "not a valid workflow: job `{id}` has neither `steps:` nor `uses:`"
                ),
            })
        }
        None => {}
    }
    Ok(j)
}

fn container(name: &str, n: &Node, is_service: bool) -> Container {
    Container {
        name: name.to_string(),
        image: n.text().or_else(|| n.get("image").and_then(Node::text)),
        line: n.line,
        env: kvs(n.get("env")),
        credentials: kvs(n.get("credentials")),
        is_service,
    }
}

pub(crate) fn step(s: &Node, lines: &[&str]) -> Step {
    let mut st = Step {
        line: s.line,
        name: s.get("name").and_then(Node::text),
        uses: s.get("uses").and_then(|u| {
            Some(Declared {
                value: u.text()?,
                line: u.line,
            })
        }),
        run: s.get("run").and_then(|r| {
            Some(Script {
                text: r.text()?,
                line: script_start(lines, r.line),
            })
        }),
        with: kvs(s.get("with")),
        env: kvs(s.get("env")),
        has_timeout: s.get("timeout-minutes").is_some(),
        ..Step::default()
    };
    if let Some(c) = s.get("if") {
        st.condition = c.text();
        st.disabled = never_true(c);
    }
    // `with: script:` of github-script is code; keep its first line right.
    if let Some(script) = s.get("with").and_then(|w| w.get("script")) {
        let start = script_start(lines, script.line);
        if let Some(kv) = st.with.iter_mut().find(|k| k.key == "script") {
            kv.line = start;
        }
    }
    st
}

/// `action.yml`: composite actions run steps; JavaScript and Docker
/// actions run their entry point.
pub fn parse_action(text: &str) -> Pipeline {
    let mut p = Pipeline::empty(Provider::GithubActions, PipelineKind::Action);
    let root = match yaml::parse(text) {
        Ok(n) => n,
        Err(e) => {
            p.problems.push(Problem {
                line: e.line,
                message: format!("not valid YAML: {}", e.message),
            });
            return p;
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    p.name = root.get("name").and_then(Node::text);
    let Some(runs) = root.get("runs") else {
        p.problems.push(Problem {
            line: 1,
            message: "not a valid action: no `runs:`".into(),
        });
        return p;
    };
    let mut j = Job {
        id: "runs".into(),
        line: key_line(&root, "runs"),
        ..Job::default()
    };
    j.env = kvs(runs.get("env"));
    if let Some(image) = runs.get("image").and_then(Node::text) {
        j.runner = Some(image);
    }
    for s in runs.get("steps").map(Node::items).unwrap_or_default() {
        j.steps.push(step(s, &lines));
    }
    p.jobs.push(j);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_in_every_form() {
        for (text, want) in [
            ("on: push\n", vec!["push"]),
            ("on: [push, pull_request]\n", vec!["push", "pull_request"]),
            (
                "on:\n  push:\n    tags: ['v*']\n  pull_request_target:\n",
                vec!["push", "pull_request_target"],
            ),
        ] {
            let p = parse_workflow(&format!(
                "{text}jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"
            ));
            let got: Vec<&str> = p.triggers.iter().map(|t| t.event.as_str()).collect();
            assert_eq!(got, want, "{text}");
            assert!(p.is_valid(), "{:?}", p.problems);
        }
        let p = parse_workflow("on:\n  push:\n    tags: ['v*']\njobs:\n  a:\n    steps: []\n");
        assert_eq!(p.triggers[0].tags, ["v*"]);
    }

    #[test]
    fn jobs_steps_and_their_lines() {
        let text = "name: ci\non: push\npermissions: read-all\njobs:\n  test:\n    if: ${{ false }}\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    environment: production\n    services:\n      db:\n        image: postgres\n        env:\n          POSTGRES_PASSWORD: postgres\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: |\n          cargo test\n          echo ok\n        if: false\n  call:\n    uses: ./.github/workflows/x.yml\n";
        let p = parse_workflow(text);
        assert!(p.is_valid(), "{:?}", p.problems);
        assert_eq!(p.permissions.as_ref().unwrap().value, Permissions::ReadAll);
        let t = &p.jobs[0];
        assert!(t.disabled);
        assert_eq!(t.timeout.as_ref().unwrap().line, 8);
        assert_eq!(t.environment.as_ref().unwrap().value, "production");
        assert_eq!(t.containers[0].env[0].value, "postgres");
        assert_eq!(t.steps[0].uses.as_ref().unwrap().line, 16);
        assert_eq!(t.steps[0].with[0].value, "false");
        let run = t.steps[1].run.as_ref().unwrap();
        assert_eq!(run.line, 20);
        assert_eq!(run.lines().nth(1), Some((21, "echo ok")));
        assert!(t.steps[1].disabled);
        assert_eq!(
            p.jobs[1].calls.as_ref().unwrap().value,
            "./.github/workflows/x.yml"
        );
    }

    #[test]
    fn broken_files_are_problems_with_lines() {
        for (text, line) in [
            ("on: push\njobs:\n  a: [\n", 3),
            ("just a string\n", 1),
            ("name: x\n", 1),
            ("on: push\njobs:\n  a:\n    runs-on: x\n", 3),
            ("on: push\njobs: []\n", 2),
            ("", 1),
        ] {
            let p = parse_workflow(text);
            assert!(!p.is_valid(), "{text}");
            assert_eq!(p.problems[0].line, line, "{text}: {:?}", p.problems);
        }
    }

    #[test]
    fn composite_actions_have_steps() {
        let p = parse_action("name: a\nruns:\n  using: composite\n  steps:\n    - run: make test\n      shell: bash\n");
        assert!(p.is_valid());
        assert_eq!(p.jobs[0].steps[0].run.as_ref().unwrap().text, "make test");
    }
}
