//! `ftrack catalog diff OLD NEW`: what switching a tracker from one catalog to another changes.
//! Items match by id, or through the new catalog's `aliases:` (a rename keeps progress); the
//! computation is `model::catalog::diff`.

use crate::app::cli::CatalogDiffArgs;
use crate::app::{Env, Output};
use crate::present::view::{DiffView, SCHEMA};

pub fn run(args: &CatalogDiffArgs, env: &Env) -> anyhow::Result<Output> {
    let old = crate::store::read_catalog(&args.old)?;
    let new = crate::store::read_catalog(&args.new)?;
    let view = DiffView {
        schema: SCHEMA,
        diff: crate::model::catalog::diff::diff(&old, &new),
    };
    Ok(Output::ok(env.answer(&view, |v, _| {
        crate::present::diff::catalog_diff(&v.diff)
    })?))
}
