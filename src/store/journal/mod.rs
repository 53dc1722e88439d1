//! The append-only journal file: one JSON event per line. Appends take an exclusive lock on a
//! separate lock file, write whole lines and sync; reads never lock and never fail on a torn tail.

mod read;
mod write;

use std::path::{Path, PathBuf};

pub use read::{Journal, parse, read, read_each, read_matching, scan};
pub use write::{Appended, append};

pub const JOURNAL: &str = "journal.jsonl";
pub const LOCK: &str = "lock";
/// Where a torn last line (a write that was interrupted) is moved before the next append.
pub const TORN: &str = "journal.torn";

pub fn journal_path(dir: &Path) -> PathBuf {
    dir.join(JOURNAL)
}
