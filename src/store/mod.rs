//! The store: the only code that touches a tracker's files, behind one door. Callers say what
//! they want — find or open a tracker, create it, load it (fast, from the snapshot) or load it
//! with its history, record a command's events, inspect it for `doctor` — never which file
//! holds it. Everything under `store/` is private to it; this file is all there is to see:
//!
//! - `Location` (where a tracker is, and how it was found) and `open`, which gives a `Store`;
//! - the `Backend` trait, the vocabulary a `Store` speaks, with the plain data its methods
//!   take and return: `Loaded` (whose `Basis` is the load→record handshake: a record without a
//!   load is impossible by type), `Recorded`, and the model's `Inspection`;
//! - the one reader of files a user names (catalogs, pages, checklists, standard input) and the
//!   one writer of files a user names (`write_file`, and `Backend::write_output`, which also
//!   keeps them off the tracker's own files).
//!
//! There is one backend today, the journal in files (`files.rs`: `journal.jsonl`, its parts in a
//! git work tree, the snapshot cache). Another (a server, a database) is another file
//! implementing `Backend`, chosen in `open`.

mod atomic;
mod bounded;
mod catalog;
mod fileid;
mod files;
mod guard;
mod history;
mod inspect;
mod journal;
mod known;
mod load;
mod local;
mod locate;
mod paths;
mod pull;
mod record;
mod repair;
mod snapshot;
mod user_files;
mod walk;

use std::any::Any;
use std::path::{Path, PathBuf};

use crate::model::catalog::Catalog;
use crate::model::diagnose::Inspection;
use crate::model::event::Event;
use crate::model::state::Engagement;

pub use locate::Location;
use paths::in_git_work_tree;
/// A path as the system will use it (links resolved): how the store names a tracker's folder.
pub use paths::real_path;
pub use pull::{Pulled, pull};
pub use user_files::{
    CATALOG_MAX_BYTES, UserFile, check_target, parse_journal, read_catalog, read_user_file,
    read_user_stream, scan_journal, write_file,
};
pub use walk::{Found, Walk, find_trackers};

/// What a tracker can be asked. Every method answers for the one tracker the store was opened
/// on; errors are `crate::error::UserError`s saying what happened and what to do.
pub trait Backend: Send + Sync {
    /// Where the tracker is, as it was named: for messages only (nothing is built from it).
    fn location(&self) -> &Path;

    /// Whether the tracker has been created (a per-user tracker is created by its first write).
    fn exists(&self) -> bool;

    /// Whether nothing is there yet and nothing would keep a first write from creating the
    /// tracker (no directory or an empty one, outside any git work tree).
    fn is_vacant(&self) -> bool;

    /// `git config user.name` where the tracker is (None outside git).
    fn git_user_name(&self) -> Option<String>;

    /// The tracker's own files and directories that are symbolic links (nothing is written to
    /// the tracker until they are replaced).
    fn links(&self) -> Vec<PathBuf>;

    /// Create the tracker with its first event (`init`).
    fn create(&self, init: &Event) -> anyhow::Result<()>;

    /// How this tracker records the catalog file `path` (so that it travels with the tracker).
    fn catalog_reference(&self, path: &Path) -> anyhow::Result<String>;

    /// The current state, fast: from the snapshot when it is current; no history.
    fn load(&self) -> anyhow::Result<Loaded>;

    /// The state with every event (for logs, reports and undo).
    fn load_history(&self) -> anyhow::Result<Loaded>;

    /// The events about item `item` of `state` (a load of this tracker), in replay order.
    fn history_of(&self, state: &Engagement, item: usize) -> anyhow::Result<Vec<Event>>;

    /// The catalog the tracker records, without replaying it.
    fn recorded_catalog(&self) -> anyhow::Result<Catalog>;

    /// Record a command's events (all or none), decided on `loaded`.
    fn record(&self, loaded: Loaded, events: &[Event]) -> anyhow::Result<Recorded>;

    /// Switch the tracker to a catalog: keep `yaml` with the tracker as `copy` and record
    /// `init` naming it (both or neither).
    fn switch_catalog(
        &self,
        loaded: Loaded,
        init: Event,
        copy: &str,
        yaml: &[u8],
    ) -> anyhow::Result<Recorded>;

    /// Everything `doctor` judges, as data.
    fn inspect(&self) -> Inspection;

    /// Fix what `doctor --fix` fixes: lines that share an event id with the line that counts
    /// but differ from it are deleted, and journal files cut short where there is no copy to
    /// restore them from are taken as they are now. What was done, one line each.
    fn repair(&self) -> anyhow::Result<Vec<String>>;

    /// Refuse (exit 2) a path a user names for output that is, or resolves to, one of the
    /// tracker's own files.
    fn check_output(&self, path: &Path) -> anyhow::Result<()>;

    /// Write a file a user named (a report, a catalog), all or nothing: never over the
    /// tracker's own files, never through a link (`write_file`).
    fn write_output(&self, path: &Path, bytes: &[u8], hint: &str) -> anyhow::Result<()> {
        self.check_output(path)?;
        write_file(path, bytes, hint)
    }
}

/// The directory a tracker lives in when it is found by walking up from a directory.
const TRACKER_DIR: &str = ".ftrack";

/// A tracker, open.
pub type Store = Box<dyn Backend>;

/// How a tracker is opened: the catalog that overrides the recorded one, and the snapshot cache.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--catalog` / `FTRACK_CATALOG`.
    pub catalog: Option<PathBuf>,
    /// Where snapshots are kept, or None when the cache is off.
    pub cache: Option<Cache>,
    /// Where this machine keeps what it remembers of trackers outside git (the high-water
    /// clock, the files it knows): the user's state directory. In a git work tree the clone's
    /// `.git/ftrack/` is used instead.
    pub state: Option<PathBuf>,
    /// Look without touching: no git runs, nothing staged, put back or remembered in the
    /// tracker's clone (`portfolio` reads many trackers it does not own). What a command in
    /// the tracker would repair or report is left to that command.
    pub glance: bool,
}

/// The snapshot cache: its directory, and the running binary (a new ftrack never trusts an old
/// ftrack's snapshot).
#[derive(Debug, Clone)]
pub struct Cache {
    pub dir: PathBuf,
    pub exe: Option<PathBuf>,
}

/// Open the tracker at `at`.
pub fn open(at: Location, options: Options) -> Store {
    Box::new(files::FileStore::open(at, options))
}

/// What a load returns: the replayed state, what the user should know about the read, and
/// the basis a record of events decided on this state needs.
#[derive(Debug)]
pub struct Loaded {
    pub state: Engagement,
    /// Things the user should know about the read (a torn last line), one line each.
    pub warnings: Vec<String>,
    basis: Basis,
}

/// What a load saw that the record after it needs: made by the backend that loaded, read only
/// by it (for the journal in files: the snapshot key the state was read under, and the parts an
/// interrupted write left to mend; the clock seen is the state's own).
pub struct Basis(Box<dyn Any + Send + Sync>);

impl Basis {
    fn new<T: Any + Send + Sync>(seen: T) -> Basis {
        Basis(Box::new(seen))
    }

    /// What the backend put in, if this basis is one of its own.
    fn take<T: Any>(self) -> Option<T> {
        self.0.downcast::<T>().ok().map(|b| *b)
    }
}

impl std::fmt::Debug for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Basis")
    }
}

/// What a record did that the user should know.
#[derive(Debug, Default)]
pub struct Recorded {
    /// One line each, for standard error.
    pub warnings: Vec<String>,
    /// Files written with the events (the catalog copy of `switch_catalog`).
    pub files: Vec<PathBuf>,
}
