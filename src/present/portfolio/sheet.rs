//! The portfolio for spreadsheets, one row per engagement: CSV (quoted and neutralised as the
//! report's CSV is, `report::csv::neutralise`) and an Excel sheet (real date cells, status
//! colours, an autofilter, a frozen header row, printable: landscape, one page wide, the
//! header row on every page). Text is written as text: a cell never becomes a formula.

use chrono::{Datelike, NaiveDate, Timelike};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::view::{PortfolioView, Row};
use super::{activity_words, status_word};
use crate::present::clean_doc;
use crate::present::report::csv::neutralise;
use crate::present::report::{Options, Paper};

/// The columns of both formats, in order.
pub const COLUMNS: [&str; 21] = [
    "status",
    "name",
    "path",
    "phase",
    "complete",
    "closed_percent",
    "open",
    "overdue",
    "total",
    "next_target",
    "next_target_phase",
    "next_target_days",
    "next_due",
    "next_due_item",
    "next_due_days",
    "last_change",
    "last_change_by",
    "last_change_event",
    "reasons",
    "since",
    "error",
];

/// The column of the closed fraction.
const PERCENT: usize = 5;

/// One cell's value, typed for Excel; CSV writes it as text.
enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(String),
    Time(String),
    Empty,
}

fn cells(r: &Row) -> Vec<Cell> {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    };
    let num = |n: Option<f64>| n.map_or(Cell::Empty, Cell::Number);
    let mut why = r.reasons.clone();
    if let Some(n) = r.pull.as_ref().and_then(|p| p.note.clone()) {
        why.push(n);
    }
    why.extend(r.notes.iter().map(|n| format!("note: {n}")));
    vec![
        Cell::Text(status_word(r).to_string()),
        text(&r.title()),
        text(&r.path),
        text(r.phase.as_deref().unwrap_or("")),
        if r.error.is_some() {
            Cell::Empty
        } else {
            Cell::Bool(r.complete)
        },
        num(r.progress.map(|p| p.fraction())),
        num(r.open.map(|n| n as f64)),
        num(r.overdue.map(|n| n as f64)),
        num(r.progress.map(|p| p.total as f64)),
        r.next_target
            .as_ref()
            .map_or(Cell::Empty, |t| Cell::Date(t.date.clone())),
        text(r.next_target.as_ref().map_or("", |t| t.phase.as_str())),
        num(r.next_target.as_ref().map(|t| t.days as f64)),
        r.next_due
            .as_ref()
            .map_or(Cell::Empty, |d| Cell::Date(d.date.clone())),
        text(r.next_due.as_ref().map_or("", |d| d.id.as_str())),
        num(r.next_due.as_ref().map(|d| d.days as f64)),
        r.last_change
            .as_ref()
            .map_or(Cell::Empty, |c| Cell::Time(c.at.clone())),
        text(r.last_change.as_ref().map_or("", |c| c.by.as_str())),
        text(r.last_change.as_ref().map_or("", |c| c.event)),
        // One line a phase (a reason holds "; " of its own).
        text(&why.join("\n")),
        text(&r.activity.as_ref().map(activity_words).unwrap_or_default()),
        text(r.error.as_ref().map_or("", |e| e.message.as_str())),
    ]
}

/// `bom`: start with a UTF-8 byte-order mark, so that Excel's default import reads UTF-8.
pub fn csv(v: &PortfolioView, bom: bool) -> anyhow::Result<Vec<u8>> {
    let mut w = crate::present::report::csv::writer(bom);
    w.write_record(COLUMNS)?;
    for r in &v.engagements {
        let row: Vec<String> = cells(r)
            .into_iter()
            .enumerate()
            .map(|(k, c)| match c {
                // A whole percentage, as everywhere else (the sheet formats the fraction).
                Cell::Number(n) if k == PERCENT => format!("{:.0}", n * 100.0),
                Cell::Text(s) | Cell::Date(s) | Cell::Time(s) => neutralise(&s),
                Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
                Cell::Number(n) => format!("{n}"),
                Cell::Bool(b) => b.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The most characters an Excel cell holds.
const CELL_MAX: usize = 32_767;

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The sheet's headings, for people.
const HEADINGS: [&str; 21] = [
    "Status",
    "Engagement",
    "Folder",
    "Phase",
    "Complete",
    "Closed",
    "Open",
    "Overdue",
    "Items",
    "Next target",
    "Target phase",
    "Days to target",
    "Next due",
    "Item due",
    "Days to due",
    "Last change",
    "By",
    "Event",
    "Why",
    "Since",
    "Error",
];
/// Wide enough for what the columns usually hold, narrow enough that one printed page is
/// readable; the long texts (the name, the folder, the reasons, the activity, the error) wrap
/// in their cells, in rows made tall enough for them, so that a printed page loses nothing.
const WIDTHS: [f64; 21] = [
    8.0, 26.0, 22.0, 10.0, 9.0, 7.0, 6.0, 8.0, 6.0, 11.0, 10.0, 8.0, 11.0, 20.0, 8.0, 16.0, 12.0,
    8.0, 44.0, 22.0, 30.0,
];

pub fn xlsx(v: &PortfolioView, o: &Options) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Portfolio")?;
    write_sheet(ws, v, o)?;
    Ok(wb.save_to_buffer()?)
}

/// The columns whose text wraps: the engagement, its folder, why, since, the error.
const WRAPPED: [u16; 5] = [1, 2, 18, 19, 20];

/// A line's height in points, and the tallest row Excel holds.
const ROW_POINTS: f64 = 15.0;
const MAX_ROW_POINTS: f64 = 409.0;

fn write_sheet(ws: &mut Worksheet, v: &PortfolioView, o: &Options) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8E8E8));
    // Every cell at the top of its row, beside the wrapped texts.
    let top = || Format::new().set_align(FormatAlign::Top);
    let plain = top();
    let wrap = top().set_text_wrap();
    let date = top().set_num_format("yyyy-mm-dd");
    let time = top().set_num_format("yyyy-mm-dd hh:mm");
    let percent = top().set_num_format("0%");
    // LibreOffice shows a boolean in the General format as 0 or 1.
    let boolean = top().set_num_format("\"TRUE\";\"TRUE\";\"FALSE\"");
    let rag = |bg: u32, fg: u32| {
        Format::new()
            .set_align(FormatAlign::Top)
            .set_bold()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
            .set_align(FormatAlign::Center)
    };
    let colours = [
        ("red", rag(0xB71C1C, 0xFFFFFF)),
        ("amber", rag(0xF9A825, 0x000000)),
        ("green", rag(0x2E7D32, 0xFFFFFF)),
        ("error", rag(0xFFFFFF, 0xB71C1C)),
    ];
    for (c, h) in HEADINGS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, WIDTHS[c])?;
    }
    for (k, r) in v.engagements.iter().enumerate() {
        let row = 1 + k as u32;
        let mut lines = 1;
        for (c, cell) in cells(r).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if c == 0 => {
                    let f = &colours
                        .iter()
                        .find(|(w, _)| *w == s)
                        .map_or(&head, |x| &x.1);
                    ws.write_string_with_format(row, c, s, f)?;
                }
                Cell::Text(s) if WRAPPED.contains(&c) => {
                    let s = clean_doc(&s);
                    let s: String = s.chars().take(CELL_MAX).collect();
                    // A little under the column's width in characters: never too short a row.
                    let room = (WIDTHS[usize::from(c)] * 0.9) as usize;
                    lines = lines.max(textwrap::wrap(&s, room.max(8)).len());
                    ws.write_string_with_format(row, c, s, &wrap)?;
                }
                Cell::Text(s) => {
                    let s = clean_doc(&s);
                    let s: String = s.chars().take(CELL_MAX).collect();
                    ws.write_string_with_format(row, c, s, &plain)?;
                }
                Cell::Number(n) if usize::from(c) == PERCENT => {
                    ws.write_number_with_format(row, c, n, &percent)?;
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(row, c, n, &plain)?;
                }
                Cell::Bool(b) => {
                    ws.write_boolean_with_format(row, c, b, &boolean)?;
                }
                Cell::Date(s) => match NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .ok()
                    .map(excel_date)
                {
                    Some(Ok(d)) => {
                        ws.write_datetime_with_format(row, c, d, &date)?;
                    }
                    _ => {
                        ws.write_string_with_format(row, c, clean_doc(&s), &plain)?;
                    }
                },
                Cell::Time(s) => {
                    let at = o.zone.at(&s).map(|t| t.naive_local()).and_then(|t| {
                        excel_date(t.date())
                            .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second()))
                            .ok()
                    });
                    match at {
                        Some(t) => ws.write_datetime_with_format(row, c, t, &time)?,
                        None => ws.write_string_with_format(row, c, clean_doc(&s), &plain)?,
                    };
                }
                Cell::Empty => {}
            }
        }
        if lines > 1 {
            ws.set_row_height(row, (ROW_POINTS * lines as f64).min(MAX_ROW_POINTS))?;
        }
    }
    let last = v.engagements.len().max(1) as u32;
    ws.autofilter(0, 0, last, (HEADINGS.len() - 1) as u16)?;
    ws.set_freeze_panes(1, 0)?;
    // Printable as the report's sheets are: landscape on the paper asked for, one page wide
    // (as many down as it takes), the header row on every page, only the table, gridlines,
    // "Portfolio" and the time in the header, "Page N of M" in the footer.
    let paper = match o.paper {
        Paper::A4 => 9,
        Paper::Letter => 1,
    };
    ws.set_landscape()
        .set_paper_size(paper)
        .set_print_fit_to_pages(1, 0)
        .set_print_gridlines(true)
        .set_header(format!(
            "&L&\"-,Bold\"Portfolio&R{}",
            o.zone.human(&v.generated_at).replace('&', "&&")
        ))
        .set_footer("&CPage &P of &N");
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_area(0, 0, last, (HEADINGS.len() - 1) as u16)?;
    Ok(())
}
