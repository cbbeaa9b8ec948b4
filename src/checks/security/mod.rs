//! Security checks.

use std::sync::Arc;

use super::CheckRef;

pub mod maintained;
pub mod policy;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(policy::Policy), Arc::new(maintained::Maintained)]
}
