//! Issue 20, cases 3, 4 and 7: everything ftrack makes in a git work tree is staged by ftrack,
//! so the daily `git commit -am` carries it to the team, and a committed part never changes.

use crate::clones::{clones, empty_hint, ft, git, git_try, note, repo};
use crate::common::TestEnv;

/// Case 3: `catalog use` stages its catalog copy: after the daily `git commit -am && git push`,
/// another clone reads the catalog its journal names (it used to fail every command with
/// "cannot read catalog").
#[test]
fn catalog_use_stages_its_copy_and_the_team_reads_it() {
    let env = TestEnv::new();
    let c = clones(&env, &["a", "b"]);
    let (a, b) = (&c[0], &c[1]);
    let yaml =
        std::fs::read_to_string(env!("CARGO_MANIFEST_DIR").to_string() + "/responsibilities.yaml")
            .unwrap()
            .replace("Lead the kick-off meeting", "Lead the kickoff meeting (v2)");
    let v2 = env.write("v2.yaml", &yaml);
    let r = ft(&env, a, "al", &["catalog", "use", v2.to_str().unwrap()]).ok();
    assert!(
        !r.stderr.contains("git add"),
        "nothing left to stage: {}",
        r.stderr
    );
    let status = git(a, &["status", "--porcelain", ".ftrack"]);
    assert!(
        status
            .lines()
            .any(|l| l.starts_with("A ") && l.contains("catalog-")),
        "{status}"
    );
    assert!(!status.contains("??"), "{status}");
    git(a, &["commit", "-qam", "switch catalog"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(b, &["pull", "-q", "--no-edit", "origin", "main"]);
    let r = ft(&env, b, "bo", &["status"]).ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    ft(&env, b, "bo", &["note", "kickoff", "x"]).ok();
    let r = ft(&env, b, "bo", &["show", "kickoff", "--json"]).ok();
    assert!(r.stdout.contains("(v2)"), "{}", r.stdout);
    // A catalog that cannot be read says what to do on its hint line (issue 21 made sure no
    // hint is empty).
    let copy = std::fs::read_dir(b.join(".ftrack"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("catalog-"))
        .unwrap()
        .path();
    std::fs::remove_file(&copy).unwrap();
    let r = ft(&env, b, "bo", &["status"]).code(1);
    assert!(r.err_says("cannot read catalog"), "{}", r.stderr);
    assert!(!empty_hint(&r.stderr), "{}", r.stderr);
}

/// Case 4: a command killed after its events reached a new part but before `git add` (here:
/// no git to run) leaves the part untracked; the next command stages it and says so, once, and
/// the daily `git commit -am` carries it.
#[test]
fn a_part_an_interrupted_command_left_untracked_is_staged_by_the_next_command() {
    let env = TestEnv::new();
    let c = clones(&env, &["a", "b"]);
    let (a, b) = (&c[0], &c[1]);
    let mut cmd = env.cmd(&["note", "kickoff", "k1"]);
    cmd.current_dir(a).env("PATH", "/nonexistent");
    env.output(cmd).ok();
    let untracked = git(a, &["status", "--porcelain", ".ftrack"]);
    assert!(
        untracked.contains("??"),
        "the add did not happen: {untracked}"
    );
    let r = ft(&env, a, "al", &["status"]).ok();
    assert!(
        r.err_says(
            "a command was interrupted before it could add this part to git; ftrack added it now"
        ),
        "{}",
        r.stderr
    );
    let r = ft(&env, a, "al", &["status"]).ok();
    assert!(r.stderr.is_empty(), "said once: {}", r.stderr);
    git(a, &["commit", "-qam", "daily"]);
    git(a, &["push", "-q", "origin", "HEAD:main"]);
    git(b, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert_eq!(note(&env, b, "kickoff").as_deref(), Some("k1"));
}

/// Case 4, after a commit: the part left untracked belongs to an older commit; the next write
/// (on a new commit, so in a new part) stages it too.
#[test]
fn an_untracked_part_of_an_older_commit_is_staged_by_the_next_write() {
    let env = TestEnv::new();
    let a = repo(&env);
    let mut cmd = env.cmd(&["note", "kickoff", "k1"]);
    cmd.current_dir(&a).env("PATH", "/nonexistent");
    env.output(cmd).ok();
    std::fs::write(a.join("other.txt"), "x").unwrap();
    git(&a, &["add", "other.txt"]);
    git(&a, &["commit", "-qm", "something else"]);
    ft(&env, &a, "al", &["note", "stakeholders", "s1"]).ok();
    let status = git(&a, &["status", "--porcelain", ".ftrack"]);
    assert!(!status.contains("??"), "{status}");
    git(&a, &["commit", "-qam", "daily"]);
    let tracked = git(&a, &["ls-files", ".ftrack/journal.d"]);
    assert_eq!(tracked.lines().count(), 2, "{tracked}");
}

/// Case 7: a plain `git commit`, then `git commit -a` with no ftrack command between: the
/// second commit has nothing to add to the part (ftrack staged it after every write), so a
/// committed part is never changed and reverting the first commit is clean.
#[test]
fn a_plain_commit_then_commit_a_never_changes_a_committed_part() {
    let env = TestEnv::new();
    let a = repo(&env);
    ft(&env, &a, "al", &["note", "kickoff", "n1"]).ok();
    ft(&env, &a, "al", &["note", "kickoff", "n2"]).ok();
    git(&a, &["commit", "-qm", "plain"]);
    let first = git(&a, &["rev-parse", "HEAD"]).trim().to_string();
    // (Nothing to commit now: git says so and fails.)
    let _ = git_try(&a, &["commit", "-qam", "then -a"]);
    let changed = git(
        &a,
        &[
            "log",
            "--diff-filter=M",
            "--format=%h",
            "--",
            ".ftrack/journal.d",
        ],
    );
    assert_eq!(changed, "", "no commit changed a committed part");
    git(&a, &["revert", "--no-edit", &first]);
    assert_eq!(note(&env, &a, "kickoff"), None);
}
