//! Every clap type of ftrack. Depends on clap and std only, so that completions and man pages are
//! generated from it. The completion candidates of arguments that name a task or a phase (which
//! read the tracker while a shell completes a command line) are attached by `app::complete`,
//! which imports this module; nothing here imports it back.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  the tracker, journal, catalog or file system failed (I/O, damage, a bad catalog file)
  2  the command is wrong: usage, an unknown or ambiguous task or phase, a bad date
  3  a gate is blocked (`gate`, `advance`, `advance --dry-run`)

Every command takes --json (one JSON object, \"schema\": 1; `ftrack schema COMMAND` prints
its JSON Schema) and -q/--quiet (nothing on standard output; the exit code says it all).

Environment:
  FTRACK_DIR      tracker directory to use (as --dir)
  FTRACK_CATALOG  catalog file to use (as --catalog)
  FTRACK_USER     who is recorded when --by is not given (else git's user.name in a git
                  work tree, else the login name)
  NO_COLOR        never colour the output
  COLUMNS         table width when the terminal's cannot be read
  LINES           the height `status` fits in when the terminal's cannot be read
  FTRACK_NOW      pretend it is this RFC 3339 time (reproducible reports)
  FTRACK_NO_CACHE 1 turns the snapshot cache off

  TZ              the time zone times are shown and read in (--utc: UTC)

DATE takes YYYY-MM-DD, today, tomorrow, yesterday, a weekday (the next one: friday, next
friday), +3d, +2w or `in 5 days`; WHEN takes RFC 3339 (2026-11-25T14:30:00Z), YYYY-MM-DD
(local midnight), how long ago (30m, 12h, 7d, 2w), yesterday or a weekday (the last one:
monday, last monday).";

/// Track a FastTrack Center Benefit (EMS / Intune) onboarding checklist, phase by phase.
#[derive(Debug, Parser)]
#[command(name = "ftrack", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Engagement directory (the directory holding journal.jsonl); default: the nearest .ftrack/
    /// here or above, else the per-user tracker
    #[arg(long, global = true, env = "FTRACK_DIR", value_name = "DIR", value_hint = ValueHint::DirPath, value_parser = path_or_unset())]
    pub dir: Option<PathBuf>,

    /// Catalog file to use instead of the tracker's (or the built-in) catalog
    #[arg(
        long,
        global = true,
        env = "FTRACK_CATALOG",
        value_name = "FILE",
        value_hint = ValueHint::FilePath,
        value_parser = path_or_unset()
    )]
    pub catalog: Option<PathBuf>,

    /// Print one JSON object ("schema": 1) instead of text; every command takes it
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing on standard output: the exit code says it all (errors still go to stderr)
    #[arg(long, short, global = true, conflicts_with = "json")]
    pub quiet: bool,

    /// Show and read times in UTC instead of the local time zone (TZ)
    #[arg(long, global = true)]
    pub utc: bool,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line of this process, parsed (what `Parser::try_parse` does, less the drop).
    /// The command tree clap builds to parse is freed by the operating system when the process
    /// ends rather than node by node here: the drop was an eighth of every command's startup
    /// (issue 20 D; `bench/RESULTS.md`, "Startup").
    pub fn from_env() -> Result<Cli, clap::Error> {
        use clap::{CommandFactory, FromArgMatches};
        let mut command = Cli::command();
        let parsed = match command.try_get_matches_from_mut(std::env::args_os()) {
            Ok(mut matches) => {
                Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
            }
            Err(e) => Err(e),
        };
        std::mem::forget(command);
        parsed
    }
}

/// A path that may be empty: an empty `FTRACK_DIR=` or `FTRACK_CATALOG=` in a script means "not
/// given" (`Context::locate` drops it), as for most tools, rather than a usage error.
fn path_or_unset() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new().map(PathBuf::from)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a tracker (.ftrack/) in the current directory
    #[command(
        after_help = "Examples:\n  ftrack init --name \"Contoso EMS onboarding\"\n  ftrack init --catalog ../catalogs/intune.yaml"
    )]
    Init(InitArgs),
    /// Where the engagement stands: phase, progress, what blocks the next advance, overdue items
    #[command(
        after_help = "Examples:\n  ftrack status\n  ftrack status --json | jq .current_phase"
    )]
    Status,
    /// List items (default: every outstanding item, in phase order)
    #[command(
        after_help = "Examples:\n  ftrack list --phase assess\n  ftrack list --owner alice --overdue --json\n  ftrack list --due 7d\n  ftrack list --grep firewall\n  ftrack list --owner"
    )]
    List(ListArgs),
    /// Everything about one item: full text, state, owner, due date and its history
    #[command(after_help = "Example:\n  ftrack show kickoff")]
    Show(ShowArgs),
    /// Mark items done (idempotent: an item already done stays as it was)
    #[command(
        after_help = "Examples:\n  ftrack done kickoff-meeting --note \"held 2026-11-24\"\n  ftrack done stakeholders migration-support-plan --by alice"
    )]
    Done(DoneArgs),
    /// Mark done or waived items outstanding again
    #[command(
        after_help = "Example:\n  ftrack reopen directory-sync --note \"sync broke after the AD upgrade\""
    )]
    Reopen(ReopenArgs),
    /// Close items as not applicable to this engagement (a reason is required)
    #[command(after_help = "Example:\n  ftrack waive on-premises-mfa --reason \"cloud MFA only\"")]
    Waive(WaiveArgs),
    /// Set the owner and/or due date of items (an empty value clears it)
    #[command(
        after_help = "Examples:\n  ftrack assign directory-sync --owner alice --due 2026-12-01\n  ftrack assign directory-sync --owner ''"
    )]
    Assign(AssignArgs),
    /// Move to the next phase when no required item of the current phase is outstanding
    /// (`--back`: return to the previous phase)
    #[command(
        after_help = "Examples:\n  ftrack advance --dry-run\n  ftrack advance --force --reason \"steering committee accepted the risk\"\n  ftrack advance --back --reason \"the assessment missed the branch offices\""
    )]
    Advance(AdvanceArgs),
    /// Set or replace an item's note without changing its state
    #[command(
        after_help = "Examples:\n  ftrack note kickoff \"held 2026-11-30, timelines agreed\"\n  ftrack note kickoff ''        # clears the note"
    )]
    Note(NoteArgs),
    /// Take back your last command on this tracker (appends compensating events; run it
    /// again to take back the one before)
    #[command(after_help = "Examples:\n  ftrack undo\n  ftrack undo --json")]
    Undo(UndoArgs),
    /// Exit 0 when the gate is open, 3 when required items block it (for scripts). Without a
    /// phase: exactly what `advance` would do now; `gate complete`: may the engagement complete
    #[command(
        after_help = "Examples:\n  ftrack gate && ftrack advance\n  ftrack gate assess || echo \"assess still blocked\"\n  ftrack gate complete --json | jq '.blockers[].id'"
    )]
    Gate(GateArgs),
    /// The journal, oldest first
    #[command(
        after_help = "Examples:\n  ftrack log --since 2026-11-01\n  ftrack log --task kickoff --json"
    )]
    Log(LogArgs),
    /// Add an item of this engagement only (e.g. the remediation checklist); it is then gated,
    /// listed and reported like a catalog item
    #[command(
        after_help = "Examples:\n  ftrack add --phase remediate \"Upgrade AD FS to 2019\" --owner alice --due 2026-12-10\n  ftrack add --phase remediate --from checklist.txt\n  pbpaste | ftrack add --phase remediate --from -"
    )]
    Add(AddArgs),
    /// Take an added item out of gates, lists and counts (kept in history); catalog items are
    /// waived instead
    #[command(
        after_help = "Example:\n  ftrack retire remediate-upgrade-ad-fs --reason \"AD FS replaced by cloud auth\""
    )]
    Retire(RetireArgs),
    /// Set (or clear) a phase's target date; status and the report show planned against actual
    #[command(
        after_help = "Examples:\n  ftrack plan assess --target 2026-12-04\n  ftrack plan assess --clear"
    )]
    Plan(PlanArgs),
    /// A checkpoint meeting report: text, Markdown, HTML, JSON, CSV, Excel or iCalendar
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Every engagement at a glance: one row per tracker under the folders given, worst first
    #[command(after_help = PORTFOLIO_HELP)]
    Portfolio(PortfolioArgs),
    /// Catalog tools
    #[command(
        subcommand,
        after_help = "Examples:\n  ftrack catalog check\n  ftrack catalog check my-catalog.yaml"
    )]
    Catalog(CatalogCommand),
    /// Check the catalog and the journal; say how to fix what is wrong (exit 1 if anything is)
    #[command(
        after_help = "Examples:\n  ftrack doctor\n  ftrack doctor || echo \"the tracker needs attention\"\n  ftrack doctor --fix"
    )]
    Doctor(DoctorArgs),
    /// Print a shell completion script (task ids complete from the tracker in use)
    #[command(
        after_help = "Examples:\n  source <(ftrack completions bash)        # in ~/.bashrc\n  ftrack completions fish | source         # in ~/.config/fish/config.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the JSON Schema (draft 2020-12) of a command's --json answer; without COMMAND,
    /// list the commands
    #[command(
        after_help = "Examples:\n  ftrack schema\n  ftrack schema status > status.schema.json\n  ftrack schema catalog check"
    )]
    Schema(SchemaArgs),
    /// Write the man pages: ftrack(1) and one per subcommand
    #[command(
        after_help = "Examples:\n  ftrack man --output ~/.local/share/man/man1 && man ftrack-done\n  ftrack man | man -l -"
    )]
    Man(ManArgs),
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("items").required(true).args(["title", "from"]))]
pub struct AddArgs {
    /// Short title of the item (over 60 characters it is shortened; the whole is kept as text)
    pub title: Option<String>,
    /// Phase whose gate the item belongs to (general, initiate, assess, remediate, enable)
    #[arg(long, value_name = "PHASE")]
    pub phase: String,
    /// Id to use instead of one made from the phase and title (kebab-case, never used before)
    #[arg(long, value_name = "ID", conflicts_with = "from")]
    pub id: Option<String>,
    /// Full text of the item (default: the title)
    #[arg(long, value_name = "TEXT", conflicts_with = "from")]
    pub text: Option<String>,
    /// The item never blocks the gate
    #[arg(long)]
    pub optional: bool,
    /// Owner of the item(s)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Due date of the item(s), YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// Add one item per non-empty line of FILE ('-' reads standard input); all or nothing
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also fix what ftrack can: delete lines that share an event id with the line that counts
    /// but differ from it, and take a journal file that was cut short outside git as it is now
    #[arg(long)]
    pub fix: bool,
}

#[derive(Args, Debug)]
pub struct RetireArgs {
    /// Id (or unique prefix) of an added item
    pub task: String,
    /// Why the item no longer belongs to the engagement
    #[arg(long, required = true, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The phase, by name
    pub phase: String,
    /// The date the phase should be signed off (advanced from), YYYY-MM-DD
    #[arg(
        long,
        value_name = "DATE",
        required_unless_present = "clear",
        conflicts_with = "clear"
    )]
    pub target: Option<String>,
    /// Remove the phase's target date
    #[arg(long)]
    pub clear: bool,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Engagement name, e.g. the customer
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Outstanding,
    Done,
    Waived,
    /// Added items taken out with `ftrack retire`
    Retired,
    All,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this phase (general, initiate, assess, remediate, enable)
    #[arg(long, value_name = "PHASE")]
    pub phase: Option<String>,
    /// Which items to show
    #[arg(long, value_enum, default_value_t = StatusFilter::Outstanding)]
    pub status: StatusFilter,
    /// Only items whose owner contains NAME (case-insensitive); without NAME, list the owners
    /// with their open and overdue counts
    #[arg(long, value_name = "NAME", num_args = 0..=1)]
    pub owner: Option<Option<String>>,
    /// Only outstanding items whose due date has passed
    #[arg(long)]
    pub overdue: bool,
    /// Only items due within SPAN (7d, 2w) or by a DATE (friday, 2026-12-01); overdue included
    #[arg(long, value_name = "SPAN")]
    pub due: Option<String>,
    /// Only items whose id, title, text or note contains TEXT (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Task id or unique prefix
    pub task: String,
}

#[derive(Debug, Args)]
pub struct ByArgs {
    /// Who did it (default: $FTRACK_USER, else git's user.name in a git work tree, else the
    /// login name)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// Task ids or unique prefixes
    #[arg(required = true, value_name = "TASK")]
    pub tasks: Vec<String>,
    /// A note kept with the item (`-` reads it from standard input)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it was done (default: now)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct ReopenArgs {
    #[arg(required = true, value_name = "TASK")]
    pub tasks: Vec<String>,
    /// Why it is open again (`-` reads it from standard input)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct WaiveArgs {
    #[arg(required = true, value_name = "TASK")]
    pub tasks: Vec<String>,
    /// Why the item does not apply to this engagement (`-` reads it from standard input)
    #[arg(long, required = true, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).multiple(true).args(["owner", "due"]))]
pub struct AssignArgs {
    #[arg(required = true, value_name = "TASK")]
    pub tasks: Vec<String>,
    /// Owner's name ('' clears it)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Due date, YYYY-MM-DD ('' clears it)
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("why").args(["force", "back"]))]
pub struct AdvanceArgs {
    /// Say what would happen, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Advance even though required items are outstanding (needs --reason; recorded)
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Return to the previous phase instead (needs --reason; recorded like a forced advance)
    #[arg(long, requires = "reason", conflicts_with = "force")]
    pub back: bool,
    /// Why the advance is forced, or why the engagement goes back
    #[arg(long, requires = "why", value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Task id or unique prefix
    pub task: String,
    /// The note ('' clears it; `-` reads it from standard input)
    pub text: String,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// Whose last command to take back (default: as for every write, you)
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct GateArgs {
    /// Phase to check, or `complete` (default: the next advance from the current phase)
    pub phase: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only events recorded at or after WHEN
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only events of this task
    #[arg(long, value_name = "TASK")]
    pub task: Option<String>,
}

const REPORT_HELP: &str = "\
The report opens with a summary: engagement, time, current phase, overall progress, and a table
of the phases (done, waived, outstanding, total, gate, status colour, target and actual
advance), then the weekly burn-up, then what is due within 14 days (and overdue) by owner,
then the current phase in full, the other phases, and with --since the changes since then.

Status colour: red when a required item of the current phase, an earlier one or the general
phase is overdue, or a phase was advanced by force with required items open; amber when a
required item is due within 7 days, or the current phase's target date (ftrack plan) is within
7 days with its gate blocked; green otherwise.

Formats: text, markdown, html (projects at 1280x720 and prints: --paper a4|letter; times in the
local zone, --utc for UTC), json, csv (--bom for Excel), xlsx (a workbook; needs --output), ics
(an all-day calendar event per open item with a due date and per phase target date).

WHEN is RFC 3339 (2026-11-25T14:30:00Z), YYYY-MM-DD (local midnight), how long ago (30m, 12h,
7d, 2w), yesterday or a weekday (monday, last monday). The same journal and FTRACK_NOW always
give the same report.

Examples:
  ftrack report --since 7d --format markdown --output checkpoint.md
  ftrack report --phase assess --phase general --output report.html
  ftrack report --since 7d --output checkpoint.xlsx
  ftrack report --output due-dates.ics
  ftrack report --format csv --bom > items.csv";

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only this phase (repeat for several); default: every phase, general included
    #[arg(long = "phase", value_name = "PHASE")]
    pub phases: Vec<String>,
    /// List what happened from WHEN on, and mark the items it touched
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Output format [default: from the --output extension (.txt, .md, .html, .json, .csv,
    /// .xlsx, .ics; any other extension is refused), else text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::present::report::Format>,
    /// Write to FILE (atomically: the old content or the new, never a part) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show times in UTC (default: the local time zone) in the HTML and Excel reports
    #[arg(long)]
    pub utc: bool,
    /// Paper size when the HTML report is printed
    #[arg(long, value_enum, value_name = "SIZE", default_value = "a4")]
    pub paper: crate::present::report::Paper,
    /// CSV: start with a UTF-8 byte-order mark, so that Excel's default import reads UTF-8
    #[arg(long)]
    pub bom: bool,
}

const PORTFOLIO_HELP: &str = "\
Each PATH is a tracker's folder (one holding .ftrack/) or a folder whose subfolders hold
trackers, --depth levels down (default 1). Hidden folders and .git are not searched, symbolic
links found on the way are not followed, and an engagement's own folders are not searched for
more engagements. Folders without a tracker are skipped silently.

One row per engagement, worst first (red, amber, green; then the most overdue; then by name):
its status colour and why (exactly what its own `ftrack report` says), phase, progress, open
and overdue items, the next target date and the last change. A tracker that cannot be read is
a row of its own, and the exit code is then 1.

Trackers are read from their snapshots when those are current; git runs only with --pull,
which fast-forwards (`git pull --ff-only`) every work tree that is clean and has an upstream,
four at a time, and leaves any other as it is with a note (never a merge, rebase or stash).

Formats: text (fitted to the terminal, 80 columns when piped), markdown, html (one
self-contained dashboard, printable: landscape, 20 engagements a page), json, csv (--bom for
Excel), xlsx (needs --output). Without --format, the extension of --output decides.

Examples:
  ftrack portfolio ~/customers
  ftrack portfolio ~/customers --depth 2 --since 7d
  ftrack portfolio --pull --output dashboard.html
  ftrack portfolio ~/customers --json | jq '.engagements[] | select(.status == \"red\") | .name'";

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Folders that are, or hold, trackers [default: the current directory]
    #[arg(value_name = "PATH", value_hint = ValueHint::DirPath)]
    pub paths: Vec<PathBuf>,
    /// How many folder levels below each PATH to look for trackers (0: the PATHs only)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// First `git pull --ff-only` in every tracker's work tree that is clean and has an upstream
    #[arg(long)]
    pub pull: bool,
    /// Add what changed in each engagement from WHEN on (done, waived, reopened, advances)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Output format [default: from the --output extension (.md, .html, .json, .csv, .xlsx),
    /// else text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::present::portfolio::Format>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Paper size when the HTML dashboard is printed (landscape)
    #[arg(long, value_enum, value_name = "SIZE", default_value = "a4")]
    pub paper: crate::present::report::Paper,
    /// CSV: start with a UTF-8 byte-order mark, so that Excel's default import reads UTF-8
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate a catalog (default: the one in use) and print its phases and counts
    #[command(
        after_help = "Examples:\n  ftrack catalog check\n  ftrack catalog check my-catalog.yaml"
    )]
    Check(CatalogCheckArgs),
    /// Make a catalog from a responsibilities page (Markdown in the docs format, in English,
    /// German, Japanese, French, Spanish, Portuguese or Chinese)
    #[command(
        after_help = "The page's language comes from its front matter (ms.locale), else from its text. On a page of\nseveral parties (Microsoft's, FastTrack's, yours, the phase descriptions) the customer's part is\nimported; --party picks another.\n\nExamples:\n  ftrack catalog import docs/source/your-responsibilities.md\n  ftrack catalog import intune-responsibilities.md --output intune.yaml\n  ftrack catalog import ihre-zustaendigkeiten.md --base responsibilities.yaml -o de.yaml\n  ftrack catalog import fasttrack-process.md --party microsoft -o microsoft.yaml"
    )]
    Import(CatalogImportArgs),
    /// Show the items added, removed, renamed and changed between two catalogs
    #[command(
        after_help = "Examples:\n  ftrack catalog diff catalog-v1.yaml catalog-v2.yaml\n  ftrack catalog diff old.yaml new.yaml --json"
    )]
    Diff(CatalogDiffArgs),
    /// Switch this tracker to a catalog: show what happens to recorded progress, then record
    /// the switch in the journal (every clone follows after a pull)
    #[command(
        after_help = "Progress on items kept, or reworded (matched by text), carries over: the catalog is copied\ninto the tracker directory with the old ids added as aliases. The switch is refused while it\nwould orphan recorded progress, unless --accept-orphans is given.\n\nExamples:\n  ftrack catalog use intune-v2.yaml --dry-run\n  ftrack catalog use intune-v2.yaml\n  ftrack catalog use intune-v2.yaml --accept-orphans"
    )]
    Use(CatalogUseArgs),
}

#[derive(Debug, Args)]
pub struct CatalogUseArgs {
    /// The catalog to switch to
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: PathBuf,
    /// Show the plan only; record nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Switch even though progress recorded on items the new catalog lacks is orphaned
    #[arg(long)]
    pub accept_orphans: bool,
}

#[derive(Debug, Args)]
pub struct CatalogImportArgs {
    /// The page (Markdown with YAML front matter)
    pub page: PathBuf,
    /// The catalog in use: items with the same (or nearly the same) text keep its ids, so that
    /// progress carries over when the new catalog replaces it
    #[arg(long, value_name = "OLD.yaml")]
    pub base: Option<PathBuf>,
    /// Write the catalog to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Import a page that reads as a description (numbered steps, images, long prose) anyway,
    /// leaving out its numbered user-interface steps
    #[arg(long)]
    pub allow_prose: bool,
    /// On a page that lists the responsibilities of more than one party, import this party's
    /// (default: the customer's)
    #[arg(long, value_enum, value_name = "PARTY")]
    pub party: Option<PartyArg>,
}

/// Whose responsibilities `catalog import --party` imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PartyArg {
    /// The customer's ("Your responsibilities")
    Customer,
    /// Microsoft's ("Microsoft responsibilities")
    Microsoft,
    /// FastTrack's ("FastTrack responsibilities")
    Fasttrack,
}

#[derive(Debug, Args)]
pub struct CatalogDiffArgs {
    /// The catalog in use now
    pub old: PathBuf,
    /// The catalog to switch to
    pub new: PathBuf,
}

#[derive(Debug, Args)]
pub struct CatalogCheckArgs {
    /// Catalog file to check
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print the script for
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The command whose answer to describe ("status", "catalog check")
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write ftrack.1 and ftrack-COMMAND.1 into DIR (created if missing) instead of printing
    /// ftrack(1) to standard output
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_help_ends_with_an_example() {
        fn check(cmd: &clap::Command, path: &str) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                let after = sub.get_after_help().map(|h| h.to_string());
                let examples = after.as_deref().and_then(|h| h.split_once("Example"));
                let lines = examples.map_or(0, |(_, e)| {
                    e.lines()
                        .filter(|l| {
                            l.trim_start().starts_with("ftrack ") || l.contains("<(ftrack ")
                        })
                        .count()
                });
                assert!(lines >= 1, "`{path} --help` has no example");
                check(sub, &path);
            }
        }
        check(&super::Cli::command(), "ftrack");
    }
}
