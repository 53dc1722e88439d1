//! Bullets, notes and prose: which bullet is an item, which a lead-in of others, which only
//! points elsewhere; where a note or a paragraph goes.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::text::{Lang, append, lead, split_lang, strip_alert};
use super::{Frame, Item, MAX_ENTRIES, Walk};
use crate::model::catalog::GENERAL;
use crate::model::slug::one_line;

impl Walk {
    /// An item's text that CommonMark read as indented code (five spaces after the bullet's
    /// marker, as some localised pages indent): read as the Markdown it is, inline. Blocks in
    /// it give their text only (a code block in it stays text: no reading without end).
    pub(super) fn code_as_text(&mut self, code: &str) {
        let options = pulldown_cmark::Options::ENABLE_GFM;
        for event in pulldown_cmark::Parser::new_ext(code, options) {
            match event {
                Event::Text(_)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::Html(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Start(Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Paragraph) => self.event(event),
                _ => {}
            }
        }
    }

    /// Prose outside lists: whose part follows (outside a phase), a lead-in of the list after
    /// it, a footer that ends the section, or a phase's description until its first bullet.
    pub(super) fn prose(&mut self, raw: &str) {
        let lang = split_lang(raw);
        let text = lang.native.as_str();
        self.page.words.push(text.to_string());
        // A lead-in the list did not follow: it was a sentence of the description after all.
        if let (Some(old), Some(s)) = (self.lead_in.take(), self.section)
            && !self.in_section_items(s)
        {
            self.page.sections[s]
                .description
                .push(split_lang(&old).native);
        }
        if self.section.is_none()
            && let Some(p) = [lang.english.as_deref(), Some(text)]
                .into_iter()
                .flatten()
                .find_map(|t| self.rules.party(t))
            && self.parties.last().is_none_or(|(l, _)| *l < self.level)
        {
            // "This section describes Microsoft's responsibilities", under a neutral heading.
            self.parties.push((self.level, p));
        }
        let Some(s) = self.section else { return };
        if text.is_empty() {
            return;
        }
        if self.rules.footer(text)
            || lang
                .english
                .as_deref()
                .is_some_and(|e| self.rules.footer(e))
        {
            self.footer_ends(text);
            return;
        }
        let party = self.party();
        self.page.shape.prose.push((party, text.chars().count()));
        if self.rules.lead_in(text) {
            self.lead_in = Some(raw.to_string());
        } else if !self.in_section_items(s) {
            self.page.sections[s].description.push(text.to_string());
        }
    }

    /// A footer ("Want to learn more?") ends the section it is in: bullets after it, until
    /// the next heading, are skipped (and said to be, with the footer's words).
    fn footer_ends(&mut self, footer: &str) {
        if self.section.is_some() {
            self.footer = Some(one_line(footer).chars().take(40).collect());
        }
        self.section = None;
        self.group = None;
        self.part_heading = false;
    }

    fn in_section_items(&self, section: usize) -> bool {
        self.items_in.get(section).is_some_and(|n| *n > 0)
    }

    pub(super) fn note_done(&mut self, native: &str, english: Option<&str>) {
        let note = strip_alert(native);
        if note.is_empty() {
            return;
        }
        if self.rules.footer(note) || english.is_some_and(|e| self.rules.footer(strip_alert(e))) {
            self.footer_ends(note);
            return;
        }
        if let Some(f) = self.frames.last_mut().filter(|f| !f.parent) {
            append(&mut f.note, note);
            return;
        }
        self.attach_note(note);
    }

    /// A note after an item: that item's; before a phase's or a group's first bullet: the
    /// phase description's.
    fn attach_note(&mut self, note: &str) {
        let Some(s) = self.section else { return };
        let last = self.page.items.iter_mut().rev().find(|i| i.section == s);
        match last.filter(|_| self.item_since_heading) {
            Some(item) => append(&mut item.note, note),
            None => {
                let text = match &self.group {
                    Some(g) => format!("{g}: {note}"),
                    None => note.to_string(),
                };
                self.page.sections[s].description.push(text);
            }
        }
    }

    pub(super) fn item_done(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let own = split_lang(&frame.text);
        let lead_in = self.rules.lead_in(&own.native)
            || own
                .english
                .as_deref()
                .is_some_and(|e| self.rules.lead_in(e));
        // A parent that only leads its sub-items in ("Provide guidance about:") is no item; a
        // parent that is a sentence of its own is one, before its sub-items.
        if frame.parent && (lead_in || own.native.is_empty()) {
            return;
        }
        // A bullet ending in ":" with no sub-bullets, its items following as siblings (the
        // page's own odd indentation): it leads those in.
        let colon = own.native.trim_end().ends_with([':', '：']);
        if !frame.parent
            && colon
            && self.section.is_some()
            && let Some(list) = self.lists.last_mut()
        {
            let earlier = list.lead.take();
            let used = std::mem::replace(&mut list.lead_used, false);
            if let Some(earlier) = earlier.filter(|_| !used) {
                // Two in a row: the first led nothing in; it is an item after all.
                self.make_item(earlier);
            }
            if let Some(list) = self.lists.last_mut() {
                list.lead = Some(frame);
            }
            return;
        }
        self.make_item(frame);
    }

    /// The item a bullet is, with the lead-ins above it, or why it is none.
    pub(super) fn make_item(&mut self, frame: Frame) {
        let own = split_lang(&frame.text);
        if self.section.is_none() && self.part_heading {
            self.section = self.open_section(GENERAL.to_string());
        }
        let Some(section) = self.section else {
            if !frame.parent {
                match &self.footer {
                    Some(f) => {
                        self.page
                            .after_footer
                            .get_or_insert_with(|| (f.clone(), 0))
                            .1 += 1
                    }
                    None => self.page.skipped += 1,
                }
            }
            return;
        };
        if self.rules.pointer(&own.native, frame.linked) {
            self.page.links += 1;
            if let Some(note) = frame.note {
                // A note inside a dropped pointer is kept: on the item before it.
                self.page.moved_notes += 1;
                self.attach_note(&note);
            }
            return;
        }
        if own.native.trim_end_matches([':', '：']).is_empty() {
            return;
        }
        let (text, text_en) = self.with_lead_ins(&own);
        self.item_since_heading = true;
        self.page.words.push(own.native.clone());
        let list = self.lists.last_mut();
        let list_id = list.as_ref().map_or(0, |l| l.id);
        if let Some(l) = list
            && frame.numbered
        {
            l.items += 1;
            if self.rules.ui_step(&own.native)
                || own
                    .english
                    .as_deref()
                    .is_some_and(|e| self.rules.ui_step(e))
            {
                l.steps += 1;
                l.first.get_or_insert_with(|| own.native.clone());
            }
        }
        let item = Item {
            section,
            group: self.group.clone(),
            party: self.party(),
            text,
            text_en,
            own: own.native,
            own_en: own.english,
            note: frame.note,
            numbered: frame.numbered,
            ui_step: false,
            list: list_id,
        };
        if self.page.items.len() >= MAX_ENTRIES {
            self.page.too_many = true;
            return;
        }
        if let Some(n) = self.items_in.get_mut(section) {
            *n += 1;
        }
        match frame.children_from.filter(|_| frame.parent) {
            Some(at) => self.page.items.insert(at.min(self.page.items.len()), item),
            None => self.page.items.push(item),
        }
    }

    /// An item's full text, and its English original when the page carries one: a paragraph
    /// lead-in, then each list's leading bullet and each parent lead-in, then its own text.
    /// The same lead-in twice (a paragraph, then a bullet saying it again) counts once.
    fn with_lead_ins(&mut self, own: &Lang) -> (String, Option<String>) {
        let mut leads: Vec<String> = self.lead_in.iter().cloned().collect();
        for (k, list) in self.lists.iter_mut().enumerate() {
            if let Some(f) = &list.lead {
                list.lead_used = true;
                leads.push(f.text.clone());
            }
            if let Some(f) = self.frames.get(k) {
                leads.push(f.text.clone());
            }
        }
        let joiner = self.rules.joiner();
        let (mut native, mut english) = (String::new(), String::new());
        let (mut previous, mut all_english) = (String::new(), own.english.is_some());
        for raw in &leads {
            let l = split_lang(raw);
            let is_lead = self.rules.lead_in(&l.native)
                || l.english.as_deref().is_some_and(|e| self.rules.lead_in(e));
            let text = lead(&l.native).to_string();
            if !is_lead || text.is_empty() || text == previous {
                continue;
            }
            native.push_str(&text);
            native.push_str(joiner);
            match &l.english {
                Some(e) => {
                    english.push_str(lead(e));
                    english.push_str(": ");
                }
                None => all_english = false,
            }
            previous = text;
        }
        native.push_str(&own.native);
        let english = own.english.as_ref().map(|e| {
            if all_english {
                english.push_str(e);
                one_line(&english)
            } else {
                e.clone()
            }
        });
        (one_line(&native), english)
    }

    /// A list item starts: a leading bullet of its list that is not indented less than it
    /// leads nothing more in; if it led nothing in at all, it is an item after all.
    pub(super) fn sibling_starts(&mut self) {
        let column = self.column;
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        if list.lead.as_ref().is_some_and(|f| f.column >= column)
            && let Some(lead) = list.lead.take()
            && !std::mem::replace(&mut list.lead_used, false)
        {
            self.make_item(lead);
        }
    }

    /// The end of a list: a leading bullet nothing followed is an item after all; a numbered
    /// list of user-interface steps marks its items as such.
    pub(super) fn list_done(&mut self) {
        let Some(mut list) = self.lists.pop() else {
            return;
        };
        if let Some(f) = list.lead.take()
            && !list.lead_used
        {
            self.lists.push(super::List::default());
            self.make_item(f);
            self.lists.pop();
        }
        if list.numbered && list.steps >= 2 && list.steps * 2 >= list.items {
            let from = list.from.min(self.page.items.len());
            for item in self.page.items[from..]
                .iter_mut()
                .filter(|i| i.list == list.id)
            {
                item.ui_step = true;
            }
            let party = self.party();
            let first = list.first.unwrap_or_default();
            self.page
                .shape
                .steps
                .push((party, self.last_heading.clone(), first));
        }
    }
}
