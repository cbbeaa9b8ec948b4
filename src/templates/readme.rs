//! README.md for `docs.readme`, written only when the repository has no
//! README at all (an existing one is the team's to extend; the scan names
//! its missing sections). One heading per section the check requires, each
//! holding a `TODO(shipready)` line, so it counts section by section as
//! they are written.

use super::{note, propose, Inputs, Plan, Skipped, Starter};
use crate::formats::markup::TEMPLATE_MARKER;
use crate::workspace::FileKind;

const SECTIONS: &[(&str, &str)] = &[
    (
        "Overview",
        "what this is, who uses it, and what it deliberately does not do.",
    ),
    (
        "Installation",
        "the prerequisites (language version, the services it needs) and the commands that build it.",
    ),
    (
        "Usage",
        "how to run it locally, with one example from start to a visible result.",
    ),
    (
        "Configuration",
        "every environment variable and setting it reads, with its default and what it changes.",
    ),
    (
        "Testing",
        "the command that runs the tests, and what they need (a database, test data).",
    ),
    (
        "Deployment",
        "how a change reaches production, who can release, and where the runbooks are.",
    ),
    (
        "Troubleshooting",
        "the known failure modes, how each shows itself, and what to do about it.",
    ),
];

pub fn render(project: &str) -> String {
    let mut out = format!("# {project}\n\n> {}\n", note());
    for (heading, what) in SECTIONS {
        out.push_str(&format!("\n## {heading}\n\n{TEMPLATE_MARKER}: {what}\n"));
    }
    out
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    let Some(result) = inp.failing("docs.readme") else {
        return;
    };
    let existing = inp
        .ws
        .files()
        .iter()
        .find(|f| f.is(FileKind::Readme) && f.depth() == 0);
    if let Some(f) = existing {
        plan.skipped.push(Skipped {
            path: Some(f.path.clone()),
            check: "docs.readme".into(),
            reason: format!(
                "exists; not overwriting it (the scan says: {})",
                result.outcome.summary
            ),
        });
        return;
    }
    propose(
        inp,
        plan,
        Starter {
            path: "README.md".into(),
            text: render(inp.project),
            checks: vec!["docs.readme".into()],
            note: "README with the seven sections the check reads; each counts once written".into(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::docs::readme::Readme;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn counts_section_by_section() {
        let raw = render("payments");
        expect(&Readme, "raw", &[("README.md", &raw)], Status::Fail);
        let written: String = raw
            .lines()
            .filter(|l| !l.starts_with('>'))
            .map(|l| {
                l.replace(
                    &format!("{TEMPLATE_MARKER}: "),
                    "Here the team writes, in a few plain sentences of real prose, ",
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        expect(&Readme, "written", &[("README.md", &written)], Status::Pass);
    }
}
