//! The weekly burn-up, folded as the journal is replayed, so that a report need not read the
//! journal again: per week (the Monday of its UTC date) the items in the engagement and closed
//! at the end of the week, and the advances made during it. Kept in the snapshot (a few bytes a
//! week and an item); the report asks `Engagement::burnup_weeks` for the weeks up to its `now`.
//!
//! The meaning is the report's (`present::report::facts::burnup`, which reads the events when
//! this cannot answer): the events are taken in replay order, each in the week of its time or,
//! when an earlier event in replay order is in a later week (clocks that disagree), in that one.
//! This answers only when every event is at or before `now` (the report leaves later ones out,
//! which a fold cannot take back) and every date is far from the ends of the calendar.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Engagement;
use crate::model::event::{Event, Op};

/// The most weeks a burn-up shows (ten years): events before its first week count in it. An
/// engagement is months long; a hand-made line dated in year 1 must not make a report of
/// 100,000 weeks.
pub const MAX_WEEKS: u64 = 520;

/// One week of the burn-up, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    /// The Monday the week starts (UTC).
    pub week: NaiveDate,
    /// Items in the engagement at the end of the week (added from their add, retired no longer).
    pub total: usize,
    /// Of those, done or waived.
    pub closed: usize,
    /// Phases (or `complete`) entered by an advance during the week, not undone since.
    pub advances: Vec<String>,
    /// Phases returned to by a step back during the week.
    pub back: Vec<String>,
}

/// The Monday of `d`'s week (`d` itself at the start of the calendar).
pub fn monday(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(d)
}

/// An advance the burn-up marks in its week, unless an undo takes it back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Mark {
    id: String,
    back: bool,
    to: String,
}

/// A week that had events: the counts after its last one, and its advances.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Bucket {
    /// Day number (from the common era) of its Monday.
    day: i32,
    total: usize,
    closed: usize,
    marks: Vec<Mark>,
}

const EXISTS: u8 = 1;
const CLOSED: u8 = 2;
const RETIRED: u8 = 4;

/// The fold: what each item is (in the engagement yet, closed, retired), the weeks so far, and
/// what a render needs to know about all the events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Burnup {
    /// Per item, `EXISTS | CLOSED | RETIRED` (items are added to it as they are placed).
    items: Vec<u8>,
    total: usize,
    closed: usize,
    /// The first event's time (in replay order).
    first: Option<DateTime<Utc>>,
    /// The latest event time seen.
    latest: Option<DateTime<Utc>>,
    buckets: Vec<Bucket>,
    /// Every event id any event undoes.
    undone: BTreeSet<String>,
    /// A date too near the ends of the calendar: the report reads the events instead.
    broken: bool,
}

impl Burnup {
    /// Catch up with the items placed since (an item of the catalog is there from the start,
    /// an added one from its add).
    fn grow(&mut self, t: &Engagement) {
        for task in &t.catalog.tasks[self.items.len().min(t.catalog.tasks.len())..] {
            let exists = task.added.is_none();
            self.items.push(if exists { EXISTS } else { 0 });
            self.total += usize::from(exists);
        }
    }

    /// Set item `i`'s flags, keeping the counts.
    fn set(&mut self, i: usize, flags: u8) {
        let count = |f: u8| {
            let live = f & EXISTS != 0 && f & RETIRED == 0;
            (usize::from(live), usize::from(live && f & CLOSED != 0))
        };
        let (t0, c0) = count(self.items[i]);
        let (t1, c1) = count(flags);
        self.items[i] = flags;
        self.total = self.total + t1 - t0;
        self.closed = self.closed + c1 - c0;
    }

    /// The burn-up of `events`, in replay order, replayed into `t`.
    pub(super) fn of(t: &Engagement, events: &[Event]) -> Burnup {
        let mut b = Burnup::default();
        for e in events {
            b.fold(t, e);
        }
        b
    }

    /// Fold one more event, in replay order (`t`: the state it is replayed into).
    pub(super) fn fold(&mut self, t: &Engagement, e: &Event) {
        if e.op == Op::Layout {
            return;
        }
        self.grow(t);
        self.undone.extend(e.undoes.iter().cloned());
        self.first.get_or_insert(e.at);
        self.latest = self.latest.max(Some(e.at));
        let far = |d: NaiveDate| {
            d.checked_sub_days(Days::new(28)).is_none()
                || d.checked_add_days(Days::new(28)).is_none()
        };
        if far(e.at.date_naive()) {
            self.broken = true;
            return;
        }
        // (In the week of the event, or of a later event before it in replay order.)
        let day = monday(e.at.date_naive()).num_days_from_ce();
        if self.buckets.last().is_none_or(|b| b.day < day) {
            self.buckets.push(Bucket {
                day,
                ..Bucket::default()
            });
        }
        self.apply(t, e);
        let (total, closed) = (self.total, self.closed);
        let bucket = self.buckets.last_mut().expect("pushed above");
        bucket.total = total;
        bucket.closed = closed;
    }

    /// What one event does to the burn-up (the report's rules).
    fn apply(&mut self, t: &Engagement, e: &Event) {
        if e.op == Op::Advance {
            if let (true, Some(to)) = (e.undoes.is_empty(), e.to.as_ref()) {
                let mark = Mark {
                    id: e.id.clone(),
                    back: e.back,
                    to: to.clone(),
                };
                let bucket = self.buckets.last_mut().expect("a bucket for the event");
                bucket.marks.push(mark);
            }
            return;
        }
        let Some(i) = t.target_of(e).filter(|&i| i < self.items.len()) else {
            return;
        };
        let added = t.catalog.task(i).added.is_some();
        let f = self.items[i];
        // An undo puts back the status the item had, a retired one included (as replay).
        if e.op == Op::Undo {
            match e.status.as_deref() {
                Some("retired") if added => self.set(i, f | RETIRED),
                Some("retired") => self.set(i, f & !RETIRED),
                Some("done" | "waived") => self.set(i, (f & !RETIRED) | CLOSED),
                Some(_) => self.set(i, f & !RETIRED & !CLOSED),
                None => {}
            }
            return;
        }
        if f & RETIRED != 0 {
            return;
        }
        match e.op {
            Op::Add => self.set(i, f | EXISTS),
            Op::Done | Op::Waive => self.set(i, f | CLOSED),
            Op::Reopen => self.set(i, f & !CLOSED),
            Op::Retire if added => self.set(i, f | RETIRED),
            _ => {}
        }
    }
}

impl Engagement {
    /// The burn-up per week, from the week of the first event to that of `now` (at most
    /// `MAX_WEEKS`), as folded during the replay; None when the fold cannot say (an event after
    /// `now`, or a date at the ends of the calendar): the report then reads the events.
    pub fn burnup_weeks(&self, now: DateTime<Utc>) -> Option<Vec<WeekCount>> {
        let b = &self.burnup;
        if b.broken || b.latest.is_some_and(|l| l > now) {
            return None;
        }
        let first = b.first.map_or(now, |f| f.min(now));
        let end = monday(now.date_naive());
        let earliest = end
            .checked_sub_days(Days::new(7 * (MAX_WEEKS - 1)))
            .unwrap_or(end);
        let mut week = monday(first.date_naive()).max(earliest);
        let (mut total, mut closed) = match b.buckets.is_empty() {
            // No event: every item of the catalog, none closed.
            true => (
                self.catalog
                    .tasks
                    .iter()
                    .filter(|k| k.added.is_none())
                    .count(),
                0,
            ),
            false => (0, 0),
        };
        let mut buckets = b.buckets.iter().peekable();
        let mut out = Vec::new();
        loop {
            let next = week.checked_add_days(Days::new(7));
            let (mut advances, mut back) = (Vec::new(), Vec::new());
            let day = week.num_days_from_ce();
            while let Some(k) = buckets.next_if(|k| next.is_none() || k.day <= day) {
                (total, closed) = (k.total, k.closed);
                for m in k.marks.iter().filter(|m| !b.undone.contains(&m.id)) {
                    match m.back {
                        true => back.push(m.to.clone()),
                        false => advances.push(m.to.clone()),
                    }
                }
            }
            out.push(WeekCount {
                week,
                total,
                closed,
                advances,
                back,
            });
            match next {
                Some(next) if week < end => week = next,
                _ => return Some(out),
            }
        }
    }
}
