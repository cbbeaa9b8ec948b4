//! `observability.alerts`: alert rules live in the repository, reviewed
//! and versioned with the code whose failures they detect.
//!
//! Reads Prometheus rule files and PrometheusRule objects (also inside Helm
//! templates and values), Grafana alerting provisioning, jsonnet mixins,
//! Terraform monitor resources (Datadog, Grafana, CloudWatch, Google,
//! Azure, New Relic, SignalFx) and Datadog monitor JSON
//! (formats/alerts). Alerts defined only in a vendor's UI are invisible
//! here: attest them, or export them as code.

use std::borrow::Cow;

use super::may_define_alerts;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::alerts;
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Alerts;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("observability.alerts"),
    title: Cow::Borrowed("Alert rules are defined as code in the repository"),
    category: Category::Observability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("the repository is a service or a worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Prometheus rules, PrometheusRule or monitors as code exist"),
    rationale: Cow::Borrowed(
        "Metrics nobody alerts on are read after the outage. Alerts kept as code are reviewed \
         with the change that makes them necessary, restored with the repository, and cannot be \
         silently edited in a UI.",
    ),
    remediation: Cow::Borrowed(
        "Define alerts on symptoms users feel (error rate, latency, saturation) as code: a \
         Prometheus rule file or a PrometheusRule object in the chart, Grafana alerting \
         provisioning, or Terraform resources for your vendor (datadog_monitor, \
         aws_cloudwatch_metric_alarm...). Give each a `runbook_url`.",
    ),
    passes_when: Cow::Borrowed(
        "at least one alert is defined: a Prometheus `- alert:` rule (plain, PrometheusRule, Helm), \
         a Grafana alert rule, a jsonnet mixin alert, a Terraform monitor resource or a Datadog \
         monitor JSON",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/"),
        Cow::Borrowed("https://sre.google/workbook/alerting-on-slos/"),
    ]),
};

pub(crate) struct Found(pub Vec<alerts::Alert>);

impl Check for Alerts {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        may_define_alerts(file)
    }

    fn inspect(&self, _f: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let a = content.model::<alerts::Alerts>();
        (!a.0.is_empty()).then(|| Box::new(Found(a.0.clone())) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let found: Vec<(&FileEntry, &Found)> = ctx.data::<Found>().collect();
        let total: usize = found.iter().map(|(_, a)| a.0.len()).sum();
        let Some((f, a)) = found.first() else {
            return Ok(Outcome::fail("no alert rules in the repository")
                .basis(Basis::Parsed)
                .evidence("looked for Prometheus `- alert:` rules and PrometheusRule objects (YAML, Helm), Grafana alerting provisioning, jsonnet mixins, Terraform monitors (datadog_monitor, aws_cloudwatch_metric_alarm, google_monitoring_alert_policy...) and Datadog monitor JSON"));
        };
        let first = &a.0[0];
        Ok(
            Outcome::pass(format!("{total} alerts in {} files", found.len()))
                .basis(Basis::Parsed)
                .evidence(format!(
                    "{} {} at {}:{}",
                    first.source, first.name, f.path, first.line
                ))
                .evidences(
                    found
                        .iter()
                        .skip(1)
                        .take(7)
                        .map(|(f, a)| format!("{} alerts in {}", a.0.len(), f.path)),
                ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        expect(
            &Alerts,
            "prometheus rules",
            &[(
                "deploy/rules.yml",
                "groups:\n- name: a\n  rules:\n  - alert: Down\n    expr: up == 0\n",
            )],
            Status::Pass,
        );
        expect(
            &Alerts,
            "terraform monitor",
            &[(
                "infra/monitors.tf",
                "resource \"datadog_monitor\" \"x\" {\n  name = \"x\"\n}\n",
            )],
            Status::Pass,
        );
        expect(
            &Alerts,
            "recording rules only",
            &[(
                "rules.yml",
                "groups:\n- name: a\n  rules:\n  - record: x\n    expr: y\n",
            )],
            Status::Fail,
        );
        expect(
            &Alerts,
            "rules in a test fixture",
            &[("tests/rules.yml", "groups:\n- rules:\n  - alert: X\n")],
            Status::Fail,
        );
        expect(
            &Alerts,
            "workflow named alert",
            &[(
                ".github/workflows/alert.yml",
                "on: push\njobs:\n  rules:\n    alert: x\n",
            )],
            Status::Fail,
        );
    }
}
