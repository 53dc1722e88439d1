//! Appending to one file of the journal (`journal.jsonl` or a part) under an exclusive lock on
//! the file itself: open it (never through a link, never a FIFO), lock it, make sure it is still
//! the file at the path, set aside what an interrupted write left at its end, stamp the events
//! after every clock seen, write whole lines, sync, and check that the lines are where they
//! belong. Each of those steps is a function below; `append_to` tries them a few times.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use super::handle::{holds_all, open_append, same_file};
use super::tail::{End, set_aside_unfinished};
use super::written::{Appended, encode, missing};
use crate::error::{Kind, UserError};
use crate::model::event::{Event, MAX_CLOCK, stamp};
use crate::store::fileid::FileId;

/// How many times an append starts again on a file that git (or a sync tool) replaced while
/// we were opening, locking or writing it.
pub(super) const ATTEMPTS: usize = 5;

/// Where an append goes.
pub(super) struct Target<'a> {
    /// The tracker directory.
    pub(super) dir: &'a Path,
    /// The file written.
    pub(super) path: &'a Path,
    /// None for `journal.jsonl`.
    pub(super) part: Option<Part<'a>>,
    /// Whole lines moved from another part, written before the events.
    pub(super) carry: &'a [String],
}

/// A part written in a git work tree.
pub(super) struct Part<'a> {
    /// Just created (its `seq` then continues from the clock seen, so that it never restarts
    /// below events it follows).
    pub(super) new: bool,
    /// Write only while git's HEAD names this commit (once the file is locked).
    pub(super) head: &'a str,
    /// The clone's record says it was staged already, with the filter git named for it (else
    /// it is marked so once it is).
    pub(super) marked: Option<Option<&'a str>>,
}

/// How one try ended.
enum Try {
    Written(Appended),
    /// The file at the path was replaced meanwhile: try again on the new one.
    Again,
    /// Nothing written: the part is gone, or HEAD no longer names the commit (the caller
    /// chooses another part).
    Elsewhere,
}

/// Append `events` to the target, stamped after `seen` (the largest logical clock the writer
/// has seen) and after the file's last event. None: nothing was written, because the part went
/// away or HEAD moved (see `Part::head`); the events keep the stamps of the try that was taken
/// back, so that the next try can look for them first.
pub(super) fn append_to(
    t: &Target,
    events: &mut Vec<Event>,
    seen: u64,
) -> anyhow::Result<Option<Appended>> {
    for _ in 0..ATTEMPTS {
        match try_once(t, events, seen)? {
            Try::Written(appended) => return Ok(Some(appended)),
            Try::Elsewhere => return Ok(None),
            Try::Again => {}
        }
    }
    Err(UserError::new(
        Kind::Journal,
        format!(
            "{} kept being replaced while ftrack wrote to it; nothing was recorded for sure",
            t.path.display()
        ),
        "wait for the git or sync operation in this folder to finish, then run the command again (a repeated event counts once)",
    )
    .into())
}

fn try_once(t: &Target, events: &mut Vec<Event>, seen: u64) -> anyhow::Result<Try> {
    let mut file = match open_locked(t)? {
        Ok(file) => file,
        Err(not) => return Ok(not),
    };
    if let Some(p) = &t.part
        && super::parts::head_commit(t.dir).as_deref() != Some(p.head)
    {
        return Ok(Try::Elsewhere);
    }
    let before = file.metadata().ok().map(|m| FileId::of(&m));
    // A try again (events stamped by a try that went elsewhere): its own lines first, in case
    // they got here after all; every event is written exactly once.
    if events.first().is_some_and(|e| e.clock > 0) && holds_all(t.path, events) {
        return Ok(Try::Written(Appended {
            part: None,
            before,
            after: before,
            events: std::mem::take(events),
            recovered: 0,
            found: true,
            warnings: Vec::new(),
            at: before.map_or(0, |b| b.size),
        }));
    }
    let end = set_aside_unfinished(t.dir, &mut file)
        .map_err(|e| t.fail("repairing the journal's end", e))?;
    stamp_after(events, seen, &end, t.part.as_ref().map(|p| p.new))?;
    // Lines of earlier appends that a git operation threw away: written back first.
    let lost = match t.part {
        Some(_) => super::outbox::missing(t.dir).lines,
        None => Vec::new(),
    };
    let buf = lines(&end, lost.iter().chain(t.carry), events)?;
    if let Err(e) = file.write_all(&buf).and_then(|()| file.sync_all()) {
        // Leave the journal exactly as it was: drop whatever part of our lines got in.
        cut(&file, end.len);
        return Err(t.fail("appending", e));
    }
    if let Some(again) = check_written(t, &file, events, end.len) {
        return Ok(again);
    }
    let moved = !lost.is_empty() || !t.carry.is_empty();
    let warnings = match t.part {
        Some(_) => {
            super::outbox::record(t.dir, t.path, &buf[usize::from(end.newline_first)..], moved)
        }
        None => Vec::new(),
    };
    Ok(Try::Written(Appended {
        part: None,
        before,
        after: file.metadata().ok().map(|m| FileId::of(&m)),
        events: std::mem::take(events),
        recovered: lost.len(),
        found: false,
        warnings,
        at: end.len,
    }))
}

/// The file at the target's path, opened and locked; else why not: it was replaced meanwhile
/// (`Again`), or it is a part a git command took away between choosing and opening it
/// (`Elsewhere`).
fn open_locked(t: &Target) -> anyhow::Result<Result<File, Try>> {
    super::read::refuse_special(t.path)?;
    let file = match open_append(t.path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound && t.part.is_some() => {
            return Ok(Err(Try::Elsewhere));
        }
        // journal.jsonl is never re-created.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(missing(t.path)),
        Err(e) => return Err(t.fail("opening the journal", e)),
    };
    file.lock().map_err(|e| t.fail("locking the journal", e))?;
    if !same_file(&file, t.path) {
        return Ok(Err(Try::Again));
    }
    Ok(Ok(file))
}

/// Give `events` their logical clocks (after `seen` and the file's last clock), `seq` numbers
/// (after the file's last, or after `seen` in a new part) and `more` (how many follow).
fn stamp_after(
    events: &mut [Event],
    seen: u64,
    end: &End,
    part: Option<bool>,
) -> anyhow::Result<()> {
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
    stamp(events, from);
    let count = events.len();
    let first_seq = match part {
        Some(true) => end.last_seq.max(seen),
        _ => end.last_seq,
    };
    for (n, e) in events.iter_mut().enumerate() {
        e.seq = first_seq.saturating_add(1 + n as u64);
        e.more = (count - 1 - n) as u32;
    }
    Ok(())
}

/// The bytes one write appends: a newline when the file's last line lacks one, `earlier`
/// lines (written back or carried), then the events.
fn lines<'a>(
    end: &End,
    earlier: impl Iterator<Item = &'a String>,
    events: &[Event],
) -> anyhow::Result<Vec<u8>> {
    let mut buf = if end.newline_first {
        vec![b'\n']
    } else {
        Vec::new()
    };
    for line in earlier {
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
    }
    buf.extend(encode(events)?);
    Ok(buf)
}

/// After the write: whether the events are where they belong. A git operation that started
/// while we wrote may be replacing the file with a version read before our write: let it
/// finish, then make sure our events are in the file at the path, else write them again.
///
/// A part is staged (`git add`) while it is still locked, so that a plain `git commit` takes
/// it whole and a later `git commit -a` has nothing to add to it. A commit that took the part
/// while we wrote (HEAD moved meanwhile: a `commit -a` that read it before our lines, or a
/// plain commit that came before our `git add`) and left our lines out: the part goes back to
/// what was committed (and is staged so), and the events to a new part, so that a committed
/// part never changes.
fn check_written(t: &Target, file: &File, events: &[Event], len: u64) -> Option<Try> {
    // (A git command that still holds the work tree after the wait does not make the write a
    // failure: the events are in the file, and saying otherwise would have them recorded twice
    // by a second try.)
    let _ = super::git::wait_for_git(t.dir);
    if !same_file(file, t.path) && !holds_all(t.path, events) {
        return Some(Try::Again);
    }
    let p = t.part.as_ref()?;
    let staged = super::stage::stage_known(t.dir, t.path, p.marked.flatten());
    if super::parts::head_commit(t.dir).as_deref() != Some(p.head)
        && super::git::size_in_head(t.dir, t.path) == Some(len)
    {
        cut(file, len);
        if let Some(filter) = &staged {
            super::stage::stage_known(t.dir, t.path, Some(filter));
        }
        return Some(Try::Elsewhere);
    }
    if let Some(filter) = &staged
        && p.marked.flatten() != Some(filter.as_str())
    {
        super::parts::mark_staged(t.dir, p.head, t.path, filter);
    }
    None
}

/// Cut the file back to `len` (best effort: the write is refused either way).
fn cut(file: &File, len: u64) {
    let _ = file.set_len(len);
    let _ = file.sync_all();
}

impl Target<'_> {
    /// A write that failed: what it was doing and why, and what the user can do.
    fn fail(&self, what: &str, e: io::Error) -> anyhow::Error {
        let hint = if e.kind() == io::ErrorKind::InvalidData {
            "nothing was recorded; `ftrack doctor` names the damaged line and how to fix it"
        } else if e.kind() == io::ErrorKind::InvalidInput {
            "nothing was recorded; a file of the tracker is not a plain file (a FIFO or a device): look at it (`ls -l`) and remove it"
        } else {
            "nothing was recorded; free disk space or fix permissions and run the command again"
        };
        UserError::new(
            Kind::Journal,
            format!(
                "cannot write to the tracker {}: {what}: {e}",
                self.dir.display()
            ),
            hint,
        )
        .into()
    }
}
