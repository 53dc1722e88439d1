//! `portfolio --pull` against clones of one bare repository: clean clones with an upstream are
//! fast-forwarded and read with what they brought; a dirty clone, a diverged one, one without
//! an upstream and one whose own config names a program are read as they are, each with a note;
//! repository config that git would run (fsmonitor) does not run.

use std::path::Path;

use crate::common::TestEnv;
use crate::portfolio::run_in;
use crate::team::git;

fn head(dir: &Path) -> String {
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn pull_fast_forwards_clean_clones_and_leaves_the_others_as_they_are() {
    let env = TestEnv::new();
    let work = env.work();
    let origin = work.join("origin.git");
    git(&work, &["init", "-q", "--bare", origin.to_str().unwrap()]);
    let seed = work.join("seed");
    std::fs::create_dir_all(&seed).unwrap();
    git(&seed, &["init", "-q"]);
    run_in(
        &env,
        &seed,
        "2026-11-01T09:00:00Z",
        &["init", "--name", "Shared EMS"],
    )
    .ok();
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-qm", "tracker"]);
    git(
        &seed,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    git(&seed, &["push", "-q", "-u", "origin", "main"]);
    let customers = work.join("customers");
    std::fs::create_dir_all(&customers).unwrap();
    let clones = [
        "a", "b", "dirty", "diverged", "detached", "filtered", "watched",
    ];
    for name in clones {
        git(&customers, &["clone", "-q", origin.to_str().unwrap(), name]);
    }
    let at = |name: &str| customers.join(name);

    // Progress pushed from the seed, which the clones do not have yet.
    run_in(
        &env,
        &seed,
        "2026-11-20T09:00:00Z",
        &["done", "kickoff-meeting", "--by", "priya"],
    )
    .ok();
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-qm", "kickoff held"]);
    git(&seed, &["push", "-q"]);

    // A dirty clone: a tracked file changed, not committed.
    std::fs::write(
        at("dirty").join(".ftrack/.gitignore"),
        "journal.torn\nlock\nmine\n",
    )
    .unwrap();
    // A diverged clone: a commit of its own.
    std::fs::write(at("diverged").join("notes.md"), "ours\n").unwrap();
    git(&at("diverged"), &["add", "notes.md"]);
    git(&at("diverged"), &["commit", "-qm", "ours"]);
    // No upstream: a branch of its own.
    git(&at("detached"), &["checkout", "-q", "-b", "local"]);
    // Its own config names a program a checkout would run.
    let pwned = env.path().join("PWNED");
    git(
        &at("filtered"),
        &[
            "config",
            "filter.x.smudge",
            &format!("touch {}; cat", pwned.display()),
        ],
    );
    std::fs::write(at("filtered").join(".git/info/attributes"), "* filter=x\n").unwrap();
    // An fsmonitor hook in its own config: neutralised, and the clone is pulled.
    let watched = env.path().join("FSMONITOR-RAN");
    let hook = env.path().join("fsmonitor-hook");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", watched.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    git(
        &at("watched"),
        &["config", "core.fsmonitor", hook.to_str().unwrap()],
    );

    let before: Vec<String> = ["dirty", "diverged", "detached", "filtered"]
        .iter()
        .map(|n| head(&at(n)))
        .collect();
    let v = env
        .run(&["portfolio", "customers", "--pull", "--json"])
        .ok()
        .json();
    assert!(!pwned.exists(), "the repository's filter ran");
    assert!(!watched.exists(), "the repository's fsmonitor ran");
    let row = |name: &str| {
        v["engagements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["path"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("customers/{name}"))
            })
            .unwrap_or_else(|| panic!("no row for {name}: {v}"))
            .clone()
    };
    for name in ["a", "b", "watched"] {
        let r = row(name);
        assert_eq!(r["pull"]["result"], "pulled", "{name}: {r}");
        assert_eq!(r["pull"]["commits"], 1, "{name}");
        assert_eq!(
            r["progress"]["done"], 1,
            "{name} is read with what the pull brought"
        );
        assert_eq!(r["last_change"]["by"], "priya");
        assert_eq!(head(&at(name)), head(&seed));
    }
    let skipped = |name: &str, says: &str| {
        let r = row(name);
        assert_eq!(r["pull"]["result"], "skipped", "{name}: {r}");
        let note = r["pull"]["note"].as_str().unwrap();
        assert!(note.contains(says), "{name}: {note}");
        assert_eq!(r["progress"]["done"], 0, "{name} is read as it is");
    };
    skipped("dirty", "uncommitted changes");
    skipped("diverged", "diverged from origin/main (1 ahead, 1 behind)");
    skipped("detached", "no upstream");
    skipped("filtered", "filter.x.smudge");
    let after: Vec<String> = ["dirty", "diverged", "detached", "filtered"]
        .iter()
        .map(|n| head(&at(n)))
        .collect();
    assert_eq!(
        before, after,
        "never a merge, a rebase or a pull where it was not safe"
    );
    assert_eq!(
        std::fs::read_to_string(at("dirty").join(".ftrack/.gitignore")).unwrap(),
        "journal.torn\nlock\nmine\n",
        "the dirty change is kept (no stash)"
    );
    assert!(
        git(&at("diverged"), &["status", "--porcelain"])
            .trim()
            .is_empty()
    );

    // In text: the notes under their rows, the tally on top; a second pull is up to date.
    let text = env.run(&["portfolio", "customers", "--pull"]).ok().stdout;
    assert!(
        text.contains("pulled 0, up to date 3, not pulled 4"),
        "{text}"
    );
    assert!(
        text.contains("not pulled: uncommitted changes (1 file(s)); read as it is"),
        "{text}"
    );
}
