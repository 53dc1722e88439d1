//! Putting back the committed lines of a journal file that was cut short or changed outside
//! ftrack (a sync tool, an editor, a disk): git's copy of the file, whole, then the lines the
//! work-tree file holds besides (events git's copy does not have: what was appended since).

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use super::handle::{open_append, same_file};
use super::lines::parse_line;

/// The lines of git's copy `blob` that count as events (whole and valid, not the cut-off end
/// of an interrupted write, which ftrack sets aside), verbatim, and their ids.
pub fn counted(blob: &[u8]) -> (Vec<u8>, HashSet<String>) {
    let counts: HashSet<String> = super::read::scan(blob)
        .journal
        .events
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut kept = Vec::with_capacity(blob.len());
    for line in blob.split_inclusive(|b| *b == b'\n') {
        let Some(body) = line.strip_suffix(b"\n") else {
            break;
        };
        if parse_line(body).is_ok_and(|e| counts.contains(&e.id)) {
            kept.extend_from_slice(line);
        }
    }
    (kept, counts)
}

/// Whether the file at `path` begins with `prefix` (read as far as that, bounded).
pub fn starts_with(path: &Path, prefix: &[u8], bound: crate::store::bounded::Bound) -> bool {
    let Ok(Some(opened)) = crate::store::bounded::open(path, bound) else {
        return prefix.is_empty();
    };
    let mut head = Vec::with_capacity(prefix.len());
    let read = (&opened.file)
        .take(prefix.len() as u64)
        .read_to_end(&mut head);
    read.is_ok() && head == prefix
}

/// The file at `path`, locked as a writer locks it (None when it is not there, or was replaced
/// meanwhile): held while git's copy is asked again and the file put back, so that a writer
/// that is taking its own lines back (a commit overtook it) is waited for, never undone.
pub fn lock(path: &Path) -> Option<std::fs::File> {
    let file = open_append(path).ok()?;
    file.lock().ok()?;
    same_file(&file, path).then_some(file)
}

/// Put `prefix` (git's lines, see `counted`) back at the start of the file at `path` (locked
/// by the caller, `lock`), followed by the events of the file that git's copy does not have
/// (by id); the file is replaced whole (a writer waiting for the lock then finds a new file and
/// writes there). How many of git's events the file had lost; None when it could not be done.
pub fn restore(
    path: &Path,
    prefix: &[u8],
    ids: &HashSet<String>,
    bound: crate::store::bounded::Bound,
) -> Option<usize> {
    let opened = crate::store::bounded::open(path, bound).ok()??;
    let mut bytes = Vec::new();
    opened.reader(1 << 16).read_to_end(&mut bytes).ok()?;
    let mut had = HashSet::new();
    let mut text = prefix.to_vec();
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        let Some(body) = line.strip_suffix(b"\n") else {
            continue;
        };
        let Ok(e) = parse_line(body) else {
            continue;
        };
        if ids.contains(&e.id) {
            had.insert(e.id);
        } else {
            text.extend_from_slice(line);
        }
    }
    crate::store::atomic::write_durably(path, &text).ok()?;
    Some(ids.len().saturating_sub(had.len()))
}

/// Delete the lines `numbers` (1-based) of the file at `path`, each only if it still holds
/// the event `id` it names, under the file's lock; the file is replaced whole. How many were
/// deleted.
pub fn delete_lines(
    path: &Path,
    numbers: &[(usize, String)],
    bound: crate::store::bounded::Bound,
) -> Option<usize> {
    let file = open_append(path).ok()?;
    file.lock().ok()?;
    if !same_file(&file, path) {
        return None;
    }
    let opened = crate::store::bounded::open(path, bound).ok()??;
    let mut bytes = Vec::new();
    opened.reader(1 << 16).read_to_end(&mut bytes).ok()?;
    let mut kept = Vec::with_capacity(bytes.len());
    let mut deleted = 0;
    for (n, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let named = numbers
            .iter()
            .any(|(at, id)| *at == n + 1 && parse_line(body).is_ok_and(|e| e.id == *id));
        if named {
            deleted += 1;
        } else {
            kept.extend_from_slice(line);
        }
    }
    if deleted > 0 {
        crate::store::atomic::write_durably(path, &kept).ok()?;
    }
    Some(deleted)
}
