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

/// The burn-up folded during the replay (what a report without history draws) is the burn-up
/// read from the events, whichever way the state was made: replayed whole, streamed in order,
/// or extended by later writes. Random journals: items closed, reopened, added, retired and
/// undone; advances forward and back, some undone; wall clocks that disagree with the logical
/// ones, weeks without events, dates near the ends of the calendar and after `now`.
mod burnup_fold {
    use proptest::prelude::*;

    use crate::model::catalog::Catalog;
    use crate::model::event::{Event, Op};
    use crate::model::state::{Engagement, InOrder};
    use crate::present::report::facts::burnup_from_events;

    fn event(n: usize, (op, id, day, skew, undo): (u8, u8, u16, i8, u8)) -> Event {
        let ops = [
            Op::Done,
            Op::Reopen,
            Op::Waive,
            Op::Add,
            Op::Retire,
            Op::Advance,
            Op::Advance,
            Op::Undo,
            Op::Assign,
            Op::Init,
        ];
        let ids = ["kickoff-meeting", "begin-onboarding", "remediate-x", "gone"];
        let kind = op as usize % ops.len();
        let min = chrono::NaiveDate::MIN
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let base = match day % 40 {
            // Year -251,000 (before the burn-up's ten years), 9999, the calendar's first week.
            0 => -8_000_000_000_000,
            1 => 253_402_300_000,
            2 => min + 8 * 86_400,
            _ => 1_767_225_600 + i64::from(day / 40 % 400) * 86_400,
        };
        let at = chrono::DateTime::from_timestamp(base + i64::from(skew) * 3_600, 0).unwrap();
        let mut e = Event::new(ops[kind], at, "p").with_task(ids[id as usize % ids.len()]);
        e.id = format!("{n:08}");
        e.seq = n as u64;
        e.clock = n as u64 + 1;
        e.reason = Some("r".into());
        e.phase = Some("remediate".into());
        if e.op == Op::Advance {
            e.task = None;
            e.to = Some(["assess", "remediate", "enable", "complete"][id as usize % 4].into());
            e.from = Some("initiate".into());
            e.back = kind == 6;
        }
        if e.op == Op::Undo {
            e.status = Some(["done", "retired", "outstanding", "waived"][id as usize % 4].into());
        }
        if undo % 4 == 0 && n > 0 {
            e.undoes = vec![format!("{:08}", n - 1 - (undo as usize / 4) % n)];
        }
        e
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn the_fold_draws_what_the_events_draw(
            ops in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u16>(), any::<i8>(), any::<u8>()), 0..40),
            split in any::<usize>(),
            now_day in 2u16..800,
        ) {
            let events: Vec<Event> = ops.into_iter().enumerate().map(|(n, o)| event(n, o)).collect();
            let now = chrono::DateTime::from_timestamp(1_767_225_600 + i64::from(now_day) * 86_400, 0).unwrap();
            let catalog = || Catalog::embedded().unwrap();
            let min = chrono::NaiveDate::MIN.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() + 90 * 86_400;
            let full = Engagement::replay(catalog(), events.clone());
            let drawn = burnup_from_events(&full, now);
            let folded = full.burnup_weeks(now);
            if full.events.iter().all(|e| e.at <= now && e.at.timestamp() > min) {
                prop_assert!(folded.is_some(), "the fold answers when every event is before now");
            }
            if let Some(folded) = folded {
                prop_assert_eq!(&folded, &drawn);
            }
            // Streamed in order, then the rest appended as later writes.
            let cut = if events.is_empty() { 0 } else { split % (events.len() + 1) };
            let mut t = Engagement::new(catalog());
            let mut seen = InOrder::default();
            if events[..cut].iter().all(|e| t.push_in_order(e, &mut seen))
                && seen.finished()
                && t.extend(&events[cut..])
            {
                prop_assert_eq!(t.burnup_weeks(now), full.burnup_weeks(now));
            }
        }
    }
}
