//! The status colour (RAG) of a phase and of an engagement: one rule, used by the report and
//! the portfolio alike, so that a tracker is never red in one and amber in the other.
//!
//! The rule (README, "Reports before a meeting"):
//! - **red**: a required item of the current phase, an earlier one or the engagement-wide
//!   (general) phase is overdue; or the phase was signed off by a forced advance and required
//!   items are still open;
//! - **amber**: a required item is due within 7 days (or overdue in a later phase); or this is
//!   the current phase, its target date is within 7 days (or past) and its gate is blocked;
//! - **green**: otherwise. The engagement's colour is the worst of its phases.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::state::{Cursor, Engagement, Status};

/// How far ahead "due soon" looks for amber.
pub const AMBER_DAYS: u64 = 7;

/// The most items a phase's reasons name for one fact (overdue, due soon); the rest are
/// counted, so that a phase with forty overdue items is one line in a report's summary and a
/// portfolio's row, not forty.
pub const NAMED: usize = 3;

/// A status colour: red, amber or green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

/// The worst of some colours (green when there are none): an engagement's colour from its
/// phases'.
pub fn worst(colours: impl IntoIterator<Item = Rag>) -> Rag {
    colours.into_iter().max().unwrap_or(Rag::Green)
}

/// A phase's colour and the facts that gave it (empty for green).
pub fn rag(t: &Engagement, phase: usize, today: NaiveDate) -> (Rag, Vec<String>) {
    let p = &t.catalog.phases[phase];
    let in_scope = p.general || t.rank(Cursor::Phase(phase)) <= t.rank(t.cursor);
    let soon = today
        .checked_add_days(Days::new(AMBER_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let (mut overdue, mut late, mut due_soon) = (Vec::new(), Vec::new(), Vec::new());
    let open_required: Vec<usize> = t
        .catalog
        .tasks_in(phase)
        .filter(|(i, task)| task.required && t.states[*i].status == Status::Outstanding)
        .map(|(i, _)| i)
        .collect();
    for &i in &open_required {
        match t.states[i].due {
            Some(d) if d < today && in_scope => overdue.push((d, i)),
            Some(d) if d < today => late.push((d, i)),
            Some(d) if d <= soon => due_soon.push((d, i)),
            _ => {}
        }
    }
    let id = |i: usize| &t.catalog.task(i).id;
    let mut red = named(
        overdue,
        |d, i| format!("{} overdue (due {d})", id(i)),
        "overdue",
    );
    let mut amber = named(
        late,
        |d, i| format!("{} overdue (due {d})", id(i)),
        "overdue",
    );
    amber.extend(named(
        due_soon,
        |d, i| format!("{} due {d}", id(i)),
        &format!("due by {soon}"),
    ));
    if let Some(e) = crate::model::gate::signed_off(t, phase)
        && e.forced
        && !open_required.is_empty()
    {
        red.push(format!(
            "advanced by force with {} required item(s) open",
            open_required.len()
        ));
    }
    if t.cursor == Cursor::Phase(phase)
        && !open_required.is_empty()
        && let Some(target) = t.targets.get(&phase).filter(|&&d| d <= soon)
    {
        amber.push(format!("target {target} with the gate blocked"));
    }
    if !red.is_empty() {
        (Rag::Red, red)
    } else if !amber.is_empty() {
        (Rag::Amber, amber)
    } else {
        (Rag::Green, Vec::new())
    }
}

/// One fact about each of `items` (due date, item index, in catalog order): all of them when
/// there are at most `NAMED`; otherwise the `NAMED` due first, then "N more overdue".
fn named(
    mut items: Vec<(NaiveDate, usize)>,
    say: impl Fn(NaiveDate, usize) -> String,
    more: &str,
) -> Vec<String> {
    let rest = items.len().saturating_sub(NAMED);
    if rest > 0 {
        // Stable: items due on one day stay in catalog order.
        items.sort_by_key(|&(d, _)| d);
        items.truncate(NAMED);
    }
    let mut facts: Vec<String> = items.into_iter().map(|(d, i)| say(d, i)).collect();
    if rest > 0 {
        facts.push(format!("{rest} more {more}"));
    }
    facts
}

/// One phase's colour within an engagement's.
#[derive(Debug, Clone)]
pub struct PhaseHealth {
    /// The phase's index in the catalog.
    pub phase: usize,
    pub rag: Rag,
    /// Why it is not green (empty for green).
    pub reasons: Vec<String>,
}

/// An engagement's colour: the worst of every phase's (what `report` says without `--phase`).
#[derive(Debug, Clone)]
pub struct Health {
    pub rag: Rag,
    /// Every phase, in catalog order.
    pub phases: Vec<PhaseHealth>,
}

impl Health {
    /// "assess: kickoff-meeting overdue (due 2026-11-18)", one per phase that is not green, in
    /// catalog order: the report's reasons, in the same words.
    pub fn reasons(&self, t: &Engagement) -> Vec<String> {
        self.phases
            .iter()
            .filter(|p| p.rag != Rag::Green)
            .map(|p| format!("{}: {}", t.catalog.phases[p.phase].id, p.reasons.join("; ")))
            .collect()
    }
}

/// The colour of the whole engagement on `today`.
pub fn engagement(t: &Engagement, today: NaiveDate) -> Health {
    let phases: Vec<PhaseHealth> = (0..t.catalog.phases.len())
        .map(|phase| {
            let (rag, reasons) = rag(t, phase, today);
            PhaseHealth {
                phase,
                rag,
                reasons,
            }
        })
        .collect();
    Health {
        rag: worst(phases.iter().map(|p| p.rag)),
        phases,
    }
}
