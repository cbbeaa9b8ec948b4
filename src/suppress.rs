//! Inline suppressions: `shipready: ignore[<check>[/<rule>]] <reason>` on a
//! finding's line (or alone on a comment line just above it),
//! `shipready: ignore-file[<check>] <reason>` anywhere in a file, the
//! markers teams already have for secrets (`gitleaks:allow`, `pragma:
//! allowlist secret`, `pragma: allowlist nextline secret`,
//! `trufflehog:ignore`, `kingfisher:ignore`, `betterleaks:allow`), zizmor's
//! `zizmor: ignore[audit]` for the audits that map one to one to a CI check
//! (`ZIZMOR_AUDITS`), and hadolint's `# hadolint ignore=DL3008,...` (the
//! next line) and `# hadolint global ignore=...` (the file) for the rules
//! that map one to one onto a docker check and rule ([`HADOLINT`]).
//!
//! Scope follows what each marker's author expects. The peer tools define
//! theirs as the marker's own line (detect-secrets' `nextline` form: only
//! the line after it), so a marker trailing `NAME = "billing"` must not
//! also hide a real key on the line below. Ours covers its line, and the
//! next one only when it stands alone on a comment line, the one place a
//! reader takes it to be about the line that follows.
//!
//! Markers are collected while a file's bytes are in hand (the single pass)
//! and matched to findings afterwards, so no file is read twice. A
//! `shipready:` marker that suppresses nothing becomes an informational
//! finding: stale suppressions rot otherwise.

use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

use crate::model::{Finding, Level, Suppression};

pub const SECRETS_CHECK: &str = "secrets.no-committed-secrets";

/// What a marker covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Its own line only (a marker trailing code; every peer tool's marker).
    Line(u32),
    /// Its own line and the next one (ours, alone on a comment line).
    LineAndNext(u32),
    /// The whole file.
    File,
    /// Only the next line (`pragma: allowlist nextline secret`).
    NextLine(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub path: String,
    pub scope: Scope,
    /// (check id, optional rule) pairs; foreign markers name the secrets check.
    pub targets: Vec<(String, Option<String>)>,
    pub reason: String,
    /// The marker as written, e.g. `shipready: ignore[...]`, `gitleaks:allow`.
    pub marker: String,
    /// Ours (reported when stale) or a peer tool's (not reported).
    pub native: bool,
    /// The line the marker stands on.
    pub line: u32,
}

const NEEDLES: &[&str] = &[
    "shipready:",
    "gitleaks:allow",
    "pragma: allowlist",
    "trufflehog:ignore",
    "kingfisher:ignore",
    "squawk-ignore",
    "zizmor:",
    "hadolint ",
    "betterleaks:allow",
];

/// zizmor audits and the check each is the same question as; a
/// `# zizmor: ignore[audit]` comment suppresses that check's findings.
pub const ZIZMOR_AUDITS: &[(&str, &str)] = &[
    ("unpinned-uses", "ci.pinned-actions"),
    ("excessive-permissions", "ci.least-privilege"),
    ("dangerous-triggers", "ci.no-dangerous-triggers"),
    ("template-injection", "ci.no-template-injection"),
    ("artipacked", "ci.no-persisted-credentials"),
    ("cache-poisoning", "ci.no-cache-poisoning"),
    ("insecure-commands", "ci.no-unsecure-commands"),
    (
        "hardcoded-container-credentials",
        "ci.no-hardcoded-credentials",
    ),
];

/// hadolint rule -> (check, rule) for the rules a docker check covers
/// exactly; documented in docs/containers.md.
pub const HADOLINT: &[(&str, &str, &str)] = &[
    ("DL3002", "docker.non-root-user", "root-user"),
    ("DL3005", "docker.package-hygiene", "upgrade"),
    ("DL3006", "docker.pinned-base-image", "no-tag"),
    ("DL3007", "docker.pinned-base-image", "latest-tag"),
    ("DL3008", "docker.package-hygiene", "apt-unpinned"),
    ("DL3009", "docker.package-hygiene", "apt-lists-not-cleaned"),
    (
        "DL3015",
        "docker.package-hygiene",
        "apt-no-install-recommends",
    ),
    ("DL3017", "docker.package-hygiene", "upgrade"),
    ("DL3018", "docker.package-hygiene", "apk-unpinned"),
    ("DL3019", "docker.package-hygiene", "apk-no-cache"),
    ("DL3020", "docker.copy-not-add", "add-local-file"),
    ("DL3025", "docker.exec-form", "shell-form"),
    ("DL3032", "docker.package-hygiene", "yum-no-clean"),
    ("DL3033", "docker.package-hygiene", "yum-unpinned"),
    ("DL3040", "docker.package-hygiene", "dnf-no-clean"),
    ("DL3041", "docker.package-hygiene", "dnf-unpinned"),
    ("DL4006", "docker.pipefail", "no-pipefail"),
];

/// `hadolint ignore=DL3008,DL3009` / `hadolint global ignore=...`: the
/// mapped targets and whether the marker covers the whole file.
type Targets = Vec<(String, Option<String>)>;

fn hadolint_marker(line: &str) -> Option<(Targets, bool, String)> {
    let pos = line.find("hadolint ")?;
    let rest = line[pos + "hadolint ".len()..].trim_start();
    let (global, rest) = match rest.strip_prefix("global ") {
        Some(r) => (true, r.trim_start()),
        None => (false, rest),
    };
    let list = rest.strip_prefix("ignore=")?;
    let list = list.split_whitespace().next().unwrap_or("");
    let targets: Vec<(String, Option<String>)> = list
        .split(',')
        .filter_map(|code| {
            HADOLINT
                .iter()
                .find(|(c, _, _)| c.eq_ignore_ascii_case(code.trim()))
                .map(|(_, check, rule)| (check.to_string(), Some(rule.to_string())))
        })
        .collect();
    let written = format!(
        "hadolint {}ignore={list}",
        if global { "global " } else { "" }
    );
    (!targets.is_empty()).then_some((targets, global, written))
}

// Case-sensitive on purpose: every tool writes its marker in lowercase, and
// an exact-case, leftmost-first automaton runs on a vectorised prefilter.
// An ASCII case-insensitive one, or one with the default standard
// semantics (which turn that prefilter off), walked every byte of every
// file: 9-13 % of a scan.
fn needles() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(NEEDLES)
            .expect("static needles compile")
    })
}

/// Markers in one file. Cheap when there are none: one automaton pass over
/// the bytes, and text only for the lines that hold a marker.
pub fn scan(path: &str, bytes: &[u8]) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut last_line_start = usize::MAX;
    for m in needles().find_iter(bytes) {
        let start = memchr::memrchr(b'\n', &bytes[..m.start()]).map_or(0, |p| p + 1);
        if start == last_line_start {
            continue;
        }
        last_line_start = start;
        let end = memchr::memchr(b'\n', &bytes[m.start()..]).map_or(bytes.len(), |p| m.start() + p);
        let line = String::from_utf8_lossy(&bytes[start..end]);
        let lineno = bytes[..start].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        parse_line(path, lineno, line.trim_end_matches('\r'), &mut out);
    }
    out
}

fn parse_line(path: &str, lineno: u32, line: &str, out: &mut Vec<Marker>) {
    let lower = line.to_ascii_lowercase();
    let mut rest_from = 0;
    while let Some(pos) = lower[rest_from..].find("shipready:") {
        let start = rest_from + pos;
        let after = &line[start + "shipready:".len()..];
        let trimmed = after.trim_start();
        let (file_scope, body) = if let Some(b) = trimmed.strip_prefix("ignore-file[") {
            (true, b)
        } else if let Some(b) = trimmed.strip_prefix("ignore[") {
            (false, b)
        } else {
            rest_from = start + 1;
            continue;
        };
        let Some(close) = body.find(']') else {
            break;
        };
        // Only well-formed ids count: documentation that shows the syntax
        // (`ignore[<check>/<rule>]`) is not a marker.
        let valid_rule = |r: &str| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        };
        let targets = body[..close]
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match t.split_once('/') {
                Some((c, r)) => (c.to_string(), Some(r.to_string())),
                None => (t.to_string(), None),
            })
            .filter(|(c, r)| {
                crate::checks::CheckId::parse(c).is_ok() && r.as_deref().is_none_or(valid_rule)
            })
            .collect::<Vec<_>>();
        if targets.is_empty() {
            rest_from = start + 1;
            continue;
        }
        let reason = clean_reason(&body[close + 1..]);
        out.push(Marker {
            path: path.to_string(),
            scope: if file_scope {
                Scope::File
            } else if is_comment_only(&line[..start]) {
                Scope::LineAndNext(lineno)
            } else {
                Scope::Line(lineno)
            },
            targets,
            reason,
            marker: format!(
                "shipready: {}[{}]",
                if file_scope { "ignore-file" } else { "ignore" },
                &body[..close]
            ),
            native: true,
            line: lineno,
        });
        rest_from = start + 1;
    }
    squawk_marker(path, lineno, line, &lower, out);
    if let Some(pos) = lower.find("zizmor: ignore[") {
        let body = &line[pos + "zizmor: ignore[".len()..];
        if let Some(close) = body.find(']') {
            let targets: Vec<(String, Option<String>)> = body[..close]
                .split(',')
                .filter_map(|a| ZIZMOR_AUDITS.iter().find(|(z, _)| *z == a.trim()))
                .map(|(_, id)| (id.to_string(), None))
                .collect();
            if !targets.is_empty() {
                out.push(Marker {
                    path: path.to_string(),
                    scope: Scope::Line(lineno),
                    targets,
                    reason: clean_reason(&body[close + 1..]),
                    marker: format!("zizmor: ignore[{}]", &body[..close]),
                    native: false,
                    line: lineno,
                });
            }
        }
    }
    if let Some((targets, global, written)) = hadolint_marker(line) {
        out.push(Marker {
            path: path.to_string(),
            // hadolint applies an ignore to the instruction on the next line.
            scope: if global {
                Scope::File
            } else {
                Scope::NextLine(lineno)
            },
            targets,
            reason: String::new(),
            marker: written,
            native: false,
            line: lineno,
        });
    }
    let foreign: &[(&str, bool)] = &[
        ("gitleaks:allow", false),
        ("pragma: allowlist nextline secret", true),
        ("pragma: allowlist secret", false),
        ("trufflehog:ignore", false),
        ("kingfisher:ignore", false),
        ("betterleaks:allow", false),
    ];
    for (needle, next_only) in foreign {
        if let Some(pos) = lower.find(needle) {
            // "allowlist secret" is a substring of nothing else we match,
            // but "nextline" contains it; take the longer one only.
            if *needle == "pragma: allowlist secret"
                && lower.contains("pragma: allowlist nextline secret")
            {
                continue;
            }
            out.push(Marker {
                path: path.to_string(),
                scope: if *next_only {
                    Scope::NextLine(lineno)
                } else {
                    Scope::Line(lineno)
                },
                targets: vec![(SECRETS_CHECK.to_string(), None)],
                reason: clean_reason(&line[pos + needle.len()..]),
                marker: needle.to_string(),
                native: false,
                line: lineno,
            });
        }
    }
}

/// What precedes a marker on its line is nothing but a comment opener
/// (`#`, `//`, `--`, `/*`, ` * `, `<!--`, `{#`, `;`, `%`, `'`, `REM`): the
/// marker is a line of its own.
fn is_comment_only(prefix: &str) -> bool {
    let p = prefix.trim();
    p.is_empty()
        || p.eq_ignore_ascii_case("rem")
        || (p.len() <= 4
            && p.chars().all(|c| {
                matches!(
                    c,
                    '#' | '/' | '-' | '*' | '<' | '!' | '{' | ';' | '%' | '\''
                )
            }))
}

/// `-- squawk-ignore rule-a, rule-b` (the next statement) and
/// `-- squawk-ignore-file [rules]`, for the squawk rules that map one to
/// one onto a `migrations.safe-ddl` rule. A file marker without rules
/// covers the whole check; unmapped rule names are ignored.
fn squawk_marker(path: &str, lineno: u32, line: &str, lower: &str, out: &mut Vec<Marker>) {
    let Some(pos) = lower.find("squawk-ignore") else {
        return;
    };
    let rest = &line[pos + "squawk-ignore".len()..];
    let (file_scope, rest) = match rest.strip_prefix("-file") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    // A trailing `-- reason` is squawk's own syntax for a reason.
    let (names, reason) = rest.split_once("--").unwrap_or((rest, ""));
    let check = crate::checks::migrations::safe_ddl_id();
    let mut targets: Vec<(String, Option<String>)> = names
        .split([',', ' '])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .filter_map(crate::checks::migrations::squawk_rule)
        .map(|r| (check.to_string(), Some(r.to_string())))
        .collect();
    if targets.is_empty() {
        if !(file_scope && names.trim().is_empty()) {
            return;
        }
        targets.push((check.to_string(), None));
    }
    out.push(Marker {
        path: path.to_string(),
        // squawk applies it to the statement that follows.
        scope: if file_scope {
            Scope::File
        } else {
            Scope::LineAndNext(lineno)
        },
        targets,
        reason: clean_reason(reason),
        marker: line[pos..].trim().chars().take(80).collect(),
        native: false,
        line: lineno,
    });
}

/// A reason is what follows the marker, minus comment closers.
fn clean_reason(s: &str) -> String {
    s.trim()
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim_end_matches("#}")
        .trim()
        .trim_start_matches(['-', ':'])
        .trim()
        .to_string()
}

impl Marker {
    /// Whether this marker suppresses `f` (its path, line and check).
    pub fn covers(&self, f: &Finding) -> bool {
        if f.path.as_deref() != Some(self.path.as_str()) {
            return false;
        }
        let line_ok = match (&self.scope, f.line) {
            (Scope::File, _) => true,
            (Scope::Line(l), Some(fl)) => fl == *l,
            (Scope::LineAndNext(l), Some(fl)) => fl == *l || fl == l + 1,
            (Scope::NextLine(l), Some(fl)) => fl == l + 1,
            _ => false,
        };
        line_ok
            && self.targets.iter().any(|(check, rule)| {
                check == f.check.as_str()
                    && rule.as_ref().is_none_or(|r| Some(r) == f.rule.as_ref())
            })
    }
}

/// Marks findings covered by a marker as suppressed; returns the indices
/// of the markers that covered something.
pub fn apply(markers: &[Marker], findings: &mut [Finding]) -> Vec<usize> {
    let mut used = Vec::new();
    for f in findings.iter_mut() {
        if f.suppressed.is_some() {
            continue;
        }
        if let Some((i, m)) = markers.iter().enumerate().find(|(_, m)| m.covers(f)) {
            used.push(i);
            f.suppressed = Some(Suppression::Inline {
                marker: m.marker.clone(),
                reason: if m.reason.is_empty() {
                    "(no reason given)".into()
                } else {
                    m.reason.clone()
                },
            });
        }
    }
    used
}

/// Our own markers that covered nothing, as informational findings on the
/// check they name (only checks that ran: a marker for a disabled check is
/// not stale, just idle).
pub fn stale(markers: &[Marker], used: &[bool], ran: impl Fn(&str) -> bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for (m, used) in markers.iter().zip(used) {
        if *used || !m.native {
            continue;
        }
        for (check, _) in &m.targets {
            if !ran(check) {
                continue;
            }
            let Ok(id) = crate::checks::CheckId::parse(check) else {
                continue;
            };
            let mut f = Finding::new(
                &id,
                format!("`{}` suppresses nothing here; remove it", m.marker),
            )
            .rule("unused-suppression")
            .level(Level::Info)
            .at(m.path.clone(), Some(m.line));
            f.finish();
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckId;

    fn finding(check: &str, rule: Option<&str>, path: &str, line: u32) -> Finding {
        let mut f = Finding::new(&CheckId::parse(check).unwrap(), "x").at(path, Some(line));
        f.rule = rule.map(str::to_string);
        f
    }

    #[test]
    fn markers_cover_their_line_and_the_file() {
        let text = "a\nkey = 1 # shipready: ignore[secrets.no-committed-secrets/aws-access-key-id] test key\nb\n// shipready: ignore-file[docs.readme] generated\n";
        let markers = scan("f", text.as_bytes());
        assert_eq!(markers.len(), 2);
        assert_eq!(markers[0].reason, "test key");
        let mut findings = vec![
            finding(SECRETS_CHECK, Some("aws-access-key-id"), "f", 2),
            finding(SECRETS_CHECK, Some("aws-access-key-id"), "f", 3),
            finding(SECRETS_CHECK, Some("github-pat"), "f", 2),
            finding("docs.readme", None, "f", 40),
            finding(SECRETS_CHECK, Some("aws-access-key-id"), "other", 2),
        ];
        let used = apply(&markers, &mut findings);
        let got: Vec<bool> = findings.iter().map(|f| f.suppressed.is_some()).collect();
        // The marker trails code on line 2: line 3 is not its business.
        assert_eq!(got, [true, false, false, true, false]);
        let mut flags = vec![false; markers.len()];
        used.into_iter().for_each(|i| flags[i] = true);
        assert!(stale(&markers, &flags, |_| true).is_empty());
    }

    #[test]
    fn markers_on_crlf_lines_and_at_the_end_of_a_file() {
        let text =
            b"a = 1\r\nb = 2 # gitleaks:allow\r\nc = 3 # shipready: ignore[docs.readme] last";
        let markers = scan("f", text);
        assert_eq!(markers.len(), 2, "{markers:?}");
        assert_eq!((markers[0].line, markers[1].line), (2, 3));
        assert_eq!(markers[1].reason, "last");
    }

    #[test]
    fn documented_syntax_is_not_a_marker() {
        let text = "Mark it: `shipready: ignore[<check>/<rule>] reason` or ignore[secrets.x/<rule>]\n# shipready: ignore[secrets.no-committed-secrets/<rule>] why\n";
        assert!(scan("README.md", text.as_bytes()).is_empty());
    }

    #[test]
    fn squawk_markers_map_onto_safe_ddl_rules() {
        let text = "-- squawk-ignore ban-drop-column, prefer-text-field -- unused since v3\nALTER TABLE t DROP COLUMN c;\n-- squawk-ignore prefer-robust-stmts\n";
        let markers = scan("m.sql", text.as_bytes());
        assert_eq!(markers.len(), 1, "{markers:?}");
        assert_eq!(
            markers[0].targets,
            [(
                "migrations.safe-ddl".to_string(),
                Some("drop-column".to_string())
            )]
        );
        assert_eq!(markers[0].reason, "unused since v3");
        let mut findings = vec![
            finding("migrations.safe-ddl", Some("drop-column"), "m.sql", 2),
            finding("migrations.safe-ddl", Some("rename-column"), "m.sql", 2),
        ];
        apply(&markers, &mut findings);
        assert!(findings[0].suppressed.is_some() && findings[1].suppressed.is_none());
        let file = scan("m.sql", b"-- squawk-ignore-file\n");
        assert_eq!(file[0].scope, Scope::File);
        assert_eq!(file[0].targets[0].1, None);
        assert!(stale(&file, &[false], |_| true).is_empty());
    }

    #[test]
    fn zizmor_ignores_map_to_ci_checks() {
        let text = "    steps:\n      - uses: o/a@v1 # zizmor: ignore[unpinned-uses] vendored fork\n      # zizmor: ignore[template-injection,artipacked]\n      - run: x\n      - uses: o/b@v1 # zizmor: ignore[unknown-audit]\n";
        let markers = scan(".github/workflows/a.yml", text.as_bytes());
        assert_eq!(markers.len(), 2, "{markers:?}");
        assert_eq!(
            markers[0].targets,
            [("ci.pinned-actions".to_string(), None)]
        );
        assert_eq!(markers[0].reason, "vendored fork");
        assert!(!markers[0].native);
        let p = ".github/workflows/a.yml";
        let mut findings = vec![
            finding("ci.pinned-actions", Some("unpinned-uses"), p, 2),
            finding("ci.no-template-injection", None, p, 4),
            finding("ci.no-persisted-credentials", None, p, 3),
            finding("ci.least-privilege", None, p, 4),
            finding("ci.pinned-actions", None, p, 5),
        ];
        let used = apply(&markers, &mut findings);
        let got: Vec<bool> = findings.iter().map(|f| f.suppressed.is_some()).collect();
        // A zizmor comment covers its own line, as zizmor reads it: the
        // standalone one on line 3 does not reach the step on line 4.
        assert_eq!(got, [true, false, true, false, false]);
        let mut flags = vec![false; markers.len()];
        used.into_iter().for_each(|i| flags[i] = true);
        assert!(stale(&markers, &flags, |_| true).is_empty());
    }

    #[test]
    fn shipready_markers_in_yaml_comments() {
        let text = "      # shipready: ignore[ci.pinned-actions] internal mirror\n      - uses: o/a@v1\n      - uses: o/b@v1 # shipready: ignore[ci.pinned-actions/unpinned-uses] same\n";
        let markers = scan("w.yml", text.as_bytes());
        let mut findings = vec![
            finding("ci.pinned-actions", Some("unpinned-uses"), "w.yml", 2),
            finding("ci.pinned-actions", Some("unpinned-uses"), "w.yml", 3),
        ];
        apply(&markers, &mut findings);
        assert!(findings.iter().all(|f| f.suppressed.is_some()));
    }

    #[test]
    fn hadolint_markers_map_to_docker_rules() {
        let text = "# hadolint global ignore=DL3006\nFROM debian:12\n# hadolint ignore=DL3008,DL3009,SC2086\nRUN apt-get install -y curl\nRUN apt-get install -y git\n# hadolint ignore=DL9999\n";
        let markers = scan("Dockerfile", text.as_bytes());
        assert_eq!(markers.len(), 2, "{markers:?}");
        assert_eq!(markers[0].scope, Scope::File);
        assert_eq!(markers[1].marker, "hadolint ignore=DL3008,DL3009,SC2086");
        let mut findings = vec![
            finding(
                "docker.package-hygiene",
                Some("apt-unpinned"),
                "Dockerfile",
                4,
            ),
            finding(
                "docker.package-hygiene",
                Some("apt-lists-not-cleaned"),
                "Dockerfile",
                4,
            ),
            finding(
                "docker.package-hygiene",
                Some("apt-no-install-recommends"),
                "Dockerfile",
                4,
            ),
            finding(
                "docker.package-hygiene",
                Some("apt-unpinned"),
                "Dockerfile",
                5,
            ),
            finding("docker.pinned-base-image", Some("no-tag"), "Dockerfile", 2),
            finding(
                "docker.pinned-base-image",
                Some("latest-tag"),
                "Dockerfile",
                2,
            ),
        ];
        let used = apply(&markers, &mut findings);
        let got: Vec<bool> = findings.iter().map(|f| f.suppressed.is_some()).collect();
        assert_eq!(got, [true, true, false, false, true, false]);
        // Foreign markers are never reported as stale.
        assert!(stale(&markers, &[false, false], |_| true).is_empty());
        assert_eq!(used.len(), 3);
    }

    #[test]
    fn foreign_markers_and_stale_ones() {
        let text = "password = x # gitleaks:allow\n# pragma: allowlist nextline secret\ntoken = y\n# shipready: ignore[docs.readme] old\n";
        let markers = scan("f", text.as_bytes());
        assert_eq!(markers.len(), 3, "{markers:?}");
        let mut findings = vec![
            finding(SECRETS_CHECK, None, "f", 1),
            finding(SECRETS_CHECK, None, "f", 3),
        ];
        let used = apply(&markers, &mut findings);
        let mut flags = vec![false; markers.len()];
        used.into_iter().for_each(|i| flags[i] = true);
        let stale = stale(&markers, &flags, |_| true);
        assert!(findings.iter().all(|f| f.suppressed.is_some()));
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].rule.as_deref(), Some("unused-suppression"));
        assert_eq!(stale[0].line, Some(4));
    }

    /// Every marker in every position relative to a finding on line 3:
    /// trailing the finding's own code, alone on the comment line above,
    /// trailing code on the line above, alone two lines above.
    #[test]
    fn marker_scope_table() {
        const OURS: &str = "shipready: ignore[secrets.no-committed-secrets] test value";
        // (marker, own line, standalone above, trailing above, two above)
        let table: &[(&str, [bool; 4])] = &[
            ("gitleaks:allow", [true, false, false, false]),
            ("pragma: allowlist secret", [true, false, false, false]),
            ("trufflehog:ignore", [true, false, false, false]),
            ("kingfisher:ignore", [true, false, false, false]),
            ("betterleaks:allow", [true, false, false, false]),
            (
                "pragma: allowlist nextline secret",
                [false, true, true, false],
            ),
            (OURS, [true, true, false, false]),
        ];
        for (marker, expect) in table {
            let texts = [
                format!("a = 1\nb = 2\ntoken = \"v\"  # {marker}\nc = 3\n"),
                format!("a = 1\n# {marker}\ntoken = \"v\"\nc = 3\n"),
                format!("a = 1\nname = \"billing\"  # {marker}\ntoken = \"v\"\n"),
                format!("# {marker}\nb = 2\ntoken = \"v\"\n"),
            ];
            for (pos, (text, want)) in texts.iter().zip(expect).enumerate() {
                let markers = scan("f.py", text.as_bytes());
                assert_eq!(markers.len(), 1, "{marker} pos {pos}: {markers:?}");
                let mut findings = vec![finding(SECRETS_CHECK, Some("generic-secret"), "f.py", 3)];
                apply(&markers, &mut findings);
                assert_eq!(
                    findings[0].suppressed.is_some(),
                    *want,
                    "{marker} in position {pos}:\n{text}"
                );
            }
        }
    }

    #[test]
    fn comment_openers_make_a_standalone_marker() {
        for prefix in [
            "", "  ", "#", "//", "--", "/*", " * ", "<!--", "{#", ";;", "%", "'", "REM",
        ] {
            assert!(is_comment_only(prefix), "{prefix:?}");
        }
        for prefix in ["x = 1 #", "token: abc #", "foo() //", "\"a\" ,"] {
            assert!(!is_comment_only(prefix), "{prefix:?}");
        }
        // Comment styles around a standalone marker of ours.
        for text in [
            "<!-- shipready: ignore[secrets.no-committed-secrets] doc -->\nkey\n",
            "/* shipready: ignore[secrets.no-committed-secrets] doc */\nkey\n",
            "-- shipready: ignore[secrets.no-committed-secrets] doc\nkey\n",
        ] {
            let markers = scan("f", text.as_bytes());
            assert_eq!(markers[0].scope, Scope::LineAndNext(1), "{text}");
        }
    }
}
