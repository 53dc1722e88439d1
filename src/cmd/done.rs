//! `ftrack done TASK…`: mark items done; an item already done stays as it was.

use std::fmt::Write;

use super::{Env, Output, event_on, named, text_arg};
use crate::cli::DoneArgs;
use crate::context::who;
use crate::journal::Op;
use crate::resolve;
use crate::tracker::Status;
use crate::view::rfc3339;
use crate::when::parse_when;

pub fn run(args: &DoneArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let at = args
        .at
        .as_deref()
        .map(|s| parse_when("--at", s, env.now))
        .transpose()?;
    let tasks = resolve::tasks(&t, &args.tasks)?;
    let note = text_arg("--note", args.note.as_deref())?;
    let by = who(args.by.by.as_deref());
    let mut out = String::new();
    let mut events = Vec::new();
    for idx in tasks {
        let s = &t.states[idx];
        if s.status == Status::Done {
            let when = s.done_at.map(rfc3339).unwrap_or_default();
            let _ = writeln!(
                out,
                "already done: {} (by {} at {when}); left as it was",
                named(&t, idx),
                crate::render::clean_line(s.done_by.as_deref().unwrap_or("?"))
            );
            continue;
        }
        let mut e = event_on(&t, idx, Op::Done, env, &by);
        e.done_at = at;
        e.note = note.clone();
        events.push(e);
        let _ = writeln!(out, "done: {}", named(&t, idx));
    }
    env.ctx.record(t, &events)?;
    Ok(Output::ok(out))
}
