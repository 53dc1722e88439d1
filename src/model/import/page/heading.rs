//! Headings: the page's title, phase and general sections, groups, footers, and the headings
//! that say whose responsibilities follow.

use pulldown_cmark::HeadingLevel;

use super::text::{self, split_lang};
use super::{MAX_ENTRIES, Section, Walk};
use crate::model::catalog::GENERAL;
use crate::model::lang::Party;
use crate::model::lang::rules::group_after_separator;

impl Walk {
    pub(super) fn heading_done(&mut self, level: HeadingLevel, raw: &str) {
        let lang = split_lang(raw);
        let english = lang.english.clone();
        let native = lang.native.clone();
        let anchor = self.anchor.take();
        self.lead_in = None;
        self.item_since_heading = false;
        self.level = level;
        self.last_heading = native.clone();
        self.page.words.push(native.clone());
        self.page.headings += 1;
        self.part_heading = false;
        self.footer = None;
        let spelled = anchor.as_deref().map(|a| a.replace(['-', '_'], " "));
        let texts = [
            english.as_deref(),
            Some(native.as_str()),
            spelled.as_deref(),
        ];
        if level == HeadingLevel::H1 {
            self.parties.clear();
            if let Some(p) = texts.iter().flatten().find_map(|t| self.rules.party(t)) {
                self.parties.push((level, p));
            }
            self.page.heading.get_or_insert(native);
            self.section = None;
            return;
        }
        let phase = self.phase_of(english.as_deref(), &native, anchor.as_deref());
        // A heading closes the parts its level or a deeper one opened; a phase heading at the
        // level of a part's ("## FastTrack responsibilities", "## General", "## Assess
        // phase") is inside that part.
        while self
            .parties
            .last()
            .is_some_and(|(l, _)| *l > level || (*l == level && phase.is_none()))
        {
            self.parties.pop();
        }
        if phase.as_ref().is_none_or(|(p, _)| p != GENERAL)
            && let Some(p) = texts.iter().flatten().find_map(|t| self.rules.party(t))
        {
            // "Microsoft responsibilities", "Your responsibilities", "Onboarding phases": whose
            // part follows, not a phase of its own.
            self.parties.retain(|(l, _)| *l < level);
            self.parties.push((level, p));
            self.section = None;
            self.group = None;
            self.part_heading = p != Party::Phases;
            return;
        }
        if let Some((phase, group)) = phase {
            self.section = self.open_section(phase);
            self.group = group;
        } else if level == HeadingLevel::H2
            || self.section.is_none()
            || texts.iter().flatten().any(|t| self.rules.footer(t))
        {
            self.section = None;
            self.group = None;
        } else {
            self.group = Some(native).filter(|g| !g.is_empty());
        }
    }

    /// The section of a phase, opened under the current part (None past `MAX_ENTRIES`).
    pub(super) fn open_section(&mut self, phase: String) -> Option<usize> {
        let party = self.party();
        // (A map, not a scan: a page of 40,000 phase headings imports in linear time.)
        let next = self.page.sections.len();
        let idx = *self.section_of.entry(phase.clone()).or_insert(next);
        if idx == next && next >= MAX_ENTRIES {
            self.section_of.remove(&phase);
            self.page.too_many = true;
            return None;
        }
        if idx == next {
            self.page.sections.push(Section {
                phase,
                ..Section::default()
            });
            self.items_in.push(0);
        }
        let at = self.page.headings;
        let parties = &mut self.page.sections[idx].parties;
        if !parties.iter().any(|(p, _)| *p == party) {
            parties.push((party, at));
        }
        Some(idx)
    }

    /// The phase (and group) a heading names: by its English original, else by its anchor,
    /// else by its words in the page's language. A group is named in the page's language
    /// ("有効化フェーズ - Intune" → Intune, also when only the anchor says it is a phase).
    fn phase_of(
        &self,
        english: Option<&str>,
        native: &str,
        anchor: Option<&str>,
    ) -> Option<(String, Option<String>)> {
        let local_group = |g: Option<String>| {
            g.map(|g| {
                if english.is_some_and(|e| e == native) {
                    g
                } else {
                    group_after_separator(native).unwrap_or_else(|| native.to_string())
                }
            })
        };
        if let Some(e) = english {
            return text::phase_heading(e).map(|(p, g)| (p, local_group(g)));
        }
        text::phase_heading(native)
            .or_else(|| {
                anchor
                    .and_then(text::phase_from_anchor)
                    .map(|(p, g)| (p, local_group(g)))
            })
            .or_else(|| self.rules.native_phase(native))
    }
}
