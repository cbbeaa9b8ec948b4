//! Performance checks: load tests in the repository, and autoscaling (which
//! reads the Kubernetes inventory of `checks::k8s`).

use std::sync::Arc;

use crate::checks::CheckRef;

pub mod autoscaling;
pub mod load_tests;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(autoscaling::Autoscaling),
        Arc::new(load_tests::LoadTests),
    ]
}
