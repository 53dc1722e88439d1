//! Reading a catalog file from disk; the model parses and validates its text.

use std::path::Path;

use crate::error::{Kind, UserError};
use crate::model::catalog::{Catalog, Source};
use crate::store::bounded;

/// The largest catalog ftrack reads: the real one is 10 KB, a synthetic 10,000-item one 3 MB.
pub const MAX_BYTES: u64 = bounded::CATALOG.max;

/// Read and validate the catalog at `path`. Catalogs come from colleagues and downloads, so a
/// hostile one is refused quickly and without reading it whole (the bounded reader): only a
/// regular file (never a FIFO that blocks, or a device like /dev/zero that never ends) of at
/// most `MAX_BYTES`.
pub fn load(path: &Path) -> anyhow::Result<Catalog> {
    let missing = |e: String| {
        UserError::new(
            Kind::CatalogMissing,
            format!("cannot read catalog {}: {e}", path.display()),
            "check the path (as given on the command line, by --catalog, FTRACK_CATALOG or at `ftrack init --catalog`)",
        )
    };
    let text = match bounded::read(path, bounded::CATALOG) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(missing("No such file or directory".to_string()).into()),
        Err(e) if crate::error::kind(&e) == Some(Kind::Io) => {
            let (message, ..) = crate::error::explain(&e);
            let why = message
                .rsplit_once(": ")
                .map_or(message.as_str(), |(_, w)| w);
            return Err(missing(why.to_string()).into());
        }
        Err(e) => return Err(e),
    };
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
