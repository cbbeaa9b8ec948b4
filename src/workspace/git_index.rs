//! The staged content of a git repository, read from the index through the
//! local `git` binary: what `shipready hook` and `scan --staged` scan.
//!
//! The working tree may differ from what is about to be committed (a file
//! staged clean, then edited), so every byte comes from the index blob, never
//! from disk. Plumbing commands only (`diff-index`, `ls-files`, `cat-file`),
//! always with `-z`, so user config (`core.quotePath`, `diff.renames`, pagers,
//! external diff drivers) cannot change what we parse, and paths with spaces,
//! quotes, newlines or non-ASCII characters arrive byte for byte. No command
//! touches the network.
//!
//! What is listed:
//! - `Selection::Staged`: files added, copied, modified, renamed or type-changed
//!   in the index relative to `HEAD` (renames under their new path; deletions
//!   skipped). In a repository with no commits yet, every index entry.
//! - `Selection::Paths`: exactly the named paths (or everything under a named
//!   directory) at their index version, changed or not. This is how the
//!   pre-commit framework calls a hook, including `pre-commit run --all-files`,
//!   which passes every tracked file and expects each one checked.
//!
//! Symlinks (mode 120000) are counted as skipped: their blob is a target path,
//! not content. Submodules (gitlinks, mode 160000) are another repository and
//! are left out. Unmerged entries (a conflict in progress) are left out: git
//! refuses to commit them anyway.
//!
//! Sizes come from one `git cat-file --batch-check` run over every listed
//! blob; content from long-lived `git cat-file --batch` processes, started
//! on first use, at most one per engine thread, and reused for every file.
//! Spawning `git show :path` per file costs a process per file; the batch
//! processes cost one per thread for all of them.
//!
//! The git environment is inherited on purpose: during `git commit -a` or
//! `git commit <paths>` git points `GIT_INDEX_FILE` at a temporary index, and
//! that index, not `.git/index`, is what is being committed.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use super::source::{Source, SourceError};
use super::{Listing, SkipReason, Stats, WalkOptions};

/// Above this many named paths, list the whole index once and filter it,
/// rather than pass every path to git on its command line.
const MAX_PATHSPECS: usize = 256;

const MODE_SYMLINK: &str = "120000";
const MODE_GITLINK: &str = "160000";

/// Why the git index could not be opened. The caller maps `NotARepository`
/// and `BadPath` to a usage error and the rest to "the scan could not
/// complete".
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "cannot run `git`: {0}; the hook reads the staged content through git, so git must be on PATH"
    )]
    Missing(io::Error),
    #[error("{path}: not inside a git work tree ({detail})")]
    NotARepository { path: String, detail: String },
    #[error("{0}")]
    BadPath(String),
    #[error("`git {command}` failed: {detail}")]
    Failed { command: String, detail: String },
}

impl GitError {
    /// Whether the error is the user's invocation (exit 2) rather than a
    /// failure to complete (exit 3).
    pub fn is_usage(&self) -> bool {
        matches!(self, GitError::NotARepository { .. } | GitError::BadPath(_))
    }
}

impl From<GitError> for SourceError {
    fn from(e: GitError) -> Self {
        SourceError::Git(e.to_string())
    }
}

/// Which staged files to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Files changed in the index relative to HEAD.
    Staged,
    /// These repo-relative paths (files, or directories meaning everything
    /// below them), at their index version.
    Paths(Vec<String>),
}

/// One index entry as git listed it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IndexEntry {
    path: String,
    mode: String,
    oid: String,
}

/// One index entry we will read: the blob id and its size.
#[derive(Debug, Clone)]
struct Blob {
    oid: String,
    size: u64,
}

/// The git index as a `Source`.
pub struct GitIndexSource {
    root: PathBuf,
    /// Only paths under this directory ("" = the whole repository).
    under: String,
    selection: Selection,
    blobs: OnceLock<HashMap<String, Blob>>,
    /// Idle `cat-file --batch` processes. A reading thread takes one (or
    /// starts one) and puts it back, so reads run in parallel with at most
    /// one process per engine thread.
    readers: Mutex<Vec<CatFile>>,
}

impl GitIndexSource {
    /// Opens the repository containing `dir`. Relative `files` are taken
    /// relative to `dir` (the way a shell passes them); `None` means every
    /// staged change. When `dir` is a subdirectory of the work tree and no
    /// files are named, only staged changes below it are listed.
    pub fn open(dir: &Path, files: Option<&[PathBuf]>) -> Result<Self, GitError> {
        let out = git_output(
            dir,
            &["rev-parse", "--show-toplevel", "--show-prefix"],
            None,
        )
        .map_err(|e| match e {
            GitError::Failed { detail, .. } => GitError::NotARepository {
                path: dir.display().to_string(),
                detail,
            },
            other => other,
        })?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let root = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().trim_end_matches('/');
        if root.as_os_str().is_empty() {
            return Err(GitError::NotARepository {
                path: dir.display().to_string(),
                detail: "git did not report a work tree".into(),
            });
        }
        let (under, selection) = match files {
            None => (prefix.to_string(), Selection::Staged),
            Some(files) => {
                let mut paths = Vec::with_capacity(files.len());
                for f in files {
                    paths.push(repo_relative(&root, prefix, f)?);
                }
                paths.sort();
                paths.dedup();
                (String::new(), Selection::Paths(paths))
            }
        };
        Ok(GitIndexSource {
            root,
            under,
            selection,
            blobs: OnceLock::new(),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// The work tree's top directory, where `.shipready.yaml` lives.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    fn has_head(&self) -> Result<bool, GitError> {
        match git_output(
            &self.root,
            &["rev-parse", "--quiet", "--verify", "HEAD^{commit}"],
            None,
        ) {
            Ok(_) => Ok(true),
            // An unborn branch: `--verify --quiet` fails without a message.
            Err(GitError::Failed { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every entry to scan, and what was skipped.
    fn entries(&self) -> Result<(Vec<IndexEntry>, Stats), GitError> {
        let mut stats = Stats::default();
        let mut out = Vec::new();
        let raw = match &self.selection {
            Selection::Staged if self.has_head()? => {
                let raw = git_output(
                    &self.root,
                    &["diff-index", "--cached", "-z", "-M", "HEAD", "--"],
                    None,
                )?;
                parse_diff_index(&raw, &mut out, &mut stats);
                None
            }
            Selection::Staged => Some(git_output(&self.root, &["ls-files", "-s", "-z"], None)?),
            Selection::Paths(paths) if paths.is_empty() => return Ok((out, stats)),
            // "" is the top of the work tree: everything, like `git ls-files .`.
            Selection::Paths(paths)
                if paths.len() <= MAX_PATHSPECS && !paths.iter().any(String::is_empty) =>
            {
                let mut args: Vec<&str> = vec!["--literal-pathspecs", "ls-files", "-s", "-z", "--"];
                args.extend(paths.iter().map(String::as_str));
                Some(git_output(&self.root, &args, None)?)
            }
            Selection::Paths(_) => Some(git_output(&self.root, &["ls-files", "-s", "-z"], None)?),
        };
        if let Some(raw) = raw {
            parse_ls_files(&raw, &mut out, &mut stats);
        }
        if let Selection::Paths(paths) = &self.selection {
            let wanted: HashSet<&str> = paths.iter().map(String::as_str).collect();
            out.retain(|e| named(&wanted, &e.path));
        }
        if !self.under.is_empty() {
            let dir = format!("{}/", self.under);
            out.retain(|e| e.path.starts_with(&dir));
        }
        let mut kept = Vec::with_capacity(out.len());
        for e in out {
            match e.mode.as_str() {
                MODE_SYMLINK => stats.skip(SkipReason::Symlink, &e.path),
                MODE_GITLINK => {}
                _ => kept.push(e),
            }
        }
        Ok((kept, stats))
    }
}

/// Whether `path` is one of the named paths or below a named directory.
fn named(wanted: &HashSet<&str>, path: &str) -> bool {
    if wanted.contains(path) || wanted.contains("") {
        return true;
    }
    let mut p = path;
    while let Some((dir, _)) = p.rsplit_once('/') {
        if wanted.contains(dir) {
            return true;
        }
        p = dir;
    }
    false
}

impl Source for GitIndexSource {
    fn label(&self) -> String {
        let what = match self.selection {
            Selection::Staged => "staged changes",
            Selection::Paths(_) => "staged files",
        };
        if self.under.is_empty() {
            format!("{what} in {}", self.root.display())
        } else {
            format!("{what} in {}/{}", self.root.display(), self.under)
        }
    }

    fn list(&self, _opts: &WalkOptions) -> Result<Listing, SourceError> {
        let (entries, mut stats) = self.entries()?;
        let oids: Vec<&str> = entries.iter().map(|e| e.oid.as_str()).collect();
        let sizes = batch_sizes(&self.root, &oids)?;
        let mut blobs = HashMap::with_capacity(entries.len());
        let mut files = Vec::with_capacity(entries.len());
        for IndexEntry { path, oid, .. } in entries {
            let Some(&size) = sizes.get(oid.as_str()) else {
                // Listed by the index but absent from the object store (a
                // partial clone, a corrupt repository): say so, keep going.
                stats.skip(SkipReason::Unreadable, &path);
                continue;
            };
            files.push((path.clone(), size));
            blobs.insert(path, Blob { oid, size });
        }
        // A second `list` on the same source keeps the first map; both list
        // the same index.
        let _ = self.blobs.set(blobs);
        Ok(Listing { files, stats })
    }

    fn read(&self, path: &str, cap: u64) -> io::Result<Vec<u8>> {
        let blob = self
            .blobs
            .get()
            .and_then(|b| b.get(path))
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.to_string()))?;
        let idle = self.readers.lock().ok().and_then(|mut r| r.pop());
        let mut reader = match idle {
            Some(r) => r,
            None => CatFile::spawn(&self.root)?,
        };
        let bytes = reader.read(&blob.oid, blob.size, cap)?;
        // Returned to the pool only after a clean read: after an error the
        // stream is out of step, and dropping the process ends it.
        if let Ok(mut r) = self.readers.lock() {
            r.push(reader);
        }
        Ok(bytes)
    }

    fn is_git(&self) -> bool {
        true
    }
}

/// A running `git cat-file --batch`.
struct CatFile {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl CatFile {
    fn spawn(root: &Path) -> io::Result<Self> {
        let mut child = git_command(root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .map(BufReader::new)
            .ok_or_else(|| io::Error::other("git cat-file: no stdout"))?;
        Ok(CatFile {
            child,
            stdin,
            stdout,
        })
    }

    /// The blob's first `cap + 1` bytes; the rest is read and dropped so the
    /// stream stays in step.
    fn read(&mut self, oid: &str, size: u64, cap: u64) -> io::Result<Vec<u8>> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::other("git cat-file: stdin closed"))?;
        stdin.write_all(oid.as_bytes())?;
        stdin.write_all(b"\n")?;
        stdin.flush()?;
        let mut header = Vec::new();
        self.stdout.read_until(b'\n', &mut header)?;
        let header = String::from_utf8_lossy(&header);
        let mut parts = header.split_whitespace();
        let (Some(_), Some(kind), Some(len)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("git cat-file: {}", header.trim()),
            ));
        };
        let len: u64 = len
            .parse()
            .map_err(|_| io::Error::other(format!("git cat-file: bad header {header:?}")))?;
        if kind != "blob" || len != size {
            // Consume what was announced before reporting the mismatch.
            io::copy(&mut (&mut self.stdout).take(len + 1), &mut io::sink())?;
            return Err(io::Error::other(format!(
                "git cat-file: expected a blob of {size} bytes, got {kind} of {len}"
            )));
        }
        let keep = len.min(cap.saturating_add(1));
        let mut buf = Vec::with_capacity(usize::try_from(keep).unwrap_or(0));
        (&mut self.stdout).take(keep).read_to_end(&mut buf)?;
        if (buf.len() as u64) < keep {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "git cat-file: blob cut short",
            ));
        }
        // The rest of an over-cap blob, then the newline after every object.
        io::copy(
            &mut (&mut self.stdout).take(len - keep + 1),
            &mut io::sink(),
        )?;
        Ok(buf)
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        // Closing stdin ends `cat-file --batch`; wait so no zombie is left.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// `git -C <root>` with an environment that keeps plumbing output stable and
/// never waits for a human.
fn git_command(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(root)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0");
    c
}

/// Runs git to completion and returns its stdout, or the reason it failed.
fn git_output(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, GitError> {
    let mut cmd = git_command(dir);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(GitError::Missing)?;
    // Feed stdin from a thread: git answers as it reads, and a full stdout
    // pipe would otherwise stall both sides.
    let writer = match (stdin, child.stdin.take()) {
        (Some(data), Some(mut pipe)) => {
            let data = data.to_vec();
            Some(std::thread::spawn(move || pipe.write_all(&data)))
        }
        _ => None,
    };
    let out = child.wait_with_output().map_err(|e| GitError::Failed {
        command: args.join(" "),
        detail: e.to_string(),
    })?;
    if let Some(w) = writer {
        let _ = w.join();
    }
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(GitError::Failed {
            command: args.join(" "),
            detail: if err.trim().is_empty() {
                out.status.to_string()
            } else {
                err.trim().lines().next().unwrap_or_default().to_string()
            },
        });
    }
    Ok(out.stdout)
}

/// Object sizes for `oids`, from one `git cat-file --batch-check`.
fn batch_sizes(root: &Path, oids: &[&str]) -> Result<HashMap<String, u64>, GitError> {
    let mut sizes = HashMap::with_capacity(oids.len());
    if oids.is_empty() {
        return Ok(sizes);
    }
    let mut input = Vec::with_capacity(oids.len() * 41);
    for oid in oids {
        input.extend_from_slice(oid.as_bytes());
        input.push(b'\n');
    }
    let out = git_output(root, &["cat-file", "--batch-check"], Some(&input))?;
    for line in String::from_utf8_lossy(&out).lines() {
        // "<oid> blob <size>", or "<oid> missing".
        let mut parts = line.split(' ');
        if let (Some(oid), Some("blob"), Some(size)) = (parts.next(), parts.next(), parts.next()) {
            if let Ok(size) = size.parse() {
                sizes.insert(oid.to_string(), size);
            }
        }
    }
    Ok(sizes)
}

/// Parses `git diff-index -z` raw output:
/// `:<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0[<new path>\0]`.
fn parse_diff_index(raw: &[u8], out: &mut Vec<IndexEntry>, stats: &mut Stats) {
    let mut fields = raw.split(|&b| b == 0);
    while let Some(meta) = fields.next() {
        let Some(meta) = meta.strip_prefix(b":") else {
            continue;
        };
        let meta = String::from_utf8_lossy(meta);
        let parts: Vec<&str> = meta.split(' ').collect();
        let [_, new_mode, _, new_oid, status] = parts[..] else {
            continue;
        };
        let letter = status.chars().next().unwrap_or('?');
        let path = if matches!(letter, 'R' | 'C') {
            let _old = fields.next();
            fields.next()
        } else {
            fields.next()
        };
        let Some(path) = path else {
            break;
        };
        // D: deleted, nothing to scan. U: unmerged, git will not commit it.
        if !matches!(letter, 'A' | 'C' | 'M' | 'R' | 'T') {
            continue;
        }
        push_entry(path, new_mode, new_oid, out, stats);
    }
}

/// Parses `git ls-files -s -z`: `<mode> <oid> <stage>\t<path>\0`.
fn parse_ls_files(raw: &[u8], out: &mut Vec<IndexEntry>, stats: &mut Stats) {
    for rec in raw.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let Some(tab) = rec.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let meta = String::from_utf8_lossy(&rec[..tab]);
        let parts: Vec<&str> = meta.split(' ').collect();
        let [mode, oid, stage] = parts[..] else {
            continue;
        };
        // Stages 1-3 are the sides of a conflict in progress.
        if stage != "0" {
            continue;
        }
        push_entry(&rec[tab + 1..], mode, oid, out, stats);
    }
}

fn push_entry(path: &[u8], mode: &str, oid: &str, out: &mut Vec<IndexEntry>, stats: &mut Stats) {
    match std::str::from_utf8(path) {
        Ok(p) => out.push(IndexEntry {
            path: p.to_string(),
            mode: mode.to_string(),
            oid: oid.to_string(),
        }),
        // Paths are strings everywhere else in shipready; count the file
        // rather than mangle its name.
        Err(_) => stats.skip(SkipReason::WalkError, &String::from_utf8_lossy(path)),
    }
}

/// `file` as a '/'-separated path relative to the work tree's top. Relative
/// names are relative to the directory the command ran in, `prefix` below
/// the top.
fn repo_relative(root: &Path, prefix: &str, file: &Path) -> Result<String, GitError> {
    let outside = || {
        GitError::BadPath(format!(
            "{}: outside the repository at {}",
            file.display(),
            root.display()
        ))
    };
    let rel: PathBuf = if file.is_absolute() {
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let canon_file = file
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .zip(file.file_name())
            .map(|(p, n)| p.join(n));
        [root, canon_root.as_path()]
            .iter()
            .find_map(|r| {
                file.strip_prefix(r)
                    .ok()
                    .or_else(|| canon_file.as_deref()?.strip_prefix(r).ok())
                    .map(Path::to_path_buf)
            })
            .ok_or_else(outside)?
    } else {
        Path::new(prefix).join(file)
    };
    let mut parts: Vec<&OsStr> = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(outside());
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    let mut s = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            s.push('/');
        }
        s.push_str(
            p.to_str().ok_or_else(|| {
                GitError::BadPath(format!("{}: not a UTF-8 path", file.display()))
            })?,
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_index_records_are_parsed_with_renames_and_deletions() {
        let z = "0000000000000000000000000000000000000000";
        let a = "1111111111111111111111111111111111111111";
        let b = "2222222222222222222222222222222222222222";
        let raw = format!(
            ":000000 100644 {z} {a} A\0new file.txt\0\
             :100644 100644 {a} {b} R087\0old/name.rs\0new/näme.rs\0\
             :100644 000000 {a} {z} D\0gone.txt\0\
             :100644 120000 {a} {b} T\0link\0\
             :000000 160000 {z} {b} A\0vendor/sub\0\
             :100644 100644 {a} {b} M\0m.txt\0"
        );
        let mut out = Vec::new();
        let mut stats = Stats::default();
        parse_diff_index(raw.as_bytes(), &mut out, &mut stats);
        let paths: Vec<&str> = out.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            ["new file.txt", "new/näme.rs", "link", "vendor/sub", "m.txt"]
        );
        assert_eq!(out[1].oid, b, "the staged (new) blob");
    }

    #[test]
    fn ls_files_records_skip_conflict_stages() {
        let raw = b"100644 aaaa 0\ta b.txt\x00100644 bbbb 1\tc.txt\x00100644 cccc 2\tc.txt\x00120000 dddd 0\tl\x00";
        let mut out = Vec::new();
        let mut stats = Stats::default();
        parse_ls_files(raw, &mut out, &mut stats);
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|e| (e.path.as_str(), e.mode.as_str()))
            .collect();
        assert_eq!(got, [("a b.txt", "100644"), ("l", "120000")]);
    }

    #[test]
    fn invalid_utf8_paths_are_counted_not_mangled() {
        let raw = b"100644 aaaa 0\tbad\xff.txt\0";
        let mut out = Vec::new();
        let mut stats = Stats::default();
        parse_ls_files(raw, &mut out, &mut stats);
        assert!(out.is_empty());
        assert_eq!(stats.skipped.get(&SkipReason::WalkError), Some(&1));
    }

    #[test]
    fn file_arguments_become_repo_relative() {
        let root = Path::new("/repo");
        let rel = |prefix: &str, f: &str| repo_relative(root, prefix, Path::new(f));
        assert_eq!(rel("", "a/b.txt").unwrap(), "a/b.txt");
        assert_eq!(rel("", "./a/../c d.txt").unwrap(), "c d.txt");
        assert_eq!(rel("sub/dir", "x.rs").unwrap(), "sub/dir/x.rs");
        assert_eq!(rel("sub", "../top.rs").unwrap(), "top.rs");
        assert_eq!(rel("", "/repo/in.rs").unwrap(), "in.rs");
        assert!(rel("", "../escape").is_err());
        assert!(rel("", "/elsewhere/x").is_err());
    }

    #[test]
    fn named_paths_include_directories() {
        let wanted: HashSet<&str> = ["src", "README.md"].into_iter().collect();
        assert!(named(&wanted, "src/a/b.rs"));
        assert!(named(&wanted, "README.md"));
        assert!(!named(&wanted, "srcx/a.rs"));
        assert!(!named(&wanted, "docs/README.md"));
    }
}
