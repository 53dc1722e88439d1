//! Issue 21, item 9: one human time format, "2026-11-25 13:00" in the local zone, the zone
//! named once per screen; RFC 3339 only in JSON, CSV and the calendar.

use crate::common::TestEnv;

/// Berlin in winter, as a POSIX rule (no zone database needed).
const TZ: &str = "CET-1";

fn engagement() -> TestEnv {
    let mut env = TestEnv::init();
    env.now = "2026-11-20T10:00:00Z".into();
    env.run(&["done", "kickoff-meeting", "--by", "priya"]).ok();
    env.run(&["advance", "--force", "--reason", "steerco"]).ok();
    env.now = crate::common::NOW.into();
    env
}

fn rfc3339(s: &str) -> bool {
    s.as_bytes().windows(14).any(|w| {
        w[4] == b'-'
            && w[7] == b'-'
            && w[10] == b'T'
            && w[13] == b':'
            && w[..4].iter().all(u8::is_ascii_digit)
    })
}

#[test]
fn human_output_shows_local_times_in_one_shape_and_names_the_zone_once() {
    let env = engagement();
    let human = |args: &[&str]| env.run_env(args, &[("TZ", TZ)]).ok().stdout;
    let outputs = [
        ("done again", human(&["done", "kickoff-meeting"])),
        ("show", human(&["show", "kickoff-meeting"])),
        ("log", human(&["log"])),
        ("text", human(&["report", "--since", "7d"])),
        (
            "markdown",
            human(&["report", "--since", "7d", "--format", "markdown"]),
        ),
        (
            "html",
            human(&["report", "--since", "7d", "--format", "html"]),
        ),
    ];
    for (what, text) in &outputs {
        assert!(!rfc3339(text), "{what} shows an RFC 3339 time:\n{text}");
        // 10:00 UTC is 11:00 in Berlin.
        let plain = text
            .replace("<span class=\"w\">", "")
            .replace("</span>", "");
        assert!(plain.contains("2026-11-20 11:00"), "{what}:\n{text}");
        assert!(!plain.contains("Fri 20 Nov"), "{what}");
        assert_eq!(
            plain.matches("in CET-1 (+01:00)").count(),
            1,
            "{what} names the zone once:\n{text}"
        );
    }
    // Machines get RFC 3339, in UTC.
    for format in ["json", "csv"] {
        let text = env
            .run_env(&["report", "--format", format], &[("TZ", TZ)])
            .ok()
            .stdout;
        assert!(text.contains("2026-11-20T10:00:00Z"), "{format}");
    }
    let json = env
        .run_env(&["done", "kickoff-meeting", "--json"], &[("TZ", TZ)])
        .ok()
        .json();
    assert_eq!(
        json["changes"][0]["before"]["done_at"],
        "2026-11-20T10:00:00Z"
    );
    // --utc says UTC.
    let utc = env.run_env(&["log", "--utc"], &[("TZ", TZ)]).ok().stdout;
    assert!(
        utc.contains("2026-11-20 10:00") && utc.contains("Times are in UTC."),
        "{utc}"
    );
}
