//! Human output of `status` and `list`: plain tables fitted to the width (`grid`), colour only
//! when allowed, and every piece of user text cleaned of terminal controls.

use std::fmt::Write;

use super::grid::{Cell, Column, Fit, Grid, KEEP, Paint, col, wrap_col};
use super::{Style, bar, clean_line};
use crate::model::state::Status;
use crate::present::view::{OwnersView, PhaseView, StatusView, TaskView};

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

pub fn status(v: &StatusView, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Tracker:     {}", clean_line(&v.tracker));
    if !v.exists {
        out.push_str("             (nothing recorded yet: the first change creates it)\n");
    }
    let _ = writeln!(
        out,
        "Engagement:  {}",
        v.name
            .as_deref()
            .map(clean_line)
            .unwrap_or("(unnamed)".into())
    );
    let seq: Vec<&PhaseView> = v
        .phases
        .iter()
        .filter(|p| p.phase != crate::model::catalog::GENERAL)
        .collect();
    let phase_line = match seq.iter().position(|p| p.current) {
        Some(i) => format!("{} ({} of {})", v.current_phase, i + 1, seq.len()),
        None if v.open_required > 0 && v.forced => format!(
            "{} (forced: {} open)",
            v.current_phase,
            plural(v.open_required, "required item", "required items")
        ),
        None if v.open_required > 0 => format!(
            "{} ({} reopened since)",
            v.current_phase,
            plural(v.open_required, "required item", "required items")
        ),
        None => v.current_phase.clone(),
    };
    let _ = writeln!(out, "Phase:       {phase_line}\n");
    out.push_str(&phase_table(v, style));
    match &v.next_phase {
        None if v.open_required > 0 => {
            let _ = writeln!(
                out,
                "\nThe engagement is complete, with {} open: `ftrack gate complete` lists them.",
                plural(v.open_required, "required item", "required items")
            );
        }
        None => out.push_str("\nThe engagement is complete.\n"),
        Some(next) if v.blockers.is_empty() => {
            let _ = writeln!(
                out,
                "\nNothing blocks the advance to {next}: run `ftrack advance`."
            );
        }
        Some(next) => {
            let _ = writeln!(
                out,
                "\nBlocking the advance to {next} ({}):",
                v.blockers.len()
            );
            out.push_str(&brief_table(&v.blockers, style));
            more(&mut out, v.blockers.len(), "ftrack advance --dry-run");
        }
    }
    if !v.overdue.is_empty() {
        let _ = writeln!(out, "\nOverdue ({}):", v.overdue.len());
        out.push_str(&brief_table(&v.overdue, style));
        more(&mut out, v.overdue.len(), "ftrack list --overdue");
    }
    if !v.unknown_phases.is_empty() {
        let names: Vec<String> = v
            .unknown_phases
            .keys()
            .map(|p| clean_line(p).into_owned())
            .collect();
        let text = format!(
            "Warning: the journal advanced to {}, which this catalog does not have (renamed or removed?); the phase shown may be behind. `ftrack doctor` explains.",
            names.join(", ")
        );
        out.push('\n');
        out.push_str(&super::grid::hanging("", &text, style.width));
    }
    for link in &v.symlinked {
        let _ = writeln!(
            out,
            "\nWarning: {} is a symbolic link; nothing is written to this tracker until it is a plain file or directory. `ftrack doctor` explains.",
            clean_line(link)
        );
    }
    for p in &v.passed_blocked {
        let _ = writeln!(
            out,
            "\nWarning: the engagement is past {}, but its gate is blocked again by {} (reopened during or after the advance); close them, or `ftrack doctor` explains.",
            clean_line(&p.phase),
            clean_line(&p.blockers.join(", "))
        );
    }
    if !v.orphans.is_empty() {
        out.push_str("\nOrphaned: the journal has events for ids this catalog does not have:\n");
        for (id, n) in &v.orphans {
            let _ = writeln!(
                out,
                "  {} ({})",
                clean_line(id),
                plural(*n, "event", "events")
            );
        }
        out.push_str(
            "  (`ftrack doctor` explains; add `aliases:` to the catalog to map renamed ids)\n",
        );
    }
    out
}

fn phase_table(v: &StatusView, style: Style) -> String {
    // Planned against actual only once a phase has a target date (`ftrack plan`).
    let planned = v.phases.iter().any(|p| p.target.is_some());
    let mut cols = vec![
        col("Phase", Fit::Whole, KEEP),
        col("Done", Fit::Right, 4),
        col("Waived", Fit::Right, 2),
        col("Open", Fit::Right, 3),
        col("Total", Fit::Right, 1),
        col("Progress", Fit::Whole, 5),
        col("Gate", Fit::Whole, 6),
    ];
    if planned {
        cols.push(col("Target", Fit::Whole, 7));
        cols.push(col("Advanced", Fit::Whole, 7));
    }
    let mut t = Grid::new(cols);
    for p in &v.phases {
        let mark = if p.current { "» " } else { "  " };
        let gate = Cell::new(p.gate).paint(if p.gate == "blocked" {
            Paint::Yellow
        } else {
            Paint::Plain
        });
        let mut cells = vec![
            Cell::new(format!("{mark}{}", p.phase)),
            Cell::new(p.done.to_string()),
            Cell::new(p.waived.to_string()),
            Cell::new(p.outstanding.to_string()),
            Cell::new(p.total.to_string()),
            Cell::new(format!("{} {:>3}%", bar(p.fraction(), 10), p.percent())),
            gate,
        ];
        if planned {
            cells.push(Cell::new(p.target.clone().unwrap_or_default()));
            cells.push(Cell::new(p.advanced.clone().unwrap_or_default()));
        }
        let paint = if p.current {
            Paint::Highlight
        } else {
            Paint::Plain
        };
        t.row_painted(cells, paint);
    }
    t.render(style.width, style.color)
}

/// Status lists at most this many blockers or overdue items; the rest are a command away.
const STATUS_ROWS: usize = 10;

fn more(out: &mut String, total: usize, command: &str) {
    if total > STATUS_ROWS {
        let _ = writeln!(
            out,
            "  … and {} more: `{command}` lists them all",
            total - STATUS_ROWS
        );
    }
}

/// Blockers or overdue items: id, title, owner, due; the phase only when they differ.
fn brief_table(tasks: &[TaskView], style: Style) -> String {
    let shown = &tasks[..tasks.len().min(STATUS_ROWS)];
    let phases_differ = shown.iter().any(|t| t.phase != shown[0].phase);
    let mut t = Grid::new(vec![
        col("ID", Fit::Whole, KEEP),
        col("Phase", Fit::Whole, 1),
        title_col(20),
        wrap_col("Owner", 3, 8),
        // A due date wraps its "(overdue)" under it before a title wraps.
        Column {
            squeeze: u8::MAX,
            ..wrap_col("Due", 5, 10)
        },
    ]);
    t.indent = 2;
    for task in shown {
        t.row(vec![
            Cell::new(&task.id),
            Cell::new(if phases_differ {
                task.phase.as_str()
            } else {
                ""
            }),
            Cell::new(clean_line(&task.title)),
            Cell::new(opt(&task.owner)),
            due_cell(task),
        ]);
    }
    t.render(style.width, style.color)
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
        if !task.required {
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
