//! A part this clone knew that is gone from the work tree while git's index still has it: it
//! was deleted outside git (`rm`, a file manager, a sync tool) — not by git, which takes a file
//! out of the index when it deletes it (a pull, a reset, a revert, a checkout), nor by ftrack,
//! which takes a folded part out of the index before deleting it. Left alone, the next `git
//! commit -a` would take the deletion, and the part's events would be gone for the whole team;
//! so git's copy is put back, with one warning (`git rm` the part to take its events out on
//! purpose).

use std::path::PathBuf;

use crate::model::damage::Damage;
use crate::store::files::FileStore;
use crate::store::journal::{self, blobs};

impl FileStore {
    /// Put back, from git's index, each of the parts `names` (`journal.d/<name>`, gone from the
    /// work tree) that the index still has.
    pub(super) fn put_back_deleted(&self, names: &[String]) -> Vec<Damage> {
        let prefix = format!("{}/", journal::parts::PARTS);
        let real = journal::stage::as_git_sees(&journal::parts::parts_dir(&self.dir));
        let gone: Vec<(PathBuf, PathBuf)> = names
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix))
            .map(|n| (journal::parts::parts_dir(&self.dir).join(n), real.join(n)))
            .collect();
        if gone.is_empty() {
            return Vec::new();
        }
        let asked: Vec<PathBuf> = gone.iter().map(|(_, r)| r.clone()).collect();
        let Some(copies) = blobs::read(&self.dir, &asked, blobs::Version::Index, super::LARGEST)
        else {
            return Vec::new();
        };
        let mut damage = Vec::new();
        for ((path, _), copy) in gone.into_iter().zip(copies) {
            let Some(copy) = copy else { continue };
            // (Never over a file that came back meanwhile, nor through a link.)
            if std::fs::symlink_metadata(&path).is_ok()
                || crate::store::atomic::write_durably(&path, &copy).is_err()
            {
                continue;
            }
            let (_, ids) = journal::restore::counted(&copy);
            damage.push(Damage::Deleted {
                path,
                events: ids.len(),
            });
        }
        damage
    }
}
