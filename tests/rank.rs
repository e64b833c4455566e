//! `mailgraph rank`: the blast radius ranking, sorted by a chosen count and
//! limited by MFA, role, unit and kind of credential.

use serde_json::Value;

use crate::support::{column, mailgraph};

const OFFICE: &str = "tests/fixtures/office";

fn ranked(extra: &[&str]) -> Value {
    let mut args = vec!["rank", OFFICE, "--format", "json"];
    args.extend_from_slice(extra);
    let run = mailgraph(&args);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("rank JSON")
}

fn ids(value: &Value) -> Vec<String> {
    column(&value["credentials"], "/id")
}

#[test]
fn the_default_order_is_mailboxes_then_people() {
    let value = ranked(&[]);
    assert_eq!(
        ids(&value),
        [
            "erin",
            "helpdesk@house.example",
            "carol",
            "dave",
            "bob",
            "alice",
            "frank"
        ]
    );
    // `--sort mailboxes` is the default spelled out.
    assert_eq!(ids(&ranked(&["--sort", "mailboxes"])), ids(&value));
}

#[test]
fn sort_by_people_puts_the_most_people_first_ties_by_mailboxes() {
    let value = ranked(&["--sort", "people"]);
    let people = column(&value["credentials"], "/blast_radius/people");
    assert_eq!(people, ["77", "77", "77", "45", "40", "17", "0"]);
    // 77 people each: erin (4 mailboxes), helpdesk (3), dave (2).
    assert_eq!(ids(&value)[..3], ["erin", "helpdesk@house.example", "dave"]);
}

#[test]
fn sort_by_each_key_is_largest_first() {
    for key in ["personal", "generic", "full", "read", "send", "takeovers"] {
        let value = ranked(&["--sort", key, "--top", "0"]);
        let counts: Vec<u64> = column(&value["credentials"], &format!("/blast_radius/{key}"))
            .iter()
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(counts.len(), 7, "{key}");
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{key}: {counts:?}");
    }
    mailgraph(&["rank", OFFICE, "--sort", "size"])
        .expect_status(2)
        .stderr_has("invalid value 'size'");
}

#[test]
fn filters_keep_only_matching_credentials() {
    // Without MFA: alice and dave have it.
    assert_eq!(
        ids(&ranked(&["--no-mfa"])),
        ["erin", "helpdesk@house.example", "carol", "bob", "frank"]
    );
    assert_eq!(
        ids(&ranked(&["--role", "Member's staff"])),
        ["carol", "bob"]
    );
    assert_eq!(
        ids(&ranked(&["--role", "MP", "--role", "Contractor"])),
        ["erin", "alice"]
    );
    assert_eq!(
        ids(&ranked(&["--unit", "Office A", "--no-mfa"])),
        ["carol", "bob"]
    );
    assert_eq!(
        ids(&ranked(&["--kind", "mailbox-credential"])),
        ["helpdesk@house.example"]
    );
    let accounts = ranked(&["--kind", "account", "--sort", "people"]);
    assert_eq!(accounts["credentials_ranked"], 6);
    assert_eq!(ids(&accounts)[..2], ["erin", "dave"]);
    // The table counts what the filters kept.
    mailgraph(&["rank", OFFICE, "--kind", "account", "--top", "2"])
        .expect_status(0)
        .stdout_has("2 of 6 credentials shown");
    // CSV: the same rows.
    let csv = mailgraph(&["rank", OFFICE, "--role", "MP", "--format", "csv"]);
    csv.expect_status(0);
    assert_eq!(csv.stdout.lines().count(), 2, "{}", csv.stdout);
    assert!(csv.stdout.lines().nth(1).unwrap().starts_with("alice,"));
}

#[test]
fn a_role_or_unit_no_account_has_is_refused_with_the_nearest() {
    mailgraph(&["rank", OFFICE, "--role", "Contracter", "--unit", "Ofice A"])
        .expect_status(2)
        .stderr_has("--role `Contracter`: no account has it; nearest known: `Contractor`")
        .stderr_has("--unit `Ofice A`: no account has it; nearest known: `Office A`");
}

#[test]
fn a_redacted_ranking_sorts_by_the_key_then_pseudonym() {
    let run = mailgraph(&[
        "rank",
        OFFICE,
        "--sort",
        "people",
        "--redact-key",
        "k",
        "--format",
        "json",
    ]);
    run.expect_status(0);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let people = column(&value["credentials"], "/blast_radius/people");
    assert_eq!(people, ["77", "77", "77", "45", "40", "17", "0"]);
    assert!(!run.stdout.contains("erin"));
}
