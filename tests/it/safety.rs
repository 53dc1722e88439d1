//! Failure safety: parallel writers, failed writes, damaged journals, catalog drift, odd input.

use std::process::{Command, Stdio};

use crate::common::TestEnv;

#[test]
fn sixty_four_parallel_writers_all_land_each_line_whole() {
    let env = TestEnv::init();
    let ids: Vec<String> = env.run(&["list", "--status", "all", "--json"]).ok().json()["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let mut children = Vec::new();
    for n in 0..64 {
        let id = &ids[n % ids.len()];
        let args: Vec<String> = match n % 3 {
            0 => vec![
                "done".into(),
                id.clone(),
                "--note".into(),
                format!("writer {n}"),
            ],
            1 => vec![
                "assign".into(),
                id.clone(),
                "--owner".into(),
                format!("owner{n}"),
            ],
            _ => vec![
                "waive".into(),
                id.clone(),
                "--reason".into(),
                format!("writer {n}"),
            ],
        };
        children.push(
            env.cmd(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    // Readers running meanwhile never see a half line as an error.
    for _ in 0..10 {
        let r = env.run(&["status", "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stderr, "");
    }
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = env.journal_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 64, "init plus one event per writer");
    for line in &lines {
        serde_json::from_str::<serde_json::Value>(line).expect("every line is whole JSON");
    }
    for n in 0..64 {
        let marker = match n % 3 {
            1 => format!("\"owner{n}\""),
            _ => format!("\"writer {n}\""),
        };
        assert!(text.contains(&marker), "writer {n} landed");
    }
    env.run(&["doctor"]).ok();
}

/// Run ftrack under `sh` with a file-size limit (in 512-byte blocks). The kernel signals a write
/// past it with SIGXFSZ, which kills a process by default: ftrack must catch it and fail the
/// write cleanly instead.
fn run_with_file_limit(env: &TestEnv, blocks: u64, args: &[&str]) -> crate::common::Run {
    let script = format!("ulimit -f {blocks}; exec \"$0\" \"$@\"");
    let mut c = env.configure(Command::new("sh"));
    c.args(["-c", &script, env!("CARGO_BIN_EXE_ftrack")])
        .args(args);
    env.output(c)
}

#[test]
fn a_write_that_hits_the_size_limit_leaves_the_journal_exactly_as_it_was() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let before = std::fs::read(env.journal()).unwrap();
    // Grow the journal to just under 8 KiB of limit, then try to append a big note.
    let limit_blocks = (before.len() as u64 / 512) + 2;
    let note = "x".repeat(4000);
    let r = run_with_file_limit(
        &env,
        limit_blocks,
        &["done", "begin-onboarding", "--note", &note],
    );
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(
        r.stderr.starts_with("error: cannot write to the tracker"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("appending"),
        "says what failed: {}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: nothing was recorded"));
    // Reading under the limit works too (the snapshot cache cannot be written: no matter).
    std::fs::remove_dir_all(env.path().join("home/.cache")).ok();
    let r = run_with_file_limit(&env, 1, &["status", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(env.journal()).unwrap(),
        before,
        "journal unchanged"
    );
    env.run(&["doctor"]).ok();
}

/// A real small filesystem: a 64 KiB tmpfs, filled up; then remounted read-only. Needs root and
/// mount; skipped loudly elsewhere.
#[test]
fn full_and_read_only_filesystems_leave_the_journal_as_it_was() {
    let env = TestEnv::new();
    let mnt = env.path().join("small");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!(
            "SKIPPED: cannot mount a small tmpfs here (needs root); the file-size-limit test covers failed writes"
        );
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let dir = mnt.join("tracker");
    let d = dir.to_str().unwrap();
    env.run(&["--dir", d, "done", "kickoff-meeting"]).ok();
    // Fill the filesystem, leaving less than one event's room.
    let filler = mnt.join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 64 * 1024]);
    let before = std::fs::read(dir.join("journal.jsonl")).unwrap();
    let note = "y".repeat(8000);
    let r = env
        .run(&["--dir", d, "done", "begin-onboarding", "--note", &note])
        .code(1);
    assert!(
        r.stderr.starts_with("error: cannot write to the tracker"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(dir.join("journal.jsonl")).unwrap(), before);
    std::fs::remove_file(&filler).unwrap();
    env.run(&["--dir", d, "done", "begin-onboarding"]).ok();
    let before = std::fs::read(dir.join("journal.jsonl")).unwrap();

    let ro = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mnt)
        .status()
        .unwrap();
    assert!(ro.success());
    let r = env.run(&["--dir", d, "done", "stakeholders"]).code(1);
    assert!(
        r.stderr.starts_with("error: cannot write to the tracker"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Read-only file system"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.join("journal.jsonl")).unwrap(), before);
    // Reading still works.
    let json = env.run(&["--dir", d, "status", "--json"]).ok().json();
    assert_eq!(json["phases"][1]["done"], 2);
}

#[test]
fn a_tracker_path_that_is_not_a_directory_is_a_clear_error() {
    let env = TestEnv::new();
    let file = env.write("plainfile", "x");
    let r = env
        .run(&["--dir", file.to_str().unwrap(), "done", "kickoff-meeting"])
        .code(2);
    assert!(
        r.stderr.starts_with(&format!(
            "error: the tracker {} is not a directory",
            file.display()
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn doctor_reports_every_problem_with_a_fix_and_exits_1() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let r = env.run(&["doctor"]).ok();
    assert!(r.stdout.contains("All well."));
    let mut text = env.journal_text();
    text.push_str("{\"v\":1,\"id\":\"zz\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"x\",\"op\":\"done\",\"task\":\"retired-item\"}\n");
    text.push_str("garbage line\n");
    text.push_str("{\"v\":1,\"id\":\"yy\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"x\",\"op\":\"assign\",\"task\":\"remediation\",\"due\":\"soon\"}\n");
    text.push_str("{\"v\":1,\"id\":\"half");
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["doctor"]).code(1);
    let j = env.journal().display().to_string();
    assert!(
        r.stdout
            .contains(&format!("problem: {j}:4: expected value")),
        "{}",
        r.stdout
    );
    assert!(r.out_says(&format!(
        "problem: {j}:5: `assign` event with due date `soon`, not YYYY-MM-DD"
    )));
    assert!(r.out_says(&format!("problem: {j}:6: the last line is incomplete")));
    assert!(r.out_says(
        "problem: 1 event(s) for `retired-item`, which the catalog does not have (orphaned)"
    ));
    assert!(r.out_says("fix: if the item was renamed, add `aliases: [old-id]`"));
    assert!(r.out_says("4 problem(s) found."));
    // Ordinary commands refuse the damaged journal and write nothing.
    env.run(&["done", "stakeholders"]).code(1);
    assert_eq!(env.journal_text(), text);
}

#[test]
fn catalog_drift_orphans_are_reported_and_never_crash() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "stakeholders"]).ok();
    let small = env.write(
        "small.yaml",
        "phases:\n  - id: initiate\n  - id: assess\ntasks:\n  - id: kickoff\n    aliases: [kickoff-meeting]\n    phase: initiate\n    title: Kick-off\n",
    );
    let c = small.to_str().unwrap();
    let json = env.run(&["--catalog", c, "status", "--json"]).ok().json();
    assert_eq!(json["orphans"]["stakeholders"], 1);
    assert_eq!(
        json["phases"][0]["done"], 1,
        "the alias carries kickoff-meeting's progress"
    );
    let r = env.run(&["--catalog", c, "status"]).ok();
    assert!(r.stdout.contains("Orphaned:") && r.stdout.contains("stakeholders (1 event)"));
    let show = env
        .run(&["--catalog", c, "show", "kickoff", "--json"])
        .ok()
        .json();
    let history: Vec<&str> = show["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["task"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["kickoff-meeting"], "history follows the alias");
    for args in [
        &["list", "--status", "all"][..],
        &["log"],
        &["show", "kickoff"],
        &["gate"],
        &["advance", "--dry-run"],
    ] {
        let mut a = vec!["--catalog", c];
        a.extend_from_slice(args);
        let r = env.run(&a);
        assert!(r.code == 0 || r.code == 3, "{args:?}: {}", r.stderr);
    }
    env.run(&["--catalog", c, "doctor"]).code(1);
}

#[test]
fn a_one_megabyte_note_with_newlines_is_stored_exactly() {
    let env = TestEnv::init();
    let note: String = (0..16384)
        .map(|i| format!("line {i:05} | <b>{}</b>\n", "é".repeat(24)))
        .collect::<String>();
    let note = &note[..note.len() - 1];
    assert!(note.len() > 1_000_000);
    let mut child = env
        .cmd(&["done", "remediation", "--note", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        format!("{note}\n").as_bytes(),
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let json = env.run(&["show", "remediation", "--json"]).ok().json();
    assert_eq!(json["task"]["note"].as_str().unwrap(), note);
    env.run(&["done", "kickoff-meeting"]).ok();
    assert_eq!(env.journal_text().lines().count(), 3);
}

#[test]
fn non_utf8_arguments_are_refused_and_nothing_is_written() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::init();
    let before = env.journal_text();
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9");
    let r = env.run(&[
        std::ffi::OsStr::new("done"),
        std::ffi::OsStr::new("kickoff-meeting"),
        std::ffi::OsStr::new("--note"),
        bad,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("invalid UTF-8"), "{}", r.stderr);
    assert_eq!(env.journal_text(), before);
}

#[test]
fn escape_sequences_in_names_and_catalog_text_never_reach_the_terminal() {
    let env = TestEnv::init();
    let evil = env.write(
        "evil.yaml",
        "title: \"\\e[31mred\"\nphases:\n  - id: initiate\ntasks:\n  - id: kickoff\n    phase: initiate\n    title: \"Kick \\e]0;owned\\a off\"\n    text: \"text \\e[2J\"\n",
    );
    let c = evil.to_str().unwrap();
    env.run(&[
        "--catalog",
        c,
        "done",
        "kickoff",
        "--by",
        "mallory\u{1b}[5m",
    ])
    .ok();
    env.run(&[
        "--catalog",
        c,
        "assign",
        "kickoff",
        "--owner",
        "o\u{1b}[1m",
        "--due",
        "2026-01-01",
    ])
    .ok();
    for args in [
        &["status"][..],
        &["list", "--status", "all"],
        &["show", "kickoff"],
        &["log"],
        &["catalog", "check"],
    ] {
        let mut a = vec!["--catalog", c];
        a.extend_from_slice(args);
        let r = env.run(&a).ok();
        assert!(
            !r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'),
            "{args:?}:\n{}",
            r.stdout
        );
    }
    let r = env.run(&["--catalog", c, "show", "kickoff"]).ok();
    assert!(
        r.stdout.contains("Kick \\u{1b}]0;owned\\u{7} off"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("mallory\\u{1b}[5m"));
    // Stored exactly.
    let json = env
        .run(&["--catalog", c, "show", "kickoff", "--json"])
        .ok()
        .json();
    assert_eq!(json["task"]["done_by"], "mallory\u{1b}[5m");
    // Errors too: an unknown task named with escapes is shown escaped.
    let r = env.run(&["--catalog", c, "done", "\u{1b}[31mnope"]).code(2);
    assert!(!r.stderr.contains('\u{1b}'), "{}", r.stderr);
}
