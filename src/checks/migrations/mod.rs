//! Database migration checks: can each migration go back, and is its DDL
//! safe to run against a live database.
//!
//! Both checks read the same per-file model (`formats::migrations`), parsed
//! once per file, plus a few repository facts gathered in the same pass:
//! the database the configuration names (dialect), which migration tool a
//! manifest names (golang-migrate and sqlx share file names), Atlas'
//! `atlas.sum` directories and, for `migrations.reversible`, the lines of
//! the documentation that describe a roll-forward or restore strategy.
//!
//! Recency: a repository with years of migrations holds old ones that ran
//! against production long ago, many of them on tables that were small
//! then. Judging them would measure the past, not the team's practice, so
//! both checks judge the newest `recent` migrations of each migration
//! directory (default 50; 0 judges all) and say how many they left out.
//! State that later migrations depend on (a CHECK validated years ago) is
//! still followed through every migration.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{CheckContext, CheckRef, FileData, Params};
use crate::formats::migrations::OrmKind;
use crate::formats::migrations::{self as fm, Down, Framework, MigrationFile, Role, Unit};
use crate::formats::sql::{Dialect, Stmt};
use crate::model::{Confidence, Finding};
use crate::suppress::Marker;
use crate::workspace::{Content, FileEntry, FileKind, Model};

pub mod reversible;
pub mod safe_ddl;
pub mod tested;
pub mod versioned;

pub fn all() -> Vec<CheckRef> {
    vec![
        Arc::new(reversible::Reversible),
        Arc::new(safe_ddl::SafeDdl),
        Arc::new(tested::Tested),
        Arc::new(versioned::Versioned),
    ]
}

/// squawk rule ids with a one-to-one counterpart among our rule ids, so
/// `-- squawk-ignore <rule>` suppresses the same finding here.
pub const SQUAWK_RULES: &[(&str, &str)] = &[
    (
        "require-concurrent-index-creation",
        "create-index-non-concurrent",
    ),
    ("adding-required-field", "add-column-not-null-no-default"),
    ("adding-field-with-default", "add-column-volatile-default"),
    ("changing-column-type", "alter-column-type"),
    ("renaming-column", "rename-column"),
    ("renaming-table", "rename-table"),
    ("ban-drop-column", "drop-column"),
    ("ban-drop-table", "drop-table"),
    (
        "adding-foreign-key-constraint",
        "foreign-key-without-not-valid",
    ),
    ("adding-serial-primary-key-field", "add-primary-key"),
    (
        "disallowed-unique-constraint",
        "unique-constraint-without-index",
    ),
    ("adding-not-nullable-field", "set-not-null-without-check"),
    ("require-timeout-settings", "missing-lock-timeout"),
    (
        "ban-concurrent-index-creation-in-transaction",
        "concurrent-index-in-transaction",
    ),
];

/// The id squawk markers target.
pub fn safe_ddl_id() -> &'static str {
    "migrations.safe-ddl"
}

/// Our rule id for a squawk rule id, when the two mean the same thing.
pub fn squawk_rule(name: &str) -> Option<&'static str> {
    SQUAWK_RULES
        .iter()
        .find(|(s, _)| *s == name)
        .map(|(_, o)| *o)
}

/// Grades a finding: parsed SQL is high; a pattern read from ORM code is
/// medium; what is often handled outside the file is low (see DESIGN.md,
/// "confidence is not severity").
pub fn graded(f: Finding, sure: Confidence) -> Finding {
    f.confidence(sure)
}

/// What the single pass keeps from one file.
pub enum Seen {
    Migration(Box<MigrationFile>, Vec<Marker>),
    Dialect(Dialect, String),
    Tool(Framework),
    AtlasSum,
    /// Diesel's `metadata.toml` with `run_in_transaction = false`.
    NoTransaction,
    /// Lines of documentation that describe a roll-forward or restore
    /// strategy for schema changes.
    Strategy(Vec<String>),
}

pub struct SeenAll(pub Vec<Seen>);

/// The migration model of one file, parsed once for both checks through
/// `Content::model` (None: not a migration).
pub struct Parsed(pub Option<MigrationFile>);

impl Model for Parsed {
    fn parse(path: &str, text: &str) -> Self {
        Parsed(fm::parse_file(path, text))
    }
}

pub fn wants(file: &FileEntry, docs: bool) -> bool {
    let migration = *file.migration.get_or_init(|| {
        !file.vendored()
            && (fm::is_candidate(&file.path)
                || fm::is_dialect_config(&file.path)
                || (file.name() == "metadata.toml" && file.path.contains("migrations/")))
    });
    migration || (docs && !file.vendored() && is_doc(file))
}

fn is_doc(file: &FileEntry) -> bool {
    (file.is(FileKind::Markdown)
        || file.is(FileKind::Rst)
        || file.is(FileKind::Asciidoc)
        || file.is(FileKind::Readme))
        && !file.vendored()
        && !file.fixture()
}

pub fn inspect(file: &FileEntry, content: &Content<'_>, docs: bool) -> Option<FileData> {
    let mut out = Vec::new();
    if file.name().eq_ignore_ascii_case("atlas.sum") {
        out.push(Seen::AtlasSum);
    } else if file.name() == "metadata.toml" {
        let t = content.text().replace(' ', "");
        if t.contains("run_in_transaction=false") {
            out.push(Seen::NoTransaction);
        }
    } else if fm::is_candidate(&file.path) {
        if let Some(m) = &content.model::<Parsed>().0 {
            let markers = crate::suppress::scan(&file.path, content.bytes());
            out.push(Seen::Migration(Box::new(m.clone()), markers));
        }
    }
    if fm::is_dialect_config(&file.path) {
        if let Some((d, why)) = fm::config_dialect(&file.path, content.text()) {
            out.push(Seen::Dialect(d, why));
        }
        if let Some(t) = fm::manifest_tool(&file.path, content.text()) {
            out.push(Seen::Tool(t));
        }
    }
    if docs && is_doc(file) {
        let lines = strategy_lines(&file.path, content.text());
        if !lines.is_empty() {
            out.push(Seen::Strategy(lines));
        }
    }
    (!out.is_empty()).then(|| Box::new(SeenAll(out)) as FileData)
}

/// Phrases that describe what a team does instead of a down migration, or
/// how it goes back. Each must stand within five lines of a word about
/// migrations, schemas or databases to count.
const STRATEGY: &[&str] = &[
    "roll forward",
    "roll-forward",
    "rolling forward",
    "forward-only",
    "forward only",
    "fix forward",
    "fix-forward",
    "restore from backup",
    "restore from a backup",
    "restore the backup",
    "restore the database",
    "restoring the database",
    "point-in-time",
    "point in time recovery",
    "pitr",
    "expand and contract",
    "expand/contract",
    "expand-contract",
    "down migration",
    "migrate down",
    "migrate:rollback",
    "db:rollback",
    "rolled-back",
    "rollback a migration",
    "roll back a migration",
    "rolling back a migration",
    "roll back the migration",
    "revert a migration",
    "revert the migration",
    "flyway undo",
    "undo migration",
    "downgrade",
];

fn strategy_lines(path: &str, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let lower: Vec<String> = lines.iter().map(|l| l.to_ascii_lowercase()).collect();
    let about = |i: usize| {
        let lo = i.saturating_sub(5);
        let hi = (i + 6).min(lower.len());
        lower[lo..hi]
            .iter()
            .any(|l| l.contains("migrat") || l.contains("schema") || l.contains("database"))
    };
    let mut out = Vec::new();
    for (i, l) in lower.iter().enumerate() {
        if STRATEGY.iter().any(|p| l.contains(p)) && about(i) {
            let shown: String = lines[i].trim().chars().take(100).collect();
            out.push(format!("{path}:{}: {shown}", i + 1));
            if out.len() >= 3 {
                break;
            }
        }
    }
    out
}

/// One migration, its two directions resolved across files.
pub struct Mig<'a> {
    pub framework: Framework,
    pub how: &'a str,
    pub set: &'a str,
    pub order: &'a [u64],
    /// The file holding the forward part (and the unit in it).
    pub path: &'a str,
    pub unit: &'a Unit,
    pub down: Down,
    /// The file holding the backward part, when separate.
    pub down_path: Option<&'a str>,
    pub down_unit: Option<&'a Unit>,
    pub dialect: Dialect,
    pub markers: &'a [Marker],
    /// Inside the recency window.
    pub judged: bool,
    /// An SQL file holding nothing but comments.
    pub blank: bool,
    /// The migration opts out of its framework's transaction, with where.
    pub no_transaction: Option<String>,
    /// Line ranges of the forward file a reviewer accepted.
    pub reviewed: &'a [(u32, u32)],
}

impl Mig<'_> {
    /// Tables the migration's ORM operations create.
    pub fn orm_created(&self) -> BTreeSet<&str> {
        self.unit
            .up_ops
            .iter()
            .filter(|o| o.kind == OrmKind::CreateTable)
            .filter_map(|o| o.table.as_deref())
            .collect()
    }

    /// Whether a migration's forward part changes a table it did not create
    /// (or an index, or rows of such a table): only such a migration can lock
    /// or break a live database.
    pub fn changes_existing(&self) -> bool {
        let mut created: BTreeSet<&str> = BTreeSet::new();
        for s in &self.unit.up_sql {
            match &s.stmt {
                Stmt::CreateTable { table } => {
                    created.insert(table.as_str());
                }
                Stmt::AlterTable { table, .. }
                | Stmt::CreateIndex { table, .. }
                | Stmt::LockTable { table }
                | Stmt::Dml { table, .. } => {
                    if !created.contains(table.as_str()) {
                        return true;
                    }
                }
                Stmt::RenameTable { from, .. } => {
                    if !created.contains(from.as_str()) {
                        return true;
                    }
                }
                Stmt::DropTable { tables } => {
                    if tables.iter().any(|t| !created.contains(t.as_str())) {
                        return true;
                    }
                }
                Stmt::DropIndex { .. } | Stmt::VacuumFull => return true,
                Stmt::Set { .. }
                | Stmt::Begin
                | Stmt::Commit
                | Stmt::Rollback
                | Stmt::CreateRole
                | Stmt::Other(_) => {}
            }
        }
        let made = self.orm_created();
        self.unit.up_ops.iter().any(|o| {
            o.kind != OrmKind::CreateTable && o.table.as_deref().is_none_or(|t| !made.contains(t))
        })
    }

    pub fn label(&self) -> String {
        if self.unit.name.contains('#') {
            format!(
                "{}#{}",
                self.path,
                self.unit.name.split_once('#').map_or("", |(_, r)| r)
            )
        } else {
            self.path.to_string()
        }
    }

    /// Whether the forward part does nothing (an empty SQL placeholder).
    /// ORM files are never blank: their operations are not all read.
    pub fn up_is_blank(&self) -> bool {
        self.blank
    }
}

/// The repository's migrations and the facts around them.
pub struct Repo<'a> {
    pub migs: Vec<Mig<'a>>,
    /// The database the configuration names, with where; None: assumed
    /// Postgres.
    pub dialect: Option<(Dialect, String)>,
    pub strategy: Vec<String>,
    /// "db/migrate: newest 50 of 812" for each set the window cut.
    pub windowed: Vec<String>,
    /// Frameworks with how each was recognised (first example).
    pub frameworks: BTreeMap<Framework, String>,
}

impl<'a> Repo<'a> {
    pub fn gather(ctx: &CheckContext<'a>, params: &Params) -> Repo<'a> {
        let recent = params.u64_or("recent", 50) as usize;
        let mut files: Vec<(&'a FileEntry, &'a MigrationFile, &'a [Marker])> = Vec::new();
        let mut dialects: Vec<(Dialect, String)> = Vec::new();
        let mut tools = BTreeSet::new();
        let mut atlas_dirs = BTreeSet::new();
        let mut no_tx_dirs = BTreeSet::new();
        let mut strategy = Vec::new();
        for (f, seen) in ctx.data::<SeenAll>() {
            for s in &seen.0 {
                match s {
                    Seen::Migration(m, markers) => files.push((f, m, markers.as_slice())),
                    Seen::Dialect(d, why) => dialects.push((*d, why.clone())),
                    Seen::Tool(t) => {
                        tools.insert(*t);
                    }
                    Seen::AtlasSum => {
                        atlas_dirs.insert(f.dir().to_string());
                    }
                    Seen::NoTransaction => {
                        no_tx_dirs.insert(f.dir().to_string());
                    }
                    Seen::Strategy(lines) => strategy.extend(lines.iter().cloned()),
                }
            }
        }
        // Several databases named: the strictest (Postgres) decides, since
        // a migration safe there is safe on the others for these rules.
        dialects.sort_by_key(|(d, _)| *d);
        let dialect = dialects.into_iter().next();
        let sqlx = tools.contains(&Framework::Sqlx) && !tools.contains(&Framework::GolangMigrate);
        // Sets with at least one separate down file: in the others, a
        // missing down is the project's choice (forward-only), as with
        // Flyway Community or a home-grown runner reading `.up.sql` only.
        let sets_with_downs: BTreeSet<&str> = files
            .iter()
            .filter(|(_, m, _)| m.role == Role::Down)
            .map(|(_, m, _)| m.set.as_str())
            .collect();
        let downs: BTreeMap<&str, (&'a str, &'a MigrationFile)> = files
            .iter()
            .filter(|(_, m, _)| m.role == Role::Down)
            .map(|(f, m, _)| (m.key.as_str(), (f.path.as_str(), *m)))
            .collect();
        // A set's other frameworks: an unnumbered SQL file beside Diesel or
        // golang-migrate migrations is data or a dump, not a migration.
        let framed: BTreeSet<&str> = files
            .iter()
            .filter(|(_, m, _)| m.framework != Framework::PlainSql)
            .map(|(_, m, _)| m.set.as_str())
            .collect();
        // ory/pop: `x.postgres.up.sql` beside a generic `x.up.sql` means the
        // generic one runs on the other databases only.
        let specific: BTreeSet<(&str, &str, Dialect)> = files
            .iter()
            .filter_map(|(f, _, _)| match fm::name_dialect(f.name()) {
                (Some(d), base) => Some((f.dir(), base, d)),
                _ => None,
            })
            .collect();
        let mut migs = Vec::new();
        let mut frameworks = BTreeMap::new();
        for (f, m, markers) in &files {
            if matches!(m.role, Role::Down | Role::Repeatable) {
                continue;
            }
            if m.framework == Framework::PlainSql
                && m.order.is_empty()
                && framed.contains(m.set.as_str())
            {
                continue;
            }
            let mut framework = m.framework;
            let mut how = m.how.as_str();
            if framework == Framework::PlainSql && atlas_dirs.contains(f.dir()) {
                framework = Framework::Atlas;
                how = "atlas.sum in the migration directory";
            } else if framework == Framework::GolangMigrate && sqlx {
                framework = Framework::Sqlx;
                how = "NNN_name.up.sql / .down.sql pair, sqlx in Cargo.toml";
            } else if framework == Framework::PlainSql && sqlx && f.dir().ends_with("migrations") {
                framework = Framework::Sqlx;
                how = "numbered SQL in migrations/, sqlx in Cargo.toml";
            }
            frameworks
                .entry(framework)
                .or_insert_with(|| format!("{} ({how})", f.path));
            let (_, base) = fm::name_dialect(f.name());
            let has_specific = |d: Dialect| specific.contains(&(f.dir(), base, d));
            let generic_elsewhere = m.dialect_hint.is_none() && has_specific(Dialect::Postgres);
            let dialect = if generic_elsewhere {
                [Dialect::Sqlite, Dialect::Mysql, Dialect::Cockroach]
                    .into_iter()
                    .find(|d| !has_specific(*d))
                    .unwrap_or(Dialect::Sqlite)
            } else {
                m.dialect_hint
                    .as_ref()
                    .map(|h| h.0)
                    .or(dialect.as_ref().map(|d| d.0))
                    .unwrap_or_default()
            };
            for unit in &m.units {
                let (down, down_path, down_unit) = match m.role {
                    Role::Up => match downs.get(m.key.as_str()) {
                        Some((p, dm)) => (
                            dm.units.first().map_or(Down::Empty(1), |u| u.down.clone()),
                            Some(*p),
                            dm.units.first(),
                        ),
                        None => {
                            let forward_only = match framework {
                                Framework::Prisma | Framework::Atlas | Framework::PlainSql => true,
                                _ => !sets_with_downs.contains(m.set.as_str()),
                            };
                            (
                                if forward_only {
                                    Down::ForwardOnly
                                } else {
                                    Down::Missing
                                },
                                None,
                                None,
                            )
                        }
                    },
                    _ => (unit.down.clone(), None, None),
                };
                migs.push(Mig {
                    framework,
                    how,
                    set: &m.set,
                    order: &m.order,
                    path: &f.path,
                    unit,
                    down,
                    down_path,
                    down_unit,
                    dialect,
                    markers,
                    judged: true,
                    blank: m.blank && m.units.len() <= 1,
                    reviewed: &m.reviewed,
                    no_transaction: unit.no_transaction.clone().or_else(|| {
                        no_tx_dirs.contains(f.dir()).then(|| {
                            format!("{}/metadata.toml: run_in_transaction = false", f.dir())
                        })
                    }),
                });
            }
        }
        // Order inside each set; the window keeps the newest.
        migs.sort_by(|a, b| {
            (a.set, a.order, a.path, a.unit.line).cmp(&(b.set, b.order, b.path, b.unit.line))
        });
        let mut per_set: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &migs {
            *per_set.entry(m.set).or_default() += 1;
        }
        let mut windowed = Vec::new();
        if recent > 0 {
            let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
            for m in &mut migs {
                let total = per_set[m.set];
                let k = seen.entry(m.set).or_default();
                m.judged = *k + recent >= total;
                *k += 1;
            }
            for (set, total) in &per_set {
                if *total > recent {
                    let shown = if set.is_empty() { "." } else { set };
                    windowed.push(format!("{shown}/: judged the newest {recent} of {total} migrations (older ones already ran against production; param `recent`)"));
                }
            }
        }
        strategy.sort();
        strategy.dedup();
        Repo {
            migs,
            dialect,
            strategy,
            windowed,
            frameworks,
        }
    }

    pub fn framework_evidence(&self) -> Vec<String> {
        self.frameworks
            .iter()
            .map(|(fw, ex)| format!("{} migrations, recognised by {ex}", fw.name()))
            .collect()
    }

    pub fn dialect_evidence(&self) -> String {
        match &self.dialect {
            Some((d, why)) => format!("database: {} ({why})", d.as_str()),
            None => "database: assumed Postgres (no driver or connection setting found; a directory name or MySQL/SQLite syntax in a file overrides it)".to_string(),
        }
    }
}

/// Whether an inline marker covers the finding (so a suppressed finding
/// does not lower the proportional score either).
pub fn suppressed(markers: &[Marker], f: &Finding) -> bool {
    markers.iter().any(|m| m.covers(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_needs_a_migration_context() {
        let doc = "# Deploying\n\nWe never roll back schema changes: migrations are forward-only.\n\n\n\n\n\n\n\nUnrelated: roll forward the carpet.\n";
        let got = strategy_lines("docs/deploy.md", doc);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("docs/deploy.md:3:"));
        assert!(strategy_lines("x.md", "# Garden\n\nroll forward the carpet\n").is_empty());
    }

    #[test]
    fn squawk_names_map_one_to_one() {
        let ours: BTreeSet<&str> = SQUAWK_RULES.iter().map(|(_, o)| *o).collect();
        assert_eq!(ours.len(), SQUAWK_RULES.len());
        assert_eq!(squawk_rule("ban-drop-column"), Some("drop-column"));
        assert_eq!(squawk_rule("prefer-text-field"), None);
    }
}
