//! `ftrack catalog check [FILE]`: validate a catalog and print its phases and counts.

use std::fmt::Write;

use super::{Env, Output};
use crate::catalog::Catalog;
use crate::cli::CatalogCommand;
use crate::journal;

pub fn run(cmd: &CatalogCommand, env: &Env) -> anyhow::Result<Output> {
    match cmd {
        CatalogCommand::Check(args) => {
            let catalog = match &args.file {
                Some(path) => Catalog::load(path)?,
                None => {
                    let recorded = journal::recorded_catalog(&journal::read(&env.ctx.dir)?.events);
                    env.ctx.catalog(recorded.as_deref())?
                }
            };
            Ok(Output::ok(check_report(&catalog)))
        }
        CatalogCommand::Import(args) => super::catalog_import::run(args),
        CatalogCommand::Diff(args) => super::catalog_diff::run(args),
    }
}

fn check_report(c: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: ok", c.source);
    if !c.title.is_empty() {
        let _ = writeln!(out, "Title: {}", crate::render::clean_line(&c.title));
    }
    if let Some(d) = &c.description {
        let _ = writeln!(out, "Description: {}", crate::render::clean_line(d));
    }
    if let Some(d) = &c.date {
        let _ = writeln!(out, "Date: {}", crate::render::clean_line(d));
    }
    let _ = writeln!(
        out,
        "{:<12} {:>5} {:>9} {:>9}",
        "phase", "items", "required", "optional"
    );
    for (p, phase) in c.phases.iter().enumerate() {
        let items: Vec<_> = c.tasks_in(p).map(|(_, t)| t.required).collect();
        let required = items.iter().filter(|r| **r).count();
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>9} {:>9}",
            phase.id,
            items.len(),
            required,
            items.len() - required
        );
    }
    let _ = writeln!(out, "{:<12} {:>5}", "total", c.tasks.len());
    out
}
