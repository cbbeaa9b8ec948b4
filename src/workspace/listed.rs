//! A source that serves a listing taken once, of the whole tree or of one
//! subdirectory of it. `scan --per-service` walks the monorepo once and
//! scans the repository-wide checks and each service from that one
//! listing, instead of walking the tree once per service.
//!
//! A subtree's paths are relative to its directory, so its checks see a
//! service as they would see a repository (`Dockerfile`, not
//! `services/api/Dockerfile`); reads go to the full path. What the walk
//! skipped (symlinks, unlistable directories) stays with the whole tree:
//! its counts cannot be split by directory.

use std::io;
use std::path::Path;
use std::sync::Arc;

use super::source::{Source, SourceError};
use super::{Listing, Stats, WalkOptions};

pub struct Listed {
    inner: Arc<dyn Source>,
    /// "" for the whole tree, else the directory with a trailing '/'.
    prefix: String,
    label: String,
    files: Vec<(String, u64)>,
    stats: Stats,
}

impl Listed {
    /// The whole `listing` of `inner`, served as it is.
    pub fn whole(inner: Arc<dyn Source>, listing: &Listing) -> Self {
        Listed {
            label: inner.label(),
            inner,
            prefix: String::new(),
            files: listing.files.clone(),
            stats: listing.stats.clone(),
        }
    }

    /// The files of `listing` under `dir` (repository-relative, '/'-
    /// separated, no trailing '/'), with paths relative to it.
    pub fn subtree(inner: Arc<dyn Source>, listing: &Listing, dir: &str) -> Self {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let files = listing
            .files
            .iter()
            .filter_map(|(p, size)| p.strip_prefix(&prefix).map(|rel| (rel.to_string(), *size)))
            .collect();
        Listed {
            label: Path::new(&inner.label()).join(dir).display().to_string(),
            inner,
            prefix,
            files,
            stats: Stats::default(),
        }
    }
}

impl Source for Listed {
    fn label(&self) -> String {
        self.label.clone()
    }

    fn list(&self, _opts: &WalkOptions) -> Result<Listing, SourceError> {
        Ok(Listing {
            files: self.files.clone(),
            stats: self.stats.clone(),
        })
    }

    fn read(&self, path: &str, cap: u64) -> io::Result<Vec<u8>> {
        if self.prefix.is_empty() {
            self.inner.read(path, cap)
        } else {
            self.inner.read(&format!("{}{path}", self.prefix), cap)
        }
    }

    fn is_git(&self) -> bool {
        self.inner.is_git()
    }

    fn prefix(&self) -> String {
        self.prefix.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::MemorySource;

    #[test]
    fn a_subtree_sees_its_own_files_relative_and_reads_through() {
        let inner: Arc<dyn Source> = Arc::new(MemorySource::new([
            ("README.md", "root"),
            ("services/api/Dockerfile", "FROM x"),
            ("services/api/src/main.py", "print()"),
            ("services/api-gateway/Dockerfile", "FROM y"),
        ]));
        let listing = inner.list(&WalkOptions::default()).unwrap();
        let api = Listed::subtree(Arc::clone(&inner), &listing, "services/api");
        let got = api.list(&WalkOptions::default()).unwrap();
        let paths: Vec<&str> = got.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["Dockerfile", "src/main.py"]);
        assert_eq!(api.read("Dockerfile", 100).unwrap(), b"FROM x");
        assert_eq!(api.prefix(), "services/api/");
        assert_eq!(api.label(), "memory/services/api");
        let whole = Listed::whole(inner, &listing);
        assert_eq!(whole.list(&WalkOptions::default()).unwrap().files.len(), 4);
        assert_eq!(whole.read("README.md", 100).unwrap(), b"root");
    }
}
