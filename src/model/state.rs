//! The model: a catalog plus the replayed journal gives each task's state, the current phase and
//! the gates. Knows nothing of terminals or files.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::catalog::{Added, COMPLETE, Catalog, Task};
use crate::model::event::{Event, Op, OrderKey, sort_for_replay};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
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
    /// Stored as a day number in the snapshot cache: parsing date strings was a fifth of a
    /// snapshot's decoding time.
    #[serde(with = "cache::day_number")]
    pub due: Option<NaiveDate>,
    /// Who closed it (done or waived) and when.
    pub done_by: Option<String>,
    #[serde(with = "chrono::serde::ts_nanoseconds_option")]
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

/// Serializable for the snapshot cache (everything but `events`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Engagement {
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
    /// The advances that stand, in replay order (who signed each phase off, forced advances):
    /// a step back (`advance --back`, or the undo of an advance) takes the advances out of the
    /// phases it returns over, so that a phase taken back is no longer signed off, advanced or
    /// forced anywhere. Kept as JSON in the snapshot: an event's optional fields are left out
    /// when empty, which a format without field names (the snapshot's) cannot read back.
    #[serde(with = "cache::as_json")]
    pub advances: Vec<Event>,
    /// The advances each step back took out, by the step's event id: the undo of that step
    /// puts them back as they were (who signed off, forced, why).
    #[serde(with = "cache::as_json", default)]
    withdrawn: BTreeMap<String, Vec<Event>>,
    /// The key of the last event applied.
    pub last: Option<OrderKey>,
    /// The largest logical clock of every event seen (applied or not): the next event
    /// recorded on this state takes a larger one.
    pub clock: u64,
    /// Task ids with events but no catalog entry, and how many events each.
    pub orphans: BTreeMap<String, usize>,
    /// Phases the journal advanced to that the catalog does not have (renamed or removed).
    pub unknown_phases: BTreeMap<String, usize>,
    /// Add event id -> index of the item it added.
    origins: HashMap<String, usize>,
    /// Phase index -> its target date (`ftrack plan`), the latest plan in replay order.
    #[serde(default)]
    pub targets: BTreeMap<usize, NaiveDate>,
    /// The latest event in replay order (the journal's `layout` line aside): when the
    /// engagement last changed, and who changed it (`portfolio` shows it).
    pub last_change: Option<LastChange>,
    /// The weekly burn-up, folded in replay order (`burnup_weeks`): the report needs no events.
    burnup: burnup::Burnup,
}

/// The latest event of an engagement, in replay order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastChange {
    pub at: DateTime<Utc>,
    pub by: String,
    pub op: Op,
    /// Its place in the replay order (an add is placed before the events replayed after it,
    /// so the latest is kept by comparing places, not by the order of application).
    key: OrderKey,
}

impl LastChange {
    /// Keep `e` in `last` if it comes later in the replay order.
    fn keep(last: &mut Option<LastChange>, e: &Event) {
        if e.op == Op::Layout {
            return;
        }
        let later = last
            .as_ref()
            .is_none_or(|l| e.order() > (l.key.0, l.key.1, l.key.2, l.key.3.as_str()));
        if later {
            *last = Some(LastChange {
                at: e.at,
                by: e.by.clone(),
                op: e.op,
                key: e.order_key(),
            });
        }
    }
}

impl Engagement {
    /// Replay events over a catalog. Order is by time, then seq, then event id, and a
    /// duplicated event counts once, so every clone of a merged journal reaches the same state.
    ///
    /// Added items are placed first, in that order, so that an event never comes "before" the
    /// item it is about (clocks of two clones may disagree). An added item whose id is already
    /// taken (by a catalog item, which always keeps its id, or by an item added earlier on
    /// another clone) gets the id with a suffix from its add event: `remediate-x-3f2a`.
    pub fn replay(catalog: Catalog, mut events: Vec<Event>) -> Engagement {
        sort_for_replay(&mut events);
        let mut t = Engagement::new(catalog);
        for event in events.iter().filter(|e| e.op == Op::Add) {
            t.place(event);
        }
        for event in events.iter().filter(|e| e.op != Op::Add) {
            t.apply(event);
        }
        // The journal's `layout` line says where events are kept: not history to show.
        events.retain(|e| e.op != Op::Layout);
        t.burnup = burnup::Burnup::of(&t, &events);
        t.events = events;
        t
    }

    /// A tracker with no events yet: every item outstanding, in the first phase.
    pub fn new(catalog: Catalog) -> Engagement {
        let first = catalog
            .sequence()
            .next()
            .map_or(Cursor::Complete, Cursor::Phase);
        Engagement {
            states: vec![TaskState::default(); catalog.tasks.len()],
            cursor: first,
            name: None,
            catalog_path: None,
            events: Vec::new(),
            advances: Vec::new(),
            withdrawn: BTreeMap::new(),
            last: None,
            clock: 0,
            orphans: BTreeMap::new(),
            unknown_phases: BTreeMap::new(),
            origins: HashMap::new(),
            targets: BTreeMap::new(),
            last_change: None,
            burnup: burnup::Burnup::default(),
            catalog,
        }
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

    pub(crate) fn apply(&mut self, e: &Event) {
        self.last = Some(e.order_key());
        LastChange::keep(&mut self.last_change, e);
        self.clock = self.clock.max(e.clock);
        if e.op == Op::Layout {
            return;
        }
        if e.op == Op::Init {
            self.name = e.name.clone().or(self.name.take());
            self.catalog_path = e.catalog.clone().or(self.catalog_path.take());
            return;
        }
        if e.op == Op::Advance && e.back {
            // Back to an earlier phase: the one move replay makes against the phase order.
            if let Some(to) = e.to.as_deref().and_then(|to| self.cursor_named(to)) {
                self.cursor = to;
                self.withdraw(e, to);
            }
            return;
        }
        if e.op == Op::Advance {
            self.stand(e);
            if let Some(to) = e.to.as_deref().filter(|to| self.cursor_named(to).is_none()) {
                *self.unknown_phases.entry(to.to_string()).or_default() += 1;
            }
            if let Some(to) = e.to.as_deref().and_then(|to| self.cursor_named(to))
                && self.rank(to) > self.rank(self.cursor)
            {
                self.cursor = to;
            }
            return;
        }
        if e.op == Op::Plan {
            self.plan(e);
            return;
        }
        let Some(id) = e.task.as_deref() else { return };
        let Some(idx) = self.target_of(e) else {
            *self.orphans.entry(id.to_string()).or_default() += 1;
            return;
        };
        let added = self.catalog.tasks[idx].added.is_some();
        apply_to_task(&mut self.states[idx], e, added);
    }

    /// A step back to `to`: the advances out of `to` and every later phase no longer stand.
    fn withdraw(&mut self, e: &Event, to: Cursor) {
        let rank = self.rank(to);
        let (gone, kept): (Vec<Event>, Vec<Event>) = std::mem::take(&mut self.advances)
            .into_iter()
            .partition(|a| {
                a.from
                    .as_deref()
                    .and_then(|f| self.cursor_named(f))
                    .is_some_and(|from| self.rank(from) >= rank)
            });
        self.advances = kept;
        if !gone.is_empty() {
            self.withdrawn.insert(e.id.clone(), gone);
        }
    }

    /// A forward advance stands; the undo of a step back puts back, instead, the advances that
    /// step took out.
    fn stand(&mut self, e: &Event) {
        let restored: Vec<Event> = e
            .undoes
            .iter()
            .filter_map(|id| self.withdrawn.remove(id))
            .flatten()
            .collect();
        if restored.is_empty() {
            self.advances.push(e.clone());
        } else {
            self.advances.extend(restored);
            self.advances.sort_by(|a, b| a.order().cmp(&b.order()));
        }
    }

    /// Set or clear a phase's target date. A plan for a phase this catalog lacks (renamed or
    /// removed) changes nothing: unlike an advance, it cannot leave the engagement behind.
    fn plan(&mut self, e: &Event) {
        let Some(p) = e.phase.as_deref().and_then(|n| self.catalog.phase_index(n)) else {
            return;
        };
        match e
            .due
            .as_deref()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        {
            Some(Ok(d)) => {
                self.targets.insert(p, d);
            }
            _ => {
                self.targets.remove(&p);
            }
        }
    }

    /// Put an added item into the catalog, under its id if that is free.
    pub(crate) fn place(&mut self, e: &Event) {
        self.clock = self.clock.max(e.clock);
        LastChange::keep(&mut self.last_change, e);
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
            text_en: None,
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
        // An add is about the item it placed, whatever id that item ended up with.
        if e.op == Op::Add {
            return self.origins.get(&e.id).copied();
        }
        // A plan is about a phase, never an item.
        if e.op == Op::Plan {
            return None;
        }
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

    pub(crate) fn rank(&self, c: Cursor) -> usize {
        match c {
            Cursor::Phase(i) => self.catalog.sequence().position(|p| p == i).unwrap_or(0),
            Cursor::Complete => usize::MAX,
        }
    }

    pub fn is_overdue(&self, idx: usize, today: NaiveDate) -> bool {
        let s = &self.states[idx];
        s.status == Status::Outstanding && s.due.is_some_and(|d| d < today)
    }

    /// Each item the events are about, with its state after them, without changing this
    /// state (what a write command answers with); in the order first touched.
    pub fn preview(&self, events: &[Event]) -> Vec<(usize, TaskState)> {
        let mut out: Vec<(usize, TaskState)> = Vec::new();
        for e in events {
            let Some(idx) = self.target_of(e) else {
                continue;
            };
            let added = self.catalog.tasks[idx].added.is_some();
            let pos = match out.iter().position(|(i, _)| *i == idx) {
                Some(p) => p,
                None => {
                    out.push((idx, self.states[idx].clone()));
                    out.len() - 1
                }
            };
            apply_to_task(&mut out[pos].1, e, added);
        }
        out
    }

    /// Whether an event is about the task `idx` (its add, or an event naming it).
    pub fn is_about(&self, e: &Event, idx: usize) -> bool {
        match e.op {
            Op::Add => self.origins.get(&e.id) == Some(&idx),
            _ => e.task.is_some() && self.target_of(e) == Some(idx),
        }
    }
}

mod burnup;
mod cache;
mod stream;
pub use burnup::{MAX_WEEKS, WeekCount, monday};
mod task;
pub use stream::InOrder;
pub(crate) use task::apply_to_task;
#[cfg(test)]
mod tests;
