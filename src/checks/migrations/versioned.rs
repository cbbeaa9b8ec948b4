//! `migrations.versioned`: the schema changes through versioned migrations,
//! not through an ORM creating or altering tables at start-up.
//!
//! Passes on the project's own migration files (the same recognition as
//! the other migration checks: golang-migrate, Flyway, Liquibase, Alembic,
//! Django, Rails, Knex, Prisma, EF Core...). Without any, product code or
//! configuration that has the ORM create or alter the schema itself fails
//! it: SQLAlchemy `create_all`, Sequelize `sync`, TypeORM `synchronize:
//! true`, GORM `AutoMigrate`, Hibernate `ddl-auto`/`hbm2ddl.auto` set to
//! `update` or `create`, EF Core `EnsureCreated`, Ent `Schema.Create`,
//! `prisma db push` in a script. Read by pattern from code that may only run
//! in development, so that failure is medium confidence: partial credit,
//! never a cap. Neither: nothing says the project keeps a relational
//! schema, and the check does not apply.
//!
//! Tests, fixtures and examples are not the product: `create_all` in a
//! conftest is how test suites build their database.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::Parsed;
use crate::checks::signals::is_product_source;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::migrations as fm;
use crate::formats::needles::Needles;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{line_of, Content, FileEntry};

pub struct Versioned;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("migrations.versioned"),
    title: Cow::Borrowed("The schema changes through versioned migrations, not ORM auto-creation"),
    category: Category::Recovery,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed(
        "migrations exist, or the code has an ORM create or alter the schema",
    ),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Migration files, not create_all/AutoMigrate/synchronize at start-up"),
    rationale: Cow::Borrowed(
        "When the ORM creates or alters tables at start-up, the production schema is whatever the \
         last deployed model implied: no history to review, nothing to replay on a restored backup \
         or a new region, no down step, and a model change can drop or retype a column the moment \
         a pod starts. Versioned migrations make each schema change a reviewed, ordered, repeatable \
         step that the other migration checks can then judge.",
    ),
    remediation: Cow::Borrowed(
        "Generate and commit migrations with the framework's tool and run them as a deploy step: \
         Alembic (`alembic revision --autogenerate`, `alembic upgrade head`) instead of \
         `create_all`; Sequelize or Umzug migrations instead of `sync()`; TypeORM migrations with \
         `synchronize: false`; golang-migrate, goose or Atlas instead of GORM `AutoMigrate`; Flyway \
         or Liquibase with `spring.jpa.hibernate.ddl-auto=validate`; EF Core `dotnet ef migrations \
         add` instead of `EnsureCreated`; `prisma migrate` instead of `prisma db push`. Keep \
         auto-creation to tests.",
    ),
    passes_when: Cow::Borrowed(
        "the project has migration files of its own; fails (medium confidence) when it has none \
         and product code or configuration has the ORM create or alter the schema; not applicable \
         when neither is found",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://alembic.sqlalchemy.org/en/latest/autogenerate.html"),
        Cow::Borrowed("https://docs.spring.io/spring-boot/how-to/data-initialization.html"),
        Cow::Borrowed("https://typeorm.io/docs/advanced-topics/migrations/"),
    ]),
};

/// (file extensions it is written in, literal every match holds, pattern,
/// what it is). The literal gates the regex, so source files that name no
/// ORM pay one vectorised search; the extensions keep one ecosystem's
/// call from matching another's method of the same name (a Go `db.sync(`
/// is not Sequelize).
const AUTO: &[(&[&str], &str, &str, &str)] = &[
    (
        &["py"],
        "create_all",
        r"\b(?:metadata|db|Base\.metadata|SQLModel\.metadata)\.create_all\(",
        "SQLAlchemy create_all",
    ),
    (
        JS,
        ".sync(",
        r"\b(?:sequelize|db|sequelize\w*)\.sync\(",
        "Sequelize sync()",
    ),
    (
        JS,
        "synchronize",
        r"\bsynchronize\s*:\s*true\b",
        "TypeORM synchronize: true",
    ),
    (
        &["go"],
        "AutoMigrate",
        r"\.AutoMigrate\(",
        "GORM AutoMigrate",
    ),
    (
        &["properties"],
        "ddl-auto",
        r"(?m)^\s*spring\.jpa\.hibernate\.ddl-auto\s*[=:]\s*(?:update|create|create-drop)\b",
        "Hibernate ddl-auto",
    ),
    (
        &["yml", "yaml"],
        "ddl-auto",
        r"(?m)^\s*ddl-auto\s*:\s*(?:update|create|create-drop)\b",
        "Hibernate ddl-auto",
    ),
    (
        &["properties", "xml", "java", "kt"],
        "hbm2ddl",
        r#"hbm2ddl\.auto["']?\s*[=:,]\s*["']?(?:update|create|create-drop)\b"#,
        "Hibernate hbm2ddl.auto",
    ),
    (
        &["cs"],
        "EnsureCreated",
        r"\bDatabase\.EnsureCreated(?:Async)?\(",
        "EF Core EnsureCreated",
    ),
    (
        &["go"],
        "Schema.Create",
        r"\.Schema\.Create\(",
        "Ent Schema.Create",
    ),
    (
        &["json"],
        "db push",
        r"\bprisma\s+db\s+push\b",
        "prisma db push",
    ),
];

const JS: &[&str] = &["js", "mjs", "cjs", "ts", "mts", "cts"];

static AUTO_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    AUTO.iter()
        .map(|(_, _, re, _)| Regex::new(re).expect("auto-create pattern"))
        .collect()
});

static AUTO_WORDS: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&AUTO.iter().map(|a| a.1).collect::<Vec<_>>()));

/// Where schema auto-creation may be configured: product source, Spring
/// configuration, and scripts in a package manifest.
fn is_auto_candidate(file: &FileEntry) -> bool {
    if file.test_code() || file.fixture() || file.example() || file.vendored() {
        return false;
    }
    let name = file.name().to_ascii_lowercase();
    // Only files some pattern is written in.
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if !AUTO.iter().any(|(exts, ..)| exts.contains(&ext)) {
        return false;
    }
    is_product_source(file)
        || name == "package.json"
        || (name.starts_with("application")
            && (name.ends_with(".properties") || name.ends_with(".yml") || name.ends_with(".yaml")))
        || name == "persistence.xml"
}

enum Kept {
    /// A migration file: its framework's name and its set.
    Migration(&'static str, String),
    /// (line, what) of schema auto-creation.
    Auto(Vec<(u32, &'static str)>),
}

impl Check for Versioned {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        (!file.vendored() && fm::is_candidate(&file.path)) || is_auto_candidate(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if !file.vendored() && fm::is_candidate(&file.path) {
            if let Some(m) = &content.model::<Parsed>().0 {
                if !m.blank {
                    return Some(Box::new(Kept::Migration(m.framework.name(), m.set.clone())));
                }
            }
        }
        if !is_auto_candidate(file) {
            return None;
        }
        let text = content.text();
        let name = file.name().to_ascii_lowercase();
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let present = AUTO_WORDS.first(text);
        let hits: Vec<(u32, &'static str)> = AUTO
            .iter()
            .zip(AUTO_RES.iter())
            .zip(present)
            .filter(|(((exts, ..), _), at)| at.is_some() && exts.contains(&ext))
            .filter_map(|(((_, _, _, what), re), _)| {
                re.find(text).map(|m| (line_of(text, m.start()), *what))
            })
            .collect();
        (!hits.is_empty()).then(|| Box::new(Kept::Auto(hits)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        // set -> (framework, files)
        let mut sets: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        let mut autos: Vec<(&FileEntry, u32, &str)> = Vec::new();
        for (f, k) in ctx.data::<Kept>() {
            match k {
                Kept::Migration(fw, set) => sets.entry(set.as_str()).or_insert((fw, 0)).1 += 1,
                Kept::Auto(hits) => autos.extend(hits.iter().map(|(l, w)| (f, *l, *w))),
            }
        }
        if !sets.is_empty() {
            let files: usize = sets.values().map(|(_, n)| n).sum();
            let shown: Vec<String> = sets
                .iter()
                .take(5)
                .map(|(set, (fw, n))| format!("{set}: {n} {fw} migration file(s)"))
                .collect();
            let mut o = Outcome::pass(format!(
                "{files} versioned migration file(s) in {} set(s)",
                sets.len()
            ))
            .basis(Basis::Parsed)
            .evidences(shown);
            if let Some((f, l, what)) = autos.first() {
                o = o.evidence(format!(
                    "also {what} at {}:{l} (fine in development; make sure production runs the migrations)",
                    f.path
                ));
            }
            return Ok(o);
        }
        if autos.is_empty() {
            return Ok(Outcome::not_applicable(
                "no migration files and no ORM schema auto-creation found",
            )
            .evidence("looked for migration files of the known frameworks, and for create_all, sync(), synchronize: true, AutoMigrate, ddl-auto, EnsureCreated, Schema.Create and prisma db push in product code and configuration"));
        }
        let (f, l, what) = autos[0];
        let findings = autos
            .iter()
            .take(10)
            .map(|(f, l, what)| {
                Finding::new(
                    &META.id,
                    format!("the schema is created by {what}, and there are no migrations"),
                )
                .rule("orm-auto-create")
                .at(f.path.clone(), Some(*l))
                .confidence(Confidence::Medium)
            })
            .collect();
        Ok(Outcome::fail(format!(
            "no migrations: the schema comes from {what} at {}:{l}",
            f.path
        ))
        .basis(Basis::Pattern)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_with;
    use crate::checks::Profile;
    use crate::model::Status;

    #[test]
    fn migrations_pass_auto_creation_fails_neither_does_not_apply() {
        // (files, status)
        let cases: &[(&[(&str, &str)], Status)] = &[
            (
                &[(
                    "migrations/000001_init.up.sql",
                    "CREATE TABLE t (id int);",
                )],
                Status::Pass,
            ),
            (
                &[
                    ("alembic/versions/abc_init.py", "from alembic import op\nrevision = 'abc'\ndef upgrade():\n    op.create_table('t')\ndef downgrade():\n    op.drop_table('t')\n"),
                    ("app/main.py", "Base.metadata.create_all(bind=engine)\n"),
                ],
                Status::Pass,
            ),
            (&[("app/main.py", "Base.metadata.create_all(bind=engine)\n")], Status::Partial),
            (&[("src/db.ts", "export const db = new DataSource({ synchronize: true })\n")], Status::Partial),
            (&[("internal/db/db.go", "package db\nfunc Init() { db.AutoMigrate(&User{}) }\n")], Status::Partial),
            (&[("src/main/resources/application.properties", "spring.jpa.hibernate.ddl-auto=update\n")], Status::Partial),
            (&[("src/Program.cs", "ctx.Database.EnsureCreated();\n")], Status::Partial),
            // Near-misses: validate is not auto-creation; create_all in a
            // test suite or a commented line is how tests build a database;
            // a different `sync(` is not Sequelize's, nor is a Go method
            // of that name.
            (&[("src/main/resources/application.properties", "spring.jpa.hibernate.ddl-auto=validate\n")], Status::NotApplicable),
            (&[("tests/conftest.py", "Base.metadata.create_all(bind=engine)\n")], Status::NotApplicable),
            (&[("app/files.js", "fs.sync(path)\nconst x = rsync(y)\n")], Status::NotApplicable),
            (&[("db.go", "func (db *DB) Close() error { return db.sync(ctx) }\n")], Status::NotApplicable),
            (&[("src/main.rs", "fn main() {}\n")], Status::NotApplicable),
        ];
        for (files, want) in cases {
            let o = run_with(&Versioned, files, &Params::default(), Profile::Service);
            assert_eq!(o.status, *want, "{files:?}: {} {:?}", o.summary, o.evidence);
        }
    }

    #[test]
    fn auto_creation_is_medium_confidence_with_its_location() {
        let o = run_with(
            &Versioned,
            &[("app/models.py", "import x\n\ndb.create_all()\n")],
            &Params::default(),
            Profile::Service,
        );
        assert_eq!(o.status, Status::Partial);
        let f = &o.findings[0];
        assert_eq!(f.confidence, Confidence::Medium);
        assert_eq!(
            (f.path.as_deref(), f.line),
            (Some("app/models.py"), Some(3))
        );
    }
}
