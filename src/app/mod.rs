//! The application layer: the only code that reads the environment, the clock, the terminal,
//! the current directory and the user. It parses nothing itself (clap does, in `cli`), finds the
//! tracker (`locate`), and dispatches to one file per command (`cmd/`). Every command answers
//! with a view; `Env::answer` renders it as text, JSON (`--json`) or nothing (`--quiet`).

pub mod cli;
pub mod cmd;
pub mod complete;
pub mod locate;
pub mod schemas;
pub mod usage;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::error::Outcome;
use crate::model::event::{Event, Op};
use crate::model::state::Engagement;
use crate::present::{self, Style};
use crate::store::{Loaded, Recorded, Store};
use cli::{Cli, Command};

pub use cmd::completions::VAR as COMPLETE_VAR;

/// What every command gets: the tracker, how output may look, and the time.
pub struct Env {
    pub store: Store,
    /// True when the tracker was named by `--dir` / `FTRACK_DIR`.
    pub explicit: bool,
    /// True for the per-user tracker (created by its first write).
    pub fallback: bool,
    /// `--catalog` / `FTRACK_CATALOG`, when given (the store is opened with it).
    pub catalog: Option<std::path::PathBuf>,
    pub style: Style,
    pub now: DateTime<Utc>,
    /// The UTC offset dates are read and judged in (the local zone's now, or UTC).
    pub offset: FixedOffset,
    pub json: bool,
    pub quiet: bool,
}

impl Env {
    /// Today in the local zone: due dates are judged by it.
    /// Who is recording this command (`--by`, FTRACK_USER, git's user.name, the login name).
    pub fn who(&self, by: Option<&str>) -> String {
        locate::who(by, &*self.store)
    }

    pub fn today(&self) -> NaiveDate {
        self.local_now().date_naive()
    }

    /// Now, in the local zone (what dates people type are read against).
    pub fn local_now(&self) -> DateTime<FixedOffset> {
        self.now.with_timezone(&self.offset)
    }

    /// The tracker directory, for display.
    pub fn tracker_display(&self) -> String {
        let at = self.store.location();
        std::path::absolute(at)
            .unwrap_or_else(|_| at.to_path_buf())
            .display()
            .to_string()
    }

    /// A view as the user asked for it: nothing (`--quiet`), JSON (`--json`), else `human`,
    /// fitted to the width by the one wrapper (`present::wrap::fit`).
    pub fn answer<V: Serialize>(
        &self,
        view: &V,
        human: impl FnOnce(&V, Style) -> String,
    ) -> anyhow::Result<String> {
        self.answer_document(view, |v, style| {
            present::wrap::fit(&human(v, style), style.width)
        })
    }

    /// As `answer`, for a document that must reach standard output as it is (a catalog's YAML).
    pub fn answer_document<V: Serialize>(
        &self,
        view: &V,
        text: impl FnOnce(&V, Style) -> String,
    ) -> anyhow::Result<String> {
        Ok(if self.quiet {
            String::new()
        } else if self.json {
            present::json(view)?
        } else {
            text(view, self.style)
        })
    }
}

/// What a command produced: text for standard output, warnings for standard error, and how it
/// ended.
pub struct Output {
    pub stdout: String,
    pub warnings: Vec<String>,
    pub outcome: Outcome,
    /// An error said after the answer (a refusal that shows what it refused: `catalog use`).
    pub refusal: Option<crate::error::UserError>,
}

impl Output {
    pub fn ok(stdout: String) -> Output {
        Output {
            stdout,
            warnings: Vec::new(),
            outcome: Outcome::Ok,
            refusal: None,
        }
    }

    /// Answer, then fail with `err` (its error and hint lines, its exit code).
    pub fn refuse(mut self, err: crate::error::UserError) -> Output {
        self.refusal = Some(err);
        self
    }

    pub fn with_outcome(mut self, outcome: Outcome) -> Output {
        self.outcome = outcome;
        self
    }

    /// The warnings a load produced (a torn last line), shown on standard error.
    pub fn warn(mut self, warnings: Vec<String>) -> Output {
        self.warnings.extend(warnings);
        self
    }
}

/// What `completions` and `man` answer with `--json`: the text they print, in one string.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct TextView {
    /// The version of this JSON shape.
    schema: u32,
    /// The completion script or man page, as printed without `--json`.
    text: String,
}

pub fn run(cli: Cli) -> anyhow::Result<Output> {
    // These two need no tracker, so they work anywhere (a packaging build without HOME, too).
    let (json, quiet) = (cli.json, cli.quiet);
    let plain = |out: Output| -> anyhow::Result<Output> {
        Ok(Output::ok(if quiet {
            String::new()
        } else if json {
            present::json(&TextView {
                schema: present::view::SCHEMA,
                text: out.stdout,
            })?
        } else {
            out.stdout
        }))
    };
    match &cli.command {
        Command::Completions(a) => return plain(cmd::completions::run(a)?),
        Command::Schema(a) => {
            let width = locate::style(cli.utc, chrono::Utc::now()).width;
            let text = cmd::schema::run(a, json, width)?;
            return Ok(Output::ok(if quiet { String::new() } else { text }));
        }
        // Reads the trackers under its folders, not the one tracker in use.
        Command::Portfolio(a) => return cmd::portfolio::run(a, &cli),
        Command::Man(a) => {
            // Never into a tracker's own directory (when there is a tracker here).
            let here = a
                .output
                .as_ref()
                .and_then(|_| locate::store(cli.dir.clone(), None).ok());
            return plain(cmd::man::run(a, here.as_deref())?);
        }
        _ => {}
    }
    let located = locate::locate(cli.dir, cli.catalog)?;
    let now = locate::now()?;
    let env = Env {
        store: located.store,
        explicit: located.explicit,
        fallback: located.fallback,
        catalog: located.catalog,
        style: locate::style(cli.utc, now),
        offset: locate::offset_at(cli.utc)(now),
        now,
        json,
        quiet,
    };
    let out = dispatch(&cli.command, &env)?;
    // A write that went to the per-user tracker says so, once: it may not be the one meant.
    if env.fallback && is_write(&cli.command) && !json && !quiet && out.outcome == Outcome::Ok {
        let mut out = out;
        out.stdout.push_str(&format!(
            "(tracker: {})\n",
            locate::home_relative(env.store.location())
        ));
        return Ok(out);
    }
    Ok(out)
}

/// Commands that record events (and so may create the per-user tracker).
fn is_write(c: &Command) -> bool {
    match c {
        Command::Done(_)
        | Command::Reopen(_)
        | Command::Waive(_)
        | Command::Assign(_)
        | Command::Add(_)
        | Command::Retire(_)
        | Command::Note(_)
        | Command::Undo(_)
        | Command::Plan(_) => true,
        Command::Advance(a) => !a.dry_run,
        _ => false,
    }
}

fn dispatch(command: &Command, env: &Env) -> anyhow::Result<Output> {
    match command {
        Command::Init(a) => cmd::init::run(a, env),
        Command::Status => cmd::status::run(env),
        Command::List(a) => cmd::list::run(a, env),
        Command::Show(a) => cmd::show::run(a, env),
        Command::Done(a) => cmd::done::run(a, env),
        Command::Reopen(a) => cmd::reopen::run(a, env),
        Command::Waive(a) => cmd::waive::run(a, env),
        Command::Assign(a) => cmd::assign::run(a, env),
        Command::Advance(a) => cmd::advance::run(a, env),
        Command::Gate(a) => cmd::gate::run(a, env),
        Command::Log(a) => cmd::log::run(a, env),
        Command::Add(a) => cmd::add::run(a, env),
        Command::Retire(a) => cmd::retire::run(a, env),
        Command::Note(a) => cmd::note::run(a, env),
        Command::Undo(a) => cmd::undo::run(a, env),
        Command::Plan(a) => cmd::plan::run(a, env),
        Command::Report(a) => cmd::report::run(a, env),
        Command::Catalog(c) => cmd::catalog::run(c, env),
        Command::Doctor(a) => cmd::doctor::run(a, env),
        Command::Completions(_) | Command::Man(_) | Command::Portfolio(_) | Command::Schema(_) => {
            unreachable!("dispatched above")
        }
    }
}

/// A text argument; `-` reads it from standard input (for notes too long for a command line).
pub fn text_arg(flag: &str, value: Option<&str>) -> anyhow::Result<Option<String>> {
    match value {
        Some("-") => {
            // At most what one journal line holds (a longer text could never be recorded).
            let buf = crate::store::read_user_stream(
                std::io::stdin(),
                &format!("{flag} -: standard input"),
                crate::store::UserFile::Text,
            )?;
            let text = String::from_utf8(buf).map_err(|_| {
                crate::error::usage(
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
pub fn event_on(t: &Engagement, idx: usize, op: Op, env: &Env, by: &str) -> Event {
    let task = t.catalog.task(idx);
    Event::new(op, env.now, by)
        .with_task(&task.id)
        .with_origin(task.added.as_ref().map(|a| a.event.as_str()))
}

/// Record events decided on `loaded`. A tracker outside any git work tree whose directory does
/// not exist yet or is empty (the per-user tracker, or a new `--dir`) is created by its first
/// write; any other must have a journal already: in a work tree a missing journal may be one
/// that git is replacing, and only `ftrack init` creates one there.
pub fn record(env: &Env, loaded: Loaded, events: &[Event]) -> anyhow::Result<Recorded> {
    if (env.fallback || env.explicit) && !events.is_empty() && env.store.is_vacant() {
        let init = Event::new(Op::Init, env.now, &env.who(None));
        env.store.create(&init)?;
    }
    env.store.record(loaded, events)
}
