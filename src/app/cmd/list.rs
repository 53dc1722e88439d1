//! `ftrack list`: items filtered by phase, status, owner and due date, in phase order.

use crate::app::cli::{ListArgs, StatusFilter};
use crate::app::{Env, Output};
use crate::model::resolve;
use crate::model::state::Status;
use crate::present::human;
use crate::present::view::{ListView, SCHEMA, TaskView};

pub fn run(args: &ListArgs, env: &Env) -> anyhow::Result<Output> {
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let phase = args
        .phase
        .as_deref()
        .map(|p| resolve::phase(t, p))
        .transpose()?;
    let today = env.today();
    let wanted = |s: Status| match args.status {
        StatusFilter::All => true,
        StatusFilter::Retired => s == Status::Retired,
        StatusFilter::Outstanding => s == Status::Outstanding,
        StatusFilter::Done => s == Status::Done,
        StatusFilter::Waived => s == Status::Waived,
    };
    let owner = args.owner.as_deref().map(str::to_lowercase);
    // Phase order, then catalog order within a phase.
    let tasks: Vec<TaskView> = (0..t.catalog.phases.len())
        .filter(|p| phase.is_none_or(|want| want == *p))
        .flat_map(|p| t.catalog.tasks_in(p).map(|(i, _)| i).collect::<Vec<_>>())
        .filter(|&i| wanted(t.states[i].status))
        .filter(|&i| {
            owner.as_deref().is_none_or(|o| {
                t.states[i]
                    .owner
                    .as_deref()
                    .is_some_and(|x| x.to_lowercase() == o)
            })
        })
        .filter(|&i| !args.overdue || t.is_overdue(i, today))
        .map(|i| TaskView::new(t, i, today))
        .collect();
    let view = ListView {
        schema: SCHEMA,
        tasks,
    };
    Ok(
        Output::ok(env.answer(&view, |v, style| human::list(&v.tasks, style))?)
            .warn(loaded.warnings),
    )
}
