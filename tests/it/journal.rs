//! The journal as a file: its lines, versions, and what happens when it is damaged.

use crate::common::TestEnv;

#[test]
fn each_event_is_one_json_line_with_version_time_who_op_task() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "--note", "two\nlines"])
        .ok();
    let text = env.journal_text();
    assert!(text.ends_with('\n'));
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["v"], 3);
    assert_eq!(last["clock"], 2, "one past init's");
    assert_eq!(last["at"], "2026-11-25T12:00:00Z");
    assert_eq!(last["by"], "tester");
    assert_eq!(last["op"], "done");
    assert_eq!(last["task"], "kickoff-meeting");
    assert_eq!(last["note"], "two\nlines");
    assert_eq!(last["id"].as_str().unwrap().len(), 32);
    assert!(
        !env.tracker().join("lock").exists(),
        "appends lock the journal itself, not a separate file that `git clean -X` could delete"
    );
}

#[test]
fn a_journal_from_a_newer_ftrack_is_refused() {
    let env = TestEnv::init();
    let mut text = env.journal_text();
    text.push_str("{\"v\":5,\"id\":\"x\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"future\",\"op\":\"teleport\"}\n");
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["status"]).code(1);
    assert!(r.err_says("journal.jsonl:2: written by a newer ftrack (journal format 5; this ftrack reads format 4)"), "{}", r.stderr);
    assert!(r.err_says("hint: upgrade ftrack"));
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
        r.err_says("journal.jsonl:3: the last line is incomplete"),
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

#[test]
fn a_complete_but_wrong_last_line_is_damage_not_a_torn_write() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    // A hand fix saved without a final newline (as some editors do), with a typo in it.
    let text = env
        .journal_text()
        .trim_end()
        .replace("\"op\":\"done\"", "\"op\":\"Done\"");
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["done", "begin-onboarding"]).code(1);
    assert!(
        r.stderr.contains("journal.jsonl:2: unknown variant `Done`"),
        "{}",
        r.stderr
    );
    assert_eq!(
        env.journal_text(),
        text,
        "nothing set aside, nothing written"
    );
    assert!(!env.tracker().join("journal.torn").exists());
    // A whole line from a newer ftrack, without its newline, is refused the same way.
    let newer = env
        .journal_text()
        .replace("\"op\":\"Done\"", "\"op\":\"done\"")
        .replacen("\"v\":3", "\"v\":9", 2);
    std::fs::write(env.journal(), &newer).unwrap();
    let r = env.run(&["status"]).code(1);
    assert!(
        r.stderr.contains("written by a newer ftrack"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_command_cut_off_mid_write_counts_for_nothing() {
    let env = TestEnv::init();
    env.run(&["done", "stakeholders"]).ok();
    let before = env.journal_text();
    let record = env.take_state();
    env.run(&["done", "kickoff-meeting", "begin-onboarding", "remediation"])
        .ok();
    // The crash: the last of the three lines is cut short (before ftrack noted the write).
    let text = env.journal_text();
    std::fs::write(env.journal(), &text[..text.len() - 40]).unwrap();
    env.put_state(record);
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert_eq!(
        crate::common::ids(&r.json()),
        ["stakeholders"],
        "all of the command or none"
    );
    assert!(
        r.err_says("the last command's write was cut off: its 2 recorded event(s) are ignored"),
        "{}",
        r.stderr
    );
    let r = env.run(&["doctor"]).code(1);
    assert!(
        r.stdout
            .contains("2 of its events were written, and count for nothing"),
        "{}",
        r.stdout
    );
    // The next change sets the whole unfinished command aside and appends after the last
    // complete one.
    env.run(&["done", "checkpoint-meetings"]).ok();
    let after = env.journal_text();
    assert!(after.starts_with(&before));
    assert_eq!(after.lines().count(), before.lines().count() + 1);
    let aside = std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap();
    assert_eq!(aside.lines().count(), 3, "two whole lines and the cut one");
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert_eq!(
        crate::common::ids(&r.json()),
        ["stakeholders", "checkpoint-meetings"]
    );
    assert_eq!(r.stderr, "");
    env.run(&["doctor"]).ok();
}

#[test]
fn a_cut_off_command_larger_than_the_read_window_is_set_aside_whole() {
    let env = TestEnv::init();
    let before = env.journal_text();
    let lines: String = (0..600).map(|i| format!("Configure device group {i} and its compliance policies per guidance from Microsoft\n")).collect();
    let list = env.write("big.txt", &lines);
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "--from",
        list.to_str().unwrap(),
    ])
    .ok();
    let text = env.journal_text();
    assert!(
        text.len() - before.len() > 200_000,
        "more than the 64 KiB first window"
    );
    std::fs::write(env.journal(), &text[..text.len() - 30]).unwrap();
    let r = env.run(&["list", "--phase", "remediate", "--json"]).ok();
    assert_eq!(
        r.json()["tasks"].as_array().unwrap().len(),
        2,
        "none of the 600 counts"
    );
    env.run(&["done", "remediation"]).ok();
    assert_eq!(
        env.journal_text().lines().count(),
        before.lines().count() + 1
    );
    let aside = std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap();
    assert_eq!(aside.lines().count(), 600);
}
