//! The HTML report in a real browser: headless Chromium loads it, and we assert on the DOM it
//! built (hostile text is text, there is no script) and on a screenshot. Without a browser the
//! test says SKIPPED on stderr, past the test harness's capture; with FTRACK_REQUIRE_BROWSER set
//! (as `.ci/run` does) a missing browser fails instead.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestEnv;

const NOTE: &str =
    "| pipe\n<script>alert(1)</script><img src=x onerror=alert(2)> =SUM(A1) **bold** & co";
const TIMEOUT: Duration = Duration::from_secs(60);

fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Run the browser with `args` on `page`, its stdout to `out`, killed (with everything it
/// started) after TIMEOUT so that a hung browser cannot hang CI.
fn chromium(exe: &Path, scratch: &Path, args: &[String], page: &Path, out: &Path) {
    let profile = scratch.join(format!("profile-{}", args.len()));
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(out).unwrap())
        .stderr(std::fs::File::create(scratch.join("chromium.log")).unwrap())
        .process_group(0)
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let log = std::fs::read_to_string(scratch.join("chromium.log")).unwrap_or_default();
            assert!(status.success(), "chromium failed ({status}):\n{log}");
            return;
        }
        if start.elapsed() > TIMEOUT {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!("chromium did not finish within {TIMEOUT:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_html_report_renders_in_chromium_with_hostile_text_shown_as_text() {
    let Some(exe) = browser() else {
        assert!(
            std::env::var_os("FTRACK_REQUIRE_BROWSER").is_none(),
            "FTRACK_REQUIRE_BROWSER is set but chromium is not on PATH"
        );
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: chromium not installed; the HTML report was not checked in a browser \
             (apt-get install chromium)"
        );
        return;
    };
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "--note", NOTE]).ok();
    env.run(&[
        "assign",
        "begin-onboarding",
        "--owner",
        "<b>Priya</b>",
        "--due",
        "2026-11-01",
    ])
    .ok();
    let page = env.work().join("report.html");
    env.run(&["report", "--since", "7d", "--output", "report.html"])
        .ok();

    let scratch = env.path();
    let dom_file = scratch.join("dom.html");
    chromium(&exe, scratch, &["--dump-dom".into()], &page, &dom_file);
    let dom = std::fs::read_to_string(&dom_file).unwrap();
    assert!(dom.contains("<h1>Onboarding report: Contoso</h1>"), "{dom}");
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(
        !dom.contains("<img") && !dom.contains("<b>"),
        "user HTML became elements"
    );
    // The DOM holds the note as text: serialised back, it is the escaped original.
    let note = html_escape::encode_text(NOTE);
    assert!(
        dom.contains(&format!("<td class=\"pre\">{note}</td>")),
        "note not shown as text:\n{dom}"
    );
    assert!(dom.contains("&lt;b&gt;Priya&lt;/b&gt;"));
    assert_eq!(dom.matches("<section class=\"phase\"").count(), 5);
    assert!(dom.contains("<span class=\"overdue\">2026-11-01 overdue</span>"));

    let png = scratch.join("r.png");
    let args = [
        format!("--screenshot={}", png.display()),
        "--window-size=1200,2000".into(),
        "--hide-scrollbars".into(),
    ];
    chromium(&exe, scratch, &args, &page, &scratch.join("shot.out"));
    let bytes = std::fs::read(&png).expect("the screenshot was written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
}
