//! Paths as the system will use them: real paths (links resolved), paths relative between
//! them, and the rule for catalog paths that a journal records.

use std::path::{Path, PathBuf};

use crate::error::{Kind, UserError};
use crate::store::journal;

/// A catalog path recorded in a journal comes from whoever wrote the journal (a cloned
/// repository, a synced folder): it must name a YAML file, and inside a git work tree it must
/// stay inside that work tree, so that a hostile journal cannot make ftrack read (and quote in
/// an error) any file of the user's.
pub(super) fn confine_recorded(dir: &Path, rel: &str, path: &Path) -> anyhow::Result<()> {
    let refuse = |why: &str| -> anyhow::Error {
        UserError::new(
            Kind::BadCatalog,
            format!("the catalog recorded in this tracker, `{rel}`, {why}; it was not read"),
            "if you trust it, name it with --catalog FILE; otherwise restore the tracker's journal",
        )
        .into()
    };
    let yaml = Path::new(rel)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !yaml {
        return Err(refuse("is not a .yaml file"));
    }
    if let Some(top) = journal::git::work_tree(dir) {
        let top = real_path(&top).unwrap_or(top);
        let real = real_path(path).unwrap_or_else(|_| path.to_path_buf());
        if !real.starts_with(&top) {
            return Err(refuse("is outside the repository the tracker is in"));
        }
    }
    Ok(())
}

/// The path of `target` relative to `base`, for recording in a tracker that travels with its
/// repository. Both are resolved to real paths first (symbolic links followed, as the system
/// will when the path is used), so a tracker reached through a link and by its real path
/// records, and later finds, the same file.
pub fn relative_to(target: &Path, base: &Path) -> anyhow::Result<PathBuf> {
    let (target, base) = (real_path(target)?, real_path(base)?);
    Ok(pathdiff::diff_paths(&target, &base).unwrap_or(target))
}

/// `path` with every symbolic link resolved: its longest existing ancestor made canonical, the
/// rest (not created yet) appended.
pub fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(real) => {
                return Ok(rest.iter().rev().fold(real, |p, part| p.join(part)));
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Ok(abs.components().collect()),
            },
        }
    }
}

/// Whether `dir` is inside a git work tree.
pub fn in_git_work_tree(dir: &Path) -> bool {
    journal::git::work_tree(dir).is_some()
}
