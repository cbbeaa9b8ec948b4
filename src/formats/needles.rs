//! Where each of a fixed set of literals first occurs in a text, found in
//! one pass. Checks that asked `text.find(needle)` for twenty needles
//! walked every source file twenty times; one automaton walks it once.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

/// A fixed set of case-sensitive literals.
pub struct Needles {
    ac: AhoCorasick,
    /// For each automaton pattern: the caller's index of that needle and of
    /// every needle that is a prefix of it (they occur where it does).
    covers: Vec<Vec<usize>>,
    len: usize,
}

impl Needles {
    /// Panics only on an automaton too large to build, which a static list
    /// of short literals cannot be.
    pub fn new(needles: &[&str]) -> Self {
        // Longest first: at any position the automaton then reports the
        // longest needle that starts there, and every other needle that
        // starts there is a prefix of it, recorded through `covers`.
        let mut order: Vec<usize> = (0..needles.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(needles[i].len()));
        let covers = order
            .iter()
            .map(|&i| {
                (0..needles.len())
                    .filter(|&j| needles[i].starts_with(needles[j]))
                    .collect()
            })
            .collect();
        // Leftmost-first keeps the vectorised (Teddy) prefilter, which the
        // default standard semantics turn off: with it the automaton skips
        // through text that holds no needle instead of walking every byte.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(order.iter().map(|&i| needles[i]))
            .expect("a short static needle list builds");
        Needles {
            ac,
            covers,
            len: needles.len(),
        }
    }

    /// The byte offset of each needle's first occurrence, in the order the
    /// needles were given, as `str::find` would report it.
    pub fn first(&self, hay: &str) -> Vec<Option<usize>> {
        let mut out = vec![None; self.len];
        let mut missing = self.len;
        let mut at = 0;
        // Restarting one byte after each match's start (not at its end)
        // finds needles that overlap an earlier match.
        while missing > 0 && at < hay.len() {
            let Some(m) = self.ac.find(Input::new(hay).span(at..hay.len())) else {
                break;
            };
            for &i in &self.covers[m.pattern().as_usize()] {
                if out[i].is_none() {
                    out[i] = Some(m.start());
                    missing -= 1;
                }
            }
            at = m.start() + 1;
        }
        out
    }

    /// Whether any needle occurs.
    pub fn any(&self, hay: &str) -> bool {
        self.ac.is_match(hay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_occurrences_match_str_find() {
        let needles = ["rest.Ping", "R.Ping)", "ab", "abc", "bcd", "b"];
        let n = Needles::new(&needles);
        for hay in [
            "",
            "nothing here",
            "x abcd y rest.Ping z R.Ping) abc",
            "abcd",
            "bcd then abc",
            "ab ab abc",
            "b abc",
        ] {
            let want: Vec<Option<usize>> = needles.iter().map(|s| hay.find(s)).collect();
            assert_eq!(n.first(hay), want, "{hay:?}");
        }
        assert!(n.any("..abc.."));
        assert!(!n.any("..a.c.R.Ping.."));
    }
}
