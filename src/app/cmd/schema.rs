//! `ftrack schema [COMMAND]`: the JSON Schema of a command's `--json` answer, or the list of
//! commands that have one (see `app::schemas`).

use serde::Serialize;

use crate::app::cli::SchemaArgs;
use crate::app::schemas::{self, ANSWERS};
use crate::error::usage;
use crate::present::view::SCHEMA;

/// What `ftrack schema` answers with `--json`: the commands whose answers have a schema.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct ListView {
    /// The version of this JSON shape.
    schema: u32,
    /// Each command with a `--json` answer.
    commands: Vec<Entry>,
}

/// One command and what its answer holds.
#[derive(Serialize, schemars::JsonSchema)]
struct Entry {
    /// The command as typed after `ftrack`.
    command: &'static str,
    /// What its `--json` answer holds.
    about: &'static str,
}

/// The schema of the command named (as JSON, whatever `--json` says), or the list.
pub fn run(args: &SchemaArgs, json: bool) -> anyhow::Result<String> {
    if args.command.is_empty() {
        return list(json);
    }
    let name = args.command.join(" ");
    let Some(answer) = schemas::find(&name) else {
        let near = ANSWERS
            .iter()
            .map(|a| (strsim::jaro_winkler(&name, a.command), a.command))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| format!("did you mean `ftrack schema {c}`? "))
            .unwrap_or_default();
        return Err(usage(
            format!("no command `{name}` answers with JSON"),
            format!("{near}`ftrack schema` lists the commands"),
        ));
    };
    crate::present::json(&schemas::schema(answer))
}

fn list(json: bool) -> anyhow::Result<String> {
    let view = ListView {
        schema: SCHEMA,
        commands: ANSWERS
            .iter()
            .map(|a| Entry {
                command: a.command,
                about: a.about,
            })
            .collect(),
    };
    if json {
        return crate::present::json(&view);
    }
    let mut out = String::from(
        "The --json answer of each command has a JSON Schema (draft 2020-12); print one with\n`ftrack schema COMMAND`:\n\n",
    );
    let w = ANSWERS.iter().map(|a| a.command.len()).max().unwrap_or(0);
    for a in ANSWERS {
        out.push_str(&format!("  {:<w$}  {}\n", a.command, a.about));
    }
    Ok(out)
}
