//! `ftrack report`: the per-phase meeting report, in the format asked for, to stdout or a file.

use serde::Serialize;

use crate::app::cli::ReportArgs;
use crate::app::{Env, Output, refuse_tracker_file};
use crate::model::resolve;
use crate::model::when::parse_when;
use crate::present::clean_line;
use crate::present::report::{Format, ReportView};
use crate::present::view::SCHEMA;

/// What `report --output FILE` answers.
#[derive(Serialize)]
struct WrittenView {
    schema: u32,
    format: &'static str,
    output: String,
}

pub fn run(args: &ReportArgs, env: &Env) -> anyhow::Result<Output> {
    // The events themselves are only needed for "Since WHEN".
    let loaded = if args.since.is_some() {
        env.store.load_full()?
    } else {
        env.store.load()?
    };
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
        .map(|s| parse_when("--since", s, env.local_now()))
        .transpose()?;
    let view = ReportView::new(t, &phases, since, env.local_now());
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let format = args
        .format
        .or_else(|| output.and_then(Format::from_path))
        .unwrap_or(if env.json { Format::Json } else { Format::Text });
    let body = format.render(&view)?;
    let Some(path) = output else {
        let text = if env.quiet { String::new() } else { body };
        return Ok(Output::ok(text).warn(loaded.warnings));
    };
    refuse_tracker_file(env, path)?;
    crate::store::atomic::write(
        path,
        body.as_bytes(),
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
