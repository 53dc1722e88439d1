//! Aligning the items of two catalogs that share no language (a German-only page and the
//! English built-in catalog), phase by phase: in order, as a revision keeps its items, and by
//! the words that survive translation — product names, acronyms, numbers (EMS, SSL,
//! Configuration Manager, Intune, VPN) and the long international words two languages share
//! ("Konfiguration" and "configuration"). An alignment is a guess: its confidence says how
//! much besides the order supports it.

use std::collections::{BTreeSet, HashMap};

use super::{Basis, Entry, Match};
use crate::model::lang::{self, is_cjk};

/// The least a pair must be worth (out of 1) to be aligned at all.
const TAU: f64 = 0.4;

/// Phases larger than this (old × new items) are paired by rank instead: the alignment table
/// would not fit in memory.
const MAX_CELLS: usize = 1 << 20;

/// Pair the items `taken`/`out` leave open, phase by phase, where `comparable` says their words
/// cannot be compared.
pub(super) fn structure(
    old: &[Entry],
    new: &[Entry],
    comparable: &dyn Fn(usize, usize) -> bool,
    taken: &mut [bool],
    out: &mut [Option<Match>],
) {
    let olds: Vec<usize> = (0..old.len()).filter(|&i| !taken[i]).collect();
    let news: Vec<usize> = (0..new.len()).filter(|&j| out[j].is_none()).collect();
    if olds.is_empty() || news.is_empty() {
        return;
    }
    let old_t: HashMap<usize, BTreeSet<String>> =
        olds.iter().map(|&i| (i, neutral(old[i].text))).collect();
    let new_t: HashMap<usize, BTreeSet<String>> =
        news.iter().map(|&j| (j, neutral(new[j].text))).collect();
    // Only words both sides use can say which item is which; each is weighted by how rare it
    // is, and each item's are kept as (word number, weight), sorted, to compare fast.
    let old_v: BTreeSet<&String> = old_t.values().flatten().collect();
    let mut df: HashMap<&String, usize> = HashMap::new();
    for w in old_t.values().chain(new_t.values()).flatten() {
        *df.entry(w).or_default() += 1;
    }
    let numbers: HashMap<&String, usize> = new_t
        .values()
        .flatten()
        .filter(|w| old_v.contains(w))
        .enumerate()
        .map(|(k, w)| (w, k))
        .collect();
    let n = (olds.len() + news.len()) as f64;
    let keyed = |words: &BTreeSet<String>| -> Tokens {
        let mut t: Vec<(usize, f64)> = words
            .iter()
            .filter_map(|w| numbers.get(w).map(|&k| (k, (1.0 + n / df[w] as f64).ln())))
            .collect();
        t.sort_by_key(|(k, _)| *k);
        t.dedup_by_key(|(k, _)| *k);
        let sum = t.iter().map(|(_, w)| w).sum();
        Tokens { words: t, sum }
    };
    let old_k: HashMap<usize, Tokens> = old_t.iter().map(|(&i, t)| (i, keyed(t))).collect();
    let new_k: HashMap<usize, Tokens> = new_t.iter().map(|(&j, t)| (j, keyed(t))).collect();
    let phases: Vec<&str> = {
        let mut p: Vec<&str> = Vec::new();
        for &j in &news {
            if !p.contains(&new[j].phase) {
                p.push(new[j].phase);
            }
        }
        p
    };
    for phase in phases {
        let o: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|&i| old[i].phase == phase)
            .collect();
        let m: Vec<usize> = news
            .iter()
            .copied()
            .filter(|&j| new[j].phase == phase)
            .collect();
        if o.is_empty() || m.is_empty() {
            continue;
        }
        let pair = |i: usize, j: usize| -> Option<(f64, f64)> {
            if comparable(i, j) {
                return None;
            }
            let t = old_k[&i].alike(&new_k[&j]);
            let p = place(&old[i], &new[j]);
            let l = old[i].size.min(new[j].size) / old[i].size.max(new[j].size).max(1e-9);
            let s = 0.45 * t + 0.35 * p + 0.2 * l;
            let confidence = (0.5 + 0.3 * t + 0.1 * p + 0.1 * l).min(0.99);
            (s > TAU).then_some((s, confidence))
        };
        for (a, b, confidence) in align(&o, &m, &pair) {
            taken[a] = true;
            out[b] = Some(Match {
                old: a,
                score: (confidence * 100.0).round() / 100.0,
                basis: Basis::Structure,
            });
        }
    }
}

/// An item's words that both sides use: (word number, weight), by number, and their sum.
struct Tokens {
    words: Vec<(usize, f64)>,
    sum: f64,
}

impl Tokens {
    /// How much two items' shared words weigh against all theirs, 0 to 1 (0 when neither has
    /// any: nothing to go by).
    fn alike(&self, other: &Tokens) -> f64 {
        let (mut a, mut b, mut both) = (0, 0, 0.0);
        while a < self.words.len() && b < other.words.len() {
            match self.words[a].0.cmp(&other.words[b].0) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    both += self.words[a].1;
                    a += 1;
                    b += 1;
                }
            }
        }
        let total = self.sum + other.sum;
        if total > 0.0 { 2.0 * both / total } else { 0.0 }
    }
}

/// Where an item stands in its phase, from 0 (first) to 1 (last).
fn rel(e: &Entry) -> f64 {
    if e.of <= 1 {
        0.5
    } else {
        e.pos as f64 / (e.of - 1) as f64
    }
}

/// How alike two items' places in their phases are, 0 to 1: by their share of the way
/// through the phase, or by their distance from its start or its end, whichever is closest (a
/// revision adds items at the end, or the start, of a phase more often than it spreads them).
fn place(a: &Entry, b: &Entry) -> f64 {
    let longest = a.of.max(b.of).max(1) as f64;
    let from_start = a.pos.abs_diff(b.pos) as f64 / longest;
    let to_end = (a.of - a.pos).abs_diff(b.of - b.pos) as f64 / longest;
    let share = (rel(a) - rel(b)).abs();
    1.0 - share.min(from_start).min(to_end)
}

/// The order-keeping pairing of `o` with `m` worth most (each pair worth its value less TAU):
/// (old, new, confidence) for each pair.
fn align(
    o: &[usize],
    m: &[usize],
    pair: &dyn Fn(usize, usize) -> Option<(f64, f64)>,
) -> Vec<(usize, usize, f64)> {
    if o.len() * m.len() > MAX_CELLS {
        // By rank: the k-th of the smaller side with its place in the larger one.
        let (short, long) = (o.len().min(m.len()), o.len().max(m.len()));
        return (0..short)
            .filter_map(|k| {
                let at = k * long / short;
                let (a, b) = if o.len() <= m.len() {
                    (o[k], m[at])
                } else {
                    (o[at], m[k])
                };
                pair(a, b).map(|(_, c)| (a, b, c))
            })
            .collect();
    }
    let (r, c) = (o.len(), m.len());
    let mut best = vec![0.0f64; (r + 1) * (c + 1)];
    let at = |a: usize, b: usize| a * (c + 1) + b;
    let values: Vec<Option<(f64, f64)>> = (0..r * c).map(|k| pair(o[k / c], m[k % c])).collect();
    for a in 1..=r {
        for b in 1..=c {
            let mut v = best[at(a - 1, b)].max(best[at(a, b - 1)]);
            if let Some((s, _)) = values[(a - 1) * c + (b - 1)] {
                v = v.max(best[at(a - 1, b - 1)] + s - TAU);
            }
            best[at(a, b)] = v;
        }
    }
    let mut pairs = Vec::new();
    let (mut a, mut b) = (r, c);
    while a > 0 && b > 0 {
        let here = best[at(a, b)];
        if here == best[at(a - 1, b)] {
            a -= 1;
        } else if here == best[at(a, b - 1)] {
            b -= 1;
        } else {
            if let Some((_, confidence)) = values[(a - 1) * c + (b - 1)] {
                pairs.push((o[a - 1], m[b - 1], confidence));
            }
            a -= 1;
            b -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// The words of a text that may survive translation: runs of Latin letters and digits (in any
/// script's text), without the little and frequent words of every known language, hyphens
/// joined; long words by their first six letters (k as c), so that "Konfiguration" and
/// "configuration", "Synchronisierung" and "synchronization" meet.
fn neutral(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if (c.is_alphanumeric() && !is_cjk(c)) || (c == '-' && !word.is_empty()) {
            word.push(c);
            continue;
        }
        let w = deunicode::deunicode(&word).to_lowercase().replace('-', "");
        word.clear();
        if w.len() < 2 || lang::is_little_anywhere(&w) {
            continue;
        }
        if w.len() >= 7 {
            out.insert(w.replace('k', "c").chars().take(6).collect());
        } else if w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss") {
            // "packs" and "Pack", "CUs" and "CU": a plural is the same word.
            out.insert(w[..w.len() - 1].to_string());
        } else {
            out.insert(w);
        }
    }
    out
}
