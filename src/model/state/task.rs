//! What one event does to the one item it is about: shared by the replay (`Engagement`) and
//! by what a write or an undo would change (`preview`, `model::undo`).

use chrono::NaiveDate;

use super::{Status, TaskState};
use crate::model::event::{Event, Op};

/// What one event does to the state of the item it is about (`added`: the item was added with
/// `ftrack add`, so it can be retired).
pub(crate) fn apply_to_task(s: &mut TaskState, e: &Event, added: bool) {
    if e.op == Op::Undo {
        // An undo puts back what was, a retired item included.
        let status = match e.status.as_deref() {
            Some("done") => Status::Done,
            Some("waived") => Status::Waived,
            Some("retired") if added => Status::Retired,
            Some("outstanding") => Status::Outstanding,
            _ => return,
        };
        s.status = status;
        s.done_by = e.done_by.clone();
        s.done_at = e.done_at;
        s.note = e.note.clone();
        return;
    }
    if s.status == Status::Retired {
        // Retiring is final: a retired id is never reused or revived.
        return;
    }
    match e.op {
        Op::Done => {
            s.status = Status::Done;
            s.done_by = Some(e.by.clone());
            s.done_at = Some(e.done_at.unwrap_or(e.at));
            s.note = e.note.clone();
        }
        Op::Waive => {
            s.status = Status::Waived;
            s.done_by = Some(e.by.clone());
            s.done_at = Some(e.at);
            s.note = e.reason.clone();
        }
        Op::Reopen => {
            s.status = Status::Outstanding;
            s.done_by = None;
            s.done_at = None;
            s.note = e.note.clone();
        }
        Op::Assign => {
            if let Some(owner) = &e.owner {
                s.owner = Some(owner.clone()).filter(|o| !o.is_empty());
            }
            if let Some(due) = &e.due {
                s.due = NaiveDate::parse_from_str(due, "%Y-%m-%d").ok();
            }
        }
        Op::Retire => {
            if added {
                s.status = Status::Retired;
                s.done_by = Some(e.by.clone());
                s.done_at = Some(e.at);
                s.note = e.reason.clone();
            }
        }
        Op::Note => s.note = e.note.clone(),
        Op::Init | Op::Advance | Op::Add | Op::Undo | Op::Plan | Op::Layout => {}
    }
}
