//! `k8s.security-context`: containers run as non-root, unprivileged,
//! without privilege escalation or host namespaces.
//!
//! One unit per container (init containers included), with the pod's
//! securityContext inherited where Kubernetes inherits it (runAsNonRoot,
//! runAsUser). Sub-criteria and their weights: non-root 0.3 (runAsNonRoot
//! true or a non-zero runAsUser, container level overriding pod level),
//! not privileged 0.25, allowPrivilegeEscalation false 0.15 (container
//! level only: the pod-level context has no such field), no
//! hostNetwork/hostPID/hostIPC 0.2, readOnlyRootFilesystem 0.1.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::k8s::yaml::Node;
use crate::formats::k8s::{Container, Pod};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

use super::{helm, helm_finding, Chart, Inventory, Tally};

pub struct SecurityContextCheck;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.security-context"),
    title: Cow::Borrowed("Containers run as non-root, unprivileged, without escalation"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Kubernetes workloads or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("runAsNonRoot, no privileged, no privilege escalation, no host namespaces"),
    rationale: Cow::Borrowed(
        "A container running as root, privileged, or sharing the host's network, PID or IPC \
         namespace turns any code-execution bug into a node compromise. `allowPrivilegeEscalation: \
         false` stops setuid binaries from regaining what was dropped; a read-only root filesystem \
         stops an intruder from persisting tools in the image.",
    ),
    remediation: Cow::Borrowed(
        "Set `securityContext: {runAsNonRoot: true, runAsUser: 10001}` on the pod, and on each \
         container `securityContext: {allowPrivilegeEscalation: false, privileged: false, \
         readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}`. Drop hostNetwork, hostPID and \
         hostIPC unless the workload is a node agent, and then say so with an inline \
         `shipready: ignore[k8s.security-context] <reason>`.",
    ),
    passes_when: Cow::Borrowed(
        "every container is non-root (pod or container level), not privileged, sets \
         allowPrivilegeEscalation false, uses no host namespace, and has a read-only root \
         filesystem; weighted sub-criteria give partial credit per container",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    )]),
};

/// (credit, what fails, the line to point at) for one container.
pub fn judge(pod: &Pod, c: &Container) -> (f64, Vec<&'static str>, u32) {
    let cs = c.security.as_ref();
    let ps = pod.security.as_ref();
    let mut credit = 0.0;
    let mut failing = Vec::new();
    let user = cs
        .and_then(|s| s.run_as_user.as_ref())
        .or_else(|| ps.and_then(|s| s.run_as_user.as_ref()))
        .map(|u| u.value);
    let non_root_flag = cs
        .and_then(|s| s.run_as_non_root.as_ref())
        .or_else(|| ps.and_then(|s| s.run_as_non_root.as_ref()))
        .map(|n| n.value);
    // runAsUser: 0 wins over runAsNonRoot: true (the kubelet refuses to
    // start it, which is no better).
    let non_root = user != Some(0) && (non_root_flag == Some(true) || user.is_some_and(|u| u > 0));
    if non_root {
        credit += 0.3;
    } else {
        failing.push("runs as root (no runAsNonRoot: true or non-zero runAsUser)");
    }
    if cs
        .and_then(|s| s.privileged.as_ref())
        .is_some_and(|p| p.value)
    {
        failing.push("privileged: true");
    } else {
        credit += 0.25;
    }
    if cs
        .and_then(|s| s.allow_privilege_escalation.as_ref())
        .is_some_and(|a| !a.value)
    {
        credit += 0.15;
    } else {
        failing.push("allowPrivilegeEscalation not false");
    }
    let host = [&pod.host_network, &pod.host_pid, &pod.host_ipc]
        .iter()
        .any(|h| h.as_ref().is_some_and(|h| h.value));
    if host {
        failing.push("shares a host namespace (hostNetwork/hostPID/hostIPC)");
    } else {
        credit += 0.2;
    }
    if cs
        .and_then(|s| s.read_only_root_filesystem.as_ref())
        .is_some_and(|r| r.value)
    {
        credit += 0.1;
    } else {
        failing.push("readOnlyRootFilesystem not true");
    }
    let line = cs.map_or(c.line, |s| s.line);
    (credit, failing, line)
}

enum ChartSecurity {
    Judged {
        credit: f64,
        note: String,
        path: String,
        line: u32,
    },
    Unknown(String),
}

/// A chart's security settings, pod and container level together (each
/// level carries different fields, so they are merged, not judged one by
/// one): the keys written literally in `securityContext:` blocks of the
/// templates, and those of the values blocks they render.
fn chart_security(chart: &Chart<'_>) -> Option<ChartSecurity> {
    let (wpath, wline, _) = helm::workloads(chart).into_iter().next()?;
    let mentions = helm::mentions(chart, "securityContext");
    let mut texts: Vec<String> = Vec::new();
    let mut unresolved = Vec::new();
    let mut sources = Vec::new();
    for m in &mentions {
        texts.push(m.window.clone());
        let refs = helm::values_refs(&m.window);
        if refs.is_empty() && !m.literal {
            unresolved.push(format!("(a template helper at {}:{})", m.path, m.line));
        }
        for r in refs {
            match chart.values.and_then(|(_, v)| helm::resolve(v, &r)) {
                Some(node) => {
                    sources.push(format!(".Values.{r}"));
                    flatten(node, &mut texts);
                }
                None => unresolved.push(format!(".Values.{r} (not in values.yaml)")),
            }
        }
    }
    if mentions.is_empty() {
        return Some(ChartSecurity::Judged {
            credit: 0.0,
            note: "no template writes `securityContext`".into(),
            path: wpath.to_string(),
            line: wline,
        });
    }
    let all = texts.join("\n");
    let has = |k: &str, v: &str| {
        all.lines()
            .any(|l| l.trim().trim_start_matches("- ") == format!("{k}: {v}"))
    };
    let user = all.lines().find_map(|l| {
        l.trim()
            .strip_prefix("runAsUser:")
            .and_then(|u| u.trim().parse::<i64>().ok())
    });
    let non_root = user != Some(0) && (has("runAsNonRoot", "true") || user.is_some_and(|u| u > 0));
    let flags = [
        (non_root, 0.3, "non-root"),
        (!has("privileged", "true"), 0.25, "unprivileged"),
        (
            has("allowPrivilegeEscalation", "false"),
            0.15,
            "allowPrivilegeEscalation false",
        ),
        (
            !has("hostNetwork", "true") && !has("hostPID", "true"),
            0.2,
            "no host namespaces",
        ),
        (
            has("readOnlyRootFilesystem", "true"),
            0.1,
            "readOnlyRootFilesystem",
        ),
    ];
    let credit: f64 = flags.iter().filter(|f| f.0).map(|f| f.1).sum();
    let missing: Vec<&str> = flags.iter().filter(|f| !f.0).map(|f| f.2).collect();
    if sources.is_empty() && !unresolved.is_empty() && credit < 1.0 {
        return Some(ChartSecurity::Unknown(format!(
            "securityContext comes from {} that could not be read",
            unresolved[0]
        )));
    }
    let m = &mentions[0];
    Some(ChartSecurity::Judged {
        credit,
        note: if missing.is_empty() {
            format!(
                "templates and defaults set a full securityContext ({})",
                sources.join(", ")
            )
        } else {
            format!(
                "templates and values defaults leave out: {}",
                missing.join(", ")
            )
        },
        path: m.path.to_string(),
        line: m.line,
    })
}

/// A values node as `key: value` lines, for the same text test as the
/// literal template blocks.
fn flatten(node: &Node, out: &mut Vec<String>) {
    for (k, v) in node.entries() {
        match v.scalar() {
            Some(s) => out.push(format!("{}: {s}", k.name)),
            None => flatten(v, out),
        }
    }
}

impl Check for SecurityContextCheck {
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
            for c in w.pod.init_containers.iter().chain(&w.pod.containers) {
                let (credit, failing, line) = judge(&w.pod, c);
                let findings = if failing.is_empty() {
                    Vec::new()
                } else {
                    vec![t
                        .finding(
                            "weak-security-context",
                            format!(
                                "{} container `{}`: {}",
                                o.display(),
                                c.name,
                                failing.join("; ")
                            ),
                            m.path,
                            line,
                        )
                        .matched(&format!("{}/{}", o.display(), c.name))]
                };
                t.unit(credit, findings, m.markers, c.line);
            }
        }
        for chart in &inv.charts {
            match chart_security(chart) {
                Some(ChartSecurity::Judged {
                    credit,
                    note,
                    path,
                    line,
                }) => {
                    let findings = if credit < 1.0 {
                        vec![helm_finding(t.finding(
                            "helm-default",
                            format!("chart {}: {note}", chart.name),
                            &path,
                            line,
                        ))]
                    } else {
                        t.evidence.push(format!("chart {}: {note}", chart.name));
                        Vec::new()
                    };
                    t.chart_unit(credit, findings);
                }
                Some(ChartSecurity::Unknown(why)) => {
                    t.unknown.push(format!("chart {}: {why}", chart.name))
                }
                None => {}
            }
        }
        Ok(t.outcome(
            "containers run non-root, unprivileged, without escalation",
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

    const HARDENED: &str = "securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n";

    #[test]
    fn cases() {
        let pod_level = deployment(
            "web",
            "securityContext:\n  runAsUser: 10001\n",
            "securityContext:\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n",
        );
        let container_level = deployment("web", "", HARDENED);
        let root_override = deployment("web", "securityContext:\n  runAsNonRoot: true\n", "securityContext:\n  runAsUser: 0\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n");
        let privileged = deployment("web", "", "securityContext:\n  runAsNonRoot: true\n  privileged: true\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n");
        let host = deployment("web", "hostNetwork: true\n", HARDENED);
        let nothing = deployment("web", "", "");
        let no_rofs = deployment(
            "web",
            "",
            "securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n",
        );
        let table: Vec<(&str, &str, Status, f64)> = vec![
            ("pod-level user", &pod_level, Status::Pass, 1.0),
            ("container-level", &container_level, Status::Pass, 1.0),
            (
                "container root overrides pod",
                &root_override,
                Status::Partial,
                0.7,
            ),
            ("privileged", &privileged, Status::Partial, 0.75),
            ("hostNetwork", &host, Status::Partial, 0.8),
            ("nothing set", &nothing, Status::Partial, 0.45),
            ("no read-only root fs", &no_rofs, Status::Partial, 0.9),
        ];
        let tpl = "kind: Deployment\nmetadata: {name: {{ .Release.Name }}}\nspec:\n  template:\n    spec:\n      securityContext:\n        {{- toYaml .Values.podSecurityContext | nindent 8 }}\n      containers:\n        - name: a\n          securityContext:\n            {{- toYaml .Values.securityContext | nindent 12 }}\n";
        let split = "podSecurityContext:\n  runAsNonRoot: true\nsecurityContext:\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n";
        let chart = |v: &'static str| {
            vec![
                ("c/Chart.yaml", "name: c\n"),
                ("c/values.yaml", v),
                ("c/templates/d.yaml", tpl),
            ]
        };
        expect(
            &SecurityContextCheck,
            "helm pod and container levels merged",
            &chart(split),
            Status::Pass,
        );
        expect(
            &SecurityContextCheck,
            "helm empty defaults",
            &chart("podSecurityContext: {}\nsecurityContext: {}\n"),
            Status::Partial,
        );
        for (name, text, want, score) in table {
            let o = expect(&SecurityContextCheck, name, &[("k8s/d.yaml", text)], want);
            assert!((o.score - score).abs() < 1e-9, "{name}: {}", o.score);
        }
        let o = run_check(&SecurityContextCheck, &[("k8s/d.yaml", &nothing)]);
        assert_eq!(o.findings[0].location(), "k8s/d.yaml:13");
    }
}
