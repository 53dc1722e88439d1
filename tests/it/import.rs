//! `ftrack catalog import` (a catalog from a responsibilities page) and `ftrack catalog diff`.

use crate::common::{TestEnv, ids};
use serde_json::Value;

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/source/your-responsibilities.md"
);
const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml");
const MESSY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/messy-page.md");

/// (phase, text, required) of every item of a catalog, in phase and catalog order.
fn items(env: &TestEnv, catalog: &str) -> Vec<(String, String, bool)> {
    let list = env
        .run(&["--catalog", catalog, "list", "--status", "all", "--json"])
        .ok()
        .json();
    list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["phase"].as_str().unwrap().to_string(),
                t["text"].as_str().unwrap().to_string(),
                t["required"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn importing_the_source_page_gives_the_shipped_catalogs_phases_texts_and_flags() {
    let env = TestEnv::new();
    let out = env.path().join("imported.yaml");
    let r = env
        .run(&[
            "catalog",
            "import",
            SOURCE,
            "--output",
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(
        r.stdout
            .contains("imported.yaml: 5 phases, 38 items (3 optional)"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stderr, "");
    let imported = items(&env, out.to_str().unwrap());
    let shipped = items(&env, SHIPPED);
    assert_eq!(imported.len(), 38);
    assert_eq!(imported, shipped);
    let check = env
        .run(&["catalog", "check", out.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(check.contains("Title: Your responsibilities"), "{check}");
    assert!(check.contains("Date: 2016-11-07"), "{check}");
    // Without --output the YAML goes to standard output, and it is the same catalog.
    let yaml = env.run(&["catalog", "import", SOURCE]).ok().stdout;
    assert_eq!(yaml, std::fs::read_to_string(&out).unwrap());
}

#[test]
fn a_messy_page_imports_as_a_user_would_want() {
    let env = TestEnv::new();
    let out = env.path().join("intune.yaml");
    let r = env
        .run(&["catalog", "import", MESSY, "-o", out.to_str().unwrap()])
        .ok();
    // Bullets before the first section and under `## See also` are skipped, and said so.
    assert!(
        r.err_says("warning: ")
            && r.err_says("2 bullet(s) outside the general and phase sections were skipped"),
        "{}",
        r.stderr
    );
    let cat = out.to_str().unwrap();
    let got = items(&env, cat);
    let texts: Vec<&str> = got.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            // Links keep their text, emphasis loses its marks.
            "Keep the tenant healthy and monitor it.",
            // Tab after the marker; mojibake repaired.
            "Maintain the organization’s helpdesk runbooks.",
            "Attend the kick-off.",
            // A lead-in's sub-bullets are items carrying it (tab-indented one too).
            "Provide guidance about: Wi-Fi profiles",
            "Provide guidance about: VPN profiles (if applicable)",
            // A continuation line joins its bullet.
            "Configure compliance policies per guidance from Microsoft.",
            "Enroll pilot devices.",
            "Deploy the Company Portal app.",
        ]
    );
    let phases: Vec<&str> = got.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(
        phases,
        [
            "general", "general", "initiate", "enable", "enable", "enable", "enable", "enable"
        ]
    );
    // "(if applicable)" makes an item optional.
    let optional: Vec<bool> = got.iter().map(|(_, _, r)| !r).collect();
    assert_eq!(
        optional,
        [false, false, false, false, true, false, false, false]
    );
    // A note block is the item's note; a sub-section is a group of its phase.
    let kickoff = env
        .run(&["--catalog", cat, "show", "attend-the-kick-off", "--json"])
        .ok()
        .json();
    assert_eq!(kickoff["catalog_note"], "Invite the security team too.");
    let pilot = env
        .run(&["--catalog", cat, "show", "enroll-pilot-devices", "--json"])
        .ok()
        .json();
    assert_eq!(pilot["group"], "Intune");
    let portal = env
        .run(&[
            "--catalog",
            cat,
            "show",
            "deploy-the-company-portal-app",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(portal["group"], "Windows");
    // Front matter: title, description, month/day/year date; prose before the first bullet of
    // a phase is its description.
    let check = env.run(&["catalog", "check", cat]).ok().stdout;
    assert!(check.contains("Title: Intune responsibilities"), "{check}");
    assert!(check.contains("Date: 2024-03-15"), "{check}");
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains("description: This phase starts the engagement."),
        "{yaml}"
    );
    // A catalog that works: a tracker on it gates on its items.
    env.run(&["init", "--catalog", cat]).ok();
    let r = env.run(&["gate"]).code(3);
    assert!(r.stdout.contains("attend-the-kick-off"), "{}", r.stdout);
}

/// `catalog import PAGE -o OUT`, which must fail (exit 1).
fn import_refused(
    env: &TestEnv,
    page: &std::path::Path,
    out: &std::path::Path,
) -> crate::common::Run {
    env.run(&[
        "catalog",
        "import",
        page.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .code(1)
}

#[test]
fn a_page_the_importer_does_not_understand_is_an_error_and_writes_nothing() {
    let env = TestEnv::new();
    let out = env.path().join("out.yaml");
    let no_phases = env.write("notes.md", "# Notes\n\n- one\n- two\n");
    let r = import_refused(&env, &no_phases, &out);
    assert!(
        r.err_says("notes.md: no phase headings found (expected `## <Name> phase`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: the importer reads a page like"),
        "{}",
        r.stderr
    );
    let no_bullets = env.write("prose.md", "## Assess phase\n\nJust prose.\n");
    let r = import_refused(&env, &no_bullets, &out);
    assert!(
        r.stderr
            .contains("prose.md: the phase sections have no bullets"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    let r = env.run(&["catalog", "import", "missing.md"]).code(1);
    assert!(
        r.stderr.starts_with("error: cannot read missing.md"),
        "{}",
        r.stderr
    );
}

const V1: &str = "phases:\n  - id: build\n  - id: ship\ntasks:\n  - id: plan\n    phase: build\n    title: Plan\n  - id: code\n    phase: build\n    title: Code\n  - id: docs\n    phase: build\n    title: Docs\n  - id: release\n    phase: ship\n    title: Release\n";
const V2: &str = "phases:\n  - id: build\n  - id: ship\ntasks:\n  - id: plan\n    phase: build\n    title: Plan\n  - id: write-code\n    phase: build\n    title: Code\n    aliases: [code]\n  - id: release\n    phase: ship\n    title: Release it\n    required: false\n  - id: announce\n    phase: ship\n    title: Announce\n";

#[test]
fn catalog_diff_shows_added_removed_renamed_and_changed_items() {
    let env = TestEnv::new();
    let v1 = env.write("v1.yaml", V1);
    let v2 = env.write("v2.yaml", V2);
    let r = env
        .run(&[
            "catalog",
            "diff",
            v1.to_str().unwrap(),
            v2.to_str().unwrap(),
        ])
        .ok();
    let expected = format!(
        "{} → {}\nadded (1):\n  + announce [ship] Announce\nremoved (progress recorded on these would be orphaned) (1):\n  - docs [build] Docs\nrenamed (1):\n  ~ code → write-code (progress kept through aliases)\nchanged (1):\n  ~ release\n      title: Release → Release it\n      text: Release → Release it\n      required: required → optional\nunchanged: 1\n",
        v1.display(),
        v2.display()
    );
    assert_eq!(r.stdout, expected);
    let j: Value = env
        .run(&[
            "catalog",
            "diff",
            v1.to_str().unwrap(),
            v2.to_str().unwrap(),
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(j["renamed"][0]["renamed_from"], "code");
    assert_eq!(j["removed"][0]["id"], "docs");
    assert_eq!(j["unchanged"], 1);
}

#[test]
fn switching_to_a_newer_catalog_keeps_progress_on_kept_and_renamed_ids() {
    let env = TestEnv::new();
    let cat = env.write("cat.yaml", V1);
    env.run(&["init", "--catalog", cat.to_str().unwrap()]).ok();
    env.run(&["done", "plan", "code", "docs"]).ok();
    env.write("cat.yaml", V2);
    let list = env.run(&["list", "--status", "done", "--json"]).ok().json();
    let done: Vec<&str> = list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(done, ["plan", "write-code"]);
    let status = env.run(&["status"]).ok().stdout;
    assert!(status.contains("  docs (1 event)"), "{status}");
    env.run(&["gate", "build"]).ok();
}

#[test]
fn a_complete_phase_is_renamed_and_mentioning_optional_features_is_not_optional() {
    let env = TestEnv::new();
    let page = env.write(
        "p.md",
        "## Assess phase\n\n- Configure the optionally-named setting.\n- Configure optional features where needed.\n- Set up reporting (optional).\n\n## Complete phase\n\n- Finish.\n",
    );
    let list = import_and_list(&env, &page);
    let tasks = list["tasks"].as_array().unwrap();
    let required: Vec<bool> = tasks
        .iter()
        .map(|t| t["required"].as_bool().unwrap())
        .collect();
    assert_eq!(required, [true, true, false, true]);
    assert_eq!(tasks[3]["phase"], "complete-phase");
    // A hand-written catalog may not use `complete` as a phase id: it names the end.
    let bad = env.write(
        "bad.yaml",
        "phases:\n  - id: assess\n  - id: complete\ntasks: []\n",
    );
    let r = env
        .run(&["catalog", "check", bad.to_str().unwrap()])
        .code(1);
    assert!(
        r.stderr.contains(":3:5: phase id `complete` is reserved"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_newer_page_imported_on_the_catalog_in_use_keeps_its_ids_and_the_progress() {
    let env = TestEnv::new();
    let source = include_str!("../../docs/source/your-responsibilities.md");
    let shipped = env.write("shipped.yaml", include_str!("../../responsibilities.yaml"));
    // The next revision of the page: one bullet reworded, one new, one gone.
    let page = source
        .replace("Configure network-related items per guidance from Microsoft.", "Configure the network-related items per guidance from Microsoft.")
        .replace("-   Participate in checkpoint meetings.\n", "-   Participate in checkpoint meetings.\n\n-   Confirm the rollback plan with Microsoft.\n")
        .replace("-   Create a support plan for migration readiness.\n", "");
    let page = env.write("page.md", &page);
    env.run(&["init", "--catalog", shipped.to_str().unwrap()])
        .ok();
    env.run(&[
        "done",
        "network-configuration",
        "checkpoint-meetings",
        "migration-support-plan",
    ])
    .ok();
    let out = env.path().join("new.yaml");
    let r = env
        .run(&[
            "catalog",
            "import",
            page.to_str().unwrap(),
            "--base",
            shipped.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(
        r.err_says("kept the ids of 37 item(s)")
            && r.err_says(
                "(1 of them reworded); 1 item(s) are new; 1 of its items are not on the page"
            ),
        "{}",
        r.stderr
    );
    let diff = env
        .run(&[
            "catalog",
            "diff",
            shipped.to_str().unwrap(),
            out.to_str().unwrap(),
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(diff["removed"][0]["id"], "migration-support-plan");
    assert_eq!(diff["added"][0]["phase"], "remediate");
    // Titles are made from the text, so every kept item's title changes; its text only where
    // the page was reworded.
    let text_changed: Vec<&str> = diff["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["changes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == "text")
        })
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(text_changed, ["network-configuration"]);
    // Switch the tracker to the new catalog: progress on kept ids stays.
    std::fs::copy(&out, &shipped).unwrap();
    let done = env.run(&["list", "--status", "done", "--json"]).ok().json();
    assert_eq!(ids(&done), ["checkpoint-meetings", "network-configuration"]);
    let status = env.run(&["status", "--json"]).ok().json();
    assert_eq!(status["orphans"]["migration-support-plan"], 1);
}

#[test]
fn catalog_diff_suggests_aliases_for_items_renamed_without_one() {
    let env = TestEnv::new();
    let shipped = env.write("shipped.yaml", include_str!("../../responsibilities.yaml"));
    let page = env.write(
        "page.md",
        include_str!("../../docs/source/your-responsibilities.md"),
    );
    let out = env.path().join("plain.yaml");
    env.run(&[
        "catalog",
        "import",
        page.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
    .ok();
    let r = env
        .run(&[
            "catalog",
            "diff",
            shipped.to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(r.out_says("likely renamed (38): to keep their progress, add the old id to the new item's `aliases:`"), "{}", r.stdout);
    assert!(
        r.out_says("  kickoff-meeting → participate-in-the-engagement-kick-off-meeting"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_sentence_with_sub_bullets_stays_an_item_and_task_list_boxes_are_dropped() {
    let env = TestEnv::new();
    let page = env.write(
        "p.md",
        "## Enable phase\n\n- Configure the tenant.\n  - Set the MDM authority.\n- Provide guidance about:\n  - Wi-Fi profiles\n- [ ] Enroll the pilot devices.\n- [x] Confirm licences.\n",
    );
    assert_eq!(
        imported_texts(&env, &page),
        [
            "Configure the tenant.",
            // A parent that is a sentence is not a prefix of its children (issue 15, case 3).
            "Set the MDM authority.",
            "Provide guidance about: Wi-Fi profiles",
            "Enroll the pilot devices.",
            "Confirm licences.",
        ]
    );
}

/// Code and markup inside a page (inline `<script>`, `<style>`, `<template>`, comments) is never
/// taken for an item's words; what the page shows is.
#[test]
fn script_style_and_comments_in_a_page_are_not_item_text() {
    let env = TestEnv::new();
    let page = env.write(
        "p.md",
        "## Initiate phase\n\n- Do the thing<script>alert(1)</script>.\n- Other <!-- hidden --> item<style>li{color:red}</style>.\n- Third <b>bold</b> <SCRIPT type=\"x\">evil()</SCRIPT>item.\n- Kept <template><i>not shown</i></template>text, <scripted>shown</scripted>.\n\n<script>\nvar x = 1;\n</script>\n",
    );
    assert_eq!(
        imported_texts(&env, &page),
        [
            "Do the thing.",
            "Other item.",
            "Third bold item.",
            "Kept text, shown.",
        ]
    );
}

/// The text of every item `page` imports as, in order.
fn imported_texts(env: &TestEnv, page: &std::path::Path) -> Vec<String> {
    import_and_list(env, page)["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect()
}

/// Import `page` into p.yaml beside it and list every item of that catalog (`--json`).
fn import_and_list(env: &TestEnv, page: &std::path::Path) -> Value {
    let out = env.path().join("p.yaml");
    env.run(&[
        "catalog",
        "import",
        page.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
    .ok();
    env.run(&[
        "--catalog",
        out.to_str().unwrap(),
        "list",
        "--status",
        "all",
        "--json",
    ])
    .ok()
    .json()
}

#[test]
fn catalog_diff_shows_renames_with_their_confidence_and_title_only_changes_apart() {
    let env = TestEnv::new();
    let v1 = env.write(
        "v1.yaml",
        "phases:\n  - id: enable\ntasks:\n  - id: enable-services\n    phase: enable\n    title: Enable services\n    text: Enable various services per guidance from Microsoft.\n  - id: client\n    phase: enable\n    title: Client\n    text: Implement the appropriate client infrastructure.\n",
    );
    let v2 = env.write(
        "v2.yaml",
        "phases:\n  - id: enable\ntasks:\n  - id: enable-various-services\n    phase: enable\n    title: Enable services\n    text: Enable various services per guidance from the FastTrack team.\n  - id: client\n    phase: enable\n    title: Client infrastructure\n    text: Implement the appropriate client infrastructure.\n",
    );
    let (a, b) = (v1.to_str().unwrap(), v2.to_str().unwrap());
    let r = env.run(&["catalog", "diff", a, b]).ok();
    assert!(
        r.stdout.contains(
            "title only changed (1):\n  ~ client\n      title: Client → Client infrastructure\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "  enable-services → enable-various-services   (aliases: [enable-services])   "
        ),
        "{}",
        r.stdout
    );
    assert!(r.out_says("% alike"), "{}", r.stdout);
    let j = env.run(&["catalog", "diff", a, b, "--json"]).ok().json();
    let likely = &j["likely_renamed"][0];
    assert_eq!(likely["old"], "enable-services");
    assert!(likely["confidence"].as_f64().unwrap() >= 0.7, "{likely}");
    assert_eq!(j["changed"][0]["title_only"], true);
}

/// The source page as a later revision words it (issue 15): guidance from "the FastTrack team",
/// service packs and cumulative updates.
fn later_revision(source: &str) -> String {
    source
        .replace(
            "per guidance from Microsoft",
            "per guidance from the FastTrack team",
        )
        .replace(
            "Install service packs and other",
            "Install service packs/cumulative updates (CUs) and other",
        )
}

#[test]
fn base_keeps_curated_ids_titles_flags_and_phase_descriptions() {
    let env = TestEnv::new();
    let page = env.write(
        "page.md",
        &later_revision(include_str!("../../docs/source/your-responsibilities.md")),
    );
    let out = env.path().join("new.yaml");
    let r = env
        .run(&[
            "catalog",
            "import",
            page.to_str().unwrap(),
            "--base",
            SHIPPED,
            "--output",
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(
        r.err_says("kept the ids of 38 item(s)")
            && r.err_says("(6 of them reworded); 0 item(s) are new; 0 of its items"),
        "{}",
        r.stderr
    );
    let diff = env
        .run(&["catalog", "diff", SHIPPED, out.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(diff["added"], serde_json::json!([]));
    assert_eq!(diff["removed"], serde_json::json!([]));
    assert_eq!(diff["unchanged"], 32);
    // Only the text of the reworded items changed: ids, titles and flags are the base's.
    for c in diff["changed"].as_array().unwrap() {
        let fields: Vec<&str> = c["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["text"], "{c}");
    }
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains(
            "description: Configure and enable the services with guidance from Microsoft."
        ),
        "{yaml}"
    );
    assert!(!yaml.contains("enable-enable"), "{yaml}");
}
