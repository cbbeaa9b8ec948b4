//! `reliability.health-checks`: something tells the platform whether the
//! service is healthy.
//!
//! Three places count, whichever the project deploys with:
//! - a Dockerfile whose final stage declares `HEALTHCHECK` (inherited from
//!   an earlier stage too; `HEALTHCHECK NONE` is none);
//! - a compose service with a `healthcheck` (not `disable: true`, not
//!   `test: ["NONE"]`);
//! - Kubernetes workloads (`kind: Deployment`, `StatefulSet`, `DaemonSet`)
//!   with a `readinessProbe` or `livenessProbe`. This is a plain text scan of
//!   YAML documents, so it also sees Helm templates, whose `{{ }}` are not
//!   YAML, and probes set in a chart's `values.yaml` or `_helpers.tpl`.
//!   `k8s.probes` judges each container properly; this check only asks
//!   whether the project has any health check at all.
//!
//! Compose services of development and test compose files
//! (`docker-compose.dev.yml`, `dev/compose.yaml`) without a healthcheck are
//! not listed as missing: a laptop stack owes none.
//!
//! Compose services that only run a stock data store, broker, mail catcher
//! or reverse-proxy image (`postgres`, `redis`, `traefik`...) beside the project's own services count
//! neither way: a `pg_isready` check orders startup, it does not tell
//! whether the project's service is healthy.
//!
//! Dockerfiles whose content says they are not services are left out and
//! named in the evidence: published base images (one per version
//! directory, no application copied in), runtime images whose command is a
//! bare interpreter (`CMD ["python3"]`), package-build images (they install
//! `rpm-build`, `debhelper`...); see [`crate::checks::docker::base_image`].
//! When these are all there is, the check is not applicable.
//!
//! Dockerfiles of tool images (a compiler image with no `CMD`, `ENTRYPOINT`
//! or `EXPOSE`: code generators, build containers) and of base, build or
//! development images by name (`Dockerfile.base`, `Dockerfile.dev`) are not
//! services and are not counted.
//!
//! Health checks that call an HTTP path (a HEALTHCHECK or compose
//! healthcheck URL, a Kubernetes `httpGet.path`) are compared with the
//! routes the source declares ([`crate::checks::reliability::routes`]): a
//! path no route declares earns the health check half credit, with a
//! medium-confidence finding (routes can be built at run time). Only the
//! project's own images are compared: Dockerfiles that copy its code,
//! compose services it builds, and containers whose image is named for the
//! repository or one of its Dockerfiles. The comparison lives here rather
//! than in `k8s.probes`, which runs on staged files alone in hook mode,
//! where the routes are not in view.
//!
//! One is enough to pass; the evidence lists what was found. With
//! deployment artefacts and no health check anywhere, the check fails and
//! names each artefact. With no Dockerfile, compose file or workload at all,
//! nothing can be verified here: the outcome is unknown. So it is with
//! images alone, when no compose service (outside development stacks) or
//! workload here runs them: they are deployed by configuration kept
//! elsewhere (a chart repository, a platform's job files), under
//! orchestrators that ignore HEALTHCHECK; failing them failed most mature
//! infrastructure projects (etcd, CoreDNS, the Prometheus exporters) and
//! told nothing about the rest. `docker.healthcheck` still judges each
//! image. Artefacts under
//! test, fixture and example paths are left out.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::docker::{base_image, healthcheck::final_healthcheck, is_example};
use crate::checks::reliability::routes::{self, RouteData, RouteIndex};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Profile, Severity, Stability,
};
use crate::formats::compose::Compose;
use crate::formats::dockerfile::{substitute, Dockerfile};
use crate::model::{Basis, Confidence, Finding, Level, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct HealthChecks;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("reliability.health-checks"),
    title: Cow::Borrowed("The platform can tell whether the service is healthy"),
    category: Category::Reliability,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[Profile::Service]),
    applies_when: Cow::Borrowed("service profile"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A Dockerfile HEALTHCHECK, compose healthcheck or Kubernetes probe exists"),
    rationale: Cow::Borrowed(
        "Without a health check, a process that is up but wedged (deadlocked, out of connections, \
         stuck on a dependency) keeps receiving traffic and is never restarted; rolling deploys \
         cannot tell a good release from a bad one, and a crash loop looks like a running service.",
    ),
    remediation: Cow::Borrowed(
        "Declare a health check where the service is deployed:\n\n\
         ```yaml\n\
         # Kubernetes\n\
         readinessProbe:\n  httpGet: {path: /ready, port: 8080}\n\
         livenessProbe:\n  httpGet: {path: /healthz, port: 8080}\n\
         # compose\n\
         healthcheck:\n  test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/healthz\"]\n  interval: 10s\n\
         ```\n\n\
         or `HEALTHCHECK CMD [\"/app\", \"healthcheck\"]` in the Dockerfile for plain Docker and \
         compose. Kubernetes ignores HEALTHCHECK: use probes there.",
    ),
    passes_when: Cow::Borrowed(
        "any of: a Dockerfile final stage with HEALTHCHECK (not NONE), a compose service with an \
         enabled healthcheck, a Kubernetes Deployment/StatefulSet/DaemonSet (or Helm template) with a \
         readinessProbe or livenessProbe; a health check that calls an HTTP path no route in the \
         source declares earns half credit (medium confidence); not applicable when the only \
         Dockerfiles build published base, runtime or package-build images; unknown when the \
         repository has none of these artefacts, or images without HEALTHCHECK and no compose \
         service (outside development stacks) or workload that runs them: their deployment, and \
         its health check, is kept elsewhere",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"),
        Cow::Borrowed("https://docs.docker.com/reference/dockerfile/#healthcheck"),
        Cow::Borrowed("https://docs.docker.com/reference/compose-file/services/#healthcheck"),
    ]),
};

/// What one file says about health checks.
#[derive(Debug, Clone)]
pub enum HealthEvidence {
    /// A Dockerfile: the line of the final stage's effective HEALTHCHECK
    /// (if any) and of the final FROM.
    Dockerfile {
        healthcheck: Option<u32>,
        final_line: u32,
        /// Why this image is not a service by its own content (a runtime
        /// image whose command is a bare interpreter), if it is not.
        not_service: Option<String>,
        /// Its version directory, when it is shaped like a published base
        /// image (see [`crate::checks::docker::base_image`]).
        base_dir: Option<String>,
        /// The URL path its HEALTHCHECK calls (line, path), when the image
        /// builds the project's own code.
        probe: Option<(u32, String)>,
    },
    /// A compose file: its services, what made it unreadable (line,
    /// message), if anything, and whether it is a development or test
    /// stack (by name, directory or leading comment).
    Compose(Vec<ComposeService>, Vec<(u32, String)>, bool),
    /// A Kubernetes manifest or Helm file: workload (kind, line) and probe lines.
    Kube {
        workloads: Vec<(String, u32)>,
        probes: Vec<u32>,
        /// A chart's values or helper file: probes count only beside workloads.
        helper: bool,
        /// Parsed `httpGet` probes of the workloads' containers.
        http_probes: Vec<KubeProbe>,
        /// Images a build tool (Skaffold) builds from this repository.
        built: Vec<String>,
    },
    /// A `.env` beside compose files: the variables compose interpolates
    /// into `build` paths (`dockerfile: ${CART_DOCKERFILE}`). Only
    /// path-like values of variables named for a Dockerfile or context are
    /// kept, never anything else from the file.
    Env(BTreeMap<String, String>),
}

/// An HTTP probe of a Kubernetes container.
#[derive(Debug, Clone)]
pub struct KubeProbe {
    pub line: u32,
    pub path: String,
    /// `Deployment/web container `web` readinessProbe`.
    pub what: String,
    pub image: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ComposeService {
    pub name: String,
    pub line: u32,
    pub image: Option<String>,
    pub build: Option<(String, Option<String>)>,
    pub healthcheck: Option<u32>,
    /// The URL path its healthcheck calls.
    pub probe: Option<String>,
}

static KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^kind:\s*[\x22']?(Deployment|StatefulSet|DaemonSet)[\x22']?\s*$")
        .expect("static regex")
});
static PROBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*-?\s*(readinessProbe|livenessProbe|startupProbe):").expect("static regex")
});

/// Images of data stores, brokers, mail catchers and stock reverse proxies
/// that a compose file
/// runs beside the service. Their health checks (`pg_isready`) gate startup
/// order; they say nothing about whether the project's own service is
/// healthy, and their absence is not the project's gap either.
const BACKING_IMAGES: &[&str] = &[
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "redis",
    "valkey",
    "keydb",
    "mongo",
    "mongodb",
    "rabbitmq",
    "memcached",
    "elasticsearch",
    "opensearch",
    "minio",
    "zookeeper",
    "kafka",
    "cp-kafka",
    "redpanda",
    "nats",
    "etcd",
    "consul",
    "clickhouse",
    "clickhouse-server",
    "cassandra",
    "scylla",
    "couchdb",
    "influxdb",
    "neo4j",
    "mailhog",
    "mailpit",
    "localstack",
    "azurite",
    "meilisearch",
    "typesense",
    "qdrant",
    "traefik",
    "caddy",
    "haproxy",
    "envoy",
];

/// Whether a compose service only runs a backing service's image.
pub fn is_backing(svc: &ComposeService) -> bool {
    svc.build.is_none()
        && svc.image.as_deref().is_some_and(|i| {
            let r = crate::formats::dockerfile::ImageRef::parse(i);
            BACKING_IMAGES.contains(&r.short_name().to_ascii_lowercase().as_str())
        })
}

/// Whether a file may carry health-check evidence.
pub fn wants_file(file: &FileEntry) -> bool {
    if file.vendored() {
        return false;
    }
    crate::checks::docker::wanted(file)
        || file.is(FileKind::Compose)
        || file.name() == ".env"
        || file.is(FileKind::Yaml)
        || (file.path.ends_with(".tpl") && file.path.contains("templates/"))
}

/// One file's health-check evidence, read once per file for the two checks
/// that keep it (`docker.healthcheck` and this one).
struct Evidence(Option<HealthEvidence>);

impl crate::workspace::Model for Evidence {
    fn parse(path: &str, text: &str) -> Self {
        Self::from_content(&Content::new(path, text.as_bytes()))
    }

    fn from_content(content: &Content<'_>) -> Self {
        // What the evidence depends on of the file (kinds, name, place) all
        // follows from its path.
        let file = FileEntry::new(content.path().to_string(), content.bytes().len() as u64);
        Evidence(read_evidence(&file, content))
    }
}

/// One file's health-check evidence, through the per-file model cache.
pub fn inspect_file(content: &Content<'_>) -> Option<HealthEvidence> {
    content.model::<Evidence>().0.clone()
}

fn read_evidence(file: &FileEntry, content: &Content<'_>) -> Option<HealthEvidence> {
    if crate::checks::docker::wanted(file) {
        let df = content.model::<Dockerfile>();
        if df.is_broken() {
            return None;
        }
        let last = df.final_stage()?;
        // Tool images (no CMD, ENTRYPOINT or EXPOSE) and base, build or dev
        // images (by name or leading comment) are not services; a HEALTHCHECK
        // in one still counts.
        let not_service = crate::checks::docker::is_tool_image(&df, last)
            || crate::checks::docker::dockerfile_role(&file.path, &df).is_some();
        if not_service && final_healthcheck(&df, last).is_none() {
            return None;
        }
        return Some(HealthEvidence::Dockerfile {
            healthcheck: final_healthcheck(&df, last),
            final_line: last.line,
            not_service: base_image::bare_interpreter(&df, last)
                .map(|c| {
                    format!("its command is a bare interpreter (`{c}`): a runtime image others build FROM")
                })
                .or_else(|| {
                    base_image::package_builder(&df, last).map(|t| {
                        format!("it installs `{t}`: a package-build image, not a service")
                    })
                }),
            base_dir: base_image::candidate(&file.path, &df),
            probe: final_healthcheck(&df, last)
                .filter(|_| base_image::copies_app_source(&df))
                .and_then(|l| {
                    let i = df.instructions.iter().find(|i| i.line == l)?;
                    let cmd = i.exec.as_ref().map_or_else(|| i.args.clone(), |v| v.join(" "));
                    routes::url_path(&cmd).map(|p| (l, p))
                }),
        });
    }
    if file.is(FileKind::Compose) {
        let c = content.model::<Compose>();
        let problems = c
            .problems
            .iter()
            .map(|p| (p.line, p.message.clone()))
            .collect();
        return Some(HealthEvidence::Compose(
            c.services
                .iter()
                .map(|s| ComposeService {
                    name: s.name.clone(),
                    line: s.line,
                    image: s.image.as_ref().map(|i| i.value.clone()),
                    build: s
                        .build
                        .as_ref()
                        .map(|b| (b.context.clone(), b.dockerfile.clone())),
                    healthcheck: s
                        .healthcheck
                        .as_ref()
                        .filter(|h| !h.disabled)
                        .map(|h| h.line),
                    probe: s
                        .healthcheck
                        .as_ref()
                        .filter(|h| !h.disabled)
                        .and_then(|h| h.test.as_deref())
                        .and_then(routes::url_path),
                })
                .collect(),
            problems,
            crate::checks::docker::compose_role_of(&file.path, content.text())
                == crate::checks::docker::ComposeRole::Dev,
        ));
    }
    if file.name() == ".env" {
        let vars: BTreeMap<String, String> = content
            .text()
            .lines()
            .filter_map(|l| l.trim().split_once('='))
            .map(|(k, v)| {
                (
                    k.trim().trim_start_matches("export ").trim(),
                    v.trim().trim_matches(['"', '\'']),
                )
            })
            .filter(|(k, v)| {
                let k = k.to_ascii_uppercase();
                (k.contains("DOCKERFILE") || k.contains("CONTEXT"))
                    && !v.contains(char::is_whitespace)
                    && v.len() < 256
            })
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        return (!vars.is_empty()).then_some(HealthEvidence::Env(vars));
    }
    let text = content.text();
    let helper = file.path.ends_with(".tpl")
        || (file.name().starts_with("values") && file.dir().split('/').all(|c| c != "templates"));
    let lines = crate::workspace::Lines::new(text);
    let mut workloads = Vec::new();
    for m in KIND.captures_iter(text) {
        let (Some(whole), Some(kind)) = (m.get(0), m.get(1)) else {
            continue;
        };
        workloads.push((kind.as_str().to_string(), lines.of(whole.start())));
    }
    let probes: Vec<u32> = PROBE.find_iter(text).map(|m| lines.of(m.start())).collect();
    if workloads.is_empty() && (!helper || probes.is_empty()) {
        return None;
    }
    let (http_probes, built) = if workloads.is_empty() || probes.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let k = content.model::<crate::checks::k8s::Shared>();
        (kube_probes(&k.0), k.0.built_images.clone())
    };
    Some(HealthEvidence::Kube {
        workloads,
        probes,
        helper,
        http_probes,
        built,
    })
}

/// The `httpGet` probes of a parsed manifest's long-running containers.
fn kube_probes(file: &crate::formats::k8s::K8sFile) -> Vec<KubeProbe> {
    let mut out = Vec::new();
    for o in &file.objects {
        let crate::formats::k8s::Spec::Workload(w) = &o.spec else {
            continue;
        };
        for c in &w.pod.containers {
            for (kind, p) in [
                ("readinessProbe", &c.readiness),
                ("livenessProbe", &c.liveness),
                ("startupProbe", &c.startup),
            ] {
                let Some((p, path)) = p.as_ref().and_then(|p| Some((p, p.http_path.clone()?)))
                else {
                    continue;
                };
                out.push(KubeProbe {
                    line: p.line,
                    path,
                    what: format!("the {kind} of {} container `{}`", o.display(), c.name),
                    image: c.image.as_ref().map(|i| i.value.clone()),
                });
            }
        }
    }
    out
}

/// All health-check evidence of the repository outside test/example trees.
pub struct Summary<'a> {
    pub found: Vec<String>,
    /// Deployment artefacts without a health check (path, line, what).
    pub missing: Vec<(&'a str, u32, String)>,
    pub k8s_probes: Option<String>,
    /// Compose services, their build paths interpolated from the `.env`
    /// beside the compose file.
    pub compose: Vec<(&'a str, ComposeService)>,
    pub examples: usize,
    /// Compose files that could not be read (path, line, message).
    pub unreadable: Vec<(&'a str, u32, String)>,
    /// Dockerfiles without a HEALTHCHECK that are not services by their
    /// content (path, why): published base images and runtime images.
    pub not_services: Vec<(&'a str, String)>,
    /// HTTP paths the health checks call, for comparison with the
    /// source's routes.
    pub probes: Vec<ProbeCall<'a>>,
    /// Images a build tool builds from the repository.
    pub built: Vec<String>,
    /// A compose service (outside development stacks) or a Kubernetes
    /// workload exists: the repository says how its images run.
    pub deployed: bool,
}

/// A health check that calls an HTTP path.
pub struct ProbeCall<'a> {
    pub file: &'a str,
    pub line: u32,
    pub what: String,
    pub path: String,
    /// The container image, for Kubernetes probes; `None` when the probe
    /// belongs to an image this repository builds (Dockerfile, compose
    /// `build:`).
    pub image: Option<String>,
}

pub fn summarize<'a>(items: &[(&'a FileEntry, &'a HealthEvidence)]) -> Summary<'a> {
    let mut s = Summary {
        found: Vec::new(),
        missing: Vec::new(),
        k8s_probes: None,
        compose: Vec::new(),
        examples: 0,
        unreadable: Vec::new(),
        not_services: Vec::new(),
        probes: Vec::new(),
        built: Vec::new(),
        deployed: false,
    };
    // A published base image is one of several, each in a version
    // directory: decided over the repository, not per file.
    let publishing = base_image::published(items.iter().filter_map(|(f, e)| match e {
        HealthEvidence::Dockerfile {
            base_dir: Some(d),
            healthcheck: None,
            ..
        } if !is_example(&f.path) => Some(d.as_str()),
        _ => None,
    }));
    let any_workload = items.iter().any(|(f, e)| {
        !is_example(&f.path)
            && matches!(e, HealthEvidence::Kube { workloads, .. } if !workloads.is_empty())
    });
    let env_of = |dir: &str| {
        items.iter().find_map(|(f, e)| match e {
            HealthEvidence::Env(v) if f.dir() == dir => Some(v.clone()),
            _ => None,
        })
    };
    for (f, e) in items {
        if is_example(&f.path) {
            s.examples += usize::from(!matches!(e, HealthEvidence::Env(_)));
            continue;
        }
        match e {
            HealthEvidence::Env(_) => {}
            HealthEvidence::Dockerfile {
                healthcheck,
                final_line,
                not_service,
                base_dir,
                ..
            } => match (healthcheck, not_service) {
                (Some(l), _) => {
                    s.found.push(format!("HEALTHCHECK at {}:{l}", f.path));
                    if let HealthEvidence::Dockerfile {
                        probe: Some((pl, p)),
                        ..
                    } = e
                    {
                        s.probes.push(ProbeCall {
                            file: f.path.as_str(),
                            line: *pl,
                            what: "the HEALTHCHECK".into(),
                            path: p.clone(),
                            image: None,
                        });
                    }
                }
                (None, Some(why)) => s.not_services.push((f.path.as_str(), why.clone())),
                (None, None) if publishing && base_dir.is_some() => s.not_services.push((
                    f.path.as_str(),
                    "a published base image (one of several version directories, no application copied in): the image built FROM it carries the health check".into(),
                )),
                (None, None) => s.missing.push((
                    f.path.as_str(),
                    *final_line,
                    "final stage has no HEALTHCHECK".into(),
                )),
            },
            HealthEvidence::Compose(services, problems, dev) => {
                for (l, m) in problems {
                    s.unreadable.push((f.path.as_str(), *l, m.clone()));
                }
                let env = env_of(f.dir()).unwrap_or_default();
                // Backing services are left out only beside the project's
                // own: a compose file of nothing but them is the project.
                let own = services.iter().any(|svc| !is_backing(svc));
                for svc in services {
                    let mut resolved = svc.clone();
                    if let Some((c, d)) = &mut resolved.build {
                        *c = substitute(c, &env);
                        if let Some(d) = d {
                            *d = substitute(d, &env);
                        }
                    }
                    s.compose.push((f.path.as_str(), resolved));
                    if own && is_backing(svc) {
                        continue;
                    }
                    s.deployed |= !*dev;
                    match svc.healthcheck {
                        Some(l) => {
                            s.found.push(format!(
                                "compose healthcheck of `{}` at {}:{l}",
                                svc.name, f.path
                            ));
                            if let Some(p) = &svc.probe {
                                s.probes.push(ProbeCall {
                                    file: f.path.as_str(),
                                    line: l,
                                    what: format!(
                                        "the healthcheck of compose service `{}`",
                                        svc.name
                                    ),
                                    path: p.clone(),
                                    // A service built here is the project's;
                                    // one that runs an image is only when
                                    // the image is named for it.
                                    image: if svc.build.is_some() {
                                        None
                                    } else {
                                        Some(svc.image.clone().unwrap_or_default())
                                    },
                                });
                            }
                        }
                        // A development or test stack owes no health check.
                        None if *dev => {}
                        None => s.missing.push((
                            f.path.as_str(),
                            svc.line,
                            format!("compose service `{}` has no healthcheck", svc.name),
                        )),
                    }
                }
            }
            HealthEvidence::Kube {
                workloads,
                probes,
                helper,
                http_probes,
                built,
            } => {
                if *helper && !any_workload {
                    continue;
                }
                s.built.extend(built.iter().cloned());
                s.deployed |= !workloads.is_empty() || !probes.is_empty();
                s.probes.extend(http_probes.iter().map(|p| ProbeCall {
                    file: f.path.as_str(),
                    line: p.line,
                    what: p.what.clone(),
                    path: p.path.clone(),
                    image: Some(p.image.clone().unwrap_or_default()),
                }));
                if let Some(l) = probes.first() {
                    let msg = format!("Kubernetes probe at {}:{l}", f.path);
                    s.k8s_probes.get_or_insert_with(|| msg.clone());
                    s.found.push(msg);
                } else {
                    for (kind, l) in workloads {
                        s.missing.push((
                            f.path.as_str(),
                            *l,
                            format!("{kind} has no readiness or liveness probe"),
                        ));
                    }
                }
            }
        }
    }
    s
}

impl Check for HealthChecks {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wants_file(file) || routes::wants_file(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if wants_file(file) {
            if let Some(e) = inspect_file(content) {
                return Some(Box::new(e));
            }
        }
        if routes::wants_file(file) {
            return routes::inspect_file(file, content).map(|d| Box::new(d) as FileData);
        }
        None
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let items: Vec<(&FileEntry, &HealthEvidence)> = ctx.data::<HealthEvidence>().collect();
        let s = summarize(&items);
        let index = RouteIndex::collect(ctx.data::<RouteData>());
        // An unreadable compose file may hide a health check: say so.
        let unreadable: Vec<Finding> = s
            .unreadable
            .iter()
            .map(|(p, l, m)| {
                finding(&META, format!("compose file not read: {m}"))
                    .rule("compose-unreadable")
                    .level(Level::Info)
                    .at(*p, Some(*l))
            })
            .collect();
        if !s.found.is_empty() {
            let n = s.found.len();
            // A health check calling a path the service does not route
            // never turns healthy; routes can be built at run time, so this
            // is a heuristic: half credit, medium confidence.
            // Kubernetes probes count for the project's own images only: a
            // stock image's probe calls routes this source never declares.
            let mut names = routes::project_names(ctx.ws);
            names.extend(s.built.iter().map(|b| {
                crate::formats::dockerfile::ImageRef::parse(b)
                    .short_name()
                    .to_ascii_lowercase()
            }));
            let own: Vec<&ProbeCall> = s
                .probes
                .iter()
                .filter(|p| {
                    p.image
                        .as_deref()
                        .is_none_or(|i| routes::is_own_image(i, &names))
                })
                .collect();
            let unrouted: Vec<Finding> = own
                .iter()
                .filter_map(|p| {
                    let u = index.unrouted(&p.path)?;
                    Some(
                        finding(&META, u.message(&p.what))
                            .rule("probe-path-not-routed")
                            .confidence(Confidence::Medium)
                            .at(p.file, Some(p.line)),
                    )
                })
                .collect();
            let plural = if n == 1 { "" } else { "s" };
            let mut o = if unrouted.is_empty() {
                Outcome::pass(format!("{n} health check{plural} found"))
            } else {
                Outcome::fraction(
                    (n as f64 - 0.5 * unrouted.len().min(n) as f64) / n as f64,
                    format!(
                        "{n} health check{plural} found; {} call{} a path no source route declares",
                        unrouted.len(),
                        if unrouted.len() == 1 { "s" } else { "" }
                    ),
                )
            };
            let compared = own
                .iter()
                .filter(|p| routes::judgeable_path(&p.path))
                .count();
            if compared > 0 {
                match index.silence() {
                    Some(why) => o = o.evidence(why),
                    None => {
                        let (r, f) = index.size();
                        o = o.evidence(format!(
                            "{compared} probe path{} compared with the {r} routes declared in {f} source files",
                            if compared == 1 { "" } else { "s" }
                        ));
                    }
                }
            }
            return Ok(o
                .basis(Basis::Parsed)
                .evidences(s.found.into_iter().take(10))
                .findings(unrouted)
                .findings(unreadable));
        }
        if s.missing.is_empty() && !s.not_services.is_empty() {
            let n = s.not_services.len();
            return Ok(Outcome::not_applicable(format!(
                "{n} Dockerfile{} build{} base or runtime images, not services",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" }
            ))
            .evidences(
                s.not_services
                    .iter()
                    .take(5)
                    .map(|(p, why)| format!("{p}: {why}")),
            )
            .findings(unreadable));
        }
        if s.missing.is_empty() {
            let mut o = Outcome::unknown("no Dockerfile, compose service or Kubernetes workload to carry a health check")
                .evidence("looked for HEALTHCHECK in Dockerfiles, healthcheck in compose services, readinessProbe/livenessProbe in Kubernetes workloads and Helm templates");
            if s.examples > 0 {
                o = o.evidence(format!(
                    "{} artefacts under test/example paths left out",
                    s.examples
                ));
            }
            return Ok(o.findings(unreadable));
        }
        // Images and nothing that runs them: the platform that deploys
        // them (a chart or manifest kept elsewhere, Kubernetes, Nomad,
        // which ignore HEALTHCHECK) holds the health check, out of sight.
        if !s.deployed {
            let n = s.missing.len();
            return Ok(Outcome::unknown(format!(
                "{n} image{} without HEALTHCHECK, and no compose service or Kubernetes workload here runs {}: the health check belongs to a deployment kept elsewhere",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ))
            .evidence("looked for HEALTHCHECK in Dockerfiles, healthcheck in compose services, readinessProbe/livenessProbe in Kubernetes workloads and Helm templates")
            .evidences(s.missing.iter().take(5).map(|(p, l, what)| format!("{p}:{l}: {what}")))
            .evidence("commit the deployment (compose file, chart or manifests) to have its health check verified")
            .findings(unreadable));
        }
        let findings: Vec<Finding> = s
            .missing
            .iter()
            .map(|(p, l, what)| {
                finding(&META, what.to_string())
                    .rule("no-health-check")
                    .at(*p, Some(*l))
            })
            .collect();
        Ok(Outcome::fail(format!(
            "no health check in {} deployment artefact{}",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" }
        ))
        .basis(Basis::Parsed)
        .evidence("looked for HEALTHCHECK in Dockerfiles, healthcheck in compose services, readinessProbe/livenessProbe in Kubernetes workloads and Helm templates")
        .evidences(s.not_services.iter().take(5).map(|(p, why)| format!("left out: {p}: {why}")))
        .findings(findings)
        .findings(unreadable))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n";
        let dep_probe = format!(
            "{dep}          readinessProbe:\n            httpGet: {{path: /ready, port: 80}}\n"
        );
        let base = "FROM debian:12\nRUN wget https://x/r.tgz\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"redis-server\"]\n";
        let app = "FROM python:3\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
        let hc_app = "FROM golang:1 AS b\nCOPY . /src\nRUN go build -o /app /src\nFROM alpine:3\nCOPY --from=b /app /app\nHEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1\nCMD [\"/app\"]\n";
        let routes_go = "package main\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Route(\"/api\", func(r chi.Router) {\n\t\tr.Get(\"/healthz\", h)\n\t\tr.Get(\"/users\", u)\n\t})\n}\n";
        let table: &[crate::checks::docker::Case] = &[
            ("dockerfile healthcheck", &[("Dockerfile", "FROM a:1\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n")], Status::Pass),
            // An image and nothing here that runs it: the deployment
            // elsewhere holds the health check.
            ("image only", &[("Dockerfile", app)], Status::Unknown),
            ("image run by a compose service", &[("Dockerfile", app), ("compose.yaml", "services:\n  api:\n    build: .\n")], Status::Fail),
            ("image run by a dev compose only", &[("Dockerfile", app), ("docker-compose.dev.yml", "services:\n  api:\n    build: .\n")], Status::Unknown),
            ("healthcheck none", &[("Dockerfile", "FROM a:1\nHEALTHCHECK NONE\n")], Status::Unknown),
            ("compose", &[("Dockerfile", "FROM a:1\n"), ("compose.yaml", "services:\n  api:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n")], Status::Pass),
            ("compose disabled", &[("compose.yaml", "services:\n  api:\n    image: a\n    healthcheck:\n      disable: true\n")], Status::Fail),
            ("k8s probe", &[("Dockerfile", "FROM a:1\n"), ("deploy/app.yaml", &dep_probe)], Status::Pass),
            ("k8s without probe", &[("deploy/app.yaml", dep)], Status::Fail),
            ("helm values probe", &[("chart/templates/dep.yaml", dep), ("chart/values.yaml", "livenessProbe:\n  httpGet:\n    path: /\n")], Status::Pass),
            ("nothing deployable", &[("README.md", "x")], Status::Unknown),
            ("example only", &[("examples/Dockerfile", "FROM a:1\nHEALTHCHECK CMD true\n")], Status::Unknown),
            ("commented probe", &[("deploy/app.yaml", &format!("{dep}          # readinessProbe:\n"))], Status::Fail),
            ("published base images", &[("7.2/debian/Dockerfile", base), ("7.4/alpine/Dockerfile", base)], Status::NotApplicable),
            ("one version dir is no layout", &[("7.2/debian/Dockerfile", base)], Status::Unknown),
            ("base images and an app", &[("7.2/Dockerfile", base), ("7.4/Dockerfile", base), ("app/Dockerfile", "FROM a:1\nCOPY . /app\nCMD [\"/app/run\"]\n")], Status::Unknown),
            ("app in version dirs", &[("deploy/v1/Dockerfile", app), ("deploy/v2/Dockerfile", app)], Status::Unknown),
            ("dev compose owes none", &[("docker-compose.dev.yml", "services:\n  api:\n    build: .\n")], Status::Unknown),
            ("dev compose beside a prod one", &[("docker-compose.dev.yml", "services:\n  api:\n    build: .\n"), ("docker-compose.prod.yml", "services:\n  api:\n    image: acme/api:1\n")], Status::Fail),
            ("only the database has one", &[("Dockerfile", "FROM a:1\nCOPY . /app\nCMD [\"/app/run\"]\n"), ("compose.yaml", "services:\n  app:\n    build: .\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n")], Status::Fail),
            ("app image and database", &[("compose.yaml", "services:\n  app:\n    image: acme/app:1\n    healthcheck:\n      test: [\"CMD\", \"/app\", \"health\"]\n  db:\n    image: postgres:16\n")], Status::Pass),
            ("compose of a database only", &[("compose.yaml", "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n")], Status::Pass),
            ("package build image", &[("packaging/rpm/Dockerfile", "FROM rockylinux:9\nRUN dnf install -y rpm-build\nCOPY . /src\n")], Status::NotApplicable),
            ("healthcheck path routed", &[("Dockerfile", hc_app), ("main.go", routes_go)], Status::Pass),
            ("healthcheck path not routed", &[("Dockerfile", &hc_app.replace("/healthz", "/health")), ("main.go", routes_go)], Status::Partial),
            ("no routes found: silent", &[("Dockerfile", &hc_app.replace("/healthz", "/health")), ("main.go", "package main\nfunc main() {}\n")], Status::Pass),
            ("health library: silent", &[("Dockerfile", &hc_app.replace("/healthz", "/health")), ("main.go", routes_go), ("go.mod", "module x\n\ngo 1.22\n\nrequire github.com/hellofresh/health-go/v5 v5.5.3\n")], Status::Pass),
            ("compose probe not routed", &[("compose.yaml", "services:\n  api:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/ready\"]\n"), ("main.go", routes_go)], Status::Partial),
            ("compose stock image probe: not compared", &[("compose.yaml", "services:\n  api:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"/app\", \"-health\"]\n  grafana:\n    image: grafana/grafana:11\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:3000/api/health\"]\n"), ("main.go", routes_go)], Status::Pass),
            ("k8s own image probe not routed", &[("Dockerfile", "FROM a:1\nCOPY . /app\n"), ("deploy/app.yaml", &dep_probe.replace("image: a:1", "image: ghcr.io/acme/memory:1")), ("main.go", routes_go)], Status::Partial),
            ("k8s stock image probe: not compared", &[("deploy/app.yaml", &dep_probe.replace("image: a:1", "image: grafana/grafana:11")), ("main.go", routes_go)], Status::Pass),
            ("k8s own image probe routed", &[("deploy/app.yaml", &dep_probe.replace("image: a:1", "image: ghcr.io/acme/memory:1").replace("/ready", "/api/healthz")), ("main.go", routes_go)], Status::Pass),
            ("runtime image", &[("Dockerfile", "FROM debian:12\nCMD [\"bash\"]\n")], Status::NotApplicable),
            ("runtime image with healthcheck", &[("Dockerfile", "FROM debian:12\nHEALTHCHECK CMD true\nCMD [\"bash\"]\n")], Status::Pass),
        ];
        for (name, files, want) in table {
            expect(&HealthChecks, name, files, *want);
        }
    }
}
