use super::words::{Prepared, Weights, score, stem};
use super::*;
use crate::model::catalog::Catalog;

/// (phase, text) of every item of the built-in catalog.
fn builtin() -> Vec<(String, String)> {
    let c = Catalog::embedded().unwrap();
    c.tasks
        .iter()
        .map(|t| (c.phases[t.phase].id.clone(), t.text.clone()))
        .collect()
}

fn pairs(v: &[(String, String)]) -> Vec<Entry<'_>> {
    v.iter().map(|(p, t)| Entry::english(p, t)).collect()
}

/// The rewordings seen on real revisions of the source page (issue 15), as (old, new).
const REWORDED: &[(&str, &str)] = &[
    (
        "Configure network-related items per guidance from Microsoft.",
        "Configure network-related items per guidance from the FastTrack team.",
    ),
    (
        "Perform directory readiness and configure directory synchronization per guidance from Microsoft.",
        "Perform directory readiness and configure directory synchronization per guidance from the FastTrack team.",
    ),
    (
        "Implement a user-provisioning approach per guidance from Microsoft.",
        "Implement a user-provisioning approach per guidance from the FastTrack team.",
    ),
    (
        "Enable various services per guidance from Microsoft.",
        "Enable various services per guidance from the FastTrack team.",
    ),
    (
        "Install service packs and other required updates on infrastructure servers.",
        "Install service packs/cumulative updates (CUs) and other required updates on infrastructure servers.",
    ),
    (
        "Provide and configure any public Secure Sockets Layer (SSL) certificates.",
        "Providing and configuring any public SSL certificates.",
    ),
    (
        "Provide any enhancements and integrations to your Enterprise Mobility + Security (EMS) tenant beyond the configurable options listed here.",
        "Any enhancements and integrations to your Enterprise Mobility + Security (EMS) tenant beyond the configurable options listed here.",
    ),
    (
        "Share your screen with Microsoft if guidance is needed when running evaluation tools against your environment, EMS, or its individual cloud service subscriptions (if you choose to).",
        "If you choose to, share your screen with Microsoft if guidance is needed when running evaluation tools against your environment, EMS, or its individual cloud service subscriptions.",
    ),
];

#[test]
fn every_rewording_seen_on_real_revisions_matches_its_item() {
    let old = builtin();
    let mut new = old.clone();
    for (from, to) in REWORDED {
        let i = new
            .iter()
            .position(|(_, t)| t == from)
            .unwrap_or_else(|| panic!("not in the built-in catalog: {from}"));
        new[i].1 = to.to_string();
    }
    let got = pair_up(&pairs(&old), &pairs(&new));
    for (j, m) in got.iter().enumerate() {
        let m = m.unwrap_or_else(|| panic!("no match for {:?}", new[j].1));
        assert_eq!(m.old, j, "{:?} matched {:?}", new[j].1, old[m.old].1);
        if old[j].1 != new[j].1 {
            assert!(
                m.score >= FLOOR && m.score < 1.0,
                "{}: {}",
                new[j].1,
                m.score
            );
        }
    }
}

#[test]
fn the_older_revision_pairs_match_all_at_once() {
    // Removed and added together, as on a real pair of revisions: each finds its own.
    let old: Vec<Entry> = REWORDED
        .iter()
        .map(|(o, _)| Entry::english("general", o))
        .collect();
    let new: Vec<Entry> = REWORDED
        .iter()
        .rev()
        .map(|(_, n)| Entry::english("general", n))
        .collect();
    let got = pair_up(&old, &new);
    let n = REWORDED.len();
    for (j, m) in got.iter().enumerate() {
        assert_eq!(m.map(|m| m.old), Some(n - 1 - j), "{}", new[j].text);
    }
}

#[test]
fn unrelated_items_do_not_match() {
    let unrelated = [
        (
            "Create a support plan for migration readiness.",
            "Confirm the rollback plan with Microsoft.",
        ),
        (
            "Provide helpdesk documentation and training.",
            "Provide end-user communications, documentation, training, and change management.",
        ),
        (
            "Participate in checkpoint meetings.",
            "Participate in the meetings to plan online service configuration.",
        ),
        (
            "Set up on-premises multi-factor authentication.",
            "Set up or upgrade Configuration Manager to the minimum requirements for Microsoft Intune integration with Configuration Manager.",
        ),
        (
            "Procure, install, and configure software.",
            "Design, procure, install, and configure hardware and networking.",
        ),
    ];
    for (a, b) in unrelated {
        let got = pair_up(
            &[Entry::english("general", a)],
            &[Entry::english("general", b)],
        );
        assert_eq!(got, [None], "{a} ~ {b}: {}", similarity(a, b));
    }
}

#[test]
fn no_two_items_of_the_builtin_catalog_look_like_one_reworded() {
    let items = builtin();
    let prepared: Vec<Prepared> = items.iter().map(|(_, t)| Prepared::new(t, "en")).collect();
    let all: Vec<&Prepared> = prepared.iter().collect();
    let w = Weights::of(&all);
    let mut worst = (0.0, 0, 0);
    for i in 0..items.len() {
        for j in 0..items.len() {
            // The Assess and Enable screen-sharing items are the same sentence.
            if i == j
                || items[i].1.starts_with("Share your screen")
                    && items[j].1.starts_with("Share your screen")
            {
                continue;
            }
            let s = score(&prepared[i], &prepared[j], &w);
            if s > worst.0 {
                worst = (s, i, j);
            }
        }
    }
    assert!(
        worst.0 < FLOOR,
        "{:.2}: {:?} ~ {:?}",
        worst.0,
        items[worst.1].1,
        items[worst.2].1
    );
}

#[test]
fn stems_join_inflections() {
    assert_eq!(stem("Providing"), stem("provide"));
    assert_eq!(stem("configuring"), stem("configure"));
    assert_eq!(stem("certificates"), stem("certificate"));
    assert_eq!(stem("meetings"), stem("meeting"));
    assert_eq!(stem("process"), "process");
}
