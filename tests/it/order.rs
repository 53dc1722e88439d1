//! Issue 20, cases 1 and 2: decisions replay in the order they were made. A clone's own clock
//! never goes back while its earlier lines are out of the work tree (stashed, on a branch
//! started from an older commit), and every event is written once, however git's commits race
//! the writers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::clones::{clones, ft, git, git_try, note, part_lines, repo, status};
use crate::common::TestEnv;

/// `note n1; note n2; git stash; note n3; git stash pop` shows n3, the last decision (it used
/// to show n2: n3 was stamped below the stashed lines).
#[test]
fn a_decision_made_while_earlier_ones_are_stashed_replays_last() {
    let env = TestEnv::new();
    let a = repo(&env);
    ft(&env, &a, "al", &["note", "kickoff", "n1"]).ok();
    ft(&env, &a, "al", &["note", "kickoff", "n2"]).ok();
    git(&a, &["stash", "-q"]);
    ft(&env, &a, "al", &["note", "kickoff", "n3"]).ok();
    git(&a, &["stash", "pop", "-q"]);
    assert_eq!(note(&env, &a, "kickoff").as_deref(), Some("n3"));
}

/// A branch started from an older commit, a decision there, then the merge: the newer decision
/// wins (it used to lose to the older ones of the other branch).
#[test]
fn a_decision_on_a_branch_from_an_older_commit_replays_last_after_the_merge() {
    let env = TestEnv::new();
    let a = repo(&env);
    git(&a, &["branch", "fix"]);
    ft(&env, &a, "al", &["note", "kickoff", "old-1"]).ok();
    git(&a, &["commit", "-qam", "o1"]);
    ft(&env, &a, "al", &["note", "kickoff", "old-2"]).ok();
    git(&a, &["commit", "-qam", "o2"]);
    git(&a, &["checkout", "-q", "fix"]);
    ft(&env, &a, "al", &["note", "kickoff", "newest"]).ok();
    git(&a, &["commit", "-qam", "fix"]);
    git(&a, &["checkout", "-q", "-"]);
    git(&a, &["merge", "-q", "--no-edit", "fix"]);
    assert_eq!(note(&env, &a, "kickoff").as_deref(), Some("newest"));
}

/// The everyday flow: an uncommitted reopen, git asks for a stash before the pull, the item is
/// ticked, the stash popped, all pushed: every clone shows it done.
#[test]
fn stash_pull_tick_pop_push_shows_the_tick_everywhere() {
    let env = TestEnv::new();
    let c = clones(&env, &["a", "b"]);
    let (a, b) = (&c[0], &c[1]);
    ft(&env, b, "bo", &["note", "remediation", "from-b"]).ok();
    git(b, &["commit", "-qam", "b"]);
    git(b, &["push", "-q", "origin", "HEAD:main"]);
    ft(&env, a, "al", &["done", "stakeholders"]).ok();
    for n in ["t1", "t2", "t3"] {
        ft(&env, a, "al", &["note", "terms-of-use", n]).ok();
    }
    ft(
        &env,
        a,
        "al",
        &["reopen", "stakeholders", "--note", "not yet"],
    )
    .ok();
    git(a, &["stash", "-q"]);
    git(a, &["pull", "-q", "--no-edit", "origin", "main"]);
    ft(
        &env,
        a,
        "al",
        &["done", "stakeholders", "--note", "finished now"],
    )
    .ok();
    git(a, &["stash", "pop", "-q"]);
    git(a, &["commit", "-qam", "a"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(b, &["pull", "-q", "--no-edit", "origin", "main"]);
    for clone in [a, b] {
        assert_eq!(status(&env, clone, "stakeholders"), "done");
        assert_eq!(
            note(&env, clone, "stakeholders").as_deref(),
            Some("finished now")
        );
    }
}

/// Outside git, the high-water clock lives in the user's state directory: a sync tool that puts
/// back an older journal (and this machine's newer one beside it as a conflict copy) does not
/// make the next decision replay before the hidden ones.
#[test]
fn outside_git_the_next_decision_replays_after_lines_a_sync_tool_set_aside() {
    let env = TestEnv::init();
    env.run(&["note", "kickoff", "n1"]).ok();
    let older = env.journal_text();
    env.run(&["note", "kickoff", "n2"]).ok();
    let newer = env.journal_text();
    std::fs::write(env.journal(), &older).unwrap();
    std::fs::write(env.tracker().join("journal-LAPTOP.jsonl"), &newer).unwrap();
    env.run(&["note", "kickoff", "n3"]).ok();
    let r = env.run(&["show", "kickoff", "--json"]).ok();
    assert_eq!(r.json()["task"]["note"], "n3");
    assert!(env.state_dir().read_dir().unwrap().count() > 0);
}

/// Case 2: eight writers in one clone while `git commit -am` runs every 0.1 s: every
/// command's event is written exactly once (a write that a commit overtook used to be carried
/// to the next part by another writer and then written again by its own), and `doctor` has
/// nothing to say about ids.
#[test]
fn parallel_writers_racing_commits_write_every_event_once() {
    let env = TestEnv::new();
    let a = repo(&env);
    let stop = Arc::new(AtomicBool::new(false));
    let committer = {
        let (stop, a) = (stop.clone(), a.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = git_try(&a, &["commit", "-qam", "c"]);
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        })
    };
    let written: usize = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let (env, a) = (&env, &a);
                scope.spawn(move || {
                    (0..40)
                        .filter(|i| {
                            let note = format!("w{w}-{i}");
                            ft(env, a, &format!("w{w}"), &["note", "kickoff", &note, "-q"]).code
                                == 0
                        })
                        .count()
                })
            })
            .collect();
        writers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    stop.store(true, Ordering::Relaxed);
    committer.join().unwrap();
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "last", "--allow-empty"]);
    let lines = part_lines(&a);
    let mut ids: Vec<String> = lines
        .iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    ids.sort();
    let all = ids.len();
    ids.dedup();
    assert_eq!(written, 320, "every write reported success");
    assert_eq!(ids.len(), written, "every event is in the journal");
    assert_eq!(all, ids.len(), "and written once");
    let r = ft(&env, &a, "x", &["doctor"]).ok();
    assert!(!r.stdout.contains("share the event id"), "{}", r.stdout);
}
