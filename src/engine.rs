//! The scan: list the workspace, read each needed file once while every
//! check that wants it inspects it, run the checks in parallel, apply
//! suppressions, score, and build the report.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{CheckContext, FileData, Profile};
use crate::config::ConfigError;
use crate::outcome::{Level, Outcome, Status, Suppression};
use crate::profile::{self, Detected, Signals};
use crate::report::{CheckResult, Report};
use crate::settings::Settings;
use crate::suppress::{self, Marker};
use crate::workspace::{kinds, Content, SkipReason, Source, Stats, WalkOptions, Workspace};

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Source(#[from] crate::workspace::source::SourceError),
    #[error("cannot start {threads} worker threads: {reason}")]
    Threads { threads: usize, reason: String },
}

/// What the single pass leaves behind: per planned check, the data its
/// `inspect` kept; the inline markers; profile signals; read counts.
struct PassOutput {
    kept: Vec<Vec<(usize, FileData)>>,
    markers: Vec<Marker>,
    signals: Vec<Signals>,
    stats: Stats,
}

/// Scans `source` with `settings`.
pub fn scan(settings: &Settings, source: Arc<dyn Source>) -> Result<Report, ScanError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| ScanError::Threads {
            threads: settings.threads,
            reason: e.to_string(),
        })?;
    pool.install(|| scan_in_pool(settings, source))
}

fn scan_in_pool(settings: &Settings, source: Arc<dyn Source>) -> Result<Report, ScanError> {
    let opts = WalkOptions {
        respect_ignores: settings.respect_ignores,
        exclude: settings.exclude_set()?,
        max_file_size: settings.max_file_size,
        threads: settings.threads,
    };
    let mut ws = Workspace::open(source, &opts)?;
    let pass = single_pass(&ws, settings);
    ws.stats_mut().merge(pass.stats);

    let detected = match settings.profile {
        Some(p) => Detected {
            profile: p,
            reason: "configured".into(),
        },
        None => profile::decide(&ws, &pass.signals),
    };
    let profile = detected.profile;

    let mut kept = pass.kept;
    let markers = &pass.markers;
    let mut runs: Vec<(CheckResult, Vec<usize>)> = settings
        .plan
        .par_iter()
        .zip(kept.par_iter_mut())
        .map(|(planned, kept)| {
            let kept = std::mem::take(kept);
            run_one(&ws, planned, profile, &kept, markers)
        })
        .collect();

    let mut used = vec![false; markers.len()];
    for (_, u) in &runs {
        for i in u {
            used[*i] = true;
        }
    }
    let ran = |id: &str| {
        runs.iter()
            .any(|(r, _)| r.id == id && r.outcome.status != Status::NotApplicable)
    };
    let stale = suppress::stale(markers, &used, ran);
    for f in stale {
        if let Some((r, _)) = runs.iter_mut().find(|(r, _)| r.id == f.check.as_str()) {
            r.outcome.findings.push(f);
        }
    }
    let mut results: Vec<CheckResult> = runs.into_iter().map(|(r, _)| r).collect();
    for r in &mut results {
        r.outcome.findings.sort_by(|a, b| {
            (&a.path, a.line, &a.rule, &a.message).cmp(&(&b.path, b.line, &b.rule, &b.message))
        });
    }

    Ok(Report::build(settings, &ws, detected, results))
}

/// Reads each file some check wants exactly once, in parallel, and runs
/// every interested inspector while the bytes are in hand.
fn single_pass(ws: &Workspace, settings: &Settings) -> PassOutput {
    let cap = ws.max_file_size();
    let plan = &settings.plan;
    let files = ws.files();

    struct FileOut {
        kept: Vec<(usize, FileData)>,
        markers: Vec<Marker>,
        signals: Option<Signals>,
        stats: Stats,
    }

    let per_file: Vec<(usize, FileOut)> = files
        .par_iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let wanting: Vec<usize> = plan
                .iter()
                .enumerate()
                .filter(|(_, p)| p.check.wants(f, &p.params))
                .map(|(ci, _)| ci)
                .collect();
            let wants_profile = settings.profile.is_none() && profile::wants(f);
            if wanting.is_empty() && !wants_profile {
                return None;
            }
            let mut out = FileOut {
                kept: Vec::new(),
                markers: Vec::new(),
                signals: None,
                stats: Stats::default(),
            };
            if kinds::is_known_binary(&f.path) {
                out.stats.skip(SkipReason::Binary, &f.path);
                return Some((i, out));
            }
            if f.size > cap {
                out.stats.skip(SkipReason::TooLarge, &f.path);
                return Some((i, out));
            }
            let bytes = match ws.source().read(&f.path, cap) {
                Ok(b) => b,
                Err(_) => {
                    out.stats.skip(SkipReason::Unreadable, &f.path);
                    return Some((i, out));
                }
            };
            if bytes.len() as u64 > cap {
                // Grew past the cap since it was listed.
                out.stats.skip(SkipReason::TooLarge, &f.path);
                return Some((i, out));
            }
            out.stats.files_read += 1;
            out.stats.bytes_read += bytes.len() as u64;
            if is_binary(&bytes) {
                out.stats.skip(SkipReason::Binary, &f.path);
                return Some((i, out));
            }
            let content = Content::new(&f.path, &bytes);
            if wants_profile {
                out.signals = Some(profile::inspect(f, content.text()));
            }
            for ci in wanting {
                let p = &plan[ci];
                // A panicking inspector loses its data for this file, not the scan.
                let r = catch_unwind(AssertUnwindSafe(|| p.check.inspect(f, &content, &p.params)));
                if let Ok(Some(data)) = r {
                    out.kept.push((ci, data));
                }
            }
            out.markers = suppress::scan(&f.path, content.text());
            Some((i, out))
        })
        .collect();

    let mut kept: Vec<Vec<(usize, FileData)>> = (0..plan.len()).map(|_| Vec::new()).collect();
    let mut markers = Vec::new();
    let mut signals = Vec::new();
    let mut stats = Stats::default();
    // `collect` on an indexed parallel iterator keeps file order, so the
    // kept data is in path order without sorting.
    for (i, out) in per_file {
        for (ci, data) in out.kept {
            kept[ci].push((i, data));
        }
        markers.extend(out.markers);
        signals.extend(out.signals);
        stats.merge(out.stats);
    }
    PassOutput {
        kept,
        markers,
        signals,
        stats,
    }
}

/// NUL in the first 8 KiB means binary, as git and ripgrep decide it.
fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

fn run_one(
    ws: &Workspace,
    planned: &crate::settings::Planned,
    profile: Profile,
    kept: &[(usize, FileData)],
    markers: &[Marker],
) -> (CheckResult, Vec<usize>) {
    let meta = planned.check.meta();
    let applies = match &planned.profiles {
        Some(ps) => ps.contains(&profile),
        None => meta.applies_to(profile),
    };
    let mut outcome = if let Some(reason) = &planned.not_applicable {
        Outcome::not_applicable(format!("declared not applicable: {reason}"))
    } else if !applies {
        Outcome::not_applicable(format!(
            "does not apply to a {} (applies to {})",
            profile.as_str(),
            profiles_text(planned, meta)
        ))
    } else {
        let ctx = CheckContext {
            ws,
            meta,
            params: &planned.params,
            profile,
            kept,
        };
        match catch_unwind(AssertUnwindSafe(|| planned.check.run(&ctx))) {
            Ok(Ok(o)) => o,
            Ok(Err(e)) => Outcome::error(format!("could not run: {e}")),
            Err(_) => Outcome::error("internal error: the check panicked; please report it"),
        }
    };
    for f in &mut outcome.findings {
        f.finish();
        if let Some(rule) = planned
            .ignore
            .iter()
            .find(|r| f.path.as_deref().is_some_and(|p| r.matches(p, f.line)))
        {
            f.suppressed = Some(Suppression::Config {
                reason: format!("ignored by config: {}", rule.text()),
            });
        }
    }
    let used = suppress::apply(markers, &mut outcome.findings);
    // A check that failed only because of findings, all now suppressed,
    // passes: the suppressions stay listed in the report.
    let blocking = |f: &crate::outcome::Finding| f.suppressed.is_none() && f.level > Level::Info;
    if matches!(outcome.status, Status::Fail | Status::Partial)
        && outcome.findings.iter().any(|f| f.suppressed.is_some())
        && !outcome.findings.iter().any(blocking)
    {
        let n = outcome
            .findings
            .iter()
            .filter(|f| f.suppressed.is_some())
            .count();
        outcome.status = Status::Pass;
        outcome.score = 1.0;
        outcome.summary = format!("{} (all {n} findings suppressed)", outcome.summary);
    }
    if outcome.status == Status::Unknown && planned.attestation.is_some() {
        outcome.status = Status::Attested;
        outcome.score = 1.0;
    }
    if matches!(outcome.status, Status::Fail | Status::Partial) && planned.waiver.is_some() {
        outcome.status = Status::Waived;
    }
    (CheckResult::new(planned, outcome), used)
}

fn profiles_text(planned: &crate::settings::Planned, meta: &crate::checks::CheckMeta) -> String {
    let ps: Vec<&str> = match &planned.profiles {
        Some(p) => p.iter().map(|p| p.as_str()).collect(),
        None => meta.profiles.iter().map(|p| p.as_str()).collect(),
    };
    ps.join(", ")
}

/// Runs one check alone over a workspace: its own pass, then `run`. For
/// tests, `checks verify`, and callers embedding the engine; a scan uses
/// the shared single pass instead.
pub fn run_check(
    check: &dyn crate::checks::Check,
    ws: &Workspace,
    params: &crate::checks::Params,
    profile: Profile,
) -> Outcome {
    let cap = ws.max_file_size();
    let mut kept: Vec<(usize, FileData)> = Vec::new();
    for (i, f) in ws.files().iter().enumerate() {
        if !check.wants(f, params) || f.size > cap || kinds::is_known_binary(&f.path) {
            continue;
        }
        let Ok(bytes) = ws.source().read(&f.path, cap) else {
            continue;
        };
        if is_binary(&bytes) || bytes.len() as u64 > cap {
            continue;
        }
        let content = Content::new(&f.path, &bytes);
        if let Some(d) = check.inspect(f, &content, params) {
            kept.push((i, d));
        }
    }
    let ctx = CheckContext {
        ws,
        meta: check.meta(),
        params,
        profile,
        kept: &kept,
    };
    let mut o = check
        .run(&ctx)
        .unwrap_or_else(|e| Outcome::error(format!("could not run: {e}")));
    for f in &mut o.findings {
        f.finish();
    }
    o
}
