//! Command implementations: the glue between the CLI and the engine. Maps
//! every error to an exit code (DESIGN.md): 0 gates held, 1 a gate failed,
//! 2 usage or configuration error, 3 the scan could not complete.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::baseline::{self, Baseline, BaselineError};
use crate::checklist::{self, Checklist};
use crate::cli::{
    BaselineArgs, BaselineCmdArgs, ChecksCommand, ColorChoice, Command, ConfigArgs, DocFormat,
    ExplainArgs, Format, HookArgs, InitArgs, InputArgs, ListFormat, OutputArgs, ReportCommand,
    ScanArgs, ScoringArgs,
};
use crate::config::{self, ConfigError};
use crate::engine::{self, Mode, ScanError, ScanOptions};
use crate::output;
use crate::report::Report;
use crate::settings::{Overrides, Settings};
use crate::workspace::git_index::GitError;
use crate::workspace::{FsSource, GitIndexSource};

pub const EXIT_OK: u8 = 0;
pub const EXIT_GATE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_SCAN: u8 = 3;

/// An error with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub(crate) fn usage(m: impl std::fmt::Display) -> Self {
        Failure {
            code: EXIT_USAGE,
            message: m.to_string(),
        }
    }
    pub(crate) fn scan(m: impl std::fmt::Display) -> Self {
        Failure {
            code: EXIT_SCAN,
            message: m.to_string(),
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::usage(e)
    }
}

impl From<BaselineError> for Failure {
    fn from(e: BaselineError) -> Self {
        Failure::usage(e)
    }
}

impl From<GitError> for Failure {
    fn from(e: GitError) -> Self {
        if e.is_usage() {
            Failure::usage(e)
        } else {
            Failure::scan(e)
        }
    }
}

impl From<ScanError> for Failure {
    fn from(e: ScanError) -> Self {
        match e {
            ScanError::Config(c) => Failure::usage(c),
            other => Failure::scan(other),
        }
    }
}

pub fn run(cli: crate::cli::Cli) -> Result<u8, Failure> {
    match cli.command {
        None => {
            if !cli.scan.is_rollup() {
                mistyped_command(cli.scan.path())?;
            }
            scan(&cli.scan)
        }
        Some(Command::Scan(args)) => scan(&args),
        Some(Command::Hook(args)) => hook(&args),
        Some(Command::Baseline(args)) => write_baseline(&args),
        Some(Command::Explain(args)) => explain(&args),
        Some(Command::Checks(c)) => checks(c),
        Some(Command::Init(args)) => init(&args),
        Some(Command::Config(args)) => show_config(&args),
        Some(Command::Attest(args)) => attest(&args),
        Some(Command::Diff(args)) => crate::fleet::diff(&args),
        Some(Command::Report(ReportCommand::Merge(args))) => crate::fleet::merge(&args),
        Some(Command::Badge(args)) => badge(&args),
        Some(Command::Completions(args)) => {
            print_bytes(&crate::cli_docs::completions(args.shell))?;
            Ok(EXIT_OK)
        }
        Some(Command::Man(args)) => man(&args),
    }
}

/// Loads checklist, config and attestations for `root`, layered with the CLI.
pub fn settings_for(
    root: &Path,
    input: &InputArgs,
    scoring: &ScoringArgs,
) -> Result<Settings, Failure> {
    let list = match &input.checklist {
        Some(p) => {
            let shown = p.display().to_string();
            let text = std::fs::read_to_string(p)
                .map_err(|e| Failure::usage(format!("{shown}: cannot read checklist: {e}")))?;
            let parsed = Checklist::parse(&shown, &text)?;
            (shown, text, parsed)
        }
        None => (
            checklist::DEFAULT_PATH.to_string(),
            checklist::DEFAULT_TEXT.to_string(),
            Checklist::default_embedded()?,
        ),
    };
    let cfg = if input.no_config {
        None
    } else if let Some(p) = &input.config {
        if !p.is_file() {
            return Err(Failure::usage(format!(
                "{}: config file not found",
                p.display()
            )));
        }
        Some(config::load(p)?)
    } else {
        match config::discover(root) {
            Some(p) => Some(config::load(&p)?),
            None => None,
        }
    };
    let atts = config::load_attestations(&root.join(config::ATTESTATIONS_PATH))?;
    let overrides = Overrides {
        profile: scoring.profile.map(Into::into),
        target: scoring.target.clone(),
        fail_under: scoring.fail_under,
        exclude: input.exclude.clone(),
        max_file_size: input.max_file_size,
        respect_ignores: !input.no_ignore,
        threads: input.threads,
        only: scoring.only.clone(),
    };
    Ok(Settings::resolve(list, cfg, atts, &overrides)?)
}

pub(crate) fn color_enabled(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

pub(crate) fn term_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// `shipready explian` reads `explian` as a path to scan. When no such path
/// exists and the word is close to a subcommand, say so as cargo and git
/// do, instead of "no such directory".
fn mistyped_command(path: &Path) -> Result<(), Failure> {
    use clap::CommandFactory;
    let word = path.to_string_lossy();
    if path.exists() || word.contains(['/', '\\', '.']) {
        return Ok(());
    }
    let cmd = crate::cli::Cli::command();
    let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
    match crate::suggest::closest(&word, names.iter().copied()) {
        Some(s) => Err(Failure::usage(format!(
            "'{word}' is neither a subcommand nor a directory; did you mean 'shipready {s}'?"
        ))),
        None => Ok(()),
    }
}

fn scan(args: &ScanArgs) -> Result<u8, Failure> {
    check_outputs(&args.output)?;
    if args.is_rollup() {
        return crate::fleet::scan_rollup(args);
    }
    if args.staged {
        return staged(
            args.path(),
            None,
            &args.input,
            &args.scoring,
            &args.baseline,
            &args.output,
        );
    }
    let report = scan_report(args.path(), args)?;
    emit(&report, &args.output)
}

/// The whole-tree report of the repository at `root` with the flags of
/// `args`: for `scan PATH` and each repository of a roll-up.
pub(crate) fn scan_report(root: &Path, args: &ScanArgs) -> Result<Report, Failure> {
    let source = FsSource::new(root).map_err(Failure::scan)?;
    let settings = settings_for(root, &args.input, &args.scoring)?;
    let opts = ScanOptions {
        mode: Mode::Full,
        baseline: load_baseline(root, &args.baseline)?,
    };
    Ok(engine::scan_with(&settings, Arc::new(source), &opts)?)
}

fn hook(args: &HookArgs) -> Result<u8, Failure> {
    check_outputs(&args.output)?;
    let scoring = ScoringArgs {
        profile: args.profile,
        only: args.only.clone(),
        ..Default::default()
    };
    let files = (!args.files.is_empty()).then_some(args.files.as_slice());
    staged(
        Path::new("."),
        files,
        &args.input,
        &scoring,
        &args.baseline,
        &args.output,
    )
}

/// Hook mode: the git index of the repository at `dir` as the source.
fn staged(
    dir: &Path,
    files: Option<&[PathBuf]>,
    input: &InputArgs,
    scoring: &ScoringArgs,
    baseline: &BaselineArgs,
    out: &OutputArgs,
) -> Result<u8, Failure> {
    let source = GitIndexSource::open(dir, files)?;
    // Config and baseline come from the top of the work tree, wherever in
    // it the hook was started.
    let root = source.root().to_path_buf();
    let settings = settings_for(&root, input, scoring)?;
    let opts = ScanOptions {
        mode: Mode::Staged,
        baseline: load_baseline(&root, baseline)?,
    };
    let report = engine::scan_with(&settings, Arc::new(source), &opts)?;
    emit(&report, out)
}

/// The baseline a scan uses: `--baseline FILE`, else the repository's
/// `.shipready/baseline.json` when it exists (the team committed it so
/// every run honours it), unless `--no-baseline`.
pub(crate) fn load_baseline(
    root: &Path,
    args: &BaselineArgs,
) -> Result<Option<Arc<Baseline>>, Failure> {
    if args.no_baseline {
        return Ok(None);
    }
    if let Some(p) = &args.baseline {
        if !p.is_file() {
            return Err(Failure::usage(format!(
                "{}: baseline file not found (`shipready baseline -o {}` writes one)",
                p.display(),
                p.display()
            )));
        }
        return Ok(Some(Arc::new(Baseline::load(p)?)));
    }
    let default = root.join(baseline::DEFAULT_PATH);
    if !default.is_file() {
        return Ok(None);
    }
    let mut b = Baseline::load(&default)?;
    b.path = baseline::DEFAULT_PATH.to_string();
    Ok(Some(Arc::new(b)))
}

/// Renders `report` to every output `out` names and maps its gates to
/// the exit code. Usage errors in `out` were caught before the scan by
/// `check_outputs`.
fn emit(report: &Report, out: &OutputArgs) -> Result<u8, Failure> {
    let plan = output::plan(out.format, &out.output).map_err(Failure::usage)?;
    let opts = |to_terminal: bool| output::Options {
        color: color_enabled(out.color, to_terminal),
        verbose: out.verbose,
        width: term_width(),
        link_base: output::link_base(out.link_base.as_deref()).ok().flatten(),
    };
    for (format, path) in &plan.files {
        write_file(path, &output::render(report, *format, &opts(false)))?;
    }
    let shown = plan.stdout.filter(|_| !out.quiet);
    if let Some(format) = shown {
        print(&output::render(
            report,
            format,
            &opts(std::io::stdout().is_terminal()),
        ))?;
    }
    let gates = report.gate_failures();
    if !out.quiet && shown != Some(Format::Table) {
        for g in &gates {
            eprintln!("shipready: gate failed: {g}");
        }
    }
    // With every report in files, a line on stderr still tells the
    // person (or the CI log) the result and where the reports went.
    if !out.quiet && shown.is_none() {
        eprintln!("{}", output::summary_line(report, &plan.files));
    }
    Ok(if gates.is_empty() { EXIT_OK } else { EXIT_GATE })
}

/// Refuses bad `-o` and `--link-base` values before a scan is spent.
fn check_outputs(out: &OutputArgs) -> Result<(), Failure> {
    output::plan(out.format, &out.output).map_err(Failure::usage)?;
    output::link_base(out.link_base.as_deref()).map_err(Failure::usage)?;
    Ok(())
}

pub(crate) fn print(text: &str) -> Result<(), Failure> {
    print_bytes(text.as_bytes())
}

fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not our failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::scan(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::scan(format!("{}: cannot create directory: {e}", dir.display()))
        })?;
    }
    std::fs::write(path, text)
        .map_err(|e| Failure::scan(format!("{}: cannot write: {e}", path.display())))
}

/// `shipready baseline`: scan the whole tree and record every open finding.
fn write_baseline(args: &BaselineCmdArgs) -> Result<u8, Failure> {
    let root = &args.path;
    let source = FsSource::new(root).map_err(Failure::scan)?;
    let settings = settings_for(root, &args.input, &args.scoring)?;
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| root.join(baseline::DEFAULT_PATH));
    // The file being replaced, only to say what changed; an unreadable one
    // is simply replaced (that is how to repair it).
    let old = target
        .is_file()
        .then(|| Baseline::load(&target).ok())
        .flatten();
    let report = engine::scan(&settings, Arc::new(source))?;
    let reason = args.reason.clone().unwrap_or_default();
    if args.reason.is_some() && reason.trim().is_empty() {
        return Err(Failure::usage(
            "--reason must say why the credential is accepted",
        ));
    }
    let accept = baseline::Acceptance {
        accepted: args
            .accept
            .iter()
            .map(|a| (a.clone(), reason.clone()))
            .collect(),
        previous: old.as_ref().map(|o| o.entries.clone()).unwrap_or_default(),
    };
    let (b, left_out) = Baseline::from_report(target.display().to_string(), &report, &accept);
    write_file(&target, &b.render())?;
    for f in &left_out {
        eprintln!(
            "not accepted: {} {} (fingerprint {}): a credential enters the baseline only by `shipready baseline --accept {} --reason \"...\"`",
            f.location(),
            f.rule.as_deref().unwrap_or(f.check.as_str()),
            f.fingerprint,
            f.fingerprint
        );
    }
    let mut msg = format!(
        "wrote {}: {} entr{}",
        target.display(),
        b.len(),
        if b.len() == 1 { "y" } else { "ies" }
    );
    if let Some(old) = old {
        let (added, removed) = baseline::changes(&old.entries, &b.entries);
        msg.push_str(&format!(" ({added} added, {removed} removed)"));
    }
    eprintln!("{msg}");
    Ok(EXIT_OK)
}

fn explain(args: &ExplainArgs) -> Result<u8, Failure> {
    let settings = settings_for(&args.path, &InputArgs::default(), &ScoringArgs::default())
        .or_else(|_| {
            settings_for(
                &args.path,
                &InputArgs {
                    no_config: true,
                    ..Default::default()
                },
                &ScoringArgs::default(),
            )
        })?;
    let Some(check) = settings.registry.get(&args.id) else {
        let hint = settings
            .registry
            .suggest(&args.id)
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_else(|| " (`shipready checks list` shows every check)".into());
        return Err(Failure::usage(format!("unknown check '{}'{hint}", args.id)));
    };
    let planned = settings
        .plan
        .iter()
        .find(|p| p.check.meta().id.as_str() == args.id);
    let text = match args.format {
        DocFormat::Text => {
            crate::docs::explain_text(check.meta(), planned, &settings, term_width() as usize)
        }
        DocFormat::Markdown => crate::docs::explain_markdown(check.meta(), planned, &settings),
        DocFormat::Json => crate::docs::explain_json(check.meta(), planned, &settings),
    };
    print(&text)?;
    Ok(EXIT_OK)
}

fn checks(cmd: ChecksCommand) -> Result<u8, Failure> {
    match cmd {
        ChecksCommand::List { format, path } => {
            let settings = settings_for(&path, &InputArgs::default(), &ScoringArgs::default())?;
            let text = match format {
                ListFormat::Table => crate::docs::list_table(&settings, term_width()),
                ListFormat::Json => crate::docs::list_json(&settings),
            };
            print(&text)?;
            Ok(EXIT_OK)
        }
        ChecksCommand::Docs { output, check } => {
            let settings = settings_for(
                Path::new("."),
                &InputArgs {
                    no_config: true,
                    ..Default::default()
                },
                &ScoringArgs::default(),
            )?;
            let text = crate::docs::catalog(&settings);
            match (output, check) {
                (Some(path), true) => {
                    let current = std::fs::read_to_string(&path).unwrap_or_default();
                    if current == text {
                        Ok(EXIT_OK)
                    } else {
                        eprintln!(
                            "{} is stale; run `shipready checks docs -o {}`",
                            path.display(),
                            path.display()
                        );
                        Ok(EXIT_GATE)
                    }
                }
                (Some(path), false) => {
                    write_file(&path, &text)?;
                    Ok(EXIT_OK)
                }
                (None, _) => {
                    print(&text)?;
                    Ok(EXIT_OK)
                }
            }
        }
    }
}

fn init(args: &InitArgs) -> Result<u8, Failure> {
    if args.templates {
        return init_templates(args);
    }
    let target = args.path.join(".shipready.yaml");
    if !args.path.is_dir() {
        return Err(Failure::usage(format!(
            "{}: not a directory",
            args.path.display()
        )));
    }
    if let Some(existing) = config::discover(&args.path) {
        if !args.force {
            return Err(Failure::usage(format!(
                "{} exists; not overwriting it (use --force to replace it)",
                existing.display()
            )));
        }
    }
    // Detect the profile so the starter config says what we saw.
    let settings = settings_for(
        &args.path,
        &InputArgs {
            no_config: true,
            ..Default::default()
        },
        &ScoringArgs::default(),
    )?;
    let source = FsSource::new(&args.path).map_err(Failure::scan)?;
    let report = engine::scan(&settings, Arc::new(source))?;
    let text = crate::docs::init_template(&report);
    write_file(&target, &text)?;
    eprintln!(
        "wrote {} (profile {}: {})",
        target.display(),
        report.profile.profile.as_str(),
        report.profile.reason
    );
    Ok(EXIT_OK)
}

/// `init --templates`: scan as `shipready scan` would (the repository's
/// config, waivers and profile), then write a starter for each failing
/// documentation and operations check (`templates`), and .shipready.yaml
/// as plain `init` does unless one exists and --force is absent.
fn init_templates(args: &InitArgs) -> Result<u8, Failure> {
    let root = &args.path;
    if !root.is_dir() {
        return Err(Failure::usage(format!(
            "{}: not a directory",
            root.display()
        )));
    }
    let settings = settings_for(root, &InputArgs::default(), &ScoringArgs::default())?;
    let report = engine::scan(
        &settings,
        Arc::new(FsSource::new(root).map_err(Failure::scan)?),
    )?;
    let walk = crate::workspace::WalkOptions {
        respect_ignores: settings.respect_ignores,
        exclude: settings.exclude_set()?,
        max_file_size: settings.max_file_size,
        threads: settings.threads,
    };
    let ws = crate::workspace::Workspace::open(
        Arc::new(FsSource::new(root).map_err(Failure::scan)?),
        &walk,
    )
    .map_err(Failure::scan)?;
    let needs_history = report
        .checks
        .iter()
        .any(|c| c.id == "ops.ownership" && c.outcome.status == crate::model::Status::Fail);
    let history = if needs_history {
        crate::templates::History::read(root)
    } else {
        crate::templates::History::Unavailable("not needed".into())
    };
    let project = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".into());
    let plan = crate::templates::plan(&crate::templates::Inputs {
        report: &report,
        ws: &ws,
        history: &history,
        project: &project,
    });

    let mut out = vec![format!(
        "scanned {}: score {}, level {}",
        root.display(),
        crate::report::fmt_num(report.summary.score),
        report.summary.level
    )];
    match config::discover(root) {
        Some(existing) if !args.force => out.push(format!(
            "skipped {}: exists (--force replaces it)",
            existing.strip_prefix(root).unwrap_or(&existing).display()
        )),
        existing => {
            // The starter config describes the tree without any config.
            let fresh = if existing.is_some() {
                let bare = settings_for(
                    root,
                    &InputArgs {
                        no_config: true,
                        ..Default::default()
                    },
                    &ScoringArgs::default(),
                )?;
                engine::scan(&bare, Arc::new(FsSource::new(root).map_err(Failure::scan)?))?
            } else {
                report.clone()
            };
            let target = root.join(".shipready.yaml");
            write_file(&target, &crate::docs::init_template(&fresh))?;
            out.push(format!(
                "wrote .shipready.yaml: profile {} ({})",
                fresh.profile.profile.as_str(),
                fresh.profile.reason
            ));
        }
    }
    let rescan = format!("shipready scan {}", shell_word(&root.display().to_string()));
    out.extend(crate::templates::apply(root, &plan, &rescan).map_err(Failure::scan)?);
    print(&(out.join("\n") + "\n"))?;
    Ok(EXIT_OK)
}

/// `s` as one word for a POSIX shell, quoted only when it must be.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `shipready man`: the main page to standard output, or every page into
/// a directory.
fn man(args: &crate::cli::ManArgs) -> Result<u8, Failure> {
    let Some(dir) = &args.output else {
        let page = crate::cli_docs::main_page()
            .map_err(|e| Failure::scan(format!("cannot render the manual page: {e}")))?;
        print_bytes(&page)?;
        return Ok(EXIT_OK);
    };
    let pages = crate::cli_docs::all_pages()
        .map_err(|e| Failure::scan(format!("cannot render the manual pages: {e}")))?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::scan(format!("{}: cannot create directory: {e}", dir.display())))?;
    for (name, page) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, page)
            .map_err(|e| Failure::scan(format!("{}: cannot write: {e}", path.display())))?;
    }
    eprintln!("wrote {} manual pages to {}", pages.len(), dir.display());
    Ok(EXIT_OK)
}

fn show_config(args: &ConfigArgs) -> Result<u8, Failure> {
    let settings = settings_for(&args.path, &args.input, &args.scoring)?;
    let json = serde_json::to_string_pretty(&settings.effective()).map_err(Failure::scan)?;
    print(&format!("{json}\n"))?;
    Ok(EXIT_OK)
}

/// `shipready attest`: records (or renews) one attestation, keeping the
/// others, sorted by check so the file diffs cleanly.
fn attest(args: &crate::cli::AttestArgs) -> Result<u8, Failure> {
    let registry = crate::checks::Registry::builtin();
    let attestable: Vec<&str> = registry
        .iter()
        .filter(|c| c.attestable())
        .map(|c| c.meta().id.as_str())
        .collect();
    match registry.get(&args.check) {
        None => {
            let hint = crate::suggest::closest(&args.check, attestable.iter().copied())
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            return Err(Failure::usage(format!("unknown check '{}'{hint}", args.check)));
        }
        Some(c) if !c.attestable() => {
            return Err(Failure::usage(format!(
                "{} is verified from the repository itself; only checks that cannot be can be attested: {}",
                args.check,
                attestable.join(", ")
            )))
        }
        Some(_) => {}
    }
    if args.evidence.trim().is_empty() {
        return Err(Failure::usage(
            "--evidence must say what proves it (a link, a record)",
        ));
    }
    let today = crate::date::today();
    let expires = crate::date::resolve(&args.expires, &today).ok_or_else(|| {
        Failure::usage(format!(
            "--expires '{}': give a number of days (90d) or a date (YYYY-MM-DD)",
            args.expires
        ))
    })?;
    if crate::date::expired(&expires, &today) {
        return Err(Failure::usage(format!(
            "--expires {expires} is already past"
        )));
    }
    let author = match &args.author {
        Some(a) => a.clone(),
        None => git_user(&args.path)
            .or_else(|| std::env::var("USER").ok())
            .filter(|a| !a.trim().is_empty())
            .ok_or_else(|| Failure::usage("say who vouches with --author"))?,
    };
    let path = args.path.join(crate::config::ATTESTATIONS_PATH);
    let mut all = crate::config::load_attestations(&path)?
        .map(|l| l.value.attestations)
        .unwrap_or_default();
    all.retain(|a| a.check != args.check);
    all.push(crate::model::Attestation {
        check: args.check.clone(),
        evidence: args.evidence.clone(),
        author,
        expires: expires.clone(),
    });
    all.sort_by(|a, b| a.check.cmp(&b.check));
    // JSON strings are YAML double-quoted scalars: any evidence text stays
    // one well-formed value.
    let q = |s: &str| serde_json::Value::from(s).to_string();
    let mut text = String::from(
        "# Facts the repository cannot show, vouched for by a person until they expire.\n# Written by `shipready attest`.\nattestations:\n",
    );
    for a in &all {
        text.push_str(&format!(
            "  - check: {}\n    evidence: {}\n    author: {}\n    expires: {}\n",
            a.check,
            q(&a.evidence),
            q(&a.author),
            a.expires
        ));
    }
    write_file(&path, &text)?;
    eprintln!(
        "attested {} until {expires} in {}",
        args.check,
        path.display()
    );
    Ok(EXIT_OK)
}

/// `shipready badge`: the SVG of a fresh scan of PATH, or of `--from`'s
/// JSON report.
fn badge(args: &crate::cli::BadgeArgs) -> Result<u8, Failure> {
    let svg = match &args.from {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::usage(format!("{}: cannot read the report: {e}", path.display()))
            })?;
            let badge = crate::report::badge::Badge::from_json(&text)
                .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
            crate::report::badge::render_badge(&badge)
        }
        None => {
            let source = FsSource::new(&args.path).map_err(Failure::scan)?;
            let settings = settings_for(&args.path, &args.input, &args.scoring)?;
            crate::report::badge::render(&engine::scan(&settings, Arc::new(source))?)
        }
    };
    match &args.output {
        Some(path) => write_file(path, &svg)?,
        None => print(&svg)?,
    }
    Ok(EXIT_OK)
}

/// git's user.email for the repository at `dir`, if git is there and set.
fn git_user(dir: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["config", "user.email"])
        .output()
        .ok()?;
    let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}
