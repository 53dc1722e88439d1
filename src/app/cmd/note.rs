//! `ftrack note TASK TEXT`: set or replace an item's note, leaving its state as it is (a wrong
//! note used to take a reopen and a done, and the done time changed).

use crate::app::cli::NoteArgs;
use crate::app::{Env, Output, event_on, text_arg};
use crate::model::event::Op;
use crate::model::resolve;

pub fn run(args: &NoteArgs, env: &Env) -> anyhow::Result<Output> {
    let text = text_arg("TEXT", Some(&args.text))?.filter(|t| !t.is_empty());
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let idx = resolve::task(t, &args.task)?;
    let events = if t.states[idx].note == text {
        Vec::new()
    } else {
        let mut e = event_on(t, idx, Op::Note, env, &env.who(args.by.by.as_deref()));
        e.note = text;
        vec![e]
    };
    super::answer_write(env, loaded, &[idx], Op::Note, events)
}
