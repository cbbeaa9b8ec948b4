//! Documentation checks.

use std::sync::Arc;

use super::CheckRef;

pub mod adr;
pub mod api;
pub mod config_documented;
pub mod contributing;
pub mod guides;
pub mod license;
pub mod readme;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(readme::Readme),
        Arc::new(license::License),
        Arc::new(adr::Adr),
        Arc::new(config_documented::ConfigDocumented),
        Arc::new(api::Api),
        Arc::new(guides::Guides),
        Arc::new(contributing::Contributing),
    ]
}
