//! Dependencies: how they are kept current.

use crate::checks::CheckRef;

pub mod update_automation;

pub fn all() -> Vec<CheckRef> {
    vec![std::sync::Arc::new(update_automation::UpdateAutomation)]
}
