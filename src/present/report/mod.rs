//! The meeting report in each format: one small pure renderer per format over the one
//! `ReportView` (JSON is its serde form). Wording shared by the formats lives here, so that the
//! formats say the same things; each renderer escapes for its own medium.

use chrono::{DateTime, FixedOffset, Utc};

pub mod csv;
pub mod facts;
pub mod html;
mod html_text;
pub mod ics;
pub mod markdown;
mod svg;
pub mod text;
mod view;
pub mod xlsx;

pub use crate::model::health::Rag;
pub use facts::{NextItem, OwnerGroup, Week, can_draw_burnup};
pub use view::{Change, Item, PhaseReport, Progress, ReportView, SignOff};

/// A report format: its name, the file extensions that ask for it, and its renderer. A new
/// format is one file beside these and one variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, 80 columns
    Text,
    /// GitHub-flavoured Markdown, a table per phase
    #[value(alias = "md")]
    Markdown,
    /// One self-contained page (inline CSS, no script), print-ready
    #[value(alias = "htm")]
    Html,
    /// The report's data ("schema": 1)
    Json,
    /// One row per item
    Csv,
    /// An Excel workbook: summary with chart, a sheet per phase, items, changes (needs --output)
    Xlsx,
    /// An iCalendar file: an all-day event per open item with a due date and per phase target
    Ics,
}

impl Format {
    /// How the format is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Json => "JSON",
            Format::Csv => "CSV",
            Format::Xlsx => "Excel",
            Format::Ics => "iCalendar",
        }
    }

    /// File extensions (lower case) that ask for this format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["txt", "text"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Json => &["json"],
            Format::Csv => &["csv"],
            Format::Xlsx => &["xlsx"],
            Format::Ics => &["ics"],
        }
    }

    /// Every extension that asks for a format, in the formats' order.
    pub fn all_extensions() -> Vec<&'static str> {
        use clap::ValueEnum;
        Format::value_variants()
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .collect()
    }

    /// The format a file name asks for by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        use clap::ValueEnum;
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::value_variants()
            .iter()
            .copied()
            .find(|f| f.extensions().contains(&ext.as_str()))
    }

    /// The report in this format, as the bytes of a file.
    pub fn render(self, v: &ReportView, o: &Options) -> anyhow::Result<Vec<u8>> {
        Ok(match self {
            Format::Text => text::render(v, o).into_bytes(),
            Format::Markdown => markdown::render(v, o).into_bytes(),
            Format::Html => html::render(v, o).into_bytes(),
            Format::Json => crate::present::json(v)?.into_bytes(),
            Format::Csv => csv::render(v, o.bom)?,
            // (A workbook the writer refuses is a defect of ours, never the file system's.)
            Format::Xlsx => xlsx::render(v, o).map_err(|e| {
                crate::error::UserError::new(
                    crate::error::Kind::Io,
                    format!("cannot make the Excel report: {e}"),
                    "the other formats (--format html, markdown, csv) hold the same report; please report this",
                )
            })?,
            Format::Ics => ics::render(v).into_bytes(),
        })
    }

    /// True for a format that is not text (a terminal or a pipe into `less` cannot take it).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx)
    }
}

/// Paper size for the printed HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// How a format renders, decided by the app: paper, a byte-order mark, the time zone.
pub struct Options {
    pub paper: Paper,
    /// CSV: start with a UTF-8 byte-order mark (Excel's default import then reads UTF-8).
    pub bom: bool,
    pub zone: Zone,
}

/// The time zone the human formats show times in: the offset from UTC at each instant (so
/// that daylight saving time is right for every date), decided by the app from the machine's
/// zone, or UTC with `--utc`. Renderers only call it: they stay pure.
pub struct Zone {
    /// How the zone is named in the report: "UTC", or "Europe/Berlin (+01:00)".
    pub name: String,
    offset: Box<dyn Fn(DateTime<Utc>) -> FixedOffset>,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_string(),
            offset: Box::new(|_| FixedOffset::east_opt(0).expect("zero offset")),
        }
    }

    pub fn new(name: String, offset: impl Fn(DateTime<Utc>) -> FixedOffset + 'static) -> Zone {
        Zone {
            name,
            offset: Box::new(offset),
        }
    }

    /// An RFC 3339 time of the view in this zone.
    pub fn at(&self, rfc3339: &str) -> Option<DateTime<FixedOffset>> {
        let t = DateTime::parse_from_rfc3339(rfc3339)
            .ok()?
            .with_timezone(&Utc);
        Some(t.with_timezone(&(self.offset)(t)))
    }

    /// "2026-11-19 16:00", the one human time format (`present::Style::time`); an unreadable
    /// time is shown as it is.
    pub fn human(&self, rfc3339: &str) -> String {
        self.at(rfc3339).map_or_else(
            || rfc3339.to_string(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        )
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            paper: Paper::A4,
            bom: false,
            zone: Zone::utc(),
        }
    }
}

/// A phase's colour and why: "red: kickoff-meeting overdue (due 2026-11-15)", "green".
pub fn rag_text(p: &PhaseReport) -> String {
    if p.rag_reasons.is_empty() {
        p.rag.as_str().to_string()
    } else {
        format!("{}: {}", p.rag.as_str(), p.rag_reasons.join("; "))
    }
}

/// "red: kickoff-meeting overdue (due 2026-11-15); …" for a phase not green.
pub fn rag_line(p: &PhaseReport) -> Option<String> {
    (p.rag != Rag::Green).then(|| format!("{}: {}", p.phase, p.rag_reasons.join("; ")))
}

/// "target 2026-12-04, advanced 2026-12-02 (2 days early)"; None without a target or advance.
pub fn planned(p: &PhaseReport) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(t) = &p.target {
        parts.push(format!("target {t}"));
    }
    if let Some(a) = &p.advanced {
        parts.push(format!("advanced {a}"));
    }
    if parts.is_empty() {
        return None;
    }
    let mut s = parts.join(", ");
    match p.late_days {
        Some(0) if p.advanced.is_some() => s.push_str(" (on time)"),
        Some(n) if n > 0 && p.advanced.is_some() => s.push_str(&format!(" ({} late)", days(n))),
        Some(n) if n > 0 => s.push_str(&format!(" ({} past, still open)", days(n))),
        Some(n) if n < 0 => s.push_str(&format!(" ({} early)", days(-n))),
        _ => {}
    }
    Some(s)
}

/// "1 day", "2 days".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// An owner group's heading: the owner, or "(unassigned)".
pub fn owner(g: &OwnerGroup) -> &str {
    g.owner.as_deref().unwrap_or("(unassigned)")
}

/// "due 2026-11-15, 10 days overdue" / "due 2026-11-30, in 5 days" / "due today".
pub fn due_in(i: &NextItem) -> String {
    match i.days {
        0 => format!("due {} (today)", i.due),
        1 => format!("due {} (tomorrow)", i.due),
        -1 => format!("due {}, 1 day overdue", i.due),
        d if d < 0 => format!("due {}, {} days overdue", i.due, -d),
        d => format!("due {}, in {d} days", i.due),
    }
}

/// The document title.
pub fn title(v: &ReportView) -> String {
    match &v.name {
        Some(name) => format!("Onboarding report: {name}"),
        None => "Onboarding report".to_string(),
    }
}

/// "Progress recorded on items this catalog does not have: software (1 event), …", or None.
pub fn orphans_line(v: &ReportView) -> Option<String> {
    if v.orphans.is_empty() {
        return None;
    }
    let list: Vec<String> = v
        .orphans
        .iter()
        .map(|(id, n)| format!("{id} ({n} event{})", if *n == 1 { "" } else { "s" }))
        .collect();
    Some(format!(
        "progress recorded on items this catalog does not have (orphaned): {}; `ftrack doctor` explains",
        list.join(", ")
    ))
}

/// "12 done, 3 waived, 23 outstanding of 38".
pub fn counts(p: &Progress) -> String {
    format!(
        "{} done, {} waived, {} outstanding of {}",
        p.done, p.waived, p.outstanding, p.total
    )
}

/// A section heading's name: "initiate (current)", "general (engagement-wide)".
pub fn phase_heading(phase: &str, general: bool, current: bool) -> String {
    let mut s = phase.to_string();
    if general {
        s.push_str(" (engagement-wide)");
    }
    if current {
        s.push_str(" (current phase)");
    }
    s
}

/// "by alice at 2026-11-20 10:00, into assess" (a forced advance says so; its reason is
/// `s.reason`, rendered by the caller).
pub fn sign_off(s: &SignOff, zone: &Zone) -> String {
    format!(
        "{}by {} at {}, into {}",
        if s.forced { "FORCED " } else { "" },
        s.by,
        zone.human(&s.at),
        s.to
    )
}

/// One change in words, without its note: "done kickoff-meeting", "assigned x: owner alice,
/// due 2026-12-01", "advanced initiate → assess (FORCED)".
pub fn change(c: &Change) -> String {
    let mut s = c.event.to_string();
    if let Some(task) = &c.task {
        s.push(' ');
        s.push_str(task);
    }
    if c.event == "assigned" {
        let mut parts = Vec::new();
        if let Some(o) = &c.owner {
            parts.push(if o.is_empty() {
                "owner cleared".to_string()
            } else {
                format!("owner {o}")
            });
        }
        if let Some(d) = &c.due {
            parts.push(if d.is_empty() {
                "due date cleared".to_string()
            } else {
                format!("due {d}")
            });
        }
        s.push_str(": ");
        s.push_str(&parts.join(", "));
    }
    if c.event == "planned" {
        s = format!(
            "planned {}: {}",
            c.phase.as_deref().unwrap_or("?"),
            match c.due.as_deref() {
                Some(d) if !d.is_empty() => format!("target {d}"),
                _ => "target date cleared".to_string(),
            }
        );
    }
    if c.event == "advanced" {
        s = format!(
            "advanced {} → {}",
            c.from.as_deref().unwrap_or("?"),
            c.to.as_deref().unwrap_or("?")
        );
        if c.forced {
            s.push_str(" (FORCED)");
        }
    }
    s
}

/// A week's moves between phases, in words: "→ assess" for an advance, "← initiate (back)"
/// for a step back. Phase names are the catalog's; each format escapes them.
pub fn moves(w: &Week) -> Vec<String> {
    let forward = w.advances.iter().map(|a| format!("→ {a}"));
    forward
        .chain(w.back.iter().map(|b| format!("← {b} (back)")))
        .collect()
}

/// What a change's note is called: the reason of a waiver or forced advance, else a note.
pub fn note_label(c: &Change) -> &'static str {
    match c.event {
        "waived" | "advanced" | "retired" => "reason",
        _ => "note",
    }
}

#[cfg(test)]
mod tests;
