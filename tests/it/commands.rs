//! Every everyday command, run as the real binary in a temp directory.

use crate::common::TestEnv;

#[test]
fn status_works_at_once_on_the_builtin_catalog_without_init() {
    let env = TestEnv::new();
    let r = env.run(&["status"]).ok();
    assert!(
        r.stdout.contains("Phase:       initiate (1 of 4)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Blocking the advance to assess (2):"));
    assert!(r.stdout.contains("kickoff-meeting"));
    // Reading never creates the per-user tracker; the first write does.
    let default = env.path().join("home/.local/share/ftrack");
    assert!(!default.exists());
    env.run(&["done", "kickoff-meeting"]).ok();
    assert!(default.join("journal.jsonl").is_file());
    let r = env.run(&["status", "--json"]).ok();
    assert_eq!(r.json()["tracker"], default.display().to_string());
    assert_eq!(r.json()["exists"], true);
}

#[test]
fn init_creates_a_tracker_and_refuses_a_second_one() {
    let env = TestEnv::new();
    let r = env.run(&["init", "--name", "Contoso"]).ok();
    assert!(r.stdout.contains("Created tracker"));
    assert!(env.journal().is_file());
    let r = env.run(&["init"]).code(2);
    assert!(
        r.stderr.starts_with("error: a tracker already exists at "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\nhint: "));
    let json = env.run(&["status", "--json"]).ok().json();
    assert_eq!(json["name"], "Contoso");
}

#[test]
fn the_nearest_tracker_above_is_found_like_git() {
    let env = TestEnv::init();
    let sub = env.work().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let r = env
        .cmd(&["status", "--json"])
        .current_dir(&sub)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(json["tracker"], env.tracker().display().to_string());
}

#[test]
fn dir_flag_and_env_name_the_tracker_directory_itself() {
    let env = TestEnv::new();
    let other = env.path().join("elsewhere");
    env.run(&["--dir", other.to_str().unwrap(), "done", "kickoff-meeting"])
        .ok();
    assert!(other.join("journal.jsonl").is_file());
    let r = env
        .run_env(
            &["list", "--status", "done", "--json"],
            &[("FTRACK_DIR", other.to_str().unwrap())],
        )
        .ok();
    assert_eq!(r.json()["tasks"][0]["id"], "kickoff-meeting");
    // Without it, the default tracker knows nothing of that.
    let r = env.run(&["list", "--status", "done", "--json"]).ok();
    assert_eq!(r.json()["tasks"].as_array().unwrap().len(), 0);
}

#[test]
fn list_json_has_the_documented_shape() {
    let env = TestEnv::init();
    env.run(&[
        "assign",
        "stakeholders",
        "--owner",
        "Alice",
        "--due",
        "2026-11-01",
    ])
    .ok();
    let json = env.run(&["list", "--json"]).ok().json();
    assert_eq!(json["schema"], 1);
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 38);
    let keys = [
        "id", "phase", "title", "text", "required", "status", "owner", "due", "done_by", "done_at",
        "note",
    ];
    for task in tasks {
        for k in keys {
            assert!(task.get(k).is_some(), "missing {k} in {task}");
        }
    }
    // Phase order: general first, enable last.
    assert_eq!(tasks[0]["phase"], "general");
    assert_eq!(tasks[37]["phase"], "enable");
    let s = tasks.iter().find(|t| t["id"] == "stakeholders").unwrap();
    assert_eq!(s["owner"], "Alice");
    assert_eq!(s["due"], "2026-11-01");
    assert_eq!(s["status"], "outstanding");
    assert_eq!(s["done_by"], serde_json::Value::Null);
    assert_eq!(s["overdue"], true);
}

#[test]
fn list_filters_by_phase_status_owner_and_overdue() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "--note", "held"]).ok();
    env.run(&["waive", "on-premises-mfa", "--reason", "cloud MFA only"])
        .ok();
    env.run(&[
        "assign",
        "stakeholders",
        "remediation",
        "--owner",
        "bob",
        "--due",
        "2026-12-31",
    ])
    .ok();
    env.run(&[
        "assign",
        "migration-support-plan",
        "--owner",
        "Bob",
        "--due",
        "2026-11-01",
    ])
    .ok();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["list", "--json"];
        a.extend_from_slice(args);
        env.run(&a).ok().json()["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["--phase", "INITIATE"]), ["begin-onboarding"]);
    assert_eq!(
        ids(&["--phase", "initiate", "--status", "all"]),
        ["begin-onboarding", "kickoff-meeting"]
    );
    assert_eq!(ids(&["--status", "done"]), ["kickoff-meeting"]);
    assert_eq!(ids(&["--status", "waived"]), ["on-premises-mfa"]);
    assert_eq!(
        ids(&["--owner", "BOB"]),
        ["stakeholders", "migration-support-plan", "remediation"]
    );
    assert_eq!(ids(&["--overdue"]), ["migration-support-plan"]);
    let r = env.run(&["list", "--phase", "nope"]).code(2);
    assert!(
        r.stderr.contains("unknown phase `nope`")
            && r.stderr
                .contains("general, initiate, assess, remediate, enable")
    );
    env.run(&["list", "--status", "finished"]).code(2);
}

#[test]
fn done_is_idempotent_and_says_so() {
    let env = TestEnv::init();
    env.run(&[
        "done",
        "kickoff-meeting",
        "--note",
        "held Monday",
        "--by",
        "alice",
    ])
    .ok();
    let before = env.journal_text();
    let r = env
        .run(&["done", "kickoff-meeting", "--note", "again"])
        .ok();
    assert!(
        r.stdout.contains("already done: kickoff-meeting"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("by alice"));
    assert_eq!(
        env.journal_text(),
        before,
        "an already-done item records nothing"
    );
    let json = env.run(&["show", "kickoff-meeting", "--json"]).ok().json();
    assert_eq!(json["task"]["note"], "held Monday");
    assert_eq!(json["task"]["done_by"], "alice");
}

#[test]
fn done_at_records_when_it_was_done_and_who() {
    let env = TestEnv::init();
    env.run(&["done", "kick", "--at", "2026-11-20"]).ok();
    env.run_env(&["done", "begin"], &[("FTRACK_USER", "carol")])
        .ok();
    let json = env.run(&["list", "--status", "done", "--json"]).ok().json();
    let t = &json["tasks"];
    assert_eq!(t[0]["id"], "begin-onboarding");
    assert_eq!(t[0]["done_by"], "carol");
    assert_eq!(t[1]["done_at"], "2026-11-20T00:00:00Z");
    assert_eq!(t[1]["done_by"], "tester");
    let r = env
        .run(&["done", "checkpoint", "--at", "the tuesday before"])
        .code(2);
    assert!(r.err_says("--at `the tuesday before` is not a time"));
    // "last tuesday" is a time: the last Tuesday before today, at local midnight.
    env.run(&["done", "checkpoint", "--at", "last tuesday"])
        .ok();
}

#[test]
fn several_tasks_are_recorded_all_or_none() {
    let env = TestEnv::init();
    let before = env.journal_text();
    let r = env
        .run(&[
            "done",
            "kickoff-meeting",
            "no-such-task",
            "begin-onboarding",
        ])
        .code(2);
    assert!(r.stderr.contains("unknown task `no-such-task`"));
    assert_eq!(
        env.journal_text(),
        before,
        "nothing is recorded when one reference is bad"
    );
    for cmd in [
        &["waive", "stakeholders", "bogus", "--reason", "x"][..],
        &["assign", "stakeholders", "bogus", "--owner", "x"],
        &["reopen", "stakeholders", "bogus"],
    ] {
        env.run(cmd).code(2);
        assert_eq!(env.journal_text(), before);
    }
    env.run(&[
        "assign",
        "stakeholders",
        "remediation",
        "--due",
        "2026-13-45",
    ])
    .code(2);
    assert_eq!(env.journal_text(), before);
    env.run(&["done", "kickoff-meeting", "begin-onboarding"])
        .ok();
    assert_eq!(
        env.journal_text().lines().count(),
        before.lines().count() + 2
    );
}

#[test]
fn task_references_prefix_case_did_you_mean_and_ambiguity() {
    let env = TestEnv::init();
    env.run(&["done", "KICKOFF"]).ok();
    let r = env.run(&["done", "kickof-meting"]).code(2);
    assert_eq!(
        r.err_lines()[0].as_str(),
        "error: unknown task `kickof-meting`"
    );
    assert!(
        r.stderr.contains("hint: did you mean `kickoff-meeting`?"),
        "{}",
        r.stderr
    );
    let r = env.run(&["show", "user-prov"]).code(2);
    assert!(r.stderr.contains("ambiguous"));
    assert!(
        r.stderr.contains("user-provisioning-meetings") && r.stderr.contains("user-provisioning")
    );
    // An exact id wins over being a prefix of another id.
    let r = env.run(&["show", "user-provisioning", "--json"]).ok();
    assert_eq!(r.json()["task"]["id"], "user-provisioning");
}

#[test]
fn reopen_and_waive() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let r = env
        .run(&["reopen", "kickoff-meeting", "--note", "minutes missing"])
        .ok();
    assert!(r.stdout.contains("reopened: kickoff-meeting"));
    let r = env.run(&["reopen", "kickoff-meeting"]).ok();
    assert!(r.stdout.contains("already outstanding"));
    let r = env.run(&["waive", "kickoff-meeting"]).code(2);
    assert!(r.stderr.contains("--reason"));
    env.run(&["waive", "kickoff-meeting", "--reason", "  "])
        .code(2);
    env.run(&[
        "waive",
        "kickoff-meeting",
        "--reason",
        "held by the partner",
    ])
    .ok();
    let json = env.run(&["show", "kickoff-meeting", "--json"]).ok().json();
    assert_eq!(json["task"]["status"], "waived");
    assert_eq!(json["task"]["note"], "held by the partner");
    let ops: Vec<&str> = json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["done", "reopen", "waive"]);
}

#[test]
fn assign_sets_and_clears() {
    let env = TestEnv::init();
    env.run(&[
        "assign",
        "remediation",
        "--owner",
        "dana",
        "--due",
        "2026-12-01",
    ])
    .ok();
    env.run(&["assign", "remediation", "--owner", ""]).ok();
    let json = env.run(&["show", "remediation", "--json"]).ok().json();
    assert_eq!(json["task"]["owner"], serde_json::Value::Null);
    assert_eq!(json["task"]["due"], "2026-12-01");
    env.run(&["assign", "remediation", "--due", ""]).ok();
    let json = env.run(&["show", "remediation", "--json"]).ok().json();
    assert_eq!(json["task"]["due"], serde_json::Value::Null);
    env.run(&["assign", "remediation"]).code(2);
}

#[test]
fn show_prints_full_text_state_and_history() {
    let env = TestEnv::init();
    env.run(&["assign", "terms", "--owner", "erin", "--due", "2026-12-24"])
        .ok();
    let r = env.run(&["show", "terms"]).ok();
    assert!(
        r.stdout
            .starts_with("terms-of-use: Write the Terms of Use statement")
    );
    assert!(
        r.stdout
            .contains("Write the organization’s Terms of Use (TOU) statement")
    );
    assert!(r.stdout.contains("Owner:    erin"));
    assert!(r.stdout.contains("Due:      2026-12-24"));
    assert!(
        r.stdout
            .contains("History:\n  2026-11-25 12:00  tester  assign owner: erin due: 2026-12-24")
    );
}

#[test]
fn gate_exit_codes_for_scripts() {
    let env = TestEnv::init();
    let r = env.run(&["gate"]).code(3);
    assert!(
        r.stdout
            .starts_with("gate blocked: initiate → assess: 2 required item(s) outstanding:\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\n  kickoff-meeting ("), "{}", r.stdout);
    env.run(&["done", "kickoff-meeting", "begin-onboarding"])
        .ok();
    env.run(&["gate"]).ok();
    env.run(&["gate", "initiate"]).ok();
    env.run(&["gate", "Assess"]).code(3);
    // Optional items never block.
    let assess_required = [
        "stakeholders",
        "remediation-checklist-meetings",
        "user-provisioning-meetings",
        "service-configuration-meetings",
        "migration-support-plan",
    ];
    let mut args = vec!["done"];
    args.extend(assess_required);
    env.run(&args).ok();
    env.run(&["gate", "assess"]).ok();
    env.run(&["gate", "bogus"]).code(2);
}

#[test]
fn advance_blocks_dry_runs_forces_and_records() {
    let env = TestEnv::init();
    let r = env.run(&["advance"]).code(3);
    assert!(
        r.stdout
            .contains("2 required item(s) block the advance from initiate to assess")
    );
    env.run(&["advance", "--force"]).code(2);
    env.run(&["advance", "--reason", "x"]).code(2);
    let before = env.journal_text();
    let r = env
        .run(&[
            "advance",
            "--dry-run",
            "--force",
            "--reason",
            "sponsor accepted",
        ])
        .ok();
    assert!(
        r.stdout
            .contains("Dry run: would advance (forced) from initiate to assess")
    );
    assert_eq!(env.journal_text(), before);
    env.run(&[
        "advance",
        "--force",
        "--reason",
        "sponsor accepted",
        "--by",
        "pm",
    ])
    .ok();
    let json = env.run(&["status", "--json"]).ok().json();
    assert_eq!(json["current_phase"], "assess");
    let log = env.run(&["log", "--json"]).ok().json();
    let adv = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["op"] == "advance")
        .unwrap()
        .clone();
    assert_eq!(adv["forced"], true);
    assert_eq!(adv["reason"], "sponsor accepted");
    assert_eq!(adv["by"], "pm");
    let r = env.run(&["log"]).ok();
    assert!(
        r.stdout
            .contains("advance initiate → assess (forced: sponsor accepted)")
    );
}

#[test]
fn a_whole_engagement_from_init_to_complete() {
    let env = TestEnv::init();
    let catalog = env.run(&["list", "--status", "all", "--json"]).ok().json();
    let ids_of = |phase: &str| -> Vec<String> {
        catalog["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["phase"] == phase && t["required"] == true)
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Doing a later phase's item early is allowed.
    env.run(&["done", "checkpoint-meetings"]).ok();
    for (phase, next) in [
        ("initiate", "assess"),
        ("assess", "remediate"),
        ("remediate", "enable"),
    ] {
        env.run(&["advance"]).code(3);
        let mut args = vec!["done".to_string()];
        args.extend(ids_of(phase));
        env.run(&args).ok();
        let r = env.run(&["advance"]).ok();
        assert!(
            r.stdout
                .contains(&format!("Advanced from {phase} to {next}")),
            "{}",
            r.stdout
        );
    }
    let mut args = vec!["done".to_string()];
    args.extend(ids_of("enable"));
    env.run(&args).ok();
    // Complete also needs the general responsibilities closed.
    let r = env.run(&["advance"]).code(3);
    assert!(
        r.stdout
            .contains("block the advance from enable to complete")
    );
    assert!(r.stdout.contains("ems-enhancements"));
    let mut general = ids_of("general");
    let waived = general.pop().unwrap();
    let mut args = vec!["done".to_string()];
    args.extend(general);
    env.run(&args).ok();
    env.run(&["waive", &waived, "--reason", "not in scope"])
        .ok();
    let r = env.run(&["advance"]).ok();
    assert!(r.stdout.contains("the engagement is complete"));
    let json = env.run(&["status", "--json"]).ok().json();
    assert_eq!(json["current_phase"], "complete");
    assert!(
        json["phases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["gate"] == "open")
    );
    let r = env.run(&["status"]).ok();
    assert!(r.stdout.contains("The engagement is complete."));
    env.run(&["gate"]).ok();
    let r = env.run(&["advance"]).ok();
    assert!(r.stdout.contains("already complete"));
}

#[test]
fn status_json_shape_and_overdue() {
    let env = TestEnv::init();
    env.run(&[
        "assign",
        "kickoff-meeting",
        "--owner",
        "pm",
        "--due",
        "2026-11-20",
    ])
    .ok();
    let json = env.run(&["status", "--json"]).ok().json();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["current_phase"], "initiate");
    let phases = json["phases"].as_array().unwrap();
    let names: Vec<&str> = phases
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["general", "initiate", "assess", "remediate", "enable"]
    );
    for p in phases {
        for k in [
            "phase",
            "total",
            "done",
            "waived",
            "outstanding",
            "required_outstanding",
            "gate",
        ] {
            assert!(p.get(k).is_some(), "missing {k}");
        }
    }
    assert_eq!(phases[0]["total"], 21);
    assert_eq!(phases[0]["required_outstanding"], 20);
    assert_eq!(phases[1]["gate"], "blocked");
    assert_eq!(json["overdue"][0]["id"], "kickoff-meeting");
    let r = env.run(&["status"]).ok();
    // The overdue item blocks the advance: listed once, among the blockers, with how late it is.
    assert!(
        r.stdout
            .contains("Blocking the advance to assess (2, 1 overdue):"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("5d overdue"), "{}", r.stdout);
    assert!(!r.stdout.contains("Overdue ("), "{}", r.stdout);
}

#[test]
fn log_filters_by_time_and_task() {
    let mut env = TestEnv::new();
    env.now = "2026-10-01T09:00:00Z".into();
    env.run(&["init", "--name", "Contoso"]).ok();
    env.now = "2026-11-01T09:00:00Z".into();
    env.run(&["done", "kickoff-meeting"]).ok();
    env.now = "2026-11-20T09:00:00Z".into();
    env.run(&["done", "begin-onboarding"]).ok();
    env.run(&["assign", "kickoff-meeting", "--owner", "pm"])
        .ok();
    let json = env
        .run(&["log", "--json", "--since", "2026-11-10"])
        .ok()
        .json();
    let ops: Vec<(String, String)> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["op"].as_str().unwrap().into(),
                e["task"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("done".into(), "begin-onboarding".into()),
            ("assign".into(), "kickoff-meeting".into())
        ]
    );
    let json = env.run(&["log", "--json", "--task", "kickoff"]).ok().json();
    assert_eq!(json["events"].as_array().unwrap().len(), 2);
    let r = env.run(&["log"]).ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].contains("init name: Contoso"));
    assert!(
        lines[1].starts_with("2026-11-01 09:00  tester  done kickoff-meeting"),
        "{}",
        r.stdout
    );
    env.run(&["log", "--since", "soon"]).code(2);
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    let env = TestEnv::new();
    env.run(&["frobnicate"]).code(2);
    env.run(&["done"]).code(2);
    let r = env.run(&["--help"]).ok();
    for needle in [
        "Exit codes:",
        "3  a gate is blocked",
        "FTRACK_DIR",
        "FTRACK_CATALOG",
        "FTRACK_USER",
        "NO_COLOR",
    ] {
        assert!(r.stdout.contains(needle), "--help lacks {needle}");
    }
}

#[test]
fn piped_output_has_no_escape_codes_and_a_closed_pipe_is_quiet() {
    let env = TestEnv::init();
    env.run(&[
        "assign",
        "kickoff-meeting",
        "--owner",
        "x",
        "--due",
        "2026-01-01",
    ])
    .ok();
    for args in [&["status"][..], &["list"], &["show", "kickoff"], &["log"]] {
        let r = env.run(args).ok();
        assert!(
            !r.stdout.contains('\u{1b}'),
            "escape code in piped {args:?}"
        );
    }
    // `ftrack list | head -1`: the reader goes away; ftrack exits quietly.
    let mut child = env
        .cmd(&["list", "--status", "all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn terminal_controls_in_user_text_are_escaped_in_human_output() {
    let env = TestEnv::init();
    env.run(&[
        "done",
        "kickoff-meeting",
        "--note",
        "evil \u{1b}[2J\u{1b}]0;pwned\u{7} note",
    ])
    .ok();
    assert!(
        env.journal_text().contains("\\u001b[2J"),
        "stored exactly (JSON-escaped)"
    );
    for args in [&["show", "kickoff"][..], &["log"]] {
        let r = env.run(args).ok();
        assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'));
        assert!(
            r.stdout.contains("\\u{1b}[2J\\u{1b}]0;pwned"),
            "{}",
            r.stdout
        );
    }
    let json = env.run(&["show", "kickoff", "--json"]).ok().json();
    assert_eq!(
        json["task"]["note"],
        "evil \u{1b}[2J\u{1b}]0;pwned\u{7} note"
    );
}

#[test]
fn status_lists_as_many_blockers_as_the_screen_holds_and_points_to_the_rest() {
    let env = TestEnv::init();
    for _ in 0..3 {
        env.run(&["advance", "--force", "--reason", "test"]).ok();
    }
    let enable: Vec<String> = env
        .run(&["list", "--phase", "enable", "--json"])
        .ok()
        .json()["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let mut args = vec!["done".to_string()];
    args.extend(enable);
    env.run(&args).ok();
    let r = env.run(&["status"]).ok();
    assert!(
        r.stdout.contains("Blocking the advance to complete (20):"),
        "{}",
        r.stdout
    );
    // One line per blocker, as many as a 24-row screen holds, then how many more and where.
    assert!(r.stdout.lines().count() <= 22, "{}", r.stdout);
    let blockers = r.stdout.split("Blocking the advance").nth(1).unwrap();
    let rows = blockers
        .lines()
        .skip(1)
        .take_while(|l| !l.contains("more: "))
        .count();
    let more = format!("  +{} more: ftrack gate", 20 - rows);
    assert!(r.stdout.contains(&more), "{more}:\n{}", r.stdout);
    assert!(rows >= 5, "{}", r.stdout);
    // A taller terminal shows them all.
    let tall = env.run_env(&["status"], &[("LINES", "40")]).ok();
    assert!(!tall.stdout.contains("more: "), "{}", tall.stdout);
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["blockers"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
}

/// Run ftrack on a pseudo-terminal (util-linux `script`), as a person at a terminal would.
fn on_a_terminal(env: &TestEnv, args: &str, vars: &[(&str, &str)]) -> Option<String> {
    // `script` comes with util-linux; missing, it fails under FTRACK_REQUIRE_TOOLS=1.
    if !crate::common::have("script") {
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_ftrack");
    let mut c = env.configure(std::process::Command::new("script"));
    c.args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .env("TERM", "xterm")
        .env("COLUMNS", "100");
    for (k, v) in vars {
        c.env(k, v);
    }
    let r = env.output(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    Some(r.stdout)
}

#[test]
fn colour_on_a_terminal_only_and_never_with_no_color() {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting"]).ok();
    let Some(tty) = on_a_terminal(&env, "list --status all", &[]) else {
        return;
    };
    assert!(tty.contains("\u{1b}["), "a terminal gets colour:\n{tty}");
    let plain = on_a_terminal(&env, "list --status all", &[("NO_COLOR", "1")]).unwrap();
    assert!(!plain.contains("\u{1b}["), "NO_COLOR is obeyed:\n{plain}");
    // Tables fit the terminal's width.
    assert!(
        plain
            .lines()
            .all(|l| l.trim_end_matches('\r').chars().count() <= 100),
        "{plain}"
    );
}

#[test]
fn huge_or_bad_times_are_errors_not_crashes() {
    let env = TestEnv::init();
    for args in [
        &["log", "--since", "99999999999d"][..],
        &["done", "kickoff-meeting", "--at", "99999999999w"],
        &["report", "--since", "99999999999d"],
    ] {
        let r = env.run(args).code(2);
        assert!(
            r.stderr.contains("is not a time") && !r.stderr.contains("panicked"),
            "{}",
            r.stderr
        );
    }
    let r = env
        .run_env(&["status"], &[("FTRACK_NOW", "yesterday")])
        .code(2);
    assert!(
        r.stderr
            .starts_with("error: FTRACK_NOW `yesterday` is not an RFC 3339 time"),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_variables_are_unset_and_dir_must_name_the_tracker_itself() {
    let env = TestEnv::init();
    let r = env
        .run_env(
            &["status", "--json"],
            &[("FTRACK_DIR", ""), ("FTRACK_CATALOG", "")],
        )
        .ok();
    assert_eq!(r.json()["tracker"], env.tracker().display().to_string());
    let r = env
        .run(&[
            "--dir",
            env.work().to_str().unwrap(),
            "done",
            "kickoff-meeting",
        ])
        .code(2);
    assert!(r.err_says("holds its tracker in"), "{}", r.stderr);
    assert!(r.err_says(&format!(
        "hint: --dir and FTRACK_DIR name the tracker directory itself: use --dir {}",
        env.tracker().display()
    )));
    assert!(!env.work().join("journal.jsonl").exists());
    let r = env.run(&["done", ""]).code(2);
    assert_eq!(
        r.err_lines()[0].as_str(),
        "error: a task reference is empty"
    );
    let r = env.run(&["done", "-"]).code(2);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn status_warns_when_the_journal_advanced_to_a_phase_the_catalog_lacks() {
    let env = TestEnv::new();
    let cat = "phases:\n  - id: one\n  - id: two\ntasks:\n  - id: a\n    phase: one\n    title: A\n  - id: b\n    phase: two\n    title: B\n";
    let path = env.write("c.yaml", cat);
    env.run(&["init", "--catalog", path.to_str().unwrap()]).ok();
    env.run(&["done", "a"]).ok();
    env.run(&["advance"]).ok();
    std::fs::write(
        &path,
        cat.replace("id: two", "id: second")
            .replace("phase: two", "phase: second"),
    )
    .unwrap();
    let r = env.run(&["status"]).ok();
    assert!(
        r.stdout
            .contains("Warning: the journal advanced to two, which this catalog does not have"),
        "{}",
        r.stdout
    );
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["unknown_phases"]["two"],
        1
    );
    env.run(&["doctor"]).code(1);
}
