//! Issue 21, item 2: `status` fits an 80×24 (and a 120×24) screen at every stage of an
//! engagement — fresh, mid-engagement (20+ open, overdue and owned items), forced into
//! `complete`, complete — with the phase table's Done, Waived, Open and Total always there;
//! golden files (insta) of each.

use crate::common::{NOW, TestEnv};

pub(crate) fn at(env: &mut TestEnv, when: &str, args: &[&str]) {
    env.now = when.to_string();
    env.run(args).ok();
}

fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    crate::common::ids(&env.run(args).ok().json())
}

/// Every item of the four sequence phases, and the general ones.
fn all_items(env: &TestEnv) -> (Vec<String>, Vec<String>) {
    let everything = env.run(&["list", "--status", "all", "--json"]).ok().json();
    let (mut seq, mut general) = (Vec::new(), Vec::new());
    for t in everything["tasks"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap().to_string();
        if t["phase"] == "general" {
            general.push(id);
        } else {
            seq.push(id);
        }
    }
    (seq, general)
}

pub(crate) fn fresh() -> TestEnv {
    let mut env = TestEnv::new();
    at(
        &mut env,
        "2026-11-02T09:00:00Z",
        &["init", "--name", "Contoso EMS onboarding"],
    );
    env.now = NOW.to_string();
    env
}

/// Five weeks in: targets, owners and due dates (some overdue), initiate signed off, an item
/// added with a long title, a waiver; 33 items open.
pub(crate) fn mid() -> TestEnv {
    let mut env = fresh();
    let steps: [(&str, &[&str]); 12] = [
        (
            "2026-11-02T09:10:00Z",
            &["plan", "initiate", "--target", "2026-11-06"],
        ),
        (
            "2026-11-02T09:11:00Z",
            &["plan", "assess", "--target", "2026-11-27"],
        ),
        (
            "2026-11-02T09:12:00Z",
            &["plan", "remediate", "--target", "2026-12-18"],
        ),
        (
            "2026-11-02T10:00:00Z",
            &[
                "assign",
                "kickoff-meeting",
                "--owner",
                "Priya (PM)",
                "--due",
                "2026-11-05",
            ],
        ),
        (
            "2026-11-03T10:00:00Z",
            &[
                "done",
                "begin-onboarding",
                "kickoff-meeting",
                "--by",
                "priya",
            ],
        ),
        ("2026-11-04T16:00:00Z", &["advance", "--by", "priya"]),
        (
            "2026-11-09T10:00:00Z",
            &[
                "assign",
                "remediation-checklist-meetings",
                "migration-support-plan",
                "--owner",
                "Samantha Okonkwo-Fitzgerald",
                "--due",
                "2026-11-18",
            ],
        ),
        (
            "2026-11-09T10:01:00Z",
            &[
                "assign",
                "stakeholders",
                "--owner",
                "Bob Builder",
                "--due",
                "2026-11-30",
            ],
        ),
        (
            "2026-11-09T10:02:00Z",
            &[
                "assign",
                "program-management",
                "end-user-communications",
                "--owner",
                "alice",
                "--due",
                "2026-11-20",
            ],
        ),
        (
            "2026-11-10T10:00:00Z",
            &["done", "user-provisioning-meetings", "--by", "alice"],
        ),
        (
            "2026-11-18T10:00:00Z",
            &[
                "add",
                "--phase",
                "remediate",
                "Upgrade AD FS to 2019 on the outstanding federation servers in the DMZ",
                "--owner",
                "alice",
                "--due",
                "2026-12-02",
            ],
        ),
        (
            "2026-11-18T11:00:00Z",
            &["waive", "on-premises-mfa", "--reason", "cloud MFA only"],
        ),
    ];
    for (when, args) in steps {
        at(&mut env, when, args);
    }
    env.now = NOW.to_string();
    env
}

/// Every phase's items done and the engagement forced into `complete` with the general
/// responsibilities open, one of them overdue.
pub(crate) fn forced() -> TestEnv {
    let mut env = fresh();
    let (seq, _) = all_items(&env);
    let mut done = vec!["done"];
    done.extend(seq.iter().map(String::as_str));
    at(&mut env, "2026-11-03T10:00:00Z", &done);
    for k in 0..3 {
        at(&mut env, &format!("2026-11-04T10:0{k}:00Z"), &["advance"]);
    }
    at(
        &mut env,
        "2026-11-05T10:00:00Z",
        &[
            "assign",
            "program-management",
            "--owner",
            "alice",
            "--due",
            "2026-11-20",
        ],
    );
    at(
        &mut env,
        "2026-11-20T10:00:00Z",
        &[
            "advance",
            "--force",
            "--reason",
            "SteerCo 2026-11-20 accepted the open items",
        ],
    );
    env.now = NOW.to_string();
    env
}

/// Everything closed and the engagement complete.
pub(crate) fn complete() -> TestEnv {
    let mut env = fresh();
    let (seq, general) = all_items(&env);
    let mut done = vec!["done"];
    done.extend(seq.iter().chain(&general).map(String::as_str));
    at(&mut env, "2026-11-03T10:00:00Z", &done);
    for k in 0..4 {
        at(&mut env, &format!("2026-11-04T10:0{k}:00Z"), &["advance"]);
    }
    env.now = NOW.to_string();
    env
}

#[test]
fn status_fits_24_rows_at_every_stage_with_the_whole_phase_table() {
    let stages = [
        ("fresh", fresh()),
        ("mid", mid()),
        ("forced", forced()),
        ("complete", complete()),
    ];
    let open = ids(&stages[1].1, &["list", "--json"]).len();
    assert!(open >= 20, "mid-engagement has {open} open items");
    for (name, env) in &stages {
        for columns in [80usize, 120] {
            let r = env
                .run_env(&["status"], &[("COLUMNS", &columns.to_string())])
                .ok();
            let text = r.stdout.replace(&env.path().display().to_string(), "[TMP]");
            // The command line and the next prompt stay on the screen too.
            assert!(
                text.lines().count() <= 22,
                "{name} at {columns}: {} lines\n{text}",
                text.lines().count()
            );
            for line in text.lines() {
                assert!(
                    line.chars().count() <= columns,
                    "{name} at {columns}: {line}"
                );
            }
            let header = text.lines().find(|l| l.starts_with("Phase  ")).unwrap();
            for column in ["Done", "Waived", "Open", "Total", "Gate"] {
                assert!(header.contains(column), "{name} at {columns}: {header}");
            }
            insta::assert_snapshot!(format!("stage_{name}_{columns}"), text);
        }
    }
}

#[test]
fn mid_engagement_lists_each_blocker_once_and_overdue_items_after_them() {
    let env = mid();
    let text = env.run(&["status"]).ok().stdout;
    let blocking = text
        .split("Blocking the advance to remediate")
        .nth(1)
        .unwrap();
    let (blockers, also) = blocking.split_once("Also overdue").unwrap();
    // One line per blocker: id, title, owner, due date or how late.
    assert!(blockers.contains("  stakeholders  "), "{text}");
    assert!(blockers.contains("7d overdue"), "{text}");
    for id in ["remediation-checkli", "migration-support"] {
        assert!(!also.contains(id), "a blocker is listed once: {text}");
    }
    assert!(also.contains("program-management"), "{text}");
    // Done + Waived + Open = Total on every row of the table.
    for line in text.lines().skip_while(|l| !l.starts_with("Phase")).skip(1) {
        let n: Vec<usize> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .take(4)
            .collect();
        if n.len() < 4 {
            break;
        }
        assert_eq!(n[0] + n[1] + n[2], n[3], "{line}");
    }
    // A short screen cuts the lists and says where the rest is.
    let short = env.run_env(&["status"], &[("LINES", "20")]).ok().stdout;
    assert!(short.lines().count() <= 18, "{short}");
    assert!(short.contains("more: ftrack"), "{short}");
}
