//! `ftrack catalog import PAGE [--output FILE]`: a catalog made from a responsibilities page.

use std::io::Write;

use super::Output;
use crate::cli::CatalogImportArgs;
use crate::error::UserError;

pub fn run(args: &CatalogImportArgs) -> anyhow::Result<Output> {
    let name = args.page.display().to_string();
    let bytes = std::fs::read(&args.page).map_err(|e| {
        UserError::new(format!("cannot read {name}: {e}")).hint("give the path of a Markdown page")
    })?;
    let text = crate::import::mojibake::decode(bytes);
    let base = args
        .base
        .as_deref()
        .map(crate::catalog::Catalog::load)
        .transpose()?;
    let imported = crate::import::import(&text, &name, base.as_ref())?;
    let mut stderr = std::io::stderr().lock();
    for w in &imported.warnings {
        let _ = writeln!(stderr, "warning: {}", crate::render::clean_line(w));
    }
    let Some(output) = args.output.as_deref().filter(|p| p.as_os_str() != "-") else {
        return Ok(Output::ok(imported.yaml));
    };
    crate::atomic::write(
        output,
        imported.yaml.as_bytes(),
        "check that the directory exists and is writable",
    )?;
    let c = &imported.catalog;
    let optional = c.tasks.iter().filter(|t| !t.required).count();
    Ok(Output::ok(format!(
        "Wrote {}: {} phases, {} items ({optional} optional)\nCheck it with `ftrack catalog check {0}`; use it with `ftrack init --catalog {0}`\n",
        output.display(),
        c.phases.len(),
        c.tasks.len(),
    )))
}
