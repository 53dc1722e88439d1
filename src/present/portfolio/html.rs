//! The portfolio as one self-contained HTML dashboard: inline CSS, no script, nothing fetched.
//! A table of engagements, worst first: a colour badge (also its word), the engagement and why
//! it is not green, its phase strip (a segment per phase, filled as far as it is closed and in
//! its colour, the current one framed), a progress bar, open and overdue counts, the next
//! target and the last change. It fits 1024 px; printed, it is landscape, 20 engagements a
//! page, the header row on every page. User text goes through the report's escaping.

use std::fmt::Write;

use super::view::{PhaseCell, PortfolioView, Row};
use super::{activity_words, days_words, status_word};
use crate::present::report::html::{css_string, text};
use crate::present::report::{Options, Paper};

const CSS: &str = include_str!("portfolio.css");

/// Engagements per printed page.
pub const PER_PAGE: usize = 20;

fn page_css(o: &Options, generated: &str) -> String {
    let size = match o.paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    format!(
        "@page{{size:{size} landscape;margin:10mm 10mm 10mm;\
         @top-left{{content:\"Portfolio\";font:8pt system-ui,sans-serif}}\
         @top-right{{content:{};font:8pt system-ui,sans-serif}}\
         @bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);font:8pt system-ui,sans-serif}}}}\n",
        css_string(&format!("Generated {generated}"))
    )
}

pub fn render(v: &PortfolioView, o: &Options) -> String {
    let generated = o.zone.human(&v.generated_at);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Portfolio</title>\n<style>\n{CSS}{}</style>\n</head>\n<body>\n<header>\n<h1>Portfolio</h1>\n",
        page_css(o, &generated)
    );
    let t = &v.totals;
    let mut counts = vec![format!(
        "{} engagement{}",
        t.engagements,
        if t.engagements == 1 { "" } else { "s" }
    )];
    for (n, class) in [
        (t.unreadable, "error"),
        (t.red, "red"),
        (t.amber, "amber"),
        (t.green, "green"),
    ] {
        if n > 0 {
            counts.push(format!("<span class=\"rag {class}\">{n} {class}</span>"));
        }
    }
    let _ = write!(
        out,
        "<p class=\"meta\">Generated <span class=\"date\">{}</span> · times in {} · {}",
        text(&generated),
        text(&o.zone.name),
        counts.join(" ")
    );
    if let Some(since) = &v.since {
        let _ = write!(out, " · changes since {}", text(&o.zone.human(since)));
    }
    out.push_str("</p>\n</header>\n");
    if v.engagements.is_empty() {
        out.push_str("<p>No trackers found.</p>\n");
    } else {
        table(&mut out, v, o);
    }
    if !v.skipped.is_empty() {
        out.push_str("<ul class=\"skipped\">\n");
        for s in &v.skipped {
            let _ = writeln!(
                out,
                "<li>Skipped <span class=\"path\">{}</span>: {}</li>",
                text(&s.path),
                text(&s.why)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str(
        "<p class=\"legend\">Status: <b>red</b> when a required item of the current phase, an earlier one or the engagement-wide phase is overdue, or a phase was advanced by force with required items open; <b>amber</b> when a required item is due within 7 days, or the current phase's target is near with its gate blocked; <b>green</b> otherwise — as each engagement's own report says. Phases: each segment is filled as far as the phase is closed, in its colour; the current phase is framed, ✓ marks a phase signed off.</p>\n",
    );
    out.push_str("</body>\n</html>\n");
    out
}

fn table(out: &mut String, v: &PortfolioView, o: &Options) {
    out.push_str(
        "<table class=\"portfolio\">\n<colgroup><col class=\"c-status\"><col class=\"c-name\"><col class=\"c-phases\"><col class=\"c-progress\"><col class=\"c-num\"><col class=\"c-num2\"><col class=\"c-date\"><col class=\"c-date\"></colgroup>\n\
         <thead><tr><th>Status</th><th>Engagement</th><th>Phases</th><th>Progress</th><th class=\"num\">Open</th><th class=\"num\">Overdue</th><th>Next target</th><th>Last change</th></tr></thead>\n",
    );
    for page in v.engagements.chunks(PER_PAGE) {
        out.push_str("<tbody class=\"page\">\n");
        for r in page {
            row(out, r, v.since.is_some(), o);
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

fn row(out: &mut String, r: &Row, since: bool, o: &Options) {
    let word = status_word(r);
    let _ = write!(
        out,
        "<tr class=\"{word}\"><td><span class=\"rag {word}\">{word}</span></td><td><span class=\"name\">{}</span>",
        text(&r.title())
    );
    if (r.name_repeats || r.name.is_none() || r.error.is_some()) && r.title() != r.shown_path {
        let _ = write!(out, " <span class=\"path\">{}</span>", text(&r.shown_path));
    }
    let mut why: Vec<String> = r.reasons.iter().map(|s| text(s).into_owned()).collect();
    if let Some(e) = &r.error {
        why.push(format!("cannot read: {}", text(&super::error_line(r, e))));
    }
    if let Some(n) = r.pull.as_ref().and_then(|p| p.note.as_ref()) {
        why.push(text(n).into_owned());
    }
    why.extend(r.notes.iter().map(|n| format!("note: {}", text(n))));
    if let (true, Some(a)) = (since, &r.activity) {
        why.push(format!("since: {}", text(&activity_words(a))));
    }
    for w in why {
        let _ = write!(out, "<div class=\"why\">{w}</div>");
    }
    out.push_str("</td><td>");
    if let Some(phase) = &r.phase {
        let _ = write!(out, "<div class=\"now\">{}</div>", text(phase));
    }
    if !r.phases.is_empty() {
        out.push_str("<div class=\"strip\">");
        for p in &r.phases {
            segment(out, p);
        }
        out.push_str("</div>");
    }
    out.push_str("</td><td class=\"nowrap\">");
    if let Some(p) = r.progress {
        let _ = write!(
            out,
            "<span class=\"bar\" role=\"img\" aria-label=\"{pct}% closed\"><span style=\"width:{pct}%\"></span></span>{pct}%",
            pct = p.percent
        );
    }
    let num = |n: Option<usize>| n.map_or(String::new(), |n| n.to_string());
    let _ = write!(
        out,
        "</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td><td>",
        num(r.open),
        if r.overdue.unwrap_or(0) > 0 {
            " late"
        } else {
            ""
        },
        num(r.overdue)
    );
    if let Some(t) = &r.next_target {
        let _ = write!(
            out,
            "<span class=\"date\">{}</span><div class=\"sub\">{} · {}</div>",
            text(&t.date),
            text(&t.phase),
            days_words(t.days)
        );
    }
    out.push_str("</td><td>");
    if let Some(c) = &r.last_change {
        let when = o
            .zone
            .at(&c.at)
            .map_or_else(|| c.at.clone(), |t| t.format("%Y-%m-%d").to_string());
        let _ = write!(
            out,
            "<span class=\"date\" title=\"{}\">{}</span><div class=\"sub\">{} · {}</div>",
            crate::present::report::html::attr(&o.zone.human(&c.at)),
            text(&when),
            text(&c.by),
            c.event
        );
    }
    out.push_str("</td></tr>\n");
}

/// One phase of the strip: its name (✓ once signed off), and a bar filled as far as it is
/// closed, in its colour.
fn segment(out: &mut String, p: &PhaseCell) {
    let mut class = format!("seg {}", p.status.as_str());
    if p.current {
        class.push_str(" current");
    }
    if p.general {
        class.push_str(" general");
    }
    let _ = write!(
        out,
        "<span class=\"{class}\" title=\"{}: {}, {}% closed\"><span class=\"lbl\">{}{}</span><span class=\"track\"><span style=\"width:{}%\"></span></span></span>",
        text(&p.phase),
        p.status.as_str(),
        p.percent,
        if p.signed_off {
            "<span class=\"ok\">✓</span>"
        } else {
            ""
        },
        text(&p.phase),
        p.percent
    );
}
