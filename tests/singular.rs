//! Counts read as English: one of a thing is singular in every command's
//! wording ("1 of 1 account", "1 step", "1 worksheet"), on an
//! organisation of one account, one mailbox, one controller.

use crate::support::{Run, arg, fixture, mailgraph};

const MODEL: &str = r#"(
    controllers: [(id: "dc", name: "Controller")],
    accounts: [(id: "a")],
    mailboxes: [(id: "a@x", kind: Personal, owner: "a", controller: "dc", data_subjects: 1)],
    incidents: [(name: "one", date: "2024-05-01", discovered: "2024-05-01T12:00:00Z", compromised: ["a"])],
)"#;

/// One MailItemsAccessed record of `a@x` after the incident's start.
const LOG: &str = "\u{feff}\"RecordType\",\"CreationDate\",\"UserIds\",\"Operations\",\"AuditData\"\r\n\
\"ExchangeItemAggregated\",\"01/05/2024 10:00:00\",\"a\",\"MailItemsAccessed\",\"{\"\"CreationTime\"\":\"\"2024-05-01T13:00:00\"\",\"\"Id\"\":\"\"1\"\",\"\"Operation\"\":\"\"MailItemsAccessed\"\",\"\"RecordType\"\":50,\"\"UserId\"\":\"\"a@x\"\",\"\"MailboxOwnerUPN\"\":\"\"a@x\"\",\"\"OperationProperties\"\":[{\"\"Name\"\":\"\"MailAccessType\"\",\"\"Value\"\":\"\"Bind\"\"},{\"\"Name\"\":\"\"IsThrottled\"\",\"\"Value\"\":\"\"False\"\"}]}\"\r\n";

fn one() -> tempfile::TempDir {
    fixture(&[
        ("model.ron", MODEL),
        ("log.csv", LOG),
        ("changes.ron", r#"(changes: [EnrolMfa(account: "a")])"#),
    ])
}

fn run_in(dir: &tempfile::TempDir, args: &[&str]) -> Run {
    let model = dir.path().join("model.ron");
    let mut all = vec![args[0], arg(&model)];
    all.extend_from_slice(&args[1..]);
    let run = mailgraph(&all);
    run.expect_status(0);
    run
}

#[test]
fn reach() {
    let dir = one();
    run_in(&dir, &["reach", "--incident", "one"])
        .stdout_has("1 compromised credential\n")
        .stdout_has("users affected: 1 of 1 account (100.00%)");
}

#[test]
fn evidence() {
    let dir = one();
    let log = dir.path().join("log.csv");
    run_in(
        &dir,
        &["reach", "--incident", "one", "--evidence", arg(&log)],
    )
    .stdout_has("1 record from 1 file (1 row, 0 repeated");
}

#[test]
fn exposure_and_path() {
    let dir = one();
    run_in(&dir, &["exposure", "a@x"]).stdout_has("\n1 credential: 1 full");
    run_in(&dir, &["path", "a", "a@x"])
        .stdout_has(": exposed at level full, 1 shortest path of 1 hop\n");
}

#[test]
fn stats() {
    let dir = one();
    run_in(&dir, &["stats"])
        .stdout_has("1 data controller, 1 incident, 1 of 1 account without MFA");
}

#[test]
fn dot_summary() {
    let dir = one();
    run_in(&dir, &["dot", "--incident", "one"])
        .stdout_has("1 compromised, 1 user affected, 1 mailbox exposed (1 personal, 0 generic), 1 person's data")
        .stdout_has("a@x\\n1 person\"");
    run_in(&dir, &["dot", "--all"])
        .stdout_has("All access: 1 account, 1 mailbox, 0 groups, 0 grants");
}

#[test]
fn plan() {
    let dir = one();
    run_in(&dir, &["plan"])
        .stdout_has("1 credential assumed held, 1 mailbox to protect: 1 exposed now (1 person)")
        .stdout_has("0 exposed mailboxes no allowed change can protect; 1 change of total cost");
}

#[test]
fn what_if() {
    let dir = one();
    let changes = dir.path().join("changes.ron");
    run_in(&dir, &["what-if", "--apply", arg(&changes), "--today", "2026-01-01"])
        .stdout_has("Reach from 1 credential (0 still held after): 1 mailbox (1 person) before, 0 (0 people) after");
}

#[test]
fn contain() {
    let dir = one();
    run_in(&dir, &["contain", "--incident", "one"])
        .stdout_has("Containment of incident one (2024-05-01): 1 step\n");
}

#[test]
fn notify() {
    let dir = one();
    let out = dir.path().join("worksheets");
    let run = run_in(&dir, &["notify", "--incident", "one", "-o", arg(&out)]);
    run.stdout_has("Wrote 1 worksheet to ")
        .stdout_has("(1 controller to assess notification, 0 impersonation only)")
        .stdout_has("Controller (1 mailbox, 1 person)");
    let worksheet = std::fs::read_to_string(out.join("01-controller.md")).unwrap();
    assert!(
        worksheet.contains("1 person** has personal data"),
        "{worksheet}"
    );
}
