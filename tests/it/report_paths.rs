//! Issue 20 D: `report` reads the state (from the snapshot, with the burn-up folded into it)
//! instead of every event. Whichever way the tracker is read — a warm snapshot kept current by
//! each write, a streamed pass without the cache, or the whole journal replayed with the
//! burn-up drawn from the events (an event dated after now sends the report there) — every
//! format says exactly the same, byte for byte.

use crate::common::TestEnv;

const FORMATS: [&str; 6] = ["text", "markdown", "html", "json", "csv", "ics"];

/// Every format at once (the workbook's bytes carry the time it was written; its contents are
/// the same view as JSON's).
fn reports(env: &TestEnv, vars: &[(&str, &str)]) -> Vec<String> {
    FORMATS
        .iter()
        .map(|f| env.run_env(&["report", "--format", f], vars).ok().stdout)
        .collect()
}

fn at(week: usize, hour: usize) -> String {
    // Mondays from 2026-06-01 on, some weeks left without any event.
    let day =
        chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + chrono::Days::new(7 * week as u64);
    format!("{day}T{:02}:{:02}:00Z", 8 + hour / 4, (hour % 4) * 15)
}

/// Twenty weeks of an engagement, made by ftrack itself: items closed, reopened, waived, added
/// and retired, undone, advances forced and taken back, and weeks where nothing happened.
fn engagement() -> TestEnv {
    let mut env = TestEnv::new();
    env.now = at(0, 0);
    env.run(&["init", "--name", "Contoso"]).ok();
    let ids: Vec<String> =
        crate::common::ids(&env.run(&["list", "--status", "all", "--json"]).ok().json());
    let mut hour = 0;
    let mut step = |env: &mut TestEnv, week: usize, args: &[&str]| {
        hour += 1;
        env.now = at(week, hour % 40);
        let run = env.run(args);
        assert!(run.code == 0 || run.code == 3, "{args:?}: {}", run.stderr);
    };
    for week in (0..20).filter(|w| w % 7 != 3) {
        for (k, id) in ids.iter().enumerate().skip(week).step_by(5) {
            let id = id.as_str();
            match (week + k) % 6 {
                0 | 1 => step(&mut env, week, &["done", id]),
                2 => step(&mut env, week, &["waive", id, "--reason", "out of scope"]),
                3 => step(&mut env, week, &["reopen", id]),
                4 => step(
                    &mut env,
                    week,
                    &["assign", id, "--owner", "dana", "--due", "2026-12-01"],
                ),
                _ => step(&mut env, week, &["note", id, "checked"]),
            }
        }
        let added = format!("remediate-extra-{week}");
        step(
            &mut env,
            week,
            &[
                "add",
                "--phase",
                "remediate",
                "--id",
                &added,
                &format!("Extra work {week}"),
            ],
        );
        if week % 2 == 0 {
            step(&mut env, week, &["retire", &added, "--reason", "merged"]);
        }
        if week % 3 == 1 {
            step(&mut env, week, &["done", &ids[week]]);
            step(&mut env, week, &["undo"]);
        }
        match week % 5 {
            1 => step(
                &mut env,
                week,
                &["advance", "--force", "--reason", "moving on"],
            ),
            2 => {
                step(&mut env, week, &["advance", "--force", "--reason", "again"]);
                step(&mut env, week, &["undo"]);
            }
            4 => step(
                &mut env,
                week,
                &["advance", "--back", "--reason", "not ready"],
            ),
            _ => step(
                &mut env,
                week,
                &["plan", "assess", "--target", "2026-09-01"],
            ),
        }
    }
    env.now = at(22, 0);
    env
}

#[test]
fn every_way_of_reading_gives_the_same_report() {
    let env = engagement();
    // A warm snapshot, kept current by every write of the engagement (and made anew here).
    let warm = reports(&env, &[]);
    assert_eq!(reports(&env, &[]), warm, "a second read of the snapshot");
    let streamed = reports(&env, &[("FTRACK_NO_CACHE", "1")]);
    for (f, (a, b)) in FORMATS.iter().zip(warm.iter().zip(&streamed)) {
        assert_eq!(a, b, "{f}: the snapshot against a streamed read");
    }
    let json: serde_json::Value = serde_json::from_str(&warm[3]).unwrap();
    let weeks = json["burnup"].as_array().unwrap();
    assert_eq!(weeks.len(), 23, "{weeks:?}");
    assert!(
        weeks
            .iter()
            .any(|w| !w["back"].as_array().unwrap().is_empty())
    );
    assert!(
        weeks
            .iter()
            .any(|w| !w["advances"].as_array().unwrap().is_empty())
    );

    // A plan for a phase the catalog lacks, dated after now, changes nothing a report shows;
    // but the fold cannot leave out an event after now, so the whole journal is read and the
    // burn-up drawn from its events.
    let mut journal = std::fs::read_to_string(env.journal()).unwrap();
    journal.push_str(&format!(
        "{{\"v\":1,\"id\":\"ffffffffffffffffffffffffffffffff\",\"at\":\"{}\",\"seq\":1,\"clock\":999999,\"by\":\"x\",\"op\":\"plan\",\"phase\":\"no-such-phase\",\"due\":\"2027-01-01\"}}\n",
        at(30, 0)
    ));
    std::fs::write(env.journal(), journal).unwrap();
    let replayed = reports(&env, &[]);
    for (f, (a, b)) in FORMATS.iter().zip(warm.iter().zip(&replayed)) {
        assert_eq!(a, b, "{f}: the snapshot against the events");
    }
    assert_eq!(reports(&env, &[("FTRACK_NO_CACHE", "1")]), replayed);
}
