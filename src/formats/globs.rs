//! Gitignore-style patterns turned into globset globs, for config excludes
//! and ignores, declarative checks and CODEOWNERS.

/// gitignore-like expansion: `foo` -> `**/foo` and `**/foo/**`; `a/b` ->
/// `a/b` and `a/b/**`.
pub fn expand_glob(pat: &str) -> Vec<String> {
    let base = anchored_glob(pat.trim_start_matches("./").trim_end_matches('/'));
    vec![base.clone(), format!("{base}/**")]
}

/// The gitignore anchoring rule: a pattern with a '/' (leading or inside)
/// is relative to the root, one without matches at any depth.
pub fn anchored_glob(p: &str) -> String {
    let anchored = p.starts_with('/') || p.contains('/');
    let p = p.trim_start_matches('/');
    if anchored || p.starts_with("**") {
        p.to_string()
    } else {
        format!("**/{p}")
    }
}
