//! Appending to the journal: exclusive lock on a separate lock file, whole lines, fsync; a
//! failed write leaves the journal as it was.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::read::{cut_short, parse_line};
use super::{LOCK, TORN, journal_path};
use crate::error::{Kind, UserError};
use crate::model::event::Event;
use crate::store::fileid::FileId;

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
        UserError::new(
            Kind::Journal,
            format!("cannot write to the tracker {}: {what}: {e}", dir.display()),
            "nothing was recorded; free disk space or fix permissions and run the command again",
        )
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
    let (len, last_seq, newline_first) =
        set_aside_unfinished(dir, &mut file).map_err(|e| fail("repairing the journal's end", e))?;
    let count = events.len();
    for (n, e) in events.iter_mut().enumerate() {
        e.seq = last_seq + 1 + n as u64;
        e.more = (count - 1 - n) as u32;
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

/// Look at the end of the journal before an append, and set aside what an interrupted write
/// left there: a cut-off last line, and the whole lines of the same unfinished command before it
/// (a last event whose `more` says that more were to follow). They are moved to `journal.torn`
/// and cut off, so that they are never glued to the next event nor count half a command. A last
/// line that is a whole event only lacks its newline (one is written first); a last line that is
/// complete JSON but not a valid event is damage, not a torn write, and is refused.
///
/// Returns the journal's length after that, the `seq` of its last event, and whether a newline
/// must be written first.
fn set_aside_unfinished(dir: &Path, file: &mut File) -> io::Result<(u64, u64, bool)> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok((0, 0, false));
    }
    let mut window = len.min(1 << 16);
    loop {
        let offset = len - window;
        let mut buf = vec![0u8; window as usize];
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(&mut buf)?;
        // Whole lines of the window (the first is cut when the window starts mid-file).
        let mut spans = Vec::new();
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            if b == b'\n' {
                spans.push((start, i));
                start = i + 1;
            }
        }
        let tail = (start < buf.len()).then_some((start, buf.len()));
        let usable = if offset > 0 {
            spans.get(1..).unwrap_or(&[])
        } else {
            &spans[..]
        };
        match plan(&buf, usable, tail)? {
            Some(p) => return apply(dir, file, &buf, offset, len, p),
            None if offset > 0 => window = len.min(window * 8),
            None => return apply(dir, file, &buf, offset, len, Plan::from_start(usable, tail)),
        }
    }
}

/// What to do with the end of the journal: cut at `cut` (a position in the window, or None to
/// keep everything), and the `seq` of the last event kept.
struct Plan {
    cut: Option<usize>,
    last_seq: u64,
    newline_first: bool,
}

impl Plan {
    /// Everything in the window is the unfinished command: cut it all.
    fn from_start(usable: &[(usize, usize)], tail: Option<(usize, usize)>) -> Plan {
        let cut = usable.first().map(|s| s.0).or(tail.map(|t| t.0));
        Plan {
            cut,
            last_seq: 0,
            newline_first: false,
        }
    }
}

/// Decide from the window's whole lines (`usable`) and an unterminated `tail`; None when the
/// window is too small to see where an unfinished command starts.
fn plan(
    buf: &[u8],
    usable: &[(usize, usize)],
    tail: Option<(usize, usize)>,
) -> io::Result<Option<Plan>> {
    let mut lines: Vec<(usize, usize)> = usable.to_vec();
    let mut newline_first = false;
    let mut cut = None;
    if let Some((s, e)) = tail {
        let fragment = &buf[s..e];
        if parse_line(fragment).is_ok() {
            lines.push((s, e));
            newline_first = true;
        } else if cut_short(fragment) {
            cut = Some(s);
        } else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "its last line is damaged (complete, but not a valid event); run `ftrack doctor`",
            ));
        }
    }
    // Walk back over the events of an unfinished command.
    let mut expected: Option<u32> = None;
    for (i, &(s, e)) in lines.iter().enumerate().rev() {
        let Ok(event) = parse_line(&buf[s..e]) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a line near its end is damaged; run `ftrack doctor`",
            ));
        };
        let unfinished = match expected {
            None => event.more > 0,
            Some(m) => event.more == m,
        };
        if !unfinished {
            let newline_first = newline_first && cut.is_none() && expected.is_none();
            return Ok(Some(Plan {
                cut,
                last_seq: event.seq,
                newline_first,
            }));
        }
        cut = Some(s);
        expected = Some(event.more + 1);
        if i == 0 {
            return Ok(None);
        }
    }
    // No whole line in the window to look at.
    Ok(if lines.is_empty() && cut.is_none() {
        Some(Plan {
            cut: None,
            last_seq: 0,
            newline_first,
        })
    } else {
        None
    })
}

fn apply(
    dir: &Path,
    file: &mut File,
    buf: &[u8],
    offset: u64,
    len: u64,
    p: Plan,
) -> io::Result<(u64, u64, bool)> {
    let Some(cut) = p.cut else {
        return Ok((len, p.last_seq, p.newline_first));
    };
    let mut aside = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(TORN))?;
    let mut record = buf[cut..].to_vec();
    if record.last() != Some(&b'\n') {
        record.push(b'\n');
    }
    aside.write_all(&record)?;
    aside.sync_all()?;
    let at = offset + cut as u64;
    file.set_len(at)?;
    file.sync_all()?;
    Ok((at, p.last_seq, false))
}
