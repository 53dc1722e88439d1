//! The report as GitHub-flavoured Markdown: a header list, one table per phase. User text is
//! escaped so that it is shown as written and can never break a table or become markup: see
//! `escape`.

use std::fmt::Write;

use super::{
    Week, change, counts, due_in, note_label, owner, phase_heading, planned, rag_line, rag_text,
    sign_off, title,
};
use crate::present::bar;
use crate::present::report::{Item, Options, PhaseReport, Progress, ReportView, Zone};

/// Text for a Markdown table cell or inline position: `|` and the characters that start inline
/// markup (emphasis, code, links, strikethrough, math, a heading's closing `#`) are
/// backslash-escaped, `<` `>` `&` become entities (so raw HTML and autolinks are never
/// interpreted), and a line break becomes `<br>` (a table row is one line). User text never
/// starts a line, so block markers (`-`, `1.`, `>`) need nothing. Terminal controls are shown
/// escaped first (`render::clean_doc`), their backslash escaped in turn.
pub fn escape(s: &str) -> String {
    let s = crate::present::clean_doc(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '$' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// As `escape`, for text that starts a paragraph: a leading list, quote, heading or rule marker
/// (`- `, `1. `, `> `, `# `, `---`) is escaped too, so a catalog's description stays a paragraph.
pub fn escape_block(s: &str) -> String {
    let out = escape(s);
    let starts_block = out.starts_with(['-', '+', '>', '='])
        || out
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['.', ')'])
            && out.starts_with(|c: char| c.is_ascii_digit());
    if starts_block {
        let digits = out.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        format!("{}\\{}", &out[..digits], &out[digits..])
    } else {
        out
    }
}

/// The burn-up's colours in Mermaid, as in the HTML report: closed items, the total.
const CLOSED: &str = "#1565c0";
const TOTAL: &str = "#616161";

fn progress(p: &Progress) -> String {
    format!("`{}` {}% — {}", bar(p.fraction(), 20), p.percent, counts(p))
}

pub fn render(v: &ReportView, o: &Options) -> String {
    let z = &o.zone;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&title(v)));
    let _ = writeln!(
        out,
        "- **Generated:** {}, times in {}",
        escape(&z.human(&v.generated_at)),
        escape(&z.name)
    );
    let _ = writeln!(out, "- **Current phase:** {}", escape(&v.current_phase));
    let _ = writeln!(out, "- **Overall progress:** {}", progress(&v.progress));
    let _ = writeln!(out, "- **Status:** {}", v.rag.as_str());
    if let Some(line) = super::orphans_line(v) {
        let _ = writeln!(out, "- **Warning:** {}", escape(&line));
    }
    if let Some(since) = &v.since {
        let _ = writeln!(
            out,
            "- **Since:** {} (items changed since then are marked ✱; the changes are listed last)",
            escape(&z.human(since))
        );
    }
    summary(&mut out, v);
    chart(&mut out, v);
    next(&mut out, v);
    for p in v.sections() {
        out.push('\n');
        phase(&mut out, p, v.since.is_some(), z);
    }
    if let Some(since) = &v.since {
        let _ = writeln!(out, "\n## Since {}\n", escape(&z.human(since)));
        if v.changes.is_empty() {
            out.push_str("Nothing was recorded since then.\n");
        } else {
            out.push_str("| When | Who | What | Note / reason |\n| --- | --- | --- | --- |\n");
            for c in &v.changes {
                let note = c
                    .note
                    .as_deref()
                    .map(|n| format!("{}: {}", note_label(c), escape(n)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {note} |",
                    escape(&z.human(&c.at)),
                    escape(&c.by),
                    escape(&change(c))
                );
            }
        }
    }
    out
}

fn summary(out: &mut String, v: &ReportView) {
    out.push_str("\n## Summary\n\n| Phase | Done | Waived | Outstanding | Total | Progress | Gate | Status | Target | Advanced |\n| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |\n");
    for p in &v.phases {
        let name = if p.current {
            format!("**{}** (current)", escape(&p.phase))
        } else {
            escape(&p.phase)
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | `{}` {}% | {} | {} | {} | {} |",
            p.progress.done,
            p.progress.waived,
            p.progress.outstanding,
            p.progress.total,
            bar(p.progress.fraction(), 10),
            p.progress.percent,
            p.gate,
            p.rag.as_str(),
            p.target.as_deref().unwrap_or(""),
            p.advanced.as_deref().unwrap_or("")
        );
    }
    let notes: Vec<String> =
        v.phases
            .iter()
            .filter_map(|p| rag_line(p).map(|l| format!("- **{}** {}", p.rag.as_str(), escape(&l))))
            .chain(v.phases.iter().filter_map(|p| {
                planned(p).map(|l| format!("- {}: {}", escape(&p.phase), escape(&l)))
            }))
            .collect();
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            let _ = writeln!(out, "{n}");
        }
    }
}

/// A Mermaid `xychart-beta` (GitHub and Azure DevOps wikis draw it), then the same numbers as a
/// table for every other reader. The chart holds no user text: weeks and numbers only. Its
/// colours are set (a dark blue for closed items, a dark grey for the total), so that both
/// lines read on white and in print; a single week is drawn from its Monday to the report's
/// day, so that its lines show.
fn chart(out: &mut String, v: &ReportView) {
    if v.burnup.is_empty() {
        return;
    }
    let max = v.burnup.iter().map(|w| w.total).max().unwrap_or(0).max(1);
    let mut weeks: Vec<String> = v.burnup.iter().map(|w| format!("\"{}\"", w.week)).collect();
    let mut points: Vec<&Week> = v.burnup.iter().collect();
    if let [only] = v.burnup.as_slice() {
        let today = v.generated_at.get(..10).unwrap_or(&only.week);
        weeks.push(format!("\"{today}\""));
        points.push(only);
    }
    let series = |f: &dyn Fn(&Week) -> usize| {
        points
            .iter()
            .map(|w| f(w).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "\n## Burn-up\n\n```mermaid\n---\nconfig:\n  themeVariables:\n    xyChart:\n      plotColorPalette: \"{CLOSED}, {TOTAL}\"\n---\nxychart-beta\n    title \"Items closed (blue) against the total (grey), per week\"\n    x-axis [{}]\n    y-axis \"Items\" 0 --> {max}\n    line [{}]\n    line [{}]\n```\n",
        weeks.join(", "),
        series(&|w| w.closed),
        series(&|w| w.total)
    );
    out.push_str("| Week of | Closed | Total | Phase changes |\n| --- | ---: | ---: | --- |\n");
    for w in &v.burnup {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            w.week,
            w.closed,
            w.total,
            escape(&super::moves(w).join(", "))
        );
    }
}

fn next(out: &mut String, v: &ReportView) {
    out.push_str("\n## What is next\n\n");
    if v.next.is_empty() {
        out.push_str("Nothing is due within 14 days, and nothing is overdue.\n");
        return;
    }
    out.push_str("Items due within 14 days, and overdue items, by owner.\n\n| Owner | ID | Title | Phase | Due |\n| --- | --- | --- | --- | --- |\n");
    for g in &v.next {
        for i in &g.items {
            let due = if i.overdue {
                format!("**{}**", escape(&due_in(i)))
            } else {
                escape(&due_in(i))
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {due} |",
                escape(owner(g)),
                escape(&i.id),
                escape(&i.title),
                escape(&i.phase)
            );
        }
    }
}

fn phase(out: &mut String, p: &PhaseReport, since: bool, z: &Zone) {
    let _ = writeln!(
        out,
        "## {}\n",
        escape(&phase_heading(&p.phase, p.general, p.current))
    );
    if !p.description.is_empty() {
        let _ = writeln!(out, "{}\n", escape_block(&p.description));
    }
    let _ = writeln!(out, "- **Progress:** {}", progress(&p.progress));
    if p.blockers.is_empty() {
        out.push_str("- **Gate:** open\n");
    } else {
        let ids: Vec<String> = p.blockers.iter().map(|b| escape(b)).collect();
        let _ = writeln!(out, "- **Gate:** blocked by {}", ids.join(", "));
    }
    let _ = writeln!(out, "- **Status:** {}", escape(&rag_text(p)));
    if let Some(line) = planned(p) {
        let _ = writeln!(out, "- **Planned:** {}", escape(&line));
    }
    if let Some(s) = &p.signed_off {
        let reason = s
            .reason
            .as_deref()
            .map(|r| format!(" — reason: {}", escape(r)))
            .unwrap_or_default();
        let _ = writeln!(out, "- **Signed off:** {}{reason}", escape(&sign_off(s, z)));
    }
    out.push_str("\n| Status | ID | Title | Owner | Due | Done by | Done at | Note / reason |");
    out.push_str(if since { " Changed |\n" } else { "\n" });
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |");
    out.push_str(if since { " --- |\n" } else { "\n" });
    for i in &p.items {
        row(out, i, since, z);
    }
}

fn row(out: &mut String, i: &Item, since: bool, z: &Zone) {
    let opt = |s: &Option<String>| s.as_deref().map(escape).unwrap_or_default();
    let mut title = escape(&i.title);
    if crate::present::mark_optional(&i.title, i.required) {
        title.push_str(" _(optional)_");
    }
    // The full text under the title, unless it only repeats it.
    if i.text.trim() != i.title.trim() {
        title.push_str(&format!("<br>{}", escape(&i.text)));
    }
    let due = match (&i.due, i.overdue) {
        (Some(d), true) => format!("{} **overdue**", escape(d)),
        (d, _) => opt(d),
    };
    let _ = write!(
        out,
        "| {} | {} | {title} | {} | {due} | {} | {} | {} |",
        i.status.as_str(),
        escape(&i.id),
        opt(&i.owner),
        opt(&i.done_by),
        opt(&i.done_at.as_deref().map(|t| z.human(t))),
        opt(&i.note)
    );
    if since {
        out.push_str(if i.changed_since { " ✱ |" } else { "  |" });
    }
    out.push('\n');
}
