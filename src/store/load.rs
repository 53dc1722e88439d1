//! Loading a tracker: from the snapshot when it is current, else by streaming or replaying the
//! journal (`journal.jsonl`, its parts and any sync conflict copies), and the history of one
//! item read without keeping the rest of the journal.

use std::path::{Path, PathBuf};

use super::fileid::FileId;
use super::files::FileStore;
use super::record::Seen;
use super::{Backend, Loaded, guard, journal, snapshot};
use crate::error::{Kind, UserError};
use crate::model::catalog::Source;
use crate::model::event::{Event, Op};
use crate::model::state::{Engagement, InOrder};

/// What the full replay read besides the events: whether the state may be cached (and under
/// which files' identities), the parts to mend, and what to tell the user.
#[derive(Default)]
struct Read {
    /// Each part's name and identity, None when one cannot be described (then not cached).
    part_ids: Option<Vec<(String, FileId)>>,
    repair: Vec<PathBuf>,
    warnings: Vec<String>,
}

impl FileStore {
    /// The state (with every event when `full`): from the snapshot when it is current (nothing
    /// changed since this clone last read the files), else the files are looked at (`verify`:
    /// put back what git has of one cut short; `outbox`: lines git threw away) and read — by a
    /// streaming pass when nothing stands in the way, else whole.
    pub(super) fn read(&self, full: bool) -> anyhow::Result<Loaded> {
        let copies: Vec<PathBuf> = journal::conflict_copies(&self.dir)
            .into_iter()
            .filter(|p| !guard::is_link(p))
            .collect();
        let parts: Vec<PathBuf> = journal::parts::list(&self.dir);
        self.refuse_parts_without_journal(&parts)?;
        let mut warnings: Vec<String> = match self.glance {
            true => Vec::new(),
            false => journal::parts::stage_left_out(&self.dir)
                .map(|p| left_out(&p))
                .into_iter()
                .collect(),
        };
        let quick = !full && copies.is_empty();
        let mut loaded = match quick.then(|| self.cached()).flatten() {
            Some(loaded) => loaded,
            None => {
                let damage = match self.glance {
                    true => Vec::new(),
                    false => self.verify(&parts),
                };
                warnings.extend(damage.iter().map(|d| d.warning()));
                // (Not cached while a file is cut: every command says so until it is fixed.)
                let cache = !damage.iter().any(|d| d.remains());
                let missing = match self.glance {
                    true => Default::default(),
                    false => journal::outbox::missing(&self.dir),
                };
                if !missing.gone.is_empty() {
                    warnings.push(gone(&self.dir, &missing.gone));
                    journal::outbox::forget_gone(&self.dir, &missing.gone);
                }
                let streamed = match quick && missing.lines.is_empty() {
                    true => self.stream_quickly(&parts, cache)?,
                    false => None,
                };
                match streamed {
                    Some(loaded) => loaded,
                    None => self.replay(&parts, &copies, &missing.lines, cache)?,
                }
            }
        };
        warnings.append(&mut loaded.warnings);
        loaded.warnings = warnings;
        Ok(loaded)
    }

    /// Parts without their `journal.jsonl` (a git operation deleted it): nothing is read, so
    /// that nothing is written beside them.
    fn refuse_parts_without_journal(&self, parts: &[PathBuf]) -> anyhow::Result<()> {
        let journal_path = self.journal_path();
        if parts.is_empty() || std::fs::symlink_metadata(&journal_path).is_ok() {
            return Ok(());
        }
        Err(UserError::new(
            Kind::Journal,
            format!(
                "{} is missing, but {} holds {} part(s) of its journal",
                journal_path.display(),
                journal::parts::parts_dir(&self.dir).display(),
                parts.len()
            ),
            "restore it (`git checkout -- .ftrack/journal.jsonl`, or `git status` shows what deleted it); nothing is written until then",
        )
        .into())
    }

    /// The state from the snapshot, when it is current.
    fn cached(&self) -> Option<Loaded> {
        let place = self.snapshots.as_ref()?;
        let (key, state) = snapshot::load(
            place,
            &self.dir,
            self.catalog_override.as_deref(),
            FileId::at(&self.journal_path()),
        )?;
        Some(Loaded {
            state,
            warnings: Vec::new(),
            basis: Seen::basis(Some(key), Vec::new()),
        })
    }

    /// The state from a streaming pass (which stores a snapshot); None when the journal must be
    /// read whole.
    fn stream_quickly(&self, parts: &[PathBuf], cache: bool) -> anyhow::Result<Option<Loaded>> {
        let Some((state, merged)) = self.stream(parts)? else {
            return Ok(None);
        };
        let key = cache
            .then(|| self.remember(&state, merged.journal, merged.parts))
            .flatten();
        Ok(Some(Loaded {
            state,
            warnings: Vec::new(),
            basis: Seen::basis(key, Vec::new()),
        }))
    }

    /// Every file of the journal read whole and replayed: `journal.jsonl`, the parts, the sync
    /// conflict copies, and lines the outbox holds that git threw away. Cached only when the
    /// files held still and nothing in them needs a word.
    fn replay(
        &self,
        parts: &[PathBuf],
        copies: &[PathBuf],
        lost: &[String],
        cache: bool,
    ) -> anyhow::Result<Loaded> {
        let mut journal = journal::read(&self.dir)?;
        let mut read = Read {
            part_ids: Some(Vec::new()),
            ..Read::default()
        };
        for part in parts {
            read_part(part, &mut journal.events, &mut read)?;
        }
        for copy in copies {
            read_copy(copy, &mut journal, &mut read.warnings)?;
        }
        if !lost.is_empty() {
            self.read_lost(lost, &mut journal, &mut read.warnings)?;
        }
        let journal_path = self.journal_path();
        ends(&journal_path, &journal, &mut read.warnings);
        // Not cached: every command says so until the line is gone.
        let made_up = self.made_up_clock(&journal.events, &mut read.warnings);
        let recorded = crate::model::event::recorded_catalog(&journal.events);
        let catalog = self.catalog(recorded.as_deref())?;
        let state = Engagement::replay(catalog, journal.events);
        // Cache only a state read from a journal that held still and had no torn tail.
        let still = cache
            && journal.torn.is_none()
            && !made_up
            && journal.unfinished == 0
            && copies.is_empty()
            && lost.is_empty();
        let snapshot = still
            .then(|| self.remember(&state, journal.file, read.part_ids))
            .flatten();
        Ok(Loaded {
            state,
            warnings: read.warnings,
            basis: Seen::basis(snapshot, read.repair),
        })
    }

    /// Lines ftrack wrote that are no longer in the journal's files (a git pull, stash or reset
    /// threw them away during a write): counted, and written back by the next change.
    fn read_lost(
        &self,
        lost: &[String],
        journal: &mut journal::Journal,
        warnings: &mut Vec<String>,
    ) -> anyhow::Result<()> {
        let text = lost.join("\n") + "\n";
        let back = journal::parse(text.as_bytes(), &self.journal_path())?;
        warnings.push(format!(
            "{}: {} event(s) that ftrack wrote are no longer in the journal's files (a git pull, stash or reset threw them away during a write); they are counted, and the next change writes them back",
            self.dir.display(),
            back.events.len()
        ));
        journal.events.extend(back.events);
        journal.file = None;
        Ok(())
    }

    /// Whether an event carries a clock no real journal reaches (then a warning says so).
    fn made_up_clock(&self, events: &[Event], warnings: &mut Vec<String>) -> bool {
        let Some(e) = crate::model::event::made_up_clock(events) else {
            return false;
        };
        warnings.push(format!(
            "{}: event {} carries clock {}, far more than any real journal reaches: if nobody made it on purpose, the line was made up, and ftrack can write only {} more event(s) after it; `ftrack doctor` names it",
            self.dir.display(),
            e.id,
            e.clock,
            crate::model::event::MAX_CLOCK.saturating_sub(e.clock)
        ));
        true
    }

    /// A state-only replay that streams the journal (`journal.jsonl` and its parts, merged in
    /// replay order) without keeping its events: the memory of a million-event journal is then
    /// that of its state. None when the journal is not in replay order or has a torn tail: the
    /// caller replays in full.
    fn stream(&self, parts: &[PathBuf]) -> anyhow::Result<Option<(Engagement, journal::Merged)>> {
        // The catalog comes from the first event (`init`); a later init naming another catalog
        // (two trackers merged) sends us to the full replay, which takes the last one.
        let mut state: Option<Engagement> = None;
        let mut chosen: Option<Option<String>> = None;
        let mut failed = None;
        let mut seen = InOrder::default();
        let streamed = journal::read_merged(&self.dir, parts, &mut |e| {
            let recorded = (e.op == Op::Init).then(|| e.catalog.clone()).flatten();
            match &chosen {
                None => chosen = Some(recorded),
                Some(c) if recorded.is_some() && recorded != *c => return false,
                Some(_) => {}
            }
            if state.is_none() {
                match self.catalog(chosen.as_ref().and_then(|c| c.as_deref())) {
                    Ok(catalog) => state = Some(Engagement::new(catalog)),
                    Err(err) => {
                        failed = Some(err);
                        return false;
                    }
                }
            }
            state
                .as_mut()
                .is_some_and(|t| t.push_in_order(&e, &mut seen))
        })?;
        if let Some(err) = failed {
            return Err(err);
        }
        let Some(merged) = streamed.filter(|_| seen.finished()) else {
            return Ok(None);
        };
        let state = match state {
            Some(t) => t,
            None => Engagement::new(self.catalog(None)?),
        };
        Ok(Some((state, merged)))
    }

    /// Store a freshly replayed state in the snapshot cache; its key, for `record`.
    fn remember(
        &self,
        t: &Engagement,
        journal: Option<FileId>,
        parts: Option<Vec<(String, FileId)>>,
    ) -> Option<snapshot::Key> {
        let place = self.snapshots.as_ref()?;
        let parts = parts?;
        let catalog_file = match &t.catalog.source {
            Source::File(p) => Some(p.as_path()),
            Source::Embedded => None,
        };
        if journal.is_none() && self.exists() {
            return None;
        }
        let key = snapshot::Key::new(
            place,
            &self.dir,
            self.catalog_override.as_deref(),
            catalog_file,
            journal,
            parts,
        )?;
        snapshot::store(place, &key, t);
        Some(key)
    }
}

/// One part (each clone's appends since a commit) read whole into `events`: a torn or
/// unfinished end is ignored with a warning, and mended by the next change.
fn read_part(part: &Path, events: &mut Vec<Event>, read: &mut Read) -> anyhow::Result<()> {
    let mut one = journal::read_file(part)?;
    ends(part, &one, &mut read.warnings);
    if one.torn.is_some() || one.unfinished > 0 {
        // Not cached: every command until the next change says so, and that change must know
        // which part to mend.
        read.repair.push(part.to_path_buf());
        read.part_ids = None;
    }
    match (
        one.file,
        part.file_name().and_then(|n| n.to_str()),
        &mut read.part_ids,
    ) {
        (Some(id), Some(name), Some(ids)) => ids.push((name.to_string(), id)),
        _ => read.part_ids = None,
    }
    events.append(&mut one.events);
    Ok(())
}

/// A sync tool's conflict copy: another machine's appends that could not be merged into
/// journal.jsonl. Its events count; duplicates of ours count once.
fn read_copy(
    copy: &Path,
    journal: &mut journal::Journal,
    warnings: &mut Vec<String>,
) -> anyhow::Result<()> {
    let other = journal::read_file(copy)?;
    warnings.push(format!(
        "{}: a sync conflict copy of the journal; its {} event(s) are read with journal.jsonl (`ftrack doctor` says how to tidy up)",
        copy.display(),
        other.events.len()
    ));
    journal.events.extend(other.events);
    journal.file = None;
    Ok(())
}

/// The warning for a part a command was interrupted before staging, staged now.
fn left_out(part: &Path) -> String {
    format!(
        "{}: a command was interrupted before it could add this part to git; ftrack added it now (`git add`), so that `git commit -a` takes it",
        part.display()
    )
}

/// The warning for commands a git operation threw away that the outbox no longer held (it
/// keeps 64 MiB of commands not yet in a commit): they cannot be written back.
fn gone(dir: &Path, gone: &[journal::outbox::Gone]) -> String {
    let events: usize = gone.iter().map(|g| g.events).sum();
    let ids: Vec<&str> = gone.iter().map(|g| g.command.as_str()).collect();
    format!(
        "{}: a git operation threw away {} command(s) ({events} event(s)) that were in no commit and that ftrack could no longer write back (it keeps 64 MiB of commands not yet in a commit): {}; run them again",
        dir.display(),
        gone.len(),
        ids.join(", ")
    )
}

/// The warnings a torn last line or a cut-off command at the end of a journal file earns.
fn ends(path: &Path, file: &journal::Journal, warnings: &mut Vec<String>) {
    if let Some((line, _)) = file.torn.as_ref() {
        warnings.push(format!(
            "{}:{line}: the last line is incomplete (an interrupted write); it is ignored and will be moved to {} on the next change",
            path.display(),
            journal::TORN
        ));
    }
    if file.unfinished > 0 {
        warnings.push(format!(
            "{}: the last command's write was cut off: its {} recorded event(s) are ignored (all or nothing) and will be moved to {} on the next change; run that command again",
            path.display(),
            file.unfinished,
            journal::TORN
        ));
    }
}
