//! `ftrack completions SHELL`: print the script that makes a shell complete ftrack's command
//! line. The script calls back `_FTRACK_COMPLETE=SHELL ftrack -- WORDS…` (clap_complete's
//! dynamic engine), so task ids and phase names come from the tracker in use at the moment of
//! completion.

use std::path::PathBuf;

use clap::ValueEnum;
use clap_complete::env::Shells;

use crate::app::Output;
use crate::app::cli::CompletionsArgs;

/// The environment variable the script sets when it calls ftrack back; see `main`. Not clap's
/// default `COMPLETE`: an unrelated `COMPLETE=1` in someone's environment would then turn every
/// ftrack command into an "unknown shell" error.
pub const VAR: &str = "_FTRACK_COMPLETE";

pub fn run(args: &CompletionsArgs) -> anyhow::Result<Output> {
    let value = args.shell.to_possible_value();
    let name = value.as_ref().map_or("", |v| v.get_name());
    let shells = Shells::builtins();
    let shell = shells
        .completer(name)
        .ok_or_else(|| anyhow::anyhow!("no completion support for {name}"))?;
    let mut script = Vec::new();
    shell.write_registration(VAR, "ftrack", "ftrack", &completer(), &mut script)?;
    Ok(Output::ok(String::from_utf8(script)?))
}

/// How the script should call ftrack: as it was called now — by name when found on PATH, else by
/// its absolute path (so `./target/debug/ftrack completions bash` works from anywhere).
fn completer() -> String {
    let argv0 = std::env::args_os()
        .next()
        .map_or_else(|| PathBuf::from("ftrack"), PathBuf::from);
    let path = if argv0.components().count() > 1 {
        std::path::absolute(&argv0).unwrap_or(argv0)
    } else {
        argv0
    };
    path.to_string_lossy().into_owned()
}
