//! Shell completion that knows the tracker: task ids (titles as descriptions) and phase names.
//!
//! clap_complete's engine calls these while a shell completes a command line
//! (`_FTRACK_COMPLETE=bash ftrack -- ftrack done ""`). They read the tracker the completed
//! command would use — its `--dir`/`--catalog`, else `FTRACK_DIR`/`FTRACK_CATALOG`, else the
//! usual search — and whatever goes wrong (no tracker, a bad catalog, an unreadable journal) they
//! offer nothing: completion never prints an error into the user's prompt.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::{ArgValueCandidates, CompletionCandidate};

use crate::app::cli::Cli;
use crate::model::state::{Engagement, Status};
use crate::present::clean_line;

/// The command line with completion candidates attached to every argument that names a task or
/// a phase: what the shell's callback and the completion scripts are built from.
pub fn command() -> clap::Command {
    let with = |cmd: clap::Command, sub: &str, arg: &str, f: fn() -> Vec<CompletionCandidate>| {
        cmd.mut_subcommand(sub, |c| {
            c.mut_arg(arg, |a| a.add(ArgValueCandidates::new(f)))
        })
    };
    let mut cmd = Cli::command();
    for (sub, arg, f) in [
        (
            "done",
            "tasks",
            outstanding as fn() -> Vec<CompletionCandidate>,
        ),
        ("waive", "tasks", outstanding),
        ("reopen", "tasks", closed),
        ("retire", "task", added_live),
        ("show", "task", any_task),
        ("assign", "tasks", any_task),
        ("log", "task", any_task),
        ("note", "task", any_task),
        ("add", "phase", phases),
        ("list", "phase", phases),
        ("gate", "phase", gates),
        ("plan", "phase", phases),
        ("report", "phases", phases),
    ] {
        cmd = with(cmd, sub, arg, f);
    }
    cmd
}

/// Items still to do (for `done`, `waive`).
pub fn outstanding() -> Vec<CompletionCandidate> {
    tasks(|s| s == Status::Outstanding)
}

/// Items done or waived (for `reopen`).
pub fn closed() -> Vec<CompletionCandidate> {
    tasks(|s| matches!(s, Status::Done | Status::Waived))
}

/// Items added to this engagement and not retired (for `retire`).
pub fn added_live() -> Vec<CompletionCandidate> {
    let Some(t) = tracker() else {
        return Vec::new();
    };
    candidates(&t, |i| t.catalog.tasks[i].added.is_some() && t.is_live(i))
}

/// Every item (for `show`, `assign`, `log --task`).
pub fn any_task() -> Vec<CompletionCandidate> {
    tasks(|_| true)
}

/// The catalog's phase names, in order (for `list --phase`, `gate`).
pub fn phases() -> Vec<CompletionCandidate> {
    let Some(t) = tracker() else {
        return Vec::new();
    };
    t.catalog
        .phases
        .iter()
        .enumerate()
        .map(|(order, p)| {
            CompletionCandidate::new(&p.id)
                .help(Some(clean_line(&p.description).into_owned().into()))
                .display_order(Some(order))
        })
        .collect()
}

/// The phase names and `complete` (for `gate`: what completing the engagement needs).
pub fn gates() -> Vec<CompletionCandidate> {
    let mut all = phases();
    if !all.is_empty() {
        all.push(
            CompletionCandidate::new(crate::model::catalog::COMPLETE)
                .help(Some(
                    "every required item of every phase, general ones included".into(),
                ))
                .display_order(Some(all.len())),
        );
    }
    all
}

/// Task ids whose state passes `keep`, in catalog order, each with its title.
fn tasks(keep: impl Fn(Status) -> bool) -> Vec<CompletionCandidate> {
    let Some(t) = tracker() else {
        return Vec::new();
    };
    candidates(&t, |i| keep(t.states[i].status))
}

/// Task ids for which `keep(index)` holds, in catalog order, each with its title.
fn candidates(t: &Engagement, keep: impl Fn(usize) -> bool) -> Vec<CompletionCandidate> {
    t.catalog
        .tasks
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(order, task)| {
            CompletionCandidate::new(&task.id)
                .help(Some(clean_line(&task.title).into_owned().into()))
                .display_order(Some(order))
        })
        .collect()
}

/// The tracker of the command line being completed, or None if it cannot be read.
fn tracker() -> Option<Engagement> {
    let (dir, catalog) = locations(std::env::args_os());
    let store = super::locate::store(dir, catalog).ok()?;
    store.load().ok().map(|loaded| loaded.state)
}

/// `--dir` and `--catalog` of the command line being completed (the words after `--` in the
/// completer's own arguments), falling back to `FTRACK_DIR`/`FTRACK_CATALOG` as clap does.
fn locations(args: impl IntoIterator<Item = OsString>) -> (Option<PathBuf>, Option<PathBuf>) {
    let words = args.into_iter().skip_while(|a| a != "--").skip(1);
    let Ok(matches) = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(words)
    else {
        return (None, None);
    };
    let path = |id: &str| matches.try_get_one::<PathBuf>(id).ok().flatten().cloned();
    (path("dir"), path("catalog"))
}

#[cfg(test)]
mod tests {
    use super::locations;
    use std::ffi::OsString;
    use std::path::PathBuf;

    fn words(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_completed_lines_dir_and_catalog_are_used() {
        let (dir, catalog) = locations(words("ftrack -- ftrack --dir /t done --catalog=/c.yaml k"));
        assert_eq!(dir, Some(PathBuf::from("/t")));
        assert_eq!(catalog, Some(PathBuf::from("/c.yaml")));
    }

    #[test]
    fn a_half_typed_line_still_yields_its_dir() {
        let (dir, _) = locations(words("ftrack -- ftrack done --dir /t --no"));
        assert_eq!(dir, Some(PathBuf::from("/t")));
    }
}
