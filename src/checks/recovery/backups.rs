//! `recovery.backups`: a service that keeps data has backups configured,
//! or a written procedure to back up and restore it.
//!
//! Applies when a datastore is detected: a database driver or ORM among
//! the runtime dependencies, a database image in a compose file or a
//! Kubernetes manifest, or a managed database in Terraform. A cache (Redis,
//! Memcached) is not a datastore here.
//!
//! Evidence of backups, by confidence:
//! - backup tooling configured (high): Velero `Schedule`/`Backup` objects,
//!   CloudNativePG `ScheduledBackup` or `barmanObjectStore`, pgBackRest
//!   config, WAL-G/WAL-E, restic, barman, Terraform `aws_backup_plan`,
//!   `backup_retention_period > 0`, Cloud SQL `backup_configuration`,
//!   point-in-time recovery, Azure backup resources; a Kubernetes CronJob
//!   or compose service that runs `pg_dump`, `mysqldump` or `mongodump`, or
//!   a backup image;
//! - a backup library as a dependency (django-dbbackup, spatie/laravel-
//!   backup) or a script that runs a dump (medium);
//! - a document with a section on backups and one on restoring (both;
//!   one without the other earns half).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::is_ops_doc;
use crate::checks::signals::{is_project_manifest, manifest_of, DocHeadings};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::manifests::{package_matches, Ecosystem};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{line_of, Content, FileEntry, FileKind};

pub struct Backups;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("recovery.backups"),
    title: Cow::Borrowed("Data is backed up, and restoring it is written down"),
    category: Category::Recovery,
    severity: Severity::High,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("a service or worker with a datastore (database driver, ORM, database image or managed database)"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Backup tooling is configured, or backup and restore are documented"),
    rationale: Cow::Borrowed(
        "A dropped table, a bad migration or a lost volume is unrecoverable without a backup, and \
         a backup nobody knows how to restore is a hope. Backup configuration in the repository \
         shows what is copied, how often and where; a restore procedure is what the on-call \
         engineer follows under pressure.",
    ),
    remediation: Cow::Borrowed(
        "Configure backups as code (Velero schedules, CloudNativePG ScheduledBackup, pgBackRest or \
         WAL-G, `aws_backup_plan` or `backup_retention_period` on managed databases, a CronJob \
         running pg_dump to object storage), and add a runbook section for each: \"Backups\" \
         (what, where, retention) and \"Restoring\" (the steps, how long it takes, how to verify). \
         Rehearse the restore; attest it with `recovery.restore-tested`.",
    ),
    passes_when: Cow::Borrowed(
        "backup tooling or a managed-database backup setting is configured, or documents have both \
         a backup section and a restore section; half credit for only one of the two",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://sre.google/sre-book/data-integrity/"),
        Cow::Borrowed("https://velero.io/docs/main/how-velero-works/"),
    ]),
};

const DATASTORES: &[(Ecosystem, &str)] = &[
    (Ecosystem::Python, "psycopg"),
    (Ecosystem::Python, "psycopg2"),
    (Ecosystem::Python, "psycopg2-binary"),
    (Ecosystem::Python, "asyncpg"),
    (Ecosystem::Python, "mysqlclient"),
    (Ecosystem::Python, "pymysql"),
    (Ecosystem::Python, "sqlalchemy"),
    (Ecosystem::Python, "django"),
    (Ecosystem::Python, "peewee"),
    (Ecosystem::Python, "tortoise-orm"),
    (Ecosystem::Python, "pymongo"),
    (Ecosystem::Python, "motor"),
    (Ecosystem::Python, "mongoengine"),
    (Ecosystem::Python, "sqlmodel"),
    (Ecosystem::Python, "aiomysql"),
    (Ecosystem::Npm, "pg"),
    (Ecosystem::Npm, "mysql"),
    (Ecosystem::Npm, "mysql2"),
    (Ecosystem::Npm, "mongoose"),
    (Ecosystem::Npm, "mongodb"),
    (Ecosystem::Npm, "@prisma/client"),
    (Ecosystem::Npm, "prisma"),
    (Ecosystem::Npm, "typeorm"),
    (Ecosystem::Npm, "sequelize"),
    (Ecosystem::Npm, "knex"),
    (Ecosystem::Npm, "drizzle-orm"),
    (Ecosystem::Npm, "better-sqlite3"),
    (Ecosystem::Npm, "sqlite3"),
    (Ecosystem::Npm, "@mikro-orm/core"),
    (Ecosystem::Npm, "objection"),
    (Ecosystem::Npm, "kysely"),
    (Ecosystem::Go, "github.com/lib/pq"),
    (Ecosystem::Go, "github.com/jackc/pgx*"),
    (Ecosystem::Go, "github.com/go-sql-driver/mysql"),
    (Ecosystem::Go, "gorm.io/gorm"),
    (Ecosystem::Go, "go.mongodb.org/mongo-driver"),
    (Ecosystem::Go, "github.com/jmoiron/sqlx"),
    (Ecosystem::Go, "github.com/mattn/go-sqlite3"),
    (Ecosystem::Go, "modernc.org/sqlite"),
    (Ecosystem::Go, "entgo.io/ent"),
    (Ecosystem::Go, "github.com/uptrace/bun"),
    (Ecosystem::Go, "go.etcd.io/bbolt"),
    (Ecosystem::Go, "github.com/dgraph-io/badger*"),
    (Ecosystem::Cargo, "sqlx"),
    (Ecosystem::Cargo, "diesel"),
    (Ecosystem::Cargo, "sea-orm"),
    (Ecosystem::Cargo, "tokio-postgres"),
    (Ecosystem::Cargo, "postgres"),
    (Ecosystem::Cargo, "mysql"),
    (Ecosystem::Cargo, "mysql_async"),
    (Ecosystem::Cargo, "mongodb"),
    (Ecosystem::Cargo, "rusqlite"),
    (Ecosystem::Cargo, "deadpool-postgres"),
    (Ecosystem::Maven, "spring-boot-starter-data-jpa"),
    (Ecosystem::Maven, "spring-boot-starter-jdbc"),
    (Ecosystem::Maven, "spring-boot-starter-data-mongodb"),
    (Ecosystem::Maven, "org.postgresql:postgresql"),
    (Ecosystem::Maven, "mysql-connector-java"),
    (Ecosystem::Maven, "mysql-connector-j"),
    (Ecosystem::Maven, "org.mariadb.jdbc:*"),
    (Ecosystem::Maven, "org.hibernate*"),
    (Ecosystem::Maven, "org.jooq:*"),
    (Ecosystem::Gradle, "spring-boot-starter-data-jpa"),
    (Ecosystem::Gradle, "spring-boot-starter-jdbc"),
    (Ecosystem::Gradle, "spring-boot-starter-data-mongodb"),
    (Ecosystem::Gradle, "org.postgresql:postgresql"),
    (Ecosystem::Gradle, "mysql-connector-j"),
    (Ecosystem::Gradle, "org.jetbrains.exposed:*"),
    (Ecosystem::Ruby, "pg"),
    (Ecosystem::Ruby, "mysql2"),
    (Ecosystem::Ruby, "sqlite3"),
    (Ecosystem::Ruby, "activerecord"),
    (Ecosystem::Ruby, "mongoid"),
    (Ecosystem::Ruby, "sequel"),
    (Ecosystem::Ruby, "rails"),
    (Ecosystem::Composer, "doctrine/orm"),
    (Ecosystem::Composer, "doctrine/dbal"),
    (Ecosystem::Composer, "laravel/framework"),
    (Ecosystem::Composer, "illuminate/database"),
    // A thin query layer, where there is no ORM.
    (Ecosystem::Composer, "aura/sql"),
    (Ecosystem::Composer, "catfan/medoo"),
    (Ecosystem::Composer, "mongodb/mongodb"),
    (Ecosystem::Nuget, "Microsoft.EntityFrameworkCore*"),
    (Ecosystem::Nuget, "Npgsql*"),
    (Ecosystem::Nuget, "MySqlConnector"),
    (Ecosystem::Nuget, "MySql.Data"),
    (Ecosystem::Nuget, "Dapper"),
    (Ecosystem::Nuget, "MongoDB.Driver"),
    (Ecosystem::Hex, "ecto_sql"),
    (Ecosystem::Hex, "postgrex"),
    (Ecosystem::Hex, "myxql"),
    (Ecosystem::Hex, "ecto_sqlite3"),
    (Ecosystem::Hex, "mongodb_driver"),
];

/// PHP applications without an ORM declare the database extension they
/// need; the manifest model keeps extensions out of the dependencies (they
/// are platform), so they are read from the text.
const PHP_DB_EXTENSIONS: &[&str] = &[
    "ext-pdo_mysql",
    "ext-pdo_pgsql",
    "ext-pdo_sqlite",
    "ext-mysqli",
    "ext-pgsql",
    "ext-mongodb",
];

const BACKUP_LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Python, "django-dbbackup"),
    (Ecosystem::Composer, "spatie/laravel-backup"),
    (Ecosystem::Ruby, "backup"),
];

static DB_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*-?\s*image:\s*["']?(?:[\w.-]+/)*(postgres|postgis|postgresql|mysql|mariadb|mongo|mongodb|cassandra|cockroach|clickhouse-server|mssql/server|timescaledb|neo4j|couchdb|elasticsearch|opensearch|influxdb)(?:[:@"'\s]|$)"#).expect("db image regex")
});
static TF_DB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"resource\s+"(aws_db_instance|aws_rds_cluster|google_sql_database_instance|azurerm_(?:postgresql|mysql|mssql)\w*|aws_dynamodb_table|aws_docdb_cluster|digitalocean_database_cluster)""#).expect("tf db regex")
});

/// Backup tooling: (regex, what, sure).
static TOOLING: LazyLock<Vec<(Regex, &'static str, Confidence)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(p).expect("backup regex");
    vec![
        (r(r"apiVersion:\s*velero\.io/"), "Velero", Confidence::High),
        (
            r(r"kind:\s*ScheduledBackup\b|barmanObjectStore:"),
            "CloudNativePG backups",
            Confidence::High,
        ),
        (
            r(r"(?m)^\s*pgbackrest:|repo1-path|pgbackrest\s+--stanza"),
            "pgBackRest",
            Confidence::High,
        ),
        (
            r(r"\bWALG_[A-Z_]+|wal-g\s+backup-push|\bWALE_[A-Z_]+|wal-e\s+backup-push"),
            "WAL-G/WAL-E",
            Confidence::High,
        ),
        (
            r(r"\brestic\s+(?:-r\s+\S+\s+)?backup\b|RESTIC_REPOSITORY"),
            "restic",
            Confidence::High,
        ),
        (
            r(r"(?m)^\[barman\]|barman\s+backup\b"),
            "barman",
            Confidence::High,
        ),
        (
            r(
                r#"resource\s+"(?:aws_backup_plan|aws_backup_vault|aws_backup_selection|azurerm_backup_\w+|azurerm_data_protection_backup_\w+|google_backup_dr_\w+|aws_dlm_lifecycle_policy)""#,
            ),
            "cloud backup resource",
            Confidence::High,
        ),
        (
            r(
                r"backup_retention_period\s*=\s*[1-9]|backup_configuration\s*\{|point_in_time_recovery_enabled\s*=\s*true|geo_redundant_backup_enabled|backup_retention_days\s*=\s*[1-9]",
            ),
            "managed database backup setting",
            Confidence::High,
        ),
        (
            r(
                r"(?s)kind:\s*CronJob\b.*\b(?:pg_dump|pg_dumpall|mysqldump|mariadb-dump|mongodump)\b",
            ),
            "a CronJob that dumps the database",
            Confidence::High,
        ),
        (
            r(
                r#"image:\s*["']?(?:[\w.-]+/)*(?:postgres-backup-local|postgres-backup-s3|mysql-backup|db-backup|mongodb-backup)\b"#,
            ),
            "a backup container",
            Confidence::High,
        ),
        (
            r(r"\b(?:pg_dump|pg_dumpall|mysqldump|mariadb-dump|mongodump)\b"),
            "a script that dumps the database",
            Confidence::Medium,
        ),
    ]
});

const BACKUP_WORDS: &[&str] = &[
    "backup",
    "back up",
    "backing up",
    "disaster recovery",
    "snapshot",
];
const RESTORE_WORDS: &[&str] = &["restor", "recover", "disaster recovery", "point in time"];

#[derive(Default)]
struct Kept {
    datastore: Vec<(u32, String)>,
    tooling: Vec<(u32, String, Confidence)>,
    backup_heading: Option<(u32, String)>,
    restore_heading: Option<(u32, String)>,
}

/// The files where a datastore can show: project manifests (a driver or
/// ORM), compose files and manifests (a database image), Terraform (a
/// managed database).
pub(crate) fn may_name_datastore(f: &FileEntry) -> bool {
    in_scope(f) && (is_project_manifest(f) || is_config_like(f))
}

/// The datastores one manifest or configuration file names: (line, what).
/// Cached per file: `recovery.backups` and `recovery.upgrades` both ask.
pub(crate) fn datastore_hits(content: &Content<'_>) -> Vec<(u32, String)> {
    content.model::<Datastores>().0.clone()
}

/// [`datastore_hits`] as a per-file model.
struct Datastores(Vec<(u32, String)>);

impl crate::workspace::Model for Datastores {
    fn parse(path: &str, text: &str) -> Self {
        Self::from_content(&Content::new(path, text.as_bytes()))
    }

    /// From the file in hand, whose manifest model the dependency checks
    /// parse too.
    fn from_content(content: &Content<'_>) -> Self {
        Datastores(find_datastores(content))
    }
}

fn find_datastores(content: &Content<'_>) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    if let Some(m) = manifest_of(content) {
        for d in m.product_deps() {
            if DATASTORES
                .iter()
                .any(|(e, n)| *e == m.ecosystem && package_matches(*e, &d.name, n))
            {
                out.push((d.line.unwrap_or(1), format!("{} dependency", d.name)));
            }
        }
        if m.ecosystem == Ecosystem::Composer {
            let text = content.text();
            for ext in PHP_DB_EXTENSIONS {
                if let Some(at) = text.find(&format!("\"{ext}\"")) {
                    out.push((line_of(text, at), format!("the {ext} extension")));
                }
            }
        }
        return out;
    }
    let text = content.text();
    if let Some(c) = DB_IMAGE.captures(text) {
        if let (Some(all), Some(img)) = (c.get(0), c.get(1)) {
            out.push((
                line_of(text, all.start()),
                format!("{} image", img.as_str()),
            ));
        }
    }
    if let Some(m) = TF_DB.find(text) {
        out.push((
            line_of(text, m.start()),
            m.as_str().trim_start_matches("resource").trim().to_string(),
        ));
    }
    out
}

/// CI services (a throwaway Postgres for tests) are not the product's data.
fn in_scope(f: &FileEntry) -> bool {
    !f.vendored()
        && !f.fixture()
        && !f.test_code()
        && !f.is(FileKind::GithubWorkflow)
        && !f.is(FileKind::GitlabCi)
        && !crate::workspace::paths::in_ci_dir(&f.path)
}

fn is_config_like(f: &FileEntry) -> bool {
    let n = f.name().to_ascii_lowercase();
    f.is(FileKind::Yaml)
        || f.is(FileKind::Terraform)
        || f.is(FileKind::Shell)
        || f.is(FileKind::Dockerfile)
        || n.ends_with(".conf")
        || n.ends_with(".tpl")
        || n == "makefile"
        || n == "crontab"
        || n == "procfile"
}

impl Check for Backups {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        in_scope(file) && (is_project_manifest(file) || is_config_like(file) || is_ops_doc(file))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let mut k = Kept {
            datastore: if is_ops_doc(file) {
                Vec::new()
            } else {
                datastore_hits(content)
            },
            ..Kept::default()
        };
        if let Some(m) = manifest_of(content) {
            for d in m.product_deps() {
                let line = d.line.unwrap_or(1);
                if BACKUP_LIBS
                    .iter()
                    .any(|(e, n)| *e == m.ecosystem && package_matches(*e, &d.name, n))
                {
                    k.tooling
                        .push((line, format!("{} dependency", d.name), Confidence::Medium));
                }
            }
        } else if is_ops_doc(file) {
            // A starter template's unwritten sections are no evidence (the
            // model reads the finished text).
            let h = content.model::<DocHeadings>();
            k.backup_heading = h.find(BACKUP_WORDS).map(|(l, t)| (l, t.to_string()));
            k.restore_heading = h.find(RESTORE_WORDS).map(|(l, t)| (l, t.to_string()));
        } else {
            let text = content.text();
            for (re, what, sure) in TOOLING.iter() {
                if let Some(m) = re.find(text) {
                    k.tooling
                        .push((line_of(text, m.start()), what.to_string(), *sure));
                    break;
                }
            }
        }
        let useful = !k.datastore.is_empty()
            || !k.tooling.is_empty()
            || k.backup_heading.is_some()
            || k.restore_heading.is_some();
        useful.then(|| Box::new(k) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        let store = kept.iter().find_map(|(f, k)| {
            k.datastore
                .first()
                .map(|(l, w)| (f.path.clone(), *l, w.clone()))
        });
        let Some((store_path, store_line, store_what)) = store else {
            return Ok(Outcome::not_applicable("no datastore detected")
                .evidence("looked for database drivers and ORMs among the dependencies, database images in compose files and manifests, and managed databases in Terraform"));
        };
        let datastore = format!("datastore: {store_what} at {store_path}:{store_line}");
        let mut tooling: Vec<(&FileEntry, &(u32, String, Confidence))> = kept
            .iter()
            .flat_map(|(f, k)| k.tooling.iter().map(move |t| (*f, t)))
            .collect();
        tooling.sort_by_key(|(f, (l, _, s))| (*s != Confidence::High, f.path.as_str(), *l));
        let backup_doc = kept.iter().find_map(|(f, k)| {
            k.backup_heading
                .as_ref()
                .map(|(l, t)| format!("\"{t}\" at {}:{l}", f.path))
        });
        let restore_doc = kept.iter().find_map(|(f, k)| {
            k.restore_heading
                .as_ref()
                .map(|(l, t)| format!("\"{t}\" at {}:{l}", f.path))
        });
        if let Some((f, (l, what, sure))) = tooling.first() {
            let mut o = Outcome::pass(format!("{what} at {}:{l}", f.path))
                .basis(if *sure == Confidence::High {
                    Basis::Parsed
                } else {
                    Basis::Pattern
                })
                .evidence(datastore)
                .evidences(
                    tooling
                        .iter()
                        .skip(1)
                        .take(5)
                        .map(|(f, (l, w, _))| format!("{w} at {}:{l}", f.path)),
                );
            if let Some(r) = &restore_doc {
                o = o.evidence(format!("restore documented: {r}"));
            }
            return Ok(o);
        }
        match (&backup_doc, &restore_doc) {
            (Some(b), Some(r)) => Ok(Outcome::pass(format!("backup {b} and restore {r} documented"))
                .basis(Basis::Present)
                .evidence(datastore)),
            (Some(one), None) | (None, Some(one)) => {
                let missing = if backup_doc.is_some() { "restoring" } else { "taking backups" };
                Ok(Outcome::fraction(0.5, format!("documented {one}, but not {missing}"))
                    .basis(Basis::Present)
                    .evidence(datastore)
                    .findings(vec![Finding::new(&META.id, format!("the docs cover {one} but no section covers {missing}"))
                            .rule("half-documented")
                            .at(store_path, Some(store_line))
.confidence(Confidence::Medium)]))
            }
            (None, None) => Ok(Outcome::fail("no backup configuration or backup/restore documentation")
                .basis(Basis::Pattern)
                .evidence(datastore)
                .evidence("looked for Velero, CloudNativePG, pgBackRest, WAL-G, restic, barman, cloud backup resources and retention settings, database dumps in CronJobs and scripts, and doc sections on backup and restore")
                .findings(vec![Finding::new(&META.id, format!("{store_what} keeps data, and nothing in the repository backs it up or says how to restore it"))
                        .rule("no-backups")
                        .at(store_path, Some(store_line))
.confidence(Confidence::Medium)])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let pg = ("package.json", r#"{"dependencies":{"pg":"8"}}"#);
        let cases: &[Case] = &[
            ("no datastore", &[("package.json", r#"{"dependencies":{"express":"4"}}"#)], Status::NotApplicable),
            ("redis is a cache", &[("docker-compose.yml", "services:\n  cache:\n    image: redis:7\n")], Status::NotApplicable),
            ("datastore, nothing", &[pg], Status::Partial),
            ("velero schedule", &[pg, ("k8s/backup.yaml", "apiVersion: velero.io/v1\nkind: Schedule\n")], Status::Pass),
            ("rds retention", &[("infra/db.tf", "resource \"aws_db_instance\" \"db\" {\n  backup_retention_period = 7\n}\n")], Status::Pass),
            ("rds without retention", &[("infra/db.tf", "resource \"aws_db_instance\" \"db\" {\n  backup_retention_period = 0\n}\n")], Status::Partial),
            ("cronjob pg_dump", &[("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n"), ("k8s/cron.yaml", "kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      containers:\n        - command: [sh, -c, 'pg_dump $DB | gzip > /b/x.gz']\n")], Status::Pass),
            ("docs backup and restore", &[pg, ("docs/operations.md", "# Ops\n## Backups\nNightly.\n## Restoring from a backup\nSteps.\n")], Status::Pass),
            ("docs backup only", &[pg, ("docs/operations.md", "# Ops\n## Backups\nNightly.\n")], Status::Partial),
            ("a CI database is not the product's", &[(".github/workflows/ci.yml", "services:\n  db:\n    image: postgres:16\n")], Status::NotApplicable),
            ("changelog mentions do not count", &[pg, ("CHANGELOG.md", "## Backup support\n## Restore fix\n")], Status::Partial),
            // A PHP application declares its database extension (YOURLS).
            ("php database extension", &[("composer.json", r#"{"require":{"php":"^8.1","ext-pdo_mysql":"*"}}"#)], Status::Partial),
            ("php without a database", &[("composer.json", r#"{"require":{"php":"^8.1","ext-mbstring":"*"}}"#)], Status::NotApplicable),
        ];
        for (name, files, want) in cases {
            expect(&Backups, name, files, *want);
        }
        let template =
            "# Backup and restore\n\nTODO(shipready): what is backed up, where, how often.\n\n\
            ## Restoring from a backup\n\nTODO(shipready): the steps, and how long they take.\n";
        let o = expect(
            &Backups,
            "unfilled starter template",
            &[pg, ("docs/runbooks/backup-restore.md", template)],
            Status::Partial,
        );
        assert!(o.summary.starts_with("no backup"), "{}", o.summary);
    }
}
