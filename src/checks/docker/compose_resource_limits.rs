//! `docker.compose-resource-limits`: services of compose files used for
//! deployment cap their memory and CPU.
//!
//! One unit per service, half a point for a memory limit and half for a CPU
//! limit: `deploy.resources.limits.memory`/`cpus`, or the older
//! `mem_limit`/`cpus` keys. Reservations alone do not cap anything.
//!
//! Which files: development, local, test and CI compose files
//! (`docker-compose.dev.yml`, `compose.override.yaml`, `local/`) are not
//! judged, nor are test and example trees: a laptop stack needs no limits.
//! Files named for deployment (`docker-compose.prod.yml`,
//! `deploy/compose.yaml`) are judged with high-confidence findings; a plain
//! `compose.yaml` is as often a self-hosting recipe as a dev stack, so its
//! findings are medium (never gating). Services limited to a dev-ish
//! profile (`profiles: [debug]`) are left out.

use std::borrow::Cow;

use super::{compose_role_of, is_example, ComposeRole};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::compose::Compose;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct ComposeResourceLimits;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.compose-resource-limits"),
    title: Cow::Borrowed("Deployed compose services cap their memory and CPU"),
    category: Category::Reliability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a compose file other than a development or test one"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("deploy.resources.limits (or mem_limit/cpus) on every deployed service"),
    rationale: Cow::Borrowed(
        "Containers without limits share the host's memory and CPU with everything else on it: \
         one leaking or busy service starves the others, and the kernel's OOM killer then picks \
         a victim that may not be the culprit, often the database.",
    ),
    remediation: Cow::Borrowed(
        "Set limits on each service of the deployment compose file:\n\n\
         ```yaml\n\
         services:\n  api:\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n          cpus: \"1.0\"\n\
         ```\n\n\
         Size them from observed usage with headroom; `docker stats` shows it.",
    ),
    passes_when: Cow::Borrowed(
        "every service of every non-development compose file sets a memory and a CPU limit \
         (deploy.resources.limits or mem_limit/cpus), half a point each; findings in a plain \
         compose.yaml are medium confidence, in files named for deployment high",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/reference/compose-file/deploy/#resources"),
        Cow::Borrowed("https://docs.docker.com/engine/containers/resource_constraints/"),
    ]),
};

/// One service: name, line, memory limit set, CPU limit set.
struct Svc {
    name: String,
    line: u32,
    memory: bool,
    cpus: bool,
}

struct Kept {
    services: Vec<Svc>,
    role: ComposeRole,
}

const DEV_PROFILES: &[&str] = &["dev", "debug", "test", "tools", "local", "ci"];

impl Check for ComposeResourceLimits {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::compose_no_literal_secrets::wanted(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let c = content.model::<Compose>();
        let services = c
            .services
            .iter()
            .filter(|s| {
                !s.profiles
                    .iter()
                    .any(|p| DEV_PROFILES.contains(&p.to_ascii_lowercase().as_str()))
            })
            .map(|s| {
                let r = s.resources.as_ref();
                Svc {
                    name: s.name.clone(),
                    line: s.line,
                    memory: r.is_some_and(|r| r.limits_memory.is_some()),
                    cpus: r.is_some_and(|r| r.limits_cpus.is_some()),
                }
            })
            .collect();
        Some(Box::new(Kept {
            services,
            role: compose_role_of(&file.path, content.text()),
        }))
    }

    fn per_file(&self) -> bool {
        true
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let files: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        if files.is_empty() {
            return Ok(Outcome::not_applicable("no compose file"));
        }
        let judged: Vec<_> = files
            .iter()
            .filter(|(f, k)| !is_example(&f.path) && k.role != ComposeRole::Dev)
            .collect();
        let left_out: Vec<&str> = files
            .iter()
            .filter(|(f, k)| is_example(&f.path) || k.role == ComposeRole::Dev)
            .map(|(f, _)| f.path.as_str())
            .collect();
        let mut evidence = Vec::new();
        if !left_out.is_empty() {
            evidence.push(format!(
                "left out as development, test or example compose files: {}{}",
                left_out
                    .iter()
                    .take(5)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                if left_out.len() > 5 {
                    format!(" and {} more", left_out.len() - 5)
                } else {
                    String::new()
                }
            ));
        }
        let units: usize = judged.iter().map(|(_, k)| k.services.len()).sum();
        if units == 0 {
            return Ok(Outcome::not_applicable(
                "no compose service outside development, test and example files",
            )
            .evidences(evidence));
        }
        let mut credit = 0.0;
        let mut full = 0;
        let mut findings: Vec<Finding> = Vec::new();
        for (f, k) in &judged {
            for s in &k.services {
                credit += (f64::from(u8::from(s.memory)) + f64::from(u8::from(s.cpus))) / 2.0;
                let missing: Vec<&str> = [(s.memory, "memory"), (s.cpus, "CPU")]
                    .iter()
                    .filter(|(has, _)| !has)
                    .map(|(_, w)| *w)
                    .collect();
                if missing.is_empty() {
                    full += 1;
                    continue;
                }
                findings.push(
                    finding(
                        &META,
                        format!(
                            "service `{}` sets no {} limit",
                            s.name,
                            missing.join(" or ")
                        ),
                    )
                    .rule("no-limits")
                    .confidence(if k.role == ComposeRole::Deploy {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    })
                    .at(f.path.clone(), Some(s.line)),
                );
            }
        }
        Ok(Outcome::fraction(
            credit / units as f64,
            format!("{full} of {units} compose services set memory and CPU limits"),
        )
        .basis(Basis::Parsed)
        .evidences(evidence)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    #[test]
    fn cases() {
        let limited = "services:\n  api:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n          cpus: '1'\n";
        let legacy = "services:\n  api:\n    image: a:1\n    mem_limit: 512m\n    cpus: 0.5\n";
        let bare = "services:\n  api:\n    image: a:1\n";
        let memory_only = "services:\n  api:\n    image: a:1\n    mem_limit: 1g\n";
        let reservations = "services:\n  api:\n    image: a:1\n    deploy:\n      resources:\n        reservations:\n          memory: 256M\n";
        let debug_profile = "services:\n  api:\n    image: a:1\n    mem_limit: 1g\n    cpus: 1\n  adminer:\n    image: adminer\n    profiles: [debug]\n";
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);
        let table: Vec<Case> = vec![
            (
                "deploy limits",
                vec![("docker-compose.prod.yml", limited)],
                Status::Pass,
            ),
            ("legacy keys", vec![("compose.yaml", legacy)], Status::Pass),
            (
                "none in prod",
                vec![("docker-compose.prod.yml", bare)],
                Status::Fail,
            ),
            (
                "memory only",
                vec![("deploy/compose.yaml", memory_only)],
                Status::Partial,
            ),
            (
                "reservations are no limit",
                vec![("deploy/compose.yaml", reservations)],
                Status::Fail,
            ),
            (
                "dev file not judged",
                vec![("docker-compose.dev.yml", bare)],
                Status::NotApplicable,
            ),
            (
                "dev beside prod",
                vec![
                    ("docker-compose.dev.yml", bare),
                    ("docker-compose.prod.yml", limited),
                ],
                Status::Pass,
            ),
            (
                "debug profile left out",
                vec![("compose.yaml", debug_profile)],
                Status::Pass,
            ),
            (
                "no compose",
                vec![("README.md", "x")],
                Status::NotApplicable,
            ),
        ];
        for (name, files, want) in &table {
            expect(&ComposeResourceLimits, name, files, *want);
        }
        let plain = run_check(&ComposeResourceLimits, &[("compose.yaml", bare)]);
        assert_eq!(plain.findings[0].confidence, Confidence::Medium);
        let prod = run_check(&ComposeResourceLimits, &[("docker-compose.prod.yml", bare)]);
        assert_eq!(prod.findings[0].confidence, Confidence::High);
    }
}
