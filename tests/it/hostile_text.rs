//! Issue 19, text: what a hostile journal, catalog or page holds never crashes a format nor
//! reaches a terminal raw. Cases 7, 8, 10 and 11: far dates, a note longer than an Excel cell,
//! bidi and zero-width characters on standard output, a byte-order mark.

use crate::common::{DECEPTIVE, TestEnv, raw_deceptive};

const CATALOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml");

/// Case 7: dates at the ends of chrono's range, already in a journal (a colleague's clone, a
/// hand edit), never panic: every format renders (before, `report --format ics` panicked with
/// `NaiveDate + Days out of range`, and an event dated -262143 every report), such a date is
/// shown as it is, and a calendar leaves out what it cannot hold. Recording one is refused.
#[test]
fn dates_at_the_ends_of_the_range_never_panic() {
    let env = TestEnv::init();
    let mut text = env.journal_text();
    for (n, line) in [
        r#""op":"assign","task":"kickoff-meeting","owner":"o","due":"+262142-12-31""#,
        r#""op":"plan","phase":"assess","due":"+262142-12-31""#,
        r#""op":"assign","task":"stakeholders","owner":"o","due":"-262143-01-01""#,
        r#""op":"plan","phase":"initiate","due":"0000-01-01""#,
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!(
            "{{\"v\":3,\"id\":\"far{n}\",\"at\":\"2026-11-20T00:00:00Z\",\"seq\":{s},\"clock\":{s},\"by\":\"m\",{line}}}\n",
            s = n + 5
        ));
    }
    // The first event in replay order (no clock), at the very start of time; and one at its end.
    text.push_str(r#"{"v":1,"id":"early","at":"-262143-01-01T00:00:00Z","by":"m","op":"done","task":"program-management","done_at":"-262143-01-01T00:00:00Z"}"#);
    text.push('\n');
    text.push_str(r#"{"v":3,"id":"late","at":"+262142-12-31T23:59:59Z","seq":20,"clock":20,"by":"m","op":"reopen","task":"stakeholders"}"#);
    text.push('\n');
    std::fs::write(env.journal(), text).unwrap();
    for tz in ["UTC", "Asia/Tokyo", "America/Los_Angeles"] {
        for args in [
            &["report"][..],
            &["report", "--format", "markdown"],
            &["report", "--format", "html"],
            &["report", "--format", "json"],
            &["report", "--format", "csv"],
            &["report", "--output", "r.xlsx"],
            &["status"],
            &["list", "--due", "+262142-12-31"],
            &["show", "kickoff-meeting"],
            &["show", "program-management"],
            &["log"],
            &["log", "--since", "0001-01-01"],
            &["doctor"],
        ] {
            let r = env.run_env(args, &[("TZ", tz)]);
            assert!(
                r.code == 0 || (args[0] == "doctor" && r.code == 1),
                "{tz} {args:?}: {}{}",
                r.stdout,
                r.stderr
            );
        }
    }
    let r = env.run(&["report"]).ok();
    assert!(r.stdout.contains("+262142-12-31"), "shown as it is");
    let burnup = env.run(&["report", "--format", "json"]).ok().json()["burnup"]
        .as_array()
        .unwrap()
        .len();
    assert!(burnup <= 520, "at most ten years of weeks: {burnup}");
    let ics = env.run(&["report", "--format", "ics"]).ok().stdout;
    assert!(!ics.contains("262142") && !ics.contains("262143"), "{ics}");

    for args in [
        &["assign", "kickoff-meeting", "--due", "+262142-12-31"][..],
        &["plan", "assess", "--target", "0001-01-01"],
        &["done", "stakeholders", "--at", "0999-12-31T00:00:00Z"],
        &["add", "--phase", "assess", "--due", "in 9999999 weeks", "X"],
    ] {
        let r = env.run(args).code(2);
        assert!(
            r.err_says("is outside the years ftrack records (1900 to 9999)"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

/// Case 8: a note longer than an Excel cell holds (32,767 characters; the README promises 1 MB
/// notes) no longer fails the workbook: the cell is cut and says so, the other formats keep it.
#[test]
fn a_note_longer_than_a_cell_is_cut_in_the_workbook_only() {
    use calamine::Reader;
    let env = TestEnv::init();
    let note = "x".repeat(40_000);
    env.run(&["done", "kickoff-meeting", "--note", &note]).ok();
    env.run(&["report", "--output", "r.xlsx"]).ok();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(env.work().join("r.xlsx")).unwrap();
    let items = book.worksheet_range("Items").unwrap();
    let cell = items
        .rows()
        .flat_map(|r| r.iter())
        .map(|c| c.to_string())
        .find(|c| c.starts_with("xxxx"))
        .expect("the note's cell");
    assert!(cell.chars().count() <= 32_767);
    let kept = cell.chars().take_while(|c| *c == 'x').count();
    assert!(
        cell.ends_with(&format!(
            "… (cut: {} characters, see the Markdown or HTML report)",
            40_000 - kept
        )),
        "{}",
        &cell[cell.len() - 80..]
    );
    let md = env.run(&["report", "--format", "markdown"]).ok().stdout;
    assert!(md.contains(&note));
    // Issue 21 makes a row as tall as its wrapped text; the cut text still needs more than
    // Excel's tallest row (409 points), which is where it stops.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(env.work().join("r.xlsx")).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
        for ht in xml.split(" ht=\"").skip(1) {
            let points: f64 = ht[..ht.find('"').unwrap()].parse().unwrap();
            assert!(points <= 409.0, "{name}: a row of {points} points");
        }
    }
}

/// Case 10: bidi, zero-width and control characters from a journal, a catalog or a page are
/// escaped on standard output and standard error in every command (before, `catalog import`
/// to standard output printed a page's U+202E raw); the YAML ftrack writes escapes them too.
#[test]
fn deceptive_characters_reach_no_output_raw() {
    let env = TestEnv::new();
    let x = DECEPTIVE;
    let page = env.write(
        "page.md",
        &format!("---\ntitle: T{x}\n---\n## General responsibilities\n\n- Provide {x} a thing.\n\n## Initiate phase\n\n- Do{x} it.\n"),
    );
    let page = page.to_str().unwrap();
    let by = format!("by{x}");
    env.run(&["init", "--name", &format!("Eng{x}name")]).ok();
    let setup: [&[&str]; 5] = [
        &[
            "done",
            "kickoff-meeting",
            "--note",
            &format!("note{x}"),
            "--by",
            &by,
        ],
        &[
            "assign",
            "stakeholders",
            "--owner",
            &format!("own{x}er"),
            "--due",
            "2026-12-01",
        ],
        &[
            "waive",
            "program-management",
            "--reason",
            &format!("why{x}"),
        ],
        &[
            "add",
            "--phase",
            "assess",
            &format!("Title{x} here"),
            "--text",
            &format!("t{x}"),
        ],
        &["catalog", "import", page, "--output", "cat.yaml"],
    ];
    for args in setup {
        env.run(args).ok();
    }
    let yaml = std::fs::read_to_string(env.work().join("cat.yaml")).unwrap();
    assert!(raw_deceptive(&yaml).is_empty(), "{yaml}");
    assert!(yaml.contains(r"\u202E"), "{yaml}");
    let commands: [&[&str]; 22] = [
        &["status"],
        &["list", "--status", "all"],
        &["show", "kickoff-meeting"],
        &["show", "stakeholders"],
        &["log"],
        &["gate"],
        &["doctor"],
        &["report"],
        &["report", "--format", "markdown"],
        &["report", "--format", "html"],
        &["report", "--format", "csv"],
        &["report", "--format", "ics"],
        &["report", "--format", "json"],
        &["status", "--json"],
        &["catalog", "check", "cat.yaml"],
        &["catalog", "import", page],
        &["catalog", "import", page, "--json"],
        &["catalog", "diff", "cat.yaml"],
        &["catalog", "use", "cat.yaml", "--dry-run"],
        &["note", "stakeholders", &format!("n{x}")],
        &["show", &format!("nothing{x}")],
        &["undo"],
    ];
    for args in commands {
        let r = env.run(args);
        assert!(r.code <= 3, "{args:?}: {}", r.stderr);
        assert_eq!(raw_deceptive(&r.stdout), [], "{args:?} stdout");
        assert_eq!(
            raw_deceptive(&r.stderr),
            [],
            "{args:?} stderr: {}",
            r.stderr
        );
    }
    let r = env.run(&["catalog", "import", page]).ok();
    assert!(
        r.stdout.contains(r#"title: "Provide \u202E\u2066"#),
        "{}",
        r.stdout
    );
}

/// Case 11: a leading UTF-8 byte-order mark (Notepad's habit) is accepted in a catalog (before:
/// "more than one document" when its first line was a key), a page and a `--from` list.
#[test]
fn a_byte_order_mark_is_accepted_everywhere_text_is_read() {
    let env = TestEnv::init();
    let body: String = std::fs::read_to_string(CATALOG)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let bom = env.write("bom.yaml", &format!("\u{feff}{body}"));
    let bom = bom.to_str().unwrap();
    env.run(&["catalog", "check", bom]).ok();
    env.run(&["--catalog", bom, "status"]).ok();
    let page = env.write(
        "page.md",
        "\u{feff}## General responsibilities\n\n- Provide a thing.\n\n## Initiate phase\n\n- Do it.\n",
    );
    let r = env.run(&["catalog", "import", page.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("id: provide-a-thing"), "{}", r.stdout);
    let list = env.write("list.txt", "\u{feff}Upgrade AD FS\nRetire the old VPN\n");
    env.run(&["add", "--phase", "assess", "--from", list.to_str().unwrap()])
        .ok();
    let json = env
        .run(&["list", "--phase", "assess", "--json"])
        .ok()
        .json();
    let titles: Vec<&str> = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Upgrade AD FS"), "{titles:?}");
}
