//! Documentation checks.

use std::sync::Arc;

use super::CheckRef;

pub mod license;

pub fn all() -> Vec<CheckRef> {
    vec![Arc::new(license::License)]
}
