//! The questions the page reader asks of a piece of text, answered from the page language's
//! table and the English one.

use super::{EN, Language, Script, holds, is_cjk};
use crate::model::slug::{MAX_ID, slugify};

/// Whose responsibilities a part of a page lists, or that it describes the phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    Customer,
    Microsoft,
    FastTrack,
    /// Sections that describe the phases (what happens in them), not anyone's list.
    Phases,
}

impl Party {
    /// The name `--party` takes.
    pub fn name(self) -> &'static str {
        match self {
            Party::Customer => "customer",
            Party::Microsoft => "microsoft",
            Party::FastTrack => "fasttrack",
            Party::Phases => "phases",
        }
    }

    /// How a message names the part: "yours", "Microsoft's".
    pub fn whose(self) -> &'static str {
        match self {
            Party::Customer => "the customer's (yours)",
            Party::Microsoft => "Microsoft's",
            Party::FastTrack => "FastTrack's",
            Party::Phases => "the phase descriptions",
        }
    }
}

/// The rules a page is read by: its own language's and English.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub page: &'static Language,
}

fn lower(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Rules {
    pub fn new(page: &'static Language) -> Rules {
        Rules { page }
    }

    pub fn english() -> Rules {
        Rules { page: &EN }
    }

    /// The page's table, then English (once).
    fn tables(&self) -> impl Iterator<Item = &'static Language> {
        let page = self.page;
        std::iter::once(page).chain((page.code != EN.code).then_some(&EN))
    }

    /// Whether the text makes an item conditional ("if needed", "(bei Bedarf)", "（任意）").
    pub fn optional(&self, text: &str) -> bool {
        let t = lower(text);
        self.tables()
            .any(|l| l.optional.iter().any(|p| holds(&t, p)))
    }

    /// Whether a paragraph, note or heading closes the list part ("Want to learn more?").
    pub fn footer(&self, text: &str) -> bool {
        let t = lower(text);
        let t = t.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        self.tables()
            .any(|l| l.footers.iter().any(|f| t.starts_with(f)))
    }

    /// A bullet that only points elsewhere: nothing but links, or "For more information, see
    /// …" (or "…を参照してください。") with a link, an address or a quoted title.
    pub fn pointer(&self, own: &str, linked: usize) -> bool {
        let rest = own.chars().count().saturating_sub(linked);
        let t = lower(own);
        let shaped = self.tables().any(|l| {
            l.pointers.iter().any(|p| t.starts_with(p))
                || l.pointer_ends.iter().any(|p| t.ends_with(p))
        });
        let target = linked > 0
            || t.contains("http")
            || t.contains("](")
            || t.contains(['「', '“', '„', '«']);
        (linked > 0 && rest <= 2) || (shaped && target)
    }

    /// Whether a cut title must not end on this word (or, in Japanese and Chinese, this ending).
    pub fn little(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.tables().any(|l| l.little.contains(&w.as_str()))
    }

    /// The particle a CJK title ends on, if it ends on one: its length in bytes.
    pub fn trailing_particle(&self, title: &str) -> Option<usize> {
        self.page
            .little
            .iter()
            .filter(|p| p.chars().all(|c| !c.is_ascii()) && title.ends_with(*p))
            .map(|p| p.len())
            .max()
    }

    /// A lead-in: text that only introduces the list after it. Text ending in ":" or "：" is
    /// one in every language; a sentence ending in a full stop is one when it says so in the
    /// page's language ("次の点に関するガイダンスを行います。").
    pub fn lead_in(&self, text: &str) -> bool {
        let t = text.trim_end();
        if t.ends_with(':') || t.ends_with('：') {
            return true;
        }
        let t = t.to_lowercase();
        (t.ends_with('。') || t.ends_with('.')) && self.page.lead_in.iter().any(|w| holds(&t, w))
    }

    /// Where the first sentence of `text` ends (after its full stop), when another follows:
    /// full stops of abbreviations ("z. B.", "e.g.") end no sentence.
    pub fn first_sentence(&self, text: &str) -> Option<usize> {
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            let next = text[end..].chars().next();
            let stop = match c {
                '。' | '！' | '？' => next.is_some(),
                '.' | '!' | '?' => next.is_some_and(char::is_whitespace),
                _ => false,
            };
            if stop
                && !self.inside_abbreviation(&tail(&text[..end]))
                && !text[end..].trim().is_empty()
            {
                return Some(end);
            }
        }
        None
    }

    /// Whether `head` (lowercase) ends inside or on an abbreviation: on one of its full stops.
    fn inside_abbreviation(&self, head: &str) -> bool {
        self.tables().flat_map(|l| l.abbreviations).any(|a| {
            a.char_indices()
                .filter(|(_, c)| *c == '.')
                .any(|(i, _)| ends_with_word(head, &a[..=i]))
        })
    }

    /// Whether a cut title would end inside an abbreviation ("…(z" from "z. B.", "…(例").
    pub fn ends_on_abbreviation(&self, title: &str) -> bool {
        let t = title.to_lowercase();
        self.tables().flat_map(|l| l.abbreviations).any(|a| {
            let stem = a.split(['.', ' ']).next().unwrap_or_default();
            !stem.is_empty() && ends_with_word(&t, stem)
        })
    }

    /// Whose part of a page a heading or lead-in opens, if it names one: the party word nearest
    /// to a word for "responsibilities" ("Microsoft's responsibilities", "Ihre Zuständigkeiten").
    pub fn party(&self, text: &str) -> Option<Party> {
        let t = lower(text);
        if self
            .tables()
            .any(|l| l.phase_descriptions.iter().any(|p| t.contains(p)))
        {
            return Some(Party::Phases);
        }
        let resp: Vec<usize> = self
            .tables()
            .flat_map(|l| l.responsibilities)
            .flat_map(|w| t.match_indices(w).map(|(i, _)| i).collect::<Vec<_>>())
            .collect();
        if resp.is_empty() {
            return None;
        }
        let mut names: Vec<(&str, Party)> = vec![
            ("microsoft", Party::Microsoft),
            ("fasttrack", Party::FastTrack),
            ("fast track", Party::FastTrack),
        ];
        for l in self.tables() {
            names.extend(l.customer.iter().map(|w| (*w, Party::Customer)));
        }
        names
            .iter()
            .flat_map(|(w, p)| word_starts(&t, w).into_iter().map(move |at| (at, *p)))
            .min_by_key(|(at, _)| resp.iter().map(|r| r.abs_diff(*at)).min().unwrap_or(0))
            .map(|(_, p)| p)
    }

    /// Whether a numbered step is one of a user interface ("Sign in to …", "[サービス] を選択").
    pub fn ui_step(&self, text: &str) -> bool {
        let t = lower(text);
        self.tables().any(|l| {
            l.ui_steps.iter().any(|s| match l.script {
                Script::Latin => t.starts_with(s),
                _ => t.contains(s),
            })
        })
    }

    /// A phase (and group) from a heading in the page's language: "Einleitungsphase",
    /// "開始フェーズ", "Allgemeine Zuständigkeiten". English headings are read elsewhere.
    pub fn native_phase(&self, heading: &str) -> Option<(String, Option<String>)> {
        let l = self.page;
        if l.code == EN.code {
            return None;
        }
        let (head, group) = match split_group(heading) {
            Some((at, g)) => (lower(&heading[..at]), Some(g)),
            None => (lower(heading), None),
        };
        let words = head.split_whitespace().count();
        if l.general.iter().any(|g| head.contains(g))
            && (words <= 2 || l.responsibilities.iter().any(|r| head.contains(r)))
        {
            return Some((crate::model::catalog::GENERAL.to_string(), group));
        }
        // "Einleitungsphase", "Phase de lancement": the word ends a word ("Phasen im
        // Onboarding" names the phases, none of them).
        let ends_word = |w: &str| {
            head.match_indices(w).any(|(at, _)| {
                l.script != Script::Latin || !head[at + w.len()..].starts_with(char::is_alphabetic)
            })
        };
        let word = l.phase_word.iter().find(|w| ends_word(w))?;
        if let Some((_, id)) = l.phases.iter().find(|(name, _)| head.contains(name)) {
            return Some((id.to_string(), group));
        }
        if l.script != Script::Latin {
            return None;
        }
        let id = slugify(&self.id_text(&head.replace(word, " ")), MAX_ID);
        (!id.is_empty() && id != crate::model::catalog::COMPLETE).then_some((id, group))
    }

    /// Text with the letters this language writes out its own way replaced (ä → ae), ready
    /// for an ASCII id.
    pub fn id_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match self.page.letters.iter().find(|(l, _)| *l == c) {
                Some((_, s)) => out.push_str(s),
                None => out.push(c),
            }
        }
        out
    }

    /// Whether a word of an id (ASCII, as `id_text` and the slug wrote it) is a little word of
    /// the page's language ("fuer" for "für"): ids do not end on one. English ids keep the
    /// rule they always had (see `slug::slugify`), so that they stay stable.
    pub fn little_in_id(&self, word: &str) -> bool {
        self.page.code != EN.code
            && self
                .page
                .little
                .iter()
                .any(|l| deunicode::deunicode(&self.id_text(l)).to_ascii_lowercase() == word)
    }

    /// What joins a lead-in to the items under it.
    pub fn joiner(&self) -> &'static str {
        self.page.joiner
    }

    /// Whether the page's script separates words with spaces.
    pub fn spaced(&self) -> bool {
        self.page.script == Script::Latin
    }
}

/// The last few characters of a text, lowercase: enough to see an abbreviation at its end.
fn tail(text: &str) -> String {
    let from = text.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    text[from..].to_lowercase()
}

/// Whether `text` ends with `tail`, starting at a word boundary.
fn ends_with_word(text: &str, tail: &str) -> bool {
    text.ends_with(tail) && {
        let before = text[..text.len() - tail.len()].chars().next_back();
        let cjk = tail.chars().next().is_some_and(is_cjk);
        cjk || !before.is_some_and(char::is_alphanumeric)
    }
}

/// Where `word` starts in `text` as a whole word (anywhere, for CJK).
fn word_starts(text: &str, word: &str) -> Vec<usize> {
    let cjk = word.chars().any(is_cjk);
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            cjk || {
                let before = text[..i].chars().next_back();
                let after = text[i + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            }
        })
        .collect()
}

/// The part of a heading after "Enable phase - ": its group, if it has one.
pub fn group_after_separator(heading: &str) -> Option<String> {
    split_group(heading).map(|(_, g)| g)
}

/// Where the group part of a heading starts (its separator), and the group.
fn split_group(heading: &str) -> Option<(usize, String)> {
    let at = [" - ", " – ", " — ", " -- ", "：", ": "]
        .iter()
        .filter_map(|s| heading.find(s).map(|i| (i, s.len())))
        .min()?;
    let rest = heading[at.0 + at.1..].trim_matches(|c: char| c.is_whitespace() || c == '-');
    (!rest.is_empty()).then(|| (at.0, rest.to_string()))
}
