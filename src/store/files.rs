//! The journal in files: the backend behind the store's door today. A tracker is a directory
//! holding `journal.jsonl` (and, in a git work tree, one part per clone and commit in
//! `journal.d/`, see `journal::parts`); its replayed state is cached in a snapshot outside it.
//! This file answers the door's questions; reading is in `load.rs`, recording in `record.rs`,
//! inspecting in `inspect.rs`.

use std::path::{Path, PathBuf};

use super::fileid::FileId;
use super::paths::{confine_recorded, in_git_work_tree, real_path, relative_to};
use super::{
    Backend, Loaded, Location, Options, Recorded, atomic, bounded, catalog, guard, journal,
    snapshot,
};
use crate::error::{Kind, UserError};
use crate::model::catalog::Catalog;
use crate::model::diagnose::Inspection;
use crate::model::event::Event;
use crate::model::state::Engagement;

/// One tracker directory, with the catalog override and where snapshots go.
#[derive(Debug)]
pub(super) struct FileStore {
    /// The tracker directory (holding journal.jsonl), as it was named.
    pub(super) dir: PathBuf,
    /// `--catalog` / `FTRACK_CATALOG`.
    pub(super) catalog_override: Option<PathBuf>,
    /// Where snapshots are kept, or None when the cache is off.
    pub(super) snapshots: Option<snapshot::Place>,
    /// Where this machine keeps its records of trackers outside git (`local`).
    pub(super) state: Option<PathBuf>,
    /// Only looking (`Options::glance`).
    pub(super) glance: bool,
    /// The parts directory as this command listed it (once: `listing`).
    listed: std::sync::Mutex<Option<std::sync::Arc<journal::parts::Listing>>>,
}

impl FileStore {
    pub(super) fn open(at: Location, options: Options) -> FileStore {
        FileStore {
            dir: at.dir,
            catalog_override: options.catalog,
            snapshots: options.cache.map(|c| snapshot::Place {
                dir: c.dir,
                exe: c.exe.and_then(|p| FileId::at(&p)),
            }),
            state: options.state,
            glance: options.glance,
            listed: std::sync::Mutex::new(None),
        }
    }

    /// The parts, listed once per command: what the load reads, the links the guard refuses,
    /// the parts the snapshot was made from. (The write does not need it again: the part it
    /// writes is chosen by name; after it, the next look lists anew.)
    pub(super) fn listing(&self) -> std::sync::Arc<journal::parts::Listing> {
        let mut listed = self.listed.lock().unwrap_or_else(|e| e.into_inner());
        listed
            .get_or_insert_with(|| std::sync::Arc::new(journal::parts::listing(&self.dir)))
            .clone()
    }

    /// Forget the listing (the command changed the parts).
    pub(super) fn relist(&self) {
        *self.listed.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// This clone's (or machine's) records of the tracker.
    pub(super) fn local(&self) -> Option<super::local::Local> {
        super::local::Local::of(&self.dir, self.state.as_deref())
    }

    pub(super) fn journal_path(&self) -> PathBuf {
        journal::journal_path(&self.dir)
    }

    /// The catalog in use: the override, else the one recorded at init, else the built-in one.
    pub(super) fn catalog(&self, recorded: Option<&str>) -> anyhow::Result<Catalog> {
        if let Some(path) = &self.catalog_override {
            return catalog::load(path);
        }
        let Some(rel) = recorded else {
            return Catalog::embedded();
        };
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

    /// Whether the tracker's `.gitattributes` asks git to merge the journal by union (and its
    /// parts, when `parts`).
    pub(super) fn has_union_merge(&self, parts: bool) -> bool {
        let text = tracker_text(&self.dir.join(".gitattributes"));
        let has = |file: &str| {
            text.lines()
                .any(|l| l.split_whitespace().eq([file, "merge=union"]))
        };
        has("journal.jsonl") && (!parts || has("journal.d/*.jsonl"))
    }

    /// The set-aside file of torn lines, if there is one.
    pub(super) fn torn_file(&self) -> Option<PathBuf> {
        let p = self.dir.join(journal::TORN);
        p.exists().then_some(p)
    }
}

impl Backend for FileStore {
    fn location(&self) -> &Path {
        &self.dir
    }

    fn exists(&self) -> bool {
        self.journal_path().exists()
    }

    fn is_vacant(&self) -> bool {
        let fresh = std::fs::read_dir(&self.dir).map_or(true, |mut d| d.next().is_none());
        fresh && !in_git_work_tree(&self.dir)
    }

    /// Asked in the tracker's directory, or its nearest existing parent (the first write
    /// creates it).
    fn git_user_name(&self) -> Option<String> {
        let dir = self.dir.ancestors().find(|d| d.is_dir())?;
        journal::git::user_name(dir)
    }

    fn links(&self) -> Vec<PathBuf> {
        guard::symlinked_listed(&self.dir, &self.listing().linked)
    }

    /// In a git work tree, also the attributes that make git merge journals line by line.
    /// Nothing is created through a symbolic link: a tracker directory, or a file in it, that
    /// is one is refused first.
    fn create(&self, init: &Event) -> anyhow::Result<()> {
        guard::check_tracker(&self.dir)?;
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            crate::error::io(
                format!("cannot create the tracker {}: {e}", self.dir.display()),
                "run `ftrack init` in a directory you can write to, or name one with --dir",
            )
        })?;
        let in_git = in_git_work_tree(&self.dir);
        if in_git {
            write_if_absent(&self.dir.join(".gitattributes"), GITATTRIBUTES)?;
            write_if_absent(&self.dir.join(".gitignore"), GITIGNORE)?;
        }
        journal::create(&self.dir, init, in_git)?;
        if in_git {
            // Staged, like everything ftrack makes in a work tree: the first commit takes it.
            for file in [journal::JOURNAL, ".gitattributes", ".gitignore"] {
                journal::stage::stage(&self.dir, &self.dir.join(file));
            }
        }
        Ok(())
    }

    /// Relative to the tracker's real directory (links resolved, as the system will when the
    /// path is used), with `/` between names.
    fn catalog_reference(&self, path: &Path) -> anyhow::Result<String> {
        let rel = relative_to(path, &self.dir)?;
        Ok(rel.to_string_lossy().replace('\\', "/"))
    }

    fn load(&self) -> anyhow::Result<Loaded> {
        self.read(false)
    }

    fn load_history(&self) -> anyhow::Result<Loaded> {
        self.read(true)
    }

    fn history_of(&self, state: &Engagement, item: usize) -> anyhow::Result<Vec<Event>> {
        self.history(state, item)
    }

    /// Only the `init` lines are kept (a streaming pass); a journal that does not read cleanly
    /// that way is read whole, to say what is wrong.
    fn recorded_catalog(&self) -> anyhow::Result<Catalog> {
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

    fn record(&self, loaded: Loaded, events: &[Event]) -> anyhow::Result<Recorded> {
        self.append(loaded, events)
    }

    /// The copy is written into the tracker directory first (never while the tracker's own
    /// files are links), and removed again when the event cannot be recorded.
    fn switch_catalog(
        &self,
        loaded: Loaded,
        mut init: Event,
        copy: &str,
        yaml: &[u8],
    ) -> anyhow::Result<Recorded> {
        guard::check_tracker(&self.dir)?;
        let path = self.dir.join(copy);
        guard::check_target(&path)?;
        atomic::write(&path, yaml, "check that the tracker directory is writable")?;
        init.catalog = Some(copy.to_string());
        let mut recorded = match self.append(loaded, &[init]) {
            Ok(r) => r,
            Err(e) => {
                // Nothing recorded: the copy would only be a stray file for `git add` to pick up.
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
        };
        recorded.files.push(path.clone());
        // Staged like the parts, so that the daily `git commit -a` carries it to the team
        // (else every other clone could not read the catalog its journal names).
        if in_git_work_tree(&self.dir) && !journal::stage::stage(&self.dir, &path) {
            recorded.warnings.push(format!(
                "ftrack could not add the catalog copy to git; commit it with the journal, or other clones cannot read it: git add {}",
                path.display()
            ));
        }
        Ok(recorded)
    }

    fn inspect(&self) -> Inspection {
        self.inspection()
    }

    fn repair(&self) -> anyhow::Result<Vec<String>> {
        self.repaired()
    }

    fn check_output(&self, path: &Path) -> anyhow::Result<()> {
        guard::check_output(&self.dir, path)
    }
}

/// Git merges concurrent appends to the journal by keeping both sides' lines (for parts only a
/// safety net: each part is written by one clone).
const GITATTRIBUTES: &str = "journal.jsonl merge=union\njournal.d/*.jsonl merge=union\n";
const PARTS_UNION: &str = "journal.d/*.jsonl merge=union";
const GITIGNORE: &str = "journal.torn\nlock\n";

/// Add the union-merge line for parts to the tracker's `.gitattributes` (trackers made before
/// parts have only the journal's line). Best effort: it is a safety net.
pub(super) fn add_union_merge(dir: &Path) {
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
