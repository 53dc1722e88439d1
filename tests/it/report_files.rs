//! Issue 21, items 4, 6 and 8: `--output`'s extension picks the format (an unknown one is
//! refused), every report format carries each item's full text, and the workbook prints.

use std::io::Read;

use crate::common::TestEnv;

/// An added item whose title is cut (the whole is its text).
const LONG: &str =
    "Open firewall ports 443 and 49443 for the Web Application Proxy servers in the DMZ";

fn with_long_item() -> TestEnv {
    let env = TestEnv::init();
    env.run(&["add", "--phase", "remediate", LONG, "--owner", "Sam"])
        .ok();
    env
}

#[test]
fn the_output_extension_chooses_the_format_and_an_unknown_one_is_refused() {
    let env = TestEnv::init();
    for (file, format) in [
        ("r.txt", "text"),
        ("r.TEXT", "text"),
        ("r.md", "Markdown"),
        ("r.markdown", "Markdown"),
        ("r.html", "HTML"),
        ("r.htm", "HTML"),
        ("r.json", "JSON"),
        ("r.csv", "CSV"),
        ("r.xlsx", "Excel"),
        ("r.ics", "iCalendar"),
        ("report", "text"),
    ] {
        let r = env.run(&["report", "--output", file]).ok();
        assert_eq!(r.stdout, format!("Wrote the {format} report to {file}.\n"));
    }
    for file in ["x.pdf", "x.docx", "x.PDF"] {
        let r = env.run(&["report", "--output", file]).code(2);
        assert!(!env.work().join(file).exists(), "{file}: nothing written");
        assert!(
            r.err_says(".txt, .text, .md, .markdown, .html, .htm, .json, .csv, .xlsx, .ics"),
            "{}",
            r.stderr
        );
    }
    let r = env.run(&["report", "--output", "x.pdf"]).code(2);
    assert!(
        r.err_says("write .html and print it, or use the browser's Save as PDF"),
        "{}",
        r.stderr
    );
    // An explicit format is taken whatever the name.
    env.run(&["report", "--format", "html", "--output", "x.pdf"])
        .ok();
}

#[test]
fn every_report_format_carries_each_items_full_text() {
    let env = with_long_item();
    let title = env.run(&["show", "remediate-open", "--json"]).ok().json()["task"]["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.ends_with('…'), "the title is cut: {title}");
    let html = env.run(&["report", "--format", "html"]).ok().stdout;
    assert!(html.contains("in the DMZ"), "HTML");
    // The catalog's words too: "Participate in the engagement kick-off meeting, …".
    assert!(html.contains("<div class=\"text\">Participate in"), "HTML");
    let md = env.run(&["report", "--format", "markdown"]).ok().stdout;
    assert!(md.contains(&format!("<br>{LONG}")), "Markdown");
    let csv = env.run(&["report", "--format", "csv"]).ok().stdout;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let text = rows
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    assert!(
        rows.records().any(|r| r.unwrap()[text] == *LONG),
        "CSV has a text column"
    );
    env.run(&["report", "--output", "r.xlsx"]).ok();
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(env.work().join("r.xlsx")).unwrap();
    let items = book.worksheet_range("Items").unwrap();
    let head: Vec<String> = items
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = head.iter().position(|h| h == "Text").unwrap();
    assert!(
        items.rows().any(|r| r[col] == Data::String(LONG.into())),
        "Excel has a Text column"
    );
}

/// The XML of a part of the workbook.
fn part(book: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_prints_landscape_one_page_wide_with_its_headers_and_a_chart_of_one_week() {
    let env = with_long_item();
    env.run(&["done", "kickoff-meeting"]).ok();
    env.run(&["report", "--output", "r.xlsx", "--paper", "letter"])
        .ok();
    let book = env.work().join("r.xlsx");
    let workbook = part(&book, "xl/workbook.xml");
    let sheets = workbook.matches("<sheet ").count();
    assert_eq!(sheets, 8, "Summary, 5 phases, Items, Changes");
    // Each sheet has its print area, each table sheet its header row repeated.
    assert_eq!(
        workbook.matches("_xlnm.Print_Area").count(),
        sheets,
        "{workbook}"
    );
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        sheets,
        "{workbook}"
    );
    for n in 1..=sheets {
        let sheet = part(&book, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet {n}"
        );
        let setup = &sheet[sheet.find("<pageSetup").unwrap()..];
        let setup = &setup[..setup.find("/>").unwrap()];
        assert!(
            setup.contains("orientation=\"landscape\""),
            "sheet {n}: {setup}"
        );
        assert!(setup.contains("paperSize=\"1\""), "letter: {setup}");
        if n > 1 {
            assert!(
                setup.contains("fitToHeight=\"0\""),
                "one page wide: {setup}"
            );
        }
        assert!(
            sheet.contains("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"),
            "sheet {n}"
        );
    }
    // The Status column is wide enough for "outstanding" (Excel's width unit is a character).
    let phase = part(&book, "xl/worksheets/sheet2.xml");
    let first = &phase[phase.find("<col ").unwrap()..];
    let width: f64 = first
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert!(width >= "outstanding".len() as f64, "{first}");
    // The burn-up of a single week still draws: each series has its markers.
    let chart = part(&book, "xl/charts/chart1.xml");
    assert_eq!(chart.matches("<c:ser>").count(), 2, "{chart}");
    assert!(
        !chart.contains("<c:marker><c:symbol val=\"none\"/>"),
        "{chart}"
    );
    assert!(chart.contains("<c:symbol val=\"circle\"/>"), "{chart}");
}
