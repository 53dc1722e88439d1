//! `ftrack undo`: which command to take back, and the events that take it back. Nothing is
//! ever deleted: an undo appends compensating events, each naming the events it undoes
//! (`undoes`), so that the next undo skips both and takes back the command before.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::model::event::{Event, Op};
use crate::model::state::{Engagement, TaskState, apply_to_task};

/// What an undo would do, or why it cannot.
pub enum Plan {
    /// The events of the command taken back (in replay order) and the events that do it.
    Undo {
        undone: Vec<Event>,
        events: Vec<Event>,
    },
    /// Nothing of this user's is left to undo (only `init`, or nothing at all).
    Nothing,
}

/// The commands in `events` (replay order), as index ranges: an event whose `more` is N starts
/// a command of N + 1 events written together (same writer, time, and following `seq`s).
fn commands(events: &[Event]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut claimed = vec![false; events.len()];
    for (i, e) in events.iter().enumerate() {
        if claimed[i] {
            continue;
        }
        let mut group = vec![i];
        for n in 1..=u64::from(e.more) {
            let next =
                events.iter().enumerate().skip(i + 1).find(|(j, f)| {
                    !claimed[*j] && f.by == e.by && f.at == e.at && f.seq == e.seq + n
                });
            if let Some((j, _)) = next {
                claimed[j] = true;
                group.push(j);
            }
        }
        out.push(group);
    }
    out
}

/// Plan the undo of the last command `by` recorded that is neither an undo nor undone already.
/// `t` must hold every event (a full load).
pub fn plan(t: &Engagement, by: &str, now: DateTime<Utc>) -> Plan {
    let events = &t.events;
    let undone: HashSet<&str> = events
        .iter()
        .flat_map(|e| e.undoes.iter().map(String::as_str))
        .collect();
    let last = commands(events).into_iter().rev().find(|g| {
        let first = &events[g[0]];
        first.by == by
            && first.undoes.is_empty()
            && !undone.contains(first.id.as_str())
            && first.op != Op::Init
    });
    let Some(group) = last else {
        return Plan::Nothing;
    };
    let ids: Vec<String> = group.iter().map(|&i| events[i].id.clone()).collect();
    let start = group[0];
    let mut out: Vec<Event> = Vec::new();
    let mut restored: Vec<usize> = Vec::new();
    for &i in &group {
        let e = &events[i];
        let compensating = match e.op {
            Op::Advance => Some(cursor_event(e, by, now)),
            Op::Assign | Op::Note => t.target_of(e).map(|idx| {
                let before = state_before(t, idx, start);
                let mut c = on_task(t, idx, e.op, by, now);
                if e.op == Op::Note {
                    c.note = before.note;
                } else {
                    c.owner = e.owner.as_ref().map(|_| before.owner.unwrap_or_default());
                    c.due = e
                        .due
                        .as_ref()
                        .map(|_| before.due.map(|d| d.to_string()).unwrap_or_default());
                }
                c
            }),
            Op::Done | Op::Reopen | Op::Waive | Op::Retire | Op::Add => {
                t.target_of(e).filter(|i| !restored.contains(i)).map(|idx| {
                    restored.push(idx);
                    let before = if e.op == Op::Add {
                        TaskState {
                            status: crate::model::state::Status::Retired,
                            ..TaskState::default()
                        }
                    } else {
                        state_before(t, idx, start)
                    };
                    let mut c = on_task(t, idx, Op::Undo, by, now);
                    c.status = Some(before.status.as_str().to_string());
                    c.done_by = before.done_by;
                    c.done_at = before.done_at;
                    c.note = before.note;
                    c
                })
            }
            Op::Plan => {
                // Back to the target the phase had before: the latest plan for it earlier on.
                let before = events[..start]
                    .iter()
                    .rev()
                    .find(|p| p.op == Op::Plan && p.phase == e.phase)
                    .and_then(|p| p.due.clone())
                    .unwrap_or_default();
                let mut c = Event::new(Op::Plan, now, by);
                c.phase = e.phase.clone();
                c.due = Some(before);
                Some(c)
            }
            Op::Init | Op::Undo | Op::Layout => None,
        };
        out.extend(compensating);
    }
    for c in &mut out {
        c.undoes = ids.clone();
    }
    Plan::Undo {
        undone: group.iter().map(|&i| events[i].clone()).collect(),
        events: out,
    }
}

/// The move that takes an advance (or a step back) back: from where it went to where it was.
fn cursor_event(e: &Event, by: &str, now: DateTime<Utc>) -> Event {
    let (from, to) = (
        e.to.clone().unwrap_or_default(),
        e.from.clone().unwrap_or_default(),
    );
    let mut c = if e.back {
        let mut c = Event::new(Op::Advance, now, by);
        c.from = Some(from);
        c.to = Some(to);
        c
    } else {
        Event::back(now, by, from, to)
    };
    c.reason = Some("undo".to_string());
    c
}

fn on_task(t: &Engagement, idx: usize, op: Op, by: &str, now: DateTime<Utc>) -> Event {
    let task = t.catalog.task(idx);
    Event::new(op, now, by)
        .with_task(&task.id)
        .with_origin(task.added.as_ref().map(|a| a.event.as_str()))
}

/// The state of item `idx` after the events before position `end` (replay order).
fn state_before(t: &Engagement, idx: usize, end: usize) -> TaskState {
    let added = t.catalog.tasks[idx].added.is_some();
    let mut s = TaskState::default();
    for e in &t.events[..end] {
        if e.op != Op::Add && t.is_about(e, idx) {
            apply_to_task(&mut s, e, added);
        }
    }
    s
}
