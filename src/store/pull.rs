//! `portfolio --pull`: a fast-forward `git pull` in the work tree of each tracker, a few at a
//! time, before the trackers are read. Never a merge, a rebase or a stash: a work tree with
//! uncommitted changes, no upstream, a git operation in progress, or history that has
//! diverged from its upstream is left as it is, and the reason travels back as a note.
//!
//! A repository handed over whole (a zip, a synced folder) brings its own `.git/config`, and
//! git runs programs that config names (filters, ssh, credential helpers, hooks). Every git
//! call here goes through `git`, which turns off what can be turned off for one command, and a
//! repository whose own config names a program git could run during a pull is not pulled.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::journal;

/// How many pulls run at once.
pub const AT_ONCE: usize = 4;
/// How long one git command may take (a fetch waiting for a password never returns).
const TIMEOUT: Duration = Duration::from_secs(60);

/// What a pull did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    /// Fast-forwarded by this many commits.
    Pulled(usize),
    UpToDate,
    /// Not tried, and why (uncommitted changes, no upstream, diverged, its config).
    Skipped(String),
    /// Tried and failed (a network or an authentication error): git's first line.
    Failed(String),
}

/// git in the work tree `top` (`journal::git::command`: the repository's program-running
/// settings off, no transport at all), or for the pull itself (`command_for_pull`: the
/// transports on), with git's location variables cleared: inherited from a hook or a script,
/// they would send every call to one repository.
fn git(top: &Path, pull: bool) -> Command {
    let mut c = if pull {
        journal::git::command_for_pull(top)
    } else {
        journal::git::command(top)
    };
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
    ] {
        c.env_remove(var);
    }
    c
}

/// Run `c` to its end within TIMEOUT (then it is killed, with everything it started): its exit
/// status, standard output and standard error. None when it could not start or took too long.
fn run(mut c: Command) -> Option<(bool, String, String)> {
    use std::os::unix::process::CommandExt;
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group: killable as a whole, and never reading our terminal.
        .process_group(0)
        .spawn()
        .ok()?;
    let (mut out, mut err) = (child.stdout.take()?, child.stderr.take()?);
    std::thread::scope(|s| {
        let out = s.spawn(move || {
            let mut b = Vec::new();
            let _ = out.read_to_end(&mut b);
            b
        });
        let err = s.spawn(move || {
            let mut b = Vec::new();
            let _ = err.read_to_end(&mut b);
            b
        });
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if start.elapsed() < TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = Command::new("kill")
                        .args(["-KILL", "--", &format!("-{}", child.id())])
                        .stderr(Stdio::null())
                        .status();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).trim().to_string();
        let (out, err) = (
            out.join().map(text).unwrap_or_default(),
            err.join().map(text).unwrap_or_default(),
        );
        status.map(|s| (s.success(), out, err))
    })
}

/// One line of git's answer, for a note.
fn first_line(s: &str) -> String {
    let line = s
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("fatal: ")
                .trim_start_matches("error: ")
        })
        .find(|l| !l.is_empty())
        .unwrap_or("no message");
    line.chars().take(200).collect()
}

/// A setting of the repository's own config that names a program git may run while it pulls
/// (`filter.lfs.smudge`, `core.sshCommand`, a credential helper, …), or that sends the pull
/// elsewhere (`core.worktree`, `url.….insteadOf`). The user's global settings are theirs.
fn runs_a_program(name: &str) -> bool {
    let mut parts = name.split('.');
    let section = parts.next().unwrap_or("");
    let key = name.rsplit('.').next().unwrap_or("");
    match section {
        "filter" => matches!(key, "smudge" | "clean" | "process"),
        "core" => matches!(
            key,
            "sshcommand"
                | "gitproxy"
                | "askpass"
                | "pager"
                | "editor"
                | "worktree"
                | "alternaterefscommand"
        ),
        "credential" => key == "helper",
        "remote" => matches!(key, "uploadpack" | "receivepack" | "vcs"),
        "url" => matches!(key, "insteadof" | "pushinsteadof"),
        "protocol" => key == "allow",
        "diff" => matches!(key, "external" | "textconv" | "command"),
        "merge" => key == "driver",
        "gpg" => key == "program",
        "submodule" => key == "update",
        "pager" | "sequence" => true,
        _ => false,
    }
}

/// The first setting of the repository's own config (local or worktree, includes followed)
/// that could run a program during a pull.
fn risky_config(top: &Path) -> Result<Option<String>, String> {
    let mut c = git(top, false);
    c.args([
        "config",
        "--list",
        "--show-scope",
        "--name-only",
        "--includes",
        "-z",
    ]);
    let Some((ok, out, err)) = run(c) else {
        return Err("git config did not answer".into());
    };
    if !ok {
        return Err(first_line(&err));
    }
    let fields: Vec<&str> = out.split('\0').collect();
    Ok(fields
        .chunks(2)
        .filter(|p| p.len() == 2 && matches!(p[0], "local" | "worktree"))
        .map(|p| p[1])
        .find(|name| runs_a_program(name))
        .map(str::to_string))
}

/// `git`'s answer, trimmed, when it succeeds.
fn ask(top: &Path, args: &[&str]) -> Option<String> {
    let mut c = git(top, false);
    c.args(args);
    run(c).filter(|(ok, ..)| *ok).map(|(_, out, _)| out)
}

/// Pull the work tree `top` if that is safe; what happened.
fn pull_one(top: &Path) -> Pulled {
    let upstream = match may_pull(top) {
        Ok(upstream) => upstream,
        Err(not) => return not,
    };
    let before = ask(top, &["rev-parse", "HEAD"]);
    let mut c = git(top, true);
    c.args([
        "pull",
        "--ff-only",
        "--no-rebase",
        "--no-autostash",
        "--no-recurse-submodules",
        "--no-verify-signatures",
        "--quiet",
    ]);
    let Some((ok, _, err)) = run(c) else {
        return Pulled::Failed(format!(
            "git pull did not finish within {} s (waiting for a password? use a key or a credential helper)",
            TIMEOUT.as_secs()
        ));
    };
    if !ok {
        return refused(top, &upstream, &err);
    }
    let after = ask(top, &["rev-parse", "HEAD"]);
    match (before, after) {
        (Some(b), Some(a)) if a == b => Pulled::UpToDate,
        (Some(b), Some(a)) => Pulled::Pulled(
            ask(top, &["rev-list", "--count", &format!("{b}..{a}")])
                .and_then(|n| n.parse().ok())
                .unwrap_or(1),
        ),
        _ => Pulled::Pulled(0),
    }
}

/// Whether `top` may be pulled: its upstream (`origin/main`), or why not (its own config names
/// a program, a merge or rebase is in progress, no upstream, uncommitted changes).
fn may_pull(top: &Path) -> Result<String, Pulled> {
    match risky_config(top) {
        Err(e) => {
            return Err(Pulled::Failed(format!(
                "git cannot read this repository: {e}"
            )));
        }
        Ok(Some(name)) => {
            return Err(Pulled::Skipped(format!(
                "not pulled: the repository's own config sets {name}, which can run a program; pull it yourself if you trust it"
            )));
        }
        Ok(None) => {}
    }
    if let Some(what) = journal::git::git_dir(top).and_then(|g| journal::git::busy(&g)) {
        return Err(Pulled::Skipped(format!(
            "not pulled: {what} is in progress"
        )));
    }
    let upstream = ask(
        top,
        &[
            "rev-parse",
            "--abbrev-ref",
            "--symbolic-full-name",
            "@{upstream}",
        ],
    )
    .ok_or_else(|| {
        Pulled::Skipped("not pulled: the branch has no upstream (or HEAD is detached)".into())
    })?;
    match ask(top, &["status", "--porcelain", "--untracked-files=no"]) {
        None => Err(Pulled::Failed("git status failed".into())),
        Some(s) if !s.is_empty() => Err(Pulled::Skipped(format!(
            "not pulled: uncommitted changes ({} file(s)); read as it is",
            s.lines().count()
        ))),
        Some(_) => Ok(upstream),
    }
}

/// Why a fast-forward pull of `top` failed: history that diverged from `upstream` (a note), or
/// git's first line (a fetch that failed).
fn refused(top: &Path, upstream: &str, err: &str) -> Pulled {
    let counts = ask(
        top,
        &["rev-list", "--left-right", "--count", "HEAD...@{upstream}"],
    );
    let diverged = counts.as_deref().and_then(|c| {
        let (ahead, behind) = c.split_once(char::is_whitespace)?;
        let (ahead, behind) = (ahead.trim(), behind.trim());
        (ahead != "0" && behind != "0").then(|| format!("{ahead} ahead, {behind} behind"))
    });
    match diverged {
        Some(n) => Pulled::Skipped(format!(
            "not pulled: diverged from {upstream} ({n}); merge or rebase it yourself"
        )),
        None => Pulled::Failed(format!("git pull failed: {}", first_line(err))),
    }
}

/// Pull the work tree of every tracker found (each work tree once, `AT_ONCE` at a time): for
/// each tracker, what happened, or None outside a git work tree.
pub fn pull(found: &[super::Found]) -> Vec<Option<Pulled>> {
    let tops: Vec<Option<PathBuf>> = found
        .iter()
        .map(|f| journal::git::work_tree(&f.tracker))
        .collect();
    let mut unique: Vec<&PathBuf> = tops.iter().flatten().collect();
    unique.sort();
    unique.dedup();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<(PathBuf, Pulled)>> = Default::default();
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE.min(unique.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(top) = unique.get(i) else { break };
                    let done = pull_one(top);
                    if let Ok(mut r) = results.lock() {
                        r.push(((*top).clone(), done));
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    tops.iter()
        .map(|top| {
            let top = top.as_ref()?;
            results
                .iter()
                .find(|(t, _)| t == top)
                .map(|(_, p)| p.clone())
        })
        .collect()
}
