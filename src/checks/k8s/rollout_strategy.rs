//! `k8s.rollout-strategy`: Deployments roll out gradually; StatefulSets
//! and DaemonSets update themselves.
//!
//! One unit per Deployment (RollingUpdate, the default, passes; Recreate
//! fails unless the pod mounts a PersistentVolumeClaim, where a
//! ReadWriteOnce volume makes Recreate the honest choice, or an annotation
//! whose key names the strategy or `recreate` gives the reason), and per
//! StatefulSet and DaemonSet (`OnDelete` leaves updates to someone deleting
//! pods by hand). Helm charts: `Recreate` written in a template or in
//! values.yaml fails, with medium confidence.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::k8s::WorkloadKind;
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

use super::{helm, helm_finding, Inventory, Tally};

pub struct RolloutStrategy;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.rollout-strategy"),
    title: Cow::Borrowed("Workloads roll out gradually (RollingUpdate, not Recreate)"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Deployments, StatefulSets or DaemonSets exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed(
        "RollingUpdate for Deployments; no OnDelete for StatefulSets/DaemonSets",
    ),
    rationale: Cow::Borrowed(
        "Recreate stops every old pod before starting a new one: each release is an outage, and a \
         bad image takes the service down instead of stalling the rollout. OnDelete means pods run \
         the old spec until someone deletes them by hand.",
    ),
    remediation: Cow::Borrowed(
        "Remove `strategy: {type: Recreate}` (RollingUpdate is the default) and tune \
         `maxUnavailable`/`maxSurge`. Where Recreate is required (a ReadWriteOnce volume, a \
         singleton), say why in an annotation such as `shipready.io/recreate-reason` or an inline \
         `shipready: ignore[k8s.rollout-strategy] <reason>`. Use `updateStrategy: {type: \
         RollingUpdate}` for StatefulSets and DaemonSets.",
    ),
    passes_when: Cow::Borrowed(
        "no Deployment uses Recreate without a PersistentVolumeClaim or an annotation giving the \
         reason, and no StatefulSet or DaemonSet uses OnDelete",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy",
    )]),
};

impl Check for RolloutStrategy {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::wants(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        super::inspect(content)
    }

    fn per_file(&self) -> bool {
        true
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let inv = Inventory::collect(ctx);
        let mut t = Tally::new(&META);
        for (m, o, w) in inv.workloads() {
            let strategy = w.strategy.as_ref();
            let value = strategy.map(|s| s.value.as_str());
            let line = strategy.map_or(o.line, |s| s.line);
            let bad = match w.kind {
                WorkloadKind::Deployment => value == Some("Recreate"),
                WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => value == Some("OnDelete"),
                _ => continue,
            };
            if !bad {
                t.unit(1.0, Vec::new(), m.markers, o.line);
                continue;
            }
            let declared = o.annotations.iter().find(|(k, v)| {
                let k = k.to_ascii_lowercase();
                (k.contains("recreate") || k.contains("strategy")) && !v.trim().is_empty()
            });
            if let Some((k, _)) = declared {
                t.evidence.push(format!(
                    "{} declares {} on purpose ({k})",
                    o.display(),
                    value.unwrap_or("")
                ));
                t.unit(1.0, Vec::new(), m.markers, o.line);
            } else if w.kind == WorkloadKind::Deployment && w.pod.uses_pvc {
                t.evidence.push(format!(
                    "{} uses Recreate with a PersistentVolumeClaim (ReadWriteOnce volumes need it)",
                    o.display()
                ));
                t.unit(1.0, Vec::new(), m.markers, o.line);
            } else {
                let f = t.finding(
                    "disruptive-strategy",
                    format!(
                        "{} uses {} with no reason given",
                        o.display(),
                        value.unwrap_or("")
                    ),
                    m.path,
                    line,
                );
                t.unit(0.0, vec![f], m.markers, o.line);
            }
        }
        for chart in &inv.charts {
            let Some((wpath, wline, _)) = helm::workloads(chart)
                .into_iter()
                .find(|(_, _, k)| matches!(*k, "Deployment" | "StatefulSet" | "DaemonSet"))
            else {
                continue;
            };
            let in_values = chart.values.and_then(|(p, v)| {
                helm::find_key(v, "type")
                    .into_iter()
                    .find(|(_, n)| matches!(n.as_str(), Some("Recreate" | "OnDelete")))
                    .map(|(k, n)| (p, n.line, k))
            });
            let in_template = chart.templates.iter().find_map(|(p, text)| {
                text.lines()
                    .position(|l| l.trim() == "type: Recreate" || l.trim() == "type: OnDelete")
                    .map(|i| (*p, i as u32 + 1))
            });
            // A chart that mounts a claim has the same reason as a manifest:
            // a ReadWriteOnce volume cannot be shared by old and new pods.
            let mounts_claim = chart
                .templates
                .iter()
                .any(|(_, text)| text.contains("persistentVolumeClaim:"));
            match (in_template, in_values) {
                (Some(_), _) | (None, Some(_)) if mounts_claim => {
                    t.evidence.push(format!(
                        "chart {}: Recreate/OnDelete with a PersistentVolumeClaim in its templates (ReadWriteOnce volumes need it)",
                        chart.name
                    ));
                    t.chart_unit(1.0, Vec::new());
                }
                (Some((p, l)), _) => {
                    let f = helm_finding(t.finding(
                        "helm-default",
                        format!(
                            "chart {}: template sets a Recreate/OnDelete strategy",
                            chart.name
                        ),
                        p,
                        l,
                    ));
                    t.chart_unit(0.0, vec![f]);
                }
                (None, Some((p, l, k))) => {
                    let f = helm_finding(t.finding(
                        "helm-default",
                        format!(
                            "chart {}: values default {k} to Recreate/OnDelete",
                            chart.name
                        ),
                        p,
                        l,
                    ));
                    t.chart_unit(0.0, vec![f]);
                }
                (None, None) => {
                    t.evidence.push(format!(
                        "chart {}: no Recreate/OnDelete in templates or values ({wpath}:{wline})",
                        chart.name
                    ));
                    t.chart_unit(1.0, Vec::new());
                }
            }
        }
        Ok(t.outcome(
            "workloads roll out gradually",
            &inv,
            "no Deployment, StatefulSet or DaemonSet",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::k8s::test_util::deployment;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let rolling = deployment("web", "", "");
        let recreate = rolling.replace(
            "spec:\n  selector",
            "spec:\n  strategy:\n    type: Recreate\n  selector",
        );
        let annotated = recreate.replace("  name: web\n", "  name: web\n  annotations:\n    shipready.io/recreate-reason: single writer to a RWO volume\n");
        let with_pvc = deployment(
            "db",
            "volumes:\n  - name: data\n    persistentVolumeClaim: {claimName: data}\n",
            "",
        )
        .replace(
            "spec:\n  selector",
            "spec:\n  strategy:\n    type: Recreate\n  selector",
        );
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  updateStrategy: {type: OnDelete}\n  template:\n    spec:\n      containers: [{name: s, image: 's:1'}]\n";
        let table: Vec<(&str, &str, Status)> = vec![
            ("rolling default", &rolling, Status::Pass),
            ("recreate", &recreate, Status::Fail),
            ("recreate annotated", &annotated, Status::Pass),
            ("recreate with pvc", &with_pvc, Status::Pass),
            ("statefulset ondelete", sts, Status::Fail),
        ];
        for (name, text, want) in table {
            expect(&RolloutStrategy, name, &[("k/d.yaml", text)], want);
        }
    }
}
