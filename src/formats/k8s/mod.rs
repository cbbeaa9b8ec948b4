//! Kubernetes manifests, Helm charts and Kustomize files, as typed models
//! with line numbers.
//!
//! A YAML file is a manifest when one of its documents has `apiVersion`
//! and `kind`; anything else parses to an empty model. Helm templates are
//! not YAML until rendered (`{{ }}`), so a file holding template syntax
//! keeps its text for the checks' careful text reading instead of being
//! parsed. `values.yaml`, `Chart.yaml` and `kustomization.yaml` are
//! recognised by name. Broken YAML becomes a `Problem` with a line.

pub mod yaml;

use yaml::{Doc, Node};

/// A value and the line it is written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: u32,
}

/// What a YAML file is to Kubernetes tooling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Plain YAML with at least one object (apiVersion + kind), or broken
    /// YAML that reads like one.
    Manifest,
    /// Text with `{{ }}` template syntax (Helm, or a templated manifest).
    Template,
    /// A Helm chart's `Chart.yaml`.
    Chart,
    /// A Helm chart's `values.yaml`.
    Values,
    /// `kustomization.yaml`.
    Kustomization,
    /// YAML that is none of the above.
    Other,
}

/// A parse problem at a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

/// One YAML file as Kubernetes tooling reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct K8sFile {
    pub role: Role,
    pub objects: Vec<Object>,
    pub problems: Vec<Problem>,
    /// The raw text, kept for templates only.
    pub template: Option<String>,
    /// The parsed document, kept for values.yaml and Chart.yaml.
    pub root: Option<Node>,
    pub kustomization: Option<Kustomization>,
    /// Images a build tool (Skaffold `build.artifacts`) builds and
    /// substitutes, with a unique tag, at deploy time.
    pub built_images: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Kustomization {
    /// `resources`, `bases` and `components` entries.
    pub resources: Vec<Located<String>>,
    /// `patches`, `patchesStrategicMerge` and `patchesJson6902` count.
    pub patches: usize,
    /// Image names `images:` pins with a `newTag` or a `digest`.
    pub pinned_images: Vec<String>,
    /// Patch files (relative to the kustomization): partial objects, not
    /// manifests.
    pub patch_files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
    /// The line the object starts on.
    pub line: u32,
    pub spec: Spec,
}

impl Object {
    /// `Deployment/web`.
    pub fn display(&self) -> String {
        format!(
            "{}/{}",
            self.kind,
            self.name.as_deref().unwrap_or("(unnamed)")
        )
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    Workload(Box<Workload>),
    Pdb(LabelSelector),
    /// HorizontalPodAutoscaler or KEDA ScaledObject.
    Scaler(Scaler),
    Secret(Vec<SecretEntry>),
    Service,
    Ingress,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    ReplicationController,
    /// Argo Rollouts: a Deployment with progressive delivery.
    Rollout,
    Job,
    CronJob,
    Pod,
}

impl WorkloadKind {
    fn from_kind(kind: &str) -> Option<Self> {
        Some(match kind {
            "Deployment" | "DeploymentConfig" => WorkloadKind::Deployment,
            "StatefulSet" => WorkloadKind::StatefulSet,
            "DaemonSet" => WorkloadKind::DaemonSet,
            "ReplicaSet" => WorkloadKind::ReplicaSet,
            "ReplicationController" => WorkloadKind::ReplicationController,
            "Rollout" => WorkloadKind::Rollout,
            "Job" => WorkloadKind::Job,
            "CronJob" => WorkloadKind::CronJob,
            "Pod" => WorkloadKind::Pod,
            _ => return None,
        })
    }

    /// Runs until stopped, so it serves or works continuously: probes,
    /// replicas and rollouts apply. Jobs run to completion.
    pub fn long_running(self) -> bool {
        !matches!(self, WorkloadKind::Job | WorkloadKind::CronJob)
    }

    /// Has a replica count a PodDisruptionBudget and an HPA act on.
    pub fn replicated(self) -> bool {
        matches!(
            self,
            WorkloadKind::Deployment
                | WorkloadKind::StatefulSet
                | WorkloadKind::ReplicaSet
                | WorkloadKind::ReplicationController
                | WorkloadKind::Rollout
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub replicas: Option<Located<i64>>,
    /// Deployment `strategy.type`, StatefulSet/DaemonSet `updateStrategy.type`.
    pub strategy: Option<Located<String>>,
    pub selector: LabelSelector,
    pub pod_labels: Vec<(String, String)>,
    pub pod: Pod,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pod {
    pub line: u32,
    pub containers: Vec<Container>,
    pub init_containers: Vec<Container>,
    pub security: Option<SecurityContext>,
    pub host_network: Option<Located<bool>>,
    pub host_pid: Option<Located<bool>>,
    pub host_ipc: Option<Located<bool>>,
    pub grace_period: Option<Located<i64>>,
    /// Mounts a PersistentVolumeClaim (a ReadWriteOnce volume forbids two
    /// pods at once, which is what Recreate is for).
    pub uses_pvc: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Container {
    pub name: String,
    pub line: u32,
    pub image: Option<Located<String>>,
    pub readiness: Option<Probe>,
    pub liveness: Option<Probe>,
    pub startup: Option<Probe>,
    pub resources: Resources,
    pub security: Option<SecurityContext>,
    pub env: Vec<EnvVar>,
    pub pre_stop: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Probe {
    pub line: u32,
    /// `httpGet.path`, when the probe is an HTTP GET.
    pub http_path: Option<String>,
    pub initial_delay: Option<i64>,
}

/// Which of the four quantities a container sets (a set value, not `{}`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resources {
    pub line: Option<u32>,
    pub requests_cpu: bool,
    pub requests_memory: bool,
    pub limits_cpu: bool,
    pub limits_memory: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SecurityContext {
    pub line: u32,
    pub run_as_non_root: Option<Located<bool>>,
    pub run_as_user: Option<Located<i64>>,
    pub privileged: Option<Located<bool>>,
    pub allow_privilege_escalation: Option<Located<bool>>,
    pub read_only_root_filesystem: Option<Located<bool>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub line: u32,
    /// A literal `value` (scalars as text).
    pub value: Option<String>,
    /// `valueFrom` (secretKeyRef, configMapKeyRef, fieldRef...).
    pub value_from: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelSelector {
    pub line: u32,
    pub match_labels: Vec<(String, String)>,
    pub expressions: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

impl LabelSelector {
    /// Whether the selector selects pods with `labels`. An empty selector
    /// selects nothing here: a PDB without a selector protects no pods we
    /// can name. An unknown operator never matches.
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        if self.match_labels.is_empty() && self.expressions.is_empty() {
            return false;
        }
        let get = |k: &str| labels.iter().find(|(lk, _)| lk == k).map(|(_, v)| v);
        self.match_labels.iter().all(|(k, v)| get(k) == Some(v))
            && self.expressions.iter().all(|r| {
                let have = get(&r.key);
                match r.operator.as_str() {
                    "In" => have.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => have.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => have.is_some(),
                    "DoesNotExist" => have.is_none(),
                    _ => false,
                }
            })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    pub target_kind: Option<String>,
    pub target_name: Option<String>,
    pub min_replicas: Option<Located<i64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecretEntry {
    pub key: String,
    pub line: u32,
    /// The value as written (base64 under `data`, plain under `stringData`).
    pub value: String,
    /// Under `data` (base64), not `stringData`.
    pub encoded: bool,
}

/// Lowercase file name helpers.
fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

/// Reads one YAML file.
/// Whether the text holds Go/Helm template syntax: a `{{` that is not a
/// GitHub Actions expression (`${{ }}`, which CI files and action metadata
/// are full of, and which is plain YAML text).
fn has_go_template(text: &str) -> bool {
    text.match_indices("{{")
        .any(|(i, _)| !text[..i].ends_with('$'))
}

pub fn parse(path: &str, text: &str) -> K8sFile {
    let name = file_name(path);
    let mut file = K8sFile {
        role: Role::Other,
        objects: Vec::new(),
        problems: Vec::new(),
        template: None,
        root: None,
        kustomization: None,
        built_images: Vec::new(),
    };
    let is_named = |names: &[&str]| names.contains(&name.as_str());
    if is_named(&["chart.yaml", "chart.yml"]) {
        file.role = Role::Chart;
        file.root = first_document(text, &mut file.problems);
        return file;
    }
    if is_named(&["values.yaml", "values.yml"]) {
        file.role = Role::Values;
        file.root = first_document(text, &mut file.problems);
        return file;
    }
    if is_named(&["kustomization.yaml", "kustomization.yml", "kustomization"]) {
        file.role = Role::Kustomization;
        let root = first_document(text, &mut file.problems);
        file.kustomization = root.as_ref().map(kustomization);
        return file;
    }
    // Most YAML in a repository (CI, OpenAPI, config) is not Kubernetes;
    // without the word there is nothing to parse for.
    let templated = has_go_template(text);
    if !text.contains("apiVersion") && !templated {
        return file;
    }
    if templated && text.contains("}}") {
        file.role = Role::Template;
        file.template = Some(text.to_string());
        return file;
    }
    let mut broken = Vec::new();
    for (_, doc) in yaml::parse_stream(text) {
        match doc {
            Doc::Parsed(node) => {
                if str_at(&node, "apiVersion").is_some_and(|a| a.starts_with("skaffold/")) {
                    for a in node
                        .path(&["build", "artifacts"])
                        .map(Node::items)
                        .unwrap_or_default()
                    {
                        file.built_images.extend(str_at(a, "image"));
                    }
                    continue;
                }
                collect_objects(&node, &mut file.objects)
            }
            Doc::Broken { line, message } => broken.push(Problem { line, message }),
        }
    }
    // Broken YAML matters when the file is a manifest: one that has objects
    // elsewhere, or whose text declares apiVersion and kind.
    if !file.objects.is_empty()
        || !file.built_images.is_empty()
        || (!broken.is_empty() && reads_like_manifest(text))
    {
        file.role = Role::Manifest;
        file.problems = broken;
    }
    file
}

fn reads_like_manifest(text: &str) -> bool {
    let at_start = |key: &str| {
        text.lines()
            .any(|l| l.trim_start_matches(['-', ' ']).starts_with(key))
    };
    at_start("apiVersion:") && at_start("kind:")
}

fn first_document(text: &str, problems: &mut Vec<Problem>) -> Option<Node> {
    match yaml::parse_stream(text).into_iter().next()?.1 {
        Doc::Parsed(n) => Some(n),
        Doc::Broken { line, message } => {
            problems.push(Problem { line, message });
            None
        }
    }
}

fn kustomization(root: &Node) -> Kustomization {
    let mut k = Kustomization::default();
    for key in ["resources", "bases", "components"] {
        if let Some(list) = root.get(key) {
            for item in list.items() {
                if let Some(s) = item.as_str() {
                    k.resources.push(Located {
                        value: s.to_string(),
                        line: item.line,
                    });
                }
            }
        }
    }
    for key in ["patches", "patchesStrategicMerge", "patchesJson6902"] {
        let items = root.get(key).map(Node::items).unwrap_or_default();
        k.patches += items.len();
        for item in items {
            // `- patch.yaml`, or `- path: patch.yaml` (an inline `patch:` is text).
            if let Some(p) = item
                .as_str()
                .or_else(|| item.get("path").and_then(Node::as_str))
            {
                if !p.contains('\n')
                    && (p.ends_with(".yaml") || p.ends_with(".yml") || p.ends_with(".json"))
                {
                    k.patch_files.push(p.to_string());
                }
            }
        }
    }
    for img in root.get("images").map(Node::items).unwrap_or_default() {
        let pinned = ["newTag", "digest"].iter().any(|k| {
            img.get(k)
                .and_then(Node::scalar)
                .is_some_and(|v| !v.trim().is_empty() && v != "latest")
        });
        if let (true, Some(name)) = (pinned, str_at(img, "name")) {
            k.pinned_images.push(name);
        }
    }
    k
}

fn str_at(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(Node::scalar)
}

fn string_map(node: Option<&Node>) -> Vec<(String, String)> {
    node.map(|n| {
        n.entries()
            .iter()
            .filter_map(|(k, v)| v.scalar().map(|s| (k.name.clone(), s)))
            .collect()
    })
    .unwrap_or_default()
}

fn located_bool(node: &Node, key: &str) -> Option<Located<bool>> {
    node.get(key).and_then(|v| {
        v.as_bool().map(|b| Located {
            value: b,
            line: node.key_line(key).unwrap_or(v.line),
        })
    })
}

fn located_i64(node: &Node, key: &str) -> Option<Located<i64>> {
    node.get(key).and_then(|v| {
        v.as_i64().map(|i| Located {
            value: i,
            line: node.key_line(key).unwrap_or(v.line),
        })
    })
}

/// Objects in one document; a `List` (or `*List`) contributes its items.
fn collect_objects(doc: &Node, out: &mut Vec<Object>) {
    let (Some(api), Some(kind)) = (str_at(doc, "apiVersion"), str_at(doc, "kind")) else {
        return;
    };
    if kind == "List" || (kind.ends_with("List") && doc.get("items").is_some()) {
        for item in doc.get("items").map(Node::items).unwrap_or_default() {
            collect_objects(item, out);
        }
        return;
    }
    let meta = doc.get("metadata");
    let spec = match doc.get("spec") {
        Some(spec) => spec_of(&kind, spec),
        None if kind == "Secret" => Spec::Secret(secret_entries(doc)),
        None => Spec::Other,
    };
    // StatefulSets get their volumes from claim templates.
    let spec = match (spec, doc.path(&["spec", "volumeClaimTemplates"])) {
        (Spec::Workload(mut w), Some(t)) if !t.is_empty() => {
            w.pod.uses_pvc = true;
            Spec::Workload(w)
        }
        (s, _) => s,
    };
    out.push(Object {
        api_version: api,
        name: meta.and_then(|m| str_at(m, "name")),
        namespace: meta.and_then(|m| str_at(m, "namespace")),
        labels: string_map(meta.and_then(|m| m.get("labels"))),
        annotations: string_map(meta.and_then(|m| m.get("annotations"))),
        line: doc.line,
        kind,
        spec,
    });
}

fn spec_of(kind: &str, spec: &Node) -> Spec {
    if let Some(wk) = WorkloadKind::from_kind(kind) {
        return Spec::Workload(Box::new(workload(wk, spec)));
    }
    match kind {
        "PodDisruptionBudget" => Spec::Pdb(selector(spec.get("selector"))),
        "HorizontalPodAutoscaler" => {
            let target = spec.get("scaleTargetRef");
            Spec::Scaler(Scaler {
                target_kind: target.and_then(|t| str_at(t, "kind")),
                target_name: target.and_then(|t| str_at(t, "name")),
                min_replicas: located_i64(spec, "minReplicas"),
            })
        }
        "ScaledObject" => {
            let target = spec.get("scaleTargetRef");
            Spec::Scaler(Scaler {
                // KEDA's default target kind is a Deployment.
                target_kind: target
                    .and_then(|t| str_at(t, "kind"))
                    .or(Some("Deployment".into())),
                target_name: target.and_then(|t| str_at(t, "name")),
                min_replicas: located_i64(spec, "minReplicaCount"),
            })
        }
        "Service" => Spec::Service,
        "Ingress" => Spec::Ingress,
        _ => Spec::Other,
    }
}

fn workload(kind: WorkloadKind, spec: &Node) -> Workload {
    let (template, selector_node) = match kind {
        WorkloadKind::Pod => (Some(spec), None),
        WorkloadKind::CronJob => {
            let job = spec.path(&["jobTemplate", "spec"]);
            (
                job.and_then(|j| j.get("template")),
                job.and_then(|j| j.get("selector")),
            )
        }
        _ => (spec.get("template"), spec.get("selector")),
    };
    let (pod_spec, pod_labels) = match kind {
        WorkloadKind::Pod => (Some(spec), Vec::new()),
        _ => (
            template.and_then(|t| t.get("spec")),
            string_map(template.and_then(|t| t.path(&["metadata", "labels"]))),
        ),
    };
    let strategy_node = spec.get("strategy").or_else(|| spec.get("updateStrategy"));
    let strategy = strategy_node.and_then(|s| {
        s.get("type").and_then(Node::scalar).map(|t| Located {
            value: t,
            line: s.key_line("type").unwrap_or(s.line),
        })
    });
    Workload {
        kind,
        replicas: located_i64(spec, "replicas"),
        strategy,
        selector: selector(selector_node),
        pod_labels,
        pod: pod_spec.map(pod).unwrap_or_default(),
    }
}

fn selector(node: Option<&Node>) -> LabelSelector {
    let Some(node) = node else {
        return LabelSelector::default();
    };
    let expressions = node
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|e| Requirement {
            key: str_at(e, "key").unwrap_or_default(),
            operator: str_at(e, "operator").unwrap_or_default(),
            values: e
                .get("values")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(Node::scalar)
                .collect(),
        })
        .collect();
    LabelSelector {
        line: node.line,
        match_labels: string_map(node.get("matchLabels")),
        expressions,
    }
}

fn pod(spec: &Node) -> Pod {
    let containers = |key: &str| {
        spec.get(key)
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .map(container)
            .collect()
    };
    Pod {
        line: spec.line,
        containers: containers("containers"),
        init_containers: containers("initContainers"),
        security: spec.get("securityContext").map(security_context),
        host_network: located_bool(spec, "hostNetwork"),
        host_pid: located_bool(spec, "hostPID"),
        host_ipc: located_bool(spec, "hostIPC"),
        grace_period: located_i64(spec, "terminationGracePeriodSeconds"),
        uses_pvc: spec
            .get("volumes")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .any(|v| v.get("persistentVolumeClaim").is_some()),
    }
}

fn container(node: &Node) -> Container {
    let probe = |key: &str| {
        node.get(key).filter(|p| !p.is_empty()).map(|p| Probe {
            line: node.key_line(key).unwrap_or(p.line),
            http_path: p.path(&["httpGet", "path"]).and_then(Node::scalar),
            initial_delay: p.get("initialDelaySeconds").and_then(Node::as_i64),
        })
    };
    let res = node.get("resources");
    let set = |a: &str, b: &str| {
        res.and_then(|r| r.path(&[a, b]))
            .is_some_and(|v| !v.is_empty())
    };
    let env = node
        .get("env")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            Some(EnvVar {
                name: str_at(e, "name")?,
                line: e.line,
                value: e.get("value").and_then(Node::scalar),
                value_from: e.get("valueFrom").is_some(),
            })
        })
        .collect();
    Container {
        name: str_at(node, "name").unwrap_or_default(),
        line: node.line,
        image: node.get("image").and_then(|i| {
            i.scalar().map(|s| Located {
                value: s,
                line: i.line,
            })
        }),
        readiness: probe("readinessProbe"),
        liveness: probe("livenessProbe"),
        startup: probe("startupProbe"),
        resources: Resources {
            line: node.key_line("resources"),
            requests_cpu: set("requests", "cpu"),
            requests_memory: set("requests", "memory"),
            limits_cpu: set("limits", "cpu"),
            limits_memory: set("limits", "memory"),
        },
        security: node.get("securityContext").map(security_context),
        env,
        pre_stop: node
            .path(&["lifecycle", "preStop"])
            .filter(|p| !p.is_empty())
            .map(|p| p.line),
    }
}

fn security_context(node: &Node) -> SecurityContext {
    SecurityContext {
        line: node.line,
        run_as_non_root: located_bool(node, "runAsNonRoot"),
        run_as_user: located_i64(node, "runAsUser"),
        privileged: located_bool(node, "privileged"),
        allow_privilege_escalation: located_bool(node, "allowPrivilegeEscalation"),
        read_only_root_filesystem: located_bool(node, "readOnlyRootFilesystem"),
    }
}

fn secret_entries(doc: &Node) -> Vec<SecretEntry> {
    let mut out = Vec::new();
    for (key, encoded) in [("data", true), ("stringData", false)] {
        for (k, v) in doc.get(key).map(Node::entries).unwrap_or_default() {
            out.push(SecretEntry {
                key: k.name.clone(),
                line: k.line,
                value: v.scalar().unwrap_or_default(),
                encoded,
            });
        }
    }
    out
}

/// Whether `path` is an example, test, fixture or documentation manifest:
/// it shows how to deploy, it is not what the project deploys.
pub fn is_example_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut dirs: Vec<&str> = lower.split('/').collect();
    dirs.pop();
    dirs.iter().any(|d| {
        matches!(
            *d,
            "example"
                | "examples"
                | "sample"
                | "samples"
                | "test"
                | "tests"
                | "testdata"
                | "test-data"
                | "testing"
                | "e2e"
                | "fixture"
                | "fixtures"
                | "docs"
                | "doc"
                | "demo"
                | "demos"
                | "hack"
                | "__tests__"
        ) || super::test_dirs::is_glued_test_dir(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_expressions_are_not_templates() {
        for (text, want) in [
            ("image: {{ .Values.image }}\n", true),
            ("run: echo ${{ inputs.path }}\n", false),
            ("a: ${{ x }}\nb: {{ .Values.y }}\n", true),
            ("name: plain\n", false),
        ] {
            assert_eq!(has_go_template(text), want, "{text}");
        }
        let action = parse(
            "action.yml",
            "runs:\n  steps:\n    - run: echo ${{ inputs.x }}\n",
        );
        assert_eq!(action.role, Role::Other);
        assert!(action.template.is_none());
    }

    const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      securityContext:
        runAsNonRoot: true
      terminationGracePeriodSeconds: 45
      initContainers:
        - name: migrate
          image: app:1.2
      containers:
        - name: web
          image: nginx:1.25
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: pw}
            - name: MODE
              value: prod
          lifecycle:
            preStop:
              exec: {command: [sleep, '5']}
";

    #[test]
    fn a_deployment_in_full() {
        let f = parse("k8s/web.yaml", DEPLOY);
        assert_eq!(f.role, Role::Manifest);
        let o = &f.objects[0];
        assert_eq!((o.display(), o.line), ("Deployment/web".to_string(), 1));
        let Spec::Workload(w) = &o.spec else { panic!() };
        assert_eq!(w.replicas.as_ref().unwrap().value, 3);
        assert_eq!(w.strategy.as_ref().unwrap().value, "RollingUpdate");
        assert!(w.selector.matches(&w.pod_labels));
        let p = &w.pod;
        assert_eq!(p.grace_period.as_ref().unwrap().line, 18);
        assert_eq!(p.init_containers[0].name, "migrate");
        let c = &p.containers[0];
        assert_eq!(c.line, 23);
        assert_eq!(c.image.as_ref().unwrap().line, 24);
        assert_eq!(c.readiness.as_ref().unwrap().line, 25);
        assert_eq!(
            c.readiness.as_ref().unwrap().http_path.as_deref(),
            Some("/healthz")
        );
        assert!(c.liveness.is_none());
        let r = &c.resources;
        assert!(r.requests_cpu && r.requests_memory && r.limits_memory && !r.limits_cpu);
        assert!(c.env[0].value_from && c.env[0].value.is_none());
        assert_eq!(c.env[1].value.as_deref(), Some("prod"));
        assert!(c.pre_stop.is_some());
        assert!(
            p.security
                .as_ref()
                .unwrap()
                .run_as_non_root
                .as_ref()
                .unwrap()
                .value
        );
    }

    #[test]
    fn roles_by_name_and_content() {
        let cases = [
            ("chart/Chart.yaml", "name: x\n", Role::Chart),
            ("chart/values.yaml", "a: 1\n", Role::Values),
            (
                "base/kustomization.yaml",
                "resources: [a.yaml]\n",
                Role::Kustomization,
            ),
            (
                "chart/templates/d.yaml",
                "kind: {{ .Values.k }}\n",
                Role::Template,
            ),
            ("x.yaml", "a: 1\n", Role::Other),
            ("x.yaml", "apiVersion: v1\nkind: [broken\n", Role::Manifest),
            ("x.yaml", "name: [broken\n", Role::Other),
            (".github/workflows/ci.yml", "on: push\n", Role::Other),
        ];
        for (path, text, role) in cases {
            assert_eq!(parse(path, text).role, role, "{path}: {text}");
        }
        let k = parse(
            "kustomization.yaml",
            "resources:\n  - a.yaml\nbases: [../b]\npatches:\n  - path: p.yaml\n",
        );
        let k = k.kustomization.unwrap();
        assert_eq!(k.resources.len(), 2);
        assert_eq!(k.patches, 1);
    }

    #[test]
    fn lists_cronjobs_secrets_scalers_and_pdbs() {
        let text = "apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly}
    spec:
      schedule: '0 1 * * *'
      jobTemplate:
        spec:
          template:
            spec:
              containers: [{name: c, image: busybox}]
  - apiVersion: v1
    kind: Secret
    metadata: {name: s}
    stringData:
      password: hunter2hunter2
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  minReplicas: 2
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: p}
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [web, api]}
";
        let f = parse("all.yaml", text);
        let kinds: Vec<&str> = f.objects.iter().map(|o| o.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "CronJob",
                "Secret",
                "HorizontalPodAutoscaler",
                "PodDisruptionBudget"
            ]
        );
        let Spec::Workload(w) = &f.objects[0].spec else {
            panic!()
        };
        assert_eq!(w.pod.containers[0].image.as_ref().unwrap().value, "busybox");
        let Spec::Secret(s) = &f.objects[1].spec else {
            panic!()
        };
        assert_eq!(
            (s[0].key.as_str(), s[0].line, s[0].encoded),
            ("password", 18, false)
        );
        let Spec::Scaler(h) = &f.objects[2].spec else {
            panic!()
        };
        assert_eq!(h.min_replicas.as_ref().unwrap().value, 2);
        let Spec::Pdb(sel) = &f.objects[3].spec else {
            panic!()
        };
        let labels = |v: &str| vec![("app".to_string(), v.to_string())];
        assert!(sel.matches(&labels("api")));
        assert!(!sel.matches(&labels("db")));
        assert!(!LabelSelector::default().matches(&labels("api")));
    }

    #[test]
    fn example_paths() {
        for (p, yes) in [
            ("examples/web.yaml", true),
            ("deploy/test/web.yaml", true),
            ("docs/k8s.yaml", true),
            ("deploy/web.yaml", false),
            ("test.yaml", false),
            ("k8s/latest-tests.yaml", false),
        ] {
            assert_eq!(is_example_path(p), yes, "{p}");
        }
    }
}
