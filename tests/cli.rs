//! End-to-end tests of the `shipready` binary: every subcommand, every exit
//! code, the scenario repos as snapshots, determinism and hostile input.
//!
//! Exit codes (DESIGN.md): 0 the gates held, 1 a gate failed, 2 usage or
//! configuration error, 3 the scan could not complete.
//!
//! Snapshots of the scenario repos change whenever a check lands; review
//! them with `cargo insta review` (CI runs with `INSTA_UPDATE=no`).

mod common;

use std::time::{Duration, Instant};

use common::{check, json, shipready, Repo};

fn scan_json(repo: &Repo, extra: &[&str]) -> serde_json::Value {
    let run = shipready()
        .repo(repo)
        .args(["scan", ".", "--format", "json"])
        .args(extra)
        .any_code()
        .run();
    assert!(
        run.code == 0 || run.code == 1,
        "scan exited {}: {}",
        run.code,
        run.stderr
    );
    json(&run.stdout)
}

// ---------------------------------------------------------------- scenarios

#[test]
fn scan_demo_ready_table() {
    let repo = Repo::fixture("demo-ready");
    let run = shipready().repo(&repo).args(["scan", "."]).any_code().run();
    assert!(run.code <= 1, "{}", run.stderr);
    insta::assert_snapshot!("demo_ready_table", run.stdout);
}

#[test]
fn scan_demo_ready_json() {
    let repo = Repo::fixture("demo-ready");
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json"])
        .any_code()
        .run();
    assert!(run.code <= 1, "{}", run.stderr);
    insta::assert_snapshot!("demo_ready_json", run.stdout);
}

#[test]
fn scan_production_ready_table() {
    let repo = Repo::fixture("production-ready");
    let run = shipready().repo(&repo).args(["scan", "."]).any_code().run();
    assert!(run.code <= 1, "{}", run.stderr);
    insta::assert_snapshot!("production_ready_table", run.stdout);
}

#[test]
fn scan_production_ready_json() {
    let repo = Repo::fixture("production-ready");
    // An absolute path this time, to prove it is normalised too.
    let run = shipready()
        .repo(&repo)
        .args(["scan", "-f", "json"])
        .arg(repo.path())
        .any_code()
        .run();
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"root\": \"[ROOT]\""),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("production_ready_json", run.stdout);
}

#[test]
fn production_ready_outscores_demo_ready_on_every_shared_check() {
    let demo = scan_json(&Repo::fixture("demo-ready"), &[]);
    let prod = scan_json(&Repo::fixture("production-ready"), &[]);
    let score = |r: &serde_json::Value| r["summary"]["score"].as_f64().unwrap();
    assert!(
        score(&prod) > score(&demo),
        "production-ready {} vs demo-ready {}",
        score(&prod),
        score(&demo)
    );
    // Whatever checks exist, production-ready must not fail one that the
    // checklist requires at production level; if it does, either the
    // fixture or the check is wrong.
    for c in prod["checks"].as_array().unwrap() {
        let status = c["status"].as_str().unwrap();
        assert!(
            !matches!(status, "fail" | "error"),
            "production-ready fails {}: {} ({:?})",
            c["id"],
            c["summary"],
            c["evidence"]
        );
    }
    assert_ne!(
        prod["summary"]["verdict"], "NOT_READY",
        "{:#}",
        prod["summary"]
    );
}

#[test]
fn no_subcommand_scans_the_current_directory() {
    let repo = Repo::fixture("demo-ready");
    let implicit = shipready().repo(&repo).any_code().run();
    let explicit = shipready().repo(&repo).args(["scan", "."]).any_code().run();
    assert_eq!(implicit.code, explicit.code);
    assert_eq!(implicit.stdout, explicit.stdout);
    // Scan flags work without the subcommand too.
    let flags = shipready()
        .repo(&repo)
        .args(["-f", "json", "--threads", "1"])
        .any_code()
        .run();
    assert_eq!(json(&flags.stdout)["schema_version"], 2);
}

#[test]
fn empty_repository_scans_cleanly() {
    let repo = Repo::empty();
    let report = scan_json(&repo, &[]);
    assert_eq!(report["stats"]["files_listed"], 0);
    assert_eq!(report["stats"]["files_read"], 0);
    assert_eq!(check(&report, "docs.license")["status"], "fail");
}

// ---------------------------------------------------------------- exit codes

#[test]
fn fail_under_gates_on_the_score() {
    // A medium and a low check only, so no severity gate interferes and the
    // score is known by hand. Each pulls with severity weight x category
    // weight / 16 (the floor for a sparse category): the policy (medium,
    // passes) 3 x 20 / 16 = 3.75, the license (low, removed) 1 x 8 / 16 =
    // 0.5, so 100 x 3.75 / 4.25 = 88.2.
    let repo = Repo::fixture("production-ready");
    std::fs::remove_file(repo.join("LICENSE")).unwrap();
    let only = ["--check", "docs.license", "--check", "security.policy"];
    let report = scan_json(&repo, &only);
    assert_eq!(report["summary"]["score"], 88.2, "{:#}", report["summary"]);

    let gate = |extra: &[&str], env: Option<&str>, code: i32| {
        let mut cmd = shipready()
            .repo(&repo)
            .args(["scan", "."])
            .args(only)
            .args(extra)
            .expect_code(code);
        if let Some(v) = env {
            cmd = cmd.env("SHIPREADY_FAIL_UNDER", v);
        }
        cmd.run()
    };
    gate(&[], None, 0);
    gate(&["--fail-under", "88.2"], None, 0);
    let run = gate(&["--fail-under", "88.3"], None, 1);
    assert!(
        run.stdout
            .contains("gate failed: score 88.2 is below --fail-under 88.3"),
        "{}",
        run.stdout
    );
    let run = gate(&["-f", "json", "--fail-under", "95"], None, 1);
    assert!(
        run.stderr
            .contains("shipready: gate failed: score 88.2 is below --fail-under 95"),
        "{}",
        run.stderr
    );
    assert_eq!(json(&run.stdout)["fail_under"], 95.0);
    // From the environment, as CI sets it, and from the config file; the
    // command line wins over both.
    gate(&[], Some("90"), 1);
    gate(&[], Some("50"), 0);
    repo.write(".shipready.yaml", "fail_under: 90\n");
    gate(&[], None, 1);
    gate(&["--fail-under", "85"], None, 0);
    repo.write(".shipready.yaml", "fail_under: 60\n");
    gate(&[], None, 0);
}

#[test]
fn a_mistyped_subcommand_is_named_not_scanned() {
    let repo = Repo::empty();
    // (what was typed, exit code, what stderr says)
    let cases: &[(&str, i32, &str)] = &[
        ("explian", 2, "did you mean 'shipready explain'?"),
        ("scn", 2, "did you mean 'shipready scan'?"),
        ("baselin", 2, "did you mean 'shipready baseline'?"),
        // Far from any subcommand: a path that does not exist.
        ("frobnicate", 3, "cannot scan"),
    ];
    for (typed, code, says) in cases {
        let err = shipready()
            .repo(&repo)
            .arg(*typed)
            .expect_code(*code)
            .stderr();
        assert!(err.contains(says), "{typed}: {err}");
    }
    // A directory of that name is scanned, as asked: no suggestion, and
    // the report is of that directory.
    repo.write("scn/README.md", "# x\n");
    let run = shipready()
        .repo(&repo)
        .args(["scn", "-f", "json"])
        .any_code()
        .run();
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON report");
    assert_eq!(report["root"], "scn", "{}", run.stdout);
}

#[test]
fn fail_under_out_of_range_is_a_usage_error() {
    let repo = Repo::empty();
    let err = shipready()
        .repo(&repo)
        .args(["scan", ".", "--fail-under", "120"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("outside 0-100"), "{err}");
}

#[test]
fn typo_in_a_config_key_points_at_it_with_a_suggestion() {
    let repo = Repo::fixture("demo-ready");
    repo.write(".shipready.yaml", "profile: service\nfial_under: 80\n");
    let err = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .expect_code(2)
        .stderr();
    insta::assert_snapshot!("config_typo_key", err);
    assert!(err.contains("./.shipready.yaml:2:1:"), "{err}");
    assert!(err.contains("did you mean `fail_under`?"), "{err}");
}

#[test]
fn unknown_check_id_in_config_suggests_the_closest() {
    let repo = Repo::fixture("demo-ready");
    repo.write(
        ".shipready.yaml",
        "checks:\n  docs.licnse:\n    weight: 4\n",
    );
    let err = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .expect_code(2)
        .stderr();
    insta::assert_snapshot!("config_unknown_check", err);
    assert!(err.contains("./.shipready.yaml:2:3:"), "{err}");
    assert!(err.contains("did you mean 'docs.license'?"), "{err}");

    // The same in waivers, not_applicable and --check.
    repo.write(
        ".shipready.yaml",
        "waivers:\n  - check: security.polcy\n    reason: r\n    expires: 2026-12-31\n",
    );
    let err = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .expect_code(2)
        .stderr();
    assert!(err.contains(":2:"), "{err}");
    assert!(err.contains("did you mean 'security.policy'?"), "{err}");
    let err = shipready()
        .repo(&repo)
        .args(["scan", ".", "--no-config", "--check", "docs.licence"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("did you mean 'docs.license'?"), "{err}");
}

#[test]
fn malformed_config_values_are_usage_errors() {
    let repo = Repo::empty();
    for (text, needle) in [
        ("fail_under: 180\n", "fail_under must be between 0 and 100"),
        (
            "waivers:\n  - check: docs.license\n    reason: later\n    expires: next year\n",
            "is not a YYYY-MM-DD date",
        ),
        (
            "not_applicable:\n  - check: docs.license\n    reason: \"\"\n",
            "needs a reason",
        ),
        ("profile: daemon\n", "daemon"),
        ("target: perfect\n", "unknown target level 'perfect'"),
        ("exclude: [\n", ".shipready.yaml:"),
    ] {
        repo.write(".shipready.yaml", text);
        let err = shipready()
            .repo(&repo)
            .args(["scan", "."])
            .expect_code(2)
            .stderr();
        assert!(err.contains(needle), "{text:?}: {err}");
        assert!(err.contains(".shipready.yaml"), "{text:?}: {err}");
    }
}

#[test]
fn nonexistent_scan_path_exits_3() {
    let repo = Repo::empty();
    let err = shipready()
        .repo(&repo)
        .args(["scan", "no/such/dir"])
        .expect_code(3)
        .stderr();
    insta::assert_snapshot!("nonexistent_path", err);
    repo.write("file.txt", "x");
    let err = shipready()
        .repo(&repo)
        .args(["scan", "file.txt"])
        .expect_code(3)
        .stderr();
    assert!(err.contains("not a directory"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    shipready().arg("--no-such-flag").expect_code(2).run();
    shipready()
        .args(["scan", ".", "--format", "yaml"])
        .expect_code(2)
        .run();
    let repo = Repo::empty();
    let err = shipready()
        .repo(&repo)
        .args(["scan", ".", "--config", "missing.yaml"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("missing.yaml: config file not found"), "{err}");
}

#[test]
fn version_and_help() {
    let out = shipready().arg("--version").stdout();
    assert_eq!(out.trim(), "shipready [VERSION]");
    let help = shipready().arg("--help").stdout();
    for sub in ["scan", "explain", "checks", "init", "config"] {
        assert!(help.contains(sub), "--help does not mention {sub}:\n{help}");
    }
}

#[test]
fn critical_failure_is_a_gate_failure() {
    let repo = Repo::fixture("demo-ready");
    repo.write(
        ".shipready.yaml",
        "custom_checks:\n  - id: team.makefile\n    title: A Makefile drives build and test\n    category: deployment\n    severity: critical\n    kind: file_exists\n    any: [Makefile]\n",
    );
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json"])
        .expect_code(1)
        .run();
    assert!(
        run.stderr
            .contains("gate failed: critical check team.makefile is failing"),
        "{}",
        run.stderr
    );
    let report = json(&run.stdout);
    assert_eq!(report["summary"]["verdict"], "NOT_READY");
    // A failing critical check caps the score at 49.
    assert!(
        report["summary"]["score"].as_f64().unwrap() <= 49.0,
        "{:#}",
        report["summary"]
    );
    // Quiet: nothing on stdout, the exit code tells.
    let quiet = shipready()
        .repo(&repo)
        .args(["scan", ".", "--quiet"])
        .expect_code(1)
        .run();
    assert_eq!(quiet.stdout, "");
}

#[test]
fn output_file_receives_the_report() {
    let repo = Repo::fixture("demo-ready");
    let out_dir = Repo::empty();
    let target = out_dir.join("reports/shipready.json");
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json", "-o"])
        .arg(&target)
        .any_code()
        .run();
    assert_eq!(run.stdout, "");
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(json(&text)["schema_version"], 2);
}

// ---------------------------------------------------------------- explain

#[test]
fn explain_in_every_format() {
    let repo = Repo::empty();
    let text = shipready()
        .repo(&repo)
        .args(["explain", "docs.license"])
        .stdout();
    insta::assert_snapshot!("explain_docs_license_text", text);
    let md = shipready()
        .repo(&repo)
        .args(["explain", "docs.license", "--format", "markdown"])
        .stdout();
    insta::assert_snapshot!("explain_docs_license_markdown", md);
    let js = shipready()
        .repo(&repo)
        .args(["explain", "docs.license", "-f", "json"])
        .stdout();
    let v = json(&js);
    assert_eq!(v["id"], "docs.license");
    assert_eq!(v["category"], "documentation");
    assert!(v["in_force"]["weight"].is_number(), "{v:#}");
    insta::assert_snapshot!("explain_docs_license_json", js);
}

#[test]
fn explain_reflects_the_repository_config() {
    let repo = Repo::empty();
    repo.write(
        ".shipready.yaml",
        "checks:\n  docs.license:\n    weight: 7\n",
    );
    let v = json(
        &shipready()
            .repo(&repo)
            .args(["explain", "docs.license", "-f", "json"])
            .stdout(),
    );
    assert_eq!(v["in_force"]["weight"], 7.0);
}

#[test]
fn explain_unknown_id_suggests() {
    let repo = Repo::empty();
    let err = shipready()
        .repo(&repo)
        .args(["explain", "docs.licnse"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("unknown check 'docs.licnse'"), "{err}");
    assert!(err.contains("did you mean 'docs.license'?"), "{err}");
    let err = shipready()
        .repo(&repo)
        .args(["explain", "zzz.qqqqqqqq"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("shipready checks list"), "{err}");
}

// ---------------------------------------------------------------- checks

#[test]
fn checks_list_table_and_json() {
    let repo = Repo::empty();
    let table = shipready().repo(&repo).args(["checks", "list"]).stdout();
    assert!(table.contains("Check"), "{table}");
    assert!(table.contains("docs.license"), "{table}");
    let list = json(
        &shipready()
            .repo(&repo)
            .args(["checks", "list", "-f", "json"])
            .stdout(),
    );
    let items = list.as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "checks list is sorted by id");
    let license = items.iter().find(|i| i["id"] == "docs.license").unwrap();
    assert_eq!(license["enabled"], true);
    for key in [
        "title",
        "category",
        "severity",
        "weight",
        "level",
        "applies_when",
    ] {
        assert!(!license[key].is_null(), "{key} missing: {license:#}");
    }
}

#[test]
fn checks_list_includes_custom_checks_and_disabled_ones() {
    let repo = Repo::empty();
    repo.write(
        ".shipready.yaml",
        "checks:\n  docs.license:\n    disable: true\ncustom_checks:\n  - id: team.makefile\n    title: A Makefile drives build and test\n    category: deployment\n    kind: file_exists\n    any: [Makefile]\n",
    );
    let list = json(
        &shipready()
            .repo(&repo)
            .args(["checks", "list", "-f", "json"])
            .stdout(),
    );
    let find = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed"))
            .clone()
    };
    assert_eq!(find("team.makefile")["enabled"], true);
    assert_eq!(find("docs.license")["enabled"], false);
}

#[test]
fn checks_docs_writes_and_checks_the_catalog() {
    let dir = Repo::empty();
    let target = dir.join("docs/checks.md");
    shipready()
        .repo(&dir)
        .args(["checks", "docs", "-o", "docs/checks.md"])
        .run();
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("# Check catalog"), "{written}");
    assert!(written.contains("## `docs.license`"), "{written}");
    let stdout = shipready().repo(&dir).args(["checks", "docs"]).stdout();
    assert_eq!(stdout, written, "stdout and -o render the same catalog");

    shipready()
        .repo(&dir)
        .args(["checks", "docs", "-o", "docs/checks.md", "--check"])
        .expect_code(0)
        .run();
    std::fs::write(&target, format!("{written}\nhand edit\n")).unwrap();
    let err = shipready()
        .repo(&dir)
        .args(["checks", "docs", "-o", "docs/checks.md", "--check"])
        .expect_code(1)
        .stderr();
    assert!(err.contains("docs/checks.md is stale"), "{err}");
    // --check never writes.
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .ends_with("hand edit\n"));
    // --check needs -o.
    shipready()
        .repo(&dir)
        .args(["checks", "docs", "--check"])
        .expect_code(2)
        .run();
}

// ---------------------------------------------------------------- init

#[test]
fn init_writes_refuses_and_forces() {
    let repo = Repo::fixture("demo-ready");
    let err = shipready().repo(&repo).arg("init").stderr();
    assert!(err.contains("wrote ./.shipready.yaml"), "{err}");
    let first = repo.read(".shipready.yaml");
    assert!(first.contains("profile: service"), "{first}");

    // The file it wrote parses back: a scan with it is a scan, not a usage error.
    let scan = shipready().repo(&repo).args(["scan", "."]).any_code().run();
    assert!(scan.code <= 1, "{}", scan.stderr);
    let cfg = json(&shipready().repo(&repo).arg("config").stdout());
    assert_eq!(cfg["config"], "./.shipready.yaml");
    assert_eq!(cfg["profile"], "service");

    let err = shipready().repo(&repo).arg("init").expect_code(2).stderr();
    assert!(err.contains("exists; not overwriting"), "{err}");
    assert!(err.contains("--force"), "{err}");

    repo.write(".shipready.yaml", "# mine\n");
    shipready().repo(&repo).args(["init", "--force"]).run();
    assert_eq!(repo.read(".shipready.yaml"), first);

    // Any discovered config location blocks init, not only the root one.
    let other = Repo::empty();
    other.write(".github/shipready.yml", "profile: cli\n");
    shipready()
        .repo(&other)
        .args(["init", "."])
        .expect_code(2)
        .run();
}

#[test]
fn init_on_an_empty_repository_parses_back() {
    let repo = Repo::empty();
    shipready().repo(&repo).arg("init").run();
    let scan = shipready().repo(&repo).args(["scan", "."]).any_code().run();
    assert!(scan.code <= 1, "{}", scan.stderr);
    shipready()
        .repo(&repo)
        .args(["init", "no/such/dir"])
        .expect_code(2)
        .run();
}

// ---------------------------------------------------------------- config

#[test]
fn config_effective_reflects_overrides() {
    let repo = Repo::fixture("demo-ready");
    repo.write(
        ".shipready.yaml",
        "profile: worker\nfail_under: 55\nexclude: [\"vendor/\"]\ncategories:\n  documentation: 12\nchecks:\n  docs.license:\n    weight: 4\n    level: essential\n",
    );
    let v = json(
        &shipready()
            .repo(&repo)
            .args(["config", "--effective"])
            .stdout(),
    );
    assert_eq!(v["config"], "./.shipready.yaml");
    assert_eq!(v["profile"], "worker");
    assert_eq!(v["fail_under"], 55.0);
    assert_eq!(v["exclude"][0], "vendor/");
    assert_eq!(v["categories"]["documentation"], 12.0);
    assert_eq!(v["checks"]["docs.license"]["weight"], 4.0);
    assert_eq!(v["checks"]["docs.license"]["level"], "essential");
    assert_eq!(v["checklist"], "checks/production-readiness.yaml");

    // The command line wins over the file.
    let v = json(
        &shipready()
            .repo(&repo)
            .args(["config", "--fail-under", "70", "--profile", "cli"])
            .stdout(),
    );
    assert_eq!(v["fail_under"], 70.0);
    assert_eq!(v["profile"], "cli");

    // --no-config ignores it.
    let v = json(
        &shipready()
            .repo(&repo)
            .args(["config", "--no-config"])
            .stdout(),
    );
    assert!(v["config"].is_null(), "{v:#}");
    assert!(v["fail_under"].is_null(), "{v:#}");
}

#[test]
fn only_selected_checks_run() {
    let repo = Repo::fixture("demo-ready");
    let report = scan_json(&repo, &["--check", "docs.license"]);
    let ids: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["docs.license"]);
}

// ---------------------------------------------------------------- waivers

#[test]
fn waivers_hold_until_they_expire() {
    let repo = Repo::fixture("demo-ready");
    // common::TODAY is 2026-01-15: the first waiver holds, the second lapsed.
    repo.write(
        ".shipready.yaml",
        "waivers:\n  - check: docs.license\n    reason: licensing under legal review (LEGAL-42)\n    expires: 2026-01-15\n    author: dana\n  - check: security.policy\n    reason: policy being written\n    expires: 2026-01-14\n",
    );
    let report = scan_json(&repo, &[]);
    let license = check(&report, "docs.license");
    assert_eq!(license["status"], "waived", "{license:#}");
    assert_eq!(license["waiver"]["author"], "dana");
    assert_eq!(check(&report, "security.policy")["status"], "fail");
    let expired: Vec<&str> = report["expired"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    assert_eq!(
        expired,
        ["waiver for security.policy expired on 2026-01-14 (policy being written)"]
    );
    let table = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .any_code()
        .stdout();
    assert!(table.contains("Waived"), "{table}");
    assert!(
        table.contains("docs.license until 2026-01-15: licensing under legal review"),
        "{table}"
    );
    assert!(
        table.contains("expired: waiver for security.policy"),
        "{table}"
    );

    // A day later the first one lapses too.
    let later = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json"])
        .env("SHIPREADY_TODAY", "2026-01-16")
        .any_code()
        .run();
    assert_eq!(
        check(&json(&later.stdout), "docs.license")["status"],
        "fail"
    );
}

#[test]
fn not_applicable_needs_and_shows_a_reason() {
    let before = scan_json(&Repo::fixture("demo-ready"), &[])["summary"]["counts"]
        ["not_applicable"]
        .as_u64()
        .unwrap_or(0);
    let repo = Repo::fixture("demo-ready");
    repo.write(
        ".shipready.yaml",
        "not_applicable:\n  - check: security.policy\n    reason: internal demo, never deployed outside the lab\n",
    );
    let report = scan_json(&repo, &[]);
    let c = check(&report, "security.policy");
    assert_eq!(c["status"], "not_applicable");
    assert_eq!(
        c["summary"],
        "declared not applicable: internal demo, never deployed outside the lab"
    );
    // Not applicable drops out of the score: coverage stays whole.
    assert_eq!(report["summary"]["counts"]["not_applicable"], before + 1);
}

#[test]
fn attestations_count_until_they_expire() {
    let repo = Repo::fixture("demo-ready");
    // No built-in check answers `unknown` yet on every tree, so attest a
    // failing one and assert the file is read and validated: expired
    // attestations are listed, invalid ones are usage errors.
    repo.write(
        ".shipready/attestations.yaml",
        "attestations:\n  - check: docs.license\n    evidence: https://wiki.example/legal/42\n    author: dana\n    expires: 2025-12-31\n",
    );
    let report = scan_json(&repo, &[]);
    let expired = report["expired"].as_array().unwrap();
    assert!(
        expired.iter().any(|e| e
            .as_str()
            .unwrap()
            .starts_with("attestation for docs.license expired on 2025-12-31")),
        "{expired:?}"
    );
    // An unexpired attestation for a check the repository settles is
    // ignored, and the report says so where it is written.
    repo.write(
        ".shipready/attestations.yaml",
        "attestations:\n  - check: docs.license\n    evidence: https://wiki.example/legal/42\n    author: dana\n    expires: 2999-12-31\n",
    );
    let report = scan_json(&repo, &[]);
    let license = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "docs.license")
        .unwrap();
    assert_eq!(license["status"], "fail", "{license}");
    let note = license["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "attestation-ignored")
        .unwrap_or_else(|| panic!("{license}"));
    assert_eq!(note["path"], ".shipready/attestations.yaml");
    assert_eq!(note["line"], 2);
    repo.write(
        ".shipready/attestations.yaml",
        "attestations:\n  - check: docs.licnse\n    evidence: x\n    author: dana\n    expires: 2026-12-31\n",
    );
    let err = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .expect_code(2)
        .stderr();
    assert!(err.contains(".shipready/attestations.yaml:2:"), "{err}");
    assert!(err.contains("did you mean 'docs.license'?"), "{err}");
}

#[test]
fn attest_writes_what_only_a_person_can_vouch_for() {
    let repo = Repo::fixture("production-ready");
    let _ = std::fs::remove_file(repo.join(".shipready/attestations.yaml"));
    let status = |repo: &Repo, id: &str| {
        let r = scan_json(repo, &[]);
        let c = r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned();
        c.unwrap()["status"].clone()
    };
    // Unknown until a person vouches: the fix is to attest, not to change
    // the system.
    assert_eq!(status(&repo, "ops.on-call"), "unknown");
    for check in ["ops.on-call", "recovery.restore-tested"] {
        shipready()
            .repo(&repo)
            .args([
                "attest",
                check,
                "--evidence",
                "https://wiki.example/ops \"drill\"",
                "--author",
                "dana",
            ])
            .stderr();
    }
    let text = std::fs::read_to_string(repo.join(".shipready/attestations.yaml")).unwrap();
    assert!(
        text.contains("evidence: \"https://wiki.example/ops \\\"drill\\\"\""),
        "{text}"
    );
    assert_eq!(status(&repo, "ops.on-call"), "attested");
    assert_eq!(status(&repo, "recovery.restore-tested"), "attested");
    // Renewing replaces the entry instead of adding one.
    shipready()
        .repo(&repo)
        .args([
            "attest",
            "ops.on-call",
            "--evidence",
            "rota v2",
            "--author",
            "dana",
            "--expires",
            "2099-01-01",
        ])
        .stderr();
    let text = std::fs::read_to_string(repo.join(".shipready/attestations.yaml")).unwrap();
    assert_eq!(text.matches("check: ops.on-call").count(), 1, "{text}");
    assert!(text.contains("expires: 2099-01-01"), "{text}");
    // (arguments, what stderr says): all usage errors.
    let refused: &[(&[&str], &str)] = &[
        (
            &["attest", "docs.license", "--evidence", "x"],
            "verified from the repository",
        ),
        (
            &["attest", "ops.on-cal", "--evidence", "x"],
            "did you mean 'ops.on-call'?",
        ),
        (
            &[
                "attest",
                "ops.on-call",
                "--evidence",
                "x",
                "--expires",
                "soon",
            ],
            "number of days",
        ),
        (
            &[
                "attest",
                "ops.on-call",
                "--evidence",
                "x",
                "--expires",
                "2001-01-01",
            ],
            "already past",
        ),
    ];
    for (args, says) in refused {
        let err = shipready().repo(&repo).args(*args).expect_code(2).stderr();
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

// ---------------------------------------------------------------- custom checks and suppressions

const NO_PRINT: &str = "custom_checks:\n  - id: team.no-print\n    title: Services log instead of printing\n    category: observability\n    severity: medium\n    kind: content\n    files: [\"*.py\"]\n    must_not_match: '^\\s*print\\('\n";

#[test]
fn custom_checks_score_like_built_ins() {
    let repo = Repo::fixture("demo-ready");
    repo.write(
        ".shipready.yaml",
        format!(
            "{NO_PRINT}  - id: team.makefile\n    title: A Makefile drives build and test\n    category: deployment\n    severity: low\n    kind: file_exists\n    any: [Makefile, justfile]\n"
        ),
    );
    repo.write("src/shortlink/debug.py", "def dump(x):\n    print(x)\n");
    let report = scan_json(&repo, &[]);
    let make = check(&report, "team.makefile");
    assert_eq!(make["status"], "fail");
    assert_eq!(make["category"], "deployment");
    assert_eq!(make["evidence"][0], "no file matches Makefile");
    let np = check(&report, "team.no-print");
    assert_eq!(np["status"], "partial", "{np:#}");
    assert_eq!(np["findings"][0]["path"], "src/shortlink/debug.py");
    assert_eq!(np["findings"][0]["line"], 2);
    assert!(
        report["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["category"] == "observability"),
        "custom check's category is scored"
    );
    let table = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .any_code()
        .stdout();
    assert!(table.contains("team.makefile"), "{table}");
    assert!(table.contains("src/shortlink/debug.py:2"), "{table}");

    // A clash with a built-in id names both origins.
    repo.write(
        ".shipready.yaml",
        "custom_checks:\n  - id: docs.license\n    title: t\n    category: documentation\n    kind: file_exists\n    any: [LICENSE]\n",
    );
    let err = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .expect_code(2)
        .stderr();
    assert!(err.contains("defined twice"), "{err}");
}

#[test]
fn inline_markers_suppress_and_stale_ones_are_reported() {
    let repo = Repo::fixture("demo-ready");
    repo.write(".shipready.yaml", NO_PRINT);
    repo.write(
        "src/shortlink/cli.py",
        "def main():\n    # shipready: ignore[team.no-print] this is a CLI; stdout is its interface\n    print('ok')\n",
    );
    repo.write(
        "src/shortlink/util.py",
        "# shipready: ignore[team.no-print] left over from a removed debug helper\ndef noop():\n    return None\n",
    );
    let report = scan_json(&repo, &[]);
    let c = check(&report, "team.no-print");
    let findings = c["findings"].as_array().unwrap();
    let suppressed: Vec<_> = findings
        .iter()
        .filter(|f| !f["suppressed"].is_null())
        .collect();
    assert_eq!(suppressed.len(), 1, "{findings:#?}");
    assert_eq!(suppressed[0]["path"], "src/shortlink/cli.py");
    assert_eq!(suppressed[0]["suppressed"]["kind"], "inline");
    assert_eq!(
        suppressed[0]["suppressed"]["reason"],
        "this is a CLI; stdout is its interface"
    );
    let stale: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "unused-suppression")
        .collect();
    assert_eq!(stale.len(), 1, "{findings:#?}");
    assert_eq!(stale[0]["path"], "src/shortlink/util.py");
    assert_eq!(stale[0]["line"], 1);
    assert_eq!(stale[0]["level"], "info");
    // Every real finding suppressed: the check passes, and says so.
    assert_eq!(c["status"], "pass", "{c:#}");
    assert_eq!(report["summary"]["suppressed"], 1);

    // Config `ignore` globs suppress too, and are counted the same way.
    repo.write(
        ".shipready.yaml",
        format!("{NO_PRINT}checks:\n  team.no-print:\n    ignore: [\"src/shortlink/cli.py\"]\n"),
    );
    let report = scan_json(&repo, &[]);
    let c = check(&report, "team.no-print");
    let kinds: Vec<&str> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["suppressed"]["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["config"], "{c:#}");
}

// ---------------------------------------------------------------- determinism

fn assert_deterministic(repo: &Repo) {
    let run = |threads: &str| {
        shipready()
            .repo(repo)
            .args(["scan", ".", "-f", "json", "--threads", threads])
            .any_code()
            .run()
            .stdout
    };
    let one = run("1");
    let four = run("4");
    let again = run("4");
    assert!(one == four, "--threads 1 and --threads 4 differ");
    assert!(four == again, "two runs differ");
    let table = |t: &str| {
        shipready()
            .repo(repo)
            .args(["scan", ".", "-v", "--threads", t])
            .any_code()
            .run()
            .stdout
    };
    assert!(
        table("1") == table("3"),
        "tables differ across thread counts"
    );
}

#[test]
fn reports_are_byte_identical_across_runs_and_thread_counts() {
    assert_deterministic(&Repo::fixture("production-ready"));
    assert_deterministic(&Repo::fixture("demo-ready"));
}

// ---------------------------------------------------------------- hostile input

/// The hostile fixture plus what cannot be committed.
fn hostile() -> Repo {
    let repo = Repo::fixture("hostile");
    // Over the 2 MiB default cap: listed, not read.
    repo.write("dist/huge.min.js", vec![b'a'; 3 * 1024 * 1024]);
    // Under the cap but one enormous line, for line-oriented inspectors.
    let mut line = b"var x = \"".to_vec();
    line.extend(std::iter::repeat_n(b'x', 1_500_000));
    line.extend_from_slice(b"\"; // FIXME\n");
    repo.write("one-line.js", line);
    // More binary files than the stats keep examples of, in several
    // directories, so example selection is exercised under threads.
    for i in 0..12 {
        repo.write(&format!("blobs/{}/b{i}.dat", i % 3), [0u8, 1, 2, 0, 255]);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("loop-b", repo.join("loop-a")).unwrap();
        symlink("loop-a", repo.join("loop-b")).unwrap();
        symlink(".", repo.join("self")).unwrap();
        symlink("..", repo.join("data/up")).unwrap();
    }
    repo
}

#[test]
fn hostile_repository_completes_with_explained_skips() {
    let repo = hostile();
    let started = Instant::now();
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json"])
        .any_code()
        .run();
    assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    let report = json(&run.stdout);
    let skipped = &report["stats"]["skipped"];
    assert_eq!(skipped["too_large"], 1, "{:#}", report["stats"]);
    assert!(
        skipped["binary"].as_u64() >= Some(13),
        "{:#}",
        report["stats"]
    );
    #[cfg(unix)]
    assert_eq!(skipped["symlink"], 4, "{:#}", report["stats"]);
    let examples = &report["stats"]["skipped_examples"];
    assert_eq!(examples["too_large"][0], "dist/huge.min.js");
    assert!(
        examples["binary"].as_array().unwrap().len() <= 5,
        "{examples:#}"
    );
    // No check errored on the hostile files.
    for c in report["checks"].as_array().unwrap() {
        assert_ne!(c["status"], "error", "{c:#}");
    }
    // Invalid UTF-8 is still read as text (lossily), so findings in it count.
    let fixme = check(&report, "hostile.no-fixme");
    let paths: Vec<&str> = fixme["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(paths.contains(&"data/latin1.txt"), "{fixme:#}");
    assert!(paths.contains(&"one-line.js"), "{fixme:#}");
    assert!(!paths.contains(&"data/blob.dat"), "binary is not searched");

    // The table says why files were not read.
    let table = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .any_code()
        .stdout();
    assert!(table.contains("not read: 1 too large"), "{table}");
}

#[test]
fn hostile_repository_is_deterministic() {
    assert_deterministic(&hostile());
}

#[test]
fn gitignored_files_are_not_scanned_unless_asked() {
    let repo = hostile();
    let report = scan_json(&repo, &[]);
    assert_eq!(check(&report, "hostile.no-env-file")["status"], "pass");
    let report = scan_json(&repo, &["--no-ignore"]);
    let c = check(&report, "hostile.no-env-file");
    assert_eq!(c["status"], "fail", "{c:#}");
    assert_eq!(c["findings"][0]["path"], "ignored/.env");
    // --exclude drops it again.
    let report = scan_json(&repo, &["--no-ignore", "--exclude", "ignored/"]);
    assert_eq!(check(&report, "hostile.no-env-file")["status"], "pass");
}

#[test]
fn max_file_size_flag_lowers_the_cap() {
    let repo = hostile();
    let report = scan_json(&repo, &["--max-file-size", "40"]);
    // README.md, bomb.yaml, one-line.js ... are now over the cap.
    assert!(
        report["stats"]["skipped"]["too_large"].as_u64() > Some(3),
        "{:#}",
        report["stats"]
    );
}

#[test]
fn alias_bomb_config_is_refused_quickly() {
    let repo = hostile();
    let mut bomb = String::from(
        "checks:\n  docs.license:\n    params:\n      a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        bomb.push_str(&format!("      {}: &{} [{refs}]\n", w[1], w[1]));
    }
    let cfg = Repo::empty();
    cfg.write("bomb.yaml", &bomb);
    let started = Instant::now();
    let err = shipready()
        .repo(&repo)
        .args(["scan", ".", "--config"])
        .arg(cfg.join("bomb.yaml"))
        .replace(cfg.display(), "[CFG]")
        .expect_code(2)
        .stderr();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(err.contains("[CFG]/bomb.yaml:"), "{err}");
    assert!(err.contains("alias bomb"), "{err}");

    // The committed bomb as a config file: refused too (wrong shape), fast.
    shipready()
        .repo(&repo)
        .args(["scan", ".", "--config", "bomb.yaml"])
        .expect_code(2)
        .run();
}

// ---------------------------------------------------------------- read-only

#[test]
fn nothing_in_the_scanned_tree_is_modified() {
    for repo in [
        Repo::fixture("production-ready"),
        Repo::fixture("demo-ready"),
        hostile(),
    ] {
        let before = repo.digest();
        let out = Repo::empty();
        for args in [
            vec!["scan", "."],
            vec!["scan", ".", "-f", "json", "-v"],
            vec!["scan", ".", "--no-ignore", "--threads", "1"],
            vec!["explain", "docs.license"],
            vec!["checks", "list"],
            vec!["config"],
        ] {
            shipready().repo(&repo).args(args).any_code().run();
        }
        shipready()
            .repo(&repo)
            .args(["scan", ".", "-f", "json", "-o"])
            .arg(out.join("r.json"))
            .any_code()
            .run();
        assert_eq!(
            before,
            repo.digest(),
            "a read-only command changed the tree"
        );
    }
}

#[test]
fn init_adds_only_its_config_file() {
    let repo = Repo::fixture("production-ready");
    let before = repo.digest();
    shipready().repo(&repo).arg("init").run();
    let after = repo.digest();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].starts_with("F .shipready.yaml "), "{added:?}");
    assert!(
        before.lines().all(|b| after.lines().any(|a| a == b)),
        "init changed an existing file"
    );
}

#[test]
fn out_of_range_config_values_point_at_their_check() {
    let repo = Repo::empty();
    for (config, at, want) in [
        (
            "checks:\n  docs.adr:\n    weight: 2\n  docs.readme:\n    weight: -5\n",
            "./.shipready.yaml:5:5:",
            "checks.docs.readme.weight must be a number >= 0",
        ),
        (
            "checks:\n  docs.readme:\n    cap_below: 3\n",
            "./.shipready.yaml:3:5:",
            "cap_below must be between 0 and 1",
        ),
        (
            "categories:\n  security: -1\n",
            "./.shipready.yaml:2:3:",
            "categories.security: weight must be a number >= 0",
        ),
    ] {
        repo.write(".shipready.yaml", config);
        let err = shipready()
            .repo(&repo)
            .args(["scan", "."])
            .expect_code(2)
            .stderr();
        assert!(err.contains(at) && err.contains(want), "{config}: {err}");
    }
}
