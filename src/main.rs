//! ftrack: parse the command line, run the command, print what it answered, exit with its code.
//! The only place that writes to standard output and standard error.

use std::io::Write;
use std::process::ExitCode;

use ftrack::{app, error, present::clean_line, present::wrap::fit};

fn main() -> ExitCode {
    // Past a file-size limit the kernel would kill us mid-write (SIGXFSZ); with a handler the
    // write fails with EFBIG instead, and the journal is cut back to what it was.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    // A shell asking for completions (the callback of `ftrack completions`) is answered here.
    clap_complete::CompleteEnv::with_factory(app::complete::command)
        .var(app::COMPLETE_VAR)
        .complete();
    let cli = match app::cli::Cli::from_env() {
        Ok(cli) => cli,
        Err(e) => match app::usage::usage_error(&e, &lossy_args()) {
            None => e.exit(),
            Some((message, hint)) => {
                say_error(&message, &hint);
                return ExitCode::from(error::EXIT_WRONG);
            }
        },
    };
    let result = app::run(cli).and_then(|out| {
        let width = app::locate::stderr_width();
        let mut stderr = std::io::stderr().lock();
        for w in &out.warnings {
            let _ = write!(stderr, "{}", say("warning", w, width));
        }
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(out.stdout.as_bytes())?;
        stdout.flush()?;
        if let Some(refusal) = out.refusal {
            return Err(refusal.into());
        }
        Ok(out.outcome.exit_code())
    });
    ExitCode::from(match result {
        Ok(code) => code,
        Err(e) if error::is_broken_pipe(&e) => error::EXIT_OK,
        Err(e) => {
            let (message, hint, code) = error::explain(&e);
            say_error(&message, &hint);
            code
        }
    })
}

/// One line of standard error, `label: text`, fitted to its width by the one wrapper.
fn say(label: &str, text: &str, width: usize) -> String {
    fit(&format!("{label}: {}\n", clean_line(text)), width)
}

/// An error and its hint (never an empty `hint:` line).
fn say_error(message: &str, hint: &str) {
    let width = app::locate::stderr_width();
    let mut text = say("error", message, width);
    if !hint.trim().is_empty() {
        text.push_str(&say("hint", hint, width));
    }
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The command line without the program name, for pointing at the right `--help`.
fn lossy_args() -> Vec<String> {
    std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}
