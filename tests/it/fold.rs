//! Issue 20, case 8: parts fold together. One part per clone and commit made a long engagement
//! a directory of thousands of files (1,501 after 1,500 commits); old parts that every clone
//! has are folded into one file, which merges cleanly with clones that have not folded, counts
//! each event once when two clones fold the same parts, and leaves a revert of a recent commit
//! taking back exactly its events.

use std::path::Path;

use serde_json::Value;

use crate::clones::{clones, ft, git, git_try, note, repo};
use crate::common::TestEnv;

fn files(clone: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(clone.join(".ftrack/journal.d"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The notes the clone's log holds, in replay order.
fn notes(env: &TestEnv, clone: &Path) -> Vec<String> {
    let log = ft(env, clone, "x", &["log", "--json"]).ok().json();
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] == "note")
        .map(|e| e["note"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
}

/// `n` commits of progress in `clone`, one note each (`prefix1`…), pushed every `push` commits
/// when there is an origin.
fn progress(env: &TestEnv, clone: &Path, prefix: &str, n: usize) {
    for i in 1..=n {
        ft(
            env,
            clone,
            prefix,
            &["note", "kickoff", &format!("{prefix}{i}")],
        )
        .ok();
        git(clone, &["commit", "-qam", &format!("{prefix}{i}")]);
    }
}

fn json(env: &TestEnv, clone: &Path) -> Value {
    let mut v = ft(env, clone, "x", &["status", "--json"]).ok().json();
    v["tracker"] = Value::Null;
    v
}

/// Case 8: 150 commits of progress leave a few dozen files, not 151; every event is there
/// once, in the order made, and `doctor` is content.
#[test]
fn parts_of_a_long_engagement_fold_together() {
    let env = TestEnv::new();
    let work = repo(&env);
    progress(&env, &work, "n", 150);
    let names = files(&work);
    assert!(names.len() <= 50, "{} files: {names:?}", names.len());
    assert!(names.iter().any(|n| n.starts_with("fold-")), "{names:?}");
    let expected: Vec<String> = (1..=150).map(|i| format!("n{i}")).collect();
    assert_eq!(notes(&env, &work), expected);
    // The fold is staged as a commit takes it: nothing left unstaged, nothing untracked.
    progress(&env, &work, "m", 30);
    ft(&env, &work, "x", &["note", "kickoff", "n150"]).ok();
    let status = git(&work, &["status", "--porcelain"]);
    assert!(!status.is_empty());
    assert!(
        status
            .lines()
            .all(|l| l.starts_with("A ") || l.starts_with("D ")),
        "{status}"
    );
    let r = ft(&env, &work, "x", &["doctor"]).ok();
    assert!(r.stdout.contains("All well"), "{}", r.stdout);
    // Cold, without the snapshot: the same.
    let mut c = env.cmd(&["log", "--json"]);
    c.current_dir(&work).env("FTRACK_NO_CACHE", "1");
    let cold = env.output(c).ok().json();
    assert_eq!(cold["events"].as_array().unwrap().len(), 182);
    assert_eq!(note(&env, &work, "kickoff").as_deref(), Some("n150"));
}

/// A clone that folded and one that did not (it only added parts) merge without a conflict,
/// both ways, and converge; two clones that folded the same parts each count every event once.
#[test]
fn a_fold_merges_with_clones_that_did_not_fold_and_with_another_fold() {
    let env = TestEnv::new();
    let c = clones(&env, &["a", "b"]);
    let (a, b) = (&c[0], &c[1]);
    progress(&env, a, "a", 45);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(
        b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    // Both clones now have 46 parts in common; each works on, and each folds them.
    for i in 46..=50 {
        ft(&env, a, "al", &["note", "stakeholders", &format!("a{i}")]).ok();
        git(a, &["commit", "-qam", &format!("a{i}")]);
        ft(
            &env,
            b,
            "bo",
            &["note", "program-management", &format!("b{i}")],
        )
        .ok();
        git(b, &["commit", "-qam", &format!("b{i}")]);
    }
    assert!(
        files(a).iter().any(|n| n.starts_with("fold-")),
        "{:?}",
        files(a)
    );
    assert!(
        files(b).iter().any(|n| n.starts_with("fold-")),
        "{:?}",
        files(b)
    );
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    assert!(
        git_try(
            b,
            &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]
        ),
        "{}",
        git(b, &["status"])
    );
    git(b, &["push", "-q", "origin", "HEAD:main"]);
    git(
        a,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    let (na, nb) = (notes(&env, a), notes(&env, b));
    assert_eq!(na, nb);
    assert_eq!(na.len(), 55, "every note once: {na:?}");
    assert_eq!(json(&env, a), json(&env, b));
    let r = ft(&env, b, "x", &["doctor"]).ok();
    assert!(r.stdout.contains("All well"), "{}", r.stdout);
    // A clone that never folded (it pulls a fold, writes, commits) merges too.
    progress(&env, a, "z", 3);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(
        b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    assert_eq!(notes(&env, b).len(), 58);
}

/// `git revert` of one of the last commits, after folds, takes back exactly its event.
#[test]
fn reverting_a_recent_commit_after_folding_takes_back_exactly_its_events() {
    let env = TestEnv::new();
    let work = repo(&env);
    progress(&env, &work, "n", 70);
    assert!(files(&work).iter().any(|n| n.starts_with("fold-")));
    ft(&env, &work, "x", &["done", "kickoff"]).ok();
    git(&work, &["commit", "-qam", "done"]);
    progress(&env, &work, "m", 2);
    git(&work, &["revert", "--no-edit", "HEAD~2"]);
    let r = ft(&env, &work, "x", &["show", "kickoff", "--json"])
        .ok()
        .json();
    assert_eq!(r["task"]["status"], "outstanding");
    assert_eq!(notes(&env, &work).len(), 72);
}

/// The first command after a pull reads only the parts the pull brought when their events come
/// after everything the snapshot holds — and shows exactly what a full read shows, also when
/// the pull brought decisions made at the same time as this clone's (a full read then).
#[test]
fn the_first_status_after_a_pull_shows_what_a_full_read_shows() {
    let env = TestEnv::new();
    let c = clones(&env, &["a", "b"]);
    let (a, b) = (&c[0], &c[1]);
    let cold = |clone: &Path| {
        let mut c = env.cmd(&["status", "--json"]);
        c.current_dir(clone)
            .env("FTRACK_NO_CACHE", "1")
            .env_remove("FTRACK_NOW");
        let mut v = env.output(c).ok().json();
        v["tracker"] = Value::Null;
        v
    };
    progress(&env, b, "b", 2);
    git(b, &["push", "-q", "origin", "HEAD:main"]);
    git(
        a,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    json(&env, b);
    // Later decisions: the snapshot grows by them.
    ft(&env, a, "al", &["done", "kickoff"]).ok();
    git(a, &["commit", "-qam", "later"]);
    ft(&env, a, "al", &["note", "kickoff", "a-later"]).ok();
    git(a, &["commit", "-qam", "later still"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(
        b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    assert_eq!(json(&env, b), cold(b));
    assert_eq!(note(&env, b, "kickoff").as_deref(), Some("a-later"));
    // Decisions made at the same time on both clones, merged.
    ft(&env, b, "bo", &["reopen", "kickoff"]).ok();
    git(b, &["commit", "-qam", "b"]);
    ft(&env, a, "al", &["note", "kickoff", "a-meanwhile"]).ok();
    ft(&env, a, "al", &["waive", "stakeholders", "--reason", "n/a"]).ok();
    let extra = ["add", "--phase", "remediate", "Extra step", "--id", "extra"];
    ft(&env, a, "al", &extra).ok();
    git(a, &["commit", "-qam", "a"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    json(&env, b);
    git(
        b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    assert_eq!(json(&env, b), cold(b));
}
