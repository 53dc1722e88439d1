//! Unit tests of the grid layout.

use super::*;

fn grid() -> Grid {
    let mut g = Grid::new(vec![
        col("ID", Fit::Whole, KEEP),
        col("Phase", Fit::Whole, 1),
        col("Title", Fit::Wrap, KEEP),
        col("Owner", Fit::Wrap, 3),
    ]);
    g.row(vec![
        Cell::new("remediate-open-firewall-ports-443-and-49443"),
        Cell::new("remediate"),
        Cell::new("Open the firewall ports 443 and 49443 for the service endpoints"),
        Cell::new("Sam (network)"),
    ]);
    g.row(vec![Cell::new("kickoff"), Cell::new("initiate")]);
    g
}

#[test]
fn fits_the_width_without_breaking_ids_or_words() {
    for width in [60, 80, 120] {
        let text = grid().render(width, false);
        for line in text.lines() {
            assert!(display_width(line) <= width, "{width}: {line:?}");
        }
        assert!(text.contains("remediate-open-firewall-ports-443-and-49443"));
        assert!(text.contains("endpoints"), "{text}");
    }
    let narrow = grid().render(60, false);
    assert!(
        !narrow.contains("Phase"),
        "least useful column dropped:\n{narrow}"
    );
}

#[test]
fn empty_columns_are_left_out_and_no_line_ends_in_spaces() {
    let mut g = Grid::new(vec![col("A", Fit::Whole, KEEP), col("B", Fit::Wrap, 1)]);
    g.row(vec![Cell::new("x"), Cell::new("")]);
    assert_eq!(g.render(80, false), "A\nx\n");
}

#[test]
fn hanging_indent() {
    assert_eq!(
        hanging("Note:     ", "one two three four five six seven eight", 30),
        "Note:     one two three four\n          five six seven eight\n"
    );
    // A label that leaves less than 20 columns goes on a line of its own.
    assert_eq!(
        hanging("a-very-long-identifier: ", "one two", 30),
        "a-very-long-identifier:\n    one two\n"
    );
}

#[test]
fn an_id_too_long_for_the_room_beside_it_goes_on_a_line_of_its_own() {
    let text = grid().render(40, false);
    for line in text.lines() {
        assert!(display_width(line) <= 43, "{line:?}\n{text}");
    }
    assert!(
        text.starts_with("remediate-open-firewall-ports-443-and-49443\n    "),
        "{text}"
    );
    assert!(text.contains("\nkickoff\n"), "{text}");
}
