//! The file formats end to end: SARIF, Markdown and JUnit of the scenario
//! repositories as snapshots, SARIF's structure (what GitHub code scanning
//! relies on), the size limits of SARIF and Markdown, escaping of hostile
//! names, and `-o FORMAT=FILE` with its usage errors.
//!
//! The schema itself is checked by `tests/schemas/validate.py`, which
//! `.ci/run` runs on the same repositories with a real JSON Schema
//! validator.

mod common;

use common::{json, shipready, Repo, VERSION};
use serde_json::Value;

/// The hostile fixture plus files whose names carry markup, quotes, a
/// mention and control bytes (a fixture cannot commit them).
fn hostile() -> Repo {
    let repo = Repo::fixture("hostile");
    repo.write(
        "odd/we\"ird <name> & 'q' `tick` |pipe| *star* @team #1 $x$.env",
        "API_PASSWORD=hunter2-very-secret-value\n",
    );
    repo.write(
        "odd/ctl\u{1}\u{1b}[31mred.env",
        "DB_PASSWORD=another-secret-value-xyz\n",
    );
    repo.write(
        "odd/fix<me>.py",
        "x = 1  # FIXME <b>&amp;</b> \"q\" \u{1}\u{2} ]]> @someone\n",
    );
    repo
}

fn scenario(name: &str) -> Repo {
    match name {
        "hostile" => hostile(),
        other => Repo::fixture(other),
    }
}

const SCENARIOS: [&str; 3] = ["demo-ready", "production-ready", "hostile"];

/// Standard output of `scan . -f FORMAT`, with the version normalised.
fn render(repo: &Repo, format: &str, extra: &[&str]) -> String {
    let run = shipready()
        .repo(repo)
        .args(["scan", ".", "-f", format])
        .args(extra)
        .replace(
            format!("\"semanticVersion\": \"{VERSION}\""),
            "\"semanticVersion\": \"[VERSION]\"",
        )
        .any_code()
        .run();
    assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
    run.stdout
}

fn sarif(repo: &Repo, extra: &[&str]) -> Value {
    json(&render(repo, "sarif", extra))
}

// ---------------------------------------------------------------- snapshots

#[test]
fn markdown_and_junit_of_the_scenarios() {
    for name in SCENARIOS {
        let repo = scenario(name);
        for format in ["markdown", "junit"] {
            let text = render(&repo, format, &[]);
            insta::assert_snapshot!(format!("{name}_{format}"), text);
        }
    }
}

#[test]
fn sarif_of_the_scenarios() {
    for name in SCENARIOS {
        let repo = scenario(name);
        let text = render(&repo, "sarif", &[]);
        if name == "demo-ready" {
            insta::assert_snapshot!("demo-ready_sarif", text);
        } else {
            // The rules are the checks' documentation, the same in every
            // report and snapshotted in full above; here their ids stand
            // for them.
            let mut doc = json(&text);
            let rules = &mut doc["runs"][0]["tool"]["driver"]["rules"];
            let ids: Vec<Value> = rules
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].clone())
                .collect();
            *rules = Value::Array(ids);
            let text = serde_json::to_string_pretty(&doc).unwrap();
            insta::assert_snapshot!(format!("{name}_sarif"), text);
        }
    }
}

// ---------------------------------------------------------------- SARIF structure

#[test]
fn sarif_holds_what_code_scanning_relies_on() {
    for name in SCENARIOS {
        let repo = scenario(name);
        let doc = sarif(&repo, &[]);
        let report = json(&render(&repo, "json", &[]));
        assert_eq!(doc["version"], "2.1.0");
        let runs = doc["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1, "{name}: one run");
        let run = &runs[0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        // A rule for every check in the report, in its order.
        let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let check_ids: Vec<&str> = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(rule_ids, check_ids, "{name}");
        for rule in rules {
            for key in ["shortDescription", "fullDescription", "help"] {
                assert!(
                    !rule[key]["text"].as_str().unwrap_or("").trim().is_empty(),
                    "{name}: rule {} has no {key}",
                    rule["id"]
                );
            }
            let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
            assert!(["error", "warning", "note"].contains(&level));
            if rule["properties"]["category"] == "security"
                && rule["properties"]["severity"] != "info"
            {
                let s: f64 = rule["properties"]["security-severity"]
                    .as_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((0.0..=10.0).contains(&s));
            }
        }
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty() || name == "production-ready", "{name}");
        for r in results {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"], "{name}: ruleIndex");
            let locations = r["locations"].as_array().unwrap();
            assert_eq!(locations.len(), 1, "{name}: {r:#}");
            let artifact = &locations[0]["physicalLocation"]["artifactLocation"];
            let uri = artifact["uri"].as_str().unwrap();
            assert!(!uri.is_empty() && !uri.starts_with('/'), "{uri}");
            assert!(
                uri.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'),
                "{name}: uri not encoded: {uri:?}"
            );
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            if let Some(line) = locations[0]["physicalLocation"]["region"]["startLine"].as_u64() {
                assert!(line >= 1);
            }
            let fp = r["partialFingerprints"]["shipready/v1"].as_str().unwrap();
            assert!(
                fp.len() == 16 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
                "{fp}"
            );
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        }
        // The readiness summary travels with the run.
        assert_eq!(run["properties"]["verdict"], report["summary"]["verdict"]);
        assert_eq!(run["properties"]["score"], report["summary"]["score"]);
    }
}

#[test]
fn a_check_that_fails_with_nothing_to_point_at_is_placed_on_the_repository() {
    let doc = sarif(&Repo::fixture("demo-ready"), &[]);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let runbooks = results
        .iter()
        .find(|r| r["ruleId"] == "ops.runbooks")
        .expect("a result for the missing runbooks");
    let physical = &runbooks["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "README.md");
    assert!(physical["region"].is_null(), "no line is the cause");
    assert_eq!(runbooks["properties"]["repositoryLevel"], true);
    assert!(
        runbooks["message"]["text"]
            .as_str()
            .unwrap()
            .contains("no runbooks"),
        "{runbooks:#}"
    );
}

#[test]
fn fingerprints_are_stable_across_runs_and_line_moves() {
    let repo = Repo::fixture("demo-ready");
    let prints = |doc: &Value| -> Vec<(String, String, Option<u64>)> {
        let mut v: Vec<_> = doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["shipready/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = prints(&sarif(&repo, &[]));
    assert_eq!(
        first,
        prints(&sarif(&repo, &["-j", "1"])),
        "same tree, same prints"
    );

    // Two lines above everything in the Dockerfile: every finding there
    // moves down two lines and keeps its fingerprint.
    let dockerfile = repo.read("Dockerfile");
    repo.write("Dockerfile", format!("# moved\n# down\n{dockerfile}"));
    let moved = prints(&sarif(&repo, &[]));
    let fps = |v: &[(String, String, Option<u64>)]| {
        let mut f: Vec<String> = v.iter().map(|x| x.0.clone()).collect();
        f.sort();
        f
    };
    assert_eq!(fps(&first), fps(&moved));
    // The shell-form CMD (line 6) is now on line 8, under the same print.
    let line_of = |v: &[(String, String, Option<u64>)], line: u64| {
        v.iter()
            .find(|x| x.1 == "Dockerfile" && x.2 == Some(line))
            .map(|x| x.0.clone())
    };
    let cmd = line_of(&first, 6).expect("a finding on the CMD line");
    assert_eq!(line_of(&moved, 8), Some(cmd));
}

#[test]
fn suppressed_baselined_and_waived_findings_carry_suppressions() {
    let repo = Repo::fixture("demo-ready");
    // An inline marker on the Dockerfile, a waiver, and a baseline.
    let dockerfile = repo.read("Dockerfile");
    repo.write(
        "Dockerfile",
        dockerfile.replace(
            "CMD ",
            "# shipready: ignore[docker.exec-form] the entrypoint script forwards signals\nCMD ",
        ),
    );
    repo.write(
        ".shipready.yaml",
        "waivers:\n  - check: docker.healthcheck\n    reason: health is checked by the orchestrator (OPS-7)\n    expires: 2026-02-01\n",
    );
    shipready()
        .repo(&repo)
        .args(["baseline", ".", "--check", "deps.lockfiles"])
        .run();
    let doc = sarif(&repo, &[]);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let suppression_of = |rule: &str| -> Vec<(String, String)> {
        results
            .iter()
            .filter(|r| r["ruleId"] == rule)
            .flat_map(|r| r["suppressions"].as_array().cloned().unwrap_or_default())
            .map(|s| {
                (
                    s["kind"].as_str().unwrap().to_string(),
                    s["justification"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let table: &[(&str, &str, &str)] = &[
        (
            "docker.exec-form",
            "inSource",
            "the entrypoint script forwards signals",
        ),
        (
            "docker.healthcheck",
            "external",
            "waived until 2026-02-01: health is checked by the orchestrator (OPS-7)",
        ),
        (
            "deps.lockfiles",
            "external",
            "recorded in .shipready/baseline.json",
        ),
    ];
    for (rule, kind, why) in table {
        let got = suppression_of(rule);
        assert!(
            got.iter().any(|(k, j)| k == kind && j.contains(why)),
            "{rule}: {got:?}"
        );
    }
    // Suppressed results sort after open ones when results are cut, and
    // every suppression is accepted.
    for r in results {
        for s in r["suppressions"].as_array().into_iter().flatten() {
            assert_eq!(s["status"], "accepted");
        }
    }
}

#[test]
fn sarif_keeps_the_most_severe_results_within_githubs_limit() {
    let repo = Repo::fixture("hostile");
    // The hostile FIXME check reports up to 100 lines a file: 6,000
    // results from 60 files.
    let lines: String = (0..100).map(|i| format!("// FIXME {i}\n")).collect();
    for f in 0..60 {
        repo.write(&format!("many/{f:02}.js"), &lines);
    }
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "sarif"])
        .any_code()
        .run();
    assert!(run.stdout.len() < 10_000_000);
    let doc = json(&run.stdout);
    let run0 = &doc["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 5_000);
    let truncated = &run0["properties"]["truncated"];
    assert!(
        truncated["results"].as_u64().unwrap() > 5_000,
        "{truncated:#}"
    );
    assert_eq!(truncated["included"], 5_000);
    let notes = run0["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes
        .iter()
        .any(|n| n["level"] == "warning"
            && n["message"]["text"].as_str().unwrap().contains("5000 of")));
    // What was cut is the least severe: every error-level result stayed.
    let full = json(&render(&repo, "json", &[]));
    let blocking_checks: Vec<&str> = full["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["severity"] == "critical" || c["severity"] == "high")
        .filter(|c| c["status"] == "fail")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in blocking_checks {
        assert!(
            results.iter().any(|r| r["ruleId"] == id),
            "{id} was cut before low-severity results"
        );
    }
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_escapes_names_and_links_to_lines() {
    let repo = hostile();
    let md = render(&repo, "markdown", &[]);
    // The odd names are shown escaped and linked percent-encoded.
    assert!(
        md.contains("odd/fix&lt;me&gt;.py:1](odd/fix%3Cme%3E.py#L1)"),
        "{md}"
    );
    assert!(md.contains("`@team`"), "a mention is set as code: {md}");
    assert!(!md.contains("<me>"), "no raw HTML from a file name");
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");

    // Absolute links from --link-base, or from GitHub Actions' variables.
    let base = "https://github.com/acme/api/blob/0123abc";
    let with_flag = render(&repo, "markdown", &["--link-base", &format!("{base}/")]);
    assert!(
        with_flag.contains(&format!("]({base}/odd/fix%3Cme%3E.py#L1)")),
        "{with_flag}"
    );
    let from_env = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "markdown"])
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/api")
        .env("GITHUB_SHA", "0123abc")
        .any_code()
        .run()
        .stdout;
    assert_eq!(from_env, with_flag);

    let bad = shipready()
        .repo(&repo)
        .args([
            "scan",
            ".",
            "-f",
            "markdown",
            "--link-base",
            "github.com/acme",
        ])
        .expect_code(2)
        .run();
    assert!(bad.stderr.contains("not an http(s) URL"), "{}", bad.stderr);
}

#[test]
fn markdown_stays_under_githubs_comment_limit() {
    let repo = Repo::fixture("demo-ready");
    // Three hundred failing high checks, each with findings that quote
    // long matched lines: several times the limit.
    let long_lines: String = (0..10)
        .map(|i| format!("import {}{i}\n", "z".repeat(100)))
        .collect();
    repo.write("src/long.py", long_lines);
    let mut cfg = String::from("custom_checks:\n");
    for i in 0..300 {
        cfg.push_str(&format!(
            "  - id: team.check-{i:03}\n    title: No forbidden imports {i}\n    category: operations\n    severity: high\n    kind: content\n    files: [\"src/long.py\"]\n    must_not_match: \"import z+\"\n"
        ));
    }
    repo.write(".shipready.yaml", cfg);
    let md = render(&repo, "markdown", &[]);
    let chars = md.chars().count();
    assert!(chars <= 65_536, "{chars} characters");
    assert!(chars > 50_000, "the budget is used, not wasted: {chars}");
    assert!(md.contains("more checks not shown"), "{md}");
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count(),
        "every <details> is closed"
    );
    assert!(md.trim_end().ends_with("</sub>"), "the footer survives");
}

// ---------------------------------------------------------------- JUnit

#[test]
fn junit_maps_statuses_and_stays_well_formed() {
    let repo = hostile();
    let xml = render(&repo, "junit", &[]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    // No character XML 1.0 forbids, and every element closes.
    assert!(
        !xml.chars()
            .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}'),
        "{xml:?}"
    );
    assert_balanced(&xml);
    assert!(xml.contains("odd/fix&lt;me&gt;.py:1"), "{xml}");
    assert!(
        xml.contains("odd/we&quot;ird &lt;name&gt; &amp; &apos;q&apos;"),
        "{xml}"
    );

    let report = json(&render(&repo, "json", &[]));
    let testcases = xml.matches("<testcase ").count();
    assert_eq!(
        testcases,
        report["checks"].as_array().unwrap().len() + 1,
        "one per check, and the gates"
    );
    let count = |status: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == status)
            .count()
    };
    let skipped = count("not_applicable") + count("unknown") + count("waived");
    assert_eq!(xml.matches("<skipped ").count(), skipped);
    assert_eq!(xml.matches("<error ").count(), count("error"));
}

/// Every start tag has its end tag, in order (a well-formedness check
/// for the structure; the XML parser in tests/schemas/validate.py checks
/// the rest in CI).
fn assert_balanced(xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("an unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        if let Some(closing) = name.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(closing), "mismatched </{closing}>");
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

// ---------------------------------------------------------------- -o FORMAT=FILE

#[test]
fn several_formats_from_one_scan_and_the_table_still_printed() {
    let repo = Repo::fixture("demo-ready");
    let out = Repo::empty();
    let plain = shipready().repo(&repo).args(["scan", "."]).any_code().run();
    let run = shipready()
        .repo(&repo)
        .args(["scan", "."])
        .arg("-o")
        .arg(format!("sarif={}", out.join("r/out.sarif").display()))
        .arg("-o")
        .arg(format!("markdown={}", out.join("summary.md").display()))
        .arg("-o")
        .arg(format!("JUnit={}", out.join("junit.xml").display()))
        .any_code()
        .run();
    assert_eq!(run.code, plain.code, "the exit code is the gates'");
    assert_eq!(
        run.stdout, plain.stdout,
        "the table still reaches the terminal"
    );
    assert_eq!(
        json(&out.read("r/out.sarif"))["runs"][0]["tool"]["driver"]["name"],
        "shipready"
    );
    assert!(out.read("summary.md").starts_with("## "));
    assert!(out.read("junit.xml").contains("<testsuites "));
    // Each file holds what -f FORMAT prints.
    let printed = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "markdown"])
        .any_code()
        .stdout();
    let written = out
        .read("summary.md")
        .replace(&format!("shipready {VERSION}"), "shipready [VERSION]");
    assert!(
        written == printed,
        "-o markdown=FILE differs from -f markdown"
    );

    // A plain -o FILE takes the --format report; stdout is then empty and
    // a line on stderr says the result and where the reports went.
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json", "-o"])
        .arg(out.join("r.json"))
        .arg("-o")
        .arg(format!("sarif={}", out.join("r.sarif").display()))
        .any_code()
        .run();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("shipready: NOT READY · level not-ready"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("r.json (json)"), "{}", run.stderr);
    assert_eq!(json(&out.read("r.json"))["schema_version"], 2);

    // --quiet: files only.
    let quiet = shipready()
        .repo(&repo)
        .args(["scan", ".", "-q"])
        .arg("-o")
        .arg(format!("sarif={}", out.join("q.sarif").display()))
        .any_code()
        .run();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    assert!(out.join("q.sarif").is_file());
}

#[test]
fn bad_outputs_are_usage_errors_before_the_scan() {
    let repo = Repo::fixture("demo-ready");
    // (arguments, exit code, what stderr must say)
    let table: &[(&[&str], i32, &str)] = &[
        (
            &["-o", "xml=out.xml"],
            2,
            "unknown format 'xml'; formats: table, json, html, sarif",
        ),
        (&["-o", "xml=out.xml"], 2, "markdown, junit"),
        (&["-o", "sarif="], 2, "no file after 'sarif='"),
        (
            &["-o", "a.json", "-o", "b.json"],
            2,
            "-o FILE is given 2 times",
        ),
        (
            &["-o", "sarif=x", "-o", "junit=x"],
            2,
            "x is named by two -o outputs",
        ),
        (&["-o", "sarif=Dockerfile/out.sarif"], 3, "Dockerfile"),
    ];
    for (args, code, msg) in table {
        let run = shipready()
            .repo(&repo)
            .args(["scan", "."])
            .args(*args)
            .expect_code(*code)
            .run();
        assert!(run.stderr.contains(msg), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn every_format_is_deterministic() {
    let repo = hostile();
    for format in ["sarif", "markdown", "junit"] {
        let a = render(&repo, format, &["-j", "1"]);
        let b = render(&repo, format, &["-j", "4"]);
        assert_eq!(a, b, "{format}");
    }
}

#[test]
fn an_empty_repository_renders_in_every_format() {
    let repo = Repo::empty();
    let doc = sarif(&repo, &[]);
    let run = &doc["runs"][0];
    for r in run["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][i]["id"], r["ruleId"]);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "README.md",
            "nothing to point at but the repository: {r:#}"
        );
    }
    let md = render(&repo, "markdown", &[]);
    assert!(md.starts_with("## "), "{md}");
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
    assert_balanced(&render(&repo, "junit", &[]));
}
