//! Compose files (`compose.yaml`, `docker-compose*.yml`): the services with
//! the fields readiness checks read (image, build, healthcheck, restart,
//! environment, secrets, deploy.resources or the older `mem_limit`/`cpus`,
//! user), each with its line.
//!
//! serde-saphyr gives the location of every service and of each of its
//! keys' values; entries inside a list or map (an environment variable) get
//! their line by looking for their name below the key that holds them. A
//! file that is not YAML, or whose `services` is not a mapping, becomes a
//! problem with a location; aliases and merge keys (`<<: *default`) are
//! resolved by the YAML parser under its alias budget.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

/// A value and the line it was found on (0 when unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Healthcheck {
    pub line: u32,
    /// `disable: true` or `test: ["NONE"]`.
    pub disabled: bool,
    /// The test command as written, joined.
    pub test: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Build {
    pub line: u32,
    /// The context directory (`.` when only `dockerfile` is given).
    pub context: String,
    pub dockerfile: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvVar {
    pub name: String,
    /// `None` for a bare `- NAME` (taken from the shell at run time).
    pub value: Option<String>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resources {
    pub line: u32,
    pub limits_cpus: Option<String>,
    pub limits_memory: Option<String>,
    pub reservations_cpus: Option<String>,
    pub reservations_memory: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub line: u32,
    pub image: Option<At<String>>,
    pub build: Option<Build>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<At<String>>,
    pub environment: Vec<EnvVar>,
    /// Names of the secrets the service mounts.
    pub secrets: Vec<String>,
    pub user: Option<At<String>>,
    pub resources: Option<Resources>,
    /// Profiles it is limited to (`profiles: [debug]`).
    pub profiles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

/// A parsed compose file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compose {
    pub services: Vec<Service>,
    pub problems: Vec<Problem>,
}

type Fields = BTreeMap<String, Spanned<Value>>;

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    services: Option<BTreeMap<String, Spanned<Option<Fields>>>>,
}

/// Parses a compose file. Never panics.
pub fn parse(text: &str) -> Compose {
    let mut out = Compose::default();
    if text.trim().is_empty() {
        out.problems.push(Problem {
            line: 1,
            message: "empty compose file".into(),
        });
        return out;
    }
    // Compose files reuse a few anchors many times (`<<: *default-service`
    // in every service), which trips the alias-to-anchor ratio heuristic;
    // the node and event budgets still stop an alias bomb.
    let mut budget = serde_saphyr::Budget::default();
    budget.enforce_alias_anchor_ratio = false;
    let options = serde_saphyr::options! { budget: Some(budget) };
    let raw: Raw = match serde_saphyr::from_str_with_options(text, options) {
        Ok(r) => r,
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line().max(1) as u32);
            let msg = e.without_snippet().to_string();
            out.problems.push(Problem {
                line,
                message: format!("not a valid compose file: {}", first_line(&msg)),
            });
            return out;
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    for (name, svc) in raw.services.unwrap_or_default() {
        let line = service_line(&lines, svc.referenced.line() as u32, &name);
        let fields = svc.value.unwrap_or_default();
        out.services.push(service(name, line, &fields, &lines));
    }
    out.services.sort_by_key(|s| s.line);
    out
}

/// The line of a service's `name:` key: serde-saphyr locates its value,
/// which for a block mapping starts on the line below, so look upwards.
fn service_line(lines: &[&str], value_line: u32, name: &str) -> u32 {
    let start = (value_line as usize).min(lines.len());
    for i in (0..start).rev() {
        let t = lines[i].trim_start().trim_start_matches(['"', '\'']);
        if let Some(rest) = t.strip_prefix(name) {
            if rest.trim_start_matches(['"', '\'']).starts_with(':') {
                return i as u32 + 1;
            }
        }
    }
    value_line
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// The line of `key:` at or after line `from` (1-based), searched textually:
/// serde-saphyr locates values, and for a block value that is the line
/// below its key.
fn find_key_line(lines: &[&str], from: u32, key: &str) -> Option<u32> {
    let start = (from as usize).saturating_sub(1);
    for (i, l) in lines.iter().enumerate().skip(start) {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        let t = t.trim_start_matches(['"', '\'']);
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']);
            if rest.starts_with(':') || rest.starts_with('=') || rest.is_empty() {
                return Some(i as u32 + 1);
            }
        }
    }
    None
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn service(name: String, line: u32, f: &Fields, lines: &[&str]) -> Service {
    // The line of a key of this service: search from the service's line.
    let key_line = |key: &str, v: &Spanned<Value>| {
        find_key_line(lines, line, key).unwrap_or(v.referenced.line() as u32)
    };
    let at = |key: &str| {
        f.get(key).and_then(|v| {
            scalar(&v.value).map(|s| At {
                value: s,
                line: key_line(key, v),
            })
        })
    };
    let mut s = Service {
        image: at("image"),
        restart: at("restart"),
        user: at("user"),
        build: None,
        healthcheck: None,
        environment: Vec::new(),
        secrets: Vec::new(),
        resources: None,
        profiles: Vec::new(),
        name,
        line,
    };
    if let Some(b) = f.get("build") {
        let l = key_line("build", b);
        s.build = match &b.value {
            Value::String(ctx) => Some(Build {
                line: l,
                context: ctx.clone(),
                dockerfile: None,
            }),
            Value::Object(m) => Some(Build {
                line: l,
                context: m
                    .get("context")
                    .and_then(scalar)
                    .unwrap_or_else(|| ".".into()),
                dockerfile: m.get("dockerfile").and_then(scalar),
            }),
            _ => None,
        };
    }
    if let Some(h) = f.get("healthcheck") {
        let l = key_line("healthcheck", h);
        let m = h.value.as_object();
        let test = m.and_then(|m| m.get("test")).and_then(|t| match t {
            Value::Array(a) => Some(a.iter().filter_map(scalar).collect::<Vec<_>>().join(" ")),
            t => scalar(t),
        });
        let disabled = m
            .and_then(|m| m.get("disable"))
            .is_some_and(|d| d.as_bool() == Some(true) || d.as_str() == Some("true"))
            || test.as_deref().is_some_and(|t| t.trim() == "NONE");
        s.healthcheck = Some(Healthcheck {
            line: l,
            disabled,
            test,
        });
    }
    if let Some(e) = f.get("environment") {
        let l = key_line("environment", e);
        let entries: Vec<(String, Option<String>)> = match &e.value {
            Value::Array(a) => a
                .iter()
                .filter_map(scalar)
                .map(|item| match item.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (item, None),
                })
                .collect(),
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), scalar(v))).collect(),
            _ => Vec::new(),
        };
        for (name, value) in entries {
            let line = find_key_line(lines, l, &name).unwrap_or(l);
            s.environment.push(EnvVar { name, value, line });
        }
    }
    if let Some(Value::Array(a)) = f.get("secrets").map(|v| &v.value) {
        s.secrets = a
            .iter()
            .filter_map(|x| match x {
                Value::Object(m) => m.get("source").and_then(scalar),
                x => scalar(x),
            })
            .collect();
    }
    if let Some(Value::Array(a)) = f.get("profiles").map(|v| &v.value) {
        s.profiles = a.iter().filter_map(scalar).collect();
    }
    // Compose file format 2 limits (`mem_limit: 512m`, `cpus: 0.5`), which
    // Compose v2 still honours; `deploy.resources` wins where both are set.
    let legacy = |key: &str| f.get(key).and_then(|v| scalar(&v.value));
    let (mem, cpus) = (legacy("mem_limit"), legacy("cpus"));
    if mem.is_some() || cpus.is_some() {
        let l = ["mem_limit", "cpus"]
            .iter()
            .filter_map(|k| f.get(*k).map(|v| key_line(k, v)))
            .min()
            .unwrap_or(line);
        s.resources = Some(Resources {
            line: l,
            limits_cpus: cpus,
            limits_memory: mem,
            reservations_cpus: None,
            reservations_memory: legacy("mem_reservation"),
        });
    }
    if let Some(d) = f.get("deploy") {
        if let Some(r) = d.value.get("resources") {
            let l = find_key_line(lines, key_line("deploy", d), "resources").unwrap_or(0);
            let get = |a: &str, b: &str| r.get(a).and_then(|x| x.get(b)).and_then(scalar);
            let old = s.resources.take().unwrap_or_default();
            s.resources = Some(Resources {
                line: l,
                limits_cpus: get("limits", "cpus").or(old.limits_cpus),
                limits_memory: get("limits", "memory").or(old.limits_memory),
                reservations_cpus: get("reservations", "cpus").or(old.reservations_cpus),
                reservations_memory: get("reservations", "memory").or(old.reservations_memory),
            });
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_and_their_fields() {
        let c = parse(
            "x-common: &common\n  restart: unless-stopped\nservices:\n  api:\n    <<: *common\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n    user: \"1000:1000\"\n    environment:\n      - LOG_LEVEL=info\n      - DB_PASSWORD\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/health\"]\n    secrets:\n      - db_password\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n          memory: 256M\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n    healthcheck:\n      disable: true\n",
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.services.len(), 2);
        let api = &c.services[0];
        assert_eq!((api.name.as_str(), api.line), ("api", 4));
        assert_eq!(
            api.restart.as_ref().map(|r| r.value.as_str()),
            Some("unless-stopped")
        );
        let b = api.build.as_ref().unwrap();
        assert_eq!(
            (b.context.as_str(), b.dockerfile.as_deref(), b.line),
            ("./api", Some("Dockerfile.prod"), 6)
        );
        assert_eq!(api.user.as_ref().unwrap().line, 9);
        assert_eq!(api.environment[0].line, 11);
        assert_eq!(api.environment[1].value, None);
        let h = api.healthcheck.as_ref().unwrap();
        assert!(!h.disabled && h.line == 13);
        assert_eq!(api.secrets, ["db_password"]);
        assert_eq!(
            api.resources.as_ref().unwrap().limits_memory.as_deref(),
            Some("256M")
        );
        let db = &c.services[1];
        assert_eq!(db.image.as_ref().unwrap().line, 23);
        assert_eq!(db.environment[0].value.as_deref(), Some("example"));
        assert_eq!(db.environment[0].line, 25);
        assert!(db.healthcheck.as_ref().unwrap().disabled);
        // A service name that also appears earlier as a list item.
        let c = parse("services:\n  app:\n    image: a\n    depends_on:\n      - db\n  db:\n    image: postgres\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n");
        let db = c.services.iter().find(|s| s.name == "db").unwrap();
        assert_eq!((db.line, db.healthcheck.as_ref().unwrap().line), (6, 8));
    }

    #[test]
    fn broken_input_is_a_problem() {
        for text in [
            "",
            "services: [1, 2",
            "services:\n  a: 5\n",
            "\u{0}\u{1}binary",
            "a: &a [*a]\n",
        ] {
            let c = parse(text);
            assert!(
                c.services.is_empty() || !c.problems.is_empty() || text.contains("a: 5"),
                "{text:?}"
            );
        }
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nservices:\n  x:\n    image: a\n";
        let _ = parse(bomb);
        let reused = format!(
            "x-d: &d\n  restart: always\nservices:\n{}",
            (0..150)
                .map(|i| format!("  s{i}:\n    <<: *d\n    image: a\n"))
                .collect::<String>()
        );
        let c = parse(&reused);
        assert_eq!(
            (c.services.len(), c.problems.len()),
            (150, 0),
            "{:?}",
            c.problems
        );
        let legacy = parse("services:\n  a:\n    image: a\n    mem_limit: 512m\n    cpus: 0.5\n");
        let r = legacy.services[0].resources.as_ref().expect("resources");
        assert_eq!(
            (r.limits_memory.as_deref(), r.limits_cpus.as_deref(), r.line),
            (Some("512m"), Some("0.5"), 4)
        );
        let none = parse("version: '3'\n");
        assert!(none.services.is_empty() && none.problems.is_empty());
    }
}
