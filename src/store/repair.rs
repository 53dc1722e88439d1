//! `doctor --fix`: what ftrack can fix itself. Lines that share an event id with the line that
//! counts but differ from it (a hand edit, a bad merge) are deleted from their files (the one
//! that counts stays, so what the tracker shows does not change); journal files this machine
//! saw cut short outside git, with no copy to restore them from, are taken as they are now.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::files::FileStore;
use super::{bounded, guard, journal};
use crate::model::damage;
use crate::model::diagnose::located;

impl FileStore {
    pub(super) fn repaired(&self) -> anyhow::Result<Vec<String>> {
        guard::check_tracker(&self.dir)?;
        journal::git::wait_for_git(&self.dir)?;
        let mut done = Vec::new();
        let inspection = self.inspection();
        let cut: Vec<PathBuf> = inspection
            .damage
            .iter()
            .filter(|d| d.remains())
            .map(|d| d.path().to_path_buf())
            .collect();
        let (_, differ) = damage::shared(&located(&inspection));
        let mut by_file: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
        for lines in &differ {
            for c in &lines[1..] {
                by_file
                    .entry(c.path.to_path_buf())
                    .or_default()
                    .push((c.line, c.event.id.clone()));
            }
        }
        for (path, lines) in by_file {
            let bound = match path == self.journal_path() {
                true => bounded::JOURNAL,
                false => bounded::PART,
            };
            let Some(n) = journal::restore::delete_lines(&path, &lines, bound) else {
                continue;
            };
            journal::stage::stage(&self.dir, &path);
            let numbers: Vec<String> = lines.iter().map(|(l, _)| l.to_string()).collect();
            done.push(format!(
                "{}: deleted {n} line(s) ({}) that shared an event id with the line that counts",
                path.display(),
                numbers.join(", ")
            ));
        }
        self.accept_as_they_are();
        done.extend(cut.iter().map(|p| {
            format!(
                "{}: taken as it is now (the events it lost are not counted)",
                p.display()
            )
        }));
        Ok(done)
    }
}
