//! Reading a catalog file from disk; the model parses and validates its text.

use std::path::Path;

use crate::error::{Kind, UserError};
use crate::model::catalog::{Catalog, Source};

/// The largest catalog ftrack reads: the real one is 10 KB, a synthetic 10,000-item one 3 MB.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Read and validate the catalog at `path`. Catalogs come from colleagues and downloads, so a
/// hostile one is refused quickly and without reading it whole: only a regular file (never a
/// FIFO that blocks, or a device like /dev/zero that never ends) of at most `MAX_BYTES`.
pub fn load(path: &Path) -> anyhow::Result<Catalog> {
    let missing = |e: std::io::Error| {
        UserError::new(
            Kind::CatalogMissing,
            format!("cannot read catalog {}: {e}", path.display()),
            "check the path (as given on the command line, by --catalog, FTRACK_CATALOG or at `ftrack init --catalog`)",
        )
    };
    let meta = std::fs::metadata(path).map_err(missing)?;
    if !meta.is_file() {
        return Err(UserError::new(
            Kind::BadCatalog,
            format!(
                "{}: not a regular file (a directory, FIFO or device); a catalog is a YAML file",
                path.display()
            ),
            "name the catalog's .yaml file",
        )
        .into());
    }
    if meta.len() > MAX_BYTES {
        return Err(too_big(path));
    }
    let mut text = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_BYTES + 1), &mut text)
        })
        .map_err(missing)?;
    if text.len() as u64 > MAX_BYTES {
        return Err(too_big(path));
    }
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

fn too_big(path: &Path) -> anyhow::Error {
    UserError::new(
        Kind::BadCatalog,
        format!(
            "{}: larger than {} MiB; ftrack does not read catalogs that size",
            path.display(),
            MAX_BYTES / (1024 * 1024)
        ),
        "a catalog of 10,000 items is about 3 MB: check that this is the right file",
    )
    .into()
}
