//! The meeting report's summary: the order of its sections, the status colour (RAG) rule,
//! planned against actual, "What is next", the weekly burn-up, and the HTML's time zone and
//! paper; the same facts in every format.

use crate::common::TestEnv;

/// Five weeks of an engagement, at 2026-11-25T12:00:00Z (a Wednesday): initiate advanced on
/// time, assess advanced by force with required items open, one of them overdue; an added item
/// in remediate due within 7 days.
pub fn engagement() -> TestEnv {
    let mut env = TestEnv::new();
    let steps: [(&str, &[&str]); 13] = [
        ("10-26T09", &["init", "--name", "Contoso"]),
        ("10-26T10", &["plan", "initiate", "--target", "2026-11-06"]),
        ("10-26T10", &["plan", "remediate", "--target", "2026-11-30"]),
        ("10-27T10", &["done", "begin-onboarding"]),
        ("11-03T10", &["done", "kickoff-meeting", "--by", "sam"]),
        ("11-04T16", &["advance"]),
        (
            "11-05T10",
            &[
                "assign",
                "remediation-checklist-meetings",
                "--owner",
                "Sam",
                "--due",
                "2026-11-18",
            ],
        ),
        (
            "11-05T10",
            &["assign", "migration-support-plan", "--due", "2026-12-20"],
        ),
        ("11-12T10", &["done", "stakeholders"]),
        (
            "11-13T10",
            &["waive", "on-premises-mfa", "--reason", "cloud"],
        ),
        (
            "11-19T16",
            &[
                "add",
                "--phase",
                "remediate",
                "Upgrade AD FS",
                "--id",
                "adfs",
                "--owner",
                "alice",
                "--due",
                "2026-12-02",
            ],
        ),
        ("11-20T10", &["advance", "--force", "--reason", "SteerCo"]),
        ("11-24T10", &["done", "user-provisioning-meetings"]),
    ];
    for (at, args) in steps {
        env.now = format!("2026-{at}:00:00Z");
        env.run(args).ok();
    }
    env.now = crate::common::NOW.to_string();
    env
}

fn json(env: &TestEnv) -> serde_json::Value {
    env.run(&["report", "--format", "json"]).ok().json()
}

fn phase<'a>(j: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    j["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["phase"] == name)
        .unwrap()
}

#[test]
fn the_status_colour_follows_the_documented_rule() {
    let env = engagement();
    let j = json(&env);
    assert_eq!(j["rag"], "red", "the worst of the phases");
    let assess = phase(&j, "assess");
    assert_eq!(assess["rag"], "red");
    let reasons = assess["rag_reasons"].to_string();
    assert!(
        reasons.contains("remediation-checklist-meetings overdue (due 2026-11-18)"),
        "{reasons}"
    );
    assert!(reasons.contains("advanced by force"), "{reasons}");
    // Current phase: an item due within 7 days, and a target within 7 days, gate blocked.
    let remediate = phase(&j, "remediate");
    assert_eq!(remediate["rag"], "amber");
    let reasons = remediate["rag_reasons"].to_string();
    assert!(reasons.contains("adfs due 2026-12-02"), "{reasons}");
    assert!(
        reasons.contains("target 2026-11-30 with the gate blocked"),
        "{reasons}"
    );
    assert_eq!(phase(&j, "initiate")["rag"], "green");
    assert_eq!(phase(&j, "enable")["rag"], "green");
    assert_eq!(phase(&j, "initiate")["rag_reasons"], serde_json::json!([]));

    // Closing the overdue item leaves the forced advance with required items open: still red.
    env.run(&["done", "remediation-checklist-meetings"]).ok();
    assert_eq!(phase(&json(&env), "assess")["rag"], "red");
    env.run(&[
        "waive",
        "service-configuration-meetings",
        "migration-support-plan",
        "--reason",
        "x",
    ])
    .ok();
    assert_eq!(phase(&json(&env), "assess")["rag"], "green");
    // An overdue item in a later phase is amber, not red.
    env.run(&["assign", "network-configuration", "--due", "2026-11-01"])
        .ok();
    assert_eq!(phase(&json(&env), "enable")["rag"], "amber");
}

#[test]
fn planned_against_actual_per_phase() {
    let env = engagement();
    let j = json(&env);
    let initiate = phase(&j, "initiate");
    assert_eq!(initiate["target"], "2026-11-06");
    assert_eq!(initiate["advanced"], "2026-11-04");
    assert_eq!(initiate["late_days"], -2);
    assert!(phase(&j, "assess")["target"].is_null());
    assert_eq!(phase(&j, "assess")["advanced"], "2026-11-20");
    let text = env.run(&["report"]).ok().stdout;
    assert!(
        text.contains("initiate: target 2026-11-06, advanced 2026-11-04 (2 days early)"),
        "{text}"
    );
}

#[test]
fn summary_first_then_what_is_next_then_the_current_phase_then_the_rest_then_since() {
    let env = engagement();
    let text = env.run(&["report", "--since", "7d"]).ok().stdout;
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing:\n{text}"))
    };
    let order = [
        at("── Summary"),
        at("── Burn-up"),
        at("── What is next"),
        at("── remediate (current phase)"),
        at("── general (engagement-wide)"),
        at("── initiate"),
        at("── Since "),
    ];
    assert!(order.is_sorted(), "{order:?}\n{text}");
    let md = env
        .run(&["report", "--since", "7d", "--format", "markdown"])
        .ok()
        .stdout;
    let at = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("{needle}:\n{md}"));
    let order = [
        at("## Summary"),
        at("## Burn-up"),
        at("## What is next"),
        at("## remediate (current phase)"),
        at("## general"),
        at("## Since"),
    ];
    assert!(order.is_sorted(), "{order:?}\n{md}");
    let html = env
        .run(&["report", "--since", "7d", "--format", "html"])
        .ok()
        .stdout;
    let at = |needle: &str| html.find(needle).unwrap();
    assert!(
        at("id=\"summary\"") < at("id=\"next\"")
            && at("id=\"next\"") < at("id=\"phase-remediate\"")
            && at("id=\"phase-remediate\"") < at("id=\"phase-general\"")
            && at("id=\"phase-enable\"") < at("class=\"since\"")
    );
}

#[test]
fn what_is_next_lists_items_due_within_14_days_and_overdue_by_owner() {
    let env = engagement();
    let j = json(&env);
    let groups: Vec<(String, Vec<String>)> = j["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["owner"].as_str().unwrap_or("-").to_string(),
                g["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| format!("{} {} {}", i["id"], i["due"], i["overdue"]))
                    .collect(),
            )
        })
        .collect();
    // migration-support-plan is due in 25 days: not listed.
    assert_eq!(
        groups,
        [
            (
                "alice".into(),
                vec!["\"adfs\" \"2026-12-02\" false".to_string()]
            ),
            (
                "Sam".into(),
                vec!["\"remediation-checklist-meetings\" \"2026-11-18\" true".to_string()]
            ),
        ]
    );
    let text = env.run(&["report"]).ok().stdout;
    assert!(
        text.contains("remediation-checklist-meetings (assess, due 2026-11-18, 7 days overdue)"),
        "{text}"
    );
}

#[test]
fn the_burn_up_has_a_point_per_week_ending_at_the_overall_progress() {
    let env = engagement();
    let j = json(&env);
    let weeks = j["burnup"].as_array().unwrap();
    let got: Vec<(String, u64, u64, String)> = weeks
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap().to_string(),
                w["closed"].as_u64().unwrap(),
                w["total"].as_u64().unwrap(),
                w["advances"].to_string(),
            )
        })
        .collect();
    let week = |w: &str, c, t, a: &str| (w.to_string(), c, t, a.to_string());
    assert_eq!(
        got,
        [
            week("2026-10-26", 1, 38, "[]"),
            week("2026-11-02", 2, 38, "[\"assess\"]"),
            week("2026-11-09", 4, 38, "[]"),
            week("2026-11-16", 4, 39, "[\"remediate\"]"),
            week("2026-11-23", 5, 39, "[]"),
        ]
    );
    assert_eq!(j["progress"]["closed"], 5);
    assert_eq!(j["progress"]["total"], 39);

    let md = env.run(&["report", "--format", "markdown"]).ok().stdout;
    assert!(md.contains("```mermaid\n---\nconfig:\n"), "{md}");
    assert!(md.contains("---\nxychart-beta\n"), "{md}");
    assert!(
        md.contains("    line [1, 2, 4, 4, 5]\n    line [38, 38, 38, 39, 39]\n"),
        "{md}"
    );
    assert!(md.contains("| 2026-11-16 | 4 | 39 | → remediate |"), "{md}");
    let text = env.run(&["report"]).ok().stdout;
    assert!(
        text.lines()
            .any(|l| l.starts_with("2026-11-16 █") && l.ends_with("4/39   → remediate")),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80));
    let html = env.run(&["report", "--format", "html"]).ok().stdout;
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<circle class=\"pt\"").count(), 5);
    assert_eq!(svg.matches("<line class=\"adv\"").count(), 2);
}

#[test]
fn html_times_are_local_unless_utc_and_the_paper_is_chosen() {
    let env = engagement();
    let berlin = env
        .run_env(&["report", "--format", "html"], &[("TZ", "Europe/Berlin")])
        .ok()
        .stdout;
    let plain = |s: &str| s.replace("<span class=\"w\">", "").replace("</span>", "");
    assert!(
        plain(&berlin).contains(
            "Generated <span class=\"date\">2026-11-25 13:00 · times in Europe/Berlin (+01:00)"
        ),
        "{berlin}"
    );
    // kickoff-meeting was done at 10:00 UTC: 11:00 in Berlin.
    assert!(plain(&berlin).contains("2026-11-03 11:00"), "{berlin}");
    let utc = env
        .run_env(
            &["report", "--format", "html", "--utc", "--paper", "letter"],
            &[("TZ", "Europe/Berlin")],
        )
        .ok()
        .stdout;
    assert!(
        plain(&utc).contains("2026-11-25 12:00 · times in UTC"),
        "{utc}"
    );
    assert!(utc.contains("@page{size:letter landscape;"));
    assert!(!utc.contains("T12:00:00Z"), "no raw times in the page");
}

#[test]
fn csv_bom_is_asked_for_and_dates_stay_iso() {
    let env = engagement();
    let plain = env
        .cmd(&["report", "--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    assert!(plain.starts_with(b"\"phase\",\"status\",\"id\","));
    let bom = env
        .cmd(&["report", "--format", "csv", "--bom"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom[3..], &plain[..]);
    let text = String::from_utf8(bom).unwrap();
    assert!(text.contains(",\"2026-11-18\",\"true\","), "{text}");
    assert!(text.contains(",\"2026-11-12T10:00:00Z\","), "{text}");
}

/// (DTSTART, DTEND, SUMMARY, UID) of each event of an iCalendar text, parsed.
fn events(ics: &str) -> Vec<(String, String, String, String)> {
    use icalendar::{Component, DatePerhapsTime};
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let day = |d: Option<DatePerhapsTime>| match d {
        Some(DatePerhapsTime::Date(d)) => d.to_string(),
        other => panic!("not an all-day event: {other:?}"),
    };
    cal.components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| {
            (
                day(e.get_start()),
                day(e.get_end()),
                e.get_summary().unwrap().to_string(),
                e.get_uid().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_calendar_has_open_due_items_and_targets_with_stable_uids() {
    let env = engagement();
    let ics = env.run(&["report", "--format", "ics"]).ok().stdout;
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"),
        "{ics}"
    );
    assert_eq!(ics.matches("PRODID:").count(), 1);
    assert!(
        ics.contains("DTSTAMP:20261125T120000Z\r\n"),
        "the report's time"
    );
    let got = events(&ics);
    let summaries: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(s, e, sum, _)| (s.as_str(), e.as_str(), sum.as_str()))
        .collect();
    assert_eq!(
        summaries,
        [
            (
                "2026-11-06",
                "2026-11-07",
                "[Contoso] Target: initiate signed off"
            ),
            (
                "2026-11-18",
                "2026-11-19",
                "[Contoso] Due: Help create the remediation checklist and overall plan"
            ),
            (
                "2026-12-20",
                "2026-12-21",
                "[Contoso] Due: Create a support plan for migration readiness"
            ),
            (
                "2026-11-30",
                "2026-12-01",
                "[Contoso] Target: remediate signed off"
            ),
            ("2026-12-02", "2026-12-03", "[Contoso] Due: Upgrade AD FS"),
        ]
    );
    // A new due date moves the event: the same UID, so a calendar updates it.
    env.run(&["assign", "adfs", "--due", "2026-12-09"]).ok();
    let moved = events(&env.run(&["report", "--format", "ics"]).ok().stdout);
    assert_eq!(moved[4].0, "2026-12-09");
    assert_eq!(moved[4].3, got[4].3);
    let uids: std::collections::HashSet<&String> = got.iter().map(|e| &e.3).collect();
    assert_eq!(uids.len(), got.len(), "one UID per event");
    // Closed items leave the calendar.
    env.run(&["done", "adfs"]).ok();
    assert_eq!(
        events(&env.run(&["report", "--format", "ics"]).ok().stdout).len(),
        4
    );
    env.run(&["report", "-o", "due.ics"]).ok();
    assert!(
        std::fs::read_to_string(env.work().join("due.ics"))
            .unwrap()
            .contains("BEGIN:VEVENT")
    );
}

#[test]
fn excel_needs_an_output_file() {
    let env = engagement();
    let r = env.run(&["report", "--format", "xlsx"]).code(2);
    assert_eq!(
        r.stderr,
        "error: the Excel report is a binary file, not text\nhint: write it to a file: --output report.xlsx\n"
    );
    assert!(r.stdout.is_empty());
    let r = env.run(&["report", "--output", "checkpoint.xlsx"]).ok();
    assert_eq!(r.stdout, "Wrote the Excel report to checkpoint.xlsx.\n");
    let bytes = std::fs::read(env.work().join("checkpoint.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip package");
    // A workbook whose chart and data bars a reader accepts.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(env.work().join("checkpoint.xlsx")).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let weeks: Vec<String> = summary
        .rows()
        .skip_while(|r| r[0] != calamine::Data::String("Week of".into()))
        .skip(1)
        .map(|r| format!("{} {} {}", r[1], r[2], r[3]))
        .collect();
    assert_eq!(
        weeks,
        [
            "1 38 ",
            "2 38 → assess",
            "4 38 ",
            "4 39 → remediate",
            "5 39 "
        ]
    );
}

#[test]
fn a_hostile_engagement_name_stays_text_in_the_page_header_the_workbook_and_the_calendar() {
    let env = TestEnv::new();
    let name = "x\"}</style><script>alert(1)</script>;\\,\n@page{}";
    env.run(&["init", "--name", name]).ok();
    env.run(&["assign", "kickoff-meeting", "--due", "2026-12-01"])
        .ok();
    let html = env.run(&["report", "--format", "html"]).ok().stdout;
    assert!(!html.contains("<script"), "{html}");
    assert_eq!(
        html.matches("</style>").count(),
        1,
        "the name cannot end the style"
    );
    // The print header's string holds the name only as escapes.
    let page = &html[html.find("@page{size:").unwrap()..];
    let page = &page[..page.find('\n').unwrap()];
    assert!(
        !page.contains("alert(1)") && page.contains("\\00003c "),
        "{page}"
    );

    let ics = env.run(&["report", "--format", "ics"]).ok().stdout;
    let cal: icalendar::Calendar = ics.parse().unwrap();
    use icalendar::Component;
    let event = cal.components.iter().find_map(|c| c.as_event()).unwrap();
    assert!(event.get_summary().unwrap().contains("alert(1)"), "{ics}");
    assert!(ics.lines().all(|l| l.len() <= 75), "folded lines: {ics}");

    env.run(&["report", "-o", "r.xlsx"]).ok();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(env.work().join("r.xlsx")).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    assert!(
        summary
            .get_value((0, 0))
            .unwrap()
            .to_string()
            .contains("<script>")
    );
}

#[test]
fn a_tracker_with_nothing_recorded_reports_in_every_format() {
    let env = TestEnv::new();
    for format in ["text", "markdown", "html", "json", "csv", "ics"] {
        env.run(&["report", "--format", format]).ok();
    }
    env.run(&["report", "-o", "empty.xlsx"]).ok();
    let j = json(&env);
    assert_eq!(j["burnup"].as_array().unwrap().len(), 1, "this week only");
    assert_eq!(j["burnup"][0]["closed"], 0);
    assert_eq!(j["rag"], "green");
}

/// The text and Markdown reports of `engagement()`, byte for byte: a layout change is a
/// reviewed diff. `UPDATE_GOLDEN=1 cargo test --test report_summary` rewrites the files.
#[test]
fn the_text_and_markdown_reports_match_their_golden_files() {
    let env = engagement();
    for (format, file) in [("text", "report.txt"), ("markdown", "report.md")] {
        let got = env
            .run(&["report", "--since", "7d", "--format", format])
            .ok()
            .stdout;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(file);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            got == want,
            "{file} differs from the report (UPDATE_GOLDEN=1 to accept):\n{got}"
        );
    }
}
