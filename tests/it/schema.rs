//! Issue 21, item 10: the JSON contract is written down. `ftrack schema` lists a JSON Schema
//! (draft 2020-12) per command, and the real `--json` answer of every command — every shape
//! it can take — validates against its command's schema, closed objects and all.

use serde_json::Value;

use crate::common::TestEnv;

const MESSY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/messy-page.md");

fn schema(env: &TestEnv, command: &str) -> Value {
    let mut args = vec!["schema"];
    args.extend(command.split(' '));
    let r = env.run(&args).ok();
    let s: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    s
}

/// `args` with `--json`, its exit code `code`, validated against the schema of `command`.
#[track_caller]
fn valid(env: &TestEnv, command: &str, args: &[&str], code: i32) -> Value {
    let mut with = args.to_vec();
    with.push("--json");
    let r = env.run(&with).code(code);
    let answer = r.json();
    let s = schema(env, command);
    let validator = jsonschema::validator_for(&s).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&answer)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    // The schema is closed: a field it does not name is refused.
    let mut extra = answer.clone();
    extra["unheard_of"] = Value::from(1);
    assert!(!validator.is_valid(&extra), "{command}: an open schema");
    assert!(
        errors.is_empty(),
        "`ftrack {}` does not match `ftrack schema {command}`:\n{}\n{answer:#}",
        with.join(" "),
        errors.join("\n")
    );
    answer
}

#[test]
fn schema_lists_every_command_and_names_an_unknown_one() {
    let env = TestEnv::new();
    let r = env.run(&["schema"]).ok();
    for command in ["status", "list", "report", "catalog check", "doctor"] {
        assert!(r.stdout.contains(&format!("  {command} ")), "{}", r.stdout);
    }
    let list = env.run(&["schema", "--json"]).ok().json();
    assert!(list["commands"].as_array().unwrap().len() >= 25);
    let r = env.run(&["schema", "stauts"]).code(2);
    assert!(
        r.err_says("did you mean `ftrack schema status`?"),
        "{}",
        r.stderr
    );
    // Every field of every schema is described, and every object is closed.
    for c in list["commands"].as_array().unwrap() {
        let s = schema(&env, c["command"].as_str().unwrap());
        let text = s.to_string();
        assert!(!text.contains("\"additionalProperties\":true"), "{c}");
    }
}

#[test]
fn every_commands_json_answer_matches_its_schema() {
    let env = TestEnv::new();
    valid(&env, "init", &["init", "--name", "Contoso"], 0);
    valid(&env, "status", &["status"], 0);
    valid(&env, "gate", &["gate"], 3);
    valid(&env, "advance", &["advance"], 3);
    valid(
        &env,
        "advance",
        &["advance", "--dry-run", "--force", "--reason", "x"],
        0,
    );
    valid(
        &env,
        "assign",
        &[
            "assign",
            "kickoff",
            "--owner",
            "alice",
            "--due",
            "2026-11-20",
        ],
        0,
    );
    valid(
        &env,
        "done",
        &["done", "begin-onboarding", "kickoff", "--note", "held"],
        0,
    );
    valid(&env, "done", &["done", "kickoff"], 0);
    valid(&env, "note", &["note", "kickoff", "held on Monday"], 0);
    valid(&env, "reopen", &["reopen", "kickoff", "--note", "again"], 0);
    valid(&env, "undo", &["undo"], 0);
    valid(
        &env,
        "waive",
        &["waive", "on-premises-mfa", "--reason", "cloud only"],
        0,
    );
    valid(
        &env,
        "plan",
        &["plan", "assess", "--target", "2026-12-04"],
        0,
    );
    valid(
        &env,
        "add",
        &[
            "add",
            "--phase",
            "remediate",
            "Upgrade AD FS",
            "--owner",
            "sam",
        ],
        0,
    );
    valid(
        &env,
        "retire",
        &["retire", "remediate-upgrade-ad-fs", "--reason", "gone"],
        0,
    );
    valid(&env, "advance", &["advance"], 0);
    valid(
        &env,
        "advance",
        &["advance", "--force", "--reason", "steerco"],
        0,
    );
    valid(
        &env,
        "advance",
        &["advance", "--back", "--reason", "missed the offices"],
        0,
    );
    valid(&env, "gate", &["gate", "complete"], 3);
    valid(&env, "gate", &["gate", "initiate"], 0);
    valid(&env, "status", &["status"], 0);
    valid(&env, "list", &["list"], 0);
    valid(&env, "list", &["list", "--status", "all"], 0);
    valid(&env, "list", &["list", "--owner"], 0);
    valid(&env, "show", &["show", "kickoff"], 0);
    valid(&env, "show", &["show", "remediate-upgrade-ad-fs"], 0);
    valid(&env, "log", &["log"], 0);
    let report = valid(&env, "report", &["report", "--since", "7d"], 0);
    // Event names are single words.
    let events: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["event"].as_str().unwrap())
        .collect();
    assert!(events.contains(&"went-back"), "{events:?}");
    assert!(events.iter().all(|e| !e.contains(' ')), "{events:?}");
    valid(&env, "report", &["report", "--output", "r.html"], 0);
    valid(&env, "doctor", &["doctor"], 0);
    valid(&env, "catalog check", &["catalog", "check"], 0);
    valid(&env, "catalog import", &["catalog", "import", MESSY], 0);
    let out = env.path().join("imported.yaml");
    let out = out.to_str().unwrap();
    valid(
        &env,
        "catalog import",
        &["catalog", "import", MESSY, "-o", out],
        0,
    );
    valid(&env, "catalog diff", &["catalog", "diff", out, out], 0);
    valid(
        &env,
        "catalog use",
        &["catalog", "use", out, "--dry-run"],
        0,
    );
    valid(&env, "completions", &["completions", "bash"], 0);
    valid(&env, "man", &["man"], 0);
    valid(&env, "schema", &["schema"], 0);
    // A problem doctor finds has its fix.
    std::fs::write(
        env.journal(),
        format!("{}{{\"v\":1,\"id\":\"x\"\n", env.journal_text()),
    )
    .unwrap();
    valid(&env, "doctor", &["doctor"], 1);
}
