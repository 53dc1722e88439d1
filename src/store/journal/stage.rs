//! Staging what ftrack writes in a git work tree (`git add`): a part after every append, the
//! catalog copy of `catalog use`, the files `init` makes, so that a plain `git commit` takes a
//! part whole and a later `git commit -a` has nothing to add to it. Clean, smudge and process
//! filters the attributes name for the path are turned off by name: a repository's `.git` can
//! arrive with its config, and a filter is a program of that config.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::git::{command, git_dir, work_tree};

/// A path as git must be given it: through no symbolic link (git refuses a path "beyond a
/// symbolic link"), so with the links resolved.
pub(crate) fn as_git_sees(path: &Path) -> PathBuf {
    crate::store::real_path(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The filter the attributes name for `path` (`unspecified` when none), as git says it.
fn filter_of(top: &Path, path: &Path) -> Option<String> {
    let out = command(top)
        .args(["check-attr", "-z", "filter", "--"])
        .arg(path)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    // `<path> NUL filter NUL <value> NUL`, for the one path.
    let fields: Vec<&[u8]> = out.stdout.split(|b| *b == 0).collect();
    Some(String::from_utf8_lossy(fields.get(2)?).into_owned())
}

/// `command`, with the clean, smudge and process filters of the driver `filter` turned off.
/// None when a driver's name cannot be written as a `-c` setting.
fn without(top: &Path, filter: &str) -> Option<std::process::Command> {
    let mut c = command(top);
    if !matches!(filter, "unspecified" | "unset" | "set" | "") {
        if !filter
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        {
            return None;
        }
        for key in ["clean=", "smudge=", "process=", "required=false"] {
            c.arg("-c").arg(format!("filter.{filter}.{key}"));
        }
    }
    Some(c)
}

/// Stage `path` (forced: a `*.jsonl` ignore rule must not keep the team's progress out of
/// git); true when it is staged.
pub fn stage(dir: &Path, path: &Path) -> bool {
    stage_known(dir, path, None).is_some()
}

/// Stage `path`, its filter already known (`filter`: what git said when the part was first
/// staged; a part is written on one commit only, so a pull that brings new attributes brings
/// a new part too), else asked. The filter turned off, when staged. A git command holding the
/// index is waited for (a little) and the add tried again; None when it still did not work
/// (the lines a commit leaves out then move to the next part; `ftrack doctor` names parts git
/// does not track).
pub fn stage_known(dir: &Path, path: &Path, filter: Option<&str>) -> Option<String> {
    let (Some(top), Some(git)) = (work_tree(dir), git_dir(dir)) else {
        return None;
    };
    // No index where one should be (deleted by hand): an add would make one holding only
    // this file, and every other file of the commit would look deleted.
    if !git.join("index").exists()
        && super::git::head_commit(dir).is_some_and(|h| !h.starts_with("unborn:"))
    {
        return None;
    }
    let path = as_git_sees(path);
    let filter = match filter {
        Some(f) => f.to_string(),
        None => filter_of(&top, &path)?,
    };
    for _ in 0..5 {
        let busy_until = Instant::now() + Duration::from_secs(2);
        while git.join("index.lock").exists() && Instant::now() < busy_until {
            std::thread::sleep(Duration::from_millis(20));
        }
        let added = without(&top, &filter)?
            .args(["add", "--force", "--"])
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .status();
        match added {
            Ok(s) if s.success() => return Some(filter),
            // No git to run: nothing to retry.
            Err(_) => return None,
            Ok(_) => std::thread::sleep(Duration::from_millis(30)),
        }
    }
    None
}
