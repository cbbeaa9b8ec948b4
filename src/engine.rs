//! The scan: list the workspace, read each needed file once while every
//! check that wants it inspects it, run the checks in parallel, apply
//! suppressions and the baseline, score, and build the report.
//!
//! In `Mode::Staged` (the hook) the source is the git index and only
//! per-file checks run (`Check::per_file`): a repository-level check would
//! judge a handful of staged files as if they were the whole tree.

pub use crate::model::Mode;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::checks::{CheckContext, FileData, Profile};
use crate::config::ConfigError;
use crate::model::{Level, Outcome, Status, Suppression};
use crate::profile::{self, Detected, Signals};
use crate::report::{CheckResult, Report};
use crate::settings::Settings;
use crate::suppress::{self, Marker};
use crate::workspace::{
    kinds, Content, FileEntry, SkipReason, Source, Stats, WalkOptions, Workspace,
};

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

/// How to scan, beyond the settings.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub mode: Mode,
    /// Findings it covers are reported as baselined and do not gate.
    pub baseline: Option<Arc<Baseline>>,
}

/// Scans `source` with `settings`: the whole tree, no baseline.
pub fn scan(settings: &Settings, source: Arc<dyn Source>) -> Result<Report, ScanError> {
    scan_with(settings, source, &ScanOptions::default())
}

/// Scans `source` with `settings` and `opts`.
pub fn scan_with(
    settings: &Settings,
    source: Arc<dyn Source>,
    opts: &ScanOptions,
) -> Result<Report, ScanError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| ScanError::Threads {
            threads: settings.threads,
            reason: e.to_string(),
        })?;
    if opts.mode == Mode::Staged {
        let mut staged = settings.clone();
        staged.plan.retain(|p| p.check.per_file());
        return pool.install(|| scan_in_pool(&staged, source, opts));
    }
    pool.install(|| scan_in_pool(settings, source, opts))
}

fn scan_in_pool(
    settings: &Settings,
    source: Arc<dyn Source>,
    opts: &ScanOptions,
) -> Result<Report, ScanError> {
    let mode = opts.mode;
    let walk = WalkOptions {
        respect_ignores: settings.respect_ignores,
        exclude: settings.exclude_set()?,
        max_file_size: settings.max_file_size,
        threads: settings.threads,
    };
    // A subtree of a repository (`scan --per-service`) names its place in
    // it: finding and marker paths get it before fingerprints, config
    // `ignore` rules and the baseline see them, so a service scanned on
    // its own reports and suppresses by repository paths.
    let prefix = source.prefix();
    let mut ws = Workspace::open(source, &walk)?;
    let pass = single_pass(&ws, settings, mode, &prefix);
    ws.stats_mut().merge(pass.stats);

    // The profile is detected from the whole tree; the hook sees a few
    // files, so there it is known only when configured.
    let (detected, profile) = match (settings.profile, mode) {
        (Some(p), _) => (
            Detected {
                profile: p,
                reason: "configured".into(),
            },
            Some(p),
        ),
        (None, Mode::Full) => {
            let d = profile::decide(&ws, &pass.signals);
            let p = d.profile;
            (d, Some(p))
        }
        (None, Mode::Staged) => (
            Detected {
                profile: Profile::Service,
                reason: "not detected: the hook sees only staged files (set `profile:` in .shipready.yaml); profile-specific checks did not run".into(),
            },
            None,
        ),
    };

    let mut kept = pass.kept;
    let markers = &pass.markers;
    let baseline = opts.baseline.as_deref();
    let mut runs: Vec<Run> = settings
        .plan
        .par_iter()
        .zip(kept.par_iter_mut())
        .map(|(planned, kept)| {
            let kept = std::mem::take(kept);
            run_one(&ws, planned, profile, &kept, markers, baseline, &prefix)
        })
        .collect();

    let mut used = vec![false; markers.len()];
    for run in &runs {
        for i in &run.markers_used {
            used[*i] = true;
        }
    }
    let ran = |id: &str| {
        runs.iter()
            .any(|r| r.result.id == id && r.result.outcome.status != Status::NotApplicable)
    };
    let stale = suppress::stale(markers, &used, ran);
    for f in stale {
        if let Some(r) = runs.iter_mut().find(|r| r.result.id == f.check.as_str()) {
            r.result.outcome.findings.push(f);
        }
    }
    let mut entries_used = vec![false; baseline.map_or(0, Baseline::len)];
    for run in &runs {
        for i in &run.entries_used {
            entries_used[*i] = true;
        }
    }
    let mut results: Vec<CheckResult> = runs.into_iter().map(|r| r.result).collect();
    let baseline_report = baseline.map(|b| {
        let ran: HashSet<String> = results
            .iter()
            .filter(|r| r.outcome.status != Status::NotApplicable)
            .map(|r| r.id.clone())
            .collect();
        // An entry can go stale only if this scan could have matched it:
        // its check ran and, in the hook, its file was among those scanned.
        b.finish(&entries_used, &mut results, |e| {
            ran.contains(&e.check)
                && (mode == Mode::Full || e.path.as_deref().is_some_and(|p| ws.get(p).is_some()))
        })
    });
    for r in &mut results {
        r.outcome.findings.sort_by(|a, b| {
            (&a.path, a.line, &a.rule, &a.message).cmp(&(&b.path, b.line, &b.rule, &b.message))
        });
    }

    let mut report = crate::assemble::build(settings, &ws, detected, results);
    report.mode = mode;
    report.baseline = baseline_report;
    Ok(report)
}

/// One check's result and which markers and baseline entries it used.
struct Run {
    result: CheckResult,
    markers_used: Vec<usize>,
    entries_used: Vec<usize>,
}

/// Reads each file some check wants exactly once, in parallel, and runs
/// every interested inspector while the bytes are in hand.
fn single_pass(ws: &Workspace, settings: &Settings, mode: Mode, prefix: &str) -> PassOutput {
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
            let wants_profile =
                settings.profile.is_none() && mode == Mode::Full && profile::wants(f);
            if wanting.is_empty() && !wants_profile {
                return None;
            }
            let mut out = FileOut {
                kept: Vec::new(),
                markers: Vec::new(),
                signals: None,
                stats: Stats::default(),
            };
            let Some(bytes) = load(ws, f, &mut out.stats) else {
                return Some((i, out));
            };
            let content = Content::new(&f.path, &bytes);
            if wants_profile {
                out.signals = Some(profile::inspect(f, &content));
            }
            for ci in wanting {
                let p = &plan[ci];
                // A panicking inspector loses its data for this file, not the scan.
                let r = catch_unwind(AssertUnwindSafe(|| p.check.inspect(f, &content, &p.params)));
                if let Ok(Some(data)) = r {
                    out.kept.push((ci, data));
                }
            }
            out.markers = if prefix.is_empty() {
                suppress::scan(&f.path, content.bytes())
            } else {
                suppress::scan(&format!("{prefix}{}", f.path), content.bytes())
            };
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

/// One file's bytes for the pass, or None with the reason counted in
/// `stats`: a known binary extension or a size over the cap is skipped
/// unread; a file whose bytes were fetched counts as read, binary or not.
fn load(ws: &Workspace, f: &FileEntry, stats: &mut Stats) -> Option<Vec<u8>> {
    let cap = ws.max_file_size();
    let reason = if kinds::is_known_binary(&f.path) {
        SkipReason::Binary
    } else if f.size > cap {
        SkipReason::TooLarge
    } else {
        match ws.source().read(&f.path, cap) {
            // Grew past the cap since it was listed.
            Ok(bytes) if bytes.len() as u64 > cap => SkipReason::TooLarge,
            Ok(bytes) => {
                stats.files_read += 1;
                stats.bytes_read += bytes.len() as u64;
                if !is_binary(&bytes) {
                    return Some(bytes);
                }
                SkipReason::Binary
            }
            Err(_) => SkipReason::Unreadable,
        }
    };
    stats.skip(reason, &f.path);
    None
}

/// NUL in the first 8 KiB means binary, as git and ripgrep decide it.
fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

fn run_one(
    ws: &Workspace,
    planned: &crate::settings::Planned,
    profile: Option<Profile>,
    kept: &[(usize, FileData)],
    markers: &[Marker],
    baseline: Option<&Baseline>,
    prefix: &str,
) -> Run {
    let meta = planned.check.meta();
    let applies_to = |p: Profile| applies(planned, p);
    let mut outcome = if let Some(reason) = &planned.not_applicable {
        Outcome::not_applicable(format!("declared not applicable: {reason}"))
    } else if profile.is_none() && !Profile::ALL.iter().all(|p| applies_to(*p)) {
        Outcome::not_applicable(format!(
            "applies to {} only, and the hook cannot tell the profile from staged files (set `profile:` in .shipready.yaml)",
            profiles_text(planned, meta)
        ))
    } else if let Some(o) = profile.and_then(|p| not_applicable_to(planned, p)) {
        o
    } else {
        let ctx = CheckContext {
            ws,
            meta,
            params: &planned.params,
            // Unknown only in the hook, and then only checks that apply to
            // every profile get here, so the value cannot change a verdict
            // that respects `meta.profiles`.
            profile: profile.unwrap_or(Profile::Service),
            kept,
        };
        match catch_unwind(AssertUnwindSafe(|| planned.check.run(&ctx))) {
            Ok(Ok(o)) => o,
            Ok(Err(e)) => Outcome::error(format!("could not run: {e}")),
            Err(_) => Outcome::error("internal error: the check panicked; please report it"),
        }
    };
    for f in &mut outcome.findings {
        if let (false, Some(p)) = (prefix.is_empty(), &mut f.path) {
            *p = format!("{prefix}{p}");
        }
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
    let markers_used = suppress::apply(markers, &mut outcome.findings);
    let entries_used = baseline.map_or_else(Vec::new, |b| b.apply(&mut outcome.findings));
    for f in &mut outcome.findings {
        if let Some(c) = f.rule.as_deref().and_then(|r| planned.confidence.get(r)) {
            f.confidence = *c;
        }
    }
    // A check that failed only because of findings, all now suppressed,
    // passes: they stay listed in the report. Baselined findings still
    // count: a baseline changes what the gate fails on, not readiness.
    let counts = |f: &crate::model::Finding| {
        f.level > Level::Info && matches!(f.suppressed, None | Some(Suppression::Baseline))
    };
    if matches!(outcome.status, Status::Fail | Status::Partial)
        && outcome.findings.iter().any(|f| f.suppressed.is_some())
        && !outcome.findings.iter().any(counts)
    {
        let n = outcome
            .findings
            .iter()
            .filter(|f| f.suppressed.is_some())
            .count();
        outcome.status = Status::Pass;
        outcome.score = 1.0;
        outcome.summary = format!(
            "passes with all {n} findings suppressed (before suppression: {})",
            outcome.summary
        );
    }
    outcome.settle_confidence_as(planned.check.doubt());
    if outcome.status == Status::Unknown && planned.attestation.is_some() {
        outcome.status = Status::Attested;
        outcome.score = 1.0;
    } else if let (Some(_), Some((path, line))) = (&planned.attestation, &planned.attestation_at) {
        // An attestation stands in only for what cannot be verified; one
        // for a verdict the repository itself settles is said, not dropped.
        let mut f = crate::model::Finding::new(
            &meta.id,
            format!(
                "attestation ignored: {} is verified from the repository ({}), and attestations count only for checks that report unknown",
                meta.id,
                outcome.status.as_str()
            ),
        )
        .rule("attestation-ignored")
        .level(Level::Info)
        .at(path.clone(), *line);
        f.finish();
        outcome.findings.push(f);
    }
    if matches!(outcome.status, Status::Fail | Status::Partial) && planned.waiver.is_some() {
        outcome.status = Status::Waived;
    }
    Run {
        result: crate::assemble::result(planned, outcome),
        markers_used,
        entries_used,
    }
}

/// Whether `planned` applies to profile `p` (config `profiles:` first,
/// else the check's own).
fn applies(planned: &crate::settings::Planned, p: Profile) -> bool {
    match &planned.profiles {
        Some(ps) => ps.contains(&p),
        None => planned.check.meta().applies_to(p),
    }
}

/// The outcome of a check that does not apply to profile `p`, or None when
/// it applies. Also used to judge a repository-wide result for each service
/// of a monorepo (`fleet::services`).
pub fn not_applicable_to(planned: &crate::settings::Planned, p: Profile) -> Option<Outcome> {
    (!applies(planned, p)).then(|| {
        Outcome::not_applicable(format!(
            "does not apply to a {} (applies to {})",
            p.as_str(),
            profiles_text(planned, planned.check.meta())
        ))
    })
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
    let mut kept: Vec<(usize, FileData)> = Vec::new();
    for (i, f) in ws.files().iter().enumerate() {
        if !check.wants(f, params) {
            continue;
        }
        let Some(bytes) = load(ws, f, &mut Stats::default()) else {
            continue;
        };
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
    o.settle_confidence_as(check.doubt());
    o
}
