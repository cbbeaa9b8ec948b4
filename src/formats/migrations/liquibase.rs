//! Liquibase changelogs: XML, YAML, JSON and formatted SQL. Each changeset
//! is one migration. A changeset goes back through its `rollback` block, or
//! by itself when every change in it is one Liquibase knows how to invert
//! (createTable, addColumn, createIndex, renameColumn...); raw `sql`,
//! `dropTable`, `dropColumn` and data changes have no automatic rollback.

use super::{new_file, order_key, Down, Framework, MigrationFile, Role, Unit};
use crate::formats::source::Lines;
use crate::formats::sql::{self, Dialect};

/// Change types with an automatic rollback.
const AUTO: &[&str] = &[
    "createtable",
    "addcolumn",
    "createindex",
    "renamecolumn",
    "renametable",
    "renameview",
    "addforeignkeyconstraint",
    "adduniqueconstraint",
    "addnotnullconstraint",
    "dropnotnullconstraint",
    "addprimarykey",
    "createview",
    "createsequence",
    "adddefaultvalue",
    "addlookuptable",
    "addautoincrement",
    "tagdatabase",
    "createprocedure",
];

/// Elements that describe a change rather than being one.
const NOT_CHANGES: &[&str] = &[
    "changeset",
    "column",
    "constraints",
    "where",
    "comment",
    "precondition",
    "preconditions",
    "validchecksum",
    "param",
    "whereparams",
    "rollback",
    "sqlcheck",
    "tableexists",
    "columnexists",
    "not",
    "and",
    "or",
    "modifysql",
    "append",
    "replace",
    "regexpreplace",
    "prepend",
];

fn down_of(changes: &[String], rollback: Option<(u32, bool)>, line: u32) -> Down {
    match rollback {
        Some((l, true)) => Down::Present(l),
        Some((l, false)) => Down::Empty(l),
        None => match changes.iter().find(|c| !AUTO.contains(&c.as_str())) {
            None if !changes.is_empty() => Down::Automatic,
            None => Down::Missing,
            Some(c) => Down::Irreversible(
                line,
                format!("`{c}` has no automatic rollback and no rollback block"),
            ),
        },
    }
}

pub(super) fn parse(path: &str, dir: &str, name: &str, text: &str) -> Option<MigrationFile> {
    if !text.contains("databaseChangeLog") {
        return None;
    }
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let how = format!(
        "Liquibase {} changelog (databaseChangeLog)",
        ext.to_uppercase()
    );
    let mut f = new_file(
        Framework::Liquibase,
        how,
        Role::Changelog,
        path.to_string(),
        dir,
        order_key(name),
    );
    let units = match ext.as_str() {
        "xml" => xml_units(name, text),
        _ => keyed_units(name, text, ext == "json"),
    };
    f.units = units;
    Some(f)
}

fn attr(tag: &str, key: &str) -> String {
    let needle = format!("{key}=");
    tag.find(&needle)
        .and_then(|p| {
            let rest = &tag[p + needle.len()..];
            let q = rest.chars().next()?;
            let inner = &rest[1..];
            inner.find(q).map(|e| inner[..e].to_string())
        })
        .unwrap_or_default()
}

fn xml_units(name: &str, text: &str) -> Vec<Unit> {
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("<changeSet") {
        let start = from + p;
        let end = text[start..]
            .find("</changeSet>")
            .map_or(text.len(), |e| start + e);
        let block = &text[start..end];
        let head_end = block.find('>').unwrap_or(block.len());
        let head = &block[..head_end];
        let line = lines.of(start);
        let id = format!("{}:{}", attr(head, "author"), attr(head, "id"));
        let mut u = Unit::new(format!("{name}#{id}"), line);
        if attr(head, "runInTransaction") == "false" {
            u.no_transaction = Some(format!("line {line}: runInTransaction=\"false\""));
        }
        let rollback = block.find("<rollback").map(|r| {
            let rest = &block[r..];
            let self_closing = rest.find('>').is_some_and(|g| rest[..g].ends_with('/'));
            let body = rest
                .find('>')
                .map(|g| &rest[g + 1..])
                .and_then(|b| b.find("</rollback>").map(|e| b[..e].trim()))
                .unwrap_or("");
            (lines.of(start + r), !self_closing && !body.is_empty())
        });
        let mut changes = Vec::new();
        let mut k = head_end;
        // Only the elements before the rollback block are forward changes.
        let forward_end = block.find("<rollback").unwrap_or(block.len());
        while let Some(q) = block[k..forward_end.max(k)].find('<') {
            let at = k + q + 1;
            let tag: String = block[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '_')
                .collect();
            let local = tag.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
            if !local.is_empty()
                && !NOT_CHANGES.contains(&local.as_str())
                && !block[..at].ends_with("</")
            {
                changes.push(local);
            }
            k = at;
        }
        u.down = down_of(&changes, rollback, line);
        out.push(u);
        from = end.max(start + 1);
    }
    out
}

/// YAML and JSON changelogs share a shape: `changeSet` objects holding
/// `changes` (a list of single-key objects) and maybe `rollback`.
fn keyed_units(name: &str, text: &str, json: bool) -> Vec<Unit> {
    let key = if json { "\"changeSet\"" } else { "changeSet:" };
    let starts: Vec<usize> = text.match_indices(key).map(|(p, _)| p).collect();
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let block = &text[start..end];
        let line = lines.of(start);
        let field = |k: &str| -> String {
            let needle = if json {
                format!("\"{k}\"")
            } else {
                format!("{k}:")
            };
            block
                .find(&needle)
                .map(|p| {
                    let rest = block[p + needle.len()..].trim_start_matches([':', ' ', '\t']);
                    rest.trim_start_matches('"')
                        .split(['"', '\n', ','])
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .unwrap_or_default()
        };
        let mut u = Unit::new(format!("{name}#{}:{}", field("author"), field("id")), line);
        if field("runInTransaction") == "false" {
            u.no_transaction = Some(format!("line {line}: runInTransaction: false"));
        }
        let rb_key = if json { "\"rollback\"" } else { "rollback:" };
        let rollback = block.find(rb_key).map(|r| {
            let rest = block[r + rb_key.len()..].trim_start_matches([':', ' ', '\t']);
            let empty = rest.starts_with("[]")
                || rest.starts_with("{}")
                || rest.starts_with("\"\"")
                || rest.starts_with('\n') && rest.trim_start().is_empty();
            (lines.of(start + r), !empty)
        });
        let forward = &block[..block.find(rb_key).unwrap_or(block.len())];
        let mut changes = Vec::new();
        if let Some(c) = forward.find(if json { "\"changes\"" } else { "changes:" }) {
            for l in forward[c..].lines().skip(1) {
                let t = l
                    .trim()
                    .trim_start_matches("- ")
                    .trim_start_matches('{')
                    .trim();
                let word: String = t
                    .trim_start_matches('"')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let is_key = t.trim_start_matches('"')[word.len()..]
                    .trim_start_matches('"')
                    .starts_with(':');
                let lower = word.to_ascii_lowercase();
                if is_key
                    && !word.is_empty()
                    && (AUTO.contains(&lower.as_str()) || KNOWN_CHANGES.contains(&lower.as_str()))
                {
                    changes.push(lower);
                }
            }
        }
        u.down = down_of(&changes, rollback, line);
        out.push(u);
    }
    out
}

/// Change types without automatic rollback that keyed changelogs use.
const KNOWN_CHANGES: &[&str] = &[
    "sql",
    "sqlfile",
    "droptable",
    "dropcolumn",
    "dropindex",
    "dropforeignkeyconstraint",
    "dropuniqueconstraint",
    "dropprimarykey",
    "dropview",
    "dropsequence",
    "dropdefaultvalue",
    "modifydatatype",
    "insert",
    "update",
    "delete",
    "loaddata",
    "loadupdatedata",
    "customchange",
    "mergecolumns",
    "output",
    "executecommand",
];

/// Formatted SQL: `--liquibase formatted sql`, then `--changeset a:b`
/// headers, each followed by SQL and optional `--rollback` lines.
pub(super) fn formatted_sql(
    path: &str,
    dir: &str,
    name: &str,
    text: &str,
    dialect: Dialect,
) -> MigrationFile {
    let how = "`--liquibase formatted sql` header".to_string();
    let mut f = new_file(
        Framework::Liquibase,
        how,
        Role::Changelog,
        path.to_string(),
        dir,
        order_key(name),
    );
    let mut cur: Option<(Unit, String, u32, Option<u32>)> = None;
    let finish = |c: Option<(Unit, String, u32, Option<u32>)>, f: &mut MigrationFile| {
        if let Some((mut u, body, first, rollback)) = c {
            let s = sql::parse_from(&body, first, dialect);
            f.problems.extend(s.problems);
            u.up_sql = s.statements;
            u.down = match rollback {
                Some(l) => Down::Present(l),
                None if u.up_sql.is_empty() => Down::Automatic,
                None => Down::Irreversible(
                    u.line,
                    "formatted SQL changeset without a --rollback".into(),
                ),
            };
            f.units.push(u);
        }
    };
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let lineno = i as u32 + 1;
        let t = line.trim_start();
        let lower = t.to_ascii_lowercase();
        let directive = lower.strip_prefix("--").map(str::trim_start);
        if let Some(d) = directive.and_then(|d| d.strip_prefix("changeset")) {
            finish(cur.take(), &mut f);
            let id = t.trim_start_matches('-').trim_start()["changeset".len()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            let mut u = Unit::new(format!("{name}#{id}"), lineno);
            if d.contains("runintransaction:false") {
                u.no_transaction = Some(format!("line {lineno}: runInTransaction:false"));
            }
            cur = Some((u, String::new(), lineno + 1, None));
            continue;
        }
        if let Some(c) = cur.as_mut() {
            if directive.is_some_and(|d| d.starts_with("rollback")) {
                let body = directive
                    .unwrap_or("")
                    .trim_start_matches("rollback")
                    .trim();
                if !body.is_empty() && c.3.is_none() {
                    c.3 = Some(lineno);
                }
                // Keep line numbers: the rollback line becomes blank SQL.
                c.1.push('\n');
                continue;
            }
            c.1.push_str(line);
        }
    }
    finish(cur.take(), &mut f);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_yaml_and_formatted_sql() {
        let xml = r#"<databaseChangeLog>
  <changeSet id="1" author="a">
    <createTable tableName="t"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="2" author="a">
    <sql>UPDATE t SET x = 1</sql>
  </changeSet>
  <changeSet id="3" author="a">
    <dropColumn tableName="t" columnName="x"/>
    <rollback><addColumn tableName="t"><column name="x" type="int"/></addColumn></rollback>
  </changeSet>
</databaseChangeLog>"#;
        let f = parse(
            "db/changelog/changelog.xml",
            "db/changelog",
            "changelog.xml",
            xml,
        )
        .unwrap();
        let downs: Vec<&Down> = f.units.iter().map(|u| &u.down).collect();
        assert_eq!(downs[0], &Down::Automatic);
        assert!(matches!(downs[1], Down::Irreversible(5, _)), "{downs:?}");
        assert_eq!(downs[2], &Down::Present(10));
        let yaml = "databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes:\n        - dropTable:\n            tableName: t\n  - changeSet:\n      id: 2\n      author: a\n      changes:\n        - addColumn:\n            tableName: t\n";
        let f = parse(
            "db/changelog/changelog.yaml",
            "db/changelog",
            "changelog.yaml",
            yaml,
        )
        .unwrap();
        assert!(
            matches!(f.units[0].down, Down::Irreversible(..)),
            "{:?}",
            f.units
        );
        assert_eq!(f.units[1].down, Down::Automatic);
        assert_eq!(f.units[0].name, "changelog.yaml#a:1");
        let sql = "--liquibase formatted sql\n\n--changeset a:1\nALTER TABLE t ADD COLUMN c int;\n--rollback ALTER TABLE t DROP COLUMN c;\n\n--changeset a:2 runInTransaction:false\nCREATE INDEX CONCURRENTLY i ON t (c);\n";
        let f = formatted_sql(
            "db/changelog/x.sql",
            "db/changelog",
            "x.sql",
            sql,
            Dialect::Postgres,
        );
        assert_eq!(f.units.len(), 2);
        assert_eq!(f.units[0].down, Down::Present(5));
        assert_eq!(f.units[0].up_sql[0].line, 4);
        assert!(matches!(f.units[1].down, Down::Irreversible(7, _)));
        assert!(f.units[1].no_transaction.is_some());
        assert_eq!(f.units[1].up_sql[0].line, 8);
    }
}
