//! The record of journal files seen, on disk: `<name> <len> <crc> <dev> <ino> <size> <mtime>
//! <mtime_ns>` a line, a later line for a name replacing an earlier one (an append adds a line;
//! a look at the files writes it whole).

use std::io::Write;
use std::path::Path;

use super::{Known, Seen};
use crate::store::bounded;
use crate::store::fileid::FileId;
use crate::store::journal;

/// The record: `<name> <len> <crc> <dev> <ino> <size> <mtime> <mtime_ns>` a line, a later line
/// for a name replacing an earlier one.
pub(super) fn read(path: &Path) -> Known {
    let Some(bytes) = bounded::read_quietly(path, bounded::CLONE_STATE) else {
        return Known::new();
    };
    let mut known = Known::new();
    for line in String::from_utf8_lossy(&bytes).lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if let [name, len, crc, dev, ino, size, mtime, mtime_ns] = w[..]
            && let Some(seen) = parse(len, crc, [dev, ino, size, mtime, mtime_ns])
        {
            known.insert(name.to_string(), seen);
        }
    }
    known
}

fn parse(len: &str, crc: &str, id: [&str; 5]) -> Option<Seen> {
    Some(Seen {
        len: len.parse().ok()?,
        crc: crc.parse().ok()?,
        id: FileId {
            dev: id[0].parse().ok()?,
            ino: id[1].parse().ok()?,
            size: id[2].parse().ok()?,
            mtime: id[3].parse().ok()?,
            mtime_ns: id[4].parse().ok()?,
        },
    })
}

fn line(name: &str, s: &Seen) -> String {
    let id = &s.id;
    format!(
        "{name} {} {} {} {} {} {} {}\n",
        s.len, s.crc, id.dev, id.ino, id.size, id.mtime, id.mtime_ns
    )
}

pub(super) fn rewrite(path: &Path, known: &Known) {
    let mut names: Vec<&String> = known.keys().collect();
    names.sort();
    let text: String = names.iter().map(|n| line(n, &known[*n])).collect();
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = crate::store::atomic::write_quietly(path, text.as_bytes());
}

pub(super) fn append_line(path: &Path, name: &str, seen: &Seen) {
    let mut options = std::fs::OpenOptions::new();
    options.append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    if let Ok(mut f) = options.open(path)
        && f.metadata().is_ok_and(|m| m.is_file())
    {
        let _ = f.write_all(line(name, seen).as_bytes());
    }
}

/// The record's lock, held while it is read and changed.
pub(super) fn lock_file(path: &Path) -> Option<std::fs::File> {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let f = journal::clone::open_record(path, true).ok()?;
    f.lock().ok()?;
    Some(f)
}
