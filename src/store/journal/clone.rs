//! What this clone knows about a tracker, kept in its `.git/ftrack/` where no git command and
//! no sync tool touches it: its name, the part it writes, the outbox. A `.git` can arrive whole
//! (a zip, a synced folder), so `.git/ftrack` is never a link and its files are opened never
//! through one, never into a FIFO, and read with a bound.

use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use crate::store::bounded::CLONE_STATE;

/// Where this clone keeps what it knows about the tracker in `dir`: `.git/ftrack/<what>-<hash of
/// the tracker's path>`.
pub(super) fn state_file(git: &Path, dir: &Path, what: &str) -> Option<PathBuf> {
    Some(clone_dir(git).ok()?.join(state_name(dir, what)?))
}

/// The name of record `what` of the tracker in `dir`: `<what>-<hash of its real path>`.
pub(in crate::store) fn state_name(dir: &Path, what: &str) -> Option<String> {
    let real = super::git::real_dir(dir)?;
    let mut h = std::hash::DefaultHasher::new();
    real.hash(&mut h);
    Some(format!("{what}-{:016x}", h.finish()))
}

/// `.git/ftrack`, where this clone keeps what it knows: never a symbolic link (a `.git`
/// delivered whole could point it at any directory of the user's).
pub(in crate::store) fn clone_dir(git: &Path) -> io::Result<PathBuf> {
    let d = git.join("ftrack");
    if std::fs::symlink_metadata(&d).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a symbolic link", d.display()),
        ));
    }
    Ok(d)
}

/// Open (and create) a file of this clone's record, never through a link nor into a FIFO.
pub(in crate::store) fn open_record(path: &Path, create: bool) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(create)
        .truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    Ok(file)
}

/// The text of an open record file (at most what the bound allows).
pub(in crate::store) fn record_text(file: &mut std::fs::File) -> String {
    let mut text = String::new();
    let _ = io::Read::read_to_string(
        &mut io::Read::take(&*file, crate::store::bounded::CLONE_STATE.max),
        &mut text,
    );
    text
}

/// A small file of the clone's record, or of its `.git`, as text (bounded; None: not there).
pub(super) fn small_text(path: &Path, bound: crate::store::bounded::Bound) -> Option<String> {
    crate::store::bounded::read_quietly(path, bound).and_then(|b| String::from_utf8(b).ok())
}

/// This clone's name: eight hex digits made once and kept in `.git/ftrack/`.
pub(super) fn replica(git: &Path, dir: &Path) -> String {
    let file = state_file(git, dir, "replica");
    if let Some(name) = file
        .as_ref()
        .and_then(|f| small_text(f, CLONE_STATE))
        .map(|s| s.trim().to_string())
        .filter(|s| s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return name;
    }
    let mut h = std::hash::DefaultHasher::new();
    std::time::SystemTime::now().hash(&mut h);
    std::process::id().hash(&mut h);
    git.hash(&mut h);
    dir.hash(&mut h);
    let name = format!("{:08x}", h.finish() as u32);
    if let Some(f) = file {
        if let Some(parent) = f.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::store::atomic::write_quietly(&f, name.as_bytes());
    }
    name
}
