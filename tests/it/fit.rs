//! Issue 21, item 3: every human answer, blocker list, error and hint is fitted to the width
//! (80 columns when piped) by one wrapper that breaks lines at spaces only; never an empty
//! `hint:` line.

use crate::common::{TestEnv, flat};

/// Every line within `width`, and the words as written: no word broken across two lines.
#[track_caller]
fn fits(text: &str, width: usize, whole: &[&str]) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{} columns: {line:?}\n{text}",
            line.chars().count()
        );
    }
    let words = flat(text);
    for w in whole {
        assert!(words.contains(w), "{w:?} broken or missing:\n{text}");
    }
}

#[test]
fn answers_and_blocker_lists_wrap_at_spaces() {
    let env = TestEnv::init();
    let r = env
        .run(&[
            "assign",
            "kickoff-meeting",
            "--owner",
            "Priya (PM)",
            "--due",
            "friday",
        ])
        .ok();
    fits(
        &r.stdout,
        80,
        &["remediation timelines): owner Priya (PM), due 2026-11-27"],
    );
    assert!(r.stdout.lines().count() >= 2, "{}", r.stdout);
    let r = env.run(&["gate"]).code(3);
    fits(
        &r.stdout,
        80,
        &["kickoff-meeting (Lead the kick-off meeting, confirm remediation timelines)"],
    );
    env.run(&["advance", "--force", "--reason", "test"]).ok();
    for args in [&["advance"][..], &["gate"]] {
        let r = env.run(args).code(3);
        fits(
            &r.stdout,
            80,
            &[
                "remediation-checklist-meetings (Help create the remediation checklist and overall plan)",
            ],
        );
    }
    // Narrower, still at spaces.
    let r = env.run_env(&["gate"], &[("COLUMNS", "50")]).code(3);
    fits(
        &r.stdout,
        50,
        &["Help create the remediation checklist and overall plan"],
    );
}

#[test]
fn errors_and_hints_wrap_under_their_label_and_a_hint_is_never_empty() {
    let env = TestEnv::init();
    let long = "x".repeat(30);
    let missing = env.path().join(format!("catalogs/{long}/missing.yaml"));
    for args in [
        vec!["--catalog", missing.to_str().unwrap(), "status"],
        vec!["catalog", "check", missing.to_str().unwrap()],
        vec!["done", "kickof-meting"],
        vec!["advance", "--force"],
        vec!["report", "--output", "x.pdf"],
    ] {
        let r = env.run(&args);
        assert_ne!(r.code, 0, "{args:?}");
        for line in r.stderr.lines() {
            // A path longer than the width may stand alone on a line; nothing else passes 80.
            assert!(
                line.chars().count() <= 80 || !line.trim().contains(' '),
                "{args:?}: {line:?}"
            );
            assert_ne!(line.trim(), "hint:", "{args:?}: an empty hint");
        }
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        let hint = r.stderr.lines().find(|l| l.starts_with("hint: ")).unwrap();
        assert!(hint.len() > "hint: ".len() + 3, "{args:?}: {hint}");
        // Continuation lines hang under the label.
        for line in r.stderr.lines().filter(|l| l.starts_with(' ')) {
            assert!(line.starts_with("      "), "{args:?}: {line:?}");
        }
    }
    let r = env
        .run(&["catalog", "check", missing.to_str().unwrap()])
        .code(1);
    assert!(
        r.err_says("hint: check the path (as given on the command line, by --catalog"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_list_of_schemas_fits_the_width_with_each_description_under_its_column() {
    let env = TestEnv::new();
    for width in [80usize, 60] {
        let out = env
            .run_env(&["schema"], &[("COLUMNS", &width.to_string())])
            .ok()
            .stdout;
        fits(&out, width, &["(draft", "2020-12);"]);
        // A description that wraps goes on under the description column.
        let column = out
            .lines()
            .find_map(|l| l.strip_prefix("  status"))
            .map(|rest| "  status".len() + rest.len() - rest.trim_start().len())
            .unwrap();
        let at = out.find("  portfolio").unwrap();
        let next = out[at..].lines().nth(1).unwrap();
        assert_eq!(
            next.len() - next.trim_start().len(),
            column,
            "{next:?} hangs under the description:\n{out}"
        );
    }
}
