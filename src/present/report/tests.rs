//! Every format renders from a hostile journal without panicking (the fuzz target `report`
//! goes wider): dates at the ends of chrono's range, texts longer than a spreadsheet cell,
//! deceptive characters, clocks and sequence numbers at their limits.

use proptest::prelude::*;

use super::{Format, Options, Paper, ReportView, Zone};
use crate::model::catalog::Catalog;
use crate::model::event::Event;
use crate::model::state::Engagement;

fn render_all(lines: &[String]) {
    let events: Vec<Event> = lines
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let t = Engagement::replay(Catalog::embedded().unwrap(), events);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z").unwrap();
    let view = ReportView::new(&t, &[], None, now, &|_| {
        chrono::FixedOffset::east_opt(0).unwrap()
    });
    let options = Options {
        paper: Paper::A4,
        bom: false,
        zone: Zone::utc(),
    };
    for format in [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::Csv,
        Format::Xlsx,
        Format::Ics,
    ] {
        format.render(&view, &options).unwrap();
    }
}

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("-262143-01-01T00:00:00Z".to_string()),
        Just("+262142-12-31T23:59:59Z".to_string()),
        Just("0000-01-01T00:00:00Z".to_string()),
        Just("1899-12-31T23:59:59Z".to_string()),
        Just("9999-12-31T23:59:59Z".to_string()),
        (1970i32..2100, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}T10:00:00Z")),
    ]
}

fn date() -> impl Strategy<Value = String> {
    time().prop_map(|t| t[..t.find('T').unwrap()].to_string())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x".repeat(40_000)),
        Just("a\u{202e}b\u{200b}c\u{1b}[2J\r\nd".to_string()),
        ".{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_format_renders_from_a_hostile_journal(
        events in proptest::collection::vec(
            (0usize..6, time(), date(), text(), 0u64..3, prop_oneof![Just(0u64), Just(1u64 << 53)]),
            1..12,
        )
    ) {
        let tasks = ["kickoff-meeting", "stakeholders", "program-management"];
        let mut lines = vec![format!(
            r#"{{"v":3,"id":"init","at":"2026-11-01T00:00:00Z","seq":1,"clock":1,"by":"m","op":"init","name":"X"}}"#
        )];
        for (n, (op, at, due, text, task, clock)) in events.into_iter().enumerate() {
            let task = tasks[task as usize];
            let note = serde_json::to_string(&text).unwrap();
            let body = match op {
                0 => format!(r#""op":"done","task":"{task}","note":{note},"done_at":"{at}""#),
                1 => format!(r#""op":"assign","task":"{task}","owner":{note},"due":"{due}""#),
                2 => format!(r#""op":"plan","phase":"assess","due":"{due}""#),
                3 => format!(r#""op":"waive","task":"{task}","reason":{note}"#),
                4 => r#""op":"advance","from":"initiate","to":"assess","forced":true,"reason":"r""#.to_string(),
                _ => format!(r#""op":"reopen","task":"{task}","note":{note}"#),
            };
            lines.push(format!(
                r#"{{"v":3,"id":"e{n}","at":"{at}","seq":{s},"clock":{c},"by":"m",{body}}}"#,
                s = n + 2,
                c = clock.max(n as u64 + 2),
            ));
        }
        render_all(&lines);
    }
}
