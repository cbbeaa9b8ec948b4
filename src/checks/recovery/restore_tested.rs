//! `recovery.restore-tested`: a restore from backup was actually rehearsed.

use std::borrow::Cow;

use crate::checks::attestable::OnlyAttested;
use crate::checks::{Category, CheckId, CheckMeta, Profile, Severity, Stability};

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("recovery.restore-tested"),
    title: Cow::Borrowed("A restore from backup was rehearsed recently"),
    category: Category::Recovery,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("a service or worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Someone restored the data from a backup and it worked"),
    rationale: Cow::Borrowed(
        "A backup nobody has restored is a hope, not a backup: restores fail on missing keys, \
         wrong versions, permissions and time limits, and the day of the outage is the worst time to \
         find out. Only a rehearsal shows the data can come back, and how long it takes.",
    ),
    remediation: Cow::Borrowed(
        "Restore the latest backup into a scratch environment, check the data, write down how long it \
         took, then record it: `shipready attest recovery.restore-tested --evidence <link to the drill \
         record> --expires 90d`. Repeat before the attestation expires.",
    ),
    passes_when: Cow::Borrowed(
        "an unexpired attestation in .shipready/attestations.yaml; unknown otherwise (it cannot be verified statically)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://sre.google/sre-book/data-integrity/",
    )]),
};

pub fn check() -> OnlyAttested {
    OnlyAttested {
        meta: &META,
        evidence_wanted: "the record of a restore drill (date, backup used, time taken, result)",
    }
}
