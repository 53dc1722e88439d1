//! The YAML catalog: a raw serde shape, then a validated `Catalog` that cannot be wrong.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Kind, UserError};

pub mod diff;
pub mod matching;
mod raw;
mod validate;
use validate::validate;

/// The catalog compiled into the binary: the FastTrack "Your responsibilities" page.
pub const EMBEDDED: &str = include_str!("../../responsibilities.yaml");

/// The newest catalog format this ftrack reads. Schema 2 adds `language:` and `text_en:` (a
/// catalog from a localised page); a catalog that uses neither is written as schema 1, which
/// older ftracks read.
pub const SCHEMA: u32 = 2;

/// The schema a catalog needs: 2 when it uses `language:` or `text_en:`, else 1.
pub fn schema_for(raw: &RawCatalog) -> u32 {
    if raw.language.is_some() || raw.tasks.iter().any(|t| t.text_en.is_some()) {
        2
    } else {
        1
    }
}

/// The language of a catalog that does not say: English, as the built-in one.
pub const ENGLISH: &str = "en";

/// The phase whose items run through the whole engagement rather than one step of it.
pub const GENERAL: &str = "general";
/// The cursor past the last phase; a name no catalog phase may take.
pub const COMPLETE: &str = "complete";

/// Where a catalog came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Embedded,
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Embedded => f.write_str("<built-in responsibilities.yaml>"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<u32>,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The language of the items' text (`de`, `ja`), when it is not English (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default)]
    pub phases: Vec<RawPhase>,
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    pub id: String,
    pub phase: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The English original of `text`, as a localised page carries it (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Phase {
    pub id: String,
    pub description: String,
    /// True for `general`: its items run through the whole engagement.
    pub general: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    /// Index into `Catalog::phases`.
    pub phase: usize,
    pub group: Option<String>,
    pub title: String,
    pub text: String,
    /// The English original of `text`, when the catalog was made from a localised page.
    pub text_en: Option<String>,
    pub note: Option<String>,
    pub required: bool,
    pub aliases: Vec<String>,
    /// Set for an item of this engagement only, added with `ftrack add` (not from the file).
    pub added: Option<Added>,
}

/// Where an added item came from: its `add` event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Added {
    /// The id of the `add` event; later events about the item name it as their `origin`.
    pub event: String,
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The id the add asked for, when another item already had it (see `Engagement::replay`).
    pub asked: Option<String>,
}

/// A validated catalog. Serializable for the snapshot cache; the index is rebuilt on load.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub source: Source,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<String>,
    /// The language of the items' text (None: English).
    pub language: Option<String>,
    pub phases: Vec<Phase>,
    pub tasks: Vec<Task>,
    /// id or alias -> index into `tasks`.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

/// How deeply a catalog's YAML may nest (the real one nests 4 levels). Checked on the text
/// before parsing: a hostile catalog nested 80,000 levels deep took the parser 21 seconds.
pub const MAX_DEPTH: usize = 32;

/// The first line, and its depth, where the text nests deeper than `MAX_DEPTH`: flow
/// collections (`[`, `{`) outside quotes, plus block nesting (indentation, and `- ` or `? `
/// entries that open a collection on the same line).
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let mut rest = line.trim_start_matches([' ', '\t']);
        let mut inline = 0;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            inline += 1;
            rest = r.trim_start();
        }
        let mut quote: Option<char> = None;
        for c in rest.chars() {
            match (quote, c) {
                (None, '#') => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '[' | '{') => flow += 1,
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
            if flow > MAX_DEPTH {
                return Some((n + 1, flow));
            }
        }
        let block = indent / 2 + inline;
        if block + flow > MAX_DEPTH {
            return Some((n + 1, block + flow));
        }
    }
    None
}

impl Catalog {
    pub fn embedded() -> anyhow::Result<Catalog> {
        Catalog::parse(EMBEDDED, Source::Embedded)
    }

    /// Parse and validate catalog text. Errors name the source, line and column.
    pub fn parse(text: &str, source: Source) -> anyhow::Result<Catalog> {
        // A leading byte-order mark (Notepad saves one) is not part of the YAML.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some((line, depth)) = too_deep(text) {
            return Err(UserError::new(
                Kind::BadCatalog,
                format!("{source}:{line}: nested {depth} levels deep; a catalog nests at most {MAX_DEPTH}"),
                "a catalog is phases and tasks, a few levels deep: check that this is the right file",
            )
            .into());
        }
        let raw: RawCatalog = serde_yaml::from_str(text).map_err(|e| {
            // A newer format is named as such, not by the first field this ftrack lacks.
            if let Some(newer) = newer_schema(text) {
                let at = text
                    .lines()
                    .position(|l| l.starts_with("schema:"))
                    .map(|n| format!(":{}:1", n + 1))
                    .unwrap_or_default();
                return UserError::new(
                    Kind::BadCatalog,
                    format!("{source}{at}: catalog schema {newer} is newer than this ftrack reads (schema {SCHEMA})"),
                    "upgrade ftrack to use this catalog",
                );
            }
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            // serde_yaml puts " at line X column Y" after the problem; the place is already up
            // front, but any context after it ("while scanning a quoted scalar at …") stays.
            let msg = without_quoted_values(&without_first_mark(&e.to_string()));
            UserError::new(
                Kind::BadCatalog,
                format!("{source}{at}: {msg}"),
                "fix the YAML; `ftrack catalog check FILE` validates a catalog",
            )
        })?;
        validate(raw, text, source).map_err(anyhow::Error::from)
    }

    pub fn task(&self, idx: usize) -> &Task {
        &self.tasks[idx]
    }

    /// The language of the items' text: `en` unless the catalog says otherwise.
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or(ENGLISH)
    }

    /// An item's text in English, if the catalog has it: its `text_en`, or its text in an
    /// English catalog.
    pub fn english(&self, idx: usize) -> Option<&str> {
        let t = &self.tasks[idx];
        t.text_en.as_deref().or_else(|| {
            (crate::model::lang::primary(self.language()) == ENGLISH).then_some(t.text.as_str())
        })
    }

    /// Index of a task by exact id or alias.
    pub fn lookup(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Phase index by name, case-insensitive.
    pub fn phase_index(&self, name: &str) -> Option<usize> {
        self.phases
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(name))
    }

    /// The phases an engagement passes through in order (every phase but `general`).
    pub fn sequence(&self) -> impl Iterator<Item = usize> + '_ {
        self.phases
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.general)
            .map(|(i, _)| i)
    }

    pub fn general_phase(&self) -> Option<usize> {
        self.phases.iter().position(|p| p.general)
    }

    pub fn phase_names(&self) -> Vec<&str> {
        self.phases.iter().map(|p| p.id.as_str()).collect()
    }

    /// Rebuild the id and alias index (after deserializing): the first task to claim a name
    /// keeps it, as when the catalog was validated and items added.
    pub fn reindex(&mut self) {
        let mut index = HashMap::with_capacity(self.tasks.len());
        for (idx, t) in self.tasks.iter().enumerate() {
            index.entry(t.id.clone()).or_insert(idx);
            for alias in &t.aliases {
                index.entry(alias.clone()).or_insert(idx);
            }
        }
        self.index = index;
    }

    /// Append a task (an added item) and index its id, which the caller has made unique.
    /// Indices of existing tasks never change.
    pub fn add_task(&mut self, task: Task) -> usize {
        let idx = self.tasks.len();
        self.index.entry(task.id.clone()).or_insert(idx);
        self.tasks.push(task);
        idx
    }

    pub fn tasks_in(&self, phase: usize) -> impl Iterator<Item = (usize, &Task)> + '_ {
        self.tasks
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.phase == phase)
    }
}

/// The `schema:` of a catalog that declares one newer than `SCHEMA`.
fn newer_schema(text: &str) -> Option<u64> {
    let v: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    v.get("schema")?.as_u64().filter(|&s| s > u64::from(SCHEMA))
}

/// A parser message without the values it quotes (`invalid type: string "…"`): the file may
/// not be a catalog at all, and its contents are not to be copied into an error that ends up
/// in a terminal or a CI log (the line and column say where). Field names, quoted with
/// backticks, stay.
fn without_quoted_values(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut inside = false;
    for c in msg.chars() {
        match (inside, c) {
            (false, '"') => {
                inside = true;
                out.push_str("\"…\"");
            }
            (true, '"') => inside = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}

/// `msg` without its first " at line N column M".
fn without_first_mark(msg: &str) -> String {
    let Some(at) = msg.find(" at line ") else {
        return msg.to_string();
    };
    let rest = &msg[at + " at line ".len()..];
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let n = digits(rest);
    let Some(after) = rest[n..].strip_prefix(" column ") else {
        return msg.to_string();
    };
    let m = digits(after);
    format!("{}{}", &msg[..at], &after[m..])
}

/// True for a non-empty lowercase kebab-case identifier.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests;
