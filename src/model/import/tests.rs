//! Fuzz: pages made of the pieces real pages in every known language are made of (headings
//! with anchors and English originals, lead-ins, nested and numbered lists, notes, footers,
//! party headings), shuffled and cut: a catalog that validates, or an error, never a panic.

use proptest::prelude::*;

use super::{Options, import};
use crate::model::catalog::{Catalog, Source};
use crate::model::lang::Party;

const PIECES: &[&str] = &[
    "## General responsibilities\n\n",
    "## <a name=\"assess-phase\"></a>評価フェーズ\n\n",
    "## <a name=\"enable-phase\"></a><span>Aktivierungsphase</span><span class=\"sxs-lookup\"><span>Enable phase</span></span>\n\n",
    "### <a name=\"enable-phase---intune\"></a>有効化フェーズ - Intune\n\n",
    "## Einleitungsphase\n\n",
    "## Phase d'évaluation\n\n",
    "## Microsoft responsibilities\n\n",
    "## Your responsibilities\n\n",
    "## Phases of the onboarding process\n\n",
    "# FastTrack-Zuständigkeiten\n\n",
    "### To request assistance\n\n",
    "- Provide guidance about:\n  - DNS.\n  - Firewall ports (if needed).\n",
    "- 次の点に関するガイダンスを行います。\n  - DNS を構成します。\n",
    "- Participate in meetings, including:\n  - Network.\n",
    "- Einrichten des Proxys (falls erforderlich).\n",
    "- <span>Teilen Sie Ihren Bildschirm (bei Bedarf).</span><span class=\"sxs-lookup\">Share your screen (if you choose to).</span>\n",
    "- 詳細については、「計画」を参照してください。\n",
    "- For more information, see [X](https://example.com).\n\n  > [!NOTE]\n  > A note.\n",
    "1. Sign in to the FastTrack site.\n2. Select **Services**.\n",
    "Intune の場合、次の手順が含まれます。\n\n",
    "> [!NOTE]\n> **Möchten Sie mehr erfahren?** Siehe [EMS](https://example.com).\n\n",
    "This section describes some of Microsoft's responsibilities.\n\n",
    "- Konfigurieren sicherheitsrelevanter Infrastruktur (z. B. Firewallports) gemäß Anleitung des FastTrack-Teams und aller Partner.\n",
    "- Windows Autopilot プロファイルでのデバイスの作成と割り当て (例: ローカル管理者アカウントの作成を制限する Windows Autopilot プロファイル)。\n",
    "\n",
    "  ",
    "<span>",
    "</span>",
    "---\nms.locale: ja-jp\n---\n",
];

fn check(page: &str, options: &Options) {
    if let Ok(imported) = import(page, "fuzz.md", options) {
        Catalog::parse(&imported.yaml, Source::File("fuzz.yaml".into()))
            .expect("an imported catalog validates");
    }
}

fn options(n: u8) -> Options<'static> {
    Options {
        base: None,
        allow_prose: n & 1 == 0,
        party: match n / 2 % 4 {
            0 => None,
            1 => Some(Party::Customer),
            2 => Some(Party::Microsoft),
            _ => Some(Party::FastTrack),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fuzz_pages_of_known_pieces(picks in proptest::collection::vec(0..PIECES.len(), 0..24), cut in 0usize..2000, n in any::<u8>()) {
        let mut page: String = picks.iter().map(|&i| PIECES[i]).collect();
        let at = page.char_indices().map(|(i, _)| i).find(|&i| i >= cut).unwrap_or(page.len());
        page.truncate(at);
        check(&page, &options(n));
        let base = Catalog::embedded().unwrap();
        let with_base = Options { base: Some(&base), ..options(n) };
        check(&page, &with_base);
    }

    #[test]
    fn fuzz_arbitrary_pages(text in ".{0,400}", n in any::<u8>()) {
        check(&text, &options(n));
        check(&format!("## Assess phase\n\n- {text}\n"), &options(n));
    }
}
