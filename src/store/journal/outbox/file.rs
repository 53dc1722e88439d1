//! The outbox on disk: `outbox-<tracker>.jsonl` in the clone's `.git/ftrack/`, one line per
//! line ftrack wrote to a part and that no commit holds yet (`<part> <line>`, `!<part> <line>`
//! once git was asked and never had it), a `#head <commit>` line naming the commit it was last
//! pruned on, and `#dropped <part> <command> <ids>` for a command the size cap made it let go.
//! (An older ftrack reads the lines it knows and skips the others.) Changed under an exclusive
//! lock on `outbox-<tracker>.lock` beside it: appended to by each write, replaced whole (written
//! beside and renamed) when entries go, so that a reader without the lock sees one version or
//! the other, never half of one.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::store::bounded::{self, OUTBOX as BOUND};

/// One recorded line: the part it was written to (a file name in `journal.d/`), the line, and
/// whether it was found lost already (git never had it).
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) part: String,
    pub(super) line: String,
    pub(super) lost: bool,
}

/// A command the cap made the outbox let go: its part, its id and its events' ids.
#[derive(Debug, Clone)]
pub(super) struct Dropped {
    pub(super) part: String,
    pub(super) command: String,
    pub(super) ids: Vec<String>,
}

/// Everything the outbox holds.
#[derive(Debug, Default)]
pub(super) struct Contents {
    pub(super) head: Option<String>,
    pub(super) entries: Vec<Entry>,
    pub(super) dropped: Vec<Dropped>,
}

impl Entry {
    fn text(&self) -> String {
        let mark = if self.lost { "!" } else { "" };
        format!("{mark}{} {}\n", self.part, self.line)
    }

    /// The id of the event the line holds, without parsing the whole line.
    pub(super) fn id(&self) -> Option<&str> {
        field(&self.line, "id")
    }

    /// The command the line belongs to: its `cmd`, else its own id.
    pub(super) fn command(&self) -> Option<&str> {
        field(&self.line, "cmd").or_else(|| self.id())
    }
}

/// A string field of a journal line, found without parsing it (ftrack writes `"name":"value"`).
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("\"{name}\":\"");
    let at = line.find(&key)? + key.len();
    let len = line[at..].find('"')?;
    Some(&line[at..at + len])
}

pub(super) fn parse(text: &str) -> Contents {
    let mut c = Contents::default();
    for l in text.lines() {
        if let Some(head) = l.strip_prefix("#head ") {
            c.head = Some(head.trim().to_string());
        } else if let Some(rest) = l.strip_prefix("#dropped ") {
            let mut w = rest.split_whitespace();
            if let (Some(part), Some(command), Some(ids)) = (w.next(), w.next(), w.next()) {
                c.dropped.push(Dropped {
                    part: part.to_string(),
                    command: command.to_string(),
                    ids: ids.split(',').map(String::from).collect(),
                });
            }
        } else if let Some((part, line)) = l.split_once(' ') {
            let (part, lost) = match part.strip_prefix('!') {
                Some(p) => (p, true),
                None => (part, false),
            };
            // (Lines of older layouts are dropped.)
            if part.ends_with(".jsonl") && line.starts_with('{') {
                c.entries.push(Entry {
                    part: part.to_string(),
                    line: line.to_string(),
                    lost,
                });
            }
        }
    }
    c
}

impl Contents {
    fn text(&self) -> String {
        let mut out = String::new();
        if let Some(h) = &self.head {
            out.push_str(&format!("#head {h}\n"));
        }
        for d in &self.dropped {
            out.push_str(&format!(
                "#dropped {} {} {}\n",
                d.part,
                d.command,
                d.ids.join(",")
            ));
        }
        for e in &self.entries {
            out.push_str(&e.text());
        }
        out
    }
}

/// What the outbox at `path` holds (nothing when it cannot be read).
pub(super) fn read(path: &Path) -> Contents {
    bounded::read_quietly(path, BOUND)
        .map(|b| parse(&String::from_utf8_lossy(&b)))
        .unwrap_or_default()
}

/// The commit the outbox was last pruned on: its first line only.
pub(super) fn head(path: &Path) -> Option<String> {
    let opened = bounded::open(path, BOUND).ok()??;
    let mut start = [0u8; 128];
    let n = (&opened.file).read(&mut start).ok()?;
    let text = String::from_utf8_lossy(&start[..n]);
    let first = text.lines().next()?;
    first.strip_prefix("#head ").map(|h| h.trim().to_string())
}

/// The exclusive lock on the outbox (`<outbox>.lock`, never through a link nor a FIFO).
pub(super) fn lock(path: &Path) -> Option<File> {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let lock = super::super::clone::open_record(&path.with_extension("lock"), true).ok()?;
    lock.lock().ok()?;
    Some(lock)
}

/// Replace the outbox whole (with the lock held).
pub(super) fn rewrite(path: &Path, contents: &Contents) {
    let _ = crate::store::atomic::write_quietly(path, contents.text().as_bytes());
}

/// Add entries at the end (with the lock held); the outbox's size after.
pub(super) fn append(path: &Path, entries: &[Entry]) -> Option<u64> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let mut file = options.open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let text: String = entries.iter().map(Entry::text).collect();
    file.write_all(text.as_bytes()).ok()?;
    file.metadata().ok().map(|m| m.len())
}

/// The watch file beside the outbox (see `watch`).
pub(super) fn watch_path(outbox: &Path) -> PathBuf {
    outbox.with_extension("parts")
}
