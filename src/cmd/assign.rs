//! `ftrack assign TASK… [--owner NAME] [--due DATE]`: set (or clear with '') owner and due date.

use std::fmt::Write;

use super::{Env, Output, event_on, named};
use crate::cli::AssignArgs;
use crate::context::who;
use crate::journal::Op;
use crate::resolve;
use crate::when::parse_date;

pub fn run(args: &AssignArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let owner = args.owner.as_deref().map(|o| o.trim().to_string());
    let due = match args.due.as_deref().map(str::trim) {
        Some("") => Some(String::new()),
        Some(d) => Some(parse_date("--due", d)?.to_string()),
        None => None,
    };
    let tasks = resolve::tasks(&t, &args.tasks)?;
    let by = who(args.by.by.as_deref());
    let mut out = String::new();
    let mut events = Vec::new();
    for idx in tasks {
        let mut e = event_on(&t, idx, Op::Assign, env, &by);
        e.owner = owner.clone();
        e.due = due.clone();
        let mut what = Vec::new();
        if let Some(o) = &owner {
            what.push(if o.is_empty() {
                "owner cleared".to_string()
            } else {
                format!("owner {}", crate::render::clean_line(o))
            });
        }
        if let Some(d) = &due {
            what.push(if d.is_empty() {
                "due date cleared".to_string()
            } else {
                format!("due {d}")
            });
        }
        events.push(e);
        let _ = writeln!(out, "assigned: {}: {}", named(&t, idx), what.join(", "));
    }
    env.ctx.record(t, &events)?;
    Ok(Output::ok(out))
}
