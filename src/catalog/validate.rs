//! Validation: a raw catalog, as serde read it, becomes a `Catalog` that cannot be wrong, or an
//! error naming the file, line and column and what is wrong.

use std::collections::HashMap;

use super::{Catalog, GENERAL, Phase, RawCatalog, SCHEMA, Source, Task, is_kebab};
use crate::error::UserError;

pub(super) fn validate(raw: RawCatalog, text: &str, source: Source) -> Result<Catalog, UserError> {
    let locate = |key: &str, value: &str, nth: usize| -> String {
        match find_line(text, key, value, nth) {
            Some((line, col)) => format!("{source}:{line}:{col}"),
            None => source.to_string(),
        }
    };
    let hint = "fix the catalog; `ftrack catalog check FILE` validates it";
    if let Some(schema) = raw.schema
        && schema > SCHEMA
    {
        return Err(UserError::new(format!(
            "{}: catalog schema {schema} is newer than this ftrack reads (schema {SCHEMA})",
            locate("schema", &schema.to_string(), 0)
        ))
        .hint("upgrade ftrack to use this catalog"));
    }
    if raw.phases.is_empty() {
        return Err(
            UserError::new(format!("{source}: the catalog has no phases"))
                .hint("add a `phases:` list, e.g. general, initiate, assess, remediate, enable"),
        );
    }
    let mut phases: Vec<Phase> = Vec::new();
    for p in raw.phases {
        let id = p.id.trim().to_ascii_lowercase();
        if !is_kebab(&id) {
            return Err(UserError::new(format!(
                "{}: phase id `{}` is not a kebab-case name",
                locate("id", &p.id, 0),
                p.id
            ))
            .hint(hint));
        }
        if id == crate::tracker::COMPLETE {
            return Err(UserError::new(format!(
                "{}: phase id `complete` is reserved: it names the end of an engagement",
                locate("id", &p.id, 0)
            ))
            .hint("call the phase something else, e.g. `closure` or `handover`"));
        }
        if phases.iter().any(|q| q.id == id) {
            return Err(UserError::new(format!(
                "{}: duplicate phase `{id}`",
                locate("id", &p.id, 1)
            ))
            .hint(hint));
        }
        phases.push(Phase {
            general: id == GENERAL,
            id,
            description: p.description.trim().to_string(),
        });
    }
    if phases.iter().all(|p| p.general) {
        return Err(UserError::new(format!(
            "{source}: the catalog has no phase to advance through besides `general`"
        ))
        .hint("add at least one phase such as `initiate`"));
    }

    let mut tasks: Vec<Task> = Vec::with_capacity(raw.tasks.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(raw.tasks.len());
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for t in raw.tasks {
        let occurrence = seen_ids.entry(t.id.clone()).or_insert(0);
        let nth = *occurrence;
        *occurrence += 1;
        if !is_kebab(&t.id) {
            return Err(UserError::new(format!(
                "{}: task id `{}` must be lowercase kebab-case (a-z, 0-9, -)",
                locate("id", &t.id, nth),
                t.id
            ))
            .hint(hint));
        }
        if index.contains_key(&t.id) {
            return Err(UserError::new(format!(
                "{}: duplicate task id `{}`",
                locate("id", &t.id, nth.max(1)),
                t.id
            ))
            .hint("every task id (and alias) must be unique; rename one of them"));
        }
        let Some(phase) = phases
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(t.phase.trim()))
        else {
            return Err(UserError::new(format!(
                "{}: task `{}` has unknown phase `{}`",
                locate(
                    "phase",
                    &t.phase,
                    count_before(text, "id", &t.id, nth, "phase", &t.phase)
                ),
                t.id,
                t.phase
            ))
            .hint(format!(
                "the phases of this catalog are: {}",
                phases
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let title = t.title.trim().to_string();
        if title.is_empty() {
            return Err(UserError::new(format!(
                "{}: task `{}` has an empty title",
                locate("id", &t.id, nth),
                t.id
            ))
            .hint("give every task a short `title:`"));
        }
        let text_ = t
            .text
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let idx = tasks.len();
        index.insert(t.id.clone(), idx);
        for alias in &t.aliases {
            if index.contains_key(alias.as_str()) {
                return Err(UserError::new(format!(
                    "{}: alias `{alias}` of task `{}` is already an id or alias",
                    locate("id", &t.id, nth),
                    t.id
                ))
                .hint(hint));
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
            title,
            note: t.note,
            required: t.required,
            aliases: t.aliases,
            added: None,
        });
    }
    // Aliases must not shadow a later task's id either.
    for t in &tasks {
        if let Some(&i) = index.get(&t.id)
            && tasks[i].id != t.id
        {
            return Err(UserError::new(format!(
                "{}: task id `{}` is also an alias of `{}`",
                locate("id", &t.id, 0),
                t.id,
                tasks[i].id
            ))
            .hint(hint));
        }
    }
    Ok(Catalog {
        source,
        title: raw.title.trim().to_string(),
        description: raw.description,
        date: raw.date,
        phases,
        tasks,
        index,
    })
}

/// Line and column (1-based) of the `nth` (0-based) line reading `key: value` (possibly after a
/// `- `), quoted or not. serde_yaml gives no positions for valid values, so semantic errors
/// find their place in the text this way.
fn find_line(text: &str, key: &str, value: &str, nth: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
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

/// How many `key2: value2` lines come before the `nth` `key: value` line, so that the phase line
/// of that task is found rather than an earlier task's.
fn count_before(text: &str, key: &str, value: &str, nth: usize, key2: &str, value2: &str) -> usize {
    let Some((line, _)) = find_line(text, key, value, nth) else {
        return 0;
    };
    let head: String = text.lines().take(line).collect::<Vec<_>>().join("\n");
    let mut n = 0;
    while find_line(&head, key2, value2, n).is_some() {
        n += 1;
    }
    n
}
