//! The terminal at 80 columns: no line wider than the width, no id broken, a fresh tracker's
//! status on one 24-row screen, and piped output free of escape codes.

use crate::common::TestEnv;

/// A tracker with long ids, owners, due dates (one overdue), a waiver and a forced advance.
pub(crate) fn busy() -> TestEnv {
    let env = TestEnv::init();
    env.run(&[
        "add",
        "--phase",
        "initiate",
        "--id",
        "remediate-open-firewall-ports-443-and-49443",
        "Open the firewall ports 443 and 49443 to the FastTrack service endpoints",
        "--owner",
        "Sam (network operations)",
        "--due",
        "2026-11-20",
    ])
    .ok();
    env.run(&[
        "assign",
        "kickoff-meeting",
        "--owner",
        "Priya (PM)",
        "--due",
        "2026-12-01",
    ])
    .ok();
    env.run(&[
        "done",
        "begin-onboarding",
        "--note",
        "tenant ready; licences assigned",
    ])
    .ok();
    env.run(&[
        "waive",
        "on-premises-mfa",
        "--reason",
        "cloud MFA only, no on-premises servers",
    ])
    .ok();
    env.run(&[
        "advance",
        "--force",
        "--reason",
        "SteerCo accepted the open items",
    ])
    .ok();
    env
}

fn ids(env: &TestEnv) -> Vec<String> {
    crate::common::ids(&env.run(&["list", "--status", "all", "--json"]).ok().json())
}

/// No line wider than `width`, and no id split between the end of one line and the start of
/// the next.
#[track_caller]
fn check(text: &str, width: usize, ids: &[String], what: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        let w = line.chars().count();
        assert!(
            w <= width,
            "{what} at {width}: {w} columns: {line:?}\n{text}"
        );
        let (Some(last), Some(first)) = (
            line.split_whitespace().last(),
            lines.get(n + 1).and_then(|l| l.split_whitespace().next()),
        ) else {
            continue;
        };
        let joined = format!("{last}{first}");
        for id in ids {
            let whole = |w: &str| w.contains(id.as_str());
            assert!(
                !joined.contains(id.as_str()) || whole(last) || whole(first),
                "{what} at {width}: id {id} broken at line {n}:\n{text}"
            );
        }
    }
}

#[test]
fn no_line_exceeds_the_width_and_no_id_is_broken() {
    let env = busy();
    let ids = ids(&env);
    // At 50 and 60 columns the 43-character id no longer fits beside a title: it goes on a
    // line of its own, whole.
    for width in ["50", "60", "80", "120"] {
        for args in [
            &["status"][..],
            &["list"],
            &["list", "--status", "all"],
            &["list", "--phase", "initiate", "--status", "all"],
            &["show", "remediate-open-firewall-ports-443-and-49443"],
            &["show", "on-premises-mfa"],
            &["log"],
        ] {
            let r = env.run_env(args, &[("COLUMNS", width)]).ok();
            check(&r.stdout, width.parse().unwrap(), &ids, &args.join(" "));
        }
    }
}

#[test]
fn without_columns_piped_output_is_80_wide_and_plain() {
    let env = busy();
    let ids = ids(&env);
    for args in [&["status"][..], &["list", "--status", "all"], &["log"]] {
        let r = env.run(args).ok();
        assert!(!r.stdout.contains('\u{1b}'), "no escape codes in a pipe");
        check(&r.stdout, 80, &ids, &args.join(" "));
    }
}

#[test]
fn a_fresh_status_fits_80_by_24() {
    let env = TestEnv::new();
    for r in [env.run_env(&["status"], &[("COLUMNS", "80")]).ok(), {
        env.run(&["init", "--name", "Contoso EMS onboarding"]).ok();
        env.run_env(&["status"], &[("COLUMNS", "80")]).ok()
    }] {
        assert!(r.stdout.lines().count() <= 24, "{}", r.stdout);
        assert!(
            r.stdout.lines().all(|l| l.chars().count() <= 80),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn list_groups_by_phase_and_shows_status_only_when_it_differs() {
    let env = busy();
    let r = env.run(&["list"]).ok();
    assert!(r.stdout.starts_with("general\n"), "{}", r.stdout);
    assert!(r.stdout.contains("\ninitiate\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("outstanding  "), "{}", r.stdout);
    assert!(r.stdout.contains("items, all outstanding"), "{}", r.stdout);
    let all = env
        .run(&["list", "--status", "all", "--phase", "general"])
        .ok();
    assert!(all.stdout.contains("waived"), "{}", all.stdout);
    assert!(all.stdout.contains("outstanding"), "{}", all.stdout);
}

#[test]
fn a_forced_completion_says_so_and_percentages_round_down() {
    let env = TestEnv::init();
    for _ in 0..4 {
        env.run(&["advance", "--force", "--reason", "pilot only"])
            .ok();
    }
    env.run(&["done", "ems-enhancements"]).ok();
    let r = env.run(&["status"]).ok();
    assert!(
        r.stdout
            .contains("Phase:       complete (forced: 34 required items open)"),
        "{}",
        r.stdout
    );
    // 1 of 21 general items is 4.76%: shown as 4%, as the report shows it.
    assert!(r.stdout.contains("  4%"), "{}", r.stdout);
    let report = env.run(&["report", "--phase", "general"]).ok();
    assert!(report.stdout.contains("  4%"), "{}", report.stdout);
}

/// Run ftrack on a pseudo-terminal (util-linux `script`) at `cols` columns.
fn on_a_terminal(env: &TestEnv, args: &str, cols: &str) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("FTRACK_REQUIRE_TOOLS").is_none(),
            "script is missing"
        );
        eprintln!("SKIPPED: `script` (util-linux) is not installed; no pseudo-terminal test");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_ftrack");
    let mut c = env.configure(std::process::Command::new("script"));
    c.args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .env("TERM", "xterm")
        .env("COLUMNS", cols);
    let r = env.output(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    Some(r.stdout)
}

#[test]
fn colour_means_something_on_a_terminal() {
    let env = busy();
    let Some(status) = on_a_terminal(&env, "status", "80") else {
        return;
    };
    let (yellow, cyan, red, green) = ("\u{1b}[33m", "\u{1b}[36m", "\u{1b}[31m", "\u{1b}[32m");
    assert!(
        status.contains(&format!("{yellow}blocked")),
        "blocked gate:\n{status}"
    );
    assert!(
        status.contains(&format!("{cyan}» assess")),
        "current phase:\n{status}"
    );
    assert!(
        status.contains(&format!("{red}5d overdue")),
        "overdue date:\n{status}"
    );
    let list = on_a_terminal(&env, "list --status all --phase initiate", "80").unwrap();
    assert!(list.contains(&format!("{green}done")), "done:\n{list}");
    // The colour codes take no room: every line still fits.
    let plain = |s: &str| {
        let mut out = String::new();
        let mut esc = false;
        for c in s.chars() {
            match (esc, c) {
                (false, '\u{1b}') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    };
    for line in plain(&status).lines().chain(plain(&list).lines()) {
        assert!(
            line.trim_end_matches('\r').chars().count() <= 80,
            "{line:?}"
        );
    }
}
