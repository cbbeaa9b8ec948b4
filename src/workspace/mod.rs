//! The repository as the checks see it: the only module that touches the
//! filesystem (or the git index, or memory in tests).
//!
//! Building a `Workspace` lists files with metadata only. Content is read
//! later, once per file, by the engine's single pass (`engine.rs`), which
//! hands each file's bytes to every check that wants them and then drops
//! them, so memory follows the thread count, not the tree size.

pub use crate::model::{SkipReason, Stats};
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::{any::Any, any::TypeId, borrow::Cow};

use globset::GlobSet;

use crate::formats::manifests::{Ecosystem, Role};
use serde::Serialize;

pub mod git_index;
pub mod kinds;
pub mod listed;
pub mod paths;
pub mod source;
mod walk;

pub use git_index::GitIndexSource;
pub use kinds::{classify, language, FileKind, Kinds, Lang};
pub use listed::Listed;
pub use paths::is_vendored;
pub use source::{FsSource, MemorySource, Source};

/// One file of the repository, metadata only.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// Repo-relative, '/'-separated.
    pub path: String,
    pub size: u64,
    pub kinds: Kinds,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Whether this is the product's own source (`checks::signals`),
    /// decided once: a dozen checks ask it of every file.
    #[serde(skip)]
    pub product_source: std::sync::OnceLock<bool>,
    /// Whether this is a CI file, and a script CI steps may run
    /// (`checks::ci`), decided once: a dozen CI checks ask it of every file.
    #[serde(skip)]
    pub ci: std::sync::OnceLock<(bool, bool)>,
    /// Whether the migration checks read this file (`checks::migrations`),
    /// decided once: four checks ask it of every file.
    #[serde(skip)]
    pub migration: std::sync::OnceLock<bool>,
    /// What the path says (`paths`), decided on first use: the hook lists
    /// a whole index and asks about three files.
    #[serde(skip)]
    facts: std::sync::OnceLock<PathFacts>,
}

/// What `paths` decides about one file's path.
#[derive(Debug, Clone, Copy)]
struct PathFacts {
    vendored: bool,
    fixture: bool,
    test: bool,
    example: bool,
    manifest: Option<(Ecosystem, Role)>,
}

impl FileEntry {
    pub fn new(path: String, size: u64) -> Self {
        let kinds = classify(&path);
        let lang = language(&path);
        FileEntry {
            path,
            size,
            kinds,
            lang,
            product_source: std::sync::OnceLock::new(),
            ci: std::sync::OnceLock::new(),
            migration: std::sync::OnceLock::new(),
            facts: std::sync::OnceLock::new(),
        }
    }

    fn facts(&self) -> PathFacts {
        *self.facts.get_or_init(|| PathFacts {
            vendored: paths::is_vendored(&self.path),
            fixture: paths::is_fixture(&self.path),
            test: paths::is_test_path(&self.path),
            example: paths::is_example_path(&self.path),
            manifest: crate::formats::manifests::identify(&self.path),
        })
    }

    /// `paths::is_vendored` of this file's path.
    pub fn vendored(&self) -> bool {
        self.facts().vendored
    }

    /// `paths::is_fixture` of this file's path.
    pub fn fixture(&self) -> bool {
        self.facts().fixture
    }

    /// `paths::is_test_path` of this file's path.
    pub fn test_code(&self) -> bool {
        self.facts().test
    }

    /// `paths::is_example_path` of this file's path.
    pub fn example(&self) -> bool {
        self.facts().example
    }

    /// `formats::manifests::identify` of this file's path.
    pub fn manifest(&self) -> Option<(Ecosystem, Role)> {
        self.facts().manifest
    }

    pub fn is(&self, kind: FileKind) -> bool {
        self.kinds.has(kind)
    }

    /// The last path component.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The directory part ("" at the root).
    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// Depth below the root: 0 for a root file.
    pub fn depth(&self) -> usize {
        self.path.matches('/').count()
    }
}

/// How to list the repository.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Honour .gitignore, .ignore and git excludes.
    pub respect_ignores: bool,
    /// Paths to leave out entirely (user globs, already compiled).
    pub exclude: Option<GlobSet>,
    /// Files larger than this are listed but not read.
    pub max_file_size: u64,
    pub threads: usize,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            respect_ignores: true,
            exclude: None,
            max_file_size: 2 * 1024 * 1024,
            threads: 0,
        }
    }
}

impl WalkOptions {
    pub fn excluded(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }
}

/// What a source lists: files with sizes, and entries it skipped.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<(String, u64)>,
    pub stats: Stats,
}

/// The repository: the file list (sorted by path) and where bytes come from.
pub struct Workspace {
    label: String,
    files: Vec<FileEntry>,
    source: Arc<dyn Source>,
    stats: Stats,
    max_file_size: u64,
}

impl Workspace {
    /// Lists `source` (never reading content) and classifies every file.
    pub fn open(source: Arc<dyn Source>, opts: &WalkOptions) -> Result<Self, source::SourceError> {
        let listing = source.list(opts)?;
        let mut stats = listing.stats;
        let mut files: Vec<FileEntry> = listing
            .files
            .into_iter()
            .filter(|(p, _)| !opts.excluded(p))
            .map(|(p, size)| FileEntry::new(p, size))
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        stats.files_listed = files.len() as u64;
        Ok(Workspace {
            label: source.label(),
            files,
            source,
            stats,
            max_file_size: opts.max_file_size,
        })
    }

    /// An in-memory workspace, for tests and embedding.
    pub fn in_memory<P: Into<String>, C: Into<Vec<u8>>>(
        files: impl IntoIterator<Item = (P, C)>,
    ) -> Self {
        let source = Arc::new(MemorySource::new(files));
        // A memory source cannot fail to list.
        Workspace::open(source, &WalkOptions::default()).unwrap_or_else(|_| Workspace {
            label: "memory".into(),
            files: Vec::new(),
            source: Arc::new(MemorySource::new(Vec::<(String, Vec<u8>)>::new())),
            stats: Stats::default(),
            max_file_size: 0,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn files(&self) -> &[FileEntry] {
        &self.files
    }

    pub fn source(&self) -> &Arc<dyn Source> {
        &self.source
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    pub fn stats_mut(&mut self) -> &mut Stats {
        &mut self.stats
    }

    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    pub fn is_git(&self) -> bool {
        self.source.is_git()
    }

    /// Files of one kind, in path order.
    pub fn of_kind(&self, kind: FileKind) -> impl Iterator<Item = &FileEntry> {
        self.files.iter().filter(move |f| f.is(kind))
    }

    pub fn has_kind(&self, kind: FileKind) -> bool {
        self.files.iter().any(|f| f.is(kind))
    }

    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Files whose path matches `globs`, in path order.
    pub fn matching<'a>(&'a self, globs: &'a GlobSet) -> impl Iterator<Item = &'a FileEntry> + 'a {
        self.files.iter().filter(move |f| globs.is_match(&f.path))
    }

    /// Languages with at least one source file, with counts, outside
    /// vendored and generated trees.
    pub fn languages(&self) -> BTreeMap<Lang, usize> {
        let mut out = BTreeMap::new();
        for f in &self.files {
            if let Some(lang) = f.lang {
                if !f.vendored() {
                    *out.entry(lang).or_default() += 1;
                }
            }
        }
        out
    }
}

/// A typed model parsed from one file's content (a Dockerfile, a workflow).
pub trait Model: Sized + 'static {
    fn parse(path: &str, text: &str) -> Self;

    /// Builds the model from the file in hand. A model derived from
    /// another (routes read from comment-blanked code) overrides this to
    /// reuse that model's cached parse instead of repeating it.
    fn from_content(content: &Content<'_>) -> Self {
        Self::parse(content.path, content.text())
    }
}

/// One file's bytes while they are in hand, with a per-file cache of parsed
/// models, so two checks that read the same format parse it once.
pub struct Content<'a> {
    bytes: &'a [u8],
    /// Decoded on first use: most checks (secrets, markers) read bytes, and
    /// decoding every file cost a few percent of a scan.
    text: OnceCell<Cow<'a, str>>,
    path: &'a str,
    models: RefCell<Vec<(TypeId, Rc<dyn Any>)>>,
}

impl<'a> Content<'a> {
    pub fn new(path: &'a str, bytes: &'a [u8]) -> Self {
        Content {
            bytes,
            text: OnceCell::new(),
            path,
            models: RefCell::new(Vec::new()),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        self.bytes
    }

    /// The file's repository path.
    pub fn path(&self) -> &str {
        self.path
    }

    /// The text, with invalid UTF-8 replaced by U+FFFD and a leading byte
    /// order mark dropped (Windows editors write one; it would otherwise
    /// glue itself to the first heading or CODEOWNERS pattern).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let bytes = self
                .bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(self.bytes);
            // The validator's word-at-a-time ASCII path is faster than
            // the lossy decoder's, and almost every file is valid.
            match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            }
        })
    }

    pub fn is_valid_utf8(&self) -> bool {
        matches!(self.text.get(), Some(Cow::Borrowed(_))) || std::str::from_utf8(self.bytes).is_ok()
    }

    /// The parsed model of type `M`, parsed at most once per file.
    pub fn model<M: Model>(&self) -> Rc<M> {
        let id = TypeId::of::<M>();
        if let Some((_, m)) = self.models.borrow().iter().find(|(t, _)| *t == id) {
            if let Ok(m) = Rc::clone(m).downcast::<M>() {
                return m;
            }
        }
        let parsed = Rc::new(M::from_content(self));
        self.models
            .borrow_mut()
            .push((id, Rc::clone(&parsed) as Rc<dyn Any>));
        parsed
    }
}

/// Line numbers live with the text helpers every format shares.
pub use crate::formats::source::{line_of, LineIndex, Lines};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_workspace_lists_sorted_and_classified() {
        let ws = Workspace::in_memory([
            ("b.md", "x"),
            ("README.md", "# hi"),
            ("a/Dockerfile", "FROM x"),
        ]);
        let paths: Vec<&str> = ws.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["README.md", "a/Dockerfile", "b.md"]);
        assert!(ws.get("README.md").unwrap().is(FileKind::Readme));
        assert!(ws.has_kind(FileKind::Dockerfile));
        assert_eq!(ws.get("a/Dockerfile").unwrap().dir(), "a");
    }

    #[test]
    fn models_parse_once() {
        use std::cell::Cell;
        thread_local!(static PARSES: Cell<u32> = const { Cell::new(0) });
        struct Lines(usize);
        impl Model for Lines {
            fn parse(_: &str, text: &str) -> Self {
                PARSES.with(|p| p.set(p.get() + 1));
                Lines(text.lines().count())
            }
        }
        let c = Content::new("f", b"a\nb\n");
        assert_eq!(c.model::<Lines>().0, 2);
        assert_eq!(c.model::<Lines>().0, 2);
        assert_eq!(PARSES.with(|p| p.get()), 1);
    }

    #[test]
    fn skip_examples_do_not_depend_on_merge_order() {
        let paths: Vec<String> = (0..12).map(|i| format!("d/{i:02}.bin")).collect();
        let mut forward = Stats::default();
        let mut backward = Stats::default();
        for chunk in paths.chunks(4) {
            let mut s = Stats::default();
            chunk.iter().for_each(|p| s.skip(SkipReason::Binary, p));
            forward.merge(s);
        }
        for chunk in paths.chunks(4).rev() {
            let mut s = Stats::default();
            chunk
                .iter()
                .rev()
                .for_each(|p| s.skip(SkipReason::Binary, p));
            backward.merge(s);
        }
        assert_eq!(forward, backward);
        assert_eq!(forward.skipped[&SkipReason::Binary], 12);
        assert_eq!(forward.skipped_examples[&SkipReason::Binary], paths[..5]);
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let c = Content::new("CODEOWNERS", b"\xEF\xBB\xBF* @acme/team\r\n");
        assert!(c.text().starts_with("* @acme"));
        assert!(c.is_valid_utf8());
        assert!(!Content::new("x", b"\xff").is_valid_utf8());
    }

    #[test]
    fn line_numbers() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 999), 3);
    }

    #[test]
    fn line_index_agrees_with_line_of() {
        for text in ["", "a", "a\nbb\n\nccc\nd", "\n\n", "x\n"] {
            let idx = LineIndex::new(text);
            for offset in 0..text.len() + 3 {
                assert_eq!(
                    idx.line(offset),
                    line_of(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
