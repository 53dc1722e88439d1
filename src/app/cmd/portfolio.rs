//! `ftrack portfolio [PATH…]`: every engagement under the folders given, one row each, worst
//! first. One process reads every tracker (from its snapshot when that is current, a few at a
//! time), runs git only for `--pull`, and answers in the format asked for. A tracker that
//! cannot be read is a row of its own, and the exit code is then 1.

use std::path::Path;

use super::portfolio_read::Read;

use serde::Serialize;

use crate::app::cli::{Cli, PortfolioArgs};
use crate::app::{Output, locate};
use crate::error::{Outcome, usage};
use crate::model::when::parse_when;
use crate::present::portfolio::{Format, PortfolioView, Skipped};
use crate::present::report::{Options, Zone};
use crate::present::{clean_line, view::SCHEMA};

/// What `portfolio --output FILE` answers.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct WrittenView {
    /// The version of this JSON shape.
    schema: u32,
    /// The format written: text, Markdown, HTML, JSON, CSV or Excel.
    format: &'static str,
    /// The file written.
    output: String,
    /// Engagements in it.
    engagements: usize,
    /// Of those, trackers that could not be read.
    unreadable: usize,
}

pub fn run(args: &PortfolioArgs, cli: &Cli) -> anyhow::Result<Output> {
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let format = format(args, cli.json, output)?;
    let now = locate::now()?;
    let offset_at = locate::offset_at(cli.utc);
    let offset = offset_at(now);
    let since = args
        .since
        .as_deref()
        .map(|s| parse_when("--since", s, now.with_timezone(&offset), &offset_at))
        .transpose()?;
    let cwd = std::env::current_dir().map_err(|e| {
        crate::error::io(
            format!("cannot read the current directory: {e}"),
            "cd to an existing directory, or name the folders: ftrack portfolio ~/customers",
        )
    })?;
    let roots = if args.paths.is_empty() {
        vec![cwd.clone()]
    } else {
        args.paths.clone()
    };
    let walk = crate::store::find_trackers(&roots, args.depth)?;
    let pulls = if args.pull {
        crate::store::pull(&walk.found)
    } else {
        vec![None; walk.found.len()]
    };
    let today = now.with_timezone(&offset).date_naive();
    let read = Read {
        options: crate::store::Options {
            glance: true,
            ..locate::options(cli.catalog.clone().filter(|p| !p.as_os_str().is_empty()))
        },
        since,
        today,
        cwd: &cwd,
    };
    let rows = read.all(&walk.found, pulls);
    let mut warnings = Vec::new();
    let mut skipped = Vec::new();
    for link in &walk.links {
        warnings.push(format!(
            "{}: a symbolic link, not followed (name it as a PATH to include what it points to)",
            link.display()
        ));
        skipped.push(Skipped {
            path: link.display().to_string(),
            why: "a symbolic link: not followed".into(),
        });
    }
    for (dir, why) in &walk.unreadable {
        warnings.push(format!("cannot list {}: {why}", dir.display()));
        skipped.push(Skipped {
            path: dir.display().to_string(),
            why: format!("cannot be listed: {why}"),
        });
    }
    let view = PortfolioView::new(rows, now, since, skipped);
    let outcome = if view.totals.unreadable > 0 {
        Outcome::Problems
    } else {
        Outcome::Ok
    };
    // The zone every human output uses, named as they name it (`--utc`: UTC).
    let style = locate::style(cli.utc, now);
    let options = Options {
        paper: args.paper,
        bom: args.bom,
        zone: Zone::new(style.zone.to_string(), style.offset_at),
    };
    let body = format.render(&view, &options, style)?;
    let Some(path) = output else {
        let text = if cli.quiet {
            String::new()
        } else {
            String::from_utf8(body)?
        };
        return Ok(Output::ok(text).warn(warnings).with_outcome(outcome));
    };
    // Never over one of the trackers' own files.
    for f in &walk.found {
        crate::store::open(f.location.clone(), Default::default()).check_output(path)?;
    }
    write_output(path, &body)?;
    let written = WrittenView {
        schema: SCHEMA,
        format: format.name(),
        output: path.display().to_string(),
        engagements: view.totals.engagements,
        unreadable: view.totals.unreadable,
    };
    let text = if cli.quiet {
        String::new()
    } else if cli.json {
        crate::present::json(&written)?
    } else {
        format!(
            "Wrote the {} portfolio of {} engagement(s) to {}.\n",
            written.format,
            written.engagements,
            clean_line(&written.output)
        )
    };
    Ok(Output::ok(text).warn(warnings).with_outcome(outcome))
}

/// The format asked for: `--format`, else the extension of `--output`, else JSON for `--json`,
/// else text.
fn format(args: &PortfolioArgs, json: bool, output: Option<&Path>) -> anyhow::Result<Format> {
    if json && output.is_none() && args.format.is_some_and(|f| f != Format::Json) {
        return Err(usage(
            "--json prints the portfolio as JSON, and --format asks for another format",
            "drop one of them: `ftrack portfolio --json`, or `ftrack portfolio --format csv`",
        ));
    }
    let by_extension = match (args.format, output) {
        (None, Some(path)) => from_extension(path)?,
        _ => None,
    };
    let format =
        args.format
            .or(by_extension)
            .unwrap_or(if json { Format::Json } else { Format::Text });
    if format.is_binary() && output.is_none() {
        return Err(usage(
            format!("the {} portfolio is a binary file, not text", format.name()),
            format!(
                "write it to a file: --output portfolio.{}",
                format.extensions()[0]
            ),
        ));
    }
    Ok(format)
}

/// The format the extension of `--output` asks for (none: text); an extension that is not a
/// portfolio format is refused, naming the ones that are.
fn from_extension(path: &Path) -> anyhow::Result<Option<Format>> {
    let Some(ext) = path.extension() else {
        return Ok(None);
    };
    let report = crate::present::report::Format::from_path(path);
    if let Some(f) = report.and_then(Format::from_report) {
        return Ok(Some(f));
    }
    use clap::ValueEnum;
    let known = Format::value_variants()
        .iter()
        .flat_map(|f| f.extensions())
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ");
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    let hint = match ext.as_str() {
        "pdf" => format!(
            "ftrack does not write PDF: write .html and print it (landscape, 20 engagements a page), `--output {}`",
            path.with_extension("html").display()
        ),
        _ => format!("name the file with one of {known}, or choose with --format"),
    };
    Err(usage(
        format!(
            "--output {}: `.{ext}` is not a portfolio format ({known})",
            clean_line(&path.display().to_string())
        ),
        hint,
    ))
}

/// Write a file the user named: atomically, and never through a symbolic link, at something
/// that is not a regular file, or behind a linked directory inside a repository (the store's
/// one writer for files users name); never into a tracker (checked by the caller).
fn write_output(path: &Path, body: &[u8]) -> anyhow::Result<()> {
    crate::store::write_file(
        path,
        body,
        "check that the directory exists and is writable",
    )
}
