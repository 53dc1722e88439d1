//! Reading the body of a responsibilities page (CommonMark, as the docs site renders it) into
//! sections and items. Decisions for the messy parts:
//! - `## General …` is the general list; `## <Name> phase` (any level ≥ 2) starts a phase;
//!   `### <Name> phase - <Group>` or any other `###` heading inside a phase starts a group.
//! - A bullet with sub-bullets is a lead-in: each sub-bullet is an item whose text starts
//!   with the lead-in ("Provide guidance about: Wi-Fi profiles").
//! - A `> [!NOTE]` block is the note of the item before it (or inside it); before a phase's
//!   first bullet it goes to the phase description, as does prose there.
//! - Links keep their text, emphasis and code lose their marks, HTML is dropped.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
    pub text: String,
    pub note: Option<String>,
}

#[derive(Debug, Default)]
pub struct Page {
    /// The first `#` heading.
    pub heading: Option<String>,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    /// Bullets outside any phase section (skipped), for a warning.
    pub skipped: usize,
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
}

#[derive(Default)]
struct Walk {
    page: Page,
    section: Option<usize>,
    group: Option<String>,
    frames: Vec<Frame>,
    heading: Option<(HeadingLevel, String)>,
    quote: Option<String>,
    quote_depth: usize,
    paragraph: Option<String>,
}

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
        if let Some(sink) = self.sink() {
            sink.push_str(s);
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = self.heading.take() {
                    self.heading_done(level, &crate::model::slug::one_line(&text));
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
                    self.note_done(crate::model::slug::one_line(&note));
                }
            }
            Event::Start(Tag::Item) if self.quote_depth == 0 => {
                let next = self.page.items.len();
                if let Some(parent) = self.frames.last_mut() {
                    parent.parent = true;
                    parent.children_from.get_or_insert(next);
                }
                self.frames.push(Frame::default());
            }
            Event::End(TagEnd::Item) if self.quote_depth == 0 => self.item_done(),
            Event::Start(Tag::Paragraph) if self.frames.is_empty() && self.quote_depth == 0 => {
                self.paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) if self.frames.is_empty() && self.quote_depth == 0 => {
                let text = crate::model::slug::one_line(&self.paragraph.take().unwrap_or_default());
                self.prose(text);
            }
            Event::End(TagEnd::Paragraph) => self.push(" "),
            Event::Text(t) | Event::Code(t) => self.push(&t),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::InlineHtml(h) if h.to_ascii_lowercase().starts_with("<br") => self.push(" "),
            _ => {}
        }
    }

    fn heading_done(&mut self, level: HeadingLevel, text: &str) {
        if level == HeadingLevel::H1 {
            self.page.heading.get_or_insert_with(|| text.to_string());
            self.section = None;
            return;
        }
        if let Some((phase, group)) = phase_heading(text) {
            let idx = match self.page.sections.iter().position(|s| s.phase == phase) {
                Some(i) => i,
                None => {
                    self.page.sections.push(Section {
                        phase,
                        description: Vec::new(),
                    });
                    self.page.sections.len() - 1
                }
            };
            self.section = Some(idx);
            self.group = group;
        } else if level == HeadingLevel::H2 || self.section.is_none() {
            self.section = None;
            self.group = None;
        } else {
            self.group = Some(text.to_string()).filter(|g| !g.is_empty());
        }
    }

    fn in_section_items(&self, section: usize) -> bool {
        self.page.items.iter().any(|i| i.section == section)
    }

    /// Prose outside lists: a phase's description until its first bullet; ignored after.
    fn prose(&mut self, text: String) {
        if let Some(s) = self.section
            && !text.is_empty()
            && !self.in_section_items(s)
        {
            self.page.sections[s].description.push(text);
        }
    }

    fn note_done(&mut self, note: String) {
        let note = strip_alert(&note);
        if note.is_empty() {
            return;
        }
        if let Some(f) = self.frames.last_mut().filter(|f| !f.parent) {
            append(&mut f.note, note);
            return;
        }
        let Some(s) = self.section else { return };
        match self.page.items.iter_mut().rev().find(|i| i.section == s) {
            Some(item) => append(&mut item.note, note),
            None => self.page.sections[s].description.push(note.to_string()),
        }
    }

    fn item_done(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        // A parent ending in ':' ("Provide guidance about:") only leads its sub-items in; a
        // parent that is a sentence of its own is an item too, before its sub-items.
        let own = crate::model::slug::one_line(&frame.text);
        if frame.parent && (own.ends_with(':') || own.is_empty()) {
            return;
        }
        let Some(section) = self.section else {
            if !frame.parent {
                self.page.skipped += 1;
            }
            return;
        };
        let mut text = String::new();
        for lead in &self.frames {
            let lead = crate::model::slug::one_line(&lead.text);
            let lead = lead.trim_end_matches(['.', ':', ' ']);
            if !lead.is_empty() {
                text.push_str(lead);
                text.push_str(": ");
            }
        }
        text.push_str(&crate::model::slug::one_line(&frame.text));
        let text = crate::model::slug::one_line(&text);
        if text.trim_end_matches(':').is_empty() {
            return;
        }
        let item = Item {
            section,
            group: self.group.clone(),
            text,
            note: frame.note,
        };
        match frame.children_from.filter(|_| frame.parent) {
            Some(at) => self.page.items.insert(at.min(self.page.items.len()), item),
            None => self.page.items.push(item),
        }
    }
}

fn append(slot: &mut Option<String>, note: &str) {
    match slot {
        Some(n) => {
            n.push(' ');
            n.push_str(note);
        }
        None => *slot = Some(note.to_string()),
    }
}

/// A note without a leading `[!NOTE]`-style marker (when the parser left it in the text).
fn strip_alert(note: &str) -> &str {
    let t = note.trim();
    if let Some(rest) = t.strip_prefix("[!")
        && let Some(end) = rest.find(']')
    {
        return rest[end + 1..].trim();
    }
    t
}

/// `General responsibilities` → general; `Enable phase` → enable; `Enable phase - Intune` →
/// enable with group Intune. Anything else is not a phase heading.
pub fn phase_heading(text: &str) -> Option<(String, Option<String>)> {
    let lower = text.to_lowercase();
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
    let mut phase = crate::model::slug::slugify(&text[..at], crate::model::slug::MAX_ID);
    if phase.is_empty() {
        return None;
    }
    if phase == crate::model::catalog::COMPLETE {
        // `complete` names the end of an engagement, not a phase.
        phase = "complete-phase".to_string();
    }
    Some((phase, split_rest(&text[at + 6..])))
}
