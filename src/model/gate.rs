//! Gates: which required items stand in the way of a phase, of the next advance, or of
//! completing the engagement. One function answers `gate` and `advance` alike, so that
//! `ftrack gate && ftrack advance` never fails on a blocked advance.

use crate::model::state::{Cursor, Engagement, Status};

/// What a gate check is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The next advance from the current phase (what `advance` would do now). Entering
    /// `complete` also needs the general responsibilities closed.
    Next,
    /// One phase's own required items.
    Phase(usize),
    /// Completing the engagement: every phase's required items, general ones included.
    Complete,
}

/// The answer of a gate check.
#[derive(Debug, Clone)]
pub struct Gate {
    pub target: Target,
    /// For `Next`: the phase left and the one entered (None once the engagement is complete).
    pub step: Option<(Cursor, Cursor)>,
    /// Required items outstanding that stand in the way (task indices, phase order).
    pub blockers: Vec<usize>,
}

impl Gate {
    pub fn is_open(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// Required items of a phase still outstanding, in catalog order.
pub fn blockers(t: &Engagement, phase: usize) -> Vec<usize> {
    t.catalog
        .tasks_in(phase)
        .filter(|(i, task)| task.required && t.states[*i].status == Status::Outstanding)
        .map(|(i, _)| i)
        .collect()
}

/// Check a gate.
pub fn check(t: &Engagement, target: Target) -> Gate {
    match target {
        Target::Phase(p) => Gate {
            target,
            step: None,
            blockers: blockers(t, p),
        },
        Target::Complete => Gate {
            target,
            step: None,
            blockers: phase_order(t).flat_map(|p| blockers(t, p)).collect(),
        },
        Target::Next => {
            let Cursor::Phase(current) = t.cursor else {
                return Gate {
                    target,
                    step: None,
                    blockers: Vec::new(),
                };
            };
            let mut seq = t.catalog.sequence().skip_while(|&p| p != current);
            seq.next();
            let to = seq.next().map_or(Cursor::Complete, Cursor::Phase);
            let mut list = blockers(t, current);
            if to == Cursor::Complete
                && let Some(general) = t.catalog.general_phase()
            {
                list.extend(blockers(t, general));
            }
            Gate {
                target,
                step: Some((t.cursor, to)),
                blockers: list,
            }
        }
    }
}

/// The phases in the order reports show them: the engagement-wide list, then the sequence.
fn phase_order(t: &Engagement) -> impl Iterator<Item = usize> + '_ {
    t.catalog
        .general_phase()
        .into_iter()
        .chain(t.catalog.sequence())
}

/// Phases the engagement has left whose own gate is blocked again, with their blockers: a
/// decision made apart from the advance (a reopen on one clone while another advanced, merged
/// later) or after it. A phase left by a forced advance is not listed: its open items were
/// accepted when it was forced.
pub fn passed_but_blocked(t: &Engagement) -> Vec<(usize, Vec<usize>)> {
    let current = match t.cursor {
        Cursor::Phase(p) => t.rank(Cursor::Phase(p)),
        Cursor::Complete => usize::MAX,
    };
    t.catalog
        .sequence()
        .filter(|&p| t.rank(Cursor::Phase(p)) < current)
        .filter(|&p| {
            let id = &t.catalog.phases[p].id;
            !t.advances
                .iter()
                .any(|a| a.forced && a.from.as_deref() == Some(id.as_str()))
        })
        .map(|p| (p, blockers(t, p)))
        .filter(|(_, b)| !b.is_empty())
        .collect()
}

/// The advance that signed `phase` off: the first (in replay order) that left it; for the
/// general phase, the first that entered `complete`. Later advances from the same phase
/// (merged clones) changed nothing.
pub fn signed_off(t: &Engagement, phase: usize) -> Option<&crate::model::event::Event> {
    let p = &t.catalog.phases[phase];
    // A step back (`advance --back`) signs nothing off.
    t.advances.iter().filter(|e| !e.back).find(|e| {
        let end = if p.general { &e.to } else { &e.from };
        let name = if p.general {
            crate::model::catalog::COMPLETE
        } else {
            p.id.as_str()
        };
        end.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}
