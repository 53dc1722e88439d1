//! Damage to a tracker's journal files and what is done about it: a file cut short or changed
//! outside ftrack (the texts a command warns with and `doctor` reports), and lines that share
//! an event id (which are the same event written twice, which differ, and which of those
//! counts).

use std::path::{Path, PathBuf};

use crate::model::event::Event;

/// What reading a journal file found about the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// A file git has was cut short or changed outside ftrack: git's lines were put back (and
    /// what was written after them kept); `lost` of git's events were missing.
    Restored { path: PathBuf, lost: usize },
    /// Outside git: the file no longer begins with the `had` bytes this machine read from it,
    /// so events are missing, and there is no copy to take them from.
    Cut { path: PathBuf, had: u64 },
    /// A part git has was deleted outside git: git's copy (`events` events) was put back.
    Deleted { path: PathBuf, events: usize },
}

impl Damage {
    /// The warning a command gives (once for a restored file; every time for a cut one).
    pub fn warning(&self) -> String {
        match self {
            Damage::Restored { path, lost } => format!(
                "{}: the file was cut short or changed outside ftrack ({lost} event(s) that git has of it were missing); git's lines were put back, and what was written after them kept",
                path.display()
            ),
            Damage::Cut { path, had } => format!(
                "{}: {}; restore it from the sync tool's version history or a backup (`ftrack doctor` says more)",
                path.display(),
                cut_text(*had)
            ),
            Damage::Deleted { path, events } => format!(
                "{}: the file was deleted outside git ({events} event(s)); git's copy was put back, so that no commit takes the deletion (`git rm` it to take its events out on purpose)",
                path.display()
            ),
        }
    }

    /// Whether the damage is still there (a cut file) rather than repaired.
    pub fn remains(&self) -> bool {
        matches!(self, Damage::Cut { .. })
    }

    pub fn path(&self) -> &Path {
        match self {
            Damage::Restored { path, .. }
            | Damage::Cut { path, .. }
            | Damage::Deleted { path, .. } => path,
        }
    }

    /// The problem `doctor` reports for damage that remains, and its fix.
    pub fn problem(&self) -> (String, &'static str) {
        match self {
            Damage::Restored { .. } | Damage::Deleted { .. } => (self.warning(), ""),
            Damage::Cut { path, had } => (
                format!("{}: {}", path.display(), cut_text(*had)),
                "restore it from the sync tool's version history or a backup; if those events are gone for good, `ftrack doctor --fix` takes the file as it is now",
            ),
        }
    }
}

fn cut_text(had: u64) -> String {
    format!(
        "the file was cut short or changed outside ftrack: it no longer begins with the {had} bytes this machine read from it, so events are missing"
    )
}

/// One line holding an event: the event, its file and (1-based) line.
#[derive(Debug, Clone, Copy)]
pub struct Copy<'a> {
    pub event: &'a Event,
    pub path: &'a Path,
    pub line: usize,
}

/// Whether two lines with one id are one event written twice by ftrack: a write tried again
/// (git's `HEAD` moved while it wrote) stamps the same event a second time, so only its place
/// in the order (`seq`, `clock`) differs. Such lines are merged on read, without a word.
pub fn written_twice(a: &Event, b: &Event) -> bool {
    let bare = |e: &Event| Event {
        seq: 0,
        clock: 0,
        ..e.clone()
    };
    a == b || bare(a) == bare(b)
}

/// Lines that share an event id: how many ids are repeated the same way (merged in twice, or
/// written twice by ftrack: they count once), and, for each id whose lines differ in more than
/// that, its lines in replay order (the first counts; the others are what a hand edit or a bad
/// merge left).
pub fn shared<'a>(copies: &[Copy<'a>]) -> (usize, Vec<Vec<Copy<'a>>>) {
    let mut by_id: std::collections::BTreeMap<&str, Vec<Copy<'a>>> = Default::default();
    for c in copies {
        by_id.entry(c.event.id.as_str()).or_default().push(*c);
    }
    let mut same = 0;
    let mut differ = Vec::new();
    for (_, mut lines) in by_id.into_iter().filter(|(_, v)| v.len() > 1) {
        if lines
            .windows(2)
            .all(|w| written_twice(w[0].event, w[1].event))
        {
            same += 1;
            continue;
        }
        // The replay's order, and its tie-break: the line's content.
        lines.sort_by(|a, b| {
            a.event.order().cmp(&b.event.order()).then_with(|| {
                let text = |e: &Event| serde_json::to_string(e).unwrap_or_default();
                text(a.event).cmp(&text(b.event))
            })
        });
        differ.push(lines);
    }
    (same, differ)
}
