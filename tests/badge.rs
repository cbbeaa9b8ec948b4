//! `shipready badge` end to end: the SVG of each scenario repository as a
//! snapshot, the same badge from a scan and from its JSON report,
//! well-formed XML, and the errors a bad `--from` gets.

mod common;

use common::{shipready, Repo};

fn badge_of(fixture: &str) -> String {
    shipready()
        .repo(&Repo::fixture(fixture))
        .arg("badge")
        .run()
        .stdout
}

#[test]
fn scenario_badges() {
    for (fixture, snapshot, text) in [
        (
            "demo-ready",
            "demo_ready_badge",
            "readiness: not-ready 29.8 (NOT READY)",
        ),
        (
            "production-ready",
            "production_ready_badge",
            "readiness: hardened 99.8 (READY WITH WARNINGS)",
        ),
    ] {
        let svg = badge_of(fixture);
        assert!(svg.contains(&format!("<title>{text}</title>")), "{svg}");
        assert_well_formed(&svg);
        insta::assert_snapshot!(snapshot, svg);
    }
}

#[test]
fn from_a_json_report_gives_the_same_badge() {
    let repo = Repo::fixture("demo-ready");
    let out = Repo::empty();
    shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "json", "-o"])
        .arg(out.join("report.json"))
        .any_code()
        .run();
    let from_json = shipready()
        .repo(&repo)
        .args(["badge", "--from"])
        .arg(out.join("report.json"))
        .args(["-o"])
        .arg(out.join("badges/readiness.svg"))
        .run();
    assert!(from_json.stdout.is_empty());
    assert_eq!(out.read("badges/readiness.svg"), badge_of("demo-ready"));
}

#[test]
fn bad_input_is_a_usage_error_naming_the_file() {
    let dir = Repo::empty();
    dir.write("table.txt", "NOT READY · level not-ready");
    dir.write(
        "other.json",
        r#"{"schema_version": 2, "summary": {"verdict": "MAYBE", "level": "x", "score": 5}}"#,
    );
    for (args, code, want) in [
        (
            vec!["badge", "--from", "missing.json"],
            2,
            "missing.json: cannot read the report",
        ),
        (
            vec!["badge", "--from", "table.txt"],
            2,
            "table.txt: not a shipready JSON report (expected value at line 1 column 1)",
        ),
        (
            vec!["badge", "--from", "other.json"],
            2,
            "other.json: summary.verdict is 'MAYBE'",
        ),
        (
            vec!["badge", "--from", "other.json", "elsewhere"],
            2,
            "cannot be used with",
        ),
        (vec!["badge", "no-such-dir"], 3, "no-such-dir"),
    ] {
        let err = shipready()
            .cwd(dir.path())
            .args(&args)
            .expect_code(code)
            .stderr();
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

/// A minimal XML well-formedness check: every tag closes in order, every
/// attribute value is quoted, `&` starts an entity, and text holds no
/// `<`. (.ci/run parses the badge with Python's xml.etree as well.)
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg.trim_end();
    assert!(rest.starts_with("<svg "), "{svg}");
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt]);
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().expect("a tag name");
            check_attributes(&body[name.len()..]);
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[gt + 1..];
        if stack.is_empty() {
            assert!(rest.is_empty(), "content after the root: {rest}");
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

fn check_text(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
            "bad entity {entity} in {text}"
        );
    }
}

fn check_attributes(mut attrs: &str) {
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return;
        }
        let eq = attrs.find('=').expect("name=value");
        assert!(attrs[eq + 1..].starts_with('"'), "unquoted value: {attrs}");
        let end = attrs[eq + 2..].find('"').expect("value closes") + eq + 2;
        let value = &attrs[eq + 2..end];
        assert!(!value.contains('<'), "< in {value}");
        check_text(value);
        attrs = &attrs[end + 1..];
    }
}
