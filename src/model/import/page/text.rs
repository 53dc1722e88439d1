//! The text-level decisions of the page reader that do not depend on the page's language: the
//! English original a localised text carries, anchors, English phase headings.

use crate::model::slug::{MAX_ID, one_line, slugify};

/// Around text inside `<span class="sxs-lookup">` (the English original a localised page
/// carries for search): private-use characters that no page text contains.
pub const EN_START: char = '\u{E000}';
pub const EN_END: char = '\u{E001}';

/// Text as read, split into the page's own language and the English original (if the page
/// carries one). A page in English has no English part: its text is the native one.
pub struct Lang {
    pub native: String,
    pub english: Option<String>,
}

pub fn split_lang(text: &str) -> Lang {
    let (mut native, mut english, mut inside) = (String::new(), String::new(), false);
    for c in text.chars() {
        match c {
            EN_START => {
                inside = true;
                english.push(' ');
            }
            EN_END => inside = false,
            c if inside => english.push(c),
            c => native.push(c),
        }
    }
    let english = Some(one_line(&english)).filter(|e| !e.is_empty());
    let native = one_line(&native);
    Lang {
        native: if native.is_empty() {
            english.clone().unwrap_or_default()
        } else {
            native
        },
        english,
    }
}

/// `name` or `id` of an anchor tag (`<a name="initiate-phase"></a>`), if the HTML is one.
pub fn anchor(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if !lower.starts_with("<a ") {
        return None;
    }
    ["name=", "id="].iter().find_map(|key| {
        let at = lower.find(key)? + key.len();
        let rest = html[at..].trim_start_matches(['"', '\'']);
        let end = rest.find(['"', '\'', ' ', '>'])?;
        Some(rest[..end].to_string()).filter(|a| !a.is_empty())
    })
}

/// `General responsibilities` → general; `Enable phase` → enable; `Enable phase - Intune` →
/// enable with group Intune. Anything else is not a phase heading.
pub fn phase_heading(text: &str) -> Option<(String, Option<String>)> {
    // ASCII lowercase keeps every byte where it was, so that places found in it are places in
    // `text` (full lowercase does not: "İ" becomes three bytes).
    let lower = text.to_ascii_lowercase();
    let split_rest = |rest: &str| {
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "-–—:(".contains(c));
        let rest = rest.trim_end_matches(')').trim();
        (!rest.is_empty()).then(|| rest.to_string())
    };
    if lower.starts_with("general") {
        let rest = text["general".len()..].trim_start();
        let rest = rest
            .strip_prefix("responsibilities")
            .or_else(|| rest.strip_prefix("Responsibilities"))
            .unwrap_or(rest);
        return Some((crate::model::catalog::GENERAL.to_string(), split_rest(rest)));
    }
    let at = lower
        .match_indices(" phase")
        .map(|(i, _)| i)
        .find(|&i| !lower[i + 6..].starts_with(|c: char| c.is_alphanumeric()))?;
    let mut phase = slugify(&text[..at], MAX_ID);
    if phase.is_empty() {
        return None;
    }
    if phase == crate::model::catalog::COMPLETE {
        // `complete` names the end of an engagement, not a phase.
        phase = "complete-phase".to_string();
    }
    Some((phase, split_rest(&text[at + 6..])))
}

/// A phase from a heading's anchor (`initiate-phase`, `enable-phase---intune`), for a
/// localised heading that carries no English text; the group, if the anchor has one, in its
/// anchor spelling (the caller names it in the page's language).
pub fn phase_from_anchor(anchor: &str) -> Option<(String, Option<String>)> {
    phase_heading(&anchor.replace(['-', '_'], " "))
}

/// A lead-in as a prefix: without its colon (or full stop).
pub fn lead(text: &str) -> &str {
    text.trim_end_matches(['.', ':', '：', '。', ' '])
}

pub fn append(slot: &mut Option<String>, note: &str) {
    match slot {
        Some(n) => {
            n.push(' ');
            n.push_str(note);
        }
        None => *slot = Some(note.to_string()),
    }
}

/// A note without a leading `[!NOTE]`-style marker (when the parser left it in the text).
pub fn strip_alert(note: &str) -> &str {
    let t = note.trim();
    if let Some(rest) = t.strip_prefix("[!")
        && let Some(end) = rest.find(']')
    {
        return rest[end + 1..].trim();
    }
    t
}
