//! `ci.automated-deploy`: a pipeline deploys or publishes the software:
//! a job with an `environment:`, `helm upgrade`, `kubectl apply`,
//! `terraform apply`, `pulumi up`, an image push, a cloud CLI deploy,
//! release tooling (goreleaser, semantic-release, `cargo publish`, `npm
//! publish`, `twine upload`...) or a deploy action.
//!
//! Copying files to a server (`scp`, `rsync host:path`, the scp, rsync and
//! FTP upload actions, an SSH action whose script only moves files) deploys
//! something, but nothing shows it is the service: a reviewer would not
//! call an upload of `openapi.json` to a docs server the service's deploy.
//! It earns half credit with a medium finding; an SSH script that restarts
//! or replaces the service (`systemctl restart`, `docker compose up`,
//! `git pull`, `pm2 reload`, `kubectl apply`...) is a deploy.
//!
//! When nothing deploys, the finding is graded medium if the repository
//! holds configuration for a platform that deploys from git by itself
//! (Heroku `Procfile`, `vercel.json`, `netlify.toml`, `render.yaml`,
//! `fly.toml`, `app.yaml`, Argo CD or Flux manifests): that delivery is
//! pull-based and invisible to a pipeline. Without any, it is high.

use std::borrow::Cow;

use super::{graded, keep_with_scripts, purpose_outcome, wants_with_scripts, Sureness};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::ci::commands::Purpose;
use crate::model::{Outcome, Status};
use crate::workspace::{Content, FileEntry};

pub struct AutomatedDeploy;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.automated-deploy"),
    title: Cow::Borrowed("A pipeline deploys or publishes the software"),
    category: Category::Deployment,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[Profile::Service, Profile::Worker]),
    applies_when: Cow::Borrowed("a CI configuration exists, for services and workers"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Some CI job deploys, pushes an image or publishes a release"),
    rationale: Cow::Borrowed(
        "A deploy run by hand from someone's laptop depends on that laptop: its credentials, its \
         uncommitted changes, its tool versions. An automated deploy is repeatable, logged, and can be \
         rolled back by re-running an older pipeline.",
    ),
    remediation: Cow::Borrowed(
        "Add a deploy job that runs on the main branch or on tags, with an `environment:` (GitHub, \
         GitLab) and the deploy command: `helm upgrade --install`, `kubectl apply`, `terraform apply`, \
         `docker push`, `gcloud run deploy`, `flyctl deploy`, or release tooling such as goreleaser. \
         If delivery is pull-based (Argo CD, Flux), attest it.",
    ),
    passes_when: Cow::Borrowed(
        "a job that can run has an `environment:`, or runs a known deploy, image push or publish \
         command or action; a script named like a deploy, or an upload of files to a server \
         (scp/rsync/FTP, SSH without a service restart), earns half",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment",
    )]),
};

/// Configuration of a platform or controller that deploys from git.
fn pull_based(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    matches!(
        name,
        "procfile"
            | "app.json"
            | "heroku.yml"
            | "vercel.json"
            | "netlify.toml"
            | "render.yaml"
            | "fly.toml"
            | "app.yaml"
            | "railway.json"
            | "railway.toml"
            | "amplify.yml"
            | "apprunner.yaml"
            | "kustomization.yaml"
    ) || lower.contains("argocd")
        || lower.contains("flux-system")
        || lower.starts_with(".flux")
}

impl Check for AutomatedDeploy {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wants_with_scripts(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        keep_with_scripts(file, content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut o = purpose_outcome(
            ctx,
            Purpose::Deploy,
            "environments, helm/kubectl/terraform/pulumi apply, image push, cloud CLI deploys, release tooling",
        );
        if o.status == Status::Fail {
            if let Some(platform) = ctx.ws.files().iter().find(|f| pull_based(&f.path)) {
                o.findings = std::mem::take(&mut o.findings)
                    .into_iter()
                    .map(|f| graded(f, Sureness::Medium))
                    .collect();
                o.evidence.push(format!(
                    "{} suggests a platform or GitOps controller that deploys from git, which no pipeline shows",
                    platform.path
                ));
            }
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;

    #[test]
    fn cases() {
        let wf = |s: &str| format!("on: push\njobs:\n  d:\n    runs-on: x\n{s}");
        let cases: Vec<(&str, String, Status)> = vec![
            ("environment", wf("    environment: production\n    steps:\n      - run: ./deploy\n"), Status::Pass),
            ("helm", wf("    steps:\n      - run: helm upgrade --install api ./chart\n"), Status::Pass),
            ("push action", wf("    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n"), Status::Pass),
            ("build no push", wf("    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: false\n"), Status::Fail),
            ("plan only", wf("    steps:\n      - run: terraform plan\n"), Status::Fail),
            ("upload only", wf("    steps:\n      - uses: appleboy/scp-action@v1\n        with:\n          source: openapi.json\n          target: /srv/openapi\n"), Status::Partial),
            ("upload then restart", wf("    steps:\n      - run: rsync -az dist/ app@host:/srv/app\n      - run: ssh app@host 'sudo systemctl restart app'\n"), Status::Pass),
        ];
        for (name, text, want) in cases {
            expect(
                &AutomatedDeploy,
                name,
                &[(".github/workflows/cd.yml", &text)],
                want,
            );
        }
        let build = wf("    steps:\n      - run: npm run build\n");
        expect(
            &AutomatedDeploy,
            "platform deploys from git",
            &[(".github/workflows/ci.yml", &build), ("vercel.json", "{}")],
            Status::Partial,
        );
    }
}
