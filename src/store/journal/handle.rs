//! Journal files as a writer handles them: opened never through a symbolic link nor into a
//! FIFO, checked to be the file at the path, cut back or removed when a write went elsewhere,
//! and looked into line by line (bounded) for what an append needs to know.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use crate::model::event::Event;
use crate::store::fileid::FileId;

/// Take the `layout` line just appended to `journal.jsonl` back (its identity before and after
/// the append), when nothing else was written after it.
pub(super) fn take_back(root: &Path, marker: Option<(FileId, FileId)>) {
    let Some((before, after)) = marker else {
        return;
    };
    let Ok(file) = open_write(root) else {
        return;
    };
    if file.lock().is_ok()
        && file
            .metadata()
            .is_ok_and(|m| FileId::of(&m).size == after.size)
    {
        let _ = file.set_len(before.size);
        let _ = file.sync_all();
    }
}

/// Remove a part made for a write that went elsewhere, if nobody wrote to it.
pub(super) fn remove_if_empty(part: &Path) {
    if std::fs::symlink_metadata(part).is_ok_and(|m| m.is_file() && m.len() == 0) {
        let _ = std::fs::remove_file(part);
    }
}

/// Whether `journal.jsonl` has its `layout` line (read once per new part, not per write).
pub(super) fn has_layout(root: &Path) -> bool {
    contains_any(root, &[b"\"op\":\"layout\""]).is_some_and(|found| found[0])
}

/// Which of `needles` the journal file at `path` holds, read line by line (bounded).
fn contains_any(path: &Path, needles: &[&[u8]]) -> Option<Vec<bool>> {
    let opened = crate::store::bounded::open(path, crate::store::bounded::JOURNAL).ok()??;
    let finders: Vec<_> = needles.iter().map(memchr::memmem::Finder::new).collect();
    let mut found = vec![false; needles.len()];
    let mut lines = super::lines::LineReader::new(opened.reader(1 << 16));
    while let Ok(Some(_)) = lines.next_line(true) {
        for (f, hit) in finders.iter().zip(found.iter_mut()) {
            *hit = *hit || f.find(lines.line()).is_some();
        }
    }
    Some(found)
}

/// Whether the journal at `path` holds every one of `events` (by id).
pub(super) fn holds_all(path: &Path, events: &[Event]) -> bool {
    let ids: Vec<&[u8]> = events.iter().map(|e| e.id.as_bytes()).collect();
    contains_any(path, &ids).is_some_and(|found| found.iter().all(|f| *f))
}

/// Open a journal file to append to it, never through a symbolic link.
pub(super) fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path)?;
    // (Checked on the handle: the path may have changed since the guard looked.)
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    Ok(file)
}

/// Open a journal file to cut it back, never through a symbolic link.
pub(super) fn open_write(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path)
}

/// Whether the open file is still the file at `path` (same device and inode).
pub(super) fn same_file(file: &File, path: &Path) -> bool {
    let (Ok(open), Some(now)) = (file.metadata(), FileId::at(path)) else {
        return false;
    };
    let open = FileId::of(&open);
    open.dev == now.dev && open.ino == now.ino
}

/// The lines a part holds past what `HEAD`'s commit has of it (a plain `git commit` took it
/// as it was staged, or as a write that could not stage it left it), held under the part's
/// lock from the moment they are read until they are cut off: a write in progress on that
/// part (which may yet take its lines back, when a commit came in between) is waited for,
/// never carried half-done, so that no event is written twice.
pub(super) struct Tail {
    file: File,
    /// The part's length in the commit (where it is cut back to), and now.
    committed: u64,
    len: u64,
    pub(super) lines: Vec<String>,
}

impl Tail {
    /// What `part` gained after the commit `HEAD` names took it, if it is there, shorter, and
    /// a prefix of the file (ftrack only appends). One git command, once per new part.
    pub(super) fn of(dir: &Path, part: &Path) -> Option<Tail> {
        use std::io::{Read, Seek, SeekFrom};
        let committed = super::git::size_in_head(dir, part)?;
        let file = open_append(part).ok()?;
        file.lock().ok()?;
        if !same_file(&file, part) {
            return None;
        }
        let len = file.metadata().ok()?.len();
        if committed >= len || committed == 0 {
            return None;
        }
        // Only the end past the commit is read: the byte before it (a line's end), then the rest.
        let mut bytes = Vec::new();
        (&file).seek(SeekFrom::Start(committed - 1)).ok()?;
        (&file)
            .take(len - committed + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        if bytes.first() != Some(&b'\n') {
            return None;
        }
        let rest = String::from_utf8(bytes[1..].to_vec()).ok()?;
        let lines: Vec<String> = rest
            .lines()
            .filter(|l| super::lines::parse_line(l.as_bytes()).is_ok())
            .map(String::from)
            .collect();
        (!lines.is_empty()).then_some(Tail {
            file,
            committed,
            len,
            lines,
        })
    }

    /// Cut the part back to what its commit has, once its extra lines are in the new part
    /// (still under the lock taken when they were read), and stage it as committed.
    pub(super) fn cut_back(self, dir: &Path, part: &Path) {
        if self.file.metadata().is_ok_and(|m| m.len() == self.len) {
            let _ = self.file.set_len(self.committed);
            let _ = self.file.sync_all();
            super::stage::stage(dir, part);
        }
    }
}
