//! The burn-up as an inline SVG for the HTML report: no script, no external request, vector in
//! print. Closed items are a solid line with one dot per week, the total a dashed line, and
//! each advance a labelled vertical line. The only text from outside is the catalog's phase
//! names, escaped.

use std::fmt::Write;

use super::Week;

const W: f64 = 760.0;
const H: f64 = 230.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 36.0;

/// The smallest "round" number (1, 2 or 5 times a power of ten, times 4 ticks) at or above `n`.
fn axis_max(n: usize) -> usize {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if step * m * 4 >= n.max(1) {
                return step * m * 4;
            }
        }
        step *= 10;
    }
}

/// "16 Nov" for a week's Monday (YYYY-MM-DD).
fn short(week: &str) -> String {
    chrono::NaiveDate::parse_from_str(week, "%Y-%m-%d")
        .map(|d| d.format("%-d %b").to_string())
        .unwrap_or_else(|_| week.to_string())
}

pub fn burnup(weeks: &[Week]) -> String {
    let n = weeks.len();
    let ymax = axis_max(weeks.iter().map(|w| w.total).max().unwrap_or(0));
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| {
        if n <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: usize| TOP + plot_h * (1.0 - v as f64 / ymax as f64);
    let last = weeks.last();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"burnup\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Burn-up: {} of {} items closed\">",
        last.map_or(0, |w| w.closed),
        last.map_or(0, |w| w.total)
    );
    for k in 0..=4 {
        let v = ymax * k / 4;
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            y = y(v)
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{b:.1}\" y2=\"{b:.1}\"/>",
        W - RIGHT,
        b = y(0)
    );
    // At most about ten week labels, evenly spaced; the last week always has one.
    let every = n.div_ceil(10).max(1);
    for (i, w) in weeks.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let anchor = match i {
                _ if n == 1 => "middle",
                0 => "start",
                _ if i + 1 == n => "end",
                _ => "middle",
            };
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                x(i),
                H - BOTTOM + 16.0,
                short(&w.week)
            );
        }
    }
    for (i, w) in weeks.iter().enumerate() {
        let moves = super::moves(w);
        if moves.is_empty() {
            continue;
        }
        // A step back is drawn apart from an advance: its own class (colour) and its label.
        let class = if w.advances.is_empty() {
            "adv back"
        } else {
            "adv"
        };
        let names =
            html_escape::encode_text(&crate::present::clean_doc(&moves.join(", "))).into_owned();
        let end = i + 1 == n && n > 1;
        let _ = writeln!(
            out,
            "<line class=\"{class}\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"/><text class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\">{names}</text>",
            y(0),
            x(i) + if end { -4.0 } else { 4.0 },
            TOP - 6.0,
            if end { "end" } else { "start" },
            x = x(i)
        );
    }
    // One week is drawn across the plot (its start to now), so that both lines show.
    let line = |f: &dyn Fn(&Week) -> usize| match weeks {
        [w] => format!("{LEFT:.1},{y:.1} {:.1},{y:.1}", W - RIGHT, y = y(f(w))),
        _ => weeks
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{:.1},{:.1}", x(i), y(f(w))))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let _ = writeln!(
        out,
        "<polyline class=\"total\" points=\"{}\"/>",
        line(&|w| w.total)
    );
    let _ = writeln!(
        out,
        "<polyline class=\"closed\" points=\"{}\"/>",
        line(&|w| w.closed)
    );
    for (i, w) in weeks.iter().enumerate() {
        let _ = writeln!(
            out,
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>week of {}: {} of {} closed</title></circle>",
            x(i),
            y(w.closed),
            w.week,
            w.closed,
            w.total
        );
    }
    out.push_str("</svg>\n");
    out
}
