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
    /// The state (with every event when `full`): from the snapshot or a streaming pass when
    /// nothing stands in the way, else by reading every file of the journal whole.
    pub(super) fn read(&self, full: bool) -> anyhow::Result<Loaded> {
        let copies: Vec<PathBuf> = journal::conflict_copies(&self.dir)
            .into_iter()
            .filter(|p| !guard::is_link(p))
            .collect();
        let parts: Vec<PathBuf> = journal::parts::list(&self.dir);
        self.refuse_parts_without_journal(&parts)?;
        let lost = journal::outbox::missing(&self.dir);
        if !full
            && copies.is_empty()
            && lost.is_empty()
            && let Some(loaded) = self.read_quickly(&parts)?
        {
            return Ok(loaded);
        }
        self.replay(&parts, &copies, &lost)
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

    /// The state from the snapshot when it is current, else from a streaming pass (which
    /// stores a snapshot); None when the journal must be read whole.
    fn read_quickly(&self, parts: &[PathBuf]) -> anyhow::Result<Option<Loaded>> {
        let loaded = |state, key| Loaded {
            state,
            warnings: Vec::new(),
            basis: Seen::basis(key, Vec::new()),
        };
        if let Some(place) = &self.snapshots
            && let Some((key, state)) = snapshot::load(
                place,
                &self.dir,
                self.catalog_override.as_deref(),
                FileId::at(&self.journal_path()),
            )
        {
            return Ok(Some(loaded(state, Some(key))));
        }
        let Some((state, merged)) = self.stream(parts)? else {
            return Ok(None);
        };
        let key = self.remember(&state, merged.journal, merged.parts);
        Ok(Some(loaded(state, key)))
    }

    /// Every file of the journal read whole and replayed: `journal.jsonl`, the parts, the sync
    /// conflict copies, and lines the outbox holds that git threw away. Cached only when the
    /// files held still and nothing in them needs a word.
    fn replay(
        &self,
        parts: &[PathBuf],
        copies: &[PathBuf],
        lost: &[String],
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
        let still = journal.torn.is_none()
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

    /// The events about one task, in replay order, read without keeping the rest of the journal.
    pub(super) fn history(&self, t: &Engagement, idx: usize) -> anyhow::Result<Vec<Event>> {
        // Only lines naming the task (its id, an alias, or the add that created it) can be
        // about it: the others are not even parsed.
        let task = t.catalog.task(idx);
        let mut needles: Vec<&str> = vec![task.id.as_str()];
        needles.extend(task.aliases.iter().map(String::as_str));
        needles.extend(task.added.as_ref().map(|a| a.event.as_str()));
        needles.extend(task.added.as_ref().and_then(|a| a.asked.as_deref()));
        let mut events = Vec::new();
        // Only journal.jsonl and the parts are searched: with a sync conflict copy or lines
        // the outbox holds, or a torn end, the history comes from a whole load (which reads
        // them all, and waits for a writer in progress).
        let quick = journal::conflict_copies(&self.dir).is_empty()
            && journal::outbox::missing(&self.dir).is_empty();
        let streamed = if quick {
            journal::read_matching(&self.dir, &needles, &mut |e| {
                if t.is_about(&e, idx) {
                    events.push(e);
                }
                true
            })?
        } else {
            None
        };
        if streamed.is_none() {
            let all = self.read(true)?.state.events;
            let commands = crate::model::event::check_commands(&all);
            let mut events: Vec<Event> = all
                .into_iter()
                .filter(|e| t.is_about(e, idx) && commands.counts(e))
                .collect();
            crate::model::event::order(&mut events);
            return Ok(events);
        }
        crate::model::event::order(&mut events);
        // Events of a command that does not count (cut off, or a line that lies about its
        // command) are left out, as the replay leaves them out: judged on all of the
        // command's events, which may be about other items.
        let cmds: Vec<String> = events.iter().filter_map(|e| e.cmd.clone()).collect();
        if !cmds.is_empty() {
            let needles: Vec<&str> = cmds.iter().map(String::as_str).collect();
            let mut group = Vec::new();
            journal::read_matching(&self.dir, &needles, &mut |e| {
                if e.cmd.as_ref().is_some_and(|c| cmds.contains(c)) {
                    group.push(e);
                }
                true
            })?;
            let commands = crate::model::event::check_commands(&group);
            events.retain(|e| commands.counts(e));
        }
        Ok(events)
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
