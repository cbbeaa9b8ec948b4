//! `performance.autoscaling`: Deployments scale with load.
//!
//! One unit per Deployment, StatefulSet or Rollout: a point when a
//! HorizontalPodAutoscaler or KEDA ScaledObject targets it by kind and
//! name. A Helm chart earns the point when it renders an HPA or
//! ScaledObject enabled by default, half when the template exists but
//! `autoscaling.enabled` (or its gate) defaults to off.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::k8s::{Object, Scaler, Spec, WorkloadKind};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

use crate::checks::k8s::replicas_and_pdb::scaler_for;
use crate::checks::k8s::{self, helm, helm_finding, Inventory, Tally};

pub struct Autoscaling;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("performance.autoscaling"),
    title: Cow::Borrowed("Deployments scale with load (an HPA or equivalent)"),
    category: Category::Performance,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Kubernetes Deployments or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("a HorizontalPodAutoscaler or KEDA ScaledObject per Deployment"),
    rationale: Cow::Borrowed(
        "A fixed replica count is sized for yesterday's traffic: too small at the peak, wasted the \
         rest of the time. An autoscaler adds pods before latency climbs and removes them when load \
         falls.",
    ),
    remediation: Cow::Borrowed(
        "Add a HorizontalPodAutoscaler (`autoscaling/v2`) with `scaleTargetRef` naming the \
         Deployment, `minReplicas: 2` and a CPU or custom-metric target, or a KEDA ScaledObject for \
         queue-driven workers. In a Helm chart, default `autoscaling.enabled` to true.",
    ),
    passes_when: Cow::Borrowed(
        "every Deployment, StatefulSet and Rollout is the target of an HPA or ScaledObject; a chart \
         whose autoscaler is off by default earns half",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
    )]),
};

/// Controllers, operators, exporters and node agents: leader-elected
/// singletons, or sized by their own mechanism (an addon resizer, one per
/// node, one per scrape target), where an HPA is not the readiness
/// question. Judged by the name's words.
fn self_scaled(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        matches!(
            w,
            "controller"
                | "operator"
                | "exporter"
                | "agent"
                | "webhook"
                | "admission"
                | "provisioner"
                | "manager"
                | "scheduler"
        )
    }) || lower.contains("metrics-server")
        || lower.ends_with("-controller-manager")
}

impl Check for Autoscaling {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        k8s::wants(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        k8s::inspect(content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let inv = Inventory::collect(ctx);
        let mut t = Tally::new(&META);
        let scalers: Vec<(&Object, &Scaler)> = inv
            .objects()
            .filter_map(|(_, o)| match &o.spec {
                Spec::Scaler(s) => Some((o, s)),
                _ => None,
            })
            .collect();
        let mut exempt = Vec::new();
        for (m, o, w) in inv.workloads() {
            if !matches!(
                w.kind,
                WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::Rollout
            ) {
                continue;
            }
            if self_scaled(o.name.as_deref().unwrap_or("")) {
                exempt.push(o.display());
                continue;
            }
            if scaler_for(&scalers, o).is_some() {
                t.unit(1.0, Vec::new(), m.markers, o.line);
            } else {
                let f = t.finding(
                    "no-autoscaler",
                    format!("no HPA or ScaledObject targets {}", o.display()),
                    m.path,
                    o.line,
                );
                t.unit(0.0, vec![f], m.markers, o.line);
            }
        }
        for chart in &inv.charts {
            if self_scaled(&chart.name) {
                exempt.push(format!("chart {}", chart.name));
                continue;
            }
            let Some((wpath, wline, _)) = helm::workloads(chart)
                .into_iter()
                .find(|(_, _, k)| matches!(*k, "Deployment" | "StatefulSet" | "Rollout"))
            else {
                continue;
            };
            // A top-level `kind:` line: a CRD that defines ScaledObject
            // mentions the kind indented, under `names:`.
            let top = |text: &str, kind: &str| {
                text.lines()
                    .position(|l| l.trim_end() == format!("kind: {kind}"))
            };
            let tpl = chart.templates.iter().find(|(_, text)| {
                top(text, "HorizontalPodAutoscaler").is_some()
                    || top(text, "ScaledObject").is_some()
            });
            match tpl {
                None => {
                    let f = helm_finding(t.finding(
                        "helm-default",
                        format!(
                            "chart {}: no template renders an HPA or ScaledObject",
                            chart.name
                        ),
                        wpath,
                        wline,
                    ));
                    t.chart_unit(0.0, vec![f]);
                }
                Some((path, text)) => {
                    let kind_line = top(text, "HorizontalPodAutoscaler")
                        .or_else(|| top(text, "ScaledObject"))
                        .unwrap_or(0);
                    let head: Vec<&str> = text.lines().take(kind_line).collect();
                    let gates = helm::values_refs(&head.join("\n"));
                    let on = match chart.values {
                        Some((_, v)) => gates
                            .iter()
                            .filter_map(|g| helm::resolve(v, g))
                            .filter_map(helm::enabled)
                            .fold(1.0, f64::min),
                        None if gates.is_empty() => 1.0,
                        None => {
                            t.unknown.push(format!(
                                "chart {}: autoscaler gated by values and no values.yaml",
                                chart.name
                            ));
                            continue;
                        }
                    };
                    if on >= 1.0 {
                        t.evidence.push(format!(
                            "chart {}: autoscaler in {path}, on by default",
                            chart.name
                        ));
                        t.chart_unit(1.0, Vec::new());
                    } else {
                        let f = helm_finding(t.finding(
                            "helm-default",
                            format!(
                                "chart {}: the autoscaler in {path} is off by default",
                                chart.name
                            ),
                            path,
                            1,
                        ));
                        t.chart_unit(0.5, vec![f]);
                    }
                }
            }
        }
        if !exempt.is_empty() {
            t.evidence.push(format!(
                "{} controller/operator/exporter/agent workload(s) not judged: they run as singletons or scale by their own means (e.g. {})",
                exempt.len(),
                exempt[0]
            ));
        }
        Ok(t.outcome(
            "Deployments with an autoscaler",
            &inv,
            "no Deployment, StatefulSet or Rollout",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::k8s::test_util::deployment;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    fn table_extra(controller: &str) {
        // A controller alone: nothing judged.
        expect(
            &Autoscaling,
            "controller exempt",
            &[("k/c.yaml", controller)],
            Status::NotApplicable,
        );
    }

    #[test]
    fn cases() {
        let d = deployment("web", "", "");
        let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  minReplicas: 2\n";
        let keda = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n";
        let wrong = hpa.replace("name: web}", "name: api}");
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);
        let table: Vec<Case> = vec![
            (
                "hpa",
                vec![("k/d.yaml", &d), ("k/h.yaml", hpa)],
                Status::Pass,
            ),
            (
                "keda",
                vec![("k/d.yaml", &d), ("k/h.yaml", keda)],
                Status::Pass,
            ),
            (
                "hpa for another",
                vec![("k/d.yaml", &d), ("k/h.yaml", &wrong)],
                Status::Fail,
            ),
            ("none", vec![("k/d.yaml", &d)], Status::Fail),
        ];
        let controller = deployment("cert-controller", "", "");
        table_extra(&controller);
        for (name, files, want) in table {
            expect(&Autoscaling, name, &files, want);
        }
        let hpa_tpl =
            "{{- if .Values.autoscaling.enabled }}\nkind: HorizontalPodAutoscaler\n{{- end }}\n";
        let files = |v: &'static str| {
            vec![
                ("c/Chart.yaml", "name: c\n"),
                ("c/values.yaml", v),
                (
                    "c/templates/d.yaml",
                    "kind: Deployment\nmetadata: {name: {{ .Release.Name }}}\n",
                ),
                ("c/templates/hpa.yaml", hpa_tpl),
            ]
        };
        expect(
            &Autoscaling,
            "helm on",
            &files("autoscaling:\n  enabled: true\n"),
            Status::Pass,
        );
        expect(
            &Autoscaling,
            "helm off",
            &files("autoscaling:\n  enabled: false\n"),
            Status::Partial,
        );
    }
}
