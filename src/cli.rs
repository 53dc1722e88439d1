//! Every clap type of ftrack. Depends on clap and std only, so that completions and man pages can
//! be generated from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  error (bad input, unreadable tracker or catalog, failed write)
  2  usage error (unknown command or flag, missing argument)
  3  gate blocked (`gate` or `advance` found required items outstanding)

Environment:
  FTRACK_DIR      tracker directory to use (as --dir)
  FTRACK_CATALOG  catalog file to use (as --catalog)
  FTRACK_USER     who is recorded on events when --by is not given
  NO_COLOR        never colour the output

WHEN and DATE take RFC 3339 (2026-11-25T14:30:00Z) or YYYY-MM-DD (midnight UTC).";

/// Track a FastTrack Center Benefit (EMS / Intune) onboarding checklist, phase by phase.
#[derive(Debug, Parser)]
#[command(name = "ftrack", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Tracker directory (the directory holding journal.jsonl); default: the nearest .ftrack/
    /// here or above, else the per-user tracker
    #[arg(long, global = true, env = "FTRACK_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Catalog file to use instead of the tracker's (or the built-in) catalog
    #[arg(long, global = true, env = "FTRACK_CATALOG", value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
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
    Status(JsonArgs),
    /// List items (default: every outstanding item, in phase order)
    #[command(
        after_help = "Examples:\n  ftrack list --phase assess\n  ftrack list --owner alice --overdue --json"
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
    #[command(
        after_help = "Examples:\n  ftrack advance --dry-run\n  ftrack advance --force --reason \"steering committee accepted the risk\""
    )]
    Advance(AdvanceArgs),
    /// Exit 0 when a phase has no required item outstanding, 3 when it has (for scripts)
    #[command(
        after_help = "Examples:\n  ftrack gate && ./deploy.sh\n  ftrack gate assess || echo \"assess still blocked\""
    )]
    Gate(GateArgs),
    /// The journal, oldest first
    #[command(
        after_help = "Examples:\n  ftrack log --since 2026-11-01\n  ftrack log --task kickoff --json"
    )]
    Log(LogArgs),
    /// A per-phase report for a checkpoint meeting: text, Markdown, HTML, JSON or CSV
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Catalog tools
    #[command(subcommand)]
    Catalog(CatalogCommand),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Engagement name, e.g. the customer
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print one JSON object ("schema": 1)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Outstanding,
    Done,
    Waived,
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
    /// Only items owned by NAME (case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only outstanding items whose due date has passed
    #[arg(long)]
    pub overdue: bool,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Task id or unique prefix
    pub task: String,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Args)]
pub struct ByArgs {
    /// Who did it (default: $FTRACK_USER, else the login name)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// Task ids or unique prefixes
    #[arg(required = true, value_name = "TASK")]
    pub tasks: Vec<String>,
    /// A note kept with the item
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
    /// Why it is open again
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct WaiveArgs {
    #[arg(required = true, value_name = "TASK")]
    pub tasks: Vec<String>,
    /// Why the item does not apply to this engagement
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
pub struct AdvanceArgs {
    /// Say what would happen, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Advance even though required items are outstanding (needs --reason; recorded)
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the advance is forced
    #[arg(long, requires = "force", value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub by: ByArgs,
}

#[derive(Debug, Args)]
pub struct GateArgs {
    /// Phase to check (default: the current one)
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
    #[command(flatten)]
    pub json: JsonArgs,
}

const REPORT_HELP: &str = "\
The report has a header (engagement, time, current phase, overall progress), then a section per
phase: progress, gate (and what blocks it), who signed it off (and whether forced), and every
item with its status, owner, due date, who closed it and when, and its note or waiver reason.
With --since, a \"Since\" section lists each event from then on and the items are marked.

WHEN is RFC 3339 (2026-11-25T14:30:00Z), YYYY-MM-DD (midnight UTC), or how long ago: 30m, 12h,
7d, 2w. The same journal and FTRACK_NOW always give the same report.

Examples:
  ftrack report --since 7d --format markdown --output checkpoint.md
  ftrack report --phase assess --phase general --output report.html
  ftrack report --format csv > items.csv";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Plain text, 80 columns
    Text,
    /// GitHub-flavoured Markdown, a table per phase
    #[value(alias = "md")]
    Markdown,
    /// One self-contained page (inline CSS, no script), print-ready
    #[value(alias = "htm")]
    Html,
    /// The report's data ("schema": 1)
    Json,
    /// One row per item
    Csv,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only this phase (repeat for several); default: every phase, general included
    #[arg(long = "phase", value_name = "PHASE")]
    pub phases: Vec<String>,
    /// List what happened from WHEN on, and mark the items it touched
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Output format [default: from the --output extension (.md, .html, .json, .csv), else text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,
    /// Write to FILE (atomically: the old content or the new, never a part) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate a catalog (default: the one in use) and print its phases and counts
    #[command(
        after_help = "Examples:\n  ftrack catalog check\n  ftrack catalog check my-catalog.yaml"
    )]
    Check(CatalogCheckArgs),
}

#[derive(Debug, Args)]
pub struct CatalogCheckArgs {
    /// Catalog file to check
    pub file: Option<PathBuf>,
}
