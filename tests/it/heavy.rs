//! A heavy engagement, as a busy onboarding lead's looks after five weeks: forty items pasted
//! from the remediation checklist (ids of up to 48 characters), all of them overdue, owners
//! with long hyphenated names, a note holding a link. Its reasons stay short (the colour names
//! a few items and counts the rest), its HTML report neither scrolls sideways at 1280 or 1024
//! px nor spills its summary off the first printed page, and its window title is text.

use std::io::Write;
use std::process::Command;

use crate::common::TestEnv;
use crate::report_browser::{browser, chromium};
use crate::stages::at;

const LINK: &str = "https://contoso.sharepoint.com/sites/EMSOnboarding/Shared%20Documents/Minutes/2026-11-24-kickoff-meeting-minutes-final-v3.docx";

pub(crate) fn heavy() -> TestEnv {
    let mut env = TestEnv::new();
    let list: String = (1..=40)
        .map(|k| {
            format!("- Upgrade AD FS to 2019 on the federation servers in the DMZ behind the proxy, site {k}\n")
        })
        .collect();
    let file = env.write("checklist.txt", &list);
    let file = file.to_str().unwrap();
    let note = format!("minutes: {LINK}");
    let steps: [(&str, &[&str]); 6] = [
        (
            "2026-11-02T09:00:00Z",
            &["init", "--name", "Contoso-Fabrikam EMS onboarding"],
        ),
        (
            "2026-11-02T09:10:00Z",
            &["plan", "assess", "--target", "2026-11-27"],
        ),
        (
            "2026-11-03T10:00:00Z",
            &["done", "begin-onboarding", "kickoff-meeting"],
        ),
        ("2026-11-04T16:00:00Z", &["advance"]),
        (
            "2026-11-10T10:00:00Z",
            &[
                "add",
                "--phase",
                "assess",
                "--from",
                file,
                "--owner",
                "Samantha Okonkwo-Fitzgerald",
                "--due",
                "2026-11-20",
            ],
        ),
        (
            "2026-11-11T10:00:00Z",
            &[
                "assign",
                "software",
                "security-policies",
                "network-management",
                "program-management",
                "--owner",
                "samantha.okonkwo-fitzgerald@contoso.com",
                "--due",
                "2026-11-12",
            ],
        ),
    ];
    for (when, args) in steps {
        at(&mut env, when, args);
    }
    // The longest id of the pasted items (48 characters), closed by a teammate with a note.
    let listed = env
        .run(&["list", "--phase", "assess", "--json"])
        .ok()
        .json();
    let longest = crate::common::ids(&listed)
        .into_iter()
        .max_by_key(|id| id.len())
        .unwrap();
    assert_eq!(longest.len(), 48, "{longest}");
    at(
        &mut env,
        "2026-11-20T10:00:00Z",
        &[
            "done",
            &longest,
            "--by",
            "Samantha Okonkwo-Fitzgerald",
            "--note",
            "ports opened by the network team on 2026-11-19",
        ],
    );
    at(
        &mut env,
        "2026-11-24T10:00:00Z",
        &["done", "stakeholders", "--note", &note],
    );
    at(
        &mut env,
        "2026-11-24T11:00:00Z",
        &["waive", "on-premises-mfa", "--reason", "cloud MFA only"],
    );
    env.now = crate::common::NOW.to_string();
    env
}

#[test]
fn a_phase_with_forty_overdue_items_names_three_and_counts_the_rest() {
    let env = heavy();
    let report = env.run(&["report", "--format", "json"]).ok().json();
    let phases = report["phases"].as_array().unwrap();
    let reasons = |id: &str| -> Vec<String> {
        let p = phases.iter().find(|p| p["phase"] == id).unwrap();
        p["rag_reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    let assess = reasons("assess");
    assert_eq!(assess.len(), 4, "{assess:#?}");
    assert!(
        assess[..3]
            .iter()
            .all(|r| r.ends_with("overdue (due 2026-11-20)")),
        "{assess:#?}"
    );
    assert_eq!(assess[3], "36 more overdue");
    let general = reasons("general");
    assert_eq!(general.len(), 4, "{general:#?}");
    assert_eq!(general[3], "1 more overdue");
    // The portfolio says it in the same words, a line per phase.
    let portfolio = env.run(&["portfolio", "--json"]).ok().json();
    let row = &portfolio["engagements"][0];
    assert_eq!(row["overdue"], 43, "{row}");
    let text = env
        .run_env(&["portfolio"], &[("COLUMNS", "200")])
        .ok()
        .stdout;
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("general:"))
            && text.lines().any(|l| l.trim_start().starts_with("assess:")),
        "a line per phase:\n{text}"
    );
    let said = row["reasons"].to_string();
    assert!(said.contains("; 36 more overdue"), "{said}");
}

const MEASURE: &str = r#"<script>
(() => {
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({
    width: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll("table")].map(t => Math.round(t.getBoundingClientRect().right)),
    title: document.title,
  });
  document.body.appendChild(out);
})();
</script>"#;

fn measure(exe: &std::path::Path, env: &TestEnv, html: &str, width: u32) -> serde_json::Value {
    let scratch = env.path();
    let page = scratch.join(format!("measured-{width}.html"));
    std::fs::write(&page, html.replace("</body>", &format!("{MEASURE}</body>"))).unwrap();
    let dom = scratch.join(format!("dom-{width}.html"));
    let args = [
        format!("--window-size={width},720"),
        "--dump-dom".to_string(),
    ];
    chromium(exe, scratch, &args, &page, &dom);
    let dom = std::fs::read_to_string(&dom).unwrap();
    let start = dom.find("<pre id=\"measured\">").expect("measured") + 19;
    let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    serde_json::from_str(&html_escape::decode_html_entities(json)).unwrap()
}

#[test]
fn a_heavy_report_fits_1280_and_1024_px_and_prints_its_summary_on_page_one() {
    let env = heavy();
    env.run(&["report", "--since", "7d", "--output", "heavy.html"])
        .ok();
    let page = env.work().join("heavy.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // The window's title is the engagement's name as text, whatever the page's markup.
    let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
    assert!(!title.contains("<span"), "{title}");
    let Some(exe) = browser() else {
        assert!(
            std::env::var_os("FTRACK_REQUIRE_BROWSER").is_none(),
            "FTRACK_REQUIRE_BROWSER is set but chromium is not on PATH"
        );
        let _ = writeln!(std::io::stderr(), "SKIPPED: chromium not installed");
        return;
    };
    for width in [1280, 1024] {
        let m = measure(&exe, &env, &html, width);
        assert!(
            m["width"].as_u64().unwrap() <= u64::from(width),
            "no sideways scroll at {width}px: {m}"
        );
        assert_eq!(
            m["title"],
            "Onboarding report: Contoso-Fabrikam EMS onboarding"
        );
    }
    let Some(pdftotext) = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("pdftotext"))
        .find(|p| p.is_file())
    else {
        assert!(
            std::env::var_os("FTRACK_REQUIRE_BROWSER").is_none(),
            "FTRACK_REQUIRE_BROWSER is set but pdftotext (poppler-utils) is not on PATH"
        );
        return;
    };
    let pdf = env.path().join("heavy.pdf");
    let args = [
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_string(),
    ];
    chromium(&exe, env.path(), &args, &page, &env.path().join("pdf.out"));
    let page_text = |n: u32| {
        let out = Command::new(&pdftotext)
            .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = page_text(1);
    for want in [
        "Summary",
        "36 more overdue",
        "Burn-up per week",
        "Page 1 of",
    ] {
        assert!(first.contains(want), "page 1 lacks {want:?}:\n{first}");
    }
    assert!(!first.contains("What is next"), "{first}");
    assert!(page_text(2).contains("What is next"), "{}", page_text(2));
}

#[test]
fn a_phases_reasons_wrap_across_its_sheet_so_that_they_print_whole() {
    use std::io::Read;
    let env = heavy();
    env.run(&["report", "--output", "heavy.xlsx"]).ok();
    let book = env.work().join("heavy.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    // Sheet 2 is the current phase, assess: its Status row (4) holds the colour in B4 and the
    // reasons in C4, merged to the last column and wrapped.
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains("<mergeCell ref=\"C4:L4\"/>"), "{sheet}");
    let row = &sheet[sheet.find("<row r=\"4\"").unwrap()..];
    let row = &row[..row.find('>').unwrap()];
    assert!(
        row.contains("customHeight=\"1\""),
        "a row tall enough: {row}"
    );
}
