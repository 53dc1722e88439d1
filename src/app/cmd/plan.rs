//! `ftrack plan PHASE --target DATE` (or `--clear`): journal a phase's target date, which
//! `status` and the report set against the actual sign-off (the recorded advance). Setting the
//! date a phase already has records nothing.

use crate::app::cli::PlanArgs;
use crate::app::{Env, Output};
use crate::model::event::{Event, Op};
use crate::model::resolve;
use crate::model::when::parse_due;
use crate::present::changes::{self, Change, PlanTarget, WriteView};

pub fn run(args: &PlanArgs, env: &Env) -> anyhow::Result<Output> {
    let target = match args.target.as_deref().map(str::trim) {
        Some(d) if !args.clear => Some(parse_due("--target", d, env.local_now())?),
        _ => None,
    };
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let p = resolve::phase(t, &args.phase)?;
    let phase = t.catalog.phases[p].id.clone();
    let before = t.targets.get(&p).copied();
    let mut change = Change::engagement("plan");
    change.phase = Some(phase.clone());
    change.target = Some(PlanTarget {
        before: before.map(|d| d.to_string()),
        after: target.map(|d| d.to_string()),
    });
    let mut events = Vec::new();
    if before == target {
        change.result = "unchanged";
    } else {
        let mut e = Event::new(Op::Plan, env.now, &env.who(args.by.by.as_deref()));
        e.phase = Some(phase);
        e.due = Some(target.map(|d| d.to_string()).unwrap_or_default());
        events.push(e);
    }
    let view = WriteView::new(env.tracker_display(), vec![change]);
    let text = env.answer(&view, changes::human)?;
    let warnings = loaded.warnings.clone();
    let recorded = crate::app::record(env, loaded, &events)?;
    Ok(Output::ok(text).warn(warnings).warn(recorded.warnings))
}
