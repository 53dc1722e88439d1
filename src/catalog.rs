//! The YAML catalog: a raw serde shape, then a validated `Catalog` that cannot be wrong.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::UserError;

/// The catalog compiled into the binary: the FastTrack "Your responsibilities" page.
pub const EMBEDDED: &str = include_str!("../responsibilities.yaml");

/// The newest catalog format this ftrack reads.
pub const SCHEMA: u32 = 1;

/// The phase whose items run through the whole engagement rather than one step of it.
pub const GENERAL: &str = "general";

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
    /// The id the add asked for, when another item already had it (see `Tracker::replay`).
    pub asked: Option<String>,
}

/// A validated catalog. Serializable for the snapshot cache; the index is rebuilt on load.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub source: Source,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<String>,
    pub phases: Vec<Phase>,
    pub tasks: Vec<Task>,
    /// id or alias -> index into `tasks`.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Catalog {
    pub fn embedded() -> anyhow::Result<Catalog> {
        Catalog::parse(EMBEDDED, Source::Embedded)
    }

    pub fn load(path: &Path) -> anyhow::Result<Catalog> {
        let text = std::fs::read(path).map_err(|e| {
            UserError::new(format!("cannot read catalog {}: {e}", path.display())).hint(
                "check the path given by --catalog, FTRACK_CATALOG or `ftrack init --catalog`",
            )
        })?;
        let text = String::from_utf8(text).map_err(|e| {
            UserError::new(format!(
                "{}: byte {}: the catalog is not UTF-8 text",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
            .hint("save the catalog as UTF-8")
        })?;
        Catalog::parse(&text, Source::File(path.to_path_buf()))
    }

    /// Parse and validate catalog text. Errors name the source, line and column.
    pub fn parse(text: &str, source: Source) -> anyhow::Result<Catalog> {
        let raw: RawCatalog = serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            let msg = e.to_string();
            // serde_yaml appends " at line X column Y"; we already put the place up front.
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            UserError::new(format!("{source}{at}: {msg}"))
                .hint("fix the YAML; `ftrack catalog check FILE` validates a catalog")
        })?;
        validate(raw, text, source).map_err(anyhow::Error::from)
    }

    pub fn task(&self, idx: usize) -> &Task {
        &self.tasks[idx]
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

fn validate(raw: RawCatalog, text: &str, source: Source) -> Result<Catalog, UserError> {
    let locate = |key: &str, value: &str, nth: usize| -> String {
        match find_line(text, key, value, nth) {
            Some((line, col)) => format!("{source}:{line}:{col}"),
            None => source.to_string(),
        }
    };
    let hint = "fix the catalog; `ftrack catalog check FILE` validates it";
    if let Some(schema) = raw.schema
        && schema > SCHEMA
    {
        return Err(UserError::new(format!(
            "{}: catalog schema {schema} is newer than this ftrack reads (schema {SCHEMA})",
            locate("schema", &schema.to_string(), 0)
        ))
        .hint("upgrade ftrack to use this catalog"));
    }
    if raw.phases.is_empty() {
        return Err(
            UserError::new(format!("{source}: the catalog has no phases"))
                .hint("add a `phases:` list, e.g. general, initiate, assess, remediate, enable"),
        );
    }
    let mut phases: Vec<Phase> = Vec::new();
    for p in raw.phases {
        let id = p.id.trim().to_ascii_lowercase();
        if !is_kebab(&id) {
            return Err(UserError::new(format!(
                "{}: phase id `{}` is not a kebab-case name",
                locate("id", &p.id, 0),
                p.id
            ))
            .hint(hint));
        }
        if phases.iter().any(|q| q.id == id) {
            return Err(UserError::new(format!(
                "{}: duplicate phase `{id}`",
                locate("id", &p.id, 1)
            ))
            .hint(hint));
        }
        phases.push(Phase {
            general: id == GENERAL,
            id,
            description: p.description.trim().to_string(),
        });
    }
    if phases.iter().all(|p| p.general) {
        return Err(UserError::new(format!(
            "{source}: the catalog has no phase to advance through besides `general`"
        ))
        .hint("add at least one phase such as `initiate`"));
    }

    let mut tasks: Vec<Task> = Vec::with_capacity(raw.tasks.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(raw.tasks.len());
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for t in raw.tasks {
        let occurrence = seen_ids.entry(t.id.clone()).or_insert(0);
        let nth = *occurrence;
        *occurrence += 1;
        if !is_kebab(&t.id) {
            return Err(UserError::new(format!(
                "{}: task id `{}` must be lowercase kebab-case (a-z, 0-9, -)",
                locate("id", &t.id, nth),
                t.id
            ))
            .hint(hint));
        }
        if index.contains_key(&t.id) {
            return Err(UserError::new(format!(
                "{}: duplicate task id `{}`",
                locate("id", &t.id, nth.max(1)),
                t.id
            ))
            .hint("every task id (and alias) must be unique; rename one of them"));
        }
        let Some(phase) = phases
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(t.phase.trim()))
        else {
            return Err(UserError::new(format!(
                "{}: task `{}` has unknown phase `{}`",
                locate(
                    "phase",
                    &t.phase,
                    count_before(text, "id", &t.id, nth, "phase", &t.phase)
                ),
                t.id,
                t.phase
            ))
            .hint(format!(
                "the phases of this catalog are: {}",
                phases
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let title = t.title.trim().to_string();
        if title.is_empty() {
            return Err(UserError::new(format!(
                "{}: task `{}` has an empty title",
                locate("id", &t.id, nth),
                t.id
            ))
            .hint("give every task a short `title:`"));
        }
        let text_ = t
            .text
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let idx = tasks.len();
        index.insert(t.id.clone(), idx);
        for alias in &t.aliases {
            if index.contains_key(alias.as_str()) {
                return Err(UserError::new(format!(
                    "{}: alias `{alias}` of task `{}` is already an id or alias",
                    locate("id", &t.id, nth),
                    t.id
                ))
                .hint(hint));
            }
            index.insert(alias.clone(), idx);
        }
        tasks.push(Task {
            id: t.id,
            phase,
            group: t
                .group
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty()),
            text: text_.unwrap_or_else(|| title.clone()),
            title,
            note: t.note,
            required: t.required,
            aliases: t.aliases,
            added: None,
        });
    }
    // Aliases must not shadow a later task's id either.
    for t in &tasks {
        if let Some(&i) = index.get(&t.id)
            && tasks[i].id != t.id
        {
            return Err(UserError::new(format!(
                "{}: task id `{}` is also an alias of `{}`",
                locate("id", &t.id, 0),
                t.id,
                tasks[i].id
            ))
            .hint(hint));
        }
    }
    Ok(Catalog {
        source,
        title: raw.title.trim().to_string(),
        description: raw.description,
        date: raw.date,
        phases,
        tasks,
        index,
    })
}

/// Line and column (1-based) of the `nth` (0-based) line reading `key: value` (possibly after a
/// `- `), quoted or not. serde_yaml gives no positions for valid values, so semantic errors
/// find their place in the text this way.
fn find_line(text: &str, key: &str, value: &str, nth: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start();
            let body = trimmed
                .strip_prefix("- ")
                .map(str::trim_start)
                .unwrap_or(trimmed);
            let rest = body.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let v = rest.trim();
            let v = v.split(" #").next().unwrap_or(v).trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            (v == value).then(|| (i + 1, line.len() - body.len() + 1))
        })
        .nth(nth)
}

/// How many `key2: value2` lines come before the `nth` `key: value` line, so that the phase line
/// of that task is found rather than an earlier task's.
fn count_before(text: &str, key: &str, value: &str, nth: usize, key2: &str, value2: &str) -> usize {
    let Some((line, _)) = find_line(text, key, value, nth) else {
        return 0;
    };
    let head: String = text.lines().take(line).collect::<Vec<_>>().join("\n");
    let mut n = 0;
    while find_line(&head, key2, value2, n).is_some() {
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_has_the_source_counts() {
        let c = Catalog::embedded().unwrap();
        let count = |p: &str| c.tasks_in(c.phase_index(p).unwrap()).count();
        assert_eq!(
            [
                count("general"),
                count("initiate"),
                count("assess"),
                count("remediate"),
                count("enable")
            ],
            [21, 2, 6, 2, 7]
        );
        assert!(
            c.tasks
                .iter()
                .all(|t| t.title.chars().count() <= 60 && is_kebab(&t.id))
        );
        let optional: Vec<&str> = c
            .tasks
            .iter()
            .filter(|t| !t.required)
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(
            optional,
            [
                "wifi-vpn-infrastructure",
                "assess-screen-sharing",
                "enable-screen-sharing"
            ]
        );
    }

    #[test]
    fn duplicate_id_names_the_second_line() {
        let text = "phases:\n  - id: a\ntasks:\n  - id: x\n    phase: a\n    title: X\n  - id: x\n    phase: a\n    title: Y\n";
        let err = Catalog::parse(text, Source::File("c.yaml".into()))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "c.yaml:7:5: duplicate task id `x`");
    }

    #[test]
    fn unknown_phase_names_its_line() {
        let text = "phases:\n  - id: a\ntasks:\n  - id: x\n    phase: b\n    title: X\n";
        let err = Catalog::parse(text, Source::File("c.yaml".into()))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "c.yaml:5:5: task `x` has unknown phase `b`");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Fuzz: arbitrary text gives a catalog or an error, never a panic.
        #[test]
        fn fuzz_arbitrary_text(text in ".{0,512}") {
            let _ = Catalog::parse(&text, Source::File("f.yaml".into()));
        }

        /// Fuzz: the real catalog with a slice cut out or bytes changed.
        #[test]
        fn fuzz_mangled_real_catalog(cut in 0usize..8000, len in 0usize..200, junk in ".{0,20}") {
            let mut text = EMBEDDED.to_string();
            let start = text.char_indices().map(|(i, _)| i).find(|&i| i >= cut.min(text.len())).unwrap_or(text.len());
            let end = text.char_indices().map(|(i, _)| i).find(|&i| i >= start + len).unwrap_or(text.len());
            text.replace_range(start..end, &junk);
            let _ = Catalog::parse(&text, Source::File("f.yaml".into()));
        }
    }
}
