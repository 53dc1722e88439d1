//! `inspect`: everything `doctor` judges, read leniently from the tracker's files (every line
//! of every journal file, the links, the parts git does not track, the conflict copies, the
//! catalog, the git attributes) into the model's `Inspection`. Nothing is judged here.

use std::path::Path;

use super::files::FileStore;
use super::{guard, journal};
use crate::error::UserError;
use crate::model::diagnose::{FileRead, Inspection, Trouble};
use crate::model::event::Event;

impl FileStore {
    /// What the tracker's files hold, valid or not, and the facts around them.
    pub(super) fn inspection(&self) -> Inspection {
        // (As a load does: a file git has that was cut short gets its lines back first.)
        let damage = self.verify(&journal::parts::list(&self.dir));
        let journal = read(&self.journal_path(), true);
        let links = guard::symlinked_internal(&self.dir)
            .into_iter()
            .map(|link| {
                let target = std::fs::read_link(&link)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                (link, target)
            })
            .collect();
        let parts: Vec<FileRead> = journal::parts::list(&self.dir)
            .iter()
            .map(|p| read(p, false))
            .collect();
        let copies: Vec<FileRead> = journal::conflict_copies(&self.dir)
            .iter()
            // Reported with the tracker's other links; never read.
            .filter(|c| !guard::is_link(c))
            .map(|c| read(c, false))
            .collect();
        let catalog = self.catalog_of(std::iter::once(&journal).chain(&parts).chain(&copies));
        Inspection {
            set_aside: self.torn_file(),
            links,
            parts_dir: journal::parts::parts_dir(&self.dir),
            // (An empty one holds nothing to lose: a command killed before its first line.)
            untracked: journal::parts::untracked(&self.dir)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
                .collect(),
            union_merge_missing: super::paths::in_git_work_tree(&self.dir)
                && !self.has_union_merge(!parts.is_empty()),
            journal,
            parts,
            copies,
            catalog,
            damage,
        }
    }

    /// The catalog the events of every file read record (as a replay would choose it), or why
    /// it cannot be read.
    fn catalog_of<'a>(
        &self,
        files: impl Iterator<Item = &'a FileRead>,
    ) -> Result<crate::model::catalog::Catalog, Trouble> {
        let events: Vec<Event> = files
            .filter_map(|f| f.read.as_ref().ok())
            .flat_map(|s| s.events.iter().cloned())
            .collect();
        let recorded = crate::model::event::recorded_catalog(&events);
        self.catalog(recorded.as_deref()).map_err(|e| {
            let (message, hint) = match e.downcast_ref::<UserError>() {
                Some(u) => (u.message.clone(), u.hint.clone()),
                None => (
                    format!("{e:#}"),
                    "check the catalog file named and its permissions".to_string(),
                ),
            };
            Trouble { message, hint }
        })
    }
}

/// One journal file read leniently (`link_ok`: it may be reached through a link, which the
/// guard reports: `journal.jsonl`), or why it cannot be read at all.
fn read(path: &Path, link_ok: bool) -> FileRead {
    let read = match journal::scan_file(path, link_ok) {
        Ok(scan) => Ok(scan.into_model()),
        Err(e) => {
            let (message, hint, _) = crate::error::explain(&e);
            Err(Trouble { message, hint })
        }
    };
    FileRead {
        path: path.to_path_buf(),
        read,
    }
}
