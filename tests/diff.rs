//! `mailgraph diff OLD NEW`: record changes, access to personal data that
//! appeared or went away, blast radius, findings, and the exit status.

use serde_json::Value;

use crate::support::{arg, fixture, mailgraph, repo_path};

/// A copy of the office fixture with `edit` applied to its text.
fn edited_office(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/office/model.ron")).unwrap();
    fixture(&[("model.ron", &edit(&text))])
}

fn diff_json(old: &std::path::Path, new: &std::path::Path) -> Value {
    let run = mailgraph(&[
        "diff",
        arg(old),
        arg(new),
        "--format",
        "json",
        "--today",
        "2026-01-01",
    ]);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).unwrap()
}

/// (change, credential, mailbox, before, after) of each personal-data access change.
fn access_changes(value: &Value) -> Vec<[String; 5]> {
    value["personal_data_access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            ["change", "credential", "mailbox", "before", "after"]
                .map(|k| c[k].as_str().unwrap_or("-").to_string())
        })
        .collect()
}

const BOB_FULL_ACCESS: &str = r#"(to: "bob", on: "alice@office.example", right: FullAccess),"#;

#[test]
fn a_revoked_delegation_shows_as_removed_access_and_resolved_findings() {
    let office = repo_path("tests/fixtures/office");
    let revoked = edited_office(|text| text.replace(BOB_FULL_ACCESS, ""));
    let value = diff_json(&office, revoked.path());
    assert_eq!(
        value["records"]["removed"][0]["key"],
        "bob -> alice@office.example (FullAccess)"
    );
    assert_eq!(
        access_changes(&value),
        [["removed", "bob", "alice@office.example", "full", "-"].map(String::from)]
    );
    assert_eq!(value["blast_radius"][0]["credential"], "bob");
    assert_eq!(value["blast_radius"][0]["before"]["mailboxes"], 2);
    assert_eq!(value["blast_radius"][0]["after"]["mailboxes"], 1);
    let resolved: Vec<&str> = value["findings"]["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(resolved, ["weak-delegate"]);
    assert!(value["findings"]["new"].as_array().unwrap().is_empty());
}

#[test]
fn new_access_and_findings_gate_with_fail_on() {
    let office = repo_path("tests/fixtures/office");
    let widened = edited_office(|text| {
        text.replace(
            BOB_FULL_ACCESS,
            &format!(
                "{BOB_FULL_ACCESS} (to: \"erin\", on: \"carol@office.example\", right: Folder(folder: \"Inbox\", role: Reviewer)),"
            ),
        )
    });
    let value = diff_json(&office, widened.path());
    assert_eq!(
        access_changes(&value),
        [["added", "erin", "carol@office.example", "-", "read"].map(String::from)]
    );
    let new: Vec<&str> = value["findings"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["weak-delegate", "personal-data-contractor"]);
    let gate = |severity: &str| {
        mailgraph(&[
            "diff",
            arg(&office),
            arg(widened.path()),
            "--today",
            "2026-01-01",
            "--fail-on",
            severity,
        ])
    };
    gate("medium")
        .expect_status(1)
        .stdout_has("Access to mailboxes holding personal data: 1 added, 0 removed");
    gate("high").expect_status(1);
}

#[test]
fn identical_snapshots_differ_in_nothing() {
    let office = repo_path("tests/fixtures/office");
    let copy = edited_office(str::to_string);
    let run = mailgraph(&["diff", arg(&office), arg(copy.path()), "--fail-on", "info"]);
    run.expect_status(0)
        .stdout_has("Records: 0 added, 0 removed, 0 changed")
        .stdout_has("Audit findings: 0 new, 0 resolved");
    let markdown = mailgraph(&[
        "diff",
        arg(&office),
        arg(copy.path()),
        "--format",
        "markdown",
    ]);
    markdown
        .expect_status(0)
        .stdout_has("## Blast radius: 0 credentials changed");
}

#[test]
fn bad_input_in_either_snapshot_is_reported_for_both() {
    let broken = fixture(&[("model.ron", "(accounts: [(id: \"a\", role: 1)])")]);
    let also_broken = fixture(&[("model.ron", "(mailboxes: [(id: \"m\", kind: Personl)])")]);
    mailgraph(&["diff", arg(broken.path()), arg(also_broken.path())])
        .expect_status(2)
        .stderr_has("model.ron:1:28: expected string")
        .stderr_has("model.ron:1:30: unknown MailboxKind `Personl`");
}
