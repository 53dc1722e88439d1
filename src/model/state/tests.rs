//! Unit tests of replay, gating and streaming.

use super::*;
use crate::model::catalog::Catalog;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn ev(op: Op, time: &str, task: &str) -> Event {
    Event::new(op, at(time), "tester").with_task(task)
}

#[test]
fn replay_is_independent_of_line_order_and_duplicates() {
    let a = ev(Op::Done, "2026-11-01T10:00:00Z", "kickoff-meeting");
    let b = ev(Op::Reopen, "2026-11-02T10:00:00Z", "kickoff-meeting");
    let c = ev(Op::Done, "2026-11-01T11:00:00Z", "begin-onboarding");
    let one = Engagement::replay(
        Catalog::embedded().unwrap(),
        vec![a.clone(), b.clone(), c.clone()],
    );
    let two = Engagement::replay(Catalog::embedded().unwrap(), vec![c.clone(), b, a, c]);
    let k = one.catalog.lookup("kickoff-meeting").unwrap();
    assert_eq!(one.states[k].status, Status::Outstanding);
    assert_eq!(two.states[k].status, Status::Outstanding);
    assert_eq!(two.events.len(), 3);
    assert_eq!(one.events, two.events);
}

#[test]
fn gate_ignores_optional_items_and_complete_needs_general() {
    let cat = Catalog::embedded().unwrap();
    let mut events: Vec<Event> = cat
        .tasks
        .iter()
        .filter(|t| t.required && cat.phases[t.phase].id != "general")
        .map(|t| ev(Op::Done, "2026-11-01T10:00:00Z", &t.id))
        .collect();
    for (from, to) in [
        ("initiate", "assess"),
        ("assess", "remediate"),
        ("remediate", "enable"),
    ] {
        let mut e = Event::new(Op::Advance, at("2026-11-02T10:00:00Z"), "t");
        e.from = Some(from.into());
        e.to = Some(to.into());
        events.push(e);
    }
    let t = Engagement::replay(cat, events);
    assert_eq!(t.cursor_name(t.cursor), "enable");
    let next = crate::model::gate::check(&t, crate::model::gate::Target::Next);
    assert_eq!(next.step.unwrap().1, Cursor::Complete);
    // Only general items block: enable's optional screen sharing does not.
    assert_eq!(next.blockers.len(), 20);
    assert!(
        next.blockers
            .iter()
            .all(|&i| t.catalog.phases[t.catalog.tasks[i].phase].id == "general")
    );
}

#[test]
fn orphaned_events_are_counted_not_fatal() {
    let t = Engagement::replay(
        Catalog::embedded().unwrap(),
        vec![ev(Op::Done, "2026-11-01T10:00:00Z", "gone")],
    );
    assert_eq!(t.orphans.get("gone"), Some(&1));
}

/// A journal of random operations on a few ids (some unknown, some added), in order and
/// with duplicated lines: streaming it, when it accepts, gives exactly the full replay.
mod stream {
    use super::*;
    use proptest::prelude::*;

    fn event(n: usize, op: u8, id: u8) -> Event {
        let ops = [
            Op::Done,
            Op::Reopen,
            Op::Waive,
            Op::Assign,
            Op::Add,
            Op::Retire,
            Op::Advance,
            // A step back (below), undoing the event before it when `id` is even.
            Op::Advance,
        ];
        let ids = [
            "kickoff-meeting",
            "begin-onboarding",
            "remediate-x",
            "gone",
            "remediation",
        ];
        let kind = op as usize % ops.len();
        let op = ops[kind];
        let at = DateTime::from_timestamp(1_767_225_600 + (n as i64 / 2) * 60, 0).unwrap();
        let mut e = Event::new(op, at, "p").with_task(ids[id as usize % ids.len()]);
        e.id = format!("{n:08}");
        e.seq = n as u64;
        e.reason = Some("r".into());
        e.owner = Some(format!("o{id}"));
        e.phase = Some("remediate".into());
        e.title = Some("X".into());
        if op == Op::Advance {
            e.task = None;
            e.from = Some(["initiate", "assess", "remediate"][id as usize % 3].into());
            e.to = Some(["assess", "remediate", "enable", "complete"][id as usize % 4].into());
            e.forced = id.is_multiple_of(3);
        }
        if kind == 7 {
            e.back = true;
            e.to = Some(["initiate", "assess", "remediate"][id as usize % 3].into());
        }
        if e.op == Op::Advance && id.is_multiple_of(2) && n > 0 {
            e.undoes = vec![format!("{:08}", n - 1)];
        }
        e
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn streaming_equals_replay(ops in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<bool>()), 0..40)) {
            let mut events = Vec::new();
            for (n, (op, id, dup)) in ops.into_iter().enumerate() {
                let e = event(n, op, id);
                if dup {
                    events.push(e.clone());
                }
                events.push(e);
            }
            let full = Engagement::replay(Catalog::embedded().unwrap(), events.clone());
            let mut t = Engagement::new(Catalog::embedded().unwrap());
            let mut prev = InOrder::default();
            if events.iter().all(|e| t.push_in_order(e, &mut prev)) && prev.finished() {
                prop_assert_eq!(&t.states, &full.states);
                prop_assert_eq!(t.cursor, full.cursor);
                prop_assert_eq!(&t.orphans, &full.orphans);
                let ids = |t: &Engagement| t.catalog.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
                prop_assert_eq!(ids(&t), ids(&full));
                prop_assert_eq!(&t.last, &full.last);
                prop_assert_eq!(&t.advances, &full.advances);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Every clone of a merged journal shows the same state, whatever order its lines
        /// arrived in, with logical clocks, wall clocks that disagree, duplicated lines, and
        /// commands of several events some of which were cut off.
        #[test]
        fn any_line_order_replays_the_same(
            ops in proptest::collection::vec((any::<u8>(), any::<u8>(), 0u64..6, any::<i16>(), 0u8..4), 1..30),
            shuffle in proptest::collection::vec(any::<u32>(), 60),
        ) {
            let mut events = Vec::new();
            let mut group: Option<(String, u32)> = None;
            for (n, (op, id, clock, skew, cmd)) in ops.into_iter().enumerate() {
                let mut e = event(n, op, id);
                e.clock = clock;
                e.at += chrono::TimeDelta::seconds(i64::from(skew));
                // cmd 1: start a command of 2 events; 2: continue it; 3: duplicate this line.
                match (cmd, &group) {
                    (1, _) => { group = Some((e.id.clone(), 2)); e.cmd = Some(e.id.clone()); e.n = 2; }
                    (2, Some((c, n))) => { e.cmd = Some(c.clone()); e.n = *n; group = None; }
                    (3, _) => events.push(e.clone()),
                    _ => {}
                }
                events.push(e);
            }
            let first = Engagement::replay(Catalog::embedded().unwrap(), events.clone());
            let mut shuffled = events.clone();
            for (i, r) in shuffle.iter().enumerate().take(shuffled.len()) {
                let j = *r as usize % shuffled.len();
                shuffled.swap(i, j);
            }
            let second = Engagement::replay(Catalog::embedded().unwrap(), shuffled);
            prop_assert_eq!(&first.states, &second.states);
            prop_assert_eq!(first.cursor, second.cursor);
            prop_assert_eq!(&first.orphans, &second.orphans);
            prop_assert_eq!(&first.last, &second.last);
            prop_assert_eq!(&first.advances, &second.advances);
        }
    }

    #[test]
    fn a_later_clock_wins_over_a_later_wall_clock() {
        let mut done = event(0, 0, 0);
        done.at = DateTime::from_timestamp(253_402_300_799, 0).unwrap(); // 9999-12-31
        done.clock = 5;
        let mut reopen = event(1, 1, 0);
        reopen.clock = 6;
        for events in [vec![done.clone(), reopen.clone()], vec![reopen, done]] {
            let t = Engagement::replay(Catalog::embedded().unwrap(), events);
            let i = t.catalog.lookup("kickoff-meeting").unwrap();
            assert_eq!(t.states[i].status, Status::Outstanding);
        }
    }

    #[test]
    fn a_command_with_an_event_missing_counts_for_nothing() {
        let mut a = event(0, 0, 0);
        let mut b = event(1, 0, 1);
        for e in [&mut a, &mut b] {
            e.cmd = Some("c1".into());
            e.n = 3;
        }
        let t = Engagement::replay(Catalog::embedded().unwrap(), vec![a, b]);
        assert!(t.states.iter().all(|s| s.status == Status::Outstanding));
    }

    #[test]
    fn an_add_named_by_an_earlier_event_is_refused() {
        let mut done = event(0, 0, 2);
        done.task = Some("remediate-x".into());
        let add = event(1, 4, 2);
        let mut t = Engagement::new(Catalog::embedded().unwrap());
        let mut prev = InOrder::default();
        assert!(t.push_in_order(&done, &mut prev));
        assert!(!t.push_in_order(&add, &mut prev));
        let full = Engagement::replay(Catalog::embedded().unwrap(), vec![done, add]);
        assert!(
            full.orphans.is_empty(),
            "the full replay applies the done to the added item"
        );
    }
}

#[test]
fn the_last_change_is_the_latest_event_in_replay_order_an_add_included() {
    let done =
        Event::new(Op::Done, at("2026-11-01T10:00:00Z"), "alice").with_task("kickoff-meeting");
    let mut add = Event::new(Op::Add, at("2026-11-03T10:00:00Z"), "bob").with_task("remediate-x");
    add.phase = Some("remediate".into());
    let mut layout = Event::new(Op::Layout, at("2026-11-04T10:00:00Z"), "carol");
    layout.clock = 99;
    let t = Engagement::replay(Catalog::embedded().unwrap(), vec![add, done, layout]);
    let last = t.last_change.expect("a last change");
    assert_eq!((last.by.as_str(), last.op), ("bob", Op::Add));
    assert_eq!(last.at, at("2026-11-03T10:00:00Z"));
    assert!(
        Engagement::new(Catalog::embedded().unwrap())
            .last_change
            .is_none()
    );
}

/// An advance taken back (by an undo, or by `advance --back`) signs nothing off any more; the
/// undo of the step back puts the advance back as it was.
#[test]
fn a_step_back_withdraws_the_advances_it_returns_over() {
    let cat = Catalog::embedded().unwrap();
    let step = |id: &str, time: &str, from: &str, to: &str, back: bool| {
        let mut e = Event::new(Op::Advance, at(time), "t");
        e.id = id.into();
        e.from = Some(from.into());
        e.to = Some(to.into());
        e.back = back;
        e
    };
    let a = step("a", "2026-11-01T10:00:00Z", "initiate", "assess", false);
    let mut b = step("b", "2026-11-02T10:00:00Z", "assess", "remediate", false);
    b.forced = true;
    let c = step("c", "2026-11-03T10:00:00Z", "remediate", "assess", true);
    let t = Engagement::replay(cat.clone(), vec![a.clone(), b.clone(), c.clone()]);
    let assess = t.catalog.phase_index("assess").unwrap();
    let initiate = t.catalog.phase_index("initiate").unwrap();
    assert_eq!(t.cursor_name(t.cursor), "assess");
    assert!(crate::model::gate::signed_off(&t, assess).is_none());
    assert_eq!(
        crate::model::gate::signed_off(&t, initiate).unwrap().id,
        "a"
    );
    let mut undo = step("d", "2026-11-04T10:00:00Z", "assess", "remediate", false);
    undo.undoes = vec!["c".into()];
    let t = Engagement::replay(cat, vec![a, b, c, undo]);
    assert_eq!(t.cursor_name(t.cursor), "remediate");
    let back = crate::model::gate::signed_off(&t, assess).unwrap();
    assert_eq!((back.id.as_str(), back.forced), ("b", true));
}
