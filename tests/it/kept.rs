//! Issue 20, cases 5 and 6: nothing lost or changed without a word. Whatever a rewind throws
//! away comes back whole (the outbox keeps every command no commit holds yet, not 500 lines),
//! and a journal file cut short is restored from git's copy with a warning, or, outside git,
//! reported until it is restored or taken as it is.

use std::path::Path;

use crate::clones::{clones, ft, git, repo, status};
use crate::common::TestEnv;

fn items(env: &TestEnv, clone: &Path) -> Vec<String> {
    crate::common::ids(
        &ft(env, clone, "x", &["list", "--status", "all", "--json"])
            .ok()
            .json(),
    )
}

fn notes(env: &TestEnv, clone: &Path) -> Vec<String> {
    let log = ft(env, clone, "x", &["log", "--json"]).ok().json();
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["note"].as_str().map(String::from))
        .collect()
}

/// Case 5: sixteen bulk commands (every item, 600 events and more, none committed), then
/// `git reset --hard`: every command comes back whole (the outbox kept only 500 lines: three
/// commands were gone without a word).
#[test]
fn every_command_a_reset_throws_away_comes_back_whole() {
    let env = TestEnv::new();
    let a = repo(&env);
    let all = items(&env, &a);
    let mut args: Vec<&str> = vec!["", ""];
    args.extend(all.iter().map(String::as_str));
    for i in 1..=16 {
        let note = format!("r{i}");
        args[0] = if i % 2 == 1 { "done" } else { "reopen" };
        let mut with_note = args.clone();
        with_note.remove(1);
        with_note.extend(["--note", &note, "-q"]);
        ft(&env, &a, "al", &with_note).ok();
    }
    git(&a, &["reset", "-q", "--hard"]);
    let r = ft(&env, &a, "al", &["status"]).ok();
    let events = 16 * all.len();
    assert!(
        r.err_says(&format!(
            "{events} event(s) that ftrack wrote are no longer in the journal's files"
        )),
        "{}",
        r.stderr
    );
    ft(&env, &a, "al", &["note", "terms-of-use", "after"]).ok();
    let notes = notes(&env, &a);
    for i in 1..=16 {
        let n = notes.iter().filter(|n| **n == format!("r{i}")).count();
        assert_eq!(n, all.len(), "command r{i} came back whole");
    }
    assert_eq!(
        status(&env, &a, "kickoff-meeting"),
        "outstanding",
        "r16 reopened all"
    );
    assert!(ft(&env, &a, "al", &["status"]).ok().stderr.is_empty());
}

/// Case 6, in git: a committed part cut to 3 of its 13 lines (a sync tool, a disk) is put back
/// from git's copy at the next command, with one warning naming the file; `doctor` is content,
/// and the daily `git commit -am` spreads nothing (it used to spread the loss to every clone).
#[test]
fn a_committed_part_cut_short_is_put_back_from_git() {
    let env = TestEnv::new();
    let c = clones(&env, &["a", "b"]);
    let (a, b) = (&c[0], &c[1]);
    for i in 1..=3 {
        let note = format!("k{i}");
        ft(
            &env,
            a,
            "al",
            &["done", "kickoff", "stakeholders", "--note", &note],
        )
        .ok();
        ft(&env, a, "al", &["reopen", "kickoff", "stakeholders"]).ok();
    }
    ft(&env, a, "al", &["done", "remediation"]).ok();
    git(a, &["commit", "-qam", "work"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    let part = std::fs::read_dir(a.join(".ftrack/journal.d"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&part).unwrap();
    assert_eq!(text.lines().count(), 13);
    let kept: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    std::fs::write(&part, kept).unwrap();
    let r = ft(&env, a, "al", &["status"]).ok();
    let name = part.file_name().unwrap().to_str().unwrap();
    assert!(r.err_says(name), "{}", r.stderr);
    assert!(
        r.err_says("10 event(s) that git has of it were missing"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&part).unwrap(), text);
    assert!(
        ft(&env, a, "al", &["status"]).ok().stderr.is_empty(),
        "said once"
    );
    ft(&env, a, "al", &["doctor"]).ok();
    ft(&env, a, "al", &["note", "terms-of-use", "today"]).ok();
    git(a, &["commit", "-qam", "daily"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(b, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert_eq!(status(&env, b, "remediation"), "done");
    let changed = git(
        a,
        &[
            "log",
            "--diff-filter=M",
            "--format=%h",
            "--",
            ".ftrack/journal.d",
        ],
    );
    assert_eq!(changed, "");
}

/// Case 6, in git: a line of a committed part changed in place (an editor), and one broken:
/// git's lines come back; what was appended after them stays.
#[test]
fn a_committed_part_changed_in_place_gets_git_s_lines_back() {
    let env = TestEnv::new();
    let a = repo(&env);
    ft(&env, &a, "al", &["note", "kickoff", "k1"]).ok();
    ft(&env, &a, "al", &["note", "stakeholders", "s1"]).ok();
    git(&a, &["commit", "-qam", "c1"]);
    ft(&env, &a, "al", &["note", "remediation", "r1"]).ok();
    let parts: Vec<_> = std::fs::read_dir(a.join(".ftrack/journal.d"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let committed = parts
        .iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("\"k1\""))
        .unwrap();
    let text = std::fs::read_to_string(committed).unwrap();
    let edited = text.replace("\"k1\"", "\"kX\"").replace(
        "\"op\":\"note\",\"task\":\"stake",
        "\"op\":\"n\u{1}te\",\"task\":\"stake",
    );
    std::fs::write(committed, edited).unwrap();
    let r = ft(&env, &a, "al", &["note", "terms-of-use", "t1"]).ok();
    assert!(r.err_says("git's lines were put back"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(committed).unwrap(), text);
    let notes = notes(&env, &a);
    for n in ["k1", "s1", "r1", "t1"] {
        assert!(notes.iter().any(|x| x == n), "{n} in {notes:?}");
    }
    assert!(!notes.iter().any(|x| x == "kX"));
}

/// Nothing changed, nothing asked: a command on a tracker whose files are as this clone last
/// saw them runs no git at all (the check of files against git's copy costs nothing then).
#[test]
fn no_git_is_run_when_nothing_changed() {
    let env = TestEnv::new();
    let a = repo(&env);
    ft(&env, &a, "al", &["note", "kickoff", "k1"]).ok();
    git(&a, &["commit", "-qam", "c1"]);
    ft(&env, &a, "al", &["status"]).ok();
    let bin = env.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = env.path().join("git-calls");
    let real = String::from_utf8(
        std::process::Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let wrapper = format!(
        "#!/bin/sh\necho \"$@\" >> {}\nexec {} \"$@\"\n",
        log.display(),
        real.trim()
    );
    std::fs::write(bin.join("git"), wrapper).unwrap();
    let mut perms = std::fs::metadata(bin.join("git")).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(bin.join("git"), perms).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |args: &[&str], cache: &str| {
        let mut cmd = env.cmd(args);
        cmd.current_dir(&a)
            .env("PATH", &path)
            .env("FTRACK_USER", "al")
            .env("FTRACK_NO_CACHE", cache);
        env.output(cmd).ok();
    };
    // With the snapshot, and without it (then every file is looked at: each is as it was).
    for cache in ["0", "1"] {
        for args in [&["status"][..], &["list"], &["show", "kickoff"]] {
            run(args, cache);
        }
    }
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(calls, "", "git was run");
    // (The wrapper is the git ftrack runs: a write stages its part.)
    run(&["note", "kickoff", "k2"], "0");
    assert!(std::fs::read_to_string(&log).unwrap().contains("add"));
}

/// Case 6, outside git: `journal.jsonl` cut at a line's end (a sync tool, an editor) is valid
/// but shorter: every command says events are missing until it is restored, `doctor` reports
/// it with a command to run, and `doctor --fix` takes it as it is.
#[test]
fn outside_git_a_cut_journal_is_reported_until_restored_or_taken_as_it_is() {
    let env = TestEnv::init();
    for n in ["k1", "k2", "k3"] {
        env.run(&["note", "kickoff", n]).ok();
    }
    let whole = env.journal_text();
    let cut: String = whole.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(env.journal(), &cut).unwrap();
    for _ in 0..2 {
        let r = env.run(&["status"]).ok();
        assert!(
            r.err_says("journal.jsonl: the file was cut short or changed outside ftrack"),
            "{}",
            r.stderr
        );
    }
    let r = env.run(&["doctor"]).code(1);
    assert!(
        r.out_says("`ftrack doctor --fix` takes the file as it is now"),
        "{}",
        r.stdout
    );
    // Restored (from a backup): all is well again.
    std::fs::write(env.journal(), &whole).unwrap();
    assert!(env.run(&["status"]).ok().stderr.is_empty());
    std::fs::write(env.journal(), &cut).unwrap();
    let r = env.run(&["doctor", "--fix"]).ok();
    assert!(r.out_says("taken as it is now"), "{}", r.stdout);
    assert!(env.run(&["status"]).ok().stderr.is_empty());
    env.run(&["doctor"]).ok();
}

/// Outside git, a sync tool that kept another machine's journal and put this machine's beside
/// it as a conflict copy has cut nothing: the copy is read (and reported as a copy), no more.
#[test]
fn outside_git_a_journal_kept_in_a_conflict_copy_is_not_called_cut() {
    let env = TestEnv::init();
    env.run(&["note", "kickoff", "k1"]).ok();
    let older = env.journal_text();
    env.run(&["note", "kickoff", "k2"]).ok();
    let ours = env.journal_text();
    std::fs::write(
        env.tracker().join("journal (Bob's conflicted copy).jsonl"),
        &ours,
    )
    .unwrap();
    std::fs::write(env.journal(), &older).unwrap();
    let r = env.run(&["status"]).ok();
    assert!(
        r.err_says("a sync conflict copy of the journal"),
        "{}",
        r.stderr
    );
    assert!(!r.err_says("cut short"), "{}", r.stderr);
}

/// Lines that share an event id but differ (a hand edit, a bad merge) are named by file and
/// line with the one that counts, and `doctor --fix` deletes the others; one event written
/// twice by ftrack (only its clock and seq differ) needs nothing.
#[test]
fn duplicate_ids_are_named_and_fixed_or_merged_without_a_word() {
    let env = TestEnv::init();
    env.run(&["note", "kickoff", "k1"]).ok();
    let text = env.journal_text();
    let last = text.lines().last().unwrap().to_string();
    let again = last
        .replace("\"clock\":2", "\"clock\":9")
        .replace("\"seq\":2", "\"seq\":9");
    assert_ne!(again, last);
    std::fs::write(env.journal(), format!("{text}{again}\n")).unwrap();
    let r = env.run(&["doctor"]).ok();
    assert!(r.out_says("appear more than once"), "{}", r.stdout);
    let edited = last.replace("\"k1\"", "\"kz\"");
    std::fs::write(env.journal(), format!("{text}{edited}\n")).unwrap();
    let r = env.run(&["doctor"]).code(1);
    assert!(
        r.out_says("journal.jsonl:2 counts (first in replay order), not"),
        "{}",
        r.stdout
    );
    assert!(r.out_says("journal.jsonl:3"), "{}", r.stdout);
    assert!(
        r.out_says("`ftrack doctor --fix` deletes the lines that do not count"),
        "{}",
        r.stdout
    );
    let r = env.run(&["doctor", "--fix"]).ok();
    assert!(r.out_says("deleted 1 line(s) (3)"), "{}", r.stdout);
    assert_eq!(env.journal_text(), text);
    assert!(env.run(&["status"]).ok().stderr.is_empty());
}
