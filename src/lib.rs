//! shipready: tells a team, with evidence, whether a repository is ready
//! for production.
//!
//! The flow is one-way: `cli` -> `settings` (checklist + config) ->
//! `workspace` (one walk) -> `engine` (one read per file, checks in
//! parallel) -> `score` -> `report`. Checks never print; renderers never
//! read files.

pub mod app;
pub mod assemble;
pub mod baseline;
pub mod checklist;
pub mod checks;
pub mod cli;
pub mod cli_docs;
pub mod config;
pub mod date;
pub mod docs;
pub mod engine;
pub mod fleet;
pub mod formats;
pub mod model;
pub mod output;
pub mod profile;
pub mod report;
pub mod score;
pub mod secrets;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod templates;
pub mod workspace;
