//! Events: what one line of the journal says, and the one order in which events replay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The newest journal format this ftrack reads. Format 2 added the `add` and `retire`
/// operations; format 3 the logical `clock`, command grouping (`cmd`, `n`), the `plan`, `note`
/// and `undo` operations and back advances; format 4 the journal's parts (`journal.d/`), which
/// a tracker announces with one `layout` event in `journal.jsonl`. ftrack writes every new event
/// as at least format 3 (`WRITTEN`: an older ftrack, which would replay clocked events out of
/// order, refuses the journal with a clear message), the `layout` event as format 4 (an ftrack
/// that does not read parts refuses the tracker rather than show it without them), and reads
/// formats 1 and 2 unchanged. Format 5 is the first line of a fold of old parts (`FOLDED`), a
/// `layout` event an ftrack that does not fold refuses: it would count the events of two
/// clones' folds of the same parts twice.
pub const FORMAT: u32 = 5;

/// The format of a fold's first line.
pub const FOLDED: u32 = 5;

/// The format every new event is written as, at least.
pub const WRITTEN: u32 = 3;

/// The largest logical clock or sequence number a valid event carries: far beyond any real
/// journal (one event per nanosecond for a day is 2^46), far below overflow.
pub const MAX_CLOCK: u64 = 1 << 53;

/// The most events one command may write.
pub const MAX_COMMAND: u32 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    Init,
    Done,
    Reopen,
    Waive,
    Assign,
    Advance,
    /// An item of this engagement only, added to the catalog in use.
    Add,
    /// An added item taken out of gates, lists and counts (kept in history).
    Retire,
    /// A phase's target date set (`due`) or cleared (`due` empty); the phase is in `phase`.
    Plan,
    /// Set or replace an item's note without changing its state.
    Note,
    /// Put an item's state back as it was before an undone command: `status`, `done_by`,
    /// `done_at`, `note`.
    Undo,
    /// The journal continues in parts (`note` names the directory): in `journal.jsonl` only,
    /// so that an ftrack that does not read parts refuses the tracker. Changes no state.
    Layout,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Init => "init",
            Op::Done => "done",
            Op::Reopen => "reopen",
            Op::Waive => "waive",
            Op::Assign => "assign",
            Op::Advance => "advance",
            Op::Add => "add",
            Op::Retire => "retire",
            Op::Plan => "plan",
            Op::Note => "note",
            Op::Undo => "undo",
            Op::Layout => "layout",
        }
    }

    /// The oldest journal format that knows this operation.
    pub fn format(self) -> u32 {
        match self {
            Op::Add | Op::Retire => 2,
            Op::Plan => 3,
            Op::Note | Op::Undo => 3,
            Op::Layout => 4,
            _ => 1,
        }
    }
}

/// One line of the journal. Optional fields are present only where the operation uses them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Format version.
    pub v: u32,
    /// Unique event id: a line merged in twice counts once.
    pub id: String,
    /// When the event was recorded (UTC).
    pub at: DateTime<Utc>,
    /// Position in the writing clone's journal: orders events recorded at the same instant
    /// (with `id` as the last tie-break).
    #[serde(default)]
    pub seq: u64,
    /// Logical (Lamport) clock: one more than the largest clock of every event its writer had
    /// seen, so an event recorded after its writer saw another always replays after it,
    /// whatever the wall clocks say. 0 on events of format 1 and 2 (written before clocks).
    #[serde(default, skip_serializing_if = "is_zero64")]
    pub clock: u64,
    /// The command that wrote this event, when it wrote more than one: the id of its first
    /// event, and how many events it wrote. A command counts only when all its events are
    /// there, wherever a merge put them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmd: Option<String>,
    /// How many events the command wrote (with `cmd`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub n: u32,
    /// Who recorded it.
    pub by: String,
    /// The operation.
    pub op: Op,
    /// The item the event is about (its id when recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// done: when it was actually done, if not when it was recorded (`--at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<DateTime<Utc>>,
    /// done, reopen, note: the note; layout: the directory of the parts; undo: the note put back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// waive: why; advance --force: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// assign: new owner ("" clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// assign: new due date YYYY-MM-DD ("" clears); plan: the phase's target date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// advance: the phase left and the phase (or "complete") entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// advance: the phase (or `complete`) entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// advance: forced with required items open.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    /// How many events after this one the same command wrote (0 for the last, or only, one). A
    /// journal that ends with `more` > 0 ends in a command whose write was cut off: its events
    /// count for nothing, so that a command naming several items records all of them or none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more: u32,
    /// init: engagement name and catalog path (relative to the tracker directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// init: the catalog file recorded, relative to the tracker directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// add: the phase, short title and full text of the new item, and whether it is optional;
    /// plan: the phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// add: the item's short title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// add: the item's full text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// add: the item never blocks a gate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// On events about an added item: the id of the `add` event that created it. Two clones
    /// may add items with the same id; this keeps each item's events with that item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// On the events of an `ftrack undo`: the ids of the events it takes back, so that the
    /// next undo skips both and undoes the command before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undoes: Vec<String>,
    /// undo: the status to put back (`outstanding`, `done`, `waived`, `retired`), with who
    /// closed it (`done_by`), when (`done_at`) and its `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// undo: who had closed the item, put back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_by: Option<String>,
    /// advance: a return to an earlier phase (`advance --back`, or the undo of an advance),
    /// which replay applies although it moves against the phase order. Format 3.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub back: bool,
}

impl Event {
    /// A new event with a fresh id; fill in the operation's fields.
    pub fn new(op: Op, at: DateTime<Utc>, by: &str) -> Event {
        Event {
            v: op.format(),
            id: uuid::Uuid::new_v4().simple().to_string(),
            at,
            seq: 0,
            clock: 0,
            cmd: None,
            n: 0,
            more: 0,
            by: by.to_string(),
            op,
            task: None,
            done_at: None,
            note: None,
            reason: None,
            owner: None,
            due: None,
            from: None,
            to: None,
            forced: false,
            name: None,
            catalog: None,
            phase: None,
            title: None,
            text: None,
            optional: false,
            origin: None,
            undoes: Vec::new(),
            status: None,
            done_by: None,
            back: false,
        }
    }

    /// An advance back from phase `from` to the earlier phase `to`: format 3, so that an older
    /// ftrack refuses the journal rather than replay it as an advance that changes nothing.
    pub fn back(at: DateTime<Utc>, by: &str, from: String, to: String) -> Event {
        let mut e = Event::new(Op::Advance, at, by);
        e.v = 3;
        e.back = true;
        e.from = Some(from);
        e.to = Some(to);
        e
    }

    pub fn with_task(mut self, task: &str) -> Event {
        self.task = Some(task.to_string());
        self
    }

    /// The `add` event that created the task, for events about an added item.
    pub fn with_origin(mut self, origin: Option<&str>) -> Event {
        self.origin = origin.map(str::to_string);
        self
    }
}

/// The one replay order of events, written once: by logical clock (causal order: an event
/// replays after every event its writer had seen), then wall time (for events recorded
/// concurrently, and for the clock-less events of formats 1 and 2), then the writer's sequence
/// number, then the event id (a deterministic tie-break), so that every clone of a merged
/// journal replays the same events the same way.
pub type OrderKey = (u64, DateTime<Utc>, u64, String);

impl Event {
    /// This event's place in the replay order, borrowed.
    pub fn order(&self) -> (u64, DateTime<Utc>, u64, &str) {
        (self.clock, self.at, self.seq, &self.id)
    }

    /// This event's place in the replay order, owned (to remember the last event applied).
    pub fn order_key(&self) -> OrderKey {
        (self.clock, self.at, self.seq, self.id.clone())
    }
}

/// Sort events into replay order and keep each event id once. Two lines with the same id are
/// the same event merged in twice — or, if their content differs (a hand edit, a bad merge),
/// the one first in replay order wins (ties broken by the line's content), the same on every
/// clone. Events of a command that is not all there (cut off by a crash, then merged) are
/// dropped: a command counts all or nothing.
pub fn sort_for_replay(events: &mut Vec<Event>) {
    order(events);
    let commands = check_commands(events);
    if !commands.incomplete.is_empty() || !commands.mismatched.is_empty() {
        events.retain(|e| commands.counts(e));
    }
}

/// Sort events into replay order and keep each event id once (for a part of the journal, such
/// as one item's history: its commands may hold events about other items).
pub fn order(events: &mut Vec<Event>) {
    events.sort_by(|a, b| {
        a.order().cmp(&b.order()).then_with(|| {
            if a == b {
                std::cmp::Ordering::Equal
            } else {
                let text = |e: &Event| serde_json::to_string(e).unwrap_or_default();
                text(a).cmp(&text(b))
            }
        })
    });
    let mut seen = std::collections::HashSet::with_capacity(events.len());
    events.retain(|e| seen.insert(e.id.clone()));
}

/// What the journal's multi-event commands look like.
#[derive(Debug, Default)]
pub struct Commands {
    /// Commands whose events are not all present (each event id counted once): command id →
    /// (events present, events written). They count for nothing.
    pub incomplete: std::collections::BTreeMap<String, (u32, u32)>,
    /// Events that name a command but disagree with its first event about its size (a forged
    /// or broken line): they count for nothing, and do not cancel the real command.
    pub mismatched: std::collections::BTreeSet<String>,
}

impl Commands {
    /// Whether an event counts as far as its command goes.
    pub fn counts(&self, e: &Event) -> bool {
        e.cmd
            .as_ref()
            .is_none_or(|c| !self.incomplete.contains_key(c))
            && !self.mismatched.contains(&e.id)
    }
}

/// Check every multi-event command: its size is what its first event (the one whose id is the
/// command id) says.
pub fn check_commands(events: &[Event]) -> Commands {
    use std::collections::{BTreeMap, HashMap, HashSet};
    let heads: HashMap<&str, u32> = events
        .iter()
        .filter(|e| e.cmd.as_deref() == Some(e.id.as_str()))
        .map(|e| (e.id.as_str(), e.n))
        .collect();
    let mut out = Commands::default();
    let mut groups: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut ids = HashSet::new();
    for e in events {
        let Some(c) = &e.cmd else { continue };
        if !ids.insert(e.id.as_str()) {
            continue;
        }
        match heads.get(c.as_str()) {
            Some(&want) if want != e.n => {
                out.mismatched.insert(e.id.clone());
            }
            head => {
                let g = groups.entry(c.clone()).or_insert((0, e.n));
                g.0 += 1;
                if head.is_none() {
                    g.1 = g.1.max(e.n);
                }
            }
        }
    }
    groups.retain(|_, (have, want)| have < want);
    out.incomplete = groups;
    out
}

/// A logical clock no real journal reaches (a trillion events): a line carrying one was made up
/// (a hostile clone) to push the clock towards its limit, `MAX_CLOCK`, where no event can be
/// written after it. Not refused when read: a journal may honestly hold a clock far above its
/// number of events (a `git revert` takes events out, and later clocks keep their values).
pub const SUSPICIOUS_CLOCK: u64 = 1 << 40;

/// The first event, in replay order, whose clock is past `SUSPICIOUS_CLOCK` (the events after
/// it were stamped after it, honestly): the line to delete.
pub fn made_up_clock(events: &[Event]) -> Option<&Event> {
    events
        .iter()
        .filter(|e| e.clock > SUSPICIOUS_CLOCK)
        .min_by(|a, b| a.order().cmp(&b.order()))
}

/// Give events about to be appended their place after everything their writer has seen: the
/// logical clock continues from `seen` (the largest clock read), and a command of several
/// events is grouped under the id of its first.
pub fn stamp(events: &mut [Event], seen: u64) {
    let seen = seen.min(MAX_CLOCK);
    let n = events.len() as u32;
    let cmd = (n > 1).then(|| events[0].id.clone());
    for (i, e) in events.iter_mut().enumerate() {
        e.clock = seen.saturating_add(1 + i as u64);
        e.v = e.v.max(WRITTEN);
        if let Some(c) = &cmd {
            e.cmd = Some(c.clone());
            e.n = n;
        }
    }
}

/// The catalog recorded by the latest `init` (in replay order, so that every clone of a merged
/// journal agrees), relative to the tracker directory.
pub fn recorded_catalog(events: &[Event]) -> Option<String> {
    events
        .iter()
        .filter(|e| e.op == Op::Init && e.catalog.is_some())
        .max_by(|a, b| a.order().cmp(&b.order()))
        .and_then(|e| e.catalog.clone())
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero64(n: &u64) -> bool {
    *n == 0
}
