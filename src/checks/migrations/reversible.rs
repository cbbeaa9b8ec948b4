//! `migrations.reversible`: every migration can be reversed in its
//! framework's convention.
//!
//! A migration is reversible when its backward part exists and does
//! something: a `.down.sql` / `down.sql` / Flyway `U` file with a statement,
//! a goose/dbmate Down section with a statement, a Rails `down` or an
//! Alembic `downgrade` that is not empty nor a bare `raise`, a Knex /
//! Sequelize / TypeORM `down` with a body, a Liquibase changeset with a
//! rollback block or only auto-reversible changes; or when the framework
//! reverses it by itself (Rails and Ecto `change` without irreversible
//! operations, Django operations without a one-way RunPython/RunSQL).
//! A migration whose forward part is empty needs no backward part.
//!
//! Forward-only frameworks (Prisma, Atlas, Flyway without undo files, sqlx
//! or plain SQL without down files) have no down migrations by design. Their
//! migrations count as reversible when the repository documents what it
//! does instead (roll forward, expand/contract, restore from backup), found
//! by searching the documentation; the evidence names the line.
//!
//! Confidence: a missing or empty down file, or an SQL section, is parsed
//! (high); ORM code is read by pattern (medium); the documentation search
//! is medium both ways (the strategy may live in a wiki).

use std::borrow::Cow;

use super::{graded, suppressed, Mig, Repo};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::migrations::{Down, Framework};
use crate::model::{Basis, Confidence, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Reversible;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("migrations.reversible"),
    title: Cow::Borrowed("Every database migration can be reversed"),
    category: Category::Recovery,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("database migrations exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Each migration has a working down, or the repo documents how it rolls forward"),
    rationale: Cow::Borrowed(
        "When a release goes wrong, the code rolls back in a minute; the schema only rolls back if \
         someone wrote the way back. A migration without a down (or with a down that is empty or \
         only raises) turns a bad deploy into a restore from backup under pressure. Frameworks that \
         are forward-only by design (Prisma, Atlas, Flyway Community) are fine when the team has \
         decided, and written down, how it recovers instead: fix forward with expand/contract \
         changes, or restore to a point in time.",
    ),
    remediation: Cow::Borrowed(
        "Write the backward part in the framework's convention: `NNN_x.down.sql` beside \
         `NNN_x.up.sql` (golang-migrate, sqlx), `down.sql` (Diesel), `-- +goose Down` / \
         `-- migrate:down` sections, Flyway `U<version>__x.sql`, a Liquibase `<rollback>` block or \
         `--rollback` line, `downgrade()` (Alembic), `reverse_code=` / `reverse_sql=` (Django \
         RunPython/RunSQL), `def down` or a reversible `change` (Rails, Ecto), `down()` (Knex, \
         Sequelize, TypeORM, Laravel, Doctrine, up/down scripts), `Down(MigrationBuilder)` \
         (Entity Framework Core), `Down()` (FluentMigrator), a down function (goose Go, \
         `Rollback` in gormigrate).\n\n\
         Where a step really cannot be undone (dropping data), say so in the migration and \
         document the recovery path. For forward-only tools, add a section to the deploy docs, \
         for example:\n\n\
         ```markdown\n\
         ## Rolling back a release\n\
         Migrations are forward-only (Prisma). A bad migration is fixed forward with a new \
         migration; schema changes follow expand/contract so the previous release keeps working. \
         Data loss is recovered by point-in-time restore (RDS, 7 days).\n\
         ```",
    ),
    passes_when: Cow::Borrowed(
        "every judged migration has a non-empty backward part in its framework's convention (or \
         is reversed by the framework), and forward-only migrations are covered by a documented \
         roll-forward/restore strategy; the score is the reversible share",
    ),
    params: Cow::Borrowed(&[(
        Cow::Borrowed("recent"),
        Cow::Borrowed("judge the newest N migrations of each migration directory (default 50; 0: all)"),
    )]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://guides.rubyonrails.org/active_record_migrations.html#using-reversible"),
        Cow::Borrowed("https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython"),
        Cow::Borrowed("https://www.prisma.io/docs/orm/prisma-migrate/workflows/generating-down-migrations"),
        Cow::Borrowed("https://documentation.red-gate.com/fd/undo-migrations-184127627.html"),
    ]),
};

impl Check for Reversible {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a migration may be reversible by other means).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        super::wants(file, true)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        super::inspect(file, content, true)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let repo = Repo::gather(ctx, ctx.params);
        Ok(judge(&repo))
    }
}

/// Why a migration is not reversible, with the line and how sure we are.
fn problem(m: &Mig<'_>) -> Option<(String, u32, &'static str, Confidence)> {
    let orm = (m.framework.read_by_pattern() || m.framework == Framework::Liquibase)
        && !m.unit.name.ends_with(".sql")
        && !m.path.ends_with(".sql");
    let sure = if orm {
        Confidence::Medium
    } else {
        Confidence::High
    };
    let fw = m.framework.name();
    match &m.down {
        Down::Present(_) | Down::Automatic | Down::ForwardOnly | Down::Elsewhere => None,
        Down::Missing => Some((
            match m.framework {
                Framework::GolangMigrate | Framework::Sqlx => {
                    "no .down.sql beside the .up.sql".to_string()
                }
                Framework::Diesel => "no down.sql in the migration directory".to_string(),
                Framework::Flyway => {
                    "no U (undo) file for this version, while others have one".to_string()
                }
                _ => format!("no backward part ({fw})"),
            },
            m.unit.line,
            "missing-down",
            sure,
        )),
        Down::Empty(l) => Some((
            "the backward part is empty".to_string(),
            *l,
            "empty-down",
            sure,
        )),
        Down::Raises(l) => Some((
            "the backward part only raises (declared irreversible)".to_string(),
            *l,
            "irreversible",
            sure,
        )),
        Down::Irreversible(l, why) => Some((why.clone(), *l, "irreversible", sure)),
    }
}

/// An SQL forward part that changes nothing a down could restore:
/// statistics, vacuum, reindex, a materialized view refresh, a query.
fn only_maintenance(m: &Mig<'_>) -> bool {
    use crate::formats::sql::Stmt;
    !m.unit.up_sql.is_empty()
        && m.unit.up_ops.is_empty()
        && m.unit.up_sql.iter().all(|s| match &s.stmt {
            Stmt::Other(h) => matches!(
                h.as_str(),
                "ANALYZE" | "VACUUM" | "REINDEX" | "REFRESH" | "SELECT" | "NOTIFY" | "CHECKPOINT"
            ),
            Stmt::Set { .. } | Stmt::Begin | Stmt::Commit => true,
            _ => false,
        })
}

fn judge(repo: &Repo<'_>) -> Outcome {
    let judged: Vec<&Mig<'_>> = repo.migs.iter().filter(|m| m.judged).collect();
    if judged.is_empty() {
        return Outcome::not_applicable("no database migrations found").evidence(
            "looked for golang-migrate/sqlx/Diesel/Flyway/Prisma/goose/dbmate/Atlas SQL layouts, Liquibase changelogs, Rails db/migrate, Django and Alembic migrations, Ecto priv/repo/migrations, Knex/Sequelize/TypeORM and up/down script migrations, Entity Framework Core and FluentMigrator, Laravel/Doctrine/Phinx, goose Go, gormigrate and Go lists of migration functions",
        );
    }
    let mut findings = Vec::new();
    let mut ok = 0usize;
    let mut forward_only: Vec<&Mig<'_>> = Vec::new();
    for m in &judged {
        // Nothing forward, nothing to reverse.
        let nothing_to_undo = m.up_is_blank() || only_maintenance(m);
        if nothing_to_undo && matches!(m.down, Down::Empty(_) | Down::Missing | Down::ForwardOnly) {
            ok += 1;
            continue;
        }
        if m.down == Down::ForwardOnly {
            forward_only.push(m);
            continue;
        }
        match problem(m) {
            None => ok += 1,
            Some((why, line, rule, sure)) => {
                let at = if rule == "empty-down" {
                    m.down_path.unwrap_or(m.path)
                } else {
                    m.path
                };
                let f =
                    crate::checks::finding(&META, format!("{}: not reversible: {why}", m.label()))
                        .rule(rule)
                        .at(at, Some(line))
                        .matched(&format!("{}:{rule}", m.label()));
                let f = graded(f, sure);
                if suppressed(m.markers, &f) {
                    ok += 1;
                }
                findings.push(f);
            }
        }
    }
    let documented = !repo.strategy.is_empty();
    if !forward_only.is_empty() {
        let mut by_fw: std::collections::BTreeMap<&str, usize> = Default::default();
        for m in &forward_only {
            *by_fw.entry(m.framework.name()).or_default() += 1;
        }
        let names: Vec<String> = by_fw.iter().map(|(k, v)| format!("{v} {k}")).collect();
        if documented {
            ok += forward_only.len();
        } else {
            let first = forward_only[0];
            let f = crate::checks::finding(
                &META,
                format!(
                    "{} migrations have no down migrations (forward-only) and no roll-forward or restore strategy is documented",
                    names.join(", ")
                ),
            )
            .rule("forward-only-undocumented")
            .at(first.path, None)
            .matched("forward-only-undocumented");
            findings.push(graded(f, Confidence::Medium));
        }
    }
    let total = judged.len();
    let mut evidence = repo.framework_evidence();
    evidence.extend(repo.windowed.iter().cloned());
    if !forward_only.is_empty() {
        evidence.push(if documented {
            format!(
                "{} forward-only migrations; strategy documented: {}",
                forward_only.len(),
                repo.strategy.join(" | ")
            )
        } else {
            format!(
                "{} forward-only migrations; searched the documentation for a roll-forward, expand/contract or restore strategy near a mention of migrations: none found",
                forward_only.len()
            )
        });
    }
    let summary = format!("{ok} of {total} migrations reversible");
    Outcome::fraction(ok as f64 / total as f64, summary)
        .basis(Basis::Parsed)
        .evidences(evidence)
        .findings(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_check};
    use crate::model::Status;

    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);

    #[test]
    fn cases() {
        let cases: &[Case<'_>] = &[
            (
                "golang-migrate pair",
                &[
                    ("db/migrations/000001_a.up.sql", "CREATE TABLE a (id int);"),
                    ("db/migrations/000001_a.down.sql", "DROP TABLE a;"),
                ],
                Status::Pass,
            ),
            (
                "missing down file",
                &[
                    ("db/migrations/000001_a.up.sql", "CREATE TABLE a (id int);"),
                    ("db/migrations/000002_b.up.sql", "CREATE TABLE b (id int);"),
                    ("db/migrations/000002_b.down.sql", "DROP TABLE b;"),
                ],
                Status::Partial,
            ),
            (
                "comment-only down file",
                &[
                    ("db/migrations/000001_a.up.sql", "CREATE TABLE a (id int);"),
                    ("db/migrations/000001_a.down.sql", "-- DROP TABLE a;\n"),
                    ("db/migrations/000002_b.up.sql", "CREATE TABLE b (id int);"),
                    ("db/migrations/000002_b.down.sql", "DROP TABLE b;"),
                ],
                Status::Partial,
            ),
            (
                "goose down section",
                &[("db/migrations/1_a.sql", "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n")],
                Status::Pass,
            ),
            (
                "prisma undocumented",
                &[("prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE a (id int);")],
                Status::Partial,
            ),
            (
                "prisma documented",
                &[
                    ("prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE a (id int);"),
                    ("docs/deploy.md", "# Deploy\n\nDatabase migrations are forward-only: we fix forward with a new migration.\n"),
                ],
                Status::Pass,
            ),
            ("no migrations", &[("README.md", "# x")], Status::NotApplicable),
            (
                "alembic pass",
                &[("alembic/versions/a1_x.py", "from alembic import op\nrevision = 'a1'\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.Integer()))\n\ndef downgrade():\n    pass\n")],
                Status::Partial,
            ),
            (
                "maintenance needs no down",
                &[
                    ("db/migrations/1_a.sql", "-- +goose Up\nANALYZE t;\n-- +goose Down\n-- empty\n"),
                ],
                Status::Pass,
            ),
            (
                "blank placeholder needs no down",
                &[("db/migrations/000001_noop.up.sql", "-- nothing yet\n")],
                Status::Pass,
            ),
        ];
        for (name, files, want) in cases {
            expect(&Reversible, name, files, *want);
        }
    }

    #[test]
    fn names_the_irreversible_ones_and_counts() {
        let o = run_check(
            &Reversible,
            &[
                ("db/migrations/000001_a.up.sql", "CREATE TABLE a (id int);"),
                ("db/migrations/000001_a.down.sql", "DROP TABLE a;"),
                ("db/migrations/000002_b.up.sql", "CREATE TABLE b (id int);"),
                ("db/migrations/000003_c.up.sql", "CREATE TABLE c (id int);"),
                ("db/migrations/000003_c.down.sql", ""),
            ],
        );
        assert_eq!(o.summary, "1 of 3 migrations reversible");
        let locs: Vec<String> = o.findings.iter().map(|f| f.location()).collect();
        assert_eq!(
            locs,
            [
                "db/migrations/000002_b.up.sql:1",
                "db/migrations/000003_c.down.sql:1"
            ]
        );
        assert!(
            o.evidence
                .iter()
                .any(|e| e.starts_with("golang-migrate migrations")),
            "{:?}",
            o.evidence
        );
    }

    #[test]
    fn window_judges_the_newest() {
        let mut files: Vec<(String, String)> = (1..=60)
            .map(|i| {
                (
                    format!("db/migrations/{i:04}_m.up.sql"),
                    "SELECT 1;".to_string(),
                )
            })
            .collect();
        for i in 11..=60 {
            files.push((
                format!("db/migrations/{i:04}_m.down.sql"),
                "SELECT 1;".into(),
            ));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let o = run_check(&Reversible, &refs);
        assert_eq!(o.status, Status::Pass, "{:?}", o.summary);
        assert!(o.evidence.iter().any(|e| e.contains("newest 50 of 60")));
    }
}
