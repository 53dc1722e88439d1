//! `ftrack log`: the journal in replay order, oldest first.

use super::{Env, Output};
use crate::cli::LogArgs;
use crate::journal::Event;
use crate::render;
use crate::resolve;
use crate::view::{LogView, SCHEMA};
use crate::when::parse_when;

pub fn run(args: &LogArgs, env: &Env) -> anyhow::Result<Output> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_when("--since", s, env.now))
        .transpose()?;
    let events: Vec<Event> = match args.task.as_deref() {
        // One task's events: read only the lines that name it, like `show`.
        Some(reference) => {
            let t = env.ctx.load()?;
            let idx = resolve::task(&t, reference)?;
            env.ctx.history(&t, idx)?
        }
        None => env.ctx.load_full()?.events,
    };
    let events: Vec<Event> = events
        .into_iter()
        .filter(|e| since.is_none_or(|s| e.at >= s))
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
