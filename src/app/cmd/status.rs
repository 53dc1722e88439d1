//! `ftrack status`: where the engagement stands.

use crate::app::{Env, Output};
use crate::present::status;
use crate::present::view::StatusView;

pub fn run(env: &Env) -> anyhow::Result<Output> {
    let loaded = env.store.load()?;
    let mut view = StatusView::new(
        &loaded.state,
        env.tracker_display(),
        env.store.exists(),
        env.today(),
        &env.style.offset_at,
    );
    view.symlinked = env
        .store
        .links()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Ok(Output::ok(env.answer(&view, status::status)?).warn(loaded.warnings))
}
