//! `--redact`: no name, id, address, controller name or unit survives in
//! any output of any command that prints them (`diff` and the notes on how
//! a typed id resolved included), pseudonyms are stable for a key, roles
//! stay, and units stay only with `--keep-units`.

use crate::support::{arg, column, mailgraph, repo_path};

/// Everything identifying in tests/fixtures/office.
pub const IDENTIFYING: &[&str] = &[
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
    // Units name people and offices.
    "Office A",
    "Committee Office",
    "Digital",
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
    let edited = edited_office();
    let edited = arg(edited.path());
    for format in ["table", "json", "csv", "markdown"] {
        commands.push(vec!["diff", office, edited, "--format", format]);
    }
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
    // The commands name temporary folders; the outputs must not differ.
    let shown = |outputs: &[(String, String)]| -> Vec<String> {
        outputs.iter().map(|(_, output)| output.clone()).collect()
    };
    assert_eq!(shown(&first), shown(&again));
    let (command, reach) = &first[0];
    assert_ne!(reach, &other[0].1, "{command}");
    assert!(reach.contains("Member's staff"), "{reach}");
    assert!(reach.contains("unit-"), "{reach}");

    // --keep-units keeps them as written.
    let office = repo_path("tests/fixtures/office");
    let run = mailgraph(&[
        "reach",
        arg(&office),
        "--incident",
        "spring",
        "--redact-key",
        "k1",
        "--keep-units",
    ]);
    run.expect_status(0).stdout_has("Office A");
    assert!(!run.stdout.contains("unit-"), "{}", run.stdout);
    assert!(!run.stdout.contains("Bob Staff"), "{}", run.stdout);
}

/// The office with a grant revoked, a unit renamed, a mailbox's
/// controller changed and a group membership added: a diff of every kind
/// of record change.
fn edited_office() -> tempfile::TempDir {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/office/model.ron")).unwrap();
    let edited = text
        .replacen("unit: \"Digital\"", "unit: \"Digital Services\"", 1)
        .replacen(
            "(to: \"bob\", on: \"alice@office.example\", right: FullAccess),",
            "",
            1,
        );
    assert_ne!(edited, text);
    crate::support::fixture(&[("model.ron", &edited)])
}

#[test]
fn a_redacted_diff_names_nothing_and_lists_by_pseudonym() {
    let office = repo_path("tests/fixtures/office");
    let edited = edited_office();
    let run = mailgraph(&[
        "diff",
        arg(&office),
        arg(edited.path()),
        "--format",
        "json",
        "--redact-key",
        "k",
    ]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text = run.stdout.clone();
    for needle in IDENTIFYING.iter().chain(&["Digital Services"]) {
        assert!(!text.contains(needle), "`{needle}` survives:\n{text}");
    }
    let changed = value["records"]["changed"].as_array().unwrap();
    assert!(
        changed
            .iter()
            .any(|c| c["detail"].as_str().unwrap().starts_with("unit: unit-")),
        "{text}"
    );
    let removed = column(&value["records"]["removed"], "/key");
    assert!(
        !removed.is_empty() && removed.iter().all(|k| k.starts_with("grant-")),
        "{removed:?}"
    );
    let access = column(&value["personal_data_access"], "/credential");
    assert!(!access.is_empty(), "{text}");
    assert_sorted("diff access", &access);
}

#[test]
fn notes_on_typed_ids_name_no_id_when_redacted() {
    let office = repo_path("tests/fixtures/office");
    let plain = mailgraph(&["reach", arg(&office), "--from", "BOB"]);
    plain
        .expect_status(0)
        .stderr_has("`BOB` taken as account `bob`");
    for args in [
        vec!["reach", arg(&office), "--from", "BOB", "--redact"],
        vec!["exposure", arg(&office), "ALICE@office.example", "--redact"],
        vec![
            "path",
            arg(&office),
            "BOB",
            "alice@office.example",
            "--redact",
        ],
        vec!["dot", arg(&office), "--exposure", "alice", "--redact"],
    ] {
        let run = mailgraph(&args);
        run.expect_status(0)
            .stderr_has("ids withheld under --redact");
        for needle in ["bob", "BOB", "alice", "ALICE"] {
            assert!(!run.stderr.contains(needle), "{args:?}: {}", run.stderr);
        }
    }
}

/// Thirteen accounts: `boss` with FullAccess to twelve personal mailboxes
/// (three controllers), each owned by one of twelve users: every list of
/// every answer has ties that a query breaks by real id.
fn tied_model() -> tempfile::TempDir {
    let mut accounts = vec!["(id: \"boss\", name: \"Boss\")".to_string()];
    let mut mailboxes = Vec::new();
    let mut grants = Vec::new();
    for i in 0..12 {
        accounts.push(format!("(id: \"u{i:02}\", name: \"User {i}\")"));
        mailboxes.push(format!(
            "(id: \"m{i:02}@x\", kind: Personal, owner: \"u{i:02}\", controller: \"c{}\", data_subjects: 3)",
            i % 3
        ));
        grants.push(format!(
            "(to: \"boss\", on: \"m{i:02}@x\", right: FullAccess)"
        ));
    }
    let model = format!(
        "(controllers: [(id: \"c0\", name: \"C0\"), (id: \"c1\", name: \"C1\"), (id: \"c2\", name: \"C2\")],\n accounts: [{}],\n mailboxes: [{}],\n grants: [{}])\n",
        accounts.join(", "),
        mailboxes.join(", "),
        grants.join(", ")
    );
    crate::support::fixture(&[("model.ron", &model)])
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let run = mailgraph(args);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[track_caller]
fn assert_sorted(what: &str, shown: &[String]) {
    let mut sorted = shown.to_vec();
    sorted.sort();
    assert_eq!(
        shown, sorted,
        "{what} not in the order of the pseudonyms shown"
    );
}

#[test]
fn redacted_lists_follow_the_pseudonyms_not_the_real_ids() {
    let dir = tied_model();
    let path = arg(dir.path());
    // Several keys, so that an order that matches the real ids by chance
    // for one key cannot pass for all.
    for key in ["k1", "k2", "k3"] {
        let reach = json_of(&[
            "reach",
            path,
            "--from",
            "boss",
            "--redact-key",
            key,
            "--format",
            "json",
        ]);
        assert_sorted("reach users", &column(&reach["users"], "/id"));
        assert_sorted("reach mailboxes", &column(&reach["mailboxes"], "/id"));
        assert_sorted("reach controllers", &column(&reach["controllers"], "/name"));
        for controller in reach["controllers"].as_array().unwrap() {
            let mailboxes: Vec<String> = controller["mailboxes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
                .collect();
            assert_sorted("a controller's mailboxes", &mailboxes);
        }

        let rank = json_of(&[
            "rank",
            path,
            "--top",
            "0",
            "--redact-key",
            key,
            "--format",
            "json",
        ]);
        let ids = column(&rank["credentials"], "/id");
        assert_eq!(ids.len(), 13);
        // The boss first (12 mailboxes), then twelve ties of one mailbox.
        assert_sorted("rank ties", &ids[1..]);
        // A --top cut among ties keeps the first by pseudonym.
        let top = json_of(&[
            "rank",
            path,
            "--top",
            "4",
            "--redact-key",
            key,
            "--format",
            "json",
        ]);
        assert_eq!(column(&top["credentials"], "/id"), ids[..4]);

        let audit = json_of(&["audit", path, "--redact-key", key, "--format", "json"]);
        let objects: Vec<String> = crate::support::audit_findings(&crate::support::Run {
            status: 0,
            stdout: audit.to_string(),
            stderr: String::new(),
        })
        .into_iter()
        .map(|(rule, objects)| format!("{rule} {}", objects.join(" ")))
        .collect();
        assert_eq!(objects.len(), 12, "{objects:?}");
        assert_sorted("audit findings", &objects);
    }
}

#[test]
fn redacted_runs_suggest_no_real_ids() {
    let dir = tied_model();
    let path = arg(dir.path());
    for args in [
        vec!["reach", path, "--from", "bos", "--redact"],
        vec!["exposure", path, "m0@x", "--redact"],
        vec!["path", path, "bos", "m01@x", "--redact-key", "k"],
        vec!["dot", path, "--from", "u0", "--redact"],
    ] {
        let run = mailgraph(&args);
        run.expect_status(2);
        assert!(
            !run.stderr.contains("boss")
                && !run.stderr.contains("m00@x")
                && !run.stderr.contains("u00"),
            "{args:?} suggests a real id:\n{}",
            run.stderr
        );
        run.stderr_has("nearest known ids are not shown under --redact");
    }
    // Without --redact the suggestion is there.
    mailgraph(&["reach", path, "--from", "bos"])
        .expect_status(2)
        .stderr_has("nearest known: `boss`");
}

#[test]
fn an_empty_key_is_refused_and_the_key_can_come_from_the_environment() {
    let dir = tied_model();
    let path = arg(dir.path());
    mailgraph(&["rank", path, "--redact-key", ""])
        .expect_status(2)
        .stderr_has("the redaction key is empty");
    let with_flag = mailgraph(&["rank", path, "--redact-key", "s3cret"]);
    with_flag.expect_status(0);
    let from_environment = std::process::Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(["rank", path, "--redact"])
        .env("MAILGRAPH_REDACT_KEY", "s3cret")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&from_environment.stdout),
        with_flag.stdout
    );
    let empty = std::process::Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(["rank", path, "--redact"])
        .env("MAILGRAPH_REDACT_KEY", "")
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2));
    // Without --redact the variable changes nothing.
    let plain = std::process::Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(["rank", path])
        .env("MAILGRAPH_REDACT_KEY", "s3cret")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&plain.stdout).contains("boss"));
}
