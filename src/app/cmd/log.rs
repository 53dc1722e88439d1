//! `ftrack log`: the journal in replay order, oldest first.

use crate::app::cli::LogArgs;
use crate::app::{Env, Output};
use crate::model::resolve;
use crate::model::when::parse_when;
use crate::present::detail;
use crate::present::view::{LogView, SCHEMA};

pub fn run(args: &LogArgs, env: &Env) -> anyhow::Result<Output> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_when("--since", s, env.local_now(), &env.style.offset_at))
        .transpose()?;
    let (events, warnings) = match args.task.as_deref() {
        // One task's events: read only the lines that name it, like `show`.
        Some(reference) => {
            let loaded = env.store.load()?;
            let idx = resolve::task(&loaded.state, reference)?;
            (env.store.history_of(&loaded.state, idx)?, loaded.warnings)
        }
        None => {
            let loaded = env.store.load_history()?;
            (loaded.state.events, loaded.warnings)
        }
    };
    let view = LogView {
        schema: SCHEMA,
        events: events
            .into_iter()
            .filter(|e| since.is_none_or(|s| e.at >= s))
            .collect(),
    };
    Ok(Output::ok(env.answer(&view, |v, style| detail::log(&v.events, style))?).warn(warnings))
}
