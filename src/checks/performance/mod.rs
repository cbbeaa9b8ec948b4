//! Performance checks: load tests. (Autoscaling belongs to the k8s area.)

use std::sync::Arc;

use super::CheckRef;

pub mod load_tests;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(load_tests::LoadTests)]
}
