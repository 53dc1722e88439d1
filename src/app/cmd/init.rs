//! `ftrack init`: create a tracker (.ftrack/) here, recording the name and catalog.

use crate::app::cli::InitArgs;
use crate::app::{Env, Output};
use crate::error::usage;
use crate::model::catalog::Catalog;
use crate::model::event::{Event, Op};
use crate::present::changes::{self, Change, WriteView};
use crate::store::{Location, Options};

pub fn run(args: &InitArgs, env: &Env) -> anyhow::Result<Output> {
    // `--dir` names the tracker directory itself; otherwise it is .ftrack/ right here.
    let here;
    let store = if env.explicit {
        &env.store
    } else {
        let at = Location::new_in(&crate::app::locate::current_dir()?);
        let options = Options {
            catalog: env.catalog.clone(),
            cache: None,
            ..crate::app::locate::options(None)
        };
        here = crate::store::open(at, options);
        &here
    };
    let dir = store.location().display().to_string();
    if store.exists() {
        return Err(usage(
            format!("a tracker already exists at {dir}"),
            if env.catalog.is_some() {
                "to switch it to that catalog, run `ftrack catalog use FILE` (it shows first what happens to recorded progress)"
            } else {
                "use it as it is, or pass --dir to create another one"
            },
        ));
    }
    let (recorded, catalog) = match &env.catalog {
        Some(path) => (
            Some(store.catalog_reference(path)?),
            crate::store::read_catalog(path)?,
        ),
        None => (None, Catalog::embedded()?),
    };
    let mut event = Event::new(Op::Init, env.now, &crate::app::locate::who(None, &**store));
    event.name = args.name.clone();
    event.catalog = recorded.clone();
    store.create(&event)?;

    let mut view = WriteView::new(dir, vec![Change::engagement("init")]);
    view.notes.push(format!(
        "Catalog: {} ({} items)",
        recorded
            .as_deref()
            .unwrap_or("built-in FastTrack responsibilities"),
        catalog.tasks.len()
    ));
    view.notes.push("Next: `ftrack status`".to_string());
    Ok(Output::ok(env.answer(&view, changes::human)?))
}
