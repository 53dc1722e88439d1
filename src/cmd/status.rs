//! `ftrack status`: where the engagement stands.

use super::{Env, Output};
use crate::cli::JsonArgs;
use crate::render;
use crate::view::StatusView;

pub fn run(args: &JsonArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let view = StatusView::new(&t, env.tracker_display(), env.today());
    Ok(Output::ok(if args.json {
        render::json(&view)?
    } else {
        render::human::status(&view, env.style)
    }))
}
