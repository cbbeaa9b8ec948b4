//! Test-suite checks.

use std::sync::Arc;

use super::CheckRef;

pub mod present;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(present::Present)]
}
