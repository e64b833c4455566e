//! `mailgraph notify`: one worksheet per data controller with something
//! exposed, the regulator's deadline, the mailboxes with no controller and
//! the impersonation-only controllers apart, redaction, hostile names, and
//! a folder written whole or not at all.

use std::path::Path;

use serde_json::Value;

use crate::support::{arg, column, fixture, mailgraph, repo_path};

fn worksheets_json(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("worksheets.json")).expect("worksheets.json");
    serde_json::from_str(&text).expect("JSON")
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the output folder")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        // The manifest of the files mailgraph wrote is not a worksheet.
        .filter(|name| name != ".mailgraph-files")
        .collect();
    names.sort();
    names
}

#[test]
fn the_2017_incident_gives_13_worksheets_and_the_committee_s_77_people() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("worksheets");
    let data = repo_path("data/parliament-2017");
    mailgraph(&[
        "notify",
        arg(&data),
        "--incident",
        "june-2017",
        "-o",
        arg(&target),
    ])
    .expect_status(0)
    .stdout_has("Wrote 13 worksheets")
    .stdout_has("Regulator's deadline: 2017-06-26T00:00:00Z");

    let names = files(&target);
    let markdown: Vec<_> = names.iter().filter(|n| n.ends_with(".md")).collect();
    let html: Vec<_> = names
        .iter()
        .filter(|n| n.ends_with(".html") && *n != "report.html")
        .collect();
    assert_eq!(markdown.len(), 13, "{names:?}");
    assert_eq!(html.len(), 13, "{names:?}");
    assert!(names.contains(&"report.html".to_string()), "{names:?}");
    assert!(names.contains(&"worksheets.json".to_string()));
    assert!(!names.iter().any(|n| n.starts_with("no-data-controller")));

    let value = worksheets_json(&target);
    assert_eq!(value["schema"], "mailgraph/notify/v1");
    assert_eq!(value["totals"]["controllers"], 13);
    assert_eq!(value["totals"]["people"], 77);
    assert_eq!(value["deadline"]["discovered"], "2017-06-23T00:00:00Z");
    assert_eq!(value["deadline"]["due"], "2017-06-26T00:00:00Z");
    assert_eq!(value["deadline"]["time_known"], false);
    let controllers = column(&value["worksheets"], "/controller/name");
    assert_eq!(controllers.len(), 13);
    assert!(controllers.contains(&"Clerk of the House of Commons".to_string()));

    // The Commons worksheet holds the Select Committee's mailbox and its 77
    // people; every other worksheet holds no one's data.
    let commons = value["worksheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["controller"]["name"] == "Clerk of the House of Commons")
        .unwrap();
    assert_eq!(commons["people"], 77);
    assert_eq!(commons["sensitivity"], "high");
    let mailboxes = column(&commons["mailboxes"], "/id");
    assert!(mailboxes.contains(&"committee.regionalaffairs@parliament.example".to_string()));
    let file = commons["files"][0].as_str().unwrap();
    let sheet = std::fs::read_to_string(target.join(file)).unwrap();
    assert!(sheet.contains("**77 people**"), "{sheet}");
    // Markdown escapes the `@` so the address does not become a link.
    assert!(sheet.contains("committee.regionalaffairs\\@parliament.example"));
    assert!(sheet.contains("by 2017-06-26T00:00:00Z"));
    assert!(sheet.contains("> Answer:"));
    let page = std::fs::read_to_string(target.join(commons["files"][1].as_str().unwrap())).unwrap();
    assert!(page.contains("<strong>77 people</strong>"));
    assert!(page.contains("Content-Security-Policy"));
    // Together the worksheets cover every exposed mailbox once.
    let all: usize = value["worksheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["mailboxes"].as_array().unwrap().len())
        .sum();
    assert_eq!(all, 39);
}

/// Three controllers: one readable, one exposed only to sending, one with
/// nothing exposed; and a mailbox with no controller.
const MIXED: &str = r#"(
    controllers: [
        (id: "dc-read", name: "Reader Controller"),
        (id: "dc-send", name: "Sender Controller"),
        (id: "dc-none", name: "Untouched Controller"),
    ],
    accounts: [(id: "a"), (id: "b"), (id: "c")],
    mailboxes: [
        (id: "a@x", kind: Personal, owner: "a", controller: "dc-read", data_subjects: 5, sensitivity: High),
        (id: "b@x", kind: Personal, owner: "b", controller: "dc-send", data_subjects: 40),
        (id: "c@x", kind: Personal, owner: "c", controller: "dc-none", data_subjects: 9),
        (id: "orphan@x", kind: Shared, data_subjects: 3),
    ],
    grants: [
        (to: "a", on: "b@x", right: SendAs),
        (to: "a", on: "orphan@x", right: FullAccess),
    ],
    incidents: [(name: "i", date: "2024-05-01", discovered: "2024-05-02T09:30:00Z", compromised: ["a"])],
)"#;

#[test]
fn controllers_with_nothing_exposed_are_left_out_and_the_others_kept_apart() {
    let dir = fixture(&[("model.ron", MIXED)]);
    let target = dir.path().join("out");
    let model = dir.path().join("model.ron");
    mailgraph(&["notify", arg(&model), "--incident", "i", "-o", arg(&target)])
        .expect_status(0)
        .stdout_has("1 controller to assess notification, 1 impersonation only, and the mailboxes with no data controller");
    let value = worksheets_json(&target);
    assert_eq!(value["totals"]["controllers"], 1);
    assert_eq!(value["totals"]["impersonation_only"], 1);
    assert_eq!(value["totals"]["mailboxes_without_controller"], 1);
    // People count only readable mailboxes with a controller or not: 5 + 3.
    assert_eq!(value["totals"]["people"], 8);
    assert_eq!(value["deadline"]["due"], "2024-05-05T09:30:00Z");
    assert_eq!(value["deadline"]["time_known"], true);
    assert_eq!(
        column(&value["worksheets"], "/category"),
        ["must-assess", "impersonation-only", "no-controller"]
    );
    assert_eq!(
        files(&target),
        [
            "01-reader-controller.html",
            "01-reader-controller.md",
            "02-sender-controller.html",
            "02-sender-controller.md",
            "no-data-controller.html",
            "no-data-controller.md",
            "report.html",
            "worksheets.json",
        ]
    );
    let sender = std::fs::read_to_string(target.join("02-sender-controller.md")).unwrap();
    assert!(sender.contains("Impersonation only"), "{sender}");
    assert!(sender.contains("**0 people**"), "{sender}");
    let orphan = std::fs::read_to_string(target.join("no-data-controller.md")).unwrap();
    assert!(
        orphan.contains("not counted among the controllers"),
        "{orphan}"
    );
    let all = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!all.contains("Untouched"));
}

#[test]
fn an_incident_without_a_discovery_date_says_the_deadline_is_unknown() {
    let model = MIXED.replace(r#"discovered: "2024-05-02T09:30:00Z", "#, "");
    let dir = fixture(&[("model.ron", &model)]);
    let target = dir.path().join("out");
    mailgraph(&[
        "notify",
        arg(&dir.path().join("model.ron")),
        "--incident",
        "i",
        "-o",
        arg(&target),
    ])
    .expect_status(0);
    let value = worksheets_json(&target);
    assert_eq!(value["deadline"], Value::Null);
    let sheet = std::fs::read_to_string(target.join("01-reader-controller.md")).unwrap();
    assert!(sheet.contains("deadline: unknown"), "{sheet}");
}

#[test]
fn a_bad_discovery_date_is_located() {
    for (discovered, message) in [
        ("2024-13-02", "is not a date or a UTC time"),
        ("2024-05-02T09:30+02:00", "is not a date or a UTC time"),
        ("2024-04-30", "before it happened"),
    ] {
        let model = MIXED.replace("2024-05-02T09:30:00Z", discovered);
        let dir = fixture(&[("model.ron", &model)]);
        let target = dir.path().join("out");
        mailgraph(&[
            "notify",
            arg(&dir.path().join("model.ron")),
            "--incident",
            "i",
            "-o",
            arg(&target),
        ])
        .expect_status(2)
        .stderr_has("model.ron:18:61:")
        .stderr_has(message);
        assert!(!target.exists());
    }
}

#[test]
fn a_full_output_folder_is_kept_unless_forced_and_nothing_is_half_written() {
    let dir = fixture(&[("model.ron", MIXED), ("out/keep.txt", "mine")]);
    let model = dir.path().join("model.ron");
    let target = dir.path().join("out");
    mailgraph(&["notify", arg(&model), "--incident", "i", "-o", arg(&target)])
        .expect_status(2)
        .stderr_has("not empty");
    assert_eq!(files(&target), ["keep.txt"]);
    // An unknown incident: nothing is written.
    let fresh = dir.path().join("fresh");
    mailgraph(&[
        "notify",
        arg(&model),
        "--incident",
        "nope",
        "-o",
        arg(&fresh),
    ])
    .expect_status(2)
    .stderr_has("unknown incident");
    assert!(!fresh.exists());
    // --force replaces only what mailgraph wrote: a folder it did not
    // write is refused, and keep.txt stays.
    let forced = [
        "notify",
        arg(&model),
        "--incident",
        "i",
        "-o",
        arg(&target),
        "--force",
    ];
    mailgraph(&forced)
        .expect_status(2)
        .stderr_has("did not write this folder");
    assert_eq!(files(&target), ["keep.txt"]);
    std::fs::remove_file(target.join("keep.txt")).unwrap();
    mailgraph(&forced).expect_status(0);
    std::fs::write(target.join("keep.txt"), "mine").unwrap();
    mailgraph(&forced).expect_status(0);
    assert!(target.join("keep.txt").exists());
    assert_eq!(files(dir.path()), ["model.ron", "out"]);
}

const HOSTILE: &str = "(
    controllers: [(id: \"dc\", name: \"<script>alert('x')</script> \\\"Q\\\" \\u{1b}[31m \\u{202e}gnp.exe\")],
    accounts: [(id: \"a\", name: \"<img src=x onerror=alert(1)>\")],
    mailboxes: [(id: \"a@x\", name: \"[link](http://evil) | pipe\", kind: Personal, owner: \"a\", controller: \"dc\", data_subjects: 2)],
    incidents: [(name: \"i\", date: \"2024-05-01\", discovered: \"2024-05-01\", compromised: [\"a\"])],
)";

#[test]
fn hostile_names_are_escaped_in_every_worksheet() {
    let dir = fixture(&[("model.ron", HOSTILE)]);
    let target = dir.path().join("out");
    mailgraph(&[
        "notify",
        arg(&dir.path().join("model.ron")),
        "--incident",
        "i",
        "-o",
        arg(&target),
    ])
    .expect_status(0);
    let names = files(&target);
    assert_eq!(names[0], "01-script-alert-x-script-q-31m-gnp-exe.html");
    let page = std::fs::read_to_string(target.join(&names[0])).unwrap();
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<img"));
    assert!(!page.contains('\u{1b}'));
    assert!(!page.contains('\u{202e}'));
    assert!(page.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;Q&quot; \\u{1b}[31m \\u{202e}gnp.exe"
    ));
    let sheet = std::fs::read_to_string(target.join(&names[1])).unwrap();
    // Every `<` is backslash-escaped, so Markdown shows it as text.
    assert!(
        sheet
            .match_indices('<')
            .all(|(i, _)| sheet[..i].ends_with('\\'))
    );
    assert!(sheet.contains("\\<script\\>"));
    assert!(!sheet.contains("[link](http"));
    assert!(!sheet.contains('\u{1b}'));
    assert!(!sheet.contains('\u{202e}'));
    assert!(
        sheet.contains("\\[link\\]\\(http\\://evil\\) \\| pipe"),
        "{sheet}"
    );
}

#[test]
fn redacted_worksheets_name_no_one() {
    let dir = fixture(&[("model.ron", MIXED)]);
    let target = dir.path().join("out");
    mailgraph(&[
        "notify",
        arg(&dir.path().join("model.ron")),
        "--incident",
        "i",
        "-o",
        arg(&target),
        "--redact-key",
        "k",
    ])
    .expect_status(0)
    .stdout_has("controller-");
    let names = files(&target);
    assert!(
        names
            .iter()
            .all(|n| !n.contains("reader") && !n.contains("sender")),
        "{names:?}"
    );
    for name in names {
        let text = std::fs::read_to_string(target.join(&name)).unwrap();
        for secret in [
            "Reader", "Sender", "a@x", "b@x", "orphan@x", "dc-read", "\"a\"",
        ] {
            assert!(!text.contains(secret), "{name} shows {secret}");
        }
    }
    let value = worksheets_json(&target);
    assert_eq!(value["totals"]["people"], 8);
}
