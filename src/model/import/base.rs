//! Importing a newer page on the catalog in use (`--base`): what people curated in the base
//! survives. An item whose text is the same as a base item's, a rewording of it, or its
//! translation (see `catalog::matching`), keeps that item's id, `required` flag and aliases,
//! and its title when the page is in the base's language; a phase the base has keeps its
//! description (same language too). A base item the page merged into another becomes an alias
//! of it. New ids never take a base id or alias, and never stutter.

use std::collections::HashSet;

use crate::model::catalog::Catalog;
use crate::model::catalog::matching::{self, Basis, Entry, SURE};
use crate::model::lang::{self, Rules};
use crate::model::slug::{self, MAX_ID};

/// What a page item takes over from the base.
#[derive(Clone)]
pub struct Kept {
    /// The base item's id (None: the item is new, but a base item merged into it).
    pub id: Option<String>,
    /// The base item's title, when the page is in the base's language.
    pub title: Option<String>,
    pub required: bool,
    pub aliases: Vec<String>,
}

/// For each page item (as matching sees it, and required as the page says), what it keeps of
/// the base. Says what was kept in `warnings`.
pub fn keep(
    items: &[Entry],
    required: &[bool],
    base: Option<&Catalog>,
    lang: &str,
    warnings: &mut Vec<String>,
) -> Vec<Option<Kept>> {
    let Some(base) = base else {
        return items.iter().map(|_| None).collect();
    };
    let listed = Entry::listed(base);
    let old: Vec<Entry> = listed.iter().map(|(_, e)| *e).collect();
    let same_language = lang::primary(base.language()) == lang::primary(lang);
    let base_rules = lang::by_locale(base.language()).map_or(Rules::english(), Rules::new);
    let english = Rules::english();
    let matches = matching::pair_up(&old, items);
    let mut paired = vec![false; old.len()];
    let mut out: Vec<Option<Kept>> = Vec::with_capacity(items.len());
    let (mut reworded, mut unsure) = (0, Vec::new());
    for (j, m) in matches.iter().enumerate() {
        let Some(m) = m else {
            out.push(None);
            continue;
        };
        paired[m.old] = true;
        let t = &base.tasks[listed[m.old].0];
        let same = t.text == items[j].text;
        reworded += usize::from(!same);
        if m.score < SURE {
            unsure.push((t.id.clone(), m.score, m.basis));
        }
        // The base's flag stands unless the rewording itself made the item conditional (or
        // no longer so): then the page says what it is now.
        let was = base_rules.optional(&t.text)
            || t.text_en.as_deref().is_some_and(|e| english.optional(e));
        let required = if same || was != required[j] {
            t.required
        } else {
            required[j]
        };
        out.push(Some(Kept {
            id: Some(t.id.clone()),
            title: same_language.then(|| t.title.clone()),
            required,
            aliases: t.aliases.clone(),
        }));
    }
    let mut merged = 0;
    for (k, m) in matching::merges(&old, items, &paired)
        .into_iter()
        .enumerate()
    {
        let Some(m) = m else { continue };
        let t = &base.tasks[listed[k].0];
        let kept = out[m.into].get_or_insert_with(|| Kept {
            id: None,
            title: None,
            required: required[m.into],
            aliases: Vec::new(),
        });
        kept.aliases.push(t.id.clone());
        kept.aliases.extend(t.aliases.iter().cloned());
        merged += 1;
    }
    let n = out.iter().flatten().filter(|k| k.id.is_some()).count();
    warnings.push(format!(
        "kept the ids of {n} item(s) of {} ({reworded} of them reworded{}); {} item(s) are new; {} of its items are not on the page",
        base.source,
        if merged > 0 { format!(", {merged} more merged into another item and kept as its alias") } else { String::new() },
        items.len() - n,
        old.len() - n - merged,
    ));
    let (by_place, by_text): (Vec<_>, Vec<_>) = unsure
        .into_iter()
        .partition(|(_, _, b)| *b == Basis::Structure);
    for (id, score, _) in by_text {
        warnings.push(format!(
            "`{id}` kept for a reworded item only {:.0}% alike: check it (`ftrack catalog diff` shows both texts)",
            score * 100.0
        ));
    }
    if let Some((first, ..)) = by_place.first() {
        warnings.push(format!(
            "{} id(s) kept by the items' places and the names they share, with no text in a common language (first: `{first}`): check them (`ftrack catalog diff` shows both texts)",
            by_place.len()
        ));
    }
    out
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
pub fn description(b: &Catalog, phase: &str) -> Option<String> {
    let p = &b.phases[b.phase_index(phase)?];
    Some(p.description.clone()).filter(|d| !d.is_empty())
}

impl Taken {
    /// A numbered id, `<phase>-<n>` for the item's place in its phase; when that is taken (by
    /// the base, whose items keep their numbers), the next number after every one the phase
    /// has (found once per phase, then counted on).
    pub fn numbered_id(&mut self, phase: &str, n: usize) -> String {
        let mut id = format!("{phase}-{n}");
        if self.used.contains(&id) {
            let key = format!("{phase}-#");
            let mut next = match self.next.get(&key) {
                Some(&next) => next,
                None => {
                    let highest = self
                        .used
                        .iter()
                        .filter_map(|u| {
                            u.strip_prefix(phase)?
                                .strip_prefix('-')?
                                .parse::<usize>()
                                .ok()
                        })
                        .max()
                        .unwrap_or(0);
                    highest + 1
                }
            };
            id = format!("{phase}-{next}");
            while self.used.contains(&id) {
                next += 1;
                id = format!("{phase}-{next}");
            }
            self.next.insert(key, next + 1);
        }
        self.used.insert(id.clone());
        id
    }

    /// An id from the title; on a clash the phase is put in front (unless the title already
    /// starts with it: never `enable-enable-…`), then a number after. A cut id does not end on
    /// a little word of the page's language (`…-fuer`).
    pub fn unique_id(&mut self, title: &str, phase: &str, rules: Rules) -> String {
        let mut base = slug::slugify(title, MAX_ID);
        while let Some((head, last)) = base.rsplit_once('-')
            && rules.little_in_id(last)
        {
            base.truncate(head.len());
        }
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
        let en = Rules::english();
        let mut used = Taken {
            used: ["enable-various-services-per-guidance".to_string()].into(),
            ..Taken::default()
        };
        let id = used.unique_id("Enable various services per guidance", "enable", en);
        assert_eq!(id, "enable-various-services-per-guidance-2");
        let id = used.unique_id("Enable various services per guidance", "enable", en);
        assert_eq!(id, "enable-various-services-per-guidance-3");
        let mut used = Taken {
            used: ["plan".to_string()].into(),
            ..Taken::default()
        };
        assert_eq!(used.unique_id("Plan", "assess", en), "assess-plan");
        let mut used = Taken {
            used: ["assess-1".to_string(), "assess-2".to_string()].into(),
            ..Taken::default()
        };
        assert_eq!(used.numbered_id("assess", 3), "assess-3");
        assert_eq!(used.numbered_id("assess", 2), "assess-4");
        assert_eq!(used.numbered_id("assess", 1), "assess-5");
    }
}
