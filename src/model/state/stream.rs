//! Replaying a journal as it is read (the fast path of a load): one event at a time, in the
//! order the file has them, for as long as that is the replay order; and extending a replayed
//! state with events recorded after it.

use super::Engagement;
use crate::model::event::{Event, Op, OrderKey};

/// What a streaming replay (`push_in_order`) keeps to know that the journal is in replay
/// order: the last key, the ids seen, and the command being read.
#[derive(Debug, Default)]
pub struct InOrder {
    prev: Option<OrderKey>,
    /// A keyed hash of every id seen (8 bytes an event, not the id): two ids that hash alike
    /// only send the caller to the full replay, as a real duplicate does.
    ids: std::collections::HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
    group: Option<(String, u32, u32)>,
    /// The largest clock streamed (a made-up one sends the caller to the full replay, which
    /// warns about it).
    max_clock: u64,
}

impl InOrder {
    /// Whether the stream ended cleanly: no command left with events missing.
    pub fn finished(&self) -> bool {
        self.group
            .as_ref()
            .is_none_or(|(_, have, want)| have >= want)
            && self.max_clock <= crate::model::event::SUSPICIOUS_CLOCK
    }
}

impl Engagement {
    /// Replay one more event of a journal read in order, without keeping it. The result is
    /// that of `replay` as long as this returns true; false means the journal is not in replay
    /// order (after a merge, say) or an item is added that earlier events already named, and
    /// the caller must `replay` the whole journal instead. `prev` is the key of the event
    /// before, kept by the caller.
    pub fn push_in_order(&mut self, e: &Event, seen: &mut InOrder) -> bool {
        if let Some(p) = seen.prev.as_ref() {
            // Out of order, or a key seen twice (the same line merged in twice, or two lines
            // with one id): the full replay decides.
            if e.order() <= (p.0, p.1, p.2, p.3.as_str()) {
                return false;
            }
        }
        if !seen
            .ids
            .insert(std::hash::BuildHasher::hash_one(&seen.hasher, &e.id))
        {
            return false;
        }
        seen.max_clock = seen.max_clock.max(e.clock);
        // A command's events must all be there, one after the other.
        // A command's events must all be there, one after the other, its first event first, all
        // agreeing on its size; anything else is for the full replay to judge.
        match (&e.cmd, &mut seen.group) {
            (Some(c), Some((g, have, want))) if c == g => {
                if e.n != *want || *have >= *want {
                    return false;
                }
                *have += 1;
            }
            (_, Some((_, have, want))) if *have < *want => return false,
            (Some(c), group) => {
                if *c != e.id {
                    return false;
                }
                *group = Some((c.clone(), 1, e.n));
            }
            (None, group) => *group = None,
        }
        seen.prev = Some(e.order_key());
        if e.op == Op::Add {
            // `replay` places every add before all other events; here that is the same unless
            // an earlier event named the id this add takes.
            if e.task
                .as_deref()
                .is_some_and(|id| self.orphans.contains_key(id))
            {
                return false;
            }
            self.place(e);
        } else {
            self.apply(e);
        }
        self.fold_burnup(e);
        true
    }

    /// Apply events recorded after everything replayed so far (their keys are greater than
    /// `last`, and none adds an item): the same state as replaying the whole journal again.
    /// Returns false, changing nothing, when that does not hold.
    pub fn extend(&mut self, events: &[Event]) -> bool {
        let mut prev = self.last.as_ref().map(|l| (l.0, l.1, l.2, l.3.as_str()));
        for e in events {
            let key = e.order();
            // An init that names a catalog switches catalogs (`catalog use`): replay anew.
            let switch = e.op == Op::Init && e.catalog.is_some();
            if e.op == Op::Add || switch || prev.is_some_and(|p| key <= p) {
                return false;
            }
            prev = Some(key);
        }
        for e in events {
            self.apply(e);
            self.fold_burnup(e);
        }
        true
    }

    /// Fold one event, applied last, into the weekly burn-up.
    fn fold_burnup(&mut self, e: &Event) {
        let mut burnup = std::mem::take(&mut self.burnup);
        burnup.fold(self, e);
        self.burnup = burnup;
    }
}
