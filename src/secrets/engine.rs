//! The scanning engine: keyword prefilter, windowed regex evaluation, candidate
//! filtering, de-duplication and position computation.
//!
//! Cost model: one Aho-Corasick pass over the file; then, per rule whose keywords
//! hit, its regex over line-aligned windows around the hits. Filters run only on
//! regex candidates. Line/column numbers are computed only for reported matches.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::allow::{contains_stopword, CompiledAllow, PathInfo};
use super::entropy;
use super::filters;
use super::redact;
use super::rules::{Compiled, Rule, RuleError, RuleKind, RuleSpec, RuleWarning};
use super::verify::{self, Outcome, Verify};
use super::{AllowConfig, Confidence, SecretMatch, MAX_MATCHES_PER_FILE};

/// Lines longer than this are treated as minified/generated: only strongly-shaped
/// token rules report on them.
const MINIFIED_LINE: usize = 4096;
/// Candidates gathered before de-duplication; beyond this the file is pathological.
const MAX_CANDIDATES: usize = MAX_MATCHES_PER_FILE * 4;
/// Prefix of a file inspected for NUL bytes to decide it is binary.
const BINARY_SNIFF: usize = 8192;

pub(crate) struct Engine {
    pub rules: Vec<Rule>,
    ac: Option<AhoCorasick>,
    /// Aho-Corasick pattern id -> rules that own the keyword.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules without keywords (custom rules only): run on every file.
    always: Vec<usize>,
    allow: CompiledAllow,
}

#[derive(Default, Clone)]
struct Hits {
    whole: bool,
    /// Merged, line-aligned, sorted [start, end) windows.
    windows: Vec<(usize, usize)>,
}

struct Candidate {
    rule: usize,
    start: usize,
    end: usize,
    confidence: Confidence,
    /// A strongly-shaped token that failed verification (bad checksum, bogus JWT):
    /// not reported, but it still claims its span so a generic rule cannot report
    /// the same bytes.
    suppress: bool,
}

impl Engine {
    /// `trusted[i]` marks a built-in rule, compiled on first use.
    pub fn build(
        specs: Vec<RuleSpec>,
        trusted: Vec<bool>,
        allow: AllowConfig,
        warnings: &mut Vec<RuleWarning>,
        strict: bool,
    ) -> Result<Self, RuleError> {
        let allow = CompiledAllow::compile(&allow).map_err(RuleError::Allow)?;
        let mut rules: Vec<Rule> = Vec::with_capacity(specs.len());
        for (spec, trusted) in specs.into_iter().zip(trusted) {
            let id = spec.id.clone();
            if rules.iter().any(|r| r.id == id) {
                if strict {
                    return Err(RuleError::Duplicate(id));
                }
                warnings.push(RuleWarning {
                    rule_id: id,
                    message: "duplicate id; skipped".into(),
                });
                continue;
            }
            // Built-in rules compile on first use (a test compiles each);
            // a user's rule compiles now, so its errors are reported now.
            let compiled = if trusted {
                Rule::deferred(spec)
            } else {
                Rule::compile(spec)
            };
            match compiled {
                Ok(r) => rules.push(r),
                Err(message) if strict => {
                    return Err(RuleError::Invalid {
                        rule_id: id,
                        message,
                    })
                }
                Err(message) => warnings.push(RuleWarning {
                    rule_id: id,
                    message: format!("{message}; skipped"),
                }),
            }
        }
        let mut keywords: Vec<String> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let kws: Vec<&String> = r.keywords.iter().filter(|k| !k.is_empty()).collect();
            if kws.is_empty() {
                always.push(i);
            }
            for k in kws {
                match keywords.iter().position(|x| x == k) {
                    Some(p) => {
                        if !pattern_rules[p].contains(&i) {
                            pattern_rules[p].push(i);
                        }
                    }
                    None => {
                        keywords.push(k.clone());
                        pattern_rules.push(vec![i]);
                    }
                }
            }
        }
        // The automaton runs leftmost-longest and non-overlapping (several times
        // faster than overlapping search, and it keeps the prefilter). A keyword that
        // is a substring of another can then be hidden by it, so the longer one also
        // triggers the shorter one's rules.
        let own = pattern_rules.clone();
        for (i, long) in keywords.iter().enumerate() {
            for (j, short) in keywords.iter().enumerate() {
                if i != j && short.len() < long.len() && long.contains(short.as_str()) {
                    for &r in &own[j] {
                        if !pattern_rules[i].contains(&r) {
                            pattern_rules[i].push(r);
                        }
                    }
                }
            }
        }
        let ac = if keywords.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    // Case-insensitive matching leaves no literal prefilter,
                    // so the automaton itself walks every byte of every
                    // file: a full DFA does that several times faster than
                    // the default NFA, for a few hundred KiB built once.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&keywords)
                    .map_err(|e| RuleError::Invalid {
                        rule_id: "(keywords)".into(),
                        message: e.to_string(),
                    })?,
            )
        };
        Ok(Engine {
            rules,
            ac,
            pattern_rules,
            always,
            allow,
        })
    }

    pub fn scan(&self, path: &str, bytes: &[u8]) -> Vec<SecretMatch> {
        self.scan_classified(path, PathInfo::classify(path), bytes)
    }

    /// [`Engine::scan`] with `info` the classification of `path`.
    pub fn scan_classified(&self, path: &str, info: PathInfo, bytes: &[u8]) -> Vec<SecretMatch> {
        if bytes.is_empty() || self.allow.path_allowed(path) {
            return Vec::new();
        }
        let binary = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some();
        // Which rules may run on this file at all (computed lazily, on first hit).
        let mut eligible: Vec<Option<bool>> = vec![None; self.rules.len()];
        let mut hits: Vec<Hits> = vec![Hits::default(); self.rules.len()];
        let mut any = false;
        let mut is_eligible = |ri: usize| -> bool {
            *eligible[ri].get_or_insert_with(|| self.eligible(ri, path, info, binary, bytes))
        };

        for &ri in &self.always {
            if is_eligible(ri) {
                hits[ri].whole = true;
                any = true;
            }
        }
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(bytes) {
                for &ri in &self.pattern_rules[m.pattern().as_usize()] {
                    if !is_eligible(ri) {
                        continue;
                    }
                    any = true;
                    let window = self.rules[ri].window;
                    let h = &mut hits[ri];
                    if h.whole {
                        continue;
                    }
                    if window == 0 {
                        h.whole = true;
                        h.windows.clear();
                    } else {
                        add_window(&mut h.windows, bytes, m.start(), m.end(), window);
                    }
                }
            }
        }
        if !any {
            return Vec::new();
        }

        let mut candidates: Vec<Candidate> = Vec::new();
        'rules: for (ri, h) in hits.iter().enumerate() {
            if !h.whole && h.windows.is_empty() {
                continue;
            }
            let rule = &self.rules[ri];
            let Some(re) = rule.compiled() else {
                continue;
            };
            let whole = [(0, bytes.len())];
            let windows: &[(usize, usize)] = if h.whole { &whole } else { &h.windows };
            let mut locs = re.regex.capture_locations();
            for &(ws, we) in windows {
                let hay = &bytes[..we];
                let mut at = ws;
                while at <= we {
                    let Some(m) = re.regex.captures_read_at(&mut locs, hay, at) else {
                        break;
                    };
                    at = if m.end() > m.start() {
                        m.end()
                    } else {
                        m.end() + 1
                    };
                    if let Some(c) = self.check(ri, re, &locs, (m.start(), m.end()), bytes, info) {
                        candidates.push(c);
                        if candidates.len() >= MAX_CANDIDATES {
                            break 'rules;
                        }
                    }
                }
            }
        }
        self.finish(path, bytes, info, candidates)
    }

    fn eligible(&self, ri: usize, path: &str, info: PathInfo, binary: bool, bytes: &[u8]) -> bool {
        let rule = &self.rules[ri];
        if (binary || info.lockfile) && rule.kind != RuleKind::Token {
            return false;
        }
        // A translation catalogue's `password` or `api_key` entry is a label;
        // only what is recognisable by its own shape is looked for there.
        if info.locale && !matches!(rule.kind, RuleKind::Token | RuleKind::UrlPassword) {
            return false;
        }
        let Some(re) = rule.compiled() else {
            return false;
        };
        if let Some(p) = &re.path {
            if !p.is_match(path.as_bytes()) {
                return false;
            }
        }
        if re.allow_paths.iter().any(|r| r.is_match(path.as_bytes())) {
            return false;
        }
        match &re.requires {
            Some(req) => req.is_match(bytes),
            None => true,
        }
    }

    /// Filters and scores one regex match. None = not a finding.
    fn check(
        &self,
        ri: usize,
        re: &Compiled,
        locs: &regex::bytes::CaptureLocations,
        whole: (usize, usize),
        bytes: &[u8],
        info: PathInfo,
    ) -> Option<Candidate> {
        let rule = &self.rules[ri];
        let (s, e) = locs
            .get(re.group)
            .or_else(|| (1..locs.len()).find_map(|g| locs.get(g)))
            .unwrap_or(whole);
        if e <= s {
            return None;
        }
        let secret = &bytes[s..e];
        if let Some(min) = rule.entropy {
            if entropy::shannon(secret) < min {
                return None;
            }
        }
        if re.allow.iter().any(|r| r.is_match(secret))
            || contains_stopword(secret, &rule.stopwords)
            || self.allow.value_allowed(secret)
        {
            return None;
        }
        let group_bytes = |g: Option<usize>| g.and_then(|g| locs.get(g)).map(|(a, b)| &bytes[a..b]);
        // Commented-out lines of development seed data are the examples a
        // seed file carries, not credentials it installs.
        if info.seed && rule.kind != RuleKind::Token && line_is_comment(bytes, s) {
            return None;
        }
        match rule.kind {
            RuleKind::Token => {
                // `sk_live_0123456789abcdefghijklmn`, `SG.aaaa...`: typed filler in
                // a provider's shape. Verified structures (a PEM body, a JWT) may
                // hold such runs legitimately and are judged by their checks.
                if rule.verify == Verify::None && entropy::is_sequential_or_repetitive(secret) {
                    return None;
                }
            }
            RuleKind::Contextual => {
                // The regex fixed the value's alphabet; only identifiers need the
                // reference check (a base64 secret may legitimately start with '/').
                let ident_like = secret.first().is_some_and(u8::is_ascii_alphabetic);
                if filters::has_marker(secret)
                    || (ident_like && filters::is_reference(secret, false))
                    // Long issued tokens (STS session tokens) carry runs of
                    // `/` in their fixed framing.
                    || (secret.len() < 64 && entropy::is_sequential_or_repetitive(secret))
                    || filters::is_header_name(secret)
                    // `authorization = authorization_success_exists(...)`: a
                    // name or a call in code, not a value.
                    || filters::is_wordy(secret)
                    || (info.code && bytes.get(e) == Some(&b'('))
                {
                    return None;
                }
                let before = bytes[whole.0..s].to_ascii_lowercase();
                if memchr::memmem::find(&before, b"basic").is_some()
                    && filters::basic_credentials_placeholder(secret)
                {
                    return None;
                }
            }
            RuleKind::Generic => {
                if let Some(key) = group_bytes(re.key_group) {
                    // `credential_draft_00: credential_draft_00` names itself.
                    if !filters::is_secret_key_name(key) || key.eq_ignore_ascii_case(secret) {
                        return None;
                    }
                    // `image: registry/sealed-secrets-controller:0.31.0`: a key
                    // right after '/' is a path or image name, not a key.
                    if is_meeting_passcode(bytes, whole.0)
                        || (whole.0 > 0 && bytes[whole.0 - 1] == b'/')
                    {
                        return None;
                    }
                }
                let quote = group_bytes(re.quote_group).and_then(|q| q.first().copied());
                let next = bytes.get(e).copied();
                match quote {
                    // A quoted literal must end at its closing quote; otherwise the
                    // value continued with spaces/interpolation and is not one token.
                    Some(q) => {
                        if next != Some(q) {
                            return None;
                        }
                    }
                    // A rule without a `q` group delimits the value itself (XML).
                    None if re.quote_group.is_none() => {}
                    None => {
                        // Unquoted after `=` in source code is an identifier/expression.
                        if info.code {
                            return None;
                        }
                        if matches!(
                            next,
                            Some(b'(' | b'[' | b'{' | b'<' | b'"' | b'\'' | b'`' | b'\\')
                        ) {
                            return None;
                        }
                    }
                }
                if is_minified_line(bytes, s) {
                    return None;
                }
                if !filters::generic_value_ok(secret, quote.is_some(), rule.entropy.unwrap_or(3.0))
                {
                    return None;
                }
            }
            RuleKind::UrlPassword => {
                let user = group_bytes(re.user_group).unwrap_or(b"");
                if !filters::url_password_ok(user, secret)
                    || filters::has_marker(&bytes[whole.0..whole.1])
                {
                    return None;
                }
            }
            RuleKind::Plain => {
                if !filters::plain_value_ok(secret) {
                    return None;
                }
            }
        }
        // A JWT's claims, decoded once for both judgements below.
        let claims = (rule.verify == Verify::Jwt)
            .then(|| verify::jwt_claims(secret))
            .flatten();
        let outcome = match rule.verify {
            Verify::None => Outcome::Unverified,
            Verify::GithubCrc32 | Verify::GithubCrc32Soft => {
                if verify::github_checksum_ok(secret) {
                    Outcome::Verified
                } else if rule.verify == Verify::GithubCrc32 {
                    Outcome::Reject
                } else {
                    Outcome::Downgrade
                }
            }
            Verify::Jwt => pass(claims.as_ref().is_some_and(verify::claims_usable)),
            Verify::PemBody => pass(verify::pem_body_ok(secret)),
            Verify::AwsSecretShape => pass(verify::aws_secret_shape_ok(secret)),
            Verify::KeyName => {
                pass(group_bytes(re.key_group).is_some_and(filters::is_key_material_name))
            }
            Verify::SecretName | Verify::WeakSecretName => {
                let named = group_bytes(re.key_group).is_some_and(filters::is_secret_key_name);
                let generic_reports = rule.verify == Verify::WeakSecretName
                    && filters::generic_value_ok(secret, true, 3.0);
                pass(named && filters::default_value_ok(secret) && !generic_reports)
            }
            Verify::K8sSecretData => {
                let key_ok = group_bytes(re.key_group)
                    .is_none_or(|k| !is_k8s_plain_key(k) && !filters::is_k8s_metadata_key(k));
                // `echo postgres | base64` leaves the newline in the value.
                let value = match verify::base64_decode(secret) {
                    Some(d)
                        if !d.trim_ascii_end().is_empty()
                            && d.trim_ascii_end()
                                .iter()
                                .all(|b| b.is_ascii_graphic() || *b == b' ') =>
                    {
                        d.trim_ascii_end().to_vec()
                    }
                    _ => secret.to_vec(),
                };
                // A value under a credential-named key counts as it is; under
                // any other key it must look random, so `type: postgresql`
                // in a service-binding Secret is not a finding.
                let key_secret = group_bytes(re.key_group).is_some_and(filters::is_secret_key_name);
                let random = value.len() >= 8
                    && entropy::shannon(&value) >= 3.0
                    && entropy::Classes::of(&value).count() >= 2;
                // An issuer, a redirect or a discovery URL is an address.
                let url = memchr::memmem::find(&value, b"://").is_some()
                    && !filters::url_has_password(&value);
                pass(
                    key_ok
                        && !url
                        && (key_secret || random)
                        && verify::k8s_data_ok(bytes, s)
                        && filters::plain_value_ok(&value),
                )
            }
        };
        if outcome == Outcome::Reject {
            return (rule.kind == RuleKind::Token).then_some(Candidate {
                rule: ri,
                start: s,
                end: e,
                confidence: Confidence::Low,
                suppress: true,
            });
        }
        let minted = outcome == Outcome::Verified
            && matches!(rule.verify, Verify::GithubCrc32 | Verify::GithubCrc32Soft);
        // Markers ("EXAMPLE", "test", "xxxx") mean documentation, except for a token
        // whose checksum proves it was minted by the provider. A verified
        // structure (a JWT, a PEM body) is long enough to hold a marker word by
        // chance, so only the documented examples (jwt.io's) rule it out.
        if rule.kind == RuleKind::Token && !minted {
            let doc = filters::is_known_example(secret)
                || (outcome != Outcome::Verified && filters::has_marker(secret));
            if doc {
                return None;
            }
        }
        // Verification (a decodable JWT, a well-formed Secret value) decides
        // whether a candidate is reported at all; only a checksum, which
        // proves the provider minted the token, raises its confidence.
        // A token for a local development server (`verify::jwt_local`).
        let local_jwt = claims.as_ref().is_some_and(verify::claims_local);
        let mut confidence = match outcome {
            _ if minted => Confidence::High,
            Outcome::Downgrade => Confidence::Low,
            _ if local_jwt => Confidence::Low,
            _ => rule.confidence,
        };
        confidence = self.grade(rule, re, locs, (s, e), bytes, confidence);
        // A passphrase-protected key (`BEGIN ENCRYPTED PRIVATE KEY`, a
        // cosign key, `Proc-Type: 4,ENCRYPTED`) is useless without its
        // passphrase: worth reporting, not proof of a usable credential.
        if rule.verify == Verify::PemBody && verify::pem_encrypted(secret) {
            confidence = confidence.min(Confidence::Medium);
        }
        if info.seed && rule.kind != RuleKind::Token {
            confidence = Confidence::Low;
        }
        // A committed default in a configuration for local development
        // (`config/development.yml`, `.devcontainer/`, the `development:`
        // section of Rails' `database.yml`) is a throwaway local value; so
        // is a connection string's password or a random value under a
        // secret-named key there, unless graded high above (a strong
        // password to a remote host, a well-known key holding a strong value).
        let local_kind = matches!(rule.verify, Verify::SecretName | Verify::WeakSecretName)
            || (matches!(rule.kind, RuleKind::UrlPassword | RuleKind::Generic)
                && confidence < Confidence::High)
            || (rule.kind == RuleKind::Contextual && !minted);
        if local_kind && (info.local_dev || under_local_section(bytes, s)) {
            confidence = Confidence::Low;
        }
        // A private key under a local-development tree (`dev/tls_cluster/
        // certs/`) is most likely the throwaway CA of a cluster run on a
        // laptop: still a key, worth reporting, but disputable, so it does
        // not cap the score on its own.
        if info.local_dev && rule.verify == Verify::PemBody {
            confidence = confidence.min(Confidence::Medium);
        }
        // In test and docs paths, what a test suite or usage guide needs as a
        // fixture drops to low confidence (a warning, still visible): a
        // well-formed PEM block, a decodable JWT, a value recognised only by
        // its context or entropy. A provider token in its issued shape
        // (AKIA..., sk_live_..., xoxb-...) keeps being reported wherever it
        // is: documented examples are filtered already, and a live-shaped
        // key in tests/ is as usable to an attacker as one in src/.
        let fixture_shaped =
            rule.kind != RuleKind::Token || matches!(rule.verify, Verify::Jwt | Verify::PemBody);
        if (info.test_or_docs || names_a_fixture(bytes, s)) && !minted && fixture_shaped {
            confidence = Confidence::Low;
        }
        // A provider token in its issued shape is still reported in tests
        // and docs (the hook still refuses it), but whether it is live is
        // disputable there: test suites carry shaped fakes ("modified to
        // not be valid"). Only a checksum settles it, so unverified ones
        // are medium: partial, not a score cap.
        if info.test_or_docs && !minted && confidence == Confidence::High {
            confidence = Confidence::Medium;
        }
        // Vendored third-party code (`vendor/`, `node_modules/`) holds its
        // authors' fixtures and examples, not this project's credentials:
        // a fixture-shaped value there is low; a provider token in its
        // issued shape stays as it is graded above.
        if info.vendored && !minted && fixture_shaped {
            confidence = Confidence::Low;
        }
        // A comment just above that says the value is not real ("Example
        // of a response... contains NO actual tokens") makes it disputable:
        // reported, but never a cap on its own.
        if !minted && declared_public(bytes, s) {
            confidence = Confidence::Low;
        } else if !minted && disclaimed(bytes, s) {
            confidence = if fixture_shaped {
                Confidence::Low
            } else {
                confidence.min(Confidence::Medium)
            };
        }
        Some(Candidate {
            rule: ri,
            start: s,
            end: e,
            confidence,
            suppress: false,
        })
    }

    /// Grades a reported candidate. A rule's confidence is its ceiling: what
    /// its strongest match is worth (a provider key under its own name is
    /// high, a random value under a secret-named key medium). A weaker match
    /// is graded down; the one upgrade is a well-known configuration key
    /// (`spring.datasource.password`) holding a strong value.
    fn grade(
        &self,
        rule: &Rule,
        re: &Compiled,
        locs: &regex::bytes::CaptureLocations,
        (s, e): (usize, usize),
        bytes: &[u8],
        ceiling: Confidence,
    ) -> Confidence {
        let secret = &bytes[s..e];
        let group_bytes = |g: Option<usize>| g.and_then(|g| locs.get(g)).map(|(a, b)| &bytes[a..b]);
        let mut c = ceiling;
        // A form the rule accepts but that names nothing (a token passed
        // positionally, a fallback default) is at most medium.
        if re.weak_group.is_some_and(|g| locs.get(g).is_some()) {
            c = c.min(Confidence::Medium);
        }
        if let Some(near) = &re.weak_near {
            const NEAR: usize = 400;
            let (a, b) = (s.saturating_sub(NEAR), (e + NEAR).min(bytes.len()));
            if near.is_match(&bytes[a..b]) {
                c = c.min(Confidence::Medium);
            }
        }
        match rule.kind {
            RuleKind::Token => {}
            RuleKind::Contextual => {
                // Django writes this prefix on the key it generates for development.
                if secret.starts_with(b"django-insecure-") {
                    c = Confidence::Low;
                }
            }
            RuleKind::Generic => {
                let key = group_bytes(re.key_group).unwrap_or(b"");
                if filters::is_well_known_secret_key(key) && filters::is_strong_value(secret) {
                    c = Confidence::High;
                } else if !filters::is_strong_value(secret) {
                    c = c.min(Confidence::Low);
                }
            }
            RuleKind::UrlPassword => {
                let host = bytes[e..]
                    .strip_prefix(b"@")
                    .map(|rest| {
                        let n = rest
                            .iter()
                            .position(|b| {
                                matches!(b, b'/' | b':' | b'?' | b'#' | b'\'' | b'"' | b'`')
                                    || b.is_ascii_whitespace()
                            })
                            .unwrap_or(rest.len());
                        &rest[..n]
                    })
                    .unwrap_or(b"");
                let remote = filters::is_remote_host(host);
                if !(filters::is_strong_value(secret) && remote) {
                    c = c.min(Confidence::Medium);
                }
                // A local database's URL in a comment is a usage example
                // (a doctest, a connection-string grammar), not a
                // credential the code uses.
                if !remote && line_is_comment(bytes, s) {
                    c = Confidence::Low;
                }
            }
            RuleKind::Plain => {
                let value = verify::base64_decode(secret)
                    .filter(|_| rule.verify == Verify::K8sSecretData)
                    .filter(|d| {
                        d.iter()
                            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
                    })
                    .map(|d| d.trim_ascii().to_vec())
                    .unwrap_or_else(|| secret.to_vec());
                let named = group_bytes(re.key_group).is_none_or(filters::is_secret_key_name);
                if !(named && filters::is_strong_value(&value)) {
                    c = c.min(Confidence::Medium);
                }
            }
        }
        c
    }

    fn finish(
        &self,
        path: &str,
        bytes: &[u8],
        info: PathInfo,
        mut cands: Vec<Candidate>,
    ) -> Vec<SecretMatch> {
        // Overlapping candidates describe one secret: keep the most specific rule.
        let rank = |k: RuleKind| match k {
            RuleKind::Token => 4,
            RuleKind::Plain | RuleKind::UrlPassword => 3,
            RuleKind::Contextual => 2,
            RuleKind::Generic => 1,
        };
        cands.sort_by(|a, b| {
            let (ra, rb) = (&self.rules[a.rule], &self.rules[b.rule]);
            rank(rb.kind)
                .cmp(&rank(ra.kind))
                .then(b.confidence.cmp(&a.confidence))
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
                .then(a.rule.cmp(&b.rule))
        });
        let mut kept: Vec<Candidate> = Vec::new();
        for c in cands {
            if !kept.iter().any(|k| c.start < k.end && k.start < c.end) {
                kept.push(c);
            }
        }
        kept.retain(|c| !c.suppress);
        kept.sort_by_key(|c| (c.start, c.rule));
        kept.truncate(MAX_MATCHES_PER_FILE);

        let mut out = Vec::with_capacity(kept.len());
        let mut pos = 0usize;
        let mut line = 1u32;
        let mut line_start = 0usize;
        for c in kept {
            let rule = &self.rules[c.rule];
            let seg = &bytes[pos..c.start];
            let nl = memchr::memchr_iter(b'\n', seg).count();
            if nl > 0 {
                line = line.saturating_add(nl as u32);
                line_start = pos + memchr::memrchr(b'\n', seg).map_or(0, |p| p + 1);
            }
            pos = c.start;
            let column = bytes[line_start..c.start]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count() as u32
                + 1;
            let secret = &bytes[c.start..c.end];
            let end_line = line.saturating_add(
                memchr::memchr_iter(b'\n', &secret[..secret.len().saturating_sub(1)]).count()
                    as u32,
            );
            out.push(SecretMatch {
                rule_id: rule.id.clone(),
                description: rule.description.clone(),
                line,
                column,
                end_line,
                redacted: redact::redact(secret),
                fingerprint: redact::fingerprint(&rule.id, path, secret),
                secret_hash: redact::secret_hash(&rule.id, secret),
                confidence: c.confidence,
                in_test_path: info.test_or_docs,
            });
        }
        out
    }
}

fn pass(ok: bool) -> Outcome {
    if ok {
        Outcome::Verified
    } else {
        Outcome::Reject
    }
}

/// Keys of a Kubernetes Secret that hold connection metadata, not credentials.
fn is_k8s_plain_key(key: &[u8]) -> bool {
    const PLAIN: &[&str] = &[
        "username",
        "user",
        "host",
        "hostname",
        "port",
        "database",
        "db",
        "dbname",
        "namespace",
        "name",
        "email",
        "region",
        "endpoint",
        "server",
        "ca.crt",
        "tls.crt",
        "url",
        "type",
        "provider",
        "driver",
        "sslmode",
    ];
    PLAIN.iter().any(|p| p.as_bytes().eq_ignore_ascii_case(key))
}

/// `https://zoom.us/j/123?pwd=...` in a README: a meeting passcode published with
/// its link so anyone can join, not a credential to anything.
fn is_meeting_passcode(bytes: &[u8], key_start: usize) -> bool {
    if !matches!(
        key_start.checked_sub(1).map(|i| bytes[i]),
        Some(b'?' | b'&')
    ) {
        return false;
    }
    let from = key_start.saturating_sub(200);
    let line_start = memchr::memrchr(b'\n', &bytes[from..key_start]).map_or(from, |p| from + p + 1);
    let url = bytes[line_start..key_start].to_ascii_lowercase();
    const MEETING_HOSTS: &[&[u8]] = &[b"zoom.us/j/", b"zoom.us/my/", b"zoomgov.com/j/"];
    MEETING_HOSTS
        .iter()
        .any(|h| memchr::memmem::find(&url, h).is_some())
}

/// Is the value assigned to a name that calls it a fixture
/// (`TEST_FAKE_RSA_KEY_0 = "-----BEGIN...`, `dummyJwt: "eyJ..."`)? Reads the
/// text before `pos` on its line.
fn names_a_fixture(bytes: &[u8], pos: usize) -> bool {
    let from = pos.saturating_sub(256);
    let start = memchr::memrchr(b'\n', &bytes[from..pos]).map_or(from, |p| from + p + 1);
    let line = &bytes[start..pos];
    let lower = line.to_ascii_lowercase();
    const WORDS: &[&[u8]] = &[
        b"test", b"fake", b"dummy", b"mock", b"example", b"sample", b"fixture",
    ];
    // A word of the name, not a piece of one (`latest`, `contest`).
    let word_start = |i: usize| {
        i == 0
            || !line[i - 1].is_ascii_alphabetic()
            || (line[i - 1].is_ascii_lowercase() && line[i].is_ascii_uppercase())
    };
    WORDS
        .iter()
        .any(|w| memchr::memmem::find_iter(&lower, w).any(word_start))
}

/// Whether a comment in the six lines above `pos` says the value there is
/// not a real credential ("example", "fake", "dummy", "placeholder", "not
/// real", "no actual"). Only comment lines count: a variable named
/// `example_key` says nothing about its value.
fn disclaimed(bytes: &[u8], pos: usize) -> bool {
    const PHRASES: &[&[u8]] = &[
        b"example",
        b"fake",
        b"dummy",
        b"placeholder",
        b"not real",
        b"not a real",
        b"no actual",
        b"no real",
        b"made up",
        b"made-up",
    ];
    comment_above_says(bytes, pos, PHRASES)
}

/// Whether a comment in the six lines above `pos` says the value is meant
/// to be public: a token that can only push (FOSSA's push-only API token),
/// a publishable or search-only key. Real, but not a secret by design.
fn declared_public(bytes: &[u8], pos: usize) -> bool {
    const PHRASES: &[&[u8]] = &[
        b"push-only",
        b"push only",
        b"publishable",
        b"search-only",
        b"safe to publish",
        b"safe to commit",
        b"public by design",
        b"intentionally public",
    ];
    comment_above_says(bytes, pos, PHRASES)
}

/// Whether a comment line among the six above `pos` holds one of `phrases`
/// as words.
fn comment_above_says(bytes: &[u8], pos: usize, phrases: &[&[u8]]) -> bool {
    let mut end = memchr::memrchr(b'\n', &bytes[..pos]).unwrap_or(0);
    for _ in 0..6 {
        if end == 0 {
            break;
        }
        let start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |p| p + 1);
        let line = bytes[start..end].trim_ascii_start();
        end = start.saturating_sub(1);
        let comment = [&b"#"[..], b"//", b"/*", b"*", b"--", b";"]
            .iter()
            .any(|c| line.starts_with(c));
        if !comment {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        // `example.com` names a domain, not the value.
        let said = phrases.iter().any(|p| {
            memchr::memmem::find_iter(&lower, p).any(|i| {
                let before = i == 0 || !lower[i - 1].is_ascii_alphanumeric();
                let after = lower
                    .get(i + p.len())
                    .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'.');
                before && after
            })
        });
        if said {
            return true;
        }
    }
    false
}

/// Is `pos` inside a top-level YAML section for development or tests
/// (`development:`, `test:`, `local:`)? The nearest line above that starts
/// at column 0 decides.
pub(crate) fn under_local_section(bytes: &[u8], pos: usize) -> bool {
    let before = &bytes[..pos];
    let mut end = memchr::memrchr(b'\n', before).unwrap_or(0);
    while end > 0 {
        let start = memchr::memrchr(b'\n', &before[..end]).map_or(0, |p| p + 1);
        let line = &before[start..end];
        end = start.saturating_sub(1);
        if line.is_empty() || matches!(line[0], b' ' | b'\t' | b'#' | b'\r') {
            continue;
        }
        let Some(key) = line.trim_ascii_end().strip_suffix(b":") else {
            return false;
        };
        return filters::key_words(key).iter().any(|w| {
            matches!(
                w.as_str(),
                "development" | "dev" | "test" | "testing" | "local"
            )
        });
    }
    false
}

/// Does the line holding `pos` start with a comment marker (`#`, `//`, `--`,
/// `/*`, `*`, `;`, `<!--`, `%`)? Looks back at most one line.
pub(crate) fn line_is_comment(bytes: &[u8], pos: usize) -> bool {
    let from = pos.saturating_sub(MINIFIED_LINE);
    let start = memchr::memrchr(b'\n', &bytes[from..pos]).map_or(from, |p| from + p + 1);
    let line = bytes[start..pos].trim_ascii_start();
    [&b"#"[..], b"//", b"--", b"/*", b"*", b";", b"<!--", b"%"]
        .iter()
        .any(|m| line.starts_with(m))
}

/// Bounded look at the line containing `pos`: is it longer than MINIFIED_LINE?
fn is_minified_line(bytes: &[u8], pos: usize) -> bool {
    let back_from = pos.saturating_sub(MINIFIED_LINE);
    let back = memchr::memrchr(b'\n', &bytes[back_from..pos]).map(|p| back_from + p);
    let fwd_to = (pos + MINIFIED_LINE).min(bytes.len());
    let fwd = memchr::memchr(b'\n', &bytes[pos..fwd_to]).map(|p| pos + p);
    let start = match back {
        Some(p) => p + 1,
        None if back_from == 0 => 0,
        None => return true,
    };
    let end = match fwd {
        Some(p) => p,
        None if fwd_to == bytes.len() => bytes.len(),
        None => return true,
    };
    end - start > MINIFIED_LINE
}

/// Add the window around a keyword hit, widened to whole lines and merged with the
/// previous window. Hits arrive in increasing order, so scanning for line bounds
/// never re-reads bytes already inside a window (amortised linear).
fn add_window(
    windows: &mut Vec<(usize, usize)>,
    bytes: &[u8],
    hs: usize,
    he: usize,
    radius: usize,
) {
    let want_start = hs.saturating_sub(radius);
    let want_end = he.saturating_add(radius).min(bytes.len());
    if let Some(last) = windows.last_mut() {
        if want_start <= last.1 {
            if want_end > last.1 {
                last.1 = line_end(bytes, want_end);
            }
            return;
        }
    }
    let floor = windows.last().map_or(0, |w| w.1);
    let start = memchr::memrchr(b'\n', &bytes[floor..want_start]).map_or(floor, |p| floor + p + 1);
    let end = line_end(bytes, want_end);
    match windows.last_mut() {
        Some(last) if start <= last.1 => last.1 = end,
        _ => windows.push((start, end)),
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_merge_and_align() {
        let text = b"aaaa\nbbbb\ncccc\ndddd\n";
        let mut w = Vec::new();
        add_window(&mut w, text, 6, 7, 1); // in "bbbb"
        assert_eq!(w, vec![(5, 9)]);
        add_window(&mut w, text, 7, 8, 1);
        assert_eq!(w, vec![(5, 9)]);
        add_window(&mut w, text, 16, 17, 1); // in "dddd"
        assert_eq!(w, vec![(5, 9), (15, 19)]);
        let mut w2 = Vec::new();
        add_window(&mut w2, text, 6, 7, 1);
        add_window(&mut w2, text, 11, 12, 1); // next line: separate window
        assert_eq!(w2, vec![(5, 9), (10, 14)]);
        let mut w3 = Vec::new();
        add_window(&mut w3, text, 1, 2, 1);
        add_window(&mut w3, text, 3, 4, 12); // reaches into "dddd"
        assert_eq!(w3, vec![(0, 19)]);
    }

    #[test]
    fn minified_detection() {
        let mut long = vec![b'a'; 10_000];
        long.push(b'\n');
        assert!(is_minified_line(&long, 5000));
        assert!(!is_minified_line(b"short\nline\n", 7));
        assert!(!is_minified_line(b"x", 0));
    }
}
