//! Golden files (insta) of the human output of `status`, `list`, `show`, `log` and the text
//! report, at 80 and 120 columns, with the time and the user fixed, for two trackers: a whole
//! engagement, and one whose items have long ids (`screen::busy`, the 80-column checks): a layout change is a reviewed
//! diff of `tests/it/snapshots/`. Run `INSTA_UPDATE=always cargo test golden` (or `cargo insta
//! review`) after an intended change and commit the `.snap` files; in CI (`CI=true`,
//! `INSTA_UPDATE=no`) a mismatch or a missing snapshot fails.

use crate::common::{NOW, TestEnv};

/// A tracker with owners, due dates (one overdue), a waiver with a reason, a note, a forced
/// advance, and a later item done: each event at its own time, by its own person.
fn engagement() -> TestEnv {
    fn at(env: &mut TestEnv, when: &str, args: &[&str]) {
        env.now = when.to_string();
        env.run(args).ok();
    }
    let mut env = TestEnv::new();
    at(
        &mut env,
        "2026-11-16T09:00:00Z",
        &["init", "--name", "Contoso"],
    );
    at(
        &mut env,
        "2026-11-16T09:05:00Z",
        &[
            "assign",
            "begin-onboarding",
            "--owner",
            "alice",
            "--due",
            "2026-11-20",
        ],
    );
    at(
        &mut env,
        "2026-11-16T09:06:00Z",
        &[
            "assign",
            "stakeholders",
            "--owner",
            "Bob Builder",
            "--due",
            "2026-12-04",
        ],
    );
    at(
        &mut env,
        "2026-11-17T14:30:00Z",
        &[
            "done",
            "kickoff-meeting",
            "--note",
            "held with the sponsor; minutes in the shared folder",
            "--by",
            "priya",
        ],
    );
    at(
        &mut env,
        "2026-11-18T10:00:00Z",
        &[
            "waive",
            "on-premises-mfa",
            "--reason",
            "cloud MFA only, no on-premises servers",
        ],
    );
    at(
        &mut env,
        "2026-11-19T16:00:00Z",
        &[
            "advance",
            "--force",
            "--reason",
            "steering committee accepted the risk",
            "--by",
            "pm",
        ],
    );
    at(
        &mut env,
        "2026-11-24T11:00:00Z",
        &["done", "stakeholders", "--by", "Bob Builder"],
    );
    env.now = NOW.to_string();
    env
}

/// The command's stdout at `columns`, with the temp directory replaced by `[TMP]`.
fn render(env: &TestEnv, args: &[&str], columns: u16) -> String {
    let r = env.run_env(args, &[("COLUMNS", &columns.to_string())]).ok();
    assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    r.stdout.replace(&env.path().display().to_string(), "[TMP]")
}

/// Every golden output at one width.
fn snapshots(columns: u16) {
    let env = engagement();
    let cases: [(&str, &[&str]); 6] = [
        ("status", &["status"]),
        ("list", &["list"]),
        ("list_all", &["list", "--status", "all"]),
        ("show", &["show", "kickoff-meeting"]),
        ("log", &["log"]),
        ("report", &["report"]),
    ];
    for (name, args) in cases {
        let text = render(&env, args, columns);
        insta::assert_snapshot!(format!("{name}_{columns}"), text);
    }
}

#[test]
fn human_output_at_80_columns() {
    snapshots(80);
}

#[test]
fn human_output_at_120_columns() {
    snapshots(120);
}

/// The tracker with long ids, owners and a waiver that the 80-column checks use (`screen.rs`).
#[test]
fn long_ids_at_80_and_120_columns() {
    let env = crate::screen::busy();
    for columns in [80, 120] {
        for (name, args) in [
            ("status", &["status"][..]),
            ("list", &["list", "--status", "all", "--phase", "initiate"]),
            (
                "show",
                &["show", "remediate-open-firewall-ports-443-and-49443"],
            ),
            ("log", &["log"]),
        ] {
            let text = render(&env, args, columns);
            insta::assert_snapshot!(format!("long_ids_{name}_{columns}"), text);
        }
    }
}
