//! Checks whose evidence lives outside the repository (a restore drill was
//! run, an on-call rota exists, a rollback was timed). Static analysis
//! cannot prove them, so they report `unknown` (lowering coverage, never
//! the score) until a person vouches for them in
//! `.shipready/attestations.yaml` (`shipready attest`). Each check declares
//! its own metadata in its file; this is the behaviour they share.

use crate::checks::{Check, CheckContext, CheckError, CheckMeta};
use crate::model::{Basis, Outcome};

/// A check only an attestation can settle.
pub struct OnlyAttested {
    pub meta: &'static CheckMeta,
    /// What the attestation should point at, for the evidence line.
    pub evidence_wanted: &'static str,
}

impl Check for OnlyAttested {
    fn meta(&self) -> &CheckMeta {
        self.meta
    }

    fn attestable(&self) -> bool {
        true
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        Ok(Outcome::unknown("cannot be verified from the repository; attest it")
            .basis(Basis::Present)
            .evidence(format!(
                "needs a human attestation: {}; record it with `shipready attest {} --evidence LINK --expires 90d`",
                self.evidence_wanted, ctx.meta.id
            )))
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::expect;
    use crate::checks::Check;
    use crate::model::Status;

    #[test]
    fn unknown_without_an_attestation_whatever_the_tree() {
        for c in [
            crate::checks::recovery::restore_tested::check(),
            crate::checks::recovery::rollback_timed::check(),
            crate::checks::ops::on_call::check(),
        ] {
            assert!(c.attestable());
            expect(&c, "empty", &[], Status::Unknown);
            expect(
                &c,
                "docs that talk about it prove nothing",
                &[("docs/restore.md", "# Restore drill\nWe test restores.\n")],
                Status::Unknown,
            );
        }
    }
}
