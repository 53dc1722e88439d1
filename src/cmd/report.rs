//! `ftrack report`: the per-phase meeting report, in the format asked for, to stdout or a file.

use std::path::Path;

use super::{Env, Output};
use crate::cli::{ReportArgs, ReportFormat};
use crate::render::{self, report};
use crate::report::ReportView;
use crate::resolve;
use crate::when::parse_when;

pub fn run(args: &ReportArgs, env: &Env) -> anyhow::Result<Output> {
    // The events themselves are only needed for "Since WHEN".
    let t = if args.since.is_some() {
        env.ctx.load_full()?
    } else {
        env.ctx.load()?
    };
    let mut phases = Vec::new();
    for name in &args.phases {
        let p = resolve::phase(&t, name)?;
        if !phases.contains(&p) {
            phases.push(p);
        }
    }
    let since = args
        .since
        .as_deref()
        .map(|s| parse_when("--since", s, env.now))
        .transpose()?;
    let view = ReportView::new(&t, &phases, since, env.now);
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(from_extension))
        .unwrap_or(ReportFormat::Text);
    let body = match format {
        ReportFormat::Text => report::text::render(&view),
        ReportFormat::Markdown => report::markdown::render(&view),
        ReportFormat::Html => report::html::render(&view),
        ReportFormat::Json => render::json(&view)?,
        ReportFormat::Csv => report::csv::render(&view)?,
    };
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        None => Ok(Output::ok(body)),
        Some(path) => {
            super::refuse_tracker_file(env, path)?;
            crate::atomic::write(
                path,
                body.as_bytes(),
                "check that the directory exists and is writable",
            )?;
            Ok(Output::ok(format!(
                "Wrote the {} report to {}.\n",
                format_name(format),
                render::clean_line(&path.display().to_string())
            )))
        }
    }
}

/// The format a file name asks for: .md/.markdown, .html/.htm, .json, .csv, .txt.
fn from_extension(path: &Path) -> Option<ReportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "md" | "markdown" => ReportFormat::Markdown,
        "html" | "htm" => ReportFormat::Html,
        "json" => ReportFormat::Json,
        "csv" => ReportFormat::Csv,
        "txt" | "text" => ReportFormat::Text,
        _ => return None,
    })
}

fn format_name(f: ReportFormat) -> &'static str {
    match f {
        ReportFormat::Text => "text",
        ReportFormat::Markdown => "Markdown",
        ReportFormat::Html => "HTML",
        ReportFormat::Json => "JSON",
        ReportFormat::Csv => "CSV",
    }
}
