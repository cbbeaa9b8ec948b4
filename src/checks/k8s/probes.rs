//! `k8s.probes`: long-running containers declare readiness and liveness
//! probes.
//!
//! One unit per long-running workload (Deployment, StatefulSet, DaemonSet,
//! ReplicaSet, Rollout, Pod): the mean over its containers of half a point
//! for a readiness probe and half for a liveness probe. Jobs, CronJobs and
//! init containers run to completion, so they are exempt. A liveness probe
//! that waits a minute or more before its first check suggests a slow
//! starter, which a startupProbe serves better: an informational note.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Level, Outcome};
use crate::workspace::{Content, FileEntry};

use super::{chart_units, helm, Inventory, Tally};

pub struct Probes;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.probes"),
    title: Cow::Borrowed("Long-running containers declare readiness and liveness probes"),
    category: Category::Reliability,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Kubernetes workloads or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("readinessProbe and livenessProbe on every long-running container"),
    rationale: Cow::Borrowed(
        "Without a readiness probe, a Service sends traffic to a pod the moment its process starts, \
         before it can answer, and keeps sending it to a pod that has lost its database. Without a \
         liveness probe, a deadlocked process stays in rotation forever. Rolling updates rely on \
         readiness to know when a new pod may replace an old one.",
    ),
    remediation: Cow::Borrowed(
        "Give each long-running container a readinessProbe (is it ready for traffic?) and a \
         livenessProbe (is it stuck?), for example `httpGet: {path: /healthz, port: 8080}`. Keep \
         liveness cheap and independent of downstream services. For slow starters, add a \
         startupProbe instead of a long initialDelaySeconds. In a Helm chart, set the probes in the \
         template or give the values they come from a default.",
    ),
    passes_when: Cow::Borrowed(
        "every container of every long-running workload has both probes; each workload earns half a \
         point per probe kind, averaged over its containers; Jobs, CronJobs and init containers are \
         exempt; Helm charts are judged on template text and values.yaml defaults",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    )]),
};

impl Check for Probes {
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
        let mut exempt = 0;
        for (m, o, w) in inv.workloads() {
            if !w.kind.long_running() {
                exempt += 1;
                continue;
            }
            if w.pod.containers.is_empty() {
                continue;
            }
            let mut credit = 0.0;
            let mut findings = Vec::new();
            for c in &w.pod.containers {
                let r = c.readiness.is_some();
                let l = c.liveness.is_some();
                credit += (f64::from(u8::from(r)) + f64::from(u8::from(l))) / 2.0;
                let missing: Vec<&str> = [(r, "readinessProbe"), (l, "livenessProbe")]
                    .iter()
                    .filter(|(has, _)| !has)
                    .map(|(_, n)| *n)
                    .collect();
                if !missing.is_empty() {
                    findings.push(t.finding(
                        "missing-probe",
                        format!(
                            "{} container `{}` has no {}",
                            o.display(),
                            c.name,
                            missing.join(" and ")
                        ),
                        m.path,
                        c.line,
                    ));
                }
                if let (Some(live), None) = (&c.liveness, &c.startup) {
                    if live.initial_delay.is_some_and(|d| d >= 60) {
                        findings.push(
                            t.finding(
                                "startup-probe",
                                format!(
                                    "{} container `{}` delays its liveness probe by {}s; a startupProbe protects slow starts without slowing detection later",
                                    o.display(),
                                    c.name,
                                    live.initial_delay.unwrap_or(0)
                                ),
                                m.path,
                                live.line,
                            )
                            .level(Level::Info),
                        );
                    }
                }
            }
            t.unit(
                credit / w.pod.containers.len() as f64,
                findings,
                m.markers,
                o.line,
            );
        }
        if exempt > 0 {
            t.evidence.push(format!(
                "{exempt} Job/CronJob workload(s) exempt: they run to completion"
            ));
        }
        chart_units(
            &mut t,
            &inv,
            &["readinessProbe", "livenessProbe"],
            &helm::enabled,
            true,
        );
        Ok(t.outcome(
            "long-running workloads declare readiness and liveness probes",
            &inv,
            "no long-running Kubernetes workload",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::k8s::test_util::deployment;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    const BOTH: &str = "readinessProbe:\n  httpGet: {path: /ready, port: 80}\nlivenessProbe:\n  tcpSocket: {port: 80}\n";

    #[test]
    fn cases() {
        let good = deployment("web", "", BOTH);
        let none = deployment("api", "", "");
        let ready_only = deployment("api", "", "readinessProbe:\n  exec: {command: [true]}\n");
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: j, image: x:1}]\n";
        let suppressed = format!("# shipready: ignore[k8s.probes] sidecar-only proxy\n{none}");
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);
        let table: Vec<Case> = vec![
            ("both probes", vec![("k8s/web.yaml", &good)], Status::Pass),
            ("no probes", vec![("k8s/api.yaml", &none)], Status::Fail),
            ("readiness only", vec![("k8s/api.yaml", &ready_only)], Status::Partial),
            ("job exempt", vec![("k8s/job.yaml", job)], Status::NotApplicable),
            ("job beside good", vec![("k8s/job.yaml", job), ("k8s/web.yaml", &good)], Status::Pass),
            ("example not judged", vec![("examples/api.yaml", &none), ("k8s/web.yaml", &good)], Status::Pass),
            ("only examples", vec![("examples/api.yaml", &none)], Status::NotApplicable),
            ("suppressed", vec![("k8s/api.yaml", &suppressed)], Status::Pass),
            ("no k8s", vec![("README.md", "# x")], Status::NotApplicable),
            (
                "kustomize patch not judged",
                vec![
                    ("k8s/base/web.yaml", &good),
                    ("k8s/overlay/kustomization.yaml", "resources: [../base]\npatches:\n  - path: patch.yaml\n"),
                    ("k8s/overlay/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, args: [--v=2]}]\n"),
                ],
                Status::Pass,
            ),
        ];
        for (name, files, want) in table {
            expect(&Probes, name, &files, want);
        }
    }

    #[test]
    fn nine_of_ten_names_the_tenth() {
        let mut files: Vec<(String, String)> = (0..9)
            .map(|i| {
                (
                    format!("k8s/w{i}.yaml"),
                    deployment(&format!("w{i}"), "", BOTH),
                )
            })
            .collect();
        files.push(("k8s/w9.yaml".into(), deployment("w9", "", "")));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect();
        let o = run_check(&Probes, &refs);
        assert_eq!(o.status, Status::Partial);
        assert!((o.score - 0.9).abs() < 1e-9);
        assert_eq!(o.findings.len(), 1);
        assert_eq!(o.findings[0].location(), "k8s/w9.yaml:13");
        assert!(o.findings[0].message.contains("Deployment/w9"));
    }

    #[test]
    fn helm_charts() {
        let tpl = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          livenessProbe:\n            {{- toYaml .Values.livenessProbe | nindent 12 }}\n          readinessProbe:\n            {{- toYaml .Values.readinessProbe | nindent 12 }}\n";
        let set = "livenessProbe:\n  httpGet: {path: /, port: http}\nreadinessProbe:\n  httpGet: {path: /, port: http}\n";
        let empty = "livenessProbe: {}\nreadinessProbe: {}\n";
        let chart = "apiVersion: v2\nname: app\nversion: 1.0.0\n";
        let t = "chart/templates/deployment.yaml";
        expect(
            &Probes,
            "helm defaults set",
            &[
                ("chart/Chart.yaml", chart),
                ("chart/values.yaml", set),
                (t, tpl),
            ],
            Status::Pass,
        );
        // A finding judged on chart defaults is medium confidence: partial at worst.
        let o = expect(
            &Probes,
            "helm defaults empty",
            &[
                ("chart/Chart.yaml", chart),
                ("chart/values.yaml", empty),
                (t, tpl),
            ],
            Status::Partial,
        );
        assert_eq!(o.findings[0].confidence, crate::model::Confidence::Medium);
        expect(
            &Probes,
            "helm values missing",
            &[
                ("chart/Chart.yaml", chart),
                ("chart/values.yaml", "a: 1\n"),
                (t, tpl),
            ],
            Status::Unknown,
        );
        expect(
            &Probes,
            "helm only includes",
            &[
                ("chart/Chart.yaml", chart),
                (t, "{{ include \"lib.deployment\" . }}\n"),
            ],
            Status::Unknown,
        );
    }
}
