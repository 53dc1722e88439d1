//! The outbox: a copy of ftrack's recent writes kept inside the clone's `.git` directory, where
//! no git command touches it, so that a write git throws away is written back.
//!
//! `git pull` that stops on a conflict, `git stash` / `git stash pop` and `git reset --hard`
//! re-create the journal from a version read earlier; an append made in between (a script
//! ticking items off while someone pulls) reported success and was gone. None of the markers a
//! write waits for (`index.lock`, `MERGE_HEAD`, …) is held across that whole sequence, so the
//! journal cannot be protected from it; its losses can be found and repaired instead. Each
//! append also records its lines here, with the journal length they were written at; every load
//! and every append checks that the recent lines are still in the journal. Lines that are not
//! are read with the journal (a warning says so), and the next append writes them back.
//!
//! Each line also records the branch (git's `HEAD`) it was written on, and only lines of the
//! branch checked out now are looked for: switching to a branch whose journal never had them is
//! not a loss. Only for trackers in a git work tree (sync tools do not rewind files). Best
//! effort: an outbox that cannot be read or written costs only this protection.

use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::journal_path;

/// How many recent lines the outbox keeps (a git operation rewinds seconds, not days).
const KEEP: usize = 500;
/// How far before the earliest recorded offset to look (a union merge may move lines up).
const MARGIN: u64 = 64 * 1024;

/// The outbox of the tracker in `dir`, when it is in a git work tree.
pub fn of(dir: &Path) -> Option<PathBuf> {
    let git = super::git::git_dir(dir)?;
    let real = crate::store::real_path(dir).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    real.hash(&mut h);
    Some(
        git.join("ftrack")
            .join(format!("outbox-{:016x}.jsonl", h.finish())),
    )
}

/// One recorded line: where in the journal it was written, on which branch, and the line.
struct Entry {
    offset: u64,
    head: String,
    line: String,
}

fn read_entries(outbox: &Path) -> Vec<Entry> {
    let Ok(text) = std::fs::read_to_string(outbox) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let (offset, rest) = l.split_once(' ')?;
            let (head, line) = rest.split_once(' ')?;
            Some(Entry {
                offset: offset.parse().ok()?,
                head: head.to_string(),
                line: line.to_string(),
            })
        })
        .collect()
}

/// What is checked out in the work tree holding `dir`: git's `HEAD` (`ref:refs/heads/main`,
/// or a commit id when detached), without spaces.
fn head(dir: &Path) -> String {
    super::git::git_dir(dir)
        .and_then(|g| std::fs::read_to_string(g.join("HEAD")).ok())
        .map(|h| h.split_whitespace().collect::<String>())
        .unwrap_or_default()
}

/// The id of a journal line, without parsing the whole line.
fn id_of(line: &str) -> Option<&str> {
    let at = line.find("\"id\":\"")? + 6;
    let len = line[at..].find('"')?;
    Some(&line[at..at + len])
}

/// Every event id in `bytes` (lines of the journal).
fn ids_in(bytes: &[u8]) -> std::collections::HashSet<String> {
    let finder = memchr::memmem::Finder::new(b"\"id\":\"");
    let mut ids = std::collections::HashSet::new();
    for at in finder.find_iter(bytes) {
        let from = at + 6;
        if let Some(len) = memchr::memchr(b'"', &bytes[from..]) {
            ids.insert(String::from_utf8_lossy(&bytes[from..from + len]).into_owned());
        }
    }
    ids
}

/// The recorded lines that the journal in `dir` no longer holds (their events, as lines).
pub fn missing(dir: &Path) -> Vec<String> {
    let Some(outbox) = of(dir) else {
        return Vec::new();
    };
    let now = head(dir);
    let entries: Vec<Entry> = read_entries(&outbox)
        .into_iter()
        .filter(|e| e.head == now)
        .collect();
    if entries.is_empty() {
        return Vec::new();
    }
    let Ok(mut file) = std::fs::File::open(journal_path(dir)) else {
        return Vec::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let earliest = entries.iter().map(|e| e.offset).min().unwrap_or(0);
    let read_from = |file: &mut std::fs::File, from: u64| -> Vec<u8> {
        let mut buf = Vec::new();
        let _ = file
            .seek(SeekFrom::Start(from.min(len)))
            .and_then(|_| file.read_to_end(&mut buf));
        buf
    };
    let mut present = ids_in(&read_from(&mut file, earliest.saturating_sub(MARGIN)));
    let absent = |present: &std::collections::HashSet<String>| -> Vec<String> {
        entries
            .iter()
            .filter(|e| id_of(&e.line).is_some_and(|id| !present.contains(id)))
            .map(|e| e.line.clone())
            .collect()
    };
    let mut lost = absent(&present);
    if !lost.is_empty() && earliest > MARGIN {
        // Not near where they were written: look through the whole journal before saying so.
        present = ids_in(&read_from(&mut file, 0));
        lost = absent(&present);
    }
    lost.dedup();
    lost
}

/// Record lines just written at journal length `offset` (keeping the most recent `KEEP`).
pub fn record(dir: &Path, offset: u64, lines: &[u8]) {
    let Some(outbox) = of(dir) else {
        return;
    };
    let mut entries = read_entries(&outbox);
    let now = head(dir);
    for line in String::from_utf8_lossy(lines).lines() {
        if !line.trim().is_empty() {
            entries.push(Entry {
                offset,
                head: now.clone(),
                line: line.to_string(),
            });
        }
    }
    let skip = entries.len().saturating_sub(KEEP);
    let mut text = String::new();
    for e in &entries[skip..] {
        text.push_str(&format!("{} {} {}\n", e.offset, e.head, e.line));
    }
    if let Some(parent) = outbox.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = crate::store::atomic::write_quietly(&outbox, text.as_bytes());
}
