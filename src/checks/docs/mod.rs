//! Documentation checks.

use std::sync::Arc;

use super::CheckRef;

pub mod adr;
pub mod license;
pub mod readme;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(readme::Readme),
        Arc::new(license::License),
        Arc::new(adr::Adr),
    ]
}
