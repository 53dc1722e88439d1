//! Items of this engagement: `ftrack add` (one, or a pasted checklist) and `ftrack retire`.

use crate::common::{TestEnv, ids};

#[test]
fn an_added_item_is_listed_gated_assigned_shown_and_completed() {
    let env = TestEnv::init();
    let r = env
        .run(&[
            "add",
            "--phase",
            "remediate",
            "Upgrade AD FS",
            "--owner",
            "alice",
            "--due",
            "2026-12-01",
        ])
        .ok();
    assert_eq!(
        r.stdout,
        "added: remediate-upgrade-ad-fs (Upgrade AD FS) to remediate\n"
    );
    let list = env
        .run(&["list", "--phase", "remediate", "--json"])
        .ok()
        .json();
    assert_eq!(
        ids(&list),
        [
            "remediation",
            "checkpoint-meetings",
            "remediate-upgrade-ad-fs"
        ]
    );
    let added = &list["tasks"][2];
    assert_eq!(added["owner"], "alice");
    assert_eq!(added["due"], "2026-12-01");
    assert_eq!(added["added_by"], "tester");
    let human = env.run(&["list", "--phase", "remediate"]).ok().stdout;
    assert!(human.contains("Upgrade AD FS (added by tester)"), "{human}");
    // The gate waits for it.
    env.run(&["done", "remediation", "checkpoint-meetings"])
        .ok();
    let r = env.run(&["gate", "remediate"]).code(3);
    assert!(
        r.stdout
            .contains("  remediate-upgrade-ad-fs (Upgrade AD FS)"),
        "{}",
        r.stdout
    );
    let show = env.run(&["show", "remediate-upgrade"]).ok().stdout;
    assert!(
        show.contains("Added:    by tester at 2026-11-25 12:00 for this engagement only"),
        "{show}"
    );
    assert!(show.contains("add to remediate: Upgrade AD FS"), "{show}");
    env.run(&["done", "remediate-upgrade-ad-fs"]).ok();
    env.run(&["gate", "remediate"]).ok();
    let status = env.run(&["status", "--json"]).ok().json();
    let remediate = &status["phases"][3];
    assert_eq!(remediate["phase"], "remediate");
    assert_eq!(remediate["total"], 3);
    assert_eq!(remediate["done"], 3);
}

#[test]
fn a_pasted_checklist_adds_one_item_per_line_all_or_nothing() {
    let env = TestEnv::init();
    let list = env.write(
        "checklist.txt",
        "Remediation checklist\n\n- [ ] Upgrade AD FS\n2. Open firewall ports 443 and 49443 for the Web Application Proxy servers in the DMZ and the internal AD FS farm\n* Renew the organizationâ€™s SSL certificate\n",
    );
    let r = env
        .run(&[
            "add",
            "--phase",
            "remediate",
            "--from",
            list.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(crate::common::logical(&r.stdout).len(), 4, "{}", r.stdout);
    let tasks = env
        .run(&["list", "--phase", "remediate", "--json"])
        .ok()
        .json();
    let ids = ids(&tasks);
    assert_eq!(
        ids[2..],
        [
            "remediate-remediation-checklist",
            "remediate-upgrade-ad-fs",
            "remediate-open-firewall-ports-443-and-49443",
            // Cut at a word boundary to 48 characters.
            "remediate-renew-the-organizations-ssl"
        ]
    );
    // A long line: shortened title, the whole line kept as text.
    let long = &tasks["tasks"][4];
    assert_eq!(
        long["title"],
        "Open firewall ports 443 and 49443 for the Web Application…"
    );
    assert!(
        long["text"]
            .as_str()
            .unwrap()
            .ends_with("the internal AD FS farm")
    );
    // Mojibake from the paste is repaired.
    assert_eq!(
        tasks["tasks"][5]["title"],
        "Renew the organization’s SSL certificate"
    );

    // A file with one bad line adds nothing.
    let before = env.journal_text();
    let bad = env.write("bad.txt", "Patch servers\nRotate keys\npatch servers\n");
    let r = env
        .run(&["add", "--phase", "enable", "--from", bad.to_str().unwrap()])
        .code(2);
    assert!(
        r.err_says("bad.txt:3: `patch servers` repeats ") && r.stderr.contains("bad.txt:1"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\nhint: "));
    assert_eq!(env.journal_text(), before, "nothing written");
    let empty = env.write("empty.txt", "\n  \n-\n");
    let r = env
        .run(&[
            "add",
            "--phase",
            "enable",
            "--from",
            empty.to_str().unwrap(),
        ])
        .code(2);
    assert!(r.stderr.contains("empty.txt: no items"), "{}", r.stderr);
    assert_eq!(env.journal_text(), before);
    // A list saved by a Windows program (Windows-1252) is read as such, like a page.
    let latin1 = env.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 fix\n").unwrap();
    let r = env
        .run(&[
            "add",
            "--phase",
            "enable",
            "--from",
            latin1.to_str().unwrap(),
        ])
        .ok();
    assert!(r.stdout.contains("(Café fix)"), "{}", r.stdout);
}

#[test]
fn a_checklist_can_come_from_standard_input_with_owner_and_due_for_all() {
    use std::io::Write;
    let env = TestEnv::init();
    let mut child = env
        .cmd(&[
            "add",
            "--phase",
            "enable",
            "--from",
            "-",
            "--owner",
            "bob",
            "--optional",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Pilot devices\r\nTrain helpdesk\r\n")
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let tasks = env.run(&["list", "--owner", "bob", "--json"]).ok().json();
    assert_eq!(
        ids(&tasks),
        ["enable-pilot-devices", "enable-train-helpdesk"]
    );
    assert_eq!(tasks["tasks"][0]["required"], false);
    // Optional items never block the gate.
    let r = env.run(&["gate", "enable"]).code(3);
    assert!(!r.stdout.contains("pilot"), "{}", r.stdout);
}

#[test]
fn ids_are_never_reused_and_catalog_items_cannot_be_retired() {
    let env = TestEnv::init();
    let r = env
        .run(&[
            "add",
            "--phase",
            "enable",
            "Anything",
            "--id",
            "kickoff-meeting",
        ])
        .code(2);
    assert!(
        r.stderr
            .contains("error: --id `kickoff-meeting` is already used by a catalog item"),
        "{}",
        r.stderr
    );
    let r = env
        .run(&["add", "--phase", "enable", "X", "--id", "Not Kebab"])
        .code(2);
    assert!(r.stderr.contains("is not a kebab-case id"), "{}", r.stderr);
    env.run(&["add", "--phase", "remediate", "Upgrade AD FS"])
        .ok();
    let r = env
        .run(&["retire", "kickoff-meeting", "--reason", "no"])
        .code(2);
    assert!(
        r.stderr.contains("`kickoff-meeting` is a catalog item"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: waive it instead"), "{}", r.stderr);

    let r = env
        .run(&[
            "retire",
            "remediate-upgrade-ad-fs",
            "--reason",
            "moved to cloud auth",
        ])
        .ok();
    assert_eq!(
        r.stdout,
        "retired: remediate-upgrade-ad-fs (Upgrade AD FS)\n"
    );
    env.run(&["retire", "remediate-upgrade-ad-fs", "--reason", "again"])
        .ok();
    // Out of lists, gates and counts; still in history and `--status retired`.
    let all = env
        .run(&["list", "--phase", "remediate", "--json"])
        .ok()
        .json();
    assert_eq!(ids(&all), ["remediation", "checkpoint-meetings"]);
    let retired = env
        .run(&["list", "--status", "retired", "--json"])
        .ok()
        .json();
    assert_eq!(ids(&retired), ["remediate-upgrade-ad-fs"]);
    assert_eq!(retired["tasks"][0]["note"], "moved to cloud auth");
    env.run(&["done", "remediation", "checkpoint-meetings"])
        .ok();
    env.run(&["gate", "remediate"]).ok();
    let status = env.run(&["status", "--json"]).ok().json();
    assert_eq!(status["phases"][3]["total"], 2);
    let r = env.run(&["done", "remediate-upgrade-ad-fs"]).code(2);
    assert!(r.stderr.contains("was retired"), "{}", r.stderr);
    let log = env
        .run_env(
            &["log", "--task", "remediate-upgrade-ad-fs"],
            &[("COLUMNS", "200")],
        )
        .ok()
        .stdout;
    assert!(
        log.contains("retire remediate-upgrade-ad-fs reason: moved to cloud auth"),
        "{log}"
    );
    // The same title again gets a new id: the retired one is never reused.
    let r = env
        .run(&["add", "--phase", "remediate", "Upgrade AD FS"])
        .ok();
    assert!(
        r.stdout.starts_with("added: remediate-upgrade-ad-fs-2 "),
        "{}",
        r.stdout
    );
    let r = env
        .run(&[
            "add",
            "--phase",
            "remediate",
            "X",
            "--id",
            "remediate-upgrade-ad-fs",
        ])
        .code(2);
    assert!(
        r.stderr.contains("already used by an added item"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_same_title_added_on_two_clones_stays_two_items_after_a_merge() {
    let mut env = TestEnv::init();
    let base = env.journal_text();
    env.now = "2026-11-25T12:00:00Z".into();
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "Upgrade AD FS",
        "--by",
        "alice",
    ])
    .ok();
    let alice = env.journal_text();
    // Bob's clone: the journal before Alice's add, then his own add and done, later in time.
    std::fs::write(env.journal(), &base).unwrap();
    env.now = "2026-11-25T13:00:00Z".into();
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "Upgrade AD FS",
        "--by",
        "bob",
    ])
    .ok();
    env.run(&["done", "remediate-upgrade-ad-fs", "--by", "bob"])
        .ok();
    let bob = env.journal_text();
    // git's union merge keeps both sides' lines.
    let merged: String = alice + &bob[base.len()..];
    std::fs::write(env.journal(), merged).unwrap();

    let tasks = env
        .run(&["list", "--phase", "remediate", "--status", "all", "--json"])
        .ok()
        .json();
    let got = ids(&tasks);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[2], "remediate-upgrade-ad-fs");
    assert!(
        got[3].starts_with("remediate-upgrade-ad-fs-") && got[3].len() == 28,
        "{got:?}"
    );
    // Alice's item (added first) keeps the id and is still outstanding; Bob's done went to his.
    assert_eq!(tasks["tasks"][2]["added_by"], "alice");
    assert_eq!(tasks["tasks"][2]["status"], "outstanding");
    assert_eq!(tasks["tasks"][3]["added_by"], "bob");
    assert_eq!(tasks["tasks"][3]["status"], "done");
    assert_eq!(tasks["tasks"][3]["added_as"], "remediate-upgrade-ad-fs");
    let human = env
        .run(&["list", "--phase", "remediate", "--status", "all"])
        .ok()
        .stdout;
    assert!(
        crate::common::flat(&human).contains(&format!(
            "note: {} was added as `remediate-upgrade-ad-fs`, an id another item already had",
            got[3]
        )),
        "{human}"
    );
    // Bob's next command reaches his item by its new id.
    env.run(&["assign", &got[3], "--owner", "bob"]).ok();
}

#[test]
fn a_newer_catalog_that_takes_an_added_id_leaves_the_added_items_progress_alone() {
    let env = TestEnv::new();
    let v1 = "phases:\n  - id: build\n  - id: ship\ntasks:\n  - id: code\n    phase: build\n    title: Code\n";
    let cat = env.write("cat.yaml", v1);
    env.run(&["init", "--catalog", cat.to_str().unwrap()]).ok();
    env.run(&["add", "--phase", "ship", "Sign the release", "--id", "sign"])
        .ok();
    env.run(&["done", "sign"]).ok();
    // v2 brings its own `sign`.
    env.write(
        "cat.yaml",
        &format!("{v1}  - id: sign\n    phase: ship\n    title: Sign (catalog)\n"),
    );
    let tasks = env.run(&["list", "--status", "all", "--json"]).ok().json();
    let got = ids(&tasks);
    assert_eq!(got[..2], ["code", "sign"]);
    assert_eq!(tasks["tasks"][1]["title"], "Sign (catalog)");
    assert_eq!(tasks["tasks"][1]["status"], "outstanding");
    assert!(got[2].starts_with("sign-"), "{got:?}");
    assert_eq!(tasks["tasks"][2]["status"], "done");
    assert_eq!(tasks["tasks"][2]["title"], "Sign the release");
}

#[test]
fn added_items_are_in_every_report_format_and_retired_ones_in_none() {
    let env = TestEnv::init();
    let list = env.write(
        "checklist.txt",
        "- Upgrade AD FS\n- Open firewall ports for Intune\n- Old proxy rule\n",
    );
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "--from",
        list.to_str().unwrap(),
    ])
    .ok();
    env.run(&["done", "remediate-upgrade-ad-fs", "--note", "farm on 2019"])
        .ok();
    env.run(&[
        "retire",
        "remediate-old-proxy-rule",
        "--reason",
        "proxy removed",
    ])
    .ok();
    let json = env.run(&["report", "--format", "json"]).ok().json();
    let remediate = json["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["phase"] == "remediate")
        .unwrap()
        .clone();
    let ids: Vec<&str> = remediate["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "remediation",
            "checkpoint-meetings",
            "remediate-upgrade-ad-fs",
            "remediate-open-firewall-ports-for-intune"
        ]
    );
    assert_eq!(remediate["progress"]["total"], 4);
    assert_eq!(remediate["progress"]["done"], 1);
    assert!(
        remediate["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b == "remediate-open-firewall-ports-for-intune")
    );
    for format in ["text", "markdown", "html", "csv"] {
        let out = env.run(&["report", "--format", format]).ok().stdout;
        assert!(
            out.contains("remediate-upgrade-ad-fs") && out.contains("farm on 2019"),
            "{format}"
        );
        assert!(
            out.contains("remediate-open-firewall-ports-for-intune"),
            "{format}"
        );
        assert!(
            !out.contains("remediate-old-proxy-rule"),
            "{format}: a retired item is not reported"
        );
    }
    // Gate the phase on the pasted checklist.
    env.run(&["gate", "remediate"]).code(3);
    env.run(&[
        "done",
        "remediation",
        "checkpoint-meetings",
        "remediate-open",
    ])
    .ok();
    env.run(&["gate", "remediate"]).ok();
}

#[test]
fn adding_again_changes_nothing_and_odd_titles_still_get_readable_ids() {
    let env = TestEnv::init();
    let list = env.write("c.txt", "\u{feff}Upgrade AD FS\r\n- Open ports\r\n");
    env.run(&[
        "add",
        "--phase",
        "remediate",
        "--from",
        list.to_str().unwrap(),
    ])
    .ok();
    let before = env.journal_text();
    let r = env
        .run(&[
            "add",
            "--phase",
            "remediate",
            "--from",
            list.to_str().unwrap(),
        ])
        .ok();
    assert!(
        r.stdout.contains("already added: remediate-upgrade-ad-fs"),
        "{}",
        r.stdout
    );
    assert_eq!(
        env.journal_text(),
        before,
        "re-running a checklist adds nothing"
    );
    let json = env
        .run(&["list", "--phase", "remediate", "--json"])
        .ok()
        .json();
    assert_eq!(
        json["tasks"][2]["title"], "Upgrade AD FS",
        "the byte-order mark is gone"
    );
    env.run(&["add", "--phase", "initiate", "???"]).ok();
    env.run(&["add", "--phase", "initiate", &"x".repeat(200)])
        .ok();
    let ids = ids(&env
        .run(&["list", "--phase", "initiate", "--json"])
        .ok()
        .json());
    assert_eq!(ids[2], "initiate-item");
    assert_eq!(ids[3], format!("initiate-{}", "x".repeat(39)));
    for id in &ids {
        assert!(id.len() <= 48, "{id}");
    }
}
