//! `catalog use` as text: the plan (kept, matched, added, retired, with the progress each
//! touches) and whether it was applied.

use std::fmt::Write;

use serde::Serialize;

use super::{Style, clean_line};
use crate::model::switch::{Plan, PlanItem};

/// What `catalog use` answers.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SwitchView {
    /// The version of this JSON shape.
    pub schema: u32,
    /// The tracker directory.
    pub tracker: String,
    /// The catalog in use before.
    pub from: String,
    /// The catalog file switched to.
    pub to: String,
    /// The copy written into the tracker directory (null when nothing was applied).
    pub copy: Option<String>,
    /// Whether the switch was recorded.
    pub applied: bool,
    /// Whether only the plan was asked for (--dry-run).
    pub dry_run: bool,
    /// Whether orphaning recorded progress was accepted (--accept-orphans).
    pub accept_orphans: bool,
    #[serde(flatten)]
    pub plan: Plan,
}

fn progress(i: &PlanItem) -> String {
    match i.events {
        0 => String::new(),
        n => format!(
            "   ({}, {n} event{})",
            i.status,
            if n == 1 { "" } else { "s" }
        ),
    }
}

pub fn human(v: &SwitchView, _: Style) -> String {
    let mut out = String::new();
    let p = &v.plan;
    let _ = writeln!(out, "{} → {}", clean_line(&v.from), clean_line(&v.to));
    let with = p.kept.iter().filter(|i| i.events > 0).count();
    let _ = writeln!(
        out,
        "kept ({}): {with} with recorded progress, which stays",
        p.kept.len()
    );
    for i in p.kept.iter().filter(|i| i.from.is_some()) {
        let from = i.from.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "  = {from} → {} (an alias in the new catalog){}",
            i.id,
            progress(i)
        );
    }
    if !p.check.is_empty() {
        let _ = writeln!(
            out,
            "kept by id, but the text changed beyond a rewording ({}): check that each is still the same item",
            p.check.len()
        );
        for i in &p.check {
            let pct = (i.confidence.unwrap_or(0.0) * 100.0).round();
            let _ = writeln!(
                out,
                "  ? {} [{}] {pct}% alike{}",
                i.id,
                i.phase,
                progress(i)
            );
        }
    }
    if !p.matched.is_empty() {
        let _ = writeln!(
            out,
            "matched ({}): the same, a reworded or a translated item under a new id; progress carries over through the old id as an alias",
            p.matched.len()
        );
        for i in &p.matched {
            let from = i.from.as_deref().unwrap_or(&i.id);
            let how = super::diff::how_sure(i.confidence.unwrap_or(0.0), i.basis, i.merged);
            let _ = writeln!(
                out,
                "  ~ {from} → {} [{}] {how}{}",
                i.id,
                i.phase,
                progress(i)
            );
        }
    }
    let list = |out: &mut String, head: &str, mark: char, items: &[PlanItem]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "{head} ({}):", items.len());
        for i in items {
            let _ = writeln!(
                out,
                "  {mark} {} [{}] {}{}",
                i.id,
                i.phase,
                clean_line(&i.title),
                progress(i)
            );
        }
    };
    list(&mut out, "added", '+', &p.added);
    list(&mut out, "retired", '-', &p.retired);
    if !p.phases_added.is_empty() {
        let _ = writeln!(out, "phases added: {}", p.phases_added.join(", "));
    }
    if !p.phases_removed.is_empty() {
        let _ = writeln!(out, "phases removed: {}", p.phases_removed.join(", "));
    }
    if p.orphaned.is_empty() {
        let _ = writeln!(out, "orphaned: none: all recorded progress carries over");
    } else {
        let _ = writeln!(
            out,
            "orphaned: {} recorded event(s) would no longer count (switching needs --accept-orphans):",
            p.orphaned_events()
        );
        for (id, n) in &p.orphaned {
            let _ = writeln!(
                out,
                "  ! {} ({n} event{})",
                clean_line(id),
                if *n == 1 { "" } else { "s" }
            );
        }
    }
    match (&v.copy, v.dry_run) {
        (Some(copy), _) => {
            let _ = writeln!(
                out,
                "Switched: the journal records it; the catalog is now {} (commit it with the journal)",
                clean_line(copy)
            );
        }
        (None, true) => {
            let _ = writeln!(out, "Dry run: nothing was recorded");
        }
        (None, false) => {}
    }
    out
}
