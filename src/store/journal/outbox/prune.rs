//! What the outbox lets go: lines the commit `HEAD` names holds (they are in git now; asked
//! once per commit, at the first write after `HEAD` moved), and, past the cap, the oldest
//! commands whole (named in a warning, and remembered by their ids so that a later loss of
//! them is named too).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::file::{Contents, Dropped, Entry};
use crate::store::bounded::OUTBOX_CAP;

/// Let go of the entries (and commands let go before) that the commit `HEAD` names holds in
/// their part. Nothing is let go when git cannot be asked.
pub(super) fn committed(dir: &Path, contents: &mut Contents) {
    let mut names: Vec<&str> = contents.entries.iter().map(|e| e.part.as_str()).collect();
    names.extend(contents.dropped.iter().map(|d| d.part.as_str()));
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return;
    }
    let Some(held) = in_head(dir, &names) else {
        return;
    };
    let holds = |part: &str, id: &str| held.get(part).is_some_and(|ids| ids.contains(id));
    contents
        .entries
        .retain(|e| !e.id().is_some_and(|id| holds(&e.part, id)));
    contents
        .dropped
        .retain(|d| !d.ids.iter().all(|id| holds(&d.part, id)));
}

/// The event ids each of the parts `names` holds in the commit `HEAD` names (a part not there
/// holds none), asked of git at once.
fn in_head(dir: &Path, names: &[&str]) -> Option<HashMap<String, HashSet<String>>> {
    let parts = super::super::parts::parts_dir(dir);
    let paths: Vec<std::path::PathBuf> = names.iter().map(|n| parts.join(n)).collect();
    let blobs = super::super::blobs::read(
        dir,
        &paths,
        super::super::blobs::Version::Head,
        crate::store::bounded::PART.max,
    )?;
    Some(
        names
            .iter()
            .zip(blobs)
            .filter_map(|(name, blob)| Some((name.to_string(), ids(&blob?))))
            .collect(),
    )
}

/// The event ids of a part's lines.
fn ids(blob: &[u8]) -> HashSet<String> {
    let text = String::from_utf8_lossy(blob);
    text.lines()
        .filter_map(|l| {
            let e = Entry {
                part: String::new(),
                line: l.to_string(),
                lost: false,
            };
            e.id().map(String::from)
        })
        .collect()
}

/// Past the cap, let go of the oldest commands whole (in the order they were first recorded)
/// until the outbox fits: each remembered by its ids, and named in the warning returned.
pub(super) fn cap(contents: &mut Contents) -> Vec<String> {
    let size = |e: &Entry| (e.part.len() + e.line.len() + 2) as u64;
    let mut total: u64 = contents.entries.iter().map(size).sum();
    if total <= OUTBOX_CAP {
        return Vec::new();
    }
    let mut order: Vec<String> = Vec::new();
    let mut by_command: HashMap<String, (u64, Dropped)> = HashMap::new();
    for e in &contents.entries {
        let command = e.command().unwrap_or_default().to_string();
        let (bytes, d) = by_command.entry(command.clone()).or_insert_with(|| {
            order.push(command.clone());
            (
                0,
                Dropped {
                    part: e.part.clone(),
                    command,
                    ids: Vec::new(),
                },
            )
        });
        *bytes += size(e);
        d.part = e.part.clone();
        d.ids.extend(e.id().map(String::from));
    }
    let mut gone: Vec<Dropped> = Vec::new();
    for command in order {
        if total <= OUTBOX_CAP {
            break;
        }
        if let Some((bytes, d)) = by_command.remove(&command) {
            total -= bytes;
            gone.push(d);
        }
    }
    let let_go: HashSet<&str> = gone.iter().map(|d| d.command.as_str()).collect();
    contents
        .entries
        .retain(|e| !let_go.contains(e.command().unwrap_or_default()));
    let names: Vec<&str> = gone.iter().map(|d| d.command.as_str()).collect();
    let warning = format!(
        "ftrack keeps at most {} MiB of commands not yet in a commit, to write back what a git operation throws away: it let go of the {} oldest ({}); commit, so that git keeps them",
        OUTBOX_CAP >> 20,
        names.len(),
        names.join(", ")
    );
    contents.dropped.extend(gone);
    vec![warning]
}
