//! Streaming a journal kept in several files (`journal.jsonl` and the parts of a git work tree)
//! in replay order: every file is opened at once and read line by line, and the next event
//! handed on is the least of the files' next events (a k-way merge). So a state-only replay
//! holds one line and one command per file, never the journal: `status` on a million events
//! stays within a few dozen MiB.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};

use super::journal_path;
use super::lines::EventReader;
use crate::error::{Kind, UserError};
use crate::model::event::{Event, OrderKey};
use crate::store::bounded::{self, Opened};
use crate::store::fileid::FileId;

/// At most this many files are merged at once (each holds an open file and a 16 KiB buffer);
/// a journal in more parts is replayed in full.
pub const MAX_FILES: usize = 256;

/// What a whole, clean merge read: the identity of `journal.jsonl` (None when it changed during
/// the read) and of every part (None when one changed).
#[derive(Debug)]
pub struct Merged {
    pub journal: Option<FileId>,
    pub parts: Option<Vec<(String, FileId)>>,
}

/// Hand every event of `journal.jsonl` and `parts` to `on_event` in replay order (clock, time,
/// seq, id), without keeping them. None when that was not done whole and clean: the consumer
/// stopped (the journal is not in replay order after all), a file has a torn or unfinished end
/// or a damaged line, or there are too many files; the caller then reads the careful way.
pub fn read_merged(
    dir: &Path,
    parts: &[PathBuf],
    on_event: &mut dyn FnMut(Event) -> bool,
) -> anyhow::Result<Option<Merged>> {
    if parts.len() + 1 > MAX_FILES {
        return Ok(None);
    }
    let mut files: Vec<Opened> = Vec::with_capacity(parts.len() + 1);
    let mut names: Vec<Option<String>> = Vec::with_capacity(parts.len() + 1);
    if let Some(root) = bounded::open(&journal_path(dir), bounded::JOURNAL)? {
        files.push(root);
        names.push(None);
    }
    for part in parts {
        if let Some(opened) = bounded::open(part, bounded::PART)? {
            let name = part.file_name().and_then(|n| n.to_str()).map(String::from);
            // A part whose name is not UTF-8 is read, but the state is not cached.
            files.push(opened);
            names.push(Some(name.unwrap_or_default()));
        }
    }
    let mut readers: Vec<_> = files
        .iter()
        .map(|f| EventReader::new(f.reader(1 << 14), true, &[]))
        .collect();
    let mut heads: Vec<Option<Event>> = Vec::with_capacity(files.len());
    let mut heap: BinaryHeap<Reverse<(OrderKey, usize)>> = BinaryHeap::new();
    for (i, reader) in readers.iter_mut().enumerate() {
        let head = reader
            .next_event()
            .map_err(|e| cannot_read(files[i].path(), e))?;
        if let Some(e) = &head {
            heap.push(Reverse((e.order_key(), i)));
        }
        heads.push(head);
    }
    while let Some(Reverse((_, i))) = heap.pop() {
        let Some(event) = heads[i].take() else {
            continue;
        };
        if !on_event(event) {
            return Ok(None);
        }
        let next = readers[i]
            .next_event()
            .map_err(|e| cannot_read(files[i].path(), e))?;
        if let Some(e) = &next {
            heap.push(Reverse((e.order_key(), i)));
        }
        heads[i] = next;
    }
    let mut merged = Merged {
        journal: None,
        parts: Some(Vec::with_capacity(parts.len())),
    };
    for ((reader, file), name) in readers.into_iter().zip(&files).zip(names) {
        file.check_read(reader.bytes())?;
        if !reader.clean() {
            return Ok(None);
        }
        let before = FileId::of(&file.meta);
        let after = file.file.metadata().ok().map(|m| FileId::of(&m));
        let same = after.filter(|a| *a == before);
        match name {
            None => merged.journal = same,
            Some(name) => match (same, &mut merged.parts) {
                (Some(id), Some(ids)) if !name.is_empty() => ids.push((name, id)),
                _ => merged.parts = None,
            },
        }
    }
    Ok(Some(merged))
}

fn cannot_read(path: &Path, e: std::io::Error) -> anyhow::Error {
    UserError::new(
        Kind::Io,
        format!("cannot read {}: {e}", path.display()),
        "check that the file is there and readable",
    )
    .into()
}
