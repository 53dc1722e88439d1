//! Human output for the terminal: tables fitted to the width, colour only when allowed, and
//! every piece of user text cleaned of terminal controls.

use std::fmt::Write;

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::{Style, bar, clean, clean_line};
use crate::model::event::{Event, Op};
use crate::model::state::Status;
use crate::present::view::{PhaseView, ShowView, StatusView, TaskView, rfc3339};

fn table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic);
    if style.color {
        t.enforce_styling();
    }
    if let Some(w) = style.width {
        t.set_width(w);
    }
    t.set_header(
        header
            .iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    t
}

fn status_cell(style: Style, status: Status, overdue: bool) -> Cell {
    let cell = Cell::new(status.as_str());
    if !style.color {
        return cell;
    }
    match status {
        Status::Done => cell.fg(Color::Green),
        Status::Waived | Status::Retired => cell.fg(Color::DarkGrey),
        Status::Outstanding if overdue => cell.fg(Color::Red),
        Status::Outstanding => cell.fg(Color::Yellow),
    }
}

fn due_text(t: &TaskView) -> String {
    match (&t.due, t.overdue) {
        (Some(d), true) => format!("{d} (overdue)"),
        (Some(d), false) => d.clone(),
        (None, _) => String::new(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map(|s| clean_line(s).into_owned())
        .unwrap_or_default()
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
        None => v.current_phase.clone(),
    };
    let _ = writeln!(out, "Phase:       {phase_line}");
    out.push('\n');
    // Planned against actual only once a phase has a target date (`ftrack plan`).
    let planned = v.phases.iter().any(|p| p.target.is_some());
    let mut head = vec![
        "Phase",
        "Done",
        "Waived",
        "Outstanding",
        "Total",
        "Progress",
        "Gate",
    ];
    if planned {
        head.extend(["Target", "Advanced"]);
    }
    let mut t = table(style, &head);
    for p in &v.phases {
        let name = if p.current {
            format!("» {}", p.phase)
        } else {
            format!("  {}", p.phase)
        };
        let gate = if style.color && p.gate == "blocked" {
            Cell::new(p.gate).fg(Color::Yellow)
        } else {
            Cell::new(p.gate)
        };
        let mut row = vec![
            Cell::new(name),
            Cell::new(p.done),
            Cell::new(p.waived),
            Cell::new(p.outstanding),
            Cell::new(p.total),
            Cell::new(format!(
                "{} {:>3.0}%",
                bar(p.fraction(), 10),
                p.fraction() * 100.0
            )),
            gate,
        ];
        if planned {
            row.push(Cell::new(p.target.as_deref().unwrap_or("")));
            row.push(Cell::new(p.advanced.as_deref().unwrap_or("")));
        }
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    match &v.next_phase {
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
            let _ = writeln!(out, "{}", brief_table(&v.blockers, style));
            more(&mut out, v.blockers.len(), "ftrack advance --dry-run");
        }
    }
    if !v.overdue.is_empty() {
        let _ = writeln!(out, "\nOverdue ({}):", v.overdue.len());
        let _ = writeln!(out, "{}", brief_table(&v.overdue, style));
        more(&mut out, v.overdue.len(), "ftrack list --overdue");
    }
    if !v.unknown_phases.is_empty() {
        let names: Vec<String> = v
            .unknown_phases
            .keys()
            .map(|p| clean_line(p).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "\nWarning: the journal advanced to {}, which this catalog does not have (renamed or removed?); the phase shown may be behind. `ftrack doctor` explains.",
            names.join(", ")
        );
    }
    for link in &v.symlinked {
        let _ = writeln!(
            out,
            "\nWarning: {} is a symbolic link; nothing is written to this tracker until it is a plain file. `ftrack doctor` explains.",
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
        let _ = writeln!(
            out,
            "\nOrphaned: the journal has events for ids this catalog does not have:"
        );
        for (id, n) in &v.orphans {
            let _ = writeln!(
                out,
                "  {} ({n} event{})",
                clean_line(id),
                if *n == 1 { "" } else { "s" }
            );
        }
        out.push_str(
            "  (`ftrack doctor` explains; add `aliases:` to the catalog to map renamed ids)\n",
        );
    }
    out
}

/// Status lists at most this many blockers or overdue items; the rest are a command away.
const STATUS_ROWS: usize = 15;

fn more(out: &mut String, total: usize, command: &str) {
    if total > STATUS_ROWS {
        let _ = writeln!(
            out,
            "… and {} more: `{command}` lists them all",
            total - STATUS_ROWS
        );
    }
}

fn brief_table(tasks: &[TaskView], style: Style) -> Table {
    let mut t = table(style, &["ID", "Phase", "Title", "Owner", "Due"]);
    for task in tasks.iter().take(STATUS_ROWS) {
        t.add_row(vec![
            Cell::new(&task.id),
            Cell::new(&task.phase),
            Cell::new(clean_line(&task.title)),
            Cell::new(opt(&task.owner)),
            Cell::new(due_text(task)),
        ]);
    }
    t
}

pub fn list(tasks: &[TaskView], style: Style) -> String {
    if tasks.is_empty() {
        return "No items match.\n".to_string();
    }
    let mut t = table(style, &["ID", "Phase", "Status", "Title", "Owner", "Due"]);
    for task in tasks {
        let mut title = clean_line(&task.title).into_owned();
        if !task.required {
            title.push_str(" (optional)");
        }
        if let Some(by) = &task.added_by {
            let _ = write!(title, " (added by {})", clean_line(by));
        }
        t.add_row(vec![
            Cell::new(&task.id),
            Cell::new(&task.phase),
            status_cell(style, task.status, task.overdue),
            Cell::new(title),
            Cell::new(opt(&task.owner)),
            Cell::new(due_text(task)),
        ]);
    }
    let mut out = format!(
        "{t}\n{} item{}\n",
        tasks.len(),
        if tasks.len() == 1 { "" } else { "s" }
    );
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

pub fn show(v: &ShowView) -> String {
    let t = &v.task;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", t.id, clean_line(&t.title));
    let group = v
        .group
        .as_deref()
        .map(|g| format!(" / {}", clean_line(g)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Phase:    {}{group} ({})",
        t.phase,
        if t.required { "required" } else { "optional" }
    );
    let state = match (t.status, &t.done_by, &t.done_at) {
        (Status::Outstanding, _, _) => "outstanding".to_string(),
        (s, Some(by), Some(at)) => format!("{} by {} at {at}", s.as_str(), clean_line(by)),
        (s, _, _) => s.as_str().to_string(),
    };
    let _ = writeln!(out, "Status:   {state}");
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
        let _ = writeln!(
            out,
            "Added:    by {} at {} for this engagement only{renamed}",
            clean_line(by),
            opt(&t.added_at)
        );
    }
    let _ = writeln!(
        out,
        "Owner:    {}",
        t.owner.as_deref().map(clean_line).unwrap_or("-".into())
    );
    let _ = writeln!(
        out,
        "Due:      {}",
        if t.due.is_some() {
            due_text(t)
        } else {
            "-".into()
        }
    );
    if let Some(note) = &t.note {
        let label = if matches!(t.status, Status::Waived | Status::Retired) {
            "Reason"
        } else {
            "Note"
        };
        let _ = writeln!(
            out,
            "{label}:{}{}",
            " ".repeat(9 - label.len()),
            indent(note)
        );
    }
    if !v.aliases.is_empty() {
        let _ = writeln!(out, "Aliases:  {}", v.aliases.join(", "));
    }
    let _ = writeln!(out, "\n{}", clean(&t.text));
    if let Some(note) = &v.catalog_note {
        let _ = writeln!(out, "\nNote: {}", clean(note));
    }
    out.push_str("\nHistory:\n");
    if v.history.is_empty() {
        out.push_str("  (none)\n");
    }
    for e in &v.history {
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            rfc3339(e.at),
            clean_line(&e.by),
            describe(e, false)
        );
    }
    out
}

fn indent(s: &str) -> String {
    clean(s).replace('\n', "\n          ")
}

/// One event in words; `with_task` names the task too (for the whole log).
pub fn describe(e: &Event, with_task: bool) -> String {
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
        Op::Advance => {
            let _ = write!(s, " {} → {}", opt(&e.from), opt(&e.to));
            if e.forced {
                let _ = write!(s, " (forced: {})", opt(&e.reason));
            }
        }
        Op::Assign => {
            if let Some(o) = &e.owner {
                let _ = write!(
                    s,
                    " owner: {}",
                    if o.is_empty() {
                        "(none)".into()
                    } else {
                        clean_line(o)
                    }
                );
            }
            if let Some(d) = &e.due {
                let _ = write!(s, " due: {}", if d.is_empty() { "(none)" } else { d });
            }
        }
        Op::Waive | Op::Retire => {
            let _ = write!(s, " reason: {}", opt(&e.reason));
        }
        Op::Plan => {
            let d = e.due.as_deref().filter(|d| !d.is_empty());
            if e.task.is_none() && with_task {
                let _ = write!(s, " {}", opt(&e.phase));
            }
            let _ = write!(s, " target: {}", d.unwrap_or("(none)"));
        }
        Op::Add => {
            let _ = write!(
                s,
                " to {}: {}{}",
                opt(&e.phase),
                opt(&e.title),
                if e.optional { " (optional)" } else { "" }
            );
        }
        Op::Done | Op::Reopen => {
            if let Some(at) = e.done_at {
                let _ = write!(s, " (done at {})", rfc3339(at));
            }
            if let Some(n) = &e.note {
                let _ = write!(s, " note: {}", clean_line(n));
            }
        }
    }
    s
}

pub fn log(events: &[Event]) -> String {
    if events.is_empty() {
        return "No events.\n".to_string();
    }
    let mut out = String::new();
    for e in events {
        let _ = writeln!(
            out,
            "{}  {}  {}",
            rfc3339(e.at),
            clean_line(&e.by),
            describe(e, true)
        );
    }
    out
}
