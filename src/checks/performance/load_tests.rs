//! `performance.load-tests`: load tests live in the repository.
//!
//! Recognised by content, not by name: k6 scripts (`import http from
//! 'k6/http'`), Locust files (`from locust import`), Gatling simulations
//! (`io.gatling` imports), JMeter plans (`<jmeterTestPlan`), Artillery
//! configs (`config:` with `phases:`/`target:` and `scenarios:`), Vegeta
//! (`vegeta attack`, the Go library), wrk Lua scripts (`wrk.method`,
//! `request = function`) and wrk/hey/ab/ghz/k6 invocations in scripts,
//! Makefiles and CI (medium), and load-testing tools among the
//! dependencies (medium). Test directories count: load tests live there.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::signals::{is_project_manifest, manifest_of};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::manifests::{package_matches, Ecosystem};
use crate::formats::needles::Needles;
use crate::model::{Basis, Outcome};
use crate::workspace::{line_of, Content, FileEntry};

pub struct LoadTests;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("performance.load-tests"),
    title: Cow::Borrowed("Load tests live in the repository"),
    category: Category::Performance,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[Profile::Service]),
    applies_when: Cow::Borrowed("the repository is a service"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("k6, Locust, Gatling, JMeter, Artillery, Vegeta or wrk scripts exist"),
    rationale: Cow::Borrowed(
        "Capacity that was never measured is a guess. Load tests kept with the code find the \
         connection pool that runs dry, the N+1 query and the memory that grows per request \
         before launch day does, and can be rerun after every change that matters.",
    ),
    remediation: Cow::Borrowed(
        "Add a load test for the critical paths (k6, Locust, Gatling, JMeter, Artillery, Vegeta \
         or wrk) under `loadtest/` or `tests/load/`, with thresholds for latency and error rate, \
         and run it before releases or on a schedule against a staging environment.",
    ),
    passes_when: Cow::Borrowed(
        "a load-test script or plan is found by content, or a load-testing tool is invoked in \
         scripts or CI, or is a dependency",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://grafana.com/docs/k6/latest/testing-guides/test-types/"),
        Cow::Borrowed("https://docs.locust.io/en/stable/what-is-locust.html"),
    ]),
};

type Sig = ((Regex, Needles), &'static str, bool);

static SIGNS: LazyLock<Vec<(&'static [&'static str], Sig)>> = LazyLock::new(|| {
    // Each pattern with the literals any match of it contains: most of
    // its regex's cost was walking source files that name no load tool.
    let r =
        |p: &str, words: &[&str]| (Regex::new(p).expect("load test regex"), Needles::new(words));
    let js: &'static [&'static str] = &["js", "mjs", "ts", "cjs"];
    let py: &'static [&'static str] = &["py"];
    let jvm: &'static [&'static str] = &["scala", "java", "kt"];
    let jmx: &'static [&'static str] = &["jmx"];
    let yaml: &'static [&'static str] = &["yml", "yaml"];
    let go: &'static [&'static str] = &["go"];
    let lua: &'static [&'static str] = &["lua"];
    let scripts: &'static [&'static str] = &[
        "sh", "bash", "makefile", "justfile", "yml", "yaml", "mk", "toml", "json",
    ];
    vec![
        (
            js,
            (
                r(
                    r#"(?m)^\s*import\s[^;\n]*from\s+['"]k6(?:/[\w/-]+)?['"]|require\(\s*['"]k6"#,
                    &["k6"],
                ),
                "k6 script",
                true,
            ),
        ),
        (
            py,
            (
                r(
                    r"(?m)^\s*(?:from\s+locust\s+import|import\s+locust\b)",
                    &["locust"],
                ),
                "Locust file",
                true,
            ),
        ),
        (
            jvm,
            (
                r(r"(?m)^\s*import\s+io\.gatling\.", &["io.gatling."]),
                "Gatling simulation",
                true,
            ),
        ),
        (
            jmx,
            (
                r(r"<jmeterTestPlan", &["<jmeterTestPlan"]),
                "JMeter test plan",
                true,
            ),
        ),
        (
            yaml,
            (
                r(
                    r"(?ms)^config:\s*$.*^\s+(?:phases|target):.*^scenarios:",
                    &["scenarios:"],
                ),
                "Artillery config",
                true,
            ),
        ),
        (
            go,
            (
                r(
                    r#""github\.com/tsenart/vegeta"#,
                    &["github.com/tsenart/vegeta"],
                ),
                "Vegeta (Go library)",
                true,
            ),
        ),
        (
            lua,
            (
                r(
                    r"\bwrk\.(?:method|headers|body|format)\b|(?m)^\s*request\s*=\s*function",
                    &["wrk.", "request"],
                ),
                "wrk script",
                true,
            ),
        ),
        (
            scripts,
            (
                r(r"\bvegeta\s+attack\b", &["vegeta"]),
                "vegeta attack",
                true,
            ),
        ),
        (
            scripts,
            (
                r(
                    r"\b(?:k6\s+run|wrk\s+-[tcd]\d*|hey\s+-[nzc]\b|ab\s+-[nc]\s*\d|ghz\s+--|locust\s+-f|artillery\s+run)\b",
                    &["k6", "wrk", "hey", "ab", "ghz", "locust", "artillery"],
                ),
                "a load-test run command",
                false,
            ),
        ),
    ]
});

const TOOLS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Python, "locust"),
    (Ecosystem::Npm, "artillery"),
    (Ecosystem::Npm, "@types/k6"),
    (Ecosystem::Npm, "k6"),
    (Ecosystem::Npm, "autocannon"),
    (Ecosystem::Npm, "loadtest"),
    (Ecosystem::Go, "github.com/tsenart/vegeta"),
    (Ecosystem::Go, "github.com/rakyll/hey"),
    (Ecosystem::Cargo, "goose"),
    (Ecosystem::Cargo, "drill"),
    (Ecosystem::Maven, "io.gatling:*"),
    (Ecosystem::Maven, "io.gatling.highcharts:*"),
    (Ecosystem::Maven, "gatling-maven-plugin"),
    (Ecosystem::Gradle, "io.gatling:*"),
    (Ecosystem::Gradle, "io.gatling.highcharts:*"),
    (Ecosystem::Nuget, "NBomber*"),
    (Ecosystem::Hex, "chaperon"),
];

fn ext(f: &FileEntry) -> String {
    let n = f.name().to_ascii_lowercase();
    if n == "makefile" || n == "justfile" {
        return n;
    }
    n.rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_string())
}

struct Found(Vec<(u32, String, bool)>);

impl Check for LoadTests {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        if file.vendored() || file.fixture() || file.size > 1024 * 1024 {
            return false;
        }
        let e = ext(file);
        is_project_manifest(file) || SIGNS.iter().any(|(exts, _)| exts.contains(&e.as_str()))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let mut found = Vec::new();
        if let Some(m) = manifest_of(content) {
            for d in m.deps.iter() {
                if TOOLS
                    .iter()
                    .any(|(e, n)| *e == m.ecosystem && package_matches(*e, &d.name, n))
                {
                    found.push((d.line.unwrap_or(1), format!("{} dependency", d.name), false));
                }
            }
        }
        let e = ext(file);
        let text = content.text();
        for (exts, ((re, words), what, sure)) in SIGNS.iter() {
            if exts.contains(&e.as_str()) && words.any(text) {
                if let Some(m) = re.find(text) {
                    found.push((line_of(text, m.start()), what.to_string(), *sure));
                }
            }
        }
        (!found.is_empty()).then(|| Box::new(Found(found)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut all: Vec<(&FileEntry, &(u32, String, bool))> = ctx
            .data::<Found>()
            .flat_map(|(f, x)| x.0.iter().map(move |h| (f, h)))
            .collect();
        all.sort_by_key(|(f, (l, _, sure))| (!*sure, f.path.as_str(), *l));
        let Some((f, (line, what, sure))) = all.first() else {
            return Ok(Outcome::fail("no load tests")
                .basis(Basis::Pattern)
                .evidence("looked for k6, Locust, Gatling, JMeter, Artillery, Vegeta and wrk scripts by content, load-test commands in scripts and CI, and load-testing dependencies"));
        };
        Ok(Outcome::pass(format!("{what} at {}:{line}", f.path))
            .basis(if *sure { Basis::Parsed } else { Basis::Present })
            .evidences(
                all.iter()
                    .take(8)
                    .map(|(f, (l, w, _))| format!("{w} at {}:{l}", f.path)),
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
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let cases: &[Case] = &[
            ("k6", &[("loadtest/smoke.js", "import http from 'k6/http';\nexport default function () { http.get(__ENV.URL); }\n")], Status::Pass),
            ("locust", &[("tests/load/locustfile.py", "from locust import HttpUser, task\n")], Status::Pass),
            ("gatling", &[("src/gatling/scala/Basic.scala", "import io.gatling.core.Predef._\n")], Status::Pass),
            ("jmeter", &[("perf/plan.jmx", "<?xml version=\"1.0\"?>\n<jmeterTestPlan version=\"1.2\">\n")], Status::Pass),
            ("artillery", &[("load.yml", "config:\n  target: http://localhost:3000\n  phases:\n    - duration: 60\nscenarios:\n  - flow: []\n")], Status::Pass),
            ("vegeta in a Makefile", &[("Makefile", "load:\n\techo 'GET http://x/' | vegeta attack -rate=50 | vegeta report\n")], Status::Pass),
            ("wrk lua", &[("bench/post.lua", "wrk.method = \"POST\"\n")], Status::Pass),
            ("locust dependency", &[("requirements-dev.txt", "locust==2.20\n")], Status::Pass),
            ("a file named k6.js that is not k6", &[("src/k6.js", "export const k6 = 1;\n")], Status::Fail),
            ("a word in a README", &[("README.md", "We should add k6 load tests.")], Status::Fail),
        ];
        for (name, files, want) in cases {
            expect(&LoadTests, name, files, *want);
        }
    }
}
