//! Reading every tracker `portfolio` found: a few at a time, each from its snapshot when that
//! is current (with its events for `--since`), each cut to its row at once so that only the
//! rows are kept; an unreadable one becomes its error row.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::locate;
use crate::present::portfolio::{Place, Pull, Row};
use crate::store::{Found, Loaded, Options, Pulled};

/// How the trackers are read: how a tracker is opened (the catalog override, the snapshot
/// cache), `--since`, today, and where we are.
pub(super) struct Read<'a> {
    pub options: Options,
    pub since: Option<DateTime<Utc>>,
    pub today: NaiveDate,
    pub cwd: &'a Path,
}

impl Read<'_> {
    /// Every tracker's row, read a few at a time (each keeps only its row).
    pub fn all(&self, found: &[Found], pulls: Vec<Option<Pulled>>) -> Vec<Row> {
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8)
            .min(found.len().max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let rows: std::sync::Mutex<Vec<(usize, Row)>> = Default::default();
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(f) = found.get(i) else { break };
                        let row = self.one(f, pulls.get(i).cloned().flatten());
                        if let Ok(mut r) = rows.lock() {
                            r.push((i, row));
                        }
                    }
                });
            }
        });
        let mut rows = rows.into_inner().unwrap_or_default();
        rows.sort_by_key(|(i, _)| *i);
        rows.into_iter().map(|(_, r)| r).collect()
    }

    fn one(&self, f: &Found, pulled: Option<Pulled>) -> Row {
        // The folder as the system sees it (links, `..` and a trailing `/` resolved).
        let home = crate::store::real_path(&f.home).unwrap_or_else(|_| f.home.clone());
        let place = Place {
            path: home.display().to_string(),
            shown_path: self.shown(&home),
            tracker: f.tracker.display().to_string(),
        };
        let mut row = match self.load(f) {
            Ok(loaded) => {
                let mut row = Row::of(&loaded.state, place, self.today, self.since);
                row.notes = loaded.warnings;
                row
            }
            Err(e) => {
                let (message, hint, _) = crate::error::explain(&e);
                Row::unreadable(place, message, hint)
            }
        };
        row.pull = pulled.map(pull_view);
        row
    }

    /// Load one tracker: the state alone (from the snapshot when current), or with its
    /// events for `--since`.
    fn load(&self, f: &Found) -> anyhow::Result<Loaded> {
        if let Some(why) = &f.refused {
            return Err(crate::error::io(
                why.clone(),
                "name the tracker's real folder as a PATH if you trust it",
            ));
        }
        // The one place the portfolio opens a tracker and loads it.
        let store = crate::store::open(f.location.clone(), self.options.clone());
        if !store.exists() {
            return Err(crate::error::journal(
                format!("{} holds no journal.jsonl", f.tracker.display()),
                "run `ftrack doctor` in that folder, or `ftrack init` to start one",
            ));
        }
        if self.since.is_some() {
            store.load_history()
        } else {
            store.load()
        }
    }

    /// A folder for people: relative to the current directory when under it, else from `~`.
    fn shown(&self, home: &Path) -> String {
        match home.strip_prefix(self.cwd) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
            Ok(rel) => rel.display().to_string(),
            Err(_) => locate::home_relative(home),
        }
    }
}

fn pull_view(p: Pulled) -> Pull {
    match p {
        Pulled::Pulled(n) => Pull {
            result: "pulled",
            commits: Some(n),
            note: None,
        },
        Pulled::UpToDate => Pull {
            result: "up-to-date",
            commits: Some(0),
            note: None,
        },
        Pulled::Skipped(why) => Pull {
            result: "skipped",
            commits: None,
            note: Some(why),
        },
        Pulled::Failed(why) => Pull {
            result: "failed",
            commits: None,
            note: Some(why),
        },
    }
}
