//! Maven pom.xml (a tag scan), Gradle build scripts (regexes over
//! dependency declarations) and Gradle version catalogs.

use std::sync::LazyLock;

use regex::Regex;

use super::{toml_problem, DepKind, Ecosystem, Manifest, Role};
use crate::formats::source::line_of;

/// The text of the first `<tag>` in `block`, trimmed.
fn tag<'a>(block: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = block.find(&open)? + open.len();
    let end = block[start..].find('<')? + start;
    Some(block[start..end].trim())
}

/// Byte ranges of every `<name>...</name>` element (unclosed: to the end).
fn ranges(text: &str, name: &str) -> Vec<(usize, usize)> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(&open) {
        let start = from + i;
        let end = text[start..]
            .find(&close)
            .map_or(text.len(), |j| start + j + close.len());
        out.push((start, end));
        from = end.max(start + open.len());
        if from >= text.len() {
            break;
        }
    }
    out
}

pub(super) fn pom(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Maven, Role::Manifest);
    if !text.contains("<project") {
        m.problem(Some(1), "no <project> element");
        return m;
    }
    if !text.contains("</project>") {
        m.problem(Some(line_of(text, text.len())), "<project> is never closed");
    }
    // Managed versions and plugin dependencies are not the project's own.
    let skip: Vec<(usize, usize)> = ranges(text, "dependencyManagement")
        .into_iter()
        .chain(ranges(text, "plugin"))
        .chain(ranges(text, "exclusions"))
        .collect();
    for (start, end) in ranges(text, "dependency") {
        if skip.iter().any(|(s, e)| start > *s && start < *e) {
            continue;
        }
        let block = &text[start..end];
        if !block.contains("</dependency>") {
            m.problem(Some(line_of(text, start)), "<dependency> is never closed");
        }
        let Some(artifact) = tag(block, "artifactId") else {
            m.problem(
                Some(line_of(text, start)),
                "<dependency> without <artifactId>",
            );
            continue;
        };
        let group = tag(block, "groupId").unwrap_or("");
        let kind = match tag(block, "scope") {
            Some("test") => DepKind::Dev,
            Some("provided") | Some("system") => DepKind::Optional,
            _ if tag(block, "optional") == Some("true") => DepKind::Optional,
            _ => DepKind::Runtime,
        };
        let name = if group.is_empty() {
            artifact.to_string()
        } else {
            format!("{group}:{artifact}")
        };
        m.dep(&name, kind, Some(line_of(text, start)));
    }
    // The project's own coordinates: the first artifactId outside <parent>.
    let parent_end = ranges(text, "parent").first().map_or(0, |r| r.1);
    m.name = tag(&text[parent_end..], "artifactId").map(str::to_string);
    for (s, e) in ranges(text, "modules") {
        let block = &text[s..e];
        let mut from = 0;
        while let Some(module) = block[from..].find("<module>") {
            let st = from + module;
            if let Some(name) = tag(&block[st..], "module") {
                m.members.push(name.to_string());
            }
            from = st + 8;
        }
    }
    if text.contains("spring-boot-maven-plugin") {
        m.application.push("spring-boot-maven-plugin".into());
    }
    match tag(text, "packaging") {
        Some("war") | Some("ear") => m.application.push("war packaging".into()),
        _ => {}
    }
    m
}

/// `implementation("group:artifact:version")`, `api 'g:a'`,
/// `testImplementation(group = "g", name = "a")`, `implementation(libs.x.y)`.
static GRADLE_DEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)^\s*([A-Za-z]+)\s*\(?\s*(?:platform\s*\(\s*)?(?:["']([^"'\s:]+):([^"'\s:]+)(?::[^"']*)?["']|group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']|(libs\.[A-Za-z0-9_.\-]+))"#,
    )
    .expect("gradle dependency regex")
});

/// Dependency configurations of the Java, Kotlin and Android plugins.
fn gradle_kind(config: &str) -> Option<DepKind> {
    let c = config.to_ascii_lowercase();
    let known = [
        "implementation",
        "api",
        "compile",
        "runtime",
        "runtimeonly",
        "compileonly",
        "compileonlyapi",
        "annotationprocessor",
        "kapt",
        "ksp",
        "developmentonly",
    ];
    if c.contains("test")
        || c == "compileonly"
        || c == "annotationprocessor"
        || c == "kapt"
        || c == "ksp"
        || c == "developmentonly"
    {
        Some(DepKind::Dev)
    } else if known.iter().any(|k| c == *k || c.ends_with(k)) {
        Some(DepKind::Runtime)
    } else {
        None
    }
}

pub(super) fn gradle(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Gradle, Role::Manifest);
    for c in GRADLE_DEP.captures_iter(text) {
        let Some(kind) = c.get(1).and_then(|k| gradle_kind(k.as_str())) else {
            continue;
        };
        let line = Some(line_of(text, c.get(0).map_or(0, |g| g.start())));
        let name = if let (Some(g), Some(a)) = (c.get(2).or(c.get(4)), c.get(3).or(c.get(5))) {
            format!("{}:{}", g.as_str(), a.as_str())
        } else if let Some(alias) = c.get(6) {
            // A version-catalog accessor: `libs.spring.boot.starter.web`
            // is the alias spring-boot-starter-web (dots, dashes and
            // underscores are interchangeable in aliases).
            alias.as_str()["libs.".len()..].replace(['.', '_'], "-")
        } else {
            continue;
        };
        m.dep(&name, kind, line);
    }
    if text.contains("dependencyLocking") {
        m.opts_into_lock = true;
    }
    for plugin in [
        "org.springframework.boot",
        "application",
        "io.ktor.plugin",
        "io.quarkus",
        "com.android.application",
    ] {
        if text.contains(&format!("\"{plugin}\""))
            || text.contains(&format!("'{plugin}'"))
            || text.contains(&format!("id(\"{plugin}\")"))
        {
            m.application.push(format!("the {plugin} plugin"));
        }
    }
    m
}

/// gradle/libs.versions.toml: `[libraries]` aliases and their modules.
/// Which are used, and how, is in the build scripts; aliases count as
/// product dependencies here, and the build scripts say more.
pub(super) fn version_catalog(text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Gradle, Role::Manifest);
    let v: toml::Table = match text.parse() {
        Ok(v) => v,
        Err(e) => {
            toml_problem(&mut m, text, &e);
            return m;
        }
    };
    for (alias, spec) in v
        .get("libraries")
        .and_then(|l| l.as_table())
        .into_iter()
        .flatten()
    {
        let coords = match spec {
            toml::Value::String(s) => s
                .rsplit_once(':')
                .map(|(coords, _)| coords.to_string())
                .or(Some(s.clone())),
            toml::Value::Table(t) => t
                .get("module")
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .or_else(|| {
                    Some(format!(
                        "{}:{}",
                        t.get("group")?.as_str()?,
                        t.get("name")?.as_str()?
                    ))
                }),
            _ => None,
        };
        let line = super::line_of_key(text, alias, 0);
        m.dep(
            &coords.unwrap_or_else(|| alias.clone()),
            DepKind::Runtime,
            line,
        );
    }
    m
}
