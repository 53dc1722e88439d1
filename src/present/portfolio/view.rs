//! The portfolio as one view: a row per engagement, cut from each tracker's replayed state
//! (the colour by `model::health`, as the tracker's own report computes it), or an error row
//! for a tracker that could not be read. Every format renders this; JSON is its serde form.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::event::Op;
use crate::model::gate;
use crate::model::health::{self, Rag};
use crate::model::state::{Cursor, Engagement, Status};
use crate::present::report::Progress;
use crate::present::view::{SCHEMA, rfc3339};

/// `ftrack portfolio --json`: every engagement under the folders given.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PortfolioView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// When the portfolio was made (RFC 3339, UTC).
    pub generated_at: String,
    /// `--since`, resolved to a time; null without it.
    pub since: Option<String>,
    /// How many engagements, by colour.
    pub totals: Totals,
    /// Worst first: unreadable, red, amber, green; then the most overdue; then by name.
    pub engagements: Vec<Row>,
    /// What the search passed by: symbolic links to folders (never followed), folders that
    /// could not be listed.
    pub skipped: Vec<Skipped>,
}

/// How many engagements, by colour.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct Totals {
    /// Every tracker found, unreadable ones included.
    pub engagements: usize,
    /// Engagements whose status is red.
    pub red: usize,
    /// Engagements whose status is amber.
    pub amber: usize,
    /// Engagements whose status is green.
    pub green: usize,
    /// Trackers that could not be read.
    pub unreadable: usize,
}

/// A folder the search did not go into.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Skipped {
    /// The folder or link.
    pub path: String,
    /// Why it was not searched.
    pub why: String,
}

/// One engagement. For a tracker that could not be read, `error` says why and the fields read
/// from it are null.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Row {
    /// The engagement's folder (the one holding `.ftrack/`), as reached from the PATH given.
    pub path: String,
    /// The tracker directory, links resolved.
    pub tracker: String,
    /// The name given at `init`; null when none was.
    pub name: Option<String>,
    /// The current phase, or `complete`.
    pub phase: Option<String>,
    /// The engagement is complete.
    pub complete: bool,
    /// Items closed (done or waived) of all, as the report's overall progress.
    pub progress: Option<Progress>,
    /// The engagement's status colour: exactly what its own `report` says.
    pub status: Option<Rag>,
    /// Why it is not green, one per phase: "assess: kickoff-meeting overdue (due 2026-11-18)".
    pub reasons: Vec<String>,
    /// Outstanding items.
    pub open: Option<usize>,
    /// Outstanding items past their due date.
    pub overdue: Option<usize>,
    /// The earliest target date (`ftrack plan`) of a phase not yet signed off.
    pub next_target: Option<NextTarget>,
    /// The earliest due date, today or later, of an outstanding item.
    pub next_due: Option<NextDue>,
    /// The latest event recorded (in replay order).
    pub last_change: Option<LastChange>,
    /// Every phase in catalog order: its colour and progress (the dashboard's phase strip).
    pub phases: Vec<PhaseCell>,
    /// With `--since`: what changed since then.
    pub activity: Option<Activity>,
    /// With `--pull`: what the pull did (null outside a git work tree).
    pub pull: Option<Pull>,
    /// What reading the tracker warned about (a torn last line, …).
    pub notes: Vec<String>,
    /// Why the tracker could not be read; null when it was.
    pub error: Option<ErrorView>,
    /// The folder for people: relative to the current directory when under it.
    #[serde(skip)]
    pub shown_path: String,
    /// Another engagement has the same name: the path is shown beside it.
    #[serde(skip)]
    pub name_repeats: bool,
}

/// The next target date of a phase (`ftrack plan`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextTarget {
    /// The phase the target is for.
    pub phase: String,
    /// The target date, YYYY-MM-DD.
    pub date: String,
    /// Days from today (negative: past).
    pub days: i64,
}

/// The outstanding item due next.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextDue {
    /// The item's id.
    pub id: String,
    /// The item's title.
    pub title: String,
    /// Its due date, YYYY-MM-DD.
    pub date: String,
    /// Days from today.
    pub days: i64,
}

/// The latest event of an engagement.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LastChange {
    /// When it was recorded (RFC 3339, UTC).
    pub at: String,
    /// Who recorded it.
    pub by: String,
    /// The journal operation: done, waive, reopen, assign, advance, add, retire, plan, note,
    /// undo or init.
    pub event: &'static str,
}

/// One phase of an engagement, for the phase strip.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PhaseCell {
    /// The phase's id.
    pub phase: String,
    /// The engagement-wide responsibilities (they gate `complete`).
    pub general: bool,
    /// The engagement is in this phase.
    pub current: bool,
    /// Signed off by an advance (for `general`: the engagement is complete).
    pub signed_off: bool,
    /// The phase's status colour, as in the report.
    pub status: Rag,
    /// Items of the phase closed, as a whole percentage rounded down.
    pub percent: u32,
}

/// Events recorded since `--since`, by kind.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Activity {
    /// Items marked done.
    pub done: usize,
    /// Items waived.
    pub waived: usize,
    /// Items reopened.
    pub reopened: usize,
    /// Commands taken back with `undo`.
    pub undone: usize,
    /// Phases (or `complete`) entered by an advance, in order.
    pub advanced: Vec<String>,
    /// Phases returned to by `advance --back`.
    pub back: Vec<String>,
    /// The other events, by operation (assign, note, plan, add, retire, init).
    pub others: std::collections::BTreeMap<&'static str, usize>,
    /// Every event since then.
    pub events: usize,
}

/// What `--pull` did in the engagement's work tree.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Pull {
    /// "pulled", "up-to-date", "skipped" or "failed".
    pub result: &'static str,
    /// Commits fast-forwarded (0: up to date; null: not pulled).
    pub commits: Option<usize>,
    /// Why it was not pulled, or what failed.
    pub note: Option<String>,
}

/// Why a tracker could not be read.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ErrorView {
    /// What is wrong, in one line (as the tracker's own commands say it).
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// Where a tracker is: its folder (as reached, and for people) and its directory.
pub struct Place {
    /// The folder, absolute.
    pub path: String,
    /// The folder for people (relative to the current directory when under it).
    pub shown_path: String,
    /// The tracker directory, links resolved.
    pub tracker: String,
}

impl Row {
    fn empty(place: Place) -> Row {
        Row {
            path: place.path,
            tracker: place.tracker,
            name: None,
            phase: None,
            complete: false,
            progress: None,
            status: None,
            reasons: Vec::new(),
            open: None,
            overdue: None,
            next_target: None,
            next_due: None,
            last_change: None,
            phases: Vec::new(),
            activity: None,
            pull: None,
            notes: Vec::new(),
            error: None,
            shown_path: place.shown_path,
            name_repeats: false,
        }
    }

    /// A tracker that could not be read.
    pub fn unreadable(place: Place, message: String, hint: String) -> Row {
        Row {
            error: Some(ErrorView { message, hint }),
            ..Row::empty(place)
        }
    }

    /// The row of an engagement on `today`; with `since`, what changed from then on (the state
    /// must then carry its events).
    pub fn of(t: &Engagement, place: Place, today: NaiveDate, since: Option<DateTime<Utc>>) -> Row {
        let h = health::engagement(t, today);
        let live = || (0..t.catalog.tasks.len()).filter(|&i| t.is_live(i));
        let open = live()
            .filter(|&i| t.states[i].status == Status::Outstanding)
            .count();
        let overdue = live().filter(|&i| t.is_overdue(i, today)).count();
        let phases = h
            .phases
            .iter()
            .map(|p| {
                let phase = &t.catalog.phases[p.phase];
                PhaseCell {
                    phase: phase.id.clone(),
                    general: phase.general,
                    current: t.cursor == Cursor::Phase(p.phase),
                    signed_off: gate::signed_off(t, p.phase).is_some(),
                    status: p.rag,
                    percent: Progress::of(t, t.catalog.tasks_in(p.phase).map(|(i, _)| i)).percent,
                }
            })
            .collect();
        Row {
            name: t.name.clone(),
            phase: Some(t.cursor_name(t.cursor).to_string()),
            complete: t.cursor == Cursor::Complete,
            progress: Some(Progress::of(t, 0..t.catalog.tasks.len())),
            status: Some(h.rag),
            reasons: h.reasons(t),
            open: Some(open),
            overdue: Some(overdue),
            next_target: next_target(t, today),
            next_due: next_due(t, today),
            last_change: t.last_change.as_ref().map(|l| LastChange {
                at: rfc3339(l.at),
                by: l.by.clone(),
                event: l.op.as_str(),
            }),
            phases,
            activity: since.map(|s| activity(t, s)),
            ..Row::empty(place)
        }
    }

    /// How the engagement is called on screen: its name, else its folder's (the folder as
    /// shown, for a tracker that could not be read).
    pub fn title(&self) -> String {
        if self.error.is_some() && self.shown_path != "." {
            return self.shown_path.clone();
        }
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| {
                let p = std::path::Path::new(&self.path);
                p.file_name()
                    .map_or_else(|| self.path.clone(), |n| n.to_string_lossy().into_owned())
            })
    }

    /// Sort key: unreadable, red, amber, green; most overdue first; then name and path.
    fn rank(&self) -> (u8, std::cmp::Reverse<usize>, String, String) {
        let colour = match (&self.error, self.status) {
            (Some(_), _) => 0,
            (None, Some(Rag::Red)) => 1,
            (None, Some(Rag::Amber)) => 2,
            _ => 3,
        };
        (
            colour,
            std::cmp::Reverse(self.overdue.unwrap_or(0)),
            self.title().to_lowercase(),
            self.path.clone(),
        )
    }
}

/// The earliest target of a phase not signed off yet.
fn next_target(t: &Engagement, today: NaiveDate) -> Option<NextTarget> {
    t.targets
        .iter()
        .filter(|(p, _)| gate::signed_off(t, **p).is_none())
        .min_by_key(|(p, d)| (**d, **p))
        .map(|(p, d)| NextTarget {
            phase: t.catalog.phases[*p].id.clone(),
            date: d.to_string(),
            days: (*d - today).num_days(),
        })
}

/// The outstanding item due next (today or later).
fn next_due(t: &Engagement, today: NaiveDate) -> Option<NextDue> {
    (0..t.catalog.tasks.len())
        .filter(|&i| t.states[i].status == Status::Outstanding)
        .filter_map(|i| t.states[i].due.filter(|&d| d >= today).map(|d| (d, i)))
        .min()
        .map(|(d, i)| NextDue {
            id: t.catalog.task(i).id.clone(),
            title: t.catalog.task(i).title.clone(),
            date: d.to_string(),
            days: (d - today).num_days(),
        })
}

/// What the events from `since` on did (events in replay order, as the report lists them). As
/// in the burn-up, what `undo` took back is not counted (a done, an advance, the step that
/// undid an advance: what is taken back is gone everywhere); `undone` counts the commands that
/// took something back, whatever they touched.
fn activity(t: &Engagement, since: DateTime<Utc>) -> Activity {
    let taken_back: std::collections::HashSet<&str> = t
        .events
        .iter()
        .flat_map(|e| e.undoes.iter().map(String::as_str))
        .collect();
    let mut undos = std::collections::HashSet::new();
    let mut a = Activity::default();
    for e in t
        .events
        .iter()
        .filter(|e| e.at >= since && e.op != Op::Layout)
    {
        a.events += 1;
        if e.op == Op::Undo || !e.undoes.is_empty() {
            undos.insert(e.cmd.as_deref().unwrap_or(&e.id));
        }
        if taken_back.contains(e.id.as_str()) || !e.undoes.is_empty() {
            continue;
        }
        match e.op {
            Op::Done => a.done += 1,
            Op::Waive => a.waived += 1,
            Op::Reopen => a.reopened += 1,
            Op::Advance if e.back => a.back.extend(e.to.clone()),
            Op::Advance => a.advanced.extend(e.to.clone()),
            op => *a.others.entry(op.as_str()).or_default() += 1,
        }
    }
    a.undone = undos.len();
    a
}

impl PortfolioView {
    pub fn new(
        mut rows: Vec<Row>,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        skipped: Vec<Skipped>,
    ) -> PortfolioView {
        rows.sort_by_cached_key(Row::rank);
        let mut totals = Totals {
            engagements: rows.len(),
            ..Totals::default()
        };
        for r in &rows {
            match (&r.error, r.status) {
                (Some(_), _) | (None, None) => totals.unreadable += 1,
                (None, Some(Rag::Red)) => totals.red += 1,
                (None, Some(Rag::Amber)) => totals.amber += 1,
                (None, Some(Rag::Green)) => totals.green += 1,
            }
        }
        let titles: Vec<String> = rows.iter().map(|r| r.title().to_lowercase()).collect();
        for (k, r) in rows.iter_mut().enumerate() {
            r.name_repeats = titles.iter().filter(|t| **t == titles[k]).count() > 1;
        }
        PortfolioView {
            schema: SCHEMA,
            generated_at: rfc3339(now),
            since: since.map(rfc3339),
            totals,
            engagements: rows,
            skipped,
        }
    }
}
