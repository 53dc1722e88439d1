//! The journal as a file: its lines, versions, and what happens when it is damaged.

mod common;

use common::TestEnv;

#[test]
fn each_event_is_one_json_line_with_version_time_who_op_task() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "--note", "two\nlines"])
        .ok();
    let text = env.journal_text();
    assert!(text.ends_with('\n'));
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["v"], 1);
    assert_eq!(last["at"], "2026-11-25T12:00:00Z");
    assert_eq!(last["by"], "tester");
    assert_eq!(last["op"], "done");
    assert_eq!(last["task"], "kickoff-meeting");
    assert_eq!(last["note"], "two\nlines");
    assert_eq!(last["id"].as_str().unwrap().len(), 32);
    assert!(
        env.tracker().join("lock").exists(),
        "appends lock a separate lock file"
    );
}

#[test]
fn a_journal_from_a_newer_ftrack_is_refused() {
    let env = TestEnv::init();
    let mut text = env.journal_text();
    text.push_str("{\"v\":3,\"id\":\"x\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"future\",\"op\":\"teleport\"}\n");
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["status"]).code(1);
    assert!(r.stderr.contains("journal.jsonl:2: written by a newer ftrack (journal format 3; this ftrack reads format 2)"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: upgrade ftrack"));
    env.run(&["done", "kickoff-meeting"]).code(1);
    assert_eq!(env.journal_text(), text, "nothing written");
}

#[test]
fn a_damaged_line_in_the_middle_names_file_and_line_and_blocks_writes() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let mut lines: Vec<String> = env.journal_text().lines().map(String::from).collect();
    lines.insert(1, "{\"v\":1, oops".to_string());
    let text = lines.join("\n") + "\n";
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["done", "begin-onboarding"]).code(1);
    assert!(
        r.stderr
            .starts_with(&format!("error: {}:2: ", env.journal().display())),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing is written until it is fixed"));
    assert_eq!(env.journal_text(), text);
}

#[test]
fn a_torn_last_line_is_reported_kept_apart_and_never_glued_to_the_next_event() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let whole = env.journal_text();
    let torn = "{\"v\":1,\"id\":\"abc\",\"at\":\"2026-11-25T12:0";
    std::fs::write(env.journal(), format!("{whole}{torn}")).unwrap();
    let r = env.run(&["status", "--json"]).ok();
    assert!(
        r.stderr
            .contains("journal.jsonl:3: the last line is incomplete"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.json()["phases"][1]["done"],
        1,
        "every whole event is kept"
    );
    env.run(&["done", "begin-onboarding"]).ok();
    let after = env.journal_text();
    assert!(after.starts_with(&whole));
    assert_eq!(after.lines().count(), whole.lines().count() + 1);
    for line in after.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("every line whole");
    }
    assert_eq!(
        std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap(),
        format!("{torn}\n")
    );
    let r = env.run(&["status", "--json"]).ok();
    assert_eq!(r.stderr, "");
    assert_eq!(r.json()["phases"][1]["done"], 2);
}

#[test]
fn events_at_the_same_instant_replay_in_the_order_they_were_made() {
    // FTRACK_NOW pins every event to one instant: seq keeps done-then-reopen in order.
    let env = TestEnv::init();
    for _ in 0..3 {
        env.run(&["done", "kickoff-meeting"]).ok();
        env.run(&["reopen", "kickoff-meeting"]).ok();
    }
    env.run(&["done", "kickoff-meeting"]).ok();
    let json = env.run(&["show", "kickoff-meeting", "--json"]).ok().json();
    assert_eq!(json["task"]["status"], "done");
    let ops: Vec<&str> = json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["op"].as_str().unwrap())
        .collect();
    assert_eq!(
        ops,
        ["done", "reopen", "done", "reopen", "done", "reopen", "done"]
    );
}
