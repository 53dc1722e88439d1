//! Report rendering from a hostile journal: whatever lines a journal holds (dates at the ends
//! of chrono's range, texts longer than a spreadsheet cell, deceptive characters, made-up
//! clocks), replaying them over the built-in catalog and rendering every format never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

use ftrack::model::catalog::Catalog;
use ftrack::model::state::Engagement;
use ftrack::present::report::{Format, Options, Paper, ReportView, Zone};

fuzz_target!(|data: &[u8]| {
    let events = ftrack::store::scan_journal(data).events;
    let catalog = Catalog::embedded().expect("the built-in catalog");
    let t = Engagement::replay(catalog, events);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z").expect("a time");
    let view = ReportView::new(&t, &[], None, now);
    let options = Options {
        paper: Paper::A4,
        bom: false,
        zone: Zone::utc(),
    };
    for format in [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::Csv,
        Format::Xlsx,
        Format::Ics,
    ] {
        let _ = format.render(&view, &options);
    }
});
