//! A SQL statement splitter and a light parse of the DDL that migration
//! checks reason about.
//!
//! The splitter is a single forward pass over bytes that knows where a `;`
//! does not end a statement: inside single-quoted strings (`''` escapes, and
//! backslash escapes in `E'...'` or in MySQL's dialect), double-quoted and
//! backquoted identifiers, dollar quotes (`$$` and `$tag$`), line comments
//! and nested block comments, and MySQL's `DELIMITER` command. Every statement keeps the line it
//! starts on. Unterminated constructs end at the end of input and are
//! reported as problems with their line; nothing here panics or loops on any
//! input (the pass only moves forward, and text is sliced through lossy
//! conversion).
//!
//! The parse is deliberately light: it recognises the statement forms whose
//! locking or compatibility matters (CREATE TABLE / INDEX, the ALTER TABLE
//! actions, DROP, RENAME, SET, transaction control, VACUUM FULL, LOCK) and
//! leaves everything else as `Stmt::Other` with its leading keyword.

/// How to read backslashes in plain strings and which identifier quotes
/// exist. Postgres is the default; MySQL escapes with backslashes in every
/// string and quotes identifiers with backquotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub enum Dialect {
    #[default]
    Postgres,
    Mysql,
    Sqlite,
    /// ClickHouse: its ALTERs are asynchronous mutations; none of the
    /// locking rules here describe it.
    ClickHouse,
    /// CockroachDB: Postgres syntax, online schema changes (no table
    /// locks for index builds or constraint validation).
    Cockroach,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
            Dialect::Cockroach => "cockroachdb",
            Dialect::ClickHouse => "clickhouse",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// A keyword or unquoted identifier.
    Word,
    /// `"x"` or `` `x` ``, unquoted already.
    QuotedIdent,
    /// A string literal of any form ('x', E'x', $$x$$), unquoted.
    Str,
    Number,
    /// One punctuation character (`(`, `,`, `.`, `=`...) or an operator run.
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub kind: TokKind,
    pub text: String,
    pub line: u32,
}

impl Tok {
    /// A keyword match, case-insensitive; quoted identifiers never match.
    pub fn is(&self, kw: &str) -> bool {
        self.kind == TokKind::Word && self.text.eq_ignore_ascii_case(kw)
    }

    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == TokKind::Punct && self.text == p
    }

    /// An identifier as the database folds it: unquoted lowercased.
    pub fn ident(&self) -> String {
        match self.kind {
            TokKind::QuotedIdent | TokKind::Str => self.text.clone(),
            _ => self.text.to_ascii_lowercase(),
        }
    }
}

/// A `--` or `#` line comment, or a block comment, with its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub line: u32,
    /// The comment body without its markers, trimmed.
    pub text: String,
}

/// Broken input, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// 1-based line of the statement's first token.
    pub line: u32,
    pub end_line: u32,
    pub toks: Vec<Tok>,
    pub stmt: Stmt,
}

/// A parsed script: statements, comments and problems, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    pub statements: Vec<Statement>,
    pub comments: Vec<Comment>,
    pub problems: Vec<Problem>,
}

/// A column default, as far as locking goes: a constant (or a stable
/// function such as `now()`, evaluated once) is stored in the catalog;
/// a volatile one rewrites the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultKind {
    Constant,
    /// The volatile function or generated form that forces a rewrite.
    Volatile(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintKind {
    ForeignKey,
    /// The column the check proves not null, when the expression is exactly
    /// `col IS NOT NULL`.
    Check {
        not_null_of: Option<String>,
    },
    /// `using_index`: built from an existing index (`UNIQUE USING INDEX i`).
    Unique {
        using_index: bool,
    },
    PrimaryKey {
        using_index: bool,
    },
    /// MySQL `ADD INDEX` / `ADD KEY` / `ADD FULLTEXT`.
    Index,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlterAction {
    AddColumn {
        column: String,
        not_null: bool,
        default: Option<DefaultKind>,
        primary_key: bool,
        /// serial types, identity and stored generated columns fill every row.
        fills_rows: Option<String>,
    },
    DropColumn {
        column: String,
    },
    AlterType {
        column: String,
        /// MySQL's MODIFY/CHANGE restate the whole column: a type change,
        /// or only a new default or nullability; the old type is not in
        /// the statement.
        restated: bool,
    },
    SetNotNull {
        column: String,
    },
    RenameColumn {
        from: String,
        to: String,
    },
    RenameTable {
        to: String,
    },
    AddConstraint {
        name: Option<String>,
        kind: ConstraintKind,
        not_valid: bool,
    },
    ValidateConstraint {
        name: String,
    },
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    CreateTable {
        table: String,
    },
    CreateIndex {
        name: Option<String>,
        table: String,
        unique: bool,
        concurrently: bool,
        if_not_exists: bool,
        /// `ON ONLY parent`: an index on a partitioned parent alone, built
        /// instantly (invalid until each partition's index is attached).
        on_only: bool,
    },
    AlterTable {
        table: String,
        actions: Vec<AlterAction>,
        /// The line each action starts on.
        lines: Vec<u32>,
    },
    DropTable {
        tables: Vec<String>,
    },
    DropIndex {
        concurrently: bool,
    },
    /// MySQL's `RENAME TABLE a TO b`.
    RenameTable {
        from: String,
        to: String,
    },
    /// `SET [LOCAL|SESSION] name = value` (lowercased name).
    Set {
        name: String,
        value: String,
    },
    Begin,
    Commit,
    Rollback,
    VacuumFull,
    LockTable {
        table: String,
    },
    CreateRole,
    /// UPDATE / INSERT / DELETE on a table: a backfill, when it runs in a
    /// transaction that holds DDL locks.
    Dml {
        verb: String,
        table: String,
    },
    /// Anything else, by its leading keyword (uppercased).
    Other(String),
}

/// Splits and parses `text` as Postgres.
pub fn parse(text: &str) -> Script {
    parse_from(text, 1, Dialect::Postgres)
}

/// Splits and parses `text`, whose first line is `first_line` of its file.
pub fn parse_from(text: &str, first_line: u32, dialect: Dialect) -> Script {
    let mut lx = Lexer {
        b: text.as_bytes(),
        i: 0,
        line: first_line,
        dialect,
        out: Script::default(),
        cur: Vec::new(),
        cur_line: first_line,
        delimiter: b";".to_vec(),
    };
    lx.run();
    lx.out
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    line: u32,
    dialect: Dialect,
    out: Script,
    cur: Vec<Tok>,
    cur_line: u32,
    delimiter: Vec<u8>,
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

impl Lexer<'_> {
    fn peek(&self, off: usize) -> u8 {
        self.b.get(self.i + off).copied().unwrap_or(0)
    }

    fn text(&self, from: usize, to: usize) -> String {
        let to = to.min(self.b.len());
        let from = from.min(to);
        String::from_utf8_lossy(&self.b[from..to]).into_owned()
    }

    /// Advances one byte, counting lines.
    fn bump(&mut self) {
        if self.b.get(self.i) == Some(&b'\n') {
            self.line += 1;
        }
        self.i += 1;
    }

    fn push(&mut self, kind: TokKind, text: String, line: u32) {
        if self.cur.is_empty() {
            self.cur_line = line;
        }
        self.cur.push(Tok { kind, text, line });
    }

    fn end_statement(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let toks = std::mem::take(&mut self.cur);
        let end_line = toks.last().map_or(self.cur_line, |t| t.line);
        let stmt = parse_stmt(&toks);
        self.out.statements.push(Statement {
            line: self.cur_line,
            end_line,
            toks,
            stmt,
        });
    }

    fn problem(&mut self, line: u32, message: &str) {
        self.out.problems.push(Problem {
            line,
            message: message.to_string(),
        });
    }

    fn run(&mut self) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            // A statement delimiter (`;` unless MySQL's DELIMITER changed it).
            if self.b[self.i..].starts_with(&self.delimiter) {
                for _ in 0..self.delimiter.len() {
                    self.bump();
                }
                self.end_statement();
                continue;
            }
            match c {
                b'\n' | b' ' | b'\t' | b'\r' | 0x0c => self.bump(),
                b'-' if self.peek(1) == b'-' => self.line_comment(2),
                b'#' if self.dialect == Dialect::Mysql && self.cur.is_empty() => {
                    self.line_comment(1)
                }
                b'/' if self.peek(1) == b'*' => self.block_comment(),
                b'\'' => self.string(false),
                b'e' | b'E' if self.peek(1) == b'\'' => {
                    self.bump();
                    self.string(true);
                }
                b'"' => self.quoted(b'"', TokKind::QuotedIdent),
                b'`' => self.quoted(b'`', TokKind::QuotedIdent),
                b'$' => self.dollar(),
                c if c.is_ascii_digit() => self.number(),
                c if is_word_start(c) => self.word(),
                _ => {
                    let line = self.line;
                    let start = self.i;
                    self.bump();
                    // Operators like `::`, `<>`, `>=` stay one token.
                    while self.i < self.b.len()
                        && matches!(self.b[self.i], b':' | b'<' | b'>' | b'=' | b'!' | b'|')
                        && matches!(c, b':' | b'<' | b'>' | b'=' | b'!' | b'|')
                    {
                        self.bump();
                    }
                    let t = self.text(start, self.i);
                    self.push(TokKind::Punct, t, line);
                }
            }
        }
        self.end_statement();
    }

    fn line_comment(&mut self, marker: usize) {
        let line = self.line;
        let start = self.i + marker;
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
        let body = self.text(start, self.i).trim().to_string();
        // goose sends a StatementBegin/End block as one query, for bodies
        // whose semicolons are not quoted. The split here is for reading,
        // not running: dollar quotes already keep function bodies whole, so
        // the statements inside a block are split like any others (a block
        // of several DDL statements is what needs judging).
        let lower = body.to_ascii_lowercase();
        if lower.starts_with("+goose") {
            self.end_statement();
        }
        self.out.comments.push(Comment { line, text: body });
    }

    fn block_comment(&mut self) {
        let line = self.line;
        let start = self.i + 2;
        self.i += 2;
        let mut depth = 1usize;
        while self.i < self.b.len() && depth > 0 {
            if self.b[self.i] == b'/' && self.peek(1) == b'*' {
                depth += 1;
                self.i += 2;
            } else if self.b[self.i] == b'*' && self.peek(1) == b'/' {
                depth -= 1;
                self.i += 2;
            } else {
                self.bump();
            }
        }
        let end = if depth == 0 { self.i - 2 } else { self.i };
        if depth > 0 {
            self.problem(line, "unterminated block comment");
        }
        let body = self.text(start, end).trim().to_string();
        self.out.comments.push(Comment { line, text: body });
    }

    fn string(&mut self, escapes: bool) {
        let line = self.line;
        self.bump();
        let backslash = escapes || self.dialect == Dialect::Mysql;
        let mut s = Vec::new();
        let mut closed = false;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if backslash && c == b'\\' {
                self.bump();
                if self.i < self.b.len() {
                    s.push(self.b[self.i]);
                    self.bump();
                }
                continue;
            }
            if c == b'\'' {
                if self.peek(1) == b'\'' {
                    s.push(b'\'');
                    self.i += 2;
                    continue;
                }
                self.bump();
                closed = true;
                break;
            }
            s.push(c);
            self.bump();
        }
        if !closed {
            self.problem(line, "unterminated string literal");
        }
        self.push(TokKind::Str, String::from_utf8_lossy(&s).into_owned(), line);
    }

    fn quoted(&mut self, q: u8, kind: TokKind) {
        let line = self.line;
        self.bump();
        let mut s = Vec::new();
        let mut closed = false;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == q {
                if self.peek(1) == q {
                    s.push(q);
                    self.i += 2;
                    continue;
                }
                self.bump();
                closed = true;
                break;
            }
            s.push(c);
            self.bump();
        }
        if !closed {
            self.problem(line, "unterminated quoted identifier");
        }
        self.push(kind, String::from_utf8_lossy(&s).into_owned(), line);
    }

    /// `$$...$$`, `$tag$...$tag$`, or a `$1` parameter.
    fn dollar(&mut self) {
        let line = self.line;
        let start = self.i;
        let mut j = self.i + 1;
        while j < self.b.len() && (self.b[j].is_ascii_alphanumeric() || self.b[j] == b'_') {
            j += 1;
        }
        let tag_ok = j < self.b.len()
            && self.b[j] == b'$'
            && (j == self.i + 1 || !self.b[self.i + 1].is_ascii_digit());
        if !tag_ok {
            // A positional parameter ($1) or a stray dollar.
            self.bump();
            while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
                self.bump();
            }
            let t = self.text(start, self.i);
            self.push(TokKind::Punct, t, line);
            return;
        }
        let tag = self.b[start..=j].to_vec();
        while self.i <= j {
            self.bump();
        }
        let body_start = self.i;
        let found = memchr::memmem::find(&self.b[self.i..], &tag);
        let body_end = match found {
            Some(p) => self.i + p,
            None => {
                self.problem(line, "unterminated dollar-quoted string");
                self.b.len()
            }
        };
        while self.i < body_end {
            self.bump();
        }
        let body = self.text(body_start, body_end);
        if found.is_some() {
            self.i += tag.len();
        }
        self.push(TokKind::Str, body, line);
    }

    fn number(&mut self) {
        let line = self.line;
        let start = self.i;
        while self.i < self.b.len()
            && (self.b[self.i].is_ascii_alphanumeric() || self.b[self.i] == b'.')
        {
            self.bump();
        }
        let t = self.text(start, self.i);
        self.push(TokKind::Number, t, line);
    }

    fn word(&mut self) {
        let line = self.line;
        let start = self.i;
        while self.i < self.b.len() && is_word_char(self.b[self.i]) {
            self.bump();
        }
        let t = self.text(start, self.i);
        // MySQL clients change the delimiter for trigger and routine bodies.
        if self.cur.is_empty() && t.eq_ignore_ascii_case("delimiter") {
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t') {
                self.i += 1;
            }
            let ds = self.i;
            while self.i < self.b.len() && !self.b[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
            if self.i > ds {
                self.delimiter = self.b[ds..self.i].to_vec();
            }
            return;
        }
        self.push(TokKind::Word, t, line);
    }
}

/// A cursor over one statement's tokens.
struct Cur<'a> {
    t: &'a [Tok],
    i: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.t.get(self.i)
    }

    fn at(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is(kw))
    }

    fn eat(&mut self, kw: &str) -> bool {
        if self.at(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Eats the whole keyword sequence or nothing.
    fn eat_all(&mut self, kws: &[&str]) -> bool {
        let ok = kws
            .iter()
            .enumerate()
            .all(|(k, kw)| self.t.get(self.i + k).is_some_and(|t| t.is(kw)));
        if ok {
            self.i += kws.len();
        }
        ok
    }

    fn next(&mut self) -> Option<&'a Tok> {
        let t = self.t.get(self.i);
        self.i += 1;
        t
    }

    /// A possibly qualified name (`schema.table`); returns its last part.
    fn name(&mut self) -> Option<String> {
        let t = self.peek()?;
        if !matches!(t.kind, TokKind::Word | TokKind::QuotedIdent) {
            return None;
        }
        self.i += 1;
        let mut last = t.ident();
        while self.peek().is_some_and(|p| p.is_punct(".")) {
            self.i += 1;
            match self.peek() {
                Some(n) if matches!(n.kind, TokKind::Word | TokKind::QuotedIdent) => {
                    last = n.ident();
                    self.i += 1;
                }
                _ => break,
            }
        }
        Some(last)
    }
}

fn parse_stmt(toks: &[Tok]) -> Stmt {
    let mut c = Cur { t: toks, i: 0 };
    let Some(first) = c.peek() else {
        return Stmt::Other(String::new());
    };
    let head = first.text.to_ascii_uppercase();
    match head.as_str() {
        "CREATE" => {
            c.i += 1;
            parse_create(&mut c).unwrap_or(Stmt::Other(head))
        }
        "ALTER" => {
            c.i += 1;
            if c.eat("TABLE") {
                parse_alter_table(&mut c).unwrap_or(Stmt::Other(head))
            } else {
                Stmt::Other(head)
            }
        }
        "DROP" => {
            c.i += 1;
            if c.eat("TABLE") {
                c.eat_all(&["IF", "EXISTS"]);
                let mut tables = Vec::new();
                while let Some(n) = c.name() {
                    tables.push(n);
                    if !c.peek().is_some_and(|t| t.is_punct(",")) {
                        break;
                    }
                    c.i += 1;
                }
                Stmt::DropTable { tables }
            } else if c.eat("INDEX") {
                Stmt::DropIndex {
                    concurrently: c.eat("CONCURRENTLY"),
                }
            } else {
                Stmt::Other(head)
            }
        }
        "RENAME" => {
            c.i += 1;
            if c.eat("TABLE") {
                match (c.name(), c.eat("TO"), c.name()) {
                    (Some(from), true, Some(to)) => Stmt::RenameTable { from, to },
                    _ => Stmt::Other(head),
                }
            } else {
                Stmt::Other(head)
            }
        }
        "SET" => {
            c.i += 1;
            let _ = c.eat("LOCAL") || c.eat("SESSION");
            match c.next() {
                Some(n) if n.kind == TokKind::Word => {
                    let name = n.text.to_ascii_lowercase();
                    let _ = c.eat("TO")
                        || c.peek().is_some_and(|t| t.is_punct("=")) && {
                            c.i += 1;
                            true
                        };
                    let value = c.peek().map(|t| t.text.clone()).unwrap_or_default();
                    Stmt::Set { name, value }
                }
                _ => Stmt::Other(head),
            }
        }
        "BEGIN" | "START" => {
            // `BEGIN` opens a transaction; `START TRANSACTION` too. A PL/pgSQL
            // `BEGIN ... END` never reaches here (it lives in a string).
            if head == "START" && !toks.get(1).is_some_and(|t| t.is("TRANSACTION")) {
                Stmt::Other(head)
            } else {
                Stmt::Begin
            }
        }
        "COMMIT" | "END" => Stmt::Commit,
        "ROLLBACK" | "ABORT" => Stmt::Rollback,
        "VACUUM" => {
            // VACUUM FULL t, or VACUUM (FULL, ANALYZE) t.
            let full = toks.iter().skip(1).take(8).any(|t| t.is("FULL"));
            if full {
                Stmt::VacuumFull
            } else {
                Stmt::Other(head)
            }
        }
        "LOCK" => {
            c.i += 1;
            c.eat("TABLE");
            c.eat("ONLY");
            match c.name() {
                Some(table) => Stmt::LockTable { table },
                None => Stmt::Other(head),
            }
        }
        "UPDATE" => {
            c.i += 1;
            c.eat("ONLY");
            match c.name() {
                Some(table) => Stmt::Dml { verb: head, table },
                None => Stmt::Other(head),
            }
        }
        "INSERT" | "DELETE" => {
            c.i += 1;
            let _ = c.eat("INTO") || c.eat("FROM");
            match c.name() {
                Some(table) => Stmt::Dml { verb: head, table },
                None => Stmt::Other(head),
            }
        }
        _ => Stmt::Other(head),
    }
}

fn parse_create(c: &mut Cur<'_>) -> Option<Stmt> {
    c.eat_all(&["OR", "REPLACE"]);
    let _ = c.eat("GLOBAL") || c.eat("LOCAL");
    let _ = c.eat("TEMP") || c.eat("TEMPORARY") || c.eat("UNLOGGED");
    if c.eat("USER") || c.eat("ROLE") {
        return Some(Stmt::CreateRole);
    }
    if c.eat("TABLE") {
        c.eat_all(&["IF", "NOT", "EXISTS"]);
        return c.name().map(|table| Stmt::CreateTable { table });
    }
    let unique = c.eat("UNIQUE");
    // MySQL's FULLTEXT and SPATIAL indexes.
    let _ = c.eat("FULLTEXT") || c.eat("SPATIAL");
    if !c.eat("INDEX") {
        return None;
    }
    let concurrently = c.eat("CONCURRENTLY");
    let if_not_exists = c.eat_all(&["IF", "NOT", "EXISTS"]);
    let name = if c.at("ON") { None } else { c.name() };
    if !c.eat("ON") {
        return None;
    }
    let on_only = c.eat("ONLY");
    let table = c.name()?;
    Some(Stmt::CreateIndex {
        name,
        table,
        unique,
        concurrently,
        if_not_exists,
        on_only,
    })
}

fn parse_alter_table(c: &mut Cur<'_>) -> Option<Stmt> {
    c.eat_all(&["IF", "EXISTS"]);
    c.eat("ONLY");
    let table = c.name()?;
    // Actions are separated by commas outside parentheses.
    let mut actions = Vec::new();
    let mut lines = Vec::new();
    let mut start = c.i;
    let mut depth = 0i32;
    let toks = c.t;
    for k in c.i..=toks.len() {
        let end = k == toks.len();
        if !end {
            let t = &toks[k];
            if t.is_punct("(") {
                depth += 1;
            } else if t.is_punct(")") {
                depth -= 1;
            }
            if !(t.is_punct(",") && depth == 0) {
                continue;
            }
        }
        if k > start {
            actions.push(parse_action(&toks[start..k]));
            lines.push(toks[start].line);
        }
        start = k + 1;
    }
    Some(Stmt::AlterTable {
        table,
        actions,
        lines,
    })
}

/// Words that end a column's DEFAULT expression.
const CONSTRAINT_WORDS: &[&str] = &[
    "NOT",
    "NULL",
    "CONSTRAINT",
    "PRIMARY",
    "REFERENCES",
    "CHECK",
    "UNIQUE",
    "GENERATED",
    "COLLATE",
    "AFTER",
    "FIRST",
    "COMMENT",
];

/// Functions whose value differs per row, so a default using them fills
/// every existing row (a table rewrite under an exclusive lock).
const VOLATILE_FUNCS: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuid_generate_v7",
    "uuidv7",
    "uuidv4",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "gen_random_bytes",
];

const SERIAL_TYPES: &[&str] = &[
    "serial",
    "bigserial",
    "smallserial",
    "serial4",
    "serial8",
    "serial2",
];

fn parse_action(t: &[Tok]) -> AlterAction {
    let mut c = Cur { t, i: 0 };
    let head = t
        .first()
        .map(|x| x.text.to_ascii_uppercase())
        .unwrap_or_default();
    if c.eat("ADD") {
        let constraint_start = c.at("CONSTRAINT")
            || c.at("PRIMARY")
            || c.at("UNIQUE")
            || c.at("FOREIGN")
            || c.at("CHECK")
            || c.at("EXCLUDE")
            || c.at("INDEX")
            || c.at("KEY")
            || c.at("FULLTEXT")
            || c.at("SPATIAL");
        if constraint_start {
            return parse_add_constraint(&mut c);
        }
        c.eat("COLUMN");
        c.eat_all(&["IF", "NOT", "EXISTS"]);
        let Some(column) = c.name() else {
            return AlterAction::Other(head);
        };
        return parse_column_def(&mut c, column);
    }
    if c.eat("DROP") {
        if c.at("CONSTRAINT")
            || c.at("INDEX")
            || c.at("KEY")
            || c.at("PRIMARY")
            || c.at("FOREIGN")
            || c.at("DEFAULT")
            || c.at("CHECK")
        {
            return AlterAction::Other(head);
        }
        c.eat("COLUMN");
        c.eat_all(&["IF", "EXISTS"]);
        return match c.name() {
            Some(column) => AlterAction::DropColumn { column },
            None => AlterAction::Other(head),
        };
    }
    if c.eat("ALTER") {
        c.eat("COLUMN");
        let Some(column) = c.name() else {
            return AlterAction::Other(head);
        };
        if c.eat("TYPE") || c.eat_all(&["SET", "DATA", "TYPE"]) {
            return AlterAction::AlterType {
                column,
                restated: false,
            };
        }
        if c.eat_all(&["SET", "NOT", "NULL"]) {
            return AlterAction::SetNotNull { column };
        }
        return AlterAction::Other(head);
    }
    if c.eat("MODIFY") {
        // MySQL: MODIFY [COLUMN] col type ... (a type change, maybe NOT NULL).
        c.eat("COLUMN");
        return match c.name() {
            Some(column) => AlterAction::AlterType {
                column,
                restated: true,
            },
            None => AlterAction::Other(head),
        };
    }
    if c.eat("CHANGE") {
        // MySQL: CHANGE [COLUMN] old new type: a rename when the names differ.
        c.eat("COLUMN");
        return match (c.name(), c.name()) {
            (Some(from), Some(to)) if from != to => AlterAction::RenameColumn { from, to },
            (Some(column), Some(_)) => AlterAction::AlterType {
                column,
                restated: true,
            },
            _ => AlterAction::Other(head),
        };
    }
    if c.eat("RENAME") {
        if c.eat("TO") || c.eat("AS") {
            return match c.name() {
                Some(to) => AlterAction::RenameTable { to },
                None => AlterAction::Other(head),
            };
        }
        if c.at("CONSTRAINT") || c.at("INDEX") || c.at("KEY") {
            return AlterAction::Other(head);
        }
        c.eat("COLUMN");
        return match (c.name(), c.eat("TO"), c.name()) {
            (Some(from), true, Some(to)) => AlterAction::RenameColumn { from, to },
            _ => AlterAction::Other(head),
        };
    }
    if c.eat("VALIDATE") && c.eat("CONSTRAINT") {
        return match c.name() {
            Some(name) => AlterAction::ValidateConstraint { name },
            None => AlterAction::Other(head),
        };
    }
    AlterAction::Other(head)
}

fn parse_column_def(c: &mut Cur<'_>, column: String) -> AlterAction {
    let mut not_null = false;
    let mut default = None;
    let mut primary_key = false;
    let mut fills_rows = None;
    if let Some(ty) = c.peek() {
        let lower = ty.text.to_ascii_lowercase();
        if ty.kind == TokKind::Word && SERIAL_TYPES.contains(&lower.as_str()) {
            fills_rows = Some(lower);
        }
    }
    while let Some(t) = c.peek() {
        if t.is("NOT") && c.t.get(c.i + 1).is_some_and(|n| n.is("NULL")) {
            not_null = true;
            c.i += 2;
        } else if t.is("DEFAULT") {
            c.i += 1;
            let start = c.i;
            let mut depth = 0i32;
            while let Some(x) = c.peek() {
                if depth == 0 && CONSTRAINT_WORDS.iter().any(|w| x.is(w)) {
                    break;
                }
                if x.is_punct("(") {
                    depth += 1;
                } else if x.is_punct(")") {
                    depth -= 1;
                }
                c.i += 1;
            }
            default = Some(default_kind(&c.t[start..c.i]));
        } else if t.is("PRIMARY") {
            primary_key = true;
            c.i += 1;
        } else if t.is("GENERATED") {
            // GENERATED ... AS IDENTITY numbers every row; GENERATED ALWAYS
            // AS (expr) STORED computes every row.
            let rest = &c.t[c.i..];
            if rest.iter().any(|x| x.is("IDENTITY")) {
                fills_rows = Some("identity".into());
            } else if rest.iter().any(|x| x.is("STORED")) {
                fills_rows = Some("stored generated column".into());
            }
            c.i += 1;
        } else if t.is("AUTO_INCREMENT") {
            fills_rows = Some("auto_increment".into());
            c.i += 1;
        } else {
            c.i += 1;
        }
    }
    AlterAction::AddColumn {
        column,
        not_null,
        default,
        primary_key,
        fills_rows,
    }
}

fn default_kind(expr: &[Tok]) -> DefaultKind {
    for (k, t) in expr.iter().enumerate() {
        if t.kind == TokKind::Word {
            let lower = t.text.to_ascii_lowercase();
            let called = expr.get(k + 1).is_some_and(|n| n.is_punct("("));
            if called && VOLATILE_FUNCS.contains(&lower.as_str()) {
                return DefaultKind::Volatile(format!("{lower}()"));
            }
        }
    }
    DefaultKind::Constant
}

fn parse_add_constraint(c: &mut Cur<'_>) -> AlterAction {
    let name = if c.eat("CONSTRAINT") { c.name() } else { None };
    let rest = &c.t[c.i..];
    let not_valid = rest.windows(2).any(|w| w[0].is("NOT") && w[1].is("VALID"));
    let using_index = rest
        .windows(2)
        .any(|w| w[0].is("USING") && w[1].is("INDEX"));
    let kind = if c.eat("FOREIGN") {
        ConstraintKind::ForeignKey
    } else if c.eat("CHECK") {
        ConstraintKind::Check {
            not_null_of: check_not_null_column(&c.t[c.i..]),
        }
    } else if c.eat("UNIQUE") {
        // MySQL: ADD UNIQUE [INDEX|KEY] name (cols) builds an index online.
        if c.at("INDEX") || c.at("KEY") {
            ConstraintKind::Index
        } else {
            ConstraintKind::Unique { using_index }
        }
    } else if c.eat("PRIMARY") {
        ConstraintKind::PrimaryKey { using_index }
    } else if c.at("INDEX") || c.at("KEY") || c.at("FULLTEXT") || c.at("SPATIAL") {
        ConstraintKind::Index
    } else {
        ConstraintKind::Other
    };
    AlterAction::AddConstraint {
        name,
        kind,
        not_valid,
    }
}

/// `(col IS NOT NULL)`, with any number of parentheses, names `col`.
fn check_not_null_column(t: &[Tok]) -> Option<String> {
    let inner: Vec<&Tok> = t
        .iter()
        .filter(|x| !x.is_punct("(") && !x.is_punct(")"))
        .collect();
    match inner.as_slice() {
        [col, is, not, null, rest @ ..]
            if matches!(col.kind, TokKind::Word | TokKind::QuotedIdent)
                && is.is("IS")
                && not.is("NOT")
                && null.is("NULL")
                && rest.iter().all(|r| r.is("NOT") || r.is("VALID")) =>
        {
            Some(col.ident())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmts(sql: &str) -> Vec<(u32, Stmt)> {
        parse(sql)
            .statements
            .into_iter()
            .map(|s| (s.line, s.stmt))
            .collect()
    }

    #[test]
    fn splits_across_strings_comments_and_dollar_quotes() {
        let sql = "-- DROP TABLE a;\nINSERT INTO t VALUES ('a;b', 'it''s;');\n/* outer /* inner; */ still; */\nCREATE FUNCTION f() RETURNS void AS $body$ BEGIN DROP TABLE x; END $body$ LANGUAGE plpgsql;\nSELECT $$;$$, E'\\';', \"we;ird\";\nSELECT 1";
        let s = parse(sql);
        assert_eq!(s.statements.len(), 4, "{:#?}", s.statements);
        assert_eq!(
            s.statements.iter().map(|s| s.line).collect::<Vec<_>>(),
            [2, 4, 5, 6]
        );
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.comments.len(), 2);
        assert!(matches!(s.statements[1].stmt, Stmt::Other(ref h) if h == "CREATE"));
    }

    #[test]
    fn ddl_forms() {
        let cases: &[(&str, Stmt)] = &[
            (
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON public.users (email)",
                Stmt::CreateIndex {
                    name: Some("i".into()),
                    table: "users".into(),
                    unique: true,
                    concurrently: true,
                    if_not_exists: true,
                    on_only: false,
                },
            ),
            (
                "create index on \"Users\" using btree (x)",
                Stmt::CreateIndex {
                    name: None,
                    table: "Users".into(),
                    unique: false,
                    concurrently: false,
                    if_not_exists: false,
                    on_only: false,
                },
            ),
            (
                "CREATE TABLE IF NOT EXISTS s.t (id int)",
                Stmt::CreateTable { table: "t".into() },
            ),
            (
                "DROP TABLE IF EXISTS a, b CASCADE",
                Stmt::DropTable {
                    tables: vec!["a".into(), "b".into()],
                },
            ),
            (
                "RENAME TABLE a TO b",
                Stmt::RenameTable {
                    from: "a".into(),
                    to: "b".into(),
                },
            ),
            (
                "SET lock_timeout = '2s'",
                Stmt::Set {
                    name: "lock_timeout".into(),
                    value: "2s".into(),
                },
            ),
            (
                "SET LOCAL lock_timeout TO '1s'",
                Stmt::Set {
                    name: "lock_timeout".into(),
                    value: "1s".into(),
                },
            ),
            (
                "DROP INDEX CONCURRENTLY IF EXISTS i",
                Stmt::DropIndex { concurrently: true },
            ),
            ("BEGIN", Stmt::Begin),
            ("START TRANSACTION", Stmt::Begin),
            ("COMMIT", Stmt::Commit),
            ("VACUUM (FULL, ANALYZE) t", Stmt::VacuumFull),
            ("VACUUM FULL t", Stmt::VacuumFull),
            ("VACUUM ANALYZE t", Stmt::Other("VACUUM".into())),
            (
                "LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE",
                Stmt::LockTable {
                    table: "accounts".into(),
                },
            ),
            ("CREATE ROLE app LOGIN", Stmt::CreateRole),
            ("CREATE USER app", Stmt::CreateRole),
            (
                "UPDATE users SET x = 1",
                Stmt::Dml {
                    verb: "UPDATE".into(),
                    table: "users".into(),
                },
            ),
        ];
        for (sql, want) in cases {
            let got = stmts(sql);
            assert_eq!(got.len(), 1, "{sql}");
            assert_eq!(&got[0].1, want, "{sql}");
        }
    }

    fn actions(sql: &str) -> Vec<AlterAction> {
        match parse(sql).statements.into_iter().next().map(|s| s.stmt) {
            Some(Stmt::AlterTable { actions, .. }) => actions,
            other => panic!("{sql}: not an ALTER TABLE: {other:?}"),
        }
    }

    #[test]
    fn alter_table_actions() {
        use AlterAction::*;
        let cases: &[(&str, AlterAction)] = &[
            (
                "ALTER TABLE t ADD COLUMN c int NOT NULL",
                AddColumn {
                    column: "c".into(),
                    not_null: true,
                    default: None,
                    primary_key: false,
                    fills_rows: None,
                },
            ),
            (
                "ALTER TABLE t ADD c text NOT NULL DEFAULT 'x'",
                AddColumn {
                    column: "c".into(),
                    not_null: true,
                    default: Some(DefaultKind::Constant),
                    primary_key: false,
                    fills_rows: None,
                },
            ),
            (
                "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid() NOT NULL",
                AddColumn {
                    column: "c".into(),
                    not_null: true,
                    default: Some(DefaultKind::Volatile("gen_random_uuid()".into())),
                    primary_key: false,
                    fills_rows: None,
                },
            ),
            (
                "ALTER TABLE t ADD COLUMN created timestamptz DEFAULT now()",
                AddColumn {
                    column: "created".into(),
                    not_null: false,
                    default: Some(DefaultKind::Constant),
                    primary_key: false,
                    fills_rows: None,
                },
            ),
            (
                "ALTER TABLE t ADD COLUMN id bigserial PRIMARY KEY",
                AddColumn {
                    column: "id".into(),
                    not_null: false,
                    default: None,
                    primary_key: true,
                    fills_rows: Some("bigserial".into()),
                },
            ),
            (
                "ALTER TABLE t DROP COLUMN IF EXISTS c",
                DropColumn { column: "c".into() },
            ),
            (
                "ALTER TABLE t ALTER COLUMN c TYPE bigint",
                AlterType {
                    column: "c".into(),
                    restated: false,
                },
            ),
            (
                "ALTER TABLE t ALTER c SET DATA TYPE text",
                AlterType {
                    column: "c".into(),
                    restated: false,
                },
            ),
            (
                "ALTER TABLE t ALTER COLUMN c SET NOT NULL",
                SetNotNull { column: "c".into() },
            ),
            (
                "ALTER TABLE t RENAME COLUMN a TO b",
                RenameColumn {
                    from: "a".into(),
                    to: "b".into(),
                },
            ),
            ("ALTER TABLE t RENAME TO u", RenameTable { to: "u".into() }),
            (
                "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID",
                AddConstraint {
                    name: Some("fk".into()),
                    kind: ConstraintKind::ForeignKey,
                    not_valid: true,
                },
            ),
            (
                "ALTER TABLE t ADD CONSTRAINT c CHECK ((a IS NOT NULL)) NOT VALID",
                AddConstraint {
                    name: Some("c".into()),
                    kind: ConstraintKind::Check {
                        not_null_of: Some("a".into()),
                    },
                    not_valid: true,
                },
            ),
            (
                "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
                AddConstraint {
                    name: Some("c".into()),
                    kind: ConstraintKind::Check { not_null_of: None },
                    not_valid: false,
                },
            ),
            (
                "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i",
                AddConstraint {
                    name: Some("u".into()),
                    kind: ConstraintKind::Unique { using_index: true },
                    not_valid: false,
                },
            ),
            (
                "ALTER TABLE t VALIDATE CONSTRAINT c",
                ValidateConstraint { name: "c".into() },
            ),
            (
                "ALTER TABLE t MODIFY COLUMN c bigint",
                AlterType {
                    column: "c".into(),
                    restated: true,
                },
            ),
            (
                "ALTER TABLE t CHANGE a b int",
                RenameColumn {
                    from: "a".into(),
                    to: "b".into(),
                },
            ),
            (
                "ALTER TABLE t ADD INDEX i (a)",
                AddConstraint {
                    name: None,
                    kind: ConstraintKind::Index,
                    not_valid: false,
                },
            ),
            ("ALTER TABLE t DROP CONSTRAINT c", Other("DROP".into())),
        ];
        for (sql, want) in cases {
            let got = actions(sql);
            assert_eq!(got.len(), 1, "{sql}: {got:?}");
            assert_eq!(&got[0], want, "{sql}");
        }
        let many = actions("ALTER TABLE t ADD COLUMN a numeric(10, 2), DROP COLUMN b");
        assert_eq!(many.len(), 2, "{many:?}");
    }

    #[test]
    fn goose_blocks_and_mysql_delimiters() {
        let goose = "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() AS $$ x; y $$; ALTER TABLE t ADD c int;\n-- +goose StatementEnd\nDROP TABLE a;";
        let s = parse(goose);
        assert_eq!(s.statements.len(), 3, "{:#?}", s.statements);
        assert_eq!(s.statements[0].line, 3);
        assert!(matches!(s.statements[1].stmt, Stmt::AlterTable { .. }));
        let my = "DELIMITER //\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END//\nDELIMITER ;\nDROP TABLE a;";
        let s = parse_from(my, 1, Dialect::Mysql);
        assert_eq!(s.statements.len(), 2, "{:#?}", s.statements);
        assert_eq!(
            s.statements[1].stmt,
            Stmt::DropTable {
                tables: vec!["a".into()]
            }
        );
        let esc = parse_from(
            "INSERT INTO t VALUES ('it\\'s;'); DROP TABLE b;",
            1,
            Dialect::Mysql,
        );
        assert_eq!(esc.statements.len(), 2);
    }

    #[test]
    fn hostile_input_never_panics() {
        let long = "x".repeat(200_000);
        let inputs: Vec<String> = vec![
            String::new(),
            "'unterminated".into(),
            "\"unterminated".into(),
            "$$ unterminated".into(),
            "$tag$ x $other$".into(),
            "/* /* never closed */".into(),
            "E'\\".into(),
            "ALTER TABLE".into(),
            "ALTER TABLE t ADD".into(),
            "ALTER TABLE t ADD CONSTRAINT".into(),
            "CREATE INDEX".into(),
            "CREATE UNIQUE INDEX CONCURRENTLY".into(),
            "DROP TABLE ,,,".into(),
            "$1 $ $$".into(),
            "DELIMITER".into(),
            "-- +goose StatementBegin\nSELECT 1;".into(),
            "\u{0}\u{1}\u{ff}é€😀;;;".into(),
            format!("SELECT '{long}"),
            format!("ALTER TABLE {long} ADD COLUMN {long}"),
            String::from_utf8_lossy(&[0xff, 0xfe, b'\'', 0x80, b';']).into_owned(),
        ];
        for i in &inputs {
            let s = parse(i);
            let _ = parse_from(i, 7, Dialect::Mysql);
            assert!(s.statements.len() <= i.len() + 1);
        }
        assert_eq!(
            parse("'x").problems[0].message,
            "unterminated string literal"
        );
        assert_eq!(parse("\n\n$$x").problems[0].line, 3);
    }
}
