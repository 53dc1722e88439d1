//! Issue 21, item 7: the burn-up tells the truth and draws in week one. A step back is drawn
//! and labelled as one (`taken_back.rs` checks that, and that undone advances vanish); a single
//! week draws a line and a point in HTML and a chart Mermaid can draw, in colours that read on
//! white and in print.

use crate::common::TestEnv;

fn first_week() -> TestEnv {
    let env = TestEnv::init();
    env.run(&["done", "begin-onboarding", "kickoff"]).ok();
    env
}

/// The `points` of the polyline of class `class` in the SVG.
fn points(html: &str, class: &str) -> Vec<String> {
    let start = html
        .find(&format!("<polyline class=\"{class}\" points=\""))
        .unwrap();
    let rest = &html[start..];
    let rest = &rest[rest.find("points=\"").unwrap() + 8..];
    rest[..rest.find('"').unwrap()]
        .split(' ')
        .map(str::to_string)
        .collect()
}

#[test]
fn a_single_week_draws_its_lines_and_point_in_html() {
    let env = first_week();
    let weeks = env.run(&["report", "--format", "json"]).ok().json()["burnup"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(weeks, 1);
    let html = env.run(&["report", "--format", "html"]).ok().stdout;
    for class in ["total", "closed"] {
        let p = points(&html, class);
        assert_eq!(
            p.len(),
            2,
            "{class}: a line across the week, not a lone dot: {p:?}"
        );
        assert_ne!(p[0], p[1]);
    }
    assert_eq!(html.matches("<circle class=\"pt\"").count(), 1);
}

#[test]
fn mermaid_has_two_points_for_a_single_week_and_colours_that_read_on_white() {
    let env = first_week();
    let md = env.run(&["report", "--format", "markdown"]).ok().stdout;
    let block = &md[md.find("```mermaid\n").unwrap()..];
    let block = &block[..block[3..].find("```").unwrap()];
    assert!(
        block.contains("plotColorPalette: \"#1565c0, #616161\""),
        "{block}"
    );
    let axis = block.lines().find(|l| l.contains("x-axis")).unwrap();
    let labels = axis.matches('"').count() / 2;
    assert_eq!(labels, 2, "{axis}");
    for line in block
        .lines()
        .filter(|l| l.trim_start().starts_with("line ["))
    {
        assert_eq!(line.matches(',').count() + 1, labels, "{line}");
    }
}
