//! Human output of `status`: one screen (the width and height of the terminal, else 80×24) at
//! every stage of an engagement. The phase table always keeps Done, Waived, Open and Total
//! (the progress bar narrows first); blockers of the next advance come one line each (id and
//! title cut with "…", owner and due date when set), then the overdue items that are not
//! blockers; what does not fit is a "+N more" line naming the command that lists it all.

use std::fmt::Write;

use chrono::NaiveDate;

use super::grid::{Cell, Fit, Grid, KEEP, Paint, col};
use super::wrap::{cut, fit};
use super::{Style, bar, clean_line};
use crate::present::view::{PhaseView, StatusView, TaskView};

/// Rows kept free below the screen's height: the command line typed and the next prompt.
const PROMPT_ROWS: usize = 2;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn status(v: &StatusView, style: Style) -> String {
    let mut head = String::new();
    let _ = writeln!(head, "Tracker:     {}", clean_line(&v.tracker));
    if !v.exists {
        head.push_str("             (nothing recorded yet: the first change creates it)\n");
    }
    let name = v.name.as_deref().map(clean_line);
    let _ = writeln!(head, "Engagement:  {}", name.unwrap_or("(unnamed)".into()));
    let _ = writeln!(head, "Phase:       {}\n", phase_line(v));
    head.push_str(&phase_table(v, style));
    let w = style.width;
    let (sections, closing) = sections(v, w);
    let head = fit(&head, w);
    let tail = fit(&warnings(v), w);
    let closing = fit(&closing, w);
    let fixed = rows(&head, w) + rows(&closing, w) + rows(&tail, w);
    let room = style.height.saturating_sub(PROMPT_ROWS + fixed);
    let shown = allot(&sections, room);
    let today = v.today.parse().ok();
    let visible: Vec<&TaskView> = sections
        .iter()
        .zip(&shown)
        .flat_map(|(s, &n)| s.rows[..n].iter().copied())
        .collect();
    let columns = Columns::of(&visible, today, w);
    let mut out = head;
    out.push_str(&closing);
    for (s, &n) in sections.iter().zip(&shown) {
        if s.rows.is_empty() {
            continue;
        }
        let _ = write!(out, "\n{}", s.heading);
        out.push_str(&columns.rows(&s.rows[..n], today, style));
        if n < s.rows.len() {
            out.push_str(&s.more(n));
        }
    }
    out.push_str(&tail);
    out
}

/// The terminal rows `s` takes at `width` columns (a line wider than that, such as a long
/// path, takes more than one).
fn rows(s: &str, width: usize) -> usize {
    s.lines()
        .map(|l| {
            textwrap::core::display_width(l)
                .div_ceil(width.max(1))
                .max(1)
        })
        .sum()
}

/// "assess (2 of 4)", "complete (forced: 16 required items open)".
fn phase_line(v: &StatusView) -> String {
    let seq: Vec<&PhaseView> = v
        .phases
        .iter()
        .filter(|p| p.phase != crate::model::catalog::GENERAL)
        .collect();
    let open = plural(v.open_required, "required item", "required items");
    match seq.iter().position(|p| p.current) {
        Some(i) => format!("{} ({} of {})", v.current_phase, i + 1, seq.len()),
        None if v.open_required > 0 && v.forced => {
            format!("{} (forced: {open} open)", v.current_phase)
        }
        None if v.open_required > 0 => format!("{} ({open} reopened since)", v.current_phase),
        None => v.current_phase.clone(),
    }
}

/// A list of items under a heading (fitted to the width), and the command that lists them all.
struct Section<'a> {
    heading: String,
    rows: Vec<&'a TaskView>,
    command: &'static str,
    width: usize,
}

impl Section<'_> {
    /// "  +N more: COMMAND" when only `shown` rows are, fitted to the width.
    fn more(&self, shown: usize) -> String {
        let line = format!("  +{} more: {}\n", self.rows.len() - shown, self.command);
        fit(&line, self.width)
    }

    /// The lines the section takes with `shown` rows: a blank line, its heading, one line per
    /// row, and the "+N more" line when cut.
    fn cost(&self, shown: usize) -> usize {
        if self.rows.is_empty() {
            return 0;
        }
        let more = if shown < self.rows.len() {
            rows(&self.more(shown), self.width)
        } else {
            0
        };
        1 + rows(&self.heading, self.width) + shown + more
    }
}

/// The blockers of the next advance, then the overdue items that are not among them; and the
/// line that closes the phase table (what blocks, or that nothing does).
fn sections(v: &StatusView, width: usize) -> (Vec<Section<'_>>, String) {
    let blocking: Vec<&TaskView> = v.blockers.iter().collect();
    let overdue: Vec<&TaskView> = v
        .overdue
        .iter()
        .filter(|t| !v.blockers.iter().any(|b| b.id == t.id))
        .collect();
    let closing = match &v.next_phase {
        None if v.open_required > 0 => format!(
            "\nThe engagement is complete, with {} open: `ftrack gate complete` lists them.\n",
            plural(v.open_required, "required item", "required items")
        ),
        None => "\nThe engagement is complete.\n".to_string(),
        Some(next) if v.blockers.is_empty() => {
            format!("\nNothing blocks the advance to {next}: run `ftrack advance`.\n")
        }
        Some(_) => String::new(),
    };
    let late = blocking.iter().filter(|t| t.overdue).count();
    let heading = match &v.next_phase {
        Some(next) if late > 0 => format!(
            "Blocking the advance to {next} ({}, {late} overdue):",
            blocking.len()
        ),
        Some(next) => format!("Blocking the advance to {next} ({}):", blocking.len()),
        None => String::new(),
    };
    let also = if blocking.is_empty() {
        format!("Overdue ({}):", overdue.len())
    } else {
        format!("Also overdue ({}):", overdue.len())
    };
    let sections = vec![
        Section {
            heading: fit(&format!("{heading}\n"), width),
            rows: blocking,
            command: "ftrack gate",
            width,
        },
        Section {
            heading: fit(&format!("{also}\n"), width),
            rows: overdue,
            command: "ftrack list --overdue",
            width,
        },
    ];
    (sections, closing)
}

/// How many rows of each section fit in `room` lines (each shown section also takes a blank
/// line, its heading and, when cut, a "+N more" line): the overdue list gives way first down
/// to two rows, then the blockers down to three, then each to none.
fn allot(sections: &[Section], room: usize) -> Vec<usize> {
    let mut shown: Vec<usize> = sections.iter().map(|s| s.rows.len()).collect();
    let used =
        |shown: &[usize]| -> usize { sections.iter().zip(shown).map(|(s, &n)| s.cost(n)).sum() };
    for (s, floor) in [(1, 2), (0, 3), (1, 0), (0, 0)] {
        let floor = floor.min(sections[s].rows.len());
        while used(&shown) > room && shown[s] > floor {
            shown[s] -= 1;
        }
    }
    shown
}

/// The columns of the item lines, shared by every section so that they line up: each as wide
/// as its longest value, the id up to a quarter of the width and the owner up to an eighth;
/// the title gets the rest. A column nobody has a value for is left out.
struct Columns {
    id: usize,
    title: usize,
    owner: usize,
    due: usize,
}

impl Columns {
    fn of(tasks: &[&TaskView], today: Option<NaiveDate>, width: usize) -> Columns {
        let longest =
            |f: &dyn Fn(&TaskView) -> usize| tasks.iter().map(|t| f(t)).max().unwrap_or(0);
        let shown = |s: &str| textwrap::core::display_width(&clean_line(s));
        let id = longest(&|t| shown(&t.id)).min((width / 4).max(12));
        let mut owner = longest(&|t| t.owner.as_deref().map_or(0, shown)).min((width / 8).max(6));
        let mut due = longest(&|t| due(t, today).len());
        // The indent, the id, and a gap before each column after it.
        let taken = |owner: usize, due: usize| {
            2 + id
                + [owner, due]
                    .iter()
                    .filter(|&&c| c > 0)
                    .map(|c| c + 2)
                    .sum::<usize>()
        };
        // On a narrow screen the owner goes first, then the due date: a line never wraps.
        if width.saturating_sub(taken(owner, due) + 2) < 12 {
            owner = 0;
        }
        if width.saturating_sub(taken(owner, due) + 2) < 12 {
            due = 0;
        }
        let room = width.saturating_sub(taken(owner, due) + 2).max(1);
        let title = longest(&|t| shown(&t.title)).min(room);
        Columns {
            id,
            title,
            owner,
            due,
        }
    }

    /// One line per item: id, title, owner, due date, each cut to its column.
    fn rows(&self, tasks: &[&TaskView], today: Option<NaiveDate>, style: Style) -> String {
        let mut out = String::new();
        // A row with neither owner nor due date gives its title their room too.
        let wide = style.width.saturating_sub(2 + self.id + 2).max(self.title);
        for t in tasks {
            let mut line = format!("  {}", pad(&cut(&clean_line(&t.id), self.id), self.id));
            if (t.owner.is_none() || self.owner == 0) && (t.due.is_none() || self.due == 0) {
                let _ = writeln!(out, "{line}  {}", cut(&clean_line(&t.title), wide));
                continue;
            }
            let _ = write!(
                line,
                "  {}",
                pad(&cut(&clean_line(&t.title), self.title), self.title)
            );
            if self.owner > 0 {
                let owner = t.owner.as_deref().map(clean_line).unwrap_or_default();
                let _ = write!(line, "  {}", pad(&cut(&owner, self.owner), self.owner));
            }
            if self.due > 0 {
                let paint = if t.overdue { Paint::Red } else { Paint::Plain };
                let _ = write!(line, "  {}", paint.apply(&due(t, today), style.color));
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}

/// `text` padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let w = textwrap::core::display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The due date, or how long it is overdue ("8d overdue") by `today`.
fn due(t: &TaskView, today: Option<NaiveDate>) -> String {
    let date = t.due.as_deref().and_then(|d| d.parse::<NaiveDate>().ok());
    match (&t.due, date, today) {
        (Some(_), Some(d), Some(today)) if t.overdue => {
            format!("{}d overdue", (today - d).num_days())
        }
        (Some(d), _, _) => d.clone(),
        (None, _, _) => String::new(),
    }
}

/// The phase table: every phase with Done, Waived, Open and Total always, the progress bar as
/// wide as the width allows (10 cells, 5, or the percentage alone), the gate, and planned
/// against actual once a phase has a target date.
fn phase_table(v: &StatusView, style: Style) -> String {
    // The narrowest bar with which every column fits (the grid drops columns only past that).
    let fits = |cells: usize| {
        let natural = phase_grid(v, cells).render(usize::MAX / 2, false);
        natural
            .lines()
            .all(|l| textwrap::core::display_width(l) <= style.width)
    };
    let cells = [10, 5].into_iter().find(|&c| fits(c)).unwrap_or(0);
    phase_grid(v, cells).render(style.width, style.color)
}

fn phase_grid(v: &StatusView, cells: usize) -> Grid {
    let planned = v.phases.iter().any(|p| p.target.is_some());
    let mut cols = vec![
        col("Phase", Fit::Whole, KEEP),
        col("Done", Fit::Right, KEEP),
        col("Waived", Fit::Right, KEEP),
        col("Open", Fit::Right, KEEP),
        col("Total", Fit::Right, KEEP),
        // Without a bar, the percentage alone: closed (done or waived) of the total.
        if cells == 0 {
            col("Closed", Fit::Right, 6)
        } else {
            col("Progress", Fit::Whole, 6)
        },
        col("Gate", Fit::Whole, 7),
    ];
    // On a screen too narrow for every column, the dates go first, then the percentage and
    // the gate: Done, Waived, Open and Total always stay.
    if planned {
        cols.push(col("Target", Fit::Whole, 5));
        cols.push(col("Advanced", Fit::Whole, 4));
    }
    let mut t = Grid::new(cols);
    for p in &v.phases {
        let mark = if p.current { "» " } else { "  " };
        let gate = Cell::new(p.gate).paint(if p.gate == "blocked" {
            Paint::Yellow
        } else {
            Paint::Plain
        });
        let progress = if cells == 0 {
            format!("{:>3}%", p.percent())
        } else {
            format!("{} {:>3}%", bar(p.fraction(), cells), p.percent())
        };
        let mut row = vec![
            Cell::new(format!("{mark}{}", p.phase)),
            Cell::new(p.done.to_string()),
            Cell::new(p.waived.to_string()),
            Cell::new(p.outstanding.to_string()),
            Cell::new(p.total.to_string()),
            Cell::new(progress),
            gate,
        ];
        if planned {
            row.push(Cell::new(p.target.clone().unwrap_or_default()));
            row.push(Cell::new(p.advanced.clone().unwrap_or_default()));
        }
        let paint = if p.current {
            Paint::Highlight
        } else {
            Paint::Plain
        };
        t.row_painted(row, paint);
    }
    t
}

/// What the screen must say however little room is left: journal phases this catalog lacks,
/// symbolic links, phases passed but blocked again, orphaned ids.
fn warnings(v: &StatusView) -> String {
    let mut out = String::new();
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
