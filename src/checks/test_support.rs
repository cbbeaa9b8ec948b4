//! Test helpers: run one check over an in-memory repository, with pointed
//! failure messages.

use crate::checks::{Check, Params, Profile};
use crate::model::{Outcome, Status};
use crate::workspace::Workspace;

/// Runs `check` alone over `files` (path, content), as the service profile.
pub fn run_check(check: &dyn Check, files: &[(&str, &str)]) -> Outcome {
    run_with(check, files, &Params::default(), Profile::Service)
}

pub fn run_with(
    check: &dyn Check,
    files: &[(&str, &str)],
    params: &Params,
    profile: Profile,
) -> Outcome {
    let ws = Workspace::in_memory(
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())),
    );
    crate::engine::run_check(check, &ws, params, profile)
}

/// Asserts the status, printing the whole outcome when it differs.
#[track_caller]
pub fn expect(check: &dyn Check, name: &str, files: &[(&str, &str)], want: Status) -> Outcome {
    let o = run_check(check, files);
    assert_eq!(
        o.status,
        want,
        "case '{name}': expected {}, got {} ({}); evidence: {:?}; findings: {:?}",
        want.as_str(),
        o.status.as_str(),
        o.summary,
        o.evidence,
        o.findings
            .iter()
            .map(|f| format!("{}: {}", f.location(), f.message))
            .collect::<Vec<_>>()
    );
    o
}
