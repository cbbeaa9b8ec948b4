//! `k8s.resources`: every container sets CPU and memory requests and
//! limits.
//!
//! One unit per container, init containers and Job containers included
//! (they are scheduled like any other): a quarter point per quantity set
//! (requests.cpu, requests.memory, limits.cpu, limits.memory).

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::k8s::yaml::Node;
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

use super::{chart_units, Inventory, Tally};

pub struct Resources;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.resources"),
    title: Cow::Borrowed("Every container sets CPU and memory requests and limits"),
    category: Category::Reliability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Kubernetes workloads or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("resources.requests and resources.limits for cpu and memory"),
    rationale: Cow::Borrowed(
        "Requests are what the scheduler places pods by; without them a node is overcommitted and \
         pods are evicted first under pressure (BestEffort class). A memory limit turns a leak into \
         one restarted container instead of a node-wide out-of-memory kill of its neighbours.",
    ),
    remediation: Cow::Borrowed(
        "Set `resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}` \
         on each container, sized from observed usage. In a Helm chart, give `resources` a default in \
         values.yaml instead of `{}`.",
    ),
    passes_when: Cow::Borrowed(
        "every container (init and Job containers included) sets all four quantities; each container \
         earns a quarter point per quantity; Helm charts are judged on template text and values.yaml \
         defaults",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    )]),
};

/// Quarter points for the quantities a values `resources` block sets.
fn values_credit(node: &Node) -> Option<f64> {
    let set = |a: &str, b: &str| node.path(&[a, b]).is_some_and(|v| !v.is_empty());
    let n = [
        ("requests", "cpu"),
        ("requests", "memory"),
        ("limits", "cpu"),
        ("limits", "memory"),
    ]
    .iter()
    .filter(|(a, b)| set(a, b))
    .count();
    Some(n as f64 / 4.0)
}

impl Check for Resources {
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
            let all = w.pod.init_containers.iter().chain(&w.pod.containers);
            for c in all {
                let r = &c.resources;
                let missing: Vec<&str> = [
                    (r.requests_cpu, "requests.cpu"),
                    (r.requests_memory, "requests.memory"),
                    (r.limits_cpu, "limits.cpu"),
                    (r.limits_memory, "limits.memory"),
                ]
                .iter()
                .filter(|(set, _)| !set)
                .map(|(_, n)| *n)
                .collect();
                let credit = (4 - missing.len()) as f64 / 4.0;
                let findings = if missing.is_empty() {
                    Vec::new()
                } else {
                    vec![t.finding(
                        "missing-resources",
                        format!(
                            "{} container `{}` sets no {}",
                            o.display(),
                            c.name,
                            missing.join(", ")
                        ),
                        m.path,
                        r.line.unwrap_or(c.line),
                    )]
                };
                t.unit(credit, findings, m.markers, c.line);
            }
        }
        chart_units(&mut t, &inv, &["resources"], &values_credit, false);
        Ok(t.outcome(
            "containers set cpu and memory requests and limits",
            &inv,
            "no Kubernetes workload",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::k8s::test_util::deployment;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    const FULL: &str =
        "resources:\n  requests: {cpu: 100m, memory: 64Mi}\n  limits: {cpu: 200m, memory: 128Mi}\n";

    #[test]
    fn cases() {
        let full = deployment("web", "", FULL);
        let none = deployment("web", "", "");
        let empty = deployment("web", "", "resources: {}\n");
        let half = deployment(
            "web",
            "",
            "resources:\n  requests: {cpu: 100m, memory: 64Mi}\n",
        );
        let init_bare = deployment(
            "web",
            "initContainers:\n  - name: init\n    image: busybox:1.36\n",
            FULL,
        );
        let table: Vec<(&str, &str, Status)> = vec![
            ("all four", &full, Status::Pass),
            ("none", &none, Status::Fail),
            ("empty block", &empty, Status::Fail),
            ("requests only", &half, Status::Partial),
            ("bare init container", &init_bare, Status::Partial),
        ];
        for (name, text, want) in table {
            expect(&Resources, name, &[("deploy/app.yaml", text)], want);
        }
        let o = run_check(&Resources, &[("deploy/app.yaml", &half)]);
        assert!((o.score - 0.5).abs() < 1e-9);
        assert!(o.findings[0].message.contains("limits.cpu, limits.memory"));
    }

    #[test]
    fn helm_values_defaults() {
        let tpl = "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n";
        let chart = "name: app\n";
        let t = "c/templates/deployment.yaml";
        let run = |values: &str| {
            run_check(
                &Resources,
                &[("c/Chart.yaml", chart), ("c/values.yaml", values), (t, tpl)],
            )
        };
        assert_eq!(run("resources: {}\n").status, Status::Partial);
        assert_eq!(
            run("resources:\n  limits: {cpu: 1, memory: 1Gi}\n  requests: {cpu: 1, memory: 1Gi}\n")
                .status,
            Status::Pass
        );
        assert_eq!(
            run("resources:\n  limits: {memory: 1Gi}\n").status,
            Status::Partial
        );
    }
}
