//! SECURITY.md for `security.policy`: where to report a vulnerability, the
//! supported versions, and disclosure. The reporting channel is a
//! `TODO(shipready)` line (no address or link, which the check would take
//! for a contact), so the policy counts once the team names a real one.
//!
//! Placed in `.github/` when the project keeps its community files there
//! (a CONTRIBUTING or CODE_OF_CONDUCT in `.github/`), else at the root.

use super::{note, propose, Inputs, Plan, Skipped, Starter};
use crate::formats::markup::TEMPLATE_MARKER;

const SECTIONS: &[(&str, &str)] = &[
    (
        "Reporting a vulnerability",
        "the private channel for reports: an address the maintainers read, or the code host's private vulnerability reporting form (switch it on in the repository settings first). Ask reporters not to open public issues.",
    ),
    (
        "What to expect",
        "how soon a report is acknowledged (for example within three working days), and how the reporter is kept informed until a fix is released.",
    ),
    (
        "Supported versions",
        "the versions that receive security fixes, for example the latest minor release of each supported major version.",
    ),
    (
        "Disclosure",
        "when and where the advisory is published once a fix is out, and whether reporters are credited.",
    ),
];

pub fn render() -> String {
    let mut out = format!("# Security policy\n\n> {}\n", note());
    for (heading, what) in SECTIONS {
        out.push_str(&format!("\n## {heading}\n\n{TEMPLATE_MARKER}: {what}\n"));
    }
    out
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    let Some(result) = inp.failing("security.policy") else {
        return;
    };
    // A policy that exists but names no contact (or is an unfilled
    // starter) is the team's to finish; a second one would compete with it.
    if result.outcome.summary != "no SECURITY.md" {
        plan.skipped.push(Skipped {
            path: None,
            check: "security.policy".into(),
            reason: format!(
                "a policy exists; finish it rather than start another (the scan says: {})",
                result.outcome.summary
            ),
        });
        return;
    }
    let community = [".github/CONTRIBUTING.md", ".github/CODE_OF_CONDUCT.md"];
    let path = if community.iter().any(|p| inp.exists(p)) {
        ".github/SECURITY.md"
    } else {
        "SECURITY.md"
    };
    propose(
        inp,
        plan,
        Starter {
            path: path.into(),
            text: render(),
            checks: vec!["security.policy".into()],
            note: "security policy: name the private reporting channel; it counts once that line is written".into(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::security::policy::Policy;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn counts_once_the_channel_is_written() {
        let raw = render();
        expect(&Policy, "raw", &[("SECURITY.md", &raw)], Status::Fail);
        let written = raw.replace(
            &format!("{TEMPLATE_MARKER}: the private channel"),
            "Mail security@acme.test, not a public issue. The private channel",
        );
        expect(
            &Policy,
            "written",
            &[("SECURITY.md", &written)],
            Status::Pass,
        );
    }
}
