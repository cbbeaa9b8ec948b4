//! Performance checks. `performance.autoscaling` reads the Kubernetes
//! inventory of `checks::k8s`.

use std::sync::Arc;

use crate::checks::CheckRef;

pub mod autoscaling;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(autoscaling::Autoscaling)]
}
