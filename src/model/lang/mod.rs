//! The language rules for reading a docs page, as data: one table per language (`en.rs`,
//! `de.rs` …), each a `static Language`. Adding a language is adding a table and listing it in
//! `ALL`. A page is read with its own language's table and, always, the English one (localised
//! pages carry English originals, and English words turn up on any page).

mod de;
mod en;
mod es;
mod fr;
mod ja;
mod pt;
pub mod rules;
mod zh;

pub use en::EN;
pub use rules::{Party, Rules};

/// How a language writes: words separated by spaces (Latin), or not (Japanese, Chinese).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Japanese,
    Chinese,
}

/// One language's rules. Phrases are lowercase; a phrase that starts or ends with a letter
/// matches whole words only ("if needed", never "if neededed"); in a phrase, ` … ` stands for a
/// few words of the same clause ("falls … erforderlich").
#[derive(Debug)]
pub struct Language {
    /// ISO 639-1, as in `ms.locale: de-de`.
    pub code: &'static str,
    pub name: &'static str,
    pub script: Script,
    /// Frequent short words, to tell the language of a page whose front matter does not say.
    pub common: &'static [&'static str],
    /// Phrases that make an item conditional: such items never block a gate.
    pub optional: &'static [&'static str],
    /// How a paragraph, note or heading starts that closes the list part of a page.
    pub footers: &'static [&'static str],
    /// How a bullet starts, or ends, that only points elsewhere ("For more information, see …").
    pub pointers: &'static [&'static str],
    pub pointer_ends: &'static [&'static str],
    /// Words (particles in Japanese and Chinese) a cut title does not end on.
    pub little: &'static [&'static str],
    /// Words that make a sentence ending in a full stop ("。") a lead-in when a list follows.
    /// Text ending in ":" or "：" is a lead-in in every language.
    pub lead_in: &'static [&'static str],
    /// Abbreviations whose full stops end no sentence ("z. B."), and that no title ends on.
    pub abbreviations: &'static [&'static str],
    /// Words of a heading or lead-in that names someone's responsibilities.
    pub responsibilities: &'static [&'static str],
    /// Words that name the customer ("your", "Ihre", "お客様") in such a heading.
    pub customer: &'static [&'static str],
    /// Headings of the sections that describe the phases rather than list responsibilities.
    pub phase_descriptions: &'static [&'static str],
    /// How a numbered step of a user interface starts ("Sign in", "Select"); in Japanese and
    /// Chinese, what it holds.
    pub ui_steps: &'static [&'static str],
    /// The word for "phase" in a heading ("Einleitungsphase", "開始フェーズ"), and the names of
    /// the phases the built-in catalog knows, with their ids.
    pub phase_word: &'static [&'static str],
    pub phases: &'static [(&'static str, &'static str)],
    /// Words of the heading of the general responsibilities ("Allgemeine Zuständigkeiten").
    pub general: &'static [&'static str],
    /// Letters this language writes out in ASCII ids its own way (ä → ae).
    pub letters: &'static [(char, &'static str)],
    /// What joins a lead-in to the items under it ("Provide guidance about: …").
    pub joiner: &'static str,
}

/// Every language with a table.
pub static ALL: &[&Language] = &[&EN, &de::DE, &ja::JA, &fr::FR, &es::ES, &pt::PT, &zh::ZH];

/// The table for a locale (`de-de`, `ja_JP`, `pt-br`, `zh-tw`), if there is one.
pub fn by_locale(locale: &str) -> Option<&'static Language> {
    let code = primary(locale);
    ALL.iter().copied().find(|l| l.code == code)
}

/// The language part of a locale, lowercase: `de-DE` → `de`.
pub fn primary(locale: &str) -> String {
    locale
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The language of some text: Japanese when it holds kana, Chinese when it is mostly Han
/// characters, else the Latin-script language whose frequent words it uses most (English on a
/// tie or when there are no words).
pub fn detect<'a>(texts: impl Iterator<Item = &'a str>) -> &'static Language {
    let (mut letters, mut kana, mut han) = (0usize, 0usize, 0usize);
    let mut counts = vec![0usize; ALL.len()];
    for text in texts {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            match u32::from(c) {
                0x3040..=0x30FF => kana += 1,
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => han += 1,
                _ => {}
            }
        }
        let lower = text.to_lowercase();
        for word in lower.split(|c: char| !c.is_alphanumeric()) {
            for (i, l) in ALL.iter().enumerate() {
                if l.common.contains(&word) {
                    counts[i] += 1;
                }
            }
        }
    }
    if letters > 0 && kana * 20 >= letters {
        return &ja::JA;
    }
    if letters > 0 && han * 5 >= letters {
        return &zh::ZH;
    }
    let best = (0..ALL.len())
        .max_by_key(|&i| (counts[i], i == 0))
        .unwrap_or(0);
    ALL[best]
}

/// Whether a lowercase word is a little or frequent word of any known language ("the",
/// "und", "pour"): no sign of which item a text is.
pub fn is_little_anywhere(word: &str) -> bool {
    ALL.iter()
        .any(|l| l.little.contains(&word) || l.common.contains(&word))
}

/// Whether `text` (lowercase) holds `phrase`, by the rules of `Language` phrases.
pub fn holds(text: &str, phrase: &str) -> bool {
    let mut parts = phrase.split(" … ");
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    find_word(text, first, 0)
        .into_iter()
        .any(|end| rest_follows(&text[end..], &rest))
}

/// The end of every whole-word occurrence of `phrase` in `text` at or after `from`.
fn find_word(text: &str, phrase: &str, from: usize) -> Vec<usize> {
    if phrase.is_empty() {
        return vec![from];
    }
    let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
    let edge_start = wordy(phrase.chars().next());
    let edge_end = wordy(phrase.chars().next_back());
    text[from..]
        .match_indices(phrase)
        .map(|(at, _)| from + at)
        .filter(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + phrase.len()..].chars().next();
            !(edge_start && wordy(before) || edge_end && wordy(after))
        })
        .map(|at| at + phrase.len())
        .collect()
}

/// Whether the parts after a ` … ` follow in the same clause, each within a few words.
fn rest_follows(text: &str, rest: &[&str]) -> bool {
    let Some((next, more)) = rest.split_first() else {
        return true;
    };
    let clause = text
        .find(['.', ';', '。', '!', '?', '(', ')'])
        .map_or(text, |end| &text[..end]);
    find_word(clause, next, 0).into_iter().any(|end| {
        clause[..end].split_whitespace().count() <= 14 && rest_follows(&text[end..], more)
    })
}

/// A Han, kana or Hangul character: no spaces between words in those scripts.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFF65)
}

#[cfg(test)]
mod tests;
