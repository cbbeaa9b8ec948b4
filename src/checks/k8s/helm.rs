//! Reading a Helm chart without rendering it.
//!
//! A template is text with `{{ }}` actions, so the checks read it as text,
//! only where that is safe: a key written in a template (`readinessProbe:`)
//! either stands with literal content, or next to `.Values.<path>`
//! references that values.yaml resolves to its defaults. What resolves is
//! judged (with medium confidence: an install can override any value);
//! what does not resolve is unknown, with the reason, never a guess.

use crate::formats::k8s::yaml::Node;

use super::Chart;

/// Workload kinds a template can render.
const WORKLOAD_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Rollout",
    "Job",
    "CronJob",
    "Pod",
];

/// A chart-level verdict for one concept.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Judged: credit in [0, 1], a note, and where.
    Judged {
        credit: f64,
        note: String,
        path: String,
        line: u32,
    },
    Unknown(String),
}

/// (path, 1-based line, kind) of every `kind: <Workload>` line in the
/// chart's templates.
pub fn workloads<'a>(chart: &Chart<'a>) -> Vec<(&'a str, u32, &'static str)> {
    let mut out = Vec::new();
    for (path, text) in &chart.templates {
        for (i, line) in text.lines().enumerate() {
            if let Some(v) = line.trim().strip_prefix("kind:") {
                let v = v.trim().trim_matches(['"', '\'']);
                if let Some(k) = WORKLOAD_KINDS.iter().find(|k| **k == v) {
                    out.push((*path, i as u32 + 1, *k));
                }
            }
        }
    }
    out
}

/// Whether the chart's templates render a long-running workload we can see.
pub fn long_running<'a>(chart: &Chart<'a>) -> Option<(&'a str, u32, &'static str)> {
    workloads(chart)
        .into_iter()
        .find(|(_, _, k)| !matches!(*k, "Job" | "CronJob"))
}

/// A place a key is written in a template, with the text around it.
pub struct Mention<'a> {
    pub path: &'a str,
    pub line: u32,
    /// A guarding `{{ if }}` line above, the line itself and the block
    /// under it.
    pub window: String,
    /// The block is written out in YAML (`httpGet:` under the key, values
    /// filling single fields), not rendered whole from values (`toYaml`).
    pub literal: bool,
}

/// Every line of the chart's templates that writes `key:` as a key.
pub fn mentions<'a>(chart: &Chart<'a>, key: &str) -> Vec<Mention<'a>> {
    let mut out = Vec::new();
    let needle = format!("{key}:");
    // Only where a pod spec can be: a template that renders a workload, or
    // a helper (`_*.tpl`). `resources:` in an RBAC rule is something else.
    let renders_workload = |text: &str| {
        text.lines().any(|l| {
            l.trim()
                .strip_prefix("kind:")
                .is_some_and(|k| WORKLOAD_KINDS.contains(&k.trim().trim_matches(['"', '\''])))
        })
    };
    for (path, text) in &chart.templates {
        if !path.ends_with(".tpl") && !renders_workload(text) {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start().trim_start_matches("- ");
            if t.starts_with(&needle) {
                // The key's own block: the lines indented under it (up to
                // eight), and a guarding `{{ if/with }}` line just above.
                let indent = line.len() - line.trim_start().len();
                let mut window = Vec::new();
                // Up to two action lines above: `{{- with .Values.x }}` then
                // `{{- if .enabled }}` bind what the block renders.
                for back in (1..=2).rev() {
                    let Some(prev) = i.checked_sub(back).map(|p| lines[p]) else {
                        continue;
                    };
                    let between_actions =
                        (i - back + 1..i).all(|j| lines[j].trim_start().starts_with("{{"));
                    let p = prev.trim_start();
                    if between_actions
                        && p.starts_with("{{")
                        && (p.contains(" if ") || p.contains(" with "))
                    {
                        window.push(prev);
                    }
                }
                window.push(line);
                for next in lines.iter().skip(i + 1).take(8) {
                    let ni = next.len() - next.trim_start().len();
                    if !next.trim().is_empty() && ni <= indent {
                        break;
                    }
                    window.push(next);
                }
                let after_key = t[needle.len()..].trim();
                // Written out: some line of the block under the key is YAML
                // (`httpGet:`), not only actions (`{{ toYaml ... }}`); an
                // `{{ if }}` choosing between two literal forms stays literal.
                let literal = after_key.is_empty()
                    && lines[i + 1..]
                        .iter()
                        .take_while(|l| {
                            l.trim().is_empty()
                                || l.len() - l.trim_start().len() > indent
                                || l.trim_start().starts_with("{{")
                        })
                        .take(12)
                        .any(|l| {
                            let lt = l.trim();
                            l.len() - l.trim_start().len() > indent
                                && !lt.starts_with("{{")
                                && !lt.starts_with('#')
                                && lt.contains(':')
                        });
                out.push(Mention {
                    path,
                    line: i as u32 + 1,
                    window: window.join("\n"),
                    literal,
                });
            }
        }
    }
    out
}

/// `.Values.a.b` references in a text (the path after `.Values.`).
pub fn values_refs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find(".Values.") {
        let tail = &rest[p + ".Values.".len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
            .unwrap_or(tail.len());
        let path = tail[..end].trim_end_matches('.');
        if !path.is_empty() {
            out.push(path.to_string());
        }
        rest = &tail[end..];
    }
    out
}

/// Whether a values path names `key`: `livenessProbe`, `probes.liveness`,
/// `podSecurityContext` for `securityContext`, `pdb` for a
/// PodDisruptionBudget.
pub fn related(path: &str, key: &str) -> bool {
    let p = path.to_ascii_lowercase();
    let k = key.to_ascii_lowercase();
    let stem = ["probe", "context", "seconds"]
        .iter()
        .find_map(|s| k.strip_suffix(s))
        .unwrap_or(&k);
    p.contains(&k)
        || (stem.len() >= 4 && p.contains(stem))
        || (k.ends_with("probe") && p.contains("probe"))
}

/// The node at a dotted path of values.yaml.
pub fn resolve<'n>(values: &'n Node, path: &str) -> Option<&'n Node> {
    path.split('.').try_fold(values, |n, k| n.get(k))
}

/// Whether a value turns a feature on: `true`, a non-empty mapping not
/// marked `enabled: false`, a non-empty string or list, any number.
pub fn enabled(node: &Node) -> Option<f64> {
    use crate::formats::k8s::yaml::Value;
    Some(match &node.value {
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Null => 0.0,
        Value::Map(_) => {
            if node.is_empty() || node.get("enabled").and_then(Node::as_bool) == Some(false) {
                0.0
            } else {
                1.0
            }
        }
        Value::Str(_) | Value::Seq(_) => f64::from(u8::from(!node.is_empty())),
        Value::Int(_) | Value::Float(_) => 1.0,
    })
}

/// Judges one key across the chart, by its weakest place: written
/// literally in a template is full credit; written next to `.Values` references, the defaults decide
/// through `eval`; not written anywhere is no credit; references that do
/// not resolve are unknown.
pub fn judge(chart: &Chart<'_>, key: &str, eval: &dyn Fn(&Node) -> Option<f64>) -> Verdict {
    let ms = mentions(chart, key);
    let first = workloads(chart).into_iter().next();
    if ms.is_empty() {
        let (path, line) = first
            .map(|(p, l, _)| (p.to_string(), l))
            .unwrap_or_else(|| (format!("{}/templates", chart.dir), 1));
        return Verdict::Judged {
            credit: 0.0,
            note: format!("no template of chart {} writes `{key}`", chart.name),
            path,
            line,
        };
    }
    let mut best: Option<Verdict> = None;
    let mut unknown = Vec::new();
    for m in &ms {
        // `.Values.x.enabled` gates a block; the other references fill it.
        // `.Values.resources.operator` is what renders; the `.Values.resources`
        // an `if` tests on the way is its parent, not a second source.
        // Only references that name the key count: a window also holds
        // `if .Values.hostNetwork` or `.Values.tls.enabled` that shape
        // something else in the block.
        let all: Vec<String> = values_refs(&m.window);
        let named: Vec<String> = all.iter().filter(|r| related(r, key)).cloned().collect();
        let all = if named.is_empty() { all } else { named };
        let (gates, content): (Vec<String>, Vec<String>) = all
            .into_iter()
            .partition(|r| r.ends_with(".enabled") || r == "enabled");
        let gates: Vec<String> = gates.into_iter().filter(|g| related(g, key)).collect();
        let mut refs: Vec<String> = content
            .iter()
            .filter(|r| {
                !content
                    .iter()
                    .any(|o| o.len() > r.len() && o.starts_with(&format!("{r}.")))
            })
            .cloned()
            .collect();
        refs.dedup();
        let gate_off = chart.values.and_then(|(vpath, values)| {
            gates
                .iter()
                .find(|g| resolve(values, g).and_then(Node::as_bool) == Some(false))
                .map(|g| (vpath, g.clone()))
        });
        let judged = if let Some((vpath, g)) = gate_off {
            Some((
                0.0,
                format!(
                    "`{key}` at {}:{} is off by default (.Values.{g} is false in {vpath})",
                    m.path, m.line
                ),
            ))
        } else if m.literal {
            Some((
                1.0,
                format!("`{key}` written literally in {}:{}", m.path, m.line),
            ))
        } else if refs.is_empty() {
            unknown.push(format!(
                "`{key}` at {}:{} is rendered by a template helper that was not evaluated",
                m.path, m.line
            ));
            None
        } else if let Some((vpath, values)) = chart.values {
            let resolved: Vec<(String, f64)> = refs
                .iter()
                .filter_map(|r| resolve(values, r).and_then(eval).map(|c| (r.clone(), c)))
                .collect();
            if resolved.is_empty() {
                unknown.push(format!(
                    "`{key}` at {}:{} comes from .Values.{} that {vpath} does not set",
                    m.path, m.line, refs[0]
                ));
                None
            } else {
                let credit = resolved.iter().map(|(_, c)| *c).fold(1.0, f64::min);
                let names: Vec<String> = resolved
                    .iter()
                    .map(|(r, _)| format!(".Values.{r}"))
                    .collect();
                let how = if credit >= 1.0 {
                    "sets it"
                } else if credit <= 0.0 {
                    "leaves it empty or off"
                } else {
                    "sets it in part"
                };
                Some((
                    credit,
                    format!(
                        "`{key}` at {}:{} comes from {}, whose default in {vpath} {how}",
                        m.path,
                        m.line,
                        names.join(", ")
                    ),
                ))
            }
        } else {
            unknown.push(format!(
                "`{key}` at {}:{} comes from values, and the chart has no values.yaml",
                m.path, m.line
            ));
            None
        };
        // Every place must set it (every container of every workload): the
        // weakest judged place decides.
        if let Some((credit, note)) = judged {
            let better = match &best {
                Some(Verdict::Judged { credit: c, .. }) => credit < *c,
                _ => true,
            };
            if better {
                best = Some(Verdict::Judged {
                    credit,
                    note,
                    path: m.path.to_string(),
                    line: m.line,
                });
            }
        }
    }
    best.unwrap_or_else(|| Verdict::Unknown(unknown.join("; ")))
}

/// Every (dotted path, node) in values.yaml whose last key is `key`.
pub fn find_key<'n>(values: &'n Node, key: &str) -> Vec<(String, &'n Node)> {
    fn walk<'n>(
        n: &'n Node,
        key: &str,
        prefix: &str,
        depth: usize,
        out: &mut Vec<(String, &'n Node)>,
    ) {
        if depth > 12 {
            return;
        }
        for (k, v) in n.entries() {
            let p = if prefix.is_empty() {
                k.name.clone()
            } else {
                format!("{prefix}.{}", k.name)
            };
            if k.name == key {
                out.push((p.clone(), v));
            }
            walk(v, key, &p, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(values, key, "", 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::k8s::yaml::{parse_stream, Doc};

    fn values(text: &str) -> Node {
        match parse_stream(text).remove(0).1 {
            Doc::Parsed(n) => n,
            Doc::Broken { message, .. } => panic!("{message}"),
        }
    }

    fn chart<'a>(values: Option<&'a Node>, templates: Vec<(&'a str, &'a str)>) -> Chart<'a> {
        Chart {
            dir: "chart".into(),
            name: "app".into(),
            app_version: None,
            values: values.map(|v| ("chart/values.yaml", v)),
            templates,
        }
    }

    #[test]
    fn refs_and_resolution() {
        assert_eq!(
            values_refs("{{- toYaml .Values.probes.readiness | nindent 12 }} {{ .Values.x }}"),
            ["probes.readiness", "x"]
        );
        let v = values("probes:\n  readiness: {httpGet: {path: /}}\nempty: {}\n");
        assert!(resolve(&v, "probes.readiness").is_some());
        assert_eq!(enabled(resolve(&v, "empty").unwrap()), Some(0.0));
        assert_eq!(find_key(&v, "readiness")[0].0, "probes.readiness");
    }

    #[test]
    fn verdicts() {
        let dep = "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n";
        let literal = format!("{dep}          readinessProbe:\n            httpGet: {{path: /}}\n          image: {{{{ .Values.image }}}}\n");
        let from_values = format!("{dep}          readinessProbe:\n            {{{{- toYaml .Values.readinessProbe | nindent 12 }}}}\n");
        let set = values("readinessProbe:\n  httpGet: {path: /ready}\n");
        let empty = values("readinessProbe: {}\n");
        let other = values("a: 1\n");
        let gated = format!("{dep}          {{{{- if .Values.probe.enabled }}}}\n          readinessProbe:\n            httpGet: {{path: /}}\n          {{{{- end }}}}\n");
        let gated_off = values("probe:\n  enabled: false\n");
        let gated_on = values("probe:\n  enabled: true\n");
        let unrelated_gate = format!("{dep}          {{{{- if .Values.tls.enabled }}}}\n          readinessProbe:\n            httpGet: {{path: /}}\n");
        let tls_off = values("tls:\n  enabled: false\n");
        let literal_fields = format!("{dep}          readinessProbe:\n            httpGet:\n              path: /\n              httpHeaders: {{{{ toYaml .Values.readinessProbe.httpGet.httpHeaders }}}}\n");
        let cases: Vec<(&str, Option<&Node>, &str, Option<f64>)> = vec![
            ("literal", Some(&other), &literal, Some(1.0)),
            ("values set", Some(&set), &from_values, Some(1.0)),
            ("values empty", Some(&empty), &from_values, Some(0.0)),
            ("values missing", Some(&other), &from_values, None),
            ("no values file", None, &from_values, None),
            ("never written", Some(&set), dep, Some(0.0)),
            ("gated off", Some(&gated_off), &gated, Some(0.0)),
            ("gated on, literal", Some(&gated_on), &gated, Some(1.0)),
            (
                "unrelated gate off",
                Some(&tls_off),
                &unrelated_gate,
                Some(1.0),
            ),
            (
                "literal block, one field from values",
                Some(&empty),
                &literal_fields,
                Some(1.0),
            ),
        ];
        for (name, v, t, want) in cases {
            let c = chart(v, vec![("chart/templates/deployment.yaml", t)]);
            let got = match judge(&c, "readinessProbe", &enabled) {
                Verdict::Judged { credit, .. } => Some(credit),
                Verdict::Unknown(_) => None,
            };
            assert_eq!(got, want, "{name}");
        }
    }
}
