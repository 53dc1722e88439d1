//! `ftrack catalog import PAGE [--output FILE]`: a catalog made from a responsibilities page.

use serde::Serialize;

use crate::app::cli::{CatalogImportArgs, PartyArg};
use crate::app::{Env, Output};
use crate::error::{Kind, UserError};
use crate::model::import::Options;
use crate::model::lang::Party;
use crate::present::clean_line;
use crate::present::view::SCHEMA;
use crate::store::UserFile;

/// What `catalog import` answers with `--json`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct ImportView {
    /// The version of this JSON shape.
    schema: u32,
    /// The page imported.
    page: String,
    /// The file written, or null when the catalog went to standard output (then in `yaml`).
    output: Option<String>,
    /// How many phases the catalog has.
    phases: usize,
    /// How many items it has.
    items: usize,
    /// How many of those are optional.
    optional: usize,
    /// What the import skipped or repaired, one line each (also on standard error).
    warnings: Vec<String>,
    /// The catalog, when it went to standard output (no --output).
    #[serde(skip_serializing_if = "Option::is_none")]
    yaml: Option<String>,
}

pub fn run(args: &CatalogImportArgs, env: &Env) -> anyhow::Result<Output> {
    let name = args.page.display().to_string();
    // A page is read whole: a regular file, no larger than the largest catalog ftrack reads.
    let bytes = crate::store::read_user_file(&args.page, UserFile::Page)?.ok_or_else(|| {
        UserError::new(
            Kind::Io,
            format!("cannot read {name}: no such file"),
            "give the path of a Markdown page",
        )
    })?;
    let cap = crate::store::CATALOG_MAX_BYTES;
    let text = crate::model::import::mojibake::decode(bytes);
    let base = args
        .base
        .as_deref()
        .map(crate::store::read_catalog)
        .transpose()?;
    let party = args.party.map(|p| match p {
        PartyArg::Customer => Party::Customer,
        PartyArg::Microsoft => Party::Microsoft,
        PartyArg::Fasttrack => Party::FastTrack,
    });
    let options = Options {
        base: base.as_ref(),
        allow_prose: args.allow_prose,
        party,
    };
    let imported = crate::model::import::import(&text, &name, &options)?;
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
        env.store.write_output(
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
    let text = env.answer_document(&view, |v, style| match &v.output {
        None => imported.yaml.clone(),
        Some(out) => crate::present::wrap::fit(
            &format!(
                "Wrote {}: {} phases, {} items ({} optional)\nCheck it with `ftrack catalog check {0}`; use it with `ftrack init --catalog {0}`\n",
                clean_line(out),
                v.phases,
                v.items,
                v.optional
            ),
            style.width,
        ),
    })?;
    Ok(Output::ok(text).warn(imported.warnings))
}
