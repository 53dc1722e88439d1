//! Appending to the journal: exclusive lock on a separate lock file, whole lines, fsync; a
//! failed write leaves the journal as it was.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::read::parse_line;
use super::{Event, LOCK, TORN, journal_path};
use crate::error::UserError;
use crate::fileid::FileId;

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
pub fn append(dir: &Path, events: &[Event]) -> anyhow::Result<Appended> {
    let mut events = events.to_vec();
    if events.is_empty() {
        return Ok(Appended {
            before: None,
            after: None,
            events,
        });
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
    let before = file.metadata().ok().map(|m| FileId::of(&m));
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
    let after = file.metadata().ok().map(|m| FileId::of(&m));
    Ok(Appended {
        before,
        after,
        events,
    })
}

/// What an append did: the journal's identity just before and just after it (under the lock),
/// and the events as written (with their `seq`).
#[derive(Debug)]
pub struct Appended {
    pub before: Option<FileId>,
    pub after: Option<FileId>,
    pub events: Vec<Event>,
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
