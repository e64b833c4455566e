//! `mailgraph what-if`: the answers before and after a list of changes,
//! from a changes file or a plan's own JSON.

use serde_json::Value;

use crate::support::{arg, column, fixture, mailgraph, repo_path};

fn what_if_json(args: &[&str]) -> Value {
    let mut all = vec!["what-if"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--today", "2026-01-01"]);
    let run = mailgraph(&all);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("what-if JSON")
}

#[test]
fn the_2017_plan_applied_leaves_the_mps_and_the_committee_unexposed() {
    let scenario = repo_path("data/parliament-2017");
    let run = mailgraph(&[
        "plan",
        arg(&scenario),
        "--incident",
        "june-2017",
        "--format",
        "json",
    ]);
    run.expect_status(0);
    let dir = fixture(&[("plan.json", &run.stdout)]);
    let plan = dir.path().join("plan.json");
    let value = what_if_json(&[
        arg(&scenario),
        "--apply",
        arg(&plan),
        "--incident",
        "june-2017",
    ]);
    let reach = &value["reach"];
    let gone: Vec<String> = reach["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "no longer exposed")
        .map(|c| c["mailbox"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        gone,
        [
            "committee.regionalaffairs@parliament.example",
            "geraint.llewellyn.mp@parliament.example",
            "harriet.ashdown.mp@parliament.example",
            "sundeep.chahal.mp@parliament.example",
        ]
    );
    assert_eq!(reach["before"]["people"], 77);
    assert_eq!(reach["after"]["people"], 0);
    assert_eq!(column(&reach["changes"], "/after"), ["null"; 4]);
    // As `diff` shows it: the grants removed, findings resolved, none new.
    let diff = &value["diff"];
    assert_eq!(diff["records"]["removed"].as_array().unwrap().len(), 5);
    assert_eq!(diff["findings"]["new"].as_array().unwrap().len(), 0);
    assert!(!diff["findings"]["resolved"].as_array().unwrap().is_empty());
}

#[test]
fn a_ron_changes_file_enrolling_mfa_takes_the_credential_away() {
    let org = r#"(
        accounts: [(id: "a"), (id: "b", mfa: true)],
        mailboxes: [(id: "a@x", kind: Personal, owner: "a"), (id: "b@x", kind: Personal, owner: "b")],
        grants: [(to: "a", on: "b@x", right: FullAccess)],
    )"#;
    let dir = fixture(&[
        ("org/org.ron", org),
        ("changes.ron", "(changes: [EnrolMfa(account: \"a\")])"),
    ]);
    let value = what_if_json(&[
        arg(&dir.path().join("org")),
        "--apply",
        arg(&dir.path().join("changes.ron")),
    ]);
    assert_eq!(
        value["reach"]["credentials_before"],
        serde_json::json!(["a"])
    );
    assert_eq!(value["reach"]["credentials_after"], serde_json::json!([]));
    assert_eq!(value["reach"]["after"]["mailboxes"], 0);
    assert_eq!(
        value["diff"]["records"]["changed"][0]["detail"],
        "mfa: false -> true"
    );
    let table = mailgraph(&[
        "what-if",
        arg(&dir.path().join("org")),
        "--apply",
        arg(&dir.path().join("changes.ron")),
        "--today",
        "2026-01-01",
    ]);
    table
        .expect_status(0)
        .stdout_has("no longer exposed")
        .stdout_has("Records: 0 added, 0 removed, 1 changed");
}

#[test]
fn changes_naming_unknown_records_are_reported_where_they_are() {
    let org = r#"(
        accounts: [(id: "alice")],
        mailboxes: [(id: "alice@x", kind: Personal, owner: "alice"), (id: "team@x", kind: Shared)],
        grants: [(to: "alice", on: "team@x", right: FullAccess)],
    )"#;
    let changes = "(changes: [\n    EnrolMfa(account: \"alcie\"),\n    RevokeGrant(to: \"alice\", on: \"team@x\", right: SendAs),\n])";
    let dir = fixture(&[
        ("org/org.ron", org),
        ("changes.ron", changes),
        ("broken.ron", "(changes: [Frobnicate(x: 1)])"),
        (
            "plan.json",
            "{\"changes\": [{\"change\": {\"EnrolMfa\": {}}}]}",
        ),
    ]);
    let org = dir.path().join("org");
    let run = mailgraph(&[
        "what-if",
        arg(&org),
        "--apply",
        arg(&dir.path().join("changes.ron")),
    ]);
    run.expect_status(2)
        .stderr_has("changes.ron:2:23: unknown account `alcie`; nearest known: `alice`")
        .stderr_has("changes.ron:3:21: `alice` holds no SendAs on `team@x`");
    mailgraph(&[
        "what-if",
        arg(&org),
        "--apply",
        arg(&dir.path().join("broken.ron")),
    ])
    .expect_status(2)
    .stderr_has("broken.ron:1:");
    mailgraph(&[
        "what-if",
        arg(&org),
        "--apply",
        arg(&dir.path().join("plan.json")),
    ])
    .expect_status(2)
    .stderr_has("plan.json:1:")
    .stderr_has("not a plan's JSON");
    mailgraph(&[
        "what-if",
        arg(&org),
        "--apply",
        arg(&dir.path().join("missing.ron")),
    ])
    .expect_status(2)
    .stderr_has("cannot read");
}

/// The ```ron blocks of docs/remediation.md: the cost file and the changes
/// file read as the tool reads them.
#[test]
fn the_documented_examples_read() {
    let doc = std::fs::read_to_string(repo_path("docs/remediation.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```ron\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    let dir = fixture(&[("costs.ron", blocks[0])]);
    let costs = mailgraph::plan::Costs::load(&dir.path().join("costs.ron")).unwrap();
    assert_eq!(costs.mfa, Some(5));
    assert_eq!(costs.forwarding, None);
    let list: mailgraph::plan::spec::ChangeList = ron::from_str(blocks[1]).unwrap();
    assert_eq!(list.changes.len(), 11);
}

/// Every id and name of tests/fixtures/office, none of which a redacted
/// output may print.
const OFFICE_NAMES: &[&str] = &[
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "helpdesk",
    "committee",
    "room-1",
    "digital",
    "office.example",
    "house.example",
    "Alice",
    "Clerk",
    "dc-mp",
    "dc-clerk",
];

fn assert_names_no_one(output: &str, what: &str) {
    for name in OFFICE_NAMES {
        assert!(!output.contains(name), "{what} prints `{name}`:\n{output}");
    }
}

#[test]
fn a_redacted_what_if_or_diff_names_no_one() {
    let office = repo_path("tests/fixtures/office");
    let text = std::fs::read_to_string(office.join("model.ron")).unwrap();
    // The later snapshot: bob's grant revoked, carol enrolled in MFA, and
    // bob's mailbox handed to another controller.
    let changed = text
        .replace(
            r#"(to: "bob", on: "alice@office.example", right: FullAccess),"#,
            "",
        )
        .replace(
            r#"(id: "carol", name: "Carol Caseworker", role: "Member's staff", unit: "Office A", password: Weak)"#,
            r#"(id: "carol", name: "Carol Caseworker", role: "Member's staff", unit: "Office A", mfa: true, password: Weak)"#,
        )
        .replace(
            r#"owner: "bob", controller: "dc-mp""#,
            r#"owner: "bob", controller: "dc-clerk""#,
        );
    assert_ne!(changed, text);
    let dir = fixture(&[
        ("new/model.ron", &changed),
        (
            "changes.ron",
            r#"(changes: [RevokeGrant(to: "bob", on: "alice@office.example", right: FullAccess), EnrolMfa(account: "carol")])"#,
        ),
    ]);
    let new = dir.path().join("new");
    let changes = dir.path().join("changes.ron");
    for format in ["table", "json", "csv", "markdown"] {
        let what_if = [
            "what-if",
            arg(&office),
            "--apply",
            arg(&changes),
            "--today",
            "2026-01-01",
            "--redact-key",
            "k",
            "--format",
            format,
        ];
        let run = mailgraph(&what_if);
        run.expect_status(0).stdout_has("account-");
        assert_names_no_one(&run.stdout, &format!("what-if --format {format}"));
        // The same key, the same output.
        assert_eq!(mailgraph(&what_if).stdout, run.stdout);
        let diff = [
            "diff",
            arg(&office),
            arg(&new),
            "--today",
            "2026-01-01",
            "--redact-key",
            "k",
            "--format",
            format,
        ];
        let run = mailgraph(&diff);
        run.expect_status(0).stdout_has("controller-");
        assert_names_no_one(&run.stdout, &format!("diff --format {format}"));
    }
    // The same pseudonyms in both snapshots and in every command under
    // one key: bob's account as `rank` shows it.
    let rank = mailgraph(&[
        "rank",
        arg(&office),
        "--redact-key",
        "k",
        "--format",
        "json",
    ]);
    let bob = serde_json::from_str::<Value>(&rank.stdout).unwrap()["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["blast_radius"]["people"] == 45)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let value = what_if_json(&[arg(&office), "--apply", arg(&changes), "--redact-key", "k"]);
    assert_eq!(value["diff"]["blast_radius"][0]["credential"], bob.as_str());
    assert_eq!(
        value["diff"]["personal_data_access"][0]["credential"],
        bob.as_str()
    );
    // Unknown ids are reported without the nearest real ones.
    mailgraph(&[
        "what-if",
        arg(&office),
        "--apply",
        arg(&changes),
        "--from",
        "bbo",
        "--redact",
    ])
    .expect_status(2)
    .stderr_has("nearest known ids are not shown under --redact");
}

#[test]
fn a_redacted_containment_checklist_hides_suggestions_too() {
    let run = mailgraph(&[
        "contain",
        "tests/fixtures/office",
        "--from",
        "dav",
        "--redact",
    ]);
    run.expect_status(2)
        .stderr_has("nearest known ids are not shown under --redact");
    assert!(!run.stderr.contains("dave"), "{}", run.stderr);
}
