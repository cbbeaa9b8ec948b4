//! The layout's promises, checked on the source: renderers see the report
//! model alone, parsers know no checks, and the shared model depends on
//! nothing else in the crate.

use std::fs;
use std::path::Path;

/// Every `crate::<module>` a file names.
fn crate_modules(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        .map(|(i, _)| {
            text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn modules_depend_only_on_what_the_layout_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // (directory, modules its files may name besides themselves)
    let rules: &[(&str, &[&str])] = &[
        ("report", &["model", "report"]),
        ("model", &["model"]),
        ("formats", &["formats", "model"]),
    ];
    let mut wrong = Vec::new();
    for (dir, allowed) in rules {
        for file in rust_files(&src.join(dir)) {
            let text = fs::read_to_string(&file).unwrap();
            for m in crate_modules(&text) {
                if !allowed.contains(&m.as_str()) {
                    wrong.push(format!("{} names crate::{m}", file.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layout broken:\n{}", wrong.join("\n"));
}
