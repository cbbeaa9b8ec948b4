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

use super::{chart_units, Inventory, Tally};

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
    if cs.and_then(|s| s.privileged.as_ref()).is_some_and(|p| p.value) {
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

/// A values securityContext block judged on the keys it sets.
fn values_credit(node: &Node) -> Option<f64> {
    if node.entries().is_empty() {
        return Some(0.0);
    }
    let b = |k: &str| node.get(k).and_then(Node::as_bool);
    let user = node.get("runAsUser").and_then(Node::as_i64);
    let mut c = 0.0;
    if user != Some(0) && (b("runAsNonRoot") == Some(true) || user.is_some_and(|u| u > 0)) {
        c += 0.4;
    }
    if b("privileged") != Some(true) {
        c += 0.25;
    }
    if b("allowPrivilegeEscalation") == Some(false) {
        c += 0.2;
    }
    if b("readOnlyRootFilesystem") == Some(true) {
        c += 0.15;
    }
    Some(c)
}

impl Check for SecurityContextCheck {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::wants(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        super::inspect(content, &file.path)
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
                            format!("{} container `{}`: {}", o.display(), c.name, failing.join("; ")),
                            m.path,
                            line,
                        )
                        .matched(&format!("{}/{}", o.display(), c.name))]
                };
                t.unit(credit, findings, m.markers, c.line);
            }
        }
        chart_units(&mut t, &inv, &["securityContext"], &values_credit, false);
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
        let no_rofs = deployment("web", "", "securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n");
        let table: Vec<(&str, &str, Status, f64)> = vec![
            ("pod-level user", &pod_level, Status::Pass, 1.0),
            ("container-level", &container_level, Status::Pass, 1.0),
            ("container root overrides pod", &root_override, Status::Partial, 0.7),
            ("privileged", &privileged, Status::Partial, 0.75),
            ("hostNetwork", &host, Status::Partial, 0.8),
            ("nothing set", &nothing, Status::Partial, 0.45),
            ("no read-only root fs", &no_rofs, Status::Partial, 0.9),
        ];
        for (name, text, want, score) in table {
            let o = expect(&SecurityContextCheck, name, &[("k8s/d.yaml", text)], want);
            assert!((o.score - score).abs() < 1e-9, "{name}: {}", o.score);
        }
        let o = run_check(&SecurityContextCheck, &[("k8s/d.yaml", &nothing)]);
        assert_eq!(o.findings[0].location(), "k8s/d.yaml:13");
    }
}
