//! One parallel walk of a directory with the `ignore` crate: metadata only.
//!
//! Hidden files are walked (`.github/`, `.env`, `.dockerignore` matter to
//! us) but `.git/` never is. Symlinks are not followed, so a link loop
//! cannot hang the scan; each one is counted as skipped.

use std::path::Path;
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use super::{Listing, SkipReason, Stats, WalkOptions};

pub(super) fn walk(root: &Path, opts: &WalkOptions) -> Listing {
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(false)
        .git_ignore(opts.respect_ignores)
        .git_global(opts.respect_ignores)
        .git_exclude(opts.respect_ignores)
        .ignore(opts.respect_ignores)
        .parents(opts.respect_ignores)
        // Honour .gitignore in a checkout without .git too (an unpacked
        // archive, a copied fixture): the intent of the file is the same.
        .require_git(false)
        .threads(opts.threads);
    let root_owned = root.to_path_buf();
    let exclude = opts.exclude.clone();
    builder.filter_entry(move |entry| {
        if entry.file_name() == ".git" {
            return false;
        }
        match (&exclude, rel(&root_owned, entry.path())) {
            (Some(g), Some(p)) if !p.is_empty() => !g.is_match(&p),
            _ => true,
        }
    });

    let files = Mutex::new(Vec::new());
    let stats = Mutex::new(Stats::default());
    builder.build_parallel().run(|| {
        let files = &files;
        let stats = &stats;
        // Flushed from the visitor's Drop, once per thread.
        struct Flush<'a> {
            files: &'a Mutex<Vec<(String, u64)>>,
            stats: &'a Mutex<Stats>,
            local_files: Vec<(String, u64)>,
            local_stats: Stats,
        }
        impl Drop for Flush<'_> {
            fn drop(&mut self) {
                if let Ok(mut f) = self.files.lock() {
                    f.append(&mut self.local_files);
                }
                if let Ok(mut s) = self.stats.lock() {
                    s.merge(std::mem::take(&mut self.local_stats));
                }
            }
        }
        let mut flush = Flush {
            files,
            stats,
            local_files: Vec::new(),
            local_stats: Stats::default(),
        };
        Box::new(move |result| {
            let entry = match result {
                Ok(e) => e,
                Err(err) => {
                    let where_ = error_path(&err).unwrap_or_else(|| "?".into());
                    flush.local_stats.skip(SkipReason::WalkError, &where_);
                    return WalkState::Continue;
                }
            };
            let Some(ft) = entry.file_type() else {
                return WalkState::Continue;
            };
            let Some(path) = rel(root, entry.path()) else {
                // Not valid UTF-8: no check can name it in a report.
                let shown = entry.path().to_string_lossy().into_owned();
                flush.local_stats.skip(SkipReason::Unreadable, &shown);
                return WalkState::Continue;
            };
            if ft.is_symlink() {
                flush.local_stats.skip(SkipReason::Symlink, &path);
            } else if ft.is_file() {
                match entry.metadata() {
                    Ok(m) => flush.local_files.push((path, m.len())),
                    Err(_) => flush.local_stats.skip(SkipReason::Unreadable, &path),
                }
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap_or_default();
    files.sort();
    Listing {
        files,
        stats: stats.into_inner().unwrap_or_default(),
    }
}

/// Repo-relative, '/'-separated; None for paths outside the root or not
/// valid UTF-8 (reported as walk errors by the caller's count).
fn rel(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let s = rel.to_str()?;
    Some(if std::path::MAIN_SEPARATOR == '/' {
        s.to_string()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    })
}

fn error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}
