//! Keeping the catalog current: a tracker walks through later revisions of its source page with
//! `catalog import --base` and `catalog use`, and keeps every item's progress but that of the
//! item the page dropped; a second clone follows the switch.

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::TestEnv;

const SOURCE: &str = include_str!("../../docs/source/your-responsibilities.md");
const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/responsibilities.yaml");

/// Revision 1: guidance comes from "the FastTrack team"; service packs gain cumulative updates.
fn rev1() -> String {
    SOURCE
        .replace(
            "per guidance from Microsoft",
            "per guidance from the FastTrack team",
        )
        .replace(
            "Install service packs and other",
            "Install service packs/cumulative updates (CUs) and other",
        )
}

/// Revision 2: clauses moved and verbs changed, as on older real revisions; one item added.
fn rev2() -> String {
    rev1()
        .replace(
            "-   Share your screen with Microsoft if guidance is needed when running evaluation tools against your environment, EMS, or its individual cloud service subscriptions (if you choose to).\n\n-   Participate",
            "-   If you choose to, share your screen with the FastTrack team if guidance is needed when running evaluation tools against your environment, EMS, or its individual cloud service subscriptions.\n\n-   Participate",
        )
        .replace(
            "Provide and configure any public Secure Sockets Layer (SSL) certificates.",
            "Providing and configuring any public SSL certificates.",
        )
        .replace(
            "-   Provide any enhancements and integrations",
            "-   Any enhancements and integrations",
        )
        .replace(
            "-   Participate in checkpoint meetings.\n",
            "-   Participate in checkpoint meetings.\n\n-   Confirm the rollback plan with the FastTrack team.\n",
        )
}

/// Revision 3: one item gone, the Enable phase's bullets in another order, and the general
/// responsibilities moved to the end of the page.
fn rev3() -> String {
    let page = rev2().replace("-   Create a support plan for migration readiness.\n", "");
    let general_at = page.find("## General responsibilities").unwrap();
    let initiate_at = page.find("## Initiate phase").unwrap();
    let general = page[general_at..initiate_at].to_string();
    let page = format!("{}{}\n{general}", &page[..general_at], &page[initiate_at..]);
    let first = "-   Share your screen with Microsoft if guidance is needed when running evaluation tools against your environment, EMS, or its individual cloud service subscriptions (if you choose to). Manage resources as needed.\n\n";
    let last = "-   Enable various services per guidance from the FastTrack team.\n";
    assert!(page.contains(first) && page.contains(last));
    page.replace(first, "")
        .replace(last, &format!("{last}\n{first}"))
}

fn done_count(env: &TestEnv, dir: &Path) -> usize {
    let list = env
        .run(&[
            "--dir",
            dir.to_str().unwrap(),
            "list",
            "--status",
            "done",
            "--json",
        ])
        .ok()
        .json();
    list["tasks"].as_array().unwrap().len()
}

/// A tracker on the built-in catalog with every item done.
fn all_done(env: &TestEnv) -> PathBuf {
    env.run(&["init", "--name", "Contoso"]).ok();
    let list = env.run(&["list", "--json"]).ok().json();
    let mut args = vec!["done".to_string()];
    args.extend(common::ids(&list));
    env.run(&args).ok();
    assert_eq!(done_count(env, &env.tracker()), 38);
    env.tracker()
}

/// Import `page` on the catalog `base` and switch the tracker to it; the switch's answer.
fn upgrade(env: &TestEnv, name: &str, page: &str, base: &str, extra: &[&str]) -> common::Run {
    let page = env.write(&format!("{name}.md"), page);
    let out = env.path().join(format!("{name}.yaml"));
    env.run(&[
        "catalog",
        "import",
        page.to_str().unwrap(),
        "--base",
        base,
        "--output",
        out.to_str().unwrap(),
    ])
    .ok();
    let mut args = vec!["catalog", "use", out.to_str().unwrap(), "--json"];
    args.extend(extra);
    env.run(&args)
}

#[test]
fn three_revisions_keep_every_items_progress_but_the_removed_ones() {
    let env = TestEnv::new();
    let tracker = all_done(&env);
    // Revision 1: six items reworded; every one keeps its id and progress.
    let r = upgrade(&env, "rev1", &rev1(), SHIPPED, &[]).ok().json();
    assert_eq!(r["applied"], true);
    assert_eq!(r["orphaned"], serde_json::json!({}));
    assert_eq!(r["kept"].as_array().unwrap().len(), 38);
    assert_eq!(done_count(&env, &tracker), 38);
    let base1 = r["copy"].as_str().unwrap().to_string();
    // Revision 2: three more rewordings and a new item, outstanding.
    let r = upgrade(&env, "rev2", &rev2(), &base1, &[]).ok().json();
    assert_eq!(r["added"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["orphaned"], serde_json::json!({}));
    assert_eq!(done_count(&env, &tracker), 38);
    let base2 = r["copy"].as_str().unwrap().to_string();
    // Revision 3: the removed item's progress is the only one orphaned; refused, then accepted.
    let r = upgrade(&env, "rev3", &rev3(), &base2, &[]).code(2);
    assert_eq!(r.json()["applied"], false);
    assert_eq!(
        r.json()["orphaned"],
        serde_json::json!({"migration-support-plan": 1})
    );
    assert!(
        r.stderr.starts_with("error: switching to ")
            && r.stderr.contains("\nhint: pass --accept-orphans"),
        "{}",
        r.stderr
    );
    assert_eq!(r.err_lines().len(), 2, "{}", r.stderr);
    let out = env.path().join("rev3.yaml");
    let r = env
        .run(&["catalog", "use", out.to_str().unwrap(), "--accept-orphans"])
        .ok();
    assert!(
        r.stdout.contains("  - migration-support-plan [assess]"),
        "{}",
        r.stdout
    );
    assert_eq!(done_count(&env, &tracker), 37);
    let status = env.run(&["status", "--json"]).ok().json();
    assert_eq!(
        status["orphans"],
        serde_json::json!({"migration-support-plan": 1})
    );
    assert_eq!(status["name"], "Contoso");
}

#[test]
fn the_builtin_catalog_moves_to_a_plain_import_of_a_later_revision_keeping_all_38() {
    let env = TestEnv::new();
    let tracker = all_done(&env);
    let page = env.write(
        "later.md",
        &rev2().replace(
            "-   Confirm the rollback plan with the FastTrack team.\n",
            "",
        ),
    );
    let out = env.path().join("later.yaml");
    env.run(&[
        "catalog",
        "import",
        page.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    // No --base: every id is new, and the switch matches each item by its text.
    let plan = env
        .run(&[
            "catalog",
            "use",
            out.to_str().unwrap(),
            "--dry-run",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(plan["applied"], false);
    assert_eq!(plan["matched"].as_array().unwrap().len(), 38);
    assert_eq!(plan["orphaned"], serde_json::json!({}));
    assert_eq!(done_count(&env, &tracker), 38);
    env.run(&["catalog", "use", out.to_str().unwrap()]).ok();
    assert_eq!(done_count(&env, &tracker), 38);
    // The old ids still name the items (they are aliases now).
    env.run(&["show", "kickoff-meeting"]).ok();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn a_second_clone_follows_the_switch_after_a_pull() {
    let env = TestEnv::new();
    let tracker = all_done(&env);
    let clone = env.path().join("clone/.ftrack");
    copy_dir(&tracker, &clone);
    assert_eq!(done_count(&env, &clone), 38);
    let r = upgrade(&env, "rev3", &rev3(), SHIPPED, &["--accept-orphans"]).ok();
    assert_eq!(r.json()["applied"], true);
    // Before the pull the clone is on the built-in catalog; after it, on the new one.
    let list = env
        .run(&[
            "--dir",
            clone.to_str().unwrap(),
            "list",
            "--status",
            "all",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(list["tasks"].as_array().unwrap().len(), 38);
    copy_dir(&tracker, &clone);
    let list = env
        .run(&[
            "--dir",
            clone.to_str().unwrap(),
            "list",
            "--status",
            "all",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(
        list["tasks"].as_array().unwrap().len(),
        38,
        "37 kept and one added"
    );
    assert!(common::ids(&list).iter().any(|id| id.contains("rollback")));
    assert_eq!(done_count(&env, &clone), 37);
    assert_eq!(
        env.run(&["--dir", clone.to_str().unwrap(), "status", "--json"])
            .ok()
            .json()["orphans"],
        serde_json::json!({"migration-support-plan": 1})
    );
}

#[test]
fn init_on_an_existing_tracker_points_to_catalog_use() {
    let env = TestEnv::init();
    let r = env.run(&["init", "--catalog", SHIPPED]).code(2);
    assert!(
        r.stderr
            .contains("hint: to switch it to that catalog, run `ftrack catalog use FILE`"),
        "{}",
        r.stderr
    );
    let r = env
        .run(&["--catalog", SHIPPED, "catalog", "use", SHIPPED])
        .code(2);
    assert!(
        r.stderr.starts_with("error: `catalog use` switches"),
        "{}",
        r.stderr
    );
}

/// Two old items merged into one new item (the new item lists the old id under `aliases:`): the
/// plan shows the merge and the progress it carries, instead of "retired, nothing orphaned".
#[test]
fn a_merge_through_aliases_is_shown_in_the_plan() {
    let env = TestEnv::init();
    env.run(&["done", "software"]).ok();
    let file = without_software(&env, "merged.yaml", Some("hardware-networking"));
    let json = env
        .run(&[
            "catalog",
            "use",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ])
        .ok()
        .json();
    let text = json.to_string();
    assert!(
        json["plan"]["matched"]
            .as_array()
            .or(json["matched"].as_array())
            .unwrap()
            .iter()
            .any(|m| m["from"] == "software" && m["id"] == "hardware-networking"),
        "{text}"
    );
    let retired = json["plan"]["retired"]
        .as_array()
        .or(json["retired"].as_array())
        .unwrap();
    assert!(!retired.iter().any(|r| r["id"] == "software"), "{text}");
}

/// Progress orphaned by a switch (accepted on purpose) is still said in every report format.
#[test]
fn orphaned_progress_is_said_in_the_report() {
    let env = TestEnv::init();
    env.run(&["done", "software"]).ok();
    let file = without_software(&env, "less.yaml", None);
    env.run(&["catalog", "use", file.to_str().unwrap(), "--accept-orphans"])
        .ok();
    for format in ["text", "markdown", "html"] {
        let r = env.run(&["report", "--format", format]).ok();
        assert!(
            r.stdout.contains("orphaned") && r.stdout.contains("software (1 event)"),
            "{format}: {}",
            r.stdout
        );
    }
    let json = env.run(&["report", "--format", "json"]).ok().json();
    assert_eq!(json["orphans"]["software"], 1);
}

/// A target date planned for a phase the new catalog does not have is named in the plan, and
/// the switch needs --accept-orphans like any other progress it would drop.
#[test]
fn a_planned_target_on_a_removed_phase_is_in_the_plan() {
    let env = TestEnv::new();
    let small = "schema: 1\ntitle: small\nphases: [{id: general}, {id: initiate}, {id: assess}]\ntasks:\n  - {id: g1, phase: general, title: G1, text: General one.}\n  - {id: i1, phase: initiate, title: I1, text: Initiate one.}\n  - {id: a1, phase: assess, title: A1, text: Assess one.}\n";
    let one = env.write("small.yaml", small);
    let two = env.write(
        "small2.yaml",
        &small
            .replace("id: assess}", "id: evaluate}")
            .replace("phase: assess", "phase: evaluate"),
    );
    env.run(&["init", "--catalog", one.to_str().unwrap()]).ok();
    env.run(&["plan", "assess", "--target", "2026-12-01"]).ok();
    let r = env.run(&["catalog", "use", two.to_str().unwrap()]).code(2);
    assert!(r.stdout.contains("target for assess"), "{}", r.stdout);
    env.run(&["catalog", "use", two.to_str().unwrap(), "--accept-orphans"])
        .ok();
}

/// The built-in catalog without `software`, written to `name`; with `alias_on`, that item
/// lists `software` under `aliases:` (the two merged into one).
fn without_software(env: &TestEnv, name: &str, alias_on: Option<&str>) -> PathBuf {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/responsibilities.yaml"
    ))
    .unwrap();
    let mut out = Vec::new();
    let mut skip = false;
    for line in base.lines() {
        if line.starts_with("  - id: ") {
            skip = line == "  - id: software";
        }
        if !skip {
            out.push(line.to_string());
            if alias_on.is_some_and(|id| line == format!("  - id: {id}")) {
                out.push("    aliases: [software]".to_string());
            }
        }
    }
    env.write(name, &(out.join("\n") + "\n"))
}
