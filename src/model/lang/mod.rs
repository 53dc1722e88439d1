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

/// What a text is written in: its letters, kana and Han characters, and how many of each known
/// language's frequent words it uses.
struct Census {
    letters: usize,
    kana: usize,
    han: usize,
    counts: Vec<usize>,
}

impl Census {
    fn of<'a>(texts: impl Iterator<Item = &'a str>) -> Census {
        let mut c = Census {
            letters: 0,
            kana: 0,
            han: 0,
            counts: vec![0; ALL.len()],
        };
        for text in texts {
            for ch in text.chars().filter(|c| c.is_alphabetic()) {
                c.letters += 1;
                match u32::from(ch) {
                    0x3040..=0x30FF => c.kana += 1,
                    0x4E00..=0x9FFF | 0x3400..=0x4DBF => c.han += 1,
                    _ => {}
                }
            }
            let lower = text.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphanumeric()) {
                for (i, l) in ALL.iter().enumerate() {
                    if l.common.contains(&word) {
                        c.counts[i] += 1;
                    }
                }
            }
        }
        c
    }

    /// Japanese or Chinese, when the text is written in them.
    fn cjk(&self) -> Option<&'static Language> {
        if self.letters > 0 && self.kana * 20 >= self.letters {
            Some(&ja::JA)
        } else if self.letters > 0 && self.han * 5 >= self.letters {
            Some(&zh::ZH)
        } else {
            None
        }
    }

    /// The Latin-script language whose frequent words the text uses most (English on a tie).
    fn latin(&self) -> (&'static Language, usize) {
        let best = (0..ALL.len())
            .max_by_key(|&i| (self.counts[i], i == 0))
            .unwrap_or(0);
        (ALL[best], self.counts[best])
    }
}

/// The language of some text: Japanese when it holds kana, Chinese when it is mostly Han
/// characters, else the Latin-script language whose frequent words it uses most (English on a
/// tie or when there are no words).
pub fn detect<'a>(texts: impl Iterator<Item = &'a str>) -> &'static Language {
    let census = Census::of(texts);
    census.cjk().unwrap_or_else(|| census.latin().0)
}

/// The language a page is plainly written in when that is not the one its front matter names
/// (`declared`; None: a language ftrack has no table for): Japanese text under `ms.locale:
/// en-us`, or an untranslated English page that carries its translation's locale. Plainly:
/// another script, or far more of another language's frequent words than of its own.
pub fn contradicted<'a>(
    declared: Option<&'static Language>,
    texts: impl Iterator<Item = &'a str>,
) -> Option<&'static Language> {
    let census = Census::of(texts);
    let cjk = census.cjk();
    let Some(declared) = declared else {
        return cjk;
    };
    if let Some(l) = cjk {
        // Han characters are Japanese too: only kana (never Chinese) overrule a Japanese locale.
        let han_on_japanese = l.code == zh::ZH.code && declared.code == ja::JA.code;
        return (l.code != declared.code && !han_on_japanese).then_some(l);
    }
    if declared.script != Script::Latin {
        // Japanese or Chinese declared, and (almost) none of it on the page.
        let written = census.kana + census.han;
        return (census.letters >= 50 && written * 50 < census.letters).then(|| census.latin().0);
    }
    let (best, n) = census.latin();
    let own = ALL
        .iter()
        .position(|l| l.code == declared.code)
        .map_or(0, |i| census.counts[i]);
    (best.code != declared.code && n >= 10 && n >= 3 * own).then_some(best)
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
