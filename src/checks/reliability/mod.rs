//! Reliability checks read from the source: health routes and timeouts.
//! (`reliability.retries` is a dependency table in checks/dependencies.yaml.)

use std::sync::Arc;

use super::CheckRef;

pub mod health_endpoint;
pub mod timeouts;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(health_endpoint::HealthEndpoint),
        Arc::new(timeouts::Timeouts),
    ]
}
