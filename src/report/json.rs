//! JSON report, `schema_version` 2 (docs/report-schema.md). Field names
//! never change within a major version.

use super::Report;

pub fn render(report: &Report) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
