//! Reading the body of a responsibilities page (CommonMark, as the docs site renders it) into
//! sections and items. Decisions for the messy parts:
//! - `## General …` is the general list; `## <Name> phase` (any level ≥ 2) starts a phase;
//!   `### <Name> phase - <Group>` or any other `###` heading inside a phase starts a group. On a
//!   localised page, the English text of `<span class="sxs-lookup">` names the phase, else the
//!   heading's anchor (`<a name="initiate-phase">`).
//! - A lead-in ("Provide guidance about:"), a bullet or a paragraph before a list, is a prefix
//!   of each item under it; a parent bullet that is a sentence of its own is an item, and its
//!   sub-bullets are items without it. Each item's title comes from its own text.
//! - A `> [!NOTE]` block is the note of the item before it (or inside it); before a phase's
//!   first bullet, or a group's, it goes to the phase description, as does prose there.
//! - A footer ("Want to learn more?") ends the section; bullets that are only links are dropped.
//! - Links keep their text, emphasis and code lose their marks, HTML and images are dropped.

mod text;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use text::{EN_END, EN_START, append, split_lang, strip_alert};

#[derive(Debug, Default)]
pub struct Section {
    /// Phase id (`general` or the kebab-case name before "phase").
    pub phase: String,
    pub description: Vec<String>,
}

#[derive(Debug)]
pub struct Item {
    /// Index into `Page::sections`.
    pub section: usize,
    pub group: Option<String>,
    /// The full text: lead-ins, then the bullet's own text (in the page's language).
    pub text: String,
    /// What the title and id are made from: the bullet's own text, in English when the page
    /// carries it.
    pub title_from: String,
    /// True when the page's text is not English and carries no English original.
    pub untranslated: bool,
    pub note: Option<String>,
}

/// What the page looks like, for telling a checklist from a descriptive page.
#[derive(Debug, Default)]
pub struct Shape {
    /// Items from numbered lists ("1. Sign in… 2. Select FastTrack").
    pub numbered: usize,
    pub images: usize,
    /// Length of each paragraph of prose inside the phase sections.
    pub prose: Vec<usize>,
}

/// The most phase sections, and the most items, a page is read for: a docs page has a few
/// dozen; a catalog of 100,000 items is far past the 16 MiB ftrack reads. (A 16 MiB page of
/// one-line bullets would otherwise hold over a million.)
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Default)]
pub struct Page {
    /// The first `#` heading.
    pub heading: Option<String>,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    /// Bullets outside any phase section (skipped), for a warning.
    pub skipped: usize,
    /// Bullets that only point elsewhere ("For more information, see …"), dropped.
    pub links: usize,
    /// The page has more phase sections or items than a catalog can hold (`MAX_ENTRIES`): the
    /// rest were not read.
    pub too_many: bool,
    pub shape: Shape,
}

/// An open list item: its text so far and whether sub-bullets followed.
#[derive(Default)]
struct Frame {
    text: String,
    parent: bool,
    /// Where this item's sub-items start in `Page::items` (a parent that is an item itself,
    /// not a lead-in, goes before them).
    children_from: Option<usize>,
    note: Option<String>,
    /// Characters of its text inside links.
    linked: usize,
    numbered: bool,
}

#[derive(Default)]
struct Walk {
    page: Page,
    section: Option<usize>,
    group: Option<String>,
    frames: Vec<Frame>,
    heading: Option<(HeadingLevel, String)>,
    anchor: Option<String>,
    quote: Option<String>,
    quote_depth: usize,
    paragraph: Option<String>,
    /// A paragraph lead-in waiting for its list.
    lead_in: Option<String>,
    /// Open `<span>`s, true for `sxs-lookup` ones; how many of those are open.
    spans: Vec<bool>,
    lookup: usize,
    lists: Vec<bool>,
    links: usize,
    images: usize,
    /// Whether an item was read since the last heading (a note before one describes the group).
    item_since_heading: bool,
    /// Inside inline `<script>`, `<style>` or `<template>` elements: their text is code or
    /// markup, never part of the page's words.
    hidden: usize,
    /// Section index by phase id, and how many items each section has.
    section_of: std::collections::HashMap<String, usize>,
    items_in: Vec<usize>,
}

/// Elements whose text is not shown as words of the page.
const HIDDEN: [&str; 3] = ["script", "style", "template"];

pub fn read(body: &str) -> Page {
    let mut w = Walk::default();
    // Task lists (`- [ ] …`) are read as lists: their checkboxes are not part of the text.
    for event in Parser::new_ext(body, Options::ENABLE_GFM | Options::ENABLE_TASKLISTS) {
        w.event(event);
    }
    w.page
}

impl Walk {
    /// Where text goes now: a heading, a note, an item, or a paragraph outside lists.
    fn sink(&mut self) -> Option<&mut String> {
        if let Some((_, h)) = &mut self.heading {
            Some(h)
        } else if self.quote_depth > 0 {
            self.quote.as_mut()
        } else if let Some(f) = self.frames.last_mut() {
            Some(&mut f.text)
        } else {
            self.paragraph.as_mut()
        }
    }

    fn push(&mut self, s: &str) {
        if self.images > 0 || self.hidden > 0 {
            return;
        }
        if self.links > 0
            && self.heading.is_none()
            && self.quote_depth == 0
            && let Some(f) = self.frames.last_mut()
        {
            f.linked += s.chars().count();
        }
        if let Some(sink) = self.sink() {
            sink.push_str(s);
        }
    }

    fn html(&mut self, html: &str) {
        let lower = html.trim().to_ascii_lowercase();
        let element = |name: &str| {
            lower
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(['>', ' ', '\t', '\n', '/']))
        };
        if HIDDEN.iter().any(|h| element(&format!("<{h}"))) {
            if !lower.ends_with("/>") {
                self.hidden += 1;
            }
        } else if HIDDEN.iter().any(|h| element(&format!("</{h}"))) {
            self.hidden = self.hidden.saturating_sub(1);
        } else if lower.starts_with("<br") {
            self.push(" ");
        } else if lower.starts_with("<span") {
            let lookup = lower.contains("sxs-lookup");
            self.spans.push(lookup);
            if lookup {
                self.lookup += 1;
                if self.lookup == 1 {
                    self.push(&EN_START.to_string());
                }
            }
        } else if lower.starts_with("</span") {
            if self.spans.pop() == Some(true) {
                self.lookup -= 1;
                if self.lookup == 0 {
                    self.push(&EN_END.to_string());
                }
            }
        } else if self.heading.is_some()
            && let Some(a) = text::anchor(html)
        {
            self.anchor = Some(a);
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((level, String::new()));
                self.anchor = None;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = self.heading.take() {
                    self.heading_done(level, &text);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.quote_depth += 1;
                self.quote.get_or_insert_default();
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth -= 1;
                if self.quote_depth == 0
                    && let Some(note) = self.quote.take()
                {
                    self.note_done(&split_lang(&note).native);
                }
            }
            Event::Start(Tag::List(first)) => self.lists.push(first.is_some()),
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
                if self.frames.is_empty() {
                    self.lead_in = None;
                }
            }
            Event::Start(Tag::Item) if self.quote_depth == 0 => {
                let next = self.page.items.len();
                if let Some(parent) = self.frames.last_mut() {
                    parent.parent = true;
                    parent.children_from.get_or_insert(next);
                }
                let numbered = self.lists.last().copied().unwrap_or(false);
                self.frames.push(Frame {
                    numbered,
                    ..Frame::default()
                });
            }
            Event::End(TagEnd::Item) if self.quote_depth == 0 => self.item_done(),
            Event::Start(Tag::Paragraph) if self.frames.is_empty() && self.quote_depth == 0 => {
                self.paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) if self.frames.is_empty() && self.quote_depth == 0 => {
                let text = self.paragraph.take().unwrap_or_default();
                self.prose(&split_lang(&text).native);
            }
            Event::End(TagEnd::Paragraph) => self.push(" "),
            Event::Start(Tag::Link { .. }) => self.links += 1,
            Event::End(TagEnd::Link) => self.links = self.links.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => {
                self.images += 1;
                self.page.shape.images += 1;
            }
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => self.push(&t),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::InlineHtml(h) | Event::Html(h) => self.html(&h),
            _ => {}
        }
    }

    fn heading_done(&mut self, level: HeadingLevel, raw: &str) {
        let lang = split_lang(raw);
        let text = lang.for_ids().to_string();
        self.lead_in = None;
        self.item_since_heading = false;
        if level == HeadingLevel::H1 {
            self.page.heading.get_or_insert(lang.native);
            self.section = None;
            return;
        }
        let phase = text::phase_heading(&text).or_else(|| {
            (lang.english.is_none())
                .then(|| self.anchor.as_deref().and_then(text::phase_from_anchor))
                .flatten()
        });
        if let Some((phase, group)) = phase {
            // (A map, not a scan: a page of 40,000 phase headings imports in linear time.)
            let next = self.page.sections.len();
            let idx = *self.section_of.entry(phase.clone()).or_insert(next);
            if idx == next && next >= MAX_ENTRIES {
                self.section_of.remove(&phase);
                self.page.too_many = true;
                self.section = None;
                return;
            }
            if idx == next {
                self.page.sections.push(Section {
                    phase,
                    description: Vec::new(),
                });
                self.items_in.push(0);
            }
            self.section = Some(idx);
            self.group = group;
        } else if level == HeadingLevel::H2 || self.section.is_none() || text::is_footer(&text) {
            self.section = None;
            self.group = None;
        } else {
            self.group = Some(lang.native).filter(|g| !g.is_empty());
        }
    }

    fn in_section_items(&self, section: usize) -> bool {
        self.items_in.get(section).is_some_and(|n| *n > 0)
    }

    /// Prose outside lists: a lead-in of the list after it, a footer that ends the section, or
    /// a phase's description until its first bullet (ignored after).
    fn prose(&mut self, text: &str) {
        self.lead_in = None;
        let Some(s) = self.section else { return };
        if text.is_empty() {
            return;
        }
        if text::is_footer(text) {
            self.section = None;
            self.group = None;
            return;
        }
        self.page.shape.prose.push(text.chars().count());
        if text::is_lead_in(text) {
            self.lead_in = Some(text.to_string());
        } else if !self.in_section_items(s) {
            self.page.sections[s].description.push(text.to_string());
        }
    }

    fn note_done(&mut self, note: &str) {
        let note = strip_alert(note);
        if note.is_empty() {
            return;
        }
        if text::is_footer(note) {
            self.section = None;
            self.group = None;
            return;
        }
        if let Some(f) = self.frames.last_mut().filter(|f| !f.parent) {
            append(&mut f.note, note);
            return;
        }
        let Some(s) = self.section else { return };
        let last = self.page.items.iter_mut().rev().find(|i| i.section == s);
        match last.filter(|_| self.item_since_heading) {
            Some(item) => append(&mut item.note, note),
            // Before the first bullet of a phase or of a group: it describes that.
            None => {
                let text = match &self.group {
                    Some(g) => format!("{g}: {note}"),
                    None => note.to_string(),
                };
                self.page.sections[s].description.push(text);
            }
        }
    }

    fn item_done(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let own = split_lang(&frame.text);
        // A parent ending in ':' ("Provide guidance about:") only leads its sub-items in; a
        // parent that is a sentence of its own is an item too, before its sub-items.
        if frame.parent && (text::is_lead_in(&own.native) || own.native.is_empty()) {
            return;
        }
        let Some(section) = self.section else {
            if !frame.parent {
                self.page.skipped += 1;
            }
            return;
        };
        if text::is_link_only(&own.native, frame.linked) {
            self.page.links += 1;
            return;
        }
        // Only lead-ins prefix an item: a paragraph before the list, then bullets ending in ':'.
        let mut text = String::new();
        let leads = self.frames.iter().map(|f| split_lang(&f.text).native);
        let mut previous = String::new();
        for raw in self.lead_in.clone().into_iter().chain(leads) {
            let lead = text::lead(&raw).to_string();
            // The same lead-in twice (a paragraph, then a bullet saying it again) counts once.
            if text::is_lead_in(&raw) && !lead.is_empty() && lead != previous {
                text.push_str(&lead);
                text.push_str(": ");
                previous = lead;
            }
        }
        text.push_str(&own.native);
        if own.native.trim_end_matches(':').is_empty() {
            return;
        }
        if frame.numbered {
            self.page.shape.numbered += 1;
        }
        self.item_since_heading = true;
        // Letters beyond the Latin scripts: an id made from them is a transliteration.
        let untranslated = own.english.is_none()
            && own
                .native
                .chars()
                .any(|c| c.is_alphabetic() && u32::from(c) > 0x24F);
        let item = Item {
            section,
            group: self.group.clone(),
            text: crate::model::slug::one_line(&text),
            title_from: own.for_ids().to_string(),
            untranslated,
            note: frame.note,
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
}
