//! `ftrack undo`: take back this user's last command on this tracker by appending events that
//! put back what it changed. Run again, it takes back the command before.

use crate::app::cli::UndoArgs;
use crate::app::{Env, Output};
use crate::error::usage;
use crate::model::undo::{Plan, plan};
use crate::present::changes::{self, Change, WriteView};
use crate::present::detail::describe;

pub fn run(args: &UndoArgs, env: &Env) -> anyhow::Result<Output> {
    let by = env.who(args.by.by.as_deref());
    let loaded = env.store.load_history()?;
    let t = &loaded.state;
    let Plan::Undo { undone, events } = plan(t, &by, env.now) else {
        return Err(usage(
            format!("nothing to undo: {by} has no command on this tracker left to take back"),
            "`ftrack log` shows who recorded what; --by NAME undoes another name's last command",
        ));
    };
    if events.is_empty() {
        // Every item that command named has left the catalog in use.
        return Err(usage(
            format!(
                "cannot undo `{}`: the items it named are not in the catalog in use",
                undone[0].op.as_str()
            ),
            "`ftrack doctor` lists orphaned events; undo with the catalog they were recorded with",
        ));
    }
    let after = t.preview(&events);
    let mut list = Vec::new();
    for e in &events {
        match t.target_of(e) {
            Some(idx) => {
                let state = after.iter().find(|(i, _)| *i == idx).map(|(_, s)| s);
                list.push(Change::item(t, idx, "undo", state));
            }
            None => {
                let mut c = Change::engagement("undo");
                c.from = e.from.clone();
                c.to = e.to.clone();
                list.push(c);
            }
        }
    }
    let mut view = WriteView::new(env.tracker_display(), list);
    let first = &undone[0];
    view.notes.push(format!(
        "(took back `{}` recorded by {} at {}{})",
        describe(first, true, env.style),
        first.by,
        env.style.time(first.at),
        match undone.len() {
            1 => String::new(),
            n => format!(", and {} more event(s) of that command", n - 1),
        }
    ));
    view.notes_show_time = true;
    let text = env.answer(&view, changes::human)?;
    let warnings = loaded.warnings.clone();
    let recorded = env.store.record(loaded, &events)?;
    Ok(Output::ok(text).warn(warnings).warn(recorded.warnings))
}
