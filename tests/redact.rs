//! `--redact`: no name, id, address or controller name survives in any
//! output of any command that prints them, pseudonyms are stable for a key,
//! and roles and units stay.

use crate::support::{arg, mailgraph, repo_path};

/// Everything identifying in tests/fixtures/office.
const IDENTIFYING: &[&str] = &[
    "alice",
    "Alice Member",
    "Bob Staff",
    "bob@",
    "carol",
    "Carol Caseworker",
    "Dave Clerk",
    "dave@",
    "Erin Contractor",
    "erin@",
    "Frank Former",
    "frank@",
    "office.example",
    "house.example",
    "Select Committee",
    "Helpdesk",
    "committee-team",
    "dc-mp",
    "dc-clerk",
    "Clerk of the House",
];

fn outputs(key: &str) -> Vec<(String, String)> {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    let key = ["--redact-key", key];
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "json", "csv"] {
        commands.push(vec![
            "reach",
            office,
            "--incident",
            "spring",
            "--format",
            format,
        ]);
        commands.push(vec![
            "reach", office, "--from", "erin", "--from", "carol", "--format", format,
        ]);
        commands.push(vec![
            "exposure",
            office,
            "committee@house.example",
            "--format",
            format,
        ]);
        commands.push(vec![
            "path",
            office,
            "helpdesk@house.example",
            "committee@house.example",
            "--format",
            format,
        ]);
        commands.push(vec!["rank", office, "--format", format]);
    }
    for format in ["table", "json", "markdown"] {
        commands.push(vec![
            "audit",
            office,
            "--today",
            "2026-01-01",
            "--format",
            format,
        ]);
    }
    commands.push(vec![
        "dot",
        office,
        "--incident",
        "spring",
        "--cluster-by",
        "controller",
    ]);
    commands.push(vec!["dot", office, "--exposure", "alice@office.example"]);
    commands.push(vec!["dot", office, "--path", "bob", "alice@office.example"]);
    commands.push(vec!["dot", office, "--all"]);
    commands
        .into_iter()
        .map(|mut command| {
            command.extend_from_slice(&key);
            let run = mailgraph(&command);
            run.expect_status(0);
            if command[0] == "dot" {
                // Every diagram the tests make goes through Graphviz.
                crate::dot::svg(&run.stdout);
            }
            (command.join(" "), run.stdout)
        })
        .collect()
}

#[test]
fn no_original_name_survives_in_any_output() {
    for (command, output) in outputs("board-2026") {
        for needle in IDENTIFYING {
            assert!(
                !output.contains(needle),
                "`{needle}` survives in `{command}`:\n{output}"
            );
        }
        assert!(
            output.contains("account-") || output.contains("mailbox-"),
            "{command}: {output}"
        );
    }
}

#[test]
fn pseudonyms_are_stable_for_a_key_and_roles_and_units_stay() {
    let first = outputs("k1");
    let again = outputs("k1");
    let other = outputs("k2");
    assert_eq!(first, again);
    let (command, reach) = &first[0];
    assert_ne!(reach, &other[0].1, "{command}");
    assert!(reach.contains("Member's staff"), "{reach}");
    assert!(reach.contains("Office A"), "{reach}");
}
