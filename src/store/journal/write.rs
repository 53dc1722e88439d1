//! Appending to the journal: an exclusive lock on the file written (journal.jsonl or a part),
//! whole lines, fsync; a write that fails leaves the file as it was.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use super::handle::{Tail, has_layout, open_append, remove_if_empty, same_file, take_back};
use super::journal_path;
use super::one_file::{self, ATTEMPTS, Part, Target};
use super::parts::Chosen;
use super::tail::set_aside_unfinished;
use super::written::{Appended, encode, missing};
use crate::error::{Kind, UserError};
use crate::model::event::{Event, Op, stamp};
use crate::store::fileid::FileId;

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

/// Append events to the journal in `dir`, all or none: one write of whole lines under an
/// exclusive lock on the file written, then fsync. On failure the file is cut back to its
/// length before the append. `seen` is the largest logical clock the writer has seen: the
/// events are stamped after it (and after the file's last event).
///
/// The lock is on the journal file, not on a separate lock file that `git clean -X` could
/// delete; after locking, and again after writing, the file locked must still be the file at
/// the path. A file replaced meanwhile (git re-creates files during a merge) means the write
/// starts again on the new file: event ids make a repeated line count once (`one_file`).
///
/// In a git work tree the events go to this clone's current part (`journal.d/`, see `parts`),
/// which is created (and staged with `git add`) when `HEAD` has moved since the last write;
/// `journal.jsonl` must still be there.
pub fn append(
    dir: &Path,
    events: &[Event],
    seen: u64,
    repair: &[std::path::PathBuf],
    linked_parts: &[std::path::PathBuf],
) -> anyhow::Result<Appended> {
    if events.is_empty() {
        return Ok(Appended {
            part: None,
            before: None,
            after: None,
            events: Vec::new(),
            recovered: 0,
            found: false,
            warnings: Vec::new(),
            at: 0,
        });
    }
    let root = prepare(dir, repair, linked_parts)?;
    match super::parts::head_commit(dir) {
        Some(head) => append_to_parts(dir, &root, events, seen, head),
        None => append_root(dir, &root, events.to_vec(), seen),
    }
}

/// Before any write: no file of the tracker is a link, no git operation holds the work tree,
/// the tracker's own journal is there and a regular file (an append never creates a tracker,
/// nor writes beside a journal that a git operation deleted), and the parts an interrupted
/// write left unfinished are mended. The journal's path.
fn prepare(
    dir: &Path,
    repair: &[std::path::PathBuf],
    linked_parts: &[std::path::PathBuf],
) -> anyhow::Result<std::path::PathBuf> {
    crate::store::guard::check_listed(dir, linked_parts)?;
    super::git::wait_for_git(dir)?;
    let root = journal_path(dir);
    super::read::refuse_special(&root)?;
    if std::fs::symlink_metadata(&root).is_err() {
        return Err(missing(&root));
    }
    for part in repair {
        mend(dir, part);
    }
    Ok(root)
}

/// Append to the part this clone writes while `HEAD` names `head`; when HEAD moves before the
/// events are in, to the part of the new HEAD (a few times), and to `journal.jsonl` once the
/// tracker is no longer in a git work tree.
fn append_to_parts(
    dir: &Path,
    root: &Path,
    events: &[Event],
    seen: u64,
    mut head: String,
) -> anyhow::Result<Appended> {
    let parts = super::parts::parts_dir(dir);
    let cannot = |e: io::Error| -> anyhow::Error {
        UserError::new(
            Kind::Journal,
            format!("cannot start a journal part in {}: {e}", parts.display()),
            "check that the tracker directory is writable; nothing was recorded",
        )
        .into()
    };
    // Kept from try to try: a try that went elsewhere leaves its stamps, so that the next one
    // looks for its own lines first.
    let mut events = events.to_vec();
    // As long as commits keep coming (a script committing every moment): tried again for up
    // to the time a write waits for git, at least a few times.
    let until = std::time::Instant::now() + super::git::WAIT;
    let mut tries = 0;
    while tries < ATTEMPTS || std::time::Instant::now() < until {
        tries += 1;
        let Some(chosen) = super::parts::choose(dir, &head).map_err(cannot)? else {
            return append_root(dir, root, events, seen);
        };
        if let Some(appended) = append_to_part(dir, root, &chosen, &mut events, seen, &head)? {
            return Ok(Appended {
                part: Some(chosen.path),
                ..appended
            });
        }
        match super::parts::head_commit(dir) {
            Some(h) => head = h,
            None => return append_root(dir, root, events, seen),
        }
    }
    Err(UserError::new(
        Kind::Journal,
        format!(
            "git's HEAD kept moving while ftrack wrote to {} ({tries} tries); nothing was recorded",
            parts.display()
        ),
        "wait for the git commands running in this clone to finish, then run the command again",
    )
    .into())
}

/// One try at the part `chosen`, written only while HEAD stays at `head` (a commit that came
/// in between has the part as it was, and the events go to a new one): None when HEAD moved,
/// and then nothing of this try is left behind (the `layout` line, a new empty part).
fn append_to_part(
    dir: &Path,
    root: &Path,
    chosen: &Chosen,
    events: &mut Vec<Event>,
    seen: u64,
    head: &str,
) -> anyhow::Result<Option<Appended>> {
    let (seen, marker) = mark_layout(dir, root, chosen, &events[0], seen)?;
    // Lines the previous part gained after its commit took it (a plain `git commit` of what
    // was staged, when a write could not stage its lines): they move to this part, so that a
    // committed part is never changed by a later commit. Read under that part's lock (held
    // until they are cut off there).
    let carried = match (&chosen.previous, chosen.new) {
        (Some(prev), true) => Tail::of(dir, prev),
        _ => None,
    };
    let target = Target {
        dir,
        path: &chosen.path,
        part: Some(Part {
            new: chosen.new,
            head,
            marked: chosen.staged.as_ref().map(|f| f.as_deref()),
        }),
        carry: carried.as_ref().map_or(&[][..], |c| c.lines.as_slice()),
    };
    let written = one_file::append_to(&target, events, seen);
    if !matches!(written, Ok(Some(_))) {
        take_back(root, marker);
        if chosen.new {
            remove_if_empty(&chosen.path);
        }
        return written;
    }
    if let Some(prev) = &chosen.previous {
        match carried {
            Some(c) => c.cut_back(dir, prev),
            // A part that never reached a commit (a crash before it was staged): staged now,
            // so that the next commit takes it (or removed, when the crash came before its
            // first line).
            None if super::git::size_in_head(dir, prev).is_none() => {
                remove_if_empty(prev);
                if prev.exists() {
                    super::stage::stage(dir, prev);
                }
            }
            None => {}
        }
    }
    written
}

/// The tracker's first part (made before parts, or outside git until now): say so in
/// journal.jsonl, in a line an ftrack that does not read parts refuses (it would otherwise show
/// this tracker without them). The clock seen after it, and the line's identity before and
/// after (to take it back if the events cannot be written).
fn mark_layout(
    dir: &Path,
    root: &Path,
    chosen: &Chosen,
    first: &Event,
    seen: u64,
) -> anyhow::Result<(u64, Option<(FileId, FileId)>)> {
    let empty = std::fs::metadata(&chosen.path).is_ok_and(|m| m.len() == 0);
    if !(chosen.new || empty) || has_layout(root) {
        return Ok((seen, None));
    }
    let written = match append_root(dir, root, vec![layout(first)], seen) {
        Ok(w) => w,
        Err(e) => {
            remove_if_empty(&chosen.path);
            return Err(e);
        }
    };
    crate::store::files::add_union_merge(dir);
    // (Staged like every file ftrack changes in a work tree.)
    super::stage::stage(dir, root);
    super::stage::stage(dir, &dir.join(".gitattributes"));
    let seen = seen.max(written.events.iter().map(|e| e.clock).max().unwrap_or(0));
    Ok((seen, written.before.zip(written.after)))
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
    let target = Target {
        dir,
        path: root,
        part: None,
        carry: &[],
    };
    let mut events = events;
    one_file::append_to(&target, &mut events, seen)?.ok_or_else(|| {
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
