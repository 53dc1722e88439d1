//! `ftrack schema [COMMAND]`: the JSON Schema of a command's `--json` answer, or the list of
//! commands that have one (see `app::schemas`).

use crate::app::cli::SchemaArgs;
use crate::app::schemas::{self, ANSWERS, Entry, SchemaList};
use crate::error::usage;
use crate::present::view::SCHEMA;

/// The schema of the command named (as JSON, whatever `--json` says), or the list, fitted to
/// `width` columns.
pub fn run(args: &SchemaArgs, json: bool, width: usize) -> anyhow::Result<String> {
    if args.command.is_empty() {
        return list(json, width);
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

fn list(json: bool, width: usize) -> anyhow::Result<String> {
    let view = SchemaList {
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
    let mut out = crate::present::wrap::fit(
        "The --json answer of each command has a JSON Schema (draft 2020-12); print one with `ftrack schema COMMAND`:\n\n",
        width,
    );
    // Two columns: the command, and what it answers wrapped under its own column.
    let w = ANSWERS.iter().map(|a| a.command.len()).max().unwrap_or(0);
    let column = " ".repeat(2 + w + 2);
    for a in ANSWERS {
        let first = format!("  {:<w$}  ", a.command);
        let options = textwrap::Options::new(width.max(column.len() + 20))
            .initial_indent(&first)
            .subsequent_indent(&column)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for line in textwrap::wrap(a.about, options) {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    Ok(out)
}
