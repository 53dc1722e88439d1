//! Turning what a user typed into tasks and phases: full id, alias or unique prefix,
//! case-insensitive, with a did-you-mean for typos.

use crate::error::{Kind, UserError, unknown, usage};
use crate::model::state::Engagement;

/// A task reference: an exact id or alias, else a unique prefix of an id.
pub fn task(t: &Engagement, reference: &str) -> anyhow::Result<usize> {
    let wanted = reference.trim().to_lowercase();
    if wanted.is_empty() {
        return Err(usage(
            "a task reference is empty",
            "name a task by its id or a unique prefix, e.g. `kickoff`",
        ));
    }
    if let Some(idx) = t.catalog.lookup(&wanted) {
        return Ok(idx);
    }
    let matches: Vec<usize> = (0..t.catalog.tasks.len())
        .filter(|&i| !wanted.is_empty() && t.catalog.tasks[i].id.starts_with(&wanted))
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => {
            let best = t
                .catalog
                .tasks
                .iter()
                .map(|task| (strsim::jaro_winkler(&wanted, &task.id), task))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, task)| task.id.clone())
                .or_else(|| {
                    // A word of the id ("meeting" for kickoff-meeting), not a lone character.
                    (wanted.len() >= 3 && wanted.chars().any(|c| c.is_ascii_alphanumeric()))
                        .then(|| {
                            t.catalog
                                .tasks
                                .iter()
                                .find(|task| task.id.contains(&wanted))
                        })
                        .flatten()
                        .map(|task| task.id.clone())
                });
            let hint = match best {
                Some(id) => {
                    format!("did you mean `{id}`? (`ftrack list --status all` lists every id)")
                }
                None => "`ftrack list --status all` lists every task id".to_string(),
            };
            Err(UserError::new(
                Kind::UnknownName,
                format!("unknown task `{reference}`"),
                hint,
            )
            .into())
        }
        many => {
            let shown: Vec<&str> = many
                .iter()
                .take(8)
                .map(|&i| t.catalog.tasks[i].id.as_str())
                .collect();
            let more = if many.len() > 8 {
                format!(" and {} more", many.len() - 8)
            } else {
                String::new()
            };
            Err(unknown(
                format!(
                    "task `{reference}` is ambiguous: it starts {} ids",
                    many.len()
                ),
                format!("type more of the id: {}{more}", shown.join(", ")),
            ))
        }
    }
}

/// Several references to tasks that can still change, all resolved or none; duplicates
/// collapse, order is kept. A retired item is refused: it has left the engagement.
pub fn tasks(t: &Engagement, references: &[String]) -> anyhow::Result<Vec<usize>> {
    let mut out = Vec::with_capacity(references.len());
    for r in references {
        let idx = task(t, r)?;
        if !t.is_live(idx) {
            return Err(unknown(
                format!(
                    "`{}` was retired; it is no longer part of this engagement",
                    t.catalog.task(idx).id
                ),
                "add it again with `ftrack add` if it is needed after all (a new id is given)",
            ));
        }
        if !out.contains(&idx) {
            out.push(idx);
        }
    }
    Ok(out)
}

/// A phase name (case-insensitive).
pub fn phase(t: &Engagement, name: &str) -> anyhow::Result<usize> {
    t.catalog.phase_index(name.trim()).ok_or_else(|| {
        unknown(
            format!("unknown phase `{name}`"),
            format!("phases are: {}", t.catalog.phase_names().join(", ")),
        )
    })
}
