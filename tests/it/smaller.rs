//! Issue 21, item 11: the calendar has a name, no title says it is optional twice, the HTML's
//! colour reasons carry their colour's word, `gate <Tab>` offers `complete`, relative weekdays
//! ("next friday", "last monday") are dates, and the README installs ftrack and its man pages
//! where they are found.

use crate::common::TestEnv;

#[test]
fn the_calendar_is_named_for_outlook_and_google() {
    let env = TestEnv::init();
    env.run(&["assign", "kickoff", "--due", "2026-12-01"]).ok();
    let ics = env.run(&["report", "--format", "ics"]).ok().stdout;
    assert!(
        ics.contains("\r\nX-WR-CALNAME:Onboarding report: Contoso\r\n"),
        "{ics}"
    );
}

#[test]
fn a_title_with_its_own_condition_is_not_marked_optional_again() {
    let env = TestEnv::init();
    let flat = |s: String| crate::common::flat(&s);
    let list = flat(env.run(&["list"]).ok().stdout);
    assert!(list.contains("(if needed)"), "{list}");
    for text in [
        list,
        flat(env.run(&["report"]).ok().stdout),
        flat(env.run(&["report", "--format", "markdown"]).ok().stdout),
        flat(env.run(&["report", "--format", "html"]).ok().stdout),
    ] {
        assert!(!text.contains("(if needed) (optional)"), "{text}");
        assert!(!text.contains("(if needed) _(optional)_"), "{text}");
        assert!(!text.contains("(if needed) <em>(optional)</em>"), "{text}");
        assert!(!text.contains("(if you choose to) (optional)"), "{text}");
        assert!(!text.contains("to) <em>(optional)</em>"), "{text}");
    }
}

#[test]
fn html_colour_reasons_carry_their_colour() {
    let env = TestEnv::init();
    env.run(&["assign", "kickoff", "--due", "2026-11-20"]).ok();
    env.run(&["assign", "stakeholders", "--due", "2026-11-27"])
        .ok();
    let html = env.run(&["report", "--format", "html"]).ok().stdout;
    let reasons = &html[html.find("<ul class=\"reasons\">").unwrap()..];
    let reasons = &reasons[..reasons.find("</ul>").unwrap()];
    assert!(
        reasons.contains(
            "<li><span class=\"rag red\">red</span> initiate: <span class=\"w\">kickoff-meeting</span> overdue"
        ),
        "{reasons}"
    );
    assert!(
        reasons.contains("<li><span class=\"rag amber\">amber</span> assess:"),
        "{reasons}"
    );
}

#[test]
fn gate_completion_offers_complete() {
    let env = TestEnv::init();
    let r = crate::shell::bash_complete(&env, &env.work(), r#"ftrack gate """#).ok();
    let offered: Vec<&str> = r.stdout.lines().filter(|l| !l.starts_with('-')).collect();
    assert!(
        offered.ends_with(&["enable", "complete"]),
        "the phases, then complete: {offered:?}"
    );
    let r = crate::shell::bash_complete(&env, &env.work(), "ftrack gate comp").ok();
    assert_eq!(r.stdout.lines().collect::<Vec<_>>(), ["complete"]);
}

#[test]
fn next_friday_and_last_monday_are_dates() {
    let env = TestEnv::init();
    // NOW is Wednesday 2026-11-25.
    env.run(&["assign", "kickoff", "--due", "next friday"]).ok();
    let due = env.run(&["show", "kickoff", "--json"]).ok().json()["task"]["due"].clone();
    assert_eq!(due, "2026-11-27");
    let r = env.run(&["log", "--since", "last monday", "--json"]).ok();
    assert_eq!(
        r.json()["events"].as_array().unwrap().len(),
        2,
        "init and assign"
    );
    env.run(&["report", "--since", "Last Monday"]).ok();
    env.run(&["list", "--due", "next friday"]).ok();
}

#[test]
fn the_readme_installs_ftrack_and_its_man_pages_where_they_are_found() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let top = &readme[..readme.find("## A whole engagement").unwrap()];
    assert!(top.contains("cargo install --path ."), "PATH");
    assert!(top.contains("~/.cargo/bin"), "where it goes");
    assert!(
        top.contains("ftrack man --output ~/.cargo/share/man/man1"),
        "man pages"
    );
    assert!(top.contains("MANPATH"), "elsewhere: MANPATH");
    assert!(
        top.contains("Neither installs anything"),
        "what the two commands do"
    );
}
