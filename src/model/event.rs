//! Events: what one line of the journal says, and the one order in which events replay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The newest journal format this ftrack writes and reads. Format 2 added the `add` and
/// `retire` operations, format 3 `note`, `back` and `undo`; every other event is still written
/// as format 1, so that an older ftrack refuses (with a clear message) only a journal that
/// really holds something it cannot understand.
pub const FORMAT: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Set or replace an item's note without changing its state.
    Note,
    /// Put an item's state back as it was before an undone command: `status`, `done_by`,
    /// `done_at`, `note`.
    Undo,
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
            Op::Note => "note",
            Op::Undo => "undo",
        }
    }

    /// The oldest journal format that knows this operation.
    pub fn format(self) -> u32 {
        match self {
            Op::Add | Op::Retire => 2,
            Op::Note | Op::Undo => 3,
            _ => 1,
        }
    }
}

/// One line of the journal. Optional fields are present only where the operation uses them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Who recorded it.
    pub by: String,
    pub op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// done: when it was actually done, if not when it was recorded (`--at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// waive: why; advance --force: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// assign: new owner ("" clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// assign: new due date YYYY-MM-DD ("" clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// advance: the phase left and the phase (or "complete") entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// add: the phase, short title and full text of the new item, and whether it is optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
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

/// The one replay order of events, written once: by time, then the writer's sequence number,
/// then the event id (a deterministic tie-break), so that every clone of a merged journal
/// replays the same events the same way.
pub type OrderKey = (DateTime<Utc>, u64, String);

impl Event {
    /// This event's place in the replay order, borrowed.
    pub fn order(&self) -> (DateTime<Utc>, u64, &str) {
        (self.at, self.seq, &self.id)
    }

    /// This event's place in the replay order, owned (to remember the last event applied).
    pub fn order_key(&self) -> OrderKey {
        (self.at, self.seq, self.id.clone())
    }
}

/// Sort events into replay order and drop a line merged in twice (the same id).
pub fn sort_for_replay(events: &mut Vec<Event>) {
    events.sort_by(|a, b| a.order().cmp(&b.order()));
    events.dedup_by(|a, b| a.id == b.id);
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
