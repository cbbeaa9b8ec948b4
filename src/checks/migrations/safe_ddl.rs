//! `migrations.safe-ddl`: migrations do not lock or break a live database.
//!
//! Each migration's forward SQL is parsed (`formats::sql`) and walked in
//! order with its state: tables created in the same migration are new and
//! exempt from the rules about existing tables; whether a transaction is
//! open (explicit `BEGIN`, or the framework's own wrapping unless the
//! migration opts out); whether `SET lock_timeout` came first; and, across
//! all migrations in order, which `CHECK (col IS NOT NULL)` constraints were
//! validated, so a later `SET NOT NULL` can use them. ORM migrations (Rails,
//! Django, Alembic, Ecto) contribute the same operations read by pattern.
//!
//! Rules (ours; squawk's counterpart where one exists, see docs/migrations.md):
//! create-index-non-concurrent, add-column-not-null-no-default,
//! add-column-volatile-default, alter-column-type, rename-column,
//! rename-table, drop-column, drop-table, foreign-key-without-not-valid,
//! check-without-not-valid, unique-constraint-without-index,
//! add-primary-key, set-not-null-without-check,
//! concurrent-index-in-transaction, missing-lock-timeout, vacuum-full,
//! lock-table, backfill-in-ddl-transaction.
//!
//! Dialects: the Postgres rules about concurrency, NOT VALID, lock_timeout
//! and table rewrites do not apply to MySQL (online DDL, no NOT VALID) or
//! SQLite (one writer, no concurrent builds); the rules about breaking
//! running code (drop, rename, type change) apply everywhere, and SQLite
//! also rejects a NOT NULL column without a default.
//!
//! Migrations that only create tables (with their indexes and seed rows)
//! cannot lock or break a live table: when every judged migration is such,
//! the check is not applicable rather than clean, so a toy's CREATE TABLEs
//! do not outscore a service's history of careful ALTERs.
//!
//! Down migrations are judged leniently: a drop in a down migration is its
//! purpose. Only what fails at run time there (a concurrent index build
//! inside a transaction) is reported.
//!
//! Confidence: parsed SQL is high, except the rules whose harm depends on
//! facts outside the file (drop-table: the table may be unused; a backfill
//! in a DDL transaction: the table may be small; a multi-statement file
//! sent as one query: the tool's options; MySQL's MODIFY, which may only
//! restate the type), which are medium, as is everything read from ORM
//! code. missing-lock-timeout is low: the runner or the migration role
//! often sets one, so it is listed as a warning and does not count against
//! the migration.
//!
//! Reviewed exceptions: inline `shipready: ignore[...]` and squawk-ignore
//! markers (engine-wide), strong_migrations' `safety_assured` (Rails) and
//! diesel-guard's `-- safety-assured:start/end` blocks (SQL).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::{graded, suppressed, Mig, Repo};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::migrations::OrmKind;
use crate::formats::sql::{AlterAction, ConstraintKind, DefaultKind, Dialect, Stmt};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct SafeDdl;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("migrations.safe-ddl"),
    title: Cow::Borrowed("Migrations are safe to run against a live database"),
    category: Category::Reliability,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("database migrations exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("No locking or breaking DDL without its safe form (CONCURRENTLY, NOT VALID...)"),
    rationale: Cow::Borrowed(
        "A migration runs against the production database while the previous release still serves \
         traffic. Some DDL takes an exclusive lock for as long as it scans or rewrites the table \
         (a plain CREATE INDEX, a column type change, a validated foreign key or check, SET NOT \
         NULL), and every query behind it queues until the lock is released: an outage that looks \
         like a slow deploy. Other DDL breaks the code that is still running (a dropped or renamed \
         column or table) or fails on a table with rows (a NOT NULL column without a default). \
         Each has a safe form; this check looks for the unsafe one.",
    ),
    remediation: Cow::Borrowed(
        "Use the safe form of each operation (Postgres):\n\n\
         - `CREATE INDEX CONCURRENTLY` outside a transaction (goose `-- +goose NO TRANSACTION`, \
         dbmate `transaction:false`, Rails `disable_ddl_transaction!` + `algorithm: :concurrently`, \
         Django `AddIndexConcurrently` + `atomic = False`, Alembic `autocommit_block()` + \
         `postgresql_concurrently=True`).\n\
         - Foreign keys and checks: `ADD CONSTRAINT ... NOT VALID`, then `VALIDATE CONSTRAINT` in a \
         later migration.\n\
         - NOT NULL: add `CHECK (col IS NOT NULL) NOT VALID`, validate it, then `SET NOT NULL`.\n\
         - Unique: `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT ... UNIQUE USING INDEX`.\n\
         - New columns: nullable, or NOT NULL with a constant default; backfill in batches.\n\
         - Renames, drops and type changes: expand/contract over several releases (add the new \
         column, write both, backfill, switch reads, then drop the old one once no code uses it).\n\
         - Start lock-taking DDL with `SET lock_timeout = '5s'` so a blocked migration fails fast \
         instead of queueing every query behind it.\n\n\
         A reviewed exception is marked in place: `-- shipready: ignore[migrations.safe-ddl] reason` \
         (SQL) or `# shipready: ignore[migrations.safe-ddl] reason` (Ruby, Python) on the line or \
         the line above; squawk's `-- squawk-ignore <rule>` is honoured for the rules it shares.",
    ),
    passes_when: Cow::Borrowed(
        "no judged migration holds an unsafe operation on an existing table; the score is the share \
         of judged migrations without one; not applicable when the judged migrations only create \
         tables (nothing existing to lock or break)",
    ),
    params: Cow::Borrowed(&[(
        Cow::Borrowed("recent"),
        Cow::Borrowed("judge the newest N migrations of each migration directory (default 50; 0: all)"),
    )]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES"),
        Cow::Borrowed("https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY"),
        Cow::Borrowed("https://squawkhq.com/docs/rules"),
        Cow::Borrowed("https://github.com/ankane/strong_migrations"),
    ]),
};

impl Check for SafeDdl {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (an operation may run on a small or new table).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::wants(file, false)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        super::inspect(file, content, false)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let repo = Repo::gather(ctx, ctx.params);
        Ok(judge(&repo))
    }
}

/// One unsafe operation found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub rule: &'static str,
    pub line: u32,
    pub message: String,
    pub sure: Confidence,
}

/// State carried across migrations, in order.
#[derive(Default)]
struct Across {
    /// (table, column) proven not null by a validated CHECK.
    validated: BTreeSet<(String, String)>,
    /// NOT VALID checks awaiting validation: name -> (table, column).
    pending: BTreeMap<String, (String, String)>,
}

fn hit(rule: &'static str, line: u32, message: String, sure: Confidence) -> Hit {
    Hit {
        rule,
        line,
        message,
        sure,
    }
}

/// The hits of one migration's forward part, updating the cross-migration
/// state.
fn forward_hits(m: &Mig<'_>, st: &mut Across) -> Vec<Hit> {
    let pg = m.dialect == Dialect::Postgres;
    let sqlite = m.dialect == Dialect::Sqlite;
    let mut out = Vec::new();
    if m.dialect == Dialect::ClickHouse {
        return out;
    }
    let mut created: BTreeSet<String> = BTreeSet::new();
    let wrapped = m.framework.wraps_in_transaction() && m.no_transaction.is_none();
    let mut explicit_tx = false;
    // Columns added by this migration: renaming or dropping them breaks no
    // running code, which never knew them.
    let mut added: BTreeSet<(String, String)> = BTreeSet::new();
    let mut lock_timeout = false;
    let mut timeout_reported = false;
    // Tables whose lock the open transaction holds, for backfills.
    let mut locked: BTreeSet<String> = BTreeSet::new();
    let stmts = &m.unit.up_sql;
    // SQLite's table rebuild (create x_new, copy, drop x, rename x_new to
    // x) keeps the table: its DROP is not a drop.
    let renamed_to: BTreeSet<&str> = stmts
        .iter()
        .flat_map(|s| match &s.stmt {
            Stmt::AlterTable { actions, .. } => actions
                .iter()
                .filter_map(|a| match a {
                    AlterAction::RenameTable { to } => Some(to.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            Stmt::RenameTable { to, .. } => vec![to.as_str()],
            _ => Vec::new(),
        })
        .collect();
    let real_statements = stmts
        .iter()
        .filter(|s| !matches!(s.stmt, Stmt::Set { .. } | Stmt::Begin | Stmt::Commit))
        .count();
    for s in stmts {
        let line = s.line;
        let existing = |t: &str, created: &BTreeSet<String>| !created.contains(t);
        let mut lock_taking_on: Option<String> = None;
        match &s.stmt {
            Stmt::Begin => explicit_tx = true,
            Stmt::Commit | Stmt::Rollback => {
                explicit_tx = false;
                locked.clear();
            }
            Stmt::Set { name, value } if name == "lock_timeout" => {
                lock_timeout = !matches!(value.trim(), "0" | "" | "0s" | "0ms");
            }
            Stmt::CreateTable { table } => {
                created.insert(table.clone());
            }
            Stmt::CreateIndex {
                table,
                concurrently,
                name,
                unique,
                on_only,
                ..
            } => {
                let what = if *unique {
                    "CREATE UNIQUE INDEX"
                } else {
                    "CREATE INDEX"
                };
                if !*concurrently && !*on_only && pg && existing(table, &created) {
                    out.push(hit(
                        "create-index-non-concurrent",
                        line,
                        format!("{what} on existing table `{table}` without CONCURRENTLY blocks writes for the whole build"),
                        Confidence::High,
                    ));
                    lock_taking_on = Some(table.clone());
                }
                if *concurrently && pg {
                    if explicit_tx {
                        out.push(hit("concurrent-index-in-transaction", line, format!("CREATE INDEX CONCURRENTLY {} inside BEGIN ... COMMIT fails: it cannot run in a transaction block", name.as_deref().unwrap_or("")), Confidence::High));
                    } else if wrapped {
                        out.push(hit("concurrent-index-in-transaction", line, format!("CREATE INDEX CONCURRENTLY fails inside the transaction {} wraps each migration in; opt out for this migration", m.framework.name()), Confidence::High));
                    } else if m.framework.sends_file_as_one_query() && real_statements > 1 {
                        out.push(hit("concurrent-index-in-transaction", line, format!("CREATE INDEX CONCURRENTLY among other statements: {} sends the file as one query, which Postgres runs as one transaction; put it in a migration of its own", m.framework.name()), Confidence::Medium));
                    }
                }
            }
            Stmt::AlterTable {
                table,
                actions,
                lines,
            } => {
                let is_new = !existing(table, &created);
                for (k, a) in actions.iter().enumerate() {
                    let line = lines.get(k).copied().unwrap_or(line);
                    // Constraint state is followed on new tables too.
                    match a {
                        AlterAction::AddConstraint {
                            name,
                            kind:
                                ConstraintKind::Check {
                                    not_null_of: Some(col),
                                },
                            not_valid,
                        } => {
                            if *not_valid {
                                if let Some(n) = name {
                                    st.pending.insert(n.clone(), (table.clone(), col.clone()));
                                }
                            } else {
                                st.validated.insert((table.clone(), col.clone()));
                            }
                        }
                        AlterAction::ValidateConstraint { name } => {
                            if let Some(tc) = st.pending.remove(name) {
                                st.validated.insert(tc);
                            }
                        }
                        _ => {}
                    }
                    if is_new {
                        continue;
                    }
                    if let AlterAction::AddColumn { column, .. } = a {
                        added.insert((table.clone(), column.clone()));
                    }
                    let fresh = |c: &str| added.contains(&(table.clone(), c.to_string()));
                    match a {
                        AlterAction::DropColumn { column } if fresh(column) => continue,
                        AlterAction::RenameColumn { from, to } if fresh(from) => {
                            added.insert((table.clone(), to.clone()));
                            continue;
                        }
                        // A swap: another table takes this name in the same migration.
                        AlterAction::RenameTable { .. } if renamed_to.contains(table.as_str()) => {
                            continue
                        }
                        _ => {}
                    }
                    let h = alter_hit(a, table, line, pg, sqlite, st);
                    if let Some(h) = h {
                        out.push(h);
                    }
                    if pg
                        && !matches!(
                            a,
                            AlterAction::ValidateConstraint { .. } | AlterAction::Other(_)
                        )
                    {
                        lock_taking_on = Some(table.clone());
                    }
                }
            }
            Stmt::DropIndex { concurrently: true } if pg && (explicit_tx || wrapped) => {
                out.push(hit(
                    "concurrent-index-in-transaction",
                    line,
                    "DROP INDEX CONCURRENTLY fails inside a transaction block".into(),
                    Confidence::High,
                ));
            }
            Stmt::DropTable { tables } => {
                for t in tables
                    .iter()
                    .filter(|t| existing(t, &created) && !renamed_to.contains(t.as_str()))
                {
                    out.push(hit(
                        "drop-table",
                        line,
                        format!(
                            "DROP TABLE `{t}`: code still reading it fails, and the data is gone"
                        ),
                        Confidence::Medium,
                    ));
                }
            }
            // A swap (`RENAME t TO t_old`, `RENAME t_new TO t`) keeps the name
            // the running code uses.
            Stmt::RenameTable { from, .. }
                if created.contains(from) || renamed_to.contains(from.as_str()) => {}
            Stmt::RenameTable { from, to } => {
                out.push(hit(
                    "rename-table",
                    line,
                    format!("RENAME TABLE `{from}` TO `{to}` breaks the running release"),
                    Confidence::High,
                ));
            }
            Stmt::VacuumFull if pg => {
                out.push(hit(
                    "vacuum-full",
                    line,
                    "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock".into(),
                    Confidence::High,
                ));
            }
            Stmt::LockTable { table }
                if existing(table, &created) && m.dialect != Dialect::Sqlite =>
            {
                out.push(hit(
                    "lock-table",
                    line,
                    format!(
                        "LOCK TABLE `{table}` blocks every query on it until the transaction ends"
                    ),
                    Confidence::High,
                ));
            }
            Stmt::Dml { verb, table }
                if verb == "UPDATE" && locked.contains(table) && (explicit_tx || wrapped) =>
            {
                out.push(hit("backfill-in-ddl-transaction", line, format!("UPDATE of `{table}` in the same transaction as DDL on it: the exclusive lock is held for the whole backfill"), Confidence::Medium));
            }
            _ => {}
        }
        if let Some(t) = lock_taking_on {
            if !lock_timeout && !timeout_reported {
                timeout_reported = true;
                out.push(hit("missing-lock-timeout", line, format!("lock-taking DDL on `{t}` without a SET lock_timeout first: if it waits for a lock, every query on the table queues behind it (unless the runner or role sets one)"), Confidence::Low));
            }
            if explicit_tx || wrapped {
                locked.insert(t);
            }
        }
    }
    // Down parts: only what fails at run time.
    let down: Vec<&crate::formats::sql::Statement> = m
        .unit
        .down_sql
        .iter()
        .chain(m.down_unit.map(|u| u.down_sql.iter()).into_iter().flatten())
        .collect();
    let mut down_tx = false;
    for s in down {
        match &s.stmt {
            Stmt::Begin => down_tx = true,
            Stmt::Commit | Stmt::Rollback => down_tx = false,
            Stmt::CreateIndex {
                concurrently: true, ..
            }
            | Stmt::DropIndex { concurrently: true }
                if pg && (down_tx || wrapped) =>
            {
                out.push(hit("concurrent-index-in-transaction", s.line, "a CONCURRENTLY index operation in the down migration runs inside a transaction and fails".into(), Confidence::High));
            }
            _ => {}
        }
    }
    orm_hits(m, &mut out);
    out
}

fn alter_hit(
    a: &AlterAction,
    table: &str,
    line: u32,
    pg: bool,
    sqlite: bool,
    st: &Across,
) -> Option<Hit> {
    Some(match a {
        AlterAction::AddColumn { column, not_null, default, primary_key, fills_rows } => {
            if *primary_key && pg {
                hit("add-primary-key", line, format!("adding primary key column `{column}` to `{table}` fills every row and builds a unique index under an exclusive lock"), Confidence::High)
            } else if let (Some(what), true) = (fills_rows, pg) {
                hit("add-column-volatile-default", line, format!("adding `{column}` ({what}) to `{table}` fills every existing row: a table rewrite under an exclusive lock"), Confidence::High)
            } else if let (Some(DefaultKind::Volatile(f)), true) = (default, pg || sqlite) {
                hit("add-column-volatile-default", line, format!("adding `{column}` to `{table}` with the volatile default {f} rewrites the table under an exclusive lock"), Confidence::High)
            } else if *not_null && default.is_none() && fills_rows.is_none() && (pg || sqlite) {
                hit("add-column-not-null-no-default", line, format!("adding NOT NULL column `{column}` to `{table}` without a default fails once the table has rows"), Confidence::High)
            } else {
                return None;
            }
        }
        AlterAction::DropColumn { column } => hit("drop-column", line, format!("dropping column `{table}.{column}` breaks the running release if it still reads it"), Confidence::High),
        AlterAction::AlterType { column, restated: false } => hit("alter-column-type", line, format!("changing the type of `{table}.{column}` rewrites the table (and its indexes) under an exclusive lock"), Confidence::High),
        AlterAction::AlterType { column, restated: true } => hit("alter-column-type", line, format!("MODIFY/CHANGE restates `{table}.{column}`: if its type changes, the table is copied while writes wait"), Confidence::Medium),
        AlterAction::SetNotNull { column } if pg => {
            if st.validated.contains(&(table.to_string(), column.clone())) {
                return None;
            }
            hit("set-not-null-without-check", line, format!("SET NOT NULL on `{table}.{column}` scans the table under an exclusive lock; validate a CHECK ({column} IS NOT NULL) first"), Confidence::High)
        }
        AlterAction::RenameColumn { from, to } => hit("rename-column", line, format!("renaming `{table}.{from}` to `{to}` breaks the running release"), Confidence::High),
        AlterAction::RenameTable { to } => hit("rename-table", line, format!("renaming table `{table}` to `{to}` breaks the running release"), Confidence::High),
        AlterAction::AddConstraint { kind, not_valid, name } if pg => {
            let n = name.as_deref().unwrap_or("");
            match kind {
                ConstraintKind::ForeignKey if !not_valid => hit("foreign-key-without-not-valid", line, format!("foreign key {n} on `{table}` without NOT VALID scans it while blocking writes on both tables"), Confidence::High),
                ConstraintKind::Check { .. } if !not_valid => hit("check-without-not-valid", line, format!("check constraint {n} on `{table}` without NOT VALID scans it under an exclusive lock"), Confidence::High),
                ConstraintKind::Unique { using_index: false } => hit("unique-constraint-without-index", line, format!("unique constraint {n} on `{table}` builds its index under an exclusive lock; build it CONCURRENTLY and add it USING INDEX"), Confidence::High),
                ConstraintKind::PrimaryKey { using_index: false } => hit("add-primary-key", line, format!("primary key on `{table}` builds its index under an exclusive lock; build it CONCURRENTLY and add it USING INDEX"), Confidence::High),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// ORM operations: the same rules, read by pattern (medium).
fn orm_hits(m: &Mig<'_>, out: &mut Vec<Hit>) {
    let pg = m.dialect == Dialect::Postgres;
    let sqlite = m.dialect == Dialect::Sqlite;
    let created = m.orm_created();
    let wrapped = m.framework.wraps_in_transaction() && m.no_transaction.is_none();
    for o in &m.unit.up_ops {
        let t = o.table.as_deref().unwrap_or("?");
        if o.table.as_deref().is_some_and(|t| created.contains(t)) {
            continue;
        }
        let h = match &o.kind {
            OrmKind::CreateTable => None,
            OrmKind::CreateIndex { concurrent: false } if pg => Some(("create-index-non-concurrent", format!("index on existing table `{t}` built without a concurrent algorithm blocks writes for the whole build"))),
            OrmKind::CreateIndex { concurrent: true } if pg && wrapped => Some(("concurrent-index-in-transaction", format!("concurrent index on `{t}` inside the transaction {} wraps migrations in (disable it for this migration)", m.framework.name()))),
            OrmKind::CreateIndex { .. } => None,
            OrmKind::DropColumn => Some(("drop-column", format!("removing a column of `{t}` breaks the running release if it still reads it"))),
            OrmKind::RenameColumn => Some(("rename-column", format!("renaming a column of `{t}` breaks the running release"))),
            OrmKind::RenameTable => Some(("rename-table", format!("renaming table `{t}` breaks the running release"))),
            OrmKind::AlterType => Some(("alter-column-type", format!("changing a column of `{t}` may rewrite the table under an exclusive lock"))),
            OrmKind::AlterField => Some(("alter-column-type", format!("AlterField on `{t}`: if the column type changes, the table is rewritten under an exclusive lock"))),
            OrmKind::AddNotNullNoDefault if pg || sqlite => Some(("add-column-not-null-no-default", format!("adding a NOT NULL column without a default to `{t}` fails once the table has rows"))),
            OrmKind::AddNotNullNoDefault => None,
            OrmKind::SetNotNull if pg => Some(("set-not-null-without-check", format!("making a column of `{t}` NOT NULL scans the table under an exclusive lock"))),
            OrmKind::SetNotNull => None,
            OrmKind::DropTable => Some(("drop-table", format!("dropping table `{t}`: code still reading it fails, and the data is gone"))),
            OrmKind::AddForeignKey { not_valid: false } if pg => Some(("foreign-key-without-not-valid", format!("foreign key on `{t}` validated at once scans it while blocking writes"))),
            OrmKind::AddCheck { not_valid: false } if pg => Some(("check-without-not-valid", format!("check constraint on `{t}` validated at once scans it under an exclusive lock"))),
            OrmKind::AddForeignKey { .. } | OrmKind::AddCheck { .. } => None,
        };
        if let Some((rule, msg)) = h {
            let sure = if o.kind == OrmKind::AlterField {
                Confidence::Low
            } else {
                Confidence::Medium
            };
            out.push(hit(rule, o.line, format!("{msg}: `{}`", o.text), sure));
        }
    }
}

fn judge(repo: &Repo<'_>) -> Outcome {
    if !repo.migs.iter().any(|m| m.judged) {
        return Outcome::not_applicable("no database migrations found").evidence(
            "looked for SQL migration layouts (golang-migrate, sqlx, Diesel, Flyway, Prisma, goose, dbmate, Atlas, Liquibase formatted SQL, numbered SQL in migrations/), Rails, Django, Alembic, Ecto, Knex/Sequelize/TypeORM, Entity Framework Core, FluentMigrator, Laravel, Doctrine, Phinx and Go code migrations",
        );
    }
    let mut st = Across::default();
    let mut findings: Vec<Finding> = Vec::new();
    let mut judged = 0usize;
    let mut clean = 0usize;
    let mut ops_flagged = 0usize;
    let mut forms = 0usize;
    let mut reviewed = 0usize;
    let mut changes_any = false;
    // State follows every migration in order; only the window is judged.
    for m in &repo.migs {
        let mut hits = forward_hits(m, &mut st);
        // SQL found in a string literal of code runs only if the code runs
        // it (a branch, a loop): what it says is read by pattern.
        if m.framework.read_by_pattern() {
            for h in &mut hits {
                h.sure = h.sure.min(Confidence::Medium);
            }
        }
        if !m.judged || m.dialect == Dialect::ClickHouse {
            continue;
        }
        judged += 1;
        changes_any |= m.changes_existing();
        if !m.unit.up_ops.is_empty() {
            forms += 1;
        }
        let mut unsafe_here = false;
        for h in hits {
            // Inside a `safety-assured` block: a reviewer accepted it.
            if m.reviewed.iter().any(|(a, b)| (*a..=*b).contains(&h.line)) {
                reviewed += 1;
                continue;
            }
            let path = if m.unit.down_sql.is_empty()
                && m.down_unit
                    .is_some_and(|d| d.down_sql.iter().any(|s| s.line == h.line))
                && !m.unit.up_sql.iter().any(|s| s.line == h.line)
            {
                m.down_path.unwrap_or(m.path)
            } else {
                m.path
            };
            let f = crate::checks::finding(&META, format!("{}:{}: {}", path, h.line, h.message))
                .rule(h.rule)
                .at(path, Some(h.line))
                .matched(&format!("{}:{}:{}", m.unit.name, h.rule, h.message));
            let f = graded(f, h.sure);
            // Low-confidence warnings are listed, not counted.
            if !suppressed(m.markers, &f) && h.sure != Confidence::Low {
                unsafe_here = true;
                ops_flagged += 1;
            }
            findings.push(f);
        }
        if !unsafe_here {
            clean += 1;
        }
    }
    let mut evidence = repo.framework_evidence();
    evidence.push(repo.dialect_evidence());
    evidence.extend(repo.windowed.iter().cloned());
    // Migrations that only create tables cannot lock or break a live
    // one: a toy's three CREATE TABLEs are no evidence of safe schema
    // changes, and scoring them clean put toys above every service that
    // ever altered a table.
    if !changes_any && ops_flagged == 0 {
        return Outcome::not_applicable(format!(
            "the {judged} migration{} judged only create tables: none changes an existing one, so none can lock or break a live database",
            if judged == 1 { "" } else { "s" }
        ))
        .evidences(evidence)
        .findings(findings);
    }
    if reviewed > 0 {
        evidence.push(format!("{reviewed} operations inside `-- safety-assured:start/end` blocks accepted as reviewed"));
    }
    if forms > 0 {
        evidence.push(format!(
            "{forms} ORM migrations read by pattern (findings from them are medium confidence)"
        ));
    }
    let summary = format!(
        "{clean} of {judged} migrations free of unsafe DDL{}",
        if ops_flagged > 0 {
            format!(" ({ops_flagged} unsafe operations)")
        } else {
            String::new()
        }
    );
    Outcome::fraction(clean as f64 / judged as f64, summary)
        .basis(Basis::Parsed)
        .evidences(evidence)
        .findings(findings)
}

/// The rules a run over `files` reports, as (path, line, rule): for tests
/// and the labelled corpus.
#[cfg(test)]
pub(crate) fn rules_of(files: &[(&str, &str)]) -> Vec<(String, u32, String)> {
    let o = crate::checks::test_support::run_check(&SafeDdl, files);
    let markers: Vec<crate::suppress::Marker> = files
        .iter()
        .flat_map(|(p, t)| crate::suppress::scan(p, t.as_bytes()))
        .collect();
    o.findings
        .iter()
        .filter(|f| !suppressed(&markers, f))
        .map(|f| {
            (
                f.path.clone().unwrap_or_default(),
                f.line.unwrap_or(0),
                f.rule.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    fn rules(sql: &str) -> Vec<(u32, String)> {
        rules_of(&[("migrations/0002_x.sql", sql)])
            .into_iter()
            .map(|(_, l, r)| (l, r))
            .collect()
    }

    #[test]
    fn postgres_rules_table() {
        let cases: &[(&str, &[(u32, &str)])] = &[
            ("CREATE INDEX i ON users (email);", &[(1, "create-index-non-concurrent"), (1, "missing-lock-timeout")]),
            ("CREATE INDEX CONCURRENTLY i ON users (email);", &[]),
            ("SET lock_timeout = '5s';\nCREATE INDEX i ON ONLY events USING gin (meta);", &[]),
            ("CREATE TABLE e_new (id int);\nRENAME TABLE e TO e_old;\nRENAME TABLE e_new TO e;", &[]),
            ("SET lock_timeout = '5s';\nCREATE INDEX i ON users (email);", &[(2, "create-index-non-concurrent")]),
            ("CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);\nALTER TABLE t ADD COLUMN c int NOT NULL;", &[]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD COLUMN c int NOT NULL;", &[(2, "add-column-not-null-no-default")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;", &[]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();", &[(2, "add-column-volatile-default")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();", &[]),
            ("SET lock_timeout='1s';\nALTER TABLE t ALTER COLUMN c TYPE bigint;", &[(2, "alter-column-type")]),
            ("SET lock_timeout='1s';\nALTER TABLE t RENAME COLUMN a TO b;", &[(2, "rename-column")]),
            ("SET lock_timeout='1s';\nALTER TABLE t RENAME TO u;", &[(2, "rename-table")]),
            ("SET lock_timeout='1s';\nALTER TABLE t DROP COLUMN c;", &[(2, "drop-column")]),
            ("DROP TABLE old_things;", &[(1, "drop-table")]),
            ("CREATE TABLE t_new (id int);\nINSERT INTO t_new SELECT id FROM t;\nDROP TABLE t;\nALTER TABLE t_new RENAME TO t;", &[]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id);", &[(2, "foreign-key-without-not-valid")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT fk;", &[]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", &[(2, "check-without-not-valid")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT u UNIQUE (a);", &[(2, "unique-constraint-without-index")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i;", &[]),
            ("SET lock_timeout='1s';\nALTER TABLE t ALTER COLUMN c SET NOT NULL;", &[(2, "set-not-null-without-check")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c_nn;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;", &[]),
            ("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;", &[(2, "concurrent-index-in-transaction")]),
            ("VACUUM FULL t;", &[(1, "vacuum-full")]),
            ("BEGIN;\nLOCK TABLE t IN ACCESS EXCLUSIVE MODE;\nCOMMIT;", &[(2, "lock-table")]),
            ("SET lock_timeout='1s';\nALTER TABLE t ADD COLUMN id bigserial PRIMARY KEY;", &[(2, "add-primary-key")]),
            ("INSERT INTO t (sql) VALUES ('DROP TABLE users; ALTER TABLE x DROP COLUMN y');\n-- DROP TABLE users;\n/* CREATE INDEX i ON t (a); */", &[]),
            ("SET lock_timeout='1s';\n-- shipready: ignore[migrations.safe-ddl] column unused since v3\nALTER TABLE t DROP COLUMN c;", &[]),
            ("SET lock_timeout='1s';\n-- squawk-ignore ban-drop-column\nALTER TABLE t DROP COLUMN c;", &[]),
        ];
        for (sql, want) in cases {
            let mut got = rules(sql);
            got.sort();
            let mut want: Vec<(u32, String)> =
                want.iter().map(|(l, r)| (*l, r.to_string())).collect();
            want.sort();
            assert_eq!(got, want, "{sql}");
        }
    }

    #[test]
    fn state_follows_across_files_and_frameworks() {
        // The CHECK validated in an earlier migration makes SET NOT NULL safe.
        let got = rules_of(&[
            ("migrations/0001_a.sql", "SET lock_timeout='1s';\nALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (c IS NOT NULL) NOT VALID;"),
            ("migrations/0002_b.sql", "SET lock_timeout='1s';\nALTER TABLE t VALIDATE CONSTRAINT t_c_nn;"),
            ("migrations/0003_c.sql", "SET lock_timeout='1s';\nALTER TABLE t ALTER COLUMN c SET NOT NULL;"),
        ]);
        assert!(got.is_empty(), "{got:?}");
        // goose wraps in a transaction unless told not to.
        let goose =
            "-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose Down\nDROP INDEX i;\n";
        let got = rules_of(&[("db/migrations/1_a.sql", goose)]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "concurrent-index-in-transaction");
        let goose_ok = "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose Down\nDROP INDEX CONCURRENTLY i;\n";
        assert!(rules_of(&[("db/migrations/1_a.sql", goose_ok)]).is_empty());
        // golang-migrate: one statement per file is fine; a drop in a down file is its purpose.
        let got = rules_of(&[
            (
                "db/migrations/000002_i.up.sql",
                "CREATE INDEX CONCURRENTLY i ON t (a);",
            ),
            (
                "db/migrations/000002_i.down.sql",
                "DROP TABLE t;\nALTER TABLE u DROP COLUMN c;",
            ),
        ]);
        assert!(got.is_empty(), "{got:?}");
        // MySQL: no CONCURRENTLY to ask for, no NOT VALID.
        let got = rules_of(&[
            ("config/database.yml", "production:\n  adapter: mysql2\n"),
            ("migrations/0002_x.sql", "CREATE INDEX i ON users (email);\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id);\nALTER TABLE t DROP COLUMN c;"),
        ]);
        assert_eq!(
            got.iter().map(|g| g.2.as_str()).collect::<Vec<_>>(),
            ["drop-column"]
        );
    }

    #[test]
    fn orm_forms_are_medium() {
        let rails = "class X < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, :email\n    create_table :posts do |t|\n      t.string :title\n    end\n    add_index :posts, :title\n  end\nend\n";
        let o = crate::checks::test_support::run_check(
            &SafeDdl,
            &[("db/migrate/20240101000000_x.rb", rails)],
        );
        assert_eq!(o.findings.len(), 1, "{:?}", o.findings);
        assert_eq!(o.findings[0].line, Some(3));
        assert_eq!(o.findings[0].confidence, Confidence::Medium);
        let django = "class Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name='order', name='legacy'),\n    ]\n";
        let got = rules_of(&[("shop/migrations/0004_rm.py", django)]);
        assert_eq!(
            got,
            [(
                "shop/migrations/0004_rm.py".to_string(),
                3,
                "drop-column".to_string()
            )]
        );
    }

    #[test]
    fn statuses() {
        expect(
            &SafeDdl,
            "none",
            &[("README.md", "x")],
            Status::NotApplicable,
        );
        expect(
            &SafeDdl,
            "one bad of two",
            &[
                ("migrations/0001_a.sql", "CREATE TABLE a (id int);"),
                (
                    "migrations/0002_b.sql",
                    "SET lock_timeout='1s';\nALTER TABLE a DROP COLUMN id;",
                ),
            ],
            Status::Partial,
        );
    }

    #[test]
    fn migrations_that_only_create_tables_are_not_judged() {
        let up = "SET lock_timeout='1s';\n";
        let cases: &[crate::checks::docker::Case] = &[
            ("creates only", &[("migrations/0001_a.sql", "CREATE TABLE a (id int);\nCREATE INDEX a_i ON a (id);"), ("migrations/0002_b.sql", "CREATE TABLE b (id int REFERENCES a (id));\nINSERT INTO b VALUES (1);")], Status::NotApplicable),
            ("rails creates only", &[("db/migrate/20240101000000_x.rb", "class X < ActiveRecord::Migration[7.1]\n  def change\n    create_table :posts do |t|\n      t.string :title\n    end\n    add_index :posts, :title\n  end\nend\n")], Status::NotApplicable),
            // Near misses: one safe change to an existing table makes the
            // set judged, and clean.
            ("a safe change to an existing table", &[("migrations/0001_a.sql", "CREATE TABLE a (id int);"), ("migrations/0002_b.sql", &format!("{up}CREATE INDEX CONCURRENTLY a_i ON a (id);"))], Status::Pass),
            ("a nullable column added", &[("migrations/0001_a.sql", "CREATE TABLE a (id int);"), ("migrations/0002_b.sql", &format!("{up}ALTER TABLE a ADD COLUMN n text;"))], Status::Pass),
            ("an index on an existing table", &[("migrations/0001_a.sql", "CREATE TABLE a (id int);"), ("migrations/0002_b.sql", &format!("{up}CREATE INDEX a_i ON a (id);"))], Status::Partial),
            ("a rails index on an existing table", &[("db/migrate/20240101000000_x.rb", "class X < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, :email\n  end\nend\n")], Status::Partial),
        ];
        for (name, files, want) in cases {
            expect(&SafeDdl, name, files, *want);
        }
    }
}
