//! The outbox: a copy of ftrack's recent writes kept inside the clone's `.git` directory, where
//! no git command touches it, so that a write git throws away is written back.
//!
//! `git stash create` + `git reset --hard` + `git stash apply` (what `git pull --autostash` and
//! `git rebase --autostash` do), or a `git reset --hard` while a script writes, throw away a part
//! that was not committed yet: a script ticking items off meanwhile reported success and its
//! events were gone. Each append to a part also records its lines here, with the part's name.
//! Every load and every append checks that those lines are still in their part (or in the part
//! written now). A line that is not is lost only if git never had it: a line that was in a
//! commit git still knows (a branch, a tag, a stash, or the log of where `HEAD` and the branches
//! have been) was taken out by git on purpose (a revert, a reset to an earlier commit, a stash),
//! and is forgotten here. Git is asked once per loss (the answer is kept: `!` before the part's
//! name). Lost lines are read with the journal (a warning says so), and the next append writes
//! them back.
//!
//! Only for trackers in a git work tree (sync tools do not rewind files). Best effort: an outbox
//! that cannot be read or written costs only this protection.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// How many recent lines the outbox keeps (a git operation rewinds seconds, not days), and of
/// how many parts at most (every command reads those parts).
const KEEP: usize = 500;
const KEEP_PARTS: usize = 4;

/// The outbox of the tracker in `dir`, when it is in a git work tree.
pub fn of(dir: &Path) -> Option<PathBuf> {
    let git = super::git::git_dir(dir)?;
    let real = super::git::real_dir(dir)?;
    let mut h = std::hash::DefaultHasher::new();
    real.hash(&mut h);
    Some(
        super::clone::clone_dir(&git)
            .ok()?
            .join(format!("outbox-{:016x}.jsonl", h.finish())),
    )
}

/// One recorded line: the part it was written to (a file name in `journal.d/`), the line, and
/// whether it was found lost already (git never had it).
struct Entry {
    part: String,
    line: String,
    lost: bool,
}

fn parse_entries(text: &str) -> Vec<Entry> {
    text.lines()
        .filter_map(|l| {
            let (part, line) = l.split_once(' ')?;
            let (part, lost) = match part.strip_prefix('!') {
                Some(p) => (p, true),
                None => (part, false),
            };
            (part.ends_with(".jsonl") && line.starts_with('{')).then(|| Entry {
                part: part.to_string(),
                line: line.to_string(),
                lost,
            })
        })
        .collect()
}

/// Lines are `<part> <line>`, `!<part> <line>` once found lost; lines of older layouts are
/// dropped.
fn read_entries(outbox: &Path) -> Vec<Entry> {
    crate::store::bounded::read_quietly(outbox, crate::store::bounded::CLONE_STATE)
        .map(|b| parse_entries(&String::from_utf8_lossy(&b)))
        .unwrap_or_default()
}

/// Change the outbox under an exclusive lock (on `<outbox>.lock` beside it): `change` gets the
/// entries and returns them as they should be, or None to leave the file as it is. The new
/// outbox replaces the old one whole (written beside and renamed), so a reader without the lock
/// sees one or the other, never half of one.
fn update(outbox: &Path, change: impl FnOnce(Vec<Entry>) -> Option<Vec<Entry>>) {
    if let Some(parent) = outbox.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    // (Never through a link, never a FIFO that would block.)
    let Ok(lock) = super::clone::open_record(&outbox.with_extension("lock"), true) else {
        return;
    };
    if lock.lock().is_err() {
        return;
    }
    let Some(entries) = change(read_entries(outbox)) else {
        return;
    };
    let skip = entries.len().saturating_sub(KEEP);
    let mut recent: Vec<&str> = Vec::new();
    for e in entries[skip..].iter().rev() {
        if !recent.contains(&e.part.as_str()) && recent.len() < KEEP_PARTS {
            recent.push(&e.part);
        }
    }
    let mut out = String::new();
    for e in entries[skip..]
        .iter()
        .filter(|e| recent.contains(&e.part.as_str()))
    {
        let mark = if e.lost { "!" } else { "" };
        out.push_str(&format!("{mark}{} {}\n", e.part, e.line));
    }
    let _ = crate::store::atomic::write_quietly(outbox, out.as_bytes());
}

/// The id of a journal line, without parsing the whole line.
fn id_of(line: &str) -> Option<&str> {
    let at = line.find("\"id\":\"")? + 6;
    let len = line[at..].find('"')?;
    Some(&line[at..at + len])
}

/// Which of `wanted` (event ids) the part at `path` holds, read line by line (a part of any
/// size costs one line of memory).
fn ids_in(path: &Path, wanted: &HashSet<&str>, found: &mut HashSet<String>) {
    let Ok(Some(opened)) = crate::store::bounded::open(path, crate::store::bounded::PART) else {
        return;
    };
    let finder = memchr::memmem::Finder::new(b"\"id\":\"");
    let mut lines = super::lines::LineReader::new(opened.reader(1 << 16));
    while let Ok(Some(_)) = lines.next_line(true) {
        let line = lines.line();
        for at in finder.find_iter(line) {
            let from = at + 6;
            if let Some(len) = memchr::memchr(b'"', &line[from..])
                && let Ok(id) = std::str::from_utf8(&line[from..from + len])
                && wanted.contains(id)
            {
                found.insert(id.to_string());
            }
        }
    }
}

/// The recorded lines that are in none of their parts any more and that git never had in a
/// commit (their events, as lines). Lines of parts git had are forgotten.
pub fn missing(dir: &Path) -> Vec<String> {
    let Some(outbox) = of(dir) else {
        return Vec::new();
    };
    let entries = read_entries(&outbox);
    if entries.is_empty() {
        return Vec::new();
    }
    let present = still_in_parts(dir, &entries);
    let absent = |e: &Entry| id_of(&e.line).is_some_and(|id| !present.contains(id));
    // Lines gone that git was not asked about yet: asked, all at once.
    let unjudged: Vec<&str> = entries
        .iter()
        .filter(|e| !e.lost && absent(e))
        .filter_map(|e| id_of(&e.line))
        .collect();
    let committed = if unjudged.is_empty() {
        Default::default()
    } else {
        super::parts::committed(dir, &unjudged).unwrap_or_default()
    };
    let kept_by_git = |e: &Entry| id_of(&e.line).is_some_and(|id| committed.contains(id));
    // Only whole, valid events are ever written back.
    let mut lost: Vec<String> = entries
        .iter()
        .filter(|e| absent(e) && !kept_by_git(e))
        .filter(|e| super::lines::parse_line(e.line.as_bytes()).is_ok())
        .map(|e| e.line.clone())
        .collect();
    lost.dedup();
    remember(&outbox, &entries, &absent, &kept_by_git);
    lost
}

/// The ids of the outbox's lines that are in a part: the parts they were written to, and the
/// part written now (where lost lines go back).
fn still_in_parts(dir: &Path, entries: &[Entry]) -> HashSet<String> {
    let mut names: Vec<String> = entries.iter().map(|e| e.part.clone()).collect();
    names.extend(
        super::parts::recorded(dir)
            .and_then(|p| p.file_name().and_then(|n| n.to_str()).map(String::from)),
    );
    names.sort();
    names.dedup();
    let wanted: HashSet<&str> = entries.iter().filter_map(|e| id_of(&e.line)).collect();
    let mut present = HashSet::new();
    for name in &names {
        ids_in(
            &super::parts::parts_dir(dir).join(name),
            &wanted,
            &mut present,
        );
    }
    present
}

/// Keep in the outbox what git was just asked about (forget what git had, mark what it never
/// had as lost), and unmark lines found lost before that are back in a part now (judged again
/// if they go again). Nothing is written when nothing changed.
fn remember(
    outbox: &Path,
    entries: &[Entry],
    absent: &dyn Fn(&Entry) -> bool,
    kept_by_git: &dyn Fn(&Entry) -> bool,
) {
    let back: HashSet<String> = entries
        .iter()
        .filter(|e| e.lost && !absent(e))
        .map(|e| e.line.clone())
        .collect();
    // The lines judged now (a line recorded by another writer meanwhile is left alone).
    let asked: HashSet<String> = entries
        .iter()
        .filter(|e| !e.lost && absent(e))
        .map(|e| e.line.clone())
        .collect();
    if asked.is_empty() && back.is_empty() {
        return;
    }
    update(outbox, |entries| {
        Some(
            entries
                .into_iter()
                .filter(|e| !(asked.contains(&e.line) && kept_by_git(e)))
                .map(|mut e| {
                    if back.contains(&e.line) {
                        e.lost = false;
                    } else if asked.contains(&e.line) {
                        e.lost = true;
                    }
                    e
                })
                .collect(),
        )
    });
}

/// Record lines just written to `part` (keeping the most recent `KEEP`).
pub fn record(dir: &Path, part: &Path, lines: &[u8]) {
    let Some(outbox) = of(dir) else {
        return;
    };
    let Some(name) = part.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let text = String::from_utf8_lossy(lines);
    let written: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    update(&outbox, |mut entries| {
        // A line written back replaces its older entry: it lives in this part now.
        entries.retain(|e| !written.contains(&e.line.as_str()));
        for line in &written {
            entries.push(Entry {
                part: name.to_string(),
                line: line.to_string(),
                lost: false,
            });
        }
        Some(entries)
    });
}
