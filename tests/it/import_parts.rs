//! Pages of more than one party, descriptive pages with numbered user-interface steps, and the
//! smaller cases of issue 22 (cases 9–11). Every page is a small made-up one.

use crate::common::TestEnv;
use crate::import_family::{field, import};

/// A page in the shape of the older combined "process" pages: the phase descriptions, then
/// Microsoft's responsibilities, then the customer's, each with its own phase headings.
const COMBINED: &str = "# FastTrack benefit process for Intune

## Phases of the onboarding process

### Initiate phase

After you buy licenses, the FastTrack team contacts you and sets up a kick-off meeting.

### Enable phase

The exact steps depend on your source environment, and may include:

- Licensing your end users.
- Configuring identities.

## Microsoft responsibilities

This section describes some of Microsoft's responsibilities during onboarding.

### General

- Provide remote support for the configuration activities.

### Initiate phase

- Contact you within 30 days of the purchase of eligible licenses.

### Enable phase

- Provide guidance about:
  - Licensing your end users.

## Your responsibilities

### General

- Provide helpdesk documentation and training.

### Initiate phase

- Work with the Microsoft team to begin onboarding.

### Enable phase

- Enable various services per guidance from Microsoft.

## Want to learn more?

See [Intune](https://example.com/intune).
";

#[test]
fn case9_a_page_of_several_parties_imports_yours_and_says_so() {
    let env = TestEnv::new();
    let (r, got) = import(&env, COMBINED, &[]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        [
            "Provide helpdesk documentation and training.",
            "Work with the Microsoft team to begin onboarding.",
            "Enable various services per guidance from Microsoft.",
        ]
    );
    assert!(
        r.err_says("the page has more than one part (the customer's (yours): 3 item(s), Microsoft's: 3 item(s), the phase descriptions: 2 item(s)); imported the customer's (yours) only (`--party microsoft` imports another)"),
        "{}",
        r.stderr
    );
    // `--party microsoft` picks Microsoft's part, and nothing else.
    let (r, got) = import(&env, COMBINED, &["--party", "microsoft"]);
    r.ok();
    assert_eq!(
        field(&got.unwrap().0, "text"),
        [
            "Provide remote support for the configuration activities.",
            "Contact you within 30 days of the purchase of eligible licenses.",
            "Provide guidance about: Licensing your end users.",
        ]
    );
    // A part the page does not have is a wrong command, and nothing is written.
    let env = TestEnv::new();
    let (r, got) = import(&env, COMBINED, &["--party", "fasttrack"]);
    let r = r.code(2);
    assert!(got.is_none());
    assert!(
        r.err_says("the page has no part that lists FastTrack's responsibilities"),
        "{}",
        r.stderr
    );
    // A page that is FastTrack's alone (its title says so) is imported, and said to be theirs.
    let ours = "# <span>FastTrack-Zuständigkeiten</span><span class=\"sxs-lookup\">FastTrack responsibilities</span>\n\n## <a name=\"initiate-phase\"></a>Einleitungsphase\n\n- Festlegen der berechtigten Dienste.\n";
    let (r, got) = import(&env, ours, &[]);
    let r = r.ok();
    assert_eq!(got.unwrap().0.len(), 1);
    assert!(
        r.err_says("the page lists FastTrack's responsibilities only; imported them"),
        "{}",
        r.stderr
    );
}

#[test]
fn case10_numbered_user_interface_steps_under_a_phase_are_refused_or_left_out() {
    let env = TestEnv::new();
    let page = "# Onboarding phases

## Initiate phase

After you buy licenses, the FastTrack team contacts you.

### To request assistance

1. Sign in to the FastTrack site.
2. Select **FastTrack**.
3. Select **Services**.

## Enable phase

The steps may include:

- Licensing your end users.
- Configuring identities to be used by Intune.
- Adding users to your Intune subscription.
- Configuring your mobile device management authority.
- Configuring test groups.
- Enrolling test devices.
- Using hardware and software inventory reports.
";
    let (r, got) = import(&env, page, &[]);
    let r = r.code(1);
    assert!(got.is_none());
    assert!(
        r.err_says("this looks like a descriptive page")
            && r.err_says(
                "`To request assistance` lists numbered steps of a user interface (\"Sign in to the FastTrack site.\" …)"
            ),
        "{}",
        r.stderr
    );
    let (r, got) = import(&env, page, &["--allow-prose"]);
    let r = r.ok();
    let texts = field(&got.as_ref().unwrap().0, "text");
    assert_eq!(texts.len(), 7, "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("Select")), "{texts:?}");
    assert!(
        r.err_says("3 numbered step(s) of a user interface were left out"),
        "{}",
        r.stderr
    );
}

#[test]
fn case11_odd_indentation_notes_in_pointers_and_japanese_see_also_bullets() {
    let env = TestEnv::new();
    // A bullet ending in "including:" whose items follow as its siblings (indented too little
    // to be its sub-bullets, but more than it): it leads those in, and is no item.
    let page = "## Assess phase\n\n-   Participate in the planning meetings, including:\n  - Infrastructure.\n  - Network security.\n\n-   Create a support plan.\n\n    > [!NOTE]\n    > Keep the plan short.\n\n-   For more information, see [Planning](https://example.com/plan).\n\n    > [!NOTE]\n    > The planning guide is updated monthly.\n";
    let (r, got) = import(&env, page, &[]);
    let r = r.ok();
    let (tasks, yaml) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        [
            "Participate in the planning meetings, including: Infrastructure.",
            "Participate in the planning meetings, including: Network security.",
            "Create a support plan.",
        ]
    );
    // The note inside the dropped pointer is kept, on the item before it, and said so.
    assert!(
        yaml.contains("note: Keep the plan short. The planning guide is updated monthly."),
        "{yaml}"
    );
    assert!(
        r.err_says("1 bullet(s) that only point elsewhere (\"For more information, see …\") were dropped; the note(s) inside 1 of them went to the item before"),
        "{}",
        r.stderr
    );
    // A Japanese "see also" bullet, with or without a link, is dropped.
    let ja = "---\nms.locale: ja-jp\n---\n\n## <a name=\"assess-phase\"></a>評価フェーズ\n\n- 評価ツールを実行します。\n- 詳細については、「Intune の計画ガイド」を参照してください。\n- 詳細については、[計画](https://example.com/plan)を参照してください。\n";
    let (r, got) = import(&env, ja, &[]);
    let r = r.ok();
    assert_eq!(field(&got.unwrap().0, "text"), ["評価ツールを実行します。"]);
    assert!(
        r.err_says("2 bullet(s) that only point elsewhere"),
        "{}",
        r.stderr
    );
}
