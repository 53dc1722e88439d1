//! The report's derived facts, computed once for every format: what is due next by owner, the
//! weekly burn-up from the journal, and planned against actual. The status colour (RAG) is the
//! model's (`model::health`), shared with the portfolio.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use crate::model::event::Op;
use crate::model::state::{Engagement, MAX_WEEKS, Status, WeekCount, monday};
use crate::model::when::OffsetAt;

/// How far ahead "What is next" lists.
pub const NEXT_DAYS: u64 = 14;

/// Planned against actual: the target, the day of the advance that signed the phase off (its
/// local date, in the zone `offset_at` describes, as the target is a local date), and how many
/// days late (negative: early) it was signed off, or is already while open.
pub fn planned(
    t: &Engagement,
    phase: usize,
    today: NaiveDate,
    offset_at: OffsetAt,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<i64>) {
    let target = t.targets.get(&phase).copied();
    let actual = crate::model::gate::signed_off(t, phase)
        .map(|e| e.at.with_timezone(&offset_at(e.at)).date_naive());
    let late = target.and_then(|tg| match actual {
        Some(a) => Some((a - tg).num_days()),
        None if today > tg => Some((today - tg).num_days()),
        None => None,
    });
    (target, actual, late)
}

/// Items due within `NEXT_DAYS` or overdue, for one owner.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OwnerGroup {
    /// null: nobody is assigned.
    pub owner: Option<String>,
    /// The owner's items, by due date then id.
    pub items: Vec<NextItem>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextItem {
    /// The item's id.
    pub id: String,
    /// The short title.
    pub title: String,
    /// The phase the item belongs to.
    pub phase: String,
    /// Whether the item gates its phase.
    pub required: bool,
    /// The due date, YYYY-MM-DD.
    pub due: String,
    /// True when past its due date.
    pub overdue: bool,
    /// Days from today to the due date (negative when overdue).
    pub days: i64,
}

/// Outstanding items of the selected phases due within `NEXT_DAYS` or overdue, grouped by
/// owner (by name, case-insensitive; unassigned last), each group by due date then id.
pub fn next(t: &Engagement, selected: &dyn Fn(usize) -> bool, today: NaiveDate) -> Vec<OwnerGroup> {
    let horizon = today
        .checked_add_days(Days::new(NEXT_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let mut groups: BTreeMap<(bool, String, String), Vec<NextItem>> = BTreeMap::new();
    for (i, task) in t.catalog.tasks.iter().enumerate() {
        let s = &t.states[i];
        let Some(due) = s.due.filter(|&d| d <= horizon) else {
            continue;
        };
        if s.status != Status::Outstanding || !selected(task.phase) {
            continue;
        }
        let owner = s.owner.clone().unwrap_or_default();
        let key = (owner.is_empty(), owner.to_lowercase(), owner);
        groups.entry(key).or_default().push(NextItem {
            id: task.id.clone(),
            title: task.title.clone(),
            phase: t.catalog.phases[task.phase].id.clone(),
            required: task.required,
            due: due.to_string(),
            overdue: due < today,
            days: (due - today).num_days(),
        });
    }
    groups
        .into_iter()
        .map(|((_, _, owner), mut items)| {
            items.sort_by(|a, b| (&a.due, &a.id).cmp(&(&b.due, &b.id)));
            OwnerGroup {
                owner: Some(owner).filter(|o| !o.is_empty()),
                items,
            }
        })
        .collect()
}

/// One week of the burn-up: the state at the end of the week (or now, for this week).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Week {
    /// The Monday the week starts (UTC), YYYY-MM-DD.
    pub week: String,
    /// Items in the engagement (added items count from their add, retired ones no longer).
    pub total: usize,
    /// Of those, done or waived.
    pub closed: usize,
    /// Phases (or `complete`) entered by an advance during the week (an advance taken back
    /// since, by `undo`, is not shown).
    pub advances: Vec<String>,
    /// Phases returned to by a step back (`advance --back`) during the week.
    pub back: Vec<String>,
}

/// The burn-up per week, from the week of the first event to this one (at most `MAX_WEEKS`),
/// from the events as recorded (their `at`, in replay order). Its last point is the report's
/// overall progress. An undo puts an item back as it was; an advance taken back by `undo`, and
/// the step back that undid it, are not marked at all (as if never made), while a step back
/// of its own (`advance --back`) is. Folded during the replay (`Engagement::burnup_weeks`), so
/// that a report needs no events; read from the events (a load with history) when the fold
/// cannot say (`can_draw_burnup`).
pub fn burnup(t: &Engagement, now: DateTime<Utc>) -> Vec<Week> {
    let weeks = t
        .burnup_weeks(now)
        .unwrap_or_else(|| burnup_from_events(t, now));
    weeks
        .into_iter()
        .map(|w| Week {
            week: w.week.to_string(),
            total: w.total,
            closed: w.closed,
            advances: w.advances,
            back: w.back,
        })
        .collect()
}

/// Whether the burn-up of `t` at `now` can be drawn without its events (a load without
/// history is enough).
pub fn can_draw_burnup(t: &Engagement, now: DateTime<Utc>) -> bool {
    t.burnup_weeks(now).is_some()
}

/// The burn-up read from the events (`t` loaded with its history).
pub(crate) fn burnup_from_events(t: &Engagement, now: DateTime<Utc>) -> Vec<WeekCount> {
    let undone: std::collections::HashSet<&str> = t
        .events
        .iter()
        .flat_map(|e| e.undoes.iter().map(String::as_str))
        .collect();
    let first = t.events.first().map_or(now, |e| e.at.min(now));
    let end = monday(now.date_naive());
    let earliest = end
        .checked_sub_days(Days::new(7 * (MAX_WEEKS - 1)))
        .unwrap_or(end);
    let mut week = monday(first.date_naive()).max(earliest);
    // Per item: whether it is in the engagement yet, closed, retired.
    let mut exists: Vec<bool> = t.catalog.tasks.iter().map(|k| k.added.is_none()).collect();
    let mut closed = vec![false; t.catalog.tasks.len()];
    let mut retired = vec![false; t.catalog.tasks.len()];
    let mut events = t.events.iter().filter(|e| e.at <= now).peekable();
    let mut out = Vec::new();
    loop {
        let cut = week
            .checked_add_days(Days::new(7))
            .and_then(|w| w.and_hms_opt(0, 0, 0))
            .map(|c| c.and_utc());
        let (mut advances, mut back) = (Vec::new(), Vec::new());
        while let Some(e) = events.next_if(|e| cut.is_none_or(|c| e.at < c)) {
            if e.op == Op::Advance {
                if undone.contains(e.id.as_str()) || !e.undoes.is_empty() {
                    continue;
                }
                if e.back {
                    back.extend(e.to.clone());
                } else {
                    advances.extend(e.to.clone());
                }
                continue;
            }
            let Some(i) = t.target_of(e) else { continue };
            // An undo puts back the status the item had, a retired one included (as replay).
            if e.op == Op::Undo {
                let added = t.catalog.task(i).added.is_some();
                match e.status.as_deref() {
                    Some("retired") => retired[i] = added,
                    Some(s) => {
                        retired[i] = false;
                        closed[i] = matches!(s, "done" | "waived");
                    }
                    None => {}
                }
                continue;
            }
            if retired[i] {
                continue;
            }
            match e.op {
                Op::Add => exists[i] = true,
                Op::Done | Op::Waive => closed[i] = true,
                Op::Reopen => closed[i] = false,
                Op::Retire if t.catalog.task(i).added.is_some() => retired[i] = true,
                _ => {}
            }
        }
        let live = |i: &usize| exists[*i] && !retired[*i];
        let all = 0..t.catalog.tasks.len();
        out.push(WeekCount {
            week,
            total: all.clone().filter(live).count(),
            closed: all.filter(live).filter(|&i| closed[i]).count(),
            advances,
            back,
        });
        match week.checked_add_days(Days::new(7)) {
            Some(next) if week < end => week = next,
            _ => return out,
        }
    }
}
