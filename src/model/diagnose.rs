//! What is wrong with a tracker, and how to fix it: the rules of `ftrack doctor`. The store
//! fills an `Inspection` (what a lenient read of each of the tracker's files found, and the
//! facts around them); `diagnose` turns it into findings, in the order a reader checks them:
//! the journal, its parts and copies, the events together, the catalog, then the facts.

use std::path::PathBuf;

use crate::model::catalog::Catalog;
use crate::model::damage::{self, Copy, Damage};
use crate::model::event::{self, Event, Op};
use crate::model::state::Engagement;

/// Everything `doctor` judges, as the store found it.
#[derive(Debug)]
pub struct Inspection {
    /// `journal.jsonl`.
    pub journal: FileRead,
    /// The file interrupted writes set their torn lines aside in, when there is one.
    pub set_aside: Option<PathBuf>,
    /// Files and directories of the tracker that are symbolic links, each with where it points.
    pub links: Vec<(PathBuf, String)>,
    /// Where the parts are, and each part (by name).
    pub parts_dir: PathBuf,
    pub parts: Vec<FileRead>,
    /// Parts git does not track (so `git commit -a` leaves them out).
    pub untracked: Vec<PathBuf>,
    /// Sync tools' conflict copies of the journal (links left out: they are in `links`).
    pub copies: Vec<FileRead>,
    /// The catalog the journal records (or the override, or the built-in one), or why it
    /// cannot be read.
    pub catalog: Result<Catalog, Trouble>,
    /// The tracker is in a git work tree whose attributes do not merge its journal by union.
    pub union_merge_missing: bool,
    /// Journal files found cut short or changed outside ftrack (and put back from git's copy,
    /// or not: outside git).
    pub damage: Vec<Damage>,
}

/// One journal file and what a lenient read of it found (or why it could not be read).
#[derive(Debug)]
pub struct FileRead {
    pub path: PathBuf,
    pub read: Result<Scan, Trouble>,
}

/// Everything in one journal file, valid or not.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every valid event, in file order.
    pub events: Vec<Event>,
    /// The first problems (a line each), and how many more there are.
    pub problems: Vec<LineProblem>,
    pub more_problems: usize,
    /// The line number of a last line cut off by an interrupted write.
    pub torn: Option<usize>,
    /// Events at the end of a command whose write was cut off.
    pub unfinished: usize,
    /// The (1-based) line of each event.
    pub lines: Vec<usize>,
}

/// One line that is not a valid event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
    /// Written by a newer ftrack (not damaged: this one is too old).
    pub newer: bool,
}

/// Why something could not be read: the error's message and its hint.
#[derive(Debug, Clone)]
pub struct Trouble {
    pub message: String,
    pub hint: String,
}

/// One line of what doctor found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A fact about the tracker.
    Info { text: String },
    /// Something wrong, with its fix.
    Problem { text: String, fix: String },
    /// Something worth knowing that needs no fix.
    Note { text: String },
}

/// Findings as they are made, in order.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn problem(&mut self, text: String, fix: &str) {
        self.0.push(Finding::Problem {
            text,
            fix: fix.to_string(),
        });
    }

    fn trouble(&mut self, t: &Trouble) {
        self.problem(t.message.clone(), &t.hint);
    }

    fn note(&mut self, text: String) {
        self.0.push(Finding::Note { text });
    }

    fn info(&mut self, text: String) {
        self.0.push(Finding::Info { text });
    }
}

/// What is wrong with the tracker `i` describes, each problem with its fix, with the facts
/// and notes around them.
pub fn diagnose(i: &Inspection) -> Vec<Finding> {
    let mut f = Findings::default();
    match &i.journal.read {
        Ok(scan) => file(&mut f, &i.journal, scan),
        Err(t) => f.trouble(t),
    }
    if let Some(torn) = &i.set_aside {
        f.note(format!(
            "{} holds lines set aside after interrupted writes; review and delete it",
            torn.display()
        ));
    }
    for (link, target) in &i.links {
        f.problem(
            format!(
                "{} is a symbolic link (to {target}); ftrack writes nothing to this tracker while its own files point elsewhere",
                link.display()
            ),
            "a cloned repository may have committed it to make ftrack write outside the tracker: replace it with a plain file or directory (delete it if it is journal.torn)",
        );
    }
    let journal = events_of(&i.journal);
    let mut events = journal.to_vec();
    for part in &i.parts {
        match &part.read {
            Ok(scan) => {
                file(&mut f, part, scan);
                events.extend(scan.events.iter().cloned());
            }
            Err(t) => f.trouble(t),
        }
    }
    untracked(&mut f, &i.untracked);
    for copy in &i.copies {
        match &copy.read {
            Ok(scan) => {
                conflict_copy(&mut f, copy, scan, journal);
                events.extend(scan.events.iter().cloned());
            }
            Err(t) => f.trouble(t),
        }
    }
    damaged(&mut f, &i.damage);
    together(&mut f, &events);
    duplicates(&mut f, &located(i));
    catalog(&mut f, &i.catalog, events);
    facts(&mut f, i);
    f.0
}

/// The events read from a file (none when it could not be read).
fn events_of(file: &FileRead) -> &[Event] {
    file.read.as_ref().map_or(&[], |s| s.events.as_slice())
}

/// What a lenient read of one journal file (journal.jsonl or a part) found wrong in it.
fn file(f: &mut Findings, file: &FileRead, scan: &Scan) {
    let path = file.path.display();
    for p in &scan.problems {
        let fix = if p.newer {
            "upgrade ftrack: this tracker was written by a newer version"
        } else {
            "edit that line back into a whole event, or delete it (keep a copy); `git log -p` shows what it was"
        };
        f.problem(format!("{path}:{}: {}", p.line, p.message), fix);
    }
    if scan.more_problems > 0 {
        f.problem(
            format!(
                "{path}: {} more damaged line(s) after these",
                scan.more_problems
            ),
            "this is not a journal ftrack wrote: restore it from git (`git log -p .ftrack` shows its history) or move it out of the tracker",
        );
    }
    if let Some(line) = scan.torn {
        f.problem(
            format!("{path}:{line}: the last line is incomplete (an interrupted write)"),
            "the next change sets it aside in journal.torn; check that the interrupted command's work is recorded, and run it again if not",
        );
    }
    if scan.unfinished > 0 {
        f.problem(
            format!(
                "{path}: the last command's write was cut off: {} of its events were written, and count for nothing",
                scan.unfinished
            ),
            "the next change sets them aside in journal.torn; run the interrupted command again",
        );
    }
}

fn untracked(f: &mut Findings, untracked: &[PathBuf]) {
    if untracked.is_empty() {
        return;
    }
    f.problem(
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
    );
}

/// A sync tool's conflict copy of the journal: its events count (those in the journal once).
fn conflict_copy(f: &mut Findings, copy: &FileRead, scan: &Scan, journal: &[Event]) {
    let ours: std::collections::HashSet<&str> = journal.iter().map(|e| e.id.as_str()).collect();
    let new = scan
        .events
        .iter()
        .filter(|e| !ours.contains(e.id.as_str()))
        .count();
    f.problem(
        format!(
            "{}: a sync tool's conflict copy of the journal ({} event(s), {new} not in journal.jsonl); they are counted",
            copy.path.display(),
            scan.events.len()
        ),
        "once every machine has synced, append it to the journal and delete it: `cat COPY >> journal.jsonl && rm COPY` (an event in both counts once)",
    );
}

/// Every event of every file read, with its file and line.
pub fn located(i: &Inspection) -> Vec<Copy<'_>> {
    let files = std::iter::once(&i.journal).chain(&i.parts).chain(&i.copies);
    let mut copies = Vec::new();
    for file in files {
        if let Ok(scan) = &file.read {
            for (n, event) in scan.events.iter().enumerate() {
                copies.push(Copy {
                    event,
                    path: &file.path,
                    line: scan.lines.get(n).copied().unwrap_or(0),
                });
            }
        }
    }
    copies
}

/// Journal files cut short or changed outside ftrack: put back from git (a note), or not.
fn damaged(f: &mut Findings, damage: &[Damage]) {
    for d in damage {
        if d.remains() {
            let (text, fix) = d.problem();
            f.problem(text, fix);
        } else {
            f.note(d.warning());
        }
    }
}

/// Lines that share an event id: the same event merged in twice, or written twice by a write
/// git interrupted, count once (a note); lines that differ otherwise are named, with the one
/// that counts, and `doctor --fix` deletes the others.
fn duplicates(f: &mut Findings, copies: &[Copy]) {
    let (same, differ) = damage::shared(copies);
    if same > 0 {
        f.note(format!("{same} event(s) appear more than once (merged in twice, or written again by a write git interrupted); each counts once"));
    }
    let at = |c: &Copy| format!("{}:{}", c.path.display(), c.line);
    for lines in differ {
        let others: Vec<String> = lines[1..].iter().map(at).collect();
        f.problem(
            format!(
                "{} lines share the event id {} but differ: {} counts (first in replay order), not {}",
                lines.len(),
                lines[0].event.id,
                at(&lines[0]),
                others.join(", ")
            ),
            "`ftrack doctor --fix` deletes the lines that do not count (`git log -p -- FILE` shows where each came from); in git, commit the change",
        );
    }
}

/// What is wrong with the events of every file together: made-up clocks, commands that lie
/// about their size or were cut off.
fn together(f: &mut Findings, events: &[Event]) {
    if let Some(e) = event::made_up_clock(events) {
        f.problem(
            format!(
                "event {} carries clock {}, far more than any real journal reaches (a made-up line); ftrack can write only {} more event(s) after it",
                e.id,
                e.clock,
                event::MAX_CLOCK.saturating_sub(e.clock)
            ),
            "delete that line (`git log -p .ftrack` shows where it came from)",
        );
    }
    let commands = event::check_commands(events);
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
}

/// The catalog, and what the events replayed on it say: orphaned events, gates passed but
/// blocked again, advances to phases it does not have.
fn catalog(f: &mut Findings, catalog: &Result<Catalog, Trouble>, events: Vec<Event>) {
    let catalog = match catalog {
        Err(t) => return f.problem(format!("catalog: {}", t.message), &t.hint),
        Ok(c) => c.clone(),
    };
    f.info(format!(
        "Catalog: {}: ok ({} items, {} phases)",
        catalog.source,
        catalog.tasks.len(),
        catalog.phases.len()
    ));
    let t = Engagement::replay(catalog, events);
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

/// The journal's size, its parts', and the git attributes.
fn facts(f: &mut Findings, i: &Inspection) {
    f.info(format!(
        "Journal: {}: {} event(s)",
        i.journal.path.display(),
        events_of(&i.journal).len()
    ));
    if !i.parts.is_empty() {
        let events: usize = i.parts.iter().map(|p| events_of(p).len()).sum();
        f.info(format!(
            "Parts:   {}: {} file(s), {events} event(s)",
            i.parts_dir.display(),
            i.parts.len()
        ));
    }
    if i.union_merge_missing {
        f.problem(
            "the tracker is in a git repository but git would merge its journal line by line with conflicts".to_string(),
            "add `journal.jsonl merge=union` and `journal.d/*.jsonl merge=union` to .ftrack/.gitattributes and commit it",
        );
    }
}
