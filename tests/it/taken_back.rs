//! Issue 21, item 1: what is taken back is gone everywhere. An undone or reversed advance no
//! longer signs a phase off, dates its advance or marks it forced — in `status`, `--json`,
//! every report format and the burn-up — while `log` and `show` keep both events.

use crate::common::TestEnv;
use serde_json::Value;

fn at(env: &mut TestEnv, when: &str, args: &[&str]) {
    env.now = when.to_string();
    env.run(args).ok();
}

/// `done begin-onboarding kickoff; advance; advance --force --reason steerco; undo`.
fn forced_then_undone() -> TestEnv {
    let mut env = TestEnv::new();
    at(
        &mut env,
        "2026-11-16T09:00:00Z",
        &["init", "--name", "Contoso"],
    );
    at(
        &mut env,
        "2026-11-16T10:00:00Z",
        &["done", "begin-onboarding", "kickoff"],
    );
    at(&mut env, "2026-11-17T10:00:00Z", &["advance"]);
    at(
        &mut env,
        "2026-11-18T10:00:00Z",
        &["advance", "--force", "--reason", "steerco"],
    );
    at(&mut env, "2026-11-18T10:05:00Z", &["undo"]);
    env.now = crate::common::NOW.to_string();
    env
}

fn phase<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["phase"] == name)
        .unwrap()
}

#[test]
fn an_undone_forced_advance_is_gone_from_status_and_every_report() {
    let env = forced_then_undone();
    let status = env.run(&["status", "--json"]).ok().json();
    assert_eq!(status["current_phase"], "assess");
    assert_eq!(status["forced"], false);
    let assess = status["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["phase"] == "assess")
        .unwrap();
    assert!(assess["advanced"].is_null(), "{assess}");

    let report = env.run(&["report", "--format", "json"]).ok().json();
    let assess = phase(&report, "assess");
    assert!(assess["signed_off"].is_null(), "{assess}");
    assert!(assess["advanced"].is_null(), "{assess}");
    assert_ne!(assess["rag"], "red", "{assess}");
    // The advance out of initiate stands.
    assert_eq!(phase(&report, "initiate")["signed_off"]["to"], "assess");
    // The burn-up does not mark the advance taken back.
    let weeks = report["burnup"].as_array().unwrap();
    let moves: Vec<&Value> = weeks
        .iter()
        .flat_map(|w| w["advances"].as_array().unwrap().iter())
        .collect();
    assert_eq!(moves, [&Value::from("assess")], "{weeks:?}");
    assert!(
        weeks
            .iter()
            .all(|w| w["back"].as_array().unwrap().is_empty())
    );

    for format in ["text", "markdown", "html"] {
        let r = env.run(&["report", "--format", format]).ok();
        assert!(
            !r.stdout.contains("FORCED") && !r.stdout.contains("by force"),
            "{format} still says forced:\n{}",
            r.stdout
        );
        assert!(!r.stdout.contains("→ remediate"), "{format}:\n{}", r.stdout);
    }
    // History keeps both events.
    let log = env.run(&["log", "--json"]).ok().json();
    let advances = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] == "advance")
        .count();
    assert_eq!(advances, 3, "initiate → assess, the forced one, its undo");
}

#[test]
fn a_step_back_withdraws_the_sign_off_and_its_undo_puts_it_back() {
    let mut env = TestEnv::new();
    at(&mut env, "2026-11-16T09:00:00Z", &["init"]);
    at(
        &mut env,
        "2026-11-16T10:00:00Z",
        &["done", "begin-onboarding", "kickoff"],
    );
    at(
        &mut env,
        "2026-11-17T10:00:00Z",
        &["advance", "--by", "priya"],
    );
    at(
        &mut env,
        "2026-11-18T10:00:00Z",
        &["advance", "--force", "--reason", "steerco", "--by", "sam"],
    );
    at(
        &mut env,
        "2026-11-24T10:00:00Z",
        &["advance", "--back", "--reason", "branch offices missed"],
    );
    let report = env.run(&["report", "--format", "json"]).ok().json();
    assert!(phase(&report, "assess")["signed_off"].is_null());
    assert_ne!(phase(&report, "assess")["rag"], "red");
    // The step back is drawn as one, in its own week.
    let weeks = report["burnup"].as_array().unwrap();
    assert_eq!(weeks[1]["back"], serde_json::json!(["assess"]), "{weeks:?}");
    let text = env.run(&["report"]).ok().stdout;
    assert!(text.contains("← assess (back)"), "{text}");
    let md = env.run(&["report", "--format", "markdown"]).ok().stdout;
    assert!(md.contains("| ← assess (back) |"), "{md}");

    // Undoing the step back restores the sign-off as it was: by sam, forced, with its reason.
    at(&mut env, "2026-11-24T10:05:00Z", &["undo"]);
    env.now = crate::common::NOW.to_string();
    let report = env.run(&["report", "--format", "json"]).ok().json();
    let s = &phase(&report, "assess")["signed_off"];
    assert_eq!(s["by"], "sam", "{s}");
    assert_eq!(s["forced"], true);
    assert_eq!(s["reason"], "steerco");
    assert_eq!(phase(&report, "initiate")["signed_off"]["by"], "priya");
    let weeks = report["burnup"].as_array().unwrap();
    assert!(
        weeks
            .iter()
            .all(|w| w["back"].as_array().unwrap().is_empty())
    );
}

#[test]
fn undone_dones_targets_and_owners_leave_no_trace_in_the_report() {
    let mut env = TestEnv::new();
    at(&mut env, "2026-11-16T09:00:00Z", &["init"]);
    at(&mut env, "2026-11-16T10:00:00Z", &["done", "kickoff"]);
    at(&mut env, "2026-11-16T10:01:00Z", &["undo"]);
    at(
        &mut env,
        "2026-11-16T11:00:00Z",
        &["plan", "assess", "--target", "2026-11-20"],
    );
    at(&mut env, "2026-11-16T11:01:00Z", &["undo"]);
    at(
        &mut env,
        "2026-11-16T12:00:00Z",
        &[
            "assign",
            "stakeholders",
            "--owner",
            "bob",
            "--due",
            "2026-11-18",
        ],
    );
    at(&mut env, "2026-11-16T12:01:00Z", &["undo"]);
    env.now = crate::common::NOW.to_string();
    let report = env.run(&["report", "--format", "json"]).ok().json();
    let weeks = report["burnup"].as_array().unwrap();
    assert_eq!(weeks.last().unwrap()["closed"], 0, "{weeks:?}");
    assert!(phase(&report, "assess")["target"].is_null());
    assert_eq!(report["next"], serde_json::json!([]), "no due date is left");
    for p in report["phases"].as_array().unwrap() {
        assert_eq!(p["rag"], "green", "{p}");
    }
}

#[test]
fn the_portfolios_since_line_lists_no_advance_that_was_taken_back() {
    // Forced into remediate and undone; stepped back to initiate and that undone too; two
    // items done by one command and that command undone: three commands taken back.
    let mut env = forced_then_undone();
    at(
        &mut env,
        "2026-11-19T10:00:00Z",
        &["advance", "--back", "--reason", "oops"],
    );
    at(&mut env, "2026-11-19T10:05:00Z", &["undo"]);
    at(
        &mut env,
        "2026-11-20T10:00:00Z",
        &["done", "stakeholders", "software"],
    );
    at(&mut env, "2026-11-20T10:05:00Z", &["undo"]);
    env.now = crate::common::NOW.to_string();
    let p = env
        .run(&["portfolio", "--since", "2026-11-10", "--json"])
        .ok()
        .json();
    let a = &p["engagements"][0]["activity"];
    assert_eq!(a["advanced"], serde_json::json!(["assess"]), "{a}");
    assert_eq!(a["back"], serde_json::json!([]), "{a}");
    assert_eq!(a["undone"], 3, "three commands taken back: {a}");
    assert_eq!(a["done"], 2, "the dones taken back are not counted: {a}");
    let text = env.run(&["portfolio", "--since", "2026-11-10"]).ok().stdout;
    assert!(
        text.contains("advanced to assess") && !text.contains("remediate"),
        "{text}"
    );
    // The burn-up agrees: one advance, no step back.
    let report = env.run(&["report", "--format", "json"]).ok().json();
    let weeks = report["burnup"].as_array().unwrap();
    let advances: Vec<&Value> = weeks
        .iter()
        .flat_map(|w| w["advances"].as_array().unwrap())
        .collect();
    assert_eq!(advances, [&serde_json::json!("assess")]);
}
