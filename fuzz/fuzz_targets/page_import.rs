//! The page importer on arbitrary bytes (decoded as ftrack decodes pages): a catalog that
//! validates, or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = ftrack::model::import::mojibake::decode(data.to_vec());
    let options = ftrack::model::import::Options {
        allow_prose: true,
        ..Default::default()
    };
    if let Ok(imported) = ftrack::model::import::import(&text, "fuzz.md", &options) {
        ftrack::model::catalog::Catalog::parse(
            &imported.yaml,
            ftrack::model::catalog::Source::File("fuzz.yaml".into()),
        )
        .expect("an imported catalog validates");
    }
});
