//! Which part of a page to import, and whether that part is a checklist at all. A page may
//! hold the responsibilities of more than one party (Microsoft's or FastTrack's and yours) and
//! the phase descriptions: the customer's part is imported unless `--party` picks another, and
//! the import says what it left out. A part with numbered user-interface steps, images and long
//! prose is a description, refused unless `--allow-prose`, which imports it without the steps.

use std::collections::BTreeMap;

use super::page::{Item, Page};
use crate::error::{Kind, UserError};
use crate::model::catalog::GENERAL;
use crate::model::lang::Party;

/// The part of a page that is imported.
pub struct Chosen {
    /// Indices into `Page::items`.
    pub items: Vec<usize>,
    pub party: Party,
    /// What the user should know about the choice (for warnings).
    pub notes: Vec<String>,
}

/// Whose an item is: the customer's when the page does not say.
fn whose(i: &Item) -> Party {
    i.party.unwrap_or(Party::Customer)
}

/// Where a section of the page (a phase heading under some part) first appears in `party`'s
/// part, if it does.
pub fn in_part(parties: &[(Option<Party>, usize)], party: Party) -> Option<usize> {
    parties
        .iter()
        .filter(|(p, _)| p.unwrap_or(Party::Customer) == party)
        .map(|(_, at)| *at)
        .min()
}

pub fn choose(page: &Page, asked: Option<Party>, name: &str) -> anyhow::Result<Chosen> {
    let mut counts: BTreeMap<Party, usize> = BTreeMap::new();
    for i in &page.items {
        *counts.entry(whose(i)).or_default() += 1;
    }
    let list = counts
        .iter()
        .map(|(p, n)| format!("{}: {n} item(s)", p.whose()))
        .collect::<Vec<_>>()
        .join(", ");
    let others = |but: Party| -> String {
        counts
            .keys()
            .filter(|p| **p != but && **p != Party::Phases)
            .map(|p| format!("`--party {}`", p.name()))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let party = match asked {
        Some(p) if counts.contains_key(&p) => p,
        Some(p) => {
            return Err(UserError::new(
                Kind::Usage,
                format!(
                    "{name}: the page has no part that lists {} responsibilities; it has {list}",
                    p.whose()
                ),
                match others(p).as_str() {
                    "" => "import it without --party; nothing was written".to_string(),
                    o => format!("pass {o}, or none; nothing was written"),
                },
            )
            .into());
        }
        None if counts.contains_key(&Party::Customer) => Party::Customer,
        None if counts.len() == 1 => counts.keys().copied().next().unwrap_or(Party::Customer),
        None => {
            return Err(UserError::new(
                Kind::Usage,
                format!("{name}: the page lists no responsibilities of yours; it has {list}"),
                format!(
                    "pass {} to import one of them; nothing was written",
                    others(Party::Customer)
                ),
            )
            .into());
        }
    };
    let mut notes = Vec::new();
    if counts.len() > 1 {
        let hint = others(party);
        notes.push(format!(
            "{name}: the page has more than one part ({list}); imported {} only{}",
            party.whose(),
            if hint.is_empty() {
                String::new()
            } else {
                format!(" ({hint} imports another)")
            }
        ));
    } else if asked.is_none() && party == Party::Phases {
        notes.push(format!(
            "{name}: the page describes the phases and lists no one's responsibilities; imported the bullets of its descriptions"
        ));
    } else if asked.is_none() && party != Party::Customer {
        notes.push(format!(
            "{name}: the page lists {} responsibilities only; imported them",
            party.whose()
        ));
    }
    let items: Vec<usize> = (0..page.items.len())
        .filter(|&i| whose(&page.items[i]) == party)
        .collect();
    if !page
        .sections
        .iter()
        .any(|s| s.phase != GENERAL && in_part(&s.parties, party).is_some())
    {
        // An appendix's "Your responsibilities": a few bullets in addition to another page's.
        return Err(UserError::new(
            Kind::Usage,
            format!(
                "{name}: {} part of the page lists general responsibilities only ({} item(s)), under no phase: a catalog needs phases; it has {list}",
                party.whose(),
                items.len()
            ),
            match others(party).as_str() {
                "" => "import the page these add to; nothing was written".to_string(),
                o => format!("pass {o} to import another part, or import the page these add to; nothing was written"),
            },
        )
        .into());
    }
    Ok(Chosen {
        items,
        party,
        notes,
    })
}

/// Why the chosen part reads as a description rather than a checklist, if it does: numbered
/// (user-interface) steps, images, long prose.
pub fn descriptive(page: &Page, chosen: &Chosen) -> Option<String> {
    let ours = |p: &Option<Party>| p.unwrap_or(Party::Customer) == chosen.party;
    let shape = &page.shape;
    let items: Vec<&Item> = chosen.items.iter().map(|&i| &page.items[i]).collect();
    let numbered = items.iter().filter(|i| i.numbered).count();
    let images = shape.images.iter().filter(|p| ours(p)).count();
    let prose: Vec<usize> = shape
        .prose
        .iter()
        .filter(|(p, _)| ours(p))
        .map(|(_, n)| *n)
        .collect();
    let total: usize = prose.iter().sum();
    let longest = prose.iter().copied().max().unwrap_or(0);
    let bullets: usize = items.iter().map(|i| i.text.chars().count()).sum();
    let steps = numbered >= 2 && numbered * 2 >= items.len();
    let wordy = total > bullets && (longest >= 600 || images >= 2);
    let ui: Vec<&(Option<Party>, String, String)> =
        shape.steps.iter().filter(|(p, _, _)| ours(p)).collect();
    let mut why = format!(
        "{numbered} of its {} items are numbered steps, it has {images} image(s) and {} paragraph(s) of prose (the longest {longest} characters, {total} in all) against {bullets} characters of bullets",
        items.len(),
        prose.len()
    );
    if let Some((_, heading, first)) = ui.first() {
        why.push_str(&format!(
            "; `{heading}` lists numbered steps of a user interface (\"{first}\" …)"
        ));
    }
    (steps || wordy || !ui.is_empty()).then_some(why)
}
