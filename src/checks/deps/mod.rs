//! Dependencies: lockfiles and how they are kept current. (The
//! dependency-table checks live in checks/dependencies.yaml.)

use crate::checks::CheckRef;

pub mod lockfiles;
pub mod update_automation;

pub fn all() -> Vec<CheckRef> {
    vec![
        std::sync::Arc::new(lockfiles::Lockfiles),
        std::sync::Arc::new(update_automation::UpdateAutomation),
    ]
}
