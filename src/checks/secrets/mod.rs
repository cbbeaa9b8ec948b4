//! Secrets checks: credentials that must not live in the repository.

use std::sync::Arc;

use super::CheckRef;

pub mod no_committed_secrets;
pub mod no_env_files;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(no_committed_secrets::NoCommittedSecrets::default()),
        Arc::new(no_env_files::NoEnvFiles),
    ]
}
