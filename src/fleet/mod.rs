//! Workflows over several reports (docs/fleet.md): `diff` of two, and the
//! roll-up of several repositories (`scan A B C`, `--repos-from`), of
//! reports produced elsewhere (`report merge`) or of the services of a
//! monorepo (`scan --per-service`).
//!
//! Every roll-up row is made from a report read as JSON (`view`): one
//! scanned here is turned into that view the same way, so `scan A B` and
//! `report merge a.json b.json` over the same reports print the same
//! roll-up. Gates come from the report itself when it was scanned here,
//! and from the same rules applied to the JSON when it was merged.
//!
//! One repository that cannot be scanned or read becomes an error row and
//! never stops the others; the exit code is the highest any row would have
//! had alone (0 held, 1 a gate failed, 2 usage or config, 3 not scanned).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::app::{self, Failure};
use crate::cli::{
    ColorChoice, DiffArgs, DiffFormat, Format, MergeArgs, OutputArgs, RollupFormat, ScanArgs,
};
use crate::report::rollup::{self, BlockerRef, CategoryCell, Rollup, Row, RowResult, Source};
use crate::report::Report;

pub mod diff;
pub mod services;
pub mod view;

use view::ReportView;

/// A row for a report scanned here.
pub fn row_from_report(name: String, input: String, report: &Report) -> Row {
    let gates = report.gate_failures();
    // The report is plain data that serialises to the schema the view
    // reads; a failure here would be a bug, shown as an error row.
    let view = serde_json::to_value(report)
        .and_then(serde_json::from_value::<ReportView>)
        .map_err(|e| format!("internal error: the report does not read back as JSON: {e}"));
    match view {
        Ok(v) => row_from_view(name, input, &v, gates),
        Err(e) => error_row(name, input, app::EXIT_SCAN, e),
    }
}

/// A row for a report read from JSON, with the gates it failed.
pub fn row_from_view(name: String, input: String, v: &ReportView, gates: Vec<String>) -> Row {
    let categories = v
        .categories
        .iter()
        .map(|c| CategoryCell {
            category: c.category.clone(),
            state: c.state.clone().unwrap_or_else(|| {
                if c.score.is_some() {
                    "scored".into()
                } else {
                    "not_examined".into()
                }
            }),
            score: c.score,
        })
        .collect();
    let blockers = v
        .checks
        .iter()
        .filter(|c| c.is_blocker())
        .map(|c| BlockerRef {
            check: c.id.clone(),
            title: c.title.clone(),
            severity: c.severity.clone(),
            status: c.status.clone(),
        })
        .collect();
    Row {
        name,
        input,
        exit_code: if gates.is_empty() {
            app::EXIT_OK
        } else {
            app::EXIT_GATE
        },
        detected_by: None,
        error: None,
        result: Some(RowResult {
            verdict: v.summary.verdict.clone(),
            level: v.summary.level.clone(),
            target: v.summary.target.clone(),
            score: v.summary.score,
            raw_score: v.summary.raw_score,
            capped_by: v.summary.capped_by.clone(),
            coverage: v.summary.coverage,
            profile: v.profile.profile.clone(),
            scoring_model: v.scoring_model.clone(),
            checklist: v.checklist.clone(),
            categories,
            blockers,
            gates,
            findings: v.summary.findings,
        }),
    }
}

pub fn error_row(name: String, input: String, code: u8, message: String) -> Row {
    Row {
        name,
        input,
        exit_code: code,
        detected_by: None,
        error: Some(message),
        result: None,
    }
}

/// The roll-up form of one of `scan`'s formats.
fn rollup_format(f: Format) -> Result<RollupFormat, Failure> {
    match f {
        Format::Table => Ok(RollupFormat::Table),
        Format::Json => Ok(RollupFormat::Json),
        Format::Markdown => Ok(RollupFormat::Markdown),
        Format::Html => Ok(RollupFormat::Html),
        Format::Sarif | Format::Junit => Err(Failure::usage(format!(
            "a roll-up is rendered as table, json, markdown or html, not {}; scan one repository for {}",
            format_name(f),
            format_name(f)
        ))),
    }
}

fn format_name(f: Format) -> String {
    use clap::ValueEnum;
    f.to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// Where a roll-up goes: standard output and files, each in its format.
struct Out {
    stdout: Option<RollupFormat>,
    files: Vec<(RollupFormat, PathBuf)>,
    color: ColorChoice,
    verbose: bool,
    quiet: bool,
}

impl Out {
    /// `scan`'s `--format` and `-o [FORMAT=]FILE`, as for one report.
    fn of_scan(out: &OutputArgs) -> Result<Out, Failure> {
        let plan = crate::output::plan(out.format, &out.output).map_err(Failure::usage)?;
        Ok(Out {
            stdout: plan.stdout.map(rollup_format).transpose()?,
            files: plan
                .files
                .into_iter()
                .map(|(f, p)| rollup_format(f).map(|f| (f, p)))
                .collect::<Result<_, _>>()?,
            color: out.color,
            verbose: out.verbose,
            quiet: out.quiet,
        })
    }
}

fn render(r: &Rollup, format: RollupFormat, color: bool, verbose: bool) -> String {
    match format {
        RollupFormat::Table => rollup::table::render(
            r,
            rollup::table::Style {
                color,
                verbose,
                width: app::term_width(),
            },
        ),
        RollupFormat::Json => rollup::render_json(r),
        RollupFormat::Markdown => rollup::markdown::render(r),
        RollupFormat::Html => rollup::html::render(r),
    }
}

/// Writes and prints `r` as `out` asks, and returns its exit code.
fn emit(r: &Rollup, out: &Out) -> Result<u8, Failure> {
    for (format, path) in &out.files {
        app::write_file(path, &render(r, *format, false, out.verbose))?;
    }
    let shown = out.stdout.filter(|_| !out.quiet);
    if let Some(format) = shown {
        let color = app::color_enabled(out.color, std::io::stdout().is_terminal());
        app::print(&render(r, format, color, out.verbose))?;
    }
    let failed: Vec<&str> = r
        .rows
        .iter()
        .filter(|row| row.result.as_ref().is_some_and(|res| !res.gates.is_empty()))
        .map(|row| row.name.as_str())
        .collect();
    if !failed.is_empty() && shown != Some(RollupFormat::Table) && !out.quiet {
        eprintln!(
            "shipready: gates failed in {} of {} {}: {}",
            failed.len(),
            r.summary.rows,
            r.source.nouns(),
            failed.join(", ")
        );
    }
    Ok(r.summary.exit_code)
}

/// One line of progress per repository, on a terminal only.
fn progress(i: usize, n: usize, name: &str) {
    if n > 1 && std::io::stderr().is_terminal() {
        eprintln!("shipready: scanning {name} ({}/{n})", i + 1);
    }
}

/// `shipready scan A B C`, `--repos-from FILE`, `--per-service`.
pub fn scan_rollup(args: &ScanArgs) -> Result<u8, Failure> {
    if args.staged {
        return Err(Failure::usage(
            "--staged scans one repository's staged files; give one path",
        ));
    }
    // Refused before anything is scanned.
    let out = Out::of_scan(&args.output)?;
    let mut targets: Vec<(String, PathBuf)> = args
        .paths
        .iter()
        .map(|p| (p.display().to_string(), p.clone()))
        .collect();
    if let Some(list) = &args.repos_from {
        targets.extend(read_list(list)?);
    }
    if targets.is_empty() {
        targets.push((".".into(), PathBuf::from(".")));
    }
    let mut rows = Vec::new();
    let mut shared = Vec::new();
    let n = targets.len();
    for (i, (name, path)) in targets.iter().enumerate() {
        progress(i, n, name);
        let input = path.display().to_string();
        if args.per_service {
            match services::scan(path, args) {
                Ok(s) => {
                    for mut row in s.rows {
                        if n > 1 {
                            row.name = format!("{}/{}", name.trim_end_matches('/'), row.name);
                        }
                        rows.push(row);
                    }
                    shared = s.shared;
                }
                Err(f) => {
                    eprintln!("shipready: {}", f.message);
                    rows.push(error_row(name.clone(), input, f.code, f.message));
                }
            }
            continue;
        }
        match app::scan_report(path, args) {
            Ok(report) => rows.push(row_from_report(name.clone(), input, &report)),
            Err(f) => {
                eprintln!("shipready: {}", f.message);
                rows.push(error_row(name.clone(), input, f.code, f.message));
            }
        }
    }
    let (source, repository) = if args.per_service {
        (Source::PerService, (n == 1).then(|| targets[0].0.clone()))
    } else {
        (Source::Scan, None)
    };
    let r = rollup::assemble(source, repository, shared, rows);
    emit(&r, &out)
}

/// The repositories listed in `file`: one path per line, blank lines and
/// `#` comments ignored, relative paths taken from the file's directory
/// (so a list kept beside the repositories works from anywhere). Each is
/// named as written.
fn read_list(file: &Path) -> Result<Vec<(String, PathBuf)>, Failure> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::usage(format!(
            "{}: cannot read the list of repositories: {e}",
            file.display()
        ))
    })?;
    let base = file.parent().unwrap_or(Path::new(""));
    let out: Vec<(String, PathBuf)> = parse_list(&text)
        .into_iter()
        .map(|line| {
            let p = Path::new(&line);
            let path = if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            };
            (line, path)
        })
        .collect();
    if out.is_empty() {
        return Err(Failure::usage(format!(
            "{}: lists no repository (one path per line; `#` starts a comment)",
            file.display()
        )));
    }
    Ok(out)
}

/// The entries of a repository list: trimmed, without blank lines and
/// `#` comments (a whole line, or after whitespace).
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let l = l.trim_start_matches('\u{feff}');
            let cut = l
                .char_indices()
                .find(|(i, c)| *c == '#' && (*i == 0 || l[..*i].ends_with(char::is_whitespace)))
                .map_or(l, |(i, _)| &l[..i]);
            cut.trim().to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// Reads and parses one report; the error names the file.
fn load(file: &Path) -> Result<ReportView, String> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("{shown}: cannot read the report: {e}"))?;
    view::parse(&shown, &text)
}

/// What `report merge` reads: a report, or a roll-up made elsewhere (a
/// shard of a large fleet scanned with `scan --repos-from`).
enum Input {
    Report(Box<ReportView>),
    Rollup(Vec<Row>),
}

fn load_input(file: &Path) -> Result<Input, String> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("{shown}: cannot read the report: {e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{shown}: not JSON ({e}); {} (or a roll-up, `-f json`)",
            view::EXPECTED
        )
    })?;
    if value.get("kind").and_then(|k| k.as_str()) != Some(rollup::KIND) {
        return view::parse_value(&shown, value).map(|v| Input::Report(Box::new(v)));
    }
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(rollup::SCHEMA_VERSION) => {}
        other => {
            return Err(format!(
                "{shown}: roll-up schema_version {}, but this shipready reads roll-up schema_version {}",
                other.map_or("missing".to_string(), |v| v.to_string()),
                rollup::SCHEMA_VERSION
            ))
        }
    }
    let rows = value.get("rows").cloned().unwrap_or_default();
    serde_json::from_value(rows)
        .map(Input::Rollup)
        .map_err(|e| format!("{shown}: not a shipready roll-up ({e})"))
}

/// `shipready report merge FILES`.
pub fn merge(args: &MergeArgs) -> Result<u8, Failure> {
    let mut rows = Vec::new();
    for file in &args.files {
        let input = file.display().to_string();
        match load_input(file) {
            Ok(Input::Report(v)) => {
                let gates = v.gate_failures();
                rows.push(row_from_view(merged_name(&v, file), input, &v, gates));
            }
            Ok(Input::Rollup(from)) => rows.extend(from),
            Err(e) => {
                eprintln!("shipready: {e}");
                let name = file
                    .file_stem()
                    .map_or(input.clone(), |s| s.to_string_lossy().into_owned());
                rows.push(error_row(name, input, app::EXIT_USAGE, e));
            }
        }
    }
    let r = rollup::assemble(Source::Merge, None, Vec::new(), rows);
    emit(
        &r,
        &Out {
            stdout: args.output.is_none().then_some(args.format),
            files: args
                .output
                .iter()
                .map(|p| (args.format, p.clone()))
                .collect(),
            color: args.color,
            verbose: args.verbose,
            quiet: args.quiet,
        },
    )
}

/// A merged report's row name: the root it scanned, unless that says
/// nothing (`.`, as a CI job scanning its checkout writes), then the
/// report file's name without `.json`.
fn merged_name(v: &ReportView, file: &Path) -> String {
    let root = v.root.trim_end_matches('/');
    if !root.is_empty() && root != "." {
        return root.to_string();
    }
    file.file_stem().map_or_else(
        || file.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// `shipready diff OLD NEW`.
pub fn diff(args: &DiffArgs) -> Result<u8, Failure> {
    let old = load(&args.old).map_err(Failure::usage)?;
    let new = load(&args.new).map_err(Failure::usage)?;
    let d = diff::compare(
        &args.old.display().to_string(),
        &old,
        &args.new.display().to_string(),
        &new,
    );
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        DiffFormat::Table => crate::report::diff::table::render(
            &d,
            crate::report::diff::table::Style {
                color: app::color_enabled(args.color, to_terminal),
            },
        ),
        DiffFormat::Json => crate::report::diff::render_json(&d),
        DiffFormat::Markdown => crate::report::diff::markdown::render(&d),
    };
    match &args.output {
        Some(path) => app::write_file(path, &text)?,
        None => app::print(&text)?,
    }
    if let (true, Some(r)) = (args.fail_on_regression, d.regression_summary()) {
        if args.format != DiffFormat::Table || args.output.is_some() {
            eprintln!("shipready: regression: {r}");
        }
        return Ok(app::EXIT_GATE);
    }
    Ok(app::EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_lists() {
        let cases: &[(&str, &[&str])] = &[
            ("a\nb\n", &["a", "b"]),
            ("# repos\n\n  api  \n", &["api"]),
            ("web # the shop\n", &["web"]),
            ("dir#1\n", &["dir#1"]),
            ("\u{feff}first\r\nsecond\r\n", &["first", "second"]),
            ("   # only a comment\n", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(parse_list(text), *want, "{text:?}");
        }
    }
}
