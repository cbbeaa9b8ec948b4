use super::*;

fn names(m: &Manifest, kind: DepKind) -> Vec<String> {
    m.deps
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.name.clone())
        .collect()
}

#[test]
fn identifies_files_by_name() {
    let cases: &[(&str, Option<(Ecosystem, Role)>)] = &[
        ("Cargo.toml", Some((Ecosystem::Cargo, Role::Manifest))),
        (
            "crates/a/Cargo.lock",
            Some((Ecosystem::Cargo, Role::Lockfile)),
        ),
        ("web/pnpm-lock.yaml", Some((Ecosystem::Npm, Role::Lockfile))),
        (
            "pnpm-workspace.yaml",
            Some((Ecosystem::Npm, Role::Workspace)),
        ),
        (
            "requirements-dev.txt",
            Some((Ecosystem::Python, Role::Manifest)),
        ),
        (
            "requirements/base.txt",
            Some((Ecosystem::Python, Role::Manifest)),
        ),
        (
            "requirements.lock",
            Some((Ecosystem::Python, Role::Lockfile)),
        ),
        ("pylock.toml", Some((Ecosystem::Python, Role::Lockfile))),
        (
            "src/Api/Api.csproj",
            Some((Ecosystem::Nuget, Role::Manifest)),
        ),
        (
            "gradle/libs.versions.toml",
            Some((Ecosystem::Gradle, Role::Manifest)),
        ),
        ("notes.txt", None),
        ("docs/requirements-notes.md", None),
    ];
    for (path, want) in cases {
        assert_eq!(identify(path), *want, "{path}");
    }
}

/// (path, text, runtime deps, dev deps, published?, problems?)
type Case<'a> = (&'a str, &'a str, &'a [&'a str], &'a [&'a str], bool, bool);

#[test]
fn parses_every_format() {
    let cases: &[Case] = &[
        ("Cargo.toml", "[package]\nname = \"x\"\n[dependencies]\naxum = \"0.7\"\nlog = { version = \"0.4\", optional = true }\nrenamed = { package = \"tracing\", version = \"1\" }\n[dev-dependencies]\ninsta = \"1\"\n[target.'cfg(unix)'.dependencies]\nnix = \"0.29\"\n", &["axum", "tracing", "nix"], &["insta"], false, false),
        ("Cargo.toml", "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\ntokio = \"1\"\n", &["tokio"], &[], false, false),
        ("Cargo.toml", "[package\nname=", &[], &[], false, true),
        ("package.json", r#"{"name":"x","private":true,"dependencies":{"express":"4"},"devDependencies":{"jest":"29"},"workspaces":["packages/*"]}"#, &["express"], &["jest"], false, false),
        ("package.json", r#"{"name":"lib","exports":"./i.js","dependencies":{"debug":"4"}}"#, &["debug"], &[], true, false),
        ("package.json", "{\"name\": ", &[], &[], false, true),
        ("package.json", "[1,2]", &[], &[], false, true),
        ("go.mod", "module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgolang.org/x/sys v0.1.0 // indirect\n)\nrequire go.uber.org/zap v1.27.0\n", &["github.com/gin-gonic/gin", "go.uber.org/zap"], &[], false, false),
        ("go.mod", "module x\nrequire (\n\ta v1\n", &["a"], &[], false, true),
        ("pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"Django>=5\", \"structlog\"]\n[project.optional-dependencies]\ntest = [\"pytest\"]\nsentry = [\"sentry-sdk\"]\n[dependency-groups]\nlint = [\"ruff\"]\n", &["django", "structlog"], &["pytest", "ruff"], false, false),
        ("pyproject.toml", "[tool.poetry]\nname = \"app\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\nfastapi = \"*\"\n[tool.poetry.group.dev.dependencies]\nmypy = \"*\"\n", &["fastapi"], &["mypy"], false, false),
        ("pyproject.toml", "[project]\nname = \"lib\"\nclassifiers = [\"X\"]\n[tool.pdm.dev-dependencies]\ntest = [\"pytest\"]\n[tool.uv]\ndev-dependencies = [\"ruff\"]\n", &[], &["pytest", "ruff"], true, false),
        ("requirements.txt", "# web\nDjango==5.0.1 \\\n    --hash=sha256:abc\ngunicorn>=21 # server\n-r base.txt\n-e .\nfoo @ https://x/foo.whl\n", &["django", "gunicorn", "foo"], &[], false, false),
        ("requirements-dev.txt", "pytest\n", &[], &["pytest"], false, false),
        ("requirements/test.txt", "pytest\n", &[], &["pytest"], false, false),
        ("Pipfile", "[packages]\nflask = \"*\"\n[dev-packages]\nblack = \"*\"\n", &["flask"], &["black"], false, false),
        ("setup.cfg", "[metadata]\nname = lib\nclassifiers =\n    Programming Language :: Python\n[options]\ninstall_requires =\n    requests>=2\n    attrs\n[options.extras_require]\ntest =\n    pytest\n", &["requests", "attrs"], &["pytest"], true, false),
        ("setup.py", "setup(name='x', install_requires=['requests>=2', \"click\"])\n", &["requests", "click"], &[], false, false),
        ("Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem \"sidekiq\"\ngroup :development, :test do\n  gem 'rspec-rails'\nend\ngem 'pry', group: :development\n", &["rails", "sidekiq"], &["rspec-rails", "pry"], false, false),
        ("Gemfile", "gemspec\ngroup :test do\ngem 'x'\n", &[], &["x"], true, true),
        ("pom.xml", "<project><dependencyManagement><dependencies><dependency><groupId>m</groupId><artifactId>managed</artifactId></dependency></dependencies></dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency><dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency></dependencies><build><plugins><plugin><artifactId>p</artifactId><dependencies><dependency><groupId>q</groupId><artifactId>plugindep</artifactId></dependency></dependencies></plugin></plugins></build></project>", &["org.springframework.boot:spring-boot-starter-actuator"], &["junit:junit"], false, false),
        ("pom.xml", "<project><dependencies><dependency><artifactId>x</artifactId>", &["x"], &[], false, true),
        ("pom.xml", "not xml at all", &[], &[], false, true),
        ("build.gradle.kts", "dependencies {\n    implementation(\"io.micrometer:micrometer-registry-prometheus:1.12.0\")\n    implementation(libs.spring.boot.starter.web)\n    testImplementation(\"org.junit.jupiter:junit-jupiter\")\n    // implementation(\"commented:out\")\n}\n", &["io.micrometer:micrometer-registry-prometheus", "spring-boot-starter-web"], &["org.junit.jupiter:junit-jupiter"], false, false),
        ("build.gradle", "dependencies {\n  compile group: 'org.slf4j', name: 'slf4j-api', version: '1.7'\n  api 'com.google.guava:guava:33.0'\n}\n", &["org.slf4j:slf4j-api", "com.google.guava:guava"], &[], false, false),
        ("gradle/libs.versions.toml", "[libraries]\nsentry = { module = \"io.sentry:sentry\", version = \"7\" }\nguava = \"com.google.guava:guava:33.0\"\n", &["com.google.guava:guava", "io.sentry:sentry"], &[], false, false),
        ("composer.json", r#"{"name":"a/b","type":"library","require":{"php":">=8.2","ext-json":"*","monolog/monolog":"^3"},"require-dev":{"phpunit/phpunit":"^11"}}"#, &["monolog/monolog"], &["phpunit/phpunit"], true, false),
        ("Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"Serilog.AspNetCore\" Version=\"8.0.0\" />\n  </ItemGroup>\n</Project>\n", &["Serilog.AspNetCore"], &[], false, false),
        ("Api.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n<ItemGroup><PackageReference Include=\"xunit\" Version=\"2\" /></ItemGroup></Project>", &[], &["xunit"], false, false),
        ("mix.exs", "defmodule App.MixProject do\n  def project do\n    [app: :app, deps: deps()]\n  end\n\n  defp deps do\n    [\n      {:phoenix, \"~> 1.7\"},\n      {:logger_json, \"~> 6.0\"},\n      {:credo, \"~> 1.7\", only: [:dev, :test], runtime: false}\n    ]\n  end\nend\n", &["phoenix", "logger_json"], &["credo"], false, false),
        ("Cargo.lock", "version = 3\n[[package]]\nname = \"a\"\n", &[], &[], false, false),
        ("package-lock.json", "{\"lockfileVersion\": 3,", &[], &[], false, true),
        ("yarn.lock", "a@1:\n<<<<<<< HEAD\n", &[], &[], false, true),
    ];
    for (path, text, runtime, dev, published, problems) in cases {
        let m = parse(path, text).unwrap_or_else(|| panic!("{path} not recognised"));
        let mut rt = names(&m, DepKind::Runtime);
        rt.extend(
            names(&m, DepKind::Optional)
                .into_iter()
                .filter(|n| runtime.contains(&n.as_str())),
        );
        assert_eq!(rt, *runtime, "{path}: runtime deps of {text}");
        assert_eq!(names(&m, DepKind::Dev), *dev, "{path}: dev deps of {text}");
        assert_eq!(
            !m.published.is_empty(),
            *published,
            "{path}: published {:?}",
            m.published
        );
        assert_eq!(
            !m.problems.is_empty(),
            *problems,
            "{path}: problems {:?}",
            m.problems
        );
    }
}

#[test]
fn dependencies_carry_their_lines() {
    let m = parse("package.json", "{\n  \"dependencies\": {\n    \"pino\": \"9\"\n  },\n  \"devDependencies\": {\n    \"pino\": \"9\"\n  }\n}").unwrap();
    let lines: Vec<Option<u32>> = m.deps.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(3), Some(6)]);
    let m = parse("go.mod", "module x\nrequire go.uber.org/zap v1\n").unwrap();
    assert_eq!(m.deps[0].line, Some(2));
    let m = parse("Cargo.toml", "[package]\nname = \"x\n").unwrap();
    assert_eq!(m.problems[0].line, Some(2), "{:?}", m.problems);
}

#[test]
fn workspaces_name_their_members() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\", \"cli\"]\n",
            &["crates/*", "cli"],
        ),
        (
            "package.json",
            r#"{"workspaces":{"packages":["apps/*"]}}"#,
            &["apps/*"],
        ),
        (
            "pnpm-workspace.yaml",
            "packages:\n  - 'packages/*'\n  - \"apps/web\"\nonlyBuiltDependencies: []\n",
            &["packages/*", "apps/web"],
        ),
        (
            "go.work",
            "go 1.22\nuse (\n\t./api\n\t./worker\n)\nuse ./tools\n",
            &["./api", "./worker", "./tools"],
        ),
        (
            "pom.xml",
            "<project><modules><module>core</module><module>web</module></modules></project>",
            &["core", "web"],
        ),
    ];
    for (path, text, want) in cases {
        assert_eq!(parse(path, text).unwrap().members, *want, "{path}");
    }
}

#[test]
fn package_names_match_per_ecosystem() {
    use Ecosystem::*;
    let cases = [
        (Python, "Sentry_SDK", "sentry-sdk", true),
        (
            Go,
            "go.opentelemetry.io/otel/sdk",
            "go.opentelemetry.io/otel",
            true,
        ),
        (
            Go,
            "go.opentelemetry.io/otelx",
            "go.opentelemetry.io/otel",
            false,
        ),
        (Npm, "@opentelemetry/api", "@opentelemetry/*", true),
        (Npm, "pino-pretty", "pino", false),
        (
            Maven,
            "io.micrometer:micrometer-core",
            "micrometer-core",
            true,
        ),
        (Gradle, "io.sentry:sentry", "io.sentry:*", true),
        (
            Maven,
            "io.micrometer:micrometer-core",
            "x:micrometer-core",
            false,
        ),
    ];
    for (eco, dep, want, hit) in cases {
        assert_eq!(package_matches(eco, dep, want), hit, "{dep} vs {want}");
    }
    assert_eq!(Ecosystem::from_name("java"), [Maven, Gradle]);
    assert!(Ecosystem::from_name("cobol").is_empty());
}

#[test]
fn hostile_input_never_panics() {
    let long = "a".repeat(200_000);
    let inputs: Vec<String> = vec![
        String::new(),
        "\u{0}\u{1}\u{fffd}".into(),
        "[[[[".into(),
        "{\"dependencies\":".into(),
        "<project><dependency><artifactId>".into(),
        "<dependency>".repeat(1000),
        long.clone(),
        format!("gem '{long}"),
        "defp deps do\n  [{:\n".into(),
        "require (\n".into(),
        "implementation(\"".into(),
        "[options]\ninstall_requires =\n    \u{fffd}\n[bad".into(),
        "setup(install_requires=[)".into(),
        "é".repeat(1000),
    ];
    let paths = [
        "Cargo.toml",
        "Cargo.lock",
        "package.json",
        "pnpm-workspace.yaml",
        "go.mod",
        "go.work",
        "pyproject.toml",
        "requirements.txt",
        "Pipfile",
        "setup.cfg",
        "setup.py",
        "poetry.lock",
        "Gemfile",
        "pom.xml",
        "build.gradle",
        "libs.versions.toml",
        "composer.json",
        "composer.lock",
        "a.csproj",
        "packages.lock.json",
        "mix.exs",
        "yarn.lock",
    ];
    for p in paths {
        for i in &inputs {
            let _ = parse(p, i);
        }
    }
}

#[test]
fn conflict_markers_count_only_at_a_line_start() {
    let cases: &[(&str, Option<u32>)] = &[
        ("{}\n", None),
        (
            "{\n\"a\": 1,\n<<<<<<< HEAD\n\"b\": 2\n=======\n>>>>>>> main\n}\n",
            Some(3),
        ),
        (">>>>>>> theirs\n", Some(1)),
        ("{\"note\": \"x <<<<<<< y\"}\n", None),
    ];
    for (text, line) in cases {
        let m = parse("package-lock.json", text).expect("a lockfile");
        let got = m
            .problems
            .iter()
            .find(|p| p.message.contains("conflict marker"))
            .and_then(|p| p.line);
        assert_eq!(got, *line, "{text:?}");
    }
}
