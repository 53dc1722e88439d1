//! Pure functions from a view to text. No I/O: commands print what these return.

pub mod changes;
pub mod detail;
pub mod diff;
pub mod grid;
pub mod human;
pub mod paint;
pub mod report;
pub mod view;

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, Utc};

use serde::Serialize;

/// How human output may look: colour only on a terminal without NO_COLOR, the width to fit,
/// and the time zone times are shown in.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// The UTC offset of the zone times are shown in, at a given instant (the app decides: the
    /// local zone, or UTC under `--utc`).
    pub offset_at: fn(DateTime<Utc>) -> FixedOffset,
}

/// Output that is not a terminal is laid out for this many columns unless COLUMNS says otherwise.
pub const DEFAULT_WIDTH: usize = 80;

pub fn utc_offset(_: DateTime<Utc>) -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset")
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
            offset_at: utc_offset,
        }
    }
}

impl Style {
    /// A time as people read it: `2026-11-25 13:00` in the zone of the output.
    pub fn time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&(self.offset_at)(t))
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// The date of a time in the zone of the output.
    pub fn date(&self, t: DateTime<Utc>) -> chrono::NaiveDate {
        t.with_timezone(&(self.offset_at)(t)).date_naive()
    }
}

/// A character that must not reach a terminal raw: control characters (escape sequences start
/// with one) and the bidirectional overrides that can reorder what is shown.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a document (Markdown, HTML, CSV) that may itself be shown on a terminal: control
/// characters and bidi overrides escaped as in `clean`, but line breaks and tabs kept.
pub fn clean_doc(s: &str) -> Cow<'_, str> {
    let unsafe_here = |c: char| is_unsafe(c) && !matches!(c, '\r' | '\t');
    if !s.chars().any(unsafe_here) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if unsafe_here(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Text for a terminal: unsafe characters shown escaped (`\u{1b}`), newlines kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if is_unsafe(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Text for one line of a terminal: as `clean`, and newlines shown as `\n`.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return clean(s);
    }
    Cow::Owned(clean(s).replace('\n', "\\n"))
}

/// A progress bar of `width` cells for a fraction in 0..=1, rounded down like the percentages
/// (a full bar means everything is closed).
pub fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64 + 1e-9).floor() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Pretty JSON of a view, with a final newline.
pub fn json<T: Serialize>(view: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(view)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_but_keeps_text() {
        assert_eq!(clean("plain ’ text"), "plain ’ text");
        assert_eq!(clean("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(clean_line("two\nlines\r"), "two\\nlines\\r");
        assert_eq!(clean("x\u{202E}y"), "x\\u{202e}y");
    }

    #[test]
    fn bars() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(1.0, 3), "███");
        assert_eq!(bar(0.0, 2), "░░");
    }
}
