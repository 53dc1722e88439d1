//! What this clone (in a git work tree) or this machine (elsewhere) remembers about a tracker,
//! kept where neither git nor a sync tool touches it: in git, the clone's `.git/ftrack/`
//! (beside the part it writes and the outbox); elsewhere, the user's state directory
//! (`$XDG_STATE_HOME/ftrack/`), named after the tracker's real path. Not beside the journal: a
//! synced folder would carry one machine's record to every other machine (and make conflict
//! copies of it), and a folder copied to a new laptop would continue another machine's record.
//!
//! - The high-water clock: the largest logical clock this clone has written, or had seen when
//!   it wrote. Its next event is stamped after it even while its own earlier lines are out of
//!   the work tree (stashed, on a branch started from an older commit, reset away), so that
//!   after `git stash pop` or the merge its later decision still replays last.
//! - The journal files it knows (`known.rs`): how long each was, and a checksum of that much,
//!   so that a file cut short is noticed.
//!
//! Best effort: a record that cannot be read or written costs only its protection.

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use super::journal::clone::{clone_dir, open_record, record_text, state_name};
use super::journal::git::git_dir;

/// Where this clone's (or machine's) records of one tracker go.
#[derive(Debug, Clone)]
pub(super) struct Local {
    dir: PathBuf,
    tracker: PathBuf,
}

impl Local {
    /// The records of the tracker in `tracker`: in its clone's `.git/ftrack/`, else under
    /// `state` (None: there is nowhere to keep them, and nothing is kept).
    pub(super) fn of(tracker: &Path, state: Option<&Path>) -> Option<Local> {
        let dir = match git_dir(tracker) {
            // (Never in a `.git` that is a link: another repository's.)
            Some(_) if super::guard::git_is_link(tracker) => return None,
            Some(git) => clone_dir(&git).ok()?,
            None => state?.to_path_buf(),
        };
        Some(Local {
            dir,
            tracker: tracker.to_path_buf(),
        })
    }

    /// The file that holds record `what`.
    pub(super) fn file(&self, what: &str) -> Option<PathBuf> {
        Some(self.dir.join(state_name(&self.tracker, what)?))
    }

    /// The high-water clock (0 when there is none yet).
    pub(super) fn clock(&self) -> u64 {
        self.file("clock")
            .and_then(|f| super::bounded::read_quietly(&f, super::bounded::CLONE_STATE))
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Raise the high-water clock to `to` (never lower it), under a lock on its file: writers
    /// running at once keep the larger value.
    pub(super) fn raise_clock(&self, to: u64) {
        let Some(path) = self.file("clock") else {
            return;
        };
        let _ = std::fs::create_dir_all(&self.dir);
        let Ok(mut file) = open_record(&path, true) else {
            return;
        };
        if file.lock().is_err() {
            return;
        }
        let now: u64 = record_text(&mut file).trim().parse().unwrap_or(0);
        if to <= now {
            return;
        }
        // Written over the old value, which is never longer (never a moment with no value).
        let text = format!("{to}\n");
        let _ = file
            .rewind()
            .and_then(|()| file.write_all(text.as_bytes()))
            .and_then(|()| file.set_len(text.len() as u64));
    }
}
