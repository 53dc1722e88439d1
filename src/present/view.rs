//! Views: plain data cut from the model for one screen or document. Renderers take these;
//! the JSON output is their serde form ("schema": 1).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use crate::model::event::Event;
use crate::model::state::{Engagement, Status};

pub const SCHEMA: u32 = 1;

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: String,
    pub phase: String,
    pub title: String,
    pub text: String,
    pub required: bool,
    pub status: Status,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub done_by: Option<String>,
    pub done_at: Option<String>,
    pub note: Option<String>,
    pub overdue: bool,
    /// Who added the item with `ftrack add` (null for catalog items).
    pub added_by: Option<String>,
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

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub phase: String,
    pub description: String,
    pub total: usize,
    pub done: usize,
    pub waived: usize,
    pub outstanding: usize,
    pub required_outstanding: usize,
    /// "open" or "blocked".
    pub gate: &'static str,
    pub current: bool,
}

impl PhaseView {
    pub fn new(t: &Engagement, phase: usize) -> PhaseView {
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

#[derive(Debug, Serialize)]
pub struct StatusView {
    pub schema: u32,
    pub tracker: String,
    /// False until the first change creates the tracker's journal.
    pub exists: bool,
    pub name: Option<String>,
    pub current_phase: String,
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
    pub overdue: Vec<TaskView>,
    /// Task ids in the journal that the catalog no longer has, with their event counts.
    pub orphans: std::collections::BTreeMap<String, usize>,
    /// Phases the journal advanced to that this catalog does not have, with their advances.
    pub unknown_phases: std::collections::BTreeMap<String, usize>,
}

impl StatusView {
    pub fn new(t: &Engagement, tracker: String, exists: bool, today: NaiveDate) -> StatusView {
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
            phases: (0..t.catalog.phases.len())
                .map(|p| PhaseView::new(t, p))
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
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ListView {
    pub schema: u32,
    pub tasks: Vec<TaskView>,
}

/// `list --owner` without a name: who has how much open.
#[derive(Debug, Serialize)]
pub struct OwnersView {
    pub schema: u32,
    pub owners: Vec<crate::model::find::OwnerLoad>,
}

#[derive(Debug, Serialize)]
pub struct ShowView {
    pub schema: u32,
    pub task: TaskView,
    pub group: Option<String>,
    pub catalog_note: Option<String>,
    pub aliases: Vec<String>,
    pub history: Vec<Event>,
}

#[derive(Debug, Serialize)]
pub struct LogView {
    pub schema: u32,
    pub events: Vec<Event>,
}

/// One item in a catalog diff.
#[derive(Debug, Serialize)]
pub struct DiffItem {
    pub id: String,
    pub phase: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// An item in both catalogs whose fields (or id, through `aliases:`) changed.
#[derive(Debug, Serialize)]
pub struct DiffChange {
    pub id: String,
    /// The old id, when the new catalog renamed the item and lists the old id as an alias.
    pub renamed_from: Option<String>,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct DiffView {
    pub schema: u32,
    pub old: String,
    pub new: String,
    pub phases_added: Vec<String>,
    pub phases_removed: Vec<String>,
    pub added: Vec<DiffItem>,
    /// Progress recorded on these would be orphaned by the switch.
    pub removed: Vec<DiffItem>,
    pub renamed: Vec<DiffChange>,
    pub changed: Vec<DiffChange>,
    pub unchanged: usize,
    /// Removed and added items of the same or nearly the same text: probably one item renamed,
    /// whose progress `aliases: [old]` on the new item would keep.
    pub likely_renamed: Vec<LikelyRename>,
}

#[derive(Debug, Serialize)]
pub struct LikelyRename {
    pub old: String,
    pub new: String,
}
