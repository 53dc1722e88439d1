//! Issue 21's taken-back advances (item 1) over issue 19's streamed replay of parts: in a git
//! work tree each clone writes its own part, `status` replays `journal.jsonl` and the parts
//! merged as it streams them (keeping no event), from a snapshot or without one, and `report`
//! replays everything in full. A step back written in one clone's part between the other
//! clone's events, and its undo, must read the same every way.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Run, TestEnv};
use crate::team::git;

struct Clones {
    env: TestEnv,
    a: PathBuf,
    b: PathBuf,
}

impl Clones {
    fn run(&mut self, dir: &Path, user: &str, now: &str, args: &[&str]) -> Run {
        self.env.now = now.to_string();
        let mut c = self.env.cmd(args);
        c.current_dir(dir).env("FTRACK_USER", user);
        self.env.output(c)
    }

    /// The phase `name` as `status --json` shows it (`cache`: with the snapshot cache) with
    /// whether the engagement stands on a forced advance, and as the report's full replay
    /// shows it.
    fn phase(&self, dir: &Path, cache: bool, name: &str) -> (Value, Value, Value) {
        let mut c = self.env.cmd(&["status", "--json"]);
        c.current_dir(dir);
        if !cache {
            c.env("FTRACK_NO_CACHE", "1");
        }
        let status = self.env.output(c).ok().json();
        let mut c = self.env.cmd(&["report", "--format", "json"]);
        c.current_dir(dir);
        let report = self.env.output(c).ok().json();
        let find = |v: &Value| {
            v["phases"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["phase"] == name)
                .cloned()
                .unwrap()
        };
        (find(&status), status["forced"].clone(), find(&report))
    }
}

fn pull(dir: &Path) {
    git(
        dir,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
}

/// alice: kickoff done, an advance out of initiate, a forced one out of assess (pushed); bob
/// pulls and steps back to assess; alice closes an item in her own part without pulling,
/// then merges bob's part in.
fn stepped_back_in_another_part() -> Clones {
    let env = TestEnv::new();
    let root = env.path().to_path_buf();
    git(&root, &["init", "-q", "--bare", "origin.git"]);
    git(&root, &["clone", "-q", "origin.git", "a"]);
    let mut t = Clones {
        env,
        a: root.join("a"),
        b: root.join("b"),
    };
    let (a, b) = (t.a.clone(), t.b.clone());
    t.run(
        &a,
        "alice",
        "2026-11-16T09:00:00Z",
        &["init", "--name", "C"],
    )
    .ok();
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "tracker"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    git(&root, &["clone", "-q", "origin.git", "b"]);
    let kickoff = ["done", "begin-onboarding", "kickoff", "-q"];
    t.run(&a, "alice", "2026-11-16T10:00:00Z", &kickoff).ok();
    t.run(&a, "alice", "2026-11-17T10:00:00Z", &["advance", "-q"])
        .ok();
    let forced = ["advance", "--force", "--reason", "steerco", "-q"];
    t.run(&a, "alice", "2026-11-18T10:00:00Z", &forced).ok();
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "alice"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    pull(&b);
    let back = ["advance", "--back", "--reason", "missed", "-q"];
    t.run(&b, "bob", "2026-11-24T10:00:00Z", &back).ok();
    git(&b, &["add", "-A"]);
    git(&b, &["commit", "-qm", "bob"]);
    git(&b, &["push", "-q", "origin", "HEAD:main"]);
    let done = ["done", "stakeholders", "-q"];
    t.run(&a, "alice", "2026-11-24T11:00:00Z", &done).ok();
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "alice again"]);
    pull(&a);
    assert!(t.env.parts().is_empty(), "the clones are apart from work/");
    let parts = std::fs::read_dir(a.join(".ftrack/journal.d"))
        .unwrap()
        .count();
    assert!(parts >= 2, "one part per clone at least: {parts}");
    t
}

#[test]
fn a_step_back_in_another_clones_part_reads_the_same_streamed_and_in_full() {
    let mut t = stepped_back_in_another_part();
    let a = t.a.clone();
    for cache in [false, true, true] {
        let (status, forced, report) = t.phase(&a, cache, "assess");
        assert!(status["advanced"].is_null(), "cache {cache}: {status}");
        assert_eq!(forced, false, "cache {cache}");
        assert!(report["signed_off"].is_null(), "{report}");
        let (status, _, report) = t.phase(&a, cache, "initiate");
        assert_eq!(status["advanced"], "2026-11-17", "cache {cache}: {status}");
        assert_eq!(report["signed_off"]["by"], "alice", "{report}");
    }
    let mut c = t.env.cmd(&["status", "--json"]);
    c.current_dir(&a).env("FTRACK_NO_CACHE", "1");
    let status = t.env.output(c).ok().json();
    assert_eq!(status["current_phase"], "assess", "{status}");

    // bob takes his step back back, in his part again: alice's sign-off is as it was.
    let b = t.b.clone();
    pull(&b);
    t.run(&b, "bob", "2026-11-25T09:00:00Z", &["undo", "-q"])
        .ok();
    git(&b, &["add", "-A"]);
    git(&b, &["commit", "-qm", "bob undoes"]);
    git(&b, &["push", "-q", "origin", "HEAD:main"]);
    pull(&a);
    for cache in [false, true, true] {
        let (status, forced, report) = t.phase(&a, cache, "assess");
        assert_eq!(status["advanced"], "2026-11-18", "cache {cache}: {status}");
        assert_eq!(forced, true, "cache {cache}");
        let s = &report["signed_off"];
        assert_eq!(
            (&s["by"], &s["forced"], &s["reason"]),
            (&"alice".into(), &true.into(), &"steerco".into()),
            "{s}"
        );
    }
}
