//! Migrations written as code in C#, PHP, Go and JavaScript/TypeScript:
//! Entity Framework Core and FluentMigrator, Laravel, Doctrine and Phinx,
//! goose Go migrations, gormigrate, a Go list of migration functions, and
//! up/down scripts (node-pg-migrate, umzug, migrate-mongo, hand-rolled
//! runners) that name no ORM.
//!
//! Each file is first blanked: the contents of comments and string literals
//! become spaces (newlines kept), so searching for `void Down(` or matching
//! braces never trips on a comment or a string. The literals are kept with
//! their lines; those in a forward body that start like SQL are parsed as
//! SQL. All of this is pattern-level evidence, like `orm.rs`: the checks
//! grade what comes from here at most medium.

use super::{
    has_dir, leading_digits, new_file, order_key, Down, Framework, MigrationFile, OrmKind, OrmOp,
    Role, Unit,
};
use crate::formats::sql::{self, Dialect, Statement};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    CSharp,
    Php,
    Go,
    Js,
}

/// A string literal: where its content starts (byte) and its content.
struct Lit {
    start: usize,
    text: String,
}

/// A source file with comments and string contents blanked.
struct Src<'a> {
    text: &'a str,
    blank: String,
    lits: Vec<Lit>,
    /// Byte offsets of line starts, for line numbers.
    starts: Vec<usize>,
}

impl<'a> Src<'a> {
    fn new(text: &'a str, lang: Lang) -> Self {
        let (blank, lits) = blank_out(text, lang);
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Src {
            text,
            blank,
            lits,
            starts,
        }
    }

    /// 1-based line of a byte offset.
    fn line(&self, at: usize) -> u32 {
        self.starts.partition_point(|s| *s <= at) as u32
    }

    /// Where `needle` occurs in code (not in a comment or string) and is
    /// not the tail of a longer name, from `from`.
    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(p) = self.blank.get(at..)?.find(needle) {
            let pos = at + p;
            let before = self.blank[..pos].chars().next_back();
            let starts_word = needle
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !starts_word
                || before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            {
                return Some(pos);
            }
            at = pos + needle.len();
        }
        None
    }

    fn find_all(&self, needle: &str, range: (usize, usize)) -> Vec<usize> {
        let mut out = Vec::new();
        let mut from = range.0;
        while let Some(p) = self.find(needle, from) {
            if p >= range.1 {
                break;
            }
            out.push(p);
            from = p + needle.len();
        }
        out
    }

    /// The byte after the bracket matching the opening one at `open`.
    fn close_of(&self, open: usize) -> Option<usize> {
        let b = self.blank.as_bytes();
        let (o, c) = match b.get(open)? {
            b'{' => (b'{', b'}'),
            b'(' => (b'(', b')'),
            b'[' => (b'[', b']'),
            _ => return None,
        };
        let mut depth = 0i64;
        for (k, ch) in b[open..].iter().enumerate() {
            if *ch == o {
                depth += 1;
            } else if *ch == c {
                depth -= 1;
                if depth == 0 {
                    return Some(open + k + 1);
                }
            }
        }
        None
    }

    /// The body `{ ... }` of the function or method whose head starts at
    /// `head`: (inside start, inside end). None when the head ends in `;`
    /// (a declaration) or `=>` an expression before any brace.
    fn body(&self, head: usize) -> Option<(usize, usize)> {
        let rest = self.blank.get(head..)?;
        let open = rest.find('{')?;
        let before = &rest[..open];
        // The parameter list closes before the body; a `;` there means the
        // head had no body at all.
        if before.contains(';') {
            return None;
        }
        let open = head + open;
        let close = self.close_of(open)?;
        Some((open + 1, close - 1))
    }

    /// Literals whose content starts inside `range`.
    fn lits_in(&self, range: (usize, usize)) -> impl Iterator<Item = &Lit> {
        self.lits
            .iter()
            .filter(move |l| l.start >= range.0 && l.start < range.1)
    }

    /// The first string literal after `at` (within `limit` bytes).
    fn first_lit_after(&self, at: usize, limit: usize) -> Option<&Lit> {
        self.lits
            .iter()
            .find(|l| l.start > at && l.start < at + limit)
    }
}

/// Blanks comments and string contents; collects string literals.
fn blank_out(text: &str, lang: Lang) -> (String, Vec<Lit>) {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut lits = Vec::new();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for x in out.iter_mut().take(to).skip(from) {
            if *x != b'\n' {
                *x = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == b'/' && next == Some(b'/') || (lang == Lang::Php && c == b'#' && next != Some(b'['))
        {
            let end = b[i..]
                .iter()
                .position(|x| *x == b'\n')
                .map_or(b.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if c == b'/' && next == Some(b'*') {
            let end = text[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
            blank(&mut out, i, end);
            i = end;
        } else if c == b'"' || c == b'\'' || c == b'`' {
            let verbatim = lang == Lang::CSharp && c == b'"' && i > 0 && b[i - 1] == b'@';
            let raw = c == b'`' && lang == Lang::Go;
            let start = i + 1;
            let mut j = start;
            while j < b.len() {
                if b[j] == b'\\' && !verbatim && !raw {
                    j += 2;
                    continue;
                }
                if b[j] == c {
                    if verbatim && b.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                // Only raw, template and verbatim literals span lines.
                if b[j] == b'\n' && !(verbatim || c == b'`') {
                    break;
                }
                j += 1;
            }
            let end = j.min(b.len());
            lits.push(Lit {
                start,
                text: String::from_utf8_lossy(&b[start..end]).into_owned(),
            });
            blank(&mut out, start, end);
            i = end + 1;
        } else {
            i += 1;
        }
    }
    let blank = String::from_utf8(out).unwrap_or_else(|e| {
        String::from_utf8_lossy(e.as_bytes())
            .chars()
            .map(|c| if c == '\u{fffd}' { ' ' } else { c })
            .collect()
    });
    (blank, lits)
}

/// How a backward (or forward) body reads: empty, a bare throw, or work.
fn judge_body(src: &Src<'_>, body: (usize, usize), head: usize) -> Down {
    let inner = src.blank.get(body.0..body.1).unwrap_or("").trim();
    let first = src.blank[body.0..]
        .find(|c: char| !c.is_whitespace())
        .map_or(body.0, |p| body.0 + p);
    if inner.is_empty() || inner == "return;" || inner == "return nil" || inner == "return null;" {
        return Down::Empty(src.line(head));
    }
    let statements = inner.matches(';').count().max(1);
    if statements <= 1 && (inner.starts_with("throw ") || inner.starts_with("return errors.New(")) {
        return Down::Raises(src.line(first));
    }
    Down::Present(src.line(first))
}

const SQL_HEADS: &[&str] = &[
    "ALTER ",
    "CREATE ",
    "DROP ",
    "UPDATE ",
    "INSERT ",
    "DELETE ",
    "RENAME ",
    "TRUNCATE ",
    "LOCK ",
    "VACUUM",
    "COMMENT ON",
    "GRANT ",
    "REVOKE ",
];

/// SQL held in string literals of a body: parsed per literal with its own
/// first line. `${...}` / `%s` placeholders become a plain name.
fn embedded_sql(src: &Src<'_>, body: (usize, usize), dialect: Dialect) -> Vec<Statement> {
    let mut out = Vec::new();
    for l in src.lits_in(body) {
        let head: String = l
            .text
            .trim_start()
            .chars()
            .take(12)
            .collect::<String>()
            .to_ascii_uppercase();
        if !SQL_HEADS.iter().any(|h| head.starts_with(h.trim_end())) {
            continue;
        }
        let cleaned = placeholders(&l.text);
        let s = sql::parse_from(&cleaned, src.line(l.start), dialect);
        out.extend(s.statements);
    }
    out
}

/// Replaces `${...}` (keeping its newlines) and `%s`/`%d` with `x`.
fn placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("${") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 2..];
        let mut depth = 1i32;
        let mut end = after.len();
        for (k, ch) in after.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push('x');
        for _ in after[..end].matches('\n') {
            out.push('\n');
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out.replace("%s", "x").replace("%d", "1").replace("%v", "x")
}

fn op_at(src: &Src<'_>, at: usize, kind: OrmKind, table: Option<String>) -> OrmOp {
    let line = src.line(at);
    let text = src
        .text
        .get(src.starts[line as usize - 1]..)
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(160)
        .collect();
    OrmOp {
        line,
        kind,
        table: table.map(|t| t.to_ascii_lowercase()),
        text,
    }
}

/// The literal given to a named argument (`table: "Users"`) inside a call
/// spanning `call` (bytes).
fn named_lit(src: &Src<'_>, call: (usize, usize), key: &str) -> Option<String> {
    let needle = format!("{key}:");
    let p = src.find(&needle, call.0).filter(|p| *p < call.1)?;
    src.first_lit_after(p, 40).map(|l| l.text.clone())
}

/// The span of the call whose name ends at `at` (the `(` follows, maybe
/// after generic arguments).
fn call_span(src: &Src<'_>, at: usize) -> Option<(usize, usize)> {
    let open = at + src.blank.get(at..)?.find('(')?;
    let close = src.close_of(open)?;
    Some((open, close))
}

fn text_of<'s>(src: &'s Src<'_>, span: (usize, usize)) -> &'s str {
    src.blank.get(span.0..span.1).unwrap_or("")
}

// ------------------------------------------------------------------ C#

pub(super) fn csharp(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    // EF Core writes each migration as three files: the migration, its
    // `.Designer.cs` metadata and the model snapshot. Only the first is one.
    if name.ends_with(".Designer.cs") || name.ends_with("ModelSnapshot.cs") {
        return None;
    }
    let src = Src::new(text, Lang::CSharp);
    let (fw, how) = if src.find("MigrationBuilder", 0).is_some() {
        (
            Framework::EfCore,
            "class overriding Up(MigrationBuilder) (Entity Framework Core)",
        )
    } else if text.contains("FluentMigrator") {
        (
            Framework::FluentMigrator,
            "class deriving from FluentMigrator's Migration",
        )
    } else {
        return None;
    };
    let up = src.find("void Up(", 0)?;
    let up_body = src.body(up)?;
    let mut f = new_file(
        fw,
        format!("{dir}/*.cs: {how}"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(leading_digits(name)),
    );
    let mut u = Unit::new(name.to_string(), src.line(up));
    let class_line = src
        .find("class ", 0)
        .map(|p| &src.blank[p..(p + 200).min(src.blank.len())])
        .unwrap_or("");
    u.down = if fw == Framework::FluentMigrator && class_line.contains("AutoReversingMigration") {
        Down::Automatic
    } else if fw == Framework::FluentMigrator && class_line.contains("ForwardOnlyMigration") {
        Down::ForwardOnly
    } else {
        match src.find("void Down(", 0) {
            None => Down::Missing,
            Some(d) => match src.body(d) {
                Some(body) => judge_body(&src, body, d),
                None => Down::Missing,
            },
        }
    };
    f.blank = text_of(&src, up_body).trim().is_empty();
    u.up_ops = if fw == Framework::EfCore {
        ef_ops(&src, up_body)
    } else {
        fluent_ops(&src, up_body)
    };
    // Npgsql runs a concurrently created index outside the migration's
    // transaction by itself.
    if u.up_ops
        .iter()
        .any(|o| o.kind == OrmKind::CreateIndex { concurrent: true })
    {
        u.no_transaction = Some("Npgsql suppresses the transaction for CreatedConcurrently".into());
    }
    u.up_sql = embedded_sql(&src, up_body, Dialect::Postgres);
    f.units.push(u);
    Some(f)
}

fn ef_ops(src: &Src<'_>, body: (usize, usize)) -> Vec<OrmOp> {
    let mut out = Vec::new();
    let verbs: &[&str] = &[
        "CreateTable",
        "CreateIndex",
        "DropColumn",
        "RenameColumn",
        "RenameTable",
        "AlterColumn",
        "DropTable",
        "AddForeignKey",
        "AddColumn",
        "AddUniqueConstraint",
        "AddCheckConstraint",
    ];
    for verb in verbs {
        for at in src.find_all(&format!(".{verb}"), body) {
            // `.CreateTable(` or `.AddColumn<int>(`, not `.CreateTableX(`.
            let after = src.blank.as_bytes().get(at + 1 + verb.len()).copied();
            if !matches!(after, Some(b'(' | b'<')) {
                continue;
            }
            let Some(call) = call_span(src, at) else {
                continue;
            };
            let table_key = if matches!(*verb, "CreateTable" | "DropTable" | "RenameTable") {
                "name"
            } else {
                "table"
            };
            let table = named_lit(src, call, table_key);
            // `RenameTable(name: "Users", schema: "x", newName: "Users")`
            // moves the table to another schema; its name stays.
            if *verb == "RenameTable" && table.is_some() && named_lit(src, call, "newName") == table
            {
                continue;
            }
            // An AlterColumn that restates the store type changes only
            // nullability, a default or a length.
            let same_type = matches!(
                (named_lit(src, call, "type"), named_lit(src, call, "oldType")),
                (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b)
            );
            let has = |k: &str| {
                src.find(&format!("{k}:"), call.0)
                    .is_some_and(|p| p < call.1)
            };
            let flag = |k: &str, v: &str| {
                src.find(&format!("{k}:"), call.0)
                    .filter(|p| *p < call.1)
                    .is_some_and(|p| src.blank[p + k.len() + 1..].trim_start().starts_with(v))
            };
            let kind = match *verb {
                "CreateTable" => Some(OrmKind::CreateTable),
                // Npgsql marks `IsCreatedConcurrently()` indexes with an
                // annotation chained to the call.
                "CreateIndex" | "AddUniqueConstraint" => Some(OrmKind::CreateIndex {
                    concurrent: src.text[call.1..]
                        .split(';')
                        .next()
                        .is_some_and(|chain| chain.contains("CreatedConcurrently\", true")),
                }),
                "DropColumn" => Some(OrmKind::DropColumn),
                "RenameColumn" => Some(OrmKind::RenameColumn),
                "RenameTable" => Some(OrmKind::RenameTable),
                "AlterColumn" if flag("nullable", "false") && flag("oldNullable", "true") => {
                    Some(OrmKind::SetNotNull)
                }
                "AlterColumn" if same_type => None,
                "AlterColumn" => Some(OrmKind::AlterType),
                "DropTable" => Some(OrmKind::DropTable),
                "AddForeignKey" => Some(OrmKind::AddForeignKey { not_valid: false }),
                "AddCheckConstraint" => Some(OrmKind::AddCheck { not_valid: false }),
                "AddColumn"
                    if flag("nullable", "false")
                        && !has("defaultValue")
                        && !has("defaultValueSql")
                        && !has("computedColumnSql") =>
                {
                    Some(OrmKind::AddNotNullNoDefault)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                out.push(op_at(src, at, kind, table));
            }
        }
    }
    out.sort_by_key(|o| o.line);
    out
}

fn fluent_ops(src: &Src<'_>, body: (usize, usize)) -> Vec<OrmOp> {
    let mut out = Vec::new();
    let verbs: &[(&str, OrmKind)] = &[
        ("Create.Table(", OrmKind::CreateTable),
        ("Create.Index(", OrmKind::CreateIndex { concurrent: false }),
        ("Delete.Column(", OrmKind::DropColumn),
        ("Rename.Column(", OrmKind::RenameColumn),
        ("Rename.Table(", OrmKind::RenameTable),
        ("Alter.Column(", OrmKind::AlterType),
        ("Delete.Table(", OrmKind::DropTable),
        (
            "Create.ForeignKey(",
            OrmKind::AddForeignKey { not_valid: false },
        ),
    ];
    for (verb, kind) in verbs {
        for at in src.find_all(verb, body) {
            // The table: the argument of Create.Table / Delete.Table, or
            // of a later `.OnTable(` / `.FromTable(` in the same statement.
            let stmt_end = src.blank[at..].find(';').map_or(body.1, |p| at + p);
            let table = if matches!(kind, OrmKind::CreateTable | OrmKind::DropTable) {
                src.first_lit_after(at, 80).map(|l| l.text.clone())
            } else {
                ["OnTable(", "FromTable(", "FromTable(", "Table("]
                    .iter()
                    .filter_map(|n| src.find(&format!(".{n}"), at).filter(|p| *p < stmt_end))
                    .min()
                    .and_then(|p| src.first_lit_after(p, 40))
                    .map(|l| l.text.clone())
            };
            out.push(op_at(src, at, kind.clone(), table));
        }
    }
    out.sort_by_key(|o| o.line);
    out
}

// ----------------------------------------------------------------- PHP

pub(super) fn php(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    let src = Src::new(text, Lang::Php);
    // `DoctrineMigrations` is the namespace Doctrine generates migrations
    // into, whichever AbstractMigration subclass a project extends.
    let (fw, how) = if text.contains("Doctrine\\Migrations")
        || (text.contains("namespace DoctrineMigrations") && text.contains("extends "))
    {
        (
            Framework::Doctrine,
            "class extending Doctrine's AbstractMigration",
        )
    } else if text.contains("Phinx\\Migration") {
        (
            Framework::Phinx,
            "class extending Phinx's AbstractMigration",
        )
    } else if src.find("extends Migration", 0).is_some()
        || text.contains("Illuminate\\Database\\Migrations")
    {
        (Framework::Laravel, "class extending Laravel's Migration")
    } else {
        return None;
    };
    let up = src.find("function up(", 0);
    let change = src.find("function change(", 0);
    let forward = up.or(change)?;
    let up_body = src.body(forward)?;
    // Laravel and Phinx names start with a timestamp; Doctrine's are
    // `Version20240101120000.php`.
    let version: String = name
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '_')
        .collect();
    let mut f = new_file(
        fw,
        format!("{dir}/*.php: {how}"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(&version),
    );
    let mut u = Unit::new(name.to_string(), src.line(forward));
    u.down = match src.find("function down(", 0) {
        Some(d) => src
            .body(d)
            .map_or(Down::Missing, |body| judge_body(&src, body, d)),
        // Phinx reverses `change()` by itself.
        None if fw == Framework::Phinx && up.is_none() => Down::Automatic,
        None => Down::Missing,
    };
    f.blank = text_of(&src, up_body).trim().is_empty();
    if fw == Framework::Laravel {
        u.up_ops = laravel_ops(&src, up_body);
    }
    u.up_sql = embedded_sql(&src, up_body, Dialect::Postgres);
    f.units.push(u);
    Some(f)
}

const LARAVEL_COLUMNS: &[&str] = &[
    "bigInteger",
    "binary",
    "boolean",
    "char",
    "date",
    "dateTime",
    "dateTimeTz",
    "decimal",
    "double",
    "enum",
    "float",
    "foreignId",
    "foreignUlid",
    "foreignUuid",
    "integer",
    "ipAddress",
    "json",
    "jsonb",
    "longText",
    "macAddress",
    "mediumInteger",
    "mediumText",
    "smallInteger",
    "string",
    "text",
    "time",
    "timeTz",
    "timestamp",
    "timestampTz",
    "tinyInteger",
    "tinyText",
    "unsignedBigInteger",
    "unsignedInteger",
    "unsignedMediumInteger",
    "unsignedSmallInteger",
    "unsignedTinyInteger",
    "ulid",
    "uuid",
    "year",
];

fn laravel_ops(src: &Src<'_>, body: (usize, usize)) -> Vec<OrmOp> {
    let mut out = Vec::new();
    let table_arg = |at: usize| src.first_lit_after(at, 60).map(|l| l.text.clone());
    for (verb, kind) in [
        ("Schema::create(", Some(OrmKind::CreateTable)),
        ("Schema::drop(", Some(OrmKind::DropTable)),
        ("Schema::dropIfExists(", Some(OrmKind::DropTable)),
        ("Schema::rename(", Some(OrmKind::RenameTable)),
        ("Schema::dropColumns(", Some(OrmKind::DropColumn)),
        ("Schema::table(", None),
    ] {
        for at in src.find_all(verb, body) {
            let table = table_arg(at);
            if let Some(kind) = &kind {
                out.push(op_at(src, at, kind.clone(), table));
                continue;
            }
            let Some(call) = call_span(src, at) else {
                continue;
            };
            out.extend(blueprint_ops(src, call, table));
        }
    }
    out.sort_by_key(|o| o.line);
    out
}

/// The column operations inside `Schema::table('t', function (Blueprint $x)
/// { ... })`.
fn blueprint_ops(src: &Src<'_>, call: (usize, usize), table: Option<String>) -> Vec<OrmOp> {
    let mut out = Vec::new();
    let var = src
        .find("Blueprint $", call.0)
        .filter(|p| *p < call.1)
        .map(|p| {
            let rest = &src.blank[p + "Blueprint ".len()..];
            rest.chars()
                .take_while(|c| *c == '$' || c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .unwrap_or_else(|| "$table".to_string());
    let arrow = format!("{var}->");
    let mut from = call.0;
    while let Some(p) = src.blank[from..call.1].find(&arrow).map(|p| from + p) {
        let end = src.blank[p..call.1].find(';').map_or(call.1, |e| p + e);
        let chain = &src.blank[p + arrow.len()..end];
        from = end.max(p + 1);
        let methods: Vec<&str> = chain
            .split("->")
            .map(|m| m.trim().split('(').next().unwrap_or("").trim())
            .collect();
        let first = methods.first().copied().unwrap_or("");
        let has = |m: &str| methods.iter().any(|x| x.eq_ignore_ascii_case(m));
        let kind = if matches!(
            first,
            "dropColumn"
                | "dropColumns"
                | "removeColumn"
                | "dropTimestamps"
                | "dropSoftDeletes"
                | "dropMorphs"
                | "dropConstrainedForeignId"
                | "dropRememberToken"
        ) {
            Some(OrmKind::DropColumn)
        } else if first == "renameColumn" {
            Some(OrmKind::RenameColumn)
        } else if first == "rename" {
            Some(OrmKind::RenameTable)
        } else if has("change") {
            Some(OrmKind::AlterType)
        } else if matches!(
            first,
            "index" | "unique" | "fullText" | "fulltext" | "spatialIndex" | "rawIndex"
        ) {
            Some(OrmKind::CreateIndex { concurrent: false })
        } else if first == "foreign" {
            Some(OrmKind::AddForeignKey { not_valid: false })
        } else if LARAVEL_COLUMNS.contains(&first) {
            if has("constrained") || has("references") {
                Some(OrmKind::AddForeignKey { not_valid: false })
            } else if has("index") || has("unique") {
                Some(OrmKind::CreateIndex { concurrent: false })
            } else if !(has("nullable")
                || has("default")
                || has("useCurrent")
                || has("storedAs")
                || has("virtualAs"))
            {
                Some(OrmKind::AddNotNullNoDefault)
            } else {
                None
            }
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(op_at(src, p, kind, table.clone()));
        }
    }
    out
}

// ------------------------------------------------------------------ Go

pub(super) fn go(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    if name.ends_with("_test.go") {
        return None;
    }
    let src = Src::new(text, Lang::Go);
    if let Some(f) = go_registered(&src, path, dir, name) {
        return Some(f);
    }
    if let Some(f) = gormigrate(&src, path, dir, name) {
        return Some(f);
    }
    if let Some(f) = go_versioned(&src, path, dir, name) {
        return Some(f);
    }
    go_list(&src, path).or_else(|| go_named_list(&src, path))
}

/// listmonk's layout: one file per release in a migrations directory
/// (`migrations/v2.0.0.go`), each holding the function that upgrades the
/// schema to that release with `db.Exec` of SQL; a list elsewhere runs
/// them in order. Forward-only: one migration per function that executes
/// SQL.
fn go_versioned(src: &Src<'_>, path: &str, dir: &str, name: &str) -> Option<MigrationFile> {
    let stem = name.strip_suffix(".go")?;
    let version = stem.strip_prefix('v').unwrap_or(stem);
    if !version.starts_with(|c: char| c.is_ascii_digit())
        || !has_dir(path, &["migrations", "migration", "migrate"])
    {
        return None;
    }
    let mut f = new_file(
        Framework::GoCode,
        format!("{dir}/*.go: a Go function per release that executes its SQL"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(version),
    );
    for at in src.find_all("func ", (0, src.blank.len())) {
        // Top-level declarations only: `func` at the start of a line.
        if at > 0 && src.blank.as_bytes()[at - 1] != b'\n' {
            continue;
        }
        let Some(body) = src.body(at) else {
            continue;
        };
        if src.find_all(".Exec(", body).is_empty() {
            continue;
        }
        let mut u = Unit::new(format!("{name}#{}", src.line(at)), src.line(at));
        u.up_sql = embedded_sql(src, body, Dialect::Postgres);
        u.down = Down::ForwardOnly;
        f.units.push(u);
    }
    (!f.units.is_empty()).then_some(f)
}

/// goose's `goose.AddMigration(up, down)` (and its Context / NoTx /
/// Named variants) and pocketbase-style `m.Register(up, down)` in a
/// migrations directory: one migration per call.
fn go_registered(src: &Src<'_>, path: &str, dir: &str, name: &str) -> Option<MigrationFile> {
    let goose = [
        "goose.AddMigration",
        "goose.AddNamedMigration",
        "goose.AddMigrationNoTx",
        "goose.AddNamedMigrationNoTx",
        "goose.AddMigrationContext",
        "goose.AddNamedMigrationContext",
        "goose.AddMigrationNoTxContext",
        "goose.AddNamedMigrationNoTxContext",
    ];
    let in_dir = has_dir(path, &["migrations", "migration", "migrate"]);
    let mut calls: Vec<(usize, bool, bool)> = Vec::new(); // (at, named, no_tx)
    for g in goose {
        for at in src.find_all(&format!("{g}("), (0, src.blank.len())) {
            calls.push((at, g.contains("Named"), g.contains("NoTx")));
        }
    }
    let (fw, how) = if !calls.is_empty() {
        (Framework::Goose, "goose Go migration (goose.AddMigration)")
    } else if in_dir {
        for at in src.find_all("Register(", (0, src.blank.len())) {
            let before = &src.blank[at.saturating_sub(12)..at];
            if before.ends_with("m.") || before.ends_with("migrations.") {
                calls.push((at, false, false));
            }
        }
        if calls.is_empty() {
            return None;
        }
        (
            Framework::GoCode,
            "Go migration registering up and down functions",
        )
    } else {
        return None;
    };
    calls.sort_unstable();
    let mut f = new_file(
        fw,
        format!("{dir}/*.go: {how}"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(leading_digits(name)),
    );
    for (at, named, no_tx) in calls {
        let Some(call) = call_span(src, at) else {
            continue;
        };
        let args = top_args(src, call);
        let skip = usize::from(named);
        let up = args.get(skip).copied();
        let down = args.get(skip + 1).copied();
        let mut u = Unit::new(name.to_string(), src.line(at));
        if no_tx {
            u.no_transaction = Some(format!("line {}: NoTx", src.line(at)));
        } else if fw == Framework::GoCode {
            u.no_transaction =
                Some("a registered Go migration: its transaction is not visible".into());
        }
        if let Some((_, body)) = up.and_then(|a| fn_body(src, a)) {
            u.up_sql = embedded_sql(src, body, Dialect::Postgres);
        }
        u.down = match down {
            None => Down::Missing,
            Some(a) if src.blank[a.0..a.1].trim() == "nil" => Down::Missing,
            Some(a) => match fn_body(src, a) {
                Some((head, body)) => judge_body(src, body, head),
                None => Down::Present(src.line(a.0)),
            },
        };
        f.units.push(u);
    }
    (!f.units.is_empty()).then_some(f)
}

/// Top-level argument spans of a call `( ... )`.
fn top_args(src: &Src<'_>, call: (usize, usize)) -> Vec<(usize, usize)> {
    let b = src.blank.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = call.0 + 1;
    let end = call.1.saturating_sub(1);
    for (i, ch) in b.iter().enumerate().take(end).skip(call.0 + 1) {
        match ch {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => depth -= 1,
            b',' if depth == 0 => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    if src.blank[start..end.max(start)].trim().is_empty() {
        return out;
    }
    out.push((start, end));
    out
}

/// The body of a function argument: a literal `func(...) ... { }` or the
/// name of a function declared in the file.
fn fn_body(src: &Src<'_>, arg: (usize, usize)) -> Option<(usize, (usize, usize))> {
    let a = src.blank.get(arg.0..arg.1)?.trim();
    if a.starts_with("func") {
        let at = arg.0 + src.blank[arg.0..].find("func")?;
        return src.body(at).map(|b| (at, b));
    }
    if a.is_empty() || !a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let head = src.find(&format!("func {a}("), 0)?;
    src.body(head).map(|b| (head, b))
}

/// gormigrate: `[]*gormigrate.Migration{{ID: ..., Migrate: ..., Rollback:
/// ...}}`: one migration per `ID:`.
fn gormigrate(src: &Src<'_>, path: &str, dir: &str, name: &str) -> Option<MigrationFile> {
    if !src.text.contains("gormigrate") {
        return None;
    }
    let ids = src.find_all("ID:", (0, src.blank.len()));
    if ids.is_empty() {
        return None;
    }
    let mut f = new_file(
        Framework::Gormigrate,
        format!("{dir}/*.go: gormigrate.Migration entries"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(leading_digits(name)),
    );
    for (k, at) in ids.iter().enumerate() {
        let until = ids.get(k + 1).copied().unwrap_or(src.blank.len());
        let mut u = Unit::new(
            src.first_lit_after(*at, 40)
                .map_or_else(|| name.to_string(), |l| format!("{name}#{}", l.text)),
            src.line(*at),
        );
        if let Some(m) = src.find("Migrate:", *at).filter(|p| *p < until) {
            if let Some(body) = src.body(m).filter(|b| b.1 <= until) {
                u.up_sql = embedded_sql(src, body, Dialect::Postgres);
            }
        }
        u.down = match src.find("Rollback:", *at).filter(|p| *p < until) {
            None => Down::Missing,
            Some(r) => {
                let v = src.blank[r + "Rollback:".len()..].trim_start();
                if v.starts_with("nil") {
                    Down::Missing
                } else {
                    match src.body(r).filter(|b| b.1 <= until) {
                        Some(body) => judge_body(src, body, r),
                        None => Down::Present(src.line(r)),
                    }
                }
            }
        };
        f.units.push(u);
    }
    Some(f)
}

/// Whether the slice literal at `at` is assigned to a migration-named
/// variable: the name, on the same line before `=`.
fn assigns_migration_list(b: &str, at: usize) -> bool {
    let line_start = b[..at].rfind('\n').map_or(0, |p| p + 1);
    let before = b[line_start..at].to_ascii_lowercase();
    before.contains("migration") && before.contains('=')
}

/// The file of a Go list of `what`, one forward-only migration per element.
fn go_list_file(path: &str, what: &str) -> MigrationFile {
    new_file(
        Framework::GoCode,
        format!("{path}: Go list of {what} applied in order"),
        Role::Both,
        path.to_string(),
        path,
        Vec::new(),
    )
}

/// A Go list of migration functions applied in order
/// (`var migrations = []func(tx *sql.Tx) error{ func(tx *sql.Tx) error {...}, ...}`):
/// each element is one forward-only migration.
fn go_list(src: &Src<'_>, path: &str) -> Option<MigrationFile> {
    let b = &src.blank;
    let head = ["[]func(", "[...]func("].iter().find_map(|pat| {
        src.find_all(pat, (0, b.len()))
            .into_iter()
            .find(|&at| assigns_migration_list(b, at))
    })?;
    // The func type's parameter list, then the literal's brace.
    let params = head + b[head..].find('(')?;
    let after_params = src.close_of(params)?;
    let open = after_params + b[after_params..].find('{')?;
    let close = src.close_of(open)?;
    let mut f = go_list_file(path, "migration functions");
    let mut k = 0u64;
    for (start, end) in top_args(src, (open, close)) {
        let Some((at, body)) = fn_body(src, (start, end)) else {
            continue;
        };
        k += 1;
        let mut u = Unit::new(format!("{path}#{k}"), src.line(at));
        u.up_sql = embedded_sql(src, body, Dialect::Postgres);
        u.down = Down::ForwardOnly;
        // A function handed a transaction (`func(tx *sql.Tx)`) runs in it;
        // one handed the database does not.
        if !src.blank[at..body.0].contains("Tx") {
            u.no_transaction = Some(format!(
                "line {}: the migration function takes no transaction",
                src.line(at)
            ));
        }
        f.units.push(u);
    }
    f.order = vec![k];
    (!f.units.is_empty()).then_some(f)
}

/// Gogs' and Gitea's layout: `var migrations = []Migration{
/// NewMigration("what it does", fn), ... }`, a list of named steps whose
/// functions live in other files. Each call is one forward-only
/// migration; a list needs two or more to count as one.
fn go_named_list(src: &Src<'_>, path: &str) -> Option<MigrationFile> {
    let b = &src.blank;
    let head = src
        .find_all("[]", (0, b.len()))
        .into_iter()
        .find(|&at| assigns_migration_list(b, at))?;
    let line_end = b[head..].find('\n').map_or(b.len(), |p| head + p);
    let open = head + b[head..line_end].find('{')?;
    let close = src.close_of(open)?;
    let mut f = go_list_file(path, "named migration steps");
    let mut k = 0u64;
    for (start, end) in top_args(src, (open, close)) {
        let arg = b[start..end].trim_start();
        let Some((callee, _)) = arg.split_once('(') else {
            continue;
        };
        let callee = callee.trim_end();
        let bare = callee.rsplit('.').next().unwrap_or(callee);
        if !bare.ends_with("Migration")
            || !bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        k += 1;
        let at = start + (end - start - b[start..end].trim_start().len());
        let mut u = Unit::new(format!("{path}#{k}"), src.line(at));
        u.down = Down::ForwardOnly;
        f.units.push(u);
    }
    f.order = vec![k];
    (f.units.len() >= 2).then_some(f)
}

// ------------------------------------------------- JavaScript up/down

/// Where a script defines its forward step.
const JS_UPS: &[&str] = &[
    "exports.up",
    "export async function up(",
    "export function up(",
    "export const up",
    "up: async",
    "up: function",
    "up(",
    "async up(",
];

const JS_DOWNS: &[&str] = &[
    "exports.down",
    "export async function down(",
    "export function down(",
    "export const down",
    "down: async",
    "down: function",
    "down(",
    "async down(",
];

/// An up/down script that names no ORM: node-pg-migrate, umzug,
/// migrate-mongo, a project's own runner.
pub(super) fn js_script(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    let src = Src::new(text, Lang::Js);
    let member = |names: &[&str]| -> Option<usize> {
        names
            .iter()
            .filter_map(|n| {
                src.find_all(n, (0, src.blank.len())).into_iter().find(|p| {
                    // `up(` must be a definition, not a call: a method
                    // starts its line (or follows `async`).
                    !n.ends_with('(')
                        || n.starts_with("export")
                        || src.blank[..*p]
                            .rsplit('\n')
                            .next()
                            .is_some_and(|l| matches!(l.trim(), "" | "async"))
                })
            })
            .min()
    };
    let up = member(JS_UPS)?;
    let up_body = src.body(up)?;
    // A name with a 10+ digit run (a timestamp) orders by it.
    let stamp: String = {
        let mut best = "";
        for run in name.split(|c: char| !c.is_ascii_digit()) {
            if run.len() > best.len() {
                best = run;
            }
        }
        if best.len() >= 10 {
            best.to_string()
        } else {
            leading_digits(name).to_string()
        }
    };
    let mut f = new_file(
        Framework::JsScript,
        format!("{dir}/{name}: a script defining up and down steps"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(&stamp),
    );
    let mut u = Unit::new(name.to_string(), src.line(up));
    u.up_sql = embedded_sql(&src, up_body, Dialect::Postgres);
    let hook = |n: &str| {
        src.find(n, 0)
            .and_then(|p| src.body(p).map(|b| (p, b)))
            .map(|(p, b)| judge_body(&src, b, p))
    };
    // A `beforeUp` / `beforeDown` hook holds what cannot run inside the
    // runner's transaction (CONCURRENTLY).
    if let Some(b) = src.find("beforeUp", 0).and_then(|p| src.body(p)) {
        u.up_sql.extend(embedded_sql(&src, b, Dialect::Postgres));
    }
    u.down = match member(JS_DOWNS) {
        None => Down::Missing,
        Some(d) => match src.body(d) {
            Some(body) => judge_body(&src, body, d),
            None => Down::Present(src.line(d)),
        },
    };
    if matches!(u.down, Down::Empty(_) | Down::Missing) {
        for h in ["beforeDown", "afterDown"] {
            if let Some(d @ Down::Present(_)) = hook(h) {
                u.down = d;
            }
        }
    }
    f.units.push(u);
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::super::parse_file;
    use super::*;

    fn unit(path: &str, text: &str) -> (Framework, Unit) {
        let f = parse_file(path, text).unwrap_or_else(|| panic!("{path} not recognised"));
        (f.framework, f.units.into_iter().next().expect("a unit"))
    }

    fn kinds(u: &Unit) -> Vec<(u32, OrmKind)> {
        u.up_ops.iter().map(|o| (o.line, o.kind.clone())).collect()
    }

    const EF: &str = r#"using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations
{
    public partial class AddIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // migrationBuilder.DropTable(name: "Old");
            migrationBuilder.CreateIndex(
                name: "IX_Items_Name",
                table: "Items",
                column: "Name");
            migrationBuilder.AddColumn<int>(
                name: "Count",
                table: "Items",
                nullable: false);
            migrationBuilder.AddColumn<int>(name: "N", table: "Items", nullable: false, defaultValue: 0);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_Items_Name", table: "Items");
        }
    }
}
"#;

    #[test]
    fn ef_core_directions_and_operations() {
        let (fw, u) = unit("src/App/Migrations/20240101120000_AddIndex.cs", EF);
        assert_eq!(fw, Framework::EfCore);
        assert_eq!(u.down, Down::Present(23));
        assert_eq!(
            kinds(&u),
            [
                (10, OrmKind::CreateIndex { concurrent: false }),
                (14, OrmKind::AddNotNullNoDefault)
            ]
        );
        assert_eq!(u.up_ops[0].table.as_deref(), Some("items"));
        let empty = EF.replace(
            r#"migrationBuilder.DropIndex(name: "IX_Items_Name", table: "Items");"#,
            "// nothing",
        );
        assert_eq!(
            unit("Migrations/20240101120000_AddIndex.cs", &empty).1.down,
            Down::Empty(21)
        );
        let no_down = &EF[..EF.find("        protected override void Down").unwrap()];
        assert_eq!(
            unit(
                "Migrations/20240101120000_AddIndex.cs",
                &format!("{no_down}}}}}\n")
            )
            .1
            .down,
            Down::Missing
        );
        // The companion files and a non-EF class are not migrations.
        for p in [
            "Migrations/20240101120000_AddIndex.Designer.cs",
            "Migrations/AppDbModelSnapshot.cs",
        ] {
            assert!(parse_file(p, EF).is_none(), "{p}");
        }
        assert!(parse_file(
            "Server/Migrations/Routines/FixThing.cs",
            "public class FixThing : IMigrationRoutine { public void Perform() { } }"
        )
        .is_none());
        assert!(parse_file("src/App/Services/20240101120000_X.cs", EF).is_some());
        assert!(parse_file("src/App/Services/Backup.cs", EF).is_none());
    }

    #[test]
    fn ef_core_near_misses() {
        let body = |ops: &str| {
            format!("using Microsoft.EntityFrameworkCore.Migrations;\nclass M : Migration\n{{\n    protected override void Up(MigrationBuilder b)\n    {{\n{ops}\n    }}\n}}\n")
        };
        let cases: &[(&str, &[OrmKind])] = &[
            // A schema move keeps the table's name.
            (
                r#"b.RenameTable(name: "Users", schema: "app", newName: "Users");"#,
                &[],
            ),
            (
                r#"b.RenameTable(name: "Users", newName: "People");"#,
                &[OrmKind::RenameTable],
            ),
            // Same store type: only nullability changes.
            (
                r#"b.AlterColumn<DateTime>(name: "End", table: "Items", type: "TEXT", nullable: true, oldClrType: typeof(DateTime), oldType: "TEXT");"#,
                &[],
            ),
            (
                r#"b.AlterColumn<int>(name: "N", table: "Items", type: "INTEGER", nullable: false, oldType: "INTEGER", oldNullable: true);"#,
                &[OrmKind::SetNotNull],
            ),
            (
                r#"b.AlterColumn<long>(name: "N", table: "Items", type: "bigint", oldType: "integer");"#,
                &[OrmKind::AlterType],
            ),
            (
                r#"b.AlterColumn<long>(name: "N", table: "Items", nullable: true);"#,
                &[OrmKind::AlterType],
            ),
            (
                r#"b.CreateIndex(name: "IX", table: "Items", column: "N").Annotation("Npgsql:CreatedConcurrently", true);"#,
                &[OrmKind::CreateIndex { concurrent: true }],
            ),
            (
                r#"b.CreateIndex(name: "IX", table: "Items", column: "N");"#,
                &[OrmKind::CreateIndex { concurrent: false }],
            ),
        ];
        for (ops, want) in cases {
            let (_, u) = unit("Migrations/20240101120000_M.cs", &body(ops));
            let got: Vec<OrmKind> = u.up_ops.iter().map(|o| o.kind.clone()).collect();
            assert_eq!(got, *want, "{ops}");
        }
    }

    #[test]
    fn fluent_migrator() {
        let m = "using FluentMigrator;\n[Migration(2)]\npublic class AddLog : Migration\n{\n    public override void Up()\n    {\n        Create.Index(\"ix\").OnTable(\"log\").OnColumn(\"a\");\n    }\n    public override void Down()\n    {\n        throw new NotSupportedException();\n    }\n}\n";
        let (fw, u) = unit("Migrations/M002_AddLog.cs", m);
        assert_eq!(fw, Framework::FluentMigrator);
        assert_eq!(u.down, Down::Raises(11));
        assert_eq!(u.up_ops[0].table.as_deref(), Some("log"));
        let auto = m.replace(": Migration", ": AutoReversingMigration");
        assert_eq!(
            unit("Migrations/M002_AddLog.cs", &auto).1.down,
            Down::Automatic
        );
    }

    const LARAVEL: &str = r#"<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('tags', function (Blueprint $table) {
            $table->id();
            $table->string('name');
        });
        Schema::table('pages', function (Blueprint $t) {
            $t->string('slug');
            $t->string('note')->nullable();
            $t->text('body')->change();
            $t->dropColumn('legacy');
            $t->index('slug');
            # $t->dropColumn('commented');
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('tags');
    }
};
"#;

    #[test]
    fn laravel_directions_and_operations() {
        let (fw, u) = unit(
            "database/migrations/2024_01_01_000000_create_tags.php",
            LARAVEL,
        );
        assert_eq!(fw, Framework::Laravel);
        assert_eq!(u.down, Down::Present(27));
        assert_eq!(
            kinds(&u),
            [
                (11, OrmKind::CreateTable),
                (16, OrmKind::AddNotNullNoDefault),
                (18, OrmKind::AlterType),
                (19, OrmKind::DropColumn),
                (20, OrmKind::CreateIndex { concurrent: false }),
            ]
        );
        assert_eq!(u.up_ops[1].table.as_deref(), Some("pages"));
        let empty = LARAVEL.replace("Schema::dropIfExists('tags');", "//");
        assert_eq!(
            unit("database/migrations/2024_01_01_000000_x.php", &empty)
                .1
                .down,
            Down::Empty(25)
        );
        let none = &LARAVEL[..LARAVEL.find("    public function down").unwrap()];
        assert_eq!(
            unit(
                "database/migrations/2024_01_01_000000_x.php",
                &format!("{none}}};\n")
            )
            .1
            .down,
            Down::Missing
        );
        // A seeder or a model is not a migration.
        assert!(parse_file(
            "database/seeders/DatabaseSeeder.php",
            "<?php class DatabaseSeeder extends Seeder { public function run() {} }"
        )
        .is_none());
        assert!(parse_file(
            "database/migrations/helpers.php",
            "<?php function up() { return 1; }"
        )
        .is_none());
    }

    #[test]
    fn doctrine_sql_and_phinx_change() {
        let d = "<?php\nnamespace DoctrineMigrations;\nuse Doctrine\\Migrations\\AbstractMigration;\nfinal class Version20240101120000 extends AbstractMigration\n{\n    public function up(Schema $schema): void\n    {\n        $this->addSql('CREATE INDEX idx_a ON users (email)');\n    }\n    public function down(Schema $schema): void\n    {\n        $this->addSql('DROP INDEX idx_a');\n    }\n}\n";
        let (fw, u) = unit("migrations/Version20240101120000.php", d);
        assert_eq!(fw, Framework::Doctrine);
        // A project's own AbstractMigration subclass, in Doctrine's namespace.
        let own = d.replace(
            "use Doctrine\\Migrations\\AbstractMigration;",
            "use App\\Doctrine\\AbstractMigration;",
        );
        assert!(!own.contains("Doctrine\\Migrations"));
        let (fw, _) = unit("migrations/Version20240101120000.php", &own);
        assert_eq!(fw, Framework::Doctrine);
        assert_eq!(u.down, Down::Present(12));
        assert_eq!(u.up_sql.len(), 1);
        assert_eq!(u.up_sql[0].line, 8);
        let p = "<?php\nuse Phinx\\Migration\\AbstractMigration;\nclass AddX extends AbstractMigration\n{\n    public function change(): void\n    {\n        $this->table('x')->addColumn('a', 'string')->update();\n    }\n}\n";
        let (fw, u) = unit("db/migrations/20240101120000_add_x.php", p);
        assert_eq!(fw, Framework::Phinx);
        assert_eq!(u.down, Down::Automatic);
    }

    const MINIFLUX: &str = "package database\n\nvar schemaVersion = len(migrations)\n\n// Order is important.\nvar migrations = [...]func(tx *sql.Tx) error{\n\tfunc(tx *sql.Tx) (err error) {\n\t\tsql := `\n\t\t\tCREATE TABLE users (id serial);\n\t\t`\n\t\t_, err = tx.Exec(sql)\n\t\treturn err\n\t},\n\tfunc(tx *sql.Tx) (err error) {\n\t\t_, err = tx.Exec(`CREATE INDEX users_name ON users (name)`)\n\t\treturn err\n\t},\n}\n";

    #[test]
    fn go_function_per_release() {
        let text = "package migrations\n\n// V2_0_0 upgrades the schema.\nfunc V2_0_0(db *sqlx.DB, lo *log.Logger) error {\n\tif _, err := db.Exec(`CREATE TABLE IF NOT EXISTS bounces (id SERIAL PRIMARY KEY)`); err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n";
        let f = parse_file("internal/migrations/v2.0.0.go", text).expect("a migration");
        assert_eq!(f.framework, Framework::GoCode);
        assert_eq!(f.units.len(), 1);
        assert_eq!(f.units[0].down, Down::ForwardOnly);
        assert_eq!(f.units[0].up_sql.len(), 1);
        // Near misses: the same file outside a migrations directory, a
        // versioned file that executes nothing, a name that is no version.
        assert!(parse_file("internal/upgrade/v2.0.0.go", text).is_none());
        assert!(parse_file(
            "internal/migrations/v2.0.0.go",
            "package migrations\n\nfunc V2() error { return nil }\n"
        )
        .is_none());
        assert!(parse_file("internal/migrations/helpers.go", text).is_none());
    }

    #[test]
    fn go_list_of_functions() {
        let f = parse_file("internal/database/migrations.go", MINIFLUX).expect("a list");
        assert_eq!(f.framework, Framework::GoCode);
        assert_eq!(f.units.len(), 2);
        assert_eq!(f.units[0].down, Down::ForwardOnly);
        assert_eq!(f.units[1].line, 14);
        assert_eq!(f.units[1].up_sql.len(), 1);
        assert_eq!(f.units[1].up_sql[0].line, 15);
        assert!(f.units[1].no_transaction.is_none(), "takes *sql.Tx");
        let db = MINIFLUX.replace("tx *sql.Tx", "db *sql.DB");
        let f = parse_file("internal/database/migrations.go", &db).expect("a list");
        assert!(f.units[0].no_transaction.is_some(), "takes the database");
        // A list of handlers, and a file outside the migration names, are not.
        assert!(parse_file(
            "internal/database/migrations.go",
            "package x\nvar handlers = []func(){ func() {} }\n"
        )
        .is_none());
        assert!(parse_file("internal/server/routes.go", MINIFLUX).is_none());
        assert!(parse_file("internal/database/migrations_test.go", MINIFLUX).is_none());
    }

    #[test]
    fn go_list_of_named_steps() {
        let gogs = "package migrations\n\nvar migrations = []Migration{\n\t// NewMigration(\"retired\", old),\n\tNewMigration(\"migrate access tokens\", migrateTokens),\n\tNewMigration(\"add index\", addIndex),\n\tmigrations.NewMigration(\"noop\", func(*gorm.DB) error { return nil }),\n}\n";
        let f = parse_file("internal/database/migrations/migrations.go", gogs).expect("a list");
        assert_eq!(f.framework, Framework::GoCode);
        assert_eq!(f.units.len(), 3, "the commented-out step is not one");
        assert_eq!(f.units[0].line, 5);
        assert_eq!(f.units[0].down, Down::ForwardOnly);
        // One step is not a history; a list of other things is not one.
        let one = "package m\nvar migrations = []Migration{\n\tNewMigration(\"a\", a),\n}\n";
        assert!(parse_file("internal/database/migrations/migrations.go", one).is_none());
        let routes = "package m\nvar migrationRoutes = []Route{\n\tNewRoute(\"/a\", a),\n\tNewRoute(\"/b\", b),\n}\n";
        assert!(parse_file("internal/database/migrations/routes.go", routes).is_none());
    }

    #[test]
    fn goose_go_and_gormigrate() {
        let g = "package migrations\n\nfunc init() {\n\tgoose.AddMigrationContext(upAddX, downAddX)\n}\n\nfunc upAddX(ctx context.Context, tx *sql.Tx) error {\n\t_, err := tx.ExecContext(ctx, \"ALTER TABLE users DROP COLUMN legacy\")\n\treturn err\n}\n\nfunc downAddX(ctx context.Context, tx *sql.Tx) error {\n\treturn nil\n}\n";
        let (fw, u) = unit("db/migrations/00002_add_x.go", g);
        assert_eq!(fw, Framework::Goose);
        assert_eq!(u.down, Down::Empty(12));
        assert_eq!(u.up_sql.len(), 1);
        let nil_down = g.replace("upAddX, downAddX", "upAddX, nil");
        assert_eq!(
            unit("db/migrations/00002_add_x.go", &nil_down).1.down,
            Down::Missing
        );
        let gm = "package db\n\nvar ms = []*gormigrate.Migration{\n\t{\n\t\tID: \"202401010000\",\n\t\tMigrate: func(tx *gorm.DB) error {\n\t\t\treturn tx.AutoMigrate(&User{})\n\t\t},\n\t\tRollback: func(tx *gorm.DB) error {\n\t\t\treturn tx.Migrator().DropTable(\"users\")\n\t\t},\n\t},\n\t{\n\t\tID: \"202401020000\",\n\t\tMigrate: func(tx *gorm.DB) error { return nil },\n\t},\n}\n";
        let f = parse_file("internal/db/migrations.go", gm).expect("gormigrate");
        assert_eq!(f.framework, Framework::Gormigrate);
        assert_eq!(f.units.len(), 2);
        assert_eq!(f.units[0].down, Down::Present(10));
        assert_eq!(f.units[1].down, Down::Missing);
    }

    const LOGTO: &str = "import { sql } from '@silverhand/slonik';\n\nconst alteration: AlterationScript = {\n  up: async (pool) => {\n    await pool.query(sql`\n      alter table users add column ${col} varchar(21);\n      create index users__x on users (x);\n    `);\n  },\n  down: async (pool) => {\n    await pool.query(sql`alter table users drop column x;`);\n  },\n};\n\nexport default alteration;\n";

    #[test]
    fn javascript_up_down_scripts() {
        let (fw, u) = unit(
            "packages/schemas/alterations/1.2.0-1700000000-add-x.ts",
            LOGTO,
        );
        assert_eq!(fw, Framework::JsScript);
        assert_eq!(u.down, Down::Present(11));
        assert_eq!(u.up_sql.len(), 2);
        assert_eq!(u.up_sql[1].line, 7);
        let hooks = "const a = {\n  beforeDown: async (pool) => {\n    await pool.query(sql`drop index concurrently i;`);\n  },\n  up: async () => {\n    /** nothing */\n  },\n  down: async () => {\n    /** left empty: see beforeDown */\n  },\n};\n";
        assert!(matches!(
            unit("alterations/next-1700000001-x.ts", hooks).1.down,
            Down::Present(_)
        ));
        let only_up = "exports.up = (pgm) => {\n  pgm.addColumn('t', { c: 'int' });\n};\n";
        assert_eq!(
            unit("migrations/1700000002_x.js", only_up).1.down,
            Down::Missing
        );
        // A module that calls up() or sets up a server is not a migration.
        for text in [
            "import x from 'y';\nfunction start() {\n  setup();\n  return up(1);\n}\n",
            "export const config = { up: 1 };\n",
        ] {
            assert!(
                parse_file("src/migrations/helpers.ts", text).is_none(),
                "{text}"
            );
        }
    }

    #[test]
    fn hostile_input_never_panics() {
        let paths = [
            "Migrations/20240101_x.cs",
            "database/migrations/2024_x.php",
            "internal/database/migrations.go",
            "db/migrations/1_x.go",
            "alterations/1_x.ts",
        ];
        let long = "{".repeat(50_000);
        let inputs = [
            String::new(),
            "MigrationBuilder void Up(".into(),
            "MigrationBuilder void Up( { migrationBuilder.CreateIndex(".into(),
            "<?php extends Migration function up() { Schema::table('x', function (Blueprint $t) { $t->".into(),
            "var migrations = []func(".into(),
            "var migrations = []func() error{ func() error { `unterminated".into(),
            "goose.AddMigration(".into(),
            "gormigrate ID: Rollback:".into(),
            "up: async () => { sql`${`".into(),
            "@\"unterminated verbatim".into(),
            format!("MigrationBuilder void Up() {long}"),
            format!("var migrations = []func() {long}"),
            "\u{0}\u{ff}é€😀'\"$$/*".into(),
        ];
        for p in paths {
            for i in &inputs {
                let _ = parse_file(p, i);
            }
        }
    }
}
