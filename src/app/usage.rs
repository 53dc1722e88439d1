//! Command lines clap refuses, reported the way ftrack reports every error.

use super::cli::Cli;

/// A command line clap refused, as ftrack reports every error: one line saying what is wrong and
/// one `hint:` line (clap's tip, if it has one, and the usage). None for help and version, which
/// clap prints itself. `args` is the command line (without the program), to point at the right
/// `--help`.
pub fn usage_error(e: &clap::Error, args: &[String]) -> Option<(String, String)> {
    use clap::CommandFactory;
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let text = e.render().to_string();
    // clap's blocks: the error (and the lines that continue it), a tip, the usage, a pointer
    // to --help; one line each here.
    let mut message = Vec::new();
    let mut tips = Vec::new();
    let mut usage = None;
    let mut in_error = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            in_error = false;
        } else if let Some(m) = line.strip_prefix("error:") {
            message.push(m.trim().to_string());
            in_error = true;
        } else if let Some(t) = line.strip_prefix("tip:") {
            tips.push(t.trim().to_string());
        } else if let Some(u) = line.strip_prefix("Usage:") {
            usage = Some(u.trim().to_string());
        } else if in_error {
            message.push(line.to_string());
        }
    }
    let mut message = message.join(" ");
    if message.is_empty() {
        message = "the command line is not one ftrack understands".to_string();
    }
    let command = Cli::command();
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .filter(|a| command.find_subcommand(a.as_str()).is_some());
    let help = match sub {
        Some(cmd) => format!("`ftrack {cmd} --help` says more"),
        None => "`ftrack --help` says more".to_string(),
    };
    let mut hint = tips;
    hint.extend(usage.map(|u| format!("usage: {u}")));
    hint.push(help);
    Some((message, hint.join("; ")))
}
