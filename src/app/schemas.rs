//! The JSON contract: the JSON Schema (draft 2020-12) of a command's `--json` answer, generated
//! from the Rust view that answers (schemars: doc comments become descriptions). `ftrack
//! schema` prints them. Every object schema is closed (`additionalProperties: false`), so that a
//! field added to a view without a schema change is caught by the tests that validate real
//! answers against these.
//!
//! A command's answer is one line of `ANSWERS`: its name, what it answers, and the view (or
//! views, when flags change the answer) it serialises.

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::transform::{RecursiveTransform, Transform};
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};

use crate::present::portfolio::PortfolioView;

use super::cmd;

/// One command's `--json` answer.
pub struct Answer {
    /// The command as typed after `ftrack` ("portfolio").
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

/// Every command with a described `--json` answer.
pub const ANSWERS: &[Answer] = &[
    Answer {
        command: "portfolio",
        about: "every engagement under the folders given, worst first; with --output, the file written",
        shapes: two::<PortfolioView, cmd::portfolio::WrittenView>,
    },
    Answer {
        command: "schema",
        about: "the commands whose answers have a schema",
        shapes: one::<cmd::schema::ListView>,
    },
];

/// The answer of `command`, if it has one.
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
}
