//! The meeting report as one view: a summary (progress, a status colour and planned against
//! actual per phase, the weekly burn-up), what is due next by owner, a section per phase with
//! its items, and what changed since a time. Built once from the model; every format (text, Markdown, HTML, CSV, JSON) is a
//! rendering of this, so they cannot disagree. Iteration is in catalog order only, so the same
//! journal and time always give the same report.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::catalog::COMPLETE;
use crate::model::event::{Event, Op};
use crate::model::state::{Cursor, Engagement, Status};
use crate::present::view::{SCHEMA, rfc3339};

use super::facts::{self, OwnerGroup, Week};
use crate::model::health::{self, Rag};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Progress {
    /// Items in the engagement (retired ones not counted).
    pub total: usize,
    /// Items done.
    pub done: usize,
    /// Items waived.
    pub waived: usize,
    /// Items still open.
    pub outstanding: usize,
    /// Done or waived.
    pub closed: usize,
    /// `closed` as a whole percentage, rounded down: 100 only when everything is closed.
    pub percent: u32,
}

impl Progress {
    /// Of the items `items` (indices), retired ones left out.
    pub fn of(t: &Engagement, items: impl Iterator<Item = usize>) -> Progress {
        let (mut total, mut done, mut waived) = (0, 0, 0);
        for i in items {
            total += 1;
            match t.states[i].status {
                Status::Done => done += 1,
                Status::Waived => waived += 1,
                Status::Outstanding => {}
                // Retired items have left the engagement: they count nowhere.
                Status::Retired => total -= 1,
            }
        }
        let closed = done + waived;
        Progress {
            total,
            done,
            waived,
            outstanding: total - closed,
            closed,
            percent: (closed * 100).checked_div(total).unwrap_or(100) as u32,
        }
    }

    pub fn fraction(&self) -> f64 {
        f64::from(self.percent) / 100.0
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReportView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// The engagement's name (null: unnamed).
    pub name: Option<String>,
    /// When the report was made (FTRACK_NOW, else now), RFC 3339 (UTC).
    pub generated_at: String,
    /// A phase name or `complete`.
    pub current_phase: String,
    /// Over every phase, whatever `--phase` selects.
    pub progress: Progress,
    /// The worst colour of the phases reported: "red", "amber" or "green" (see `model::health`).
    pub rag: Rag,
    /// Items due within 14 days or overdue, by owner (unassigned last).
    pub next: Vec<OwnerGroup>,
    /// Items closed against the total, per week, from the journal (every phase).
    pub burnup: Vec<Week>,
    /// `--since`, resolved to a time; null without it.
    pub since: Option<String>,
    /// The phases reported (every phase, or those of --phase), in catalog order.
    pub phases: Vec<PhaseReport>,
    /// Journal events at or after `since`, oldest first (empty without `--since`).
    pub changes: Vec<Change>,
    /// Recorded progress the catalog no longer has an item for (after a catalog switch or a
    /// concurrent one): id → events. Said in every report, so that no work vanishes unsaid.
    pub orphans: std::collections::BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PhaseReport {
    /// The phase's id.
    pub phase: String,
    /// The catalog's description of the phase.
    pub description: String,
    /// The engagement-wide responsibilities (they gate `complete`).
    pub general: bool,
    /// Whether the engagement is in this phase.
    pub current: bool,
    /// The phase's counts.
    pub progress: Progress,
    /// "open" or "blocked".
    #[schemars(extend("enum" = ["open", "blocked"]))]
    pub gate: &'static str,
    /// "red", "amber" or "green", and why (empty for green).
    pub rag: Rag,
    /// Why the phase is not green (empty when green).
    pub rag_reasons: Vec<String>,
    /// The target date (`ftrack plan`) and the day of the advance that signed the phase off.
    pub target: Option<String>,
    /// The day the phase was signed off, YYYY-MM-DD (UTC); null while not (an advance taken back is not a sign-off).
    pub advanced: Option<String>,
    /// Days the sign-off came (or, still open, already is) after the target; negative: early.
    pub late_days: Option<i64>,
    /// Required items still outstanding, by id.
    pub blockers: Vec<String>,
    /// The advance that left this phase (for `general`: the one that entered `complete`).
    pub signed_off: Option<SignOff>,
    /// The phase's items (retired ones left out), in catalog order.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SignOff {
    /// Who advanced.
    pub by: String,
    /// When, RFC 3339 (UTC).
    pub at: String,
    /// The phase (or `complete`) entered.
    pub to: String,
    /// Whether the advance was forced with required items open.
    pub forced: bool,
    /// Why it was forced, if it was.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Item {
    /// The item's id.
    pub id: String,
    /// The short title.
    pub title: String,
    /// The item's full text (the catalog's words, or what `add` was given).
    pub text: String,
    /// Whether the item gates its phase (false: optional).
    pub required: bool,
    /// outstanding, done or waived.
    pub status: Status,
    /// Who owns the item (null: nobody).
    pub owner: Option<String>,
    /// The due date, YYYY-MM-DD (null: none).
    pub due: Option<String>,
    /// True when outstanding and past its due date.
    pub overdue: bool,
    /// Who closed it (done or waived), while closed.
    pub done_by: Option<String>,
    /// When it was closed, RFC 3339 (UTC).
    pub done_at: Option<String>,
    /// The latest note, or the waiver reason while waived.
    pub note: Option<String>,
    /// An event of this item is listed under "Since".
    pub changed_since: bool,
}

/// One journal event, named for people: done, reopened, waived, assigned, advanced, …
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// When the event was recorded, RFC 3339 (UTC).
    pub at: String,
    /// Who recorded it.
    pub by: String,
    /// What happened, one word: done, reopened, waived, assigned, advanced, went-back, added,
    /// retired, planned, noted or undone.
    #[schemars(extend("enum" = ["done", "reopened", "waived", "assigned", "advanced", "went-back", "added", "retired", "planned", "noted", "undone", "layout"]))]
    pub event: &'static str,
    /// The item's catalog id (an alias is resolved; an id the catalog lacks is kept as is).
    pub task: Option<String>,
    /// The item's short title, when the catalog has the item.
    pub title: Option<String>,
    /// The item's phase, or the phase planned.
    pub phase: Option<String>,
    /// done / reopened: the note; waived: the reason; advanced: the reason when forced.
    pub note: Option<String>,
    /// assigned: the new owner ("" means cleared); null when not changed.
    pub owner: Option<String>,
    /// assigned: the new due date, YYYY-MM-DD ("" means cleared); planned: the target date;
    /// null when not changed.
    pub due: Option<String>,
    /// advanced / went-back: the phase left.
    pub from: Option<String>,
    /// advanced / went-back: the phase (or `complete`) entered.
    pub to: Option<String>,
    /// advanced: whether it was forced.
    pub forced: bool,
}

impl ReportView {
    /// `phases`: catalog indices to report (empty: all); `since`: list changes from then on;
    /// `now` in the local zone, whose offset at any instant `offset_at` gives (an advance's
    /// date is its local date).
    pub fn new(
        t: &Engagement,
        phases: &[usize],
        since: Option<DateTime<Utc>>,
        now: DateTime<chrono::FixedOffset>,
        offset_at: crate::model::when::OffsetAt,
    ) -> ReportView {
        let selected = |p: usize| phases.is_empty() || phases.contains(&p);
        let changes: Vec<Change> = since
            .map(|s| {
                t.events
                    .iter()
                    .filter(|e| e.at >= s && e.op != Op::Init)
                    .filter(|e| touches(t, e).is_none_or(|p| p.iter().any(|&p| selected(p))))
                    .map(|e| change(t, e))
                    .collect()
            })
            .unwrap_or_default();
        let today = now.date_naive();
        let sections = (0..t.catalog.phases.len())
            .filter(|&p| selected(p))
            .map(|p| {
                let items = t
                    .catalog
                    .tasks_in(p)
                    .filter(|&(i, _)| t.is_live(i))
                    .map(|(i, task)| {
                        let s = &t.states[i];
                        Item {
                            id: task.id.clone(),
                            title: task.title.clone(),
                            text: task.text.clone(),
                            required: task.required,
                            status: s.status,
                            owner: s.owner.clone(),
                            due: s.due.map(|d| d.to_string()),
                            overdue: t.is_overdue(i, today),
                            done_by: s.done_by.clone(),
                            done_at: s.done_at.map(rfc3339),
                            note: s.note.clone(),
                            changed_since: changes
                                .iter()
                                .any(|c| c.task.as_deref() == Some(task.id.as_str())),
                        }
                    })
                    .collect();
                let blockers: Vec<String> = crate::model::gate::blockers(t, p)
                    .into_iter()
                    .map(|i| t.catalog.task(i).id.clone())
                    .collect();
                let phase = &t.catalog.phases[p];
                let (rag, rag_reasons) = health::rag(t, p, today);
                let (target, advanced, late_days) = facts::planned(t, p, today, offset_at);
                PhaseReport {
                    phase: phase.id.clone(),
                    description: phase.description.clone(),
                    general: phase.general,
                    current: t.cursor == Cursor::Phase(p),
                    progress: Progress::of(t, t.catalog.tasks_in(p).map(|(i, _)| i)),
                    gate: if blockers.is_empty() {
                        "open"
                    } else {
                        "blocked"
                    },
                    rag,
                    rag_reasons,
                    target: target.map(|d| d.to_string()),
                    advanced: advanced.map(|d| d.to_string()),
                    late_days,
                    blockers,
                    signed_off: signed_off(t, p),
                    items,
                }
            })
            .collect::<Vec<PhaseReport>>();
        ReportView {
            rag: health::worst(sections.iter().map(|p| p.rag)),
            next: facts::next(t, &selected, today),
            burnup: facts::burnup(t, now.to_utc()),
            schema: SCHEMA,
            name: t.name.clone(),
            generated_at: rfc3339(now.to_utc()),
            current_phase: t.cursor_name(t.cursor).to_string(),
            progress: Progress::of(t, 0..t.catalog.tasks.len()),
            since: since.map(rfc3339),
            phases: sections,
            changes,
            orphans: t.orphans.clone(),
        }
    }
}

impl ReportView {
    /// The phase sections in the order they are shown: the current phase first, then the others
    /// in catalog order. (`phases` itself, the summary's order, is the catalog's.)
    pub fn sections(&self) -> impl Iterator<Item = &PhaseReport> {
        let current = self.phases.iter().filter(|p| p.current);
        current.chain(self.phases.iter().filter(|p| !p.current))
    }
}

/// The phases an event concerns: its item's phase, or both ends of an advance (`complete`
/// concerns `general`). None for an id the catalog does not have.
fn touches(t: &Engagement, e: &Event) -> Option<Vec<usize>> {
    if e.op == Op::Advance {
        let phase = |name: &Option<String>| match name.as_deref() {
            Some(n) if n.eq_ignore_ascii_case(COMPLETE) => t.catalog.general_phase(),
            Some(n) => t.catalog.phase_index(n),
            None => None,
        };
        return Some(
            [phase(&e.from), phase(&e.to)]
                .into_iter()
                .flatten()
                .collect(),
        );
    }
    if e.op == Op::Plan {
        return Some(
            t.catalog
                .phase_index(e.phase.as_deref()?)
                .into_iter()
                .collect(),
        );
    }
    let idx = t.target_of(e)?;
    Some(vec![t.catalog.task(idx).phase])
}

/// The first advance (in replay order) that left `phase`; for the general phase, the one that
/// entered `complete`. Later advances from the same phase (merged clones) changed nothing.
fn signed_off(t: &Engagement, phase: usize) -> Option<SignOff> {
    crate::model::gate::signed_off(t, phase).map(|e| SignOff {
        by: e.by.clone(),
        at: rfc3339(e.at),
        to: e.to.clone().unwrap_or_default(),
        forced: e.forced,
        reason: e.reason.clone(),
    })
}

fn change(t: &Engagement, e: &Event) -> Change {
    let idx = t.target_of(e);
    let task = idx.map(|i| t.catalog.task(i));
    Change {
        at: rfc3339(e.at),
        by: e.by.clone(),
        event: match e.op {
            Op::Done => "done",
            Op::Reopen => "reopened",
            Op::Waive => "waived",
            Op::Assign => "assigned",
            Op::Add => "added",
            Op::Retire => "retired",
            Op::Plan => "planned",
            Op::Advance if e.back => "went-back",
            Op::Advance | Op::Init => "advanced",
            Op::Note => "noted",
            Op::Undo => "undone",
            Op::Layout => "layout",
        },
        // A plan's `task` only repeats its phase.
        task: task
            .map(|t| t.id.clone())
            .or_else(|| e.task.clone())
            .filter(|_| e.op != Op::Plan),
        title: task.map(|t| t.title.clone()),
        phase: task
            .map(|task| t.catalog.phases[task.phase].id.clone())
            .or_else(|| e.phase.clone().filter(|_| e.op == Op::Plan)),
        note: match e.op {
            Op::Waive | Op::Advance | Op::Retire => e.reason.clone(),
            _ => e.note.clone(),
        },
        owner: e.owner.clone(),
        due: e.due.clone(),
        from: e.from.clone(),
        to: e.to.clone(),
        forced: e.forced,
    }
}
