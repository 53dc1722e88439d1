//! What `gate` and a blocked `advance` answer: the gate checked, and the required items that
//! block it.

use std::fmt::Write;

use serde::Serialize;

use super::view::SCHEMA;
use super::{Style, clean_line};
use crate::model::gate::{Gate, Target};
use crate::model::state::{Cursor, Engagement};

/// The answer of `gate` (and of a blocked `advance`).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct GateView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// What was checked: a phase name, or "complete".
    pub gate: String,
    /// For the next advance: the phase left and the one entered.
    pub from: Option<String>,
    /// For the next advance: the phase (or `complete`) it would enter.
    pub to: Option<String>,
    /// True when nothing blocks the gate (exit 0); false when blocked (exit 3).
    pub open: bool,
    /// The required items still outstanding that block it, in phase order.
    pub blockers: Vec<Blocker>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Blocker {
    /// The item's id.
    pub id: String,
    /// The item's short title.
    pub title: String,
    /// The phase the item belongs to.
    pub phase: String,
}

impl GateView {
    pub fn new(t: &Engagement, g: &Gate) -> GateView {
        let name = |c: Cursor| t.cursor_name(c).to_string();
        let gate = match (g.target, g.step) {
            (Target::Phase(p), _) => t.catalog.phases[p].id.clone(),
            (Target::Next, Some((from, _))) => name(from),
            (Target::Complete, _) | (Target::Next, None) => {
                crate::model::catalog::COMPLETE.to_string()
            }
        };
        GateView {
            schema: SCHEMA,
            gate,
            from: g.step.map(|(f, _)| name(f)),
            to: g.step.map(|(_, to)| name(to)),
            open: g.is_open(),
            blockers: g
                .blockers
                .iter()
                .map(|&i| {
                    let task = t.catalog.task(i);
                    Blocker {
                        id: task.id.clone(),
                        title: task.title.clone(),
                        phase: t.catalog.phases[task.phase].id.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// The text answer of `gate`.
pub fn gate(v: &GateView, _style: Style) -> String {
    let what = match (&v.from, &v.to) {
        (Some(from), Some(to)) => format!("{from} → {to}"),
        _ => v.gate.clone(),
    };
    if v.open {
        return format!("gate open: {what}: no required item outstanding\n");
    }
    let mut out = format!(
        "gate blocked: {what}: {} required item(s) outstanding:\n",
        v.blockers.len()
    );
    blocker_lines(&mut out, &v.blockers);
    out
}

fn blocker_lines(out: &mut String, blockers: &[Blocker]) {
    for b in blockers {
        let _ = writeln!(out, "  {} ({})", b.id, clean_line(&b.title));
    }
}

/// The text answer of a blocked `advance`.
pub fn advance_blocked(v: &GateView, _style: Style) -> String {
    let mut out = format!(
        "{} required item(s) block the advance from {} to {}:\n",
        v.blockers.len(),
        v.from.as_deref().unwrap_or("?"),
        v.to.as_deref().unwrap_or("?")
    );
    blocker_lines(&mut out, &v.blockers);
    out.push_str(
        "Close them (`ftrack done`, `ftrack waive`) or force with `--force --reason TEXT`.\n",
    );
    out
}
