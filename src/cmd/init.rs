//! `ftrack init`: create a tracker (.ftrack/) here, recording the name and catalog.

use std::path::PathBuf;

use anyhow::Context as _;

use super::{Env, Output};
use crate::catalog::Catalog;
use crate::cli::InitArgs;
use crate::context::{TRACKER_DIR, in_git_work_tree, relative_to, who};
use crate::error::user;
use crate::journal::{self, Event, Op};

/// Git merges concurrent appends to the journal by keeping both sides' lines.
const GITATTRIBUTES: &str = "journal.jsonl merge=union\n";
const GITIGNORE: &str = "lock\njournal.torn\n";

pub fn run(args: &InitArgs, env: &Env) -> anyhow::Result<Output> {
    // `--dir` names the tracker directory itself; otherwise it is .ftrack/ right here.
    let dir: PathBuf = if env.ctx.explicit {
        env.ctx.dir.clone()
    } else {
        std::env::current_dir()?.join(TRACKER_DIR)
    };
    if journal::journal_path(&dir).exists() {
        return Err(user(
            format!("a tracker already exists at {}", dir.display()),
            "use it as it is, or pass --dir to create another one",
        ));
    }
    let catalog = match &env.ctx.catalog_override {
        Some(path) => {
            let catalog = Catalog::load(path)?;
            Some((relative_to(path, &dir)?, catalog))
        }
        None => None,
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        crate::error::user(
            format!("cannot create the tracker {}: {e}", dir.display()),
            "run `ftrack init` in a directory you can write to, or name one with --dir",
        )
    })?;
    if in_git_work_tree(&dir) {
        write_if_absent(&dir.join(".gitattributes"), GITATTRIBUTES)?;
        write_if_absent(&dir.join(".gitignore"), GITIGNORE)?;
    }
    let mut event = Event::new(Op::Init, env.now, &who(None));
    event.name = args.name.clone();
    event.catalog = catalog
        .as_ref()
        .map(|(rel, _)| rel.to_string_lossy().replace('\\', "/"));
    journal::append(&dir, &[event])?;

    let catalog_line = match &catalog {
        Some((rel, c)) => format!("{} ({} items)", rel.display(), c.tasks.len()),
        None => "built-in FastTrack responsibilities (38 items)".to_string(),
    };
    Ok(Output::ok(format!(
        "Created tracker {}\nCatalog: {catalog_line}\nNext: `ftrack status`\n",
        dir.display()
    )))
}

fn write_if_absent(path: &std::path::Path, content: &str) -> anyhow::Result<()> {
    if !path.exists() {
        std::fs::write(path, content)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
