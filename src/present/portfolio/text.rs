//! The portfolio on a terminal: one line per engagement, worst first, and under a line that is
//! not green its reasons (a line per phase, cut with "…" to the width), then any note. At 80 columns the columns
//! are the colour, the engagement, its phase, progress, open and overdue counts, the next
//! target and the last change; a wider terminal gets a progress bar, dates beside the
//! distances, the full names of who changed what, and the folder of each engagement.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::view::{PortfolioView, Row};
use crate::model::health::Rag;
use crate::present::grid::Paint;
use crate::present::{Style, bar, clean_line};

/// Display width of cleaned text.
fn width(s: &str) -> usize {
    textwrap::core::display_width(s)
}

/// `s` cut to `w` columns, with "…" where it was cut.
pub fn cut(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// How much a layout shows, from the most to the least.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Compact,
    Bars,
    Dates,
    Paths,
}

struct Col {
    head: &'static str,
    right: bool,
    cells: Vec<String>,
    /// The engagement and last-change columns give way (cut with "…") down to this.
    give: Option<usize>,
}

/// "today", "in 3d", "3d late".
fn ahead(days: i64) -> String {
    match days {
        0 => "today".into(),
        d if d > 0 => format!("in {d}d"),
        d => format!("{}d late", -d),
    }
}

/// "today", "3d ago" (at 80 columns "3d": the column says "Changed").
fn ago(days: i64, long: bool) -> String {
    match days {
        ..=0 => "today".into(),
        d if long => format!("{d}d ago"),
        d => format!("{d}d"),
    }
}

fn columns(v: &PortfolioView, level: Level, style: Style, today: NaiveDate) -> Vec<Col> {
    let rows = &v.engagements;
    let col = |head, right, give, f: &dyn Fn(&Row) -> String| Col {
        head,
        right,
        cells: rows.iter().map(f).collect(),
        give,
    };
    let mut cols = vec![
        col("Status", false, None, &|r| {
            r.status.map_or("error", Rag::as_str).to_string()
        }),
        col("Engagement", false, Some(12), &|r| {
            clean_line(&r.title()).into_owned()
        }),
        col("Phase", false, None, &|r| {
            r.phase.clone().unwrap_or_default()
        }),
        col("Done", true, None, &|r| {
            r.progress.map_or(String::new(), |p| {
                if level >= Level::Bars {
                    format!("{} {:>3}%", bar(p.fraction(), 10), p.percent)
                } else {
                    format!("{}%", p.percent)
                }
            })
        }),
        col("Open", true, None, &|r| {
            r.open.map_or(String::new(), |n| n.to_string())
        }),
        col(
            if level >= Level::Bars {
                "Overdue"
            } else {
                "Late"
            },
            true,
            None,
            &|r| r.overdue.map_or(String::new(), |n| n.to_string()),
        ),
        col("Target", false, None, &|r| match &r.next_target {
            Some(t) if level >= Level::Dates => format!("{} {}", t.date, ahead(t.days)),
            Some(t) => ahead(t.days),
            None if r.error.is_some() => String::new(),
            None => "-".into(),
        }),
        col("Changed", false, Some(6), &|r| {
            let Some(c) = &r.last_change else {
                return String::new();
            };
            let at = DateTime::parse_from_rfc3339(&c.at).map(|t| style.date(t.with_timezone(&Utc)));
            let when = match at {
                Ok(d) => ago((today - d).num_days(), level >= Level::Bars),
                Err(_) => c.at.clone(),
            };
            format!("{when} {}", clean_line(&c.by))
        }),
    ];
    if level == Level::Paths {
        cols.push(col("Folder", false, None, &|r| {
            clean_line(&r.shown_path).into_owned()
        }));
    }
    cols
}

const GAP: usize = 2;

/// Widths for `cols` within `room`, or None when they do not fit. With `whole`, every column
/// must keep its whole text (the engagement up to 32 columns, the last change 16); otherwise the engagement and the
/// last change give way, down to their floors.
fn fit(cols: &[Col], room: usize, whole: bool) -> Option<Vec<usize>> {
    let natural: Vec<usize> = cols
        .iter()
        .map(|c| {
            c.cells
                .iter()
                .map(|s| width(s))
                .chain([c.head.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let gaps = GAP * cols.len().saturating_sub(1);
    let fixed: usize = cols
        .iter()
        .zip(&natural)
        .filter(|(c, _)| c.give.is_none())
        .map(|(_, w)| w)
        .sum();
    let rest = room.checked_sub(fixed + gaps)?;
    let at = |head: &str| cols.iter().position(|c| c.head == head);
    let name = at("Engagement")?;
    let floor = |i: usize| {
        cols[i]
            .give
            .unwrap_or(0)
            .max(cols[i].head.len())
            .min(natural[i])
    };
    let mut widths = natural.clone();
    let Some(changed) = at("Changed") else {
        // Narrow: the engagement takes what is left.
        widths[name] = rest.clamp(floor(name), natural[name].max(floor(name)));
        return (widths[name] <= rest).then_some(widths);
    };
    // The last change keeps up to 16 columns (12 when squeezed: "today tester", a long name
    // cut), the engagement takes the rest up to its whole name, then the last change the
    // remainder. A richer layout counts only if 32 columns of the engagement fit.
    let wanted = natural[changed]
        .min(if whole { 16 } else { 12 })
        .max(floor(changed));
    if whole && rest < natural[name].min(32) + wanted {
        return None;
    }
    widths[name] = rest
        .saturating_sub(wanted)
        .clamp(floor(name), natural[name].max(floor(name)));
    widths[changed] = rest
        .saturating_sub(widths[name])
        .clamp(floor(changed), natural[changed].max(floor(changed)));
    (widths[name] + widths[changed] <= rest).then_some(widths)
}

pub fn render(v: &PortfolioView, style: Style) -> String {
    let mut out = String::new();
    for l in crate::present::grid::wrap(&headline(v), style.width) {
        let _ = writeln!(out, "{l}");
    }
    if v.engagements.is_empty() {
        out.push_str(
            "No trackers found (a tracker is a folder holding .ftrack/; --depth N looks deeper).\n",
        );
        return out;
    }
    let now = DateTime::parse_from_rfc3339(&v.generated_at)
        .map_or_else(|_| Utc::now(), |t| t.with_timezone(&Utc));
    let today = style.date(now);
    let levels = [Level::Paths, Level::Dates, Level::Bars, Level::Compact];
    let (cols, widths) = levels
        .iter()
        .find_map(|&l| {
            let cols = columns(v, l, style, today);
            fit(&cols, style.width, l != Level::Compact).map(|w| (cols, w))
        })
        .unwrap_or_else(|| narrow(columns(v, Level::Compact, style, today), style.width));
    out.push('\n');
    let head: Vec<String> = cols.iter().map(|c| c.head.to_string()).collect();
    line(
        &mut out,
        &cols,
        &widths,
        &head,
        &|_| Paint::Bold,
        style.color,
    );
    let indent = widths[0] + GAP;
    let room = style.width.saturating_sub(indent).max(10);
    for (k, r) in v.engagements.iter().enumerate() {
        let cells: Vec<String> = cols.iter().map(|c| c.cells[k].clone()).collect();
        let paint = |i: usize| match i {
            0 => match (&r.error, r.status) {
                (Some(_), _) | (_, None) => Paint::Red,
                (_, Some(Rag::Red)) => Paint::Red,
                (_, Some(Rag::Amber)) => Paint::Yellow,
                (_, Some(Rag::Green)) => Paint::Green,
            },
            i if matches!(cols[i].head, "Late" | "Overdue") && r.overdue.unwrap_or(0) > 0 => {
                Paint::Red
            }
            _ => Paint::Plain,
        };
        line(&mut out, &cols, &widths, &cells, &paint, style.color);
        let paths = cols.iter().any(|c| c.head == "Folder");
        for (text, p) in under(r, v.since.as_deref(), style, paths) {
            let _ = writeln!(
                out,
                "{}{}",
                " ".repeat(indent),
                p.apply(&cut(&text, room), style.color)
            );
        }
    }
    out
}

/// Below 80 columns or so: the least useful columns go (the last change, the target, the open
/// count, the overdue count) until the rest fits; at the very least the colour, engagement,
/// phase and progress, cut as they must be.
fn narrow(mut cols: Vec<Col>, width: usize) -> (Vec<Col>, Vec<usize>) {
    for head in ["Changed", "Target", "Open", "Late"] {
        if let Some(w) = fit(&cols, width, false) {
            return (cols, w);
        }
        cols.retain(|c| c.head != head);
    }
    if let Some(w) = fit(&cols, width, false) {
        return (cols, w);
    }
    let widths = cols.iter().map(|c| c.head.len().max(5)).collect();
    (cols, widths)
}

/// "5 engagements: 1 unreadable, 1 red, 1 amber, 2 green", and the pulls.
fn headline(v: &PortfolioView) -> String {
    let t = &v.totals;
    let mut parts = Vec::new();
    for (n, what) in [
        (t.unreadable, "unreadable"),
        (t.red, "red"),
        (t.amber, "amber"),
        (t.green, "green"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let mut s = format!(
        "{} engagement{}{}{}",
        t.engagements,
        if t.engagements == 1 { "" } else { "s" },
        if parts.is_empty() { "" } else { ": " },
        parts.join(", ")
    );
    let pulls: Vec<&str> = v
        .engagements
        .iter()
        .filter_map(|r| r.pull.as_ref().map(|p| p.result))
        .collect();
    if !pulls.is_empty() {
        let n = |what: &str| pulls.iter().filter(|p| **p == what).count();
        let _ = write!(
            s,
            " · pulled {}, up to date {}, not pulled {}",
            n("pulled"),
            n("up-to-date"),
            n("skipped") + n("failed")
        );
    }
    s
}

/// The lines under a row: why it is not green (or why it could not be read), what changed
/// since `--since`, then notes.
fn under(r: &Row, since: Option<&str>, style: Style, paths: bool) -> Vec<(String, Paint)> {
    let mut lines = Vec::new();
    if r.name_repeats && !paths && r.error.is_none() {
        lines.push((format!("in {}", clean_line(&r.shown_path)), Paint::Dim));
    }
    if let Some(e) = &r.error {
        lines.push((
            format!("cannot read: {}", clean_line(&super::error_line(r, e))),
            Paint::Plain,
        ));
    }
    // One line per phase that is not green: the current phase's reason is never cut off
    // behind the general phase's.
    for reason in &r.reasons {
        lines.push((clean_line(reason).into_owned(), Paint::Plain));
    }
    if let (Some(a), Some(since)) = (&r.activity, since) {
        let day = DateTime::parse_from_rfc3339(since)
            .map(|t| style.date(t.with_timezone(&Utc)).to_string())
            .unwrap_or_default();
        lines.push((
            format!("since {day}: {}", super::activity_words(a)),
            Paint::Dim,
        ));
    }
    if let Some(note) = r.pull.as_ref().and_then(|p| p.note.as_ref()) {
        lines.push((clean_line(note).into_owned(), Paint::Dim));
    }
    for n in &r.notes {
        lines.push((format!("note: {}", clean_line(n)), Paint::Dim));
    }
    lines
}

/// One line of cells, padded to `widths` (cut with "…" where a column gives way).
fn line(
    out: &mut String,
    cols: &[Col],
    widths: &[usize],
    cells: &[String],
    paint: &dyn Fn(usize) -> Paint,
    color: bool,
) {
    let mut s = String::new();
    for (i, (c, &w)) in cols.iter().zip(widths).enumerate() {
        let text = cut(&cells[i], w);
        let pad = " ".repeat(w.saturating_sub(width(&text)));
        if i > 0 {
            s.push_str(&" ".repeat(GAP));
        }
        let shown = paint(i).apply(&text, color);
        if c.right {
            s.push_str(&pad);
            s.push_str(&shown);
        } else {
            s.push_str(&shown);
            s.push_str(&pad);
        }
    }
    let _ = writeln!(out, "{}", s.trim_end());
}
