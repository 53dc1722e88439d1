//! Writing beside git: a write waits while a git operation holds the work tree, so that an
//! append never lands in the moment git deletes and re-creates the journal.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Kind, UserError};

/// How long a write waits for a git operation to finish before giving up.
const WAIT: Duration = Duration::from_secs(10);

/// `dir` as the system sees it: links resolved (a tracker named through a symbolic link is in
/// the work tree its real directory is in), else made absolute.
fn resolved(dir: &Path) -> Option<PathBuf> {
    crate::store::real_path(dir)
        .ok()
        .or_else(|| std::path::absolute(dir).ok())
}

/// Where a tracker directory is, as found once per process: its real path, and the top of
/// the git work tree holding it with that work tree's git directory (a command asks many times).
type Located = (Option<PathBuf>, Option<(PathBuf, PathBuf)>);
static LOCATED: std::sync::Mutex<Vec<(PathBuf, Located)>> = std::sync::Mutex::new(Vec::new());

fn located(dir: &Path) -> Located {
    if let Ok(cache) = LOCATED.lock()
        && let Some((_, found)) = cache.iter().find(|(d, _)| d == dir)
    {
        return found.clone();
    }
    let real = crate::store::real_path(dir).ok();
    let found = (real.clone(), find_git(dir));
    if let Ok(mut cache) = LOCATED.lock() {
        cache.push((dir.to_path_buf(), found.clone()));
    }
    found
}

/// The real path of `dir` (links resolved), found once per process.
pub(crate) fn real_dir(dir: &Path) -> Option<PathBuf> {
    located(dir).0
}

fn find_git(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let abs = resolved(dir)?;
    for d in abs.ancestors() {
        let dot = d.join(".git");
        if dot.is_dir() {
            return Some((d.to_path_buf(), dot));
        }
        if dot.is_file() {
            let text = std::fs::read_to_string(&dot).ok()?;
            let target = text.strip_prefix("gitdir:")?.trim();
            return Some((d.to_path_buf(), d.join(target)));
        }
    }
    None
}

/// The git directory of the work tree holding `dir`, if any (`.git` a directory, or a file
/// `gitdir: …` in a worktree or submodule).
pub(crate) fn git_dir(dir: &Path) -> Option<PathBuf> {
    located(dir).1.map(|(_, git)| git)
}

/// The top of the git work tree holding `dir`, if any.
pub fn work_tree(dir: &Path) -> Option<PathBuf> {
    located(dir).1.map(|(top, _)| top)
}

/// What git is doing in `git`, if it holds the work tree: a name for messages.
pub(crate) fn busy(git: &Path) -> Option<&'static str> {
    if git.join("index.lock").exists() {
        Some("a git command (index.lock)")
    } else if git.join("MERGE_HEAD").exists() {
        Some("a git merge")
    } else if git.join("rebase-merge").exists() || git.join("rebase-apply").exists() {
        Some("a git rebase")
    } else if git.join("CHERRY_PICK_HEAD").exists() || git.join("REVERT_HEAD").exists() {
        Some("a git cherry-pick or revert")
    } else {
        None
    }
}

/// Wait (bounded) while git holds the work tree; then a clear error.
pub fn wait_for_git(dir: &Path) -> anyhow::Result<()> {
    let Some(git) = git_dir(dir) else {
        return Ok(());
    };
    let start = Instant::now();
    loop {
        let Some(what) = busy(&git) else {
            return Ok(());
        };
        if start.elapsed() >= WAIT {
            return Err(UserError::new(
                Kind::Journal,
                format!(
                    "{what} is in progress in {}; nothing was recorded",
                    git.display()
                ),
                "let it finish (or finish the merge: `git commit`, or `git merge --abort`), then run the command again",
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
