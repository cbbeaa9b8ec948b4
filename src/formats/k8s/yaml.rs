//! A YAML node tree that keeps the line of every key and value, read
//! document by document so one broken document does not hide the others.
//!
//! Documents are split on `---` / `...` lines before parsing: a
//! multi-document stream parsed as a whole fails as a whole, and a
//! manifest directory often holds one bad document among good ones. A
//! `---` at column 0 can only be a document marker (block scalar content
//! of a top-level key is indented), so the split is exact for the YAML a
//! manifest can hold. serde-saphyr enforces its event, alias and depth
//! budgets on each document, so an alias bomb ends as a parse problem.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One YAML node and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: u32,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in document order, each with the line it is written on.
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub line: u32,
}

/// A document that parsed, or the reason it did not.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    Parsed(Node),
    Broken { line: u32, message: String },
}

impl Node {
    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The line `key:` is written on, when this is a mapping holding it.
    pub fn key_line(&self, key: &str) -> Option<u32> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, _)| k.line),
            _ => None,
        }
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Map(e) => e,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(v) => v,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text (`3` for an integer, `true` for a boolean).
    pub fn scalar(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Null, an empty string, an empty mapping or an empty list.
    pub fn is_empty(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::Str(s) => s.trim().is_empty(),
            Value::Seq(v) => v.is_empty(),
            Value::Map(m) => m.is_empty(),
            _ => false,
        }
    }

    fn shift(&mut self, by: u32) {
        self.line += by;
        match &mut self.value {
            Value::Seq(v) => v.iter_mut().for_each(|n| n.shift(by)),
            Value::Map(m) => m.iter_mut().for_each(|(k, n)| {
                k.line += by;
                n.shift(by)
            }),
            _ => {}
        }
    }
}

/// A document's text and the line it starts on (0-based offset).
fn split_documents(text: &str) -> Vec<(u32, String)> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    let mut start = 0u32;
    for (i, line) in text.split('\n').enumerate() {
        let i = i as u32;
        let is_marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '#']))
        };
        if is_marker("---") || is_marker("...") {
            docs.push((start, std::mem::take(&mut cur)));
            // Content after `--- ` on the same line (`--- !tag`, `--- {a: 1}`)
            // belongs to the next document; keep the line, drop the marker.
            let rest = &line[3..];
            start = i;
            cur.push_str(&" ".repeat(3));
            cur.push_str(rest);
            cur.push('\n');
            continue;
        }
        cur.push_str(line);
        cur.push('\n');
    }
    docs.push((start, cur));
    docs.retain(|(_, d)| has_content(d));
    docs
}

/// Anything but blank lines, comments and directives.
fn has_content(doc: &str) -> bool {
    doc.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !l.starts_with('%')
    })
}

/// Parses every document of a stream. Never panics; a document that does
/// not parse becomes `Doc::Broken` with the line the parser stopped at.
pub fn parse_stream(text: &str) -> Vec<(u32, Doc)> {
    split_documents(text)
        .into_iter()
        .map(|(offset, body)| {
            let doc = parse_document(&body, offset);
            (offset + 1, doc)
        })
        .collect()
}

/// Parses one document whose first line is line `offset + 1` of the file.
pub fn parse_document(body: &str, offset: u32) -> Doc {
    let options = serde_saphyr::options! {};
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(body, options) {
        Ok(raw) => {
            let mut node = Node {
                line: raw.referenced.line() as u32,
                value: raw.value.0,
            };
            node.shift(offset);
            Doc::Parsed(node)
        }
        Err(e) => {
            let line = e
                .location()
                .map(|l| l.line() as u32 + offset)
                .filter(|l| *l > offset)
                .unwrap_or(offset + 1);
            let message = e.to_string();
            let message = message.lines().next().unwrap_or("invalid YAML").to_string();
            Doc::Broken { line, message }
        }
    }
}

struct Raw(Value);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

fn node(s: Spanned<Raw>) -> Node {
    Node {
        line: s.referenced.line() as u32,
        value: s.value.0,
    }
}

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Raw, E> {
        Ok(Raw(Value::Bool(b)))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Raw, E> {
        Ok(Raw(Value::Int(i)))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Raw, E> {
        Ok(Raw(match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Str(u.to_string()),
        }))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Raw, E> {
        Ok(Raw(Value::Str(i.to_string())))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Raw, E> {
        Ok(Raw(Value::Str(u.to_string())))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Raw, E> {
        Ok(Raw(Value::Float(f)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw(Value::Str(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Raw, E> {
        Ok(Raw(Value::Str(s)))
    }
    fn visit_bytes<E>(self, b: &[u8]) -> Result<Raw, E> {
        Ok(Raw(Value::Str(String::from_utf8_lossy(b).into_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(x) = a.next_element::<Spanned<Raw>>()? {
            out.push(node(x));
        }
        Ok(Raw(Value::Seq(out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = a.next_key::<Spanned<Raw>>()? {
            let v = a.next_value::<Spanned<Raw>>()?;
            let name = match k.value.0 {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Null => "~".to_string(),
                Value::Seq(_) | Value::Map(_) => "<complex key>".to_string(),
            };
            out.push((
                Key {
                    name,
                    line: k.referenced.line() as u32,
                },
                node(v),
            ));
        }
        Ok(Raw(Value::Map(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<Node> {
        parse_stream(text)
            .into_iter()
            .filter_map(|(_, d)| match d {
                Doc::Parsed(n) => Some(n),
                Doc::Broken { .. } => None,
            })
            .collect()
    }

    #[test]
    fn lines_survive_document_splits() {
        let docs = parsed("# c\na: 1\n---\nb:\n  c: [1, 2]\n...\n---\nd: x\n");
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].key_line("a"), Some(2));
        assert_eq!(docs[1].key_line("b"), Some(4));
        assert_eq!(docs[1].path(&["b", "c"]).unwrap().items()[1].line, 5);
        assert_eq!(docs[2].key_line("d"), Some(8));
    }

    #[test]
    fn one_broken_document_keeps_the_others() {
        let out = parse_stream("a: 1\n---\nb: [unclosed\nc: 2\n---\nd: 3\n");
        assert_eq!(out.len(), 3);
        assert!(matches!(out[1].1, Doc::Broken { line, .. } if (3..=5).contains(&line)));
        assert!(matches!(out[2].1, Doc::Parsed(_)));
    }

    #[test]
    fn hostile_input_never_panics() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
        let long = "k: ".to_string() + &"x".repeat(200_000);
        let deep = "[".repeat(10_000);
        for text in [
            "",
            "---",
            "\u{0}\u{1}\u{2}",
            "a: 'unterminated",
            "key: |\n  text\n---\n",
            bomb,
            &long,
            &deep,
            "- - - - -",
            "? [a]\n: b\n",
            "--- !tag {a: 1}",
        ] {
            let _ = parse_stream(text);
        }
        assert!(matches!(parse_stream(bomb)[0].1, Doc::Broken { .. }));
    }

    #[test]
    fn scalars_and_accessors() {
        let d = &parsed("a: '3'\nb: true\nc: {}\nd: ~\ne: 2\n")[0];
        assert_eq!(d.get("a").unwrap().as_i64(), Some(3));
        assert_eq!(d.get("b").unwrap().as_bool(), Some(true));
        assert!(d.get("c").unwrap().is_empty());
        assert!(d.get("d").unwrap().is_empty());
        assert_eq!(d.get("e").unwrap().scalar().as_deref(), Some("2"));
    }
}
