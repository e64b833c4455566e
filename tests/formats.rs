//! The same answer in every format, and wording that fits the count.

use crate::support::{arg, fixture, mailgraph, repo_path};

const SCENARIO: &str = "data/parliament-2017";

#[test]
fn stats_csv_lists_the_same_top_units_as_the_table() {
    let table = mailgraph(&["stats", SCENARIO, "--units", "3"]);
    table.expect_status(0);
    let csv = mailgraph(&["stats", SCENARIO, "--units", "3", "--format", "csv"]);
    csv.expect_status(0);
    let csv_units: Vec<(String, String)> = csv
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("unit,"))
        .map(|rest| {
            let (name, count) = rest.rsplit_once(',').unwrap();
            (name.trim_matches('"').to_string(), count.to_string())
        })
        .collect();
    assert_eq!(csv_units.len(), 3, "{}", csv.stdout);
    let table_units: Vec<(String, String)> = table
        .stdout
        .lines()
        .skip_while(|line| !line.starts_with("unit "))
        .skip(1)
        .take(3)
        .map(|line| {
            let (name, count) = line.trim_end().rsplit_once(' ').unwrap();
            (name.trim().to_string(), count.to_string())
        })
        .collect();
    assert_eq!(csv_units, table_units);
    // --units 0 lists every unit in both.
    let all = mailgraph(&["stats", SCENARIO, "--units", "0", "--format", "csv"]);
    assert!(
        all.stdout
            .lines()
            .filter(|l| l.starts_with("unit,"))
            .count()
            > 3
    );
}

#[test]
fn one_is_singular() {
    let reach = mailgraph(&["reach", SCENARIO, "--from", "aidan.hussain"]);
    reach
        .expect_status(0)
        .stdout_has("1 compromised credential\n");
    let check = mailgraph(&["check", SCENARIO]);
    check.expect_status(0).stdout_has("1 incident\n");
    let stats = mailgraph(&["stats", SCENARIO]);
    stats.expect_status(0).stdout_has(", 1 incident, ");
}

#[test]
fn a_path_to_a_credentials_own_account_says_so() {
    let run = mailgraph(&["path", SCENARIO, "aidan.hussain", "aidan.hussain"]);
    run.expect_status(0);
    assert_eq!(
        run.stdout,
        "aidan.hussain is aidan.hussain's own credential: holding it is holding aidan.hussain, no path needed\n"
    );
    // Programs still get the answer's structure.
    mailgraph(&[
        "path",
        SCENARIO,
        "aidan.hussain",
        "aidan.hussain",
        "--format",
        "json",
    ])
    .expect_status(0)
    .stdout_has("\"paths\"");
}

const OFFICE: &str = "tests/fixtures/office";

/// Runs `args` once per format and checks each output for its format: a
/// table or Markdown says something, JSON parses and names its `schema`,
/// CSV has a header and every row as many cells as the header. Returns
/// the outputs, format by format.
fn each_format(args: &[&str], formats: &[&str], schema: Option<&str>) -> Vec<String> {
    formats
        .iter()
        .map(|&format| {
            let mut all = args.to_vec();
            all.extend_from_slice(&["--format", format]);
            let run = mailgraph(&all);
            run.expect_status(0);
            assert!(!run.stdout.trim().is_empty(), "{args:?} {format}: empty");
            match format {
                "json" => {
                    let value: serde_json::Value =
                        serde_json::from_str(&run.stdout).expect("a JSON document");
                    if let Some(schema) = schema {
                        assert_eq!(value["schema"], schema, "{args:?}");
                    }
                }
                "csv" => {
                    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
                    let width = reader.headers().expect("a header").len();
                    let rows = reader
                        .records()
                        .map(|row| row.expect("a row as wide as the header"))
                        .inspect(|row| assert_eq!(row.len(), width))
                        .count();
                    assert!(rows > 0, "{args:?}: no CSV rows\n{}", run.stdout);
                }
                "markdown" => assert!(run.stdout.starts_with("# "), "{}", run.stdout),
                _ => {}
            }
            run.stdout.clone()
        })
        .collect()
}

const TABLE_JSON_CSV: &[&str] = &["table", "json", "csv"];
const WITH_MARKDOWN: &[&str] = &["table", "json", "csv", "markdown"];

#[test]
fn reach_in_every_format() {
    each_format(
        &["reach", OFFICE, "--incident", "spring"],
        TABLE_JSON_CSV,
        Some("mailgraph/reach/v2"),
    );
}

#[test]
fn exposure_in_every_format() {
    each_format(
        &["exposure", OFFICE, "committee@house.example"],
        TABLE_JSON_CSV,
        Some("mailgraph/exposure/v3"),
    );
}

#[test]
fn path_in_every_format() {
    each_format(
        &["path", OFFICE, "erin", "committee@house.example"],
        TABLE_JSON_CSV,
        Some("mailgraph/path/v2"),
    );
}

#[test]
fn rank_in_every_format() {
    each_format(&["rank", OFFICE], TABLE_JSON_CSV, Some("mailgraph/rank/v1"));
}

#[test]
fn stats_in_every_format() {
    each_format(
        &["stats", OFFICE],
        TABLE_JSON_CSV,
        Some("mailgraph/stats/v1"),
    );
}

#[test]
fn contain_in_every_format() {
    let outputs = each_format(
        &["contain", OFFICE, "--incident", "spring"],
        &["table", "json", "csv", "markdown"],
        Some("mailgraph/contain/v1"),
    );
    // One row per command: bob's reset has two.
    let csv = &outputs[2];
    assert!(csv.starts_with("step,section,title,reason,note,command\n"));
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("1,credentials,"))
            .count(),
        2,
        "{csv}"
    );
}

#[test]
fn plan_in_every_format() {
    each_format(&["plan", OFFICE], WITH_MARKDOWN, Some("mailgraph/plan/v1"));
}

/// The office fixture without bob's FullAccess on alice's mailbox.
fn revoked_office() -> tempfile::TempDir {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/office/model.ron")).unwrap();
    let revoked = text.replace(
        r#"(to: "bob", on: "alice@office.example", right: FullAccess),"#,
        "",
    );
    fixture(&[
        ("new/model.ron", &revoked),
        (
            "changes.ron",
            r#"(changes: [RevokeGrant(to: "bob", on: "alice@office.example", right: FullAccess)])"#,
        ),
    ])
}

/// The CSV rows (as cells) of `text` whose first cell is `section`.
fn csv_section(text: &str, section: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|row| row.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .filter(|row| row[0] == section)
        .collect()
}

#[test]
fn diff_in_every_format() {
    let dir = revoked_office();
    let new = dir.path().join("new");
    let outputs = each_format(
        &["diff", OFFICE, arg(&new), "--today", "2026-01-01"],
        WITH_MARKDOWN,
        Some("mailgraph/diff/v1"),
    );
    let csv = &outputs[2];
    assert!(csv.starts_with(
        "section,change,record,key,credential,mailbox,people,level_before,level_after,\
         mailboxes_before,mailboxes_after,people_before,people_after,severity,rule,objects,detail,path\n"
    ));
    let records = csv_section(csv, "record");
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0][..4],
        [
            "record",
            "removed",
            "grant",
            "bob -> alice@office.example (FullAccess)"
        ]
    );
    let access = csv_section(csv, "personal_data_access");
    assert_eq!(
        access[0][..9],
        [
            "personal_data_access",
            "removed",
            "",
            "",
            "bob",
            "alice@office.example",
            "40",
            "full",
            ""
        ]
    );
    assert_eq!(access[0][17], "bob -FullAccess-> alice@office.example");
    let blast = csv_section(csv, "blast_radius");
    assert_eq!(blast[0][4], "bob");
    assert_eq!(blast[0][9..11], ["2", "1"]);
    let findings = csv_section(csv, "finding");
    assert_eq!(findings[0][1], "resolved");
    assert_eq!(findings[0][14], "weak-delegate");
}

#[test]
fn what_if_in_every_format() {
    let dir = revoked_office();
    let changes = dir.path().join("changes.ron");
    let outputs = each_format(
        &[
            "what-if",
            OFFICE,
            "--apply",
            arg(&changes),
            "--from",
            "bob",
            "--today",
            "2026-01-01",
        ],
        WITH_MARKDOWN,
        Some("mailgraph/what-if/v1"),
    );
    let csv = &outputs[2];
    let reach = csv_section(csv, "reach");
    assert_eq!(reach.len(), 1, "{csv}");
    assert_eq!(
        reach[0][..9],
        [
            "reach",
            "no longer exposed",
            "",
            "",
            "",
            "alice@office.example",
            "40",
            "full",
            ""
        ]
    );
    assert_eq!(csv_section(csv, "record").len(), 1);
    assert_eq!(csv_section(csv, "finding")[0][1], "resolved");
}

#[test]
fn reach_csv_carries_every_table_of_the_answer() {
    let run = mailgraph(&[
        "reach",
        SCENARIO,
        "--incident",
        "june-2017",
        "--format",
        "csv",
    ]);
    run.expect_status(0);
    let count = |section: &str| csv_section(&run.stdout, section).len();
    assert_eq!(count("mailbox"), 39);
    // The three MPs exposed only through a delegate.
    let indirect = csv_section(&run.stdout, "affected-through-mailbox");
    assert_eq!(indirect.len(), 3);
    assert!(indirect.iter().all(|row| row[4] == "MP"), "{indirect:?}");
    // Every data controller who must assess notification, with its counts;
    // the committee's 77 people among them.
    let json = mailgraph(&[
        "reach",
        SCENARIO,
        "--incident",
        "june-2017",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let controllers = csv_section(&run.stdout, "controller");
    assert_eq!(
        controllers.len(),
        value["controllers"].as_array().unwrap().len()
    );
    assert_eq!(
        controllers
            .iter()
            .map(|row| row[1].clone())
            .collect::<Vec<_>>(),
        crate::support::column(&value["controllers"], "/id")
    );
    let people: u64 = controllers
        .iter()
        .map(|row| row[8].parse::<u64>().unwrap())
        .sum();
    assert!(people >= 77, "{people}");
    assert_eq!(
        count("compromised") + count("taken-over"),
        value["credentials"].as_array().unwrap().len()
    );
}

#[test]
fn reach_csv_lists_disabled_impersonation_only_and_no_controller_rows() {
    let model = r#"(
        controllers: [(id: "dc", name: "Controller")],
        accounts: [(id: "s"), (id: "off", enabled: false)],
        mailboxes: [
            (id: "orphan@x", kind: Shared, data_subjects: 3),
            (id: "sendonly@x", kind: Shared, controller: "dc"),
        ],
        grants: [
            (to: "s", on: "orphan@x", right: FullAccess),
            (to: "s", on: "sendonly@x", right: SendAs),
        ],
    )"#;
    let dir = fixture(&[("model.ron", model)]);
    let run = mailgraph(&[
        "reach",
        arg(dir.path()),
        "--from",
        "s",
        "--from",
        "off",
        "--format",
        "csv",
    ]);
    run.expect_status(0);
    assert_eq!(csv_section(&run.stdout, "disabled")[0][1], "off");
    let impersonation = csv_section(&run.stdout, "impersonation-only");
    assert_eq!(impersonation[0][1..4], ["dc", "Controller", "controller"]);
    assert_eq!(impersonation[0][9], "1");
    let orphans = csv_section(&run.stdout, "no-controller");
    assert_eq!(orphans[0][1], "orphan@x");
    assert_eq!(orphans[0][8], "3");
    assert!(csv_section(&run.stdout, "controller").is_empty());
}
