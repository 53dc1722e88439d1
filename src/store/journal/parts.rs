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
//! where no git command and no sync tool touches them; the part is chosen (and a new one
//! created) under a lock there, so that writers running at once share one part. A part whose
//! file has gone (a `git stash` or `git reset --hard` threw it away) is never written again: the
//! next write starts a new one (the outbox writes the lost lines back into it).

use std::io;
use std::path::{Path, PathBuf};

use super::clone::{clone_dir, open_record, record_text, replica, small_text, state_file};
use super::git::git_dir;
pub use super::git::head_commit;
use crate::store::bounded::CLONE_STATE;

/// The directory of parts, inside the tracker directory.
pub const PARTS: &str = "journal.d";

/// The parts directory of the tracker in `dir`.
pub fn parts_dir(dir: &Path) -> PathBuf {
    dir.join(PARTS)
}

/// Every part of the tracker in `dir` (`journal.d/*.jsonl`, plain files), sorted by name. A
/// `journal.d` that is itself a link is not looked into (the guard reports it).
pub fn list(dir: &Path) -> Vec<PathBuf> {
    listing(dir).plain
}

/// The parts that are symbolic links (never read; the guard reports them).
pub fn linked(dir: &Path) -> Vec<PathBuf> {
    listing(dir).linked
}

/// The `*.jsonl` entries of `journal.d`, from one listing of the directory (a command lists it
/// once, see `FileStore::listing`).
#[derive(Debug, Default)]
pub struct Listing {
    /// Plain files: the parts, sorted by name.
    pub plain: Vec<PathBuf>,
    /// Symbolic links (never read; the guard reports them).
    pub linked: Vec<PathBuf>,
}

/// List `journal.d` once. The entry types come with the directory listing: no file is looked
/// at one by one.
pub fn listing(dir: &Path) -> Listing {
    let parts = parts_dir(dir);
    let mut listing = Listing::default();
    // (Asked here, not of the guard, which reports the directory itself.)
    if std::fs::symlink_metadata(&parts).is_ok_and(|m| m.file_type().is_symlink()) {
        return listing;
    }
    let Ok(read) = std::fs::read_dir(&parts) else {
        return listing;
    };
    let mut plain: Vec<(std::ffi::OsString, PathBuf)> = Vec::new();
    for e in read.filter_map(Result::ok) {
        let name = e.file_name();
        if Path::new(&name).extension().is_none_or(|x| x != "jsonl") {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_file() => plain.push((name, e.path())),
            Ok(t) if t.is_symlink() => listing.linked.push(e.path()),
            _ => {}
        }
    }
    // By name (comparing whole paths component by component cost more than the rest of a
    // command with hundreds of parts).
    plain.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    listing.linked.sort();
    listing.plain = plain.into_iter().map(|(_, p)| p).collect();
    listing
}

/// The part a write goes to.
#[derive(Debug)]
pub struct Chosen {
    pub path: PathBuf,
    /// Made by this choice (empty).
    pub new: bool,
    /// Added to git's index already, with the filter git named for it then (its record says
    /// `staged filter=<name>`; a record of an older ftrack says only `staged`).
    pub staged: Option<Option<String>>,
    /// For a new part: the part this clone wrote before (on an earlier commit), if it is there.
    pub previous: Option<PathBuf>,
}

/// The part this clone writes to while `HEAD` names `head`: the part recorded for it if its
/// file is still there, else a new, empty one, created now and recorded. Under an exclusive lock
/// on the clone's record, so that writers running at once choose the same part. None outside
/// git.
pub fn choose(dir: &Path, head: &str) -> io::Result<Option<Chosen>> {
    use std::io::{Seek, Write};
    let Some(git) = git_dir(dir) else {
        return Ok(None);
    };
    clone_dir(&git)?;
    let Some(record) = state_file(&git, dir, "part") else {
        return Ok(None);
    };
    std::fs::create_dir_all(clone_dir(&git)?)?;
    let mut file = open_record(&record, true)?;
    file.lock()?;
    let text = record_text(&mut file);
    let mut words = text.split_whitespace();
    if let (Some(h), Some(name)) = (words.next(), words.next())
        && h == head
        && valid_name(name)
    {
        let path = parts_dir(dir).join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            let staged = (words.next() == Some("staged")).then(|| {
                words
                    .next()
                    .and_then(|w| w.strip_prefix("filter="))
                    .map(String::from)
            });
            return Ok(Some(Chosen {
                path,
                new: false,
                staged,
                previous: None,
            }));
        }
    }
    let previous = text
        .split_whitespace()
        .nth(1)
        .filter(|n| valid_name(n))
        .map(|n| parts_dir(dir).join(n))
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()));
    std::fs::create_dir_all(parts_dir(dir))?;
    // Never a name a part had before (a reset or stash may have taken that part away, and git
    // knows it): the time, the clone, and six random hex digits.
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let me = replica(&git, dir);
    let mut n = 0;
    let (path, name) = loop {
        let unique = &uuid::Uuid::new_v4().simple().to_string()[..6];
        let name = format!("{stamp}-{me}-{unique}.jsonl");
        let path = parts_dir(dir).join(&name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        match options.open(&path) {
            Ok(_) => break (path, name),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(format!("{head} {name}\n").as_bytes())?;
    Ok(Some(Chosen {
        path,
        new: true,
        staged: None,
        previous,
    }))
}

/// The part recorded as this clone's current one (whatever `HEAD` says now), read without the
/// lock; for the outbox, which writes lost lines back into it.
pub fn recorded(dir: &Path) -> Option<PathBuf> {
    let git = git_dir(dir)?;
    let text = small_text(&state_file(&git, dir, "part")?, CLONE_STATE)?;
    let name = text.split_whitespace().nth(1)?;
    valid_name(name).then(|| parts_dir(dir).join(name))
}

/// This clone's current part, when a command wrote to it and was interrupted before staging it
/// (killed between the write and the `git add`): staged now, so that `git commit -a` takes it,
/// and the part named (once: it is marked staged). Nothing when the record says it is staged
/// (one small file read), or while a writer holds the part (its own add is still to come).
pub fn stage_left_out(dir: &Path) -> Option<PathBuf> {
    let git = git_dir(dir)?;
    let text = small_text(&state_file(&git, dir, "part")?, CLONE_STATE)?;
    let mut words = text.split_whitespace();
    let (head, name) = (words.next()?, words.next()?);
    if words.next() == Some("staged") || !valid_name(name) {
        return None;
    }
    let path = parts_dir(dir).join(name);
    let file = super::handle::open_append(&path).ok()?;
    if file.metadata().ok()?.len() == 0 || file.try_lock_shared().is_err() {
        return None;
    }
    let filter = super::stage::stage_known(dir, &path, None)?;
    mark_staged(dir, head, &path, &filter);
    Some(path)
}

/// Record that `part`, chosen while `HEAD` named `head`, is in git's index now, and the filter
/// git named for it (turned off by name at every later add).
pub fn mark_staged(dir: &Path, head: &str, part: &Path, filter: &str) {
    use std::io::{Seek, Write};
    let (Some(git), Some(name)) = (git_dir(dir), part.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Some(record) = state_file(&git, dir, "part") else {
        return;
    };
    let Ok(mut file) = open_record(&record, false) else {
        return;
    };
    if file.lock().is_err() {
        return;
    }
    let text = record_text(&mut file);
    if text.split_whitespace().take(2).eq([head, name]) {
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| {
            file.write_all(format!("{head} {name} staged filter={filter}\n").as_bytes())
        });
    }
}

pub(super) fn valid_name(name: &str) -> bool {
    name.ends_with(".jsonl")
        && !name.contains(['/', '\\'])
        && !name.starts_with('.')
        && name.len() < 100
}

/// Which of `ids` git has in a commit it still knows (see `committed`): in its history, or only
/// in a stash.
#[derive(Debug, Default)]
pub struct Committed {
    /// On a branch or tag, or in the log of where `HEAD` and the branches have been: taken out
    /// on purpose (a revert, a reset to an earlier commit) for good.
    pub history: std::collections::HashSet<String>,
    /// Only in a stash: back in the work tree when the stash is popped — and then again ftrack's
    /// to keep (a stash dropped after its pop is no copy).
    pub stashed: std::collections::HashSet<String>,
}

impl Committed {
    pub fn contains(&self, id: &str) -> bool {
        self.history.contains(id) || self.stashed.contains(id)
    }
}

/// Which of `ids` git has had in a commit it still knows, in any part: on a branch or tag, in
/// a stash, or in the log of where `HEAD` and the branches have been. An event of ftrack's that
/// is gone from the work tree although git had it was taken out by git on purpose (a revert, a
/// reset to an earlier commit, a stash), not lost in a write. None when git cannot be asked.
pub fn committed(dir: &Path, ids: &[&str]) -> Option<Committed> {
    let top = super::git::work_tree(dir)?;
    // Ids are ftrack's own (hex); anything else is not asked about (and so counts as lost).
    let ids: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| {
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .collect();
    if ids.is_empty() {
        return Some(Default::default());
    }
    // The commits that added or removed one of them (pickaxe), with their changes to the parts
    // (stash commits are merges: -m shows them against each parent).
    let out = super::git::command(&top)
        .args([
            "log",
            "--all",
            "--reflog",
            "-m",
            "-p",
            "--format=commit %H",
            "--no-color",
            "--no-textconv",
            "--no-ext-diff",
            "--pickaxe-regex",
        ])
        .arg(format!("-S({})", ids.join("|")))
        .arg("--")
        .arg(super::stage::as_git_sees(&parts_dir(dir)))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // Each id, and the commits that added it.
    let mut found: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    let mut commit = "";
    for l in text.lines() {
        if let Some(c) = l.strip_prefix("commit ") {
            commit = c.split_whitespace().next().unwrap_or("");
        } else if l.starts_with('+') && !l.starts_with("+++") {
            for id in ids
                .iter()
                .filter(|id| l.contains(&format!("\"id\":\"{id}\"")))
            {
                found.entry(id).or_default().push(commit);
            }
        }
    }
    let stashes = if found.is_empty() {
        Default::default()
    } else {
        stash_commits(&top)?
    };
    let mut committed = Committed::default();
    for (id, commits) in found {
        match commits.iter().all(|c| stashes.contains(*c)) {
            true => committed.stashed.insert(id.to_string()),
            false => committed.history.insert(id.to_string()),
        };
    }
    Some(committed)
}

/// The commits a stash entry is made of: the stash itself, its index and its untracked files
/// (not the commit it was made on).
fn stash_commits(top: &Path) -> Option<std::collections::HashSet<String>> {
    let out = super::git::command(top)
        .args(["stash", "list", "--format=%H %P"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .flat_map(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                // (The first parent is the commit the stash was made on.)
                w.into_iter()
                    .enumerate()
                    .filter(|(i, _)| *i != 1)
                    .map(|(_, c)| c.to_string())
            })
            .collect(),
    )
}

/// Parts of the tracker in `dir` that git does not track (not added, so not committed by
/// `git commit -a`); for `doctor`. Empty when git cannot be asked.
pub fn untracked(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let Some(top) = super::git::work_tree(dir) else {
        return Ok(Vec::new());
    };
    let out = super::git::command(&top)
        .args(["ls-files", "--others", "-z", "--"])
        .arg(super::stage::as_git_sees(&parts_dir(dir)))
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
