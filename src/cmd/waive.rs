//! `ftrack waive TASK… --reason TEXT`: close items as not applicable to this engagement.

use std::fmt::Write;

use super::{Env, Output, event_on, named, text_arg};
use crate::cli::WaiveArgs;
use crate::context::who;
use crate::error::user;
use crate::journal::Op;
use crate::resolve;
use crate::tracker::Status;

pub fn run(args: &WaiveArgs, env: &Env) -> anyhow::Result<Output> {
    let reason = text_arg("--reason", Some(&args.reason))?.unwrap_or_default();
    if reason.trim().is_empty() {
        return Err(user(
            "--reason is empty",
            "say why the item does not apply, e.g. --reason \"cloud-only tenant\"",
        ));
    }
    let t = env.ctx.load()?;
    let tasks = resolve::tasks(&t, &args.tasks)?;
    let by = who(args.by.by.as_deref());
    let mut out = String::new();
    let mut events = Vec::new();
    for idx in tasks {
        let s = &t.states[idx];
        if s.status == Status::Waived && s.note.as_deref() == Some(reason.as_str()) {
            let _ = writeln!(out, "already waived: {}; left as it was", named(&t, idx));
            continue;
        }
        let mut e = event_on(&t, idx, Op::Waive, env, &by);
        e.reason = Some(reason.clone());
        events.push(e);
        let _ = writeln!(out, "waived: {}", named(&t, idx));
    }
    env.ctx.record(t, &events)?;
    Ok(Output::ok(out))
}
