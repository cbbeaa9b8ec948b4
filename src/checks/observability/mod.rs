//! Observability checks on alerting as code. (Logging, metrics, tracing
//! and error tracking are dependency tables in checks/dependencies.yaml.)

use std::sync::Arc;

use super::CheckRef;
use crate::workspace::{FileEntry, FileKind};

pub mod alerts;
pub mod alerts_have_runbooks;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(alerts::Alerts),
        Arc::new(alerts_have_runbooks::AlertsHaveRunbooks),
    ]
}

/// A file that may define alerts: YAML (rule files, PrometheusRule, Helm,
/// Grafana provisioning), jsonnet, Terraform, and monitor JSON under a
/// directory or name that says monitor or alert.
pub(crate) fn may_define_alerts(f: &FileEntry) -> bool {
    if f.vendored() || f.fixture() || f.test_code() || f.path.starts_with(".github/") {
        return false;
    }
    let lower = f.path.to_ascii_lowercase();
    f.is(FileKind::Yaml)
        || lower.ends_with(".tpl")
        || lower.ends_with(".jsonnet")
        || lower.ends_with(".libsonnet")
        || f.is(FileKind::Terraform) && lower.ends_with(".tf")
        || f.is(FileKind::Json)
            && (lower.contains("monitor") || lower.contains("alert") || lower.contains("datadog"))
}
