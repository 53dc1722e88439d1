//! The append-only journal: one JSON event per line, in `journal.jsonl` and (in a git work tree)
//! in one part per clone and commit under `journal.d/` (see `parts`). Appends take an exclusive
//! lock on the file they write, write whole lines and sync; reads never fail on a torn tail.

pub mod blobs;
pub(super) mod clone;
pub mod fold;
pub mod fold_finish;
pub(crate) mod git;
mod handle;
mod lines;
mod merge;
mod one_file;
pub mod outbox;
pub mod parts;
mod read;
pub mod restore;
pub(crate) mod stage;
pub mod tail;
mod write;
mod written;

use std::path::{Path, PathBuf};

pub use merge::{Merged, read_merged};
pub use read::{Journal, parse, read, read_file, read_matching, scan, scan_file};
pub use write::{append, create};
pub use written::Appended;

pub const JOURNAL: &str = "journal.jsonl";
/// The lock file of older ftrack versions (the journal itself is locked now).
pub const LOCK: &str = "lock";
/// Where a torn last line (a write that was interrupted) is moved before the next append.
pub const TORN: &str = "journal.torn";

pub fn journal_path(dir: &Path) -> PathBuf {
    dir.join(JOURNAL)
}

/// Conflict copies of the journal that sync tools leave when two machines changed it apart:
/// OneDrive `journal-LAPTOP.jsonl`, Dropbox `journal (Bob's conflicted copy 2026-11-20).jsonl`,
/// Syncthing `journal.sync-conflict-20261120-101010-ABCDEFG.jsonl`, iCloud `journal 2.jsonl`. Sorted by name. Symbolic
/// links are listed too (the guard reports them; they are never read).
pub fn conflict_copies(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_conflict_copy)
        })
        .collect();
    found.sort();
    found
}

fn is_conflict_copy(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".jsonl") else {
        return false;
    };
    let icloud = stem
        .strip_prefix("journal ")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    stem != "journal"
        && (stem.starts_with("journal-")
            || stem.starts_with("journal (")
            || stem.starts_with("journal.sync-conflict-")
            || icloud)
}
