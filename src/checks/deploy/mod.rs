//! Deployment checks: how releases are versioned and shipped, and whether
//! the project calls itself ready to ship.

use std::sync::Arc;

use super::CheckRef;

pub mod release_status;
pub mod versioning;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(versioning::Versioning),
        Arc::new(release_status::ReleaseStatus),
    ]
}
