//! Hostile names and ids: whatever a record holds, no output (error
//! messages, tables, CSV, Markdown) passes a control character or an
//! invisible formatting character through to the reader as itself.

use crate::support::{Run, arg, fixture, mailgraph};

/// An OSC 52 clipboard write and a screen clear: what a hostile id carries.
const CLIPBOARD: &str = "\x1b]52;c;ZWNobyBwd25lZA==\x07";
const CLEAR: &str = "\x1b[2J";

/// Asserts that `text` holds no control character other than line breaks,
/// and none of the invisible format characters.
#[track_caller]
pub fn assert_inert(what: &str, text: &str) {
    for c in text.chars() {
        let format = matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
        );
        let raw_control = c.is_control() && c != '\n';
        assert!(!raw_control && !format, "{what} carries {c:?} raw:\n{text}");
    }
}

fn check_stderr(run: &Run) -> &str {
    run.expect_status(2);
    assert_inert("stderr", &run.stderr);
    &run.stderr
}

#[test]
fn duplicate_ids_and_file_names_are_escaped_in_messages() {
    let id = format!("a{CLIPBOARD}");
    let file = format!("x{CLEAR}.ron");
    let record = format!("(accounts: [(id: \"{id}\", name: \"A\")])\n");
    let dir = fixture(&[("one.ron", &record), (&file, &record)]);
    let run = mailgraph(&["check", arg(dir.path())]);
    let stderr = check_stderr(&run);
    assert!(stderr.contains("a\\u{1b}]52;c;"), "{stderr}");
    assert!(stderr.contains("x\\u{1b}[2J.ron"), "{stderr}");
}

#[test]
fn unknown_references_and_nearest_known_are_escaped() {
    let near = format!("bob{CLEAR}");
    let model = format!(
        "(accounts: [(id: \"{near}\", name: \"B\")],\n mailboxes: [(id: \"m@x\", kind: Shared)],\n grants: [(to: \"bob{CLEAR}x\", on: \"m@x\", right: SendAs)])\n"
    );
    let dir = fixture(&[("model.ron", &model)]);
    let run = mailgraph(&["check", arg(dir.path())]);
    let stderr = check_stderr(&run);
    assert!(
        stderr.contains("`bob\\u{1b}[2Jx`") && stderr.contains("nearest known: `bob\\u{1b}[2J`"),
        "{stderr}"
    );
}

#[test]
fn bad_dates_are_escaped() {
    let model = format!(
        "(accounts: [(id: \"a\", name: \"A\")],\n incidents: [(name: \"i\", date: \"2017{CLIPBOARD}\", compromised: [\"a\"])])\n"
    );
    let dir = fixture(&[("model.ron", &model)]);
    let stderr = check_stderr(&mailgraph(&["check", arg(dir.path())])).to_string();
    assert!(stderr.contains("2017\\u{1b}]52"), "{stderr}");
}

#[test]
fn command_line_ids_are_escaped() {
    let model = "(accounts: [(id: \"alice\", name: \"A\")])\n";
    let dir = fixture(&[("model.ron", model)]);
    let from = format!("alice{CLEAR}");
    let run = mailgraph(&["reach", arg(dir.path()), "--from", &from]);
    let stderr = check_stderr(&run);
    assert!(stderr.contains("alice\\u{1b}[2J"), "{stderr}");
}

#[test]
fn unknown_audit_rules_are_escaped() {
    let model = "(accounts: [(id: \"alice\", name: \"A\")])\n";
    let config = format!("(disabled: [\"over-shared{CLIPBOARD}\"])\n");
    let dir = fixture(&[("model.ron", model), ("audit.ron", &config)]);
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--config",
        arg(&dir.path().join("audit.ron")),
    ]);
    let stderr = check_stderr(&run);
    assert!(
        stderr.contains("unknown rule `over-shared\\u{1b}]52"),
        "{stderr}"
    );
}

/// A model whose names carry every kind of hostile character.
fn hostile_model() -> tempfile::TempDir {
    let model = format!(
        "(controllers: [(id: \"dc\", name: \"DC{CLEAR}\")],\n accounts: [\n  (id: \"eve\", name: \"Eve{CLIPBOARD}\u{061C}\u{2028}\u{2029}\u{FEFF}\u{2060}\u{202E}\", role: \"r\x07\", unit: \"u\\n2\"),\n  (id: \"bob\", name: \"Bob https://evil.example www.evil.example bob@evil.example\", role: \"x\"),\n ],\n mailboxes: [(id: \"eve{CLEAR}@x\", kind: Personal, owner: \"eve\", controller: \"dc\", data_subjects: 5)],\n grants: [(to: \"bob\", on: \"eve{CLEAR}@x\", right: FullAccess)],\n)\n"
    );
    fixture(&[("model.ron", &model)])
}

#[test]
fn every_csv_and_table_output_is_inert() {
    let dir = hostile_model();
    let path = arg(dir.path());
    let mailbox = format!("eve{CLEAR}@x");
    for format in ["table", "csv"] {
        for args in [
            vec!["reach", path, "--from", "bob"],
            vec!["reach", path, "--from", "eve"],
            vec!["rank", path],
            vec!["stats", path],
            vec!["exposure", path, &mailbox],
        ] {
            let mut args = args.clone();
            args.extend(["--format", format]);
            let run = mailgraph(&args);
            run.expect_status(0);
            assert_inert(&format!("{args:?}"), &run.stdout);
            assert!(
                run.stdout.contains("\\u{"),
                "{args:?} lost the escaped name:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn markdown_reports_do_not_autolink_or_reorder() {
    let dir = hostile_model();
    let run = mailgraph(&["audit", arg(dir.path()), "--format", "markdown"]);
    assert_inert("markdown", &run.stdout);
    assert!(run.stdout.contains("bob\\@evil.example"), "{}", run.stdout);
    for bare in ["https://", "www.evil", "bob@evil"] {
        assert!(
            !run.stdout.contains(bare),
            "{bare} left clickable:\n{}",
            run.stdout
        );
    }
}

#[test]
fn stats_csv_defuses_formulas_in_units_and_roles() {
    let dir = fixture(&[(
        "model.ron",
        "(accounts: [(id: \"a\", role: \"=HYPERLINK(\\\"x\\\")\", unit: \"+unit\")])",
    )]);
    let run = mailgraph(&["stats", arg(dir.path()), "--format", "csv"]);
    run.expect_status(0);
    assert!(
        run.stdout.contains("'=HYPERLINK") && run.stdout.contains("'+unit"),
        "{}",
        run.stdout
    );
    let json = mailgraph(&["stats", arg(dir.path()), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["schema"], "mailgraph/stats/v1");
}
