use super::*;

#[test]
fn embedded_catalog_has_the_source_counts() {
    let c = Catalog::embedded().unwrap();
    let count = |p: &str| c.tasks_in(c.phase_index(p).unwrap()).count();
    assert_eq!(
        [
            count("general"),
            count("initiate"),
            count("assess"),
            count("remediate"),
            count("enable")
        ],
        [21, 2, 6, 2, 7]
    );
    assert!(
        c.tasks
            .iter()
            .all(|t| t.title.chars().count() <= 60 && is_kebab(&t.id))
    );
    let optional: Vec<&str> = c
        .tasks
        .iter()
        .filter(|t| !t.required)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        optional,
        [
            "wifi-vpn-infrastructure",
            "assess-screen-sharing",
            "enable-screen-sharing"
        ]
    );
}

#[test]
fn duplicate_id_names_the_second_line() {
    let text = "phases:\n  - id: a\ntasks:\n  - id: x\n    phase: a\n    title: X\n  - id: x\n    phase: a\n    title: Y\n";
    let err = Catalog::parse(text, Source::File("c.yaml".into()))
        .unwrap_err()
        .to_string();
    assert_eq!(err, "c.yaml:7:5: duplicate task id `x`");
}

#[test]
fn unknown_phase_names_its_line() {
    let text = "phases:\n  - id: a\ntasks:\n  - id: x\n    phase: b\n    title: X\n";
    let err = Catalog::parse(text, Source::File("c.yaml".into()))
        .unwrap_err()
        .to_string();
    assert_eq!(err, "c.yaml:5:5: task `x` has unknown phase `b`");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    /// Fuzz: arbitrary text gives a catalog or an error, never a panic.
    #[test]
    fn fuzz_arbitrary_text(text in ".{0,512}") {
        let _ = Catalog::parse(&text, Source::File("f.yaml".into()));
    }

    /// Fuzz: the real catalog with a slice cut out or bytes changed.
    #[test]
    fn fuzz_mangled_real_catalog(cut in 0usize..8000, len in 0usize..200, junk in ".{0,20}") {
        let mut text = EMBEDDED.to_string();
        let start = text.char_indices().map(|(i, _)| i).find(|&i| i >= cut.min(text.len())).unwrap_or(text.len());
        let end = text.char_indices().map(|(i, _)| i).find(|&i| i >= start + len).unwrap_or(text.len());
        text.replace_range(start..end, &junk);
        let _ = Catalog::parse(&text, Source::File("f.yaml".into()));
    }
}
