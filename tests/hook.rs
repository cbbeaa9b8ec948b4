//! `shipready hook` and `scan --staged` against real temporary git
//! repositories: what is staged is what is scanned, whatever the working
//! tree says; renames, odd paths, unborn branches, binaries, deletions,
//! symlinks, gitlinks and file-name arguments; and the real pre-commit
//! framework refusing a commit end to end.
//!
//! Blocking is proven with a declarative `content` check (severity high)
//! from the temporary repository's own `.shipready.yaml`, so these tests do
//! not depend on which built-in secret rules exist.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

mod git_support;

use git_support::{isolated, text};

const BIN: &str = env!("CARGO_BIN_EXE_shipready");

/// A per-file content check that blocks on `PASSWORD=<something>`, a
/// per-file forbidden file, and two repository-level checks that must not
/// run in the hook (they would fail on a handful of staged files). The
/// built-in secret checks are off so the counts below are the custom
/// checks' alone; `the_real_secrets_check_blocks_a_staged_key` covers them.
const CONFIG: &str = r#"checks:
  secrets.no-env-files:
    disable: true
  secrets.no-committed-secrets:
    disable: true
custom_checks:
  - id: team.no-password
    title: No hard-coded passwords
    category: security
    severity: high
    kind: content
    files: ['*.env', '*.txt', '*.py', '*.bin', '*.cfg']
    must_not_match: 'PASSWORD=\S+'
  - id: team.no-keyfile
    title: No private key files
    category: security
    severity: critical
    kind: file_absent
    files: ['*.key']
  - id: team.makefile
    title: A Makefile drives the build
    category: deployment
    severity: high
    kind: file_exists
    any: [Makefile]
"#;

struct Repo {
    dir: TempDir,
}

impl Repo {
    /// `git init` with a local identity and the blocking config written
    /// (not staged: the config is read from the work tree).
    fn new() -> Repo {
        let repo = Repo::bare_init();
        repo.write(".shipready.yaml", CONFIG);
        repo
    }

    fn bare_init() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Hook Test"]);
        repo.git(&["config", "user.email", "hook@test.invalid"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo.git(&["config", "core.autocrlf", "false"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let o = isolated("git")
            .current_dir(self.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", text(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(p, content).unwrap();
    }

    fn stage(&self, rel: &str, content: impl AsRef<[u8]>) {
        self.write(rel, content);
        self.git(&["add", "--", rel]);
    }

    fn commit(&self, msg: &str) {
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.path(), args)
    }

    fn run_in(&self, dir: &Path, args: &[&str]) -> Output {
        isolated(BIN)
            .current_dir(dir)
            .args(args)
            .output()
            .expect("shipready runs")
    }

    /// Runs `shipready hook ARGS`, asserting the exit code; returns stdout.
    #[track_caller]
    fn hook(&self, args: &[&str], code: i32) -> String {
        let mut all = vec!["hook"];
        all.extend_from_slice(args);
        let o = self.run(&all);
        assert_eq!(o.status.code(), Some(code), "hook {args:?}: {}", text(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// The hook's JSON report.
    #[track_caller]
    fn hook_json(&self, args: &[&str], code: i32) -> serde_json::Value {
        let mut all = vec!["-f", "json"];
        all.extend_from_slice(args);
        let out = self.hook(&all, code);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

/// Check ids in a JSON report.
fn check_ids(report: &serde_json::Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// "path:line" of every finding in a JSON report.
fn locations(report: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for c in report["checks"].as_array().unwrap() {
        for f in c["findings"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap_or("");
            match f["line"].as_u64() {
                Some(l) => out.push(format!("{path}:{l}")),
                None => out.push(path.to_string()),
            }
        }
    }
    out.sort();
    out
}

#[test]
fn staged_clean_with_a_dirty_working_tree_passes() {
    let repo = Repo::new();
    repo.stage("app.env", "APP_NAME=demo\n");
    // Edited after staging: not what the commit would record.
    repo.write("app.env", "APP_NAME=demo\nPASSWORD=hunter2\n");
    let out = repo.hook(&[], 0);
    assert!(out.contains("1 staged file scanned"), "{out}");
    assert!(out.contains("no blocking findings"), "{out}");
}

#[test]
fn staged_secret_with_a_clean_working_tree_blocks() {
    let repo = Repo::new();
    repo.stage("app.env", "APP_NAME=demo\nPASSWORD=hunter2\n");
    repo.write("app.env", "APP_NAME=demo\n");
    let out = repo.hook(&[], 1);
    assert!(out.contains("app.env:2"), "{out}");
    assert!(out.contains("team.no-password"), "{out}");
    // Tells the user how out of it.
    assert!(
        out.contains("shipready: ignore[team.no-password/must-not-match]"),
        "{out}"
    );
    // ...but never suggests baselining what the staged change introduces.
    assert!(!out.contains("baseline"), "{out}");
}

#[test]
fn the_real_secrets_check_blocks_a_staged_key() {
    // No config: the embedded checklist, as a new user gets it. A synthetic
    // key in Stripe's live shape, never issued.
    let repo = Repo::bare_init();
    repo.stage(
        "src/billing.py",
        // shipready: ignore[secrets.no-committed-secrets/stripe-secret-key] synthetic value for a test, never issued
        "import os\nKEY = \"sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h\"\n",
    );
    let out = repo.hook(&[], 1);
    assert!(out.contains("secrets.no-committed-secrets"), "{out}");
    assert!(out.contains("src/billing.py:2"), "{out}");
    assert!(out.contains("stripe-secret-key"), "{out}");
    assert!(
        !out.contains("Zq8mR2vT9xLp4WcN7bY1dF6h"),
        "the secret leaked: {out}"
    );

    // The same file with the key read from the environment commits.
    repo.stage(
        "src/billing.py",
        "import os\nKEY = os.environ[\"STRIPE_KEY\"]\n",
    );
    repo.hook(&[], 0);
}

#[test]
fn only_per_file_checks_run_in_the_hook() {
    let repo = Repo::new();
    repo.stage("notes.txt", "hello\n");
    let report = repo.hook_json(&[], 0);
    assert_eq!(report["mode"], "staged");
    let ids = check_ids(&report);
    assert!(ids.contains(&"team.no-password".to_string()), "{ids:?}");
    assert!(ids.contains(&"team.no-keyfile".to_string()), "{ids:?}");
    for repo_level in ["team.makefile", "docs.license", "security.policy"] {
        assert!(
            !ids.contains(&repo_level.to_string()),
            "{repo_level} ran: {ids:?}"
        );
    }
    // A forbidden file name blocks through the per-file `file_absent` kind.
    repo.stage("deploy/server.key", "not really a key\n");
    let out = repo.hook(&[], 1);
    assert!(out.contains("deploy/server.key"), "{out}");
}

#[test]
fn renames_are_scanned_under_the_new_path_and_deletions_skipped() {
    let repo = Repo::new();
    repo.stage("old.env", "PASSWORD=committed-before-the-hook\n");
    repo.stage("gone.cfg", "PASSWORD=also-old\n");
    repo.commit("before the hook");
    std::fs::create_dir(repo.path().join("config")).unwrap();
    repo.git(&["mv", "old.env", "config/renamed.env"]);
    repo.git(&["rm", "-q", "gone.cfg"]);
    let report = repo.hook_json(&[], 1);
    assert_eq!(locations(&report), ["config/renamed.env:1"]);
    assert_eq!(
        report["stats"]["files_listed"], 1,
        "the deletion is not listed"
    );

    // Deleting a file that holds a secret is what we want people to do.
    let repo = Repo::new();
    repo.stage("leak.env", "PASSWORD=oops\n");
    repo.commit("leak");
    repo.git(&["rm", "-q", "leak.env"]);
    let out = repo.hook(&[], 0);
    assert!(out.contains("no staged files to scan"), "{out}");
}

#[test]
fn paths_with_spaces_and_non_ascii_are_reported_verbatim() {
    let repo = Repo::new();
    repo.stage("dir with space/ünïcødé fïle.env", "PASSWORD=swordfish\n");
    repo.stage("plain.txt", "nothing here\n");
    let out = repo.hook(&[], 1);
    assert!(out.contains("dir with space/ünïcødé fïle.env:1"), "{out}");
    // core.quotePath would escape these in porcelain output; -z does not.
    repo.git(&["config", "core.quotePath", "true"]);
    let report = repo.hook_json(&[], 1);
    assert_eq!(locations(&report), ["dir with space/ünïcødé fïle.env:1"]);
    // And as a file argument.
    let out = repo.hook(&["dir with space/ünïcødé fïle.env"], 1);
    assert!(out.contains("1 staged file scanned"), "{out}");
}

#[test]
fn a_repository_with_no_commits_yet() {
    let repo = Repo::new();
    repo.stage("first.txt", "hello\n");
    repo.hook(&[], 0);
    repo.stage("second.env", "PASSWORD=first-commit\n");
    let report = repo.hook_json(&[], 1);
    assert_eq!(locations(&report), ["second.env:1"]);
    assert_eq!(report["stats"]["files_listed"], 2);
    // Unstaged work in a repo without commits is not scanned either.
    repo.write("untracked.env", "PASSWORD=not-staged\n");
    assert_eq!(locations(&repo.hook_json(&[], 1)), ["second.env:1"]);
}

#[test]
fn binary_files_symlinks_and_gitlinks_are_skipped_and_counted() {
    let repo = Repo::new();
    repo.stage(
        "blob.bin",
        b"\x00\x01PASSWORD=in-a-binary\x00\xff".as_slice(),
    );
    repo.stage("real.txt", "nothing\n");
    let blocked = "PASSWORD=behind-a-link\n";
    repo.write("target.txt", blocked);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("target.txt", repo.path().join("link.txt")).unwrap();
        repo.git(&["add", "link.txt"]);
    }
    // A gitlink (submodule entry) without a checkout: another repository.
    let head_like = "0123456789abcdef0123456789abcdef01234567";
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head_like},vendor/sub"),
    ]);
    let report = repo.hook_json(&[], 0);
    let stats = &report["stats"];
    assert_eq!(stats["skipped"]["binary"], 1, "{stats}");
    #[cfg(unix)]
    assert_eq!(stats["skipped"]["symlink"], 1, "{stats}");
    // The gitlink is neither listed nor looked up in the object store.
    assert_eq!(stats["files_listed"], 2, "{stats}");
    assert!(stats["skipped"].get("unreadable").is_none(), "{stats}");
    // target.txt is not staged; the link's blob is a path, not content.
    assert!(locations(&report).is_empty(), "{report}");
}

#[test]
fn file_arguments_limit_the_scan() {
    let repo = Repo::new();
    repo.stage("ok.txt", "fine\n");
    repo.stage("src/bad.env", "PASSWORD=here\n");
    repo.commit("both");
    // Named files are read at their index version, changed or not: this is
    // how `pre-commit run --all-files` calls a hook.
    assert!(repo.hook(&["ok.txt"], 0).contains("1 staged file scanned"));
    repo.hook(&["src/bad.env"], 1);
    repo.hook(&["src"], 1);
    repo.hook(&["ok.txt", "not-in-the-index.txt"], 0);
    // Relative to where the hook runs, like a shell passes them.
    let o = repo.run_in(&repo.path().join("src"), &["hook", "bad.env"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("src/bad.env:1"));
    // Without arguments only staged changes count: nothing is staged now.
    assert!(repo.hook(&[], 0).contains("no staged files to scan"));
    // Past the pathspec limit the index is listed once and filtered.
    let many: Vec<String> = (0..300).map(|i| format!("many/f{i}.txt")).collect();
    for m in &many {
        repo.write(m, "fine\n");
    }
    repo.git(&["add", "many"]);
    let mut args: Vec<&str> = many.iter().map(String::as_str).collect();
    args.push("src/bad.env");
    let out = repo.hook(&args, 1);
    assert!(out.contains("301 staged files scanned"), "{out}");
    let o = repo.run(&["hook", "../outside.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("outside the repository"));
}

#[test]
fn inline_suppressions_and_config_are_honoured() {
    let repo = Repo::new();
    repo.stage(
        "fixture.env",
        "# shipready: ignore[team.no-password] test fixture, not a real password\nPASSWORD=fixture\n",
    );
    let out = repo.hook(&[], 0);
    assert!(out.contains("1 suppressed"), "{out}");
    let out = repo.hook(&["-v"], 0);
    assert!(out.contains("test fixture, not a real password"), "{out}");
    // --no-config drops the custom checks and the config that turned the
    // built-in env-file check off: that one now blocks the committed .env.
    repo.stage("leak.env", "PASSWORD=x1\n");
    let out = repo.hook(&["--no-config"], 1);
    assert!(out.contains("secrets.no-env-files"), "{out}");
    assert!(!out.contains("team.no-password"), "{out}");
}

#[test]
fn scan_staged_takes_a_repository_path_and_limits_to_a_subdirectory() {
    let repo = Repo::new();
    repo.stage("api/leak.env", "PASSWORD=api\n");
    repo.stage("web/clean.txt", "ok\n");
    let elsewhere = tempfile::tempdir().unwrap();
    let repo_path = repo.path().to_str().unwrap().to_string();
    let o = repo.run_in(elsewhere.path(), &["scan", "--staged", &repo_path]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("api/leak.env:1"));
    let web = repo.path().join("web");
    let o = repo.run_in(
        elsewhere.path(),
        &["scan", "--staged", web.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 staged file scanned"));
}

#[test]
fn errors_say_what_is_wrong_with_their_exit_codes() {
    let not_a_repo = tempfile::tempdir().unwrap();
    let o = isolated(BIN)
        .current_dir(not_a_repo.path())
        .arg("hook")
        .env(
            "GIT_CEILING_DIRECTORIES",
            not_a_repo.path().parent().unwrap(),
        )
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not inside a git work tree"));

    let repo = Repo::new();
    let o = isolated(BIN)
        .current_dir(repo.path())
        .arg("hook")
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot run `git`"));
}

#[test]
fn plain_git_hook_sees_the_index_git_commit_a_builds() {
    let repo = Repo::new();
    repo.stage("app.env", "APP=1\n");
    repo.commit("init");
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook, format!("#!/bin/sh\nexec '{BIN}' hook\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let head = repo.git(&["rev-parse", "HEAD"]);
    // Not staged: `commit -a` stages it into a temporary index that only
    // GIT_INDEX_FILE points at.
    repo.write("app.env", "APP=1\nPASSWORD=via-commit-a\n");
    let o = isolated("git")
        .current_dir(repo.path())
        .args(["commit", "-q", "-a", "-m", "should be refused"])
        .output()
        .unwrap();
    assert!(!o.status.success(), "commit went through: {}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("app.env:2")
            || String::from_utf8_lossy(&o.stderr).contains("app.env:2"),
        "{}",
        text(&o)
    );
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);
    repo.write("app.env", "APP=2\n");
    repo.git(&["commit", "-q", "-a", "-m", "clean"]);
    assert_ne!(repo.git(&["rev-parse", "HEAD"]), head);
}

/// Whether the pre-commit framework can run here. In CI a missing
/// pre-commit fails the test (`.ci/run` installs it); locally it is a loud
/// skip.
fn pre_commit_available(test: &str) -> bool {
    let ok = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let in_ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
        if in_ci {
            panic!("{test}: `pre-commit` is not on PATH but CI is set; install it with `python3 -m pip install pre-commit`");
        }
        // Straight to the stderr handle: the test harness captures
        // `eprintln!`, and this note must be seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {test}: `pre-commit` is not on PATH. Install it with `python3 -m pip install pre-commit` to run this end-to-end test. ***\n"
        );
    }
    ok
}

#[test]
fn shipped_pre_commit_manifest_is_valid() {
    if !pre_commit_available("shipped_pre_commit_manifest_is_valid") {
        return;
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let o = Command::new("pre-commit")
        .arg("validate-manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let body = std::fs::read_to_string(&manifest).unwrap();
    for needed in [
        "id: shipready\n",
        "id: shipready-system",
        "language: rust",
        "language: system",
        "entry: shipready hook",
    ] {
        assert!(body.contains(needed), "manifest lacks {needed:?}");
    }
}

#[test]
fn pre_commit_framework_refuses_a_blocked_commit_and_accepts_a_clean_one() {
    if !pre_commit_available(
        "pre_commit_framework_refuses_a_blocked_commit_and_accepts_a_clean_one",
    ) {
        return;
    }
    let repo = Repo::new();
    let cache = tempfile::tempdir().unwrap();
    let entry = if BIN.contains(' ') {
        format!("'{BIN}' hook")
    } else {
        format!("{BIN} hook")
    };
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: shipready\n        name: shipready\n        entry: {entry}\n        language: system\n        pass_filenames: true\n"
        ),
    );
    repo.git(&["add", ".pre-commit-config.yaml", ".shipready.yaml"]);
    repo.commit("tooling");
    let pre_commit = |args: &[&str]| {
        isolated("pre-commit")
            .current_dir(repo.path())
            .env("PRE_COMMIT_HOME", cache.path())
            .args(args)
            .output()
            .unwrap()
    };
    let o = pre_commit(&["install"]);
    assert!(o.status.success(), "{}", text(&o));
    let commit = |msg: &str| {
        isolated("git")
            .current_dir(repo.path())
            .env("PRE_COMMIT_HOME", cache.path())
            .args(["commit", "-m", msg])
            .output()
            .unwrap()
    };
    let head = repo.git(&["rev-parse", "HEAD"]);
    let log = repo.git(&["log", "--oneline"]);

    repo.stage("settings.env", "PASSWORD=hunter2\n");
    let o = commit("add settings");
    assert!(!o.status.success(), "the commit went through: {}", text(&o));
    let shown = text(&o);
    assert!(shown.contains("settings.env:1"), "{shown}");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(repo.git(&["log", "--oneline"]), log);

    repo.git(&["rm", "-q", "--cached", "settings.env"]);
    repo.stage("README.txt", "nothing secret\n");
    let o = commit("add readme");
    assert!(
        o.status.success(),
        "a clean commit was refused: {}",
        text(&o)
    );
    assert_ne!(repo.git(&["rev-parse", "HEAD"]), head);
    assert!(repo.git(&["log", "--oneline"]).contains("add readme"));
}
