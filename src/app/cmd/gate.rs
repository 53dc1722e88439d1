//! `ftrack gate [PHASE|complete]`: exit 0 when the gate is open, 3 when required items block
//! it. Without a phase it answers exactly what `advance` would do now.

use crate::app::cli::GateArgs;
use crate::app::{Env, Output};
use crate::error::Outcome;
use crate::model::catalog::COMPLETE;
use crate::model::gate::{self, Target};
use crate::model::resolve;
use crate::present::gate::{self as verdict, GateView};

pub fn run(args: &GateArgs, env: &Env) -> anyhow::Result<Output> {
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let target = match args.phase.as_deref().map(str::trim) {
        None => Target::Next,
        Some(p) if p.eq_ignore_ascii_case(COMPLETE) => Target::Complete,
        Some(p) => Target::Phase(resolve::phase(t, p)?),
    };
    let g = gate::check(t, target);
    let view = GateView::new(t, &g);
    let outcome = if g.is_open() {
        Outcome::Ok
    } else {
        Outcome::Blocked
    };
    Ok(Output::ok(env.answer(&view, verdict::gate)?)
        .with_outcome(outcome)
        .warn(loaded.warnings))
}
