//! Pure functions from a view to text. No I/O: commands print what these return.

pub mod changes;
pub mod detail;
pub mod diff;
pub mod doctor;
pub mod gate;
pub mod grid;
pub mod human;
pub mod paint;
pub mod portfolio;
pub mod report;
pub mod status;
pub mod switch;
pub mod view;
pub mod wrap;

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, Utc};

use serde::Serialize;

/// How human output may look: colour only on a terminal without NO_COLOR, the width to fit,
/// the height `status` fits in, and the time zone times are shown in.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Rows of the screen: the terminal's, else `DEFAULT_HEIGHT`.
    pub height: usize,
    /// The UTC offset of the zone times are shown in, at a given instant (the app decides: the
    /// local zone, or UTC under `--utc`).
    pub offset_at: fn(DateTime<Utc>) -> FixedOffset,
    /// The zone's name, said once on every screen that shows a time: "UTC", or
    /// "Europe/Berlin (+01:00)".
    pub zone: &'static str,
}

/// Output that is not a terminal is laid out for this many columns unless COLUMNS says otherwise.
pub const DEFAULT_WIDTH: usize = 80;
/// … and this many rows unless LINES says otherwise.
pub const DEFAULT_HEIGHT: usize = 24;

pub fn utc_offset(_: DateTime<Utc>) -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset")
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
            height: DEFAULT_HEIGHT,
            offset_at: utc_offset,
            zone: "UTC",
        }
    }
}

impl Style {
    /// A time as people read it, the one human format: `2026-11-25 13:00` in the zone of the
    /// output (RFC 3339 only in JSON, CSV and iCalendar).
    pub fn time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&(self.offset_at)(t))
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// An RFC 3339 time of a view as people read it (as `time`); anything else as it is.
    pub fn time_of(&self, rfc3339: &str) -> String {
        DateTime::parse_from_rfc3339(rfc3339)
            .map_or_else(|_| rfc3339.to_string(), |t| self.time(t.to_utc()))
    }

    /// The line that names the zone of the times on a screen: "Times are in UTC."
    pub fn zone_line(&self) -> String {
        format!("Times are in {}.\n", self.zone)
    }

    /// The date of a time in the zone of the output.
    pub fn date(&self, t: DateTime<Utc>) -> chrono::NaiveDate {
        t.with_timezone(&(self.offset_at)(t)).date_naive()
    }
}

pub use crate::model::text::is_deceptive;

use crate::model::text::{Keep, sanitize};

/// Text for a document (Markdown, HTML, CSV) that may itself be shown on a terminal: deceptive
/// characters escaped as in `clean`, line breaks and tabs kept, never a raw carriage return
/// (`approved\rREJECTED` must not display as "REJECTED").
pub fn clean_doc(s: &str) -> Cow<'_, str> {
    sanitize(
        s,
        Keep {
            newline: true,
            tab: true,
        },
    )
}

/// Text for a terminal: deceptive characters shown escaped (`\u{1b}`), newlines kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    sanitize(
        s,
        Keep {
            newline: true,
            tab: false,
        },
    )
}

/// Text for one line of a terminal: as `clean`, and newlines shown as `\n`.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    sanitize(
        s,
        Keep {
            newline: false,
            tab: false,
        },
    )
}

/// Whether an optional item's title needs "(optional)" after it: not when it already ends in
/// a condition of its own ("… infrastructure (if needed)", "(if you choose to)", "(optional)"),
/// so that no title reads "(if needed) (optional)".
pub fn mark_optional(title: &str, required: bool) -> bool {
    if required {
        return false;
    }
    let t = title.trim_end().to_lowercase();
    let last = t
        .strip_suffix(')')
        .and_then(|rest| rest.rfind('(').map(|k| &rest[k + 1..]));
    !last.is_some_and(|l| {
        ["if ", "when ", "optional", "where "]
            .iter()
            .any(|w| l.starts_with(w))
    })
}

/// A progress bar of `width` cells for a fraction in 0..=1, rounded down like the percentages
/// (a full bar means everything is closed).
pub fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64 + 1e-9).floor() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Pretty JSON of a view, with a final newline. Still exact JSON, but nothing in it reaches a
/// terminal raw when it is piped through `cat`: serde_json escapes C0 controls, and every other
/// deceptive character (DEL, C1 controls, bidi marks, zero-width and tag characters, line
/// separators) is written as a `\uXXXX` escape too. (Outside strings JSON text is ASCII, so
/// this can only touch string contents.)
pub fn json<T: Serialize>(view: &T) -> anyhow::Result<String> {
    let raw = serde_json::to_string_pretty(view)?;
    let mut s = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        if (is_deceptive(c) && !c.is_ascii_control()) || c == '\u{7f}' {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                s.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            s.push(c);
        }
    }
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
    fn every_deceptive_character_is_shown() {
        for c in [
            '\u{200F}',
            '\u{061C}',
            '\u{200B}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{2028}',
            '\u{2029}',
            '\u{E0041}',
            '\u{9B}',
            '\u{7F}',
            '\u{202E}',
            '\u{2066}',
        ] {
            let text = format!("a{c}b");
            for shown in [clean(&text), clean_line(&text), clean_doc(&text)] {
                assert!(!shown.contains(c), "{c:?} shown raw");
                assert!(shown.contains("\\u{"), "{c:?}: {shown}");
            }
        }
        assert_eq!(clean_doc("approved\rREJECTED"), "approved\\rREJECTED");
        assert_eq!(clean_doc("one\r\ntwo\tthree"), "one\ntwo\tthree");
    }

    #[test]
    fn json_escapes_what_would_reach_a_terminal_and_stays_exact() {
        let text = "x\u{202E}y\u{9B}z\u{7F}\u{E0041}\u{1b}";
        let out = json(&serde_json::json!({ "note": text })).unwrap();
        assert!(out.is_ascii(), "{out}");
        assert!(
            out.contains("\\u202e") && out.contains("\\u009b") && out.contains("\\udb40\\udc41")
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["note"], text);
    }

    #[test]
    fn a_title_that_says_it_is_conditional_is_not_marked_optional_again() {
        assert!(!mark_optional(
            "Provide CA, Wi-Fi and VPN infrastructure (if needed)",
            false
        ));
        assert!(!mark_optional(
            "Share your screen (if you choose to)",
            false
        ));
        assert!(mark_optional("Share your screen", false));
        assert!(!mark_optional("Share your screen", true));
        assert!(mark_optional("Plan (phase 2)", false));
    }

    #[test]
    fn bars() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(1.0, 3), "███");
        assert_eq!(bar(0.0, 2), "░░");
    }
}
