//! The identity of a file's contents as far as the filesystem tells it cheaply: device, inode,
//! size and modification time. Used to know that a cached snapshot still describes a file.

use std::fs::Metadata;
use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileId {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime: i64,
    pub mtime_ns: i64,
}

impl FileId {
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: meta.mtime(),
            mtime_ns: meta.mtime_nsec(),
        }
    }

    /// Elsewhere: size and modification time only (a replaced file of the same size and time
    /// would go unnoticed, so the snapshot cache is weaker there).
    #[cfg(not(unix))]
    pub fn of(meta: &Metadata) -> FileId {
        let since = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .unwrap_or_default();
        FileId {
            dev: 0,
            ino: 0,
            size: meta.len(),
            mtime: since.as_secs() as i64,
            mtime_ns: i64::from(since.subsec_nanos()),
        }
    }

    /// The identity of the file at `path`, or None if it cannot be read.
    pub fn at(path: &Path) -> Option<FileId> {
        std::fs::metadata(path).ok().map(|m| FileId::of(&m))
    }
}
