//! The outbox: a copy of ftrack's writes that no commit holds yet, kept inside the clone's
//! `.git` directory, where no git command touches it, so that a write git throws away is
//! written back.
//!
//! `git stash create` + `git reset --hard` + `git stash apply` (what `git pull --autostash` and
//! `git rebase --autostash` do), or a `git reset --hard` while a script writes, throw away a part
//! that was not committed yet: a script ticking items off meanwhile reported success and its
//! events were gone. Each append to a part also records its lines here, with the part's name,
//! and they stay until the commit `HEAD` names holds them (pruned at the first write after
//! `HEAD` moves). Every load and every append checks that those lines are still in their part
//! (or in the part written now): cheaply while the parts are the files they were (`watch`),
//! else by reading them. A line that is not is lost only if git never had it: a line that was
//! in a commit git still knows (a branch, a tag, or the log of where `HEAD` and the branches
//! have been) was taken out by git on purpose (a revert, a reset to an earlier commit), and is
//! forgotten here. A line git has only in a stash is kept, marked (`~`): not written back while
//! the stash holds it, and an ordinary entry again once `git stash pop` puts it back — so that a
//! `git reset --hard` after the pop still finds it missing and writes it back. Git is asked once per loss (the answer is kept: `!` before
//! the part's name). Lost lines are read with the journal (a warning says so), and the next
//! append writes them back.
//!
//! The outbox keeps at most `OUTBOX_CAP` (64 MiB) of lines: past it, the oldest commands are let
//! go whole, with a warning naming them, and if git throws those away later, a warning names
//! the ones that could not come back (`Missing::gone`).
//!
//! Only for trackers in a git work tree (sync tools do not rewind files). Best effort: an outbox
//! that cannot be read or written costs only this protection.

mod file;
mod prune;
mod watch;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use file::{Contents, Dropped, Entry};

/// The outbox of the tracker in `dir`, when it is in a git work tree.
pub fn of(dir: &Path) -> Option<PathBuf> {
    let git = super::git::git_dir(dir)?;
    let name = super::clone::state_name(dir, "outbox")?;
    Some(
        super::clone::clone_dir(&git)
            .ok()?
            .join(format!("{name}.jsonl")),
    )
}

/// What a git operation threw away of ftrack's writes.
#[derive(Debug, Default)]
pub struct Missing {
    /// The lines to write back (whole, valid events git never had in a commit).
    pub lines: Vec<String>,
    /// Commands the outbox had let go (over its cap) that are gone too: they cannot come back.
    pub gone: Vec<Gone>,
}

/// A command thrown away that the outbox no longer held.
#[derive(Debug, Clone)]
pub struct Gone {
    pub command: String,
    pub events: usize,
}

/// The recorded lines that are in none of their parts any more and that git never had in a
/// commit, and the commands let go that went the same way.
pub fn missing(dir: &Path) -> Missing {
    let Some(outbox) = of(dir) else {
        return Missing::default();
    };
    if std::fs::symlink_metadata(&outbox).is_err() {
        return Missing::default();
    }
    let parts = super::parts::parts_dir(dir);
    let watch_path = file::watch_path(&outbox);
    let stash = stash_log(dir);
    if watch::read(&watch_path).is_some_and(|seen| watch::holds(&parts, &stash, &seen)) {
        return Missing::default();
    }
    judge(dir, &outbox)
}

/// Whether `event` is a `catalog use` whose catalog copy is gone with it (a `git reset --hard`
/// throws away the staged copy and the switch together): not written back, since the tracker
/// could no longer read its catalog; the tracker stays on the catalog it had.
fn switch_without(dir: &Path, event: &crate::model::event::Event) -> bool {
    event.op == crate::model::event::Op::Init
        && event
            .catalog
            .as_deref()
            .is_some_and(|c| std::fs::symlink_metadata(dir.join(c)).is_err())
}

/// git's log of the stashes of the clone holding `dir`.
fn stash_log(dir: &Path) -> PathBuf {
    super::git::git_dir(dir)
        .map(|g| g.join("logs").join("refs").join("stash"))
        .unwrap_or_default()
}

/// Look for every recorded line in the parts, ask git about those that are not there, and
/// keep the answer; then watch the parts again if nothing was missing.
fn judge(dir: &Path, outbox: &Path) -> Missing {
    let contents = file::read(outbox);
    let parts = super::parts::parts_dir(dir);
    // (Taken before the parts are read: a part that changes while they are read is looked at
    // again next time.)
    let mut names: Vec<String> = contents.entries.iter().map(|e| e.part.clone()).collect();
    names.sort();
    names.dedup();
    let mut seen: watch::Seen = names
        .iter()
        .map(|n| (n.clone(), watch::identity(&parts.join(n))))
        .collect();
    seen.push((watch::STASH.to_string(), watch::identity(&stash_log(dir))));
    let present = still_in_parts(dir, &contents);
    let absent = |id: Option<&str>| id.is_some_and(|id| !present.contains(id));
    // Lines gone that git was not asked about yet (or left to a stash: it may have been popped
    // since), and commands let go whose events are gone:
    // asked, all at once.
    let mut unjudged: Vec<&str> = contents
        .entries
        .iter()
        .filter(|e| !e.lost && absent(e.id()))
        .filter_map(Entry::id)
        .collect();
    let gone_dropped: Vec<&Dropped> = contents
        .dropped
        .iter()
        .filter(|d| d.ids.iter().any(|id| absent(Some(id))))
        .collect();
    unjudged.extend(
        gone_dropped
            .iter()
            .flat_map(|d| d.ids.iter().map(String::as_str)),
    );
    let committed = if unjudged.is_empty() {
        Default::default()
    } else {
        super::parts::committed(dir, &unjudged).unwrap_or_default()
    };
    let kept_by_git = |id: Option<&str>| id.is_some_and(|id| committed.contains(id));
    // Only whole, valid events are ever written back.
    let mut lines: Vec<String> = contents
        .entries
        .iter()
        .filter(|e| absent(e.id()) && !kept_by_git(e.id()))
        .filter(|e| {
            super::lines::parse_line(e.line.as_bytes()).is_ok_and(|ev| !switch_without(dir, &ev))
        })
        .map(|e| e.line.clone())
        .collect();
    lines.dedup();
    let gone: Vec<Gone> = gone_dropped
        .iter()
        .filter(|d| !d.ids.iter().all(|id| kept_by_git(Some(id))))
        .map(|d| Gone {
            command: d.command.clone(),
            events: d.ids.len(),
        })
        .collect();
    remember(outbox, &contents, &present, &committed);
    if lines.is_empty()
        && gone.is_empty()
        && let Some(_lock) = file::lock(outbox)
    {
        watch::write(&file::watch_path(outbox), &seen);
    }
    Missing { lines, gone }
}

/// The ids of the outbox's lines (and of the commands it let go) that are in a part: the parts
/// they were written to, and the part written now (where lost lines go back).
fn still_in_parts(dir: &Path, contents: &Contents) -> HashSet<String> {
    let mut names: Vec<String> = contents.entries.iter().map(|e| e.part.clone()).collect();
    names.extend(contents.dropped.iter().map(|d| d.part.clone()));
    names.extend(
        super::parts::recorded(dir)
            .and_then(|p| p.file_name().and_then(|n| n.to_str()).map(String::from)),
    );
    names.sort();
    names.dedup();
    let mut wanted: HashSet<&str> = contents.entries.iter().filter_map(Entry::id).collect();
    wanted.extend(
        contents
            .dropped
            .iter()
            .flat_map(|d| d.ids.iter().map(String::as_str)),
    );
    let mut present = HashSet::new();
    for name in &names {
        ids_in(
            &super::parts::parts_dir(dir).join(name),
            &wanted,
            &mut present,
        );
    }
    present
}

/// Which of `wanted` (event ids) the part at `path` holds, read line by line (a part of any
/// size costs one line of memory).
fn ids_in(path: &Path, wanted: &HashSet<&str>, found: &mut HashSet<String>) {
    let Ok(Some(opened)) = crate::store::bounded::open(path, crate::store::bounded::PART) else {
        return;
    };
    let finder = memchr::memmem::Finder::new(b"\"id\":\"");
    let mut lines = super::lines::LineReader::new(opened.reader(1 << 16));
    while let Ok(Some(_)) = lines.next_line(true) {
        let line = lines.line();
        for at in finder.find_iter(line) {
            let from = at + 6;
            if let Some(len) = memchr::memchr(b'"', &line[from..])
                && let Ok(id) = std::str::from_utf8(&line[from..from + len])
                && wanted.contains(id)
            {
                found.insert(id.to_string());
            }
        }
    }
}

/// Keep in the outbox what git was just asked about (forget what git had, mark what it never
/// had as lost), and unmark lines found lost before that are back in a part now (judged again
/// if they go again). Commands let go whose events git has are forgotten. Nothing is written
/// when nothing changed.
fn remember(
    outbox: &Path,
    contents: &Contents,
    present: &HashSet<String>,
    committed: &super::parts::Committed,
) {
    let back: HashSet<&str> = contents
        .entries
        .iter()
        .filter(|e| (e.lost || e.stashed) && e.id().is_some_and(|id| present.contains(id)))
        .map(|e| e.line.as_str())
        .collect();
    // The lines judged now (a line recorded by another writer meanwhile is left alone).
    let asked: HashSet<&str> = contents
        .entries
        .iter()
        .filter(|e| !e.lost && e.id().is_some_and(|id| !present.contains(id)))
        .map(|e| e.line.as_str())
        .collect();
    let safe = |d: &Dropped| d.ids.iter().all(|id| committed.contains(id));
    if asked.is_empty() && back.is_empty() && !contents.dropped.iter().any(safe) {
        return;
    }
    let Some(_lock) = file::lock(outbox) else {
        return;
    };
    let mut now = file::read(outbox);
    // (What git has in its history was taken out on purpose; what it has in a stash only is
    // kept, marked, for the day the stash is popped and the line is thrown away again.)
    now.entries.retain(|e| {
        !(asked.contains(e.line.as_str())
            && e.id().is_some_and(|id| committed.history.contains(id)))
    });
    for e in &mut now.entries {
        if back.contains(e.line.as_str()) {
            e.lost = false;
            e.stashed = false;
        } else if asked.contains(e.line.as_str()) {
            // (Asked again while it is gone: a stash that held it may have been popped since.)
            let stashed = e.id().is_some_and(|id| committed.stashed.contains(id));
            e.lost = !stashed;
            e.stashed = stashed;
        }
    }
    now.dropped.retain(|d| !safe(d));
    file::rewrite(outbox, &now);
}

/// Forget the commands let go that a warning has now named as gone (said once).
pub fn forget_gone(dir: &Path, gone: &[Gone]) {
    let Some(outbox) = of(dir) else {
        return;
    };
    let Some(_lock) = file::lock(&outbox) else {
        return;
    };
    let mut now = file::read(&outbox);
    now.dropped
        .retain(|d| !gone.iter().any(|g| g.command == d.command));
    file::rewrite(&outbox, &now);
}

/// Record lines just written to `part` (still locked). `moved`: some of them were recorded
/// before (written back, or carried from another part): their older entries go. Lines the
/// commit `HEAD` names holds are let go first, once per commit; past the cap, the oldest
/// commands are let go, and the warnings say which.
pub fn record(dir: &Path, part: &Path, lines: &[u8], moved: bool) -> Vec<String> {
    let (Some(outbox), Some(name)) = (of(dir), part.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(lines);
    let written: Vec<Entry> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Entry {
            part: name.to_string(),
            line: l.to_string(),
            lost: false,
            stashed: false,
        })
        .collect();
    let Some(_lock) = file::lock(&outbox) else {
        return Vec::new();
    };
    let head = super::parts::head_commit(dir);
    let mut warnings = Vec::new();
    let size = if moved || (head.is_some() && file::head(&outbox) != head) {
        let mut contents = file::read(&outbox);
        if head.is_some() && contents.head != head {
            prune::committed(dir, &mut contents);
            contents.head = head;
        }
        let lines: HashSet<&str> = written.iter().map(|e| e.line.as_str()).collect();
        contents
            .entries
            .retain(|e| !lines.contains(e.line.as_str()));
        contents.entries.extend(written);
        warnings = prune::cap(&mut contents);
        file::rewrite(&outbox, &contents);
        None
    } else {
        file::append(&outbox, &written)
    };
    if size.is_some_and(|s| s > crate::store::bounded::OUTBOX_CAP) {
        let mut contents = file::read(&outbox);
        warnings = prune::cap(&mut contents);
        file::rewrite(&outbox, &contents);
    }
    watch::update(
        &file::watch_path(&outbox),
        &super::parts::parts_dir(dir),
        name,
    );
    warnings
}
