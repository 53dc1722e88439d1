//! `ftrack man [--output DIR]`: the man pages, generated from the clap definition (clap_mangen):
//! ftrack(1) on standard output, or ftrack.1 and one ftrack-COMMAND.1 per subcommand in DIR.

use std::fmt::Write as _;

use clap::CommandFactory;
use clap_mangen::Man;
use roff::{Roff, bold, roman};

use crate::app::Output;
use crate::app::cli::{Cli, ManArgs};
use crate::error::io;
use crate::store::Backend;

/// `here`: the tracker of the current directory, when there is one (no page goes into it).
pub fn run(args: &ManArgs, here: Option<&dyn Backend>) -> anyhow::Result<Output> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &args.output else {
        return Ok(Output::ok(String::from_utf8(page(&cmd)?)?));
    };
    if let Some(tracker) = here {
        tracker.check_output(dir)?;
    }
    // No directory is made through a link inside a repository (each page is checked again as
    // it is written).
    crate::store::check_target(&dir.join("ftrack.1"))?;
    std::fs::create_dir_all(dir).map_err(|e| {
        io(
            format!("cannot create {}: {e}", dir.display()),
            "name a directory you can write to with --output DIR",
        )
    })?;
    let mut pages = Vec::new();
    collect(&cmd, &mut pages);
    let mut out = String::new();
    for sub in pages {
        let file = dir.join(Man::new(sub.clone()).get_filename());
        crate::store::write_file(
            &file,
            &page(sub)?,
            "name a directory you can write to with --output DIR",
        )?;
        let _ = writeln!(out, "wrote {}", file.display());
    }
    Ok(Output::ok(out))
}

/// `cmd` and every visible subcommand below it, parents first.
fn collect<'a>(cmd: &'a clap::Command, pages: &mut Vec<&'a clap::Command>) {
    pages.push(cmd);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages);
    }
}

/// One page in roff: clap_mangen's NAME, SYNOPSIS, DESCRIPTION, OPTIONS, SUBCOMMANDS and
/// VERSION, then the help's closing text (`after_help`) as the conventional sections — EXIT
/// STATUS, ENVIRONMENT, EXAMPLES — rather than clap_mangen's single EXTRA section.
fn page(cmd: &clap::Command) -> anyhow::Result<Vec<u8>> {
    let after = cmd.get_after_help().map(|h| h.to_string());
    let mut out = Vec::new();
    Man::new(cmd.clone().after_help(None::<&str>))
        .source(format!("ftrack {}", env!("CARGO_PKG_VERSION")))
        .manual("ftrack manual")
        .render(&mut out)?;
    let mut roff = Roff::new();
    let mut notes = false;
    for paragraph in after.iter().flat_map(|h| h.split("\n\n")) {
        let (first, rest) = paragraph.split_once('\n').unwrap_or((paragraph, ""));
        let heading = match first.trim_end_matches(':') {
            "Exit codes" => "EXIT STATUS",
            "Environment" => "ENVIRONMENT",
            "Example" | "Examples" => "EXAMPLES",
            _ => {
                // Prose: let the pager fill it to the terminal's width; paragraphs after the
                // first go under the same NOTES heading.
                if notes {
                    roff.control("PP", []);
                } else {
                    roff.control("SH", ["NOTES"]);
                    notes = true;
                }
                roff.text([roman(paragraph)]);
                continue;
            }
        };
        // A list or commands: kept line for line.
        roff.control("SH", [heading]).control("nf", []);
        for line in rest.lines() {
            roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
        }
        roff.control("fi", []);
    }
    if cmd.get_name() != "ftrack" {
        roff.control("SH", ["SEE ALSO"])
            .text([bold("ftrack"), roman("(1)")]);
    }
    roff.to_writer(&mut out)?;
    Ok(out)
}
