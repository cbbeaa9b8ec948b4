//! Operations checks: runbooks and ownership.

use std::sync::Arc;

use super::CheckRef;

pub mod runbooks;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(runbooks::Runbooks)]
}
