//! Generate a synthetic ftrack tracker for benchmarks: a catalog of ITEMS items over the five
//! FastTrack phases (or the built-in catalog when ITEMS is 38) and a journal of EVENTS events.
//!
//!     cargo run --release --example bench-gen -- OUT_DIR ITEMS EVENTS [PARTS]
//!
//! OUT_DIR gets `catalog.yaml` (unless ITEMS is 38) and `tracker/journal.jsonl`. With PARTS,
//! the tracker has the layout of a git work tree instead: `journal.jsonl` holds the `init` and
//! `layout` lines, and the events (format 3, with logical clocks) are split over PARTS parts in
//! `tracker/journal.d/`, as one clone writes them between commits. Deterministic: the same
//! arguments give the same files.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

const PHASES: [&str; 5] = ["general", "initiate", "assess", "remediate", "enable"];
const BUILTIN: &str = include_str!("../responsibilities.yaml");

/// A small deterministic PRNG (xorshift), so runs are reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 && args.len() != 4 {
        eprintln!("usage: bench-gen OUT_DIR ITEMS EVENTS [PARTS]");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[0]);
    let items: usize = args[1].parse().expect("ITEMS is a number");
    let events: usize = args[2].parse().expect("EVENTS is a number");
    let parts: Option<usize> = args.get(3).map(|p| p.parse().expect("PARTS is a number"));
    std::fs::create_dir_all(out.join("tracker")).expect("create OUT_DIR");

    let ids: Vec<String> = if items == 38 {
        BUILTIN
            .lines()
            .filter_map(|l| l.strip_prefix("  - id: "))
            .filter(|id| !PHASES.contains(id))
            .map(str::to_string)
            .collect()
    } else {
        let (yaml, ids) = catalog(items);
        std::fs::write(out.join("catalog.yaml"), yaml).expect("write catalog");
        ids
    };
    assert_eq!(ids.len(), items);
    let mut journal = std::io::BufWriter::new(
        std::fs::File::create(out.join("tracker/journal.jsonl")).expect("journal"),
    );
    let mut rng = Rng(0x5eed_f7ac_u64 ^ (items as u64) << 20 ^ events as u64);
    let start = 1_767_225_600i64; // 2026-01-01T00:00:00Z
    let people = ["alice", "bob", "carol", "dana", "erin", "deploy-bot"];
    for n in 0..events {
        let at = start + (n as i64) * 37;
        let time = chrono::DateTime::from_timestamp(at, 0)
            .expect("valid time")
            .format("%Y-%m-%dT%H:%M:%SZ");
        let by = people[rng.below(people.len())];
        let id = &ids[rng.below(ids.len())];
        let uid = format!("{:016x}{:016x}", rng.next(), rng.next());
        let line = if n == 0 {
            format!(
                r#"{{"v":1,"id":"{uid}","at":"{time}","seq":1,"by":"{by}","op":"init","name":"Bench {items}x{events}"}}"#
            )
        } else if n == events / 3 || n == 2 * events / 3 {
            // Every tracker is past its first advance (forced: items are still open), as a
            // real tracker is after Initiate.
            let (from, to) = if n == events / 3 {
                ("initiate", "assess")
            } else {
                ("assess", "remediate")
            };
            format!(
                r#"{{"v":1,"id":"{uid}","at":"{time}","seq":{},"by":"{by}","op":"advance","from":"{from}","to":"{to}","forced":true,"reason":"benchmark"}}"#,
                n + 1
            )
        } else {
            match rng.below(10) {
                0..=4 => format!(
                    r#"{{"v":1,"id":"{uid}","at":"{time}","seq":{},"by":"{by}","op":"done","task":"{id}","note":"completed during the scripted rollout, batch {n}"}}"#,
                    n + 1
                ),
                5 => format!(
                    r#"{{"v":1,"id":"{uid}","at":"{time}","seq":{},"by":"{by}","op":"reopen","task":"{id}","note":"verification failed"}}"#,
                    n + 1
                ),
                6 => format!(
                    r#"{{"v":1,"id":"{uid}","at":"{time}","seq":{},"by":"{by}","op":"waive","task":"{id}","reason":"not in scope for this tenant"}}"#,
                    n + 1
                ),
                _ => format!(
                    r#"{{"v":1,"id":"{uid}","at":"{time}","seq":{},"by":"{by}","op":"assign","task":"{id}","owner":"{}","due":"2026-{:02}-{:02}"}}"#,
                    n + 1,
                    people[rng.below(5)],
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
            }
        };
        writeln!(journal, "{line}").expect("write journal");
    }
    journal.flush().expect("flush journal");
    if items != 38 {
        // Record the catalog at init, as `ftrack init --catalog` does (relative to the tracker).
        let text = std::fs::read_to_string(out.join("tracker/journal.jsonl")).unwrap();
        let text = text.replacen(
            r#""op":"init","#,
            r#""op":"init","catalog":"../catalog.yaml","#,
            1,
        );
        std::fs::write(out.join("tracker/journal.jsonl"), text).unwrap();
    }
    if let Some(parts) = parts {
        split_into_parts(&out.join("tracker"), parts.max(1));
    }
}

/// The journal as one clone of a git work tree writes it: `init` and `layout` in
/// `journal.jsonl`, every other event (format 3, clock n) in `parts` parts of `journal.d/`.
fn split_into_parts(tracker: &std::path::Path, parts: usize) {
    let text = std::fs::read_to_string(tracker.join("journal.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // (seq, then the clock after it; "v":1 becomes "v":3.)
    let clocked = |line: &str, clock: usize| {
        let line = line.replacen(r#""v":1,"#, r#""v":3,"#, 1);
        let at = line.find(r#","by":"#).expect("a by field");
        format!("{},\"clock\":{clock}{}", &line[..at], &line[at..])
    };
    let init = clocked(lines[0], 1);
    let at = &init[init.find(r#""at":""#).unwrap() + 6..][..20];
    let layout = format!(
        r#"{{"v":4,"id":"{:032x}","at":"{at}","seq":2,"clock":2,"by":"bench","op":"layout","note":"journal.d"}}"#,
        0x1a7u64
    );
    std::fs::write(tracker.join("journal.jsonl"), format!("{init}\n{layout}\n")).unwrap();
    let dir = tracker.join("journal.d");
    std::fs::create_dir_all(&dir).unwrap();
    let rest = &lines[1..];
    let per = rest.len().div_ceil(parts).max(1);
    for (k, chunk) in rest.chunks(per).enumerate() {
        let name = format!("20260101T{:06}Z-be4c0000-{k:06x}.jsonl", k % 240000);
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(name)).unwrap());
        for (i, line) in chunk.iter().enumerate() {
            writeln!(f, "{}", clocked(line, 3 + k * per + i)).unwrap();
        }
        f.flush().unwrap();
    }
}

/// A catalog of `n` items spread over the phases, about 270 bytes of YAML per item.
fn catalog(n: usize) -> (String, Vec<String>) {
    let mut y = String::from("schema: 1\ntitle: Synthetic benchmark catalog\nphases:\n");
    for p in PHASES {
        let _ = writeln!(
            y,
            "  - id: {p}\n    description: The {p} phase of a large synthetic engagement."
        );
    }
    y.push_str("tasks:\n");
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let phase = PHASES[i % PHASES.len()];
        let id = format!("{phase}-item-{i:05}");
        let _ = writeln!(
            y,
            "  - id: {id}\n    phase: {phase}\n    title: Configure device group {i} per guidance\n    text: Configure the device group number {i} and its compliance policies per guidance from Microsoft, then confirm.{}",
            if i % 11 == 0 {
                "\n    required: false"
            } else {
                ""
            }
        );
        ids.push(id);
    }
    (y, ids)
}
