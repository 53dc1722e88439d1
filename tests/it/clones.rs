//! Clones of one tracker for the tests of issue 20 (the order of decisions, nothing lost or
//! changed without a word): an origin, clones that pulled it, ftrack run in a clone as a user,
//! and what a clone shows.

use std::path::{Path, PathBuf};

use crate::common::{Run, TestEnv};
pub(crate) use crate::team::git;

/// git as `team::git` runs it, for a command that may fail (a commit with nothing to commit, a
/// pull that stops): whether it succeeded.
pub fn git_try(dir: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .args(["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
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
        .is_ok_and(|o| o.status.success())
}

/// `origin.git` (bare), and `names` cloned from it: the first made the tracker and pushed it.
pub fn clones(env: &TestEnv, names: &[&str]) -> Vec<PathBuf> {
    let root = env.path();
    git(root, &["init", "-q", "--bare", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", names[0]]);
    let first = root.join(names[0]);
    ft(env, &first, "pm", &["init", "--name", "Contoso"]).ok();
    git(&first, &["add", "-A"]);
    git(&first, &["commit", "-qm", "tracker"]);
    git(&first, &["push", "-q", "origin", "HEAD:main"]);
    let mut all = vec![first];
    for name in &names[1..] {
        git(root, &["clone", "-q", "origin.git", name]);
        all.push(root.join(name));
    }
    all
}

/// One clone, in a repository of its own (no origin).
pub fn repo(env: &TestEnv) -> PathBuf {
    let work = env.work();
    git(&work, &["init", "-q"]);
    ft(env, &work, "pm", &["init", "--name", "Contoso"]).ok();
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "tracker"]);
    work
}

/// ftrack in `clone`, recorded by `user`, at the real time (events made one after another
/// replay in the order made only by their clocks, as in real use).
pub fn ft(env: &TestEnv, clone: &Path, user: &str, args: &[&str]) -> Run {
    let mut c = env.cmd(args);
    c.current_dir(clone)
        .env("FTRACK_USER", user)
        .env_remove("FTRACK_NOW");
    env.output(c)
}

/// The note an item shows in `clone`.
pub fn note(env: &TestEnv, clone: &Path, item: &str) -> Option<String> {
    ft(env, clone, "x", &["show", item, "--json"]).ok().json()["task"]["note"]
        .as_str()
        .map(String::from)
}

/// The status an item shows in `clone`.
pub fn status(env: &TestEnv, clone: &Path, item: &str) -> String {
    ft(env, clone, "x", &["show", item, "--json"]).ok().json()["task"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Every line of the clone's parts.
pub fn part_lines(clone: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    if let Ok(dir) = std::fs::read_dir(clone.join(".ftrack/journal.d")) {
        for e in dir.filter_map(Result::ok) {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            lines.extend(text.lines().map(String::from));
        }
    }
    lines
}

/// Whether a message line is a bare `hint:` (a hint that says nothing).
pub fn empty_hint(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "hint:")
}
