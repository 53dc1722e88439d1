//! The JSON contract: for every command, the JSON Schema (draft 2020-12) of its `--json`
//! answer, generated from the Rust views that answer (schemars: doc comments become
//! descriptions). `ftrack schema` prints them. Every object schema is closed
//! (`additionalProperties: false`), so that a field added to a view without a schema change is
//! caught by the tests that validate real answers against these.
//!
//! A new command's answer is one line of `ANSWERS`: its name, what it answers, and the view
//! (or views, when flags change the answer) it serialises.

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::transform::{RecursiveTransform, Transform};
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};

use crate::present::changes::WriteView;
use crate::present::gate::GateView;
use crate::present::portfolio::PortfolioView;
use crate::present::report::ReportView;
use crate::present::switch::SwitchView;
use crate::present::view::{DiffView, ListView, LogView, OwnersView, ShowView, StatusView};

use super::cmd;

/// One command's `--json` answer.
pub struct Answer {
    /// The command as typed after `ftrack` ("status", "catalog check").
    pub command: &'static str,
    /// What the answer holds, in a line.
    pub about: &'static str,
    /// The schema of each shape the answer can take (most commands have one).
    shapes: fn(&mut SchemaGenerator) -> Vec<Schema>,
}

fn one<A: JsonSchema>(g: &mut SchemaGenerator) -> Vec<Schema> {
    vec![g.subschema_for::<A>()]
}

fn two<A: JsonSchema, B: JsonSchema>(g: &mut SchemaGenerator) -> Vec<Schema> {
    vec![g.subschema_for::<A>(), g.subschema_for::<B>()]
}

const WRITE: &str = "the changes recorded: each item's state before and after";

/// Every command with a `--json` answer, in the order of `ftrack --help`.
pub const ANSWERS: &[Answer] = &[
    Answer {
        command: "init",
        about: "the tracker created",
        shapes: one::<WriteView>,
    },
    Answer {
        command: "status",
        about: "phase, progress per phase, blockers, overdue items, orphans",
        shapes: one::<StatusView>,
    },
    Answer {
        command: "list",
        about: "the items listed; with --owner and no name, the owners and their loads",
        shapes: two::<ListView, OwnersView>,
    },
    Answer {
        command: "show",
        about: "one item, its catalog facts and its history",
        shapes: one::<ShowView>,
    },
    Answer {
        command: "done",
        about: WRITE,
        shapes: one::<WriteView>,
    },
    Answer {
        command: "reopen",
        about: WRITE,
        shapes: one::<WriteView>,
    },
    Answer {
        command: "waive",
        about: WRITE,
        shapes: one::<WriteView>,
    },
    Answer {
        command: "assign",
        about: WRITE,
        shapes: one::<WriteView>,
    },
    Answer {
        command: "advance",
        about: "the advance recorded (or, with --dry-run, that would be); when blocked, the gate",
        shapes: two::<WriteView, GateView>,
    },
    Answer {
        command: "note",
        about: WRITE,
        shapes: one::<WriteView>,
    },
    Answer {
        command: "undo",
        about: "the changes that took the last command back",
        shapes: one::<WriteView>,
    },
    Answer {
        command: "gate",
        about: "the gate checked and what blocks it",
        shapes: one::<GateView>,
    },
    Answer {
        command: "log",
        about: "the journal's events, oldest first",
        shapes: one::<LogView>,
    },
    Answer {
        command: "add",
        about: "the items added",
        shapes: one::<WriteView>,
    },
    Answer {
        command: "retire",
        about: WRITE,
        shapes: one::<WriteView>,
    },
    Answer {
        command: "plan",
        about: "the phase's target date before and after",
        shapes: one::<WriteView>,
    },
    Answer {
        command: "report",
        about: "the report's data; with --output, the file written",
        shapes: two::<ReportView, cmd::report::WrittenView>,
    },
    Answer {
        command: "portfolio",
        about: "every engagement under the folders given, worst first; with --output, the file written",
        shapes: two::<PortfolioView, cmd::portfolio::WrittenView>,
    },
    Answer {
        command: "catalog check",
        about: "the catalog's phases and counts",
        shapes: one::<cmd::catalog::CheckView>,
    },
    Answer {
        command: "catalog import",
        about: "the catalog made from a page",
        shapes: one::<cmd::catalog_import::ImportView>,
    },
    Answer {
        command: "catalog diff",
        about: "what differs between two catalogs",
        shapes: one::<DiffView>,
    },
    Answer {
        command: "catalog use",
        about: "the plan of a catalog switch, and whether it was applied",
        shapes: one::<SwitchView>,
    },
    Answer {
        command: "doctor",
        about: "what doctor found: facts, problems with their fixes, notes",
        shapes: one::<crate::present::doctor::Findings>,
    },
    Answer {
        command: "completions",
        about: "the completion script, as a string",
        shapes: one::<super::TextView>,
    },
    Answer {
        command: "man",
        about: "the man page, as a string",
        shapes: one::<super::TextView>,
    },
    Answer {
        command: "schema",
        about: "the commands whose answers have a schema",
        shapes: one::<SchemaList>,
    },
];

/// What `ftrack schema` answers with `--json`: the commands whose answers have a schema.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct SchemaList {
    /// The version of this JSON shape.
    pub(crate) schema: u32,
    /// Each command with a `--json` answer.
    pub(crate) commands: Vec<Entry>,
}

/// One command and what its answer holds.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct Entry {
    /// The command as typed after `ftrack`.
    pub(crate) command: &'static str,
    /// What its `--json` answer holds.
    pub(crate) about: &'static str,
}

/// The answer of `command` ("status", "catalog check"), if it has one.
pub fn find(command: &str) -> Option<&'static Answer> {
    ANSWERS.iter().find(|a| a.command == command)
}

/// Every object with properties is closed: a field the schema does not name is an error.
fn closed(schema: &mut Schema) {
    if let Some(obj) = schema.as_object_mut()
        && obj.contains_key("properties")
        && !obj.contains_key("additionalProperties")
    {
        obj.insert("additionalProperties".into(), Value::Bool(false));
    }
}

/// The JSON Schema (draft 2020-12) of an answer: its shape, or one of its shapes.
pub fn schema(answer: &Answer) -> Value {
    let mut g = SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(closed))
        .into_generator();
    let mut shapes = (answer.shapes)(&mut g);
    for s in &mut shapes {
        RecursiveTransform(closed).transform(s);
    }
    let mut root = match shapes.len() {
        1 => shapes.remove(0).to_value(),
        _ => json!({ "oneOf": shapes.into_iter().map(Schema::to_value).collect::<Vec<_>>() }),
    };
    let defs = g.take_definitions(true);
    let obj = root.as_object_mut().expect("a schema object");
    let mut head = serde_json::Map::new();
    head.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    head.insert(
        "title".into(),
        json!(format!("ftrack {} --json", answer.command)),
    );
    head.insert("description".into(), json!(answer.about));
    head.append(obj);
    if !defs.is_empty() {
        head.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property of every object, at every depth: (path, its schema, the object).
    fn walk<'a>(path: &str, v: &'a Value, out: &mut Vec<(String, &'a Value, &'a Value)>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (k, p) in props {
                        out.push((format!("{path}.{k}"), p, v));
                    }
                }
                for (k, child) in map {
                    walk(&format!("{path}/{k}"), child, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(&format!("{path}[{i}]"), child, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_field_of_every_answer_is_described_and_no_object_is_open() {
        let mut undescribed = Vec::new();
        for a in ANSWERS {
            let s = schema(a);
            let mut props = Vec::new();
            walk(a.command, &s, &mut props);
            assert!(!props.is_empty(), "{}", a.command);
            for (path, p, object) in props {
                let described = p
                    .get("description")
                    .and_then(Value::as_str)
                    .is_some_and(|d| !d.trim().is_empty());
                if !described {
                    undescribed.push(path.clone());
                }
                assert_eq!(
                    object.get("additionalProperties"),
                    Some(&Value::Bool(false)),
                    "{path}: open object"
                );
            }
        }
        undescribed.sort();
        undescribed.dedup();
        assert!(
            undescribed.is_empty(),
            "fields without a description:\n{}",
            undescribed.join("\n")
        );
    }

    #[test]
    fn every_subcommand_has_a_schema() {
        use clap::CommandFactory;
        fn names(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = format!("{prefix}{}", sub.get_name());
                if sub.has_subcommands() {
                    names(sub, &format!("{name} "), out);
                } else {
                    out.push(name);
                }
            }
        }
        let mut all = Vec::new();
        names(&crate::app::cli::Cli::command(), "", &mut all);
        for name in all {
            assert!(find(&name).is_some(), "`{name}` has no schema in ANSWERS");
        }
    }
}
