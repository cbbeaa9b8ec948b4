//! `k8s.image-tags`: images are pinned to a tag other than `latest`, or to
//! a digest.
//!
//! One unit per container (init containers included). A digest
//! (`@sha256:`) or a version tag earns the point; `latest` or no tag (which
//! means `latest`) earns none. An untagged image that a kustomization's
//! `images:` pins with `newTag` or `digest` is pinned. Images built from
//! variables (`$(TAG)`, `${TAG}`) are not judged.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

use super::{helm, helm_finding, Inventory, Kept, Tally};

pub struct ImageTags;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("k8s.image-tags"),
    title: Cow::Borrowed("Container images are pinned to a version tag or a digest"),
    category: Category::Deployment,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("Kubernetes workloads or a Helm chart exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("no `:latest` or untagged images; a digest pins best"),
    rationale: Cow::Borrowed(
        "`latest` (or no tag, which means the same) changes under you: two pods of one Deployment can \
         run different code, a rollback redeploys whatever `latest` is today, and nobody can say \
         what runs. A version tag is reproducible as long as nobody re-pushes it; a digest always is.",
    ),
    remediation: Cow::Borrowed(
        "Reference `registry/app:1.4.2`, or better `registry/app@sha256:<digest>` (tools such as \
         Renovate keep digests current). With Kustomize, pin through `images: [{name: app, newTag: \
         1.4.2}]`; in a Helm chart, default the tag to `.Chart.AppVersion` rather than `latest`.",
    ),
    passes_when: Cow::Borrowed(
        "every container image has a tag other than `latest` or a digest; one point per container",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    )]),
};

/// How an image reference is pinned.
#[derive(Debug, PartialEq, Eq)]
pub enum Pin {
    Digest,
    Tag(String),
    Latest,
    Untagged,
    /// Built from variables: not judged.
    Variable,
}

pub fn pin(image: &str) -> Pin {
    let image = image.trim();
    if image.contains("$(")
        || image.contains("${")
        || image.starts_with('$')
        || image.contains("{{")
        || image.starts_with("ko://")
    {
        return Pin::Variable;
    }
    if image.contains("@sha256:") || image.contains("@sha512:") {
        return Pin::Digest;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) => Pin::Latest,
        Some((_, tag)) if !tag.is_empty() => Pin::Tag(tag.to_string()),
        _ => Pin::Untagged,
    }
}

/// The image name without tag or digest.
fn image_name(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    match no_digest.rfind(':') {
        Some(p) if !no_digest[p..].contains('/') => &no_digest[..p],
        _ => no_digest,
    }
}

impl Check for ImageTags {
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
        // Images a kustomization pins, or a build tool (Skaffold) builds and
        // tags at deploy time, are pinned even when the manifest says no tag.
        let kustomize_pinned: Vec<String> = ctx
            .data::<Kept>()
            .flat_map(|(_, k)| {
                let pinned = k
                    .file
                    .kustomization
                    .iter()
                    .flat_map(|k| k.pinned_images.clone());
                pinned
                    .chain(k.file.built_images.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut t = Tally::new(&META);
        let (mut digests, mut variables) = (0, 0);
        for (m, o, w) in inv.workloads() {
            for c in w.pod.init_containers.iter().chain(&w.pod.containers) {
                let Some(img) = &c.image else { continue };
                let bad = |what: &str| {
                    vec![t.finding(
                        what,
                        format!(
                            "{} container `{}` uses `{}`, which moves",
                            o.display(),
                            c.name,
                            img.value
                        ),
                        m.path,
                        img.line,
                    )]
                };
                match pin(&img.value) {
                    Pin::Digest => {
                        digests += 1;
                        t.unit(1.0, Vec::new(), m.markers, c.line);
                    }
                    Pin::Tag(_) => t.unit(1.0, Vec::new(), m.markers, c.line),
                    Pin::Variable => variables += 1,
                    Pin::Untagged
                        if kustomize_pinned.iter().any(|n| n == image_name(&img.value)) =>
                    {
                        t.unit(1.0, Vec::new(), m.markers, c.line)
                    }
                    Pin::Latest => {
                        let f = bad("latest-tag");
                        t.unit(0.0, f, m.markers, c.line)
                    }
                    Pin::Untagged => {
                        let f = bad("untagged");
                        t.unit(0.0, f, m.markers, c.line)
                    }
                }
            }
        }
        if digests > 0 {
            t.evidence
                .push(format!("{digests} image(s) pinned by digest"));
        }
        if variables > 0 {
            t.evidence.push(format!(
                "{variables} image(s) built from variables, not judged"
            ));
        }
        for chart in &inv.charts {
            if chart.templates.is_empty() || helm::workloads(chart).is_empty() {
                continue;
            }
            let Some((vpath, values)) = chart.values else {
                t.unknown.push(format!(
                    "chart {}: no values.yaml to read image tags from",
                    chart.name
                ));
                continue;
            };
            let uses_app_version = chart
                .templates
                .iter()
                .any(|(_, text)| text.contains(".Chart.AppVersion"));
            let mut judged = false;
            for (path, node) in helm::find_key(values, "image") {
                let tag = node.get("tag").and_then(|v| v.scalar()).unwrap_or_default();
                let digest = node
                    .get("digest")
                    .and_then(|v| v.scalar())
                    .unwrap_or_default();
                if node.get("repository").is_none() && node.get("tag").is_none() {
                    continue;
                }
                judged = true;
                let line = node.key_line("tag").unwrap_or(node.line);
                if !digest.is_empty() || (!tag.is_empty() && tag != "latest") {
                    t.chart_unit(1.0, Vec::new());
                } else if tag.is_empty() && uses_app_version {
                    t.evidence.push(format!(
                        "chart {}: {path}.tag empty, templates default it to .Chart.AppVersion ({})",
                        chart.name,
                        chart.app_version.as_deref().unwrap_or("unset")
                    ));
                    t.chart_unit(1.0, Vec::new());
                } else {
                    let f = helm_finding(t.finding(
                        "helm-default",
                        format!(
                            "chart {}: {path}.tag defaults to `{}`",
                            chart.name,
                            if tag.is_empty() {
                                "(empty: latest)"
                            } else {
                                &tag
                            }
                        ),
                        vpath,
                        line,
                    ));
                    t.chart_unit(0.0, vec![f]);
                }
            }
            if !judged {
                t.unknown.push(format!(
                    "chart {}: no image.repository/image.tag in {vpath}",
                    chart.name
                ));
            }
        }
        Ok(t.outcome(
            "container images pinned to a version tag or digest",
            &inv,
            "no Kubernetes workload",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn pins() {
        let cases = [
            ("nginx", Pin::Untagged),
            ("nginx:latest", Pin::Latest),
            ("nginx:1.25", Pin::Tag("1.25".into())),
            ("registry:5000/team/app", Pin::Untagged),
            ("registry:5000/team/app:2.0", Pin::Tag("2.0".into())),
            ("app@sha256:0123abcd", Pin::Digest),
            ("app:1.0@sha256:0123abcd", Pin::Digest),
            ("app:$(TAG)", Pin::Variable),
            ("${IMAGE}", Pin::Variable),
        ];
        for (img, want) in cases {
            assert_eq!(pin(img), want, "{img}");
        }
        assert_eq!(image_name("registry:5000/app:1"), "registry:5000/app");
        assert_eq!(image_name("registry:5000/app"), "registry:5000/app");
    }

    fn pod(image: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: c\n      image: {image}\n")
    }

    #[test]
    fn cases() {
        let table = [
            ("tag", pod("nginx:1.25"), Status::Pass),
            ("digest", pod("nginx@sha256:abcdef0123"), Status::Pass),
            ("latest", pod("nginx:latest"), Status::Fail),
            ("untagged", pod("nginx"), Status::Fail),
            ("variable only", pod("app:$(TAG)"), Status::NotApplicable),
        ];
        for (name, text, want) in table {
            expect(&ImageTags, name, &[("k8s/p.yaml", &text)], want);
        }
        let untagged = pod("registry.test/app");
        expect(
            &ImageTags,
            "skaffold builds it",
            &[
                ("k8s/p.yaml", &untagged),
                ("skaffold.yaml", "apiVersion: skaffold/v3\nkind: Config\nbuild:\n  artifacts:\n    - image: registry.test/app\n"),
            ],
            Status::Pass,
        );
        expect(
            &ImageTags,
            "kustomize newTag latest is not a pin",
            &[
                ("k8s/p.yaml", &untagged),
                (
                    "k8s/kustomization.yaml",
                    "images:\n  - name: registry.test/app\n    newTag: latest\n",
                ),
            ],
            Status::Fail,
        );
        expect(
            &ImageTags,
            "kustomize pins",
            &[
                ("k8s/p.yaml", &untagged),
                ("k8s/kustomization.yaml", "resources: [p.yaml]\nimages:\n  - name: registry.test/app\n    newTag: 1.2.3\n"),
            ],
            Status::Pass,
        );
    }

    #[test]
    fn helm_tags() {
        let tpl = "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n";
        let files = |values: &'static str| {
            vec![
                ("c/Chart.yaml", "name: c\nappVersion: 1.0.0\n"),
                ("c/values.yaml", values),
                ("c/templates/d.yaml", tpl),
            ]
        };
        expect(
            &ImageTags,
            "app version",
            &files("image:\n  repository: x\n  tag: \"\"\n"),
            Status::Pass,
        );
        // Judged on chart defaults: medium confidence, so partial at worst.
        expect(
            &ImageTags,
            "latest default",
            &files("image:\n  repository: x\n  tag: latest\n"),
            Status::Partial,
        );
        expect(
            &ImageTags,
            "no image values",
            &files("a: 1\n"),
            Status::Unknown,
        );
    }
}
