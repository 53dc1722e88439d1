//! The journal reader on arbitrary bytes: strict parse and lenient scan never panic, and agree
//! on what is an event.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.jsonl");
    let strict = ftrack::store::journal::parse(data, path);
    let scan = ftrack::store::journal::scan(data);
    if let Ok(j) = strict {
        assert!(scan.problems.is_empty());
        assert_eq!(j.events.len(), scan.journal.events.len());
    }
});
