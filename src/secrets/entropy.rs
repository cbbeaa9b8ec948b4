//! Shannon entropy and "does this look random" measures for candidate values.
//!
//! Computed only on regex candidates, never on whole files, so a 256-entry count
//! table on the stack is cheap enough.

/// Shannon entropy in bits per byte.
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// Character classes present: lowercase, uppercase, digit, other.
#[derive(Debug, Default, Clone, Copy)]
pub struct Classes {
    pub lower: bool,
    pub upper: bool,
    pub digit: bool,
    pub other: bool,
}

impl Classes {
    pub fn of(bytes: &[u8]) -> Self {
        let mut c = Classes::default();
        for &b in bytes {
            match b {
                b'a'..=b'z' => c.lower = true,
                b'A'..=b'Z' => c.upper = true,
                b'0'..=b'9' => c.digit = true,
                _ => c.other = true,
            }
        }
        c
    }

    pub fn count(&self) -> usize {
        [self.lower, self.upper, self.digit, self.other]
            .iter()
            .filter(|&&b| b)
            .count()
    }
}

/// True for strings a human typed as filler: long runs of one byte ("aaaaaa",
/// "******") or ascending/descending runs ("abcdef", "123456"). Random tokens of
/// realistic length essentially never contain a 6-long run of either kind.
pub fn is_sequential_or_repetitive(bytes: &[u8]) -> bool {
    const RUN: usize = 6;
    if bytes.len() < RUN {
        return false;
    }
    let (mut same, mut up, mut down) = (1usize, 1usize, 1usize);
    for w in bytes.windows(2) {
        let (a, b) = (w[0], w[1]);
        same = if a == b { same + 1 } else { 1 };
        up = if b.wrapping_sub(a) == 1 && a.is_ascii_alphanumeric() {
            up + 1
        } else {
            1
        };
        down = if a.wrapping_sub(b) == 1 && a.is_ascii_alphanumeric() {
            down + 1
        } else {
            1
        };
        if same >= RUN || up >= RUN || down >= RUN {
            return true;
        }
    }
    // Few distinct bytes over a long value ("abababab…", "01010101…").
    let mut seen = [false; 256];
    let mut distinct = 0;
    for &b in bytes {
        if !seen[b as usize] {
            seen[b as usize] = true;
            distinct += 1;
        }
    }
    if bytes.len() >= 12 && distinct <= 3 {
        return true;
    }
    // One short unit over and over ("1234123412341234", "aB3xaB3xaB3x").
    bytes.len() >= 12
        && (2..=6)
            .any(|p| bytes.len() >= 3 * p && bytes.iter().skip(p).zip(bytes).all(|(a, b)| a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_table() {
        let cases: &[(&str, f64, f64)] = &[
            ("", 0.0, 0.0),
            ("aaaa", 0.0, 0.0),
            ("abab", 1.0, 1.0),
            ("abcd", 2.0, 2.0),
            ("Zq8mR2vT9xLp4WcN7bY1dF6h", 4.2, 4.6),
        ];
        for &(s, lo, hi) in cases {
            let e = shannon(s.as_bytes());
            assert!(e >= lo - 1e-9 && e <= hi + 1e-9, "{s}: {e}");
        }
    }

    #[test]
    fn sequential_table() {
        for s in [
            "aaaaaaaa",
            "abcdefgh",
            "12345678",
            "x987654y",
            "********",
            "abababababab",
        ] {
            assert!(is_sequential_or_repetitive(s.as_bytes()), "{s}");
        }
        for s in ["Zq8mR2vT9xLp4WcN", "hunter2", "a1b2c3d4e5", "s3cr3tP@ss"] {
            assert!(!is_sequential_or_repetitive(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn classes_count() {
        assert_eq!(Classes::of(b"aB3$").count(), 4);
        assert_eq!(Classes::of(b"abc").count(), 1);
    }
}
