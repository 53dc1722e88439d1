//! What switching a tracker from one catalog to another changes: items kept, renamed (the new
//! catalog lists the old id under `aliases:`), changed, added and removed, and of the removed
//! and added ones, those that are one item reworded (with how sure that is).

use serde::Serialize;

use std::collections::HashMap;

use super::matching::{self, Basis, Entry, SURE};
use super::{Catalog, Task};

/// One item of one of the catalogs.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffItem {
    /// The item's id.
    pub id: String,
    /// Its phase.
    pub phase: String,
    /// Its short title.
    pub title: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FieldChange {
    /// The field that changed: title, text, phase, required or group.
    pub field: &'static str,
    /// Its value in the old catalog.
    pub old: String,
    /// Its value in the new catalog.
    pub new: String,
}

/// An item in both catalogs whose fields (or id, through `aliases:`) changed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffChange {
    /// The item's id in the new catalog.
    pub id: String,
    /// The old id, when the new catalog renamed the item and lists the old id as an alias.
    pub renamed_from: Option<String>,
    /// Each field that differs.
    pub changes: Vec<FieldChange>,
    /// True when only the short title changed (the item's text, phase and flags are the same).
    pub title_only: bool,
}

/// A removed and an added item that are probably one item reworded.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LikelyRename {
    /// The removed item's id.
    pub old: String,
    /// The added item's id.
    pub new: String,
    /// How alike their texts are, 0 to 1 (1: the same text).
    pub confidence: f64,
    /// True when the confidence is high enough to take the pair without reading it.
    pub sure: bool,
    /// How the pair was found: `words`, `english` (the English originals) or `structure`
    /// (phase, order and the names that survive translation).
    pub basis: Basis,
    /// True when the new item is a merge of this one and another (it keeps both's progress).
    pub merged: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Diff {
    /// The old catalog (file name, or the built-in one).
    pub old: String,
    /// The new catalog.
    pub new: String,
    /// Phases only the new catalog has.
    pub phases_added: Vec<String>,
    /// Phases only the old catalog has.
    pub phases_removed: Vec<String>,
    /// Items only the new catalog has.
    pub added: Vec<DiffItem>,
    /// Progress recorded on these would be orphaned by the switch (unless likely renamed).
    pub removed: Vec<DiffItem>,
    /// Items the new catalog renamed, listing the old id under `aliases:`.
    pub renamed: Vec<DiffChange>,
    /// Items of the same id whose fields differ.
    pub changed: Vec<DiffChange>,
    /// How many items are the same in both.
    pub unchanged: usize,
    /// Removed and added items of the same or nearly the same text: probably one item renamed,
    /// whose progress `aliases: [old]` on the new item would keep. Best first.
    pub likely_renamed: Vec<LikelyRename>,
}

/// The items of the catalog file (not those added to one engagement with `ftrack add`).
fn listed(c: &Catalog) -> impl Iterator<Item = (usize, &Task)> {
    c.tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.added.is_none())
}

pub fn diff(old: &Catalog, new: &Catalog) -> Diff {
    let item = |c: &Catalog, t: &Task| DiffItem {
        id: t.id.clone(),
        phase: c.phases[t.phase].id.clone(),
        title: t.title.clone(),
    };
    let names = |a: &Catalog, b: &Catalog| -> Vec<String> {
        a.phase_names()
            .iter()
            .filter(|p| b.phase_index(p).is_none())
            .map(|p| p.to_string())
            .collect()
    };
    let mut view = Diff {
        old: old.source.to_string(),
        new: new.source.to_string(),
        phases_added: names(new, old),
        phases_removed: names(old, new),
        added: Vec::new(),
        removed: Vec::new(),
        renamed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
        likely_renamed: Vec::new(),
    };
    let mut matched = vec![false; old.tasks.len()];
    let mut gone = Vec::new();
    let mut came = Vec::new();
    for (n, t) in listed(new) {
        let found = std::iter::once(&t.id)
            .chain(&t.aliases)
            .find_map(|id| old.lookup(id))
            .filter(|&o| old.tasks[o].added.is_none());
        let Some(o) = found.filter(|&o| !matched[o]) else {
            view.added.push(item(new, t));
            came.push(n);
            continue;
        };
        matched[o] = true;
        let was = old.task(o);
        let changes = changes(old, was, new, t);
        let change = DiffChange {
            id: t.id.clone(),
            renamed_from: (was.id != t.id).then(|| was.id.clone()),
            title_only: changes.iter().all(|c| c.field == "title"),
            changes,
        };
        if change.renamed_from.is_some() {
            view.renamed.push(change);
        } else if !change.changes.is_empty() {
            view.changed.push(change);
        } else {
            view.unchanged += 1;
        }
    }
    for (o, t) in listed(old) {
        if !matched[o] {
            view.removed.push(item(old, t));
            gone.push(o);
        }
    }
    let old_all: HashMap<usize, Entry> = Entry::listed(old).into_iter().collect();
    let new_listed = Entry::listed(new);
    let new_all: HashMap<usize, Entry> = new_listed.iter().copied().collect();
    let gone_e: Vec<Entry> = gone.iter().map(|i| old_all[i]).collect();
    let came_e: Vec<Entry> = came.iter().map(|i| new_all[i]).collect();
    let mut paired = vec![false; gone.len()];
    let rename = |o: usize, n: usize, score: f64, basis: Basis, merged: bool| LikelyRename {
        old: old.tasks[o].id.clone(),
        new: new.tasks[n].id.clone(),
        confidence: (score * 100.0).round() / 100.0,
        sure: score >= SURE,
        basis,
        merged,
    };
    for (j, m) in matching::pair_up(&gone_e, &came_e).into_iter().enumerate() {
        if let Some(m) = m {
            paired[m.old] = true;
            view.likely_renamed
                .push(rename(gone[m.old], came[j], m.score, m.basis, false));
        }
    }
    // Of the rest, those a revision merged into another item (renamed or kept).
    let into: Vec<Entry> = new_listed.iter().map(|(_, e)| *e).collect();
    for (k, m) in matching::merges(&gone_e, &into, &paired)
        .into_iter()
        .enumerate()
    {
        if let Some(m) = m {
            let n = new_listed[m.into].0;
            view.likely_renamed
                .push(rename(gone[k], n, m.score, m.basis, true));
        }
    }
    view.likely_renamed
        .sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    view
}

fn changes(oc: &Catalog, old: &Task, nc: &Catalog, new: &Task) -> Vec<FieldChange> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let req = |r: bool| if r { "required" } else { "optional" }.to_string();
    [
        (
            "phase",
            oc.phases[old.phase].id.clone(),
            nc.phases[new.phase].id.clone(),
        ),
        ("group", opt(&old.group), opt(&new.group)),
        ("title", old.title.clone(), new.title.clone()),
        ("text", old.text.clone(), new.text.clone()),
        ("text_en", opt(&old.text_en), opt(&new.text_en)),
        ("note", opt(&old.note), opt(&new.note)),
        ("required", req(old.required), req(new.required)),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(field, old, new)| FieldChange { field, old, new })
    .collect()
}
