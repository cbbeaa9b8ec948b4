//! Database migrations: which framework a file belongs to (from its path and
//! content, with the evidence of how it was recognised), where its forward
//! and backward parts are, and what they do.
//!
//! One `MigrationFile` per file. Frameworks that keep the two directions in
//! separate files (golang-migrate, sqlx, Diesel, Flyway undo) give each file
//! a `role` and a `key`; the checks pair files by key. SQL is parsed by
//! `formats::sql`; Ruby, Python, Elixir and JavaScript migrations are read
//! line by line for the operations whose locking or reversibility matters
//! (`orm.rs`), which is pattern-level evidence and says so.

use crate::formats::sql::{self, Dialect, Statement};

mod code;
mod liquibase;
mod orm;

pub use orm::{OrmKind, OrmOp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Framework {
    PlainSql,
    GolangMigrate,
    Sqlx,
    Flyway,
    Liquibase,
    Alembic,
    Django,
    Rails,
    Knex,
    Sequelize,
    TypeOrm,
    Prisma,
    Diesel,
    Ecto,
    Goose,
    Dbmate,
    Atlas,
    EfCore,
    FluentMigrator,
    Laravel,
    Doctrine,
    Phinx,
    Gormigrate,
    /// A Go list of migration functions or `Register(up, down)` calls.
    GoCode,
    /// JavaScript/TypeScript up/down scripts naming no ORM.
    JsScript,
}

impl Framework {
    pub fn name(self) -> &'static str {
        match self {
            Framework::PlainSql => "plain SQL",
            Framework::GolangMigrate => "golang-migrate",
            Framework::Sqlx => "sqlx",
            Framework::Flyway => "Flyway",
            Framework::Liquibase => "Liquibase",
            Framework::Alembic => "Alembic",
            Framework::Django => "Django",
            Framework::Rails => "Rails",
            Framework::Knex => "Knex",
            Framework::Sequelize => "Sequelize",
            Framework::TypeOrm => "TypeORM",
            Framework::Prisma => "Prisma",
            Framework::Diesel => "Diesel",
            Framework::Ecto => "Ecto",
            Framework::Goose => "goose",
            Framework::Dbmate => "dbmate",
            Framework::Atlas => "Atlas",
            Framework::EfCore => "Entity Framework Core",
            Framework::FluentMigrator => "FluentMigrator",
            Framework::Laravel => "Laravel",
            Framework::Doctrine => "Doctrine Migrations",
            Framework::Phinx => "Phinx",
            Framework::Gormigrate => "gormigrate",
            Framework::GoCode => "Go code",
            Framework::JsScript => "JavaScript up/down script",
        }
    }

    /// Whether migrations of this framework are code read by pattern (an
    /// ORM's calls, SQL in string literals), not SQL files parsed whole:
    /// what is found in them is at most medium confidence.
    pub fn read_by_pattern(self) -> bool {
        matches!(
            self,
            Framework::Rails
                | Framework::Django
                | Framework::Alembic
                | Framework::Ecto
                | Framework::Knex
                | Framework::Sequelize
                | Framework::TypeOrm
                | Framework::EfCore
                | Framework::FluentMigrator
                | Framework::Laravel
                | Framework::Doctrine
                | Framework::Phinx
                | Framework::Gormigrate
                | Framework::GoCode
                | Framework::JsScript
        )
    }

    /// Whether the framework runs each migration in a transaction unless
    /// the migration opts out.
    pub fn wraps_in_transaction(self) -> bool {
        matches!(
            self,
            Framework::Goose
                | Framework::Dbmate
                | Framework::Sqlx
                | Framework::Diesel
                | Framework::Liquibase
                | Framework::Atlas
                | Framework::Rails
                | Framework::Django
                | Framework::Alembic
                | Framework::Ecto
                | Framework::Knex
                | Framework::EfCore
                | Framework::Doctrine
                | Framework::GoCode
        )
    }

    /// Whether the framework sends a file as one multi-statement query
    /// string, which Postgres runs as one implicit transaction.
    pub fn sends_file_as_one_query(self) -> bool {
        matches!(
            self,
            Framework::GolangMigrate | Framework::Prisma | Framework::Flyway
        )
    }
}

/// Which part of a migration a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Forward only (its down, if any, is another file).
    Up,
    /// The backward file of a pair (`.down.sql`, `down.sql`, Flyway `U`).
    Down,
    /// Both directions in one file (goose, dbmate, Rails, Alembic...).
    Both,
    /// Flyway `R__`: re-applied on change, no version, nothing to reverse.
    Repeatable,
    /// A Liquibase changelog holding changesets (each one a migration).
    Changelog,
}

/// What the backward direction of one migration looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Down {
    /// A backward part with content, at this line.
    Present(u32),
    /// Reversed by the framework itself (Rails/Ecto `change`, Django
    /// operations, Liquibase auto-rollback changes).
    Automatic,
    /// No backward part where the framework expects one.
    Missing,
    /// A backward part that does nothing (empty, `pass`), at this line.
    Empty(u32),
    /// A backward part that refuses (`raise ...Irreversible`), at this line.
    Raises(u32),
    /// An operation the framework cannot reverse by itself, at this line.
    Irreversible(u32, String),
    /// The framework has no down migrations (Prisma, Atlas, Flyway
    /// Community, sqlx without `.down.sql`): judged on the documented
    /// roll-forward or restore strategy instead.
    ForwardOnly,
    /// Not judged here: the other file of a pair says.
    Elsewhere,
}

/// One migration inside a file: a whole file for most frameworks, one
/// changeset of a Liquibase changelog.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Shown in findings: a file name or `changelog.xml#author:id`.
    pub name: String,
    pub line: u32,
    pub down: Down,
    /// Parsed SQL of the forward direction.
    pub up_sql: Vec<Statement>,
    /// Parsed SQL of the backward direction (in the same file).
    pub down_sql: Vec<Statement>,
    /// ORM operations of the forward direction.
    pub up_ops: Vec<OrmOp>,
    /// The migration opts out of the framework's transaction, with where.
    pub no_transaction: Option<String>,
}

impl Unit {
    fn new(name: String, line: u32) -> Self {
        Unit {
            name,
            line,
            down: Down::Elsewhere,
            up_sql: Vec::new(),
            down_sql: Vec::new(),
            up_ops: Vec::new(),
            no_transaction: None,
        }
    }
}

/// One migration file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationFile {
    pub framework: Framework,
    /// How the framework was recognised, for evidence.
    pub how: String,
    pub role: Role,
    /// Pairs the files of one migration: directory plus version.
    pub key: String,
    /// The directory that holds the migration set (for ordering and the
    /// recency window).
    pub set: String,
    /// Ordering inside the set.
    pub order: Vec<u64>,
    pub units: Vec<Unit>,
    /// A dialect the content or path shows (backquotes, AUTO_INCREMENT...).
    pub dialect_hint: Option<(Dialect, String)>,
    /// Unparsable pieces, with lines.
    pub problems: Vec<sql::Problem>,
    /// Whether the file holds nothing but comments and whitespace.
    pub blank: bool,
    /// Line ranges a reviewer accepted: diesel-guard's `-- safety-assured:start`
    /// ... `-- safety-assured:end` blocks.
    pub reviewed: Vec<(u32, u32)>,
}

/// Directory names that hold test, fixture or example trees, whose
/// migrations are not the project's own (vendored trees are the caller's
/// business).
fn is_excluded(path: &str) -> bool {
    path.split('/').any(|c| {
        matches!(
            c,
            "testdata"
                | "fixtures"
                | "__fixtures__"
                | "test"
                | "tests"
                | "spec"
                | "__tests__"
                | "test_migrations"
                | "examples"
                | "example"
                | "e2e"
                | "stub"
                | "stubs"
                | "mocks"
                | "testhelpers"
        )
    })
}

/// Whether a directory of `path` is one of `names`, or, for `migrations`,
/// a prefixed form of it (`knex_migrations`, `sql-migrations`).
fn has_dir(path: &str, names: &[&str]) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let prefixed = |c: &str| {
        let l = c.to_ascii_lowercase();
        l.len() > "migrations".len() + 1
            && (l.ends_with("_migrations") || l.ends_with("-migrations"))
    };
    parts[..parts.len().saturating_sub(1)].iter().any(|c| {
        names.iter().any(|n| c.eq_ignore_ascii_case(n))
            || (names.contains(&"migrations") && prefixed(c))
    })
}

const MIGRATION_DIRS: &[&str] = &[
    "migrations",
    "migration",
    "migrate",
    "db",
    "sql",
    "schema",
    "versions",
    "changelog",
    "changelogs",
    "changesets",
    "liquibase",
    "flyway",
    "alembic",
];

/// Whether a path may hold a migration: a cheap filter before reading.
pub fn is_candidate(path: &str) -> bool {
    if is_excluded(path) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let in_dir = has_dir(path, MIGRATION_DIRS);
    match ext {
        "sql" => in_dir || flyway_name(name).is_some() || lower.contains("changelog"),
        "rb" => has_dir(path, &["migrate"]),
        "py" => has_dir(path, &["migrations", "versions", "alembic"]),
        "exs" => has_dir(path, &["migrations"]),
        "js" | "ts" | "cjs" | "mjs" => {
            has_dir(path, &["migrations", "migration", "migrate", "alterations"])
                && !lower.ends_with(".d.ts")
                && !lower.contains(".test.")
                && !lower.contains(".spec.")
        }
        // EF Core names each migration `<14-digit timestamp>_<Name>.cs`;
        // other C# migrations live in a Migrations directory.
        "cs" => {
            has_dir(path, &["migrations", "migration"])
                || (leading_digits(name).len() == 14 && name.as_bytes().get(14) == Some(&b'_'))
        }
        "php" => has_dir(path, &["migrations", "migration"]),
        // Go migrations: files in a migrations directory, or a file named
        // for them (`internal/database/migrations.go`).
        "go" => {
            !lower.ends_with("_test.go")
                && (has_dir(path, &["migrations", "migration", "migrate"])
                    || matches!(
                        lower.as_str(),
                        "migrations.go" | "migration.go" | "migrate.go" | "schema_migrations.go"
                    ))
        }
        "xml" | "yaml" | "yml" | "json" => {
            lower.contains("changelog")
                || has_dir(
                    path,
                    &["changelog", "changelogs", "liquibase", "changesets"],
                )
        }
        "sum" => lower == "atlas.sum",
        _ => false,
    }
}

/// Flyway's `V1_2__desc.sql` / `U1_2__desc.sql` / `R__desc.sql`:
/// (prefix, version).
fn flyway_name(name: &str) -> Option<(char, String)> {
    let stem = name.strip_suffix(".sql")?;
    let first = stem.chars().next()?;
    let (ver, _) = stem[1..].split_once("__")?;
    match first {
        'V' | 'U'
            if !ver.is_empty()
                && ver
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '.') =>
        {
            Some((first, ver.replace('_', ".")))
        }
        'R' if ver.is_empty() => Some(('R', String::new())),
        _ => None,
    }
}

/// Numbers in a version string, for ordering ("1.10" after "1.9").
/// Timestamps compare by their digits whatever their separators, so
/// Diesel's `2024-01-02-120000` sorts after an older `20150320174400`.
pub fn order_key(version: &str) -> Vec<u64> {
    let groups: Vec<&str> = version
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let digits: String = groups.concat();
    if digits.len() >= 12 {
        let padded = format!("{:0<20}", digits.get(..20).unwrap_or(&digits));
        return vec![
            padded[..10].parse().unwrap_or(0),
            padded[10..20].parse().unwrap_or(0),
        ];
    }
    groups
        .iter()
        .map(|s| s.get(..18).unwrap_or(s).parse().unwrap_or(0))
        .collect()
}

/// The dialect a file-name segment names (`x.postgres.up.sql`), and the
/// name's base (`x`), as ory/pop lays out one file per dialect.
pub fn name_dialect(name: &str) -> (Option<Dialect>, &str) {
    let base = name.split('.').next().unwrap_or(name);
    let d = dialect_from_path(name)
        .filter(|(_, why)| why.contains("file name"))
        .map(|(d, _)| d);
    (d, base)
}

fn leading_digits(name: &str) -> &str {
    let end = name
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(name.len());
    &name[..end]
}

/// A dialect named by a directory (`migrations/mysql/`) or a file-name
/// segment (`x.mysql.up.sql`, as ory/pop writes them).
fn dialect_from_path(path: &str) -> Option<(Dialect, String)> {
    let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
    let named = |c: &str| match c.to_ascii_lowercase().as_str() {
        "mysql" | "mariadb" => Some(Dialect::Mysql),
        "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
        "postgres" | "postgresql" | "pg" | "psql" => Some(Dialect::Postgres),
        "cockroach" | "cockroachdb" | "crdb" => Some(Dialect::Cockroach),
        "clickhouse" => Some(Dialect::ClickHouse),
        _ => None,
    };
    if let Some(seg) = name.split('.').skip(1).find(|s| named(s).is_some()) {
        return named(seg).map(|d| (d, format!("`.{seg}.` in the file name {name}")));
    }
    // .NET names a provider's project `App.Providers.Sqlite`; a project
    // with one set per database, `MySqlMigrations` or `postgres_migrations`.
    let per_db = |c: &str| {
        let l = c.to_ascii_lowercase();
        l.strip_suffix("migrations")
            .map(|h| h.trim_end_matches(['_', '-', '.']).to_string())
            .filter(|h| !h.is_empty())
            .and_then(|h| named(&h))
    };
    dirs.split('/').find_map(|c| {
        named(c)
            .or_else(|| c.rsplit_once('.').and_then(|(_, last)| named(last)))
            .or_else(|| per_db(c))
            .map(|d| (d, format!("directory `{c}` in {path}")))
    })
}

/// Dialect markers in SQL text that only one database accepts.
fn dialect_from_sql(text: &str) -> Option<(Dialect, String)> {
    let upper: String = text
        .chars()
        .take(200_000)
        .collect::<String>()
        .to_ascii_uppercase();
    if upper.contains("AUTO_INCREMENT") || upper.contains("ENGINE=") || upper.contains("ENGINE =") {
        return Some((
            Dialect::Mysql,
            "MySQL syntax (AUTO_INCREMENT / ENGINE=)".into(),
        ));
    }
    if upper.contains("AUTOINCREMENT") || upper.contains("PRAGMA ") {
        return Some((
            Dialect::Sqlite,
            "SQLite syntax (AUTOINCREMENT / PRAGMA)".into(),
        ));
    }
    None
}

/// A parsed migration file, or None when the file is not one.
pub fn parse_file(path: &str, text: &str) -> Option<MigrationFile> {
    if !is_candidate(path) {
        return None;
    }
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e).to_string();
    match ext.as_str() {
        "sql" => parse_sql_file(path, dir, name, text),
        "rb" => orm::rails(path, dir, name, text),
        "py" => orm::python(path, dir, name, text),
        "exs" => orm::ecto(path, dir, name, text),
        "js" | "ts" | "cjs" | "mjs" => orm::javascript(path, dir, name, text)
            .or_else(|| code::js_script(path, dir, name, text).map(|f| with_path_dialect(f, path))),
        "cs" => code::csharp(path, dir, name, text).map(|f| with_path_dialect(f, path)),
        "php" => code::php(path, dir, name, text).map(|f| with_path_dialect(f, path)),
        "go" => code::go(path, dir, name, text).map(|f| with_path_dialect(f, path)),
        "xml" | "yaml" | "yml" | "json" => liquibase::parse(path, dir, name, text),
        _ => None,
    }
}

/// A database named by the path (`MySqlMigrations/`, `App.Providers.Sqlite/`)
/// holds for a code migration as for an SQL file.
fn with_path_dialect(mut f: MigrationFile, path: &str) -> MigrationFile {
    if f.dialect_hint.is_none() {
        f.dialect_hint = dialect_from_path(path);
    }
    f
}

fn blank_sql(text: &str) -> bool {
    let s = sql::parse(text);
    s.statements.is_empty()
}

fn new_file(
    framework: Framework,
    how: String,
    role: Role,
    key: String,
    set: &str,
    order: Vec<u64>,
) -> MigrationFile {
    MigrationFile {
        framework,
        how,
        role,
        key,
        set: set.to_string(),
        order,
        units: Vec::new(),
        dialect_hint: None,
        problems: Vec::new(),
        blank: false,
        reviewed: Vec::new(),
    }
}

/// `safety-assured:start` ... `safety-assured:end` comment blocks (an
/// unclosed block runs to the end of the file).
fn reviewed_ranges(text: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut open: Option<u32> = None;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if !t.starts_with("--") {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if lower.contains("safety-assured:start") {
            open.get_or_insert(i as u32 + 1);
        } else if lower.contains("safety-assured:end") {
            if let Some(s) = open.take() {
                out.push((s, i as u32 + 1));
            }
        }
    }
    if let Some(s) = open {
        out.push((s, u32::MAX));
    }
    out
}

fn parse_sql_file(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    let hint = dialect_from_path(path).or_else(|| dialect_from_sql(text));
    let dialect = hint.as_ref().map_or(Dialect::Postgres, |h| h.0);
    let head: String = text
        .chars()
        .take(4000)
        .collect::<String>()
        .to_ascii_lowercase();
    let mut f = if head.contains("-- +goose up") || head.contains("--+goose up") {
        sectioned(path, dir, name, text, Framework::Goose, dialect)
    } else if head.contains("-- migrate:up") || head.contains("--migrate:up") {
        sectioned(path, dir, name, text, Framework::Dbmate, dialect)
    } else if head.trim_start().starts_with("--liquibase formatted sql")
        || head.trim_start().starts_with("-- liquibase formatted sql")
    {
        liquibase::formatted_sql(path, dir, name, text, dialect)
    } else if let Some((prefix, version)) = flyway_name(name) {
        let role = match prefix {
            'V' => Role::Up,
            'U' => Role::Down,
            _ => Role::Repeatable,
        };
        let how = format!("Flyway file name {}", flyway_pattern(prefix));
        let mut f = new_file(
            Framework::Flyway,
            how,
            role,
            format!("{dir}/{version}"),
            dir,
            order_key(&version),
        );
        f.units
            .push(whole_file_unit(name, text, dialect, role, &mut f.problems));
        f
    } else if name == "migration.sql" && has_dir(path, &["migrations"]) {
        // Prisma: migrations/<timestamp>_<name>/migration.sql.
        let (set, version) = dir.rsplit_once('/').unwrap_or(("", dir));
        let how = "Prisma layout migrations/<timestamp>_<name>/migration.sql".to_string();
        let mut f = new_file(
            Framework::Prisma,
            how,
            Role::Up,
            dir.to_string(),
            set,
            order_key(leading_digits(version)),
        );
        let mut u = whole_file_unit(
            &format!("{version}/migration.sql"),
            text,
            dialect,
            Role::Up,
            &mut f.problems,
        );
        u.down = Down::ForwardOnly;
        f.units.push(u);
        f
    } else if name == "up.sql" || name == "down.sql" {
        // Diesel: migrations/<version>_<name>/{up,down}.sql.
        let (set, version) = dir.rsplit_once('/').unwrap_or(("", dir));
        let role = if name == "up.sql" {
            Role::Up
        } else {
            Role::Down
        };
        let how = "Diesel layout <version>_<name>/up.sql and down.sql".to_string();
        let stamp = version.split('_').next().unwrap_or("");
        let mut f = new_file(
            Framework::Diesel,
            how,
            role,
            dir.to_string(),
            set,
            order_key(stamp),
        );
        f.units.push(whole_file_unit(
            &format!("{version}/{name}"),
            text,
            dialect,
            role,
            &mut f.problems,
        ));
        f
    } else if let Some((stem, role)) = paired_name(name) {
        let how = "file names NNN_name.up.sql / NNN_name.down.sql".to_string();
        let version = leading_digits(stem).to_string();
        // The whole stem: ory/pop keeps one pair per dialect under a version.
        let key = format!("{dir}/{stem}");
        let mut f = new_file(
            Framework::GolangMigrate,
            how,
            role,
            key,
            dir,
            order_key(&version),
        );
        f.units
            .push(whole_file_unit(name, text, dialect, role, &mut f.problems));
        f
    } else {
        // A plain SQL migration: versioned by a leading number (or a
        // timestamp) in a migrations directory. Unnumbered SQL under `sql/`
        // or `schema/` is a schema dump or queries, not a migration.
        let version = leading_digits(name);
        let migrations_dir = has_dir(path, &["migrations", "migration", "migrate"]);
        if version.is_empty() && !migrations_dir {
            return None;
        }
        let how = if version.is_empty() {
            format!("SQL file in a migrations directory ({dir}/)")
        } else {
            format!("numbered SQL file in {dir}/")
        };
        let mut f = new_file(
            Framework::PlainSql,
            how,
            Role::Up,
            path.to_string(),
            dir,
            order_key(version),
        );
        f.units.push(whole_file_unit(
            name,
            text,
            dialect,
            Role::Up,
            &mut f.problems,
        ));
        f
    };
    f.blank = blank_sql(text);
    f.dialect_hint = hint;
    f.reviewed = reviewed_ranges(text);
    // sqlx: a `-- no-transaction` first line opts out of its transaction.
    if text
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("-- no-transaction")
    {
        for u in &mut f.units {
            u.no_transaction
                .get_or_insert_with(|| "-- no-transaction".into());
        }
    }
    if text.to_ascii_lowercase().contains("atlas:txmode none") {
        for u in &mut f.units {
            u.no_transaction
                .get_or_insert_with(|| "-- atlas:txmode none".into());
        }
    }
    Some(f)
}

fn flyway_pattern(prefix: char) -> &'static str {
    match prefix {
        'V' => "V<version>__<desc>.sql",
        'U' => "U<version>__<desc>.sql (undo)",
        _ => "R__<desc>.sql (repeatable)",
    }
}

/// `NNN_name.up.sql` / `NNN_name.down.sql`.
fn paired_name(name: &str) -> Option<(&str, Role)> {
    if let Some(stem) = name.strip_suffix(".up.sql") {
        return Some((stem, Role::Up));
    }
    name.strip_suffix(".down.sql").map(|s| (s, Role::Down))
}

fn whole_file_unit(
    name: &str,
    text: &str,
    dialect: Dialect,
    role: Role,
    problems: &mut Vec<sql::Problem>,
) -> Unit {
    let s = sql::parse_from(text, 1, dialect);
    problems.extend(s.problems);
    let mut u = Unit::new(name.to_string(), 1);
    match role {
        Role::Down => {
            u.down = if s.statements.is_empty() {
                Down::Empty(1)
            } else {
                Down::Present(s.statements[0].line)
            };
            u.down_sql = s.statements;
        }
        _ => u.up_sql = s.statements,
    }
    u
}

/// goose (`-- +goose Up` / `-- +goose Down`) and dbmate (`-- migrate:up` /
/// `-- migrate:down`): both directions in one file.
fn sectioned(
    path: &str,
    dir: &str,
    name: &str,
    text: &str,
    fw: Framework,
    dialect: Dialect,
) -> MigrationFile {
    let (up_marker, down_marker) = match fw {
        Framework::Goose => ("+goose up", "+goose down"),
        _ => ("migrate:up", "migrate:down"),
    };
    let how = match fw {
        Framework::Goose => "`-- +goose Up` annotation".to_string(),
        _ => "`-- migrate:up` annotation".to_string(),
    };
    let version = leading_digits(name);
    let mut f = new_file(
        fw,
        how,
        Role::Both,
        path.to_string(),
        dir,
        order_key(version),
    );
    let mut u = Unit::new(name.to_string(), 1);
    // Split the text at the marker lines; each part is parsed with its
    // own first line so statement lines stay true to the file.
    let mut up = (String::new(), 1u32);
    let mut down: Option<(String, u32)> = None;
    let mut in_down = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let lineno = i as u32 + 1;
        let l = line
            .trim()
            .trim_start_matches('-')
            .trim()
            .to_ascii_lowercase();
        if line.trim_start().starts_with("--") && l.starts_with(down_marker) {
            in_down = true;
            down = Some((String::new(), lineno + 1));
            continue;
        }
        if line.trim_start().starts_with("--") && l.starts_with(up_marker) {
            in_down = false;
            up.1 = lineno + 1;
            if fw == Framework::Dbmate && l.contains("transaction:false") {
                u.no_transaction = Some(format!("line {lineno}: transaction:false"));
            }
            continue;
        }
        if fw == Framework::Goose
            && line.trim_start().starts_with("--")
            && l.starts_with("+goose no transaction")
        {
            u.no_transaction = Some(format!("line {lineno}: -- +goose NO TRANSACTION"));
        }
        match (&mut down, in_down) {
            (Some((d, _)), true) => d.push_str(line),
            _ => up.0.push_str(line),
        }
    }
    let s = sql::parse_from(&up.0, up.1, dialect);
    f.problems.extend(s.problems);
    u.up_sql = s.statements;
    u.down = match down {
        None => Down::Missing,
        Some((d, line)) => {
            let s = sql::parse_from(&d, line, dialect);
            f.problems.extend(s.problems);
            let down = match s.statements.first() {
                None => Down::Empty(line.saturating_sub(1)),
                Some(st) => Down::Present(st.line),
            };
            u.down_sql = s.statements;
            down
        }
    };
    f.units.push(u);
    f
}

/// What a repository's configuration says about its database: from
/// driver names in manifests and connection settings in config files.
pub fn config_dialect(path: &str, text: &str) -> Option<(Dialect, String)> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let lower: String = text
        .chars()
        .take(300_000)
        .collect::<String>()
        .to_ascii_lowercase();
    let pick = |pairs: &[(&str, Dialect)]| {
        pairs
            .iter()
            .find(|(needle, _)| lower.contains(needle))
            .map(|(needle, d)| (*d, format!("`{needle}` in {path}")))
    };
    match name.as_str() {
        "schema.prisma" => pick(&[
            ("provider = \"postgresql\"", Dialect::Postgres),
            ("provider = \"postgres\"", Dialect::Postgres),
            ("provider = \"mysql\"", Dialect::Mysql),
            ("provider = \"sqlite\"", Dialect::Sqlite),
        ]),
        "database.yml" => pick(&[
            ("adapter: postgresql", Dialect::Postgres),
            ("adapter: postgis", Dialect::Postgres),
            ("adapter: mysql2", Dialect::Mysql),
            ("adapter: trilogy", Dialect::Mysql),
            ("adapter: sqlite3", Dialect::Sqlite),
        ]),
        "settings.py" | "base.py" | "production.py" => pick(&[
            ("django.db.backends.postgresql", Dialect::Postgres),
            ("django.contrib.gis.db.backends.postgis", Dialect::Postgres),
            ("django.db.backends.mysql", Dialect::Mysql),
            ("django.db.backends.sqlite3", Dialect::Sqlite),
        ]),
        "alembic.ini" | "flyway.conf" | "liquibase.properties" | "dbconfig.yml" | "atlas.hcl" => {
            pick(&[
                ("postgres", Dialect::Postgres),
                ("mysql", Dialect::Mysql),
                ("mariadb", Dialect::Mysql),
                ("sqlite", Dialect::Sqlite),
            ])
        }
        "go.mod" => pick(&[
            ("github.com/jackc/pgx", Dialect::Postgres),
            ("github.com/lib/pq", Dialect::Postgres),
            ("github.com/go-sql-driver/mysql", Dialect::Mysql),
            ("github.com/mattn/go-sqlite3", Dialect::Sqlite),
            ("modernc.org/sqlite", Dialect::Sqlite),
        ]),
        "cargo.toml" => pick(&[
            ("\"postgres\"", Dialect::Postgres),
            ("\"mysql\"", Dialect::Mysql),
            ("\"sqlite\"", Dialect::Sqlite),
        ]),
        "mix.exs" => pick(&[
            (":postgrex", Dialect::Postgres),
            (":myxql", Dialect::Mysql),
            (":ecto_sqlite3", Dialect::Sqlite),
        ]),
        "package.json" => pick(&[
            ("\"pg\"", Dialect::Postgres),
            ("\"postgres\"", Dialect::Postgres),
            ("\"mysql2\"", Dialect::Mysql),
            ("\"mysql\"", Dialect::Mysql),
            ("\"sqlite3\"", Dialect::Sqlite),
            ("\"better-sqlite3\"", Dialect::Sqlite),
        ]),
        "gemfile" => pick(&[
            ("gem \"pg\"", Dialect::Postgres),
            ("gem 'pg'", Dialect::Postgres),
            ("gem \"mysql2\"", Dialect::Mysql),
            ("gem 'mysql2'", Dialect::Mysql),
            ("gem \"sqlite3\"", Dialect::Sqlite),
            ("gem 'sqlite3'", Dialect::Sqlite),
        ]),
        n if n.ends_with(".csproj") => pick(&[
            ("npgsql.entityframeworkcore", Dialect::Postgres),
            ("pomelo.entityframeworkcore.mysql", Dialect::Mysql),
            ("mysql.entityframeworkcore", Dialect::Mysql),
            ("microsoft.entityframeworkcore.sqlite", Dialect::Sqlite),
        ]),
        // Laravel: `'default' => env('DB_CONNECTION', 'mysql')`.
        "database.php" => pick(&[
            ("db_connection', 'pgsql'", Dialect::Postgres),
            ("db_connection', 'mysql'", Dialect::Mysql),
            ("db_connection', 'mariadb'", Dialect::Mysql),
            ("db_connection', 'sqlite'", Dialect::Sqlite),
        ]),
        "requirements.txt" | "pyproject.toml" => pick(&[
            ("psycopg", Dialect::Postgres),
            ("asyncpg", Dialect::Postgres),
            ("mysqlclient", Dialect::Mysql),
            ("pymysql", Dialect::Mysql),
        ]),
        _ => None,
    }
}

/// Files whose content names the database driver (see `config_dialect`).
pub fn is_dialect_config(path: &str) -> bool {
    if is_excluded(path) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    matches!(
        name.as_str(),
        "schema.prisma"
            | "database.yml"
            | "settings.py"
            | "alembic.ini"
            | "flyway.conf"
            | "liquibase.properties"
            | "dbconfig.yml"
            | "atlas.hcl"
            | "go.mod"
            | "cargo.toml"
            | "mix.exs"
            | "package.json"
            | "gemfile"
            | "requirements.txt"
            | "pyproject.toml"
    ) || (name.ends_with(".py") && path.contains("settings"))
        || name.ends_with(".csproj")
        || (name == "database.php" && path.to_ascii_lowercase().contains("config/"))
}

/// Which migration tool a manifest names, to tell golang-migrate from sqlx
/// (same file names) and to see goose/dbmate users.
pub fn manifest_tool(path: &str, text: &str) -> Option<Framework> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    match name.as_str() {
        "cargo.toml" if text.contains("sqlx") => Some(Framework::Sqlx),
        "cargo.toml" if text.contains("diesel") => Some(Framework::Diesel),
        "go.mod" if text.contains("golang-migrate/migrate") => Some(Framework::GolangMigrate),
        "go.mod" if text.contains("pressly/goose") => Some(Framework::Goose),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(path: &str, text: &str) -> MigrationFile {
        parse_file(path, text).unwrap_or_else(|| panic!("{path} not recognised"))
    }

    #[test]
    fn frameworks_from_layout_and_content() {
        let cases: &[(&str, &str, Framework, Role)] = &[
            (
                "db/migrations/000001_init.up.sql",
                "CREATE TABLE a (id int);",
                Framework::GolangMigrate,
                Role::Up,
            ),
            (
                "db/migrations/000001_init.down.sql",
                "DROP TABLE a;",
                Framework::GolangMigrate,
                Role::Down,
            ),
            (
                "src/main/resources/db/migration/V1_2__add.sql",
                "SELECT 1;",
                Framework::Flyway,
                Role::Up,
            ),
            (
                "src/main/resources/db/migration/U1_2__add.sql",
                "SELECT 1;",
                Framework::Flyway,
                Role::Down,
            ),
            (
                "src/main/resources/db/migration/R__views.sql",
                "SELECT 1;",
                Framework::Flyway,
                Role::Repeatable,
            ),
            (
                "prisma/migrations/20230101000000_init/migration.sql",
                "CREATE TABLE a ();",
                Framework::Prisma,
                Role::Up,
            ),
            (
                "migrations/2023-01-01-000000_init/up.sql",
                "CREATE TABLE a ();",
                Framework::Diesel,
                Role::Up,
            ),
            (
                "migrations/2023-01-01-000000_init/down.sql",
                "",
                Framework::Diesel,
                Role::Down,
            ),
            (
                "db/migrations/20230101_a.sql",
                "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;",
                Framework::Goose,
                Role::Both,
            ),
            (
                "db/migrations/20230101_a.sql",
                "-- migrate:up\nSELECT 1;\n-- migrate:down\n",
                Framework::Dbmate,
                Role::Both,
            ),
            (
                "migrations/0001_init.sql",
                "CREATE TABLE a ();",
                Framework::PlainSql,
                Role::Up,
            ),
        ];
        for (path, text, fw, role) in cases {
            let f = parsed(path, text);
            assert_eq!((f.framework, f.role), (*fw, *role), "{path}");
            assert!(!f.how.is_empty());
        }
        assert!(parse_file("sql/queries.sql", "SELECT 1").is_none());
        assert!(parse_file("tests/migrations/0001_x.sql", "SELECT 1").is_none());
        assert!(parse_file("src/lib.rs", "").is_none());
    }

    #[test]
    fn goose_and_dbmate_sections_keep_lines_and_transactions() {
        let f = parsed(
            "db/migrations/1_a.sql",
            "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- +goose Down\nDROP INDEX i;\n",
        );
        let u = &f.units[0];
        assert_eq!(u.up_sql.len(), 1);
        assert_eq!(u.up_sql[0].line, 3);
        assert_eq!(u.down, Down::Present(6));
        assert!(u.no_transaction.is_some());
        let f = parsed(
            "db/migrations/2_b.sql",
            "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\n\n",
        );
        assert_eq!(f.units[0].down, Down::Empty(3));
        assert!(f.units[0].no_transaction.is_some());
        let f = parsed("db/migrations/3_c.sql", "-- +goose Up\nSELECT 1;\n");
        assert_eq!(f.units[0].down, Down::Missing);
    }

    #[test]
    fn dialects_from_config_and_content() {
        assert_eq!(
            config_dialect(
                "prisma/schema.prisma",
                "datasource db {\n provider = \"mysql\"\n}"
            )
            .unwrap()
            .0,
            Dialect::Mysql
        );
        assert_eq!(
            config_dialect("config/database.yml", "default:\n  adapter: postgresql")
                .unwrap()
                .0,
            Dialect::Postgres
        );
        assert_eq!(
            config_dialect("go.mod", "require github.com/mattn/go-sqlite3 v1")
                .unwrap()
                .0,
            Dialect::Sqlite
        );
        assert!(config_dialect("README.md", "postgres").is_none());
        let f = parsed(
            "migrations/001_a.sql",
            "CREATE TABLE a (id int AUTO_INCREMENT) ENGINE=InnoDB;",
        );
        assert_eq!(f.dialect_hint.unwrap().0, Dialect::Mysql);
        let f = parsed("migrations/sqlite/001_a.sql", "CREATE TABLE a (id int);");
        assert_eq!(f.dialect_hint.unwrap().0, Dialect::Sqlite);
        for (path, want) in [
            (
                "util/MySqlMigrations/Migrations/001_a.sql",
                Some(Dialect::Mysql),
            ),
            ("db/postgres_migrations/001_a.sql", Some(Dialect::Postgres)),
            (
                "src/App.Providers.Sqlite/Migrations/001_a.sql",
                Some(Dialect::Sqlite),
            ),
            ("db/migrations/001_a.sql", None),
            ("db/mysqlish/migrations/001_a.sql", None),
        ] {
            let got = parsed(path, "CREATE TABLE a (id int);")
                .dialect_hint
                .map(|h| h.0);
            assert_eq!(got, want, "{path}");
        }
        let f = parsed(
            "persistence/sql/migrations/20200101_x.cockroach.up.sql",
            "CREATE INDEX i ON t (a);",
        );
        assert_eq!(f.dialect_hint.unwrap().0, Dialect::Cockroach);
        assert!(parse_file("oryx/popx/stub/migrations/1_x.up.sql", "SELECT 1").is_none());
    }

    #[test]
    fn prefixed_migration_directories() {
        // (path, candidate)
        for (path, want) in [
            ("db/knex_migrations/2023-08-16-0000-create-uptime.js", true),
            ("db/sql-migrations/001_a.sql", true),
            ("src/db_migrations/0001_init.py", true),
            ("src/data_migrations_helpers/x.js", false),
            ("src/_migrations/x.js", false),
            ("src/nomigrations/x.js", false),
        ] {
            assert_eq!(is_candidate(path), want, "{path}");
        }
    }

    #[test]
    fn hostile_input_never_panics() {
        let paths = [
            "db/migrate/1_x.rb",
            "app/migrations/0001_x.py",
            "alembic/versions/x.py",
            "priv/repo/migrations/1_x.exs",
            "migrations/1_x.js",
            "db/changelog/changelog.xml",
            "db/changelog/changelog.yaml",
            "db/changelog/changelog.json",
            "db/changelog/x.sql",
            "db/migrations/1_x.sql",
            "db/migrations/1_x.up.sql",
            "migrations/x/down.sql",
        ];
        let long = "(".repeat(100_000);
        let inputs = [
            String::new(),
            "ActiveRecord::Migration\n  def change\n    add_index :".into(),
            "ActiveRecord::Migration\ndef up\n".into(),
            "migrations.Migration\noperations = [migrations.AddField(".into(),
            "from alembic import op\ndef upgrade(\n".into(),
            "use Ecto.Migration\n  def change do\n    modify :a, from: {".into(),
            "exports.up = knex; exports.down = function() {".into(),
            "<databaseChangeLog><changeSet id=\"1\" <rollback".into(),
            "databaseChangeLog:\n- changeSet:\n    rollback:".into(),
            "--liquibase formatted sql\n--changeset\n--rollback".into(),
            "-- +goose Up\n-- +goose Down\n-- migrate:up".into(),
            format!("ActiveRecord::Migration\n  def change\n    add_index {long}\n  end\nend"),
            format!("migrations.Migration\n    migrations.RunPython({long}"),
            "\u{0}\u{ff}é€😀'\"$$/*".into(),
        ];
        for p in paths {
            for i in &inputs {
                let _ = parse_file(p, i);
            }
        }
    }

    #[test]
    fn safety_assured_blocks() {
        let f = parsed("migrations/2024-01-01-000000_x/up.sql", "-- safety-assured:start\nALTER TABLE t ALTER c SET NOT NULL;\n-- safety-assured:end\nDROP TABLE x;\n-- safety-assured:start\nSELECT 1;");
        assert_eq!(f.reviewed, [(1, 3), (5, u32::MAX)]);
    }

    #[test]
    fn order_keys_compare_numerically() {
        assert!(order_key("1.10") > order_key("1.9"));
        assert!(order_key("20230102") > order_key("20230101"));
        assert_eq!(order_key(""), Vec::<u64>::new());
        assert!(order_key("2026-07-30-140000-0000") > order_key("20150320174400"));
        assert_eq!(
            order_key("99999999999999999999999999"),
            vec![9_999_999_999, 9_999_999_999]
        );
    }
}
