//! The snapshot cache: the replayed state of a tracker, so that a command need not parse the
//! whole catalog and journal on every run.
//!
//! A snapshot is used only when everything it was made from is exactly as it was: the journal
//! file (device, inode, size, modification time), the catalog file (or the built-in catalog),
//! the `--catalog` override, and the ftrack binary itself. Anything else (an append by another
//! process, a `git pull`, a hand edit, a new catalog, a new ftrack) misses, and the command
//! replays the journal in full and writes a new snapshot. ftrack's own appends keep the
//! snapshot current: after an append under the lock, the events just written are applied to
//! the state that was loaded, provided nobody else wrote in between.
//!
//! Snapshots live outside the tracker, in `$XDG_CACHE_HOME/ftrack/` (never shared through git),
//! are written atomically, and are best effort: one that cannot be read or written is ignored.
//! `FTRACK_NO_CACHE=1` turns the cache off (the app then opens the store without a `Place`).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::state::Engagement;
use crate::store::fileid::FileId;

/// Where snapshots are kept, and the identity of the running binary (the built-in catalog and
/// the replay code are part of it, so a new ftrack never trusts an old snapshot). Decided by
/// the app, which reads the environment.
#[derive(Debug, Clone)]
pub struct Place {
    pub dir: PathBuf,
    pub exe: Option<FileId>,
}

/// Bump when the snapshot layout or the replay's meaning changes.
const FORMAT: u32 = 7;
const MAGIC: &[u8; 8] = b"ftrack\x00S";

/// Everything a snapshot depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    format: u32,
    version: String,
    /// The running binary (the built-in catalog and the replay code are part of it).
    exe: Option<FileId>,
    /// The tracker directory, absolute.
    tracker: PathBuf,
    /// `--catalog` / `FTRACK_CATALOG` as given, if any.
    catalog_override: Option<PathBuf>,
    /// The catalog file the state was built from (None: the built-in catalog).
    catalog_file: Option<(PathBuf, FileId)>,
    /// The journal as it was when the state was built (None: no journal yet).
    pub journal: Option<FileId>,
    /// A checksum of the journal's last 4 KiB: a journal of the same size and modification
    /// time (file systems with 1-second timestamps, a `git checkout` of another branch) but
    /// other content is told apart.
    tail: Option<u32>,
    /// The parts (`journal.d/`) as they were when the state was built, by file name.
    pub parts: Vec<(String, FileId)>,
}

impl Key {
    /// The key for a state built from `journal`, with the catalog file actually used.
    pub fn new(
        place: &Place,
        tracker: &Path,
        catalog_override: Option<&Path>,
        catalog_file: Option<&Path>,
        journal: Option<FileId>,
        parts: Vec<(String, FileId)>,
    ) -> Option<Key> {
        let catalog_file = match catalog_file {
            Some(p) => Some((p.to_path_buf(), FileId::at(p)?)),
            None => None,
        };
        Some(Key {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            exe: place.exe,
            tracker: std::path::absolute(tracker).ok()?,
            catalog_override: catalog_override.map(Path::to_path_buf),
            catalog_file,
            journal,
            tail: tail_checksum(tracker),
            parts,
        })
    }

    /// Whether this key still describes the files on disk (the journal and the parts given as
    /// they are now), the parts aside.
    fn is_current_but_parts(
        &self,
        place: &Place,
        tracker: &Path,
        catalog_override: Option<&Path>,
        journal: Option<FileId>,
    ) -> bool {
        self.journal == journal
            && self.tail == tail_checksum(tracker)
            && self.catalog_override.as_deref() == catalog_override
            && self
                .catalog_file
                .as_ref()
                .is_none_or(|(p, id)| FileId::at(p) == Some(*id))
            && std::path::absolute(tracker).is_ok_and(|t| t == self.tracker)
            && self.version == env!("CARGO_PKG_VERSION")
            && self.exe == place.exe
    }

    /// The identity the key holds for the part named `name`.
    pub fn part(&self, name: &str) -> Option<FileId> {
        self.parts.iter().find(|p| p.0 == name).map(|p| p.1)
    }

    /// The same key after a fold added its file or deleted the parts it holds (None when the
    /// fold cannot be described).
    pub fn folded(&self, folded: &crate::store::journal::fold::Folded) -> Option<Key> {
        let name = |p: &Path| p.file_name()?.to_str().map(String::from);
        let gone: Vec<String> = folded.parts.iter().filter_map(|p| name(p)).collect();
        let mut key = self.clone();
        key.parts.retain(|p| !gone.contains(&p.0));
        match &folded.into {
            Some(into) => Some(key.with_part(&name(into)?, FileId::at(into)?)),
            None => Some(key),
        }
    }

    /// The same key after the part `name` changed to (or was created as) `id`.
    pub fn with_part(&self, name: &str, id: FileId) -> Key {
        let mut parts = self.parts.clone();
        match parts.iter_mut().find(|p| p.0 == name) {
            Some(p) => p.1 = id,
            None => {
                parts.push((name.to_string(), id));
                parts.sort_by(|a, b| a.0.cmp(&b.0));
            }
        }
        Key {
            parts,
            ..self.clone()
        }
    }

    /// The same key after the journal changed to `journal`.
    pub fn with_journal(&self, journal: Option<FileId>) -> Key {
        Key {
            journal,
            tail: tail_checksum(&self.tracker),
            ..self.clone()
        }
    }
}

#[derive(Deserialize)]
struct Snapshot {
    key: Key,
    tracker: Engagement,
}

/// The same layout, borrowed, for writing.
#[derive(Serialize)]
struct SnapshotRef<'a> {
    key: &'a Key,
    tracker: &'a Engagement,
}

/// Where the snapshot of a tracker lives.
fn path_for(place: &Place, tracker: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(tracker).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    abs.hash(&mut h);
    Some(place.dir.join(format!("{:016x}.snapshot", h.finish())))
}

/// The files a snapshot is checked against: `journal.jsonl` and the parts (`identities`), as
/// they are now.
pub struct Now<'a> {
    pub catalog_override: Option<&'a Path>,
    pub journal: Option<FileId>,
    pub parts: &'a [(String, FileId)],
}

/// The cached state of `tracker`, if there is one that is still current.
pub fn load(place: &Place, tracker: &Path, now: &Now) -> Option<(Key, Engagement)> {
    let (key, t) = read(place, tracker, now)?;
    (key.parts.as_slice() == now.parts).then_some((key, t))
}

/// The cached state of `tracker` when the only change since is parts that were added (a pull
/// that brought commits; every part the snapshot holds is there as it was), with the names of
/// the parts added.
pub fn load_grown(
    place: &Place,
    tracker: &Path,
    now: &Now,
) -> Option<(Key, Engagement, Vec<String>)> {
    let (key, t) = read(place, tracker, now)?;
    let mut held = key.parts.iter().peekable();
    let mut added = Vec::new();
    // (Both sorted by name.)
    for (name, id) in now.parts {
        match held.peek() {
            Some((n, i)) if n == name => {
                if i != id {
                    return None;
                }
                held.next();
            }
            _ => added.push(name.clone()),
        }
    }
    (held.next().is_none() && !added.is_empty()).then_some((key, t, added))
}

/// The snapshot of `tracker`, whole and current but for its parts.
fn read(place: &Place, tracker: &Path, now: &Now) -> Option<(Key, Engagement)> {
    let bytes = crate::store::bounded::read_quietly(
        &path_for(place, tracker)?,
        crate::store::bounded::SNAPSHOT,
    )?;
    let rest = bytes.strip_prefix(MAGIC)?;
    // A damaged snapshot (a flipped bit, a cut-off write) is ignored and rebuilt.
    let (sum, body) = rest.split_first_chunk::<4>()?;
    if u32::from_le_bytes(*sum) != crc32fast::hash(body) {
        return None;
    }
    let snap: Snapshot = postcard::from_bytes(body).ok()?;
    if !snap
        .key
        .is_current_but_parts(place, tracker, now.catalog_override, now.journal)
    {
        return None;
    }
    let mut t = snap.tracker;
    if !t.is_consistent() {
        return None;
    }
    t.catalog.reindex();
    Some((snap.key, t))
}

/// Save a snapshot (best effort: a cache that cannot be written only costs speed).
pub fn store(place: &Place, key: &Key, tracker: &Engagement) {
    let Some(path) = path_for(place, &key.tracker) else {
        return;
    };
    let snap = SnapshotRef { key, tracker };
    let Ok(body) = postcard::to_stdvec(&snap) else {
        return;
    };
    let mut bytes = Vec::with_capacity(MAGIC.len() + 4 + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = crate::store::atomic::write_quietly(&path, &bytes);
}

/// The identity of each of `parts` (listed once by the load, sorted by name; links are never read, so
/// they are not part of what a state is built from).
pub fn identities(parts: &[PathBuf]) -> Vec<(String, FileId)> {
    parts
        .iter()
        .filter_map(|p| {
            let meta = std::fs::symlink_metadata(p).ok()?;
            if !meta.is_file() {
                return None;
            }
            // A name that is not UTF-8 never matches a key (a state read with such a part is
            // not cached): lossy, with a character no name of a cached part has.
            let name = p.file_name()?;
            let name = match name.to_str() {
                Some(n) => n.to_string(),
                None => format!("{}\u{fffd}\0", name.to_string_lossy()),
            };
            Some((name, FileId::of(&meta)))
        })
        .collect()
}

/// The CRC-32 of the last 4 KiB of the tracker's journal (None: no journal).
fn tail_checksum(tracker: &Path) -> Option<u32> {
    use std::io::{Read, Seek, SeekFrom};
    let opened = crate::store::bounded::open(
        &crate::store::journal::journal_path(tracker),
        crate::store::bounded::JOURNAL,
    )
    .ok()??;
    let mut f = &opened.file;
    let len = opened.meta.len();
    let from = len.saturating_sub(4096);
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut buf = Vec::with_capacity((len - from) as usize);
    f.read_to_end(&mut buf).ok()?;
    Some(crc32fast::hash(&buf))
}
