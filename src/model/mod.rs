//! The shared model: what checks produce and what score, report and every
//! renderer consume. It depends on nothing else in the crate, so a renderer
//! can import it alone.

pub mod meta;
pub mod outcome;
pub mod scan;

pub use meta::{Category, CheckId, CheckMeta, Profile, Severity, Stability};
pub use outcome::{
    fingerprint, Basis, Confidence, Doubt, Finding, Level, Outcome, Status, Suppression,
    HAZARD_WEIGHT_SHARE,
};
pub use scan::{
    Attestation, BaselineReport, Detected, Entry, Mode, SkipReason, StaleEntry, Stats, Verdict,
    Waiver,
};
