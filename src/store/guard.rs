//! The guard every file ftrack writes goes through. A tracker is often a directory someone else
//! committed (a cloned repository is untrusted input): its internal files must be what they
//! seem, and nothing a user asks ftrack to write may land on them.
//!
//! - An internal file (the journal, the set-aside file of torn lines, the old lock file, the git
//!   attributes) that is a symbolic link could send ftrack's writes anywhere the link points
//!   (a committed `journal.torn -> ../../victim.txt`): such a tracker is reported by `status`
//!   and `doctor`, and written to only after the links are replaced by plain files.
//! - A file a user names (`--output` of `report`, `catalog import`, `man`) is refused when it is,
//!   or resolves to, a file inside the tracker.

use std::path::{Path, PathBuf};

use crate::error::{Kind, UserError};
use crate::store::journal::{JOURNAL, LOCK, TORN};

/// The files of a tracker that ftrack itself writes or reads as its own.
pub const INTERNAL: [&str; 5] = [JOURNAL, TORN, LOCK, ".gitattributes", ".gitignore"];

/// Internal files of the tracker in `dir` that are symbolic links.
pub fn symlinked_internal(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = INTERNAL
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| is_link(p))
        .collect();
    found.extend(
        crate::store::journal::conflict_copies(dir)
            .into_iter()
            .filter(|p| is_link(p)),
    );
    // The parts directory and the parts in it (a link could send appends anywhere).
    let parts = crate::store::journal::parts::parts_dir(dir);
    if is_link(&parts) {
        found.push(parts);
    } else {
        found.extend(crate::store::journal::parts::linked(dir));
    }
    found
}

/// Refuse to write into a tracker whose internal files are symbolic links.
pub fn check_tracker(dir: &Path) -> anyhow::Result<()> {
    let links = symlinked_internal(dir);
    let Some(first) = links.first() else {
        return Ok(());
    };
    Err(UserError::new(
        Kind::Journal,
        format!(
            "{} is a symbolic link; ftrack does not write to a tracker whose own files point elsewhere (nothing was recorded)",
            first.display()
        ),
        "look at where it points (`ls -l`), then replace it with a plain file (or delete it if it is journal.torn) and run the command again",
    )
    .into())
}

/// Refuse an output path that is, or resolves to, a file inside the tracker `dir`.
pub fn check_output(dir: &Path, path: &Path) -> anyhow::Result<()> {
    // Resolved as the writer will write it: links followed (a dangling one too: the writer
    // would create its target), then the real path of what exists.
    let target = crate::store::real_path(&crate::store::atomic::resolve_links(path)).ok();
    let tracker = crate::store::real_path(dir).ok();
    if let (Some(target), Some(tracker)) = (target, tracker)
        && target.starts_with(&tracker)
    {
        return Err(UserError::new(
            Kind::Usage,
            format!(
                "refusing to write {} inside the tracker {}",
                path.display(),
                tracker.display()
            ),
            "the tracker's files are ftrack's own: write somewhere else, e.g. --output checkpoint.md",
        )
        .into());
    }
    Ok(())
}

pub fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}
