//! ftrack: parse the command line, run the command, turn the outcome into an exit code.

mod atomic;
mod catalog;
mod cli;
mod cmd;
mod context;
mod error;
mod journal;
mod render;
mod report;
mod resolve;
mod tracker;
mod view;
mod when;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = cmd::run(cli).and_then(|out| {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(out.stdout.as_bytes())?;
        stdout.flush()?;
        Ok(out.outcome)
    });
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(e) if error::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => error::report(&e),
    }
}
