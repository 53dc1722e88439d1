//! `ftrack catalog import PAGE [--output FILE]`: a catalog made from a responsibilities page.

use serde::Serialize;

use crate::app::cli::CatalogImportArgs;
use crate::app::{Env, Output};
use crate::error::{Kind, UserError};
use crate::present::clean_line;
use crate::present::view::SCHEMA;

/// What `catalog import` answers with `--json`.
#[derive(Serialize)]
struct ImportView {
    schema: u32,
    page: String,
    /// The file written, or null when the catalog went to standard output (then in `yaml`).
    output: Option<String>,
    phases: usize,
    items: usize,
    optional: usize,
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    yaml: Option<String>,
}

pub fn run(args: &CatalogImportArgs, env: &Env) -> anyhow::Result<Output> {
    let name = args.page.display().to_string();
    // A page is read whole: a regular file, no larger than the largest catalog ftrack reads.
    let bytes =
        crate::store::bounded::read(&args.page, crate::store::bounded::PAGE)?.ok_or_else(|| {
            UserError::new(
                Kind::Io,
                format!("cannot read {name}: no such file"),
                "give the path of a Markdown page",
            )
        })?;
    let cap = crate::store::catalog::MAX_BYTES;
    let text = crate::model::import::mojibake::decode(bytes);
    let base = args
        .base
        .as_deref()
        .map(crate::store::catalog::load)
        .transpose()?;
    let imported = crate::model::import::import(&text, &name, base.as_ref(), args.allow_prose)?;
    if imported.yaml.len() as u64 > cap {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!(
                "{name}: the catalog made from it is larger than {} MiB, which ftrack would refuse to read",
                cap / (1024 * 1024)
            ),
            "split the page; nothing was written",
        )
        .into());
    }
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(output) = output {
        crate::app::refuse_tracker_file(env, output)?;
        crate::store::atomic::write(
            output,
            imported.yaml.as_bytes(),
            "check that the directory exists and is writable",
        )?;
    }
    let c = &imported.catalog;
    let view = ImportView {
        schema: SCHEMA,
        page: name,
        output: output.map(|p| p.display().to_string()),
        phases: c.phases.len(),
        items: c.tasks.len(),
        optional: c.tasks.iter().filter(|t| !t.required).count(),
        warnings: imported.warnings.clone(),
        yaml: output.is_none().then(|| imported.yaml.clone()),
    };
    let text = env.answer(&view, |v, _| match &v.output {
        None => imported.yaml.clone(),
        Some(out) => format!(
            "Wrote {}: {} phases, {} items ({} optional)\nCheck it with `ftrack catalog check {0}`; use it with `ftrack init --catalog {0}`\n",
            clean_line(out),
            v.phases,
            v.items,
            v.optional
        ),
    })?;
    Ok(Output::ok(text).warn(imported.warnings))
}
