//! The access model's settled points: disabled accounts cannot sign in (and
//! `--assume-enabled` asks what if they could), a mailbox without a data
//! controller is not a controller, controllers exposed only to
//! impersonation are listed apart, and a folder read counts its mailbox's
//! people and says so.

use serde_json::Value;

use crate::support::{Run, arg, column, fixture, mailgraph, rows};

const MODEL: &str = r#"(
    controllers: [(id: "dc-a", name: "Controller A"), (id: "dc-b", name: "Controller B"), (id: "dc-c", name: "Controller C")],
    accounts: [
        (id: "s", name: "Staff"),
        (id: "gone", name: "Gone Away", enabled: false),
        (id: "t", name: "Target"),
    ],
    mailboxes: [
        (id: "s@x", kind: Personal, owner: "s", controller: "dc-a", data_subjects: 2),
        (id: "gone@x", kind: Personal, owner: "gone", controller: "dc-a"),
        (id: "t@x", kind: Personal, owner: "t", controller: "dc-a"),
        (id: "orphan@x", kind: Shared, data_subjects: 5),
        (id: "sendonly@x", kind: Shared, controller: "dc-b", data_subjects: 30),
        (id: "calendar@x", kind: Shared, controller: "dc-c", data_subjects: 11),
        (id: "secret@x", kind: Shared, controller: "dc-c", data_subjects: 100),
    ],
    grants: [
        (to: "s", on: "orphan@x", right: FullAccess),
        (to: "s", on: "sendonly@x", right: SendAs),
        (to: "s", on: "calendar@x", right: Folder(folder: "Calendar", role: Reviewer)),
        (to: "gone", on: "secret@x", right: FullAccess),
    ],
    recovery: [(account: "gone", mailbox: "s@x"), (account: "t", mailbox: "gone@x")],
)"#;

fn json(run: &Run) -> Value {
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

fn run(args: &[&str]) -> Run {
    let dir = fixture(&[("model.ron", MODEL)]);
    let path = dir.path().join("model.ron");
    let mut all = vec![args[0], arg(&path)];
    all.extend(&args[1..]);
    mailgraph(&all)
}

#[test]
fn a_disabled_account_named_as_compromised_reaches_nothing_and_is_listed() {
    let value = json(&run(&["reach", "--from", "gone", "--format", "json"]));
    assert_eq!(column(&value["disabled"], ""), ["gone"]);
    assert_eq!(value["credentials"].as_array().unwrap().len(), 0);
    assert_eq!(value["mailboxes"].as_array().unwrap().len(), 0);
    assert_eq!(value["totals"]["users_affected"], 0);

    let table = run(&["reach", "--from", "gone"]);
    table
        .expect_status(0)
        .stdout_has("Disabled: no access while disabled (1;")
        .stdout_has("gone");
}

#[test]
fn a_recovery_edge_into_a_disabled_account_does_not_take_it_over() {
    let value = json(&run(&["reach", "--from", "s", "--format", "json"]));
    assert_eq!(column(&value["credentials"], "/id"), ["s"]);
    let mailboxes = column(&value["mailboxes"], "/id");
    assert!(
        !mailboxes.contains(&"secret@x".to_string()),
        "{mailboxes:?}"
    );
    assert!(!mailboxes.contains(&"t@x".to_string()), "{mailboxes:?}");

    // Re-enabled, the same resets take it over, and through it `t` too.
    let value = json(&run(&[
        "reach",
        "--from",
        "s",
        "--assume-enabled",
        "--format",
        "json",
    ]));
    assert_eq!(column(&value["credentials"], "/id"), ["s", "gone", "t"]);
    assert!(column(&value["mailboxes"], "/id").contains(&"secret@x".to_string()));
    let value = json(&run(&[
        "reach",
        "--from",
        "gone",
        "--assume-enabled",
        "--format",
        "json",
    ]));
    assert_eq!(value["disabled"].as_array().unwrap().len(), 0);
    assert!(column(&value["mailboxes"], "/id").contains(&"secret@x".to_string()));
}

#[test]
fn dormant_grants_expose_nothing_until_assumed_enabled_and_the_audit_reports_them() {
    let value = json(&run(&["exposure", "secret@x", "--format", "json"]));
    assert_eq!(value["credentials"].as_array().unwrap().len(), 0, "{value}");
    let value = json(&run(&[
        "exposure",
        "secret@x",
        "--assume-enabled",
        "--format",
        "json",
    ]));
    let exposers = column(&value["credentials"], "/id");
    assert!(exposers.contains(&"gone".to_string()), "{exposers:?}");
    assert!(exposers.contains(&"s".to_string()), "{exposers:?}");

    let audit = run(&["audit", "--format", "json"]);
    assert!(
        audit.stdout.contains("disabled-delegate"),
        "{}",
        audit.stdout
    );
}

#[test]
fn a_mailbox_without_a_controller_is_listed_and_not_counted() {
    let value = json(&run(&["reach", "--from", "s", "--format", "json"]));
    assert_eq!(column(&value["no_controller"], ""), ["orphan@x"]);
    assert_eq!(value["totals"]["mailboxes_without_controller"], 1);
    let controllers = rows(&value["controllers"], &["/id", "/name", "/people"]);
    assert_eq!(
        controllers,
        [
            ["dc-a", "Controller A", "2"],
            ["dc-c", "Controller C", "11"]
        ]
    );
    assert_eq!(value["totals"]["controllers"], 2);
    // The orphan's people are still exposed.
    assert_eq!(value["totals"]["people"], 2 + 5 + 11);

    let table = run(&["reach", "--from", "s"]);
    table
        .expect_status(0)
        .stdout_has("No data controller: exposed mailboxes that name none")
        .stdout_has("data controllers to assess notification: 2\n");
}

#[test]
fn controllers_exposed_to_impersonation_only_are_listed_apart() {
    let value = json(&run(&["reach", "--from", "s", "--format", "json"]));
    assert_eq!(
        rows(&value["impersonation_only"], &["/id", "/people"]),
        [["dc-b", "0"]]
    );
    assert_eq!(value["totals"]["impersonation_only_controllers"], 1);
    run(&["reach", "--from", "s"])
        .expect_status(0)
        .stdout_has(
            "Impersonation only: mailboxes exposed at send level, no personal data readable (1)",
        )
        .stdout_has("controllers exposed to impersonation only: 1");
}

#[test]
fn a_read_of_one_non_inbox_folder_counts_the_people_and_says_so() {
    let value = json(&run(&["reach", "--from", "s", "--format", "json"]));
    let calendar = value["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "calendar@x")
        .unwrap();
    assert_eq!(calendar["level"], "read");
    assert_eq!(calendar["folder_only"], true);
    assert_eq!(value["totals"]["folder_only"], 1);
    run(&["reach", "--from", "s"])
        .expect_status(0)
        .stdout_has("read (one folder)")
        .stdout_has("counting the people of 1 mailbox read through one folder only");
}
