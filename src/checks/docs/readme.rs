//! `docs.readme`: a README at the root that is not a stub and covers the
//! sections a newcomer and an operator need.
//!
//! Detection: a root file named README, or README with a Markdown,
//! reStructuredText, AsciiDoc or text extension (any case); failing that,
//! `.github/README*` and then `docs/README*`, the places code hosts also
//! render. Translations (`README.zh-CN.md`) do not count. The document's
//! outline comes from `formats::markup` (ATX/setext/HTML headings, rst
//! adornments, AsciiDoc titles; code blocks skipped). Fewer than `min_words`
//! words of prose (badges, images, link targets and headings do not count)
//! make it a stub. Otherwise each required section is looked for by heading
//! keywords (word-based: "Getting started" is install/setup, "Running tests"
//! is testing); when one heading matches several sections, the longest
//! keyword wins, so "Running tests" is not also "usage". The document title
//! is not matched (a tool called "Deploy Bot" has no deployment section by
//! its name). Overview also counts prose before the first section.
//!
//! A topic the README leaves out counts when the repository has a document
//! of its own about it: CONTRIBUTING for setup, running and tests, and for
//! every topic but the overview a document at the root or in a docs tree
//! (`docs/`, `doc/`, `documentation/`, `website/docs/`...) named for it
//! (`docs/configuration.md`, `docs/installation/index.md`, `FAQ.md`) or
//! titled for it, with some prose. Mature projects keep these in their docs
//! site and link them from a short README.
//!
//! Limits: sections are recognised by their headings, not their content; a
//! README that documents configuration under "Reference" gets no credit for
//! it. Links are not followed: a document counts by its name or title.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::markup::{self, best_match, Markup, Outline, Stem};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Readme;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.readme"),
    title: Cow::Borrowed("The README explains what it is and how to install, run, configure, test, deploy and debug it"),
    category: Category::Documentation,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A real README at the root, with a section for each operating question"),
    rationale: Cow::Borrowed(
        "The README is the first thing an on-call engineer, a new teammate or an auditor opens. When it \
         is a title and a badge, every one of them has to reverse-engineer how to run, configure and \
         ship the service from the code, usually in a hurry. Each missing section is a question that \
         will be asked in a chat channel at the worst possible time.",
    ),
    remediation: Cow::Borrowed(
        "Write a README.md at the repository root with at least one paragraph saying what the project \
         is, then a heading for each topic:\n\n\
         ```markdown\n\
         # payments-api\n\n\
         Charges cards and issues refunds for the storefront. Owned by the payments team.\n\n\
         ## Getting started      (prerequisites, install)\n\
         ## Running locally      (the two commands)\n\
         ## Configuration        (every environment variable, with defaults)\n\
         ## Testing              (how to run the suites)\n\
         ## Deployment           (how a release reaches production, how to roll back)\n\
         ## Troubleshooting      (known failure modes and what to do)\n\
         ```\n\n\
         Link out to longer documents from each section rather than leaving the heading out. Sections \
         that do not apply can be dropped from the requirement with the `sections` parameter.",
    ),
    passes_when: Cow::Borrowed(
        "a root README has at least `min_words` words of prose and a heading for every required \
         section (overview, install/setup, usage, configuration, testing, deployment, \
         troubleshooting); partial credit is the share of sections found; a stub scores 0. \
         Setup, running locally and testing may live in CONTRIBUTING (root, .github/ or docs/) \
         instead, where most projects keep them; any topic but the overview may live in a \
         document of its own at the root or in a docs tree, named or titled for it \
         (docs/configuration.md, docs/installation/index.md, FAQ.md)",
    ),
    params: Cow::Borrowed(&[
        (
            Cow::Borrowed("sections"),
            Cow::Borrowed(
                "the sections to require, from: overview, install, usage, configuration, testing, \
                 deployment, troubleshooting (default: all seven)",
            ),
        ),
        (
            Cow::Borrowed("min_words"),
            Cow::Borrowed("below this many words of prose the README is a stub (default 50)"),
        ),
    ]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://www.makeareadme.com/"),
        Cow::Borrowed("https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-readmes"),
    ]),
};

/// A section and the heading keywords that name it.
struct Section {
    id: &'static str,
    label: &'static str,
    /// Shown when the section is missing.
    hint: &'static str,
    keywords: &'static [&'static str],
}

const SECTIONS: &[Section] = &[
    Section {
        id: "overview",
        label: "overview",
        hint: r#""Overview", "About", "Features", or an introduction paragraph"#,
        keywords: &[
            "overview",
            "about",
            "introduction",
            "intro",
            "what is",
            "what it does",
            "description",
            "features",
            "summary",
            "background",
            "motivation",
            "purpose",
            "why",
            "understanding",
        ],
    },
    Section {
        id: "install",
        label: "install/setup",
        hint: r#""Installation", "Getting started", "Prerequisites", "Setup""#,
        keywords: &[
            "install",
            "installation",
            "installing",
            "getting started",
            "get started",
            "prerequisite",
            "requirement",
            "setup",
            "set up",
            "setting up",
            "quickstart",
            "quick start",
            "build",
            "building",
            "compiling",
            "from source",
            "dependency",
            "dependencies",
        ],
    },
    Section {
        id: "usage",
        label: "usage/run locally",
        hint: r#""Usage", "Running locally", "Development", "Examples""#,
        keywords: &[
            "usage",
            "how to use",
            "using",
            "run",
            "running",
            "run locally",
            "running locally",
            "development",
            "developing",
            "local development",
            "develop",
            "example",
            "examples",
            "tutorial",
            "walkthrough",
            "command",
            "cli",
            // A quick start is the shortest path from install to a running
            // thing: it answers "how do I use it" too.
            "quickstart",
            "quick start",
            "getting started",
            "get started",
        ],
    },
    Section {
        id: "configuration",
        label: "configuration",
        hint: r#""Configuration", "Environment variables", "Settings", "Options""#,
        keywords: &[
            "configuration",
            "config",
            "configuring",
            "configure",
            "environment variable",
            "environment",
            "env var",
            "env",
            "settings",
            "options",
            "parameters",
            "customization",
            "customisation",
        ],
    },
    Section {
        id: "testing",
        label: "testing",
        hint: r#""Testing", "Running tests", "Test suite""#,
        keywords: &[
            "test",
            "testing",
            "running test",
            "running the test",
            "run test",
            "run the test",
            "test suite",
            "unit test",
            "integration test",
            "e2e",
        ],
    },
    Section {
        id: "deployment",
        label: "deployment",
        hint: r#""Deployment", "Release", "Production", "Hosting""#,
        keywords: &[
            "deploy",
            "deployment",
            "deploying",
            "release",
            "releasing",
            "production",
            "hosting",
            "operation",
            "operations",
            "ops",
            "shipping",
            "publishing",
            "rollout",
            "going live",
        ],
    },
    Section {
        id: "troubleshooting",
        label: "troubleshooting",
        hint: r#""Troubleshooting", "FAQ", "Known issues", "Debugging""#,
        keywords: &[
            "troubleshooting",
            "troubleshoot",
            "faq",
            "frequently asked question",
            "known issue",
            "debugging",
            "debug",
            "common problem",
            "common issue",
            "common error",
            "known problem",
            "gotcha",
            "caveat",
            "known limitation",
        ],
    },
];

const DEFAULT_SECTIONS: &[&str] = &[
    "overview",
    "install",
    "usage",
    "configuration",
    "testing",
    "deployment",
    "troubleshooting",
];

/// Longer headings are sentences, not section names.
const MAX_HEADING_WORDS: usize = 10;

/// Prose before the first section counts as an overview from this many words.
const LEAD_WORDS: usize = 5;

/// An introduction this long is preferred over any later "About" heading.
const INTRO_WORDS: usize = 25;

const README_EXTS: &[&str] = &[
    "md", "markdown", "mdown", "mkd", "mdx", "rst", "rest", "adoc", "asciidoc", "asc", "txt",
    "text", "org",
];

/// 0 for the root, 1 for `.github/`, 2 for `docs/`: the order code hosts use.
fn readme_place(file: &FileEntry) -> Option<u8> {
    let name = file.name().to_ascii_lowercase();
    let is_readme = name == "readme"
        || name
            .strip_prefix("readme.")
            .is_some_and(|ext| README_EXTS.contains(&ext));
    if !is_readme {
        return None;
    }
    match file.dir().to_ascii_lowercase().as_str() {
        "" => Some(0),
        ".github" => Some(1),
        "docs" | "doc" => Some(2),
        _ => None,
    }
}

struct Doc(Outline);

/// A contributor guide's outline: where projects put how to set up a
/// development copy and run the tests, linked from the README.
struct Contributing(Outline);

/// Sections a contributor guide can answer for the README.
const CONTRIBUTING_SECTIONS: &[&str] = &["install", "usage", "testing"];

/// A document about one topic, outside the README: (section id, where).
struct TopicDoc(Vec<(&'static str, String)>);

/// The names a document of its own about a topic goes by: file or
/// directory names and titles. Stricter than the README's heading keywords:
/// a "release notes" page is a changelog, not a deployment guide.
const TOPIC_NAMES: &[(&str, &[&str])] = &[
    (
        "install",
        &[
            "install",
            "installation",
            "installing",
            "getting started",
            "get started",
            "quickstart",
            "quick start",
            "setup",
            "set up",
            "building from source",
            "build from source",
            "prerequisite",
        ],
    ),
    (
        "usage",
        &[
            "usage",
            "user guide",
            "user manual",
            "tutorial",
            "getting started",
            "quickstart",
            "quick start",
            "how to use",
            "development",
            "developing",
            "local development",
        ],
    ),
    (
        "configuration",
        &[
            "configuration",
            "configuring",
            "config",
            "settings",
            "environment variable",
            "env var",
            "option",
        ],
    ),
    (
        "testing",
        &[
            "testing",
            "test",
            "running test",
            "running the test",
            "test suite",
        ],
    ),
    (
        "deployment",
        &[
            "deploy",
            "deployment",
            "deploying",
            "production",
            "hosting",
            "self hosting",
            "operation",
            "operating",
            "releasing",
            "release process",
            "upgrade",
            "upgrading",
        ],
    ),
    (
        "troubleshooting",
        &[
            "troubleshooting",
            "troubleshoot",
            "faq",
            "frequently asked question",
            "debugging",
            "known issue",
            "common problem",
        ],
    ),
];

/// Below this many words of prose a topic document is a placeholder.
const TOPIC_MIN_WORDS: usize = 30;

/// Directories that hold a project's own documentation.
const DOC_DIRS: &[&str] = &[
    "docs",
    "doc",
    "documentation",
    "website",
    "site",
    "book",
    "guide",
    "guides",
    "manual",
    "wiki",
    // A contributor docs tree (`contributing/architecture-*.md`): how the
    // code works, for people who did not write it.
    "contributing",
];

/// A prose document at the root or in a docs tree, other than the README,
/// the contributor guide and the files with a kind of their own.
pub(super) fn is_topic_doc(file: &FileEntry) -> bool {
    use crate::workspace::FileKind;
    // Kinds first: this is asked of every file.
    let prose =
        file.is(FileKind::Markdown) || file.is(FileKind::Rst) || file.is(FileKind::Asciidoc);
    if !prose {
        return false;
    }
    let name = file.name().to_ascii_lowercase();
    let first = file.path.split('/').next().unwrap_or("");
    let place = file.depth() == 0 || DOC_DIRS.iter().any(|d| first.eq_ignore_ascii_case(d));
    place
        && readme_place(file).is_none()
        && !is_contributing(file)
        && !file.is(FileKind::Changelog)
        && !file.is(FileKind::License)
        && !file.is(FileKind::SecurityPolicy)
        && !file.vendored()
        && !file.fixture()
        && !file.test_code()
        && !file.example()
        && !name.contains("release-notes")
        && !name.contains("release_notes")
        && !name.contains("changelog")
        && !is_community_file(&name)
}

/// Community-health files code hosts look for: policies and templates
/// about the project, not documentation of the software.
fn is_community_file(lower_name: &str) -> bool {
    const NAMES: &[&str] = &[
        "code_of_conduct",
        "code-of-conduct",
        "codeofconduct",
        "pull_request_template",
        "issue_template",
        "support",
        "governance",
        "maintainers",
        "authors",
        "contributors",
        "funding",
        "history",
        "notice",
        "backers",
    ];
    let stem = lower_name.split('.').next().unwrap_or(lower_name);
    NAMES.contains(&stem)
}

/// The topics a document is about by its name (the file's stem, or its
/// directory's name for an index page) or its title.
fn topics_of(file: &FileEntry, outline: &Outline) -> Vec<(&'static str, String)> {
    if outline.words < TOPIC_MIN_WORDS {
        return Vec::new();
    }
    let name = file.name();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = if matches!(
        stem.to_ascii_lowercase().as_str(),
        "index" | "_index" | "readme" | "overview"
    ) {
        file.dir().rsplit('/').next().unwrap_or("")
    } else {
        stem
    };
    let title = outline
        .headings
        .first()
        .map(|h| h.text.as_str())
        .unwrap_or("");
    let mut out = Vec::new();
    for (id, names) in TOPIC_NAMES {
        for (what, text) in [("named", stem), ("titled", title)] {
            let words = markup::words(text);
            // A long title is a sentence, not a topic's name.
            if words.is_empty() || words.len() > 6 {
                continue;
            }
            if best_match(&words, names, Stem::Plural) > 0 {
                let shown: String = text.chars().take(60).collect();
                out.push((
                    *id,
                    format!("{} (a document {what} \"{shown}\")", file.path),
                ));
                break;
            }
        }
    }
    out
}

/// CONTRIBUTING at the root, in .github/ or docs/, in any README syntax.
pub(super) fn is_contributing(file: &FileEntry) -> bool {
    let name = file.name().to_ascii_lowercase();
    let named = name == "contributing"
        || name
            .strip_prefix("contributing.")
            .is_some_and(|ext| README_EXTS.contains(&ext));
    let dir = file.dir().to_ascii_lowercase();
    // `contributing/README.md`: the guide that opens a contributor docs tree.
    let tree_readme = dir == "contributing"
        && name
            .strip_prefix("readme.")
            .is_some_and(|ext| README_EXTS.contains(&ext));
    (named && matches!(dir.as_str(), "" | ".github" | "docs" | "doc")) || tree_readme
}

impl Check for Readme {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        readme_place(file).is_some() || is_contributing(file) || is_topic_doc(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if is_topic_doc(file) {
            // The shared outline model reads the finished text too.
            let topics = topics_of(file, &content.model::<Outline>());
            return (!topics.is_empty()).then(|| Box::new(TopicDoc(topics)) as FileData);
        }
        // A starter template's unwritten sections are no evidence.
        let done = markup::finished(&file.path, content.text());
        let outline = markup::outline(&file.path, &done);
        if readme_place(file).is_some() {
            Some(Box::new(Doc(outline)))
        } else {
            Some(Box::new(Contributing(outline)))
        }
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let required = ctx.params.strings_or("sections", DEFAULT_SECTIONS);
        let mut wanted: Vec<&Section> = Vec::new();
        for r in &required {
            let s = SECTIONS
                .iter()
                .find(|s| s.id == r.as_str())
                .ok_or_else(|| {
                    CheckError::new(format!(
                        "param `sections`: unknown section '{r}' (known: {})",
                        DEFAULT_SECTIONS.join(", ")
                    ))
                })?;
            wanted.push(s);
        }
        let min_words = ctx.params.u64_or("min_words", 50) as usize;

        let docs: Vec<(&FileEntry, &Doc)> = ctx.data::<Doc>().collect();
        let Some(best_place) = docs.iter().filter_map(|(f, _)| readme_place(f)).min() else {
            let listed: Vec<&str> = ctx
                .ws
                .files()
                .iter()
                .filter(|f| readme_place(f).is_some())
                .map(|f| f.path.as_str())
                .collect();
            return Ok(if listed.is_empty() {
                Outcome::fail("no README").evidence(
                    "looked for README, README.md, .rst, .adoc, .txt, .markdown (any case) at the root, in .github/ and in docs/",
                )
            } else {
                Outcome::unknown(format!("{} could not be read", listed.join(", "))).evidence(
                    "the README is binary, too large or unreadable; see the scan's skipped files",
                )
            });
        };
        // Of the READMEs in the best place, the one that covers the most.
        let judged: Vec<(&FileEntry, &Doc, Vec<Option<String>>)> = docs
            .iter()
            .filter(|(f, _)| readme_place(f) == Some(best_place))
            .map(|(f, d)| (*f, *d, find_sections(f, &d.0, &wanted)))
            .collect();
        let Some((file, doc, found)) = judged.iter().max_by_key(|(f, d, found)| {
            (
                found.iter().filter(|s| s.is_some()).count(),
                d.0.words,
                std::cmp::Reverse(f.path.len()),
            )
        }) else {
            return Ok(Outcome::fail("no README"));
        };
        let path = &file.path;
        let place_note = match best_place {
            0 => String::new(),
            _ => format!(" (no README at the root; {path} is what the code host shows)"),
        };

        // Only an empty README is a stub (a title, badges, a TODO line): a
        // terse one that has the sections earns their credit, and its prose
        // counts in proportion.
        if doc.0.words < LEAD_WORDS && found.iter().all(Option::is_none) {
            let what = if doc.0.words == 0 {
                "only a title or badges".to_string()
            } else {
                format!("{} words and no section", doc.0.words)
            };
            return Ok(Outcome::fail(format!("{path} is a stub: {what}"))
                .basis(Basis::Parsed)
                .evidence(format!(
                    "{path} has no prose and no section (badges, links and headings are not prose){place_note}"
                )));
        }

        // What the README leaves to the contributor guide (setup, running
        // locally, tests) counts when the guide covers it by a heading.
        let mut found = found.clone();
        for (f, Contributing(outline)) in ctx.data::<Contributing>() {
            let from_guide = find_sections(f, outline, &wanted);
            for ((w, slot), at) in wanted.iter().zip(found.iter_mut()).zip(from_guide) {
                if slot.is_none() && CONTRIBUTING_SECTIONS.contains(&w.id) {
                    *slot = at;
                }
            }
        }

        // Any other topic but the overview: a document of its own.
        for (_, TopicDoc(topics)) in ctx.data::<TopicDoc>() {
            for (id, at) in topics {
                if let Some(i) = wanted.iter().position(|w| w.id == *id) {
                    if found[i].is_none() {
                        found[i] = Some(at.clone());
                    }
                }
            }
        }

        let mut evidence = Vec::new();
        let mut missing = Vec::new();
        for (s, at) in wanted.iter().zip(found) {
            match at {
                Some(at) => evidence.push(format!("{}: {at}", s.label)),
                None => {
                    missing.push(s.id);
                    evidence.push(format!(
                        "{}: missing (looked for a heading like {})",
                        s.label, s.hint
                    ));
                }
            }
        }
        // Prose is one more criterion beside the sections, in proportion to
        // `min_words`: more words or more sections never score lower.
        let prose = (doc.0.words as f64 / min_words.max(1) as f64).min(1.0);
        if prose < 1.0 {
            evidence.push(format!(
                "prose: {} words of the {min_words} a README should have (badges, links and headings not counted)",
                doc.0.words
            ));
        }
        let total = wanted.len();
        let have = total - missing.len();
        let terse = if prose < 1.0 { ", terse" } else { "" };
        let summary = if missing.is_empty() {
            format!("{path}: all {total} sections{terse}{place_note}")
        } else {
            format!(
                "{path}: {have} of {total} sections{terse} (missing: {}){place_note}",
                missing.join(", ")
            )
        };
        let score = (have as f64 + prose) / (total as f64 + 1.0);
        Ok(Outcome::fraction(score, summary)
            .basis(Basis::Parsed)
            .evidences(evidence))
    }
}

/// Words a heading may carry besides its keyword without changing what it
/// is about ("Running the tests", "How to deploy").
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "of",
    "on",
    "in",
    "for",
    "and",
    "with",
    "your",
    "our",
    "this",
    "it",
    "how",
    "locally",
    "local",
    "guide",
    "instructions",
    "steps",
    "step",
    "quick",
    "s",
    "development",
    "dev",
    "project",
    "environment",
    "started",
    "notes",
    "process",
    "procedure",
    "workflow",
];

/// Whether a section's text is about `section`: a command or words that
/// only that topic uses. Asked only of headings that say more than a
/// section name.
fn body_is_about(section: &str, body: &str) -> bool {
    let cues: &[&str] = match section {
        "install" => &[
            "install",
            "pip ",
            "npm ",
            "yarn ",
            "cargo ",
            "go get",
            "brew ",
            "apt",
            "git clone",
            "prerequisite",
            "requirement",
            "download",
            "make ",
        ],
        "usage" => &["```", "$ ", "usage", "run ", "example", "command", "start"],
        "configuration" => &[
            "config",
            "environment",
            "variable",
            "setting",
            "option",
            "=",
        ],
        "testing" => &[
            "pytest",
            "go test",
            "npm test",
            "npm run test",
            "yarn test",
            "pnpm test",
            "cargo test",
            "nextest",
            "mvn test",
            "mvn verify",
            "gradle test",
            "gradlew test",
            "make test",
            "rspec",
            "rake test",
            "jest",
            "vitest",
            "tox",
            "nox",
            "phpunit",
            "dotnet test",
            "mix test",
            "ctest",
            "run the tests",
            "run tests",
            "to test",
            "test suite",
        ],
        "deployment" => &[
            "deploy",
            "release",
            "helm",
            "kubectl",
            "terraform",
            "docker push",
            "production",
            "rollback",
            "roll back",
        ],
        "troubleshooting" => &[
            "error",
            "fail",
            "problem",
            "issue",
            "debug",
            "log",
            "if you see",
        ],
        _ => return true,
    };
    cues.iter().any(|c| body.contains(c))
}

/// For each wanted section, where the README covers it ("README.md:12
/// (\"## Installation\")"), or None.
fn find_sections(file: &FileEntry, outline: &Outline, wanted: &[&Section]) -> Vec<Option<String>> {
    let heads = &outline.headings;
    // The document title names the project, not a section.
    let title = heads.first().filter(|h| {
        let top = heads.iter().map(|x| x.level).min().unwrap_or(h.level);
        h.level == top && heads.iter().filter(|x| x.level == top).count() == 1
    });
    let markdown = Markup::of(&file.path) == Markup::Markdown;
    let mut found: Vec<Option<String>> = vec![None; wanted.len()];
    for h in heads {
        if title.is_some_and(|t| t.line == h.line) {
            continue;
        }
        let words = markup::words(&h.text);
        // A sentence set as a heading is emphasis, not a section name.
        if words.len() > MAX_HEADING_WORDS {
            continue;
        }
        let scores: Vec<usize> = SECTIONS
            .iter()
            .map(|s| best_match(&words, s.keywords, Stem::Plural))
            .collect();
        let top = scores.iter().copied().max().unwrap_or(0);
        if top == 0 {
            continue;
        }
        // A deep heading is a note inside a section, not a section; an
        // empty one is a placeholder.
        if (markdown && h.level >= 5) || h.body.trim().is_empty() {
            continue;
        }
        // A heading with more than its keyword ("Billing Integration Tests",
        // "Note on using local_settings.py", "Building a Container") may be
        // about something else: it counts when its text is about the topic.
        let says_more = |section: &Section| {
            words.iter().any(|w| {
                !FILLER.contains(&w.as_str())
                    && best_match(std::slice::from_ref(w), section.keywords, Stem::Plural) == 0
                    && !section.keywords.iter().any(|k| {
                        k.split(' ')
                            .any(|kw| kw == w || w.strip_suffix('s') == Some(kw))
                    })
            })
        };
        for (i, w) in wanted.iter().enumerate() {
            let si = SECTIONS.iter().position(|s| s.id == w.id).unwrap_or(0);
            if scores[si] == top
                && found[i].is_none()
                && (!says_more(&SECTIONS[si]) || body_is_about(w.id, &h.body))
            {
                let shown: String = h.text.chars().take(60).collect();
                let shown = if markdown && h.level <= 6 {
                    format!("{} {shown}", "#".repeat(h.level as usize))
                } else {
                    shown
                };
                found[i] = Some(format!("{}:{} (\"{shown}\")", file.path, h.line));
            }
        }
    }
    if let Some(i) = wanted.iter().position(|s| s.id == "overview") {
        // A real introduction under the title is the overview, even when a
        // later heading happens to say "About ..." or "Background".
        let real_intro = outline.lead_words >= INTRO_WORDS;
        if (found[i].is_none() || real_intro) && outline.lead_words >= LEAD_WORDS {
            if let Some(line) = outline.lead_line {
                found[i] = Some(format!(
                    "{}:{line} ({} words of introduction before the first section)",
                    file.path, outline.lead_words
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_with};
    use crate::checks::Profile;
    use crate::model::Status;

    const PROSE: &str = "This service charges cards and issues refunds for the storefront. \
        It is owned by the payments team and runs in three regions. Requests arrive over HTTPS \
        from the gateway and are written to Postgres before any call leaves for the card network, \
        so a crash never loses a charge that was acknowledged to the caller.";

    fn full(ext: &str) -> String {
        match ext {
            "rst" => format!(
                "payments\n========\n\n{PROSE}\n\nInstallation\n------------\n\npip install x\n\nUsage\n-----\n\nrun it\n\nConfiguration\n-------------\n\nenv\n\nRunning tests\n-------------\n\npytest\n\nDeployment\n----------\n\nhelm\n\nTroubleshooting\n---------------\n\nlogs\n"
            ),
            "adoc" => format!(
                "= payments\n\n{PROSE}\n\n== Getting started\n\nx\n\n== Local development\n\nx\n\n== Environment variables\n\nx\n\n== Testing\n\nx\n\n== Release process\n\nx\n\n== FAQ\n\nx\n"
            ),
            _ => format!(
                "# payments\n\n{PROSE}\n\n## Prerequisites\n\nx\n\n## Running locally\n\n```sh\n# Configuration\nmake run\n```\n\n## Settings\n\nx\n\n## Running the tests\n\nx\n\n## Deploying to production\n\nx\n\n## Known issues\n\nx\n"
            ),
        }
    }

    #[test]
    fn complete_readmes_pass_in_every_syntax() {
        for (name, ext) in [
            ("README.md", "md"),
            ("README.rst", "rst"),
            ("readme.adoc", "adoc"),
        ] {
            let o = expect(&Readme, name, &[(name, full(ext).as_str())], Status::Pass);
            assert!(o.evidence.iter().any(|e| e.contains(name)), "{o:?}");
        }
    }

    #[test]
    fn partial_credit_per_section() {
        let text = format!("# payments\n\n{PROSE}\n\n## Installation\n\nx\n\n## Usage\n\nx\n");
        let o = expect(
            &Readme,
            "three of seven",
            &[("README.md", text.as_str())],
            Status::Partial,
        );
        // Three of seven sections, and prose enough: (3 + 1) / 8.
        assert!((o.score - 4.0 / 8.0).abs() < 1e-9, "{}", o.score);
        assert!(
            o.evidence
                .contains(&"install/setup: README.md:5 (\"## Installation\")".to_string()),
            "{:?}",
            o.evidence
        );
        assert!(
            o.summary
                .contains("missing: configuration, testing, deployment, troubleshooting"),
            "{}",
            o.summary
        );
    }

    #[test]
    fn every_section_with_terse_prose_is_nearly_full_credit() {
        let terse = "# payments\n\nCharges cards and issues refunds for the shop.\n\n## Installation\n\npip install .\n\n## Usage\n\nmake run\n\n## Configuration\n\nSet DATABASE_URL.\n\n## Testing\n\npytest\n\n## Deployment\n\nhelm upgrade\n\n## Troubleshooting\n\nRead the logs.\n";
        let o = expect(&Readme, "terse", &[("README.md", terse)], Status::Partial);
        assert!(o.score > 0.85, "{o:?}");
        // More prose never scores lower.
        let fuller = terse.replace("Charges cards and issues refunds for the shop.", PROSE);
        let more = expect(
            &Readme,
            "fuller",
            &[("README.md", fuller.as_str())],
            Status::Pass,
        );
        assert!(more.score >= o.score);
    }

    #[test]
    fn stubs_and_missing_fail() {
        let o = expect(
            &Readme,
            "title and badges",
            &[(
                "README.md",
                "# payments\n\n[![CI](https://ci.example/badge.svg)](https://ci.example)\n",
            )],
            Status::Fail,
        );
        assert!(o.summary.contains("stub"), "{}", o.summary);
        expect(&Readme, "empty", &[("README", "")], Status::Fail);
        // Empty headings are placeholders, not sections.
        expect(
            &Readme,
            "short prose, empty sections",
            &[("README.md", "# x\n\nA tool.\n\n## Install\n\n## Usage\n")],
            Status::Fail,
        );
        // Terse is not empty: two sections and two words of prose earn
        // (2 + 2/50) / 8, not the stub's zero.
        let o = expect(
            &Readme,
            "short prose",
            &[(
                "README.md",
                "# x\n\nA tool.\n\n## Install\n\npip install x\n\n## Usage\n\nx run\n",
            )],
            Status::Partial,
        );
        assert!(o.score > 0.25 && o.score < 0.3, "{}", o.score);
        expect(
            &Readme,
            "missing",
            &[("CONTRIBUTING.md", full("md").as_str())],
            Status::Fail,
        );
        expect(
            &Readme,
            "nested only",
            &[("services/api/README.md", full("md").as_str())],
            Status::Fail,
        );
        expect(
            &Readme,
            "translation only",
            &[("README.zh-CN.md", full("md").as_str())],
            Status::Fail,
        );
    }

    #[test]
    fn a_heading_that_says_more_counts_when_its_text_is_about_the_topic() {
        // (section, heading and body, whether it counts)
        let cases: &[(&str, &str, bool)] = &[
            (
                "usage",
                "###### Note on using local_settings.py\n\nIt overrides settings.",
                false,
            ),
            (
                "testing",
                "### Billing Integration Tests\n\nThey cover invoices and refunds.",
                false,
            ),
            (
                "install",
                "## Building a Container\n\nThe image is based on Alpine.",
                false,
            ),
            // Near misses: the same headings over text about the topic.
            (
                "testing",
                "### Billing Integration Tests\n\nRun them with `pytest tests/billing`.",
                true,
            ),
            (
                "install",
                "## Building from source\n\n```\ngit clone x && make\n```",
                true,
            ),
            (
                "usage",
                "## Using the CLI\n\n```sh\n$ payments charge 10\n```",
                true,
            ),
            // Plain section names need no body at all.
            ("testing", "## Tests\n\nx", true),
            ("deployment", "## Deploying to production\n\nx", true),
        ];
        for (section, text, counts) in cases {
            let doc = format!("# payments\n\n{PROSE}\n\n{text}\n");
            let o = run_with(
                &Readme,
                &[("README.md", doc.as_str())],
                &Params(
                    [("sections".to_string(), serde_json::json!([section]))]
                        .into_iter()
                        .collect(),
                ),
                crate::checks::Profile::Service,
            );
            assert_eq!(
                o.status == Status::Pass,
                *counts,
                "{text}: {:?}",
                o.evidence
            );
        }
    }

    #[test]
    fn a_contributor_guide_answers_setup_and_tests() {
        let readme = format!("# Payments\n\n{PROSE}\n\n## Configuration\n\nSet `DATABASE_URL`.\n\n## Deployment\n\nSee ops.\n");
        let guide = "# Contributing\n\n## Development setup\n\nmake dev\n\n## Running the tests\n\nmake test\n\n## Deployment\n\nnot the guide's job\n";
        let o = run_with(
            &Readme,
            &[("README.md", readme.as_str()), ("CONTRIBUTING.md", guide)],
            &Params::default(),
            crate::checks::Profile::Service,
        );
        let testing = o
            .evidence
            .iter()
            .find(|e| e.starts_with("testing"))
            .unwrap();
        assert!(testing.contains("CONTRIBUTING.md:7"), "{:?}", o.evidence);
        assert!(
            o.evidence
                .iter()
                .any(|e| e.starts_with("install/setup") && e.contains("CONTRIBUTING.md:3")),
            "{:?}",
            o.evidence
        );
        // Only developer-facing sections come from the guide.
        assert!(
            o.evidence
                .iter()
                .any(|e| e.starts_with("troubleshooting: missing")),
            "{:?}",
            o.evidence
        );
        // Without the guide the same README misses both.
        let alone = run_with(
            &Readme,
            &[("README.md", readme.as_str())],
            &Params::default(),
            crate::checks::Profile::Service,
        );
        assert!(alone.score < o.score, "{} vs {}", alone.score, o.score);
    }

    #[test]
    fn quick_start_answers_install_and_usage() {
        let text = format!("# tool\n\n{PROSE}\n\n## Quick start\n\npip install tool && tool run\n");
        let o = expect(
            &Readme,
            "quick start",
            &[("README.md", text.as_str())],
            Status::Partial,
        );
        for label in ["install/setup: README.md", "usage/run locally: README.md"] {
            assert!(
                o.evidence.iter().any(|e| e.starts_with(label)),
                "{label}: {o:?}"
            );
        }
    }

    #[test]
    fn an_introduction_beats_a_later_about_heading() {
        let text = format!("# tool\n\n{PROSE}\n\n## Usage\n\nx\n\n### About the labels\n\ny\n");
        let o = expect(
            &Readme,
            "intro then about",
            &[("README.md", text.as_str())],
            Status::Partial,
        );
        assert!(
            o.evidence
                .iter()
                .any(|e| e.starts_with("overview: README.md:3 (")),
            "{o:?}"
        );
    }

    #[test]
    fn tricky_negatives() {
        // Headings inside code blocks and the title do not count.
        let text = format!("# Deploy Bot\n\n{PROSE}\n\n```\n## Installation\n## Testing\n```\n");
        let o = expect(
            &Readme,
            "code and title",
            &[("README.md", text.as_str())],
            Status::Partial,
        );
        assert_eq!(o.summary, "README.md: 1 of 7 sections (missing: install, usage, configuration, testing, deployment, troubleshooting)");
        // A sentence set as a heading names no section.
        let text = format!("# x\n\n{PROSE}\n\n### See how the same clone is built using different frontends and backends\n");
        let o = expect(
            &Readme,
            "sentence heading",
            &[("README.md", text.as_str())],
            Status::Partial,
        );
        assert!(o.summary.contains("1 of 7"), "{}", o.summary);
        // "Running tests" is testing, not usage.
        let text = format!("# x\n\n{PROSE}\n\n## Running tests\n");
        let o = expect(
            &Readme,
            "specific wins",
            &[("README.md", text.as_str())],
            Status::Partial,
        );
        assert!(
            o.summary.contains("missing: install, usage,"),
            "{}",
            o.summary
        );
    }

    #[test]
    fn github_dir_and_best_root_file() {
        expect(
            &Readme,
            ".github",
            &[(".github/README.md", full("md").as_str())],
            Status::Pass,
        );
        let o = expect(
            &Readme,
            "two root files",
            &[
                ("README", "see README.md"),
                ("README.md", full("md").as_str()),
            ],
            Status::Pass,
        );
        assert!(o.summary.starts_with("README.md"), "{}", o.summary);
    }

    #[test]
    fn params_choose_sections_and_threshold() {
        let text =
            format!("# x\n\n{PROSE}\n\n## Installation\n\npip install x\n\n## Usage\n\nx run\n");
        let params: Params =
            serde_json::from_str(r#"{"sections": ["overview", "install", "usage"]}"#).unwrap();
        let o = run_with(
            &Readme,
            &[("README.md", text.as_str())],
            &params,
            Profile::Library,
        );
        assert_eq!(o.status, Status::Pass, "{o:?}");
        let params: Params = serde_json::from_str(r#"{"min_words": 5}"#).unwrap();
        let o = run_with(
            &Readme,
            &[("README.md", "# x\n\nA small tool for y.\n\n## Install\n")],
            &params,
            Profile::Library,
        );
        assert_eq!(o.status, Status::Partial, "{o:?}");
        let params: Params = serde_json::from_str(r#"{"sections": ["changelog"]}"#).unwrap();
        let o = run_with(
            &Readme,
            &[("README.md", text.as_str())],
            &params,
            Profile::Library,
        );
        assert_eq!(o.status, Status::Error, "{o:?}");
        assert!(
            o.summary.contains("unknown section 'changelog'"),
            "{}",
            o.summary
        );
    }
    #[test]
    fn a_document_of_its_own_answers_a_topic() {
        let readme = format!("# Payments\n\n{PROSE}\n\n## Installation\n\npip install payments\n");
        // (extra file, the topic it should answer, or None for a near-miss)
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "docs/configuration.md",
                "# Settings\n\n",
                Some("configuration"),
            ),
            ("docs/installation/index.md", "# Welcome\n\n", None), // install was already in the README
            ("docs/admin/index.md", "# Upgrading\n\n", Some("deployment")),
            ("FAQ.md", "# Questions\n\n", Some("troubleshooting")),
            (
                "documentation/Running-Tests.rst",
                "Tests\n=====\n\n",
                Some("testing"),
            ),
            (
                "docs/guide.md",
                "# Deploying to production\n\n",
                Some("deployment"),
            ),
            // Near-misses: release notes are a changelog; a placeholder has
            // no prose; a document outside a docs tree is some module's;
            // nothing stands in for the README's own overview.
            ("docs/release-notes.md", "# Release notes\n\n", None),
            ("src/deploy/notes.md", "# Deployment\n\n", None),
            ("docs/about.md", "# Overview\n\n", None),
        ];
        let baseline = run_with(
            &Readme,
            &[("README.md", readme.as_str())],
            &Params::default(),
            crate::checks::Profile::Service,
        );
        for (path, title, topic) in cases {
            let body = format!("{title}{PROSE}\n");
            let o = run_with(
                &Readme,
                &[("README.md", readme.as_str()), (path, body.as_str())],
                &Params::default(),
                crate::checks::Profile::Service,
            );
            match topic {
                Some(t) => {
                    assert!(o.score > baseline.score, "{path}: {:?}", o.evidence);
                    assert!(
                        o.evidence
                            .iter()
                            .any(|e| e.contains(path) && e.contains("a document")),
                        "{path} should answer {t}: {:?}",
                        o.evidence
                    );
                }
                None => assert_eq!(o.score, baseline.score, "{path}: {:?}", o.evidence),
            }
        }
        // A placeholder page of a few words answers nothing.
        let o = run_with(
            &Readme,
            &[
                ("README.md", readme.as_str()),
                ("docs/configuration.md", "# Configuration\n\nTODO\n"),
            ],
            &Params::default(),
            crate::checks::Profile::Service,
        );
        assert_eq!(o.score, baseline.score, "{:?}", o.evidence);
    }
}
