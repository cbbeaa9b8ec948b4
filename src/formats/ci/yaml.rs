//! A YAML tree that keeps the line of every node, for pipeline files.
//!
//! Pipelines are loosely typed (a trigger is a string, a list or a map; a
//! script is a string or a list), so they are read into this tree first and
//! then interpreted by the provider parsers. Scalars keep their text:
//! YAML 1.2 booleans only (`on:` stays the key `on`), numbers as written.
//!
//! serde-saphyr bounds alias expansion and nesting, so a hostile file fails
//! with an error rather than a hang; the error keeps its location.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One node and where it starts (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: u32,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in file order; duplicates are kept (the first one wins on lookup).
    Map(Vec<(Node, Node)>),
}

/// A file that is not YAML, with where the parser gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub message: String,
}

impl Node {
    pub fn null(line: u32) -> Self {
        Node {
            line,
            value: Value::Null,
        }
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .find(|(k, _)| k.text().as_deref() == Some(key))
            .map(|(_, v)| v)
    }

    /// The first of several spellings of a key (`timeout-minutes`, `timeout_minutes`).
    pub fn get_any(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().find_map(|k| self.get(k))
    }

    /// The key node itself, for its line.
    pub fn key(&self, key: &str) -> Option<&Node> {
        self.entries()
            .find(|(k, _)| k.text().as_deref() == Some(key))
            .map(|(k, _)| k)
    }

    /// Mapping entries (empty for anything else).
    pub fn entries(&self) -> impl Iterator<Item = (&Node, &Node)> {
        let slice: &[(Node, Node)] = match &self.value {
            Value::Map(m) => m,
            _ => &[],
        };
        slice.iter().map(|(k, v)| (k, v))
    }

    /// Sequence items (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.value, Value::Seq(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Any scalar as text (`true`, `30`, `abc`); None for null and collections.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Number(n) => Some(n.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Strings of a scalar or of a sequence of scalars, each with its line
    /// (a script written either way).
    pub fn strings(&self) -> Vec<(String, u32)> {
        match &self.value {
            Value::Seq(items) => items
                .iter()
                .flat_map(|i| match &i.value {
                    // GitLab allows nested lists (from `!reference` or anchors).
                    Value::Seq(_) => i.strings(),
                    _ => i.text().map(|t| (t, i.line)).into_iter().collect(),
                })
                .collect(),
            _ => self.text().map(|t| (t, self.line)).into_iter().collect(),
        }
    }

    /// Every node below this one, depth first, this one included.
    pub fn walk(&self, f: &mut dyn FnMut(Option<&str>, &Node)) {
        self.walk_keyed(None, f);
    }

    fn walk_keyed(&self, key: Option<&str>, f: &mut dyn FnMut(Option<&str>, &Node)) {
        f(key, self);
        match &self.value {
            Value::Seq(items) => items.iter().for_each(|i| i.walk_keyed(key, f)),
            Value::Map(entries) => {
                for (k, v) in entries {
                    let name = k.text();
                    v.walk_keyed(name.as_deref(), f);
                }
            }
            _ => {}
        }
    }
}

/// Parses one YAML document. An empty file is a null node.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    match parse_with(text, serde_saphyr::MergeKeyPolicy::default()) {
        // Woodpecker and others merge a list anchor (`- <<: *paths`), which
        // YAML's merge key does not allow but their loaders accept; read
        // such a file with `<<` as a plain key rather than reject it.
        Err(e) if e.message.contains("merge") => {
            parse_with(text, serde_saphyr::MergeKeyPolicy::AsOrdinary).map_err(|_| e)
        }
        r => r,
    }
}

fn parse_with(text: &str, merge: serde_saphyr::MergeKeyPolicy) -> Result<Node, YamlError> {
    let mut options = serde_saphyr::options! {};
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::FirstWins;
    options.merge_keys = merge;
    match serde_saphyr::from_str_with_options::<Option<Node>>(text, options) {
        Ok(n) => Ok(n.unwrap_or(Node::null(1))),
        Err(e) => {
            let line = e
                .location()
                .map_or(1, |l| u32::try_from(l.line()).unwrap_or(u32::MAX).max(1));
            let message = e.to_string();
            // The first line carries the message; the rest is a snippet.
            let message = message.lines().next().unwrap_or("invalid YAML").trim();
            Err(YamlError {
                line,
                message: message.to_string(),
            })
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        Ok(Node {
            line: u32::try_from(s.referenced.line()).unwrap_or(0),
            value: s.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            out.push(n);
        }
        Ok(Value::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            out.push((k, v));
        }
        Ok(Value::Map(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_and_yaml_1_2_booleans() {
        let n = parse("on:\n  push:\n    branches: [main]\njobs:\n  a:\n    steps:\n      - run: echo\n        if: false\n").unwrap();
        let on = n.key("on").unwrap();
        assert_eq!((on.text().as_deref(), on.line), (Some("on"), 1));
        let step = &n
            .get("jobs")
            .unwrap()
            .get("a")
            .unwrap()
            .get("steps")
            .unwrap()
            .items()[0];
        assert_eq!(step.line, 7);
        assert_eq!(step.get("run").unwrap().line, 7);
        assert_eq!(step.get("if").unwrap().value, Value::Bool(false));
        assert_eq!(n.get("jobs").unwrap().line, 5);
    }

    #[test]
    fn hostile_input_is_an_error_with_a_line() {
        for bad in [
            "a: [1, 2\n",
            "a: b\n c: d\n  - e",
            "\"unterminated",
            "a: *nope\n",
            "\t- x:\n\t\t y",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.line >= 1, "{bad}: {e:?}");
        }
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
        let _ = parse(bomb);
        let long = format!("a: {}\n", "x".repeat(1_000_000));
        assert!(parse(&long).is_ok());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let _ = parse(&deep);
        let _ = parse("\u{0}\u{1}\u{2}");
    }

    #[test]
    fn merges_apply_and_list_merges_are_tolerated() {
        let n = parse("a: &a\n  x: 1\nb:\n  <<: *a\n  y: 2\n").unwrap();
        assert_eq!(
            n.get("b").unwrap().get("x").unwrap().text().as_deref(),
            Some("1")
        );
        let n =
            parse("v:\n  - p: &p\n      - 'docs/**'\nwhen:\n  - path:\n      - <<: *p\n").unwrap();
        assert!(n.get("when").is_some());
    }

    #[test]
    fn duplicate_keys_keep_the_first() {
        let n = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(n.get("a").unwrap().text().as_deref(), Some("1"));
    }

    #[test]
    fn strings_of_scalars_and_lists() {
        let n = parse("s: one\nl:\n  - a\n  - [b, c]\n").unwrap();
        assert_eq!(n.get("s").unwrap().strings(), vec![("one".to_string(), 1)]);
        let l: Vec<String> = n
            .get("l")
            .unwrap()
            .strings()
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(l, ["a", "b", "c"]);
    }
}
