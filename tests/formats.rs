//! The same answer in every format, and wording that fits the count.

use crate::support::mailgraph;

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
