//! `ftrack portfolio`: five trackers (red, amber, green, fresh, unreadable) and a folder
//! without one; the order, colours equal to each tracker's own report, the error row, exit
//! codes, the 80- and 120-column layouts (golden files), and `--since`.

use std::path::{Path, PathBuf};

use crate::common::{Run, TestEnv};

/// Run ftrack in `dir` (under `work/`) at `when`.
pub(crate) fn run_in(env: &TestEnv, dir: &Path, when: &str, args: &[&str]) -> Run {
    let mut c = env.cmd(args);
    c.current_dir(dir).env("FTRACK_NOW", when);
    env.output(c)
}

/// The folder of five engagements, built over four weeks, and a folder without a tracker.
pub(crate) fn five(env: &TestEnv) -> PathBuf {
    let root = env.work().join("customers");
    for d in ["red", "amber", "green", "fresh", "broken", "nothing"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(root.join("nothing/notes.txt"), "no tracker here\n").unwrap();
    let step = |d: &str, when: &str, args: &[&str]| {
        run_in(env, &root.join(d), when, args).ok();
    };
    step(
        "red",
        "2026-10-26T09:00:00Z",
        &["init", "--name", "Contoso EMS"],
    );
    step(
        "red",
        "2026-11-02T09:00:00Z",
        &[
            "done",
            "begin-onboarding",
            "kickoff-meeting",
            "--by",
            "priya",
        ],
    );
    step("red", "2026-11-03T09:00:00Z", &["advance", "--by", "priya"]);
    step(
        "red",
        "2026-11-04T09:00:00Z",
        &["plan", "assess", "--target", "2026-11-27"],
    );
    step(
        "red",
        "2026-11-05T09:00:00Z",
        &[
            "assign",
            "remediation-checklist-meetings",
            "--owner",
            "Sam (network)",
            "--due",
            "2026-11-18",
        ],
    );
    step(
        "amber",
        "2026-11-10T09:00:00Z",
        &["init", "--name", "Fabrikam Intune"],
    );
    step(
        "amber",
        "2026-11-20T15:00:00Z",
        &[
            "assign",
            "kickoff-meeting",
            "--due",
            "2026-11-28",
            "--by",
            "alice",
        ],
    );
    step(
        "green",
        "2026-11-01T09:00:00Z",
        &["init", "--name", "Northwind"],
    );
    step(
        "green",
        "2026-11-24T11:00:00Z",
        &["done", "begin-onboarding", "--by", "bob"],
    );
    step("fresh", "2026-11-25T08:00:00Z", &["init"]);
    step(
        "broken",
        "2026-11-01T09:00:00Z",
        &["init", "--name", "Broken"],
    );
    // A line from a newer ftrack: this one refuses the journal.
    let journal = root.join("broken/.ftrack/journal.jsonl");
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str(
        "{\"v\":99,\"id\":\"x\",\"at\":\"2026-11-02T00:00:00Z\",\"by\":\"z\",\"op\":\"done\"}\n",
    );
    std::fs::write(&journal, text).unwrap();
    root
}

pub(crate) fn titles(v: &serde_json::Value) -> Vec<String> {
    v["engagements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["name"].as_str().map(str::to_string).unwrap_or_else(|| {
                e["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .into()
            })
        })
        .collect()
}

#[test]
fn five_trackers_worst_first_with_their_own_reports_colours_and_an_error_row() {
    let env = TestEnv::new();
    let root = five(&env);
    let r = env.run(&["portfolio", "customers", "--json"]).code(1);
    let v = r.json();
    assert_eq!(v["schema"], 1);
    assert_eq!(
        titles(&v),
        [
            "broken",
            "Contoso EMS",
            "Fabrikam Intune",
            "fresh",
            "Northwind"
        ],
        "unreadable, red, amber, then green by name; the folder without a tracker is not listed"
    );
    let rows = v["engagements"].as_array().unwrap();
    // Each colour is what that tracker's own report says.
    for row in &rows[1..] {
        let dir = PathBuf::from(row["path"].as_str().unwrap());
        let report = run_in(&env, &dir, &env.now, &["report", "--format", "json"])
            .ok()
            .json();
        assert_eq!(row["status"], report["rag"], "{}", dir.display());
        assert_eq!(row["progress"], report["progress"], "{}", dir.display());
        assert_eq!(row["phase"], report["current_phase"]);
    }
    let colours: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(colours, ["red", "amber", "green", "green"]);
    // The error row: the path and the error's one line; nothing else read from it.
    let broken = &rows[0];
    assert!(
        broken["path"]
            .as_str()
            .unwrap()
            .ends_with("customers/broken")
    );
    assert!(broken["status"].is_null() && broken["progress"].is_null());
    let message = broken["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("journal.jsonl:2") && message.contains("newer"),
        "{message}"
    );
    assert_eq!(v["totals"]["unreadable"], 1);
    assert_eq!(v["totals"]["engagements"], 5);
    // The red one says why, in the report's words, and the rest of its row.
    let red = &rows[1];
    assert_eq!(
        red["reasons"],
        serde_json::json!(["assess: remediation-checklist-meetings overdue (due 2026-11-18)"])
    );
    assert_eq!(
        (red["open"].as_u64(), red["overdue"].as_u64()),
        (Some(36), Some(1))
    );
    assert_eq!(red["next_target"]["date"], "2026-11-27");
    assert_eq!(red["next_target"]["days"], 2);
    assert_eq!(red["last_change"]["by"], "tester");
    assert_eq!(red["last_change"]["event"], "assign");
    assert_eq!(rows[2]["next_due"]["id"], "kickoff-meeting");
    assert_eq!(rows[4]["last_change"]["by"], "bob");

    // Text: the error row first, its error under it; exit 1 after the whole table.
    let text = env.run(&["portfolio", "customers"]).code(1);
    assert!(
        text.stdout
            .starts_with("5 engagements: 1 unreadable, 1 red, 1 amber, 2 green\n")
    );
    assert!(
        text.stdout
            .contains("cannot read: customers/broken/.ftrack/journal.jsonl:2"),
        "{}",
        text.stdout
    );
    assert_eq!(text.stderr, "");

    // Without the broken one, every tracker reads: exit 0.
    std::fs::remove_dir_all(root.join("broken")).unwrap();
    let ok = env.run(&["portfolio", "customers"]).ok();
    assert!(
        ok.stdout
            .starts_with("4 engagements: 1 red, 1 amber, 2 green\n")
    );
}

#[test]
fn a_wrong_command_line_is_exit_2_and_reads_nothing() {
    let env = TestEnv::new();
    five(&env);
    let red = env.work().join("customers/red/.ftrack/journal.jsonl");
    let before = std::fs::read(&red).unwrap();
    // An output that is a link (a repository could commit one pointing at any file of yours).
    let victim = env.write("victim.txt", "mine\n");
    std::os::unix::fs::symlink(&victim, env.work().join("dash.html")).unwrap();
    for args in [
        &["portfolio", "no-such-folder"][..],
        &["portfolio", "customers/nothing/notes.txt"],
        &["portfolio", "--depth", "x"],
        &["portfolio", "--since", "someday"],
        &["portfolio", "--format", "xlsx"],
        &["portfolio", "--output", "due.ics"],
        &["portfolio", "--output", "dashboard.pdf"],
        &["portfolio", "--output", "dashboard.docx"],
        &["portfolio", "--json", "--format", "csv"],
        &["portfolio", "--frobnicate"],
        // Never over a tracker's own files.
        &[
            "portfolio",
            "customers",
            "--output",
            "customers/red/.ftrack/journal.jsonl",
        ],
        &[
            "portfolio",
            "customers",
            "--output",
            "customers/green/.ftrack/x.md",
        ],
        &["portfolio", "customers", "--output", "dash.html"],
    ] {
        let r = env.run(args).code(2);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(
            r.stderr.starts_with("error: ") && r.stderr.contains("\nhint: "),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert!(!env.work().join("customers/green/.ftrack/x.md").exists());
    assert_eq!(
        std::fs::read(&red).unwrap(),
        before,
        "the journal is untouched"
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "mine\n",
        "nothing written through the link"
    );
}

#[test]
fn the_layout_at_80_and_120_columns() {
    let env = TestEnv::new();
    let root = five(&env);
    // Two engagements of one name: the path is shown beside it.
    let twin = root.join("fabrikam-windows");
    std::fs::create_dir_all(&twin).unwrap();
    run_in(
        &env,
        &twin,
        "2026-11-12T10:00:00Z",
        &["init", "--name", "Fabrikam Intune"],
    )
    .ok();
    run_in(
        &env,
        &twin,
        "2026-11-13T10:00:00Z",
        &[
            "plan",
            "initiate",
            "--target",
            "2026-12-04",
            "--by",
            "Samantha Okonkwo-Fitzgerald",
        ],
    )
    .ok();
    for columns in [80, 120] {
        let mut c = env.cmd(&["portfolio", "--since", "2026-11-20"]);
        c.current_dir(&root).env("COLUMNS", columns.to_string());
        let text = env.output(c).code(1).stdout;
        for line in text.lines() {
            assert!(
                textwrap::core::display_width(line) <= columns,
                "wider than {columns}: {line:?}"
            );
        }
        insta::assert_snapshot!(format!("portfolio_{columns}"), text);
    }
    // Every width from 40 columns up: no line is wider (narrower, columns go).
    for columns in [40, 50, 60, 70, 90, 100, 110, 130, 160, 200] {
        let mut c = env.cmd(&["portfolio", "--since", "2026-11-20"]);
        c.current_dir(&root).env("COLUMNS", columns.to_string());
        let text = env.output(c).code(1).stdout;
        for line in text.lines() {
            assert!(
                textwrap::core::display_width(line) <= columns,
                "wider than {columns}: {line:?}"
            );
        }
        assert!(
            text.contains("Contoso EMS") || text.contains("Contoso E…"),
            "{text}"
        );
    }
}

#[test]
fn since_counts_what_changed_in_each_engagement() {
    let env = TestEnv::new();
    let root = five(&env);
    std::fs::remove_dir_all(root.join("broken")).unwrap();
    let dir = root.join("green");
    run_in(
        &env,
        &dir,
        "2026-11-24T12:00:00Z",
        &["done", "kickoff-meeting"],
    )
    .ok();
    run_in(
        &env,
        &dir,
        "2026-11-24T12:01:00Z",
        &["reopen", "kickoff-meeting"],
    )
    .ok();
    run_in(
        &env,
        &dir,
        "2026-11-24T12:02:00Z",
        &["waive", "kickoff-meeting", "--reason", "n/a"],
    )
    .ok();
    run_in(&env, &dir, "2026-11-24T12:03:00Z", &["advance"]).ok();
    let v = env
        .run(&["portfolio", "customers", "--since", "2026-11-24", "--json"])
        .ok()
        .json();
    let row = v["engagements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Northwind")
        .unwrap()
        .clone();
    let a = &row["activity"];
    assert_eq!(
        (
            a["done"].as_u64(),
            a["waived"].as_u64(),
            a["reopened"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(a["advanced"], serde_json::json!(["assess"]));
    assert_eq!(a["events"], 5);
    assert!(
        v["since"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-24T00:00:00")
    );
    let red = v["engagements"][0]["activity"].clone();
    assert_eq!(red["events"], 0, "nothing in the red one since then: {red}");
    let text = env
        .run(&["portfolio", "customers", "--since", "2026-11-24"])
        .ok()
        .stdout;
    assert!(
        text.contains("since 2026-11-24: 2 done, 1 waived, 1 reopened; advanced to assess"),
        "{text}"
    );
    assert!(text.contains("since 2026-11-24: no change"), "{text}");
}
