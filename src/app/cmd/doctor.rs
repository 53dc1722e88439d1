//! `ftrack doctor`: check the catalog and the journal, say how to fix what is wrong.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;

use crate::app::{Env, Output};
use crate::error::{Outcome, UserError};
use crate::model::event::Op;
use crate::model::state::Engagement;
use crate::present::clean_line;
use crate::present::view::SCHEMA;
use crate::store::{in_git_work_tree, journal};

/// What `doctor` found: facts, problems (each with its fix) and notes, in the order found.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Findings {
    /// The version of this JSON shape.
    schema: u32,
    /// The tracker directory checked.
    tracker: String,
    /// What was found, in the order found.
    lines: Vec<Finding>,
    /// How many problems (exit 1 when any).
    problems: usize,
}

/// One line of what doctor found.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Finding {
    /// info (a fact), problem (with its fix) or note.
    kind: Kind,
    /// What was found.
    text: String,
    /// problem: how to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

/// What kind of line a finding is.
#[derive(Serialize, schemars::JsonSchema, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    /// A fact about the tracker.
    Info,
    /// Something wrong, with its fix (exit 1).
    Problem,
    /// Something worth knowing that needs no fix.
    Note,
}

impl Findings {
    fn problem(&mut self, what: String, fix: &str) {
        self.problems += 1;
        self.lines.push(Finding {
            kind: Kind::Problem,
            text: what,
            fix: Some(fix.to_string()).filter(|f| !f.trim().is_empty()),
        });
    }

    /// A file the bounded reader refused (a FIFO, a device, over its bound) or could not read:
    /// its own message and hint.
    fn unreadable(&mut self, e: &anyhow::Error) {
        let (message, hint, _) = crate::error::explain(e);
        self.problem(message, &hint);
    }

    fn note(&mut self, what: String) {
        self.lines.push(Finding {
            kind: Kind::Note,
            text: what,
            fix: None,
        });
    }

    fn info(&mut self, what: String) {
        self.lines.push(Finding {
            kind: Kind::Info,
            text: what,
            fix: None,
        });
    }
}

fn human(f: &Findings) -> String {
    let mut out = format!("Tracker: {}\n", clean_line(&f.tracker));
    for l in &f.lines {
        let text = clean_line(&l.text);
        let _ = match (&l.kind, &l.fix) {
            (Kind::Info, _) => writeln!(out, "{text}"),
            (Kind::Note, _) => writeln!(out, "note: {text}"),
            (Kind::Problem, None) => writeln!(out, "problem: {text}"),
            (Kind::Problem, Some(fix)) => {
                writeln!(out, "problem: {text}\n  fix: {}", clean_line(fix))
            }
        };
    }
    if f.problems == 0 {
        out.push_str("All well.\n");
    } else {
        let _ = writeln!(out, "{} problem(s) found.", f.problems);
    }
    out
}

/// What a lenient read of one journal file (journal.jsonl or a part) found wrong in it.
fn report_file(f: &mut Findings, path: &std::path::Path, scan: &journal::Scan) {
    for p in &scan.problems {
        let fix = if p.newer {
            "upgrade ftrack: this tracker was written by a newer version"
        } else {
            "edit that line back into a whole event, or delete it (keep a copy); `git log -p` shows what it was"
        };
        f.problem(format!("{}:{}: {}", path.display(), p.line, p.message), fix);
    }
    if scan.more_problems > 0 {
        f.problem(
            format!(
                "{}: {} more damaged line(s) after these",
                path.display(),
                scan.more_problems
            ),
            "this is not a journal ftrack wrote: restore it from git (`git log -p .ftrack` shows its history) or move it out of the tracker",
        );
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
}

pub fn run(env: &Env) -> anyhow::Result<Output> {
    let mut f = Findings {
        schema: SCHEMA,
        tracker: env.tracker_display(),
        lines: Vec::new(),
        problems: 0,
    };
    let path = env.store.journal_path();

    let scan = match journal::scan_file(&path, true) {
        Ok(scan) => scan,
        Err(e) => {
            f.unreadable(&e);
            journal::Scan::default()
        }
    };
    report_file(&mut f, &path, &scan);
    if let Some(torn_file) = env.store.torn_file() {
        f.note(format!(
            "{} holds lines set aside after interrupted writes; review and delete it",
            torn_file.display()
        ));
    }
    for link in crate::store::guard::symlinked_internal(&env.store.dir) {
        let target = std::fs::read_link(&link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        f.problem(
            format!(
                "{} is a symbolic link (to {target}); ftrack writes nothing to this tracker while its own files point elsewhere",
                link.display()
            ),
            "a cloned repository may have committed it to make ftrack write outside the tracker: replace it with a plain file or directory (delete it if it is journal.torn)",
        );
    }
    let mut events = scan.journal.events.clone();
    let parts = crate::store::journal::parts::list(&env.store.dir);
    let mut part_events = 0;
    for part in &parts {
        let one = match journal::scan_file(part, false) {
            Ok(scan) => scan,
            Err(e) => {
                f.unreadable(&e);
                continue;
            }
        };
        report_file(&mut f, part, &one);
        part_events += one.journal.events.len();
        events.extend(one.journal.events);
    }
    match crate::store::journal::parts::untracked(&env.store.dir) {
        Ok(untracked) if !untracked.is_empty() => f.problem(
            format!(
                "{} journal part(s) not added to git, so `git commit -a` leaves them out and the team does not see them: {}",
                untracked.len(),
                untracked
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "`git add .ftrack` and commit",
        ),
        _ => {}
    }
    for copy in crate::store::journal::conflict_copies(&env.store.dir) {
        if crate::store::guard::is_link(&copy) {
            // Reported with the tracker's other links above; never read.
            continue;
        }
        match journal::scan_file(&copy, false) {
            Ok(other) => {
                let ours: std::collections::HashSet<&str> =
                    scan.journal.events.iter().map(|e| e.id.as_str()).collect();
                let new = other
                    .journal
                    .events
                    .iter()
                    .filter(|e| !ours.contains(e.id.as_str()))
                    .count();
                f.problem(
                    format!(
                        "{}: a sync tool's conflict copy of the journal ({} event(s), {new} not in journal.jsonl); they are counted",
                        copy.display(),
                        other.journal.events.len()
                    ),
                    "once every machine has synced, append it to the journal and delete it: `cat COPY >> journal.jsonl && rm COPY` (an event in both counts once)",
                );
                events.extend(other.journal.events);
            }
            Err(e) => f.unreadable(&e),
        }
    }
    let mut ids: HashMap<&str, Vec<&crate::model::event::Event>> = HashMap::new();
    for e in &events {
        ids.entry(e.id.as_str()).or_default().push(e);
    }
    let dups = ids.values().filter(|v| v.len() > 1).count();
    if dups > 0 {
        f.note(format!("{dups} event(s) appear more than once (a merge brought them in twice); each counts once"));
    }
    for (id, same) in ids
        .iter()
        .filter(|(_, v)| v.windows(2).any(|w| w[0] != w[1]))
    {
        f.problem(
            format!(
                "{} lines share the event id {id} but differ; the one first in replay order counts",
                same.len()
            ),
            "keep the right line and delete the others (`git log -p .ftrack/journal.jsonl` shows where each came from)",
        );
    }
    if let Some(e) = crate::model::event::made_up_clock(&events) {
        f.problem(
            format!(
                "event {} carries clock {}, far more than any real journal reaches (a made-up line); ftrack can write only {} more event(s) after it",
                e.id,
                e.clock,
                crate::model::event::MAX_CLOCK.saturating_sub(e.clock)
            ),
            "delete that line (`git log -p .ftrack` shows where it came from)",
        );
    }
    let commands = crate::model::event::check_commands(&events);
    for id in &commands.mismatched {
        f.problem(
            format!(
                "event {id} names a command but disagrees with that command's first event about its size (a hand edit or a forged line); it counts for nothing"
            ),
            "delete that line (`git log -p .ftrack/journal.jsonl` shows where it came from)",
        );
    }
    for (cmd, (have, want)) in commands.incomplete {
        f.problem(
            format!(
                "a command cut off by a crash: {have} of its {want} events are in the journal (command {cmd}); it counts for nothing"
            ),
            "run the command again (`ftrack log` shows what was recorded); the partial lines can be deleted",
        );
    }

    let recorded = crate::model::event::recorded_catalog(&events);
    match env.store.catalog(recorded.as_deref()) {
        Err(e) => {
            let (msg, hint) = match e.downcast_ref::<UserError>() {
                Some(u) => (u.message.clone(), u.hint.clone()),
                None => (
                    format!("{e:#}"),
                    "check the catalog file named and its permissions".to_string(),
                ),
            };
            f.problem(format!("catalog: {msg}"), &hint);
        }
        Ok(catalog) => {
            f.info(format!(
                "Catalog: {}: ok ({} items, {} phases)",
                catalog.source,
                catalog.tasks.len(),
                catalog.phases.len()
            ));
            let t = Engagement::replay(catalog, events.clone());
            for (id, n) in &t.orphans {
                f.problem(
                    format!("{n} event(s) for `{id}`, which the catalog does not have (orphaned)"),
                    "if the item was renamed, add `aliases: [old-id]` to its new entry in the catalog and switch to it with `ftrack catalog use FILE`; if it was given up on purpose (`catalog use --accept-orphans`), nothing needs doing",
                );
            }
            for (p, blockers) in crate::model::gate::passed_but_blocked(&t) {
                let ids: Vec<&str> = blockers
                    .iter()
                    .map(|&i| t.catalog.task(i).id.as_str())
                    .collect();
                f.problem(
                    format!(
                        "the engagement is past {}, but its gate is blocked again by {} (reopened while or after it advanced: two decisions made apart)",
                        t.catalog.phases[p].id,
                        ids.join(", ")
                    ),
                    "close them again (`ftrack done` / `ftrack waive`), or go back to that phase if the reopen was right",
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
    f.info(format!(
        "Journal: {}: {} event(s)",
        path.display(),
        scan.journal.events.len()
    ));
    if !parts.is_empty() {
        f.info(format!(
            "Parts:   {}: {} file(s), {part_events} event(s)",
            crate::store::journal::parts::parts_dir(&env.store.dir).display(),
            parts.len()
        ));
    }

    if in_git_work_tree(&env.store.dir) && !env.store.has_union_merge(!parts.is_empty()) {
        {
            f.problem(
                "the tracker is in a git repository but git would merge its journal line by line with conflicts".to_string(),
                "add `journal.jsonl merge=union` and `journal.d/*.jsonl merge=union` to .ftrack/.gitattributes and commit it",
            );
        }
    }

    let outcome = if f.problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Problems
    };
    Ok(Output::ok(env.answer(&f, |f, _| human(f))?).with_outcome(outcome))
}
