//! Test harness: a temp directory with its own HOME, and the real `ftrack` binary run in it with
//! an environment that never points at the developer's own files.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const NOW: &str = "2026-11-25T12:00:00Z";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub now: String,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        TestEnv {
            dir,
            now: NOW.to_string(),
        }
    }

    /// A temp dir with a tracker created by `ftrack init --name Contoso` in `work/`.
    pub fn init() -> TestEnv {
        let env = TestEnv::new();
        env.run(&["init", "--name", "Contoso"]).ok();
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn work(&self) -> PathBuf {
        self.path().join("work")
    }

    pub fn tracker(&self) -> PathBuf {
        self.work().join(".ftrack")
    }

    pub fn journal(&self) -> PathBuf {
        self.tracker().join("journal.jsonl")
    }

    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    /// The command, ready to run in `work/`.
    pub fn cmd<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut c = self.configure(Command::new(env!("CARGO_BIN_EXE_ftrack")));
        c.args(args);
        c
    }

    /// Any program, run in `work/` with the environment the harness gives ftrack.
    pub fn configure(&self, mut c: Command) -> Command {
        c.current_dir(self.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path().join("home"))
            .env("XDG_DATA_HOME", self.path().join("home/.local/share"))
            .env("FTRACK_USER", "tester")
            .env("FTRACK_NOW", &self.now)
            .env("LANG", "C.UTF-8")
            .env("TZ", "UTC")
            .stdin(Stdio::null());
        c
    }

    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        Run::from(self.cmd(args).output().expect("run ftrack"))
    }

    pub fn output(&self, mut c: Command) -> Run {
        Run::from(c.output().expect("run"))
    }

    pub fn run_env<S: AsRef<OsStr>>(&self, args: &[S], vars: &[(&str, &str)]) -> Run {
        let mut c = self.cmd(args);
        for (k, v) in vars {
            c.env(k, v);
        }
        Run::from(c.output().expect("run ftrack"))
    }

    pub fn journal_text(&self) -> String {
        std::fs::read_to_string(self.journal()).unwrap_or_default()
    }

    /// The parts of the journal (`journal.d/*.jsonl`, written in a git work tree), by name.
    pub fn parts(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(self.tracker().join("journal.d"))
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        found.sort();
        found
    }

    /// Every line of the journal: journal.jsonl, then each part.
    pub fn journal_all(&self) -> String {
        let mut text = self.journal_text();
        for p in self.parts() {
            text.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        }
        text
    }
}

/// Runs `args` and fails the test (rather than hang) if it does not end within `limit`: for
/// inputs that once blocked (a FIFO) or took minutes (quadratic work).
pub fn run_bounded(env: &TestEnv, args: &[&str], limit: std::time::Duration) -> Run {
    let mut child = env
        .cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The pipes are read as the output comes, so that a long one never blocks the child.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ftrack {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run::from(Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    })
}

/// Characters that make text lie (bidi overrides and isolates, marks, zero-width, BOM, ESC,
/// BEL): none may reach standard output or standard error raw.
pub const DECEPTIVE: &str =
    "\u{202e}\u{2066}\u{2069}\u{200b}\u{200e}\u{061c}\u{feff}\u{2060}\u{1b}\u{7}";

/// The deceptive characters in `text` (CRLF line ends, tabs and newlines are fine).
pub fn raw_deceptive(text: &str) -> Vec<char> {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
                    | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
        })
        .collect()
}

/// The `id` of every task in a `{"tasks": [...]}` JSON object, in order.
pub fn ids(v: &serde_json::Value) -> Vec<String> {
    v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// A tool (or a version of one) a test needs is missing: a failure under
/// `FTRACK_REQUIRE_TOOLS=1`, elsewhere a loud SKIPPED.
#[track_caller]
pub fn skip_or_fail(what: &str) {
    assert!(
        std::env::var_os("FTRACK_REQUIRE_TOOLS").is_none_or(|v| v != "1"),
        "FTRACK_REQUIRE_TOOLS=1 but {what} is not installed"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED: {what} not installed");
}

/// Whether `tool` is on PATH. A missing tool fails the test under `FTRACK_REQUIRE_TOOLS=1` (as
/// `.ci/run` sets it), so a test cannot pass in CI by skipping; elsewhere it says SKIPPED loudly.
#[track_caller]
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("FTRACK_REQUIRE_TOOLS").is_none_or(|v| v != "1"),
            "FTRACK_REQUIRE_TOOLS=1 but {tool} is not on PATH"
        );
        // Straight to the file descriptor: libtest would swallow eprintln! of a passing test.
        let _ = writeln!(std::io::stderr(), "SKIPPED: {tool} not installed");
    }
    found
}

/// Text with every run of whitespace (a wrapped line's break and indent included) as one space:
/// for checking what a message says, whatever width it was wrapped to.
pub fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Run {
    /// Standard error as one line of words (`flat`).
    pub fn err_text(&self) -> String {
        flat(&self.stderr)
    }

    /// Standard output as one line of words (`flat`).
    pub fn out_text(&self) -> String {
        flat(&self.stdout)
    }
}

/// The lines of a message as written before wrapping: a line indented past its label (a
/// wrapped continuation) joins the line before it, with one space.
pub fn logical(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in s.lines() {
        match out.last_mut() {
            Some(prev) if line.starts_with("    ") && !prev.is_empty() => {
                prev.push(' ');
                prev.push_str(line.trim_start());
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

impl Run {
    /// Standard error's lines as written before wrapping (`logical`).
    pub fn err_lines(&self) -> Vec<String> {
        logical(&self.stderr)
    }
}

impl Run {
    /// Whether standard error says `want`, whatever width it was wrapped to.
    pub fn err_says(&self, want: &str) -> bool {
        flat(&self.stderr).contains(&flat(want))
    }

    /// Whether standard output says `want`, whatever width it was wrapped to.
    pub fn out_says(&self, want: &str) -> bool {
        flat(&self.stdout).contains(&flat(want))
    }
}

impl TestEnv {
    /// What this machine's ftrack remembers of trackers outside git (the high-water clock, the
    /// journal files it has read): `$XDG_STATE_HOME/ftrack`, under the test's HOME.
    pub fn state_dir(&self) -> PathBuf {
        self.path().join("home/.local/state/ftrack")
    }

    /// Every file of `state_dir`, to put back later (`put_state`): a crash mid-write comes
    /// before ftrack notes what it wrote, so a test that cuts a write short after the fact puts
    /// the record back as it was before that write.
    pub fn take_state(&self) -> Vec<(PathBuf, Vec<u8>)> {
        std::fs::read_dir(self.state_dir())
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| (e.path(), std::fs::read(e.path()).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn put_state(&self, files: Vec<(PathBuf, Vec<u8>)>) {
        let _ = std::fs::remove_dir_all(self.state_dir());
        std::fs::create_dir_all(self.state_dir()).unwrap();
        for (path, bytes) in files {
            std::fs::write(path, bytes).unwrap();
        }
    }
}
