//! Reading a catalog file from disk; the model parses and validates its text.

use std::path::Path;

use crate::error::{Kind, UserError};
use crate::model::catalog::{Catalog, Source};

/// Read and validate the catalog at `path`.
pub fn load(path: &Path) -> anyhow::Result<Catalog> {
    let text = std::fs::read(path).map_err(|e| {
        UserError::new(Kind::CatalogMissing, format!("cannot read catalog {}: {e}", path.display()), "check the path (as given on the command line, by --catalog, FTRACK_CATALOG or at `ftrack init --catalog`)",)
    })?;
    let text = String::from_utf8(text).map_err(|e| {
        UserError::new(
            Kind::BadCatalog,
            format!(
                "{}: byte {}: the catalog is not UTF-8 text",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
            "save the catalog as UTF-8",
        )
    })?;
    Catalog::parse(&text, Source::File(path.to_path_buf()))
}
