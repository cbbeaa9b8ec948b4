//! `migrations.tested`: a CI job applies the migrations, so a history that
//! no longer replays on an empty database, or a migration missing for a
//! model change, fails a build instead of a deploy.
//!
//! Applies where the repository keeps migrations (the recognition the other
//! migration checks use). Passes when a CI step that can run applies or
//! checks them with the framework's own command (`rails db:migrate`,
//! `manage.py migrate` or `makemigrations --check`, `alembic upgrade`,
//! golang-migrate/goose/dbmate `up`, Atlas, sqlx/Diesel, Flyway/Liquibase,
//! Prisma, Knex/Sequelize/TypeORM, `mix ecto.migrate`, `artisan migrate`,
//! Doctrine, `dotnet ef database update`, or a migration linter: squawk,
//! diesel-guard, django-migration-linter), directly or through the
//! repository's scripts, make targets and package.json scripts, as
//! `ci.runs-tests` follows them. Frameworks whose test run applies every
//! migration count when CI runs the tests: Django's test runner builds its
//! test database from the migrations, a Phoenix project's `mix test` alias
//! runs `ecto.migrate`, and Laravel tests that use `RefreshDatabase` or
//! `DatabaseMigrations` migrate before they run. An application that
//! applies its migrations as it starts (Alembic's `command.upgrade` in
//! product code, Spring Boot with Flyway) is not counted: whether its
//! tests start it is not read, and on the validity sets crediting it
//! rewarded example apps more than maintained services. A script only named for
//! migrations (`npm run db:migrate` not in the repository) earns half.
//! Without CI, nothing applies them before production: the check fails.
//!
//! Read by pattern: a pipeline may apply migrations in a way no pattern
//! knows (an image's entrypoint started by compose), so a miss is medium
//! confidence, and the check carries no cap.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::Repo;
use crate::checks::ci::{
    keep_with_scripts, outcome_of_search, runnable, search, wants_with_scripts, Ci,
};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::commands::{Purpose, Sure};
use crate::formats::migrations::Framework;
use crate::model::{Basis, Confidence, Outcome};
use crate::workspace::{line_of, Content, FileEntry};

pub struct Tested;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("migrations.tested"),
    title: Cow::Borrowed("CI applies the migrations"),
    category: Category::Recovery,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("database migrations exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed(
        "A CI job runs the migrations (or a test run that applies them) on every change",
    ),
    rationale: Cow::Borrowed(
        "A migration history is only a recovery tool if it replays: onto the empty database of a new \
         region, a restored backup or a developer's machine. Histories rot quietly (a migration \
         edited after it ran, one that depends on data only production has, a model change nobody \
         generated a migration for) and the first run that notices is the deploy. A CI job that \
         applies every migration to a fresh database, or checks that none is missing, turns that \
         into a failed build.",
    ),
    remediation: Cow::Borrowed(
        "Add a CI step that applies the migrations to a throwaway database before the tests: \
         `bin/rails db:prepare`, `python manage.py migrate` (and `makemigrations --check`), \
         `alembic upgrade head`, `migrate -path migrations -database $DATABASE_URL up`, \
         `goose up`, `atlas migrate apply`, `sqlx migrate run`, `flyway migrate`, \
         `npx prisma migrate deploy`, `npx knex migrate:latest`, `mix ecto.migrate`, \
         `php artisan migrate`, `dotnet ef database update`. A lint such as squawk, \
         diesel-guard or `atlas migrate lint` counts too.",
    ),
    passes_when: Cow::Borrowed(
        "a CI step that can run applies or checks the migrations with a known command, directly or \
         through a repository script, make target or package.json script, or runs the tests of a \
         framework whose test run applies them (Django, Phoenix's ecto.migrate alias, Laravel's \
         RefreshDatabase); a step named for migrations only earns half",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.djangoproject.com/en/stable/topics/testing/overview/#the-test-database"),
        Cow::Borrowed("https://guides.rubyonrails.org/active_record_migrations.html#running-migrations"),
        Cow::Borrowed("https://atlasgo.io/versioned/lint"),
    ]),
};

/// A test run that applies the migrations by itself.
enum TestDb {
    /// `test: ["ecto.create --quiet", "ecto.migrate --quiet", "test"]` in mix.exs.
    EctoAlias(u32),
    /// A Laravel test using a trait that migrates the database.
    LaravelRefresh(u32),
}

static ECTO_TEST_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\btest:\s*\[[^\]]*"ecto\.(migrate|setup|reset)"#).expect("static regex")
});

static LARAVEL_TRAIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*use\s+(?:[\w\\]+\\)?(RefreshDatabase|DatabaseMigrations|LazilyRefreshDatabase)\s*[;,]")
        .expect("static regex")
});

fn is_mix_file(file: &FileEntry) -> bool {
    file.name() == "mix.exs" && file.depth() <= 2 && !file.vendored()
}

fn is_laravel_test(file: &FileEntry) -> bool {
    file.name().ends_with("Test.php")
        && !file.vendored()
        && file.path.split('/').any(|d| d == "tests")
}

impl Check for Tested {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        wants_with_scripts(file)
            || super::wants(file, false)
            || is_mix_file(file)
            || is_laravel_test(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        // One datum per file: a test run's own migrating (mix.exs is also
        // a dialect hint and a script host, neither needed here), else a
        // pipeline or script, else a migration.
        let text = content.text();
        let fact = if is_mix_file(file) {
            ECTO_TEST_ALIAS
                .find(text)
                .map(|m| TestDb::EctoAlias(line_of(text, m.start())))
        } else if is_laravel_test(file) {
            LARAVEL_TRAIT
                .find(text)
                .map(|m| TestDb::LaravelRefresh(line_of(text, m.start())))
        } else {
            None
        };
        if let Some(f) = fact {
            return Some(Box::new(f));
        }
        if wants_with_scripts(file) {
            return keep_with_scripts(file, content);
        }
        if super::wants(file, false) {
            return super::inspect(file, content, false);
        }
        None
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let repo = Repo::gather(ctx, &Params::default());
        if repo.migs.is_empty() {
            return Ok(Outcome::not_applicable("no database migrations found"));
        }
        let frameworks = repo.framework_evidence();
        let first = repo.migs[0].path;
        let ci = Ci::of(ctx);
        let roots = runnable(&ci);
        if !roots.is_empty() && roots.iter().all(|(_, p)| !p.is_valid()) {
            return Ok(
                Outcome::unknown("no CI file could be parsed").evidences(roots.iter().map(
                    |(path, p)| format!("{path}:{}: {}", p.problems[0].line, p.problems[0].message),
                )),
            );
        }
        if roots.is_empty() {
            let f = finding(
                &META,
                format!(
                    "{} migration(s) and no CI that could apply them: the first run to replay the history is a deploy",
                    repo.migs.len()
                ),
            )
            .rule("no-ci")
            .at(first.to_string(), Some(repo.migs[0].unit.line))
            .confidence(Confidence::High);
            return Ok(Outcome::fail("no CI configuration applies the migrations")
                .basis(Basis::Parsed)
                .evidences(frameworks)
                .findings(vec![f]));
        }
        let applied = search(&ci, Purpose::Migrate);
        if applied.best() == Some(Sure::Named) {
            return Ok(
                outcome_of_search(ctx, &applied, &roots, Purpose::Migrate, "")
                    .evidences(frameworks),
            );
        }
        // A test run that migrates by itself.
        let tests = search(&ci, Purpose::Test);
        let tested = tests.found.iter().find(|f| f.sure == Sure::Named);
        if let Some(t) = tested {
            let by_runner = if repo.frameworks.contains_key(&Framework::Django) {
                Some(
                    "Django's test runner builds the test database by applying every migration"
                        .to_string(),
                )
            } else {
                ctx.data::<TestDb>().find_map(|(file, fact)| match fact {
                    TestDb::EctoAlias(line) if repo.frameworks.contains_key(&Framework::Ecto) => {
                        Some(format!("{}:{line}: the `mix test` alias runs ecto.migrate first", file.path))
                    }
                    TestDb::LaravelRefresh(line)
                        if repo.frameworks.contains_key(&Framework::Laravel) =>
                    {
                        Some(format!(
                            "{}:{line}: tests migrate the database (RefreshDatabase/DatabaseMigrations)",
                            file.path
                        ))
                    }
                    _ => None,
                })
            };
            if let Some(how) = by_runner {
                return Ok(
                    Outcome::pass(format!("{how}; CI runs the tests: {}", t.describe()))
                        .basis(Basis::Parsed)
                        .evidence(how)
                        .evidence(format!("tests: {}", t.describe()))
                        .evidences(frameworks),
                );
            }
        }
        Ok(outcome_of_search(
            ctx,
            &applied,
            &roots,
            Purpose::Migrate,
            "rails db:migrate, manage.py migrate, alembic upgrade, migrate/goose/dbmate up, atlas, sqlx, flyway, liquibase, prisma migrate, knex, sequelize, typeorm, mix ecto.migrate, artisan migrate, dotnet ef, squawk, diesel-guard",
        )
        .evidences(frameworks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, Vec<(&'a str, String)>, Status);

    fn wf(steps: &str) -> String {
        format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n{steps}")
    }

    const GO_MIG: &str = "CREATE TABLE t (id int);\n";
    const RAILS_MIG: &str =
        "class CreateUsers < ActiveRecord::Migration[7.1]\n  def change\n    create_table :users\n  end\nend\n";
    const DJANGO_MIG: &str = "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = []\n    operations = []\n";

    #[test]
    fn cases() {
        let go = |ci: String| {
            vec![
                ("db/migrations/000001_init.up.sql", GO_MIG.to_string()),
                (
                    "db/migrations/000001_init.down.sql",
                    "DROP TABLE t;\n".to_string(),
                ),
                (".github/workflows/ci.yml", ci),
            ]
        };
        let rails = |ci: String| {
            vec![
                (
                    "db/migrate/20240101000000_create_users.rb",
                    RAILS_MIG.to_string(),
                ),
                (".github/workflows/ci.yml", ci),
            ]
        };
        let django = |ci: String| {
            vec![
                ("app/migrations/0001_initial.py", DJANGO_MIG.to_string()),
                (".github/workflows/ci.yml", ci),
            ]
        };
        let cases: Vec<Case> = vec![
            (
                "golang-migrate up",
                go(wf(
                    "      - run: migrate -path db/migrations -database \"$DATABASE_URL\" up\n",
                )),
                Status::Pass,
            ),
            (
                "rails db:prepare before rspec",
                rails(wf(
                    "      - run: bin/rails db:prepare\n      - run: bundle exec rspec\n",
                )),
                Status::Pass,
            ),
            (
                "through a make target",
                {
                    let mut f = go(wf("      - run: make migrate-up\n"));
                    f.push((
                        "Makefile",
                        "migrate-up:\n\tgoose -dir db/migrations postgres \"$DSN\" up\n"
                            .to_string(),
                    ));
                    f
                },
                Status::Pass,
            ),
            (
                "a migration script by name only",
                go(wf("      - run: ./scripts/migrate.sh\n")),
                Status::Partial,
            ),
            (
                "tests only, Go: nothing applies them",
                go(wf("      - run: go test ./...\n")),
                Status::Fail,
            ),
            (
                "an echo is not a run",
                go(wf("      - run: echo \"migrate -path db up\"\n")),
                Status::Fail,
            ),
            (
                "installing the tool is not running it",
                go(wf(
                    "      - run: go install github.com/pressly/goose/v3/cmd/goose@latest\n",
                )),
                Status::Fail,
            ),
            (
                "Django tests apply the migrations",
                django(wf("      - run: python manage.py test\n")),
                Status::Pass,
            ),
            (
                "Django tests through an invoke task",
                django(wf("      - run: poetry run invoke tests --failfast\n")),
                Status::Pass,
            ),
            (
                "a migration linter in CI (crates.io's diesel-guard)",
                go(wf("      - run: diesel-guard check migrations/\n")),
                Status::Pass,
            ),
            (
                "the project's own migrate command, by name (hatchet)",
                go(wf("      - run: go run ./cmd/hatchet-migrate --up-to 42\n")),
                Status::Partial,
            ),
            (
                "an invoke task named for migrations",
                go(wf("      - run: poetry run invoke migrate check-schema\n")),
                Status::Partial,
            ),
            (
                "Django without tests in CI",
                django(wf("      - run: ruff check .\n")),
                Status::Fail,
            ),
            (
                "no CI at all",
                vec![(
                    "db/migrate/20240101000000_create_users.rb",
                    RAILS_MIG.to_string(),
                )],
                Status::Fail,
            ),
            (
                "a CI file that does not parse",
                go("on: [push\njobs: {\n".to_string()),
                Status::Unknown,
            ),
            (
                "no migrations",
                vec![(
                    ".github/workflows/ci.yml",
                    wf("      - run: go test ./...\n"),
                )],
                Status::NotApplicable,
            ),
        ];
        for (name, files, want) in cases {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (*p, c.as_str())).collect();
            expect(&Tested, name, &files, want);
        }
    }

    #[test]
    fn test_runs_that_migrate() {
        let phoenix_mig = "defmodule App.Repo.Migrations.CreateUsers do\n  use Ecto.Migration\n  def change do\n    create table(:users)\n  end\nend\n";
        let mix_alias = "defp aliases do\n  [test: [\"ecto.create --quiet\", \"ecto.migrate --quiet\", \"test\"]]\nend\n";
        let ci = wf("      - run: mix test\n");
        expect(
            &Tested,
            "phoenix alias",
            &[
                (
                    "priv/repo/migrations/20240101000000_create_users.exs",
                    phoenix_mig,
                ),
                ("mix.exs", mix_alias),
                (".github/workflows/ci.yml", &ci),
            ],
            Status::Pass,
        );
        expect(
            &Tested,
            "phoenix without the alias",
            &[
                (
                    "priv/repo/migrations/20240101000000_create_users.exs",
                    phoenix_mig,
                ),
                (
                    "mix.exs",
                    "defp aliases do\n  [setup: [\"deps.get\"]]\nend\n",
                ),
                (".github/workflows/ci.yml", &ci),
            ],
            Status::Fail,
        );
        let laravel_mig = "<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up(): void { Schema::create('users', function (Blueprint $t) { $t->id(); }); }\n    public function down(): void { Schema::dropIfExists('users'); }\n};\n";
        let feature = "<?php\nnamespace Tests\\Feature;\nuse Illuminate\\Foundation\\Testing\\RefreshDatabase;\nclass UserTest extends TestCase\n{\n    use RefreshDatabase;\n}\n";
        let phpunit = wf("      - run: vendor/bin/phpunit\n");
        expect(
            &Tested,
            "laravel refresh database",
            &[
                (
                    "database/migrations/2024_01_01_000000_create_users_table.php",
                    laravel_mig,
                ),
                ("tests/Feature/UserTest.php", feature),
                (".github/workflows/ci.yml", &phpunit),
            ],
            Status::Pass,
        );
        // vendor/bin/phpunit is not in the repository, so the miss is
        // medium confidence: partial, not a failure.
        expect(
            &Tested,
            "laravel tests that never touch the database",
            &[
                (
                    "database/migrations/2024_01_01_000000_create_users_table.php",
                    laravel_mig,
                ),
                (
                    "tests/Unit/MathTest.php",
                    "<?php\nclass MathTest extends TestCase {}\n",
                ),
                (".github/workflows/ci.yml", &phpunit),
            ],
            Status::Partial,
        );
    }
}
