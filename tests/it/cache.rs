//! The snapshot cache is invisible: whatever changes the files, commands show the truth.

use std::io::Write;

use crate::common::TestEnv;

fn snapshots(env: &TestEnv) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(env.path().join("home/.cache/ftrack")) {
        Ok(rd) => rd.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

fn done_ids(env: &TestEnv) -> Vec<String> {
    crate::common::ids(&env.run(&["list", "--status", "done", "--json"]).ok().json())
}

#[test]
fn a_snapshot_lives_in_the_user_cache_and_can_be_turned_off() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    env.run(&["status"]).ok();
    assert_eq!(
        snapshots(&env).len(),
        1,
        "one snapshot per tracker, outside the tracker"
    );
    assert!(!env.tracker().join("cache").exists());
    std::fs::remove_dir_all(env.path().join("home/.cache")).unwrap();
    env.run_env(&["status"], &[("FTRACK_NO_CACHE", "1")]).ok();
    assert!(snapshots(&env).is_empty());
}

#[test]
fn lines_appended_by_anyone_else_are_seen() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    assert_eq!(done_ids(&env), ["kickoff-meeting"]);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(env.journal())
        .unwrap();
    writeln!(f, r#"{{"v":1,"id":"by-hand","at":"2026-11-25T12:30:00Z","seq":99,"by":"x","op":"done","task":"stakeholders"}}"#).unwrap();
    drop(f);
    assert_eq!(done_ids(&env), ["kickoff-meeting", "stakeholders"]);
}

#[test]
fn a_journal_replaced_by_one_of_the_same_size_is_seen() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    assert_eq!(done_ids(&env), ["kickoff-meeting"]);
    // What `git pull` does: a new file renamed into place, here with the same length.
    let text = env
        .journal_text()
        .replace("kickoff-meeting", "checkpoint-meet");
    let text = text.replace(
        "\"op\":\"done\",\"task\":\"checkpoint-meet\"",
        "\"op\":\"done\",\"task\":\"checkpoint-meetings\"",
    );
    let text = text.replacen("\"by\":\"tester\"", "\"by\":\"te\"", 1);
    assert_eq!(text.len(), env.journal_text().len());
    let tmp = env.tracker().join("journal.new");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, env.journal()).unwrap();
    assert_eq!(done_ids(&env), ["checkpoint-meetings"]);
}

#[test]
fn a_changed_catalog_is_seen() {
    let env = TestEnv::new();
    let cat = "phases:\n  - id: go\ntasks:\n  - id: a\n    phase: go\n    title: First title\n";
    let path = env.write("c.yaml", cat);
    env.run(&["init", "--catalog", path.to_str().unwrap()]).ok();
    let title = |env: &TestEnv| {
        env.run(&["list", "--json"]).ok().json()["tasks"][0]["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(title(&env), "First title");
    std::fs::write(&path, cat.replace("First title", "A second, longer title")).unwrap();
    assert_eq!(title(&env), "A second, longer title");
    // And an override on the command line is never served from the tracker's snapshot.
    let other = env.write("d.yaml", &cat.replace("First title", "Override"));
    let r = env
        .run(&["--catalog", other.to_str().unwrap(), "list", "--json"])
        .ok()
        .json();
    assert_eq!(r["tasks"][0]["title"], "Override");
    assert_eq!(title(&env), "A second, longer title");
}

#[test]
fn a_damaged_snapshot_is_ignored() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "stakeholders"]).ok();
    env.run(&["status"]).ok();
    let snap = snapshots(&env).pop().unwrap();
    let bytes = std::fs::read(&snap).unwrap();
    for damaged in [
        Vec::new(),
        bytes[..bytes.len() / 2].to_vec(),
        b"garbage".to_vec(),
        {
            let mut b = bytes.clone();
            for x in b.iter_mut().skip(40).step_by(7) {
                *x = x.wrapping_add(1);
            }
            b
        },
    ] {
        std::fs::write(&snap, &damaged).unwrap();
        let r = env.run(&["status", "--json"]).ok();
        assert_eq!(r.stderr, "");
        assert_eq!(r.json()["phases"][1]["done"], 1);
        assert_eq!(done_ids(&env), ["kickoff-meeting", "stakeholders"]);
    }
}

#[test]
fn writes_keep_the_snapshot_current_and_agree_with_a_full_replay() {
    let env = TestEnv::init();
    for args in [
        &["done", "kickoff-meeting", "--note", "n"][..],
        &[
            "assign",
            "stakeholders",
            "--owner",
            "o",
            "--due",
            "2026-12-01",
        ],
        &["waive", "on-premises-mfa", "--reason", "r"],
        &["reopen", "kickoff-meeting"],
        &["done", "begin-onboarding", "kickoff-meeting"],
        &["advance"],
        &["add", "--phase", "remediate", "Upgrade AD FS"],
        &["done", "remediate-upgrade-ad-fs"],
    ] {
        env.run(args).ok();
        let cached = env.run(&["list", "--status", "all", "--json"]).ok().stdout;
        let full = env
            .run_env(
                &["list", "--status", "all", "--json"],
                &[("FTRACK_NO_CACHE", "1")],
            )
            .ok()
            .stdout;
        assert_eq!(cached, full, "after {args:?}");
        let cached = env.run(&["status", "--json"]).ok().stdout;
        let full = env
            .run_env(&["status", "--json"], &[("FTRACK_NO_CACHE", "1")])
            .ok()
            .stdout;
        assert_eq!(cached, full, "after {args:?}");
    }
}
