//! `ftrack status`: where the engagement stands.

use super::{Env, Output};
use crate::cli::JsonArgs;
use crate::render;
use crate::view::StatusView;

pub fn run(args: &JsonArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let exists = crate::journal::journal_path(&env.ctx.dir).exists();
    let view = StatusView::new(&t, env.tracker_display(), exists, env.today());
    Ok(Output::ok(if args.json {
        render::json(&view)?
    } else {
        render::human::status(&view, env.style)
    }))
}
