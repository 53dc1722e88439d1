//! Storage glue: which tracker directory is in use, which catalog, and loading both into the
//! model. Commands get a `Context` and never look for files themselves.

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cache;
use crate::catalog::Catalog;
use crate::error::{UserError, user};
use crate::fileid::FileId;
use crate::journal::{self, Event, Op};
use crate::tracker::Tracker;

pub const TRACKER_DIR: &str = ".ftrack";

#[derive(Debug)]
pub struct Context {
    /// The tracker directory (holding journal.jsonl).
    pub dir: PathBuf,
    /// `--catalog` / `FTRACK_CATALOG`.
    pub catalog_override: Option<PathBuf>,
    /// True when the directory was named by `--dir` / `FTRACK_DIR`.
    pub explicit: bool,
    /// The snapshot key of the state last loaded, so that `record` can keep the cache current.
    loaded: RefCell<Option<cache::Key>>,
}

impl Context {
    /// `--dir`/`FTRACK_DIR`, else the nearest `.ftrack/` here or above, else the per-user tracker.
    pub fn locate(dir: Option<PathBuf>, catalog: Option<PathBuf>) -> anyhow::Result<Context> {
        let catalog_override = catalog.filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir.filter(|p| !p.as_os_str().is_empty()) {
            if dir.exists() && !dir.is_dir() {
                return Err(user(
                    format!("the tracker {} is not a directory", dir.display()),
                    "--dir and FTRACK_DIR name the tracker directory (the one holding journal.jsonl)",
                ));
            }
            let inner = dir.join(TRACKER_DIR);
            if inner.join(journal::JOURNAL).is_file() && !dir.join(journal::JOURNAL).exists() {
                return Err(user(
                    format!("{} holds its tracker in {}", dir.display(), inner.display()),
                    format!(
                        "--dir and FTRACK_DIR name the tracker directory itself: use --dir {}",
                        inner.display()
                    ),
                ));
            }
            return Ok(Context {
                dir,
                catalog_override,
                explicit: true,
                loaded: RefCell::new(None),
            });
        }
        let cwd = std::env::current_dir().map_err(|e| {
            user(
                format!("cannot read the current directory: {e}"),
                "cd to an existing directory",
            )
        })?;
        if let Some(found) = cwd
            .ancestors()
            .map(|d| d.join(TRACKER_DIR))
            .find(|d| d.is_dir())
        {
            return Ok(Context {
                dir: found,
                catalog_override,
                explicit: false,
                loaded: RefCell::new(None),
            });
        }
        let data = dirs::data_dir().ok_or_else(|| {
            user(
                "no tracker here and no per-user data directory (HOME and XDG_DATA_HOME are unset)",
                "run `ftrack init`, or name a tracker with --dir DIR or FTRACK_DIR",
            )
        })?;
        Ok(Context {
            dir: data.join("ftrack"),
            catalog_override,
            explicit: false,
            loaded: RefCell::new(None),
        })
    }

    /// The current state: from the snapshot cache when it is still current, else by reading
    /// the catalog and replaying the whole journal. `events` is left empty: commands that show
    /// history use `load_full`. A torn last line is reported on stderr.
    pub fn load(&self) -> anyhow::Result<Tracker> {
        self.read(true, false)
    }

    /// The state and every event (for history, logs and reports).
    pub fn load_full(&self) -> anyhow::Result<Tracker> {
        self.read(true, true)
    }

    /// As `load`, but silent about a torn last line: shell completion must not write into the
    /// user's prompt.
    pub fn load_quietly(&self) -> anyhow::Result<Tracker> {
        self.read(false, false)
    }

    fn read(&self, warn: bool, full: bool) -> anyhow::Result<Tracker> {
        let journal_path = journal::journal_path(&self.dir);
        let override_ = self.catalog_override.as_deref();
        if !full
            && let Some((key, t)) = cache::load(&self.dir, override_, FileId::at(&journal_path))
        {
            *self.loaded.borrow_mut() = Some(key);
            return Ok(t);
        }
        if !full && let Some((t, identity)) = self.stream()? {
            self.remember(&t, identity);
            return Ok(t);
        }
        let journal = journal::read(&self.dir)?;
        if let Some((line, _)) = journal.torn.as_ref().filter(|_| warn) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: {}:{line}: the last line is incomplete (an interrupted write); it is ignored and will be moved to {} on the next change",
                journal_path.display(),
                journal::TORN
            );
        }
        if journal.unfinished > 0 && warn {
            let _ = writeln!(
                std::io::stderr(),
                "warning: {}: the last command's write was cut off: its {} recorded event(s) are ignored (all or nothing) and will be moved to {} on the next change; run that command again",
                journal_path.display(),
                journal.unfinished,
                journal::TORN
            );
        }
        let recorded = journal::recorded_catalog(&journal.events);
        let catalog = self.catalog(recorded.as_deref())?;
        let t = Tracker::replay(catalog, journal.events);
        // Cache only a state read from a journal that held still and had no torn tail.
        if journal.torn.is_none() && journal.unfinished == 0 {
            self.remember(&t, journal.file);
        }
        Ok(t)
    }

    /// A state-only replay that streams the journal without keeping its events (the memory of
    /// a 100,000-event journal is then that of its state). None when the journal is not in
    /// replay order or has a torn tail: the caller replays in full.
    fn stream(&self) -> anyhow::Result<Option<(Tracker, Option<FileId>)>> {
        // The catalog comes from the first event (`init`); a later init naming another catalog
        // (two trackers merged) sends us to the full replay, which takes the last one.
        let mut tracker: Option<Tracker> = None;
        let mut chosen: Option<Option<String>> = None;
        let mut failed = None;
        let mut prev = None;
        let streamed = journal::read_each(&self.dir, &mut |e| {
            let recorded = (e.op == Op::Init).then(|| e.catalog.clone()).flatten();
            match &chosen {
                None => chosen = Some(recorded),
                Some(c) if recorded.is_some() && recorded != *c => return false,
                Some(_) => {}
            }
            if tracker.is_none() {
                match self.catalog(chosen.as_ref().and_then(|c| c.as_deref())) {
                    Ok(catalog) => tracker = Some(Tracker::new(catalog)),
                    Err(err) => {
                        failed = Some(err);
                        return false;
                    }
                }
            }
            tracker
                .as_mut()
                .is_some_and(|t| t.push_in_order(&e, &mut prev))
        })?;
        if let Some(err) = failed {
            return Err(err);
        }
        let Some(identity) = streamed else {
            return Ok(None);
        };
        let t = match tracker {
            Some(t) => t,
            None => Tracker::new(self.catalog(None)?),
        };
        Ok(Some((t, identity)))
    }

    /// The events about one task, in replay order, read without keeping the rest of the journal.
    pub fn history(&self, t: &Tracker, idx: usize) -> anyhow::Result<Vec<Event>> {
        // Only lines naming the task (its id, an alias, or the add that created it) can be
        // about it: the others are not even parsed.
        let task = t.catalog.task(idx);
        let mut needles: Vec<&str> = vec![task.id.as_str()];
        needles.extend(task.aliases.iter().map(String::as_str));
        needles.extend(task.added.as_ref().map(|a| a.event.as_str()));
        needles.extend(task.added.as_ref().and_then(|a| a.asked.as_deref()));
        let mut events = Vec::new();
        let streamed = journal::read_matching(&self.dir, &needles, &mut |e| {
            if t.is_about(&e, idx) {
                events.push(e);
            }
            true
        })?;
        if streamed.is_none() {
            // A torn tail: read again the careful way (it waits for a writer in progress).
            events = journal::read(&self.dir)?
                .events
                .into_iter()
                .filter(|e| t.is_about(e, idx))
                .collect();
        }
        events.sort_by(|a, b| (a.at, a.seq, &a.id).cmp(&(b.at, b.seq, &b.id)));
        events.dedup_by(|a, b| a.id == b.id);
        Ok(events)
    }

    /// Store a freshly replayed state in the snapshot cache, and note its key for `record`.
    fn remember(&self, t: &Tracker, journal: Option<FileId>) {
        let journal_path = journal::journal_path(&self.dir);
        let catalog_file = match &t.catalog.source {
            crate::catalog::Source::File(p) => Some(p.as_path()),
            crate::catalog::Source::Embedded => None,
        };
        let key = (journal.is_some() || !journal_path.exists())
            .then(|| {
                cache::Key::new(
                    &self.dir,
                    self.catalog_override.as_deref(),
                    catalog_file,
                    journal,
                )
            })
            .flatten();
        if let Some(key) = &key {
            cache::store(key, t);
        }
        *self.loaded.borrow_mut() = key;
    }

    /// The catalog in use: the override, else the one recorded at init, else the built-in one.
    pub fn catalog(&self, recorded: Option<&str>) -> anyhow::Result<Catalog> {
        if let Some(path) = &self.catalog_override {
            return Catalog::load(path);
        }
        match recorded {
            Some(rel) => {
                Catalog::load(&self.dir.join(rel)).map_err(|e| match e.downcast::<UserError>() {
                    Ok(u) if u.message.starts_with("cannot read catalog") => {
                        UserError::new(format!("{} (recorded in this tracker at init)", u.message))
                            .hint("restore the catalog file, or override it with --catalog FILE")
                            .into()
                    }
                    Ok(u) => u.into(),
                    Err(e) => e,
                })
            }
            None => Catalog::embedded(),
        }
    }

    /// Append events to this tracker's journal (all or none). `t` is the state they were
    /// decided on: when nobody else wrote in between, the snapshot cache is brought up to date
    /// with them, so the next command need not replay.
    pub fn record(&self, mut t: Tracker, events: &[Event]) -> anyhow::Result<()> {
        let appended = journal::append(&self.dir, events)?;
        let loaded = self.loaded.borrow_mut().take();
        if let Some(key) = loaded
            && appended.before.is_some()
            && key.journal == appended.before
            && t.extend(&appended.events)
        {
            cache::store(&key.with_journal(appended.after), &t);
        }
        Ok(())
    }
}

/// The path of `target` relative to `base` (both made absolute), for recording in a tracker that
/// travels with its repository.
pub fn relative_to(target: &Path, base: &Path) -> anyhow::Result<PathBuf> {
    let abs = |p: &Path| -> anyhow::Result<PathBuf> {
        Ok(std::path::absolute(p)?.components().collect::<PathBuf>())
    };
    let (target, base) = (abs(target)?, abs(base)?);
    Ok(pathdiff::diff_paths(&target, &base).unwrap_or(target))
}

/// Who is recording: `--by`, else `FTRACK_USER`, else the login name (from the system's user
/// database, so that cron jobs and containers without `$USER` still name someone).
pub fn who(by: Option<&str>) -> String {
    let given = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    given(by.map(str::to_string))
        .or_else(|| given(std::env::var("FTRACK_USER").ok()))
        .or_else(|| given(std::env::var("USER").ok()))
        .or_else(|| given(whoami::username().ok()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Whether `dir` is inside a git work tree.
pub fn in_git_work_tree(dir: &Path) -> bool {
    std::path::absolute(dir)
        .map(|abs| abs.ancestors().any(|d| d.join(".git").exists()))
        .unwrap_or(false)
}
