//! Appending to the journal: an exclusive lock on the file written (journal.jsonl or a part),
//! whole lines, fsync; a write that fails leaves the file as it was.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use super::handle::{
    cut_back, has_layout, holds_all, open_append, remove_if_empty, same_file, take_back,
    uncommitted_tail,
};
use super::journal_path;
use super::tail::set_aside_unfinished;
use crate::error::{Kind, UserError};
use crate::model::event::{Event, MAX_CLOCK, Op, stamp};
use crate::store::bounded::{LINE, size_text};
use crate::store::fileid::FileId;

/// Serialize events as journal lines. A line longer than a journal line may be (8 MiB: a note
/// of 1 MB fits even if every character needs an escape) is refused, so that no reader ever
/// has to refuse it.
pub fn encode(events: &[Event]) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(events.len() * 160);
    for event in events {
        let start = buf.len();
        serde_json::to_writer(&mut buf, event)?;
        let len = (buf.len() - start) as u64;
        if len > LINE as u64 {
            return Err(UserError::new(
                Kind::Usage,
                format!(
                    "the `{}` event is {} as a journal line, more than {}, the most a line holds; nothing was recorded",
                    event.op.as_str(),
                    size_text(len),
                    size_text(LINE as u64)
                ),
                "shorten the note or text (1 MB of text always fits)",
            )
            .into());
        }
        buf.push(b'\n');
    }
    Ok(buf)
}

/// Create the journal of a new tracker with its first event (`init`). Only this creates a
/// journal: an append to a missing journal is an error, never a fresh file (git deletes and
/// re-creates files during a merge, and a fresh one-line journal would hide the history).
///
/// In a git work tree (`parts`) the journal says at once that it continues in parts (the
/// `layout` line), so that this line is part of the tracker's first commit, never of a commit
/// of progress that could be reverted.
pub fn create(dir: &Path, init: &Event, parts: bool) -> anyhow::Result<()> {
    crate::store::guard::check_tracker(dir)?;
    let path = journal_path(dir);
    let mut events = vec![init.clone()];
    stamp(&mut events, 0);
    events[0].seq = 1;
    if parts {
        let mut marker = [layout(init)];
        stamp(&mut marker, 1);
        marker[0].seq = 2;
        events.extend(marker);
    }
    let fail = |e: io::Error| -> anyhow::Error {
        UserError::new(
            Kind::Io,
            format!("cannot create {}: {e}", path.display()),
            "run `ftrack init` in a directory you can write to, or name one with --dir",
        )
        .into()
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options.open(&path).map_err(fail)?;
    file.write_all(&encode(&events)?)
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// How many times an append starts again on a journal that git (or a sync tool) replaced while
/// we were opening, locking or writing it.
const ATTEMPTS: usize = 5;

/// Append events to the journal in `dir`, all or none: one write of whole lines under an
/// exclusive lock on the journal itself, then fsync. On failure the journal is cut back to its
/// length before the append. `seen` is the largest logical clock the writer has seen: the
/// events are stamped after it (and after the journal's last event).
///
/// The lock is on the journal file, not on a separate lock file that `git clean -X` could
/// delete; after locking, and again after writing, the file locked must still be the file at
/// the path. A file replaced meanwhile (git re-creates files during a merge) means the write
/// starts again on the new file: event ids make a repeated line count once.
///
/// In a git work tree the events go to this clone's current part (`journal.d/`, see `parts`),
/// which is created (and staged with `git add`) when `HEAD` has moved since the last write;
/// `journal.jsonl` must still be there.
pub fn append(
    dir: &Path,
    events: &[Event],
    seen: u64,
    repair: &[std::path::PathBuf],
) -> anyhow::Result<Appended> {
    if events.is_empty() {
        return Ok(Appended {
            part: None,
            before: None,
            after: None,
            events: Vec::new(),
            recovered: 0,
        });
    }
    crate::store::guard::check_tracker(dir)?;
    super::git::wait_for_git(dir)?;
    // The tracker's own journal must be there, in a git work tree too: an append never
    // creates a tracker, nor writes beside a journal that a git operation deleted.
    let root = journal_path(dir);
    super::read::refuse_special(&root)?;
    if std::fs::symlink_metadata(&root).is_err() {
        return Err(missing(&root));
    }
    for part in repair {
        mend(dir, part);
    }
    let Some(mut head) = super::parts::head_commit(dir) else {
        return append_root(dir, &root, events.to_vec(), seen);
    };
    let parts = super::parts::parts_dir(dir);
    let cannot = |e: io::Error| -> anyhow::Error {
        UserError::new(
            Kind::Journal,
            format!("cannot start a journal part in {}: {e}", parts.display()),
            "check that the tracker directory is writable; nothing was recorded",
        )
        .into()
    };
    for _ in 0..ATTEMPTS {
        let Some(chosen) = super::parts::choose(dir, &head).map_err(cannot)? else {
            return append_root(dir, &root, events.to_vec(), seen);
        };
        let mut seen = seen;
        // The tracker's first part (made before parts, or outside git until now): say so in
        // journal.jsonl, in a line an ftrack that does not read parts refuses (it would
        // otherwise show this tracker without them). Taken back if the events cannot be written.
        let empty = std::fs::metadata(&chosen.path).is_ok_and(|m| m.len() == 0);
        let mut marker = None;
        if (chosen.new || empty) && !has_layout(&root) {
            let written = match append_root(dir, &root, vec![layout(&events[0])], seen) {
                Ok(w) => w,
                Err(e) => {
                    remove_if_empty(&chosen.path);
                    return Err(e);
                }
            };
            seen = seen.max(written.events.iter().map(|e| e.clock).max().unwrap_or(0));
            marker = written.before.zip(written.after);
            crate::store::add_union_merge(dir);
        }
        // Lines the previous part gained after its commit took it (a plain `git commit` of
        // what `git add` had staged): they move to this part, so that a committed part is
        // never changed by a later commit.
        let carried = match (&chosen.previous, chosen.new) {
            (Some(prev), true) => uncommitted_tail(dir, prev),
            _ => None,
        };
        // Written only while HEAD stays where the part was chosen: a commit that came in
        // between has the part as it was, and the events go to a new one.
        let written = append_to_carrying(
            dir,
            &chosen.path,
            events.to_vec(),
            seen,
            Some(chosen.new),
            Some(&head),
            carried.as_ref().map_or(&[][..], |c| c.lines.as_slice()),
        );
        let appended = match written {
            Ok(Some(a)) => a,
            Ok(None) => {
                take_back(&root, marker);
                if chosen.new {
                    remove_if_empty(&chosen.path);
                }
                match super::parts::head_commit(dir) {
                    Some(h) => head = h,
                    None => return append_root(dir, &root, events.to_vec(), seen),
                }
                continue;
            }
            Err(e) => {
                take_back(&root, marker);
                if chosen.new {
                    remove_if_empty(&chosen.path);
                }
                return Err(e);
            }
        };
        if let (Some(prev), Some(c)) = (&chosen.previous, &carried) {
            cut_back(prev, c);
        }
        if !chosen.staged && super::parts::stage(dir, &chosen.path) {
            super::parts::mark_staged(dir, &head, &chosen.path);
        }
        return Ok(Appended {
            part: Some(chosen.path),
            ..appended
        });
    }
    Err(UserError::new(
        Kind::Journal,
        format!(
            "git's HEAD kept moving while ftrack wrote to {}; nothing was recorded",
            parts.display()
        ),
        "wait for the git commands running in this clone to finish, then run the command again",
    )
    .into())
}

/// The `layout` line: the journal continues in parts. Recorded as written by the command that
/// made the first part.
fn layout(first: &Event) -> Event {
    let mut marker = Event::new(Op::Layout, first.at, &first.by);
    marker.note = Some(super::parts::PARTS.to_string());
    marker
}

/// Append to `journal.jsonl` (whatever git's HEAD says).
fn append_root(dir: &Path, root: &Path, events: Vec<Event>, seen: u64) -> anyhow::Result<Appended> {
    append_to(dir, root, events, seen, None, None)?.ok_or_else(|| {
        anyhow::anyhow!("internal: an append to journal.jsonl waited for git's HEAD")
    })
}

/// Set aside the torn or unfinished end of a part that is no longer written to (an interrupted
/// write, then a commit): as an append does for the file it writes. Best effort: a part that
/// cannot be mended is still read the same way (its end ignored, with a warning).
fn mend(dir: &Path, part: &Path) {
    if crate::store::guard::is_link(part) {
        return;
    }
    let Ok(mut file) = open_append(part) else {
        return;
    };
    if file.lock().is_err() || !same_file(&file, part) {
        return;
    }
    let _ = set_aside_unfinished(dir, &mut file);
}

/// Append to one file of the journal (`journal.jsonl` or a part). `part` is None for
/// `journal.jsonl`, else whether the part was just created (its `seq` then continues from the
/// clock seen, so that it never restarts below events it follows). With `head`, nothing is
/// written (None is returned) when git's HEAD no longer names that commit once the file is
/// locked.
fn append_to(
    dir: &Path,
    path: &Path,
    events: Vec<Event>,
    seen: u64,
    part: Option<bool>,
    head: Option<&str>,
) -> anyhow::Result<Option<Appended>> {
    append_to_carrying(dir, path, events, seen, part, head, &[])
}

/// As `append_to`, writing `carry` (whole lines moved from another part) before the events.
fn append_to_carrying(
    dir: &Path,
    path: &Path,
    mut events: Vec<Event>,
    seen: u64,
    part: Option<bool>,
    head: Option<&str>,
    carry: &[String],
) -> anyhow::Result<Option<Appended>> {
    let fail = |what: &str, e: io::Error| -> anyhow::Error {
        let hint = if e.kind() == io::ErrorKind::InvalidData {
            "nothing was recorded; `ftrack doctor` names the damaged line and how to fix it"
        } else if e.kind() == io::ErrorKind::InvalidInput {
            "nothing was recorded; a file of the tracker is not a plain file (a FIFO or a device): look at it (`ls -l`) and remove it"
        } else {
            "nothing was recorded; free disk space or fix permissions and run the command again"
        };
        UserError::new(
            Kind::Journal,
            format!("cannot write to the tracker {}: {what}: {e}", dir.display()),
            hint,
        )
        .into()
    };
    for _ in 0..ATTEMPTS {
        super::read::refuse_special(path)?;
        let mut file = match open_append(path) {
            Ok(f) => f,
            // A part a git command took away between choosing and opening it: another is
            // chosen (journal.jsonl is never re-created).
            Err(e) if e.kind() == io::ErrorKind::NotFound && part.is_some() => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(missing(path)),
            Err(e) => return Err(fail("opening the journal", e)),
        };
        file.lock().map_err(|e| fail("locking the journal", e))?;
        if !same_file(&file, path) {
            continue;
        }
        if head.is_some() && super::parts::head_commit(dir).as_deref() != head {
            return Ok(None);
        }
        let before = file.metadata().ok().map(|m| FileId::of(&m));
        let end = set_aside_unfinished(dir, &mut file)
            .map_err(|e| fail("repairing the journal's end", e))?;
        let from = seen.max(end.last_clock);
        if from.saturating_add(events.len() as u64) > MAX_CLOCK {
            return Err(UserError::new(
                Kind::Journal,
                format!(
                    "the journal's logical clock is at its limit ({from}): an event carries a clock no real journal reaches: the line was made up; nothing was recorded"
                ),
                "delete that line (`ftrack doctor` names it; `git log -p .ftrack` shows where it came from), then run the command again",
            )
            .into());
        }
        stamp(&mut events, from);
        let count = events.len();
        let first_seq = match part {
            Some(true) => end.last_seq.max(seen),
            _ => end.last_seq,
        };
        for (n, e) in events.iter_mut().enumerate() {
            e.seq = first_seq.saturating_add(1 + n as u64);
            e.more = (count - 1 - n) as u32;
        }
        let mut buf = if end.newline_first {
            vec![b'\n']
        } else {
            Vec::new()
        };
        // Lines of earlier appends that a git operation threw away: written back first.
        let lost = if part.is_some() {
            super::outbox::missing(dir)
        } else {
            Vec::new()
        };
        for line in lost.iter().chain(carry) {
            buf.extend_from_slice(line.as_bytes());
            buf.push(b'\n');
        }
        buf.extend(encode(&events)?);
        let written = file.write_all(&buf).and_then(|()| file.sync_all());
        if let Err(e) = written {
            // Leave the journal exactly as it was: drop whatever part of our lines got in.
            let _ = file.set_len(end.len);
            let _ = file.sync_all();
            return Err(fail("appending", e));
        }
        // A git operation that started while we wrote may be replacing the file with a
        // version read before our write: let it finish, then make sure our events are in the
        // file at the path; if that is no longer the file we wrote, write them again.
        // (A git command that still holds the work tree after the wait does not make the
        // write a failure: the events are in the file, and saying otherwise would have them
        // recorded twice by a second try.)
        let _ = super::git::wait_for_git(dir);
        if !same_file(&file, path) && !holds_all(path, &events) {
            continue;
        }
        // A commit that took the part while we wrote (HEAD moved meanwhile) and left our lines
        // out: the part goes back to what was committed, and the events to a new part, so that
        // a committed part never changes.
        if let Some(h) = head
            && super::parts::head_commit(dir).as_deref() != Some(h)
            && super::parts::size_in_head(dir, path) == Some(end.len)
        {
            let _ = file.set_len(end.len);
            let _ = file.sync_all();
            return Ok(None);
        }
        let after = file.metadata().ok().map(|m| FileId::of(&m));
        let start = usize::from(end.newline_first);
        if part.is_some() {
            super::outbox::record(dir, path, &buf[start..]);
        }
        return Ok(Some(Appended {
            part: None,
            before,
            after,
            events,
            recovered: lost.len(),
        }));
    }
    Err(UserError::new(
        Kind::Journal,
        format!(
            "{} kept being replaced while ftrack wrote to it; nothing was recorded for sure",
            path.display()
        ),
        "wait for the git or sync operation in this folder to finish, then run the command again (a repeated event counts once)",
    )
    .into())
}

fn missing(path: &Path) -> anyhow::Error {
    UserError::new(
        Kind::Journal,
        format!(
            "{} is missing; nothing was recorded (an append never creates a journal)",
            path.display()
        ),
        "if a git pull or checkout is running, wait for it and run the command again; `git status` shows whether the journal was deleted; a new tracker is made with `ftrack init`",
    )
    .into()
}

/// What an append did: the journal's identity just before and just after it (under the lock),
/// and the events as written (with their `seq`).
#[derive(Debug)]
pub struct Appended {
    /// The part written to (None: `journal.jsonl`).
    pub part: Option<std::path::PathBuf>,
    pub before: Option<FileId>,
    pub after: Option<FileId>,
    pub events: Vec<Event>,
    /// Lines of earlier appends that had gone from the journal and were written back.
    pub recovered: usize,
}
