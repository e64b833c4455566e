//! Ids as a responder types them: any case, an account by its mailbox's
//! address, a mailbox by its owner's account; ambiguity names candidates.

use crate::support::{arg, column, fixture, mailgraph};

const MODEL: &str = r#"(
    accounts: [(id: "aurelie.castellane"), (id: "ann"), (id: "bo"), (id: "Dup"), (id: "dup")],
    mailboxes: [
        (id: "Aurelie.Castellane@x", kind: Personal, owner: "aurelie.castellane"),
        (id: "ann@x", kind: Personal, owner: "ann"),
        (id: "bo@x", kind: Personal, owner: "bo"),
        (id: "bo.2@x", kind: Personal, owner: "bo"),
        (id: "team@x", kind: Shared),
    ],
    grants: [(to: "ann", on: "team@x", right: FullAccess)],
)"#;

fn with_model(args: &[&str]) -> crate::support::Run {
    let dir = fixture(&[("model.ron", MODEL)]);
    let path = dir.path().join("model.ron");
    let mut all = vec![args[0], arg(&path)];
    all.extend(&args[1..]);
    mailgraph(&all)
}

#[test]
fn ids_on_the_command_line_match_in_any_case_and_answers_use_the_stored_spelling() {
    let run = with_model(&["reach", "--from", "Aurelie.Castellane", "--format", "json"]);
    run.expect_status(0)
        .stderr_has("`Aurelie.Castellane` taken as account `aurelie.castellane`");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["compromised"][0], "aurelie.castellane");
    assert_eq!(column(&value["mailboxes"], "/id"), ["Aurelie.Castellane@x"]);
    let run = with_model(&["exposure", "TEAM@X", "--format", "json"]);
    run.expect_status(0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["mailbox"]["id"], "team@x");
}

#[test]
fn an_account_by_its_mailbox_and_a_mailbox_by_its_owner_resolve_and_say_so() {
    let run = with_model(&["reach", "--from", "ANN@x", "--format", "json"]);
    run.expect_status(0)
        .stderr_has("`ANN@x` is a mailbox: taken as its owner, account `ann`");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["compromised"][0], "ann");
    assert!(column(&value["mailboxes"], "/id").contains(&"team@x".to_string()));

    with_model(&["exposure", "ann", "--format", "json"])
        .expect_status(0)
        .stderr_has("`ann` is an account: taken as its mailbox `ann@x`")
        .stdout_has("\"id\": \"ann@x\"");
}

#[test]
fn ambiguous_names_list_the_candidates_with_the_owner_relation() {
    // An account with two mailboxes.
    with_model(&["exposure", "bo"])
        .expect_status(2)
        .stderr_has("`bo` is ambiguous")
        .stderr_has("mailbox `bo.2@x` (owned by account `bo`)")
        .stderr_has("mailbox `bo@x` (owned by account `bo`)");
    // Two accounts that differ only in case.
    with_model(&["reach", "--from", "DUP"])
        .expect_status(2)
        .stderr_has("account `Dup`")
        .stderr_has("account `dup`");
    // An exact id always wins.
    with_model(&["reach", "--from", "dup"]).expect_status(0);
}
