//! `ftrack list`: items filtered by phase, status, owner, text and due date, in phase order;
//! `--owner` without a name lists the owners instead.

use crate::app::cli::{ListArgs, StatusFilter};
use crate::app::{Env, Output};
use crate::model::state::Status;
use crate::model::when::parse_horizon;
use crate::model::{find, resolve};
use crate::present::human;
use crate::present::view::{ListView, OwnersView, SCHEMA, TaskView};

pub fn run(args: &ListArgs, env: &Env) -> anyhow::Result<Output> {
    let horizon = args
        .due
        .as_deref()
        .map(|d| parse_horizon("--due", d, env.local_now()))
        .transpose()?;
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
    let owner = args
        .owner
        .as_ref()
        .map(|o| o.as_deref().map(str::to_lowercase));
    let grep = args.grep.as_deref().map(str::to_lowercase);
    // Phase order, then catalog order within a phase.
    let items: Vec<usize> = (0..t.catalog.phases.len())
        .filter(|p| phase.is_none_or(|want| want == *p))
        .flat_map(|p| t.catalog.tasks_in(p).map(|(i, _)| i).collect::<Vec<_>>())
        .filter(|&i| wanted(t.states[i].status))
        .filter(|&i| match &owner {
            Some(Some(o)) => find::owner_matches(t, i, o),
            _ => true,
        })
        .filter(|&i| grep.as_deref().is_none_or(|g| find::text_matches(t, i, g)))
        .filter(|&i| horizon.is_none_or(|h| find::due_by(t, i, h)))
        .filter(|&i| !args.overdue || t.is_overdue(i, today))
        .collect();
    if let Some(None) = owner {
        let view = OwnersView {
            schema: SCHEMA,
            owners: find::owners(t, &items, today),
        };
        return Ok(Output::ok(env.answer(&view, human::owners)?).warn(loaded.warnings));
    }
    let view = ListView {
        schema: SCHEMA,
        tasks: items.iter().map(|&i| TaskView::new(t, i, today)).collect(),
    };
    Ok(
        Output::ok(env.answer(&view, |v, style| human::list(&v.tasks, style))?)
            .warn(loaded.warnings),
    )
}
