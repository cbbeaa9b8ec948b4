//! The command line (clap derive). Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::checks::Profile;
use crate::output::OutputTarget;

/// Tells, with evidence, whether a repository is ready for production.
///
/// With no subcommand, scans the current directory (`shipready scan .`).
#[derive(Debug, Parser)]
#[command(
    name = "shipready",
    version,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a repository and report its readiness (the default).
    Scan(ScanArgs),
    /// Pre-commit hook: scan the staged content for blocking findings.
    ///
    /// Reads what `git commit` would record (the git index), not the working
    /// tree, and runs the per-file checks (secrets first) on it. Exits 1 when
    /// an unsuppressed, unbaselined finding of a failing critical or high
    /// check is staged, 0 otherwise.
    Hook(HookArgs),
    /// Record every current finding in .shipready/baseline.json, so that
    /// later scans and hooks fail only on new ones.
    Baseline(BaselineCmdArgs),
    /// Explain a check: why it matters, what passes, how to fix it.
    Explain(ExplainArgs),
    /// List the checks, or write (or verify with `docs --check`) their catalog.
    #[command(subcommand)]
    Checks(ChecksCommand),
    /// Write a commented .shipready.yaml (never overwrites without --force);
    /// with --templates, also starter files for what the scan found missing.
    Init(InitArgs),
    /// Show the configuration in force: checklist and config merged.
    Config(ConfigArgs),
    /// Vouch for a check only a person can settle (a restore drill, an
    /// on-call rota): writes .shipready/attestations.yaml.
    Attest(AttestArgs),
    /// Write an SVG badge "readiness | <level> <score>" for a README.
    ///
    /// Scans PATH, or reads a JSON report written by `scan -f json` (`--from`).
    /// Exits 0 whatever the score: a badge reports, it does not gate.
    Badge(BadgeArgs),
    /// Print the shell completion script for SHELL.
    ///
    /// For example: `shipready completions bash > /etc/bash_completion.d/shipready`,
    /// `shipready completions zsh > "${fpath[1]}/_shipready"`,
    /// `shipready completions fish > ~/.config/fish/completions/shipready.fish`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per subcommand to DIR.
    Man(ManArgs),
    /// Compare two JSON reports: the score change decomposed into the
    /// checks that were fixed, regressed, added or removed, and the new and
    /// gone findings.
    Diff(DiffArgs),
    /// Work with JSON reports produced elsewhere.
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Args)]
pub struct BadgeArgs {
    /// The repository to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Make the badge from this JSON report instead of scanning.
    #[arg(long, value_name = "REPORT", conflicts_with = "path")]
    pub from: Option<PathBuf>,
    /// Where to write the SVG; standard output when absent.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write shipready.1 and one page per subcommand (shipready-scan.1, ...)
    /// into DIR instead of printing the main page.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AttestArgs {
    /// The check to attest (`shipready checks list` marks the attestable ones).
    pub check: String,
    /// What proves it: a link to the drill record, the rota, a ticket.
    #[arg(long, value_name = "TEXT")]
    pub evidence: String,
    /// Until when it holds: a number of days (`90d`) or a date (YYYY-MM-DD).
    #[arg(long, value_name = "WHEN", default_value = "90d")]
    pub expires: String,
    /// Who vouches [default: git's user.email, else $USER].
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The repository whose attestations to write.
    #[arg(long, default_value = ".", value_name = "PATH")]
    pub path: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct ScanArgs {
    /// The repository to scan [default: .]. Several paths scan each and
    /// print a roll-up, one row per repository.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Scan only the staged changes of the git repository at PATH (what
    /// `git commit` would record), like `shipready hook`.
    #[arg(long, help_heading = "Input", conflicts_with_all = ["repos_from", "per_service"])]
    pub staged: bool,

    /// Also scan the repositories listed in FILE, one path per line (blank
    /// lines and `#` comments ignored), and print a roll-up.
    #[arg(long, value_name = "FILE", help_heading = "Several repositories")]
    pub repos_from: Option<PathBuf>,

    /// Score each service of a monorepo on its own (a directory with a
    /// Dockerfile, a Helm chart, or a manifest with a server dependency),
    /// with the repository-wide checks shared, and print a roll-up.
    #[arg(long, help_heading = "Several repositories")]
    pub per_service: bool,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub baseline: BaselineArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Config file to use instead of the discovered .shipready.yaml.
    #[arg(long, value_name = "FILE", env = "SHIPREADY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Ignore any .shipready.yaml in the repository.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Checklist to use instead of the embedded production-readiness one.
    #[arg(long, value_name = "FILE")]
    pub checklist: Option<PathBuf>,
    /// Scan files that .gitignore, .ignore and git excludes leave out.
    #[arg(long)]
    pub no_ignore: bool,
    /// Leave paths matching GLOB out of the scan (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are listed but not read (default 2 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Baseline")]
pub struct BaselineArgs {
    /// Findings recorded in FILE are reported as baselined and do not fail
    /// the gate [default: .shipready/baseline.json when it exists].
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Do not use .shipready/baseline.json even when it exists.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
}

#[derive(Debug, Args)]
pub struct HookArgs {
    /// Check only these files, at their staged version (the pre-commit
    /// framework passes them); a directory means every staged file below
    /// it. Without FILES: every staged change.
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub baseline: BaselineArgs,

    /// What kind of software this is; profile-specific checks run in the
    /// hook only when it is set here or in .shipready.yaml.
    #[arg(long, value_enum, env = "SHIPREADY_PROFILE", help_heading = "Scoring")]
    pub profile: Option<ProfileArg>,
    /// Run only this check (repeatable).
    #[arg(long = "check", value_name = "ID", help_heading = "Scoring")]
    pub only: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct BaselineCmdArgs {
    /// The repository to baseline.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Where to write the baseline [default: PATH/.shipready/baseline.json].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Accept one credential finding, named by its fingerprint (shown by
    /// `scan -v` and in JSON); needs --reason. Credentials are never
    /// accepted wholesale. Repeat for several.
    #[arg(long, value_name = "FINGERPRINT", requires = "reason")]
    pub accept: Vec<String>,
    /// Why the credentials named by --accept are accepted (recorded in the
    /// baseline beside each).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Scoring")]
pub struct ScoringArgs {
    /// What kind of software this is (detected when absent).
    #[arg(long, value_enum, env = "SHIPREADY_PROFILE")]
    pub profile: Option<ProfileArg>,
    /// Level the verdict is measured against (default: the checklist's, production).
    #[arg(long, value_name = "LEVEL")]
    pub target: Option<String>,
    /// Exit 1 when the score is below N (0-100).
    #[arg(long, value_name = "N", env = "SHIPREADY_FAIL_UNDER", value_parser = parse_score)]
    pub fail_under: Option<f64>,
    /// Run only this check (repeatable).
    #[arg(long = "check", value_name = "ID")]
    pub only: Vec<String>,
}

#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Report format, for standard output or the file a plain `-o FILE` names.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table, env = "SHIPREADY_FORMAT")]
    pub format: Format,
    /// `FILE`: write the --format report to FILE instead of standard
    /// output. `FORMAT=FILE`: also write FORMAT to FILE (repeatable, e.g.
    /// `-o sarif=out.sarif -o markdown=summary.md`); the --format report
    /// still goes to standard output unless a plain `-o FILE` takes it.
    #[arg(long, short = 'o', value_name = "[FORMAT=]FILE", value_parser = crate::output::parse_target)]
    pub output: Vec<OutputTarget>,
    /// Base of absolute file links in Markdown, e.g.
    /// `https://github.com/OWNER/REPO/blob/COMMIT` [default in GitHub
    /// Actions: from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA;
    /// elsewhere links are relative to the repository root].
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// When to color the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show passing checks and every finding.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print nothing but errors; the exit code tells the result.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
}

impl ScanArgs {
    /// The one repository of a single scan: the first path, else `.`.
    pub fn path(&self) -> &std::path::Path {
        self.paths
            .first()
            .map_or(std::path::Path::new("."), |p| p.as_path())
    }

    /// Whether this scan renders a roll-up rather than one report.
    pub fn is_rollup(&self) -> bool {
        self.paths.len() > 1 || self.repos_from.is_some() || self.per_service
    }
}

impl Default for OutputArgs {
    fn default() -> Self {
        OutputArgs {
            format: Format::Table,
            output: Vec::new(),
            link_base: None,
            color: ColorChoice::Auto,
            verbose: false,
            quiet: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable summary for the terminal.
    Table,
    /// Machine-readable, schema_version 2 (docs/report-schema.md).
    Json,
    /// One self-contained page for a browser (no network).
    Html,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// A pull-request comment or GitHub step summary.
    Markdown,
    /// JUnit XML, for CI test-report views.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// A long-running network service.
    Service,
    /// A background job processor.
    Worker,
    /// A package others depend on.
    Library,
    /// A command-line tool.
    Cli,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Service => Profile::Service,
            ProfileArg::Worker => Profile::Worker,
            ProfileArg::Library => Profile::Library,
            ProfileArg::Cli => Profile::Cli,
        }
    }
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0-100"))
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The check id, e.g. docs.readme.
    pub id: String,
    /// How to print it.
    #[arg(long, short = 'f', value_enum, default_value_t = DocFormat::Text)]
    pub format: DocFormat,
    /// Repository whose config sets the effective weight and params.
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ChecksCommand {
    /// Every check: id, category, severity, weight, level, when it applies.
    List {
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Repository whose config (custom checks, overrides) to include.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
    /// Write the check catalog (docs/checks.md) from the registry.
    Docs {
        /// Where to write it; standard output when absent.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Exit 1 if FILE differs from what would be written, instead of writing.
        #[arg(long, requires = "output")]
        check: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to write .shipready.yaml into.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Overwrite an existing .shipready.yaml.
    #[arg(long)]
    pub force: bool,
    /// Also write a starter file for each failing documentation and
    /// operations check: runbooks, SECURITY.md, CODEOWNERS (from the git
    /// history), .dockerignore, a Dependabot or Renovate config, an ADR
    /// template, a README. Never replaces a file, --force or not.
    #[arg(long)]
    pub templates: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The repository whose configuration to show.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the merged settings in force (the default and only view).
    #[arg(long, default_value_t = true)]
    pub effective: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report (`shipready scan -f json`).
    #[arg(value_name = "OLD.json")]
    pub old: PathBuf,
    /// The later report.
    #[arg(value_name = "NEW.json")]
    pub new: PathBuf,
    /// How to print the comparison.
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Write the comparison to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when the score dropped, or a check regressed (pass or
    /// attested to fail or partial) or worsened (a failing check lost
    /// credit).
    #[arg(long)]
    pub fail_on_regression: bool,
    /// When to color the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A readable comparison for the terminal.
    Table,
    /// Machine-readable (kind `shipready.diff`, docs/fleet.md).
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Roll up JSON reports produced elsewhere (one CI job per repository)
    /// into one table: worst first, with the most common blockers.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The reports to roll up (`shipready scan -f json` output), or
    /// roll-ups (`scan A B -f json`) whose rows join as they are.
    #[arg(value_name = "REPORT.json", required = true)]
    pub files: Vec<PathBuf>,
    /// How to print the roll-up.
    #[arg(long, short = 'f', value_enum, default_value_t = RollupFormat::Table)]
    pub format: RollupFormat,
    /// Write the roll-up to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to color the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// List every repository's blockers, not only the most common ones.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print nothing but errors; the exit code tells the result.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RollupFormat {
    /// A readable roll-up for the terminal.
    Table,
    /// Machine-readable (kind `shipready.rollup`, docs/fleet.md).
    Json,
    /// Markdown for a pull-request comment or a CI step summary.
    Markdown,
    /// One self-contained HTML page.
    Html,
}
