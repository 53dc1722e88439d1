//! `ftrack doctor`: check the catalog and the journal, say how to fix what is wrong. The store
//! inspects the tracker, the model judges what it found, and the view shows it.

use crate::app::{Env, Output};
use crate::error::Outcome;
use crate::model::diagnose::diagnose;
use crate::present::doctor::{Findings, human};

pub fn run(env: &Env) -> anyhow::Result<Output> {
    let findings = Findings::new(env.tracker_display(), diagnose(&env.store.inspect()));
    let outcome = if findings.problems() == 0 {
        Outcome::Ok
    } else {
        Outcome::Problems
    };
    Ok(Output::ok(env.answer(&findings, |f, _| human(f))?).with_outcome(outcome))
}
