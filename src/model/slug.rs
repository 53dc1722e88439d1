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

use crate::model::lang::{Rules, is_cjk};

/// Words an id is not left ending on.
const STOP: &[&str] = &[
    "a", "an", "and", "any", "as", "at", "by", "for", "from", "if", "in", "into", "its", "of",
    "on", "or", "our", "per", "than", "that", "the", "their", "this", "to", "with", "your",
];

/// Text as one line: every run of whitespace (newlines and tabs too) made one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title of at most `max` characters, by English rules (see `shorten_by`).
pub fn shorten(text: &str, max: usize) -> String {
    shorten_by(text, max, Rules::english()).0
}

/// A title of at most `max` characters by a language's rules, and whether it is a good one: the
/// text itself when short enough, else its first sentence when that fits (abbreviations such
/// as "z. B." end no sentence), else the text cut with `…` at a word boundary (in Japanese and
/// Chinese, between characters, at a comma when one is near). A cut title ends on a content
/// word: never on a little word ("…of your…", "…für…"), a particle ("…の…"), a suspended
/// compound ("…Programm-…"), an abbreviation ("…(z…") or inside a parenthesis. A cut that
/// leaves less than a third of `max` is not a good title.
pub fn shorten_by(text: &str, max: usize, rules: Rules) -> (String, bool) {
    let text = one_line(text);
    if text.chars().count() <= max {
        return (text, true);
    }
    if let Some(end) = rules.first_sentence(&text) {
        let head = text[..end].trim_end_matches(['.', '。', '!', '?', '！', '？', ' ']);
        if !head.is_empty() && head.chars().count() <= max {
            return (head.to_string(), true);
        }
    }
    let at = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    let limit = at(max.saturating_sub(1));
    let mut head = if text[..limit].chars().next_back().is_some_and(is_cjk) {
        // No spaces between words: cut between words in the last third (see `cjk_cut`).
        let third = at(max * 2 / 3).min(limit);
        &text[..cjk_cut(&text, third, limit, rules)]
    } else {
        // A word that ends right at the limit is kept; else the cut is where the word began:
        // after a space, or after the Japanese or Chinese text before it.
        let ends_here = !text[limit..].starts_with(char::is_alphanumeric);
        let start = text[..limit]
            .char_indices()
            .rev()
            .find(|(_, c)| *c == ' ' || is_cjk(*c))
            .map_or(limit, |(i, c)| if c == ' ' { i } else { i + c.len_utf8() });
        if ends_here {
            &text[..limit]
        } else {
            &text[..start]
        }
    };
    loop {
        let before = head;
        head = head.trim_end_matches([',', ';', ':', ' ', '、', '，', '：', '(', '（', '/']);
        if let Some(open) = unclosed(head) {
            head = &head[..open];
        } else if let Some(n) = rules.trailing_particle(head) {
            head = &head[..head.len() - n];
        } else {
            // The last word: after the last space, or the run of letters after CJK text.
            let start = head
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace() || is_cjk(*c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = head[start..].trim_end_matches(['.', ')', '）']);
            let suspended = head.ends_with('-');
            if start > 0
                && (suspended
                    || rules.little(word)
                    || rules.ends_on_abbreviation(&head[..start + word.len()]))
            {
                head = &head[..start];
            }
        }
        if head == before {
            break;
        }
    }
    let good = head.chars().count() * 3 >= max;
    (format!("{head}…"), good)
}

/// Where to cut a Japanese or Chinese text between `from` and `to` (byte offsets): at the last
/// comma or space, or before the last particle that follows a word ("…確認|を…"; never a kana
/// inside a word: "こと", "ために"); else at `to`, moved back out of a run of katakana or
/// Latin letters ("サブスクリプ|ション").
fn cjk_cut(text: &str, from: usize, to: usize, rules: Rules) -> usize {
    let hiragana = |c: char| matches!(u32::from(c), 0x3040..=0x309F);
    let particle = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|b| !hiragana(b) && !b.is_whitespace())
            && rules
                .page
                .little
                .iter()
                .any(|p| !p.is_ascii() && text[at..].starts_with(p))
    };
    let best = text[from..to]
        .char_indices()
        .rev()
        .map(|(i, c)| (from + i, c))
        .filter(|&(at, c)| matches!(c, '、' | '，' | ' ') || particle(at))
        .map(|(at, _)| at)
        .next();
    if let Some(at) = best {
        return at;
    }
    let katakana = |c: char| matches!(u32::from(c), 0x30A0..=0x30FF);
    let same_run = |a: char, b: char| {
        katakana(a) && katakana(b) || a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
    };
    let mut cut = to;
    while cut > from {
        let (Some(a), Some(b)) = (text[..cut].chars().next_back(), text[cut..].chars().next())
        else {
            break;
        };
        if !same_run(a, b) {
            return cut;
        }
        cut -= a.len_utf8();
    }
    to
}

/// The cut an English id is made from, as ftrack has always made it (first sentence, else a
/// cut at a word that is no little word, parentheses and abbreviations not considered), so that
/// importing the same English page again gives the same ids as before, also where the title
/// (`shorten_by`) now cuts better.
pub fn id_cut(text: &str, max: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= max {
        return text;
    }
    if let Some(end) = text.find(". ")
        && text[..end].chars().count() <= max
    {
        return text[..end].to_string();
    }
    let limit = text
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let ends_here = !text[limit..].starts_with(char::is_alphanumeric);
    let cut = if ends_here {
        limit
    } else {
        text[..limit].rfind(' ').unwrap_or(limit)
    };
    let english = Rules::english();
    let mut head = text[..cut].trim_end_matches([',', ';', ':', ' ']);
    while let Some((before, last)) = head.rsplit_once(' ')
        && english.little(last)
    {
        head = before.trim_end_matches([',', ';', ':', ' ']);
    }
    head.to_string()
}

/// Where the last parenthesis of `text` that is not closed opens.
fn unclosed(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' => open.push(i),
            ')' | '）' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.last().copied()
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
