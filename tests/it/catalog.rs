//! The catalog: the shipped one against its source, other catalogs, and bad ones refused.

use crate::common::TestEnv;

const SOURCE: &str = include_str!("../../docs/source/your-responsibilities.md");

/// Every bullet of the source page, by section, with the broken apostrophe repaired.
fn source_items() -> Vec<(String, String)> {
    let mut phase = String::new();
    let mut out = Vec::new();
    for line in SOURCE.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            phase = h.split_whitespace().next().unwrap().to_lowercase();
        } else if let Some(item) = line.strip_prefix('-').filter(|_| !phase.is_empty()) {
            out.push((phase.clone(), item.trim().replace("â€™", "’")));
        }
    }
    out
}

#[test]
fn every_sentence_of_the_source_is_in_the_catalog_under_its_phase() {
    let env = TestEnv::new();
    let json = env.run(&["list", "--status", "all", "--json"]).ok().json();
    let catalog: Vec<(String, String)> = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["phase"].as_str().unwrap().to_string(),
                t["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let source = source_items();
    assert_eq!(source.len(), 38);
    assert_eq!(
        catalog, source,
        "the catalog is the source, word for word, in order"
    );
    assert!(!json.to_string().contains("â€"), "no mojibake left");
}

#[test]
fn conditional_items_are_not_required() {
    let env = TestEnv::new();
    let json = env.run(&["list", "--status", "all", "--json"]).ok().json();
    for t in json["tasks"].as_array().unwrap() {
        let text = t["text"].as_str().unwrap();
        let conditional = text.starts_with("If needed") || text.contains("(if you choose to)");
        assert_eq!(t["required"], !conditional, "{text}");
        assert!(t["title"].as_str().unwrap().chars().count() <= 60);
    }
}

#[test]
fn catalog_check_prints_phases_and_counts() {
    let env = TestEnv::new();
    let r = env.run(&["catalog", "check"]).ok();
    assert!(r.stdout.starts_with("<built-in responsibilities.yaml>: ok"));
    for (phase, n) in [
        ("general", 21),
        ("initiate", 2),
        ("assess", 6),
        ("remediate", 2),
        ("enable", 7),
    ] {
        assert!(
            r.stdout.lines().any(
                |l| l.starts_with(phase) && l.split_whitespace().nth(1) == Some(&n.to_string())
            ),
            "{phase}: {}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("total           38"));
}

const SMALL: &str = "phases:\n  - id: general\n  - id: build\n    description: Build it\n  - id: ship\ntasks:\n  - id: plan\n    phase: general\n    title: Plan\n  - id: code\n    phase: build\n    title: Write the code\n  - id: release\n    phase: ship\n    title: Release\n";

#[test]
fn another_catalog_by_flag_env_or_init_where_it_is_recorded_relative() {
    let env = TestEnv::new();
    let path = env.write("small.yaml", SMALL);
    let r = env
        .run(&["--catalog", path.to_str().unwrap(), "list", "--json"])
        .ok();
    assert_eq!(r.json()["tasks"].as_array().unwrap().len(), 3);
    let r = env
        .run_env(
            &["status", "--json"],
            &[("FTRACK_CATALOG", path.to_str().unwrap())],
        )
        .ok();
    assert_eq!(r.json()["current_phase"], "build");

    // Recorded at init as a path relative to the tracker, so the pair can move together.
    env.run(&["init", "--catalog", path.to_str().unwrap()]).ok();
    assert!(
        env.journal_text()
            .contains("\"catalog\":\"../../small.yaml\""),
        "{}",
        env.journal_text()
    );
    let moved = env.path().join("moved");
    std::fs::create_dir_all(moved.join("work")).unwrap();
    std::fs::rename(env.tracker(), moved.join("work/.ftrack")).unwrap();
    std::fs::rename(&path, moved.join("small.yaml")).unwrap();
    let out = env
        .cmd(&["list", "--json"])
        .current_dir(moved.join("work"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tasks"].as_array().unwrap().len(), 3);
    // A missing recorded catalog is an error that says where it was recorded.
    std::fs::remove_file(moved.join("small.yaml")).unwrap();
    let out = env
        .cmd(&["status"])
        .current_dir(moved.join("work"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read catalog") && err.contains("recorded in this tracker at init"),
        "{err}"
    );
}

#[test]
fn bad_catalogs_are_refused_with_file_line_column_and_problem() {
    let env = TestEnv::new();
    let cases: [(&str, String, &str); 8] = [
        (
            "yaml",
            "phases:\n  - id: a\ntasks: [\n".to_string(),
            ":4:1: ",
        ),
        (
            "dup",
            SMALL.replace("id: release", "id: code"),
            ":13:5: duplicate task id `code`",
        ),
        (
            "phase",
            SMALL.replace("phase: ship", "phase: shipping"),
            ":14:5: task `release` has unknown phase `shipping`",
        ),
        (
            "title",
            SMALL.replace("title: Release", "title: \"  \""),
            ":13:5: task `release` has an empty title",
        ),
        (
            "typo",
            SMALL.replace("title: Plan", "title: Plan\n    requried: false"),
            ":10:5: tasks[0]: unknown field `requried`",
        ),
        (
            "newer",
            format!("schema: 3\n{SMALL}"),
            ":1:1: catalog schema 3 is newer",
        ),
        (
            // A newer format is named as such, not by a field this ftrack does not know.
            "newer-field",
            format!(
                "schema: 3\n{}",
                SMALL.replace("title: Plan", "title: Plan\n    owner: alice")
            ),
            ":1:1: catalog schema 3 is newer than this ftrack reads (schema 2)",
        ),
        (
            "language",
            format!("language: Deutsch\n{SMALL}"),
            ":1:1: `language: Deutsch` is not a language tag",
        ),
    ];
    for (name, text, expected) in cases {
        let path = env.write(&format!("{name}.yaml"), &text);
        let r = env
            .run(&["catalog", "check", path.to_str().unwrap()])
            .code(1);
        let first = r.err_lines()[0].clone();
        assert!(
            first.starts_with(&format!("error: {}{expected}", path.display())),
            "{name}: {}",
            r.stderr
        );
        assert!(r.err_lines()[1].starts_with("hint: "), "{name}");
        assert_eq!(r.err_lines().len(), 2, "{name}: one error line and a hint");
        // Every command refuses it, and nothing is written.
        env.run(&["--catalog", path.to_str().unwrap(), "done", "code"])
            .code(1);
    }
    assert!(!env.path().join("home/.local/share/ftrack").exists());
    let r = env.run(&["catalog", "check", "/nonexistent.yaml"]).code(1);
    assert!(r.stderr.contains("cannot read catalog /nonexistent.yaml"));
}

#[test]
fn errors_point_at_the_right_line_even_when_a_task_id_equals_a_phase_id() {
    let env = TestEnv::new();
    let base = "phases:\n  - id: initiate\n  - id: assess\ntasks:\n  - id: initiate\n    phase: initiate\n    title: A\n";
    let cases: [(&str, String, &str); 5] = [
        (
            "dup",
            format!("{base}  - id: initiate\n    phase: assess\n    title: B\n"),
            ":8:5: duplicate task id `initiate`",
        ),
        (
            "empty",
            base.replace("title: A", "title: ''"),
            ":5:5: task `initiate` has an empty title",
        ),
        (
            "alias",
            format!(
                "{}    aliases: [y]\n  - id: y\n    phase: assess\n    title: B\n",
                base
            ),
            ":9:5: task id `y` is already an alias of `initiate`",
        ),
        (
            "phasecase",
            base.replace("  - id: assess\n", "  - id: Initiate\n"),
            ":3:5: duplicate phase `initiate`",
        ),
        (
            "quote",
            "phases:\n  - id: a\ntasks:\n  - id: x\n    phase: a\n    title: \"unclosed\n"
                .to_string(),
            "while scanning a quoted scalar",
        ),
    ];
    for (name, text, expected) in cases {
        let path = env.write(&format!("{name}.yaml"), &text);
        let r = env
            .run(&["catalog", "check", path.to_str().unwrap()])
            .code(1);
        let first = r.err_lines()[0].clone();
        assert!(first.contains(expected), "{name}: {first}");
        assert!(
            first.starts_with(&format!("error: {}:", path.display())),
            "{name}: {first}"
        );
    }
}
