//! Security checks.

use std::sync::Arc;

use super::CheckRef;

pub mod maintained;
pub mod no_default_credentials;
pub mod policy;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(policy::Policy),
        Arc::new(maintained::Maintained),
        Arc::new(no_default_credentials::NoDefaultCredentials),
    ]
}
