//! Times and dates given on the command line, and "now".

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Kind, UserError};

/// Parse a WHEN: RFC 3339, `YYYY-MM-DD` (midnight UTC), or a relative `N` + `m|h|d|w`
/// (minutes, hours, days, weeks before `now`).
pub fn parse_when(flag: &str, value: &str, now: DateTime<Utc>) -> anyhow::Result<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    if let Some(t) = relative(v).and_then(|delta| now.checked_sub_signed(delta)) {
        return Ok(t);
    }
    Err(UserError::new(
        Kind::Usage,
        format!("{flag} `{value}` is not a time"),
        "use RFC 3339 (2026-11-25T14:30:00Z), YYYY-MM-DD, or a relative form such as 7d, 12h, 2w",
    )
    .into())
}

fn relative(v: &str) -> Option<chrono::TimeDelta> {
    let unit = v.chars().last()?;
    let n: i64 = v[..v.len() - unit.len_utf8()]
        .parse()
        .ok()
        .filter(|n| *n >= 0)?;
    match unit {
        'm' => chrono::TimeDelta::try_minutes(n),
        'h' => chrono::TimeDelta::try_hours(n),
        'd' => chrono::TimeDelta::try_days(n),
        'w' => chrono::TimeDelta::try_weeks(n),
        _ => None,
    }
}

/// Parse a DATE: `YYYY-MM-DD`, or RFC 3339 (its UTC date).
pub fn parse_date(flag: &str, value: &str) -> anyhow::Result<NaiveDate> {
    let v = value.trim();
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc).date_naive());
    }
    Err(UserError::new(
        Kind::Usage,
        format!("{flag} `{value}` is not a date"),
        "use YYYY-MM-DD, e.g. 2026-12-01",
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_when() {
        let now = parse_when("--at", "2026-11-25T12:00:00Z", Utc::now()).unwrap();
        assert_eq!(
            parse_when("--at", "2026-11-20", now).unwrap().to_rfc3339(),
            "2026-11-20T00:00:00+00:00"
        );
        assert_eq!(
            parse_when("--since", "7d", now).unwrap().to_rfc3339(),
            "2026-11-18T12:00:00+00:00"
        );
        assert_eq!(
            parse_when("--since", "2w", now).unwrap().to_rfc3339(),
            "2026-11-11T12:00:00+00:00"
        );
        assert!(parse_when("--since", "yesterday", now).is_err());
        assert!(parse_when("--since", "-3d", now).is_err());
    }
}
