//! The catalog loader on arbitrary text: an error or a valid catalog, never a panic; a catalog
//! that loads has the invariants validation promises.
#![no_main]

use ftrack::model::catalog::{Catalog, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = Catalog::parse(text, Source::File("fuzz.yaml".into())) {
        assert!(!c.phases.is_empty());
        for t in &c.tasks {
            assert!(t.phase < c.phases.len());
            assert!(!t.title.trim().is_empty());
            assert_eq!(c.lookup(&t.id).map(|i| &c.tasks[i].id), Some(&t.id));
        }
    }
});
