//! One file per subcommand. Each resolves its inputs, calls the model and hands a view to a
//! renderer; this module only dispatches and holds what they share.

mod add;
mod advance;
mod assign;
mod catalog;
mod catalog_diff;
mod catalog_import;
mod completions;
mod doctor;
mod done;
mod gate;
mod init;
mod list;
mod log;
mod man;
mod reopen;
mod report;
mod retire;
mod show;
mod status;
mod waive;

use chrono::{DateTime, NaiveDate, Utc};

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::Outcome;
use crate::render::Style;

pub use completions::VAR as COMPLETE_VAR;

/// What every command gets: where the tracker is, how output may look, and the time.
pub struct Env {
    pub ctx: Context,
    pub style: Style,
    pub now: DateTime<Utc>,
}

impl Env {
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The tracker directory, for display.
    pub fn tracker_display(&self) -> String {
        std::path::absolute(&self.ctx.dir)
            .unwrap_or_else(|_| self.ctx.dir.clone())
            .display()
            .to_string()
    }
}

/// What a command produced: text for standard output and how it ended.
pub struct Output {
    pub stdout: String,
    pub outcome: Outcome,
}

impl Output {
    pub fn ok(stdout: String) -> Output {
        Output {
            stdout,
            outcome: Outcome::Ok,
        }
    }

    pub fn blocked(stdout: String) -> Output {
        Output {
            stdout,
            outcome: Outcome::Blocked,
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<Output> {
    // These two need no tracker, so they work anywhere (a packaging build without HOME, too).
    match &cli.command {
        Command::Completions(a) => return completions::run(a),
        Command::Man(a) => return man::run(a),
        _ => {}
    }
    let env = Env {
        ctx: Context::locate(cli.dir, cli.catalog)?,
        style: Style::detect(),
        now: crate::when::now()?,
    };
    match &cli.command {
        Command::Init(a) => init::run(a, &env),
        Command::Status(a) => status::run(a, &env),
        Command::List(a) => list::run(a, &env),
        Command::Show(a) => show::run(a, &env),
        Command::Done(a) => done::run(a, &env),
        Command::Reopen(a) => reopen::run(a, &env),
        Command::Waive(a) => waive::run(a, &env),
        Command::Assign(a) => assign::run(a, &env),
        Command::Advance(a) => advance::run(a, &env),
        Command::Gate(a) => gate::run(a, &env),
        Command::Log(a) => log::run(a, &env),
        Command::Add(a) => add::run(a, &env),
        Command::Retire(a) => retire::run(a, &env),
        Command::Report(a) => report::run(a, &env),
        Command::Catalog(c) => catalog::run(c, &env),
        Command::Doctor => doctor::run(&env),
        Command::Completions(_) | Command::Man(_) => unreachable!("dispatched above"),
    }
}

/// A text argument; `-` reads it from standard input (for notes too long for a command line).
pub fn text_arg(flag: &str, value: Option<&str>) -> anyhow::Result<Option<String>> {
    match value {
        Some("-") => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| {
                crate::error::user(
                    format!("{flag} -: cannot read standard input: {e}"),
                    "pipe the text in, or give it inline",
                )
            })?;
            let text = String::from_utf8(buf).map_err(|_| {
                crate::error::user(
                    format!("{flag} -: standard input is not UTF-8 text"),
                    "convert the text to UTF-8 first (e.g. with iconv)",
                )
            })?;
            Ok(Some(text.strip_suffix('\n').unwrap_or(&text).to_string()))
        }
        other => Ok(other.map(str::to_string)),
    }
}

/// A new event about task `idx`: it names the task's id and, for an added item, the add event
/// that created it (ids of items added on two clones may collide).
pub fn event_on(
    t: &crate::tracker::Tracker,
    idx: usize,
    op: crate::journal::Op,
    env: &Env,
    by: &str,
) -> crate::journal::Event {
    let task = t.catalog.task(idx);
    crate::journal::Event::new(op, env.now, by)
        .with_task(&task.id)
        .with_origin(task.added.as_ref().map(|a| a.event.as_str()))
}

/// Refuse to write a report or the like over the tracker's own files.
pub fn refuse_tracker_file(env: &Env, path: &std::path::Path) -> anyhow::Result<()> {
    let canon = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    // The file itself when it exists (a symlink is followed), else the directory it goes in.
    let target = canon(path).or_else(|| canon(parent));
    if let (Some(target), Some(tracker)) = (target, canon(&env.ctx.dir))
        && target.starts_with(&tracker)
    {
        return Err(crate::error::user(
            format!(
                "refusing to write {} inside the tracker {}",
                path.display(),
                tracker.display()
            ),
            "write the report somewhere else, e.g. --output checkpoint.md",
        ));
    }
    Ok(())
}

/// "id (title)" for confirmation messages.
pub fn named(t: &crate::tracker::Tracker, idx: usize) -> String {
    let task = t.catalog.task(idx);
    format!("{} ({})", task.id, crate::render::clean_line(&task.title))
}
