//! Dockerfiles (and Containerfiles) as BuildKit reads them: parser
//! directives (`# escape=`, `# syntax=`), comments, line continuations with
//! the file's escape character, heredocs (`RUN <<EOF`, `COPY <<EOF /x`),
//! `ARG` before the first `FROM`, stages with their names, instruction flags
//! (`--from=`, `--mount=`), exec (JSON) and shell forms, and the shell
//! commands of `RUN`, split on `&&`, `||`, `;`, `|` and newlines.
//!
//! Broken input (no `FROM`, an unknown instruction, an unterminated heredoc,
//! an instruction before the first `FROM`) becomes a `Problem` with its
//! line; parsing never panics and always returns what it could read.

use std::collections::BTreeMap;

/// A parser directive from the top of the file (`# escape=`` ` ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub line: u32,
    pub name: String,
    pub value: String,
}

/// A heredoc attached to an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// Line of the first body line.
    pub line: u32,
    pub delimiter: String,
    pub body: String,
}

/// One instruction, continuations joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Line the instruction starts on (1-based).
    pub line: u32,
    /// Last line it spans, heredoc bodies included.
    pub end_line: u32,
    /// Upper-cased keyword (`RUN`, `FROM`...).
    pub keyword: String,
    /// Leading `--name[=value]` flags, in order.
    pub flags: Vec<(String, Option<String>)>,
    /// Everything after the flags, continuation lines joined with a space.
    pub args: String,
    /// The JSON array of the exec form, when the arguments are one.
    pub exec: Option<Vec<String>>,
    pub heredocs: Vec<Heredoc>,
    /// Index of the stage it belongs to; `None` before the first `FROM`.
    pub stage: Option<usize>,
}

impl Instruction {
    pub fn is(&self, keyword: &str) -> bool {
        self.keyword == keyword
    }

    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_deref().unwrap_or(""))
    }

    /// The arguments as words: the exec form's array, or the shell form
    /// split as a shell would (quotes removed).
    pub fn words(&self) -> Vec<String> {
        match &self.exec {
            Some(v) => v.clone(),
            None => shell_words(&self.args),
        }
    }

    /// The shell script a `RUN` executes in shell form: the arguments, then
    /// any heredoc bodies (which BuildKit feeds to the shell).
    pub fn script(&self) -> String {
        let mut s = self.args.clone();
        for h in &self.heredocs {
            s.push('\n');
            s.push_str(&h.body);
        }
        s
    }
}

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// The `AS name`, lower-cased as Docker compares them.
    pub name: Option<String>,
    /// The image as written (`golang:${GO_VERSION}`).
    pub image: String,
    /// The image with global `ARG` defaults substituted.
    pub resolved: String,
    pub platform: Option<String>,
    pub line: u32,
    /// Index of the `FROM` instruction, and one past the stage's last one.
    pub start: usize,
    pub end: usize,
}

/// Broken input, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    /// `no-from`, `unknown-instruction`, `unterminated-heredoc`,
    /// `instruction-before-from`, `invalid-exec-form`.
    pub rule: &'static str,
    pub message: String,
}

impl Problem {
    /// Whether the builder refuses the file over it (an invalid exec form
    /// only falls back to the shell form).
    pub fn is_fatal(&self) -> bool {
        self.rule != "invalid-exec-form"
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub stages: Vec<Stage>,
    /// Comment lines (line, text after `#`), directives excluded.
    pub comments: Vec<(u32, String)>,
    pub problems: Vec<Problem>,
}

const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Instructions that accept heredocs.
const HEREDOC_KEYWORDS: &[&str] = &["RUN", "COPY", "ADD"];

impl Dockerfile {
    /// The last stage: what the image runs.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The instructions of a stage, `FROM` included.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        let end = stage.end.min(self.instructions.len());
        &self.instructions[stage.start.min(end)..end]
    }

    /// The stage a name or index refers to (`COPY --from=build`, `FROM build`).
    pub fn stage_named(&self, name: &str, before: usize) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.stages[..before.min(self.stages.len())]
            .iter()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
            .or_else(|| {
                lower
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.stages.get(i))
                    .filter(|s| s.index < before)
            })
    }

    /// Whether a stage builds on an earlier stage rather than an image.
    pub fn from_stage(&self, stage: &Stage) -> bool {
        self.stage_named(&stage.resolved, stage.index).is_some()
    }

    /// Defaults of the `ARG`s declared before the first `FROM`.
    pub fn global_args(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for i in self.instructions.iter().take_while(|i| i.stage.is_none()) {
            if i.is("ARG") {
                for (k, v) in key_values(&i.args) {
                    // An ARG without a default stays unresolved.
                    if let Some(v) = v {
                        out.insert(k, v);
                    }
                }
            }
        }
        out
    }

    /// Whether the file has no usable `FROM`.
    pub fn has_no_from(&self) -> bool {
        self.stages.is_empty()
    }

    /// Whether `docker build` would reject the file: no FROM, an unknown
    /// instruction, an unterminated heredoc, an instruction before FROM.
    pub fn is_broken(&self) -> bool {
        self.problems.iter().any(|p| p.is_fatal())
    }
}

/// Parses a Dockerfile. Never panics.
pub fn parse(text: &str) -> Dockerfile {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let mut df = Dockerfile {
        escape: '\\',
        ..Default::default()
    };
    let mut i = 0usize;
    // Parser directives: only at the very top, before any blank line,
    // ordinary comment or instruction.
    while i < lines.len() {
        match directive(lines[i]) {
            Some((name, value)) => {
                if name == "escape" && (value == "`" || value == "\\") {
                    df.escape = value.chars().next().unwrap_or('\\');
                }
                df.directives.push(Directive {
                    line: i as u32 + 1,
                    name,
                    value,
                });
                i += 1;
            }
            None => break,
        }
    }
    let esc = df.escape;
    while i < lines.len() {
        let raw = lines[i];
        let t = raw.trim_start();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            df.comments.push((i as u32 + 1, c.trim().to_string()));
            i += 1;
            continue;
        }
        let start = i;
        // Join continuation lines; comment and blank lines inside are dropped.
        let mut joined = String::new();
        let mut cur = t;
        loop {
            let trimmed = cur.trim_end();
            match trimmed.strip_suffix(esc) {
                Some(head) if !ends_escaped(head, esc) => {
                    joined.push_str(head);
                    joined.push(' ');
                    i += 1;
                    // Skip comments and blank lines inside a continuation.
                    while i < lines.len() {
                        let n = lines[i].trim_start();
                        if let Some(c) = n.strip_prefix('#') {
                            df.comments.push((i as u32 + 1, c.trim().to_string()));
                            i += 1;
                        } else if n.is_empty() && i + 1 < lines.len() {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if i >= lines.len() {
                        break;
                    }
                    cur = lines[i];
                }
                _ => {
                    joined.push_str(trimmed);
                    i += 1;
                    break;
                }
            }
        }
        let line = start as u32 + 1;
        let mut end_line = i.max(start + 1) as u32;
        let (kw, rest) = split_word(joined.trim());
        let keyword = kw.to_ascii_uppercase();
        if !KEYWORDS.contains(&keyword.as_str()) {
            df.problems.push(Problem {
                line,
                rule: "unknown-instruction",
                message: format!("unknown instruction `{}`", truncate(kw, 40)),
            });
            continue;
        }
        // HEALTHCHECK's `--interval` flags land here too; ONBUILD keeps the
        // instruction it wraps in its arguments.
        let (flags, args) = leading_flags(rest);
        let mut heredocs = Vec::new();
        if HEREDOC_KEYWORDS.contains(&keyword.as_str()) {
            for (delimiter, strip_tabs) in heredoc_starts(&args) {
                let body_line = i as u32 + 1;
                let mut body = Vec::new();
                let mut closed = false;
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    let cmp = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if cmp == delimiter {
                        closed = true;
                        break;
                    }
                    body.push(if strip_tabs { cmp } else { l });
                }
                end_line = i as u32;
                if !closed {
                    df.problems.push(Problem {
                        line,
                        rule: "unterminated-heredoc",
                        message: format!(
                            "heredoc `<<{}` is never closed",
                            truncate(&delimiter, 40)
                        ),
                    });
                }
                heredocs.push(Heredoc {
                    line: body_line,
                    delimiter,
                    body: body.join("\n"),
                });
            }
        }
        let exec = exec_form(&args);
        if exec.is_none()
            && args.trim_start().starts_with('[')
            && matches!(keyword.as_str(), "CMD" | "ENTRYPOINT" | "SHELL")
        {
            df.problems.push(Problem {
                line,
                rule: "invalid-exec-form",
                message: format!(
                    "{keyword} looks like exec form but is not a valid JSON array of strings; Docker runs it through a shell"
                ),
            });
        }
        let idx = df.instructions.len();
        let stage = if keyword == "FROM" {
            if let Some(last) = df.stages.last_mut() {
                last.end = idx;
            }
            let index = df.stages.len();
            let platform = flags
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("platform"))
                .and_then(|(_, v)| v.clone());
            let words: Vec<&str> = args.split_whitespace().collect();
            let image = words.first().map_or(String::new(), |w| w.to_string());
            let name = match words.as_slice() {
                [_, as_kw, n, ..] if as_kw.eq_ignore_ascii_case("as") => {
                    Some(n.to_ascii_lowercase())
                }
                _ => None,
            };
            df.stages.push(Stage {
                index,
                name,
                resolved: image.clone(),
                image,
                platform,
                line,
                start: idx,
                end: idx + 1,
            });
            Some(index)
        } else {
            if df.stages.is_empty() && keyword != "ARG" {
                df.problems.push(Problem {
                    line,
                    rule: "instruction-before-from",
                    message: format!("{keyword} before the first FROM"),
                });
            }
            df.stages.last().map(|s| s.index)
        };
        df.instructions.push(Instruction {
            line,
            end_line,
            keyword,
            flags,
            args,
            exec,
            heredocs,
            stage,
        });
    }
    if let Some(last) = df.stages.last_mut() {
        last.end = df.instructions.len();
    }
    if df.stages.is_empty() {
        // Without any FROM, "before the first FROM" says nothing more.
        df.problems.retain(|p| p.rule != "instruction-before-from");
        df.problems.push(Problem {
            line: 1,
            rule: "no-from",
            message: "no FROM instruction: this is not a buildable Dockerfile".into(),
        });
    }
    let globals = df.global_args();
    for s in &mut df.stages {
        s.resolved = substitute(&s.image, &globals);
    }
    df
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// `# name=value` where name is a known directive word.
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim_start().strip_prefix('#')?;
    let (name, value) = body.split_once('=')?;
    let name = name.trim().to_ascii_lowercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if !matches!(name.as_str(), "escape" | "syntax" | "check") {
        return None;
    }
    Some((name, value.trim().to_string()))
}

/// Whether `head` ends with an odd run of escape characters (so the final
/// one we stripped was itself escaped).
fn ends_escaped(head: &str, esc: char) -> bool {
    head.chars().rev().take_while(|&c| c == esc).count() % 2 == 1
}

fn split_word(s: &str) -> (&str, &str) {
    match s.find(char::is_whitespace) {
        Some(p) => (&s[..p], s[p..].trim_start()),
        None => (s, ""),
    }
}

/// Leading `--flag[=value]` words, and the rest.
fn leading_flags(s: &str) -> (Vec<(String, Option<String>)>, String) {
    let mut flags = Vec::new();
    let mut rest = s.trim_start();
    while let Some(after) = rest.strip_prefix("--") {
        let (word, tail) = split_word(after);
        if word.is_empty() {
            break;
        }
        match word.split_once('=') {
            Some((n, v)) => flags.push((n.to_string(), Some(v.to_string()))),
            None => flags.push((word.to_string(), None)),
        }
        rest = tail;
    }
    (flags, rest.to_string())
}

/// Heredoc openers in an instruction's arguments: `<<EOF`, `<<-EOF`,
/// `<<"EOF"`, `<<'EOF'`. Returns (delimiter, strip leading tabs).
fn heredoc_starts(args: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let b = args.as_bytes();
    let mut quote: Option<u8> = None;
    let mut k = 0;
    while k < b.len() {
        let c = b[k];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                k += 1;
                continue;
            }
            None if c == b'\'' || c == b'"' => {
                quote = Some(c);
                k += 1;
                continue;
            }
            None => {}
        }
        if c == b'<' && b.get(k + 1) == Some(&b'<') && b.get(k + 2) != Some(&b'<') {
            let mut j = k + 2;
            let strip = b.get(j) == Some(&b'-');
            if strip {
                j += 1;
            }
            let q = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    j += 1;
                    Some(q)
                }
                _ => None,
            };
            let s = j;
            while j < b.len()
                && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-' || b[j] == b'.')
            {
                j += 1;
            }
            if j > s {
                out.push((args[s..j].to_string(), strip));
                if let Some(q) = q {
                    if b.get(j) == Some(&q) {
                        j += 1;
                    }
                }
            }
            k = j.max(k + 2);
            continue;
        }
        k += 1;
    }
    out
}

/// The exec form: a JSON array of strings.
fn exec_form(args: &str) -> Option<Vec<String>> {
    let t = args.trim();
    if !t.starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(t).ok()
}

/// `KEY=value KEY2="v w"` or the legacy `KEY value` (ENV, LABEL, ARG).
/// Values are unquoted; `None` when an `ARG` has no default.
pub fn key_values(args: &str) -> Vec<(String, Option<String>)> {
    let words = shell_words(args);
    if words.is_empty() {
        return Vec::new();
    }
    // Legacy `ENV KEY value with spaces`: the first word has no '='.
    if !words[0].contains('=') && words.len() > 1 {
        let rest = args.trim_start()[words[0].len().min(args.trim_start().len())..].trim();
        return vec![(words[0].clone(), Some(unquote(rest)))];
    }
    words
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (w, None),
        })
        .collect()
}

fn unquote(s: &str) -> String {
    let t = s.trim();
    if t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\'')))
    {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}

/// Splits on unquoted whitespace and removes the quotes.
pub fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            Some(_) => cur.push(c),
            None => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    has = true;
                }
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                        has = true;
                    }
                }
                c if c.is_whitespace() => {
                    if has || !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                        has = false;
                    }
                }
                c => cur.push(c),
            },
        }
    }
    if has || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}`
/// from `vars`; `${VAR:+alt}` yields `alt` when set. An unknown variable
/// stays as written, so a caller can see it was not resolved.
pub fn substitute(s: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c != '$' {
            out.push(c);
            k += 1;
            continue;
        }
        if chars.get(k + 1) == Some(&'{') {
            let Some(close) = chars[k + 2..].iter().position(|&c| c == '}') else {
                out.extend(&chars[k..]);
                break;
            };
            let inner: String = chars[k + 2..k + 2 + close].iter().collect();
            let whole: String = chars[k..k + 3 + close].iter().collect();
            k += 3 + close;
            let (name, op, word) = if let Some(p) = inner.find(":-") {
                (&inner[..p], ":-", &inner[p + 2..])
            } else if let Some(p) = inner.find(":+") {
                (&inner[..p], ":+", &inner[p + 2..])
            } else if let Some(p) = inner.find('-') {
                (&inner[..p], "-", &inner[p + 1..])
            } else {
                (inner.as_str(), "", "")
            };
            let val = vars.get(name).filter(|v| !(op == ":-" && v.is_empty()));
            match (op, val) {
                (":+", Some(_)) => out.push_str(word),
                (":+", None) => {}
                (_, Some(v)) => out.push_str(v),
                (":-" | "-", None) => out.push_str(word),
                _ => out.push_str(&whole),
            }
        } else {
            let name: String = chars[k + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .collect();
            if name.is_empty() {
                out.push('$');
                k += 1;
                continue;
            }
            k += 1 + name.chars().count();
            match vars.get(&name) {
                Some(v) => out.push_str(v),
                None => {
                    out.push('$');
                    out.push_str(&name);
                }
            }
        }
    }
    out
}

/// An image reference split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry and repository, e.g. `gcr.io/distroless/static`.
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        let slash = rest.rfind('/').map_or(0, |p| p + 1);
        let (name, tag) = match rest[slash..].rfind(':') {
            Some(p) => (
                rest[..slash + p].to_string(),
                Some(rest[slash + p + 1..].to_string()),
            ),
            None => (rest.to_string(), None),
        };
        ImageRef {
            name: name.to_ascii_lowercase(),
            tag,
            digest,
        }
    }

    /// The last path component of the repository (`golang`, `static`).
    /// The name as Docker Hub spells its official images (`postgres` for
    /// `docker.io/library/postgres`).
    pub fn hub_name(&self) -> &str {
        self.name
            .trim_start_matches("docker.io/")
            .trim_start_matches("library/")
    }

    pub fn short_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
}

/// How one shell command is joined to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    And,
    Or,
    Seq,
    Pipe,
    End,
}

/// One simple command of a shell script: its words (quotes removed) and
/// the operator that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
    pub sep: Sep,
    /// Whether the previous command pipes into this one.
    pub piped: bool,
}

impl Command {
    /// The program name, past `sudo`, `env VAR=x`, `exec`, `time` and
    /// leading variable assignments, without any path.
    pub fn program(&self) -> Option<&str> {
        self.args_from_program()
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w))
    }

    /// The words from the program on.
    pub fn args_from_program(&self) -> &[String] {
        let mut k = 0;
        while k < self.words.len() {
            let w = self.words[k].as_str();
            if matches!(w, "sudo" | "exec" | "time" | "nohup" | "command" | "env")
                || (w.contains('=') && !w.starts_with('-') && !w.starts_with('='))
                || (k > 0
                    && w.starts_with('-')
                    && matches!(self.words[k - 1].as_str(), "sudo" | "env"))
            {
                k += 1;
            } else {
                break;
            }
        }
        &self.words[k..]
    }

    pub fn has_word(&self, w: &str) -> bool {
        self.words.iter().any(|x| x == w)
    }
}

/// Splits a shell script into simple commands on `&&`, `||`, `;`, `|`,
/// `&` and newlines, honouring quotes, backslash escapes and `$(...)`.
/// Comments (`# ...` at a word start) are dropped. Good enough to see
/// package-manager flags and pipes, not a shell.
pub fn split_commands(script: &str) -> Vec<Command> {
    let mut out: Vec<Command> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut piped = false;
    let chars: Vec<char> = script.chars().collect();
    let mut k = 0;
    let push_cmd = |words: &mut Vec<String>, sep: Sep, piped: &mut bool, out: &mut Vec<Command>| {
        if !words.is_empty() {
            out.push(Command {
                words: std::mem::take(words),
                sep,
                piped: *piped,
            });
            *piped = sep == Sep::Pipe;
        } else if sep != Sep::Pipe {
            *piped = false;
        }
    };
    while k < chars.len() {
        let c = chars[k];
        match c {
            '\'' => {
                has = true;
                k += 1;
                while k < chars.len() && chars[k] != '\'' {
                    cur.push(chars[k]);
                    k += 1;
                }
                k += 1;
            }
            '"' => {
                has = true;
                k += 1;
                while k < chars.len() && chars[k] != '"' {
                    if chars[k] == '\\' && k + 1 < chars.len() {
                        k += 1;
                    }
                    cur.push(chars[k]);
                    k += 1;
                }
                k += 1;
            }
            '\\' => {
                if let Some(&n) = chars.get(k + 1) {
                    if n != '\n' {
                        cur.push(n);
                        has = true;
                    }
                }
                k += 2;
            }
            '$' if chars.get(k + 1) == Some(&'(') => {
                // Keep a command substitution inside the word.
                let mut depth = 0;
                while k < chars.len() {
                    let ch = chars[k];
                    cur.push(ch);
                    k += 1;
                    if ch == '(' {
                        depth += 1;
                    } else if ch == ')' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
            }
            '#' if cur.is_empty() && !has => {
                while k < chars.len() && chars[k] != '\n' {
                    k += 1;
                }
            }
            c if c == ' ' || c == '\t' || c == '\r' => {
                if has || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    has = false;
                }
                k += 1;
            }
            // `2>&1`, `>&2`: a redirection, not a separator.
            '&' if cur.ends_with('>') || cur.ends_with('<') => {
                cur.push('&');
                k += 1;
            }
            '&' | '|' | ';' | '\n' => {
                if has || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    has = false;
                }
                let next = chars.get(k + 1).copied();
                let (sep, len) = match (c, next) {
                    ('&', Some('&')) => (Sep::And, 2),
                    ('|', Some('|')) => (Sep::Or, 2),
                    ('|', Some('&')) => (Sep::Pipe, 2),
                    ('|', _) => (Sep::Pipe, 1),
                    // `&>file`: a redirection.
                    ('&', Some('>')) => {
                        cur.push_str("&>");
                        k += 2;
                        continue;
                    }
                    _ => (Sep::Seq, 1),
                };
                push_cmd(&mut words, sep, &mut piped, &mut out);
                k += len;
            }
            _ => {
                cur.push(c);
                k += 1;
            }
        }
    }
    if has || !cur.is_empty() {
        words.push(cur);
    }
    push_cmd(&mut words, Sep::End, &mut piped, &mut out);
    // Control words (`if`, `then`, `do`...) start commands in loops and
    // conditionals; drop them so the real program is first.
    for c in &mut out {
        while c.words.first().is_some_and(|w| {
            matches!(
                w.as_str(),
                "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "!" | "{" | "("
            )
        }) {
            c.words.remove(0);
        }
    }
    out.retain(|c| !c.words.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_args_and_flags() {
        let df = parse(
            "# syntax=docker/dockerfile:1\nARG GO=1.22\nFROM golang:${GO} AS Build\nRUN go build\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\nUSER 65532\nCMD [\"/app\"]\n",
        );
        assert_eq!(df.directives.len(), 1);
        assert_eq!(df.stages.len(), 2);
        assert_eq!(df.stages[0].name.as_deref(), Some("build"));
        assert_eq!(df.stages[0].resolved, "golang:1.22");
        assert_eq!(df.stages[1].line, 5);
        let copy = &df.instructions[4];
        assert_eq!(copy.flag("from"), Some("build"));
        assert_eq!(copy.args, "/app /app");
        assert_eq!(
            df.instructions[6].exec.as_deref(),
            Some(&["/app".to_string()][..])
        );
        assert!(df.problems.is_empty(), "{:?}", df.problems);
        assert_eq!(df.stage_instructions(&df.stages[1]).len(), 4);
    }

    #[test]
    fn continuations_comments_and_escape_directive() {
        let df =
            parse("FROM alpine\nRUN apk add \\\n  # a comment\n  curl \\\n\n  git\nUSER app\n");
        let run = &df.instructions[1];
        assert_eq!((run.line, run.end_line), (2, 6));
        assert_eq!(shell_words(&run.args), ["apk", "add", "curl", "git"]);
        assert_eq!(df.instructions[2].line, 7);
        let win = parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  C:\\\nUSER ContainerUser\n");
        assert_eq!(win.escape, '`');
        assert_eq!(win.instructions[1].args, "dir    C:\\");
        assert_eq!(win.instructions[2].line, 5);
        // A directive after a comment is just a comment.
        let late = parse("# hello\n# escape=`\nFROM x\n");
        assert_eq!(late.escape, '\\');
    }

    #[test]
    fn heredocs() {
        let df = parse("FROM debian\nRUN <<EOF\nset -e\napt-get update\nEOF\nCOPY <<-'CONF' /etc/x.conf\n\tkey=1\n\tCONF\nUSER 1000\n");
        assert_eq!(df.instructions.len(), 4);
        assert_eq!(
            df.instructions[1].heredocs[0].body,
            "set -e\napt-get update"
        );
        assert_eq!(df.instructions[1].end_line, 5);
        assert_eq!(df.instructions[2].heredocs[0].body, "key=1");
        assert_eq!(df.instructions[3].line, 9);
        let bad = parse("FROM debian\nRUN <<EOF\necho hi\n");
        assert_eq!(bad.problems[0].rule, "unterminated-heredoc");
        assert_eq!(bad.problems[0].line, 2);
    }

    #[test]
    fn broken_files_are_problems() {
        for (text, rule) in [
            ("", "no-from"),
            ("RUN echo\nFROM x\n", "instruction-before-from"),
            ("FROM x\nFROBNICATE y\n", "unknown-instruction"),
            ("FROM x\nCMD [\"a\", 1]\n", "invalid-exec-form"),
            ("\u{0}\u{1}\u{fffd}", "unknown-instruction"),
        ] {
            let df = parse(text);
            assert!(
                df.problems.iter().any(|p| p.rule == rule),
                "{text:?}: {:?}",
                df.problems
            );
        }
        // Hostile input: huge line, lone escapes, unbalanced quotes.
        let huge = format!("FROM a\nRUN {}\n", "x'\"$(".repeat(20_000));
        let df = parse(&huge);
        assert_eq!(df.instructions.len(), 2);
        let _ = split_commands(&df.instructions[1].args);
        let _ = parse("\\\n\\\n\\");
        let _ = parse("FROM a\nRUN <<\n<<-\n<<'\n");
        let _ = substitute("${A:-${B}", &BTreeMap::new());
    }

    #[test]
    fn images_and_substitution() {
        let vars: BTreeMap<String, String> = [
            ("V".to_string(), "3.19".to_string()),
            ("E".to_string(), String::new()),
        ]
        .into();
        for (s, want) in [
            ("alpine:$V", "alpine:3.19"),
            ("alpine:${V}", "alpine:3.19"),
            ("x:${E:-def}", "x:def"),
            ("x:${E-def}", "x:"),
            ("x:${U:-def}", "x:def"),
            ("x:${U}", "x:${U}"),
            ("x${V:+-slim}", "x-slim"),
        ] {
            assert_eq!(substitute(s, &vars), want, "{s}");
        }
        let r = ImageRef::parse("localhost:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.name, "localhost:5000/team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(ImageRef::parse("localhost:5000/app").tag, None);
        assert_eq!(ImageRef::parse("ubuntu").short_name(), "ubuntu");
    }

    #[test]
    fn commands_split_on_operators() {
        let cmds = split_commands(
            "apt-get update && apt-get install -y --no-install-recommends curl=7.* ; curl -fsSL https://x.sh | sudo bash -s -- -y || true 2>&1 # trailing",
        );
        let progs: Vec<_> = cmds.iter().map(|c| c.program().unwrap()).collect();
        assert_eq!(progs, ["apt-get", "apt-get", "curl", "bash", "true"]);
        assert_eq!(cmds[2].sep, Sep::Pipe);
        assert!(cmds[3].piped);
        assert!(!cmds[4].piped);
        assert_eq!(cmds[4].words, ["true", "2>&1"]);
        let quoted = split_commands(
            "echo 'a && b' \"c | d\" $(x | y) && DEBIAN_FRONTEND=noninteractive apt-get install z",
        );
        assert_eq!(quoted.len(), 2);
        assert_eq!(quoted[1].program(), Some("apt-get"));
        let kv = key_values("A=1 B=\"two words\" C");
        assert_eq!(kv[1], ("B".to_string(), Some("two words".to_string())));
        assert_eq!(kv[2], ("C".to_string(), None));
        assert_eq!(
            key_values("LEGACY some value")[0].1.as_deref(),
            Some("some value")
        );
    }
}
