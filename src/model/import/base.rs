//! Importing a newer page on the catalog in use (`--base`): what people curated in the base
//! survives. An item whose text is the same as a base item's, or a rewording of it (see
//! `catalog::matching`), keeps that item's id, title, `required` flag and aliases; a phase the
//! base has keeps its description. New ids never take a base id or alias, and never stutter.

use std::collections::HashSet;

use crate::model::catalog::{Catalog, matching};
use crate::model::slug::{self, MAX_ID};

/// What a page item takes over from the base item it is.
pub struct Kept {
    pub id: String,
    pub title: String,
    pub required: bool,
    pub aliases: Vec<String>,
    /// True when the text is the same, false when it was reworded.
    pub same: bool,
    pub score: f64,
}

/// For each page item (phase, text, required as the page says), what it keeps of the base.
pub fn keep(items: &[(&str, &str, bool)], base: Option<&Catalog>) -> Vec<Option<Kept>> {
    let Some(base) = base else {
        return items.iter().map(|_| None).collect();
    };
    let listed: Vec<usize> = (0..base.tasks.len())
        .filter(|&i| base.tasks[i].added.is_none())
        .collect();
    let old: Vec<(&str, &str)> = listed
        .iter()
        .map(|&i| {
            let t = &base.tasks[i];
            (base.phases[t.phase].id.as_str(), t.text.as_str())
        })
        .collect();
    let new: Vec<(&str, &str)> = items.iter().map(|(p, t, _)| (*p, *t)).collect();
    matching::pair_up(&old, &new)
        .into_iter()
        .zip(items)
        .map(|(m, (_, text, required))| {
            let m = m?;
            let t = &base.tasks[listed[m.old]];
            let same = t.text == *text;
            // The base's flag stands unless the rewording itself made the item conditional
            // (or no longer so): then the page says what it is now.
            let was = super::conditional(&t.text.to_lowercase());
            let required = if same || was != *required {
                t.required
            } else {
                *required
            };
            Some(Kept {
                id: t.id.clone(),
                title: t.title.clone(),
                required,
                aliases: t.aliases.clone(),
                same,
                score: m.score,
            })
        })
        .collect()
}

/// Ids taken so far (every id and alias of the base first: a new item takes none of them),
/// and for each id stem the next number to try after a clash, so that a page of 400,000
/// items with one title gets its ids in linear time.
#[derive(Debug, Default)]
pub struct Taken {
    used: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

pub fn taken(base: Option<&Catalog>) -> Taken {
    Taken {
        used: base
            .map(|b| {
                b.tasks
                    .iter()
                    .flat_map(|t| std::iter::once(&t.id).chain(&t.aliases))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        next: Default::default(),
    }
}

/// The base's description of a phase, when it has one.
pub fn description(base: Option<&Catalog>, phase: &str) -> Option<String> {
    let b = base?;
    let p = &b.phases[b.phase_index(phase)?];
    Some(p.description.clone()).filter(|d| !d.is_empty())
}

impl Taken {
    /// An id from the title; on a clash the phase is put in front (unless the title already
    /// starts with it: never `enable-enable-…`), then a number after.
    pub fn unique_id(&mut self, title: &str, phase: &str) -> String {
        let mut base = slug::slugify(title, MAX_ID);
        if base.is_empty() {
            base = "item".to_string();
        }
        let mut id = base.clone();
        if self.used.contains(&id) && !base.starts_with(&format!("{phase}-")) && base != phase {
            id = slug::slugify(&format!("{phase} {title}"), MAX_ID);
        }
        if self.used.contains(&id) {
            let stem = id;
            let mut n = self.next.get(&stem).copied().unwrap_or(2);
            id = format!("{stem}-{n}");
            while self.used.contains(&id) {
                n += 1;
                id = format!("{stem}-{n}");
            }
            self.next.insert(stem, n + 1);
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_never_stutter() {
        let mut used = Taken {
            used: ["enable-various-services-per-guidance".to_string()].into(),
            ..Taken::default()
        };
        let id = used.unique_id("Enable various services per guidance", "enable");
        assert_eq!(id, "enable-various-services-per-guidance-2");
        let id = used.unique_id("Enable various services per guidance", "enable");
        assert_eq!(id, "enable-various-services-per-guidance-3");
        let mut used = Taken {
            used: ["plan".to_string()].into(),
            ..Taken::default()
        };
        assert_eq!(used.unique_id("Plan", "assess"), "assess-plan");
    }
}
