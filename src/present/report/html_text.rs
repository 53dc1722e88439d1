//! User text as HTML, for the report and the portfolio's dashboard: escaped, terminal controls
//! shown escaped, hyphenated words and ids kept whole, and a word too long for a table cell (a
//! link, an e-mail address) given places to break.

use std::fmt::Write;

use std::borrow::Cow;

use crate::present::clean_doc;

/// A word longer than this (a link, a path, an e-mail address) may break inside, so that it
/// never widens a table past the page; shorter words are kept whole.
pub(crate) const LONG_WORD: usize = 24;

/// The longest piece a long word is left in where it has no punctuation to break after.
const PIECE: usize = 16;

/// User text as HTML text: terminal controls shown escaped (the file may be printed with `cat`),
/// then `<`, `>`, `&` escaped.
pub(crate) fn text(s: &str) -> Cow<'static, str> {
    let cleaned = clean_doc(s);
    let mut out = String::with_capacity(cleaned.len() + 16);
    // A browser may break a line after a hyphen inside a word ("user-│provisioning"); a word
    // with one is kept whole. Text is split at whitespace only, so nothing else changes. A word
    // longer than `LONG_WORD` gets places where it may break instead (`breakable`).
    let mut rest: &str = &cleaned;
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        let inner = word
            .char_indices()
            .any(|(k, c)| c == '-' && k > 0 && k + 1 < word.len());
        if word.chars().count() > LONG_WORD {
            out.push_str(&breakable(word));
        } else if inner {
            out.push_str("<span class=\"w\">");
            out.push_str(&html_escape::encode_text(word));
            out.push_str("</span>");
        } else {
            out.push_str(&html_escape::encode_text(word));
        }
        let space = tail.len() - tail.trim_start_matches(char::is_whitespace).len();
        out.push_str(&tail[..space]);
        rest = &tail[space..];
    }
    Cow::Owned(out)
}

/// An id in running text or a cell: escaped and kept whole, however long.
pub(crate) fn id(s: &str) -> String {
    format!(
        "<span class=\"w\">{}</span>",
        html_escape::encode_text(&clean_doc(s))
    )
}

/// A long word, escaped, with a `<wbr>` (a place to break, which copies as nothing) after each
/// run of punctuation that separates its parts (`/`, `.`, `-`, `_`, `?`, `&`, `=`, `@`, …),
/// and after every `PIECE` characters without one.
fn breakable(word: &str) -> String {
    const AFTER: &[char] = &[
        '/', '\\', '.', '-', '_', '?', '&', '=', '@', ':', ',', ';', '+', '~', '#', '%', '|',
    ];
    let mut out = String::with_capacity(word.len() + 32);
    let mut run = 0;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let mut buf = [0; 4];
        out.push_str(&html_escape::encode_text(c.encode_utf8(&mut buf)));
        run += 1;
        let next = chars.peek();
        let part_ends = AFTER.contains(&c) && next.is_some_and(|n| !AFTER.contains(n));
        if next.is_some() && (part_ends || run >= PIECE) {
            out.push_str("<wbr>");
            run = 0;
        }
    }
    out
}

/// The same for a double-quoted attribute value.
pub(crate) fn attr(s: &str) -> Cow<'static, str> {
    Cow::Owned(html_escape::encode_double_quoted_attribute(&clean_doc(s)).into_owned())
}

/// Text as a CSS string literal: every character but ASCII letters, digits and spaces as a
/// six-digit hex escape, so that nothing in it can end the string or the style element.
pub(crate) fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in clean_doc(s).chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // A hex escape ends at the one space after it.
            let _ = write!(out, "\\{:06x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_word_breaks_at_its_punctuation_and_a_short_one_stays_whole() {
        assert_eq!(
            text("see https://contoso.example/sites/a_b?x=1"),
            "see https://<wbr>contoso.<wbr>example/<wbr>sites/<wbr>a_<wbr>b?<wbr>x=<wbr>1"
        );
        assert_eq!(
            text("user-provisioning"),
            "<span class=\"w\">user-provisioning</span>"
        );
        // No punctuation: a break every 16 characters.
        let long = "a".repeat(30);
        assert_eq!(
            text(&long),
            format!("{}<wbr>{}", "a".repeat(16), "a".repeat(14))
        );
        assert_eq!(
            text("Shared%20Documents%20and%20more"),
            "Shared%<wbr>20Documents%<wbr>20and%<wbr>20more"
        );
        // Escaped, one character at a time.
        assert_eq!(
            text("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)<wbr>&lt;/<wbr>script&gt;"
        );
    }
}
