//! deploy checks.

use super::CheckRef;

pub fn all() -> Vec<CheckRef> {
    vec![]
}
