//! `ftrack report`: the per-phase meeting report, in the format asked for, to stdout or a file.

use chrono::{DateTime, Local, Offset, Utc};
use serde::Serialize;

use crate::app::cli::ReportArgs;
use crate::app::{Env, Output, refuse_tracker_file};
use crate::error::usage;
use crate::model::resolve;
use crate::model::when::parse_when;
use crate::present::clean_line;
use crate::present::report::{Format, Options, ReportView, Zone};
use crate::present::view::SCHEMA;

/// What `report --output FILE` answers.
#[derive(Serialize)]
struct WrittenView {
    schema: u32,
    format: &'static str,
    output: String,
}

/// The machine's time zone (the `TZ` variable, else the system's), or UTC with `--utc`.
pub(crate) fn zone(utc: bool, now: DateTime<Utc>) -> Zone {
    if utc {
        return Zone::utc();
    }
    let offset = |t: DateTime<Utc>| t.with_timezone(&Local).offset().fix();
    let here = offset(now);
    if here.local_minus_utc() == 0 && std::env::var("TZ").is_err() {
        // Most servers and CI run in UTC: say so plainly.
        return Zone::utc();
    }
    Zone::new(format!("local time (UTC{here})"), offset)
}

pub fn run(args: &ReportArgs, env: &Env) -> anyhow::Result<Output> {
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if env.json && output.is_none() && args.format.is_some_and(|f| f != Format::Json) {
        return Err(usage(
            "--json prints the report as JSON, and --format asks for another format",
            "drop one of them: `ftrack report --json`, or `ftrack report --format csv`",
        ));
    }
    let format = args
        .format
        .or_else(|| output.and_then(Format::from_path))
        .unwrap_or(if env.json { Format::Json } else { Format::Text });
    if format.is_binary() && output.is_none() {
        return Err(usage(
            format!("the {} report is a binary file, not text", format.name()),
            format!(
                "write it to a file: --output report.{}",
                format.extensions()[0]
            ),
        ));
    }
    // The burn-up is drawn from every event, so the report always reads the whole journal
    // (`status` and the other read commands stay on the fast path).
    let loaded = env.store.load_full()?;
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
    let options = Options {
        paper: args.paper,
        bom: args.bom,
        zone: zone(args.utc, env.now),
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
    refuse_tracker_file(env, path)?;
    crate::store::atomic::write(
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
