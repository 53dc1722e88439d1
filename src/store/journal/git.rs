//! Writing beside git: a write waits while a git operation holds the work tree, so that an
//! append never lands in the moment git deletes and re-creates the journal.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Kind, UserError};
use crate::store::bounded::GIT_FILE;

/// How long a write waits for a git operation to finish before giving up.
pub const WAIT: Duration = Duration::from_secs(10);

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
            let text = crate::store::bounded::read_quietly(&dot, crate::store::bounded::GIT_FILE)
                .and_then(|b| String::from_utf8(b).ok())?;
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

/// Whether a git operation holds the work tree holding `dir` now (a merge, a rebase …).
pub fn is_busy(dir: &Path) -> bool {
    git_dir(dir).is_some_and(|git| busy(&git).is_some())
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

/// Settings that keep a repository's own config from running a program, whatever the command.
const NEUTRAL: [&str; 5] = [
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "diff.external=",
    "log.showSignature=false",
];

/// The one way ftrack runs git: in the work tree `top`, asking nothing of a terminal, saying
/// nothing on ours, and with every setting of the repository's own config that would run a
/// program turned off. A repository can arrive with its `.git` (a zip, a synced folder), and its
/// config is then the sender's: `core.fsmonitor` (run by `add` and `ls-files`), hooks
/// (`post-index-change` after `add`), a pager, external diff and textconv drivers and signature
/// checks (`log -p`), and any transport a lazy fetch of a partial clone would start
/// (`core.sshCommand`, credential helpers, `core.askPass`). Filters are turned off by name for
/// the path an `add` stages (`without_filters`).
pub(crate) fn command(top: &Path) -> std::process::Command {
    let mut c = with(top, &NEUTRAL);
    for setting in [
        "protocol.allow=never",
        "credential.helper=",
        "core.askPass=",
        "core.sshCommand=",
    ] {
        c.arg("-c").arg(setting);
    }
    c.env("GIT_NO_LAZY_FETCH", "1");
    c
}

/// `command` for the one git command that must reach a remote (`portfolio --pull`): the
/// transports, and the user's own credential helpers and ssh as their global config has them,
/// stay (only the `ext::` transport, which runs a command, is off). The repository's own
/// settings that name a program such a command could run are refused before it runs
/// (`store::pull`), since they cannot all be turned off here.
pub(crate) fn command_for_pull(top: &Path) -> std::process::Command {
    let mut c = with(top, &NEUTRAL);
    c.arg("-c").arg("protocol.ext.allow=never");
    c
}

fn with(top: &Path, settings: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new("git");
    c.arg("--no-pager").arg("-C").arg(top);
    for setting in settings {
        c.arg("-c").arg(setting);
    }
    c.env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_PAGER")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// `git config user.name` in the work tree holding `dir` (None outside git).
pub fn user_name(dir: &Path) -> Option<String> {
    let top = work_tree(dir)?;
    command(&top)
        .args(["config", "user.name"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
}

/// The commit git's `HEAD` names in the work tree holding `dir` (or `unborn:<branch>` before
/// the first commit); None outside git.
pub fn head_commit(dir: &Path) -> Option<String> {
    let git = git_dir(dir)?;
    let head = small_text(&git.join("HEAD"), GIT_FILE)?;
    let head = head.trim();
    // A repository whose references are kept in a reftable has no ref files to read (its
    // HEAD file names a placeholder): git answers.
    if head == "ref: refs/heads/.invalid" || git.join("reftable").is_dir() {
        return ask_head(dir);
    }
    let Some(name) = head.strip_prefix("ref:").map(str::trim) else {
        return Some(head.to_string());
    };
    // A reference is a name under `refs/`: anything else (`../../etc/x`) is git's to judge.
    if !name.starts_with("refs/") || name.split('/').any(|c| c.is_empty() || c.starts_with('.')) {
        return ask_head(dir);
    }
    // Branches live in the common git directory (a worktree's `.git/worktrees/x` names it).
    let common = small_text(&git.join("commondir"), GIT_FILE)
        .map(|c| git.join(c.trim()))
        .unwrap_or_else(|| git.clone());
    if let Some(id) = small_text(&common.join(name), GIT_FILE) {
        return Some(id.trim().to_string());
    }
    let packed = small_text(&common.join("packed-refs"), GIT_FILE).unwrap_or_default();
    let found = packed.lines().find_map(|l| {
        let (id, r) = l.split_once(' ')?;
        (r.trim() == name).then(|| id.to_string())
    });
    Some(found.unwrap_or_else(|| format!("unborn:{name}")))
}

/// `HEAD`'s commit as git tells it (`unborn:HEAD` before the first commit).
fn ask_head(dir: &Path) -> Option<String> {
    let top = work_tree(dir)?;
    let out = command(&top)
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .output()
        .ok()?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Some(if out.status.success() && !id.is_empty() {
        id
    } else {
        "unborn:HEAD".to_string()
    })
}

/// A small file of `.git` as text (bounded; None: not there).
fn small_text(path: &Path, bound: crate::store::bounded::Bound) -> Option<String> {
    crate::store::bounded::read_quietly(path, bound).and_then(|b| String::from_utf8(b).ok())
}

/// The size of `part` in the commit `HEAD` names (None: not there, or git cannot be asked).
pub fn size_in_head(dir: &Path, part: &Path) -> Option<u64> {
    let top = work_tree(dir)?;
    let rel = crate::store::real_path(part)
        .unwrap_or_else(|_| part.to_path_buf())
        .strip_prefix(&top)
        .ok()?
        .to_path_buf();
    let rel = rel.to_str()?.replace('\\', "/");
    let out = command(&top)
        .args(["cat-file", "-s"])
        .arg(format!("HEAD:{rel}"))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}
