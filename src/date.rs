//! Calendar dates as `YYYY-MM-DD` strings, enough for expiries, without a
//! date-time dependency. Today comes from the system clock, or from
//! `SHIPREADY_TODAY` so reports can be reproduced exactly.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn is_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m),
        _ => false,
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date (UTC).
pub fn today() -> String {
    if let Ok(d) = std::env::var("SHIPREADY_TODAY") {
        if is_valid(&d) {
            return d;
        }
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    from_days((secs / 86_400) as i64)
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of a valid `YYYY-MM-DD` date (the inverse of
/// `from_days`).
pub fn to_days(date: &str) -> Option<i64> {
    if !is_valid(date) {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `90d` from `today`, or a date as it is; None when neither.
pub fn resolve(when: &str, today: &str) -> Option<String> {
    if let Some(n) = when.strip_suffix('d').and_then(|n| n.parse::<i64>().ok()) {
        return Some(from_days(to_days(today)? + n));
    }
    is_valid(when).then(|| when.to_string())
}

/// Whether `expires` (inclusive) is before `today`. Both are valid dates,
/// so string order is date order.
pub fn expired(expires: &str, today: &str) -> bool {
    expires < today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_converts() {
        assert!(is_valid("2024-02-29"));
        assert!(!is_valid("2023-02-29"));
        assert!(!is_valid("2024-13-01"));
        assert!(!is_valid("24-01-01"));
        assert_eq!(from_days(0), "1970-01-01");
        assert_eq!(from_days(20_414), "2025-11-22");
        assert!(expired("2026-01-01", "2026-01-02"));
        for d in ["1970-01-01", "2024-02-29", "2026-11-29", "2100-03-01"] {
            assert_eq!(from_days(to_days(d).unwrap()), d);
        }
        assert_eq!(resolve("90d", "2026-11-29").as_deref(), Some("2027-02-27"));
        assert_eq!(
            resolve("2027-01-31", "2026-11-29").as_deref(),
            Some("2027-01-31")
        );
        assert_eq!(resolve("soon", "2026-11-29"), None);
        assert!(!expired("2026-01-02", "2026-01-02"));
    }
}
