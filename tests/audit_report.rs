//! `mailgraph audit`'s report as a person reads it: the summary first, the
//! findings of each rule most at stake first, no line wider than the
//! terminal, and `--rule`, `--severity`, `--top` to choose what is shown.

use crate::support::{arg, audit_findings, fixture, mailgraph};

const SCENARIO: &str = "data/parliament-2017";

/// The widest line of `text`, in characters.
fn widest(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn the_scenario_audit_fits_120_columns_and_opens_with_its_summary() {
    let run = mailgraph(&["audit", SCENARIO, "--today", "2026-01-01"]);
    run.expect_status(0);
    assert!(
        widest(&run.stdout) <= 120,
        "a line is {} characters wide",
        widest(&run.stdout)
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    // "2591 findings (2179 high, 412 medium), 0 suppressed, 21 rules run"
    assert!(
        lines[0].contains(" findings (") && lines[0].ends_with(" rules run"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "");
    let header: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(
        header,
        ["severity", "rule", "findings", "most", "at", "stake"]
    );
    // One summary row per rule with findings, then a section per rule.
    let json = mailgraph(&[
        "audit",
        SCENARIO,
        "--today",
        "2026-01-01",
        "--format",
        "json",
    ]);
    let findings = audit_findings(&json);
    let mut rules: Vec<&str> = findings.iter().map(|(rule, _)| rule.as_str()).collect();
    rules.dedup();
    for (i, rule) in rules.iter().enumerate() {
        let row: Vec<&str> = lines[3 + i].split_whitespace().collect();
        assert_eq!(row[1], *rule, "{}", lines[3 + i]);
        let count = findings.iter().filter(|(r, _)| r == rule).count();
        assert_eq!(row[2], count.to_string());
        let heading = format!(" {rule}: ");
        assert!(
            lines.iter().any(|line| line.contains(&heading)),
            "no section for {rule}"
        );
    }
    assert_eq!(lines[3 + rules.len()], "");
}

#[test]
fn long_names_and_long_lists_are_cut_to_the_width() {
    let long = "L".repeat(100_000);
    let contractors: String = (0..30)
        .map(|i| format!(r#"(id: "contractor-{i}", name: "{long}", contractor: true, mfa: true, password: Strong),"#))
        .collect();
    let grants: String = (0..30)
        .map(|i| format!(r#"(to: "contractor-{i}", on: "cases@x", right: FullAccess),"#))
        .collect();
    let model = format!(
        r#"(
  accounts: [{contractors}],
  mailboxes: [(id: "cases@x", name: "{long}", kind: Shared, data_subjects: 50)],
  grants: [{grants}],
)"#
    );
    let dir = fixture(&[("model.ron", &model)]);
    for columns in ["120", "80"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_mailgraph"))
            .args(["audit", arg(dir.path()), "--today", "2026-01-01"])
            .env("COLUMNS", columns)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            widest(&text) <= columns.parse().unwrap(),
            "{columns}: a line is {} wide",
            widest(&text)
        );
        assert!(text.contains(" more  "), "{text}");
    }
}

/// A model with findings of three rules at two severities.
const MIXED: &str = r#"(
  accounts: [
    (id: "mp", mfa: true, password: Strong),
    (id: "a", password: Weak), (id: "b", password: Weak), (id: "c", password: Weak),
    (id: "gone", mfa: true, password: Strong, enabled: false),
  ],
  controllers: [(id: "dc", name: "Clerk")],
  mailboxes: [
    (id: "mp@x", kind: Personal, owner: "mp", controller: "dc"),
    (id: "cases@x", kind: Shared, data_subjects: 300, controller: "dc"),
    (id: "small@x", kind: Shared, data_subjects: 3, controller: "dc"),
  ],
  grants: [
    (to: "a", on: "mp@x", right: SendAs),
    (to: "b", on: "cases@x", right: FullAccess),
    (to: "c", on: "small@x", right: FullAccess),
    (to: "gone", on: "mp@x", right: SendAs),
  ],
)"#;

fn audit_mixed(extra: &[&str]) -> crate::support::Run {
    let dir = fixture(&[("model.ron", MIXED)]);
    let mut args = vec!["audit", arg(dir.path()), "--today", "2026-01-01"];
    args.extend_from_slice(extra);
    let run = mailgraph(&args);
    drop(dir);
    run
}

#[test]
fn findings_of_a_rule_are_ordered_by_the_people_at_stake() {
    let run = audit_mixed(&["--format", "json"]);
    let weak: Vec<Vec<String>> = audit_findings(&run)
        .into_iter()
        .filter(|(rule, _)| rule == "weak-delegate")
        .map(|(_, objects)| objects)
        .collect();
    assert_eq!(
        weak,
        [["b", "cases@x"], ["c", "small@x"], ["a", "mp@x"]],
        "300 people, then 3, then none"
    );
}

#[test]
fn rule_severity_and_top_choose_what_is_shown() {
    let only = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        audit_findings(&audit_mixed(&args))
            .into_iter()
            .map(|(rule, objects)| format!("{rule} {}", objects.join(",")))
            .collect()
    };
    assert_eq!(
        only(&["--rule", "disabled-delegate"]),
        ["disabled-delegate gone,mp@x"]
    );
    assert!(
        only(&["--severity", "high"])
            .iter()
            .all(|f| f.starts_with("weak-delegate")),
        "{:?}",
        only(&["--severity", "high"])
    );
    assert_eq!(
        only(&["--rule", "weak-delegate", "--top", "1"]),
        ["weak-delegate b,cases@x"]
    );
    // The summary still counts what --top leaves out.
    let table = audit_mixed(&["--rule", "weak-delegate", "--top", "1"]);
    table.expect_status(0);
    assert!(
        table.stdout.starts_with("3 findings (3 high)"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("(3 findings, 1 shown)"),
        "{}",
        table.stdout
    );
    // --top 0 shows everything.
    assert_eq!(only(&["--rule", "weak-delegate", "--top", "0"]).len(), 3);
}

#[test]
fn an_unknown_rule_is_an_error_naming_the_nearest() {
    audit_mixed(&["--rule", "weak-delegat"])
        .expect_status(2)
        .stderr_has("unknown rule; nearest known: `weak-delegate`");
}

/// An organisation of `members` accounts without MFA in one group that
/// holds Calendar Reviewer on each of `mailboxes` mailboxes holding
/// personal data.
fn org_wide_group(members: usize, mailboxes: usize) -> String {
    let accounts: String = (0..members)
        .map(|i| format!(r#"(id: "u{i}", password: Weak),"#))
        .collect();
    let ids: String = (0..members).map(|i| format!(r#""u{i}","#)).collect();
    let boxes: String = (0..mailboxes)
        .map(|i| format!(r#"(id: "m{i}@x", kind: Shared, data_subjects: 10, controller: "dc"),"#))
        .collect();
    let grants: String = (0..mailboxes)
        .map(|i| {
            format!(
                r#"(to: "everyone", on: "m{i}@x", right: Folder(folder: "Calendar", role: Reviewer)),"#
            )
        })
        .collect();
    format!(
        r#"(
  controllers: [(id: "dc", name: "Clerk")],
  accounts: [{accounts}],
  groups: [(id: "everyone", members: [{ids}])],
  mailboxes: [{boxes}],
  grants: [{grants}],
)"#
    )
}

/// The findings of each rule, and the size of the JSON.
fn audit_at_size(
    members: usize,
    mailboxes: usize,
) -> (std::collections::BTreeMap<String, usize>, usize) {
    let dir = fixture(&[("model.ron", &org_wide_group(members, mailboxes))]);
    let run = mailgraph(&[
        "audit",
        arg(dir.path()),
        "--today",
        "2026-01-01",
        "--format",
        "json",
    ]);
    run.expect_status(0);
    let mut counts = std::collections::BTreeMap::new();
    for (rule, _) in audit_findings(&run) {
        *counts.entry(rule).or_default() += 1;
    }
    (counts, run.stdout.len())
}

#[test]
fn an_organisation_wide_group_is_one_finding_per_grant_not_per_member_and_mailbox() {
    // 1,000 members x 100 mailboxes: listed pair by pair, 100,000
    // weak-delegate findings (93 MB of JSON).
    let (small, small_bytes) = audit_at_size(250, 100);
    let (large, large_bytes) = audit_at_size(1000, 100);
    assert_eq!(large["weak-delegate"], 100, "{large:?}");
    assert_eq!(small["weak-delegate"], 100, "{small:?}");
    // Only the rules with a finding per credential grow with the members.
    let total = |counts: &std::collections::BTreeMap<String, usize>| counts.values().sum::<usize>();
    assert_eq!(
        total(&large) - total(&small),
        large["blast-radius"] - small["blast-radius"]
    );
    assert_eq!(large["blast-radius"], 1000);
    assert!(total(&large) <= 1000 + 4 * 100, "{large:?}");
    // Linear in size too: four times the members, well under four times
    // the bytes plus what the per-credential findings add.
    let per_credential = (large_bytes - small_bytes) / 750;
    assert!(per_credential < 2_000, "{per_credential} bytes per member");
    assert!(large_bytes < 3_000_000, "{large_bytes} bytes");
}
