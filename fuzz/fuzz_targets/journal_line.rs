//! The journal reader on arbitrary bytes: strict parse and lenient scan never panic, and agree
//! on what is an event.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.jsonl");
    let strict = ftrack::store::parse_journal(data, path);
    let scan = ftrack::store::scan_journal(data);
    if let Ok(events) = strict {
        assert!(scan.problems.is_empty());
        assert_eq!(events.len(), scan.events.len());
    }
});
