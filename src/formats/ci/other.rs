//! The commands of the other providers: CircleCI, Azure Pipelines,
//! Bitbucket Pipelines, Buildkite, Drone, Travis CI, Woodpecker (YAML) and
//! Jenkins (a Groovy `Jenkinsfile`, read as script text).
//!
//! These are read for what they run, not for their structure: every string
//! under a command key (`run`, `script`, `command(s)`, `bash`...) becomes a
//! step of one pseudo-job, with its line; task and orb references become
//! `uses`; `env`/`environment`/`variables` maps are kept. That is enough
//! for "does CI run the tests, a linter, a scanner, a deploy".

use super::yaml::{self, Node, Value};
use super::{
    kvs, script_start, Declared, Job, Kv, Pipeline, PipelineKind, Problem, Provider, Script, Step,
};

const COMMAND_KEYS: &[&str] = &[
    "run",
    "command",
    "commands",
    "script",
    "scripts",
    "bash",
    "pwsh",
    "powershell",
    "sh",
    "before_script",
    "after_script",
    "before_install",
    "install",
    "before_deploy",
    "after_success",
    "after_script",
    "cmd",
    "checkout",
];

pub fn parse(provider: Provider, text: &str) -> Pipeline {
    if provider == Provider::Jenkins {
        return jenkinsfile(text);
    }
    let mut p = Pipeline::empty(provider, PipelineKind::Pipeline);
    // Drone and Woodpecker files may hold several documents.
    let docs = split_documents(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut job = Job {
        id: "pipeline".into(),
        line: 1,
        ..Job::default()
    };
    for (offset, doc) in docs {
        let root = match yaml::parse(doc) {
            Ok(n) => n,
            Err(e) => {
                p.problems.push(Problem {
                    line: e.line + offset,
                    message: format!("not valid YAML: {}", e.message),
                });
                continue;
            }
        };
        if !root.is_map() && !root.is_null() && !root.is_seq() {
            p.problems.push(Problem {
                line: root.line + offset,
                message: format!("not a {} file: expected a mapping", provider.name()),
            });
            continue;
        }
        collect(&root, None, &lines, offset, &mut job);
    }
    p.jobs.push(job);
    p
}

fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut start_line = 0u32;
    let mut pos = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" && i > 0 {
            out.push((start_line, &text[start..pos]));
            start = pos + line.len();
            start_line = i as u32 + 1;
        }
        pos += line.len();
    }
    out.push((start_line, &text[start..]));
    out
}

fn collect(n: &Node, key: Option<&str>, lines: &[&str], offset: u32, job: &mut Job) {
    match &n.value {
        Value::Map(entries) => {
            // An Azure task (`task: DotNetCoreCLI@2` + `inputs: command: test`)
            // or a Travis deploy (`deploy: provider: x`) is an action.
            if let Some(task) = n.get("task").and_then(Node::text) {
                let args = n
                    .get("inputs")
                    .map(|i| {
                        ["command", "goals", "tasks", "customCommand", "arguments"]
                            .iter()
                            .filter_map(|k| i.get(k).and_then(Node::text))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                job.steps.push(Step {
                    line: n.line + offset,
                    uses: Some(Declared {
                        value: task.clone(),
                        line: n.line + offset,
                    }),
                    run: (!args.is_empty()).then(|| Script {
                        text: format!("{task} {args}"),
                        line: n.line + offset,
                    }),
                    ..Step::default()
                });
            }
            if key == Some("deploy") {
                if let Some(provider) = n.get("provider").and_then(Node::text) {
                    job.steps.push(Step {
                        line: n.line + offset,
                        uses: Some(Declared {
                            value: format!("deploy:{provider}"),
                            line: n.line + offset,
                        }),
                        ..Step::default()
                    });
                }
            }
            for (k, v) in entries {
                let name = k.text();
                let name = name.as_deref();
                match name {
                    Some("env" | "environment" | "variables" | "vars") => {
                        job.env.extend(env_of(v, offset));
                    }
                    Some(
                        "timeout" | "timeout_in_minutes" | "timeoutInMinutes" | "max-time"
                        | "no_output_timeout",
                    ) => {
                        job.timeout.get_or_insert(Declared {
                            value: v.text().unwrap_or_default(),
                            line: k.line + offset,
                        });
                    }
                    Some("plugins" | "orbs" | "uses" | "image") if v.text().is_some() => {
                        job.steps.push(Step {
                            line: v.line + offset,
                            uses: Some(Declared {
                                value: v.text().unwrap_or_default(),
                                line: v.line + offset,
                            }),
                            ..Step::default()
                        });
                    }
                    _ => {}
                }
                collect(v, name, lines, offset, job);
            }
        }
        Value::Seq(items) => {
            for i in items {
                // CircleCI orb commands and `checkout` are bare strings in `steps:`.
                if key == Some("steps") {
                    if let Some(t) = i.text() {
                        job.steps.push(Step {
                            line: i.line + offset,
                            uses: Some(Declared {
                                value: t,
                                line: i.line + offset,
                            }),
                            ..Step::default()
                        });
                        continue;
                    }
                }
                collect(i, key, lines, offset, job);
            }
        }
        _ => {
            if key.is_some_and(|k| COMMAND_KEYS.contains(&k)) {
                if let Some(text) = n.text() {
                    let line = n.line + offset;
                    job.steps.push(Step {
                        line,
                        run: Some(Script {
                            text,
                            line: script_start(lines, line),
                        }),
                        ..Step::default()
                    });
                }
            }
        }
    }
}

/// A map, or Travis's `- NAME=value` list.
fn env_of(n: &Node, offset: u32) -> Vec<Kv> {
    let mut out: Vec<Kv> = kvs(Some(n));
    for (s, line) in n.strings() {
        if let Some((k, v)) = s.split_once('=') {
            out.push(Kv {
                key: k.trim().to_string(),
                value: v.trim().to_string(),
                line,
            });
        }
    }
    if let Some(g) = n.get("global") {
        out.extend(env_of(g, 0));
    }
    out.iter_mut().for_each(|k| k.line += offset);
    out
}

/// A Jenkinsfile is Groovy: its whole text is the script, minus comments.
fn jenkinsfile(text: &str) -> Pipeline {
    let mut p = Pipeline::empty(Provider::Jenkins, PipelineKind::Pipeline);
    let mut in_block = false;
    let mut kept = String::with_capacity(text.len());
    for line in text.lines() {
        let mut out = String::new();
        let mut rest = line;
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(e) => {
                        rest = &rest[e + 2..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                let slash = rest
                    .find("//")
                    .filter(|&i| i == 0 || !rest[..i].ends_with(':'));
                let block = rest.find("/*");
                match (slash, block) {
                    (Some(s), b) if b.is_none_or(|b| s < b) => {
                        out.push_str(&rest[..s]);
                        break;
                    }
                    (_, Some(b)) => {
                        out.push_str(&rest[..b]);
                        rest = &rest[b + 2..];
                        in_block = true;
                    }
                    _ => {
                        out.push_str(rest);
                        break;
                    }
                }
            }
        }
        kept.push_str(&out);
        kept.push('\n');
    }
    p.jobs.push(Job {
        id: "pipeline".into(),
        line: 1,
        steps: vec![Step {
            line: 1,
            run: Some(Script {
                text: kept,
                line: 1,
            }),
            ..Step::default()
        }],
        ..Job::default()
    });
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(p: &Pipeline) -> Vec<String> {
        p.jobs[0]
            .steps
            .iter()
            .filter_map(|s| s.run.as_ref().map(|r| r.text.trim().to_string()))
            .collect()
    }

    #[test]
    fn commands_of_each_provider() {
        let cases: &[(Provider, &str, &str)] = &[
            (Provider::CircleCi, "jobs:\n  t:\n    steps:\n      - checkout\n      - run: cargo test\n      - run:\n          command: npm test\n", "npm test"),
            (Provider::AzurePipelines, "steps:\n- script: pytest\n- task: DotNetCoreCLI@2\n  inputs:\n    command: test\n", "DotNetCoreCLI@2 test"),
            (Provider::Bitbucket, "pipelines:\n  default:\n    - step:\n        script:\n          - go test ./...\n", "go test ./..."),
            (Provider::Buildkite, "steps:\n  - command: make test\n  - commands: [\"a\", \"b\"]\n", "make test"),
            (Provider::Drone, "kind: pipeline\nsteps:\n- name: t\n  commands:\n  - mix test\n---\nkind: secret\n", "mix test"),
            (Provider::Travis, "language: ruby\nscript: bundle exec rspec\nenv:\n  global:\n    - A=b\n", "bundle exec rspec"),
            (Provider::Woodpecker, "steps:\n  t:\n    commands: [tox]\n", "tox"),
        ];
        for (provider, text, want) in cases {
            let p = parse(*provider, text);
            assert!(p.is_valid(), "{provider:?}: {:?}", p.problems);
            assert!(
                runs(&p).iter().any(|r| r == want),
                "{provider:?}: {:?}",
                runs(&p)
            );
        }
        let travis = parse(Provider::Travis, "env:\n  global:\n    - TOKEN=abc\n");
        assert_eq!(travis.jobs[0].env[0].key, "TOKEN");
    }

    #[test]
    fn jenkinsfile_drops_comments() {
        let p = parse(Provider::Jenkins, "pipeline {\n  // sh 'make test'\n  /* sh 'npm test'\n */ stage('x') { sh 'go test ./...' } // tail\n  sh 'curl http://x'\n}\n");
        let text = &runs(&p)[0];
        assert!(
            !text.contains("make test") && !text.contains("npm test"),
            "{text}"
        );
        assert!(
            text.contains("go test ./...") && text.contains("http://x"),
            "{text}"
        );
    }

    #[test]
    fn hostile() {
        for t in ["a: [", "\"", "- - - -", "x"] {
            let _ = parse(Provider::CircleCi, t);
        }
    }
}
