//! The outbox's watch (`outbox-<tracker>.parts` beside it): each part the outbox names, as it
//! was when every line of the outbox was last found in its part (device, inode, size,
//! modification time), and as each append of this clone left it. While every one of them is
//! still exactly that file, no line can have gone: a command asks no more (no part is read, git
//! is not asked). A part that git replaced or removed (a stash, a reset, a checkout writes a
//! new file or none), cut or changed sends the command to look for the lines — and so does a
//! part that was gone and is back (`git stash pop`: its lines are ftrack's to keep again). No
//! watch: look.

use std::path::Path;

use crate::store::fileid::FileId;

/// A part's name and identity (None: it was not there; written `-`).
pub(super) type Seen = Vec<(String, Option<FileId>)>;

/// The name under which the watch holds git's log of stashes (`.git/logs/refs/stash`): a stash
/// popped or dropped changes it, and a line the outbox left to a stash is then looked at again
/// (a pop followed by a `git reset --hard`, with no ftrack command between, changes no part
/// the watch could see: gone before, gone after).
pub(super) const STASH: &str = "#stash";

/// The identity of the file at `path` (not through a link).
pub(super) fn identity(path: &Path) -> Option<FileId> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    meta.is_file().then(|| FileId::of(&meta))
}

pub(super) fn read(path: &Path) -> Option<Seen> {
    let bytes = crate::store::bounded::read_quietly(path, crate::store::bounded::CLONE_STATE)?;
    let text = String::from_utf8(bytes).ok()?;
    let mut seen = Vec::new();
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if let [name, "-"] = w[..] {
            seen.push((name.to_string(), None));
            continue;
        }
        let [name, dev, ino, size, mtime, mtime_ns] = w[..] else {
            return None;
        };
        let id = FileId {
            dev: dev.parse().ok()?,
            ino: ino.parse().ok()?,
            size: size.parse().ok()?,
            mtime: mtime.parse().ok()?,
            mtime_ns: mtime_ns.parse().ok()?,
        };
        seen.push((name.to_string(), Some(id)));
    }
    Some(seen)
}

pub(super) fn write(path: &Path, seen: &Seen) {
    let text: String = seen
        .iter()
        .map(|(name, id)| match id {
            Some(id) => format!(
                "{name} {} {} {} {} {}\n",
                id.dev, id.ino, id.size, id.mtime, id.mtime_ns
            ),
            None => format!("{name} -\n"),
        })
        .collect();
    let _ = crate::store::atomic::write_quietly(path, text.as_bytes());
}

/// Whether every part of the watch (and the stash log, `stash_log`) is still exactly the file
/// it was, or still not there.
pub(super) fn holds(parts_dir: &Path, stash_log: &Path, seen: &Seen) -> bool {
    seen.iter().all(|(name, id)| {
        let path = match name.as_str() {
            STASH => stash_log.to_path_buf(),
            _ => parts_dir.join(name),
        };
        identity(&path) == *id
    })
}

/// After an append to the part `name` (still locked): the watch, if there is one, holds it as
/// it is now.
pub(super) fn update(path: &Path, parts_dir: &Path, name: &str) {
    let (Some(mut seen), Some(id)) = (read(path), identity(&parts_dir.join(name))) else {
        return;
    };
    match seen.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = Some(id),
        None => seen.push((name.to_string(), Some(id))),
    }
    write(path, &seen);
}
