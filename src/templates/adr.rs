//! An architecture decision record template for `docs.adr`:
//! `docs/adr/0000-template.md` in Michael Nygard's form (context, decision,
//! consequences). The check does not count a file named for a template,
//! by design: it passes once the first real record, a copy of this one, is
//! written.
//!
//! Placed in the directory a root `.adr-dir` names, else in an existing
//! decision-record directory that has no records yet, else in `docs/adr/`.

use super::{propose, Inputs, Plan, Starter};
use crate::formats::markup::TEMPLATE_MARKER;

pub fn render() -> String {
    format!(
        "# NNNN. Title of the decision, in the imperative\n\n\
         > {TEMPLATE_MARKER}: a template written by `shipready init --templates`. For each \
         significant decision, copy it to `NNNN-short-title.md` (the next number), fill in \
         every section and delete this line. Records are never edited after acceptance: a \
         new record supersedes an old one.\n\n\
         Date: YYYY-MM-DD\n\n\
         Status: proposed | accepted | superseded by NNNN\n\n\
         ## Context\n\n\
         {TEMPLATE_MARKER}: the forces at play: the problem, the constraints, the options that \
         were considered and why they were not taken.\n\n\
         ## Decision\n\n\
         {TEMPLATE_MARKER}: what was decided, in full sentences (\"We will ...\").\n\n\
         ## Consequences\n\n\
         {TEMPLATE_MARKER}: what becomes easier and what becomes harder, including the risks \
         accepted.\n"
    )
}

/// The decision-record directory: `.adr-dir`'s, an existing one, or the
/// docs directory's `adr/`.
fn adr_dir(inp: &Inputs<'_>) -> String {
    let declared = inp.ws.source().read(".adr-dir", 4096).ok().and_then(|b| {
        let text = String::from_utf8_lossy(&b).into_owned();
        let line = text.lines().next()?.trim().trim_start_matches("./");
        let dir = line.trim_end_matches('/');
        // Only a plain relative directory: `.adr-dir` is the audited tree's
        // to write, and may point anywhere.
        let plain = std::path::Path::new(dir)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        (!dir.is_empty() && plain).then(|| dir.to_string())
    });
    if let Some(d) = declared {
        return d;
    }
    let docs = inp.docs_dir();
    ["adr", "adrs", "decisions", "architecture/decisions"]
        .iter()
        .map(|d| format!("{docs}/{d}"))
        .find(|d| inp.has_dir(d))
        .unwrap_or_else(|| format!("{docs}/adr"))
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    if inp.failing("docs.adr").is_none() {
        return;
    }
    propose(
        inp,
        plan,
        Starter {
            path: format!("{}/0000-template.md", adr_dir(inp)),
            text: render(),
            checks: vec!["docs.adr".into()],
            note: "decision record template: the check counts the first real record, a copy of it"
                .into(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::docs::adr::Adr;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn the_template_alone_does_not_count_a_copy_does() {
        let t = render();
        expect(
            &Adr,
            "template",
            &[("docs/adr/0000-template.md", &t)],
            Status::Fail,
        );
        expect(
            &Adr,
            "first record",
            &[
                ("docs/adr/0000-template.md", &t),
                ("docs/adr/0001-use-postgres.md", "# 1. Use Postgres\n"),
            ],
            Status::Pass,
        );
    }
}
