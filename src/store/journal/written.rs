//! What a write makes: the journal lines of events (`encode`), what an append did
//! (`Appended`), and the error for a journal that is not there — shared by the append's steps
//! (`write`) and the write to one file (`one_file`).

use std::path::Path;

use crate::error::{Kind, UserError};
use crate::model::event::Event;
use crate::store::bounded::{LINE, size_text};
use crate::store::fileid::FileId;

/// Serialize events as journal lines. A line longer than a journal line may be (8 MiB: a note
/// of 1 MB fits even if every character needs an escape) is refused, so that no reader ever
/// has to refuse it.
pub fn encode(events: &[Event]) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(events.len() * 160);
    for event in events {
        let start = buf.len();
        serde_json::to_writer(&mut buf, event)?;
        let len = (buf.len() - start) as u64;
        if len > LINE as u64 {
            return Err(UserError::new(
                Kind::Usage,
                format!(
                    "the `{}` event is {} as a journal line, more than {}, the most a line holds; nothing was recorded",
                    event.op.as_str(),
                    size_text(len),
                    size_text(LINE as u64)
                ),
                "shorten the note or text (1 MB of text always fits)",
            )
            .into());
        }
        buf.push(b'\n');
    }
    Ok(buf)
}

pub(super) fn missing(path: &Path) -> anyhow::Error {
    UserError::new(
        Kind::Journal,
        format!(
            "{} is missing; nothing was recorded (an append never creates a journal)",
            path.display()
        ),
        "if a git pull or checkout is running, wait for it and run the command again; `git status` shows whether the journal was deleted; a new tracker is made with `ftrack init`",
    )
    .into()
}

/// What an append did: the journal's identity just before and just after it (under the lock),
/// and the events as written (with their `seq`).
#[derive(Debug)]
pub struct Appended {
    /// The part written to (None: `journal.jsonl`).
    pub part: Option<std::path::PathBuf>,
    pub before: Option<FileId>,
    pub after: Option<FileId>,
    pub events: Vec<Event>,
    /// Lines of earlier appends that had gone from the journal and were written back.
    pub recovered: usize,
    /// The events were found in the file already, written by a try that had gone elsewhere
    /// (nothing was written now).
    pub found: bool,
    /// What the user should know (the outbox let go of commands).
    pub warnings: Vec<String>,
    /// Where the written bytes begin (the file's length once what an interrupted write left
    /// at its end was set aside).
    pub at: u64,
}
