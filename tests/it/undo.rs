//! Fixing mistakes: `note`, `undo` (each command kind, twice in a row, with someone else's
//! commands in between) and `advance --back`.

use crate::common::TestEnv;
use serde_json::Value;

fn item(env: &TestEnv, id: &str) -> Value {
    env.run(&["show", id, "--json"]).ok().json()["task"].clone()
}

fn phase(env: &TestEnv) -> String {
    env.run(&["status", "--json"]).ok().json()["current_phase"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn note_sets_and_replaces_without_changing_state() {
    let env = TestEnv::init();
    env.run(&[
        "done",
        "kickoff",
        "--at",
        "2026-11-20T10:00:00Z",
        "--note",
        "typo",
    ])
    .ok();
    let r = env
        .run(&["note", "kickoff", "held 2026-11-20, timelines agreed"])
        .ok();
    assert!(
        r.stdout.starts_with("noted: kickoff-meeting"),
        "{}",
        r.stdout
    );
    let t = item(&env, "kickoff-meeting");
    assert_eq!(t["status"], "done");
    assert_eq!(t["done_at"], "2026-11-20T10:00:00Z", "the done time stays");
    assert_eq!(t["note"], "held 2026-11-20, timelines agreed");
    // The same note again records nothing; '' clears it.
    let again = env
        .run(&[
            "note",
            "kickoff",
            "held 2026-11-20, timelines agreed",
            "--json",
        ])
        .ok();
    assert_eq!(again.json()["changes"][0]["result"], "unchanged");
    env.run(&["note", "kickoff", "", "--quiet"]).ok();
    assert!(item(&env, "kickoff-meeting")["note"].is_null());
    // A note is format 3 in the journal.
    assert!(env.journal_text().contains(r#"{"v":3,"#));
    env.run(&["note", "nope", "x"]).code(2);
}

/// Run `args`, then undo, and check the item is as before.
#[track_caller]
fn undone(env: &TestEnv, args: &[&str], id: &str) {
    let before = item(env, id);
    env.run(args).ok();
    assert_ne!(item(env, id), before, "{args:?} changed nothing");
    let r = env.run(&["undo"]).ok();
    assert!(r.stdout.contains("undone: "), "{}", r.stdout);
    assert_eq!(item(env, id), before, "undo of {args:?}");
}

#[test]
fn undo_takes_back_each_kind_of_command() {
    let env = TestEnv::init();
    env.run(&["done", "stakeholders", "--note", "PM: Priya"])
        .ok();
    undone(
        &env,
        &["done", "kickoff", "--note", "held"],
        "kickoff-meeting",
    );
    undone(
        &env,
        &["reopen", "stakeholders", "--note", "wrong item"],
        "stakeholders",
    );
    undone(
        &env,
        &["waive", "kickoff", "--reason", "n/a"],
        "kickoff-meeting",
    );
    undone(
        &env,
        &["assign", "kickoff", "--owner", "Priya", "--due", "friday"],
        "kickoff-meeting",
    );
    undone(&env, &["note", "stakeholders", "PM: Sam"], "stakeholders");
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "--id",
        "upgrade-adfs",
        "Upgrade AD FS",
    ])
    .ok();
    undone(
        &env,
        &["retire", "upgrade-adfs", "--reason", "dropped"],
        "upgrade-adfs",
    );
    // Undoing an add retires the item: it leaves lists and gates, kept in history.
    env.run(&["undo"]).ok();
    assert_eq!(item(&env, "upgrade-adfs")["status"], "retired");
    // An advance and a step back.
    env.run(&["done", "kickoff", "begin-onboarding"]).ok();
    env.run(&["advance"]).ok();
    assert_eq!(phase(&env), "assess");
    env.run(&["undo"]).ok();
    assert_eq!(phase(&env), "initiate");
    env.run(&["advance", "--force", "--reason", "x"]).ok();
    env.run(&["advance", "--back", "--reason", "oops"]).ok();
    assert_eq!(phase(&env), "initiate");
    env.run(&["undo"]).ok();
    assert_eq!(phase(&env), "assess");
}

#[test]
fn undo_twice_takes_back_the_command_before_and_skips_other_people() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff"]).ok();
    env.run(&["assign", "kickoff", "--owner", "Priya"]).ok();
    // Another clone's work, merged in: not ours to undo.
    env.run(&["done", "stakeholders", "--by", "sam"]).ok();
    env.run(&["undo"]).ok();
    let t = item(&env, "kickoff-meeting");
    assert!(t["owner"].is_null() && t["status"] == "done", "{t}");
    let r = env.run(&["undo", "--json"]).ok().json();
    assert_eq!(r["changes"][0]["op"], "undo");
    assert_eq!(r["changes"][0]["after"]["status"], "outstanding");
    assert_eq!(item(&env, "kickoff-meeting")["status"], "outstanding");
    assert_eq!(
        item(&env, "stakeholders")["status"],
        "done",
        "sam's done stays"
    );
    let r = env.run(&["undo"]).code(2);
    assert!(
        r.stderr.starts_with("error: nothing to undo"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\nhint: "), "{}", r.stderr);
    // sam can take back sam's own.
    env.run(&["undo", "--by", "sam", "--quiet"]).ok();
    assert_eq!(item(&env, "stakeholders")["status"], "outstanding");
    // Nothing was deleted: every line is still there.
    assert_eq!(env.journal_text().lines().count(), 7);
}

#[test]
fn advance_back_returns_to_the_previous_phase_with_a_reason() {
    let env = TestEnv::init();
    env.run(&["advance", "--back", "--reason", "x"]).code(2);
    env.run(&["advance", "--back"]).code(2);
    env.run(&["advance", "--force", "--reason", "pilot"]).ok();
    let r = env
        .run(&[
            "advance",
            "--back",
            "--reason",
            "the assessment missed the branch offices",
        ])
        .ok();
    assert_eq!(r.stdout, "Back from assess to initiate (recorded).\n");
    assert_eq!(phase(&env), "initiate");
    let log = env.run(&["log"]).ok().stdout;
    assert!(
        log.contains("advance back assess → initiate (reason: the assessment"),
        "{log}"
    );
    // Then forward again as usual.
    env.run(&["done", "kickoff", "begin-onboarding"]).ok();
    env.run(&["advance"]).ok();
    assert_eq!(phase(&env), "assess");
    let json = env
        .run(&["advance", "--back", "--reason", "y", "--json"])
        .ok()
        .json();
    assert_eq!(json["changes"][0]["op"], "back");
    assert_eq!(json["changes"][0]["to"], "initiate");
}

#[test]
fn undo_after_a_merge_from_another_clone_takes_back_only_your_own() {
    let mut env = TestEnv::init();
    let clone = env.path().join("clone");
    std::fs::create_dir_all(&clone).unwrap();
    std::fs::copy(env.journal(), clone.join("journal.jsonl")).unwrap();
    let base = env.journal_text();
    // We work here; an hour later sam works in the clone.
    env.run(&["done", "kickoff"]).ok();
    env.now = "2026-11-25T13:00:00Z".to_string();
    let dir = clone.to_str().unwrap();
    env.run_env(
        &["--dir", dir, "done", "stakeholders"],
        &[("FTRACK_USER", "sam")],
    )
    .ok();
    // git's union merge: our lines, then the clone's new lines.
    let theirs = std::fs::read_to_string(clone.join("journal.jsonl")).unwrap();
    let mut merged = env.journal_text();
    merged.push_str(&theirs[base.len()..]);
    std::fs::write(env.journal(), &merged).unwrap();
    // sam's done is the last command in the journal, but not ours to undo.
    env.run(&["undo"]).ok();
    assert_eq!(item(&env, "kickoff-meeting")["status"], "outstanding");
    assert_eq!(item(&env, "stakeholders")["status"], "done");
    env.run(&["undo"]).code(2);
    assert_eq!(env.journal_text().lines().count(), 4);
}
