//! The report as CSV for a spreadsheet: one row per item, RFC 4180 quoting (CRLF, fields quoted
//! where needed) by the `csv` crate, and formula injection defused: a cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so no spreadsheet evaluates it.
//! Dates stay ISO 8601 (`2026-11-25`, `2026-11-19T16:00:00Z`); `--bom` adds a byte-order mark.

use ::csv::{Terminator, WriterBuilder};

use crate::present::report::ReportView;

pub const COLUMNS: [&str; 12] = [
    "phase",
    "status",
    "id",
    "title",
    "required",
    "owner",
    "due",
    "overdue",
    "done_by",
    "done_at",
    "note",
    "changed_since",
];

/// A cell a spreadsheet would read as a formula, made plain text.
/// Terminal controls are shown escaped too (`render::clean_doc`).
pub fn neutralise(cell: &str) -> String {
    let cell = crate::present::clean_doc(cell);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// `bom`: start with a UTF-8 byte-order mark, so that Excel's default import reads UTF-8.
pub fn render(v: &ReportView, bom: bool) -> anyhow::Result<Vec<u8>> {
    let start = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut w = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(start);
    w.write_record(COLUMNS)?;
    let opt = |s: &Option<String>| s.as_deref().map(neutralise).unwrap_or_default();
    for p in &v.phases {
        for i in &p.items {
            w.write_record([
                neutralise(&p.phase),
                i.status.as_str().to_string(),
                neutralise(&i.id),
                neutralise(&i.title),
                i.required.to_string(),
                opt(&i.owner),
                opt(&i.due),
                i.overdue.to_string(),
                opt(&i.done_by),
                opt(&i.done_at),
                opt(&i.note),
                i.changed_since.to_string(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
}
