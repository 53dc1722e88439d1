//! Readable, stable ids and short titles made from free text.

/// Longest generated id, in characters.
pub const MAX_ID: usize = 48;
/// Longest title, in characters; longer text is cut at a word boundary with `…`.
pub const MAX_TITLE: usize = 60;

/// Lowercase ASCII kebab-case from any text: accents transliterated (`é` → `e`), punctuation
/// dropped, cut at a word boundary to at most `max` characters. Empty when nothing is left.
pub fn slugify(text: &str, max: usize) -> String {
    // Apostrophes join (`organization's` → `organizations`) rather than split.
    let ascii = deunicode::deunicode(text)
        .to_ascii_lowercase()
        .replace('\'', "");
    let mut out = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = if out.is_empty() { 0 } else { 1 };
        if out.len() + extra + word.len() > max {
            // A word too long for what is left ends the slug, unless the slug would then be a
            // single word (just the phase, say): then a useful part of it is kept.
            let room = max.saturating_sub(out.len() + extra);
            if out.is_empty() || (!out.contains('-') && room >= 4) {
                if extra == 1 {
                    out.push('-');
                }
                out.push_str(&word[..room.min(word.len())]);
            }
            break;
        }
        if extra == 1 {
            out.push('-');
        }
        out.push_str(word);
    }
    // A cut id should not end on a little word (`…-integrations-to`).
    while let Some((head, last)) = out.rsplit_once('-')
        && STOP.contains(&last)
    {
        out.truncate(head.len());
    }
    out
}

/// Words an id is not left ending on.
const STOP: &[&str] = &[
    "a", "an", "and", "any", "as", "at", "by", "for", "from", "if", "in", "into", "its", "of",
    "on", "or", "our", "per", "than", "that", "the", "their", "this", "to", "with", "your",
];

/// More words a cut title is not left ending on (ids keep theirs, so that they stay stable).
const TITLE_STOP: &[&str] = &[
    "about", "are", "be", "beyond", "is", "those", "these", "when", "where", "which", "who",
];

/// Text as one line: every run of whitespace (newlines and tabs too) made one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title of at most `max` characters: the text itself when short enough, else its first
/// sentence when that fits, else the text cut at a word boundary with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= max {
        return text;
    }
    if let Some(end) = text.find(". ")
        && text[..end].chars().count() <= max
    {
        return text[..end].to_string();
    }
    let limit: usize = text
        .char_indices()
        .nth(max - 1)
        .map_or(text.len(), |(i, _)| i);
    // A word that ends right at the limit is kept.
    let ends_here = !text[limit..].starts_with(char::is_alphanumeric);
    let cut = if ends_here {
        limit
    } else {
        text[..limit].rfind(' ').unwrap_or(limit)
    };
    // A cut title ends on a content word, not on "…to outline the…" or "…of your…".
    let mut head = text[..cut].trim_end_matches([',', ';', ':', ' ']);
    while let Some((before, last)) = head.rsplit_once(' ')
        && (STOP.contains(&last.to_lowercase().as_str())
            || TITLE_STOP.contains(&last.to_lowercase().as_str()))
    {
        head = before.trim_end_matches([',', ';', ':', ' ']);
    }
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_kebab_ascii_and_cut_at_words() {
        assert_eq!(slugify("Upgrade AD FS!", 48), "upgrade-ad-fs");
        assert_eq!(slugify("Migración de café", 48), "migracion-de-cafe");
        assert_eq!(slugify("one two three", 9), "one-two");
        assert_eq!(
            slugify("the organization’s terms of use", 27),
            "the-organizations-terms"
        );
        assert_eq!(slugify("—", 48), "");
        assert_eq!(slugify("abcdefghij", 4), "abcd");
    }

    #[test]
    fn titles_are_cut_at_words_with_an_ellipsis() {
        assert_eq!(shorten("Short", 60), "Short");
        assert_eq!(shorten("First part. Second part is long", 15), "First part");
        let t = shorten(
            "Open firewall ports for the AD FS proxy, the connector, and more",
            40,
        );
        assert_eq!(t, "Open firewall ports for the AD FS proxy…");
        assert!(t.chars().count() <= 40);
        // Never ending on a little word.
        let t = shorten(
            "Participate in the meetings to outline the user-provisioning approach",
            40,
        );
        assert_eq!(t, "Participate in the meetings to outline…");
    }
}
