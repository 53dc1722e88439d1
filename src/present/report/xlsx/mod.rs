//! The report as an Excel workbook (`rust_xlsxwriter`): a Summary sheet (the phase table with
//! data bars and status colours, the burn-up numbers and a native line chart of them), one
//! sheet per phase, an Items sheet with every item and its full text, and a Changes sheet.
//! Dates and times are real date cells (times in the report's zone, which the Summary names),
//! every table has an autofilter and a frozen header row, and every column is as wide as its
//! longest value up to a cap (long text wraps). Each sheet prints: landscape on the report's
//! paper, one page wide, its header row repeated on every page, its print area set, the title
//! and page numbers in the header and footer. Text is written as text: a cell never becomes a
//! formula.

mod cells;
mod summary;
mod tables;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Options, Paper, Rag, ReportView};
use crate::present::clean_doc;
use cells::{excel_date, excel_datetime, fit, sheet_name};

const DATE: &str = "yyyy-mm-dd";
const DATETIME: &str = "yyyy-mm-dd hh:mm";
/// The widest a column grows to fit its longest value, in pixels; longer text wraps.
const MAX_WIDTH: u32 = 300;
/// About how many characters of the default font a line of a `MAX_WIDTH` column holds (a
/// little under, so that a row is never too short for its text), and a line's height.
const WRAP_CHARS: usize = 40;
const ROW_POINTS: f64 = 15.0;
/// The tallest row Excel holds, in points: a cell cut to Excel's length may still need more.
const MAX_ROW_POINTS: f64 = 409.0;

/// The formats of the workbook, made once.
struct Styles {
    head: Format,
    /// Every data cell is aligned to the top, beside the wrapped text of its row.
    cell: Format,
    boolean: Format,
    date: Format,
    datetime: Format,
    percent: Format,
    title: Format,
    wrap: Format,
    red: Format,
    amber: Format,
    green: Format,
}

fn top() -> Format {
    Format::new().set_align(FormatAlign::Top)
}

impl Styles {
    fn new() -> Styles {
        let rag = |bg: u32, fg: u32| {
            Format::new()
                .set_bold()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top)
        };
        Styles {
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE8E8E8)),
            cell: top(),
            boolean: top().set_num_format("\"TRUE\";\"TRUE\";\"FALSE\""),
            date: top().set_num_format(DATE),
            datetime: top().set_num_format(DATETIME),
            percent: top().set_num_format("0%"),
            title: Format::new().set_bold().set_font_size(16),
            wrap: top().set_text_wrap(),
            red: rag(0xB71C1C, 0xFFFFFF),
            amber: rag(0xF9A825, 0x000000),
            green: rag(0x2E7D32, 0xFFFFFF),
        }
    }

    fn rag(&self, r: Rag) -> &Format {
        match r {
            Rag::Red => &self.red,
            Rag::Amber => &self.amber,
            Rag::Green => &self.green,
        }
    }
}

/// Writes cells of one sheet, turning the view's strings into text, dates and times.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    s: &'a Styles,
    o: &'a Options,
    /// Rows holding wrapped text, and the lines the longest of it takes.
    lines: BTreeMap<u32, usize>,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, s: &'a Styles, o: &'a Options) -> Sheet<'a> {
        Sheet {
            ws,
            s,
            o,
            lines: BTreeMap::new(),
        }
    }
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, v: &str) -> Result<(), XlsxError> {
        if !v.is_empty() {
            self.ws
                .write_string_with_format(r, c, fit(&clean_doc(v)), &self.s.cell)?;
        }
        Ok(())
    }

    fn boolean(&mut self, r: u32, c: u16, v: bool) -> Result<(), XlsxError> {
        self.ws
            .write_boolean_with_format(r, c, v, &self.s.boolean)?;
        Ok(())
    }

    /// Long text (a title, an item's text, a note): wrapped in its column, its row made tall
    /// enough for it (`fit_columns`).
    fn long(&mut self, r: u32, c: u16, v: &str) -> Result<(), XlsxError> {
        if !v.is_empty() {
            let text = clean_doc(v);
            let text = fit(&text);
            let lines = textwrap::wrap(&text, WRAP_CHARS).len();
            let most = self.lines.entry(r).or_default();
            *most = (*most).max(lines);
            self.ws.write_string_with_format(r, c, text, &self.s.wrap)?;
        }
        Ok(())
    }

    /// Text across columns `first..=last` of row `r`, merged and wrapped, the row made tall
    /// enough for it (the merged cells are at least `WRAP_CHARS` × 2 characters wide: two long
    /// text columns at their cap; written after `fit_columns`, so no column widens for it).
    fn across(&mut self, r: u32, first: u16, last: u16, v: &str) -> Result<(), XlsxError> {
        if v.is_empty() {
            return Ok(());
        }
        let text = clean_doc(v);
        let text = fit(&text);
        let lines = textwrap::wrap(&text, WRAP_CHARS * 2).len();
        self.ws
            .merge_range(r, first, r, last, &text, &self.s.wrap)?;
        if lines > 1 {
            self.ws
                .set_row_height(r, (ROW_POINTS * lines as f64).min(MAX_ROW_POINTS))?;
        }
        Ok(())
    }

    fn opt(&mut self, r: u32, c: u16, v: &Option<String>) -> Result<(), XlsxError> {
        self.text(r, c, v.as_deref().unwrap_or(""))
    }

    /// A YYYY-MM-DD date as a date cell (anything else as text).
    fn date(&mut self, r: u32, c: u16, v: &Option<String>) -> Result<(), XlsxError> {
        let Some(v) = v else { return Ok(()) };
        match NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .ok()
            .and_then(excel_date)
        {
            Some(d) => {
                self.ws.write_datetime_with_format(r, c, d, &self.s.date)?;
                Ok(())
            }
            None => self.text(r, c, v),
        }
    }

    /// An RFC 3339 time as a date-time cell in the report's zone.
    fn time(&mut self, r: u32, c: u16, v: &Option<String>) -> Result<(), XlsxError> {
        let Some(v) = v else { return Ok(()) };
        match self
            .o
            .zone
            .at(v)
            .and_then(|t| excel_datetime(t.naive_local()))
        {
            Some(t) => {
                self.ws
                    .write_datetime_with_format(r, c, t, &self.s.datetime)?;
                Ok(())
            }
            None => self.text(r, c, v),
        }
    }

    fn header(&mut self, r: u32, names: &[&str]) -> Result<(), XlsxError> {
        for (c, n) in names.iter().enumerate() {
            self.ws
                .write_string_with_format(r, c as u16, *n, &self.s.head)?;
        }
        Ok(())
    }

    /// Autofilter over the table and its header row kept in view.
    fn table(&mut self, head: u32, rows: u32, cols: u16) -> Result<(), XlsxError> {
        self.ws.autofilter(head, 0, head + rows.max(1), cols - 1)?;
        self.ws.set_freeze_panes(head + 1, 0)?;
        Ok(())
    }

    /// Every column as wide as its longest value so far, up to `MAX_WIDTH` (rust_xlsxwriter's
    /// simulation of Excel's autofit). Cells written after this do not widen a column.
    /// Rows with wrapped text are made as tall as it is (a spreadsheet does not grow them on
    /// opening, and a printed cell would hide the rest).
    fn fit_columns(&mut self) {
        self.ws.set_autofit_max_width(MAX_WIDTH);
        self.ws.autofit();
        for (&r, &n) in &self.lines {
            if n > 1 {
                let _ = self
                    .ws
                    .set_row_height(r, (ROW_POINTS * n as f64).min(MAX_ROW_POINTS));
            }
        }
    }

    /// How the sheet prints: landscape on the report's paper, scaled to one page wide (as
    /// many pages down as it takes), rows `0..=repeat` on every page, only `0..=last_row` ×
    /// `0..=last_col`, gridlines, the report's title and the sheet in the header and "Page N
    /// of M" in the footer.
    fn print(
        &mut self,
        title: &str,
        repeat: Option<(u32, u32)>,
        last_row: u32,
        last_col: u16,
    ) -> Result<(), XlsxError> {
        let paper = match self.o.paper {
            Paper::A4 => 9,
            Paper::Letter => 1,
        };
        self.ws
            .set_landscape()
            .set_paper_size(paper)
            .set_print_fit_to_pages(1, 0)
            .set_print_gridlines(true)
            .set_header(format!("&L{}&R&A", header_text(title)))
            .set_footer("&CPage &P of &N");
        if let Some((first, last)) = repeat {
            self.ws.set_repeat_rows(first, last)?;
        }
        self.ws.set_print_area(0, 0, last_row, last_col)?;
        Ok(())
    }
}

/// Text for a page header: `&` starts a header code, so it is doubled; at most 200 characters
/// (Excel's limit for the whole header is 255).
fn header_text(s: &str) -> String {
    crate::present::clean_line(s)
        .chars()
        .take(200)
        .collect::<String>()
        .replace('&', "&&")
}

pub fn render(v: &ReportView, o: &Options) -> anyhow::Result<Vec<u8>> {
    let s = Styles::new();
    let mut wb = Workbook::new();
    // "History" is reserved by Excel (a workbook with such a sheet asks to be repaired).
    let mut taken = vec![
        "Summary".to_string(),
        "Items".into(),
        "Changes".into(),
        "History".into(),
    ];
    summary::sheet(wb.add_worksheet().set_name("Summary")?, &s, o, v)?;
    for p in v.sections() {
        let name = sheet_name(&p.phase, &mut taken);
        tables::phase(wb.add_worksheet().set_name(name)?, &s, o, v, p)?;
    }
    tables::items(wb.add_worksheet().set_name("Items")?, &s, o, v)?;
    tables::changes(wb.add_worksheet().set_name("Changes")?, &s, o, v)?;
    Ok(wb.save_to_buffer()?)
}
