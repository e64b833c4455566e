//! `mailgraph reach`, `exposure`, `path` and `rank`: each edge kind of the
//! access model, group cycles, levels and paths, totals, and bad ids on the
//! command line.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{Run, arg, column, fixture, mailgraph, reach_path, repo_path, rows};

/// A one-file model from its sections.
fn model(accounts: &str, mailboxes: &str, rest: &str) -> String {
    format!("(accounts: [{accounts}], mailboxes: [{mailboxes}], {rest})")
}

fn json(run: &Run) -> Value {
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

/// Runs `reach --format json` on a one-file model from the credentials
/// `from` and returns the JSON.
fn reach(model: &str, from: &[&str]) -> Value {
    let dir = fixture(&[("model.ron", model)]);
    let path = dir.path().join("model.ron");
    let mut args = vec!["reach", arg(&path), "--format", "json"];
    for id in from {
        args.extend(["--from", id]);
    }
    json(&mailgraph(&args))
}

/// Exposed mailbox id -> level.
fn levels(reach: &Value) -> BTreeMap<String, String> {
    rows(&reach["mailboxes"], &["/id", "/level"])
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

/// The edge kinds along the path of the exposed mailbox `id`.
fn path_edges(reach: &Value, id: &str) -> Vec<String> {
    let mailbox = reach["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} is exposed"));
    column(&reach_path(reach, mailbox)["hops"], "/edge")
}

fn controlled(reach: &Value) -> Vec<String> {
    column(&reach["credentials"], "/id")
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const TWO_PEOPLE: &str = r#"(id: "s"), (id: "m")"#;
const TWO_MAILBOXES: &str = r#"(id: "s@x", kind: Personal, owner: "s"), (id: "m@x", kind: Personal, owner: "m", data_subjects: 9)"#;

#[test]
fn owner_gives_full_access_to_every_own_mailbox() {
    let mailboxes = r#"(id: "s@x", kind: Personal, owner: "s"), (id: "s2@x", kind: Personal, owner: "s"), (id: "m@x", kind: Personal, owner: "m")"#;
    let value = reach(&model(TWO_PEOPLE, mailboxes, ""), &["s"]);
    assert_eq!(
        levels(&value),
        expected(&[("s2@x", "full"), ("s@x", "full")])
    );
    assert_eq!(path_edges(&value, "s2@x"), ["owner"]);
}

#[test]
fn each_grant_right_gives_its_level() {
    for (right, level) in [
        ("FullAccess", Some("full")),
        ("SendAs", Some("send")),
        ("SendOnBehalf", Some("send")),
        (r#"Folder(folder: "Inbox", role: Reviewer)"#, Some("read")),
        (r#"Folder(folder: "Calendar", role: Editor)"#, Some("read")),
        (r#"Folder(folder: "Inbox", role: Contributor)"#, None),
        (
            r#"Folder(folder: "Calendar", role: AvailabilityOnly)"#,
            None,
        ),
    ] {
        let grants = format!(r#"grants: [(to: "s", on: "m@x", right: {right})]"#);
        let value = reach(&model(TWO_PEOPLE, TWO_MAILBOXES, &grants), &["s"]);
        let got = levels(&value).get("m@x").cloned();
        assert_eq!(got.as_deref(), level, "right {right}");
    }
}

#[test]
fn delegation_is_not_transitive() {
    // s holds FullAccess on m's mailbox; m holds FullAccess on t's. Only
    // m's mailbox is exposed, and m counts as affected through it.
    let accounts = r#"(id: "s", role: "Staff"), (id: "m", role: "MP"), (id: "t", role: "MP")"#;
    let mailboxes = r#"(id: "s@x", kind: Personal, owner: "s"), (id: "m@x", kind: Personal, owner: "m"), (id: "t@x", kind: Personal, owner: "t")"#;
    let grants = r#"grants: [(to: "s", on: "m@x", right: FullAccess), (to: "m", on: "t@x", right: FullAccess)]"#;
    let value = reach(&model(accounts, mailboxes, grants), &["s"]);
    assert_eq!(
        levels(&value),
        expected(&[("m@x", "full"), ("s@x", "full")])
    );
    assert_eq!(controlled(&value), ["s"]);
    assert_eq!(value["totals"]["users_affected"], 2);
    assert_eq!(value["totals"]["users_affected_only_through_mailbox"], 1);
}

#[test]
fn nested_groups_pass_their_grants_to_members_and_cycles_end() {
    let groups = r#"groups: [(id: "outer", members: ["inner"]), (id: "inner", members: ["s", "outer"])],
        grants: [(to: "outer", on: "m@x", right: FullAccess)]"#;
    let value = reach(&model(TWO_PEOPLE, TWO_MAILBOXES, groups), &["s"]);
    assert_eq!(
        levels(&value),
        expected(&[("m@x", "full"), ("s@x", "full")])
    );
    assert_eq!(
        path_edges(&value, "m@x"),
        ["member", "member", "FullAccess"]
    );
}

#[test]
fn forwarding_exposes_copies_at_read_level_and_chains() {
    // a forwards to b, b forwards to s's mailbox: s reads copies of both.
    let mailboxes = r#"(id: "s@x", kind: Personal, owner: "s"), (id: "m@x", kind: Personal, owner: "m"),
        (id: "a@x", kind: Shared), (id: "b@x", kind: Shared)"#;
    let rest = r#"forwarding: [(from: "a@x", to: "b@x"), (from: "b@x", to: "s@x"), (from: "m@x", external: "m@elsewhere.example")]"#;
    let value = reach(&model(TWO_PEOPLE, mailboxes, rest), &["s"]);
    assert_eq!(
        levels(&value),
        expected(&[("a@x", "read"), ("b@x", "read"), ("s@x", "full")])
    );
    assert_eq!(
        path_edges(&value, "a@x"),
        ["owner", "forwarding", "forwarding"]
    );
}

#[test]
fn recovery_takes_accounts_over_transitively_but_not_from_a_calendar() {
    // s reads m's Inbox, which receives t's resets; t's mailbox receives
    // u's resets. A calendar grant on u's mailbox would give nothing more.
    let accounts = r#"(id: "s"), (id: "m"), (id: "t"), (id: "u"), (id: "v")"#;
    let mailboxes = r#"(id: "s@x", kind: Personal, owner: "s"), (id: "m@x", kind: Personal, owner: "m"),
        (id: "t@x", kind: Personal, owner: "t"), (id: "u@x", kind: Personal, owner: "u"), (id: "v@x", kind: Personal, owner: "v")"#;
    let rest = r#"grants: [(to: "s", on: "m@x", right: Folder(folder: "Inbox", role: Reviewer)),
                           (to: "u", on: "v@x", right: Folder(folder: "Calendar", role: Reviewer))],
        recovery: [(account: "t", mailbox: "m@x"), (account: "u", mailbox: "t@x"), (account: "s", mailbox: "v@x")]"#;
    let value = reach(&model(accounts, mailboxes, rest), &["s"]);
    assert_eq!(controlled(&value), ["s", "t", "u"]);
    assert_eq!(
        levels(&value),
        expected(&[
            ("s@x", "full"),
            ("t@x", "full"),
            ("u@x", "full"),
            ("v@x", "read"),
            ("m@x", "read"),
        ])
    );
    assert_eq!(
        path_edges(&value, "u@x"),
        ["folder", "recovery", "owner", "recovery", "owner"]
    );
}

#[test]
fn a_shared_mailbox_that_signs_in_is_a_credential() {
    let mailboxes = r#"(id: "s@x", kind: Personal, owner: "s"), (id: "m@x", kind: Personal, owner: "m"),
        (id: "team@x", kind: Shared, sign_in: true)"#;
    let rest = r#"groups: [(id: "g", members: ["team@x"])], grants: [(to: "g", on: "m@x", right: SendAs)]"#;
    let value = reach(&model(TWO_PEOPLE, mailboxes, rest), &["team@x"]);
    assert_eq!(
        levels(&value),
        expected(&[("m@x", "send"), ("team@x", "full")])
    );
    assert_eq!(path_edges(&value, "team@x"), ["sign-in"]);
    // Without sign-in, the same id is not a credential.
    let dir = fixture(&[(
        "model.ron",
        &model(
            TWO_PEOPLE,
            r#"(id: "s@x", kind: Personal, owner: "s"), (id: "team@x", kind: Shared)"#,
            "",
        ),
    )]);
    mailgraph(&["reach", arg(dir.path()), "--from", "team@x"])
        .expect_status(2)
        .stderr_has("`team@x` is a mailbox that does not sign in");
}

#[test]
fn the_strongest_level_wins_with_a_shortest_path_for_it() {
    // Send directly (1 hop), read through a group (2 hops), full through two
    // groups (3 hops): full wins, shown with its own 3-hop path.
    let rest = r#"groups: [(id: "g1", members: ["s"]), (id: "g2", members: ["g1"])],
        grants: [(to: "s", on: "m@x", right: SendAs), (to: "g1", on: "m@x", right: Folder(folder: "Inbox", role: Owner)),
                 (to: "g2", on: "m@x", right: FullAccess)]"#;
    let value = reach(&model(TWO_PEOPLE, TWO_MAILBOXES, rest), &["s"]);
    assert_eq!(levels(&value)["m@x"], "full");
    assert_eq!(
        path_edges(&value, "m@x"),
        ["member", "member", "FullAccess"]
    );
    assert_eq!(value["totals"]["people"], 9);
}

#[test]
fn people_count_only_mailboxes_exposed_to_reading() {
    let rest = r#"grants: [(to: "s", on: "m@x", right: SendAs)]"#;
    let value = reach(&model(TWO_PEOPLE, TWO_MAILBOXES, rest), &["s"]);
    assert_eq!(levels(&value)["m@x"], "send");
    assert_eq!(value["totals"]["people"], 0);
}

#[test]
fn incident_and_named_credentials_combine_and_controllers_are_listed() {
    let office = repo_path("tests/fixtures/office");
    let value = json(&mailgraph(&[
        "reach",
        arg(&office),
        "--incident",
        "spring",
        "--from",
        "carol",
        "--format",
        "json",
    ]));
    assert_eq!(value["incident"]["name"], "spring");
    assert_eq!(
        value["compromised"],
        serde_json::json!(["bob", "helpdesk@house.example", "carol"])
    );
    // Alice's office: her mailbox (40), Bob's (5), Carol's (12).
    assert_eq!(
        rows(&value["controllers"], &["/name", "/people"]),
        [["Alice Member MP", "57"], ["Clerk of the House", "77"]]
    );
}

#[test]
fn exposure_lists_every_credential_with_level_and_mfa() {
    let office = repo_path("tests/fixtures/office");
    let value = json(&mailgraph(&[
        "exposure",
        arg(&office),
        "alice@office.example",
        "--format",
        "json",
    ]));
    assert_eq!(
        rows(&value["credentials"], &["/id", "/level"]),
        [["alice", "full"], ["bob", "full"], ["carol", "send"]]
    );
    assert_eq!(value["totals"]["without_mfa"], 2);
}

#[test]
fn path_lists_every_shortest_path_hop_by_hop() {
    // Two groups each give FullAccess: two shortest paths of two hops.
    let rest = r#"groups: [(id: "g1", members: ["s"]), (id: "g2", members: ["s"])],
        grants: [(to: "g1", on: "m@x", right: FullAccess), (to: "g2", on: "m@x", right: FullAccess)]"#;
    let dir = fixture(&[("model.ron", &model(TWO_PEOPLE, TWO_MAILBOXES, rest))]);
    let run = mailgraph(&["path", arg(dir.path()), "s", "m@x"]);
    run.expect_status(0)
        .stdout_has("s -> m@x: exposed at level full, 2 shortest paths of 2 hops");
    let value = json(&mailgraph(&[
        "path",
        arg(dir.path()),
        "s",
        "m@x",
        "--format",
        "json",
    ]));
    assert_eq!(column(&value["paths"], "/hops/0/to"), ["g1", "g2"]);
    let limited = json(&mailgraph(&[
        "path",
        arg(dir.path()),
        "s",
        "m@x",
        "--limit",
        "1",
        "--format",
        "json",
    ]));
    assert_eq!(limited["paths"].as_array().unwrap().len(), 1);
    assert_eq!(limited["truncated"], true);
    // Unreachable: said plainly, exit 1.
    mailgraph(&["path", arg(dir.path()), "m", "s@x"])
        .expect_status(1)
        .stdout_has("m does not reach s@x");
    let unreached = mailgraph(&["path", arg(dir.path()), "m", "s@x", "--format", "json"]);
    unreached.expect_status(1);
    let unreached: Value = serde_json::from_str(&unreached.stdout).unwrap();
    assert_eq!(unreached["reached"], false);
    assert_eq!(unreached["paths"], serde_json::json!([]));
}

#[test]
fn rank_orders_credentials_by_blast_radius() {
    let office = repo_path("tests/fixtures/office");
    let value = json(&mailgraph(&[
        "rank",
        arg(&office),
        "--format",
        "json",
        "--top",
        "3",
    ]));
    assert_eq!(value["credentials_ranked"], 7);
    assert_eq!(
        rows(&value["credentials"], &["/id", "/blast_radius/mailboxes"]),
        [
            ["erin", "4"],
            ["helpdesk@house.example", "3"],
            ["carol", "3"]
        ]
    );
}

#[test]
fn unknown_ids_on_the_command_line_are_reported_with_the_nearest() {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    mailgraph(&["reach", office, "--from", "bobb", "--from", "carl"])
        .expect_status(2)
        .stderr_has("error: unknown credential `bobb`; nearest known: `bob`")
        .stderr_has("error: unknown credential `carl`; nearest known: `carol`");
    mailgraph(&["reach", office, "--incident", "sprng"])
        .expect_status(2)
        .stderr_has("unknown incident `sprng`; nearest known: `spring`");
    mailgraph(&["reach", office, "--from", "committee-team"])
        .expect_status(2)
        .stderr_has("`committee-team` is a group, not a credential");
    mailgraph(&["reach", office])
        .expect_status(2)
        .stderr_has("--incident NAME or --from ID");
    mailgraph(&["exposure", office, "alice@office.exmple"])
        .expect_status(2)
        .stderr_has("unknown mailbox `alice@office.exmple`; nearest known: `alice@office.example`");
    mailgraph(&["path", office, "dav", "comittee@house.example"])
        .expect_status(2)
        .stderr_has("unknown credential `dav`; nearest known: `dave`")
        .stderr_has("unknown mailbox or account `comittee@house.example`; nearest known: `committee@house.example`");
}

#[test]
fn csv_output_defuses_formulas_in_names() {
    let accounts = r#"(id: "s", name: "=HYPERLINK(\"http://evil\")"), (id: "m")"#;
    let dir = fixture(&[("model.ron", &model(accounts, TWO_MAILBOXES, ""))]);
    let run = mailgraph(&["reach", arg(dir.path()), "--from", "s", "--format", "csv"]);
    run.expect_status(0)
        .stdout_has("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    let stats = mailgraph(&["stats", arg(dir.path()), "--format", "csv"]);
    stats.expect_status(0);
    let roles = fixture(&[("model.ron", "(accounts: [(id: \"a\", role: \"=1+1\")])")]);
    mailgraph(&["stats", arg(roles.path()), "--format", "csv"])
        .expect_status(0)
        .stdout_has("role,'=1+1,1");
    let table = mailgraph(&["reach", arg(dir.path()), "--from", "s"]);
    table
        .expect_status(0)
        .stdout_has("Credentials controlled (1)");
}

#[test]
fn a_very_long_chain_of_nested_groups_is_followed_without_exhausting_the_stack() {
    let depth = 50_000;
    let mut groups = vec![r#"(id: "g0", members: ["s"])"#.to_string()];
    for i in 1..depth {
        groups.push(format!(r#"(id: "g{i}", members: ["g{}"])"#, i - 1));
    }
    let rest = format!(
        r#"groups: [{}], grants: [(to: "g{}", on: "m@x", right: FullAccess)]"#,
        groups.join(", "),
        depth - 1
    );
    let dir = fixture(&[("model.ron", &model(TWO_PEOPLE, TWO_MAILBOXES, &rest))]);
    let value = json(&mailgraph(&[
        "path",
        arg(dir.path()),
        "s",
        "m@x",
        "--format",
        "json",
    ]));
    assert_eq!(
        value["paths"][0]["hops"].as_array().unwrap().len(),
        depth + 1
    );
    let reach = json(&mailgraph(&[
        "reach",
        arg(dir.path()),
        "--from",
        "s",
        "--format",
        "json",
    ]));
    assert_eq!(levels(&reach)["m@x"], "full");
}
