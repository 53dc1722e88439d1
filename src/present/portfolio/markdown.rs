//! The portfolio as a GitHub-flavoured Markdown table, one row per engagement, escaped as the
//! report's Markdown is (`report::markdown::escape`). Times are for people, as in the report's
//! Markdown: "2026-11-25 12:00" in the report's zone, named once.

use std::fmt::Write;

use super::view::{PortfolioView, Row};
use super::{activity_words, days_words, status_word};
use crate::present::bar;
use crate::present::report::Options;
use crate::present::report::markdown::escape;

pub fn render(v: &PortfolioView, o: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Portfolio\n");
    let _ = writeln!(
        out,
        "- **Generated:** {}, times in {}",
        escape(&o.zone.human(&v.generated_at)),
        escape(&o.zone.name)
    );
    let t = &v.totals;
    let _ = writeln!(
        out,
        "- **Engagements:** {} — {} red, {} amber, {} green, {} unreadable",
        t.engagements, t.red, t.amber, t.green, t.unreadable
    );
    if let Some(since) = &v.since {
        let _ = writeln!(out, "- **Changes since:** {}", escape(&o.zone.human(since)));
    }
    out.push('\n');
    if v.engagements.is_empty() {
        out.push_str("No trackers found.\n");
        return out;
    }
    let since = v.since.is_some();
    out.push_str("| Status | Engagement | Folder | Phase | Progress | Open | Overdue | Next target | Next due | Last change | Why |");
    out.push_str(if since { " Since |\n" } else { "\n" });
    out.push_str("| --- | --- | --- | --- | --- | ---: | ---: | --- | --- | --- | --- |");
    out.push_str(if since { " --- |\n" } else { "\n" });
    for r in &v.engagements {
        row(&mut out, r, since, o);
    }
    for s in &v.skipped {
        let _ = writeln!(out, "\nSkipped {}: {}", escape(&s.path), escape(&s.why));
    }
    out
}

fn row(out: &mut String, r: &Row, since: bool, o: &Options) {
    let status = match status_word(r) {
        "green" => "green".to_string(),
        word => format!("**{word}**"),
    };
    let progress = r.progress.map_or(String::new(), |p| {
        format!("`{}` {}%", bar(p.fraction(), 10), p.percent)
    });
    let num = |n: Option<usize>| n.map_or(String::new(), |n| n.to_string());
    let target = r.next_target.as_ref().map_or(String::new(), |t| {
        format!("{} {} ({})", escape(&t.phase), t.date, days_words(t.days))
    });
    let due = r.next_due.as_ref().map_or(String::new(), |d| {
        format!("{} {} ({})", escape(&d.id), d.date, days_words(d.days))
    });
    let changed = r.last_change.as_ref().map_or(String::new(), |c| {
        format!(
            "{} by {} ({})",
            escape(&o.zone.human(&c.at)),
            escape(&c.by),
            c.event
        )
    });
    let mut why: Vec<String> = r.reasons.iter().map(|s| escape(s)).collect();
    if let Some(e) = &r.error {
        why.push(format!("cannot read: {}", escape(&super::error_line(r, e))));
    }
    if let Some(n) = r.pull.as_ref().and_then(|p| p.note.as_ref()) {
        why.push(escape(n));
    }
    why.extend(r.notes.iter().map(|n| format!("note: {}", escape(n))));
    let _ = write!(
        out,
        "| {status} | {} | {} | {} | {progress} | {} | {} | {target} | {due} | {changed} | {} |",
        escape(&r.title()),
        escape(&r.shown_path),
        escape(r.phase.as_deref().unwrap_or("")),
        num(r.open),
        num(r.overdue),
        why.join("<br>")
    );
    if since {
        let a = r.activity.as_ref().map(activity_words).unwrap_or_default();
        let _ = write!(out, " {} |", escape(&a));
    }
    out.push('\n');
}
