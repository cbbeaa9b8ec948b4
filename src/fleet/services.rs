//! `scan --per-service`: the services of a monorepo, each scored on its
//! own, with the repository-wide checks judged once and shared.
//!
//! A **service root** is a directory holding a Dockerfile, a Helm chart
//! (`Chart.yaml`), or a manifest whose runtime dependencies include a web
//! framework or a job queue (the profile detector's lists, `profile.rs`),
//! unless the package is published for others to import. Vendored,
//! fixture, example and test trees, `.github/` and `.devcontainer/` never
//! hold one. A root inside another belongs to the outer one (a chart in
//! `services/api/chart/` is part of `services/api`). The repository root
//! is a service only when no other directory is: a root Dockerfile beside
//! `services/*/Dockerfile` usually builds a development image.
//!
//! **Repository-wide checks** (`is_shared`) are judged once over the whole
//! tree and their results given to every service: the CI pipeline
//! (`ci.*`: GitHub and GitLab read it from the root), ownership
//! (`CODEOWNERS`), the security policy, the Dependabot or Renovate config
//! and the license, which live in one place for the whole repository, and
//! secrets (`secrets.*`): a committed credential is exposed to everyone
//! who can read the repository, whichever directory holds it. A shared
//! check that does not apply to a service's profile is not applicable for
//! that service. Everything else is judged from the service's own tree.
//!
//! The tree is walked once; each service is scanned from that listing
//! (`workspace::Listed`) with paths relative to its directory, so its
//! checks see it as a repository, while findings, config `ignore` rules,
//! inline markers and the baseline use repository paths
//! (`ScanOptions::prefix`). Settings (config, checklist, attestations,
//! baseline) are the repository root's, for every service.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::app::{self, Failure};
use crate::checks::Profile;
use crate::cli::ScanArgs;
use crate::engine::{self, ScanOptions};
use crate::formats::manifests;
use crate::profile;
use crate::report::rollup::Row;
use crate::report::CheckResult;
use crate::workspace::{is_vendored, FileEntry, FileKind, FsSource, Listed, Source, WalkOptions};

/// Whether a check is judged once for the whole repository.
pub fn is_shared(id: &str) -> bool {
    id.starts_with("ci.")
        || id.starts_with("secrets.")
        || matches!(
            id,
            "ops.ownership" | "security.policy" | "deps.update-automation" | "docs.license"
        )
}

/// A directory to score as a service, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRoot {
    /// Repository-relative, '/'-separated; "" for the repository root.
    pub dir: String,
    /// What made it one ("a Dockerfile (services/api/Dockerfile)").
    pub markers: Vec<String>,
}

impl ServiceRoot {
    /// The row name: the directory, or "." for the root.
    pub fn name(&self) -> &str {
        if self.dir.is_empty() {
            "."
        } else {
            &self.dir
        }
    }
}

/// Trees that never hold a service of this repository.
fn excluded(path: &str) -> bool {
    if is_vendored(path) || profile::is_fixture(path) || profile::is_test_harness(path) {
        return true;
    }
    let dirs: Vec<&str> = path.split('/').collect();
    dirs[..dirs.len().saturating_sub(1)].iter().any(|d| {
        matches!(
            *d,
            "examples"
                | "example"
                | "samples"
                | "sample"
                | "_examples"
                | "_example"
                | ".github"
                | ".devcontainer"
        )
    })
}

/// The service roots among `files` (repository-relative paths). `read`
/// gives a manifest's text (None when it cannot be read).
pub fn detect(files: &[(String, u64)], read: impl Fn(&str) -> Option<String>) -> Vec<ServiceRoot> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, size) in files {
        if excluded(path) {
            continue;
        }
        let f = FileEntry::new(path.clone(), *size);
        let name = f.name().to_ascii_lowercase();
        let marker = if f.is(FileKind::Dockerfile) {
            Some(format!("a Dockerfile ({path})"))
        } else if name == "chart.yaml" {
            Some(format!("a Helm chart ({path})"))
        } else if profile::MANIFESTS.contains(&name.as_str())
            && manifests::identify(path).is_some_and(|(_, r)| r == manifests::Role::Manifest)
        {
            read(path).and_then(|text| {
                let s =
                    profile::inspect(&f, &crate::workspace::Content::new(path, text.as_bytes()));
                if !s.published.is_empty() {
                    return None;
                }
                s.web
                    .first()
                    .map(|w| format!("a server dependency: {w}"))
                    .or_else(|| s.worker.first().map(|w| format!("a job queue: {w}")))
            })
        } else {
            None
        };
        if let Some(m) = marker {
            found.entry(f.dir().to_string()).or_default().push(m);
        }
    }
    if found.len() > 1 {
        found.remove("");
    }
    // Sorted, so an enclosing directory comes before what it encloses.
    let mut roots: Vec<ServiceRoot> = Vec::new();
    for (dir, markers) in found {
        let outer = roots
            .iter_mut()
            .find(|r| r.dir.is_empty() || dir.starts_with(&format!("{}/", r.dir)));
        match outer {
            Some(r) => r.markers.extend(markers),
            None => roots.push(ServiceRoot { dir, markers }),
        }
    }
    roots
}

/// What `scan` gives back: one row per service, and the shared check ids.
pub struct Services {
    pub rows: Vec<Row>,
    pub shared: Vec<String>,
}

/// Scans the services of the repository at `root`. An error before any
/// service is scanned (no such directory, a bad config) is returned; one
/// service failing becomes its error row.
pub fn scan(root: &Path, args: &ScanArgs) -> Result<Services, Failure> {
    let fs: Arc<dyn Source> = Arc::new(FsSource::new(root).map_err(Failure::scan)?);
    let settings = app::settings_for(root, &args.input, &args.scoring)?;
    let baseline = app::load_baseline(root, &args.baseline)?;
    let walk = WalkOptions {
        respect_ignores: settings.respect_ignores,
        exclude: settings.exclude_set()?,
        max_file_size: settings.max_file_size,
        threads: settings.threads,
    };
    let listing = fs.list(&walk).map_err(Failure::scan)?;
    let cap = settings.max_file_size;
    let services = detect(&listing.files, |p| {
        let bytes = fs.read(p, cap).ok()?;
        (bytes.len() as u64 <= cap).then(|| String::from_utf8_lossy(&bytes).into_owned())
    });
    let services = if services.is_empty() {
        vec![ServiceRoot {
            dir: String::new(),
            markers: vec!["no service root found: the repository as one service".into()],
        }]
    } else {
        services
    };

    // The repository-wide checks, once, over the whole listing. They run
    // for every profile here; whether one applies is decided per service
    // below, from the service's own profile.
    let mut wide = settings.clone();
    wide.plan.retain(|p| is_shared(p.check.meta().id.as_str()));
    for p in &mut wide.plan {
        p.profiles = Some(Profile::ALL.to_vec());
    }
    // No detection: the shared checks apply to every profile here.
    wide.profile = Some(settings.profile.unwrap_or(Profile::Service));
    let shared_ids: Vec<String> = wide
        .plan
        .iter()
        .map(|p| p.check.meta().id.to_string())
        .collect();
    let shared: Vec<CheckResult> = if wide.plan.is_empty() {
        Vec::new()
    } else {
        let opts = ScanOptions {
            baseline: baseline.clone(),
            ..ScanOptions::default()
        };
        engine::scan_with(
            &wide,
            Arc::new(Listed::whole(Arc::clone(&fs), &listing)),
            &opts,
        )?
        .checks
    };

    let mut own = settings.clone();
    own.plan.retain(|p| !is_shared(p.check.meta().id.as_str()));
    // Already applied to the repository paths of the listing; the subtree's
    // paths are relative, where the same globs would match other files.
    own.exclude.clear();
    let mut rows = Vec::new();
    for svc in &services {
        let source = if svc.dir.is_empty() {
            Listed::whole(Arc::clone(&fs), &listing)
        } else {
            Listed::subtree(Arc::clone(&fs), &listing, &svc.dir)
        };
        let opts = ScanOptions {
            baseline: baseline.clone(),
            ..ScanOptions::default()
        };
        let name = svc.name().to_string();
        let input = Path::new(root).join(&svc.dir).display().to_string();
        let mut row = match engine::scan_with(&own, Arc::new(source), &opts) {
            Ok(report) => {
                let p = report.profile.profile;
                let mut checks = report.checks.clone();
                for r in &shared {
                    let mut r = r.clone();
                    let planned = settings
                        .plan
                        .iter()
                        .find(|pl| pl.check.meta().id.as_str() == r.id);
                    if let Some(na) = planned.and_then(|pl| engine::not_applicable_to(pl, p)) {
                        r.outcome = na;
                        r.waiver = None;
                        r.attestation = None;
                    }
                    checks.push(r);
                }
                let mut combined = crate::assemble::build_parts(
                    &settings,
                    &report.root,
                    report.stats.clone(),
                    report.profile.clone(),
                    checks,
                );
                combined.baseline = report.baseline.clone();
                super::row_from_report(name, input, &combined)
            }
            Err(e) => {
                let f = Failure::from(e);
                eprintln!("shipready: {}: {}", svc.name(), f.message);
                super::error_row(name, input, f.code, f.message)
            }
        };
        row.detected_by = Some(svc.markers.join("; "));
        rows.push(row);
    }
    Ok(Services {
        rows,
        shared: shared_ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(files: &[(&str, &str)]) -> Vec<(String, usize)> {
        let listed: Vec<(String, u64)> = files
            .iter()
            .map(|(p, c)| (p.to_string(), c.len() as u64))
            .collect();
        detect(&listed, |p| {
            files
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, c)| c.to_string())
        })
        .into_iter()
        .map(|r| (r.name().to_string(), r.markers.len()))
        .collect()
    }

    /// (what it proves, the files, the roots with how many markers each)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [(&'a str, usize)]);

    #[test]
    fn service_roots() {
        let flask = "flask==3.0\n";
        let cases: &[Case] = &[
            (
                "a Dockerfile, a chart and a server manifest",
                &[
                    ("services/api/Dockerfile", "FROM python"),
                    ("services/web/package.json", r#"{"dependencies": {"express": "4"}}"#),
                    ("charts/billing/Chart.yaml", "name: billing"),
                    ("libs/util/package.json", r#"{"dependencies": {"lodash": "4"}}"#),
                ],
                &[("charts/billing", 1), ("services/api", 1), ("services/web", 1)],
            ),
            (
                "nested roots belong to the outer one",
                &[
                    ("services/api/Dockerfile", "FROM python"),
                    ("services/api/requirements.txt", flask),
                    ("services/api/chart/Chart.yaml", "name: api"),
                ],
                &[("services/api", 3)],
            ),
            (
                "the root is a service only when nothing else is",
                &[("Dockerfile", "FROM x"), ("requirements.txt", flask)],
                &[(".", 2)],
            ),
            (
                "a root Dockerfile beside services is left out",
                &[("Dockerfile", "FROM x"), ("svc/a/Dockerfile", "FROM y")],
                &[("svc/a", 1)],
            ),
            (
                "vendored, test, example and tooling trees never hold one",
                &[
                    ("vendor/x/Dockerfile", "FROM x"),
                    ("node_modules/y/package.json", r#"{"dependencies": {"express": "4"}}"#),
                    ("tests/e2e/Dockerfile", "FROM x"),
                    ("examples/demo/Dockerfile", "FROM x"),
                    ("services/api/examples/Dockerfile", "FROM x"),
                    (".devcontainer/Dockerfile", "FROM x"),
                    ("fixtures/app/Dockerfile", "FROM x"),
                ],
                &[],
            ),
            (
                "a published package depending on a framework is a library",
                &[(
                    "libs/flask-ext/pyproject.toml",
                    "[project]\nname = \"flask-ext\"\ndependencies = [\"flask\"]\nclassifiers = [\"Framework :: Flask\"]\n",
                )],
                &[],
            ),
            (
                "a worker is a service root",
                &[("workers/mail/requirements.txt", "celery==5\n")],
                &[("workers/mail", 1)],
            ),
            (
                "sibling directories sharing a prefix are not nested",
                &[("api/Dockerfile", "FROM x"), ("api-gateway/Dockerfile", "FROM y")],
                &[("api", 1), ("api-gateway", 1)],
            ),
        ];
        for (name, files, want) in cases {
            let got = roots(files);
            let want: Vec<(String, usize)> =
                want.iter().map(|(d, n)| (d.to_string(), *n)).collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn shared_checks() {
        for (id, shared) in [
            ("ci.present", true),
            ("secrets.no-committed-secrets", true),
            ("ops.ownership", true),
            ("security.policy", true),
            ("docs.license", true),
            ("deps.update-automation", true),
            ("docs.readme", false),
            ("docker.non-root-user", false),
            ("ops.runbooks", false),
            ("deps.lockfiles", false),
        ] {
            assert_eq!(is_shared(id), shared, "{id}");
        }
    }
}
