//! Folding old parts together: one part per clone and commit (see `parts`) would make a long
//! engagement a directory of thousands of files, each listed, looked at and read by every
//! command. So when a clone starts a part (its `HEAD` moved: a commit, a pull) and the tracker
//! has `FOLD_AT` parts or more, it folds the parts that every clone has already — those in the
//! commit where `HEAD` and its upstream meet (`HEAD` itself without an upstream) — except the
//! parts added by the last `KEEP` commits that changed the journal, into one new file,
//! `fold-<time>-<clone>-<random>.jsonl`: their lines in replay order, each line once. The
//! folded parts are deleted and the fold staged, like every file ftrack writes.
//!
//! Why this merges: a committed part is never changed (it is staged after every write), so a
//! clone that has not folded has those parts exactly as they were; git takes the deletion and
//! the new file without a conflict. Two clones that fold the same parts each add a fold holding
//! the same lines: every event counts once (ids), and the next fold keeps each line once. A
//! `git revert` of one of the last `KEEP` commits still deletes exactly its parts; reverting an
//! older commit finds its parts folded (see README, "What ftrack guarantees").
//!
//! The first line of a fold says so in a format an older ftrack refuses by name (`FORMAT` 5):
//! an ftrack that reads format 4 would read the fold as a part, but count the events that two
//! clones' folds share twice.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::clone::{open_record, replica, state_file};
use super::git::{command, git_dir, work_tree};
use super::handle::{open_append, same_file};
use super::lines::parse_line;
use super::parts::{list, parts_dir};
use crate::model::event::{Event, FOLDED, Op, OrderKey};
use crate::store::bounded;

/// The parts of the last this many commits that changed the journal are never folded: a
/// `git revert` of one of them takes back exactly its events.
pub const KEEP: usize = 20;

/// Folding starts when the tracker has this many parts; then `.ftrack` holds about `KEEP` to
/// `FOLD_AT` parts and a few folds, however long the engagement.
pub const FOLD_AT: usize = 48;

/// A fold holds at most this much; a fold of half of it is not folded again (the journal's
/// files stay well under what ftrack reads in one, 256 MiB).
const MOST: u64 = 64 << 20;

/// The `note` of the first line of a fold.
pub const FOLD_NOTE: &str = "fold";

/// What a fold did: the file made and the parts it replaced.
#[derive(Debug)]
pub struct Folded {
    pub into: PathBuf,
    pub parts: Vec<PathBuf>,
}

/// Fold the old parts of the tracker in `dir` (see the module), never `current` (the part this
/// clone writes). The fold's first line is recorded as made by `first`'s writer, at its time.
/// None when there is nothing to fold, another command of this clone is folding, or anything
/// fails (then nothing has changed: the fold is made whole before any part is deleted).
pub fn fold(dir: &Path, current: &Path, first: &Event) -> Option<Folded> {
    let parts = list(dir);
    if parts.len() < FOLD_AT {
        return None;
    }
    let (top, git) = (work_tree(dir)?, git_dir(dir)?);
    let lock = open_record(&state_file(&git, dir, "fold")?, true).ok()?;
    lock.try_lock().ok()?;
    let rel = super::stage::as_git_sees(&parts_dir(dir));
    let rel = rel.strip_prefix(super::stage::as_git_sees(&top)).ok()?;
    let shared = names_in(&top, &meeting_point(&top)?, rel)?;
    let recent = recently_added(&top, rel)?;
    let mut size = 0;
    let candidates: Vec<&PathBuf> = parts
        .iter()
        .filter(|p| *p != current)
        .filter(|p| name_of(p).is_some_and(|n| shared.contains(n) && !recent.contains(n)))
        .filter(|p| {
            let len = std::fs::metadata(p).map_or(MOST, |m| m.len());
            size += len;
            len < MOST / 2 && size <= MOST
        })
        .collect();
    if candidates.len() < KEEP || !settled(&top, &git, rel, current) {
        return None;
    }
    let read = read_whole(&candidates);
    if read.parts.len() < 2 {
        return None;
    }
    let into = write_fold(dir, &git, read.lines, first).ok()?;
    if !super::stage::stage(dir, &into) {
        let _ = std::fs::remove_file(&into);
        return None;
    }
    for p in &read.parts {
        let _ = std::fs::remove_file(p);
    }
    stage_deleted(
        &top,
        &super::stage::as_git_sees(&parts_dir(dir)),
        &read.parts,
    );
    Some(Folded {
        into,
        parts: read.parts,
    })
}

/// Whether the clone is settled enough to fold: nothing stashed (a fold made while a stash
/// holds parts, or an earlier fold, would make its pop conflict) and no change to the parts but
/// the part being written (an earlier fold not committed yet, a merge half done, a part a
/// reset brought back). An empty part nobody tracks is no change: a command killed between
/// starting a part and writing to it leaves one (it holds nothing, and is removed once old).
fn settled(top: &Path, git: &Path, rel: &Path, current: &Path) -> bool {
    if std::fs::symlink_metadata(git.join("logs/refs/stash")).is_ok()
        || std::fs::symlink_metadata(git.join("refs/stash")).is_ok()
    {
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

fn name_of(p: &Path) -> Option<&str> {
    p.file_name().and_then(|n| n.to_str())
}

/// The commit every clone has: where `HEAD` and its upstream meet, or `HEAD` without one.
fn meeting_point(top: &Path) -> Option<String> {
    let asked = |args: &[&str]| -> Option<String> {
        let out = command(top).args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    asked(&["merge-base", "HEAD", "@{upstream}"]).or_else(|| asked(&["rev-parse", "HEAD"]))
}

/// The names of the files in directory `rel` of `commit`.
fn names_in(top: &Path, commit: &str, rel: &Path) -> Option<HashSet<String>> {
    let out = command(top)
        .args(["ls-tree", "-z", "--name-only", commit, "--"])
        .arg(rel.join(""))
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(base_names(&out.stdout))
}

/// The parts added by the last `KEEP` commits of `HEAD` that changed the journal's parts.
fn recently_added(top: &Path, rel: &Path) -> Option<HashSet<String>> {
    let out = command(top)
        .args(["log", "-z", "--format=", "--name-only", "--diff-filter=A"])
        .arg(format!("-n{KEEP}"))
        .args(["HEAD", "--"])
        .arg(rel)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(base_names(&out.stdout))
}

/// The last components of git's NUL-separated paths.
fn base_names(out: &[u8]) -> HashSet<String> {
    out.split(|b| *b == 0 || *b == b'\n')
        .filter_map(|p| std::str::from_utf8(p).ok())
        .filter_map(|p| p.rsplit('/').next())
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}

/// What the folded parts hold: every line once, with its place in the replay order, and the
/// parts read (each locked as a writer locks it while it was read).
struct Read {
    lines: Vec<(OrderKey, Vec<u8>)>,
    parts: Vec<PathBuf>,
}

/// Read the candidates whole; a part with a damaged line or a torn end is left out (left for
/// `doctor`, never folded away), as is one a writer holds.
fn read_whole(candidates: &[&PathBuf]) -> Read {
    let mut read = Read {
        lines: Vec::new(),
        parts: Vec::new(),
    };
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    for part in candidates {
        let Ok(file) = open_append(part) else {
            continue;
        };
        if file.try_lock().is_err() || !same_file(&file, part) {
            continue;
        }
        let Some(lines) = whole_lines(part) else {
            continue;
        };
        for (key, line) in lines {
            if seen.insert(line.clone()) {
                read.lines.push((key, line));
            }
        }
        read.parts.push((*part).clone());
    }
    read.lines
        .sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    read
}

/// Every line of the part at `path` with its place in the replay order (an earlier fold's
/// first line left out: the new fold has its own); None when a line is not a whole event.
fn whole_lines(path: &Path) -> Option<Vec<(OrderKey, Vec<u8>)>> {
    let bytes = bounded::read(path, bounded::PART).ok()??;
    if bytes.last().is_some_and(|b| *b != b'\n') {
        return None;
    }
    let mut out = Vec::new();
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let event = parse_line(line).ok()?;
        if is_fold_line(&event) {
            continue;
        }
        out.push((event.order_key(), line.to_vec()));
    }
    Some(out)
}

/// Whether `event` is the first line of a fold.
pub fn is_fold_line(event: &Event) -> bool {
    event.op == Op::Layout && event.note.as_deref() == Some(FOLD_NOTE)
}

/// Write the fold whole under a temporary name, synced, then give it its name: a crash leaves
/// either no fold or a whole one (whose lines the parts still hold: each counts once).
fn write_fold(
    dir: &Path,
    git: &Path,
    lines: Vec<(OrderKey, Vec<u8>)>,
    first: &Event,
) -> io::Result<PathBuf> {
    let mut marker = Event::new(Op::Layout, first.at, &first.by);
    marker.note = Some(FOLD_NOTE.to_string());
    marker.v = FOLDED;
    let mut bytes = serde_json::to_vec(&marker)?;
    bytes.push(b'\n');
    for (_, line) in lines {
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let unique = &uuid::Uuid::new_v4().simple().to_string()[..6];
    let name = format!("fold-{stamp}-{}-{unique}.jsonl", replica(git, dir));
    let into = parts_dir(dir).join(name);
    let tmp = parts_dir(dir).join(format!(".fold-{unique}.tmp"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(&bytes)?;
        f.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&tmp, &into));
    if let Err(e) = renamed {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Ok(d) = std::fs::File::open(parts_dir(dir)) {
        let _ = d.sync_all();
    }
    Ok(into)
}

/// Stage the deletion of the folded parts (best effort: `git commit -a` takes it anyway).
fn stage_deleted(top: &Path, real_dir: &Path, parts: &[PathBuf]) {
    let _ = command(top)
        .args(["add", "-A", "--"])
        .args(
            parts
                .iter()
                .filter_map(|p| Some(real_dir.join(p.file_name()?))),
        )
        .stdout(std::process::Stdio::null())
        .status();
}
