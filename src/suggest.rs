//! "Did you mean" hints for misspelt keys and ids.

/// The candidate closest to `wrong` by edit distance, when it is close enough
/// to be a plausible typo (at most a third of the word).
pub fn closest<'a, I: IntoIterator<Item = &'a str>>(wrong: &str, candidates: I) -> Option<String> {
    let limit = (wrong.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(wrong, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance over chars.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["docs.readme", "docs.license", "ops.runbooks"];
        assert_eq!(closest("docs.readem", ids).as_deref(), Some("docs.readme"));
        assert_eq!(closest("ops.runbook", ids).as_deref(), Some("ops.runbooks"));
        assert_eq!(closest("k8s.probes", ids), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
