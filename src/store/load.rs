//! Loading a tracker: from the snapshot when it is current, else by streaming or replaying the
//! journal (`journal.jsonl`, its parts and any sync conflict copies), and the history of one
//! item read without keeping the rest of the journal.

use std::path::PathBuf;

use super::fileid::FileId;
use super::{Loaded, Store, guard, journal, snapshot};
use crate::error::{Kind, UserError};
use crate::model::catalog::Source;
use crate::model::event::{Event, Op};
use crate::model::state::{Engagement, InOrder};

impl Store {
    pub(super) fn read(&self, full: bool) -> anyhow::Result<Loaded> {
        let journal_path = self.journal_path();
        let override_ = self.catalog_override.as_deref();
        let copies: Vec<PathBuf> = journal::conflict_copies(&self.dir)
            .into_iter()
            .filter(|p| !guard::is_link(p))
            .collect();
        let parts: Vec<PathBuf> = journal::parts::list(&self.dir);
        if !parts.is_empty() && std::fs::symlink_metadata(&journal_path).is_err() {
            return Err(UserError::new(
                Kind::Journal,
                format!(
                    "{} is missing, but {} holds {} part(s) of its journal",
                    journal_path.display(),
                    journal::parts::parts_dir(&self.dir).display(),
                    parts.len()
                ),
                "restore it (`git checkout -- .ftrack/journal.jsonl`, or `git status` shows what deleted it); nothing is written until then",
            )
            .into());
        }
        let lost = journal::outbox::missing(&self.dir);
        if !full
            && copies.is_empty()
            && lost.is_empty()
            && let Some(place) = &self.snapshots
            && let Some((key, state)) =
                snapshot::load(place, &self.dir, override_, FileId::at(&journal_path))
        {
            return Ok(Loaded {
                state,
                warnings: Vec::new(),
                snapshot: Some(key),
                repair: Vec::new(),
            });
        }
        if !full
            && copies.is_empty()
            && lost.is_empty()
            && let Some((state, merged)) = self.stream(&parts)?
        {
            let snapshot = self.remember(&state, merged.journal, merged.parts);
            return Ok(Loaded {
                state,
                warnings: Vec::new(),
                snapshot,
                repair: Vec::new(),
            });
        }
        let mut journal = journal::read(&self.dir)?;
        let mut warnings = Vec::new();
        // The parts of a git work tree: each clone's appends since a commit.
        let mut part_ids = Some(Vec::new());
        let mut repair = Vec::new();
        for part in &parts {
            let mut one = journal::read_file(part)?;
            if let Some((line, _)) = one.torn.as_ref() {
                warnings.push(format!(
                    "{}:{line}: the last line is incomplete (an interrupted write); it is ignored and will be moved to {} on the next change",
                    part.display(),
                    journal::TORN
                ));
            }
            if one.unfinished > 0 {
                warnings.push(format!(
                    "{}: the last command's write was cut off: its {} recorded event(s) are ignored (all or nothing) and will be moved to {} on the next change; run that command again",
                    part.display(),
                    one.unfinished,
                    journal::TORN
                ));
            }
            if one.torn.is_some() || one.unfinished > 0 {
                // Not cached: every command until the next change says so, and that change
                // must know which part to mend.
                repair.push(part.clone());
                part_ids = None;
            }
            match (
                one.file,
                part.file_name().and_then(|n| n.to_str()),
                &mut part_ids,
            ) {
                (Some(id), Some(name), Some(ids)) => ids.push((name.to_string(), id)),
                _ => part_ids = None,
            }
            journal.events.append(&mut one.events);
        }
        for copy in &copies {
            // A sync tool's conflict copy: another machine's appends that could not be merged
            // into journal.jsonl. Its events count; duplicates of ours count once.
            let other = journal::read_file(copy)?;
            warnings.push(format!(
                "{}: a sync conflict copy of the journal; its {} event(s) are read with journal.jsonl (`ftrack doctor` says how to tidy up)",
                copy.display(),
                other.events.len()
            ));
            journal.events.extend(other.events);
            journal.file = None;
        }
        if !lost.is_empty() {
            let text = lost.join("\n") + "\n";
            let back = journal::parse(text.as_bytes(), &journal_path)?;
            warnings.push(format!(
                "{}: {} event(s) that ftrack wrote are no longer in the journal's files (a git pull, stash or reset threw them away during a write); they are counted, and the next change writes them back",
                self.dir.display(),
                back.events.len()
            ));
            journal.events.extend(back.events);
            journal.file = None;
        }
        if let Some((line, _)) = journal.torn.as_ref() {
            warnings.push(format!(
                "{}:{line}: the last line is incomplete (an interrupted write); it is ignored and will be moved to {} on the next change",
                journal_path.display(),
                journal::TORN
            ));
        }
        if journal.unfinished > 0 {
            warnings.push(format!(
                "{}: the last command's write was cut off: its {} recorded event(s) are ignored (all or nothing) and will be moved to {} on the next change; run that command again",
                journal_path.display(),
                journal.unfinished,
                journal::TORN
            ));
        }
        // Not cached: every command says so until the line is gone.
        let made_up = crate::model::event::made_up_clock(&journal.events).is_some();
        if let Some(e) = crate::model::event::made_up_clock(&journal.events) {
            warnings.push(format!(
                "{}: event {} carries clock {}, far more than any real journal reaches: if nobody made it on purpose, the line was made up, and ftrack can write only {} more event(s) after it; `ftrack doctor` names it",
                self.dir.display(),
                e.id,
                e.clock,
                crate::model::event::MAX_CLOCK.saturating_sub(e.clock)
            ));
        }
        let recorded = crate::model::event::recorded_catalog(&journal.events);
        let catalog = self.catalog(recorded.as_deref())?;
        let state = Engagement::replay(catalog, journal.events);
        // Cache only a state read from a journal that held still and had no torn tail.
        let snapshot = if journal.torn.is_none()
            && !made_up
            && journal.unfinished == 0
            && copies.is_empty()
            && lost.is_empty()
        {
            self.remember(&state, journal.file, part_ids)
        } else {
            None
        };
        Ok(Loaded {
            state,
            warnings,
            snapshot,
            repair,
        })
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
    pub fn history(&self, t: &Engagement, idx: usize) -> anyhow::Result<Vec<Event>> {
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
