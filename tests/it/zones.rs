//! Dates in a zone with daylight saving time: a date typed for `--at` or `--since` is that
//! day's local midnight in the offset the zone has on that day (not today's), and a phase's
//! "advanced" date is the local date of its advance, as `log` shows it. Zones are POSIX rules,
//! so that no time zone database is needed.

use crate::common::TestEnv;

/// Berlin: CET, CEST from the last Sunday of March to the last Sunday of October.
const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
/// Santiago de Chile: clocks go forward at midnight (Saturday 24:00), so 2026-09-06 has no
/// 00:00; the day begins at 01:00 (-03).
const SANTIAGO: &str = "<-04>4<-03>,M9.1.6/24,M4.1.6/24";
/// Tokyo: UTC+9, no daylight saving.
const TOKYO: &str = "JST-9";

/// A tracker made at `when`.
fn made_at(when: &str) -> TestEnv {
    let mut env = TestEnv::new();
    env.now = when.into();
    env.run(&["init", "--name", "Contoso"]).ok();
    env
}

fn done_at(env: &TestEnv, tz: &str) -> String {
    let show = env
        .run_env(&["show", "kickoff-meeting", "--json"], &[("TZ", tz)])
        .ok()
        .json();
    show["task"]["done_at"]
        .as_str()
        .or_else(|| show["done_at"].as_str())
        .unwrap_or_else(|| panic!("no done_at in {show}"))
        .to_string()
}

#[test]
fn a_date_across_a_daylight_saving_change_is_that_days_local_midnight() {
    // In April (CEST, +02:00), a date in March (CET, +01:00).
    let mut env = made_at("2026-03-01T09:00:00Z");
    env.now = "2026-04-10T12:00:00Z".into();
    let tz = [("TZ", BERLIN)];
    env.run_env(&["done", "kickoff-meeting", "--at", "2026-03-20"], &tz)
        .ok();
    assert_eq!(done_at(&env, BERLIN), "2026-03-19T23:00:00Z");
    let show = env.run_env(&["show", "kickoff-meeting"], &tz).ok().stdout;
    assert!(
        show.contains("done at 2026-03-20 00:00"),
        "the day typed, at midnight:\n{show}"
    );
    let report = env
        .run_env(&["report", "--since", "2026-03-20"], &tz)
        .ok()
        .stdout;
    assert!(
        report.contains("Since 2026-03-20 00:00"),
        "--since a date is that day's midnight:\n{report}"
    );
    // In November (CET), a date in October (CEST).
    env.now = "2026-11-10T12:00:00Z".into();
    env.run_env(&["reopen", "kickoff-meeting"], &tz).ok();
    env.run_env(&["done", "kickoff-meeting", "--at", "2026-10-20"], &tz)
        .ok();
    assert_eq!(done_at(&env, BERLIN), "2026-10-19T22:00:00Z");
    // A weekday name is a date too: Monday 2026-10-19, in CEST.
    env.run_env(&["reopen", "kickoff-meeting"], &tz).ok();
    env.now = "2026-10-27T12:00:00Z".into();
    env.run_env(&["done", "kickoff-meeting", "--at", "last monday"], &tz)
        .ok();
    assert_eq!(done_at(&env, BERLIN), "2026-10-25T23:00:00Z");
}

#[test]
fn a_day_whose_midnight_is_skipped_begins_when_the_clocks_go_forward() {
    let mut env = made_at("2026-09-05T12:00:00Z");
    env.now = "2026-09-07T12:00:00Z".into();
    let tz = [("TZ", SANTIAGO)];
    env.run_env(&["done", "kickoff-meeting", "--at", "2026-09-06"], &tz)
        .ok();
    assert_eq!(done_at(&env, SANTIAGO), "2026-09-06T04:00:00Z");
    let show = env.run_env(&["show", "kickoff-meeting"], &tz).ok().stdout;
    assert!(show.contains("done at 2026-09-06 01:00"), "{show}");
    let log = env
        .run_env(&["log", "--since", "2026-09-06", "--json"], &tz)
        .ok()
        .json();
    assert_eq!(
        log["events"].as_array().unwrap().len(),
        1,
        "the done of the 7th, not the init of the 5th: {log}"
    );
}

#[test]
fn a_phase_is_advanced_on_the_local_date_of_its_advance() {
    let mut env = made_at("2026-11-02T01:00:00Z");
    let tz = [("TZ", TOKYO)];
    env.run_env(&["plan", "initiate", "--target", "2026-11-06"], &tz)
        .ok();
    env.run_env(&["done", "begin-onboarding", "kickoff-meeting"], &tz)
        .ok();
    // 16:00 UTC on the 4th is 01:00 on the 5th in Tokyo.
    env.now = "2026-11-04T16:00:00Z".into();
    env.run_env(&["advance"], &tz).ok();
    env.now = "2026-11-10T03:00:00Z".into();
    let log = env.run_env(&["log"], &tz).ok().stdout;
    assert!(log.contains("2026-11-05 01:00"), "{log}");
    let status = env.run_env(&["status", "--json"], &tz).ok().json();
    assert_eq!(status["phases"][1]["advanced"], "2026-11-05", "{status}");
    let text = env.run_env(&["status"], &tz).ok().stdout;
    assert!(text.contains("2026-11-06  2026-11-05"), "{text}");
    let report = env
        .run_env(&["report", "--format", "json"], &tz)
        .ok()
        .json();
    assert_eq!(report["phases"][1]["advanced"], "2026-11-05");
    assert_eq!(report["phases"][1]["late_days"], -1);
    for format in ["text", "markdown", "html"] {
        let r = env
            .run_env(&["report", "--format", format], &tz)
            .ok()
            .stdout;
        assert!(
            r.contains("2026-11-05") && r.contains("1 day early"),
            "{format}:\n{r}"
        );
        assert!(!r.contains("2 days early"), "{format}");
    }
}
