//! `k8s.graceful-shutdown`: long-running workloads declare how they shut
//! down: `terminationGracePeriodSeconds` (other than 0) on the pod, or a
//! `lifecycle.preStop` hook on a container.
//!
//! One unit per long-running workload. Jobs and CronJobs are exempt.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

use super::{chart_units, helm, Inventory, Tally};

pub struct GracefulShutdown;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.graceful-shutdown"),
    title: Cow::Borrowed("Long-running workloads declare a graceful shutdown"),
    category: Category::Reliability,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("long-running Kubernetes workloads exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("terminationGracePeriodSeconds or a preStop hook"),
    rationale: Cow::Borrowed(
        "On every rollout and node drain, pods get SIGTERM while endpoints are still being removed \
         from load balancers. A preStop delay lets in-flight and late-routed requests finish; a grace \
         period sized to the slowest request or job step keeps work from being cut off by SIGKILL.",
    ),
    remediation: Cow::Borrowed(
        "Add `lifecycle: {preStop: {exec: {command: [sleep, \"5\"]}}}` (or an HTTP drain endpoint) \
         to serving containers, and set `terminationGracePeriodSeconds` to cover the longest \
         request or work item. Handle SIGTERM in the process.",
    ),
    passes_when: Cow::Borrowed(
        "every long-running workload sets terminationGracePeriodSeconds above 0 or has a container \
         with a preStop hook; Jobs and CronJobs are exempt",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination",
    )]),
};

impl Check for GracefulShutdown {
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
            if !w.kind.long_running() || w.pod.containers.is_empty() {
                continue;
            }
            let grace = w.pod.grace_period.as_ref();
            let pre_stop = w.pod.containers.iter().any(|c| c.pre_stop.is_some());
            if pre_stop || grace.is_some_and(|g| g.value > 0) {
                t.unit(1.0, Vec::new(), m.markers, o.line);
            } else {
                let msg = match grace {
                    Some(g) if g.value <= 0 => format!(
                        "{} sets terminationGracePeriodSeconds: {} (killed at once)",
                        o.display(),
                        g.value
                    ),
                    _ => format!(
                        "{} has no terminationGracePeriodSeconds and no preStop hook",
                        o.display()
                    ),
                };
                let f = t.finding(
                    "no-graceful-shutdown",
                    msg,
                    m.path,
                    grace.map_or(w.pod.line, |g| g.line),
                );
                t.unit(0.0, vec![f], m.markers, o.line);
            }
        }
        // Either key is enough: the best of the two verdicts.
        let either = |n: &crate::formats::k8s::yaml::Node| helm::enabled(n);
        let mut grace = Tally::new(&META);
        chart_units(
            &mut grace,
            &inv,
            &["terminationGracePeriodSeconds"],
            &either,
            true,
        );
        let mut hook = Tally::new(&META);
        chart_units(&mut hook, &inv, &["preStop"], &either, true);
        if grace.count() > 0 || hook.count() > 0 {
            t.absorb(if grace.credit_sum() >= hook.credit_sum() {
                grace
            } else {
                hook
            });
        } else {
            t.unknown.extend(grace.unknown);
        }
        Ok(t.outcome(
            "long-running workloads declare a graceful shutdown",
            &inv,
            "no long-running Kubernetes workload",
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
        let grace = deployment("web", "terminationGracePeriodSeconds: 60\n", "");
        let hook = deployment(
            "web",
            "",
            "lifecycle:\n  preStop:\n    exec: {command: [sleep, '5']}\n",
        );
        let zero = deployment("web", "terminationGracePeriodSeconds: 0\n", "");
        let none = deployment("web", "", "");
        let table: Vec<(&str, &str, Status)> = vec![
            ("grace period", &grace, Status::Pass),
            ("preStop", &hook, Status::Pass),
            ("zero grace", &zero, Status::Fail),
            ("nothing", &none, Status::Fail),
        ];
        for (name, text, want) in table {
            expect(&GracefulShutdown, name, &[("k/d.yaml", text)], want);
        }
        let tpl = "kind: Deployment\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: {{ .Values.grace }}\n";
        expect(
            &GracefulShutdown,
            "helm grace",
            &[
                ("c/Chart.yaml", "name: c\n"),
                ("c/values.yaml", "grace: 30\n"),
                ("c/templates/d.yaml", tpl),
            ],
            Status::Pass,
        );
    }
}
