//! "Each file is read at most once" (DESIGN.md): a scan over a counting
//! `Source` reads every path zero or one times, however many checks want
//! it and however many threads run the pass.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};

use shipready::checklist::{self, Checklist};
use shipready::config::{self, Config, Loaded};
use shipready::settings::{Overrides, Settings};
use shipready::workspace::{Listing, MemorySource, Source, WalkOptions};

/// Wraps a memory source and counts reads per path.
struct Counting {
    inner: MemorySource,
    reads: Mutex<BTreeMap<String, usize>>,
}

impl Source for Counting {
    fn label(&self) -> String {
        self.inner.label()
    }
    fn list(
        &self,
        opts: &WalkOptions,
    ) -> Result<Listing, shipready::workspace::source::SourceError> {
        self.inner.list(opts)
    }
    fn read(&self, path: &str, cap: u64) -> io::Result<Vec<u8>> {
        *self
            .reads
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default() += 1;
        self.inner.read(path, cap)
    }
}

/// Several checks want the same files: two content checks over all Python,
/// one over everything, plus the built-ins and profile detection.
const CONFIG: &str = r#"
custom_checks:
  - id: team.no-print
    title: Services log instead of printing
    category: observability
    kind: content
    files: ["*.py"]
    must_not_match: 'print\('
  - id: team.no-bare-except
    title: No bare except
    category: reliability
    kind: content
    files: ["*.py"]
    must_not_match: 'except:\s*$'
  - id: team.no-fixme
    title: No FIXME left
    category: documentation
    kind: content
    files: ["*"]
    must_not_match: 'FIX[M]E'
"#;

fn tree() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "README.md".into(),
            b"# svc\n\n## Usage\n\nrun it\n".to_vec(),
        ),
        ("LICENSE".into(), b"MIT License\n".to_vec()),
        (
            "SECURITY.md".into(),
            b"Report to security@example.com\n".to_vec(),
        ),
        ("CHANGELOG.md".into(), b"# Changelog\n".to_vec()),
        (
            "pyproject.toml".into(),
            b"[project]\nname='svc'\ndependencies=['fastapi']\n".to_vec(),
        ),
        (
            "Dockerfile".into(),
            b"FROM python:3.12\nUSER app\n".to_vec(),
        ),
        (".github/CODEOWNERS".into(), b"* @team\n".to_vec()),
        (
            ".github/workflows/ci.yml".into(),
            b"on: push\njobs: {}\n".to_vec(),
        ),
        ("docs/runbooks/rollback.md".into(), b"# Rollback\n".to_vec()),
        ("data/blob.bin".into(), vec![0, 1, 2, 3]),
        ("data/blob.dat".into(), vec![b'x', 0, b'y']),
        (
            "data/latin1.txt".into(),
            vec![b'c', b'a', b'f', 0xe9, b'\n'],
        ),
        ("big.log".into(), vec![b'a'; 5000]),
    ];
    for i in 0..40 {
        files.push((
            format!("src/svc/m{i:02}.py"),
            format!("def f{i}():\n    print({i})  # FIXME\n").into_bytes(),
        ));
        files.push((
            format!("tests/test_m{i:02}.py"),
            b"def test(): pass\n".to_vec(),
        ));
    }
    files
}

fn settings(threads: usize) -> Settings {
    let list = (
        checklist::DEFAULT_PATH.to_string(),
        checklist::DEFAULT_TEXT.to_string(),
        Checklist::default_embedded().unwrap(),
    );
    let value: Config = config::yaml::parse(".shipready.yaml", CONFIG).unwrap();
    let cfg = Loaded {
        path: ".shipready.yaml".into(),
        text: CONFIG.into(),
        value,
    };
    let overrides = Overrides {
        respect_ignores: true,
        threads,
        // Small enough that big.log is over the cap: listed, never read.
        max_file_size: Some(4096),
        ..Default::default()
    };
    Settings::resolve(list, Some(cfg), None, &overrides).unwrap()
}

#[test]
fn each_file_is_read_at_most_once() {
    for threads in [1, 4] {
        let source = Arc::new(Counting {
            inner: MemorySource::new(tree()),
            reads: Mutex::new(BTreeMap::new()),
        });
        let report = shipready::engine::scan(&settings(threads), source.clone()).unwrap();
        let reads = source.reads.lock().unwrap().clone();
        let twice: Vec<_> = reads.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "read more than once: {twice:?}");
        // The content checks wanted every Python file, so each was read.
        for i in 0..40 {
            assert_eq!(reads.get(&format!("src/svc/m{i:02}.py")), Some(&1));
        }
        // Over the cap or known binary by name: never opened.
        assert_eq!(reads.get("big.log"), None, "over-cap file was read");
        assert_eq!(reads.get("data/blob.bin"), None, "known binary was read");
        // Every read is accounted for in the stats, and nothing else read.
        let total: usize = reads.values().sum();
        assert_eq!(total as u64, report.stats.files_read, "{:?}", report.stats);
        // Checks sharing a file each saw it from the one read.
        let findings = |id: &str| {
            report
                .checks
                .iter()
                .find(|c| c.id == id)
                .map_or(0, |c| c.outcome.findings.len())
        };
        assert_eq!(findings("team.no-print"), 40);
        assert_eq!(findings("team.no-fixme"), 40);
    }
}
