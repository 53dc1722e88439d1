//! `ftrack reopen TASK…`: mark done or waived items outstanding again.

use std::fmt::Write;

use super::{Env, Output, event_on, named, text_arg};
use crate::cli::ReopenArgs;
use crate::context::who;
use crate::journal::Op;
use crate::resolve;
use crate::tracker::Status;

pub fn run(args: &ReopenArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let tasks = resolve::tasks(&t, &args.tasks)?;
    let note = text_arg("--note", args.note.as_deref())?;
    let by = who(args.by.by.as_deref());
    let mut out = String::new();
    let mut events = Vec::new();
    for idx in tasks {
        if t.states[idx].status == Status::Outstanding {
            let _ = writeln!(
                out,
                "already outstanding: {}; left as it was",
                named(&t, idx)
            );
            continue;
        }
        let mut e = event_on(&t, idx, Op::Reopen, env, &by);
        e.note = note.clone();
        events.push(e);
        let _ = writeln!(out, "reopened: {}", named(&t, idx));
    }
    env.ctx.record(t, &events)?;
    Ok(Output::ok(out))
}
