//! Validation: a raw catalog, as serde read it, becomes a `Catalog` that cannot be wrong, or an
//! error naming the file, line and column and what is wrong.

use std::collections::HashMap;

use super::{Catalog, GENERAL, Phase, RawCatalog, SCHEMA, Source, Task, is_kebab};
use crate::error::{Kind, UserError};

pub(super) fn validate(raw: RawCatalog, text: &str, source: Source) -> Result<Catalog, UserError> {
    // Phase ids are looked for in the `phases:` section, task fields in `tasks:`.
    let (phases_at, tasks_at) = (section(text, "phases"), section(text, "tasks"));
    let place = |range: (usize, usize), key: &str, value: &str, nth: usize| -> String {
        match find_line(text, range, key, value, nth) {
            Some((line, col)) => format!("{source}:{line}:{col}"),
            None => source.to_string(),
        }
    };
    let locate = |key: &str, value: &str, nth: usize| place((0, usize::MAX), key, value, nth);
    let locate_phase = |value: &str, nth: usize| place(phases_at, "id", value, nth);
    let locate_task = |key: &str, value: &str, nth: usize| place(tasks_at, key, value, nth);
    let hint = "fix the catalog; `ftrack catalog check FILE` validates it";
    if let Some(schema) = raw.schema
        && schema > SCHEMA
    {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!(
                "{}: catalog schema {schema} is newer than this ftrack reads (schema {SCHEMA})",
                locate("schema", &schema.to_string(), 0)
            ),
            "upgrade ftrack to use this catalog",
        ));
    }
    let language = raw.language.as_ref().map(|l| l.trim().to_ascii_lowercase());
    if let (Some(l), Some(given)) = (&language, &raw.language)
        && !is_language_tag(l)
    {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!(
                "{}: `language: {given}` is not a language tag",
                locate("language", given.trim(), 0)
            ),
            "write the page's language as a tag such as `de`, `ja` or `pt-br`",
        ));
    }
    if raw.phases.is_empty() {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!("{source}: the catalog has no phases"),
            "add a `phases:` list, e.g. general, initiate, assess, remediate, enable",
        ));
    }
    // Sets and maps, never scans: a catalog of 80,000 phases is checked in linear time.
    let mut phases: Vec<Phase> = Vec::with_capacity(raw.phases.len());
    let mut phase_index: HashMap<String, usize> = HashMap::with_capacity(raw.phases.len());
    let mut raw_ids: HashMap<String, usize> = HashMap::new();
    for p in raw.phases {
        // Which `id: …` line of the phases section this is, as written.
        let seen = raw_ids.entry(p.id.clone()).or_insert(0);
        let nth = *seen;
        *seen += 1;
        let id = p.id.trim().to_ascii_lowercase();
        if !is_kebab(&id) {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!(
                    "{}: phase id `{}` is not a kebab-case name",
                    locate_phase(&p.id, nth),
                    p.id
                ),
                hint,
            ));
        }
        if id == crate::model::catalog::COMPLETE {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!(
                    "{}: phase id `complete` is reserved: it names the end of an engagement",
                    locate_phase(&p.id, nth)
                ),
                "call the phase something else, e.g. `closure` or `handover`",
            ));
        }
        if phase_index.contains_key(&id) {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!("{}: duplicate phase `{id}`", locate_phase(&p.id, nth)),
                hint,
            ));
        }
        phase_index.insert(id.clone(), phases.len());
        phases.push(Phase {
            general: id == GENERAL,
            id,
            description: p.description.trim().to_string(),
        });
    }
    if phases.iter().all(|p| p.general) {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!("{source}: the catalog has no phase to advance through besides `general`"),
            "add at least one phase such as `initiate`",
        ));
    }

    let mut tasks: Vec<Task> = Vec::with_capacity(raw.tasks.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(raw.tasks.len());
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for t in raw.tasks {
        let occurrence = seen_ids.entry(t.id.clone()).or_insert(0);
        let nth = *occurrence;
        *occurrence += 1;
        if !is_kebab(&t.id) {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!(
                    "{}: task id `{}` must be lowercase kebab-case (a-z, 0-9, -)",
                    locate_task("id", &t.id, nth),
                    t.id
                ),
                hint,
            ));
        }
        if let Some(&prev) = index.get(&t.id) {
            let what = if tasks[prev].id == t.id {
                format!("duplicate task id `{}`", t.id)
            } else {
                format!(
                    "task id `{}` is already an alias of `{}`",
                    t.id, tasks[prev].id
                )
            };
            return Err(UserError::new(
                Kind::BadCatalog,
                format!("{}: {what}", locate_task("id", &t.id, nth)),
                "every task id (and alias) must be unique; rename one of them",
            ));
        }
        // (Phase ids are ASCII lowercase: matched case-insensitively.)
        let Some(&phase) = phase_index.get(&t.phase.trim().to_ascii_lowercase()) else {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!(
                    "{}: task `{}` has unknown phase `{}`",
                    locate_task(
                        "phase",
                        &t.phase,
                        count_before(text, tasks_at, &t.id, nth, &t.phase)
                    ),
                    t.id,
                    t.phase
                ),
                format!(
                    "the phases of this catalog are: {}",
                    phases
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        let title = t.title.trim().to_string();
        if title.is_empty() {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!(
                    "{}: task `{}` has an empty title",
                    locate_task("id", &t.id, nth),
                    t.id
                ),
                "give every task a short `title:`",
            ));
        }
        let text_ = t
            .text
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let idx = tasks.len();
        index.insert(t.id.clone(), idx);
        for alias in &t.aliases {
            if index.contains_key(alias.as_str()) {
                return Err(UserError::new(
                    Kind::BadCatalog,
                    format!(
                        "{}: alias `{alias}` of task `{}` is already an id or alias",
                        locate_task("id", &t.id, nth),
                        t.id
                    ),
                    hint,
                ));
            }
            index.insert(alias.clone(), idx);
        }
        tasks.push(Task {
            id: t.id,
            phase,
            group: t
                .group
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty()),
            text: text_.unwrap_or_else(|| title.clone()),
            text_en: t
                .text_en
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            title,
            note: t.note,
            required: t.required,
            aliases: t.aliases,
            added: None,
        });
    }
    Ok(Catalog {
        source,
        title: raw.title.trim().to_string(),
        description: raw.description,
        date: raw.date,
        language,
        phases,
        tasks,
        index,
    })
}

/// `de`, `ja`, `pt-br`, `zh-hant`: two or three letters, then optional parts of letters and
/// digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The lines (0-based, end exclusive) of a top-level section `name:`; the whole text when
/// there is no such line (flow-style YAML, say).
fn section(text: &str, name: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let is_key = |l: &str| l.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let Some(start) = lines.iter().position(|l| {
        l.strip_prefix(name)
            .and_then(|r| r.trim_start().strip_prefix(':'))
            .is_some()
    }) else {
        return (0, usize::MAX);
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_key(l))
        .map_or(lines.len(), |n| start + 1 + n);
    (start, end)
}

/// Line and column (1-based) of the `nth` (0-based) line within `range` reading `key: value`
/// (possibly after a `- `), quoted or not. serde_yaml gives no positions for valid values, so
/// semantic errors find their place in the text this way.
fn find_line(
    text: &str,
    range: (usize, usize),
    key: &str,
    value: &str,
    nth: usize,
) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(range.0)
        .take(range.1.saturating_sub(range.0))
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start();
            let body = trimmed
                .strip_prefix("- ")
                .map(str::trim_start)
                .unwrap_or(trimmed);
            let rest = body.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let v = rest.trim();
            let v = v.split(" #").next().unwrap_or(v).trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            (v == value).then(|| (i + 1, line.len() - body.len() + 1))
        })
        .nth(nth)
}

/// How many `phase: PHASE` lines of the tasks section come before the `nth` task `id: ID`
/// line, so that the phase line of that task is found rather than an earlier task's.
fn count_before(text: &str, tasks: (usize, usize), id: &str, nth: usize, phase: &str) -> usize {
    let Some((line, _)) = find_line(text, tasks, "id", id, nth) else {
        return 0;
    };
    let mut n = 0;
    while find_line(text, (tasks.0, line), "phase", phase, n).is_some() {
        n += 1;
    }
    n
}
