//! A pasted checklist (from an email or a spreadsheet column): one item per non-empty line,
//! list markers and checkboxes stripped.

/// The items of a checklist: 1-based line number and the item's text, in order.
pub fn items(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let item = crate::model::slug::one_line(strip_marker(line.trim()));
            (!item.is_empty()).then_some((i + 1, item))
        })
        .collect()
}

/// `- `, `* `, `+ `, `• `, `1. `, `1) `, `[ ] `, `[x] ` (and combinations such as `- [ ] `).
fn strip_marker(line: &str) -> &str {
    let mut rest = line;
    loop {
        let before = rest;
        for bullet in ["- ", "* ", "+ ", "• ", "– ", "· "] {
            if let Some(r) = rest.strip_prefix(bullet) {
                rest = r.trim_start();
            }
        }
        for box_ in ["[ ]", "[x]", "[X]", "☐", "☑", "☒"] {
            if let Some(r) = rest.strip_prefix(box_) {
                rest = r.trim_start();
            }
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && let Some(r) = rest[digits..]
                .strip_prefix(". ")
                .or_else(|| rest[digits..].strip_prefix(") "))
        {
            rest = r.trim_start();
        }
        if rest == before {
            // A marker with nothing after it is an empty line.
            return if matches!(rest, "-" | "*" | "+" | "•") {
                ""
            } else {
                rest
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::items;

    #[test]
    fn strips_markers_and_skips_blank_lines() {
        let text =
            "- Upgrade AD FS\n\n* [ ] Open ports\n2. Renew cert\n3) [x] Patch\n  plain line  \n-\n";
        let got: Vec<(usize, String)> = items(text);
        assert_eq!(
            got,
            [
                (1, "Upgrade AD FS".to_string()),
                (3, "Open ports".to_string()),
                (4, "Renew cert".to_string()),
                (5, "Patch".to_string()),
                (6, "plain line".to_string()),
            ]
        );
    }
}
