//! What scripts rely on: every command takes `--json` (one object, `"schema": 1`) and
//! `-q/--quiet` (nothing on stdout, the same exit code); write commands answer with their
//! changes, `"changed"` or `"unchanged"`.

use serde_json::{Value, json};

use crate::common::TestEnv;

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml");
const MESSY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/messy-page.md");

/// An item's state as a write answer shows it.
fn state(status: &str, owner: Value, due: Value, done_by: Value, done_at: Value) -> Value {
    json!({
        "status": status,
        "owner": owner,
        "due": due,
        "done_by": done_by,
        "done_at": done_at,
        "note": null,
    })
}

#[test]
fn done_json_says_changed_then_unchanged() {
    let env = TestEnv::init();
    let before = env.journal_text();
    let r = env.run(&["done", "kickoff-meeting", "--json"]).ok();
    let json = r.json();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["tracker"], env.tracker().display().to_string());
    assert!(json.get("dry_run").is_none(), "{json}");
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(c["task"], "kickoff-meeting");
    assert!(c["title"].as_str().is_some_and(|t| !t.is_empty()), "{c}");
    assert_eq!(c["op"], "done");
    assert_eq!(c["result"], "changed");
    assert_eq!(
        c["before"],
        state(
            "outstanding",
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null
        )
    );
    assert_eq!(
        c["after"],
        state(
            "done",
            Value::Null,
            Value::Null,
            json!("tester"),
            json!("2026-11-25T12:00:00Z")
        )
    );
    let written = env.journal_text();
    assert_ne!(written, before);
    // A second time: unchanged, before == after, nothing recorded.
    let json = env.run(&["--json", "done", "kickoff-meeting"]).ok().json();
    let c = &json["changes"][0];
    assert_eq!(c["result"], "unchanged");
    assert_eq!(c["before"], c["after"]);
    assert_eq!(c["after"]["status"], "done");
    assert_eq!(env.journal_text(), written, "nothing recorded");
    // Several at once: one change each, in the order given.
    let json = env
        .run(&["done", "begin-onboarding", "kickoff-meeting", "--json"])
        .ok()
        .json();
    let results: Vec<(&str, &str)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["task"].as_str().unwrap(), c["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        results,
        [
            ("begin-onboarding", "changed"),
            ("kickoff-meeting", "unchanged")
        ]
    );
}

#[test]
fn assign_json_unchanged_when_already_so_records_nothing() {
    let env = TestEnv::init();
    let json = env
        .run(&[
            "assign",
            "stakeholders",
            "--owner",
            "alice",
            "--due",
            "2026-12-01",
            "--json",
        ])
        .ok()
        .json();
    let c = &json["changes"][0];
    assert_eq!(c["op"], "assign");
    assert_eq!(c["result"], "changed");
    assert_eq!(c["before"]["owner"], Value::Null);
    assert_eq!(c["after"]["owner"], "alice");
    assert_eq!(c["after"]["due"], "2026-12-01");
    let written = env.journal_text();
    let json = env
        .run(&[
            "assign",
            "stakeholders",
            "--owner",
            "alice",
            "--due",
            "2026-12-01",
            "--json",
        ])
        .ok()
        .json();
    let c = &json["changes"][0];
    assert_eq!(c["result"], "unchanged");
    assert_eq!(c["before"], c["after"]);
    assert_eq!(env.journal_text(), written, "nothing recorded");
    // Text says so too, and the log has one assign only.
    env.run(&["assign", "stakeholders", "--owner", "alice"])
        .ok();
    assert_eq!(env.journal_text(), written);
    let log = env.run(&["log", "--json"]).ok().json();
    let assigns = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] == "assign")
        .count();
    assert_eq!(assigns, 1, "{log}");
}

#[test]
fn advance_json_blocked_dry_run_forced_and_plain() {
    let env = TestEnv::init();
    let before = env.journal_text();
    // Blocked: the gate's shape, exit 3, for advance and its dry run alike.
    for args in [
        &["advance", "--json"][..],
        &["advance", "--dry-run", "--json"],
    ] {
        let json = env.run(args).code(3).json();
        assert_eq!(json["schema"], 1, "{args:?}");
        assert_eq!(json["from"], "initiate");
        assert_eq!(json["to"], "assess");
        assert_eq!(json["open"], false);
        let blockers = json["blockers"].as_array().unwrap();
        assert_eq!(blockers.len(), 2);
        for b in blockers {
            assert_eq!(b["phase"], "initiate");
            assert!(b["id"].is_string() && b["title"].is_string(), "{b}");
        }
    }
    // A forced dry run: what would be recorded, with dry_run, and nothing written.
    let json = env
        .run(&[
            "advance",
            "--dry-run",
            "--force",
            "--reason",
            "sponsor accepted",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(json["dry_run"], true);
    let c = &json["changes"][0];
    assert_eq!(c["op"], "advance");
    assert!(c.get("task").is_none(), "{c}");
    assert_eq!(c["from"], "initiate");
    assert_eq!(c["to"], "assess");
    assert_eq!(c["forced"], true);
    assert_eq!(c["reason"], "sponsor accepted");
    assert_eq!(env.journal_text(), before);
    // Forced for real.
    let json = env
        .run(&[
            "advance",
            "--force",
            "--reason",
            "sponsor accepted",
            "--json",
        ])
        .ok()
        .json();
    assert!(json.get("dry_run").is_none(), "{json}");
    let c = &json["changes"][0];
    assert_eq!(c["result"], "changed");
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str()),
        (Some("initiate"), Some("assess"))
    );
    assert_eq!(c["forced"], true);
    assert_eq!(c["reason"], "sponsor accepted");
    // Not forced: forced false, no reason.
    let mut args = vec!["done"];
    args.extend([
        "stakeholders",
        "remediation-checklist-meetings",
        "user-provisioning-meetings",
        "service-configuration-meetings",
        "migration-support-plan",
    ]);
    env.run(&args).ok();
    let json = env.run(&["advance", "--json"]).ok().json();
    let c = &json["changes"][0];
    assert_eq!(c["from"], "assess");
    assert_eq!(c["to"], "remediate");
    assert_eq!(c["forced"], false);
    assert!(c["reason"].is_null(), "{c}");
    assert_eq!(json["tracker"], env.tracker().display().to_string());
}

#[test]
fn gate_json_shape() {
    let env = TestEnv::init();
    let json = env.run(&["gate", "--json"]).code(3).json();
    assert_eq!(json["schema"], 1);
    assert!(json["gate"].is_string(), "{json}");
    assert_eq!(json["from"], "initiate");
    assert_eq!(json["to"], "assess");
    assert_eq!(json["open"], false);
    env.run(&["done", "kickoff-meeting", "begin-onboarding"])
        .ok();
    let json = env.run(&["gate", "--json"]).ok().json();
    assert_eq!(json["open"], true);
    assert_eq!(json["blockers"], json!([]));
}

/// A tracker with some history, an added item, a report target and two catalogs to diff.
fn busy() -> TestEnv {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "--note", "held"]).ok();
    env.run(&["assign", "stakeholders", "--owner", "alice"])
        .ok();
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "Upgrade AD FS",
        "--id",
        "adfs",
    ])
    .ok();
    env
}

/// Every command, as a script would run it; with the exit code it must keep.
fn command_lines(env: &TestEnv) -> Vec<(Vec<String>, i32)> {
    let out = env.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let p = |name: &str| out.join(name).display().to_string();
    let lines: Vec<(&[&str], i32)> = vec![
        (&["status"], 0),
        (&["list", "--status", "all"], 0),
        (&["show", "kickoff"], 0),
        (&["log"], 0),
        (&["gate"], 3),
        (&["gate", "initiate"], 3),
        (&["gate", "complete"], 3),
        (&["doctor"], 0),
        (&["catalog", "check"], 0),
        (&["catalog", "diff", SHIPPED, SHIPPED], 0),
        (&["completions", "bash"], 0),
        (&["report"], 0),
        (&["catalog", "import", MESSY], 0),
        (&["done", "begin-onboarding"], 0),
        (&["done", "begin-onboarding"], 0),
        (&["reopen", "begin-onboarding"], 0),
        (&["waive", "on-premises-mfa", "--reason", "cloud only"], 0),
        (&["assign", "stakeholders", "--due", "2026-12-01"], 0),
        (
            &[
                "add",
                "--phase",
                "remediate",
                "Second item",
                "--id",
                "second",
            ],
            0,
        ),
        (&["retire", "second", "--reason", "not needed"], 0),
        (&["advance", "--dry-run"], 3),
        (&["advance"], 3),
        (&["done", "nope-nothing"], 2),
        (&["gate", "bogus"], 2),
    ];
    let mut all: Vec<(Vec<String>, i32)> = lines
        .into_iter()
        .map(|(a, c)| (a.iter().map(|s| s.to_string()).collect(), c))
        .collect();
    all.push((vec!["report".into(), "--output".into(), p("report.txt")], 0));
    all.push((vec!["man".into(), "--output".into(), p("man")], 0));
    all.push((
        vec![
            "catalog".into(),
            "import".into(),
            MESSY.into(),
            "--output".into(),
            p("imported.yaml"),
        ],
        0,
    ));
    all
}

#[test]
fn quiet_prints_nothing_on_stdout_for_every_command_and_keeps_exit_codes() {
    let env = busy();
    for (args, code) in command_lines(&env) {
        for flag in ["-q", "--quiet"] {
            // After the subcommand, and before it.
            for args in [
                [args.clone(), vec![flag.to_string()]].concat(),
                [vec![flag.to_string()], args.clone()].concat(),
            ] {
                let r = env.run(&args);
                assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
                assert_eq!(r.stdout, "", "{args:?} printed on stdout");
                if code != 0 && code != 3 {
                    assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
                }
            }
        }
    }
    // Writes still happen quietly.
    let json = env.run(&["show", "begin-onboarding", "--json"]).ok().json();
    assert_eq!(json["task"]["status"], "outstanding", "{json}");
    // `man` with no --output writes to stdout, which quiet silences.
    assert_eq!(env.run(&["man", "-q"]).ok().stdout, "");
    // Init, quiet, in a new directory.
    let fresh = TestEnv::new();
    let r = fresh.run(&["init", "-q"]).ok();
    assert_eq!(r.stdout, "");
    assert!(fresh.journal().is_file());
}

#[test]
fn json_works_for_every_command_with_schema_1() {
    let env = busy();
    for (args, code) in command_lines(&env) {
        let args = [args, vec!["--json".to_string()]].concat();
        let r = env.run(&args);
        assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
        if code == 2 {
            // An error: nothing on stdout, the error on stderr.
            assert_eq!(r.stdout, "", "{args:?}");
            continue;
        }
        let json: Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{}", r.stdout));
        assert_eq!(json["schema"], 1, "{args:?}: {json}");
    }
    // Init, in a new directory: one change, the engagement.
    let fresh = TestEnv::new();
    let json = fresh
        .run(&["init", "--name", "Fabrikam", "--json"])
        .ok()
        .json();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["changes"][0]["op"], "init", "{json}");
    assert_eq!(json["tracker"], fresh.tracker().display().to_string());
    // Add and retire answer with the item.
    let json = env
        .run(&[
            "add",
            "--phase",
            "enable",
            "Third item",
            "--id",
            "third",
            "--json",
        ])
        .ok()
        .json();
    let c = &json["changes"][0];
    assert_eq!(
        (c["op"].as_str(), c["task"].as_str()),
        (Some("add"), Some("third"))
    );
    assert_eq!(c["phase"], "enable");
    assert_eq!(c["result"], "changed");
    let json = env
        .run(&["retire", "third", "--reason", "gone", "--json"])
        .ok()
        .json();
    let c = &json["changes"][0];
    assert_eq!(
        (c["op"].as_str(), c["task"].as_str()),
        (Some("retire"), Some("third"))
    );
    assert_eq!(c["after"]["status"], "retired", "{c}");
    // The report written to a file answers where, in JSON.
    let out = env.path().join("r.md");
    let json = env
        .run(&["report", "-o", out.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(json["schema"], 1);
    assert!(out.is_file());
}
