//! Where bytes come from: the filesystem, the git index (hook mode), or
//! memory (tests). Checks never know which.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Listing, WalkOptions};

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: cannot scan: {reason}")]
    Root { path: String, reason: String },
    #[error("git: {0}")]
    Git(String),
}

/// A place to list files and read their bytes.
pub trait Source: Send + Sync {
    /// What the report calls the scanned tree.
    fn label(&self) -> String;
    /// Lists files with sizes; never reads content.
    fn list(&self, opts: &WalkOptions) -> Result<Listing, SourceError>;
    /// Reads at most `cap + 1` bytes of `path`, so the caller can tell an
    /// over-cap file without holding all of it.
    fn read(&self, path: &str, cap: u64) -> io::Result<Vec<u8>>;
    fn is_git(&self) -> bool {
        false
    }
    /// Where this source sits in its repository ("services/api/"), when it
    /// is a subtree of one; "" when it is the whole repository.
    fn prefix(&self) -> String {
        String::new()
    }
}

/// A directory on disk.
pub struct FsSource {
    root: PathBuf,
}

impl FsSource {
    pub fn new(root: impl Into<PathBuf>) -> Result<Self, SourceError> {
        let root = root.into();
        let meta = std::fs::metadata(&root).map_err(|e| SourceError::Root {
            path: root.display().to_string(),
            reason: e.to_string(),
        })?;
        if !meta.is_dir() {
            return Err(SourceError::Root {
                path: root.display().to_string(),
                reason: "not a directory (pass the repository's root folder)".into(),
            });
        }
        Ok(FsSource { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Source for FsSource {
    fn label(&self) -> String {
        self.root.display().to_string()
    }

    fn list(&self, opts: &WalkOptions) -> Result<Listing, SourceError> {
        Ok(super::walk::walk(&self.root, opts))
    }

    fn read(&self, path: &str, cap: u64) -> io::Result<Vec<u8>> {
        let file = std::fs::File::open(self.root.join(path))?;
        // Sized up front: behind `take` read_to_end cannot see the file's
        // length and grows its buffer from a few bytes, one read per step.
        let len = file.metadata().map_or(0, |m| m.len());
        let mut buf = Vec::with_capacity(len.min(cap.saturating_add(1)) as usize + 1);
        file.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
        Ok(buf)
    }

    fn is_git(&self) -> bool {
        self.root.join(".git").exists()
    }
}

/// Files held in memory: for tests, and for callers embedding the engine.
pub struct MemorySource {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemorySource {
    pub fn new<P: Into<String>, C: Into<Vec<u8>>>(files: impl IntoIterator<Item = (P, C)>) -> Self {
        MemorySource {
            files: files
                .into_iter()
                .map(|(p, c)| (p.into(), c.into()))
                .collect(),
        }
    }
}

impl Source for MemorySource {
    fn label(&self) -> String {
        "memory".into()
    }

    fn list(&self, _opts: &WalkOptions) -> Result<Listing, SourceError> {
        Ok(Listing {
            files: self
                .files
                .iter()
                .map(|(p, c)| (p.clone(), c.len() as u64))
                .collect(),
            stats: Default::default(),
        })
    }

    fn read(&self, path: &str, cap: u64) -> io::Result<Vec<u8>> {
        let bytes = self
            .files
            .get(path)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.to_string()))?;
        let end = usize::try_from(cap.saturating_add(1))
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        Ok(bytes[..end].to_vec())
    }
}
