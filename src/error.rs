//! Errors a user can act on, their kind, and the documented exit codes. Prints nothing: `main`
//! turns what a command returns into output and an exit code.
//!
//! Exit codes (version 2): 0 ok · 1 the tracker, journal, catalog or file system failed ·
//! 2 the command is wrong (usage, an unknown or ambiguous task or phase, a bad date) ·
//! 3 a gate is blocked (`gate`, `advance`, `advance --dry-run`).

use std::fmt;
use std::io;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_WRONG: u8 = 2;
pub const EXIT_BLOCKED: u8 = 3;

/// What a command that did not fail reports to `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 3: a gate is blocked by required items still outstanding.
    Blocked,
    /// Exit 1 after a full report on stdout (`doctor` found problems).
    Problems,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Ok => EXIT_OK,
            Outcome::Blocked => EXIT_BLOCKED,
            Outcome::Problems => EXIT_FAILED,
        }
    }
}

/// Why something failed; decides the exit code, and lets a caller tell cases apart without
/// reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command is wrong: a bad argument value, a date that is not a date (exit 2).
    Usage,
    /// A task or phase that does not exist or is ambiguous (exit 2).
    UnknownName,
    /// The catalog file cannot be read at all (missing, unreadable) (exit 1).
    CatalogMissing,
    /// A catalog that does not parse or validate (exit 1).
    BadCatalog,
    /// The journal is damaged, from a newer ftrack, or was replaced under us (exit 1).
    Journal,
    /// Reading or writing a file failed (exit 1).
    Io,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Usage | Kind::UnknownName => EXIT_WRONG,
            Kind::CatalogMissing | Kind::BadCatalog | Kind::Journal | Kind::Io => EXIT_FAILED,
        }
    }
}

/// An error a user can act on: one line saying what is wrong, and a hint saying what to do.
#[derive(Debug, Clone)]
pub struct UserError {
    pub kind: Kind,
    pub message: String,
    pub hint: String,
}

impl UserError {
    pub fn new(kind: Kind, message: impl Into<String>, hint: impl Into<String>) -> Self {
        UserError {
            kind,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// The command is wrong (exit 2).
pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(Kind::Usage, message, hint).into()
}

/// No such task or phase, or an ambiguous one (exit 2).
pub fn unknown(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(Kind::UnknownName, message, hint).into()
}

/// A file could not be read or written (exit 1).
pub fn io(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(Kind::Io, message, hint).into()
}

/// The journal is damaged or not ours to write (exit 1).
pub fn journal(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(Kind::Journal, message, hint).into()
}

/// A catalog that cannot be used (exit 1).
pub fn catalog(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(Kind::BadCatalog, message, hint).into()
}

/// The kind of an error, if it is one of ours.
pub fn kind(err: &anyhow::Error) -> Option<Kind> {
    err.downcast_ref::<UserError>().map(|u| u.kind)
}

/// True when the error is a closed pipe on our output (`ftrack list | head -1`): not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// What to print for an error, and the exit code: the message, a hint (every error has one),
/// the code.
pub fn explain(err: &anyhow::Error) -> (String, String, u8) {
    match err.downcast_ref::<UserError>() {
        Some(u) => (u.message.clone(), u.hint.clone(), u.kind.exit_code()),
        None => {
            // A chain of context: "reading x: permission denied".
            let parts: Vec<String> = err.chain().map(|c| c.to_string()).collect();
            (
                parts.join(": "),
                "check the file named and its permissions, then run the command again".to_string(),
                EXIT_FAILED,
            )
        }
    }
}
