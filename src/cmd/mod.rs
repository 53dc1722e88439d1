//! One file per subcommand. Each resolves its inputs, calls the model and hands a view to a
//! renderer; this module only dispatches and holds what they share.

mod advance;
mod assign;
mod catalog;
mod done;
mod gate;
mod init;
mod list;
mod log;
mod reopen;
mod report;
mod show;
mod status;
mod waive;

use chrono::{DateTime, NaiveDate, Utc};

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::Outcome;
use crate::render::Style;

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
    let env = Env {
        ctx: Context::locate(cli.dir, cli.catalog)?,
        style: Style::detect(),
        now: crate::when::now(),
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
        Command::Report(a) => report::run(a, &env),
        Command::Catalog(c) => catalog::run(c, &env),
    }
}

/// "id (title)" for confirmation messages.
pub fn named(t: &crate::tracker::Tracker, idx: usize) -> String {
    let task = t.catalog.task(idx);
    format!("{} ({})", task.id, crate::render::clean_line(&task.title))
}
