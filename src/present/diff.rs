//! `catalog diff` as text: what switching catalogs adds, removes, renames and changes.

use std::fmt::Write;

use super::clean_line;
use crate::model::catalog::diff::{Diff, DiffChange, DiffItem, LikelyRename};
use crate::model::catalog::matching::{Basis, SURE};

pub fn catalog_diff(v: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", clean_line(&v.old), clean_line(&v.new));
    if !v.phases_added.is_empty() {
        let _ = writeln!(out, "phases added: {}", v.phases_added.join(", "));
    }
    if !v.phases_removed.is_empty() {
        let _ = writeln!(out, "phases removed: {}", v.phases_removed.join(", "));
    }
    items(&mut out, "added", '+', &v.added);
    items(
        &mut out,
        "removed (progress recorded on these would be orphaned)",
        '-',
        &v.removed,
    );
    changes(&mut out, "renamed", v.renamed.iter());
    changes(
        &mut out,
        "changed",
        v.changed.iter().filter(|c| !c.title_only),
    );
    changes(
        &mut out,
        "title only changed",
        v.changed.iter().filter(|c| c.title_only),
    );
    let _ = writeln!(out, "unchanged: {}", v.unchanged);
    likely(&mut out, &v.likely_renamed);
    out
}

fn items(out: &mut String, head: &str, mark: char, list: &[DiffItem]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{head} ({}):", list.len());
    for i in list {
        let _ = writeln!(
            out,
            "  {mark} {} [{}] {}",
            i.id,
            i.phase,
            clean_line(&i.title)
        );
    }
}

fn changes<'a>(out: &mut String, head: &str, list: impl Iterator<Item = &'a DiffChange>) {
    let list: Vec<&DiffChange> = list.collect();
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{head} ({}):", list.len());
    for c in list {
        match &c.renamed_from {
            Some(from) => {
                let _ = writeln!(out, "  ~ {from} → {} (progress kept through aliases)", c.id);
            }
            None => {
                let _ = writeln!(out, "  ~ {}", c.id);
            }
        }
        for f in &c.changes {
            let _ = writeln!(
                out,
                "      {}: {} → {}",
                f.field,
                clean_line(&f.old),
                clean_line(&f.new)
            );
        }
    }
}

/// Removed and added items that are probably one item reworded, with how sure that is.
pub fn likely(out: &mut String, list: &[LikelyRename]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "likely renamed ({}): to keep their progress, add the old id to the new item's `aliases:`",
        list.len()
    );
    for r in list {
        let _ = writeln!(
            out,
            "  {} → {}   (aliases: [{}])   {}",
            r.old,
            r.new,
            r.old,
            confidence(r)
        );
    }
}

/// "92% alike", or "61% alike, check it" below the level taken as sure.
pub fn confidence(r: &LikelyRename) -> String {
    how_sure(r.confidence, Some(r.basis), r.merged)
}

/// How sure a pairing is, and how it was found: "92% alike", "100% alike in English",
/// "67% sure by place and shared names, check it", "…, merged into it".
pub fn how_sure(confidence: f64, basis: Option<Basis>, merged: bool) -> String {
    let pct = (confidence * 100.0).round();
    let mut out = match basis {
        Some(Basis::English) => format!("{pct}% alike in English"),
        Some(Basis::Structure) => format!("{pct}% sure by place and shared names"),
        _ => format!("{pct}% alike"),
    };
    if confidence < SURE {
        out.push_str(", check it");
    }
    if merged {
        out.push_str(", merged (both items' progress counts for it)");
    }
    out
}
