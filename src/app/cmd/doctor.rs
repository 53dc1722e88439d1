//! `ftrack doctor`: check the catalog and the journal, say how to fix what is wrong. The store
//! inspects the tracker, the model judges what it found, and the view shows it.

use crate::app::cli::DoctorArgs;
use crate::app::{Env, Output};
use crate::error::Outcome;
use crate::model::diagnose::{Finding, diagnose};
use crate::present::doctor::{Findings, human};

pub fn run(args: &DoctorArgs, env: &Env) -> anyhow::Result<Output> {
    // `--fix` first, then the tracker as the fixes left it.
    let fixed = match args.fix {
        true => env.store.repair()?,
        false => Vec::new(),
    };
    let mut found: Vec<Finding> = fixed
        .into_iter()
        .map(|text| Finding::Note { text })
        .collect();
    found.extend(diagnose(&env.store.inspect()));
    let findings = Findings::new(env.tracker_display(), found);
    let outcome = if findings.problems() == 0 {
        Outcome::Ok
    } else {
        Outcome::Problems
    };
    Ok(Output::ok(env.answer(&findings, |f, _| human(f))?).with_outcome(outcome))
}
