//! Resolves the layers (embedded checklist, repo config, CLI) into the plan
//! a scan runs: which checks, with what weight, level, params and
//! suppressions. Every check id named anywhere is validated here against
//! the registry, with a "did you mean".

use crate::formats::globs::expand_glob;
use std::collections::BTreeMap;
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::checklist::Checklist;
use crate::checks::{Category, CheckRef, Params, Profile, Registry, Severity};
use crate::config::{Attestation, Config, ConfigError, Loaded, Waiver};

/// What the CLI adds on top of the files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<Profile>,
    pub target: Option<String>,
    pub fail_under: Option<f64>,
    pub exclude: Vec<String>,
    pub max_file_size: Option<u64>,
    pub respect_ignores: bool,
    pub threads: usize,
    /// Only these checks run (ids); empty means all.
    pub only: Vec<String>,
}

/// One check as the scan runs it.
#[derive(Clone)]
pub struct Planned {
    pub check: CheckRef,
    pub severity: Severity,
    pub weight: f64,
    pub level: usize,
    pub cap_below: f64,
    pub params: Params,
    pub profiles: Option<Vec<Profile>>,
    pub ignore: Vec<IgnoreRule>,
    /// Rule id -> confidence set by config (`checks.<id>.confidence`).
    pub confidence: BTreeMap<String, crate::model::Confidence>,
    pub not_applicable: Option<String>,
    pub waiver: Option<Waiver>,
    pub attestation: Option<Attestation>,
    /// Where the attestation is written (file, line), to point at it.
    pub attestation_at: Option<(String, Option<u32>)>,
}

/// A config `ignore` entry: a glob over paths, or an exact `path:line`.
#[derive(Debug, Clone)]
pub enum IgnoreRule {
    Glob(String, GlobSet),
    At(String, u32),
}

impl IgnoreRule {
    pub fn matches(&self, path: &str, line: Option<u32>) -> bool {
        match self {
            IgnoreRule::Glob(_, g) => g.is_match(path),
            IgnoreRule::At(p, l) => p == path && line == Some(*l),
        }
    }

    pub fn text(&self) -> String {
        match self {
            IgnoreRule::Glob(s, _) => s.clone(),
            IgnoreRule::At(p, l) => format!("{p}:{l}"),
        }
    }
}

/// The resolved settings of one scan.
#[derive(Clone)]
pub struct Settings {
    pub checklist: Checklist,
    pub checklist_path: String,
    pub config_path: Option<String>,
    pub registry: Registry,
    pub plan: Vec<Planned>,
    pub category_weights: BTreeMap<Category, f64>,
    pub profile: Option<Profile>,
    pub target: usize,
    pub fail_under: Option<f64>,
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    pub respect_ignores: bool,
    pub threads: usize,
    pub today: String,
    /// Expired waivers and attestations, reported so nothing lapses silently.
    pub expired: Vec<String>,
}

pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

impl Settings {
    pub fn resolve(
        checklist: (String, String, Checklist),
        config: Option<Loaded<Config>>,
        attestations: Option<Loaded<crate::config::Attestations>>,
        cli: &Overrides,
    ) -> Result<Settings, ConfigError> {
        let (checklist_path, checklist_text, checklist) = checklist;
        let today = crate::date::today();
        let mut registry = Registry::builtin();
        let empty = Config::default();
        let (cfg_path, cfg_text, cfg) = match &config {
            Some(l) => (l.path.as_str(), l.text.as_str(), &l.value),
            None => ("", "", &empty),
        };

        // Declarative checks from the config join the registry; a clash
        // with a built-in names both.
        for spec in &cfg.custom_checks {
            let check = spec
                .build()
                .map_err(|m| ConfigError::new(cfg_path, m).at_key(cfg_text, spec.id_text()))?;
            registry
                .add(Arc::new(check), format!("{cfg_path} (custom_checks)"))
                .map_err(|d| {
                    ConfigError::new(cfg_path, d.to_string()).at_key(cfg_text, spec.id_text())
                })?;
        }

        if let Some(sc) = &cfg.secrets {
            let check = secrets_check(sc, cfg_path, cfg_text)?;
            registry.replace(Arc::new(check));
        }

        let unknown = |path: &str, text: &str, id: &str, what: &str| {
            let mut e =
                ConfigError::new(path, format!("{what}: unknown check '{id}'")).at_key(text, id);
            if let Some(s) = registry.suggest(id) {
                e = e.hint(format!("did you mean '{s}'?"));
            } else {
                e = e.hint("`shipready checks list` shows every check id");
            }
            e
        };

        for id in checklist.checks.keys() {
            if registry.get(id).is_none() {
                return Err(unknown(&checklist_path, &checklist_text, id, "checklist"));
            }
        }
        for id in cfg.checks.keys() {
            if registry.get(id).is_none() {
                return Err(unknown(cfg_path, cfg_text, id, "checks"));
            }
        }
        for n in &cfg.not_applicable {
            if registry.get(&n.check).is_none() {
                return Err(unknown(cfg_path, cfg_text, &n.check, "not_applicable"));
            }
        }
        for w in &cfg.waivers {
            if registry.get(&w.check).is_none() {
                return Err(unknown(cfg_path, cfg_text, &w.check, "waivers"));
            }
        }
        let (att_path, att_text, atts) = match &attestations {
            Some(l) => (
                l.path.as_str(),
                l.text.as_str(),
                l.value.attestations.as_slice(),
            ),
            None => ("", "", &[][..]),
        };
        for a in atts {
            if registry.get(&a.check).is_none() {
                return Err(unknown(att_path, att_text, &a.check, "attestations"));
            }
        }
        for id in &cli.only {
            if registry.get(id).is_none() {
                let mut e = ConfigError::new("--check", format!("unknown check '{id}'"));
                if let Some(s) = registry.suggest(id) {
                    e = e.hint(format!("did you mean '{s}'?"));
                }
                return Err(e);
            }
        }

        let target_name = cli
            .target
            .clone()
            .or_else(|| cfg.target.clone())
            .unwrap_or_else(|| checklist.target.clone());
        let target = checklist.level_index(&target_name).ok_or_else(|| {
            let mut e = ConfigError::new(
                if cli.target.is_some() {
                    "--target"
                } else {
                    cfg_path
                },
                format!("unknown target level '{target_name}'"),
            )
            .hint(format!("levels: {}", checklist.level_names()));
            if cli.target.is_none() {
                e = e.at_key(cfg_text, "target");
            }
            e
        })?;

        let mut expired = Vec::new();
        let mut plan = Vec::new();
        // Checklist entries first, then custom checks (which the checklist
        // cannot know): a custom check defaults to the target level.
        let mut ids: Vec<(String, crate::checklist::Entry)> = checklist
            .checks
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for spec in &cfg.custom_checks {
            ids.push((
                spec.id_text().to_string(),
                crate::checklist::Entry {
                    level: spec
                        .level
                        .clone()
                        .unwrap_or_else(|| checklist.levels[target].id.clone()),
                    ..Default::default()
                },
            ));
        }
        for (id, entry) in ids {
            let Some(check) = registry.get(&id).cloned() else {
                continue;
            };
            let over = cfg.checks.get(&id).cloned().unwrap_or_default();
            if over.disable || (!cli.only.is_empty() && !cli.only.contains(&id)) {
                continue;
            }
            let meta = check.meta();
            let severity = over.severity.or(entry.severity).unwrap_or(meta.severity);
            let weight = over
                .weight
                .or(entry.weight)
                .unwrap_or_else(|| severity.weight() * check.weight_share());
            let level_name = over.level.clone().unwrap_or(entry.level.clone());
            let level = checklist.level_index(&level_name).ok_or_else(|| {
                ConfigError::new(
                    cfg_path,
                    format!("check '{id}': unknown level '{level_name}'"),
                )
                .at_key(cfg_text, &id)
                .hint(format!("levels: {}", checklist.level_names()))
            })?;
            let mut ignore = Vec::new();
            for pat in &over.ignore {
                ignore.push(ignore_rule(pat).map_err(|m| {
                    ConfigError::new(cfg_path, format!("check '{id}': ignore '{pat}': {m}"))
                        .at_key(cfg_text, pat)
                })?);
            }
            let not_applicable = cfg
                .not_applicable
                .iter()
                .find(|n| n.check == id)
                .map(|n| n.reason.clone());
            let waiver = cfg.waivers.iter().find(|w| w.check == id).cloned();
            let waiver = match waiver {
                Some(w) if crate::date::expired(&w.expires, &today) => {
                    expired.push(format!(
                        "waiver for {id} expired on {} ({})",
                        w.expires, w.reason
                    ));
                    None
                }
                w => w,
            };
            let attestation = atts.iter().find(|a| a.check == id).cloned();
            let attestation_at = attestation.as_ref().map(|a| {
                let line = att_text
                    .lines()
                    .position(|l| {
                        let l = l.trim_start().trim_start_matches("- ").trim();
                        l.strip_prefix("check:")
                            .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == a.check)
                    })
                    .map(|i| i as u32 + 1);
                (crate::config::ATTESTATIONS_PATH.to_string(), line)
            });
            let attestation = match attestation {
                Some(a) if crate::date::expired(&a.expires, &today) => {
                    expired.push(format!(
                        "attestation for {id} expired on {} ({})",
                        a.expires, a.evidence
                    ));
                    None
                }
                a => a,
            };
            plan.push(Planned {
                check,
                severity,
                weight,
                level,
                cap_below: over.cap_below.or(entry.cap_below).unwrap_or(1.0),
                params: entry.params.merged(&over.params),
                profiles: entry.profiles.clone(),
                ignore,
                confidence: over.confidence.clone(),
                not_applicable,
                waiver,
                attestation,
                attestation_at,
            });
        }
        plan.sort_by(|a, b| a.check.meta().id.cmp(&b.check.meta().id));

        let mut category_weights = checklist.categories.clone();
        for (c, w) in &cfg.categories {
            category_weights.insert(*c, *w);
        }

        let mut exclude = cfg.exclude.clone();
        exclude.extend(cli.exclude.iter().cloned());
        Ok(Settings {
            checklist_path,
            config_path: config.as_ref().map(|c| c.path.clone()),
            registry,
            plan,
            category_weights,
            profile: cli.profile.or(cfg.profile),
            target,
            fail_under: cli.fail_under.or(cfg.fail_under),
            exclude,
            max_file_size: cli
                .max_file_size
                .or(cfg.max_file_size)
                .unwrap_or(DEFAULT_MAX_FILE_SIZE),
            respect_ignores: cli.respect_ignores,
            threads: cli.threads,
            today,
            expired,
            checklist,
        })
    }

    /// Compiles the exclude globs. A pattern without '/' matches at any
    /// depth, like .gitignore; a directory pattern excludes its contents.
    pub fn exclude_set(&self) -> Result<Option<GlobSet>, ConfigError> {
        if self.exclude.is_empty() {
            return Ok(None);
        }
        let mut b = GlobSetBuilder::new();
        for pat in &self.exclude {
            for g in expand_glob(pat) {
                let glob = GlobBuilder::new(&g)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        ConfigError::new(
                            self.config_path.as_deref().unwrap_or("--exclude"),
                            format!("exclude '{pat}': {e}"),
                        )
                    })?;
                b.add(glob);
            }
        }
        b.build()
            .map(Some)
            .map_err(|e| ConfigError::new("--exclude", e.to_string()))
    }

    pub fn target_name(&self) -> &str {
        &self.checklist.levels[self.target].id
    }
}

/// Builds the secrets check from the `secrets:` config section; a gitleaks
/// rule file is read relative to the config file.
fn secrets_check(
    sc: &crate::config::SecretsConfig,
    cfg_path: &str,
    cfg_text: &str,
) -> Result<crate::checks::secrets::no_committed_secrets::NoCommittedSecrets, ConfigError> {
    use crate::secrets::{AllowConfig, SecretScanner};
    let mut rules = sc.rules.clone();
    let mut warnings = Vec::new();
    let mut allow = AllowConfig {
        paths: sc.allow_paths.clone(),
        regexes: sc.allow_regexes.clone(),
        stopwords: sc.stopwords.clone(),
    };
    let mut origin = None;
    if let Some(file) = &sc.rules_file {
        let base = std::path::Path::new(cfg_path)
            .parent()
            .unwrap_or(std::path::Path::new("."));
        let path = base.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError::new(
                cfg_path,
                format!("secrets.rules_file '{}': cannot read: {e}", path.display()),
            )
            .at_key(cfg_text, "rules_file")
        })?;
        let (extra, global, w) = crate::secrets::gitleaks_config_from_toml(&text);
        rules.extend(extra);
        allow.paths.extend(global.paths);
        allow.regexes.extend(global.regexes);
        allow.stopwords.extend(global.stopwords);
        warnings.extend(w);
        origin = Some(path.display().to_string());
    }
    let (scanner, w) = SecretScanner::with_extra(rules, allow).map_err(|e| {
        ConfigError::new(cfg_path, format!("secrets: {e}")).at_key(cfg_text, "secrets")
    })?;
    warnings.extend(w);
    Ok(
        crate::checks::secrets::no_committed_secrets::NoCommittedSecrets::configured(
            scanner,
            sc.test_paths_as_warnings,
            warnings,
            origin.or_else(|| Some(cfg_path.to_string())),
        ),
    )
}

fn ignore_rule(pat: &str) -> Result<IgnoreRule, String> {
    if let Some((path, line)) = pat.rsplit_once(':') {
        if let Ok(l) = line.parse::<u32>() {
            return Ok(IgnoreRule::At(path.to_string(), l));
        }
    }
    let mut b = GlobSetBuilder::new();
    for g in expand_glob(pat) {
        b.add(
            GlobBuilder::new(&g)
                .literal_separator(true)
                .build()
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(IgnoreRule::Glob(
        pat.to_string(),
        b.build().map_err(|e| e.to_string())?,
    ))
}

/// The merged configuration, as `shipready config --effective` prints it.
#[derive(Debug, Serialize)]
pub struct Effective {
    pub checklist: String,
    pub config: Option<String>,
    pub profile: Option<Profile>,
    pub target: String,
    pub fail_under: Option<f64>,
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    pub categories: BTreeMap<Category, f64>,
    pub checks: BTreeMap<String, EffectiveCheck>,
    pub expired: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EffectiveCheck {
    pub category: Category,
    pub severity: Severity,
    pub weight: f64,
    pub level: String,
    pub cap_below: f64,
    #[serde(skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Waiver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
}

impl Settings {
    pub fn effective(&self) -> Effective {
        Effective {
            checklist: self.checklist_path.clone(),
            config: self.config_path.clone(),
            profile: self.profile,
            target: self.target_name().to_string(),
            fail_under: self.fail_under,
            exclude: self.exclude.clone(),
            max_file_size: self.max_file_size,
            categories: self.category_weights.clone(),
            checks: self
                .plan
                .iter()
                .map(|p| {
                    let m = p.check.meta();
                    (
                        m.id.to_string(),
                        EffectiveCheck {
                            category: m.category,
                            severity: p.severity,
                            weight: p.weight,
                            level: self.checklist.levels[p.level].id.clone(),
                            cap_below: p.cap_below,
                            params: p.params.clone(),
                            ignore: p.ignore.iter().map(IgnoreRule::text).collect(),
                            not_applicable: p.not_applicable.clone(),
                            waiver: p.waiver.clone(),
                            attestation: p.attestation.clone(),
                        },
                    )
                })
                .collect(),
            expired: self.expired.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::{Checklist, DEFAULT_PATH, DEFAULT_TEXT};
    use crate::model::{Level, Status};
    use crate::workspace::MemorySource;

    fn settings_with(config_text: &str, dir: &std::path::Path) -> Result<Settings, ConfigError> {
        settings_only(
            config_text,
            dir,
            vec!["secrets.no-committed-secrets".into()],
        )
    }

    /// Settings from `config_text` and the default checklist; `only` empty
    /// plans every check.
    fn settings_only(
        config_text: &str,
        dir: &std::path::Path,
        only: Vec<String>,
    ) -> Result<Settings, ConfigError> {
        let path = dir.join(".shipready.yaml");
        std::fs::write(&path, config_text).unwrap();
        let cfg = crate::config::load(&path)?;
        let list = Checklist::default_embedded().unwrap();
        Settings::resolve(
            (DEFAULT_PATH.into(), DEFAULT_TEXT.into(), list),
            Some(cfg),
            None,
            &Overrides {
                only,
                respect_ignores: true,
                ..Default::default()
            },
        )
    }

    #[test]
    fn hazard_checks_weigh_half_their_severity_unless_a_weight_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let plan = |cfg: &str| settings_only(cfg, dir.path(), Vec::new()).unwrap().plan;
        let weight = |plan: &[Planned], id: &str| {
            plan.iter()
                .find(|p| p.check.meta().id.as_str() == id)
                .map(|p| (p.severity, p.weight))
                .unwrap()
        };
        let default = plan("{}\n");
        // (check, severity, default weight): hazards at half, evidence whole,
        // and a non-root image is graded as evidence.
        let table: &[(&str, Severity, f64)] = &[
            ("secrets.no-committed-secrets", Severity::Critical, 5.0),
            ("ci.no-template-injection", Severity::High, 3.0),
            ("migrations.safe-ddl", Severity::High, 3.0),
            ("ci.present", Severity::High, 6.0),
            ("deps.update-automation", Severity::High, 6.0),
            ("docker.non-root-user", Severity::High, 6.0),
        ];
        for (id, sev, w) in table {
            assert_eq!(weight(&default, id), (*sev, *w), "{id}");
        }
        // A weight written in config is taken as is; a severity raised in
        // config is still halved for a hazard check.
        let written = plan("checks:\n  secrets.no-committed-secrets:\n    weight: 10\n  ci.no-template-injection:\n    severity: critical\n");
        assert_eq!(weight(&written, "secrets.no-committed-secrets").1, 10.0);
        assert_eq!(
            weight(&written, "ci.no-template-injection"),
            (Severity::Critical, 5.0)
        );
    }

    #[test]
    fn secrets_config_loads_custom_and_gitleaks_rules() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("gitleaks.toml"),
            r#"
[[rules]]
id = "acme-token"
description = "Acme internal token"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["acme_"]

[[rules]]
id = "needs-lookahead"
description = "Unsupported by Rust regex"
regex = '''foo(?=bar)'''
keywords = ["foo"]
"#,
        )
        .unwrap();
        let settings = settings_with(
            "secrets:\n  rules_file: gitleaks.toml\n  stopwords: [notreal]\n",
            dir.path(),
        )
        .unwrap();
        let src = Arc::new(MemorySource::new([
            ("a.cfg", "token = acme_q8x2m4v7t9p1l3k5j6h8g0f2\n"),
            ("b.cfg", "token = acme_notreal0000000000000000\n"),
        ]));
        let report = crate::engine::scan(&settings, src.clone()).unwrap();
        let o = &report.checks[0].outcome;
        // Imported gitleaks rules are medium confidence: partial, not gating.
        assert_eq!(o.status, Status::Partial, "{o:?}");
        // Config can raise a rule's confidence so that it fails the check.
        let raised = settings_with(
            "secrets:\n  rules_file: gitleaks.toml\nchecks:\n  secrets.no-committed-secrets:\n    confidence:\n      acme-token: high\n",
            dir.path(),
        )
        .unwrap();
        let r2 = crate::engine::scan(&raised, src).unwrap();
        assert_eq!(r2.checks[0].outcome.status, Status::Fail);
        let hits: Vec<_> = o
            .findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .collect();
        assert_eq!(hits.len(), 1, "{:?}", o.findings);
        assert_eq!(hits[0].rule.as_deref(), Some("acme-token"));
        assert_eq!(hits[0].path.as_deref(), Some("a.cfg"));
        // The rule Rust cannot compile is reported, never dropped silently.
        assert!(
            o.findings
                .iter()
                .any(|f| f.level == Level::Info && f.rule.as_deref() == Some("needs-lookahead")),
            "{:?}",
            o.findings
        );
    }

    #[test]
    fn secrets_config_errors_point_at_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_with("secrets:\n  rules_file: missing.toml\n", dir.path())
            .err()
            .unwrap();
        assert!(err.message.contains("missing.toml"), "{err}");
        assert_eq!(err.line, Some(2), "{err}");
        let err = settings_with("secrets:\n  alow_paths: []\n", dir.path())
            .err()
            .unwrap();
        assert_eq!(
            err.hint.as_deref(),
            Some("did you mean `allow_paths`?"),
            "{err}"
        );
    }
}
