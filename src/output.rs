//! Where reports go and in which format: `--format` with `-o FILE`, and
//! `-o FORMAT=FILE` for several formats from one scan. The one `match`
//! from a format to its renderer lives here ([`render`]).

use std::path::PathBuf;

use clap::ValueEnum;

use crate::cli::Format;
use crate::model::Mode;
use crate::report::{self, Report};

/// One `-o` value: a plain `FILE` (the `--format` report), or
/// `FORMAT=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTarget {
    pub format: Option<Format>,
    pub path: PathBuf,
}

/// Every format's name, for messages.
pub fn format_names() -> String {
    Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses an `-o` value. `NAME=FILE` where NAME looks like a format name
/// (a letter, then letters, digits, `-` or `_`) must name a format; any
/// other value is a path, so `./a=b.json` writes a file named `a=b.json`.
pub fn parse_target(s: &str) -> Result<OutputTarget, String> {
    if s.is_empty() {
        return Err("give a file name, or FORMAT=FILE".to_string());
    }
    if let Some((name, file)) = s.split_once('=') {
        let looks_like_format = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if looks_like_format {
            let Ok(format) = Format::from_str(name, true) else {
                return Err(format!(
                    "unknown format '{name}'; formats: {} (for a file whose name has '=', write ./{s})",
                    format_names()
                ));
            };
            if file.is_empty() {
                return Err(format!("no file after '{name}='; write {name}=FILE"));
            }
            return Ok(OutputTarget {
                format: Some(format),
                path: PathBuf::from(file),
            });
        }
    }
    Ok(OutputTarget {
        format: None,
        path: PathBuf::from(s),
    })
}

/// What one scan writes where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The `--format` report on standard output, unless a plain `-o FILE`
    /// took it.
    pub stdout: Option<Format>,
    pub files: Vec<(Format, PathBuf)>,
}

/// Decides the outputs. The `--format` report goes to a plain `-o FILE`,
/// else to standard output, so `-o sarif=out.sarif` alone still prints
/// the table for the person at the terminal.
pub fn plan(format: Format, targets: &[OutputTarget]) -> Result<Plan, String> {
    let plain: Vec<&OutputTarget> = targets.iter().filter(|t| t.format.is_none()).collect();
    if plain.len() > 1 {
        return Err(format!(
            "-o FILE is given {} times ({}); only one file takes the --format report, name the format of the others: -o sarif=FILE",
            plain.len(),
            plain
                .iter()
                .map(|t| t.path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let files: Vec<(Format, PathBuf)> = targets
        .iter()
        .map(|t| (t.format.unwrap_or(format), t.path.clone()))
        .collect();
    for (i, (_, p)) in files.iter().enumerate() {
        if files[..i].iter().any(|(_, q)| q == p) {
            return Err(format!(
                "{} is named by two -o outputs; give each format its own file",
                p.display()
            ));
        }
    }
    Ok(Plan {
        stdout: plain.is_empty().then_some(format),
        files,
    })
}

/// The base of absolute file links in Markdown: `--link-base URL`, else,
/// in GitHub Actions, the commit's blob URL from `GITHUB_SERVER_URL`,
/// `GITHUB_REPOSITORY` and `GITHUB_SHA`; else none (relative links).
pub fn link_base(flag: Option<&str>) -> Result<Option<String>, String> {
    if let Some(url) = flag {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!(
                "--link-base '{url}' is not an http(s) URL; e.g. https://github.com/OWNER/REPO/blob/COMMIT"
            ));
        }
        return Ok(Some(url.trim_end_matches('/').to_string()));
    }
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    Ok(
        match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repo), Some(sha)) => Some(format!(
                "{}/{}/blob/{}",
                server.trim_end_matches('/'),
                repo.trim_matches('/'),
                sha.trim()
            )),
            _ => None,
        },
    )
}

fn format_name(f: Format) -> String {
    f.to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// The verdict in one line and the files written: what standard error
/// says when no report went to standard output.
pub fn summary_line(r: &Report, files: &[(Format, PathBuf)]) -> String {
    let s = &r.summary;
    let score = if s.capped_by.is_empty() {
        format!("score {}", report::fmt_num(s.score))
    } else {
        format!(
            "score {} (capped by {}; raw {})",
            report::fmt_num(s.score),
            s.capped_by.join(", "),
            report::fmt_num(s.raw_score)
        )
    };
    let mut line = format!(
        "shipready: {} · level {} (target {}) · {score} · coverage {}%",
        s.verdict.as_str(),
        s.level,
        s.target,
        report::fmt_num(s.coverage)
    );
    if !files.is_empty() {
        let wrote: Vec<String> = files
            .iter()
            .map(|(f, p)| format!("{} ({})", p.display(), format_name(*f)))
            .collect();
        line.push_str(&format!(" · wrote {}", wrote.join(", ")));
    }
    line
}

/// How the terminal formats are drawn.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub color: bool,
    pub verbose: bool,
    pub width: u16,
    pub link_base: Option<String>,
}

/// Renders `report` in `format`: the one place a format meets its
/// renderer.
pub fn render(r: &Report, format: Format, o: &Options) -> String {
    match format {
        Format::Table if r.mode == Mode::Staged => report::hook::render(
            r,
            report::hook::Style {
                color: o.color,
                verbose: o.verbose,
            },
        ),
        Format::Table => report::table::render(
            r,
            report::table::Style {
                color: o.color,
                verbose: o.verbose,
                width: o.width,
            },
        ),
        Format::Json => report::json::render(r),
        Format::Sarif => report::sarif::render(r),
        Format::Markdown => report::markdown::render(
            r,
            &report::markdown::Style {
                link_base: o.link_base.clone(),
            },
        ),
        Format::Junit => report::junit::render(r),
        Format::Html => report::html::render(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(format: Option<Format>, path: &str) -> OutputTarget {
        OutputTarget {
            format,
            path: PathBuf::from(path),
        }
    }

    #[test]
    fn output_values_parse() {
        let table: &[(&str, Result<OutputTarget, &str>)] = &[
            ("report.json", Ok(t(None, "report.json"))),
            ("sarif=out.sarif", Ok(t(Some(Format::Sarif), "out.sarif"))),
            ("SARIF=out.sarif", Ok(t(Some(Format::Sarif), "out.sarif"))),
            (
                "markdown=dir/summary.md",
                Ok(t(Some(Format::Markdown), "dir/summary.md")),
            ),
            ("junit=a=b.xml", Ok(t(Some(Format::Junit), "a=b.xml"))),
            ("./a=b.json", Ok(t(None, "./a=b.json"))),
            ("dir/x=y", Ok(t(None, "dir/x=y"))),
            ("1x=y", Ok(t(None, "1x=y"))),
            (
                "xml=out.xml",
                Err("unknown format 'xml'; formats: table, json, html, sarif, markdown, junit"),
            ),
            ("sarif=", Err("no file after 'sarif='")),
            ("", Err("give a file name")),
        ];
        for (input, want) in table {
            let got = parse_target(input);
            match (want, &got) {
                (Ok(w), Ok(g)) => assert_eq!(g, w, "{input}"),
                (Err(w), Err(g)) => assert!(g.starts_with(w), "{input}: {g}"),
                _ => panic!("{input}: got {got:?}"),
            }
        }
    }

    #[test]
    fn plans_send_the_format_report_to_stdout_unless_a_plain_file_takes_it() {
        let p = plan(Format::Table, &[]).unwrap();
        assert_eq!((p.stdout, p.files.len()), (Some(Format::Table), 0));

        let p = plan(Format::Json, &[t(None, "r.json")]).unwrap();
        assert_eq!(p.stdout, None);
        assert_eq!(p.files, vec![(Format::Json, PathBuf::from("r.json"))]);

        let p = plan(
            Format::Table,
            &[
                t(Some(Format::Sarif), "o.sarif"),
                t(Some(Format::Markdown), "s.md"),
            ],
        )
        .unwrap();
        assert_eq!(p.stdout, Some(Format::Table));
        assert_eq!(p.files.len(), 2);

        let p = plan(
            Format::Json,
            &[t(None, "r.json"), t(Some(Format::Sarif), "o.sarif")],
        )
        .unwrap();
        assert_eq!(p.stdout, None);
        assert_eq!(p.files[0].0, Format::Json);

        let two_plain = plan(Format::Json, &[t(None, "a"), t(None, "b")]).unwrap_err();
        assert!(two_plain.contains("2 times (a, b)"), "{two_plain}");
        let same_file = plan(
            Format::Json,
            &[t(Some(Format::Sarif), "x"), t(Some(Format::Junit), "x")],
        )
        .unwrap_err();
        assert!(same_file.starts_with("x is named by two"), "{same_file}");
    }

    #[test]
    fn an_explicit_link_base_must_be_a_url() {
        assert_eq!(
            link_base(Some("https://github.com/o/r/blob/abc/")).unwrap(),
            Some("https://github.com/o/r/blob/abc".to_string())
        );
        assert!(link_base(Some("github.com/o/r")).is_err());
    }
}
