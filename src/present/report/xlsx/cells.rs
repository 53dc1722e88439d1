//! Cells as Excel holds them: dates within its years, texts within its length, sheet names
//! within its rules.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::ExcelDateTime;

use crate::present::clean_doc;

/// A date as an Excel date cell; None outside the years Excel holds (1900 to 9999): such a
/// date (a hand-made journal line) is written as the text it is.
pub(super) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

pub(super) fn excel_datetime(t: NaiveDateTime) -> Option<ExcelDateTime> {
    excel_date(t.date())?
        .and_hms(t.hour() as u16, t.minute() as u8, t.second())
        .ok()
}

/// The most a cell holds: 32,767 UTF-16 units.
const CELL_MAX: usize = 32_767;

/// A text as a cell holds it: one longer than a cell is cut, and says so (a 1 MB note is kept
/// whole in the journal and in the other formats).
pub(super) fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    let units = |s: &str| s.encode_utf16().count();
    if units(text) <= CELL_MAX {
        return std::borrow::Cow::Borrowed(text);
    }
    let total = text.chars().count();
    let note = |n: usize| format!("… (cut: {n} characters, see the Markdown or HTML report)");
    let budget = CELL_MAX - units(&note(total));
    let mut used = 0;
    let kept: String = text
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= budget
        })
        .collect();
    let cut = total - kept.chars().count();
    std::borrow::Cow::Owned(format!("{kept}{}", note(cut)))
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique
/// (case-insensitively) among `taken`.
pub(super) fn sheet_name(want: &str, taken: &mut Vec<String>) -> String {
    let base: String = clean_doc(want)
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = if base.is_empty() {
        "phase".into()
    } else {
        base
    };
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{} {n}", name.chars().take(27).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_is_cut_and_says_so() {
        let long = "é".repeat(40_000) + "😀";
        let cell = fit(&long);
        assert!(cell.encode_utf16().count() <= CELL_MAX);
        let (kept, note) = cell.split_once('…').unwrap();
        let cut: usize = note
            .strip_prefix(" (cut: ")
            .and_then(|r| r.strip_suffix(" characters, see the Markdown or HTML report)"))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(kept.chars().count() + cut, 40_001);
        assert!(kept.chars().all(|c| c == 'é'));
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn dates_outside_excels_years_are_not_date_cells() {
        assert!(excel_date(NaiveDate::MAX).is_none());
        assert!(excel_date(NaiveDate::MIN).is_none());
        assert!(excel_date(NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()).is_none());
        assert!(excel_date(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).is_some());
    }
}
