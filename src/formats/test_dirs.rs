//! Directory names that mark test trees, shared by the path classifiers of
//! the workspace, the secrets scanner and the manifest readers.

/// `unittests`, `integrationtest`: a kind of test glued to `test`.
pub const TEST_GLUED_PREFIXES: &[&str] = &[
    "unit",
    "integration",
    "functional",
    "acceptance",
    "system",
    "smoke",
    "api",
    "ui",
    "load",
    "perf",
    "regression",
    "end2end",
];

/// A directory named for a kind of test glued to `test(s)`
/// (`integrationtest/`, `unittests/`, `smoketest/`); `latest/` and
/// `contest/` are not.
pub fn is_glued_test_dir(dir: &str) -> bool {
    let d = dir.to_ascii_lowercase();
    ["tests", "test"].iter().any(|t| {
        d.strip_suffix(t)
            .is_some_and(|rest| TEST_GLUED_PREFIXES.contains(&rest))
    })
}
