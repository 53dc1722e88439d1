//! Comparing two texts of one language by their words.

use std::collections::{BTreeSet, HashMap};

use crate::model::lang::{self, Rules};

/// Words that carry no meaning of their own in a responsibilities page: little words, and the
/// qualifiers a revision swaps freely ("as needed" → "as appropriate").
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "other",
    "per",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "to",
    "with",
    "you",
    "your",
    "appropriate",
    "needed",
    "necessary",
];

/// A word's stem: lowercase, with the commonest English endings taken off, so that "Providing",
/// "provide" and "provides", "certificates" and "certificate", or "Setting" and "set", are one
/// word.
pub(super) fn stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    for suffix in ["ing", "ed"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            // "setting" → "sett" → "set", "planned" → "plan".
            let b = w.as_bytes();
            if b.len() > 2
                && b[b.len() - 1] == b[b.len() - 2]
                && !b"aeiosl".contains(&b[b.len() - 1])
            {
                w.pop();
            }
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// The meaningful word stems of a text in `lang`: hyphens inside a word do not count
/// ("multi-factor" is "multifactor", "on-premise" is "onpremise").
fn terms(text: &str, lang: &str) -> BTreeSet<String> {
    let little: &[&str] = lang::by_locale(lang).map_or(&[], |l| l.little);
    let joined = text.replace(['-', '‐'], "");
    deunicode::deunicode(&joined)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w) && !little.contains(w))
        .map(stem)
        .collect()
}

/// Text as compared letter by letter: case, spacing and trailing punctuation do not count.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', '。'])
        .to_lowercase()
}

/// One text ready to compare.
pub(super) struct Prepared {
    pub normal: String,
    terms: BTreeSet<String>,
}

impl Prepared {
    pub fn new(text: &str, lang: &str) -> Prepared {
        Prepared {
            normal: normal(text),
            terms: terms(text, lang),
        }
    }
}

/// How much each word stem weighs: rare words say more about which item a text is.
pub(super) struct Weights(HashMap<String, f64>, f64);

impl Weights {
    pub fn of(texts: &[&Prepared]) -> Weights {
        let mut df: HashMap<String, usize> = HashMap::new();
        for t in texts {
            for term in &t.terms {
                *df.entry(term.clone()).or_default() += 1;
            }
        }
        let n = texts.len().max(1) as f64;
        let w = df
            .into_iter()
            .map(|(t, d)| (t, (1.0 + n / d as f64).ln()))
            .collect();
        Weights(w, (1.0 + n).ln())
    }

    fn get(&self, term: &str) -> f64 {
        self.0.get(term).copied().unwrap_or(self.1)
    }
}

/// How alike two prepared texts are, from 0 (nothing shared) to 1 (the same text).
pub(super) fn score(a: &Prepared, b: &Prepared, w: &Weights) -> f64 {
    if a.normal == b.normal {
        return 1.0;
    }
    let sum = |s: &mut dyn Iterator<Item = &String>| s.map(|t| w.get(t)).sum::<f64>();
    let (wa, wb) = (sum(&mut a.terms.iter()), sum(&mut b.terms.iter()));
    let shared = sum(&mut a.terms.intersection(&b.terms));
    let (contained, dice) = if wa > 0.0 && wb > 0.0 {
        (shared / wa.min(wb), 2.0 * shared / (wa + wb))
    } else {
        (0.0, 0.0)
    };
    let words = 0.5 * contained + 0.5 * dice;
    let letters = strsim::jaro_winkler(&a.normal, &b.normal);
    0.85 * words + 0.15 * letters
}

/// How alike two English texts are on their own (every word weighing the same), from 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (Prepared::new(a, "en"), Prepared::new(b, "en"));
    score(&a, &b, &Weights(HashMap::new(), 1.0))
}

/// The sentences of a text in `lang` (abbreviations end none).
pub(super) fn sentences<'t>(text: &'t str, lang: &str) -> Vec<&'t str> {
    let rules = lang::by_locale(lang).map_or(Rules::english(), Rules::new);
    let mut out = Vec::new();
    let mut rest = text.trim();
    while let Some(end) = rules.first_sentence(rest) {
        out.push(rest[..end].trim());
        rest = rest[end..].trim();
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}
