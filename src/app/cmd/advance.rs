//! `ftrack advance`: move to the next phase when its gate is open (or forced, with a reason).
//! Blocked, it exits 3 — with `--dry-run` too — and names what blocks it, as `gate` does.

use crate::app::cli::AdvanceArgs;
use crate::app::{Env, Output};
use crate::error::{Outcome, usage};
use crate::model::event::{Event, Op};
use crate::model::gate::{self, Target};
use crate::model::state::Cursor;
use crate::present::changes::{self, Change, WriteView};
use crate::present::gate::{self as verdict, GateView};

pub fn run(args: &AdvanceArgs, env: &Env) -> anyhow::Result<Output> {
    if args.back {
        return back(args, env);
    }
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let g = gate::check(t, Target::Next);
    let Some((from, to)) = g.step else {
        let mut c = Change::engagement("advance");
        c.result = "unchanged";
        let view = WriteView::new(env.tracker_display(), vec![c]);
        return Ok(Output::ok(env.answer(&view, changes::human)?).warn(loaded.warnings));
    };
    if !g.is_open() && !args.force {
        let view = GateView::new(t, &g);
        return Ok(Output::ok(env.answer(&view, verdict::advance_blocked)?)
            .with_outcome(Outcome::Blocked)
            .warn(loaded.warnings));
    }
    let forced = args.force && !g.is_open();
    let (from, to) = (
        t.cursor_name(from).to_string(),
        t.cursor_name(to).to_string(),
    );
    let mut change = Change::engagement("advance");
    change.from = Some(from.clone());
    change.to = Some(to.clone());
    change.forced = Some(forced);
    change.reason = if forced { args.reason.clone() } else { None };
    let mut view = WriteView::new(env.tracker_display(), vec![change]);
    if forced {
        view.notes.push(format!(
            "{} required item(s) were still outstanding: {}",
            g.blockers.len(),
            g.blockers
                .iter()
                .map(|&i| t.catalog.task(i).id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let warnings = loaded.warnings.clone();
    if args.dry_run {
        view.dry_run = true;
        return Ok(Output::ok(env.answer(&view, changes::human)?).warn(warnings));
    }
    let mut event = Event::new(Op::Advance, env.now, &env.who(args.by.by.as_deref()));
    event.from = Some(from);
    event.to = Some(to);
    event.forced = forced;
    event.reason = if forced { args.reason.clone() } else { None };
    let text = env.answer(&view, changes::human)?;
    let recorded = crate::app::record(env, loaded, &[event])?;
    Ok(Output::ok(text).warn(warnings).warn(recorded.warnings))
}

/// `advance --back --reason TEXT`: return to the phase before the current one (from
/// `complete`, to the last phase), recorded with its reason.
fn back(args: &AdvanceArgs, env: &Env) -> anyhow::Result<Output> {
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let seq: Vec<usize> = t.catalog.sequence().collect();
    let to = match t.cursor {
        Cursor::Complete => seq.last().copied(),
        Cursor::Phase(p) => seq
            .iter()
            .position(|&q| q == p)
            .and_then(|i| i.checked_sub(1))
            .map(|i| seq[i]),
    };
    let Some(to) = to else {
        return Err(usage(
            format!(
                "{} is the first phase: there is no phase to go back to",
                t.cursor_name(t.cursor)
            ),
            "`ftrack status` shows where the engagement stands",
        ));
    };
    let (from, to) = (
        t.cursor_name(t.cursor).to_string(),
        t.cursor_name(Cursor::Phase(to)).to_string(),
    );
    let mut change = Change::engagement("back");
    change.from = Some(from.clone());
    change.to = Some(to.clone());
    change.reason = args.reason.clone();
    let mut view = WriteView::new(env.tracker_display(), vec![change]);
    let warnings = loaded.warnings.clone();
    if args.dry_run {
        view.dry_run = true;
        view.notes.push("Dry run: nothing recorded.".to_string());
        return Ok(Output::ok(env.answer(&view, changes::human)?).warn(warnings));
    }
    let mut event = Event::back(env.now, &env.who(args.by.by.as_deref()), from, to);
    event.reason = args.reason.clone();
    let text = env.answer(&view, changes::human)?;
    let recorded = env.store.record(loaded, &[event])?;
    Ok(Output::ok(text).warn(warnings).warn(recorded.warnings))
}
