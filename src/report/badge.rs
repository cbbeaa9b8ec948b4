//! The readiness badge: a shields-style flat SVG, "readiness | <level>
//! <score>", coloured by verdict and level. Self-contained (no fonts, no
//! links), with a `<title>` and `aria-label` for screen readers.
//!
//! It is made from a report, or from a JSON report written elsewhere
//! (`Badge::from_json`), so CI can publish the badge of the scan it
//! already ran.

use std::fmt::Write;

use serde::Deserialize;

use super::{fmt_num, Report, NOT_READY};
use crate::model::Verdict;

/// What a badge shows: the summary of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    pub verdict: Verdict,
    pub level: String,
    pub score: f64,
}

impl Badge {
    pub fn of(r: &Report) -> Self {
        Badge {
            verdict: r.summary.verdict,
            level: r.summary.level.clone(),
            score: r.summary.score,
        }
    }

    /// Reads the few fields a badge needs from a JSON report
    /// (docs/report-schema.md); other fields are ignored, so any schema
    /// version with this summary works.
    pub fn from_json(text: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct View {
            #[allow(dead_code)] // required: it is what marks a shipready report
            schema_version: u32,
            summary: SummaryView,
        }
        #[derive(Deserialize)]
        struct SummaryView {
            verdict: String,
            level: String,
            score: f64,
        }
        let v: View = serde_json::from_str(text).map_err(|e| {
            format!("not a shipready JSON report ({e}); write one with `shipready scan -f json -o report.json`")
        })?;
        let verdict = match v.summary.verdict.as_str() {
            "READY" => Verdict::Ready,
            "READY_WITH_WARNINGS" => Verdict::ReadyWithWarnings,
            "NOT_READY" => Verdict::NotReady,
            "INSUFFICIENT_EVIDENCE" => Verdict::InsufficientEvidence,
            other => {
                return Err(format!(
                    "summary.verdict is '{other}'; expected READY, READY_WITH_WARNINGS, NOT_READY or INSUFFICIENT_EVIDENCE"
                ))
            }
        };
        if !(0.0..=100.0).contains(&v.summary.score) {
            return Err(format!(
                "summary.score is {}; expected a number from 0 to 100",
                v.summary.score
            ));
        }
        Ok(Badge {
            verdict,
            level: v.summary.level,
            score: v.summary.score,
        })
    }

    /// Shields' palette: green when ready, orange when a level is reached
    /// but not the target, red when none is.
    pub fn color(&self) -> &'static str {
        match self.verdict {
            Verdict::Ready => "#4c1",
            Verdict::ReadyWithWarnings => "#97ca00",
            Verdict::InsufficientEvidence => "#dfb317",
            Verdict::NotReady if self.level == NOT_READY => "#e05d44",
            Verdict::NotReady => "#fe7d37",
        }
    }
}

const LABEL: &str = "readiness";
/// Space either side of each text.
const PAD: f64 = 6.0;

pub fn render(r: &Report) -> String {
    render_badge(&Badge::of(r))
}

pub fn render_badge(b: &Badge) -> String {
    let message = format!("{} {}", b.level, fmt_num(b.score));
    let title = format!("{LABEL}: {message} ({})", b.verdict.as_str());
    let lw = (text_width(LABEL) + 2.0 * PAD).round();
    let mw = (text_width(&message) + 2.0 * PAD).round();
    let w = lw + mw;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{t}\">\
         <title>{t}</title>\
         <linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>\
         <stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
         <clipPath id=\"r\"><rect width=\"{w}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
         <g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"#555\"/>\
         <rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{c}\"/><rect width=\"{w}\" height=\"20\" fill=\"url(#s)\"/></g>\
         <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" \
         text-rendering=\"geometricPrecision\" font-size=\"11\">",
        t = xml(&title),
        c = b.color(),
    );
    for (text, x, width) in [
        (LABEL, lw / 2.0, lw - 2.0 * PAD),
        (message.as_str(), lw + mw / 2.0, mw - 2.0 * PAD),
    ] {
        // Shields' shadow: the same text, dark and faint, one pixel lower.
        let _ = write!(
            s,
            "<text aria-hidden=\"true\" x=\"{x}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\" \
             textLength=\"{width}\">{t}</text><text x=\"{x}\" y=\"14\" textLength=\"{width}\">{t}</text>",
            t = xml(text)
        );
    }
    s.push_str("</g></svg>\n");
    s
}

/// Escapes text for XML content and attribute values. Characters XML 1.0
/// forbids (most control characters) become U+FFFD, so the file always
/// parses.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Width in pixels of `s` in 11px Verdana, the font shields measures
/// with; `textLength` then makes any fallback font fit the same box.
pub fn text_width(s: &str) -> f64 {
    s.chars().map(char_width).sum::<f64>()
}

/// Verdana advance widths at 11px (units per em 2048, scaled), ASCII
/// printable range; other characters take a digit's width, wide (CJK)
/// ones a full em.
fn char_width(c: char) -> f64 {
    const ADVANCE: [u16; 95] = [
        720, 823, 1032, 1685, 1303, 2223, 1492, 552, 934, 934, 1303, 1685, 745, 934, 745,
        1303, // ' '..'/'
        1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, // '0'..'9'
        934, 934, 1685, 1685, 1685, 1116, 2048, // ':'..'@'
        1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 862, 934, 1418, 1141, 1726, 1532, 1612,
        1235, 1612, 1429, 1403, 1252, 1499, 1401, 2025, 1403, 1252, 1405, // 'A'..'Z'
        934, 1303, 934, 1685, 1303, 1303, // '['..'`'
        1233, 1264, 1060, 1264, 1219, 720, 1264, 1283, 562, 687, 1198, 562, 1970, 1283, 1218, 1264,
        1264, 874, 1060, 807, 1283, 1198, 1665, 1198, 1198, 1060, // 'a'..'z'
        1303, 934, 1303, 1685, // '{'..'~'
    ];
    let units = match c {
        ' '..='~' => ADVANCE[c as usize - 32],
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}' => 2048,
        c if c.is_control() => 0,
        _ => 1303,
    };
    f64::from(units) * 11.0 / 2048.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn badge(verdict: Verdict, level: &str, score: f64) -> Badge {
        Badge {
            verdict,
            level: level.into(),
            score,
        }
    }

    #[test]
    fn colour_follows_verdict_and_level() {
        for (b, want) in [
            (badge(Verdict::Ready, "hardened", 99.0), "#4c1"),
            (
                badge(Verdict::ReadyWithWarnings, "production", 90.0),
                "#97ca00",
            ),
            (
                badge(Verdict::InsufficientEvidence, "essential", 70.0),
                "#dfb317",
            ),
            (badge(Verdict::NotReady, "essential", 60.0), "#fe7d37"),
            (badge(Verdict::NotReady, NOT_READY, 41.3), "#e05d44"),
        ] {
            assert_eq!(b.color(), want, "{b:?}");
            assert!(render_badge(&b).contains(&format!("fill=\"{want}\"")));
        }
    }

    #[test]
    fn text_widths_are_plausible() {
        // Shields draws "readiness" about 58px wide with padding.
        let w = text_width("readiness");
        assert!((50.0..56.0).contains(&w), "{w}");
        assert!(text_width("WWW") > text_width("iii") * 2.0);
        assert!(text_width("essential 41.3") > text_width("essential"));
        assert_eq!(text_width("\u{7}"), 0.0);
        assert_eq!(text_width("漢"), 11.0);
    }

    #[test]
    fn hostile_level_names_are_escaped() {
        let svg = render_badge(&badge(Verdict::NotReady, "<b>&\"x'\u{1}</title>", 12.0));
        assert!(svg.contains("&lt;b&gt;&amp;&quot;x&apos;\u{fffd}&lt;/title&gt; 12"));
        assert_eq!(svg.matches("<title>").count(), 1);
        assert_eq!(svg.matches("</title>").count(), 1);
    }

    #[test]
    fn from_json_reads_the_summary() {
        let ok = r#"{"schema_version": 2, "summary": {"verdict": "READY_WITH_WARNINGS",
            "level": "hardened", "score": 99.8, "raw_score": 99.8}, "checks": []}"#;
        assert_eq!(
            Badge::from_json(ok).unwrap(),
            badge(Verdict::ReadyWithWarnings, "hardened", 99.8)
        );
        for (bad, want) in [
            ("", "not a shipready JSON report (EOF while parsing"),
            ("[]", "not a shipready JSON report"),
            (
                r#"{"summary": {"verdict": "READY", "level": "x", "score": 1}}"#,
                "missing field `schema_version`",
            ),
            (
                r#"{"schema_version": 2, "summary": {}}"#,
                "missing field `verdict`",
            ),
            (
                r#"{"schema_version": 2, "summary": {"verdict": "GREAT", "level": "x", "score": 1}}"#,
                "summary.verdict is 'GREAT'",
            ),
            (
                r#"{"schema_version": 2, "summary": {"verdict": "READY", "level": "x", "score": 101}}"#,
                "summary.score is 101",
            ),
        ] {
            let err = Badge::from_json(bad).unwrap_err();
            assert!(err.contains(want), "{bad}: {err}");
        }
    }

    #[test]
    fn geometry_adds_up() {
        let svg = render_badge(&badge(Verdict::NotReady, "essential", 41.3));
        // 52.5 + 12 -> 65 for the label; the message box follows it.
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""));
        let w: f64 = svg["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"".len()..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let lw = (text_width(LABEL) + 12.0).round();
        let mw = (text_width("essential 41.3") + 12.0).round();
        assert_eq!(w, lw + mw);
        assert!(svg.contains(&format!("<rect x=\"{lw}\" width=\"{mw}\"")));
    }
}
