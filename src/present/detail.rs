//! Human output of `show` and `log`: fields and text wrapped to the width with a hanging
//! indent, history in aligned columns, times in the zone of the output.

use std::fmt::Write;

use super::grid::{Cell, Fit, Grid, KEEP, Paint, col, hanging, wrap_col};
use super::human::{opt, status_paint};
use super::{Style, clean, clean_line};
use crate::model::event::{Event, Op};
use crate::model::state::Status;
use crate::present::view::ShowView;

/// Field labels are this wide, so values line up.
const LABEL: usize = 10;

fn field(out: &mut String, label: &str, value: &str, style: Style) {
    let label = format!("{label:<LABEL$}");
    out.push_str(&hanging(&label, value, style.width));
}

pub fn show(v: &ShowView, style: Style) -> String {
    let t = &v.task;
    let mut out = hanging(&format!("{}: ", t.id), &clean_line(&t.title), style.width);
    let group = v
        .group
        .as_deref()
        .map(|g| format!(" / {}", clean_line(g)))
        .unwrap_or_default();
    let kind = if t.required { "required" } else { "optional" };
    field(
        &mut out,
        "Phase:",
        &format!("{}{group} ({kind})", t.phase),
        style,
    );
    let when = |at: &Option<String>| {
        at.as_deref()
            .and_then(|a| chrono::DateTime::parse_from_rfc3339(a).ok())
            .map(|a| style.time(a.with_timezone(&chrono::Utc)))
            .unwrap_or_default()
    };
    let state = match (t.status, &t.done_by) {
        (Status::Outstanding, _) => "outstanding".to_string(),
        (s, Some(by)) => format!(
            "{} by {} at {}",
            s.as_str(),
            clean_line(by),
            when(&t.done_at)
        ),
        (s, _) => s.as_str().to_string(),
    };
    let state = if style.color {
        // Only the status word is painted, so the wrapping below sees plain text around it.
        let word = t.status.as_str();
        let painted = status_paint(t.status, t.overdue).apply(word, true);
        state.replacen(word, &painted, 1)
    } else {
        state
    };
    field(&mut out, "Status:", &state, style);
    if let Some(by) = &t.added_by {
        let renamed = t
            .added_as
            .as_deref()
            .map(|a| {
                format!(
                    "; asked for `{}`, which another item already had",
                    clean_line(a)
                )
            })
            .unwrap_or_default();
        let text = format!(
            "by {} at {} for this engagement only{renamed}",
            clean_line(by),
            when(&t.added_at)
        );
        field(&mut out, "Added:", &text, style);
    }
    let owner = t.owner.as_deref().map(clean_line).unwrap_or("-".into());
    field(&mut out, "Owner:", &owner, style);
    let due = match (&t.due, t.overdue) {
        (Some(d), true) => Paint::Red.apply(&format!("{d} (overdue)"), style.color),
        (Some(d), false) => d.clone(),
        (None, _) => "-".into(),
    };
    field(&mut out, "Due:", &due, style);
    if let Some(note) = &t.note {
        let label = if matches!(t.status, Status::Waived | Status::Retired) {
            "Reason:"
        } else {
            "Note:"
        };
        field(&mut out, label, &clean(note), style);
    }
    if !v.aliases.is_empty() {
        field(&mut out, "Aliases:", &v.aliases.join(", "), style);
    }
    out.push('\n');
    out.push_str(&hanging("", &clean(&t.text), style.width));
    if let Some(english) = &v.text_en {
        out.push('\n');
        out.push_str(&hanging("English: ", &clean(english), style.width));
    }
    if let Some(note) = &v.catalog_note {
        out.push('\n');
        out.push_str(&hanging("Note: ", &clean(note), style.width));
    }
    out.push_str("\nHistory:\n");
    if v.history.is_empty() {
        out.push_str("  (none)\n");
    }
    let mut g = events_grid(&v.history, false, style);
    g.indent = 2;
    out.push_str(&g.render(style.width, style.color));
    // The zone of the times shown, once, when any is.
    if !v.history.is_empty() || t.done_at.is_some() || t.added_at.is_some() {
        out.push_str(&style.zone_line());
    }
    out
}

/// Events as aligned columns: when, who, what (wrapped under itself).
fn events_grid(events: &[Event], with_task: bool, style: Style) -> Grid {
    let mut g = Grid::new(vec![
        col("When", Fit::Whole, KEEP),
        col("By", Fit::Wrap, 5),
        wrap_col("What", KEEP, 24),
    ]);
    g.header = false;
    for e in events {
        let paint = match e.op {
            Op::Done => Paint::Green,
            Op::Waive | Op::Retire => Paint::Dim,
            Op::Advance if e.forced => Paint::Yellow,
            _ => Paint::Plain,
        };
        g.row(vec![
            Cell::new(style.time(e.at)),
            Cell::new(clean_line(&e.by)),
            Cell::new(describe(e, with_task, style)).paint(paint),
        ]);
    }
    g
}

/// One event in words; `with_task` names the task too (for the whole log).
pub fn describe(e: &Event, with_task: bool, style: Style) -> String {
    let task = match (&e.task, with_task) {
        (Some(t), true) => format!(" {}", clean_line(t)),
        _ => String::new(),
    };
    let mut s = format!("{}{task}", e.op.as_str());
    match e.op {
        Op::Init => {
            if let Some(n) = &e.name {
                let _ = write!(s, " name: {}", clean_line(n));
            }
            if let Some(c) = &e.catalog {
                let _ = write!(s, " catalog: {}", clean_line(c));
            }
        }
        Op::Advance if e.back => {
            let _ = write!(
                s,
                " back {} → {} (reason: {})",
                opt(&e.from),
                opt(&e.to),
                opt(&e.reason)
            );
        }
        Op::Advance => {
            let _ = write!(s, " {} → {}", opt(&e.from), opt(&e.to));
            if e.forced {
                let _ = write!(s, " (forced: {})", opt(&e.reason));
            }
        }
        Op::Note => {
            let _ = write!(
                s,
                " note: {}",
                e.note.as_deref().map_or("(none)".into(), clean_line)
            );
        }
        Op::Undo => {
            let _ = write!(s, " back to {}", opt(&e.status));
        }
        Op::Layout => {
            let _ = write!(s, " {}", opt(&e.note));
        }
        Op::Assign => {
            if let Some(o) = &e.owner {
                let o = if o.is_empty() {
                    "(none)".into()
                } else {
                    clean_line(o)
                };
                let _ = write!(s, " owner: {o}");
            }
            if let Some(d) = &e.due {
                let _ = write!(s, " due: {}", if d.is_empty() { "(none)" } else { d });
            }
        }
        Op::Waive | Op::Retire => {
            let _ = write!(s, " reason: {}", opt(&e.reason));
        }
        Op::Plan => {
            if e.task.is_none() && with_task {
                let _ = write!(s, " {}", opt(&e.phase));
            }
            let d = e.due.as_deref().filter(|d| !d.is_empty());
            let _ = write!(s, " target: {}", d.unwrap_or("(none)"));
        }
        Op::Add => {
            let optional = if e.optional { " (optional)" } else { "" };
            let _ = write!(s, " to {}: {}{optional}", opt(&e.phase), opt(&e.title));
        }
        Op::Done | Op::Reopen => {
            if let Some(at) = e.done_at {
                let _ = write!(s, " (done at {})", style.time(at));
            }
            if let Some(n) = &e.note {
                let _ = write!(s, " note: {}", clean_line(n));
            }
        }
    }
    if !e.undoes.is_empty() && e.op != Op::Undo {
        s.push_str(" (undo)");
    }
    s
}

pub fn log(events: &[Event], style: Style) -> String {
    if events.is_empty() {
        return "No events.\n".to_string();
    }
    let mut out = events_grid(events, true, style).render(style.width, style.color);
    out.push_str(&style.zone_line());
    out
}
