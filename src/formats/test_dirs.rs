//! Directory names that mark test trees, shared by the path classifiers of
//! the workspace, the secrets scanner and the manifest readers.

/// `unittests`, `integrationtest`: a kind of test glued to `test`.
const TEST_GLUED_PREFIXES: &[&str] = &[
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
    // Database test harnesses (`internal/sqltest/`, `dbtest/`).
    "sql",
    "db",
];

/// A directory named for a kind of test glued to `test(s)`
/// (`integrationtest/`, `unittests/`, `smoketest/`); `latest/` and
/// `contest/` are not.
pub fn is_glued_test_dir(dir: &str) -> bool {
    // Asked of every path segment the classifiers see: no allocation.
    ["tests", "test"].iter().any(|t| {
        dir.len() > t.len()
            && dir.is_char_boundary(dir.len() - t.len())
            && dir[dir.len() - t.len()..].eq_ignore_ascii_case(t)
            && TEST_GLUED_PREFIXES
                .iter()
                .any(|p| dir[..dir.len() - t.len()].eq_ignore_ascii_case(p))
    })
}

#[cfg(test)]
mod tests {
    use super::is_glued_test_dir;

    #[test]
    fn glued_names() {
        for (dir, want) in [
            ("integrationtest", true),
            ("sqltest", true),
            ("dbtests", true),
            ("IntegrationTests", true),
            ("unittests", true),
            ("e2e", false),
            ("test", false),
            ("latest", false),
            ("contest", false),
            ("apitestx", false),
            ("ünittest", false),
        ] {
            assert_eq!(is_glued_test_dir(dir), want, "{dir}");
        }
    }
}
