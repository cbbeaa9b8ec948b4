//! `k8s.replicas-and-pdb`: replicated workloads run two or more pods and a
//! PodDisruptionBudget really selects them.
//!
//! One unit per Deployment, StatefulSet, ReplicaSet or Rollout: half a
//! point for 2+ replicas (the `replicas` field, or the minReplicas of an
//! HPA or KEDA ScaledObject that targets it by kind and name), half for a
//! PDB in the same namespace whose selector matches the pod template's
//! labels (matchLabels and matchExpressions evaluated, not just present).

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::k8s::{LabelSelector, Object, Scaler, Spec};
use crate::model::{Level, Outcome};
use crate::workspace::{Content, FileEntry};

use super::{helm, helm_finding, Inventory, Tally};

pub struct ReplicasAndPdb;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.replicas-and-pdb"),
    title: Cow::Borrowed("Replicated workloads run 2+ pods behind a matching PodDisruptionBudget"),
    category: Category::Reliability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Deployments, StatefulSets or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("replicas (or HPA minReplicas) >= 2 and a PDB selecting the pods"),
    rationale: Cow::Borrowed(
        "One replica means every node drain, eviction or crash is an outage. A PodDisruptionBudget \
         keeps voluntary disruptions (node upgrades, autoscaler scale-downs) from taking all replicas \
         at once, but only if its selector matches the pods: a PDB with a stale label protects \
         nothing and says it does.",
    ),
    remediation: Cow::Borrowed(
        "Set `replicas: 2` or more (or an HPA with `minReplicas: 2`), and add a PodDisruptionBudget \
         with `minAvailable: 1` (or `maxUnavailable: 1`) whose `selector.matchLabels` are labels of \
         the pod template. In a Helm chart, default `replicaCount` to 2 and ship the PDB enabled.",
    ),
    passes_when: Cow::Borrowed(
        "every replicated workload has 2+ replicas (or an HPA/ScaledObject minimum of 2+) and a PDB \
         in its namespace whose selector matches its pod labels; half a point each",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    )]),
};

/// The scaler targeting `o`, if any.
pub fn scaler_for<'a>(scalers: &[(&'a Object, &'a Scaler)], o: &Object) -> Option<&'a Scaler> {
    scalers
        .iter()
        .find(|(so, s)| {
            s.target_name.as_deref() == o.name.as_deref()
                && s.target_kind.as_deref().is_none_or(|k| k == o.kind)
                && so.namespace == o.namespace
        })
        .map(|(_, s)| *s)
}

fn labels_text(labels: &[(String, String)]) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

impl Check for ReplicasAndPdb {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::wants(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        super::inspect(content)
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
        let pdbs: Vec<(&str, &Object, &LabelSelector)> = inv
            .objects()
            .filter_map(|(m, o)| match &o.spec {
                Spec::Pdb(s) => Some((m.path, o, s)),
                _ => None,
            })
            .collect();
        for (m, o, w) in inv.workloads() {
            if !w.kind.replicated() {
                continue;
            }
            let mut credit = 0.0;
            let mut findings = Vec::new();
            let scaler = scaler_for(&scalers, o);
            let replicas = w.replicas.as_ref().map(|r| r.value);
            let min = scaler
                .and_then(|s| s.min_replicas.as_ref())
                .map(|r| r.value);
            let scaled_min = scaler.map(|s| s.min_replicas.as_ref().map_or(1, |r| r.value));
            if replicas.unwrap_or(1) >= 2 && scaler.is_none() || scaled_min.is_some_and(|n| n >= 2)
            {
                credit += 0.5;
            } else {
                let why = match (scaler, min, replicas) {
                    (Some(_), _, _) => format!(
                        "its autoscaler allows {} replica(s)",
                        scaled_min.unwrap_or(1)
                    ),
                    (None, _, Some(n)) => format!("replicas: {n}"),
                    (None, _, None) => "no replicas field (defaults to 1)".to_string(),
                };
                findings.push(t.finding(
                    "single-replica",
                    format!("{} may run a single pod: {why}", o.display()),
                    m.path,
                    w.replicas.as_ref().map_or(o.line, |r| r.line),
                ));
            }
            let same_ns: Vec<&(&str, &Object, &LabelSelector)> = pdbs
                .iter()
                .filter(|(_, p, _)| p.namespace == o.namespace)
                .collect();
            if same_ns.iter().any(|(_, _, s)| s.matches(&w.pod_labels)) {
                credit += 0.5;
            } else if w.pod_labels.is_empty()
                && !inv.kustomizations.is_empty()
                && !same_ns.is_empty()
            {
                // Labels added by the kustomization (commonLabels/labels):
                // the match cannot be verified here, a PDB exists.
                credit += 0.5;
                t.unknown.push(format!(
                    "{} at {}:{} has no pod labels of its own (Kustomize adds them); its PDB match is not verified",
                    o.display(),
                    m.path,
                    o.line
                ));
            } else {
                let near = same_ns
                    .first()
                    .map(|(p, pdb, s)| {
                        format!(
                            "; {} at {p}:{} selects {} instead",
                            pdb.display(),
                            pdb.line,
                            if s.match_labels.is_empty() {
                                "by expressions that do not match".to_string()
                            } else {
                                labels_text(&s.match_labels)
                            }
                        )
                    })
                    .unwrap_or_default();
                findings.push(t.finding(
                    "no-matching-pdb",
                    format!(
                        "no PodDisruptionBudget selects {}'s pods ({}){near}",
                        o.display(),
                        labels_text(&w.pod_labels)
                    ),
                    m.path,
                    o.line,
                ));
            }
            t.unit(credit, findings, m.markers, o.line);
        }
        for chart in &inv.charts {
            let replicated = helm::workloads(chart)
                .into_iter()
                .find(|(_, _, k)| matches!(*k, "Deployment" | "StatefulSet" | "Rollout"));
            let Some((wpath, wline, _)) = replicated else {
                continue;
            };
            let Some((vpath, values)) = chart.values else {
                t.unknown.push(format!(
                    "chart {}: no values.yaml for replicaCount",
                    chart.name
                ));
                continue;
            };
            let mut credit = 0.0;
            let mut findings = Vec::new();
            let int = |p: &str| helm::resolve(values, p).and_then(|n| n.as_i64());
            let hpa_on = helm::resolve(values, "autoscaling.enabled").and_then(|n| n.as_bool())
                == Some(true);
            // `replicaCount` by convention; some charts nest it
            // (`deployment.replicas`).
            let nested = || {
                ["replicaCount", "replicas"].iter().find_map(|k| {
                    helm::find_key(values, k)
                        .into_iter()
                        .find_map(|(_, n)| n.as_i64())
                })
            };
            let replicas = if hpa_on {
                int("autoscaling.minReplicas")
            } else {
                int("replicaCount").or_else(nested)
            };
            match replicas {
                Some(n) if n >= 2 => credit += 0.5,
                other => findings.push(helm_finding(t.finding(
                    "helm-default",
                    format!(
                        "chart {}: default replica count is {}",
                        chart.name,
                        other.map_or("unset (1)".to_string(), |n| n.to_string())
                    ),
                    vpath,
                    values.key_line("replicaCount").unwrap_or(1),
                ))),
            }
            let kind_line = |text: &str| {
                text.lines()
                    .position(|l| l.trim_end() == "kind: PodDisruptionBudget")
            };
            let pdb_tpl = chart
                .templates
                .iter()
                .find(|(_, text)| kind_line(text).is_some());
            match pdb_tpl {
                Some((path, text)) => {
                    let head: Vec<&str> = text.lines().take(kind_line(text).unwrap_or(0)).collect();
                    let gates: Vec<String> = helm::values_refs(&head.join("\n"));
                    let on = gates
                        .iter()
                        .filter_map(|g| helm::resolve(values, g))
                        .filter_map(helm::enabled)
                        .fold(1.0, f64::min);
                    if on >= 1.0 {
                        credit += 0.5;
                    } else {
                        findings.push(helm_finding(t.finding(
                            "helm-default",
                            format!(
                                "chart {}: the PodDisruptionBudget in {path} is off by default",
                                chart.name
                            ),
                            vpath,
                            1,
                        )));
                    }
                }
                None => findings.push(helm_finding(t.finding(
                    "helm-default",
                    format!(
                        "chart {}: no template renders a PodDisruptionBudget",
                        chart.name
                    ),
                    wpath,
                    wline,
                ))),
            }
            t.chart_unit(
                credit,
                findings
                    .into_iter()
                    .map(|f| f.level(Level::Warning))
                    .collect(),
            );
        }
        Ok(t.outcome(
            "replicated workloads with 2+ replicas and a matching PDB",
            &inv,
            "no Deployment, StatefulSet, ReplicaSet or Rollout",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    fn deploy(replicas: &str) -> String {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n{replicas}  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web, tier: front}}\n    spec:\n      containers: [{{name: web, image: 'web:1'}}]\n")
    }
    fn pdb(selector: &str) -> String {
        format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: web-pdb}}\nspec:\n  minAvailable: 1\n  selector:\n{selector}")
    }
    const HPA: &str = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 3\n  maxReplicas: 9\n";

    #[test]
    fn cases() {
        let two = deploy("  replicas: 2\n");
        let one = deploy("");
        let good_pdb = pdb("    matchLabels: {app: web}\n");
        let stale_pdb = pdb("    matchLabels: {app: website}\n");
        let expr_pdb =
            pdb("    matchExpressions:\n      - {key: tier, operator: In, values: [front]}\n");
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);
        let table: Vec<Case> = vec![
            (
                "two replicas and pdb",
                vec![("k/d.yaml", &two), ("k/p.yaml", &good_pdb)],
                Status::Pass,
            ),
            (
                "pdb by expression",
                vec![("k/d.yaml", &two), ("k/p.yaml", &expr_pdb)],
                Status::Pass,
            ),
            (
                "hpa min 3 and pdb",
                vec![
                    ("k/d.yaml", &one),
                    ("k/h.yaml", HPA),
                    ("k/p.yaml", &good_pdb),
                ],
                Status::Pass,
            ),
            (
                "stale pdb selector",
                vec![("k/d.yaml", &two), ("k/p.yaml", &stale_pdb)],
                Status::Partial,
            ),
            ("one replica no pdb", vec![("k/d.yaml", &one)], Status::Fail),
        ];
        for (name, files, want) in table {
            expect(&ReplicasAndPdb, name, &files, want);
        }
        let o = run_check(
            &ReplicasAndPdb,
            &[("k/d.yaml", &two), ("k/p.yaml", &stale_pdb)],
        );
        assert!(
            o.findings[0]
                .message
                .contains("selects app=website instead"),
            "{}",
            o.findings[0].message
        );
    }

    #[test]
    fn helm_replicas() {
        let tpl = "kind: Deployment\nspec:\n  replicas: {{ .Values.replicaCount }}\n";
        let pdb = "{{- if .Values.pdb.enabled }}\nkind: PodDisruptionBudget\n{{- end }}\n";
        let files = |values: &'static str| {
            vec![
                ("c/Chart.yaml", "name: c\n"),
                ("c/values.yaml", values),
                ("c/templates/d.yaml", tpl),
                ("c/templates/pdb.yaml", pdb),
            ]
        };
        expect(
            &ReplicasAndPdb,
            "helm good",
            &files("replicaCount: 2\npdb:\n  enabled: true\n"),
            Status::Pass,
        );
        expect(
            &ReplicasAndPdb,
            "helm pdb off",
            &files("replicaCount: 2\npdb:\n  enabled: false\n"),
            Status::Partial,
        );
        expect(
            &ReplicasAndPdb,
            "helm defaults (medium: partial at worst)",
            &files("replicaCount: 1\npdb:\n  enabled: false\n"),
            Status::Partial,
        );
    }
}
