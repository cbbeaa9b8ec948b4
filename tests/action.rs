//! The GitHub Action (`action.yml`, docs/github-action.md), tested without
//! GitHub: its metadata read as the runner would, its shell steps run under
//! bash with the runner's variables pointed at a temporary directory, and
//! the action plus the documented example workflow scanned by shipready's
//! own CI checks.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{check, crate_root, json, shipready, Repo};
use serde_json::Value;

fn action() -> Value {
    let text = std::fs::read_to_string(crate_root().join("action.yml")).expect("read action.yml");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("action.yml is not YAML: {e}"))
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps")
}

/// The `run:` script of the step named `name`.
fn script(action: &Value, name: &str) -> String {
    steps(action)
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no run step named {name:?}"))
        .to_string()
}

/// `steps.<id>.` references in `text`.
fn step_refs(text: &str) -> BTreeSet<String> {
    text.match_indices("steps.")
        .filter_map(|(i, _)| {
            let rest = &text[i + "steps.".len()..];
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            rest[id.len()..].starts_with('.').then_some(id)
        })
        .collect()
}

fn is_full_sha(s: &str) -> bool {
    s.len() == 40
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

#[test]
fn metadata_is_what_the_runner_accepts() {
    let a = action();
    let top: BTreeSet<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    let allowed: BTreeSet<&str> = [
        "name",
        "author",
        "description",
        "inputs",
        "outputs",
        "runs",
        "branding",
    ]
    .into();
    assert!(top.is_subset(&allowed), "unknown top-level keys: {top:?}");
    for key in ["name", "description"] {
        assert!(a[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert_eq!(a["runs"]["using"], "composite");
    for (name, input) in a["inputs"].as_object().expect("inputs") {
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "input {name}"
        );
        if let Some(d) = input.get("default") {
            assert!(
                d.is_string(),
                "input {name}: a default is a string to the runner"
            );
        }
    }
    let mut ids = Vec::new();
    let step_keys: BTreeSet<&str> = [
        "name",
        "id",
        "if",
        "uses",
        "with",
        "run",
        "shell",
        "env",
        "working-directory",
    ]
    .into();
    for s in steps(&a) {
        let name = s["name"].as_str().expect("every step is named");
        let keys: BTreeSet<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(keys.is_subset(&step_keys), "{name}: unknown keys {keys:?}");
        // A step sees only the steps before it.
        let refs = step_refs(&s.to_string());
        for r in &refs {
            assert!(ids.contains(r), "{name} refers to steps.{r} before it runs");
        }
        match (s.get("run"), s.get("uses")) {
            (Some(run), None) => {
                assert!(
                    s["shell"].is_string(),
                    "{name}: composite run steps need shell:"
                );
                let run = run.as_str().unwrap();
                assert!(
                    !run.contains("${{"),
                    "{name}: an expression inside run: can inject code; pass it through env:"
                );
            }
            (None, Some(uses)) => {
                let uses = uses.as_str().unwrap();
                let (_, rev) = uses.split_once('@').expect("uses has a ref");
                assert!(
                    is_full_sha(rev),
                    "{name}: {uses} is not pinned to a full commit SHA"
                );
            }
            _ => panic!("{name}: a step either runs a script or uses an action"),
        }
        if let Some(id) = s["id"].as_str() {
            assert!(!ids.contains(&id.to_string()), "duplicate step id {id}");
            ids.push(id.to_string());
        }
    }
    for (name, output) in a["outputs"].as_object().expect("outputs") {
        assert!(output["description"].is_string(), "output {name}");
        let value = output["value"].as_str().expect("output value");
        for r in step_refs(value) {
            assert!(ids.contains(&r), "output {name} reads unknown step {r}");
        }
    }
    // The three reports, in the multi-output syntax.
    let scan = script(&a, "Scan");
    for o in ["-o json=", "-o sarif=", "-o markdown="] {
        assert!(scan.contains(o), "the scan step does not write {o}");
    }
}

/// The example workflow of docs/github-action.md, with a commit in place
/// of the placeholder a reader fills in.
fn example_workflow() -> String {
    let doc = std::fs::read_to_string(crate_root().join("docs/github-action.md")).unwrap();
    let section = doc
        .split("## Example workflow")
        .nth(1)
        .expect("an Example workflow section");
    let start = section.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = section[start..].find("```").expect("the block ends") + start;
    section[start..end].replace("<full-commit-sha>", &"5".repeat(40))
}

#[test]
fn the_action_and_the_example_workflow_pass_our_ci_checks() {
    let repo = Repo::empty();
    repo.write(
        "action.yml",
        std::fs::read(crate_root().join("action.yml")).unwrap(),
    )
    .write(".github/workflows/readiness.yml", example_workflow())
    .write("README.md", "# x\n");
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json"])
        .any_code()
        .run();
    let report = json(&run.stdout);
    for id in [
        "ci.pinned-actions",
        "ci.least-privilege",
        "ci.no-template-injection",
        "ci.timeouts",
        "ci.no-persisted-credentials",
        "ci.no-dangerous-triggers",
        "ci.no-unsecure-commands",
        "ci.no-hardcoded-credentials",
        "ci.no-cache-poisoning",
    ] {
        let c = check(&report, id);
        assert!(
            c["status"] == "pass" || c["status"] == "not_applicable",
            "{id}: {c}"
        );
    }
    assert_eq!(check(&report, "ci.pinned-actions")["status"], "pass");
    // Action metadata is not a loose Kubernetes template.
    assert!(
        !run.stdout.contains("templated YAML"),
        "action.yml read as a template"
    );
}

/// Runs `script` as the runner does (`bash --noprofile --norc -eo pipefail`).
fn bash(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String) {
    let file = dir.join("step.sh");
    std::fs::write(&file, script).unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&file)
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// `NAME=value` lines of a `$GITHUB_OUTPUT` file.
fn outputs(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn output(path: &Path, key: &str) -> Option<String> {
    outputs(path)
        .into_iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

#[test]
fn the_prepare_step_keys_the_cache_on_what_it_builds() {
    let a = action();
    let prep = script(&a, "Prepare the shipready install");
    let root = crate_root().display().to_string();
    // (version, expected key suffix or exit code)
    let cases: &[(&str, Result<&str, i32>)] = &[
        ("", Ok("src-")),
        ("0.2.0", Ok("crates-0.2.0")),
        ("0.2.0; rm -rf /", Err(2)),
    ];
    for (version, want) in cases {
        let tmp = Repo::empty();
        let out = tmp.join("github_output");
        let (code, log) = bash(
            tmp.path(),
            &prep,
            &[
                ("ACTION_PATH", &root),
                ("VERSION", version),
                ("RUNNER_OS_ARCH", "Linux-X64"),
                ("GITHUB_OUTPUT", &out.display().to_string()),
            ],
        );
        match want {
            Ok(suffix) => {
                assert_eq!(code, 0, "{version:?}: {log}");
                let key = output(&out, "key").expect("key output");
                let rest = key
                    .strip_prefix(&format!("shipready-Linux-X64-{suffix}"))
                    .unwrap_or_else(|| panic!("{version:?}: key {key}"));
                if suffix == &"src-" {
                    assert_eq!(rest.len(), 24, "{key}");
                    assert!(rest.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
                }
                assert_eq!(
                    output(&out, "prefix").as_deref(),
                    Some("shipready-Linux-X64-")
                );
            }
            Err(c) => {
                assert_eq!(code, *c, "{version:?}: {log}");
                assert!(log.contains("is not a version number"), "{log}");
            }
        }
    }
}

/// A stand-in for the installed binary: records its arguments, writes the
/// SARIF and Markdown files the real `-o FORMAT=FILE` would, and lets the
/// real binary write the JSON report.
const SHIM: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$@" > "$SHIM_ARGS"
args=()
json=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o)
      case "$2" in
        json=*) json="${2#json=}" ;;
        sarif=*) printf '{"version":"2.1.0","runs":[]}\n' > "${2#sarif=}" ;;
        markdown=*) printf '## shipready report\n' > "${2#markdown=}" ;;
      esac
      shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
exec "$SHIM_REAL" "${args[@]}" -f json > "$json"
"#;

struct ScanRun {
    code: i32,
    log: String,
    args: Vec<String>,
    outputs: Vec<(String, String)>,
    summary: String,
}

impl ScanRun {
    fn output(&self, key: &str) -> Option<&str> {
        self.outputs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn run_scan_step(args: &str, fail_under: &str) -> ScanRun {
    let a = action();
    let scan = script(&a, "Scan");
    let repo = Repo::fixture("demo-ready");
    let temp = Repo::empty();
    let bin = temp.join("shipready-bin/bin/shipready");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::write(&bin, SHIM).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let p = |n: &str| temp.join(n).display().to_string();
    let (code, log) = bash(
        repo.path(),
        &scan,
        &[
            ("SCAN_PATH", "."),
            ("ARGS", args),
            ("FAIL_UNDER", fail_under),
            ("PY", "python3"),
            ("RUNNER_TEMP", &temp.display()),
            ("GITHUB_OUTPUT", &p("output")),
            ("GITHUB_PATH", &p("path")),
            ("GITHUB_STEP_SUMMARY", &p("summary")),
            ("SHIM_ARGS", &p("args")),
            ("SHIM_REAL", env!("CARGO_BIN_EXE_shipready")),
            ("SHIPREADY_TODAY", common::TODAY),
        ],
    );
    let read = |n: &str| std::fs::read_to_string(temp.join(n)).unwrap_or_default();
    ScanRun {
        code,
        log,
        args: read("args").lines().map(String::from).collect(),
        outputs: outputs(&temp.join("output")),
        summary: read("summary"),
    }
}

#[test]
fn the_scan_step_sets_outputs_and_the_summary_and_leaves_the_gate_to_the_last_step() {
    // A fail-under the demo repository misses: the gate fails, the step
    // does not (SARIF still has to be uploaded).
    let run = run_scan_step("--profile service --exclude *.md", "99");
    assert_eq!(run.code, 0, "{}", run.log);
    assert_eq!(run.output("exit-code"), Some("1"));
    assert_eq!(run.output("verdict"), Some("NOT_READY"));
    assert_eq!(run.output("level"), Some("not-ready"));
    let score: f64 = run.output("score").unwrap().parse().unwrap();
    assert!((0.0..99.0).contains(&score), "{score}");
    assert!(run.output("sarif").unwrap().ends_with("report.sarif"));
    assert_eq!(run.summary, "## shipready report\n");
    // The inputs arrive as words, unexpanded (README.md is right there).
    let tail: Vec<&str> = run.args.iter().skip(8).map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "--fail-under",
            "99",
            "--profile",
            "service",
            "--exclude",
            "*.md"
        ],
        "{:?}",
        run.args
    );

    // A usage error stops the action at once, with the exit code.
    let bad = run_scan_step("--no-such-flag", "");
    assert_eq!(bad.code, 2, "{}", bad.log);
    assert!(
        bad.log
            .contains("::error title=shipready::the scan could not run (exit 2"),
        "{}",
        bad.log
    );
}

#[test]
fn the_gate_step_fails_with_the_scan_exit_code() {
    let a = action();
    let gate = script(&a, "Gate");
    let tmp = Repo::empty();
    // (exit code of the scan, step exit code, what it prints)
    for (code, want, says) in [
        ("0", 0, "shipready: READY, score 91"),
        (
            "1",
            1,
            "::error title=shipready::a readiness gate failed: READY, score 91",
        ),
    ] {
        let (got, log) = bash(
            tmp.path(),
            &gate,
            &[("CODE", code), ("SCORE", "91"), ("VERDICT", "READY")],
        );
        assert_eq!(got, want, "{log}");
        assert!(log.contains(says), "{log}");
    }
}
