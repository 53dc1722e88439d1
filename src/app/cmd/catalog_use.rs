//! `ftrack catalog use FILE`: switch this tracker to a catalog. The plan comes first (what is
//! kept, matched, added and retired, and the progress each touches); the switch is applied only
//! when it orphans no recorded progress, or with `--accept-orphans`. It is a copy of FILE in the
//! tracker directory (aliases added for reworded items) and an `init` event naming that copy, so
//! every clone that pulls the journal and the copy switches too.

use crate::app::cli::CatalogUseArgs;
use crate::app::{Env, Output};
use crate::error::{Kind, UserError, usage};
use crate::model::event::{Event, Op};
use crate::model::switch::{copy_name, plan};
use crate::present::switch::{SwitchView, human};
use crate::present::view::SCHEMA;

pub fn run(args: &CatalogUseArgs, env: &Env) -> anyhow::Result<Output> {
    if env.catalog.is_some() {
        return Err(usage(
            "`catalog use` switches the tracker's own catalog, but --catalog / FTRACK_CATALOG overrides it",
            "run it without --catalog and with FTRACK_CATALOG unset",
        ));
    }
    if !env.store.exists() {
        return Err(usage(
            format!("no tracker at {} to switch", env.tracker_display()),
            format!(
                "create one on that catalog: `ftrack init --catalog {}`",
                args.file.display()
            ),
        ));
    }
    let new = crate::store::read_catalog(&args.file)?;
    let loaded = env.store.load_history()?;
    let event = Event::new(Op::Init, env.now, &env.who(None));
    let copy = copy_name(&event.id);
    let header = format!(
        "# The catalog of this tracker: a copy of {} made by `ftrack catalog use` at {}.\n# Aliases carry over progress recorded under older ids. Switch with `ftrack catalog use FILE`.\n",
        crate::present::clean_line(&args.file.display().to_string()),
        env.now.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let plan = plan(&loaded.state, &new, &header)?;
    let orphaned = plan.orphaned_events();
    let apply = !args.dry_run && (orphaned == 0 || args.accept_orphans);
    let mut view = SwitchView {
        schema: SCHEMA,
        tracker: env.tracker_display(),
        from: loaded.state.catalog.source.to_string(),
        to: args.file.display().to_string(),
        copy: None,
        applied: apply,
        dry_run: args.dry_run,
        accept_orphans: args.accept_orphans,
        plan,
    };
    let warnings = loaded.warnings.clone();
    // (A tracker whose own files or directory are links is not written to, the copy included.)
    let notes = if apply {
        let yaml = std::mem::take(&mut view.plan.yaml);
        let recorded = env
            .store
            .switch_catalog(loaded, event, &copy, yaml.as_bytes())?;
        view.copy = recorded.files.first().map(|p| p.display().to_string());
        recorded.warnings
    } else {
        Vec::new()
    };
    view.plan.yaml.clear();
    let text = env.answer(&view, human)?;
    let out = Output::ok(text).warn(warnings).warn(notes);
    if !apply && !args.dry_run {
        let ids: Vec<&str> = view.plan.orphaned.keys().map(String::as_str).collect();
        return Ok(out.refuse(UserError::new(
            Kind::Usage,
            format!(
                "switching to {} would orphan {orphaned} recorded event(s) on {}; nothing was changed",
                args.file.display(),
                ids.join(", ")
            ),
            "pass --accept-orphans to switch anyway; to keep that progress instead, list the old ids under `aliases:` of the items they became in FILE (and keep the phase ids the journal advanced to)",
        )));
    }
    Ok(out)
}
