//! Dependencies: lockfiles. (The dependency-table checks live in
//! checks/dependencies.yaml; update automation belongs to the CI area.)

use crate::checks::CheckRef;

pub mod lockfiles;

pub fn all() -> Vec<CheckRef> {
    vec![std::sync::Arc::new(lockfiles::Lockfiles)]
}
