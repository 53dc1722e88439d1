//! Reading the journal: strict for commands (the first damaged line is an error), lenient for
//! `doctor` (every problem, line by line). A torn last line is never an error.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use super::journal_path;
use crate::error::{Kind, UserError};
use crate::model::event::{Event, FORMAT, MAX_CLOCK, MAX_COMMAND, Op};
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

/// One line that is not a valid event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
    /// The line was written by a newer ftrack (not damaged: this one is too old).
    pub newer: bool,
}

/// Everything in a journal, valid or not: for `doctor`.
#[derive(Debug, Default)]
pub struct Scan {
    pub journal: Journal,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Deserialize)]
struct VersionOnly {
    v: u32,
}

/// Read a journal. A missing file is an empty journal; a damaged line is an error naming the
/// file and line; a torn last line is returned in `torn` for the caller to report.
///
/// A torn tail, or a line that does not parse, may also be an append in progress in another
/// process (the file can grow before its new bytes are readable): then the read waits for that
/// writer (a shared lock on the journal) and reads again, so readers never see half lines, and
/// damage is reported only if it is still there.
pub fn read(dir: &Path) -> anyhow::Result<Journal> {
    read_file(&journal_path(dir))
}

/// Read one file of the journal (`journal.jsonl` or a part), as `read`.
pub fn read_file(path: &Path) -> anyhow::Result<Journal> {
    let first = read_once(path);
    if matches!(&first, Ok(j) if j.torn.is_none() && j.unfinished == 0) {
        return first;
    }
    // Writers hold an exclusive lock on the journal itself while they append.
    let Ok(lock) = OpenOptions::new().read(true).open(path) else {
        return first;
    };
    if lock.lock_shared().is_err() {
        return first;
    }
    read_once(path)
}

/// One streaming pass over a journal file (never the whole file in memory at once).
fn read_once(path: &Path) -> anyhow::Result<Journal> {
    let cannot = |e: io::Error| cannot_read(path, e);
    refuse_special(path)?;
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Journal::default()),
        Err(e) => return Err(cannot(e)),
    };
    let before = file.metadata().map_err(cannot)?;
    let mut reader = BufReader::with_capacity(1 << 16, &file);
    let scan = scan_reader(&mut reader, true, before.len()).map_err(cannot)?;
    if let Some(p) = scan.problems.first() {
        return Err(damaged(path, p));
    }
    let mut journal = scan.journal;
    // The identity only describes what was read if nothing was appended meanwhile.
    let after = FileId::of(&file.metadata().map_err(cannot)?);
    journal.file = (FileId::of(&before) == after).then_some(after);
    Ok(journal)
}

/// Parse journal bytes strictly; `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> anyhow::Result<Journal> {
    let mut reader = bytes;
    let scan = scan_reader(&mut reader, true, bytes.len() as u64)
        .expect("reading from memory cannot fail");
    match scan.problems.first() {
        Some(p) => Err(damaged(path, p)),
        None => Ok(scan.journal),
    }
}

/// Parse journal bytes leniently: every valid event, and every problem.
pub fn scan(bytes: &[u8]) -> Scan {
    let mut reader = bytes;
    scan_reader(&mut reader, false, bytes.len() as u64).expect("reading from memory cannot fail")
}

fn scan_reader(reader: &mut impl BufRead, stop_at_first: bool, size_hint: u64) -> io::Result<Scan> {
    let mut events = Vec::with_capacity((size_hint / 160) as usize);
    let lines = each_line(reader, stop_at_first, &[], &mut |e| {
        events.push(e);
        true
    })?;
    Ok(Scan {
        journal: Journal {
            events,
            torn: lines.torn,
            unfinished: lines.unfinished,
            file: None,
        },
        problems: lines.problems,
    })
}

/// What a pass over the lines found besides the events it handed on.
struct Lines {
    torn: Option<(usize, Vec<u8>)>,
    unfinished: usize,
    problems: Vec<Problem>,
    /// The consumer asked to stop early.
    stopped: bool,
}

/// Hand each valid event to `on_event` (which returns false to stop), line by line.
/// With `needles`, only lines containing one of them are parsed at all.
fn each_line(
    reader: &mut impl BufRead,
    stop_at_first: bool,
    needles: &[memchr::memmem::Finder],
    on_event: &mut dyn FnMut(Event) -> bool,
) -> io::Result<Lines> {
    let mut out = Lines {
        torn: None,
        problems: Vec::new(),
        stopped: false,
        unfinished: 0,
    };
    // Events of a command written together are handed on once its last one is read, so that
    // a command cut off by a crash counts for nothing. (Not when lines are filtered by needles:
    // the journal was checked whole already.)
    let batches = needles.is_empty();
    let mut pending: Vec<Event> = Vec::new();
    let mut buf = Vec::with_capacity(1024);
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        number += 1;
        let complete = buf.last() == Some(&b'\n');
        let line = if complete {
            &buf[..buf.len() - 1]
        } else {
            &buf[..]
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !needles.is_empty() && !needles.iter().any(|n| n.find(line).is_some()) {
            continue;
        }
        match parse_line(line) {
            Ok(event) => {
                let mut ready = Vec::new();
                if batches {
                    let continues = pending
                        .last()
                        .is_some_and(|p| p.more > 0 && event.more + 1 == p.more);
                    if !continues {
                        // A batch broken off in the middle of the file: keep what there is.
                        ready.append(&mut pending);
                    }
                    let last_of_batch = event.more == 0;
                    pending.push(event);
                    if last_of_batch {
                        ready.append(&mut pending);
                    }
                } else {
                    ready.push(event);
                }
                if !ready.into_iter().all(&mut *on_event) {
                    out.stopped = true;
                    break;
                }
            }
            Err(_) if !complete && cut_short(line) => out.torn = Some((number, line.to_vec())),
            Err(message) => {
                let newer = message.starts_with(NEWER);
                out.problems.push(Problem {
                    line: number,
                    message,
                    newer,
                });
                if stop_at_first {
                    break;
                }
            }
        }
    }
    out.unfinished = pending.len();
    Ok(out)
}

/// Whether a line is JSON cut short (an interrupted write) rather than complete but wrong.
pub(super) fn cut_short(line: &[u8]) -> bool {
    matches!(serde_json::from_slice::<serde::de::IgnoredAny>(line), Err(e) if e.is_eof())
}

/// Stream the journal's events to `on_event` without keeping them (for a state-only replay).
/// Returns the file's identity when the whole journal was handed on, whole: None when the
/// consumer stopped early or the end or a line is not right (the caller then uses `read`).
pub fn read_each(
    dir: &Path,
    on_event: &mut dyn FnMut(Event) -> bool,
) -> anyhow::Result<Option<Option<FileId>>> {
    read_matching(dir, &[], on_event)
}

/// As `read_each`, parsing only the lines that contain one of `needles` (all lines when it is
/// empty), in `journal.jsonl` and then every part. For reading a journal already validated (the
/// state loaded from it): lines that are skipped are not checked. The identity returned is that
/// of `journal.jsonl` (parts are described by the snapshot key on their own).
pub fn read_matching(
    dir: &Path,
    needles: &[&str],
    on_event: &mut dyn FnMut(Event) -> bool,
) -> anyhow::Result<Option<Option<FileId>>> {
    let finders: Vec<memchr::memmem::Finder> = needles
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    let root = read_matching_file(&journal_path(dir), &finders, on_event)?;
    if root.is_none() {
        return Ok(None);
    }
    for part in super::parts::list(dir) {
        if read_matching_file(&part, &finders, on_event)?.is_none() {
            return Ok(None);
        }
    }
    Ok(root)
}

fn read_matching_file(
    path: &Path,
    finders: &[memchr::memmem::Finder],
    on_event: &mut dyn FnMut(Event) -> bool,
) -> anyhow::Result<Option<Option<FileId>>> {
    let cannot = |e: io::Error| cannot_read(path, e);
    refuse_special(path)?;
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Some(None)),
        Err(e) => return Err(cannot(e)),
    };
    let before = file.metadata().map_err(cannot)?;
    let mut reader = BufReader::with_capacity(1 << 16, &file);
    let lines = each_line(&mut reader, true, finders, on_event).map_err(cannot)?;
    // Anything but a clean read goes the careful way (`read`), which waits for a writer in
    // progress and reports what is really wrong.
    if lines.stopped || lines.torn.is_some() || lines.unfinished > 0 || !lines.problems.is_empty() {
        return Ok(None);
    }
    let after = FileId::of(&file.metadata().map_err(cannot)?);
    Ok(Some((FileId::of(&before) == after).then_some(after)))
}

/// A journal that is not a regular file (a FIFO would block every command) is refused.
pub(super) fn refuse_special(path: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(UserError::new(
            Kind::Journal,
            format!("{} is not a regular file", path.display()),
            "the journal must be a plain file: restore it from git (`git checkout -- .ftrack/journal.jsonl`)",
        )
        .into()),
        _ => Ok(()),
    }
}

fn cannot_read(path: &Path, e: io::Error) -> anyhow::Error {
    UserError::new(
        Kind::Io,
        format!("cannot read {}: {e}", path.display()),
        "the tracker's journal.jsonl must be a readable file; check the path and its permissions",
    )
    .into()
}

/// One line: a whole, valid event of a format this ftrack reads, or what is wrong with it.
pub(super) fn parse_line(line: &[u8]) -> Result<Event, String> {
    match serde_json::from_slice::<Event>(line) {
        Ok(event) if event.v > FORMAT => Err(newer(event.v)),
        Ok(event) => check(&event).map(|()| event),
        Err(e) => match serde_json::from_slice::<VersionOnly>(line) {
            Ok(VersionOnly { v }) if v > FORMAT => Err(newer(v)),
            // serde_json counts lines inside the line; only the column means anything here.
            _ => Err(e.to_string().replace(" at line 1 column ", " at column ")),
        },
    }
}

/// The fields each operation needs.
fn check(e: &Event) -> Result<(), String> {
    let needs_task = !matches!(e.op, Op::Init | Op::Advance | Op::Plan | Op::Layout);
    if needs_task && e.task.as_deref().is_none_or(str::is_empty) {
        return Err(format!("`{}` event without a task", e.op.as_str()));
    }
    if e.id.is_empty() {
        return Err("event without an id".to_string());
    }
    // Numbers no real journal reaches: a line carrying one is damage (a hostile or broken line
    // must not wrap the next event's clock to 0, nor swallow whole commands as "cut off").
    if e.clock > MAX_CLOCK || e.seq > MAX_CLOCK {
        return Err(format!(
            "`clock` or `seq` out of range (at most {MAX_CLOCK})"
        ));
    }
    if e.more > MAX_COMMAND || e.n > MAX_COMMAND || (e.cmd.is_some() && (e.n < 2 || e.more >= e.n))
    {
        return Err("`more`, `n` or `cmd` out of range for one command".to_string());
    }
    match e.op {
        Op::Waive if e.reason.is_none() => Err("`waive` event without a reason".to_string()),
        Op::Advance if e.to.is_none() => Err("`advance` event without `to`".to_string()),
        Op::Plan if e.phase.as_deref().is_none_or(str::is_empty) => {
            Err("`plan` event without a phase".to_string())
        }
        Op::Assign => match e.due.as_deref() {
            Some(d)
                if !d.is_empty() && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() =>
            {
                Err(format!(
                    "`assign` event with due date `{d}`, not YYYY-MM-DD"
                ))
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

const NEWER: &str = "written by a newer ftrack";

fn newer(v: u32) -> String {
    format!("{NEWER} (journal format {v}; this ftrack reads format {FORMAT})")
}

fn damaged(path: &Path, p: &Problem) -> anyhow::Error {
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
