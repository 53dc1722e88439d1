//! The history of one item, read without keeping the rest of the journal.

use super::files::FileStore;
use super::journal;
use crate::model::event::Event;
use crate::model::state::Engagement;

impl FileStore {
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
            && journal::outbox::missing(&self.dir).lines.is_empty();
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
}
