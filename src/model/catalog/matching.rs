//! Which item of one catalog is which item of another, when ids do not say: the same text, or a
//! reworded bullet of a newer page ("per guidance from Microsoft" → "per guidance from the
//! FastTrack team", "If you choose to, share your screen…" → "Share your screen… (if you choose
//! to)").
//!
//! Texts are compared as sets of word stems (case, punctuation, little words and simple
//! inflection do not count), each word weighted by how rare it is among all the texts compared,
//! so that sharing "guidance from Microsoft" says little and sharing "various services" says a
//! lot. The score blends how much of the shorter text the longer one contains (an inserted or
//! replaced phrase costs little), how much the two share overall (a short text is not "the same"
//! as every long one that mentions its words), and Jaro-Winkler on the whole text (word order,
//! spelling). Pairs are then assigned one to one, best score first, down to a floor.

use std::collections::{BTreeSet, HashMap};

/// The lowest score at which two different texts count as one item reworded. Measured on the
/// built-in catalog: every rewording seen on real revisions scores 0.82 or more, the closest two
/// different items ("Design, procure, install, and configure hardware…" and "Procure, install,
/// and configure software") 0.61.
pub const FLOOR: f64 = 0.7;

/// A score below this is shown as a guess rather than a near-certainty.
pub const SURE: f64 = 0.8;

/// Words that carry no meaning of their own in a responsibilities page.
const STOP: &[&str] = &[
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into",
    "is", "it", "its", "of", "on", "or", "other", "per", "that", "the", "their", "these", "this",
    "those", "to", "with", "you", "your",
];

/// A word's stem: lowercase, with the commonest English endings taken off, so that "Providing",
/// "provide" and "provides", or "certificates" and "certificate", are one word.
fn stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    for suffix in ["ing", "ed"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// The meaningful word stems of a text.
fn terms(text: &str) -> BTreeSet<String> {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(stem)
        .collect()
}

/// Text as compared letter by letter: case, spacing and trailing punctuation do not count.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// One text ready to compare.
struct Prepared {
    normal: String,
    terms: BTreeSet<String>,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        Prepared {
            normal: normal(text),
            terms: terms(text),
        }
    }
}

/// How much each word stem weighs: rare words say more about which item a text is.
struct Weights(HashMap<String, f64>, f64);

impl Weights {
    fn of(texts: &[&Prepared]) -> Weights {
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
fn score(a: &Prepared, b: &Prepared, w: &Weights) -> f64 {
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

/// How alike two texts are on their own (every word weighing the same), from 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (Prepared::new(a), Prepared::new(b));
    score(&a, &b, &Weights(HashMap::new(), 1.0))
}

/// A pairing of an old item with a new one, and how sure it is (1.0: the same text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub old: usize,
    pub score: f64,
}

/// For each `new` item (phase, text), the `old` item (phase, text) it is, if any, one to one:
/// first items of the same text (in any phase), then the rest by descending score over all
/// remaining pairs, down to `FLOOR`. A pair in two different phases scores a little less, so
/// that of two like items the one in the same phase wins.
pub fn pair_up(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<Option<Match>> {
    let old_p: Vec<Prepared> = old.iter().map(|(_, t)| Prepared::new(t)).collect();
    let new_p: Vec<Prepared> = new.iter().map(|(_, t)| Prepared::new(t)).collect();
    let all: Vec<&Prepared> = old_p.iter().chain(&new_p).collect();
    let weights = Weights::of(&all);
    let mut taken = vec![false; old.len()];
    let mut out: Vec<Option<Match>> = vec![None; new.len()];
    // Same text first, preferring the same phase (an index, not all pairs: a catalog of
    // thousands of items compares in milliseconds).
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, o) in old_p.iter().enumerate() {
        by_text.entry(o.normal.as_str()).or_default().push(i);
    }
    for same_phase in [true, false] {
        for (j, n) in new_p.iter().enumerate() {
            if out[j].is_some() {
                continue;
            }
            let found = by_text.get(n.normal.as_str()).and_then(|list| {
                list.iter()
                    .copied()
                    .find(|&i| !taken[i] && (!same_phase || old[i].0 == new[j].0))
            });
            if let Some(i) = found {
                taken[i] = true;
                out[j] = Some(Match { old: i, score: 1.0 });
            }
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (j, n) in new_p.iter().enumerate().filter(|(j, _)| out[*j].is_none()) {
        for (i, o) in old_p.iter().enumerate().filter(|(i, _)| !taken[*i]) {
            let mut s = score(o, n, &weights);
            if old[i].0 != new[j].0 {
                s *= 0.9;
            }
            if s >= FLOOR {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (score, i, j) in candidates {
        if !taken[i] && out[j].is_none() {
            taken[i] = true;
            out[j] = Some(Match { old: i, score });
        }
    }
    out
}

#[cfg(test)]
mod tests;
