//! Which item of one catalog is which item of another, when ids do not say: the same text, or
//! nearly the same text in the same phase (a reworded bullet of a newer page).

/// Text as compared: case, spacing and trailing punctuation do not count.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// How alike two texts must be (normalized Levenshtein) to count as one item reworded.
pub const SIMILAR: f64 = 0.8;

/// For each `new` item (phase, text), the index of the `old` item it is, if any: first items of
/// identical text (in any phase), then the most similar remaining ones in the same phase. Each
/// old item is used at most once.
pub fn pair_up(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<Option<usize>> {
    let old_n: Vec<String> = old.iter().map(|(_, t)| normal(t)).collect();
    let new_n: Vec<String> = new.iter().map(|(_, t)| normal(t)).collect();
    let mut taken = vec![false; old.len()];
    let mut out = vec![None; new.len()];
    for (j, text) in new_n.iter().enumerate() {
        if let Some(i) = (0..old.len()).find(|&i| !taken[i] && old_n[i] == *text) {
            taken[i] = true;
            out[j] = Some(i);
        }
    }
    // Greedy on the best-scoring pairs first, so that a close match is not stolen by a worse one.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (j, text) in new_n.iter().enumerate().filter(|(j, _)| out[*j].is_none()) {
        for (i, old_text) in old_n.iter().enumerate().filter(|(i, _)| !taken[*i]) {
            if old[i].0 == new[j].0 {
                let score = strsim::normalized_levenshtein(old_text, text);
                if score >= SIMILAR {
                    candidates.push((score, i, j));
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if !taken[i] && out[j].is_none() {
            taken[i] = true;
            out[j] = Some(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_then_similar_in_the_same_phase() {
        let old = [
            ("a", "Configure network items per guidance."),
            ("a", "Enable services."),
            ("b", "Write the TOU."),
        ];
        let new = [
            ("a", "Enable   services"),
            ("a", "Configure network-related items per guidance."),
            ("b", "Something else entirely."),
            ("a", "Write the TOU."),
        ];
        assert_eq!(pair_up(&old, &new), [Some(1), Some(0), None, Some(2)]);
    }
}
