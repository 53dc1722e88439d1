//! Recording a command's events: the append (all or none, see `journal::append`), then the
//! snapshot kept current from what the load saw, so that the next command need not replay.

use std::path::PathBuf;

use super::files::FileStore;
use super::journal::{self, Appended};
use super::{Basis, Loaded, Recorded, snapshot};
use crate::model::event::Event;
use crate::model::state::Engagement;

/// The journal in files' side of the load→record handshake (`Basis`).
pub(super) struct Seen {
    /// The snapshot key the state was read or stored under (None: it is not cached).
    pub(super) snapshot: Option<snapshot::Key>,
    /// Parts whose end an interrupted write left torn or unfinished: the next change sets it
    /// aside, as it does for journal.jsonl.
    pub(super) repair: Vec<PathBuf>,
}

impl Seen {
    pub(super) fn basis(snapshot: Option<snapshot::Key>, repair: Vec<PathBuf>) -> Basis {
        Basis::new(Seen { snapshot, repair })
    }
}

impl FileStore {
    /// Append events decided on `loaded`; when nobody else wrote in between, the snapshot is
    /// brought up to date with them.
    pub(super) fn append(&self, loaded: Loaded, events: &[Event]) -> anyhow::Result<Recorded> {
        let Loaded { state, basis, .. } = loaded;
        let seen = basis.take::<Seen>().ok_or_else(|| {
            anyhow::anyhow!("internal: events decided on a load of another kind of tracker")
        })?;
        // Stamped after everything visible and after this clone's own high-water clock, which
        // holds its events that are out of the work tree now (stashed, on another branch).
        let local = self.local();
        let high = local.as_ref().map_or(0, |l| l.clock());
        // (The command's one listing of the parts: the guard's links now, the fold's parts
        // after the write — the part it starts is never folded.)
        let listed = self.listing();
        let appended = journal::append(
            &self.dir,
            events,
            state.clock.max(high),
            &seen.repair,
            &listed.linked,
        );
        self.relist();
        let appended = appended?;
        if let Some(local) = &local {
            let written = appended.events.iter().map(|e| e.clock).max().unwrap_or(0);
            local.raise_clock(written.max(state.clock));
        }
        let warnings = appended.warnings.clone();
        self.note_append(&appended);
        // A new part (HEAD moved): the time to finish a fold this clone committed, or to fold
        // old parts together.
        let folded = match (&appended.part, appended.events.first()) {
            (Some(part), Some(first)) if appended.at == 0 && !appended.found => {
                journal::fold_finish::finish(&self.dir)
                    .or_else(|| journal::fold::fold(&self.dir, &listed.plain, part, first))
            }
            _ => None,
        };
        if let Some(into) = folded.as_ref().and_then(|f| f.into.as_deref()) {
            self.note_whole(into);
        }
        self.keep_snapshot(state, seen.snapshot, &appended, folded.as_ref());
        Ok(Recorded {
            warnings,
            ..Recorded::default()
        })
    }

    /// Store the state after the append under the key the files have now, if the append is
    /// all that changed since the load.
    fn keep_snapshot(
        &self,
        mut state: Engagement,
        key: Option<snapshot::Key>,
        appended: &Appended,
        folded: Option<&journal::fold::Folded>,
    ) {
        if let Some((place, key)) = self.snapshots.as_ref().zip(key)
            && appended.recovered == 0
            && !appended.found
            && let Some(next) = self.key_after(&key, appended)
            && let Some(next) = match folded {
                // (The fold holds the same events: the state is the same.)
                Some(f) => next.folded(f),
                None => Some(next),
            }
            && state.extend(&appended.events)
        {
            snapshot::store(place, &next, &state);
        }
        // A write ends the command: handing every string of a 10,000-item state back to the
        // allocator one by one cost a tenth of a `done` on a large tracker, and the process
        // exit returns the memory at once.
        std::mem::forget(state);
    }

    /// The key of the files after the append, when `key` held them as they were just before it.
    fn key_after(&self, key: &snapshot::Key, appended: &Appended) -> Option<snapshot::Key> {
        match &appended.part {
            None if appended.before.is_some() && key.journal == appended.before => {
                Some(key.with_journal(appended.after))
            }
            None => None,
            // A part: the key held it as it was before the write (or not at all, when the
            // write created it), and journal.jsonl has not changed since the load.
            Some(part) => {
                let name = part.file_name().and_then(|n| n.to_str()).unwrap_or("");
                // (A part this write created was empty before it.)
                let was = key.part(name).or(appended.before.filter(|b| b.size == 0));
                let journal = super::fileid::FileId::at(&self.journal_path());
                (was == appended.before && key.journal == journal)
                    .then_some(appended.after)
                    .flatten()
                    .map(|after| key.with_part(name, after))
            }
        }
    }
}
