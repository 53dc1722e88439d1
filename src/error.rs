//! Domain errors and the mapping from an outcome to the documented exit codes.

use std::fmt;
use std::io;
use std::process::ExitCode;

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

/// An error a user can act on: one line saying what is wrong, and a hint saying what to do.
#[derive(Debug)]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Shorthand for `Err(UserError::new(..).hint(..).into())`.
pub fn user(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError::new(message).hint(hint).into()
}

pub const EXIT_OK: u8 = 0;
pub const EXIT_ERROR: u8 = 1;
pub const EXIT_BLOCKED: u8 = 3;

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::from(EXIT_OK),
            Outcome::Blocked => ExitCode::from(EXIT_BLOCKED),
            Outcome::Problems => ExitCode::from(EXIT_ERROR),
        }
    }
}

/// True when the error is a closed pipe on our output (`ftrack list | head -1`): not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Print an error as one `error:` line plus an optional hint, and give exit code 1.
pub fn report(err: &anyhow::Error) -> ExitCode {
    use std::io::Write;
    let mut stderr = io::stderr().lock();
    let (message, hint) = match err.downcast_ref::<UserError>() {
        Some(user) => (user.message.clone(), user.hint.clone()),
        None => {
            // A chain of context: "reading x: permission denied".
            let parts: Vec<String> = err.chain().map(|c| c.to_string()).collect();
            (parts.join(": "), None)
        }
    };
    let _ = writeln!(stderr, "error: {}", crate::render::clean_line(&message));
    if let Some(hint) = hint {
        let _ = writeln!(stderr, "hint: {}", crate::render::clean_line(&hint));
    }
    ExitCode::from(EXIT_ERROR)
}
