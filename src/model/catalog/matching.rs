//! Which item of one catalog is which item of another, when ids do not say: the same text, a
//! reworded bullet of a newer page ("per guidance from Microsoft" → "per guidance from the
//! FastTrack team", "If you choose to, share your screen…" → "Share your screen… (if you
//! choose to)"), the same item in another language, or two items a revision merged into one.
//!
//! Two items are compared in English when both have it (an English catalog's text, or the
//! English original `text_en` a localised page carries), else in their own language when they
//! share it. Texts are compared as sets of word stems (case, punctuation, hyphenation, little
//! words and simple inflection do not count), each word weighted by how rare it is among all
//! the texts compared, so that sharing "guidance from Microsoft" says little and sharing
//! "various services" says a lot. The score blends how much of the shorter text the longer one
//! contains, how much the two share overall, and Jaro-Winkler on the whole text. Pairs are then
//! assigned one to one, best score first, down to a floor. Items that cannot be compared by
//! their words (a German-only item and an English one) are aligned by structure (`align.rs`).

mod align;
mod words;

use std::collections::HashMap;

use serde::Serialize;

use super::Catalog;
use words::{Prepared, Weights, score};

pub use words::similarity;

/// The lowest score at which two different texts count as one item reworded. Measured on the
/// built-in catalog: every rewording seen on real revisions scores 0.82 or more, the closest two
/// different items ("Design, procure, install, and configure hardware…" and "Procure, install,
/// and configure software") 0.61.
pub const FLOOR: f64 = 0.7;

/// A score below this is shown as a guess rather than a near-certainty ("check it").
pub const SURE: f64 = 0.8;

/// One item as matching sees it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub phase: &'a str,
    pub text: &'a str,
    /// Its text in English, if its catalog has that (see `Catalog::english`).
    pub english: Option<&'a str>,
    /// The language of `text` (`en`, `de`, `ja` …).
    pub lang: &'a str,
    /// Where it stands in its phase (0-based) and how many items the phase has.
    pub pos: usize,
    pub of: usize,
    /// Its text's length against the average of its catalog.
    pub size: f64,
}

impl<'a> Entry<'a> {
    /// Every item of a catalog that came from its file (not added with `ftrack add`), in
    /// catalog order, with its index.
    pub fn listed(c: &'a Catalog) -> Vec<(usize, Entry<'a>)> {
        let listed: Vec<usize> = (0..c.tasks.len())
            .filter(|&i| c.tasks[i].added.is_none())
            .collect();
        let mean = listed
            .iter()
            .map(|&i| c.tasks[i].text.chars().count() as f64)
            .sum::<f64>()
            / listed.len().max(1) as f64;
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for &i in &listed {
            *counts.entry(c.tasks[i].phase).or_default() += 1;
        }
        let mut seen: HashMap<usize, usize> = HashMap::new();
        listed
            .into_iter()
            .map(|i| {
                let t = &c.tasks[i];
                let pos = seen.entry(t.phase).or_default();
                let e = Entry {
                    phase: c.phases[t.phase].id.as_str(),
                    text: t.text.as_str(),
                    english: c.english(i),
                    lang: c.language(),
                    pos: *pos,
                    of: counts[&t.phase],
                    size: t.text.chars().count() as f64 / mean.max(1.0),
                };
                *pos += 1;
                (i, e)
            })
            .collect()
    }

    /// A plain entry: English text in one phase, nothing known of its place.
    pub fn english(phase: &'a str, text: &'a str) -> Entry<'a> {
        Entry {
            phase,
            text,
            english: Some(text),
            lang: super::ENGLISH,
            pos: 0,
            of: 1,
            size: 1.0,
        }
    }
}

/// How a pairing was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The words of the texts, in the language both are in.
    Words,
    /// The English originals (at least one side is a localised catalog).
    English,
    /// Neither side could be read in the other's language: phase, order, and the names that
    /// survive translation (EMS, Intune, SSL).
    Structure,
}

/// A pairing of an old item with a new one, and how sure it is (1.0: the same text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub old: usize,
    pub score: f64,
    pub basis: Basis,
}

/// An old item merged into a new one, and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The new item.
    pub into: usize,
    pub score: f64,
    pub basis: Basis,
}

/// Both sides' texts in a language both have, and which.
fn common<'p>(o: &'p Side, n: &'p Side) -> Option<(&'p Prepared, &'p Prepared, Basis)> {
    match (&o.english, &n.english) {
        (Some(a), Some(b)) if o.lang != n.lang || o.lang != super::ENGLISH => {
            Some((a, b, Basis::English))
        }
        _ if o.lang == n.lang => Some((&o.native, &n.native, Basis::Words)),
        (Some(a), Some(b)) => Some((a, b, Basis::English)),
        _ => None,
    }
}

/// An entry ready to compare.
struct Side {
    lang: String,
    native: Prepared,
    english: Option<Prepared>,
}

impl Side {
    fn new(e: &Entry) -> Side {
        let lang = crate::model::lang::primary(e.lang);
        Side {
            native: Prepared::new(e.text, &lang),
            english: e.english.map(|t| Prepared::new(t, super::ENGLISH)),
            lang,
        }
    }
}

/// For each `new` item, the `old` item it is, if any, one to one: first items of the same
/// text (in any phase), then the rest by descending score over all remaining pairs, down to
/// `FLOOR` (a pair in two different phases scores a little less, so that of two like items the
/// one in the same phase wins), then, for items with no language in common, by structure.
pub fn pair_up(old: &[Entry], new: &[Entry]) -> Vec<Option<Match>> {
    let old_s: Vec<Side> = old.iter().map(Side::new).collect();
    let new_s: Vec<Side> = new.iter().map(Side::new).collect();
    let weights = weights(&old_s, &new_s);
    let mut taken = vec![false; old.len()];
    let mut out: Vec<Option<Match>> = vec![None; new.len()];
    // Same text first, preferring the same phase (an index, not all pairs: a catalog of
    // thousands of items compares in milliseconds).
    let mut by_text: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, o) in old_s.iter().enumerate() {
        by_text
            .entry((&o.lang, &o.native.normal))
            .or_default()
            .push(i);
        if let Some(e) = &o.english {
            by_text.entry(("", &e.normal)).or_default().push(i);
        }
    }
    for same_phase in [true, false] {
        for (j, n) in new_s.iter().enumerate() {
            if out[j].is_some() {
                continue;
            }
            let keys = std::iter::once(((n.lang.as_str(), n.native.normal.as_str()), Basis::Words))
                .chain(
                    n.english
                        .iter()
                        .map(|e| (("", e.normal.as_str()), Basis::English)),
                );
            for (key, basis) in keys {
                let found = by_text.get(&key).and_then(|list| {
                    list.iter()
                        .copied()
                        .find(|&i| !taken[i] && (!same_phase || old[i].phase == new[j].phase))
                });
                if let Some(i) = found {
                    taken[i] = true;
                    out[j] = Some(Match {
                        old: i,
                        score: 1.0,
                        basis,
                    });
                    break;
                }
            }
        }
    }
    let mut candidates: Vec<(f64, usize, usize, Basis)> = Vec::new();
    for (j, n) in new_s.iter().enumerate().filter(|(j, _)| out[*j].is_none()) {
        for (i, o) in old_s.iter().enumerate().filter(|(i, _)| !taken[*i]) {
            let Some((a, b, basis)) = common(o, n) else {
                continue;
            };
            let mut s = score(a, b, &weights);
            if old[i].phase != new[j].phase {
                s *= 0.9;
            }
            if s >= FLOOR {
                candidates.push((s, i, j, basis));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (score, i, j, basis) in candidates {
        if !taken[i] && out[j].is_none() {
            taken[i] = true;
            out[j] = Some(Match {
                old: i,
                score,
                basis,
            });
        }
    }
    let comparable = |i: usize, j: usize| common(&old_s[i], &new_s[j]).is_some();
    align::structure(old, new, &comparable, &mut taken, &mut out);
    out
}

/// Word weights over every text of both sides.
fn weights(old: &[Side], new: &[Side]) -> Weights {
    let all: Vec<&Prepared> = old
        .iter()
        .chain(new)
        .flat_map(|s| std::iter::once(&s.native).chain(&s.english))
        .collect();
    Weights::of(&all)
}

/// Old items a revision merged into a new one ("Manage resources as appropriate." into "Share
/// your screen … (if you choose to). Manage resources as needed."): for each old item not in
/// `paired`, the new item one of whose sentences is a rewording of it, if any. Each old item
/// goes to one new item, best first.
pub fn merges(old: &[Entry], new: &[Entry], paired: &[bool]) -> Vec<Option<Merge>> {
    let old_s: Vec<Side> = old.iter().map(Side::new).collect();
    let new_s: Vec<Side> = new.iter().map(Side::new).collect();
    let weights = weights(&old_s, &new_s);
    let mut out: Vec<Option<Merge>> = vec![None; old.len()];
    for (i, o) in old_s.iter().enumerate().filter(|(i, _)| !paired[*i]) {
        for (j, n) in new_s.iter().enumerate() {
            let Some((a, _, basis)) = common(o, n) else {
                continue;
            };
            let (text, lang) = match basis {
                Basis::English => (new[j].english.unwrap_or_default(), super::ENGLISH),
                _ => (new[j].text, n.lang.as_str()),
            };
            let sentences = words::sentences(text, lang);
            if sentences.len() < 2 {
                continue;
            }
            for sentence in sentences {
                let mut s = score(a, &Prepared::new(sentence, lang), &weights);
                if old[i].phase != new[j].phase {
                    s *= 0.9;
                }
                if s >= FLOOR && out[i].is_none_or(|m| m.score < s) {
                    out[i] = Some(Merge {
                        into: j,
                        score: s,
                        basis,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
