//! The journal files this clone (in git) or this machine (elsewhere) has seen, and how long each
//! was then, with a checksum of that much (`known-<tracker>` beside the high-water clock, see
//! `local`). A file whose identity changed since is looked at again: if it still begins with
//! what was seen, it was only appended to; if not, it was cut short or changed outside ftrack.
//!
//! - In a git work tree, such a file, and a file not seen before (a pull brought it), is
//!   compared with git's copy (the index: what the next commit takes; one `git cat-file` for
//!   all of them): a file that is not git's lines plus lines appended after them gets git's
//!   lines back, with one warning naming it. Nothing is asked of git when nothing changed.
//! - Elsewhere there is no copy to restore from: a file that no longer begins with what this
//!   machine saw (and whose lines no sync conflict copy holds either) is reported on every
//!   command until it is restored, or the record is let go (`ftrack doctor` says how).
//!
//! Only a record outside the file can tell: a file cut at a line's end reads as a shorter,
//! valid journal, and no trailer or per-line checksum inside it survives the cut.

mod deleted;
mod record;

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use record::{append_line, lock_file, read, rewrite};

use crate::model::damage::Damage;
use crate::store::bounded::{self, Bound};
use crate::store::fileid::FileId;
use crate::store::files::FileStore;
use crate::store::journal::{self, blobs};

/// What was seen of one file: its length, a checksum of those bytes, and its identity then.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seen {
    len: u64,
    crc: u32,
    id: FileId,
}

type Known = HashMap<String, Seen>;

/// The largest git copy compared whole (a bigger `journal.jsonl` of a tracker made before parts
/// is recorded as it is).
pub(super) const LARGEST: u64 = 64 << 20;

/// A file of the journal to look at: its name in the tracker, its path, how it is read.
struct File {
    name: String,
    path: PathBuf,
    bound: Bound,
}

impl FileStore {
    /// Look at every journal file whose identity changed since this clone last saw it, put back
    /// what git has of one that was cut or changed, and say so (or, outside git, that lines are
    /// missing): one `Damage` per file.
    pub(super) fn verify(&self, parts: &[PathBuf]) -> Vec<Damage> {
        let Some((record, lock)) = self.record_files() else {
            return Vec::new();
        };
        let in_git = journal::git::git_dir(&self.dir).is_some();
        if in_git && journal::git::is_busy(&self.dir) {
            return Vec::new();
        }
        let Some(_lock) = lock_file(&lock) else {
            return Vec::new();
        };
        let mut known = read(&record);
        let before = known.clone();
        let files = self.files(parts);
        // (Files gone — a revert, a reset — are forgotten; a part deleted outside git is put
        // back from git's index.)
        let gone: Vec<String> = known
            .keys()
            .filter(|name| !files.iter().any(|f| f.name == **name))
            .cloned()
            .collect();
        known.retain(|name, _| files.iter().any(|f| f.name == *name));
        let mut suspects = Vec::new();
        for f in files {
            let Some(id) = FileId::at(&f.path) else {
                known.remove(&f.name);
                continue;
            };
            match known.get(&f.name) {
                Some(s) if s.id == id => {}
                Some(s) => match extended(&f, s) {
                    Some(now) => {
                        known.insert(f.name.clone(), now);
                    }
                    None => suspects.push((f, Some(*s))),
                },
                None => suspects.push((f, None)),
            }
        }
        let mut warnings = if in_git {
            self.against_git(suspects, &mut known)
        } else {
            self.outside_git(suspects, &mut known)
        };
        if in_git && !gone.is_empty() {
            warnings.extend(self.put_back_deleted(&gone));
        }
        if known != before {
            rewrite(&record, &known);
        }
        warnings
    }

    /// Where the record is kept, and its lock.
    fn record_files(&self) -> Option<(PathBuf, PathBuf)> {
        let local = self.local()?;
        Some((local.file("known")?, local.file("known.lock")?))
    }

    /// `journal.jsonl` and every part, with their names in the tracker.
    fn files(&self, parts: &[PathBuf]) -> Vec<File> {
        let mut files = vec![File {
            name: journal::JOURNAL.to_string(),
            path: self.journal_path(),
            bound: bounded::JOURNAL,
        }];
        for p in parts {
            if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                files.push(File {
                    name: format!("{}/{n}", journal::parts::PARTS),
                    path: p.clone(),
                    bound: bounded::PART,
                });
            }
        }
        files
    }

    /// Compare each file with git's copy (the index): a file that does not begin with git's
    /// lines gets them back. A file git does not have (not added yet) is taken as it is: the
    /// outbox looks after lines not yet in git.
    fn against_git(&self, suspects: Vec<(File, Option<Seen>)>, known: &mut Known) -> Vec<Damage> {
        if suspects.is_empty() {
            return Vec::new();
        }
        let paths: Vec<PathBuf> = suspects.iter().map(|(f, _)| f.path.clone()).collect();
        let Some(copies) = blobs::read(&self.dir, &paths, blobs::Version::Index, LARGEST) else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        for ((f, _), copy) in suspects.into_iter().zip(copies) {
            let follows = |copy: &[u8]| {
                let (prefix, _) = journal::restore::counted(copy);
                journal::restore::starts_with(&f.path, &prefix, f.bound)
            };
            if copy.as_deref().is_some_and(|c| !follows(c)) {
                match self.put_back(&f) {
                    Some(d) => warnings.push(d),
                    None => continue,
                }
            }
            if let Some(now) = whole(&f) {
                known.insert(f.name, now);
            }
        }
        warnings
    }

    /// Put git's lines back into a file that does not begin with them: judged again under the
    /// file's lock (a writer taking its own lines back, because a commit overtook it, stages
    /// the part as committed before it lets go), then restored and staged.
    fn put_back(&self, f: &File) -> Option<Damage> {
        let _lock = journal::restore::lock(&f.path)?;
        let index = blobs::Version::Index;
        let copy = blobs::read(&self.dir, std::slice::from_ref(&f.path), index, LARGEST)?
            .pop()
            .flatten()?;
        let (prefix, ids) = journal::restore::counted(&copy);
        if journal::restore::starts_with(&f.path, &prefix, f.bound) {
            return None;
        }
        let lost = journal::restore::restore(&f.path, &prefix, &ids, f.bound)?;
        journal::stage::stage(&self.dir, &f.path);
        Some(Damage::Restored {
            path: f.path.clone(),
            lost,
        })
    }

    /// Outside git: a file that no longer begins with what was seen is cut, unless a sync
    /// conflict copy holds those lines (the sync tool kept another machine's version, and ours
    /// beside it). The record of a cut file is kept, so that every command says so.
    fn outside_git(&self, suspects: Vec<(File, Option<Seen>)>, known: &mut Known) -> Vec<Damage> {
        let mut warnings = Vec::new();
        for (f, seen) in suspects {
            let Some(seen) = seen else {
                if let Some(now) = whole(&f) {
                    known.insert(f.name, now);
                }
                continue;
            };
            let in_copy = journal::conflict_copies(&self.dir).iter().any(|c| {
                let copy = File {
                    name: String::new(),
                    path: c.clone(),
                    bound: bounded::PART,
                };
                extended(&copy, &seen).is_some()
            });
            if in_copy {
                if let Some(now) = whole(&f) {
                    known.insert(f.name, now);
                }
                continue;
            }
            warnings.push(Damage::Cut {
                path: f.path,
                had: seen.len,
            });
        }
        warnings
    }

    /// Record every journal file as it is now (`doctor --fix`: a cut file is taken as it is).
    pub(super) fn accept_as_they_are(&self) {
        let Some((record, lock)) = self.record_files() else {
            return;
        };
        let Some(_lock) = lock_file(&lock) else {
            return;
        };
        let parts = journal::parts::list(&self.dir);
        let known: Known = self
            .files(&parts)
            .into_iter()
            .filter_map(|f| whole(&f).map(|s| (f.name, s)))
            .collect();
        rewrite(&record, &known);
    }

    /// A part this clone made whole (a fold): the record holds it as it is, so that the next
    /// look at the files knows it (and notices it cut, changed or deleted).
    pub(super) fn note_whole(&self, path: &Path) {
        let (Some((record, lock)), Some(n)) = (
            self.record_files(),
            path.file_name().and_then(|n| n.to_str()),
        ) else {
            return;
        };
        let f = File {
            name: format!("{}/{n}", journal::parts::PARTS),
            path: path.to_path_buf(),
            bound: bounded::PART,
        };
        let (Some(_lock), Some(seen)) = (lock_file(&lock), whole(&f)) else {
            return;
        };
        append_line(&record, &f.name, &seen);
    }

    /// After an append: the record holds the file as the append left it, when it held the file
    /// as it was just before (else the next load looks at it).
    pub(super) fn note_append(&self, appended: &journal::Appended) {
        let (Some(before), Some(after)) = (appended.before, appended.after) else {
            return;
        };
        let Some((record, lock)) = self.record_files() else {
            return;
        };
        let (name, path) = match &appended.part {
            Some(p) => match p.file_name().and_then(|n| n.to_str()) {
                Some(n) => (format!("{}/{n}", journal::parts::PARTS), p.clone()),
                None => return,
            },
            None => (journal::JOURNAL.to_string(), self.journal_path()),
        };
        let Some(_lock) = lock_file(&lock) else {
            return;
        };
        let known = read(&record);
        // A file this append started (a new part) holds only what it wrote.
        let new = Seen {
            len: 0,
            crc: 0,
            id: before,
        };
        let seen = known.get(&name).or((before.size == 0).then_some(&new));
        // (Only when the append's lines follow what was seen: not after it set aside the end
        // of an interrupted write.)
        let Some(seen) =
            seen.filter(|s| s.id == before && s.len == before.size && appended.at == s.len)
        else {
            return;
        };
        let Some(crc) = crc_from(&path, seen, after.size) else {
            return;
        };
        append_line(
            &record,
            &name,
            &Seen {
                len: after.size,
                crc,
                id: after,
            },
        );
    }
}

/// The file as it is now, when it begins with what was seen (it was only appended to).
fn extended(f: &File, seen: &Seen) -> Option<Seen> {
    let (upto, now) = checksums(f, Some(seen.len))?;
    (upto == Some(seen.crc) && now.len >= seen.len).then_some(now)
}

/// The file as it is now.
fn whole(f: &File) -> Option<Seen> {
    checksums(f, None).map(|(_, now)| now)
}

/// The checksum of the file's first `upto` bytes (None when it is shorter), and the file as it
/// is now: as far as it counts (without what an interrupted write left at its end, which the
/// next append sets aside), with the checksum of that much. Read once, bounded.
fn checksums(f: &File, upto: Option<u64>) -> Option<(Option<u32>, Seen)> {
    let opened = bounded::open(&f.path, f.bound).ok()??;
    let id = FileId::of(&opened.meta);
    let settled = journal::tail::settled_len(&opened.file).unwrap_or(opened.meta.len());
    (&opened.file).seek(SeekFrom::Start(0)).ok()?;
    let mut marks = [upto, Some(settled)];
    marks.sort();
    let mut at_marks: Vec<(u64, u32)> = Vec::new();
    let mut hasher = crc32fast::Hasher::new();
    let mut reader = opened.reader(1 << 16);
    let mut at = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    let mark = |hasher: &crc32fast::Hasher, at: u64, taken: &mut Vec<(u64, u32)>| {
        for m in marks.iter().flatten() {
            if *m == at && !taken.iter().any(|(t, _)| t == m) {
                taken.push((*m, hasher.clone().finalize()));
            }
        }
    };
    mark(&hasher, 0, &mut at_marks);
    loop {
        let n = reader.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        let mut chunk = &buf[..n];
        // Cut the chunk at each mark inside it.
        while let Some(m) = marks
            .iter()
            .flatten()
            .copied()
            .find(|m| *m > at && *m <= at + chunk.len() as u64)
        {
            let cut = (m - at) as usize;
            hasher.update(&chunk[..cut]);
            at = m;
            chunk = &chunk[cut..];
            mark(&hasher, at, &mut at_marks);
        }
        hasher.update(chunk);
        at += chunk.len() as u64;
    }
    opened.check_read(at).ok()?;
    let crc_at = |m: u64| at_marks.iter().find(|(t, _)| *t == m).map(|(_, c)| *c);
    let now = Seen {
        len: settled,
        crc: crc_at(settled)?,
        id,
    };
    Some((upto.and_then(crc_at), now))
}

/// The checksum of the file's first `len` bytes, from what was seen of its first `seen.len`.
fn crc_from(path: &Path, seen: &Seen, len: u64) -> Option<u32> {
    let opened = bounded::open(path, bounded::JOURNAL).ok()??;
    let mut file = &opened.file;
    file.seek(SeekFrom::Start(seen.len)).ok()?;
    let mut rest = Vec::new();
    file.take(len.checked_sub(seen.len)?)
        .read_to_end(&mut rest)
        .ok()?;
    let mut hasher = crc32fast::Hasher::new_with_initial_len(seen.crc, seen.len);
    hasher.update(&rest);
    Some(hasher.finalize())
}
