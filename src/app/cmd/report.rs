//! `ftrack report`: the per-phase meeting report, in the format asked for, to stdout or a file.

use serde::Serialize;

use crate::app::cli::ReportArgs;
use crate::app::{Env, Output};
use crate::error::usage;
use crate::model::resolve;
use crate::model::when::parse_when;
use crate::present::clean_line;
use crate::present::report::{Format, Options, ReportView, Zone, can_draw_burnup};
use crate::present::view::SCHEMA;
use crate::store::Loaded;

/// What `report --output FILE` answers.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct WrittenView {
    /// The version of this JSON shape.
    schema: u32,
    /// The format written: text, Markdown, HTML, JSON, CSV, Excel or iCalendar.
    format: &'static str,
    /// The file written.
    output: String,
}

/// The zone of the report's times: the one every human output uses (`--utc`: UTC).
fn zone(utc: bool, env: &Env) -> Zone {
    if utc {
        return Zone::utc();
    }
    Zone::new(env.style.zone.to_string(), env.style.offset_at)
}

pub fn run(args: &ReportArgs, env: &Env) -> anyhow::Result<Output> {
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if env.json && output.is_none() && args.format.is_some_and(|f| f != Format::Json) {
        return Err(usage(
            "--json prints the report as JSON, and --format asks for another format",
            "drop one of them: `ftrack report --json`, or `ftrack report --format csv`",
        ));
    }
    if let Some(path) = output {
        env.store.check_output(path)?;
    }
    let format = match (args.format, output) {
        (Some(f), _) => f,
        (None, Some(path)) => from_extension(path)?,
        (None, None) if env.json => Format::Json,
        (None, None) => Format::Text,
    };
    if format.is_binary() && output.is_none() {
        return Err(usage(
            format!("the {} report is a binary file, not text", format.name()),
            format!(
                "write it to a file: --output report.{}",
                format.extensions()[0]
            ),
        ));
    }
    let loaded = load(args, env)?;
    let t = &loaded.state;
    let mut phases = Vec::new();
    for name in &args.phases {
        let p = resolve::phase(t, name)?;
        if !phases.contains(&p) {
            phases.push(p);
        }
    }
    let since = args
        .since
        .as_deref()
        .map(|s| parse_when("--since", s, env.local_now(), &env.style.offset_at))
        .transpose()?;
    let view = ReportView::new(t, &phases, since, env.local_now(), &env.style.offset_at);
    let options = Options {
        paper: args.paper,
        bom: args.bom,
        zone: zone(args.utc, env),
    };
    let body = format.render(&view, &options)?;
    let Some(path) = output else {
        let text = if env.quiet {
            String::new()
        } else {
            String::from_utf8(body)?
        };
        return Ok(Output::ok(text).warn(loaded.warnings));
    };
    env.store.write_output(
        path,
        &body,
        "check that the directory exists and is writable",
    )?;
    let written = WrittenView {
        schema: SCHEMA,
        format: format.name(),
        output: path.display().to_string(),
    };
    let text = env.answer(&written, |w, _| {
        format!(
            "Wrote the {} report to {}.\n",
            w.format,
            clean_line(&w.output)
        )
    })?;
    Ok(Output::ok(text).warn(loaded.warnings))
}

/// The tracker as the report needs it: the state alone (the burn-up is folded into it as the
/// journal is replayed, and comes from the snapshot), or with every event when the report lists
/// changes (`--since`) or the fold cannot draw the burn-up at this time (an event dated later).
fn load(args: &ReportArgs, env: &Env) -> anyhow::Result<Loaded> {
    if args.since.is_some() {
        return env.store.load_history();
    }
    let quick = env.store.load()?;
    if can_draw_burnup(&quick.state, env.local_now().to_utc()) {
        return Ok(quick);
    }
    let mut full = env.store.load_history()?;
    // What the first read said (a part staged, commands lost) is not said again by the second.
    let mut warnings = quick.warnings;
    for w in full.warnings {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    full.warnings = warnings;
    Ok(full)
}

/// The format `--output FILE` asks for by its extension (a file without one is text); an
/// extension that names no format is refused, rather than writing text under that name.
fn from_extension(path: &std::path::Path) -> anyhow::Result<Format> {
    let Some(ext) = path.extension() else {
        return Ok(Format::Text);
    };
    if let Some(f) = Format::from_path(path) {
        return Ok(f);
    }
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    let known = Format::all_extensions()
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match ext.as_str() {
        "pdf" => format!(
            "ftrack does not write PDF: write .html and print it, or use the browser's Save as PDF (`--output {}`)",
            path.with_extension("html").display()
        ),
        _ => format!("name the file with one of {known}, or choose with --format"),
    };
    Err(usage(
        format!(
            "--output {}: `.{ext}` is not a report format ({known})",
            clean_line(&path.display().to_string())
        ),
        hint,
    ))
}
