//! Every portfolio format, read back by a parser: JSON, Markdown (a CommonMark table), CSV (the
//! csv crate), Excel (calamine for the cells; openpyxl for the sheet's set-up), and the HTML
//! dashboard in headless Chromium at 1024 px (no sideways scroll, no script) and printed (20
//! engagements a landscape page).

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::common::{TestEnv, have};
use crate::portfolio::{five, run_in};
use crate::report_browser::{browser, chromium};

const HOSTILE: &str = "=HYPERLINK(\"http://x\") <script>alert(1)</script> | **b**";

/// The five trackers, one of them named with formula, markup and HTML.
fn hostile_five() -> TestEnv {
    let env = TestEnv::new();
    let root = five(&env);
    let dir = root.join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    run_in(
        &env,
        &dir,
        "2026-11-20T10:00:00Z",
        &["init", "--name", HOSTILE],
    )
    .ok();
    env
}

fn statuses(v: &serde_json::Value) -> Vec<String> {
    v["engagements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap_or("error").to_string())
        .collect()
}

#[test]
fn every_format_reads_back_with_the_same_rows_in_the_same_order() {
    let env = hostile_five();
    let json = env
        .run(&["portfolio", "customers", "--json"])
        .code(1)
        .json();
    let order = statuses(&json);
    assert_eq!(order, ["error", "red", "amber", "green", "green", "green"]);
    let names: Vec<String> = json["engagements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap_or("").to_string())
        .collect();

    // JSON to a file: the same document.
    env.run(&["portfolio", "customers", "--output", "p.json"])
        .code(1);
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.work().join("p.json")).unwrap()).unwrap();
    assert_eq!(file, json);

    // Markdown: one table whose first column is the status, the hostile name shown as text.
    env.run(&["portfolio", "customers", "--output", "p.md"])
        .code(1);
    let md = std::fs::read_to_string(env.work().join("p.md")).unwrap();
    let rows = markdown_rows(&md);
    assert_eq!(rows.len(), 7, "a header and six rows:\n{md}");
    let col: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(col, order);
    assert!(
        rows.iter().any(|r| r[1] == HOSTILE),
        "the name is text:\n{md}"
    );
    // Times for people, as in the report's Markdown: no RFC 3339, the zone named once.
    assert!(
        md.contains("- **Generated:** 2026-11-25 12:00, times in UTC"),
        "{md}"
    );
    assert!(!md.contains("T12:00:00Z") && !md.contains(":00Z"), "{md}");
    assert!(md.contains("2026-11-20 10:00 by tester (init)"), "{md}");

    // CSV (with a byte-order mark): the rows and the order; a formula is never a formula.
    env.run(&["portfolio", "customers", "--output", "p.csv", "--bom"])
        .code(1);
    let bytes = std::fs::read(env.work().join("p.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let head = reader.headers().unwrap().clone();
    assert_eq!(&head[0], "status");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col: Vec<&str> = records.iter().map(|r| &r[0]).collect();
    assert_eq!(col, order);
    let hostile = records.iter().find(|r| r[1].contains("HYPERLINK")).unwrap();
    assert!(hostile[1].starts_with("'="), "{:?}", &hostile[1]);
    let red = &records[1];
    let field = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(&red[field("closed_percent")], "5");
    assert_eq!(&red[field("next_target")], "2026-11-27");
    assert_eq!(&red[field("overdue")], "1");

    // Excel: one sheet, the rows, real dates, text as text.
    env.run(&["portfolio", "customers", "--output", "p.xlsx"])
        .code(1);
    let path = env.work().join("p.xlsx");
    use calamine::{Data, DataType, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Portfolio"]);
    let sheet = book.worksheet_range("Portfolio").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 7);
    let col: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(col, order);
    assert_eq!(rows[0][9], Data::String("Next target".into()));
    assert!(matches!(rows[2][9], Data::DateTime(_)), "{:?}", rows[2][9]);
    assert_eq!(rows[2][9].as_date().unwrap().to_string(), "2026-11-27");
    assert!(
        matches!(rows[2][15], Data::DateTime(_)),
        "last change: {:?}",
        rows[2][15]
    );
    assert!(rows.iter().any(|r| r[1] == Data::String(HOSTILE.into())));
    assert_eq!(names.len(), 6);
    sheet_setup(&path);

    // HTML: nothing runs, nothing is fetched, the hostile name is text.
    env.run(&["portfolio", "customers", "--output", "p.html"])
        .code(1);
    let html = std::fs::read_to_string(env.work().join("p.html")).unwrap();
    assert!(!html.contains("<script"), "no script");
    for fetch in ["src=", "href=", "url(", "@import"] {
        assert!(!html.contains(fetch), "nothing fetched: {fetch}");
    }
    // (A word longer than 24 characters may break: `<wbr>` marks where.)
    assert!(
        html.replace("<wbr>", "")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert_eq!(html.matches("<tr class=\"").count(), 6);

    // A binary format needs a file; an unknown one is named.
    let r = env
        .run(&["portfolio", "customers", "--format", "xlsx"])
        .code(2);
    assert!(r.stderr.contains("--output portfolio.xlsx"), "{}", r.stderr);
}

/// The cells of every table row of a Markdown document, as text.
fn markdown_rows(md: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Vec::new(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    rows
}

/// The sheet prints: landscape on the paper asked for, one page wide, the header row repeated,
/// only the table; an autofilter and a frozen header (read from the workbook's XML, which
/// calamine does not expose).
fn sheet_setup(book: &Path) {
    let part = |name: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = part("xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(workbook.contains("_xlnm.Print_Area"), "{workbook}");
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    let setup = &sheet[sheet.find("<pageSetup").unwrap()..];
    let setup = &setup[..setup.find("/>").unwrap()];
    for want in [
        "orientation=\"landscape\"",
        "fitToHeight=\"0\"",
        "paperSize=\"9\"",
    ] {
        assert!(setup.contains(want), "{want}: {setup}");
    }
    assert!(sheet.contains("<autoFilter ref=\"A1:U7\"/>"), "{sheet}");
    assert!(sheet.contains("ySplit=\"1\""), "a frozen header: {sheet}");
    assert!(sheet.contains("&amp;CPage &amp;P of &amp;N"), "{sheet}");
    // Printed, nothing is cut: the long texts wrap in rows made tall for them (the red row's
    // reasons, the unreadable row's error), and "Complete" reads TRUE or FALSE in LibreOffice
    // too (not 0 or 1).
    let styles = part("xl/styles.xml");
    assert!(styles.contains("wrapText=\"1\""), "{styles}");
    assert!(
        styles.contains("formatCode=\"&quot;TRUE&quot;;&quot;TRUE&quot;;&quot;FALSE&quot;\""),
        "{styles}"
    );
    assert!(sheet.contains("customHeight=\"1\""), "{sheet}");
}

/// Measures the dashboard as laid out (the page has no script; this copy of it does).
const MEASURE: &str = r#"<script>
(() => {
  const over = [...document.querySelectorAll("td, th")]
    .filter(c => c.scrollWidth > c.clientWidth + 1 && !c.querySelector(".why, .sub, .lbl"))
    .map(c => c.textContent);
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({
    width: document.documentElement.scrollWidth,
    rows: document.querySelectorAll("tbody tr").length,
    strips: document.querySelectorAll(".strip").length,
    badges: [...document.querySelectorAll("tbody .rag")].map(b => b.textContent),
    over,
  });
  document.body.appendChild(out);
})();
</script>"#;

fn no_browser() {
    assert!(
        std::env::var_os("FTRACK_REQUIRE_BROWSER").is_none(),
        "FTRACK_REQUIRE_BROWSER is set but chromium is not on PATH"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: chromium not installed; the dashboard was not laid out"
    );
}

#[test]
fn the_dashboard_fits_1024_px_and_prints_twenty_engagements_a_landscape_page() {
    let Some(exe) = browser() else {
        return no_browser();
    };
    let env = hostile_five();
    let root = env.work().join("customers");
    // Twenty more, so that the print needs two pages.
    for i in 0..20 {
        let dir = root.join(format!("extra-{i:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        let name = format!("Extra engagement number {i:02} with a long customer name");
        run_in(
            &env,
            &dir,
            "2026-11-20T10:00:00Z",
            &["init", "--name", &name],
        )
        .ok();
    }
    env.run(&["portfolio", "customers", "--output", "dash.html"])
        .code(1);
    let page = env.work().join("dash.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let scratch = env.path();
    let measured = scratch.join("measured.html");
    std::fs::write(
        &measured,
        html.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .unwrap();
    let dom_file = scratch.join("dom.html");
    let args = [
        "--window-size=1024,900".to_string(),
        "--dump-dom".to_string(),
    ];
    chromium(&exe, scratch, &args, &measured, &dom_file);
    let dom = std::fs::read_to_string(&dom_file).unwrap();
    let start = dom
        .find("<pre id=\"measured\">")
        .expect("the measurement ran")
        + 19;
    let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let m: serde_json::Value =
        serde_json::from_str(&html_escape::decode_html_entities(json)).unwrap();
    assert!(
        m["width"].as_u64().unwrap() <= 1024,
        "no sideways scroll at 1024 px: {m}"
    );
    assert_eq!(m["rows"], 26, "{m}");
    assert_eq!(m["strips"], 25, "a phase strip per engagement read: {m}");
    assert_eq!(m["badges"][0], "error");
    assert_eq!(m["badges"][1], "red");
    assert_eq!(m["over"], serde_json::json!([]), "no cell overflows: {m}");
    // The DOM holds the hostile name as text, and no script of its own.
    let shown = html_escape::encode_text(HOSTILE);
    assert!(
        dom.replace("<wbr>", "").contains(&*shown),
        "the name as text"
    );
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the measuring script"
    );

    // A picture, for a person to look at when this fails.
    let png = scratch.join("dash.png");
    let args = [
        format!("--screenshot={}", png.display()),
        "--window-size=1024,900".into(),
    ];
    chromium(&exe, scratch, &args, &page, &scratch.join("shot.out"));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));

    // Printed: landscape pages of twenty, the header on each.
    if !have("pdftotext") {
        return;
    }
    let pdf = scratch.join("dash.pdf");
    let args = [
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_string(),
    ];
    chromium(&exe, scratch, &args, &page, &scratch.join("pdf.out"));
    let text = |first: u32| {
        let out = Command::new("pdftotext")
            .args([
                "-f",
                &first.to_string(),
                "-l",
                &first.to_string(),
                "-layout",
            ])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (one, two) = (text(1), text(2));
    assert!(
        one.contains("Page 1 of 2") && two.contains("Page 2 of 2"),
        "{one}\n---\n{two}"
    );
    assert_eq!(
        one.matches("Extra engagement").count(),
        16,
        "twenty a page:\n{one}"
    );
    assert_eq!(two.matches("Extra engagement").count(), 4, "{two}");
    assert!(
        two.contains("Status") && two.contains("Engagement"),
        "the header repeats"
    );
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if let Ok(info) = info {
        let size = info
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap_or("")
            .to_string();
        assert!(
            size.contains("841.") && size.contains("x 59"),
            "A4 landscape: {size}"
        );
    }
}
