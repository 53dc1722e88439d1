//! The report as CSV for a spreadsheet: one row per item, RFC 4180 (CRLF) by the `csv` crate,
//! made safe for whatever separator a spreadsheet's locale imports with:
//! - every field is quoted, so a `,`, `;` or tab inside a field never splits it, whatever the
//!   separator (quoting only "where needed" quotes for `,` alone);
//! - formula injection is defused: a field that begins with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return gets a leading `'`, and so does every part of a field right after a `,`,
//!   `;` or tab (`see ticket;=1+1` becomes `see ticket;'=1+1`), in case an import splits it
//!   anyway; no spreadsheet evaluates either;
//! - no raw carriage return (shown as `\r`), and terminal controls escaped (`present::clean_doc`).
//!
//! Dates stay ISO 8601 (`2026-11-25`, `2026-11-19T16:00:00Z`); `--bom` adds a byte-order mark.

use ::csv::{QuoteStyle, Terminator, WriterBuilder};

use crate::present::report::ReportView;

pub const COLUMNS: [&str; 13] = [
    "phase",
    "status",
    "id",
    "title",
    "text",
    "required",
    "owner",
    "due",
    "overdue",
    "done_by",
    "done_at",
    "note",
    "changed_since",
];

/// What makes a spreadsheet read a cell as a formula when it comes first.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// The field separators of common locales.
const SEPARATORS: [char; 3] = [',', ';', '\t'];

/// A cell a spreadsheet would read as a formula (at its start, or after a separator inside it),
/// made plain text. Deceptive characters are shown escaped too (`present::clean_doc`).
pub fn neutralise(cell: &str) -> String {
    let cell = crate::present::clean_doc(cell);
    let mut out = String::with_capacity(cell.len() + 2);
    let mut after_separator = true;
    for c in cell.chars() {
        if after_separator && FORMULA.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        after_separator = SEPARATORS.contains(&c);
    }
    out
}

/// A CSV writer as every ftrack CSV is written: CRLF lines, every field quoted, and with `bom`
/// a UTF-8 byte-order mark first, so that Excel's default import reads UTF-8.
pub(crate) fn writer(bom: bool) -> ::csv::Writer<Vec<u8>> {
    let start = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .quote_style(QuoteStyle::Always)
        .from_writer(start)
}

/// `bom`: start with a UTF-8 byte-order mark, so that Excel's default import reads UTF-8.
pub fn render(v: &ReportView, bom: bool) -> anyhow::Result<Vec<u8>> {
    let mut w = writer(bom);
    w.write_record(COLUMNS)?;
    let opt = |s: &Option<String>| s.as_deref().map(neutralise).unwrap_or_default();
    for p in &v.phases {
        for i in &p.items {
            w.write_record([
                neutralise(&p.phase),
                i.status.as_str().to_string(),
                neutralise(&i.id),
                neutralise(&i.title),
                neutralise(&i.text),
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
