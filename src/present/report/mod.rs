//! The meeting report in each format: one small pure renderer per format over the one
//! `ReportView` (JSON is its serde form). Wording shared by the formats lives here, so that the
//! formats say the same things; each renderer escapes for its own medium.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod text;
mod view;

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
        }
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

    pub fn render(self, v: &ReportView) -> anyhow::Result<String> {
        Ok(match self {
            Format::Text => text::render(v),
            Format::Markdown => markdown::render(v),
            Format::Html => html::render(v),
            Format::Json => crate::present::json(v)?,
            Format::Csv => csv::render(v)?,
        })
    }
}

/// The document title.
pub fn title(v: &ReportView) -> String {
    match &v.name {
        Some(name) => format!("Onboarding report: {name}"),
        None => "Onboarding report".to_string(),
    }
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

/// "by alice at 2026-11-20T10:00:00Z, into assess" (a forced advance says so; its reason is
/// `s.reason`, rendered by the caller).
pub fn sign_off(s: &SignOff) -> String {
    format!(
        "{}by {} at {}, into {}",
        if s.forced { "FORCED " } else { "" },
        s.by,
        s.at,
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

/// What a change's note is called: the reason of a waiver or forced advance, else a note.
pub fn note_label(c: &Change) -> &'static str {
    match c.event {
        "waived" | "advanced" | "retired" => "reason",
        _ => "note",
    }
}
