//! The report as one self-contained HTML page: inline CSS, no script, no external request.
//! Bars are CSS boxes with the percentage beside them in text; in print every phase starts a
//! page and nothing depends on colour. Every piece of user text goes through `html_escape`.

use std::fmt::Write;

use std::borrow::Cow;

use crate::present::clean_doc;

/// User text as HTML text: terminal controls shown escaped (the file may be printed with `cat`),
/// then `<`, `>`, `&` escaped.
fn text(s: &str) -> Cow<'static, str> {
    Cow::Owned(html_escape::encode_text(&clean_doc(s)).into_owned())
}

/// The same for a double-quoted attribute value.
fn attr(s: &str) -> Cow<'static, str> {
    Cow::Owned(html_escape::encode_double_quoted_attribute(&clean_doc(s)).into_owned())
}

use super::{change, counts, note_label, phase_heading, sign_off, title};
use crate::present::report::{Item, PhaseReport, Progress, ReportView};

const CSS: &str = "\
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111;background:#fff;max-width:84rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .6rem}
h2{font-size:1.25rem;border-bottom:2px solid #111;padding-bottom:.2rem;margin:2rem 0 .5rem}
h2 .tag{font-size:.8rem;font-weight:600;border:1px solid #111;border-radius:3px;padding:0 .3rem;margin-left:.5rem;vertical-align:middle}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.desc{color:#333;margin:.2rem 0 .5rem}
.bar{display:inline-block;width:12rem;height:.8rem;border:1px solid #111;background:#fff;vertical-align:-.1rem;margin-right:.5rem}
.bar>span{display:block;height:100%;background:#444}
.blocked{font-weight:700}
.forced{font-weight:700}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem}
th,td{border:1px solid #888;padding:.25rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#e8e8e8}
td.id{font-family:ui-monospace,Consolas,monospace;font-size:.85em;white-space:nowrap}
td.date{white-space:nowrap}
tr.done td.status{color:#145214}
tr.waived td.status{font-style:italic;color:#444}
tr.outstanding td.status{font-weight:700}
.overdue{font-weight:700;text-decoration:underline}
.mark{font-weight:700}
@page{size:landscape;margin:12mm}
@media print{
body{max-width:none;margin:0;padding:0;font-size:9.5pt}
section.phase{break-before:page}
h2{margin-top:0}
tr,dl{break-inside:avoid}
thead{display:table-header-group}
th{background:#fff;border-bottom:2px solid #000}
th,td{border-color:#000}
tr.done td.status,tr.waived td.status{color:#000}
.bar,.bar>span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
";

fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map(|s| text(s).into_owned())
        .unwrap_or_default()
}

fn progress(p: &Progress) -> String {
    format!(
        "<span class=\"bar\" role=\"img\" aria-label=\"{pct}% closed\"><span style=\"width:{pct}%\"></span></span>{pct}% — {}",
        counts(p),
        pct = p.percent
    )
}

pub fn render(v: &ReportView) -> String {
    let mut out = String::new();
    let head = text(&title(v)).into_owned();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{head}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{head}</h1>\n<dl>\n"
    );
    let _ = writeln!(out, "<dt>Generated</dt><dd>{}</dd>", text(&v.generated_at));
    let _ = writeln!(
        out,
        "<dt>Current phase</dt><dd>{}</dd>",
        text(&v.current_phase)
    );
    let _ = writeln!(
        out,
        "<dt>Overall progress</dt><dd>{}</dd>",
        progress(&v.progress)
    );
    if let Some(since) = &v.since {
        let _ = writeln!(
            out,
            "<dt>Since</dt><dd>{} (items changed since then are marked <span class=\"mark\">✱</span>)</dd>",
            text(since)
        );
    }
    out.push_str("</dl>\n</header>\n");
    if let Some(since) = &v.since {
        let _ = writeln!(
            out,
            "<section class=\"since\">\n<h2>Since {}</h2>",
            text(since)
        );
        if v.changes.is_empty() {
            out.push_str("<p>Nothing was recorded since then.</p>\n");
        } else {
            out.push_str("<table>\n<thead><tr><th>When</th><th>Who</th><th>What</th><th>Note / reason</th></tr></thead>\n<tbody>\n");
            for c in &v.changes {
                let note = c
                    .note
                    .as_deref()
                    .map(|n| format!("{}: {}", note_label(c), text(n)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<tr><td class=\"date\">{}</td><td>{}</td><td>{}</td><td class=\"pre\">{note}</td></tr>",
                    text(&c.at),
                    text(&c.by),
                    text(&change(c))
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }
    for p in &v.phases {
        phase(&mut out, p, v.since.is_some());
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn phase(out: &mut String, p: &PhaseReport, since: bool) {
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
        let ids: Vec<String> = p.blockers.iter().map(|b| text(b).into_owned()).collect();
        let _ = writeln!(
            out,
            "<dt>Gate</dt><dd><span class=\"blocked\">blocked</span> by {}</dd>",
            ids.join(", ")
        );
    }
    if let Some(s) = &p.signed_off {
        let class = if s.forced { " class=\"forced\"" } else { "" };
        let _ = writeln!(
            out,
            "<dt>Signed off</dt><dd><span{class}>{}</span></dd>",
            text(&sign_off(s))
        );
        if let Some(reason) = &s.reason {
            let _ = writeln!(
                out,
                "<dt>Reason</dt><dd class=\"pre\">{}</dd>",
                text(reason)
            );
        }
    }
    out.push_str("</dl>\n<table>\n<thead><tr><th>Status</th><th>ID</th><th>Title</th><th>Owner</th><th>Due</th><th>Done by</th><th>Done at</th><th>Note / reason</th>");
    out.push_str(if since { "<th>Changed</th>" } else { "" });
    out.push_str("</tr></thead>\n<tbody>\n");
    for i in &p.items {
        row(out, i, since);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn row(out: &mut String, i: &Item, since: bool) {
    let title = if i.required {
        text(&i.title).into_owned()
    } else {
        format!("{} <em>(optional)</em>", text(&i.title))
    };
    let due = match (&i.due, i.overdue) {
        (Some(d), true) => format!("<span class=\"overdue\">{} overdue</span>", text(d)),
        (d, _) => opt(d),
    };
    let status = i.status.as_str();
    let _ = write!(
        out,
        "<tr class=\"{status}\"><td class=\"status\">{status}</td><td class=\"id\">{}</td><td>{title}</td><td>{}</td><td class=\"date\">{due}</td><td>{}</td><td class=\"date\">{}</td><td class=\"pre\">{}</td>",
        text(&i.id),
        opt(&i.owner),
        opt(&i.done_by),
        opt(&i.done_at),
        opt(&i.note)
    );
    if since {
        out.push_str(if i.changed_since {
            "<td class=\"mark\">✱</td>"
        } else {
            "<td></td>"
        });
    }
    out.push_str("</tr>\n");
}
