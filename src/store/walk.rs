//! Finding the trackers under folders (`ftrack portfolio`): a folder holding `.ftrack/` is an
//! engagement; a tracker directory named itself (one holding `journal.jsonl`) is one too; any
//! other folder is looked into, down to a depth. Folders are read by name order, so the same
//! tree gives the same list.
//!
//! The walk never follows a symbolic link it finds (a hostile repository could commit one that
//! loops or points anywhere: it is listed as skipped instead), never enters `.git` or any other
//! hidden directory, and stops at a tracker: an engagement's own folders are not searched for
//! more engagements.

use std::path::{Path, PathBuf};

use super::{Location, TRACKER_DIR, journal, real_path};
use crate::error::usage;

/// One tracker found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The folder of the engagement (holding `.ftrack/`), as reached from the PATH given.
    pub home: PathBuf,
    /// The tracker directory, with the folder's symbolic links resolved (the path `status`
    /// uses from inside the folder, so both share one snapshot): for messages.
    pub tracker: PathBuf,
    /// Where to open it (`store::open`).
    pub location: Location,
    /// Why it is not read (its `.ftrack` is a symbolic link), or None.
    pub refused: Option<String>,
}

impl Found {
    fn at(home: &Path, tracker: PathBuf, refused: Option<String>) -> Found {
        Found {
            home: home.to_path_buf(),
            location: Location::found(tracker.clone()),
            tracker,
            refused,
        }
    }
}

/// What a walk found, and what it passed by.
#[derive(Debug, Default)]
pub struct Walk {
    pub found: Vec<Found>,
    /// Symbolic links to folders met on the way: not followed.
    pub links: Vec<PathBuf>,
    /// Folders that could not be listed, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// The trackers in each of `roots` and, when a root holds none, in its folders down to
/// `depth` levels (0: the roots only). A root that is not a folder is a usage error. A
/// tracker reached twice (two roots, a root inside another) is listed once.
pub fn find_trackers(roots: &[PathBuf], depth: usize) -> anyhow::Result<Walk> {
    for root in roots {
        if !root.is_dir() {
            let what = if root.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            return Err(usage(
                format!("{} {what}", root.display()),
                "name folders that hold trackers (or hold folders that do): ftrack portfolio ~/customers",
            ));
        }
    }
    let mut walk = Walk::default();
    for root in roots {
        visit(root, depth, &mut walk);
    }
    let mut seen = std::collections::HashSet::new();
    walk.found.retain(|f| seen.insert(f.tracker.clone()));
    walk.links.sort();
    walk.links.dedup();
    Ok(walk)
}

/// The tracker in `dir` (given by the user, or a folder met on the way), else look below.
fn visit(dir: &Path, depth: usize, walk: &mut Walk) {
    if let Some(found) = tracker_in(dir) {
        walk.found.push(found);
        return;
    }
    if depth == 0 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            walk.unreadable.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        // The entry's own type: a link is not followed.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            folders.push(entry.path());
        } else if kind.is_symlink() && entry.path().is_dir() {
            walk.links.push(entry.path());
        }
    }
    folders.sort();
    for folder in folders {
        visit(&folder, depth - 1, walk);
    }
}

/// The tracker `dir` holds (`dir/.ftrack/`) or is (a directory holding `journal.jsonl`).
fn tracker_in(dir: &Path) -> Option<Found> {
    let inner = dir.join(TRACKER_DIR);
    let meta = std::fs::symlink_metadata(&inner).ok();
    let resolved = |d: &Path| real_path(d).unwrap_or_else(|_| d.to_path_buf());
    if let Some(meta) = meta {
        if meta.file_type().is_symlink() {
            let why = format!(
                "{} is a symbolic link; a tracker is not read through a link found in a folder",
                inner.display()
            );
            return Some(Found::at(dir, resolved(dir).join(TRACKER_DIR), Some(why)));
        }
        if meta.is_dir() {
            return Some(Found::at(dir, resolved(dir).join(TRACKER_DIR), None));
        }
    }
    if std::fs::symlink_metadata(dir.join(journal::JOURNAL)).is_ok() {
        // A tracker directory named itself (`.ftrack`, or a per-user tracker).
        let tracker = resolved(dir);
        let home = match dir.file_name() {
            Some(n) if n == TRACKER_DIR => {
                dir.parent().map_or(dir.to_path_buf(), Path::to_path_buf)
            }
            _ => dir.to_path_buf(),
        };
        return Some(Found::at(&home, tracker, None));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracker(at: &Path) {
        std::fs::create_dir_all(at.join(".ftrack")).unwrap();
        std::fs::write(at.join(".ftrack/journal.jsonl"), "").unwrap();
    }

    #[test]
    fn finds_trackers_to_a_depth_skipping_hidden_folders_links_and_trackers_inside_trackers() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        tracker(&root.join("a"));
        tracker(&root.join("a/inner")); // inside an engagement: not searched
        tracker(&root.join("group/b"));
        tracker(&root.join(".hidden/c"));
        std::fs::create_dir_all(root.join("empty")).unwrap();
        std::os::unix::fs::symlink(root.join("group"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(root, root.join("group/loop")).unwrap();
        let names = |w: &Walk| -> Vec<String> {
            w.found
                .iter()
                .map(|f| f.home.strip_prefix(root).unwrap().display().to_string())
                .collect()
        };
        let one = find_trackers(&[root.to_path_buf()], 1).unwrap();
        assert_eq!(names(&one), ["a"]);
        assert_eq!(one.links, [root.join("link")]);
        let two = find_trackers(&[root.to_path_buf()], 2).unwrap();
        assert_eq!(names(&two), ["a", "group/b"]);
        assert_eq!(two.links, [root.join("group/loop"), root.join("link")]);
        let deep = find_trackers(&[root.to_path_buf()], 50).unwrap();
        assert_eq!(names(&deep), ["a", "group/b"]);
        // Named twice, listed once; a tracker directory named itself is found too.
        let both = find_trackers(
            &[root.join("a"), root.join("a/.ftrack"), root.to_path_buf()],
            1,
        )
        .unwrap();
        assert_eq!(both.found.len(), 1);
        assert!(find_trackers(&[root.join("missing")], 1).is_err());
    }

    #[test]
    fn a_linked_tracker_directory_is_found_but_refused() {
        let d = tempfile::tempdir().unwrap();
        tracker(&d.path().join("real"));
        std::fs::create_dir_all(d.path().join("x")).unwrap();
        std::os::unix::fs::symlink(d.path().join("real/.ftrack"), d.path().join("x/.ftrack"))
            .unwrap();
        let w = find_trackers(&[d.path().join("x")], 1).unwrap();
        assert!(
            w.found[0]
                .refused
                .as_deref()
                .unwrap()
                .contains("symbolic link")
        );
    }
}
