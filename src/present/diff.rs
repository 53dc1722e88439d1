//! `catalog diff` as text: what switching catalogs adds, removes, renames and changes.

use std::fmt::Write;

use super::clean_line;
use crate::present::view::{DiffChange, DiffItem, DiffView};

pub fn catalog_diff(v: &DiffView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", clean_line(&v.old), clean_line(&v.new));
    if !v.phases_added.is_empty() {
        let _ = writeln!(out, "phases added: {}", v.phases_added.join(", "));
    }
    if !v.phases_removed.is_empty() {
        let _ = writeln!(out, "phases removed: {}", v.phases_removed.join(", "));
    }
    let items = |out: &mut String, head: &str, mark: char, list: &[DiffItem]| {
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
    };
    items(&mut out, "added", '+', &v.added);
    items(
        &mut out,
        "removed (progress recorded on these would be orphaned)",
        '-',
        &v.removed,
    );
    let changes = |out: &mut String, head: &str, list: &[DiffChange]| {
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
    };
    changes(&mut out, "renamed", &v.renamed);
    changes(&mut out, "changed", &v.changed);
    let _ = writeln!(out, "unchanged: {}", v.unchanged);
    if !v.likely_renamed.is_empty() {
        let _ = writeln!(
            out,
            "likely renamed ({}): to keep their progress, add the old id to the new item's `aliases:`",
            v.likely_renamed.len()
        );
        for r in &v.likely_renamed {
            let _ = writeln!(out, "  {} → {}   (aliases: [{}])", r.old, r.new, r.old);
        }
    }
    out
}
