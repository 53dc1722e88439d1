//! `ftrack catalog check [FILE]`: validate a catalog and print its phases and counts; `catalog
//! import` and `catalog diff` have files of their own.

use std::fmt::Write;

use serde::Serialize;

use crate::app::cli::CatalogCommand;
use crate::app::{Env, Output};
use crate::model::catalog::Catalog;
use crate::present::clean_line;
use crate::present::view::SCHEMA;

pub fn run(cmd: &CatalogCommand, env: &Env) -> anyhow::Result<Output> {
    match cmd {
        CatalogCommand::Check(args) => {
            let catalog = match &args.file {
                Some(path) => crate::store::read_catalog(path)?,
                None => env.store.recorded_catalog()?,
            };
            let view = CheckView::new(&catalog);
            Ok(Output::ok(env.answer(&view, |v, _| check_report(v))?))
        }
        CatalogCommand::Import(args) => super::catalog_import::run(args, env),
        CatalogCommand::Diff(args) => super::catalog_diff::run(args, env),
        CatalogCommand::Use(args) => super::catalog_use::run(args, env),
    }
}

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct CheckView {
    /// The version of this JSON shape.
    schema: u32,
    /// The catalog checked (file name, or the built-in one).
    source: String,
    /// The catalog's title.
    title: String,
    /// The catalog's description, if any.
    description: Option<String>,
    /// The date the catalog gives its source, if any.
    date: Option<String>,
    /// The items' language (`en` unless the catalog says otherwise).
    language: String,
    /// How many items carry their English original (`text_en`).
    english_originals: usize,
    /// Each phase, with its item counts.
    phases: Vec<PhaseCount>,
    /// How many items the catalog has.
    total: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct PhaseCount {
    /// The phase's id.
    id: String,
    /// How many items it has.
    items: usize,
    /// How many of those are required.
    required: usize,
    /// How many are optional.
    optional: usize,
}

impl CheckView {
    fn new(c: &Catalog) -> CheckView {
        // Counted in one pass over the items (not one per phase: 40,000 phases check in
        // linear time).
        let mut counts = vec![(0usize, 0usize); c.phases.len()];
        for t in &c.tasks {
            if let Some((items, required)) = counts.get_mut(t.phase) {
                *items += 1;
                *required += usize::from(t.required);
            }
        }
        CheckView {
            schema: SCHEMA,
            source: c.source.to_string(),
            title: c.title.clone(),
            description: c.description.clone(),
            date: c.date.clone(),
            language: c.language().to_string(),
            english_originals: c.tasks.iter().filter(|t| t.text_en.is_some()).count(),
            phases: c
                .phases
                .iter()
                .enumerate()
                .map(|(p, phase)| {
                    let (items, required) = counts[p];
                    PhaseCount {
                        id: phase.id.clone(),
                        items,
                        required,
                        optional: items - required,
                    }
                })
                .collect(),
            total: c.tasks.len(),
        }
    }
}

fn check_report(c: &CheckView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: ok", clean_line(&c.source));
    if !c.title.is_empty() {
        let _ = writeln!(out, "Title: {}", clean_line(&c.title));
    }
    if let Some(d) = &c.description {
        let _ = writeln!(out, "Description: {}", clean_line(d));
    }
    if let Some(d) = &c.date {
        let _ = writeln!(out, "Date: {}", clean_line(d));
    }
    if c.language != crate::model::catalog::ENGLISH || c.english_originals > 0 {
        let _ = writeln!(
            out,
            "Language: {} ({} item(s) with their English original)",
            clean_line(&c.language),
            c.english_originals
        );
    }
    let _ = writeln!(
        out,
        "{:<12} {:>5} {:>9} {:>9}",
        "phase", "items", "required", "optional"
    );
    for p in &c.phases {
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>9} {:>9}",
            p.id, p.items, p.required, p.optional
        );
    }
    let _ = writeln!(out, "{:<12} {:>5}", "total", c.total);
    out
}
