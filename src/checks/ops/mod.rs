//! Operations checks: runbooks and ownership.

use std::sync::Arc;

use super::CheckRef;

pub mod incident_response;
pub mod on_call;
pub mod ownership;
pub mod runbooks;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(runbooks::Runbooks),
        Arc::new(ownership::Ownership),
        Arc::new(incident_response::IncidentResponse),
        Arc::new(on_call::check()),
    ]
}
