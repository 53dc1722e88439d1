//! Importing the docs family (issue 15): localised pages, paragraph lead-ins, sentence parents,
//! many children of one lead-in, footers and link-only bullets, optional wording, titles, and
//! descriptive pages. One small page per case.

use serde_json::Value;

use crate::common::{Run, TestEnv};

/// Import `page` (written to p.md) into p.yaml; the import's run and, when it worked, every
/// item of the catalog (`list --json`) and the YAML.
pub fn import(env: &TestEnv, page: &str, extra: &[&str]) -> (Run, Option<(Vec<Value>, String)>) {
    let md = env.write("p.md", page);
    let out = env.path().join("p.yaml");
    let mut args = vec![
        "catalog",
        "import",
        md.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let r = env.run(&args);
    if r.code != 0 {
        assert!(!out.exists(), "nothing may be written on an error");
        return (r, None);
    }
    let list = env
        .run(&[
            "--catalog",
            out.to_str().unwrap(),
            "list",
            "--status",
            "all",
            "--json",
        ])
        .ok()
        .json();
    let tasks = list["tasks"].as_array().unwrap().clone();
    (r, Some((tasks, std::fs::read_to_string(out).unwrap())))
}

pub fn field<'a>(tasks: &'a [Value], name: &str) -> Vec<&'a str> {
    tasks.iter().map(|t| t[name].as_str().unwrap()).collect()
}

#[test]
fn case1_a_localised_page_takes_phases_and_ids_from_its_english_text_titles_from_its_own() {
    let env = TestEnv::new();
    let page = r#"## <span>基本</span><span class="sxs-lookup">General responsibilities</span>

- <span>契約を確認します。</span><span class="sxs-lookup"><span>Review the contract.</span></span>

## <a name="initiate-phase"></a>開始フェーズ

- <span>開始します。</span><span class="sxs-lookup"><span>Begin onboarding.</span></span>
- キックオフ会議に参加します。
"#;
    let (r, got) = import(&env, page, &[]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(field(&tasks, "phase"), ["general", "initiate", "initiate"]);
    // The text and the title are the page's own language; the id comes from the English
    // original, kept as `text_en` (issue 22).
    assert_eq!(
        field(&tasks, "text"),
        [
            "契約を確認します。",
            "開始します。",
            "キックオフ会議に参加します。"
        ]
    );
    assert_eq!(
        field(&tasks, "id"),
        ["review-the-contract", "begin-onboarding", "initiate-2"]
    );
    assert_eq!(
        field(&tasks, "title"),
        [
            "契約を確認します",
            "開始します",
            "キックオフ会議に参加します"
        ]
    );
    assert!(yaml_has(&env, "text_en: Review the contract."));
    // No English: the id is the phase and the item's place in it, never a transliteration,
    // and a warning says so.
    assert!(
        r.err_says(
            "1 item(s) have no English original on the page and are not written in Latin letters: their ids are numbered within their phase (first: `initiate-2`)"
        ),
        "{}",
        r.stderr
    );
}

fn yaml_has(env: &TestEnv, line: &str) -> bool {
    std::fs::read_to_string(env.path().join("p.yaml"))
        .unwrap()
        .lines()
        .any(|l| l.trim() == line)
}

#[test]
fn case2_a_paragraph_lead_in_prefixes_its_items_also_under_a_sub_heading() {
    let env = TestEnv::new();
    let page = "## Enable phase\n\nConfigure and enable the services.\n\nProvide guidance about:\n\n- Configuring DNS.\n- Configuring the firewall.\n\n### Intune\n\nProvide guidance about:\n\n- Enrolling devices.\n\n- Provide guidance about:\n  - Wi-Fi profiles.\n";
    let (r, got) = import(&env, page, &[]);
    r.ok();
    let (tasks, yaml) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        [
            "Provide guidance about: Configuring DNS.",
            "Provide guidance about: Configuring the firewall.",
            "Provide guidance about: Enrolling devices.",
            "Provide guidance about: Wi-Fi profiles.",
        ]
    );
    assert!(
        yaml.contains("description: Configure and enable the services.\n"),
        "{yaml}"
    );
    assert!(
        !yaml.contains("description: Configure and enable the services. Provide"),
        "{yaml}"
    );
}

#[test]
fn case3_a_sentence_parent_is_not_a_prefix_of_its_children() {
    let env = TestEnv::new();
    let page = "## Enable phase\n\n- Azure AD Connect directory synchronization.\n  - Azure Multi-Factor Authentication.\n";
    let (r, got) = import(&env, page, &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        [
            "Azure AD Connect directory synchronization.",
            "Azure Multi-Factor Authentication.",
        ]
    );
}

#[test]
fn case4_many_children_of_one_lead_in_get_distinct_titles_from_their_own_text() {
    let env = TestEnv::new();
    let page = "## Enable phase\n\n- Configuring your mobile device management (MDM) solution for the devices of your organization, for:\n  - iOS and iPadOS devices in Apple Business Manager.\n  - Android Enterprise work profile devices.\n  - Windows devices joined to Microsoft Entra ID.\n  - macOS devices.\n";
    let (r, got) = import(&env, page, &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    let titles = field(&tasks, "title");
    assert_eq!(
        titles,
        [
            "iOS and iPadOS devices in Apple Business Manager",
            "Android Enterprise work profile devices",
            "Windows devices joined to Microsoft Entra ID",
            "macOS devices",
        ]
    );
    // Ids from the same text: none numbered by position.
    for id in field(&tasks, "id") {
        assert!(!id.ends_with(|c: char| c.is_ascii_digit()), "{id}");
    }
    // The text keeps the lead-in.
    assert!(field(&tasks, "text")[3].starts_with("Configuring your mobile device management"));
}

#[test]
fn case5_footers_and_link_only_bullets_are_dropped_and_group_notes_stay_with_the_group() {
    let env = TestEnv::new();
    let page = "## Enable phase\n\n- Enroll devices.\n\n### Windows\n\n> [!NOTE]\n> Windows 10 or later only.\n\n- Deploy the Company Portal.\n- For more information, see [Quick start] (https://example.com/qs).\n\n> [!NOTE]\n> **Want to learn more?** See [EMS](https://example.com/ems).\n\n## See also\n\n- [Other page](https://example.com/other)\n";
    let (r, got) = import(&env, page, &[]);
    let r = r.ok();
    let (tasks, yaml) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        ["Enroll devices.", "Deploy the Company Portal."]
    );
    for id in ["enroll-devices", "deploy-the-company-portal"] {
        let show = env
            .run(&[
                "--catalog",
                env.path().join("p.yaml").to_str().unwrap(),
                "show",
                id,
                "--json",
            ])
            .ok()
            .json();
        assert_eq!(show["catalog_note"], Value::Null, "{id}");
    }
    assert!(
        yaml.contains("Windows: Windows 10 or later only."),
        "{yaml}"
    );
    assert!(
        r.err_says("1 bullet(s) that only point elsewhere"),
        "{}",
        r.stderr
    );
    // A "See also" list of links is skipped, as before.
    assert!(
        r.err_says("1 bullet(s) outside the general and phase sections were skipped"),
        "{}",
        r.stderr
    );
}

#[test]
fn case6_when_needed_when_applicable_and_if_deployed_make_an_item_optional() {
    let env = TestEnv::new();
    let page = "## Enable phase\n\n- Configure the proxy (when needed).\n- Configure conditional access (when applicable).\n- Configure the NDES connector (if deployed).\n- Configure VPN profiles if applicable.\n- Configure compliance policies.\n";
    let (r, got) = import(&env, page, &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    let required: Vec<bool> = tasks
        .iter()
        .map(|t| t["required"].as_bool().unwrap())
        .collect();
    assert_eq!(required, [false, false, false, false, true]);
}

#[test]
fn case7_titles_end_on_a_content_word() {
    let env = TestEnv::new();
    let source = include_str!("../../docs/source/your-responsibilities.md");
    let extra = "## Assess phase\n\n- Participate in the meetings to outline the user-provisioning approach and the timelines of your organization.\n- Work with the FastTrack team to review the configuration of the devices that are enrolled in the service for your tenant.\n";
    let (r, got) = import(&env, &format!("{source}\n{extra}"), &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    let little = [
        "the", "of", "to", "your", "a", "an", "and", "or", "for", "in", "with", "be", "when",
        "that", "is",
    ];
    for title in field(&tasks, "title") {
        let last = title
            .trim_end_matches('…')
            .rsplit(' ')
            .next()
            .unwrap()
            .to_lowercase();
        assert!(!little.contains(&last.as_str()), "{title}");
    }
}

#[test]
fn case8_a_descriptive_page_is_refused_unless_allowed() {
    let env = TestEnv::new();
    let prose = "During the Initiate phase, the FastTrack team works with you to understand your goals, your environment and the way your organization works. ".repeat(6);
    let page = format!(
        "## Initiate phase\n\n{prose}\n\n![Screenshot of the FastTrack portal](portal.png)\n\n1. Sign in to the FastTrack portal.\n2. Select **FastTrack**.\n3. Select **Request assistance**.\n"
    );
    let (r, got) = import(&env, &page, &[]);
    let r = r.code(1);
    assert!(got.is_none());
    assert!(
        r.err_says("this looks like a descriptive page, not a checklist of responsibilities: 3 of its 3 items are numbered steps"),
        "{}",
        r.stderr
    );
    assert!(
        r.err_says("\nhint: ") && r.err_says("--allow-prose"),
        "{}",
        r.stderr
    );
    assert_eq!(r.err_lines().len(), 2, "{}", r.stderr);
    // With --allow-prose the page is imported without its user-interface steps (issue 22):
    // here that leaves nothing, which is an error like any page without bullets.
    let (r, got) = import(&env, &page, &["--allow-prose"]);
    assert!(got.is_none());
    assert!(
        r.code(1)
            .stderr
            .contains("the phase sections have no bullets")
    );
    let page = format!("{page}\n- Confirm the stakeholders.\n");
    let (r, got) = import(&env, &page, &["--allow-prose"]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(field(&tasks, "text"), ["Confirm the stakeholders."]);
    assert!(
        r.err_says("3 numbered step(s) of a user interface were left out"),
        "{}",
        r.stderr
    );
}

/// Titles now end before an open parenthesis; ids of English pages stay what they were, so that
/// importing the same page again gives the same ids (issue 22).
#[test]
fn english_ids_stay_as_they_were_while_titles_cut_better() {
    let env = TestEnv::new();
    let source = include_str!("../../docs/source/your-responsibilities.md");
    let (r, got) = import(&env, source, &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    let stakeholders = tasks
        .iter()
        .find(|t| t["id"] == "identify-appropriate-stakeholders-including")
        .expect("the id an older ftrack gave");
    assert_eq!(stakeholders["title"], "Identify appropriate stakeholders…");
}
