//! `tests.present`: every significant language of the repository has tests.
//!
//! Languages come from file extensions, grouped where they share test
//! conventions (JavaScript with TypeScript; Java, Kotlin, Scala and Groovy;
//! C, C++ and Objective-C; C# with F#). Vendored trees, fixture/example
//! trees, `docs/`, generated code (`*.pb.go`, `*_pb2.py`, `*.g.dart`...) and
//! build or tool configuration (`*.gradle`, `*.config.js`, `setup.py`,
//! `*.d.ts`, `*.min.js`) are not counted. A group is significant from
//! `min_files` files (default 3), so a lone build script does not demand a
//! test suite; Shell counts only from 5 files and when it is most of the
//! code (Terraform, Jsonnet, Nix, SQL... count as code it is glue for).
//!
//! A file is a test by its language's conventions: `*_test.go` (and only
//! that, for Go); `tests/*.rs` or `#[test]`/`#[cfg(test)]` and friends inside
//! Rust files (read during the pass); Zig `test "..."` blocks; and for the
//! rest, test directories (`test/`, `tests/`, `spec/`, `__tests__/`,
//! `src/test/`, `*.Tests/` projects, Perl's `t/`) or test names (`test_*`,
//! `*_test`, `*_spec`, `*.test.*`, `*.spec.*`, `*Test`, `*Tests`, `*Spec`,
//! `*IT`, `conftest.py`, Erlang `*_SUITE`).
//!
//! Score: the share of the significant languages' source files that are in
//! a language with at least one test file, so a handful of untested
//! scripts beside a tested service is a small gap, not half a failure. No
//! significant language at all (fewer than `min_files` files of any) is not
//! applicable.
//!
//! Limits: this proves tests exist, not that they run in CI or cover much.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry, Lang};

pub struct Present;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("tests.present"),
    title: Cow::Borrowed("Every language in the repository has tests"),
    category: Category::Deployment,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("the repository has source code"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Test files exist for each language the code is written in"),
    rationale: Cow::Borrowed(
        "Without automated tests, every deploy is a bet: regressions reach production and are found by \
         users, and nobody dares to refactor or upgrade dependencies. Tests are also the executable \
         description of what the code is meant to do, which the next maintainer needs most.",
    ),
    remediation: Cow::Borrowed(
        "Add tests in the usual place for each language, so the standard runner finds them: \
         `*_test.go` beside the code (Go); `#[cfg(test)] mod tests` or `tests/*.rs` (Rust); \
         `tests/test_*.py` (pytest); `*.test.ts` or `__tests__/` (Jest, Vitest); `src/test/java/...Test.java` \
         (JUnit); `spec/*_spec.rb` (RSpec). Start with the code paths that handle money, data or \
         authentication, then run the suite in CI on every change.",
    ),
    passes_when: Cow::Borrowed(
        "every language with at least `min_files` source files (outside vendored, fixture and docs \
         trees) has at least one test file by that language's conventions; partial credit per language",
    ),
    params: Cow::Borrowed(&[(
        Cow::Borrowed("min_files"),
        Cow::Borrowed("a language with fewer source files than this is ignored (default 3)"),
    )]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://martinfowler.com/articles/practical-test-pyramid.html",
    )]),
};

/// Languages that share test conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Rust,
    Python,
    Go,
    JsTs,
    Jvm,
    Ruby,
    Php,
    Dotnet,
    CFamily,
    Swift,
    Elixir,
    Erlang,
    Dart,
    Perl,
    Zig,
    Shell,
    Other(Lang),
}

fn group(lang: Lang) -> Group {
    match lang {
        Lang::Rust => Group::Rust,
        Lang::Python => Group::Python,
        Lang::Go => Group::Go,
        Lang::JavaScript | Lang::TypeScript => Group::JsTs,
        Lang::Java | Lang::Kotlin | Lang::Scala | Lang::Groovy => Group::Jvm,
        Lang::Ruby => Group::Ruby,
        Lang::Php => Group::Php,
        Lang::CSharp | Lang::FSharp => Group::Dotnet,
        Lang::C | Lang::Cpp | Lang::ObjectiveC => Group::CFamily,
        Lang::Swift => Group::Swift,
        Lang::Elixir => Group::Elixir,
        Lang::Erlang => Group::Erlang,
        Lang::Dart => Group::Dart,
        Lang::Perl => Group::Perl,
        Lang::Zig => Group::Zig,
        Lang::Shell => Group::Shell,
        other => Group::Other(other),
    }
}

/// What was looked for, for the evidence of a group without tests.
fn conventions(g: Group) -> &'static str {
    match g {
        Group::Rust => "tests/*.rs, or #[test] / #[cfg(test)] in the sources",
        Group::Python => "test_*.py, *_test.py, conftest.py, tests/ or test/",
        Group::Go => "*_test.go",
        Group::JsTs => "*.test.*, *.spec.*, __tests__/, test/ or tests/",
        Group::Jvm => "src/test/, *Test.java, *Tests.kt, *Spec.scala, *IT.java",
        Group::Ruby => "spec/, test/, *_spec.rb, *_test.rb",
        Group::Php => "tests/, *Test.php",
        Group::Dotnet => "*Tests.cs, *Test.cs, *.Tests/ projects",
        Group::CFamily => "test/, tests/, *_test.c*, *_unittest.cc, test_*.c",
        Group::Swift => "Tests/, *Tests.swift",
        Group::Elixir => "test/*_test.exs",
        Group::Erlang => "test/, *_SUITE.erl, *_tests.erl",
        Group::Dart => "test/*_test.dart",
        Group::Perl => "t/*.t",
        Group::Zig => "test \"...\" blocks",
        Group::Shell => "*.bats, test/ or tests/, *_test.sh, test_*.sh",
        Group::Other(_) => "test/, tests/, spec/, *_test.*, test_*.*",
    }
}

/// Build scripts, tool configuration and generated code: not the
/// project's source.
fn not_source(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    // Benchmark harnesses measure the product; they are not the product a
    // test suite is owed for (a Rust crate's Python load generator).
    let top = lower.split('/').next().unwrap_or("");
    lower.starts_with("docs/")
        || lower.starts_with("doc/")
        || (lower.contains('/') && matches!(top, "benches" | "bench" | "benchmarks" | "benchmark"))
        || name.ends_with(".gradle")
        || name.ends_with(".gradle.kts")
        || name.ends_with(".d.ts")
        || name.ends_with(".min.js")
        || name.contains(".config.")
        || (name.starts_with('.') && name.contains("rc."))
        || name.contains(".pb.")
        || name.contains("_pb2")
        || name.contains(".generated.")
        || name.ends_with(".g.dart")
        || name.ends_with(".freezed.dart")
        || matches!(
            name,
            "setup.py" | "noxfile.py" | "fabfile.py" | "gulpfile.js" | "gruntfile.js" | "build.rs"
        )
}

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "__tests__",
    "testing",
    "unittests",
    "unit_tests",
    "unit-tests",
    "integration_tests",
    "integration-tests",
    "integrationtests",
    "e2e",
];

/// Whether `path` is a test file by the conventions of `g`.
fn is_test_path(path: &str, g: Group) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let name = parts[parts.len() - 1];
    let dirs = &parts[..parts.len() - 1];
    let lower_name = name.to_ascii_lowercase();
    match g {
        // Go's tool only runs *_test.go.
        Group::Go => return lower_name.ends_with("_test.go"),
        Group::Zig => return false,
        Group::Perl if lower_name.ends_with(".t") => return true,
        _ => {}
    }
    let in_test_dir = dirs.iter().any(|d| {
        let d = d.to_ascii_lowercase();
        TEST_DIRS.contains(&d.as_str())
            || (g == Group::Perl && d == "t")
            || (g == Group::Dotnet
                && [
                    ".tests",
                    ".test",
                    ".unittests",
                    ".integrationtests",
                    ".specs",
                ]
                .iter()
                .any(|s| d.ends_with(s)))
    });
    if in_test_dir {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name);
    let lower_stem = stem.to_ascii_lowercase();
    let camel = |suffix: &str| {
        stem.len() > suffix.len()
            && stem.ends_with(suffix)
            && stem[..stem.len() - suffix.len()]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric())
    };
    matches!(lower_stem.as_str(), "test" | "tests" | "spec" | "conftest")
        || lower_stem.starts_with("test_")
        || [
            "_test",
            "-test",
            "_tests",
            "_spec",
            "-spec",
            "_unittest",
            "_suite",
        ]
        .iter()
        .any(|s| lower_stem.ends_with(s))
        || [".test.", ".spec.", ".e2e-spec.", ".cy.", "-spec.", "_spec."]
            .iter()
            .any(|s| lower_name.contains(s))
        || camel("Test")
        || camel("Tests")
        || camel("Spec")
        || camel("Suite")
        || (camel("IT")
            && stem[..stem.len() - 2]
                .chars()
                .last()
                .is_some_and(|c| c.is_lowercase()))
}

/// Shell needs this many files to count as the project's language.
const SHELL_MIN_FILES: usize = 5;

/// Code in languages this check has no test convention for.
fn is_other_code(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, e)| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "tf" | "hcl" | "jsonnet" | "libsonnet" | "nix" | "cue" | "rego" | "sql"
        )
    })
}

static RUST_MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "#[test]",
        "#[cfg(test)]",
        "::test]",
        "::test(",
        "#[rstest",
        "#[test_case",
        "#[quickcheck",
        "proptest!",
    ])
    .expect("static patterns")
});
static ZIG_TEST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*test\s*("|\{)"#).expect("static regex"));

/// A source file holds tests inline (Rust, Zig).
struct InlineTests;

fn counted(f: &FileEntry) -> bool {
    f.lang.is_some() && !f.vendored() && !f.fixture() && !not_source(&f.path)
}

impl Check for Present {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        matches!(file.lang, Some(Lang::Rust) | Some(Lang::Zig)) && counted(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let found = match file.lang {
            Some(Lang::Rust) => RUST_MARKERS.is_match(content.bytes()),
            Some(Lang::Zig) => ZIG_TEST.is_match(content.text()),
            _ => false,
        };
        found.then(|| Box::new(InlineTests) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let min_files = ctx.params.u64_or("min_files", 3).max(1) as usize;
        let inline: BTreeSet<&str> = ctx
            .data::<InlineTests>()
            .map(|(f, _)| f.path.as_str())
            .collect();

        struct Tally<'a> {
            files: usize,
            tests: Vec<&'a str>,
            langs: BTreeSet<&'static str>,
        }
        let mut groups: BTreeMap<Group, Tally> = BTreeMap::new();
        for f in ctx.ws.files().iter().filter(|f| counted(f)) {
            let Some(lang) = f.lang else { continue };
            let g = group(lang);
            let t = groups.entry(g).or_insert(Tally {
                files: 0,
                tests: Vec::new(),
                langs: BTreeSet::new(),
            });
            t.files += 1;
            t.langs.insert(lang.name());
            if is_test_path(&f.path, g) || inline.contains(f.path.as_str()) {
                t.tests.push(&f.path);
            }
        }
        // Bats suites test shell code without a shell extension.
        if let Some(t) = groups.get_mut(&Group::Shell) {
            for f in ctx.ws.files() {
                if f.path.ends_with(".bats") && !f.vendored() && !f.fixture() {
                    t.tests.push(&f.path);
                }
            }
        }
        let total: usize = groups.values().map(|t| t.files).sum();
        // Shell is glue unless it is most of the code; code in languages
        // without a test convention here (Terraform, Jsonnet, Nix...) still
        // counts as code it is glue for.
        let other_code = ctx
            .ws
            .files()
            .iter()
            .filter(|f| f.lang.is_none() && is_other_code(&f.path) && !f.vendored())
            .count();
        let significant: Vec<(&Group, &Tally)> = groups
            .iter()
            .filter(|(g, t)| {
                t.files >= min_files
                    && (**g != Group::Shell
                        || (t.files >= min_files.max(SHELL_MIN_FILES)
                            && t.files * 2 > total + other_code))
            })
            .collect();
        if significant.is_empty() {
            return Ok(if total == 0 {
                Outcome::not_applicable("no source code")
            } else {
                Outcome::not_applicable(format!(
                    "no language has {min_files} or more source files ({total} in all)"
                ))
            });
        }
        let mut evidence = Vec::new();
        let mut missing = Vec::new();
        for (g, t) in &significant {
            let label = t.langs.iter().copied().collect::<Vec<_>>().join("/");
            if t.tests.is_empty() {
                evidence.push(format!(
                    "{label}: no tests among {} files (looked for {})",
                    t.files,
                    conventions(**g)
                ));
                missing.push(label);
            } else {
                // The best example is named as a test, not just placed in tests/.
                let example = t
                    .tests
                    .iter()
                    .find(|p| is_test_path(p.rsplit('/').next().unwrap_or(p), **g))
                    .unwrap_or(&t.tests[0]);
                evidence.push(format!(
                    "{label}: {} test file{}, e.g. {example}",
                    t.tests.len(),
                    if t.tests.len() == 1 { "" } else { "s" },
                ));
            }
        }
        // Weighted by size: a few untested front-end files beside a tested
        // service of hundreds are a small gap, not half a failure.
        let tested_files: usize = significant
            .iter()
            .filter(|(_, t)| !t.tests.is_empty())
            .map(|(_, t)| t.files)
            .sum();
        let all_files: usize = significant.iter().map(|(_, t)| t.files).sum();
        let summary = if missing.is_empty() {
            format!(
                "tests for every language ({})",
                significant
                    .iter()
                    .map(|(_, t)| t.langs.iter().copied().collect::<Vec<_>>().join("/"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!(
                "no tests for {} ({} of {} source files in tested languages)",
                missing.join(", "),
                tested_files,
                all_files
            )
        };
        Ok(
            Outcome::fraction(tested_files as f64 / all_files as f64, summary)
                .basis(Basis::Present)
                .evidences(evidence),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_with};
    use crate::checks::Profile;
    use crate::model::Status;

    #[test]
    fn test_paths() {
        let yes: &[(&str, Group)] = &[
            ("tests/test_api.py", Group::Python),
            ("pkg/api_test.py", Group::Python),
            ("app/conftest.py", Group::Python),
            ("internal/api/handler_test.go", Group::Go),
            ("src/app.test.ts", Group::JsTs),
            ("src/__tests__/app.js", Group::JsTs),
            ("apps/api/test/app.e2e-spec.ts", Group::JsTs),
            ("src/test/java/com/acme/PaymentTest.java", Group::Jvm),
            ("core/src/main/kotlin/PaymentTests.kt", Group::Jvm),
            ("lib/PaymentSpec.scala", Group::Jvm),
            ("src/OrderServiceIT.java", Group::Jvm),
            ("spec/models/user_spec.rb", Group::Ruby),
            ("tests/Unit/PaymentTest.php", Group::Php),
            ("Payments.Tests/ChargeTests.cs", Group::Dotnet),
            ("src/ring_buffer_unittest.cc", Group::CFamily),
            ("Tests/AppTests/AppTests.swift", Group::Swift),
            ("test/payments_test.exs", Group::Elixir),
            ("test/payments_SUITE.erl", Group::Erlang),
            ("t/basic.t", Group::Perl),
            ("tests/integration.rs", Group::Rust),
        ];
        for (p, g) in yes {
            assert!(is_test_path(p, *g), "{p}");
        }
        let no: &[(&str, Group)] = &[
            ("test/helpers.go", Group::Go),
            ("src/contest.py", Group::Python),
            ("src/Latest.java", Group::Jvm),
            ("src/testutil.js", Group::JsTs),
            ("src/GIT.java", Group::Jvm),
            ("src/attestation.rb", Group::Ruby),
        ];
        for (p, g) in no {
            assert!(!is_test_path(p, *g), "{p}");
        }
    }

    #[test]
    fn cases() {
        let o = expect(
            &Present,
            "python with tests",
            &[
                ("app/a.py", ""),
                ("app/b.py", ""),
                ("tests/__init__.py", ""),
                ("tests/test_a.py", ""),
            ],
            Status::Pass,
        );
        assert_eq!(o.evidence, ["Python: 2 test files, e.g. tests/test_a.py"]);
        let o = expect(
            &Present,
            "go without tests",
            &[
                ("main.go", ""),
                ("api.go", ""),
                ("db.go", ""),
                ("test/helper.go", ""),
            ],
            Status::Fail,
        );
        assert_eq!(
            o.evidence,
            ["Go: no tests among 4 files (looked for *_test.go)"]
        );
        let o = expect(
            &Present,
            "two languages, one tested",
            &[
                ("main.go", ""),
                ("api.go", ""),
                ("api_test.go", ""),
                ("web/a.ts", ""),
                ("web/b.ts", ""),
                ("web/c.tsx", ""),
            ],
            Status::Partial,
        );
        assert_eq!(
            o.summary,
            "no tests for TypeScript (3 of 6 source files in tested languages)"
        );
        assert_eq!(o.score, 0.5);
        // The size of the untested language sets the gap: a few scripts
        // beside a large tested service are a small one.
        let mut big: Vec<(String, String)> = (0..60)
            .map(|n| (format!("app/m{n}.py"), String::new()))
            .collect();
        big.push(("tests/test_app.py".into(), String::new()));
        for n in 0..4 {
            big.push((format!("static/w{n}.js"), String::new()));
        }
        let files: Vec<(&str, &str)> = big.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
        let o = expect(&Present, "a few untested scripts", &files, Status::Partial);
        assert!(o.score > 0.9, "{o:?}");
        expect(
            &Present,
            "a benchmark harness in another language owes no tests",
            &[
                ("src/lib.rs", "#[cfg(test)]\nmod tests {}\n"),
                ("src/b.rs", ""),
                ("src/c.rs", ""),
                ("benches/gen_tree.py", ""),
                ("benches/score.py", ""),
                ("benches/load/run.py", ""),
            ],
            Status::Pass,
        );
        expect(
            &Present,
            "rust inline tests",
            &[
                ("src/lib.rs", "pub fn a() {}\n#[cfg(test)]\nmod tests {}\n"),
                ("src/b.rs", ""),
                ("src/c.rs", ""),
            ],
            Status::Pass,
        );
        expect(
            &Present,
            // The scan is a cheap substring search: a marker in a comment counts.
            "rust marker anywhere in the text",
            &[
                ("src/lib.rs", "pub fn a() {}"),
                ("src/b.rs", "// see #[test] below"),
                ("src/c.rs", ""),
            ],
            Status::Pass,
        );
        expect(
            &Present,
            "rust truly untested",
            &[
                ("src/lib.rs", "pub fn a() {}"),
                ("src/b.rs", "fn b() {}"),
                ("src/c.rs", ""),
            ],
            Status::Fail,
        );
        expect(
            &Present,
            "no source",
            &[("README.md", "# x")],
            Status::NotApplicable,
        );
        expect(
            &Present,
            "lone build script and vendored code",
            &[
                ("build.rs", ""),
                ("scripts/x.py", ""),
                ("vendor/a.go", ""),
                ("vendor/b.go", ""),
                ("vendor/c.go", ""),
            ],
            Status::NotApplicable,
        );
        expect(
            &Present,
            "fixtures and config do not count",
            &[
                ("fixtures/a.py", ""),
                ("fixtures/b.py", ""),
                ("fixtures/c.py", ""),
                ("jest.config.js", ""),
                ("webpack.config.js", ""),
                (".eslintrc.js", ""),
                ("src/main.go", ""),
                ("src/x.go", ""),
                ("src/x_test.go", ""),
            ],
            Status::Pass,
        );
        expect(
            &Present,
            "helper shell scripts beside python",
            &[
                ("a.py", ""),
                ("b.py", ""),
                ("test_a.py", ""),
                ("s1.sh", ""),
                ("s2.sh", ""),
                ("s3.sh", ""),
            ],
            Status::Pass,
        );
        expect(
            &Present,
            "shell project without tests",
            &[
                ("bin/a.sh", ""),
                ("bin/b.sh", ""),
                ("lib/c.sh", ""),
                ("lib/d.sh", ""),
                ("lib/e.sh", ""),
                ("install.py", ""),
            ],
            Status::Fail,
        );
        expect(
            &Present,
            "shell project with bats",
            &[
                ("bin/a.sh", ""),
                ("bin/b.sh", ""),
                ("lib/c.sh", ""),
                ("lib/d.sh", ""),
                ("lib/e.sh", ""),
                ("suite.bats", ""),
            ],
            Status::Pass,
        );
        expect(
            &Present,
            "a few scripts around jsonnet",
            &[
                ("a.sh", ""),
                ("b.sh", ""),
                ("c.sh", ""),
                ("d.sh", ""),
                ("e.sh", ""),
                ("m/a.libsonnet", ""),
                ("m/b.libsonnet", ""),
                ("m/c.libsonnet", ""),
                ("m/d.libsonnet", ""),
                ("m/e.libsonnet", ""),
                ("m/f.jsonnet", ""),
            ],
            Status::NotApplicable,
        );
        expect(
            &Present,
            "three scripts alone",
            &[("a.sh", ""), ("b.sh", ""), ("c.sh", "")],
            Status::NotApplicable,
        );
    }

    #[test]
    fn min_files_param() {
        let params: Params = serde_json::from_str(r#"{"min_files": 1}"#).unwrap();
        let o = run_with(
            &Present,
            &[("src/main.rs", "fn main() {}")],
            &params,
            Profile::Library,
        );
        assert_eq!(o.status, Status::Fail, "{o:?}");
    }
}
