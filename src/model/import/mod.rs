//! Catalogs made from a responsibilities page in the docs format of the source
//! (docs/source/your-responsibilities.md): YAML front matter, then `## General …` and
//! `## <Name> phase` sections of bullets. Also the plain checklists `ftrack add --from` reads.

mod base;
pub mod checklist;
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
pub fn import(text: &str, name: &str, base: Option<&Catalog>) -> anyhow::Result<Imported> {
    let text = mojibake::repair(&text.replace("\r\n", "\n"));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (front, body) = split_front_matter(text);
    let meta = front.map(front_matter).unwrap_or_default();
    let page = page::read(body);
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
    let mut warnings = Vec::new();
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
                    let title = slug::shorten(&item.text, MAX_TITLE);
                    let title = title.trim_end_matches('.').to_string();
                    let id = base::unique_id(&title, phase, &mut used);
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
    for s in &page.sections {
        if !page
            .items
            .iter()
            .any(|i| page.sections[i.section].phase == s.phase)
        {
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
    let body = serde_yaml::to_string(&raw)?;
    let yaml = format!(
        "# ftrack catalog generated by `ftrack catalog import` from {}.\n# Ids are made from the text: keep them once progress is recorded (add `aliases:` when renaming).\n{body}",
        name.replace('\n', " ")
    );
    let catalog = Catalog::parse(&yaml, Source::File(format!("<catalog from {name}>").into()))?;
    Ok(Imported {
        yaml,
        catalog,
        warnings,
    })
}

/// The front matter between `---` lines at the very top, and the rest.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

#[derive(Default)]
struct Meta {
    title: Option<String>,
    description: Option<String>,
    date: Option<String>,
}

/// title, description and date (`ms.date` or `date`) from the front matter. It is read as YAML,
/// or line by line when it is not valid YAML (hand-edited pages often are not).
fn front_matter(text: &str) -> Meta {
    let get = |key: &str| -> Option<String> {
        match serde_yaml::from_str::<serde_yaml::Value>(text) {
            Ok(v) => v.get(key).and_then(|v| match v {
                serde_yaml::Value::String(s) => Some(s.clone()),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
            Err(_) => text.lines().find_map(|l| {
                let v = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
                Some(v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
            }),
        }
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    };
    Meta {
        title: get("title"),
        description: get("description"),
        date: get("ms.date").or_else(|| get("date")).map(|d| iso_date(&d)),
    }
}

/// `11/07/2016` (the docs' month/day/year) → `2016-11-07`; anything else as it is.
fn iso_date(d: &str) -> String {
    ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(d, f).ok())
        .map_or_else(|| d.to_string(), |d| d.format("%Y-%m-%d").to_string())
}
