//! Replace a file atomically: readers see the old content or the new, never a part. The bytes go
//! to a temp file in the same directory (created new, never through a link), which is synced,
//! renamed over the target, and then the directory is synced so that the rename itself survives
//! a crash. A rename replaces whatever is at the path, a link too: nothing is ever written
//! through a symbolic link.
//!
//! Hand-written rather than `tempfile::persist` because that creates the file with mode 0600: a
//! report meant to be shared would silently become private. Here a new file gets the usual
//! permissions (0666 less the umask) and a replaced file keeps its own.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Kind, UserError};

/// Write `bytes` to a file the user named, all or nothing, and durably — once the guard has
/// allowed it (`guard::check_target`, which every caller asks first: a symbolic link at the
/// path, a path that is not a regular file, a linked directory inside a repository are refused
/// with exit 2). On failure the target is as it was and no temp file is left behind. `hint`
/// says what the user can do about a failure.
pub fn write(path: &Path, bytes: &[u8], hint: &str) -> anyhow::Result<()> {
    replace(path, bytes, true).map_err(|(what, e)| {
        UserError::new(
            Kind::Io,
            format!("cannot write {}: {what}: {e}", path.display()),
            format!("nothing was written; {hint}"),
        )
        .into()
    })
}

/// As `write`, without syncing and without the guard's questions: for ftrack's own files such
/// as snapshots, which may be lost but never seen half-written. A link at `path` is replaced,
/// never followed; anything else that is not a regular file is left alone.
pub fn write_quietly(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file() && !m.file_type().is_symlink()) {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    replace(path, bytes, false).map_err(|(_, e)| e)
}

/// As `write_quietly`, synced (the file and its directory): for a journal file ftrack puts
/// back as git has it (`journal::restore`).
pub fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    replace(path, bytes, true).map_err(|(_, e)| e)
}

fn replace(path: &Path, bytes: &[u8], durable: bool) -> Result<(), (&'static str, io::Error)> {
    let name = path
        .file_name()
        .ok_or(("not a file name", io::ErrorKind::InvalidInput.into()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(("it is a directory", io::ErrorKind::IsADirectory.into()));
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        uuid::Uuid::new_v4().simple()
    ));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options
        .open(&tmp)
        .map_err(|e| ("creating a temp file beside it", e))?;
    let result = (|| -> io::Result<()> {
        // A replaced regular file keeps its permissions (a link's target is never looked at).
        if let Ok(meta) = fs::symlink_metadata(path)
            && meta.is_file()
        {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(("writing", e));
    }
    // The rename is done; syncing the directory makes it durable. Not every platform can open a
    // directory for syncing, and the new file is already complete, so a failure here is ignored.
    if durable && let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("r.txt");
        write(&target, b"one", "").unwrap();
        write(&target, b"two", "").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_directory_is_a_user_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/r.txt");
        let err = write(&target, b"x", "").unwrap_err();
        assert!(err.downcast_ref::<UserError>().is_some());
        assert!(!target.exists());
    }

    #[test]
    fn a_symlink_is_refused_and_what_it_points_to_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        let err = crate::store::write_file(&link, b"new", "").unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert_eq!(fs::read_to_string(&real).unwrap(), "old");
        // ftrack's own files: the link is replaced, its target untouched.
        write_quietly(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(fs::read_to_string(&real).unwrap(), "old");
    }
}
