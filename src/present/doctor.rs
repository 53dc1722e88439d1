//! What `ftrack doctor` shows: the tracker, then each finding (facts, problems with their fix,
//! notes) in the order found, and how many problems there are.

use std::fmt::Write;

use serde::Serialize;

use crate::model::diagnose::Finding;
use crate::present::clean_line;
use crate::present::view::SCHEMA;

/// What `doctor` found: facts, problems (each with its fix) and notes, in the order found.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Findings {
    /// The version of this JSON shape.
    schema: u32,
    /// The tracker directory checked.
    tracker: String,
    /// What was found, in the order found.
    lines: Vec<Line>,
    /// How many problems (exit 1 when any).
    problems: usize,
}

/// One line of what doctor found.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Line {
    /// info (a fact), problem (with its fix) or note.
    kind: Kind,
    /// What was found.
    text: String,
    /// problem: how to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

/// What kind of line a finding is.
#[derive(Serialize, schemars::JsonSchema, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    /// A fact about the tracker.
    Info,
    /// Something wrong, with its fix (exit 1).
    Problem,
    /// Something worth knowing that needs no fix.
    Note,
}

impl Findings {
    pub fn new(tracker: String, found: Vec<Finding>) -> Findings {
        let lines: Vec<Line> = found.into_iter().map(Line::from).collect();
        Findings {
            schema: SCHEMA,
            tracker,
            problems: lines.iter().filter(|l| l.kind == Kind::Problem).count(),
            lines,
        }
    }

    /// How many problems were found (doctor exits 1 when there is any).
    pub fn problems(&self) -> usize {
        self.problems
    }
}

impl From<Finding> for Line {
    fn from(f: Finding) -> Line {
        let (kind, text, fix) = match f {
            Finding::Info { text } => (Kind::Info, text, None),
            // (A fix that says nothing is not shown.)
            Finding::Problem { text, fix } => (
                Kind::Problem,
                text,
                Some(fix).filter(|f| !f.trim().is_empty()),
            ),
            Finding::Note { text } => (Kind::Note, text, None),
        };
        Line { kind, text, fix }
    }
}

pub fn human(f: &Findings) -> String {
    let mut out = format!("Tracker: {}\n", clean_line(&f.tracker));
    for l in &f.lines {
        let text = clean_line(&l.text);
        let _ = match (&l.kind, &l.fix) {
            (Kind::Info, _) => writeln!(out, "{text}"),
            (Kind::Note, _) => writeln!(out, "note: {text}"),
            (Kind::Problem, None) => writeln!(out, "problem: {text}"),
            (Kind::Problem, Some(fix)) => {
                writeln!(out, "problem: {text}\n  fix: {}", clean_line(fix))
            }
        };
    }
    if f.problems == 0 {
        out.push_str("All well.\n");
    } else {
        let _ = writeln!(out, "{} problem(s) found.", f.problems);
    }
    out
}
