//! Rule model: the serde shape of one rule (`RuleSpec`, as written in
//! `checks/secrets.toml` or user config), its compiled form (`Rule`), and the
//! importer for gitleaks-format TOML.

use regex::bytes::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use super::allow::AllowConfig;
use super::verify::Verify;
use super::Confidence;

const BUILTIN_TOML: &str = include_str!("../../checks/secrets.toml");

/// Compiled regexes are bounded so a hostile custom rule cannot eat memory.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// Default keyword window: bytes of context before/after a keyword hit, widened to
/// whole lines, in which the rule's regex runs. 1 = just the line(s) holding the
/// hit: every single-line rule has its keyword inside the match, so nothing more is
/// needed, and on keyword-dense code this keeps the regexes off most of the file.
/// Multi-line rules set `window` themselves (or 0 for the whole file).
pub const DEFAULT_WINDOW: u32 = 1;

/// Which capture group is the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SecretGroup {
    Index(usize),
    Name(String),
}

/// How a rule's candidates are filtered and scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A provider format with a distinctive shape (prefix, checksum, structure).
    #[default]
    Token,
    /// A provider secret recognised by the key it is assigned to (e.g. a 40-char
    /// string after `aws_secret_access_key`): placeholder filters apply.
    Contextual,
    /// Any high-entropy value assigned to a secret-named key: full heuristics,
    /// skipped on minified lines, lockfiles and binary files.
    Generic,
    /// `scheme://user:password@host`: the `password` group is the secret and the
    /// `user` group (if any) is compared against it.
    UrlPassword,
    /// `key = value` in simple credential files (.npmrc, .pypirc, .netrc).
    Plain,
}

/// One rule as written in TOML. Field names match `checks/secrets.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub description: String,
    /// Rust `regex` syntax, matched against bytes.
    pub regex: String,
    /// Lowercase literals for the Aho-Corasick prefilter. A rule with none runs on
    /// every file (slow; the builtin rules all have keywords).
    pub keywords: Vec<String>,
    /// Capture group holding the secret: index or name. Default: group 1 if the
    /// regex has one, else the whole match.
    pub secret_group: Option<SecretGroup>,
    /// Minimum Shannon entropy (bits/byte) of the secret.
    pub entropy: Option<f64>,
    /// Offline verification: "github-crc32", "github-crc32-soft", "jwt", "pem-body",
    /// "k8s-secret-data", "aws-secret-shape".
    pub verify: Option<String>,
    /// Regexes over the secret: a hit suppresses the candidate.
    pub allow: Vec<String>,
    /// Case-insensitive substrings of the secret that suppress the candidate.
    pub stopwords: Vec<String>,
    /// Regexes over the path: a hit suppresses the rule for that file.
    pub allow_paths: Vec<String>,
    /// Only run on paths matching this regex.
    pub path: Option<String>,
    /// Only run on files where this regex matches somewhere.
    pub requires: Option<String>,
    /// A regex that, matching within a few lines of a candidate, says the
    /// value is public by design (a Firebase web config): at most medium.
    pub weak_near: Option<String>,
    /// Bytes of context around keyword hits in which the regex runs; 0 = whole file.
    pub window: Option<u32>,
    pub confidence: Option<Confidence>,
    pub kind: RuleKind,
    /// Strings that must produce a match for this rule (checked by unit tests).
    pub examples: Vec<String>,
    /// Strings that must not produce a match for this rule.
    pub negative_examples: Vec<String>,
    /// Path used when scanning the examples (for path-restricted rules).
    pub example_path: Option<String>,
}

#[derive(Deserialize)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// Fatal problems with rule data.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("cannot parse rule file: {0}")]
    Parse(String),
    #[error("rule {rule_id}: {message}")]
    Invalid { rule_id: String, message: String },
    #[error("duplicate rule id {0}")]
    Duplicate(String),
    #[error("allow list: {0}")]
    Allow(String),
}

/// A non-fatal problem: a rule that was skipped or changed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleWarning {
    pub rule_id: String,
    pub message: String,
}

impl std::fmt::Display for RuleWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rule {}: {}", self.rule_id, self.message)
    }
}

/// A rule: what is known without compiling it, and its regexes, compiled
/// on first use. The hook touches a handful of rules; compiling all of them
/// up front was three quarters of its instructions.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub confidence: Confidence,
    pub kind: RuleKind,
    pub(crate) entropy: Option<f64>,
    pub(crate) verify: Verify,
    pub(crate) stopwords: Vec<String>,
    /// 0 = whole file.
    pub(crate) window: usize,
    pub(crate) spec: RuleSpec,
    /// None when a deferred rule fails to compile: it then never runs (the
    /// built-in rules are all compiled by a test, and user rules eagerly).
    compiled: std::sync::OnceLock<Option<Compiled>>,
}

/// A rule's regexes and the capture groups they name.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) regex: Regex,
    pub(crate) group: usize,
    pub(crate) allow: Vec<Regex>,
    pub(crate) allow_paths: Vec<Regex>,
    pub(crate) path: Option<Regex>,
    pub(crate) requires: Option<Regex>,
    pub(crate) weak_near: Option<Regex>,
    pub(crate) user_group: Option<usize>,
    pub(crate) key_group: Option<usize>,
    pub(crate) quote_group: Option<usize>,
    /// Group `weak`: when it takes part in a match, the form matched names
    /// nothing (a positional argument, a fallback default): at most medium.
    pub(crate) weak_group: Option<usize>,
}

impl Rule {
    /// The source regex, for listings.
    pub fn regex(&self) -> &str {
        &self.spec.regex
    }

    /// The rule as written (including examples).
    pub fn spec(&self) -> &RuleSpec {
        &self.spec
    }

    /// Validates and compiles everything now: for rules a user wrote, whose
    /// errors must be reported at start-up.
    pub(crate) fn compile(spec: RuleSpec) -> Result<Rule, String> {
        let rule = Rule::deferred(spec)?;
        let compiled = Compiled::build(&rule.spec)?;
        let _ = rule.compiled.set(Some(compiled));
        Ok(rule)
    }

    /// Checks what is cheap to check and leaves the regexes for first use:
    /// for the built-in rules, which a test compiles one by one.
    pub(crate) fn deferred(spec: RuleSpec) -> Result<Rule, String> {
        if spec.id.trim().is_empty() {
            return Err("rule has an empty id".into());
        }
        if spec.regex.is_empty() {
            return Err("rule has no regex".into());
        }
        let verify = Verify::parse(spec.verify.as_deref())?;
        if let Some(e) = spec.entropy {
            if !(0.0..=8.0).contains(&e) {
                return Err(format!("entropy {e} outside 0..=8"));
            }
        }
        let confidence = spec.confidence.unwrap_or(match spec.kind {
            RuleKind::Token => Confidence::High,
            RuleKind::Contextual | RuleKind::UrlPassword | RuleKind::Plain => Confidence::Medium,
            RuleKind::Generic => Confidence::Low,
        });
        Ok(Rule {
            id: spec.id.clone(),
            description: if spec.description.is_empty() {
                spec.id.clone()
            } else {
                spec.description.clone()
            },
            keywords: spec
                .keywords
                .iter()
                .map(|k| k.to_ascii_lowercase())
                .collect(),
            confidence,
            kind: spec.kind,
            entropy: spec.entropy,
            verify,
            stopwords: spec
                .stopwords
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            window: spec.window.unwrap_or(DEFAULT_WINDOW) as usize,
            spec,
            compiled: std::sync::OnceLock::new(),
        })
    }

    /// The compiled regexes, compiling them on first call (thread-safe: a
    /// rule is compiled once however many threads ask).
    pub(crate) fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| Compiled::build(&self.spec).ok())
            .as_ref()
    }
}

impl Compiled {
    fn build(spec: &RuleSpec) -> Result<Compiled, String> {
        let regex = build_regex(&spec.regex)?;
        let names: Vec<Option<&str>> = regex.capture_names().collect();
        let named = |n: &str| names.iter().position(|x| *x == Some(n));
        let group = match &spec.secret_group {
            Some(SecretGroup::Index(i)) => {
                if *i >= names.len() {
                    return Err(format!(
                        "secret_group {i} but regex has {} groups",
                        names.len() - 1
                    ));
                }
                *i
            }
            Some(SecretGroup::Name(n)) => {
                named(n).ok_or_else(|| format!("secret_group {n:?} is not a group in the regex"))?
            }
            None => named("secret").unwrap_or(if names.len() > 1 { 1 } else { 0 }),
        };
        let compile_all = |v: &[String], what: &str| -> Result<Vec<Regex>, String> {
            v.iter()
                .map(|r| build_regex(r).map_err(|e| format!("{what} {r:?}: {e}")))
                .collect()
        };
        let one = |p: &Option<String>, what: &str| {
            p.as_deref()
                .map(|p| build_regex(p).map_err(|e| format!("{what} {p:?}: {e}")))
                .transpose()
        };
        Ok(Compiled {
            allow: compile_all(&spec.allow, "allow regex")?,
            allow_paths: compile_all(&spec.allow_paths, "allow path")?,
            path: one(&spec.path, "path")?,
            requires: one(&spec.requires, "requires")?,
            weak_near: one(&spec.weak_near, "weak_near")?,
            user_group: named("user"),
            key_group: named("key"),
            quote_group: named("q"),
            weak_group: named("weak"),
            group,
            regex,
        })
    }
}

fn build_regex(src: &str) -> Result<Regex, String> {
    let build = |unicode: bool| {
        RegexBuilder::new(src)
            .unicode(unicode)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
    };
    // Secrets are ASCII: ASCII classes (`\w`, `\b`, `(?i)`) match what
    // matters and compile to automata many times smaller and faster to
    // build (the hook's start-up fell from 110 ms to 10 ms). A pattern that
    // needs Unicode (`\p{L}` in an imported gitleaks rule) gets it.
    build(false).or_else(|_| build(true)).map_err(|e| match e {
        regex::Error::Syntax(s) => {
            // Keep the useful last line ("error: look-around ... not supported").
            let msg = s.lines().last().unwrap_or("").trim().to_string();
            format!("regex does not compile: {msg}")
        }
        regex::Error::CompiledTooBig(n) => format!("regex too large (limit {n} bytes)"),
        other => format!("regex does not compile: {other}"),
    })
}

/// Parse the embedded rule data.
pub(crate) fn builtin_specs() -> Result<Vec<RuleSpec>, RuleError> {
    parse_rule_file(BUILTIN_TOML)
}

pub(crate) fn parse_rule_file(text: &str) -> Result<Vec<RuleSpec>, RuleError> {
    let file: RuleFile = toml::from_str(text).map_err(|e| RuleError::Parse(e.to_string()))?;
    Ok(file.rule)
}

// ---- gitleaks import -------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct GlFile {
    rules: Vec<GlRule>,
    allowlist: Option<GlAllow>,
    allowlists: Vec<GlAllow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GlRule {
    id: String,
    description: String,
    regex: Option<String>,
    path: Option<String>,
    #[serde(rename = "secretGroup")]
    secret_group: Option<usize>,
    entropy: Option<f64>,
    keywords: Vec<String>,
    allowlist: Option<GlAllow>,
    allowlists: Vec<GlAllow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GlAllow {
    regexes: Vec<String>,
    paths: Vec<String>,
    stopwords: Vec<String>,
    #[serde(rename = "regexTarget")]
    regex_target: Option<String>,
    condition: Option<String>,
    commits: Vec<String>,
}

/// Parse a gitleaks-format config. Rules come back as [`RuleSpec`]s; the top-level
/// `[allowlist]`/`[[allowlists]]` become an [`AllowConfig`]. Anything that cannot be
/// honoured (regexes Rust cannot compile, match-target allowlists, path-only rules)
/// produces a [`RuleWarning`] naming the rule.
pub fn gitleaks_config_from_toml(text: &str) -> (Vec<RuleSpec>, AllowConfig, Vec<RuleWarning>) {
    let mut warnings = Vec::new();
    let file: GlFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            warnings.push(RuleWarning {
                rule_id: "(file)".into(),
                message: format!("not a valid gitleaks TOML file: {e}"),
            });
            return (Vec::new(), AllowConfig::default(), warnings);
        }
    };
    let mut global = AllowConfig::default();
    for a in file.allowlist.iter().chain(file.allowlists.iter()) {
        note_allow_limits("(global allowlist)", a, &mut warnings);
        push_valid(
            &mut global.paths,
            &a.paths,
            "(global allowlist)",
            "path",
            &mut warnings,
        );
        if a.regex_target.as_deref().is_none_or(|t| t == "secret") {
            push_valid(
                &mut global.regexes,
                &a.regexes,
                "(global allowlist)",
                "regex",
                &mut warnings,
            );
        }
        global.stopwords.extend(a.stopwords.iter().cloned());
    }
    let mut specs = Vec::new();
    for r in file.rules {
        let id = if r.id.is_empty() {
            "(unnamed)".to_string()
        } else {
            r.id.clone()
        };
        let Some(regex) = r.regex.filter(|s| !s.is_empty()) else {
            warnings.push(RuleWarning {
                rule_id: id,
                message: "path-only rules (no regex) are not supported; skipped".into(),
            });
            continue;
        };
        if let Err(e) = build_regex(&regex) {
            warnings.push(RuleWarning {
                rule_id: id,
                message: format!("{e}; skipped"),
            });
            continue;
        }
        let mut spec = RuleSpec {
            id: id.clone(),
            description: r.description,
            regex,
            keywords: r.keywords.iter().map(|k| k.to_ascii_lowercase()).collect(),
            // Absent/0 means what gitleaks does: the first group that participated in
            // the match, else the whole match; the engine's default does the same.
            secret_group: r.secret_group.filter(|&g| g > 0).map(SecretGroup::Index),
            entropy: r.entropy,
            path: r.path,
            kind: RuleKind::Token,
            // Custom rules are a user's claim; without a proven shape, Medium.
            confidence: Some(Confidence::Medium),
            ..RuleSpec::default()
        };
        if spec.keywords.is_empty() {
            warnings.push(RuleWarning {
                rule_id: id.clone(),
                message: "no keywords: this rule runs on every file (slower)".into(),
            });
        }
        for a in r.allowlist.iter().chain(r.allowlists.iter()) {
            note_allow_limits(&id, a, &mut warnings);
            push_valid(&mut spec.allow_paths, &a.paths, &id, "path", &mut warnings);
            if a.regex_target.as_deref().is_none_or(|t| t == "secret") {
                push_valid(&mut spec.allow, &a.regexes, &id, "regex", &mut warnings);
            }
            spec.stopwords.extend(a.stopwords.iter().cloned());
        }
        specs.push(spec);
    }
    (specs, global, warnings)
}

/// Parse gitleaks-format TOML into rule specs. The top-level allowlist is folded
/// into every rule (use [`gitleaks_config_from_toml`] to get it separately).
pub fn gitleaks_rules_from_toml(text: &str) -> (Vec<RuleSpec>, Vec<RuleWarning>) {
    let (mut specs, global, warnings) = gitleaks_config_from_toml(text);
    for s in &mut specs {
        s.allow.extend(global.regexes.iter().cloned());
        s.allow_paths.extend(global.paths.iter().cloned());
        s.stopwords.extend(global.stopwords.iter().cloned());
    }
    (specs, warnings)
}

fn push_valid(
    dst: &mut Vec<String>,
    src: &[String],
    id: &str,
    what: &str,
    warnings: &mut Vec<RuleWarning>,
) {
    for r in src {
        match build_regex(r) {
            Ok(_) => dst.push(r.clone()),
            Err(e) => warnings.push(RuleWarning {
                rule_id: id.to_string(),
                message: format!("allowlist {what} {r:?} ignored: {e}"),
            }),
        }
    }
}

fn note_allow_limits(id: &str, a: &GlAllow, warnings: &mut Vec<RuleWarning>) {
    if let Some(t) = a.regex_target.as_deref().filter(|t| *t != "secret") {
        warnings.push(RuleWarning {
            rule_id: id.to_string(),
            message: format!("allowlist regexTarget {t:?} not supported; its regexes are ignored"),
        });
    }
    if a.condition
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("and"))
    {
        warnings.push(RuleWarning {
            rule_id: id.to_string(),
            message: "allowlist condition AND treated as OR (broader suppression)".into(),
        });
    }
    if !a.commits.is_empty() {
        warnings.push(RuleWarning {
            rule_id: id.to_string(),
            message: "allowlist commits ignored (files are scanned, not history)".into(),
        });
    }
}

#[cfg(test)]
mod regex_tests {
    use super::build_regex;

    #[test]
    fn ascii_first_unicode_when_needed_errors_kept() {
        let ascii = build_regex(r"\bkey_\w+").unwrap();
        assert!(ascii.is_match(b"key_abc"));
        // A rule can still ask for Unicode classes explicitly.
        let unicode = build_regex(r"(?u:\w)+ß").unwrap();
        assert!(unicode.is_match("straße".as_bytes()));
        let err = build_regex(r"foo(?=bar)").unwrap_err();
        assert!(err.contains("look-around"), "{err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_ids_unique() {
        let specs = builtin_specs().unwrap();
        let mut ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate ids");
        for s in &specs {
            assert!(!s.keywords.is_empty(), "{} has no keywords", s.id);
            for k in &s.keywords {
                assert_eq!(
                    k,
                    &k.to_ascii_lowercase(),
                    "{}: keyword {k} not lowercase",
                    s.id
                );
            }
            assert!(!s.examples.is_empty(), "{} has no examples", s.id);
            assert!(
                !s.negative_examples.is_empty(),
                "{} has no negative examples",
                s.id
            );
            Rule::compile(s.clone()).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        }
    }

    #[test]
    fn secret_group_resolution() {
        let mk = |regex: &str, g: Option<SecretGroup>| {
            Rule::compile(RuleSpec {
                id: "t".into(),
                regex: regex.into(),
                keywords: vec!["x".into()],
                secret_group: g,
                ..Default::default()
            })
            .map(|r| r.compiled().map(|c| c.group))
        };
        let name = |n: &str| Some(SecretGroup::Name(n.into()));
        for (regex, g, want) in [
            ("abc", None, 0),
            ("a(b)c", None, 1),
            ("(a)(?P<secret>b)", None, 2),
            ("(a)(?P<v>b)", name("v"), 2),
        ] {
            assert_eq!(mk(regex, g).unwrap(), Some(want), "{regex}");
        }
        assert!(mk("(a)", Some(SecretGroup::Index(3))).is_err());
        assert!(mk("(a)", name("nope")).is_err());
        assert!(mk("(?<=a)b", None).is_err());
    }

    #[test]
    fn gitleaks_import() {
        let text = r#"
title = "custom"
[allowlist]
paths = ['''^vendor/''']
regexes = ['''^dummy''']
stopwords = ["internal"]

[[rules]]
id = "acme-key"
description = "Acme key"
regex = '''acme_([a-z0-9]{32})'''
secretGroup = 1
entropy = 3.5
keywords = ["acme_"]
[rules.allowlist]
regexes = ['''ignoreme''']
stopwords = ["sandbox"]

[[rules]]
id = "lookaround"
regex = '''(?<=token=)[a-z]{10}'''
keywords = ["token"]

[[rules]]
id = "backref"
regex = '''(['"])[a-z]{10}\1'''
keywords = ["x"]

[[rules]]
id = "pathonly"
path = '''\.pem$'''
"#;
        let (specs, allow, warnings) = gitleaks_config_from_toml(text);
        assert_eq!(specs.len(), 1);
        let s = &specs[0];
        assert_eq!(s.id, "acme-key");
        assert_eq!(s.secret_group, Some(SecretGroup::Index(1)));
        assert_eq!(s.entropy, Some(3.5));
        assert_eq!(s.allow, vec!["ignoreme".to_string()]);
        assert_eq!(s.stopwords, vec!["sandbox".to_string()]);
        assert_eq!(allow.paths, vec!["^vendor/".to_string()]);
        let ids: Vec<&str> = warnings.iter().map(|w| w.rule_id.as_str()).collect();
        assert!(ids.contains(&"lookaround"), "{warnings:?}");
        assert!(ids.contains(&"backref"), "{warnings:?}");
        assert!(ids.contains(&"pathonly"), "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.rule_id == "lookaround" && w.message.contains("look-around")),
            "{warnings:?}"
        );

        let (folded, _) = gitleaks_rules_from_toml(text);
        assert!(folded[0].allow.contains(&"^dummy".to_string()));
        assert!(folded[0].allow_paths.contains(&"^vendor/".to_string()));

        let (none, w) = gitleaks_rules_from_toml("this is [not toml");
        assert!(none.is_empty() && w.len() == 1);
    }

    #[test]
    fn real_gitleaks_style_rule_compiles() {
        // Typical gitleaks shape: unicode classes, lazy repetitions, (?i) groups.
        let text = r#"
[[rules]]
id = "generic-style"
regex = '''(?i)[\w.-]{0,50}?(?:acme)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([a-z0-9]{32})(?:[\x60'"\s;]|\\[nr]|$)'''
keywords = ["acme"]
"#;
        let (specs, warnings) = gitleaks_rules_from_toml(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        Rule::compile(specs[0].clone()).unwrap();
    }
}
