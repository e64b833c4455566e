//! Annotations: fields set by hand on records an import wrote, kept in a
//! file of their own so that a re-import (`import --force`) keeps them;
//! an unknown id, an unknown controller and a field set twice are located
//! errors. The workflow of docs/import.md: import, annotate, re-import,
//! diff.

use std::path::Path;

use mailgraph::model::{PasswordState, Sensitivity};

use crate::support::{arg, mailgraph};

const ANNOTATIONS: &str = r#"// Hand-written: what no export says.
(
    controllers: [(id: "contoso", name: "Contoso Ltd")],
    account_annotations: [
        (id: "dana.wu@contoso.com", role: "Finance director", unit: "Finance", password: Weak, mfa: true),
        (id: "ann.lee@contoso.com", password: Strong, contractor: true),
    ],
    mailbox_annotations: [
        (id: "finance@contoso.com", controller: "contoso", data_subjects: 1200, sensitivity: High),
    ],
)
"#;

/// Imports the fixture exports into `output` (with `--force` if asked),
/// leaving out the exports named in `without`.
fn import(output: &Path, force: bool, without: &[&str]) {
    let mut args = crate::import::all_exports(output);
    for option in without {
        let at = args.iter().position(|a| a == option).expect("an option");
        args.drain(at..at + 2);
    }
    if force {
        args.push("--force".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    mailgraph(&args).expect_status(0);
}

fn check_annotated(folder: &Path) {
    let model = mailgraph::load(folder).expect("the annotated folder loads");
    let account = |id: &str| model.accounts.iter().find(|a| a.id == id).unwrap();
    let dana = account("dana.wu@contoso.com");
    assert_eq!(
        (
            dana.role.as_str(),
            dana.unit.as_str(),
            dana.password,
            dana.mfa
        ),
        ("Finance director", "Finance", PasswordState::Weak, true)
    );
    let ann = account("ann.lee@contoso.com");
    // Set by the users export, kept; password and contractor annotated.
    assert_eq!(
        (ann.role.as_str(), ann.unit.as_str(), ann.mfa),
        ("Administrator", "IT", true)
    );
    assert_eq!(
        (ann.password, ann.contractor),
        (PasswordState::Strong, true)
    );
    let finance = model
        .mailboxes
        .iter()
        .find(|m| m.id == "finance@contoso.com")
        .unwrap();
    assert_eq!(finance.controller.as_deref(), Some("contoso"));
    assert_eq!(finance.data_subjects, 1200);
    assert_eq!(finance.sensitivity, Sensitivity::High);
}

#[test]
fn annotations_survive_a_reimport_and_the_diff_shows_what_the_exports_changed() {
    let dir = tempfile::tempdir().unwrap();
    let contoso = dir.path().join("contoso");
    import(&contoso, false, &[]);
    std::fs::write(contoso.join("annotations.ron"), ANNOTATIONS).unwrap();
    mailgraph(&["check", arg(&contoso)]).expect_status(0);
    check_annotated(&contoso);

    // Last month, kept aside; then this month's exports, without the
    // recipient permissions (the SendAs grants are gone).
    let last_month = dir.path().join("2026-10");
    std::fs::create_dir(&last_month).unwrap();
    for entry in std::fs::read_dir(&contoso).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), last_month.join(entry.file_name())).unwrap();
    }
    import(&contoso, true, &["--recipient-permissions"]);
    assert_eq!(
        std::fs::read_to_string(contoso.join("annotations.ron")).unwrap(),
        ANNOTATIONS
    );
    check_annotated(&contoso);
    let diff = mailgraph(&["diff", arg(&last_month), arg(&contoso)]);
    diff.expect_status(0)
        .stdout_has("Records: 0 added, 2 removed, 0 changed");
    assert!(diff.stdout.contains("SendAs"), "{}", diff.stdout);
}

#[test]
fn imported_records_write_only_what_the_exports_say() {
    let dir = tempfile::tempdir().unwrap();
    let contoso = dir.path().join("contoso");
    import(&contoso, false, &[]);
    let accounts = std::fs::read_to_string(contoso.join("accounts.ron")).unwrap();
    let dana = accounts
        .lines()
        .find(|line| line.contains("\"dana.wu@contoso.com\""))
        .unwrap();
    // Nothing said of Dana's role, unit, MFA or password: left to an
    // annotation.
    for field in ["role:", "unit:", "mfa:", "password:", "contractor:"] {
        assert!(!dana.contains(field), "{dana}");
    }
    let ann = accounts
        .lines()
        .find(|line| line.contains("\"ann.lee@contoso.com\""))
        .unwrap();
    for field in ["role: \"Administrator\"", "unit: \"IT\"", "mfa: true"] {
        assert!(ann.contains(field), "{ann}");
    }
    let mailboxes = std::fs::read_to_string(contoso.join("mailboxes.ron")).unwrap();
    for field in ["controller:", "data_subjects:", "sensitivity:"] {
        assert!(!mailboxes.contains(field), "{mailboxes}");
    }
}

#[test]
fn unknown_ids_and_fields_set_twice_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let contoso = dir.path().join("contoso");
    import(&contoso, false, &[]);
    std::fs::write(
        contoso.join("notes.ron"),
        r#"(
    controllers: [(id: "contoso", name: "Contoso Ltd")],
    account_annotations: [
        (id: "dana.wu@contoso.co", role: "Finance director"),
        (id: "ann.lee@contoso.com", mfa: false),
        (id: "eve.ross@contoso.com", unit: "Sales"),
        (id: "eve.ross@contoso.com", unit: "Support"),
    ],
    mailbox_annotations: [
        (id: "finance@contoso.com", controller: "contosso", data_subjects: 40),
        (id: "finance@contoso.com", data_subjects: 1200),
        (id: "finance", sensitivity: High),
    ],
)
"#,
    )
    .unwrap();
    let run = mailgraph(&["check", arg(&contoso)]);
    run.expect_status(2)
        .stderr_has(
            "notes.ron:4:14: unknown account `dana.wu@contoso.co` to annotate; nearest known: `dana.wu@contoso.com`",
        )
        .stderr_has(
            "notes.ron:5:42: `mfa` of account `ann.lee@contoso.com` is already set where the account is defined, in ",
        )
        .stderr_has("accounts.ron (accounts #1): set it in one place")
        .stderr_has(
            "notes.ron:7:44: `unit` of account `eve.ross@contoso.com` is already set by an annotation in ",
        )
        .stderr_has("notes.ron (account_annotations #3): set it in one place")
        .stderr_has(
            "notes.ron:10:49: unknown data controller `contosso` as controller; nearest known: `contoso`",
        )
        .stderr_has(
            "notes.ron:11:52: `data_subjects` of mailbox `finance@contoso.com` is already set by an annotation in ",
        )
        .stderr_has("notes.ron:12:14: unknown mailbox `finance` to annotate");
    assert_eq!(run.stderr.lines().count(), 6, "{}", run.stderr);
}
