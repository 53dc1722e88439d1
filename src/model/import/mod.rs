//! Catalogs made from a responsibilities page in the docs format of the source
//! (docs/source/your-responsibilities.md): YAML front matter, then `## General …` and
//! `## <Name> phase` sections of bullets. Also the plain checklists `ftrack add --from` reads.

mod base;
pub mod checklist;
mod front;
pub mod mojibake;
mod page;

use crate::error::{Kind, UserError};
use crate::model::catalog::matching::SURE;
use crate::model::catalog::{self, Catalog, RawCatalog, RawPhase, RawTask, Source};
use crate::model::slug::{self, MAX_TITLE};

/// Phrases by which a page makes an item conditional: such items never block a gate.
const CONDITIONAL: &[&str] = &[
    "if needed",
    "if you choose to",
    "if applicable",
    "where applicable",
    "if required",
    "if desired",
    "(optional)",
    "(when needed)",
    "(when applicable)",
    "(if deployed)",
    "optional:",
    "is optional",
];

/// Whether `text` (lowercase) holds one of the conditional phrases as whole words: "optionally
/// named settings" or "if neededed" do not count.
fn conditional(text: &str) -> bool {
    CONDITIONAL.iter().any(|phrase| {
        text.match_indices(phrase).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + phrase.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// What an import made: the catalog as YAML (validated), and warnings for the user.
pub struct Imported {
    pub yaml: String,
    pub catalog: Catalog,
    pub warnings: Vec<String>,
}

/// Turn a page into a catalog. `name` is used in messages and the generated header. With a
/// `base` (the catalog in use), an item whose text is the same or nearly the same as a base
/// item's (in its phase) keeps that item's id, so that progress recorded on it carries over; new
/// items never take a base id.
pub fn import(
    text: &str,
    name: &str,
    base: Option<&Catalog>,
    allow_prose: bool,
) -> anyhow::Result<Imported> {
    let text = mojibake::repair(&text.replace("\r\n", "\n"));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (front, body) = front::split_front_matter(text);
    let meta = front.map(front::front_matter).unwrap_or_default();
    let page = page::read(body);
    if page.too_many {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!(
                "{name}: more than {} phase headings or bullets; a catalog that large is past what ftrack reads",
                page::MAX_ENTRIES
            ),
            "a responsibilities page has a few dozen: check that this is the right file; nothing was written",
        )
        .into());
    }
    let expected = "a page like docs/source/your-responsibilities.md: `## General responsibilities`, then `## Initiate phase`, `## Assess phase` … each with a bulleted list";
    if !page.sections.iter().any(|s| s.phase != catalog::GENERAL) {
        return Err(UserError::new(Kind::BadCatalog, format!(
            "{name}: no phase headings found (expected `## <Name> phase`, e.g. `## Assess phase`)"
        ), format!(
            "the importer reads {expected}; nothing was written"
        ))
        .into());
    }
    if page.items.is_empty() {
        return Err(UserError::new(Kind::BadCatalog, format!(
            "{name}: the phase sections have no bullets (expected one `- ` bullet per responsibility)"
        ), format!("the importer reads {expected}; nothing was written"))
        .into());
    }
    if !allow_prose && let Some(why) = descriptive(&page) {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!("{name}: this looks like a descriptive page, not a checklist of responsibilities: {why}"),
            "import a responsibilities page (one bullet per responsibility), or pass --allow-prose to import its bullets anyway; nothing was written",
        )
        .into());
    }
    let mut warnings = Vec::new();
    if page.links > 0 {
        warnings.push(format!(
            "{name}: {} bullet(s) that only point elsewhere (\"For more information, see …\") were dropped",
            page.links
        ));
    }
    let untranslated: Vec<&str> = page
        .items
        .iter()
        .filter(|i| i.untranslated)
        .map(|i| i.title_from.as_str())
        .collect();
    if let Some(first) = untranslated.first() {
        warnings.push(format!(
            "{name}: {} item(s) have no English text on the page (first: {first}); their ids are transliterated: rename them, keeping the old id under `aliases:` once progress is recorded",
            untranslated.len()
        ));
    }
    if page.skipped > 0 {
        warnings.push(format!(
            "{name}: {} bullet(s) outside the general and phase sections were skipped",
            page.skipped
        ));
    }
    let listed: Vec<(&str, &str, bool)> = page
        .items
        .iter()
        .map(|i| {
            let phase = page.sections[i.section].phase.as_str();
            (phase, i.text.as_str(), !conditional(&i.text.to_lowercase()))
        })
        .collect();
    let kept = base::keep(&listed, base);
    let mut used = base::taken(base);
    if let Some(b) = base {
        let n = kept.iter().flatten().count();
        let reworded = kept.iter().flatten().filter(|k| !k.same).count();
        warnings.push(format!(
            "kept the ids of {n} item(s) of {} ({reworded} of them reworded); {} item(s) are new; {} of its items are not on the page",
            b.source,
            kept.iter().filter(|k| k.is_none()).count(),
            b.tasks.iter().filter(|t| t.added.is_none()).count() - n,
        ));
        for k in kept.iter().flatten().filter(|k| k.score < SURE) {
            warnings.push(format!(
                "`{}` kept for a reworded item only {:.0}% alike: check it (`ftrack catalog diff` shows both texts)",
                k.id,
                k.score * 100.0
            ));
        }
    }
    let tasks: Vec<RawTask> = page
        .items
        .iter()
        .zip(&listed)
        .zip(kept)
        .map(|((item, (phase, _, required)), kept)| {
            let (id, title, required, aliases) = match kept {
                Some(k) => (k.id, k.title, k.required, k.aliases),
                None => {
                    let title = slug::shorten(&item.title_from, MAX_TITLE);
                    let title = title.trim_end_matches(['.', '。']).to_string();
                    let id = used.unique_id(&title, phase);
                    (id, title, *required, Vec::new())
                }
            };
            RawTask {
                id,
                phase: phase.to_string(),
                group: item.group.clone(),
                title,
                text: Some(item.text.clone()),
                note: item.note.clone(),
                required,
                aliases,
            }
        })
        .collect();
    // (A set, not a scan per section: a page of 40,000 phase headings imports in linear time.)
    let with_items: std::collections::HashSet<&str> = page
        .items
        .iter()
        .map(|i| page.sections[i.section].phase.as_str())
        .collect();
    for s in &page.sections {
        if !with_items.contains(s.phase.as_str()) {
            warnings.push(format!("{name}: phase `{}` has no bullets", s.phase));
        }
    }
    let raw = RawCatalog {
        schema: Some(catalog::SCHEMA),
        title: meta.title.or(page.heading).unwrap_or_default(),
        description: meta.description,
        date: meta.date,
        phases: page
            .sections
            .iter()
            .map(|s| RawPhase {
                id: s.phase.clone(),
                description: base::description(base, &s.phase)
                    .unwrap_or_else(|| s.description.join(" ")),
            })
            .collect(),
        tasks,
    };
    let body = crate::model::text::to_yaml(&raw)?;
    let yaml = format!(
        "# ftrack catalog generated by `ftrack catalog import` from {}.\n# Ids are made from the text: keep them once progress is recorded (add `aliases:` when renaming).\n{body}",
        crate::model::text::sanitize(
            name,
            crate::model::text::Keep {
                newline: false,
                tab: false
            }
        )
    );
    let catalog = Catalog::parse(&yaml, Source::File(format!("<catalog from {name}>").into()))?;
    Ok(Imported {
        yaml,
        catalog,
        warnings,
    })
}

/// Why a page reads as a description rather than a checklist, if it does: numbered UI steps,
/// images, long prose.
fn descriptive(page: &page::Page) -> Option<String> {
    let shape = &page.shape;
    let items = page.items.len();
    let prose: usize = shape.prose.iter().sum();
    let longest = shape.prose.iter().copied().max().unwrap_or(0);
    let bullets: usize = page.items.iter().map(|i| i.text.chars().count()).sum();
    let steps = shape.numbered >= 2 && shape.numbered * 2 >= items;
    let wordy = prose > bullets && (longest >= 600 || shape.images >= 2);
    (steps || wordy).then(|| {
        format!(
            "{} of its {items} items are numbered steps, it has {} image(s) and {} paragraph(s) of prose (the longest {longest} characters, {prose} in all) against {bullets} characters of bullets",
            shape.numbered,
            shape.images,
            shape.prose.len()
        )
    })
}
