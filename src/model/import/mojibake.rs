//! Repair of text that was UTF-8 but got read as Windows-1252 (`organizationâ€™s` for
//! `organization’s`), as happens to pages copied through older tools.

use encoding_rs::WINDOWS_1252;

/// The text with every mis-decoded word repaired; words that were never mis-decoded (plain
/// ASCII, or real accents such as `café`) are left exactly as they are.
pub fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
            out.push_str(&repair_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&repair_word(&word));
    out
}

/// Undo at most two rounds of the UTF-8 → Windows-1252 mistake on one word: encode it back to
/// Windows-1252 bytes and take the result when those bytes are valid UTF-8 and say the same
/// in fewer characters.
fn repair_word(word: &str) -> String {
    let mut current = word.to_string();
    for _ in 0..2 {
        if current.is_ascii() {
            break;
        }
        let (bytes, _, unmappable) = WINDOWS_1252.encode(&current);
        if unmappable {
            break;
        }
        match std::str::from_utf8(&bytes) {
            Ok(fixed) if fixed.chars().count() < current.chars().count() => {
                current = fixed.to_string();
            }
            _ => break,
        }
    }
    current
}

/// Text from a file: UTF-8, or, when it is not, Windows-1252 (what Windows programs save); a
/// leading byte-order mark dropped.
pub fn decode(bytes: Vec<u8>) -> String {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn repairs_mojibake_and_leaves_real_text_alone() {
        assert_eq!(
            repair("the organizationâ€™s Terms"),
            "the organization’s Terms"
        );
        assert_eq!(repair("Migración café"), "Migración café");
        assert_eq!(repair("â€œquotedâ€\u{9d} and naÃ¯ve"), "“quoted” and naïve");
        assert_eq!(repair("plain\ttext\n"), "plain\ttext\n");
        // Twice mis-decoded.
        assert_eq!(repair("organizationÃ¢â‚¬â„¢s"), "organization’s");
    }
}
