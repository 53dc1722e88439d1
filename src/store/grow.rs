//! The first command after a pull: the snapshot grown by the parts the pull brought, read
//! alone, rather than the whole journal replayed. A pull (a merge, a fast-forward) only adds
//! parts — committed parts never change, and a fold is a pull that also deletes, which this
//! does not take — so when every part the snapshot was made from is there as it was, the new
//! parts' events, if they all come after the snapshot's last event in the replay order, give
//! the state a full replay would. Anything else (an event placed earlier, an added item, a
//! catalog switch, a torn or damaged part) is left to the full read.

use std::path::{Path, PathBuf};

use super::fileid::FileId;
use super::files::FileStore;
use super::record::Seen;
use super::{Loaded, journal, snapshot};

impl FileStore {
    /// What a snapshot is checked against, with `ids` the parts as they are now.
    pub(super) fn now<'a>(&'a self, ids: &'a [(String, FileId)]) -> snapshot::Now<'a> {
        snapshot::Now {
            catalog_override: self.catalog_override.as_deref(),
            journal: FileId::at(&self.journal_path()),
            parts: ids,
        }
    }

    /// The state from the snapshot and the parts added since, when that is the state (see the
    /// module); None when the journal must be read.
    pub(super) fn grown(
        &self,
        parts: &[PathBuf],
        ids: &[(String, FileId)],
    ) -> anyhow::Result<Option<Loaded>> {
        let Some(place) = self.snapshots.as_ref() else {
            return Ok(None);
        };
        let Some((mut key, mut state, added)) =
            snapshot::load_grown(place, &self.dir, &self.now(ids))
        else {
            return Ok(None);
        };
        let mut events = Vec::new();
        for name in &added {
            let Some(path) = parts.iter().find(|p| file_name(p) == Some(name)) else {
                return Ok(None);
            };
            let one = journal::read_file(path)?;
            // (A part that changed since it was looked at is read the full way.)
            let same = one
                .file
                .filter(|f| ids.iter().any(|(n, id)| n == name && id == f));
            let Some(id) = same.filter(|_| one.torn.is_none() && one.unfinished == 0) else {
                return Ok(None);
            };
            events.extend(one.events);
            key = key.with_part(name, id);
        }
        crate::model::event::order(&mut events);
        if crate::model::event::made_up_clock(&events).is_some() || !state.extend(&events) {
            return Ok(None);
        }
        snapshot::store(place, &key, &state);
        Ok(Some(Loaded {
            state,
            warnings: Vec::new(),
            basis: Seen::basis(Some(key), Vec::new()),
        }))
    }
}

fn file_name(p: &Path) -> Option<&str> {
    p.file_name().and_then(|n| n.to_str())
}
