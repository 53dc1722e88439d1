//! Reading the journal: strict for commands (the first damaged line is an error), lenient for
//! `doctor` (every problem, line by line). A torn last line is never an error. Every file is
//! opened by the one bounded reader (`store::bounded`) and streamed line by line.

use std::path::Path;

use super::journal_path;
pub use super::lines::Problem;
use super::lines::{EventReader, Found};
use crate::error::{Kind, UserError};
use crate::model::event::Event;
use crate::store::bounded::{self, Bound, Opened};
use crate::store::fileid::FileId;

/// A journal as read from disk, in file order.
#[derive(Debug, Default)]
pub struct Journal {
    pub events: Vec<Event>,
    /// A last line cut off by an interrupted write: 1-based line number and its bytes.
    pub torn: Option<(usize, Vec<u8>)>,
    /// Whole events at the end from a command whose write was cut off (see `Event::more`):
    /// left out, like the torn line.
    pub unfinished: usize,
    /// The file's identity when it was read (None when it changed during the read).
    pub file: Option<FileId>,
}

/// Everything in a journal, valid or not: for `doctor`.
#[derive(Debug, Default)]
pub struct Scan {
    pub journal: Journal,
    /// The first `MAX_PROBLEMS` problems, and how many more there are.
    pub problems: Vec<Problem>,
    pub more_problems: usize,
    /// The (1-based) line of each event.
    pub lines: Vec<usize>,
}

impl Scan {
    /// The same, as the model's rules for `doctor` take it.
    pub fn into_model(self) -> crate::model::diagnose::Scan {
        crate::model::diagnose::Scan {
            problems: self
                .problems
                .into_iter()
                .map(|p| crate::model::diagnose::LineProblem {
                    line: p.line,
                    message: p.message,
                    newer: p.newer,
                })
                .collect(),
            more_problems: self.more_problems,
            torn: self.journal.torn.map(|(line, _)| line),
            unfinished: self.journal.unfinished,
            events: self.journal.events,
            lines: self.lines,
        }
    }
}

/// Read a journal. A missing file is an empty journal; a damaged line is an error naming the
/// file and line; a torn last line is returned in `torn` for the caller to report.
///
/// A torn tail, or a line that does not parse, may also be an append in progress in another
/// process (the file can grow before its new bytes are readable): then the read waits for that
/// writer (a shared lock on the journal) and reads again, so readers never see half lines, and
/// damage is reported only if it is still there.
pub fn read(dir: &Path) -> anyhow::Result<Journal> {
    read_with(&journal_path(dir), bounded::JOURNAL)
}

/// Read one part of the journal (never through a link), as `read`.
pub fn read_file(path: &Path) -> anyhow::Result<Journal> {
    read_with(path, bounded::PART)
}

fn read_with(path: &Path, bound: Bound) -> anyhow::Result<Journal> {
    let Some(opened) = bounded::open(path, bound)? else {
        return Ok(Journal::default());
    };
    let first = read_once(&opened);
    if matches!(&first, Ok(j) if j.torn.is_none() && j.unfinished == 0) {
        return first;
    }
    // Writers hold an exclusive lock on the journal itself while they append: wait for one
    // (on the file at the path now: git may have replaced it), then read that.
    let Some(again) = bounded::open(path, bound)? else {
        return first;
    };
    if again.file.lock_shared().is_err() {
        return first;
    }
    read_once(&again)
}

/// One streaming pass over an open journal file (never the whole file in memory at once).
fn read_once(opened: &Opened) -> anyhow::Result<Journal> {
    let path = opened.path();
    let before = FileId::of(&opened.meta);
    let (events, _, found) = collect(opened, true)?;
    if let Some(p) = found.problems.first() {
        return Err(damaged(path, p));
    }
    // The identity only describes what was read if nothing was appended meanwhile.
    let after = opened.file.metadata().ok().map(|m| FileId::of(&m));
    Ok(Journal {
        events,
        torn: found.torn,
        unfinished: found.unfinished,
        file: after.filter(|a| *a == before),
    })
}

/// Every event of an open file, and what else the pass found.
fn collect(
    opened: &Opened,
    stop_at_first: bool,
) -> anyhow::Result<(Vec<Event>, Vec<usize>, Found)> {
    let mut reader = EventReader::new(opened.reader(1 << 16), stop_at_first, &[]);
    let mut events = Vec::new();
    let mut lines = Vec::new();
    let failed = |e| cannot_read(opened.path(), e);
    while let Some(e) = reader.next_event().map_err(failed)? {
        events.push(e);
        lines.push(reader.line());
    }
    opened.check_read(reader.bytes())?;
    Ok((events, lines, reader.finish()))
}

/// Read one file of the journal leniently, for `doctor`: every valid event and every problem.
/// `link_ok`: the file may be reached through a link (`journal.jsonl`, which the guard reports).
/// A file that cannot be read at all (a FIFO, a device, over the bound) is an error saying why.
pub fn scan_file(path: &Path, link_ok: bool) -> anyhow::Result<Scan> {
    let bound = if link_ok {
        bounded::JOURNAL
    } else {
        bounded::PART
    };
    let Some(opened) = bounded::open(path, bound)? else {
        return Ok(Scan::default());
    };
    let (events, lines, found) = collect(&opened, false)?;
    Ok(Scan {
        lines,
        journal: Journal {
            events,
            torn: found.torn,
            unfinished: found.unfinished,
            file: None,
        },
        problems: found.problems,
        more_problems: found.more_problems,
    })
}

/// Parse journal bytes strictly; `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> anyhow::Result<Journal> {
    let scan = scan_bytes(bytes, true);
    match scan.problems.first() {
        Some(p) => Err(damaged(path, p)),
        None => Ok(scan.journal),
    }
}

/// Parse journal bytes leniently: every valid event, and every problem.
pub fn scan(bytes: &[u8]) -> Scan {
    scan_bytes(bytes, false)
}

fn scan_bytes(bytes: &[u8], stop_at_first: bool) -> Scan {
    let mut reader = EventReader::new(bytes, stop_at_first, &[]);
    let mut events = Vec::new();
    let mut lines = Vec::new();
    while let Ok(Some(e)) = reader.next_event() {
        events.push(e);
        lines.push(reader.line());
    }
    let found = reader.finish();
    Scan {
        lines,
        journal: Journal {
            events,
            torn: found.torn,
            unfinished: found.unfinished,
            file: None,
        },
        problems: found.problems,
        more_problems: found.more_problems,
    }
}

/// Stream the journal's events to `on_event` without keeping them, parsing only the lines that
/// contain one of `needles` (all lines when it is empty), in `journal.jsonl` and then every
/// part. For reading a journal already validated (the state loaded from it): lines that are
/// skipped are not checked. The identity returned is that of `journal.jsonl` (parts are
/// described by the snapshot key on their own); None when the consumer stopped early or the
/// end or a line is not right (the caller then uses `read`).
pub fn read_matching(
    dir: &Path,
    needles: &[&str],
    on_event: &mut dyn FnMut(Event) -> bool,
) -> anyhow::Result<Option<Option<FileId>>> {
    let finders: Vec<memchr::memmem::Finder> = needles
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    let root = read_matching_file(&journal_path(dir), bounded::JOURNAL, &finders, on_event)?;
    if root.is_none() {
        return Ok(None);
    }
    for part in super::parts::list(dir) {
        if read_matching_file(&part, bounded::PART, &finders, on_event)?.is_none() {
            return Ok(None);
        }
    }
    Ok(root)
}

fn read_matching_file(
    path: &Path,
    bound: Bound,
    finders: &[memchr::memmem::Finder],
    on_event: &mut dyn FnMut(Event) -> bool,
) -> anyhow::Result<Option<Option<FileId>>> {
    let Some(opened) = bounded::open(path, bound)? else {
        return Ok(Some(None));
    };
    let before = FileId::of(&opened.meta);
    let mut reader = EventReader::new(opened.reader(1 << 16), true, finders);
    while let Some(e) = reader.next_event().map_err(|e| cannot_read(path, e))? {
        if !on_event(e) {
            return Ok(None);
        }
    }
    opened.check_read(reader.bytes())?;
    // Anything but a clean read goes the careful way (`read`), which waits for a writer in
    // progress and reports what is really wrong.
    if !reader.clean() {
        return Ok(None);
    }
    let after = opened.file.metadata().ok().map(|m| FileId::of(&m));
    Ok(Some(after.filter(|a| *a == before)))
}

/// A journal that is not a regular file (a FIFO would block every command) is refused; the
/// check is on an open handle (opened without waiting), not on the path.
pub(super) fn refuse_special(path: &Path) -> anyhow::Result<()> {
    bounded::open(path, bounded::JOURNAL).map(|_| ())
}

fn cannot_read(path: &Path, e: std::io::Error) -> anyhow::Error {
    UserError::new(
        Kind::Io,
        format!("cannot read {}: {e}", path.display()),
        "check that the file is there and readable",
    )
    .into()
}

pub(super) fn damaged(path: &Path, p: &Problem) -> anyhow::Error {
    let hint = if p.newer {
        "upgrade ftrack to read this tracker; nothing was changed"
    } else {
        "fix or delete that line by hand (`ftrack doctor` lists every problem); nothing is written until it is fixed"
    };
    UserError::new(
        Kind::Journal,
        format!("{}:{}: {}", path.display(), p.line, p.message),
        hint,
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        r#"{"v":1,"id":"a","at":"2026-11-25T12:00:00Z","by":"x","op":"done","task":"t"}"#;

    #[test]
    fn lenient_scan_reports_every_problem_and_keeps_every_event() {
        let text = format!(
            "{GOOD}\nnot json\n{}\n{GOOD}\n{{\"v\":1,\"id\":\"b\",\"at\":\"2026-11-25T12:00:00Z\",\"by\":\"x\",\"op\":\"done\"}}\n{{\"v\":1,\"id\"",
            GOOD.replace("\"v\":1", "\"v\":7")
        );
        let s = scan(text.as_bytes());
        assert_eq!(s.journal.events.len(), 2);
        let lines: Vec<usize> = s.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert!(s.problems[1].newer);
        assert_eq!(s.problems[2].message, "`done` event without a task");
        assert_eq!(s.journal.torn.as_ref().map(|t| t.0), Some(6));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A deterministic spread of awkward inputs; the proptest in tests/ goes wider.
        let cases: [&[u8]; 6] = [
            b"",
            b"\n\n",
            b"\xff\xfe\n",
            b"{}\n",
            b"{\"v\":1}",
            b"[1,2,3]\nnull\n",
        ];
        for c in cases {
            let _ = scan(c);
            let _ = parse(c, Path::new("j"));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Fuzz: arbitrary bytes give events or errors, never a panic.
        #[test]
        fn fuzz_arbitrary_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048)) {
            let _ = scan(&bytes);
            let _ = parse(&bytes, Path::new("j"));
        }

        /// Fuzz: lines that look like events, with fields mangled.
        #[test]
        fn fuzz_event_like_lines(
            v in 0u32..4, op in "(init|done|reopen|waive|assign|advance|x)", task in proptest::option::of("[a-z\\-]{0,12}"),
            due in proptest::option::of(".{0,12}"), at in "[0-9TZ:\\-]{0,24}", tail in ".{0,40}",
        ) {
            let mut line = format!(r#"{{"v":{v},"id":"i","at":"{at}","by":"b","op":"{op}""#);
            if let Some(t) = task { line.push_str(&format!(r#","task":"{t}""#)); }
            if let Some(d) = due { line.push_str(&format!(r#","due":{}"#, serde_json::to_string(&d).unwrap())); }
            line.push('}');
            line.push_str(&tail);
            let _ = scan(line.as_bytes());
        }
    }
}
