//! `mailgraph plan`: the cheapest changes that leave no path, what each
//! closes, and the mailboxes no change can protect.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{arg, column, fixture, mailgraph, repo_path};

fn plan_json(args: &[&str]) -> Value {
    let mut all = vec!["plan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = mailgraph(&all);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("plan JSON")
}

const OFFICE: &str = r#"(
    accounts: [
        (id: "mp", name: "The MP", mfa: true),
        (id: "staff", name: "A member of staff"),
        (id: "intern", name: "An intern"),
        (id: "clerk", name: "A clerk", mfa: true),
    ],
    mailboxes: [
        (id: "mp@x", kind: Personal, owner: "mp"),
        (id: "staff@x", kind: Personal, owner: "staff"),
        (id: "intern@x", kind: Personal, owner: "intern"),
        (id: "clerk@x", kind: Personal, owner: "clerk"),
        (id: "casework@x", kind: Shared, data_subjects: 40),
        (id: "rota@x", kind: Shared),
    ],
    groups: [(id: "office", members: ["staff", "intern"])],
    grants: [
        (to: "office", on: "casework@x", right: FullAccess),
        (to: "staff", on: "mp@x", right: FullAccess),
        (to: "intern", on: "rota@x", right: FullAccess),
    ],
    forwarding: [(from: "clerk@x", to: "rota@x")],
)"#;

#[test]
fn a_group_grant_is_the_choke_point_and_owned_mailboxes_are_listed_apart() {
    let dir = fixture(&[("org.ron", OFFICE)]);
    let value = plan_json(&[arg(dir.path()), "--from", "staff", "--from", "intern"]);
    // The two held credentials' own mailboxes cannot be protected.
    assert_eq!(
        column(&value["unprotectable"], "/mailbox/id"),
        ["intern@x", "staff@x"]
    );
    // Cheapest: revoke the group's grant on casework (one change for both
    // members) and staff's on the MP, and cut the intern's way to the
    // clerk's forwarded mail (its FullAccess on rota, as cheap as the
    // forwarding; the cut nearest the credentials is chosen).
    assert_eq!(value["cost"], 3);
    let changes = &value["changes"];
    assert_eq!(column(changes, "/kind"), ["grant", "grant", "grant"]);
    assert_eq!(column(changes, "/subject"), ["office", "intern", "staff"]);
    assert_eq!(
        column(&changes[1]["path"]["hops"], "/to"),
        ["rota@x", "clerk@x"]
    );
    assert_eq!(changes[0]["closes"]["people"], 40);
    assert_eq!(
        changes[0]["change"],
        serde_json::json!({"RevokeGrant": {"to": "office", "on": "casework@x", "right": "FullAccess"}})
    );
    assert_eq!(value["exposed"]["mailboxes"], 5);
}

#[test]
fn by_default_accounts_without_mfa_are_the_way_in_and_mfa_is_a_change() {
    let dir = fixture(&[("org.ron", OFFICE)]);
    let value = plan_json(&[arg(dir.path())]);
    assert_eq!(value["sources"], 2);
    assert_eq!(value["unprotectable"].as_array().unwrap().len(), 0);
    // Enrolling both in MFA (2 + 2) is the cheapest way to protect their own
    // mailboxes; it closes everything else too.
    assert_eq!(value["cost"], 4);
    let kinds: BTreeSet<String> = column(&value["changes"], "/kind").into_iter().collect();
    assert_eq!(kinds, BTreeSet::from(["mfa".to_string()]));
    // Making MFA dearer than the grants keeps the grants in play.
    let run = mailgraph(&["plan", arg(dir.path()), "--cost", "mfa=never"]);
    run.expect_status(0)
        .stdout_has("2 exposed mailboxes no allowed change can protect");
}

#[test]
fn the_2017_incident_lists_owned_mailboxes_and_cuts_the_delegations() {
    let path = repo_path("data/parliament-2017");
    let value = plan_json(&[arg(&path), "--incident", "june-2017"]);
    // 28 personal mailboxes of the 26 users: 25 owned by a compromised
    // account (the 23, two of them with two mailboxes) cannot be protected.
    let unprotectable = column(&value["unprotectable"], "/mailbox/id");
    assert_eq!(unprotectable.len(), 25);
    assert!(unprotectable.contains(&"r.penhaligon@parliament.example".to_string()));
    let paths = column(&value["unprotectable"], "/path/hops/0/edge");
    assert!(paths.iter().all(|edge| edge == "owner"), "{paths:?}");
    // The committee's mailbox (77 people) is the first choke point; the
    // three MPs' mailboxes are closed by revoking their staff's grants.
    let changes = &value["changes"];
    assert_eq!(
        changes[0]["closes"]["mailboxes"][0]["id"],
        "committee.regionalaffairs@parliament.example"
    );
    assert_eq!(changes[0]["closes"]["people"], 77);
    let closed: BTreeSet<String> = changes
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|change| column(&change["closes"]["mailboxes"], "/id"))
        .collect();
    for mp in [
        "geraint.llewellyn.mp@parliament.example",
        "harriet.ashdown.mp@parliament.example",
        "sundeep.chahal.mp@parliament.example",
        "committee.regionalaffairs@parliament.example",
    ] {
        assert!(closed.contains(mp), "{mp} not closed: {closed:?}");
    }
    assert_eq!(value["cost"], changes.as_array().unwrap().len());
}

#[test]
fn every_format_escapes_and_redaction_hides_names() {
    let hostile = OFFICE.replace("A member of staff", "=cmd|' /C calc'!A0");
    let dir = fixture(&[("org.ron", &hostile)]);
    for format in ["table", "csv", "markdown", "json"] {
        let run = mailgraph(&[
            "plan",
            arg(dir.path()),
            "--from",
            "staff",
            "--format",
            format,
            "--redact-key",
            "k",
        ]);
        run.expect_status(0);
        for name in ["casework@x", "staff", "office", "clerk@x"] {
            assert!(
                !run.stdout.contains(name),
                "{format} leaks {name}:\n{}",
                run.stdout
            );
        }
    }
    let run = mailgraph(&[
        "plan",
        arg(dir.path()),
        "--from",
        "staff",
        "--format",
        "csv",
    ]);
    run.expect_status(0).stdout_has("rank,kind,change");
}

#[test]
fn bad_costs_and_unknown_ids_are_reported() {
    let dir = fixture(&[
        ("org.ron", OFFICE),
        ("costs/costs.ron", "(mfa: 3,\n grant: 0)"),
        ("costs/typo.ron", "(mfa: 3, grnat: 1)"),
    ]);
    let org = dir.path().join("org.ron");
    let costs = dir.path().join("costs/costs.ron");
    mailgraph(&["plan", arg(&org), "--costs", arg(&costs)])
        .expect_status(2)
        .stderr_has("costs.ron:2:9: the cost of `grant` is 0");
    let typo = dir.path().join("costs/typo.ron");
    mailgraph(&["plan", arg(&org), "--costs", arg(&typo)])
        .expect_status(2)
        .stderr_has("typo.ron:1:")
        .stderr_has("unknown kind of change `grnat`; nearest known: `grant`");
    mailgraph(&["plan", arg(&org), "--protect", "casewrok@x"])
        .expect_status(2)
        .stderr_has("unknown mailbox `casewrok@x`");
    mailgraph(&["plan", arg(&org), "--cost", "mfa=free"])
        .expect_status(2)
        .stderr_has("at least 1");
}

#[test]
fn the_2024_pattern_is_cut_at_the_application_owner() {
    let path = repo_path("data/oauth-2024");
    let value = plan_json(&[arg(&path), "--incident", "january-2024"]);
    let changes = &value["changes"];
    assert_eq!(column(changes, "/kind"), ["application_owner"]);
    assert_eq!(
        column(&value["unprotectable"], "/path/hops/0/edge"),
        ["owner"]
    );
    // One change closes every mailbox the application could read.
    assert_eq!(
        changes[0]["closes"]["mailboxes"].as_array().unwrap().len() + 1,
        value["exposed"]["mailboxes"].as_u64().unwrap() as usize
    );
}

#[test]
fn a_budget_takes_the_largest_gains_first_and_reports_what_is_left() {
    let dir = fixture(&[("org.ron", OFFICE)]);
    let value = plan_json(&[
        arg(dir.path()),
        "--from",
        "staff",
        "--from",
        "intern",
        "--max-changes",
        "1",
    ]);
    let budget = &value["budget"];
    assert_eq!(column(&budget["steps"], "/subject"), ["office"]);
    assert_eq!(budget["steps"][0]["removes"]["people"], 40);
    // Left, strongest first: the MP's mailbox and the two no change
    // protects in full, the clerk's forwarded mail read.
    assert_eq!(
        column(&budget["left"]["mailboxes"], "/id"),
        ["intern@x", "mp@x", "staff@x", "clerk@x"]
    );
    assert_eq!(
        column(&budget["left"]["mailboxes"], "/level"),
        ["full", "full", "full", "read"]
    );
    // A budget as large as the plan closes all it closes.
    let value = plan_json(&[
        arg(dir.path()),
        "--from",
        "staff",
        "--from",
        "intern",
        "--max-changes",
        "10",
    ]);
    assert_eq!(
        column(&value["budget"]["left"]["mailboxes"], "/id"),
        ["intern@x", "staff@x"]
    );
    assert_eq!(value["budget"]["steps"].as_array().unwrap().len(), 3);
}

#[test]
fn parallel_paths_are_closed_even_when_no_single_change_helps() {
    // Two groups each give FullAccess: neither revocation alone removes
    // anything, so the budget falls back on the plan's changes.
    let org = r#"(
        accounts: [(id: "a"), (id: "b", mfa: true)],
        mailboxes: [(id: "a@x", kind: Personal, owner: "a"), (id: "b@x", kind: Personal, owner: "b")],
        groups: [(id: "G1", members: ["a"]), (id: "G2", members: ["a"])],
        grants: [(to: "G1", on: "b@x", right: FullAccess), (to: "G2", on: "b@x", right: FullAccess)],
    )"#;
    let dir = fixture(&[("org.ron", org)]);
    let value = plan_json(&[arg(dir.path()), "--from", "a", "--max-changes", "2"]);
    assert_eq!(value["cost"], 2);
    let steps = &value["budget"]["steps"];
    assert_eq!(
        steps[0]["removes"]["mailboxes"].as_array().unwrap().len(),
        0
    );
    assert_eq!(column(&steps[1]["removes"]["mailboxes"], "/id"), ["b@x"]);
    assert_eq!(
        column(&value["budget"]["left"]["mailboxes"], "/id"),
        ["a@x"]
    );
}

#[test]
fn the_csv_lists_unprotectable_and_left_mailboxes_after_the_changes() {
    let scenario = repo_path("data/parliament-2017");
    let run = mailgraph(&[
        "plan",
        arg(&scenario),
        "--incident",
        "june-2017",
        "--format",
        "csv",
    ]);
    run.expect_status(0);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(run.stdout.as_bytes())
        .records()
        .map(|row| row.unwrap().iter().map(String::from).collect())
        .collect();
    let kind = |k: &str| rows.iter().filter(|row| row[1] == k).count();
    assert_eq!(kind("grant"), 5);
    assert_eq!(kind("unprotectable"), 25);
    assert_eq!(rows.len(), 30);
    let owned = rows.iter().find(|row| row[1] == "unprotectable").unwrap();
    assert!(owned[8].contains(" -owner-> "), "{owned:?}");
    // With a budget: the steps, then what is left exposed.
    let run = mailgraph(&[
        "plan",
        arg(&scenario),
        "--incident",
        "june-2017",
        "--max-changes",
        "1",
        "--format",
        "csv",
    ]);
    run.expect_status(0);
    let left = run
        .stdout
        .lines()
        .filter(|line| line.starts_with(",left exposed,"))
        .count();
    assert_eq!(left, 28, "{}", run.stdout);
}
