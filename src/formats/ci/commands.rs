//! What a command line or an action does: run tests, lint, scan for
//! vulnerabilities, deploy or publish. One table of patterns per purpose,
//! compiled once into a `RegexSet`, so a line is matched in one pass.
//!
//! Lines that only print (`echo`, `printf`) or are shell comments match
//! nothing, and a build that skips its tests (`-DskipTests`, `-x test`,
//! `cargo test --no-run`) is not a test run. Script files, make targets and
//! package.json scripts a step calls are returned as references, so a check
//! can follow them into the repository.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// What a step is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Purpose {
    Test,
    Lint,
    Security,
    Deploy,
    /// Applying or checking database migrations.
    Migrate,
}

impl Purpose {
    /// As a noun phrase without article: "no {noun} in CI".
    pub fn noun(self) -> &'static str {
        match self {
            Purpose::Test => "test run",
            Purpose::Lint => "linter",
            Purpose::Security => "security scan",
            Purpose::Deploy => "deploy or publish",
            Purpose::Migrate => "migration run",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Test => "tests",
            Purpose::Lint => "a linter",
            Purpose::Security => "a security scan",
            Purpose::Deploy => "a deploy or publish",
            Purpose::Migrate => "the migrations",
        }
    }
}

/// How sure a match is: a named tool run as such, or a name that merely
/// suggests it (`./run-tests`, a stage called `deploy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sure {
    Guess,
    Named,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub purpose: Purpose,
    /// The tool, e.g. "cargo test".
    pub what: &'static str,
    pub sure: Sure,
}

use Purpose::*;
use Sure::*;

/// (purpose, label, pattern, how sure). Patterns see one command line.
const RULES: &[(Purpose, &str, &str, Sure)] = &[
    // Tests, per ecosystem.
    (
        Test,
        "cargo test",
        r"\b(cargo|cross)(\s+\+\S+)?\s+(test|nextest|tarpaulin|llvm-cov|miri\s+test)\b",
        Named,
    ),
    (
        Test,
        "cargo hack test",
        r"\bcargo\s+hack\b.*\btest\b",
        Named,
    ),
    (
        Test,
        "go test",
        r"\b(go\s+test|gotestsum|ginkgo|richgo\s+test)\b",
        Named,
    ),
    (
        Test,
        "pytest",
        r"\b(pytest|py\.test)\b|python[0-9.]*\s+-m\s+(pytest|unittest|nose2?)\b|\b(setup\.py|manage\.py|django-admin)\s+test\b",
        Named,
    ),
    (
        Test,
        "tox/nox",
        r"(^|[\s;&|(])(tox|nox)(\s|$)|\bhatch\s+(run\s+\S*test|test)\b",
        Named,
    ),
    (
        Test,
        "npm test",
        r"\b(npm|pnpm|bun|yarn)\s+(run\s+|run-script\s+)?(test|t)([:\-][\w:\-]+)?(\s|$|;|&)|\b(npm|pnpm|yarn|bun)\s+run\s+(ci|coverage|e2e|cover)(\s|$)|\bnpm\s+cit\b|\bnpm\s+install-test\b",
        Named,
    ),
    (
        Test,
        "jest/vitest/mocha",
        r"\b(jest|vitest|mocha|ava|karma\s+start|jasmine|playwright\s+test|cypress\s+run|wdio\s+run|nyc|c8)\b|\b(deno|bun)\s+test\b",
        Named,
    ),
    (
        Test,
        "maven",
        r"\b(mvnw?|mvnw\.cmd)\b(.*)\b(test|verify|install|package|integration-test)\b",
        Named,
    ),
    (
        Test,
        "gradle",
        r"\bgradlew?(\.bat)?\b.*\b(test|check|build|\w+Test|connectedCheck)\b",
        Named,
    ),
    (
        Test,
        "sbt/lein/clojure",
        r"\bsbt\b.*\btest\b|\blein\s+test\b|\bclojure\b.*-[MX]:test",
        Named,
    ),
    (
        Test,
        "bazel/buck/pants test",
        r"\b(bazel|bazelisk|buck2?|pants|please)\s+(\S+\s+)*test\b",
        Named,
    ),
    (
        Test,
        "dotnet test",
        r"\bdotnet\s+test\b|DotNetCoreCLI@\d+\s+test|\bvstest\b|VSTest@\d",
        Named,
    ),
    (
        Test,
        "rspec/rake",
        r"\b(rspec|cucumber)\b|\b(rake|rails)\s+(test|spec)\b|(^|\s)(bundle\s+exec\s+)?rake(\s*$|\s+default)",
        Named,
    ),
    (
        Test,
        "mix/rebar3 test",
        r"\bmix\s+test\b|\brebar3\s+(eunit|ct|proper)\b",
        Named,
    ),
    (
        Test,
        "cabal/stack/dune test",
        r"\b(cabal|stack)\s+test\b|\bdune\s+(test|runtest|build\s+@runtest)\b",
        Named,
    ),
    (
        Test,
        "zig/swift/dart test",
        r"\bzig\s+build\s+test\b|\bswift\s+test\b|\bxcodebuild\b.*\btest\b|\b(dart|flutter)\s+test\b",
        Named,
    ),
    (
        Test,
        "phpunit",
        r"\b(phpunit|pest|paratest|codecept)\b|artisan\s+test\b|\bcomposer\s+(run(-script)?\s+)?test\b",
        Named,
    ),
    (
        Test,
        "prove/R/julia",
        r"\bprove\b|R\s+CMD\s+check|devtools::test|testthat|Pkg\.test",
        Named,
    ),
    (
        Test,
        "ctest/meson test",
        r"\bctest\b|\bmeson\s+test\b|\bninja\s+(\S+\s+)*(test|check)\b",
        Named,
    ),
    (
        Test,
        "bats/shellspec",
        r"\b(bats|shellspec|shunit2)\b",
        Named,
    ),
    (
        Test,
        "make test",
        r"\b(make|gmake|just|task|mage|invoke)\s+(-\S+\s+([\w./-]+\s+)?)*(\S*test\S*|check|ci)\b",
        Named,
    ),
    (
        Test,
        "nx/turbo/lerna test",
        r"\b(nx|turbo|lerna|rush|ultra|wireit)\b.*\btest\b",
        Named,
    ),
    (
        Test,
        "nix flake check",
        r"\bnix\s+(flake\s+check|build\b.*checks)",
        Named,
    ),
    (
        Test,
        "a test script",
        r"(?i)[\w./-]*(test|spec)[\w.-]*\.(sh|py|ps1|bash|js)\b|\btests?/run\b|\./x(\.py)?\s+test\b|\brun[-_]tests?\b",
        Guess,
    ),
    // Linters and format checks, one row per ecosystem (or per tool where
    // an ecosystem has several), so the label names what actually ran.
    (
        Lint,
        "clippy/rustfmt",
        r"\bcargo\s+(\+\S+\s+)?(clippy|fmt\b.*(--check|-- --check))|\brustfmt\b.*--check",
        Named,
    ),
    (Lint, "golangci-lint", r"\bgolangci-lint\b", Named),
    (
        Lint,
        "go vet/staticcheck",
        r"\b(staticcheck|revive|go\s+vet|errcheck)\b",
        Named,
    ),
    (Lint, "gofmt", r"\bgofmt\s+-[ld]|\bgofumpt\b", Named),
    (Lint, "ruff", r"\bruff\b", Named),
    (
        Lint,
        "flake8/pylint",
        r"\b(flake8|pylint|pyflakes|pycodestyle)\b",
        Named,
    ),
    (
        Lint,
        "mypy/pyright",
        r"\b(mypy|pyright|basedpyright)\b",
        Named,
    ),
    (
        Lint,
        "black/isort",
        r"\bblack\b.*(--check|--diff)|\bisort\b.*(--check|--diff)",
        Named,
    ),
    (Lint, "pre-commit", r"\b(pre-commit|prek)\s+run\b", Named),
    (
        Lint,
        "eslint/stylelint",
        r"\b(eslint|stylelint|tslint|oxlint|xo)\b",
        Named,
    ),
    (
        Lint,
        "prettier/biome",
        r"\bprettier\b.*(--check|-c\b|--list-different)|\bbiome\s+(check|lint|ci)\b|\bdprint\s+check\b",
        Named,
    ),
    (Lint, "tsc --noEmit", r"\btsc\b.*--noEmit", Named),
    (
        Lint,
        "npm run lint",
        r"\b(npm|pnpm|yarn|bun)\s+(run\s+)?(lint|format:check|fmt:check|check-format|typecheck|check)\b",
        Named,
    ),
    (Lint, "rubocop", r"\b(rubocop|standardrb|reek)\b", Named),
    (Lint, "ktlint/detekt", r"\b(ktlint|detekt)\b", Named),
    (
        Lint,
        "checkstyle/spotbugs",
        r"\b(checkstyle|pmd|spotbugs|errorprone)\b",
        Named,
    ),
    (
        Lint,
        "spotless",
        r"\b(spotlessCheck|spotless:check)\b",
        Named,
    ),
    (
        Lint,
        "scalafmt",
        r"\b(scalafmtCheck|scalafmtCheckAll|scalafmt\s+--test)\b",
        Named,
    ),
    (
        Lint,
        "phpcs/phpstan",
        r"\b(phpcs|phpstan|psalm|phpmd)\b|php-cs-fixer\b.*--dry-run|\bpint\b.*--test",
        Named,
    ),
    (
        Lint,
        "mix credo/format",
        r"\bmix\s+(credo|format\s+--check-formatted|dialyzer)\b",
        Named,
    ),
    (
        Lint,
        "dotnet format",
        r"\bdotnet\s+format\b|\b(dotnet\s+)?csharpier\s+(check|--check)\b",
        Named,
    ),
    (Lint, "hlint/ormolu", r"\b(hlint|ormolu|fourmolu)\b", Named),
    (Lint, "shellcheck", r"\bshellcheck\b", Named),
    (Lint, "hadolint", r"\bhadolint\b", Named),
    (Lint, "actionlint", r"\bactionlint\b", Named),
    (
        Lint,
        "markdownlint/yamllint",
        r"\b(markdownlint(-cli2)?|yamllint)\b",
        Named,
    ),
    (
        Lint,
        "tflint/terraform fmt",
        r"\btflint\b|\b(terraform|tofu)\s+fmt\b.*-check",
        Named,
    ),
    (Lint, "swiftlint", r"\bswiftlint\b", Named),
    (
        Lint,
        "clang-tidy/clang-format",
        r"\b(clang-tidy|cpplint)\b|\bclang-format\b.*(--dry-run|-n\b|--Werror)",
        Named,
    ),
    (
        Lint,
        "typos/codespell",
        r"\b(vale|codespell|typos)\b",
        Named,
    ),
    (Lint, "commitlint", r"\bcommitlint\b", Named),
    (
        Lint,
        "make lint",
        r"\b(make|just|task)\s+(-\S+\s+([\w./-]+\s+)?)*\S*(lint|fmt-check|format-check|check-fmt|vet|style)\S*\b",
        Named,
    ),
    (
        Lint,
        "a lint script",
        r"(?i)[\w./-]*lint[\w.-]*\.(sh|py|ps1|bash)\b",
        Guess,
    ),
    // Dependency audits and static analysis for security.
    (
        Security,
        "cargo audit/deny",
        r"\bcargo\s+(\+\S+\s+)?(audit|deny|vet|pants)\b",
        Named,
    ),
    (
        Security,
        "npm audit",
        r"\b(npm|pnpm|yarn|bun)\s+(npm\s+)?audit\b|\baudit-ci\b|\bbetter-npm-audit\b|\bretire\b",
        Named,
    ),
    (
        Security,
        "pip-audit/safety",
        r"\bpip-audit\b|\bsafety\s+(check|scan)\b|\bbandit\b|\buv\s+audit\b",
        Named,
    ),
    (
        Security,
        "osv-scanner/trivy/grype",
        r"\b(osv-scanner|trivy|grype|snyk|semgrep|opengrep|gosec|govulncheck|nancy|brakeman|bundler?-audit|bundle\s+audit|zizmor|gitleaks|trufflehog|checkov|tfsec|kics|terrascan|dependency-check|codeql|sonar-scanner|njsscan|horusec|ggshield|detect-secrets|sobelow|flawfinder|dockle|docker\s+scout)\b",
        Named,
    ),
    (
        Security,
        "language audits",
        r"\bcomposer\s+audit\b|\bmix\s+(deps\.audit|hex\.audit)\b|\bdotnet\s+list\b.*--vulnerable|\bmvnw?\b.*dependency-check|\bgradlew?\b.*dependencyCheck|\bbundle\s+exec\s+(bundle-audit|brakeman)\b",
        Named,
    ),
    // Deploys and publishing.
    (
        Deploy,
        "helm/kubectl",
        r"\bhelm\s+(upgrade|install)\b|\bhelmfile\s+(apply|sync)\b|\bkubectl\s+(\S+\s+)*(apply|set\s+image|rollout\s+restart|replace|create)\b|\bkustomize\b.*\|\s*kubectl|\bargocd\s+app\s+sync\b|\bskaffold\s+(run|deploy)\b|\bflux\s+reconcile\b",
        Named,
    ),
    (
        Deploy,
        "terraform/pulumi apply",
        r"\b(terraform|tofu|terragrunt)\s+(\S+\s+)*apply\b|\bpulumi\s+(up|update)\b|\bcdk\s+deploy\b|\bsam\s+deploy\b|\b(serverless|sls)\s+deploy\b|\bansible-playbook\b",
        Named,
    ),
    (
        Deploy,
        "image push",
        r"\b(docker|podman|buildah)\s+(image\s+)?push\b|\bdocker\s+(buildx\s+)?build\b.*--push\b|\bbuildx\s+bake\b.*--push|\b(crane|skopeo)\s+(push|copy)\b|\bko\s+(build|publish|apply|resolve)\b|\bjib\b|\bdocker\s+compose\b.*\bpush\b",
        Named,
    ),
    (
        Deploy,
        "cloud CLI deploy",
        r"\bgcloud\b.*\bdeploy\b|\baws\s+(ecs\s+update-service|lambda\s+update-function-code|s3\s+(sync|cp)|cloudformation\s+deploy|deploy\b|elasticbeanstalk|apprunner)|\baz\s+(webapp|functionapp|containerapp|aks|deployment|acr\s+build|storage\s+blob\s+upload)\b|\b(fly|flyctl)\s+deploy\b|\bheroku\b|git\s+push\s+\S*(heroku|dokku)|\bvercel\b|\bnetlify\s+deploy\b|\bfirebase\s+deploy\b|\bwrangler\s+(deploy|publish|pages\s+deploy)\b|\brailway\s+up\b|\bkamal\s+deploy\b|\bcap\s+\S+\s+deploy\b|\bdokku\b",
        Named,
    ),
    (
        Deploy,
        "package publish",
        r"\bcargo\s+publish\b|\b(npm|pnpm|yarn)\s+(npm\s+)?publish\b|\btwine\s+upload\b|\b(poetry|flit|hatch|uv|pdm)\s+publish\b|\bgem\s+push\b|\bgoreleaser\b|\bsemantic-release\b|\brelease-it\b|\bchangeset\s+publish\b|\blerna\s+publish\b|\bmvnw?\b.*\bdeploy\b|\bgradlew?\b.*\bpublish\w*|\b(dotnet\s+)?nuget\s+push\b|\bmix\s+hex\.publish\b|\bpod\s+trunk\s+push\b|\bgh\s+release\s+(create|upload)\b|\bfastlane\b|\bjreleaser\b",
        Named,
    ),
    // Database migrations applied or checked, per framework: a pipeline
    // that runs them against a fresh database proves the history replays.
    (
        Migrate,
        "rails db:migrate",
        r"\b(rails|rake)\b.*\bdb:(migrate|prepare|setup|reset)\b",
        Named,
    ),
    (
        Migrate,
        "manage.py migrate",
        r"\b(manage\.py|django-admin)\s+(migrate|makemigrations\b.*--check)\b",
        Named,
    ),
    (
        Migrate,
        "alembic upgrade",
        r"\balembic\b.*\s(upgrade|check)(\s|$)|\bflask\s+(\S+\s+)*db\s+upgrade\b",
        Named,
    ),
    (
        Migrate,
        "golang-migrate/goose/dbmate",
        r"(^|\s)migrate\s+(-{1,2}\S+\s+\S+\s+)+(up|goto)(\s|$)|\bgoose\b.*\s(up|up-to|validate)(\s|$)|\bdbmate\b.*\s(up|migrate)(\s|$)",
        Named,
    ),
    (
        Migrate,
        "atlas migrate",
        r"\batlas\s+(migrate\s+(apply|lint|validate)|schema\s+apply)\b",
        Named,
    ),
    (
        Migrate,
        "sqlx/diesel migrate",
        r"\bsqlx\s+migrate\s+run\b|\bcargo\s+sqlx\s+(migrate\s+run|prepare\s+--check)\b|\bdiesel\s+migration\s+(run|redo)\b|\bsea-orm-cli\s+migrate\b",
        Named,
    ),
    (
        Migrate,
        "flyway/liquibase",
        r"\bflyway\b.*\b(migrate|validate)\b|\bliquibase\b.*\b(update|validate)\b|\b(flyway|liquibase):(migrate|validate|update)\b",
        Named,
    ),
    (
        Migrate,
        "prisma migrate",
        r"\bprisma\s+migrate\s+(deploy|dev|reset|diff)\b",
        Named,
    ),
    (
        Migrate,
        "knex/sequelize/typeorm migrate",
        r"\bknex\b.*\bmigrate:(latest|up)\b|\bsequelize(-cli)?\b.*\bdb:migrate\b|\btypeorm\b.*\bmigration:(run|show)\b|\bnode-pg-migrate\b.*\sup\b|\bmikro-orm\b.*\bmigration:(up|check)\b|\bdrizzle-kit\s+(migrate|check)\b",
        Named,
    ),
    (
        Migrate,
        "mix ecto.migrate",
        r"\bmix\s+(\S+\s+)*ecto\.(migrate|setup|reset)\b",
        Named,
    ),
    (
        Migrate,
        "artisan/doctrine/phinx migrate",
        r"\bartisan\s+migrate\b|\bdoctrine:migrations:(migrate|status|up-to-date)\b|\bphinx\s+migrate\b",
        Named,
    ),
    (
        Migrate,
        "dotnet ef",
        r"\bdotnet\s+ef\s+(database\s+update|migrations\s+(script|bundle|has-pending-model-changes))\b",
        Named,
    ),
    (
        Migrate,
        "a migration linter",
        r"\bsquawk\b|\bdiesel-guard\s+check\b|\bmanage\.py\s+lintmigrations\b",
        Named,
    ),
    (
        Migrate,
        "a migration script",
        r"(?i)\b(npm|yarn|pnpm|bun)\s+(run\s+)?\S*migrat\S*|\b(make|just|task|invoke)\s+\S*migrat\S*|[\w./-]*migrat[\w.-]*\.(sh|py|rb|ts|js)\b|\bgo\s+run\s+\S*migrat\S*",
        Guess,
    ),
    // Copying files to a server deploys something, but not shown to be the
    // service: a spec, docs or a build artefact may be all it ships. A
    // guess (half credit, medium) unless the same line restarts a service.
    (
        Deploy,
        "an upload to a server (scp/rsync)",
        r"\b(scp|sftp|lftp)\b.*\s\S+:\S*|\brsync\b.*\s\S+:\S*",
        Guess,
    ),
    (
        Deploy,
        "a deploy script",
        r"(?i)[\w./-]*(deploy|release|publish)[\w.-]*\.(sh|py|ps1|bash|rb)\b|\b(make|just|task)\s+(\S*deploy\S*|\S*publish\S*|\S*release\S*)",
        Guess,
    ),
];

struct Table {
    set: RegexSet,
    skip: Vec<Option<Regex>>,
}

/// Flags that turn a matching build into one that skips what it matched.
fn skip_for(label: &str) -> Option<&'static str> {
    Some(match label {
        "maven" => {
            r"-DskipTests|-Dmaven\.test\.skip=true|-DskipITs\b.*-DskipUTs|\bdependency:|\bsite\b|\bdeploy\b.*-DskipTests"
        }
        "gradle" => r"(-x|--exclude-task)\s+:?test\b|assemble\b",
        "cargo test" => r"--no-run\b",
        "npm test" => r"--passWithNoTests\s+--listTests|--help",
        "make test" => r"--dry-run|\s-n\b",
        "package publish" => {
            r"--dry-run|\bgoreleaser\s+(check|build|healthcheck|init)\b|--snapshot"
        }
        _ => return None,
    })
}

fn table() -> &'static Table {
    static T: LazyLock<Table> = LazyLock::new(|| Table {
        set: RegexSet::new(RULES.iter().map(|r| r.2)).expect("static command patterns"),
        skip: RULES
            .iter()
            .map(|r| skip_for(r.1).map(|p| Regex::new(p).expect("static skip pattern")))
            .collect(),
    });
    &T
}

/// Whether a script line only prints, is a comment, or is empty.
fn inert(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty()
        || t.starts_with('#')
        || t.starts_with("//")
        || t.starts_with("echo ")
        || t.starts_with("printf ")
        || t.starts_with("Write-Host")
        || t.starts_with("- name:")
}

/// What one command line does; several purposes may match.
pub fn classify_line(line: &str) -> Vec<Hit> {
    if inert(line) || line.len() > 4096 {
        return Vec::new();
    }
    let mut out: Vec<Hit> = Vec::new();
    // `ssh host "cd app && docker compose up -d"`: judged whole, before the
    // split would separate the restart from the ssh.
    if line.contains("ssh ") && restarts_service(line) {
        out.push(Hit {
            purpose: Deploy,
            what: "a service restart over SSH",
            sure: Named,
        });
    }
    for segment in line
        .split("&&")
        .flat_map(|s| s.split("||"))
        .flat_map(|s| s.split(';'))
    {
        // Installing a tool or asking its version runs nothing.
        if !inert(segment)
            && !INSTALL.is_match(segment)
            && !segment.contains("--version")
            && !segment.contains("--help")
        {
            classify_segment(segment, &mut out);
        }
    }
    out
}

/// Commands that put a new version of a service in place on a server.
static RESTART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(systemctl\s+(restart|reload|start)|service\s+\S+\s+restart|docker(-|\s+)compose\b.*\bup\b|docker\s+(run|service\s+update|stack\s+deploy)|pm2\s+(restart|reload|start)|supervisorctl\s+restart|kubectl\s+(apply|rollout)|helm\s+upgrade|git\s+pull)\b")
        .expect("static regex")
});

/// Whether a script run on a server (an `ssh` line, an SSH action's
/// script) restarts or replaces a service there, not only moves files.
pub fn restarts_service(script: &str) -> bool {
    RESTART.is_match(script)
}

/// Installing a tool is not running it (`pip install pip-audit`).
static INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(sudo\s+)?(pip[0-9.]*|pipx|python[0-9.]*\s+-m\s+pip|uv\s+(pip|tool)|npm|yarn|pnpm|bun|cargo|cargo\s+binstall|go|brew|apt(-get)?|apk|gem|dnf|yum|choco|scoop|dotnet\s+tool|composer\s+global)\s+(install|add|get|i)\b")
        .expect("static regex")
});

fn classify_segment(line: &str, out: &mut Vec<Hit>) {
    let t = table();
    for i in t.set.matches(line).iter() {
        let (purpose, what, _, sure) = RULES[i];
        if t.skip[i].as_ref().is_some_and(|re| re.is_match(line)) {
            continue;
        }
        if let Some(prev) = out.iter_mut().find(|h| h.purpose == purpose) {
            if sure > prev.sure {
                *prev = Hit {
                    purpose,
                    what,
                    sure,
                };
            }
            continue;
        }
        out.push(Hit {
            purpose,
            what,
            sure,
        });
    }
}

/// (action prefix, purpose, label). Matched case-insensitively against
/// `owner/repo[/path]` without the ref.
const ACTIONS: &[(&str, Purpose, &str)] = &[
    ("github/codeql-action/analyze", Security, "CodeQL"),
    ("github/codeql-action/init", Security, "CodeQL"),
    (
        "github/codeql-action/upload-sarif",
        Security,
        "SARIF upload of a scan",
    ),
    (
        "actions/dependency-review-action",
        Security,
        "dependency review",
    ),
    ("aquasecurity/trivy-action", Security, "Trivy"),
    ("aquasecurity/tfsec-action", Security, "tfsec"),
    ("anchore/scan-action", Security, "Grype"),
    ("snyk/actions", Security, "Snyk"),
    ("returntocorp/semgrep-action", Security, "Semgrep"),
    ("semgrep/semgrep-action", Security, "Semgrep"),
    ("securego/gosec", Security, "gosec"),
    ("golang/govulncheck-action", Security, "govulncheck"),
    ("rustsec/audit-check", Security, "cargo audit"),
    ("actions-rs/audit-check", Security, "cargo audit"),
    ("embarkstudios/cargo-deny-action", Security, "cargo deny"),
    ("google/osv-scanner-action", Security, "OSV-Scanner"),
    ("google/osv-scanner/actions", Security, "OSV-Scanner"),
    ("pypa/gh-action-pip-audit", Security, "pip-audit"),
    ("zizmorcore/zizmor-action", Security, "zizmor"),
    ("woodruffw/zizmor-action", Security, "zizmor"),
    ("gitleaks/gitleaks-action", Security, "gitleaks"),
    ("trufflesecurity/trufflehog", Security, "TruffleHog"),
    ("ossf/scorecard-action", Security, "OpenSSF Scorecard"),
    ("bridgecrewio/checkov-action", Security, "Checkov"),
    ("checkmarx/kics-github-action", Security, "KICS"),
    (
        "sonarsource/sonarcloud-github-action",
        Security,
        "SonarCloud",
    ),
    ("sonarsource/sonarqube-scan-action", Security, "SonarQube"),
    ("docker/scout-action", Security, "Docker Scout"),
    (
        "microsoft/security-devops-action",
        Security,
        "Microsoft Security DevOps",
    ),
    (
        "dependency-check/dependency-check_action",
        Security,
        "OWASP Dependency-Check",
    ),
    ("erzz/dockle-action", Security, "Dockle"),
    ("golangci/golangci-lint-action", Lint, "golangci-lint"),
    ("pre-commit/action", Lint, "pre-commit"),
    ("pre-commit-ci/lite-action", Lint, "pre-commit"),
    ("github/super-linter", Lint, "Super-Linter"),
    ("super-linter/super-linter", Lint, "Super-Linter"),
    ("oxsecurity/megalinter", Lint, "MegaLinter"),
    ("reviewdog/", Lint, "reviewdog"),
    ("astral-sh/ruff-action", Lint, "ruff"),
    ("chartboost/ruff-action", Lint, "ruff"),
    ("psf/black", Lint, "black"),
    ("wearerequired/lint-action", Lint, "lint-action"),
    ("davidanson/markdownlint-cli2-action", Lint, "markdownlint"),
    ("ludeeus/action-shellcheck", Lint, "shellcheck"),
    ("hadolint/hadolint-action", Lint, "hadolint"),
    ("rhysd/actionlint", Lint, "actionlint"),
    ("raven-actions/actionlint", Lint, "actionlint"),
    ("actions-rs/clippy-check", Lint, "clippy"),
    ("giraffate/clippy-action", Lint, "clippy"),
    ("trunk-io/trunk-action", Lint, "trunk"),
    ("dprint/check", Lint, "dprint"),
    ("crate-ci/typos", Lint, "typos"),
    ("cypress-io/github-action", Test, "Cypress"),
    (
        "docker/build-push-action",
        Deploy,
        "docker/build-push-action",
    ),
    (
        "aws-actions/amazon-ecs-deploy-task-definition",
        Deploy,
        "ECS deploy",
    ),
    (
        "aws-actions/aws-cloudformation-github-deploy",
        Deploy,
        "CloudFormation deploy",
    ),
    ("azure/webapps-deploy", Deploy, "Azure Web Apps deploy"),
    ("azure/k8s-deploy", Deploy, "AKS deploy"),
    ("azure/functions-action", Deploy, "Azure Functions deploy"),
    (
        "azure/container-apps-deploy-action",
        Deploy,
        "Container Apps deploy",
    ),
    (
        "google-github-actions/deploy-cloudrun",
        Deploy,
        "Cloud Run deploy",
    ),
    (
        "google-github-actions/deploy-appengine",
        Deploy,
        "App Engine deploy",
    ),
    (
        "google-github-actions/deploy-cloud-functions",
        Deploy,
        "Cloud Functions deploy",
    ),
    ("softprops/action-gh-release", Deploy, "GitHub release"),
    ("ncipollo/release-action", Deploy, "GitHub release"),
    ("goreleaser/goreleaser-action", Deploy, "GoReleaser"),
    ("pypa/gh-action-pypi-publish", Deploy, "PyPI publish"),
    (
        "jamesives/github-pages-deploy-action",
        Deploy,
        "Pages deploy",
    ),
    ("peaceiris/actions-gh-pages", Deploy, "Pages deploy"),
    ("actions/deploy-pages", Deploy, "Pages deploy"),
    ("cloudflare/wrangler-action", Deploy, "Cloudflare deploy"),
    ("cloudflare/pages-action", Deploy, "Cloudflare Pages deploy"),
    ("amondnet/vercel-action", Deploy, "Vercel deploy"),
    ("superfly/flyctl-actions", Deploy, "Fly deploy"),
    ("helm/chart-releaser-action", Deploy, "Helm chart release"),
    ("akhileshns/heroku-deploy", Deploy, "Heroku deploy"),
    ("nwtgck/actions-netlify", Deploy, "Netlify deploy"),
    ("changesets/action", Deploy, "changesets publish"),
    (
        "cycjimmy/semantic-release-action",
        Deploy,
        "semantic-release",
    ),
    ("googleapis/release-please-action", Deploy, "release-please"),
    (
        "google-github-actions/release-please-action",
        Deploy,
        "release-please",
    ),
    ("js-devtools/npm-publish", Deploy, "npm publish"),
    ("katyo/publish-crates", Deploy, "crates.io publish"),
    ("appleboy/ssh-action", Deploy, "SSH deploy"),
    ("appleboy/scp-action", Deploy, "an upload to a server (scp)"),
    (
        "burnett01/rsync-deployments",
        Deploy,
        "an upload to a server (rsync)",
    ),
    (
        "samkirkland/ftp-deploy-action",
        Deploy,
        "an upload to a server (FTP)",
    ),
    ("deploy:", Deploy, "a Travis deploy provider"),
    ("snyksecurityscan@", Security, "Snyk"),
    (
        "microsoftsecuritydevops@",
        Security,
        "Microsoft Security DevOps",
    ),
    (
        "dependency-check-build-task@",
        Security,
        "OWASP Dependency-Check",
    ),
    ("advancedsecurity-codeql-analyze@", Security, "CodeQL"),
    ("kubernetesmanifest@", Deploy, "Kubernetes deploy"),
    ("azurewebapp@", Deploy, "Azure Web Apps deploy"),
    ("azurermwebappdeployment@", Deploy, "Azure Web Apps deploy"),
    ("helmdeploy@", Deploy, "Helm deploy"),
    ("terraformtaskv", Deploy, "Terraform"),
    ("ariga/atlas-action/migrate", Migrate, "Atlas migrate"),
    ("sbdchd/squawk-action", Migrate, "squawk"),
    (
        "liquibase-github-actions/update",
        Migrate,
        "Liquibase update",
    ),
    ("liquibase/liquibase-github-action", Migrate, "Liquibase"),
    ("joshuaavalon/flyway-action", Migrate, "Flyway"),
];

/// What an action (`uses:`, an Azure task, a CircleCI orb command) does.
/// `with` decides a few: `docker/build-push-action` deploys only when it
/// pushes.
pub fn classify_action(uses: &str, with: &[super::Kv]) -> Option<Hit> {
    let name = uses.split('@').next().unwrap_or(uses).to_ascii_lowercase();
    let full = uses.to_ascii_lowercase();
    let Some((_, purpose, what)) = ACTIONS.iter().find(|(prefix, _, _)| {
        if prefix.ends_with('@') || prefix.ends_with(':') || prefix.ends_with('v') {
            full.starts_with(prefix)
        } else {
            name == *prefix
                || name.starts_with(&format!("{}/", prefix.trim_end_matches('/')))
                || (prefix.ends_with('/') && name.starts_with(prefix))
        }
    }) else {
        return by_tool_name(&name).or_else(|| publish_with_credentials(&name, with));
    };
    if *what == "docker/build-push-action" {
        let push = super::kv_get(with, "push").map(|k| k.value.trim().to_ascii_lowercase());
        if push.as_deref().is_none_or(|v| v == "false" || v.is_empty()) {
            return None;
        }
    }
    if *what == "GoReleaser" {
        let args = super::kv_get(with, "args")
            .map(|k| k.value.to_ascii_lowercase())
            .unwrap_or_default();
        if args.contains("--snapshot")
            || args
                .split_whitespace()
                .next()
                .is_some_and(|a| matches!(a, "check" | "build" | "healthcheck"))
        {
            return None;
        }
    }
    // Files copied to a server, or commands run there that restart nothing:
    // a deploy of something, not shown to be the service (half credit).
    if what.starts_with("an upload to a server") {
        return Some(Hit {
            purpose: *purpose,
            what,
            sure: Guess,
        });
    }
    if *what == "SSH deploy" {
        let script = super::kv_get(with, "script")
            .map(|k| k.value.to_ascii_lowercase())
            .unwrap_or_default();
        let restarts = restarts_service(&script);
        return Some(Hit {
            purpose: *purpose,
            what: if restarts {
                "SSH deploy (restarts the service)"
            } else {
                "commands run on a server over SSH"
            },
            sure: if restarts { Named } else { Guess },
        });
    }
    if *what == "terraform" {
        let cmd = super::kv_get(with, "command").map(|k| k.value.to_ascii_lowercase());
        if cmd.as_deref() != Some("apply") {
            return None;
        }
    }
    Some(Hit {
        purpose: *purpose,
        what,
        sure: Named,
    })
}

/// An organisation's own release action, given registry credentials
/// (`prometheus/promci/publish_release` with `docker_hub_password: ${{
/// secrets... }}`): a name alone does not prove a deploy, a name that says
/// publish, release or deploy plus the secrets to do it does.
fn publish_with_credentials(name: &str, with: &[super::Kv]) -> Option<Hit> {
    let words = name
        .split('/')
        .skip(1)
        .flat_map(|seg| seg.split(['-', '_']))
        .collect::<Vec<_>>();
    let says = words
        .iter()
        .any(|w| matches!(*w, "publish" | "deploy" | "release"))
        && !words
            .iter()
            .any(|w| matches!(*w, "drafter" | "notes" | "changelog"));
    let credentials = with.iter().any(|kv| kv.value.contains("secrets."));
    (says && credentials).then_some(Hit {
        purpose: Deploy,
        what: "a publish action given credentials",
        sure: Named,
    })
}

/// An action or plugin image not in the table, by the tool its name
/// carries (`woodpeckerci/plugin-trivy`, `acme/eslint-action`).
fn by_tool_name(name: &str) -> Option<Hit> {
    let last = name.rsplit('/').next().unwrap_or(name);
    let last = last
        .split(':')
        .next()
        .unwrap_or(last)
        .replace(['-', '_'], " ");
    let words = last
        .trim_start_matches("plugin ")
        .trim_end_matches(" action");
    classify_line(words)
        .into_iter()
        .find(|h| h.sure == Sure::Named && h.purpose != Deploy)
}

/// Something a command line runs that may live in the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// A script path, relative to the repository root (`scripts/test.sh`).
    Script(String),
    /// `make [-C dir] target` (target empty for the default goal).
    Make { dir: String, target: String },
    /// `npm run name` and friends (`npm test` is `test`).
    PackageScript(String),
}

/// A path run as a command: at the start of a command, after `exec`,
/// `sudo`, `time`, `env A=b`, or as a script with a script extension.
static SCRIPT_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^\s*|[;&|(`]\s*|\b(?:exec|sudo|time|xvfb-run|env(?:\s+\w+=\S*)*)\s+)(\./[\w.\-/]+|[\w.\-]+/[\w.\-/]*\.(?:sh|bash|py|ps1|rb|pl|js|mjs|ts)|[\w.\-]+\.(?:sh|bash|ps1))\b"#)
        .expect("static regex")
});
/// A bare relative path run as a command (`scripts/test`): an extensionless
/// script, as `encode/httpx` runs its `scripts/check` and `scripts/test`.
static BARE_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^\s*|[;&|(`]\s*)([\w\-]+/[\w\-]+(?:/[\w\-]+)*)(?:\s|$|[;&|)`])")
        .expect("static regex")
});
static INTERPRETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s;&|(])(?:bash|sh|zsh|dash|source|\.|python[0-9.]*|node|ruby|perl|pwsh|powershell|php|tsx|ts-node)\s+(?:-[a-zA-Z]+\s+)*([\w.\-/]*[./][\w.\-/]*)")
        .expect("static regex")
});
static MAKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s;&|(])g?make((?:\s+-[A-Za-z]+(?:\s+[\w./-]+)?|\s+[A-Z_]+=\S*)*)((?:\s+[\w./-]+)*)").expect("static regex")
});
static PKG_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.\-]+)")
        .expect("static regex")
});

/// Scripts, make targets and package scripts a line calls.
pub fn references(line: &str) -> Vec<Reference> {
    if inert(line) || line.len() > 4096 {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Each pattern needs a literal its matches always hold: a script path
    // a `.` or `/`, make its name, a package script its manager's. Most
    // lines of most scripts hold none, and skip the regexes.
    let pathy = line.contains(['.', '/']);
    let scripts = pathy
        .then(|| {
            SCRIPT_PATH
                .captures_iter(line)
                .chain(INTERPRETED.captures_iter(line))
                .chain(BARE_SCRIPT.captures_iter(line))
        })
        .into_iter()
        .flatten();
    for c in scripts {
        let p = c[1].trim_start_matches("./").trim_end_matches('/');
        let r = Reference::Script(p.to_string());
        if !p.is_empty()
            && !p.contains("..")
            && !p.starts_with("node_modules/")
            && !out.contains(&r)
        {
            out.push(r);
        }
    }
    let make = line.contains("make").then(|| MAKE.captures_iter(line));
    for c in make.into_iter().flatten() {
        let flags = c.get(1).map_or("", |m| m.as_str());
        let dir = flags
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .find(|w| w[0] == "-C")
            .map(|w| w[1].trim_end_matches('/').to_string())
            .unwrap_or_default();
        let targets: Vec<&str> = c
            .get(2)
            .map_or("", |m| m.as_str())
            .split_whitespace()
            .collect();
        if targets.is_empty() {
            out.push(Reference::Make {
                dir: dir.clone(),
                target: String::new(),
            });
        }
        for t in targets {
            out.push(Reference::Make {
                dir: dir.clone(),
                target: t.to_string(),
            });
        }
    }
    let managed = ["npm", "yarn", "bun"].iter().any(|m| line.contains(m));
    let runs = managed.then(|| PKG_RUN.captures_iter(line));
    for c in runs.into_iter().flatten() {
        let name = &c[1];
        if !matches!(
            name,
            "install"
                | "ci"
                | "i"
                | "add"
                | "exec"
                | "dlx"
                | "x"
                | "npx"
                | "config"
                | "set"
                | "cache"
                | "global"
                | "remove"
                | "link"
                | "pack"
                | "version"
                | "audit"
                | "publish"
                | "why"
                | "-g"
                | "workspace"
                | "workspaces"
        ) {
            out.push(Reference::PackageScript(name.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(line: &str, p: Purpose) -> Option<Hit> {
        classify_line(line).into_iter().find(|h| h.purpose == p)
    }

    #[test]
    fn commands_by_purpose() {
        let yes: &[(&str, Purpose)] = &[
            ("cargo test --workspace", Test),
            ("cargo +nightly nextest run", Test),
            ("go test -race ./...", Test),
            ("uv run pytest -q", Test),
            ("python -m unittest discover", Test),
            ("tox -e py312", Test),
            ("npm test", Test),
            ("pnpm run test:unit", Test),
            ("yarn test --ci", Test),
            ("npx vitest run", Test),
            ("./mvnw -B verify", Test),
            ("./gradlew build", Test),
            ("dotnet test --no-build", Test),
            ("bundle exec rspec", Test),
            ("mix test", Test),
            ("make test", Test),
            ("make -C backend check", Test),
            ("poetry run invoke tests --failfast", Test),
            ("bazel test //...", Test),
            ("flutter test", Test),
            ("vendor/bin/phpunit", Test),
            ("ctest --output-on-failure", Test),
            ("cargo clippy -- -D warnings", Lint),
            ("cargo fmt --all -- --check", Lint),
            ("golangci-lint run", Lint),
            ("ruff check .", Lint),
            ("npm run lint", Lint),
            ("pre-commit run --all-files", Lint),
            ("cargo audit", Security),
            ("cargo deny check", Security),
            ("npm audit --audit-level=high", Security),
            ("pip-audit -r requirements.txt", Security),
            ("trivy image app:1", Security),
            ("govulncheck ./...", Security),
            ("helm upgrade --install app ./chart", Deploy),
            ("kubectl apply -f k8s/", Deploy),
            ("terraform apply -auto-approve", Deploy),
            ("docker push ghcr.io/a/b:1", Deploy),
            ("docker buildx build --push -t x .", Deploy),
            ("cargo publish", Deploy),
            ("npm publish --provenance", Deploy),
            ("twine upload dist/*", Deploy),
            ("gcloud run deploy api --image x", Deploy),
            ("aws ecs update-service --cluster c", Deploy),
            ("flyctl deploy", Deploy),
        ];
        for (line, p) in yes {
            assert!(
                first(line, *p).is_some(),
                "{line} should be {p:?}: {:?}",
                classify_line(line)
            );
        }
        let no: &[(&str, Purpose)] = &[
            ("cargo build --release", Test),
            ("cargo test --no-run", Test),
            ("mvn -B package -DskipTests", Test),
            ("./gradlew build -x test", Test),
            ("echo run cargo test", Test),
            ("# cargo test", Test),
            ("npm ci", Test),
            ("npm run build", Test),
            ("go build ./...", Test),
            ("docker build -t x .", Deploy),
            ("terraform plan", Deploy),
            ("helm lint chart", Deploy),
            ("cargo install cargo-audit", Test),
            ("pip install pytest-timeout", Lint),
            ("goreleaser check", Deploy),
            ("goreleaser release --snapshot --clean", Deploy),
            ("cargo publish --dry-run", Deploy),
            ("pip install pip-audit bandit", Security),
            ("cargo install --locked cargo-deny", Security),
            ("npm install -g eslint", Lint),
        ];
        for (line, p) in no {
            assert!(
                first(line, *p).is_none(),
                "{line} should not be {p:?}: {:?}",
                classify_line(line)
            );
        }
        assert_eq!(
            first("./scripts/run-tests.sh", Test).unwrap().sure,
            Sure::Guess
        );
    }

    #[test]
    fn lint_labels_name_the_tool_that_ran() {
        // (command, label): one or more per ecosystem.
        let table: &[(&str, &str)] = &[
            (
                "cargo clippy --all-targets -- -D warnings",
                "clippy/rustfmt",
            ),
            ("cargo fmt --all -- --check", "clippy/rustfmt"),
            ("golangci-lint run ./...", "golangci-lint"),
            ("go vet ./...", "go vet/staticcheck"),
            ("staticcheck ./...", "go vet/staticcheck"),
            ("test -z $(gofmt -l .)", "gofmt"),
            ("ruff check .", "ruff"),
            ("flake8 src", "flake8/pylint"),
            ("mypy --strict src", "mypy/pyright"),
            ("black --check .", "black/isort"),
            ("pre-commit run --all-files", "pre-commit"),
            ("npx eslint .", "eslint/stylelint"),
            ("npx prettier --check .", "prettier/biome"),
            ("npx biome ci .", "prettier/biome"),
            ("npx tsc --noEmit", "tsc --noEmit"),
            ("pnpm run lint", "npm run lint"),
            ("bundle exec rubocop", "rubocop"),
            ("./gradlew ktlintCheck detekt", "ktlint/detekt"),
            ("mvn -B checkstyle:check", "checkstyle/spotbugs"),
            ("./gradlew spotlessCheck", "spotless"),
            ("sbt scalafmtCheckAll", "scalafmt"),
            ("vendor/bin/phpstan analyse", "phpcs/phpstan"),
            ("vendor/bin/pint --test", "phpcs/phpstan"),
            ("mix credo --strict", "mix credo/format"),
            ("mix format --check-formatted", "mix credo/format"),
            ("dotnet format --verify-no-changes", "dotnet format"),
            ("dotnet csharpier check .", "dotnet format"),
            ("hlint src", "hlint/ormolu"),
            ("shellcheck scripts/*.sh", "shellcheck"),
            ("hadolint Dockerfile", "hadolint"),
            ("actionlint", "actionlint"),
            ("yamllint .", "markdownlint/yamllint"),
            ("terraform fmt -check -recursive", "tflint/terraform fmt"),
            ("swiftlint --strict", "swiftlint"),
            (
                "clang-format --dry-run --Werror src/*.c",
                "clang-tidy/clang-format",
            ),
            ("typos", "typos/codespell"),
            ("npx commitlint --from HEAD~1", "commitlint"),
            ("make lint", "make lint"),
        ];
        for (line, label) in table {
            let hit = first(line, Lint)
                .unwrap_or_else(|| panic!("{line}: no lint hit: {:?}", classify_line(line)));
            assert_eq!(hit.what, *label, "{line}");
            assert_eq!(hit.sure, Named, "{line}");
        }
        // Near misses: formatting in place, building, and another
        // ecosystem's words.
        for line in [
            "dotnet build",
            "mix compile",
            "cargo fmt --all",
            "black .",
            "go build ./...",
            "dotnet tool install -g csharpier",
        ] {
            assert!(
                first(line, Lint).is_none(),
                "{line}: {:?}",
                classify_line(line)
            );
        }
    }

    #[test]
    fn uploads_to_a_server_are_a_guess() {
        // (command, deploy hit, how sure)
        let table: &[(&str, Option<Sure>)] = &[
            (
                "scp openapi.json deploy@repo.example.org:/srv/openapi/",
                Some(Guess),
            ),
            (
                "rsync -az --delete public/ web@host:/var/www/docs",
                Some(Guess),
            ),
            (
                "ssh deploy@app.example.org 'cd /srv/app && git pull && systemctl restart app'",
                Some(Named),
            ),
            (
                "ssh deploy@host \"docker compose pull && docker compose up -d\"",
                Some(Named),
            ),
            ("rsync -a build/ dist/", None),
            ("ssh-keyscan github.com >> ~/.ssh/known_hosts", None),
            ("docker compose up -d db", None),
        ];
        for (line, want) in table {
            let got = first(line, Deploy).map(|h| h.sure);
            assert_eq!(got, *want, "{line}: {:?}", classify_line(line));
        }
        use super::super::Kv;
        let kv = |k: &str, v: &str| Kv {
            key: k.into(),
            value: v.into(),
            line: 1,
        };
        let scp =
            classify_action("appleboy/scp-action@v1", &[kv("source", "openapi.json")]).unwrap();
        assert_eq!((scp.purpose, scp.sure), (Deploy, Guess));
        let moves = classify_action(
            "appleboy/ssh-action@v1",
            &[kv(
                "script",
                "mv /srv/incoming/x.json /srv/repo/\nln -sf x.json latest.json",
            )],
        )
        .unwrap();
        assert_eq!(moves.sure, Guess);
        let restarts = classify_action(
            "appleboy/ssh-action@v1",
            &[kv(
                "script",
                "cd /srv/app\ndocker compose pull\ndocker compose up -d",
            )],
        )
        .unwrap();
        assert_eq!(
            (restarts.sure, restarts.what),
            (Named, "SSH deploy (restarts the service)")
        );
    }

    #[test]
    fn own_publish_actions_need_credentials() {
        use super::super::Kv;
        let creds = vec![Kv {
            key: "docker_hub_password".into(),
            value: "${{ secrets.docker_hub_password }}".into(),
            line: 1,
        }];
        let hit = |uses: &str, with: &[Kv]| classify_action(uses, with).map(|h| h.purpose);
        assert_eq!(
            hit("prometheus/promci/publish_release@v0.9.0", &creds),
            Some(Deploy)
        );
        assert_eq!(hit("acme/actions/deploy-service@v1", &creds), Some(Deploy));
        // Near misses: no credentials; a word inside another; release notes.
        assert_eq!(hit("prometheus/promci/publish_release@v0.9.0", &[]), None);
        assert_eq!(hit("acme/unpublished-check@v1", &creds), None);
        assert_eq!(hit("release-drafter/release-drafter@v6", &creds), None);
    }

    #[test]
    fn actions_by_purpose() {
        use super::super::Kv;
        let push = vec![Kv {
            key: "push".into(),
            value: "true".into(),
            line: 1,
        }];
        assert_eq!(
            classify_action("github/codeql-action/analyze@v3", &[])
                .unwrap()
                .purpose,
            Security
        );
        assert_eq!(
            classify_action("reviewdog/action-eslint@v1", &[])
                .unwrap()
                .purpose,
            Lint
        );
        assert!(classify_action("docker/build-push-action@v6", &[]).is_none());
        assert_eq!(
            classify_action("docker/build-push-action@v6", &push)
                .unwrap()
                .purpose,
            Deploy
        );
        assert!(classify_action("actions/checkout@v4", &[]).is_none());
        assert!(classify_action("snyk/actions/node@master", &[]).is_some());
        assert_eq!(
            classify_action("docker.io/woodpeckerci/plugin-trivy:1.6.0", &[])
                .unwrap()
                .purpose,
            Security
        );
        assert_eq!(
            classify_action("acme/eslint-action@v2", &[])
                .unwrap()
                .purpose,
            Lint
        );
        assert!(classify_action("actions/setup-go@v5", &[]).is_none());
        assert!(classify_action("docker.io/golang:1.23", &[]).is_none());
    }

    #[test]
    fn references_to_repo_scripts() {
        use Reference::*;
        assert_eq!(references("bash .ci/run"), vec![Script(".ci/run".into())]);
        // A bare relative path run as a command: an extensionless script.
        assert_eq!(
            references("scripts/test"),
            vec![Script("scripts/test".into())]
        );
        assert_eq!(
            references("scripts/check --diff"),
            vec![Script("scripts/check".into())]
        );
        // Near misses: a path as an argument, a URL, a version.
        assert_eq!(references("echo scripts/test"), vec![]);
        assert_eq!(references("curl https://x.test/a/b"), vec![]);
        assert_eq!(
            references("./scripts/test.sh --fast"),
            vec![Script("scripts/test.sh".into())]
        );
        assert_eq!(
            references("python tools/check.py"),
            vec![Script("tools/check.py".into())]
        );
        assert_eq!(
            references("make -C api test lint"),
            vec![
                Make {
                    dir: "api".into(),
                    target: "test".into()
                },
                Make {
                    dir: "api".into(),
                    target: "lint".into()
                }
            ]
        );
        assert_eq!(
            references("npm run verify"),
            vec![PackageScript("verify".into())]
        );
        assert_eq!(references("npm ci"), vec![]);
        assert_eq!(
            references("make"),
            vec![Make {
                dir: String::new(),
                target: String::new()
            }]
        );
        assert_eq!(references("helm upgrade x ./charts/app --wait"), vec![]);
        assert_eq!(
            references("cd web && ./build.sh"),
            vec![Script("build.sh".into())]
        );
    }
}
