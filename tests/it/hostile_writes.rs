//! Issue 19, writes: a cloned repository cannot make ftrack write outside it. Cases 1 to 3:
//! an output path that is a committed link, a tracker directory that is a link, links planted
//! where `init` creates files.

use std::os::unix::fs::symlink;

use crate::common::TestEnv;
use crate::team::git;

const PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/source/your-responsibilities.md"
);

/// A git work tree holding a tracker named like a shell command, committed.
fn cloned_repo() -> TestEnv {
    let env = TestEnv::new();
    git(&env.work(), &["init", "-q"]);
    env.run(&["init", "--name", "C; touch PWNED; #"]).ok();
    git(&env.work(), &["add", "-A"]);
    git(&env.work(), &["commit", "-qm", "tracker"]);
    env
}

/// Case 1: `report --output checkpoint.txt`, the README's own command, where the repository
/// committed `checkpoint.txt -> ../bashrc`: refused with exit 2, the file outside untouched
/// (before, it was replaced by a report whose first line ran a command when sourced). The same
/// for every other output: each format, `catalog import --output`, `man --output DIR` with a
/// link in DIR, a linked directory inside the repository, a FIFO.
#[test]
fn an_output_that_is_a_link_is_refused_and_the_file_it_points_to_untouched() {
    let env = cloned_repo();
    let bashrc = env.path().join("bashrc");
    std::fs::write(&bashrc, "echo my real bashrc\n").unwrap();
    for name in [
        "checkpoint.txt",
        "checkpoint.md",
        "items.csv",
        "due.ics",
        "r.xlsx",
        "c.yaml",
    ] {
        symlink("../bashrc", env.work().join(name)).unwrap();
    }
    let attempts: [&[&str]; 7] = [
        &["report", "--output", "checkpoint.txt"],
        &["report", "--output", "checkpoint.md"],
        &["report", "--format", "csv", "--output", "items.csv"],
        &["report", "--output", "due.ics"],
        &["report", "--output", "r.xlsx"],
        &["report", "--format", "json", "--output", "checkpoint.txt"],
        &["catalog", "import", PAGE, "--output", "c.yaml"],
    ];
    for args in attempts {
        let r = env.run(args).code(2);
        let out = args[args.len() - 1];
        assert!(
            r.stderr.starts_with(&format!(
                "error: {out} is a symbolic link; remove it or name another file\nhint: "
            )),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    assert_eq!(
        std::fs::read_to_string(&bashrc).unwrap(),
        "echo my real bashrc\n"
    );

    // `man --output DIR`: a link already in DIR is refused the same way.
    std::fs::create_dir(env.work().join("man")).unwrap();
    symlink(&bashrc, env.work().join("man/ftrack-done.1")).unwrap();
    let r = env.run(&["man", "--output", "man"]).code(2);
    assert!(
        r.err_says("ftrack-done.1 is a symbolic link"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&bashrc).unwrap(),
        "echo my real bashrc\n"
    );

    // A directory inside the repository that is a link: refused, naming the link.
    std::fs::create_dir(env.path().join("elsewhere")).unwrap();
    symlink("../elsewhere", env.work().join("out")).unwrap();
    let r = env.run(&["report", "--output", "out/r.md"]).code(2);
    assert!(
        r.err_says("/work/out is a symbolic link inside a repository"),
        "{}",
        r.stderr
    );
    env.run(&["man", "--output", "out/man1"]).code(2);
    assert_eq!(
        std::fs::read_dir(env.path().join("elsewhere"))
            .unwrap()
            .count(),
        0
    );

    // A FIFO is not a file to write (it would block, or feed a reader the report).
    let fifo = env.work().join("pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let r = env.run(&["report", "--output", "pipe.md"]).code(2);
    assert!(r.err_says("is not a regular file"), "{}", r.stderr);
}

/// Case 1, what still works: a plain file is replaced (keeping its permissions), a new file is
/// created, and a link above the repository (the user's own layout) is followed.
#[test]
fn plain_outputs_and_the_users_own_links_still_work() {
    let env = cloned_repo();
    let shared = env.work().join("shared.md");
    std::fs::write(&shared, "old").unwrap();
    let mode = |p: &std::path::Path| {
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
    };
    std::fs::set_permissions(&shared, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();
    env.run(&["report", "--output", "shared.md"]).ok();
    assert!(
        std::fs::read_to_string(&shared)
            .unwrap()
            .starts_with("# Onboarding report")
    );
    assert_eq!(mode(&shared) & 0o777, 0o640);
    // `~/projects -> /data/projects`: a link above the repository is the user's.
    symlink("work", env.path().join("via")).unwrap();
    let via = env.path().join("via/new.md");
    env.run(&["report", "--output", via.to_str().unwrap()]).ok();
    assert!(
        std::fs::symlink_metadata(env.work().join("new.md"))
            .unwrap()
            .is_file()
    );
    env.run(&["man", "--output", "man1"]).ok();
    assert!(env.work().join("man1/ftrack-done.1").is_file());
}

/// Case 2: a repository whose `.ftrack` is itself a committed link to another tracker of the
/// user's: nothing is written there (before, `done` appended to the other tracker with no
/// warning); `status` warns and `--json` lists it under `symlinked`; `doctor` reports it. The
/// same in a synced folder (no git), and for `catalog use`'s copy.
#[test]
fn a_tracker_directory_that_is_a_link_is_never_written() {
    let env = TestEnv::new();
    let other = env.path().join("other");
    env.run(&[
        "--dir",
        other.to_str().unwrap(),
        "init",
        "--name",
        "Other customer",
    ])
    .ok();
    let before = std::fs::read(other.join("journal.jsonl")).unwrap();
    for in_git in [true, false] {
        let _ = std::fs::remove_file(env.tracker());
        if in_git {
            git(&env.work(), &["init", "-q"]);
        } else {
            std::fs::remove_dir_all(env.work().join(".git")).unwrap();
        }
        symlink("../other", env.tracker()).unwrap();
        let r = env.run(&["done", "kickoff-meeting"]).code(1);
        assert!(
            r.err_says("/work/.ftrack is a symbolic link"),
            "{}",
            r.stderr
        );
        env.run(&[
            "catalog",
            "use",
            concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml"),
        ])
        .code(1);
        assert_eq!(std::fs::read(other.join("journal.jsonl")).unwrap(), before);
        assert_eq!(
            std::fs::read_dir(&other).unwrap().count(),
            1,
            "no copy, no part"
        );
        let r = env.run(&["status"]).ok();
        assert!(
            r.stdout
                .contains("/work/.ftrack is a symbolic link; nothing is written"),
            "{}",
            r.stdout
        );
        let json = env.run(&["status", "--json"]).ok().json();
        let linked = json["symlinked"].as_array().unwrap();
        assert!(
            linked[0].as_str().unwrap().ends_with("/work/.ftrack"),
            "{json}"
        );
        let r = env.run(&["doctor"]).code(1);
        assert!(
            r.stdout
                .contains("/work/.ftrack is a symbolic link (to ../other)"),
            "{}",
            r.stdout
        );
    }
    // A tracker named with --dir through a link outside any repository is the user's own.
    symlink("other", env.path().join("mine")).unwrap();
    let mine = env.path().join("mine");
    env.run(&["--dir", mine.to_str().unwrap(), "done", "kickoff-meeting"])
        .ok();
}

/// Case 2, the repository's own `.git` a link into another repository: nothing is written
/// (git would stage this clone's parts in the other repository's index, and ftrack keep its
/// record in the other `.git`); `status` says so.
#[test]
fn a_work_tree_whose_git_directory_is_a_link_is_never_written() {
    let env = TestEnv::new();
    git(&env.work(), &["init", "-q"]);
    env.run(&["init", "--name", "C"]).ok();
    let victim = env.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    git(&victim, &["init", "-q"]);
    std::fs::remove_dir_all(env.work().join(".git")).unwrap();
    symlink("../victim/.git", env.work().join(".git")).unwrap();
    let r = env.run(&["done", "kickoff-meeting"]).code(1);
    assert!(r.err_says("/work/.git is a symbolic link"), "{}", r.stderr);
    assert!(!victim.join(".git/ftrack").exists());
    assert!(git(&victim, &["status", "--short"]).is_empty());
    let r = env.run(&["status"]).ok();
    assert!(
        r.stdout.contains("/work/.git is a symbolic link"),
        "{}",
        r.stdout
    );
}

/// Case 3: `init` in a repository whose `.ftrack/` holds dangling links where init creates
/// files: refused before anything is created (before, both files were created outside, then
/// init failed); no file is created through the journal's link either.
#[test]
fn init_never_creates_a_file_through_a_link() {
    let env = TestEnv::new();
    git(&env.work(), &["init", "-q"]);
    std::fs::create_dir(env.tracker()).unwrap();
    let planted = |name: &str| env.path().join(format!("planted-{name}"));
    symlink(planted("attributes"), env.tracker().join(".gitattributes")).unwrap();
    symlink(planted("ignore"), env.tracker().join(".gitignore")).unwrap();
    let r = env.run(&["init", "--name", "X"]).code(1);
    assert!(
        r.err_says(".gitattributes is a symbolic link"),
        "{}",
        r.stderr
    );
    assert!(!planted("attributes").exists() && !planted("ignore").exists());
    std::fs::remove_file(env.tracker().join(".gitattributes")).unwrap();
    std::fs::remove_file(env.tracker().join(".gitignore")).unwrap();
    symlink(planted("journal"), env.tracker().join("journal.jsonl")).unwrap();
    env.run(&["init", "--name", "X"]).code(1);
    assert!(!planted("journal").exists());
    assert!(std::fs::symlink_metadata(env.tracker().join(".gitattributes")).is_err());
    // Once the links are gone, init works and its files are plain.
    std::fs::remove_file(env.tracker().join("journal.jsonl")).unwrap();
    env.run(&["init", "--name", "X"]).ok();
    for name in ["journal.jsonl", ".gitattributes", ".gitignore"] {
        assert!(
            std::fs::symlink_metadata(env.tracker().join(name))
                .unwrap()
                .is_file()
        );
    }
}
