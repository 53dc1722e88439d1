//! `ftrack init`: create a tracker (.ftrack/) here, recording the name and catalog.

use crate::app::cli::InitArgs;
use crate::app::{Env, Output};
use crate::error::usage;
use crate::model::catalog::Catalog;
use crate::model::event::{Event, Op};
use crate::present::changes::{self, Change, WriteView};
use crate::store::{Store, TRACKER_DIR, in_git_work_tree, relative_to};

pub fn run(args: &InitArgs, env: &Env) -> anyhow::Result<Output> {
    // `--dir` names the tracker directory itself; otherwise it is .ftrack/ right here.
    let dir = if env.explicit {
        env.store.dir.clone()
    } else {
        std::env::current_dir()?.join(TRACKER_DIR)
    };
    let store = Store::open(dir.clone(), env.store.catalog_override.clone(), None);
    if store.exists() {
        return Err(usage(
            format!("a tracker already exists at {}", dir.display()),
            if env.store.catalog_override.is_some() {
                "to switch it to that catalog, run `ftrack catalog use FILE` (it shows first what happens to recorded progress)"
            } else {
                "use it as it is, or pass --dir to create another one"
            },
        ));
    }
    let (recorded, catalog) = match &env.store.catalog_override {
        Some(path) => (
            Some(relative_to(path, &dir)?),
            crate::store::catalog::load(path)?,
        ),
        None => (None, Catalog::embedded()?),
    };
    let mut event = Event::new(Op::Init, env.now, &crate::app::locate::who(None, &dir));
    event.name = args.name.clone();
    event.catalog = recorded
        .as_ref()
        .map(|rel| rel.to_string_lossy().replace('\\', "/"));
    store.create(&event, in_git_work_tree(&dir))?;

    let mut view = WriteView::new(dir.display().to_string(), vec![Change::engagement("init")]);
    view.notes.push(format!(
        "Catalog: {} ({} items)",
        match &recorded {
            Some(rel) => rel.display().to_string(),
            None => "built-in FastTrack responsibilities".to_string(),
        },
        catalog.tasks.len()
    ));
    view.notes.push("Next: `ftrack status`".to_string());
    Ok(Output::ok(env.answer(&view, changes::human)?))
}
