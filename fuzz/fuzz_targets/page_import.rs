//! The page importer on arbitrary bytes (decoded as ftrack decodes pages), in every language it
//! knows and one it does not, for every party, with and without a base catalog: a catalog that
//! validates, or an error, never a panic. The first byte picks the language and the options.
#![no_main]

use std::sync::OnceLock;

use ftrack::model::catalog::{Catalog, Source};
use ftrack::model::import::{Options, import, mojibake};
use ftrack::model::lang::Party;
use libfuzzer_sys::fuzz_target;

const LOCALES: [&str; 9] = [
    "", "en-us", "de-de", "ja-jp", "fr-fr", "es-es", "pt-br", "zh-cn", "ko-kr",
];

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_first().map_or((0, data), |(h, r)| (*h, r));
    let text = mojibake::decode(rest.to_vec());
    let locale = LOCALES[usize::from(head) % LOCALES.len()];
    let page = if locale.is_empty() {
        text
    } else {
        format!("---\nms.locale: {locale}\n---\n{text}")
    };
    let party = match head / 16 % 4 {
        0 => None,
        1 => Some(Party::Customer),
        2 => Some(Party::Microsoft),
        _ => Some(Party::FastTrack),
    };
    static BUILT_IN: OnceLock<Catalog> = OnceLock::new();
    let base = (head & 0x80 != 0)
        .then(|| BUILT_IN.get_or_init(|| Catalog::embedded().expect("the built-in catalog")));
    let options = Options {
        base,
        allow_prose: head & 1 == 0,
        party,
    };
    if let Ok(imported) = import(&page, "fuzz.md", &options) {
        Catalog::parse(&imported.yaml, Source::File("fuzz.yaml".into()))
            .expect("an imported catalog validates");
    }
});
