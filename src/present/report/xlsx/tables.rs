//! The table sheets: one per phase (its facts above its items), Items (every item), and
//! Changes (what happened since `--since`).

use rust_xlsxwriter::Worksheet;

use super::{Sheet, Styles};
use crate::present::report::{
    Item, Options, PhaseReport, ReportView, change, counts, planned, title,
};

const ITEM_COLUMNS: [&str; 12] = [
    "Status", "ID", "Title", "Text", "Required", "Owner", "Due", "Overdue", "Done by", "Done at",
    "Note", "Changed",
];

/// One item's row from column `at` on.
fn item_row(sh: &mut Sheet, r: u32, at: u16, i: &Item) -> anyhow::Result<()> {
    sh.text(r, at, i.status.as_str())?;
    sh.text(r, at + 1, &i.id)?;
    sh.long(r, at + 2, &i.title)?;
    sh.long(r, at + 3, &i.text)?;
    sh.boolean(r, at + 4, i.required)?;
    sh.opt(r, at + 5, &i.owner)?;
    sh.date(r, at + 6, &i.due)?;
    sh.boolean(r, at + 7, i.overdue)?;
    sh.opt(r, at + 8, &i.done_by)?;
    sh.time(r, at + 9, &i.done_at)?;
    sh.long(r, at + 10, i.note.as_deref().unwrap_or(""))?;
    sh.boolean(r, at + 11, i.changed_since)?;
    Ok(())
}

/// A phase: its facts (progress, gate, status, planned) above the table of its items.
pub(super) fn phase(
    ws: &mut Worksheet,
    s: &Styles,
    o: &Options,
    v: &ReportView,
    p: &PhaseReport,
) -> anyhow::Result<()> {
    let mut sh = Sheet::new(ws, s, o);
    const HEAD: u32 = 6;
    sh.header(HEAD, &ITEM_COLUMNS)?;
    for (k, i) in p.items.iter().enumerate() {
        item_row(&mut sh, HEAD + 1 + k as u32, 0, i)?;
    }
    sh.table(HEAD, p.items.len() as u32, ITEM_COLUMNS.len() as u16)?;
    sh.fit_columns();
    let facts = [
        ("Phase", p.phase.clone()),
        ("Progress", counts(&p.progress)),
        ("Gate", p.gate.to_string()),
        ("Status", String::new()),
        ("Planned", planned(p).unwrap_or_default()),
    ];
    for (k, (label, value)) in facts.iter().enumerate() {
        sh.ws
            .write_string_with_format(k as u32, 0, *label, &s.head)?;
        sh.text(k as u32, 1, value)?;
    }
    // The colour in its colour, why beside it: across the rest of the row, wrapped, in a row
    // tall enough for it (text running on into empty cells stops at the printed page's edge).
    sh.ws
        .write_string_with_format(3, 1, p.rag.as_str(), s.rag(p.rag))?;
    sh.across(
        3,
        2,
        ITEM_COLUMNS.len() as u16 - 1,
        &p.rag_reasons.join("; "),
    )?;
    let last = HEAD + p.items.len() as u32;
    sh.print(
        &title(v),
        Some((HEAD, HEAD)),
        last,
        ITEM_COLUMNS.len() as u16 - 1,
    )?;
    Ok(())
}

/// Every item of the phases reported, with its phase.
pub(super) fn items(
    ws: &mut Worksheet,
    s: &Styles,
    o: &Options,
    v: &ReportView,
) -> anyhow::Result<()> {
    let mut sh = Sheet::new(ws, s, o);
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
    sh.table(0, r - 1, head.len() as u16)?;
    sh.fit_columns();
    sh.print(&title(v), Some((0, 0)), r - 1, head.len() as u16 - 1)?;
    Ok(())
}

/// The changes since `--since`, oldest first.
pub(super) fn changes(
    ws: &mut Worksheet,
    s: &Styles,
    o: &Options,
    v: &ReportView,
) -> anyhow::Result<()> {
    let mut sh = Sheet::new(ws, s, o);
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
        sh.long(r, 5, &change(c))?;
        sh.long(r, 6, c.note.as_deref().unwrap_or(""))?;
    }
    sh.table(0, v.changes.len() as u32, head.len() as u16)?;
    sh.fit_columns();
    let mut last = v.changes.len() as u32;
    if v.since.is_none() {
        last += 2;
        sh.text(last, 0, "Changes are listed with --since WHEN.")?;
    }
    sh.print(&title(v), Some((0, 0)), last, head.len() as u16 - 1)?;
    Ok(())
}
