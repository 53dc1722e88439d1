//! Everything ftrack learns from its surroundings: which tracker (flags, environment, the
//! current directory), who is recording, what time it is, how output may look, and where
//! snapshots go. Nothing below `app` reads the environment.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};

use crate::error::{io, usage};
use crate::present::Style;
use crate::store::{Backend, Cache, Location, Options, Store};

/// The tracker a command works on, and how it was found.
pub struct Located {
    pub store: Store,
    /// True when the directory was named by `--dir` / `FTRACK_DIR`.
    pub explicit: bool,
    /// True for the per-user tracker, used when no tracker was named or found: it is created
    /// by its first write.
    pub fallback: bool,
    /// `--catalog` / `FTRACK_CATALOG`, when given.
    pub catalog: Option<PathBuf>,
}

/// `--dir`/`FTRACK_DIR`, else the nearest `.ftrack/` here or above, else the per-user tracker.
pub fn locate(dir: Option<PathBuf>, catalog: Option<PathBuf>) -> anyhow::Result<Located> {
    let catalog = catalog.filter(|p| !p.as_os_str().is_empty());
    let at = match dir.filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => Location::named(dir)?,
        None => match Location::search(&current_dir()?) {
            Some(found) => found,
            None => Location::per_user(&dirs::data_dir().ok_or_else(|| {
                usage(
                    "no tracker here and no per-user data directory (HOME and XDG_DATA_HOME are unset)",
                    "run `ftrack init`, or name a tracker with --dir DIR or FTRACK_DIR",
                )
            })?),
        },
    };
    Ok(Located {
        explicit: at.is_named(),
        fallback: at.is_per_user(),
        store: crate::store::open(at, options(catalog.clone())),
        catalog,
    })
}

/// The current directory, or an error saying it cannot be read.
pub fn current_dir() -> anyhow::Result<PathBuf> {
    std::env::current_dir().map_err(|e| {
        io(
            format!("cannot read the current directory: {e}"),
            "cd to an existing directory",
        )
    })
}

/// The store of a tracker, for shell completion (which must never fail loudly).
pub fn store(dir: Option<PathBuf>, catalog: Option<PathBuf>) -> anyhow::Result<Store> {
    locate(dir, catalog).map(|l| l.store)
}

/// How trackers are opened: with the catalog override, and the snapshot cache unless it is off.
pub fn options(catalog: Option<PathBuf>) -> Options {
    Options {
        catalog,
        cache: cache(),
        state: state(),
        glance: false,
    }
}

/// Where this machine keeps what it remembers of trackers outside git (the high-water clock,
/// the journal files it has read): `$XDG_STATE_HOME/ftrack` (`~/.local/state/ftrack`), or where
/// a system has no state directory, `ftrack-state` in the local data directory (beside, not
/// inside, the per-user tracker).
fn state() -> Option<PathBuf> {
    dirs::state_dir()
        .map(|d| d.join("ftrack"))
        .or_else(|| dirs::data_local_dir().map(|d| d.join("ftrack-state")))
}

/// Where snapshots go (`$XDG_CACHE_HOME/ftrack`), or None when `FTRACK_NO_CACHE` turns the
/// cache off or there is no cache directory.
fn cache() -> Option<Cache> {
    if std::env::var_os("FTRACK_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    Some(Cache {
        dir: dirs::cache_dir()?.join("ftrack"),
        exe: std::env::current_exe().ok(),
    })
}

/// Who is recording: `--by`, else `FTRACK_USER`, else git's `user.name` when the tracker is in
/// a git work tree (the person, where the login name is often `root` in a container), else the
/// login name (from the system's user database, so that cron jobs and containers without
/// `$USER` still name someone).
pub fn who(by: Option<&str>, tracker: &dyn Backend) -> String {
    let given = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    given(by.map(str::to_string))
        .or_else(|| given(std::env::var("FTRACK_USER").ok()))
        .or_else(|| given(tracker.git_user_name()))
        .or_else(|| given(std::env::var("USER").ok()))
        .or_else(|| given(whoami::username().ok()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// A path with the home directory shown as `~`.
pub fn home_relative(path: &Path) -> String {
    match dirs::home_dir().and_then(|h| path.strip_prefix(h).ok().map(Path::to_path_buf)) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// The current time; `FTRACK_NOW` (RFC 3339) fixes it, for reproducible reports and tests. A
/// value that is not a time is an error rather than silently ignored.
pub fn now() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var("FTRACK_NOW") {
        Ok(s) if !s.trim().is_empty() => {
            let t = DateTime::parse_from_rfc3339(s.trim())
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    usage(
                        format!("FTRACK_NOW `{s}` is not an RFC 3339 time"),
                        "e.g. FTRACK_NOW=2026-11-25T12:00:00Z, or unset it to use the clock",
                    )
                })?;
            crate::model::when::recordable("FTRACK_NOW", &s, chrono::Datelike::year(&t))?;
            Ok(t)
        }
        _ => Ok(Utc::now()),
    }
}

/// The UTC offset of the zone times are shown in at an instant: the local zone (chrono reads
/// TZ, else /etc/localtime), or UTC under `--utc`.
pub fn offset_at(utc: bool) -> fn(DateTime<Utc>) -> chrono::FixedOffset {
    fn local(t: DateTime<Utc>) -> chrono::FixedOffset {
        use chrono::Offset;
        chrono::Local.offset_from_utc_datetime(&t.naive_utc()).fix()
    }
    if utc {
        crate::present::utc_offset
    } else {
        local
    }
}

/// How output may look, from standard output and the environment: colour only on a terminal
/// without NO_COLOR; the width from COLUMNS, else the terminal's, else 80, and the height from
/// LINES, else the terminal's, else 24 (a pipe or a file gets the same layout every time); times
/// in the local zone, or UTC with `--utc`, named as `zone_name` says.
pub fn style(utc: bool, now: DateTime<Utc>) -> Style {
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let size = tty.then(terminal_size::terminal_size).flatten();
    let (width, height) = screen(size.map(|(w, h)| (w.0, h.0)));
    Style {
        color: tty && !no_color,
        width,
        height,
        offset_at: offset_at(utc),
        // Named once per process: a screen says it once.
        zone: Box::leak(zone_name(utc, now).into_boxed_str()),
    }
}

/// The width and height to lay out for: COLUMNS and LINES, else the terminal's (when there is
/// one), else 80×24.
fn screen(terminal: Option<(u16, u16)>) -> (usize, usize) {
    let var = |name: &str, least: u16| {
        std::env::var(name)
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&n| n >= least)
    };
    let width = var("COLUMNS", 20).or(terminal.map(|t| t.0).filter(|&w| w >= 20));
    let height = var("LINES", 5).or(terminal.map(|t| t.1).filter(|&h| h >= 5));
    (
        width.map_or(crate::present::DEFAULT_WIDTH, usize::from),
        height.map_or(crate::present::DEFAULT_HEIGHT, usize::from),
    )
}

/// The width of standard error, for errors and hints: COLUMNS, else its terminal's, else 80.
pub fn stderr_width() -> usize {
    use std::io::IsTerminal;
    let size = std::io::stderr()
        .is_terminal()
        .then(|| terminal_size::terminal_size_of(std::io::stderr()))
        .flatten();
    screen(size.map(|(w, h)| (w.0, h.0))).0
}

/// How the zone times are shown in is named: "UTC" (with `--utc`, or a zone at UTC such as
/// `Etc/UTC`), else its name (`TZ`, else the system's) and offset now: "Europe/Berlin
/// (+01:00)".
pub fn zone_name(utc: bool, now: DateTime<Utc>) -> String {
    let offset = offset_at(utc)(now);
    let name = std::env::var("TZ")
        .ok()
        .map(|tz| {
            let tz = tz.trim().trim_start_matches(':');
            // TZ=/usr/share/zoneinfo/Europe/Berlin names Europe/Berlin.
            tz.rsplit_once("zoneinfo/")
                .map_or(tz, |(_, z)| z)
                .to_string()
        })
        .filter(|tz| !tz.is_empty())
        .or_else(|| iana_time_zone::get_timezone().ok())
        .map(|name| {
            crate::present::clean_line(&name)
                .chars()
                .take(64)
                .collect::<String>()
        })
        .unwrap_or_default();
    let utc_like = ["UTC", "GMT", "Universal", "Zulu", "UCT"]
        .iter()
        .any(|u| name.contains(u));
    if utc || (offset.local_minus_utc() == 0 && (name.is_empty() || utc_like)) {
        return "UTC".to_string();
    }
    if name.is_empty() {
        return format!("local time ({offset})");
    }
    format!("{name} ({offset})")
}
