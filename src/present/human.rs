//! Human output of `list` (and the helpers `show` shares): plain tables fitted to the width
//! (`grid`), colour only when allowed, and every piece of user text cleaned of terminal
//! controls. `status` has its own screen (`status.rs`).

use std::fmt::Write;

use super::grid::{Cell, Column, Fit, Grid, KEEP, Paint, col, wrap_col};
use super::{Style, clean_line};
use crate::model::state::Status;
use crate::present::view::{OwnersView, TaskView};

/// A title: never dropped (it wraps well), narrowed after a due date and before an owner, and
/// not below `min` columns while another column can go instead.
fn title_col(min: usize) -> Column {
    Column {
        squeeze: 9,
        ..wrap_col("Title", KEEP, min)
    }
}

/// What a status means, in colour: done green, waived dim, overdue red.
pub fn status_paint(status: Status, overdue: bool) -> Paint {
    match status {
        Status::Done => Paint::Green,
        Status::Waived | Status::Retired => Paint::Dim,
        Status::Outstanding if overdue => Paint::Red,
        Status::Outstanding => Paint::Plain,
    }
}

/// The due date, `(overdue)` after it when it has passed (red on a terminal).
pub fn due_cell(t: &TaskView) -> Cell {
    match (&t.due, t.overdue) {
        (Some(d), true) => Cell::new(format!("{d} (overdue)")).paint(Paint::Red),
        (Some(d), false) => Cell::new(d.clone()),
        (None, _) => Cell::new(""),
    }
}

pub fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map(|s| clean_line(s).into_owned())
        .unwrap_or_default()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Items under a heading per phase; a Status column only when their statuses differ.
pub fn list(tasks: &[TaskView], style: Style) -> String {
    if tasks.is_empty() {
        return "No items match.\n".to_string();
    }
    let statuses_differ = tasks.iter().any(|t| t.status != tasks[0].status);
    let mut t = Grid::new(vec![
        col("ID", Fit::Whole, KEEP),
        col("Status", Fit::Whole, KEEP),
        title_col(30),
        wrap_col("Owner", 3, 8),
        // A due date wraps its "(overdue)" under it before a title wraps.
        Column {
            squeeze: u8::MAX,
            ..wrap_col("Due", 5, 10)
        },
    ]);
    t.indent = 2;
    t.header = false;
    let mut phase = None;
    for task in tasks {
        if phase != Some(&task.phase) {
            phase = Some(&task.phase);
            t.heading(clean_line(&task.phase), Paint::Bold);
        }
        let mut title = clean_line(&task.title).into_owned();
        if super::mark_optional(&task.title, task.required) {
            title.push_str(" (optional)");
        }
        if let Some(by) = &task.added_by {
            let _ = write!(title, " (added by {})", clean_line(by));
        }
        let status = if statuses_differ {
            Cell::new(task.status.as_str()).paint(status_paint(task.status, task.overdue))
        } else {
            Cell::new("")
        };
        let paint = match task.status {
            Status::Waived | Status::Retired => Paint::Dim,
            _ => Paint::Plain,
        };
        t.row_painted(
            vec![
                Cell::new(&task.id),
                status,
                Cell::new(title),
                Cell::new(opt(&task.owner)),
                due_cell(task),
            ],
            paint,
        );
    }
    let mut out = t.render(style.width, style.color);
    let _ = write!(out, "\n{}", plural(tasks.len(), "item", "items"));
    if !statuses_differ {
        let _ = write!(out, ", all {}", tasks[0].status.as_str());
    }
    out.push('\n');
    for task in tasks {
        if let Some(asked) = &task.added_as {
            let _ = writeln!(
                out,
                "note: {} was added as `{}`, an id another item already had",
                task.id,
                clean_line(asked)
            );
        }
    }
    out
}

/// Owners with their open and overdue items.
pub fn owners(v: &OwnersView, style: Style) -> String {
    if v.owners.is_empty() {
        return "No open items.\n".to_string();
    }
    let mut t = Grid::new(vec![
        wrap_col("Owner", KEEP, 20),
        col("Open", Fit::Right, KEEP),
        col("Overdue", Fit::Right, KEEP),
    ]);
    for o in &v.owners {
        let overdue = Cell::new(o.overdue.to_string()).paint(if o.overdue > 0 {
            Paint::Red
        } else {
            Paint::Plain
        });
        t.row(vec![
            Cell::new(o.owner.as_deref().map_or("(nobody)".into(), clean_line)),
            Cell::new(o.open.to_string()),
            overdue,
        ]);
    }
    t.render(style.width, style.color)
}
