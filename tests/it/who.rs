//! Who is recorded and where: git's user.name inside a work tree, and the per-user tracker
//! named when a write falls back to it.

use std::process::Command;

use crate::common::{Run, TestEnv};

fn git(env: &TestEnv, args: &[&str]) {
    let mut c = env.configure(Command::new("git"));
    c.args(args);
    env.output(c).ok();
}

fn by_of_last_event(env: &TestEnv) -> String {
    let log = env.run(&["log", "--json"]).ok().json();
    let events = log["events"].as_array().unwrap();
    events.last().unwrap()["by"].as_str().unwrap().to_string()
}

#[test]
fn git_user_name_is_recorded_inside_a_work_tree() {
    if Command::new("git").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("FTRACK_REQUIRE_TOOLS").is_none(),
            "git is missing"
        );
        eprintln!("SKIPPED: git not installed");
        return;
    }
    let env = TestEnv::init();
    let without_user = |args: &[&str]| {
        let mut c = env.cmd(args);
        c.env_remove("FTRACK_USER").env("USER", "root");
        Run::from(c.output().unwrap())
    };
    // Not a git work tree yet: the login name.
    without_user(&["done", "kickoff"]).ok();
    assert_eq!(by_of_last_event(&env), "root");
    git(&env, &["init", "-q"]);
    git(&env, &["config", "user.name", "Priya Patel"]);
    without_user(&["done", "stakeholders"]).ok();
    assert_eq!(by_of_last_event(&env), "Priya Patel");
    // FTRACK_USER and --by still come first.
    env.run(&["done", "begin-onboarding"]).ok();
    assert_eq!(by_of_last_event(&env), "tester");
    without_user(&["done", "software", "--by", "Sam"]).ok();
    assert_eq!(by_of_last_event(&env), "Sam");
}

#[test]
fn a_write_to_the_per_user_tracker_says_so_once() {
    let env = TestEnv::new();
    let r = env.run(&["done", "kickoff"]).ok();
    assert_eq!(
        r.stdout.matches("(tracker: ~/.local/share/ftrack)").count(),
        1,
        "{}",
        r.stdout
    );
    // Not in JSON, not with --quiet, not for reads, not for a tracker found here.
    let json = env.run(&["done", "stakeholders", "--json"]).ok();
    assert!(!json.stdout.contains("(tracker:"));
    assert!(!env.run(&["status"]).ok().stdout.contains("(tracker:"));
    env.run(&["init"]).ok();
    assert!(
        !env.run(&["done", "software"])
            .ok()
            .stdout
            .contains("(tracker:")
    );
}
