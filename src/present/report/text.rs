//! The report as plain text for a terminal or a printer: every line fits 80 columns (long text
//! is wrapped, long words broken), bars are drawn with characters, no colour, and user text is
//! cleaned of terminal controls.

use std::fmt::Write;

use super::{
    change, counts, due_in, note_label, owner, phase_heading, planned, rag_line, rag_text,
    sign_off, title,
};
use crate::model::state::Status;
use crate::present::report::{Item, Options, PhaseReport, Progress, ReportView, Zone};
use crate::present::{bar, clean, clean_line};

const WIDTH: usize = 80;
/// Where values start after a field label ("Progress:  ").
const LABEL: usize = 12;
/// Where an item's details start (after the marker and the status column).
const ITEM: usize = 14;

/// Append `text` wrapped to the width: the first line after `first`, the rest after `rest`.
/// Newlines in `text` start new lines (with `rest`).
fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        // Ids and dates are hyphenated: never split a line at their hyphens.
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(&clean(text), options) {
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// A "Label:     value" line, wrapped under the value.
fn field(out: &mut String, label: &str, value: &str) {
    let first = format!("{label:<LABEL$}");
    wrap(out, &first, &" ".repeat(LABEL), value);
}

fn rule(out: &mut String, heading: &str) {
    let head = format!("── {} ", clean_line(heading));
    let fill = WIDTH.saturating_sub(head.chars().count());
    if fill == 0 {
        wrap(out, "", "   ", &head);
    } else {
        let _ = writeln!(out, "{head}{}", "─".repeat(fill));
    }
}

fn progress(p: &Progress) -> String {
    format!("{} {:>3}%  {}", bar(p.fraction(), 20), p.percent, counts(p))
}

pub fn render(v: &ReportView, o: &Options) -> String {
    let z = &o.zone;
    let mut out = String::new();
    wrap(&mut out, "", "", &title(v));
    field(
        &mut out,
        "Generated:",
        &format!("{}, times in {}", z.human(&v.generated_at), z.name),
    );
    field(&mut out, "Phase:", &v.current_phase);
    field(&mut out, "Overall:", &progress(&v.progress));
    field(&mut out, "Status:", v.rag.as_str());
    if let Some(line) = super::orphans_line(v) {
        field(&mut out, "Warning:", &line);
    }
    out.push('\n');
    rule(&mut out, "Summary");
    summary(&mut out, v);
    if !v.burnup.is_empty() {
        out.push('\n');
        rule(&mut out, "Burn-up (items closed of the total, per week)");
        chart(&mut out, v);
    }
    out.push('\n');
    rule(&mut out, "What is next (due within 14 days, and overdue)");
    if v.next.is_empty() {
        out.push_str("Nothing is due within 14 days, and nothing is overdue.\n");
    }
    for g in &v.next {
        wrap(&mut out, "", "", &format!("{}:", owner(g)));
        for i in &g.items {
            let line = format!("{} ({}, {}): {}", i.id, i.phase, due_in(i), i.title);
            wrap(&mut out, "  ", "      ", &line);
        }
    }
    for p in v.sections() {
        out.push('\n');
        phase(&mut out, p, z);
    }
    if let Some(since) = &v.since {
        out.push('\n');
        rule(&mut out, &format!("Since {}", z.human(since)));
        if v.changes.is_empty() {
            out.push_str("Nothing was recorded since then.\n");
        }
        for c in &v.changes {
            let first = format!("{}  ", z.human(&c.at));
            let rest = " ".repeat(first.chars().count());
            wrap(
                &mut out,
                &first,
                &rest,
                &format!("{}: {}", clean_line(&c.by), change(c)),
            );
            if let Some(note) = &c.note {
                let label = format!("{rest}{}: ", note_label(c));
                wrap(&mut out, &label, &" ".repeat(label.len()), note);
            }
        }
        if !v.changes.is_empty() {
            out.push_str("Items changed since then are marked * above.\n");
        }
    }
    out
}

/// One line per phase (name, counts, bar, gate, colour), then why any phase is not green and
/// planned against actual.
fn summary(out: &mut String, v: &ReportView) {
    let name_w = v
        .phases
        .iter()
        .map(|p| clean_line(&p.phase).chars().count() + 2)
        .max()
        .unwrap_or(7)
        .clamp(7, 24);
    let _ = writeln!(
        out,
        "{:<name_w$} {:>4} {:>6} {:>4} {:>5}  {:<15} {:<7} Status",
        "Phase", "Done", "Waived", "Open", "Total", "Progress", "Gate"
    );
    for p in &v.phases {
        let mark = if p.current { "» " } else { "  " };
        let name: String = clean_line(&p.phase).chars().take(name_w - 2).collect();
        let _ = writeln!(
            out,
            "{mark}{name:<w$} {:>4} {:>6} {:>4} {:>5}  {} {:>3}% {:<7} {}",
            p.progress.done,
            p.progress.waived,
            p.progress.outstanding,
            p.progress.total,
            bar(p.progress.fraction(), 10),
            p.progress.percent,
            p.gate,
            p.rag.as_str(),
            w = name_w - 2
        );
    }
    for p in &v.phases {
        if let Some(line) = rag_line(p) {
            wrap(out, "", "    ", &format!("{}: {line}", p.rag.as_str()));
        }
    }
    for p in &v.phases {
        if let Some(line) = planned(p) {
            wrap(out, "", "    ", &format!("{}: {line}", p.phase));
        }
    }
}

/// One line per week: closed items as full blocks, the rest of the total as light shade, on
/// one scale (the largest total), then the numbers and any phase entered that week.
fn chart(out: &mut String, v: &ReportView) {
    const BAR: usize = 40;
    let max = v.burnup.iter().map(|w| w.total).max().unwrap_or(0).max(1);
    for w in &v.burnup {
        let closed = (w.closed * BAR).div_ceil(max).min(BAR);
        let total = (w.total * BAR).div_ceil(max).clamp(closed, BAR);
        let mut line = format!(
            "{} {}{}{} {:>4}/{:<4}",
            w.week,
            "█".repeat(closed),
            "░".repeat(total - closed),
            " ".repeat(BAR - total),
            w.closed,
            w.total
        );
        let moves = super::moves(w);
        if !moves.is_empty() {
            line.push(' ');
            line.push_str(&clean_line(&moves.join(", ")));
        }
        wrap(out, "", &" ".repeat(11), &line);
    }
}

fn phase(out: &mut String, p: &PhaseReport, z: &Zone) {
    rule(out, &phase_heading(&p.phase, p.general, p.current));
    if !p.description.is_empty() {
        wrap(out, "", "", &p.description);
    }
    field(out, "Progress:", &progress(&p.progress));
    let gate = if p.blockers.is_empty() {
        "open".to_string()
    } else {
        format!(
            "blocked by {} required item{}: {}",
            p.blockers.len(),
            if p.blockers.len() == 1 { "" } else { "s" },
            p.blockers.join(", ")
        )
    };
    field(out, "Gate:", &gate);
    field(out, "Status:", &rag_text(p));
    if let Some(line) = planned(p) {
        field(out, "Planned:", &line);
    }
    if let Some(s) = &p.signed_off {
        field(out, "Signed off:", &sign_off(s, z));
        if let Some(reason) = &s.reason {
            field(out, "Reason:", reason);
        }
    }
    out.push('\n');
    for item in &p.items {
        self::item(out, item, z);
    }
}

fn item(out: &mut String, i: &Item, z: &Zone) {
    let indent = " ".repeat(ITEM);
    let mark = if i.changed_since { '*' } else { ' ' };
    let first = format!("{mark} {:<w$}", i.status.as_str(), w = ITEM - 2);
    wrap(out, &first, &indent, &i.id);
    let title = if crate::present::mark_optional(&i.title, i.required) {
        format!("{} (optional)", i.title)
    } else {
        i.title.clone()
    };
    wrap(out, &indent, &indent, &title);
    let mut facts = Vec::new();
    if let Some(owner) = &i.owner {
        facts.push(format!("owner: {}", clean_line(owner)));
    }
    if let Some(due) = &i.due {
        facts.push(format!(
            "due: {due}{}",
            if i.overdue { " (OVERDUE)" } else { "" }
        ));
    }
    if let (Some(by), Some(at)) = (&i.done_by, &i.done_at) {
        let what = if i.status == Status::Waived {
            "waived"
        } else {
            "done"
        };
        facts.push(format!("{what} by {} at {}", clean_line(by), z.human(at)));
    }
    if !facts.is_empty() {
        wrap(out, &indent, &indent, &facts.join(" · "));
    }
    if let Some(note) = &i.note {
        let label = if i.status == Status::Waived {
            "reason: "
        } else {
            "note: "
        };
        let first = format!("{indent}{label}");
        wrap(out, &first, &" ".repeat(first.len()), note);
    }
}
