//! Reliability checks: health checks where the service is deployed, health
//! routes and timeouts read from the source. (`reliability.retries` is a
//! dependency table in checks/dependencies.yaml.)

use std::sync::Arc;

use super::CheckRef;

pub mod health_checks;
pub mod health_endpoint;
pub mod routes;
pub mod timeouts;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(health_checks::HealthChecks),
        Arc::new(health_endpoint::HealthEndpoint),
        Arc::new(timeouts::Timeouts),
    ]
}
