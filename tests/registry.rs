//! Invariants over the built-in checks, so a forgotten step when adding a
//! check (STYLE.md 2.10) fails here with a pointed message rather than in a
//! user's report: ids, docs fields, file names, the embedded checklist and
//! the generated catalog.

use std::collections::BTreeSet;
use std::path::Path;

use shipready::checklist::Checklist;
use shipready::checks::{self, CheckId, Registry};

const CATALOG: &str = "docs/checks.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn builtin_ids_are_unique_lowercase_area_slug() {
    let mut seen = BTreeSet::new();
    for c in checks::builtin() {
        let id = c.meta().id.as_str().to_string();
        assert!(
            CheckId::parse(&id).is_ok(),
            "check id '{id}' must be lowercase 'area.slug' (letters, digits, '-')"
        );
        assert_eq!(id, id.to_lowercase(), "check id '{id}' must be lowercase");
        // Registry::builtin() drops a duplicate silently; catch it here.
        assert!(
            seen.insert(id.clone()),
            "check id '{id}' is registered twice"
        );
    }
    assert!(!seen.is_empty(), "no built-in checks registered");
}

#[test]
fn every_check_is_documented() {
    for c in Registry::builtin().iter() {
        let m = c.meta();
        let id = m.id.as_str();
        for (field, value) in [
            ("title", &m.title),
            ("summary", &m.summary),
            ("rationale", &m.rationale),
            ("remediation", &m.remediation),
            ("passes_when", &m.passes_when),
            ("applies_when", &m.applies_when),
        ] {
            assert!(
                !value.trim().is_empty(),
                "{id}: `{field}` is empty; `shipready explain {id}` and docs/checks.md render it"
            );
        }
        let cols = m.summary.chars().count();
        assert!(
            cols <= 80,
            "{id}: summary is {cols} columns, keep it under 80: {:?}",
            m.summary
        );
        assert!(
            !m.summary.contains('\n') && !m.title.contains('\n'),
            "{id}: title and summary are one line each"
        );
        for (name, doc) in m.params.iter() {
            assert!(
                !name.trim().is_empty() && !doc.trim().is_empty(),
                "{id}: parameter {name:?} needs a name and a description"
            );
        }
        for r in m.references.iter() {
            assert!(
                r.starts_with("https://"),
                "{id}: reference {r:?} should be an https URL"
            );
        }
    }
}

#[test]
fn embedded_checklist_names_only_registered_checks() {
    let list = Checklist::default_embedded().expect("the embedded checklist parses");
    let registry = Registry::builtin();
    for id in list.checks.keys() {
        assert!(
            registry.get(id).is_some(),
            "checks/production-readiness.yaml lists '{id}', which no check registers{}",
            registry
                .suggest(id)
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default()
        );
    }
}

/// Every `src/checks/<area>/<slug>.rs` that declares a check is registered
/// as `<area>.<slug with '_' -> '-'>`, and every built-in lives in the file
/// its id names. Files in an area without a `CheckMeta` are helpers.
#[test]
fn check_files_and_ids_match() {
    let dir = root().join("src/checks");
    let registry = Registry::builtin();
    let mut from_files = BTreeSet::new();
    let mut areas = std::fs::read_dir(&dir)
        .expect("read src/checks")
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect::<Vec<_>>();
    areas.sort_by_key(|e| e.file_name());
    for area in areas {
        let area_name = area.file_name().to_string_lossy().into_owned();
        if area_name == "declarative" {
            continue; // YAML-defined checks, no file per check
        }
        let mut files = std::fs::read_dir(area.path())
            .expect("read area directory")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect::<Vec<_>>();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            if matches!(stem.as_str(), "mod" | "context" | "test_support") {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("read check file");
            if !text.contains("CheckMeta {") {
                continue; // a helper module of the area
            }
            let id = format!("{area_name}.{}", stem.replace('_', "-"));
            let rel = file.strip_prefix(root()).unwrap().display().to_string();
            assert!(
                registry.get(&id).is_some(),
                "{rel} declares a check but '{id}' is not registered: add it to \
                 src/checks/{area_name}/mod.rs all(), or name the file after its id"
            );
            assert!(
                text.contains(&format!("\"{id}\"")),
                "{rel} must declare the id '{id}' its file name implies"
            );
            from_files.insert(id);
        }
    }
    for c in checks::builtin() {
        let id = c.meta().id.as_str();
        if checks::declarative::is_shipped(id) {
            continue; // defined in checks/dependencies.yaml
        }
        assert!(
            from_files.contains(id),
            "built-in '{id}' has no file src/checks/{}/{}.rs",
            c.meta().id.area(),
            id.split_once('.').unwrap().1.replace('-', "_")
        );
    }
}

#[test]
fn committed_catalog_is_fresh() {
    let settings = shipready::app::settings_for(
        Path::new("."),
        &shipready::cli::InputArgs {
            no_config: true,
            ..Default::default()
        },
        &shipready::cli::ScoringArgs::default(),
    )
    .unwrap_or_else(|e| panic!("default settings: {}", e.message));
    let want = shipready::docs::catalog(&settings);
    let have = std::fs::read_to_string(root().join(CATALOG)).unwrap_or_default();
    assert!(
        have == want,
        "{CATALOG} is stale; run `cargo run -- checks docs -o {CATALOG}` and commit it"
    );
}

/// Every check id that the README, the docs or the `init` template name is
/// a real check: uncommenting an example must not be a usage error.
#[test]
fn every_check_id_in_docs_and_templates_exists() {
    use regex::Regex;
    let registry = shipready::checks::Registry::builtin();
    // The catalog's areas (../shared/CHECKS.md) and any the registry adds.
    let mut areas: std::collections::BTreeSet<String> = registry
        .ids()
        .map(|id| id.split_once('.').unwrap().0.to_string())
        .collect();
    for a in [
        "secrets",
        "deps",
        "ci",
        "security",
        "reliability",
        "k8s",
        "docker",
        "observability",
        "tests",
        "deploy",
        "migrations",
        "recovery",
        "performance",
        "docs",
        "ops",
    ] {
        areas.insert(a.to_string());
    }
    // An id where a reader would copy one: in backticks, after `check:`,
    // or as a YAML key.
    let id = Regex::new(
        r"(?m)(?:`|check:\s*|^\s+)([a-z][a-z0-9]*\.[a-z][a-z0-9-]*[a-z0-9])(?:`|:|\s*$)",
    )
    .unwrap();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add =
        |p: &Path| texts.push((p.display().to_string(), std::fs::read_to_string(p).unwrap()));
    add(&root().join("README.md"));
    for e in std::fs::read_dir(root().join("docs")).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "md") && !p.ends_with(CATALOG) {
            add(&p);
        }
    }
    // What `init` writes for an empty repository, where every check fails
    // and so every id it can name appears.
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_shipready"))
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    let written =
        std::fs::read_to_string(dir.path().join(".shipready.yaml")).unwrap_or_else(|_| {
            panic!(
                "init wrote nothing: {}",
                String::from_utf8_lossy(&ok.stderr)
            )
        });
    texts.push(("init template".into(), written));
    let mut unknown = Vec::new();
    for (name, text) in &texts {
        for c in id.captures_iter(text) {
            let found = &c[1];
            let area = found.split_once('.').unwrap().0;
            if areas.contains(area) && registry.get(found).is_none() {
                unknown.push(format!("{name}: {found}"));
            }
        }
    }
    unknown.sort();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "unknown check ids:\n{}",
        unknown.join("\n")
    );
}
