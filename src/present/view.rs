//! Views: plain data cut from the model for one screen or document. Renderers take these;
//! the JSON output is their serde form ("schema": 1).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use crate::model::event::Event;
use crate::model::state::{Engagement, Status};
use crate::model::when::OffsetAt;

pub const SCHEMA: u32 = 1;

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TaskView {
    /// The item's id (what commands take).
    pub id: String,
    /// The phase the item belongs to.
    pub phase: String,
    /// The short title.
    pub title: String,
    /// The item's full text (the catalog's words, or what `add` was given).
    pub text: String,
    /// Whether the item gates its phase (false: optional).
    pub required: bool,
    /// outstanding, done, waived or retired.
    pub status: Status,
    /// Who owns the item (null: nobody).
    pub owner: Option<String>,
    /// The due date, YYYY-MM-DD (null: none).
    pub due: Option<String>,
    /// Who closed it (done or waived), while closed.
    pub done_by: Option<String>,
    /// When it was closed (done --at, else when recorded), RFC 3339 (UTC).
    pub done_at: Option<String>,
    /// The latest note, or the waiver reason while waived.
    pub note: Option<String>,
    /// True when outstanding and past its due date (judged by the local date).
    pub overdue: bool,
    /// Who added the item with `ftrack add` (null for catalog items).
    pub added_by: Option<String>,
    /// When it was added, RFC 3339 (UTC); null for catalog items.
    pub added_at: Option<String>,
    /// The id the add asked for, when that id was already taken and a suffix was added.
    pub added_as: Option<String>,
}

impl TaskView {
    pub fn new(t: &Engagement, idx: usize, today: NaiveDate) -> TaskView {
        let task = t.catalog.task(idx);
        let s = &t.states[idx];
        TaskView {
            id: task.id.clone(),
            phase: t.catalog.phases[task.phase].id.clone(),
            title: task.title.clone(),
            text: task.text.clone(),
            required: task.required,
            status: s.status,
            owner: s.owner.clone(),
            due: s.due.map(|d| d.to_string()),
            done_by: s.done_by.clone(),
            done_at: s.done_at.map(rfc3339),
            note: s.note.clone(),
            overdue: t.is_overdue(idx, today),
            added_by: task.added.as_ref().map(|a| a.by.clone()),
            added_at: task.added.as_ref().map(|a| rfc3339(a.at)),
            added_as: task.added.as_ref().and_then(|a| a.asked.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PhaseView {
    /// The phase's id.
    pub phase: String,
    /// The catalog's description of the phase.
    pub description: String,
    /// Items of the phase in the engagement (retired ones not counted).
    pub total: usize,
    /// Items done.
    pub done: usize,
    /// Items waived.
    pub waived: usize,
    /// Items still open.
    pub outstanding: usize,
    /// Required items still open (what blocks its gate).
    pub required_outstanding: usize,
    /// "open" or "blocked".
    #[schemars(extend("enum" = ["open", "blocked"]))]
    pub gate: &'static str,
    /// Whether the engagement is in this phase.
    pub current: bool,
    /// The target date set with `ftrack plan` (YYYY-MM-DD), if any.
    pub target: Option<String>,
    /// The day the phase was signed off (its advance, UTC), if it was.
    pub advanced: Option<String>,
}

impl PhaseView {
    /// `offset_at`: the local zone, in which the advance that signed the phase off has its date.
    pub fn new(t: &Engagement, phase: usize, offset_at: OffsetAt) -> PhaseView {
        let (mut total, mut done, mut waived, mut outstanding, mut required_outstanding) =
            (0, 0, 0, 0, 0);
        for (i, task) in t.catalog.tasks_in(phase) {
            total += 1;
            match t.states[i].status {
                Status::Done => done += 1,
                Status::Waived => waived += 1,
                // Retired items have left the engagement: they count nowhere.
                Status::Retired => {
                    total -= 1;
                    continue;
                }
                Status::Outstanding => {
                    outstanding += 1;
                    if task.required {
                        required_outstanding += 1;
                    }
                }
            }
        }
        let p = &t.catalog.phases[phase];
        PhaseView {
            phase: p.id.clone(),
            description: p.description.clone(),
            total,
            done,
            waived,
            outstanding,
            required_outstanding,
            gate: if required_outstanding == 0 {
                "open"
            } else {
                "blocked"
            },
            current: t.cursor == crate::model::state::Cursor::Phase(phase),
            target: t.targets.get(&phase).map(|d| d.to_string()),
            advanced: crate::model::gate::signed_off(t, phase).map(|e| {
                e.at.with_timezone(&offset_at(e.at))
                    .date_naive()
                    .to_string()
            }),
        }
    }

    /// Closed items as a whole percentage, rounded down (as every report rounds): 100 only
    /// when everything is closed.
    pub fn percent(&self) -> usize {
        ((self.done + self.waived) * 100)
            .checked_div(self.total)
            .unwrap_or(100)
    }

    /// Closed items (done or waived) as a fraction of all.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.done + self.waived) as f64 / self.total as f64
        }
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StatusView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// The tracker directory.
    pub tracker: String,
    /// False until the first change creates the tracker's journal.
    pub exists: bool,
    /// The engagement's name (null: unnamed).
    pub name: Option<String>,
    /// The phase the engagement is in, or `complete`.
    pub current_phase: String,
    /// The day due dates are judged by (the local date), YYYY-MM-DD.
    pub today: String,
    /// Every phase, the engagement-wide `general` first, with its counts and gate.
    pub phases: Vec<PhaseView>,
    /// Where `advance` would go next (null once complete).
    pub next_phase: Option<String>,
    /// Required items that block that advance.
    pub blockers: Vec<TaskView>,
    /// Required items of the whole engagement still outstanding (non-zero once `complete`
    /// only after a forced advance, or items reopened since).
    pub open_required: usize,
    /// Whether the current phase (or `complete`) was entered by a forced advance.
    pub forced: bool,
    /// Outstanding items past their due date, in catalog order.
    pub overdue: Vec<TaskView>,
    /// Task ids in the journal that the catalog no longer has, with their event counts.
    pub orphans: std::collections::BTreeMap<String, usize>,
    /// Phases the journal advanced to that this catalog does not have, with their advances.
    pub unknown_phases: std::collections::BTreeMap<String, usize>,
    /// Phases the engagement has left whose gate is blocked again (e.g. an item reopened on one
    /// clone while another advanced), with the ids that block them.
    pub passed_blocked: Vec<PassedBlocked>,
    /// The tracker's own files that are symbolic links (no write happens until they are plain
    /// files again).
    pub symlinked: Vec<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PassedBlocked {
    /// A phase the engagement has passed.
    pub phase: String,
    /// The ids of its required items open again.
    pub blockers: Vec<String>,
}

impl StatusView {
    pub fn new(
        t: &Engagement,
        tracker: String,
        exists: bool,
        today: NaiveDate,
        offset_at: OffsetAt,
    ) -> StatusView {
        use crate::model::gate::{Target, check};
        let next = check(t, Target::Next);
        let forced = t
            .advances
            .iter()
            .rev()
            .find(|e| e.to.as_deref().and_then(|to| t.cursor_named(to)) == Some(t.cursor))
            .is_some_and(|e| e.forced);
        StatusView {
            schema: SCHEMA,
            tracker,
            exists,
            name: t.name.clone(),
            current_phase: t.cursor_name(t.cursor).to_string(),
            today: today.to_string(),
            phases: (0..t.catalog.phases.len())
                .map(|p| PhaseView::new(t, p, offset_at))
                .collect(),
            next_phase: next.step.map(|(_, to)| t.cursor_name(to).to_string()),
            blockers: next
                .blockers
                .iter()
                .map(|&i| TaskView::new(t, i, today))
                .collect(),
            open_required: check(t, Target::Complete).blockers.len(),
            forced,
            overdue: (0..t.catalog.tasks.len())
                .filter(|&i| t.is_overdue(i, today))
                .map(|i| TaskView::new(t, i, today))
                .collect(),
            orphans: t.orphans.clone(),
            unknown_phases: t.unknown_phases.clone(),
            passed_blocked: crate::model::gate::passed_but_blocked(t)
                .into_iter()
                .map(|(p, b)| PassedBlocked {
                    phase: t.catalog.phases[p].id.clone(),
                    blockers: b.iter().map(|&i| t.catalog.task(i).id.clone()).collect(),
                })
                .collect(),
            symlinked: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ListView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// The items listed, in phase and catalog order.
    pub tasks: Vec<TaskView>,
}

/// `list --owner` without a name: who has how much open.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OwnersView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// Each owner of an outstanding item, by name; unowned items last.
    pub owners: Vec<crate::model::find::OwnerLoad>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ShowView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// The item and its state.
    pub task: TaskView,
    /// The catalog group the item is listed under, if any.
    pub group: Option<String>,
    /// The catalog's note on the item, if any.
    pub catalog_note: Option<String>,
    /// The English original of the text, when the catalog comes from a localised page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    /// Older ids whose progress counts for this item.
    pub aliases: Vec<String>,
    /// Every event about the item, oldest first (an undone one included).
    pub history: Vec<Event>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LogView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// The journal's events in replay order (an undone one included, and the undo).
    pub events: Vec<Event>,
}

/// `catalog diff`: the diff and the schema.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DiffView {
    /// The version of this JSON shape.
    pub schema: u32,
    #[serde(flatten)]
    pub diff: crate::model::catalog::diff::Diff,
}
