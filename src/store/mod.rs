//! The only code that touches a tracker's files: the journal (read, append, repair), the
//! snapshot cache, atomic replacement of files, file identity, and reading catalog files.
//!
//! A small API: `Store::open` names a tracker directory; `load` returns a `Loaded` (the
//! replayed state, what a warning-worthy read found, and the snapshot key it was read under);
//! `record(loaded, events)` appends and keeps the snapshot current from what that load learned.

pub mod atomic;
pub mod bounded;
pub mod catalog;
pub mod fileid;
pub mod guard;
pub mod journal;
mod load;
mod paths;
pub mod pull;
pub mod snapshot;
mod walk;

use std::path::{Path, PathBuf};

use crate::error::{Kind, UserError};
use crate::model::catalog::Catalog;
use crate::model::event::Event;
use crate::model::state::Engagement;
use fileid::FileId;
pub use journal::git::user_name as git_user_name;
use paths::confine_recorded;
pub use paths::{in_git_work_tree, real_path, relative_to};
pub use walk::{Found, Walk, find_trackers};

/// The directory a tracker lives in when it is found by walking up from the current directory.
pub const TRACKER_DIR: &str = ".ftrack";

/// One tracker directory, with the catalog override and where snapshots go.
#[derive(Debug)]
pub struct Store {
    /// The tracker directory (holding journal.jsonl).
    pub dir: PathBuf,
    /// `--catalog` / `FTRACK_CATALOG`.
    pub catalog_override: Option<PathBuf>,
    /// Where snapshots are kept, or None when the cache is off.
    snapshots: Option<snapshot::Place>,
}

/// What a load returns: the replayed state, warnings for the user, and the snapshot key the
/// state was read or stored under (which `record` needs to keep the snapshot current).
#[derive(Debug)]
pub struct Loaded {
    pub state: Engagement,
    /// Things the user should know about the read (a torn last line), one line each.
    pub warnings: Vec<String>,
    snapshot: Option<snapshot::Key>,
    /// Parts whose end an interrupted write left torn or unfinished: the next change sets it
    /// aside, as it does for journal.jsonl.
    repair: Vec<PathBuf>,
}

impl Store {
    pub fn open(
        dir: PathBuf,
        catalog_override: Option<PathBuf>,
        snapshots: Option<snapshot::Place>,
    ) -> Store {
        Store {
            dir,
            catalog_override,
            snapshots,
        }
    }

    pub fn journal_path(&self) -> PathBuf {
        journal::journal_path(&self.dir)
    }

    /// Whether this tracker has a journal yet (a per-user tracker is created by its first write).
    pub fn exists(&self) -> bool {
        self.journal_path().exists()
    }

    /// The current state: from the snapshot cache when it is still current, else by reading
    /// the catalog and replaying the journal. `events` is left empty: commands that show
    /// history use `load_full`.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        self.read(false)
    }

    /// The state and every event (for history, logs and reports).
    pub fn load_full(&self) -> anyhow::Result<Loaded> {
        self.read(true)
    }

    /// The catalog in use: the override, else the one recorded at init, else the built-in one.
    pub fn catalog(&self, recorded: Option<&str>) -> anyhow::Result<Catalog> {
        if let Some(path) = &self.catalog_override {
            return catalog::load(path);
        }
        match recorded {
            Some(rel) => {
                let dir = real_path(&self.dir).unwrap_or_else(|_| self.dir.clone());
                let path = dir.join(rel);
                confine_recorded(&self.dir, rel, &path)?;
                catalog::load(&path).map_err(|e| match e.downcast::<UserError>() {
                    Ok(u) if u.kind == Kind::CatalogMissing => UserError::new(
                        Kind::CatalogMissing,
                        format!("{} (recorded in this tracker at init)", u.message),
                        "restore the catalog file, or override it with --catalog FILE",
                    )
                    .into(),
                    Ok(u) => u.into(),
                    Err(e) => e,
                })
            }
            None => Catalog::embedded(),
        }
    }

    /// The catalog recorded in the journal (by the latest init), loaded; for commands that
    /// check the catalog without replaying. Only the `init` lines are kept (a streaming pass);
    /// a journal that does not read cleanly that way is read whole, to say what is wrong.
    pub fn recorded_catalog(&self) -> anyhow::Result<Catalog> {
        let mut inits = Vec::new();
        let streamed = journal::read_matching(&self.dir, &["\"init\""], &mut |e| {
            if e.op == crate::model::event::Op::Init {
                inits.push(e);
            }
            true
        })?;
        if streamed.is_none() {
            inits = journal::read(&self.dir)?.events;
            for part in journal::parts::list(&self.dir) {
                inits.extend(journal::read_file(&part)?.events);
            }
        }
        let recorded = crate::model::event::recorded_catalog(&inits);
        self.catalog(recorded.as_deref())
    }

    /// Append events to this tracker's journal (all or none). `loaded` is the state they were
    /// decided on: when nobody else wrote in between, the snapshot cache is brought up to date
    /// with them, so the next command need not replay.
    pub fn record(&self, loaded: Loaded, events: &[Event]) -> anyhow::Result<()> {
        let appended = journal::append(&self.dir, events, loaded.state.clock, &loaded.repair)?;
        let Loaded {
            mut state,
            snapshot: key,
            ..
        } = loaded;
        let Some((place, key)) = self.snapshots.as_ref().zip(key) else {
            return Ok(());
        };
        if appended.recovered > 0 {
            return Ok(());
        }
        let next = match &appended.part {
            None if appended.before.is_some() && key.journal == appended.before => {
                Some(key.with_journal(appended.after))
            }
            None => None,
            // A part: the key held it as it was before the write (or not at all, when the
            // write created it), and journal.jsonl has not changed since the load.
            Some(part) => {
                let name = part.file_name().and_then(|n| n.to_str()).unwrap_or("");
                // (A part this write created was empty before it.)
                let was = key.part(name).or(appended.before.filter(|b| b.size == 0));
                (was == appended.before && key.journal == FileId::at(&self.journal_path()))
                    .then_some(appended.after)
                    .flatten()
                    .map(|after| key.with_part(name, after))
            }
        };
        if let Some(next) = next
            && state.extend(&appended.events)
        {
            snapshot::store(place, &next, &state);
        }
        // A write ends the command: handing every string of a 10,000-item state back to the
        // allocator one by one cost a tenth of a `done` on a large tracker, and the process
        // exit returns the memory at once.
        std::mem::forget(state);
        Ok(())
    }

    /// Create a tracker here with its first event (`init`); in a git work tree, also the
    /// attributes that make git merge journals line by line. Nothing is created through a
    /// symbolic link: a tracker directory, or a file in it, that is one is refused first.
    pub fn create(&self, init: &Event, in_git: bool) -> anyhow::Result<()> {
        guard::check_tracker(&self.dir)?;
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            crate::error::io(
                format!("cannot create the tracker {}: {e}", self.dir.display()),
                "run `ftrack init` in a directory you can write to, or name one with --dir",
            )
        })?;
        if in_git {
            write_if_absent(&self.dir.join(".gitattributes"), GITATTRIBUTES)?;
            write_if_absent(&self.dir.join(".gitignore"), GITIGNORE)?;
        }
        journal::create(&self.dir, init, in_git)?;
        Ok(())
    }

    /// Refuse (exit 1) to write a tracker whose own files or directories are symbolic links
    /// (`guard::check_tracker`): for a command that writes a file there before recording.
    pub fn check_writable(&self) -> anyhow::Result<()> {
        guard::check_tracker(&self.dir)
    }

    /// Whether the tracker's `.gitattributes` asks git to merge the journal by union (and its
    /// parts, when `parts`).
    pub fn has_union_merge(&self, parts: bool) -> bool {
        let text = tracker_text(&self.dir.join(".gitattributes"));
        let has = |file: &str| {
            text.lines()
                .any(|l| l.split_whitespace().eq([file, "merge=union"]))
        };
        has("journal.jsonl") && (!parts || has("journal.d/*.jsonl"))
    }

    /// The set-aside file of torn lines, if there is one.
    pub fn torn_file(&self) -> Option<PathBuf> {
        let p = self.dir.join(journal::TORN);
        p.exists().then_some(p)
    }
}

/// Git merges concurrent appends to the journal by keeping both sides' lines (for parts only a
/// safety net: each part is written by one clone).
const GITATTRIBUTES: &str = "journal.jsonl merge=union\njournal.d/*.jsonl merge=union\n";
const PARTS_UNION: &str = "journal.d/*.jsonl merge=union";

/// Add the union-merge line for parts to the tracker's `.gitattributes` (trackers made before
/// parts have only the journal's line). Best effort: it is a safety net.
pub(crate) fn add_union_merge(dir: &Path) {
    let path = dir.join(".gitattributes");
    if guard::is_link(&path) {
        return;
    }
    let text = tracker_text(&path);
    if text.lines().any(|l| l.trim() == PARTS_UNION) {
        return;
    }
    let mut text = text;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(PARTS_UNION);
    text.push('\n');
    let _ = atomic::write_quietly(&path, text.as_bytes());
}
const GITIGNORE: &str = "journal.torn\nlock\n";

/// A small text file of the tracker (its git attributes), empty when it cannot be read.
fn tracker_text(path: &Path) -> String {
    bounded::read_quietly(path, bounded::TRACKER_FILE)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// Create `path` with `content` unless something is there already (a link too: never followed).
fn write_if_absent(path: &Path, content: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let written = match options.open(path) {
        Ok(mut f) => f.write_all(content.as_bytes()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    };
    written.map_err(|e| {
        crate::error::io(
            format!("cannot write {}: {e}", path.display()),
            "check that the tracker directory is writable",
        )
    })
}
