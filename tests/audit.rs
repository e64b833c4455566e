//! `mailgraph audit`: each rule fires on a fixture built to trigger it and
//! stays quiet on its clean twin; configuration, suppressions, formats and
//! the `--fail-on` exit status.

use crate::support::{arg, audit_findings, fixture, mailgraph};

/// Audits a one-file model and returns the findings of `rule`.
fn audit_rule(model: &str, rule: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let dir = fixture(&[("model.ron", model)]);
    let path = dir.path().join("model.ron");
    let mut args = vec![
        "audit",
        arg(&path),
        "--format",
        "json",
        "--today",
        "2026-01-01",
    ];
    args.extend_from_slice(extra);
    let run = mailgraph(&args);
    run.expect_status(0);
    audit_findings(&run)
        .into_iter()
        .filter(|(id, _)| id == rule)
        .map(|(_, objects)| objects)
        .collect()
}

/// A model of an MP, a staff member and a controller, with `rest` spliced in.
fn office(staff: &str, rest: &str) -> String {
    format!(
        r#"(
  controllers: [(id: "c", name: "Controller")],
  accounts: [
    (id: "mp", name: "MP", role: "MP", mfa: true, password: Strong),
    (id: "staff", name: "Staff", {staff}),
  ],
  mailboxes: [
    (id: "mp@x", kind: Personal, owner: "mp", controller: "c"),
    (id: "staff@x", kind: Personal, owner: "staff", controller: "c"),
  ],
  {rest}
)
"#
    )
}

#[test]
fn weak_delegate_on_a_protected_mailbox() {
    let grant = r#"grants: [(to: "staff", on: "mp@x", right: FullAccess)],"#;
    let weak = audit_rule(&office("password: Weak", grant), "weak-delegate", &[]);
    assert_eq!(weak, vec![vec!["staff".to_string(), "mp@x".to_string()]]);
    let strong = audit_rule(
        &office("mfa: true, password: Strong", grant),
        "weak-delegate",
        &[],
    );
    assert!(strong.is_empty(), "{strong:?}");
}

#[test]
fn weak_delegate_through_a_group_on_personal_data() {
    let model = |mfa: bool| {
        format!(
            r#"(
  accounts: [(id: "clerk", name: "Clerk", mfa: {mfa}, password: Strong)],
  groups: [(id: "outer", members: ["inner"]), (id: "inner", members: ["clerk", "outer"])],
  mailboxes: [(id: "committee@x", kind: Shared, data_subjects: 77)],
  grants: [(to: "outer", on: "committee@x", right: Folder(folder: "Inbox", role: Reviewer))],
)
"#
        )
    };
    assert_eq!(
        audit_rule(&model(false), "weak-delegate", &[]),
        vec![vec!["outer".to_string(), "committee@x".to_string()]]
    );
    assert!(audit_rule(&model(true), "weak-delegate", &[]).is_empty());
}

#[test]
fn rights_of_disabled_accounts_and_orphaned_mailboxes() {
    let grant = r#"grants: [(to: "staff", on: "mp@x", right: SendOnBehalf)],"#;
    let disabled = office("mfa: true, password: Strong, enabled: false", grant);
    assert_eq!(
        audit_rule(&disabled, "disabled-delegate", &[]),
        vec![vec!["staff".to_string(), "mp@x".to_string()]]
    );
    assert_eq!(
        audit_rule(&disabled, "orphaned-mailbox", &[]),
        vec![vec!["staff@x".to_string(), "staff".to_string()]]
    );
    let enabled = office("mfa: true, password: Strong", grant);
    assert!(audit_rule(&enabled, "disabled-delegate", &[]).is_empty());
    assert!(audit_rule(&enabled, "orphaned-mailbox", &[]).is_empty());
}

#[test]
fn generic_mailbox_that_signs_in() {
    let model = |sign_in: bool| {
        format!("(mailboxes: [(id: \"desk@x\", kind: Shared, sign_in: {sign_in})])\n")
    };
    assert_eq!(
        audit_rule(&model(true), "generic-sign-in", &[]),
        vec![vec!["desk@x".to_string()]]
    );
    assert!(audit_rule(&model(false), "generic-sign-in", &[]).is_empty());
}

/// `n` accounts each granted `right` on one shared mailbox.
fn shared_with(n: usize, right: &str) -> String {
    let accounts: Vec<String> = (0..n)
        .map(|i| format!("(id: \"a{i}\", name: \"A{i}\", mfa: true, password: Strong)"))
        .collect();
    let grants: Vec<String> = (0..n)
        .map(|i| format!("(to: \"a{i}\", on: \"desk@x\", right: {right})"))
        .collect();
    format!(
        "(accounts: [{}], mailboxes: [(id: \"desk@x\", kind: Shared)], grants: [{}])\n",
        accounts.join(", "),
        grants.join(", ")
    )
}

#[test]
fn over_shared_mailbox_passes_the_threshold() {
    assert_eq!(
        audit_rule(&shared_with(11, "SendAs"), "over-shared", &[]),
        vec![vec!["desk@x".to_string()]]
    );
    assert!(audit_rule(&shared_with(10, "SendAs"), "over-shared", &[]).is_empty());
}

/// A group of `n` accounts (nested one level) granted FullAccess.
fn group_full_access(n: usize) -> String {
    let accounts: Vec<String> = (0..n)
        .map(|i| format!("(id: \"a{i}\", name: \"A{i}\")"))
        .collect();
    let members: Vec<String> = (0..n).map(|i| format!("\"a{i}\"")).collect();
    format!(
        "(accounts: [{}], groups: [(id: \"all\", members: [\"staff\"]), (id: \"staff\", members: [{}])],\n mailboxes: [(id: \"desk@x\", kind: Shared)], grants: [(to: \"all\", on: \"desk@x\", right: FullAccess)])\n",
        accounts.join(", "),
        members.join(", ")
    )
}

#[test]
fn full_access_for_a_large_group() {
    assert_eq!(
        audit_rule(&group_full_access(51), "large-group-full-access", &[]),
        vec![vec!["all".to_string(), "desk@x".to_string()]]
    );
    assert!(audit_rule(&group_full_access(50), "large-group-full-access", &[]).is_empty());
}

#[test]
fn forwarding_outside_or_to_a_weaker_mailbox() {
    let external = office(
        "password: Weak",
        r#"forwarding: [(from: "mp@x", external: "me@mail.example")],"#,
    );
    assert_eq!(
        audit_rule(&external, "external-forwarding", &[]),
        vec![vec!["mp@x".to_string(), "me@mail.example".to_string()]]
    );
    let internal = office(
        "password: Weak",
        r#"forwarding: [(from: "mp@x", to: "staff@x")],"#,
    );
    assert!(audit_rule(&internal, "external-forwarding", &[]).is_empty());
    assert_eq!(
        audit_rule(&internal, "forwarding-to-weaker", &[]),
        vec![vec!["mp@x".to_string(), "staff@x".to_string()]]
    );
    let equal = office(
        "mfa: true, password: Strong",
        r#"forwarding: [(from: "mp@x", to: "staff@x")],"#,
    );
    assert!(audit_rule(&equal, "forwarding-to-weaker", &[]).is_empty());
}

#[test]
fn mailbox_without_controller() {
    let model = |controller: &str| {
        format!(
            "(controllers: [(id: \"c\", name: \"C\")], mailboxes: [(id: \"desk@x\", kind: Shared{controller})])\n"
        )
    };
    assert_eq!(
        audit_rule(&model(""), "no-controller", &[]),
        vec![vec!["desk@x".to_string()]]
    );
    assert!(audit_rule(&model(", controller: \"c\""), "no-controller", &[]).is_empty());
}

#[test]
fn suppressions_hide_until_they_expire() {
    let model = "(controllers: [(id: \"c\", name: \"C\")],\n mailboxes: [(id: \"desk@x\", kind: Shared, sign_in: true, controller: \"c\")])\n";
    let config = |expires: &str| {
        format!(
            "(suppressions: [(rule: \"generic-sign-in\", object: \"desk@x\", reason: \"scanner account, ticket 42\", expires: \"{expires}\")])\n"
        )
    };
    let dir = fixture(&[
        ("model.ron", model),
        ("live.ron", &config("2026-06-30")),
        ("old.ron", &config("2025-12-31")),
    ]);
    let audit = |config: &str| {
        let run = mailgraph(&[
            "audit",
            arg(&dir.path().join("model.ron")),
            "--config",
            arg(&dir.path().join(config)),
            "--format",
            "json",
            "--today",
            "2026-01-01",
        ]);
        run.expect_status(0);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        (
            audit_findings(&run),
            value["summary"]["suppressed"].as_u64().unwrap(),
        )
    };
    let (live, suppressed) = audit("live.ron");
    assert!(live.is_empty(), "{live:?}");
    assert_eq!(suppressed, 1);
    let (old, suppressed) = audit("old.ron");
    let rules: Vec<&str> = old.iter().map(|(rule, _)| rule.as_str()).collect();
    assert_eq!(rules, vec!["expired-suppression", "generic-sign-in"]);
    assert_eq!(suppressed, 0);
}

#[test]
fn a_suppression_that_matches_nothing_is_reported() {
    let dir = fixture(&[
        (
            "model.ron",
            "(mailboxes: [(id: \"desk@x\", kind: Shared, controller: \"c\")], controllers: [(id: \"c\", name: \"C\")])\n",
        ),
        (
            "config.ron",
            "(suppressions: [(rule: \"generic-sign-in\", object: \"desk@x\", reason: \"r\", expires: \"2030-01-01\")])\n",
        ),
    ]);
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--config",
        arg(&dir.path().join("config.ron")),
        "--format",
        "json",
    ]);
    run.expect_status(0);
    assert_eq!(
        audit_findings(&run),
        vec![("unused-suppression".to_string(), vec!["desk@x".to_string()])]
    );
}

#[test]
fn config_errors_are_located_and_suggest_rules() {
    let dir = fixture(&[
        ("model.ron", "(accounts: [])\n"),
        ("config.ron", "(\n  disabled: [\"weak-delegat\"],\n)\n"),
        (
            "bad-date.ron",
            "(suppressions: [(rule: \"no-controller\", object: \"x\", reason: \"r\", expires: \"soon\")])\n",
        ),
    ]);
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--config",
        arg(&dir.path().join("config.ron")),
    ]);
    run.expect_status(2)
        .stderr_has("config.ron:2:14: unknown rule `weak-delegat`; nearest known: `weak-delegate`");
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--config",
        arg(&dir.path().join("bad-date.ron")),
    ]);
    run.expect_status(2)
        .stderr_has("bad-date.ron:1:")
        .stderr_has("`soon` is not a date");
}

#[test]
fn disabled_rules_do_not_run_and_thresholds_apply() {
    let dir = fixture(&[
        ("model.ron", &shared_with(4, "FullAccess")),
        (
            "config.ron",
            "(thresholds: (delegates_per_mailbox: 3), disabled: [\"no-controller\"])\n",
        ),
    ]);
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--config",
        arg(&dir.path().join("config.ron")),
        "--format",
        "json",
    ]);
    run.expect_status(0);
    let rules: Vec<String> = audit_findings(&run)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    assert_eq!(rules, vec!["over-shared".to_string()]);
}

#[test]
fn fail_on_sets_the_exit_status() {
    let dir = fixture(&[(
        "model.ron",
        "(mailboxes: [(id: \"desk@x\", kind: Shared, sign_in: true)])\n",
    )]);
    let path = dir.path().join("model.ron");
    mailgraph(&["audit", arg(&path), "--fail-on", "medium"]).expect_status(1);
    mailgraph(&["audit", arg(&path), "--fail-on", "high"]).expect_status(0);
    mailgraph(&["audit", arg(&path)])
        .expect_status(0)
        .stdout_has("generic-sign-in");
}

#[test]
fn markdown_report_escapes_names() {
    let dir = fixture(&[(
        "model.ron",
        r#"(accounts: [(id: "gone", name: "| <script>alert(1)</script> *x*", enabled: false)],
 mailboxes: [(id: "gone@x", kind: Personal, owner: "gone")])
"#,
    )]);
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--format",
        "markdown",
    ]);
    run.expect_status(0)
        .stdout_has("## Personal mailbox of a disabled account (medium, `orphaned-mailbox`): 1")
        .stdout_has("\\| \\<script\\>alert\\(1\\)\\</script\\> \\*x\\*");
    assert!(!run.stdout.contains("<script>"));
}

/// Writes an audit configuration and returns the folder holding it.
fn with_thresholds(thresholds: &str) -> tempfile::TempDir {
    fixture(&[("audit.ron", &format!("(thresholds: ({thresholds}))"))])
}

#[test]
fn personal_data_readable_from_more_credentials_than_the_threshold() {
    let model = |data_subjects: u32| {
        shared_with(4, "FullAccess").replace(
            "kind: Shared",
            &format!("kind: Shared, data_subjects: {data_subjects}"),
        )
    };
    let config = with_thresholds("credentials_per_mailbox: 3");
    let config = config.path().join("audit.ron");
    let extra = ["--config", arg(&config)];
    assert_eq!(
        audit_rule(&model(12), "personal-data-widely-reachable", &extra),
        vec![vec!["desk@x".to_string()]]
    );
    // No personal data: nothing to report, however many readers.
    assert!(audit_rule(&model(0), "personal-data-widely-reachable", &extra).is_empty());
    // Four readers is within the default threshold.
    assert!(audit_rule(&model(12), "personal-data-widely-reachable", &[]).is_empty());
}

#[test]
fn personal_data_readable_by_a_contractor() {
    let model = |contractor: bool| {
        format!(
            r#"(
  accounts: [(id: "vendor", contractor: {contractor}, mfa: true, password: Strong)],
  mailboxes: [(id: "vendor@x", kind: Personal, owner: "vendor", data_subjects: 3),
              (id: "cases@x", kind: Shared, data_subjects: 77)],
  groups: [(id: "support", members: ["vendor"])],
  grants: [(to: "support", on: "cases@x", right: Folder(folder: "Inbox", role: Reviewer))],
)"#
        )
    };
    // Their own mailbox's data is not a finding; the shared mailbox's is.
    assert_eq!(
        audit_rule(&model(true), "personal-data-contractor", &[]),
        vec![vec!["cases@x".to_string(), "vendor".to_string()]]
    );
    assert!(audit_rule(&model(false), "personal-data-contractor", &[]).is_empty());
}

#[test]
fn account_taken_over_through_a_recovery_mailbox() {
    let model = |recovery: &str| {
        format!(
            r#"(
  accounts: [(id: "boss", mfa: true, password: Strong), (id: "assistant")],
  mailboxes: [(id: "boss@x", kind: Personal, owner: "boss"), (id: "assistant@x", kind: Personal, owner: "assistant"),
              (id: "resets@x", kind: Shared)],
  grants: [(to: "assistant", on: "resets@x", right: FullAccess)],
  recovery: [(account: "boss", mailbox: "{recovery}")],
)"#
        )
    };
    let found = audit_rule(&model("resets@x"), "takeover-chain", &[]);
    assert_eq!(
        found,
        vec![vec!["boss".to_string(), "assistant".to_string()]]
    );
    // Resets to the account's own mailbox: nobody else reads them.
    assert!(audit_rule(&model("boss@x"), "takeover-chain", &[]).is_empty());
}

#[test]
fn credential_whose_blast_radius_passes_the_threshold() {
    let config = with_thresholds("mailboxes_per_credential: 3");
    let config = config.path().join("audit.ron");
    let extra = ["--config", arg(&config)];
    let model = |mailboxes: usize| {
        let list: Vec<String> = (0..mailboxes)
            .map(|i| format!("(id: \"m{i}@x\", kind: Shared)"))
            .collect();
        let grants: Vec<String> = (0..mailboxes)
            .map(|i| format!("(to: \"hub\", on: \"m{i}@x\", right: SendAs)"))
            .collect();
        format!(
            "(accounts: [(id: \"hub\")], mailboxes: [{}], grants: [{}])",
            list.join(", "),
            grants.join(", ")
        )
    };
    assert_eq!(
        audit_rule(&model(4), "blast-radius", &extra),
        vec![vec!["hub".to_string()]]
    );
    assert!(audit_rule(&model(3), "blast-radius", &extra).is_empty());
}

#[test]
fn a_configuration_that_is_not_utf8_is_reported_at_its_line_and_column() {
    let dir = fixture(&[("model.ron", "(accounts: [(id: \"a\")])")]);
    let config = dir.path().join("audit.ron");
    std::fs::write(&config, b"(\n    disabled: [\"no-\xff\"],\n)\n").unwrap();
    mailgraph(&["audit", arg(dir.path()), "--config", arg(&config)])
        .expect_status(2)
        .stderr_has("audit.ron:2:20: not UTF-8 text");
}

#[test]
fn stale_grants_of_deleted_accounts_are_findings() {
    let sid = "S-1-5-21-3623811015-3361044348-30300820-1013";
    let model = format!(
        r#"(
  mailboxes: [(id: "finance@x", kind: Shared, data_subjects: 12)],
  stale_grants: [
    (sid: "{sid}", on: "finance@x", right: FullAccess, source: "mailbox-permissions.csv:6"),
    (sid: "{sid}", on: "finance@x", right: Folder(folder: "Calendar", role: Reviewer)),
  ],
)"#
    );
    assert_eq!(
        audit_rule(&model, "stale-grant", &[]),
        vec![
            vec!["finance@x".to_string(), sid.to_string()],
            vec!["finance@x".to_string(), sid.to_string()],
        ]
    );
    // A suppression may name the SID.
    let dir = fixture(&[
        ("model.ron", &model),
        (
            "audit.ron",
            &format!(
                r#"(suppressions: [(rule: "stale-grant", object: "{sid}", reason: "restored next week", expires: "2026-12-31")])"#
            ),
        ),
    ]);
    let config = dir.path().join("audit.ron");
    let run = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--config",
        arg(&config),
        "--today",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert!(
        audit_findings(&run)
            .iter()
            .all(|(rule, _)| rule != "stale-grant")
    );
    // Redacted, the SID is a pseudonym.
    let redacted = mailgraph(&[
        "audit",
        arg(&dir.path().join("model.ron")),
        "--today",
        "2026-01-01",
        "--redact-key",
        "k",
    ]);
    redacted.expect_status(0);
    assert!(!redacted.stdout.contains(sid), "{}", redacted.stdout);
    assert!(
        redacted.stdout.contains("stale-grant"),
        "{}",
        redacted.stdout
    );
}
