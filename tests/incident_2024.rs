//! The shipped scenario of the January 2024 pattern (data/oauth-2024,
//! ../data/README.md): one sprayed test account without MFA owns an
//! application with `full_access_as_app`, and so reads every mailbox, the
//! senior leadership's included, without any mailbox permission.

use serde_json::Value;

use crate::support::{arg, audit_findings, column, mailgraph, reach_path, repo_path};

const SCENARIO: &str = "data/oauth-2024";

fn reach() -> Value {
    let path = repo_path(SCENARIO);
    let run = mailgraph(&[
        "reach",
        arg(&path),
        "--incident",
        "january-2024",
        "--format",
        "json",
    ]);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn reach_gives_the_scenarios_figures() {
    let value = reach();
    let totals = &value["totals"];
    assert_eq!(totals["accounts"], 21);
    assert_eq!(totals["users_affected"], 21);
    assert_eq!(totals["credentials_controlled"], 2);
    assert_eq!(totals["mailboxes"], 25);
    assert_eq!(totals["full"], 25);
    assert_eq!(totals["personal_mailboxes"], 21);
    assert_eq!(totals["generic_mailboxes"], 4);
    assert_eq!(totals["people"], 1540);
    assert_eq!(
        column(&value["credentials"], "/id"),
        ["svc-legacy-test", "legacy-test-app"]
    );
}

#[test]
fn the_leadership_is_read_through_the_application_and_no_mailbox_permission() {
    let value = reach();
    let leadership = [
        "a.mensah",
        "r.varga",
        "d.okonkwo",
        "s.lindqvist",
        "m.haddad",
        "j.kowalczyk",
    ];
    let mailboxes = value["mailboxes"].as_array().unwrap();
    let mut through_application = 0;
    for mailbox in mailboxes {
        let path = reach_path(&value, mailbox);
        let hops: Vec<(&str, &str)> = path["hops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hop| {
                (
                    hop["edge"].as_str().unwrap(),
                    hop["right"].as_str().unwrap(),
                )
            })
            .collect();
        // No grant of any kind on any path.
        assert!(
            hops.iter().all(
                |(edge, _)| ["owner", "app-owner", "app-permission", "in-scope"].contains(edge)
            ),
            "{hops:?}"
        );
        if hops.contains(&("app-permission", "full_access_as_app")) {
            through_application += 1;
        }
    }
    assert_eq!(through_application, 24);
    for person in leadership {
        let id = format!("{person}@northwind.example");
        let mailbox = mailboxes.iter().find(|m| m["id"] == id.as_str()).unwrap();
        assert_eq!(mailbox["level"], "full");
        let path = reach_path(&value, mailbox);
        assert_eq!(path["start"], "svc-legacy-test");
        assert_eq!(
            column(&path["hops"], "/to"),
            ["legacy-test-app", "every mailbox", id.as_str()]
        );
    }
}

#[test]
fn the_audit_names_the_application_and_its_owner_without_mfa() {
    let path = repo_path(SCENARIO);
    let run = mailgraph(&["audit", arg(&path), "--format", "json"]);
    let findings = audit_findings(&run);
    for (rule, objects) in [
        ("application-organisation-wide", vec!["legacy-test-app"]),
        (
            "application-owner-without-mfa",
            vec!["legacy-test-app", "svc-legacy-test"],
        ),
    ] {
        assert!(
            findings
                .iter()
                .any(|(r, o)| r == rule && o.iter().map(String::as_str).eq(objects.iter().copied())),
            "no {rule} on {objects:?}: {findings:?}"
        );
    }
    // The room-booking application is restricted to the boardroom.
    assert!(
        !findings
            .iter()
            .any(|(r, o)| r == "application-organisation-wide" && o[0] == "room-booking")
    );
}

#[test]
fn restricting_the_application_is_what_would_have_contained_it() {
    // With an application access policy limiting LegacyTest to the test
    // account's own mailbox, the same credential reaches one mailbox.
    let text = std::fs::read_to_string(repo_path("data/oauth-2024/organisation.ron")).unwrap();
    let restricted = text.replace(
        r#"permission: "full_access_as_app", scope: Organisation"#,
        r#"permission: "full_access_as_app", scope: Only(["svc-legacy-test"])"#,
    );
    assert_ne!(restricted, text);
    let incident =
        std::fs::read_to_string(repo_path("data/oauth-2024/incidents/january-2024.ron")).unwrap();
    let dir = crate::support::fixture(&[
        ("organisation.ron", &restricted),
        ("incidents/january-2024.ron", &incident),
    ]);
    let run = mailgraph(&[
        "reach",
        arg(dir.path()),
        "--incident",
        "january-2024",
        "--format",
        "json",
    ]);
    run.expect_status(0);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["totals"]["mailboxes"], 1);
}
