//! The end of a journal file before an append: what an interrupted write left there (a cut-off
//! line, the first lines of a command whose last ones never came) is set aside in
//! `journal.torn`, so that it is never glued to the next event nor counts half a command.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::TORN;
use super::lines::{cut_short, parse_line};

/// Look at the end of the journal before an append, and set aside what an interrupted write
/// left there: a cut-off last line, and the whole lines of the same unfinished command before it
/// (a last event whose `more` says that more were to follow). They are moved to `journal.torn`
/// and cut off, so that they are never glued to the next event nor count half a command. A last
/// line that is a whole event only lacks its newline (one is written first); a last line that is
/// complete JSON but not a valid event is damage, not a torn write, and is refused.
///
/// Returns the journal's length after that, the `seq` and logical clock of its last event, and
/// whether a newline must be written first. The window read from the end grows until it holds
/// what it must (a torn line or a last event of any length: a 100 KB note is one line).
pub(super) fn set_aside_unfinished(dir: &Path, file: &mut File) -> io::Result<End> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(End {
            len: 0,
            last_seq: 0,
            last_clock: 0,
            newline_first: false,
        });
    }
    let (buf, offset, plan) = decide(file, len)?;
    apply(dir, file, &buf, offset, len, plan)
}

/// How long the file is once what an interrupted write left at its end is left out (what an
/// append would set aside): the part of it that counts. Read only.
pub fn settled_len(file: &File) -> io::Result<u64> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(0);
    }
    let (_, offset, plan) = decide(file, len)?;
    Ok(plan.cut.map_or(len, |c| offset + c as u64))
}

/// Read the end of the file (a window that grows until it holds what it must: a torn line or
/// a last event of any length) and decide what to set aside: the window, where it starts, and
/// the plan.
fn decide(mut file: &File, len: u64) -> io::Result<(Vec<u8>, u64, Plan)> {
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
        match plan(&buf, usable, tail, offset == 0)? {
            Some(p) => return Ok((buf, offset, p)),
            None if offset > 0 => window = len.min(window * 8),
            None => {
                let p = Plan::from_start(usable, tail);
                return Ok((buf, offset, p));
            }
        }
    }
}

/// The end of the journal as an append finds it, after setting aside what was unfinished.
pub(super) struct End {
    pub(super) len: u64,
    pub(super) last_seq: u64,
    pub(super) last_clock: u64,
    pub(super) newline_first: bool,
}

/// What to do with the end of the journal: cut at `cut` (a position in the window, or None to
/// keep everything), and the `seq` and clock of the last event kept.
struct Plan {
    cut: Option<usize>,
    last_seq: u64,
    last_clock: u64,
    newline_first: bool,
}

impl Plan {
    /// Everything in the window is the unfinished command: cut it all.
    fn from_start(usable: &[(usize, usize)], tail: Option<(usize, usize)>) -> Plan {
        let cut = usable.first().map(|s| s.0).or(tail.map(|t| t.0));
        Plan {
            cut,
            last_seq: 0,
            last_clock: 0,
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
    at_start: bool,
) -> io::Result<Option<Plan>> {
    let mut lines: Vec<(usize, usize)> = usable.to_vec();
    let mut newline_first = false;
    let mut cut = None;
    // A tail that starts at the window's start is only part of a line: look further back.
    if !at_start && tail.is_some_and(|(s, _)| s == 0) {
        return Ok(None);
    }
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
    let mut expected: Option<(u32, Option<String>)> = None;
    for (i, &(s, e)) in lines.iter().enumerate().rev() {
        let Ok(event) = parse_line(&buf[s..e]) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a line near its end is damaged; run `ftrack doctor`",
            ));
        };
        // Walking back over one command: each event one more `more` than the next, and (for
        // events that name their command) the same command.
        let unfinished = match (&expected, &event.cmd) {
            (None, _) => event.more > 0,
            (Some((m, cmd)), own) => event.more == *m && (cmd.is_none() || own == cmd),
        };
        if !unfinished {
            let newline_first = newline_first && cut.is_none() && expected.is_none();
            return Ok(Some(Plan {
                cut,
                last_seq: event.seq,
                last_clock: event.clock,
                newline_first,
            }));
        }
        cut = Some(s);
        let Some(next) = event.more.checked_add(1) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a line near its end is damaged; run `ftrack doctor`",
            ));
        };
        expected = Some((next, event.cmd.clone()));
        if i == 0 {
            return Ok(None);
        }
    }
    // No whole line in the window to look at: at the start of the file there is none;
    // elsewhere the window is too small for the last line.
    Ok(if lines.is_empty() && cut.is_none() && at_start {
        Some(Plan {
            cut: None,
            last_seq: 0,
            last_clock: 0,
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
) -> io::Result<End> {
    let Some(cut) = p.cut else {
        return Ok(End {
            len,
            last_seq: p.last_seq,
            last_clock: p.last_clock,
            newline_first: p.newline_first,
        });
    };
    // Never through a symbolic link: a cloned repository could commit journal.torn as a link
    // to a file outside the tracker (the guard refuses such a tracker before any write; this
    // closes the gap between that check and the open).
    // Nor into a FIFO or a device (opened without waiting, and checked on the handle).
    let torn = dir.join(TORN);
    let special = io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{} is not a regular file", torn.display()),
    );
    if std::fs::symlink_metadata(&torn).is_ok_and(|m| !m.is_file()) {
        return Err(special);
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let mut aside = options.open(&torn)?;
    if !aside.metadata()?.is_file() {
        return Err(special);
    }
    let mut record = buf[cut..].to_vec();
    if record.last() != Some(&b'\n') {
        record.push(b'\n');
    }
    aside.write_all(&record)?;
    aside.sync_all()?;
    let at = offset + cut as u64;
    file.set_len(at)?;
    file.sync_all()?;
    Ok(End {
        len: at,
        last_seq: p.last_seq,
        last_clock: p.last_clock,
        newline_first: false,
    })
}
