//! The one wrapper of human output: answers, blocker lists, warnings, errors and hints all go
//! through `fit` on their way to a terminal (80 columns when piped), so that no line is cut
//! inside a word by the terminal.

use std::fmt::Write;

/// The widest label a continuation line hangs under ("warning: ", "Tracker:     ").
const LABEL: usize = 14;

/// `text` with every line longer than `width` wrapped at spaces (textwrap, by display width;
/// a word longer than the width, such as a long id or path, stays whole on its own line).
/// A line's continuation keeps its indentation, and hangs under a leading label ending in a
/// colon (`error: `, `hint: `, `done: `) or, without one, two columns further in. Lines that
/// fit are left exactly as they are (tables are laid out to the width already).
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if textwrap::core::display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        // A label's value is wrapped on its own, so that a long first word stays beside it.
        let (label, value) = match rest.find(": ") {
            Some(k) if !rest[..k].contains(' ') => {
                let at = k + 1 + rest[k + 1..].len() - rest[k + 1..].trim_start().len();
                if at <= LABEL {
                    rest.split_at(at)
                } else {
                    ("", rest)
                }
            }
            _ => ("", rest),
        };
        let hang = if label.is_empty() { 2 } else { label.len() };
        let first = " ".repeat(indent + label.len());
        let next = " ".repeat(indent + hang);
        let options = textwrap::Options::new(width.max(indent + hang + 1))
            .initial_indent(&first)
            .subsequent_indent(&next)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let lines = textwrap::wrap(value, options);
        for (k, l) in lines.iter().enumerate() {
            let l = l.trim_end();
            if k == 0 {
                let _ = write!(
                    out,
                    "{}{label}{}",
                    &body[..indent],
                    &l[first.len().min(l.len())..]
                );
            } else {
                let _ = write!(out, "\n{l}");
            }
        }
        out.push_str(end);
    }
    out
}

/// `text` cut to at most `width` columns (display width), ending in "…" when it was cut.
pub fn cut(text: &str, width: usize) -> String {
    if textwrap::core::display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::{cut, fit};

    #[test]
    fn cut_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(cut("remediation-checklist-meetings", 12), "remediation…");
        assert_eq!(cut("short", 12), "short");
        assert_eq!(
            cut("Identify stakeholders, including", 14),
            "Identify stak…"
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces_under_their_label() {
        let line = "assigned: kickoff-meeting (Lead the kick-off meeting, confirm remediation timelines): owner Priya (PM), due 2026-12-04\n";
        let out = fit(line, 80);
        assert_eq!(
            out,
            "assigned: kickoff-meeting (Lead the kick-off meeting, confirm remediation\n          timelines): owner Priya (PM), due 2026-12-04\n"
        );
        for l in out.lines() {
            assert!(l.chars().count() <= 80, "{l}");
        }
    }

    #[test]
    fn indented_lines_keep_their_indent_and_hang_two_further() {
        let out = fit(
            "  remediation-checklist-meetings (Help create the remediation checklist and overall plan)\n",
            60,
        );
        assert_eq!(
            out,
            "  remediation-checklist-meetings (Help create the\n    remediation checklist and overall plan)\n"
        );
    }

    #[test]
    fn short_lines_and_long_words_are_left_whole() {
        assert_eq!(fit("a\n\nb", 10), "a\n\nb");
        let id = "x".repeat(30);
        assert_eq!(
            fit(&format!("error: {id} y"), 20),
            format!("error: {id}\n       y")
        );
    }
}
