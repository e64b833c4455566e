//! Access that is not delegation: applications, admin roles, inbox and
//! mail-flow rules, external addresses, and scopes that restrict or deny,
//! through reach, exposure, path, rank, dot, diff and check. The
//! organisation is docs/format.md's example of them, loaded from the page.

use serde_json::Value;

use crate::support::{
    arg, audit_findings, column, fixture, mailgraph, reach_path, repo_path, rows,
};

/// The ```ron block under "### An example" of docs/format.md.
pub fn example() -> String {
    let page = std::fs::read_to_string(repo_path("docs/format.md")).expect("docs/format.md");
    let section = page.find("### An example").expect("the example's heading");
    let start = section + page[section..].find("```ron\n").expect("a ```ron block") + 7;
    let length = page[start..].find("```").expect("the block's end");
    page[start..start + length].to_string()
}

fn organisation() -> tempfile::TempDir {
    fixture(&[("organisation.ron", &example())])
}

fn json(args: &[&str]) -> Value {
    let run = mailgraph(args);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON")
}

/// Each exposed mailbox with its level and its path's hops as text.
fn exposed(reach: &Value) -> Vec<(String, String, String)> {
    reach["mailboxes"]
        .as_array()
        .expect("mailboxes")
        .iter()
        .map(|m| {
            let hops = reach_path(reach, m)["hops"]
                .as_array()
                .expect("hops")
                .iter()
                .map(|h| {
                    format!(
                        "-{}-> {}",
                        h["right"].as_str().unwrap(),
                        h["to"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
                .join(" ");
            (
                m["id"].as_str().expect("id").to_string(),
                m["level"].as_str().unwrap().to_string(),
                hops,
            )
        })
        .collect()
}

#[test]
fn the_documented_example_loads_and_is_counted() {
    let dir = organisation();
    mailgraph(&["check", arg(dir.path())])
        .expect_status(0)
        .stdout_has("6 accounts, 5 mailboxes")
        .stdout_has(
            "2 applications, 3 application permissions, 2 admin roles, 2 inbox rules, 1 mail-flow rule",
        );
}

#[test]
fn an_application_owner_reads_every_mailbox_through_full_access_as_app() {
    let dir = organisation();
    let run = mailgraph(&["reach", arg(dir.path()), "--incident", "spray"]);
    run.expect_status(0)
        .stdout_has("taken over: test.account -owns application-> legacy-test")
        .stdout_has(
            "test.account -owns application-> legacy-test -application LegacyTest (full_access_as_app)-> every mailbox -in-scope-> ceo@example.org",
        )
        .stdout_has("mailboxes exposed: 5 (5 personal, 0 generic; 5 full, 0 read, 0 send)");
}

#[test]
fn a_scope_restricts_and_denies() {
    // crm: Mail.Read on every mailbox but the leadership's, Calendars.Read
    // on the leadership's only. So the leadership's mailboxes are read
    // through their calendars (and the CEO's through the PA's rule too),
    // the others' through their mail.
    let dir = organisation();
    let reach = json(&[
        "reach",
        arg(dir.path()),
        "--from",
        "crm",
        "--format",
        "json",
    ]);
    let mut found = exposed(&reach);
    found.sort();
    let expected = [
        (
            "ceo@example.org",
            "read",
            "-Calendars.Read-> mailboxes of leadership -in scope-> ceo@example.org",
        ),
        (
            "cfo@example.org",
            "read",
            "-Calendars.Read-> mailboxes of leadership -in scope-> cfo@example.org",
        ),
        (
            "dev@example.org",
            "read",
            "-Mail.Read-> every mailbox except those of leadership -in scope-> dev@example.org",
        ),
        (
            "pa@example.org",
            "read",
            "-Mail.Read-> every mailbox except those of leadership -in scope-> pa@example.org",
        ),
        (
            "test@example.org",
            "read",
            "-Mail.Read-> every mailbox except those of leadership -in scope-> test@example.org",
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn exposure_finds_organisation_wide_holders_roles_rules_and_external_addresses() {
    let dir = organisation();
    let exposure = json(&[
        "exposure",
        arg(dir.path()),
        "ceo@example.org",
        "--format",
        "json",
    ]);
    let found = rows(&exposure["credentials"], &["/id", "/level"]);
    let found: Vec<(String, String)> = found
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    for (id, level) in [
        ("ceo", "full"),
        ("admin", "full"),
        ("legacy-test", "full"),
        ("test.account", "full"),
        ("dev", "full"),
        ("crm", "read"),
        ("pa", "read"),
        ("archive@vendor.example", "read"),
    ] {
        assert!(
            found.contains(&(id.to_string(), level.to_string())),
            "{id} at {level} missing from {found:?}"
        );
    }
    assert_eq!(found.len(), 8, "{found:?}");
    mailgraph(&["exposure", arg(dir.path()), "ceo@example.org"])
        .expect_status(0)
        .stdout_has("admin -role Exchange Administrator: could grant itself-> every mailbox -in-scope-> ceo@example.org")
        .stdout_has("pa -owner-> pa@example.org -hidden inbox rule Invoices (redirect)-> ceo@example.org")
        .stdout_has("dev -role Application Administrator: could add a secret-> every application -in-scope-> legacy-test");
}

#[test]
fn an_external_address_can_be_compromised_in_any_case() {
    let dir = organisation();
    for from in ["cfo@home.example", "CFO@Home.example"] {
        let reach = json(&["reach", arg(dir.path()), "--from", from, "--format", "json"]);
        assert_eq!(
            exposed(&reach),
            [(
                "cfo@example.org".to_string(),
                "read".to_string(),
                "-inbox rule fwd (forward)-> cfo@example.org".to_string()
            )]
        );
    }
    // The archive reads the leadership's mail through the mail-flow rule.
    let reach = json(&[
        "reach",
        arg(dir.path()),
        "--from",
        "archive@vendor.example",
        "--format",
        "json",
    ]);
    assert_eq!(
        column(&reach["mailboxes"], "/id"),
        ["ceo@example.org", "cfo@example.org"]
    );
}

#[test]
fn path_names_the_application_and_the_role() {
    let dir = organisation();
    mailgraph(&["path", arg(dir.path()), "test.account", "cfo@example.org"])
        .expect_status(0)
        .stdout_has("exposed at level full, 1 shortest path of 3 hops")
        .stdout_has("owns application")
        .stdout_has("full_access_as_app")
        .stdout_has("every mailbox");
    mailgraph(&["path", arg(dir.path()), "admin", "dev@example.org"])
        .expect_status(0)
        .stdout_has("role Exchange Administrator: could grant itself");
}

#[test]
fn rank_counts_applications_and_external_addresses_as_credentials() {
    let dir = organisation();
    let rank = json(&["rank", arg(dir.path()), "--format", "json"]);
    let text = rank.to_string();
    for id in [
        "legacy-test",
        "crm",
        "archive@vendor.example",
        "cfo@home.example",
    ] {
        assert!(
            text.contains(&format!("\"{id}\"")),
            "{id} not ranked: {text}"
        );
    }
}

#[test]
fn the_diagram_draws_the_application_and_its_scope() {
    let dir = organisation();
    let run = mailgraph(&["dot", arg(dir.path()), "--incident", "spray"]);
    run.expect_status(0)
        .stdout_has("LegacyTest")
        .stdout_has("every mailbox")
        .stdout_has("full_access_as_app");
    // One edge from the scope to each of the five mailboxes it exposes: an
    // incident diagram draws every explaining edge, so the test account's
    // own mailbox, reached through ownership too, has its scope edge.
    let scope = run
        .stdout
        .lines()
        .find(|line| line.contains("label=\"every mailbox\""))
        .and_then(|line| line.split_whitespace().next())
        .expect("the scope's node");
    let from_scope = run
        .stdout
        .lines()
        .filter(|line| line.trim_start().starts_with(&format!("{scope} -> ")))
        .count();
    assert_eq!(from_scope, 5, "{}", run.stdout);
}

#[test]
fn redaction_hides_application_rule_and_role_names() {
    let dir = organisation();
    for command in [
        vec!["reach", arg(dir.path()), "--incident", "spray", "--redact"],
        vec!["exposure", arg(dir.path()), "ceo@example.org", "--redact"],
        vec![
            "exposure",
            arg(dir.path()),
            "ceo@example.org",
            "--redact",
            "--format",
            "json",
        ],
        vec!["rank", arg(dir.path()), "--redact", "--format", "csv"],
        vec!["dot", arg(dir.path()), "--incident", "spray", "--redact"],
    ] {
        let run = mailgraph(&command);
        run.expect_status(0);
        for secret in [
            "LegacyTest",
            "legacy-test",
            "Invoices",
            "Exchange Administrator",
            "archive@vendor",
            "leadership",
            "example.org",
        ] {
            assert!(
                !run.stdout.contains(secret),
                "{command:?} shows {secret}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn diff_reports_a_new_application_permission_and_what_it_exposes() {
    let before = example().replace(
        "        (application: \"legacy-test\", permission: \"full_access_as_app\"),\n",
        "",
    );
    let old = fixture(&[("organisation.ron", &before)]);
    let new = organisation();
    mailgraph(&["diff", arg(old.path()), arg(new.path())])
        .stdout_has("application permission")
        .stdout_has("legacy-test full_access_as_app on every mailbox");
}

fn check_fails(text: &str) -> String {
    let dir = fixture(&[("model.ron", text)]);
    let run = mailgraph(&["check", arg(dir.path())]);
    run.expect_status(2);
    run.stderr.replace(arg(dir.path()), "DIR")
}

#[test]
fn bad_records_are_reported_where_they_are_with_suggestions() {
    let stderr = check_fails(
        r#"(
  accounts: [(id: "ann"), (id: "bob")],
  groups: [(id: "team", members: ["ann"])],
  mailboxes: [(id: "ann@example.org", kind: Personal, owner: "ann")],
  applications: [(id: "app", owners: ["anne"])],
  application_permissions: [
    (application: "ap", permission: "full_access_as_ap"),
    (application: "app", permission: "Mail.Read", scope: Only(["team", "tema"])),
  ],
  admin_roles: [(name: "Helpdesk", holder: "bobb"), (name: "Apps", holder: "bob", gives: Applications, scope: Only(["team"]))],
  inbox_rules: [
    (mailbox: "ann@example.org", to: "ann@example.org", external: "x@out.example"),
    (mailbox: "ann@example.org", external: "ANN@example.org"),
  ],
  mail_flow_rules: [(name: "copy", external: "bob")],
  incidents: [(name: "i", date: "2024-01-01", compromised: ["x@out.exampl"])],
)
"#,
    );
    for line in [
        "DIR/model.ron:5:39: unknown account or group `anne` as application owner; nearest known: `ann`",
        "DIR/model.ron:7:19: unknown application `ap` as application; nearest known: `app`",
        "DIR/model.ron:7:37: unknown application permission `full_access_as_ap`",
        "nearest known: `full_access_as_app`",
        "DIR/model.ron:8:72: unknown group, account or mailbox `tema` as scope entry; nearest known: `team`",
        "DIR/model.ron:10:44: unknown account, group or signing-in mailbox `bobb` as role holder",
        "DIR/model.ron:10:111: role `Apps` gives `Applications` only, so it has no mailbox scope",
        "DIR/model.ron:12:5: inbox rule `` of `ann@example.org` needs exactly one of `to`",
        "DIR/model.ron:13:44: `ANN@example.org` is a mailbox of the organisation: name it with `to` instead of `external`",
        "DIR/model.ron:15:46: external address `bob` is also the id of an account",
        "DIR/model.ron:16:61: unknown account, signing-in mailbox, application or external address `x@out.exampl` as compromised credential; nearest known: `x@out.example`",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in\n{stderr}");
    }
}

#[test]
fn the_audit_reports_applications_roles_and_rules_naming_destinations() {
    let dir = organisation();
    let run = mailgraph(&["audit", arg(dir.path()), "--format", "json"]);
    let findings = audit_findings(&run);
    let has = |rule: &str, objects: &[&str]| {
        findings
            .iter()
            .any(|(r, o)| r == rule && o.iter().map(String::as_str).eq(objects.iter().copied()))
    };
    for (rule, objects) in [
        ("application-organisation-wide", &["legacy-test"][..]),
        (
            "application-owner-without-mfa",
            &["legacy-test", "test.account"],
        ),
        ("admin-without-mfa", &["admin"]),
        (
            "inbox-rule-external",
            &["cfo@example.org", "cfo@home.example"],
        ),
        ("hidden-inbox-rule", &["ceo@example.org", "pa@example.org"]),
        (
            "mail-flow-external",
            &["archive@vendor.example", "mailboxes of leadership"],
        ),
    ] {
        assert!(
            has(rule, objects),
            "no {rule} on {objects:?} in {findings:?}"
        );
    }
    // crm's Mail.Read is restricted (Except), so not organisation-wide; dev
    // has MFA.
    assert!(!has("application-organisation-wide", &["crm"]));
    assert!(
        !findings
            .iter()
            .any(|(r, o)| r == "admin-without-mfa" && o[0] == "dev")
    );
}
