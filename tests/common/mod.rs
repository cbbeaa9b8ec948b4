//! Test harness for the real `shipready` binary (modelled on zizmor's
//! `common.rs`): a builder over assert_cmd that runs in a scrubbed
//! environment and normalises what varies between machines, so insta
//! snapshots are stable.
//!
//! Scrubbed: `NO_COLOR`, `CI`, every `GITHUB_*` and `SHIPREADY_*` variable.
//! Fixed: `COLUMNS=100` (table width) and `SHIPREADY_TODAY=2026-01-15` (the
//! date waivers and attestations expire against, read by `src/date.rs`).
//! Replaced in captured output: the scanned repository's path with `[ROOT]`
//! and the crate version with `[VERSION]`.
//!
//! Scenario repos live in `fixtures/repos/<name>/` and are always copied to
//! a temporary directory before a scan, so a test can never modify the
//! committed tree. As in fixtures/README.md, any name starting with `dot_`
//! becomes `.` + the rest in the copy (`dot_gitignore` -> `.gitignore`: a
//! real `.gitignore` under `fixtures/` would change what this repository's
//! own git tracks).

#![allow(dead_code)] // each test binary uses a different subset

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const TODAY: &str = "2026-01-15";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The repository root of this crate (where `fixtures/` lives).
pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch repository in a temporary directory, deleted on drop.
pub struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// An empty directory (an empty fixture cannot be committed to git).
    pub fn empty() -> Repo {
        let dir = tempfile::Builder::new()
            .prefix("shipready-test-")
            .tempdir()
            .expect("create a temporary directory");
        Repo { dir }
    }

    /// A copy of `fixtures/repos/<name>`, with `dot_*` names renamed.
    pub fn fixture(name: &str) -> Repo {
        let src = crate_root().join("fixtures/repos").join(name);
        assert!(
            src.is_dir(),
            "fixture {} does not exist; scenario repos live in fixtures/repos/",
            src.display()
        );
        let repo = Repo::empty();
        copy_tree(&src, repo.path());
        repo
    }

    /// Copies `fixtures/repos/<name>` (with `dot_*` renamed) to `rel`
    /// inside this repository: several scenario repos side by side.
    pub fn add_fixture(&self, name: &str, rel: &str) -> &Repo {
        let src = crate_root().join("fixtures/repos").join(name);
        assert!(src.is_dir(), "fixture {} does not exist", src.display());
        copy_tree(&src, &self.join(rel));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The path as the binary will print it.
    pub fn display(&self) -> String {
        self.path().display().to_string()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Writes `rel` (creating parent directories).
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Repo {
        let p = self.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(&p, content).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        self
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }

    /// A digest of every entry below the root (path, type, bytes or link
    /// target), to prove a command changed nothing.
    pub fn digest(&self) -> String {
        let mut entries = Vec::new();
        digest_into(self.path(), self.path(), &mut entries);
        entries.sort();
        entries.join("\n")
    }
}

fn digest_into(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let meta = std::fs::symlink_metadata(&path).expect("symlink metadata");
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).unwrap_or_default();
            out.push(format!("L {rel} -> {}", target.display()));
        } else if meta.is_dir() {
            out.push(format!("D {rel}"));
            digest_into(root, &path, out);
        } else {
            let bytes = std::fs::read(&path).unwrap_or_default();
            out.push(format!(
                "F {rel} {} {:016x} {:?}",
                bytes.len(),
                fnv1a(&bytes),
                meta.modified().ok()
            ));
        }
    }
}

/// FNV-1a: enough to notice a changed byte, no dependency needed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("create destination");
    for entry in std::fs::read_dir(src)
        .expect("read fixture directory")
        .flatten()
    {
        let from = entry.path();
        let name = entry.file_name();
        // fixtures/README.md: any name starting with `dot_` is renamed.
        let name = match name.to_str().and_then(|n| n.strip_prefix("dot_")) {
            Some(rest) => OsString::from(format!(".{rest}")),
            None => name,
        };
        let to = dst.join(name);
        let ft = entry.file_type().expect("file type");
        if ft.is_dir() {
            copy_tree(&from, &to);
        } else if ft.is_file() {
            std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        }
    }
}

/// The result of one run, already normalised.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A command line for the `shipready` binary.
pub struct Shipready {
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    env: Vec<(String, String)>,
    replacements: Vec<(String, String)>,
    expect_code: Option<i32>,
}

/// Starts a `shipready` invocation.
pub fn shipready() -> Shipready {
    Shipready {
        args: Vec::new(),
        cwd: None,
        env: Vec::new(),
        replacements: Vec::new(),
        expect_code: Some(0),
    }
}

impl Shipready {
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Runs in `repo` and replaces its path with `[ROOT]` in the output.
    pub fn repo(self, repo: &Repo) -> Self {
        self.cwd(repo.path()).replace(repo.display(), "[ROOT]")
    }

    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Replaces `from` with `to` in stdout and stderr (longest first).
    pub fn replace(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.replacements.push((from.into(), to.into()));
        self
    }

    /// The exit code the run must end with (default 0).
    pub fn expect_code(mut self, code: i32) -> Self {
        self.expect_code = Some(code);
        self
    }

    /// Accept any exit code; the caller asserts on `Run::code`.
    pub fn any_code(mut self) -> Self {
        self.expect_code = None;
        self
    }

    pub fn run(self) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_shipready"));
        for (key, _) in std::env::vars_os() {
            let k = key.to_string_lossy();
            if k == "NO_COLOR"
                || k == "CI"
                || k == "CLICOLOR_FORCE"
                || k.starts_with("GITHUB_")
                || k.starts_with("SHIPREADY_")
            {
                cmd.env_remove(&key);
            }
        }
        cmd.env("COLUMNS", "100").env("SHIPREADY_TODAY", TODAY);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        cmd.args(&self.args);
        let out = cmd.output().expect("run shipready");
        let code = out.status.code().unwrap_or(-1);
        let mut replacements = self.replacements;
        replacements.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        let normalise = |bytes: &[u8]| {
            let mut s = String::from_utf8_lossy(bytes).into_owned();
            for (from, to) in &replacements {
                if !from.is_empty() {
                    s = s.replace(from.as_str(), to);
                }
            }
            s.replace(&format!("shipready {VERSION}"), "shipready [VERSION]")
                .replace(
                    &format!("\"version\": \"{VERSION}\""),
                    "\"version\": \"[VERSION]\"",
                )
        };
        let run = Run {
            code,
            stdout: normalise(&out.stdout),
            stderr: normalise(&out.stderr),
        };
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
            "shipready {:?} panicked:\n{}",
            self.args,
            run.stderr
        );
        if let Some(want) = self.expect_code {
            assert_eq!(
                run.code, want,
                "shipready {:?} exited {} (expected {want})\n--- stdout\n{}\n--- stderr\n{}",
                self.args, run.code, run.stdout, run.stderr
            );
        }
        run
    }

    /// Runs and returns standard output.
    pub fn stdout(self) -> String {
        self.run().stdout
    }

    /// Runs and returns standard error.
    pub fn stderr(self) -> String {
        self.run().stderr
    }
}

/// Parses a JSON report.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The outcome of `id` in a JSON report.
pub fn check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("check {id} is not in the report"))
}
