//! Reading the body of a responsibilities page (CommonMark, as the docs site renders it) into
//! sections and items, by the rules of the page's language (`model::lang`). Decisions for the
//! messy parts:
//! - `## General …` is the general list; `## <Name> phase` (any level ≥ 2) starts a phase;
//!   `### <Name> phase - <Group>` or any other `###` heading inside a phase starts a group. On a
//!   localised page, the English text of `<span class="sxs-lookup">` names the phase, else the
//!   heading's anchor (`<a name="initiate-phase">`), else its words in the page's language
//!   ("Einleitungsphase"); a group is named in the page's language.
//! - A heading (or, outside a phase, a paragraph) that names whose responsibilities follow
//!   ("Microsoft responsibilities", "Ihre Zuständigkeiten") or the phase descriptions marks the
//!   items under it with that party (see `heading.rs`).
//! - A lead-in ("Provide guidance about:", "次の点に関するガイダンスを行います。"), a bullet or a
//!   paragraph before a list, or a bullet ending in ":" followed by sibling bullets, is a prefix
//!   of each item under it; a parent bullet that is a sentence of its own is an item, and its
//!   sub-bullets are items without it. Each item's title comes from its own text.
//! - A `> [!NOTE]` block is the note of the item before it (or inside it); before a phase's
//!   first bullet, or a group's, it goes to the phase description, as does prose there.
//! - A footer ("Want to learn more?", "Möchten Sie mehr erfahren?") ends the section; bullets
//!   that only point elsewhere are dropped (a note inside one goes to the item before it).
//! - Numbered lists of user-interface steps ("1. Sign in… 2. Select FastTrack") are marked.
//! - Links keep their text, emphasis and code lose their marks, HTML and images are dropped.

mod heading;
mod items;
mod text;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::lang::{Party, Rules};
use text::{EN_END, EN_START, split_lang};

#[derive(Debug, Default)]
pub struct Section {
    /// Phase id (`general` or the kebab-case name before "phase").
    pub phase: String,
    pub description: Vec<String>,
    /// Whose part of the page each heading of this phase was under (None: unmarked), and
    /// where that heading was among all headings of the page.
    pub parties: Vec<(Option<Party>, usize)>,
}

#[derive(Debug)]
pub struct Item {
    /// Index into `Page::sections`.
    pub section: usize,
    pub group: Option<String>,
    /// Whose responsibility the page says this is (None: the page does not say).
    pub party: Option<Party>,
    /// The full text in the page's language: lead-ins, then the bullet's own text.
    pub text: String,
    /// The same in English, when the page carries the English original of the bullet.
    pub text_en: Option<String>,
    /// The bullet's own text, and its English original: what titles and ids are made from.
    pub own: String,
    pub own_en: Option<String>,
    pub note: Option<String>,
    /// From a numbered list ("1. Sign in… 2. Select FastTrack").
    pub numbered: bool,
    /// A step of a numbered list of user-interface steps.
    pub ui_step: bool,
    /// Which list it came from (to mark a list of steps once it has ended).
    list: usize,
}

/// What the page looks like, for telling a checklist from a descriptive page.
#[derive(Debug, Default)]
pub struct Shape {
    /// Images, by the part of the page they are in.
    pub images: Vec<Option<Party>>,
    /// Length of each paragraph of prose inside the phase sections, by part.
    pub prose: Vec<(Option<Party>, usize)>,
    /// Lists of user-interface steps: the heading they are under and their first step.
    pub steps: Vec<(Option<Party>, String, String)>,
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
    /// Bullets skipped after a footer in the middle of a section: the first such footer's
    /// words and how many.
    pub after_footer: Option<(String, usize)>,
    /// Bullets that only point elsewhere ("For more information, see …"), dropped.
    pub links: usize,
    /// Notes found inside such bullets, kept on the item before them.
    pub moved_notes: usize,
    /// The page has more phase sections or items than a catalog can hold (`MAX_ENTRIES`): the
    /// rest were not read.
    pub too_many: bool,
    pub shape: Shape,
    /// Text of the page in its own language (headings, prose, items), to tell its language.
    pub words: Vec<String>,
    /// How many headings were read.
    pub headings: usize,
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
    /// Where its marker stands on its line (a leading bullet leads in only the siblings
    /// indented under it).
    column: usize,
}

/// An open list: numbered or not, a bullet of it that leads in its later siblings ("…,
/// including:" with the page's odd indentation), and how many of its items are UI steps.
#[derive(Default)]
struct List {
    id: usize,
    numbered: bool,
    /// Where its items start in `Page::items`.
    from: usize,
    lead: Option<Frame>,
    lead_used: bool,
    items: usize,
    steps: usize,
    first: Option<String>,
}

struct Walk {
    rules: Rules,
    page: Page,
    section: Option<usize>,
    group: Option<String>,
    frames: Vec<Frame>,
    heading: Option<(HeadingLevel, String)>,
    /// The text of the latest heading, for messages.
    last_heading: String,
    level: HeadingLevel,
    anchor: Option<String>,
    quote: Option<String>,
    quote_depth: usize,
    paragraph: Option<String>,
    /// A paragraph lead-in waiting for its list.
    lead_in: Option<String>,
    /// Open `<span>`s, true for `sxs-lookup` ones; how many of those are open.
    spans: Vec<bool>,
    lookup: usize,
    lists: Vec<List>,
    next_list: usize,
    links: usize,
    images: usize,
    /// Whether an item was read since the last heading (a note before one describes the group).
    item_since_heading: bool,
    /// Whose part of the page this is, by the level of the heading that said so.
    parties: Vec<(HeadingLevel, Party)>,
    /// The latest heading named someone's part ("Your responsibilities"): bullets right under
    /// it, before any phase, are that party's general responsibilities.
    part_heading: bool,
    /// The footer that ended the section the walk was in (until the next heading).
    footer: Option<String>,
    /// Inside inline `<script>`, `<style>` or `<template>` elements: their text is code or
    /// markup, never part of the page's words.
    hidden: usize,
    /// The column of the list item that starts next.
    column: usize,
    /// The text of an indented code block that opens a list item (`-     <span>…`: five
    /// spaces after the marker), read as the item's text when it ends.
    code: Option<String>,
    /// Section index by phase id, and how many items each section has.
    section_of: std::collections::HashMap<String, usize>,
    items_in: Vec<usize>,
}

/// Elements whose text is not shown as words of the page.
const HIDDEN: [&str; 3] = ["script", "style", "template"];

pub fn read(body: &str, rules: Rules) -> Page {
    let mut w = Walk {
        rules,
        page: Page::default(),
        section: None,
        group: None,
        frames: Vec::new(),
        heading: None,
        last_heading: String::new(),
        level: HeadingLevel::H1,
        anchor: None,
        quote: None,
        quote_depth: 0,
        paragraph: None,
        lead_in: None,
        spans: Vec::new(),
        lookup: 0,
        lists: Vec::new(),
        next_list: 0,
        links: 0,
        images: 0,
        item_since_heading: false,
        parties: Vec::new(),
        part_heading: false,
        footer: None,
        hidden: 0,
        column: 0,
        code: None,
        section_of: std::collections::HashMap::new(),
        items_in: Vec::new(),
    };
    // Task lists (`- [ ] …`) are read as lists: their checkboxes are not part of the text.
    let parser = Parser::new_ext(body, Options::ENABLE_GFM | Options::ENABLE_TASKLISTS);
    for (event, range) in parser.into_offset_iter() {
        if matches!(event, Event::Start(Tag::Item)) {
            // Where the marker stands (the item's range may start with its indentation).
            let line = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let rest = &body[range.start..];
            let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            w.column = body[line..range.start].chars().count() + indent;
        }
        w.event(event);
    }
    w.page
}

impl Walk {
    /// Whose part of the page this is now.
    fn party(&self) -> Option<Party> {
        self.parties.last().map(|(_, p)| *p)
    }

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
        if let Some(code) = &mut self.code {
            code.push_str(s);
            return;
        }
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
                    let lang = split_lang(&note);
                    self.note_done(&lang.native, lang.english.as_deref());
                }
            }
            Event::Start(Tag::List(first)) => {
                self.next_list += 1;
                self.lists.push(List {
                    id: self.next_list,
                    numbered: first.is_some(),
                    from: self.page.items.len(),
                    ..List::default()
                });
            }
            Event::End(TagEnd::List(_)) => {
                self.list_done();
                if self.frames.is_empty() {
                    self.lead_in = None;
                }
            }
            Event::Start(Tag::Item) if self.quote_depth == 0 => {
                self.sibling_starts();
                let next = self.page.items.len();
                if let Some(parent) = self.frames.last_mut() {
                    parent.parent = true;
                    parent.children_from.get_or_insert(next);
                }
                let numbered = self.lists.last().is_some_and(|l| l.numbered);
                self.frames.push(Frame {
                    numbered,
                    column: self.column,
                    ..Frame::default()
                });
            }
            Event::End(TagEnd::Item) if self.quote_depth == 0 => self.item_done(),
            Event::Start(Tag::Paragraph) if self.frames.is_empty() && self.quote_depth == 0 => {
                self.paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) if self.frames.is_empty() && self.quote_depth == 0 => {
                let text = self.paragraph.take().unwrap_or_default();
                self.prose(&text);
            }
            Event::End(TagEnd::Paragraph) => self.push(" "),
            Event::Start(Tag::Link { .. }) => self.links += 1,
            Event::End(TagEnd::Link) => self.links = self.links.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => {
                self.images += 1;
                if self.section.is_some() {
                    let party = self.party();
                    self.page.shape.images.push(party);
                }
            }
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
                if self.quote_depth == 0
                    && self.frames.last().is_some_and(|f| f.text.trim().is_empty()) =>
            {
                self.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = self.code.take() {
                    self.code_as_text(&code);
                }
            }
            Event::Text(t) | Event::Code(t) => self.push(&t),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::InlineHtml(h) | Event::Html(h) => self.html(&h),
            _ => {}
        }
    }
}
