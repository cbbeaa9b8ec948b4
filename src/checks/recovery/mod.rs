//! Recovery checks: can the data and the previous release come back.
//! (Migration checks belong to the migrations area.)

use std::sync::Arc;

use super::CheckRef;
use crate::checks::signals::is_doc;
use crate::workspace::{FileEntry, FileKind};

pub mod backups;
pub mod restore_tested;
pub mod rollback;
pub mod rollback_timed;
pub mod upgrades;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(backups::Backups),
        Arc::new(rollback::Rollback),
        Arc::new(restore_tested::check()),
        Arc::new(rollback_timed::check()),
        Arc::new(upgrades::Upgrades),
    ]
}

/// A document that can describe operations: prose outside changelogs,
/// licences and security policies.
pub(crate) fn is_ops_doc(f: &FileEntry) -> bool {
    is_doc(f)
        && !f.is(FileKind::SecurityPolicy)
        && !f.is(FileKind::Changelog)
        && !f.is(FileKind::License)
}
