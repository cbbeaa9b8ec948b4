//! Parsers for the formats checks read. They know no checks: each turns one
//! file's text into a typed model with line numbers, is parsed at most once
//! per file through `Content::model`, and turns broken input into problems
//! with locations, never a panic.

pub mod alerts;
pub mod ci;
pub mod codeowners;
pub mod compose;
pub mod dockerfile;
pub mod globs;
pub mod k8s;
pub mod manifests;
pub mod markup;
pub mod migrations;
pub mod needles;
pub mod source;
pub mod sql;
pub mod test_dirs;
