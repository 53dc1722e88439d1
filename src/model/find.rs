//! Finding items: the filters of `list` (owner, text, due date) and who owns what.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::state::{Engagement, Status};

/// Whether `owner` names the item's owner: a case-insensitive substring (`sam` finds
/// `Sam (network)`). `needle` is already lower-case.
pub fn owner_matches(t: &Engagement, idx: usize, needle: &str) -> bool {
    t.states[idx]
        .owner
        .as_deref()
        .is_some_and(|o| o.to_lowercase().contains(needle))
}

/// Whether `needle` (lower-case) occurs in the item's id, title, text or note.
pub fn text_matches(t: &Engagement, idx: usize, needle: &str) -> bool {
    let task = t.catalog.task(idx);
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&task.id)
        || has(&task.title)
        || has(&task.text)
        || t.states[idx].note.as_deref().is_some_and(has)
}

/// Whether the item is due on or before `horizon` (overdue items included).
pub fn due_by(t: &Engagement, idx: usize, horizon: NaiveDate) -> bool {
    t.states[idx].due.is_some_and(|d| d <= horizon)
}

/// One owner's outstanding items.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct OwnerLoad {
    /// Null for the outstanding items nobody owns.
    pub owner: Option<String>,
    /// How many outstanding items they own.
    pub open: usize,
    /// How many of those are overdue.
    pub overdue: usize,
}

/// Every owner of an outstanding item among `items`, by name (case-insensitively one owner),
/// with how many they have open and overdue; unowned items last.
pub fn owners(t: &Engagement, items: &[usize], today: NaiveDate) -> Vec<OwnerLoad> {
    let mut by: BTreeMap<Option<String>, OwnerLoad> = BTreeMap::new();
    for &i in items {
        let s = &t.states[i];
        if s.status != Status::Outstanding {
            continue;
        }
        let key = s.owner.as_ref().map(|o| o.to_lowercase());
        let load = by.entry(key).or_insert_with(|| OwnerLoad {
            owner: s.owner.clone(),
            open: 0,
            overdue: 0,
        });
        load.open += 1;
        if t.is_overdue(i, today) {
            load.overdue += 1;
        }
    }
    // BTreeMap puts None first; unowned items read best last.
    let mut list: Vec<OwnerLoad> = by.into_values().collect();
    let unowned_first = list.first().is_some_and(|l| l.owner.is_none());
    list.rotate_left(usize::from(unowned_first));
    list
}
