//! Times and dates given on the command line, read against a given "now" in a given UTC
//! offset (the app passes the local one, or UTC under `--utc`). Pure: no clock, no TZ.
//!
//! A DATE (due dates, `list --due`) looks forward: `today`, `tomorrow`, `yesterday`, a weekday
//! name (the next one after today; `next friday` too, `last friday` the one before), `+3d`,
//! `+2w`, `in 5 days`, `YYYY-MM-DD`, or RFC 3339 (its local date). A WHEN (`--at`, `--since`)
//! looks back: RFC 3339, `YYYY-MM-DD` (local midnight), `30m`/`12h`/`7d`/`2w` ago,
//! `today`/`yesterday` (local midnight), a weekday name (the last one before today; `last
//! monday` too, `next monday` the one after), or a forward form (`tomorrow`, `+3d`, `in 5
//! days`, local midnight). A date's local midnight is in the offset the zone has on that day,
//! which the app gives as a function (`OffsetAt`): across a daylight-saving change it differs
//! from today's.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Utc, Weekday};

/// The local zone's UTC offset at an instant (the app's, from TZ; a constant under `--utc`).
pub type OffsetAt<'a> = &'a dyn Fn(DateTime<Utc>) -> FixedOffset;

use crate::error::{Kind, UserError};

/// Parse a WHEN against `now` (whose offset is the local zone's), a date at its local midnight
/// in the zone `offset_at` describes.
pub fn parse_when(
    flag: &str,
    value: &str,
    now: DateTime<FixedOffset>,
    offset_at: OffsetAt,
) -> anyhow::Result<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Some(t) = relative(v).and_then(|delta| now.checked_sub_signed(delta)) {
        return Ok(t.with_timezone(&Utc));
    }
    let today = now.date_naive();
    let date = match weekday(v) {
        // Looking back: the last such day before today, unless "next" says otherwise.
        Some((w, Way::Next)) => next(w, today),
        Some((w, _)) => last(w, today),
        None => day(v, today),
    };
    if let Some(t) = date.and_then(|d| day_start(d, *now.offset(), offset_at)) {
        return Ok(t);
    }
    Err(UserError::new(
        Kind::Usage,
        format!("{flag} `{value}` is not a time"),
        "use RFC 3339 (2026-11-25T14:30:00Z), YYYY-MM-DD, yesterday, monday, last monday, or how long ago: 7d, 12h, 2w",
    )
    .into())
}

/// Parse a DATE against `now` (whose offset is the local zone's).
pub fn parse_date(
    flag: &str,
    value: &str,
    now: DateTime<FixedOffset>,
) -> anyhow::Result<NaiveDate> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(now.offset()).date_naive());
    }
    let today = now.date_naive();
    let date = match weekday(v) {
        // Looking forward: the next such day after today, unless "last" says otherwise.
        Some((w, Way::Last)) => last(w, today),
        Some((w, _)) => next(w, today),
        None => day(v, today),
    };
    date.ok_or_else(|| {
        UserError::new(
            Kind::Usage,
            format!("{flag} `{value}` is not a date"),
            "use YYYY-MM-DD, today, tomorrow, friday, next friday, +3d, +2w or `in 5 days`",
        )
        .into()
    })
}

/// The first and last day ftrack records (a due date, a target, `done --at`, the clock of
/// `FTRACK_NOW`): years 1900 to 9999, what every format shows as a date (Excel's date cells
/// start in 1900; iCalendar and RFC 3339 years have four digits). A date outside it already
/// in a journal is shown as it is.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 9999;

/// A DATE to record: as `parse_date`, refused outside the years ftrack records (exit 2).
pub fn parse_due(flag: &str, value: &str, now: DateTime<FixedOffset>) -> anyhow::Result<NaiveDate> {
    let d = parse_date(flag, value, now)?;
    recordable(flag, value, d.year())?;
    Ok(d)
}

/// A WHEN to record: as `parse_when`, refused outside the years ftrack records (exit 2).
pub fn parse_at(
    flag: &str,
    value: &str,
    now: DateTime<FixedOffset>,
    offset_at: OffsetAt,
) -> anyhow::Result<DateTime<Utc>> {
    let t = parse_when(flag, value, now, offset_at)?;
    recordable(flag, value, t.year())?;
    Ok(t)
}

/// Refuse a year outside the years ftrack records.
pub fn recordable(flag: &str, value: &str, year: i32) -> anyhow::Result<()> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Ok(());
    }
    Err(UserError::new(
        Kind::Usage,
        format!(
            "{flag} `{value}` is outside the years ftrack records ({FIRST_YEAR} to {LAST_YEAR})"
        ),
        "give a date between 1900-01-01 and 9999-12-31; nothing was recorded",
    )
    .into())
}

/// How far ahead `--due` looks: a DATE, or a span (`7d`, `2w`) from today.
pub fn parse_horizon(
    flag: &str,
    value: &str,
    now: DateTime<FixedOffset>,
) -> anyhow::Result<NaiveDate> {
    let v = value.trim();
    if let Some(delta) = relative(v).filter(|_| !v.ends_with(['m', 'h'])) {
        return now
            .date_naive()
            .checked_add_signed(delta)
            .ok_or_else(|| too_far(flag, value));
    }
    parse_date(flag, value, now)
}

fn too_far(flag: &str, value: &str) -> anyhow::Error {
    UserError::new(
        Kind::Usage,
        format!("{flag} `{value}` is too far away"),
        "use a span such as 7d or 2w, or a date",
    )
    .into()
}

/// Days back from `today` to the last `w` before it (1..=7).
fn days_until(w: Weekday, today: Weekday) -> i64 {
    let back = (7 + today.num_days_from_monday() as i64 - w.num_days_from_monday() as i64) % 7;
    if back == 0 { 7 } else { back }
}

/// A calendar day: YYYY-MM-DD, today/tomorrow/yesterday, +Nd/+Nw, `in N days|weeks`.
fn day(v: &str, today: NaiveDate) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(d);
    }
    let lower = v.to_ascii_lowercase();
    let ahead = match lower.as_str() {
        "today" => Some(TimeDelta::zero()),
        "tomorrow" => TimeDelta::try_days(1),
        "yesterday" => TimeDelta::try_days(-1),
        s if s.starts_with('+') => relative(&s[1..]).filter(|_| s.ends_with(['d', 'w'])),
        s => in_n(s),
    }?;
    today.checked_add_signed(ahead)
}

/// `in 5 days`, `in 1 week`, `in 2 weeks`.
fn in_n(s: &str) -> Option<TimeDelta> {
    let mut words = s.split_whitespace();
    if words.next()? != "in" {
        return None;
    }
    let n: i64 = words.next()?.parse().ok().filter(|n| *n >= 0)?;
    let delta = match words.next()? {
        "day" | "days" => TimeDelta::try_days(n),
        "week" | "weeks" => TimeDelta::try_weeks(n),
        _ => None,
    };
    if words.next().is_some() {
        return None;
    }
    delta
}

/// Which way a weekday name points: as the form it is used in says (a DATE forward, a WHEN
/// back), or as its word does ("next friday", "last monday").
#[derive(Clone, Copy, PartialEq)]
enum Way {
    Either,
    Next,
    Last,
}

/// A weekday name, bare ("friday", "fri") or after "next", "this" or "last".
fn weekday(v: &str) -> Option<(Weekday, Way)> {
    let lower = v.to_ascii_lowercase();
    let mut words = lower.split_whitespace();
    let (way, name) = match (words.next()?, words.next(), words.next()) {
        (name, None, None) => (Way::Either, name),
        ("next" | "this" | "coming", Some(name), None) => (Way::Next, name),
        ("last" | "past", Some(name), None) => (Way::Last, name),
        _ => return None,
    };
    let w: Weekday = name.parse().ok()?;
    // chrono also takes "mon"; only whole names and their usual three letters are meant here.
    (name.len() >= 3).then_some((w, way))
}

/// The last `w` before `today` (None at the first day chrono holds: no panic, however far
/// the clock).
fn last(w: Weekday, today: NaiveDate) -> Option<NaiveDate> {
    today.checked_sub_signed(TimeDelta::days(days_until(w, today.weekday())))
}

/// The next `w` after `today` (None at the last day chrono holds).
fn next(w: Weekday, today: NaiveDate) -> Option<NaiveDate> {
    today.checked_add_signed(TimeDelta::days(7 - days_until(w, today.weekday()) % 7))
}

/// The first instant of the local day `d`: its midnight in the offset the zone has then (today's
/// offset, `now`, is only the first guess: across a daylight-saving change they differ), or,
/// where the zone skips midnight (clocks going forward at 00:00), the moment the day begins.
fn day_start(d: NaiveDate, now: FixedOffset, offset_at: OffsetAt) -> Option<DateTime<Utc>> {
    let midnight = d.and_hms_opt(0, 0, 0)?;
    let at = |offset: FixedOffset| {
        midnight
            .and_local_timezone(offset)
            .single()
            .map(|t| t.with_timezone(&Utc))
    };
    // Each guess of the offset gives an instant; the zone's offset there is the next guess.
    let mut guesses = Vec::new();
    let mut offset = now;
    for _ in 0..3 {
        let Some(t) = at(offset) else { break };
        guesses.push(t);
        offset = offset_at(t);
    }
    let local_date = |t: &DateTime<Utc>| t.with_timezone(&offset_at(*t)).date_naive();
    // The earliest guess that falls on the day is its start (the day's midnight, or the end of
    // the gap the clocks skipped).
    guesses
        .iter()
        .filter(|t| local_date(t) == d)
        .min()
        .or(guesses.first())
        .copied()
}

/// `N` + `m|h|d|w`: a span of minutes, hours, days or weeks.
fn relative(v: &str) -> Option<TimeDelta> {
    // Digits only: `+3d` is a forward form, and Rust's integer parse would take the sign.
    if !v.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let unit = v.chars().last()?;
    let n: i64 = v[..v.len() - unit.len_utf8()]
        .parse()
        .ok()
        .filter(|n| *n >= 0)?;
    match unit {
        'm' => TimeDelta::try_minutes(n),
        'h' => TimeDelta::try_hours(n),
        'd' => TimeDelta::try_days(n),
        'w' => TimeDelta::try_weeks(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
