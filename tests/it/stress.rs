//! Issue 20: three clones used the way a team uses them, at random but reproducibly (a fixed
//! seed, a fixed number of operations, not a time): writers ticking, reopening, noting,
//! waiving and assigning, and people running `git commit -am`, `push`, `pull --rebase`,
//! `pull --autostash`, a merge pull, `stash` / write / `pop`, `reset --hard` of uncommitted
//! work, and a branch with a decision merged back. Then every clone is synced. Checked: no write
//! that reported success is lost, every clone shows the same tracker, and no writer's later
//! decision about an item replays before its earlier one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::clones::{clones, ft, git_try};
use crate::common::TestEnv;

/// How many operations, and the seed: about 200 operations run in seconds. (`STRESS_SEED` and
/// `STRESS_OPERATIONS` change them, to attack by hand.)
const OPERATIONS: usize = 200;
const SEED: u64 = 0x5eed_2020;

fn knob(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const ITEMS: [&str; 6] = [
    "kickoff-meeting",
    "stakeholders",
    "remediation",
    "network-configuration",
    "enable-services",
    "terms-of-use",
];

/// A small, seeded generator (xorshift): the same run every time.
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

/// A write that reported success: its token, writer, and how many events it recorded.
struct Written {
    token: String,
    events: usize,
}

struct Team<'a> {
    env: &'a TestEnv,
    clones: Vec<PathBuf>,
    rng: Rng,
    /// Each writer's next token number (writer k writes in clone k).
    counters: Vec<usize>,
    written: Vec<Written>,
    branches: usize,
}

impl Team<'_> {
    /// One ftrack write by clone `k`'s writer; remembered when it reports success.
    fn write(&mut self, k: usize) {
        let n = self.counters[k];
        self.counters[k] += 1;
        let token = format!("w{k}-{n}");
        let item = ITEMS[self.rng.below(ITEMS.len())];
        let other = ITEMS[self.rng.below(ITEMS.len())];
        let args: Vec<&str> = match self.rng.below(7) {
            0 | 1 => vec!["note", item, &token],
            2 => vec!["done", item, "--note", &token],
            3 => vec!["reopen", item, "--note", &token],
            4 => vec!["waive", item, "--reason", &token],
            5 => vec!["assign", item, "--owner", &token],
            _ => vec!["done", item, other, "--note", &token],
        };
        let mut full = vec!["--json"];
        full.extend(args);
        let user = format!("w{k}");
        let r = ft(self.env, &self.clones[k], &user, &full);
        if r.code != 0 {
            return;
        }
        let events = r.json()["changes"]
            .as_array()
            .map_or(0, |c| c.iter().filter(|c| c["result"] == "changed").count());
        if events > 0 {
            self.written.push(Written { token, events });
        }
    }

    /// One git operation in clone `k`, then the clean-up a user would do after it stopped.
    fn git_op(&mut self, k: usize) {
        let c = self.clones[k].clone();
        match self.rng.below(10) {
            0 | 1 => drop(git_try(&c, &["commit", "-qam", "work"])),
            2 | 3 => drop(git_try(&c, &["push", "-q", "origin", "HEAD:main"])),
            4 => drop(git_try(&c, &["pull", "-q", "--rebase", "origin", "main"])),
            5 => drop(git_try(
                &c,
                &["pull", "-q", "--rebase", "--autostash", "origin", "main"],
            )),
            6 => drop(git_try(
                &c,
                &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
            )),
            7 => {
                // Stash, a decision meanwhile, pop.
                let stashed = git_try(&c, &["stash", "-q"]);
                self.write(k);
                if stashed {
                    let _ = git_try(&c, &["stash", "pop", "-q"]);
                }
            }
            8 => drop(git_try(&c, &["reset", "-q", "--hard"])),
            _ => self.branch(k),
        }
        tidy(&c);
    }

    /// A branch from the commit before, a decision there, merged back.
    fn branch(&mut self, k: usize) {
        let c = self.clones[k].clone();
        self.branches += 1;
        let name = format!("side{}", self.branches);
        git_try(&c, &["commit", "-qam", "before the branch"]);
        let from = match git_try(&c, &["rev-parse", "-q", "--verify", "HEAD~1"]) {
            true => "HEAD~1",
            false => "HEAD",
        };
        if !git_try(&c, &["checkout", "-q", "-b", &name, from]) {
            return;
        }
        self.write(k);
        git_try(&c, &["commit", "-qam", "on the branch"]);
        git_try(&c, &["checkout", "-q", "main"]);
        git_try(&c, &["merge", "-q", "--no-edit", &name]);
    }

    /// Every clone committed, pulled and pushed until all hold the same commits; each writes
    /// what its outbox holds back (a write), and all sync again.
    fn sync(&mut self) {
        for round in 0..2 {
            for _ in 0..3 {
                for c in &self.clones {
                    git_try(c, &["add", "-A", ".ftrack"]);
                    git_try(c, &["commit", "-qm", "sync"]);
                    git_try(
                        c,
                        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
                    );
                    tidy(c);
                    git_try(c, &["push", "-q", "origin", "HEAD:main"]);
                }
            }
            if round == 0 {
                for (k, c) in self.clones.clone().iter().enumerate() {
                    ft(
                        self.env,
                        c,
                        &format!("w{k}"),
                        &["note", "checkpoint-meetings", &format!("flush-{k}")],
                    )
                    .ok();
                }
            }
        }
    }
}

/// What a user does after a git command stopped half-way: a rebase aborted, a merge committed.
fn tidy(c: &Path) {
    if c.join(".git/rebase-merge").exists() || c.join(".git/rebase-apply").exists() {
        git_try(c, &["rebase", "--abort"]);
    }
    if c.join(".git/MERGE_HEAD").exists() {
        git_try(c, &["add", "-A", ".ftrack"]);
        git_try(c, &["commit", "-qm", "merge", "--no-edit"]);
    }
}

/// The events of a clone, in replay order.
fn events(env: &TestEnv, c: &Path) -> Vec<Value> {
    let r = ft(env, c, "x", &["log", "--json"]).ok();
    r.json()["events"].as_array().unwrap().clone()
}

fn token(e: &Value) -> Option<String> {
    ["note", "reason", "owner"]
        .iter()
        .find_map(|f| e[*f].as_str())
        .filter(|t| t.starts_with('w') && t.contains('-'))
        .map(String::from)
}

#[test]
fn three_clones_at_random_lose_nothing_converge_and_keep_each_writer_s_order() {
    let env = TestEnv::new();
    let mut team = Team {
        env: &env,
        clones: clones(&env, &["a", "b", "c"]),
        rng: Rng(knob("STRESS_SEED", SEED).max(1)),
        counters: vec![0; 3],
        written: Vec::new(),
        branches: 0,
    };
    let operations = knob("STRESS_OPERATIONS", OPERATIONS as u64) as usize;
    for _ in 0..operations {
        let k = team.rng.below(3);
        if team.rng.below(10) < 6 {
            team.write(k);
        } else {
            team.git_op(k);
        }
    }
    team.sync();
    let lists: Vec<Value> = team
        .clones
        .iter()
        .map(|c| {
            ft(&env, c, "x", &["list", "--status", "all", "--json"])
                .ok()
                .json()["tasks"]
                .clone()
        })
        .collect();
    assert!(
        lists.windows(2).all(|w| w[0] == w[1]),
        "every clone shows the same items"
    );
    for c in &team.clones {
        let events = events(&env, c);
        let mut found: HashMap<String, usize> = HashMap::new();
        for e in &events {
            if let Some(t) = token(e) {
                *found.entry(t).or_default() += 1;
            }
        }
        for w in &team.written {
            assert_eq!(
                found.get(&w.token).copied().unwrap_or(0),
                w.events,
                "{}: the write {} reported success",
                c.display(),
                w.token
            );
        }
        // Per writer and item, the replay order is the order the writer decided in.
        let mut last: HashMap<(String, String), usize> = HashMap::new();
        for e in &events {
            let (Some(t), Some(item)) = (token(e), e["task"].as_str()) else {
                continue;
            };
            let (writer, n) = t.split_once('-').unwrap();
            let n: usize = n.parse().unwrap();
            let key = (writer.to_string(), item.to_string());
            if let Some(before) = last.get(&key) {
                assert!(
                    *before < n,
                    "{}: {writer}'s {t} on {item} replays after its {writer}-{before}",
                    c.display()
                );
            }
            last.insert(key, n);
        }
        let r = ft(&env, c, "x", &["doctor"]);
        assert_eq!(r.code, 0, "{}", r.stdout);
    }
    assert!(
        team.written.len() > OPERATIONS / 3,
        "{} writes",
        team.written.len()
    );
}
