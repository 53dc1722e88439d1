//! Journal parts: in a git work tree, each clone appends to a file of its own in `journal.d/`,
//! and starts a new one whenever git's `HEAD` has moved (a commit, a pull, a checkout).
//!
//! So every part is written between two commits of one clone and never changed after: a commit
//! adds whole parts, git never merges inside a file, `git revert` of a commit deletes exactly the
//! parts (the events) it added, and `git cherry-pick` brings in exactly the picked commit's parts.
//! The tracker's `journal.jsonl` keeps the `init` event (and every event of a tracker written
//! before parts, or outside git); all files are replayed together in causal order.
//!
//! Which part this clone writes, and the clone's name, are kept in the clone's `.git/ftrack/`,
//! where no git command and no sync tool touches them. A part whose file has gone (a `git stash`
//! or `git reset --hard` threw it away) is never written again: the next write starts a new one
//! (the outbox writes the lost lines back into it).

use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use super::git::git_dir;

/// The directory of parts, inside the tracker directory.
pub const PARTS: &str = "journal.d";

/// The parts directory of the tracker in `dir`.
pub fn parts_dir(dir: &Path) -> PathBuf {
    dir.join(PARTS)
}

/// Every part of the tracker in `dir` (`journal.d/*.jsonl`), sorted by name. Symbolic links are
/// listed too (the guard reports them; they are never read).
pub fn list(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parts_dir(dir)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    found.sort();
    found
}

/// The commit git's `HEAD` names in the work tree holding `dir` (or `unborn:<branch>` before
/// the first commit); None outside git.
pub fn head_commit(dir: &Path) -> Option<String> {
    let git = git_dir(dir)?;
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(name) = head.strip_prefix("ref:").map(str::trim) else {
        return Some(head.to_string());
    };
    // Branches live in the common git directory (a worktree's `.git/worktrees/x` names it).
    let common = std::fs::read_to_string(git.join("commondir"))
        .ok()
        .map(|c| git.join(c.trim()))
        .unwrap_or_else(|| git.clone());
    if let Ok(id) = std::fs::read_to_string(common.join(name)) {
        return Some(id.trim().to_string());
    }
    let packed = std::fs::read_to_string(common.join("packed-refs")).unwrap_or_default();
    let found = packed.lines().find_map(|l| {
        let (id, r) = l.split_once(' ')?;
        (r.trim() == name).then(|| id.to_string())
    });
    Some(found.unwrap_or_else(|| format!("unborn:{name}")))
}

/// Where this clone keeps what it knows about the tracker in `dir`: `.git/ftrack/<what>-<hash of
/// the tracker's path>`.
fn state_file(git: &Path, dir: &Path, what: &str) -> Option<PathBuf> {
    let real = crate::store::real_path(dir).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    real.hash(&mut h);
    Some(
        git.join("ftrack")
            .join(format!("{what}-{:016x}", h.finish())),
    )
}

/// This clone's name: eight hex digits made once and kept in `.git/ftrack/`.
fn replica(git: &Path, dir: &Path) -> String {
    let file = state_file(git, dir, "replica");
    if let Some(name) = file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return name;
    }
    let mut h = std::hash::DefaultHasher::new();
    std::time::SystemTime::now().hash(&mut h);
    std::process::id().hash(&mut h);
    git.hash(&mut h);
    dir.hash(&mut h);
    let name = format!("{:08x}", h.finish() as u32);
    if let Some(f) = file {
        if let Some(parent) = f.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::store::atomic::write_quietly(&f, name.as_bytes());
    }
    name
}

/// The part this clone writes to while `HEAD` names `head` (see `head_commit`): the part
/// recorded for it if its file is still there, else a new name (not created: the append
/// creates it). Returns the path and whether it is new. None outside git.
pub fn current(dir: &Path, head: &str) -> Option<(PathBuf, bool)> {
    let git = git_dir(dir)?;
    let file = state_file(&git, dir, "part");
    if let Some(text) = file.as_ref().and_then(|f| std::fs::read_to_string(f).ok())
        && let Some((h, name)) = text.trim().split_once(' ')
        && h == head
        && valid_name(name)
    {
        let path = parts_dir(dir).join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Some((path, false));
        }
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let me = replica(&git, dir);
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stamp}-{me}.jsonl")
        } else {
            format!("{stamp}-{me}-{n}.jsonl")
        };
        let path = parts_dir(dir).join(&name);
        if std::fs::symlink_metadata(&path).is_err() {
            return Some((path, true));
        }
        n += 1;
    }
}

/// Remember that `part` is the part written while `HEAD` names `head`.
pub fn remember(dir: &Path, head: &str, part: &Path) {
    let Some(git) = git_dir(dir) else {
        return;
    };
    let Some(name) = part.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    if let Some(f) = state_file(&git, dir, "part") {
        if let Some(parent) = f.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::store::atomic::write_quietly(&f, format!("{head} {name}\n").as_bytes());
    }
}

fn valid_name(name: &str) -> bool {
    name.ends_with(".jsonl")
        && !name.contains(['/', '\\'])
        && !name.starts_with('.')
        && name.len() < 100
}

/// Stage a new part (`git add`), so that `git commit -a` takes it with the clone's other
/// changes, as it takes `journal.jsonl`. Best effort: when git is busy or missing the part is
/// only untracked (`ftrack doctor` says so).
pub fn stage(dir: &Path, part: &Path) {
    let Some(top) = super::git::work_tree(dir) else {
        return;
    };
    let _ = std::process::Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["add", "--"])
        .arg(part)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// Parts of the tracker in `dir` that git does not track (not added, so not committed by
/// `git commit -a`); for `doctor`. Empty when git cannot be asked.
pub fn untracked(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let Some(top) = super::git::work_tree(dir) else {
        return Ok(Vec::new());
    };
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["ls-files", "--others", "--exclude-standard", "-z", "--"])
        .arg(parts_dir(dir))
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()?;
    if !out.status.success() {
        return Ok(Vec::new());
    }
    Ok(out
        .stdout
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| top.join(String::from_utf8_lossy(s).as_ref()))
        .collect())
}
