//! YAML loading with errors that point at `path:line:col`.
//!
//! serde-saphyr is panic-free and bounds alias expansion, so a hostile
//! config (an alias bomb) fails with an error instead of eating memory.

use std::fmt;

use serde::de::DeserializeOwned;

/// A configuration error, rendered as `path:line:col: message`, the line
/// itself with a caret, and a hint. Boxed: errors are rare, results common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(Box<ErrorDetail>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    pub path: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, when known.
    pub source_line: Option<String>,
}

impl std::error::Error for ConfigError {}

impl std::ops::Deref for ConfigError {
    type Target = ErrorDetail;
    fn deref(&self) -> &ErrorDetail {
        &self.0
    }
}

impl ConfigError {
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        ConfigError(Box::new(ErrorDetail {
            path: path.to_string(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }))
    }

    /// Points the error at a 1-based line and column of `text`.
    pub fn at(mut self, text: &str, line: u64, column: u64) -> Self {
        self.0.line = Some(line);
        self.0.column = Some(column.max(1));
        self.0.source_line = text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map(str::to_string);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.0.hint = Some(hint.into());
        self
    }

    /// Points at the first line where `key:` is written as a mapping key
    /// (or `- key` as a list item), else where it is written as a value
    /// (`check: key`), for errors found after parsing.
    pub fn at_key(self, text: &str, key: &str) -> Self {
        match find_key(text, key).or_else(|| find_value(text, key)) {
            Some((l, c)) => self.at(text, l, c),
            None => self,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}:{}: {}", self.path, l, c, self.message)?,
            (Some(l), None) => write!(f, "{}:{}: {}", self.path, l, self.message)?,
            _ => write!(f, "{}: {}", self.path, self.message)?,
        }
        if let (Some(src), Some(l), Some(c)) = (&self.source_line, self.line, self.column) {
            let gutter = l.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{l} | {src}\n{:gutter$} | {:>col$}",
                "",
                "",
                "^",
                col = c as usize
            )?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  = hint: {h}")?;
        }
        Ok(())
    }
}

impl ConfigError {
    /// Points at `key` under the first occurrence of `anchor` (a check id
    /// whose `weight:` is wrong, not the first `weight:` in the file).
    pub fn at_key_under(self, text: &str, anchor: &str, key: &str) -> Self {
        let Some((line, _)) = find_key(text, anchor) else {
            return self.at_key(text, key);
        };
        let skip: usize = text.lines().take(line as usize).map(|l| l.len() + 1).sum();
        match text.get(skip..).and_then(|rest| find_key(rest, key)) {
            Some((l, c)) => self.at(text, l + line, c),
            None => self.at(text, line, 1),
        }
    }
}

/// 1-based (line, column) of `key` used as a YAML key or list item.
pub fn find_key(text: &str, key: &str) -> Option<(u64, u64)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let body = trimmed
            .strip_prefix("- ")
            .map(str::trim_start)
            .unwrap_or(trimmed);
        let offset = line.len() - body.len();
        for candidate in [body, body.trim_start_matches(['"', '\''])] {
            if let Some(rest) = candidate.strip_prefix(key) {
                let rest = rest.trim_start_matches(['"', '\'']);
                if rest.starts_with(':') || (rest.trim().is_empty() && body != trimmed) {
                    let quote = body.len() - candidate.len();
                    return Some((i as u64 + 1, (offset + quote) as u64 + 1));
                }
            }
        }
    }
    None
}

/// 1-based (line, column) of `value` written as a scalar value
/// (`check: value`, quoted or not), for ids that live in values.
pub fn find_value(text: &str, value: &str) -> Option<(u64, u64)> {
    for (i, line) in text.lines().enumerate() {
        let Some((_, rest)) = line.split_once(": ") else {
            continue;
        };
        let v = rest.trim();
        let v = v.split(" #").next().unwrap_or(v).trim();
        if v.trim_matches(['"', '\'']) == value {
            let col = line.len() - rest.trim_start().len() + 1;
            return Some((i as u64 + 1, col as u64));
        }
    }
    None
}

/// Parses `text` as `T`, mapping any error to `path:line:col`.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, ConfigError> {
    let options = serde_saphyr::options! {};
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|e| {
        let message = clean_message(&e.without_snippet().to_string());
        let mut err = ConfigError::new(path, message.clone());
        if let Some(loc) = e.location() {
            if loc.line() > 0 {
                err = err.at(text, loc.line(), loc.column());
            }
        }
        if let Some(h) = unknown_field_hint(&message) {
            err = err.hint(h);
        } else if message.contains("budget breached") {
            err = err.hint(
                "aliases here expand to far more nodes than any config needs (a YAML alias bomb?); write the values out",
            );
        }
        err
    })
}

/// serde's messages are good; drop any location suffix serde-saphyr added,
/// since we print our own.
fn clean_message(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or(msg).trim();
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    first.trim_start_matches("error: ").to_string()
}

/// "unknown field `fial_under`, expected one of fail_under, profile" ->
/// "did you mean `fail_under`?"
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.split_once("unknown field `")?.1;
    let (wrong, rest) = rest.split_once('`')?;
    let list = rest
        .split_once("expected")?
        .1
        .trim_start()
        .trim_start_matches("one of");
    let expected: Vec<&str> = list
        .split([',', ' '])
        .map(|w| w.trim_matches(|c: char| c == '`' || c.is_whitespace()))
        .filter(|w| !w.is_empty() && *w != "or")
        .collect();
    match crate::suggest::closest(wrong, expected.iter().copied()) {
        Some(s) => Some(format!("did you mean `{s}`?")),
        None if !expected.is_empty() => Some(format!("valid keys here: {}", expected.join(", "))),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        fail_under: Option<f64>,
        profile: Option<String>,
    }

    #[test]
    fn unknown_key_points_at_it_with_a_suggestion() {
        let text = "profile: service\nfial_under: 80\n";
        let err = parse::<Doc>(".shipready.yaml", text).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}: {:?}", err.message);
        assert!(err.message.contains("fial_under"), "{err}");
        assert_eq!(
            err.hint.as_deref(),
            Some("did you mean `fail_under`?"),
            "{:?}",
            err.message
        );
        let shown = err.to_string();
        assert!(shown.starts_with(".shipready.yaml:2:1: "), "{shown}");
    }

    #[test]
    fn ids_written_as_values_are_located() {
        let text = "waivers:\n  - check: security.polcy\n    reason: r\n";
        assert_eq!(find_value(text, "security.polcy"), Some((2, 12)));
        let err = ConfigError::new("c.yaml", "unknown check").at_key(text, "security.polcy");
        assert!(err.to_string().starts_with("c.yaml:2:12: "), "{err}");
        assert_eq!(find_value("a: 'x.y' # note\n", "x.y"), Some((1, 4)));
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let r = parse::<serde_json::Value>("bomb.yaml", &text);
        assert!(r.is_err(), "an alias bomb must be refused");
        let err = r.unwrap_err();
        assert!(
            err.hint
                .as_deref()
                .is_some_and(|h| h.contains("alias bomb")),
            "{err}"
        );
    }

    #[test]
    fn keys_under_an_anchor() {
        let text = "checks:\n  docs.adr:\n    weight: 1\n  docs.readme:\n    weight: -5\n";
        let e = ConfigError::new("c", "bad").at_key_under(text, "docs.readme", "weight");
        assert_eq!((e.line, e.column), (Some(5), Some(5)));
    }

    #[test]
    fn finds_keys() {
        let text = "checks:\n  docs.readme:\n    weight: 2\n  - ops.runbooks\n";
        assert_eq!(find_key(text, "docs.readme"), Some((2, 3)));
        assert_eq!(find_key(text, "ops.runbooks"), Some((4, 5)));
        assert_eq!(find_key(text, "nope"), None);
    }
}
