//! Reliability checks.

use std::sync::Arc;

use super::CheckRef;

pub mod health_checks;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(health_checks::HealthChecks)]
}
