//! docs/format.md's complete example is real: extracted, written to a
//! folder and loaded, it gives the records the page describes.

use crate::support::{arg, fixture, mailgraph, repo_path};

/// The first ```ron block of docs/format.md.
fn example() -> String {
    let page = std::fs::read_to_string(repo_path("docs/format.md")).expect("docs/format.md");
    let start = page.find("```ron\n").expect("a ```ron block") + "```ron\n".len();
    let length = page[start..].find("```").expect("the block's end");
    page[start..start + length].to_string()
}

#[test]
fn the_documented_example_loads() {
    let dir = fixture(&[("organisation.ron", &example())]);
    let model = mailgraph::load(dir.path()).expect("the documented example loads");
    assert_eq!(model.controllers.len(), 2);
    assert_eq!(model.accounts.len(), 4);
    assert_eq!(model.mailboxes.len(), 9);
    assert_eq!(model.groups.len(), 2);
    assert_eq!(model.grants.len(), 8);
    assert_eq!(model.forwarding.len(), 2);
    assert_eq!(model.recovery.len(), 1);
    let incident = model.incident("guessed").expect("the example's incident");
    assert_eq!(incident.compromised, ["siân.evans"]);

    // Every kind, right and optional field the page lists appears in it.
    let text = example();
    for word in [
        "Personal",
        "Shared",
        "Room",
        "Equipment",
        "FullAccess",
        "SendAs",
        "SendOnBehalf",
        "Folder(",
        "Strong",
        "Weak",
        "Unknown",
        "sign_in",
        "data_subjects",
        "sensitivity",
        "contractor",
        "enabled",
        "external",
        "source",
        "discovered",
    ] {
        assert!(text.contains(word), "the example lacks {word}");
    }
    mailgraph(&["check", arg(dir.path())])
        .expect_status(0)
        .stdout_has("4 accounts, 9 mailboxes");
}

#[test]
fn the_example_splits_into_files_and_an_incident_folder() {
    // The same records across files, the incident in incidents/: loading
    // the folder merges them.
    let text = example();
    let incidents_at = text.find("    incidents: [").expect("an incidents section");
    let document = format!("{})\n", &text[..incidents_at]);
    let incident = "(name: \"guessed\", date: \"2017-06-23\", compromised: [\"siân.evans\"])";
    let dir = fixture(&[
        ("organisation.ron", &document),
        ("incidents/guessed.ron", incident),
    ]);
    mailgraph(&["check", arg(dir.path())])
        .expect_status(0)
        .stdout_has("2 files")
        .stdout_has("1 incident");
}
