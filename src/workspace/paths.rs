//! What a file's path says about it, beyond its kind: vendored, fixture,
//! test or example code. A dozen checks ask these of every file, so
//! `FileEntry` decides them once (`FileEntry::vendored` and its siblings).

/// Vendored, generated or dependency trees, which say nothing about the
/// project's own readiness.
pub fn is_vendored(path: &str) -> bool {
    let mut comps = path.split('/').peekable();
    while let Some(c) = comps.next() {
        let vendored = match c {
            // `build/` is usually output, but the Go project layout keeps
            // its packaging there (`build/package/Dockerfile`, `build/ci/`).
            "build" => comps.peek().is_some_and(|next| {
                !matches!(*next, "package" | "packaging" | "ci" | "docker" | "deploy")
            }),
            _ => matches!(
                c,
                "node_modules"
                    | "vendor"
                    | "third_party"
                    | "third-party"
                    | "bower_components"
                    | ".venv"
                    | "venv"
                    | "site-packages"
                    | "target"
                    | "dist"
                    | "__pycache__"
            ),
        };
        if vendored {
            return true;
        }
    }
    false
}

/// The CI systems' own directories (`.github/`, `.gitlab/`, `.circleci/`,
/// `.buildkite/`): what lives there serves the pipeline (its services, the
/// tools it installs), not the product.
pub fn in_ci_dir(path: &str) -> bool {
    [".github/", ".gitlab/", ".circleci/", ".buildkite/"]
        .iter()
        .any(|d| path.starts_with(d))
}

/// Fixture and example trees describe other software, not this one.
///
/// Fixture directories count at any depth. Example and sample directories
/// count only near the top (`examples/`, `docs/examples/`): deeper down the
/// same words are package names (`org/springframework/samples/petclinic`
/// is the application itself).
pub fn is_fixture(path: &str) -> bool {
    let dirs: Vec<&str> = path.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    dirs.iter().enumerate().any(|(i, c)| match *c {
        "fixtures" | "fixture" | "testdata" | "test-data" | "__fixtures__" => true,
        // Go's tools skip `_examples/`: example programs by convention.
        "_examples" | "_example" => i == 0,
        "examples" | "example" | "samples" | "sample" => {
            i == 0 || (i == 1 && matches!(dirs[0], "docs" | "doc"))
        }
        _ => false,
    })
}

/// Test, spec, benchmark and mock code: it calls services without
/// timeouts and reads variables no operator sets, on purpose.
use crate::formats::test_dirs::is_glued_test_dir;

pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let (dirs, name) = parts.split_at(parts.len().saturating_sub(1));
    let name = name.first().copied().unwrap_or("");
    let dir_hit = dirs.iter().any(|d| {
        matches!(
            *d,
            "test"
                | "tests"
                | "__tests__"
                | "spec"
                | "specs"
                | "e2e"
                | "testing"
                | "testutil"
                | "testutils"
                | "test_utils"
                | "testhelpers"
                | "mocks"
                | "__mocks__"
                | "integration-tests"
                | "integration_tests"
                | "benches"
                | "bench"
                | "benchmarks"
                | "cypress"
                | "playwright"
                | "conftest"
        ) || is_glued_test_dir(d)
            || d.ends_with("_test")
            || d.ends_with("-test")
            || d.ends_with("-tests")
            || d.ends_with(".tests")
            || d.ends_with(".test")
    }) || is_t_tree(&parts);
    let stem = name.split('.').next().unwrap_or("");
    let name_hit = name.ends_with("_test.go")
        || name.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_spec")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.contains(".e2e.")
        || name == "conftest.py"
        || stem.ends_with("test")
            && (name.ends_with(".java") || name.ends_with(".kt") || name.ends_with(".cs"))
        || stem.ends_with("tests")
            && (name.ends_with(".java") || name.ends_with(".kt") || name.ends_with(".cs"));
    dir_hit || name_hit
}

/// A top-level `t/` directory holds the test suite in Perl's convention,
/// which Celery, Kombu and Git follow (`t/unit/security/__init__.py`).
/// Only at the root: elsewhere a one-letter directory says nothing.
pub fn is_t_tree<S: AsRef<str>>(parts: &[S]) -> bool {
    parts.len() > 1 && parts[0].as_ref() == "t"
}

/// Example and demo trees at any depth (`backend/_example/`), which
/// `profile::is_fixture` counts only near the top.
pub fn is_example_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    // Below a JVM source root the words are package names
    // (`org/springframework/samples/petclinic` is the application).
    let lower = match lower.find("src/main/") {
        Some(i) => &lower[..i],
        None => &lower[..],
    };
    lower.split('/').rev().skip(1).any(|d| {
        matches!(
            d.trim_start_matches(['_', '.']),
            "example" | "examples" | "sample" | "samples" | "demo" | "demos"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_trees() {
        for (path, want) in [
            ("node_modules/x/index.js", true),
            ("web/build/static/app.js", true),
            ("build/output.txt", true),
            ("build", false),
            ("build/package/servers.dockerfile", false),
            ("build/ci/run.sh", false),
            ("src/builder/x.go", false),
        ] {
            assert_eq!(is_vendored(path), want, "{path}");
        }
    }

    #[test]
    fn glued_test_directories() {
        for (path, want) in [
            ("oryx/watcherx/integrationtest/event_logger.yml", true),
            ("src/unittests/a.py", true),
            ("smoketest/run.sh", true),
            ("docs/latest/index.md", false),
            ("contest/app.py", false),
            ("src/apitest/x.go", true),
            ("src/manifest/x.go", false),
            ("t/unit/test_app.py", true),
            ("t/integration/conftest_helpers.py", true),
            ("app/t/x.py", false),
            ("t.py", false),
        ] {
            assert_eq!(is_test_path(path), want, "{path}");
        }
    }
}
