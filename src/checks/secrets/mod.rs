//! Secrets checks.

use std::sync::Arc;

use super::CheckRef;

pub mod no_committed_secrets;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(no_committed_secrets::NoCommittedSecrets::default())]
}
