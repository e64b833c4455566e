//! The shipped scenario of the June 2017 attack on the UK Parliament gives
//! the figures of the Parliament's statement (../data/README.md), the audit
//! names the delegations behind them, and revoking those delegations shows
//! in `diff`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::support::{arg, audit_findings, fixture, mailgraph, reach_path, repo_path};

const SCENARIO: &str = "data/parliament-2017";

fn reach() -> Value {
    let path = repo_path(SCENARIO);
    let run = mailgraph(&[
        "reach",
        arg(&path),
        "--incident",
        "june-2017",
        "--format",
        "json",
    ]);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap()
}

#[test]
fn reach_gives_the_statements_figures() {
    let value = reach();
    let totals = &value["totals"];
    assert_eq!(totals["users_affected"], 26);
    assert_eq!(totals["mailboxes"], 39);
    assert_eq!(totals["personal_mailboxes"], 28);
    assert_eq!(totals["generic_mailboxes"], 11);
    assert_eq!(totals["controllers"], 13);
    assert_eq!(totals["people"], 77);
    let accounts = totals["accounts"].as_u64().unwrap();
    assert!((8_800..=9_200).contains(&accounts), "{accounts} accounts");
    assert!(26.0 / (accounts as f64) < 0.005);

    let users = value["users"].as_array().unwrap();
    let by_role =
        |role: &str| -> Vec<&Value> { users.iter().filter(|u| u["role"] == role).collect() };
    let mps = by_role("MP");
    assert_eq!(mps.len(), 6);
    let through_delegate = mps
        .iter()
        .filter(|u| u["cause"] == "mailbox-exposed")
        .count();
    assert_eq!(through_delegate, 3);
    let staff = by_role("MP's staff");
    assert_eq!(staff.len(), 10);
    let offices: BTreeSet<&str> = staff.iter().map(|u| text(&u["unit"])).collect();
    assert_eq!(offices.len(), 10, "ten constituency offices: {offices:?}");
    let mp_offices: BTreeSet<&str> = mps.iter().map(|u| text(&u["unit"])).collect();
    assert!(
        mp_offices.is_subset(&offices),
        "{mp_offices:?} within {offices:?}"
    );
    assert_eq!(by_role("Lord").len(), 1);
    assert_eq!(by_role("Lord's staff").len(), 1);
    let commons = by_role("Commons administration");
    assert_eq!(commons.len(), 5);
    assert_eq!(
        commons.iter().filter(|u| u["contractor"] == true).count(),
        1
    );
    assert_eq!(by_role("Lords administration").len(), 2);
    assert_eq!(by_role("PDS sub-contractor").len(), 1);
    assert_eq!(users.len(), 26);

    // 28 personal mailboxes: each affected user's own, two users with two.
    let mailboxes = value["mailboxes"].as_array().unwrap();
    let mut per_owner: BTreeMap<String, usize> = BTreeMap::new();
    for mailbox in mailboxes.iter().filter(|m| m["mailbox_kind"] == "personal") {
        *per_owner
            .entry(text(&mailbox["owner"]).to_string())
            .or_default() += 1;
    }
    let affected: BTreeSet<String> = users.iter().map(|u| text(&u["id"]).to_string()).collect();
    assert_eq!(per_owner.keys().cloned().collect::<BTreeSet<_>>(), affected);
    let two = per_owner.values().filter(|n| **n == 2).count();
    assert_eq!(two, 2, "{per_owner:?}");

    // The Select Committee mailbox: 77 people to notify.
    let committee: Vec<&Value> = mailboxes
        .iter()
        .filter(|m| m["data_subjects"] == 77)
        .collect();
    assert_eq!(committee.len(), 1);
    assert_ne!(committee[0]["mailbox_kind"], "personal");
    assert!(text(&committee[0]["name"]).contains("Select Committee"));
    assert!(value["totals"]["people"].as_u64().unwrap() >= 77);
}

/// The three MPs' mailboxes exposed only through a delegate, and the
/// delegate (the path's start) of each.
fn delegated_mps(value: &Value) -> Vec<(String, String)> {
    let indirect: BTreeSet<&str> = value["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["role"] == "MP" && u["cause"] == "mailbox-exposed")
        .map(|u| text(&u["id"]))
        .collect();
    let mut pairs = Vec::new();
    for mailbox in value["mailboxes"].as_array().unwrap() {
        if mailbox["owner"]
            .as_str()
            .is_some_and(|owner| indirect.contains(owner))
        {
            assert_eq!(
                reach_path(value, mailbox)["hops"][0]["edge"],
                "FullAccess",
                "{mailbox}"
            );
            let staff = text(&reach_path(value, mailbox)["start"]).to_string();
            pairs.push((staff, text(&mailbox["id"]).to_string()));
        }
    }
    pairs
}

#[test]
fn the_audit_names_the_delegations_that_exposed_the_mps_and_the_committee() {
    let value = reach();
    let delegations = delegated_mps(&value);
    assert_eq!(delegations.len(), 3, "{delegations:?}");
    let path = repo_path(SCENARIO);
    let run = mailgraph(&[
        "audit",
        arg(&path),
        "--format",
        "json",
        "--today",
        "2026-01-01",
    ]);
    run.expect_status(0);
    let findings = audit_findings(&run);
    for (staff, mailbox) in &delegations {
        assert!(
            findings
                .iter()
                .any(|(rule, objects)| rule == "weak-delegate"
                    && objects[..2] == [staff.clone(), mailbox.clone()]),
            "no weak-delegate finding for {staff} on {mailbox}"
        );
    }
    let committee = value["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["data_subjects"] == 77)
        .map(|m| text(&m["id"]).to_string())
        .unwrap();
    assert!(
        findings
            .iter()
            .any(|(rule, objects)| rule == "weak-delegate" && objects[1] == committee),
        "the committee mailbox's weak delegates are named"
    );
}

#[test]
fn diff_shows_the_paths_removed_by_revoking_the_delegations() {
    let value = reach();
    let delegations = delegated_mps(&value);
    let affected_path = repo_path(&format!("{SCENARIO}/affected.ron"));
    let affected = std::fs::read_to_string(&affected_path).unwrap();
    // Copy the scenario, with every grant of those delegates on those
    // mailboxes taken out.
    let is_revoked = |line: &str| {
        line.trim_start().starts_with("(to:")
            && delegations.iter().any(|(staff, mailbox)| {
                line.contains(&format!("to: \"{staff}\""))
                    && line.contains(&format!("on: \"{mailbox}\""))
            })
    };
    let revoked_grants = affected.lines().filter(|line| is_revoked(line)).count();
    assert!(revoked_grants >= 3);
    let revoked: String = affected
        .lines()
        .filter(|line| !is_revoked(line))
        .map(|line| format!("{line}\n"))
        .collect();
    let mut files = vec![("affected.ron".to_string(), revoked)];
    for folder in ["generated", "incidents"] {
        for entry in std::fs::read_dir(repo_path(&format!("{SCENARIO}/{folder}"))).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
            files.push((name, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let copy = fixture(&borrowed);
    let old = repo_path(SCENARIO);
    let run = mailgraph(&[
        "diff",
        arg(&old),
        arg(copy.path()),
        "--format",
        "json",
        "--today",
        "2026-01-01",
    ]);
    run.expect_status(0);
    let diff: Value = serde_json::from_str(&run.stdout).unwrap();
    let removed: BTreeSet<(String, String)> = diff["personal_data_access"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "removed")
        .map(|c| {
            (
                text(&c["credential"]).to_string(),
                text(&c["mailbox"]).to_string(),
            )
        })
        .collect();
    for pair in &delegations {
        assert!(removed.contains(pair), "{pair:?} not among {removed:?}");
    }
    assert_eq!(
        diff["records"]["removed"].as_array().unwrap().len(),
        revoked_grants
    );
}
