//! `ftrack add --phase P TITLE` / `--from FILE`: items of this engagement only, recorded in the
//! journal (all in one append) and from then on gated, listed and reported like catalog items.

use std::collections::HashSet;
use std::path::Path;

use crate::app::cli::AddArgs;
use crate::app::{Env, Output};
use crate::error::{io, usage};
use crate::model::catalog::is_kebab;
use crate::model::event::{Event, Op};
use crate::model::import::{checklist, mojibake};
use crate::model::resolve;
use crate::model::slug::{self, MAX_ID, MAX_TITLE};
use crate::model::state::{Cursor, Engagement};
use crate::present::changes::{self, Change, ItemState, WriteView};
use crate::present::clean_line;

pub fn run(args: &AddArgs, env: &Env) -> anyhow::Result<Output> {
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let phase = resolve::phase(t, &args.phase)?;
    let phase_id = t.catalog.phases[phase].id.clone();
    let owner = args
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    let due = match args.due.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(crate::model::when::parse_due("--due", d, env.local_now())?.to_string()),
        None => None,
    };
    // (where, line) for messages; the title; the full text.
    let lines: Vec<(String, String)> = match (&args.from, &args.title) {
        (Some(path), _) => read_checklist(path)?,
        (None, Some(title)) => vec![("TITLE".to_string(), slug::one_line(title))],
        (None, None) => Vec::new(),
    };
    let by = env.who(args.by.by.as_deref());
    let mut taken: HashSet<String> = HashSet::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut events = Vec::new();
    let mut list = Vec::new();
    for (place, line) in &lines {
        if line.is_empty() {
            return Err(usage(
                format!("{place}: the title is empty"),
                "say what has to be done, e.g. \"Upgrade AD FS\"",
            ));
        }
        if let Some((first, _)) = seen.iter().find(|(_, l)| l.eq_ignore_ascii_case(line)) {
            return Err(usage(
                format!("{place}: `{}` repeats {first}", clean_line(line)),
                "remove the repeated line; nothing was added",
            ));
        }
        seen.push((place.clone(), line.clone()));
        // Adding what is already there changes nothing, so a script can re-run its checklist.
        if let Some(i) = existing(t, phase, line) {
            list.push(Change::item(t, i, "add", None));
            continue;
        }
        let id = match &args.id {
            Some(id) => explicit_id(t, id)?,
            None => generated_id(t, &phase_id, line, &taken),
        };
        taken.insert(id.clone());
        let title = slug::shorten(line, MAX_TITLE);
        let text = args
            .text
            .as_deref()
            .map(slug::one_line)
            .filter(|x| !x.is_empty());
        let mut add = Event::new(Op::Add, env.now, &by).with_task(&id);
        add.phase = Some(phase_id.clone());
        add.text = text.or_else(|| (title != *line).then(|| line.clone()));
        add.title = Some(title.clone());
        add.optional = args.optional;
        if owner.is_some() || due.is_some() {
            let mut assign = Event::new(Op::Assign, env.now, &by)
                .with_task(&id)
                .with_origin(Some(&add.id));
            assign.owner = owner.map(str::to_string);
            assign.due = due.clone();
            events.push(add);
            events.push(assign);
        } else {
            events.push(add);
        }
        let mut change = Change::engagement("add");
        change.task = Some(id.clone());
        change.title = Some(title.clone());
        change.phase = Some(phase_id.clone());
        change.after = Some(ItemState {
            status: "outstanding",
            owner: owner.map(str::to_string),
            due: due.clone(),
            done_by: None,
            done_at: None,
            note: None,
        });
        list.push(change);
    }
    let mut view = WriteView::new(env.tracker_display(), list);
    view.notes.extend(passed(t, phase));
    let text = env.answer(&view, changes::human)?;
    let warnings = loaded.warnings.clone();
    let recorded = crate::app::record(env, loaded, &events)?;
    Ok(Output::ok(text).warn(warnings).warn(recorded.warnings))
}

/// Lines of a checklist file ('-': standard input), repaired of mojibake, markers stripped.
fn read_checklist(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    use crate::store::{UserFile, read_user_file, read_user_stream};
    let bytes = if path.as_os_str() == "-" {
        read_user_stream(std::io::stdin(), &name, UserFile::Checklist)?
    } else {
        read_user_file(path, UserFile::Checklist)?.ok_or_else(|| {
            io(
                format!("cannot read {name}: no such file"),
                "check the path given to --from",
            )
        })?
    };
    let text = mojibake::decode(bytes);
    let items = checklist::items(&mojibake::repair(&text));
    if items.is_empty() {
        return Err(usage(
            format!("{name}: no items (every line is empty)"),
            "put one item per line, e.g. \"Upgrade AD FS\"; nothing was added",
        ));
    }
    Ok(items
        .into_iter()
        .map(|(n, line)| (format!("{name}:{n}"), line))
        .collect())
}

fn explicit_id(t: &Engagement, id: &str) -> anyhow::Result<String> {
    let id = id.trim();
    if !is_kebab(id) {
        return Err(usage(
            format!("--id `{id}` is not a kebab-case id (a-z, 0-9, -)"),
            "e.g. --id remediate-upgrade-ad-fs",
        ));
    }
    if let Some(i) = t.catalog.lookup(id) {
        let what = if t.catalog.task(i).added.is_some() {
            "an added item"
        } else {
            "a catalog item"
        };
        return Err(usage(
            format!(
                "--id `{id}` is already used by {what} ({}); an id is never reused",
                t.catalog.task(i).id
            ),
            "choose another id, or leave --id out to have one made from the title",
        ));
    }
    Ok(id.to_string())
}

/// A live item of this phase with the same title (case-insensitive), added or from the catalog.
fn existing(t: &Engagement, phase: usize, title: &str) -> Option<usize> {
    let title = slug::shorten(title, MAX_TITLE);
    t.catalog
        .tasks_in(phase)
        .find(|(i, task)| t.is_live(*i) && task.title.eq_ignore_ascii_case(&title))
        .map(|(i, _)| i)
}

/// `remediate-upgrade-ad-fs`, with `-2`, `-3` … when taken here (an id is never reused); at
/// most `MAX_ID` characters, suffix included.
fn generated_id(t: &Engagement, phase: &str, title: &str, taken: &HashSet<String>) -> String {
    let mut stem = slug::slugify(title, MAX_ID);
    if !stem.starts_with(&format!("{phase}-")) {
        stem = slug::slugify(&format!("{phase} {title}"), MAX_ID);
    }
    if stem == phase || stem.is_empty() {
        // A title with no letters or digits to make an id from.
        stem = format!("{phase}-item");
    }
    let with = |suffix: &str| {
        let room = MAX_ID.saturating_sub(suffix.len());
        format!(
            "{}{suffix}",
            stem[..stem.len().min(room)].trim_end_matches('-')
        )
    };
    let mut id = with("");
    let mut n = 2;
    while taken.contains(&id) || t.catalog.lookup(&id).is_some() {
        id = with(&format!("-{n}"));
        n += 1;
    }
    id
}

/// A note when the items go to a phase the engagement has already left.
fn passed(t: &Engagement, phase: usize) -> Option<String> {
    if t.catalog.phases[phase].general {
        return None;
    }
    let pos = |p: usize| t.catalog.sequence().position(|q| q == p);
    let behind = match t.cursor {
        Cursor::Complete => true,
        Cursor::Phase(c) => pos(phase) < pos(c),
    };
    behind.then(|| {
        format!(
            "note: the engagement is already past {}; these items are tracked but block no advance",
            t.catalog.phases[phase].id
        )
    })
}
