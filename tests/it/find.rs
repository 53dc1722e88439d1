//! Finding things (`list --due`, `--grep`, `--owner`) and the dates people type, read in the
//! local time zone (TZ) against FTRACK_NOW.

use crate::common::{TestEnv, ids};

fn list(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--json"];
    all.extend_from_slice(args);
    ids(&env.run(&all).ok().json())
}

#[test]
fn due_grep_and_owner() {
    let env = TestEnv::init();
    // FTRACK_NOW is Wednesday 2026-11-25.
    env.run(&[
        "assign",
        "kickoff-meeting",
        "--owner",
        "Priya (PM)",
        "--due",
        "yesterday",
    ])
    .ok();
    env.run(&[
        "assign",
        "stakeholders",
        "--owner",
        "Sam (network)",
        "--due",
        "+7d",
    ])
    .ok();
    env.run(&["assign", "software", "--owner", "sam", "--due", "+8d"])
        .ok();
    env.run(&["done", "begin-onboarding", "--note", "Tenant READY"])
        .ok();

    assert_eq!(
        list(&env, &["--due", "7d"]),
        ["kickoff-meeting", "stakeholders"]
    );
    assert_eq!(
        list(&env, &["--due", "1w"]),
        ["kickoff-meeting", "stakeholders"]
    );
    assert_eq!(
        list(&env, &["--due", "2w"]),
        ["software", "kickoff-meeting", "stakeholders"]
    );
    assert_eq!(list(&env, &["--due", "today"]), ["kickoff-meeting"]);

    assert_eq!(
        list(&env, &["--owner", "SAM"]),
        ["software", "stakeholders"]
    );
    assert_eq!(list(&env, &["--owner", "network"]), ["stakeholders"]);
    assert_eq!(list(&env, &["--owner", "Sam (network)"]), ["stakeholders"]);

    assert_eq!(
        list(&env, &["--grep", "FIREWALL"]),
        ["security-infrastructure"]
    );
    assert_eq!(
        list(&env, &["--grep", "kickoff"]),
        ["kickoff-meeting"],
        "ids too"
    );
    assert_eq!(
        list(&env, &["--grep", "tenant ready", "--status", "all"]),
        ["begin-onboarding"]
    );

    let owners = env.run(&["list", "--owner", "--json"]).ok().json();
    let rows: Vec<(String, u64, u64)> = owners["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["owner"].as_str().unwrap_or("-").to_string(),
                o["open"].as_u64().unwrap(),
                o["overdue"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Priya (PM)".to_string(), 1, 1),
            ("sam".to_string(), 1, 0),
            ("Sam (network)".to_string(), 1, 0),
            ("-".to_string(), 34, 0),
        ]
    );
    let human = env.run(&["list", "--owner"]).ok().stdout;
    assert!(human.starts_with("Owner"), "{human}");
    assert!(human.contains("(nobody)"), "{human}");

    let r = env.run(&["list", "--due", "soon"]).code(2);
    assert!(
        r.stderr
            .starts_with("error: --due `soon` is not a date\nhint: "),
        "{}",
        r.stderr
    );
}

fn due_of(env: &TestEnv, when: &str, tz: &str) -> String {
    env.run_env(&["assign", "kickoff-meeting", "--due", when], &[("TZ", tz)])
        .ok();
    let json = env.run(&["show", "kickoff-meeting", "--json"]).ok().json();
    json["task"]["due"].as_str().unwrap().to_string()
}

#[test]
fn each_date_form_in_the_local_zone() {
    let mut env = TestEnv::init();
    // Wednesday 25 November, 23:30 UTC: already Thursday the 26th in Berlin.
    env.now = "2026-11-25T23:30:00Z".to_string();
    for (form, utc, berlin) in [
        ("today", "2026-11-25", "2026-11-26"),
        ("tomorrow", "2026-11-26", "2026-11-27"),
        ("yesterday", "2026-11-24", "2026-11-25"),
        ("friday", "2026-11-27", "2026-11-27"),
        ("thursday", "2026-11-26", "2026-12-03"),
        ("+3d", "2026-11-28", "2026-11-29"),
        ("+2w", "2026-12-09", "2026-12-10"),
        ("in 5 days", "2026-11-30", "2026-12-01"),
        ("2026-12-24", "2026-12-24", "2026-12-24"),
        ("2026-12-24T23:30:00Z", "2026-12-24", "2026-12-25"),
    ] {
        assert_eq!(due_of(&env, form, "UTC"), utc, "{form} in UTC");
        assert_eq!(
            due_of(&env, form, "Europe/Berlin"),
            berlin,
            "{form} in Berlin"
        );
    }
    // Overdue is judged by the local date: due the 25th is overdue in Berlin (the 26th).
    env.run(&["assign", "kickoff-meeting", "--due", "2026-11-25"])
        .ok();
    let overdue = |tz: &str| {
        env.run_env(&["list", "--overdue", "--json"], &[("TZ", tz)])
            .ok()
            .json()["tasks"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(overdue("UTC"), 0);
    assert_eq!(overdue("Europe/Berlin"), 1);
}

#[test]
fn times_show_in_local_time_and_json_stays_utc() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff", "--at", "yesterday"]).ok();
    let tz = [("TZ", "America/New_York")];
    let json = env.run_env(&["show", "kickoff", "--json"], &tz).ok().json();
    assert_eq!(
        json["task"]["done_at"], "2026-11-24T00:00:00Z",
        "--at read in UTC (TZ=UTC)"
    );
    let show = env.run_env(&["show", "kickoff"], &tz).ok().stdout;
    assert!(show.contains("at 2026-11-23 19:00"), "{show}");
    let utc = env.run_env(&["--utc", "show", "kickoff"], &tz).ok().stdout;
    assert!(utc.contains("at 2026-11-24 00:00"), "{utc}");
    let log = env.run_env(&["log"], &tz).ok().stdout;
    assert!(log.starts_with("2026-11-25 07:00  tester  init"), "{log}");
    // --at in New York: yesterday's local midnight.
    env.run_env(&["done", "stakeholders", "--at", "yesterday"], &tz)
        .ok();
    let json = env.run(&["show", "stakeholders", "--json"]).ok().json();
    assert_eq!(json["task"]["done_at"], "2026-11-24T05:00:00Z");
}
