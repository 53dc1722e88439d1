//! Exit codes, version 2, one test each: 0 ok · 1 the tracker, journal, catalog or file system
//! failed · 2 the command is wrong · 3 a gate is blocked. Every error says `error: …` and then a
//! `hint: …`.

use crate::common::{Run, TestEnv};

/// An error as documented: one `error:` line first, then a `hint:` line, nothing on stdout.
#[track_caller]
fn explained(r: &Run) {
    assert!(r.stdout.is_empty(), "stdout on error:\n{}", r.stdout);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("\nhint: "), "no hint:\n{}", r.stderr);
}

#[test]
fn exit_0_when_the_command_did_what_it_said() {
    let env = TestEnv::init();
    for args in [
        &["status"][..],
        &["done", "kickoff-meeting"],
        &["done", "kickoff-meeting"],
        &["list", "--status", "all"],
        &["show", "kickoff"],
        &["log"],
        &["doctor"],
        &["catalog", "check"],
    ] {
        let r = env.run(args).ok();
        assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn exit_1_when_the_journal_is_damaged() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let mut lines: Vec<String> = env.journal_text().lines().map(String::from).collect();
    lines.insert(1, "{\"v\":2, damaged".to_string());
    let text = lines.join("\n") + "\n";
    std::fs::write(env.journal(), &text).unwrap();
    for args in [&["status"][..], &["done", "begin-onboarding"], &["gate"]] {
        let r = env.run(args).code(1);
        explained(&r);
        assert!(
            r.stderr.contains("journal.jsonl:2"),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert_eq!(env.journal_text(), text, "nothing written");
}

#[test]
fn exit_1_when_the_catalog_cannot_be_read_or_is_bad() {
    let env = TestEnv::init();
    let missing = env.path().join("no-such-catalog.yaml");
    let r = env
        .run(&["--catalog", missing.to_str().unwrap(), "status"])
        .code(1);
    explained(&r);
    let bad = env.write("bad.yaml", "phases: [ this is not\n");
    let r = env
        .run(&["--catalog", bad.to_str().unwrap(), "list"])
        .code(1);
    explained(&r);
    explained(
        &env.run(&["catalog", "check", bad.to_str().unwrap()])
            .code(1),
    );
}

#[test]
fn exit_2_for_an_unknown_task() {
    let env = TestEnv::init();
    let before = env.journal_text();
    for args in [
        &["done", "no-such-item"][..],
        &["show", "no-such-item"],
        &["waive", "no-such-item", "--reason", "x"],
        &["assign", "no-such-item", "--owner", "alice"],
        &["log", "--task", "no-such-item"],
    ] {
        let r = env.run(args).code(2);
        explained(&r);
    }
    // Did you mean: a near miss is named in the message or the hint.
    let r = env.run(&["done", "kickof-meting"]).code(2);
    assert!(r.stderr.contains("kickoff-meeting"), "{}", r.stderr);
    assert_eq!(env.journal_text(), before, "nothing written");
}

#[test]
fn exit_2_for_an_ambiguous_prefix() {
    let env = TestEnv::init();
    let before = env.journal_text();
    // `user-prov` starts both user-provisioning and user-provisioning-meetings.
    let r = env.run(&["done", "user-prov"]).code(2);
    explained(&r);
    assert!(r.stderr.contains("ambiguous"), "{}", r.stderr);
    explained(&env.run(&["show", "user-prov"]).code(2));
    explained(&env.run(&["log", "--task", "user-prov"]).code(2));
    assert_eq!(env.journal_text(), before, "nothing written");
}

#[test]
fn exit_2_for_a_bad_date_or_time() {
    let env = TestEnv::init();
    for args in [
        &["assign", "kickoff-meeting", "--due", "next fortnight"][..],
        &["assign", "kickoff-meeting", "--due", "2026-02-30"],
        &["done", "kickoff-meeting", "--at", "yesterday-ish"],
        &["log", "--since", "soon"],
        &["report", "--since", "last week"],
    ] {
        let r = env.run(args).code(2);
        explained(&r);
    }
    let r = env
        .run_env(&["status"], &[("FTRACK_NOW", "not a time")])
        .code(2);
    explained(&r);
}

#[test]
fn exit_2_for_an_unknown_phase() {
    let env = TestEnv::init();
    for args in [
        &["gate", "bogus"][..],
        &["list", "--phase", "bogus"],
        &["report", "--phase", "asses"],
        &["add", "--phase", "bogus", "An item"],
    ] {
        let r = env.run(args).code(2);
        explained(&r);
    }
}

#[test]
fn exit_2_for_usage_errors() {
    let env = TestEnv::init();
    // Command lines clap refuses: the same two lines as every other error, the hint naming
    // the usage and the right --help.
    for (args, says, help) in [
        (
            &["frobnicate"][..],
            "unrecognized subcommand 'frobnicate'",
            "`ftrack --help`",
        ),
        (
            &["done"],
            "required arguments were not provided: <TASK>...",
            "`ftrack done --help`",
        ),
        (
            &["advance", "--force"],
            "--reason",
            "`ftrack advance --help`",
        ),
        (
            &["list", "--status", "bogus"],
            "[possible values: outstanding, done",
            "`ftrack list --help`",
        ),
        (
            &["done", "--foo"],
            "unexpected argument '--foo'",
            "use '-- --foo'",
        ),
    ] {
        let r = env.run(args).code(2);
        explained(&r);
        assert_eq!(r.err_lines().len(), 2, "{args:?}:\n{}", r.stderr);
        assert!(
            r.err_lines()[0].as_str().contains(says),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.err_lines()[1].contains(help), "{args:?}: {}", r.stderr);
    }
    // Help and version are not errors.
    assert!(
        env.run(&["done", "--help"])
            .ok()
            .stdout
            .contains("Usage: ftrack done")
    );
    assert!(env.run(&["--version"]).ok().stdout.starts_with("ftrack "));
    // Ours: a second init, an empty reason, a --dir that is a file, a report inside the tracker.
    explained(&env.run(&["init"]).code(2));
    explained(
        &env.run(&["waive", "kickoff-meeting", "--reason", " "])
            .code(2),
    );
    let file = env.write("a-file", "x");
    explained(
        &env.run(&["--dir", file.to_str().unwrap(), "status"])
            .code(2),
    );
    let inside = env.tracker().join("report.txt");
    explained(
        &env.run(&["report", "--output", inside.to_str().unwrap()])
            .code(2),
    );
    assert!(!inside.exists());
}

#[test]
fn exit_3_when_a_gate_is_blocked_for_gate_advance_and_dry_run() {
    let env = TestEnv::init();
    let before = env.journal_text();
    let r = env.run(&["gate"]).code(3);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("gate blocked: initiate → assess: 2 required item(s) outstanding:\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\n  kickoff-meeting ("), "{}", r.stdout);
    let r = env.run(&["gate", "assess"]).code(3);
    assert!(
        r.stdout
            .starts_with("gate blocked: assess: 5 required item(s) outstanding:\n"),
        "{}",
        r.stdout
    );
    env.run(&["gate", "complete"]).code(3);
    env.run(&["advance"]).code(3);
    env.run(&["advance", "--dry-run"]).code(3);
    // Forced, the dry run is not blocked.
    env.run(&["advance", "--dry-run", "--force", "--reason", "accepted"])
        .ok();
    assert_eq!(env.journal_text(), before, "nothing written");
    // Quiet keeps the exit code.
    let r = env.run(&["gate", "-q"]).code(3);
    assert!(r.stdout.is_empty());
    let r = env.run(&["advance", "--quiet", "--dry-run"]).code(3);
    assert!(r.stdout.is_empty());
}

#[test]
fn gate_then_advance_never_fails_in_enable_with_general_items_open() {
    let env = TestEnv::init();
    let catalog = env.run(&["list", "--status", "all", "--json"]).ok().json();
    let required = |phase: &str| -> Vec<String> {
        catalog["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["phase"] == phase && t["required"] == true)
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    for phase in ["initiate", "assess", "remediate", "enable"] {
        let mut args = vec!["done".to_string()];
        args.extend(required(phase));
        env.run(&args).ok();
        if phase != "enable" {
            env.run(&["gate"]).ok();
            env.run(&["advance"]).ok();
        }
    }
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["current_phase"],
        "enable"
    );
    // Enable's own items are done, the general responsibilities are not: the gate says what
    // advance would, so `ftrack gate && ftrack advance` stops at the gate.
    env.run(&["gate", "enable"]).ok();
    let general = required("general");
    let r = env.run(&["gate"]).code(3);
    assert!(
        r.stdout.starts_with(&format!(
            "gate blocked: enable → complete: {} required item(s) outstanding:\n",
            general.len()
        )),
        "{}",
        r.stdout
    );
    let gate = env.run(&["gate", "--json"]).code(3).json();
    let adv = env.run(&["advance", "--dry-run", "--json"]).code(3).json();
    assert_eq!(gate["blockers"], adv["blockers"], "one answer for both");
    assert_eq!(gate["open"], false);
    assert_eq!(gate["from"], "enable");
    assert_eq!(gate["to"], "complete");
    let ids: Vec<&str> = gate["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, general);
    let sh = |script: &str| {
        let mut c = env.configure(std::process::Command::new("sh"));
        c.args(["-c", script, env!("CARGO_BIN_EXE_ftrack")]);
        env.output(c)
    };
    let r = sh("\"$0\" gate >/dev/null && \"$0\" advance");
    assert_eq!(r.code, 3, "the gate stops it: {}", r.stderr);
    assert!(r.stderr.is_empty(), "advance never ran: {}", r.stderr);
    let mut args = vec!["done".to_string()];
    args.extend(general);
    env.run(&args).ok();
    let r = sh("\"$0\" gate >/dev/null && \"$0\" advance");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["current_phase"],
        "complete"
    );
}

#[test]
fn gate_complete_asks_every_phase_for_its_required_items() {
    let env = TestEnv::init();
    let all = env.run(&["list", "--status", "all", "--json"]).ok().json();
    let required: Vec<String> = all["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["required"] == true)
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let r = env.run(&["gate", "complete"]).code(3);
    assert!(
        r.stdout.starts_with(&format!(
            "gate blocked: complete: {} required item(s) outstanding:\n",
            required.len()
        )),
        "{}",
        r.stdout
    );
    let json = env.run(&["gate", "complete", "--json"]).code(3).json();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["open"], false);
    assert_eq!(
        json["blockers"].as_array().unwrap().len(),
        required.len(),
        "{json}"
    );
    // Close all but one (waived counts as closed): still blocked by exactly that one.
    let (last, rest) = required.split_last().unwrap();
    let mut args = vec!["done".to_string()];
    args.extend(rest.iter().cloned());
    env.run(&args).ok();
    let json = env.run(&["gate", "complete", "--json"]).code(3).json();
    assert_eq!(json["blockers"][0]["id"], last.as_str());
    assert_eq!(json["blockers"].as_array().unwrap().len(), 1);
    env.run(&["waive", last, "--reason", "not in scope"]).ok();
    let r = env.run(&["gate", "complete"]).ok();
    assert!(r.stdout.starts_with("gate open: complete"), "{}", r.stdout);
    // Still in initiate: completing is allowed by the items, the phases are not advanced.
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["current_phase"],
        "initiate"
    );
}
