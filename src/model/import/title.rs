//! Titles and ids of imported items. A title is the item's own text in the page's language,
//! cut by that language's rules, or its English original when the page's language gives no
//! good cut. An id comes from the English original when the page carries one, else from the
//! title when it is written in Latin letters (as the language spells them: `ä` → `ae`), else
//! it is the phase and the item's place in it (`assess-3`): never a transliteration of kanji
//! into some other language's sounds.

use super::page::Item;
use crate::model::lang::Rules;
use crate::model::slug::{self, MAX_TITLE};

/// The title of an item whose own text (and English original) is given.
pub fn title(own: &str, own_en: Option<&str>, rules: Rules) -> String {
    let (cut, good) = slug::shorten_by(own, MAX_TITLE, rules);
    let title = match own_en {
        Some(e) if !good => slug::shorten_by(e, MAX_TITLE, Rules::english()).0,
        _ => cut,
    };
    title.trim_end_matches(['.', '。']).to_string()
}

/// What an id is made from.
pub struct Stem {
    pub text: String,
    /// The language of `text`.
    pub rules: Rules,
    /// True when it is the phase and a number: the text gave nothing to make one from.
    pub numbered: bool,
}

/// The text a new item's id is made from. `title` is its title, `n` its place in its phase
/// (from 1); `english_page`: the page is in English (not merely read by its rules, as a page in
/// a language without a table is).
pub fn id_stem(
    item: &Item,
    title: &str,
    rules: Rules,
    english_page: bool,
    phase: &str,
    n: usize,
) -> Stem {
    // Decided on the item's whole text, not its title (which may be cut before its first
    // Japanese word): the ids of one page's items are made one way.
    let foreign = |c: &char| c.is_alphabetic() && u32::from(*c) > 0x24F;
    let letters = item.own.chars().filter(|c| c.is_alphabetic()).count();
    let others = item.own.chars().filter(foreign).count();
    let latin = others == 0;
    // An English item with a word in another script ("the 日本語 input method"): its id is
    // made from its English words, never from a transliteration of the others.
    let english_words: String = item
        .own
        .chars()
        .map(|c| if foreign(&c) { ' ' } else { c })
        .collect();
    let english = match &item.own_en {
        Some(e) => Some(e.as_str()),
        None if !english_page || others * 4 > letters => None,
        None => Some(english_words.as_str()),
    };
    if let Some(e) = english {
        return Stem {
            text: slug::id_cut(e, MAX_TITLE),
            rules: Rules::english(),
            numbered: false,
        };
    }
    if latin {
        Stem {
            text: rules.id_text(title),
            rules,
            numbered: false,
        }
    } else {
        Stem {
            text: format!("{phase}-{n}"),
            rules,
            numbered: true,
        }
    }
}
