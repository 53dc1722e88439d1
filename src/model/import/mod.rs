//! Catalogs made from a responsibilities page in the docs format of the source
//! (docs/source/your-responsibilities.md), in any language with a table in `model::lang`: YAML
//! front matter, then `## General …` and `## <Name> phase` sections of bullets. Also the plain
//! checklists `ftrack add --from` reads.

mod base;
pub mod checklist;
mod front;
pub mod mojibake;
mod page;
mod part;
mod title;

use crate::error::{Kind, UserError};
use crate::model::catalog::matching::Entry;
use crate::model::catalog::{self, Catalog, RawCatalog, RawPhase, RawTask, Source};
use crate::model::lang::{self, Party, Rules};

/// How to import.
#[derive(Default)]
pub struct Options<'a> {
    /// The catalog in use: items that are the same as, or a rewording or translation of, one
    /// of its items keep that item's id, so that progress carries over.
    pub base: Option<&'a Catalog>,
    /// Import a descriptive page anyway (without its numbered user-interface steps).
    pub allow_prose: bool,
    /// Whose part of a page of several parties to import (default: the customer's).
    pub party: Option<Party>,
}

/// What an import made: the catalog as YAML (validated), and warnings for the user.
pub struct Imported {
    pub yaml: String,
    pub catalog: Catalog,
    pub warnings: Vec<String>,
}

fn refused(what: String, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(Kind::BadCatalog, what, hint).into()
}

/// Turn a page into a catalog. `name` is used in messages and the generated header.
pub fn import(text: &str, name: &str, opts: &Options) -> anyhow::Result<Imported> {
    let text = mojibake::repair(&text.replace("\r\n", "\n"));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (front, body) = front::split_front_matter(text);
    let meta = front.map(front::front_matter).unwrap_or_default();
    let mut warnings = Vec::new();
    let (rules, code, page) = language(meta.locale.as_deref(), body, name, &mut warnings);
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
        return Err(refused(
            format!(
                "{name}: no phase headings found (expected `## <Name> phase`, e.g. `## Assess phase`)"
            ),
            format!("the importer reads {expected}; nothing was written"),
        ));
    }
    let no_bullets = || {
        refused(
            format!(
                "{name}: the phase sections have no bullets (expected one `- ` bullet per responsibility)"
            ),
            format!("the importer reads {expected}; nothing was written"),
        )
    };
    if page.items.is_empty() {
        return Err(no_bullets());
    }
    let mut chosen = part::choose(&page, opts.party, name)?;
    warnings.append(&mut chosen.notes);
    if let Some(why) = part::descriptive(&page, &chosen) {
        if !opts.allow_prose {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!("{name}: this looks like a descriptive page, not a checklist of responsibilities: {why}"),
                "import a responsibilities page (one bullet per responsibility), or pass --allow-prose to import its bullets anyway (without numbered user-interface steps); nothing was written",
            )
            .into());
        }
        let steps = chosen
            .items
            .iter()
            .filter(|&&i| page.items[i].ui_step)
            .count();
        if steps > 0 {
            chosen.items.retain(|&i| !page.items[i].ui_step);
            warnings.push(format!(
                "{name}: {steps} numbered step(s) of a user interface were left out"
            ));
        }
        if chosen.items.is_empty() {
            return Err(no_bullets());
        }
    }
    if page.links > 0 {
        warnings.push(format!(
            "{name}: {} bullet(s) that only point elsewhere (\"For more information, see …\") were dropped{}",
            page.links,
            match page.moved_notes {
                0 => String::new(),
                n => format!("; the note(s) inside {n} of them went to the item before"),
            }
        ));
    }
    if let Some((footer, n)) = &page.after_footer {
        warnings.push(format!(
            "{name}: {n} bullet(s) after a footer (\"{footer}…\") were skipped: a footer ends the list of its section"
        ));
    }
    if page.skipped > 0 {
        warnings.push(format!(
            "{name}: {} bullet(s) outside the general and phase sections were skipped",
            page.skipped
        ));
    }
    let items: Vec<&page::Item> = chosen.items.iter().map(|&i| &page.items[i]).collect();
    let sections = phases_in_part(&page, &items, chosen.party);
    let entries = entries(&page, &items, &code);
    let (tasks, numbered) = tasks(
        &page,
        &items,
        &entries,
        rules,
        opts.base,
        &code,
        &mut warnings,
    );
    if let Some(first) = numbered.first() {
        warnings.push(format!(
            "{name}: {} item(s) have no English original on the page and are not written in Latin letters: their ids are numbered within their phase (first: `{first}`); import the page's next revision with `--base` so that ids follow the items, not their places",
            numbered.len()
        ));
    }
    let with_items: std::collections::HashSet<usize> = items.iter().map(|i| i.section).collect();
    for &s in &sections {
        if !with_items.contains(&s) {
            warnings.push(format!(
                "{name}: phase `{}` has no bullets",
                page.sections[s].phase
            ));
        }
    }
    let same_language = |b: &Catalog| lang::primary(b.language()) == lang::primary(&code);
    let mut raw = RawCatalog {
        schema: None,
        title: meta.title.or(page.heading.clone()).unwrap_or_default(),
        description: meta.description,
        date: meta.date,
        language: (lang::primary(&code) != catalog::ENGLISH).then(|| code.clone()),
        phases: sections
            .iter()
            .map(|&s| {
                let p = &page.sections[s];
                RawPhase {
                    id: p.phase.clone(),
                    description: opts
                        .base
                        .filter(|b| same_language(b))
                        .and_then(|b| base::description(b, &p.phase))
                        .unwrap_or_else(|| p.description.join(" ")),
                }
            })
            .collect(),
        tasks,
    };
    raw.schema = Some(catalog::schema_for(&raw));
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

/// The phases of the chosen part, in the order that part has them: those whose headings are in
/// it, then those it has items in (its items under a heading of another part).
fn phases_in_part(page: &page::Page, items: &[&page::Item], party: Party) -> Vec<usize> {
    let mut first: Vec<Option<usize>> = vec![None; page.sections.len()];
    for (k, i) in items.iter().enumerate() {
        first[i.section].get_or_insert(k);
    }
    let mut sections: Vec<(usize, usize)> = (0..page.sections.len())
        .filter_map(|s| {
            part::in_part(&page.sections[s].parties, party)
                .or(first[s].map(|k| k + usize::MAX / 2))
                .map(|at| (at, s))
        })
        .collect();
    sections.sort();
    sections.into_iter().map(|(_, s)| s).collect()
}

/// The catalog's items: each with the id and title it keeps from the base, or new ones; and
/// the new ids numbered by place.
fn tasks(
    page: &page::Page,
    items: &[&page::Item],
    entries: &[Entry],
    rules: Rules,
    base: Option<&Catalog>,
    code: &str,
    warnings: &mut Vec<String>,
) -> (Vec<RawTask>, Vec<String>) {
    let english = Rules::english();
    let required: Vec<bool> = items
        .iter()
        .map(|i| {
            !(rules.optional(&i.text) || i.text_en.as_deref().is_some_and(|e| english.optional(e)))
        })
        .collect();
    let kept = base::keep(entries, &required, base, code, warnings);
    let mut used = base::taken(base);
    let mut numbered: Vec<String> = Vec::new();
    let mut tasks = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let phase = page.sections[item.section].phase.as_str();
        let own_title = title::title(&item.own, item.own_en.as_deref(), rules);
        let (id, title, required, aliases) = match kept[k].clone() {
            Some(kept) if kept.id.is_some() => (
                kept.id.unwrap_or_default(),
                kept.title.unwrap_or(own_title),
                kept.required,
                kept.aliases,
            ),
            kept => {
                let place = entries[k].pos + 1;
                let english_page = lang::primary(code) == catalog::ENGLISH;
                let stem = title::id_stem(item, &own_title, rules, english_page, phase, place);
                let id = if stem.numbered {
                    let id = used.numbered_id(phase, place);
                    numbered.push(id.clone());
                    id
                } else {
                    used.unique_id(&stem.text, phase, stem.rules)
                };
                let aliases = kept.map(|k| k.aliases).unwrap_or_default();
                (id, own_title, required[k], aliases)
            }
        };
        tasks.push(RawTask {
            id,
            phase: phase.to_string(),
            group: item.group.clone(),
            title,
            text: Some(item.text.clone()),
            text_en: item.text_en.clone(),
            note: item.note.clone(),
            required,
            aliases,
        });
    }
    (tasks, numbered)
}

/// The rules to read the page by, its language, and the page read by them: what the front
/// matter says, unless the text plainly says otherwise, else what the page's words say (read
/// by the English rules to find them, and read again only when they are not English).
fn language(
    locale: Option<&str>,
    body: &str,
    name: &str,
    warnings: &mut Vec<String>,
) -> (Rules, String, page::Page) {
    let Some(locale) = locale else {
        let first = page::read(body, Rules::english());
        let l = lang::detect(first.words.iter().map(String::as_str));
        if l.code == catalog::ENGLISH {
            return (Rules::english(), l.code.to_string(), first);
        }
        return (
            Rules::new(l),
            l.code.to_string(),
            page::read(body, Rules::new(l)),
        );
    };
    let declared = lang::by_locale(locale);
    let first = page::read(body, declared.map_or(Rules::english(), Rules::new));
    if let Some(l) = lang::contradicted(declared, first.words.iter().map(String::as_str)) {
        warnings.push(format!(
            "{name}: the front matter says the page is `{}`, but its text is {}: it was read by the {} rules",
            locale.trim(),
            l.name,
            l.name
        ));
        return (
            Rules::new(l),
            l.code.to_string(),
            page::read(body, Rules::new(l)),
        );
    }
    match declared {
        Some(l) => (Rules::new(l), l.code.to_string(), first),
        None => {
            let code = lang::primary(locale);
            warnings.push(format!(
                "{name}: ftrack has no rules for the page's language `{code}`; it was read by the English rules, which do not know its wording for optional items, footers or \"see also\" lines: check `required:` and the notes of the catalog (see \"Catalogs from a docs page\" in the README to add a language)"
            ));
            (Rules::english(), code, first)
        }
    }
}

/// The chosen items as matching sees them (for `--base`).
fn entries<'a>(page: &'a page::Page, items: &[&'a page::Item], code: &'a str) -> Vec<Entry<'a>> {
    let english = lang::primary(code) == catalog::ENGLISH;
    let mean = items
        .iter()
        .map(|i| i.text.chars().count() as f64)
        .sum::<f64>()
        / items.len().max(1) as f64;
    let mut seen = vec![0usize; page.sections.len()];
    let mut counts = vec![0usize; page.sections.len()];
    for i in items {
        counts[i.section] += 1;
    }
    items
        .iter()
        .map(|i| {
            let pos = seen[i.section];
            seen[i.section] += 1;
            Entry {
                phase: page.sections[i.section].phase.as_str(),
                text: i.text.as_str(),
                english: i.text_en.as_deref().or(english.then_some(i.text.as_str())),
                lang: code,
                pos,
                of: counts[i.section],
                size: i.text.chars().count() as f64 / mean.max(1.0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
