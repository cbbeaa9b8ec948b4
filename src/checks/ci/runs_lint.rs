//! `ci.runs-lint`: some CI job runs a linter or a format check (clippy,
//! rustfmt --check, golangci-lint, go vet, ruff, flake8, mypy, eslint,
//! prettier --check, rubocop, ktlint, phpstan, shellcheck, pre-commit...),
//! directly, through a lint action, or through a script, make target or
//! package.json script in the repository.

use std::borrow::Cow;

use super::{keep_with_scripts, purpose_outcome, wants_with_scripts};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::ci::commands::Purpose;
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct RunsLint;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.runs-lint"),
    title: Cow::Borrowed("A CI job runs a linter or a format check"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a CI configuration exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Some CI step runs a linter, type checker or format check"),
    rationale: Cow::Borrowed(
        "Linters catch whole classes of bugs (unused results, shadowed errors, unsafe casts) for free, \
         and a format check keeps reviews about behaviour instead of whitespace. Run locally only, \
         they are skipped exactly when it matters.",
    ),
    remediation: Cow::Borrowed(
        "Add a lint step, e.g. `run: cargo clippy -- -D warnings` and `run: cargo fmt --check`, \
         `uses: golangci/golangci-lint-action`, `run: ruff check .`, `run: npm run lint`, or \
         `uses: pre-commit/action` when the hooks already lint.",
    ),
    passes_when: Cow::Borrowed("a step that can run invokes a known linter or format check, or a lint action"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://pre-commit.com/")]),
};

impl Check for RunsLint {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wants_with_scripts(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        keep_with_scripts(file, content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        Ok(purpose_outcome(
            ctx,
            Purpose::Lint,
            "clippy, rustfmt --check, golangci-lint, go vet, ruff, flake8, mypy, eslint, prettier --check, rubocop, pre-commit...",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let wf =
            |s: &str| format!("on: push\njobs:\n  l:\n    runs-on: x\n    steps:\n      - {s}\n");
        let cases: Vec<(&str, String, Status)> = vec![
            (
                "clippy",
                wf("run: cargo clippy --all-targets -- -D warnings"),
                Status::Pass,
            ),
            (
                "action",
                wf("uses: golangci/golangci-lint-action@v6"),
                Status::Pass,
            ),
            (
                "pre-commit",
                wf("uses: pre-commit/action@v3.0.1"),
                Status::Pass,
            ),
            ("build only", wf("run: cargo build"), Status::Fail),
            (
                "prettier write",
                wf("run: npx prettier --write ."),
                Status::Fail,
            ),
        ];
        for (name, text, want) in cases {
            expect(
                &RunsLint,
                name,
                &[(".github/workflows/ci.yml", &text)],
                want,
            );
        }
    }
}
