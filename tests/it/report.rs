//! `ftrack report`: the same facts in text, Markdown, HTML, JSON and CSV, hostile text kept
//! harmless in each, 80 columns, `--since`, `--phase`, `--output`.

use crate::common::TestEnv;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A note with everything that breaks naive output: a leading formula, a pipe, a newline, HTML,
/// Markdown and a backslash.
const HOSTILE: &str = "=SUM(A1) | pipe\nsecond line <script>alert(1)</script> **bold** [x](http://e.test) `code` \\ & done";
const FORMULA_BY: &str = "@bob";
const WAIVE_REASON: &str = "-1 | not used: <b>cloud</b> MFA only";

/// (id, status, owner, note) as the tracker has them.
const FACTS: [(&str, &str, &str, &str); 5] = [
    ("begin-onboarding", "done", "", HOSTILE),
    ("kickoff-meeting", "outstanding", "Priya | PM", ""),
    (
        "stakeholders",
        "done",
        "",
        "=HYPERLINK(\"http://evil.test\")",
    ),
    ("on-premises-mfa", "waived", "", WAIVE_REASON),
    ("directory-synchronization", "outstanding", "+carol", ""),
];

/// An engagement with done, waived, assigned and overdue items, a forced advance and hostile
/// text, at 2026-11-25T12:00:00Z.
fn engagement() -> TestEnv {
    let mut env = TestEnv::new();
    let reason = format!("--reason={WAIVE_REASON}");
    let steps: [(&str, &[&str]); 7] = [
        ("10", &["init", "--name", "Contoso <EMS> | *wave 1*"]),
        (
            "11",
            &[
                "done",
                "begin-onboarding",
                "--by",
                "alice",
                "--note",
                HOSTILE,
            ],
        ),
        (
            "12",
            &[
                "assign",
                "kickoff-meeting",
                "--owner",
                "Priya | PM",
                "--due",
                "2026-11-15",
            ],
        ),
        (
            "13",
            &[
                "advance",
                "--force",
                "--reason",
                "SteerCo: <i>risk</i> accepted",
                "--by",
                "sam",
            ],
        ),
        (
            "20",
            &[
                "done",
                "stakeholders",
                "--by",
                FORMULA_BY,
                "--note",
                FACTS[2].3,
            ],
        ),
        ("21", &["waive", "on-premises-mfa", &reason]),
        (
            "22",
            &[
                "assign",
                "directory-synchronization",
                "--owner",
                "+carol",
                "--due",
                "2026-12-01",
            ],
        ),
    ];
    for (day, args) in steps {
        env.now = format!("2026-11-{day}T09:00:00Z");
        env.run(args).ok();
    }
    env.now = crate::common::NOW.to_string();
    env
}

fn report(env: &TestEnv, format: &str) -> String {
    env.run(&["report", "--since", "7d", "--format", format])
        .ok()
        .stdout
}

/// Every table of a Markdown document as rows of cell texts, parsed by a CommonMark parser with
/// GFM tables; `<br>` counts as a newline.
fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let (mut tables, mut row, mut cell) = (Vec::new(), Vec::new(), None::<String>);
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap()),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                tables.last_mut().unwrap().push(std::mem::take(&mut row))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t)
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                assert_eq!(&*h, "<br>", "raw HTML other than <br> in the Markdown");
                if let Some(c) = cell.as_mut() {
                    c.push('\n')
                }
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn every_format_gives_the_same_facts() {
    let env = engagement();
    // JSON: the reference.
    let json: serde_json::Value = serde_json::from_str(&report(&env, "json")).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["name"], "Contoso <EMS> | *wave 1*");
    assert_eq!(json["current_phase"], "assess");
    let items: Vec<&serde_json::Value> = json["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .collect();
    assert_eq!(items.len(), 38);
    let item = |id: &str| *items.iter().find(|i| i["id"] == id).unwrap();
    for (id, status, owner, note) in FACTS {
        let i = item(id);
        assert_eq!(i["status"], status, "{id}");
        assert_eq!(i["owner"].as_str().unwrap_or(""), owner, "{id}");
        assert_eq!(i["note"].as_str().unwrap_or(""), note, "{id}");
    }
    assert_eq!(item("kickoff-meeting")["overdue"], true);
    assert_eq!(item("stakeholders")["done_by"], FORMULA_BY);
    let initiate = &json["phases"][1];
    assert_eq!(initiate["signed_off"]["forced"], true);
    assert_eq!(initiate["signed_off"]["by"], "sam");
    assert_eq!(json["progress"]["closed"], 3);

    // CSV: the same rows; cells that would be formulas start with a quote.
    let csv = report(&env, "csv");
    assert!(csv.contains("\r\n"), "RFC 4180 line ends");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rows.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "phase",
            "status",
            "id",
            "title",
            "text",
            "required",
            "owner",
            "due",
            "overdue",
            "done_by",
            "done_at",
            "note",
            "changed_since"
        ]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 38);
    let defused = |s: &str| {
        if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        }
    };
    for (id, status, owner, note) in FACTS {
        let r = rows.iter().find(|r| &r[2] == id).unwrap();
        assert_eq!(
            (&r[1], &r[6], &r[11]),
            (status, &*defused(owner), &*defused(note))
        );
    }
    let stakeholders = rows.iter().find(|r| &r[2] == "stakeholders").unwrap();
    assert_eq!(&stakeholders[9], "'@bob");
    assert_eq!(&stakeholders[12], "true");

    // Markdown: every cell's text, as a CommonMark parser reads it, is the original.
    let md = report(&env, "markdown");
    let tables = markdown_tables(&md);
    let item_rows: Vec<&Vec<String>> = tables
        .iter()
        .filter(|t| t[0][0] == "Status")
        .flat_map(|t| &t[1..])
        .collect();
    assert_eq!(item_rows.len(), 38);
    for (id, status, owner, note) in FACTS {
        let r = item_rows.iter().find(|r| r[1] == id).unwrap();
        assert_eq!((&*r[0], &*r[3], &*r[7]), (status, owner, note), "{id}");
        assert_eq!(r.len(), 9, "{id}: a cell leaked into another");
    }
    assert!(md.contains("FORCED by sam at 2026-11-13 09:00, into assess"));
    assert!(md.starts_with("# Onboarding report: Contoso &lt;EMS&gt; \\| \\*wave 1\\*\n"));

    // HTML: the same rows, every piece of user text escaped.
    // A word longer than 24 characters (a link) may break where `<wbr>` says: not text.
    let html = report(&env, "html").replace("<wbr>", "");
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<b>") && !html.contains("<i>"));
    for (id, status, owner, note) in FACTS {
        let row = format!("<td class=\"id\">{id}</td>");
        let at = html.find(&row).unwrap_or_else(|| panic!("{row}"));
        let start = html[..at].rfind("<tr").unwrap();
        let end = start + html[start..].find("</tr>").unwrap();
        let tr = &html[start..end];
        assert!(
            tr.starts_with(&format!(
                "<tr class=\"{status}\"><td class=\"status\">{status}"
            )),
            "{tr}"
        );
        assert!(tr.contains(&*html_escape::encode_text(owner)), "{tr}");
        assert!(tr.contains(&*html_escape::encode_text(note)), "{tr}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("FORCED by sam"));

    // Text: each item's status and id on a line; notes whole once wrapping is undone.
    let text = report(&env, "text");
    for (id, status, owner, note) in FACTS {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| {
                l.get(2..)
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    == [status, id]
            })
            .unwrap_or_else(|| panic!("no line for {status} {id}:\n{text}"));
        let block: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| l.starts_with("    "))
            .map(|l| l.trim())
            .collect();
        let block = block.join(" ");
        if !owner.is_empty() {
            assert!(block.contains(&format!("owner: {owner}")), "{block}");
        }
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !note.is_empty() {
            assert!(words(&block).contains(&words(note)), "{block}\n{note}");
        }
    }
    assert!(text.contains("Signed off: FORCED by sam at 2026-11-13 09:00, into assess"));

    // Excel, read back: the same items, text as written (a cell is never a formula), dates as
    // date cells.
    env.run(&["report", "--since", "7d", "--output", "r.xlsx"])
        .ok();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(env.work().join("r.xlsx")).unwrap();
    use calamine::{Data, DataType, Reader};
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "Summary",
            "assess",
            "general",
            "initiate",
            "remediate",
            "enable",
            "Items",
            "Changes"
        ],
        "the current phase first"
    );
    let sheet = book.worksheet_range("Items").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 39, "a header and 38 items");
    for (id, status, owner, note) in FACTS {
        let r = rows
            .iter()
            .find(|r| r[2] == Data::String(id.into()))
            .unwrap();
        let cell = |c: usize| r[c].as_string().unwrap_or_default();
        assert_eq!(
            (&*cell(1), &*cell(6), &*cell(11)),
            (status, owner, note),
            "{id}"
        );
    }
    let kickoff = rows
        .iter()
        .find(|r| r[2] == Data::String("kickoff-meeting".into()))
        .unwrap();
    assert!(matches!(kickoff[7], Data::DateTime(_)), "{:?}", kickoff[7]);
    assert_eq!(kickoff[7].as_date().unwrap().to_string(), "2026-11-15");
    assert_eq!(kickoff[8], Data::Bool(true), "overdue");
    let stakeholders = rows
        .iter()
        .find(|r| r[2] == Data::String("stakeholders".into()))
        .unwrap();
    assert_eq!(stakeholders[9], Data::String(FORMULA_BY.into()));
    assert_eq!(
        stakeholders[10].as_datetime().unwrap().to_string(),
        "2026-11-20 09:00:00",
        "done_at, in UTC here"
    );
    let summary = book.worksheet_range("Summary").unwrap();
    let phase_rows: Vec<Vec<String>> = summary
        .rows()
        .skip_while(|r| r[0] != Data::String("Phase".into()))
        .skip(1)
        .take(5)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    for (row, p) in phase_rows.iter().zip(json["phases"].as_array().unwrap()) {
        assert!(row[0].starts_with(p["phase"].as_str().unwrap()));
        assert_eq!(row[1], p["progress"]["done"].to_string());
        assert_eq!(row[4], p["progress"]["total"].to_string());
        assert_eq!(row[7], p["rag"].as_str().unwrap());
    }
    let changes = book.worksheet_range("Changes").unwrap();
    assert_eq!(
        changes.rows().count(),
        1 + json["changes"].as_array().unwrap().len()
    );

    // iCalendar, parsed: an all-day event per open item with a due date.
    let ics = report(&env, "ics");
    let cal: icalendar::Calendar = ics.parse().unwrap();
    use icalendar::{Component, DatePerhapsTime};
    let events: Vec<(String, String, String)> = cal
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| {
            let start = match e.get_start() {
                Some(DatePerhapsTime::Date(d)) => d.to_string(),
                other => panic!("not all-day: {other:?}"),
            };
            (
                start,
                e.get_summary().unwrap().to_string(),
                e.get_uid().unwrap().to_string(),
            )
        })
        .collect();
    let open_with_due: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["status"] == "outstanding" && !i["due"].is_null())
        .copied()
        .collect();
    assert_eq!(events.len(), open_with_due.len());
    for i in open_with_due {
        let title = i["title"].as_str().unwrap();
        assert!(
            events
                .iter()
                .any(|(start, summary, _)| start == i["due"].as_str().unwrap()
                    && summary == &format!("[Contoso <EMS> | *wave 1*] Due: {title}")),
            "{title}: {events:?}"
        );
    }
}

#[test]
fn text_fits_80_columns_even_with_long_titles_names_and_words() {
    let env = TestEnv::new();
    let long = "A very long title that goes on and on about the remediation of everything in the tenant and then some more words";
    let catalog = env.write(
        "long.yaml",
        &format!(
            "phases:\n  - id: general\n  - id: a-phase-with-a-rather-long-name-that-goes-on-and-on-and-on-forever\ntasks:\n  - id: an-item-with-an-extremely-long-identifier-that-never-seems-to-end-at-all-really\n    phase: a-phase-with-a-rather-long-name-that-goes-on-and-on-and-on-forever\n    title: {long}\n  - id: g\n    phase: general\n    title: {long}\n"
        ),
    );
    let cat = catalog.to_str().unwrap();
    env.run(&["--catalog", cat, "init", "--name", long]).ok();
    let word = "x".repeat(120);
    let note = format!("{long}\n{word}\n\n{long} ünïcödé ✓✓✓ {long}");
    let owner = "Somebody With A Name Much Longer Than Any Column Would Ever Want To Hold In It";
    env.run(&[
        "--catalog",
        cat,
        "assign",
        "g",
        "--owner",
        owner,
        "--due",
        "2026-01-01",
    ])
    .ok();
    env.run(&[
        "--catalog",
        cat,
        "done",
        "an-item",
        "--note",
        &note,
        "--by",
        owner,
    ])
    .ok();
    let text = env
        .run(&["--catalog", cat, "report", "--since", "30d"])
        .ok()
        .stdout;
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} chars: {line}",
            line.chars().count()
        );
    }
    assert!(
        text.contains(&word[..60]),
        "a long word is broken, not dropped"
    );
    assert!(text.contains("(OVERDUE)"));
}

#[test]
fn since_lists_every_event_from_then_and_marks_the_items() {
    let env = engagement();
    let json = env
        .run(&["report", "--since", "7d", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["since"], "2026-11-18T12:00:00Z");
    let changes: Vec<(String, String)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["event"].as_str().unwrap().into(),
                c["task"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("done".into(), "stakeholders".into()),
            ("waived".into(), "on-premises-mfa".into()),
            ("assigned".into(), "directory-synchronization".into()),
        ]
    );
    // An absolute time reaches back to the forced advance.
    let json = env
        .run(&["report", "--since", "2026-11-13", "--format", "json"])
        .ok()
        .json();
    let advance = &json["changes"][0];
    assert_eq!(advance["event"], "advanced");
    assert_eq!(
        (advance["from"].as_str(), advance["to"].as_str()),
        (Some("initiate"), Some("assess"))
    );
    assert_eq!(advance["forced"], true);
    let text = report(&env, "text");
    assert!(text.contains("── Since 2026-11-18 12:00"), "{text}");
    assert!(text.contains("@bob: done stakeholders"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("* waived      on-premises-mfa")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("  done        begin-onboarding"))
    );
    // Without --since: no section, no marks.
    let plain = env.run(&["report"]).ok().stdout;
    assert!(!plain.contains("Since") && !plain.lines().any(|l| l.starts_with('*')));
    let r = env.run(&["report", "--since", "last week"]).code(2);
    assert!(
        r.stderr
            .starts_with("error: --since `last week` is not a time\nhint: "),
        "{}",
        r.stderr
    );
}

#[test]
fn phase_selects_sections_and_an_unknown_one_is_an_error() {
    let env = engagement();
    let json = env
        .run(&[
            "report", "--phase", "enable", "--phase", "General", "--format", "json",
        ])
        .ok()
        .json();
    let phases: Vec<&str> = json["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases,
        ["general", "enable"],
        "catalog order, whatever the flag order"
    );
    assert_eq!(
        json["progress"]["total"], 38,
        "overall progress is over every phase"
    );
    let r = env.run(&["report", "--phase", "asses"]).code(2);
    assert!(r.stderr.contains("unknown phase `asses`"), "{}", r.stderr);
}

#[test]
fn output_is_written_atomically_in_the_format_its_name_asks_for() {
    let env = engagement();
    let r = env.run(&["report", "--output", "meeting.md"]).ok();
    assert_eq!(r.stdout, "Wrote the Markdown report to meeting.md.\n");
    let md = std::fs::read_to_string(env.work().join("meeting.md")).unwrap();
    assert_eq!(md, env.run(&["report", "--format", "markdown"]).ok().stdout);
    env.run(&["report", "-o", "meeting.md", "--format", "csv"])
        .ok();
    let csv = std::fs::read_to_string(env.work().join("meeting.md")).unwrap();
    assert!(
        csv.starts_with("\"phase\",\"status\",\"id\","),
        "--format wins over the name"
    );
    let names: Vec<String> = std::fs::read_dir(env.work())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".ftrack")
        .collect();
    assert_eq!(names, ["meeting.md"], "no temp file left behind");
    let r = env.run(&["report", "-o", "no/such/dir/r.html"]).code(1);
    assert!(
        r.stderr
            .starts_with("error: cannot write no/such/dir/r.html: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\nhint: nothing was written"));
    assert!(!env.work().join("no").exists());
}

#[test]
fn the_same_journal_and_time_give_the_same_report() {
    let env = engagement();
    for format in ["text", "markdown", "html", "json", "csv"] {
        let args = ["report", "--since", "2026-11-01", "--format", format];
        let one = env.run(&args).ok().stdout;
        let two = env.run(&args).ok().stdout;
        assert_eq!(one, two, "{format}");
        let generated = match format {
            "csv" => continue,
            // Human formats show times for people, in the local zone (UTC here).
            "text" | "markdown" | "html" => "2026-11-25 12:00",
            _ => "2026-11-25T12:00:00Z",
        };
        // (The HTML keeps a hyphenated word whole in a span of its own.)
        let plain = one.replace("<span class=\"w\">", "").replace("</span>", "");
        assert!(
            plain.contains(generated),
            "generated at FTRACK_NOW: {format}"
        );
    }
}

#[test]
fn html_is_self_contained_and_print_ready() {
    let env = engagement();
    // A word longer than 24 characters (a link) may break where `<wbr>` says: not text.
    let html = report(&env, "html").replace("<wbr>", "");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in [
        "<script", "<link", "src=", "href=", "url(", "@import", "http://", "https://",
    ] {
        let outside_notes = html
            .replace("http://e.test", "")
            .replace("http://evil.test", "");
        assert!(!outside_notes.contains(external), "{external}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("section.next,section.phase,section.since{break-before:page}"));
    assert!(html.contains("@page{size:A4 landscape;"));
    assert!(
        !html.contains("overflow-wrap:anywhere"),
        "words are never broken"
    );
    assert_eq!(html.matches("<section class=\"phase\"").count(), 5);
    assert!(html.contains("2026-11-15<br><span class=\"overdue\">overdue</span>"));
}

#[test]
fn help_names_the_forms_of_when_and_gives_examples() {
    let env = TestEnv::new();
    let help = env.run(&["report", "--help"]).ok().stdout;
    for want in [
        "30m, 12h,",
        "7d, 2w",
        "YYYY-MM-DD",
        "Examples:",
        "--format markdown",
        "markdown",
        "csv",
    ] {
        assert!(help.contains(want), "{want}:\n{help}");
    }
}

/// A link at the output path is refused (issue 19: never written through), the file it points
/// to untouched; the tracker's files are refused; `-` is standard output.
#[test]
fn output_never_goes_through_a_symlink_nor_into_the_tracker_and_dash_is_stdout() {
    let env = TestEnv::init();
    let shared = env.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("real.md"), "old").unwrap();
    let link = env.work().join("link.md");
    std::os::unix::fs::symlink(shared.join("real.md"), &link).unwrap();
    let r = env.run(&["report", "--output", "link.md"]).code(2);
    assert!(
        r.stderr
            .starts_with("error: link.md is a symbolic link; remove it or name another file"),
        "{}",
        r.stderr
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(shared.join("real.md")).unwrap(),
        "old"
    );

    let before = env.journal_text();
    let r = env
        .run(&["report", "--output", ".ftrack/journal.jsonl"])
        .code(2);
    assert!(
        r.stderr
            .starts_with("error: refusing to write .ftrack/journal.jsonl inside the tracker"),
        "{}",
        r.stderr
    );
    assert_eq!(env.journal_text(), before);

    let r = env.run(&["report", "--output", "-"]).ok();
    assert!(r.stdout.starts_with("Onboarding report"));
    assert!(!env.work().join("-").exists());
}

#[test]
fn terminal_controls_never_go_raw_into_any_format() {
    let env = TestEnv::init();
    env.run(&[
        "done",
        "kickoff-meeting",
        "--note",
        "a\u{1b}]0;pwned\u{7} b\u{1b}[2J c\u{202e}d",
    ])
    .ok();
    for format in ["text", "markdown", "html", "csv"] {
        let out = env.run(&["report", "--format", format]).ok().stdout;
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
            "{format}"
        );
        assert!(out.contains("u{1b}"), "{format} shows the escape visibly");
    }
    // JSON is data: the note is kept exactly (JSON-escaped).
    let json = env.run(&["report", "--format", "json"]).ok().json();
    let note = json["phases"][1]["items"][1]["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(note, "a\u{1b}]0;pwned\u{7} b\u{1b}[2J c\u{202e}d");
}

#[test]
fn since_names_each_added_item_by_its_final_id() {
    let env = TestEnv::init();
    // Two clones added the same title apart; the merged journal holds both adds.
    env.run(&["add", "--phase", "remediate", "Upgrade AD FS"])
        .ok();
    let mut text = env.journal_text();
    text.push_str(r#"{"v":3,"id":"ffff0000","at":"2026-11-25T12:00:01Z","seq":9,"clock":2,"by":"other","op":"add","task":"remediate-upgrade-ad-fs","phase":"remediate","title":"Upgrade AD FS"}"#);
    text.push('\n');
    std::fs::write(env.journal(), text).unwrap();
    let json = env
        .run(&["report", "--since", "2026-11-25", "--format", "json"])
        .ok()
        .json();
    let tasks: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["task"].as_str().unwrap())
        .collect();
    assert_eq!(
        tasks,
        ["remediate-upgrade-ad-fs", "remediate-upgrade-ad-fs-ffff"]
    );
}

#[test]
fn a_phase_description_that_looks_like_a_list_stays_a_paragraph_in_markdown() {
    let env = TestEnv::new();
    let cat = env.write(
        "c.yaml",
        "phases:\n  - id: one\n    description: \"- looks like a list\"\n  - id: two\n    description: \"1. looks numbered\"\ntasks:\n  - id: a\n    phase: one\n    title: A\n",
    );
    let md = env
        .run(&[
            "--catalog",
            cat.to_str().unwrap(),
            "report",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    let mut in_item = 0;
    let mut text = String::new();
    for ev in pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES) {
        match ev {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Item) => in_item += 1,
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Item) => in_item -= 1,
            pulldown_cmark::Event::Text(t) => {
                assert!(
                    in_item == 0 || !t.contains("looks"),
                    "a description became a list item: {md}"
                );
                text.push_str(&t);
            }
            _ => {}
        }
    }
    assert!(
        text.contains("- looks like a list") && text.contains("1. looks numbered"),
        "{text}"
    );
}
