//! Defects found by importing real localised pages of the responsibilities family (review of
//! issue 22): each test is a small made-up page with the shape the real page had.

use serde_json::Value;

use crate::common::TestEnv;
use crate::import_family::{field, import};

/// A page in `locale` (front matter) with `body`.
fn page(locale: &str, body: &str) -> String {
    format!("---\ntitle: Test\nms.locale: {locale}\n---\n\n{body}")
}

fn required(tasks: &[Value]) -> Vec<bool> {
    tasks
        .iter()
        .map(|t| t["required"].as_bool().unwrap())
        .collect()
}

/// `catalog check --json` of the imported p.yaml.
fn checked(env: &TestEnv) -> Value {
    let cat = env.path().join("p.yaml");
    env.run(&["catalog", "check", cat.to_str().unwrap(), "--json"])
        .ok()
        .json()
}

/// The Spanish and Portuguese pages indent some bullets by five spaces after the marker
/// (`-     <span …>`): CommonMark reads that as indented code inside the item. Its markup is
/// still the item's text, and its English original still the item's English.
#[test]
fn a_bullet_indented_five_spaces_is_read_as_text_not_as_code() {
    let env = TestEnv::new();
    let body = "## <a name=\"general-responsibilities\"></a>Responsabilidades generales\n\n-   <span>Preparar la sala.</span><span class=\"sxs-lookup\"><span>Prepare the room.</span></span>\n\n-     <span>Reservar el proyector para la reunión.</span><span class=\"sxs-lookup\"><span>Book the projector for the meeting.</span></span>\n\n-     Comprar **café** para el [equipo](https://example.com/equipo).\n\n## <a name=\"initiate-phase\"></a>Fase de inicio\n\n-   <span>Empezar.</span><span class=\"sxs-lookup\"><span>Begin.</span></span>\n";
    let (r, got) = import(&env, &page("es-es", body), &[]);
    r.ok();
    let (tasks, yaml) = got.unwrap();
    assert_eq!(
        field(&tasks, "id"),
        [
            "prepare-the-room",
            "book-the-projector-for-the-meeting",
            "comprar-cafe-para-el-equipo",
            "begin"
        ]
    );
    assert_eq!(
        field(&tasks, "text")[1..3],
        [
            "Reservar el proyector para la reunión.",
            "Comprar café para el equipo."
        ]
    );
    assert!(
        yaml.contains("text_en: Book the projector for the meeting.\n"),
        "{yaml}"
    );
    // Bullets in code in bullets, 20,000 deep: read without end of stack.
    let deep = format!("{body}\n{}x\n", "-     ".repeat(20_000));
    let (r, got) = import(&env, &page("es-es", &deep), &[]);
    r.ok();
    assert_eq!(got.unwrap().0.len(), 5);
}

/// A page in a language with no table (Korean, Hebrew) is read by the English rules, but its
/// ids are never a transliteration: they are numbered, as for Japanese.
#[test]
fn a_page_in_a_language_without_a_table_gets_numbered_ids_not_transliterations() {
    for (locale, body) in [
        (
            "ko-kr",
            "## <a name=\"general-responsibilities\"></a>일반 책임\n\n- 회의실을 준비합니다.\n- 커피를 주문합니다.\n\n## <a name=\"initiate-phase\"></a>시작 단계\n\n- 팀과 함께 시작합니다.\n",
        ),
        (
            "he-il",
            "## <a name=\"general-responsibilities\"></a>אחריות כללית\n\n- להכין את חדר הישיבות.\n- להזמין קפה לצוות.\n\n## <a name=\"initiate-phase\"></a>שלב ההתחלה\n\n- להתחיל את העבודה עם הצוות.\n",
        ),
    ] {
        let env = TestEnv::new();
        let (r, got) = import(&env, &page(locale, body), &[]);
        let r = r.ok();
        let (tasks, _) = got.unwrap();
        assert_eq!(
            field(&tasks, "id"),
            ["general-1", "general-2", "initiate-1"],
            "{locale}"
        );
        assert!(r.err_says("ids are numbered"), "{}", r.stderr);
        // The warning says what the English rules miss on such a page.
        assert!(r.err_says("optional"), "{}", r.stderr);
    }
    // An English item with a word in another script: an id of its English words.
    let env = TestEnv::new();
    let body = "## General responsibilities\n\n- Configure the 日本語 input method for the team.\n\n## Initiate phase\n\n- Start.\n";
    let (r, got) = import(&env, &page("en-us", body), &[]);
    r.ok();
    assert_eq!(
        field(&got.unwrap().0, "id"),
        ["configure-the-input-method-for-the-team", "start"]
    );
}

/// A Japanese page whose front matter says `en-us` is read as Japanese (its footer, its
/// optional wording, numbered ids), and an untranslated English page that carries a Japanese
/// locale is read as English: the text decides, and a warning says so.
#[test]
fn a_locale_the_text_contradicts_gives_way_to_the_text() {
    let env = TestEnv::new();
    let ja = "## <a name=\"general-responsibilities\"></a>基本的な責任\n\n- お客様のリソースのプロジェクト管理を提供します。\n- 画面を共有します (任意)。\n\n## <a name=\"initiate-phase\"></a>開始フェーズ\n\n- チームと連携してオンボーディングを開始します。\n\n> [!NOTE]\n> **詳細について** 「[EMS](https://example.com/ems)」を参照してください\n";
    let (r, got) = import(&env, &page("en-us", ja), &[]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(
        field(&tasks, "id"),
        ["general-1", "general-2", "initiate-1"]
    );
    assert_eq!(required(&tasks), [true, false, true]);
    assert_eq!(tasks[2]["catalog_note"], Value::Null, "{:?}", tasks[2]);
    assert!(r.err_says("`en-us`"), "{}", r.stderr);
    assert!(r.err_says("Japanese"), "{}", r.stderr);
    assert_eq!(checked(&env)["language"], "ja");

    let en = "## General responsibilities\n\n- Provide helpdesk documentation and training.\n- Procure, install, and configure software.\n\n## Initiate phase\n\n- Work with the Microsoft team to begin onboarding of eligible services.\n";
    let (r, got) = import(&env, &page("ja-jp", en), &[]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(
        field(&tasks, "id")[..2],
        [
            "provide-helpdesk-documentation-and-training",
            "procure-install-and-configure-software"
        ]
    );
    assert!(r.err_says("English"), "{}", r.stderr);
    assert_eq!(checked(&env)["language"], "en");
}

/// On an appendix page every heading is `##`: "FastTrack responsibilities", then "General",
/// "Assess phase" …, then "Your responsibilities" with its bullets right under it. The phase
/// headings do not end FastTrack's part, and the customer's bullets are the customer's general
/// responsibilities: alone, no catalog (it needs phases), said so, and nothing written.
#[test]
fn a_part_heading_at_the_level_of_the_phases_holds_until_another_part() {
    let env = TestEnv::new();
    let ours = "# Appendix\n\n## FastTrack responsibilities\n\nFastTrack has the following responsibilities during onboarding.\n\n## General\n\n- Give remote help with the setup.\n\n## Assess phase\n\n- Run the assessment tools.\n\n## Exchange Online\n\n- Guide the mailbox moves.\n\n";
    let yours = "## Your responsibilities\n\nYou have the following responsibilities during onboarding.\n\n- Assign the project resources.\n- Hold a monthly steering meeting.\n";
    let body = format!("{ours}{yours}");
    let (r, got) = import(&env, &page("en-us", &body), &[]);
    let r = r.code(2);
    assert!(got.is_none());
    assert!(
        r.err_says("the customer's (yours) part of the page lists general responsibilities only (2 item(s))"),
        "{}",
        r.stderr
    );
    assert!(r.err_says("`--party fasttrack`"), "{}", r.stderr);
    let (r, got) = import(&env, &page("en-us", &body), &["--party", "fasttrack"]);
    r.ok();
    assert_eq!(
        field(&got.unwrap().0, "text"),
        [
            "Give remote help with the setup.",
            "Run the assessment tools."
        ]
    );
    // With a phase of its own, the customer's part is imported, its first bullets as general.
    let body = format!("{ours}{yours}\n## Enable phase\n\n- Turn on the services.\n");
    let (r, got) = import(&env, &page("en-us", &body), &[]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        [
            "Assign the project resources.",
            "Hold a monthly steering meeting.",
            "Turn on the services."
        ]
    );
    assert_eq!(field(&tasks, "phase"), ["general", "general", "enable"]);
    assert!(r.err_says("FastTrack's: 2 item(s)"), "{}", r.stderr);
}

/// "Phasen im Onboarding- und Migrationsprozess" names the phases; it is no phase of its own
/// (it gave `n-im-onboarding-und-migrationsprozess`).
#[test]
fn a_heading_about_the_phases_is_no_phase() {
    let env = TestEnv::new();
    let body = "## <a name=\"onboarding-and-migration-phases\"></a>Phasen im Onboarding- und Migrationsprozess\n\nDas Onboarding hat vier Phasen.\n\n## <a name=\"general\"></a>Allgemein\n\n- Bereitstellen von Kaffee.\n\n## <a name=\"assess-phase\"></a>Analysephase\n\n- Bewerten der Umgebung.\n";
    let (r, got) = import(&env, &page("de-de", body), &[]);
    let r = r.ok();
    assert_eq!(field(&got.unwrap().0, "phase"), ["general", "assess"]);
    assert!(!r.err_says("migrationsprozess"), "{}", r.stderr);
}

/// Wording seen on real localised pages: footers that became notes, optional phrases that
/// stayed required.
#[test]
fn footers_and_optional_wording_seen_on_real_pages() {
    let footers = [
        (
            "de-de",
            "**Mehr Informationen** finden Sie unter [EMS](https://example.com/ems).",
        ),
        (
            "zh-cn",
            "**希望了解更多信息？** 请参阅 [EMS](https://example.com/ems)",
        ),
    ];
    for (locale, footer) in footers {
        let env = TestEnv::new();
        let body = format!(
            "## <a name=\"enable-phase\"></a>Phase\n\n- Eins.\n- Zwei.\n\n> [!NOTE]\n> {footer}\n"
        );
        let (r, got) = import(&env, &page(locale, &body), &[]);
        r.ok();
        let (tasks, yaml) = got.unwrap();
        assert_eq!(field(&tasks, "text"), ["Eins.", "Zwei."], "{locale}");
        assert!(!yaml.contains("note:"), "{yaml}");
    }
    let optional = [
        (
            "ja-jp",
            "Intune でプロファイルを展開する必要がある場合の、証明機関の構成。",
        ),
        (
            "pt-br",
            "Compartilhe a sua tela com a equipe (se essa for sua escolha).",
        ),
        ("es-es", "Compartir la pantalla con el equipo (si quiere)."),
    ];
    for (locale, item) in optional {
        let env = TestEnv::new();
        let body = format!("## <a name=\"assess-phase\"></a>Phase\n\n- {item}\n- Eins.\n");
        let (r, got) = import(&env, &page(locale, &body), &[]);
        r.ok();
        assert_eq!(required(&got.unwrap().0), [false, true], "{locale}");
    }
}

/// Bullets after a footer in the middle of a section are skipped, and the warning says why.
#[test]
fn bullets_after_a_footer_are_named_in_the_warning() {
    let env = TestEnv::new();
    let body = "## <a name=\"general-responsibilities\"></a>Allgemeine Zuständigkeiten\n\n- Bereitstellen von Kaffee.\n\n> [!NOTE]\n> **Möchten Sie mehr erfahren?** Siehe [Kaffee](https://example.com).\n\n- Bereitstellen von Tassen.\n\n## <a name=\"initiate-phase\"></a>Einleitungsphase\n\n- Beginnen des Projekts.\n";
    let (r, got) = import(&env, &page("de-de", body), &[]);
    let r = r.ok();
    assert_eq!(got.unwrap().0.len(), 2);
    assert!(
        r.err_says("after a footer") && r.err_says("Möchten Sie mehr erfahren"),
        "{}",
        r.stderr
    );
}

/// A Japanese title is cut before a particle or at the end of a run of letters, never inside
/// a word ("…確認しま…"), and a Latin word at the limit is cut off where the Japanese text
/// before it ends, not at the last space far before it ("会議室や PC、各自のノート…").
#[test]
fn japanese_titles_are_cut_between_words() {
    let env = TestEnv::new();
    let body = "## <a name=\"enable-phase\"></a>有効化フェーズ\n\n- プロジェクトの開始前に会議室の予約と備品の確認を行ってから参加者全員の日程とアクセス権限とサブスクリプションを確認します。\n- 会議室や PC、各自のノート パソコンに対する設定ツールの実行中に支援が必要な場合に、ContosoProjectTeam のメンバーと画面を共有します。\n";
    let (r, got) = import(&env, &page("ja-jp", body), &[]);
    r.ok();
    assert_eq!(
        field(&got.unwrap().0, "title"),
        [
            "プロジェクトの開始前に会議室の予約と備品の確認を行ってから参加者全員の日程とアクセス権限とサブスクリプション…",
            "会議室や PC、各自のノート パソコンに対する設定ツールの実行中に支援が必要な場合…",
        ]
    );
}
