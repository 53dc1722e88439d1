//! `ftrack gate [PHASE]`: exit 0 when the phase has no required item outstanding, else 3.

use std::fmt::Write;

use super::{Env, Output, named};
use crate::cli::GateArgs;
use crate::resolve;
use crate::tracker::Cursor;

pub fn run(args: &GateArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let phase = match &args.phase {
        Some(p) => resolve::phase(&t, p)?,
        None => match t.cursor {
            Cursor::Phase(p) => p,
            Cursor::Complete => {
                return Ok(Output::ok("gate open: the engagement is complete\n".into()));
            }
        },
    };
    let name = &t.catalog.phases[phase].id;
    let blockers = t.blockers(phase);
    if blockers.is_empty() {
        return Ok(Output::ok(format!(
            "gate open: {name} has no required item outstanding\n"
        )));
    }
    let mut out = format!(
        "gate blocked: {name} has {} required item(s) outstanding:\n",
        blockers.len()
    );
    for i in blockers {
        let _ = writeln!(out, "  {}", named(&t, i));
    }
    Ok(Output::blocked(out))
}
