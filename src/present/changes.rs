//! What write commands answer: the changes recorded (each item's state before and after,
//! "changed" or "unchanged"). One view, so that every write takes `--json` and `--quiet`, and
//! text and JSON say the same. (A gate's verdict is `gate.rs`.)

use std::fmt::Write;

use serde::Serialize;

use super::view::{SCHEMA, rfc3339};
use super::{Style, clean_line};
use crate::model::state::{Engagement, TaskState};

/// The answer of `done`, `reopen`, `waive`, `assign`, `advance`, `add`, `retire`, `init`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct WriteView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// One entry per item the command named (or the engagement, for `advance` and `init`), in the order named.
    pub changes: Vec<Change>,
    /// The tracker directory written to.
    pub tracker: String,
    /// True when nothing was recorded because the user asked only what would happen.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    /// Lines said after the changes in text (not part of the JSON: its facts are in `changes`).
    #[serde(skip)]
    pub notes: Vec<String>,
    /// A note shows a time (its zone is then named once, at the end).
    #[serde(skip)]
    pub notes_show_time: bool,
}

/// One item (or the engagement, for `advance` and `init`) and what the command did to it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// The item's id (absent for a change to the engagement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// The item's short title (absent for a change to the engagement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The operation: done, reopen, waive, assign, advance, back (a step back), add, retire,
    /// plan, note, undo or init.
    #[schemars(extend("enum" = ["init", "done", "reopen", "waive", "assign", "advance", "back", "add", "retire", "plan", "note", "undo"]))]
    pub op: &'static str,
    /// "changed", or "unchanged" when the item already was in that state (nothing recorded).
    #[schemars(extend("enum" = ["changed", "unchanged"]))]
    pub result: &'static str,
    /// The item's state before the command (null for a change to the engagement).
    pub before: Option<ItemState>,
    /// The item's state after it (the same as `before` when unchanged).
    pub after: Option<ItemState>,
    /// add: the phase the item was added to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// advance: the phase left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// advance: the phase (or `complete`) entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// advance: whether it was forced (required items open).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forced: Option<bool>,
    /// advance: why it was forced, or why the engagement went back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// plan: the phase's target date before and after (null: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<PlanTarget>,
}

/// A phase's target date before and after `plan`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PlanTarget {
    /// The target date before, YYYY-MM-DD (null: none).
    pub before: Option<String>,
    /// The target date after, YYYY-MM-DD (null: cleared).
    pub after: Option<String>,
}

/// An item's state as a write answer shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemState {
    /// outstanding, done, waived or retired.
    #[schemars(extend("enum" = ["outstanding", "done", "waived", "retired"]))]
    pub status: &'static str,
    /// Who owns the item (null: nobody).
    pub owner: Option<String>,
    /// The due date, YYYY-MM-DD (null: none).
    pub due: Option<String>,
    /// Who closed it (done or waived), while closed.
    pub done_by: Option<String>,
    /// When it was closed, RFC 3339 (UTC).
    pub done_at: Option<String>,
    /// The latest note, or the waiver reason while waived.
    pub note: Option<String>,
}

impl ItemState {
    pub fn of(s: &TaskState) -> ItemState {
        ItemState {
            status: s.status.as_str(),
            owner: s.owner.clone(),
            due: s.due.map(|d| d.to_string()),
            done_by: s.done_by.clone(),
            done_at: s.done_at.map(rfc3339),
            note: s.note.clone(),
        }
    }
}

impl Change {
    /// A change to item `idx`: `after` is None when nothing was recorded for it.
    pub fn item(t: &Engagement, idx: usize, op: &'static str, after: Option<&TaskState>) -> Self {
        let task = t.catalog.task(idx);
        let before = ItemState::of(&t.states[idx]);
        Change {
            task: Some(task.id.clone()),
            title: Some(task.title.clone()),
            op,
            result: if after.is_some() {
                "changed"
            } else {
                "unchanged"
            },
            after: Some(after.map_or_else(|| before.clone(), ItemState::of)),
            before: Some(before),
            phase: None,
            from: None,
            to: None,
            forced: None,
            reason: None,
            target: None,
        }
    }

    /// A change to the engagement as a whole (`advance`, `init`).
    pub fn engagement(op: &'static str) -> Self {
        Change {
            task: None,
            title: None,
            op,
            result: "changed",
            before: None,
            after: None,
            phase: None,
            from: None,
            to: None,
            forced: None,
            reason: None,
            target: None,
        }
    }
}

impl WriteView {
    pub fn new(tracker: String, changes: Vec<Change>) -> WriteView {
        WriteView {
            schema: SCHEMA,
            changes,
            tracker,
            dry_run: false,
            notes: Vec::new(),
            notes_show_time: false,
        }
    }
}

/// The past tense of an operation, as the text answer says it.
fn done_word(op: &str) -> &str {
    match op {
        "done" => "done",
        "reopen" => "reopened",
        "waive" => "waived",
        "assign" => "assigned",
        "add" => "added",
        "retire" => "retired",
        "note" => "noted",
        "undo" => "undone",
        other => other,
    }
}

/// "already done", "already outstanding", … for an unchanged item.
fn already(c: &Change) -> String {
    let state = match c.op {
        "reopen" => "outstanding",
        "assign" => "assigned so",
        other => done_word(other),
    };
    format!("already {state}")
}

fn named(c: &Change) -> String {
    format!(
        "{} ({})",
        c.task.as_deref().unwrap_or("?"),
        clean_line(c.title.as_deref().unwrap_or(""))
    )
}

/// What an assignment changed: "owner alice, due 2026-12-01", "owner cleared".
fn assigned(c: &Change) -> String {
    let (Some(b), Some(a)) = (&c.before, &c.after) else {
        return String::new();
    };
    let mut what = Vec::new();
    if a.owner != b.owner {
        what.push(match &a.owner {
            Some(o) => format!("owner {}", clean_line(o)),
            None => "owner cleared".to_string(),
        });
    }
    if a.due != b.due {
        what.push(match &a.due {
            Some(d) => format!("due {d}"),
            None => "due date cleared".to_string(),
        });
    }
    what.join(", ")
}

/// The text answer of a write command: one line per change, then any notes, then the zone of
/// the times shown, if any.
pub fn human(v: &WriteView, style: Style) -> String {
    let mut out = String::new();
    let mut times = v.notes_show_time;
    for c in &v.changes {
        let line = match (c.op, c.result) {
            ("advance", _) => advance_line(c, v.dry_run),
            ("plan", result) => plan_line(c, result),
            ("back", _) => format!(
                "Back from {} to {} (recorded).",
                c.from.as_deref().unwrap_or("?"),
                c.to.as_deref().unwrap_or("?")
            ),
            ("undo", _) if c.task.is_none() => format!(
                "undone: the move to {}; back in {}",
                c.from.as_deref().unwrap_or("?"),
                c.to.as_deref().unwrap_or("?")
            ),
            ("init", _) => format!("Created tracker {}", clean_line(&v.tracker)),
            ("done", "unchanged") => {
                let b = c.before.as_ref();
                times = true;
                format!(
                    "already done: {} (by {} at {}); left as it was",
                    named(c),
                    clean_line(b.and_then(|b| b.done_by.as_deref()).unwrap_or("?")),
                    style.time_of(b.and_then(|b| b.done_at.as_deref()).unwrap_or(""))
                )
            }
            (_, "unchanged") => format!("{}: {}; left as it was", already(c), named(c)),
            ("assign", _) => format!("assigned: {}: {}", named(c), assigned(c)),
            ("add", _) => format!(
                "added: {} to {}",
                named(c),
                c.phase.as_deref().unwrap_or("?")
            ),
            (op, _) => format!("{}: {}", done_word(op), named(c)),
        };
        let _ = writeln!(out, "{line}");
    }
    for n in &v.notes {
        let _ = writeln!(out, "{}", clean_line(n));
    }
    if times {
        out.push_str(&style.zone_line());
    }
    out
}

/// "planned: assess, target 2026-12-04 (was none)".
fn plan_line(c: &Change, result: &str) -> String {
    let phase = c.phase.as_deref().unwrap_or("?");
    let (before, after) = c
        .target
        .as_ref()
        .map_or((None, None), |t| (t.before.as_deref(), t.after.as_deref()));
    match (result, after) {
        ("unchanged", Some(d)) => format!("already planned: {phase}, target {d}; left as it was"),
        ("unchanged", None) => format!("{phase} has no target date; left as it was"),
        (_, Some(d)) => format!(
            "planned: {phase}, target {d} (was {})",
            before.unwrap_or("none")
        ),
        (_, None) => format!(
            "planned: {phase}, target date cleared (was {})",
            before.unwrap_or("none")
        ),
    }
}

fn advance_line(c: &Change, dry_run: bool) -> String {
    let from = c.from.as_deref().unwrap_or("?");
    let to = c.to.as_deref().unwrap_or("?");
    let forced = c.forced == Some(true);
    if dry_run {
        let how = if forced {
            "would advance (forced)"
        } else {
            "would advance"
        };
        return format!("Dry run: {how} from {from} to {to}; nothing recorded.");
    }
    if c.result == "unchanged" {
        return "The engagement is already complete; nothing to advance.".to_string();
    }
    if to == crate::model::catalog::COMPLETE {
        format!(
            "Advanced from {from}: the engagement is complete{}.",
            if forced { " (forced; recorded)" } else { "" }
        )
    } else {
        format!(
            "Advanced from {from} to {to}{}.",
            if forced { " (forced; recorded)" } else { "" }
        )
    }
}
