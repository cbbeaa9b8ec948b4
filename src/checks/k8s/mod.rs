//! Kubernetes, Helm and Kustomize checks.
//!
//! Every check here reads the same per-file model (`formats::k8s`), parsed
//! once per file and shared through an `Arc`, then builds an `Inventory`
//! of the repository in `run`: plain manifests, Helm charts (Chart.yaml,
//! values.yaml, template text) and what was left out and why.
//!
//! What is judged: manifests outside example, test, fixture and docs
//! directories (`formats::k8s::is_example_path`) and outside vendored
//! trees. Those show how to deploy; they are not what the project deploys,
//! and counting them would let a repository's samples decide its score. The
//! evidence says how many were left out. Helm templates are not YAML until
//! rendered, so charts are judged from values.yaml defaults and the
//! template text, with medium confidence, or reported as unknown.
//!
//! Scores are proportional: each check counts units (workloads,
//! containers, charts), each unit earns a credit in [0, 1], and the outcome
//! is their mean. A unit whose finding carries an inline
//! `shipready: ignore[<id>]` marker counts as passing, so one suppressed
//! Deployment out of ten does not leave the check at 0.9.

use std::sync::Arc;

use crate::checks::{CheckMeta, CheckRef, FileData};
use crate::formats::k8s::yaml::Node;
use crate::formats::k8s::{self, K8sFile, Object, Role, Spec, Workload};
use crate::model::{Basis, Confidence, Finding, Level, Outcome};
use crate::suppress::{Marker, Scope};
use crate::workspace::{Content, FileEntry, FileKind, Model};

use super::CheckContext;

pub mod graceful_shutdown;
pub mod helm;
pub mod image_tags;
pub mod no_literal_secrets;
pub mod probes;
pub mod replicas_and_pdb;
pub mod resources;
pub mod rollout_strategy;
pub mod security_context;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(probes::Probes),
        Arc::new(resources::Resources),
        Arc::new(image_tags::ImageTags),
        Arc::new(security_context::SecurityContextCheck),
        Arc::new(replicas_and_pdb::ReplicasAndPdb),
        Arc::new(rollout_strategy::RolloutStrategy),
        Arc::new(graceful_shutdown::GracefulShutdown),
        Arc::new(no_literal_secrets::NoLiteralSecrets),
    ]
}

/// The parsed file and, for a Kubernetes file, its inline markers: parsed
/// and scanned once for the nine checks that read it.
pub struct Shared(pub Arc<K8sFile>, Vec<Marker>);

impl Model for Shared {
    fn parse(path: &str, text: &str) -> Self {
        let file = k8s::parse(path, text);
        let markers = if file.role == Role::Other {
            Vec::new()
        } else {
            crate::suppress::scan(path, text.as_bytes())
        };
        Shared(Arc::new(file), markers)
    }
}

/// What a k8s check keeps from one file: the model and the file's markers.
pub struct Kept {
    pub file: Arc<K8sFile>,
    pub markers: Vec<Marker>,
}

/// YAML that may be Kubernetes, and Helm helper templates.
pub fn wants(file: &FileEntry) -> bool {
    if file.vendored()
        || file.is(FileKind::GithubWorkflow)
        || file.is(FileKind::GitlabCi)
        || file.is(FileKind::Compose)
    {
        return false;
    }
    file.is(FileKind::Yaml)
        || file.name() == "Kustomization"
        || (file.path.ends_with(".tpl") && file.path.contains("templates/"))
}

pub fn inspect(content: &Content<'_>) -> Option<FileData> {
    let shared = content.model::<Shared>();
    if shared.0.role == Role::Other {
        return None;
    }
    Some(Box::new(Kept {
        file: Arc::clone(&shared.0),
        markers: shared.1.clone(),
    }))
}

/// A plain manifest the checks judge.
pub struct Manifest<'a> {
    pub path: &'a str,
    pub file: &'a K8sFile,
    pub markers: &'a [Marker],
}

/// A Helm chart: its directory, values and template texts.
pub struct Chart<'a> {
    pub dir: String,
    pub name: String,
    pub app_version: Option<String>,
    pub values: Option<(&'a str, &'a Node)>,
    /// (path, text) of every templated file under `templates/`.
    pub templates: Vec<(&'a str, &'a str)>,
}

/// The repository's Kubernetes material, as the checks judge it.
#[derive(Default)]
pub struct Inventory<'a> {
    pub manifests: Vec<Manifest<'a>>,
    pub charts: Vec<Chart<'a>>,
    /// Kustomization files (their resources are plain manifests).
    pub kustomizations: Vec<&'a str>,
    /// Manifests and charts left out: example, test, fixture, docs paths.
    pub excluded: Vec<&'a str>,
    /// Templated files outside any chart: not verifiable statically.
    pub loose_templates: Vec<&'a str>,
    /// (path, line, message) of YAML that does not parse.
    pub broken: Vec<(&'a str, u32, &'a str)>,
    /// Kustomize patch files left out (partial objects).
    pub patches: usize,
}

impl<'a> Inventory<'a> {
    pub fn collect(ctx: &CheckContext<'a>) -> Self {
        let kept: Vec<(&'a FileEntry, &'a Kept)> = ctx.data::<Kept>().collect();
        let mut inv = Inventory::default();
        let chart_dirs: Vec<String> = kept
            .iter()
            .filter(|(f, k)| k.file.role == Role::Chart && !k8s::is_example_path(&f.path))
            .map(|(f, _)| f.dir().to_string())
            .collect();
        let chart_of = |path: &str| {
            chart_dirs
                .iter()
                .filter(|d| {
                    let prefix = if d.is_empty() {
                        String::new()
                    } else {
                        format!("{d}/")
                    };
                    path.starts_with(&format!("{prefix}templates/"))
                })
                .max_by_key(|d| d.len())
                .cloned()
        };
        for (f, k) in &kept {
            if k.file.role == Role::Chart && !k8s::is_example_path(&f.path) {
                let root = k.file.root.as_ref();
                let scalar = |key: &str| root.and_then(|r| r.get(key)).and_then(Node::scalar);
                inv.charts.push(Chart {
                    dir: f.dir().to_string(),
                    name: scalar("name").unwrap_or_else(|| f.dir().to_string()),
                    app_version: scalar("appVersion"),
                    values: None,
                    templates: Vec::new(),
                });
            }
        }
        // Kustomize patches are partial objects: judging them as manifests
        // would report every field they leave to the base as missing.
        let patches: Vec<String> = kept
            .iter()
            .filter_map(|(f, k)| k.file.kustomization.as_ref().map(|kz| (f.dir(), kz)))
            .flat_map(|(dir, kz)| kz.patch_files.iter().map(move |p| join(dir, p)))
            .collect();
        for (f, k) in &kept {
            let path = f.path.as_str();
            if patches.iter().any(|p| p == path) {
                inv.patches += 1;
                continue;
            }
            for p in &k.file.problems {
                if k.file.role == Role::Manifest && !k8s::is_example_path(path) {
                    inv.broken.push((path, p.line, p.message.as_str()));
                }
            }
            match k.file.role {
                Role::Values => {
                    if let Some(c) = inv.charts.iter_mut().find(|c| c.dir == f.dir()) {
                        c.values = k.file.root.as_ref().map(|n| (path, n));
                    }
                }
                Role::Template => match chart_of(path) {
                    Some(dir) => {
                        if let Some(c) = inv.charts.iter_mut().find(|c| c.dir == dir) {
                            if let Some(t) = &k.file.template {
                                c.templates.push((path, t.as_str()));
                            }
                        }
                    }
                    None if k8s::is_example_path(path) => {}
                    None if path.ends_with(".tpl") => {}
                    None => inv.loose_templates.push(path),
                },
                Role::Kustomization if !k8s::is_example_path(path) => inv.kustomizations.push(path),
                Role::Manifest if !k.file.objects.is_empty() => {
                    if k8s::is_example_path(path) {
                        inv.excluded.push(path);
                    } else {
                        inv.manifests.push(Manifest {
                            path,
                            file: &k.file,
                            markers: &k.markers,
                        });
                    }
                }
                _ => {}
            }
        }
        inv
    }

    /// Every judged object with its manifest.
    pub fn objects(&self) -> impl Iterator<Item = (&Manifest<'a>, &'a Object)> + '_ {
        self.manifests
            .iter()
            .flat_map(|m| m.file.objects.iter().map(move |o| (m, o)))
    }

    /// Every judged workload.
    pub fn workloads(
        &self,
    ) -> impl Iterator<Item = (&Manifest<'a>, &'a Object, &'a Workload)> + '_ {
        self.objects().filter_map(|(m, o)| match &o.spec {
            Spec::Workload(w) => Some((m, o, &**w)),
            _ => None,
        })
    }

    /// Whether there is any Kubernetes material at all, judged or not.
    pub fn is_empty(&self) -> bool {
        self.manifests.is_empty()
            && self.charts.is_empty()
            && self.excluded.is_empty()
            && self.loose_templates.is_empty()
            && self.broken.is_empty()
    }

    /// Evidence lines every k8s outcome carries: what was left out, what
    /// could not be read.
    pub fn context_evidence(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.excluded.is_empty() {
            out.push(format!(
                "{} example/test/docs manifest file(s) not judged (e.g. {})",
                self.excluded.len(),
                self.excluded[0]
            ));
        }
        if !self.loose_templates.is_empty() {
            out.push(format!(
                "{} templated YAML file(s) outside a Helm chart not verifiable (e.g. {})",
                self.loose_templates.len(),
                self.loose_templates[0]
            ));
        }
        if !self.kustomizations.is_empty() {
            out.push(format!(
                "Kustomize: {} kustomization file(s); their resources are judged as plain manifests, {} patch file(s) left out",
                self.kustomizations.len(),
                self.patches
            ));
        }
        out
    }
}

/// `dir/rel`, with `./` and `../` resolved.
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Proportional scoring over units, with findings and what stayed unknown.
pub struct Tally<'m> {
    meta: &'m CheckMeta,
    credit: f64,
    count: usize,
    full: usize,
    /// Units that are Helm charts (counted in `count` too).
    charts: usize,
    pub findings: Vec<Finding>,
    pub evidence: Vec<String>,
    pub unknown: Vec<String>,
}

impl<'m> Tally<'m> {
    pub fn new(meta: &'m CheckMeta) -> Self {
        Tally {
            meta,
            credit: 0.0,
            count: 0,
            full: 0,
            charts: 0,
            findings: Vec::new(),
            evidence: Vec::new(),
            unknown: Vec::new(),
        }
    }

    /// A finding of this check at `path:line`.
    pub fn finding(&self, rule: &str, message: String, path: &str, line: u32) -> Finding {
        Finding::new(&self.meta.id, message)
            .rule(rule)
            .at(path, Some(line))
    }

    /// Records one unit with its credit and findings. Findings on a line an
    /// inline marker for this check covers make the unit pass (the engine
    /// marks the findings themselves as suppressed).
    pub fn unit(&mut self, credit: f64, findings: Vec<Finding>, markers: &[Marker], anchor: u32) {
        let suppressed = !findings.is_empty()
            && findings
                .iter()
                .filter(|f| f.level > Level::Info)
                .all(|f| covered(markers, self.meta.id.as_str(), f.line.unwrap_or(0), anchor));
        let credit = if suppressed {
            1.0
        } else {
            credit.clamp(0.0, 1.0)
        };
        self.credit += credit;
        self.count += 1;
        if credit >= 1.0 {
            self.full += 1;
        }
        self.findings.extend(findings);
    }

    /// One Helm chart as a unit (no inline markers: templates are text).
    pub fn chart_unit(&mut self, credit: f64, findings: Vec<Finding>) {
        self.charts += 1;
        self.unit(credit, findings, &[], 0);
    }

    pub fn count(&self) -> usize {
        self.count
    }

    pub fn credit_sum(&self) -> f64 {
        self.credit
    }

    /// Takes over another tally's units, findings, evidence and unknowns.
    pub fn absorb(&mut self, other: Tally<'_>) {
        self.credit += other.credit;
        self.count += other.count;
        self.full += other.full;
        self.charts += other.charts;
        self.findings.extend(other.findings);
        self.evidence.extend(other.evidence);
        self.unknown.extend(other.unknown);
    }

    /// The outcome: a fraction over the units; unknown when nothing could
    /// be judged but something was there; not applicable otherwise.
    pub fn outcome(mut self, noun: &str, inv: &Inventory<'_>, na: &str) -> Outcome {
        for (path, line, msg) in &inv.broken {
            self.findings.push(
                self.finding(
                    "invalid-yaml",
                    format!("manifest does not parse, nothing in it was checked: {msg}"),
                    path,
                    *line,
                )
                .level(Level::Info),
            );
        }
        let mut evidence = self.evidence;
        evidence.extend(inv.context_evidence());
        if !inv.broken.is_empty() {
            evidence.push(format!(
                "{} manifest document(s) do not parse (first: {}:{})",
                inv.broken.len(),
                inv.broken[0].0,
                inv.broken[0].1
            ));
        }
        let outcome = if self.count == 0 {
            if self.unknown.is_empty() {
                Outcome::not_applicable(na.to_string())
            } else {
                Outcome::unknown(format!(
                    "{} {noun} could not be verified statically",
                    self.unknown.len()
                ))
            }
        } else {
            let charts = match self.charts {
                0 => String::new(),
                n => format!(" ({n} of them Helm charts, judged on defaults)"),
            };
            Outcome::fraction(
                self.credit / self.count as f64,
                format!("{} of {} {noun}{charts}", self.full, self.count),
            )
            .basis(Basis::Parsed)
        };
        evidence.extend(self.unknown.iter().map(|u| format!("unknown: {u}")));
        outcome.evidences(evidence).findings(self.findings)
    }
}

/// Whether an inline marker for `check` covers `line` or the unit's anchor.
fn covered(markers: &[Marker], check: &str, line: u32, anchor: u32) -> bool {
    markers.iter().any(|m| {
        m.native
            && m.targets.iter().any(|(c, _)| c == check)
            && match m.scope {
                Scope::File => true,
                Scope::Line(l) => [line, anchor].contains(&l),
                Scope::LineAndNext(l) => [line, anchor].iter().any(|&x| x == l || x == l + 1),
                Scope::NextLine(l) => [line, anchor].contains(&(l + 1)),
            }
    })
}

/// A finding from a Helm chart, judged on template text and defaults: a
/// reviewer could dispute it (values may be overridden at install).
pub fn helm_finding(f: Finding) -> Finding {
    f.confidence(Confidence::Medium)
}

/// Judges every chart that renders a workload on `keys`, one unit per
/// chart: the mean credit of the keys that could be judged. Charts whose
/// workloads come from included templates, and keys whose values do not
/// resolve, are recorded as unknown with the reason.
pub fn chart_units(
    tally: &mut Tally<'_>,
    inv: &Inventory<'_>,
    keys: &[&str],
    eval: &dyn Fn(&Node) -> Option<f64>,
    long_running_only: bool,
) {
    for chart in &inv.charts {
        if chart.templates.is_empty() {
            continue;
        }
        let anchor = if long_running_only {
            helm::long_running(chart)
        } else {
            helm::workloads(chart).into_iter().next()
        };
        let Some((wpath, wline, _)) = anchor else {
            if helm::workloads(chart).is_empty() {
                tally.unknown.push(format!(
                    "chart {} ({}) renders no workload kind literally (included from a library chart?)",
                    chart.name, chart.dir
                ));
            }
            continue;
        };
        let mut credits = Vec::new();
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for key in keys {
            match helm::judge(chart, key, eval) {
                helm::Verdict::Judged {
                    credit,
                    note,
                    path,
                    line,
                } => {
                    credits.push(credit);
                    if credit < 1.0 {
                        findings.push(helm_finding(
                            tally
                                .finding(
                                    "helm-default",
                                    format!("chart {}: {note}", chart.name),
                                    &path,
                                    line,
                                )
                                .level(Level::Warning),
                        ));
                    } else {
                        tally.evidence.push(format!("chart {}: {note}", chart.name));
                    }
                }
                helm::Verdict::Unknown(why) => unknown.push(why),
            }
        }
        if credits.is_empty() {
            tally
                .unknown
                .push(format!("chart {}: {}", chart.name, unknown.join("; ")));
            continue;
        }
        tally.unknown.extend(
            unknown
                .into_iter()
                .map(|u| format!("chart {}: {u}", chart.name)),
        );
        let credit = credits.iter().sum::<f64>() / credits.len() as f64;
        let _ = (wpath, wline);
        tally.chart_unit(credit, findings);
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    /// A Deployment with one container; `pod` and `container` are extra
    /// lines at pod-spec and container indentation.
    pub fn deployment(name: &str, pod: &str, container: &str) -> String {
        let indent = |s: &str, n: usize| {
            s.lines()
                .map(|l| format!("{}{l}\n", " ".repeat(n)))
                .collect::<String>()
        };
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n{}      containers:\n        - name: {name}\n          image: registry.test/{name}:1.0\n{}",
            indent(pod, 6),
            indent(container, 10)
        )
    }
}
