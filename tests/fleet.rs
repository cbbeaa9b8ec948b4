//! End-to-end tests of the workflows over several reports (docs/fleet.md):
//! `diff`, the roll-up of several repositories (`scan A B C`,
//! `--repos-from`), `report merge`, and `scan --per-service`. The scenario
//! repos are copied side by side into one temporary directory, so rows are
//! named `demo-ready`, `production-ready`, `hostile` whatever the machine.

mod common;

use common::{json, shipready, Repo};

const SCENARIOS: [&str; 3] = ["demo-ready", "production-ready", "hostile"];

/// The three scenario repos side by side.
fn fleet() -> Repo {
    let repo = Repo::empty();
    for name in SCENARIOS {
        repo.add_fixture(name, name);
    }
    repo
}

/// Scans `dir` of `repo` to `dir.json` in `repo` (from `repo`, so the
/// report's root is `dir`).
fn scan_to_json(repo: &Repo, dir: &str, extra: &[&str]) -> String {
    let file = format!("{dir}.json");
    let run = shipready()
        .repo(repo)
        .args(["scan", dir, "-f", "json", "-o", &file])
        .args(extra)
        .any_code()
        .run();
    assert!(run.code <= 1, "scan {dir}: {}", run.stderr);
    file
}

/// The rows of a JSON roll-up without their `input` (a path scanned or a
/// file merged: the one thing that differs between the two ways).
fn rows_without_input(rollup: &serde_json::Value) -> Vec<serde_json::Value> {
    rollup["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("input");
            r
        })
        .collect()
}

// ---------------------------------------------------------------- roll-up

#[test]
fn rollup_of_the_scenario_repos() {
    let repo = fleet();
    let run = shipready()
        .repo(&repo)
        .args(["scan", "demo-ready", "production-ready", "hostile"])
        .expect_code(0)
        .run();
    insta::assert_snapshot!("rollup_table", run.stdout);
    let md = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "production-ready",
            "hostile",
            "-f",
            "markdown",
        ])
        .stdout();
    insta::assert_snapshot!("rollup_markdown", md);
    let out = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "production-ready",
            "hostile",
            "-f",
            "json",
        ])
        .stdout();
    insta::assert_snapshot!("rollup_json", out);
    let r = json(&out);
    assert_eq!(r["kind"], "shipready.rollup");
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["source"], "scan");
    // Worst first: the two NOT READY ones by score, then the ready one.
    let names: Vec<&str> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["demo-ready", "hostile", "production-ready"]);
    // Each row says what `scan` alone says of that repository.
    for name in SCENARIOS {
        let alone = json(
            &shipready()
                .repo(&repo)
                .args(["scan", name, "-f", "json"])
                .any_code()
                .run()
                .stdout,
        );
        let row = r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["name"] == name)
            .unwrap();
        for key in ["verdict", "level", "score", "raw_score", "coverage"] {
            assert_eq!(row["result"][key], alone["summary"][key], "{name} {key}");
        }
    }
}

#[test]
fn the_html_rollup_is_one_self_contained_page() {
    let repo = fleet();
    let page = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "production-ready",
            "hostile",
            "-f",
            "html",
        ])
        .stdout();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    for name in SCENARIOS {
        assert!(page.contains(&format!(">{name}</code>")), "{name} missing");
    }
    for net in ["http://", "https://", "<script", "<link", "src=", "url("] {
        assert!(!page.contains(net), "{net} in the page");
    }
}

#[test]
fn a_repository_that_cannot_be_scanned_is_an_error_row_and_exit_3() {
    let repo = fleet();
    let run = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "no/such/repo",
            "production-ready",
            "-f",
            "json",
        ])
        .expect_code(3)
        .run();
    assert!(
        run.stderr
            .contains("shipready: no/such/repo: cannot scan: No such file or directory"),
        "{}",
        run.stderr
    );
    let r = json(&run.stdout);
    assert_eq!(r["summary"]["errors"], 1);
    assert_eq!(r["summary"]["scanned"], 2);
    assert_eq!(r["summary"]["exit_code"], 3);
    let first = &r["rows"][0];
    assert_eq!(first["name"], "no/such/repo");
    assert_eq!(first["exit_code"], 3);
    assert!(first.get("result").is_none());
    // A bad config is a configuration error for that repository alone:
    // exit 2 when nothing worse happened, the others still scanned.
    repo.write("hostile/.shipready.yaml", "profil: service\n");
    let run = shipready()
        .repo(&repo)
        .args(["scan", "demo-ready", "hostile", "-f", "json"])
        .expect_code(2)
        .run();
    let r = json(&run.stdout);
    assert_eq!(r["rows"][0]["name"], "hostile");
    assert!(
        r["rows"][0]["error"]
            .as_str()
            .unwrap()
            .contains(".shipready.yaml"),
        "{:#}",
        r["rows"][0]
    );
    assert_eq!(r["rows"][1]["result"]["verdict"], "NOT_READY");
}

#[test]
fn a_failed_gate_in_one_repository_exits_1() {
    let repo = fleet();
    let run = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "production-ready",
            "--fail-under",
            "90",
        ])
        .expect_code(1)
        .run();
    assert!(run.stdout.contains("gates failed in 1"), "{}", run.stdout);
    let run = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "production-ready",
            "--fail-under",
            "90",
            "-f",
            "json",
        ])
        .expect_code(1)
        .run();
    assert!(
        run.stderr
            .contains("shipready: gates failed in 1 of 2 repositories: demo-ready"),
        "{}",
        run.stderr
    );
    let r = json(&run.stdout);
    assert_eq!(
        r["rows"][0]["result"]["gates"][0],
        "score 29.8 is below --fail-under 90"
    );
}

#[test]
fn repos_from_a_list_with_comments() {
    let repo = fleet();
    repo.write(
        "lists/repos.txt",
        "# the scenario repositories, relative to this file\n../demo-ready\n\n../hostile   # the odd one\n",
    );
    let r = json(
        &shipready()
            .repo(&repo)
            .args([
                "scan",
                "production-ready",
                "--repos-from",
                "lists/repos.txt",
                "-f",
                "json",
            ])
            .stdout(),
    );
    let mut names: Vec<&str> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["../demo-ready", "../hostile", "production-ready"]);
    repo.write("lists/empty.txt", "# nothing yet\n");
    let err = shipready()
        .repo(&repo)
        .args(["scan", "--repos-from", "lists/empty.txt"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("lists/empty.txt: lists no repository"),
        "{err}"
    );
    let err = shipready()
        .repo(&repo)
        .args(["scan", "--repos-from", "lists/missing.txt"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("lists/missing.txt: cannot read"), "{err}");
}

#[test]
fn a_rollup_goes_where_o_says_in_its_formats() {
    let repo = fleet();
    let run = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "hostile",
            "-o",
            "json=out/rollup.json",
        ])
        .args(["-o", "html=out/rollup.html"])
        .run();
    assert!(
        run.stdout.contains("roll-up of 2 repositories"),
        "{}",
        run.stdout
    );
    assert_eq!(
        json(&repo.read("out/rollup.json"))["kind"],
        "shipready.rollup"
    );
    assert!(repo.read("out/rollup.html").starts_with("<!DOCTYPE html>"));
    // SARIF and JUnit describe one repository's checks: refused before
    // anything is scanned.
    for format in ["sarif", "junit"] {
        let err = shipready()
            .repo(&repo)
            .args(["scan", "demo-ready", "hostile", "-f", format])
            .expect_code(2)
            .stderr();
        assert!(
            err.contains(&format!(
                "a roll-up is rendered as table, json, markdown or html, not {format}"
            )),
            "{err}"
        );
    }
}

#[test]
fn one_path_is_still_one_report() {
    let repo = fleet();
    let one = shipready()
        .repo(&repo)
        .args(["scan", "demo-ready", "-f", "json"])
        .any_code()
        .run();
    assert_eq!(json(&one.stdout)["schema_version"], 2);
    assert!(json(&one.stdout).get("kind").is_none());
    let err = shipready()
        .repo(&repo)
        .args(["scan", "demo-ready", "hostile", "--staged"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("--staged scans one repository"), "{err}");
}

// ---------------------------------------------------------------- merge

#[test]
fn merge_rolls_up_reports_made_elsewhere_as_scan_does() {
    let repo = fleet();
    let files: Vec<String> = SCENARIOS
        .iter()
        .map(|d| scan_to_json(&repo, d, &[]))
        .collect();
    let merged = shipready()
        .repo(&repo)
        .args(["report", "merge", "-f", "json"])
        .args(&files)
        .stdout();
    let scanned = shipready()
        .repo(&repo)
        .args(["scan", "-f", "json"])
        .args(SCENARIOS)
        .stdout();
    let (m, s) = (json(&merged), json(&scanned));
    assert_eq!(m["source"], "merge");
    assert_eq!(rows_without_input(&m), rows_without_input(&s));
    assert_eq!(m["blockers"], s["blockers"]);
    assert_eq!(m["rows"][0]["input"], "demo-ready.json");
    let table = |cmd: &[&str]| {
        shipready()
            .repo(&repo)
            .args(cmd)
            .args(if cmd[0] == "scan" {
                SCENARIOS.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            } else {
                files.clone()
            })
            .stdout()
    };
    assert_eq!(table(&["report", "merge"]), table(&["scan"]));
}

#[test]
fn merge_takes_roll_ups_of_shards_too() {
    let repo = fleet();
    // Shard 1: two repositories scanned into one roll-up; shard 2: one report.
    shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "hostile",
            "-f",
            "json",
            "-o",
            "shard-1.json",
        ])
        .run();
    let single = scan_to_json(&repo, "production-ready", &[]);
    let merged = json(
        &shipready()
            .repo(&repo)
            .args(["report", "merge", "shard-1.json", &single, "-f", "json"])
            .stdout(),
    );
    let scanned = json(
        &shipready()
            .repo(&repo)
            .args(["scan", "-f", "json"])
            .args(SCENARIOS)
            .stdout(),
    );
    assert_eq!(rows_without_input(&merged), rows_without_input(&scanned));
    let mut future = json(&repo.read("shard-1.json"));
    future["schema_version"] = 2.into();
    repo.write("future.json", future.to_string());
    let err = shipready()
        .repo(&repo)
        .args(["report", "merge", "future.json"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("future.json: roll-up schema_version 2, but this shipready reads roll-up schema_version 1"),
        "{err}"
    );
}

#[test]
fn merge_names_a_report_of_dot_by_its_file() {
    let repo = fleet();
    let run = shipready()
        .cwd(repo.join("hostile"))
        .args(["scan", ".", "-f", "json", "-o", "../hostile-ci.json"])
        .any_code()
        .run();
    assert!(run.code <= 1, "{}", run.stderr);
    let r = json(
        &shipready()
            .repo(&repo)
            .args(["report", "merge", "hostile-ci.json", "-f", "json"])
            .stdout(),
    );
    assert_eq!(r["rows"][0]["name"], "hostile-ci");
}

#[test]
fn merge_keeps_going_past_a_bad_file_and_exits_2() {
    let repo = fleet();
    let good = scan_to_json(&repo, "demo-ready", &[]);
    repo.write("notes.json", "{\"hello\": 1}");
    let mut old = json(&repo.read(&good));
    old["schema_version"] = 1.into();
    repo.write("old-schema.json", old.to_string());
    let run = shipready()
        .repo(&repo)
        .args([
            "report",
            "merge",
            &good,
            "notes.json",
            "old-schema.json",
            "missing.json",
            "-f",
            "json",
        ])
        .expect_code(2)
        .run();
    for needle in [
        "shipready: notes.json: not a shipready report",
        "shipready: old-schema.json: report schema_version 1, but this shipready reads schema_version 2",
        "shipready: missing.json: cannot read the report",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    let r = json(&run.stdout);
    assert_eq!(r["summary"]["errors"], 3);
    assert_eq!(r["summary"]["scanned"], 1);
    assert_eq!(r["rows"][3]["name"], "demo-ready");
}

/// The gates a merged report failed are the gates its scan failed: the
/// rules applied to the JSON give the same answers as the report's own.
#[test]
fn merged_gates_match_the_scan_gates() {
    let repo = fleet();
    // A critical failure, a score gate and, below, a baseline gate.
    repo.write(
        "demo-ready/.shipready.yaml",
        "custom_checks:\n  - id: team.makefile\n    title: A Makefile drives build and test\n    category: deployment\n    severity: critical\n    kind: file_exists\n    any: [Makefile]\n",
    );
    shipready()
        .repo(&repo)
        .args(["baseline", "production-ready"])
        .run();
    repo.write(
        "production-ready/tools/Dockerfile",
        "FROM python:3.12\nCMD [\"python\"]\n",
    );
    let cases: &[(&str, &[&str])] = &[
        ("demo-ready", &["--fail-under", "50"]),
        ("production-ready", &[]),
        ("production-ready", &["--fail-under", "99.9"]),
        ("hostile", &["--fail-under", "10"]),
    ];
    for (dir, extra) in cases {
        let file = format!("{dir}.json");
        let run = shipready()
            .repo(&repo)
            .args(["scan", dir, "-f", "json", "-o", &file])
            .args(*extra)
            .any_code()
            .run();
        let from_scan: Vec<String> = run
            .stderr
            .lines()
            .filter_map(|l| l.strip_prefix("shipready: gate failed: "))
            .map(String::from)
            .collect();
        let merged = shipready()
            .repo(&repo)
            .args(["report", "merge", &file, "-f", "json"])
            .any_code()
            .run();
        assert_eq!(merged.code, run.code, "{dir} {extra:?}: exit codes differ");
        let r = json(&merged.stdout);
        let from_json: Vec<String> = r["rows"][0]["result"]["gates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap().to_string())
            .collect();
        assert_eq!(from_json, from_scan, "{dir} {extra:?}");
    }
    // The cases above do exercise every kind of gate.
    let all = std::fs::read_to_string(repo.join("production-ready.json")).unwrap();
    assert!(all.contains("\"baseline\""), "no baseline in use");
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_of_two_scenario_repos() {
    let repo = fleet();
    let old = scan_to_json(&repo, "demo-ready", &[]);
    let new = scan_to_json(&repo, "production-ready", &[]);
    let table = shipready().repo(&repo).args(["diff", &old, &new]).stdout();
    insta::assert_snapshot!("diff_table", table);
    let md = shipready()
        .repo(&repo)
        .args(["diff", &old, &new, "-f", "markdown"])
        .stdout();
    assert!(md.len() < 65_536);
    insta::assert_snapshot!("diff_markdown", md);
    let out = shipready()
        .repo(&repo)
        .args(["diff", &old, &new, "-f", "json"])
        .stdout();
    insta::assert_snapshot!("diff_json", out);
    let d = json(&out);
    assert_eq!(d["kind"], "shipready.diff");
    assert_eq!(d["attribution"]["computed"], true);
    // The points and the reweighting add up to the raw change.
    let points: f64 = d["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_f64().unwrap())
        .sum::<f64>()
        + d["attribution"]["reweighting"].as_f64().unwrap();
    let raw = d["change"]["raw_score"].as_f64().unwrap();
    assert!((points - raw).abs() < 0.2, "{points} vs {raw}");
    assert!(d["regressions"].as_array().unwrap().is_empty());
}

#[test]
fn fail_on_regression() {
    let repo = fleet();
    let demo = scan_to_json(&repo, "demo-ready", &[]);
    let prod = scan_to_json(&repo, "production-ready", &[]);
    let hostile = scan_to_json(&repo, "hostile", &[]);
    // Better: no regression.
    shipready()
        .repo(&repo)
        .args(["diff", &demo, &prod, "--fail-on-regression"])
        .expect_code(0)
        .run();
    // Worse: the score dropped and checks regressed.
    let run = shipready()
        .repo(&repo)
        .args([
            "diff",
            &prod,
            &hostile,
            "--fail-on-regression",
            "-f",
            "json",
        ])
        .expect_code(1)
        .run();
    assert!(
        run.stderr.contains(
            "shipready: regression: the score dropped from 99.8 to 35; 20 checks regressed"
        ),
        "{}",
        run.stderr
    );
    // Without the flag, a report, not a gate.
    shipready()
        .repo(&repo)
        .args(["diff", &prod, &hostile])
        .expect_code(0)
        .run();
    // The same report twice: nothing changed.
    let same = shipready()
        .repo(&repo)
        .args(["diff", &prod, &prod, "--fail-on-regression"])
        .expect_code(0)
        .stdout();
    assert!(same.contains("checks unchanged"), "{same}");
    assert!(!same.contains("Fixed"), "{same}");
}

#[test]
fn diff_refuses_what_is_not_a_report() {
    let repo = fleet();
    let good = scan_to_json(&repo, "demo-ready", &[]);
    let rollup = shipready()
        .repo(&repo)
        .args([
            "scan",
            "demo-ready",
            "hostile",
            "-f",
            "json",
            "-o",
            "rollup.json",
        ])
        .run();
    assert_eq!(rollup.code, 0);
    repo.write("garbage.json", "not json at all");
    let mut v1 = json(&repo.read(&good));
    v1["schema_version"] = 1.into();
    repo.write("v1.json", v1.to_string());
    let cases: &[(&str, &str)] = &[
        ("garbage.json", "garbage.json: not JSON"),
        (
            "rollup.json",
            "rollup.json: a `shipready.rollup` document, not a single report",
        ),
        (
            "v1.json",
            "v1.json: report schema_version 1, but this shipready reads schema_version 2",
        ),
        ("missing.json", "missing.json: cannot read the report"),
    ];
    for (file, needle) in cases {
        let err = shipready()
            .repo(&repo)
            .args(["diff", &good, file])
            .expect_code(2)
            .stderr();
        assert!(err.contains(needle), "{file}: {err}");
    }
}

#[test]
fn diff_says_when_the_runs_are_not_like_for_like() {
    let repo = fleet();
    let new = scan_to_json(&repo, "demo-ready", &["--target", "essential"]);
    let mut edited = json(&repo.read(&new));
    let old = scan_to_json(&repo, "demo-ready", &[]);
    edited["checklist"] = "team-checklist".into();
    repo.write("edited.json", edited.to_string());
    let out = shipready()
        .repo(&repo)
        .args(["diff", &old, "edited.json"])
        .stdout();
    assert!(
        out.contains(
            "not like for like: the checklist differs (production-readiness -> team-checklist)"
        ),
        "{out}"
    );
    assert!(
        out.contains("not like for like: the target level differs (production -> essential)"),
        "{out}"
    );
}

// ---------------------------------------------------------------- monorepo

#[test]
fn per_service_scores_each_service_with_the_shared_checks() {
    let repo = Repo::fixture("monorepo");
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "--per-service"])
        .expect_code(0)
        .run();
    insta::assert_snapshot!("per_service_table", run.stdout);
    let out = shipready()
        .repo(&repo)
        .args(["scan", ".", "--per-service", "-f", "json"])
        .stdout();
    insta::assert_snapshot!("per_service_json", out);
    let one_thread = shipready()
        .repo(&repo)
        .args(["scan", ".", "--per-service", "-f", "json", "--threads", "1"])
        .stdout();
    assert!(one_thread == out, "--threads 1 and the default differ");
    let r = json(&out);
    assert_eq!(r["source"], "per_service");
    let mut names: Vec<&str> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    // libs/common is a library and examples/ is never a service.
    assert_eq!(names, ["services/api", "services/web", "services/worker"]);
    let shared: Vec<&str> = r["shared_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(shared.contains(&"ci.present") && shared.contains(&"ops.ownership"));
    let row = |name: &str| {
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(row("services/worker")["result"]["profile"], "worker");
    assert_eq!(row("services/api")["result"]["profile"], "service");
    // The web service runs as root; the API does not.
    let blockers = |name: &str| -> Vec<String> {
        row(name)["result"]["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["check"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(blockers("services/web").contains(&"docker.non-root-user".to_string()));
    assert!(!blockers("services/api").contains(&"docker.non-root-user".to_string()));
    // The CI at the repository root counts for every service.
    assert!(blockers("services/web").iter().all(|b| b != "ci.present"));
}

#[test]
fn per_service_findings_use_repository_paths() {
    let repo = Repo::fixture("monorepo");
    let score = |repo: &Repo| {
        let r = json(
            &shipready()
                .repo(repo)
                .args(["scan", ".", "--per-service", "-f", "json"])
                .stdout(),
        );
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["name"] == "services/web")
            .unwrap()["result"]["findings"]
            .as_u64()
            .unwrap()
    };
    let before = score(&repo);
    // A config `ignore` names the repository path, as it would for a
    // whole-repository scan.
    repo.write(
        ".shipready.yaml",
        "checks:\n  docker.pinned-base-image:\n    ignore: [\"services/web/Dockerfile\"]\n",
    );
    let after = score(&repo);
    assert_eq!(after + 1, before, "the ignore rule did not match");
}

#[test]
fn per_service_without_services_scores_the_repository_as_one() {
    let repo = Repo::fixture("production-ready");
    let r = json(
        &shipready()
            .repo(&repo)
            .args(["scan", ".", "--per-service", "-f", "json"])
            .any_code()
            .run()
            .stdout,
    );
    assert_eq!(r["rows"].as_array().unwrap().len(), 1);
    assert_eq!(r["rows"][0]["name"], ".");
    let alone = json(
        &shipready()
            .repo(&repo)
            .args(["scan", ".", "-f", "json"])
            .any_code()
            .run()
            .stdout,
    );
    // The same checks on the same tree: the same numbers.
    for key in ["verdict", "level", "score", "coverage"] {
        assert_eq!(r["rows"][0]["result"][key], alone["summary"][key], "{key}");
    }
}
