//! What `ftrack doctor` shows: the tracker, then each finding (facts, problems with their fix,
//! notes) in the order found, and how many problems there are.

use std::fmt::Write;

use serde::Serialize;

use crate::model::diagnose::Finding;
use crate::present::clean_line;
use crate::present::view::SCHEMA;

/// What `doctor` found: facts, problems (each with its fix) and notes, in the order found.
#[derive(Serialize)]
pub struct DoctorView {
    schema: u32,
    tracker: String,
    lines: Vec<Finding>,
    problems: usize,
}

impl DoctorView {
    pub fn new(tracker: String, lines: Vec<Finding>) -> DoctorView {
        DoctorView {
            schema: SCHEMA,
            tracker,
            problems: lines.iter().filter(|l| l.is_problem()).count(),
            lines,
        }
    }

    /// How many problems were found (doctor exits 1 when there is any).
    pub fn problems(&self) -> usize {
        self.problems
    }
}

pub fn human(f: &DoctorView) -> String {
    let mut out = format!("Tracker: {}\n", clean_line(&f.tracker));
    for l in &f.lines {
        let _ = match l {
            Finding::Info { text } => writeln!(out, "{}", clean_line(text)),
            Finding::Problem { text, fix } => {
                writeln!(
                    out,
                    "problem: {}\n  fix: {}",
                    clean_line(text),
                    clean_line(fix)
                )
            }
            Finding::Note { text } => writeln!(out, "note: {}", clean_line(text)),
        };
    }
    if f.problems == 0 {
        out.push_str("All well.\n");
    } else {
        let _ = writeln!(out, "{} problem(s) found.", f.problems);
    }
    out
}
