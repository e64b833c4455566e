//! `mailgraph audit --format sarif` and `--format csv`: SARIF 2.1.0 that
//! the published schema accepts, each result at the file and line of the
//! record at fault; CSV with the same findings; both deterministic, and
//! naming nobody under `--redact`.

use serde_json::Value;

use crate::support::{arg, audit_findings, fixture, mailgraph};

/// The SARIF 2.1.0 JSON schema as published (tests/fixtures/sarif/README.md
/// says where it comes from).
const SCHEMA: &str = include_str!("fixtures/sarif/sarif-2.1.0-rtm.5.json");

/// The schema's complaints about `text` (formats are not checked: URIs
/// are, apart, in [`is_uri_reference`]).
fn schema_errors(text: &str) -> Vec<String> {
    // The one pattern of the published file that is not a valid regular
    // expression (`run.language`, which mailgraph does not write) is read
    // as the OASIS errata correct it.
    let schema = SCHEMA.replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert_ne!(schema, SCHEMA, "the faulty pattern is where it was");
    let schema: Value = serde_json::from_str(&schema).expect("the schema is JSON");
    let instance: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .expect("the schema compiles");
    validator
        .iter_errors(&instance)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect()
}

/// Whether `uri` is a URI reference made of unreserved characters, `/`,
/// `file://` and percent escapes only (what the SARIF renderer writes).
fn is_uri_reference(uri: &str) -> bool {
    let rest = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => i += 1,
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    !uri.is_empty()
}

const SCENARIO: &str = "data/parliament-2017";

#[test]
fn the_scenario_sarif_validates_against_the_published_schema() {
    let run = mailgraph(&[
        "audit",
        SCENARIO,
        "--today",
        "2026-01-01",
        "--format",
        "sarif",
    ]);
    run.expect_status(0);
    let errors = schema_errors(&run.stdout);
    assert!(
        errors.is_empty(),
        "{}",
        errors[..errors.len().min(10)].join("\n")
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), mailgraph::audit::RULES.len());
    let results = run0["results"].as_array().unwrap();
    let json = mailgraph(&[
        "audit",
        SCENARIO,
        "--today",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(results.len(), audit_findings(&json).len());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("data/parliament-2017/") && uri.ends_with(".ron"),
            "{uri}"
        );
        assert!(is_uri_reference(uri), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    // The same input gives the same bytes.
    let again = mailgraph(&[
        "audit",
        SCENARIO,
        "--today",
        "2026-01-01",
        "--format",
        "sarif",
    ]);
    assert!(
        again.stdout == run.stdout,
        "SARIF output differs between runs"
    );
}

#[test]
fn the_schema_check_rejects_what_is_not_sarif() {
    let broken = r#"{"version": "2.0.0", "runs": [{"results": []}]}"#;
    assert!(!schema_errors(broken).is_empty());
}

/// A directory of two files, the risky grant on a known line of the second.
fn two_files() -> tempfile::TempDir {
    fixture(&[
        (
            "people.ron",
            r#"(
  accounts: [
    (id: "mp", name: "Alice Member", mfa: true, password: Strong),
    (id: "temp", name: "Tim Temp", password: Weak),
  ],
  controllers: [(id: "dc", name: "The Clerk")],
  mailboxes: [(id: "mp@x", kind: Personal, owner: "mp", controller: "dc")],
)
"#,
        ),
        (
            "rights/grants.ron",
            r#"(
  grants: [
    (to: "mp", on: "mp@x", right: SendAs),

    (to: "temp", on: "mp@x", right: FullAccess),
  ],
)
"#,
        ),
    ])
}

#[test]
fn a_result_points_at_the_line_that_adds_the_risky_grant() {
    let dir = two_files();
    let run = mailgraph(&[
        "audit",
        arg(dir.path()),
        "--today",
        "2026-01-01",
        "--format",
        "sarif",
        "--rule",
        "weak-delegate",
    ]);
    run.expect_status(0);
    assert!(schema_errors(&run.stdout).is_empty());
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    let location = &results[0]["locations"][0]["physicalLocation"];
    let uri = location["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.ends_with("/rights/grants.ron"), "{uri}");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 5);
    assert_eq!(results[0]["level"], "error");
    let message = results[0]["message"]["text"].as_str().unwrap();
    assert!(message.starts_with("temp (Tim Temp), mp@x"), "{message}");
}

#[test]
fn an_expired_suppression_points_at_the_configuration() {
    let dir = two_files();
    let config = fixture(&[(
        "audit.ron",
        r#"(
    suppressions: [
        (rule: "weak-delegate", object: "temp", reason: "ticket 1", expires: "2025-01-01"),
    ],
)
"#,
    )]);
    let run = mailgraph(&[
        "audit",
        arg(dir.path()),
        "--today",
        "2026-01-01",
        "--format",
        "sarif",
        "--rule",
        "expired-suppression",
        "--config",
        arg(&config.path().join("audit.ron")),
    ]);
    run.expect_status(0);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/audit.ron")
    );
    assert_eq!(location["region"]["startLine"], 3);
}

#[test]
fn csv_has_a_row_per_finding_with_its_place() {
    let dir = two_files();
    let run = mailgraph(&[
        "audit",
        arg(dir.path()),
        "--today",
        "2026-01-01",
        "--format",
        "csv",
    ]);
    run.expect_status(0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "severity",
            "rule",
            "objects",
            "detail",
            "people",
            "credentials",
            "file",
            "line"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let weak = rows.iter().find(|row| &row[1] == "weak-delegate").unwrap();
    assert_eq!(&weak[0], "high");
    assert_eq!(&weak[2], "temp (Tim Temp); mp@x");
    assert!(weak[6].ends_with("grants.ron"), "{}", &weak[6]);
    assert_eq!(&weak[7], "5");
    let json = mailgraph(&[
        "audit",
        arg(dir.path()),
        "--today",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(rows.len(), audit_findings(&json).len());
}

#[test]
fn redacted_sarif_and_csv_name_nobody_and_no_file() {
    let dir = two_files();
    for format in ["sarif", "csv"] {
        let run = mailgraph(&[
            "audit",
            arg(dir.path()),
            "--today",
            "2026-01-01",
            "--format",
            format,
            "--redact-key",
            "k",
        ]);
        run.expect_status(0);
        for secret in [
            "Alice Member",
            "Tim Temp",
            "\"mp\"",
            "temp (",
            "mp@x",
            "The Clerk",
            "grants.ron",
            "people.ron",
        ] {
            assert!(
                !run.stdout.contains(secret),
                "{format} leaks {secret}:\n{}",
                run.stdout
            );
        }
        if format == "sarif" {
            assert!(schema_errors(&run.stdout).is_empty());
        }
    }
}
