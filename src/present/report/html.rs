//! The report as one self-contained HTML page: inline CSS, no script, no external request.
//! Bars are CSS boxes with the percentage beside them in text, the burn-up an inline SVG; in
//! print every phase starts a page and nothing depends on colour alone (a status colour is
//! also its word). Every piece of user text goes through `html_escape`.

use std::fmt::Write;

use super::html_text::id;
pub(crate) use super::html_text::{attr, css_string, text};
use crate::present::clean_doc;

use super::{
    Options, Paper, Rag, change, counts, due_in, note_label, owner, phase_heading, planned,
    rag_line, title,
};
use crate::present::report::{Item, PhaseReport, Progress, ReportView};

/// A phase table whose ids are longer than this shows each id above its title.
const LONG_ID: usize = 32;

/// The stylesheet. Words and ids are never broken inside a cell: text wraps at spaces only, and
/// ids, dates and times stay on one line. Sized for a 1280×720 projector; in print, @page sets
/// the paper (see `page_css`), table headers repeat, rows are not split, and each phase after
/// the summary starts a page.
const CSS: &str = include_str!("html.css");

/// The page box: paper, margins, and a header line (title, generation time) and page numbers
/// on every printed page.
fn page_css(v: &ReportView, o: &Options) -> String {
    let size = match o.paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    format!(
        "@page{{size:{size} landscape;margin:14mm 11mm 12mm;\
         @top-left{{content:{};font:9pt system-ui,sans-serif}}\
         @top-right{{content:{};font:9pt system-ui,sans-serif}}\
         @bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);font:9pt system-ui,sans-serif}}}}\n",
        css_string(&title(v)),
        css_string(&format!("Generated {}", o.zone.human(&v.generated_at)))
    )
}

fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map(|s| text(s).into_owned())
        .unwrap_or_default()
}

fn bar(p: &Progress) -> String {
    format!(
        "<span class=\"bar\" role=\"img\" aria-label=\"{pct}% closed\"><span style=\"width:{pct}%\"></span></span>{pct}%",
        pct = p.percent
    )
}

fn progress(p: &Progress) -> String {
    format!("{} — {}", bar(p), counts(p))
}

fn rag(r: Rag) -> String {
    format!("<span class=\"rag {0}\">{0}</span>", r.as_str())
}

pub fn render(v: &ReportView, o: &Options) -> String {
    let mut out = String::new();
    let head = text(&title(v)).into_owned();
    // The window's title is text only: markup in it would be shown as it is.
    let window = html_escape::encode_text(&clean_doc(&title(v))).into_owned();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{window}</title>\n<style>\n{CSS}{}</style>\n</head>\n<body>\n<header>\n<h1>{head}</h1>\n",
        page_css(v, o)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Generated <span class=\"date\">{}</span> · times in {} · current phase <strong>{}</strong></p>\n</header>",
        text(&o.zone.human(&v.generated_at)),
        text(&o.zone.name),
        text(&v.current_phase)
    );
    summary(&mut out, v);
    next(&mut out, v);
    for p in v.sections() {
        phase(&mut out, p, v.since.is_some(), o);
    }
    if let Some(since) = &v.since {
        since_section(&mut out, v, since, o);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, v: &ReportView) {
    out.push_str("<section class=\"summary\" id=\"summary\">\n<h2>Summary</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"overall\">{} Overall {}</p>",
        rag(v.rag),
        progress(&v.progress)
    );
    if let Some(line) = super::orphans_line(v) {
        let _ = writeln!(out, "<p class=\"warning\">Warning: {}</p>", text(&line));
    }
    out.push_str("<table class=\"phases\">\n<thead><tr><th>Phase</th><th>Done</th><th>Waived</th><th>Outstanding</th><th>Total</th><th>Progress</th><th>Gate</th><th>Status</th><th>Target</th><th>Advanced</th></tr></thead>\n<tbody>\n");
    for p in &v.phases {
        let mut name = format!("<span class=\"nowrap\">{}</span>", text(&p.phase));
        if p.current {
            name.push_str(" <span class=\"tag\">current</span>");
        }
        let late = match (p.late_days, &p.advanced) {
            (Some(n), Some(_)) if n > 0 => format!("{} late", super::days(n)),
            (Some(n), None) if n > 0 => format!("{} past", super::days(n)),
            (Some(n), _) if n < 0 => format!("{} early", super::days(-n)),
            _ => String::new(),
        }
        .replace(' ', "&nbsp;");
        // Beside the date on a wide screen, under it on a narrow one.
        let late = if late.is_empty() {
            late
        } else {
            format!(" <span class=\"late\">({late})</span>")
        };
        let _ = writeln!(
            out,
            "<tr><td>{name}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td class=\"{}\">{}</td><td>{}</td><td class=\"date\">{}</td><td class=\"date\">{}{late}</td></tr>",
            p.progress.done,
            p.progress.waived,
            p.progress.outstanding,
            p.progress.total,
            bar(&p.progress),
            if p.gate == "blocked" { "blocked" } else { "" },
            p.gate,
            rag(p.rag),
            opt(&p.target),
            opt(&p.advanced),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    // Each reason after its colour, in its colour and as a word (a black-and-white print
    // loses nothing).
    let reasons: Vec<(Rag, String)> = v
        .phases
        .iter()
        .filter_map(|p| rag_line(p).map(|r| (p.rag, r)))
        .collect();
    if !reasons.is_empty() {
        out.push_str("<ul class=\"reasons\">\n");
        for (colour, r) in reasons {
            let _ = writeln!(out, "<li>{} {}</li>", rag(colour), text(&r));
        }
        out.push_str("</ul>\n");
    }
    if !v.burnup.is_empty() {
        let _ = writeln!(
            out,
            "<figure>\n{}<figcaption>Burn-up per week: items closed (solid, one dot per week) against the total (dashed); red lines mark advances, purple ones steps back.</figcaption>\n</figure>",
            super::svg::burnup(&v.burnup)
        );
    }
    out.push_str("</section>\n");
}

fn next(out: &mut String, v: &ReportView) {
    out.push_str("<section class=\"next\" id=\"next\">\n<h2>What is next</h2>\n");
    if v.next.is_empty() {
        out.push_str("<p>Nothing is due within 14 days, and nothing is overdue.</p>\n</section>\n");
        return;
    }
    out.push_str("<p class=\"desc\">Items due within 14 days, and overdue items, by owner.</p>\n<table>\n<thead><tr><th>ID</th><th>Title</th><th>Phase</th><th>Due</th></tr></thead>\n<tbody>\n");
    for g in &v.next {
        let _ = writeln!(
            out,
            "<tr class=\"group\"><th colspan=\"4\">{}</th></tr>",
            text(owner(g))
        );
        for i in &g.items {
            let due = if i.overdue {
                format!("<span class=\"overdue\">{}</span>", text(&due_in(i)))
            } else {
                text(&due_in(i)).into_owned()
            };
            let title = if crate::present::mark_optional(&i.title, i.required) {
                format!("{} <em>(optional)</em>", text(&i.title))
            } else {
                text(&i.title).into_owned()
            };
            let _ = writeln!(
                out,
                "<tr><td class=\"id\">{}</td><td>{title}</td><td class=\"nowrap\">{}</td><td class=\"date\">{due}</td></tr>",
                id(&i.id),
                text(&i.phase)
            );
        }
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn since_section(out: &mut String, v: &ReportView, since: &str, o: &Options) {
    let _ = writeln!(
        out,
        "<section class=\"since\">\n<h2>Since {}</h2>",
        text(&o.zone.human(since))
    );
    if v.changes.is_empty() {
        out.push_str("<p>Nothing was recorded since then.</p>\n");
    } else {
        out.push_str("<p class=\"desc\">Items changed since then are marked <span class=\"mark\">✱</span> in the phase tables.</p>\n<table>\n<thead><tr><th>When</th><th>Who</th><th>What</th><th>Note / reason</th></tr></thead>\n<tbody>\n");
        for c in &v.changes {
            let note = c
                .note
                .as_deref()
                .map(|n| format!("{}: {}", note_label(c), text(n)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td class=\"date\">{}</td><td>{}</td><td>{}</td><td class=\"pre\">{note}</td></tr>",
                text(&o.zone.human(&c.at)),
                text(&c.by),
                text(&change(c))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn phase(out: &mut String, p: &PhaseReport, since: bool, o: &Options) {
    let mut heading = text(&p.phase).into_owned();
    if p.general {
        heading.push_str(" <span class=\"tag\">engagement-wide</span>");
    }
    if p.current {
        heading.push_str(" <span class=\"tag\">current phase</span>");
    }
    let _ = writeln!(
        out,
        "<section class=\"phase\" id=\"phase-{}\" aria-label=\"{}\">\n<h2>{heading}</h2>",
        attr(&p.phase),
        attr(&phase_heading(&p.phase, p.general, p.current))
    );
    if !p.description.is_empty() {
        let _ = writeln!(out, "<p class=\"desc\">{}</p>", text(&p.description));
    }
    let _ = writeln!(
        out,
        "<dl>\n<dt>Progress</dt><dd>{}</dd>",
        progress(&p.progress)
    );
    if p.blockers.is_empty() {
        out.push_str("<dt>Gate</dt><dd>open</dd>\n");
    } else {
        let ids: Vec<String> = p.blockers.iter().map(|b| id(b)).collect();
        let _ = writeln!(
            out,
            "<dt>Gate</dt><dd><span class=\"blocked\">blocked</span> by {}</dd>",
            ids.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "<dt>Status</dt><dd>{}{}</dd>",
        rag(p.rag),
        if p.rag_reasons.is_empty() {
            String::new()
        } else {
            format!(" {}", text(&p.rag_reasons.join("; ")))
        }
    );
    if let Some(line) = planned(p) {
        let _ = writeln!(out, "<dt>Planned</dt><dd>{}</dd>", text(&line));
    }
    if let Some(s) = &p.signed_off {
        let class = if s.forced { " class=\"forced\"" } else { "" };
        let _ = writeln!(
            out,
            "<dt>Signed off</dt><dd><span{class}>{}by {} on <span class=\"date\">{}</span>, into {}</span></dd>",
            if s.forced { "FORCED " } else { "" },
            text(&s.by),
            text(&o.zone.human(&s.at)),
            text(&s.to)
        );
        if let Some(reason) = &s.reason {
            let _ = writeln!(
                out,
                "<dt>Reason</dt><dd class=\"pre\">{}</dd>",
                text(reason)
            );
        }
    }
    // Ids longer than `LONG_ID` (an added item's can have 48 characters) would make the ID
    // column as wide as a third of the page: such a table folds its ids into the title cells,
    // as every table does on a narrow screen.
    let fold = p.items.iter().any(|i| i.id.chars().count() > LONG_ID);
    out.push_str(if fold {
        "</dl>\n<table class=\"fold\">\n"
    } else {
        "</dl>\n<table>\n"
    });
    out.push_str("<thead><tr><th>Status</th><th class=\"idcol\">ID</th><th><span class=\"idhead\">ID, </span>Title</th><th>Owner</th><th>Due</th><th class=\"closedcol\">Closed by, at</th><th>Note / reason</th>");
    out.push_str(if since {
        "<th class=\"changed\">Changed</th>"
    } else {
        ""
    });
    out.push_str("</tr></thead>\n<tbody>\n");
    for i in &p.items {
        row(out, i, since, o);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn row(out: &mut String, i: &Item, since: bool, o: &Options) {
    let id = html_escape::encode_text(&clean_doc(&i.id)).into_owned();
    // On a narrow screen the ID column folds into the title cell, above the title: an id stays
    // whole, and a long one no longer takes a column of its own.
    let mut title = format!("<span class=\"id inline\">{id}</span>{}", text(&i.title));
    if crate::present::mark_optional(&i.title, i.required) {
        title.push_str(" <em>(optional)</em>");
    }
    // The full text under the title, unless it only repeats it.
    if i.text.trim() != i.title.trim() {
        let _ = write!(title, "<div class=\"text\">{}</div>", text(&i.text));
    }
    let due = match (&i.due, i.overdue) {
        (Some(d), true) => format!(
            "{}<br><span class=\"overdue\">overdue</span>",
            html_escape::encode_text(&clean_doc(d))
        ),
        (d, _) => opt(d),
    };
    let status = i.status.as_str();
    // On a narrow screen the Changed column folds into the status cell.
    let folded = if since && i.changed_since {
        " <span class=\"mark-inline\">✱</span>"
    } else {
        ""
    };
    let closed = match (&i.done_by, &i.done_at) {
        (Some(by), Some(at)) => format!(
            "{}<br><span class=\"date\">{}</span>",
            text(by),
            text(&o.zone.human(at))
        ),
        (by, _) => opt(by),
    };
    // On a narrow screen the "Closed by, at" column folds into the status cell too.
    let closed_inline = match &i.done_by {
        Some(_) => format!("<span class=\"closed-inline\">by {closed}</span>"),
        None => String::new(),
    };
    let _ = write!(
        out,
        "<tr class=\"{status}\"><td class=\"status\">{status}{folded}{closed_inline}</td><td class=\"id\">{id}</td><td>{title}</td><td>{}</td><td class=\"date\">{due}</td><td class=\"closed\">{closed}</td><td class=\"pre\">{}</td>",
        opt(&i.owner),
        opt(&i.note)
    );
    if since {
        out.push_str(if i.changed_since {
            "<td class=\"mark changed\">✱</td>"
        } else {
            "<td class=\"changed\"></td>"
        });
    }
    out.push_str("</tr>\n");
}
