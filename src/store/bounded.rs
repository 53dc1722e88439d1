//! The one way ftrack reads a file it did not just write: a journal file, a part, a sync
//! conflict copy, a catalog, a page, a `--from` list, the snapshot, a file of the tracker or of
//! the clone's `.git`. A tracker is often someone else's directory (a cloned repository, a
//! synced folder), so every such file is untrusted:
//!
//! - it is opened once, never through a symbolic link where it must not be one (`O_NOFOLLOW`),
//!   and without waiting on a FIFO (`O_NONBLOCK`, which changes nothing for a regular file);
//! - its type is checked on the open handle (`fstat`), so a FIFO, a device (`/dev/zero`) or a
//!   directory is refused before a byte is read, and a swap between a check and the open is
//!   impossible;
//! - it is read with a bound: a file larger than its bound is refused from its size, before it is
//!   read, and one that grows past it while read is refused too; nothing is ever allocated from
//!   a size the file claims.
//!
//! The bounds are in the README ("Foreign files").

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Kind, UserError};

const MIB: u64 = 1024 * 1024;

/// What a file is: how much of it ftrack reads, whether a link at its path is followed, and how
/// errors speak of it.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// The largest file read, in bytes.
    pub max: u64,
    /// Whether a symbolic link at the path is followed (a file the user named, or the tracker's
    /// `journal.jsonl`, whose link the guard reports) or refused (`O_NOFOLLOW`).
    pub follow: bool,
    /// What the file is, for messages ("journal file", "catalog").
    pub what: &'static str,
    /// The kind of error a refusal is (and so its exit code).
    pub kind: Kind,
    /// What to do about a file refused for its size or type.
    pub hint: &'static str,
}

/// `journal.jsonl`: 256 MiB (a 1,000,000-event journal is about 190 MiB).
pub const JOURNAL: Bound = Bound {
    max: 256 * MIB,
    follow: true,
    what: "journal file",
    kind: Kind::Journal,
    hint: "ftrack never writes such a file: restore it from git (`git log -p .ftrack` shows its history) or move it out of the tracker",
};

/// A part in `journal.d/` or a sync conflict copy: as the journal, never through a link.
pub const PART: Bound = Bound {
    follow: false,
    ..JOURNAL
};

/// One line of a journal file: 8 MiB (a 1 MB note is at most 6 MB once JSON escapes it).
pub const LINE: usize = 8 * MIB as usize;

/// A catalog: 16 MiB (the real one is 10 KB, a 10,000-item one 3 MB).
pub const CATALOG: Bound = Bound {
    max: 16 * MIB,
    follow: true,
    what: "catalog",
    kind: Kind::BadCatalog,
    hint: "name the catalog's .yaml file (a catalog of 10,000 items is about 3 MB): check that this is the right file",
};

/// A responsibilities page for `catalog import`: 16 MiB (a docs page is a few dozen KB).
pub const PAGE: Bound = Bound {
    what: "page",
    kind: Kind::Io,
    hint: "give the path of a Markdown page (a docs page is a few dozen KB)",
    ..CATALOG
};

/// A checklist for `add --from`: 16 MiB.
pub const LIST: Bound = Bound {
    what: "checklist",
    kind: Kind::Io,
    hint: "give --from a text file with one item per line",
    ..CATALOG
};

/// A small file of the tracker (`.gitattributes`, `.gitignore`): 1 MiB, never through a link.
pub const TRACKER_FILE: Bound = Bound {
    max: MIB,
    follow: false,
    what: "tracker file",
    kind: Kind::Journal,
    hint: "ftrack writes a few lines there: restore it from git or remove it",
};

/// A file of the clone's git directory ftrack reads itself (`HEAD`, a ref, `packed-refs`,
/// `commondir`, a `.git` file): 64 MiB.
pub const GIT_FILE: Bound = Bound {
    max: 64 * MIB,
    follow: true,
    what: "git file",
    kind: Kind::Journal,
    hint: "check the repository with `git fsck`",
};

/// What ftrack keeps in the clone's `.git/ftrack/` (its name, its part, the outbox): 16 MiB,
/// never through a link.
pub const CLONE_STATE: Bound = Bound {
    max: 16 * MIB,
    follow: false,
    what: "file of ftrack's in .git/ftrack",
    kind: Kind::Journal,
    hint: "delete it: ftrack makes it again",
};

/// The clone's outbox (`.git/ftrack/outbox-…`): its cap, 64 MiB of commands not yet in a
/// commit, with room for one more command's lines past it; never through a link.
pub const OUTBOX: Bound = Bound {
    max: 96 * MIB,
    ..CLONE_STATE
};

/// What the outbox keeps at most: 64 MiB of lines of commands not yet in a commit.
pub const OUTBOX_CAP: u64 = 64 * MIB;

/// A snapshot in the cache directory: 256 MiB, never through a link.
pub const SNAPSHOT: Bound = Bound {
    max: 256 * MIB,
    follow: false,
    what: "snapshot",
    kind: Kind::Io,
    hint: "delete the cache directory (~/.cache/ftrack): it is rebuilt",
};

/// A file opened for reading and checked: a regular file within its bound.
#[derive(Debug)]
pub struct Opened {
    pub file: File,
    /// Its metadata, from the open handle.
    pub meta: Metadata,
    path: PathBuf,
    bound: Bound,
}

/// Open `path` as `bound` says; None when there is no such file.
pub fn open(path: &Path, bound: Bound) -> anyhow::Result<Option<Opened>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        let nofollow = if bound.follow { 0 } else { libc::O_NOFOLLOW };
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK | nofollow);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if !bound.follow && is_link(path) => {
            return Err(refused(
                bound,
                format!(
                    "{} is a symbolic link; ftrack does not read a {} through a link ({e})",
                    path.display(),
                    bound.what
                ),
                "look at where it points (`ls -l`), then replace it with a plain file",
            ));
        }
        Err(e) => return Err(cannot_read(path, e)),
    };
    let meta = file.metadata().map_err(|e| cannot_read(path, e))?;
    if !meta.is_file() {
        return Err(refused(
            bound,
            format!(
                "{} is not a regular file ({}); a {} must be a plain file",
                path.display(),
                file_type(&meta),
                bound.what
            ),
            bound.hint,
        ));
    }
    if meta.len() > bound.max {
        return Err(too_big(path, meta.len(), bound));
    }
    Ok(Some(Opened {
        file,
        meta,
        path: path.to_path_buf(),
        bound,
    }))
}

/// The whole of the file at `path` (None when there is none), as `bound` says.
pub fn read(path: &Path, bound: Bound) -> anyhow::Result<Option<Vec<u8>>> {
    open(path, bound)?.map(|o| o.read_all()).transpose()
}

/// As `read`, for a file that ftrack only consults (an error is as good as no file).
pub fn read_quietly(path: &Path, bound: Bound) -> Option<Vec<u8>> {
    read(path, bound).ok().flatten()
}

impl Opened {
    /// A buffered reader of the file that stops one byte past the bound (so that a file that
    /// grew past it since it was opened is seen: `check_read` tells).
    pub fn reader(&self, capacity: usize) -> BufReader<io::Take<&File>> {
        BufReader::with_capacity(capacity, (&self.file).take(self.bound.max + 1))
    }

    /// An error when `read` bytes went past the bound.
    pub fn check_read(&self, read: u64) -> anyhow::Result<()> {
        if read > self.bound.max {
            return Err(too_big(&self.path, read, self.bound));
        }
        Ok(())
    }

    /// The whole file (at most the bound; more is an error).
    pub fn read_all(self) -> anyhow::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        (&self.file)
            .take(self.bound.max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| cannot_read(&self.path, e))?;
        self.check_read(bytes.len() as u64)?;
        Ok(bytes)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// At most `max` bytes of `reader` (standard input): more is an error naming `name`.
pub fn read_stream(reader: impl Read, name: &str, max: u64, what: &str) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(Path::new(name), e))?;
    if bytes.len() as u64 > max {
        return Err(UserError::new(
            Kind::Usage,
            format!(
                "{name}: more than {} MiB; ftrack reads at most that for {what}",
                max / MIB
            ),
            "give a shorter text",
        )
        .into());
    }
    Ok(bytes)
}

fn refused(bound: Bound, message: String, hint: &str) -> anyhow::Error {
    UserError::new(bound.kind, message, hint).into()
}

/// The error for a file over its bound: its size, the bound, what to do.
pub fn too_big(path: &Path, size: u64, bound: Bound) -> anyhow::Error {
    refused(
        bound,
        format!(
            "{} is {}, larger than {}, the most ftrack reads in a {}",
            path.display(),
            size_text(size),
            size_text(bound.max),
            bound.what
        ),
        bound.hint,
    )
}

fn cannot_read(path: &Path, e: io::Error) -> anyhow::Error {
    UserError::new(
        Kind::Io,
        format!("cannot read {}: {e}", path.display()),
        "check that the file is there and readable",
    )
    .into()
}

/// A size as people read it: `17 MiB (17825792 bytes)`, `512 bytes`.
pub fn size_text(size: u64) -> String {
    const GIB: u64 = 1024 * MIB;
    let whole = |unit: u64, name: &str| {
        let n = size as f64 / unit as f64;
        if size.is_multiple_of(unit) {
            format!("{} {name}", size / unit)
        } else {
            format!("{n:.1} {name} ({size} bytes)")
        }
    };
    if size >= GIB {
        whole(GIB, "GiB")
    } else if size >= MIB {
        whole(MIB, "MiB")
    } else {
        format!("{size} bytes")
    }
}

fn file_type(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a plain file"
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_fifos_links_and_oversize_files_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(Path::new("/dev/zero"), JOURNAL).unwrap_err();
        assert!(err.to_string().contains("a character device"), "{err}");
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = read(&fifo, PART).unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
        let big = dir.path().join("big");
        File::create(&big)
            .unwrap()
            .set_len(100 * 1024 * MIB)
            .unwrap();
        let err = read(&big, PART).unwrap_err();
        assert!(
            err.to_string().contains(
                "is 100 GiB, larger than 256 MiB, the most ftrack reads in a journal file"
            ),
            "{err}"
        );
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read(&link, PART).unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert!(read(&dir.path().join("none"), PART).unwrap().is_none());
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(16 * MIB), "16 MiB");
        assert_eq!(size_text(17 * MIB + 1), "17.0 MiB (17825793 bytes)");
    }
}
