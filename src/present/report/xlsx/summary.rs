//! The Summary sheet: the engagement's facts, the phase table (data bars, status colours,
//! planned against actual, why), the burn-up numbers and a line chart of them, printed on one
//! landscape page.

use rust_xlsxwriter::{
    Chart, ChartMarker, ChartMarkerType, ChartType, ConditionalFormatDataBar, Worksheet,
};

use super::{Sheet, Styles};
use crate::present::clean_doc;
use crate::present::report::{Options, ReportView, counts, moves, title};

const PHASE_COLUMNS: [&str; 12] = [
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
];
/// The chart, in pixels, and the rows it covers (at the default row height of 20 pixels).
const CHART: (u32, u32) = (600, 300);
const CHART_ROWS: u32 = 16;

pub(super) fn sheet(
    ws: &mut Worksheet,
    s: &Styles,
    o: &Options,
    v: &ReportView,
) -> anyhow::Result<()> {
    let mut sh = Sheet::new(ws, s, o);
    sh.text(1, 0, "Generated")?;
    sh.text(2, 0, "Current phase")?;
    sh.text(2, 1, &v.current_phase)?;
    sh.text(3, 0, "Status")?;
    sh.ws
        .write_string_with_format(3, 1, v.rag.as_str(), s.rag(v.rag))?;
    sh.text(4, 0, "Closed")?;
    sh.ws
        .write_number_with_format(4, 1, v.progress.fraction(), &s.percent)?;

    const HEAD: u32 = 6;
    sh.header(HEAD, &PHASE_COLUMNS)?;
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
            sh.ws
                .write_number_with_format(r, 1 + c as u16, n as f64, &s.cell)?;
        }
        sh.ws
            .write_number_with_format(r, 5, p.progress.fraction(), &s.percent)?;
        sh.text(r, 6, p.gate)?;
        sh.ws
            .write_string_with_format(r, 7, p.rag.as_str(), s.rag(p.rag))?;
        sh.date(r, 8, &p.target)?;
        sh.date(r, 9, &p.advanced)?;
        if let Some(n) = p.late_days {
            sh.ws.write_number_with_format(r, 10, n as f64, &s.cell)?;
        }
        sh.long(r, 11, &p.rag_reasons.join("; "))?;
    }
    let last = HEAD + v.phases.len() as u32;
    if !v.phases.is_empty() {
        let bars = ConditionalFormatDataBar::new();
        sh.ws.add_conditional_format(HEAD + 1, 5, last, 5, &bars)?;
    }
    sh.ws.set_freeze_panes(HEAD + 1, 0)?;

    // The burn-up: its numbers, then a chart of them beside them.
    let top = last + 3;
    sh.header(top, &["Week of", "Closed", "Total", "Phase changes"])?;
    for (k, w) in v.burnup.iter().enumerate() {
        let r = top + 1 + k as u32;
        sh.date(r, 0, &Some(w.week.clone()))?;
        sh.ws.write_number(r, 1, w.closed as f64)?;
        sh.ws.write_number(r, 2, w.total as f64)?;
        sh.text(r, 3, &moves(w).join(", "))?;
    }
    sh.fit_columns();
    // The reasons get their full width, whatever they hold: the chart beside the burn-up
    // spans the columns from Closed to Why, and prints within them.
    sh.ws.set_column_width_pixels(11, super::MAX_WIDTH)?;
    // Written after the columns are fitted, so that they do not widen them: the title, the
    // zone, the counts in words, the chart's heading.
    sh.ws
        .write_string_with_format(0, 0, super::fit(&clean_doc(&title(v))), &s.title)?;
    // As text, which may run on into the empty cells beside it.
    sh.text(
        1,
        1,
        &format!(
            "{}, times in {}",
            o.zone.human(&v.generated_at),
            o.zone.name
        ),
    )?;
    sh.text(4, 2, &counts(&v.progress))?;
    sh.ws
        .write_string_with_format(top - 1, 0, "Burn-up per week", &s.head)?;
    let end = top + v.burnup.len() as u32;
    if !v.burnup.is_empty() {
        sh.ws.insert_chart(top, 5, &chart(top, end))?;
    }
    let last_row = end.max(top + CHART_ROWS);
    sh.print(&title(v), Some((HEAD, HEAD)), last_row, 11)?;
    // The summary is one page: its table, the burn-up and the chart together, no grid.
    sh.ws
        .set_print_fit_to_pages(1, 1)
        .set_print_gridlines(false);
    Ok(())
}

/// A line chart of the burn-up rows `top + 1 ..= end`: closed items and the total, each week
/// a marker, so that a single week still shows as two points.
fn chart(top: u32, end: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    chart
        .title()
        .set_name("Burn-up: items closed against the total");
    for (name, col, marker) in [
        ("Closed", 1, ChartMarkerType::Circle),
        ("Total", 2, ChartMarkerType::Square),
    ] {
        chart
            .add_series()
            .set_name(name)
            .set_categories(("Summary", top + 1, 0, end, 0))
            .set_values(("Summary", top + 1, col, end, col))
            .set_marker(ChartMarker::new().set_type(marker).set_size(7));
    }
    chart
        .x_axis()
        .set_name("Week of")
        .set_text_axis(true)
        .set_num_format("d mmm");
    chart.y_axis().set_name("Items").set_min(0);
    chart.set_width(CHART.0).set_height(CHART.1);
    chart
}
