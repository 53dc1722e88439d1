//! Reading localised pages by their language's rules (issue 22, cases 1–6): footers, optional
//! wording, groups named only by an anchor, lead-ins ending in "。", title cuts, Japanese ids.
//! Every page is a small made-up one.

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

/// A field of `show --json` for each item of p.yaml (`catalog_note`, `group`).
fn shown(env: &TestEnv, tasks: &[Value], name: &str) -> Vec<Value> {
    let cat = env.path().join("p.yaml");
    field(tasks, "id")
        .iter()
        .map(|id| {
            env.run(&["--catalog", cat.to_str().unwrap(), "show", id, "--json"])
                .ok()
                .json()[name]
                .clone()
        })
        .collect()
}

#[test]
fn case1_localised_footers_end_the_section_instead_of_becoming_a_note() {
    let footers = [
        (
            "de-de",
            "**Möchten Sie mehr erfahren?** Weitere Informationen finden Sie unter [EMS](https://example.com/ems).",
        ),
        (
            "ja-jp",
            "**詳細について** 「[EMS](https://example.com/ems)」を参照してください。",
        ),
        (
            "fr-fr",
            "**Vous voulez en savoir plus ?** Consultez [EMS](https://example.com/ems).",
        ),
        (
            "es-es",
            "**¿Quiere obtener más información?** Consulte [EMS](https://example.com/ems).",
        ),
        (
            "pt-br",
            "**Quer saber mais?** Consulte [EMS](https://example.com/ems).",
        ),
        (
            "zh-cn",
            "**想要了解更多？** 请参阅 [EMS](https://example.com/ems)。",
        ),
        // Only the English original on the page says that this is the footer.
        (
            "de-de",
            "<span>Zum Schluss ein Hinweis.</span><span class=\"sxs-lookup\">Want to learn more?</span>",
        ),
    ];
    for (locale, footer) in footers {
        let env = TestEnv::new();
        let body = format!(
            "## <a name=\"enable-phase\"></a>Phase\n\n- Eins.\n- Zwei.\n\n> [!NOTE]\n> {footer}\n"
        );
        let (r, got) = import(&env, &page(locale, &body), &[]);
        r.ok();
        let (tasks, _) = got.unwrap();
        assert_eq!(field(&tasks, "text"), ["Eins.", "Zwei."], "{locale}");
        let notes = shown(&env, &tasks, "catalog_note");
        assert_eq!(notes, [Value::Null, Value::Null], "{footer}");
    }
}

#[test]
fn case2_localised_and_english_original_wording_makes_an_item_optional() {
    let env = TestEnv::new();
    let de = page(
        "de-de",
        "## <a name=\"enable-phase\"></a>Aktivierungsphase\n\n- Einrichten des Proxys (falls erforderlich).\n- Teilen Sie Ihren Bildschirm mit dem FastTrack-Team (bei Bedarf).\n- Konfigurieren der Berichte, falls gewünscht.\n- <span>Aktualisieren der Clients auf die neueste Version.</span><span class=\"sxs-lookup\">Upgrade the clients to the latest version (if needed).</span>\n- Konfigurieren der Firewallports nach Bedarf.\n",
    );
    let (r, got) = import(&env, &de, &[]);
    r.ok();
    assert_eq!(
        required(&got.unwrap().0),
        [false, false, false, false, true]
    );
    let ja = page(
        "ja-jp",
        "## <a name=\"enable-phase\"></a>有効化フェーズ\n\n- プロキシを構成します（必要な場合）。\n- 画面を共有します (任意)。\n- 必要に応じてリソースを管理します。\n",
    );
    let (r, got) = import(&env, &ja, &[]);
    r.ok();
    assert_eq!(required(&got.unwrap().0), [false, false, true]);
    // English: "…, if deployed." at the end of an item, without parentheses.
    let en = "## Enable phase\n\n- Testing single sign-on (SSO) functionality, if deployed.\n- Configure the firewall ports.\n";
    let (r, got) = import(&env, en, &[]);
    r.ok();
    assert_eq!(required(&got.unwrap().0), [false, true]);
}

#[test]
fn case3_a_group_heading_named_only_by_its_anchor_is_a_group_with_its_lead_in() {
    let env = TestEnv::new();
    let body = "## <a name=\"enable-phase\"></a>有効化フェーズ\n\nコア サービスを構成します。\n\n- テナントを構成します。\n\n### <a name=\"enable-phase---intune\"></a>有効化フェーズ - Intune\n\nIntune の場合、次の手順が含まれます。\n\n- デバイスを登録します。\n- アプリを展開します。\n";
    let (r, got) = import(&env, &page("ja-jp", body), &[]);
    r.ok();
    let (tasks, yaml) = got.unwrap();
    let groups = shown(&env, &tasks, "group");
    assert_eq!(groups, [Value::Null, "Intune".into(), "Intune".into()]);
    assert_eq!(
        field(&tasks, "text"),
        [
            "テナントを構成します。",
            "Intune の場合、次の手順が含まれます：デバイスを登録します。",
            "Intune の場合、次の手順が含まれます：アプリを展開します。",
        ]
    );
    assert!(
        yaml.contains("description: コア サービスを構成します。\n"),
        "{yaml}"
    );
}

#[test]
fn case4_a_sentence_ending_in_a_full_stop_that_introduces_a_list_is_a_lead_in() {
    let env = TestEnv::new();
    let body = "## <a name=\"assess-phase\"></a>評価フェーズ\n\n- 次の点に関するガイダンスを行います。\n  - DNS を構成します。\n  - ファイアウォールを構成します。\n\n評価には次の作業が含まれます。\n\n- 環境を評価します。\n\n- 修復計画を作成します。\n  - 計画を確認します。\n";
    let (r, got) = import(&env, &page("ja-jp", body), &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(
        field(&tasks, "text"),
        [
            "次の点に関するガイダンスを行います：DNS を構成します。",
            "次の点に関するガイダンスを行います：ファイアウォールを構成します。",
            "評価には次の作業が含まれます：環境を評価します。",
            // A parent that is a sentence of its own stays an item, as in English.
            "評価には次の作業が含まれます：修復計画を作成します。",
            "評価には次の作業が含まれます：計画を確認します。",
        ]
    );
    let zh =
        "## <a name=\"assess-phase\"></a>评估阶段\n\n- 提供有关以下方面的指导。\n  - 配置 DNS。\n";
    let (r, got) = import(&env, &page("zh-cn", zh), &[]);
    r.ok();
    assert_eq!(
        field(&got.unwrap().0, "text"),
        ["提供有关以下方面的指导：配置 DNS。"]
    );
}

#[test]
fn case5_titles_are_not_cut_on_little_words_suspended_compounds_or_abbreviations() {
    let env = TestEnv::new();
    let de = page(
        "de-de",
        "## <a name=\"general-responsibilities\"></a>Allgemeine Zuständigkeiten\n\n- Bereitstellen etwaiger Optimierungen und Integrationen für Ihren Enterprise Mobility + Security-Mandanten, die über die hier angegebenen Optionen hinausgehen.\n- Bereitstellen eines umfassenden Programm- und Projektmanagements für alle Ressourcen Ihrer Organisation.\n\n## <a name=\"enable-phase\"></a>Aktivierungsphase\n\n- Konfigurieren sicherheitsrelevanter Infrastruktur (z. B. Firewallports und Proxys) gemäß Anleitung des FastTrack-Teams.\n",
    );
    let (r, got) = import(&env, &de, &[]);
    r.ok();
    let (tasks, _) = got.unwrap();
    let little = ["für", "und", "die", "der", "des", "von", "z", "ihren"];
    for title in field(&tasks, "title") {
        let head = title.trim_end_matches('…');
        let last = head.rsplit([' ', '(']).next().unwrap().to_lowercase();
        assert!(!little.contains(&last.as_str()), "{title}");
        assert!(!head.ends_with('-'), "{title}");
        assert_eq!(
            head.matches('(').count(),
            head.matches(')').count(),
            "{title}"
        );
        assert!(title.chars().count() <= 60, "{title}");
    }
    let ja = page(
        "ja-jp",
        "## <a name=\"enable-phase\"></a>有効化フェーズ\n\n- Windows Autopilot プロファイルでのデバイスの作成と割り当て (例: ローカル管理者アカウントの作成を制限する Windows Autopilot プロファイル)。\n",
    );
    let (r, got) = import(&env, &ja, &[]);
    r.ok();
    let title = field(&got.unwrap().0, "title")[0].to_string();
    assert!(!title.contains("(例"), "{title}");
    assert!(
        title.starts_with("Windows Autopilot プロファイルでのデバイスの作成と割り当て"),
        "{title}"
    );
}

#[test]
fn case6_japanese_items_get_numbered_ids_never_mandarin_readings_and_whole_titles() {
    let env = TestEnv::new();
    let body = "## <a name=\"assess-phase\"></a>評価フェーズ\n\n- 評価ツールを実行します。\n- Microsoft Intune と Configuration Manager の統合の最小要件を満たすように、サイト サーバーとすべてのクライアントを最新のバージョンにアップグレードします。\n";
    let (r, got) = import(&env, &page("ja-jp", body), &[]);
    let r = r.ok();
    let (tasks, _) = got.unwrap();
    assert_eq!(field(&tasks, "id"), ["assess-1", "assess-2"]);
    let titles = field(&tasks, "title");
    assert_eq!(titles[0], "評価ツールを実行します");
    assert!(
        titles[1].starts_with("Microsoft Intune と Configuration Manager の統合の最小要件")
            && titles[1].chars().count() <= 60,
        "{}",
        titles[1]
    );
    assert!(
        r.err_says("their ids are numbered within their phase"),
        "{}",
        r.stderr
    );
}

/// Each language's own page, with no front matter (the language is told from the text) and no
/// anchors (the headings are read in the page's language): its general and phase headings, an
/// optional item, a see-also bullet and a footer, each by that language's table.
#[test]
fn every_language_reads_a_page_of_its_own() {
    let pages = [
        (
            "de",
            "# Ihre Zuständigkeiten\n\n## Allgemeine Zuständigkeiten\n\n- Bereitstellen von Schulungen für den Helpdesk.\n\n## Einleitungsphase\n\n- Teilnehmen an der Kick-off-Besprechung.\n- Einrichten des Proxys (falls erforderlich).\n- Weitere Informationen finden Sie unter [Planung](https://example.com/p).\n\n> [!NOTE]\n> **Möchten Sie mehr erfahren?** Siehe [EMS](https://example.com/ems).\n",
        ),
        (
            "fr",
            "# Vos responsabilités\n\n## Responsabilités générales\n\n- Fournir la documentation et la formation pour le support technique.\n\n## Phase de lancement\n\n- Participer à la réunion de lancement.\n- Configurer le proxy (si nécessaire).\n- Pour plus d'informations, consultez [Planification](https://example.com/p).\n\n> [!NOTE]\n> **Vous voulez en savoir plus ?** Consultez [EMS](https://example.com/ems).\n",
        ),
        (
            "es",
            "# Sus responsabilidades\n\n## Responsabilidades generales\n\n- Proporcionar la documentación y la formación para el departamento de soporte técnico.\n\n## Fase de inicio\n\n- Participar en la reunión de inicio.\n- Configurar el proxy (si es necesario).\n- Para obtener más información, consulte [Planificación](https://example.com/p).\n\n> [!NOTE]\n> **¿Quiere obtener más información?** Consulte [EMS](https://example.com/ems).\n",
        ),
        (
            "pt",
            "# Suas responsabilidades\n\n## Responsabilidades gerais\n\n- Fornecer a documentação e o treinamento para a assistência técnica.\n\n## Fase de iniciação\n\n- Participar da reunião de abertura.\n- Configurar o proxy (se necessário).\n- Para obter mais informações, consulte [Planejamento](https://example.com/p).\n\n> [!NOTE]\n> **Quer saber mais?** Consulte [EMS](https://example.com/ems).\n",
        ),
        (
            "ja",
            "# お客様の責任\n\n## 一般的な責任\n\n- ヘルプデスク向けのドキュメントとトレーニングを提供します。\n\n## 開始フェーズ\n\n- キックオフ会議に参加します。\n- プロキシを構成します（必要な場合）。\n- 詳細については、「計画ガイド」を参照してください。\n\n> [!NOTE]\n> **詳細について** 「[EMS](https://example.com/ems)」を参照してください。\n",
        ),
        (
            "zh",
            "# 您的职责\n\n## 一般职责\n\n- 提供技术支持人员的文档和培训。\n\n## 启动阶段\n\n- 参加启动会议。\n- 配置代理（如果需要）。\n- 有关详细信息，请参阅[规划](https://example.com/p)。\n\n> [!NOTE]\n> **想要了解更多？** 请参阅 [EMS](https://example.com/ems)。\n",
        ),
    ];
    for (code, page) in pages {
        let env = TestEnv::new();
        let (r, got) = import(&env, page, &[]);
        let r = r.ok();
        let (tasks, yaml) = got.unwrap();
        assert_eq!(
            field(&tasks, "phase"),
            ["general", "initiate", "initiate"],
            "{code}"
        );
        assert_eq!(required(&tasks), [true, true, false], "{code}");
        let notes = shown(&env, &tasks, "catalog_note");
        assert!(notes.iter().all(Value::is_null), "{code}: {notes:?}");
        assert!(
            r.err_says("1 bullet(s) that only point elsewhere"),
            "{code}: {}",
            r.stderr
        );
        assert!(
            yaml.contains(&format!("language: {code}\n")),
            "{code}: {yaml}"
        );
    }
}
