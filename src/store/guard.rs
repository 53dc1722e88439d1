//! The guard every file ftrack writes goes through. A tracker is often a directory someone else
//! committed (a cloned repository is untrusted input): its files and directories must be what
//! they seem, and nothing a user asks ftrack to write may land on them or go through a link.
//!
//! - A file of the tracker (the journal, the set-aside file of torn lines, the old lock file,
//!   the git attributes, conflict copies, parts), or a directory of it (`.ftrack` itself,
//!   `journal.d`), that is a symbolic link could send ftrack's writes anywhere the link points
//!   (a committed `journal.torn -> ../../victim.txt`, `.ftrack -> ../other-customer/.ftrack`):
//!   such a tracker is reported by `status` and `doctor`, and written to only after the links
//!   are replaced by plain files and directories.
//! - A file a user names (`--output` of `report`, `catalog import`, `man`) is refused when it
//!   is, or resolves to, a file inside the tracker; when a symbolic link is at its path (the
//!   file it points to is never touched); when it is not a regular file; and when a directory on
//!   its path is a link inside a repository (a git work tree, or a directory holding a tracker).
//!   Links above that (`/home -> /data/home`, a path outside any repository) are the user's own
//!   layout and are followed.

use std::path::{Path, PathBuf};

use crate::error::{Kind, UserError};
use crate::store::journal::{JOURNAL, LOCK, TORN};

/// The files of a tracker that ftrack itself writes or reads as its own.
pub const INTERNAL: [&str; 5] = [JOURNAL, TORN, LOCK, ".gitattributes", ".gitignore"];

/// Whether the `.git` of the work tree holding `dir` is a link: git would stage parts into
/// another repository's index, and ftrack keep its records in another repository's `.git`.
pub fn git_is_link(dir: &Path) -> bool {
    crate::store::journal::git::work_tree(dir).is_some_and(|top| is_link(&top.join(".git")))
}

/// Files and directories of the tracker in `dir` that are symbolic links: the tracker
/// directory itself (or a directory above it inside its repository) first.
pub fn symlinked_internal(dir: &Path) -> Vec<PathBuf> {
    symlinked_listed(dir, &crate::store::journal::parts::linked(dir))
}

/// `symlinked_internal`, with the parts that are links known (from the command's one listing
/// of the parts, `FileStore::listing`).
pub fn symlinked_listed(dir: &Path, linked_parts: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = linked_dirs(dir);
    if git_is_link(dir) {
        found.extend(crate::store::journal::git::work_tree(dir).map(|top| top.join(".git")));
    }
    found.extend(
        INTERNAL
            .iter()
            .map(|name| dir.join(name))
            .filter(|p| is_link(p)),
    );
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
        found.extend(linked_parts.iter().cloned());
    }
    found
}

/// Refuse to write into a tracker whose internal files are symbolic links.
pub fn check_tracker(dir: &Path) -> anyhow::Result<()> {
    check_listed(dir, &crate::store::journal::parts::linked(dir))
}

/// `check_tracker`, with the parts that are links known.
pub fn check_listed(dir: &Path, linked_parts: &[PathBuf]) -> anyhow::Result<()> {
    let links = symlinked_listed(dir, linked_parts);
    let Some(first) = links.first() else {
        return Ok(());
    };
    Err(UserError::new(
        Kind::Journal,
        format!(
            "{} is a symbolic link; ftrack does not write to a tracker whose own files point elsewhere (nothing was recorded)",
            first.display()
        ),
        "look at where it points (`ls -l`), then replace it with a plain file or directory (or delete it if it is journal.torn) and run the command again",
    )
    .into())
}

/// Refuse an output path that is, or resolves to, a file inside the tracker `dir`.
pub fn check_output(dir: &Path, path: &Path) -> anyhow::Result<()> {
    // Resolved as the writer will write it: links followed (a dangling one too: the writer
    // would create its target), then the real path of what exists.
    let target = crate::store::real_path(&resolve_links(path)).ok();
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

/// Refuse a file a user names for ftrack to write (exit 2): a symbolic link at its path, a
/// path that is not a regular file (a FIFO, a device, a directory), or a directory on its way
/// that is a link inside a repository.
pub fn check_target(path: &Path) -> anyhow::Result<()> {
    let refuse = |message: String, hint: &str| -> anyhow::Error {
        UserError::new(Kind::Usage, message, hint).into()
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refuse(
                format!(
                    "{} is a symbolic link; remove it or name another file",
                    path.display()
                ),
                "ftrack never writes through a link (a cloned repository can commit one pointing at any file of yours): nothing was written",
            ));
        }
        Ok(m) if !m.is_file() => {
            return Err(refuse(
                format!(
                    "{} is not a regular file; name a file to write",
                    path.display()
                ),
                "write to a file (`--output report.md`), or to standard output with `--output -`",
            ));
        }
        _ => {}
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(link) = abs.ancestors().skip(1).find(|d| linked_in_repository(d)) {
        return Err(refuse(
            format!(
                "{} is a symbolic link inside a repository; ftrack does not write through it: remove it or name another file",
                link.display()
            ),
            "write to the directory's real path if you trust the link: nothing was written",
        ));
    }
    Ok(())
}

/// Directories of the tracker's path that are symbolic links: the tracker directory itself
/// when it is `.ftrack` or inside a repository, and any directory above it inside its
/// repository. (A per-user or `--dir` tracker outside any repository may be a link of the
/// user's own.)
fn linked_dirs(dir: &Path) -> Vec<PathBuf> {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    // (Without a trailing `/`, which would follow the link.)
    let abs: PathBuf = abs.components().collect();
    let mut found: Vec<PathBuf> = abs
        .ancestors()
        .filter(|d| {
            linked_in_repository(d)
                || (d == &abs.as_path()
                    && is_link(d)
                    && d.file_name()
                        .is_some_and(|n| n == crate::store::TRACKER_DIR))
        })
        .map(Path::to_path_buf)
        .collect();
    found.reverse();
    found
}

/// Whether `d` is a symbolic link in a directory that is inside a repository: a git work tree,
/// or a directory holding a tracker (a synced folder).
fn linked_in_repository(d: &Path) -> bool {
    if !is_link(d) {
        return false;
    }
    let Some(parent) = d.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return false;
    };
    crate::store::in_git_work_tree(parent)
        || parent
            .ancestors()
            .any(|a| std::fs::symlink_metadata(a.join(crate::store::TRACKER_DIR)).is_ok())
}

pub fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// Follow symlinks (at most 16) to the path that is really written.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..16 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&p) {
                Ok(target) if target.is_absolute() => p = target,
                Ok(target) => {
                    p = p
                        .parent()
                        .map_or_else(|| target.clone(), |d| d.join(&target))
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}
