//! `docker.healthcheck`: a service image says how to tell it is healthy.
//!
//! Each Dockerfile (outside test/example trees) is one unit, except tool
//! images (a compiler image with no `CMD`, `ENTRYPOINT` or `EXPOSE`: code
//! generators, build containers), which serve nothing to check. It passes when
//! its final stage's effective `HEALTHCHECK` (the last one in the stage, or
//! inherited from the stage it builds on) is not `HEALTHCHECK NONE`.
//!
//! Two deliberate exceptions, because the advice would be wrong there: a
//! Dockerfile built by a compose service that declares its own `healthcheck`
//! passes (compose overrides the image's); so does one whose image a compose
//! service with a healthcheck runs by name (`image: acme/api:1.2` for
//! `api/Dockerfile` or `Dockerfile.api`); and so does any Dockerfile in a
//! repository whose Kubernetes workloads declare probes (Kubernetes ignores
//! `HEALTHCHECK`; probes are the health check there). The evidence says
//! which applied. `reliability.health-checks` asks the repository-wide
//! question; this check asks it per image.

use std::borrow::Cow;

use super::is_example;
use crate::checks::reliability::health_checks::{
    inspect_file, summarize, wants_file, HealthEvidence,
};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Profile, Severity, Stability,
};
use crate::formats::dockerfile::{Dockerfile, ImageRef, Stage};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Healthcheck;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docker.healthcheck"),
    title: Cow::Borrowed("Service images declare a HEALTHCHECK"),
    category: Category::Reliability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[Profile::Service]),
    applies_when: Cow::Borrowed("a Dockerfile exists, service profile"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("The final stage declares a HEALTHCHECK (HEALTHCHECK NONE is none)"),
    rationale: Cow::Borrowed(
        "Docker, Swarm and compose only know a container is running, not that it works. A \
         HEALTHCHECK lets them mark a wedged container unhealthy, hold back dependants \
         (`depends_on: condition: service_healthy`) and restart or replace it.",
    ),
    remediation: Cow::Borrowed(
        "Add a cheap, local check to the final stage:\n\n\
         ```dockerfile\n\
         HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  CMD wget -qO- http://localhost:8080/healthz || exit 1\n\
         # distroless/scratch: ship a tiny probe binary, or let the app check itself\n\
         HEALTHCHECK CMD [\"/app\", \"healthcheck\"]\n\
         ```\n\n\
         Under Kubernetes use readiness and liveness probes instead: Kubernetes ignores HEALTHCHECK, \
         and this check then passes on the probes.",
    ),
    passes_when: Cow::Borrowed(
        "each Dockerfile's final stage has a HEALTHCHECK other than NONE (inherited from an earlier \
         stage counts), or a compose service that builds it declares a healthcheck, or the repository's \
         Kubernetes workloads declare probes",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.docker.com/reference/dockerfile/#healthcheck"),
        Cow::Borrowed("https://www.checkov.io/5.Policy%20Index/dockerfile.html"),
    ]),
};

/// The line of the effective HEALTHCHECK of a stage, `None` when there is
/// none or it is `HEALTHCHECK NONE`.
pub fn final_healthcheck(df: &Dockerfile, stage: &Stage) -> Option<u32> {
    for s in super::stage_chain(df, stage) {
        if let Some(h) = df
            .stage_instructions(s)
            .iter()
            .rev()
            .find(|i| i.is("HEALTHCHECK"))
        {
            let none = h
                .args
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("none"));
            return if none { None } else { Some(h.line) };
        }
    }
    None
}

/// Whether a compose build (context relative to the compose file's
/// directory, optional dockerfile name) produces the Dockerfile at `path`.
fn builds(compose_dir: &str, context: &str, dockerfile: Option<&str>, path: &str) -> bool {
    let ctx = normalize(&join(compose_dir, context));
    let file = normalize(&join(&ctx, dockerfile.unwrap_or("Dockerfile")));
    file == path
}

/// Whether a compose service's image is, by name, the one a Dockerfile
/// builds: the image's repository name equals the Dockerfile's directory
/// (`cmd/jaeger/Dockerfile` and `jaegertracing/jaeger:1.6`), its name
/// suffix (`Dockerfile.api`, `api.Dockerfile`), or, for a Dockerfile at the
/// root, a word of the repository's directory name.
fn image_named_for(image: &str, path: &str, root: &str) -> bool {
    let r = ImageRef::parse(image);
    let short = r.short_name().to_ascii_lowercase();
    if short.is_empty() || short.contains('$') {
        return false;
    }
    let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let mut names: Vec<String> = file
        .split('.')
        .filter(|t| *t != "dockerfile" && *t != "containerfile" && !t.is_empty())
        .map(str::to_string)
        .collect();
    match path.rsplit_once('/') {
        Some((dir, _)) => names.push(dir.rsplit('/').next().unwrap_or(dir).to_ascii_lowercase()),
        None => {
            let base = root
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(root)
                .to_ascii_lowercase();
            names.extend(
                base.split(|c: char| !c.is_ascii_alphanumeric())
                    .map(str::to_string),
            );
        }
    }
    names.contains(&short)
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() || b.starts_with('/') {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

fn normalize(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.join("/")
}

impl Check for Healthcheck {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wants_file(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        inspect_file(content).map(|e| Box::new(e) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let items: Vec<(&FileEntry, &HealthEvidence)> = ctx.data::<HealthEvidence>().collect();
        let summary = summarize(&items);
        // Base and runtime images are not services: the image built FROM
        // them carries the health check.
        let not_services: Vec<String> = summary
            .not_services
            .iter()
            .map(|(p, why)| format!("left out: {p}: {why}"))
            .collect();
        let dockerfiles: Vec<(&FileEntry, Option<u32>, u32)> = items
            .iter()
            .filter_map(|(f, e)| match e {
                HealthEvidence::Dockerfile {
                    healthcheck,
                    final_line,
                    ..
                } if !summary.not_services.iter().any(|(p, _)| *p == f.path) => {
                    Some((*f, *healthcheck, *final_line))
                }
                _ => None,
            })
            .collect();
        if dockerfiles.is_empty() {
            let why = if not_services.is_empty() {
                "no buildable Dockerfile"
            } else {
                "the Dockerfiles build base or runtime images, not services"
            };
            return Ok(Outcome::not_applicable(why).evidences(not_services.into_iter().take(5)));
        }
        let real: Vec<_> = dockerfiles
            .iter()
            .filter(|(f, _, _)| !is_example(&f.path))
            .collect();
        if real.is_empty() {
            return Ok(Outcome::not_applicable("only test or example Dockerfiles"));
        }
        let mut evidence: Vec<String> = not_services.into_iter().take(5).collect();
        let mut findings = Vec::new();
        let mut ok = 0;
        for (f, hc, final_line) in &real {
            if let Some(l) = hc {
                ok += 1;
                evidence.push(format!("HEALTHCHECK at {}:{l}", f.path));
                continue;
            }
            let by_compose = summary.compose.iter().find(|(cpath, svc)| {
                svc.healthcheck.is_some()
                    && svc.build.as_ref().is_some_and(|(c, d)| {
                        let dir = cpath.rsplit_once('/').map_or("", |(d, _)| d);
                        builds(dir, c, d.as_deref(), &f.path)
                    })
            });
            let by_image = || {
                summary.compose.iter().find(|(_, svc)| {
                    svc.healthcheck.is_some()
                        && svc.build.is_none()
                        && svc
                            .image
                            .as_deref()
                            .is_some_and(|i| image_named_for(i, &f.path, ctx.ws.label()))
                })
            };
            if let Some((cpath, svc)) = by_compose.or_else(by_image) {
                ok += 1;
                evidence.push(format!(
                    "{}: no HEALTHCHECK, but compose service `{}` ({cpath}:{}) declares one",
                    f.path,
                    svc.name,
                    svc.healthcheck.unwrap_or(svc.line)
                ));
                continue;
            }
            if let Some(p) = &summary.k8s_probes {
                ok += 1;
                evidence.push(format!(
                    "{}: no HEALTHCHECK, but it runs under Kubernetes, which ignores it ({p})",
                    f.path
                ));
                continue;
            }
            findings.push(
                finding(&META, "the final stage has no HEALTHCHECK")
                    .rule("no-healthcheck")
                    .at(f.path.clone(), Some(*final_line)),
            );
        }
        Ok(Outcome::fraction(
            ok as f64 / real.len() as f64,
            format!("{ok} of {} Dockerfiles have a health check", real.len()),
        )
        .basis(Basis::Parsed)
        .evidences(evidence)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let table: &[crate::checks::docker::Case] = &[
            ("healthcheck", &[("Dockerfile", "FROM a:1\nHEALTHCHECK --interval=5s CMD [\"/app\", \"health\"]\n")], Status::Pass),
            ("none", &[("Dockerfile", "FROM a:1\nHEALTHCHECK NONE\n")], Status::Fail),
            ("none after one", &[("Dockerfile", "FROM a:1\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n")], Status::Fail),
            ("only in build stage", &[("Dockerfile", "FROM a:1 AS b\nHEALTHCHECK CMD true\nFROM c:1\n")], Status::Fail),
            ("inherited", &[("Dockerfile", "FROM a:1 AS b\nHEALTHCHECK CMD true\nFROM b\n")], Status::Pass),
            ("missing", &[("Dockerfile", "FROM a:1\nCMD [\"x\"]\n")], Status::Fail),
            ("tool image", &[("Dockerfile", "FROM golang:1\nRUN go install tool\n")], Status::NotApplicable),
            ("compose builds it", &[("api/Dockerfile", "FROM a:1\n"), ("compose.yaml", "services:\n  api:\n    build: ./api\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n")], Status::Pass),
            ("compose dockerfile from .env", &[("src/cart/Dockerfile", "FROM a:1\n"), (".env", "CART_DOCKERFILE=./src/cart/Dockerfile\nDB_PASSWORD=x\n"), ("compose.yaml", "services:\n  cart:\n    build:\n      context: ./\n      dockerfile: ${CART_DOCKERFILE}\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n")], Status::Pass),
            ("compose builds another", &[("api/Dockerfile", "FROM a:1\n"), ("web/Dockerfile", "FROM a:1\n"), ("compose.yaml", "services:\n  api:\n    build:\n      context: api\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n")], Status::Partial),
            ("k8s probes", &[("Dockerfile", "FROM a:1\n"), ("k8s/d.yaml", "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        livenessProbe:\n          exec: {command: [x]}\n")], Status::Pass),
        ];
        for (name, files, want) in table {
            expect(&Healthcheck, name, files, *want);
        }
        assert!(image_named_for(
            "jaegertracing/jaeger:1.60",
            "cmd/jaeger/Dockerfile",
            "/src/jaeger"
        ));
        assert!(image_named_for(
            "ghcr.io/umami-software/umami:postgresql-latest",
            "Dockerfile",
            "/tmp/umami"
        ));
        assert!(image_named_for("acme/api", "docker/Dockerfile.api", "/x"));
        assert!(!image_named_for("postgres:16", "Dockerfile", "/src/app"));
        assert!(builds("", ".", None, "Dockerfile"));
        assert!(builds(
            "deploy",
            "..",
            Some("docker/Dockerfile.prod"),
            "docker/Dockerfile.prod"
        ));
        assert!(!builds("", "web", None, "api/Dockerfile"));
    }
}
