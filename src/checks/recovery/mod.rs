//! Recovery checks: can the data and the previous release come back.

use std::sync::Arc;

use super::CheckRef;

pub mod restore_tested;
pub mod rollback_timed;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(restore_tested::check()),
        Arc::new(rollback_timed::check()),
    ]
}
