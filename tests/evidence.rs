//! `--evidence`: unified audit log exports marking each exposed mailbox
//! accessed, not accessed or not covered, on reach and notify; duplicates
//! across pages, throttling, records before the incident, sign-ins,
//! accesses the directory does not explain; skipped rows located, unusable
//! files refused.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{Run, arg, fixture, mailgraph, repo_path};

const PAGES: [&str; 2] = [
    "tests/fixtures/evidence/june-2017-page1.csv",
    "tests/fixtures/evidence/june-2017-page2.csv",
];

fn reach_2017(extra: &[&str]) -> Run {
    let data = repo_path("data/parliament-2017");
    let pages: Vec<_> = PAGES.iter().map(|p| repo_path(p)).collect();
    let mut args = vec!["reach", arg(&data), "--incident", "june-2017"];
    args.extend(extra);
    args.push("--evidence");
    args.extend(pages.iter().map(|p| arg(p)));
    mailgraph(&args)
}

/// Mailbox id -> evidence status, from reach's JSON.
fn statuses(value: &Value) -> BTreeMap<String, String> {
    value["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["evidence"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_2017_exports_mark_each_exposed_mailbox() {
    let run = reach_2017(&["--format", "json"]);
    run.expect_status(0)
        .stderr_has("1 of 14 audit log rows skipped")
        .stderr_has("june-2017-page1.csv:7:")
        .stderr_has("AuditData is not JSON");
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses = statuses(&value);
    assert_eq!(statuses.len(), 39);
    let of = |id: &str| statuses[&format!("{id}@parliament.example")].clone();
    // The attacker's own records after the start: a read, a rule with no
    // Identity (the actor's own mailbox), a SendAs.
    assert_eq!(of("committee.regionalaffairs"), "accessed");
    assert_eq!(of("rhiannon.penhaligon.mp"), "accessed");
    assert_eq!(of("sundeep.chahal.mp"), "accessed");
    // Covered by records before the incident (even the owner's own, later
    // compromised) and by others' records: not accessed.
    assert_eq!(of("r.penhaligon"), "not-accessed");
    assert_eq!(of("nnamdi.eze"), "not-accessed");
    // Throttled the evening before: no logging into the incident.
    assert_eq!(of("maeve.oconchuir"), "not-covered");
    // No record names it at all.
    assert_eq!(of("tomas.ferreira"), "not-covered");

    let evidence = &value["evidence"];
    assert_eq!(evidence["totals"]["accessed"], 3);
    assert_eq!(evidence["totals"]["not_accessed"], 2);
    assert_eq!(evidence["totals"]["not_covered"], 34);
    // Two pages, the committee read on both: one record.
    assert_eq!(evidence["rows"], 14);
    assert_eq!(evidence["duplicates"], 1);
    assert_eq!(evidence["records"], 12);
    assert_eq!(evidence["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(evidence["period"]["start"], "2017-06-23T00:00:00Z");
    assert_eq!(evidence["period"]["end"], "2017-06-24T00:00:00Z");
    assert_eq!(evidence["span"]["first"], "2017-06-22T08:00:00Z");
    let maeve = value["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "maeve.oconchuir@parliament.example")
        .unwrap();
    assert_eq!(maeve["evidence"]["gap"], "throttled");
    let committee = value["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "committee.regionalaffairs@parliament.example")
        .unwrap();
    assert_eq!(
        committee["evidence"]["first_access"],
        "2017-06-23T10:05:07Z"
    );
    // A sign-in names no mailbox; it shows the credential was used.
    assert_eq!(evidence["sign_ins"][0]["id"], "aurelie.castellane");
    // Accesses the directory does not explain are shown, never dropped.
    let warnings = evidence["warnings"].to_string();
    assert!(
        warnings.contains("commons.finance@parliament.example"),
        "{warnings}"
    );
    assert!(
        warnings.contains("ghost.archive@parliament.example"),
        "{warnings}"
    );
}

#[test]
fn the_table_has_an_evidence_section_with_totals() {
    reach_2017(&[])
        .expect_status(0)
        .stdout_has("Evidence of access (unified audit log)")
        .stdout_has("accessed (evidence): 3; exposed, no evidence of access: 2; exposed, not covered by the logs: 34")
        .stdout_has("accessed but not exposed in the directory: commons.finance@parliament.example");
}

#[test]
fn redacted_evidence_names_no_one() {
    let run = reach_2017(&["--format", "json", "--redact-key", "k"]);
    run.expect_status(0);
    for secret in ["parliament.example", "aurelie", "ghost"] {
        assert!(!run.stdout.contains(secret), "shows {secret}");
    }
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["evidence"]["totals"]["accessed"], 3);
}

#[test]
fn notify_worksheets_carry_the_evidence() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("w");
    let data = repo_path("data/parliament-2017");
    let pages: Vec<_> = PAGES.iter().map(|p| repo_path(p)).collect();
    let mut args = vec![
        "notify",
        arg(&data),
        "--incident",
        "june-2017",
        "-o",
        arg(&target),
        "--evidence",
    ];
    args.extend(pages.iter().map(|p| arg(p)));
    mailgraph(&args)
        .expect_status(0)
        .stdout_has("Evidence: 3 accessed, 2 not accessed, 34 not covered");
    let sheet =
        std::fs::read_to_string(target.join("04-clerk-of-the-house-of-commons.md")).unwrap();
    assert!(sheet.contains("evidence of access"), "{sheet}");
    assert!(
        sheet.contains("accessed \\(evidence\\), first 2017-06-23T10:05:07Z"),
        "{sheet}"
    );
    assert!(sheet.contains("**1 accessed \\(evidence\\)**"), "{sheet}");
    let value: Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("worksheets.json")).unwrap())
            .unwrap();
    assert_eq!(value["evidence"]["totals"]["accessed"], 3);
}

/// A one-file model and an export holding `rows` (AuditData JSON each).
fn small(rows: &[&str]) -> (tempfile::TempDir, Run) {
    let model = r#"(
        accounts: [(id: "s"), (id: "m")],
        mailboxes: [
            (id: "s@x", kind: Personal, owner: "s"),
            (id: "m@x", kind: Personal, owner: "m"),
        ],
        grants: [(to: "s", on: "m@x", right: FullAccess)],
        incidents: [(name: "i", date: "2024-05-01", discovered: "2024-05-01T12:00:00Z", compromised: ["s"])],
    )"#;
    let mut csv = String::from(
        "\u{feff}\"RecordType\",\"CreationDate\",\"UserIds\",\"Operations\",\"AuditData\"\r\n",
    );
    for row in rows {
        csv.push_str(&format!(
            "\"ExchangeItemAggregated\",\"01/05/2024 10:00:00\",\"s\",\"MailItemsAccessed\",\"{}\"\r\n",
            row.replace('"', "\"\"")
        ));
    }
    let dir = fixture(&[("model.ron", model), ("log.csv", &csv)]);
    let run = mailgraph(&[
        "reach",
        arg(&dir.path().join("model.ron")),
        "--incident",
        "i",
        "--format",
        "json",
        "--evidence",
        arg(&dir.path().join("log.csv")),
    ]);
    (dir, run)
}

fn record(id: &str, time: &str, actor: &str, owner: &str) -> String {
    format!(
        r#"{{"CreationTime":"{time}","Id":"{id}","Operation":"MailItemsAccessed","RecordType":50,"UserId":"{actor}","MailboxOwnerUPN":"{owner}","OperationProperties":[{{"Name":"MailAccessType","Value":"Bind"}},{{"Name":"IsThrottled","Value":"False"}}]}}"#
    )
}

#[test]
fn an_export_that_does_not_span_the_incident_covers_nothing() {
    // Records end at 11:00, before the discovery at 12:00: even the
    // mailboxes they name are not covered.
    let rows = [
        record("1", "2024-04-30T09:00:00", "m@x", "m@x"),
        record("2", "2024-05-01T11:00:00", "m@x", "s@x"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (_dir, run) = small(&rows);
    let value: Value = serde_json::from_str(&run.expect_status(0).stdout).unwrap();
    assert_eq!(value["evidence"]["totals"]["not_covered"], 2);
    assert_eq!(value["mailboxes"][0]["evidence"]["gap"], "span");
}

#[test]
fn the_attacker_s_records_before_the_incident_are_coverage_only() {
    let rows = [
        record("1", "2024-04-30T09:00:00", "s", "m@x"),
        record("2", "2024-05-02T09:00:00", "m", "s@x"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (_dir, run) = small(&rows);
    let value: Value = serde_json::from_str(&run.expect_status(0).stdout).unwrap();
    assert_eq!(value["evidence"]["totals"]["not_accessed"], 2);
    // The same read on the incident's day is access; by a non-attacker it
    // is not.
    let rows = [
        record("0", "2024-04-30T08:00:00", "m", "m@x"),
        record("1", "2024-05-01T09:00:00", "s", "m@x"),
        record("2", "2024-05-02T09:00:00", "m", "s@x"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (_dir, run) = small(&rows);
    let value: Value = serde_json::from_str(&run.expect_status(0).stdout).unwrap();
    assert_eq!(value["evidence"]["totals"]["accessed"], 1);
    assert_eq!(value["evidence"]["totals"]["not_accessed"], 1);
}

#[test]
fn unusable_exports_stop_with_a_location_and_bad_rows_are_counted() {
    // No AuditData column: the header is where the problem is.
    let dir = fixture(&[
        (
            "model.ron",
            r#"(accounts: [(id: "s")], mailboxes: [(id: "s@x", kind: Personal, owner: "s")], incidents: [(name: "i", date: "2024-05-01", compromised: ["s"])])"#,
        ),
        (
            "wrong.csv",
            "\u{feff}\"Identity\",\"User\",\"AccessRights\"\r\n\"s@x\",\"s\",\"FullAccess\"\r\n",
        ),
        (
            "garbage.csv",
            "\u{feff}\"AuditData\"\r\n\"not json\"\r\n\"{}\"\r\n",
        ),
        (
            "unterminated.csv",
            "\u{feff}\"Operations\",\"AuditData\"\r\n\"Send\",\"{\"\"Id\"\":1}\r\n",
        ),
        (
            "ragged.csv",
            "\u{feff}\"Operations\",\"AuditData\"\r\n\"Send\"\r\n\"Send\",\"{}\",\"extra\"\r\n\"MailItemsAccessed\",\"{\"\"CreationTime\"\":\"\"2024-05-01T10:00:00\"\",\"\"Id\"\":\"\"a\"\",\"\"Operation\"\":\"\"MailItemsAccessed\"\",\"\"UserId\"\":\"\"s\"\",\"\"MailboxOwnerUPN\"\":\"\"s@x\"\"}\"\r\n",
        ),
    ]);
    let model = dir.path().join("model.ron");
    mailgraph(&[
        "reach",
        arg(&model),
        "--incident",
        "i",
        "--evidence",
        arg(&dir.path().join("wrong.csv")),
    ])
    .expect_status(2)
    .stderr_has("wrong.csv:1:")
    .stderr_has("missing column `AuditData`");
    mailgraph(&[
        "reach",
        arg(&model),
        "--incident",
        "i",
        "--evidence",
        arg(&dir.path().join("garbage.csv")),
    ])
    .expect_status(2)
    .stderr_has("garbage.csv: no row's AuditData could be read (2 rows)");
    // A quote never closed: the rest of the file is lost, so it is unusable.
    mailgraph(&[
        "reach",
        arg(&model),
        "--incident",
        "i",
        "--evidence",
        arg(&dir.path().join("unterminated.csv")),
    ])
    .expect_status(2)
    .stderr_has("unterminated.csv:2:");
    // Rows with too few or too many fields are skipped, counted, located.
    mailgraph(&[
        "reach",
        arg(&model),
        "--incident",
        "i",
        "--evidence",
        arg(&dir.path().join("ragged.csv")),
    ])
    .expect_status(0)
    .stderr_has("2 of 3 audit log rows skipped")
    .stderr_has("ragged.csv:2:")
    .stderr_has("ragged.csv:3:");
    // A missing file, and --evidence without an incident.
    mailgraph(&[
        "reach",
        arg(&model),
        "--incident",
        "i",
        "--evidence",
        arg(&dir.path().join("nope.csv")),
    ])
    .expect_status(2)
    .stderr_has("nope.csv: cannot read");
    mailgraph(&[
        "reach",
        arg(&model),
        "--from",
        "s",
        "--evidence",
        arg(&dir.path().join("garbage.csv")),
    ])
    .expect_status(2)
    .stderr_has("--evidence needs --incident");
}

#[test]
fn diagrams_mark_what_the_logs_show() {
    let data = repo_path("data/parliament-2017");
    let pages: Vec<_> = PAGES.iter().map(|p| repo_path(p)).collect();
    let mut args = vec!["dot", arg(&data), "--incident", "june-2017", "--evidence"];
    args.extend(pages.iter().map(|p| arg(p)));
    let run = mailgraph(&args);
    run.expect_status(0);
    assert_eq!(
        run.stdout.matches("ACCESSED 2017-06-23").count(),
        3,
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("no evidence of access").count(), 2);
    assert_eq!(run.stdout.matches("not covered by logs").count(), 34);
    // Only an incident's diagram takes evidence.
    mailgraph(&[
        "dot",
        arg(&data),
        "--exposure",
        "committee.regionalaffairs@parliament.example",
        "--evidence",
        arg(&pages[0]),
    ])
    .expect_status(2)
    .stderr_has("--evidence marks the mailboxes of an incident's diagram");
}

#[test]
fn the_csv_gives_each_mailbox_its_evidence() {
    let json = reach_2017(&["--format", "json"]);
    let value: Value = serde_json::from_str(&json.expect_status(0).stdout).unwrap();
    let run = reach_2017(&["--format", "csv"]);
    run.expect_status(0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers[headers.len() - 4..],
        ["path", "evidence", "first_access", "evidence_detail"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|row| row.unwrap().iter().map(String::from).collect())
        .collect();
    let from_csv: BTreeMap<String, String> = rows
        .iter()
        .filter(|row| row[0] == "mailbox")
        .map(|row| (row[1].clone(), row[11].clone()))
        .collect();
    assert_eq!(from_csv, statuses(&value));
    assert!(from_csv.values().any(|status| status == "accessed"));
    // The first access of an accessed mailbox, as the JSON has it.
    for row in rows.iter().filter(|row| row[11] == "accessed") {
        let mailbox = value["mailboxes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == row[1].as_str())
            .unwrap();
        assert_eq!(mailbox["evidence"]["first_access"], row[12].as_str());
    }
    // Rows of no mailbox leave the evidence empty.
    assert!(
        rows.iter()
            .filter(|row| row[0] == "compromised")
            .all(|row| row[11..].iter().all(String::is_empty))
    );
}
