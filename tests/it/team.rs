//! A team shares one tracker through git: two clones work apart, pull and push in both orders,
//! and end with equal trackers holding every entry.

use std::path::Path;
use std::process::Command;

use crate::common::TestEnv;

pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "pull.rebase=false",
            "-c",
            "core.autocrlf=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "git {args:?} failed in {}:\n{text}",
        dir.display()
    );
    text
}

fn ftrack(env: &TestEnv, clone: &Path, user: &str, args: &[&str]) -> crate::common::Run {
    let mut c = env.cmd(args);
    c.current_dir(clone)
        .env("FTRACK_USER", user)
        .env_remove("FTRACK_NOW");
    env.output(c)
}

/// origin (bare), clone a with an initialised tracker pushed, clone b pulled.
fn setup(env: &TestEnv) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = env.path();
    git(root, &["init", "-q", "--bare", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "a"]);
    let a = root.join("a");
    ftrack(env, &a, "pm", &["init", "--name", "Contoso"]).ok();
    assert_eq!(
        std::fs::read_to_string(a.join(".ftrack/.gitattributes")).unwrap(),
        "journal.jsonl merge=union\njournal.d/*.jsonl merge=union\n"
    );
    assert!(
        std::fs::read_to_string(a.join(".ftrack/.gitignore"))
            .unwrap()
            .contains("lock")
    );
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-q", "-m", "tracker"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    git(root, &["clone", "-q", "origin.git", "b"]);
    (a, root.join("b"))
}

fn work_apart_then_sync(first: bool) {
    let env = TestEnv::new();
    let (a, b) = setup(&env);
    // Different items, and the same item: a marks it done, b waives it.
    ftrack(
        &env,
        &a,
        "alice",
        &["done", "kickoff-meeting", "--note", "from a"],
    )
    .ok();
    ftrack(&env, &a, "alice", &["done", "stakeholders"]).ok();
    ftrack(&env, &b, "bob", &["done", "begin-onboarding"]).ok();
    ftrack(
        &env,
        &b,
        "bob",
        &["waive", "stakeholders", "--reason", "from b"],
    )
    .ok();
    ftrack(
        &env,
        &b,
        "bob",
        &["assign", "remediation", "--owner", "bob"],
    )
    .ok();
    for c in [&a, &b] {
        git(c, &["add", "-A"]);
        git(c, &["commit", "-q", "-m", "progress"]);
    }
    let (one, two) = if first { (&a, &b) } else { (&b, &a) };
    git(one, &["push", "-q", "origin", "HEAD:main"]);
    let merge = git(two, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert!(!merge.contains("CONFLICT"), "{merge}");
    git(two, &["push", "-q", "origin", "HEAD:main"]);
    git(one, &["pull", "-q", "--no-edit", "origin", "main"]);

    let state = |c: &Path| -> (String, String, String) {
        let status = ftrack(&env, c, "x", &["status", "--json"]).ok().json();
        let list = ftrack(&env, c, "x", &["list", "--status", "all", "--json"])
            .ok()
            .stdout;
        let log = ftrack(&env, c, "x", &["log", "--json"]).ok().stdout;
        (
            status["phases"].to_string() + status["current_phase"].as_str().unwrap(),
            list,
            log,
        )
    };
    let (sa, sb) = (state(&a), state(&b));
    assert_eq!(sa, sb, "both clones reach the same state");
    let log: serde_json::Value = serde_json::from_str(&sa.2).unwrap();
    let events = log["events"].as_array().unwrap();
    assert_eq!(
        events.len(),
        1 + 5,
        "every entry from both clones, each once"
    );
    // The conflicting decisions both show in the log; the later one wins on every clone.
    let on_stakeholders: Vec<&str> = events
        .iter()
        .filter(|e| e["task"] == "stakeholders")
        .map(|e| e["op"].as_str().unwrap())
        .collect();
    assert_eq!(on_stakeholders.len(), 2);
    let list: serde_json::Value = serde_json::from_str(&sa.1).unwrap();
    let s = list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "stakeholders")
        .unwrap();
    assert_eq!(
        s["status"],
        if on_stakeholders[1] == "waive" {
            "waived"
        } else {
            "done"
        }
    );
    for c in [&a, &b] {
        let r = ftrack(&env, c, "x", &["doctor"]).ok();
        assert!(r.stdout.contains("All well."), "{}", r.stdout);
    }
}

#[test]
fn two_clones_push_and_pull_a_first() {
    work_apart_then_sync(true);
}

#[test]
fn two_clones_push_and_pull_b_first() {
    work_apart_then_sync(false);
}

#[test]
fn replay_is_the_same_whatever_the_line_order_and_duplicates() {
    let env = TestEnv::init();
    let mut env2 = env;
    for (i, (op, task)) in [
        ("done", "kickoff-meeting"),
        ("reopen", "kickoff-meeting"),
        ("done", "stakeholders"),
        ("done", "kickoff-meeting"),
    ]
    .iter()
    .enumerate()
    {
        env2.now = format!("2026-11-2{}T10:00:00Z", i + 1);
        env2.run(&[op, task]).ok();
    }
    let env = env2;
    let expected = env.run(&["list", "--status", "all", "--json"]).ok().stdout;
    let lines: Vec<String> = env.journal_text().lines().map(String::from).collect();
    let mut shuffled = lines.clone();
    shuffled.reverse();
    shuffled.push(lines[2].clone()); // merged in twice
    std::fs::write(env.journal(), shuffled.join("\n") + "\n").unwrap();
    assert_eq!(
        env.run(&["list", "--status", "all", "--json"]).ok().stdout,
        expected
    );
    let log = env.run(&["log", "--json"]).ok().json();
    assert_eq!(log["events"].as_array().unwrap().len(), lines.len());
}

#[test]
fn init_outside_git_writes_no_git_files() {
    let env = TestEnv::init();
    assert!(!env.tracker().join(".gitattributes").exists());
}
