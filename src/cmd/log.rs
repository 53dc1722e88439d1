//! `ftrack log`: the journal in replay order, oldest first.

use super::{Env, Output};
use crate::cli::LogArgs;
use crate::journal::Event;
use crate::render;
use crate::resolve;
use crate::view::{LogView, SCHEMA};
use crate::when::parse_when;

pub fn run(args: &LogArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load_full()?;
    let since = args
        .since
        .as_deref()
        .map(|s| parse_when("--since", s, env.now))
        .transpose()?;
    let task = args
        .task
        .as_deref()
        .map(|r| resolve::task(&t, r))
        .transpose()?;
    let events: Vec<Event> = t
        .events
        .iter()
        .filter(|e| since.is_none_or(|s| e.at >= s))
        .filter(|e| task.is_none_or(|i| t.is_about(e, i)))
        .cloned()
        .collect();
    Ok(Output::ok(if args.json.json {
        render::json(&LogView {
            schema: SCHEMA,
            events,
        })?
    } else {
        render::human::log(&events)
    }))
}
