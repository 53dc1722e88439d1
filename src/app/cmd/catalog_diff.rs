//! `ftrack catalog diff OLD NEW`: what switching a tracker from one catalog to another changes.
//! Items match by id, or through the new catalog's `aliases:` (a rename keeps progress).

use crate::app::cli::CatalogDiffArgs;
use crate::app::{Env, Output};
use crate::model::catalog::{Catalog, Task};
use crate::present::view::{DiffChange, DiffItem, DiffView, FieldChange, LikelyRename, SCHEMA};

pub fn run(args: &CatalogDiffArgs, env: &Env) -> anyhow::Result<Output> {
    let old = crate::store::catalog::load(&args.old)?;
    let new = crate::store::catalog::load(&args.new)?;
    let view = diff(&old, &new);
    Ok(Output::ok(env.answer(&view, |v, _| {
        crate::present::diff::catalog_diff(v)
    })?))
}

pub fn diff(old: &Catalog, new: &Catalog) -> DiffView {
    let item = |c: &Catalog, t: &Task| DiffItem {
        id: t.id.clone(),
        phase: c.phases[t.phase].id.clone(),
        title: t.title.clone(),
    };
    let mut matched = vec![false; old.tasks.len()];
    let mut view = DiffView {
        schema: SCHEMA,
        old: old.source.to_string(),
        new: new.source.to_string(),
        phases_added: new
            .phase_names()
            .iter()
            .filter(|p| old.phase_index(p).is_none())
            .map(|p| p.to_string())
            .collect(),
        phases_removed: old
            .phase_names()
            .iter()
            .filter(|p| new.phase_index(p).is_none())
            .map(|p| p.to_string())
            .collect(),
        added: Vec::new(),
        removed: Vec::new(),
        renamed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
        likely_renamed: Vec::new(),
    };
    for t in &new.tasks {
        let found = std::iter::once(&t.id)
            .chain(&t.aliases)
            .find_map(|id| old.lookup(id));
        let Some(o) = found.filter(|&o| !matched[o]) else {
            view.added.push(item(new, t));
            continue;
        };
        matched[o] = true;
        let was = old.task(o);
        let changes = changes(old, was, new, t);
        let change = DiffChange {
            id: t.id.clone(),
            renamed_from: (was.id != t.id).then(|| was.id.clone()),
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
    for (o, t) in old.tasks.iter().enumerate() {
        if !matched[o] {
            view.removed.push(item(old, t));
        }
    }
    // Removed and added items that are the same text, or nearly: renamed without an alias.
    fn text_of<'c>(c: &'c Catalog, id: &str) -> &'c str {
        c.lookup(id).map_or("", |i| c.task(i).text.as_str())
    }
    let gone: Vec<(&str, &str)> = view
        .removed
        .iter()
        .map(|i| (i.phase.as_str(), text_of(old, &i.id)))
        .collect();
    let came: Vec<(&str, &str)> = view
        .added
        .iter()
        .map(|i| (i.phase.as_str(), text_of(new, &i.id)))
        .collect();
    for (j, m) in crate::model::catalog::matching::pair_up(&gone, &came)
        .into_iter()
        .enumerate()
    {
        if let Some(i) = m {
            view.likely_renamed.push(LikelyRename {
                old: view.removed[i].id.clone(),
                new: view.added[j].id.clone(),
            });
        }
    }
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
        ("note", opt(&old.note), opt(&new.note)),
        ("required", req(old.required), req(new.required)),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(field, old, new)| FieldChange { field, old, new })
    .collect()
}
