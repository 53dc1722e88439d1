//! `ftrack plan PHASE --target DATE`: a journalled target date per phase, shown in `status`
//! against the actual sign-off.

use crate::common::TestEnv;

#[test]
fn plan_records_a_target_once_and_status_shows_it_against_the_advance() {
    let env = TestEnv::init();
    let out = env
        .run(&["plan", "initiate", "--target", "2026-12-01"])
        .ok();
    assert_eq!(
        out.stdout,
        "planned: initiate, target 2026-12-01 (was none)\n"
    );
    // The same date again records nothing.
    let before = env.journal_text();
    let again = env
        .run(&["plan", "initiate", "--target", "2026-12-01", "--json"])
        .ok()
        .json();
    assert_eq!(again["changes"][0]["result"], "unchanged");
    assert_eq!(env.journal_text(), before);
    // A new journal format: an older ftrack refuses it instead of misreading it.
    let last = before.lines().last().unwrap();
    let event: serde_json::Value = serde_json::from_str(last).unwrap();
    assert_eq!(event["op"], "plan");
    assert_eq!(event["v"], 3);
    assert_eq!(event["phase"], "initiate");

    env.run(&["done", "begin-onboarding", "kickoff-meeting"])
        .ok();
    env.run(&["advance"]).ok();
    let status = env.run(&["status", "--json"]).ok().json();
    let initiate = &status["phases"][1];
    assert_eq!(initiate["phase"], "initiate");
    assert_eq!(initiate["target"], "2026-12-01");
    assert_eq!(initiate["advanced"], "2026-11-25");
    let text = env.run(&["status"]).ok().stdout;
    assert!(
        text.contains("Target") && text.contains("2026-12-01"),
        "{text}"
    );

    env.run(&["plan", "initiate", "--clear", "-q"]).ok();
    let status = env.run(&["status", "--json"]).ok().json();
    assert!(status["phases"][1]["target"].is_null());
    assert!(!env.run(&["status"]).ok().stdout.contains("Target"));
    let log = env.run(&["log"]).ok().stdout;
    assert!(log.contains("plan initiate target: (none)"), "{log}");
}

#[test]
fn plan_needs_a_known_phase_and_a_date() {
    let env = TestEnv::init();
    let out = env
        .run(&["plan", "nowhere", "--target", "2026-12-01"])
        .code(2);
    assert!(out.stderr.contains("unknown phase"), "{}", out.stderr);
    let out = env
        .run(&["plan", "assess", "--target", "next week"])
        .code(2);
    assert!(out.stderr.contains("--target"), "{}", out.stderr);
    env.run(&["plan", "assess"]).code(2);
}

#[test]
fn the_latest_plan_in_replay_order_wins_whatever_order_the_lines_are_in() {
    let mut env = TestEnv::init();
    env.now = "2026-11-20T10:00:00Z".into();
    env.run(&["plan", "assess", "--target", "2026-12-04"]).ok();
    // A clone whose clock is behind writes its plan later, stamped earlier: it had seen the
    // first plan, so it replays after it (causal order), and the later decision wins.
    env.now = "2026-11-19T10:00:00Z".into();
    env.run(&["plan", "assess", "--target", "2026-12-11"]).ok();
    let status = env.run(&["status", "--json"]).ok().json();
    assert_eq!(status["phases"][2]["target"], "2026-12-11");
    // The same after a full replay (no snapshot).
    let fresh = env
        .run_env(&["status", "--json"], &[("FTRACK_NO_CACHE", "1")])
        .ok()
        .json();
    assert_eq!(fresh["phases"][2]["target"], "2026-12-11");
}
