//! `ops.on-call`: somebody is on call for the service.

use std::borrow::Cow;

use crate::checks::attestable::OnlyAttested;
use crate::checks::{Category, CheckId, CheckMeta, Profile, Severity, Stability};

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ops.on-call"),
    title: Cow::Borrowed("An on-call rota covers the service"),
    category: Category::Operations,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("a service or worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A named rota answers the service's pages"),
    rationale: Cow::Borrowed(
        "Alerts that page nobody are logs. A rota lives in a paging tool, not in the repository, so \
         a person has to vouch that it exists and that the service's alerts route to it.",
    ),
    remediation: Cow::Borrowed(
        "Set up a rota in your paging tool, route the service's alerts to it, then record it: \
         `shipready attest ops.on-call --evidence <link to the rota> --expires 90d`.",
    ),
    passes_when: Cow::Borrowed(
        "an unexpired attestation in .shipready/attestations.yaml; unknown otherwise (it cannot be verified statically)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[]),
};

pub fn check() -> OnlyAttested {
    OnlyAttested {
        meta: &META,
        evidence_wanted: "a link to the rota and the alert routing",
    }
}
