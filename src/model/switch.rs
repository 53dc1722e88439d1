//! Switching a tracker to another catalog (`ftrack catalog use`): the plan, worked out before
//! anything is written. Each item of the catalog in use is kept (same id, or an alias the new
//! catalog lists), matched (a rewording of it, found by `catalog::matching`: the new catalog
//! gets its old id as an alias), or retired; items the new catalog adds start outstanding. The
//! progress each change touches is counted by replaying the journal over the new catalog, so
//! that "orphaned" here means exactly what `status` would report after the switch.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::catalog::Catalog;
use crate::model::catalog::diff::{LikelyRename, diff};
use crate::model::catalog::matching::{Basis, FLOOR, similarity};
use crate::model::event::Op;
use crate::model::state::Engagement;

/// One item and what the switch does to it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanItem {
    /// Its id in the new catalog (for a retired item: in the old one).
    pub id: String,
    /// Its id in the old catalog, when that differs.
    pub from: Option<String>,
    /// Its phase.
    pub phase: String,
    /// Its short title.
    pub title: String,
    /// Its status now (`outstanding` for an added item).
    pub status: &'static str,
    /// Events recorded on it.
    pub events: usize,
    /// How alike the texts are (matched items only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// How a matched item was found: `words`, `english` or `structure` (matched items only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// True for an item a revision merged into another: both keep their progress on it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub merged: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Plan {
    /// Items kept under their id (or an alias the new catalog lists).
    pub kept: Vec<PlanItem>,
    /// Kept items (same id) whose text changed beyond a rewording: the id may now name another
    /// item (as numbered ids of a page without English do when a revision inserts one), so the
    /// plan asks to check them. `confidence` says how alike the texts are.
    pub check: Vec<PlanItem>,
    /// Items of the same or reworded text under a new id: progress carried over through the
    /// old id, written into the new catalog as an alias.
    pub matched: Vec<PlanItem>,
    /// Items the new catalog adds: they start outstanding.
    pub added: Vec<PlanItem>,
    /// Items the new catalog does not have.
    pub retired: Vec<PlanItem>,
    /// Phases only the new catalog has.
    pub phases_added: Vec<String>,
    /// Phases only the old catalog has.
    pub phases_removed: Vec<String>,
    /// Events the switch would orphan, by the id they name (a retired item, an added item whose
    /// phase is gone, an advance to a phase that is gone).
    pub orphaned: BTreeMap<String, usize>,
    /// The new catalog as it will be written (YAML, validated), aliases added.
    #[serde(skip)]
    pub yaml: String,
}

impl Plan {
    /// How many recorded events the switch would orphan.
    pub fn orphaned_events(&self) -> usize {
        self.orphaned.values().sum()
    }
}

/// The plan for switching `state` (replayed with every event) to the catalog `new`. `header`
/// starts the YAML written.
pub fn plan(state: &Engagement, new: &Catalog, header: &str) -> anyhow::Result<Plan> {
    let old = &state.catalog;
    let d = diff(old, new);
    let mut events = vec![0usize; old.tasks.len()];
    for e in &state.events {
        if let Some(i) = e.task.as_ref().and_then(|_| state.target_of(e)) {
            events[i] += 1;
        }
    }
    let item = |o: usize, n: Option<usize>, how: Option<&LikelyRename>| {
        let (c, t) = match n {
            Some(n) => (new, &new.tasks[n]),
            None => (old, &old.tasks[o]),
        };
        PlanItem {
            id: t.id.clone(),
            from: (t.id != old.tasks[o].id).then(|| old.tasks[o].id.clone()),
            phase: c.phases[t.phase].id.clone(),
            title: t.title.clone(),
            status: state.states[o].status.as_str(),
            events: events[o],
            confidence: how.map(|r| r.confidence),
            basis: how.map(|r| r.basis),
            merged: how.is_some_and(|r| r.merged),
        }
    };
    // Pairs of (old index, new index): by id or alias, then the likely renames.
    let mut pairs: Vec<(usize, usize, Option<&LikelyRename>)> = Vec::new();
    // Every old item a new item names, by its id or any alias: two old items merged into one
    // new item both carry their progress over, and the plan shows both.
    for (n, t) in new.tasks.iter().enumerate() {
        for o in std::iter::once(&t.id)
            .chain(&t.aliases)
            .filter_map(|id| old.lookup(id))
        {
            if old.tasks[o].added.is_none() && !pairs.iter().any(|p| p.0 == o) {
                pairs.push((o, n, None));
            }
        }
    }
    for r in &d.likely_renamed {
        if let (Some(o), Some(n)) = (old.lookup(&r.old), new.lookup(&r.new)) {
            pairs.push((o, n, Some(r)));
        }
    }
    // The aliases that carry progress over: every name the old item answered to that the new
    // catalog does not already give to someone.
    let mut raw = new.to_raw();
    for &(o, n, _) in &pairs {
        let was = &old.tasks[o];
        for name in std::iter::once(&was.id).chain(&was.aliases) {
            if new.lookup(name).is_none() {
                raw.tasks[n].aliases.push(name.clone());
            }
        }
    }
    let yaml = format!("{header}{}", crate::model::text::to_yaml(&raw)?);
    let catalog = Catalog::parse(&yaml, new.source.clone())?;
    let after = Engagement::replay(catalog, state.events.clone());
    let mut orphaned = BTreeMap::new();
    let before = |id: &str| state.orphans.get(id).copied().unwrap_or(0);
    for (id, n) in &after.orphans {
        if *n > before(id) {
            orphaned.insert(id.clone(), n - before(id));
        }
    }
    // Target dates planned for phases the new catalog does not have would be dropped too.
    for e in state.events.iter().filter(|e| e.op == Op::Plan) {
        if let Some(phase) = e.phase.as_deref()
            && state.catalog.phase_index(phase).is_some()
            && new.phase_index(phase).is_none()
        {
            *orphaned.entry(format!("target for {phase}")).or_insert(0) += 1;
        }
    }
    for (phase, n) in &after.unknown_phases {
        let was = state.unknown_phases.get(phase).copied().unwrap_or(0);
        if *n > was {
            orphaned.insert(format!("advance to {phase}"), n - was);
        }
    }
    let mut plan = Plan {
        kept: Vec::new(),
        check: Vec::new(),
        matched: Vec::new(),
        added: Vec::new(),
        retired: Vec::new(),
        phases_added: d.phases_added,
        phases_removed: d.phases_removed,
        orphaned,
        yaml,
    };
    let mut into = vec![false; new.tasks.len()];
    for &(o, n, how) in &pairs {
        // A second old item on one new item: the revision merged them.
        let merged = std::mem::replace(&mut into[n], true);
        match how {
            Some(_) => {
                let mut i = item(o, Some(n), how);
                i.merged |= merged;
                plan.matched.push(i);
            }
            // Named by an alias of a differently named item: a certain match, shown as one.
            None if old.tasks[o].id != new.tasks[n].id => {
                let mut i = item(o, Some(n), None);
                i.confidence = Some(1.0);
                i.merged = merged;
                plan.matched.push(i);
            }
            None => {
                let kept = item(o, Some(n), None);
                if let Some(alike) = unlike(old, o, new, n) {
                    plan.check.push(PlanItem {
                        confidence: Some((alike * 100.0).round() / 100.0),
                        ..kept.clone()
                    });
                }
                plan.kept.push(kept);
            }
        }
    }
    for (o, t) in old.tasks.iter().enumerate() {
        if t.added.is_none() && !pairs.iter().any(|p| p.0 == o) {
            plan.retired.push(item(o, None, None));
        }
    }
    for (n, t) in new.tasks.iter().enumerate() {
        if !pairs.iter().any(|p| p.1 == n) {
            plan.added.push(PlanItem {
                id: t.id.clone(),
                from: None,
                phase: new.phases[t.phase].id.clone(),
                title: t.title.clone(),
                status: "outstanding",
                events: 0,
                confidence: None,
                basis: None,
                merged: false,
            });
        }
    }
    Ok(plan)
}

/// How alike the texts of an item kept by id are, when that is less than a rewording: in
/// English when both have it, else in their language when they share it (None: alike enough,
/// or nothing to compare them by).
fn unlike(old: &Catalog, o: usize, new: &Catalog, n: usize) -> Option<f64> {
    let (a, b) = match (old.english(o), new.english(n)) {
        (Some(a), Some(b)) => (a, b),
        _ if crate::model::lang::primary(old.language())
            == crate::model::lang::primary(new.language()) =>
        {
            (old.tasks[o].text.as_str(), new.tasks[n].text.as_str())
        }
        _ => return None,
    };
    let alike = similarity(a, b);
    (a != b && alike < FLOOR).then_some(alike)
}

/// The file name of the catalog copy a switch writes into the tracker directory.
pub fn copy_name(event_id: &str) -> String {
    let short: String = event_id.chars().take(8).collect();
    format!("catalog-{short}.yaml")
}
