//! `docs.license`: a LICENSE file at the root.
//!
//! Detection: a file of kind `license` (LICENSE, LICENCE, COPYING, with any
//! extension, or files under LICENSES/) at the root, or named like one:
//! `MIT-LICENSE`, `LICENSE-MIT`, `LICENCE-APACHE.txt`, `UNLICENSE`. An empty
//! file does not count. The license is named when its text says which it
//! is, as evidence.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct License;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.license"),
    title: Cow::Borrowed("The repository states its license"),
    category: Category::Documentation,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A LICENSE file at the root says who may use the code and how"),
    rationale: Cow::Borrowed(
        "Without a license nobody, including other teams in the same company when code moves, can tell \
         whether they may use, change or ship the code. Legal review blocks releases on exactly this.",
    ),
    remediation: Cow::Borrowed(
        "Add a LICENSE (or LICENSE.md, COPYING) file at the repository root with the full license text. \
         For internal code, a short proprietary notice naming the owner is enough.",
    ),
    passes_when: Cow::Borrowed("a non-empty LICENSE, LICENCE, COPYING or UNLICENSE file (any extension, also `MIT-LICENSE`, `LICENSE-MIT`) or LICENSES/ directory exists at the root"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://choosealicense.com/")]),
};

/// The license's name, when the text says.
struct Named(Option<&'static str>);

const NAMES: &[(&str, &str)] = &[
    ("apache license", "Apache"),
    ("mit license", "MIT"),
    ("permission is hereby granted, free of charge", "MIT"),
    ("gnu general public license", "GPL"),
    ("gnu lesser general public license", "LGPL"),
    ("gnu affero general public license", "AGPL"),
    ("mozilla public license", "MPL"),
    ("bsd 3-clause", "BSD-3-Clause"),
    ("redistribution and use in source and binary forms", "BSD"),
    ("isc license", "ISC"),
    ("this is free and unencumbered software", "Unlicense"),
    ("all rights reserved", "proprietary"),
];

/// Names a license file goes by beyond the `license` kind's: the license
/// before or after the word (`MIT-LICENSE`, `LICENSE-APACHE`), any spelling,
/// and the Unlicense's own file. The other word must name a license
/// family, so `license-checker.js` or `LICENSE-GENERATOR.md` do not count.
fn is_license_name(name: &str) -> bool {
    const FAMILIES: &[&str] = &[
        "mit",
        "apache",
        "bsd",
        "0bsd",
        "gpl",
        "lgpl",
        "agpl",
        "mpl",
        "isc",
        "cc",
        "zlib",
        "epl",
        "eupl",
        "bsl",
        "boost",
        "wtfpl",
        "artistic",
        "ofl",
        "unlicense",
        "postgresql",
        "python",
    ];
    let lower = name.to_ascii_lowercase();
    let (stem, ext) = lower.split_once('.').unwrap_or((&lower, ""));
    let word = |w: &str| w == "license" || w == "licence";
    let family = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_digit());
        FAMILIES.contains(&w)
    };
    // `LICENSE.txt`, `COPYING.LESSER`, `LICENSE.APACHE2`; not `license.js`.
    if !(matches!(
        ext,
        "" | "txt" | "md" | "markdown" | "rst" | "adoc" | "lesser"
    ) || family(ext))
    {
        return false;
    }
    match stem.split(['-', '_']).collect::<Vec<_>>().as_slice() {
        [one] => matches!(*one, "license" | "licence" | "copying" | "unlicense"),
        [a, b] => (word(a) && family(b)) || (family(a) && word(b)),
        _ => false,
    }
}

fn is_license(file: &FileEntry) -> bool {
    let in_licenses_dir = file.depth() == 1
        && file.dir().eq_ignore_ascii_case("licenses")
        && file.is(FileKind::License);
    in_licenses_dir || (file.depth() == 0 && is_license_name(file.name()))
}

impl Check for License {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_license(file)
    }

    fn inspect(&self, _file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let head: String = content
            .text()
            .chars()
            .take(4000)
            .collect::<String>()
            .to_lowercase();
        let head = head.split_whitespace().collect::<Vec<_>>().join(" ");
        if head.is_empty() {
            return None;
        }
        Some(Box::new(Named(
            NAMES
                .iter()
                .find(|(needle, _)| head.contains(needle))
                .map(|(_, n)| *n),
        )))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let found: Vec<(&FileEntry, &Named)> = ctx.data::<Named>().collect();
        if let Some((f, named)) = found.first() {
            let what = named.0.map_or(String::new(), |n| format!(" ({n})"));
            return Ok(Outcome::pass(format!("{}{what}", f.path))
                .basis(Basis::Parsed)
                .evidence(format!("license text in {}{what}", f.path)));
        }
        let empty: Vec<&str> = ctx
            .ws
            .files()
            .iter()
            .filter(|f| is_license(f))
            .map(|f| f.path.as_str())
            .collect();
        Ok(if empty.is_empty() {
            Outcome::fail("no LICENSE file").evidence(
                "looked for LICENSE, LICENCE, COPYING, UNLICENSE (any extension, also MIT-LICENSE, LICENSE-MIT) and LICENSES/ at the root",
            )
        } else {
            Outcome::fail(format!("{} is empty or unreadable", empty.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let o = expect(
            &License,
            "mit",
            &[("LICENSE", "MIT License\n\nCopyright (c) 2026 Acme")],
            Status::Pass,
        );
        assert_eq!(o.summary, "LICENSE (MIT)");
        expect(
            &License,
            "copying",
            &[("COPYING.txt", "GNU GENERAL PUBLIC LICENSE\nVersion 3")],
            Status::Pass,
        );
        // (path, counts as a license file)
        let names = [
            ("MIT-LICENSE", true),
            ("LICENSE-MIT", true),
            ("LICENCE", true),
            ("LICENSE.txt", true),
            ("LICENSE.md", true),
            ("LICENCE-APACHE.txt", true),
            ("UNLICENSE", true),
            ("COPYING", true),
            ("apache_license", true),
            ("docs/MIT-LICENSE", false),
            ("GPL3-LICENSE", true),
            ("license-checker.js", false),
            ("LICENSE-GENERATOR.md", false),
            ("COPYING.LESSER", true),
            ("LICENSE.APACHE2", true),
            ("LICENSES/MIT.txt", true),
            ("LICENSES.json", false),
            ("THIRD-PARTY-LICENSES", false),
            ("my-license-tool.md", false),
            ("README.md", false),
        ];
        for (path, want) in names {
            let text = "MIT License\n\nPermission is hereby granted, free of charge";
            let o = crate::checks::test_support::run_check(&License, &[(path, text)]);
            assert_eq!(o.status == Status::Pass, want, "{path}: {}", o.summary);
        }
        expect(&License, "missing", &[("README.md", "# x")], Status::Fail);
        expect(&License, "empty", &[("LICENSE", "  \n")], Status::Fail);
        expect(
            &License,
            "nested only",
            &[("vendor/lib/LICENSE", "MIT License")],
            Status::Fail,
        );
    }
}
