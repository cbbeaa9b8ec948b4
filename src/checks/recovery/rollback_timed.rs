//! `recovery.rollback-timed`: a rollback was exercised and timed.

use std::borrow::Cow;

use crate::checks::attestable::OnlyAttested;
use crate::checks::{Category, CheckId, CheckMeta, Profile, Severity, Stability};

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("recovery.rollback-timed"),
    title: Cow::Borrowed("A rollback was exercised and timed"),
    category: Category::Recovery,
    severity: Severity::Low,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("a service or worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Someone rolled a release back and knows how long it takes"),
    rationale: Cow::Borrowed(
        "A written rollback procedure that was never run hides the steps that fail under pressure: a \
         migration that cannot go down, an image tag that was overwritten, a cache that keeps the new \
         format. Knowing the time it takes tells the on-call engineer whether to roll back or forward.",
    ),
    remediation: Cow::Borrowed(
        "Roll a release back in staging (or production during a quiet hour), time it, then record it: \
         `shipready attest recovery.rollback-timed --evidence <link> --expires 180d`.",
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
        evidence_wanted: "the record of a timed rollback (date, release, minutes taken)",
    }
}
