//! Folding old parts together: one part per clone and commit (see `parts`) would make a long
//! engagement a directory of thousands of files, each listed, looked at and read by every
//! command. So when a clone starts a part (its `HEAD` moved: a commit, a pull) and the tracker
//! has `FOLD_AT` parts or more, it folds the parts that every clone has already — those in the
//! commit where `HEAD` and its upstream meet (`HEAD` itself without an upstream) — except the
//! parts added by the last `KEEP` commits that changed the journal, into one new file,
//! `fold-<time>-<clone>-<random>.jsonl`: their lines in replay order, each line once. The fold
//! is staged, like every file ftrack writes; the folded parts are deleted only once the commit
//! `HEAD` names holds the fold (`finish`, at the first new part after that commit): until
//! then their lines are in both (each counts once), so that no way of committing — a `git
//! reset` that unstages the fold, then `git commit -a` — can take the deletions without it.
//!
//! Why this merges: a committed part is never changed (it is staged after every write), so a
//! clone that has not folded has those parts exactly as they were; git takes the deletion and
//! the new file without a conflict. Two clones that fold the same parts each add a fold holding
//! the same lines: every event counts once (ids), and the next fold keeps each line once. An
//! earlier fold is folded again only into a fold of which it is under 40%, so that git
//! never takes the new fold for the old one renamed (two clones re-folding one fold would
//! conflict as a rename on both sides). A
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
pub use super::fold_finish::Folded;
use super::fold_finish::name_of;
use super::git::{command, git_dir, work_tree};
use super::handle::{open_append, same_file};
use super::lines::parse_line;
use super::parts::parts_dir;
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

/// Fold the old parts of the tracker in `dir` (see the module), `parts` as the command listed
/// them, never `current` (the part this clone writes). The fold's first line is recorded as made by `first`'s writer, at its time.
/// None when there is nothing to fold, another command of this clone is folding, or anything
/// fails (then nothing has changed: the fold is made whole before any part is deleted).
pub fn fold(dir: &Path, parts: &[PathBuf], current: &Path, first: &Event) -> Option<Folded> {
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
    let old: Vec<&PathBuf> = parts
        .iter()
        .filter(|p| *p != current)
        .filter(|p| name_of(p).is_some_and(|n| shared.contains(n) && !recent.contains(n)))
        .collect();
    let candidates = chosen(&old);
    if candidates.len() < KEEP || !super::fold_finish::settled(&top, &git, rel, current) {
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
    super::fold_finish::remember(dir, &git, &into, &read.parts);
    Some(Folded {
        into: Some(into),
        parts: Vec::new(),
    })
}

/// The old parts to fold: every part, and the earlier folds that are each under 40% of the new
/// fold (git's rename detection pairs files from 50% alike): as many as can be taken, the
/// largest left out until that holds — so folds merge the way a log-structured store merges its
/// runs, a few small ones into one larger, and stay few; at most `MOST` in all.
fn chosen<'a>(old: &[&'a PathBuf]) -> Vec<&'a PathBuf> {
    let size = |p: &Path| std::fs::metadata(p).map_or(MOST, |m| m.len());
    let is_fold = |p: &Path| name_of(p).is_some_and(|n| n.starts_with("fold-"));
    let mut total = 0;
    let mut out: Vec<&PathBuf> = Vec::new();
    for p in old.iter().filter(|p| !is_fold(p)) {
        let len = size(p);
        if total + len > MOST {
            break;
        }
        total += len;
        out.push(p);
    }
    let mut folds: Vec<(u64, &PathBuf)> = old
        .iter()
        .filter(|p| is_fold(p))
        .map(|p| (size(p), *p))
        .collect();
    folds.sort();
    let mut taken = 0;
    let mut sum = 0;
    for (len, _) in &folds {
        if total + sum + len > MOST {
            break;
        }
        sum += len;
        taken += 1;
    }
    // (The largest taken fold must be under 40% of the whole: 5 × its size < 2 × the whole.)
    while taken > 0 && folds[taken - 1].0 * 5 >= (total + sum) * 2 {
        taken -= 1;
        sum -= folds[taken].0;
    }
    out.extend(folds[..taken].iter().map(|(_, p)| *p));
    out
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
