//! .NET project files: `<PackageReference Include="..."/>`.

use std::sync::LazyLock;

use regex::Regex;

use super::{DepKind, Ecosystem, Manifest, Role};
use crate::formats::source::line_of;

static PACKAGE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<PackageReference\s+(?:[^>]*?\s)?(?:Include|Update)\s*=\s*"([^"]+)""#)
        .expect("PackageReference regex")
});

const TEST_FRAMEWORKS: &[&str] = &[
    "xunit",
    "nunit",
    "mstest.testframework",
    "microsoft.net.test.sdk",
];

pub(super) fn project(path: &str, text: &str) -> Manifest {
    let mut m = Manifest::new(Ecosystem::Nuget, Role::Manifest);
    if !text.contains("<Project") {
        m.problem(Some(1), "no <Project> element");
        return m;
    }
    if !text.contains("</Project>") && !text.trim_end().ends_with("/>") {
        m.problem(Some(line_of(text, text.len())), "<Project> is never closed");
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    m.name = file.rsplit_once('.').map(|(s, _)| s.to_string());
    for c in PACKAGE_REF.captures_iter(text) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        m.dep(
            name.as_str(),
            DepKind::Runtime,
            Some(line_of(text, all.start())),
        );
    }
    let lower = text.to_ascii_lowercase();
    let name_lower = file.to_ascii_lowercase();
    m.test_project = lower.contains("<istestproject>true")
        || name_lower.contains(".tests.")
        || name_lower.contains(".test.")
        || name_lower.contains(".specs.")
        || m.deps
            .iter()
            .any(|d| TEST_FRAMEWORKS.contains(&d.name.to_ascii_lowercase().as_str()));
    if m.test_project {
        for d in &mut m.deps {
            d.kind = DepKind::Dev;
        }
    }
    if lower.contains("microsoft.net.sdk.web") || lower.contains("microsoft.net.sdk.worker") {
        m.application.push("a Web/Worker SDK project".into());
    }
    if lower.contains("<outputtype>exe</outputtype>")
        || lower.contains("<outputtype>winexe</outputtype>")
    {
        m.application.push("OutputType Exe".into());
    }
    if lower.contains("<ispackable>true") || lower.contains("<packageid>") {
        m.published.push("a packable project".into());
    }
    m.opts_into_lock = lower.contains("<restorepackageswithlockfile>true");
    m
}
