//! Security checks.

use std::sync::Arc;

use super::CheckRef;

pub mod policy;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(policy::Policy)]
}
