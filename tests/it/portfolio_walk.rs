//! Where `ftrack portfolio` looks: N levels down, never through a symbolic link or into a
//! hidden folder, not inside an engagement; and that it runs no git without `--pull`.

use std::path::PathBuf;

use crate::common::TestEnv;
use crate::portfolio::{five, run_in, titles};

#[test]
fn the_walk_goes_n_levels_down_never_through_links_or_hidden_folders() {
    let env = TestEnv::new();
    let root = env.work().join("all");
    for (d, name) in [
        ("a", "Alpha"),
        ("group/b", "Beta"),
        (".hidden/c", "Gamma"),
        ("a/inner", "Inner"),
    ] {
        std::fs::create_dir_all(root.join(d)).unwrap();
        run_in(&env, &root.join(d), &env.now, &["init", "--name", name]).ok();
    }
    // A link that loops, and one to a tracker elsewhere: neither is followed.
    std::os::unix::fs::symlink(&root, root.join("group/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("a"), root.join("link-to-a")).unwrap();
    let names = |args: &[&str]| titles(&env.run(args).ok().json());
    assert_eq!(names(&["portfolio", "all", "--json"]), ["Alpha"]);
    assert_eq!(
        names(&["portfolio", "all", "--depth", "2", "--json"]),
        ["Alpha", "Beta"]
    );
    assert_eq!(
        names(&["portfolio", "all", "--depth", "9", "--json"]),
        ["Alpha", "Beta"]
    );
    assert_eq!(
        names(&["portfolio", "all/a", "--depth", "0", "--json"]),
        ["Alpha"]
    );
    // Inside the tracker's folder: that engagement, as `status` there would show it.
    let mut c = env.cmd(&["portfolio", "--json"]);
    c.current_dir(root.join("group/b"));
    assert_eq!(titles(&env.output(c).ok().json()), ["Beta"]);
    let r = env.run(&["portfolio", "all", "--depth", "2"]).ok();
    assert!(
        r.stderr
            .contains("all/group/loop: a symbolic link, not followed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("all/link-to-a: a symbolic link, not followed"),
        "{}",
        r.stderr
    );
    // A `.ftrack` that is itself a link (a repository pointing at another tracker) is not read.
    std::fs::create_dir_all(root.join("sneaky")).unwrap();
    std::os::unix::fs::symlink(root.join("a/.ftrack"), root.join("sneaky/.ftrack")).unwrap();
    let v = env.run(&["portfolio", "all", "--json"]).code(1).json();
    let sneaky = &v["engagements"][0];
    assert!(
        sneaky["error"]["message"]
            .as_str()
            .unwrap()
            .contains("symbolic link"),
        "{sneaky}"
    );
    // Nothing found is not an error.
    std::fs::create_dir_all(env.work().join("empty")).unwrap();
    let none = env.run(&["portfolio", "empty"]).ok();
    assert!(none.stdout.contains("No trackers found"), "{}", none.stdout);
}

/// A `git` first on PATH that only records that it ran.
fn fake_git(env: &TestEnv) -> (String, PathBuf) {
    let bin = env.path().join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let marker = env.path().join("git-ran");
    let script = bin.join("git");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, marker)
}

#[test]
fn no_git_runs_without_pull() {
    let env = TestEnv::new();
    let root = five(&env);
    // Trackers in a git work tree, read warm and cold: still no git.
    crate::team::git(&root, &["init", "-q"]);
    crate::team::git(&root, &["add", "-A"]);
    crate::team::git(&root, &["commit", "-qm", "trackers"]);
    let (path, marker) = fake_git(&env);
    for cache in ["0", "1"] {
        let mut c = env.cmd(&["portfolio", "customers", "--json"]);
        c.env("PATH", &path).env("FTRACK_NO_CACHE", cache);
        env.output(c).code(1);
        assert!(
            !marker.exists(),
            "git ran: {}",
            std::fs::read_to_string(&marker).unwrap()
        );
    }
    let mut c = env.cmd(&["portfolio", "customers", "--pull", "--json"]);
    c.env("PATH", &path);
    let v = env.output(c).code(1).json();
    assert!(marker.exists(), "--pull runs git");
    assert_eq!(v["engagements"][1]["pull"]["result"], "failed");
}
