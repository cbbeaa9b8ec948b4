//! Alert definitions kept as code, with their runbook links: Prometheus
//! rule files and PrometheusRule objects (`- alert:` entries, in plain YAML,
//! Helm templates or values), Grafana alerting provisioning (`- uid:` rules
//! with a `title:`), jsonnet monitoring mixins (`alert: 'Name'`), Terraform
//! monitor resources (Datadog, Grafana, CloudWatch, Google Cloud
//! Monitoring, Azure Monitor, New Relic, SignalFx) and Datadog monitor
//! JSON.
//!
//! A line scanner, not a YAML parser: Helm templates are not valid YAML,
//! and alerts hide inside them. An alert's block runs from its item line to
//! the next line indented at most as deep as the item; its runbook is a
//! `runbook_url:` or `runbook:` key inside the block (a Terraform or
//! Datadog monitor: a runbook URL named in its text). Never fails; an
//! unrecognised file has no alerts.

use std::sync::LazyLock;

use regex::Regex;

use crate::formats::source::{braces, line_of};

/// One alert and what it says about its runbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub name: String,
    pub line: u32,
    /// The runbook reference, as written, and its line.
    pub runbook: Option<(String, u32)>,
    /// Where the alert comes from ("Prometheus rule", "datadog_monitor"...).
    pub source: &'static str,
}

/// The alerts of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alerts(pub Vec<Alert>);

impl Alerts {
    pub fn parse(path: &str, text: &str) -> Self {
        Alerts(parse(path, text))
    }
}

static TF_MONITOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*resource\s+"(datadog_monitor|grafana_rule_group|aws_cloudwatch_metric_alarm|aws_cloudwatch_composite_alarm|google_monitoring_alert_policy|azurerm_monitor_metric_alert|azurerm_monitor_scheduled_query_rules_alert(?:_v2)?|newrelic_nrql_alert_condition|newrelic_alert_condition|signalfx_detector)"\s+"([^"]+)"\s*\{"#)
        .expect("terraform monitor regex")
});
static RUNBOOK_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)runbook[\w\s:=>"'-]{0,20}?(https?://[^\s"'<>)\]]+|[\w./-]+\.(?:md|rst|adoc))"#,
    )
    .expect("runbook in text regex")
});
static JSONNET_ALERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*alert\s*:\s*['"]([^'"]+)['"]"#).expect("jsonnet alert regex")
});
static JSONNET_RUNBOOK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"runbook(?:_url)?['"]?\s*:\s*(['"]?)([^,\n}]+)"#).expect("jsonnet runbook regex")
});

/// Alerts in `text`, by the file's kind.
pub fn parse(path: &str, text: &str) -> Vec<Alert> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".tf") {
        return terraform(text);
    }
    if lower.ends_with(".jsonnet") || lower.ends_with(".libsonnet") {
        return jsonnet(text);
    }
    if lower.ends_with(".json") {
        return datadog_json(text);
    }
    if lower.ends_with(".yml") || lower.ends_with(".yaml") || lower.ends_with(".tpl") {
        if text.contains("rules:") && text.contains("alert:") {
            return yaml_items(text, "alert", "Prometheus rule");
        }
        if text.contains("condition:") && text.contains("rules:") && text.contains("uid:") {
            return yaml_items(text, "uid", "Grafana alert rule");
        }
    }
    Vec::new()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn unquote(v: &str) -> String {
    let v = v.split(" #").next().unwrap_or(v).trim();
    v.trim_matches(|c| c == '"' || c == '\'').trim().to_string()
}

/// YAML list items that start with (or contain) `key:`.
fn yaml_items(text: &str, key: &str, source: &'static str) -> Vec<Alert> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        let (item_indent, value) = if let Some(rest) = t.strip_prefix("- ") {
            match rest
                .trim_start()
                .strip_prefix(key)
                .and_then(|r| r.strip_prefix(':'))
            {
                Some(v) => (indent(line), v),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else if let Some(v) = t.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            // `alert:` as a later key of its item: the item is two to the left.
            (indent(line).saturating_sub(2), v)
        } else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len() {
            let l = lines[end];
            let lt = l.trim();
            if !lt.is_empty()
                && !lt.starts_with('#')
                && !lt.starts_with("{{")
                && indent(l) <= item_indent
            {
                break;
            }
            end += 1;
        }
        let mut name = unquote(value);
        let mut runbook = None;
        for (j, l) in lines.iter().enumerate().take(end).skip(i) {
            let lt = l.trim_start().trim_start_matches("- ");
            if key == "uid" {
                if let Some(v) = lt.strip_prefix("title:") {
                    name = unquote(v);
                }
            }
            for k in [
                "runbook_url:",
                "runbook:",
                "runbook_link:",
                "runbookUrl:",
                "runbook_URL:",
            ] {
                if let Some(v) = lt.strip_prefix(k) {
                    let v = unquote(v);
                    if !v.is_empty() && runbook.is_none() {
                        runbook = Some((v, j as u32 + 1));
                    }
                }
            }
        }
        out.push(Alert {
            name,
            line: i as u32 + 1,
            runbook,
            source,
        });
        i = end.max(i + 1);
    }
    out
}

fn terraform(text: &str) -> Vec<Alert> {
    let mut out = Vec::new();
    for c in TF_MONITOR.captures_iter(text) {
        let (Some(all), Some(kind), Some(name)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let body = braces(text, all.end() - 1, 64 * 1024).unwrap_or("");
        let base = all.end();
        let runbook = RUNBOOK_IN_TEXT.captures(body).and_then(|r| {
            let m = r.get(1)?;
            Some((m.as_str().to_string(), line_of(text, base + m.start())))
        });
        let source: &'static str = match kind.as_str() {
            "datadog_monitor" => "datadog_monitor",
            "grafana_rule_group" => "grafana_rule_group",
            "aws_cloudwatch_metric_alarm" | "aws_cloudwatch_composite_alarm" => "CloudWatch alarm",
            "google_monitoring_alert_policy" => "google_monitoring_alert_policy",
            "signalfx_detector" => "signalfx_detector",
            k if k.starts_with("newrelic") => "New Relic alert condition",
            _ => "Azure Monitor alert",
        };
        out.push(Alert {
            name: name.as_str().to_string(),
            line: line_of(text, all.start()),
            runbook,
            source,
        });
    }
    out
}

fn jsonnet(text: &str) -> Vec<Alert> {
    let starts: Vec<(usize, String)> = JSONNET_ALERT
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str().to_string())))
        .collect();
    let mut out = Vec::new();
    for (k, (start, name)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |(s, _)| *s);
        let block = &text[*start..end];
        let runbook = JSONNET_RUNBOOK.captures(block).and_then(|c| {
            let m = c.get(2)?;
            Some((
                unquote(m.as_str().trim_end_matches(',')),
                line_of(text, start + m.start()),
            ))
        });
        out.push(Alert {
            name: name.clone(),
            line: line_of(text, *start),
            runbook,
            source: "jsonnet mixin alert",
        });
    }
    out
}

/// Datadog monitors exported as JSON: `"type": "... alert"` and a `"query"`.
fn datadog_json(text: &str) -> Vec<Alert> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let items: Vec<&serde_json::Value> = match &v {
        serde_json::Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter(|m| {
            m.get("query").is_some()
                && m.get("type")
                    .and_then(|t| t.as_str())
                    .is_some_and(|t| t.ends_with("alert"))
        })
        .map(|m| {
            let name = m
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("monitor")
                .to_string();
            let line = text
                .lines()
                .position(|l| l.contains(&format!("\"{name}\"")))
                .map_or(1, |i| i as u32 + 1);
            let message = m.get("message").and_then(|s| s.as_str()).unwrap_or("");
            let runbook = RUNBOOK_IN_TEXT
                .captures(message)
                .and_then(|c| Some((c.get(1)?.as_str().to_string(), line)));
            Alert {
                name,
                line,
                runbook,
                source: "Datadog monitor",
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &str, text: &str) -> Vec<(String, u32, Option<String>)> {
        parse(path, text)
            .into_iter()
            .map(|a| (a.name, a.line, a.runbook.map(|r| r.0)))
            .collect()
    }

    #[test]
    fn prometheus_rules() {
        let text = "groups:\n- name: api\n  rules:\n  - alert: HighErrorRate\n    expr: x > 1\n    annotations:\n      runbook_url: https://runbooks.example/high-error-rate\n  - alert: SlowRequests\n    expr: y\n    annotations:\n      summary: slow\n  - record: job:x:rate5m\n    expr: z\n";
        assert_eq!(
            names("rules/api.yml", text),
            [
                (
                    "HighErrorRate".into(),
                    4,
                    Some("https://runbooks.example/high-error-rate".into())
                ),
                ("SlowRequests".into(), 8, None),
            ]
        );
        let pr = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: x\n      rules:\n        - alert: Down\n          annotations:\n            runbook_url: '{{ .Values.runbooks }}/down'\n        - expr: up == 0\n          alert: Down2\n";
        let got = names("chart/templates/rules.yaml", pr);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].2.as_deref(), Some("{{ .Values.runbooks }}/down"));
    }

    #[test]
    fn grafana_terraform_jsonnet_datadog() {
        let g = "apiVersion: 1\ngroups:\n  - orgId: 1\n    name: g\n    rules:\n      - uid: a1\n        title: Disk full\n        condition: C\n        annotations:\n          runbook_url: docs/runbooks/disk.md\n";
        assert_eq!(
            names("grafana/alerting.yaml", g),
            [("Disk full".into(), 6, Some("docs/runbooks/disk.md".into()))]
        );
        let tf = "resource \"datadog_monitor\" \"cpu\" {\n  name = \"CPU\"\n  message = \"High CPU. Runbook: https://wiki/cpu @pagerduty\"\n}\nresource \"aws_cloudwatch_metric_alarm\" \"errors\" {\n  alarm_name = \"errors\"\n}\n";
        assert_eq!(
            names("monitoring/main.tf", tf),
            [
                ("cpu".into(), 1, Some("https://wiki/cpu".into())),
                ("errors".into(), 5, None)
            ]
        );
        let js = "{\n  alert: 'KubeAPIDown',\n  annotations: { runbook_url: 'https://runbooks/kubeapidown' },\n},\n{\n  alert: 'Other',\n}\n";
        assert_eq!(names("alerts.libsonnet", js).len(), 2);
        assert_eq!(
            names("alerts.libsonnet", js)[0].2.as_deref(),
            Some("https://runbooks/kubeapidown")
        );
        let dd = r#"{"name": "Latency", "type": "metric alert", "query": "avg:x > 1", "message": "see runbook docs/runbooks/latency.md"}"#;
        assert_eq!(
            names("monitors/latency.json", dd),
            [("Latency".into(), 1, Some("docs/runbooks/latency.md".into()))]
        );
    }

    #[test]
    fn near_misses_and_hostile_input() {
        assert!(names("values.yaml", "alert: true\n").is_empty());
        assert!(names("a.json", r#"{"type": "metric alert"}"#).is_empty());
        for t in [
            "",
            "rules:\nalert:",
            "- alert:",
            "resource \"datadog_monitor\" \"x\" {",
            "alert: '",
        ] {
            for p in ["a.yml", "a.tf", "a.libsonnet", "a.json"] {
                let _ = parse(p, t);
            }
        }
    }
}
