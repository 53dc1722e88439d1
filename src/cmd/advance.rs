//! `ftrack advance`: move to the next phase when its gate is open (or forced, with a reason).

use std::fmt::Write;

use super::{Env, Output, named};
use crate::cli::AdvanceArgs;
use crate::context::who;
use crate::journal::{Event, Op};

pub fn run(args: &AdvanceArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let Some(next) = t.next_advance() else {
        return Ok(Output::ok(
            "The engagement is already complete; nothing to advance.\n".into(),
        ));
    };
    let (from, to) = (
        t.cursor_name(next.from).to_string(),
        t.cursor_name(next.to).to_string(),
    );
    let mut out = String::new();
    if !next.blockers.is_empty() {
        let _ = writeln!(
            out,
            "{} required item(s) block the advance from {from} to {to}:",
            next.blockers.len()
        );
        for &i in &next.blockers {
            let _ = writeln!(out, "  {}", named(&t, i));
        }
        if !args.force {
            out.push_str("Close them (`ftrack done`, `ftrack waive`) or force with `--force --reason TEXT`.\n");
            return Ok(Output::blocked(out));
        }
    }
    let forced = args.force && !next.blockers.is_empty();
    if args.dry_run {
        let how = if forced {
            "would advance (forced)"
        } else {
            "would advance"
        };
        let _ = writeln!(out, "Dry run: {how} from {from} to {to}; nothing recorded.");
        return Ok(Output::ok(out));
    }
    let mut event = Event::new(Op::Advance, env.now, &who(args.by.by.as_deref()));
    event.from = Some(from.clone());
    event.to = Some(to.clone());
    event.forced = forced;
    event.reason = if forced { args.reason.clone() } else { None };
    env.ctx.record(t, &[event])?;
    if to == crate::tracker::COMPLETE {
        let _ = writeln!(out, "Advanced from {from}: the engagement is complete.");
    } else {
        let _ = writeln!(
            out,
            "Advanced from {from} to {to}{}.",
            if forced { " (forced; recorded)" } else { "" }
        );
    }
    Ok(Output::ok(out))
}
