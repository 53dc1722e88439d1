//! The outbox's watch (`outbox-<tracker>.parts` beside it): each part the outbox names, as it
//! was when every line of the outbox was last found in its part (device, inode, size,
//! modification time), and as each append of this clone left it. While every one of them is
//! still exactly that file, no line can have gone: a command asks no more (no part is read, git
//! is not asked). A part that git replaced or removed (a stash, a reset, a checkout writes a
//! new file or none), cut or changed sends the command to look for the lines. No watch: look.

use std::path::Path;

use crate::store::fileid::FileId;

/// A part's name and identity.
pub(super) type Seen = Vec<(String, FileId)>;

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
        seen.push((name.to_string(), id));
    }
    Some(seen)
}

pub(super) fn write(path: &Path, seen: &Seen) {
    let text: String = seen
        .iter()
        .map(|(name, id)| {
            format!(
                "{name} {} {} {} {} {}\n",
                id.dev, id.ino, id.size, id.mtime, id.mtime_ns
            )
        })
        .collect();
    let _ = crate::store::atomic::write_quietly(path, text.as_bytes());
}

/// Whether every part of the watch is still exactly the file it was.
pub(super) fn holds(parts_dir: &Path, seen: &Seen) -> bool {
    seen.iter()
        .all(|(name, id)| identity(&parts_dir.join(name)) == Some(*id))
}

/// After an append to the part `name` (still locked): the watch, if there is one, holds it as
/// it is now.
pub(super) fn update(path: &Path, parts_dir: &Path, name: &str) {
    let (Some(mut seen), Some(id)) = (read(path), identity(&parts_dir.join(name))) else {
        return;
    };
    match seen.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = id,
        None => seen.push((name.to_string(), id)),
    }
    write(path, &seen);
}
