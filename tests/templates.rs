//! End-to-end tests of `shipready init --templates`: starter files for the
//! failing documentation and operations checks, written into copies of the
//! scenario repositories and into small git repositories made here, then
//! rescanned.
//!
//! What a starter must do (docs/templates.md): never replace a file; raise
//! the checks it answers when it is complete as written (Dependabot,
//! .dockerignore, CODEOWNERS from git authors); and earn nothing while its
//! TODO(shipready) lines stand (runbooks, SECURITY.md), so the score never
//! rewards placeholders.

mod common;
mod git_support;

use std::collections::BTreeSet;

use common::{check, json, shipready, Repo};
use git_support::{isolated, text};

fn scan(repo: &Repo) -> serde_json::Value {
    let run = shipready()
        .repo(repo)
        .args(["scan", ".", "-f", "json"])
        .any_code()
        .run();
    assert!(run.code <= 1, "scan exited {}: {}", run.code, run.stderr);
    json(&run.stdout)
}

fn templates(repo: &Repo) -> String {
    shipready()
        .repo(repo)
        .args(["init", "--templates", "."])
        .stdout()
}

/// The paths a run says it wrote.
fn written(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|l| l.split([' ', ':']).next().unwrap_or("").to_string())
        .collect()
}

fn status(report: &serde_json::Value, id: &str) -> String {
    check(report, id)["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn score(report: &serde_json::Value) -> f64 {
    report["summary"]["score"].as_f64().expect("summary.score")
}

/// Parses YAML text into JSON values, as a consumer of the file would.
fn yaml(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

fn ecosystems(dependabot: &serde_json::Value) -> BTreeSet<String> {
    dependabot["updates"]
        .as_array()
        .expect("updates is a list")
        .iter()
        .map(|u| u["package-ecosystem"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn demo_ready_gains_the_complete_starters_and_nothing_for_placeholders() {
    let repo = Repo::fixture("demo-ready");
    let before = scan(&repo);
    let readme = repo.read("README.md");

    let out = templates(&repo);
    insta::assert_snapshot!("demo_ready_templates", out);
    let want: BTreeSet<String> = [
        ".shipready.yaml",
        ".dockerignore",
        ".github/dependabot.yml",
        "CODEOWNERS",
        "SECURITY.md",
        "docs/adr/0000-template.md",
        "docs/runbooks/alerts.md",
        "docs/runbooks/backup-restore.md",
        "docs/runbooks/incident-response.md",
        "docs/runbooks/rollback.md",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(written(&out), want, "{out}");
    assert_eq!(repo.read("README.md"), readme, "README.md was overwritten");

    let dependabot = yaml(&repo.read(".github/dependabot.yml"));
    assert_eq!(dependabot["version"], 2);
    assert_eq!(
        ecosystems(&dependabot),
        ["docker", "pip"].map(String::from).into()
    );

    let after = scan(&repo);
    assert!(
        score(&after) >= score(&before),
        "score fell: {} -> {}",
        score(&before),
        score(&after)
    );
    // (check, status after): complete starters pass; placeholders stay as
    // they were, and say why.
    let cases = [
        ("deps.update-automation", "pass"),
        ("docker.dockerignore", "pass"),
        ("ops.runbooks", "fail"),
        ("security.policy", "fail"),
        ("docs.adr", "fail"),
        // Not a git repository: a commented example with no rule.
        ("ops.ownership", "fail"),
    ];
    for (id, want) in cases {
        assert_eq!(status(&before, id), "fail", "{id} before");
        assert_eq!(
            status(&after, id),
            want,
            "{id} after: {}",
            check(&after, id)
        );
    }
    for id in [
        "ops.incident-response",
        "recovery.rollback",
        "recovery.backups",
    ] {
        assert_eq!(
            check(&after, id)["score"],
            check(&before, id)["score"],
            "{id}: an unfilled runbook changed the score"
        );
    }
    let evidence = check(&after, "ops.runbooks")["evidence"].to_string();
    assert!(evidence.contains("a starter template"), "{evidence}");
    assert!(
        check(&after, "security.policy")["summary"]
            .as_str()
            .unwrap_or("")
            .contains("unfilled starter template"),
        "{}",
        check(&after, "security.policy")
    );
}

#[test]
fn filling_in_a_runbook_counts_its_sections() {
    let repo = Repo::fixture("demo-ready");
    templates(&repo);
    let before = check(&scan(&repo), "recovery.rollback")["status"].clone();
    // What a person does: write the sections, delete the guidance.
    let rollback = repo.read("docs/runbooks/rollback.md");
    let done: String = rollback
        .lines()
        .filter(|l| !l.starts_with('>'))
        .map(|l| l.replace("TODO(shipready): ", "Our practice: "))
        .collect::<Vec<_>>()
        .join("\n");
    repo.write("docs/runbooks/rollback.md", done);
    let after = scan(&repo);
    assert_eq!(before, "partial");
    assert_eq!(status(&after, "recovery.rollback"), "pass");
    assert!(
        !check(&after, "ops.runbooks")["evidence"]
            .to_string()
            .contains("rollback: not covered"),
        "{}",
        check(&after, "ops.runbooks")
    );
}

#[test]
fn never_overwrites_even_with_force() {
    let repo = Repo::fixture("demo-ready");
    repo.write("SECURITY.md", "# Security\n\nWe care.\n");
    repo.write(
        "docs/runbooks/rollback.md",
        "# Rollback\n\nhelm rollback api\n",
    );
    repo.write(".shipready.yaml", "profile: service\n");
    let out = shipready()
        .repo(&repo)
        .args(["init", "--templates", "--force", "."])
        .stdout();
    assert_eq!(repo.read("SECURITY.md"), "# Security\n\nWe care.\n");
    assert_eq!(
        repo.read("docs/runbooks/rollback.md"),
        "# Rollback\n\nhelm rollback api\n"
    );
    // --force is about .shipready.yaml, and only that.
    assert_ne!(repo.read(".shipready.yaml"), "profile: service\n");
    assert!(
        out.contains("skipped security.policy: a policy exists"),
        "{out}"
    );
    assert!(
        !written(&out).contains("docs/runbooks/rollback.md"),
        "{out}"
    );

    // A second run writes nothing and changes nothing.
    let digest = repo.digest();
    let again = templates(&repo);
    assert_eq!(written(&again), BTreeSet::new(), "{again}");
    assert!(again.contains("skipped .shipready.yaml: exists"), "{again}");
    assert!(
        again.contains("skipped docs/runbooks/incident-response.md (ops.runbooks, ops.incident-response): exists; not overwriting it"),
        "{again}"
    );
    assert_eq!(repo.digest(), digest);
}

#[test]
fn every_scenario_rescans_no_lower() {
    for name in ["demo-ready", "production-ready", "hostile"] {
        let repo = Repo::fixture(name);
        let before = scan(&repo);
        templates(&repo);
        let after = scan(&repo);
        assert!(
            score(&after) >= score(&before),
            "{name}: score fell {} -> {}",
            score(&before),
            score(&after)
        );
    }
}

/// A git repository with commits by distinct authors.
struct GitRepo {
    repo: Repo,
}

impl GitRepo {
    fn new() -> GitRepo {
        let g = GitRepo {
            repo: Repo::empty(),
        };
        g.git(&["init", "-q", "-b", "main"]);
        g.git(&["config", "commit.gpgsign", "false"]);
        g.git(&["config", "core.autocrlf", "false"]);
        g
    }

    fn git(&self, args: &[&str]) {
        let o = isolated("git")
            .current_dir(self.repo.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", text(&o));
    }

    /// Writes `files` and commits them as `email`.
    fn commit(&self, email: &str, files: &[(&str, &str)]) {
        for (p, c) in files {
            self.repo.write(p, c);
        }
        self.git(&["add", "-A"]);
        self.git(&[
            "-c",
            &format!("user.email={email}"),
            "-c",
            "user.name=Someone",
            "commit",
            "-q",
            "-m",
            "change",
        ]);
    }
}

#[test]
fn codeowners_and_dependabot_from_a_git_repository() {
    let g = GitRepo::new();
    let wf = "name: ci\non: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: cargo test\n";
    g.commit(
        "alice@acme.test",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"api\"\nversion = \"0.1.0\"\n",
            ),
            ("Cargo.lock", "version = 4\n"),
            ("src/main.rs", "fn main() {}\n"),
            ("crates/util/Cargo.toml", "[package]\nname = \"util\"\n"),
            ("crates/util/src/lib.rs", "\n"),
            (".github/workflows/ci.yml", wf),
            ("README.md", "# api\n"),
        ],
    );
    for i in 0..4 {
        g.commit(
            "alice@acme.test",
            &[("src/main.rs", &format!("fn main() {{ let _ = {i}; }}\n"))],
        );
    }
    g.commit(
        "4242+bob@users.noreply.github.com",
        &[
            ("web/package.json", "{\"name\": \"web\"}\n"),
            ("web/Dockerfile", "FROM node:22\nCOPY . .\n"),
        ],
    );
    g.commit("carol@acme.test", &[("web/index.js", "console.log(1)\n")]);
    g.commit(
        "49699333+dependabot[bot]@users.noreply.github.com",
        &[("web/index.js", "console.log(2)\n")],
    );
    let repo = &g.repo;
    let before = scan(repo);
    let out = templates(repo);
    let files = written(&out);
    for f in [
        ".github/CODEOWNERS",
        ".github/dependabot.yml",
        "web/.dockerignore",
    ] {
        assert!(files.contains(f), "{f} not written:\n{out}");
    }

    let codeowners = repo.read(".github/CODEOWNERS");
    let rules: Vec<&str> = codeowners
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    // alice has 5 commits, bob and carol 1 each (under a quarter of 5): the
    // catch-all is alice's; web/ is bob's and carol's; the bot owns nothing.
    assert_eq!(
        rules,
        [
            "* alice@acme.test",
            "/.github/ alice@acme.test",
            "/crates/ alice@acme.test",
            "/src/ alice@acme.test",
            "/web/ @bob carol@acme.test",
        ],
        "{codeowners}"
    );

    let dependabot = yaml(&repo.read(".github/dependabot.yml"));
    assert_eq!(
        ecosystems(&dependabot),
        ["cargo", "docker", "github-actions", "npm"]
            .map(String::from)
            .into()
    );
    let dirs = |eco: &str| -> Vec<String> {
        let u = dependabot["updates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["package-ecosystem"] == eco)
            .unwrap()
            .clone();
        match u.get("directory") {
            Some(d) => vec![d.as_str().unwrap().to_string()],
            None => serde_json::from_value(u["directories"].clone()).unwrap(),
        }
    };
    // The workspace root updates its member crate.
    assert_eq!(dirs("cargo"), ["/"]);
    assert_eq!(dirs("npm"), ["/web"]);
    assert_eq!(dirs("docker"), ["/web"]);

    let after = scan(repo);
    for id in [
        "ops.ownership",
        "deps.update-automation",
        "docker.dockerignore",
    ] {
        assert_eq!(status(&before, id), "fail", "{id} before");
        assert_eq!(
            status(&after, id),
            "pass",
            "{id} after: {}",
            check(&after, id)
        );
    }
    assert!(score(&after) > score(&before));
}

#[test]
fn renovate_when_the_repository_runs_it() {
    let repo = Repo::empty();
    repo.write("package.json", "{\"name\": \"x\"}\n")
        .write("package-lock.json", "{}\n")
        .write(".github/workflows/renovate.yml", "on: schedule\njobs: {}\n");
    let out = templates(&repo);
    assert!(written(&out).contains("renovate.json"), "{out}");
    assert!(!repo.join(".github/dependabot.yml").exists());
    let r = json(&repo.read("renovate.json"));
    assert_eq!(r["extends"][0], "config:recommended");
    assert_eq!(status(&scan(&repo), "deps.update-automation"), "pass");
}

#[test]
fn a_path_that_is_not_a_directory_is_a_usage_error() {
    let repo = Repo::empty();
    repo.write("file.txt", "x");
    let run = shipready()
        .repo(&repo)
        .args(["init", "--templates", "file.txt"])
        .expect_code(2)
        .run();
    assert!(
        run.stderr.contains("file.txt: not a directory"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_tree_is_skipped_not_followed() {
    let repo = Repo::fixture("demo-ready");
    let outside = Repo::empty();
    std::os::unix::fs::symlink(outside.path(), repo.join("docs")).unwrap();
    let out = templates(&repo);
    assert!(
        out.contains("skipped docs/runbooks/rollback.md (ops.runbooks, recovery.rollback): ")
            && out.contains("leads outside the repository"),
        "{out}"
    );
    // The others are written all the same.
    assert!(written(&out).contains("SECURITY.md"), "{out}");
    assert_eq!(outside.digest(), "", "wrote through the symlink");
}
