//! SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps, IDE
//! viewers): one run, a rule for every check in the report, a result for
//! each piece of evidence of a check that does not pass and for each
//! suppressed or baselined finding. docs/formats.md
//! describes the mapping; tests/schemas/ holds the schema CI validates
//! this output against.
//!
//! GitHub's ingestion rules shape three choices here:
//! - every result needs a file location, so a check that fails with no
//!   file to point at (no runbook anywhere) is placed on
//!   [`REPOSITORY_ANCHOR`] without a region;
//! - a run may hold 25,000 results of which GitHub keeps 5,000, so the
//!   [`MAX_RESULTS`] most severe are kept and the cut is reported;
//! - an upload may be 10 MB, so the file is kept under [`MAX_BYTES`].

use serde_json::{json, Map, Value};

use super::encode::{cap, uri_path};
use super::{fmt_num, CheckResult, Report, REPOSITORY_URL};
use crate::model::{
    fingerprint, Basis, Category, Confidence, Finding, Level, Severity, Status, Suppression,
};

/// The OASIS schema this output is valid against (a copy lives in
/// tests/schemas/).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// GitHub keeps at most this many results of a run (it rejects a run of
/// more than 25,000), choosing by severity; choosing ourselves keeps the
/// choice deterministic and says what was left out.
pub const MAX_RESULTS: usize = 5_000;

/// GitHub rejects a SARIF upload over 10 MB after gzip. The uncompressed
/// text is kept under that, so the file uploads however it is sent.
pub const MAX_BYTES: usize = 10_000_000;

/// Where a result with no file of its own is placed: GitHub refuses a
/// result without a physical location ("expected at least one
/// location"), accepts a path it cannot find in the commit (as OpenSSF
/// Scorecard's repository-level alerts show), and shows this one as the
/// repository's front page. No region: nothing in it is the cause.
pub const REPOSITORY_ANCHOR: &str = "README.md";

/// The key of our fingerprint in `partialFingerprints`, versioned so a
/// change of the hash can never be mistaken for the old one.
pub const FINGERPRINT_KEY: &str = "shipready/v1";

/// A message longer than this is cut (a finding's message is one line;
/// this only bounds hostile input).
const MAX_MESSAGE: usize = 2_000;

/// Evidence lines quoted in a repository-level result's message.
const MAX_EVIDENCE: usize = 10;

pub fn render(r: &Report) -> String {
    let results = results(r);
    let total = results.len();
    let mut keep = total.min(MAX_RESULTS);
    loop {
        let text = document(r, &results, keep);
        if text.len() <= MAX_BYTES || keep == 0 {
            return text;
        }
        // Shrink in proportion, with a margin, so this settles in a few
        // rounds even when a few results are much larger than the rest.
        let ratio = MAX_BYTES as f64 / text.len() as f64;
        keep = ((keep as f64 * ratio * 0.9) as usize).min(keep - 1);
    }
}

/// One result before serialisation: its place in report order and how
/// urgent it is, for choosing which to keep when there are too many.
struct Candidate {
    order: usize,
    /// Lower sorts first: open before suppressed, errors before notes.
    rank: (bool, u8),
    value: Value,
}

fn document(r: &Report, all: &[Candidate], keep: usize) -> String {
    let mut chosen: Vec<&Candidate> = all.iter().collect();
    chosen.sort_by_key(|c| (c.rank, c.order));
    chosen.truncate(keep);
    chosen.sort_by_key(|c| c.order);
    let results: Vec<&Value> = chosen.iter().map(|c| &c.value).collect();

    let mut notifications: Vec<Value> = r
        .checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.outcome.status == Status::Error)
        .map(|(i, c)| {
            json!({
                "level": "error",
                "message": { "text": cap(&format!("{} could not run: {}", c.id, c.outcome.summary), MAX_MESSAGE) },
                "associatedRule": { "id": c.id, "index": i },
            })
        })
        .collect();
    let mut properties = run_properties(r);
    if keep < all.len() {
        let note = format!(
            "{} of {} results included, the most severe first: GitHub code scanning keeps at most {} per run and accepts files up to 10 MB. `shipready -f json` reports every finding.",
            keep,
            all.len(),
            MAX_RESULTS
        );
        notifications.push(json!({ "level": "warning", "message": { "text": note } }));
        properties.insert(
            "truncated".into(),
            json!({ "results": all.len(), "included": keep, "note": note }),
        );
    }

    let mut invocation = Map::new();
    invocation.insert("executionSuccessful".into(), json!(true));
    if !notifications.is_empty() {
        invocation.insert("toolExecutionNotifications".into(), json!(notifications));
    }

    let doc = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": r.tool.name,
                "version": r.tool.version,
                "semanticVersion": r.tool.version,
                "informationUri": REPOSITORY_URL,
                "rules": r.checks.iter().map(rule).collect::<Vec<_>>(),
            }},
            "invocations": [invocation],
            "results": results,
            "properties": properties,
        }],
    });
    // Plain data with string keys always serialises.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The readiness summary, so a SARIF consumer sees the verdict too.
fn run_properties(r: &Report) -> Map<String, Value> {
    let s = &r.summary;
    let mut p = Map::new();
    p.insert("verdict".into(), json!(s.verdict));
    p.insert("level".into(), json!(s.level));
    p.insert("target".into(), json!(s.target));
    p.insert("score".into(), json!(s.score));
    if !s.capped_by.is_empty() {
        p.insert("rawScore".into(), json!(s.raw_score));
        p.insert("cappedBy".into(), json!(s.capped_by));
    }
    p.insert("coverage".into(), json!(s.coverage));
    p.insert("profile".into(), json!(r.profile.profile));
    p.insert("scoringModel".into(), json!(r.scoring_model));
    p
}

fn rule(c: &CheckResult) -> Value {
    let full = [c.summary.trim(), c.rationale.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let full = if full.is_empty() {
        c.title.clone()
    } else {
        full
    };
    let url = c.doc_url();
    let help_text = if !c.remediation.trim().is_empty() {
        c.remediation.trim().to_string()
    } else if let Some(u) = &url {
        format!("See {u}")
    } else {
        c.title.clone()
    };
    let mut md = String::new();
    if !c.rationale.trim().is_empty() {
        md.push_str(&format!("**Why it matters.** {}\n\n", c.rationale.trim()));
    }
    if !c.remediation.trim().is_empty() {
        md.push_str(&format!("**How to fix.**\n\n{}\n\n", c.remediation.trim()));
    }
    if let Some(u) = &url {
        md.push_str(&format!("[`{}` in the check catalog]({u})\n\n", c.id));
    }
    md.push_str(&format!(
        "`shipready explain {}` prints this with the weight and parameters in force.",
        c.id
    ));

    let mut props = Map::new();
    props.insert("category".into(), json!(c.category));
    props.insert("severity".into(), json!(c.severity));
    props.insert("weight".into(), json!(c.weight));
    props.insert("readinessLevel".into(), json!(c.level));
    props.insert(
        "tags".into(),
        json!(["production-readiness", c.category.as_str()]),
    );
    props.insert("precision".into(), json!(precision(c)));
    if c.category == Category::Security {
        if let Some(s) = security_severity(c.severity) {
            props.insert("security-severity".into(), json!(s));
        }
    }

    let mut rule = Map::new();
    rule.insert("id".into(), json!(c.id));
    rule.insert("name".into(), json!(pascal(&c.id)));
    rule.insert("shortDescription".into(), json!({ "text": c.title }));
    rule.insert("fullDescription".into(), json!({ "text": full }));
    rule.insert("help".into(), json!({ "text": help_text, "markdown": md }));
    if let Some(u) = url {
        rule.insert("helpUri".into(), json!(u));
    }
    rule.insert(
        "defaultConfiguration".into(),
        json!({ "level": severity_level(c.severity) }),
    );
    rule.insert("properties".into(), Value::Object(props));
    Value::Object(rule)
}

/// `docker.non-root-user` -> `DockerNonRootUser`: SARIF's `name` is an
/// identifier, where the id has dots and dashes.
fn pascal(id: &str) -> String {
    id.split(['.', '-', '_'])
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The rule's precision, from how sure this run's verdict was: parsed
/// evidence at high confidence is as sure as a static check gets.
fn precision(c: &CheckResult) -> &'static str {
    match (c.outcome.confidence, c.outcome.basis) {
        (Confidence::High, Basis::Parsed) => "very-high",
        (Confidence::High, _) => "high",
        (Confidence::Medium, _) => "medium",
        (Confidence::Low, _) => "low",
    }
}

/// GitHub ranks security alerts by this score: 9.0 and over is critical,
/// 7.0 high, 4.0 medium, under 4.0 low.
fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

fn severity_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn level_rank(level: &str) -> u8 {
    match level {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// A finding is as urgent as its own level and its check's severity
/// allow, whichever is lower: a warning of a critical check is a warning,
/// an error of a low check a note.
fn finding_level(c: &CheckResult, f: &Finding) -> &'static str {
    lowered(f.level, c.severity)
}

fn lowered(own: Level, severity: Severity) -> &'static str {
    let own = match own {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    };
    let sev = severity_level(severity);
    if level_rank(own) >= level_rank(sev) {
        own
    } else {
        sev
    }
}

/// Results: the evidence of every check that fails, is partial or is
/// waived, and every suppressed or baselined finding whatever its check's
/// status (an inline marker can make a check pass), so code scanning
/// closes the alert it had. Passing, unknown and not applicable checks add
/// nothing else; a check that errored is a notification.
fn results(r: &Report) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (index, c) in r.checks.iter().enumerate() {
        let failing = matches!(
            c.outcome.status,
            Status::Fail | Status::Partial | Status::Waived
        );
        for f in &c.outcome.findings {
            if !failing && f.suppressed.is_none() {
                continue;
            }
            let one = Evidence {
                level: finding_level(c, f),
                message: finding_message(f),
                place: Place::of(f),
                fingerprint: f.fingerprint.clone(),
                confidence: f.confidence,
                suppressions: suppressions(r, c, f.suppressed.as_ref()),
                sub_rule: f.rule.as_deref(),
            };
            out.push(one.candidate(c, index, out.len()));
        }
        // A failure that no finding explains (nothing was found: no
        // runbook, no CI) is reported against the repository itself.
        if failing && !c.outcome.findings.iter().any(|f| f.level > Level::Info) {
            let one = Evidence {
                level: severity_level(c.severity),
                message: check_message(c),
                place: Place::Repository(None),
                fingerprint: fingerprint(&[&c.id, "repository"]),
                confidence: c.outcome.confidence,
                suppressions: suppressions(r, c, None),
                sub_rule: None,
            };
            out.push(one.candidate(c, index, out.len()));
        }
    }
    out
}

/// Where a result is placed.
enum Place<'a> {
    File {
        path: &'a str,
        line: Option<u32>,
        end_line: Option<u32>,
    },
    /// On [`REPOSITORY_ANCHOR`]; with the path a finding named when that
    /// path is not inside the repository (a rules file given by absolute
    /// path), to say so in the message.
    Repository(Option<&'a str>),
}

impl<'a> Place<'a> {
    fn of(f: &'a Finding) -> Self {
        match f.path.as_deref() {
            Some(p) if in_repository(p) => Place::File {
                path: p,
                line: f.line.filter(|l| *l > 0),
                end_line: f.end_line,
            },
            Some(p) => Place::Repository(Some(p)),
            None => Place::Repository(None),
        }
    }
}

/// A path relative to the root that stays inside it.
fn in_repository(p: &str) -> bool {
    let drive = p.len() >= 2 && p.as_bytes()[1] == b':';
    !p.is_empty()
        && !p.starts_with(['/', '\\'])
        && !drive
        && !p.split(['/', '\\']).any(|seg| seg == "..")
}

/// One result's content, before it becomes SARIF.
struct Evidence<'a> {
    level: &'static str,
    message: String,
    place: Place<'a>,
    fingerprint: String,
    confidence: Confidence,
    suppressions: Vec<Value>,
    sub_rule: Option<&'a str>,
}

impl Evidence<'_> {
    fn candidate(self, c: &CheckResult, index: usize, order: usize) -> Candidate {
        let rank = (!self.suppressions.is_empty(), level_rank(self.level));
        Candidate {
            order,
            rank,
            value: self.into_value(c, index),
        }
    }

    fn into_value(self, c: &CheckResult, index: usize) -> Value {
        let mut message = self.message;
        let mut props = Map::new();
        props.insert("confidence".into(), json!(self.confidence));
        if let Some(rule) = self.sub_rule {
            props.insert("subRule".into(), json!(rule));
        }
        let physical = match self.place {
            Place::File {
                path,
                line,
                end_line,
            } => {
                let mut loc = json!({
                    "artifactLocation": { "uri": uri_path(path), "uriBaseId": "%SRCROOT%" },
                });
                if let Some(l) = line {
                    let mut region = json!({ "startLine": l });
                    if let Some(e) = end_line.filter(|e| *e >= l) {
                        region["endLine"] = json!(e);
                    }
                    loc["region"] = region;
                }
                loc
            }
            Place::Repository(outside) => {
                if let Some(p) = outside {
                    message.push_str(&format!(" (in {p}, outside the repository)"));
                }
                props.insert("repositoryLevel".into(), json!(true));
                json!({
                    "artifactLocation": { "uri": REPOSITORY_ANCHOR, "uriBaseId": "%SRCROOT%" },
                })
            }
        };
        let mut res = Map::new();
        res.insert("ruleId".into(), json!(c.id));
        res.insert("ruleIndex".into(), json!(index));
        res.insert("level".into(), json!(self.level));
        res.insert(
            "message".into(),
            json!({ "text": cap(&message, MAX_MESSAGE) }),
        );
        res.insert(
            "locations".into(),
            json!([{ "physicalLocation": physical }]),
        );
        res.insert(
            "partialFingerprints".into(),
            json!({ FINGERPRINT_KEY: self.fingerprint }),
        );
        if !self.suppressions.is_empty() {
            res.insert("suppressions".into(), json!(self.suppressions));
        }
        res.insert("properties".into(), Value::Object(props));
        Value::Object(res)
    }
}

fn finding_message(f: &Finding) -> String {
    match &f.rule {
        Some(rule) => format!("{rule}: {}", f.message),
        None => f.message.clone(),
    }
}

/// What a repository-level result says: the check's summary and what was
/// looked for.
fn check_message(c: &CheckResult) -> String {
    let mut m = format!("{}: {}", c.title, c.outcome.summary);
    if c.outcome.status == Status::Partial {
        m.push_str(&format!(
            " ({}% of the check's credit)",
            fmt_num(c.outcome.score * 100.0)
        ));
    }
    for e in c.outcome.evidence.iter().take(MAX_EVIDENCE) {
        m.push_str("\n- ");
        m.push_str(&cap(e, 300));
    }
    if c.outcome.evidence.len() > MAX_EVIDENCE {
        m.push_str(&format!(
            "\n- … and {} more",
            c.outcome.evidence.len() - MAX_EVIDENCE
        ));
    }
    m
}

/// Why a result does not count against the gate, in SARIF terms: an
/// inline marker is `inSource`; config ignores, the baseline and waivers
/// are `external`.
fn suppressions(r: &Report, c: &CheckResult, s: Option<&Suppression>) -> Vec<Value> {
    let mut out = Vec::new();
    match s {
        Some(Suppression::Inline { marker, reason }) => {
            let why = if reason.trim().is_empty() {
                format!("inline marker {marker}")
            } else {
                format!("{marker}: {reason}")
            };
            out.push(suppression("inSource", &why));
        }
        Some(Suppression::Config { reason }) => out.push(suppression("external", reason)),
        Some(Suppression::Baseline) => {
            let path = r
                .baseline
                .as_ref()
                .map_or("the baseline", |b| b.path.as_str());
            out.push(suppression("external", &format!("recorded in {path}")));
        }
        None => {}
    }
    if c.outcome.status == Status::Waived {
        let why = match &c.waiver {
            Some(w) => format!("waived until {}: {}", w.expires, w.reason),
            None => "waived".to_string(),
        };
        out.push(suppression("external", &why));
    }
    out
}

fn suppression(kind: &str, justification: &str) -> Value {
    json!({
        "kind": kind,
        "status": "accepted",
        "justification": cap(justification, MAX_MESSAGE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_identifiers() {
        for (id, name) in [
            ("docker.non-root-user", "DockerNonRootUser"),
            ("docs.readme", "DocsReadme"),
            ("team.check_1", "TeamCheck1"),
        ] {
            assert_eq!(pascal(id), name);
        }
    }

    #[test]
    fn only_paths_inside_the_repository_are_file_locations() {
        for (path, inside) in [
            ("src/main.rs", true),
            ("a b/c#d.txt", true),
            ("..foo/x", true),
            ("/etc/gitleaks.toml", false),
            ("\\\\server\\share", false),
            ("C:\\rules.toml", false),
            ("../outside.toml", false),
            ("a/../../b", false),
            ("", false),
        ] {
            assert_eq!(in_repository(path), inside, "{path}");
        }
    }

    #[test]
    fn a_finding_is_no_more_urgent_than_its_check() {
        // (finding level, check severity, result level)
        let table = [
            (Level::Error, Severity::Critical, "error"),
            (Level::Warning, Severity::Critical, "warning"),
            (Level::Info, Severity::Critical, "note"),
            (Level::Error, Severity::Medium, "warning"),
            (Level::Error, Severity::Low, "note"),
            (Level::Warning, Severity::Info, "note"),
        ];
        for (own, sev, want) in table {
            let got = lowered(own, sev);
            assert_eq!(got, want, "{own:?} {sev:?}");
        }
    }
}
