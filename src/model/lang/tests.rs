use super::*;

fn rules(code: &str) -> Rules {
    Rules::new(by_locale(code).unwrap())
}

#[test]
fn every_language_has_a_table_found_by_its_locale() {
    for (locale, code) in [
        ("en-us", "en"),
        ("de-DE", "de"),
        ("ja_JP", "ja"),
        ("fr-fr", "fr"),
        ("es-es", "es"),
        ("pt-br", "pt"),
        ("zh-tw", "zh"),
    ] {
        assert_eq!(by_locale(locale).map(|l| l.code), Some(code), "{locale}");
    }
    assert!(by_locale("ko-kr").is_none());
}

#[test]
fn optional_phrases_by_language() {
    let de = rules("de");
    assert!(de.optional("Einrichten des Proxys (falls erforderlich)."));
    assert!(de.optional("Teilen Sie Ihren Bildschirm (bei Bedarf)."));
    assert!(de.optional("Konfigurieren der Berichte, falls gewünscht."));
    assert!(de.optional(
        "Falls für die Bereitstellung von WLAN-Profilen mit Intune erforderlich, Konfigurieren der Zertifizierungsstelle."
    ));
    assert!(!de.optional("Ausführen der erforderlichen Schritte."));
    assert!(!de.optional("Verwalten von Ressourcen nach Bedarf."));
    // English words count on every page.
    assert!(de.optional("Konfigurieren (if needed)."));
    let ja = rules("ja");
    assert!(ja.optional("プロキシを構成します（必要な場合）。"));
    assert!(ja.optional("画面を共有します (任意)。"));
    assert!(!ja.optional("必要に応じてリソースを管理します。"));
    let en = Rules::english();
    assert!(en.optional("Testing single sign-on (SSO) functionality, if deployed."));
    assert!(!en.optional("Configure the optionally-named setting."));
}

#[test]
fn footers_pointers_and_lead_ins_by_language() {
    let de = rules("de");
    assert!(de.footer("Möchten Sie mehr erfahren? Weitere Informationen …"));
    assert!(de.footer("Want to learn more? See EMS."));
    let ja = rules("ja");
    assert!(ja.footer("詳細について 「Enterprise Mobility + Security」を参照してください"));
    assert!(ja.pointer(
        "詳細については、「Intune のドキュメント」を参照してください。",
        0
    ));
    assert!(!ja.pointer("詳細な計画を作成します。", 0));
    assert!(ja.lead_in("次の点に関するガイダンスを行います。"));
    assert!(ja.lead_in("以下の手順が含まれます。"));
    assert!(!ja.lead_in("チェックポイント会議に参加します。"));
    assert!(Rules::english().lead_in("Provide guidance about:"));
    assert!(!Rules::english().lead_in("Provide guidance."));
}

#[test]
fn sentences_do_not_end_inside_abbreviations() {
    let de = rules("de");
    let text = "Konfigurieren der Infrastruktur (z. B. Firewallports). Danach testen.";
    let end = de.first_sentence(text).unwrap();
    assert_eq!(
        &text[..end],
        "Konfigurieren der Infrastruktur (z. B. Firewallports)."
    );
    let en = Rules::english();
    assert_eq!(en.first_sentence("Configure ports (e.g. 443) now."), None);
    let ja = rules("ja");
    let t = "画面を共有します。リソースを管理します。";
    assert_eq!(&t[..ja.first_sentence(t).unwrap()], "画面を共有します。");
}

#[test]
fn parties_by_their_nearest_name() {
    let en = Rules::english();
    assert_eq!(
        en.party("Microsoft responsibilities"),
        Some(Party::Microsoft)
    );
    assert_eq!(
        en.party("This section describes some of Microsoft's responsibilities."),
        Some(Party::Microsoft)
    );
    assert_eq!(en.party("Your responsibilities"), Some(Party::Customer));
    assert_eq!(
        en.party("FastTrack Specialists have the following responsibilities"),
        Some(Party::FastTrack)
    );
    assert_eq!(
        en.party("Phases of the onboarding process"),
        Some(Party::Phases)
    );
    assert_eq!(en.party("General responsibilities"), None);
    assert_eq!(en.party("Enable phase"), None);
    assert_eq!(
        rules("de").party("Ihre Zuständigkeiten"),
        Some(Party::Customer)
    );
    assert_eq!(
        rules("de").party("FastTrack-Zuständigkeiten"),
        Some(Party::FastTrack)
    );
    assert_eq!(rules("ja").party("お客様の責任"), Some(Party::Customer));
    assert_eq!(
        rules("ja").party("Microsoft の責任"),
        Some(Party::Microsoft)
    );
}

#[test]
fn phases_named_in_the_pages_language() {
    let de = rules("de");
    assert_eq!(
        de.native_phase("Einleitungsphase"),
        Some(("initiate".into(), None))
    );
    assert_eq!(
        de.native_phase("Allgemeine Zuständigkeiten"),
        Some(("general".into(), None))
    );
    assert_eq!(
        rules("ja").native_phase("有効化フェーズ - Intune"),
        Some(("enable".into(), Some("Intune".into())))
    );
    assert_eq!(
        rules("fr").native_phase("Phase d'évaluation"),
        Some(("assess".into(), None))
    );
    assert_eq!(rules("ja").native_phase("お客様の責任"), None);
}

#[test]
fn the_language_of_a_page_from_its_words() {
    let de = ["Bereitstellen von Dokumentation und Schulung für das Helpdesk."];
    assert_eq!(detect(de.into_iter()).code, "de");
    let ja = ["オンプレミスの多要素認証の設定。"];
    assert_eq!(detect(ja.into_iter()).code, "ja");
    let zh = ["设置本地多重身份验证。"];
    assert_eq!(detect(zh.into_iter()).code, "zh");
    let fr = ["Fournir la documentation et la formation pour le support technique."];
    assert_eq!(detect(fr.into_iter()).code, "fr");
    let es = ["Proporcionar la documentación y la formación del departamento de soporte técnico."];
    assert_eq!(detect(es.into_iter()).code, "es");
    let pt = ["Fornecer a documentação e o treinamento da assistência técnica."];
    assert_eq!(detect(pt.into_iter()).code, "pt");
    let en = ["Provide helpdesk documentation and training."];
    assert_eq!(detect(en.into_iter()).code, "en");
    assert_eq!(detect(std::iter::empty()).code, "en");
}
