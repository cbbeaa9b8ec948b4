//! Helpers shared by the checks that read dependencies, code and documents
//! for service-level signals (observability, reliability, recovery,
//! operations): which files are product code, which are documents, and
//! how sure a finding is.

use crate::formats::manifests::{self, Ecosystem, Manifest};
use crate::formats::{alerts, source};
pub use crate::workspace::paths::{is_example_path, is_test_path};
use crate::workspace::{Content, FileEntry, Lang};

// Parse caches for the formats these checks share: each file is parsed
// at most once per format, whichever checks read it (`Content::model`).
impl crate::workspace::Model for manifests::Parsed {
    fn parse(path: &str, text: &str) -> Self {
        manifests::Parsed::parse(path, text)
    }
}

impl crate::workspace::Model for source::Code {
    fn parse(path: &str, text: &str) -> Self {
        source::Code::parse(path, text)
    }
}

impl crate::workspace::Model for alerts::Alerts {
    fn parse(path: &str, text: &str) -> Self {
        alerts::Alerts::parse(path, text)
    }
}

/// Scripts, examples and generated trees are not the product either.
fn is_tooling_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.split('/').rev().skip(1).any(|d| {
        // `_example/`, `.examples/`: the prefix only hides the directory.
        let d = d.trim_start_matches(['_', '.']);
        matches!(
            d,
            "docs"
                | "doc"
                | "scripts"
                | "script"
                | "tools"
                | "hack"
                | "contrib"
                | "generated"
                | "gen"
                | "migrations"
                | "migrate"
                | "stories"
                | "storybook"
                | "site"
                | "website"
        )
    }) || is_example_path(path)
        || lower.contains(".generated.")
        || lower.ends_with(".min.js")
        || lower.ends_with(".pb.go")
        || lower.ends_with("_pb2.py")
        || lower.ends_with(".d.ts")
}

/// Product source: code in a known language, outside vendored, fixture,
/// test, example, script and generated trees, and not huge (bundles and
/// generated clients are).
pub fn is_product_source(f: &FileEntry) -> bool {
    *f.product_source.get_or_init(|| {
        f.lang.is_some_and(|l| l != Lang::Shell)
            && f.size <= 512 * 1024
            && !f.vendored()
            && !f.fixture()
            && !f.test_code()
            && !is_tooling_path(&f.path)
    })
}

/// A prose document (Markdown, reStructuredText, AsciiDoc, text), outside
/// vendored and fixture trees.
pub fn is_doc(f: &FileEntry) -> bool {
    // Five checks ask this of every file: the extension is tested without
    // allocating, and most files stop there.
    let name = f.name();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let doc_ext = ["md", "markdown", "mdx", "rst", "adoc", "asciidoc", "txt"]
        .iter()
        .any(|d| ext.eq_ignore_ascii_case(d));
    if !doc_ext && !name.eq_ignore_ascii_case("readme") && !name.eq_ignore_ascii_case("runbook") {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    !lower.starts_with("changelog")
        && !lower.starts_with("license")
        && !lower.starts_with("requirements")
        && !f.vendored()
        && !f.fixture()
        && !f.path.contains("node_modules")
}

/// A manifest (not a lockfile) outside vendored, fixture and example trees.
pub fn is_project_manifest(f: &FileEntry) -> bool {
    matches!(f.manifest(), Some((_, manifests::Role::Manifest)))
        && !f.vendored()
        && !f.fixture()
        && !f.test_code()
        && !f.example()
}

/// The manifest a file holds, when it is one.
pub fn manifest_of(content: &Content<'_>) -> Option<Manifest> {
    content.model::<manifests::Parsed>().0.clone()
}

/// A dependency table keyed by ecosystem name, from YAML or params:
/// `{python: [sentry-sdk], java: [io.sentry:sentry]}`.
pub fn package_table(table: &serde_json::Value) -> Result<Vec<(Ecosystem, String)>, String> {
    let Some(obj) = table.as_object() else {
        return Err("`packages` must map ecosystem names to lists of package names".into());
    };
    let mut out = Vec::new();
    for (eco_name, list) in obj {
        let ecos = Ecosystem::from_name(eco_name);
        if ecos.is_empty() {
            return Err(format!(
                "unknown ecosystem '{eco_name}' (known: rust, go, python, js, java, ruby, php, dotnet, elixir, or a registry: cargo, npm, pypi, maven, gradle, rubygems, composer, nuget, hex)"
            ));
        }
        let Some(names) = list.as_array() else {
            return Err(format!(
                "packages.{eco_name} must be a list of package names"
            ));
        };
        for n in names {
            let Some(n) = n.as_str() else {
                return Err(format!("packages.{eco_name} must be a list of strings"));
            };
            for e in &ecos {
                out.push((*e, n.to_string()));
            }
        }
    }
    Ok(out)
}

/// Upper-case identifiers of a text (`DATABASE_URL`), the shape
/// environment variables are named in.
pub fn env_like_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| is_env_name(w))
}

/// `DATABASE_URL`, `PORT`: upper-case letters, digits and `_`, starting
/// with a letter, two characters at least.
pub fn is_env_name(w: &str) -> bool {
    w.len() >= 2
        && w.len() <= 128
        && w.starts_with(|c: char| c.is_ascii_uppercase())
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The headings of a prose document, each as its words, with lines.
pub struct DocHeadings {
    pub headings: Vec<(u32, String, Vec<String>)>,
}

/// Several checks look for headings in every ops document; parsed once per
/// file through the workspace's model cache.
///
/// Both models read the finished text (`markup::finished`): what a starter
/// template left unwritten is no evidence.
impl crate::workspace::Model for DocHeadings {
    fn parse(path: &str, text: &str) -> Self {
        DocHeadings::read(path, &crate::formats::markup::finished(path, text))
    }

    /// From the file's outline model, which runbook checks read too.
    fn from_content(content: &Content<'_>) -> Self {
        let outline = content.model::<crate::formats::markup::Outline>();
        DocHeadings::of(outline.headings.iter().map(|h| (h.line, h.text.clone())))
    }
}

impl crate::workspace::Model for crate::formats::markup::Outline {
    fn parse(path: &str, text: &str) -> Self {
        crate::formats::markup::outline(path, &crate::formats::markup::finished(path, text))
    }
}

impl DocHeadings {
    pub fn read(path: &str, text: &str) -> Self {
        let outline = crate::formats::markup::outline(path, text);
        Self::of(outline.headings.into_iter().map(|h| (h.line, h.text)))
    }

    fn of(headings: impl Iterator<Item = (u32, String)>) -> Self {
        DocHeadings {
            headings: headings
                .map(|(line, text)| {
                    let words = crate::formats::markup::words(&text);
                    (line, text, words)
                })
                .collect(),
        }
    }

    /// The first heading containing one of `keywords` (word prefixes,
    /// phrases of consecutive words), with its line and text.
    pub fn find(&self, keywords: &[&str]) -> Option<(u32, &str)> {
        use crate::formats::markup::{phrase_words_match, words, Stem};
        let keywords: Vec<Vec<String>> = keywords.iter().map(|k| words(k)).collect();
        self.headings
            .iter()
            .find(|(_, _, w)| {
                keywords
                    .iter()
                    .any(|k| phrase_words_match(w, k, Stem::Prefix) > 0)
            })
            .map(|(l, t, _)| (*l, t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_and_product_paths() {
        for (path, test) in [
            ("pkg/api/server_test.go", true),
            ("tests/test_api.py", true),
            ("src/app.spec.ts", true),
            ("src/test/java/a/AppTest.java", true),
            ("spec/models/user_spec.rb", true),
            ("Api.Tests/Foo.cs", true),
            ("src/contest.py", false),
            ("src/latest.py", false),
            ("app/services/client.rb", false),
        ] {
            assert_eq!(is_test_path(path), test, "{path}");
        }
        assert!(is_product_source(&FileEntry::new("src/main.rs".into(), 10)));
        assert!(!is_product_source(&FileEntry::new(
            "examples/a.rs".into(),
            10
        )));
        assert!(!is_product_source(&FileEntry::new(
            "node_modules/x/i.js".into(),
            10
        )));
        assert!(!is_product_source(&FileEntry::new(
            "api/v1/a.pb.go".into(),
            10
        )));
        assert!(!is_product_source(&FileEntry::new(
            "backend/_example/store/main.go".into(),
            10
        )));
        assert!(is_product_source(&FileEntry::new(
            "src/main/java/org/springframework/samples/petclinic/App.java".into(),
            10
        )));
    }

    #[test]
    fn package_tables_validate() {
        let ok = serde_json::json!({"java": ["io.sentry:sentry"], "python": ["sentry-sdk"]});
        assert_eq!(package_table(&ok).unwrap().len(), 3);
        for bad in [
            serde_json::json!(["x"]),
            serde_json::json!({"cobol": ["x"]}),
            serde_json::json!({"go": "x"}),
            serde_json::json!({"go": [1]}),
        ] {
            assert!(package_table(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn env_names() {
        let words: Vec<&str> =
            env_like_words("Set `DATABASE_URL` and PORT, not Port or _X or A").collect();
        assert_eq!(words, ["DATABASE_URL", "PORT"]);
    }
}
