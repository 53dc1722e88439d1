//! A fold's second step, and when a clone is settled enough to fold (see `fold`). The parts a
//! fold holds are deleted only once the commit `HEAD` names holds the fold: the fold's name and
//! its parts are kept in the clone's `.git/ftrack/folded-<tracker>` until then. At each new
//! part (the clone's `HEAD` moved), `finish` looks: the fold committed — the parts are deleted
//! and the deletions staged; the fold not committed — it is staged again (a `git reset` may
//! have unstaged it); the fold gone (a `git reset --hard`, a stash) — nothing is left to do, and
//! the parts stay as they are.

use std::path::{Path, PathBuf};

use super::clone::{open_record, small_text, state_file};
use super::git::size_in_head;
use super::git::{command, git_dir, work_tree};
use super::handle::{open_append, same_file};
use super::parts::parts_dir;
use crate::store::bounded::CLONE_STATE;

/// Remember a fold made now (its first step) and the parts it holds.
pub(super) fn remember(dir: &Path, git: &Path, fold: &Path, parts: &[PathBuf]) {
    use std::io::Write;
    let Some(path) = state_file(git, dir, "folded") else {
        return;
    };
    let names = std::iter::once(fold)
        .chain(parts.iter().map(PathBuf::as_path))
        .filter_map(name_of)
        .collect::<Vec<_>>()
        .join("\n");
    if let Ok(mut f) = open_record(&path, true) {
        let _ = f.set_len(0);
        let _ = f.write_all(format!("{names}\n").as_bytes());
    }
}

/// The second step of the fold this clone made, when its commit is there: the parts deleted
/// (and the deletion staged). None when there is no fold waiting, or it is not committed yet.
pub fn finish(dir: &Path) -> Option<Folded> {
    let git = git_dir(dir)?;
    let record = state_file(&git, dir, "folded")?;
    let text = small_text(&record, CLONE_STATE)?;
    let mut names = text.lines().filter(|n| super::parts::valid_name(n));
    let fold = parts_dir(dir).join(names.next()?);
    if std::fs::symlink_metadata(&fold).is_err() {
        let _ = std::fs::remove_file(&record);
        return None;
    }
    if size_in_head(dir, &fold).is_none() {
        super::stage::stage(dir, &fold);
        return None;
    }
    let top = work_tree(dir)?;
    let real = super::stage::as_git_sees(&parts_dir(dir));
    // (Under the writers' lock: a part is never deleted under a write.)
    let locked: Vec<(PathBuf, std::fs::File)> = names
        .map(|name| parts_dir(dir).join(name))
        .filter_map(|part| {
            let file = open_append(&part).ok()?;
            (file.lock().is_ok() && same_file(&file, &part)).then_some((part, file))
        })
        .collect();
    if locked.is_empty() {
        let _ = std::fs::remove_file(&record);
        return None;
    }
    // Out of the index first, then out of the work tree: a command that looks in between never
    // takes a part that is gone for one deleted outside git (which it would put back).
    let removed = command(&top)
        .args(["rm", "-q", "--cached", "--ignore-unmatch", "--"])
        .args(
            locked
                .iter()
                .filter_map(|(p, _)| Some(real.join(p.file_name()?))),
        )
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !removed {
        return None;
    }
    let deleted: Vec<PathBuf> = locked
        .into_iter()
        .filter(|(p, _)| std::fs::remove_file(p).is_ok())
        .map(|(p, _)| p)
        .collect();
    let _ = std::fs::remove_file(&record);
    Some(Folded {
        into: None,
        parts: deleted,
    })
}

/// Whether a stash holds a change to the parts (in `rel`): asked of git; yes when it cannot
/// be asked.
fn stash_touches(top: &Path, rel: &Path) -> bool {
    let Ok(list) = command(top).args(["stash", "list", "--format=%H"]).output() else {
        return true;
    };
    let hashes: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .split_whitespace()
        .map(String::from)
        .collect();
    if !list.status.success() {
        return true;
    }
    if hashes.is_empty() {
        return false;
    }
    let Ok(out) = command(top)
        .args(["log", "--no-walk=unsorted", "-m", "--first-parent"])
        .args(["--format=", "--name-only"])
        .args(&hashes)
        .arg("--")
        .arg(rel)
        .output()
    else {
        return true;
    };
    !out.status.success() || out.stdout.iter().any(|b| !b.is_ascii_whitespace())
}

/// Whether the clone is settled enough to fold: no stash holding parts (a fold made while a
/// stash holds parts, or an earlier fold, would make its pop conflict; a stash of other files
/// does not matter) and no change to the parts but
/// the part being written (an earlier fold not committed yet, a merge half done, a part a
/// reset brought back). An empty part nobody tracks is no change: a command killed between
/// starting a part and writing to it leaves one (it holds nothing, and is removed once old).
pub(super) fn settled(top: &Path, git: &Path, rel: &Path, current: &Path) -> bool {
    let stashed = std::fs::symlink_metadata(git.join("logs/refs/stash")).is_ok()
        || std::fs::symlink_metadata(git.join("refs/stash")).is_ok();
    if stashed && stash_touches(top, rel) {
        return false;
    }
    let Ok(out) = command(top)
        .args([
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--",
        ])
        .arg(rel)
        .output()
    else {
        return false;
    };
    let current = name_of(current);
    out.status.success()
        && out
            .stdout
            .split(|b| *b == 0)
            .filter(|e| e.len() > 3)
            .all(|e| {
                let path = String::from_utf8_lossy(&e[3..]).into_owned();
                let name = path.rsplit('/').next().unwrap_or_default();
                current == Some(name) || (e.starts_with(b"?? ") && empty_leftover(top, &path))
            })
}

/// Whether the untracked part at `path` (relative to `top`) is empty; one older than a minute
/// (no command takes that long between starting a part and writing to it) is removed.
fn empty_leftover(top: &Path, path: &str) -> bool {
    let path = top.join(path);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return true;
    };
    if !meta.is_file() || meta.len() > 0 {
        return false;
    }
    if meta
        .modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 60)
    {
        let _ = std::fs::remove_file(&path);
    }
    true
}

/// What a fold did: the file made (its first step), or the parts deleted (its second).
#[derive(Debug)]
pub struct Folded {
    pub into: Option<PathBuf>,
    pub parts: Vec<PathBuf>,
}

pub(super) fn name_of(p: &Path) -> Option<&str> {
    p.file_name().and_then(|n| n.to_str())
}
