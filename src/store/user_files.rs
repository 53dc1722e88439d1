//! Files a user names, read and written through the store's one bounded reader and one atomic
//! writer: catalogs, pages and checklists in (refused when they are not regular files or too
//! large), reports, catalogs and man pages out (all or nothing, never through a link). The
//! journal parsers for benchmarks and fuzzing are here too: bytes in, events out.

use std::io::Read;
use std::path::Path;

use super::{atomic, bounded, catalog, guard, journal};
use crate::model::catalog::Catalog;
use crate::model::diagnose::Scan;
use crate::model::event::Event;

/// The largest catalog ftrack reads (and so writes).
pub const CATALOG_MAX_BYTES: u64 = catalog::MAX_BYTES;

/// What a file a user hands ftrack is, and so how much of it is read.
#[derive(Debug, Clone, Copy)]
pub enum UserFile {
    /// A responsibilities page for `catalog import` (16 MiB).
    Page,
    /// A checklist for `add --from` (16 MiB).
    Checklist,
    /// One text (a note), at most what one journal line holds.
    Text,
}

impl UserFile {
    fn bound(self) -> bounded::Bound {
        match self {
            UserFile::Page => bounded::PAGE,
            UserFile::Checklist | UserFile::Text => bounded::LIST,
        }
    }

    /// The most bytes read from a stream, and what it is called in a refusal.
    fn stream(self) -> (u64, &'static str) {
        match self {
            UserFile::Text => (bounded::LINE as u64, "one text"),
            UserFile::Page => (self.bound().max, "a page"),
            UserFile::Checklist => (self.bound().max, "a checklist"),
        }
    }
}

/// Read and validate the catalog at `path` (bounded: only a regular file, at most
/// `CATALOG_MAX_BYTES`).
pub fn read_catalog(path: &Path) -> anyhow::Result<Catalog> {
    catalog::load(path)
}

/// The bytes of the file at `path` (None: there is none), refused without reading it when it
/// is not a regular file or is larger than a `kind` may be.
pub fn read_user_file(path: &Path, kind: UserFile) -> anyhow::Result<Option<Vec<u8>>> {
    bounded::read(path, kind.bound())
}

/// What a stream (standard input) holds, refused past what a `kind` may be; `name` names it
/// in messages.
pub fn read_user_stream(reader: impl Read, name: &str, kind: UserFile) -> anyhow::Result<Vec<u8>> {
    let (max, what) = kind.stream();
    bounded::read_stream(reader, name, max, what)
}

/// Write `bytes` to a file a user named, all or nothing, and durably. Refused (exit 2): a
/// symbolic link at the path, a path that is not a regular file, a linked directory inside a
/// repository on its way. `hint` says what the user can do about a failure.
pub fn write_file(path: &Path, bytes: &[u8], hint: &str) -> anyhow::Result<()> {
    super::guard::check_target(path)?;
    atomic::write(path, bytes, hint)
}

/// Refuse (exit 2) a path a user names for ftrack to write, as `write_file` would, before
/// anything is made for it (a directory to write into).
pub fn check_target(path: &Path) -> anyhow::Result<()> {
    guard::check_target(path)
}

/// The events of journal bytes, read strictly (the first damaged line is an error naming
/// `path`, which is used only in messages).
pub fn parse_journal(bytes: &[u8], path: &Path) -> anyhow::Result<Vec<Event>> {
    journal::parse(bytes, path).map(|j| j.events)
}

/// Everything in journal bytes, read leniently: every valid event and every problem.
pub fn scan_journal(bytes: &[u8]) -> Scan {
    journal::scan(bytes).into_model()
}
