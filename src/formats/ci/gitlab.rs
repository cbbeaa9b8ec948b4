//! GitLab CI (`.gitlab-ci.yml` and the files it includes from `.gitlab/ci/`).
//!
//! Every top-level key that is not a global keyword is a job. Hidden jobs
//! (`.name`) are templates: they never run themselves, and their scripts run
//! in the jobs that `extends:` them. `include:` is recorded as written and
//! never fetched. A job whose rules all say `when: never`, or that says
//! `when: never` itself, is disabled.

use super::yaml::{self, Node, Value};
use super::{
    kvs, script_start, Container, Declared, Job, Pipeline, PipelineKind, Problem, Provider, Script,
    Step,
};

const GLOBAL_KEYS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "spec",
];

pub fn parse(text: &str) -> Pipeline {
    let mut p = Pipeline::empty(Provider::GitlabCi, PipelineKind::Pipeline);
    // A file may hold a `spec:` header document and then the pipeline.
    let body = split_spec_header(text);
    let root = match yaml::parse(body.1) {
        Ok(n) => n,
        Err(e) => {
            p.problems.push(Problem {
                line: e.line + body.0,
                message: format!("not valid YAML: {}", e.message),
            });
            return p;
        }
    };
    let offset = body.0;
    let lines: Vec<&str> = text.lines().collect();
    if !root.is_map() {
        if !root.is_null() {
            p.problems.push(Problem {
                line: root.line.max(1) + offset,
                message: "not a GitLab CI file: the file is not a mapping of jobs".into(),
            });
        }
        return p;
    }
    p.env = shift(kvs(root.get("variables")), offset);
    for inc in root.get("include").map(includes).unwrap_or_default() {
        p.includes.push(Declared {
            value: inc.value,
            line: inc.line + offset,
        });
    }
    let default_services: Vec<Container> = root
        .get("services")
        .or_else(|| root.get("default").and_then(|d| d.get("services")))
        .map(|s| services(s, offset))
        .unwrap_or_default();
    for (k, v) in root.entries() {
        let Some(id) = k.text() else { continue };
        if GLOBAL_KEYS.contains(&id.as_str()) || !v.is_map() {
            continue;
        }
        let mut j = job(&id, k.line + offset, v, &lines, offset);
        if j.containers.iter().all(|c| !c.is_service) {
            j.containers.extend(default_services.iter().cloned());
        }
        p.jobs.push(j);
    }
    p
}

/// (lines before the pipeline document, the pipeline document).
fn split_spec_header(text: &str) -> (u32, &str) {
    if !text.trim_start().starts_with("spec:") {
        return (0, text);
    }
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if line.trim_end() == "---" {
            return ((i + 1) as u32, &text[offset..]);
        }
    }
    (0, text)
}

fn shift(mut kvs: Vec<super::Kv>, offset: u32) -> Vec<super::Kv> {
    kvs.iter_mut().for_each(|k| k.line += offset);
    kvs
}

fn includes(n: &Node) -> Vec<Declared<String>> {
    let one = |i: &Node| -> Option<Declared<String>> {
        if let Some(s) = i.text() {
            return Some(Declared {
                value: s,
                line: i.line,
            });
        }
        for key in [
            "template",
            "local",
            "remote",
            "component",
            "file",
            "project",
        ] {
            if let Some(v) = i.get(key) {
                let value = v
                    .text()
                    .or_else(|| v.items().first().and_then(Node::text))?;
                return Some(Declared {
                    value: format!("{key}:{value}"),
                    line: v.line,
                });
            }
        }
        None
    };
    match &n.value {
        Value::Seq(items) => items.iter().filter_map(one).collect(),
        _ => one(n).into_iter().collect(),
    }
}

fn services(n: &Node, offset: u32) -> Vec<Container> {
    n.items()
        .iter()
        .map(|s| {
            let image = s.text().or_else(|| s.get("name").and_then(Node::text));
            Container {
                name: s
                    .get("alias")
                    .and_then(Node::text)
                    .or_else(|| image.clone())
                    .unwrap_or_default(),
                image,
                line: s.line + offset,
                env: shift(kvs(s.get("variables")), offset),
                credentials: Vec::new(),
                is_service: true,
            }
        })
        .collect()
}

fn job(id: &str, line: u32, n: &Node, lines: &[&str], offset: u32) -> Job {
    let decl = |key: &str, f: &dyn Fn(&Node) -> Option<String>| {
        n.get(key).map(|v| Declared {
            value: f(v).unwrap_or_default(),
            line: n.key(key).map_or(line, |k| k.line + offset),
        })
    };
    let mut j = Job {
        id: id.to_string(),
        line,
        template: id.starts_with('.'),
        stage: n.get("stage").and_then(Node::text),
        extends: n
            .get("extends")
            .map(|e| e.strings().into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default(),
        timeout: decl("timeout", &|v| v.text()),
        // `action: stop|prepare|verify|access` uses an environment without
        // deploying to it.
        environment: decl("environment", &|v| {
            v.text().or_else(|| v.get("name").and_then(Node::text))
        })
        .filter(|_| {
            let action = n
                .get("environment")
                .and_then(|e| e.get("action"))
                .and_then(Node::text);
            !matches!(
                action.as_deref(),
                Some("stop" | "prepare" | "verify" | "access")
            )
        }),
        concurrency: decl("resource_group", &|v| v.text()),
        env: shift(kvs(n.get("variables")), offset),
        runner: n
            .get("image")
            .and_then(|i| i.text().or_else(|| i.get("name").and_then(Node::text))),
        ..Job::default()
    };
    let never = |r: &Node| r.get("when").and_then(Node::text).as_deref() == Some("never");
    let rules = n.get("rules").map(Node::items).unwrap_or_default();
    j.disabled = n.get("when").and_then(Node::text).as_deref() == Some("never")
        || (!rules.is_empty() && rules.iter().all(never));
    if let Some(s) = n.get("services") {
        j.containers = services(s, offset);
    }
    for key in ["before_script", "script", "after_script"] {
        let Some(script) = n.get(key) else { continue };
        let items: Vec<&Node> = match &script.value {
            Value::Seq(items) => items.iter().flat_map(flatten).collect(),
            _ => vec![script],
        };
        for item in items {
            let Some(text) = item.text() else { continue };
            let node_line = item.line + offset;
            j.steps.push(Step {
                line: node_line,
                name: Some(key.to_string()),
                run: Some(Script {
                    text,
                    line: script_start(lines, node_line),
                }),
                ..Step::default()
            });
        }
    }
    if let Some(t) = n.get("trigger") {
        // A child or downstream pipeline: the job runs what it names.
        let target = t
            .text()
            .or_else(|| t.get("project").and_then(Node::text))
            .or_else(|| {
                t.get("include").and_then(|i| {
                    i.text()
                        .or_else(|| includes(i).first().map(|d| d.value.clone()))
                })
            });
        j.calls = target.map(|value| Declared {
            value,
            line: t.line + offset,
        });
    }
    j
}

fn flatten(n: &Node) -> Vec<&Node> {
    match &n.value {
        Value::Seq(items) => items.iter().flat_map(flatten).collect(),
        _ => vec![n],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_templates_and_includes() {
        let text = "stages: [test]\ninclude:\n  - template: Security/SAST.gitlab-ci.yml\n  - local: ci/x.yml\nvariables:\n  A: b\n.base:\n  script:\n    - cargo test\ntest:\n  extends: .base\n  stage: test\n  resource_group: prod\n  timeout: 30m\n  services:\n    - name: postgres:16\n      variables:\n        POSTGRES_PASSWORD: x\nlint:\n  script: |\n    cargo clippy\n  rules:\n    - when: never\n";
        let p = parse(text);
        assert!(p.is_valid(), "{:?}", p.problems);
        let stop =
            parse("cleanup:\n  environment:\n    name: review\n    action: stop\n  script: [x]\n");
        assert!(stop.jobs[0].environment.is_none());
        assert_eq!(p.includes.len(), 2);
        assert_eq!(p.includes[0].value, "template:Security/SAST.gitlab-ci.yml");
        let ids: Vec<&str> = p.live_jobs().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, ["test"]);
        let test = p.jobs.iter().find(|j| j.id == "test").unwrap();
        let steps = p.steps_of(test);
        assert_eq!(steps[0].run.as_ref().unwrap().text, "cargo test");
        assert_eq!(steps[0].line, 9);
        assert_eq!(test.concurrency.as_ref().unwrap().value, "prod");
        assert_eq!(test.containers[0].env[0].key, "POSTGRES_PASSWORD");
        let lint = p.jobs.iter().find(|j| j.id == "lint").unwrap();
        assert!(lint.disabled);
        assert_eq!(lint.steps[0].run.as_ref().unwrap().line, 21);
    }

    #[test]
    fn reference_tags_and_spec_headers() {
        let p = parse("spec:\n  inputs:\n    a:\n---\n.x:\n  script: [make test]\nt:\n  script:\n    - !reference [.x, script]\n    - echo\n");
        assert!(p.is_valid(), "{:?}", p.problems);
        assert_eq!(p.jobs.len(), 2);
        assert_eq!(p.jobs[0].line, 5);
    }

    #[test]
    fn broken() {
        assert!(!parse("a: [\n").is_valid());
        assert!(!parse("- a\n- b\n").is_valid());
        assert!(parse("").is_valid());
    }
}
