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

/// The git directory of the work tree holding `dir`, if any (`.git` a directory, or a file
/// `gitdir: …` in a worktree or submodule).
pub(crate) fn git_dir(dir: &Path) -> Option<PathBuf> {
    let abs = resolved(dir)?;
    for d in abs.ancestors() {
        let dot = d.join(".git");
        if dot.is_dir() {
            return Some(dot);
        }
        if dot.is_file() {
            let text = std::fs::read_to_string(&dot).ok()?;
            let target = text.strip_prefix("gitdir:")?.trim();
            return Some(d.join(target));
        }
    }
    None
}

/// The top of the git work tree holding `dir`, if any.
pub fn work_tree(dir: &Path) -> Option<PathBuf> {
    let abs = resolved(dir)?;
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// What git is doing in `git`, if it holds the work tree: a name for messages.
fn busy(git: &Path) -> Option<&'static str> {
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
