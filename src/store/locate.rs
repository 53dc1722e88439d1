//! Where a tracker is: named (`--dir`), found by walking up from a directory (the nearest
//! `.ftrack/`), the per-user tracker, or where `ftrack init` makes one. What the environment
//! says (the current directory, the per-user data directory) is the caller's to read and hand
//! in; what a tracker looks like on disk is known here.

use std::path::{Path, PathBuf};

use super::{TRACKER_DIR, journal};
use crate::error::usage;

/// Where a tracker is, and how it was found.
#[derive(Debug, Clone)]
pub struct Location {
    pub(super) dir: PathBuf,
    named: bool,
    per_user: bool,
}

impl Location {
    /// The tracker directory a user named (`--dir`, `FTRACK_DIR`): it need not exist yet (a
    /// first write outside git creates it), but a file is refused, and so is a folder that
    /// holds its tracker in `.ftrack/` (the tracker directory itself is meant).
    pub fn named(dir: PathBuf) -> anyhow::Result<Location> {
        if dir.exists() && !dir.is_dir() {
            return Err(usage(
                format!("the tracker {} is not a directory", dir.display()),
                "--dir and FTRACK_DIR name the tracker directory (the one holding journal.jsonl)",
            ));
        }
        let inner = dir.join(TRACKER_DIR);
        if inner.join(journal::JOURNAL).is_file() && !dir.join(journal::JOURNAL).exists() {
            return Err(usage(
                format!("{} holds its tracker in {}", dir.display(), inner.display()),
                format!(
                    "--dir and FTRACK_DIR name the tracker directory itself: use --dir {}",
                    inner.display()
                ),
            ));
        }
        Ok(Location {
            dir,
            named: true,
            per_user: false,
        })
    }

    /// The nearest tracker (`.ftrack/`) in `from` or a directory above it.
    pub fn search(from: &Path) -> Option<Location> {
        let dir = from
            .ancestors()
            .map(|d| d.join(TRACKER_DIR))
            .find(|d| d.is_dir())?;
        Some(Location {
            dir,
            named: false,
            per_user: false,
        })
    }

    /// The per-user tracker, in the user's data directory `data` (created by its first write).
    pub fn per_user(data: &Path) -> Location {
        Location {
            dir: data.join("ftrack"),
            named: false,
            per_user: true,
        }
    }

    /// Where `ftrack init` makes a tracker in the directory `here`.
    pub fn new_in(here: &Path) -> Location {
        Location {
            dir: here.join(TRACKER_DIR),
            named: false,
            per_user: false,
        }
    }

    /// A tracker directory found under a folder (`find_trackers`).
    pub(super) fn found(dir: PathBuf) -> Location {
        Location {
            dir,
            named: false,
            per_user: false,
        }
    }

    /// Named by the user (`--dir`, `FTRACK_DIR`).
    pub fn is_named(&self) -> bool {
        self.named
    }

    /// The per-user tracker, used when no tracker was named or found.
    pub fn is_per_user(&self) -> bool {
        self.per_user
    }
}
