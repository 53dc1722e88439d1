//! `ftrack doctor`: check the catalog and the journal, say how to fix what is wrong.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Env, Output};
use crate::context::in_git_work_tree;
use crate::error::{Outcome, UserError};
use crate::journal::{self, Op};
use crate::render::clean_line;
use crate::tracker::Tracker;

#[derive(Default)]
struct Findings {
    out: String,
    problems: usize,
}

impl Findings {
    fn problem(&mut self, what: String, fix: &str) {
        self.problems += 1;
        let _ = writeln!(self.out, "problem: {}\n  fix: {fix}", clean_line(&what));
    }

    fn note(&mut self, what: String) {
        let _ = writeln!(self.out, "note: {}", clean_line(&what));
    }
}

pub fn run(env: &Env) -> anyhow::Result<Output> {
    let mut f = Findings::default();
    let dir = &env.ctx.dir;
    let path = journal::journal_path(dir);
    let _ = writeln!(f.out, "Tracker: {}", env.tracker_display());

    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            f.problem(
                format!("cannot read {}: {e}", path.display()),
                "fix the file's permissions",
            );
            Vec::new()
        }
    };
    let scan = journal::scan(&bytes);
    for p in &scan.problems {
        let fix = if p.newer {
            "upgrade ftrack: this tracker was written by a newer version"
        } else {
            "edit that line back into a whole event, or delete it (keep a copy); `git log -p` shows what it was"
        };
        f.problem(format!("{}:{}: {}", path.display(), p.line, p.message), fix);
    }
    if let Some((line, _)) = &scan.journal.torn {
        f.problem(
            format!("{}:{line}: the last line is incomplete (an interrupted write)", path.display()),
            "the next change sets it aside in journal.torn; check that the interrupted command's work is recorded, and run it again if not",
        );
    }
    if scan.journal.unfinished > 0 {
        f.problem(
            format!(
                "{}: the last command's write was cut off: {} of its events were written, and count for nothing",
                path.display(),
                scan.journal.unfinished
            ),
            "the next change sets them aside in journal.torn; run the interrupted command again",
        );
    }
    let torn_file = dir.join(journal::TORN);
    if torn_file.exists() {
        f.note(format!(
            "{} holds lines set aside after interrupted writes; review and delete it",
            torn_file.display()
        ));
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for e in &scan.journal.events {
        *ids.entry(e.id.as_str()).or_default() += 1;
    }
    let dups = ids.values().filter(|&&n| n > 1).count();
    if dups > 0 {
        f.note(format!("{dups} event(s) appear more than once (a merge brought them in twice); each counts once"));
    }

    let recorded = journal::recorded_catalog(&scan.journal.events);
    match env.ctx.catalog(recorded.as_deref()) {
        Err(e) => {
            let (msg, hint) = match e.downcast_ref::<UserError>() {
                Some(u) => (u.message.clone(), u.hint.clone().unwrap_or_default()),
                None => (format!("{e:#}"), String::new()),
            };
            f.problem(format!("catalog: {msg}"), &hint);
        }
        Ok(catalog) => {
            let _ = writeln!(
                f.out,
                "Catalog: {}: ok ({} items, {} phases)",
                catalog.source,
                catalog.tasks.len(),
                catalog.phases.len()
            );
            let t = Tracker::replay(catalog, scan.journal.events.clone());
            for (id, n) in &t.orphans {
                f.problem(
                    format!("{n} event(s) for `{id}`, which the catalog does not have (orphaned)"),
                    "if the item was renamed, add `aliases: [old-id]` to its new entry in the catalog; otherwise use the catalog the tracker was started with",
                );
            }
            for e in t.events.iter().filter(|e| e.op == Op::Advance) {
                let to = e.to.as_deref().unwrap_or("");
                if t.cursor_named(to).is_none() {
                    f.problem(
                        format!("an advance to `{to}`, a phase the catalog does not have"),
                        "use the catalog the tracker was started with, or add that phase back",
                    );
                }
            }
        }
    }
    let _ = writeln!(
        f.out,
        "Journal: {}: {} event(s)",
        path.display(),
        scan.journal.events.len()
    );

    if in_git_work_tree(dir) {
        let attrs = std::fs::read_to_string(dir.join(".gitattributes")).unwrap_or_default();
        if !attrs
            .lines()
            .any(|l| l.split_whitespace().eq(["journal.jsonl", "merge=union"]))
        {
            f.problem(
                "the tracker is in a git repository but git would merge its journal line by line with conflicts".to_string(),
                "add `journal.jsonl merge=union` to .ftrack/.gitattributes and commit it",
            );
        }
    }

    if f.problems == 0 {
        f.out.push_str("All well.\n");
        Ok(Output::ok(f.out))
    } else {
        let _ = writeln!(f.out, "{} problem(s) found.", f.problems);
        Ok(Output {
            stdout: f.out,
            outcome: Outcome::Problems,
        })
    }
}
