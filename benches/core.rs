//! Micro-benchmarks of what every command pays for: loading a catalog, reading the journal,
//! replaying it, and the snapshot cache that spares most commands the first three.
//!
//!     cargo bench --bench core

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ftrack::model::catalog::{Catalog, Source};
use ftrack::model::state::Engagement;
use ftrack::store::parse_journal;

const PHASES: [&str; 5] = ["general", "initiate", "assess", "remediate", "enable"];

fn catalog_yaml(n: usize) -> String {
    let mut y = String::from("schema: 1\ntitle: Bench\nphases:\n");
    for p in PHASES {
        let _ = writeln!(y, "  - id: {p}\n    description: The {p} phase.");
    }
    y.push_str("tasks:\n");
    for i in 0..n {
        let p = PHASES[i % 5];
        let _ = writeln!(
            y,
            "  - id: {p}-item-{i:05}\n    phase: {p}\n    title: Configure device group {i}\n    text: Configure the device group number {i} and its compliance policies per guidance from Microsoft."
        );
    }
    y
}

fn journal_lines(items: usize, events: usize) -> String {
    let mut j = String::new();
    for n in 0..events {
        let p = PHASES[n % 5];
        let i = (n * 7919) % items;
        let op = ["done", "reopen", "assign"][n % 3];
        let extra = if op == "assign" {
            r#","owner":"alice","due":"2026-12-01""#
        } else {
            r#","note":"batch step""#
        };
        let _ = writeln!(
            j,
            r#"{{"v":1,"id":"{n:032x}","at":"2026-01-01T00:00:00Z","seq":{},"by":"bench","op":"{op}","task":"{p}-item-{i:05}"{extra}}}"#,
            n + 1
        );
    }
    j
}

fn benches(c: &mut Criterion) {
    c.bench_function("catalog: parse built-in (38 items)", |b| {
        b.iter(|| Catalog::embedded().unwrap())
    });
    for n in [1_000, 10_000] {
        let yaml = catalog_yaml(n);
        c.bench_function(&format!("catalog: parse {n} items"), |b| {
            b.iter(|| Catalog::parse(black_box(&yaml), Source::File("bench.yaml".into())).unwrap())
        });
    }
    for (items, events) in [(1_000, 10_000), (10_000, 100_000)] {
        let yaml = catalog_yaml(items);
        let lines = journal_lines(items, events);
        let catalog = Catalog::parse(&yaml, Source::File("bench.yaml".into())).unwrap();
        c.bench_function(&format!("journal: parse {events} events"), |b| {
            b.iter(|| parse_journal(black_box(lines.as_bytes()), Path::new("j")).unwrap())
        });
        let parsed = parse_journal(lines.as_bytes(), Path::new("j")).unwrap();
        c.bench_function(
            &format!("replay: {events} events over {items} items"),
            |b| b.iter(|| Engagement::replay(catalog.clone(), black_box(parsed.clone()))),
        );
        let t = Engagement::replay(catalog.clone(), parsed.clone());
        let bytes = postcard::to_stdvec(&t).unwrap();
        c.bench_function(&format!("snapshot: decode {items} items"), |b| {
            b.iter(|| {
                let mut t: Engagement = postcard::from_bytes(black_box(&bytes)).unwrap();
                t.catalog.reindex();
                t
            })
        });
    }
}

criterion_group! {
    name = core;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(core);
