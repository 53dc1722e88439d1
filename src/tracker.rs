//! The model: a catalog plus the replayed journal gives each task's state, the current phase and
//! the gates. Knows nothing of terminals or files.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{Added, Catalog, Task};
use crate::journal::{Event, Op};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Outstanding,
    Done,
    Waived,
    /// An added item taken out of the engagement (`ftrack retire`): in no gate, list or count.
    Retired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Outstanding => "outstanding",
            Status::Done => "done",
            Status::Waived => "waived",
            Status::Retired => "retired",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskState {
    pub status: Status,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// Who closed it (done or waived) and when.
    pub done_by: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    /// The latest note, or the waiver reason while waived.
    pub note: Option<String>,
}

/// Where the engagement stands: in a phase (index into the catalog's phases) or complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cursor {
    Phase(usize),
    Complete,
}

pub const COMPLETE: &str = "complete";

/// The replay key of an event: events apply in this order.
pub type Key = (DateTime<Utc>, u64, String);

pub fn key_of(e: &Event) -> Key {
    (e.at, e.seq, e.id.clone())
}

/// Serializable for the snapshot cache (everything but `events`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Tracker {
    pub catalog: Catalog,
    pub states: Vec<TaskState>,
    pub cursor: Cursor,
    pub name: Option<String>,
    /// Catalog path recorded at init (relative to the tracker directory).
    pub catalog_path: Option<String>,
    /// Events in replay order (time, then seq, then id), each once. Only filled by a full
    /// load (`Context::load_full`); a state-only load leaves it empty.
    #[serde(skip)]
    pub events: Vec<Event>,
    /// The advance events, in replay order (who signed each phase off, forced advances).
    pub advances: Vec<Event>,
    /// The key of the last event applied.
    pub last: Option<Key>,
    /// Task ids with events but no catalog entry, and how many events each.
    pub orphans: BTreeMap<String, usize>,
    /// Add event id -> index of the item it added.
    origins: HashMap<String, usize>,
}

/// What `advance` would do from here.
#[derive(Debug, Clone)]
pub struct Advance {
    pub from: Cursor,
    pub to: Cursor,
    /// Required items outstanding that stand in the way (task indices).
    pub blockers: Vec<usize>,
}

impl Tracker {
    /// Replay events over a catalog. Order is by time, then seq, then event id, and a
    /// duplicated event counts once, so every clone of a merged journal reaches the same state.
    ///
    /// Added items are placed first, in that order, so that an event never comes "before" the
    /// item it is about (clocks of two clones may disagree). An added item whose id is already
    /// taken (by a catalog item, which always keeps its id, or by an item added earlier on
    /// another clone) gets the id with a suffix from its add event: `remediate-x-3f2a`.
    pub fn replay(catalog: Catalog, mut events: Vec<Event>) -> Tracker {
        events.sort_by(|a, b| (a.at, a.seq, &a.id).cmp(&(b.at, b.seq, &b.id)));
        // A line merged in twice is the same event with the same key: adjacent once sorted.
        events.dedup_by(|a, b| a.id == b.id);
        let mut t = Tracker::new(catalog);
        for event in events.iter().filter(|e| e.op == Op::Add) {
            t.place(event);
        }
        for event in events.iter().filter(|e| e.op != Op::Add) {
            t.apply(event);
        }
        t.events = events;
        t
    }

    /// A tracker with no events yet: every item outstanding, in the first phase.
    pub fn new(catalog: Catalog) -> Tracker {
        let first = catalog
            .sequence()
            .next()
            .map_or(Cursor::Complete, Cursor::Phase);
        Tracker {
            states: vec![TaskState::default(); catalog.tasks.len()],
            cursor: first,
            name: None,
            catalog_path: None,
            events: Vec::new(),
            advances: Vec::new(),
            last: None,
            orphans: BTreeMap::new(),
            origins: HashMap::new(),
            catalog,
        }
    }

    /// Replay one more event of a journal read in order, without keeping it. The result is
    /// that of `replay` as long as this returns true; false means the journal is not in replay
    /// order (after a merge, say) or an item is added that earlier events already named, and
    /// the caller must `replay` the whole journal instead. `prev` is the key of the event
    /// before, kept by the caller.
    pub fn push_in_order(&mut self, e: &Event, prev: &mut Option<Key>) -> bool {
        if let Some(p) = prev.as_ref() {
            match (&e.at, e.seq, e.id.as_str()).cmp(&(&p.0, p.1, p.2.as_str())) {
                std::cmp::Ordering::Less => return false,
                // The same line merged in twice counts once.
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Greater => {}
            }
        }
        *prev = Some(key_of(e));
        if e.op == Op::Add {
            // `replay` places every add before all other events; here that is the same unless
            // an earlier event named the id this add takes.
            if e.task
                .as_deref()
                .is_some_and(|id| self.orphans.contains_key(id))
            {
                return false;
            }
            self.place(e);
        } else {
            self.apply(e);
        }
        true
    }

    /// Whether every index points where it should (a snapshot read from disk is checked before
    /// use, so that a damaged cache can never make a command panic).
    pub fn is_consistent(&self) -> bool {
        let (tasks, phases) = (self.catalog.tasks.len(), self.catalog.phases.len());
        self.states.len() == tasks
            && self.catalog.tasks.iter().all(|t| t.phase < phases)
            && self.origins.values().all(|&i| i < tasks)
            && match self.cursor {
                Cursor::Phase(p) => p < phases,
                Cursor::Complete => true,
            }
    }

    /// Apply events recorded after everything replayed so far (their keys are greater than
    /// `last`, and none adds an item): the same state as replaying the whole journal again.
    /// Returns false, changing nothing, when that does not hold.
    pub fn extend(&mut self, events: &[Event]) -> bool {
        let mut prev = self.last.as_ref().map(|l| (&l.0, l.1, l.2.as_str()));
        for e in events {
            let key = (&e.at, e.seq, e.id.as_str());
            if e.op == Op::Add || prev.is_some_and(|p| key <= p) {
                return false;
            }
            prev = Some(key);
        }
        for e in events {
            self.apply(e);
        }
        true
    }

    fn apply(&mut self, e: &Event) {
        self.last = Some(key_of(e));
        if e.op == Op::Init {
            self.name = e.name.clone().or(self.name.take());
            self.catalog_path = e.catalog.clone().or(self.catalog_path.take());
            return;
        }
        if e.op == Op::Advance {
            self.advances.push(e.clone());
            if let Some(to) = e.to.as_deref().and_then(|to| self.cursor_named(to))
                && self.rank(to) > self.rank(self.cursor)
            {
                self.cursor = to;
            }
            return;
        }
        let Some(id) = e.task.as_deref() else { return };
        let Some(idx) = self.target_of(e) else {
            *self.orphans.entry(id.to_string()).or_default() += 1;
            return;
        };
        let s = &mut self.states[idx];
        if s.status == Status::Retired {
            // Retiring is final: a retired id is never reused or revived.
            return;
        }
        match e.op {
            Op::Done => {
                s.status = Status::Done;
                s.done_by = Some(e.by.clone());
                s.done_at = Some(e.done_at.unwrap_or(e.at));
                s.note = e.note.clone();
            }
            Op::Waive => {
                s.status = Status::Waived;
                s.done_by = Some(e.by.clone());
                s.done_at = Some(e.at);
                s.note = e.reason.clone();
            }
            Op::Reopen => {
                s.status = Status::Outstanding;
                s.done_by = None;
                s.done_at = None;
                s.note = e.note.clone();
            }
            Op::Assign => {
                if let Some(owner) = &e.owner {
                    s.owner = Some(owner.clone()).filter(|o| !o.is_empty());
                }
                if let Some(due) = &e.due {
                    s.due = NaiveDate::parse_from_str(due, "%Y-%m-%d").ok();
                }
            }
            Op::Retire => {
                if self.catalog.tasks[idx].added.is_some() {
                    s.status = Status::Retired;
                    s.done_by = Some(e.by.clone());
                    s.done_at = Some(e.at);
                    s.note = e.reason.clone();
                }
            }
            Op::Init | Op::Advance | Op::Add => {}
        }
    }

    /// Put an added item into the catalog, under its id if that is free.
    fn place(&mut self, e: &Event) {
        let Some(asked) = e.task.as_deref() else {
            return;
        };
        let Some(phase) = e.phase.as_deref().and_then(|p| self.catalog.phase_index(p)) else {
            // A phase this catalog does not have: nowhere to put it.
            *self.orphans.entry(asked.to_string()).or_default() += 1;
            return;
        };
        let mut id = asked.to_string();
        let mut n = 4;
        while self.catalog.lookup(&id).is_some() {
            let hex: String =
                e.id.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(n)
                    .collect();
            id = format!("{asked}-{}", hex.to_ascii_lowercase());
            n += 4;
            if n > 40 {
                return;
            }
        }
        let title = e.title.clone().unwrap_or_else(|| asked.to_string());
        let idx = self.catalog.add_task(Task {
            id: id.clone(),
            phase,
            group: None,
            text: e.text.clone().unwrap_or_else(|| title.clone()),
            title,
            note: None,
            required: !e.optional,
            aliases: Vec::new(),
            added: Some(Added {
                event: e.id.clone(),
                by: e.by.clone(),
                at: e.at,
                asked: (id != asked).then(|| asked.to_string()),
            }),
        });
        self.states.push(TaskState::default());
        self.origins.insert(e.id.clone(), idx);
    }

    /// The task an event is about: the added item named by its `origin`, else the task with
    /// that id or alias.
    pub fn target_of(&self, e: &Event) -> Option<usize> {
        if let Some(&i) = e.origin.as_ref().and_then(|o| self.origins.get(o)) {
            return Some(i);
        }
        self.catalog.lookup(e.task.as_deref()?)
    }

    /// True when a task takes part in the engagement (it has not been retired).
    pub fn is_live(&self, idx: usize) -> bool {
        self.states[idx].status != Status::Retired
    }

    /// A cursor by name: a sequence phase or `complete`.
    pub fn cursor_named(&self, name: &str) -> Option<Cursor> {
        if name.eq_ignore_ascii_case(COMPLETE) {
            return Some(Cursor::Complete);
        }
        self.catalog
            .phase_index(name)
            .filter(|&i| !self.catalog.phases[i].general)
            .map(Cursor::Phase)
    }

    pub fn cursor_name(&self, c: Cursor) -> &str {
        match c {
            Cursor::Phase(i) => &self.catalog.phases[i].id,
            Cursor::Complete => COMPLETE,
        }
    }

    fn rank(&self, c: Cursor) -> usize {
        match c {
            Cursor::Phase(i) => self.catalog.sequence().position(|p| p == i).unwrap_or(0),
            Cursor::Complete => usize::MAX,
        }
    }

    /// Required items of a phase still outstanding, in catalog order.
    pub fn blockers(&self, phase: usize) -> Vec<usize> {
        self.catalog
            .tasks_in(phase)
            .filter(|(i, t)| t.required && self.states[*i].status == Status::Outstanding)
            .map(|(i, _)| i)
            .collect()
    }

    /// The next advance from the current phase, or None once complete. Entering `complete`
    /// also needs the general responsibilities closed.
    pub fn next_advance(&self) -> Option<Advance> {
        let Cursor::Phase(current) = self.cursor else {
            return None;
        };
        let mut seq = self.catalog.sequence().skip_while(|&p| p != current);
        seq.next();
        let to = seq.next().map_or(Cursor::Complete, Cursor::Phase);
        let mut blockers = self.blockers(current);
        if to == Cursor::Complete
            && let Some(general) = self.catalog.general_phase()
        {
            blockers.extend(self.blockers(general));
        }
        Some(Advance {
            from: self.cursor,
            to,
            blockers,
        })
    }

    pub fn is_overdue(&self, idx: usize, today: NaiveDate) -> bool {
        let s = &self.states[idx];
        s.status == Status::Outstanding && s.due.is_some_and(|d| d < today)
    }

    /// Whether an event is about the task `idx` (its add, or an event naming it).
    pub fn is_about(&self, e: &Event, idx: usize) -> bool {
        match e.op {
            Op::Add => self.origins.get(&e.id) == Some(&idx),
            _ => e.task.is_some() && self.target_of(e) == Some(idx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

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
        let one = Tracker::replay(
            Catalog::embedded().unwrap(),
            vec![a.clone(), b.clone(), c.clone()],
        );
        let two = Tracker::replay(Catalog::embedded().unwrap(), vec![c.clone(), b, a, c]);
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
        let t = Tracker::replay(cat, events);
        assert_eq!(t.cursor_name(t.cursor), "enable");
        let next = t.next_advance().unwrap();
        assert_eq!(next.to, Cursor::Complete);
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
        let t = Tracker::replay(
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
            ];
            let ids = [
                "kickoff-meeting",
                "begin-onboarding",
                "remediate-x",
                "gone",
                "remediation",
            ];
            let op = ops[op as usize % ops.len()];
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
                e.from = Some("initiate".into());
                e.to = Some(["assess", "remediate", "enable", "complete"][id as usize % 4].into());
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
                let full = Tracker::replay(Catalog::embedded().unwrap(), events.clone());
                let mut t = Tracker::new(Catalog::embedded().unwrap());
                let mut prev = None;
                if events.iter().all(|e| t.push_in_order(e, &mut prev)) {
                    prop_assert_eq!(&t.states, &full.states);
                    prop_assert_eq!(t.cursor, full.cursor);
                    prop_assert_eq!(&t.orphans, &full.orphans);
                    let ids = |t: &Tracker| t.catalog.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
                    prop_assert_eq!(ids(&t), ids(&full));
                    prop_assert_eq!(&t.last, &full.last);
                }
            }
        }

        #[test]
        fn an_add_named_by_an_earlier_event_is_refused() {
            let mut done = event(0, 0, 2);
            done.task = Some("remediate-x".into());
            let add = event(1, 4, 2);
            let mut t = Tracker::new(Catalog::embedded().unwrap());
            let mut prev = None;
            assert!(t.push_in_order(&done, &mut prev));
            assert!(!t.push_in_order(&add, &mut prev));
            let full = Tracker::replay(Catalog::embedded().unwrap(), vec![done, add]);
            assert!(
                full.orphans.is_empty(),
                "the full replay applies the done to the added item"
            );
        }
    }
}
