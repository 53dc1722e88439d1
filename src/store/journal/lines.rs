//! One journal file, line by line: each line parsed into an event (or what is wrong with it),
//! never longer than `bounded::LINE`, the events of a command handed on only once its last one
//! is read. Memory is one line and one command, whatever the file's size.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use serde::Deserialize;

use crate::model::event::{Event, FORMAT, MAX_CLOCK, MAX_COMMAND, Op};
use crate::store::bounded::{self, LINE};

/// One line that is not a valid event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
    /// The line was written by a newer ftrack (not damaged: this one is too old).
    pub newer: bool,
}

/// What a pass over the lines found besides the events it handed on.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) torn: Option<(usize, Vec<u8>)>,
    pub(super) unfinished: usize,
    pub(super) problems: Vec<Problem>,
    /// Problems past the first `MAX_PROBLEMS`, counted only (a file of a million damaged
    /// lines must not make a million messages).
    pub(super) more_problems: usize,
}

/// The most problems kept, with their messages, for one file.
pub const MAX_PROBLEMS: usize = 100;

/// The events of one journal file, pulled one at a time.
pub(super) struct EventReader<'n, R> {
    /// Stop at the first problem (commands); go on to list every one (`doctor`).
    stop_at_first: bool,
    /// Only lines containing one of these are parsed at all (none: every line).
    needles: &'n [memchr::memmem::Finder<'n>],
    number: usize,
    lines: LineReader<R>,
    /// Events of the command being read, and events ready to hand on, each with its line.
    pending: Vec<(usize, Event)>,
    ready: VecDeque<(usize, Event)>,
    /// The line of the event handed on last.
    last: usize,
    found: Found,
    done: bool,
}

/// The lines of a reader, one at a time, each kept to at most `LINE` + 1 bytes: a file of any
/// size, with lines of any length, is read in a buffer of at most that.
pub(super) struct LineReader<R> {
    reader: R,
    buf: Vec<u8>,
    complete: bool,
    /// Bytes read so far.
    pub(super) bytes: u64,
}

impl<R: BufRead> LineReader<R> {
    pub(super) fn new(reader: R) -> Self {
        LineReader {
            reader,
            buf: Vec::with_capacity(1024),
            complete: false,
            bytes: 0,
        }
    }

    /// The next line (`line()` has it): its whole length, which may exceed what is kept, and
    /// whether it ended in a newline; None at the end. A line over the bound is read past (to
    /// know its length) unless `stop_long`.
    pub(super) fn next_line(&mut self, stop_long: bool) -> io::Result<Option<(u64, bool)>> {
        if self.buf.capacity() > 1 << 16 {
            // After a long line (a long note): the buffer of each file read at once stays small.
            self.buf = Vec::with_capacity(1024);
        }
        self.buf.clear();
        let mut len = 0u64;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                self.complete = false;
                return Ok((len > 0).then_some((len, false)));
            }
            let (take, complete) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let room = (LINE + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&available[..take.min(room)]);
            self.reader.consume(take);
            len += take as u64;
            self.bytes += take as u64;
            if complete || (len > LINE as u64 && stop_long) {
                self.complete = complete;
                return Ok(Some((len, complete)));
            }
        }
    }

    /// The line last read, without its newline (at most `LINE` + 1 bytes of it).
    pub(super) fn line(&self) -> &[u8] {
        match self.buf.last() {
            Some(b'\n') if self.complete => &self.buf[..self.buf.len() - 1],
            _ => &self.buf,
        }
    }
}

impl<'n, R: BufRead> EventReader<'n, R> {
    pub(super) fn new(
        reader: R,
        stop_at_first: bool,
        needles: &'n [memchr::memmem::Finder<'n>],
    ) -> Self {
        EventReader {
            stop_at_first,
            needles,
            number: 0,
            lines: LineReader::new(reader),
            pending: Vec::new(),
            ready: VecDeque::new(),
            last: 0,
            found: Found::default(),
            done: false,
        }
    }

    /// Bytes read so far.
    pub(super) fn bytes(&self) -> u64 {
        self.lines.bytes
    }

    /// The (1-based) line of the event `next_event` returned last.
    pub(super) fn line(&self) -> usize {
        self.last
    }

    /// The next valid event, None at the end (or at the first problem, when stopping there).
    pub(super) fn next_event(&mut self) -> io::Result<Option<Event>> {
        loop {
            if let Some((line, e)) = self.ready.pop_front() {
                self.last = line;
                return Ok(Some(e));
            }
            if self.done || !self.next_line()? {
                self.done = true;
                return Ok(None);
            }
        }
    }

    /// What the pass found; events of a command still waiting for its last one are unfinished.
    pub(super) fn finish(mut self) -> Found {
        self.found.unfinished = self.pending.len();
        self.found
    }

    /// Whether a problem was found so far.
    pub(super) fn clean(&self) -> bool {
        self.found.problems.is_empty() && self.found.torn.is_none() && self.pending.is_empty()
    }

    /// Read and handle one line; false at the end or when stopping at a problem.
    fn next_line(&mut self) -> io::Result<bool> {
        let Some((len, complete)) = self.lines.next_line(false)? else {
            return Ok(false);
        };
        self.number += 1;
        if len > LINE as u64 {
            self.problem(format!(
                "a line of {}, longer than {}, the most a journal line holds",
                bounded::size_text(len),
                bounded::size_text(LINE as u64)
            ));
            return Ok(!self.stop_at_first);
        }
        let line = self.lines.line();
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(true);
        }
        if !self.needles.is_empty() && !self.needles.iter().any(|n| n.find(line).is_some()) {
            return Ok(true);
        }
        // Past the problems kept, a line that is not even a JSON object is counted without
        // parsing it (a file of a hundred million junk lines costs seconds, not minutes).
        if self.found.problems.len() >= MAX_PROBLEMS
            && line.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{')
        {
            self.found.more_problems += 1;
            return Ok(true);
        }
        match parse_line(line) {
            Ok(event) => self.take(event),
            Err(_) if !complete && cut_short(line) => {
                self.found.torn = Some((self.number, line.to_vec()));
            }
            Err(message) => {
                self.problem(message);
                return Ok(!self.stop_at_first);
            }
        }
        Ok(true)
    }

    fn problem(&mut self, message: String) {
        if self.found.problems.len() >= MAX_PROBLEMS {
            self.found.more_problems += 1;
            return;
        }
        let newer = message.starts_with(NEWER);
        self.found.problems.push(Problem {
            line: self.number,
            message,
            newer,
        });
    }

    /// A valid event: handed on at once, or when its command's last event comes.
    fn take(&mut self, event: Event) {
        // (Not when lines are filtered by needles: the journal was checked whole already.)
        let at = (self.number, event);
        if !self.needles.is_empty() {
            self.ready.push_back(at);
            return;
        }
        let event = &at.1;
        let continues = self
            .pending
            .last()
            .is_some_and(|(_, p)| p.more > 0 && event.more + 1 == p.more);
        if !continues {
            // A batch broken off in the middle of the file: keep what there is.
            self.ready.extend(self.pending.drain(..));
        }
        let last_of_batch = event.more == 0;
        self.pending.push(at);
        if last_of_batch {
            self.ready.extend(self.pending.drain(..));
        }
    }
}

#[derive(Debug, Deserialize)]
struct VersionOnly {
    v: u32,
}

/// Whether a line is JSON cut short (an interrupted write) rather than complete but wrong.
pub(super) fn cut_short(line: &[u8]) -> bool {
    matches!(serde_json::from_slice::<serde::de::IgnoredAny>(line), Err(e) if e.is_eof())
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

pub(super) const NEWER: &str = "written by a newer ftrack";

fn newer(v: u32) -> String {
    format!("{NEWER} (journal format {v}; this ftrack reads format {FORMAT})")
}
