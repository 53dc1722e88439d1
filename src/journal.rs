//! The append-only journal: one JSON event per line. Appends take an exclusive lock on a
//! separate lock file, write whole lines and sync; reads never lock and never fail on a torn tail.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::UserError;

/// The newest journal format this ftrack writes and reads. Format 2 added the `add` and
/// `retire` operations; every other event is still written as format 1, so that an older
/// ftrack refuses (with a clear message) only a journal that really holds something it
/// cannot understand.
pub const FORMAT: u32 = 2;
pub const JOURNAL: &str = "journal.jsonl";
pub const LOCK: &str = "lock";
/// Where a torn last line (a write that was interrupted) is moved before the next append.
pub const TORN: &str = "journal.torn";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    Init,
    Done,
    Reopen,
    Waive,
    Assign,
    Advance,
    /// An item of this engagement only, added to the catalog in use.
    Add,
    /// An added item taken out of gates, lists and counts (kept in history).
    Retire,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Init => "init",
            Op::Done => "done",
            Op::Reopen => "reopen",
            Op::Waive => "waive",
            Op::Assign => "assign",
            Op::Advance => "advance",
            Op::Add => "add",
            Op::Retire => "retire",
        }
    }

    /// The oldest journal format that knows this operation.
    pub fn format(self) -> u32 {
        match self {
            Op::Add | Op::Retire => 2,
            _ => 1,
        }
    }
}

/// One line of the journal. Optional fields are present only where the operation uses them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Format version.
    pub v: u32,
    /// Unique event id: a line merged in twice counts once.
    pub id: String,
    /// When the event was recorded (UTC).
    pub at: DateTime<Utc>,
    /// Position in the writing clone's journal: orders events recorded at the same instant
    /// (with `id` as the last tie-break).
    #[serde(default)]
    pub seq: u64,
    /// Who recorded it.
    pub by: String,
    pub op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// done: when it was actually done, if not when it was recorded (`--at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// waive: why; advance --force: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// assign: new owner ("" clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// assign: new due date YYYY-MM-DD ("" clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// advance: the phase left and the phase (or "complete") entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    /// init: engagement name and catalog path (relative to the tracker directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// add: the phase, short title and full text of the new item, and whether it is optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// On events about an added item: the id of the `add` event that created it. Two clones
    /// may add items with the same id; this keeps each item's events with that item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl Event {
    /// A new event with a fresh id; fill in the operation's fields.
    pub fn new(op: Op, at: DateTime<Utc>, by: &str) -> Event {
        Event {
            v: op.format(),
            id: uuid::Uuid::new_v4().simple().to_string(),
            at,
            seq: 0,
            by: by.to_string(),
            op,
            task: None,
            done_at: None,
            note: None,
            reason: None,
            owner: None,
            due: None,
            from: None,
            to: None,
            forced: false,
            name: None,
            catalog: None,
            phase: None,
            title: None,
            text: None,
            optional: false,
            origin: None,
        }
    }

    pub fn with_task(mut self, task: &str) -> Event {
        self.task = Some(task.to_string());
        self
    }

    /// The `add` event that created the task, for events about an added item.
    pub fn with_origin(mut self, origin: Option<&str>) -> Event {
        self.origin = origin.map(str::to_string);
        self
    }
}

/// A journal as read from disk, in file order.
#[derive(Debug, Default)]
pub struct Journal {
    pub events: Vec<Event>,
    /// A last line cut off by an interrupted write: 1-based line number and its bytes.
    pub torn: Option<(usize, Vec<u8>)>,
}

#[derive(Debug, Deserialize)]
struct VersionOnly {
    v: u32,
}

pub fn journal_path(dir: &Path) -> PathBuf {
    dir.join(JOURNAL)
}

/// Read a journal. A missing file is an empty journal; a damaged line is an error naming the
/// file and line; a torn last line is returned in `torn` for the caller to report.
pub fn read(dir: &Path) -> anyhow::Result<Journal> {
    let path = journal_path(dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Journal::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    parse(&bytes, &path)
}

/// Parse journal bytes; `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> anyhow::Result<Journal> {
    let mut journal = Journal {
        events: Vec::with_capacity(bytes.len() / 120),
        torn: None,
    };
    let complete = bytes.last().is_none_or(|&b| b == b'\n');
    let mut lines = bytes.split(|&b| b == b'\n').enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let last = lines.peek().is_none();
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_line(line) {
            Ok(event) => journal.events.push(event),
            Err(_) if last && !complete => journal.torn = Some((i + 1, line.to_vec())),
            Err(problem) => return Err(damaged(path, i + 1, &problem)),
        }
    }
    Ok(journal)
}

fn parse_line(line: &[u8]) -> Result<Event, String> {
    match serde_json::from_slice::<Event>(line) {
        Ok(event) if event.v > FORMAT => Err(newer(event.v)),
        Ok(event) => Ok(event),
        Err(e) => match serde_json::from_slice::<VersionOnly>(line) {
            Ok(VersionOnly { v }) if v > FORMAT => Err(newer(v)),
            _ => Err(e.to_string()),
        },
    }
}

fn newer(v: u32) -> String {
    format!("written by a newer ftrack (journal format {v}; this ftrack reads format {FORMAT})")
}

fn damaged(path: &Path, line: usize, problem: &str) -> anyhow::Error {
    let hint = if problem.starts_with("written by a newer") {
        "upgrade ftrack to read this tracker; nothing was changed".to_string()
    } else {
        "fix or delete that line by hand (`ftrack doctor` lists every problem); nothing is written until it is fixed".to_string()
    };
    UserError::new(format!("{}:{line}: {problem}", path.display()))
        .hint(hint)
        .into()
}

/// Serialize events as journal lines.
pub fn encode(events: &[Event]) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(events.len() * 160);
    for event in events {
        serde_json::to_writer(&mut buf, event)?;
        buf.push(b'\n');
    }
    Ok(buf)
}

/// Append events to the journal in `dir` (created if needed), all or none: one write of whole
/// lines under an exclusive lock, then fsync. On failure the journal is cut back to its length
/// before the append.
pub fn append(dir: &Path, events: &[Event]) -> anyhow::Result<()> {
    let mut events = events.to_vec();
    if events.is_empty() {
        return Ok(());
    }
    let fail = |what: &str, e: io::Error| -> anyhow::Error {
        UserError::new(format!(
            "cannot write to the tracker {}: {what}: {e}",
            dir.display()
        ))
        .hint("nothing was recorded; free disk space or fix permissions and run the command again")
        .into()
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("creating the directory", e))?;
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))
        .map_err(|e| fail("opening the lock file", e))?;
    lock.lock().map_err(|e| fail("locking", e))?;
    let path = journal_path(dir);
    let mut file = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(&path)
        .map_err(|e| fail("opening the journal", e))?;
    let (len, last_seq, newline_first) = set_aside_torn_tail(dir, &mut file)
        .map_err(|e| fail("repairing the journal's last line", e))?;
    for (n, e) in events.iter_mut().enumerate() {
        e.seq = last_seq + 1 + n as u64;
    }
    let mut buf = if newline_first {
        vec![b'\n']
    } else {
        Vec::new()
    };
    buf.extend(encode(&events)?);
    let written = file.write_all(&buf).and_then(|()| file.sync_all());
    if let Err(e) = written {
        // Leave the journal exactly as it was: drop whatever part of our lines got in.
        let _ = file.set_len(len);
        let _ = file.sync_all();
        return Err(fail("appending", e));
    }
    Ok(())
}

/// Look at the end of the journal before an append. If it does not end in a newline, its last
/// line was cut off by an interrupted write: a tail that is a whole event only lacks its newline
/// (one is written first); anything else is moved to `journal.torn` and cut off, so that it is
/// never glued to the next event. Returns the journal's length after that, the `seq` of its last
/// event, and whether a newline must be written first.
fn set_aside_torn_tail(dir: &Path, file: &mut File) -> io::Result<(u64, u64, bool)> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok((0, 0, false));
    }
    // Read enough of the end to hold the whole last line (notes may be large).
    let mut window = len.min(1 << 16);
    let tail = loop {
        let mut tail = vec![0u8; window as usize];
        file.seek(SeekFrom::Start(len - window))?;
        file.read_exact(&mut tail)?;
        let body = tail.strip_suffix(b"\n").unwrap_or(&tail);
        if window == len || body.contains(&b'\n') {
            break tail;
        }
        window = len.min(window * 8);
    };
    let offset = len - window;
    let complete = tail.last() == Some(&b'\n');
    let body = if complete {
        &tail[..tail.len() - 1]
    } else {
        &tail[..]
    };
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let fragment = &body[start..];
    let last = parse_line(fragment).ok();
    if complete || last.is_some() {
        let seq = last.map_or(0, |e| e.seq);
        return Ok((len, seq, !complete));
    }
    let mut aside = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(TORN))?;
    let mut record = fragment.to_vec();
    record.push(b'\n');
    aside.write_all(&record)?;
    aside.sync_all()?;
    let cut = offset + start as u64;
    file.set_len(cut)?;
    file.sync_all()?;
    // The line before the torn one carries the last seq.
    let prev = &body[..start.saturating_sub(1)];
    let prev_start = prev.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let seq = parse_line(&prev[prev_start..]).map_or(0, |e| e.seq);
    Ok((cut, seq, false))
}
