//! Issue 19, git: a repository delivered whole (a zip, a synced folder, `.git` included) carries
//! its sender's config. Case 12: ftrack calls git, and none of the git commands it runs may run
//! a program that config names (before, `core.fsmonitor` ran on `done` and `doctor`, and a clean
//! filter named by `.gitattributes` on every `git add` of a part).

use std::path::Path;

use crate::common::TestEnv;
use crate::team::git;

/// Every setting of a repository's config that makes a git command run a program, each one
/// creating a marker file named after it.
fn arm(work: &Path, marks: &Path) {
    let mark = |what: &str| format!("touch {}/{what}; false", marks.display());
    let settings = [
        ("core.fsmonitor", mark("fsmonitor")),
        ("filter.evil.clean", mark("clean")),
        ("filter.evil.smudge", mark("smudge")),
        ("filter.evil.process", mark("process")),
        ("filter.evil.required", "true".to_string()),
        ("diff.evil.textconv", mark("textconv")),
        ("diff.evil.command", mark("diffcommand")),
        ("diff.external", mark("external")),
        ("core.pager", mark("pager")),
        ("pager.log", mark("pagerlog")),
        ("log.showSignature", "true".to_string()),
        ("gpg.program", mark("gpg")),
        ("core.sshCommand", mark("ssh")),
        ("credential.helper", format!("!{}", mark("credential"))),
        ("core.hooksPath", marks.join("hooks").display().to_string()),
    ];
    for (key, value) in settings {
        git(work, &["config", key, &value]);
    }
    std::fs::write(work.join(".gitattributes"), "* filter=evil diff=evil\n").unwrap();
    // Hooks, in the repository's own hooks directory and in the one its config names.
    for dir in [work.join(".git/hooks"), marks.join("hooks")] {
        std::fs::create_dir_all(&dir).unwrap();
        for hook in ["post-index-change", "pre-auto-gc", "reference-transaction"] {
            let path = dir.join(hook);
            std::fs::write(&path, format!("#!/bin/sh\n{}\n", mark(hook))).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .unwrap();
        }
    }
}

fn marks_made(marks: &Path) -> Vec<String> {
    std::fs::read_dir(marks)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Case 12: a repository whose config and attributes would create a file from every git
/// command ftrack runs (`add` of a new part, `ls-files` in doctor, `log -S` when lines went
/// missing, `cat-file`, `config user.name`): after `done`, `status`, `doctor`, `add`, `show`
/// and `log`, no file was created, and the work is recorded and staged as usual.
#[test]
fn a_delivered_repository_config_runs_nothing() {
    let env = TestEnv::new();
    let marks = env.path().join("marks");
    std::fs::create_dir(&marks).unwrap();
    git(&env.work(), &["init", "-q"]);
    env.run(&["init", "--name", "Contoso"]).ok();
    env.run(&["done", "kickoff-meeting"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    // A write, then a stash that takes the uncommitted part away: the next command asks git
    // (`log -S`) whether it had those lines.
    env.run(&["done", "stakeholders"]).ok();
    git(&env.work(), &["stash", "-q"]);
    arm(&env.work(), &marks);
    let runs: [&[&str]; 8] = [
        &["status"],
        &["done", "program-management"],
        &["doctor"],
        &["add", "--phase", "assess", "Upgrade AD FS"],
        &["show", "stakeholders"],
        &["log"],
        &["assign", "kickoff-meeting", "--owner", "alice"],
        &["report", "--format", "json"],
    ];
    for args in runs {
        let r = env.run(args);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        assert_eq!(marks_made(&marks), Vec::<String>::new(), "after {args:?}");
    }
    let done = env.run(&["list", "--status", "done", "--json"]).ok().json();
    let ids = crate::common::ids(&done);
    assert!(ids.contains(&"program-management".to_string()), "{ids:?}");
    // The part was staged, with its own bytes (no filter ran on it).
    let staged = git(
        &env.work(),
        &[
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "diff",
            "--cached",
            "--name-only",
        ],
    );
    assert!(staged.contains(".ftrack/journal.d/"), "{staged}");
}
