//! Migrations written in an ORM's language: Rails (Ruby), Django and Alembic
//! (Python), Ecto (Elixir), Knex / Sequelize / TypeORM (JavaScript).
//!
//! These are read line by line, not parsed: a method body runs from its
//! `def` to the `end` at the same indentation (Ruby, Elixir) or to the next
//! line indented no deeper (Python); a call's arguments run to its balanced
//! closing parenthesis. That is enough to see which operations a migration
//! performs and whether it can go back, and it is pattern-level evidence:
//! the checks grade what comes from here below what they parse from SQL.

use super::{
    has_dir, leading_digits, new_file, order_key, Down, Framework, MigrationFile, Role, Unit,
};

/// An operation an ORM migration performs, as far as locking goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrmKind {
    CreateTable,
    CreateIndex {
        concurrent: bool,
    },
    DropColumn,
    RenameColumn,
    RenameTable,
    AlterType,
    /// Django's AlterField: often a change with no SQL at all (choices,
    /// help text), so only a hint.
    AlterField,
    AddNotNullNoDefault,
    SetNotNull,
    DropTable,
    AddForeignKey {
        not_valid: bool,
    },
    AddCheck {
        not_valid: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrmOp {
    pub line: u32,
    pub kind: OrmKind,
    /// Lowercased table (or Django model) name, when visible.
    pub table: Option<String>,
    /// The call as written, first line, trimmed.
    pub text: String,
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

/// Lines of a Ruby/Elixir `def name ... end` block: (def line index, body
/// line range).
fn ruby_blocks(lines: &[&str], names: &[&str]) -> Vec<(String, usize, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let Some(rest) = t.strip_prefix("def ") else {
            continue;
        };
        let rest = rest.trim_start_matches("self.");
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !names.contains(&name.as_str()) {
            continue;
        }
        let ind = indent(l);
        let mut end = lines.len();
        for (j, m) in lines.iter().enumerate().skip(i + 1) {
            let mt = m.trim_start();
            if indent(m) <= ind && (mt == "end" || mt.starts_with("end ") || mt.starts_with("def "))
            {
                end = j;
                break;
            }
        }
        out.push((name, i, i + 1..end));
    }
    out
}

/// Lines of a Python `def name(...)` body.
fn python_blocks(lines: &[&str], names: &[&str]) -> Vec<(String, usize, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let t = t.strip_prefix("async ").unwrap_or(t);
        let Some(rest) = t.strip_prefix("def ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !names.contains(&name.as_str()) {
            continue;
        }
        let ind = indent(l);
        // The signature may span lines; the body starts after the line
        // ending with ':'.
        let mut start = i;
        while start < lines.len() && !lines[start].trim_end().ends_with(':') {
            start += 1;
        }
        let mut end = lines.len();
        for (j, m) in lines.iter().enumerate().skip(start + 1) {
            if !m.trim().is_empty() && indent(m) <= ind {
                end = j;
                break;
            }
        }
        out.push((name, i, (start + 1).min(lines.len())..end));
    }
    out
}

/// The statements of a body that do something: not blank, not a comment,
/// not a docstring, not `pass`.
fn meaningful<'a>(
    lines: &[&'a str],
    range: std::ops::Range<usize>,
    comment: &str,
) -> Vec<(usize, &'a str)> {
    let mut in_doc = false;
    let mut out = Vec::new();
    for i in range {
        let Some(l) = lines.get(i) else { break };
        let t = l.trim();
        if in_doc {
            if t.contains("\"\"\"") || t.contains("'''") {
                in_doc = false;
            }
            continue;
        }
        if t.starts_with("\"\"\"") || t.starts_with("'''") {
            let q = &t[..3];
            if !(t.len() >= 6 && t[3..].contains(q)) {
                in_doc = true;
            }
            continue;
        }
        if t.is_empty() || t.starts_with(comment) || t == "pass" || t == "nil" || t == ":ok" {
            continue;
        }
        out.push((i, t));
    }
    out
}

/// The text of a call starting at `lines[i]` from byte `col`, up to its
/// balanced closing parenthesis (or the end of the line for paren-less
/// Ruby calls with no trailing comma), at most 60 lines.
fn call_text(lines: &[&str], i: usize, col: usize) -> String {
    let mut out = String::new();
    let mut depth = 0i32;
    let mut seen_paren = false;
    let mut quote: Option<char> = None;
    for (k, l) in lines.iter().enumerate().skip(i).take(60) {
        let s = if k == i {
            l.get(col..).unwrap_or("")
        } else {
            l
        };
        for ch in s.chars() {
            out.push(ch);
            match quote {
                Some(q) if ch == q => quote = None,
                Some(_) => {}
                None => match ch {
                    '\'' | '"' => quote = Some(ch),
                    '(' | '[' | '{' => {
                        depth += 1;
                        seen_paren = true;
                    }
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                },
            }
            if seen_paren && depth <= 0 && quote.is_none() {
                return out;
            }
        }
        quote = None;
        out.push('\n');
        if !seen_paren
            && depth <= 0
            && !s.trim_end().ends_with(',')
            && !s.trim_end().ends_with('\\')
        {
            return out;
        }
    }
    out
}

/// Top-level comma-separated arguments of a call's text (after its first
/// `(` or after the method name for paren-less Ruby).
fn split_args(call: &str) -> Vec<String> {
    let body = match call.find('(') {
        Some(p) => &call[p + 1..],
        None => call.split_once(' ').map_or("", |(_, r)| r),
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for ch in body.chars() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            cur.push(ch);
            continue;
        }
        match ch {
            '\'' | '"' => {
                quote = Some(ch);
                cur.push(ch);
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(ch);
            }
            ')' | ']' | '}' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                cur.push(ch);
            }
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(ch),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// `:users`, `"users"`, `'users'`, `table(:users)` -> `users`.
fn name_arg(arg: &str) -> Option<String> {
    let a = arg.trim();
    let a = a
        .strip_prefix("table(")
        .map_or(a, |r| r.trim_end_matches(')'));
    let a = a
        .trim()
        .trim_start_matches(':')
        .trim_matches(|c| c == '"' || c == '\'');
    let a = a
        .split(|c: char| c == ',' || c.is_whitespace())
        .next()
        .unwrap_or("");
    (!a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
    .then(|| a.to_ascii_lowercase())
}

/// Whether a call's text sets `key` to a value (Ruby `key: v`, Python
/// `key=v`, Elixir `key: v`), and to what.
fn kwarg<'a>(call: &'a str, key: &str) -> Option<&'a str> {
    for sep in [": ", ":", "=", " = "] {
        let needle = format!("{key}{sep}");
        let mut from = 0;
        while let Some(p) = call[from..].find(&needle) {
            let at = from + p;
            let before = call[..at].chars().next_back();
            let ok = before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
            // `key::Type` is Elixir/Ruby namespacing, not a keyword.
            let after = &call[at + needle.len()..];
            if ok && !(sep.starts_with(':') && after.starts_with(':') && sep == ":") {
                let v = after.trim_start();
                let end = v.find([',', ')', '\n']).unwrap_or(v.len());
                return Some(v[..end].trim());
            }
            from = at + 1;
        }
    }
    None
}

fn op(line: usize, kind: OrmKind, table: Option<String>, text: &str) -> OrmOp {
    OrmOp {
        line: line as u32 + 1,
        kind,
        table,
        text: text
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .chars()
            .take(160)
            .collect(),
    }
}

/// Lines inside `safety_assured` blocks (strong_migrations): a reviewer
/// already accepted them.
fn reviewed_lines(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains("safety_assured") {
            out[i] = true;
            let ind = indent(lines[i]);
            if lines[i].contains(" do") || lines[i].trim_end().ends_with('{') {
                let mut j = i + 1;
                while j < lines.len() {
                    let t = lines[j].trim();
                    if !t.is_empty() && indent(lines[j]) <= ind {
                        out[j] = t == "end" || t == "}";
                        break;
                    }
                    out[j] = true;
                    j += 1;
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

pub(super) fn rails(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    if !text.contains("ActiveRecord::Migration") && !text.contains("< Sequel::Migration") {
        return None;
    }
    let version = leading_digits(name);
    let set = if has_dir(path, &["migrate"]) { dir } else { "" };
    let mut f = new_file(
        Framework::Rails,
        format!("{dir}/*.rb subclassing ActiveRecord::Migration"),
        Role::Both,
        path.to_string(),
        set,
        order_key(version),
    );
    let lines: Vec<&str> = text.lines().collect();
    let blocks = ruby_blocks(&lines, &["change", "up", "down"]);
    let find = |n: &str| blocks.iter().find(|b| b.0 == n);
    let mut u = Unit::new(name.to_string(), 1);
    if let Some(l) = lines
        .iter()
        .position(|l| l.trim_start().starts_with("disable_ddl_transaction!"))
    {
        u.no_transaction = Some(format!("line {}: disable_ddl_transaction!", l + 1));
    }
    let reviewed = reviewed_lines(&lines);
    let forward = find("change").or_else(|| find("up"));
    if let Some((_, _, range)) = forward {
        f.blank = meaningful(&lines, range.clone(), "#").is_empty();
        u.up_ops = rails_ops(&lines, range.clone(), &reviewed);
    }
    u.down = match (find("change"), find("up"), find("down")) {
        (_, _, Some((_, def, range))) => judge_body(
            &lines,
            range.clone(),
            *def,
            "#",
            &[
                "raise ActiveRecord::IrreversibleMigration",
                "raise IrreversibleMigration",
                "fail ActiveRecord::IrreversibleMigration",
            ],
        ),
        (Some((_, _, range)), _, None) => rails_change_irreversible(&lines, range.clone())
            .map_or(Down::Automatic, |(l, why)| {
                Down::Irreversible(l as u32 + 1, why)
            }),
        (None, Some(_), None) => Down::Missing,
        (None, None, None) => Down::Missing,
    };
    f.units.push(u);
    Some(f)
}

/// A down body: empty, a bare raise, or present.
fn judge_body(
    lines: &[&str],
    range: std::ops::Range<usize>,
    def: usize,
    comment: &str,
    raises: &[&str],
) -> Down {
    let body = meaningful(lines, range, comment);
    match body.as_slice() {
        [] => Down::Empty(def as u32 + 1),
        [(i, t)] if raises.iter().any(|r| t.starts_with(r)) || *t == "raise" => {
            Down::Raises(*i as u32 + 1)
        }
        [(i, _), ..] => Down::Present(*i as u32 + 1),
    }
}

/// The first operation inside `change` that Rails cannot reverse by itself.
fn rails_change_irreversible(
    lines: &[&str],
    range: std::ops::Range<usize>,
) -> Option<(usize, String)> {
    let mut skip_until: Option<usize> = None;
    for i in range {
        let l = lines[i];
        let t = l.trim_start();
        if let Some(ind) = skip_until {
            if indent(l) <= ind && (t == "end" || t == "}") {
                skip_until = None;
            }
            continue;
        }
        // Inside `reversible do |dir|` or `up_only`, the author spelled out
        // both directions (or chose a one-way step on purpose).
        if t.starts_with("reversible") || t.starts_with("up_only") {
            if t.contains(" do") || t.ends_with('{') {
                skip_until = Some(indent(l));
            }
            continue;
        }
        let call = call_text(lines, i, indent(l));
        let args = split_args(&call);
        let why = if t.starts_with("execute") {
            Some("execute inside change (Rails cannot reverse raw SQL)")
        } else if t.starts_with("change_column ") || t.starts_with("change_column(") {
            Some("change_column inside change")
        } else if (t.starts_with("change_column_default ")
            || t.starts_with("change_column_default("))
            && kwarg(&call, "from").is_none()
        {
            Some("change_column_default without from:/to: inside change")
        } else if (t.starts_with("remove_column ") || t.starts_with("remove_column("))
            && args.len() < 3
        {
            Some("remove_column without a type inside change")
        } else if (t.starts_with("drop_table ") || t.starts_with("drop_table("))
            && !call.contains(" do")
            && !call.contains('{')
        {
            Some("drop_table without a block inside change")
        } else if (t.starts_with("remove_columns ") || t.starts_with("remove_columns("))
            && kwarg(&call, "type").is_none()
        {
            Some("remove_columns without type: inside change")
        } else {
            None
        };
        if let Some(w) = why {
            return Some((i, w.to_string()));
        }
    }
    None
}

fn rails_ops(lines: &[&str], range: std::ops::Range<usize>, reviewed: &[bool]) -> Vec<OrmOp> {
    let mut out = Vec::new();
    // `change_table :t do |t|` gives later `t.remove` calls their table.
    let mut block_table: Option<(usize, String)> = None;
    for i in range {
        let l = lines[i];
        let t = l.trim_start();
        if let Some((ind, _)) = &block_table {
            if indent(l) <= *ind && t == "end" {
                block_table = None;
            }
        }
        if reviewed.get(i).copied().unwrap_or(false) {
            continue;
        }
        let call = call_text(lines, i, indent(l));
        let args = split_args(&call);
        let table = args.first().and_then(|a| name_arg(a));
        let verb: String = t
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let kind = match verb.as_str() {
            "create_table" => Some(OrmKind::CreateTable),
            "add_index" => Some(OrmKind::CreateIndex {
                concurrent: kwarg(&call, "algorithm").is_some_and(|v| v.contains("concurrently")),
            }),
            "remove_column" | "remove_columns" => Some(OrmKind::DropColumn),
            "rename_column" => Some(OrmKind::RenameColumn),
            "rename_table" => Some(OrmKind::RenameTable),
            "change_column" => Some(OrmKind::AlterType),
            "drop_table" => Some(OrmKind::DropTable),
            "add_column"
                if kwarg(&call, "null").is_some_and(|v| v == "false")
                    && kwarg(&call, "default").is_none() =>
            {
                Some(OrmKind::AddNotNullNoDefault)
            }
            "change_column_null" if args.get(2).is_some_and(|a| a == "false") => {
                Some(OrmKind::SetNotNull)
            }
            "add_foreign_key" => Some(OrmKind::AddForeignKey {
                not_valid: kwarg(&call, "validate").is_some_and(|v| v == "false"),
            }),
            "add_check_constraint" => Some(OrmKind::AddCheck {
                not_valid: kwarg(&call, "validate").is_some_and(|v| v == "false"),
            }),
            "change_table" => {
                if let Some(tb) = &table {
                    block_table = Some((indent(l), tb.clone()));
                }
                None
            }
            "t.remove" if block_table.is_some() => Some(OrmKind::DropColumn),
            "t.rename" if block_table.is_some() => Some(OrmKind::RenameColumn),
            "t.change" if block_table.is_some() => Some(OrmKind::AlterType),
            "t.index" if block_table.is_some() => Some(OrmKind::CreateIndex {
                concurrent: kwarg(&call, "algorithm").is_some_and(|v| v.contains("concurrently")),
            }),
            _ => None,
        };
        if let Some(kind) = kind {
            let table = if verb.starts_with("t.") {
                block_table.as_ref().map(|(_, t)| t.clone())
            } else {
                table
            };
            out.push(op(i, kind, table, t));
        }
    }
    out
}

pub(super) fn python(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    if text.contains("migrations.Migration") && has_dir(path, &["migrations"]) {
        return django(path, dir, name, text);
    }
    if text.contains("def upgrade")
        && (text.contains("from alembic import") || text.contains("down_revision"))
    {
        return alembic(path, dir, name, text);
    }
    None
}

/// Python call sites `prefix.Name(` with their line and text.
fn python_calls(lines: &[&str], prefix: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with('#') {
            continue;
        }
        let mut from = 0;
        while let Some(p) = l[from..].find(prefix) {
            let at = from + p;
            let rest = &l[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && rest[name.len()..].starts_with('(') {
                out.push((i, name.clone(), call_text(lines, i, at)));
            }
            from = at + prefix.len();
        }
    }
    out
}

/// A Python string argument: `'x'` / `"x"` -> x.
fn py_str(arg: &str) -> Option<String> {
    let a = arg.trim();
    let a = a
        .split_once('=')
        .map_or(a, |(k, v)| {
            if k.trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                v
            } else {
                a
            }
        })
        .trim();
    let q = a.chars().next()?;
    if q != '\'' && q != '"' {
        return None;
    }
    let inner = &a[1..];
    let end = inner.find(q)?;
    Some(inner[..end].to_ascii_lowercase())
}

fn named<'a>(args: &'a [String], key: &str) -> Option<&'a String> {
    args.iter()
        .find(|a| a.split_once('=').is_some_and(|(k, _)| k.trim() == key))
}

fn django(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    let version = leading_digits(name);
    if version.is_empty() {
        return None;
    }
    let how = format!("{dir}/{version}_*.py with a migrations.Migration class");
    let mut f = new_file(
        Framework::Django,
        how,
        Role::Both,
        path.to_string(),
        dir,
        order_key(version),
    );
    let lines: Vec<&str> = text.lines().collect();
    let mut u = Unit::new(name.to_string(), 1);
    if let Some(l) = lines
        .iter()
        .position(|l| l.trim().replace(' ', "") == "atomic=False")
    {
        u.no_transaction = Some(format!("line {}: atomic = False", l + 1));
    }
    let mut irreversible: Option<(usize, String)> = None;
    for (i, op_name, call) in python_calls(&lines, "migrations.") {
        let args = split_args(&call);
        let positional = args
            .iter()
            .filter(|a| !a.contains('=') || a.starts_with('"') || a.starts_with('\''))
            .count();
        let model = named(&args, "model_name").and_then(|a| py_str(a));
        let t = lines[i].trim();
        let kind = match op_name.as_str() {
            "RunPython" | "RunSQL" => {
                let key = if op_name == "RunPython" {
                    "reverse_code"
                } else {
                    "reverse_sql"
                };
                let reverse =
                    named(&args, key).map(|a| a.split_once('=').map_or("", |(_, v)| v.trim()));
                let has_reverse = match reverse {
                    Some(v) => v != "None",
                    None => positional >= 2,
                };
                if !has_reverse && irreversible.is_none() {
                    irreversible = Some((i, format!("{op_name} without {key}")));
                }
                None
            }
            "CreateModel" => {
                let n = named(&args, "name")
                    .and_then(|a| py_str(a))
                    .or_else(|| args.first().and_then(|a| py_str(a)));
                u.up_ops.push(op(i, OrmKind::CreateTable, n, t));
                None
            }
            "AddField" => {
                let field = named(&args, "field").map(|s| s.as_str()).unwrap_or("");
                let nullable = field.contains("null=True");
                let defaulted = field.contains("default=") || field.contains("db_default=");
                let no_column =
                    field.contains("ManyToManyField") || field.contains("GenericRelation");
                (!nullable && !defaulted && !no_column).then_some(OrmKind::AddNotNullNoDefault)
            }
            "RemoveField" => Some(OrmKind::DropColumn),
            "RenameField" => Some(OrmKind::RenameColumn),
            "AlterField" => Some(OrmKind::AlterField),
            "RenameModel" => Some(OrmKind::RenameTable),
            "DeleteModel" => Some(OrmKind::DropTable),
            "AddIndex" => Some(OrmKind::CreateIndex { concurrent: false }),
            _ => None,
        };
        if let Some(kind) = kind {
            let table = if matches!(op_name.as_str(), "DeleteModel" | "RenameModel") {
                named(&args, "name")
                    .or(named(&args, "old_name"))
                    .and_then(|a| py_str(a))
                    .or_else(|| args.first().and_then(|a| py_str(a)))
            } else {
                model.or_else(|| args.first().and_then(|a| py_str(a)))
            };
            u.up_ops.push(op(i, kind, table, t));
        }
    }
    // `from django.contrib.postgres.operations import AddIndexConcurrently`
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with("AddIndexConcurrently(")
            || t.contains(" AddIndexConcurrently(")
            || t.contains("operations.AddIndexConcurrently(")
        {
            let call = call_text(&lines, i, indent(l));
            let args = split_args(&call);
            let model = named(&args, "model_name").and_then(|a| py_str(a));
            u.up_ops
                .push(op(i, OrmKind::CreateIndex { concurrent: true }, model, t));
        }
    }
    u.down = match irreversible {
        Some((l, why)) => Down::Irreversible(l as u32 + 1, why),
        None => Down::Automatic,
    };
    f.units.push(u);
    Some(f)
}

fn alembic(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    let lines: Vec<&str> = text.lines().collect();
    let revision = lines
        .iter()
        .find(|l| l.trim_start().starts_with("revision"))
        .and_then(|l| py_str(l.split_once('=').map_or("", |(_, v)| v)))
        .unwrap_or_default();
    let how = "upgrade()/downgrade() with an Alembic revision".to_string();
    let order = order_key(leading_digits(name));
    let mut f = new_file(
        Framework::Alembic,
        how,
        Role::Both,
        path.to_string(),
        dir,
        order,
    );
    let _ = revision;
    let blocks = python_blocks(&lines, &["upgrade", "downgrade"]);
    let mut u = Unit::new(name.to_string(), 1);
    if let Some(l) = lines.iter().position(|l| l.contains("autocommit_block()")) {
        u.no_transaction = Some(format!("line {}: autocommit_block()", l + 1));
    }
    if let Some((_, _, range)) = blocks.iter().find(|b| b.0 == "upgrade") {
        // A merge or placeholder revision: nothing forward, nothing to undo.
        f.blank = meaningful(&lines, range.clone(), "#").is_empty();
        let body = &lines[range.clone()];
        for (k, op_name, call) in python_calls(body, "op.") {
            let i = range.start + k;
            let args = split_args(&call);
            let t = lines[i].trim();
            let pos = |n: usize| args.get(n).and_then(|a| py_str(a));
            let kind = match op_name.as_str() {
                "create_table" => Some(OrmKind::CreateTable),
                "create_index" => Some(OrmKind::CreateIndex {
                    concurrent: call.contains("postgresql_concurrently=True"),
                }),
                "drop_column" => Some(OrmKind::DropColumn),
                "drop_table" => Some(OrmKind::DropTable),
                "rename_table" => Some(OrmKind::RenameTable),
                "alter_column" if named(&args, "new_column_name").is_some() => {
                    Some(OrmKind::RenameColumn)
                }
                "alter_column" if named(&args, "type_").is_some() => Some(OrmKind::AlterType),
                "alter_column" if call.contains("nullable=False") => Some(OrmKind::SetNotNull),
                "add_column"
                    if call.contains("nullable=False") && !call.contains("server_default") =>
                {
                    Some(OrmKind::AddNotNullNoDefault)
                }
                "create_foreign_key" => Some(OrmKind::AddForeignKey {
                    not_valid: call.contains("postgresql_not_valid=True"),
                }),
                "create_check_constraint" => Some(OrmKind::AddCheck {
                    not_valid: call.contains("postgresql_not_valid=True"),
                }),
                _ => None,
            };
            let table = match op_name.as_str() {
                "create_index" => named(&args, "table_name")
                    .and_then(|a| py_str(a))
                    .or_else(|| pos(1)),
                "create_foreign_key" => named(&args, "source_table")
                    .and_then(|a| py_str(a))
                    .or_else(|| pos(1)),
                "create_check_constraint" => named(&args, "table_name")
                    .and_then(|a| py_str(a))
                    .or_else(|| pos(1)),
                _ => named(&args, "table_name")
                    .and_then(|a| py_str(a))
                    .or_else(|| pos(0)),
            };
            if let Some(kind) = kind {
                u.up_ops.push(op(i, kind, table, t));
            }
        }
    }
    u.down = match blocks.iter().find(|b| b.0 == "downgrade") {
        None => Down::Missing,
        Some((_, def, range)) => judge_body(
            &lines,
            range.clone(),
            *def,
            "#",
            &[
                "raise NotImplementedError",
                "raise Exception",
                "raise RuntimeError",
            ],
        ),
    };
    f.units.push(u);
    Some(f)
}

pub(super) fn ecto(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    if !text.contains("Ecto.Migration") {
        return None;
    }
    let version = leading_digits(name);
    let how = format!("{dir}/*.exs using Ecto.Migration");
    let mut f = new_file(
        Framework::Ecto,
        how,
        Role::Both,
        path.to_string(),
        dir,
        order_key(version),
    );
    let lines: Vec<&str> = text.lines().collect();
    let blocks = ruby_blocks(&lines, &["change", "up", "down"]);
    let find = |n: &str| blocks.iter().find(|b| b.0 == n);
    let mut u = Unit::new(name.to_string(), 1);
    if let Some(l) = lines
        .iter()
        .position(|l| l.contains("@disable_ddl_transaction true"))
    {
        u.no_transaction = Some(format!("line {}: @disable_ddl_transaction true", l + 1));
    }
    let forward = find("change").or_else(|| find("up"));
    if let Some((_, _, range)) = forward {
        f.blank = meaningful(&lines, range.clone(), "#").is_empty();
        u.up_ops = ecto_ops(&lines, range.clone());
    }
    u.down = match (find("change"), find("down")) {
        (_, Some((_, def, range))) => judge_body(
            &lines,
            range.clone(),
            *def,
            "#",
            &["raise Ecto.MigrationError", "raise \"irreversible"],
        ),
        (Some((_, _, range)), None) => {
            let mut irr = None;
            for i in range.clone() {
                let t = lines[i].trim_start();
                let call = call_text(&lines, i, indent(lines[i]));
                let args = split_args(&call);
                if t.starts_with("execute") && args.len() < 2 {
                    irr = Some((i, "execute/1 inside change (Ecto cannot reverse raw SQL)"));
                } else if t.starts_with("remove ") && args.len() < 2 {
                    irr = Some((i, "remove without a type inside change"));
                } else if t.starts_with("modify ") && kwarg(&call, "from").is_none() {
                    irr = Some((i, "modify without from: inside change"));
                }
                if irr.is_some() {
                    break;
                }
            }
            irr.map_or(Down::Automatic, |(l, w)| {
                Down::Irreversible(l as u32 + 1, w.to_string())
            })
        }
        (None, None) => Down::Missing,
    };
    f.units.push(u);
    Some(f)
}

fn ecto_ops(lines: &[&str], range: std::ops::Range<usize>) -> Vec<OrmOp> {
    let mut out = Vec::new();
    let mut alter: Option<(usize, Option<String>)> = None;
    for i in range {
        let l = lines[i];
        let t = l.trim_start();
        if let Some((ind, _)) = &alter {
            if indent(l) <= *ind && t == "end" {
                alter = None;
            }
        }
        let call = call_text(lines, i, indent(l));
        let after = |p: &str| t.strip_prefix(p).map(|r| r.trim_start());
        let table_of = |r: &str| {
            let r = r
                .trim_start_matches("table(")
                .trim_start_matches("unique_index(")
                .trim_start_matches("index(");
            name_arg(r.split([',', ')']).next().unwrap_or(""))
        };
        if let Some(r) = after("create_if_not_exists ").or_else(|| after("create ")) {
            if r.starts_with("table(") {
                out.push(op(i, OrmKind::CreateTable, table_of(r), t));
            } else if r.starts_with("index(") || r.starts_with("unique_index(") {
                let concurrent = kwarg(&call, "concurrently").is_some_and(|v| v == "true");
                out.push(op(i, OrmKind::CreateIndex { concurrent }, table_of(r), t));
            }
        } else if let Some(r) = after("alter ") {
            alter = Some((indent(l), table_of(r)));
        } else if let Some(r) = after("drop_if_exists ").or_else(|| after("drop ")) {
            if r.starts_with("table(") {
                out.push(op(i, OrmKind::DropTable, table_of(r), t));
            }
        } else if let Some(r) = after("rename ") {
            let kind = if r.contains("to: table(") {
                OrmKind::RenameTable
            } else {
                OrmKind::RenameColumn
            };
            out.push(op(i, kind, table_of(r), t));
        } else if let Some((_, table)) = &alter {
            let kind = if t.starts_with("remove ") || t.starts_with("remove_if_exists ") {
                Some(OrmKind::DropColumn)
            } else if t.starts_with("modify ") && !ecto_same_type(&call) {
                Some(OrmKind::AlterType)
            } else if t.starts_with("add ")
                && kwarg(&call, "null").is_some_and(|v| v == "false")
                && kwarg(&call, "default").is_none()
            {
                Some(OrmKind::AddNotNullNoDefault)
            } else {
                None
            };
            if let Some(kind) = kind {
                out.push(op(i, kind, table.clone(), t));
            }
        }
    }
    out
}

/// `modify :c, :bigint, null: true, from: {:bigint, null: false}`: the type
/// stays, only nullability or the default changes.
fn ecto_same_type(call: &str) -> bool {
    let args = split_args(call);
    let Some(new_ty) = args.get(1) else {
        return false;
    };
    let Some(from) = kwarg(call, "from") else {
        return false;
    };
    let old_ty = from
        .trim_start_matches('{')
        .split(',')
        .next()
        .unwrap_or("")
        .trim();
    !old_ty.is_empty() && old_ty == new_ty.trim()
}

pub(super) fn javascript(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    let fw = if text.contains("MigrationInterface") || text.contains("QueryRunner") {
        Framework::TypeOrm
    } else if text.contains("queryInterface") || text.contains("QueryInterface") {
        Framework::Sequelize
    } else if text.contains("knex") || text.contains("Knex") {
        Framework::Knex
    } else {
        return None;
    };
    let ups = [
        "exports.up",
        "export async function up",
        "export function up",
        "async up(",
        "up(",
        "up:",
        "up =",
    ];
    if !ups.iter().any(|u| text.contains(u)) {
        return None;
    }
    let version = leading_digits(name);
    let how = match fw {
        Framework::TypeOrm => "class implementing TypeORM's MigrationInterface",
        Framework::Sequelize => "up/down taking Sequelize's queryInterface",
        _ => "exports.up/exports.down taking a knex instance",
    };
    let mut f = new_file(
        fw,
        format!("{dir}/{name}: {how}"),
        Role::Both,
        path.to_string(),
        dir,
        order_key(version),
    );
    let mut u = Unit::new(name.to_string(), 1);
    if text.contains("transaction: false") {
        u.no_transaction = Some("config { transaction: false }".into());
    }
    let downs = [
        "exports.down",
        "export async function down",
        "export function down",
        "async down(",
        "down(",
        "down:",
        "down =",
    ];
    let at = downs.iter().filter_map(|d| find_word(text, d)).min();
    u.down = match at {
        None => Down::Missing,
        Some(p) => {
            let line = text[..p].matches('\n').count() as u32 + 1;
            match js_body(&text[p..]) {
                None => Down::Present(line),
                Some(body) => {
                    let code: Vec<&str> = body
                        .lines()
                        .map(str::trim)
                        .filter(|l| {
                            !l.is_empty()
                                && !l.starts_with("//")
                                && !l.starts_with("/*")
                                && !l.starts_with('*')
                        })
                        .collect();
                    let joined = code.join(" ");
                    if code.is_empty()
                        || joined == "return;"
                        || joined.starts_with("return Promise.resolve()") && code.len() == 1
                    {
                        Down::Empty(line)
                    } else if joined.starts_with("throw ") && code.len() <= 2 {
                        Down::Raises(line)
                    } else {
                        Down::Present(line)
                    }
                }
            }
        }
    };
    f.units.push(u);
    Some(f)
}

/// The position of `needle` where it is not the tail of a longer name.
fn find_word(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = text[from..].find(needle) {
        let at = from + p;
        let before = text[..at].chars().next_back();
        if before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            || needle.starts_with("exports")
            || needle.starts_with("export")
        {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// The text between the first `{` after a function head and its match.
fn js_body(s: &str) -> Option<&str> {
    let open = s.find('{')?;
    // An arrow returning an expression has no braces before the next line.
    if s[..open].contains(";\n") {
        return None;
    }
    let mut depth = 0i32;
    for (k, ch) in s[open..].char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return s.get(open + 1..open + k);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(path: &str, text: &str) -> Unit {
        let f =
            super::super::parse_file(path, text).unwrap_or_else(|| panic!("{path} not recognised"));
        f.units.into_iter().next().expect("a unit")
    }

    fn kinds(u: &Unit) -> Vec<(u32, OrmKind)> {
        u.up_ops.iter().map(|o| (o.line, o.kind.clone())).collect()
    }

    #[test]
    fn rails_directions_and_operations() {
        let change = "class AddX < ActiveRecord::Migration[7.0]\n  def change\n    add_index :users, :email\n    add_index :users, :name, algorithm: :concurrently\n    remove_column :users, :legacy, :string\n    rename_column :users, :a, :b\n  end\nend\n";
        let u = unit("db/migrate/20240101000000_add_x.rb", change);
        assert_eq!(u.down, Down::Automatic);
        assert_eq!(
            kinds(&u),
            [
                (3, OrmKind::CreateIndex { concurrent: false }),
                (4, OrmKind::CreateIndex { concurrent: true }),
                (5, OrmKind::DropColumn),
                (6, OrmKind::RenameColumn)
            ]
        );
        let irr = "class X < ActiveRecord::Migration[7.0]\n  def change\n    remove_column :users, :legacy\n  end\nend\n";
        assert!(matches!(
            unit("db/migrate/1_x.rb", irr).down,
            Down::Irreversible(3, _)
        ));
        let raises = "class X < ActiveRecord::Migration[7.0]\n  def up\n    drop_table :a\n  end\n\n  def down\n    raise ActiveRecord::IrreversibleMigration\n  end\nend\n";
        assert_eq!(unit("db/migrate/1_x.rb", raises).down, Down::Raises(7));
        let up_only =
            "class X < ActiveRecord::Migration[7.0]\n  def up\n    drop_table :a\n  end\nend\n";
        assert_eq!(unit("db/migrate/1_x.rb", up_only).down, Down::Missing);
        let reversible = "class X < ActiveRecord::Migration[7.0]\n  def change\n    reversible do |dir|\n      dir.up { execute 'x' }\n    end\n    safety_assured { remove_column :a, :b, :string }\n  end\nend\n";
        let u = unit("db/migrate/1_x.rb", reversible);
        assert_eq!(u.down, Down::Automatic);
        assert!(u.up_ops.is_empty(), "{:?}", u.up_ops);
    }

    #[test]
    fn django_reverse_code_and_fields() {
        let m = "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AddField(\n            model_name='order',\n            name='ref',\n            field=models.CharField(max_length=10),\n        ),\n        migrations.AddField(model_name='order', name='note', field=models.TextField(null=True)),\n        migrations.RunPython(forwards),\n    ]\n";
        let u = unit("shop/migrations/0002_order_ref.py", m);
        assert_eq!(
            u.down,
            Down::Irreversible(11, "RunPython without reverse_code".into())
        );
        assert_eq!(kinds(&u), [(5, OrmKind::AddNotNullNoDefault)]);
        assert_eq!(u.up_ops[0].table.as_deref(), Some("order"));
        let ok = "class Migration(migrations.Migration):\n    operations = [migrations.RunPython(forwards, migrations.RunPython.noop), migrations.RunSQL('x', reverse_sql='y')]\n";
        assert_eq!(unit("shop/migrations/0003_x.py", ok).down, Down::Automatic);
        let alter = "class Migration(migrations.Migration):\n    operations = [migrations.AlterField(model_name='o', name='s', field=models.CharField(choices=[]))]\n";
        assert_eq!(
            kinds(&unit("shop/migrations/0004_x.py", alter)),
            [(2, OrmKind::AlterField)]
        );
    }

    #[test]
    fn alembic_downgrade_bodies() {
        let m = "from alembic import op\nrevision = 'abc'\ndown_revision = None\n\ndef upgrade():\n    op.create_index('ix', 'users', ['email'])\n    op.drop_column('users', 'legacy')\n    op.alter_column('users', 'name', nullable=False)\n\n\ndef downgrade():\n    pass\n";
        let u = unit("alembic/versions/abc_x.py", m);
        assert_eq!(u.down, Down::Empty(11));
        assert_eq!(
            kinds(&u),
            [
                (6, OrmKind::CreateIndex { concurrent: false }),
                (7, OrmKind::DropColumn),
                (8, OrmKind::SetNotNull)
            ]
        );
        assert_eq!(u.up_ops[0].table.as_deref(), Some("users"));
        let raises = "from alembic import op\ndef upgrade():\n    op.drop_table('a')\n\ndef downgrade():\n    \"\"\"No way back.\"\"\"\n    raise NotImplementedError()\n";
        assert_eq!(
            unit("migrations/versions/x.py", raises).down,
            Down::Raises(7)
        );
    }

    #[test]
    fn ecto_and_javascript() {
        let m = "defmodule R.Migrations.X do\n  use Ecto.Migration\n\n  def change do\n    create index(:users, [:email])\n    alter table(:users) do\n      remove :legacy\n    end\n  end\nend\n";
        let u = unit("priv/repo/migrations/20240101_x.exs", m);
        assert!(matches!(u.down, Down::Irreversible(7, _)));
        let same = "defmodule M do\n  use Ecto.Migration\n  def change do\n    alter table(:s) do\n      modify :user_id, :bigint, null: true, from: {:bigint, null: false}\n    end\n  end\nend\n";
        assert!(unit("priv/repo/migrations/2_x.exs", same).up_ops.is_empty());
        assert_eq!(
            kinds(&u),
            [
                (5, OrmKind::CreateIndex { concurrent: false }),
                (7, OrmKind::DropColumn)
            ]
        );
        let knex = "exports.up = function(knex) {\n  return knex.schema.createTable('a', t => {});\n};\n\nexports.down = function(knex) {\n  // nothing\n};\n";
        assert_eq!(unit("migrations/20240101_a.js", knex).down, Down::Empty(5));
        let typeorm = "export class A implements MigrationInterface {\n  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`x`);\n  }\n  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`y`);\n  }\n}\n";
        assert_eq!(
            unit("src/migrations/1700000000000-A.ts", typeorm).down,
            Down::Present(5)
        );
    }
}
