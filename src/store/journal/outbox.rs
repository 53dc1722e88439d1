//! The outbox: a copy of ftrack's recent writes kept inside the clone's `.git` directory, where
//! no git command touches it, so that a write git throws away is written back.
//!
//! `git stash` and `git reset --hard` throw away a part that was not committed yet (and older
//! trackers' `journal.jsonl` appends); a script ticking items off meanwhile reported success and
//! its events were gone. Each append to a part also records its lines here, with the part and
//! the commit `HEAD` named when they were written. While `HEAD` still names that commit, every
//! load and every append checks that those lines are still in their part (or the part written
//! now). Lines that are not are read with the journal (a warning says so), and the next append
//! writes them back into a new part.
//!
//! Once `HEAD` has moved (a commit, a checkout, a `git revert`, `git reset` to another commit),
//! the lines are git's to keep: a part a user removed on purpose is not brought back. Only for
//! trackers in a git work tree (sync tools do not rewind files). Best effort: an outbox that
//! cannot be read or written costs only this protection.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// How many recent lines the outbox keeps (a git operation rewinds seconds, not days).
const KEEP: usize = 500;

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

/// One recorded line: the commit `HEAD` named, how long git's log of `HEAD` moves
/// (`.git/logs/HEAD`) was, the part's file name, and the line.
struct Entry {
    head: String,
    mark: u64,
    part: String,
    line: String,
}

/// Lines are `<head> <mark> <part> <line>`; lines of older layouts are dropped.
fn read_entries(outbox: &Path) -> Vec<Entry> {
    let Ok(text) = std::fs::read_to_string(outbox) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let (head, rest) = l.split_once(' ')?;
            let (mark, rest) = rest.split_once(' ')?;
            let (part, line) = rest.split_once(' ')?;
            let mark = mark.parse().ok()?;
            (part.ends_with(".jsonl") && line.starts_with('{')).then(|| Entry {
                head: head.to_string(),
                mark,
                part: part.to_string(),
                line: line.to_string(),
            })
        })
        .collect()
}

/// The length of git's log of `HEAD` moves in the clone holding `dir`.
fn reflog_len(dir: &Path) -> u64 {
    super::git::git_dir(dir)
        .and_then(|g| std::fs::metadata(g.join("logs").join("HEAD")).ok())
        .map_or(0, |m| m.len())
}

/// Where, in git's log of `HEAD` moves, the last real move (a commit, a checkout, a reset to
/// another commit) ends, looking from `from`: a write recorded before that point is git's to
/// keep or drop, not ours to bring back. A `git reset --hard` or `git stash` that stays on the
/// commit logs no move (or one from a commit to itself). A log shorter than `from` was
/// rewritten: everything counts as moved. No log (git told not to keep one): no move is seen.
fn last_move(dir: &Path, from: u64) -> u64 {
    use std::io::{Read, Seek, SeekFrom};
    let Some(git) = super::git::git_dir(dir) else {
        return u64::MAX;
    };
    let Ok(mut f) = std::fs::File::open(git.join("logs").join("HEAD")) else {
        return 0;
    };
    let len = f.metadata().map_or(0, |m| m.len());
    if len < from {
        return u64::MAX;
    }
    let mut rest = Vec::new();
    if f.seek(SeekFrom::Start(from)).is_err() || f.read_to_end(&mut rest).is_err() {
        return u64::MAX;
    }
    let mut at = from;
    let mut last = 0;
    for line in rest.split_inclusive(|b| *b == b'\n') {
        at += line.len() as u64;
        let mut words = line.split(|b| *b == b' ');
        if let (Some(old), Some(new)) = (words.next(), words.next())
            && old != new
        {
            last = at;
        }
    }
    last
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

/// The recorded lines of the current `HEAD` that are in none of their parts any more (their
/// events, as lines).
pub fn missing(dir: &Path) -> Vec<String> {
    let Some(outbox) = of(dir) else {
        return Vec::new();
    };
    let Some(now) = super::parts::head_commit(dir) else {
        return Vec::new();
    };
    let entries: Vec<Entry> = read_entries(&outbox)
        .into_iter()
        .filter(|e| e.head == now)
        .collect();
    let Some(first) = entries.iter().map(|e| e.mark).min() else {
        return Vec::new();
    };
    let moved = last_move(dir, first);
    absent(
        dir,
        entries.into_iter().filter(|e| e.mark >= moved).collect(),
    )
}

/// The entries whose lines are in none of their parts (nor the part written now).
fn absent(dir: &Path, entries: Vec<Entry>) -> Vec<String> {
    if entries.is_empty() {
        return Vec::new();
    }
    // The parts they were written to, and the part written now (where lost lines go back).
    let mut names: Vec<String> = entries.iter().map(|e| e.part.clone()).collect();
    if let Some(name) = super::parts::head_commit(dir)
        .and_then(|head| super::parts::current(dir, &head))
        .and_then(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    {
        names.push(name);
    }
    names.sort();
    names.dedup();
    let mut present = std::collections::HashSet::new();
    for name in &names {
        if let Ok(bytes) = std::fs::read(super::parts::parts_dir(dir).join(name)) {
            present.extend(ids_in(&bytes));
        }
    }
    let mut lost: Vec<String> = entries
        .iter()
        .filter(|e| id_of(&e.line).is_some_and(|id| !present.contains(id)))
        .map(|e| e.line.clone())
        .collect();
    lost.dedup();
    lost
}

/// Record lines just written to `part` (keeping the most recent `KEEP`).
pub fn record(dir: &Path, part: &Path, lines: &[u8]) {
    let (Some(outbox), Some(head)) = (of(dir), super::parts::head_commit(dir)) else {
        return;
    };
    let Some(name) = part.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let mut entries = read_entries(&outbox);
    let mark = reflog_len(dir);
    for line in String::from_utf8_lossy(lines).lines() {
        if !line.trim().is_empty() {
            entries.push(Entry {
                head: head.clone(),
                mark,
                part: name.to_string(),
                line: line.to_string(),
            });
        }
    }
    let skip = entries.len().saturating_sub(KEEP);
    let mut text = String::new();
    for e in &entries[skip..] {
        text.push_str(&format!("{} {} {} {}\n", e.head, e.mark, e.part, e.line));
    }
    if let Some(parent) = outbox.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = crate::store::atomic::write_quietly(&outbox, text.as_bytes());
}
