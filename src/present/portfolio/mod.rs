//! `ftrack portfolio`: every engagement at a glance, one row each, worst first. One view
//! (`view::PortfolioView`), rendered as text for a terminal, Markdown, one self-contained HTML
//! dashboard, JSON (its serde form), CSV and an Excel sheet. The formats share the report's
//! machinery: its sanitiser, HTML escaping, CSV neutralising and Excel cell writing.

pub mod html;
pub mod markdown;
pub mod sheet;
pub mod text;
pub mod view;

pub use view::{
    Activity, ErrorView, LastChange, NextDue, NextTarget, PhaseCell, Place, PortfolioView, Pull,
    Row, Skipped, Totals,
};

use crate::present::Style;
use crate::present::report::{self, Options};

/// A portfolio format: its name and renderer. The file extensions are the report's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal, fitted to its width (80 columns when piped)
    Text,
    /// A GitHub-flavoured Markdown table
    #[value(alias = "md")]
    Markdown,
    /// One self-contained dashboard page (inline CSS, no script), printable
    #[value(alias = "htm")]
    Html,
    /// The portfolio's data ("schema": 1)
    Json,
    /// One row per engagement
    Csv,
    /// An Excel workbook of one sheet (needs --output)
    Xlsx,
}

impl Format {
    pub fn name(self) -> &'static str {
        self.as_report().name()
    }

    fn as_report(self) -> report::Format {
        match self {
            Format::Text => report::Format::Text,
            Format::Markdown => report::Format::Markdown,
            Format::Html => report::Format::Html,
            Format::Json => report::Format::Json,
            Format::Csv => report::Format::Csv,
            Format::Xlsx => report::Format::Xlsx,
        }
    }

    /// The portfolio format a report format is, if the portfolio has it (not a calendar).
    pub fn from_report(f: report::Format) -> Option<Format> {
        use clap::ValueEnum;
        Format::value_variants()
            .iter()
            .copied()
            .find(|p| p.as_report() == f)
    }

    /// The file extensions (lower case) that ask for this format.
    pub fn extensions(self) -> &'static [&'static str] {
        self.as_report().extensions()
    }

    /// True for a format that is not text.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }

    /// The portfolio in this format, as the bytes of a file; `style` lays out the text.
    pub fn render(self, v: &PortfolioView, o: &Options, style: Style) -> anyhow::Result<Vec<u8>> {
        Ok(match self {
            Format::Text => text::render(v, style).into_bytes(),
            Format::Markdown => markdown::render(v, o).into_bytes(),
            Format::Html => html::render(v, o).into_bytes(),
            Format::Json => crate::present::json(v)?.into_bytes(),
            Format::Csv => sheet::csv(v, o.bom)?,
            Format::Xlsx => sheet::xlsx(v, o)?,
        })
    }
}

/// The row's colour as a word: red, amber, green, or error.
pub fn status_word(r: &Row) -> &'static str {
    match (&r.error, r.status) {
        (None, Some(rag)) => rag.as_str(),
        _ => "error",
    }
}

/// "3 done, 1 waived; advanced to assess; 2 assign" — what changed since `--since`, or
/// "no change".
pub fn activity_words(a: &Activity) -> String {
    let mut counts = Vec::new();
    for (n, what) in [
        (a.done, "done"),
        (a.waived, "waived"),
        (a.reopened, "reopened"),
        (a.undone, "undone"),
    ] {
        if n > 0 {
            counts.push(format!("{n} {what}"));
        }
    }
    let mut parts = Vec::new();
    if !counts.is_empty() {
        parts.push(counts.join(", "));
    }
    if !a.advanced.is_empty() {
        parts.push(format!("advanced to {}", a.advanced.join(", ")));
    }
    if !a.back.is_empty() {
        parts.push(format!("back to {}", a.back.join(", ")));
    }
    let others: Vec<String> = a.others.iter().map(|(op, n)| format!("{n} {op}")).collect();
    if !others.is_empty() {
        parts.push(others.join(", "));
    }
    if parts.is_empty() {
        "no change".to_string()
    } else {
        parts.join("; ")
    }
}

/// An unreadable tracker's error for people: the folder named as it is shown (the message
/// names files by their full path).
pub fn error_line(r: &Row, e: &ErrorView) -> String {
    let mut message = e.message.clone();
    let tracker_folder = std::path::Path::new(&r.tracker)
        .parent()
        .map(|p| p.display().to_string());
    if r.shown_path != "." {
        for folder in [Some(r.path.clone()), tracker_folder].into_iter().flatten() {
            message = message.replace(&format!("{folder}/"), &format!("{}/", r.shown_path));
        }
    }
    message
}

/// "in 3 days", "today", "3 days late" for a date `days` from today.
pub fn days_words(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "1 day late".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days late", -d),
    }
}
