//! Hostile input and hostile repositories (issue 12): each case that got through before has a
//! test here that fails if it comes back.

use std::path::Path;
use std::time::Duration;

use crate::common::{Run, TestEnv, run_bounded};

/// Case 1: a note `see ticket;=1+1;` must not become a formula in a spreadsheet that imports
/// with `;` (the default in many European locales), nor with `,` or tab.
#[test]
fn csv_fields_never_become_formulas_whatever_the_separator() {
    let env = TestEnv::init();
    env.run(&[
        "done",
        "network-configuration",
        "--note",
        "see ticket;=1+1;",
    ])
    .ok();
    env.run(&["done", "helpdesk-training", "--note", "a,@SUM(A1)\t-2\r+3"])
        .ok();
    let csv = env.run(&["report", "--format", "csv"]).ok().stdout;
    assert!(!csv.contains("ticket;=1"), "{csv}");
    assert!(csv.contains("\"see ticket;'=1+1;\""), "{csv}");
    for sep in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(csv.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                // What a spreadsheet would see in the cell, with or without honouring quotes.
                let cell = cell.trim_start_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "separator {:?}: a formula cell {cell:?}",
                    sep as char
                );
            }
        }
    }
    assert!(!csv.replace("\r\n", "").contains('\r'), "no raw CR in CSV");
}

/// Case 2: `catalog import --output` onto the journal is refused, and the journal is intact.
#[test]
fn an_import_never_overwrites_the_journal() {
    let env = TestEnv::init();
    env.run(&["done", "stakeholders"]).ok();
    let before = env.journal_text();
    let page = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/source/your-responsibilities.md"
    );
    for target in [".ftrack/journal.jsonl", ".ftrack/new.yaml", ".ftrack"] {
        let r = env
            .run(&["catalog", "import", page, "--output", target])
            .code(2);
        assert!(r.stderr.contains("inside the tracker"), "{}", r.stderr);
    }
    assert_eq!(env.journal_text(), before);
    assert!(!env.tracker().join("new.yaml").exists());
}

/// Case 3: a cloned repository that commits `.ftrack/journal.torn` as a link to a file outside
/// it, plus a torn last line: the victim's next write appends nothing there.
#[test]
fn a_hostile_clone_cannot_make_ftrack_write_outside_the_tracker() {
    let env = TestEnv::init();
    let victim = env.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    std::os::unix::fs::symlink("../../victim.txt", env.tracker().join("journal.torn")).unwrap();
    let mut text = env.journal_text();
    text.push_str("{\"v\":3,\"id\":\"evil\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"x\",\"op\":\"done\",\"note\":\"ATTACKER BYTES");
    std::fs::write(env.journal(), &text).unwrap();
    let r = env.run(&["done", "stakeholders"]).code(1);
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: "));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(env.journal_text(), text, "nothing written");
    let r = env.run(&["status"]).ok();
    assert!(
        r.stdout.contains("journal.torn is a symbolic link"),
        "{}",
        r.stdout
    );
    let r = env.run(&["doctor"]).code(1);
    assert!(
        r.out_says("is a symbolic link (to ../../victim.txt)"),
        "{}",
        r.stdout
    );
    // Resolved (the link deleted), writing works again and the torn line goes to a plain file.
    std::fs::remove_file(env.tracker().join("journal.torn")).unwrap();
    env.run(&["done", "stakeholders"]).ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(
        std::fs::read_to_string(env.tracker().join("journal.torn"))
            .unwrap()
            .contains("ATTACKER BYTES")
    );
}

/// Case 3, the journal itself: a journal that is a link is never appended to.
#[test]
fn a_symlinked_journal_is_not_written() {
    let env = TestEnv::init();
    let elsewhere = env.path().join("elsewhere.jsonl");
    std::fs::rename(env.journal(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, env.journal()).unwrap();
    let before = std::fs::read_to_string(&elsewhere).unwrap();
    env.run(&["done", "stakeholders"]).code(1);
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), before);
}

/// Case 4: a tracker reached through a symlinked path records its catalog so that it is found
/// through the link and through the real path alike.
#[test]
fn a_catalog_recorded_through_a_symlink_resolves_both_ways() {
    let env = TestEnv::new();
    let root = env.path();
    std::fs::create_dir_all(root.join("real/deep")).unwrap();
    std::os::unix::fs::symlink(root.join("real/deep"), root.join("link")).unwrap();
    let catalog = root.join("cat.yaml");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml"),
        &catalog,
    )
    .unwrap();
    let via_link = root.join("link/t");
    let via_real = root.join("real/deep/t");
    let run = |dir: &Path, args: &[&str]| -> Run {
        let mut c = env.cmd(args);
        c.env("FTRACK_DIR", dir);
        env.output(c)
    };
    let mut c = env.cmd(&["init", "--catalog", catalog.to_str().unwrap()]);
    c.env("FTRACK_DIR", &via_link);
    env.output(c).ok();
    for dir in [&via_link, &via_real] {
        run(dir, &["done", "stakeholders"]).ok();
        let json = run(dir, &["status", "--json"]).ok().json();
        assert_eq!(json["schema"], 1, "{}", dir.display());
    }
    for dir in [&via_link, &via_real] {
        let mut c = env.cmd(&["status"]);
        c.env("FTRACK_DIR", dir).env("FTRACK_NO_CACHE", "1");
        env.output(c).ok();
    }
}

const LIARS: [char; 12] = [
    '\u{200F}',
    '\u{061C}',
    '\u{200B}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{2028}',
    '\u{2029}',
    '\u{E0041}',
    '\u{202E}',
    '\u{9B}',
    '\u{1b}',
    '\u{7F}',
];

/// Case 5: characters that lie on screen are shown visibly in every human output, HTML and CSV
/// never carry a raw CR, and JSON carries none of them raw (still exact JSON).
#[test]
fn characters_that_lie_never_reach_the_reader_raw() {
    let env = TestEnv::init();
    let note: String = format!(
        "approved\rREJECTED {}",
        LIARS.iter().map(|c| format!("x{c}")).collect::<String>()
    );
    env.run(&["done", "stakeholders", "--note", &note]).ok();
    env.run(&["assign", "stakeholders", "--owner", "Sam\u{202E}moS"])
        .ok();
    let human = [
        env.run(&["show", "stakeholders"]).ok().stdout,
        env.run(&["log"]).ok().stdout,
        env.run(&["list", "--status", "all"]).ok().stdout,
        env.run(&["report"]).ok().stdout,
        env.run(&["report", "--format", "markdown"]).ok().stdout,
        env.run(&["report", "--format", "html"]).ok().stdout,
        env.run(&["report", "--format", "csv"])
            .ok()
            .stdout
            .replace("\r\n", "\n"),
    ];
    for out in &human {
        for c in LIARS.iter().chain(['\r'].iter()) {
            assert!(!out.contains(*c), "{c:?} raw in:\n{out}");
        }
    }
    for args in [
        &["show", "stakeholders", "--json"][..],
        &["log", "--json"],
        &["report", "--format", "json"],
        &["list", "--status", "all", "--json"],
    ] {
        let r = env.run(args).ok();
        for c in LIARS {
            assert!(!r.stdout.contains(c), "{c:?} raw in {args:?}");
        }
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert!(json.to_string().contains("REJECTED"));
    }
    let json = env.run(&["show", "stakeholders", "--json"]).ok().json();
    assert_eq!(json["task"]["note"], note.as_str(), "exact in JSON");
}

/// Case 6: hostile catalogs are refused with a clear error: nested 80,000 levels deep, a
/// device that never ends, a FIFO that blocks, a file over the size cap.
#[test]
fn hostile_catalogs_are_refused() {
    let env = TestEnv::new();
    let deep = env.write(
        "deep.yaml",
        &format!(
            "schema: 1\nphases: {}{}\n",
            "[".repeat(80_000),
            "]".repeat(80_000)
        ),
    );
    let block = env.write(
        "block.yaml",
        &format!("schema: 1\nphases:\n{}x\n", "- ".repeat(50)),
    );
    let big = env.path().join("big.yaml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(17 * 1024 * 1024).unwrap();
    let fifo = env.path().join("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let cases: [(&Path, &str); 5] = [
        (&deep, "levels deep"),
        (&block, "levels deep"),
        (Path::new("/dev/zero"), "not a regular file"),
        (&fifo, "not a regular file"),
        (&big, "larger than 16 MiB"),
    ];
    for (path, says) in cases {
        let r = run_bounded(
            &env,
            &["catalog", "check", path.to_str().unwrap()],
            Duration::from_secs(20),
        )
        .code(1);
        assert!(r.stderr.contains(says), "{}: {}", path.display(), r.stderr);
        assert!(r.stderr.contains("hint: "));
        let r = run_bounded(
            &env,
            &["--catalog", path.to_str().unwrap(), "status"],
            Duration::from_secs(20),
        )
        .code(1);
        assert!(r.stderr.contains(says), "{}: {}", path.display(), r.stderr);
    }
    // The real catalog is far inside every limit.
    env.run(&[
        "catalog",
        "check",
        concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml"),
    ])
    .ok();
}

/// `--output` through a link (even a dangling one) into the tracker is refused too.
#[test]
fn output_through_a_link_into_the_tracker_is_refused() {
    let env = TestEnv::init();
    std::os::unix::fs::symlink(
        ".ftrack/journal-LAPTOP.jsonl",
        env.work().join("checkpoint.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".ftrack/journal.jsonl", env.work().join("lk.yaml")).unwrap();
    let r = env.run(&["report", "--output", "checkpoint.md"]).code(2);
    assert!(r.stderr.contains("inside the tracker"), "{}", r.stderr);
    let page = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/source/your-responsibilities.md"
    );
    env.run(&["catalog", "import", page, "--output", "lk.yaml"])
        .code(2);
    assert!(!env.tracker().join("journal-LAPTOP.jsonl").exists());
    env.run(&["status"]).ok();
}

/// A catalog path recorded in a hostile journal may not name a file outside the repository (or
/// a file that is not YAML), and an unreadable catalog's contents are never quoted in errors.
#[test]
fn a_recorded_catalog_path_cannot_read_outside_the_repository() {
    let env = TestEnv::new();
    let secret = env.path().join("home/.git-credentials");
    std::fs::write(&secret, "https://alice:ghp_SECRET@github.com\n").unwrap();
    std::fs::create_dir_all(env.work().join(".git")).unwrap();
    std::fs::create_dir_all(env.tracker()).unwrap();
    for rel in [
        "../../home/.git-credentials",
        "../../secret.yaml",
        "/etc/passwd",
    ] {
        std::fs::write(
            env.path().join("secret.yaml"),
            "password: \"hunter2-SECRET\"\n",
        )
        .unwrap();
        let init = format!(
            "{{\"v\":3,\"id\":\"i1\",\"at\":\"2026-11-25T00:00:00Z\",\"seq\":1,\"clock\":1,\"by\":\"evil\",\"op\":\"init\",\"catalog\":\"{rel}\"}}\n"
        );
        std::fs::write(env.journal(), init).unwrap();
        let r = env.run(&["list"]).code(1);
        assert!(
            !r.stderr.contains("SECRET") && !r.stderr.contains("root:"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("it was not read"), "{rel}: {}", r.stderr);
    }
    // A wrong catalog named on purpose: its values are not quoted back either.
    let r = env
        .run(&[
            "--catalog",
            env.path().join("secret.yaml").to_str().unwrap(),
            "list",
        ])
        .code(1);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
}

/// A journal that is a FIFO never blocks a command; `--json` with another `--format` is a usage
/// error; `man --output` never writes into the tracker.
#[test]
fn odd_journals_and_outputs_are_refused_not_obeyed() {
    let env = TestEnv::init();
    let r = env.run(&["report", "--format", "csv", "--json"]).code(2);
    assert!(r.stderr.contains("--json"), "{}", r.stderr);
    env.run(&["man", "--output", ".ftrack"]).code(2);
    assert!(!env.tracker().join("ftrack.1").exists());
    std::fs::remove_file(env.journal()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(env.journal())
        .status()
        .unwrap();
    assert!(made.success());
    for args in [&["status"][..], &["done", "stakeholders"], &["doctor"]] {
        let r = run_bounded(&env, args, Duration::from_secs(20));
        assert_ne!(r.code, 0, "{args:?}");
        assert!(
            r.err_says("not a regular file") || r.out_says("not a regular file"),
            "{args:?}: {}{}",
            r.stdout,
            r.stderr
        );
    }
}

/// A line break in the engagement name never starts a new calendar property (a forged event).
#[test]
fn the_engagement_name_cannot_inject_calendar_events() {
    let env = TestEnv::new();
    env.run(&[
        "init",
        "--name",
        "Contoso\nBEGIN:VEVENT\nUID:fake@x\nSUMMARY:moved\nEND:VEVENT",
    ])
    .ok();
    env.run(&["assign", "kickoff-meeting", "--due", "2026-12-01"])
        .ok();
    env.run(&["report", "--output", "r.ics"]).ok();
    let ics = std::fs::read_to_string(env.work().join("r.ics")).unwrap();
    assert_eq!(
        ics.lines().filter(|l| *l == "BEGIN:VEVENT").count(),
        1,
        "{ics}"
    );
    assert!(!ics.lines().any(|l| l == "UID:fake@x"), "{ics}");
}
