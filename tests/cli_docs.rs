//! `shipready completions SHELL` and `shipready man`: generated from the
//! clap definition, so they list every subcommand `--help` does.

mod common;

use common::{shipready, Repo};

/// Subcommands every completion script and the manual must name.
const SUBCOMMANDS: &[&str] = &[
    "scan",
    "hook",
    "baseline",
    "explain",
    "checks",
    "init",
    "config",
    "attest",
    "completions",
    "man",
];

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    // (shell, a line only that shell's script has)
    let cases = [
        ("bash", "complete -F"),
        ("zsh", "#compdef shipready"),
        ("fish", "complete -c shipready"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[shipready]"),
    ];
    for (shell, marker) in cases {
        let out = shipready().args(["completions", shell]).stdout();
        assert!(out.contains(marker), "{shell}: no {marker:?} in\n{out}");
        for sub in SUBCOMMANDS {
            assert!(out.contains(sub), "{shell}: {sub} missing");
        }
        // Flags of the default scan are completed too.
        assert!(out.contains("fail-under"), "{shell}: --fail-under missing");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = shipready()
        .args(["completions", "tcsh"])
        .expect_code(2)
        .run();
    assert!(run.stderr.contains("tcsh"), "{}", run.stderr);
}

#[test]
fn the_manual_page_is_roff_naming_the_subcommands() {
    let page = shipready().arg("man").stdout();
    assert!(page.starts_with(".ie") || page.contains("\n.TH "), "{page}");
    assert!(page.contains(".TH shipready 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("shipready\\-{sub}")),
            "{sub} missing"
        );
    }
}

#[test]
fn man_into_a_directory_writes_one_page_per_subcommand() {
    let dir = Repo::empty();
    let run = shipready().args(["man", "-o"]).arg(dir.join("man1")).run();
    let mut names: Vec<String> = std::fs::read_dir(dir.join("man1"))
        .expect("man1 exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in [
        "shipready.1",
        "shipready-scan.1",
        "shipready-checks-list.1",
        "shipready-man.1",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    assert_eq!(
        run.stderr.trim(),
        format!(
            "wrote {} manual pages to {}",
            names.len(),
            dir.join("man1").display()
        )
    );
    for n in &names {
        let page = std::fs::read_to_string(dir.join("man1").join(n)).unwrap();
        assert!(page.contains(".TH "), "{n} has no .TH");
    }
    let scan = std::fs::read_to_string(dir.join("man1/shipready-scan.1")).unwrap();
    assert!(scan.contains("fail\\-under"), "{scan}");
}
