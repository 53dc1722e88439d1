//! The report as an Excel workbook (`rust_xlsxwriter`): a Summary sheet (the phase table with
//! data bars and status colours, the burn-up numbers and a native line chart of them), one
//! sheet per phase, an Items sheet with every item, and a Changes sheet. Dates and times are
//! real date cells (times in the report's zone, which the Summary names), every table has an
//! autofilter and a frozen header row. Text is written as text: a cell never becomes a formula.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatDataBar, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};

mod cells;

use super::{Options, Rag, ReportView, change, planned};
use crate::present::clean_doc;
use crate::present::report::{Item, PhaseReport};
use cells::{excel_date, excel_datetime, fit, sheet_name};

const DATE: &str = "yyyy-mm-dd";
const DATETIME: &str = "yyyy-mm-dd hh:mm";

/// The formats of the workbook, made once.
struct Styles {
    head: Format,
    date: Format,
    datetime: Format,
    percent: Format,
    title: Format,
    red: Format,
    amber: Format,
    green: Format,
}

impl Styles {
    fn new() -> Styles {
        let rag = |bg: u32, fg: u32| {
            Format::new()
                .set_bold()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
                .set_align(FormatAlign::Center)
        };
        Styles {
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE8E8E8)),
            date: Format::new().set_num_format(DATE),
            datetime: Format::new().set_num_format(DATETIME),
            percent: Format::new().set_num_format("0%"),
            title: Format::new().set_bold().set_font_size(16),
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
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, v: &str) -> Result<(), XlsxError> {
        if !v.is_empty() {
            self.ws.write_string(r, c, fit(&clean_doc(v)))?;
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

    fn widths(&mut self, widths: &[f64]) -> Result<(), XlsxError> {
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w)?;
        }
        Ok(())
    }

    /// Autofilter over the table and its header row kept in view.
    fn table(&mut self, head: u32, rows: u32, cols: u16) -> Result<(), XlsxError> {
        self.ws.autofilter(head, 0, head + rows.max(1), cols - 1)?;
        self.ws.set_freeze_panes(head + 1, 0)?;
        Ok(())
    }
}

const ITEM_COLUMNS: [&str; 11] = [
    "Status", "ID", "Title", "Required", "Owner", "Due", "Overdue", "Done by", "Done at", "Note",
    "Changed",
];
const ITEM_WIDTHS: [f64; 11] = [
    12.0, 30.0, 50.0, 9.0, 16.0, 11.0, 9.0, 14.0, 16.0, 40.0, 9.0,
];

/// One item's row from column `at` on.
fn item_row(sh: &mut Sheet, r: u32, at: u16, i: &Item) -> Result<(), XlsxError> {
    sh.text(r, at, i.status.as_str())?;
    sh.text(r, at + 1, &i.id)?;
    sh.text(r, at + 2, &i.title)?;
    sh.ws.write_boolean(r, at + 3, i.required)?;
    sh.opt(r, at + 4, &i.owner)?;
    sh.date(r, at + 5, &i.due)?;
    sh.ws.write_boolean(r, at + 6, i.overdue)?;
    sh.opt(r, at + 7, &i.done_by)?;
    sh.time(r, at + 8, &i.done_at)?;
    sh.opt(r, at + 9, &i.note)?;
    sh.ws.write_boolean(r, at + 10, i.changed_since)?;
    Ok(())
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
    summary(wb.add_worksheet().set_name("Summary")?, &s, o, v)?;
    for p in v.sections() {
        let name = sheet_name(&p.phase, &mut taken);
        phase(wb.add_worksheet().set_name(name)?, &s, o, p)?;
    }
    items(wb.add_worksheet().set_name("Items")?, &s, o, v)?;
    changes(wb.add_worksheet().set_name("Changes")?, &s, o, v)?;
    Ok(wb.save_to_buffer()?)
}

fn summary(ws: &mut Worksheet, s: &Styles, o: &Options, v: &ReportView) -> anyhow::Result<()> {
    let mut sh = Sheet { ws, s, o };
    sh.ws
        .write_string_with_format(0, 0, fit(&clean_doc(&super::title(v))), &s.title)?;
    sh.text(1, 0, "Generated")?;
    sh.time(1, 1, &Some(v.generated_at.clone()))?;
    sh.text(1, 2, &format!("times in {}", o.zone.name))?;
    sh.text(2, 0, "Current phase")?;
    sh.text(2, 1, &v.current_phase)?;
    sh.text(3, 0, "Status")?;
    sh.ws
        .write_string_with_format(3, 1, v.rag.as_str(), s.rag(v.rag))?;
    sh.text(4, 0, "Closed")?;
    sh.ws
        .write_number_with_format(4, 1, v.progress.fraction(), &s.percent)?;
    sh.text(4, 2, &super::counts(&v.progress))?;

    const HEAD: u32 = 6;
    sh.header(
        HEAD,
        &[
            "Phase",
            "Done",
            "Waived",
            "Outstanding",
            "Total",
            "Closed",
            "Gate",
            "Status",
            "Target",
            "Advanced",
            "Days late",
            "Why",
        ],
    )?;
    for (k, p) in v.phases.iter().enumerate() {
        let r = HEAD + 1 + k as u32;
        let name = if p.current {
            format!("{} (current)", p.phase)
        } else {
            p.phase.clone()
        };
        sh.text(r, 0, &name)?;
        for (c, n) in [
            p.progress.done,
            p.progress.waived,
            p.progress.outstanding,
            p.progress.total,
        ]
        .into_iter()
        .enumerate()
        {
            sh.ws.write_number(r, 1 + c as u16, n as f64)?;
        }
        sh.ws
            .write_number_with_format(r, 5, p.progress.fraction(), &s.percent)?;
        sh.text(r, 6, p.gate)?;
        sh.ws
            .write_string_with_format(r, 7, p.rag.as_str(), s.rag(p.rag))?;
        sh.date(r, 8, &p.target)?;
        sh.date(r, 9, &p.advanced)?;
        if let Some(n) = p.late_days {
            sh.ws.write_number(r, 10, n as f64)?;
        }
        sh.text(r, 11, &p.rag_reasons.join("; "))?;
    }
    let last = HEAD + v.phases.len() as u32;
    if !v.phases.is_empty() {
        let bars = ConditionalFormatDataBar::new();
        sh.ws.add_conditional_format(HEAD + 1, 5, last, 5, &bars)?;
    }
    sh.widths(&[
        24.0, 17.0, 8.0, 12.0, 7.0, 10.0, 9.0, 9.0, 11.0, 11.0, 10.0, 60.0,
    ])?;
    sh.ws.set_freeze_panes(HEAD + 1, 0)?;

    // The burn-up: its numbers, then a chart of them.
    let top = last + 3;
    sh.ws
        .write_string_with_format(top - 1, 0, "Burn-up per week", &s.head)?;
    sh.header(top, &["Week of", "Closed", "Total", "Advanced to"])?;
    for (k, w) in v.burnup.iter().enumerate() {
        let r = top + 1 + k as u32;
        sh.date(r, 0, &Some(w.week.clone()))?;
        sh.ws.write_number(r, 1, w.closed as f64)?;
        sh.ws.write_number(r, 2, w.total as f64)?;
        sh.text(r, 3, &w.advances.join(", "))?;
    }
    if !v.burnup.is_empty() {
        let end = top + v.burnup.len() as u32;
        let mut chart = Chart::new(ChartType::Line);
        chart
            .title()
            .set_name("Burn-up: items closed against the total");
        chart
            .add_series()
            .set_name("Closed")
            .set_categories(("Summary", top + 1, 0, end, 0))
            .set_values(("Summary", top + 1, 1, end, 1));
        chart
            .add_series()
            .set_name("Total")
            .set_categories(("Summary", top + 1, 0, end, 0))
            .set_values(("Summary", top + 1, 2, end, 2));
        chart
            .x_axis()
            .set_name("Week of")
            .set_text_axis(true)
            .set_num_format("d mmm");
        chart.y_axis().set_name("Items");
        chart.set_width(640).set_height(300);
        sh.ws.insert_chart(top, 5, &chart)?;
    }
    Ok(())
}

fn phase(ws: &mut Worksheet, s: &Styles, o: &Options, p: &PhaseReport) -> anyhow::Result<()> {
    let mut sh = Sheet { ws, s, o };
    sh.header(0, &ITEM_COLUMNS)?;
    for (k, i) in p.items.iter().enumerate() {
        item_row(&mut sh, 1 + k as u32, 0, i)?;
    }
    sh.widths(&ITEM_WIDTHS)?;
    sh.table(0, p.items.len() as u32, ITEM_COLUMNS.len() as u16)?;
    // Beside the table: the phase's facts.
    let at = ITEM_COLUMNS.len() as u16 + 1;
    sh.ws.set_column_width(at, 14.0)?;
    sh.ws.set_column_width(at + 1, 50.0)?;
    let facts = [
        ("Phase", p.phase.clone()),
        ("Progress", super::counts(&p.progress)),
        ("Gate", p.gate.to_string()),
        ("Status", super::rag_text(p)),
        ("Planned", planned(p).unwrap_or_default()),
    ];
    for (k, (label, value)) in facts.iter().enumerate() {
        sh.ws
            .write_string_with_format(k as u32, at, *label, &s.head)?;
        sh.text(k as u32, at + 1, value)?;
    }
    sh.ws
        .write_string_with_format(3, at + 1, super::rag_text(p), s.rag(p.rag))?;
    Ok(())
}

fn items(ws: &mut Worksheet, s: &Styles, o: &Options, v: &ReportView) -> anyhow::Result<()> {
    let mut sh = Sheet { ws, s, o };
    let mut head = vec!["Phase"];
    head.extend(ITEM_COLUMNS);
    sh.header(0, &head)?;
    let mut r = 1;
    for p in &v.phases {
        for i in &p.items {
            sh.text(r, 0, &p.phase)?;
            item_row(&mut sh, r, 1, i)?;
            r += 1;
        }
    }
    let mut widths = vec![12.0];
    widths.extend(ITEM_WIDTHS);
    sh.widths(&widths)?;
    sh.table(0, r - 1, head.len() as u16)?;
    Ok(())
}

fn changes(ws: &mut Worksheet, s: &Styles, o: &Options, v: &ReportView) -> anyhow::Result<()> {
    let mut sh = Sheet { ws, s, o };
    let head = [
        "When",
        "Who",
        "Event",
        "Task",
        "Phase",
        "What",
        "Note / reason",
    ];
    sh.header(0, &head)?;
    for (k, c) in v.changes.iter().enumerate() {
        let r = 1 + k as u32;
        sh.time(r, 0, &Some(c.at.clone()))?;
        sh.text(r, 1, &c.by)?;
        sh.text(r, 2, c.event)?;
        sh.opt(r, 3, &c.task)?;
        sh.opt(r, 4, &c.phase)?;
        sh.text(r, 5, &change(c))?;
        sh.opt(r, 6, &c.note)?;
    }
    sh.widths(&[16.0, 14.0, 10.0, 30.0, 12.0, 50.0, 40.0])?;
    sh.table(0, v.changes.len() as u32, head.len() as u16)?;
    if v.since.is_none() {
        sh.text(
            v.changes.len() as u32 + 2,
            0,
            "Changes are listed with --since WHEN.",
        )?;
    }
    Ok(())
}
