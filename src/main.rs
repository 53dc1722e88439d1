//! ftrack: parse the command line, run the command, turn the outcome into an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use ftrack::{cli, cmd, error};

fn main() -> ExitCode {
    // Past a file-size limit the kernel would kill us mid-write (SIGXFSZ); with a handler the
    // write fails with EFBIG instead, and the journal is cut back to what it was.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    // A shell asking for completions (`_FTRACK_COMPLETE=bash ftrack -- …`, the callback of the
    // script `ftrack completions` prints) is answered here and the process exits.
    clap_complete::CompleteEnv::with_factory(cli::Cli::command)
        .var(cmd::COMPLETE_VAR)
        .complete();
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
