//! Progress follows a page in another language or an older revision (issue 22, cases 7 and 8,
//! and its "Done when" figures): a tracker on the built-in catalog with 20 items done switches
//! to a German page that carries the English originals, to German-only and Japanese-only pages
//! of the built-in revision, and to an older English revision (`tests/data/pages/`, made-up
//! pages: translations of the built-in catalog's items).

use std::path::{Path, PathBuf};

use crate::common::{Run, TestEnv};

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml");
const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/source/your-responsibilities.md"
);

fn page(name: &str) -> String {
    format!("{}/tests/data/pages/{name}.md", env!("CARGO_MANIFEST_DIR"))
}

/// The 20 items done on the built-in catalog, from every phase.
const DONE: [&str; 20] = [
    "ems-enhancements",
    "program-management",
    "end-user-communications",
    "helpdesk-training",
    "hardware-networking",
    "software",
    "security-policies",
    "network-management",
    "on-premises-mfa",
    "decommission-sources",
    "test-environment",
    "server-updates",
    "ssl-certificates",
    "begin-onboarding",
    "kickoff-meeting",
    "stakeholders",
    "assess-screen-sharing",
    "checkpoint-meetings",
    "enable-screen-sharing",
    "network-configuration",
];

fn tracker_with_20_done(env: &TestEnv) {
    env.run(&["init", "--name", "Contoso"]).ok();
    let mut args = vec!["done"];
    args.extend(DONE);
    env.run(&args).ok();
}

/// `catalog import PAGE [extra] -o NAME.yaml`; the run and the catalog's path.
fn import(env: &TestEnv, page: &str, name: &str, extra: &[&str]) -> (Run, PathBuf) {
    let out = env.path().join(format!("{name}.yaml"));
    let mut args = vec!["catalog", "import", page, "-o", out.to_str().unwrap()];
    args.extend(extra);
    (env.run(&args).ok(), out)
}

/// Which of the 20 items are still done, by their old ids (aliases of the new items).
fn still_done(env: &TestEnv) -> Vec<&'static str> {
    DONE.iter()
        .copied()
        .filter(|id| {
            let r = env.run(&["show", id, "--json"]);
            r.code == 0 && r.json()["task"]["status"] == "done"
        })
        .collect()
}

/// Switch the tracker to `catalog`; the answer of the switch.
fn switch(env: &TestEnv, catalog: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["catalog", "use", catalog.to_str().unwrap(), "--json"];
    args.extend(extra);
    env.run(&args).ok().json()
}

#[test]
fn done_when_a_german_page_with_english_originals_keeps_19_or_more() {
    let env = TestEnv::new();
    tracker_with_20_done(&env);
    let (_, cat) = import(&env, &page("de-2020-with-english"), "de", &[]);
    let yaml = std::fs::read_to_string(&cat).unwrap();
    assert!(
        yaml.contains("schema: 2\n") && yaml.contains("language: de\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("text_en: Provide helpdesk documentation and training.\n"),
        "{yaml}"
    );
    let check = env
        .run(&["catalog", "check", cat.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(
        check.contains("Language: de (41 item(s) with their English original)"),
        "{check}"
    );
    let plan = switch(&env, &cat, &[]);
    assert_eq!(plan["orphaned"], serde_json::json!({}));
    let show = env.run(&["show", "helpdesk-training"]).ok().stdout;
    assert!(
        show.contains("Bereitstellen von Dokumentation und Schulungen für den Helpdesk.")
            && show.contains("English: Provide helpdesk documentation and training."),
        "{show}"
    );
    assert!(
        plan["matched"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["basis"] == "english")
    );
    let kept = still_done(&env);
    assert!(kept.len() >= 19, "{kept:?}");
    assert_eq!(kept.len(), 20);
}

#[test]
fn done_when_german_only_and_japanese_only_pages_keep_18_or_more() {
    for name in ["de-2016", "ja-2016"] {
        let env = TestEnv::new();
        tracker_with_20_done(&env);
        let (_, cat) = import(&env, &page(name), name, &[]);
        // The plan shows how sure each pairing is, and asks to check the unsure ones.
        let text = env
            .run(&["catalog", "use", cat.to_str().unwrap(), "--dry-run"])
            .ok()
            .stdout;
        assert!(text.contains("% sure by place and shared names"), "{text}");
        let plan = switch(&env, &cat, &[]);
        assert_eq!(plan["orphaned"], serde_json::json!({}), "{name}");
        let matched = plan["matched"].as_array().unwrap();
        assert!(matched.iter().all(|m| m["basis"] == "structure"), "{name}");
        let kept = still_done(&env);
        assert!(kept.len() >= 18, "{name}: {kept:?}");
        // What the README reports as measured.
        assert_eq!(kept.len(), 20, "{name}");
    }
}

#[test]
fn done_when_the_2016_04_english_revision_keeps_every_item_that_is_on_it() {
    let env = TestEnv::new();
    tracker_with_20_done(&env);
    let (_, cat) = import(&env, &page("en-2016-04"), "old", &[]);
    // `security-policies` is not on that page: its progress is the only one orphaned.
    let r = env
        .run(&["catalog", "use", cat.to_str().unwrap(), "--json"])
        .code(2);
    assert_eq!(
        r.json()["orphaned"],
        serde_json::json!({"security-policies": 1})
    );
    switch(&env, &cat, &["--accept-orphans"]);
    let on_page: Vec<&str> = DONE
        .iter()
        .copied()
        .filter(|&id| id != "security-policies")
        .collect();
    assert_eq!(still_done(&env), on_page);
}

#[test]
fn case7_import_base_keeps_the_base_ids_for_a_localised_revision() {
    for (name, reason) in [
        ("de-2020-with-english", "English originals"),
        ("de-2016", "places"),
        ("ja-2016", "places"),
    ] {
        let env = TestEnv::new();
        tracker_with_20_done(&env);
        let (r, cat) = import(&env, &page(name), name, &["--base", SHIPPED]);
        assert!(
            r.err_says("kept the ids of 38 item(s) of"),
            "{name}: {}",
            r.stderr
        );
        if reason == "places" {
            assert!(
                r.err_says("kept by the items' places and the names they share"),
                "{name}: {}",
                r.stderr
            );
        }
        let plan = switch(&env, &cat, &[]);
        assert_eq!(plan["kept"].as_array().unwrap().len(), 38, "{name}");
        assert_eq!(still_done(&env).len(), 20, "{name}");
        // The text shown is the page's; the catalog's title too, unless the base is in it.
        let show = env
            .run(&["show", "helpdesk-training", "--json"])
            .ok()
            .json();
        assert_ne!(
            show["text"], "Provide helpdesk documentation and training.",
            "{name}"
        );
    }
}

#[test]
fn case8_a_rewording_with_other_hyphens_and_plurals_matches() {
    let env = TestEnv::new();
    let one = "phases: [{id: general}, {id: enable}]\ntasks:\n  - {id: mfa, phase: general, title: MFA, text: Set up on-premises multi-factor authentication.}\n";
    let two = "phases: [{id: general}, {id: enable}]\ntasks:\n  - {id: setting-up-mfa, phase: general, title: MFA, text: Setting up on-premise multifactor authentication.}\n";
    let (a, b) = (env.write("a.yaml", one), env.write("b.yaml", two));
    let diff = env
        .run(&[
            "catalog",
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--json",
        ])
        .ok()
        .json();
    let likely = &diff["likely_renamed"][0];
    assert_eq!(likely["old"], "mfa");
    assert_eq!(likely["sure"], true, "{likely}");
}

#[test]
fn case8_two_items_a_revision_merged_keep_both_progress_and_the_switch_is_not_refused() {
    let env = TestEnv::new();
    let (_, old) = import(&env, &page("en-2016-04"), "old", &[]);
    env.run(&["init", "--catalog", old.to_str().unwrap()]).ok();
    env.run(&[
        "done",
        "enable-if-you-choose-to-share-your-screen",
        "manage-resources-as-appropriate",
    ])
    .ok();
    // The later page merges them into one item.
    let (_, new) = import(&env, SOURCE, "new", &[]);
    let plan = switch(&env, &new, &[]);
    assert_eq!(plan["applied"], true);
    let merged: Vec<&str> = plan["matched"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["merged"] == true)
        .map(|m| m["from"].as_str().unwrap())
        .collect();
    assert!(
        merged.contains(&"manage-resources-as-appropriate"),
        "{plan}"
    );
    let show = env
        .run(&["show", "manage-resources-as-appropriate", "--json"])
        .ok()
        .json();
    assert_eq!(show["task"]["status"], "done");
    assert!(
        show["task"]["text"]
            .as_str()
            .unwrap()
            .ends_with("Manage resources as needed.")
    );
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["orphans"],
        serde_json::json!({})
    );
    // On `--base`, the merged item keeps the other's id as an alias.
    let (r, _) = import(&env, SOURCE, "based", &["--base", old.to_str().unwrap()]);
    assert!(
        r.err_says("1 more merged into another item and kept as its alias"),
        "{}",
        r.stderr
    );
}

/// Ids numbered by place (a Japanese page without English) name places: a revision that
/// inserts an item, imported without `--base`, shifts them. The plan says so ("check"); with
/// `--base` every item keeps its own id.
#[test]
fn numbered_ids_shifted_by_a_revision_are_named_in_the_plan_and_base_keeps_them() {
    let env = TestEnv::new();
    let (_, v1) = import(&env, &page("ja-2016"), "v1", &[]);
    env.run(&["init", "--catalog", v1.to_str().unwrap()]).ok();
    env.run(&["done", "general-2", "general-3"]).ok();
    let first = "-   ここに記載されている構成可能なオプションを超える、Enterprise Mobility + Security (EMS) テナントへの機能強化と統合を提供します。\n";
    let text = std::fs::read_to_string(page("ja-2016")).unwrap();
    assert!(text.contains(first));
    let revised = text.replace(
        first,
        &format!("{first}\n-   Microsoft Defender Advanced Threat Protection のライセンスにサインアップします。\n"),
    );
    let revised = env.write("v2.md", &revised);
    let (_, plain) = import(&env, revised.to_str().unwrap(), "plain", &[]);
    let plan = env
        .run(&[
            "catalog",
            "use",
            plain.to_str().unwrap(),
            "--dry-run",
            "--json",
        ])
        .ok()
        .json();
    let check: Vec<&str> = plan["check"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        check.contains(&"general-2") && check.contains(&"general-3"),
        "{plan}"
    );
    let text = env
        .run(&["catalog", "use", plain.to_str().unwrap(), "--dry-run"])
        .ok()
        .stdout;
    assert!(
        text.contains("kept by id, but the text changed beyond a rewording"),
        "{text}"
    );
    // With --base, the items keep their ids and the new one gets a new number.
    let (_, based) = import(
        &env,
        revised.to_str().unwrap(),
        "based",
        &["--base", v1.to_str().unwrap()],
    );
    let plan = switch(&env, &based, &[]);
    assert_eq!(plan["check"], serde_json::json!([]), "{plan}");
    assert_eq!(plan["added"][0]["id"], "general-22", "{plan}");
    let done = env.run(&["list", "--status", "done", "--json"]).ok().json();
    assert_eq!(crate::common::ids(&done), ["general-2", "general-3"]);
    let show = env.run(&["show", "general-2", "--json"]).ok().json();
    assert_eq!(
        show["task"]["text"],
        "リソースのプログラム管理とプロジェクト管理全体を提供します。"
    );
}

/// A later Japanese-only revision (`ja-2019`: four items appended to the general list, some
/// items reworded as short noun phrases) keeps every done item on the item it is: the items
/// appended at the end do not shift the alignment, and one shared word ("Service") does not
/// make a sure pairing of two different items.
#[test]
fn a_revision_with_items_appended_aligns_each_item_with_itself() {
    let env = TestEnv::new();
    tracker_with_20_done(&env);
    let (_, cat) = import(&env, &page("ja-2019"), "ja-2019", &[]);
    let plan = switch(&env, &cat, &[]);
    assert_eq!(plan["orphaned"], serde_json::json!({}), "{plan}");
    let general: Vec<&str> = plan["matched"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["phase"] == "general")
        .map(|m| m["from"].as_str().unwrap())
        .collect();
    for (n, from) in [
        (13, "operational-model"),
        (14, "on-premises-mfa"),
        (15, "decommission-sources"),
        (16, "test-environment"),
        (17, "server-updates"),
    ] {
        assert!(general.contains(&from), "{from}: {plan}");
        let show = env.run(&["show", from, "--json"]).ok().json();
        assert_eq!(show["task"]["id"], format!("general-{n}"), "{from}");
    }
    assert_eq!(still_done(&env).len(), 20);
}
