//! Reading DATEs and WHENs against a given now and zone.

use super::*;

/// Wednesday 2026-11-25, 12:00 UTC, seen from UTC+1 (13:00 local) unless said otherwise.
fn now(offset_hours: i32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .unwrap()
        .with_timezone(&FixedOffset::east_opt(offset_hours * 3600).unwrap())
}

fn date(v: &str) -> String {
    parse_date("--due", v, now(1)).unwrap().to_string()
}

fn fixed(hours: i32) -> impl Fn(DateTime<Utc>) -> FixedOffset {
    move |_| FixedOffset::east_opt(hours * 3600).unwrap()
}

fn when(v: &str) -> String {
    parse_when("--at", v, now(1), &fixed(1))
        .unwrap()
        .to_rfc3339()
}

#[test]
fn forms_of_date() {
    assert_eq!(date("2026-12-01"), "2026-12-01");
    assert_eq!(date("today"), "2026-11-25");
    assert_eq!(date("Tomorrow"), "2026-11-26");
    assert_eq!(date("yesterday"), "2026-11-24");
    assert_eq!(date("friday"), "2026-11-27");
    assert_eq!(
        date("next friday"),
        "2026-11-27",
        "the next one, as `friday`"
    );
    assert_eq!(date("Next Friday"), "2026-11-27");
    assert_eq!(date("last friday"), "2026-11-20");
    assert_eq!(date("wed"), "2026-12-02", "the next one, not today");
    assert_eq!(date("+3d"), "2026-11-28");
    assert_eq!(date("+2w"), "2026-12-09");
    assert_eq!(date("in 5 days"), "2026-11-30");
    assert_eq!(date("in 1 week"), "2026-12-02");
    assert_eq!(date("2026-11-25T23:30:00Z"), "2026-11-26", "its local date");
    for bad in [
        "soon",
        "in five days",
        "+3",
        "+3h",
        "fr",
        "in 5 days ago",
        "next",
        "next fortnight",
        "last friday week",
        "2026-13-01",
    ] {
        assert!(parse_date("--due", bad, now(1)).is_err(), "{bad}");
    }
}

#[test]
fn the_local_date_decides_today() {
    // 12:00 UTC is already the 26th at UTC+13 and still the 25th at UTC-11.
    assert_eq!(
        parse_date("--due", "today", now(13)).unwrap().to_string(),
        "2026-11-26"
    );
    assert_eq!(
        parse_date("--due", "today", now(-11)).unwrap().to_string(),
        "2026-11-25"
    );
}

#[test]
fn forms_of_when() {
    assert_eq!(when("2026-11-20T10:00:00Z"), "2026-11-20T10:00:00+00:00");
    assert_eq!(
        when("2026-11-20"),
        "2026-11-19T23:00:00+00:00",
        "local midnight"
    );
    assert_eq!(when("7d"), "2026-11-18T12:00:00+00:00");
    assert_eq!(when("2w"), "2026-11-11T12:00:00+00:00");
    assert_eq!(when("yesterday"), "2026-11-23T23:00:00+00:00");
    assert_eq!(when("today"), "2026-11-24T23:00:00+00:00");
    assert_eq!(when("monday"), "2026-11-22T23:00:00+00:00", "the last one");
    assert_eq!(when("last monday"), "2026-11-22T23:00:00+00:00");
    assert_eq!(when("next monday"), "2026-11-29T23:00:00+00:00");
    assert_eq!(when("wednesday"), "2026-11-17T23:00:00+00:00");
    assert_eq!(when("+1d"), "2026-11-25T23:00:00+00:00");
    assert!(parse_when("--since", "-3d", now(0), &fixed(0)).is_err());
    assert!(parse_when("--since", "99999999999d", now(0), &fixed(0)).is_err());
}

/// Berlin in 2026: +01:00, and +02:00 from 29 March 01:00 UTC to 25 October 01:00 UTC.
fn berlin(t: DateTime<Utc>) -> FixedOffset {
    let summer = "2026-03-29T01:00:00Z".parse::<DateTime<Utc>>().unwrap()
        ..="2026-10-25T00:59:59Z".parse::<DateTime<Utc>>().unwrap();
    FixedOffset::east_opt(if summer.contains(&t) { 7200 } else { 3600 }).unwrap()
}

/// Clocks going forward at midnight: 2026-09-06 00:00 (-04:00) is 01:00 (-03:00).
fn santiago(t: DateTime<Utc>) -> FixedOffset {
    let summer = t >= "2026-09-06T04:00:00Z".parse::<DateTime<Utc>>().unwrap();
    FixedOffset::west_opt(if summer { 3 * 3600 } else { 4 * 3600 }).unwrap()
}

#[test]
fn a_dates_midnight_is_in_the_offset_of_that_day() {
    let at = |now: &str, zone: fn(DateTime<Utc>) -> FixedOffset, v: &str| {
        let now: DateTime<Utc> = now.parse().unwrap();
        let local = now.with_timezone(&zone(now));
        parse_when("--at", v, local, &zone).unwrap().to_rfc3339()
    };
    let april = "2026-04-10T12:00:00Z";
    assert_eq!(at(april, berlin, "2026-03-20"), "2026-03-19T23:00:00+00:00");
    assert_eq!(at(april, berlin, "2026-04-01"), "2026-03-31T22:00:00+00:00");
    assert_eq!(at(april, berlin, "2026-03-29"), "2026-03-28T23:00:00+00:00");
    let nov = "2026-11-10T12:00:00Z";
    assert_eq!(at(nov, berlin, "2026-10-20"), "2026-10-19T22:00:00+00:00");
    assert_eq!(at(nov, berlin, "2026-10-25"), "2026-10-24T22:00:00+00:00");
    assert_eq!(at(nov, berlin, "2026-10-26"), "2026-10-25T23:00:00+00:00");
    let sept = "2026-09-07T12:00:00Z";
    assert_eq!(
        at(sept, santiago, "2026-09-06"),
        "2026-09-06T04:00:00+00:00"
    );
    assert_eq!(
        at(sept, santiago, "2026-09-05"),
        "2026-09-05T04:00:00+00:00"
    );
    assert_eq!(
        at(sept, santiago, "2026-09-07"),
        "2026-09-07T03:00:00+00:00"
    );
}

#[test]
fn weekdays_at_the_ends_of_time_are_refused_not_panics() {
    let at = |d: NaiveDate| {
        d.and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .with_timezone(&FixedOffset::east_opt(0).unwrap())
    };
    for v in [
        "friday",
        "next friday",
        "last friday",
        "this monday",
        "past monday",
    ] {
        // Whatever the weekday the ends fall on, one of the two ways runs off the range.
        for end in [NaiveDate::MAX, NaiveDate::MIN] {
            let _ = parse_date("--due", v, at(end));
            let _ = parse_when("--at", v, at(end), &fixed(0));
        }
    }
    let wd = NaiveDate::MAX.weekday().succ();
    assert!(parse_date("--due", &format!("{wd}"), at(NaiveDate::MAX)).is_err());
    let wd = NaiveDate::MIN.weekday().pred();
    assert!(parse_when("--at", &format!("last {wd}"), at(NaiveDate::MIN), &fixed(0)).is_err());
}

#[test]
fn due_horizons() {
    let h = |v: &str| parse_horizon("--due", v, now(0)).unwrap().to_string();
    assert_eq!(h("7d"), "2026-12-02");
    assert_eq!(h("2w"), "2026-12-09");
    assert_eq!(h("friday"), "2026-11-27");
    assert!(parse_horizon("--due", "12h", now(0)).is_err());
}
