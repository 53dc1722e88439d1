//! Journal parts in a git work tree: each clone appends to a file of its own, a new one after
//! every commit, so that git's own history commands (`revert`, `cherry-pick`, `reset`, `stash`)
//! take or leave exactly the events of the commits they are given.

use serde_json::Value;

use crate::common::{TestEnv, ids};
use crate::team::git;

/// A git repository with a committed tracker, clean.
fn repo() -> TestEnv {
    let env = TestEnv::new();
    git(&env.work(), &["init", "-q"]);
    env.run(&["init", "--name", "Contoso"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    env
}

fn done(env: &TestEnv) -> Vec<String> {
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let cached = ids(&r.json());
    let fresh = ids(&env
        .run_env(
            &["list", "--status", "done", "--json"],
            &[("FTRACK_NO_CACHE", "1")],
        )
        .ok()
        .json());
    assert_eq!(cached, fresh, "the snapshot agrees with a fresh replay");
    let mut sorted = cached;
    sorted.sort();
    sorted
}

/// Tick `item` off and commit it with `git commit -a`; the commit's id.
fn tick_and_commit(env: &TestEnv, item: &str) -> String {
    env.run(&["done", item, "-q"]).ok();
    git(&env.work(), &["commit", "-qam", item]);
    git(&env.work(), &["rev-parse", "HEAD"]).trim().to_string()
}

fn clean(env: &TestEnv) -> bool {
    git(&env.work(), &["status", "--porcelain"])
        .trim()
        .is_empty()
}

#[test]
fn a_git_work_tree_writes_parts_that_git_commit_a_takes() {
    let env = repo();
    let root = env.journal_text();
    let lines: Vec<Value> = root
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The tracker's first commit already says the journal continues in parts, in a line of
    // format 4 that an ftrack reading only journal.jsonl refuses.
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["op"], "layout");
    assert_eq!(lines[1]["v"], 4);
    tick_and_commit(&env, "stakeholders");
    assert!(clean(&env), "git commit -a took the new part");
    assert_eq!(env.journal_text(), root, "journal.jsonl is not written to");
    assert_eq!(env.parts().len(), 1);
    tick_and_commit(&env, "begin-onboarding");
    assert!(clean(&env));
    assert_eq!(env.parts().len(), 2, "a new part after each commit");
    // Each part is in exactly one commit: git never changes one after it is committed.
    for part in env.parts() {
        let log = git(
            &env.work(),
            &["log", "--format=%H", "--", part.to_str().unwrap()],
        );
        assert_eq!(log.lines().count(), 1, "{}", part.display());
    }
    // Writes without a commit in between go on in the same part.
    env.run(&["done", "kickoff-meeting", "-q"]).ok();
    env.run(&["waive", "ems-enhancements", "--reason", "not used", "-q"])
        .ok();
    assert_eq!(env.parts().len(), 3);
    assert_eq!(
        done(&env),
        ["begin-onboarding", "kickoff-meeting", "stakeholders"]
    );
    env.run(&["doctor"]).ok();
}

/// Failure 7: `git revert` of an older progress commit takes its events back (union merge of one
/// shared journal kept them), and later commits keep theirs.
#[test]
fn git_revert_of_an_older_progress_commit_takes_its_events_back() {
    let env = repo();
    let first = tick_and_commit(&env, "stakeholders");
    tick_and_commit(&env, "begin-onboarding");
    tick_and_commit(&env, "kickoff-meeting");
    git(&env.work(), &["revert", "--no-edit", &first]);
    assert!(clean(&env));
    assert_eq!(done(&env), ["begin-onboarding", "kickoff-meeting"]);
    // Later work goes on as usual, and the reverted event stays gone.
    env.run(&["done", "helpdesk-training", "-q"]).ok();
    assert!(!env.journal_all().contains("\"task\":\"stakeholders\""));
    assert_eq!(
        done(&env),
        ["begin-onboarding", "helpdesk-training", "kickoff-meeting"]
    );
    env.run(&["doctor"]).ok();
    // And reverting the revert brings it back.
    git(&env.work(), &["commit", "-qam", "helpdesk"]);
    git(&env.work(), &["revert", "--no-edit", "HEAD~1"]);
    assert!(done(&env).contains(&"stakeholders".to_string()));
}

/// Failure 7: cherry-picking one commit brings in that commit's events and no other.
#[test]
fn cherry_pick_brings_in_only_the_picked_commits_events() {
    let env = repo();
    git(&env.work(), &["branch", "-q", "release"]);
    tick_and_commit(&env, "stakeholders");
    let second = tick_and_commit(&env, "begin-onboarding");
    tick_and_commit(&env, "kickoff-meeting");
    git(&env.work(), &["checkout", "-q", "release"]);
    assert!(done(&env).is_empty());
    git(&env.work(), &["cherry-pick", &second]);
    assert!(clean(&env));
    assert_eq!(done(&env), ["begin-onboarding"]);
}

/// A deliberate `git reset --hard` to an earlier commit is not undone: the events of the commits
/// it dropped are not written back (only a write git throws away on the same commit is).
#[test]
fn a_reset_to_an_earlier_commit_is_not_undone() {
    let env = repo();
    tick_and_commit(&env, "stakeholders");
    tick_and_commit(&env, "begin-onboarding");
    git(&env.work(), &["reset", "-q", "--hard", "HEAD~1"]);
    assert_eq!(done(&env), ["stakeholders"]);
    env.run(&["done", "kickoff-meeting", "-q"]).ok();
    assert!(!env.journal_all().contains("\"task\":\"begin-onboarding\""));
    assert_eq!(done(&env), ["kickoff-meeting", "stakeholders"]);
}

/// `git stash` / `git stash pop` around a write: pop goes through (the write went to a part of
/// its own) and every event counts once.
#[test]
fn stash_and_pop_around_a_write_keep_every_event_once() {
    let env = repo();
    env.run(&["done", "stakeholders", "-q"]).ok();
    git(&env.work(), &["stash", "-q"]);
    env.run(&["done", "begin-onboarding", "-q"]).ok();
    git(&env.work(), &["stash", "pop", "-q"]);
    assert_eq!(done(&env), ["begin-onboarding", "stakeholders"]);
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "both"]);
    assert_eq!(done(&env), ["begin-onboarding", "stakeholders"]);
    env.run(&["doctor"]).ok();
}

/// Two clones write apart and merge in both directions: no file is ever merged inside, and both
/// end with the same state.
#[test]
fn two_clones_merge_without_touching_each_others_parts() {
    let env = TestEnv::new();
    let root = env.path();
    git(root, &["init", "-q", "--bare", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "a"]);
    let a = root.join("a");
    let run = |dir: &std::path::Path, user: &str, args: &[&str]| {
        let mut c = env.cmd(args);
        c.current_dir(dir).env("FTRACK_USER", user);
        env.output(c)
    };
    run(&a, "alice", &["init", "--name", "C"]).ok();
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "tracker"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    git(root, &["clone", "-q", "origin.git", "b"]);
    let b = root.join("b");
    run(&a, "alice", &["done", "stakeholders", "-q"]).ok();
    git(&a, &["commit", "-qam", "a"]);
    run(&b, "bob", &["done", "begin-onboarding", "-q"]).ok();
    git(&b, &["commit", "-qam", "b"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    let pulled = git(&b, &["pull", "--no-rebase", "--no-edit", "origin", "main"]);
    assert!(!pulled.contains("Auto-merging"), "{pulled}");
    git(&b, &["push", "-q", "origin", "HEAD:main"]);
    git(
        &a,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    let state = |dir: &std::path::Path| {
        let mut found = ids(&run(dir, "x", &["list", "--status", "done", "--json"])
            .ok()
            .json());
        found.sort();
        found
    };
    assert_eq!(state(&a), ["begin-onboarding", "stakeholders"]);
    assert_eq!(state(&a), state(&b));
}

/// A part that git does not track (`git commit -a` would leave it out) is a problem `doctor`
/// names, with the fix.
#[test]
fn doctor_names_a_part_git_does_not_track() {
    let env = repo();
    env.run(&["done", "stakeholders", "-q"]).ok();
    let part = env.parts().pop().unwrap();
    git(
        &env.work(),
        &["rm", "-q", "--cached", part.to_str().unwrap()],
    );
    let r = env.run(&["doctor"]).code(1);
    assert!(r.stdout.contains("not added to git"), "{}", r.stdout);
    assert!(r.stdout.contains("git add .ftrack"), "{}", r.stdout);
    git(&env.work(), &["add", "-A"]);
    env.run(&["doctor"]).ok();
}

/// A tracker made before parts (one journal.jsonl, union-merged) goes on in parts: its first
/// part adds the `layout` line and the union rule for parts, and nothing old is rewritten.
#[test]
fn a_tracker_from_before_parts_goes_on_in_parts() {
    let env = TestEnv::new();
    let tracker = env.tracker();
    std::fs::create_dir_all(&tracker).unwrap();
    let old = "{\"v\":1,\"id\":\"a1\",\"at\":\"2026-11-20T09:00:00Z\",\"seq\":1,\"by\":\"pm\",\"op\":\"init\",\"name\":\"Old\"}\n\
               {\"v\":3,\"id\":\"a2\",\"at\":\"2026-11-20T10:00:00Z\",\"seq\":2,\"clock\":2,\"by\":\"pm\",\"op\":\"done\",\"task\":\"stakeholders\"}\n";
    std::fs::write(env.journal(), old).unwrap();
    std::fs::write(
        tracker.join(".gitattributes"),
        "journal.jsonl merge=union\n",
    )
    .unwrap();
    git(&env.work(), &["init", "-q"]);
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "old tracker"]);
    env.run(&["done", "begin-onboarding", "-q"]).ok();
    let text = env.journal_text();
    assert!(text.starts_with(old));
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        (last["op"].as_str(), last["v"].as_u64()),
        (Some("layout"), Some(4))
    );
    assert_eq!(
        std::fs::read_to_string(tracker.join(".gitattributes")).unwrap(),
        "journal.jsonl merge=union\njournal.d/*.jsonl merge=union\n"
    );
    assert_eq!(env.parts().len(), 1);
    assert_eq!(done(&env), ["begin-onboarding", "stakeholders"]);
    git(&env.work(), &["commit", "-qam", "progress"]);
    assert!(clean(&env));
    env.run(&["doctor"]).ok();
    // An ftrack that knows only format 3 stops at the layout line instead of showing the
    // tracker without its parts: the line is one it cannot read.
    assert!(text.contains("\"v\":4"));
}

/// Writers in one clone while its HEAD keeps moving (commits in a loop): every write that
/// reported success is in the state, and each part is written on one commit only.
#[test]
fn writers_while_head_moves_lose_nothing() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let env = repo();
    let stop = Arc::new(AtomicBool::new(false));
    let committer = {
        let (stop, work) = (stop.clone(), env.work());
        std::thread::spawn(move || {
            let mut n = 0;
            // Plain git, failures allowed: ftrack's own `git add` may hold the index a moment.
            let quiet = |args: &[&str]| {
                std::process::Command::new("git")
                    .args(args)
                    .current_dir(&work)
                    .env("GIT_AUTHOR_NAME", "t")
                    .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
                    .env("GIT_COMMITTER_NAME", "t")
                    .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .output()
                    .is_ok_and(|o| o.status.success())
            };
            while !stop.load(Ordering::Relaxed) {
                quiet(&["add", "-A"]);
                n += usize::from(quiet(&["commit", "-q", "--allow-empty", "-m", "tick"]));
            }
            n
        })
    };
    let mut succeeded = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    for round in 0..40 {
        if std::time::Instant::now() > deadline {
            break;
        }
        let owner = format!("owner-{round}");
        let r = env.run(&["assign", "program-management", "--owner", &owner, "-q"]);
        if r.code == 0 {
            succeeded.push(owner);
        } else {
            assert!(r.stderr.contains("hint:"), "{}", r.stderr);
        }
    }
    stop.store(true, Ordering::Relaxed);
    let commits = committer.join().unwrap();
    assert!(commits > 1);
    assert!(!succeeded.is_empty());
    crate::team_journal::every_owner_recorded(&env, &env.journal_all(), &succeeded);
}

/// A part committed with a torn end (a crash, then `git commit -a`) is read with a warning,
/// and the next change sets the end aside, of any length, as it does for journal.jsonl.
#[test]
fn a_torn_part_is_set_aside_by_the_next_change_after_a_commit() {
    let env = repo();
    env.run(&["done", "stakeholders", "-q"]).ok();
    let part = env.parts().pop().unwrap();
    let torn = format!(
        "{{\"v\":3,\"id\":\"torn\",\"at\":\"2026-11-26T10:00:00Z\",\"by\":\"x\",\"op\":\"done\",\"task\":\"kickoff-meeting\",\"note\":\"{}",
        "n".repeat(100 * 1024)
    );
    let mut text = std::fs::read_to_string(&part).unwrap();
    text.push_str(&torn);
    std::fs::write(&part, &text).unwrap();
    git(&env.work(), &["commit", "-qam", "crashed"]);
    for _ in 0..2 {
        let r = env.run(&["status"]).ok();
        assert!(
            r.stderr.contains("the last line is incomplete"),
            "{}",
            r.stderr
        );
    }
    env.run(&["done", "begin-onboarding", "-q"]).ok();
    assert!(
        !std::fs::read_to_string(&part)
            .unwrap()
            .contains("\"id\":\"torn\"")
    );
    let aside = std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap();
    assert!(aside.starts_with("{\"v\":3,\"id\":\"torn\""));
    assert!(aside.len() > 100 * 1024);
    let r = env.run(&["status"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(done(&env), ["begin-onboarding", "stakeholders"]);
}

/// kill -9 at random moments in a git work tree whose HEAD moves every few rounds: a command
/// that reported success is in the state, none is half applied, and the next write works.
#[test]
fn kill_nine_in_git_leaves_no_half_command() {
    let env = repo();
    let killed =
        crate::team_journal::kill_nine_loop(&env, 0x9e37_79b9_7f4a_7c15, 25_000, |round| {
            if round % 7 == 6 {
                git(&env.work(), &["add", "-A"]);
                git(
                    &env.work(),
                    &["commit", "-q", "--allow-empty", "-m", "progress"],
                );
            }
        });
    assert!(killed > 0, "the loop never killed a command mid-way");
    let aside = std::fs::read_to_string(env.tracker().join("journal.torn")).unwrap_or_default();
    eprintln!(
        "{killed} commands killed; {} line(s) set aside; {} parts",
        aside.lines().count(),
        env.parts().len()
    );
    env.run(&["done", "helpdesk-training", "-q"]).ok();
    let r = env.run(&["status"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(done(&env).contains(&"helpdesk-training".to_string()));
}

/// Writers running at once after each commit share one new part, and it is staged: `git commit
/// -a` takes every event (each writer used to start a part of its own, and their `git add`s
/// raced for git's index).
#[test]
fn parallel_writers_share_one_staged_part_per_commit() {
    let env = repo();
    let items = [
        "stakeholders",
        "begin-onboarding",
        "kickoff-meeting",
        "helpdesk-training",
        "program-management",
        "ems-enhancements",
    ];
    for round in 0..4 {
        let children: Vec<_> = items
            .iter()
            .map(|item| {
                env.cmd(&["assign", item, "--owner", &format!("r{round}"), "-q"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        git(&env.work(), &["commit", "-qam", &format!("round {round}")]);
        assert!(
            clean(&env),
            "round {round}: {}",
            git(&env.work(), &["status", "--short"])
        );
    }
    assert_eq!(env.parts().len(), 4, "one part per commit");
    let json = env.run(&["list", "--status", "all", "--json"]).ok().json();
    for t in json["tasks"].as_array().unwrap() {
        if items.contains(&t["id"].as_str().unwrap()) {
            assert_eq!(t["owner"], "r3", "{t}");
        }
    }
}

/// A repository whose references are in a reftable (`git init --ref-format=reftable`): git's
/// HEAD file names a placeholder there, so git is asked; revert and reset behave as elsewhere.
#[test]
fn a_reftable_repository_starts_a_part_per_commit() {
    let env = TestEnv::new();
    let probe = std::process::Command::new("git")
        .args(["init", "-q", "--ref-format=reftable", "probe"])
        .current_dir(env.path())
        .output()
        .unwrap();
    if !probe.status.success() {
        crate::common::skip_or_fail("git with reftable support (2.45 or later)");
        return;
    }
    git(&env.work(), &["init", "-q", "--ref-format=reftable"]);
    env.run(&["init", "--name", "Contoso"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    let first = tick_and_commit(&env, "stakeholders");
    tick_and_commit(&env, "begin-onboarding");
    assert_eq!(env.parts().len(), 2);
    git(&env.work(), &["revert", "--no-edit", &first]);
    assert_eq!(done(&env), ["begin-onboarding"]);
    tick_and_commit(&env, "kickoff-meeting");
    git(&env.work(), &["reset", "-q", "--hard", "HEAD~1"]);
    assert_eq!(
        done(&env),
        ["begin-onboarding"],
        "a deliberate reset is not undone"
    );
}

/// `git pull --rebase --autostash`, step by step: a write made after the autostash was taken
/// and before the reset is not in the stash, nor in any commit; it is counted and written back.
#[test]
fn a_write_an_autostash_rebase_throws_away_is_written_back() {
    let env = TestEnv::new();
    let root = env.path();
    git(root, &["init", "-q", "--bare", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "work"]);
    env.run(&["init", "--name", "C"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    git(&env.work(), &["push", "-q", "origin", "HEAD:main"]);
    git(root, &["clone", "-q", "origin.git", "other"]);
    std::fs::write(root.join("other/README"), "x").unwrap();
    git(&root.join("other"), &["add", "-A"]);
    git(&root.join("other"), &["commit", "-qm", "other"]);
    git(&root.join("other"), &["push", "-q", "origin", "HEAD:main"]);
    git(&env.work(), &["fetch", "-q", "origin"]);
    env.run(&["done", "stakeholders", "-q"]).ok();
    let stash = git(&env.work(), &["stash", "create", "autostash"]);
    env.run(&["done", "kickoff-meeting", "-q"]).ok();
    git(&env.work(), &["reset", "-q", "--hard"]);
    git(&env.work(), &["rebase", "-q", "origin/main"]);
    git(&env.work(), &["stash", "apply", "-q", stash.trim()]);
    assert!(!env.journal_all().contains("\"task\":\"kickoff-meeting\""));
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert!(r.err_says("no longer in the journal"), "{}", r.stderr);
    env.run(&["done", "helpdesk-training", "-q"]).ok();
    assert_eq!(
        done(&env),
        ["helpdesk-training", "kickoff-meeting", "stakeholders"]
    );
}

/// A part whose name is not UTF-8 (git accepts such names, so a pull can bring one) is read,
/// and the cache never hides it.
#[cfg(unix)]
#[test]
fn a_part_named_in_bytes_that_are_not_utf8_is_never_cached_past() {
    use std::os::unix::ffi::OsStrExt;
    let env = repo();
    tick_and_commit(&env, "stakeholders");
    env.run(&["list", "--json"]).ok();
    let part = env.parts().pop().unwrap();
    let text = std::fs::read_to_string(&part)
        .unwrap()
        .replace("stakeholders", "kickoff-meeting")
        .replace("\"id\":\"", "\"id\":\"Z");
    let odd = env
        .tracker()
        .join("journal.d")
        .join(std::ffi::OsStr::from_bytes(b"\xff.jsonl"));
    std::fs::write(&odd, text).unwrap();
    for _ in 0..2 {
        let cached = env.run(&["list", "--status", "done", "--json"]).ok().stdout;
        let fresh = env
            .run_env(
                &["list", "--status", "done", "--json"],
                &[("FTRACK_NO_CACHE", "1")],
            )
            .ok()
            .stdout;
        assert_eq!(cached, fresh);
        assert!(cached.contains("kickoff-meeting"));
    }
}

/// `show` lists an item's history whatever the journal's state: a torn end in a part, or
/// events only the outbox still holds.
#[test]
fn show_has_the_history_with_a_torn_part_or_lines_git_threw_away() {
    let env = repo();
    env.run(&["assign", "kickoff-meeting", "--owner", "bob", "-q"])
        .ok();
    env.run(&["done", "kickoff-meeting", "-q"]).ok();
    let part = env.parts().pop().unwrap();
    let mut text = std::fs::read_to_string(&part).unwrap();
    text.push_str("{\"v\":3,\"id\":\"x\",\"task\":\"kickoff-meeting");
    std::fs::write(&part, &text).unwrap();
    let json = env.run(&["show", "kickoff-meeting", "--json"]).ok().json();
    assert_eq!(json["task"]["status"], "done");
    assert_eq!(json["history"].as_array().unwrap().len(), 2, "{json}");
    // Lines git threw away (a reset while nothing was committed) are counted and shown.
    let env = repo();
    env.run(&["done", "stakeholders", "-q"]).ok();
    git(&env.work(), &["reset", "-q", "--hard"]);
    let r = env.run(&["show", "stakeholders", "--json"]).ok();
    let json = r.json();
    assert_eq!(json["task"]["status"], "done");
    assert_eq!(json["history"].as_array().unwrap().len(), 1, "{json}");
}

/// A tracker named through a symbolic link (`--dir`) is in the work tree its real directory
/// is in: its events go to a part, as they do when it is reached directly.
#[cfg(unix)]
#[test]
fn a_tracker_named_through_a_link_writes_parts() {
    let env = TestEnv::new();
    git(&env.work(), &["init", "-q"]);
    let sub = env.work().join("team").join("contoso");
    std::fs::create_dir_all(&sub).unwrap();
    let run_in = |dir: &std::path::Path, args: &[&str]| {
        let mut c = env.cmd(args);
        c.current_dir(dir);
        env.output(c)
    };
    run_in(&sub, &["init", "--name", "C"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    let root = std::fs::read_to_string(sub.join(".ftrack/journal.jsonl")).unwrap();
    // The link sits outside the work tree: walking up from it finds no .git.
    let link = env.path().join("contoso-link");
    std::os::unix::fs::symlink(&sub, &link).unwrap();
    let dir = link.join(".ftrack");
    run_in(
        env.path(),
        &[
            "--dir",
            dir.to_str().unwrap(),
            "done",
            "helpdesk-training",
            "-q",
        ],
    )
    .ok();
    assert_eq!(
        std::fs::read_to_string(sub.join(".ftrack/journal.jsonl")).unwrap(),
        root,
        "the event went to a part, not journal.jsonl"
    );
    assert_eq!(
        std::fs::read_dir(sub.join(".ftrack/journal.d"))
            .unwrap()
            .count(),
        1
    );
    git(&env.work(), &["commit", "-qam", "through the link"]);
    assert!(clean(&env));
}

/// A write that cannot start a part records nothing, not even the `layout` line.
#[test]
fn a_write_that_cannot_start_a_part_changes_nothing() {
    let env = TestEnv::init();
    git(&env.work(), &["init", "-q"]);
    std::fs::write(env.tracker().join("journal.d"), "a file, not a directory").unwrap();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    let before = env.journal_text();
    let r = env.run(&["done", "stakeholders"]).code(1);
    assert!(r.stderr.contains("nothing was recorded"), "{}", r.stderr);
    assert!(r.stderr.contains("\nhint: "), "{}", r.stderr);
    assert_eq!(env.journal_text(), before);
    assert!(clean(&env));
}

/// A committed `journal.d` that is a link to elsewhere is not read (and nothing is written).
#[cfg(unix)]
#[test]
fn a_linked_parts_directory_is_not_read() {
    let env = repo();
    let elsewhere = env.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("x.jsonl"),
        "{\"v\":3,\"id\":\"out\",\"at\":\"2026-11-26T10:00:00Z\",\"seq\":1,\"clock\":5,\"by\":\"evil\",\"op\":\"done\",\"task\":\"stakeholders\"}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&elsewhere, env.tracker().join("journal.d")).unwrap();
    let r = env.run(&["list", "--status", "done", "--json"]);
    assert!(ids(&r.json()).is_empty(), "{}", r.stdout);
    let r = env.run(&["done", "kickoff-meeting"]).code(1);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
}

/// The note an item shows now.
fn note_of(env: &TestEnv, item: &str) -> Option<String> {
    env.run(&["show", item, "--json"]).ok().json()["task"]["note"]
        .as_str()
        .map(String::from)
}

/// `git stash` takes its snapshot, a script writes, then the stash resets the work tree: the
/// write was in no commit and no stash, so it is written back (a line, not a part, is judged).
#[test]
fn a_write_between_a_stash_snapshot_and_its_reset_is_written_back() {
    let env = repo();
    env.run(&["note", "software", "A1", "-q"]).ok();
    let snapshot = git(&env.work(), &["stash", "create"]);
    env.run(&["note", "hardware-networking", "A3", "-q"]).ok();
    git(&env.work(), &["stash", "store", "-m", "x", snapshot.trim()]);
    git(&env.work(), &["reset", "-q", "--hard"]);
    // While the stash holds A1 (git has it: not ftrack's to bring back), A3 is in no commit
    // and no stash: it is counted at once.
    assert_eq!(note_of(&env, "software"), None);
    assert_eq!(note_of(&env, "hardware-networking").as_deref(), Some("A3"));
    git(&env.work(), &["stash", "pop", "-q"]);
    assert_eq!(note_of(&env, "software").as_deref(), Some("A1"));
    assert_eq!(note_of(&env, "hardware-networking").as_deref(), Some("A3"));
}

/// `git commit -a` reads the work tree, a script writes, then HEAD moves to the commit without
/// that write: the committed part keeps what was committed, the write goes to a new part, and a
/// `git reset --hard` loses nothing.
#[test]
fn a_write_racing_a_commit_is_kept_out_of_the_committed_part() {
    let env = repo();
    env.run(&["note", "software", "A1", "-q"]).ok();
    git(&env.work(), &["add", "-u"]);
    let tree = git(&env.work(), &["write-tree"]);
    env.run(&["note", "hardware-networking", "A2", "-q"]).ok();
    let commit = git(
        &env.work(),
        &["commit-tree", tree.trim(), "-p", "HEAD", "-m", "c"],
    );
    git(&env.work(), &["update-ref", "HEAD", commit.trim()]);
    git(&env.work(), &["reset", "-q", "--hard"]);
    assert_eq!(note_of(&env, "software").as_deref(), Some("A1"));
    assert_eq!(note_of(&env, "hardware-networking").as_deref(), Some("A2"));
    env.run(&["note", "security-policies", "A3", "-q"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "rest"]);
    assert!(clean(&env));
    assert_eq!(note_of(&env, "hardware-networking").as_deref(), Some("A2"));
}

/// A part taken away by a reset is never re-created under the same name within the same second:
/// a new write is not mistaken for the committed one, and a stash pop does not collide with it.
#[test]
fn a_part_name_is_never_used_twice() {
    let env = repo();
    env.run(&["note", "software", "A", "-q"]).ok();
    let first = env.parts();
    git(&env.work(), &["commit", "-qam", "a"]);
    git(&env.work(), &["reset", "-q", "--hard", "HEAD~1"]);
    env.run(&["note", "hardware-networking", "B", "-q"]).ok();
    assert_ne!(env.parts(), first);
    git(&env.work(), &["reset", "-q", "--hard"]);
    assert_eq!(note_of(&env, "hardware-networking").as_deref(), Some("B"));
    assert_eq!(note_of(&env, "software"), None, "the reset to HEAD~1 stays");
    // Stash, write, pop: no name in common, so the pop goes through.
    env.run(&["note", "program-management", "x", "-q"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["stash", "-q"]);
    env.run(&["note", "helpdesk-training", "z", "-q"]).ok();
    git(&env.work(), &["stash", "pop", "-q"]);
    assert_eq!(note_of(&env, "program-management").as_deref(), Some("x"));
    assert_eq!(note_of(&env, "helpdesk-training").as_deref(), Some("z"));
}

/// Reverting a commit of many events leaves later events with clocks far above the number of
/// events left: that is honest, and the tracker goes on (it used to refuse every command).
#[test]
fn a_revert_of_many_events_leaves_a_working_tracker() {
    let env = repo();
    env.run(&["note", "software", "start", "-q"]).ok();
    let part = env.parts().pop().unwrap();
    let mut bulk = std::fs::read_to_string(&part).unwrap();
    for i in 0..1200u64 {
        bulk.push_str(&format!(
            "{{\"v\":3,\"id\":\"bulk{i}\",\"at\":\"2026-11-26T10:00:00Z\",\"seq\":{},\"clock\":{},\"by\":\"pm\",\"op\":\"note\",\"task\":\"software\",\"note\":\"n{i}\"}}\n",
            i + 10,
            i + 10
        ));
    }
    std::fs::write(&part, bulk).unwrap();
    git(&env.work(), &["commit", "-qam", "bulk"]);
    env.run(&["note", "hardware-networking", "late", "-q"]).ok();
    git(&env.work(), &["commit", "-qam", "late"]);
    git(&env.work(), &["revert", "--no-edit", "HEAD~1"]);
    let r = env.run(&["status"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    env.run(&["done", "stakeholders", "-q"]).ok();
    assert_eq!(
        note_of(&env, "hardware-networking").as_deref(),
        Some("late")
    );
    assert_eq!(note_of(&env, "software"), None);
    env.run(&["doctor"]).ok();
}

/// journal.jsonl gone while parts are there is an error that says so, not an empty tracker.
#[test]
fn parts_without_journal_jsonl_are_an_error() {
    let env = repo();
    env.run(&["done", "stakeholders", "-q"]).ok();
    std::fs::remove_file(env.journal()).unwrap();
    let r = env.run(&["status"]).code(1);
    assert!(
        r.stderr.contains("journal.jsonl is missing"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\nhint: "), "{}", r.stderr);
    env.run(&["done", "kickoff-meeting"]).code(1);
}

/// A repository that ignores `*.jsonl` (common beside data files) still shares the parts:
/// ftrack adds its own with `--force`, as the user once added journal.jsonl.
#[test]
fn parts_are_shared_in_a_repository_that_ignores_jsonl() {
    let env = TestEnv::new();
    git(&env.work(), &["init", "-q"]);
    std::fs::create_dir_all(env.work()).unwrap();
    std::fs::write(env.work().join(".gitignore"), "*.jsonl\n").unwrap();
    env.run(&["init", "--name", "C"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["add", "-f", ".ftrack/journal.jsonl"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    tick_and_commit(&env, "stakeholders");
    let tracked = git(&env.work(), &["ls-files", ".ftrack/journal.d"]);
    assert_eq!(tracked.lines().count(), 1, "{tracked}");
}

/// ftrack stages a part after every write, so a plain `git commit` takes it whole: the next
/// commit starts a new part, the committed part never changes, and a revert of that commit
/// takes back exactly its events.
#[test]
fn a_plain_commit_takes_a_part_whole() {
    let env = repo();
    env.run(&["note", "software", "a", "-q"]).ok();
    env.run(&["note", "hardware-networking", "b", "-q"]).ok();
    git(&env.work(), &["commit", "-qm", "both writes"]);
    let first = git(&env.work(), &["rev-parse", "HEAD"]).trim().to_string();
    env.run(&["note", "security-policies", "c", "-q"]).ok();
    git(&env.work(), &["commit", "-qam", "the rest"]);
    assert!(clean(&env));
    for part in env.parts() {
        let log = git(
            &env.work(),
            &["log", "--format=%H", "--", part.to_str().unwrap()],
        );
        assert_eq!(
            log.lines().count(),
            1,
            "{} is in one commit",
            part.display()
        );
    }
    git(&env.work(), &["revert", "--no-edit", &first]);
    assert_eq!(note_of(&env, "software"), None);
    assert_eq!(note_of(&env, "hardware-networking"), None);
    assert_eq!(note_of(&env, "security-policies").as_deref(), Some("c"));
}

/// A user's `color.ui = always` does not make ftrack misread git: a deliberate reset stays.
#[test]
fn git_colour_settings_do_not_undo_a_reset() {
    let env = repo();
    git(&env.work(), &["config", "color.ui", "always"]);
    git(&env.work(), &["config", "color.diff", "always"]);
    tick_and_commit(&env, "stakeholders");
    git(&env.work(), &["reset", "-q", "--hard", "HEAD~1"]);
    assert!(done(&env).is_empty());
    env.run(&["done", "kickoff-meeting", "-q"]).ok();
    assert_eq!(done(&env), ["kickoff-meeting"]);
}
