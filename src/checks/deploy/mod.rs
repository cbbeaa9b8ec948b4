//! Deployment checks: how releases are versioned and shipped.

use std::sync::Arc;

use super::CheckRef;

pub mod versioning;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(versioning::Versioning)]
}
