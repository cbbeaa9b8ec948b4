//! `ci.runs-tests`: some CI job really runs the project's tests.
//!
//! A step counts when it can run (not `if: false`, not in a hidden GitLab
//! job nobody extends, not commented out: comments are not steps) and its
//! command is a test runner of some ecosystem (cargo test/nextest, go test,
//! pytest/tox/nox, npm/yarn/pnpm test, jest, vitest, mvn/gradle, dotnet
//! test, rspec/rake, mix test, make test and the like). Steps are followed
//! into called reusable workflows, local actions, scripts in the
//! repository, make targets and package.json scripts; `npm test` with npm's
//! placeholder script runs nothing. A script name alone (`run-tests.sh` not
//! in the repository) is a guess and earns partial credit.

use std::borrow::Cow;

use super::{keep_with_scripts, purpose_outcome, wants_with_scripts};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::ci::commands::Purpose;
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct RunsTests;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.runs-tests"),
    title: Cow::Borrowed("A CI job runs the project's tests"),
    category: Category::Deployment,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a CI configuration exists"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Some CI step that can run invokes a test runner"),
    rationale: Cow::Borrowed(
        "A pipeline that builds but never tests proves only that the code compiles. Tests that run \
         on every change are what catches a regression before users do; tests that exist but are not \
         in CI rot quietly.",
    ),
    remediation: Cow::Borrowed(
        "Add a step that runs the suite on every push and pull request, e.g. `run: cargo test --locked`, \
         `run: go test ./...`, `run: pytest`, `run: npm test`, `run: ./gradlew test`. If the step \
         calls a script, keep the script in the repository so the call can be followed. Remove \
         `if: false` from a disabled test job.",
    ),
    passes_when: Cow::Borrowed(
        "a step that can run invokes a known test runner, directly or through a local reusable \
         workflow, local action, repository script, make target or package.json script; a test step \
         inferred from a name only earns half",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://docs.github.com/en/actions/use-cases-and-examples/building-and-testing",
    )]),
};

impl Check for RunsTests {
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
            Purpose::Test,
            "cargo test, go test, pytest, tox, npm test, jest, vitest, mvn, gradle, dotnet test, rspec, mix test, make test...",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);

    fn wf(steps: &str) -> String {
        format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n{steps}")
    }

    #[test]
    fn cases() {
        let direct = wf("      - run: cargo test --locked\n");
        let disabled = wf("      - run: cargo test\n        if: false\n");
        let commented = wf("      - run: cargo build\n      # - run: cargo test\n");
        let echo = wf("      - run: echo \"cargo test is run elsewhere\"\n");
        let script = wf("      - run: bash .ci/run\n");
        let make = wf("      - run: make ci\n");
        let npm = wf("      - run: npm test\n");
        let missing_script = wf("      - run: ./scripts/run-tests.sh\n");
        let reusable_caller = "on: push\njobs:\n  call:\n    uses: ./.github/workflows/test.yml\n";
        let reusable = "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: go test ./...\n";
        let matrix = wf("      - name: Tests ${{ matrix.suite.name }}\n        run: bin/rails $TEST_COMMAND\n        env:\n          TEST_COMMAND: ${{ matrix.suite.command }}\n");
        let matrix_build =
            wf("      - name: Build ${{ matrix.target }}\n        run: cargo build $ARGS\n");
        let matrix_echo = wf("      - name: Tests\n        run: echo $TEST_COMMAND\n");
        let cases: &[Case] = &[
            ("direct", vec![(".github/workflows/ci.yml", &direct)], Status::Pass),
            ("tests from the matrix", vec![(".github/workflows/ci.yml", &matrix)], Status::Partial),
            ("a build from the matrix", vec![(".github/workflows/ci.yml", &matrix_build)], Status::Fail),
            ("a test step that only echoes", vec![(".github/workflows/ci.yml", &matrix_echo)], Status::Fail),
            ("if false", vec![(".github/workflows/ci.yml", &disabled)], Status::Fail),
            ("commented out", vec![(".github/workflows/ci.yml", &commented)], Status::Fail),
            ("echo only", vec![(".github/workflows/ci.yml", &echo)], Status::Fail),
            ("script in repo", vec![(".github/workflows/ci.yml", &script), (".ci/run", "set -e\ncargo fmt --check\ncargo test\n")], Status::Pass),
            ("script without tests", vec![(".github/workflows/ci.yml", &script), (".ci/run", "cargo build\n")], Status::Fail),
            ("make target", vec![(".github/workflows/ci.yml", &make), ("Makefile", "ci: lint unit\nunit:\n\tgo test ./...\nlint:\n\tgo vet ./...\n")], Status::Pass),
            ("npm placeholder", vec![(".github/workflows/ci.yml", &npm), ("package.json", "{\"scripts\":{\"test\":\"echo \\\"Error: no test specified\\\" && exit 1\"}}")], Status::Fail),
            ("npm real", vec![(".github/workflows/ci.yml", &npm), ("package.json", "{\"scripts\":{\"test\":\"jest\"}}")], Status::Pass),
            ("script by name", vec![(".github/workflows/ci.yml", &missing_script)], Status::Partial),
            ("reusable", vec![(".github/workflows/ci.yml", reusable_caller), (".github/workflows/test.yml", reusable)], Status::Pass),
            ("uncalled reusable", vec![(".github/workflows/test.yml", reusable), (".github/workflows/ci.yml", &echo)], Status::Fail),
            ("gitlab template", vec![(".gitlab-ci.yml", ".t:\n  script: [pytest]\nunit:\n  extends: .t\n")], Status::Pass),
            ("gitlab hidden only", vec![(".gitlab-ci.yml", ".t:\n  script: [pytest]\nbuild:\n  script: [cargo build]\n")], Status::Fail),
            ("circleci", vec![(".circleci/config.yml", "jobs:\n  t:\n    steps:\n      - run: bundle exec rspec\n")], Status::Pass),
            ("jenkins", vec![("Jenkinsfile", "node { sh 'mvn -B verify' }\n")], Status::Pass),
            ("no ci", vec![("README.md", "x")], Status::NotApplicable),
        ];
        for (name, files, want) in cases {
            expect(&RunsTests, name, files, *want);
        }
    }
}
