//! Allow lists: user-supplied paths, value regexes and stopwords that suppress
//! findings, plus the path classification (test/docs paths, lockfiles, code files)
//! that the engine uses to adjust confidence and pick rules.

use regex::bytes::Regex;
use serde::{Deserialize, Serialize};

/// User allow list (from config or a gitleaks `[allowlist]`).
///
/// * `paths`: **regular expressions** (Rust `regex` syntax, gitleaks-compatible),
///   matched unanchored against the repo-relative path with '/' separators. Use
///   `^` / `$` to anchor, e.g. `'^vendor/'` or `'\.snap$'`.
/// * `regexes`: matched against the secret value; a hit suppresses the finding.
/// * `stopwords`: case-insensitive substrings of the secret value that suppress it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllowConfig {
    pub paths: Vec<String>,
    pub regexes: Vec<String>,
    pub stopwords: Vec<String>,
}

/// Compiled form of [`AllowConfig`].
#[derive(Debug, Default)]
pub(crate) struct CompiledAllow {
    pub paths: Vec<Regex>,
    pub regexes: Vec<Regex>,
    /// Lowercased.
    pub stopwords: Vec<String>,
}

impl CompiledAllow {
    pub fn compile(cfg: &AllowConfig) -> Result<Self, String> {
        let compile = |v: &Vec<String>| -> Result<Vec<Regex>, String> {
            v.iter()
                .map(|r| Regex::new(r).map_err(|e| format!("allow regex {r:?}: {e}")))
                .collect()
        };
        Ok(CompiledAllow {
            paths: compile(&cfg.paths)?,
            regexes: compile(&cfg.regexes)?,
            stopwords: cfg
                .stopwords
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
        })
    }

    pub fn path_allowed(&self, path: &str) -> bool {
        self.paths.iter().any(|r| r.is_match(path.as_bytes()))
    }

    pub fn value_allowed(&self, secret: &[u8]) -> bool {
        self.regexes.iter().any(|r| r.is_match(secret))
            || contains_stopword(secret, &self.stopwords)
    }
}

/// Case-insensitive substring test without allocating per call for short lists.
pub(crate) fn contains_stopword(secret: &[u8], stopwords: &[String]) -> bool {
    stopwords.iter().any(|w| {
        let w = w.as_bytes();
        !w.is_empty()
            && secret
                .windows(w.len())
                .any(|win| win.eq_ignore_ascii_case(w))
    })
}

/// What kind of file a path names, as far as secret detection cares.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PathInfo {
    /// tests/, fixtures/, examples/, docs/, *.md …: findings are less likely live.
    pub test_or_docs: bool,
    /// Package lockfiles: full of integrity hashes; only strongly-shaped rules run.
    pub lockfile: bool,
    /// Source code: an unquoted value after `password =` is an identifier, not a literal.
    pub code: bool,
    /// A translation catalogue (`locales/`, `*.po`, `messages_de.properties`...):
    /// its `password` and `api_key` entries are labels in a human language.
    pub locale: bool,
    /// Development seed data (`db/seeds.rb`, `prisma/seed.ts`, `seeders/`).
    pub seed: bool,
    /// Configuration for local development, by a word of the file's stem or
    /// a directory's name (`config/development.yml`, `local.yaml`,
    /// `.devcontainer/`).
    pub local_dev: bool,
    /// Vendored third-party code (`workspace::paths::is_vendored`).
    pub vendored: bool,
}

/// Directories that hold translation catalogues.
const LOCALE_DIRS: &[&str] = &[
    "locales",
    "locale",
    "i18n",
    "intl",
    "l10n",
    "translations",
    "translation",
    "lang",
    "langs",
    "languages",
];

/// File formats that are translation catalogues wherever they are.
const LOCALE_EXTS: &[&str] = &[
    "po",
    "pot",
    "arb",
    "xlf",
    "xliff",
    "strings",
    "stringsdict",
    "resw",
];

/// `messages_de.properties`, `strings.properties`, `LabelsBundle_fr_CA.properties`:
/// a Java resource bundle, named for its content or carrying a locale suffix.
fn is_message_bundle(stem: &str) -> bool {
    const NAMES: &[&str] = &["messages", "message", "strings", "labels", "i18n", "lang"];
    if NAMES.iter().any(|n| stem.starts_with(n)) || stem.contains("bundle") {
        return true;
    }
    // `_de`, `_pt_br`, `_zh_hant_tw`: a two-letter language, optionally a region.
    let parts: Vec<&str> = stem.split('_').collect();
    parts.len() >= 2
        && parts[1..]
            .iter()
            .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()))
        && parts[1].len() == 2
}

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "spec",
    "specs",
    "fixture",
    "fixtures",
    "testdata",
    "test_data",
    "test-data",
    "testing",
    "example",
    "examples",
    "sample",
    "samples",
    "doc",
    "docs",
    "documentation",
    "mock",
    "mocks",
    "__mocks__",
    "demo",
    "demos",
    "e2e",
    "__snapshots__",
    ".snapshots",
    "snapshots",
    "testutil",
    "testutils",
    "testhelper",
    "testhelpers",
    "test_helpers",
    "test-helpers",
    "testsupport",
    "cassettes",
    "vcr_cassettes",
    "stub",
    "stubs",
    "cypress",
    "bench",
    "benches",
    "benchmark",
    "benchmarks",
    // Logs of conformance test runs (OpenID certification results).
    "conformance",
    "certification",
    // Integration-test clusters (`integration/clusters/*/compose.yml`) and
    // the services a CI run starts (`ci/pod/keycloak/server.key.pem`):
    // self-signed keys and throwaway passwords for test services.
    "integration",
    "ci",
];

/// Words that make a directory a test tree wherever they stand in its name:
/// `test_resources`, `test-environments`, `integration-tests`, `e2e_suite`.
const TEST_DIR_WORDS: &[&str] = &[
    "test", "tests", "testing", "testdata", "fixture", "fixtures", "mock", "mocks", "e2e",
];

/// `testresources`, `testenv`, `testkeys`: `test` glued to what the tree holds.
const TEST_GLUED_SUFFIXES: &[&str] = &[
    "resources",
    "resource",
    "res",
    "data",
    "env",
    "envs",
    "environment",
    "environments",
    "util",
    "utils",
    "helper",
    "helpers",
    "support",
    "kit",
    "files",
    "certs",
    "keys",
    "pki",
    "lib",
    "libs",
    "suite",
    "suites",
    "harness",
    "infra",
    "server",
    "servers",
    "bed",
    "app",
    "apps",
    "config",
    "configs",
    "assets",
];

/// A directory that holds tests or their fixtures, by its name's words
/// (split on `_ - .` and camelCase). `suites/` is where end-to-end suites
/// live (`internal/suites/`); a word such as `latest` or `contest` is not
/// `test`.
fn is_test_dir_name(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    let lower = lower.trim_start_matches(['_', '.']);
    if matches!(lower, "suite" | "suites" | "testsuite" | "testsuites") {
        return true;
    }
    super::filters::key_words(seg.as_bytes()).iter().any(|w| {
        TEST_DIR_WORDS.contains(&w.as_str())
            || w.strip_prefix("test")
                .is_some_and(|rest| TEST_GLUED_SUFFIXES.contains(&rest))
            || crate::formats::test_dirs::is_glued_test_dir(w)
    })
}

/// A file named for tests, fakes or examples by a word of its stem:
/// `mock.ts`, `client_mock.go`, `mockData.js`, `FakeKeys.java`,
/// `UserServiceTest.java`, `test-key.pem`, `example-config.yml`. Words, not substrings: `latest.json`, `attestation.go`
/// and `hammock.rb` are not.
fn is_test_file_stem(stem: &str) -> bool {
    const WORDS: &[&str] = &[
        "test", "tests", "mock", "mocks", "mocked", "fixture", "fixtures", "fake", "fakes",
        "dummy", "testdata", "example", "examples", "sample", "samples", "template",
    ];
    let words = super::filters::key_words(stem.as_bytes());
    words.iter().any(|w| WORDS.contains(&w.as_str()))
        || words
            .first()
            .is_some_and(|w| w.starts_with("mock") || w.starts_with("fake"))
}

const LOCKFILES: &[&str] = &[
    "cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "go.sum",
    "poetry.lock",
    "pipfile.lock",
    "gemfile.lock",
    "composer.lock",
    "mix.lock",
    "pubspec.lock",
    "podfile.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "flake.lock",
    "deno.lock",
    "bun.lock",
    "uv.lock",
    "pdm.lock",
    "conan.lock",
    "package.resolved",
    "cartfile.resolved",
    ".terraform.lock.hcl",
];

const CODE_EXTS: &[&str] = &[
    "py", "js", "jsx", "ts", "tsx", "mjs", "cjs", "go", "rb", "java", "kt", "kts", "scala", "cs",
    "php", "rs", "swift", "c", "cc", "cpp", "cxx", "h", "hpp", "m", "mm", "dart", "lua", "groovy",
    "gradle", "ex", "exs", "clj", "vue", "svelte", "pl", "r", "jl", "fs", "vb",
];

impl PathInfo {
    pub fn classify(path: &str) -> Self {
        let lower = path.to_ascii_lowercase();
        let mut segments = lower.split('/');
        let file = segments.next_back().unwrap_or("");
        let dir_hit = lower
            .split('/')
            .rev()
            .skip(1)
            .any(|seg| TEST_DIRS.contains(&seg))
            || path.split('/').rev().skip(1).any(is_test_dir_name)
            || crate::workspace::paths::is_t_tree(&lower.split('/').collect::<Vec<_>>());
        let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
        let stem = file.split('.').next().unwrap_or("");
        let file_hit = stem.starts_with("test_")
            || stem.ends_with("_test")
            || stem.ends_with("_spec")
            || file.contains(".test.")
            || file.contains(".spec.")
            // A key or certificate for localhost serves no real host: a
            // development or test fixture (`caddy.localhost.key`).
            || file.contains("localhost")
            // Keys and data for a benchmark run (`benchmark-server-key.pem`).
            || file.starts_with("benchmark")
            // Storybook stories render components with made-up props.
            || file.contains(".stories.")
            || file.contains(".story.")
            || file.contains(".example")
            // Named for what it is not: `ssl_PLACE_HOLDER.key`,
            // `dummy.pem`, `ssl-cert-snakeoil.key`.
            || ["placeholder", "place_holder", "dummy", "snakeoil", "fake"]
                .iter()
                .any(|w| file.contains(w))
            || file.contains(".sample")
            || file.ends_with(".dist")
            || file.ends_with(".template")
            || file.ends_with(".tmpl")
            || file.contains(".template.")
            || file.contains(".tmpl.")
            || matches!(ext, "md" | "markdown" | "rst" | "adoc")
            // `.env.test`, `.env.testing`, `.env.ci`: the test suite's
            // environment (a GitHub App key for the tests to sign with).
            || file
                .strip_prefix(".env.")
                .is_some_and(|env| matches!(env, "test" | "testing" | "tests" | "ci" | "e2e"))
            || stem == "readme"
            || is_test_file_stem(
                path.rsplit('/')
                    .next()
                    .unwrap_or("")
                    .split('.')
                    .next()
                    .unwrap_or(""),
            );
        let dirs = || lower.split('/').rev().skip(1);
        let locale = dirs().any(|seg| LOCALE_DIRS.contains(&seg) || seg.ends_with(".lproj"))
            || LOCALE_EXTS.contains(&ext)
            || (ext == "properties" && is_message_bundle(stem));
        const SEED_DIRS: &[&str] = &[
            "seed",
            "seeds",
            "seeders",
            "seeding",
            "seed_data",
            "seed-data",
        ];
        let seed = dirs().any(|seg| SEED_DIRS.contains(&seg)) || stem.contains("seed");
        // Throwaway environments: local development, cloud dev workspaces
        // (`.devcontainer/`, `.gitpod.yml`) and end-to-end test rigs.
        const LOCAL_WORDS: &[&str] = &[
            "dev",
            "development",
            "local",
            "devcontainer",
            "gitpod",
            "e2e",
        ];
        let local_word = |part: &str| {
            super::filters::key_words(part.as_bytes())
                .iter()
                .any(|w| LOCAL_WORDS.contains(&w.as_str()))
        };
        // A compose file names its environment after the first dot
        // (`docker-compose.integration.yml`, `compose.ci.yaml`).
        const COMPOSE_ENVS: &[&str] = &["test", "tests", "integration", "ci", "e2e"];
        let throwaway_compose = (file.starts_with("docker-compose")
            || file.starts_with("compose."))
            && file
                .split('.')
                .skip(1)
                .any(|seg| local_word(seg) || COMPOSE_ENVS.contains(&seg));
        // A settings module named for the CI or test environment
        // (`settings/ci.py`, `config/environments/test.rb`, `config/test.exs`).
        const ENV_SETTINGS_DIRS: &[&str] =
            &["settings", "config", "configs", "conf", "environments"];
        let env_settings = matches!(stem, "ci" | "test" | "testing" | "tests")
            && dirs()
                .next()
                .is_some_and(|d| ENV_SETTINGS_DIRS.contains(&d));
        // A configuration file names its environment after a dot
        // (`config.dev.yaml`, `settings.local.json`).
        const CONFIG_EXTS: &[&str] = &[
            "yaml",
            "yml",
            "json",
            "toml",
            "ini",
            "conf",
            "cfg",
            "properties",
        ];
        let env_config = CONFIG_EXTS.contains(&ext)
            && file
                .rsplit_once('.')
                .map_or("", |(rest, _)| rest)
                .split('.')
                .skip(1)
                .any(local_word);
        let local_dev = throwaway_compose
            || env_settings
            || env_config
            || path
                .split('/')
                .any(|seg| local_word(seg.trim_start_matches('.').split('.').next().unwrap_or("")));
        PathInfo {
            vendored: crate::workspace::paths::is_vendored(path),
            local_dev,
            test_or_docs: dir_hit || file_hit,
            lockfile: LOCKFILES.contains(&file),
            code: CODE_EXTS.contains(&ext),
            locale,
            seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_table() {
        // (path, test_or_docs, lockfile, code)
        let cases = [
            ("src/main.rs", false, false, true),
            ("tests/fixtures/creds.json", true, false, false),
            ("pkg/auth/auth_test.go", true, false, true),
            ("web/src/api.spec.ts", true, false, true),
            ("docs/setup.md", true, false, false),
            (
                "integration/clusters/single/compose.yml",
                true,
                false,
                false,
            ),
            ("ci/pod/keycloak/server.key.pem", true, false, false),
            ("conf/cert/ssl_PLACE_HOLDER.key", true, false, false),
            ("conf/cert/server.key", false, false, false),
            ("README.md", true, false, false),
            (".env.example", true, false, false),
            ("frontend/package-lock.json", false, true, false),
            ("Cargo.lock", false, true, false),
            ("config/prod.yaml", false, false, false),
            ("contest/app.py", false, false, true),
            ("caddytest/caddy.localhost.key", true, false, false),
            ("certs/localhost-key.pem", true, false, false),
            ("certs/api.acme.io.key", false, false, false),
            ("configs/certs/tls/benchmark-ca-key.pem", true, false, false),
            ("benches/keys/server.pem", true, false, false),
            (
                "internal/certification/CIT.F.T.T.s/OP-prompt-login.txt",
                true,
                false,
                false,
            ),
            ("test/conformance/run.log", true, false, false),
            ("src/GenerateApiKey/Summary.story.tsx", true, false, true),
            ("src/components/Login.stories.tsx", true, false, true),
            ("src/history.storyline.ts", false, false, true),
            // Near misses: a word that only contains "bench".
            ("certs/workbench-key.pem", false, false, false),
            (".env.test", true, false, false),
            ("config/.env.testing", true, false, false),
            // Near miss: the production environment's file.
            (".env.production", false, false, false),
            // Perl's `t/` test tree, at the root only.
            ("t/unit/security/__init__.py", true, false, true),
            ("src/t/keys.py", false, false, true),
            ("t.pem", false, false, false),
            ("benchmarking-service/prod.key", false, false, false),
        ];
        for (p, t, l, c) in cases {
            let i = PathInfo::classify(p);
            assert_eq!((i.test_or_docs, i.lockfile, i.code), (t, l, c), "{p}");
        }
    }

    #[test]
    fn test_trees_and_fixture_files_by_their_words() {
        // Test, fixture and mock locations named in other ways than
        // `tests/`: a key found there is a fixture until proven otherwise.
        let test = [
            "internal/configuration/test_resources/crypto/rsa.2048.pem",
            "internal/testresources/client-cert-key.pem",
            "internal/suites/common/pki/private.pem",
            "scripts/test-environments/authelia-oidc/authelia/configuration.yml",
            "packages/connectors/connector-alipay-native/src/mock.ts",
            "pkg/client/client_mock.go",
            "src/api/mockData.js",
            "src/test/java/acme/FakeKeys.java",
            "src/main/java/acme/UserServiceTest.java",
            "certs/test-key.pem",
            "integration-tests/certs/server.key",
            "src/IntegrationTests/appsettings.json",
            "e2e_suite/keys/id_rsa",
            "testenv/server.key",
            "app/testing-infra/db.yaml",
            "config.template.yml",
            "deploy/example-config.yml",
        ];
        // Near misses: words that only contain `test`, `mock` or `suite`.
        let not_test = [
            "config/prod.pem",
            "deploy/keys/server.key",
            "src/latest/config.yaml",
            "contest/settings.py",
            "pkg/attestation/signer.go",
            "lib/hammock.rb",
            "app/suiteCRM/config.php",
            "src/testimonials/keys.ts",
            "internal/pki/ca.key",
            "deploy/protest/secret.yaml",
            "charts/app/templates/secret.yaml",
            "config/templating.yml",
        ];
        for p in test {
            assert!(PathInfo::classify(p).test_or_docs, "should be test: {p}");
        }
        for p in not_test {
            assert!(!PathInfo::classify(p).test_or_docs, "not test: {p}");
        }
    }

    #[test]
    fn locale_and_seed_paths() {
        let locale = [
            "src/locales/fr/translation.json",
            "config/locales/de.yml",
            "locale/es/LC_MESSAGES/django.po",
            "lib/l10n/app_de.arb",
            "src/locale/messages.fr.xlf",
            "src/main/resources/messages_de.properties",
            "src/main/resources/LabelsBundle_fr_CA.properties",
            "resources/lang/en/auth.php",
            "src/i18n/pt-BR.ts",
            "App/en.lproj/Localizable.strings",
        ];
        let not_locale = [
            "src/main/resources/application.properties",
            "src/main/resources/application-prod.properties",
            "config/app.properties",
            "config/production.yml",
            "src/language/parser.rs",
            ".github/workflows/ci.yml",
        ];
        for p in locale {
            assert!(PathInfo::classify(p).locale, "{p}");
        }
        for p in not_locale {
            assert!(!PathInfo::classify(p).locale, "{p}");
        }
        for p in [
            "db/seeds.rb",
            "prisma/seed.ts",
            "database/seeders/UserSeeder.php",
            "db/seeds/users.sql",
        ] {
            assert!(PathInfo::classify(p).seed, "{p}");
        }
        for p in ["db/schema.rb", "src/users.ts", "app/models/user.rb"] {
            assert!(!PathInfo::classify(p).seed, "{p}");
        }
    }

    #[test]
    fn allow_config() {
        let a = CompiledAllow::compile(&AllowConfig {
            paths: vec![r"^vendor/".into()],
            regexes: vec![r"^AKIA.*TEST$".into()],
            stopwords: vec!["Internal".into()],
        })
        .unwrap();
        assert!(a.path_allowed("vendor/x.go"));
        assert!(!a.path_allowed("src/vendor.go"));
        assert!(a.value_allowed(b"AKIAFOOTEST"));
        assert!(a.value_allowed(b"xxINTERNALxx"));
        assert!(!a.value_allowed(b"other"));
        assert!(CompiledAllow::compile(&AllowConfig {
            regexes: vec!["(".into()],
            ..Default::default()
        })
        .is_err());
    }
}
