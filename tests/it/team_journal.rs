//! A journal that a team cannot break: each numbered failure of issue 11 reproduced, and shown
//! not to come back — skewed clocks, writers racing a git pull, kill -9 loops, torn lines of any
//! length, a deleted lock file, damaged or stale snapshots, sync-folder conflict copies,
//! concurrent phase decisions, and journals of the older formats.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Run, TestEnv};
use crate::team::git;

fn status_of(env: &TestEnv, task: &str) -> String {
    let json = env.run(&["show", task, "--json"]).ok().json();
    json["task"]["status"].as_str().unwrap().to_string()
}

/// Failure 1: An hour-fast clock (or a year-9999 one) no longer wins every later decision.
#[test]
fn a_clock_far_ahead_never_hides_later_decisions() {
    let env = TestEnv::init();
    env.run_env(
        &["done", "helpdesk-training"],
        &[("FTRACK_NOW", "9999-12-31T23:59:59Z")],
    )
    .ok();
    // Eight later decisions, at today's time: each one takes effect.
    let steps: [(&[&str], &str); 8] = [
        (&["reopen", "helpdesk-training"], "outstanding"),
        (&["done", "helpdesk-training"], "done"),
        (
            &["waive", "helpdesk-training", "--reason", "not needed"],
            "waived",
        ),
        (&["reopen", "helpdesk-training"], "outstanding"),
        (&["done", "helpdesk-training"], "done"),
        (&["reopen", "helpdesk-training"], "outstanding"),
        (
            &["waive", "helpdesk-training", "--reason", "again"],
            "waived",
        ),
        (&["reopen", "helpdesk-training"], "outstanding"),
    ];
    for (args, want) in steps {
        env.run(args).ok();
        assert_eq!(status_of(&env, "helpdesk-training"), want, "after {args:?}");
    }
    env.run(&["assign", "helpdesk-training", "--owner", "sam"])
        .ok();
    let json = env
        .run(&["show", "helpdesk-training", "--json"])
        .ok()
        .json();
    assert_eq!(json["task"]["owner"], "sam");
    // The cache plays no part: a fresh replay says the same.
    let fresh = env
        .run_env(
            &["show", "helpdesk-training", "--json"],
            &[("FTRACK_NO_CACHE", "1")],
        )
        .ok()
        .json();
    assert_eq!(fresh["task"]["status"], "outstanding");
}

fn clone_cmd(env: &TestEnv, clone: &Path, user: &str, now: &str, args: &[&str]) -> Run {
    let mut c = env.cmd(args);
    c.current_dir(clone)
        .env("FTRACK_USER", user)
        .env("FTRACK_NOW", now);
    env.output(c)
}

/// Failure 1: Two clones through git, one an hour fast: Bob's reopen after pulling Alice's done wins on
/// both clones, and the log shows both decisions.
#[test]
fn two_clones_with_different_clocks_agree_on_the_later_decision() {
    let env = TestEnv::new();
    let root = env.path();
    git(root, &["init", "-q", "--bare", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "a"]);
    let (a, b) = (root.join("a"), root.join("b"));
    let fast = "2026-11-25T13:00:00Z";
    let slow = "2026-11-25T12:05:00Z";
    clone_cmd(&env, &a, "pm", slow, &["init", "--name", "Contoso"]).ok();
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "tracker"]);
    git(&a, &["push", "-q", "origin", "HEAD"]);
    git(root, &["clone", "-q", "origin.git", "b"]);
    clone_cmd(&env, &a, "alice", fast, &["done", "stakeholders"]).ok();
    git(&a, &["commit", "-qam", "alice"]);
    git(&a, &["push", "-q", "origin", "HEAD"]);
    git(&b, &["pull", "-q", "origin", "main"]);
    clone_cmd(&env, &b, "bob", slow, &["reopen", "stakeholders"]).ok();
    git(&b, &["commit", "-qam", "bob"]);
    git(&b, &["push", "-q", "origin", "HEAD"]);
    git(&a, &["pull", "-q", "origin", "main"]);
    for clone in [&a, &b] {
        let json = clone_cmd(&env, clone, "x", slow, &["show", "stakeholders", "--json"])
            .ok()
            .json();
        assert_eq!(json["task"]["status"], "outstanding", "{}", clone.display());
        let ops: Vec<&str> = json["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["op"].as_str().unwrap())
            .collect();
        assert_eq!(ops, ["done", "reopen"]);
    }
}

/// Failure 2: The journal moved away (git deleting it mid-merge): a write fails and creates nothing;
/// once it is back, writes work and the history is whole.
#[test]
fn an_append_never_creates_a_journal_that_git_is_replacing() {
    let env = TestEnv::init();
    std::fs::create_dir_all(env.work().join(".git")).unwrap();
    env.run(&["done", "stakeholders"]).ok();
    let aside = env.path().join("journal.away");
    std::fs::rename(env.journal(), &aside).unwrap();
    let r = env.run(&["done", "begin-onboarding"]).code(1);
    assert!(
        r.err_says("is missing; nothing was recorded"),
        "{}",
        r.stderr
    );
    assert!(r.err_says("hint: "));
    assert!(!env.journal().exists(), "no fresh one-line journal");
    std::fs::rename(&aside, env.journal()).unwrap();
    env.run(&["done", "begin-onboarding"]).ok();
    let json = env.run(&["list", "--status", "done", "--json"]).ok().json();
    assert_eq!(
        crate::common::ids(&json),
        ["begin-onboarding", "stakeholders"]
    );
}

/// Replace the journal the way git does during a merge: under `.git/index.lock`, read it, write
/// a new file and rename it over the old one.
fn git_like_replace(tracker: &Path, git_dir: &Path) {
    let lock = git_dir.join("index.lock");
    std::fs::write(&lock, b"").unwrap();
    let journal = tracker.join("journal.jsonl");
    let bytes = std::fs::read(&journal).unwrap();
    std::thread::sleep(Duration::from_millis(2));
    let tmp = tracker.join(".journal.merge");
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, &journal).unwrap();
    std::fs::remove_file(&lock).unwrap();
}

/// Failure 2: Writers racing a simulated `git pull` that keeps replacing the journal: every command
/// that reported success is in the journal afterwards.
#[test]
fn writers_racing_a_git_pull_lose_nothing() {
    let env = TestEnv::init();
    let git_dir = env.work().join(".git");
    std::fs::create_dir_all(&git_dir).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let replacer = {
        let (stop, tracker, git_dir) = (stop.clone(), env.tracker(), git_dir.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                git_like_replace(&tracker, &git_dir);
                n += 1;
                std::thread::sleep(Duration::from_millis(1));
            }
            n
        })
    };
    let mut succeeded = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    for round in 0..60 {
        if Instant::now() > deadline {
            break;
        }
        let owner = format!("owner-{round}");
        let r = env.run(&["assign", "program-management", "--owner", &owner, "-q"]);
        if r.code == 0 {
            succeeded.push(owner);
        }
    }
    stop.store(true, Ordering::Relaxed);
    let replaced = replacer.join().unwrap();
    assert!(replaced > 0);
    assert!(!succeeded.is_empty());
    every_owner_recorded(&env, &env.journal_text(), &succeeded);
}

/// Every owner an `assign program-management` reported as set is in `journal` (the journal's
/// text), and the last one is the item's owner now.
pub(crate) fn every_owner_recorded(env: &TestEnv, journal: &str, succeeded: &[String]) {
    for owner in succeeded {
        assert!(
            journal.contains(&format!("\"owner\":\"{owner}\"")),
            "{owner} reported success but is not in the journal"
        );
    }
    let json = env
        .run(&["show", "program-management", "--json"])
        .ok()
        .json();
    assert_eq!(json["task"]["owner"], succeeded.last().unwrap().as_str());
}

/// Failure 2: A write waits while git holds the work tree, and goes through once it is done.
#[test]
fn a_write_waits_for_a_git_operation_to_finish() {
    let env = TestEnv::init();
    let git_dir = env.work().join(".git");
    std::fs::create_dir_all(&git_dir).unwrap();
    let lock = git_dir.join("index.lock");
    std::fs::write(&lock, b"").unwrap();
    let child = env
        .cmd(&["done", "stakeholders"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        !env.journal_text().contains("stakeholders"),
        "nothing written while git holds the index"
    );
    std::fs::remove_file(&lock).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.journal_text().contains("stakeholders"));
}

/// Failure 3: A command cut off after 2 of its 3 lines, committed and merged into the middle of the
/// journal, still counts for nothing, and doctor names it.
#[test]
fn a_cut_off_command_counts_for_nothing_wherever_a_merge_puts_it() {
    let env = TestEnv::init();
    env.run(&[
        "done",
        "stakeholders",
        "begin-onboarding",
        "kickoff-meeting",
    ])
    .ok();
    let text = env.journal_text();
    let mut lines: Vec<&str> = text.lines().collect();
    // Keep 2 of the command's 3 lines, and put later lines after them (a merge).
    lines.pop();
    let partial = lines.join("\n") + "\n";
    std::fs::write(env.journal(), &partial).unwrap();
    env.run(&["done", "helpdesk-training"]).ok();
    // The interrupted command was set aside at the end; now merge it back into the middle.
    let torn = std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap();
    let mut merged: Vec<String> = env.journal_text().lines().map(String::from).collect();
    let at = 1;
    for (i, l) in torn.lines().enumerate() {
        merged.insert(at + i, l.to_string());
    }
    std::fs::write(env.journal(), merged.join("\n") + "\n").unwrap();
    let json = env.run(&["list", "--status", "done", "--json"]).ok().json();
    assert_eq!(crate::common::ids(&json), ["helpdesk-training"]);
    let r = env.run(&["doctor"]).code(1);
    assert!(
        r.stdout
            .contains("a command cut off by a crash: 2 of its 3 events"),
        "{}",
        r.stdout
    );
    // And with the cache off: the same.
    let json = env
        .run_env(
            &["list", "--status", "done", "--json"],
            &[("FTRACK_NO_CACHE", "1")],
        )
        .ok()
        .json();
    assert_eq!(crate::common::ids(&json), ["helpdesk-training"]);
}

/// Failure 3: kill -9 at random moments, 200 rounds: a command that reported success is in the state,
/// none is half applied, and the next write works.
#[test]
fn kill_nine_loop_leaves_no_half_command() {
    let env = TestEnv::init();
    let killed = kill_nine_loop(&env, 0x2545_f491_4f6c_dd1d, 4000, |_| {});
    assert!(killed > 0, "the loop never killed a command mid-way");
    env.run(&["done", "helpdesk-training"]).ok();
    env.run(&["doctor"]);
    assert!(status_of(&env, "helpdesk-training") == "done");
}

/// Up to 200 rounds (60 s at most) of a three-item `assign` killed after a random delay below
/// `max_delay_us` (seeded by `seed`), `between(round)` first; after each, the state shows the
/// owner of the last command that succeeded or of one killed after it, on all three items or
/// none. Returns how many were killed.
pub(crate) fn kill_nine_loop(
    env: &TestEnv,
    seed: u64,
    max_delay_us: u64,
    mut between: impl FnMut(usize),
) -> usize {
    let items = ["stakeholders", "begin-onboarding", "kickoff-meeting"];
    let mut rng = seed;
    let deadline = Instant::now() + Duration::from_secs(60);
    // What the state may show: the owner of the last command that succeeded, or of any
    // killed after it (a command killed after its write is recorded whole).
    let mut possible: Vec<String> = vec!["null".to_string()];
    let mut killed = 0;
    for round in 0..200 {
        if Instant::now() > deadline {
            break;
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        between(round);
        let owner = format!("r{round}");
        let mut args = vec!["assign"];
        args.extend(items);
        args.extend(["--owner", owner.as_str()]);
        let mut child = env
            .cmd(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng % max_delay_us));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            possible = vec![owner.clone()];
        } else {
            killed += 1;
            possible.push(owner.clone());
        }
        let json = env.run(&["list", "--status", "all", "--json"]).ok().json();
        let owners: Vec<Value> = json["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| items.contains(&t["id"].as_str().unwrap()))
            .map(|t| t["owner"].clone())
            .collect();
        assert!(
            owners.windows(2).all(|w| w[0] == w[1]),
            "round {round}: half a command applied: {owners:?}"
        );
        let shown = owners[0].as_str().unwrap_or("null");
        assert!(
            possible.iter().any(|p| p == shown),
            "round {round}: {shown} is not one of {possible:?}"
        );
    }
    killed
}

/// Failure 4: A torn last line longer than 64 KiB (a kill while writing a 100 KB note) is set aside on
/// the next change as promised; sequence numbers do not restart after a 70 KB note.
#[test]
fn torn_lines_of_any_length_are_set_aside() {
    let env = TestEnv::init();
    let note = "x".repeat(70_000);
    env.run(&["done", "stakeholders", "--note", &note]).ok();
    env.run(&["reopen", "stakeholders"]).ok();
    assert_eq!(status_of(&env, "stakeholders"), "outstanding");
    let seqs: Vec<u64> = env
        .journal_text()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["seq"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert!(seqs.windows(2).all(|w| w[1] > w[0]), "{seqs:?}");
    // Now a 100 KB line cut off mid-way.
    let big = format!(
        "{{\"v\":3,\"id\":\"torn\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"x\",\"op\":\"done\",\"task\":\"kickoff-meeting\",\"note\":\"{}",
        "y".repeat(100_000)
    );
    let mut text = env.journal_text();
    text.push_str(&big);
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["status"]).ok();
    assert!(r.err_says("the last line is incomplete"), "{}", r.stderr);
    env.run(&["done", "begin-onboarding"]).ok();
    let torn = std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap();
    assert!(torn.starts_with(&big[..200]) && torn.len() > 100_000);
    assert!(!env.journal_text().contains("\"id\":\"torn\""));
    let r = env.run(&["done", "kickoff-meeting"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

/// Failure 5: the lock file deleted again and again (`git clean -fdX`) while 48 writers of
/// three-event commands run: no command that reported success is set aside or lost, and none is
/// half applied.
#[test]
fn deleting_the_lock_file_under_parallel_writers_loses_nothing() {
    let env = TestEnv::init();
    // An old tracker's lock file, as git clean -X would delete it.
    std::fs::write(env.tracker().join("lock"), b"").unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let deleter = {
        let (stop, lock) = (stop.clone(), env.tracker().join("lock"));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = std::fs::remove_file(&lock);
                std::thread::sleep(Duration::from_micros(100));
            }
        })
    };
    let items = ["program-management", "stakeholders", "helpdesk-training"];
    let note = "n".repeat(20_000);
    let children: Vec<(String, std::process::Child)> = (0..48)
        .map(|i| {
            let owner = format!("w{i}");
            let mut args = vec!["assign"];
            args.extend(items);
            args.extend(["--owner", owner.as_str(), "-q"]);
            let mut c = env.cmd(&args);
            if i % 2 == 0 {
                // Long lines make writes that take longer: more chance to overlap.
                c = env.cmd(&["done", items[i % 3], "--note", note.as_str(), "-q"]);
            }
            let child = c.stderr(Stdio::piped()).spawn().unwrap();
            (owner, child)
        })
        .collect();
    let mut ok = Vec::new();
    for (i, (owner, child)) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if i % 2 == 1 {
            ok.push(owner);
        }
    }
    stop.store(true, Ordering::Relaxed);
    deleter.join().unwrap();
    let text = env.journal_text();
    for owner in &ok {
        assert_eq!(
            text.matches(&format!("\"owner\":\"{owner}\"")).count(),
            3,
            "{owner}: all three events of its command"
        );
    }
    assert!(!env.tracker().join("journal.torn").exists());
    let r = env.run(&["status"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    env.run(&["doctor"]).ok();
}

fn snapshot_file(env: &TestEnv) -> PathBuf {
    let dir = env.path().join("home/.cache/ftrack");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "snapshot"))
        .expect("a snapshot")
}

/// Failure 6: after the first advance the snapshot is still used: a read neither replays the
/// journal nor writes a new snapshot.
#[test]
fn the_snapshot_is_used_after_an_advance() {
    use std::os::unix::fs::MetadataExt;
    let env = TestEnv::init();
    env.run(&["done", "begin-onboarding", "kickoff-meeting"])
        .ok();
    env.run(&["advance"]).ok();
    env.run(&["status"]).ok();
    let snap = snapshot_file(&env);
    let before = std::fs::metadata(&snap).unwrap();
    for args in [&["status"][..], &["list"], &["gate"], &["status", "--json"]] {
        env.run(args);
    }
    let after = std::fs::metadata(&snap).unwrap();
    assert_eq!(
        (before.ino(), before.mtime_nsec()),
        (after.ino(), after.mtime_nsec()),
        "the snapshot was rewritten: it was not used"
    );
    // A write keeps it current without a replay.
    env.run(&["done", "stakeholders"]).ok();
    let written = std::fs::metadata(&snap).unwrap();
    env.run(&["status"]).ok();
    assert_eq!(
        written.ino(),
        std::fs::metadata(&snap).unwrap().ino(),
        "used after a write"
    );
}

/// Failure 6: a flipped bit anywhere in the snapshot never changes what a command shows.
#[test]
fn snapshot_bit_flips_never_change_the_output() {
    let env = TestEnv::init();
    env.run(&["done", "begin-onboarding", "kickoff-meeting"])
        .ok();
    env.run(&[
        "assign",
        "stakeholders",
        "--owner",
        "sam",
        "--due",
        "2026-12-01",
    ])
    .ok();
    env.run(&["waive", "on-premises-mfa", "--reason", "no"])
        .ok();
    let args = ["list", "--status", "all", "--json"];
    let fresh = env.run_env(&args, &[("FTRACK_NO_CACHE", "1")]).ok().stdout;
    let status_fresh = env
        .run_env(&["status", "--json"], &[("FTRACK_NO_CACHE", "1")])
        .ok()
        .stdout;
    env.run(&args).ok();
    let snap = snapshot_file(&env);
    let good = std::fs::read(&snap).unwrap();
    let bits = good.len() * 8;
    for k in 0..400 {
        let bit = (k * 7919 + 13) % bits;
        let mut bad = good.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        std::fs::write(&snap, &bad).unwrap();
        assert_eq!(env.run(&args).ok().stdout, fresh, "bit {bit}");
        std::fs::write(&snap, &bad).unwrap();
        assert_eq!(
            env.run(&["status", "--json"]).ok().stdout,
            status_fresh,
            "bit {bit}"
        );
    }
}

/// Failure 6: Two journals of the same size and modification time, written into the same file (a
/// `git checkout` on a file system with 1-second timestamps): the other branch's state is
/// never shown.
#[test]
fn same_size_same_mtime_journals_are_told_apart() {
    let env = TestEnv::init();
    let base = env.journal_text();
    env.run(&["done", "stakeholders"]).ok();
    let one = env.journal_text();
    std::fs::write(env.journal(), &base).unwrap();
    env.run(&["done", "helpdesk-training"]).ok();
    let two = env.journal_text();
    // Make them the same size: pad the shorter event's id-free part.
    let (one, two) = pad_to_same_len(&one, &two);
    let stamp = "202611251200.00";
    let put = |text: &str| {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(env.journal())
            .unwrap();
        f.write_all(text.as_bytes()).unwrap();
        drop(f);
        let ok = Command::new("touch")
            .args(["-t", stamp])
            .arg(env.journal())
            .status()
            .unwrap();
        assert!(ok.success());
    };
    for round in 0..10 {
        let (text, want) = if round % 2 == 0 {
            (&one, "stakeholders")
        } else {
            (&two, "helpdesk-training")
        };
        put(text);
        let json = env.run(&["list", "--status", "done", "--json"]).ok().json();
        assert_eq!(crate::common::ids(&json), [want], "round {round}");
    }
}

fn pad_to_same_len(a: &str, b: &str) -> (String, String) {
    let pad = |s: &str, n: usize| -> String {
        // A longer note pads the last event without changing its meaning for the test.
        let s = s.trim_end_matches('\n');
        let (head, last) = s.rsplit_once('\n').unwrap();
        let mut v: Value = serde_json::from_str(last).unwrap();
        v["note"] = Value::String("p".repeat(n));
        format!("{head}\n{}\n", serde_json::to_string(&v).unwrap())
    };
    let (la, lb) = (pad(a, 0).len(), pad(b, 0).len());
    let n = la.max(lb) + 1;
    let a = pad(a, n - la);
    let b = pad(b, n - lb);
    assert_eq!(a.len(), b.len());
    (a, b)
}

/// Failure 7: Alice advances while Bob, before pulling, reopens an item of the phase she left: after
/// the merge, status says so in one line and doctor reports it with the fix.
#[test]
fn a_concurrent_reopen_behind_an_advance_is_reported() {
    let env = TestEnv::init();
    env.run(&["done", "begin-onboarding", "kickoff-meeting"])
        .ok();
    let base = env.journal_text();
    env.run_env(&["advance"], &[("FTRACK_USER", "alice")]).ok();
    let alice = env.journal_text();
    std::fs::write(env.journal(), &base).unwrap();
    env.run_env(&["reopen", "kickoff-meeting"], &[("FTRACK_USER", "bob")])
        .ok();
    let bob = env.journal_text();
    // The union merge: base, then both sides' lines.
    let merged = format!("{alice}{}", &bob[base.len()..]);
    std::fs::write(env.journal(), merged).unwrap();
    let r = env.run(&["status"]).ok();
    assert!(
        r.out_says(
            "the engagement is past initiate, but its gate is blocked again by kickoff-meeting"
        ),
        "{}",
        r.stdout
    );
    let r = env.run(&["doctor"]).code(1);
    assert!(r.stdout.contains("past initiate"), "{}", r.stdout);
    let json = env.run(&["status", "--json"]).ok().json();
    assert_eq!(json["passed_blocked"][0]["phase"], "initiate");
}

/// Failure 7: Two lines with the same event id but different content replay one way, in `list` and in
/// `report --since` alike, and doctor reports them.
#[test]
fn duplicate_ids_with_different_content_replay_one_way() {
    let env = TestEnv::init();
    env.run(&["done", "stakeholders", "--note", "first"]).ok();
    let text = env.journal_text();
    let last = text.lines().last().unwrap();
    let twin = last.replace("\"first\"", "\"second\"");
    std::fs::write(env.journal(), format!("{text}{twin}\n")).unwrap();
    let shown = env.run(&["show", "stakeholders", "--json"]).ok().json();
    let report = env
        .run(&["report", "--since", "2026-11-01", "--format", "json"])
        .ok()
        .json();
    let note = shown["task"]["note"].as_str().unwrap().to_string();
    let changes: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["task"] == "stakeholders")
        .collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["note"], note.as_str());
    let r = env.run(&["doctor"]).code(1);
    assert!(r.stdout.contains("share the event id"), "{}", r.stdout);
}

/// Failure 8: No git: two machines share a synced folder. Each writes while offline; the sync tool
/// copies new files across and turns a both-sides change into a conflict copy. Every entry
/// counts on both machines, and doctor names the copy.
#[test]
fn sync_folder_conflict_copies_are_read() {
    for copy_name in [
        "journal-LAPTOP.jsonl",
        "journal (Bob's conflicted copy 2026-11-25).jsonl",
        "journal.sync-conflict-20261125-120000-ABCDEFG.jsonl",
    ] {
        let env = TestEnv::new();
        let alice = env.path().join("alice");
        let bob = env.path().join("bob");
        env.run(&["--dir", alice.to_str().unwrap(), "init", "--name", "C"])
            .ok();
        // First sync: bob gets the tracker.
        std::fs::create_dir_all(&bob).unwrap();
        std::fs::copy(alice.join("journal.jsonl"), bob.join("journal.jsonl")).unwrap();
        // Offline, each records something.
        env.run(&["--dir", alice.to_str().unwrap(), "done", "stakeholders"])
            .ok();
        env.run(&["--dir", bob.to_str().unwrap(), "done", "helpdesk-training"])
            .ok();
        // The sync: alice's version wins the name, bob's becomes a conflict copy on both.
        std::fs::copy(alice.join("journal.jsonl"), bob.join(copy_name)).unwrap();
        std::fs::rename(bob.join("journal.jsonl"), bob.join("bob-version")).unwrap();
        std::fs::copy(alice.join("journal.jsonl"), bob.join("journal.jsonl")).unwrap();
        std::fs::copy(bob.join("bob-version"), alice.join(copy_name)).unwrap();
        std::fs::copy(bob.join("bob-version"), bob.join(copy_name)).unwrap();
        std::fs::remove_file(bob.join("bob-version")).unwrap();
        for side in [&alice, &bob] {
            let r = env.run(&[
                "--dir",
                side.to_str().unwrap(),
                "list",
                "--status",
                "done",
                "--json",
            ]);
            let json = r.ok().json();
            let mut ids = crate::common::ids(&json);
            ids.sort();
            assert_eq!(ids, ["helpdesk-training", "stakeholders"], "{copy_name}");
            let r = env
                .run(&["--dir", side.to_str().unwrap(), "doctor"])
                .code(1);
            assert!(r.stdout.contains("conflict copy"), "{}", r.stdout);
        }
    }
}

/// Upgrading keeps everything: a journal of format 1 and 2 lines (no clocks) loads unchanged,
/// and new events order after all of it.
#[test]
fn a_journal_of_the_older_formats_loads_and_keeps_working() {
    let env = TestEnv::new();
    let dir = env.work().join(".ftrack");
    std::fs::create_dir_all(&dir).unwrap();
    let old = concat!(
        r#"{"v":1,"id":"a1","at":"2026-11-20T09:00:00Z","seq":1,"by":"pm","op":"init","name":"Contoso"}"#,
        "\n",
        r#"{"v":1,"id":"a2","at":"2026-11-21T09:00:00Z","seq":2,"by":"pm","op":"done","task":"kickoff-meeting","note":"held"}"#,
        "\n",
        r#"{"v":2,"id":"a3","at":"2026-11-22T09:00:00Z","seq":3,"by":"pm","op":"add","task":"remediate-upgrade-ad-fs","phase":"remediate","title":"Upgrade AD FS"}"#,
        "\n",
        // A clock far ahead, recorded before clocks existed.
        r#"{"v":1,"id":"a4","at":"2027-01-01T09:00:00Z","seq":4,"by":"pm","op":"done","task":"stakeholders"}"#,
        "\n",
    );
    std::fs::write(dir.join("journal.jsonl"), old).unwrap();
    let json = env.run(&["list", "--status", "done", "--json"]).ok().json();
    assert_eq!(
        crate::common::ids(&json),
        ["kickoff-meeting", "stakeholders"]
    );
    env.run(&["reopen", "stakeholders"]).ok();
    assert_eq!(status_of(&env, "stakeholders"), "outstanding");
    let text = std::fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    assert!(text.starts_with(old), "old lines are kept exactly");
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["v"], 3);
    assert_eq!(last["clock"], 1);
    env.run(&["doctor"]).ok();
    env.run(&["show", "remediate-upgrade-ad-fs"]).ok();
}

/// Failure 2, git's own rewind: `git stash create`, a write, `git reset --hard`, `git stash
/// apply` (what a `git pull` that stops on local changes does) threw the write away although it
/// exited 0. It is counted at once and written back by the next change.
#[test]
fn a_write_that_git_rewinds_is_written_back() {
    let env = TestEnv::new();
    let repo = env.work();
    git(&repo, &["init", "-q"]);
    env.run(&["init", "--name", "C"]).ok();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "tracker"]);
    env.run(&["done", "begin-onboarding"]).ok();
    let stash = git(&repo, &["stash", "create"]);
    env.run(&["done", "kickoff-meeting"]).ok();
    git(&repo, &["reset", "-q", "--hard"]);
    git(&repo, &["stash", "apply", "-q", stash.trim()]);
    assert!(
        !env.journal_all().contains("kickoff-meeting"),
        "git rewound it"
    );
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert!(r.err_says("no longer in the journal"), "{}", r.stderr);
    assert_eq!(
        crate::common::ids(&r.json()),
        ["begin-onboarding", "kickoff-meeting"]
    );
    env.run(&["done", "stakeholders"]).ok();
    assert_eq!(env.journal_all().matches("kickoff-meeting").count(), 1);
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(r.json()["tasks"].as_array().unwrap().len(), 3);
}

/// Lines that lie about their numbers are damage, not a way to cancel later or earlier work:
/// a clock of u64::MAX, a `more` of u32::MAX, a forged `cmd`/`n`.
#[test]
fn lines_with_impossible_numbers_are_damage() {
    for (field, value) in [("clock", "18446744073709551615"), ("more", "4294967295")] {
        let env = TestEnv::init();
        env.run(&["done", "begin-onboarding", "kickoff-meeting"])
            .ok();
        let good = env.journal_text();
        let evil = format!(
            "{{\"v\":3,\"id\":\"x1\",\"at\":\"2026-11-25T12:00:00Z\",\"seq\":9,\"{field}\":{value},\"by\":\"evil\",\"op\":\"reopen\",\"task\":\"kickoff-meeting\"}}\n"
        );
        std::fs::write(env.journal(), format!("{good}{evil}")).unwrap();
        let r = env.run(&["reopen", "begin-onboarding"]).code(1);
        assert!(r.err_says("out of range"), "{field}: {}", r.stderr);
        assert_eq!(
            env.journal_text(),
            format!("{good}{evil}"),
            "nothing written"
        );
        assert!(!env.tracker().join("journal.torn").exists());
        let r = env.run(&["doctor"]).code(1);
        assert!(r.out_says("out of range"), "{}", r.stdout);
    }
    // A clock at the absolute limit: nothing can be written after it.
    let env = TestEnv::init();
    env.run(&["done", "begin-onboarding"]).ok();
    let good = env.journal_text();
    let evil = "{\"v\":3,\"id\":\"x2\",\"at\":\"2026-11-26T00:00:00Z\",\"seq\":3,\"clock\":9007199254740992,\"by\":\"m\",\"op\":\"done\",\"task\":\"software\"}\n";
    std::fs::write(env.journal(), format!("{good}{evil}")).unwrap();
    let r = env.run(&["done", "kickoff-meeting"]).code(1);
    assert!(r.stderr.contains("made up"), "{}", r.stderr);
    assert_eq!(
        env.journal_text(),
        format!("{good}{evil}"),
        "nothing written"
    );
    // Read, it is shown with a warning (an honest journal can hold clocks far above its number
    // of events: a revert takes events out); doctor names it.
    let r = env.run(&["status"]).ok();
    assert!(r.stderr.contains("the line was made up"), "{}", r.stderr);
    let r = env.run(&["doctor"]).code(1);
    assert!(r.stdout.contains("a made-up line"), "{}", r.stdout);
    // A line claiming to belong to a real command, with another size, cancels nothing.
    let env = TestEnv::init();
    env.run(&["done", "begin-onboarding", "kickoff-meeting"])
        .ok();
    let text = env.journal_text();
    let head: Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    let cmd = head["cmd"].as_str().unwrap();
    let forged = format!(
        "{{\"v\":3,\"id\":\"e1\",\"at\":\"2026-11-25T12:00:00Z\",\"seq\":9,\"clock\":1,\"cmd\":\"{cmd}\",\"n\":50,\"by\":\"x\",\"op\":\"assign\",\"task\":\"stakeholders\",\"owner\":\"\"}}\n"
    );
    std::fs::write(env.journal(), format!("{text}{forged}")).unwrap();
    let json = env.run(&["list", "--status", "done", "--json"]).ok().json();
    assert_eq!(
        crate::common::ids(&json),
        ["begin-onboarding", "kickoff-meeting"]
    );
    let r = env.run(&["doctor"]).code(1);
    assert!(
        r.stdout
            .contains("disagrees with that command's first event"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("cut off by a crash"), "{}", r.stdout);
}

/// The events of a command cut off by a crash are not shown as history that counts.
#[test]
fn history_leaves_out_a_cut_off_command() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "begin-onboarding"])
        .ok();
    env.run(&["done", "stakeholders"]).ok();
    let lines: Vec<String> = env.journal_text().lines().map(String::from).collect();
    // Drop the second event of the two-item command, keep what came after.
    let kept: Vec<&String> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| l)
        .collect();
    std::fs::write(
        env.journal(),
        kept.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let json = env.run(&["show", "kickoff-meeting", "--json"]).ok().json();
    assert_eq!(json["task"]["status"], "outstanding");
    assert_eq!(json["history"].as_array().unwrap().len(), 0, "{json}");
}

/// The outbox writes back only what git threw away on the branch checked out: switching to a
/// branch whose journal never had a write is not a loss.
#[test]
fn switching_branches_brings_nothing_across() {
    let env = TestEnv::new();
    let repo = env.work();
    git(&repo, &["init", "-q"]);
    env.run(&["init", "--name", "C"]).ok();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "tracker"]);
    git(&repo, &["branch", "-q", "other"]);
    env.run(&["done", "begin-onboarding"]).ok();
    git(&repo, &["commit", "-qam", "done on main"]);
    git(&repo, &["checkout", "-q", "other"]);
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(crate::common::ids(&r.json()).is_empty());
    env.run(&["done", "kickoff-meeting"]).ok();
    assert!(!env.journal_all().contains("begin-onboarding"));
}
